//! CSV: one row per JSON object, the JSON keys as columns.
//!
//! Each row is serialised to a JSON value first, so the columns are the JSON keys by
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
///
/// Each object is turned into a JSON value on its own and written before the next, so
/// memory holds one row's values, never the whole table's.
pub fn write(
    report: &impl Serialize,
    columns: &[&str],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(columns)?;
    report.serialize(Rows {
        columns,
        writer: &mut writer,
    })?;
    writer.flush()
}

/// Writes one CSV row.
fn row(
    writer: &mut ::csv::Writer<&mut dyn Write>,
    columns: &[&str],
    object: Value,
) -> Result<(), serde_json::Error> {
    let Value::Object(map) = object else {
        return Err(not_a_row());
    };
    if let Some(key) = map.keys().find(|k| !columns.contains(&k.as_str())) {
        return Err(serde_json::Error::io(std::io::Error::other(format!(
            "the CSV columns lack the key `{key}`"
        ))));
    }
    writer
        .write_record(columns.iter().map(|c| cell(map.get(*c))))
        .map_err(|e| serde_json::Error::io(e.into()))
}

fn not_a_row() -> serde_json::Error {
    serde_json::Error::io(std::io::Error::other("a CSV row must be a JSON object"))
}

/// A serializer of the whole report that writes a row per element of its top-level array
/// (or one row for a top-level object), each element serialised to a JSON value alone.
struct Rows<'c, 'w, 'o> {
    columns: &'c [&'c str],
    writer: &'w mut ::csv::Writer<&'o mut dyn Write>,
}

/// The JSON value serializer, whose compound serializers build one value.
use serde_json::value::Serializer as ValueSerializer;

/// A top-level object under construction; written as a row when it ends.
struct OneRow<'c, 'w, 'o, T> {
    rows: Rows<'c, 'w, 'o>,
    inner: T,
}

impl<'c, 'w, 'o> serde::Serializer for Rows<'c, 'w, 'o> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeMap = OneRow<'c, 'w, 'o, <ValueSerializer as serde::Serializer>::SerializeMap>;
    type SerializeStruct =
        OneRow<'c, 'w, 'o, <ValueSerializer as serde::Serializer>::SerializeStruct>;
    type SerializeStructVariant = serde::ser::Impossible<(), serde_json::Error>;

    fn serialize_seq(self, _: Option<usize>) -> Result<Self, serde_json::Error> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, serde_json::Error> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, serde_json::Error> {
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, serde_json::Error> {
        let inner = serde::Serializer::serialize_map(ValueSerializer, len)?;
        Ok(OneRow { rows: self, inner })
    }
    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, serde_json::Error> {
        let inner = serde::Serializer::serialize_struct(ValueSerializer, name, len)?;
        Ok(OneRow { rows: self, inner })
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let value = serde::Serializer::serialize_newtype_variant(
            ValueSerializer,
            name,
            index,
            variant,
            value,
        )?;
        row(self.writer, self.columns, value)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        Err(not_a_row())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, serde_json::Error> {
        Err(not_a_row())
    }
    fn serialize_bool(self, _: bool) -> Result<(), serde_json::Error> {
        Err(not_a_row())
    }
    fn serialize_i64(self, _: i64) -> Result<(), serde_json::Error> {
        Err(not_a_row())
    }
    fn serialize_u64(self, _: u64) -> Result<(), serde_json::Error> {
        Err(not_a_row())
    }
    fn serialize_f64(self, _: f64) -> Result<(), serde_json::Error> {
        Err(not_a_row())
    }
    fn serialize_i8(self, v: i8) -> Result<(), serde_json::Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), serde_json::Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), serde_json::Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_u8(self, v: u8) -> Result<(), serde_json::Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), serde_json::Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), serde_json::Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_f32(self, v: f32) -> Result<(), serde_json::Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_char(self, _: char) -> Result<(), serde_json::Error> {
        Err(not_a_row())
    }
    fn serialize_str(self, _: &str) -> Result<(), serde_json::Error> {
        Err(not_a_row())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), serde_json::Error> {
        Err(not_a_row())
    }
    fn serialize_none(self) -> Result<(), serde_json::Error> {
        Err(not_a_row())
    }
    fn serialize_unit(self) -> Result<(), serde_json::Error> {
        Err(not_a_row())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), serde_json::Error> {
        Err(not_a_row())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), serde_json::Error> {
        Err(not_a_row())
    }
}

impl Rows<'_, '_, '_> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        let value = serde_json::to_value(value)?;
        row(self.writer, self.columns, value)
    }
}

impl serde::ser::SerializeSeq for Rows<'_, '_, '_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_element<T: ?Sized + Serialize>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

impl serde::ser::SerializeTuple for Rows<'_, '_, '_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_element<T: ?Sized + Serialize>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

impl serde::ser::SerializeTupleStruct for Rows<'_, '_, '_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

impl<T: serde::ser::SerializeMap<Ok = Value, Error = serde_json::Error>> serde::ser::SerializeMap
    for OneRow<'_, '_, '_, T>
{
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_key<K: ?Sized + Serialize>(&mut self, key: &K) -> Result<(), serde_json::Error> {
        self.inner.serialize_key(key)
    }
    fn serialize_value<V: ?Sized + Serialize>(
        &mut self,
        value: &V,
    ) -> Result<(), serde_json::Error> {
        self.inner.serialize_value(value)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        let value = self.inner.end()?;
        row(self.rows.writer, self.rows.columns, value)
    }
}

impl<T: serde::ser::SerializeStruct<Ok = Value, Error = serde_json::Error>>
    serde::ser::SerializeStruct for OneRow<'_, '_, '_, T>
{
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_field<V: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &V,
    ) -> Result<(), serde_json::Error> {
        self.inner.serialize_field(key, value)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        let value = self.inner.end()?;
        row(self.rows.writer, self.rows.columns, value)
    }
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
