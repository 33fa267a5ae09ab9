//! Adding a table where it belongs, by inserting text: nothing else in the file changes.

use toml_edit::{Document, Item, Table};

use super::{Added, EditError, Edited, Fields, Placement, line_ending};
use crate::catalog::Table as RecordTable;
use crate::date::PartialDate;

/// Adds `entry` (dated `date`) to the history of the spec with id `spec_id`.
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
    let doc = parse(text)?;
    let nl = line_ending(text);
    let specs = records(&doc, "spec")?;
    let (spec_index, spec) = specs
        .iter()
        .enumerate()
        .find(|(_, t)| t.get("id").and_then(Item::as_str) == Some(spec_id))
        .ok_or_else(|| EditError::NoSpec(spec_id.to_owned()))?;
    let entries: Vec<&Table> = match spec.get("history") {
        None => Vec::new(),
        Some(Item::ArrayOfTables(history)) => history.iter().collect(),
        Some(_) => return Err(EditError::Inline(format!("the history of `{spec_id}`"))),
    };
    let dates = entries
        .iter()
        .map(|e| entry_date(e).ok_or_else(|| EditError::BadDate(spec_id.to_owned())))
        .collect::<Result<Vec<_>, _>>()?;
    let position = dates.iter().position(|d| *d > date).unwrap_or(dates.len());
    if position < dates.len() && placement == Placement::Last {
        return Err(EditError::OutOfOrder {
            spec: spec_id.to_owned(),
            date: date.to_string(),
            last: dates.last().map(ToString::to_string).unwrap_or_default(),
        });
    }
    let rendered = entry.render("spec.history", nl);
    let new_text = match entries.get(position) {
        // Before a later entry, and before the comments that lead into it.
        Some(next) => {
            let at = block_start(text, next).ok_or(EditError::Unsafe("no span for an entry"))?;
            splice(text, at, &format!("{rendered}{nl}"))
        }
        None => {
            let last: &Table = entries.last().copied().unwrap_or(spec);
            let end = table_end(last).ok_or(EditError::Unsafe("no span for the spec"))?;
            insert_after_line(text, end, &rendered, nl)
        }
    };
    verify(text, &new_text, |old| {
        let spec = old
            .get_mut("spec")?
            .as_array_mut()?
            .get_mut(spec_index)?
            .as_table_mut()?;
        let history = spec
            .entry("history")
            .or_insert_with(|| toml::Value::Array(Vec::new()))
            .as_array_mut()?;
        history.insert(position, toml::Value::Table(entry.to_toml()));
        Some(())
    })?;
    Ok(Edited {
        text: new_text,
        added: Some(Added::History {
            spec: spec_index,
            entry: position,
        }),
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
    let doc = parse(text)?;
    let nl = line_ending(text);
    let existing = records(&doc, kind.table())?;
    let mut rendered = fields.render(kind.table(), nl);
    if let Some(entry) = first_entry {
        rendered.push_str(nl);
        rendered.push_str(&entry.render("spec.history", nl));
    }
    let new_text = match existing.last() {
        Some(last) => {
            let end = table_end(last).ok_or(EditError::Unsafe("no span for a record"))?;
            insert_after_line(text, end, &rendered, nl)
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
            tail.push_str(&rendered);
            format!("{text}{tail}")
        }
    };
    let index = existing.len();
    verify(text, &new_text, |old| {
        let list = old
            .entry(kind.table())
            .or_insert_with(|| toml::Value::Array(Vec::new()))
            .as_array_mut()?;
        let mut record = fields.to_toml();
        if let Some(entry) = first_entry {
            record.insert(
                "history".to_owned(),
                toml::Value::Array(vec![toml::Value::Table(entry.to_toml())]),
            );
        }
        list.push(toml::Value::Table(record));
        Some(())
    })?;
    Ok(Edited {
        text: new_text,
        added: Some(Added::Record { kind, index }),
    })
}

fn parse(text: &str) -> Result<Document<&str>, EditError> {
    Document::parse(text).map_err(|e| EditError::Parse(e.message().trim_end().to_owned()))
}

/// The records of one kind, in file order (none when the kind is absent).
fn records<'d>(doc: &'d Document<&str>, table: &'static str) -> Result<Vec<&'d Table>, EditError> {
    match doc.get(table) {
        None => Ok(Vec::new()),
        Some(Item::ArrayOfTables(tables)) => Ok(tables.iter().collect()),
        Some(_) => Err(EditError::Inline(format!("`{table}`"))),
    }
}

fn entry_date(entry: &Table) -> Option<PartialDate> {
    match entry.get("date")?.as_value()? {
        toml_edit::Value::String(s) => s.value().parse().ok(),
        toml_edit::Value::Datetime(dt) => PartialDate::from_toml(dt.value()).ok(),
        _ => None,
    }
}

/// The furthest byte any part of `table` covers: its header, its values, its sub-tables.
fn table_end(table: &Table) -> Option<usize> {
    let own = table.span().map(|s| s.end);
    table
        .iter()
        .filter_map(|(_, item)| item_end(item))
        .chain(own)
        .max()
}

fn item_end(item: &Item) -> Option<usize> {
    match item {
        Item::None => None,
        Item::Value(value) => value.span().map(|s| s.end),
        Item::Table(table) => table_end(table),
        Item::ArrayOfTables(tables) => tables.iter().filter_map(table_end).max(),
    }
}

/// Where the lines that belong to `table` begin: its header, or the comment lines right
/// above it (blank lines above those stay with what comes before).
fn block_start(text: &str, table: &Table) -> Option<usize> {
    let header = table.span()?.start;
    let prefix_start = table
        .decor()
        .prefix()
        .and_then(|p| p.span())
        .map_or(header, |s| s.start.min(header));
    let mut at = prefix_start;
    for line in text[prefix_start..header].split_inclusive('\n') {
        if !line.trim().is_empty() {
            return Some(at);
        }
        at += line.len();
    }
    Some(header)
}

/// Inserts `rendered` after the line holding byte `end`, with one blank line before it.
fn insert_after_line(text: &str, end: usize, rendered: &str, nl: &str) -> String {
    let at = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let mut insert = String::new();
    if !text[..at].ends_with('\n') {
        insert.push_str(nl);
    }
    insert.push_str(nl);
    insert.push_str(rendered);
    splice(text, at, &insert)
}

fn splice(text: &str, at: usize, insert: &str) -> String {
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..at]);
    out.push_str(insert);
    out.push_str(&text[at..]);
    out
}

/// Reads both texts as data and checks that `new` is `old` changed by `expected` and nothing
/// else: the last line of defence against a table landing in the wrong place.
fn verify(
    old: &str,
    new: &str,
    expected: impl FnOnce(&mut toml::Table) -> Option<()>,
) -> Result<(), EditError> {
    let mut want: toml::Table =
        toml::from_str(old).map_err(|e| EditError::Parse(e.message().to_owned()))?;
    expected(&mut want).ok_or(EditError::Unsafe("unexpected catalogue structure"))?;
    let got: toml::Table =
        toml::from_str(new).map_err(|_| EditError::Unsafe("the result is not valid TOML"))?;
    if got == want {
        Ok(())
    } else {
        Err(EditError::Unsafe(
            "the result reads differently than intended",
        ))
    }
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
        let (fields, date) = entry("2025-07");
        let err = append_history(CATALOGUE, "a", &fields, date, Placement::Last).unwrap_err();
        assert!(matches!(err, EditError::OutOfOrder { .. }), "{err}");
        assert!(err.to_string().contains("--insert"));

        let edited = append_history(CATALOGUE, "a", &fields, date, Placement::InOrder).unwrap();
        assert_eq!(edited.added, Some(Added::History { spec: 0, entry: 0 }));
        assert!(edited.text.contains(
            "orgs = [\"gcc\"]\n\n[[spec.history]]\ndate = \"2025-07\"\nstate = \"published\"\nsources = [\"s1\"]\n\n[[spec.history]]\ndate = \"2025-07-27\""
        ));
        only_added(CATALOGUE, &edited.text);
    }

    #[test]
    fn an_inserted_entry_stays_above_the_comments_of_the_next() {
        let text = "format = 1\n[[spec]]\nid = \"a\"\n\n[[spec.history]]\ndate = \"2024\"\n\n# why\n[[spec.history]]\ndate = \"2026\"\n";
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
        let inline = "format = 1\n[[spec]]\nid = \"a\"\nhistory = [{ date = \"2025\" }]\n";
        assert!(matches!(
            append_history(inline, "a", &fields, date, Placement::Last),
            Err(EditError::Inline(_))
        ));
    }
}
