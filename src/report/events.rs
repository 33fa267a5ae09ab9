//! `events`: the gatherings in date order, with what was released and expected at each.

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::catalog::{Catalog, Event, Expected, State, Table};
use crate::date::{PartialDate, Precision, days_between};
use crate::render::{Block, Cell, Column, LazyRows, Render, Tone, View};

/// Which events to show, relative to the day asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum When {
    #[default]
    All,
    /// Events whose last day is the day or later.
    Upcoming,
    /// Events that ended before the day.
    Past,
}

/// A spec promised at an event: an entry there set `proposed`, `announced` or `drafting`, or
/// set an expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promised {
    pub spec: String,
    pub title: String,
    /// The state the entry set, if it set one.
    pub state: Option<State>,
    /// What the entry expected, if it set an expectation: the date as written or the event's.
    pub expected: Option<PartialDate>,
    /// The event the expectation named, if it named one.
    pub expected_event: Option<String>,
}

/// A spec released (or published) at an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Released {
    pub spec: String,
    pub title: String,
    /// `released` or `published`.
    pub state: State,
}

/// Whether a spec expected at an event came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A later entry released or published it.
    Delivered { state: State, date: PartialDate },
    /// It was withdrawn or superseded instead.
    Ended { state: State },
    /// Not delivered, and the event has not ended yet: this many days to its last day.
    Pending { days_left: i64 },
    /// Not delivered, and the event ended this many days before the day asked about.
    Overdue { days: i64 },
}

/// A spec whose `expected` named an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    pub spec: String,
    pub title: String,
    pub outcome: Outcome,
}

/// One gathering (SPEC section 5, `events`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventReport {
    pub id: String,
    pub name: String,
    pub start: PartialDate,
    pub end: Option<PartialDate>,
    pub place: Option<String>,
    pub orgs: Vec<String>,
    /// Serialised as spec ids.
    #[serde(serialize_with = "spec_ids")]
    pub promised: Vec<Promised>,
    /// Serialised as spec ids.
    #[serde(serialize_with = "spec_ids")]
    pub released: Vec<Released>,
    /// Serialised as spec ids.
    #[serde(serialize_with = "spec_ids")]
    pub expected: Vec<Expectation>,
    /// The event's own page; not part of the JSON shape.
    #[serde(skip)]
    pub url: Option<String>,
}

/// The keys of an [`EventReport`] in JSON.
pub const EVENT_COLUMNS: &[&str] = &[
    "id", "name", "start", "end", "place", "orgs", "promised", "released", "expected",
];

trait SpecId {
    fn spec_id(&self) -> &str;
}

impl SpecId for Promised {
    fn spec_id(&self) -> &str {
        &self.spec
    }
}

impl SpecId for Released {
    fn spec_id(&self) -> &str {
        &self.spec
    }
}

impl SpecId for Expectation {
    fn spec_id(&self) -> &str {
        &self.spec
    }
}

fn spec_ids<T: SpecId, S: Serializer>(items: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(items.iter().map(SpecId::spec_id))
}

impl EventReport {
    /// The event as of `day`: only history entries counting on that day are considered.
    ///
    /// Reads every spec; for many events, [`EventsReport::new`] reads them once for all.
    pub fn new(catalog: &Catalog, event: &Event, day: Date) -> Self {
        let id = *event.id.get_ref();
        let mut index = AtEvents::new(catalog, day, Some(id));
        Self::from_index(event, index.at.remove(id))
    }

    /// The report of `event`, from what the specs' entries say about it (`None`: nothing).
    fn from_index(event: &Event, at: Option<AtEvent>) -> Self {
        let id = event.id.get_ref();
        let AtEvent {
            promised,
            released,
            expected,
        } = at.unwrap_or_default();
        Self {
            id: id.to_string(),
            name: event.name.get_ref().to_string(),
            start: *event.start.get_ref(),
            end: event.end.as_ref().map(|d| *d.get_ref()),
            place: event.place.as_ref().map(|p| p.get_ref().to_string()),
            orgs: event.orgs.iter().map(|o| o.get_ref().to_string()).collect(),
            promised,
            released,
            expected,
            url: event.url.as_ref().map(|u| u.get_ref().to_string()),
        }
    }

    /// "2026-04-09..10", "2019-03-14..2019-03-15", or the start alone.
    pub fn dates(&self) -> String {
        match self.end {
            Some(end) if end != self.start => {
                let (s, e) = (self.start.start(), end.start());
                let days =
                    self.start.precision() == Precision::Day && end.precision() == Precision::Day;
                if days && s.year() == e.year() && s.month() == e.month() {
                    format!("{}..{:02}", self.start, e.day())
                } else {
                    format!("{}..{end}", self.start)
                }
            }
            _ => self.start.to_string(),
        }
    }

    fn last_day(&self) -> Date {
        self.end.unwrap_or(self.start).end()
    }
}

/// The first entry of `spec` at event `id` that made a promise: set `proposed`, `announced`
/// or `drafting`, or set an expectation.
fn promise_at(
    catalog: &Catalog,
    spec: &crate::catalog::Spec,
    entries: &[&crate::catalog::HistoryEntry],
    id: &str,
) -> Option<Promised> {
    let entry = entries.iter().find(|e| {
        let here = e.at().is_some_and(|at| at.get_ref() == &id);
        let promising = e.expected.is_some()
            || e.state.as_ref().is_some_and(|s| {
                matches!(
                    s.get_ref(),
                    State::Proposed | State::Announced | State::Drafting
                )
            });
        here && promising
    })?;
    let (expected, expected_event) = match entry.expected.as_ref().map(|x| *x.get_ref()) {
        Some(Expected::Date(date)) => (Some(date), None),
        Some(Expected::Event(named)) => (
            catalog.event(named).map(|e| e.as_date()),
            Some(named.to_owned()),
        ),
        None => (None, None),
    };
    Some(Promised {
        spec: spec.id.get_ref().to_string(),
        title: spec.title.get_ref().to_string(),
        state: entry.state.as_ref().map(|s| *s.get_ref()),
        expected,
        expected_event,
    })
}

impl Promised {
    /// "promised there (announced; expected at oai-summit-2026)".
    pub fn text(&self) -> String {
        let mut parts: Vec<String> = self.state.iter().map(|s| s.to_string()).collect();
        if let Some(date) = self.expected {
            parts.push(match &self.expected_event {
                Some(event) => format!("expected at {event}"),
                None => format!("expected by {date}"),
            });
        }
        if parts.is_empty() {
            "promised there".to_owned()
        } else {
            format!("promised there ({})", parts.join("; "))
        }
    }
}

/// What the history entries counting on a day say about each event, from one pass over
/// the specs (in catalogue order, so each event's lists keep it).
///
/// Everything is found in that pass, outcomes included: found event by event, each
/// expectation read its spec's history again out of the catalogue's order, and a spec's
/// status, cache misses in a large catalogue.
struct AtEvents<'a> {
    at: FxHashMap<&'a str, AtEvent>,
}

#[derive(Default, Clone)]
struct AtEvent {
    /// The specs whose first promising entry there counts on the day.
    promised: Vec<Promised>,
    /// The specs whose latest release (or publication) counting on the day was there.
    released: Vec<Released>,
    /// The specs that first expected the event, and whether each came.
    expected: Vec<Expectation>,
}

impl<'a> AtEvents<'a> {
    /// What the entries say about every event, or only about the event `only`.
    fn new(catalog: &Catalog<'a>, day: Date, only: Option<&str>) -> Self {
        let mut at: FxHashMap<&'a str, AtEvent> = FxHashMap::default();
        let mut seen: Vec<&'a str> = Vec::new();
        let wanted = |event: &str| only.is_none_or(|only| only == event);
        for spec in catalog.specs() {
            let entries = crate::status::counting_entries(spec, day).collect::<Vec<_>>();
            // The first promise at each event.
            seen.clear();
            for e in &entries {
                let Some(event) = e.at() else { continue };
                let event = *event.get_ref();
                if wanted(event) && !seen.contains(&event) {
                    seen.push(event);
                    if let Some(promise) = promise_at(catalog, spec, &entries, event) {
                        at.entry(event).or_default().promised.push(promise);
                    }
                }
            }
            // The latest release at each event.
            seen.clear();
            for e in entries.iter().rev() {
                let (Some(state), Some(event)) = (&e.state, e.at()) else {
                    continue;
                };
                let (state, event) = (*state.get_ref(), *event.get_ref());
                if matches!(state, State::Released | State::Published)
                    && wanted(event)
                    && !seen.contains(&event)
                {
                    seen.push(event);
                    at.entry(event).or_default().released.push(Released {
                        spec: spec.id.get_ref().to_string(),
                        title: spec.title.get_ref().to_string(),
                        state,
                    });
                }
            }
            // The first entry expecting each event, and what came of it.
            seen.clear();
            for (position, e) in entries.iter().enumerate() {
                let Some(Expected::Event(named)) = e.expected.as_ref().map(|x| *x.get_ref()) else {
                    continue;
                };
                if !wanted(named) || seen.contains(&named) {
                    continue;
                }
                seen.push(named);
                // An id no event has is an error `check` reports; no event shows it.
                let Some(event) = catalog.event(named) else {
                    continue;
                };
                let later = &entries[position + 1..];
                at.entry(named).or_default().expected.push(Expectation {
                    spec: spec.id.get_ref().to_string(),
                    title: spec.title.get_ref().to_string(),
                    outcome: outcome(catalog, spec, later, event, day),
                });
            }
        }
        Self { at }
    }
}

fn outcome(
    catalog: &Catalog,
    spec: &crate::catalog::Spec,
    later: &[&crate::catalog::HistoryEntry],
    event: &Event,
    day: Date,
) -> Outcome {
    let delivered = later.iter().find_map(|e| {
        let state = *e.state.as_ref()?.get_ref();
        matches!(state, State::Released | State::Published).then(|| Outcome::Delivered {
            state,
            date: *e.date.get_ref(),
        })
    });
    if let Some(delivered) = delivered {
        return delivered;
    }
    match catalog.status(spec, day) {
        Some(status) if matches!(status.state, State::Withdrawn | State::Superseded) => {
            Outcome::Ended {
                state: status.state,
            }
        }
        _ => {
            let last = event.as_date().end();
            if last < day {
                Outcome::Overdue {
                    days: days_between(last, day),
                }
            } else {
                Outcome::Pending {
                    days_left: days_between(day, last),
                }
            }
        }
    }
}

/// `events`: the gatherings in date order. Serialises as a JSON array.
#[derive(Debug, Clone)]
pub struct EventsReport {
    pub events: Vec<EventReport>,
    pub as_of: Date,
    pub when: When,
}

impl EventsReport {
    /// The events of `catalog` as of `day` that pass `when` and overlap `since..=until`.
    pub fn new(
        catalog: &Catalog,
        day: Date,
        when: When,
        since: Option<PartialDate>,
        until: Option<PartialDate>,
    ) -> Self {
        let mut index = AtEvents::new(catalog, day, None);
        // Each event's lists are moved into its report, or copied for an id that more than
        // one event has (only in an invalid catalogue, which `check` refuses): the index
        // keeps the records whose id an earlier one has.
        let event_id = |at: u32| {
            catalog
                .events
                .get(at as usize)
                .map(|e| *e.get_ref().id.get_ref())
        };
        let repeated: FxHashSet<&str> = catalog
            .repeated_ids(Table::Event)
            .iter()
            .filter_map(|&at| event_id(at))
            .collect();
        let mut events: Vec<EventReport> = catalog
            .events
            .iter()
            .map(|e| {
                let id = *e.get_ref().id.get_ref();
                let at = if repeated.contains(id) {
                    index.at.get(id).cloned()
                } else {
                    index.at.remove(id)
                };
                EventReport::from_index(e.get_ref(), at)
            })
            .filter(|e| match when {
                When::All => true,
                When::Upcoming => e.last_day() >= day,
                When::Past => e.last_day() < day,
            })
            .filter(|e| since.is_none_or(|s| e.last_day() >= s.start()))
            .filter(|e| until.is_none_or(|u| e.start.start() <= u.end()))
            .collect();
        events.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
        Self {
            events,
            as_of: day,
            when,
        }
    }

    pub fn empty_message(&self) -> String {
        let which = match self.when {
            When::All => "",
            When::Upcoming => "upcoming ",
            When::Past => "past ",
        };
        format!("No {which}events as of {}.", self.as_of)
    }
}

impl Serialize for EventsReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.events.serialize(serializer)
    }
}

impl Render for EventsReport {
    fn columns(&self) -> &'static [&'static str] {
        EVENT_COLUMNS
    }

    fn view(&self) -> View<'_> {
        if self.events.is_empty() {
            return View::note(self.empty_message());
        }
        let events = &self.events;
        let len = events
            .iter()
            .map(|e| (e.promised.len() + e.released.len() + e.expected.len()).max(1))
            .sum();
        let rows = LazyRows::new(len, move || events.iter().flat_map(event_rows));
        View {
            blocks: vec![Block::Rows {
                columns: vec![
                    Column::whole("Date"),
                    Column::wraps("Event"),
                    Column::whole("Spec"),
                    Column::wraps("Outcome"),
                ],
                rows,
            }],
        }
    }
}

/// The table rows of one event: one per spec promised, released or expected there (one
/// empty row when none), its date on the first, its name and place down the first rows.
fn event_rows(event: &EventReport) -> std::vec::IntoIter<Vec<Cell>> {
    let mut rows = Vec::new();
    let mut specs: Vec<(String, Cell)> = Vec::new();
    for p in &event.promised {
        specs.push((p.spec.clone(), Cell::new(p.text())));
    }
    for r in &event.released {
        let cell = Cell::new(format!("{} there", r.state));
        specs.push((r.spec.clone(), cell.tone(tone(r.state))));
    }
    for x in &event.expected {
        specs.push((x.spec.clone(), expectation_cell(&x.outcome)));
    }
    if specs.is_empty() {
        specs.push((String::new(), Cell::default()));
    }
    // The event's name and place go down the first rows, one line each.
    let mut name: Vec<String> = vec![event.name.clone()];
    name.extend(event.place.clone());
    let last = specs.len() - 1;
    for (i, (spec, outcome)) in specs.into_iter().enumerate() {
        let date = if i == 0 {
            Cell::new(event.dates())
        } else {
            Cell::default()
        };
        let lines = match i.cmp(&last) {
            std::cmp::Ordering::Less => name.get(i).cloned().into_iter().collect(),
            _ => name.get(i..).map(<[String]>::to_vec).unwrap_or_default(),
        };
        rows.push(vec![date, Cell::lines(lines), Cell::new(spec), outcome]);
    }
    rows.into_iter()
}

fn tone(state: State) -> Tone {
    if state == State::Published {
        Tone::Good
    } else {
        Tone::Normal
    }
}

pub(crate) fn expectation_cell(outcome: &Outcome) -> Cell {
    match outcome {
        Outcome::Delivered { state, date } => {
            Cell::new(format!("expected; {state} {}", super::on(date))).tone(tone(*state))
        }
        Outcome::Ended { state } => Cell::new(format!("expected; {state} instead")),
        Outcome::Pending { days_left: 0 } => Cell::new("expected; pending, due today"),
        Outcome::Pending { days_left } => Cell::new(format!(
            "expected; pending, due in {}",
            super::days(*days_left)
        )),
        Outcome::Overdue { days } => {
            Cell::new(format!("expected; overdue {days}d")).tone(Tone::Bad)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A synthetic catalogue's text, the catalogue, the day asked about and its events.
    fn synthetic() -> (String, Catalog<'static>, Date, EventsReport) {
        let text = spectrack_synth::catalogue(600, 3).unwrap();
        let catalog = crate::catalog::leaked(&text);
        let day = jiff::civil::date(2026, 11, 21);
        let report = EventsReport::new(&catalog, day, When::All, None, None);
        (text, catalog, day, report)
    }

    /// The events report finds everything in one pass and moves each event's lists into its
    /// report: the same as each event's own report, which looks at that event alone.
    #[test]
    fn each_event_reads_as_it_does_alone() {
        let (_, catalog, day, report) = synthetic();
        assert_eq!(report.events.len(), catalog.events.len());
        let mut expected = 0;
        for event in &report.events {
            let alone = EventReport::new(&catalog, catalog.event(&event.id).unwrap(), day);
            assert_eq!(*event, alone);
            expected += event.expected.len();
        }
        assert!(expected > 20, "too few expectations to compare: {expected}");
    }

    /// An id two events have (an error `check` reports) gives both the same lists, not the
    /// first one all of them.
    #[test]
    fn a_repeated_event_id_keeps_its_lists_for_both_events() {
        let (text, _, day, report) = synthetic();
        let busiest = report
            .events
            .iter()
            .max_by_key(|e| e.expected.len() + e.promised.len() + e.released.len())
            .unwrap();
        // The busiest event written again, under the same id, at the end of the file.
        let start = text.find(&format!("id = \"{}\"", busiest.id)).unwrap();
        let start = text[..start].rfind("[[event]]").unwrap();
        let end = start + 1 + text[start + 1..].find("\n[[").unwrap();
        let twice = format!("{text}\n{}", &text[start..end]);
        let arena: &'static crate::catalog::Arena = Box::leak(Box::default());
        let twice: &'static str = Box::leak(twice.into_boxed_str());
        let checked = crate::catalog::check_in(twice, arena);
        assert!(checked.has_errors());
        let catalog = checked.catalog.unwrap();
        let report = EventsReport::new(&catalog, day, When::All, None, None);
        let both: Vec<&EventReport> = report
            .events
            .iter()
            .filter(|e| e.id == busiest.id)
            .collect();
        assert_eq!(both.len(), 2);
        assert_eq!(both[0], busiest);
        assert_eq!(both[1], busiest);
    }
}
