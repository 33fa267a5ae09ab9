//! The catalogue spectrack ships (`specs.toml`, built into the binary) stays valid and keeps
//! saying what its sources say.

use std::process::Command;

use jiff::civil::{Date, date};
use spectrack::catalog::{self, BUILT_IN, Catalog, Spec, State};
use spectrack::status::Status;

/// The day the shipped catalogue is written as of.
const AS_OF: Date = date(2026, 12, 2);

/// The topic tags the shipped catalogue may use.
const TOPICS: [&str; 19] = [
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
    "interconnect",
    "scale-up",
    "scale-out",
    "networking",
    "rack",
    "power",
    "management",
    "cluster",
    "data-formats",
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

fn status<'a>(catalog: &'a Catalog<'a>, id: &str, day: Date) -> Option<Status<'a>> {
    catalog.status(spec(catalog, id), day)
}

/// Runs the binary on the shipped file as of [`AS_OF`] and parses its JSON output.
fn json(args: &[&str]) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SPECTRACK_CATALOG")
        .env_remove("SPECTRACK_TODAY")
        .env("NO_COLOR", "1")
        .args(["--today", "2026-12-02", "--catalog", "specs.toml"])
        .args(args)
        .output()
        .expect("the spectrack binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{args:?}: exit {}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{stdout}"))
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
            "2026-12-02",
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
    assert_eq!(due.event, Some("oai-summit-2026"));
    assert!(s.pending);
    assert!(s.overdue);
    assert_eq!(s.days_overdue, Some(236));

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
    assert_eq!(s.since.to_string(), "2023-09-14");
    assert_eq!(s.version, Some("r2.0 v1.0"));
    assert!(!s.pending && !s.overdue);
    let s = status(&catalog, "ocp-oam", date(2019, 3, 14)).expect("v0.85");
    assert_eq!(s.version, Some("v0.85"));
    let s = status(&catalog, "ocp-oam", date(2022, 3, 1)).expect("1.5");
    assert_eq!(s.version, Some("1.5"));
    // v0.85 was the first public version, contributed on 14 March 2019.
    assert_eq!(status(&catalog, "ocp-oam", date(2019, 3, 13)), None);
    assert_eq!(
        status(&catalog, "ocp-oam", date(2019, 3, 14)).map(|s| s.state),
        Some(State::Published)
    );
    // 1.0 is known only to the year, after v0.85: it counts from the March 2019 entries on.
    let s = status(&catalog, "ocp-oam", date(2019, 6, 1)).expect("1.0");
    assert_eq!(s.version, Some("1.0"));
    assert_eq!(s.since.to_string(), "2019");
    let s = status(&catalog, "ocp-oam", date(2020, 6, 1)).expect("1.1");
    assert_eq!(s.version, Some("1.1"));
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

/// As of the day the catalogue is written, exactly the two summit promises are overdue.
#[test]
fn only_the_summit_promises_are_overdue() {
    let overdue = json(&["pending", "--overdue", "--format", "json"]);
    let rows: Vec<(&str, i64)> = overdue
        .as_array()
        .expect("a list")
        .iter()
        .map(|row| {
            (
                row["id"].as_str().expect("an id"),
                row["days_overdue"].as_i64().expect("days overdue"),
            )
        })
        .collect();
    assert_eq!(rows, [("gcc-dpu-specs", 236), ("gcc-oai-spec-series", 236)]);
}

/// UALink 200G 1.0: promised to members for Q3 2024, moved to Q1 2025, published on
/// 8 April 2025, a week after the quarter ended.
#[test]
fn ualink_1_slipped_and_then_came_late() {
    let catalog = built_in();
    assert_eq!(status(&catalog, "ualink-200g-1", date(2024, 5, 29)), None);

    let s = status(&catalog, "ualink-200g-1", date(2024, 6, 1)).expect("announced in May 2024");
    assert_eq!(s.state, State::Announced);
    assert_eq!(s.since.to_string(), "2024-05-30");
    assert_eq!(
        s.expected.as_ref().map(|d| d.date.to_string()),
        Some("2024-Q3".to_string())
    );
    assert!(s.pending && !s.overdue);

    // The third quarter of 2024 passed with no public specification.
    let s = status(&catalog, "ualink-200g-1", date(2024, 12, 2)).expect("announced");
    assert!(s.overdue);
    assert_eq!(s.days_overdue, Some(63));

    // The consortium's page moved the promise to the first quarter of 2025 ...
    let s = status(&catalog, "ualink-200g-1", date(2025, 4, 5)).expect("announced");
    assert_eq!(s.state, State::Announced);
    assert_eq!(s.since.to_string(), "2024-05-30");
    assert_eq!(
        s.expected.as_ref().map(|d| d.date.to_string()),
        Some("2025-Q1".to_string())
    );
    assert_eq!(s.days_overdue, Some(5));

    // ... and it was published on 8 April 2025.
    let s = status(&catalog, "ualink-200g-1", AS_OF).expect("published");
    assert_eq!(s.state, State::Published);
    assert_eq!(s.since.to_string(), "2025-04-08");
    assert_eq!(s.version, Some("200G 1.0"));
    assert_eq!(s.expected, None);
    assert!(!s.pending && !s.overdue);

    // `slips` counts the one move of the promise; nothing else in the catalogue moved.
    let slips = json(&["slips", "--format", "json"]);
    let moved: Vec<(&str, i64, i64)> = slips
        .as_array()
        .expect("a list")
        .iter()
        .filter(|row| row["slips"].as_i64() != Some(0))
        .map(|row| {
            (
                row["id"].as_str().expect("an id"),
                row["slips"].as_i64().expect("a count"),
                row["days"].as_i64().expect("days"),
            )
        })
        .collect();
    assert_eq!(moved, [("ualink-200g-1", 1, 182)]);
}

#[test]
fn the_interconnect_and_network_specifications_are_published() {
    let catalog = built_in();
    for (id, since, version) in [
        ("ualink-2", "2026-04-07", Some("2.0")),
        ("uec-1", "2025-06-11", Some("1.0")),
        ("ocp-esun-1", "2026-03-10", Some("1.0")),
        ("ocp-orw", "2026-04-29", None),
        ("ocp-mx-1", "2023-09", Some("1.0")),
    ] {
        let s = status(&catalog, id, AS_OF).unwrap_or_else(|| panic!("{id} exists"));
        assert_eq!(s.state, State::Published, "{id}");
        assert_eq!(s.since.to_string(), since, "{id}");
        assert_eq!(s.version, version, "{id}");
        assert!(!s.pending && !s.overdue, "{id}");
    }

    // Ultra Ethernet was announced in July 2023 with no date, so it was never overdue.
    let s = status(&catalog, "uec-1", date(2025, 6, 10)).expect("announced");
    assert_eq!(s.state, State::Announced);
    assert_eq!(s.expected, None);
    assert!(s.pending && !s.overdue);

    // ESUN was announced at the 2025 OCP Global Summit, ORW shown there by Meta.
    let day = date(2025, 12, 1);
    let esun = status(&catalog, "ocp-esun-1", day).expect("announced");
    assert_eq!(
        (esun.state, esun.since.to_string()),
        (State::Announced, "2025-10".to_string())
    );
    let orw = status(&catalog, "ocp-orw", day).expect("released");
    assert_eq!(
        (orw.state, orw.since.to_string()),
        (State::Released, "2025-10".to_string())
    );
}

/// Five of the nine OAI schedules were announced and never released; no date was promised,
/// so they are pending but not overdue.
#[test]
fn the_unreleased_oai_schedules_stay_announced() {
    let catalog = built_in();
    for id in [
        "ocp-oai-hib",
        "ocp-oai-pdb",
        "ocp-oai-scm",
        "ocp-oai-tray",
        "ocp-oai-chassis",
    ] {
        let s = status(&catalog, id, AS_OF).unwrap_or_else(|| panic!("{id} exists"));
        assert_eq!(s.state, State::Announced, "{id}");
        assert_eq!(s.since.to_string(), "2021-01", "{id}");
        assert_eq!(s.expected, None, "{id}");
        assert!(s.pending && !s.overdue, "{id}");
        assert_eq!(
            spec(&catalog, id).orgs.get_ref()[0].get_ref(),
            &"ocp-oai",
            "{id}"
        );
    }
}

/// The follow-ups of November and December 2025 are remarks: no public document, so the
/// architecture stays released and the partners' releases stay announced.
#[test]
fn the_open_architecture_follow_ups_change_no_state() {
    let catalog = built_in();
    let arch = status(&catalog, "open-ai-computing-arch", AS_OF).expect("released");
    assert_eq!(
        (arch.state, arch.since.to_string()),
        (State::Released, "2025-09-05".to_string())
    );
    let partners = status(&catalog, "open-ai-arch-partner-releases", AS_OF).expect("announced");
    assert_eq!(
        (partners.state, partners.since.to_string()),
        (State::Announced, "2025-09-05".to_string())
    );
    let remarks = |id: &str| {
        spec(&catalog, id)
            .history
            .iter()
            .map(|e| {
                (
                    e.get_ref().date.get_ref().to_string(),
                    e.get_ref().state.is_some(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert!(remarks("open-ai-computing-arch").contains(&("2025-11".to_string(), false)));
    assert!(remarks("open-ai-arch-partner-releases").contains(&("2025-12-18".to_string(), false)));
}
