//! Where a large catalogue may be cut in two, to read both parts at once (`schema::read`),
//! and when the two parts read exactly as the whole would.
//!
//! The cut is made before a record header at the start of a line (`[[spec]]`, …) just past
//! the middle of the text. The two parts are then two TOML documents, and they read as the whole
//! does when:
//! - both parse without any error: a cut inside a multi-line string, an array or an inline
//!   table leaves the first part unfinished, which is an error, and any real error is
//!   reported by reading the whole again, with its place in the whole;
//! - the first part holds a format this build reads (the top-level keys all come before the
//!   first header, so they are all in the first part);
//! - the second part only adds records: its top level holds nothing but arrays of tables
//!   that are record tables, and each is, in the first part, an array of tables too or
//!   absent. Then every header of the second part means what it means in the whole: an
//!   array-of-tables header adds a record in both, and any other header extends the last
//!   record, which is in the second part, as the part starts with a record header.
//!
//! Anything else, and the caller reads the whole text on one thread instead.

use memchr::memmem;

use super::document::Table as TomlTable;
use super::format::{ROOT, Table, Ty};

/// Where "the middle" of a catalogue is, in percent of its text: a little past half, as a
/// catalogue lists specs last, and a byte of a spec costs a little more to read than one of
/// the orgs and sources before them (on the synthetic catalogues, at 10k and 100k specs,
/// the two parts cost the same instructions cut at 51%; at 53%, before the reader's fast
/// paths for keys and strings, the first part cost 7% more).
const MIDDLE_PERCENT: usize = 51;

/// Where to cut `text`: the start of the first line past the middle that begins with a
/// record header, if any.
pub(super) fn point(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let middle = text.len() * MIDDLE_PERCENT / 100;
    memmem::find_iter(&bytes[middle..], b"\n[[")
        .map(|found| middle + found + 1)
        .find(|&at| {
            Table::ALL
                .iter()
                .any(|table| bytes[at..].starts_with(table.header().as_bytes()))
        })
}

/// Whether `key` names records of the top level (`org`, `event`, `source`, `spec`): the
/// arrays the reader hands over record by record.
pub(super) fn is_records(key: &str) -> bool {
    matches!(ROOT.field(key).map(|f| f.ty), Some(Ty::Records(_)))
}

/// Whether the top level of a second part holds records only.
pub(super) fn adds_records_only(second: &TomlTable<'_>) -> bool {
    second
        .iter()
        .all(|(key, value)| is_records(key.get_ref()) && value.get_ref().is_array_of_tables())
}

/// Whether a second part with the top level `second` continues a first with `first`.
pub(super) fn continues(first: &TomlTable<'_>, second: &TomlTable<'_>) -> bool {
    adds_records_only(second)
        && second.iter().all(|(key, _)| {
            first
                .get(key.get_ref())
                .is_none_or(|value| value.get_ref().is_array_of_tables())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cut_is_at_a_record_header_past_the_middle() {
        let text =
            "format = 1\n\n[[org]]\nid = \"a\"\n\n[[spec]]\nid = \"b\"\n\n[[spec]]\nid = \"c\"\n";
        let at = point(text).unwrap();
        assert!(at >= text.len() * MIDDLE_PERCENT / 100);
        assert!(text[at..].starts_with("[[spec]]\nid = \"c\""));
    }

    #[test]
    fn no_cut_without_a_record_header_in_the_second_half() {
        assert_eq!(
            point("format = 1\n[[spec]]\nid = \"a\"\n[spec.x]\ny = 1\n"),
            None
        );
        assert_eq!(
            point("[[spec.history]]\n[[spec.history]]\n[[spec.history]]\n"),
            None
        );
    }
}
