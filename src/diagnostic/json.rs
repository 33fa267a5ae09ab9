//! `check --format json`: one JSON object per problem, one per line (JSON Lines, as cargo's
//! `--message-format json`), then a summary object.
//!
//! Lines and columns are 1-based, columns in characters; `end_line`/`end_column` is the
//! position just after the span. A problem of the file as a whole has `null` for all four.
//! `rendered` is the problem as `check` prints it for people, without colour.

use std::io::Write;
use std::ops::Range;

use serde::Serialize;

use super::{Diagnostic, line_column, render};

/// Where a span lies: (line, column, end line, end column), all 1-based.
pub(crate) fn region(
    text: &str,
    span: Option<&Range<usize>>,
) -> Option<(usize, usize, usize, usize)> {
    let span = span?;
    let (line, column) = line_column(text, span.start);
    let (end_line, end_column) = line_column(text, span.end.max(span.start));
    Some((line, column, end_line, end_column))
}

#[derive(Serialize)]
struct Message<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    rendered: String,
}

/// The last line: how many of each.
#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
}

/// Writes `diagnostics` of the file named `path` with contents `text`, one line each.
pub fn write_problems(
    path: &str,
    text: &str,
    diagnostics: &[Diagnostic],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for d in diagnostics {
        let region = region(text, d.span.as_ref());
        let message = Message {
            file: path,
            line: region.map(|r| r.0),
            column: region.map(|r| r.1),
            end_line: region.map(|r| r.2),
            end_column: region.map(|r| r.3),
            severity: d.severity.as_str(),
            code: d.code.as_str(),
            message: &d.message,
            help: d.help.as_deref(),
            rendered: render(path, text, std::slice::from_ref(d), false),
        };
        crate::render::json::write_line(&message, out)?;
    }
    Ok(())
}

/// Writes the last line: how many errors and warnings in all.
pub fn write_summary(errors: usize, warnings: usize, out: &mut dyn Write) -> std::io::Result<()> {
    crate::render::json::write_line(&Summary { errors, warnings }, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    fn lines(text: &str, diagnostics: &[Diagnostic]) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        write_problems("specs.toml", text, diagnostics, &mut out).unwrap();
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        write_summary(errors, diagnostics.len() - errors, &mut out).unwrap();
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn one_line_per_problem_then_the_counts() {
        let text = "format = 1\n[[spec]]\ntitel = \"é\"\n";
        let ds = [
            Diagnostic::new(Code::UnknownKey, "unknown key `titel`", Some(20..25))
                .with_help("did you mean `title`?"),
            Diagnostic::new(Code::Unused, "org `x` is never named", Some(29..31)),
        ];
        let got = lines(text, &ds);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0],
            serde_json::json!({
                "file": "specs.toml", "line": 3, "column": 1, "end_line": 3, "end_column": 6,
                "severity": "error", "code": "unknown-key", "message": "unknown key `titel`",
                "help": "did you mean `title`?",
                "rendered": render("specs.toml", text, &ds[..1], false),
            })
        );
        // Columns count characters: `é` is two bytes, one column.
        assert_eq!(
            (got[1]["column"].clone(), got[1]["end_column"].clone()),
            (10.into(), 11.into())
        );
        assert_eq!(got[1]["severity"], "warning");
        assert_eq!(got[1]["help"], serde_json::Value::Null);
        assert_eq!(got[2], serde_json::json!({"errors": 1, "warnings": 1}));
    }

    #[test]
    fn a_problem_of_the_whole_file_has_no_position() {
        let got = lines("", &[Diagnostic::new(Code::NotUtf8, "bad", None)]);
        assert_eq!(got[0]["line"], serde_json::Value::Null);
        assert_eq!(got[0]["end_column"], serde_json::Value::Null);
    }
}
