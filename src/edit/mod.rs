//! Edits to the catalogue's text: text in, text out.
//!
//! People keep the catalogue in git and edit them by hand, so spectrack edits it the way a
//! careful person would. [`append_history_in`] and [`add_record_in`] find where the new table
//! belongs from the spans the catalogue reader keeps for every record and history entry, and
//! *insert* it there: every byte they do not add stays as it was (comments, blank lines, key
//! order, quoting, CRLF line endings). The writer ([`mod@write`]) then reads the new text (the
//! record the insertion falls in, read again into the catalogue it has: `catalog::reread`),
//! and checks that it holds the old records with the new one where it was put, so a
//! placement mistake can never reach the disk. [`format_document`] is the one edit that
//! rewrites layout on purpose.
//!
//! Rules belong to validation: an edit writes what the flags say, and the same checks
//! `spectrack check` makes refuse it, located in the text it would have written.
//!
//! [`mod@write`] owns putting a new text on disk: locked, validated, atomic.

mod layout;
mod place;
pub mod write;

pub use layout::{Changed, Formatted, format_changes, format_document, format_document_in};
pub(crate) use layout::{RecordCuts, format_at_cuts};
pub use place::{add_record, add_record_in, append_history, append_history_in};

/// The kinds of top-level record, each an array of tables, with their description
/// ([`Table::record`]: the table name and the keys in canonical order).
pub use crate::catalog::Table;
use crate::catalog::with_records;

/// A value to write. The format only needs text and lists of text; dates are written as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    List(Vec<String>),
}

/// The key-value pairs of a new table, in the order they will be written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(&'static str, FieldValue)>);

impl Fields {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `key = "value"`.
    pub fn text(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.0.push((key, FieldValue::Text(value.into())));
        self
    }

    /// Adds `key = "value"` when there is a value.
    pub fn maybe_text(self, key: &'static str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(value) => self.text(key, value),
            None => self,
        }
    }

    /// Adds `key = ["a", "b"]` unless the list is empty (an empty list says nothing).
    pub fn list(mut self, key: &'static str, values: &[String]) -> Self {
        if !values.is_empty() {
            self.0.push((key, FieldValue::List(values.to_vec())));
        }
        self
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &FieldValue)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    /// The table as text: its header line, then one `key = value` line per field.
    fn render(&self, header: &str, nl: &str) -> String {
        let mut out = format!("[[{header}]]{nl}");
        for (key, value) in self.iter() {
            out.push_str(key);
            out.push_str(" = ");
            match value {
                FieldValue::Text(text) => out.push_str(&basic_string(text)),
                FieldValue::List(items) => {
                    out.push('[');
                    let items: Vec<String> = items.iter().map(|i| basic_string(i)).collect();
                    out.push_str(&items.join(", "));
                    out.push(']');
                }
            }
            out.push_str(nl);
        }
        out
    }
}

/// What an edit added, so checks can look at just that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// The `index`-th record of its kind.
    Record { kind: Table, index: usize },
    /// History entry `entry` of the `spec`-th spec.
    History { spec: usize, entry: usize },
}

/// A table to insert into the catalogue's text: `text` goes in at byte `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub at: usize,
    pub text: String,
    pub added: Added,
    /// Where the new table's header starts in `text`.
    header: usize,
    /// How many records of each kind the catalogue had, and the history entries of the
    /// spec that gets one.
    before: Counts,
}

/// Records of each kind (in [`Table`] order), and the history length of one spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counts {
    records: [usize; 4],
    history: Option<usize>,
}

impl Counts {
    fn of(catalog: &crate::catalog::Catalog, spec: Option<usize>) -> Self {
        Self {
            records: [
                catalog.orgs.len(),
                catalog.events.len(),
                catalog.sources.len(),
                catalog.specs.len(),
            ],
            history: spec
                .and_then(|at| catalog.specs.get(at))
                .map(|s| s.get_ref().history.len()),
        }
    }
}

impl Splice {
    /// What to look for in the new text once this is inserted.
    pub fn placed(&self) -> Placed {
        Placed {
            header: self.at + self.header,
            added: self.added,
            before: self.before,
        }
    }

    /// `text` with this inserted.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.text.len());
        out.push_str(&text[..self.at]);
        out.push_str(&self.text);
        out.push_str(&text[self.at..]);
        out
    }
}

/// Where a [`Splice`] put its table, to check the new text against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    header: usize,
    added: Added,
    before: Counts,
}

impl Placed {
    /// Whether `catalog` (read from the new text) is the old one with exactly the new table,
    /// read from where it was put: the last line of defence against a table landing inside
    /// something else (a multi-line string, say).
    pub fn verify(&self, catalog: &crate::catalog::Catalog) -> Result<(), EditError> {
        self.verify_at(catalog, |offset| offset)
    }

    /// [`Placed::verify`] on a catalogue whose offsets `offset` takes to the new text's
    /// (one read again in part: `catalog::reread`).
    pub(crate) fn verify_at(
        &self,
        catalog: &crate::catalog::Catalog,
        offset: impl Fn(usize) -> usize,
    ) -> Result<(), EditError> {
        let start = |span: std::ops::Range<usize>| offset(span.start);
        let mut want = self.before;
        let here = match self.added {
            Added::Record { kind, index } => {
                want.records[kind as usize] += 1;
                let found = with_records!(catalog, kind, |records| {
                    records.get(index).map(|r| start(r.span()))
                });
                found == Some(self.header)
            }
            Added::History { spec, entry } => {
                want.history = want.history.map(|n| n + 1);
                catalog
                    .specs
                    .get(spec)
                    .and_then(|s| s.get_ref().history.get(entry))
                    .is_some_and(|e| start(e.span()) == self.header)
            }
        };
        let spec = match self.added {
            Added::History { spec, .. } => Some(spec),
            Added::Record { .. } => None,
        };
        if here && Counts::of(catalog, spec) == want {
            Ok(())
        } else {
            Err(EditError::Unsafe(
                "the result reads differently than intended",
            ))
        }
    }
}

/// Whether `new` holds the data of the catalogue whose fingerprints are `old`, whatever its
/// layout; if not, [`EditError::DataChanged`] names the first record that differs.
pub(crate) fn same_data(
    old: &crate::catalog::Fingerprints,
    new: &crate::catalog::Catalog,
) -> Result<(), EditError> {
    match old.first_difference(&new.fingerprints()) {
        Some(difference) => Err(EditError::DataChanged(new.name_of(difference))),
        None => Ok(()),
    }
}

/// What an edit does to the catalogue's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing.
    None,
    /// A new table, inserted.
    Insert(Splice),
    /// A whole new text holding the same data (`fmt`): refused unless it reads as records
    /// with the old ones' data.
    Replace(String),
}

/// The result of an edit: the whole new text, and what it added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    pub added: Option<Added>,
}

/// Where a history entry may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// After the last entry; an earlier date than the last entry's is refused.
    Last,
    /// In date order, after any entries of the same date.
    InOrder,
}

/// Why an edit could not be made. Nothing is written when one occurs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the catalogue is not valid TOML ({0}); run `spectrack check`")]
    Parse(String),
    #[error("there is no spec with id `{0}`")]
    NoSpec(String),
    #[error(
        "the new entry's date {date} lies wholly before the last history entry of `{spec}` \
         ({last}); entries are kept in the order things happened: pass --insert to put it in \
         its place"
    )]
    OutOfOrder {
        spec: String,
        date: String,
        last: String,
    },
    #[error(
        "{0} is written as an inline array in this catalogue; spectrack only adds to \
         `[[...]]` tables, so make this change by hand"
    )]
    Inline(String),
    #[error(
        "spectrack could not place the change safely ({0}); nothing was written. \
         Please make this change by hand and report the problem"
    )]
    Unsafe(&'static str),
    #[error(
        "the new layout does not read as the same data (at {0}); nothing was written. \
         Please report the problem"
    )]
    DataChanged(String),
}

/// The line ending the file uses (that of its first line), for the lines an edit adds.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// `text` as a TOML basic string: `"…"` with `\`, `"` and every control character escaped,
/// so a value always fits on one line whatever the file's line endings.
pub fn basic_string(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn line_ending_follows_the_first_line() {
        assert_eq!(line_ending("format = 1\r\n"), "\r\n");
        assert_eq!(line_ending("format = 1\n"), "\n");
        assert_eq!(line_ending("format = 1"), "\n");
    }

    #[test]
    fn fields_render_in_the_order_given() {
        let fields = Fields::new()
            .text("id", "x")
            .maybe_text("short", None::<String>)
            .list("orgs", &["a".to_owned(), "b".to_owned()])
            .list("topics", &[]);
        assert_eq!(
            fields.render("spec", "\n"),
            "[[spec]]\nid = \"x\"\norgs = [\"a\", \"b\"]\n"
        );
    }

    proptest! {
        /// Whatever a flag holds, it reads back as exactly that text, on one line.
        #[test]
        fn basic_strings_round_trip(text in any::<String>()) {
            let encoded = basic_string(&text);
            prop_assert!(!encoded.contains('\n') && !encoded.contains('\r'));
            let table: toml::Table = toml::from_str(&format!("v = {encoded}")).unwrap();
            prop_assert_eq!(table["v"].as_str(), Some(text.as_str()));
        }
    }
}
