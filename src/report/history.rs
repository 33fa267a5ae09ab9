//! History entries with their sources resolved: `show`'s history and `log`.

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use crate::catalog::{Catalog, HistoryEntry, Source, Spanned, Spec, State, Table};
use crate::date::PartialDate;
use crate::render::{Block, Cell, Column, LazyRows, Render, View};

/// A source, resolved from its id, borrowing the catalogue's strings. Serialises as the id
/// alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceRef<'c> {
    pub id: &'c str,
    /// `None` when the id names no source (only in an invalid catalogue).
    pub title: Option<&'c str>,
    pub publisher: Option<&'c str>,
    pub date: Option<PartialDate>,
    pub url: Option<&'c str>,
}

impl<'c> SourceRef<'c> {
    pub fn new(catalog: &Catalog<'c>, id: &'c str) -> Self {
        Self::of(id, catalog.source(id))
    }

    /// The reference `id`, to `source` as already found (`None`: no source has that id).
    pub(crate) fn of(id: &'c str, source: Option<&crate::catalog::Source<'c>>) -> Self {
        Self {
            id,
            title: source.map(|s| s.title.as_str()),
            publisher: source.map(|s| s.publisher.as_str()),
            date: source.map(|s| *s.date.get_ref()),
            url: source.and_then(|s| s.url.as_ref().map(|u| u.as_str())),
        }
    }

    /// "GCC, 2026-03, https://…" (publisher, date, address), or the bare id.
    pub fn citation(&self) -> String {
        self.cite(true)
    }

    /// "GCC, 2026-03" (publisher, date), or the bare id.
    pub fn short_citation(&self) -> String {
        self.cite(false)
    }

    fn cite(&self, with_url: bool) -> String {
        let mut text = String::new();
        self.write_citation(&mut text, with_url);
        text
    }

    /// Appends [`Self::citation`] (or the short one) to `out`, with no other allocation.
    pub fn write_citation(&self, out: &mut String, with_url: bool) {
        let start = out.len();
        let comma = |out: &mut String| {
            if out.len() > start {
                out.push_str(", ");
            }
        };
        if let Some(publisher) = self.publisher {
            comma(out);
            out.push_str(publisher);
        }
        if let Some(date) = self.date {
            comma(out);
            date.push_to(out);
        }
        if let Some(url) = self.url.filter(|_| with_url) {
            comma(out);
            out.push_str(url);
        }
        if out.len() == start {
            out.push_str(self.id);
        }
    }
}

impl Serialize for SourceRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id)
    }
}

/// An event, resolved from its id, for people and feeds, borrowing the catalogue's strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRef<'c> {
    pub id: &'c str,
    pub name: &'c str,
    pub start: PartialDate,
    pub end: Option<PartialDate>,
    pub place: Option<&'c str>,
}

impl<'c> EventRef<'c> {
    pub fn new(catalog: &Catalog<'c>, id: &'c str) -> Option<Self> {
        catalog.event(id).map(|e| Self::of(id, e))
    }

    /// The reference `id`, to `event` as already found.
    fn of(id: &'c str, event: &crate::catalog::Event<'c>) -> Self {
        Self {
            id,
            name: event.name.as_str(),
            start: *event.start.get_ref(),
            end: event.end.as_ref().map(|d| *d.get_ref()),
            place: event.place.as_ref().map(|p| p.as_str()),
        }
    }
}

/// One history entry (SPEC section 5, `show`'s `history`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryItem<'c> {
    pub date: PartialDate,
    pub state: Option<State>,
    /// The date as written, or the named event's date.
    pub expected: Option<PartialDate>,
    /// The event `expected` named: its id in JSON (an addition to SPEC section 5, which
    /// gives only the event's date in `expected`).
    #[serde(serialize_with = "event_id")]
    pub expected_event: Option<EventRef<'c>>,
    /// The event where this happened (its id).
    pub at: Option<&'c str>,
    pub sources: Vec<SourceRef<'c>>,
    pub note: Option<&'c str>,
    pub url: Option<&'c str>,
    /// The version the entry is about.
    pub version: Option<&'c str>,
    /// The event `at` names; not part of the JSON shape.
    #[serde(skip)]
    pub at_event: Option<EventRef<'c>>,
}

/// The keys of a [`HistoryItem`] in JSON.
pub const HISTORY_COLUMNS: &[&str] = &[
    "date",
    "state",
    "expected",
    "expected_event",
    "at",
    "sources",
    "note",
    "url",
    "version",
];

/// An event as its id, for JSON.
fn event_id<S: Serializer>(event: &Option<EventRef>, serializer: S) -> Result<S::Ok, S::Error> {
    event.as_ref().map(|e| e.id).serialize(serializer)
}

impl<'c> HistoryItem<'c> {
    pub fn new(catalog: &Catalog<'c>, entry: &HistoryEntry<'c>) -> Self {
        let found = entry.sources.iter().map(|s| catalog.source(s.as_str()));
        Self::with_sources(catalog, entry, found)
    }

    /// [`Self::new`], with the source each of the entry's ids names (`None`: none) found
    /// before, in order.
    pub(crate) fn with_sources<'s>(
        catalog: &Catalog<'c>,
        entry: &HistoryEntry<'c>,
        found: impl Iterator<Item = Option<&'s Source<'c>>>,
    ) -> Self
    where
        'c: 's,
    {
        Self {
            sources: entry
                .sources
                .iter()
                .zip(found)
                .map(|(s, source)| SourceRef::of(s.as_str(), source))
                .collect(),
            ..Self::unsourced(catalog, entry)
        }
    }

    /// The entry with its events resolved but not its sources, which are left empty: for
    /// the page's timeline, which shows none (looking each up cost a third of drawing it).
    pub fn unsourced(catalog: &Catalog<'c>, entry: &HistoryEntry<'c>) -> Self {
        let (expected, expected_event) = match entry.expected.as_ref().map(|e| e.get_ref()) {
            Some(crate::catalog::Expected::Date(date)) => (Some(*date), None),
            Some(crate::catalog::Expected::Event(id)) => {
                // Found once for both.
                let event = catalog.event(id);
                (
                    event.map(|e| e.as_date()),
                    event.map(|e| EventRef::of(id, e)),
                )
            }
            None => (None, None),
        };
        let at = entry.at().map(|a| a.as_str());
        Self {
            date: *entry.date.get_ref(),
            state: entry.state.as_ref().map(|s| *s.get_ref()),
            expected,
            at_event: at.and_then(|id| EventRef::new(catalog, id)),
            at,
            sources: Vec::new(),
            note: entry.note().map(|n| n.as_str()),
            url: entry.url().map(|u| u.as_str()),
            version: entry.version().map(|v| v.as_str()),
            expected_event,
        }
    }

    /// The entries of `spec` that count as of `day`, in date order.
    pub fn all(catalog: &Catalog<'c>, spec: &Spec<'c>, day: Date) -> Vec<Self> {
        crate::status::counting_entries(spec, day)
            .map(|e| Self::new(catalog, e))
            .collect()
    }

    /// What this entry changed, one line each: state, expectation, place.
    pub fn changes(&self) -> Vec<String> {
        // Each line pushed together piece by piece: `format!` cost more than the rest of a row.
        let mut lines = Vec::new();
        let with_version = |mut line: String| {
            if let Some(version) = self.version {
                line.push(' ');
                line.push_str(version);
            }
            line
        };
        match self.state {
            Some(state) => lines.push(with_version(["→ ", state.as_str()].concat())),
            None if self.version.is_some() => lines.push(with_version("version".to_owned())),
            None => {}
        }
        if let Some(date) = self.expected {
            let mut line = String::from("expected ");
            date.push_to(&mut line);
            if let Some(event) = &self.expected_event {
                line.push_str(" (");
                line.push_str(event.id);
                line.push(')');
            }
            lines.push(line);
        }
        if let Some(at) = self.at {
            let name = self.at_event.as_ref().map_or(at, |e| e.name);
            lines.push(["at ", name].concat());
        }
        lines
    }

    /// The note, then the entry's address.
    pub fn note_lines(&self) -> Vec<String> {
        self.note
            .iter()
            .chain(&self.url)
            .map(|line| (*line).to_owned())
            .collect()
    }
}

/// One line of `log`: a history entry and its spec, made as it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry<'c> {
    pub spec: &'c str,
    /// The spec's title, for people and feeds; not part of the JSON shape.
    pub title: &'c str,
    pub entry: HistoryItem<'c>,
    /// Which of the spec's entries on this date it is (counted in file order), for feeds; not
    /// part of the JSON shape.
    pub nth: u32,
}

/// The keys of a [`LogEntry`] in JSON.
pub const LOG_COLUMNS: &[&str] = &[
    "date",
    "spec",
    "state",
    "expected",
    "expected_event",
    "at",
    "sources",
    "note",
    "version",
];

impl Serialize for LogEntry<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shape<'a> {
            date: &'a PartialDate,
            spec: &'a str,
            state: &'a Option<State>,
            expected: &'a Option<PartialDate>,
            expected_event: Option<&'a str>,
            at: Option<&'a str>,
            sources: &'a [SourceRef<'a>],
            note: Option<&'a str>,
            version: Option<&'a str>,
        }
        let e = &self.entry;
        Shape {
            date: &e.date,
            spec: self.spec,
            state: &e.state,
            expected: &e.expected,
            expected_event: e.expected_event.as_ref().map(|x| x.id),
            at: e.at,
            sources: &e.sources,
            note: e.note,
            version: e.version,
        }
        .serialize(serializer)
    }
}

/// A line of `log` as the report keeps it until it is written: which entry of which spec.
#[derive(Debug, Clone, Copy)]
pub struct LogLine<'c> {
    pub spec: &'c Spec<'c>,
    pub entry: &'c HistoryEntry<'c>,
    /// 1 for the spec's first entry on this date, 2 for its second, and so on (in file
    /// order): feeds number same-day entries to give each its own id.
    pub nth: u32,
    /// Where the positions of the entry's sources start in the `source_positions` of the
    /// report that made the line.
    sources_at: u32,
}

/// A [`LogLine`]'s `sources_at` when its sources were not found when the report was made
/// (past 4 billion references in all), to be looked up by id as it is written.
const LOOKED_UP_BY_ID: u32 = u32::MAX;

/// `log`: history entries of all specs (or one) in date order. Serialises as a JSON array.
///
/// It holds only which entries to show, in order; each becomes a [`LogEntry`] as it is
/// written ([`LogReport::items`]), so the report never copies the catalogue's text.
#[derive(Debug, Clone)]
pub struct LogReport<'c> {
    catalog: &'c Catalog<'c>,
    /// The positions among the catalogue's sources of each entry's sources (`u32::MAX`:
    /// an id no source has), found entry by entry in the catalogue's order as the report is
    /// made ([`LogLine::sources_at`]): found as it is written, in date order (twice for a
    /// table, which measures its columns first), each read an id in the file's text out of
    /// order and looked it up, a fifth of `log` at 100k specs.
    source_positions: Vec<u32>,
    pub entries: Vec<LogLine<'c>>,
    /// Said when there are no entries.
    pub empty_message: String,
}

impl<'c> LogReport<'c> {
    /// The entries of `specs` counting as of `day` and overlapping `since..=until`, in date
    /// order, each spec's in file order (ties: the catalogue's order of specs, then history
    /// order).
    pub fn new(
        catalog: &'c Catalog<'c>,
        specs: impl IntoIterator<Item = &'c Spec<'c>>,
        day: Date,
        since: Option<PartialDate>,
        until: Option<PartialDate>,
    ) -> Self {
        // Each entry sorts at the latest date of its spec's history so far, so a spec's
        // entries keep their file order (a coarse `2019` after `2019-03-14` stays after it).
        // Same-day entries of the spec so far, counted: cleared for each spec, so the cost
        // is one lookup an entry however long a history is.
        let mut same_day: rustc_hash::FxHashMap<PartialDate, u32> = Default::default();
        let mut keyed: Vec<(PartialDate, LogLine<'c>)> = Vec::new();
        let source_ids = catalog.packed_ids(Table::Source);
        let mut source_positions = Vec::new();
        for spec in specs {
            let mut latest: Option<PartialDate> = None;
            same_day.clear();
            for entry in crate::status::counting_entries(spec, day) {
                let date = *entry.date.get_ref();
                let key = latest.map_or(date, |l| l.max(date));
                latest = Some(key);
                let nth = same_day.entry(date).or_default();
                *nth += 1;
                let shown = since.is_none_or(|s| date.end() >= s.start())
                    && until.is_none_or(|u| date.start() <= u.end());
                if !shown {
                    continue;
                }
                let sources_at = u32::try_from(source_positions.len())
                    .ok()
                    .filter(|&at| at != LOOKED_UP_BY_ID);
                if sources_at.is_some() {
                    source_positions.extend(entry.sources.iter().map(|id| {
                        source_ids
                            .position(id.as_str())
                            .and_then(|at| u32::try_from(at).ok())
                            .unwrap_or(u32::MAX)
                    }));
                }
                let sources_at = sources_at.unwrap_or(LOOKED_UP_BY_ID);
                keyed.push((
                    key,
                    LogLine {
                        spec,
                        entry,
                        nth: *nth,
                        sources_at,
                    },
                ));
            }
        }
        keyed.sort_by_key(|(key, _)| *key);
        Self {
            catalog,
            source_positions,
            entries: keyed.into_iter().map(|(_, l)| l).collect(),
            empty_message: format!("No history entries as of {day}."),
        }
    }

    /// `line`'s entry resolved, its sources from the positions found for it (looked up
    /// again if it is not a line this report made).
    fn item(&self, line: &LogLine<'c>) -> HistoryItem<'c> {
        if line.sources_at == LOOKED_UP_BY_ID {
            return HistoryItem::new(self.catalog, line.entry);
        }
        let start = line.sources_at as usize;
        let end = start.checked_add(line.entry.sources.len());
        let positions = end.and_then(|end| self.source_positions.get(start..end));
        let Some(positions) = positions else {
            return HistoryItem::new(self.catalog, line.entry);
        };
        let found = positions
            .iter()
            .map(|&at| self.catalog.sources.get(at as usize).map(Spanned::get_ref));
        HistoryItem::with_sources(self.catalog, line.entry, found)
    }

    /// Reads a byte of each record that writing `line` reads: its entry, spec, note and
    /// sources, and their text ([`crate::ahead`]).
    fn touch(&self, line: &LogLine<'c>) -> usize {
        use crate::ahead::first_byte;
        let entry = line.entry;
        let source = self
            .source_positions
            .get(line.sources_at as usize)
            .and_then(|&at| self.catalog.sources.get(at as usize));
        first_byte(line.spec.id.as_str())
            + first_byte(entry.note().map_or("", |n| n.as_str()))
            + entry
                .sources
                .first()
                .map_or(0, |id| first_byte(id.as_str()))
            + source.map_or(0, |s| first_byte(s.get_ref().publisher.as_str()))
    }

    /// The entries, each resolved (sources, events) as it is asked for.
    pub fn items(&self) -> impl ExactSizeIterator<Item = LogEntry<'c>> + '_ {
        // In date order, the entries are out of the catalogue's order: read ahead.
        let touch = |n| self.touch(&self.entries[n]);
        let lines = crate::ahead::read_ahead(self.entries.len(), touch).map(|n| &self.entries[n]);
        lines.map(|line| LogEntry {
            spec: line.spec.id.as_str(),
            title: line.spec.title.as_str(),
            entry: self.item(line),
            nth: line.nth,
        })
    }
}

impl Serialize for LogReport<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.items())
    }
}

impl Render for LogReport<'_> {
    fn columns(&self) -> &'static [&'static str] {
        LOG_COLUMNS
    }

    fn view(&self) -> View<'_> {
        if self.entries.is_empty() {
            return View::note(&self.empty_message);
        }
        let rows = LazyRows::new(self.entries.len(), move || {
            self.items().map(|e| {
                // What changed, then the note: on a narrow terminal the note stays in view.
                let mut entry = e.entry.changes();
                entry.extend(e.entry.note_lines());
                vec![
                    Cell::new(e.entry.date.to_string()),
                    Cell::new(e.spec),
                    Cell::lines(entry),
                    Cell::lines(e.entry.sources.iter().map(SourceRef::short_citation)),
                ]
            })
        });
        View {
            blocks: vec![Block::Rows {
                columns: vec![
                    Column::whole("Date"),
                    Column::whole("Spec"),
                    Column::wraps("Entry"),
                    Column::wraps("Sources").optional(0),
                ],
                rows,
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_entries_have_the_sources_their_ids_name() {
        // One id that names no source (only in an invalid catalogue), and a line the report
        // did not make (its sources looked up by id).
        let catalog = crate::report::citing_an_unknown_source(7);
        let day = jiff::civil::date(2026, 11, 21);
        let mut log = LogReport::new(
            &catalog,
            catalog.specs.iter().map(|s| s.get_ref()),
            day,
            None,
            None,
        );
        assert!(log.entries.len() > 400);
        let mut unknown = 0;
        for (line, item) in log.entries.iter().zip(log.items()) {
            assert_eq!(item.entry, HistoryItem::new(&catalog, line.entry));
            unknown += item
                .entry
                .sources
                .iter()
                .filter(|s| s.title.is_none())
                .count();
        }
        assert_eq!(unknown, 1);
        let last = log.entries.len() - 1;
        log.entries[last].sources_at = LOOKED_UP_BY_ID;
        let item = log.items().last().unwrap();
        assert_eq!(
            item.entry,
            HistoryItem::new(&catalog, log.entries[last].entry)
        );
        log.entries[last].sources_at = u32::try_from(log.source_positions.len()).unwrap();
        let item = log.items().last().unwrap();
        assert_eq!(
            item.entry,
            HistoryItem::new(&catalog, log.entries[last].entry)
        );
        assert!(!item.entry.sources.is_empty());
    }
}
