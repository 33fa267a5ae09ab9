//! Report values: what the reporting commands compute, before any rendering.
//!
//! Each report serialises to its JSON shape (SPEC section 5) and implements
//! [`crate::render::Render`]. Fields marked `#[serde(skip)]` carry what people (and feeds
//! such as iCalendar, Atom or HTML) want beyond the JSON shape: names, places, addresses.

mod calendar;
mod diff;
mod event;
mod events;
mod filter;
mod history;
mod list;
mod page;
mod scorecard;
mod show;
mod slips;
mod spec;
mod status;

pub use calendar::{CalendarReport, Promise, latest_fact};
pub use diff::{
    Change, DIFF_COLUMNS, Derived, DerivedSpecs, DiffReport, DiffRow, DiffRows, derived,
};
pub use event::{EVENT_DETAIL_COLUMNS, EventDetail, Outstanding};
pub use events::{
    EVENT_COLUMNS, EventReport, EventsReport, Expectation, Outcome, Promised, Released, When,
};
pub use filter::{Filter, SortKey, org_within, select};
pub use history::{
    EventRef, HISTORY_COLUMNS, HistoryItem, LOG_COLUMNS, LogEntry, LogReport, SourceRef,
};
pub use list::SpecList;
pub use page::{StatusPage, TimelineRef, TimelineSpec};
pub use scorecard::{Fate, OrgScore, SCORECARD_COLUMNS, Scorecard};
pub use show::{SHOW_COLUMNS, ShowReport};
pub use slips::{SLIPS_COLUMNS, Slip, SlipsReport, SpecSlips};
pub use spec::{Names, SPEC_COLUMNS, SpecSummary};
pub use status::StatusReport;

use crate::date::PartialDate;

/// "on 2025-07-27" for a day, "in 2022-02" for a coarser date.
pub(crate) fn on(date: &PartialDate) -> String {
    match date.precision() {
        crate::date::Precision::Day => format!("on {date}"),
        _ => format!("in {date}"),
    }
}

/// "1 day", "225 days".
pub(crate) fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// A synthetic catalogue of 200 specs whose first history entry also cites `nowhere`, an id
/// no source has (only in an invalid catalogue): for the reports that find sources ahead
/// and fall back to a lookup by id.
#[cfg(test)]
pub(crate) fn citing_an_unknown_source(seed: u64) -> crate::catalog::Catalog<'static> {
    let mut text = spectrack_synth::catalogue(200, seed).unwrap();
    let history = text.find("[[spec.history]]").unwrap();
    let cited = "sources = [\"";
    let at = history + text[history..].find(cited).unwrap() + cited.len();
    text.insert_str(at, "nowhere\", \"");
    crate::catalog::leaked(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::render::Render;
    use jiff::civil::date;
    use serde_json::Value;

    fn catalog() -> Catalog<'static> {
        crate::catalog::leaked(include_str!("../../tests/fixtures/gcc-ocp.toml"))
    }

    /// The keys of the first JSON object `report` serialises to, in order.
    fn keys(report: &impl Render) -> Vec<String> {
        let value = serde_json::to_value(report).unwrap();
        let object = match value {
            Value::Array(mut items) => items.remove(0),
            other => other,
        };
        // serde_json's map sorts keys; compare as sets, and check the count separately.
        let Value::Object(map) = object else {
            panic!("not an object")
        };
        let mut keys: Vec<String> = map.keys().cloned().collect();
        keys.sort();
        keys
    }

    fn sorted(columns: &[&str]) -> Vec<String> {
        let mut c: Vec<String> = columns.iter().map(|s| s.to_string()).collect();
        c.sort();
        c
    }

    #[test]
    fn csv_columns_are_the_json_keys() {
        let catalog = catalog();
        let day = date(2026, 11, 21);
        let spec = catalog.spec("gcc-dpu-specs").unwrap();
        let status = catalog.status(spec, day).unwrap();
        let list = SpecList::new(&catalog, vec![(spec, status.clone())], day, false, false);
        assert_eq!(keys(&list), sorted(list.columns()));
        let status_report = StatusReport::new(&catalog, spec, &status, day);
        assert_eq!(keys(&status_report), sorted(SPEC_COLUMNS));
        let show = ShowReport::new(&catalog, spec, &status, day);
        assert_eq!(keys(&show), sorted(SHOW_COLUMNS));
        let history = serde_json::to_value(&show.history[0]).unwrap();
        let mut history_keys: Vec<String> = history.as_object().unwrap().keys().cloned().collect();
        history_keys.sort();
        assert_eq!(history_keys, sorted(HISTORY_COLUMNS));
        let events = EventsReport::new(&catalog, day, When::All, None, None);
        assert_eq!(keys(&events), sorted(EVENT_COLUMNS));
        let log = LogReport::new(&catalog, catalog.specs(), day, None, None);
        assert_eq!(keys(&log), sorted(LOG_COLUMNS));
        let summit = catalog.event("oai-summit-2026").unwrap();
        let event = EventDetail::new(&catalog, summit, day);
        assert_eq!(keys(&event), sorted(EVENT_DETAIL_COLUMNS));
        let scorecard = Scorecard::new(&catalog, day, Some("gcc"));
        assert_eq!(keys(&scorecard), sorted(SCORECARD_COLUMNS));
    }

    #[test]
    fn an_expected_spec_is_delivered_by_a_later_release() {
        let catalog: Catalog =
            crate::catalog::leaked(include_str!("../../tests/fixtures/edge.toml"));
        let outcomes = |day| {
            let report = EventsReport::new(&catalog, day, When::All, None, None);
            report.events[0]
                .expected
                .iter()
                .map(|x| (x.spec.clone(), x.outcome.clone()))
                .collect::<Vec<_>>()
        };
        use crate::catalog::State;
        assert_eq!(
            outcomes(date(2026, 11, 21)),
            [
                (
                    "delivered-spec".to_owned(),
                    Outcome::Delivered {
                        state: State::Released,
                        date: "2026-06-02".parse().unwrap()
                    }
                ),
                (
                    "gone-spec".to_owned(),
                    Outcome::Ended {
                        state: State::Withdrawn
                    }
                ),
            ]
        );
        // Before the release, during the expo: still pending; the withdrawal already counts.
        assert_eq!(
            outcomes(date(2026, 6, 1))[0].1,
            Outcome::Pending { days_left: 2 }
        );
        // Had it never come, the day after the expo it would be one day overdue.
        let before = crate::catalog::leaked(
            &include_str!("../../tests/fixtures/edge.toml").replace("2026-06-02", "2027-01-01"),
        );
        let report = EventsReport::new(&before, date(2026, 6, 4), When::All, None, None);
        assert_eq!(
            report.events[0].expected[0].outcome,
            Outcome::Overdue { days: 1 }
        );
    }
}
