//! CLI tests through the real binary, over fixture catalogues, always with a fixed `--today`.
//!
//! Whole-output cases live as trycmd files under `tests/cmd/` (regenerate expected output
//! with `TRYCMD=overwrite cargo test --test cli`); tests that need files written or several
//! processes live in the modules below.

mod completion;
mod conformance;
mod docs;
mod editing;
mod exit_codes;
mod forms;
mod help;
mod layout;
mod machine;
mod props;
mod queries;
mod reader;
mod reliability;
mod reporting;
mod synth;

/// Every `tests/cmd/**/*.toml` case: arguments, expected stdout, stderr and exit status.
#[test]
fn cmd_cases() {
    trycmd::TestCases::new().case("tests/cmd/**/*.toml");
}

mod robustness;
mod schema;
mod sharing;
mod shipped;
mod terminal_safety;
mod unclosed;
