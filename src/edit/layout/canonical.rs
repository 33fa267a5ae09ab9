//! Whether one record's text is already in the canonical layout, found without laying it out.
//!
//! A catalogue written by `fmt` or by the editing commands is nearly all in canonical layout,
//! so `fmt` asks this first for each record (with its history) and lays out with `toml_edit`
//! only the records it does not accept. It lexes the record with `toml_parser` and accepts only
//! text that [`super::format_part`] would give back unchanged: every line ends in the file's
//! line ending; the gap above each header is what [`super::layout_table`] writes there
//! (one blank line, unless it is the document's first table, then the comments through
//! [`super::comment_lines`]); the header is the record's own `[[…]]` or one of its children's
//! (`[[spec.history]]`), exactly so written, with a trailing comment as
//! [`super::trailing_comment`] writes it; every value line is `key = value` with a bare key
//! (or quoted, without escapes) in the order of [`crate::catalog::Record`] (the same rank
//! [`super::layout_values`] sorts by), single spaces, no indent, the comments right above it,
//! the value a string, a bare value, an array or an inline table of those, as written; and
//! what follows the last value is what the document's trailing comments become. Anything
//! else (other forms of TOML: dotted keys, a header written any other way, a date with a space
//! in it; escapes in a key; any other spacing) is not accepted, and so is laid out in full:
//! the answer may be "no" for a text already canonical, never "yes" for one that is not (the
//! tests hold it to `format_part`).

use toml_parser::Source;
use toml_parser::lexer::{Token, TokenKind};

use super::{Gap, comment_lines, rank, trailing_comment};
use crate::catalog::{Record, Table as Kind};

/// Whether [`super::format_part`]`(part, first, nl)` would return `part` unchanged; `false`
/// when unsure. `tokens` is a buffer to reuse from one record to the next.
pub(super) fn is_canonical(part: &str, first: bool, nl: &str, tokens: &mut Vec<Token>) -> bool {
    if !line_endings_are(part, nl) || !part.ends_with('\n') {
        return false;
    }
    tokens.clear();
    tokens.extend(Source::new(part).lex());
    Lines {
        text: part,
        tokens,
        at: 0,
        nl,
    }
    .record(first)
    .is_some()
}

/// Every line of `part` ends in `nl`, and no other carriage return is there (the layout writes
/// the file's line ending everywhere).
fn line_endings_are(part: &str, nl: &str) -> bool {
    let bytes = part.as_bytes();
    if nl == "\n" {
        return memchr::memchr(b'\r', bytes).is_none();
    }
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let crlf = memchr::memmem::find_iter(bytes, b"\r\n").count();
    let cr = memchr::memchr_iter(b'\r', bytes).count();
    lf == crlf && cr == crlf
}

/// A cursor over a record's tokens, line by line.
struct Lines<'t> {
    text: &'t str,
    tokens: &'t [Token],
    /// The next token, always at the start of a line between calls.
    at: usize,
    nl: &'t str,
}

impl<'t> Lines<'t> {
    fn kind(&self, at: usize) -> TokenKind {
        self.tokens.get(at).map_or(TokenKind::Eof, Token::kind)
    }

    /// Where the token `at` starts in the text (the text's end past the last token).
    fn offset(&self, at: usize) -> usize {
        self.tokens
            .get(at)
            .map_or(self.text.len(), |t| t.span().start())
    }

    fn slice(&self, at: usize) -> &'t str {
        let span = self.tokens[at].span();
        &self.text[span.start()..span.end()]
    }

    /// The whole record: the gap and header, its values, then each child table (history
    /// entries) with its gap, header and values, then what trails. `None`: not canonical.
    fn record(&mut self, first: bool) -> Option<()> {
        let gap = self.gap();
        let header = self.at;
        let top = Kind::ALL.into_iter().map(Kind::record).find(|record| {
            self.at = header;
            self.header_is(record.path).is_some()
        })?;
        self.gap_is(gap, if first { "" } else { "\n" }, Gap::Keep)?;
        self.header_rest()?;
        let mut record = top;
        loop {
            self.values(record)?;
            let gap = self.gap();
            if self.kind(self.at) == TokenKind::Eof {
                return self.trailing_is(gap);
            }
            let header = self.at;
            record = top.children().map(|(_, child)| child).find(|child| {
                self.at = header;
                self.header_is(child.path).is_some()
            })?;
            self.gap_is(gap, "\n", Gap::Keep)?;
            self.header_rest()?;
        }
    }

    /// Skips blank and comment lines; returns the text they span.
    fn gap(&mut self) -> &'t str {
        let from = self.offset(self.at);
        loop {
            let mut at = self.at;
            if self.kind(at) == TokenKind::Whitespace {
                at += 1;
            }
            if self.kind(at) == TokenKind::Comment {
                at += 1;
            }
            if self.kind(at) != TokenKind::Newline {
                break;
            }
            self.at = at + 1;
        }
        &self.text[from..self.offset(self.at)]
    }

    /// Whether a gap of blank and comment lines is what the layout writes there: `lead`, then
    /// its comment lines.
    fn gap_is(&self, gap: &str, lead: &str, kind: Gap) -> Option<()> {
        if !gap.contains('#') {
            // No comments: only the lead stays.
            return self.same(gap, lead);
        }
        self.same(gap, &format!("{lead}{}", comment_lines(gap, kind)))
    }

    /// What follows the last value: nothing, or a blank line and the comments (the document's
    /// trailing comments, as the layout writes them).
    fn trailing_is(&self, gap: &str) -> Option<()> {
        let comments = comment_lines(gap, Gap::Drop);
        if comments.is_empty() {
            return gap.is_empty().then_some(());
        }
        self.same(gap, &format!("\n{comments}"))
    }

    /// Whether `text` is `layout` (written with `\n`) in the file's line endings.
    fn same(&self, text: &str, layout: &str) -> Option<()> {
        let equal = if self.nl == "\n" {
            text == layout
        } else {
            text.len() == layout.len() + layout.matches('\n').count()
                && text.split("\r\n").eq(layout.split('\n'))
        };
        equal.then_some(())
    }

    /// A `[[path]]` header at the start of the line, written exactly so (`[[spec.history]]`):
    /// the layout writes every header so ([`super::plain_headers`]).
    fn header_is(&mut self, path: &str) -> Option<()> {
        let start = self.offset(self.at);
        let header = self.text[start..]
            .strip_prefix("[[")?
            .strip_prefix(path)?
            .strip_prefix("]]")?;
        let end = self.text.len() - header.len();
        while self.offset(self.at) < end {
            self.at += 1;
        }
        (self.offset(self.at) == end).then_some(())
    }

    /// The key the token `at` writes: bare, or quoted without escapes (`None` otherwise).
    fn key(&self, at: usize) -> Option<&'t str> {
        let text = self.slice(at);
        match self.kind(at) {
            TokenKind::Atom => text.bytes().all(bare_key_byte).then_some(text),
            TokenKind::LiteralString => text.strip_prefix('\'')?.strip_suffix('\''),
            TokenKind::BasicString => text
                .strip_prefix('"')?
                .strip_suffix('"')
                .filter(|key| !key.contains('\\')),
            _ => None,
        }
    }

    /// The rest of a header's line: nothing, or one space and a comment.
    fn header_rest(&mut self) -> Option<()> {
        self.line_end()
    }

    /// After a value or header: an optional comment as the layout writes it, then the line's
    /// end.
    fn line_end(&mut self) -> Option<()> {
        let from = self.offset(self.at);
        if self.kind(self.at) == TokenKind::Whitespace {
            self.at += 1;
        }
        if self.kind(self.at) == TokenKind::Comment {
            self.at += 1;
        }
        if self.kind(self.at) != TokenKind::Newline {
            return None;
        }
        let rest = &self.text[from..self.offset(self.at)];
        self.at += 1;
        (trailing_comment(rest) == rest).then_some(())
    }

    /// The `key = value` lines of one table, each with the comments right above it, the keys in
    /// canonical order. Stops before a line that is not one (a gap, a header, the end).
    fn values(&mut self, record: &Record) -> Option<()> {
        let mut last = 0;
        loop {
            let start = self.at;
            let gap = self.gap();
            if !matches!(
                self.kind(self.at),
                TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString
            ) {
                // Not a value line: the gap belongs to what follows.
                self.at = start;
                return Some(());
            }
            self.gap_is(gap, "", Gap::Drop)?;
            let key = self.key(self.at)?;
            let rank = rank(Some(record), key);
            if rank < last {
                return None;
            }
            last = rank;
            self.at += 1;
            for (kind, text) in [
                (TokenKind::Whitespace, " "),
                (TokenKind::Equals, "="),
                (TokenKind::Whitespace, " "),
            ] {
                if self.kind(self.at) != kind || self.slice(self.at) != text {
                    return None;
                }
                self.at += 1;
            }
            self.value()?;
            self.line_end()?;
        }
    }

    /// One value: a string, a bare value (a number, a date, a boolean: atoms and dots), an
    /// array of values over as many lines as it takes, or an inline table on one line
    /// (`{ date = "2026", sources = ["s"] }`). Written as it was.
    fn value(&mut self) -> Option<()> {
        match self.kind(self.at) {
            TokenKind::BasicString
            | TokenKind::LiteralString
            | TokenKind::MlBasicString
            | TokenKind::MlLiteralString => self.at += 1,
            TokenKind::Atom => {
                self.at += 1;
                while self.kind(self.at) == TokenKind::Dot
                    && self.kind(self.at + 1) == TokenKind::Atom
                {
                    self.at += 2;
                }
            }
            TokenKind::LeftSquareBracket => self.array()?,
            TokenKind::LeftCurlyBracket => self.inline_table()?,
            _ => return None,
        }
        Some(())
    }

    /// `[` values separated by commas `]`, with blank lines and comments anywhere between.
    fn array(&mut self) -> Option<()> {
        self.at += 1;
        loop {
            self.space(true);
            if self.kind(self.at) == TokenKind::RightSquareBracket {
                self.at += 1;
                return Some(());
            }
            self.value()?;
            self.space(true);
            match self.kind(self.at) {
                TokenKind::Comma => self.at += 1,
                TokenKind::RightSquareBracket => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// `{` `key = value` pairs separated by commas `}`, on one line (a value in it may be an
    /// array over several). Only one-part keys (bare, or quoted without escapes), and no comma
    /// after the last pair: a dotted key (`{ a.b = 1, c = 2, a.d = 3 }`) or a trailing comma
    /// is not known to be written back as it was.
    fn inline_table(&mut self) -> Option<()> {
        self.at += 1;
        self.space(false);
        if self.kind(self.at) == TokenKind::RightCurlyBracket {
            self.at += 1;
            return Some(());
        }
        loop {
            self.space(false);
            self.key(self.at)?;
            self.at += 1;
            self.space(false);
            if self.kind(self.at) != TokenKind::Equals {
                return None;
            }
            self.at += 1;
            self.space(false);
            self.value()?;
            self.space(false);
            match self.kind(self.at) {
                TokenKind::Comma => self.at += 1,
                TokenKind::RightCurlyBracket => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Skips spaces, and blank lines and comments too when `lines`.
    fn space(&mut self, lines: bool) {
        loop {
            match self.kind(self.at) {
                TokenKind::Whitespace => {}
                TokenKind::Comment | TokenKind::Newline if lines => {}
                _ => return,
            }
            self.at += 1;
        }
    }
}

/// A byte of a bare key: `A-Z a-z 0-9 _ -`.
fn bare_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use proptest::prelude::*;

    use super::super::format_records;
    use super::super::forms::{Form, reform};
    use super::*;
    use crate::catalog::{Arena, check_in};

    /// Laid out with the canonical records kept as they are, and with every record laid out:
    /// the same text. The result, laid out again, comes back unchanged; and when it has no
    /// errors, it is found canonical record by record (only the top level, not a record, is
    /// laid out).
    fn same_both_ways(text: &str) -> Result<(), TestCaseError> {
        let arena = Arena::new();
        let Some(catalog) = check_in(text, &arena).catalog else {
            return Err(TestCaseError::reject("not a catalogue"));
        };
        let (fast, full) = match (
            format_records(text, &catalog, true),
            format_records(text, &catalog, false),
        ) {
            (Ok((fast, _)), Ok((full, _))) => (fast.text, full.text),
            (Err(_), Err(_)) => return Ok(()),
            (fast, full) => {
                return Err(TestCaseError::fail(format!("fast {fast:?}\nfull {full:?}")));
            }
        };
        prop_assert_eq!(&fast, &full);
        let (formatted, _) = format_records(text, &catalog, true).unwrap();
        changes_are_where_they_say(text, &formatted)?;
        let arena = Arena::new();
        let checked = check_in(&full, &arena);
        // A record with an error is left out of the catalogue, so it is cut apart from the
        // record before it only when there are none.
        let errors = checked.has_errors();
        let catalog = checked
            .catalog
            .ok_or_else(|| TestCaseError::fail("the laid out text cannot be read"))?;
        let (again, laid_out) = format_records(&full, &catalog, true)
            .map_err(|e| TestCaseError::fail(format!("laid out again: {e}")))?;
        prop_assert!(matches!(again.text, Cow::Borrowed(_)), "not idempotent");
        prop_assert!(again.changed.is_empty());
        if !errors {
            prop_assert!(
                laid_out <= 1,
                "{laid_out} parts of a canonical text laid out"
            );
        }
        Ok(())
    }

    /// Outside the stretches it names as changed, the new text is the old one; each stretch
    /// is of whole lines.
    fn changes_are_where_they_say(
        old: &str,
        formatted: &super::super::Formatted<'_>,
    ) -> Result<(), TestCaseError> {
        let new = &formatted.text;
        let (mut o, mut n) = (0, 0);
        for change in &formatted.changed {
            prop_assert!(change.old.start >= o && change.new.start >= n);
            prop_assert_eq!(&old[o..change.old.start], &new[n..change.new.start]);
            prop_assert_ne!(&old[change.old.clone()], &new[change.new.clone()]);
            for (text, at) in [(old, change.old.start), (new.as_ref(), change.new.start)] {
                prop_assert!(at == 0 || text[..at].ends_with('\n'));
            }
            (o, n) = (change.old.end, change.new.end);
        }
        prop_assert_eq!(&old[o..], &new[n..]);
        Ok(())
    }

    #[test]
    fn canonical_records_are_kept_without_layout() {
        let plain = crate::synth::catalogue(40, 3).unwrap();
        let mut texts = vec![
            crate::catalog::BUILT_IN.to_owned(),
            include_str!("../../../tests/fixtures/editing.toml").to_owned(),
            include_str!("../../../tests/fixtures/messy.toml").to_owned(),
            include_str!("../../../tests/fixtures/messy.toml").replace('\n', "\r\n"),
            include_str!("../../../tests/fixtures/edge.toml").to_owned(),
            include_str!("../../../tests/fixtures/gcc-ocp.toml").to_owned(),
            include_str!("../../../tests/fixtures/promises.toml").to_owned(),
            format!(
                "\u{feff}{}",
                include_str!("../../../tests/fixtures/messy.toml")
            ),
            crate::synth::catalogue_with_warnings(40, 5).unwrap(),
        ];
        texts.extend(Form::ALL.into_iter().map(|form| reform(&plain, form)));
        for text in &texts {
            if let Err(e) = same_both_ways(text) {
                panic!("{e}\n{text}");
            }
        }
    }

    /// `is_canonical` on one record, as the first table or not, in `\n` line endings; checked
    /// against laying it out.
    fn canonical(part: &str, first: bool) -> bool {
        canonical_in(part, first, "\n")
    }

    fn canonical_in(part: &str, first: bool, nl: &str) -> bool {
        let answer = is_canonical(part, first, nl, &mut Vec::new());
        if answer {
            assert_eq!(super::super::format_part(part, first, nl).unwrap(), part);
        }
        answer
    }

    #[test]
    fn what_is_canonical_and_what_is_not() {
        let record = "\n# about\n[[spec]] # one\n# the id\nid = \"a\"\ntitle = 'A'\nkind = \"guide\"\norgs = [\n  \"g\", # g\n]\n\n[[spec.history]]\ndate = 2025-07-27\nsources = [\"s\"]\n";
        assert!(canonical(record, false));
        assert!(
            !canonical(record, true),
            "the first table has no blank line above"
        );
        assert!(canonical(&record[1..], true));
        assert!(canonical(&format!("{record}\n# the end\n"), false));
        // Written as they were: quoted keys, spaced headers.
        for (from, to) in [
            ("id = \"a\"", "\"id\" = \"a\""),
            ("title = 'A'", "'title' = 'A'"),
            ("# about\n", "# about\n\n# more\n\n"),
            ("# the id\n", "# the id\n\n# and more\n"),
            ("date = 2025-07-27", "date = { y = 2025 }"),
            (
                "date = 2025-07-27",
                "date = {y=2025,'m'  =  [ 1 ,{}, {a={b=[\n2, # two\n]}}]}",
            ),
        ] {
            let changed = record.replacen(from, to, 1);
            assert_ne!(changed, record);
            assert!(canonical(&changed, false), "{changed}");
        }
        for (from, to) in [
            ("\n# about", "\n\n# about"),
            ("[[spec]] # one", "[[spec]]  # one"),
            ("[[spec]] # one", "[[spec]] # one "),
            ("# the id\n", "  # the id\n"),
            ("# the id\n", "# the id\n\n"),
            ("id = \"a\"", "id=\"a\""),
            ("id = \"a\"", "\"i\\u0064\" = \"a\""),
            ("id = \"a\"", "  id = \"a\""),
            ("title = 'A'", "title = 'A' "),
            (
                "title = 'A'\nkind = \"guide\"",
                "kind = \"guide\"\ntitle = 'A'",
            ),
            ("\n\n[[spec.history]]", "\n[[spec.history]]"),
            ("\n\n[[spec.history]]", "\n\n\n[[spec.history]]"),
            ("[[spec.history]]", "[spec.history]"),
            ("[[spec.history]]", "[[ spec . \"history\" ]]"),
            ("[[spec.history]]", "[[spec.history]]x = 1"),
            ("[[spec.history]]", "[[org]]"),
            ("date = 2025-07-27", "date = 2025-07-27 07:32:00"),
            ("date = 2025-07-27", "date = { y.m = 2025 }"),
            ("date = 2025-07-27", "date = { y = 2025, }"),
            ("date = 2025-07-27", "date = { y = 2025, # y\n}"),
            ("date = 2025-07-27", "date = { y = 2025 # y\n}"),
            ("date = 2025-07-27", "date = { \"\\u0079\" = 2025 }"),
            ("date = 2025-07-27", "date = { y = 2025 } z = 1"),
            ("date = 2025-07-27", "date.day = 2025-07-27"),
        ] {
            let changed = record.replacen(from, to, 1);
            assert_ne!(changed, record);
            assert!(!canonical(&changed, false), "{changed}");
        }
        assert!(
            !canonical(&format!("{record}\n"), false),
            "a blank line at the end"
        );
        assert!(
            !canonical(record.trim_end(), false),
            "no line ending at the end"
        );
        assert!(!canonical(&record.replace('\n', "\r\n"), false));
        assert!(canonical_in(&record.replace('\n', "\r\n"), false, "\r\n"));
        assert!(!canonical_in(
            &record.replacen('\n', "\r\n", 3),
            false,
            "\r\n"
        ));
        // An unknown key goes after the known ones, in the order written.
        let unknown = "\n[[org]]\nid = \"g\"\nname = \"G\"\nzz = 1\naa = 2\n";
        assert!(canonical(unknown, false));
        let moved = unknown.replace("name = \"G\"\nzz = 1", "zz = 1\nname = \"G\"");
        assert!(!canonical(&moved, false));
    }

    /// A random change to one line of a catalogue's layout (a line at a time, its line ending
    /// kept): blank lines, comments, spaces, indents, quoted keys, lines swapped.
    fn mutate(lines: &mut Vec<String>, at: usize, how: u8) {
        if lines.is_empty() {
            return;
        }
        let at = at % lines.len();
        let nl = if lines[at].ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let body = lines[at].strip_suffix(nl).unwrap_or(&lines[at]).to_owned();
        let is_pair = !body.starts_with('#') && body.contains(" = ");
        let new = match how % 12 {
            0 => {
                lines.insert(at, nl.to_owned());
                return;
            }
            1 => {
                lines.insert(at, format!("# note {at}{nl}"));
                return;
            }
            2 => {
                lines.insert(at, format!("  # note {at}  {nl}"));
                return;
            }
            3 if is_pair || body.starts_with("[[") => format!("{body} # said {at}"),
            4 => format!("{body}  "),
            5 => format!("  {body}"),
            6 if is_pair => body.replacen(" = ", "=", 1),
            7 if is_pair => body.replacen(" = ", "  =  ", 1),
            8 if at + 1 < lines.len() => {
                lines.swap(at, at + 1);
                return;
            }
            9 if body.trim().is_empty() => {
                lines.remove(at);
                return;
            }
            10 => {
                lines.insert(at + 1, format!("{nl}# after {at}{nl}"));
                return;
            }
            11 if is_pair && body.starts_with(|c: char| c.is_ascii_lowercase()) => {
                format!("\"{body}").replacen(" = ", "\" = ", 1)
            }
            _ => return,
        };
        lines[at] = format!("{new}{nl}");
    }

    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(64),
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        /// On random synthetic catalogues in every form, their layout changed at random
        /// lines: keeping the canonical records as they are gives what laying out every
        /// record gives.
        #[test]
        fn keeping_canonical_records_is_laying_them_out(
            specs in crate::synth::MIN_SPECS..crate::synth::MIN_SPECS + 6,
            seed in any::<u64>(),
            warnings in any::<bool>(),
            form in 0..Form::ALL.len(),
            changes in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..24),
            bom in any::<bool>(),
        ) {
            let text = if warnings {
                crate::synth::catalogue_with_warnings(specs, seed)
            } else {
                crate::synth::catalogue(specs, seed)
            }
            .unwrap();
            let text = reform(&text, Form::ALL[form]);
            let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
            for (at, how) in changes {
                mutate(&mut lines, at, how);
            }
            let text = format!("{}{}", if bom { "\u{feff}" } else { "" }, lines.concat());
            same_both_ways(&text)?;
        }
    }
}
