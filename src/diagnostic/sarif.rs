//! `check --format sarif`: the problems as one SARIF 2.1.0 log, for code-scanning tools
//! (GitHub code scanning reads it with `github/codeql-action/upload-sarif`).
//!
//! One run; its tool's rules are every [`Code`], in [`Code::ALL`] order, so a result's
//! `ruleIndex` is stable. Columns count Unicode code points (`columnKind`), as `check` does.
//! The file's name becomes a relative URI reference (percent-encoded), so a catalogue checked
//! from the repository's root is found at its path there.

use std::io::Write;
use std::ops::Range;

use serde_json::{Value, json};

use super::json::region;
use super::{Code, Diagnostic, Severity};

/// Where the SARIF 2.1.0 schema is published.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF's word for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// `path` as a URI reference: unreserved characters and `/` kept, the rest percent-encoded
/// (Windows separators become `/`).
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn location(uri: &str, index: usize, text: &str, span: Option<&Range<usize>>) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": uri, "index": index } });
    if let Some((line, column, end_line, end_column)) = region(text, span) {
        physical["region"] = json!({
            "startLine": line,
            "startColumn": column,
            "endLine": end_line,
            "endColumn": end_column,
        });
    }
    json!({ "physicalLocation": physical })
}

/// One checked file: its name, its text, its problems.
pub type File<'a> = (&'a str, &'a str, &'a [Diagnostic]);

fn result(uri: &str, index: usize, text: &str, d: &Diagnostic) -> Value {
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let mut result = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": Code::ALL.iter().position(|c| *c == d.code),
        "level": level(d.severity),
        "message": { "text": message },
        "locations": [location(uri, index, text, d.span.as_ref())],
    });
    if !d.related.is_empty() {
        result["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(id, (span, label))| {
                let mut related = location(uri, index, text, Some(span));
                related["id"] = json!(id);
                related["message"] = json!({ "text": label });
                related
            })
            .collect();
    }
    result
}

/// The SARIF log of the problems of `files`: one run, an artifact per file.
pub fn log(files: &[File<'_>]) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.as_str(),
                "shortDescription": { "text": code.summary() },
                "defaultConfiguration": { "level": level(code.severity()) },
            })
        })
        .collect();
    let uris: Vec<String> = files.iter().map(|(path, _, _)| uri(path)).collect();
    let results: Vec<Value> = files
        .iter()
        .zip(&uris)
        .enumerate()
        .flat_map(|(index, ((_, text, diagnostics), uri))| {
            diagnostics.iter().map(move |d| result(uri, index, text, d))
        })
        .collect();
    let artifacts: Vec<Value> = uris
        .iter()
        .map(|uri| json!({ "location": { "uri": uri }, "mimeType": "application/toml" }))
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "spectrack",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }],
    })
}

/// Writes the SARIF log of `files`, pretty-printed, escaped as all JSON output is.
pub fn write(files: &[File<'_>], out: &mut dyn Write) -> std::io::Result<()> {
    crate::render::json::write(&log(files), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("specs.toml"), "specs.toml");
        assert_eq!(uri("cat alogue/ä.toml"), "cat%20alogue/%C3%A4.toml");
        assert_eq!(uri("a\\b#c"), "a/b%23c");
    }

    #[test]
    fn a_result_names_its_rule_and_region() {
        let text = "format = 1\nx = 1\n";
        let d = Diagnostic::new(Code::UnknownKey, "unknown key `x`", Some(11..12))
            .with_help("remove it")
            .with_related(0..6, "here");
        let d = [d];
        let log = log(&[("specs.toml", text, &d)]);
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "unknown-key");
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            log["runs"][0]["tool"]["driver"]["rules"][index]["id"],
            "unknown-key"
        );
        assert_eq!(
            result["message"]["text"],
            "unknown key `x`\nhelp: remove it"
        );
        assert_eq!(
            result["locations"][0]["physicalLocation"]["region"],
            json!({"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 2})
        );
        assert_eq!(result["relatedLocations"][0]["message"]["text"], "here");
    }
}
