//! Renderers: each takes a computed report value and a writer, and knows nothing of commands.
//!
//! A report is a [`Render`] value: it serialises to the JSON shape of SPEC section 5, names
//! its CSV columns (the JSON keys), and describes what a person should see as a [`View`] of
//! text lines and tables. [`write()`] picks the renderer for a [`Format`]; a new format is one
//! new file here plus one arm in [`write()`].

pub mod atom;
pub mod csv;
pub mod html;
pub mod ics;
pub mod json;
pub mod layout;
pub mod markdown;
pub mod table;
mod view;

use std::io::Write;

use serde::Serialize;

pub use view::{Block, Cell, Column, LazyRows, Tone, View};

/// Whether `b` is one of the five characters HTML and XML escape (`"&'<>`): the page and the
/// feed write text that has none as it is.
pub(crate) fn markup_special(b: u8) -> bool {
    matches!(b, b'"' | b'&' | b'\'' | b'<' | b'>')
}

/// Whether `url` is a web address (`http://` or `https://`, in any case): the only addresses
/// the page, the feed and the calendar make links of (never `javascript:` and the like).
pub fn is_web(url: &str) -> bool {
    let starts = |scheme: &str| {
        url.get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
    };
    starts("https://") || starts("http://")
}

/// The output formats every reporting command takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns (or a few plain lines) for people
    #[default]
    Table,
    /// The JSON shapes of the documentation, for programs
    Json,
    /// One row per object, the JSON keys as columns, lists joined with `;`
    Csv,
    /// A Markdown document with pipe tables
    Markdown,
    /// An iCalendar feed; `events` only (its parser adds the name)
    #[value(skip)]
    Ics,
    /// An Atom feed; `log` only (its parser adds the name)
    #[value(skip)]
    Atom,
}

/// How terminal-facing output looks, decided once from the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Colour overdue red and published green.
    pub color: bool,
    /// Wrap tables to this width; `None` (piped) leaves lines whole.
    pub width: Option<u16>,
}

impl Style {
    pub fn from_settings(settings: &crate::Settings) -> Self {
        Self {
            color: settings.color_stdout,
            width: settings.stdout_width,
        }
    }
}

/// A report value that every format can print.
pub trait Render: Serialize {
    /// The keys of one JSON object of this report, in order: the CSV header.
    fn columns(&self) -> &'static [&'static str];

    /// What `table` and `markdown` show.
    fn view(&self) -> View<'_>;

    /// The report as rows JSON can write a run at a time on two threads, when it is an
    /// array of rows made one by one (`list`, `pending`); `None` writes it whole.
    fn json_rows(&self) -> Option<&dyn json::Rows> {
        None
    }
}

/// Writes `report` in `format`.
pub fn write(
    report: &impl Render,
    format: Format,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Table => table::write(&report.view(), style, out),
        Format::Json => match report.json_rows() {
            Some(rows) => json::write_rows(rows, out),
            None => json::write(report, out),
        },
        Format::Csv => csv::write(report, report.columns(), out),
        Format::Markdown => markdown::write(&report.view(), out),
        // Feeds need more than a generic report: `events` and `log` write them themselves.
        Format::Ics | Format::Atom => Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "this report has no feed format",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_links() {
        assert!(is_web("https://example.org"));
        assert!(is_web("HTTP://example.org"));
        assert!(!is_web("javascript:alert(1)"));
        assert!(!is_web("http"));
        // A multi-byte character where the scheme would end is no panic, and no link.
        assert!(!is_web("http:/é"));
    }
}
