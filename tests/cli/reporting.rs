//! Reporting commands through the binary: the exact JSON shapes of SPEC section 5, parsed
//! with `deny_unknown_fields` so a missing or extra key fails; and byte-exact escaping that
//! trycmd cannot check (it rewrites `\` as `/` in output).

use std::process::Command;

use serde::Deserialize;

const CATALOG: &str = "tests/fixtures/gcc-ocp.toml";
const EDGE: &str = "tests/fixtures/edge.toml";

/// Runs spectrack on `catalog` with `--today 2026-11-21`; returns stdout, checking exit 0.
fn run(catalog: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .args(["--today", "2026-11-21", "--catalog", catalog])
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn json<T: for<'de> Deserialize<'de>>(catalog: &str, args: &[&str]) -> T {
    let text = run(catalog, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct SpecJson {
    id: String,
    title: String,
    kind: String,
    orgs: Vec<String>,
    topics: Vec<String>,
    state: String,
    since: String,
    expected: Option<String>,
    expected_event: Option<String>,
    pending: bool,
    overdue: bool,
    days_overdue: Option<i64>,
    url: Option<String>,
    version: Option<String>,
}

/// `show`'s object: the spec object's keys, then two more. Spelt out rather than flattened,
/// because serde cannot combine `flatten` with `deny_unknown_fields`.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ShowJson {
    id: String,
    title: String,
    kind: String,
    orgs: Vec<String>,
    topics: Vec<String>,
    state: String,
    since: String,
    expected: Option<String>,
    expected_event: Option<String>,
    pending: bool,
    overdue: bool,
    days_overdue: Option<i64>,
    url: Option<String>,
    version: Option<String>,
    summary: Option<String>,
    history: Vec<HistoryJson>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct HistoryJson {
    date: String,
    state: Option<String>,
    expected: Option<String>,
    expected_event: Option<String>,
    at: Option<String>,
    sources: Vec<String>,
    note: Option<String>,
    url: Option<String>,
    version: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct EventJson {
    id: String,
    name: String,
    start: String,
    end: Option<String>,
    place: Option<String>,
    orgs: Vec<String>,
    promised: Vec<String>,
    released: Vec<String>,
    expected: Vec<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct LogJson {
    date: String,
    spec: String,
    state: Option<String>,
    expected: Option<String>,
    expected_event: Option<String>,
    at: Option<String>,
    sources: Vec<String>,
    note: Option<String>,
    version: Option<String>,
}

fn dpu_specs() -> SpecJson {
    SpecJson {
        id: "gcc-dpu-specs".into(),
        title: "DPU compatibility, interconnection and interoperability specifications".into(),
        kind: "specification".into(),
        orgs: vec!["gcc-dpu-pg".into(), "gcc-oai".into()],
        topics: vec!["dpu".into(), "interoperability".into()],
        state: "announced".into(),
        since: "2026-03-06".into(),
        expected: Some("2026-04-10".into()),
        expected_event: Some("oai-summit-2026".into()),
        pending: true,
        overdue: true,
        days_overdue: Some(225),
        url: None,
        version: None,
    }
}

#[test]
fn status_json_is_the_spec_object() {
    let got: SpecJson = json(CATALOG, &["status", "gcc-dpu-specs", "--format", "json"]);
    assert_eq!(got, dpu_specs());
}

#[test]
fn list_json_is_an_array_of_spec_objects() {
    let got: Vec<SpecJson> = json(CATALOG, &["pending", "--overdue", "--format", "json"]);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1], dpu_specs());
    let paper: Vec<SpecJson> = json(
        CATALOG,
        &["list", "--search", "heterogeneous", "--format", "json"],
    );
    assert_eq!(
        paper,
        [SpecJson {
            id: "gcc-hetero-wp".into(),
            title: "White Paper on Heterogeneous Computing Power Collaboration".into(),
            kind: "white-paper".into(),
            orgs: vec!["china-telecom".into(), "gcc-icidc".into()],
            topics: vec!["heterogeneous-computing".into()],
            state: "released".into(),
            since: "2025-07-27".into(),
            expected: None,
            expected_event: None,
            pending: true,
            overdue: false,
            days_overdue: None,
            url: None,
            version: None,
        }]
    );
    let none: Vec<SpecJson> = json(
        CATALOG,
        &["list", "--as-of", "2019-01-01", "--format", "json"],
    );
    assert!(none.is_empty());
}

#[test]
fn show_json_adds_summary_and_history() {
    let got: ShowJson = json(CATALOG, &["show", "gcc-dpu-specs", "--format", "json"]);
    let spec = dpu_specs();
    assert_eq!(
        (got.id, got.title, got.kind, got.orgs, got.topics),
        (spec.id, spec.title, spec.kind, spec.orgs, spec.topics)
    );
    assert_eq!(
        (got.state, got.since, got.expected, got.expected_event),
        (spec.state, spec.since, spec.expected, spec.expected_event)
    );
    assert_eq!(
        (got.pending, got.overdue, got.days_overdue, got.url),
        (true, true, Some(225), None)
    );
    assert!(
        got.summary
            .is_some_and(|s| s.starts_with("Specifications the DPU"))
    );
    assert_eq!(
        got.history,
        [HistoryJson {
            date: "2026-03-06".into(),
            state: Some("announced".into()),
            // An event id as `expected` gives the event's date.
            expected: Some("2026-04-10".into()),
            expected_event: Some("oai-summit-2026".into()),
            at: Some("dpu-kickoff-2026".into()),
            sources: vec!["gcc-dpu-kickoff".into()],
            note: Some(
                "to be released at the 2026 Open AI Infra Summit as part of a series of specifications"
                    .into()
            ),
            url: None,
            version: None,
        }]
    );
    let oam: ShowJson = json(CATALOG, &["show", "ocp-oam", "--format", "json"]);
    assert_eq!(oam.history.len(), 5);
    assert_eq!(oam.history[2].state, None);
    assert!(
        oam.history[3]
            .url
            .as_deref()
            .is_some_and(|u| u.contains("v1p5"))
    );
    assert_eq!(oam.summary, None);
}

#[test]
fn events_json_lists_spec_ids() {
    let got: Vec<EventJson> = json(CATALOG, &["events", "--format", "json"]);
    let summit = got.last().expect("events");
    assert_eq!(
        summit,
        &EventJson {
            id: "oai-summit-2026".into(),
            name: "2026 Open AI Infra Summit".into(),
            start: "2026-04-09".into(),
            end: Some("2026-04-10".into()),
            place: Some("Renaissance Beijing Capital Hotel, Beijing".into()),
            orgs: vec!["gcc-oai".into()],
            promised: vec![],
            released: vec![],
            expected: vec!["gcc-dpu-specs".into(), "gcc-dpu-liquid-cooling".into()],
        }
    );
    let forum = got
        .iter()
        .find(|e| e.id == "gcc-icidc-forum-2025")
        .expect("the forum");
    assert_eq!(forum.released, ["gcc-hetero-wp", "gcc-vector-db-wp"]);
    let kickoff = got
        .iter()
        .find(|e| e.id == "dpu-kickoff-2026")
        .expect("the kick-off");
    assert_eq!(
        kickoff.promised,
        ["gcc-dpu-specs", "gcc-dpu-liquid-cooling"]
    );
    assert_eq!((forum.end.as_deref(), forum.place.as_deref()), (None, None));
}

#[test]
fn log_json_has_one_object_per_entry() {
    let got: Vec<LogJson> = json(CATALOG, &["log", "gcc-dpu-liquid", "--format", "json"]);
    assert_eq!(
        got,
        [LogJson {
            date: "2026-03-06".into(),
            spec: "gcc-dpu-liquid-cooling".into(),
            state: Some("announced".into()),
            expected: Some("2026-04-10".into()),
            expected_event: Some("oai-summit-2026".into()),
            at: Some("dpu-kickoff-2026".into()),
            sources: vec!["gcc-dpu-kickoff".into()],
            note: None,
            version: None,
        }]
    );
}

#[test]
fn markdown_escapes_pipes_and_controls() {
    let text = run(EDGE, &["list", "--sort", "id", "--format", "markdown"]);
    assert!(
        text.contains("| pipe-spec | Rack \\| power shelf specification | specification | announced, overdue 144d | 2026-01 | 2026-Q2 | Acme \\| Rack Works |\n"),
        "{text}"
    );
    assert!(
        text.contains("| ctrl-spec | Title with \\\\u{1b}[31m an escape |"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'));
    // Every row has the header's number of unescaped pipes.
    for line in text.lines() {
        let cells = line.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 8, "{line}");
    }
    let show = run(EDGE, &["show", "pipe-spec", "--format", "markdown"]);
    assert!(
        show.contains(
            "| 2026-01 | → announced<br>expected 2026-Q2 | Acme, 2026 | a \\| in a note |"
        ),
        "{show}"
    );
}

#[test]
fn terminal_output_shows_controls_and_json_keeps_the_text() {
    for format in ["table", "markdown"] {
        let text = run(EDGE, &["status", "ctrl-spec", "--format", format]);
        assert!(text.contains("\\u{1b}[31m"), "{text}");
        assert!(!text.contains('\u{1b}'), "{format}: {text:?}");
    }
    let text = run(EDGE, &["status", "ctrl-spec", "--format", "json"]);
    let spec: SpecJson = serde_json::from_str(&text).expect("JSON");
    assert_eq!(spec.title, "Title with \u{1b}[31m an escape");
}

#[test]
fn no_colour_unless_asked_or_a_terminal() {
    let plain = run(CATALOG, &["list"]);
    assert!(!plain.contains('\u{1b}'));
    let coloured = run(CATALOG, &["--color", "always", "list"]);
    assert!(coloured.contains("\u{1b}[38;5;9mannounced, overdue 225d"));
    assert!(coloured.contains("\u{1b}[38;5;10mpublished"));
    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .args([
            "--today",
            "2026-11-21",
            "--catalog",
            CATALOG,
            "--color",
            "never",
            "status",
            "gcc-dpu-specs",
        ])
        .output()
        .expect("runs");
    assert!(!output.stdout.contains(&0x1b));
}

const PROMISES: &str = "tests/fixtures/promises.toml";

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct OutstandingJson {
    id: String,
    days_overdue: Option<i64>,
}

/// `event`'s object: an `events` object's keys, then `outstanding`.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct EventDetailJson {
    id: String,
    name: String,
    start: String,
    end: Option<String>,
    place: Option<String>,
    orgs: Vec<String>,
    promised: Vec<String>,
    released: Vec<String>,
    expected: Vec<String>,
    outstanding: Vec<OutstandingJson>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ScoreJson {
    org: String,
    promised: u32,
    on_time: u32,
    late: u32,
    median_days_late: Option<f64>,
    outstanding: u32,
    overdue: u32,
    withdrawn: u32,
}

#[test]
fn event_json_is_an_events_object_with_what_is_outstanding() {
    let got: EventDetailJson = json(PROMISES, &["event", "summit", "2026", "--format", "json"]);
    assert_eq!(
        got,
        EventDetailJson {
            id: "summit-2026".into(),
            name: "2026 Interconnect Summit".into(),
            start: "2026-04-09".into(),
            end: Some("2026-04-10".into()),
            place: Some("Beijing".into()),
            orgs: vec!["alliance".into()],
            promised: vec![],
            released: vec!["switch-spec".into()],
            expected: vec!["switch-spec".into(), "switch-guide".into()],
            outstanding: vec![OutstandingJson {
                id: "switch-guide".into(),
                days_overdue: Some(225),
            }],
        }
    );
    // Before the summit both are outstanding, not late yet.
    let before: EventDetailJson = json(
        PROMISES,
        &[
            "event",
            "summit-2026",
            "--as-of",
            "2026-04-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        before.outstanding,
        [
            OutstandingJson {
                id: "switch-spec".into(),
                days_overdue: None
            },
            OutstandingJson {
                id: "switch-guide".into(),
                days_overdue: None
            },
        ]
    );
    let kickoff: EventDetailJson = json(PROMISES, &["event", "kick-off", "--format", "json"]);
    assert_eq!(kickoff.promised, ["switch-spec", "switch-guide"]);
}

#[test]
fn scorecard_json_counts_promises_per_lead_org() {
    let got: Vec<ScoreJson> = json(PROMISES, &["scorecard", "--format", "json"]);
    let score = |org: &str, n: [u32; 6], median: Option<f64>| ScoreJson {
        org: org.into(),
        promised: n[0],
        on_time: n[1],
        late: n[2],
        median_days_late: median,
        outstanding: n[3],
        overdue: n[4],
        withdrawn: n[5],
    };
    assert_eq!(
        got,
        [
            // link-1 slipped twice, published 190 days after the first interval; the white
            // paper was withdrawn.
            score("alliance", [2, 0, 1, 0, 0, 1], Some(190.0)),
            score("alliance-wg", [2, 1, 0, 1, 1, 0], None),
            score("rackco", [2, 0, 0, 2, 0, 0], None),
        ]
    );
    let rolled: Vec<ScoreJson> = json(
        PROMISES,
        &["scorecard", "--org", "alliance", "--format", "json"],
    );
    assert_eq!(rolled, [score("alliance", [4, 1, 1, 1, 1, 1], Some(190.0))]);
}

#[test]
fn due_within_keeps_pending_specs_due_soon_and_leaves_out_overdue_ones() {
    let ids = |days: &str| -> Vec<String> {
        let got: Vec<SpecJson> = json(
            PROMISES,
            &[
                "pending",
                "--due-within",
                days,
                "--sort",
                "id",
                "--format",
                "json",
            ],
        );
        got.into_iter().map(|s| s.id).collect()
    };
    // rack-test-suite is due by 2026-12-31 (40 days), rack-spec at the expo on 2027-01-22
    // (62 days); switch-guide is overdue and never listed.
    assert_eq!(ids("39"), Vec::<String>::new());
    assert_eq!(ids("40"), ["rack-test-suite"]);
    assert_eq!(ids("62"), ["rack-spec", "rack-test-suite"]);
    let spec: SpecJson = json(PROMISES, &["status", "rack-spec", "--format", "json"]);
    assert_eq!(spec.version.as_deref(), Some("v0.5"));
}
