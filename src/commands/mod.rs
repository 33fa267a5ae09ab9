//! One module per subcommand. Each computes its answer, then renders it to a writer.

mod add;
mod check;
mod events;
mod fmt;
mod init;
mod list;
mod log;
mod record;
mod reporting;
mod schema;
mod scorecard;
mod status;
// Sharing and following (issue 7).
mod diff;
mod export;
mod shell;
mod slips;

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
        Command::List(args) => list::run(args, false, settings, out),
        Command::Pending(args) => list::run(args, true, settings, out),
        Command::Status(args) => status::run(args, status::Detail::Status, settings, out, err),
        Command::Show(args) => status::run(args, status::Detail::Show, settings, out, err),
        Command::Events(args) => events::run(args, settings, out),
        Command::Event(args) => events::run_one(args, settings, out, err),
        Command::Scorecard(args) => scorecard::run(args, settings, out),
        Command::Log(args) => log::run(args, settings, out, err),
        Command::Record(args) => record::run(args, settings, out, err),
        Command::Add(args) => add::run(args, settings, out),
        Command::Init(args) => init::run(args, out),
        Command::Fmt(args) => fmt::run(args, settings, out, err),
        Command::Slips(args) => slips::run(args, settings, out),
        Command::Diff(args) => diff::run(args, settings, out),
        Command::Export(args) => export::run(args, settings, out),
        Command::Completions(args) => shell::completions(args, out),
        Command::Man => shell::man(out),
        Command::Schema => schema::run(out),
    }
}
