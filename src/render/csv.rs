//! CSV: one row per JSON object, the JSON keys as columns.
//!
//! The report is serialised to JSON values first, so the columns are the JSON keys by
//! construction. Absent values are empty cells; lists are joined with `;`; a nested object
//! (a history entry of `show`) is written as compact JSON.
//!
//! Catalogue text is untrusted, and CSV is opened in spreadsheets and printed on terminals:
//! a cell of text that begins with `=`, `+`, `-` or `@` is prefixed with `'`, so no
//! spreadsheet runs it as a formula (OWASP's advice against CSV injection), and control
//! characters other than newlines are shown visibly (`\u{1b}`), which also disarms a
//! leading tab or CR. Numbers and booleans are ours, not the catalogue's, and are written as
//! they are (a negative number stays a number); no date we write begins with a sign.

use std::io::Write;

use serde::Serialize;
use serde_json::Value;

/// Writes the header `columns`, then one row per object of `report` (an array of objects,
/// or one object). An empty array gives the header alone.
pub fn write(
    report: &impl Serialize,
    columns: &[&str],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let value = serde_json::to_value(report)?;
    let objects = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(columns)?;
    for object in &objects {
        let Value::Object(map) = object else {
            return Err(std::io::Error::other("a CSV row must be a JSON object"));
        };
        if let Some(key) = map.keys().find(|k| !columns.contains(&k.as_str())) {
            return Err(std::io::Error::other(format!(
                "the CSV columns lack the key `{key}`"
            )));
        }
        writer.write_record(columns.iter().map(|c| cell(map.get(*c))))?;
    }
    writer.flush()
}

fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(other) => neutralise(&crate::terminal::visible_keeping_lines(&text(other))),
    }
}

/// A value as cell text, before neutralising: lists joined with `;`, objects as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

/// `text`, prefixed with `'` when a spreadsheet would take it for a formula.
fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        id: &'static str,
        tags: Vec<&'static str>,
        days: Option<i64>,
        ok: bool,
    }

    fn csv(report: &impl Serialize) -> String {
        let mut out = Vec::new();
        write(report, &["id", "tags", "days", "ok"], &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lists_join_with_semicolons_and_nulls_are_empty() {
        let rows = [Row {
            id: "a,b",
            tags: vec!["x", "y"],
            days: None,
            ok: true,
        }];
        assert_eq!(csv(&rows), "id,tags,days,ok\n\"a,b\",x;y,,true\n");
    }

    #[test]
    fn formulas_are_neutralised_and_controls_shown() {
        #[derive(Serialize)]
        struct Text {
            id: &'static str,
            tags: Vec<&'static str>,
            days: i64,
            ok: bool,
        }
        let rows = [
            Text {
                id: "=HYPERLINK(\"http://x\")",
                tags: vec!["@sum", "b"],
                days: -3,
                ok: true,
            },
            Text {
                id: "+1\u{1b}[2J",
                tags: vec!["-x"],
                days: 4,
                ok: false,
            },
            Text {
                id: "\tx\r\ny",
                tags: vec!["a", "=b"],
                days: 0,
                ok: false,
            },
        ];
        let mut out = Vec::new();
        write(&rows, &["id", "tags", "days", "ok"], &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,tags,days,ok\n\
             \"'=HYPERLINK(\"\"http://x\"\")\",'@sum;b,-3,true\n\
             '+1\\u{1b}[2J,'-x,4,false\n\
             \"\\u{9}x\ny\",a;=b,0,false\n"
        );
    }

    #[test]
    fn an_empty_list_is_the_header_alone() {
        assert_eq!(csv(&Vec::<Row>::new()), "id,tags,days,ok\n");
    }

    #[test]
    fn a_key_missing_from_the_columns_is_an_error() {
        let mut out = Vec::new();
        let row = Row {
            id: "a",
            tags: vec![],
            days: Some(1),
            ok: false,
        };
        assert!(write(&row, &["id"], &mut out).is_err());
    }
}
