//! `status`: one spec's answer in a few lines a person can read at a glance.

use jiff::civil::Date;
use serde::Serialize;

use super::history::{EventRef, HistoryItem, SourceRef};
use super::spec::{SPEC_COLUMNS, SpecSummary};
use super::{days, on};
use crate::catalog::{Catalog, Spec, State};
use crate::date::{Precision, days_between};
use crate::render::{Block, Cell, Render, Tone, View};
use crate::status::Status;

/// A spec's status with what explains it. Serialises as the JSON spec object.
#[derive(Debug, Clone)]
pub struct StatusReport<'a> {
    pub spec: SpecSummary<'a>,
    pub as_of: Date,
    /// The entry that set the current state (its event and sources).
    pub state_entry: Option<HistoryItem<'a>>,
    /// The event `expected` names, when it names one.
    pub expected_event: Option<EventRef<'a>>,
    /// The latest version named and the date of its entry, when a later entry than the
    /// state's named it (the state's own version is said with the state).
    pub later_version: Option<(String, crate::date::PartialDate)>,
}

impl<'a> StatusReport<'a> {
    pub fn new(catalog: &Catalog<'a>, spec: &Spec<'a>, status: &Status<'a>, as_of: Date) -> Self {
        let summary = SpecSummary::new(spec, status);
        let expected_event = summary
            .expected_event
            .and_then(|id| EventRef::new(catalog, id));
        let state_entry = crate::status::state_entry(spec, as_of);
        let later_version = crate::status::counting_entries(spec, as_of)
            .rev()
            .find(|e| e.version().is_some())
            .filter(|e| !state_entry.is_some_and(|s| std::ptr::eq(*e, s)))
            .and_then(|e| Some((e.version()?.as_str().to_owned(), *e.date.get_ref())));
        Self {
            later_version,
            state_entry: state_entry.map(|e| HistoryItem::new(catalog, e)),
            expected_event,
            spec: summary,
            as_of,
        }
    }

    /// "released on 2025-07-27 at … (482 days ago)".
    fn state_line(&self) -> Cell {
        let s = &self.spec;
        // "Published r2.0 v1.0 on 2023-09-14": the version the state's entry names.
        let version = self
            .state_entry
            .as_ref()
            .and_then(|e| e.version.as_ref())
            .map_or_else(String::new, |v| format!(" {v}"));
        let mut line = format!(
            "{}{version} {}",
            capitalised(s.state.as_str()),
            on(&s.since)
        );
        if let Some(event) = self.state_entry.as_ref().and_then(|e| e.at_event.as_ref()) {
            line.push_str(&format!(" at the {}", event.name));
        }
        if let Some(ago) = ago(s, self.as_of) {
            line.push_str(&format!(" ({ago})"));
        }
        let tone = if s.state == State::Published {
            Tone::Good
        } else {
            Tone::Normal
        };
        Cell::new(line).tone(tone)
    }

    /// What is awaited next and whether it is late, for a pending spec.
    fn next_line(&self) -> Option<Cell> {
        let s = &self.spec;
        if !s.pending {
            return None;
        }
        let Some(date) = s.expected else {
            return Some(Cell::new(match s.state {
                State::Proposed => "No owner has promised it yet; no date given.",
                State::Released => "Publication still awaited; no date promised.",
                _ => "Release still awaited; no date promised.",
            }));
        };
        let due = match &self.expected_event {
            Some(event) => format!("Expected at the {} ({date})", event.name),
            None => format!("Expected by {date}"),
        };
        Some(match s.days_overdue {
            Some(n) => Cell::new(format!("{due}; overdue by {}.", days(n))).tone(Tone::Bad),
            None => {
                let left = days_between(self.as_of, date.end());
                Cell::new(if left == 0 {
                    format!("{due}; due today.")
                } else {
                    format!("{due}; {} left.", days(left))
                })
            }
        })
    }
}

/// "482 days ago" for a day; "at least 1,000 days ago" for a coarser date that has ended.
fn ago(spec: &SpecSummary, as_of: Date) -> Option<String> {
    let since = spec.since;
    if since.precision() == Precision::Day {
        let n = days_between(since.start(), as_of);
        return Some(if n == 0 {
            "today".to_owned()
        } else {
            format!("{} ago", days(n))
        });
    }
    (since.end() < as_of)
        .then(|| format!("at least {} ago", days(days_between(since.end(), as_of))))
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl Serialize for StatusReport<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(serializer)
    }
}

impl Render for StatusReport<'_> {
    fn columns(&self) -> &'static [&'static str] {
        SPEC_COLUMNS
    }

    fn view(&self) -> View<'_> {
        let mut lines = vec![self.state_line()];
        if let Some((version, date)) = &self.later_version {
            lines.push(Cell::new(format!(
                "Latest version: {version}, {}.",
                on(date)
            )));
        }
        lines.extend(self.next_line());
        if let Some(entry) = &self.state_entry {
            lines.extend(
                entry
                    .sources
                    .iter()
                    .map(|source| Cell::new(format!("Source: {}", source_text(source)))),
            );
        }
        View {
            blocks: vec![
                Block::Heading(format!("{} — {}", self.spec.id, self.spec.title)),
                Block::Lines(lines),
            ],
        }
    }
}

/// "GCC, 2026-03: “DPU Project Group kick-off…” https://…".
fn source_text(source: &SourceRef) -> String {
    let mut text = source.short_citation();
    if let Some(title) = &source.title {
        text.push_str(&format!(": “{title}”"));
    }
    if let Some(url) = &source.url {
        text.push_str(&format!(" {url}"));
    }
    text
}
