//! `diff`: what changed between two catalogues, both derived as of one day.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::catalog::{Catalog, State};
use crate::date::PartialDate;
use crate::render::{Block, Cell, Column, Render, Tone, View};

/// A change of one derived field of a spec present in both catalogues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub id: String,
    /// `state` or `expected`.
    pub field: &'static str,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// SPEC section 5, `diff`: `{"added", "removed", "changed"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffReport {
    /// Specs existing in the new catalogue as of the day but not in the old; by id.
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// By id, `state` before `expected`.
    pub changed: Vec<Change>,
    /// How messages name the two catalogues; not part of the JSON shape.
    #[serde(skip)]
    pub names: (String, String),
    #[serde(skip)]
    pub as_of: Date,
}

impl DiffReport {
    pub fn new(old: &Catalog, new: &Catalog, day: Date, names: (String, String)) -> Self {
        Self::from_derived(&derived(old, day), &derived(new, day), day, names)
    }

    /// The report from each catalogue's specs as [`derived`] gives them, so a caller can
    /// read one catalogue, derive it and let it go before reading the other.
    pub fn from_derived(
        old_specs: &BTreeMap<String, Derived>,
        new_specs: &BTreeMap<String, Derived>,
        day: Date,
        names: (String, String),
    ) -> Self {
        let added = new_specs
            .keys()
            .filter(|id| !old_specs.contains_key(*id))
            .cloned()
            .collect();
        let removed = old_specs
            .keys()
            .filter(|id| !new_specs.contains_key(*id))
            .cloned()
            .collect();
        let mut changed = Vec::new();
        for (id, before) in old_specs {
            let Some(after) = new_specs.get(id) else {
                continue;
            };
            if before.state != after.state {
                changed.push(Change {
                    id: id.clone(),
                    field: "state",
                    from: Some(before.state.to_string()),
                    to: Some(after.state.to_string()),
                });
            }
            if before.expected != after.expected {
                changed.push(Change {
                    id: id.clone(),
                    field: "expected",
                    from: before.expected.map(|d| d.to_string()),
                    to: after.expected.map(|d| d.to_string()),
                });
            }
        }
        Self {
            added,
            removed,
            changed,
            names,
            as_of: day,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// One row per difference, for CSV and tables.
    pub fn rows(&self) -> DiffRows {
        let whole = |id: &String, change: &'static str| DiffRow {
            id: id.clone(),
            change,
            from: None,
            to: None,
        };
        let mut rows: Vec<DiffRow> = self.added.iter().map(|id| whole(id, "added")).collect();
        rows.extend(self.removed.iter().map(|id| whole(id, "removed")));
        rows.extend(self.changed.iter().map(|c| DiffRow {
            id: c.id.clone(),
            change: c.field,
            from: c.from.clone(),
            to: c.to.clone(),
        }));
        DiffRows {
            rows,
            empty_message: format!(
                "No changes from {} to {} as of {}.",
                self.names.0, self.names.1, self.as_of
            ),
        }
    }
}

/// What `diff` compares of a spec: its state and its expected date (owning nothing of the
/// catalogue, so the catalogue may go once derived).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Derived {
    pub state: State,
    pub expected: Option<PartialDate>,
}

/// The specs of `catalog` existing as of `day`, by id, with what `diff` compares of them.
pub fn derived(catalog: &Catalog, day: Date) -> BTreeMap<String, Derived> {
    catalog
        .specs()
        .filter_map(|spec| {
            let status = catalog.status(spec, day)?;
            let derived = Derived {
                state: status.state,
                expected: status.expected.as_ref().map(|due| due.date),
            };
            Some((spec.id.get_ref().to_string(), derived))
        })
        .collect()
}

impl Render for DiffReport {
    /// The keys of the JSON object; `diff` writes CSV from [`DiffReport::rows`] instead.
    fn columns(&self) -> &'static [&'static str] {
        &["added", "removed", "changed"]
    }

    fn view(&self) -> View<'_> {
        self.rows().owned_view()
    }
}

/// One difference: `change` is `added`, `removed`, `state` or `expected`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffRow {
    pub id: String,
    pub change: &'static str,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The CSV columns of `diff`: one row per difference.
pub const DIFF_COLUMNS: &[&str] = &["id", "change", "from", "to"];

/// `diff` as rows; serialises as an array of [`DiffRow`].
#[derive(Debug, Clone)]
pub struct DiffRows {
    pub rows: Vec<DiffRow>,
    pub empty_message: String,
}

impl Serialize for DiffRows {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.rows.serialize(serializer)
    }
}

impl Render for DiffRows {
    fn columns(&self) -> &'static [&'static str] {
        DIFF_COLUMNS
    }

    fn view(&self) -> View<'_> {
        self.owned_view()
    }
}

impl DiffRows {
    /// The table, its cells owning their text (so it may outlive the rows).
    fn owned_view<'x>(&self) -> View<'x> {
        if self.rows.is_empty() {
            return View::note(&self.empty_message);
        }
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let tone = match r.change {
                    "added" => Tone::Good,
                    "removed" => Tone::Bad,
                    _ => Tone::Normal,
                };
                vec![
                    Cell::new(&r.id),
                    Cell::new(r.change).tone(tone),
                    Cell::opt(r.from.as_deref()),
                    Cell::opt(r.to.as_deref()),
                ]
            })
            .collect();
        View {
            blocks: vec![Block::Table {
                columns: vec![
                    Column::whole("ID"),
                    Column::whole("Change"),
                    Column::wraps("From"),
                    Column::wraps("To"),
                ],
                rows,
            }],
        }
    }
}
