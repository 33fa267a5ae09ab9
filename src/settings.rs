//! Settings resolved once from the arguments and the environment; nothing later reads either.

use std::io::IsTerminal;
use std::path::Path;

use jiff::civil::Date;

use crate::catalog::Location;
use crate::cli::{Cli, ColorWhen};

/// What every command needs to know, decided up front.
#[derive(Debug, Clone)]
pub struct Settings {
    pub catalog: Location,
    pub today: Date,
    /// Whether to colour standard output.
    pub color_stdout: bool,
    /// Whether to colour standard error (diagnostics).
    pub color_stderr: bool,
    /// The width tables are laid out for: `--width`, else the terminal's width when standard
    /// output is a terminal; `None` when it is piped, so tables are neither wrapped nor
    /// truncated for other programs.
    pub stdout_width: Option<u16>,
    /// `--verbose`: say more on standard error (a query's runners-up).
    pub verbose: bool,
}

impl Settings {
    /// Resolves the arguments against the current folder, the clock and the terminal.
    pub fn resolve(cli: &Cli, cwd: &Path) -> Self {
        let env_allows_color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        let decide = |is_terminal: bool| match cli.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => is_terminal && env_allows_color,
        };
        Self {
            catalog: Location::resolve(cli.catalog.clone(), cwd),
            today: cli.today.unwrap_or_else(|| jiff::Zoned::now().date()),
            color_stdout: decide(std::io::stdout().is_terminal()),
            color_stderr: decide(std::io::stderr().is_terminal()),
            stdout_width: cli.width.or_else(|| {
                std::io::stdout()
                    .is_terminal()
                    .then(|| terminal_size::terminal_size_of(std::io::stdout()))
                    .flatten()
                    .map(|(width, _)| width.0)
            }),
            verbose: cli.verbose,
        }
    }
}
