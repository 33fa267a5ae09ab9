//! `check --format json` and `check --format sarif`, through the binary, over every fixture
//! of `tests/fixtures/check/`.
//!
//! The SARIF schema is the official SARIF 2.1.0 JSON schema (`sarif-2.1.0-rtm.5`, the
//! final 2.1.0 text, as schemastore publishes it), vendored from the npm package
//! `@microsoft/jest-sarif` 1.0.0-beta.0 (MIT) as `tests/fixtures/sarif-schema-2.1.0.json`,
//! and checked with the `jsonschema` crate.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn check(fixture: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .args(["--today", "2026-11-21", "--color", "never", "--catalog"])
        .arg(fixture)
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

fn fixtures() -> Vec<PathBuf> {
    let mut all: Vec<_> = std::fs::read_dir("tests/fixtures/check")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    all.sort();
    assert!(all.len() > 20, "{all:?}");
    all
}

/// The fixtures named after one problem, and the code of that problem.
const NAMED: &[(&str, &str)] = &[
    ("bad-date", "bad-date"),
    ("bad-id", "invalid-id"),
    ("duplicate-id", "duplicate-id"),
    ("empty-orgs", "empty-list"),
    ("event-end", "end-before-start"),
    ("first-no-state", "first-entry-without-state"),
    ("format-missing", "missing-format"),
    ("format-newer", "newer-format"),
    ("history-order", "history-order"),
    ("missing-field", "missing-key"),
    ("no-history", "no-history"),
    ("no-sources", "missing-source"),
    ("not-utf8", "not-utf8"),
    ("org-cycle", "parent-cycle"),
    ("syntax", "toml-syntax"),
    ("unknown-key", "unknown-key"),
    ("unknown-reference", "unknown-reference"),
    ("unknown-table", "unknown-key"),
    ("wrong-type", "wrong-type"),
];

fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn json_lines_say_what_the_human_report_says() {
    for fixture in fixtures() {
        let human = check(&fixture, &[]);
        let json = check(&fixture, &["--format", "json"]);
        assert_eq!(json.status.code(), human.status.code(), "{fixture:?}");
        assert!(json.stderr.is_empty(), "{fixture:?}: {:?}", json.stderr);
        let lines = json_lines(&json);
        let (summary, problems) = lines.split_last().unwrap();
        let rendered: String = problems
            .iter()
            .map(|p| p["rendered"].as_str().unwrap())
            .collect();
        let stderr = String::from_utf8(human.stderr).unwrap();
        // The human report is the rendered problems, then the count line.
        assert!(
            stderr.starts_with(&rendered),
            "{fixture:?}\n{stderr}\n{rendered}"
        );
        let errors = problems.iter().filter(|p| p["severity"] == "error").count();
        assert_eq!(
            *summary,
            serde_json::json!({"errors": errors, "warnings": problems.len() - errors}),
            "{fixture:?}"
        );
        let shown = fixture.display().to_string();
        for p in problems {
            assert_eq!(p["file"], shown.as_str());
            // Every line's location is the one the human report starts with.
            let head = format!("{shown}:{}:{}: ", p["line"], p["column"]);
            assert!(p["rendered"].as_str().unwrap().starts_with(&head), "{p}");
            assert!(p["end_line"].as_u64() >= p["line"].as_u64(), "{p}");
        }
        let name = fixture.file_stem().unwrap().to_str().unwrap();
        if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == name) {
            assert!(
                problems.iter().any(|p| p["code"] == *code),
                "{name} has no {code}: {lines:?}"
            );
        }
    }
}

#[test]
fn warnings_have_their_codes_and_fail_only_with_strict() {
    let fixture = PathBuf::from("tests/fixtures/check/warnings.toml");
    let out = check(&fixture, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    let codes: std::collections::BTreeSet<_> = lines[..lines.len() - 1]
        .iter()
        .map(|p| {
            assert_eq!(p["severity"], "warning");
            p["code"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        ["expected-already-past", "state-goes-back", "unused"]
    );
    let strict = check(&fixture, &["--format", "json", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(strict.stdout, out.stdout);
}

fn sarif_validator() -> jsonschema::Validator {
    let mut schema: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    // The official schema's `language` patterns have a bare `]`, a literal in ECMAScript
    // regular expressions, which JSON Schema uses, but an error to Rust's regex parser; they
    // are given here with the `]` escaped, which means the same.
    let patched = escape_bare_bracket(&mut schema);
    assert_eq!(patched, 2);
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn sarif_logs_are_valid_sarif_2_1_0() {
    let validator = sarif_validator();
    for fixture in fixtures() {
        let human = check(&fixture, &[]);
        let out = check(&fixture, &["--format", "sarif"]);
        assert_eq!(out.status.code(), human.status.code(), "{fixture:?}");
        let log: Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{fixture:?}: {errors:#?}");
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let json = json_lines(&check(&fixture, &["--format", "json"]));
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), json.len() - 1, "{fixture:?}");
        for (result, line) in results.iter().zip(&json) {
            assert_eq!(result["ruleId"], line["code"]);
            assert_eq!(result["level"], line["severity"]);
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(run["tool"]["driver"]["rules"][index]["id"], line["code"]);
            let region = &result["locations"][0]["physicalLocation"]["region"];
            assert_eq!(region["startLine"], line["line"]);
            assert_eq!(region["endColumn"], line["end_column"]);
        }
    }
}

#[test]
fn the_validator_rejects_a_broken_sarif_log() {
    // So that the test above means something: a log with a result lacking its message.
    let validator = sarif_validator();
    let out = check(
        std::path::Path::new("tests/fixtures/check/duplicate-id.toml"),
        &["--format", "sarif"],
    );
    let mut log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(validator.is_valid(&log));
    log["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&log));
    log["runs"][0]["results"][0]["message"] = serde_json::json!({"text": "x"});
    log["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&log));
}

/// Replaces each `pattern` of the form described in [`sarif_validator`]; how many.
fn escape_bare_bracket(value: &mut Value) -> usize {
    const BARE: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match value {
        Value::Object(map) => map
            .iter_mut()
            .map(|(key, v)| {
                if key == "pattern" && v == BARE {
                    *v = Value::from(BARE.replace("]?", "\\]?"));
                    1
                } else {
                    escape_bare_bracket(v)
                }
            })
            .sum(),
        Value::Array(items) => items.iter_mut().map(escape_bare_bracket).sum(),
        _ => 0,
    }
}
