//! `slips`: how often each spec's expected date moved later, and by how many days in all.

use jiff::civil::Date;
use serde::Serialize;

use crate::catalog::{Catalog, Expected, Spec};
use crate::date::{PartialDate, days_between};
use crate::render::{Block, Cell, Column, LazyRows, Render, Tone, View};

/// One move of a standing promise to a later date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// The date of the entry that moved it.
    pub on: PartialDate,
    pub from: PartialDate,
    pub to: PartialDate,
    /// Days between the last days of `from` and `to`.
    pub days: i64,
}

/// One spec's slips (SPEC section 5, `slips`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecSlips {
    pub id: String,
    pub slips: usize,
    pub days: i64,
    /// Not part of the JSON shape.
    #[serde(skip)]
    pub title: String,
    /// Every move, in date order; not part of the JSON shape.
    #[serde(skip)]
    pub moves: Vec<Slip>,
}

/// The keys of [`SpecSlips`] in JSON.
pub const SLIPS_COLUMNS: &[&str] = &["id", "slips", "days"];

impl SpecSlips {
    /// The slips of `spec` among its entries counting as of `day`.
    ///
    /// A slip is an entry that sets `expected` while an earlier promise still stands (no
    /// state change since it was made) and whose interval ends later. An entry that sets a
    /// new state ends the old promise (SPEC section 2), so its `expected` starts a new one.
    pub fn new(catalog: &Catalog, spec: &Spec, day: Date) -> Self {
        let mut standing: Option<PartialDate> = None;
        let mut moves = Vec::new();
        for entry in crate::status::counting_entries(spec, day) {
            if entry.state.is_some() {
                standing = None;
            }
            let Some(expected) = &entry.expected else {
                continue;
            };
            let date = match expected.get_ref() {
                Expected::Date(date) => Some(*date),
                Expected::Event(id) => catalog.event(id).map(|e| e.as_date()),
            };
            let Some(date) = date else { continue };
            if let Some(old) = standing
                && date.end() > old.end()
            {
                moves.push(Slip {
                    on: *entry.date.get_ref(),
                    from: old,
                    to: date,
                    days: days_between(old.end(), date.end()),
                });
            }
            standing = Some(date);
        }
        Self {
            id: spec.id.get_ref().to_string(),
            slips: moves.len(),
            days: moves.iter().map(|m| m.days).sum(),
            title: spec.title.get_ref().to_string(),
            moves,
        }
    }
}

/// `slips`: the worst first (most days, then most slips, then by id). Serialises as an array.
#[derive(Debug, Clone)]
pub struct SlipsReport {
    pub specs: Vec<SpecSlips>,
    /// Said when there are no specs.
    pub empty_message: String,
}

impl SlipsReport {
    pub fn new<'a>(
        catalog: &Catalog,
        specs: impl IntoIterator<Item = &'a Spec<'a>>,
        day: Date,
        empty_message: String,
    ) -> Self {
        let mut specs: Vec<SpecSlips> = specs
            .into_iter()
            .map(|spec| SpecSlips::new(catalog, spec, day))
            .collect();
        specs.sort_by(|a, b| {
            (b.days, b.slips)
                .cmp(&(a.days, a.slips))
                .then_with(|| a.id.cmp(&b.id))
        });
        Self {
            specs,
            empty_message,
        }
    }
}

impl Serialize for SlipsReport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.specs.serialize(serializer)
    }
}

impl Render for SlipsReport {
    fn columns(&self) -> &'static [&'static str] {
        SLIPS_COLUMNS
    }

    fn view(&self) -> View<'_> {
        if self.specs.is_empty() {
            return View::note(&self.empty_message);
        }
        let specs = &self.specs;
        let rows = LazyRows::new(specs.len(), move || {
            specs.iter().map(|s| {
                let tone = if s.slips > 0 { Tone::Bad } else { Tone::Normal };
                vec![
                    Cell::new(&s.id),
                    Cell::new(&s.title),
                    Cell::new(s.slips.to_string()).tone(tone),
                    Cell::new(s.days.to_string()).tone(tone),
                    Cell::lines(
                        s.moves
                            .iter()
                            .map(|m| format!("{} → {} ({})", m.from, m.to, super::on(&m.on))),
                    ),
                ]
            })
        });
        View {
            blocks: vec![Block::Rows {
                columns: vec![
                    Column::whole("ID"),
                    Column::wraps("Title").optional(0),
                    Column::whole("Slips"),
                    Column::whole("Days"),
                    Column::wraps("Moves"),
                ],
                rows,
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const CATALOG: &str = r#"
format = 1
[[event]]
id = "summit"
name = "Summit"
start = "2026-04-09"
end = "2026-04-10"

[[spec]]
id = "s"
title = "S"
kind = "specification"
orgs = ["o"]
[[spec.history]]
date = "2026-03-06"
state = "announced"
expected = "summit"
[[spec.history]]
date = "2026-04-10"
expected = "2026-Q3"
[[spec.history]]
date = "2026-07"
expected = "2026-08"
[[spec.history]]
date = "2026-09"
expected = "2026-12"
[[spec.history]]
date = "2026-12-01"
state = "released"
expected = "2027-06"
"#;

    #[test]
    fn only_later_moves_of_a_standing_promise_count() {
        let catalog = crate::catalog::leaked(CATALOG);
        let spec = catalog.spec("s").unwrap();
        let slips = SpecSlips::new(&catalog, spec, date(2027, 1, 1));
        // summit (2026-04-10) → 2026-Q3 (09-30): 173 days; Q3 → 2026-08 is earlier, not a
        // slip; 2026-08 (08-31) → 2026-12 (12-31): 122 days; the release starts a new promise.
        assert_eq!(slips.slips, 2);
        assert_eq!(slips.days, 173 + 122);
        assert_eq!(slips.moves[0].from.to_string(), "2026-04-10");
        // As of a day before the second slip, only the first counts.
        let early = SpecSlips::new(&catalog, spec, date(2026, 8, 1));
        assert_eq!((early.slips, early.days), (1, 173));
    }
}
