//! Arguments of the reporting commands: list, pending, status, show, events, log.

use clap::Args;
use jiff::civil::Date;

use crate::catalog::{Kind, State};
use crate::date::PartialDate;
use crate::render::Format;
use crate::report::SortKey;

/// The output options every reporting command takes.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format
    #[arg(
        long,
        value_enum,
        default_value_t,
        value_name = "FORMAT",
        help_heading = super::OUTPUT
    )]
    pub format: Format,

    /// Answer as of this day instead of today (history after it does not count)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day_arg)]
    pub as_of: Option<Date>,
}

/// The filters of `list` and `pending`.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Only specs in this state (repeat for several)
    #[arg(long, value_name = "STATE", value_parser = super::complete::states(), help_heading = super::FILTERS)]
    pub state: Vec<State>,

    /// Only specs of this kind
    #[arg(long, value_name = "KIND", value_parser = super::complete::kinds(), help_heading = super::FILTERS)]
    pub kind: Option<Kind>,

    /// Only specs of this org or of an org below it (e.g. `gcc` includes its project groups)
    #[arg(long, value_name = "ORG", help_heading = super::FILTERS, add = super::complete::org_ids())]
    pub org: Option<String>,

    /// Only specs with this topic
    #[arg(long, value_name = "TOPIC", help_heading = super::FILTERS)]
    pub topic: Option<String>,

    /// Only overdue specs (pending, and past the expected date)
    #[arg(long, help_heading = super::FILTERS)]
    pub overdue: bool,

    /// Only pending specs due within DAYS days: their expected interval ends between the day
    /// asked about and DAYS days after it (overdue ones are left out)
    #[arg(long, value_name = "DAYS")]
    pub due_within: Option<u32>,

    /// Only specs whose id or title contains TEXT (ignoring case)
    #[arg(long, value_name = "TEXT", help_heading = super::FILTERS)]
    pub search: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Order of the rows (ties go by id)
    #[arg(long, value_enum, default_value_t, value_name = "KEY")]
    pub sort: SortKey,

    /// Exit with status 1 when any spec is listed (0 when none), for scripts and scheduled
    /// CI jobs: `pending --overdue --exit-code` fails when anything is overdue
    #[arg(long)]
    pub exit_code: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Args)]
pub struct QueryArgs {
    /// The spec: its id, a unique start of its id, or words that find it (see above)
    #[arg(required = true, value_name = "QUERY", add = super::complete::spec_ids())]
    pub query: Vec<String>,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Args)]
pub struct EventArgs {
    /// The event: its id, a unique start of its id, or words of its id or name
    #[arg(required = true, value_name = "EVENT", add = super::complete::event_ids())]
    pub query: Vec<String>,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Args)]
#[command(mut_arg("format", |a| a.value_parser(super::sharing::events_format())))]
pub struct EventsArgs {
    /// Only events not over yet (ending on the day or later)
    #[arg(long, conflicts_with = "past", help_heading = super::FILTERS)]
    pub upcoming: bool,

    /// Only events that are over
    #[arg(long, help_heading = super::FILTERS)]
    pub past: bool,

    /// Only events ending on or after this date (any precision: 2025, 2025-Q3, 2025-07)
    #[arg(long, value_name = "DATE", value_parser = parse_date, help_heading = super::FILTERS)]
    pub since: Option<PartialDate>,

    /// Only events starting on or before this date (any precision)
    #[arg(long, value_name = "DATE", value_parser = parse_date, help_heading = super::FILTERS)]
    pub until: Option<PartialDate>,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Args)]
#[command(mut_arg("format", |a| a.value_parser(super::sharing::log_format())))]
pub struct LogArgs {
    /// Only this spec's history: its id, a unique start of its id, or words that find it (as
    /// for `status`)
    #[arg(value_name = "QUERY", add = super::complete::spec_ids())]
    pub query: Vec<String>,

    /// Only entries dated on or after this date (any precision; an entry counts if its
    /// interval reaches it)
    #[arg(long, value_name = "DATE", value_parser = parse_date, help_heading = super::FILTERS)]
    pub since: Option<PartialDate>,

    /// Only entries dated on or before this date (any precision)
    #[arg(long, value_name = "DATE", value_parser = parse_date, help_heading = super::FILTERS)]
    pub until: Option<PartialDate>,

    /// Only the N latest entries (after the other filters), shown in the chosen order
    #[arg(
        short = 'n',
        long = "max-count",
        value_name = "N",
        help_heading = super::FILTERS
    )]
    pub max_count: Option<usize>,

    /// Newest first (the default is oldest first, in date order)
    #[arg(long)]
    pub reverse: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_date(text: &str) -> Result<PartialDate, String> {
    super::parse_date_arg(text)
}

#[derive(Debug, Clone, Args)]
pub struct ScorecardArgs {
    /// One row for this org, with the orgs below it rolled up (e.g. `gcc` includes its
    /// project groups)
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,

    #[command(flatten)]
    pub output: OutputArgs,
}
