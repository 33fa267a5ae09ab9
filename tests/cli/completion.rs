//! Completion through clap_complete's engine (`COMPLETE=fish spectrack -- LINE`): the
//! vocabularies, and ids from the catalogue the line (or the environment) names.

use std::process::Command;

const CATALOG: &str = "tests/fixtures/gcc-ocp.toml";

/// The candidates (value, tab, help) fish would be offered for the last word of `line`.
fn complete(line: &[&str], catalog_env: Option<&str>) -> Vec<String> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_spectrack"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COMPLETE", "fish")
        .env_remove("SPECTRACK_CATALOG")
        .arg("--")
        .arg("spectrack")
        .args(line);
    if let Some(catalog) = catalog_env {
        command.env("SPECTRACK_CATALOG", catalog);
    }
    let output = command.output().expect("the binary runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn values(candidates: &[String]) -> Vec<&str> {
    candidates
        .iter()
        .map(|c| c.split('\t').next().unwrap())
        .collect()
}

#[test]
fn states_and_kinds_complete_their_words() {
    assert_eq!(
        values(&complete(&["list", "--state", "pu"], None)),
        ["published"]
    );
    assert_eq!(
        values(&complete(&["add", "spec", "x", "--kind", "white"], None)),
        ["white-paper"]
    );
    // The scripts of `completions` know them too.
    let bash = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .args(["completions", "bash"])
        .output()
        .unwrap();
    let bash = String::from_utf8(bash.stdout).unwrap();
    assert!(
        bash.contains("proposed announced drafting released published"),
        "{bash}"
    );
    assert!(bash.contains("reference-design"));
}

#[test]
fn spec_ids_come_from_the_catalogue_in_the_line() {
    let found = complete(&["--catalog", CATALOG, "show", "gcc-d"], None);
    assert_eq!(values(&found), ["gcc-dpu-specs", "gcc-dpu-liquid-cooling"]);
    assert!(
        found[0]
            .ends_with("\tDPU compatibility, interconnection and interoperability specifications"),
        "{found:?}"
    );
    // From the environment, and after the command too.
    let env = complete(&["log", "gcc-h"], Some(CATALOG));
    assert_eq!(values(&env), ["gcc-hetero-wp"]);
    let joined = format!("--catalog={CATALOG}");
    let after = complete(&["status", &joined, "gcc-v"], None);
    assert_eq!(values(&after), ["gcc-vector-db-wp"]);
}

#[test]
fn event_source_and_org_ids_complete_where_they_are_asked_for() {
    let line = ["--catalog", CATALOG, "record", "gcc-dpu-specs"];
    let at = complete(&[&line[..], &["--at", "oai-su"]].concat(), None);
    assert_eq!(values(&at), ["oai-summit-2026"]);
    let expected = complete(&[&line[..], &["--expected", "oai-su"]].concat(), None);
    assert_eq!(values(&expected), ["oai-summit-2026"]);
    let source = complete(&[&line[..], &["--source", "gcc-dpu"]].concat(), None);
    assert!(!source.is_empty() && values(&source).iter().all(|s| s.starts_with("gcc-dpu")));
    let org = complete(&["--catalog", CATALOG, "list", "--org", "gcc-d"], None);
    assert_eq!(values(&org), ["gcc-dpu-pg"]);
}

#[test]
fn a_broken_catalogue_completes_nothing_and_hostile_text_is_escaped() {
    // Only flags are offered (no id, no error text).
    let ids = |candidates: Vec<String>| -> Vec<String> {
        candidates
            .into_iter()
            .filter(|c| !c.starts_with('-'))
            .collect()
    };
    let missing = complete(
        &["--catalog", "tests/fixtures/missing.toml", "show", ""],
        None,
    );
    assert!(ids(missing).is_empty());
    let invalid = complete(
        &["--catalog", "tests/fixtures/check/syntax.toml", "show", ""],
        None,
    );
    assert!(ids(invalid).is_empty());
    let hostile = ids(complete(
        &["--catalog", "tests/fixtures/hostile.toml", "show", ""],
        None,
    ));
    assert!(!hostile.is_empty());
    for line in &hostile {
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "{line:?}"
        );
    }
}
