//! `list` and `pending`: one row per spec.

use std::ops::Range;

use jiff::civil::Date;
use serde::Serialize;

use super::spec::{SPEC_COLUMNS, SpecSummary};
use crate::catalog::{Catalog, Spec};
use crate::render::{Block, Cell, Column, LazyRows, Render, View, json};
use crate::status::Status;

/// The specs a filter selected, in the order asked for. Serialises as a JSON array.
///
/// It holds the specs and their status, and makes each row ([`SpecSummary`]) as it is
/// written: JSON and CSV never hold every row at once.
#[derive(Debug, Clone)]
pub struct SpecList<'c, 'a> {
    catalog: &'c Catalog<'a>,
    selected: Vec<(&'c Spec<'a>, Status<'a>)>,
    pub as_of: Date,
    /// Only pending specs were asked for (`pending`): shapes the empty message.
    pub pending_only: bool,
    /// Filters narrowed the list: shapes the empty message.
    pub filtered: bool,
}

impl Serialize for SpecList<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.specs())
    }
}

impl json::Rows for SpecList<'_, '_> {
    fn row_count(&self) -> usize {
        self.selected.len()
    }

    fn write_range(&self, range: Range<usize>, out: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer_pretty(out, &Seq(|| self.specs_in(range.clone())))
    }
}

/// The rows an iterator makes, serialised as a JSON array.
struct Seq<F>(F);

impl<F: Fn() -> I, I: Iterator<Item = T>, T: Serialize> Serialize for Seq<F> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

impl<'c, 'a> SpecList<'c, 'a> {
    /// The list of `selected` (as [`super::select`] gives them) as of `as_of`.
    pub fn new(
        catalog: &'c Catalog<'a>,
        selected: Vec<(&'c Spec<'a>, Status<'a>)>,
        as_of: Date,
        pending_only: bool,
        filtered: bool,
    ) -> Self {
        Self {
            catalog,
            selected,
            as_of,
            pending_only,
            filtered,
        }
    }

    /// The rows, made one by one.
    pub fn specs(&self) -> impl Iterator<Item = SpecSummary<'a>> + '_ {
        self.specs_in(0..self.selected.len())
    }

    /// The rows of `range`, made one by one.
    fn specs_in(&self, range: Range<usize>) -> impl Iterator<Item = SpecSummary<'a>> + '_ {
        self.selected[range]
            .iter()
            .map(|(spec, status)| SpecSummary::new(spec, status))
    }

    pub fn is_empty(&self) -> bool {
        self.selected.is_empty()
    }

    /// "No pending specs as of 2026-11-21." and its variants.
    pub fn empty_message(&self) -> String {
        format!(
            "No {}specs {}as of {}.",
            if self.pending_only { "pending " } else { "" },
            if self.filtered {
                "match these filters "
            } else {
                ""
            },
            self.as_of
        )
    }
}

impl Render for SpecList<'_, '_> {
    fn columns(&self) -> &'static [&'static str] {
        SPEC_COLUMNS
    }

    fn json_rows(&self) -> Option<&dyn json::Rows> {
        Some(self)
    }

    fn view(&self) -> View<'_> {
        if self.is_empty() {
            return View::note(self.empty_message());
        }
        // The version column only when some spec names one; it gives way first.
        let versions = self.selected.iter().any(|(_, s)| s.version.is_some());
        let rows = LazyRows::new(self.selected.len(), move || {
            self.selected
                .iter()
                .zip(self.specs())
                .map(move |((spec, _), s)| {
                    let mut row = vec![
                        Cell::new(s.id),
                        Cell::new(s.title),
                        Cell::new(s.kind.as_str()),
                        s.state_cell(),
                        Cell::new(s.since.to_string()),
                        Cell::opt(s.expected_text()),
                        Cell::opt(SpecSummary::lead(self.catalog, spec)),
                    ];
                    if versions {
                        row.insert(3, Cell::opt(s.version));
                    }
                    row
                })
        });
        let mut columns = vec![
            Column::whole("ID"),
            Column::wraps("Title"),
            Column::whole("Kind").optional(1),
            Column::wraps("State"),
            Column::whole("Since").optional(2),
            Column::wraps("Expected"),
            Column::wraps("Lead").optional(0),
        ];
        if versions {
            columns.insert(3, Column::whole("Version").optional(0));
        }
        View {
            blocks: vec![Block::Rows { columns, rows }],
        }
    }
}
