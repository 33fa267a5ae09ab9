//! An array or inline table never closed, through the binary: one error at its bracket,
//! none for the lines the parser read into it, and later problems of their own still
//! reported, in a small catalogue and in one large enough to be read in two parts.

use std::process::Command;

/// `check` on `catalog` with a fixed day: its exit code and its standard error.
fn check(catalog: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .args(["--today", "2026-11-21", "--color", "never", "--catalog"])
        .arg(catalog)
        .arg("check")
        .args(args)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    (output.status.code(), stderr)
}

/// Each error's `line:column` and message, in the order reported.
fn errors(stderr: &str) -> Vec<(String, String)> {
    stderr
        .lines()
        .filter_map(|line| {
            let (place, message) = line.split_once(": error: ")?;
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next()?;
            let line = parts.next()?;
            Some((format!("{line}:{column}"), message.to_owned()))
        })
        .collect()
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new("tests/fixtures/check").join(format!("{name}.toml"))
}

#[test]
fn an_array_open_at_a_header_is_one_error_at_its_bracket() {
    let (code, stderr) = check(&fixture("unclosed-array"), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        errors(&stderr),
        [("53:10".to_owned(), "this array is never closed".to_owned())],
        "{stderr}"
    );
    assert!(
        stderr.contains("still open at this table header"),
        "{stderr}"
    );
    assert!(stderr.contains("help: close it with `]`"), "{stderr}");
    assert!(stderr.ends_with(": 1 error and 0 warnings\n"), "{stderr}");
}

#[test]
fn an_inline_table_never_closed_is_one_error_at_its_brace() {
    let (code, stderr) = check(&fixture("unclosed-inline-table"), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    // Not the `]` of the array around it, which the inline table took in.
    assert_eq!(
        errors(&stderr),
        [(
            "56:3".to_owned(),
            "this inline table is never closed".to_owned()
        )],
        "{stderr}"
    );
    assert!(stderr.contains("help: close it with `}`"), "{stderr}");
}

#[test]
fn an_array_open_at_the_end_is_one_error_at_its_bracket() {
    let (code, stderr) = check(&fixture("unclosed-at-end"), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        errors(&stderr),
        [("71:11".to_owned(), "this array is never closed".to_owned())],
        "{stderr}"
    );
    assert!(
        stderr.contains("still open at the end of the file"),
        "{stderr}"
    );
}

#[test]
fn later_syntax_errors_are_reported_and_nothing_else() {
    let (code, stderr) = check(&fixture("unclosed-then-more"), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    // The bracket, and the impossible date of a later record: a TOML error of its own.
    assert_eq!(
        errors(&stderr),
        [
            ("31:8".to_owned(), "this array is never closed".to_owned()),
            (
                "69:8".to_owned(),
                "invalid date, expected day between 01 and 31".to_owned()
            ),
        ],
        "{stderr}"
    );
    // Not the lines read into the array (`sources = […]`), and not the unknown key
    // `titel`: problems of form are judged only once the file is TOML.
    assert!(!stderr.contains("titel"), "{stderr}");
    assert!(!stderr.contains("unknown key"), "{stderr}");
    // The same problems for programs.
    let (code, json) = {
        let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
            .args(["--today", "2026-11-21", "--catalog"])
            .arg(fixture("unclosed-then-more"))
            .args(["check", "--format", "json"])
            .output()
            .expect("the binary runs");
        (
            output.status.code(),
            String::from_utf8(output.stdout).unwrap(),
        )
    };
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = json.lines().collect();
    assert_eq!(lines.len(), 3, "{json}");
    assert!(lines[0].contains(r#""line":31,"column":8"#), "{json}");
    assert!(lines[0].contains(r#""code":"toml-syntax""#), "{json}");
    assert_eq!(lines[2], r#"{"errors":2,"warnings":0}"#);
}

/// A catalogue large enough to be read in two parts at once (1 MiB or more), with
/// `broken = [1,` inserted before line `at` (a fraction of its lines).
fn broken(fraction: f64) -> (tempfile::TempDir, std::path::PathBuf, usize) {
    let text = spectrack_synth::catalogue(3000, 1).expect("a catalogue");
    assert!(text.len() > 1 << 20, "{} bytes", text.len());
    let lines: Vec<&str> = text.lines().collect();
    let at = (lines.len() as f64 * fraction) as usize;
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in lines.iter().enumerate() {
        if i == at {
            out.push_str("broken = [1,\n");
        }
        out.push_str(line);
        out.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("specs.toml");
    std::fs::write(&path, out).unwrap();
    (dir, path, at + 1)
}

#[test]
fn in_either_part_of_a_large_catalogue_it_is_one_error() {
    // In the first part, the second, and just before the end.
    for fraction in [0.3, 0.8, 0.9999] {
        let (_dir, path, line) = broken(fraction);
        let (code, stderr) = check(&path, &[]);
        assert_eq!(code, Some(1), "{stderr}");
        assert_eq!(
            errors(&stderr),
            [(
                format!("{line}:10"),
                "this array is never closed".to_owned()
            )],
            "{fraction}: {}",
            &stderr[..stderr.len().min(3000)]
        );
    }
}
