//! `scorecard`: which organisations keep their promises (SPEC section 5, `scorecard`).
//!
//! A **promise** is an expectation set while no promise of the spec is open. Later entries
//! that move the expectation without delivering are slips of the same promise (as `slips`
//! counts them), and the promise is judged against the interval first given: a date moved
//! is not a promise kept. An entry that sets `released` or `published` keeps the open
//! promise (a `released` entry does not keep a promise made while the spec was already
//! released: that one awaited publication); `withdrawn` or `superseded` ends it as
//! withdrawn; other states leave it open. An entry that keeps a promise and sets a new
//! expectation opens the next promise (a release that promises publication).
//!
//! Kept **on time** when the delivering entry's date starts on or before the last day of the
//! interval first promised (an early delivery is on time; a coarse date gets the benefit of
//! the doubt); else kept **late** by the days from that last day to the delivery's first
//! day. An open promise is **outstanding**; it is also **overdue** when the spec is overdue
//! (SPEC section 2) as of the day.

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use crate::catalog::{Catalog, Expected, Spec, State};
use crate::date::{PartialDate, days_between};
use crate::render::{Block, Cell, Column, Render, Tone, View};

/// How one promise turned out, as of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    OnTime,
    Late { days: i64 },
    Withdrawn,
    Open { overdue: bool },
}

/// One promise of a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Promise {
    /// The date of the entry that made it.
    pub made: PartialDate,
    /// The interval first promised (an event: its date).
    pub due: PartialDate,
    /// How many times its date was moved later.
    pub slips: u32,
    pub fate: Fate,
}

/// The promises of `spec` as of `day`, in the order made. `event_date` resolves an event id
/// to the date it stands for; an expectation naming an unknown event is left out.
pub fn promises(
    spec: &Spec,
    day: Date,
    event_date: impl Fn(&str) -> Option<PartialDate>,
) -> Vec<Promise> {
    struct Open {
        made: PartialDate,
        due: PartialDate,
        latest: PartialDate,
        slips: u32,
        /// Made while the spec was released: only publication keeps it.
        awaits_publication: bool,
    }
    let mut done = Vec::new();
    let mut open: Option<Open> = None;
    let mut state: Option<State> = None;
    for entry in crate::status::counting_entries(spec, day) {
        let date = *entry.date.get_ref();
        if let Some(new) = entry.state.as_ref().map(|s| *s.get_ref()) {
            if let Some(promise) = &open {
                let fate = match new {
                    State::Published => Some(kept(promise.due, date)),
                    State::Released if !promise.awaits_publication => Some(kept(promise.due, date)),
                    State::Withdrawn | State::Superseded => Some(Fate::Withdrawn),
                    _ => None,
                };
                if let Some(fate) = fate {
                    done.push(Promise {
                        made: promise.made,
                        due: promise.due,
                        slips: promise.slips,
                        fate,
                    });
                    open = None;
                }
            }
            state = Some(new);
        }
        let due = entry.expected.as_ref().and_then(|x| match x.get_ref() {
            Expected::Date(date) => Some(*date),
            Expected::Event(id) => event_date(id),
        });
        if let Some(due) = due {
            match &mut open {
                Some(promise) => {
                    if due.end() > promise.latest.end() {
                        promise.slips += 1;
                    }
                    promise.latest = due;
                }
                None => {
                    open = Some(Open {
                        made: date,
                        due,
                        latest: due,
                        slips: 0,
                        awaits_publication: state == Some(State::Released),
                    });
                }
            }
        }
    }
    if let Some(promise) = open {
        let overdue = crate::status::derive(spec, day, &event_date).is_some_and(|s| s.overdue);
        done.push(Promise {
            made: promise.made,
            due: promise.due,
            slips: promise.slips,
            fate: Fate::Open { overdue },
        });
    }
    done
}

fn kept(due: PartialDate, delivered: PartialDate) -> Fate {
    let (last, first) = (due.end(), delivered.start());
    if first <= last {
        Fate::OnTime
    } else {
        Fate::Late {
            days: days_between(last, first),
        }
    }
}

/// One organisation's record (SPEC section 5, `scorecard`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgScore {
    pub org: String,
    pub promised: usize,
    pub on_time: usize,
    pub late: usize,
    /// The median of the late ones' days late; `null` when none was late.
    #[serde(serialize_with = "number")]
    pub median_days_late: Option<f64>,
    pub outstanding: usize,
    pub overdue: usize,
    pub withdrawn: usize,
    /// The org's short name or name, for people; not part of the JSON shape.
    #[serde(skip)]
    pub name: String,
}

/// A whole number as an integer, a half as a decimal.
fn number<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        // Days late are whole; a median of two is at most a half-day off a whole number.
        Some(v) if v.fract() == 0.0 => serializer.serialize_i64(*v as i64),
        Some(v) => serializer.serialize_f64(*v),
        None => serializer.serialize_none(),
    }
}

/// The keys of an [`OrgScore`] in JSON.
pub const SCORECARD_COLUMNS: &[&str] = &[
    "org",
    "promised",
    "on_time",
    "late",
    "median_days_late",
    "outstanding",
    "overdue",
    "withdrawn",
];

impl OrgScore {
    fn new(catalog: &Catalog, org: &str) -> Self {
        Self {
            org: org.to_owned(),
            promised: 0,
            on_time: 0,
            late: 0,
            median_days_late: None,
            outstanding: 0,
            overdue: 0,
            withdrawn: 0,
            name: catalog
                .org(org)
                .map_or(org, |o| o.display_name())
                .to_owned(),
        }
    }

    /// Counts `promises`; `late_days` collects the days late, for the median.
    fn count(&mut self, promises: &[Promise], late_days: &mut Vec<i64>) {
        for promise in promises {
            self.promised += 1;
            match promise.fate {
                Fate::OnTime => self.on_time += 1,
                Fate::Late { days } => {
                    self.late += 1;
                    late_days.push(days);
                }
                Fate::Withdrawn => self.withdrawn += 1,
                Fate::Open { overdue } => {
                    self.outstanding += 1;
                    self.overdue += usize::from(overdue);
                }
            }
        }
    }
}

/// The median of `days` (sorted here); `None` when empty.
pub fn median(days: &mut [i64]) -> Option<f64> {
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let mid = days.len() / 2;
    Some(if days.len() % 2 == 1 {
        days[mid] as f64
    } else {
        (days[mid - 1] + days[mid]) as f64 / 2.0
    })
}

/// `scorecard`: one row per lead org with promises (most promises first), or one row for
/// `--org` with the orgs below it rolled up. Serialises as a JSON array.
#[derive(Debug, Clone)]
pub struct Scorecard {
    pub rows: Vec<OrgScore>,
    pub as_of: Date,
    pub org: Option<String>,
}

impl Scorecard {
    pub fn new(catalog: &Catalog, day: Date, org: Option<&str>) -> Self {
        let event_date = |id: &str| catalog.event(id).map(|e| e.as_date());
        // Each row, with the days late of its late promises.
        let mut rows: Vec<(OrgScore, Vec<i64>)> = Vec::new();
        if let Some(wanted) = org {
            rows.push((OrgScore::new(catalog, wanted), Vec::new()));
        }
        for spec in catalog.specs() {
            let Some(lead) = spec.lead_org() else {
                continue;
            };
            let key = match org {
                Some(wanted) if super::org_within(catalog, lead, wanted) => wanted,
                Some(_) => continue,
                None => lead,
            };
            let promises = promises(spec, day, event_date);
            if promises.is_empty() {
                continue;
            }
            let at = match rows.iter().position(|(row, _)| row.org == key) {
                Some(at) => at,
                None => {
                    rows.push((OrgScore::new(catalog, key), Vec::new()));
                    rows.len() - 1
                }
            };
            let (row, days) = &mut rows[at];
            row.count(&promises, days);
        }
        let mut rows: Vec<OrgScore> = rows
            .into_iter()
            .map(|(mut row, mut days)| {
                row.median_days_late = median(&mut days);
                row
            })
            .collect();
        rows.sort_by(|a, b| b.promised.cmp(&a.promised).then_with(|| a.org.cmp(&b.org)));
        Self {
            rows,
            as_of: day,
            org: org.map(str::to_owned),
        }
    }
}

impl Serialize for Scorecard {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.rows.serialize(serializer)
    }
}

impl Render for Scorecard {
    fn columns(&self) -> &'static [&'static str] {
        SCORECARD_COLUMNS
    }

    fn view(&self) -> View<'_> {
        if self.rows.is_empty() {
            return View::note(format!("No promises as of {}.", self.as_of));
        }
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let late = match r.median_days_late {
                    Some(median) if r.late > 0 => format!("{} (median {median}d)", r.late),
                    _ => r.late.to_string(),
                };
                let overdue = Cell::new(r.overdue.to_string());
                vec![
                    Cell::new(&r.org),
                    Cell::new(&r.name),
                    Cell::new(r.promised.to_string()),
                    Cell::new(r.on_time.to_string()).tone(if r.on_time > 0 {
                        Tone::Good
                    } else {
                        Tone::Normal
                    }),
                    Cell::new(late),
                    Cell::new(r.outstanding.to_string()),
                    if r.overdue > 0 {
                        overdue.tone(Tone::Bad)
                    } else {
                        overdue
                    },
                    Cell::new(r.withdrawn.to_string()),
                ]
            })
            .collect();
        View {
            blocks: vec![
                Block::Table {
                    columns: vec![
                        Column::whole("Org"),
                        Column::wraps("Name").optional(0),
                        Column::whole("Promised"),
                        Column::whole("On time"),
                        Column::whole("Late"),
                        Column::whole("Open"),
                        Column::whole("Overdue"),
                        Column::whole("Withdrawn"),
                    ],
                    rows,
                },
                Block::Note(format!(
                    "As of {}. A promise is an expectation set; a date moved later is the same \
                     promise, judged by the date first given.",
                    self.as_of
                )),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const HEAD: &str = r#"
format = 1
[[org]]
id = "gcc"
name = "Global Computing Consortium"
short = "GCC"
[[org]]
id = "gcc-pg"
name = "A project group"
parent = "gcc"
[[org]]
id = "ocp"
name = "Open Compute Project"
[[event]]
id = "summit"
name = "Summit"
start = "2026-04-09"
end = "2026-04-10"
"#;

    fn spec(id: &str, org: &str, history: &[(&str, Option<&str>, Option<&str>)]) -> String {
        let mut text = format!(
            "\n[[spec]]\nid = \"{id}\"\ntitle = \"T\"\nkind = \"guide\"\norgs = [\"{org}\"]\n"
        );
        for (date, state, expected) in history {
            text.push_str(&format!("[[spec.history]]\ndate = \"{date}\"\n"));
            if let Some(state) = state {
                text.push_str(&format!("state = \"{state}\"\n"));
            }
            if let Some(expected) = expected {
                text.push_str(&format!("expected = \"{expected}\"\n"));
            }
            text.push_str("sources = [\"x\"]\n");
        }
        text
    }

    fn fates(history: &[(&str, Option<&str>, Option<&str>)], day: Date) -> Vec<Fate> {
        let catalog = crate::catalog::leaked(&format!("{HEAD}{}", spec("s", "gcc", history)));
        let spec = catalog.spec("s").unwrap();
        promises(spec, day, |id| catalog.event(id).map(|e| e.as_date()))
            .iter()
            .map(|p| p.fate)
            .collect()
    }

    const DAY: Date = date(2026, 11, 21);

    #[test]
    fn kept_on_time_within_or_before_the_interval() {
        let on_the_day = [
            ("2026-03-06", Some("announced"), Some("summit")),
            ("2026-04-10", Some("released"), None),
        ];
        assert_eq!(fates(&on_the_day, DAY), [Fate::OnTime]);
        let early = [
            ("2025", Some("announced"), Some("2026-Q2")),
            ("2026-01-15", Some("published"), None),
        ];
        assert_eq!(fates(&early, DAY), [Fate::OnTime]);
    }

    #[test]
    fn kept_late_by_the_days_after_the_interval() {
        let late = [
            ("2026-03-06", Some("announced"), Some("summit")),
            ("2026-04-20", Some("published"), None),
        ];
        assert_eq!(fates(&late, DAY), [Fate::Late { days: 10 }]);
    }

    #[test]
    fn slipped_twice_then_kept_is_one_promise_kept_late() {
        // Promised for Q3 2024, moved to Q1 and to Q2 2025, published in April 2025.
        let history = [
            ("2024-01", Some("announced"), Some("2024-Q3")),
            ("2024-10", None, Some("2025-Q1")),
            ("2025-01", None, Some("2025-Q2")),
            ("2025-04", Some("published"), None),
        ];
        let catalog = crate::catalog::leaked(&format!("{HEAD}{}", spec("s", "gcc", &history)));
        let found = promises(catalog.spec("s").unwrap(), DAY, |_| None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].slips, 2);
        assert_eq!(found[0].due.to_string(), "2024-Q3");
        // From 30 September 2024 to 1 April 2025.
        assert_eq!(found[0].fate, Fate::Late { days: 183 });
    }

    #[test]
    fn withdrawn_and_superseded_end_a_promise() {
        let withdrawn = [
            ("2025-01", Some("announced"), Some("2025-Q2")),
            ("2025-09", Some("withdrawn"), None),
        ];
        assert_eq!(fates(&withdrawn, DAY), [Fate::Withdrawn]);
        let superseded = [
            ("2025-01", Some("drafting"), Some("2025-Q2")),
            ("2025-09", Some("superseded"), None),
        ];
        assert_eq!(fates(&superseded, DAY), [Fate::Withdrawn]);
    }

    #[test]
    fn still_open_promises_are_outstanding_and_maybe_overdue() {
        let open = [("2026-03-06", Some("announced"), Some("summit"))];
        assert_eq!(fates(&open, DAY), [Fate::Open { overdue: true }]);
        assert_eq!(
            fates(&open, date(2026, 4, 1)),
            [Fate::Open { overdue: false }]
        );
        // Drafting does not keep it; the promise stays open.
        let drafting = [
            ("2026-01", Some("announced"), Some("2027")),
            ("2026-06", Some("drafting"), None),
        ];
        assert_eq!(fates(&drafting, DAY), [Fate::Open { overdue: false }]);
        // Nothing promised: no promise.
        assert_eq!(fates(&[("2026-01", Some("proposed"), None)], DAY), []);
    }

    #[test]
    fn a_release_promising_publication_opens_the_next_promise() {
        let history = [
            ("2026-03-06", Some("announced"), Some("summit")),
            ("2026-04-10", Some("released"), Some("2026-Q3")),
            ("2026-08", Some("released"), None),
            ("2026-10", Some("published"), None),
        ];
        // The release kept the first; a second `released` does not keep the promise of
        // publication, which publication in October kept late.
        assert_eq!(fates(&history, DAY), [Fate::OnTime, Fate::Late { days: 1 }]);
    }

    #[test]
    fn the_history_as_of_the_day_counts() {
        let history = [
            ("2026-03-06", Some("announced"), Some("summit")),
            ("2026-04-20", Some("published"), None),
        ];
        assert_eq!(
            fates(&history, date(2026, 4, 15)),
            [Fate::Open { overdue: true }]
        );
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [30, 10, 20]), Some(20.0));
        assert_eq!(median(&mut [10, 25]), Some(17.5));
    }

    #[test]
    fn rows_per_lead_org_or_rolled_up() {
        let text = format!(
            "{HEAD}{}{}{}{}",
            spec(
                "a",
                "gcc",
                &[
                    ("2026-03-06", Some("announced"), Some("summit")),
                    ("2026-04-20", Some("published"), None)
                ]
            ),
            spec(
                "b",
                "gcc-pg",
                &[("2026-03-06", Some("announced"), Some("summit"))]
            ),
            spec(
                "c",
                "gcc-pg",
                &[
                    ("2025-01", Some("announced"), Some("2025-Q2")),
                    ("2025-05", Some("released"), None)
                ]
            ),
            spec("d", "ocp", &[("2020", Some("published"), None)]),
        );
        let catalog = crate::catalog::leaked(&text);
        let all = Scorecard::new(&catalog, DAY, None);
        let orgs: Vec<&str> = all.rows.iter().map(|r| r.org.as_str()).collect();
        // ocp made no promise: no row.
        assert_eq!(orgs, ["gcc-pg", "gcc"]);
        let pg = &all.rows[0];
        assert_eq!(
            (pg.promised, pg.on_time, pg.late, pg.outstanding, pg.overdue),
            (2, 1, 0, 1, 1)
        );
        let gcc = Scorecard::new(&catalog, DAY, Some("gcc"));
        assert_eq!(gcc.rows.len(), 1);
        let row = &gcc.rows[0];
        assert_eq!(row.org, "gcc");
        assert_eq!(
            (row.promised, row.on_time, row.late, row.median_days_late),
            (3, 1, 1, Some(10.0))
        );
        assert_eq!((row.outstanding, row.overdue, row.withdrawn), (1, 1, 0));
        // An org without promises still gets its row when asked for.
        let ocp = Scorecard::new(&catalog, DAY, Some("ocp"));
        assert_eq!(ocp.rows[0].promised, 0);
    }
}
