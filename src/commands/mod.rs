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
        Command::Add(args) => add::run(args, settings, out, err),
        Command::Init(args) => init::run(args, out),
        Command::Fmt(args) => fmt::run(args, settings, out, err),
        Command::Slips(args) => slips::run(args, settings, out),
        Command::Diff(args) => diff::run(args, settings, out),
        Command::Export(args) => export::run(args, settings, out),
        Command::Completions(args) => shell::completions(args, out),
        Command::Man(args) => shell::man(args, out),
        Command::Schema => schema::run(out),
    }
}

/// Runs an edit through the writer ([`crate::edit::write::update`]): says so when it waits
/// for another writer's lock or removes a killed writer's temporary file, and prints the
/// warnings the change brings in (only those: the catalogue's older warnings are `check`'s).
fn edit_catalogue(
    path: &std::path::Path,
    options: &crate::edit::write::Options,
    settings: &Settings,
    err: &mut dyn Write,
    edit: impl FnOnce(&str, &crate::catalog::Catalog) -> Result<crate::edit::Change>,
) -> Result<crate::edit::write::Update> {
    use crate::edit::write::{Notice, update};
    use crate::terminal::visible;
    let written = {
        let mut notify = |notice: Notice| {
            let _ = match notice {
                Notice::Waiting { lock } => writeln!(
                    err,
                    "waiting for {} (held by another spectrack) …",
                    visible(&lock.display().to_string())
                ),
                Notice::RemovedStale { path } => writeln!(
                    err,
                    "removed {}, left by a spectrack that was stopped while writing",
                    visible(&path.display().to_string())
                ),
            };
        };
        update(path, options, &mut notify, edit)?
    };
    if let Some(warnings) = &written.warnings {
        err.write_all(warnings.render(settings.color_stderr).as_bytes())?;
        let n = warnings.diagnostics.len();
        writeln!(
            err,
            "{}: written with {n} new warning{} (shown above; `spectrack check` lists them all)",
            visible(&warnings.name),
            if n == 1 { "" } else { "s" }
        )?;
    }
    Ok(written.update)
}
