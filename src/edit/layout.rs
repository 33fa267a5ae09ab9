//! `spectrack fmt`: one canonical layout, every comment kept.
//!
//! The layout: `format` first; in each table the keys in the order of SPEC section 1 (any other
//! key after them, as found); `key = value` with single spaces; exactly one blank line before
//! each table header; no blank lines inside a table; records in file order; the file's own
//! line endings. Comments stay with the line they were written above or after; a comment
//! block set apart from the table (or top-level key) below it by a blank line keeps one blank
//! line, so section headings stay headings. Values are
//! written as they were (quoting style, multi-line arrays), since how a value is spelt is
//! the author's choice, not layout.

use toml_edit::{Decor, DocumentMut, Item, RawString, Table};

use super::{EditError, line_ending};
use crate::catalog::{HISTORY, ROOT, Record, Table as Kind};

/// The catalogue's text in canonical layout. The data it holds is unchanged (checked).
pub fn format_document(text: &str) -> Result<String, EditError> {
    let nl = line_ending(text);
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| EditError::Parse(e.message().trim_end().to_owned()))?;
    let root_has_values = doc.iter().any(|(_, item)| item.is_value());
    layout_values(doc.as_table_mut(), Some(&ROOT), Gap::Keep);
    let mut first_table = !root_has_values;
    for (name, item) in doc.as_table_mut().iter_mut() {
        let order = Kind::ALL
            .into_iter()
            .find(|kind| kind.table() == name.get())
            .map(Kind::record);
        if let Item::ArrayOfTables(records) = item {
            for record in records.iter_mut() {
                layout_table(record, order, first_table);
                first_table = false;
                if let Some(Item::ArrayOfTables(history)) = record.get_mut("history") {
                    for entry in history.iter_mut() {
                        layout_table(entry, Some(&HISTORY), false);
                    }
                }
            }
        } else if let Item::Table(table) = item {
            layout_table(table, order, first_table);
            first_table = false;
        }
    }
    let trailing = comment_lines(doc.trailing().as_str().unwrap_or(""), Gap::Drop);
    doc.set_trailing(if trailing.is_empty() {
        String::new()
    } else {
        format!("\n{trailing}")
    });

    let mut out = doc.to_string();
    out = out.replace("\r\n", "\n");
    if nl == "\r\n" {
        out = out.replace('\n', "\r\n");
    }
    same_data(text, &out)?;
    Ok(out)
}

/// Lays out one `[table]`/`[[table]]`: header decor, then its values.
fn layout_table(table: &mut Table, order: Option<&Record>, first: bool) {
    let decor = table.decor_mut();
    let comments = comment_lines(raw(decor.prefix()), Gap::Keep);
    let blank = if first { "" } else { "\n" };
    let suffix = trailing_comment(raw(decor.suffix()));
    decor.set_prefix(format!("{blank}{comments}"));
    decor.set_suffix(suffix);
    layout_values(table, order, Gap::Drop);
}

/// Sorts a table's values into canonical order and normalises the space around them.
fn layout_values(table: &mut Table, order: Option<&Record>, gap: Gap) {
    let rank = |key: &str| {
        order
            .and_then(|record| record.fields.iter().position(|f| f.key == key))
            .unwrap_or(usize::MAX)
    };
    // A stable sort: keys outside `order` keep their relative order, after the known ones.
    table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
    for (mut key, item) in table.iter_mut() {
        // Sub-tables are laid out by their headers.
        if let Item::Value(value) = item {
            let decor = key.leaf_decor_mut();
            let comments = comment_lines(raw(decor.prefix()), gap);
            decor.set_prefix(comments);
            decor.set_suffix(" ");
            let decor: &mut Decor = value.decor_mut();
            let suffix = trailing_comment(raw(decor.suffix()));
            decor.set_prefix(" ");
            decor.set_suffix(suffix);
        }
    }
}

fn raw(raw: Option<&RawString>) -> &str {
    raw.and_then(RawString::as_str).unwrap_or("")
}

/// What becomes of blank lines between a comment block and the line it stands above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// One blank line stays: the comment is a heading for what follows, not a note on it.
    Keep,
    /// Removed: inside a table, comments sit right above their key.
    Drop,
}

/// The comment lines of a run of blank and comment lines, each unindented and ending in a
/// newline; runs of blank lines between comments become one; blank lines before the first
/// comment go, and those after the last go or become one as `gap` says.
fn comment_lines(raw: &str, gap: Gap) -> String {
    let mut out = String::new();
    let mut pending_blank = false;
    for line in raw.lines().map(str::trim) {
        if line.is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        if pending_blank {
            out.push('\n');
            pending_blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    if pending_blank && gap == Gap::Keep {
        out.push('\n');
    }
    out
}

/// A comment after a value or header on the same line, with one space before it.
fn trailing_comment(raw: &str) -> String {
    let comment = raw.trim();
    if comment.is_empty() {
        String::new()
    } else {
        format!(" {comment}")
    }
}

/// Layout must never change data: both texts must read as the same TOML.
fn same_data(old: &str, new: &str) -> Result<(), EditError> {
    let old: toml::Table =
        toml::from_str(old).map_err(|e| EditError::Parse(e.message().trim_end().to_owned()))?;
    let new: toml::Table = toml::from_str(new)
        .map_err(|_| EditError::Unsafe("the formatted text is not valid TOML"))?;
    if old == new {
        Ok(())
    } else {
        Err(EditError::Unsafe("formatting would change the data"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSY: &str = "# Our catalogue\n\n\nformat=1\n[[spec]]\n  kind = 'guide'   # a guide\n\n\n# the id\nid = \"a\"\ntitle = \"A\"\norgs = [\"gcc\"]\n[[spec.history]]\nsources = [\"s\"]\n\n\ndate = 2025-07-27\n# ---- orgs ----\n\n\n# GCC\n[[org]]  # the first\nname = \"G\"\nid = \"gcc\"\n\n\n# end\n\n";

    #[test]
    fn canonical_layout() {
        assert_eq!(
            format_document(MESSY).unwrap(),
            "# Our catalogue\n\nformat = 1\n\n[[spec]]\n# the id\nid = \"a\"\ntitle = \"A\"\nkind = 'guide' # a guide\norgs = [\"gcc\"]\n\n[[spec.history]]\ndate = 2025-07-27\nsources = [\"s\"]\n\n# ---- orgs ----\n\n# GCC\n[[org]] # the first\nid = \"gcc\"\nname = \"G\"\n\n# end\n"
        );
    }

    #[test]
    fn a_heading_set_apart_by_a_blank_line_stays_apart() {
        let text = "format = 1\n\n# ---- orgs ----\n\n\n[[org]]\n# the first\n\nid = \"gcc\"\nname = \"G\"\n";
        assert_eq!(
            format_document(text).unwrap(),
            "format = 1\n\n# ---- orgs ----\n\n[[org]]\n# the first\nid = \"gcc\"\nname = \"G\"\n"
        );
    }

    #[test]
    fn formatting_twice_changes_nothing_more() {
        let once = format_document(MESSY).unwrap();
        assert_eq!(format_document(&once).unwrap(), once);
    }

    #[test]
    fn crlf_stays_crlf() {
        let crlf = MESSY.replace('\n', "\r\n");
        let formatted = format_document(&crlf).unwrap();
        assert_eq!(
            formatted,
            format_document(MESSY).unwrap().replace('\n', "\r\n")
        );
    }

    #[test]
    fn every_comment_is_kept() {
        let formatted = format_document(MESSY).unwrap();
        for line in MESSY.lines() {
            if let Some(i) = line.find('#') {
                assert!(formatted.contains(&line[i..]), "lost {:?}", &line[i..]);
            }
        }
    }

    #[test]
    fn invalid_toml_is_refused() {
        assert!(matches!(
            format_document("format = \n"),
            Err(EditError::Parse(_))
        ));
    }
}
