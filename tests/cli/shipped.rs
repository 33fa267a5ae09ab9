//! The catalogue spectrack ships (`specs.toml`, built into the binary) stays valid and keeps
//! saying what its sources say.

use std::process::Command;

use jiff::civil::{Date, date};
use spectrack::catalog::{self, BUILT_IN, Catalog, Spec, State};
use spectrack::status::Status;

/// The day the shipped catalogue is written as of.
const AS_OF: Date = date(2026, 11, 21);

/// The topic tags the shipped catalogue may use.
const TOPICS: [&str; 10] = [
    "oam",
    "ubb",
    "liquid-cooling",
    "dpu",
    "interoperability",
    "heterogeneous-computing",
    "vector-database",
    "storage",
    "software-stack",
    "benchmark",
];

fn built_in() -> Catalog<'static> {
    // Leaked: the catalogue lives as long as the test.
    let arena: &'static catalog::Arena = Box::leak(Box::default());
    let checked = catalog::check_in(BUILT_IN, arena);
    assert!(
        checked.diagnostics.is_empty(),
        "the built-in catalogue has problems: {:#?}",
        checked.diagnostics
    );
    checked
        .catalog
        .expect("a catalogue without diagnostics is read")
}

fn spec<'a>(catalog: &'a Catalog, id: &str) -> &'a Spec<'a> {
    catalog
        .spec(id)
        .unwrap_or_else(|| panic!("the shipped catalogue has no spec `{id}`"))
}

fn status(catalog: &Catalog, id: &str, day: Date) -> Option<Status> {
    catalog.status(spec(catalog, id), day)
}

#[test]
fn the_binary_finds_nothing_to_complain_about() {
    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SPECTRACK_CATALOG")
        .env_remove("SPECTRACK_TODAY")
        .env("NO_COLOR", "1")
        .args([
            "--today",
            "2026-11-21",
            "--catalog",
            "specs.toml",
            "check",
            "--strict",
        ])
        .output()
        .expect("the spectrack binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "exit {}: {stderr}", output.status);
    assert_eq!(stderr, "");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("no problems found"), "{stdout}");
}

/// The project uses its own formatter: the shipped file is in canonical layout.
#[test]
fn the_shipped_file_is_in_canonical_layout() {
    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SPECTRACK_CATALOG")
        .env("NO_COLOR", "1")
        .args(["--catalog", "specs.toml", "fmt", "--check"])
        .output()
        .expect("the spectrack binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "run `spectrack fmt` on specs.toml:\n{stdout}"
    );
}

#[test]
fn the_dpu_specifications_are_overdue_from_the_summit() {
    let catalog = built_in();
    let s = status(&catalog, "gcc-dpu-specs", AS_OF).expect("announced in March 2026");
    assert_eq!(s.state, State::Announced);
    assert_eq!(s.since.to_string(), "2026-03-06");
    let due = s.expected.as_ref().expect("expected at the summit");
    assert_eq!(due.date.to_string(), "2026-04-10");
    assert_eq!(due.event.as_deref(), Some("oai-summit-2026"));
    assert!(s.pending);
    assert!(s.overdue);
    assert_eq!(s.days_overdue, Some(225));

    // On the summit's last day the promise was still good.
    let s = status(&catalog, "gcc-dpu-specs", date(2026, 4, 10)).expect("announced by then");
    assert!(s.pending && !s.overdue);
}

#[test]
fn the_heterogeneous_computing_white_paper_was_released_not_published() {
    let catalog = built_in();
    let s = status(&catalog, "gcc-hcpc-white-paper", AS_OF).expect("released in July 2025");
    assert_eq!(s.state, State::Released);
    assert_eq!(s.since.to_string(), "2025-07-27");
    // "In the near future" is not a date.
    assert_eq!(s.expected, None);
    assert!(s.pending);
    assert!(!s.overdue);

    assert_eq!(
        status(&catalog, "gcc-hcpc-white-paper", date(2025, 7, 26)),
        None,
        "the white paper did not exist before the forum"
    );
}

#[test]
fn the_oam_specification_is_published() {
    let catalog = built_in();
    let s = status(&catalog, "ocp-oam", AS_OF).expect("published since 2019");
    assert_eq!(s.state, State::Published);
    assert!(!s.pending && !s.overdue);
    // v0.85 was the first public version, contributed on 14 March 2019.
    assert_eq!(status(&catalog, "ocp-oam", date(2019, 3, 13)), None);
    assert_eq!(
        status(&catalog, "ocp-oam", date(2019, 3, 14)).map(|s| s.state),
        Some(State::Published)
    );
}

#[test]
fn only_the_agreed_topics_are_used() {
    let catalog = built_in();
    for spec in catalog.specs() {
        for topic in spec.topics {
            assert!(
                TOPICS.contains(&topic.as_str()),
                "{}: unexpected topic `{}`",
                spec.id.get_ref(),
                topic.get_ref()
            );
        }
    }
}

#[test]
fn every_state_and_expectation_cites_a_known_source() {
    let catalog = built_in();
    for spec in catalog.specs() {
        let history = &spec.history;
        assert!(!history.is_empty(), "{} has no history", spec.id.get_ref());
        for entry in history.iter().map(|e| e.get_ref()) {
            let label = format!("{} on {}", spec.id.get_ref(), entry.date.get_ref());
            if entry.state.is_some() || entry.expected.is_some() {
                assert!(!entry.sources.is_empty(), "{label}: no source");
            }
            for source in entry.sources {
                assert!(
                    catalog.source(source.get_ref()).is_some(),
                    "{label}: unknown source `{}`",
                    source.get_ref()
                );
            }
        }
    }
}
