//! Terminal safety: text from a catalogue never reaches the reader as control characters.
//!
//! Every case runs the real binary on a hostile fixture (escape sequences in every free
//! text: names, titles, notes, places, publishers, urls; ids and keys in error messages),
//! with `--color always` and `--color never`. In stdout and stderr together, after removing
//! spectrack's own colour codes (well-formed SGR sequences `ESC [ digits;… m`), no control
//! character but a newline may remain, and no bidirectional override.
//!
//! To cover a new command or format, add its arguments to [`REPORTS`] (run in every format
//! of [`FORMATS`]) or to [`CASES`].

use std::path::Path;
use std::process::Command;

/// The hostile fixtures, in `tests/fixtures/hostile/`.
#[derive(Debug, Clone, Copy)]
enum Fixture {
    /// Valid: every command runs on it.
    Valid,
    /// Invalid: every command reports its diagnostics, which quote hostile ids and keys.
    Invalid,
    /// Not TOML: raw ESC, BEL and CR bytes in the source line that diagnostics show.
    RawControls,
}

impl Fixture {
    fn file(self) -> &'static str {
        match self {
            Fixture::Valid => "valid.toml",
            Fixture::Invalid => "invalid.toml",
            Fixture::RawControls => "raw-controls.toml",
        }
    }
}

/// Reporting commands: each runs on every fixture, in every format of [`FORMATS`].
const REPORTS: &[&[&str]] = &[
    &["list"],
    &["pending"],
    &["list", "--as-of", "2026-03-10"],
    &["status", "evil-spec"],
    &["status", "evil-done"],
    &["show", "evil-spec"],
    &["show", "evil-done"],
    &["events"],
    &["events", "--upcoming"],
    &["event", "evil-summit"],
    &["scorecard"],
    &["scorecard", "--org", "evil"],
    &["pending", "--due-within", "400"],
    &["log"],
    &["log", "evil-spec"],
    &["slips"],
    &["diff", "specs.toml"],
];

/// The formats every reporting command takes.
const FORMATS: &[&str] = &["table", "markdown", "csv", "json"];

/// Other cases: the fixture (copied to a fresh folder first, so commands that write may
/// change it) and the arguments after the global ones.
const CASES: &[(Fixture, &[&str])] = &[
    (Fixture::Valid, &["check"]),
    (Fixture::Valid, &["check", "--strict"]),
    (Fixture::Invalid, &["check"]),
    (Fixture::RawControls, &["check"]),
    // QUERY echoed back: no match, a near miss, several matches (their titles listed).
    (Fixture::Valid, &["status", "\u{1b}[2Jgone\u{7}"]),
    (Fixture::Valid, &["show", "evil-spex\u{9b}31m"]),
    (Fixture::Valid, &["status", "evil"]),
    (Fixture::Valid, &["--verbose", "status", "evil", "spec"]),
    (Fixture::Valid, &["event", "\u{1b}[2Jgone\u{7}"]),
    (Fixture::Valid, &["event", "evil"]),
    (Fixture::Valid, &["log", "\u{1b}]0;title\u{7}"]),
    // Arguments echoed back in our own messages.
    (Fixture::Valid, &["list", "--org", "evil\u{1b}[31m"]),
    (Fixture::Valid, &["list", "--search", "\u{1b}[2J"]),
    (
        Fixture::Valid,
        &["record", "\u{1b}[2J", "--date", "2026-06"],
    ),
    // Writing commands: what they print about hostile text they write.
    (
        Fixture::Valid,
        &[
            "record",
            "evil-spec",
            "--date",
            "2026-06",
            "--note",
            "\u{1b}[2Jnote\r\u{8}",
        ],
    ),
    (
        Fixture::Valid,
        &["add", "org", "other", "--name", "\u{1b}]0;pwned\u{7}"],
    ),
    // Feeds and the page: catalogue text in XML, iCalendar and HTML, printed to stdout.
    (Fixture::Valid, &["events", "--format", "ics"]),
    (Fixture::RawControls, &["events", "--format", "ics"]),
    (Fixture::Valid, &["log", "--format", "atom"]),
    (Fixture::RawControls, &["log", "--format", "atom"]),
    (Fixture::Valid, &["export", "--format", "html"]),
    (Fixture::RawControls, &["export", "--format", "html"]),
    (Fixture::Valid, &["fmt", "--check"]),
    (Fixture::Valid, &["fmt"]),
    (Fixture::Invalid, &["fmt"]),
    (
        Fixture::Invalid,
        &["record", "evil-spec", "--date", "2026-06"],
    ),
];

/// The arguments of every case, with its fixture.
fn all_cases() -> Vec<(Fixture, Vec<String>)> {
    let mut cases = Vec::new();
    for fixture in [Fixture::Valid, Fixture::Invalid, Fixture::RawControls] {
        for report in REPORTS {
            for format in FORMATS {
                let mut args: Vec<String> = report.iter().map(|s| s.to_string()).collect();
                args.extend(["--format".to_owned(), format.to_string()]);
                cases.push((fixture, args));
            }
        }
    }
    for (fixture, args) in CASES {
        cases.push((*fixture, args.iter().map(|s| s.to_string()).collect()));
    }
    cases
}

/// `text` without well-formed SGR sequences (`ESC [`, digits and `;`, then `m`).
fn strip_sgr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let params = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[params..].starts_with('m') {
            rest = &after[params + 1..];
        } else {
            // Not ours: keep the ESC so the check below finds it.
            out.push('\u{1b}');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// What may not reach a terminal: controls (but newlines) and bidirectional overrides.
fn unsafe_char(c: char) -> bool {
    c != '\n' && spectrack::terminal::needs_escape(c)
}

/// Runs one case in a fresh folder; returns stdout and stderr together, and the exit code.
fn run(fixture: Fixture, args: &[String], color: &str) -> (String, i32) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let catalog = dir.path().join("specs.toml");
    std::fs::copy(
        Path::new("tests/fixtures/hostile").join(fixture.file()),
        &catalog,
    )
    .expect("the fixture copies");
    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .current_dir(dir.path())
        .args(["--today", "2026-11-21", "--color", color, "--catalog"])
        .arg(&catalog)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    let mut text = String::from_utf8(output.stdout).expect("UTF-8 stdout");
    text.push_str(&String::from_utf8(output.stderr).expect("UTF-8 stderr"));
    (text, output.status.code().unwrap_or(-1))
}

#[test]
fn no_control_character_reaches_the_terminal() {
    let mut failures = Vec::new();
    for (fixture, args) in all_cases() {
        for color in ["always", "never"] {
            let (text, code) = run(fixture, &args, color);
            if !(0..=2).contains(&code) {
                failures.push(format!("{fixture:?} {args:?} --color {color}: exit {code}"));
            }
            let mut stripped = strip_sgr(&text);
            // Feeds for programs keep their format's own layout: iCalendar lines end in CRLF
            // (RFC 5545), and XML text may hold tabs.
            let feed = args.iter().any(|a| a == "ics" || a == "atom");
            if feed {
                stripped = stripped.replace("\r\n", "\n").replace('\t', " ");
            }
            if let Some(bad) = stripped.chars().find(|&c| unsafe_char(c)) {
                failures.push(format!(
                    "{fixture:?} {args:?} --color {color}: {bad:?} in output:\n{text:?}"
                ));
            }
            if color == "never" && text.contains('\u{1b}') {
                failures.push(format!("{fixture:?} {args:?}: colour with --color never"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The cases must reach the hostile text: a fixture that failed to load would make every
/// output trivially safe.
#[test]
fn the_cases_show_the_hostile_text_escaped() {
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let (text, code) = run(Fixture::Valid, &args(&["show", "evil-spec"]), "always");
    assert_eq!(code, 0, "{text}");
    for shown in [
        "\\u{1b}[31mred",
        "\\u{9b}2J",
        "\\u{1b}]52;c;cGF3bmVk\\u{7}",
        "Working group\\u{d}OVERWRITTEN",
    ] {
        assert!(text.contains(shown), "{shown} not in:\n{text}");
    }
    let (text, code) = run(Fixture::Valid, &args(&["events"]), "never");
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("Hall\\u{8}\\u{8}\\u{8}\\u{8}Room \\u{202e}evil"),
        "{text}"
    );
    let (text, code) = run(Fixture::Invalid, &args(&["check"]), "always");
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("nmae\\u{1b}]0;pwned\\u{7}"), "{text}");
    let (text, code) = run(Fixture::Valid, &args(&["status", "\u{1b}[2Jgone"]), "never");
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("`\\u{1b}[2Jgone`"), "{text}");
}

/// JSON keeps the exact text: every escape is a JSON escape and parses back to it.
#[test]
fn json_keeps_the_exact_text() {
    let (text, code) = run(
        Fixture::Valid,
        &["show", "evil-spec", "--format", "json"].map(String::from),
        "always",
    );
    assert_eq!(code, 0, "{text}");
    let shown: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let fixture: toml::Value =
        toml::from_str(&std::fs::read_to_string("tests/fixtures/hostile/valid.toml").unwrap())
            .unwrap();
    let spec = &fixture["spec"][0];
    assert_eq!(shown["title"], spec["title"].as_str().unwrap());
    assert_eq!(shown["summary"], spec["summary"].as_str().unwrap());
    assert_eq!(shown["url"], spec["url"].as_str().unwrap());
    assert_eq!(
        shown["history"][0]["note"],
        spec["history"][0]["note"].as_str().unwrap()
    );
}

/// CSV cells that a spreadsheet would run as formulas start with `'`.
#[test]
fn csv_cells_cannot_be_formulas() {
    for args in [
        &["list", "--format", "csv"][..],
        &["show", "evil-spec", "--format", "csv"],
        &["log", "--format", "csv"],
        &["events", "--format", "csv"],
    ] {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (text, code) = run(Fixture::Valid, &args, "never");
        assert_eq!(code, 0, "{args:?}: {text}");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut cells = 0;
        for record in reader.records() {
            for cell in &record.expect("CSV") {
                cells += 1;
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{args:?}: {cell:?}"
                );
            }
        }
        assert!(cells > 0, "{args:?}: no cells");
    }
    let (text, _) = run(
        Fixture::Valid,
        &["list", "--format", "csv"].map(String::from),
        "never",
    );
    assert!(text.contains("'-2+3 \\u{1b}[31mred"), "{text}");
    assert!(text.contains("'+Published"), "{text}");
}

#[test]
fn strip_sgr_keeps_what_is_not_sgr() {
    assert_eq!(strip_sgr("a\u{1b}[1;31mb\u{1b}[0mc\u{1b}[m"), "abc");
    assert_eq!(strip_sgr("\u{1b}[2J"), "\u{1b}[2J");
    assert_eq!(strip_sgr("\u{1b}]0;x\u{7}"), "\u{1b}]0;x\u{7}");
}
