//! One spec's derived status as the JSON spec object of `list`, `pending` and `status`.

use serde::Serialize;

use crate::catalog::{Catalog, Kind, Spec, State};
use crate::date::PartialDate;
use crate::render::{Cell, Tone};
use crate::status::Status;

/// The JSON spec object (SPEC section 5), plus the lead org's name for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecSummary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub kind: Kind,
    pub orgs: Vec<&'a str>,
    pub topics: Vec<&'a str>,
    pub state: State,
    /// The date of the entry that set `state`, as written.
    pub since: PartialDate,
    /// The date as written, or the named event's date.
    pub expected: Option<PartialDate>,
    /// The event `expected` named, if it named one.
    pub expected_event: Option<&'a str>,
    pub pending: bool,
    pub overdue: bool,
    pub days_overdue: Option<i64>,
    pub url: Option<&'a str>,
    /// The version named by the latest counting entry that names one.
    pub version: Option<&'a str>,
    /// The lead org's short name (or name); not part of the JSON shape.
    #[serde(skip)]
    pub lead: Option<&'a str>,
}

/// The keys of [`SpecSummary`] in JSON, in order: the CSV header of `list`, `pending`, `status`.
pub const SPEC_COLUMNS: &[&str] = &[
    "id",
    "title",
    "kind",
    "orgs",
    "topics",
    "state",
    "since",
    "expected",
    "expected_event",
    "pending",
    "overdue",
    "days_overdue",
    "url",
    "version",
];

impl<'a> SpecSummary<'a> {
    /// The row of `spec`, borrowing the catalogue's text.
    pub fn new(catalog: &Catalog<'a>, spec: &Spec<'a>, status: &Status<'a>) -> Self {
        let orgs: Vec<&'a str> = spec.orgs.get_ref().iter().map(|o| o.as_str()).collect();
        let lead = spec
            .lead_org()
            .map(|id| catalog.org(id).map_or(id, |org| org.display_name()));
        Self {
            id: spec.id.as_str(),
            title: spec.title.as_str(),
            kind: *spec.kind.get_ref(),
            orgs,
            topics: spec.topics.iter().map(|t| t.as_str()).collect(),
            state: status.state,
            since: status.since,
            expected: status.expected.as_ref().map(|due| due.date),
            expected_event: status.expected.as_ref().and_then(|due| due.event),
            pending: status.pending,
            overdue: status.overdue,
            days_overdue: status.days_overdue,
            url: spec.url.as_ref().map(|u| u.as_str()),
            version: status.version,
            lead,
        }
    }

    /// The state for people: "announced, overdue 225d" in red, "published" in green.
    pub fn state_cell(&self) -> Cell {
        match self.days_overdue {
            Some(days) => Cell::new(format!("{}, overdue {days}d", self.state)).tone(Tone::Bad),
            None if self.state == State::Published => Cell::new("published").tone(Tone::Good),
            None => Cell::new(self.state.as_str()),
        }
    }

    /// "2026-04-10 (oai-summit-2026)", "2026-Q2", or nothing.
    pub fn expected_text(&self) -> Option<String> {
        self.expected.map(|date| match &self.expected_event {
            Some(event) => format!("{date} ({event})"),
            None => date.to_string(),
        })
    }
}
