//! `export --format html`: what the status page shows, before any HTML.

use jiff::civil::Date;

use super::{EventsReport, Filter, HistoryItem, SortKey, SourceRef, SpecSummary, When, select};
use crate::catalog::{Catalog, State};
use crate::date::PartialDate;

/// One row of the timeline picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineSpec {
    pub id: String,
    pub title: String,
    /// Each history entry: its date, the state it set, and what it said in a few words.
    pub entries: Vec<(PartialDate, Option<State>, String)>,
    /// Each date ever promised, once; `true` for the standing promise when it is overdue.
    pub expected: Vec<(PartialDate, bool)>,
    /// The spec's landing page, as written (the page links only web addresses).
    pub url: Option<String>,
    /// The sources of its history entries, each once, in history order.
    pub sources: Vec<SourceRef>,
}

/// The status page as of a day.
#[derive(Debug, Clone)]
pub struct StatusPage<'a> {
    pub as_of: Date,
    /// The pending specs, overdue first (most days late first), then by expected date.
    pub pending: Vec<SpecSummary<'a>>,
    pub events: EventsReport,
    /// Every spec existing on the day, by first entry, then id.
    pub timeline: Vec<TimelineSpec>,
}

impl<'a> StatusPage<'a> {
    pub fn new(catalog: &Catalog<'a>, day: Date) -> Self {
        let pending_filter = Filter {
            pending: true,
            ..Filter::default()
        };
        let pending = select(catalog, day, &pending_filter, SortKey::Overdue)
            .iter()
            .map(|(spec, status)| SpecSummary::new(catalog, spec, status))
            .collect();
        let mut timeline: Vec<TimelineSpec> = select(catalog, day, &Filter::default(), SortKey::Id)
            .into_iter()
            .map(|(spec, status)| {
                let items = HistoryItem::all(catalog, spec, day);
                let standing = status
                    .expected
                    .as_ref()
                    .filter(|_| status.overdue)
                    .map(|due| due.date);
                let mut expected: Vec<(PartialDate, bool)> = Vec::new();
                for date in items.iter().filter_map(|i| i.expected) {
                    if !expected.iter().any(|(d, _)| *d == date) {
                        expected.push((date, standing == Some(date)));
                    }
                }
                let mut sources: Vec<SourceRef> = Vec::new();
                for source in items.iter().flat_map(|i| &i.sources) {
                    if !sources.iter().any(|s| s.id == source.id) {
                        sources.push(source.clone());
                    }
                }
                TimelineSpec {
                    url: spec.url().map(|u| u.get_ref().to_string()),
                    sources,
                    id: spec.id.get_ref().to_string(),
                    title: spec.title.get_ref().to_string(),
                    entries: items
                        .iter()
                        .map(|i| {
                            let mut what = i.changes();
                            what.extend(i.note.clone());
                            (i.date, i.state, what.join("; "))
                        })
                        .collect(),
                    expected,
                }
            })
            .collect();
        timeline.sort_by(|a, b| {
            let first = |t: &TimelineSpec| t.entries.first().map(|e| e.0);
            (first(a), &a.id).cmp(&(first(b), &b.id))
        });
        Self {
            as_of: day,
            pending,
            events: EventsReport::new(catalog, day, When::All, None, None),
            timeline,
        }
    }
}
