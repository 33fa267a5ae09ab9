//! The one error type, and how outcomes map to exit codes (SPEC section 6).

use std::path::PathBuf;
use std::process::ExitCode;

/// What a command answered, when it could run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done: exit 0.
    Done,
    /// The answer is "no" (problems found, no single match): exit 1.
    No,
}

/// Why a command could not run: exit 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad arguments; the message names the argument and the accepted form.
    #[error("{0}")]
    Usage(String),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The catalogue file could not be read (missing, unreadable, not a file).
    #[error("cannot read the catalogue {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The catalogue is invalid; the diagnostics say where and why.
    #[error("{}", .0.render(false))]
    InvalidCatalog(Located),
    /// An edit would make the catalogue invalid; the diagnostics are about the text it would
    /// have written. Nothing was written.
    #[error("{}", .0.render(false))]
    InvalidEdit(Located),
    /// A write was refused (built-in catalogue, invalid result, file changed underneath).
    #[error("{0}")]
    Refused(String),
    /// Writing to stdout failed (e.g. a closed pipe).
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Problems as data: the diagnostics, the text they point into and the name it goes by.
/// The top ([`crate::run_with`]) renders them once, in colour or not.
#[derive(Debug, Clone)]
pub struct Located {
    pub name: String,
    pub text: String,
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

impl Located {
    pub fn new(
        name: impl Into<String>,
        text: impl Into<String>,
        diagnostics: Vec<crate::diagnostic::Diagnostic>,
    ) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            diagnostics,
        }
    }

    /// The diagnostics as `name:line:column: …` with the lines they point at.
    pub fn render(&self, color: bool) -> String {
        crate::diagnostic::render(&self.name, &self.text, &self.diagnostics, color)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The exit codes of SPEC section 6.
pub mod exit {
    pub const DONE: u8 = 0;
    pub const NO: u8 = 1;
    pub const CANNOT_RUN: u8 = 2;
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        ExitCode::from(match outcome {
            Outcome::Done => exit::DONE,
            Outcome::No => exit::NO,
        })
    }
}
