//! Any bytes as a catalogue: checking, rendering diagnostics and every reporting command must
//! end with exit 0, 1 or 2, never a panic or a stack overflow.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use spectrack::catalog::{Location, SourceFile, check};

/// One catalogue file for the whole run, rewritten for each input.
fn catalog_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder").keep();
        dir.join("specs.toml")
    })
}

fuzz_target!(|data: &[u8]| {
    // In-process: the checker and the diagnostic renderer.
    let location = Location::File("fuzz.toml".into());
    let (file, diagnostic) = SourceFile::from_bytes(&location, data.to_vec());
    let checked = check(&file.text);
    let _ = file.render(&checked.diagnostics, true);
    if diagnostic.is_some() || checked.has_errors() {
        return;
    }
    // A valid catalogue: every reporting command, in every format.
    let path = catalog_path();
    std::fs::write(path, data).expect("the catalogue is written");
    let catalog = path.to_str().expect("a UTF-8 path");
    for command in [&["list"][..], &["events"], &["log"], &["show", "a"]] {
        for format in ["table", "json", "csv", "markdown"] {
            let mut args = vec!["spectrack", "--today", "2026-11-21", "--color", "always"];
            args.extend(["--catalog", catalog]);
            args.extend(command);
            args.extend(["--format", format]);
            let cli = <spectrack::Cli as clap::Parser>::parse_from(&args);
            let code = spectrack::run_with(&cli, &mut std::io::sink(), &mut std::io::sink());
            assert!(code <= 2, "{args:?}: exit {code}");
        }
    }
});
