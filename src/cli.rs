//! Command-line arguments (clap derive). The doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

use crate::catalog::{Kind, State};
use crate::date::PartialDate;
pub mod complete;
mod reporting;
pub use reporting::{
    EventArgs, EventsArgs, FilterArgs, ListArgs, LogArgs, OutputArgs, QueryArgs, ScorecardArgs,
};
mod sharing;
pub use sharing::{CompletionsArgs, DiffArgs, ExportArgs, ExportFormat, SlipsArgs};

/// The help heading of the filters (`--state`, `--org`, `--since` …).
pub const FILTERS: &str = "Filters";
/// The help heading of how the answer is written (`--format`, `--color` …).
pub const OUTPUT: &str = "Output";
/// The help heading of which catalogue is read, and as of which day.
pub const CATALOGUE: &str = "Catalogue";

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
    /// When to use colour: `auto` colours a terminal unless NO_COLOR is set; `always` colours
    /// even a pipe and wins over NO_COLOR; `never` does not colour
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = ColorWhen::Auto,
        value_name = "WHEN",
        help_heading = OUTPUT,
        display_order = 900
    )]
    pub color: ColorWhen,

    /// Say more: for a QUERY, the other specs that matched and how they ranked
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,

    /// Lay tables out for this many columns, even when the output is piped [default: the
    /// terminal's width; piped, lines are left whole]
    #[arg(
        long,
        global = true,
        value_name = "COLUMNS",
        value_parser = clap::value_parser!(u16).range(20..),
        help_heading = OUTPUT,
        display_order = 900
    )]
    pub width: Option<u16>,

    /// Do not send tables through a pager (on a terminal they go through $SPECTRACK_PAGER or
    /// $PAGER, else `less -FRX`, which exits at once when the table fits on the screen)
    #[arg(long, global = true, help_heading = OUTPUT, display_order = 900)]
    pub no_pager: bool,

    /// The catalogue file to read [default: specs.toml here or in a parent folder, else the
    /// built-in catalogue]
    #[arg(
        long,
        global = true,
        env = "SPECTRACK_CATALOG",
        value_name = "PATH",
        help_heading = CATALOGUE,
        display_order = 900
    )]
    pub catalog: Option<PathBuf>,

    /// The day to take as today, for reproducible output [default: the system date]
    #[arg(
        long,
        global = true,
        env = "SPECTRACK_TODAY",
        value_name = "YYYY-MM-DD",
        value_parser = parse_day_arg,
        help_heading = CATALOGUE,
        display_order = 900
    )]
    pub today: Option<Date>,

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
    /// Every problem has a stable code (`unknown-key`, `duplicate-id`, ...), shown by
    /// --format json and sarif, which print to standard output for other programs.
    ///
    /// Example: spectrack check --strict
    ///
    /// Example: spectrack check --format sarif > spectrack.sarif
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
    /// Takes the same filters as `list`. `--due-within 90` answers "what is due in the next
    /// 90 days?"; `--overdue`, "what is late?".
    ///
    /// Example: spectrack pending --due-within 90
    ///
    /// Example: spectrack pending --overdue --exit-code
    Pending(ListArgs),

    /// Answer where one spec stands, in a few lines
    ///
    /// Its state (and version) and since when, where it was released, what is awaited next,
    /// whether that is overdue, and the source of the latest state.
    ///
    /// QUERY is the spec's id, a unique start of it, or words: each word must match, whole or
    /// as the start of a word (plurals folded), the id, title, kind (`white paper`), topics,
    /// versions or lead org. The best-ranked match answers: first those whose kind the query
    /// names, then those whose title holds the words as a phrase, then more whole words, more
    /// words in the title, more in the id (--verbose names the runners-up). Exit status 1
    /// when QUERY matches no spec (the closest are suggested) or several equally well.
    ///
    /// Example: spectrack status vector databases
    Status(QueryArgs),

    /// Show everything about one spec: fields, derived status, full history with sources
    ///
    /// QUERY finds the spec as for `status`. Exit status 1 when QUERY matches no spec or
    /// several equally well.
    ///
    /// Example: spectrack show gcc-dpu
    Show(QueryArgs),

    /// List the gatherings in date order, with the specs promised, released and expected at each
    ///
    /// Promised there: an entry at the event set `proposed`, `announced` or `drafting`, or set
    /// an expectation. An expected spec is delivered when a later entry released or published
    /// it; else it is pending until the event ends (with --upcoming: what each coming event
    /// should deliver, and in how many days), then overdue.
    ///
    /// Example: spectrack events --upcoming
    Events(EventsArgs),

    /// Show one gathering: what was promised there, delivered there and due there
    ///
    /// EVENT is found like a spec's QUERY, over event ids and names (and places and hosts).
    /// Promised: the specs with an entry at the event that set `proposed`, `announced` or
    /// `drafting`, or set an expectation. Delivered: those released or published there. Due:
    /// those whose `expected` named the event; of those, what is still outstanding and how
    /// many days late. Exit status 1 when EVENT matches no event or several.
    ///
    /// Example: spectrack event 2026 summit
    Event(EventArgs),

    /// Score each organisation on its promises: kept on time, kept late, open, withdrawn
    ///
    /// A promise is an expectation set while no promise of the spec was open (moving its
    /// date later is a slip of the same promise, judged against the date first given). It is
    /// kept when the spec is then released or published: on time when that falls within or
    /// before the interval first promised. Counted under the spec's lead org; with --org,
    /// one row for that org and every org below it.
    ///
    /// Example: spectrack scorecard --org gcc
    Scorecard(ScorecardArgs),

    /// List history entries of every spec (or one) in date order, like `git log`
    ///
    /// Example: spectrack log ocp-oam --since 2020 --until 2022
    Log(LogArgs),
    /// Append a dated history entry to a spec
    ///
    /// QUERY finds the spec as for `status`. The entry goes after the spec's last history
    /// entry, in the order things happened: a date wholly before that entry's is refused
    /// unless --insert puts it in its place (a coarser date that overlaps it may follow it). Every other byte of the file
    /// stays as it was; the new catalogue is checked before anything is written.
    ///
    /// Example: spectrack record gcc-vector-db --date 2026-11-21 --note "No download link on the GCC site yet"
    // `--version` here is the entry's version, not spectrack's (`spectrack --version`).
    #[command(disable_version_flag = true)]
    Record(RecordArgs),

    /// Add an org, source, event or spec
    ///
    /// The record goes after the last record of its kind (at the end of the file when there is
    /// none), with one blank line before it. Every other byte of the file stays as it was; the
    /// new catalogue is checked before anything is written.
    ///
    /// Example: spectrack add source gcc-site-2026 --title "Achievement release" --publisher GCC --date 2026-04
    Add(AddArgs),

    /// Write the built-in catalogue to a file, to start from
    ///
    /// Example: spectrack init specs.toml
    Init(InitArgs),

    /// Rewrite the catalogue in its canonical layout, keeping every comment
    ///
    /// The layout: `format` first, then each table's keys in the documented order, one blank
    /// line before each table, no blank lines inside one, records in file order. With --check
    /// nothing is written: the differences are shown and the exit status is 1 if there are any.
    ///
    /// Example: spectrack fmt --check
    Fmt(FmtArgs),

    // Sharing and following (issue 7): feeds, a status page, diff, slips, shell support.
    /// Count how often each spec's expected date moved later, and by how many days in all
    ///
    /// A slip is a history entry that moves a promise still standing to a later date (an
    /// entry that sets a new state starts a new promise instead). Days are counted between the
    /// last days of the old and new intervals. The worst first. Takes the filters of `list`.
    ///
    /// Example: spectrack slips --org gcc
    Slips(SlipsArgs),

    /// Show what changed between two catalogues: specs added and removed, state and expected
    ///
    /// OLD is a catalogue file, or, when no such file exists, a git revision of the catalogue
    /// in use (read with `git show`). NEW is the catalogue in use unless given. Both are
    /// derived as of today (or --as-of).
    ///
    /// Example: spectrack diff HEAD~3
    ///
    /// Example: spectrack diff --exit-code HEAD~1
    Diff(DiffArgs),

    /// Write one self-contained HTML status page: pending and overdue specs, events, timeline
    ///
    /// The page has no scripts and loads nothing from elsewhere, so it can be mailed or put
    /// on any web server as it is.
    ///
    /// Example: spectrack export --format html -o status.html
    Export(ExportArgs),

    /// Print shell completions (bash, zsh, fish, powershell, elvish) to standard output
    ///
    /// Example: spectrack completions bash > ~/.local/share/bash-completion/completions/spectrack
    Completions(CompletionsArgs),

    /// Print the man page (roff), or write a page for every command into a folder
    ///
    /// Without --dir, the page of spectrack itself goes to standard output. With --dir, it and
    /// the page of every command it names (spectrack-list(1), spectrack-add-spec(1) …) are
    /// written there, each file whole or not at all.
    ///
    /// Example: spectrack man --dir man1
    Man(ManArgs),

    /// Print the JSON Schema (draft 2020-12) of the catalogue format, for editors
    ///
    /// Generated from the description of the format that `check` uses: every table and key,
    /// its type, which keys are required, id and date patterns, the states and kinds, and a
    /// description of each key for editor hovers. Save it beside the catalogue and name it on
    /// the catalogue's first line with taplo's `#:schema ./spectrack.schema.json` directive
    /// (Even Better TOML in VS Code, taplo's language server in Helix and Neovim). What a
    /// schema cannot say (unique ids, references, real days, date order) stays with `check`.
    ///
    /// Example: spectrack schema > spectrack.schema.json
    Schema,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write spectrack.1 and a page per command (spectrack-list.1 …) into this folder
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Fail on warnings too (unused records, states going backwards, promises already past)
    #[arg(long)]
    pub strict: bool,

    /// How to report the problems (json and sarif go to standard output)
    #[arg(long, value_enum, default_value_t, value_name = "FORMAT", help_heading = OUTPUT)]
    pub format: CheckFormat,

    /// The catalogue files to check, each on its own (as pre-commit passes them) [default:
    /// the catalogue in use]
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// What `check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CheckFormat {
    /// For people: `path:line:column: error: message` with the line shown, on standard error
    #[default]
    Human,
    /// JSON Lines: one object per problem (file, line, column, code, message, ...), then
    /// {"errors", "warnings"}
    Json,
    /// A SARIF 2.1.0 log, for code scanning (GitHub's upload-sarif, and other tools)
    Sarif,
}

/// The flags of a history entry, shared by `record` and `add spec`.
#[derive(Debug, Clone, Args)]
pub struct EntryArgs {
    /// When it happened: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD (not after today unless --future)
    #[arg(long, value_name = "DATE")]
    pub date: String,

    /// Allow a date after today: the entry records something scheduled, on purpose
    #[arg(long)]
    pub future: bool,

    /// The state it reached
    #[arg(long, value_name = "STATE", value_parser = complete::states())]
    pub state: Option<State>,

    /// When the next step is due: a date, or the id of an event
    #[arg(long, value_name = "DATE|EVENT", add = complete::event_ids())]
    pub expected: Option<String>,

    /// The id of the event where it happened
    #[arg(long, value_name = "EVENT", add = complete::event_ids())]
    pub at: Option<String>,

    /// The id of a source that says so (repeatable; needed with --state or --expected)
    #[arg(long = "source", value_name = "SOURCE", add = complete::source_ids())]
    pub sources: Vec<String>,

    /// A note on the entry
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The version the entry is about, as the source writes it (e.g. `v1.5`, `r2.0 v1.0`)
    #[arg(long = "version", value_name = "VERSION")]
    pub spec_version: Option<String>,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The spec: its id, a unique id prefix, or words that find it (as for `status`)
    #[arg(required = true, value_name = "QUERY", add = complete::spec_ids())]
    pub query: Vec<String>,

    #[command(flatten)]
    pub entry: EntryArgs,

    /// Where to read more, e.g. the published document
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// Put an entry dated before the spec's last one in its place in date order
    #[arg(long)]
    pub insert: bool,

    #[command(flatten)]
    pub write: WriteArgs,
}

/// How an editing command writes the catalogue (shared by `record`, `add` and `fmt`).
#[derive(Debug, Clone, Args)]
pub struct WriteArgs {
    /// Give up after SECONDS when another spectrack holds the catalogue's lock (exit 2)
    /// [default: wait as long as it takes]
    #[arg(long, value_name = "SECONDS", global = true, value_parser = parse_seconds_arg)]
    pub lock_timeout: Option<std::time::Duration>,

    /// Edit a catalogue that has other hard links: this name gets the new file, the other
    /// names keep the old text
    #[arg(long, global = true)]
    pub break_links: bool,
}

impl WriteArgs {
    /// The writer's options, judging dates on `today`.
    pub fn options(&self, today: Date) -> crate::edit::write::Options {
        crate::edit::write::Options {
            lock_timeout: self.lock_timeout,
            break_links: self.break_links,
            today: Some(today),
            future: false,
        }
    }
}

/// Seconds, as a whole or decimal number.
fn parse_seconds_arg(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<f64>()
        .ok()
        .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| format!("`{text}` is not a number of seconds (e.g. 10 or 0.5)"))
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(subcommand)]
    pub record: AddRecord,

    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Debug, Subcommand)]
pub enum AddRecord {
    /// Add an org: who writes, leads or hosts
    ///
    /// Example: spectrack add org odcc --name "Open Data Center Committee" --short ODCC
    Org(AddOrgArgs),
    /// Add a source: evidence for history entries
    ///
    /// Example: spectrack add source gcc-site-2026 --title "Achievement release" --publisher GCC --date 2026-04
    Source(AddSourceArgs),
    /// Add an event: a gathering where releases happen or are promised
    ///
    /// Example: spectrack add event ocp-summit-2027 --name "2027 OCP Global Summit" --start 2027 --org ocp
    Event(AddEventArgs),
    /// Add a spec with its first history entry (--date, --state and --source are required)
    ///
    /// Example: spectrack add spec gcc-dpu-test-suite --title "DPU interoperability test suite" --kind test-suite --org gcc-dpu-pg --date 2026-03-06 --state proposed --source gcc-dpu-kickoff
    #[command(disable_version_flag = true)]
    Spec(AddSpecArgs),
}

#[derive(Debug, Args)]
pub struct AddOrgArgs {
    /// The new org's id (lowercase letters, digits and `-`, starting with a letter)
    pub id: String,
    /// Its full name
    #[arg(long)]
    pub name: String,
    /// A short display name
    #[arg(long)]
    pub short: Option<String>,
    /// The id of the org it belongs to
    #[arg(long, value_name = "ORG", add = complete::org_ids())]
    pub parent: Option<String>,
    /// Its web site
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

#[derive(Debug, Args)]
pub struct AddSourceArgs {
    /// The new source's id
    pub id: String,
    /// Its title, as published
    #[arg(long)]
    pub title: String,
    /// Who published it
    #[arg(long)]
    pub publisher: String,
    /// When it was published: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD (not after today unless
    /// --future)
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// Allow a date after today
    #[arg(long)]
    pub future: bool,
    /// Where to read it
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

#[derive(Debug, Args)]
pub struct AddEventArgs {
    /// The new event's id
    pub id: String,
    /// Its name, as its hosts write it
    #[arg(long)]
    pub name: String,
    /// First day: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub start: String,
    /// Last day, if it lasts more than one (a month or a year counts to its last day)
    #[arg(long, value_name = "DATE")]
    pub end: Option<String>,
    /// Where it takes place (venue, city)
    #[arg(long)]
    pub place: Option<String>,
    /// The id of a hosting org (repeatable)
    #[arg(long = "org", value_name = "ORG", add = complete::org_ids())]
    pub orgs: Vec<String>,
    /// The id of a source about it (repeatable)
    #[arg(long = "source", value_name = "SOURCE", add = complete::source_ids())]
    pub sources: Vec<String>,
    /// Its web page
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    mut_arg("state", |a| a.required(true)),
    mut_arg("sources", |a| a.required(true))
)]
pub struct AddSpecArgs {
    /// The new spec's id
    pub id: String,
    /// Its title, as its authors write it
    #[arg(long)]
    pub title: String,
    /// What it is
    #[arg(long, value_name = "KIND", value_parser = complete::kinds())]
    pub kind: Kind,
    /// The id of an org writing it (repeatable; the first leads)
    #[arg(long = "org", value_name = "ORG", required = true, add = complete::org_ids())]
    pub orgs: Vec<String>,
    /// A lowercase topic tag (repeatable)
    #[arg(long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,
    /// A sentence or two on what it covers
    #[arg(long)]
    pub summary: Option<String>,
    /// Its landing page
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// The first history entry
    #[command(flatten)]
    pub entry: EntryArgs,

    /// A link for the first history entry
    #[arg(long, value_name = "URL")]
    pub entry_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write it
    #[arg(default_value = "specs.toml")]
    pub path: PathBuf,
    /// Overwrite the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Write nothing; show what would change and exit 1 if anything would
    #[arg(long)]
    pub check: bool,

    /// The catalogue files to format, each on its own (as pre-commit passes them) [default:
    /// the catalogue in use]
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub write: WriteArgs,
}

/// Parses a date of any precision, with a message that names the accepted forms.
pub fn parse_date_arg(text: &str) -> Result<PartialDate, String> {
    text.parse().map_err(|e: crate::date::DateError| match e {
        // Already names the forms.
        crate::date::DateError::Syntax(_) => e.to_string(),
        _ => format!("{e}; a date is YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD"),
    })
}

pub(crate) fn parse_state_arg(text: &str) -> Result<State, String> {
    text.parse()
        .map_err(|e: crate::catalog::UnknownWord| e.to_string())
}

pub(crate) fn parse_kind_arg(text: &str) -> Result<Kind, String> {
    text.parse()
        .map_err(|e: crate::catalog::UnknownWord| e.to_string())
}

/// Parses a whole day, with a message that names the accepted form.
pub fn parse_day_arg(text: &str) -> Result<Date, String> {
    const FORM: &str = "a whole day is needed here, as YYYY-MM-DD (e.g. 2026-11-21)";
    match text.parse::<PartialDate>() {
        Ok(date) if date.precision() == crate::date::Precision::Day => Ok(date.start()),
        Ok(_) => Err(format!("`{text}` is not a single day; {FORM}")),
        Err(crate::date::DateError::Syntax(_)) => Err(format!("`{text}` is not a day; {FORM}")),
        Err(e) => Err(format!("{e}; {FORM}")),
    }
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
