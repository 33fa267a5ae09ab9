//! A text read again after an insertion, without reading all of it.
//!
//! An edit inserts a table into the text it read; everything outside the record the
//! insertion falls in means what it meant. So only that record is read again, from the new
//! text, with what the insertion adds, and put in place of the old one in the catalogue
//! already read. The piece read again starts at the record's header and ends before the
//! next record's header (or at the end of the text); like the second part of a catalogue read
//! in two ([`super::split`]), it reads as the whole would when it reads cleanly and holds
//! nothing but records: every header in it then means what it means in the whole, and the
//! text after it, which starts at a record header, is read as before.
//!
//! The records read again keep spans past the end of the old text, so no span of theirs is
//! one of the old records': [`Remap`] takes every span of the catalogue to its place in the
//! new text.

use std::ops::Range;

use super::format::Table;
use super::model::{Arena, Catalog, Spanned, with_records};
use super::schema;
use crate::diagnostic::Diagnostic;

/// Where the spans of a catalogue read again by [`insertion`] are in the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Remap {
    /// Where the insertion is, in the old text, and how long it is.
    at: usize,
    len: usize,
    /// The records read again have spans from `base` on (past the old text's end) for the
    /// text from `region` on in the new text.
    base: usize,
    region: usize,
}

impl Remap {
    /// The place in the new text of offset `offset` of the catalogue read again.
    pub(crate) fn offset(&self, offset: usize) -> usize {
        if offset >= self.base {
            self.region + (offset - self.base)
        } else if offset >= self.at {
            offset + self.len
        } else {
            offset
        }
    }

    pub(crate) fn span(&self, span: &Range<usize>) -> Range<usize> {
        self.offset(span.start)..self.offset(span.end)
    }

    /// `diagnostic`, located in the new text.
    pub(crate) fn diagnostic(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        diagnostic.span = diagnostic.span.map(|span| self.span(&span));
        for (span, _) in &mut diagnostic.related {
            *span = self.span(span);
        }
        diagnostic
    }
}

/// Makes `catalog`, read from `text`, the catalogue of `text` with `inserted` put at byte
/// `at`, reading only the record the insertion falls in (the last to start before `at`)
/// again. `None` when that cannot be done safely (the insertion comes before every record,
/// a record around it is not a `[[...]]` table, the piece read again does not read cleanly
/// or holds anything but that record and new ones at the end of their tables): `catalog`
/// may then be changed in part, and the whole new text is to be read instead.
pub(crate) fn insertion<'a>(
    text: &str,
    catalog: &mut Catalog<'a>,
    at: usize,
    inserted: &str,
    arena: &'a Arena,
) -> Option<Remap> {
    let (table, position, start) = last_before(catalog, at)?;
    let end = first_after(catalog, start).unwrap_or(text.len());
    let header = |offset: usize| offset == text.len() || text[offset..].starts_with("[[");
    if at > end || !header(start) || !header(end) {
        return None;
    }
    let mut piece = String::with_capacity(end - start + inserted.len());
    piece.push_str(&text[start..at]);
    piece.push_str(inserted);
    piece.push_str(&text[at..end]);
    let piece = arena.member().alloc_str(&piece);
    // One past the end, so that no span of the piece ends where an old span may.
    let base = text.len() + 1;
    let records = schema::read_piece(piece, base, arena)?;
    records
        .put_into(catalog, (table, position), start)
        .then_some(Remap {
            at,
            len: inserted.len(),
            base,
            region: start,
        })
}

/// The record that starts last before `at`, of any table: its table, position and start.
fn last_before(catalog: &Catalog<'_>, at: usize) -> Option<(Table, usize, usize)> {
    fn last<T>(records: &[Spanned<T>], at: usize) -> Option<(usize, usize)> {
        let before = records.partition_point(|r| r.span().start < at);
        let position = before.checked_sub(1)?;
        Some((position, records[position].span().start))
    }
    (Table::ALL.into_iter())
        .filter_map(|table| {
            let (position, start) = with_records!(catalog, table, |records| last(records, at))?;
            Some((table, position, start))
        })
        .max_by_key(|&(_, _, start)| start)
}

/// Where the first record to start after byte `after` starts, of any table.
fn first_after(catalog: &Catalog<'_>, after: usize) -> Option<usize> {
    fn first<T>(records: &[Spanned<T>], after: usize) -> Option<usize> {
        let at = records.partition_point(|r| r.span().start <= after);
        records.get(at).map(|r| r.span().start)
    }
    (Table::ALL.into_iter())
        .filter_map(|table| with_records!(catalog, table, |records| first(records, after)))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{check_in, check_keeping_context, validate_in};
    use crate::edit::{Fields, Placement, Splice, add_record_in, append_history_in};

    /// `debug` with every span's offsets (`start: N,`, `end: N,`) taken through `remap`.
    fn remapped(debug: &str, remap: &Remap) -> String {
        let mut out = String::with_capacity(debug.len());
        let mut rest = debug;
        while let Some(found) = ["start: ", "end: "]
            .iter()
            .filter_map(|word| rest.find(word).map(|at| at + word.len()))
            .min()
        {
            out.push_str(&rest[..found]);
            rest = &rest[found..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            // A span's offsets, not a date's year (`start: 2026-04-10`).
            if digits > 0 && rest[digits..].starts_with(',') {
                let offset: usize = rest[..digits].parse().unwrap();
                out.push_str(&remap.offset(offset).to_string());
                rest = &rest[digits..];
            }
        }
        out.push_str(rest);
        out
    }

    /// The records of `catalog`, without its index (whose layout differs with its history).
    fn records(catalog: &Catalog<'_>) -> String {
        format!(
            "{:?}",
            (
                &catalog.orgs,
                &catalog.events,
                &catalog.sources,
                &catalog.specs
            )
        )
    }

    fn shown(diagnostics: Vec<Diagnostic>) -> Vec<String> {
        let mut shown: Vec<String> = diagnostics.iter().map(|d| format!("{d:?}")).collect();
        shown.sort();
        shown
    }

    /// Whether `splice` on `text` was read again in part; if it was, the catalogue, its
    /// problems and their places are those of the whole new text read again.
    fn read_again_as_whole(text: &str, splice: &Splice) -> bool {
        let arena = Arena::new();
        let (checked, context) = check_keeping_context(text, &arena);
        let mut catalog = checked.catalog.unwrap();
        let Some(remap) = insertion(text, &mut catalog, splice.at, &splice.text, &arena) else {
            return false;
        };
        let new_text = splice.apply(text);
        let whole_arena = Arena::new();
        let whole = check_in(&new_text, &whole_arena);
        let again: Vec<Diagnostic> = validate_in(&catalog, &context)
            .into_iter()
            .map(|d| remap.diagnostic(d))
            .collect();
        assert_eq!(shown(again), shown(whole.diagnostics), "{}", splice.text);
        let whole = whole.catalog.unwrap();
        assert_eq!(
            remapped(&records(&catalog), &remap),
            records(&whole),
            "{}",
            splice.text
        );
        for table in Table::ALL {
            assert_eq!(catalog.repeated_ids(table), whole.repeated_ids(table));
        }
        splice
            .placed()
            .verify_at(&catalog, |o| remap.offset(o))
            .unwrap();
        true
    }

    /// The edits `record` and `add` make, on `text`: an entry after the last of some specs,
    /// one before the first (`--insert`), one citing a source that does not exist, and a
    /// record of each kind. Returns how many were read again in part, of how many.
    fn edits(text: &str) -> (usize, usize) {
        let arena = Arena::new();
        let catalog = check_in(text, &arena).catalog.unwrap();
        let source = catalog
            .sources
            .first()
            .map(|s| s.get_ref().id.as_str().to_owned());
        let sources: Vec<String> = source.into_iter().collect();
        let entry = |date: &str, sources: &[String]| {
            Fields::new()
                .text("date", date)
                .text("state", "announced")
                .list("sources", sources)
        };
        let mut splices = Vec::new();
        let step = (catalog.specs.len() / 12).max(1);
        for spec in catalog.specs.iter().step_by(step) {
            let id = spec.get_ref().id.as_str();
            for (date, placement, sources) in [
                ("2031-05", Placement::Last, sources.clone()),
                ("1999-01-02", Placement::InOrder, sources.clone()),
                (
                    "2031-06",
                    Placement::Last,
                    vec!["no-such-source".to_owned()],
                ),
            ] {
                let parsed = date.parse().ok();
                splices.extend(
                    append_history_in(
                        text,
                        &catalog,
                        id,
                        &entry(date, &sources),
                        parsed,
                        placement,
                    )
                    .ok(),
                );
            }
        }
        let org = Fields::new().text("id", "new-org").text("name", "New Org");
        let event = Fields::new()
            .text("id", "new-event")
            .text("name", "New Event")
            .text("start", "2026-04-10")
            .text("end", "2026-04");
        let source = Fields::new()
            .text("id", "new-source")
            .text("title", "New")
            .text("publisher", "Someone")
            .text("date", "2026-01");
        let spec = Fields::new()
            .text("id", "new-spec")
            .text("title", "New Spec")
            .text("kind", "specification")
            .list("orgs", &["new-org".to_owned()]);
        for (kind, fields, first) in [
            (Table::Org, &org, None),
            (Table::Event, &event, None),
            (Table::Source, &source, None),
            (Table::Spec, &spec, Some(entry("2026-02", &sources))),
        ] {
            splices.extend(add_record_in(text, &catalog, kind, fields, first.as_ref()).ok());
        }
        let again = splices
            .iter()
            .filter(|splice| read_again_as_whole(text, splice))
            .count();
        (again, splices.len())
    }

    #[test]
    fn an_insertion_read_again_in_part_reads_as_the_whole_new_text() {
        for text in [
            spectrack_synth::catalogue(60, 3).unwrap(),
            spectrack_synth::catalogue_with_warnings(60, 4).unwrap(),
        ] {
            let (again, of) = edits(&text);
            // A generated catalogue is all `[[...]]` tables: every edit is read in part.
            assert_eq!(again, of);
            assert!(of > 30);
        }
    }

    #[test]
    fn offsets_are_taken_to_the_new_text() {
        // 5 bytes put at 10 of a 100-byte text, in the record that starts at 4.
        let remap = Remap {
            at: 10,
            len: 5,
            base: 101,
            region: 4,
        };
        assert_eq!(remap.offset(3), 3, "before the insertion");
        assert_eq!(remap.offset(10), 15, "an old record after it");
        assert_eq!(remap.offset(100), 105, "the end of the old text");
        assert_eq!(remap.offset(101), 4, "the record read again");
        assert_eq!(remap.offset(111), 14);
    }

    fn inserted<'a>(
        text: &'a str,
        at: usize,
        table: &str,
        arena: &'a Arena,
    ) -> Option<Catalog<'a>> {
        let mut catalog = check_in(text, arena).catalog.unwrap();
        insertion(text, &mut catalog, at, table, arena).map(|_| catalog)
    }

    #[test]
    fn an_insertion_that_does_not_follow_a_record_table_is_left_to_the_whole_read() {
        let org = "[[org]]\nid = \"b\"\nname = \"B\"\n\n";
        // Before every record: there is no record to read again.
        let text = "format = 1\n\n[[org]]\nid = \"a\"\nname = \"A\"\n";
        assert!(inserted(text, 12, org, &Arena::new()).is_none());
        // After records written as an inline array: no header to read from.
        let text = "format = 1\norg = [{ id = \"a\", name = \"A\" }]\n";
        assert!(inserted(text, text.len(), org, &Arena::new()).is_none());
    }

    /// An insertion that lands inside a value reads as the whole text would: the value
    /// holds it, and no record is added (which the edit's own check then refuses).
    #[test]
    fn an_insertion_inside_a_string_reads_as_part_of_it() {
        let text = "format = 1\n\n[[org]]\nid = \"a\"\nname = \"\"\"A\n\n\"\"\"\n";
        let at = text.find("A\n").unwrap() + 2;
        let arena = Arena::new();
        let catalog = inserted(text, at, "[[org]]\nid = \"b\"\n", &arena).unwrap();
        assert_eq!(catalog.orgs.len(), 1);
        assert!(catalog.orgs[0].get_ref().name.as_str().contains("[[org]]"));
    }

    /// A problem of form in what is inserted (a state that is not one) is not read in part:
    /// the whole new text is read, to report it located as `check` would.
    #[test]
    fn a_problem_of_form_is_left_to_the_whole_read() {
        let text = spectrack_synth::catalogue(60, 5).unwrap();
        let arena = Arena::new();
        let mut catalog = check_in(&text, &arena).catalog.unwrap();
        let id = catalog.specs[7].get_ref().id.as_str();
        let entry = Fields::new().text("date", "2031-05").text("state", "bogus");
        let splice = append_history_in(
            &text,
            &catalog,
            id,
            &entry,
            "2031-05".parse().ok(),
            Placement::Last,
        )
        .unwrap();
        assert_eq!(
            insertion(&text, &mut catalog, splice.at, &splice.text, &arena),
            None
        );
    }

    #[test]
    fn the_fixtures_edited_read_again_as_the_whole() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut taken = 0;
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let arena = Arena::new();
            let checked = check_in(&text, &arena);
            if checked.catalog.is_none() || checked.has_errors() {
                continue;
            }
            taken += edits(&text).0;
        }
        assert!(taken > 0);
    }
}
