//! Arguments of the sharing commands: slips, diff, export, completions, man; and the extra
//! output formats of `events` (ics) and `log` (atom).

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser, ValueParser};
use clap::{Args, ValueEnum};
use jiff::civil::Date;

use super::FilterArgs;
use crate::render::Format;

/// `slips`: the filters of `list`, and the day.
#[derive(Debug, Clone, Args)]
pub struct SlipsArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub output: super::OutputArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The older catalogue: a file, or a git revision of the catalogue in use (`HEAD~3`)
    #[arg(value_name = "OLD")]
    pub old: String,

    /// The newer catalogue file [default: the catalogue in use]
    #[arg(value_name = "NEW")]
    pub new: Option<PathBuf>,

    /// Exit with status 1 when the catalogues differ (0 when they do not), as `git diff
    /// --exit-code` does
    #[arg(long)]
    pub exit_code: bool,

    #[command(flatten)]
    pub output: super::OutputArgs,
}

/// What `export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ExportFormat {
    /// One self-contained HTML page: no scripts, no external resources
    #[default]
    Html,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// What to write
    #[arg(long, value_enum, default_value_t, value_name = "FORMAT")]
    pub format: ExportFormat,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Report as of this day instead of today (history after it does not count)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day_arg)]
    pub as_of: Option<Date>,
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The formats of `events`: the shared ones and `ics`.
pub fn events_format() -> ValueParser {
    format_parser(PossibleValue::new("ics").help(
        "An iCalendar feed: an all-day entry per gathering and per pending spec's expected date",
    ))
}

/// The formats of `log`: the shared ones and `atom`.
pub fn log_format() -> ValueParser {
    format_parser(PossibleValue::new("atom").help("An Atom feed: one entry per history entry"))
}

/// The formats every reporting command takes, plus `extra`.
fn format_parser(extra: PossibleValue) -> ValueParser {
    let values = Format::value_variants()
        .iter()
        .filter_map(Format::to_possible_value)
        .chain([extra]);
    PossibleValuesParser::new(values)
        .map(|name| match name.as_str() {
            "ics" => Format::Ics,
            "atom" => Format::Atom,
            // Only the names listed above get here; each is a shared format's name.
            other => Format::from_str(other, false).unwrap_or_default(),
        })
        .into()
}
