//! `event`: one gathering — what was promised there, what was delivered there, and of what
//! was due there, what is still outstanding and how late.

use jiff::civil::Date;
use serde::Serialize;

use super::events::{EVENT_COLUMNS, EventReport, Outcome, expectation_cell};
use crate::catalog::{Catalog, Event};
use crate::render::{Block, Cell, Column, Render, Tone, View};

/// A spec due at the event and not delivered (SPEC section 5, `event`'s `outstanding`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outstanding {
    pub id: String,
    /// Days since the event ended; `null` while it has not ended.
    pub days_overdue: Option<i64>,
}

/// One gathering in detail: the `events` object plus what is outstanding.
#[derive(Debug, Clone, Serialize)]
pub struct EventDetail {
    #[serde(flatten)]
    pub event: EventReport,
    pub outstanding: Vec<Outstanding>,
    /// Current state of each spec named, for people; not part of the JSON shape.
    #[serde(skip)]
    pub now: Vec<(String, String)>,
    #[serde(skip)]
    pub as_of: Date,
}

/// The keys of [`EventDetail`] in JSON: those of an `events` object, then `outstanding`.
pub const EVENT_DETAIL_COLUMNS: &[&str] = &{
    let mut keys = [""; EVENT_COLUMNS.len() + 1];
    let mut i = 0;
    while i < EVENT_COLUMNS.len() {
        keys[i] = EVENT_COLUMNS[i];
        i += 1;
    }
    keys[i] = "outstanding";
    keys
};

impl EventDetail {
    pub fn new(catalog: &Catalog, event: &Event, as_of: Date) -> Self {
        let event = EventReport::new(catalog, event, as_of);
        let outstanding = event
            .expected
            .iter()
            .filter_map(|x| {
                match x.outcome {
                    Outcome::Pending { .. } => Some(None),
                    Outcome::Overdue { days } => Some(Some(days)),
                    Outcome::Delivered { .. } | Outcome::Ended { .. } => None,
                }
                .map(|days_overdue| Outstanding {
                    id: x.spec.clone(),
                    days_overdue,
                })
            })
            .collect();
        let ids = event
            .promised
            .iter()
            .map(|p| &p.spec)
            .chain(event.released.iter().map(|r| &r.spec))
            .chain(event.expected.iter().map(|x| &x.spec));
        let mut now: Vec<(String, String)> = Vec::new();
        for id in ids {
            if now.iter().any(|(known, _)| known == id) {
                continue;
            }
            if let Some(status) = catalog.spec(id).and_then(|s| catalog.status(s, as_of)) {
                let text = match status.days_overdue {
                    Some(days) => format!("{}, overdue {days}d", status.state),
                    None => status.state.to_string(),
                };
                now.push((id.clone(), text));
            }
        }
        Self {
            event,
            outstanding,
            now,
            as_of,
        }
    }

    fn now(&self, id: &str) -> Cell {
        Cell::opt(
            self.now
                .iter()
                .find(|(known, _)| known == id)
                .map(|(_, text)| text.clone()),
        )
    }

    /// "1 of 2 due there still outstanding, 225 days late."; nothing when nothing was due.
    fn summary(&self) -> Option<Cell> {
        let due = self.event.expected.len();
        if due == 0 {
            return None;
        }
        let open = self.outstanding.len();
        if open == 0 {
            let all = format!("All {due} due there were delivered or ended.");
            return Some(Cell::new(all).tone(Tone::Good));
        }
        let late = self.outstanding.iter().filter_map(|o| o.days_overdue).max();
        let text = match late {
            Some(days) => format!(
                "{open} of {due} due there still outstanding, {} late.",
                super::days(days)
            ),
            None => format!("{open} of {due} due there still to come; the event has not ended."),
        };
        let tone = if late.is_some() {
            Tone::Bad
        } else {
            Tone::Normal
        };
        Some(Cell::new(text).tone(tone))
    }
}

impl Render for EventDetail {
    fn columns(&self) -> &'static [&'static str] {
        EVENT_DETAIL_COLUMNS
    }

    fn view(&self) -> View<'_> {
        let e = &self.event;
        let mut about = vec![Cell::new(e.dates())];
        about.extend(e.place.as_ref().map(Cell::new));
        if !e.orgs.is_empty() {
            about.push(Cell::new(format!("Hosted by {}", e.orgs.join(", "))));
        }
        about.extend(self.summary());
        let mut view = View::default();
        view.push(Block::Heading(format!("{} — {}", e.id, e.name)))
            .push(Block::Lines(about));
        let table = |rows: Vec<Vec<Cell>>, what: &'static str| Block::Table {
            columns: vec![
                Column::whole("Spec"),
                Column::wraps("Title").optional(0),
                Column::wraps(what),
                Column::wraps("Now"),
            ],
            rows,
        };
        view.push(Block::Heading("Promised there".to_owned()));
        if e.promised.is_empty() {
            view.push(Block::Note("Nothing was promised there.".to_owned()));
        } else {
            let rows = e
                .promised
                .iter()
                .map(|p| {
                    let what = p.text();
                    let detail = what
                        .strip_prefix("promised there (")
                        .and_then(|d| d.strip_suffix(')'))
                        .unwrap_or("promised");
                    vec![
                        Cell::new(&p.spec),
                        Cell::new(&p.title),
                        Cell::new(detail),
                        self.now(&p.spec),
                    ]
                })
                .collect();
            view.push(table(rows, "Promise"));
        }
        view.push(Block::Heading("Delivered there".to_owned()));
        if e.released.is_empty() {
            view.push(Block::Note("Nothing was released there.".to_owned()));
        } else {
            let rows = e
                .released
                .iter()
                .map(|r| {
                    vec![
                        Cell::new(&r.spec),
                        Cell::new(&r.title),
                        Cell::new(r.state.as_str()),
                        self.now(&r.spec),
                    ]
                })
                .collect();
            view.push(table(rows, "Delivered"));
        }
        view.push(Block::Heading("Due there".to_owned()));
        if e.expected.is_empty() {
            view.push(Block::Note("Nothing was due there.".to_owned()));
        } else {
            let rows = e
                .expected
                .iter()
                .map(|x| {
                    let cell = expectation_cell(&x.outcome);
                    let text = cell.lines.join(" ");
                    let text = text.strip_prefix("expected; ").unwrap_or(&text).to_owned();
                    vec![
                        Cell::new(&x.spec),
                        Cell::new(&x.title),
                        Cell::new(text).tone(cell.tone),
                        self.now(&x.spec),
                    ]
                })
                .collect();
            view.push(table(rows, "Outcome"));
        }
        view
    }
}
