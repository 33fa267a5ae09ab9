//! Command-line arguments (clap derive). The doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

mod reporting;
pub use reporting::{EventsArgs, FilterArgs, ListArgs, LogArgs, OutputArgs, QueryArgs};

/// Keep track of promised technical specifications and white papers.
///
/// spectrack reads a plain-text TOML catalogue of specs, each with a dated, sourced history,
/// and derives where each one stands as of any day: what is still pending, what is overdue,
/// what was released or promised at which event.
///
/// The catalogue is `--catalog`, else `specs.toml` in this folder or the nearest parent
/// folder, else the catalogue built into spectrack.
#[derive(Debug, Parser)]
#[command(
    name = "spectrack",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The catalogue file to read [default: specs.toml here or in a parent folder, else the
    /// built-in catalogue]
    #[arg(long, global = true, env = "SPECTRACK_CATALOG", value_name = "PATH")]
    pub catalog: Option<PathBuf>,

    /// The day to take as today, for reproducible output [default: the system date]
    #[arg(
        long,
        global = true,
        env = "SPECTRACK_TODAY",
        value_name = "YYYY-MM-DD",
        value_parser = parse_day_arg
    )]
    pub today: Option<Date>,

    /// When to use colour (`auto` follows the terminal and NO_COLOR)
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the catalogue and report every problem found
    ///
    /// Each problem is shown as `path:line:column: error: message` with the offending line.
    /// Exit status: 0 clean, 1 problems found (warnings count only with --strict), 2 the file
    /// cannot be read.
    ///
    /// Example: spectrack check --strict
    Check(CheckArgs),

    /// List the specs: id, title, kind, state, since, expected, lead org
    ///
    /// Overdue specs come first (most days late first), then by expected date, then by id.
    /// `--org` also matches the orgs below it (`--org gcc` includes its project groups).
    /// Specs whose history starts after the day asked about are left out.
    ///
    /// Example: spectrack list --org gcc --kind white-paper
    List(ListArgs),

    /// List the pending specs: proposed, announced, drafting or released, not yet published
    ///
    /// Takes the same filters as `list`.
    ///
    /// Example: spectrack pending --overdue
    Pending(ListArgs),

    /// Answer where one spec stands, in a few lines
    ///
    /// Its state and since when, where it was released, what is awaited next, whether that
    /// is overdue, and the source of the latest state. Exit status 1 when QUERY matches no
    /// spec or several.
    ///
    /// Example: spectrack status heterogeneous white paper
    Status(QueryArgs),

    /// Show everything about one spec: fields, derived status, full history with sources
    ///
    /// Exit status 1 when QUERY matches no spec or several.
    ///
    /// Example: spectrack show gcc-dpu
    Show(QueryArgs),

    /// List the gatherings in date order, with the specs released and expected at each
    ///
    /// An expected spec is delivered when a later entry released or published it; else it is
    /// pending until the event ends, then overdue.
    ///
    /// Example: spectrack events --upcoming
    Events(EventsArgs),

    /// List history entries of every spec (or one) in date order, like `git log`
    ///
    /// Example: spectrack log ocp-oam --since 2020 --until 2022
    Log(LogArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Fail on warnings too (unused records, states going backwards, promises already past)
    #[arg(long)]
    pub strict: bool,
}

/// Parses a whole day, with a message that names the accepted form.
pub fn parse_day_arg(text: &str) -> Result<Date, String> {
    crate::date::parse_day(text)
        .map_err(|e| format!("{e}; a whole day is needed here, as YYYY-MM-DD (e.g. 2026-11-21)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
