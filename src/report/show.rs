//! `show`: everything about one spec.

use jiff::civil::Date;
use serde::Serialize;

use super::history::{HistoryItem, SourceRef};
use super::spec::{SPEC_COLUMNS, SpecSummary};
use crate::catalog::{Catalog, Spec};
use crate::render::{Block, Cell, Column, Render, View};
use crate::status::Status;

/// Every field of a spec, its derived status and its history as of a day.
#[derive(Debug, Clone, Serialize)]
pub struct ShowReport<'a> {
    #[serde(flatten)]
    pub spec: SpecSummary<'a>,
    pub summary: Option<String>,
    pub history: Vec<HistoryItem<'a>>,
    /// Each org as "name (id)"; not part of the JSON shape.
    #[serde(skip)]
    pub org_names: Vec<String>,
    /// Specs this one replaces; not part of the JSON shape.
    #[serde(skip)]
    pub supersedes: Vec<String>,
    #[serde(skip)]
    pub as_of: Date,
}

/// The keys of [`ShowReport`] in JSON, in order: those of the spec object, then two more.
pub const SHOW_COLUMNS: &[&str] = &{
    let mut keys = [""; SPEC_COLUMNS.len() + 2];
    let mut i = 0;
    while i < SPEC_COLUMNS.len() {
        keys[i] = SPEC_COLUMNS[i];
        i += 1;
    }
    keys[i] = "summary";
    keys[i + 1] = "history";
    keys
};

impl<'a> ShowReport<'a> {
    pub fn new(catalog: &Catalog<'a>, spec: &Spec<'a>, status: &Status<'a>, as_of: Date) -> Self {
        let org_names = spec
            .orgs
            .get_ref()
            .iter()
            .map(|id| {
                let id = id.get_ref();
                match catalog.org(id) {
                    Some(org) => format!("{} ({id})", org.name.get_ref()),
                    None => id.to_string(),
                }
            })
            .collect();
        Self {
            spec: SpecSummary::new(spec, status),
            summary: spec.summary().map(|s| s.get_ref().to_string()),
            history: HistoryItem::all(catalog, spec, as_of),
            org_names,
            supersedes: spec
                .supersedes()
                .iter()
                .map(|s| s.get_ref().to_string())
                .collect(),
            as_of,
        }
    }
}

impl Render for ShowReport<'_> {
    fn columns(&self) -> &'static [&'static str] {
        SHOW_COLUMNS
    }

    fn view(&self) -> View<'_> {
        let s = &self.spec;
        let mut fields: Vec<Vec<Cell>> = vec![
            vec!["Kind".into(), Cell::new(s.kind.as_str())],
            vec!["Orgs".into(), Cell::lines(self.org_names.clone())],
            vec!["Topics".into(), Cell::new(s.topics.join(", "))],
        ];
        if let Some(summary) = &self.summary {
            fields.push(vec!["Summary".into(), Cell::new(summary)]);
        }
        if let Some(url) = &s.url {
            fields.push(vec!["URL".into(), Cell::new(*url)]);
        }
        if !self.supersedes.is_empty() {
            fields.push(vec![
                "Supersedes".into(),
                Cell::new(self.supersedes.join(", ")),
            ]);
        }
        if let Some(version) = s.version {
            fields.push(vec!["Version".into(), Cell::new(version)]);
        }
        fields.push(vec!["State".into(), s.state_cell()]);
        fields.push(vec!["Since".into(), Cell::new(s.since.to_string())]);
        fields.push(vec!["Expected".into(), Cell::opt(s.expected_text())]);
        fields.push(vec![
            "Pending".into(),
            Cell::new(if s.pending { "yes" } else { "no" }),
        ]);
        fields.push(vec!["As of".into(), Cell::new(self.as_of.to_string())]);

        let history = self
            .history
            .iter()
            .map(|e| {
                vec![
                    Cell::new(e.date.to_string()),
                    Cell::lines(e.changes()),
                    Cell::lines(e.sources.iter().map(SourceRef::citation)),
                    Cell::lines(e.note_lines()),
                ]
            })
            .collect();
        View {
            blocks: vec![
                Block::Heading(format!("{} — {}", s.id, s.title)),
                Block::Table {
                    columns: vec![Column::whole("Field"), Column::wraps("Value")],
                    rows: fields,
                },
                Block::Heading("History".to_owned()),
                Block::Table {
                    columns: vec![
                        Column::whole("Date"),
                        Column::wraps("Change"),
                        Column::wraps("Sources"),
                        Column::wraps("Note"),
                    ],
                    rows: history,
                },
            ],
        }
    }
}
