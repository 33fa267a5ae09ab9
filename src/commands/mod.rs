//! One module per subcommand. Each computes its answer, then renders it to a writer.

mod add;
mod check;
mod fmt;
mod init;
mod record;

use std::io::Write;

use crate::cli::Command;
use crate::error::{Outcome, Result};
use crate::settings::Settings;

/// Runs `command`, writing its answer to `out` and its diagnostics to `err`.
pub fn run(
    command: &Command,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    match command {
        Command::Check(args) => check::run(args, settings, out, err),
        Command::Record(args) => record::run(args, settings, out, err),
        Command::Add(args) => add::run(args, settings, out),
        Command::Init(args) => init::run(args, out),
        Command::Fmt(args) => fmt::run(args, settings, out, err),
    }
}
