//! The synthetic catalogues behind the benchmarks (`examples/gencat.rs`) are valid and
//! reproducible, so a benchmark measures a catalogue a user could really have.

use snapbox::cmd::Command;

const SPECS: usize = 200;

#[test]
fn a_generated_catalogue_passes_the_strict_check() {
    let text = spectrack_synth::catalogue(SPECS, 42).expect("200 specs is enough");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("big.toml");
    std::fs::write(&path, &text).expect("the catalogue is written");

    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .args([
            "--today",
            spectrack_synth::REFERENCE_DAY,
            "--color",
            "never",
        ])
        .arg("--catalog")
        .arg(&path)
        .args(["check", "--strict"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!(": no problems found: {SPECS} specs, ")),
        "{stdout}"
    );
}

#[test]
fn the_same_size_and_seed_give_the_same_bytes() {
    let first = spectrack_synth::catalogue(SPECS, 42).expect("200 specs is enough");
    assert_eq!(first, spectrack_synth::catalogue(SPECS, 42).expect("again"));
    assert_ne!(
        first,
        spectrack_synth::catalogue(SPECS, 43).expect("another seed")
    );
    // The size is honoured: twice the specs make well over one and a half times the text.
    let bigger = spectrack_synth::catalogue(2 * SPECS, 42).expect("400 specs");
    assert!(bigger.len() > first.len() * 3 / 2);
}

/// Runs spectrack on `path` as of the generator's day; its stdout.
fn run(path: &std::path::Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .args(["--today", spectrack_synth::REFERENCE_DAY, "--catalog"])
        .arg(path)
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// A list long enough to be sorted in two halves and written as JSON in runs of rows on two
/// threads is the list CSV writes on one, in the order asked for.
#[test]
fn a_long_list_is_the_same_in_json_and_csv_in_every_order() {
    let text = spectrack_synth::catalogue_with_warnings(8000, 7).expect("8,000 specs");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("long.toml");
    std::fs::write(&path, &text).expect("the catalogue is written");
    for (command, sort) in [
        ("pending", "overdue"),
        ("pending", "title"),
        ("list", "id"),
        ("list", "state"),
    ] {
        let json = run(&path, &[command, "--sort", sort, "--format", "json"]);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("a JSON array");
        // Runs are 1,024 rows: several, on both threads.
        assert!(rows.len() > 3000, "{command}: {} rows", rows.len());
        let csv = run(&path, &[command, "--sort", sort, "--format", "csv"]);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let csv_ids: Vec<String> = reader
            .records()
            .map(|r| r.expect("a CSV row")[0].to_owned())
            .collect();
        let json_ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(json_ids, csv_ids, "{command} --sort {sort}");
        let keys: Vec<String> = rows
            .iter()
            .map(|r| match sort {
                "title" => r["title"].as_str().unwrap().to_lowercase(),
                _ => r["id"].as_str().unwrap().to_owned(),
            })
            .collect();
        if matches!(sort, "title" | "id") {
            assert!(keys.is_sorted(), "{command} --sort {sort}");
        }
    }
}
