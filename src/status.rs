//! The derived status of a spec as of a day (SPEC section 2).
//!
//! Status is never typed into the catalogue: it follows from the dated history. This module is
//! a pure function of a spec, a day and a way to find events, so it is easy to test.

use jiff::civil::Date;
use serde::Serialize;

use crate::catalog::{Catalog, Expected, HistoryEntry, Spec, State};
use crate::date::{PartialDate, days_between};

/// What is expected next, resolved to a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due<'a> {
    /// The interval the promise covers; for an event, the event's last day.
    pub date: PartialDate,
    /// The event named, when the promise named one.
    pub event: Option<&'a str>,
}

/// Where a spec stands on a given day. Its strings are borrowed from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status<'a> {
    pub state: State,
    /// The date of the entry that set `state`.
    pub since: PartialDate,
    pub expected: Option<Due<'a>>,
    pub pending: bool,
    pub overdue: bool,
    /// Whole days from the last day of the expected interval to the day asked about.
    pub days_overdue: Option<i64>,
    /// The version named by the latest counting entry that names one.
    pub version: Option<&'a str>,
}

/// The status of `spec` as of `day`, or `None` when no history entry counts yet (the spec
/// did not exist on that day).
///
/// `event_date` resolves an event id to the date it stands for; an unknown event leaves the
/// expectation out (validation reports such references).
pub fn derive<'a>(
    spec: &Spec<'a>,
    day: Date,
    event_date: impl Fn(&str) -> Option<PartialDate>,
) -> Option<Status<'a>> {
    let mut current: Option<(State, PartialDate)> = None;
    let mut expected: Option<Expected<'a>> = None;
    let mut version: Option<&'a str> = None;
    for entry in counting_entries(spec, day) {
        if let Some(named) = entry.version() {
            version = Some(named.as_str());
        }
        if let Some(state) = &entry.state {
            current = Some((*state.get_ref(), *entry.date.get_ref()));
            // A new state ends the old expectation unless this entry sets a new one.
            expected = None;
        }
        if let Some(next) = &entry.expected {
            expected = Some(*next.get_ref());
        }
    }
    let (state, since) = current?;
    let expected = expected.and_then(|e| match e {
        Expected::Date(date) => Some(Due { date, event: None }),
        Expected::Event(id) => event_date(id).map(|date| Due {
            date,
            event: Some(id),
        }),
    });
    let pending = state.is_pending();
    let days_overdue = match &expected {
        Some(due) if pending && due.date.end() < day => Some(days_between(due.date.end(), day)),
        _ => None,
    };
    Some(Status {
        state,
        since,
        expected,
        pending,
        overdue: days_overdue.is_some(),
        days_overdue,
        version,
    })
}

/// The history entries of `spec` that count as of `day`, in file order, which is the order
/// of events (SPEC section 1, history order): where two entries' dates overlap
/// (`2019-03-14`, then `2019` from a source that gives only the year), the later one in the
/// file is the later event. So an entry counts when its date starts on or before `day` *and*
/// every entry above it counts: the year-only `2019` entry cannot have happened before the
/// `2019-03-14` one above it. For a history in date order this is every entry starting on or
/// before `day`.
///
/// They are the history up to the first entry that does not count: a prefix, walked without
/// allocating, as every status derivation walks it.
pub fn counting_entries<'s, 'a>(
    spec: &'s Spec<'a>,
    day: Date,
) -> impl DoubleEndedIterator<Item = &'s HistoryEntry<'a>> + ExactSizeIterator + Clone {
    let count = spec
        .history
        .iter()
        .position(|e| e.get_ref().date.get_ref().start() > day)
        .unwrap_or(spec.history.len());
    spec.history[..count].iter().map(|e| e.get_ref())
}

/// Whether a history entry dated `next` may follow one dated `previous` (SPEC section 1,
/// history order): it may not lie wholly before it, that is end before `previous` starts.
/// Validation and the editing commands both ask this.
pub fn may_follow(previous: &PartialDate, next: &PartialDate) -> bool {
    next.end() >= previous.start()
}

/// The entry that set the current state as of `day` (the latest counting entry with a state).
pub fn state_entry<'s, 'a>(spec: &'s Spec<'a>, day: Date) -> Option<&'s HistoryEntry<'a>> {
    counting_entries(spec, day)
        .rev()
        .find(|e| e.state.is_some())
}

impl Catalog<'_> {
    /// The status of `spec` as of `day`, resolving events in this catalogue.
    pub fn status<'s>(&self, spec: &Spec<'s>, day: Date) -> Option<Status<'s>> {
        derive(spec, day, |id| self.event(id).map(|e| e.as_date()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const EVENTS: &str = r#"
format = 1
[[event]]
id = "summit"
name = "Summit"
start = "2026-04-09"
end = "2026-04-10"
"#;

    fn catalog(history: &str) -> Catalog<'static> {
        let text = format!(
            "{EVENTS}\n[[spec]]\nid = \"s\"\ntitle = \"S\"\nkind = \"specification\"\norgs = [\"o\"]\n{history}"
        );
        crate::catalog::leaked(&text)
    }

    fn status(history: &str, day: Date) -> Option<Status<'_>> {
        let cat = catalog(history);
        cat.status(cat.spec("s").unwrap(), day)
    }

    const ANNOUNCED: &str = r#"
[[spec.history]]
date = "2026-03-06"
state = "announced"
expected = "summit"
sources = ["x"]
"#;

    #[test]
    fn no_counting_entry_means_no_spec_yet() {
        assert_eq!(status(ANNOUNCED, date(2026, 3, 5)), None);
        assert!(status(ANNOUNCED, date(2026, 3, 6)).is_some());
    }

    #[test]
    fn expected_event_resolves_to_its_end() {
        let s = status(ANNOUNCED, date(2026, 4, 10)).unwrap();
        assert_eq!(s.state, State::Announced);
        assert_eq!(s.since.to_string(), "2026-03-06");
        assert_eq!(s.expected.as_ref().unwrap().date.to_string(), "2026-04-10");
        assert_eq!(s.expected.as_ref().unwrap().event, Some("summit"));
        assert!(s.pending);
        // On the last day of the summit it is not overdue yet.
        assert!(!s.overdue);
        assert_eq!(s.days_overdue, None);
    }

    #[test]
    fn overdue_counts_days_after_the_interval() {
        let s = status(ANNOUNCED, date(2026, 11, 21)).unwrap();
        assert!(s.overdue);
        assert_eq!(s.days_overdue, Some(225));
        let s = status(ANNOUNCED, date(2026, 4, 11)).unwrap();
        assert_eq!(s.days_overdue, Some(1));
    }

    #[test]
    fn partial_expected_dates_are_due_at_their_end() {
        let history = r#"
[[spec.history]]
date = "2025"
state = "proposed"
expected = "2026-Q2"
sources = ["x"]
"#;
        assert!(!status(history, date(2026, 6, 30)).unwrap().overdue);
        assert_eq!(
            status(history, date(2026, 7, 1)).unwrap().days_overdue,
            Some(1)
        );
    }

    #[test]
    fn a_new_state_ends_the_old_expectation() {
        let history = format!(
            "{ANNOUNCED}\n[[spec.history]]\ndate = \"2026-04-09\"\nstate = \"released\"\nsources = [\"x\"]\n"
        );
        let s = status(&history, date(2026, 11, 21)).unwrap();
        assert_eq!(s.state, State::Released);
        assert_eq!(s.since.to_string(), "2026-04-09");
        assert_eq!(s.expected, None);
        assert!(s.pending);
        assert!(!s.overdue);
    }

    #[test]
    fn an_entry_without_state_can_move_the_expectation() {
        let history = format!(
            "{ANNOUNCED}\n[[spec.history]]\ndate = \"2026-04-10\"\nexpected = \"2026-12\"\nsources = [\"x\"]\nnote = \"slipped\"\n"
        );
        let s = status(&history, date(2026, 11, 21)).unwrap();
        assert_eq!(s.state, State::Announced);
        assert_eq!(s.since.to_string(), "2026-03-06");
        assert_eq!(s.expected.unwrap().date.to_string(), "2026-12");
        assert!(!s.overdue);
    }

    #[test]
    fn entries_after_the_day_do_not_count() {
        let history = format!(
            "{ANNOUNCED}\n[[spec.history]]\ndate = \"2026-05\"\nstate = \"published\"\nsources = [\"x\"]\n"
        );
        // A month-precision entry counts once its month has started.
        assert_eq!(
            status(&history, date(2026, 4, 30)).unwrap().state,
            State::Announced
        );
        let s = status(&history, date(2026, 5, 1)).unwrap();
        assert_eq!(s.state, State::Published);
        assert!(!s.pending && !s.overdue);
    }

    #[test]
    fn published_is_never_overdue() {
        let history = r#"
[[spec.history]]
date = "2020"
state = "published"
expected = "2020-01"
sources = ["x"]
"#;
        let s = status(history, date(2026, 1, 1)).unwrap();
        assert!(!s.pending);
        assert!(!s.overdue);
        assert_eq!(s.days_overdue, None);
    }

    #[test]
    fn a_coarser_date_after_a_finer_one_is_the_later_event() {
        // The source of the second entry gives only the year; file order decides.
        let history = r#"
[[spec.history]]
date = "2019-03-14"
state = "drafting"
version = "v0.85"
sources = ["x"]

[[spec.history]]
date = "2019"
state = "published"
version = "1.0"
sources = ["x"]
"#;
        let s = status(history, date(2020, 1, 1)).unwrap();
        assert_eq!(s.state, State::Published);
        assert_eq!(s.since.to_string(), "2019");
        assert_eq!(s.version, Some("1.0"));
        // Before 2019-03-14 nothing counts: the year entry comes after the 2019-03-14 one,
        // so it cannot have happened yet, though its year has started.
        assert!(status(history, date(2019, 2, 1)).is_none());
        // On 2019-03-14 both count, and the later in the file decides.
        let s = status(history, date(2019, 3, 14)).unwrap();
        assert_eq!(s.version, Some("1.0"));
        assert!(may_follow(
            &"2019-03-14".parse().unwrap(),
            &"2019".parse().unwrap()
        ));
        assert!(!may_follow(
            &"2019-03-14".parse().unwrap(),
            &"2018".parse().unwrap()
        ));
        assert!(!may_follow(
            &"2019-03-14".parse().unwrap(),
            &"2019-03-13".parse().unwrap()
        ));
    }

    #[test]
    fn the_version_is_the_latest_named() {
        let history = format!(
            "{ANNOUNCED}version = \"r2.0\"\n[[spec.history]]\ndate = \"2026-05\"\nnote = \"no version\"\n"
        );
        assert_eq!(
            status(&history, date(2026, 6, 1)).unwrap().version,
            Some("r2.0")
        );
        assert_eq!(status(ANNOUNCED, date(2026, 6, 1)).unwrap().version, None);
    }

    #[test]
    fn without_expectation_a_pending_spec_is_not_overdue() {
        let history =
            "[[spec.history]]\ndate = 2021-01-28\nstate = \"proposed\"\nsources = [\"x\"]\n";
        let s = status(history, date(2026, 11, 21)).unwrap();
        assert!(s.pending);
        assert!(!s.overdue);
        assert_eq!(s.expected, None);
    }
}
