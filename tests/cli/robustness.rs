//! No input crashes, hangs or fools spectrack: hostile catalogue files and bad arguments,
//! through the real binary. Every run must end with exit 0, 1 or 2 (SPEC section 6), never
//! a panic or a signal, and say clearly what is wrong and where.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Runs spectrack with `--today 2026-11-21` and `args`, in `dir`.
fn spectrack(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--today", "2026-11-21"];
    all.extend(args);
    spectrack_exactly(dir, &all)
}

/// Runs spectrack with `args` alone, in `dir`.
fn spectrack_exactly(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .current_dir(dir)
        .args(args)
        .env_remove("SPECTRACK_CATALOG")
        .env_remove("SPECTRACK_TODAY")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 stderr")
}

/// Writes `bytes` as `specs.toml` in a fresh folder; returns the folder.
fn catalog(bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("specs.toml"), bytes).expect("the catalogue is written");
    dir
}

/// A small valid catalogue.
const VALID: &str = include_str!("../fixtures/check/clean.toml");

/// Asserts that `check` exits 1 with a located error, and `list` exits 2 naming the file.
fn rejected_with_location(bytes: &[u8], message: &str) {
    let dir = catalog(bytes);
    let started = Instant::now();
    let check = spectrack(dir.path(), &["--catalog", "specs.toml", "check"]);
    let text = stderr(&check);
    assert_eq!(
        check.status.code(),
        Some(1),
        "{}",
        &text[..text.len().min(2000)]
    );
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("specs.toml:") && first.contains(": error: ") && first.contains(message),
        "{first}"
    );
    let (line, column) = {
        let mut parts = first.split(':').skip(1);
        (parts.next().unwrap_or(""), parts.next().unwrap_or(""))
    };
    assert!(
        line.parse::<usize>().is_ok() && column.parse::<usize>().is_ok(),
        "no line:column in {first}"
    );
    let list = spectrack(dir.path(), &["--catalog", "specs.toml", "list"]);
    assert_eq!(list.status.code(), Some(2));
    assert!(stderr(&list).contains("the catalogue is invalid"));
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn deep_nesting_is_refused_with_a_location() {
    let n = 200_000;
    let arrays = format!("format = 1\nx = {}{}\n", "[".repeat(n), "]".repeat(n));
    rejected_with_location(arrays.as_bytes(), "nested too deeply");
    let tables = format!("format = 1\nx = {}1{}\n", "{a = ".repeat(n), "}".repeat(n));
    rejected_with_location(tables.as_bytes(), "nested too deeply");
    let mixed = format!(
        "format = 1\nx = {}1{}\n",
        "[{a = ".repeat(n / 2),
        "}]".repeat(n / 2)
    );
    rejected_with_location(mixed.as_bytes(), "nested too deeply");
    let dotted = format!("format = 1\na{} = 1\n", ".b".repeat(n));
    rejected_with_location(dotted.as_bytes(), "dotted parts");
    let header = format!("format = 1\n[a{}]\n", ".b".repeat(n));
    rejected_with_location(header.as_bytes(), "dotted parts");
    let unclosed = format!("format = 1\nx = {}\n", "[".repeat(n));
    rejected_with_location(unclosed.as_bytes(), "");
}

#[test]
fn a_fifty_megabyte_line_gets_an_answer() {
    let long = "x".repeat(50 * 1024 * 1024);
    // As the summary of a valid catalogue: a clean answer.
    let text = VALID.replacen("format = 1", &format!("format = 1\n# {long}"), 1);
    let dir = catalog(text.as_bytes());
    let check = spectrack(dir.path(), &["--catalog", "specs.toml", "check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // As an unknown key's value: a clean, located error whose source line is cut short.
    let text = format!("format = 1\nbogus = \"{long}\"\n");
    let dir = catalog(text.as_bytes());
    let check = spectrack(dir.path(), &["--catalog", "specs.toml", "check"]);
    assert_eq!(check.status.code(), Some(1));
    let text = stderr(&check);
    assert!(
        text.starts_with("specs.toml:2:1: error: unknown key `bogus`"),
        "{}",
        &text[..200]
    );
    assert!(
        text.len() < 10_000,
        "the whole line was printed: {} bytes",
        text.len()
    );
}

#[test]
fn invalid_utf8_is_located() {
    let mut bytes = b"format = 1\n[[org]]\nid = \"x\"\nname = \"caf".to_vec();
    bytes.extend([0xe9, b'"', b'\n']);
    rejected_with_location(&bytes, "not valid UTF-8 (byte 0xe9)");
    let dir = catalog(&bytes);
    let text = stderr(&spectrack(
        dir.path(),
        &["--catalog", "specs.toml", "check"],
    ));
    assert!(text.starts_with("specs.toml:4:12: error:"), "{text}");
}

#[test]
fn nul_bytes_are_located() {
    rejected_with_location(b"format = 1\n\0\n", "");
    rejected_with_location(b"format = 1\n[[org]]\nid = \"a\0b\"\nname = \"n\"\n", "");
}

/// A UTF-8 byte order mark is accepted silently (and kept by commands that write).
#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(VALID.as_bytes());
    let dir = catalog(&bytes);
    let check = spectrack(dir.path(), &["--catalog", "specs.toml", "check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let list = spectrack(
        dir.path(),
        &["--catalog", "specs.toml", "list", "--format", "json"],
    );
    assert_eq!(list.status.code(), Some(0), "{}", stderr(&list));
    let add = spectrack(
        dir.path(),
        &[
            "--catalog",
            "specs.toml",
            "add",
            "org",
            "bom-org",
            "--name",
            "B",
        ],
    );
    assert_eq!(add.status.code(), Some(0), "{}", stderr(&add));
    let written = std::fs::read(dir.path().join("specs.toml")).unwrap();
    assert!(written.starts_with("\u{feff}# A small".as_bytes()));
}

#[test]
fn an_empty_file_lacks_its_format() {
    rejected_with_location(b"", "format");
}

/// Exit 2 and a message naming the file, for a catalogue that cannot be read.
fn cannot_read(dir: &Path, catalog: &str, reason: &str) {
    for command in [
        &["check"][..],
        &["list"],
        &["record", "x", "--date", "2026"],
    ] {
        let mut args = vec!["--catalog", catalog];
        args.extend(command);
        let output = spectrack(dir, &args);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {text}");
        assert!(
            text.starts_with(&format!("error: cannot read the catalogue {catalog}: ")),
            "{args:?}: {text}"
        );
        assert!(text.contains(reason), "{args:?}: {text}");
        assert_eq!(text.lines().count(), 1, "{args:?}: {text}");
    }
}

#[test]
fn a_folder_or_a_missing_file_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    cannot_read(dir.path(), "folder", "it is a folder");
    cannot_read(dir.path(), "missing.toml", "No such file");
}

/// Writing into a folder that does not exist names the folder, not the temporary file the
/// write would have gone through.
#[test]
fn a_write_into_a_missing_folder_names_the_folder() {
    let dir = catalog(VALID.as_bytes());
    for args in [
        &["init", "nowhere/specs.toml"][..],
        &[
            "--catalog",
            "specs.toml",
            "export",
            "--format",
            "html",
            "-o",
            "nowhere/page.html",
        ],
    ] {
        let output = spectrack(dir.path(), args);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {text}");
        assert_eq!(
            text, "error: nowhere: No such file or directory (os error 2)\n",
            "{args:?}"
        );
        assert!(!dir.path().join("nowhere").exists());
    }
    // A file where the folder should be: the kind of error, and still no temporary name.
    std::fs::write(dir.path().join("file"), "").unwrap();
    let output = spectrack(dir.path(), &["init", "file/specs.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "error: file: not a directory\n");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_cannot_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = catalog(VALID.as_bytes());
    let path = dir.path().join("specs.toml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&path).is_ok() {
        // Root (as in CI containers) reads any file: the catalogue is then simply read.
        eprintln!("note: running as root, so chmod 000 does not stop reads; checking that");
        let output = spectrack(dir.path(), &["--catalog", "specs.toml", "check"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    } else {
        cannot_read(dir.path(), "specs.toml", "Permission denied");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn an_endless_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let output = spectrack(dir.path(), &["--catalog", "/dev/zero", "check"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    // Not a regular file: refused before a byte is read.
    assert!(
        text.starts_with("error: cannot read the catalogue /dev/zero: it is a device"),
        "{text}"
    );
}

/// Bad arguments: exit 2, and the first line names the argument and the accepted form.
/// (Dates and ids given to `record` and `add` are judged by validation, as in a catalogue
/// written by hand: `editing::flags_are_judged_as_the_catalogue_is`.)
#[test]
fn bad_arguments_name_the_argument_and_its_form() {
    let dir = catalog(VALID.as_bytes());
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["--today", "2026-13-01", "list"],
            "'--today <YYYY-MM-DD>'",
            "YYYY-MM-DD",
        ),
        (
            &["--today", "tomorrow", "list"],
            "'--today <YYYY-MM-DD>'",
            "YYYY-MM-DD",
        ),
        (
            &["--today", "2026", "list"],
            "'--today <YYYY-MM-DD>'",
            "YYYY-MM-DD",
        ),
        (
            &["list", "--as-of", "2026-02-30"],
            "'--as-of <YYYY-MM-DD>'",
            "YYYY-MM-DD",
        ),
        (
            &["list", "--as-of", "soon"],
            "'--as-of <YYYY-MM-DD>'",
            "YYYY-MM-DD",
        ),
        (&["log", "--since", "20x"], "'--since <DATE>'", "YYYY-Qn"),
        (
            &["list", "--format", "xml"],
            "'--format <FORMAT>'",
            "table, json, csv, markdown",
        ),
        (
            &["list", "--state", "done"],
            "'--state <STATE>'",
            "published",
        ),
        (
            &["--color", "sometimes", "list"],
            "'--color <WHEN>'",
            "always",
        ),
    ];
    for (args, argument, form) in cases {
        let mut all = vec!["--catalog", "specs.toml"];
        all.extend(*args);
        if !args.contains(&"--today") {
            all.extend(["--today", "2026-11-21"]);
        }
        let output = spectrack_exactly(dir.path(), &all);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {text}");
        let message: String = text.lines().take_while(|l| !l.is_empty()).collect();
        assert!(
            message.starts_with("error: invalid value") && message.contains(argument),
            "{args:?}: {text}"
        );
        assert!(
            message.contains(form),
            "{args:?} should name {form}: {text}"
        );
    }
    // The same check of the environment variable.
    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .current_dir(dir.path())
        .args(["--catalog", "specs.toml", "list"])
        .env("SPECTRACK_TODAY", "21/11/2026")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("'--today <YYYY-MM-DD>'"),
        "{}",
        stderr(&output)
    );
}

/// An id that names nothing in the catalogue: exit 1 for a QUERY (the answer is "no"),
/// exit 2 for a filter, each with a one-line reason.
#[test]
fn unknown_ids_are_answered() {
    let dir = catalog(VALID.as_bytes());
    let output = spectrack(
        dir.path(),
        &["--catalog", "specs.toml", "show", "no-such-spec"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).starts_with("error: no spec matches `no-such-spec`"));
    let output = spectrack(
        dir.path(),
        &["--catalog", "specs.toml", "list", "--org", "nobody"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: no org `nobody`"),
        "{}",
        stderr(&output)
    );
}

/// Every subcommand's `--help` ends its description with a one-line `Example: spectrack …`
/// (new commands are covered by this test as soon as they exist).
#[test]
fn every_subcommand_has_an_example() {
    fn visit(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for sub in command.get_subcommands() {
            let path = format!("{path} {}", sub.get_name());
            let about = sub
                .get_long_about()
                .or(sub.get_about())
                .map(ToString::to_string)
                .unwrap_or_default();
            let example = about
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.starts_with("Example: spectrack "));
            if !example {
                missing.push(path.clone());
            }
            visit(sub, &path, missing);
        }
    }
    let mut missing = Vec::new();
    visit(
        &<spectrack::Cli as clap::CommandFactory>::command(),
        "spectrack",
        &mut missing,
    );
    assert!(missing.is_empty(), "no `Example:` line: {missing:?}");
}

/// A hundred thousand problems are each reported, at their own line, in time proportional
/// to the file (issue 13; the time itself is a benchmark figure in docs/performance.md, not
/// asserted here).
#[test]
fn a_hundred_thousand_problems_are_each_reported_where_they_are() {
    const UNUSED: usize = 100_000;
    let mut text = VALID.to_owned();
    let mut lines = text.lines().count();
    let mut expected = Vec::with_capacity(UNUSED);
    for n in 0..UNUSED {
        use std::fmt::Write as _;
        // `[[source]]` on the line after the blank one, `id` on the next.
        let _ = write!(
            text,
            "\n[[source]]\nid = \"unused-{n}\"\ntitle = \"t\"\npublisher = \"p\"\ndate = \"2026-01\"\n"
        );
        expected.push(format!(
            "specs.toml:{}:6: warning: source `unused-{n}` is never cited",
            lines + 3
        ));
        lines += 6;
    }
    let dir = catalog(text.as_bytes());
    let check = spectrack(dir.path(), &["--catalog", "specs.toml", "check"]);
    assert_eq!(check.status.code(), Some(0), "{}", &stderr(&check)[..2000]);
    let text = stderr(&check);
    let found: Vec<&str> = text
        .lines()
        .filter(|line| line.contains(": warning: "))
        .collect();
    assert_eq!(found.len(), UNUSED);
    for (found, expected) in found.iter().zip(&expected) {
        assert_eq!(found, expected);
    }
    assert_eq!(
        text.lines().last(),
        Some(
            format!(
                "specs.toml: 0 errors and {UNUSED} warnings (warnings fail only with --strict)"
            )
            .as_str()
        )
    );
}
