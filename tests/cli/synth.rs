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
