//! spectrack: keep track of promised technical specifications and white papers.
//!
//! The binary is a thin shell around [`run`]: parse arguments ([`Cli`]), resolve the
//! settings once, run the command, map the result to an exit code. The library owns
//! everything else: the catalogue format ([`catalog`]), partial dates ([`date`]), the
//! derived status ([`status`]), the reports ([`report`]) and their renderers ([`render`]),
//! the editing layer ([`edit`]) and the commands. ARCHITECTURE.md maps the folders.

#![forbid(unsafe_code)]

// The library's surface: the catalogue and what is derived from it, the reports and their
// renderers, the editing layer, and `run`/`run_with`. `date`, `diagnostic` and `terminal`
// are public because the catalogue's types, problems and the tests' checks of escaping
// name them. Everything else is the binary's own.
mod ahead;
pub mod catalog;
pub mod date;
pub mod diagnostic;
pub mod edit;
mod pager;
mod parallel;
pub mod render;
pub mod report;
pub mod status;
pub mod terminal;

pub(crate) mod cli;
mod commands;
pub(crate) mod error;
pub(crate) mod query;
pub(crate) mod settings;
pub(crate) mod suggest;

use std::io::Write;
use std::process::ExitCode;

/// The synthetic catalogue generator (a dev-only crate), for the unit tests that read
/// large catalogues.
#[cfg(test)]
use spectrack_synth as synth;

/// The synthetic catalogue in other forms of TOML (the reader's tests and benchmarks use it).
#[cfg(test)]
#[path = "../tests/cli/forms.rs"]
#[allow(dead_code)]
mod forms;

pub use cli::Cli;
pub use error::{Error, Outcome};
pub(crate) use settings::Settings;

/// Runs spectrack with parsed arguments, writing to the process's stdout and stderr.
pub fn run(cli: Cli) -> ExitCode {
    let stderr = std::io::stderr();
    if let Some(mut child) = pager::wanted(&cli).and_then(|p| pager::spawn(&p)) {
        let code = match child.stdin.take() {
            Some(stdin) => {
                let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdin);
                let code = run_with(&cli, &mut out, &mut stderr.lock());
                // Closing the pipe tells the pager the text is complete.
                drop(out);
                code
            }
            None => run_with(&cli, &mut std::io::stdout().lock(), &mut stderr.lock()),
        };
        let _ = child.wait();
        return ExitCode::from(code);
    }
    let stdout = std::io::stdout();
    // Stdout is line-buffered: a long answer would be one `write` a line.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    ExitCode::from(run_with(&cli, &mut out, &mut stderr.lock()))
}

/// Runs spectrack with parsed arguments, writing its answer to `out` and messages to `err`;
/// returns the exit status (0, 1 or 2). Tests and fuzzers call it to run every command
/// in-process.
pub fn run_with(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let settings = Settings::resolve(cli, &cwd);
    let result = commands::run(&cli.command, &settings, out, err);
    let result = result.and_then(|outcome| out.flush().map(|()| outcome).map_err(Error::from));
    match result {
        Ok(Outcome::Done) => error::exit::DONE,
        Ok(Outcome::No) => error::exit::NO,
        // A reader that stops early (`spectrack list | head`) is not an error.
        Err(Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => error::exit::DONE,
        Err(error) => {
            report(&error, settings.color_stderr, err);
            error::exit::CANNOT_RUN
        }
    }
}

/// Prints why a command could not run.
fn report(error: &Error, color: bool, err: &mut dyn Write) {
    let text = match error {
        // Already rendered with locations; print as is.
        Error::InvalidCatalog(invalid) => {
            let _ = err.write_all(invalid.render(color).as_bytes());
            let _ = writeln!(
                err,
                "error: the catalogue is invalid; run `spectrack check` for every problem"
            );
            return;
        }
        Error::InvalidEdit(invalid) => {
            let _ = err.write_all(invalid.render(color).as_bytes());
            let _ = writeln!(
                err,
                "error: refused: the change would make the catalogue invalid; nothing was written"
            );
            return;
        }
        other => terminal::visible(&other.to_string()).into_owned(),
    };
    let style = annotate_snippets::renderer::DEFAULT_ERROR_STYLE;
    if color {
        let _ = writeln!(err, "{style}error{style:#}: {text}");
    } else {
        let _ = writeln!(err, "error: {text}");
    }
}
