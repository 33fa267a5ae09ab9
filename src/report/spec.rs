//! One spec's derived status as the JSON spec object of `list`, `pending` and `status`.

use serde::Serialize;

use crate::catalog::{Catalog, Kind, Spec, State, Str};
use crate::date::PartialDate;
use crate::render::{Cell, Tone};
use crate::status::Status;

/// A list of the catalogue's strings (ids, topics), borrowed as the model holds it, so a
/// row costs no list of its own; serialises as a list of strings.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a>(pub &'a [Str<'a>]);

impl<'a> Names<'a> {
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.0.iter().map(|name| name.as_str())
    }

    /// The names, between `separator`s.
    pub fn join(&self, separator: &str) -> String {
        self.iter().collect::<Vec<_>>().join(separator)
    }
}

impl PartialEq for Names<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Names<'_> {}

impl Serialize for Names<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The JSON spec object (SPEC section 5), plus the lead org's name for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecSummary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub kind: Kind,
    pub orgs: Names<'a>,
    pub topics: Names<'a>,
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
    pub fn new(spec: &Spec<'a>, status: &Status<'a>) -> Self {
        Self {
            id: spec.id.as_str(),
            title: spec.title.as_str(),
            kind: *spec.kind.get_ref(),
            orgs: Names(spec.orgs.get_ref()),
            topics: Names(spec.topics),
            state: status.state,
            since: status.since,
            expected: status.expected.as_ref().map(|due| due.date),
            expected_event: status.expected.as_ref().and_then(|due| due.event),
            pending: status.pending,
            overdue: status.overdue,
            days_overdue: status.days_overdue,
            url: spec.url().map(|u| u.as_str()),
            version: status.version,
        }
    }

    /// The lead org's short name (or name), for people: looked up only by the tables that
    /// show it (a lookup a spec was a tenth of writing `pending --format json`).
    pub fn lead(catalog: &Catalog<'a>, spec: &Spec<'a>) -> Option<&'a str> {
        spec.lead_org()
            .map(|id| catalog.org(id).map_or(id, |org| org.display_name()))
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
