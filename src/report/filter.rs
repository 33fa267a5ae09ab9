//! Which specs `list`/`pending` show, and in what order (SPEC section 4, filters).

use std::cmp::Reverse;

use jiff::civil::Date;

use crate::catalog::{Catalog, Kind, Spec, State};
use crate::date::PartialDate;
use crate::status::Status;

/// The filters of `list` and `pending`. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Any of these states (none: every state).
    pub states: Vec<State>,
    pub kind: Option<Kind>,
    /// This org or any org below it (via `parent`).
    pub org: Option<String>,
    pub topic: Option<String>,
    pub overdue: bool,
    /// Pending, not overdue, and the expected interval ends within this many days of the day.
    pub due_within: Option<u32>,
    /// Text in the id or title, ignoring case.
    pub search: Option<String>,
    /// Pending specs only (`pending`).
    pub pending: bool,
}

impl Filter {
    /// Whether anything beyond `pending` narrows the selection.
    pub fn narrows(&self) -> bool {
        Filter {
            pending: false,
            ..self.clone()
        } != Filter::default()
    }

    pub fn matches(&self, catalog: &Catalog, spec: &Spec, status: &Status, day: Date) -> bool {
        (!self.pending || status.pending)
            && self
                .due_within
                .is_none_or(|days| due_within(status, day, days))
            && (self.states.is_empty() || self.states.contains(&status.state))
            && self.kind.is_none_or(|k| *spec.kind.get_ref() == k)
            && (!self.overdue || status.overdue)
            && self.org.as_deref().is_none_or(|wanted| {
                spec.orgs
                    .get_ref()
                    .iter()
                    .any(|o| org_within(catalog, o.get_ref(), wanted))
            })
            && self.topic.as_deref().is_none_or(|wanted| {
                // In any case: `check` warns about a topic that is not lowercase, but a
                // filter still finds it.
                let wanted = wanted.to_lowercase();
                spec.topics
                    .iter()
                    .any(|t| t.get_ref().to_lowercase() == wanted)
            })
            && self.search.as_deref().is_none_or(|text| {
                let text = text.to_lowercase();
                spec.id.get_ref().to_lowercase().contains(&text)
                    || spec.title.get_ref().to_lowercase().contains(&text)
            })
    }
}

/// Whether a spec is due within `days` days of `day`: pending, not overdue, and its expected
/// interval ends on `day` or at most `days` days after it.
pub fn due_within(status: &Status, day: Date, days: u32) -> bool {
    let Some(due) = status
        .expected
        .as_ref()
        .filter(|_| status.pending && !status.overdue)
    else {
        return false;
    };
    let last = due.date.end();
    last >= day && crate::date::days_between(day, last) <= i64::from(days)
}

/// Whether `org` is `ancestor` or lies below it through `parent` links. A cycle (possible
/// only in an invalid catalogue) ends the walk instead of looping.
pub fn org_within(catalog: &Catalog, org: &str, ancestor: &str) -> bool {
    let mut current = Some(org);
    for _ in 0..=catalog.orgs.len() {
        match current {
            Some(id) if id == ancestor => return true,
            Some(id) => {
                current = catalog
                    .org(id)
                    .and_then(|o| o.parent.as_ref())
                    .map(|p| p.as_str());
            }
            None => return false,
        }
    }
    false
}

/// The orders `list` and `pending` can sort by; each ends with the id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SortKey {
    /// Overdue first (most days first), then by expected date
    #[default]
    Overdue,
    Id,
    /// Title, ignoring case
    Title,
    /// When the current state began
    Since,
    /// Expected date; none last
    Expected,
    /// In the usual order of states (proposed … published, withdrawn, superseded)
    State,
}

/// The specs of `catalog` that exist as of `day` and pass `filter`, with their status,
/// sorted by `sort`.
pub fn select<'c, 'a>(
    catalog: &'c Catalog<'a>,
    day: Date,
    filter: &Filter,
    sort: SortKey,
) -> Vec<(&'c Spec<'a>, Status<'a>)> {
    // Each spec's key made once (not twice at every comparison: a title was lower-cased
    // each time) and sorted beside its position (so equal keys keep the catalogue's order).
    let keyed = |specs| {
        let selected = pick(catalog, day, filter, specs);
        let mut keys: Vec<(Order, usize)> = selected
            .iter()
            .enumerate()
            .map(|(at, (spec, status))| (order(sort, spec, status), at))
            .collect();
        keys.sort_unstable();
        (selected, keys)
    };
    // In a large catalogue each half is derived and sorted on its own thread, then the two
    // lists of keys merged: the sort, on one thread, took as long as the derivation on two.
    let (mut selected, mut from) = match crate::parallel::halves(&catalog.specs) {
        Some((front, back)) => {
            let ((mut selected, front), (back_selected, back)) =
                crate::parallel::join(|| keyed(front), || keyed(back));
            let after = selected.len();
            selected.extend(back_selected);
            let back = back.iter().map(|(key, at)| (key, after + at));
            (
                selected,
                merged(front.iter().map(|(key, at)| (key, *at)), back),
            )
        }
        None => {
            let (selected, keys) = keyed(&catalog.specs);
            (selected, keys.into_iter().map(|(_, at)| at).collect())
        }
    };
    // Each in its place, by following where each place's item is (as `sort_by_cached_key`
    // does), without a second list of the specs.
    for to in 0..from.len() {
        let mut at = from[to];
        while at < to {
            at = from[at];
        }
        from[to] = at;
        selected.swap(to, at);
    }
    selected
}

/// The first eight bytes of `id` (padded with zeros), as a number: two ids whose numbers
/// differ are in the order of their numbers. Kept in a sort key beside the id, it settles
/// most comparisons of ids without reading their text (a miss in the cache each, in a large
/// catalogue).
pub(crate) fn id_prefix(id: &str) -> u64 {
    let mut bytes = [0; 8];
    let first = &id.as_bytes()[..id.len().min(8)];
    bytes[..first.len()].copy_from_slice(first);
    u64::from_be_bytes(bytes)
}

/// The positions of `front` and `back`, each a sorted list of keys and positions, in the
/// order of their keys; on equal keys `front`'s first. Only positions are made: a list of
/// the keys again cost more than the merge, in fresh memory.
fn merged<K: Ord>(
    front: impl ExactSizeIterator<Item = (K, usize)>,
    back: impl ExactSizeIterator<Item = (K, usize)>,
) -> Vec<usize> {
    let mut all = Vec::with_capacity(front.len() + back.len());
    let mut back = back.peekable();
    for (key, at) in front {
        while let Some((_, next)) = back.next_if(|(next, _)| *next < key) {
            all.push(next);
        }
        all.push(at);
    }
    all.extend(back.map(|(_, at)| at));
    all
}

/// [`select`] in the catalogue's order, for a caller that sorts by a key of its own (sorting
/// 100,000 ids first would cost more than the derivation).
pub(crate) fn matching<'c, 'a>(
    catalog: &'c Catalog<'a>,
    day: Date,
    filter: &Filter,
) -> Vec<(&'c Spec<'a>, Status<'a>)> {
    // Deriving every spec's status is most of the work: in a large catalogue each half of
    // the specs is derived on its own thread.
    match crate::parallel::halves(&catalog.specs) {
        Some((front, back)) => {
            let (mut selected, back) = crate::parallel::join(
                || pick(catalog, day, filter, front),
                || pick(catalog, day, filter, back),
            );
            selected.extend(back);
            selected
        }
        None => pick(catalog, day, filter, &catalog.specs),
    }
}

/// The specs of `specs` that exist as of `day` and pass `filter`, with their status, in
/// their order.
fn pick<'c, 'a>(
    catalog: &'c Catalog<'a>,
    day: Date,
    filter: &Filter,
    specs: &'c [crate::catalog::Spanned<Spec<'a>>],
) -> Vec<(&'c Spec<'a>, Status<'a>)> {
    specs
        .iter()
        .map(|spec| spec.get_ref())
        .filter_map(|spec| catalog.status(spec, day).map(|status| (spec, status)))
        .filter(|(spec, status)| filter.matches(catalog, spec, status, day))
        .collect()
}

/// Where a spec goes in a list sorted by `sort`: the fields that key leaves alone are all
/// equal, so the order is by the key, then the id.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Order<'a> {
    /// Most days overdue first (`overdue`).
    days_overdue: Reverse<i64>,
    /// Earliest expected date first, none last (`overdue`, then `expected`).
    expected: (bool, Option<PartialDate>),
    /// Lower-cased (`title`); `None` for the other keys, so that their comparisons do not
    /// call `memcmp` for two empty strings (2% of `pending`'s time at 100k specs).
    title: Option<String>,
    since: Option<PartialDate>,
    state: Option<State>,
    /// The id's first bytes settle most ties without reading the id's text.
    id_prefix: u64,
    id: &'a str,
}

fn order<'a>(sort: SortKey, spec: &Spec<'a>, status: &Status<'a>) -> Order<'a> {
    let expected = || {
        let date = status.expected.as_ref().map(|due| due.date);
        (date.is_none(), date)
    };
    let mut order = Order {
        days_overdue: Reverse(0),
        expected: (false, None),
        title: None,
        since: None,
        state: None,
        id_prefix: id_prefix(spec.id.get_ref()),
        id: spec.id.get_ref(),
    };
    match sort {
        SortKey::Overdue => {
            order.days_overdue = Reverse(status.days_overdue.unwrap_or(-1));
            order.expected = expected();
        }
        SortKey::Id => {}
        SortKey::Title => order.title = Some(spec.title.get_ref().to_lowercase()),
        SortKey::Since => order.since = Some(status.since),
        SortKey::Expected => order.expected = expected(),
        SortKey::State => order.state = Some(status.state),
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn id_prefixes_are_in_the_order_of_the_ids() {
        let mut ids = [
            "",
            "a",
            "a-",
            "a-b",
            "ab",
            "abcdefgh",
            "abcdefgh-1",
            "abcdefgh-2",
            "abcdefgi",
            "b",
            "b\u{0}",
            "é",
            "zz",
        ];
        ids.sort_unstable();
        for pair in ids.windows(2) {
            assert!(id_prefix(pair[0]) <= id_prefix(pair[1]), "{pair:?}");
        }
        assert!(id_prefix("a") < id_prefix("b"));
        assert_eq!(id_prefix("abcdefgh-1"), id_prefix("abcdefgh-2"));
    }

    #[test]
    fn two_sorted_halves_merge_as_one_stable_sort() {
        // Keys and positions: on equal keys the front's come first.
        let front = [(1, 0), (3, 1), (3, 2), (7, 3)];
        let back = [(0, 4), (3, 5), (8, 6), (9, 7)];
        let mut whole = [front, back].concat();
        whole.sort_by_key(|(key, _)| *key);
        let positions: Vec<usize> = whole.iter().map(|(_, at)| *at).collect();
        assert_eq!(merged(front.into_iter(), back.into_iter()), positions);
        assert_eq!(merged([].into_iter(), [(1, 0)].into_iter()), [0]);
        assert_eq!(merged([(1, 0)].into_iter(), [].into_iter()), [0]);
    }

    const CATALOG: &str = r#"
format = 1
[[org]]
id = "gcc"
name = "Global Computing Consortium"
[[org]]
id = "gcc-oai"
name = "Open AI Infra Community"
parent = "gcc"
[[org]]
id = "gcc-dpu-pg"
name = "DPU Project Group"
parent = "gcc-oai"
[[org]]
id = "ocp"
name = "Open Compute Project"
[[org]]
id = "loop-a"
name = "A"
parent = "loop-b"
[[org]]
id = "loop-b"
name = "B"
parent = "loop-a"

[[event]]
id = "summit"
name = "Summit"
start = "2026-04-09"
end = "2026-04-10"

[[spec]]
id = "dpu"
title = "DPU specifications"
kind = "specification"
orgs = ["gcc-dpu-pg"]
topics = ["dpu"]
[[spec.history]]
date = "2026-03-06"
state = "announced"
expected = "summit"

[[spec]]
id = "late"
title = "An older promise"
kind = "guide"
orgs = ["ocp"]
[[spec.history]]
date = "2025-01"
state = "drafting"
expected = "2025-Q2"

[[spec]]
id = "wp"
title = "White Paper on Heterogeneous Computing"
kind = "white-paper"
orgs = ["gcc"]
topics = ["computing-power"]
[[spec.history]]
date = "2025-07-27"
state = "released"

[[spec]]
id = "oam"
title = "OAM base specification"
kind = "specification"
orgs = ["ocp"]
[[spec.history]]
date = "2022-02"
state = "published"
"#;

    fn catalog() -> Catalog<'static> {
        crate::catalog::leaked(CATALOG)
    }

    fn ids(filter: &Filter, sort: SortKey, day: Date) -> Vec<String> {
        let catalog = catalog();
        select(&catalog, day, filter, sort)
            .into_iter()
            .map(|(s, _)| s.id.get_ref().to_string())
            .collect()
    }

    const DAY: Date = date(2026, 11, 21);

    #[test]
    fn default_order_is_most_overdue_first_then_expected_then_id() {
        // late: overdue since 2025-06-30 (509 days); dpu: 225 days; then no expected date.
        assert_eq!(
            ids(&Filter::default(), SortKey::Overdue, DAY),
            ["late", "dpu", "oam", "wp"]
        );
    }

    #[test]
    fn other_orders() {
        let all = Filter::default();
        assert_eq!(ids(&all, SortKey::Id, DAY), ["dpu", "late", "oam", "wp"]);
        assert_eq!(ids(&all, SortKey::Title, DAY), ["late", "dpu", "oam", "wp"]);
        assert_eq!(ids(&all, SortKey::Since, DAY), ["oam", "late", "wp", "dpu"]);
        assert_eq!(
            ids(&all, SortKey::Expected, DAY),
            ["late", "dpu", "oam", "wp"]
        );
        assert_eq!(ids(&all, SortKey::State, DAY), ["dpu", "late", "wp", "oam"]);
    }

    #[test]
    fn specs_without_history_as_of_the_day_are_left_out() {
        assert_eq!(
            ids(&Filter::default(), SortKey::Id, date(2025, 7, 26)),
            ["late", "oam"]
        );
    }

    #[test]
    fn each_filter_narrows() {
        let f = |filter: Filter| ids(&filter, SortKey::Id, DAY);
        assert_eq!(
            f(Filter {
                pending: true,
                ..Filter::default()
            }),
            ["dpu", "late", "wp"]
        );
        assert_eq!(
            f(Filter {
                states: vec![State::Released, State::Published],
                ..Filter::default()
            }),
            ["oam", "wp"]
        );
        assert_eq!(
            f(Filter {
                kind: Some(Kind::WhitePaper),
                ..Filter::default()
            }),
            ["wp"]
        );
        assert_eq!(
            f(Filter {
                overdue: true,
                ..Filter::default()
            }),
            ["dpu", "late"]
        );
        assert_eq!(
            f(Filter {
                topic: Some("DPU".into()),
                ..Filter::default()
            }),
            ["dpu"]
        );
        assert_eq!(
            f(Filter {
                search: Some("white PAPER".into()),
                ..Filter::default()
            }),
            ["wp"]
        );
        assert_eq!(
            f(Filter {
                search: Some("oa".into()),
                ..Filter::default()
            }),
            ["oam"]
        );
    }

    #[test]
    fn an_org_matches_the_specs_of_its_child_orgs() {
        let f = |org: &str| {
            ids(
                &Filter {
                    org: Some(org.into()),
                    ..Filter::default()
                },
                SortKey::Id,
                DAY,
            )
        };
        assert_eq!(f("gcc"), ["dpu", "wp"]);
        assert_eq!(f("gcc-oai"), ["dpu"]);
        assert_eq!(f("ocp"), ["late", "oam"]);
    }

    #[test]
    fn a_parent_cycle_ends_the_walk() {
        let catalog = catalog();
        assert!(!org_within(&catalog, "loop-a", "gcc"));
        assert!(org_within(&catalog, "loop-a", "loop-b"));
    }

    #[test]
    fn narrows_ignores_pending() {
        assert!(
            !Filter {
                pending: true,
                ..Filter::default()
            }
            .narrows()
        );
        assert!(
            Filter {
                overdue: true,
                ..Filter::default()
            }
            .narrows()
        );
    }
}
