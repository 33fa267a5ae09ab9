//! `export --format html`: what the status page shows, before any HTML.

use jiff::civil::Date;

use super::{EventsReport, Filter, HistoryItem, SortKey, SourceRef, SpecSummary, When, select};
use crate::catalog::{Catalog, Expected, PackedIds, Spec, State, Table};
use crate::date::PartialDate;

/// One row of the timeline picture, made as it is drawn ([`StatusPage::timeline_spec`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineSpec<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Each history entry: its date, the state it set, and what it said in a few words.
    pub entries: Vec<(PartialDate, Option<State>, String)>,
    /// Each date ever promised, once; `true` for the standing promise when it is overdue.
    pub expected: Vec<(PartialDate, bool)>,
}

/// A spec of the timeline as the page keeps it: the spec, and its standing expected date
/// when that is overdue.
#[derive(Debug, Clone, Copy)]
pub struct TimelineRef<'a> {
    pub spec: &'a Spec<'a>,
    pub overdue: Option<PartialDate>,
}

/// Where a timeline spec's sources are among the positions found for the timeline: `start`
/// to `end`, or `None` when they are to be found as the page is written.
type SourceRange = Option<(u32, u32)>;

/// The status page as of a day.
///
/// It holds what the page shows in order, not the page's text: each timeline row and each
/// list of sources is made as it is written, so the page costs little beyond the catalogue.
#[derive(Debug, Clone)]
pub struct StatusPage<'a> {
    catalog: &'a Catalog<'a>,
    /// The sources' ids, for [`Self::sources`]' lookups (one for each source of each pending
    /// spec's history: in the records and the file's text, two cache misses each, a tenth
    /// of the page at 100k specs).
    source_ids: PackedIds<'a>,
    pub as_of: Date,
    /// The pending specs, overdue first (most days late first), then by expected date; each
    /// with its spec, for its lead org and its sources.
    pub pending: Vec<(&'a Spec<'a>, SpecSummary<'a>)>,
    pub events: EventsReport,
    /// Every spec existing on the day, by first entry, then id.
    pub timeline: Vec<TimelineRef<'a>>,
    /// Each timeline spec (`timeline` is public: a row is used only for the spec it was
    /// made for) and where its sources are in `timeline_source_positions` (`None`: one of
    /// its ids names no source, and its sources are found as it is written).
    timeline_sources: Vec<(&'a Spec<'a>, SourceRange)>,
    /// The positions in the catalogue's sources of every timeline spec's sources
    /// ([`Self::sources`]), found spec by spec in the catalogue's order: found as the page
    /// is written, in the timeline's order, each reads the spec's history and each id in the
    /// file's text out of order, cache misses in a large catalogue.
    timeline_source_positions: Vec<u32>,
    /// The first and the last day the timeline marks (an entry's start, a promise's end).
    pub span: Option<(Date, Date)>,
    /// The latest history entry's date (latest end, then latest start).
    pub latest: Option<PartialDate>,
}

impl<'a> StatusPage<'a> {
    pub fn new(catalog: &'a Catalog<'a>, day: Date) -> Self {
        let pending_filter = Filter {
            pending: true,
            ..Filter::default()
        };
        let pending = select(catalog, day, &pending_filter, SortKey::Overdue)
            .iter()
            .map(|(spec, status)| (*spec, SpecSummary::new(spec, status)))
            .collect();
        let mut span: Option<(Date, Date)> = None;
        let mut latest: Option<PartialDate> = None;
        let mut widen = |d: Date| {
            span = Some(span.map_or((d, d), |(a, b)| (a.min(d), b.max(d))));
        };
        let source_ids = catalog.packed_ids(Table::Source);
        let mut found = Vec::new();
        let mut positions: Vec<u32> = Vec::new();
        let mut timeline: Vec<(Option<PartialDate>, TimelineRef<'a>, SourceRange)> =
            super::filter::matching(catalog, day, &Filter::default())
                .into_iter()
                .map(|(spec, status)| {
                    found.clear();
                    sources_of(spec, day, &source_ids, &mut found);
                    let start = positions.len();
                    positions.extend(found.iter().map_while(|(at, _)| u32::try_from((*at)?).ok()));
                    let sources = if positions.len() - start == found.len() {
                        u32::try_from(start)
                            .ok()
                            .zip(u32::try_from(positions.len()).ok())
                    } else {
                        positions.truncate(start);
                        None
                    };
                    let entries = crate::status::counting_entries(spec, day);
                    for entry in entries.clone() {
                        let date = *entry.date.get_ref();
                        widen(date.start());
                        if latest.is_none_or(|l| (date.end(), date.start()) > (l.end(), l.start()))
                        {
                            latest = Some(date);
                        }
                        if let Some(expected) = expected_date(catalog, entry) {
                            widen(expected.end());
                        }
                    }
                    let first = entries.clone().next().map(|e| *e.date.get_ref());
                    let overdue = status
                        .expected
                        .as_ref()
                        .filter(|_| status.overdue)
                        .map(|due| due.date);
                    (first, TimelineRef { spec, overdue }, sources)
                })
                .collect();
        // Ids are unique, so no two keys are equal. Many specs start on the same day: the
        // id's first bytes, kept in the key, settle most of those ties without reading the
        // ids' text at every comparison.
        timeline.sort_by_cached_key(|(first, t, _)| {
            let id = t.spec.id.as_str();
            (*first, super::filter::id_prefix(id), id)
        });
        let (timeline, timeline_sources) = timeline
            .into_iter()
            .map(|(_, t, s)| (t, (t.spec, s)))
            .unzip();
        Self {
            catalog,
            source_ids,
            as_of: day,
            pending,
            events: EventsReport::new(catalog, day, When::All, None, None),
            timeline,
            timeline_sources,
            timeline_source_positions: positions,
            span,
            latest,
        }
    }

    /// The timeline row of `spec`.
    pub fn timeline_spec(&self, spec: TimelineRef<'a>) -> TimelineSpec<'a> {
        let TimelineRef { spec, overdue } = spec;
        let items: Vec<HistoryItem> = crate::status::counting_entries(spec, self.as_of)
            .map(|e| HistoryItem::unsourced(self.catalog, e))
            .collect();
        let mut expected: Vec<(PartialDate, bool)> = Vec::new();
        for date in items.iter().filter_map(|i| i.expected) {
            if !expected.iter().any(|(d, _)| *d == date) {
                expected.push((date, overdue == Some(date)));
            }
        }
        TimelineSpec {
            id: spec.id.as_str(),
            title: spec.title.as_str(),
            entries: items
                .iter()
                .map(|i| {
                    let mut what = i.changes();
                    what.extend(i.note.map(str::to_owned));
                    (i.date, i.state, what.join("; "))
                })
                .collect(),
            expected,
        }
    }

    /// The sources of the history entries of `spec` counting on the day, each once, in
    /// history order.
    pub fn sources(&self, spec: &Spec<'a>) -> Vec<SourceRef<'a>> {
        let mut found = Vec::new();
        sources_of(spec, self.as_of, &self.source_ids, &mut found);
        found
            .into_iter()
            .map(|(at, id)| {
                let source = at.and_then(|at| self.catalog.sources.get(at));
                SourceRef::of(id, source.map(|s| s.get_ref()))
            })
            .collect()
    }

    /// [`Self::sources`] of the `n`th spec of the timeline.
    pub(crate) fn timeline_sources(&self, n: usize) -> Vec<SourceRef<'a>> {
        let Some(spec) = self.timeline.get(n).map(|t| t.spec) else {
            return Vec::new();
        };
        let Some(&(made_for, Some((start, end)))) = self.timeline_sources.get(n) else {
            return self.sources(spec);
        };
        if !std::ptr::eq(made_for, spec) {
            return self.sources(spec);
        }
        let positions = &self.timeline_source_positions[start as usize..end as usize];
        positions
            .iter()
            .filter_map(|&at| self.catalog.sources.get(at as usize))
            .map(|source| {
                let source = source.get_ref();
                SourceRef::of(source.id.as_str(), Some(source))
            })
            .collect()
    }

    /// Reads a byte of each record that drawing and listing the `n`th timeline spec reads:
    /// the spec, its history and notes, its sources, and their text ([`crate::ahead`]).
    pub(crate) fn touch_timeline_row(&self, n: usize) -> usize {
        use crate::ahead::first_byte;
        let Some(row) = self.timeline.get(n) else {
            return 0;
        };
        let spec = row.spec;
        let history: usize = spec
            .history
            .iter()
            .map(|e| first_byte(e.get_ref().note().map_or("", |n| n.as_str())))
            .sum();
        let sources = match self.timeline_sources.get(n) {
            Some(&(_, Some((start, _)))) => self
                .timeline_source_positions
                .get(start as usize)
                .and_then(|&at| self.catalog.sources.get(at as usize))
                .map_or(0, |s| first_byte(s.get_ref().publisher.as_str())),
            _ => 0,
        };
        first_byte(spec.id.as_str()) + first_byte(spec.title.as_str()) + history + sources
    }

    /// Reads a byte of each record that listing the `n`th pending spec reads (see
    /// [`Self::touch_timeline_row`]).
    pub(crate) fn touch_pending_row(&self, n: usize) -> usize {
        use crate::ahead::first_byte;
        let Some((spec, summary)) = self.pending.get(n) else {
            return 0;
        };
        let cited = spec
            .history
            .iter()
            .flat_map(|e| e.get_ref().sources.first())
            .map(|id| first_byte(id.as_str()));
        first_byte(summary.title) + cited.sum::<usize>()
    }

    /// The lead org's short name (or name) of `spec`.
    pub fn lead(&self, spec: &Spec<'a>) -> Option<&'a str> {
        SpecSummary::lead(self.catalog, spec)
    }
}

/// The sources of the history entries of `spec` counting on `day`, each once, in history
/// order, put in `found`: where each is among the catalogue's sources (found in `ids`, its
/// sources' ids packed; `None`: an id no source has) and its id. Each is told from the
/// others by its position (an id the catalogue lacks, by its text): comparing each id's text
/// with those before it was a tenth of writing the page.
fn sources_of<'a>(
    spec: &Spec<'a>,
    day: Date,
    ids: &PackedIds,
    found: &mut Vec<(Option<usize>, &'a str)>,
) {
    for entry in crate::status::counting_entries(spec, day) {
        for source in entry.sources {
            let id = source.as_str();
            let at = ids.position(id);
            let seen = found.iter().any(|&(other, other_id)| match (at, other) {
                (Some(at), Some(other)) => at == other,
                (None, None) => id == other_id,
                _ => false,
            });
            if !seen {
                found.push((at, id));
            }
        }
    }
}

/// The date `entry` expects the next step by: its date, or its event's date.
fn expected_date(catalog: &Catalog, entry: &crate::catalog::HistoryEntry) -> Option<PartialDate> {
    match entry.expected.as_ref().map(|e| e.get_ref()) {
        Some(Expected::Date(date)) => Some(*date),
        Some(Expected::Event(id)) => catalog.event(id).map(|e| e.as_date()),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeline_finds_the_sources_the_page_finds() {
        // Sources cited twice by one spec (kept once), and one id that names no source
        // (only in an invalid catalogue): found as the page is written.
        let catalog = crate::report::citing_an_unknown_source(5);
        let page = StatusPage::new(&catalog, jiff::civil::date(2026, 11, 21));
        assert!(page.timeline.len() > 100);
        assert_eq!(
            page.timeline_sources
                .iter()
                .filter(|s| s.1.is_none())
                .count(),
            1
        );
        let mut twice = 0;
        for (n, t) in page.timeline.iter().enumerate() {
            let sources = page.sources(t.spec);
            assert_eq!(page.timeline_sources(n), sources, "{}", t.spec.id.as_str());
            let cited = crate::status::counting_entries(t.spec, page.as_of)
                .map(|e| e.sources.len())
                .sum::<usize>();
            twice += usize::from(cited > sources.len());
        }
        assert!(twice > 0, "no spec cites a source twice");
        // The timeline is public: rows moved or dropped keep their own sources.
        let mut page = page;
        page.timeline.reverse();
        page.timeline.truncate(page.timeline.len() / 2);
        for (n, t) in page.timeline.iter().enumerate() {
            assert_eq!(page.timeline_sources(n), page.sources(t.spec));
        }
    }
}
