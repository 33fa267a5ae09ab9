//! The help: every flag is described, and every `Example:` in it runs on the shipped catalogue.

use std::path::Path;
use std::process::Command;

use clap::CommandFactory;

/// Every command and subcommand, with its path of names (`["add", "spec"]`).
fn commands() -> Vec<(Vec<String>, clap::Command)> {
    fn walk(
        path: Vec<String>,
        command: &clap::Command,
        all: &mut Vec<(Vec<String>, clap::Command)>,
    ) {
        all.push((path.clone(), command.clone()));
        for sub in command.get_subcommands() {
            let mut path = path.clone();
            path.push(sub.get_name().to_owned());
            walk(path, sub, all);
        }
    }
    let mut all = Vec::new();
    let mut root = spectrack::Cli::command();
    root.build();
    walk(Vec::new(), &root, &mut all);
    all
}

#[test]
fn every_flag_and_argument_is_described() {
    let mut missing = Vec::new();
    for (path, command) in commands() {
        for arg in command.get_arguments() {
            if arg.is_hide_set() || arg.get_help().is_some() || arg.get_long_help().is_some() {
                continue;
            }
            missing.push(format!("{} {}", path.join(" "), arg.get_id()));
        }
    }
    assert!(missing.is_empty(), "no help text: {missing:#?}");
}

#[test]
fn options_are_grouped_what_to_show_then_filters_then_output() {
    let help = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .args(["log", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let at = |heading: &str| {
        help.find(&format!("\n{heading}:\n"))
            .unwrap_or_else(|| panic!("no {heading} heading:\n{help}"))
    };
    assert!(at("Options") < at("Filters"));
    assert!(at("Filters") < at("Output"));
    assert!(at("Output") < at("Catalogue"));
    let filters = &help[at("Filters")..at("Output")];
    for flag in ["--since", "--until", "--max-count"] {
        assert!(filters.contains(flag), "{flag} is a filter:\n{help}");
    }
    let output = &help[at("Output")..at("Catalogue")];
    for flag in ["--format", "--color", "--width", "--no-pager"] {
        assert!(output.contains(flag), "{flag} is about output:\n{help}");
    }
}

/// `text` split into words as a shell would: spaces separate, double quotes group.
fn shell_words(text: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut any) = (Vec::new(), String::new(), false, false);
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(status.status.success(), "git {args:?}");
}

#[test]
fn every_help_example_runs_on_the_shipped_catalogue() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs.toml");
    let mut examples = Vec::new();
    for (path, command) in commands() {
        let text = command
            .get_long_about()
            .or(command.get_about())
            .map(ToString::to_string)
            .unwrap_or_default();
        for line in text.lines() {
            if let Some(example) = line.trim().strip_prefix("Example: ") {
                examples.push((path.clone(), example.to_owned()));
            }
        }
    }
    assert!(examples.len() >= 15, "{examples:#?}");
    for (path, example) in examples {
        // What a shell would run; a redirection (`> file`) is left out.
        let command = example.split(" > ").next().unwrap();
        let words = shell_words(command);
        assert_eq!(words[0], "spectrack", "{example}");
        assert!(
            words[1..].starts_with(&path),
            "the example of `{}` runs it: {example}",
            path.join(" ")
        );
        // Each example on its own, in a folder holding a fresh copy of the shipped catalogue
        // (no catalogue for `init`, which writes one), with a few commits for `diff`.
        let dir = tempfile::tempdir().unwrap();
        if path.first().is_some_and(|p| p == "diff") {
            git(dir.path(), &["init", "-q"]);
            std::fs::copy(&shipped, dir.path().join("specs.toml")).unwrap();
            git(dir.path(), &["add", "specs.toml"]);
            git(dir.path(), &["commit", "-qm", "catalogue"]);
            for i in 0..3 {
                git(
                    dir.path(),
                    &["commit", "-q", "--allow-empty", "-m", &i.to_string()],
                );
            }
        } else if path.first().is_none_or(|p| p != "init") {
            std::fs::copy(&shipped, dir.path().join("specs.toml")).unwrap();
        }
        let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
            .current_dir(dir.path())
            .args(&words[1..])
            .env_remove("SPECTRACK_CATALOG")
            .env("SPECTRACK_TODAY", "2026-11-21")
            .env("NO_COLOR", "1")
            .output()
            .expect("the binary runs");
        // `--exit-code` makes a non-empty answer exit 1 on purpose (the shipped catalogue has
        // overdue promises); anything else must succeed, and nothing may fail to run (2).
        let answered_no = words.iter().any(|w| w == "--exit-code")
            && output.status.code() == Some(1)
            && !output.stdout.is_empty();
        assert!(
            output.status.success() || answered_no,
            "`{example}` exits {}: {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if path.first().is_some_and(|p| p == "record" || p == "add") {
            // The new catalogue is still clean.
            let check = Command::new(env!("CARGO_BIN_EXE_spectrack"))
                .current_dir(dir.path())
                .args(["--today", "2026-11-21", "check"])
                .env_remove("SPECTRACK_CATALOG")
                .output()
                .unwrap();
            assert!(check.status.success(), "after `{example}`: {check:?}");
        }
    }
}
