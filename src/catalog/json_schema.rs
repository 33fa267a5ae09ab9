//! `spectrack schema`: a JSON Schema (draft 2020-12) of format 1, for editors (taplo's
//! `#:schema` directive, Even Better TOML) and other validators.
//!
//! It is generated from the format description the reader checks with (the records and
//! fields of `catalog::format`), so it never keeps a list of
//! keys of its own: every table, key, type, required key and description comes from there,
//! the state and kind words from `catalog::vocab`. Patterns say in regular-expression form
//! what the reader's id and date rules accept; tests hold them to those rules.
//!
//! What a JSON Schema cannot say is left to `spectrack check`: whether ids are unique and
//! referenced ids exist, whether a day is real (`2026-02-30`), date order, sources cited.

use serde_json::{Map, Value, json};

pub use super::format::{DATE_PATTERN, ID_PATTERN};
use super::format::{Field, ROOT, Record, Ty};
use super::model::FORMAT;
use super::vocab::{Kind, State};

/// The JSON Schema dialect written.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The JSON Schema of the catalogue format.
pub fn schema() -> Value {
    let root = &ROOT;
    let mut schema = Map::new();
    schema.insert("$schema".into(), DIALECT.into());
    schema.insert(
        "title".into(),
        format!("spectrack catalogue (specs.toml), format {FORMAT}").into(),
    );
    if let Value::Object(body) = record(root) {
        schema.extend(body);
    }
    // The schema describes one format: `format` is that number.
    if let Some(format) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("format"))
    {
        format["const"] = FORMAT.into();
    }
    Value::Object(schema)
}

/// An object schema for one record: its keys, which are required, nothing else allowed.
fn record(record: &Record) -> Value {
    let properties: Map<String, Value> = record
        .fields
        .iter()
        .map(|field| (field.key.to_owned(), property(field)))
        .collect();
    let required: Vec<&str> = record
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key)
        .collect();
    let mut object = json!({
        "type": "object",
        "description": record.description,
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        object["required"] = required.into();
    }
    object
}

/// The schema of one key's value, with the key's description.
fn property(field: &Field) -> Value {
    let mut value = match field.ty {
        Ty::Integer => json!({ "type": "integer" }),
        Ty::Text => json!({ "type": "string" }),
        Ty::Id | Ty::Ref(_) => id(),
        Ty::Refs(_) => {
            let mut ids = json!({ "type": "array", "items": id() });
            if field.required {
                ids["minItems"] = 1.into();
            }
            ids
        }
        Ty::Tags => json!({ "type": "array", "items": { "type": "string" } }),
        Ty::Date => date(),
        Ty::Expected => json!({ "anyOf": [date(), id()] }),
        Ty::State => json!({ "enum": State::ALL.map(State::as_str) }),
        Ty::Kind => json!({ "enum": Kind::ALL.map(Kind::as_str) }),
        Ty::Records(inner) => json!({
            "type": "array",
            "items": record(inner),
        }),
    };
    value["description"] = field.description.into();
    if let Ty::Records(inner) = field.ty {
        value["description"] = format!(
            "{} Each is a table written [[{}]].",
            field.description, inner.path
        )
        .into();
    }
    value
}

fn id() -> Value {
    json!({ "type": "string", "pattern": ID_PATTERN })
}

fn date() -> Value {
    json!({ "type": "string", "pattern": DATE_PATTERN })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::validate::check_id;
    use crate::date::{DateError, PartialDate};

    fn matches(pattern: &str, text: &str) -> bool {
        let validator =
            jsonschema::validator_for(&json!({ "type": "string", "pattern": pattern })).unwrap();
        validator.is_valid(&Value::from(text))
    }

    #[test]
    fn the_id_pattern_is_the_id_rule() {
        let long = format!("a{}", "b".repeat(63));
        let too_long = format!("{long}c");
        for id in [
            "gcc",
            "gcc-dpu-pg",
            "a",
            "a-",
            "a--b",
            "x9",
            &long,
            &too_long,
            "",
            "9a",
            "-a",
            "Gcc",
            "gcc_dpu",
            "gcc dpu",
            "gcc.dpu",
            "é",
            "ab\n",
            "aé",
        ] {
            assert_eq!(matches(ID_PATTERN, id), check_id(id).is_ok(), "{id:?}");
        }
    }

    #[test]
    fn the_date_pattern_is_the_date_rule_but_for_real_days() {
        let mut texts: Vec<String> = ["2026", "0001", "9999", "202", "20266", "2026-", "x2026"]
            .map(String::from)
            .into();
        for q in ["Q0", "Q1", "Q4", "Q5", "q2", "Q", "Q12", "H1"] {
            texts.push(format!("2026-{q}"));
        }
        for month in 0..=13 {
            texts.push(format!("2024-{month:02}"));
            texts.push(format!("2024-{month}"));
            for day in 0..=32 {
                texts.push(format!("2024-{month:02}-{day:02}"));
                texts.push(format!("2023-{month:02}-{day}"));
            }
        }
        texts.extend(["2026-04-09T10:00", "2026-04-09 10:00", "2026-04-09-01"].map(String::from));
        for text in &texts {
            let parsed = text.parse::<PartialDate>();
            let matched = matches(DATE_PATTERN, text);
            match parsed {
                Ok(_) => assert!(matched, "{text} is a date but does not match"),
                // A day the month does not have matches: only `check` knows month lengths.
                Err(DateError::Impossible(..)) => {}
                Err(e) => assert!(!matched, "{text} matches but is not a date: {e}"),
            }
        }
        // The impossible days that match are only days 29-31 of a short month.
        assert!(matches(DATE_PATTERN, "2023-02-29") && matches(DATE_PATTERN, "2024-04-31"));
    }

    #[test]
    fn every_key_of_the_description_is_in_the_schema() {
        let schema = schema();
        fn walk(record: &Record, schema: &Value) {
            let properties = schema["properties"].as_object().unwrap();
            assert_eq!(properties.len(), record.fields.len(), "{}", record.path);
            for field in record.fields {
                let property = &properties[field.key];
                assert!(
                    !property["description"].as_str().unwrap().is_empty(),
                    "{}",
                    field.key
                );
                if let Ty::Records(inner) = field.ty {
                    walk(inner, &property["items"]);
                }
            }
        }
        walk(&ROOT, &schema);
        assert_eq!(schema["$schema"], DIALECT);
        assert_eq!(schema["properties"]["format"]["const"], 1);
        assert_eq!(
            schema["properties"]["spec"]["items"]["properties"]["kind"]["enum"][1],
            "white-paper"
        );
        assert_eq!(
            schema["properties"]["spec"]["items"]["required"],
            json!(["id", "title", "kind", "orgs"])
        );
    }

    #[test]
    fn the_schema_is_valid_draft_2020_12() {
        let schema = schema();
        assert!(jsonschema::draft202012::meta::is_valid(&schema));
        jsonschema::draft202012::new(&schema).unwrap();
    }
}
