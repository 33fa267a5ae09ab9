//! The CI-facing flags through the binary: `diff --exit-code` against a git revision (the
//! help's example), `check`/`fmt` over several FILEs (as pre-commit passes them), and the
//! shipped catalogue's SARIF log (the help's example).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn spectrack(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .current_dir(dir)
        .env_remove("SPECTRACK_CATALOG")
        .args(["--today", "2026-11-21", "--color", "never"])
        .args(args)
        .output()
        .unwrap()
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

#[test]
fn diff_exit_code_against_the_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("specs.toml"), fixture("slips-before.toml")).unwrap();
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "one"]);
    std::fs::write(root.join("specs.toml"), fixture("slips.toml")).unwrap();
    git(root, &["commit", "-q", "-am", "two"]);
    // The help's example: the last commit changed the answers.
    let out = spectrack(root, &["diff", "--exit-code", "HEAD~1"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("once-late   added"));
    // Nothing changed since HEAD.
    let out = spectrack(root, &["diff", "--exit-code", "HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // Without the flag, a difference is an answer like any other.
    assert_eq!(spectrack(root, &["diff", "HEAD~1"]).status.code(), Some(0));
    // A revision that cannot be read is still "could not run".
    let out = spectrack(root, &["diff", "--exit-code", "HEAD~5"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
fn check_and_fmt_take_several_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::create_dir_all(root.join("b")).unwrap();
    std::fs::write(root.join("a/specs.toml"), fixture("gcc-ocp.toml")).unwrap();
    std::fs::write(root.join("b/specs.toml"), fixture("check/warnings.toml")).unwrap();
    let files = ["a/specs.toml", "b/specs.toml"];

    let out = spectrack(root, &["check", files[0], files[1]]);
    assert_eq!(out.status.code(), Some(0), "warnings alone pass: {out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("a/specs.toml: no problems found: 7 specs"),
        "{stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("b/specs.toml: 0 errors and"), "{stderr}");
    let strict = spectrack(root, &["check", "--strict", files[0], files[1]]);
    assert_eq!(strict.status.code(), Some(1));

    // JSON Lines: the problems of both, then one summary of all.
    let out = spectrack(root, &["check", "--format", "json", files[0], files[1]]);
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (summary, problems) = lines.split_last().unwrap();
    assert!(problems.iter().all(|p| p["file"] == "b/specs.toml"));
    assert_eq!(summary["warnings"], problems.len());
    // SARIF: one artifact per file; each result points at its own.
    let out = spectrack(root, &["check", "--format", "sarif", files[0], files[1]]);
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["artifacts"][0]["location"]["uri"], "a/specs.toml");
    assert_eq!(run["artifacts"][1]["location"]["uri"], "b/specs.toml");
    for result in run["results"].as_array().unwrap() {
        let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(location["index"], 1);
        assert_eq!(location["uri"], "b/specs.toml");
    }

    // fmt --check: each file on its own; one out of layout fails the run.
    let out = spectrack(root, &["fmt", "--check", files[0], files[1]]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    std::fs::write(root.join("b/specs.toml"), fixture("messy.toml")).unwrap();
    let out = spectrack(root, &["fmt", "--check", files[0], files[1]]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("b/specs.toml: not in canonical layout"),
        "{stderr}"
    );
    // fmt rewrites each; then both are in layout.
    assert_eq!(
        spectrack(root, &["fmt", files[0], files[1]]).status.code(),
        Some(0)
    );
    let out = spectrack(root, &["fmt", "--check", files[0], files[1]]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn the_shipped_catalogue_as_sarif_has_no_results() {
    // The help's example, `spectrack check --format sarif > spectrack.sarif`, in a folder
    // without a catalogue: the built-in one.
    let dir = tempfile::tempdir().unwrap();
    let out = spectrack(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(log["runs"][0]["tool"]["driver"]["name"], "spectrack");
}

#[test]
fn help_explains_the_new_flags() {
    let dir = tempfile::tempdir().unwrap();
    let help = |args: &[&str]| String::from_utf8(spectrack(dir.path(), args).stdout).unwrap();
    let check = help(&["check", "--help"]);
    for text in [
        "--format <FORMAT>",
        "sarif",
        "JSON Lines",
        "[FILE]...",
        "spectrack check --format sarif",
    ] {
        assert!(check.contains(text), "check --help lacks {text}:\n{check}");
    }
    let pending = help(&["pending", "--help"]);
    assert!(
        pending.contains("--exit-code")
            && pending.contains("spectrack pending --overdue --exit-code")
    );
    let diff = help(&["diff", "--help"]);
    assert!(diff.contains("--exit-code") && diff.contains("spectrack diff --exit-code HEAD~1"));
    let schema = help(&["schema", "--help"]);
    assert!(schema.contains("#:schema ./spectrack.schema.json"));
    assert!(help(&["fmt", "--help"]).contains("[FILE]..."));
    assert!(help(&["list", "--help"]).contains("--exit-code"));
}
