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

use std::borrow::Cow;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml_edit::{Decor, DocumentMut, Item, RawString, Table};

use super::{EditError, line_ending};
use crate::catalog::{HISTORY, ROOT, Record, Table as Kind};

mod tokens;

#[cfg(test)]
use crate::forms;

/// The catalogue's text in canonical layout. The data it holds is unchanged (checked).
///
/// A byte order mark stays where it was: the TOML reader skips it, and writers keep it.
pub fn format_document(text: &str) -> Result<String, EditError> {
    // Only the records are needed (their spans, and their data to compare): no validation.
    let arena = crate::catalog::Arena::new();
    let Some(catalog) = crate::catalog::read_records(text, &arena).catalog else {
        return format_whole(text);
    };
    let formatted = format_document_in(text, &catalog)?;
    if let Cow::Owned(new) = &formatted {
        let old = catalog.fingerprints();
        drop(catalog);
        let arena = crate::catalog::Arena::new();
        let new = crate::catalog::read_records(new, &arena)
            .catalog
            .ok_or(EditError::Unsafe("the result is not valid TOML"))?;
        super::same_data(&old, &new)?;
    }
    Ok(formatted.into_owned())
}

/// [`format_document`] with the catalogue already read from `text`, without reading the
/// result back (in a release build, a record laid out from its tokens is not read back
/// either: write the text with [`super::write::update`], which compares the new catalogue's
/// data with the old one's, or use [`format_document`]): each record (with its
/// history) is laid out on its own, found from the reader's spans, so the cost stays that of
/// one record at a time. A record is laid out from the lexer's tokens (`layout::tokens`), and is
/// kept as it is when that gives it back unchanged; a record the token layout does not take
/// (a dotted key in a value line, a `[table]` header, invalid TOML: rare) is laid out with
/// `toml_edit` (`format_part`), with the same result. The result is the same as laying out
/// the whole document at once (which is done instead, with `toml_edit`, whenever the records
/// cannot be cut apart cleanly). `Cow::Borrowed(text)` when the text is already in canonical
/// layout: no copy.
pub fn format_document_in<'t>(
    text: &'t str,
    catalog: &crate::catalog::Catalog,
) -> Result<Cow<'t, str>, EditError> {
    format_changes(text, catalog).map(|formatted| formatted.text)
}

/// The text in canonical layout, and where it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted<'t> {
    /// As [`format_document_in`] gives it.
    pub text: Cow<'t, str>,
    /// The stretches of whole lines that changed, in order: one for each record changed
    /// (with its history), so a diff can be made record by record.
    pub changed: Vec<Changed>,
}

/// A stretch of whole lines that the layout changed: its bytes in the old text, and what
/// replaces them in the new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// [`format_document_in`], saying where the text changed (so a diff need only look there).
pub fn format_changes<'t>(
    text: &'t str,
    catalog: &crate::catalog::Catalog,
) -> Result<Formatted<'t>, EditError> {
    format_at_cuts(text, RecordCuts::of(text, catalog))
}

/// Where a text is cut into records for the layout: all the layout needs of the catalogue,
/// so that a caller can free the catalogue before the new text is made ([`format_at_cuts`]).
#[derive(Debug, Clone)]
pub(crate) struct RecordCuts(Option<Vec<usize>>);

impl RecordCuts {
    /// The cuts of `text`, from its catalogue.
    pub(crate) fn of(text: &str, catalog: &crate::catalog::Catalog) -> Self {
        Self(cuts(text, catalog))
    }
}

/// [`format_changes`] at cuts found before.
pub(crate) fn format_at_cuts(text: &str, cuts: RecordCuts) -> Result<Formatted<'_>, EditError> {
    format_records_at(text, cuts.0, true).map(|(formatted, _)| formatted)
}

/// [`format_records_at`] at the cuts of `catalog`.
#[cfg(test)]
fn format_records<'t>(
    text: &'t str,
    catalog: &crate::catalog::Catalog,
    tokens: bool,
) -> Result<(Formatted<'t>, usize), EditError> {
    format_records_at(text, cuts(text, catalog), tokens)
}

/// [`format_changes`]: each part (a record with its history, or what comes before the first
/// record, cut at `cuts`; the whole text at once without them) laid out from its tokens
/// ([`tokens::lay_out`]) when `tokens`, else (and whenever that does not take the part) with
/// `toml_edit` ([`format_part`]): the tests compare both. Also how many parts changed.
fn format_records_at(
    text: &str,
    cuts: Option<Vec<usize>>,
    tokens: bool,
) -> Result<(Formatted<'_>, usize), EditError> {
    let whole = || {
        format_whole(text).map(|formatted| {
            let formatted = if formatted == text {
                Formatted {
                    text: Cow::Borrowed(text),
                    changed: Vec::new(),
                }
            } else {
                Formatted {
                    changed: vec![Changed {
                        old: 0..text.len(),
                        new: 0..formatted.len(),
                    }],
                    text: Cow::Owned(formatted),
                }
            };
            (formatted, 1)
        })
    };
    let Some(cuts) = cuts else {
        return whole();
    };
    let nl = line_ending(text);
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    // Made at the first part that changes, from the text before it (the byte order mark too).
    let mut out: Option<String> = None;
    let mut changed: Vec<Changed> = Vec::new();
    let mut buffers = tokens::Buffers::default();
    let mut laid_out = 0;
    let mut from = start;
    let mut first = true;
    for at in cuts.into_iter().chain([text.len()]) {
        let Some(part) = text.get(from..at) else {
            return whole();
        };
        // From the tokens; with `toml_edit` when they are not read (or not asked for).
        let formatted = match tokens.then(|| tokens::lay_out(part, first, nl, &mut buffers)) {
            Some(Some(formatted)) => Ok(Cow::Borrowed(formatted)),
            _ => format_part(part, first, nl).map(Cow::Owned),
        };
        match formatted {
            Ok(formatted) if formatted == part => {
                if let Some(out) = &mut out {
                    out.push_str(part);
                }
            }
            Ok(formatted) => {
                laid_out += 1;
                let out = out.get_or_insert_with(|| {
                    let mut out = String::with_capacity(text.len() + text.len() / 16);
                    out.push_str(&text[..from]);
                    out
                });
                // A stretch of whole lines: the first one starts before the byte order mark.
                let begin = if from == start { 0 } else { from };
                let new = out.len() - (from - begin)..out.len() + formatted.len();
                out.push_str(&formatted);
                changed.push(Changed {
                    old: begin..at,
                    new,
                });
            }
            // A cut in the wrong place (inside a multi-line string, say): do it whole.
            Err(_) => return whole(),
        }
        if first {
            first = !part.lines().any(|l| {
                let l = l.trim();
                !l.is_empty() && !l.starts_with('#')
            });
        }
        from = at;
    }
    let formatted = match out {
        Some(out) if out != text => Formatted {
            text: Cow::Owned(out),
            changed,
        },
        _ => Formatted {
            text: Cow::Borrowed(text),
            changed: Vec::new(),
        },
    };
    Ok((formatted, laid_out))
}

/// Where the text is cut between records: after the last line holding a value before each
/// record written as a `[[…]]` table (comments and blank lines above a header go with it, as
/// they belong to it). Records written as values (`org = [{ … }]`) are in the root table,
/// before the first header, and so stay in the first part; a history entry stays with its
/// spec, as a `[[spec.history]]` table after it or inline in its table (`history = [{ … }]`).
/// `None` when the records cannot be cut apart so: a record written as a value after the
/// first cut, or a history entry away from its spec.
fn cuts(text: &str, catalog: &crate::catalog::Catalog) -> Option<Vec<usize>> {
    let is_header = |at: usize| text.get(at..).is_some_and(|t| t.starts_with("[["));
    // Each record's start, and for a spec its history's first and last entries.
    let mut records: Vec<(usize, Option<(usize, usize)>)> = Vec::new();
    records.extend(catalog.orgs.iter().map(|r| (r.span().start, None)));
    records.extend(catalog.events.iter().map(|r| (r.span().start, None)));
    records.extend(catalog.sources.iter().map(|r| (r.span().start, None)));
    records.extend(catalog.specs.iter().map(|r| {
        let history = r.get_ref().history;
        let entries = history.first().zip(history.last());
        (
            r.span().start,
            entries.map(|(first, last)| (first.span().start, last.span().start)),
        )
    }));
    records.sort_unstable_by_key(|(at, _)| *at);
    let headers: Vec<usize> = records
        .iter()
        .map(|(at, _)| *at)
        .filter(|&at| is_header(at))
        .collect();
    let first_header = headers.first().copied().unwrap_or(text.len());
    for (i, &(at, entries)) in records.iter().enumerate() {
        if !is_header(at) {
            // A value in the root table: before every header.
            if at > first_header {
                return None;
            }
            continue;
        }
        // A spec's history entries all come after it and before the next record.
        let next = records.get(i + 1).map_or(text.len(), |(next, _)| *next);
        if entries.is_some_and(|(first, last)| first < at || last > next) {
            return None;
        }
    }
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut cuts = Vec::with_capacity(headers.len());
    for at in headers {
        let mut cut = line_start(at);
        while cut > 0 {
            let above = line_start(cut - 1);
            let line = text[above..cut].trim();
            if !line.is_empty() && !line.starts_with('#') {
                break;
            }
            cut = above;
        }
        cuts.push(cut);
    }
    if cuts.windows(2).any(|w| w[0] > w[1]) {
        return None;
    }
    Some(cuts)
}

/// The whole document laid out at once.
fn format_whole(text: &str) -> Result<String, EditError> {
    if let Some(rest) = text.strip_prefix('\u{feff}') {
        return format_whole(rest).map(|formatted| format!("\u{feff}{formatted}"));
    }
    format_part(text, true, line_ending(text))
}

/// Lays out a part of the document (all of it, or one record) with `toml_edit`; `start` when
/// it holds the document's first table or values, `nl` the document's line ending. The
/// layout of the whole document, and of a record [`tokens::lay_out`] does not take; the tests
/// hold the token layout to it.
fn format_part(text: &str, start: bool, nl: &str) -> Result<String, EditError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| EditError::Parse(e.message().trim_end().to_owned()))?;
    let root_has_values = doc.iter().any(|(_, item)| item.is_value());
    plain_headers(doc.as_table_mut());
    layout_values(doc.as_table_mut(), Some(&ROOT), Gap::Keep);
    let mut first_table = start && !root_has_values;
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

/// Writes every table header under `table` plainly: its keys bare where a bare key can say
/// them (quoted where not), joined by dots, no spaces (`[[ "spec" . 'history' ]]` becomes
/// `[[spec.history]]`). Only the keys of headers: a dotted key in a value line is written
/// as it was, as other keys are.
fn plain_headers(table: &mut Table) {
    for (mut key, item) in table.iter_mut() {
        match item {
            Item::Table(table) => {
                // A dotted key's table (`a.b = 1`) is written in a value line, but a header
                // may still name a table under it.
                if !table.is_dotted() {
                    key.fmt();
                }
                plain_headers(table);
            }
            Item::ArrayOfTables(tables) => {
                key.fmt();
                for table in tables.iter_mut() {
                    plain_headers(table);
                }
            }
            _ => {}
        }
    }
}

/// Sorts a table's values into canonical order and normalises the space around them.
fn layout_values(table: &mut Table, order: Option<&Record>, gap: Gap) {
    // A stable sort: keys outside `order` keep their relative order, after the known ones.
    table.sort_values_by(|a, _, b, _| rank(order, a.get()).cmp(&rank(order, b.get())));
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

/// Where `key` goes among a table's values: its place in `order`, any other key after them.
fn rank(order: Option<&Record>, key: &str) -> usize {
    order
        .and_then(|record| record.position(key))
        .unwrap_or(usize::MAX)
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
    push_comment_lines(raw, gap, &mut out);
    out
}

/// [`comment_lines`], written at the end of `out`.
fn push_comment_lines(raw: &str, gap: Gap, out: &mut String) {
    if !raw.contains('#') {
        // Blank lines only: nothing stays.
        return;
    }
    let mut any = false;
    let mut pending_blank = false;
    for line in raw.lines().map(str::trim) {
        if line.is_empty() {
            pending_blank = any;
            continue;
        }
        if pending_blank {
            out.push('\n');
            pending_blank = false;
        }
        any = true;
        out.push_str(line);
        out.push('\n');
    }
    if pending_blank && gap == Gap::Keep {
        out.push('\n');
    }
}

/// A comment after a value or header on the same line, with one space before it.
fn trailing_comment(raw: &str) -> String {
    let mut out = String::new();
    push_trailing_comment(raw, &mut out);
    out
}

/// [`trailing_comment`], written at the end of `out`.
fn push_trailing_comment(raw: &str, out: &mut String) {
    let comment = raw.trim();
    if !comment.is_empty() {
        out.push(' ');
        out.push_str(comment);
    }
}

/// Layout must never change data: both texts must read as the same TOML.
///
/// Read with `toml`'s own parser (not `toml_edit`, which made the new text), into its
/// borrowed tables: no value is copied, and no serde conversion is made.
fn same_data(old: &str, new: &str) -> Result<(), EditError> {
    let old =
        DeTable::parse(old).map_err(|e| EditError::Parse(e.message().trim_end().to_owned()))?;
    let new = DeTable::parse(new)
        .map_err(|_| EditError::Unsafe("the formatted text is not valid TOML"))?;
    if same_table(old.get_ref(), new.get_ref()) {
        Ok(())
    } else {
        Err(EditError::Unsafe("formatting would change the data"))
    }
}

/// The same keys, each with the same value, in any order.
fn same_table(a: &DeTable<'_>, b: &DeTable<'_>) -> bool {
    a.len() == b.len()
        && a.iter().all(|(key, value)| {
            b.get(key.get_ref().as_ref())
                .is_some_and(|other| same_value(value.get_ref(), other.get_ref()))
        })
}

/// The same value: strings as read (escapes decoded), numbers as written (the layout never
/// respells a value, so this is only stricter), arrays item by item.
fn same_value(a: &DeValue<'_>, b: &DeValue<'_>) -> bool {
    match (a, b) {
        (DeValue::String(a), DeValue::String(b)) => a == b,
        (DeValue::Integer(a), DeValue::Integer(b)) => {
            a.radix() == b.radix() && a.as_str() == b.as_str()
        }
        (DeValue::Float(a), DeValue::Float(b)) => a.as_str() == b.as_str(),
        (DeValue::Boolean(a), DeValue::Boolean(b)) => a == b,
        (DeValue::Datetime(a), DeValue::Datetime(b)) => a == b,
        (DeValue::Array(a), DeValue::Array(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|(a, b)| same_value(a.get_ref(), b.get_ref()))
        }
        (DeValue::Table(a), DeValue::Table(b)) => same_table(a, b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSY: &str = "# Our catalogue\n\n\nformat=1\n[[spec]]\n  kind = 'guide'   # a guide\n\n\n# the id\nid = \"a\"\ntitle = \"A\"\norgs = [\"gcc\"]\n[[spec.history]]\nsources = [\"s\"]\n\n\ndate = 2025-07-27\n# ---- orgs ----\n\n\n# GCC\n[[org]]  # the first\nname = \"G\"\nid = \"gcc\"\n\n\n# end\n\n";

    /// A catalogue's fingerprints are its data's, not its layout's: every other form of the
    /// synthetic catalogue, and `fmt`'s layout of it, has the plain one's; a value changed
    /// is found in its record.
    #[test]
    fn fingerprints_are_of_the_data_not_the_layout() {
        use crate::catalog::{Arena, check_in};
        let plain = crate::synth::catalogue(60, 12).unwrap();
        let fingerprints = |text: &str| {
            let arena = Arena::new();
            check_in(text, &arena).catalog.unwrap().fingerprints()
        };
        let expected = fingerprints(&plain);
        for form in [
            forms::Form::Inline,
            forms::Form::Dotted,
            forms::Form::Multiline,
        ] {
            let text = forms::reform(&plain, form);
            assert_eq!(expected.first_difference(&fingerprints(&text)), None);
            let formatted = format_document(&text).unwrap();
            assert_ne!(formatted, text);
            assert_eq!(expected.first_difference(&fingerprints(&formatted)), None);
        }
        let at = plain.rfind("\ntitle = \"").unwrap();
        let changed = format!("{}\ntitle = \"x{}", &plain[..at], &plain[at + 10..]);
        let arena = Arena::new();
        let catalog = check_in(&changed, &arena).catalog.unwrap();
        let last = catalog.specs.len() - 1;
        assert_eq!(
            expected.first_difference(&catalog.fingerprints()),
            Some(crate::catalog::Difference::Record(Kind::Spec, last))
        );
    }

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

    /// Record by record, or all at once: the same layout.
    #[test]
    fn records_laid_out_apart_read_as_the_whole() {
        let texts = [
            MESSY.to_owned(),
            crate::catalog::BUILT_IN.to_owned(),
            include_str!("../../tests/fixtures/editing.toml").to_owned(),
            include_str!("../../tests/fixtures/messy.toml").to_owned(),
            include_str!("../../tests/fixtures/messy.toml").replace('\n', "\r\n"),
            format!(
                "\u{feff}{}",
                include_str!("../../tests/fixtures/messy.toml")
            ),
            crate::synth::catalogue(300, 7).unwrap(),
            // Orgs inline in the root table, history entries inline in their specs, and
            // both beside records and entries written as tables.
            include_str!("../../tests/fixtures/forms.toml").to_owned(),
        ];
        let texts = texts.into_iter().chain(
            forms::Form::ALL
                .into_iter()
                .map(|form| forms::reform(&crate::synth::catalogue(120, 11).unwrap(), form)),
        );
        for text in texts {
            let arena = crate::catalog::Arena::new();
            let catalog = crate::catalog::check_in(&text, &arena).catalog.unwrap();
            // Cut at every record written as a table.
            let tables = text.lines().filter(|l| l.starts_with("[[")).count();
            let records = catalog.orgs.len()
                + catalog.events.len()
                + catalog.sources.len()
                + catalog.specs.len();
            let cuts = cuts(&text, &catalog).unwrap().len();
            assert!(cuts > 0 && cuts <= tables && cuts <= records, "{text}");
            assert_eq!(
                format_document_in(&text, &catalog).unwrap(),
                format_whole(&text).unwrap(),
                "{text}"
            );
        }
    }

    /// Headers in canonical layout: bare keys joined by dots, whatever their spelling was.
    #[test]
    fn headers_are_written_plainly() {
        let text = "format = 1\n\n[[ 'org' ]]\nid = \"gcc\"\nname = \"G\"\n\n[[ \"spec\" ]]\nid = \"a\"\ntitle = \"A\"\nkind = \"guide\"\norgs = [\"gcc\"]\n\n[[ \"spec\" . 'history' ]] # first\ndate = 2025-07-27\n\n[[\tspec.\"history\"]]\ndate = \"2025-08\"\n";
        let formatted = format_document(text).unwrap();
        assert_eq!(
            formatted,
            "format = 1\n\n[[org]]\nid = \"gcc\"\nname = \"G\"\n\n[[spec]]\nid = \"a\"\ntitle = \"A\"\nkind = \"guide\"\norgs = [\"gcc\"]\n\n[[spec.history]] # first\ndate = 2025-07-27\n\n[[spec.history]]\ndate = \"2025-08\"\n"
        );
        // A key that cannot be bare is quoted; a dotted key in a value line is as written.
        let odd = "[\"a b\" . c]\n\"d\".'e' = 1\n";
        assert_eq!(
            format_document(odd).unwrap(),
            "[\"a b\".c]\n\"d\".'e' = 1\n"
        );
    }

    #[test]
    fn a_byte_order_mark_is_kept() {
        let bom = format!("\u{feff}{MESSY}");
        let formatted = format_document(&bom).unwrap();
        assert_eq!(
            formatted,
            format!("\u{feff}{}", format_document(MESSY).unwrap())
        );
        assert_eq!(format_document(&formatted).unwrap(), formatted);
    }

    /// The data check sees any change of data, and only that.
    #[test]
    fn same_data_tells_data_from_layout() {
        let old = "format = 1\n[[spec]]\nid = \"a\"\nn = 0x1f\nf = 1.5\nb = true\nd = 2025-07-27\nl = [1, [\"x\"], { k = 'v' }]\n[[spec.history]]\ndate = \"2026\"\n";
        for same in [
            old.to_owned(),
            old.replace(
                "id = \"a\"\nn = 0x1f",
                "n = 0x1f\n  'id'   =   'a'  # moved",
            ),
            old.replace("[[spec.history]]", "[[ \"spec\" . history ]]"),
            old.replace("{ k = 'v' }", "{ \"k\" = \"\\u0076\" }"),
            old.replace("format = 1\n", "format = 1\n\n# about\n\n"),
        ] {
            assert_eq!(same_data(old, &same), Ok(()), "{same}");
        }
        for (from, to) in [
            ("id = \"a\"", "id = \"b\""),
            ("id = \"a\"", "id = \"a \""),
            ("n = 0x1f", "n = 31"),
            ("f = 1.5", "f = 1.50"),
            ("b = true", "b = false"),
            ("d = 2025-07-27", "d = 2025-07-28"),
            ("d = 2025-07-27", "d = \"2025-07-27\""),
            ("[1, [\"x\"],", "[[\"x\"], 1,"),
            ("[1, [\"x\"],", "[1, \"x\","),
            ("{ k = 'v' }", "{ k = 'v', j = 1 }"),
            ("{ k = 'v' }", "{}"),
            ("b = true\n", ""),
            ("date = \"2026\"\n", "date = \"2026\"\nnote = \"\"\n"),
            ("[[spec.history]]", "[spec.history]"),
        ] {
            let changed = old.replacen(from, to, 1);
            assert_ne!(changed, old);
            assert!(
                matches!(same_data(old, &changed), Err(EditError::Unsafe(_))),
                "{changed}"
            );
        }
        assert!(matches!(
            same_data(old, "format = \n"),
            Err(EditError::Unsafe(_))
        ));
    }

    /// A record with comments everywhere, keys quoted and unknown, headers spelt every way.
    const COMMENTED: &str = "# head\n\n# more\n\n\nformat = 1 # the format\n  # indented\norg = [ # orgs\n  { id = \"g\", name = \"G\" }, # g\n  # between\n\n]\n\n  # before the spec\n\n[[ 'spec' ]]   # the spec\n# above id\n\n  'title' = \"T\"   # t\n\"id\"=\"a\"\nzz = { a = 1, 'b' = [1, 2,\n  # c\n  3] }\nkind = 'guide'\n  [[spec . \"history\"]] # h\n\n# the sources\nsources = [] \n  date   =   2025-07-27T07:32:00Z\nnote = \"\"\"\nmulti\n  # not a comment\n\"\"\"\n[[\tspec.history]]\n\tdate = 2025-08-01\nf = -1.5e3\nn = 0x1f\nt = true\nl = '''lit\n'''\n\n# tail\n\n\n# end\n\n";

    /// The parts `format_records` lays out, each as (text, first, line ending).
    fn parts(text: &str) -> Vec<(String, bool, &'static str)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let nl = line_ending(text);
        let arena = crate::catalog::Arena::new();
        let cuts = crate::catalog::check_in(text, &arena)
            .catalog
            .and_then(|catalog| cuts(text, &catalog))
            .unwrap_or_default();
        let mut parts = Vec::new();
        let mut from = 0;
        let mut first = true;
        for at in cuts.into_iter().chain([text.len()]) {
            let part = &text[from..at];
            parts.push((part.to_owned(), first, nl));
            first = first
                && !part.lines().any(|l| {
                    let l = l.trim();
                    !l.is_empty() && !l.starts_with('#')
                });
            from = at;
        }
        // And the whole text as one part.
        parts.push((text.to_owned(), true, nl));
        parts
    }

    /// The layout from tokens gives what `toml_edit`'s gives, part by part, wherever it takes
    /// the part (and it takes every record of the synthetic forms and of the records above, in
    /// both line endings): in the forms `gencat` writes, the fixtures, records with comments
    /// everywhere, CRLF, a byte order mark, quoted and dotted keys, unknown keys, and text
    /// it must not take.
    #[test]
    fn the_token_layout_is_toml_edits() {
        let synth = crate::synth::catalogue(60, 5).unwrap();
        let mut taken: Vec<String> = forms::Form::ALL
            .into_iter()
            .map(|form| forms::reform(&synth, form))
            .chain([
                crate::synth::catalogue_with_warnings(40, 9).unwrap(),
                COMMENTED.to_owned(),
                MESSY.to_owned(),
                crate::catalog::BUILT_IN.to_owned(),
            ])
            .collect();
        let crlf: Vec<String> = taken
            .iter()
            .map(|t| t.replace("\r\n", "\n").replace('\n', "\r\n"))
            .collect();
        taken.extend(crlf);
        taken.push(format!("\u{feff}{COMMENTED}"));
        let mut others: Vec<String> = Vec::new();
        for dir in [
            "tests/fixtures",
            "tests/fixtures/check",
            "tests/fixtures/hostile",
        ] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "toml")
                    && let Ok(text) = String::from_utf8(std::fs::read(path).unwrap())
                {
                    others.push(text);
                }
            }
        }
        assert!(others.len() > 10);
        let odd = [
            // Dotted keys in value lines, a `[table]`, a date with a space, escapes in keys,
            // trailing commas in inline tables, a key twice, bad values, mixed line endings.
            "format = 1\n[[spec]]\na.b = 1\nid = \"x\"\n",
            "format = 1\n[meta]\nx = 1\n[[org]]\nid = \"g\"\n",
            "[[spec]]\ndate = 2025-07-27 07:32:00\nid = \"x\"\n",
            "[[spec]]\n\"i\\u0064\" = \"x\"\n",
            "[[spec]]\nid = { a = 1, }\n",
            "[[spec]]\nid = { a = 1, a = 2 }\n",
            "[[spec]]\nid = \"x\"\nid = \"y\"\n",
            "[[spec]]\nid = \"x\"\n'id' = \"y\"\n",
            "[[spec]]\nhistory = []\n[[spec.history]]\ndate = 1\n",
            "[[spec]]\nid = tru\n",
            "[[spec]]\nid = 1__2\n",
            "[[spec]]\nid = \"\\q\"\n",
            "[[spec]]\nid = 99999999999999999999999\n",
            "[[spec]]\nid = 2025-13-45\n",
            "[[spec]]\n# \u{1}\nid = 1\n",
            "[[spec]]\nid = \"a\u{1}b\"\n",
            "[[spec]]\nid = 'a\u{7f}b'\n",
            "[[spec]]\nid = '''a\u{0}\nb'''\n",
            "[[spec]]\nid = \"\"\"a\\\n\u{1b}b\"\"\"\n",
            "[[spec]]\n\"i\u{1}d\" = 1\n",
            "[[spec]]\n'i\u{7f}d' = 1\n",
            "[[spec]]\nid = \"a\tb\"\n'i\td' = \"\"\"\\\n  x\\ty\"\"\"\n",
            "[[spec]]\r\nid = 1\n",
            "[[spec]]\nid = \"\"\"a\r\nb\"\"\"\n",
            "[[spec]]\nid = [1,\n",
            "[[spec]]\nid = 1",
            "[[spec]]",
            "[ [spec]]\nid = 1\n",
            "[[spec] ]\nid = 1\n",
            "[[spec]]\n[[spec]]\nid = 1\n",
            "[[org]]\n[[spec.history]]\n",
            "id = 1\n  [[spec]]\n",
            "# only a comment\n",
            "",
            "\n\n",
            "format = 1\n\n# c\n  \n",
            "# c\n  format = 1\n",
            "# c\n\n  format = 1\n",
            "[[spec]]\n# c\n  id = 1\n",
            "# c\n  [[spec]]\n",
            "format = 1\n# c\n  [[spec]]\n",
        ];
        others.extend(odd.iter().map(|t| (*t).to_owned()));
        // And each with a blank line after every line, so that the layout changes it.
        others.extend(odd.iter().map(|t| t.replace('\n', "\n\n")));
        let mut buffers = tokens::Buffers::default();
        let mut compared = 0;
        for (text, must) in taken
            .iter()
            .map(|t| (t, true))
            .chain(others.iter().map(|t| (t, false)))
        {
            for (part, first, nl) in parts(text) {
                let old = format_part(&part, first, nl);
                let Some(new) = tokens::lay_out(&part, first, nl, &mut buffers) else {
                    // Not when more than one record is there: the whole text, or a record with
                    // an error joined to the one before (the misspelt key).
                    let records = part
                        .lines()
                        .filter(|l| l.trim_start().starts_with("[[") && !l.contains("history"))
                        .count();
                    assert!(!must || records > 1, "not taken: {part:?}");
                    continue;
                };
                compared += 1;
                // A record kept as it is is not checked further (as before the token layout):
                // invalid TOML there is kept.
                if new != part || old.is_ok() {
                    assert_eq!(Ok(new), old.as_deref(), "{part:?}");
                }
            }
        }
        assert!(compared > 500, "{compared}");
    }

    #[test]
    fn invalid_toml_is_refused() {
        assert!(matches!(
            format_document("format = \n"),
            Err(EditError::Parse(_))
        ));
    }
}
