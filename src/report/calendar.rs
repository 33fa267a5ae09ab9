//! `events --format ics`: the gatherings and the pending specs' expected dates, as calendar
//! entries.

use jiff::civil::Date;

use super::{EventRef, EventsReport, SourceRef, When};
use crate::catalog::{Catalog, Spec};
use crate::date::PartialDate;

/// A pending spec's promise: what is expected, by when, and who said so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promise<'c> {
    pub spec: String,
    pub title: String,
    /// The lead org, as "Name (SHORT)".
    pub org: Option<String>,
    /// The interval promised; for an event, the event's date.
    pub due: PartialDate,
    /// The event promised, when one was named.
    pub event: Option<EventRef<'c>>,
    /// The date of the history entry that made the promise.
    pub promised: PartialDate,
    /// The sources of that entry.
    pub sources: Vec<SourceRef<'c>>,
    pub days_overdue: Option<i64>,
    /// The spec's landing page.
    pub url: Option<String>,
}

impl<'c> Promise<'c> {
    /// The promise `spec` stands under as of `day`, if it is pending and has one.
    pub fn of(catalog: &Catalog<'c>, spec: &Spec<'c>, day: Date) -> Option<Self> {
        let status = catalog.status(spec, day)?;
        let due = status.expected.filter(|_| status.pending)?;
        // The entry that set the live expectation: the latest counting one that set any.
        let entry = crate::status::counting_entries(spec, day)
            .rev()
            .find(|e| e.expected.is_some())?;
        let org = spec.lead_org().map(|id| match catalog.org(id) {
            Some(org) => match &org.short {
                Some(short) => format!("{} ({})", org.name.get_ref(), short.get_ref()),
                None => org.name.get_ref().to_string(),
            },
            None => id.to_owned(),
        });
        Some(Self {
            spec: spec.id.get_ref().to_string(),
            title: spec.title.get_ref().to_string(),
            org,
            due: due.date,
            event: due.event.and_then(|id| EventRef::new(catalog, id)),
            promised: *entry.date.get_ref(),
            sources: entry
                .sources
                .iter()
                .map(|s| SourceRef::new(catalog, s.as_str()))
                .collect(),
            days_overdue: status.days_overdue,
            url: spec.url().map(|u| u.get_ref().to_string()),
        })
    }
}

/// The calendar: events as `events` selects them, and the promises falling in the same
/// window.
#[derive(Debug, Clone)]
pub struct CalendarReport<'c> {
    pub events: EventsReport,
    /// In order of due date, then spec id.
    pub promises: Vec<Promise<'c>>,
    /// The latest day the catalogue records a fact on: a stamp that changes only when the
    /// catalogue does, so the same catalogue always gives the same feed.
    pub stamp: Date,
}

impl<'c> CalendarReport<'c> {
    pub fn new(
        catalog: &'c Catalog<'c>,
        day: Date,
        when: When,
        since: Option<PartialDate>,
        until: Option<PartialDate>,
    ) -> Self {
        let mut promises: Vec<Promise<'c>> = catalog
            .specs()
            .filter_map(|spec| Promise::of(catalog, spec, day))
            .filter(|p| match when {
                When::All => true,
                When::Upcoming => p.due.end() >= day,
                When::Past => p.due.end() < day,
            })
            .filter(|p| since.is_none_or(|s| p.due.end() >= s.start()))
            .filter(|p| until.is_none_or(|u| p.due.start() <= u.end()))
            .collect();
        promises.sort_by(|a, b| (a.due.end(), &a.spec).cmp(&(b.due.end(), &b.spec)));
        Self {
            events: EventsReport::new(catalog, day, when, since, until),
            promises,
            stamp: latest_fact(catalog).unwrap_or(day),
        }
    }
}

/// The latest day any history entry or source is dated (the start of a partial date).
pub fn latest_fact(catalog: &Catalog) -> Option<Date> {
    let history = catalog
        .specs()
        .flat_map(|s| s.history.iter().map(|e| e.get_ref().date.get_ref().start()));
    let sources = catalog
        .sources
        .iter()
        .map(|s| s.get_ref().date.get_ref().start());
    history.chain(sources).max()
}
