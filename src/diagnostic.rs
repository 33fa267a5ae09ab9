//! Problems found in a catalogue, as data, and their rendering.
//!
//! Validation returns [`Diagnostic`] values and never prints; [`render`] turns them into
//! `path:line:column: error: message` followed by the offending source line with the span
//! underlined (by annotate-snippets) and a `help:` line where a suggestion helps.

use std::fmt::Write as _;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::terminal::visible;

mod code;
pub mod json;
pub mod sarif;

pub use code::Code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// `error` or `warning`, as messages say it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, located in the source text by a byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The kind of problem; it also decides the severity.
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Where in the file; `None` for problems of the file as a whole.
    pub span: Option<Range<usize>>,
    /// A short label under the underline.
    pub label: Option<String>,
    /// Other places worth showing, e.g. where a duplicate id was first defined.
    pub related: Vec<(Range<usize>, String)>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem of kind `code`, an error or a warning as the code is.
    pub fn new(code: Code, message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            span,
            label: None,
            related: Vec::new(),
            help: None,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
///
/// Scans `text` up to `offset`: to locate many offsets in one text, build a [`LineIndex`]
/// once instead.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_column(text, offset)
}

/// Where each line of a text starts, found once, so that locating an offset costs a binary
/// search and a count of the characters before it on its line (not a scan from the start of
/// the file, which made rendering many problems quadratic).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// The byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self { starts }
    }

    /// The 1-based line number of byte `offset` (clamped to the text).
    pub fn line(&self, offset: usize) -> usize {
        // The number of line starts at or before `offset`.
        self.starts.partition_point(|&start| start <= offset)
    }

    /// The byte offset where the line holding byte `offset` starts.
    fn line_start(&self, offset: usize) -> usize {
        self.starts[self.line(offset) - 1]
    }

    /// The byte offset of the end of the line holding byte `offset` in `text` (its newline,
    /// or the end of the text).
    fn line_end(&self, text: &str, offset: usize) -> usize {
        self.starts
            .get(self.line(offset))
            .map_or(text.len(), |&next| next - 1)
    }

    /// The 1-based line and column (in characters) of byte `offset` in `text`, the text
    /// this index was built from.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line(offset);
        let column = text[self.starts[line - 1]..offset].chars().count() + 1;
        (line, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A span clamped to `text` and to character boundaries, so rendering never panics.
fn clamp(text: &str, span: &Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    start..end
}

/// Renders `diagnostics` of the file shown as `path` with contents `text`.
///
/// The lines of `text` are indexed once, so rendering costs time in proportion to the text
/// and the problems, not to their product.
pub fn render(path: &str, text: &str, diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    if diagnostics.is_empty() {
        return out;
    }
    let lines = LineIndex::new(text);
    let path = visible(path);
    for diagnostic in diagnostics {
        render_one(&mut out, &path, text, &lines, diagnostic, color);
    }
    out
}

fn render_one(
    out: &mut String,
    path: &str,
    text: &str,
    lines: &LineIndex,
    d: &Diagnostic,
    color: bool,
) {
    let (level, word, style) = match d.severity {
        Severity::Error => (
            Level::ERROR,
            "error",
            annotate_snippets::renderer::DEFAULT_ERROR_STYLE,
        ),
        Severity::Warning => (
            Level::WARNING,
            "warning",
            annotate_snippets::renderer::DEFAULT_WARNING_STYLE,
        ),
    };
    let message = visible(&d.message);
    let location = match &d.span {
        Some(span) => {
            let (line, column) = lines.line_column(text, span.start);
            format!("{path}:{line}:{column}")
        }
        None => path.to_owned(),
    };
    if color {
        let bold = anstyle::Style::new().bold();
        let _ = writeln!(
            out,
            "{bold}{location}:{bold:#} {style}{word}{style:#}{bold}: {message}{bold:#}"
        );
    } else {
        let _ = writeln!(out, "{location}: {word}: {message}");
    }

    // Only the lines the spans touch are shown (a long line cut to a window around the
    // primary span), escaped so that control characters in them show visibly; spans are
    // mapped into the shown text.
    let mut elements: Vec<annotate_snippets::Element<'_>> = Vec::new();
    let excerpt = d
        .span
        .as_ref()
        .map(|span| Excerpt::new(text, lines, span, &d.related));
    if let Some(excerpt) = &excerpt {
        let mut annotation = AnnotationKind::Primary.span(excerpt.primary.clone());
        if let Some(label) = &d.label {
            annotation = annotation.label(visible(label).into_owned());
        }
        let mut snippet = Snippet::source(excerpt.shown.text.as_str())
            .line_start(excerpt.line)
            .annotation(annotation);
        for (related, label) in &excerpt.related {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(related.clone())
                    .label(visible(label).into_owned()),
            );
        }
        elements.push(snippet.into());
    }
    if let Some(help) = &d.help {
        elements.push(Level::HELP.message(visible(help).into_owned()).into());
    }
    if elements.is_empty() {
        return;
    }
    let group = Group::with_level(level).elements(elements);
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let rendered = renderer.render(&[group]);
    out.push_str(&rendered);
    out.push('\n');
}

/// The most source text one diagnostic shows: the lines its spans touch, when they are
/// shorter; else a window of the primary span's line.
const MAX_EXCERPT: usize = 16 * 1024;

/// How much of a long line is shown either side of the primary span.
const WINDOW: usize = 120;

/// The part of the source a diagnostic shows, escaped, with its spans mapped into it.
struct Excerpt {
    shown: EscapedSource,
    /// The 1-based line number of its first line.
    line: usize,
    primary: Range<usize>,
    related: Vec<(Range<usize>, String)>,
}

impl Excerpt {
    fn new(
        text: &str,
        lines: &LineIndex,
        primary: &Range<usize>,
        related: &[(Range<usize>, String)],
    ) -> Self {
        let primary = clamp(text, primary);
        let related: Vec<_> = related
            .iter()
            .map(|(span, label)| (clamp(text, span), label.clone()))
            .collect();
        let line_start = |at: usize| lines.line_start(at);
        let line_end = |at: usize| lines.line_end(text, at);
        let first = related
            .iter()
            .map(|(s, _)| s.start)
            .fold(primary.start, usize::min);
        let last = related
            .iter()
            .map(|(s, _)| s.end)
            .fold(primary.end, usize::max);
        let (from, to) = (line_start(first), line_end(last));
        if to - from <= MAX_EXCERPT {
            let shift = |s: &Range<usize>| s.start - from..s.end - from;
            let shown = EscapedSource::new(&text[from..to]);
            return Self {
                primary: shown.map(&shift(&primary)),
                related: related
                    .iter()
                    .map(|(s, label)| (shown.map(&shift(s)), label.clone()))
                    .collect(),
                shown,
                line: lines.line(from),
            };
        }
        // Too long: a window of the primary span's line, marked `...` where it is cut.
        let (line_from, line_to) = (line_start(primary.start), line_end(primary.start));
        let from = floor_char_boundary(text, primary.start.saturating_sub(WINDOW).max(line_from));
        let end = floor_char_boundary(text, primary.end.min(primary.start + WINDOW).min(line_to));
        let to = floor_char_boundary(text, (end + WINDOW).min(line_to));
        let before = if from > line_from { "..." } else { "" };
        let after = if to < line_to { "..." } else { "" };
        let shown = EscapedSource::new(&format!("{before}{}{after}", &text[from..to]));
        let offset = before.len();
        Self {
            primary: shown.map(&(primary.start - from + offset..end - from + offset)),
            related: Vec::new(),
            shown,
            line: lines.line(line_from),
        }
    }
}

/// The source text with control characters (other than newlines and tabs) and bidirectional
/// overrides escaped, and a map from
/// byte offsets in the original to offsets in the escaped text.
struct EscapedSource {
    text: String,
    /// (original offset, shown offset) at each escaped character; sorted.
    shifts: Vec<(usize, usize)>,
}

impl EscapedSource {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut shifts = Vec::new();
        for (i, c) in original.char_indices() {
            if c != '\n' && c != '\t' && crate::terminal::needs_escape(c) {
                shifts.push((i, text.len()));
                text.extend(c.escape_unicode());
                shifts.push((i + c.len_utf8(), text.len()));
            } else {
                text.push(c);
            }
        }
        Self { text, shifts }
    }

    fn map_offset(&self, offset: usize) -> usize {
        match self.shifts.binary_search_by_key(&offset, |&(o, _)| o) {
            Ok(i) => self.shifts[i].1,
            Err(0) => offset,
            Err(i) => {
                let (o, s) = self.shifts[i - 1];
                s + (offset - o)
            }
        }
    }

    fn map(&self, span: &Range<usize>) -> Range<usize> {
        self.map_offset(span.start)..self.map_offset(span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_in_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 9), (2, 3));
        assert_eq!(line_column(text, 999), (3, 1));
    }

    #[test]
    fn the_line_index_agrees_with_counting_from_the_start() {
        let text = "\n\nab\u{e9}\r\n\tz\n\u{1f600}\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            let at = floor_char_boundary(text, offset.min(text.len()));
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[start..].chars().count() + 1;
            assert_eq!(index.line_column(text, offset), (line, column), "{offset}");
            assert_eq!(index.line_start(at), start, "{offset}");
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            assert_eq!(index.line_end(text, at), end, "{offset}");
        }
        assert_eq!(LineIndex::new("").line_column("", 5), (1, 1));
    }

    #[test]
    fn renders_location_source_and_help() {
        let text = "format = 1\n[[spec]]\ntitel = \"x\"\n";
        let d = Diagnostic::new(
            Code::UnknownKey,
            "unknown key `titel` in [[spec]]",
            Some(20..25),
        )
        .with_label("unknown key")
        .with_help("did you mean `title`?");
        let out = render("specs.toml", text, &[d], false);
        assert!(
            out.starts_with("specs.toml:3:1: error: unknown key `titel` in [[spec]]\n"),
            "{out}"
        );
        assert!(out.contains("3 | titel = \"x\""), "{out}");
        assert!(out.contains("^^^^^ unknown key"), "{out}");
        assert!(out.contains("help: did you mean `title`?"), "{out}");
    }

    #[test]
    fn control_characters_in_the_source_are_shown_escaped() {
        let text = "title = \"\u{1b}[2J\" bad\n";
        let d = Diagnostic::new(Code::TomlSyntax, "bad", Some(15..18));
        let out = render("f\u{7}.toml", text, &[d], false);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("\\u{1b}[2J"), "{out}");
        assert!(out.starts_with("f\\u{7}.toml:1:16: error: bad"), "{out}");
        assert!(out.contains("^^^"), "{out}");
    }

    #[test]
    fn a_long_line_is_shown_as_a_window() {
        let text = format!(
            "a = 1\nkey = \"{}é\u{1b}{}\"\nb = 2\n",
            "x".repeat(100_000),
            "y".repeat(100_000)
        );
        let at = text.find('é').unwrap();
        let d = Diagnostic::new(Code::TomlSyntax, "bad", Some(at..at + 2)).with_label("here");
        let out = render("f", &text, &[d], false);
        assert!(out.starts_with("f:2:100008: error: bad\n"), "{out}");
        assert!(out.len() < 2_000, "{}", out.len());
        assert!(out.contains("2 | ..."), "{out}");
        assert!(out.contains("xé\\u{1b}y"), "{out}");
        assert!(out.contains("^ here"), "{out}");
        // A span reaching far along the line is cut at the window.
        let d = Diagnostic::new(Code::TomlSyntax, "long", Some(10..text.len()));
        assert!(render("f", &text, &[d], false).len() < 2_000);
    }

    #[test]
    fn only_the_lines_of_the_spans_are_shown() {
        let text = "one\ntwo\nthree\nfour\n";
        let d =
            Diagnostic::new(Code::TomlSyntax, "x", Some(14..18)).with_related(4..7, "first here");
        let out = render("f", text, &[d], false);
        assert!(out.contains("2 | two") && out.contains("4 | four"), "{out}");
        assert!(!out.contains("one"), "{out}");
    }

    #[test]
    fn spans_past_the_end_do_not_panic() {
        let out = render(
            "f",
            "é",
            &[Diagnostic::new(Code::TomlSyntax, "x", Some(1..40))],
            false,
        );
        assert!(out.starts_with("f:1:1: error: x"), "{out}");
    }
}
