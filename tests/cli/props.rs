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

/// The first day random dates count from.
const BASE: Date = date(2024, 1, 1);

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

/// A date written at some precision: 0 year, 1 quarter, 2 month, 3 day.
fn written(date: Date, precision: u8) -> String {
    match precision % 4 {
        0 => format!("{}", date.year()),
        1 => format!("{}-Q{}", date.year(), (date.month() - 1) / 3 + 1),
        2 => format!("{}-{:02}", date.year(), date.month()),
        _ => date.to_string(),
    }
}

/// A TOML string holding `text` exactly, whatever it contains.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

const STATES: [&str; 7] = [
    "proposed",
    "announced",
    "drafting",
    "released",
    "published",
    "withdrawn",
    "superseded",
];
const KINDS: [&str; 3] = ["specification", "white-paper", "guide"];

#[derive(Debug, Clone)]
enum ExpectedPlan {
    None,
    Date(u16, u8),
    Event(usize),
}

#[derive(Debug, Clone)]
struct EntryPlan {
    gap: u16,
    state: Option<usize>,
    expected: ExpectedPlan,
    at: Option<usize>,
    note: Option<String>,
}

#[derive(Debug, Clone)]
struct SpecPlan {
    title: String,
    kind: usize,
    entries: Vec<EntryPlan>,
}

#[derive(Debug, Clone)]
struct Plan {
    /// (start offset, extra days)
    events: Vec<(u16, u8)>,
    specs: Vec<SpecPlan>,
}

fn entry() -> impl Strategy<Value = EntryPlan> {
    (
        1u16..200,
        proptest::option::weighted(0.6, 0usize..STATES.len()),
        prop_oneof![
            Just(ExpectedPlan::None),
            (0u16..2500, 0u8..4).prop_map(|(o, p)| ExpectedPlan::Date(o, p)),
            (0usize..3).prop_map(ExpectedPlan::Event),
        ],
        proptest::option::of(0usize..3),
        proptest::option::of("\\PC{0,16}"),
    )
        .prop_map(|(gap, state, expected, at, note)| EntryPlan {
            gap,
            state,
            expected,
            at,
            note,
        })
}

fn plan() -> impl Strategy<Value = Plan> {
    let spec = (
        "\\PC{1,24}",
        0usize..KINDS.len(),
        proptest::collection::vec(entry(), 1..6),
    )
        .prop_map(|(title, kind, entries)| SpecPlan {
            title,
            kind,
            entries,
        });
    (
        proptest::collection::vec((0u16..2000, 0u8..3), 0..3),
        proptest::collection::vec(spec, 1..5),
    )
        .prop_map(|(events, specs)| Plan { events, specs })
}

impl Plan {
    /// The catalogue as TOML. Event references that do not exist become dates, and the first
    /// entry always sets a state, so the catalogue is valid by construction.
    fn toml(&self) -> String {
        let mut out = String::from("format = 1\n\n[[org]]\nid = \"org\"\nname = \"Org\"\n");
        out +=
            "\n[[source]]\nid = \"src\"\ntitle = \"Source\"\npublisher = \"P\"\ndate = \"2024\"\n";
        for (i, (start, extra)) in self.events.iter().enumerate() {
            out += &format!(
                "\n[[event]]\nid = \"ev{i}\"\nname = \"Event {i}\"\nstart = \"{}\"\nend = \"{}\"\n",
                day(*start),
                day(start + u16::from(*extra))
            );
        }
        for (i, spec) in self.specs.iter().enumerate() {
            out += &format!(
                "\n[[spec]]\nid = \"spec{i}\"\ntitle = {}\nkind = \"{}\"\norgs = [\"org\"]\n",
                quoted(&spec.title),
                KINDS[spec.kind]
            );
            let mut offset = 0u16;
            for (j, entry) in spec.entries.iter().enumerate() {
                offset += entry.gap;
                out += &format!("\n[[spec.history]]\ndate = \"{}\"\n", day(offset));
                let state = match (j, entry.state) {
                    (0, None) => Some(1),
                    (_, state) => state,
                };
                if let Some(state) = state {
                    out += &format!("state = \"{}\"\n", STATES[state]);
                }
                match entry.expected {
                    ExpectedPlan::None => {}
                    ExpectedPlan::Date(o, p) => {
                        out += &format!("expected = \"{}\"\n", written(day(o), p));
                    }
                    ExpectedPlan::Event(e) if e < self.events.len() => {
                        out += &format!("expected = \"ev{e}\"\n");
                    }
                    ExpectedPlan::Event(e) => {
                        out += &format!("expected = \"{}\"\n", day(e as u16 * 300));
                    }
                }
                if let Some(at) = entry.at.filter(|&a| a < self.events.len()) {
                    out += &format!("at = \"ev{at}\"\n");
                }
                out += "sources = [\"src\"]\n";
                if let Some(note) = &entry.note {
                    out += &format!("note = {}\n", quoted(note));
                }
            }
        }
        out
    }
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
    fn derived_status_keeps_its_invariants(plan in plan(), t in 0u16..2600) {
        let text = plan.toml();
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
    fn a_later_day_never_unpublishes(plan in plan(), t1 in 0u16..2600, later in 0u16..800) {
        let text = plan.toml();
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
    fn random_catalogues_render_in_every_format(plan in plan()) {
        let text = plan.toml();
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
