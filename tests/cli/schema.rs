//! `spectrack schema` through the binary: the JSON Schema it prints, checked with a real
//! validator (the `jsonschema` crate) over catalogues converted from TOML to JSON as an
//! editor's TOML tooling does (a bare TOML date becomes its text).
//!
//! Every catalogue `check` accepts validates: the shipped one and every valid fixture. Every
//! fixture with a problem of form that a schema can express fails it; the fixtures whose only
//! problems are of meaning (unique ids, references, order, real days) pass it, since those
//! stay with `check`. Which is which comes from the codes `check --format json` reports.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn spectrack(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .args(["--today", "2026-11-21"])
        .args(args)
        .output()
        .unwrap()
}

fn validator() -> jsonschema::Validator {
    let out = spectrack(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::validator_for(&schema).unwrap()
}

/// A TOML document as JSON, dates as their text; `None` when it is not TOML.
fn as_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    let table: toml::Table = text.parse().ok()?;
    Some(convert(toml::Value::Table(table)))
}

fn convert(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(convert).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, convert(value)))
                .collect(),
        ),
    }
}

fn fixtures() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in [
        "tests/fixtures",
        "tests/fixtures/check",
        "tests/fixtures/hostile",
    ] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                all.push(path);
            }
        }
    }
    all.sort();
    all
}

/// The codes of the problems of form that the schema says too.
const FORM: &[&str] = &[
    "missing-format",
    "newer-format",
    "bad-format",
    "not-an-array-of-tables",
    "unknown-key",
    "wrong-type",
    "missing-key",
    "invalid-id",
    "bad-expected",
    "unknown-kind",
    "unknown-state",
    "empty-list",
];

/// The problems `check` finds: (code, message).
fn problems(path: &Path) -> Vec<(String, String)> {
    let out = spectrack(&[
        "--catalog",
        path.to_str().unwrap(),
        "check",
        "--format",
        "json",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    lines[..lines.len() - 1]
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_owned(),
                p["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_shipped_catalogue_validates() {
    let validator = validator();
    let shipped = as_json(Path::new("specs.toml")).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&shipped)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn fixtures_validate_exactly_when_their_form_is_right() {
    let validator = validator();
    let (mut valid, mut invalid) = (0, 0);
    for path in fixtures() {
        let Some(json) = as_json(&path) else {
            continue;
        };
        let of_form = problems(&path).into_iter().any(|(code, message)| {
            FORM.contains(&code.as_str())
                // A date that is no date at all, or has a time of day; not a day the month
                // lacks, which a pattern cannot see.
                || (code == "bad-date" && !message.contains("is not a real date"))
        });
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        if of_form {
            assert!(
                !errors.is_empty(),
                "{path:?} has problems of form but validates"
            );
            invalid += 1;
        } else {
            assert!(errors.is_empty(), "{path:?}: {errors:#?}");
            valid += 1;
        }
    }
    assert!(
        valid >= 10 && invalid >= 9,
        "{valid} valid, {invalid} invalid"
    );
}

#[test]
fn the_schema_names_each_problem_of_a_broken_record() {
    // What an editor would underline in a spec with a misspelt key, a bad kind and id.
    let validator = validator();
    let doc = serde_json::json!({
        "format": 1,
        "spec": [{
            "id": "Bad_Id", "title": "t", "kind": "whitepaper", "orgs": [],
            "titel": "x",
            "history": [{"date": "April 2026", "state": "publised", "expected": "2026-Q5"}]
        }]
    });
    let mut paths: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| e.instance_path().to_string())
        .collect();
    paths.sort();
    paths.dedup();
    assert_eq!(
        paths,
        [
            "/spec/0",
            "/spec/0/history/0/date",
            "/spec/0/history/0/expected",
            "/spec/0/history/0/state",
            "/spec/0/id",
            "/spec/0/kind",
            "/spec/0/orgs",
        ]
    );
    assert!(!validator.is_valid(&serde_json::json!({"format": 2})));
    assert!(!validator.is_valid(&serde_json::json!({})));
}

#[test]
fn tools_that_know_only_draft_7_read_it_the_same() {
    // Editors' TOML tooling may implement an older draft: the schema uses only keywords that
    // mean the same in draft 7, so a draft 7 validator gives the same answers.
    let out = spectrack(&["schema"]);
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    let draft7 = jsonschema::draft7::new(&schema).unwrap();
    let current = validator();
    for path in fixtures() {
        if let Some(json) = as_json(&path) {
            assert_eq!(draft7.is_valid(&json), current.is_valid(&json), "{path:?}");
        }
    }
}

#[test]
fn the_schema_directive_is_a_comment_every_command_keeps() {
    // taplo's `#:schema` line at the top of the catalogue: check is clean, fmt keeps it
    // first, record writes around it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("specs.toml");
    let text = std::fs::read_to_string("tests/fixtures/gcc-ocp.toml").unwrap();
    std::fs::write(&path, format!("#:schema ./spectrack.schema.json\n{text}")).unwrap();
    let path_text = path.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--catalog", path_text];
        all.extend_from_slice(args);
        spectrack(&all)
    };
    assert_eq!(run(&["check", "--strict"]).status.code(), Some(0));
    assert_eq!(run(&["fmt", "--check"]).status.code(), Some(0));
    let recorded = run(&[
        "record",
        "gcc-dpu-specs",
        "--date",
        "2026-11-20",
        "--note",
        "n",
    ]);
    assert_eq!(recorded.status.code(), Some(0), "{recorded:?}");
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.starts_with("#:schema ./spectrack.schema.json\n# A test catalogue"));
    assert!(validator().is_valid(&as_json(&path).unwrap()));
}
