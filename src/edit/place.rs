//! Adding a table where it belongs, by inserting text: nothing else in the file changes.
//!
//! Places are found from the catalogue's spans: every record and history entry keeps where
//! its header is. A table's lines run from its header to the next header; the last of them
//! that holds a value (not blank, not only a comment) ends it, so the comments that lead into
//! the next table stay with that table.

use super::{Added, Counts, EditError, Edited, Fields, Placement, Splice, line_ending};
use crate::catalog::Table as RecordTable;
use crate::catalog::with_records;
use crate::catalog::{Arena, Catalog, check_in};
use crate::date::PartialDate;

/// Adds `entry` (dated `date`) to the history of the spec with id `spec_id`, reading `text`
/// for it; the new text is read again to check the entry landed where it was put.
///
/// With [`Placement::Last`] it goes after the spec's last `[[spec.history]]` and a date before
/// that entry's is refused; with [`Placement::InOrder`] it goes after the last entry dated on
/// or before it.
pub fn append_history(
    text: &str,
    spec_id: &str,
    entry: &Fields,
    date: PartialDate,
    placement: Placement,
) -> Result<Edited, EditError> {
    edited(text, |catalog| {
        append_history_in(text, catalog, spec_id, entry, Some(date), placement)
    })
}

/// Adds a record of `kind` after the last record of that kind (at the end of the file when
/// there is none), with one blank line before it. A spec also gets its first history entry.
pub fn add_record(
    text: &str,
    kind: RecordTable,
    fields: &Fields,
    first_entry: Option<&Fields>,
) -> Result<Edited, EditError> {
    edited(text, |catalog| {
        add_record_in(text, catalog, kind, fields, first_entry)
    })
}

/// Reads `text`, makes the splice, applies it and checks the result.
fn edited(
    text: &str,
    splice: impl FnOnce(&Catalog) -> Result<Splice, EditError>,
) -> Result<Edited, EditError> {
    let arena = Arena::new();
    let catalog = check_in(text, &arena)
        .catalog
        .ok_or_else(|| EditError::Parse("it cannot be read as a catalogue".to_owned()))?;
    let splice = splice(&catalog)?;
    let new_text = splice.apply(text);
    let arena = Arena::new();
    let new = check_in(&new_text, &arena)
        .catalog
        .ok_or(EditError::Unsafe("the result is not valid TOML"))?;
    splice.placed().verify(&new)?;
    Ok(Edited {
        text: new_text,
        added: Some(splice.added),
    })
}

/// [`append_history`] on a catalogue already read from `text`. With no `date` (one that does
/// not read as a date), the entry goes last, for validation to refuse.
pub fn append_history_in(
    text: &str,
    catalog: &Catalog,
    spec_id: &str,
    entry: &Fields,
    date: Option<PartialDate>,
    placement: Placement,
) -> Result<Splice, EditError> {
    let nl = line_ending(text);
    let spec_index = catalog
        .spec_position(spec_id)
        .ok_or_else(|| EditError::NoSpec(spec_id.to_owned()))?;
    let spanned = &catalog.specs[spec_index];
    let spec = spanned.get_ref();
    if !is_header(text, spanned.span().start) {
        return Err(EditError::Inline("`spec`".to_owned()));
    }
    if spec
        .history
        .iter()
        .any(|e| !is_header(text, e.span().start))
    {
        return Err(EditError::Inline(format!("the history of `{spec_id}`")));
    }
    let dates: Vec<PartialDate> = spec
        .history
        .iter()
        .map(|e| *e.get_ref().date.get_ref())
        .collect();
    let position = match (placement, date) {
        (Placement::InOrder, Some(date)) => {
            dates.iter().position(|d| *d > date).unwrap_or(dates.len())
        }
        _ => dates.len(),
    };
    // The history-order rule (SPEC section 1, `status::may_follow`): a coarser date may
    // follow a finer one it overlaps, but no entry may lie wholly before the one above it.
    // Refused here, before validation would, to point at `--insert`.
    if let Some(date) = date
        && placement == Placement::Last
        && dates
            .last()
            .is_some_and(|last| !crate::status::may_follow(last, &date))
    {
        return Err(EditError::OutOfOrder {
            spec: spec_id.to_owned(),
            date: date.to_string(),
            last: dates.last().map(ToString::to_string).unwrap_or_default(),
        });
    }
    let rendered = entry.render("spec.history", nl);
    let (at, insert, header) = match spec.history.get(position) {
        // Before a later entry, and before the comments that lead into it.
        Some(next) => {
            let at = block_start(text, next.span().start);
            (at, format!("{rendered}{nl}"), 0)
        }
        None => {
            let last = spec
                .history
                .last()
                .map_or(spanned.span().start, |e| e.span().start);
            after_table(text, catalog, last, &rendered, nl)
        }
    };
    Ok(Splice {
        at,
        text: insert,
        added: Added::History {
            spec: spec_index,
            entry: position,
        },
        header,
        before: Counts::of(catalog, Some(spec_index)),
    })
}

/// [`add_record`] on a catalogue already read from `text`.
pub fn add_record_in(
    text: &str,
    catalog: &Catalog,
    kind: RecordTable,
    fields: &Fields,
    first_entry: Option<&Fields>,
) -> Result<Splice, EditError> {
    let nl = line_ending(text);
    let headers: Vec<usize> = with_records!(catalog, kind, |records| {
        records.iter().map(|r| r.span().start).collect()
    });
    if headers.iter().any(|&at| !is_header(text, at)) {
        return Err(EditError::Inline(format!("`{}`", kind.table())));
    }
    let mut rendered = fields.render(kind.table(), nl);
    if let Some(entry) = first_entry {
        rendered.push_str(nl);
        rendered.push_str(&entry.render("spec.history", nl));
    }
    let (at, insert, header) = match headers.last() {
        Some(&last) => {
            // A spec's last table is its last history entry.
            let last = match kind {
                RecordTable::Spec => catalog
                    .specs
                    .last()
                    .and_then(|s| s.get_ref().history.last())
                    .map_or(last, |e| e.span().start.max(last)),
                _ => last,
            };
            after_table(text, catalog, last, &rendered, nl)
        }
        None => {
            let mut tail = String::new();
            if !text.is_empty() && !text.ends_with('\n') {
                tail.push_str(nl);
            }
            let ends_blank = text.ends_with("\n\n") || text.ends_with("\n\r\n");
            if !text.trim().is_empty() && !ends_blank {
                tail.push_str(nl);
            }
            let header = tail.len();
            tail.push_str(&rendered);
            (text.len(), tail, header)
        }
    };
    Ok(Splice {
        at,
        text: insert,
        added: Added::Record {
            kind,
            index: headers.len(),
        },
        header,
        before: Counts::of(catalog, None),
    })
}

/// Whether a record's span starts at a `[[...]]` header (rather than in an inline array).
fn is_header(text: &str, at: usize) -> bool {
    text.get(at..).is_some_and(|rest| rest.starts_with("[["))
}

/// The first header after byte `after`, of any table: where the table there ends.
fn next_header(catalog: &Catalog, after: usize) -> Option<usize> {
    let later = |at: usize| (at > after).then_some(at);
    let records = catalog
        .orgs
        .iter()
        .map(|r| r.span().start)
        .chain(catalog.events.iter().map(|r| r.span().start))
        .chain(catalog.sources.iter().map(|r| r.span().start))
        .chain(catalog.specs.iter().map(|r| r.span().start));
    let entries = catalog
        .specs
        .iter()
        .flat_map(|s| s.get_ref().history.iter().map(|e| e.span().start));
    records.chain(entries).filter_map(later).min()
}

/// Where a new table goes after the table whose header is at `header`: after that table's
/// last line holding a value, with one blank line before it. Returns the place, the text to
/// insert and where the new header starts in it.
fn after_table(
    text: &str,
    catalog: &Catalog,
    header: usize,
    rendered: &str,
    nl: &str,
) -> (usize, String, usize) {
    // Up to the line of the next header (a header may be indented).
    let limit = next_header(catalog, header).map_or(text.len(), |next| {
        text[..next]
            .rfind('\n')
            .map_or(next, |i| (i + 1).max(header))
    });
    let mut at = header;
    let mut offset = header;
    for line in text[header..limit].split_inclusive('\n') {
        offset += line.len();
        let content = line.trim();
        if !content.is_empty() && !content.starts_with('#') {
            at = offset;
        }
    }
    if at == header {
        at = text[header..]
            .find('\n')
            .map_or(text.len(), |i| header + i + 1);
    }
    let mut insert = String::new();
    if !text[..at].ends_with('\n') {
        insert.push_str(nl);
    }
    insert.push_str(nl);
    let start = insert.len();
    insert.push_str(rendered);
    (at, insert, start)
}

/// Where the lines that belong to the table with its header at `header` begin: its header
/// line, or the comment lines above it (blank lines above those stay with what comes before).
fn block_start(text: &str, header: usize) -> usize {
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut start = line_start(header);
    // Up over blank and comment lines.
    let mut first_comment = None;
    while start > 0 {
        let above = line_start(start - 1);
        let line = text[above..start].trim();
        if !line.is_empty() && !line.starts_with('#') {
            break;
        }
        if line.starts_with('#') {
            first_comment = Some(above);
        }
        start = above;
    }
    first_comment.unwrap_or(line_start(header))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOGUE: &str = r#"# Catalogue of promised specs.
format = 1

[[org]]
id = "gcc"   # the consortium
name = 'Global Computing Consortium'

# ---- sources ----
[[source]]
id = "s1"
title = "First"
publisher = "GCC"
date = 2025-07-27

[[spec]]
id = "a"
title = "A"
kind = "white-paper"
orgs = ["gcc"]

[[spec.history]]
date = "2025-07-27"
state = "released"
sources = ["s1"]    # the forum

# next one
[[spec]]
id = "b"
title = "B"
kind = "specification"
orgs = [
  "gcc",
]

[[spec.history]]
date = "2025-06"
state = "announced"
sources = ["s1"]

# trailing comment
"#;

    fn entry(date: &str) -> (Fields, PartialDate) {
        (
            Fields::new()
                .text("date", date)
                .text("state", "published")
                .list("sources", &["s1".to_owned()]),
            date.parse().unwrap(),
        )
    }

    /// The lines of `new` are those of `old` with only `added` put in somewhere.
    fn only_added(old: &str, new: &str) -> Vec<String> {
        let diff = similar::TextDiff::from_lines(old, new);
        let mut added = Vec::new();
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Delete => panic!("line removed: {:?}", change.value()),
                similar::ChangeTag::Insert => added.push(change.value().to_owned()),
                similar::ChangeTag::Equal => {}
            }
        }
        added
    }

    #[test]
    fn history_goes_after_the_specs_last_entry() {
        let (fields, date) = entry("2026-04-10");
        let edited = append_history(CATALOGUE, "a", &fields, date, Placement::Last).unwrap();
        assert_eq!(only_added(CATALOGUE, &edited.text).len(), 5);
        assert!(edited.text.contains(
            "sources = [\"s1\"]    # the forum\n\n[[spec.history]]\ndate = \"2026-04-10\""
        ));
        assert_eq!(edited.added, Some(Added::History { spec: 0, entry: 1 }));
    }

    #[test]
    fn the_last_spec_gets_its_entry_before_trailing_comments() {
        let (fields, date) = entry("2026");
        let edited = append_history(CATALOGUE, "b", &fields, date, Placement::Last).unwrap();
        assert!(edited.text.ends_with(
            "sources = [\"s1\"]\n\n[[spec.history]]\ndate = \"2026\"\nstate = \"published\"\nsources = [\"s1\"]\n\n# trailing comment\n"
        ));
    }

    #[test]
    fn an_earlier_date_is_refused_unless_inserted_in_order() {
        let (early, early_date) = entry("2025-06");
        let err = append_history(CATALOGUE, "a", &early, early_date, Placement::Last).unwrap_err();
        assert!(matches!(err, EditError::OutOfOrder { .. }), "{err}");
        assert!(err.to_string().contains("--insert"));

        // A coarser date overlapping the last entry may follow it (SPEC's history order).
        let (fields, date) = entry("2025-07");
        let last = append_history(CATALOGUE, "a", &fields, date, Placement::Last).unwrap();
        assert!(last.text.contains("date = \"2025-07-27\""));

        let edited = append_history(CATALOGUE, "a", &fields, date, Placement::InOrder).unwrap();
        assert_eq!(edited.added, Some(Added::History { spec: 0, entry: 0 }));
        assert!(edited.text.contains(
            "orgs = [\"gcc\"]\n\n[[spec.history]]\ndate = \"2025-07\"\nstate = \"published\"\nsources = [\"s1\"]\n\n[[spec.history]]\ndate = \"2025-07-27\""
        ));
        only_added(CATALOGUE, &edited.text);
    }

    #[test]
    fn an_inserted_entry_stays_above_the_comments_of_the_next() {
        let text = "format = 1\n[[spec]]\nid = \"a\"\ntitle = \"A\"\nkind = \"guide\"\norgs = [\"o\"]\n\n[[spec.history]]\ndate = \"2024\"\n\n# why\n[[spec.history]]\ndate = \"2026\"\n";
        let (fields, date) = entry("2025");
        let edited = append_history(text, "a", &fields, date, Placement::InOrder).unwrap();
        assert!(edited.text.contains("date = \"2024\"\n\n[[spec.history]]\ndate = \"2025\"\nstate = \"published\"\nsources = [\"s1\"]\n\n# why\n[[spec.history]]\ndate = \"2026\""), "{}", edited.text);
    }

    #[test]
    fn crlf_files_get_crlf_lines() {
        let text = CATALOGUE.replace('\n', "\r\n");
        let (fields, date) = entry("2026-04-10");
        let edited = append_history(&text, "a", &fields, date, Placement::Last).unwrap();
        assert!(!edited.text.replace("\r\n", "").contains('\n'));
        only_added(&text, &edited.text);
    }

    #[test]
    fn a_file_without_a_final_newline_gets_one_before_the_new_lines() {
        let text = "format = 1\n\n[[org]]\nid = \"gcc\"\nname = \"G\"";
        let fields = Fields::new().text("id", "ocp").text("name", "OCP");
        let edited = add_record(text, RecordTable::Org, &fields, None).unwrap();
        assert_eq!(
            edited.text,
            "format = 1\n\n[[org]]\nid = \"gcc\"\nname = \"G\"\n\n[[org]]\nid = \"ocp\"\nname = \"OCP\"\n"
        );
    }

    #[test]
    fn records_go_after_the_last_of_their_kind() {
        let fields = Fields::new()
            .text("id", "ocp")
            .text("name", "Open Compute Project");
        let edited = add_record(CATALOGUE, RecordTable::Org, &fields, None).unwrap();
        assert!(edited.text.contains(
            "name = 'Global Computing Consortium'\n\n[[org]]\nid = \"ocp\"\nname = \"Open Compute Project\"\n\n# ---- sources ----\n"
        ));
        assert_eq!(
            edited.added,
            Some(Added::Record {
                kind: RecordTable::Org,
                index: 1
            })
        );
        only_added(CATALOGUE, &edited.text);
    }

    #[test]
    fn a_new_spec_goes_after_the_last_specs_history_with_its_first_entry() {
        let fields = Fields::new()
            .text("id", "c")
            .text("title", "C")
            .text("kind", "guide")
            .list("orgs", &["gcc".to_owned()]);
        let (first, _) = entry("2026-01");
        let edited = add_record(CATALOGUE, RecordTable::Spec, &fields, Some(&first)).unwrap();
        assert!(edited.text.ends_with(
            "state = \"announced\"\nsources = [\"s1\"]\n\n[[spec]]\nid = \"c\"\ntitle = \"C\"\nkind = \"guide\"\norgs = [\"gcc\"]\n\n[[spec.history]]\ndate = \"2026-01\"\nstate = \"published\"\nsources = [\"s1\"]\n\n# trailing comment\n"
        ));
    }

    #[test]
    fn the_first_record_of_a_kind_goes_at_the_end() {
        let fields = Fields::new()
            .text("id", "summit")
            .text("name", "Summit")
            .text("start", "2026-04-09");
        let edited = add_record(CATALOGUE, RecordTable::Event, &fields, None).unwrap();
        assert!(edited.text.ends_with(
            "# trailing comment\n\n[[event]]\nid = \"summit\"\nname = \"Summit\"\nstart = \"2026-04-09\"\n"
        ));
        assert_eq!(
            add_record("format = 1\n\n", RecordTable::Event, &fields, None)
                .unwrap()
                .text,
            "format = 1\n\n[[event]]\nid = \"summit\"\nname = \"Summit\"\nstart = \"2026-04-09\"\n"
        );
    }

    #[test]
    fn unknown_specs_and_inline_histories_are_refused() {
        let (fields, date) = entry("2026");
        assert_eq!(
            append_history(CATALOGUE, "zz", &fields, date, Placement::Last),
            Err(EditError::NoSpec("zz".to_owned()))
        );
        let inline = "format = 1\n[[spec]]\nid = \"a\"\ntitle = \"A\"\nkind = \"guide\"\norgs = [\"o\"]\nhistory = [{ date = \"2025\" }]\n";
        assert!(matches!(
            append_history(inline, "a", &fields, date, Placement::Last),
            Err(EditError::Inline(_))
        ));
    }
}
