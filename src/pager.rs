//! Long tables through a pager, as git does: only when standard output is a terminal (so
//! never in pipes, tests or CI), never with `--no-pager`, and only for table output.
//!
//! The pager is `$SPECTRACK_PAGER`, else `$PAGER`, else `less` when it is installed; an
//! empty value or `cat` means none. It runs through `sh -c` (on Windows, as a program), and `LESS` defaults to
//! `FRX` like git: quit at once when the text fits on one screen, pass colours through, leave
//! the text on the screen at the end.

use std::io::IsTerminal;
use std::process::{Child, Command as Process, Stdio};

use crate::cli::{Cli, Command};
use crate::render::Format;

/// The pager command to run for `cli`, if its answer should be paged.
pub fn wanted(cli: &Cli) -> Option<String> {
    if cli.no_pager || !pages(&cli.command) || !std::io::stdout().is_terminal() {
        return None;
    }
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        return None;
    }
    let configured = ["SPECTRACK_PAGER", "PAGER"]
        .iter()
        .find_map(|name| std::env::var(name).ok());
    let Some(pager) = configured else {
        // Without a choice, `less` if there is one: a shell that cannot find it would take
        // the output and print nothing.
        return on_path("less").then(|| "less".to_owned());
    };
    let pager = pager.trim();
    (!pager.is_empty() && pager != "cat").then(|| pager.to_owned())
}

/// Whether `program` is a file in a folder of `PATH`.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path)
            .any(|dir| dir.join(program).is_file() || dir.join(format!("{program}.exe")).is_file())
    })
}

/// Whether `command` writes a table that can run long.
fn pages(command: &Command) -> bool {
    let format = match command {
        Command::List(args) | Command::Pending(args) => args.output.format,
        Command::Show(args) => args.output.format,
        Command::Events(args) => args.output.format,
        Command::Log(args) => args.output.format,
        Command::Slips(args) => args.output.format,
        Command::Diff(args) => args.output.format,
        _ => return false,
    };
    format == Format::Table
}

/// Starts `pager` reading from a pipe; `None` when it cannot start (then print directly).
pub fn spawn(pager: &str) -> Option<Child> {
    let mut command = if cfg!(windows) {
        Process::new(pager)
    } else {
        let mut sh = Process::new("sh");
        sh.arg("-c").arg(pager);
        sh
    };
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    if std::env::var_os("LV").is_none() {
        command.env("LV", "-c");
    }
    command.stdin(Stdio::piped()).spawn().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_programs_on_the_path() {
        assert!(on_path("sh") || cfg!(windows));
        assert!(!on_path("no-such-pager-anywhere"));
    }
}
