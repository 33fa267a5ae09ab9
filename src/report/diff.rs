//! `diff`: what changed between two catalogues, both derived as of one day.

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
    ///
    /// Each old spec is found in the new catalogue by id (a hash lookup); only the
    /// differences are sorted, so the cost is linear in the catalogues plus the sort of what
    /// changed.
    pub fn from_derived(
        old_specs: &DerivedSpecs,
        new_specs: &DerivedSpecs,
        day: Date,
        names: (String, String),
    ) -> Self {
        let mut in_old = vec![false; new_specs.len()];
        let mut removed: Vec<&str> = Vec::new();
        let mut changed = Vec::new();
        for (id, before) in old_specs.iter() {
            let Some((at, after)) = new_specs.get(id) else {
                removed.push(id);
                continue;
            };
            in_old[at] = true;
            if before.state != after.state {
                changed.push(Change {
                    id: id.to_owned(),
                    field: "state",
                    from: Some(before.state.to_string()),
                    to: Some(after.state.to_string()),
                });
            }
            if before.expected != after.expected {
                changed.push(Change {
                    id: id.to_owned(),
                    field: "expected",
                    from: before.expected.map(|d| d.to_string()),
                    to: after.expected.map(|d| d.to_string()),
                });
            }
        }
        let mut added: Vec<&str> = new_specs
            .iter()
            .zip(&in_old)
            .filter(|(_, in_old)| !**in_old)
            .map(|((id, _), _)| id)
            .collect();
        added.sort_unstable();
        removed.sort_unstable();
        // Stable: a spec's `state` change stays before its `expected` change.
        changed.sort_by(|a, b| a.id.cmp(&b.id));
        Self {
            added: added.into_iter().map(str::to_owned).collect(),
            removed: removed.into_iter().map(str::to_owned).collect(),
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

/// The specs of one catalogue existing as of a day, with what `diff` compares of them: their
/// ids copied into one string (so the catalogue may go once derived), found by id through a
/// hash index.
#[derive(Debug)]
pub struct DerivedSpecs {
    ids: String,
    /// Each spec's id (its end in `ids`; it starts where the one before ends) and what is
    /// compared, in the catalogue's order.
    specs: Vec<(u32, Derived)>,
    index: crate::catalog::Ids,
}

impl DerivedSpecs {
    pub fn len(&self) -> usize {
        self.specs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.specs.is_empty()
    }

    fn id(&self, at: usize) -> Option<&str> {
        id_in(&self.ids, &self.specs, at)
    }

    /// Each spec's id and what is compared, in the catalogue's order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Derived)> {
        (0..self.specs.len()).map(|at| (self.id(at).unwrap_or_default(), self.specs[at].1))
    }

    /// The spec with id `id`: its position and what is compared.
    pub fn get(&self, id: &str) -> Option<(usize, Derived)> {
        let at = self.index.find(|at| self.id(at), id)?;
        Some((at, self.specs[at].1))
    }
}

/// The specs of `catalog` existing as of `day`, with what `diff` compares of them.
pub fn derived(catalog: &Catalog, day: Date) -> DerivedSpecs {
    let mut ids = String::new();
    let mut specs = Vec::new();
    for spec in catalog.specs() {
        let Some(status) = catalog.status(spec, day) else {
            continue;
        };
        ids.push_str(spec.id.as_str());
        // A catalogue is at most `MAX_CATALOG_BYTES`, far below `u32::MAX`: its ids too.
        let end = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        specs.push((
            end,
            Derived {
                state: status.state,
                expected: status.expected.as_ref().map(|due| due.date),
            },
        ));
    }
    let index = crate::catalog::Ids::new(specs.len(), |at| {
        id_in(&ids, &specs, at).unwrap_or_default()
    });
    DerivedSpecs { ids, specs, index }
}

/// The id of the spec at `at`: it ends where `specs[at]` says, and starts where the one
/// before it ends.
fn id_in<'i>(ids: &'i str, specs: &[(u32, Derived)], at: usize) -> Option<&'i str> {
    let end = specs.get(at)?.0 as usize;
    let start = at
        .checked_sub(1)
        .map_or(0, |before| specs[before].0 as usize);
    ids.get(start..end)
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

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// A catalogue of specs `(id, state, expected)`, each with one entry on 2026-01-01.
    fn catalogue(specs: &[(&str, &str, Option<&str>)]) -> String {
        let mut text = String::from(
            "format = 1\n[[org]]\nid = \"o\"\nname = \"O\"\n\
             [[source]]\nid = \"s\"\ntitle = \"S\"\npublisher = \"O\"\ndate = \"2026-01-01\"\n",
        );
        for (id, state, expected) in specs {
            text.push_str(&format!(
                "[[spec]]\nid = \"{id}\"\ntitle = \"T\"\nkind = \"specification\"\n\
                 orgs = [\"o\"]\n[[spec.history]]\ndate = \"2026-01-01\"\n\
                 state = \"{state}\"\nsources = [\"s\"]\n"
            ));
            if let Some(expected) = expected {
                text.push_str(&format!("expected = \"{expected}\"\n"));
            }
        }
        text
    }

    #[test]
    fn added_removed_and_changed_are_found_by_id_and_sorted() {
        let old = crate::catalog::leaked(&catalogue(&[
            ("zeta", "drafting", Some("2026-Q3")),
            ("gone", "drafting", None),
            ("alpha", "announced", Some("2026-06")),
            ("same", "drafting", Some("2026")),
        ]));
        let new = crate::catalog::leaked(&catalogue(&[
            ("same", "drafting", Some("2026")),
            ("new-b", "proposed", None),
            ("alpha", "drafting", Some("2026-09")),
            ("new-a", "proposed", None),
            ("zeta", "drafting", Some("2026-Q4")),
        ]));
        let day = date(2026, 2, 1);
        let (old, new) = (derived(&old, day), derived(&new, day));
        assert_eq!((old.len(), new.len()), (4, 5));
        assert_eq!(new.get("alpha").map(|(at, _)| at), Some(2));
        assert_eq!(new.get("gone"), None);
        let report = DiffReport::from_derived(&old, &new, day, ("a".into(), "b".into()));
        assert_eq!(report.added, ["new-a", "new-b"]);
        assert_eq!(report.removed, ["gone"]);
        let changed: Vec<(&str, &str, Option<&str>, Option<&str>)> = report
            .changed
            .iter()
            .map(|c| (c.id.as_str(), c.field, c.from.as_deref(), c.to.as_deref()))
            .collect();
        assert_eq!(
            changed,
            [
                ("alpha", "state", Some("announced"), Some("drafting")),
                ("alpha", "expected", Some("2026-06"), Some("2026-09")),
                ("zeta", "expected", Some("2026-Q3"), Some("2026-Q4")),
            ]
        );
    }

    #[test]
    fn a_catalogue_against_itself_has_no_difference() {
        let text = catalogue(&[("a", "drafting", None), ("b", "released", None)]);
        let catalog = crate::catalog::leaked(&text);
        let day = date(2026, 2, 1);
        let specs = derived(&catalog, day);
        assert!(DiffReport::from_derived(&specs, &specs, day, Default::default()).is_empty());
        // Before any entry, no spec exists yet.
        assert!(derived(&catalog, date(2025, 1, 1)).is_empty());
    }
}
