//! The structure of a catalogue: which tables and keys exist, and what each value must be.
//!
//! This pass walks the parsed TOML document (the full reader's path, taken when the fast
//! reader in [`super::fast`] gives up), so it can report every unknown key, wrong type,
//! missing field and bad value at once, each with its span and a suggestion, where a
//! deserialiser would stop at the first. The description of each record kind is data
//! ([`Record`]), kept in step with the records of [`super::model`] by a test. Records that
//! pass are then built one by one into the model, so that one broken record hides nothing
//! about the others.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::{self, Arena, Catalog, FORMAT, Str};
use super::validate::{Context, Table, check_id, id_like};
use super::vocab::{Kind, State};
use crate::date::PartialDate;
use crate::diagnostic::{Code, Diagnostic};
use crate::suggest::{closest, did_you_mean};

/// What a value must be.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ty {
    Integer,
    Text,
    /// The record's own id.
    Id,
    /// The id of a record of another table.
    Ref(Table),
    /// An array of ids; when the field is required, a non-empty one.
    Refs(Table),
    /// An array of strings.
    Tags,
    Date,
    /// A date, or an event id.
    Expected,
    State,
    Kind,
    /// An array of tables, each a record of its own.
    Records(&'static Record),
}

impl Ty {
    /// "an array of org ids": what the value should have been.
    fn expected(self) -> String {
        match self {
            Ty::Integer => "an integer".to_owned(),
            Ty::Text => "a string".to_owned(),
            Ty::Id => "an id (a string)".to_owned(),
            Ty::Ref(table) => format!("{} id (a string)", table.a_noun()),
            Ty::Refs(table) => format!("an array of {} ids", table.noun()),
            Ty::Tags => "an array of strings".to_owned(),
            Ty::Date => "a date (a string such as \"2026-Q2\", or a bare date)".to_owned(),
            Ty::Expected => "a date or an event id (a string)".to_owned(),
            Ty::State => "a state (a string)".to_owned(),
            Ty::Kind => "a kind (a string)".to_owned(),
            Ty::Records(record) => format!("tables written [[{}]]", record.path),
        }
    }
}

/// One key of a record.
#[derive(Debug)]
pub(crate) struct Field {
    key: &'static str,
    ty: Ty,
    required: bool,
    /// A line to add when it is missing.
    example: &'static str,
    /// What the key means, in a sentence or two (shown by editors as the key's hover).
    description: &'static str,
}

const fn required(
    key: &'static str,
    ty: Ty,
    example: &'static str,
    description: &'static str,
) -> Field {
    Field {
        key,
        ty,
        required: true,
        example,
        description,
    }
}

const fn optional(key: &'static str, ty: Ty, description: &'static str) -> Field {
    Field {
        key,
        ty,
        required: false,
        example: "",
        description,
    }
}

/// A kind of record: the table it is written as, and its keys.
#[derive(Debug)]
pub(crate) struct Record {
    /// The table's dotted name (`spec.history`); empty for the file's top level.
    path: &'static str,
    /// What one record is called: "spec", "history entry".
    noun: &'static str,
    /// What one record is, in a sentence.
    description: &'static str,
    fields: &'static [Field],
}

static ROOT: Record = Record {
    path: "",
    noun: "catalogue",
    description: "A spectrack catalogue: promised specifications and white papers, each with a \
                  dated, sourced history, and the orgs, events and sources they name.",
    fields: &[
        required(
            "format",
            Ty::Integer,
            "format = 1",
            "The version of the file format this catalogue is written in: 1.",
        ),
        optional(
            "org",
            Ty::Records(&ORG),
            "The organisations that write, lead or host specs and events.",
        ),
        optional(
            "event",
            Ty::Records(&EVENT),
            "The gatherings (summits, expos, forums) where releases happen or are promised.",
        ),
        optional(
            "source",
            Ty::Records(&SOURCE),
            "The evidence: pages, announcements and documents that history entries cite.",
        ),
        optional(
            "spec",
            Ty::Records(&SPEC),
            "The promised specifications, white papers, guides and other documents.",
        ),
    ],
};

const URL: &str = "A web address.";

static ORG: Record = Record {
    path: "org",
    noun: "org",
    description: "An organisation: a consortium, a project group, a company.",
    fields: &[
        required(
            "id",
            Ty::Id,
            "id = \"…\"",
            "The org's id: lowercase letters, digits and `-`, starting with a letter; unique \
             among orgs.",
        ),
        required("name", Ty::Text, "name = \"…\"", "The org's full name."),
        optional("short", Ty::Text, "A short display name, such as `GCC`."),
        optional(
            "parent",
            Ty::Ref(Table::Org),
            "The id of the org this one belongs to (a project group's consortium).",
        ),
        optional("url", Ty::Text, URL),
    ],
};

static EVENT: Record = Record {
    path: "event",
    noun: "event",
    description: "A gathering where releases happen or are promised.",
    fields: &[
        required(
            "id",
            Ty::Id,
            "id = \"…\"",
            "The event's id: lowercase letters, digits and `-`, starting with a letter; unique \
             among events. History entries name it in `at` and `expected`.",
        ),
        required("name", Ty::Text, "name = \"…\"", "The event's name."),
        required(
            "start",
            Ty::Date,
            "start = \"2026-04-09\"",
            "The first day (or the month, quarter or year) of the event.",
        ),
        optional(
            "end",
            Ty::Date,
            "The last day of the event, not before `start`. An event used as a date means its \
             end.",
        ),
        optional("place", Ty::Text, "Where it is held."),
        optional(
            "orgs",
            Ty::Refs(Table::Org),
            "The ids of the orgs that host it.",
        ),
        optional(
            "sources",
            Ty::Refs(Table::Source),
            "The ids of the sources about the event.",
        ),
        optional("url", Ty::Text, URL),
    ],
};

static SOURCE: Record = Record {
    path: "source",
    noun: "source",
    description: "A piece of evidence that history entries cite.",
    fields: &[
        required(
            "id",
            Ty::Id,
            "id = \"…\"",
            "The source's id: lowercase letters, digits and `-`, starting with a letter; \
             unique among sources.",
        ),
        required("title", Ty::Text, "title = \"…\"", "The source's title."),
        required(
            "publisher",
            Ty::Text,
            "publisher = \"…\"",
            "Who published it.",
        ),
        required(
            "date",
            Ty::Date,
            "date = \"2026-03\"",
            "When it was published, to any precision.",
        ),
        optional("url", Ty::Text, URL),
    ],
};

static SPEC: Record = Record {
    path: "spec",
    noun: "spec",
    description: "A promised specification, white paper, guide or other document.",
    fields: &[
        required(
            "id",
            Ty::Id,
            "id = \"…\"",
            "The spec's id: lowercase letters, digits and `-`, starting with a letter; unique \
             among specs.",
        ),
        required("title", Ty::Text, "title = \"…\"", "The document's title."),
        required(
            "kind",
            Ty::Kind,
            "kind = \"specification\"",
            "What sort of document it is.",
        ),
        required(
            "orgs",
            Ty::Refs(Table::Org),
            "orgs = [\"…\"]",
            "The ids of the orgs behind it, at least one; the first leads.",
        ),
        optional("topics", Ty::Tags, "Lowercase topic tags, such as `dpu`."),
        optional(
            "summary",
            Ty::Text,
            "What the document is about, in a few lines.",
        ),
        optional(
            "url",
            Ty::Text,
            "The document's landing page (a web address).",
        ),
        optional(
            "supersedes",
            Ty::Refs(Table::Spec),
            "The ids of the specs this one replaces.",
        ),
        optional(
            "history",
            Ty::Records(&HISTORY),
            "What happened to the spec, in date order; at least one entry, the first setting a \
             state.",
        ),
    ],
};

static HISTORY: Record = Record {
    path: "spec.history",
    noun: "history entry",
    description: "One dated, sourced step of a spec's history.",
    fields: &[
        required(
            "date",
            Ty::Date,
            "date = \"2026-03-06\"",
            "When it happened, to any precision; not wholly before the entry above.",
        ),
        optional(
            "state",
            Ty::State,
            "The spec's new state from this day on (the first entry must set one).",
        ),
        optional(
            "expected",
            Ty::Expected,
            "When the next step is due: a date, or the id of the event where it is due.",
        ),
        optional(
            "at",
            Ty::Ref(Table::Event),
            "The id of the event where this happened.",
        ),
        optional(
            "sources",
            Ty::Refs(Table::Source),
            "The ids of the sources that say so; required when the entry sets `state` or \
             `expected`.",
        ),
        optional("note", Ty::Text, "A note, in a sentence or two."),
        optional(
            "url",
            Ty::Text,
            "A web address about this step, e.g. where the published document is.",
        ),
        optional(
            "version",
            Ty::Text,
            "The version this entry is about, as the source writes it (e.g. \"v1.5\", \"r2.0 v1.0\").",
        ),
    ],
};

/// The format description, read by other parts of spectrack (the JSON Schema of
/// `spectrack schema`) through the accessors below, so they never hold a second list of
/// keys.
pub(crate) fn format_description() -> &'static Record {
    &ROOT
}

impl Record {
    /// The table header it is written under (`[[spec.history]]`); empty for the top level.
    pub(crate) fn path(&self) -> &'static str {
        self.path
    }

    pub(crate) fn description(&self) -> &'static str {
        self.description
    }

    /// Its keys, in the documented order.
    pub(crate) fn fields(&self) -> &'static [Field] {
        self.fields
    }
}

impl Field {
    pub(crate) fn key(&self) -> &'static str {
        self.key
    }

    pub(crate) fn ty(&self) -> Ty {
        self.ty
    }

    pub(crate) fn is_required(&self) -> bool {
        self.required
    }

    pub(crate) fn description(&self) -> &'static str {
        self.description
    }
}

/// What the structural pass found: its problems, the catalogue built from the records that
/// passed, and what validation must know about the others.
#[derive(Debug)]
pub(crate) struct Structure<'a> {
    /// `None` when the file is of a newer format, whose records this build cannot judge.
    pub catalog: Option<Catalog<'a>>,
    pub diagnostics: Vec<Diagnostic>,
    pub context: Context,
}

/// Checks the structure of a parsed catalogue and builds a [`Catalog`] of its good records.
pub(crate) fn check<'a>(
    document: &Spanned<DeTable<'a>>,
    text: &'a str,
    arena: &'a Arena,
) -> Structure<'a> {
    let mut walker = Walker {
        text,
        arena,
        diagnostics: Vec::new(),
        context: Context::default(),
    };
    let root = document.get_ref();
    let Some(format) = walker.format(root) else {
        return Structure {
            catalog: None,
            diagnostics: walker.diagnostics,
            context: walker.context,
        };
    };
    let (mut orgs, mut events, mut sources, mut specs) = (vec![], vec![], vec![], vec![]);
    let root_span = 0..0;
    let children = walker.fields(&ROOT, root, &root_span, "");
    for (field, items) in children {
        for item in items {
            match field {
                "org" => walker.simple(&ORG, Table::Org, item, Walker::org, &mut orgs),
                "event" => walker.simple(&EVENT, Table::Event, item, Walker::event, &mut events),
                "source" => {
                    walker.simple(&SOURCE, Table::Source, item, Walker::source, &mut sources)
                }
                _ => walker.spec(item, &mut specs),
            }
        }
    }
    let format = model::Spanned::new(format.span(), *format.get_ref());
    Structure {
        catalog: Some(Catalog::new(format, orgs, events, sources, specs)),
        diagnostics: walker.diagnostics,
        context: walker.context,
    }
}

/// The tables found under a `Records` field: (field key, its items).
type Children<'a, 'i> = Vec<(&'static str, Vec<&'a Spanned<DeValue<'i>>>)>;

struct Walker<'a> {
    text: &'a str,
    arena: &'a Arena,
    diagnostics: Vec<Diagnostic>,
    context: Context,
}

impl<'a> Walker<'a> {
    fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// `format`: present, an integer, and one this build reads. `None` stops the check: a
    /// newer format may mean anything.
    fn format(&mut self, root: &DeTable<'_>) -> Option<Spanned<i64>> {
        let assumed = Spanned::new(0..0, FORMAT);
        let Some((key, value)) = root.get_key_value("format") else {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::MissingFormat,
                    "the catalogue does not say its `format`",
                    Some(0..0),
                )
                .with_label("expected `format = 1` before this")
                .with_help(format!(
                    "start the file with `format = {FORMAT}`, the format it is written in"
                )),
            );
            return Some(assumed);
        };
        let DeValue::Integer(number) = value.get_ref() else {
            self.type_error(&ROOT.fields[0], key.get_ref(), value, "");
            return Some(assumed);
        };
        let digits = number.as_str().replace('_', "");
        let found = i64::from_str_radix(&digits, number.radix()).unwrap_or(i64::MAX);
        if found > FORMAT {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::NewerFormat,
                    format!(
                        "this catalogue is format {}; this spectrack reads format {FORMAT}",
                        number.as_str()
                    ),
                    Some(value.span()),
                )
                .with_label("a newer format")
                .with_help("upgrade spectrack to read this catalogue"),
            );
            return None;
        }
        if found < FORMAT {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::BadFormat,
                    format!("`format` must be {FORMAT}, found {}", number.as_str()),
                    Some(value.span()),
                )
                .with_label("no such format")
                .with_help(format!("write `format = {FORMAT}`")),
            );
            return Some(assumed);
        }
        Some(Spanned::new(value.span(), found))
    }

    /// An org, event or source: checked, then built when it has no errors.
    fn simple<T>(
        &mut self,
        record: &'static Record,
        table: Table,
        item: &Spanned<DeValue<'a>>,
        build: fn(&Self, &DeTable<'a>) -> Option<T>,
        into: &mut Vec<model::Spanned<T>>,
    ) {
        let Some(fields) = self.item_table(record, item) else {
            return;
        };
        let before = self.error_count();
        let name = self.record_name(record, table, fields);
        let children = self.fields(record, fields, &item.span(), &name);
        debug_assert!(children.is_empty(), "only specs have nested records");
        if self.error_count() == before
            && let Some(value) = self.built(record, item.span(), build(self, fields))
        {
            into.push(value);
        }
    }

    /// A spec and its history: the spec's own fields and each history entry are judged
    /// separately, so a bad entry still leaves the spec's references to check.
    fn spec(
        &mut self,
        item: &Spanned<DeValue<'a>>,
        into: &mut Vec<model::Spanned<model::Spec<'a>>>,
    ) {
        let Some(fields) = self.item_table(&SPEC, item) else {
            return;
        };
        let before = self.error_count();
        let name = self.record_name(&SPEC, Table::Spec, fields);
        let children = self.fields(&SPEC, fields, &item.span(), &name);
        let spec_ok = self.error_count() == before;
        let id = fields
            .get("id")
            .and_then(|v| v.get_ref().as_str())
            .unwrap_or_default()
            .to_owned();

        let mut history = Vec::new();
        let mut partial = false;
        for entry in children.into_iter().flat_map(|(_, items)| items) {
            let Some(entry_fields) = self.item_table(&HISTORY, entry) else {
                partial = true;
                continue;
            };
            let before = self.error_count();
            let entry_name = match entry_fields.get("date").map(|d| d.get_ref()) {
                Some(DeValue::String(date)) => format!("the {date} entry of `{id}`"),
                Some(DeValue::Datetime(date)) => format!("the {date} entry of `{id}`"),
                _ => format!("a history entry of `{id}`"),
            };
            self.fields(&HISTORY, entry_fields, &entry.span(), &entry_name);
            if self.error_count() == before
                && let Some(parsed) = self.built(&HISTORY, entry.span(), self.entry(entry_fields))
            {
                history.push(parsed);
            } else {
                partial = true;
            }
        }
        if partial {
            self.context.partial_history.insert(id);
        }
        if !spec_ok {
            return;
        }
        let history = self.arena.alloc_slice(&history);
        if let Some(spec) = self.built(&SPEC, item.span(), self.spec_fields(fields, history)) {
            into.push(spec);
        }
    }

    /// A record built from checked fields. The checks above admit only what the builders
    /// read, so this never fails; should it, the record is reported rather than lost.
    fn built<T>(
        &mut self,
        record: &Record,
        span: Range<usize>,
        value: Option<T>,
    ) -> Option<model::Spanned<T>> {
        match value {
            Some(value) => Some(model::Spanned::new(span, value)),
            None => {
                self.diagnostics.push(Diagnostic::new(
                    Code::UnreadableRecord,
                    format!("this {} could not be read", record.noun),
                    Some(span),
                ));
                None
            }
        }
    }

    fn org(&self, t: &DeTable<'a>) -> Option<model::Org<'a>> {
        Some(model::Org {
            id: self.text(t, "id")??,
            name: self.text(t, "name")??,
            short: self.text(t, "short")?,
            parent: self.text(t, "parent")?,
            url: self.text(t, "url")?,
        })
    }

    fn event(&self, t: &DeTable<'a>) -> Option<model::Event<'a>> {
        Some(model::Event {
            id: self.text(t, "id")??,
            name: self.text(t, "name")??,
            start: self.date(t, "start")??,
            end: self.date(t, "end")?,
            place: self.text(t, "place")?,
            orgs: self.texts(t, "orgs")?.map_or(&[], |l| *l.get_ref()),
            sources: self.texts(t, "sources")?.map_or(&[], |l| *l.get_ref()),
            url: self.text(t, "url")?,
        })
    }

    fn source(&self, t: &DeTable<'a>) -> Option<model::Source<'a>> {
        Some(model::Source {
            id: self.text(t, "id")??,
            title: self.text(t, "title")??,
            publisher: self.text(t, "publisher")??,
            date: self.date(t, "date")??,
            url: self.text(t, "url")?,
        })
    }

    fn spec_fields(
        &self,
        t: &DeTable<'a>,
        history: &'a [model::Spanned<model::HistoryEntry<'a>>],
    ) -> Option<model::Spec<'a>> {
        let kind = t.get("kind")?;
        Some(model::Spec {
            id: self.text(t, "id")??,
            title: self.text(t, "title")??,
            kind: model::Spanned::new(kind.span(), kind.get_ref().as_str()?.parse().ok()?),
            orgs: self.texts(t, "orgs")??,
            topics: self.texts(t, "topics")?.map_or(&[], |l| *l.get_ref()),
            summary: self.text(t, "summary")?,
            url: self.text(t, "url")?,
            supersedes: self.texts(t, "supersedes")?.map_or(&[], |l| *l.get_ref()),
            history,
        })
    }

    fn entry(&self, t: &DeTable<'a>) -> Option<model::HistoryEntry<'a>> {
        let state = match t.get("state") {
            Some(v) => Some(model::Spanned::new(
                v.span(),
                v.get_ref().as_str()?.parse().ok()?,
            )),
            None => None,
        };
        let expected = match t.get("expected") {
            Some(v) => Some(model::Spanned::new(
                v.span(),
                match v.get_ref() {
                    DeValue::Datetime(dt) => {
                        model::Expected::Date(PartialDate::from_toml(dt).ok()?)
                    }
                    DeValue::String(text) => model::Expected::parse(self.borrow(text)).ok()?,
                    _ => return None,
                },
            )),
            None => None,
        };
        Some(model::HistoryEntry {
            date: self.date(t, "date")??,
            state,
            expected,
            at: self.text(t, "at")?,
            sources: self.texts(t, "sources")?.map_or(&[], |l| *l.get_ref()),
            note: self.text(t, "note")?,
            url: self.text(t, "url")?,
            version: self.text(t, "version")?,
        })
    }

    /// A string of the text, or its decoded copy in the arena.
    fn borrow(&self, text: &Cow<'a, str>) -> &'a str {
        match text {
            Cow::Borrowed(text) => text,
            Cow::Owned(text) => self.arena.alloc_str(text),
        }
    }

    /// The string at `key`: `Some(None)` when absent, `None` when not a string.
    fn text(&self, t: &DeTable<'a>, key: &str) -> Option<Option<Str<'a>>> {
        let Some(value) = t.get(key) else {
            return Some(None);
        };
        match value.get_ref() {
            DeValue::String(text) => {
                Some(Some(model::Spanned::new(value.span(), self.borrow(text))))
            }
            _ => None,
        }
    }

    /// The array of strings at `key`: `Some(None)` when absent, `None` when not one.
    #[allow(clippy::type_complexity)]
    fn texts(&self, t: &DeTable<'a>, key: &str) -> Option<Option<model::Spanned<&'a [Str<'a>]>>> {
        let Some(value) = t.get(key) else {
            return Some(None);
        };
        let items = value.get_ref().as_array()?;
        let mut list = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(text) => {
                    list.push(model::Spanned::new(item.span(), self.borrow(text)));
                }
                _ => return None,
            }
        }
        Some(Some(model::Spanned::new(
            value.span(),
            self.arena.alloc_slice(&list),
        )))
    }

    /// The date at `key`: `Some(None)` when absent, `None` when not a date.
    fn date(&self, t: &DeTable<'a>, key: &str) -> Option<Option<model::Spanned<PartialDate>>> {
        let Some(value) = t.get(key) else {
            return Some(None);
        };
        let date = match value.get_ref() {
            DeValue::String(text) => text.parse::<PartialDate>().ok()?,
            DeValue::Datetime(dt) => PartialDate::from_toml(dt).ok()?,
            _ => return None,
        };
        Some(Some(model::Spanned::new(value.span(), date)))
    }

    /// The table of one item of an array of tables; anything else is reported.
    fn item_table<'x, 'i>(
        &mut self,
        record: &Record,
        item: &'x Spanned<DeValue<'i>>,
    ) -> Option<&'x DeTable<'i>> {
        match item.get_ref() {
            DeValue::Table(table) => Some(table),
            other => {
                let last = record.path.rsplit('.').next().unwrap_or(record.path);
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::NotAnArrayOfTables,
                        format!(
                            "`{last}` must hold tables written [[{}]], found {}",
                            record.path,
                            a_type(other)
                        ),
                        Some(item.span()),
                    )
                    .with_label(format!("not a [[{}]] table", record.path)),
                );
                None
            }
        }
    }

    /// How messages name a record: "[[spec]] `gcc-dpu-specs`", or "[[spec]]" without an id.
    /// Also notes the id as defined, readable or not.
    fn record_name(&mut self, record: &Record, table: Table, fields: &DeTable<'_>) -> String {
        match fields.get("id").and_then(|v| v.get_ref().as_str()) {
            Some(id) => {
                self.context.ids.insert((table, id.to_owned()));
                if check_id(id).is_ok() {
                    format!("[[{}]] `{id}`", record.path)
                } else {
                    format!("[[{}]]", record.path)
                }
            }
            None => format!("[[{}]]", record.path),
        }
    }

    /// Checks the keys of one table against `record`: unknown keys, missing ones, and each
    /// value. Returns the items of its `Records` fields, for the caller to check one by one.
    fn fields<'x, 'i>(
        &mut self,
        record: &'static Record,
        table: &'x DeTable<'i>,
        header: &Range<usize>,
        name: &str,
    ) -> Children<'x, 'i> {
        let mut children = Vec::new();
        // Required keys that an unknown key was probably meant to be (`titel`): reported
        // once, as the typo.
        let mut misspelt = Vec::new();
        for (key, value) in table.iter() {
            let Some(field) = record.fields.iter().find(|f| f.key == key.get_ref()) else {
                misspelt.extend(self.unknown_key(record, key, value, name));
                continue;
            };
            if record.path.is_empty() && field.key == "format" {
                continue; // Checked first, on its own.
            }
            if let Some(items) = self.value(field, value, name) {
                children.push((field.key, items));
            }
        }
        let missing: Vec<&Field> = record
            .fields
            .iter()
            .filter(|f| f.required && !record.path.is_empty())
            .filter(|f| !table.contains_key(f.key) && !misspelt.contains(&f.key))
            .collect();
        if !missing.is_empty() {
            let keys = listing(missing.iter().map(|f| format!("`{}`", f.key)));
            let examples = listing(missing.iter().map(|f| format!("`{}`", f.example)));
            self.diagnostics.push(
                Diagnostic::new(
                    Code::MissingKey,
                    format!("{name} is missing {keys}"),
                    Some(header.clone()),
                )
                .with_label(format!("missing {keys}"))
                .with_help(format!("add {examples}")),
            );
        }
        children
    }

    fn unknown_key(
        &mut self,
        record: &Record,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
        name: &str,
    ) -> Option<&'static str> {
        let word = key.get_ref().as_ref();
        let written = self.text.get(value.span()).unwrap_or_default();
        let dotted = |k: &str| {
            if record.path.is_empty() {
                k.to_owned()
            } else {
                format!("{}.{k}", record.path)
            }
        };
        // How the user wrote it, and how each known key would be written in its place.
        let (what, shown) = if written.starts_with("[[") {
            ("table", format!("[[{}]]", dotted(word)))
        } else if written.starts_with('[') && matches!(value.get_ref(), DeValue::Table(_)) {
            ("table", format!("[{}]", dotted(word)))
        } else {
            ("key", format!("`{word}`"))
        };
        let shown = if what == "table" {
            format!("`{shown}`")
        } else {
            shown
        };
        let keys = record.fields.iter().map(|f| f.key);
        let near = closest(word, keys.clone());
        let help = match near {
            Some(near) => {
                let field = record.fields.iter().find(|f| f.key == near);
                match field.map(|f| f.ty) {
                    Some(Ty::Records(r)) => format!("did you mean `[[{}]]`?", r.path),
                    _ => format!("did you mean `{near}`?"),
                }
            }
            None if record.path.is_empty() => {
                "a catalogue has `format` and the tables [[org]], [[event]], [[source]] and [[spec]]"
                    .to_owned()
            }
            None => format!(
                "the keys of [[{}]] are: {}",
                record.path,
                keys.collect::<Vec<_>>().join(", ")
            ),
        };
        let message = if name.is_empty() {
            format!("unknown {what} {shown}")
        } else {
            format!("unknown {what} {shown} in {name}")
        };
        self.diagnostics.push(
            Diagnostic::new(Code::UnknownKey, message, Some(key.span()))
                .with_label(format!("unknown {what}"))
                .with_help(help),
        );
        near
    }

    /// Checks one value; returns the items of a `Records` field.
    fn value<'x, 'i>(
        &mut self,
        field: &Field,
        value: &'x Spanned<DeValue<'i>>,
        name: &str,
    ) -> Option<Vec<&'x Spanned<DeValue<'i>>>> {
        let v = value.get_ref();
        match field.ty {
            Ty::Integer => {
                if !matches!(v, DeValue::Integer(_)) {
                    self.type_error(field, field.key, value, name);
                }
            }
            Ty::Text | Ty::Ref(_) => {
                if let Some(text) = v.as_str() {
                    if let Ty::Ref(table) = field.ty {
                        self.context.mentioned.insert((table, text.to_owned()));
                    }
                } else {
                    self.type_error(field, field.key, value, name);
                }
            }
            Ty::Id => match v.as_str() {
                Some(id) => self.id(id, value, name),
                None => self.type_error(field, field.key, value, name),
            },
            Ty::Refs(_) | Ty::Tags => self.strings(field, value, name),
            Ty::Date => {
                let parsed = match v {
                    DeValue::String(text) => text.parse::<PartialDate>(),
                    DeValue::Datetime(dt) => PartialDate::from_toml(dt),
                    _ => {
                        self.type_error(field, field.key, value, name);
                        return None;
                    }
                };
                if let Err(e) = parsed {
                    self.bad_date(field.key, &e, value, name);
                }
            }
            Ty::Expected => self.expected(field, value, name),
            Ty::State => self.word::<State>(field, value, name, &State::ALL.map(State::as_str)),
            Ty::Kind => self.word::<Kind>(field, value, name, &Kind::ALL.map(Kind::as_str)),
            Ty::Records(inner) => return self.records(field, inner, value, name),
        }
        None
    }

    /// The own id of a record: id syntax.
    fn id(&mut self, id: &str, value: &Spanned<DeValue<'_>>, name: &str) {
        if let Err(rule) = check_id(id) {
            let help = match id_like(id) {
                Some(better) => format!("{rule}; for example `{better}`"),
                None => rule.to_owned(),
            };
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidId,
                    format!("invalid id `{id}` in {name}"),
                    Some(value.span()),
                )
                .with_label("invalid id")
                .with_help(help),
            );
        }
    }

    /// An array of strings (`orgs`, `sources`, `supersedes`, `topics`).
    fn strings(&mut self, field: &Field, value: &Spanned<DeValue<'_>>, name: &str) {
        let Some(items) = value.get_ref().as_array() else {
            self.type_error(field, field.key, value, name);
            return;
        };
        if field.required && items.is_empty() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::EmptyList,
                    format!("`{}` of {name} is empty", field.key),
                    Some(value.span()),
                )
                .with_label("empty")
                .with_help(match field.ty {
                    Ty::Refs(Table::Org) => "name at least one org; the first leads".to_owned(),
                    _ => format!("give at least one value, as in `{}`", field.example),
                }),
            );
        }
        for item in items.iter() {
            match (item.get_ref().as_str(), field.ty) {
                (Some(text), Ty::Refs(table)) => {
                    self.context.mentioned.insert((table, text.to_owned()));
                }
                (Some(_), _) => {}
                (None, _) => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::WrongType,
                            format!(
                                "`{}` of {name} must be {}, found {} in it",
                                field.key,
                                field.ty.expected(),
                                a_type(item.get_ref())
                            ),
                            Some(item.span()),
                        )
                        .with_label("not a string"),
                    );
                }
            }
        }
    }

    /// `expected`: a date when it starts with a digit, else an event id.
    fn expected(&mut self, field: &Field, value: &Spanned<DeValue<'_>>, name: &str) {
        match value.get_ref() {
            DeValue::Datetime(dt) => {
                if let Err(e) = PartialDate::from_toml(dt) {
                    self.bad_date(field.key, &e, value, name);
                }
            }
            DeValue::String(text) if text.starts_with(|c: char| c.is_ascii_digit()) => {
                if let Err(e) = text.parse::<PartialDate>() {
                    self.bad_date(field.key, &e, value, name);
                }
            }
            DeValue::String(text) => {
                if check_id(text).is_ok() {
                    self.context
                        .mentioned
                        .insert((Table::Event, text.to_string()));
                } else {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::BadExpected,
                            format!(
                                "`expected` of {name} must be a date or an event id, found `{text}`"
                            ),
                            Some(value.span()),
                        )
                        .with_label("neither a date nor an id")
                        .with_help(
                            "write a date (`2026`, `2026-Q2`, `2026-04`, `2026-04-09`) or the id \
                             of an [[event]]",
                        ),
                    );
                }
            }
            _ => self.type_error(field, field.key, value, name),
        }
    }

    /// A word of a closed vocabulary (`state`, `kind`), with a suggestion for near misses.
    fn word<T: std::str::FromStr>(
        &mut self,
        field: &Field,
        value: &Spanned<DeValue<'_>>,
        name: &str,
        accepted: &[&'static str],
    ) {
        let Some(word) = value.get_ref().as_str() else {
            self.type_error(field, field.key, value, name);
            return;
        };
        if word.parse::<T>().is_ok() {
            return;
        }
        let list = accepted.join(", ");
        let code = if matches!(field.ty, Ty::Kind) {
            Code::UnknownKind
        } else {
            Code::UnknownState
        };
        let help = did_you_mean(word, accepted.iter().copied())
            .unwrap_or_else(|| format!("the {}s are: {list}", field.key));
        self.diagnostics.push(
            Diagnostic::new(
                code,
                format!("unknown {} `{word}` in {name}", field.key),
                Some(value.span()),
            )
            .with_label(format!("unknown {}", field.key))
            .with_help(help),
        );
    }

    /// A `Records` field: an array of tables. A single table (`[spec]`) is reported, then
    /// checked like one item so its other problems show too.
    fn records<'x, 'i>(
        &mut self,
        field: &Field,
        inner: &Record,
        value: &'x Spanned<DeValue<'i>>,
        name: &str,
    ) -> Option<Vec<&'x Spanned<DeValue<'i>>>> {
        match value.get_ref() {
            DeValue::Array(items) => Some(items.iter().collect()),
            DeValue::Table(_) => {
                let written = self.text.get(value.span()).unwrap_or_default();
                let header = written.starts_with('[');
                let (message, help) = if header {
                    (
                        format!("`[{}]` is a single table", inner.path),
                        format!(
                            "each {} is an entry of an array of tables: write `[[{}]]`",
                            inner.noun, inner.path
                        ),
                    )
                } else {
                    (
                        format!(
                            "`{}` must be {}, found a table",
                            field.key,
                            field.ty.expected()
                        ),
                        format!("write `[[{}]]` before each {}", inner.path, inner.noun),
                    )
                };
                self.diagnostics.push(
                    Diagnostic::new(Code::NotAnArrayOfTables, message, Some(value.span()))
                        .with_label(format!("not `[[{}]]`", inner.path))
                        .with_help(help),
                );
                // A `[spec]` section is most likely one spec: check it as one, so its other
                // problems show too. A dotted key or inline table is only the wrong shape.
                header.then(|| vec![value])
            }
            _ => {
                self.type_error(field, field.key, value, name);
                None
            }
        }
    }

    fn bad_date(
        &mut self,
        key: &str,
        error: &crate::date::DateError,
        value: &Spanned<DeValue<'_>>,
        name: &str,
    ) {
        use crate::date::DateError;
        let (label, help) = match error {
            DateError::Impossible(..) => ("no such date", None),
            DateError::TimeOfDay(_) => ("has a time of day", None),
            DateError::Range(_) => ("out of range", None),
            DateError::Syntax(_) => (
                "not a date",
                Some("a date is `2026`, `2026-Q2`, `2026-04` or `2026-04-09`"),
            ),
        };
        let message = match error {
            // The error's own text already says what to write.
            DateError::Syntax(text) => format!("`{key}` of {name}: `{text}` is not a date"),
            other => format!("`{key}` of {name}: {other}"),
        };
        let mut d = Diagnostic::new(Code::BadDate, message, Some(value.span())).with_label(label);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.diagnostics.push(d);
    }

    fn type_error(&mut self, field: &Field, key: &str, value: &Spanned<DeValue<'_>>, name: &str) {
        let found = a_type(value.get_ref());
        let whose = if name.is_empty() {
            format!("`{key}`")
        } else {
            format!("`{key}` of {name}")
        };
        let mut d = Diagnostic::new(
            Code::WrongType,
            format!("{whose} must be {}, found {found}", field.ty.expected()),
            Some(value.span()),
        )
        .with_label(found);
        // A single id where a list is needed is the usual slip: show the fix.
        if let (Ty::Refs(_) | Ty::Tags, Some(text)) = (field.ty, value.get_ref().as_str()) {
            d = d.with_help(format!("write `{key} = [\"{text}\"]`"));
        } else if let Ty::Records(inner) = field.ty {
            d = d.with_help(format!(
                "write `[[{}]]` before each {}",
                inner.path, inner.noun
            ));
        } else if !field.example.is_empty() {
            d = d.with_help(format!("for example `{}`", field.example));
        }
        self.diagnostics.push(d);
    }
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn listing(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

/// "a string", "an array": how messages name the type of a TOML value.
fn a_type(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The structural pass on `text` (leaked: a test's catalogue lives as long as the test).
    fn structure(text: &str) -> Structure<'static> {
        let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
        let arena: &'static Arena = Box::leak(Box::new(Arena::new()));
        let (document, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty(), "{errors:?}");
        check(&document, text, arena)
    }

    /// The messages and the text each one points at.
    fn found(text: &str) -> Vec<(String, String)> {
        let mut diagnostics = structure(text).diagnostics;
        diagnostics.sort_by_key(|d| d.span.clone().map(|s| s.start));
        diagnostics
            .into_iter()
            .map(|d| {
                let at = d.span.and_then(|s| text.get(s)).unwrap_or_default();
                (d.message, at.to_owned())
            })
            .collect()
    }

    fn pair(message: &str, at: &str) -> (String, String) {
        (message.to_owned(), at.to_owned())
    }

    const SPEC_OK: &str = "format = 1\n[[spec]]\nid = \"x\"\ntitle = \"X\"\nkind = \"guide\"\norgs = [\"o\"]\n[[spec.history]]\ndate = \"2026\"\nstate = \"proposed\"\nsources = [\"s\"]\n";

    #[test]
    fn a_good_spec_is_built_with_its_history() {
        let s = structure(SPEC_OK);
        assert_eq!(s.diagnostics, []);
        let catalog = s.catalog.unwrap();
        assert_eq!(catalog.specs.len(), 1);
        assert_eq!(catalog.specs[0].get_ref().history.len(), 1);
        assert_eq!(&SPEC_OK[catalog.specs[0].span()], "[[spec]]");
    }

    #[test]
    fn format_is_required_known_and_an_integer() {
        assert_eq!(found("")[0].0, "the catalogue does not say its `format`");
        assert_eq!(
            found("format = \"1\"\n"),
            [pair("`format` must be an integer, found a string", "\"1\"")]
        );
        assert_eq!(
            found("format = 0\n"),
            [pair("`format` must be 1, found 0", "0")]
        );
        let newer = structure("format = 2\n[[spek]]\n");
        assert!(newer.catalog.is_none());
        assert_eq!(
            newer
                .diagnostics
                .iter()
                .map(|d| d.message.as_str())
                .collect::<Vec<_>>(),
            ["this catalogue is format 2; this spectrack reads format 1"]
        );
    }

    #[test]
    fn unknown_tables_and_keys_with_suggestions() {
        let text = "format = 1\n[[sources]]\nid = \"a\"\n[spec]\nid = \"x\"\n";
        let s = structure(text);
        let messages: Vec<_> = s
            .diagnostics
            .iter()
            .map(|d| (d.message.as_str(), d.help.as_deref()))
            .collect();
        assert!(
            messages.contains(&(
                "unknown table `[[sources]]`",
                Some("did you mean `[[source]]`?")
            )),
            "{messages:#?}"
        );
        assert!(
            messages.contains(&(
                "`[spec]` is a single table",
                Some("each spec is an entry of an array of tables: write `[[spec]]`")
            )),
            "{messages:#?}"
        );
        let typo = SPEC_OK.replace("title", "titel");
        let d = &structure(&typo).diagnostics;
        assert_eq!(d[0].message, "unknown key `titel` in [[spec]] `x`");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(&typo[d[0].span.clone().unwrap()], "titel");
        // The typo is the one problem: no "missing `title`" besides.
        assert_eq!(d.len(), 1, "{d:#?}");
    }

    #[test]
    fn wrong_types_and_missing_fields() {
        let text = SPEC_OK
            .replace("orgs = [\"o\"]", "orgs = \"o\"")
            .replace("title = \"X\"\n", "");
        assert_eq!(
            found(&text),
            [
                pair("[[spec]] `x` is missing `title`", "[[spec]]"),
                pair(
                    "`orgs` of [[spec]] `x` must be an array of org ids, found a string",
                    "\"o\""
                ),
            ]
        );
        let empty = SPEC_OK.replace("orgs = [\"o\"]", "orgs = []");
        assert_eq!(
            found(&empty),
            [pair("`orgs` of [[spec]] `x` is empty", "[]")]
        );
    }

    #[test]
    fn value_checks() {
        let text = SPEC_OK
            .replace("id = \"x\"", "id = \"X Y\"")
            .replace("kind = \"guide\"", "kind = \"whitepaper\"")
            .replace("state = \"proposed\"", "state = \"publised\"");
        let s = structure(&text);
        let got: Vec<_> = s
            .diagnostics
            .iter()
            .map(|d| (d.message.as_str(), d.help.as_deref()))
            .collect();
        assert!(
            got.contains(&(
                "invalid id `X Y` in [[spec]]",
                Some("an id starts with a lowercase letter; for example `x-y`")
            )),
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|(m, h)| *m == "unknown kind `whitepaper` in [[spec]]"
                    && h.is_some_and(|h| h.starts_with("did you mean `white-paper`?"))),
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|(m, h)| m.starts_with("unknown state `publised`")
                    && h.is_some_and(|h| h.starts_with("did you mean `published`?"))),
            "{got:#?}"
        );
        // The parser itself refuses 2026-02-30 as a bare date, so use a string here.
        let day = SPEC_OK.replace("date = \"2026\"", "date = \"2026-02-30\"");
        assert_eq!(
            found(&day),
            [pair(
                "`date` of the 2026-02-30 entry of `x`: `2026-02-30` is not a real date: 2026-02 has 28 days",
                "\"2026-02-30\""
            )]
        );
        let time = SPEC_OK.replace("date = \"2026\"", "date = 2026-03-06T10:00:00");
        assert!(found(&time)[0].0.contains("has a time of day"));
        let expected = SPEC_OK.replace(
            "state = \"proposed\"",
            "state = \"proposed\"\nexpected = \"April 2026\"",
        );
        assert_eq!(
            found(&expected)[0].0,
            "`expected` of the 2026 entry of `x` must be a date or an event id, found `April 2026`"
        );
    }

    #[test]
    fn a_broken_history_entry_keeps_the_spec_but_marks_it() {
        let text = format!("{SPEC_OK}[[spec.history]]\ndate = \"soon\"\n");
        let s = structure(&text);
        assert_eq!(s.diagnostics.len(), 1);
        let catalog = s.catalog.unwrap();
        assert_eq!(catalog.specs[0].get_ref().history.len(), 1);
        assert!(s.context.partial_history.contains("x"));
    }

    #[test]
    fn broken_records_are_left_out_but_their_ids_known() {
        let text = "format = 1\n[[org]]\nid = \"o\"\n[[source]]\nid = \"s\"\ntitle = \"t\"\npublisher = \"p\"\ndate = \"2026\"\nparent = \"o\"\n";
        let s = structure(text);
        let catalog = s.catalog.unwrap();
        assert!(catalog.orgs.is_empty() && catalog.sources.is_empty());
        assert!(s.context.ids.contains(&(Table::Org, "o".to_owned())));
        assert!(s.context.ids.contains(&(Table::Source, "s".to_owned())));
    }

    #[test]
    fn every_key_of_every_record_is_built() {
        let text = "format = 1\n\
            [[org]]\nid = \"o\"\nname = \"O\"\nshort = \"S\"\nparent = \"p\"\nurl = \"u\"\n\
            [[event]]\nid = \"e\"\nname = \"E\"\nstart = 2026-04-09\nend = \"2026-04-10\"\n\
            place = \"P\"\norgs = [\"o\"]\nsources = [\"s\"]\nurl = \"u\"\n\
            [[source]]\nid = \"s\"\ntitle = \"T\"\npublisher = \"P\"\ndate = \"2026\"\nurl = \"u\"\n\
            [[spec]]\nid = \"x\"\ntitle = \"X\"\nkind = \"guide\"\norgs = [\"o\"]\ntopics = [\"t\"]\n\
            summary = \"\\u00e9\"\nurl = \"u\"\nsupersedes = [\"y\"]\n\
            [[spec.history]]\ndate = \"2026\"\nstate = \"proposed\"\nexpected = \"e\"\nat = \"e\"\n\
            sources = [\"s\"]\nnote = \"n\"\nurl = \"u\"\nversion = \"v1.0\"\n";
        let s = structure(text);
        assert_eq!(s.diagnostics, []);
        let catalog = s.catalog.unwrap();
        let org = catalog.orgs[0].get_ref();
        assert!(org.short.is_some() && org.parent.is_some() && org.url.is_some());
        let event = catalog.events[0].get_ref();
        assert!(event.end.is_some() && event.place.is_some() && event.url.is_some());
        assert_eq!((event.orgs.len(), event.sources.len()), (1, 1));
        assert!(catalog.sources[0].get_ref().url.is_some());
        let spec = catalog.specs[0].get_ref();
        assert_eq!(spec.summary.map(|s| *s.get_ref()), Some("é"));
        assert!(spec.url.is_some());
        assert_eq!((spec.topics.len(), spec.supersedes.len()), (1, 1));
        let entry = spec.history[0].get_ref();
        assert_eq!(
            entry.expected.map(|e| *e.get_ref()),
            Some(model::Expected::Event("e"))
        );
        assert!(entry.at.is_some() && entry.note.is_some() && entry.url.is_some());
        assert_eq!(entry.version.map(|v| *v.get_ref()), Some("v1.0"));
        assert!(entry.state.is_some() && entry.sources.len() == 1);
        // Every key the schema knows was written above.
        for record in [&ORG, &EVENT, &SOURCE, &SPEC, &HISTORY] {
            for field in record.fields {
                let line = format!("\n{} = ", field.key);
                let table = format!("[[{}.{}]]", record.path, field.key);
                assert!(
                    text.contains(&line) || text.contains(&table),
                    "{} of {}",
                    field.key,
                    record.path
                );
            }
        }
    }
}
