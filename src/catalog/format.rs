//! The one description of the catalogue format (SPEC section 1), as data.
//!
//! Records, their keys in canonical order, each key's type, whether it is required, a line
//! to add when it is missing, and a short description (for editor hovers and generated
//! schemas). Everything that knows the format derives from it: the reader and its
//! structural checks ([`super::schema`]), `fmt`'s key order and the editing commands
//! ([`crate::edit`]), and the JSON Schema of `spectrack schema`. Walk it from [`ROOT`]:
//! records -> fields -> type, required, description.

/// How messages name a record: "[[spec]] `gcc-dpu-specs`", written out where a message is
/// made. The one place that says so, for the reader's messages, validation's and the editor's.
#[derive(Clone, Copy)]
pub(crate) struct Named<'n> {
    /// The table's path in the file (`spec`).
    pub table: &'static str,
    pub id: &'n str,
}

impl std::fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[[{}]] `{}`", self.table, self.id)
    }
}

/// `a == b` for keys, which are compared on every key read (a table's keys for duplicates,
/// a record's against its fields): refused on the length, else compared a byte at a time,
/// as keys are a few bytes long, too short for a call to `memcmp` to pay.
#[inline]
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// The kinds of record that have ids, each written as an array of tables (`[[org]]`), and so
/// can be referred to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Org,
    Event,
    Source,
    Spec,
}

impl Table {
    pub const ALL: [Table; 4] = [Table::Org, Table::Event, Table::Source, Table::Spec];

    /// Its description.
    pub fn record(self) -> &'static Record {
        match self {
            Table::Org => &ORG,
            Table::Event => &EVENT,
            Table::Source => &SOURCE,
            Table::Spec => &SPEC,
        }
    }

    /// The table name in the file (`org` for `[[org]]`); also the word messages use:
    /// "unknown org `x`".
    pub fn noun(self) -> &'static str {
        self.record().noun
    }

    /// The table name in the file.
    pub fn table(self) -> &'static str {
        self.record().path
    }

    /// Its keys in canonical order.
    pub fn keys(self) -> impl Iterator<Item = &'static str> {
        self.record().keys()
    }

    /// How messages name the record of this table with id `id`: "[[spec]] `gcc-dpu-specs`".
    pub(crate) fn named(self, id: &str) -> Named<'_> {
        Named {
            table: self.table(),
            id,
        }
    }

    /// The table header that defines such a record.
    pub fn header(self) -> &'static str {
        match self {
            Table::Org => "[[org]]",
            Table::Event => "[[event]]",
            Table::Source => "[[source]]",
            Table::Spec => "[[spec]]",
        }
    }

    /// "an org", "a spec".
    pub fn a_noun(self) -> &'static str {
        match self {
            Table::Org => "an org",
            Table::Event => "an event",
            Table::Source => "a source",
            Table::Spec => "a spec",
        }
    }
}

/// What a value must be.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    Integer,
    Text,
    /// The record's own id ([`ID_PATTERN`]).
    Id,
    /// The id of a record of another table.
    Ref(Table),
    /// An array of ids; when the field is required, a non-empty one.
    Refs(Table),
    /// An array of strings.
    Tags,
    /// A date ([`DATE_PATTERN`]), as a string or a bare TOML date.
    Date,
    /// A date, or an event id.
    Expected,
    /// One of [`super::State::ALL`].
    State,
    /// One of [`super::Kind::ALL`].
    Kind,
    /// An array of tables, each a record of its own.
    Records(&'static Record),
}

impl Ty {
    /// "an array of org ids": what the value should have been.
    pub fn expected(self) -> String {
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
pub struct Field {
    pub key: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// A line to add when it is missing (required keys only).
    pub example: &'static str,
    /// What the key means, in a sentence or two (shown by editors as the key's hover).
    pub description: &'static str,
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

/// A kind of record: the table it is written as, and its keys in canonical order.
#[derive(Debug)]
pub struct Record {
    /// The table's dotted name (`spec.history`); empty for the file's top level.
    pub path: &'static str,
    /// What one record is called: "spec", "history entry".
    pub noun: &'static str,
    /// What one record is, in a sentence.
    pub description: &'static str,
    pub fields: &'static [Field],
}

impl Record {
    /// The keys in canonical order (SPEC section 1, and how `fmt` writes them).
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + use<> {
        let fields: &'static [Field] = self.fields;
        fields.iter().map(|f| f.key)
    }

    /// Where `key` is among the fields; for the keys code names, found when compiling
    /// (`const AT: usize = SPEC.at("id")`), so a key not in the format does not compile.
    pub const fn at(&self, key: &str) -> usize {
        let mut at = 0;
        while at < self.fields.len() {
            if same_bytes(self.fields[at].key.as_bytes(), key.as_bytes()) {
                return at;
            }
            at += 1;
        }
        panic!("no such key in the record")
    }

    /// Where `key` is among the fields, if it is one ([`Self::at`] for a key code names).
    pub fn position(&self, key: &str) -> Option<usize> {
        self.fields.iter().position(|f| same_key(f.key, key))
    }

    /// The field of `key`.
    pub fn field(&self, key: &str) -> Option<&'static Field> {
        let fields: &'static [Field] = self.fields;
        self.position(key).map(|at| &fields[at])
    }

    /// The records nested in this one (`[[spec.history]]` in `[[spec]]`), with their keys.
    pub fn children(&self) -> impl Iterator<Item = (&'static str, &'static Record)> + use<> {
        let fields: &'static [Field] = self.fields;
        fields.iter().filter_map(|f| match f.ty {
            Ty::Records(record) => Some((f.key, record)),
            _ => None,
        })
    }
}

/// The most fields any record has (the size of a record's values by field).
pub const MOST_FIELDS: usize = most_fields(&ROOT);

/// The most fields `record` or a record nested in it has.
const fn most_fields(record: &Record) -> usize {
    let mut most = record.fields.len();
    let mut at = 0;
    while at < record.fields.len() {
        if let Ty::Records(inner) = record.fields[at].ty {
            let inner = most_fields(inner);
            if inner > most {
                most = inner;
            }
        }
        at += 1;
    }
    most
}

/// `a == b`, in a `const fn`.
const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut at = 0;
    while at < a.len() {
        if a[at] != b[at] {
            return false;
        }
        at += 1;
    }
    true
}

/// An id: lowercase ASCII letters, digits and `-`, starting with a letter, at most 64
/// characters (checked by `validate::check_id`).
pub const ID_PATTERN: &str = "^[a-z][a-z0-9-]{0,63}$";

/// A date of any precision: `2026`, `2026-Q2`, `2026-04`, `2026-04-09` (checked by
/// [`crate::date::PartialDate`]'s parser; whether the day exists in its month is left to it).
pub const DATE_PATTERN: &str =
    "^[0-9]{4}(-[Qq][1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";

/// The file's top level.
pub static ROOT: Record = Record {
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

pub static ORG: Record = Record {
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

pub static EVENT: Record = Record {
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

pub static SOURCE: Record = Record {
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

pub static SPEC: Record = Record {
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

pub static HISTORY: Record = Record {
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
            "The version of the document this entry is about, as its makers write it (`v1.5`, \
             `r2.0 v1.0`).",
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_is_equality() {
        let keys = [
            "",
            "id",
            "ie",
            "di",
            "idx",
            "título",
            "título2",
            "spec.history",
        ];
        for a in keys {
            for b in keys {
                assert_eq!(same_key(a, b), a == b, "{a:?} {b:?}");
            }
        }
        // Every field is found by its own key, and only by it.
        for record in Table::ALL.map(Table::record) {
            for (at, key) in record.keys().enumerate() {
                assert_eq!(record.position(key), Some(at));
                assert_eq!(record.position(&format!("{key}_")), None);
            }
        }
    }

    #[test]
    fn every_table_is_a_record_of_the_root() {
        for table in Table::ALL {
            let record = table.record();
            assert_eq!(ROOT.field(record.path).map(|f| f.ty.expected()), {
                Some(format!("tables written [[{}]]", record.path))
            });
            assert_eq!(table.header(), format!("[[{}]]", record.path));
        }
    }

    #[test]
    fn required_fields_have_examples_and_every_field_a_description() {
        for record in [&ROOT, &ORG, &EVENT, &SOURCE, &SPEC, &HISTORY] {
            for field in record.fields {
                assert_eq!(field.required, !field.example.is_empty(), "{}", field.key);
                assert!(!field.description.is_empty(), "{}", field.key);
            }
        }
    }
}
