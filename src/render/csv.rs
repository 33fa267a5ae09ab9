//! CSV: one row per JSON object, the JSON keys as columns.
//!
//! The report is serialised to JSON values first, so the columns are the JSON keys by
//! construction. Absent values are empty cells; lists are joined with `;`; a nested object
//! (a history entry of `show`) is written as compact JSON.

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
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| cell(Some(item)))
            .collect::<Vec<_>>()
            .join(";"),
        Some(other) => other.to_string(),
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
