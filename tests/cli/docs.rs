//! Examples in the docs are what the tool prints: a few are run here and compared exactly.

use std::path::Path;
use std::process::Command;

fn doc(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join(name),
    )
    .unwrap()
}

/// The lines after `$ command` in a console block of `text`, up to the next `$ ` or the end
/// of the block, with the block's indentation removed.
fn shown_after(text: &str, command: &str) -> String {
    let at = text
        .find(&format!("$ {command}\n"))
        .unwrap_or_else(|| panic!("the docs show `{command}`"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = at - line_start;
    let rest = &text[at + command.len() + 3..];
    let mut shown = String::new();
    for line in rest.lines() {
        let line = line.get(indent..).unwrap_or("");
        if line.starts_with("```") || line.starts_with("$ ") {
            break;
        }
        shown.push_str(line);
        shown.push('\n');
    }
    shown
}

fn spectrack(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .current_dir(dir)
        .args(args)
        .env("SPECTRACK_TODAY", "2026-11-21")
        .env_remove("SPECTRACK_CATALOG")
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs")
}

#[test]
fn the_atom_example_is_the_shipped_catalogues_feed() {
    let command = "spectrack log ocp-oam --since 2023 --format atom";
    let shown = shown_after(&doc("sharing.md"), command);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = spectrack(root, &command.split(' ').collect::<Vec<_>>()[1..], &[]);
    assert_eq!(String::from_utf8_lossy(&output.stdout), shown);
}

#[test]
fn the_refused_edit_in_editing_md_reads_as_shown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editing.toml"),
        dir.path().join("scratch.toml"),
    )
    .unwrap();
    let env = [("SPECTRACK_CATALOG", "scratch.toml")];
    let steps: [&[&str]; 2] = [
        &[
            "add",
            "source",
            "example-gcc-download",
            "--title",
            "White Paper on Vector Databases: download page",
            "--publisher",
            "GCC",
            "--date",
            "2026-04",
            "--url",
            "https://example.org/gcc-vector-db-white-paper",
        ],
        &[
            "record",
            "vector databases",
            "--date",
            "2026-04",
            "--state",
            "published",
            "--source",
            "example-gcc-download",
            "--url",
            "https://example.org/gcc-vector-db-white-paper.pdf",
        ],
    ];
    for step in steps {
        assert!(
            spectrack(dir.path(), step, &env).status.success(),
            "{step:?}"
        );
    }
    let command = "spectrack record \"vector databases\" --date 2026-05 --state published --source example-gcc-dowload";
    let shown = shown_after(&doc("editing.md"), command);
    let output = spectrack(
        dir.path(),
        &[
            "record",
            "vector databases",
            "--date",
            "2026-05",
            "--state",
            "published",
            "--source",
            "example-gcc-dowload",
        ],
        &env,
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stderr), shown);
}
