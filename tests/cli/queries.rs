//! QUERY as people type it (SPEC section 4): phrasings against the shipped catalogue and
//! the fixtures, through the binary, each with the spec it must answer, or the tie or miss
//! it must report (exit 1).

use std::process::Command;

const SHIPPED: &str = "specs.toml";
const GCC_OCP: &str = "tests/fixtures/gcc-ocp.toml";
const PROMISES: &str = "tests/fixtures/promises.toml";

/// What a query should give.
enum Want {
    /// This spec.
    One(&'static str),
    /// A tie among exactly these, in this order.
    Tie(&'static [&'static str]),
    /// No match; the help names these (perhaps none).
    Miss(&'static [&'static str]),
}
use Want::{Miss, One, Tie};

const CASES: &[(&str, &str, Want)] = &[
    // The shipped catalogue.
    (
        SHIPPED,
        "heterogeneous white paper",
        One("gcc-hcpc-white-paper"),
    ),
    (
        SHIPPED,
        "white paper heterogeneous",
        One("gcc-hcpc-white-paper"),
    ),
    (
        SHIPPED,
        "Heterogeneous White Papers",
        One("gcc-hcpc-white-paper"),
    ),
    (
        SHIPPED,
        "the white paper on vector databases",
        One("gcc-vector-db-white-paper"),
    ),
    (SHIPPED, "vector db", One("gcc-vector-db-white-paper")),
    (
        SHIPPED,
        "heterogeneous standards",
        One("gcc-hcpc-standards"),
    ),
    (SHIPPED, "oam", One("ocp-oam")),
    (SHIPPED, "OAM spec", One("ocp-oam")),
    (SHIPPED, "universal baseboard", One("ocp-ubb")),
    (SHIPPED, "oam usage guide", One("ocp-oai-usage-guide")),
    (SHIPPED, "dpu specifications", One("gcc-dpu-specs")),
    (
        SHIPPED,
        "sugon liquid cooling",
        One("sugon-liquid-cooling-specs"),
    ),
    (SHIPPED, "deepai", One("sugon-deepai")),
    (
        SHIPPED,
        "ai server design guide",
        One("ocp-oai-ai-server-guide"),
    ),
    (
        SHIPPED,
        "performance test suite",
        One("ocp-oai-perf-test-suite"),
    ),
    (
        SHIPPED,
        "white paper",
        Tie(&["gcc-hcpc-white-paper", "gcc-vector-db-white-paper"]),
    ),
    (
        SHIPPED,
        "heterogenous whitepaper",
        Miss(&["gcc-hcpc-white-paper", "gcc-hcpc-standards"]),
    ),
    (SHIPPED, "quantum networking", Miss(&[])),
    // The test catalogue.
    (GCC_OCP, "hetero", One("gcc-hetero-wp")),
    (
        GCC_OCP,
        "gcc-dpu",
        Tie(&["gcc-dpu-specs", "gcc-dpu-liquid-cooling"]),
    ),
    (GCC_OCP, "dpu liquid", One("gcc-dpu-liquid-cooling")),
    (GCC_OCP, "ocp-oan", Miss(&["ocp-oam"])),
    (GCC_OCP, "oam accelerator", One("ocp-oam")),
    // Versions, lead orgs, kinds and topics.
    (PROMISES, "link 1.0a", One("link-1")),
    (PROMISES, "r0.9", One("switch-spec")),
    (PROMISES, "rack test suite", One("rack-test-suite")),
    (PROMISES, "rack", Tie(&["rack-spec", "rack-test-suite"])),
    (PROMISES, "rack specification", One("rack-spec")),
    (PROMISES, "switch guide", One("switch-guide")),
    (PROMISES, "IA white paper", One("alliance-white-paper")),
    (PROMISES, "power v0.5", One("rack-spec")),
    // Both are led by the switch working group, whose name says "interconnect".
    (
        PROMISES,
        "interconnect switch",
        Tie(&["switch-spec", "switch-guide"]),
    ),
];

fn status(catalog: &str, query: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .args([
            "--today",
            "2026-11-21",
            "--catalog",
            catalog,
            "status",
            query,
        ])
        .args(["--format", "json"])
        .output()
        .expect("the binary runs")
}

/// The ids listed on the lines of `stderr` that start with two spaces.
fn listed(stderr: &str, until: &str) -> Vec<String> {
    stderr
        .lines()
        .take_while(|l| !l.starts_with(until))
        .filter(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn phrasings_people_type() {
    assert!(CASES.len() >= 20);
    let mut wrong = Vec::new();
    for (catalog, query, want) in CASES {
        let output = status(catalog, query);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let code = output.status.code();
        let got = match want {
            One(id) => {
                let value: Result<serde_json::Value, _> = serde_json::from_slice(&output.stdout);
                let found = value.ok().and_then(|v| v["id"].as_str().map(str::to_owned));
                (code == Some(0) && found.as_deref() == Some(*id))
                    .then_some(())
                    .ok_or(format!("{code:?} {found:?} {stderr}"))
            }
            Tie(ids) => (code == Some(1)
                && stderr.contains("equally well")
                && listed(&stderr, "and less well") == *ids)
                .then_some(())
                .ok_or(stderr.clone()),
            Miss(ids) => (code == Some(1)
                && stderr.starts_with("error: no spec matches")
                && (listed(&stderr, "\u{0}") == *ids
                    || ids.len() == 1 && stderr.contains(&format!("did you mean `{}`?", ids[0]))))
            .then_some(())
            .ok_or(stderr.clone()),
        };
        if let Err(why) = got {
            wrong.push(format!("{catalog}: `{query}`: {why}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
