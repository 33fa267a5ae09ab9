//! Property tests over random catalogues, run in-process through the library.
//!
//! - Random valid catalogues pass `check`, and the derived status keeps its invariants.
//! - Random byte mutations of valid catalogues never crash `check`, the derivation or any
//!   renderer: every command ends with exit 0, 1 or 2.
//!
//! The default run is short (64 cases a property) to keep `cargo test` fast; set
//! `PROPTEST_CASES` (read by proptest itself) for a longer run, e.g.
//! `PROPTEST_CASES=5000 cargo test --test cli props`.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;

use spectrack::catalog::{Arena, Catalog, State, check_in};

/// The first day random days count from: the synthetic timeline starts in 2016 and ends
/// before 2026-11-21.
const BASE: Date = date(2016, 1, 1);

/// proptest's configuration: 64 cases unless `PROPTEST_CASES` says otherwise.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        // Failures are reported with their minimal case; no regression files are written.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn day(offset: u16) -> Date {
    BASE.checked_add(i64::from(offset).days())
        .expect("in range")
}

/// A TOML string holding `text` exactly, whatever it contains.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// Random valid catalogues: the one generator behind the benchmarks (`spectrack-synth`) at a
/// random size and seed, with or without its warnings, and with random text of any script
/// and any control character put in for some titles and notes.
fn catalogue() -> impl Strategy<Value = String> {
    (
        spectrack_synth::MIN_SPECS..spectrack_synth::MIN_SPECS + 10,
        any::<u64>(),
        any::<bool>(),
        proptest::collection::vec("\\PC{1,24}", 0..4),
        proptest::collection::vec("\\PC{0,16}", 0..4),
    )
        .prop_map(|(specs, seed, warnings, titles, notes)| {
            let text = if warnings {
                spectrack_synth::catalogue_with_warnings(specs, seed)
            } else {
                spectrack_synth::catalogue(specs, seed)
            }
            .expect("at least the smallest size");
            let (mut titles, mut notes) = (titles.into_iter(), notes.into_iter());
            let mut out = String::with_capacity(text.len() + 1024);
            for line in text.lines() {
                let new = if line.starts_with("title = ") {
                    titles.next().map(|t| format!("title = {}", quoted(&t)))
                } else if line.starts_with("note = ") {
                    notes.next().map(|n| format!("note = {}", quoted(&n)))
                } else {
                    None
                };
                out.push_str(new.as_deref().unwrap_or(line));
                out.push('\n');
            }
            out
        })
}

fn valid_catalogue<'a>(text: &'a str, arena: &'a Arena) -> Result<Catalog<'a>, TestCaseError> {
    let checked = check_in(text, arena);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    prop_assert!(errors.is_empty(), "{errors:#?}\n{text}");
    checked
        .catalog
        .ok_or_else(|| TestCaseError::fail(format!("no catalogue from\n{text}")))
}

proptest! {
    #![proptest_config(config())]

    /// Random valid catalogues pass `check`, and as of any day: a spec is pending exactly
    /// when its state is one of the four pending states; overdue implies pending and a
    /// positive day count.
    #[test]
    fn derived_status_keeps_its_invariants(text in catalogue(), t in 0u16..4100) {
        let arena = Arena::new();
        let catalog = valid_catalogue(&text, &arena)?;
        let t = day(t);
        for spec in catalog.specs() {
            let Some(status) = catalog.status(spec, t) else { continue };
            let pending = matches!(
                status.state,
                State::Proposed | State::Announced | State::Drafting | State::Released
            );
            prop_assert_eq!(status.pending, pending, "{:?}", status);
            prop_assert!(!status.overdue || status.pending, "{:?}", status);
            prop_assert_eq!(status.overdue, status.days_overdue.is_some(), "{:?}", status);
            prop_assert!(status.days_overdue.is_none_or(|d| d > 0), "{:?}", status);
            prop_assert!(status.since.start() <= t, "{:?}", status);
        }
    }

    /// As of a later day, a published spec stays published unless an entry in between
    /// sets another state.
    #[test]
    fn a_later_day_never_unpublishes(text in catalogue(), t1 in 0u16..4100, later in 0u16..800) {
        let arena = Arena::new();
        let catalog = valid_catalogue(&text, &arena)?;
        let (t1, t2) = (day(t1), day(t1 + later));
        for spec in catalog.specs() {
            let Some(before) = catalog.status(spec, t1) else { continue };
            if before.state != State::Published {
                continue;
            }
            let changed = spec.history.iter().any(|entry| {
                let entry = entry.get_ref();
                let start = entry.date.get_ref().start();
                start > t1
                    && start <= t2
                    && entry.state.as_ref().is_some_and(|s| *s.get_ref() != State::Published)
            });
            let after = catalog.status(spec, t2);
            prop_assert!(after.is_some());
            if !changed {
                prop_assert_eq!(after.map(|s| s.state), Some(State::Published));
            }
        }
    }

    /// Random catalogues through every reporting command, in every format, in-process.
    #[test]
    fn random_catalogues_render_in_every_format(text in catalogue()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        std::fs::write(&path, &text).unwrap();
        for (args, code) in run_everything(&path) {
            // A query may match no spec or several (exit 1); nothing else may fail.
            let query = matches!(args[0].as_str(), "status" | "show" | "event") || args.get(1).is_some_and(|a| a == "--strict");
            let allowed: &[u8] = if query { &[0, 1] } else { &[0] };
            prop_assert!(allowed.contains(&code), "{:?} exit {}\n{}", args, code, text);
        }
    }

    /// Random byte mutations of valid catalogues never crash anything.
    #[test]
    fn mutated_catalogues_never_crash(
        base in 0usize..3,
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), 0u8..4, any::<u8>(), 0usize..24), 1..6),
    ) {
        let mut bytes = BASES[base].as_bytes().to_vec();
        for (at, how, byte, len) in edits {
            let i = at.index(bytes.len() + 1);
            match how {
                0 => bytes.insert(i, byte),
                1 if i < bytes.len() => bytes[i] = byte,
                2 => { let end = (i + len).min(bytes.len()); bytes.drain(i..end); }
                _ => {
                    // Duplicate a stretch: repeated keys, tables, brackets.
                    let end = (i + len).min(bytes.len());
                    let copy = bytes[i..end].to_vec();
                    bytes.splice(i..i, copy);
                }
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        std::fs::write(&path, &bytes).unwrap();
        for (args, code) in run_everything(&path) {
            prop_assert!(code <= 2, "{:?} exit {}", args, code);
        }
    }
}

/// Valid catalogues to mutate.
const BASES: [&str; 3] = [
    include_str!("../fixtures/check/clean.toml"),
    include_str!("../fixtures/hostile/valid.toml"),
    include_str!("../fixtures/edge.toml"),
];

/// Runs every read-only command in every format over the catalogue at `path`, in-process;
/// returns each command's arguments and exit code.
fn run_everything(path: &std::path::Path) -> Vec<(Vec<String>, u8)> {
    let catalog = path.to_str().expect("a UTF-8 path");
    let mut runs: Vec<Vec<&str>> = vec![vec!["check"], vec!["check", "--strict"]];
    for command in [
        &["list"][..],
        &["pending", "--overdue"],
        &["status", "spec0"],
        &["show", "spec"],
        &["show", "evil-spec"],
        &["events"],
        &["event", "event"],
        &["scorecard"],
        &["list", "--due-within", "90"],
        &["log"],
    ] {
        for format in ["table", "json", "csv", "markdown"] {
            let mut args = command.to_vec();
            args.extend(["--format", format]);
            runs.push(args);
        }
    }
    runs.into_iter()
        .map(|command: Vec<&str>| {
            let mut args = vec!["spectrack", "--today", "2026-11-21", "--color", "always"];
            args.extend(["--catalog", catalog]);
            args.extend(&command);
            let cli = <spectrack::Cli as clap::Parser>::parse_from(&args);
            let code = spectrack::run_with(&cli, &mut Vec::new(), &mut Vec::new());
            (command.iter().map(|s| s.to_string()).collect(), code)
        })
        .collect()
}
