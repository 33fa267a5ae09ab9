//! A record laid out from the lexer's tokens, and whether it is already in canonical layout.
//!
//! `fmt` lays out each record (with its history) on its own (see [`super::format_records`]).
//! This module does it without building a document: it lexes the record with `toml_parser`,
//! reads the lines it is made of, and writes them again in canonical layout, each key and
//! value copied as it was written. The rules are the ones [`super::format_part`] applies with
//! `toml_edit` (which stays as the fallback, and as the tests' oracle), through the same
//! helpers ([`super::comment_lines`], [`super::trailing_comment`], [`super::rank`],
//! [`Gap`]): the root table's values first, in the order of [`ROOT`], each with the comments
//! above it (a comment block set apart by a blank line keeps one); then each `[[…]]` table,
//! one blank line above it (none above the document's first table) and its comments, its
//! header written plainly (`[[spec.history]]`) with a trailing comment as
//! [`super::trailing_comment`] writes it, its values in the order of its
//! [`crate::catalog::Record`], each `key = value` with single spaces, no indent and the
//! comments right above it; then what trails, as the document's trailing comments are
//! written; in the file's line endings.
//!
//! It reads only what it knows to be written back so: the record's own `[[…]]` header and
//! its children's (`[[spec.history]]`, however spelt), `key = value` lines with a one-part key
//! (bare, or quoted without escapes), values that are strings, bare values (numbers, dates,
//! booleans: atoms and dots), arrays of values over as many lines as they take, with
//! comments, or inline tables on one line (one-part keys, no comma after the last pair); no
//! carriage return but before a line feed. When the layout changes the record, it also
//! refuses what `toml_edit` would not read: a key twice in a table or inline table, a scalar
//! `toml_parser`'s decoder refuses, an integer that overflows, a control character in a
//! string, key or comment (a record kept as it is was never checked so). Anything else (a
//! dotted key in a value line, a `[table]` header, a date with a space in it, a key with
//! escapes) gives `None`, and the record is laid out with `toml_edit` instead, with the same
//! result (or the same error).
//!
//! Data safety: the layout copies every key and value as written, and changes data in one
//! way only: a multi-line string that says something else once its line endings are the
//! file's (one with `\n` inside, in a file of CRLF lines; `toml_parser` keeps a carriage
//! return inside a string). Such a record is laid out with `toml_edit` instead (whose data
//! check compares the two texts as `toml` reads them, and refuses the change). In debug
//! builds (the tests) every changed record is also lexed and read again by the same reader
//! and must hold the same tables, in the same order, with the same keys and the same values,
//! each written the same; a release build does not spend that second lexing (a sixth of
//! `fmt`'s time on a catalogue it changes everywhere), as `fmt` reads the whole new text
//! before it writes it and refuses it unless every record holds the same data as before
//! (`edit::write`, by the records' fingerprints).
//!
//! A record is in canonical layout when its layout is itself: [`is_canonical`]. The tests
//! hold the layout to [`super::format_part`]'s, part by part, on the synthetic forms, the
//! fixtures and random changes to them.

use std::ops::Range;

use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

use super::{Gap, push_comment_lines, push_trailing_comment, rank};
use crate::catalog::{ROOT, Record, Table as Kind, plain_byte, undecoded};

/// Buffers reused from one record to the next.
#[derive(Debug, Default)]
pub(super) struct Buffers {
    tokens: Vec<Token>,
    /// The tokens of the new text, read again to check it.
    again: Vec<Token>,
    out: String,
    /// The text before its line endings were made the file's.
    lf: String,
    order: Vec<usize>,
}

/// Whether [`lay_out`] gives `part` back unchanged.
#[cfg(test)]
pub(super) fn is_canonical(part: &str, first: bool, nl: &str, buffers: &mut Buffers) -> bool {
    lay_out(part, first, nl, buffers) == Some(part)
}

/// `part` (a record with its history, or the values before the first record) in canonical
/// layout, as [`super::format_part`]`(part, first, nl)` gives it; `None` when this reader does
/// not take it (then `format_part` must do it). The text is in `buffers` until the next call.
pub(super) fn lay_out<'b>(
    part: &str,
    first: bool,
    nl: &str,
    buffers: &'b mut Buffers,
) -> Option<&'b str> {
    if lone_carriage_return(part) {
        return None;
    }
    lex(part, &mut buffers.tokens);
    let old = read(part, &buffers.tokens)?;
    buffers.out.clear();
    write(&old, first, &mut buffers.order, &mut buffers.out);
    if nl == "\r\n" || memchr::memchr(b'\r', part.as_bytes()).is_some() {
        // In the file's line endings, in multi-line values too (as `format_part` writes them).
        std::mem::swap(&mut buffers.out, &mut buffers.lf);
        buffers.out.clear();
        in_line_endings(&buffers.lf, nl, &mut buffers.out);
    }
    if buffers.out != part {
        // A change: only to what `toml_edit` reads (a record kept as it is is not read, as
        // before). The new text's values are the old ones (compared): not decoded again.
        if !valid(part, &buffers.tokens, &old.scalars, nl) {
            return None;
        }
        // The one way the layout changes data: a multi-line string that says something else
        // in the file's line endings. `toml_edit` lays such a record out (and refuses it).
        if string_data_changes(part, &buffers.tokens, nl) {
            return None;
        }
        // Anything else would be a mistake in the layout. The tests (debug builds) read the
        // new text again to be sure it holds the same data, written the same; a release
        // build leaves that to the writer, which reads the whole new text and compares its
        // records with the old ones' before it writes (see above).
        if cfg!(debug_assertions) {
            lex(&buffers.out, &mut buffers.again);
            let new = read(&buffers.out, &buffers.again);
            let same = new.is_some_and(|new| {
                same_data(
                    (part, &old, &buffers.tokens),
                    (&buffers.out, &new, &buffers.again),
                    &mut buffers.order,
                )
            });
            assert!(same, "the token layout changed the data of {part:?}");
        }
    }
    Some(&buffers.out)
}

/// Every line of `text` ends in `nl` (a short text: no searcher is built).
fn line_endings_are(text: &str, nl: &str) -> bool {
    let bytes = text.as_bytes();
    if nl == "\n" {
        return memchr::memchr(b'\r', bytes).is_none();
    }
    memchr::memchr_iter(b'\n', bytes).all(|at| at > 0 && bytes[at - 1] == b'\r')
}

/// Whether a multi-line string of `part` (lexed as `tokens`) says something else once its
/// line endings are `nl`: the one way the layout, which writes `nl` everywhere, can change
/// the data. (A line ending that a `\` at its end or the opening quotes trim changes
/// nothing; one inside the text does: `toml_parser` keeps a carriage return there.)
fn string_data_changes(part: &str, tokens: &[Token], nl: &str) -> bool {
    let mut again = String::new();
    tokens.iter().any(|token| {
        let Some(encoding @ (Encoding::MlBasicString | Encoding::MlLiteralString)) =
            token.kind().encoding()
        else {
            return false;
        };
        let raw = &part[token.span().start()..token.span().end()];
        if line_endings_are(raw, nl) {
            return false;
        }
        // A line ending the string does not keep (one that a `\` at its end or the opening
        // quotes trim, however it is written) cannot change it: only one it keeps can.
        let mut kept = LineEndKept(false);
        let raw_string = Raw::new_unchecked(raw, Some(encoding), Span::new_unchecked(0, raw.len()));
        let _ = raw_string.decode_scalar(&mut kept, &mut Failed::default());
        if !kept.0 {
            return false;
        }
        again.clear();
        in_line_endings(raw, nl, &mut again);
        decoded(raw, encoding) != decoded(&again, encoding)
    })
}

/// A decoder's output that only notes whether the string has a line ending in it.
struct LineEndKept(bool);

impl<'s> toml_parser::decoder::StringBuilder<'s> for LineEndKept {
    fn clear(&mut self) {
        self.0 = false;
    }

    fn push_str(&mut self, append: &'s str) -> bool {
        self.0 |= memchr::memchr2(b'\n', b'\r', append.as_bytes()).is_some();
        true
    }

    fn push_char(&mut self, append: char) -> bool {
        self.0 |= matches!(append, '\n' | '\r');
        true
    }
}

/// `text` (without a lone carriage return) with every line ending `nl`, written in `out`.
fn in_line_endings(text: &str, nl: &str, out: &mut String) {
    let mut from = 0;
    for at in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push_str(text[from..at].strip_suffix('\r').unwrap_or(&text[from..at]));
        out.push_str(nl);
        from = at + 1;
    }
    out.push_str(&text[from..]);
}

/// A carriage return that does not end a line (the layout writes the file's line ending
/// everywhere, which is known to keep the data only when every one does).
fn lone_carriage_return(part: &str) -> bool {
    let bytes = part.as_bytes();
    memchr::memchr_iter(b'\r', bytes).any(|at| bytes.get(at + 1) != Some(&b'\n'))
}

/// A part as read: the root table's values, then each `[[…]]` table, then what trails.
#[derive(Debug)]
struct Part<'t> {
    /// Every `key = value` line, in the order written: the root's, then each table's.
    pairs: Vec<Pair<'t>>,
    /// The root table's.
    root: Range<usize>,
    tables: Vec<Header<'t>>,
    /// The blank and comment lines after the last value or header.
    trailing: &'t str,
    /// Where each unquoted scalar is, for [`valid`].
    scalars: Vec<Range<usize>>,
}

/// A `key = value` line.
#[derive(Debug)]
struct Pair<'t> {
    /// The blank and comment lines above it, and its indent.
    above: &'t str,
    /// The key as written (`'id'`), and what it says (`id`).
    written: &'t str,
    key: &'t str,
    /// The value as written, over as many lines as it takes, and its tokens.
    value: &'t str,
    tokens: Range<usize>,
    /// What follows the value on its line: spaces and a comment.
    after: &'t str,
}

/// A `[[…]]` table: its header line, and its values.
#[derive(Debug)]
struct Header<'t> {
    above: &'t str,
    record: &'static Record,
    after: &'t str,
    pairs: Range<usize>,
}

/// `text`'s tokens, in `tokens`.
fn lex(text: &str, tokens: &mut Vec<Token>) {
    tokens.clear();
    tokens.extend(Source::new(text).lex());
}

/// Reads `text` from its `tokens`; `None` when it is not what this layout takes. Its scalars
/// are not decoded: see [`valid`].
fn read<'t>(text: &'t str, tokens: &[Token]) -> Option<Part<'t>> {
    let mut lines = Lines {
        text,
        tokens,
        at: 0,
        scalars: Vec::new(),
    };
    let mut part = Part {
        // About one `key = value` line in eight tokens: no growing for most parts.
        pairs: Vec::with_capacity(tokens.len() / 8 + 4),
        root: 0..0,
        tables: Vec::with_capacity(4),
        trailing: "",
        scalars: Vec::new(),
    };
    loop {
        let above = lines.gap();
        match lines.kind(lines.at) {
            TokenKind::Eof => {
                part.trailing = above;
                break;
            }
            TokenKind::LeftSquareBracket => {
                let (keys, n) = lines.header()?;
                let is = |record: &&Record| record.path.split('.').eq(keys[..n].iter().copied());
                let record = match part.tables.first() {
                    None => Kind::ALL.into_iter().map(Kind::record).find(is)?,
                    Some(top) => top.record.children().map(|(_, child)| child).find(is)?,
                };
                let after = lines.line_end()?;
                let at = part.pairs.len();
                part.tables.push(Header {
                    above,
                    record,
                    after,
                    pairs: at..at,
                });
            }
            _ => {
                let pair = lines.pair(above)?;
                part.pairs.push(pair);
                let end = part.pairs.len();
                match part.tables.last_mut() {
                    Some(table) => table.pairs.end = end,
                    None => part.root.end = end,
                }
            }
        }
    }
    // A key once in each table; a child's table is a key of its parent's.
    let tables =
        std::iter::once(part.root.clone()).chain(part.tables.iter().map(|t| t.pairs.clone()));
    for range in tables {
        let pairs = &part.pairs[range];
        for (i, pair) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|other| other.key == pair.key) {
                return None;
            }
        }
    }
    part.scalars = lines.scalars;
    if let Some((top, children)) = part.tables.split_first() {
        let pairs = &part.pairs[top.pairs.clone()];
        for child in children {
            let key = child.record.path.rsplit('.').next().unwrap_or("");
            if pairs.iter().any(|pair| pair.key == key) {
                return None;
            }
        }
    }
    Some(part)
}

/// Writes `part` in canonical layout, with `\n` line endings.
fn write(part: &Part<'_>, first: bool, order: &mut Vec<usize>, out: &mut String) {
    let root = part.root.clone();
    write_pairs(&part.pairs, root.clone(), &ROOT, Gap::Keep, order, out);
    // One blank line above each table but the document's first.
    let mut blank = !(first && root.is_empty());
    for table in &part.tables {
        if blank {
            out.push('\n');
        }
        blank = true;
        push_comment_lines(table.above, Gap::Keep, out);
        out.push_str("[[");
        out.push_str(table.record.path);
        out.push_str("]]");
        push_trailing_comment(table.after, out);
        out.push('\n');
        write_pairs(
            &part.pairs,
            table.pairs.clone(),
            table.record,
            Gap::Drop,
            order,
            out,
        );
    }
    if part.trailing.contains('#') {
        out.push('\n');
        push_comment_lines(part.trailing, Gap::Drop, out);
    }
}

/// The values of one table, in canonical order (keys outside `record`'s after its own, in the
/// order written).
fn write_pairs(
    pairs: &[Pair<'_>],
    range: Range<usize>,
    record: &Record,
    gap: Gap,
    order: &mut Vec<usize>,
    out: &mut String,
) {
    sort(pairs, range, record, order);
    for &i in order.iter() {
        let pair = &pairs[i];
        push_comment_lines(pair.above, gap, out);
        out.push_str(pair.written);
        out.push_str(" = ");
        out.push_str(pair.value);
        push_trailing_comment(pair.after, out);
        out.push('\n');
    }
}

/// The indices `range` of `pairs` in canonical order (a stable sort by [`rank`]).
fn sort(pairs: &[Pair<'_>], range: Range<usize>, record: &Record, order: &mut Vec<usize>) {
    order.clear();
    order.extend(range);
    order.sort_by_key(|&i| rank(Some(record), pairs[i].key));
}

/// A part's text, as read, and its tokens.
type Read<'a, 't> = (&'t str, &'a Part<'t>, &'a [Token]);

/// The same tables in the same order, each with the same keys and values (written the same);
/// `new` holds them in canonical order.
fn same_data(old: Read<'_, '_>, new: Read<'_, '_>, order: &mut Vec<usize>) -> bool {
    let (old_part, new_part) = (old.1, new.1);
    let same = |old_range: Range<usize>,
                new_range: Range<usize>,
                record: &Record,
                order: &mut Vec<usize>| {
        sort(&old_part.pairs, old_range, record, order);
        order.len() == new_range.len()
            && order.iter().zip(&new_part.pairs[new_range]).all(|(&i, b)| {
                let a = &old_part.pairs[i];
                a.key == b.key
                    && (a.value == b.value
                        || same_value(
                            (old.0, &old.2[a.tokens.clone()]),
                            (new.0, &new.2[b.tokens.clone()]),
                        ))
            })
    };
    old_part.tables.len() == new_part.tables.len()
        && same(old_part.root.clone(), new_part.root.clone(), &ROOT, order)
        && old_part.tables.iter().zip(&new_part.tables).all(|(a, b)| {
            std::ptr::eq(a.record, b.record)
                && same(a.pairs.clone(), b.pairs.clone(), a.record, order)
        })
}

/// The same value, written differently (line endings changed): the same tokens but for
/// spaces, line ends and comments, each string saying the same once read, every other token
/// written the same. Each value is its text and its tokens.
fn same_value(a: (&str, &[Token]), b: (&str, &[Token])) -> bool {
    fn data(tokens: &[Token]) -> impl Iterator<Item = &Token> {
        tokens.iter().filter(|t| {
            !matches!(
                t.kind(),
                TokenKind::Whitespace | TokenKind::Newline | TokenKind::Comment
            )
        })
    }
    let (mut tokens_a, mut tokens_b) = (data(a.1), data(b.1));
    loop {
        let (x, y) = match (tokens_a.next(), tokens_b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.kind() == y.kind() => (x, y),
            _ => return false,
        };
        let (text_x, text_y) = (
            &a.0[x.span().start()..x.span().end()],
            &b.0[y.span().start()..y.span().end()],
        );
        if text_x == text_y {
            continue;
        }
        let Some(encoding) = x.kind().encoding() else {
            return false;
        };
        if decoded(text_x, encoding).is_none_or(|x| decoded(text_y, encoding) != Some(x)) {
            return false;
        }
    }
}

/// The string `text` (with its quotes) says; `None` when it does not decode.
fn decoded(text: &str, encoding: Encoding) -> Option<std::borrow::Cow<'_, str>> {
    let raw = Raw::new_unchecked(text, Some(encoding), Span::new_unchecked(0, text.len()));
    let mut failed = Failed::default();
    let mut out = std::borrow::Cow::Borrowed("");
    let _ = raw.decode_scalar(&mut out, &mut failed);
    (!failed.0).then_some(out)
}

/// Whether the old text of a part is TOML that `toml_edit` reads (when the layout changes it,
/// it must be: `format_part` refuses it otherwise): every comment and string without a
/// control character, every escape and unquoted scalar decoded without error, no integer or
/// float that overflows, every date one `toml_datetime` reads. The rest (the structure, keys
/// once in each table, bare keys) [`read`] has checked. A string with a line ending other
/// than `nl` is left to [`same_value`], which decodes it (its line endings change).
fn valid(text: &str, tokens: &[Token], scalars: &[Range<usize>], nl: &str) -> bool {
    tokens.iter().all(|token| {
        let span = token.span();
        let raw = &text[span.start()..span.end()];
        match token.kind() {
            // What a comment may hold: no control character but tab.
            TokenKind::Comment => plain(raw, false),
            kind => kind
                .encoding()
                .is_none_or(|encoding| !line_endings_are(raw, nl) || string(raw, encoding)),
        }
    }) && scalars.iter().all(|at| scalar(&text[at.clone()]))
}

/// Whether a string token decodes without error.
fn string(text: &str, encoding: Encoding) -> bool {
    // Without escapes, valid when it has no control character (but line ends in a
    // multi-line string).
    let lines = matches!(
        encoding,
        Encoding::MlBasicString | Encoding::MlLiteralString
    );
    let escapes = matches!(encoding, Encoding::BasicString | Encoding::MlBasicString)
        && memchr::memchr(b'\\', text.as_bytes()).is_some();
    if !escapes {
        return plain(text, lines);
    }
    let raw = Raw::new_unchecked(text, Some(encoding), Span::new_unchecked(0, text.len()));
    let mut failed = Failed::default();
    let _ = raw.decode_scalar(&mut (), &mut failed);
    !failed.0
}

/// Whether an unquoted scalar decodes without error, and a number or date in it is one
/// `toml_edit` reads (no overflow).
fn scalar(text: &str) -> bool {
    let raw = Raw::new_unchecked(text, None, Span::new_unchecked(0, text.len()));
    let mut failed = Failed::default();
    let mut decoded = std::borrow::Cow::Borrowed("");
    let kind = raw.decode_scalar(&mut decoded, &mut failed);
    !failed.0
        && match kind {
            ScalarKind::Integer(radix) => i64::from_str_radix(&decoded, radix.value()).is_ok(),
            ScalarKind::Float => decoded.parse::<f64>().is_ok_and(|value| {
                value.is_finite()
                    || decoded
                        .strip_prefix(['+', '-'])
                        .unwrap_or(&decoded)
                        .bytes()
                        .all(|c| c.is_ascii_alphabetic())
            }),
            ScalarKind::DateTime => decoded.parse::<toml::value::Datetime>().is_ok(),
            ScalarKind::String | ScalarKind::Boolean(_) => true,
        }
}

/// Any error reported, remembered.
#[derive(Default)]
struct Failed(bool);

impl ErrorSink for Failed {
    fn report_error(&mut self, _: ParseError) {
        self.0 = true;
    }
}

/// A cursor over a part's tokens, line by line.
struct Lines<'t, 'k> {
    text: &'t str,
    tokens: &'k [Token],
    /// The next token, at the start of a line (or after its indent) between calls.
    at: usize,
    /// Where each unquoted scalar is (a number, a date, a boolean), found on the way.
    scalars: Vec<Range<usize>>,
}

impl<'t> Lines<'t, '_> {
    fn kind(&self, at: usize) -> TokenKind {
        self.tokens.get(at).map_or(TokenKind::Eof, Token::kind)
    }

    /// Where the token `at` starts in the text (the text's end past the last token).
    fn offset(&self, at: usize) -> usize {
        self.tokens
            .get(at)
            .map_or(self.text.len(), |t| t.span().start())
    }

    /// Where the token `at` ends.
    fn end(&self, at: usize) -> usize {
        self.tokens
            .get(at)
            .map_or(self.text.len(), |t| t.span().end())
    }

    fn slice(&self, at: usize) -> &'t str {
        &self.text[self.offset(at)..self.end(at)]
    }

    /// Skips blank and comment lines and the next line's indent; returns the text they span.
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
        self.space();
        &self.text[from..self.offset(self.at)]
    }

    /// A `[[…]]` header of one or two keys, written in any way (`[[ "spec" . 'history' ]]`):
    /// what they say, and how many there are.
    fn header(&mut self) -> Option<([&'t str; 2], usize)> {
        if !self.doubled(TokenKind::LeftSquareBracket) {
            return None;
        }
        self.at += 2;
        let mut keys = [""; 2];
        let mut n = 0;
        loop {
            self.space();
            *keys.get_mut(n)? = self.key(self.at)?;
            n += 1;
            self.at += 1;
            self.space();
            if !self.take(TokenKind::Dot) {
                break;
            }
        }
        if !self.doubled(TokenKind::RightSquareBracket) {
            return None;
        }
        self.at += 2;
        Some((keys, n))
    }

    /// Whether the next two tokens are `bracket` twice, with nothing between them (`[[`,
    /// `]]`).
    fn doubled(&self, bracket: TokenKind) -> bool {
        let at = self.at;
        self.kind(at) == bracket
            && self.kind(at + 1) == bracket
            && self.end(at) == self.offset(at + 1)
    }

    /// What the key token `at` says: bare, or quoted without escapes or characters TOML
    /// refuses in it (`None` otherwise): what the reader takes as written.
    fn key(&self, at: usize) -> Option<&'t str> {
        let kind = self.kind(at);
        match kind {
            TokenKind::Atom | TokenKind::LiteralString | TokenKind::BasicString => {
                undecoded(self.slice(at), kind.encoding(), true)
            }
            _ => None,
        }
    }

    /// After a value or header: spaces and a comment, then the line's end (or the text's);
    /// returns the spaces and comment.
    fn line_end(&mut self) -> Option<&'t str> {
        let from = self.offset(self.at);
        self.space();
        self.take(TokenKind::Comment);
        let to = self.offset(self.at);
        match self.kind(self.at) {
            TokenKind::Newline => self.at += 1,
            TokenKind::Eof => {}
            _ => return None,
        }
        Some(&self.text[from..to])
    }

    /// A `key = value` line with the blank and comment lines `above` it.
    fn pair(&mut self, above: &'t str) -> Option<Pair<'t>> {
        let key = self.key(self.at)?;
        let written = self.slice(self.at);
        self.at += 1;
        self.space();
        if !self.take(TokenKind::Equals) {
            return None;
        }
        self.space();
        let first = self.at;
        self.value()?;
        let tokens = first..self.at;
        let value = &self.text[self.offset(first)..self.end(self.at - 1)];
        let after = self.line_end()?;
        Some(Pair {
            above,
            written,
            key,
            value,
            tokens,
            after,
        })
    }

    /// One value: a string, a bare value (a number, a date, a boolean: atoms and dots), an
    /// array of values over as many lines as it takes, or an inline table on one line
    /// (`{ date = "2026", sources = ["s"] }`).
    fn value(&mut self) -> Option<()> {
        let at = self.at;
        match self.kind(at) {
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
                self.scalars.push(self.offset(at)..self.end(self.at - 1));
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
            self.space_and_lines();
            if self.take(TokenKind::RightSquareBracket) {
                return Some(());
            }
            self.value()?;
            self.space_and_lines();
            if self.closed(TokenKind::RightSquareBracket)? {
                return Some(());
            }
        }
    }

    /// `{` `key = value` pairs separated by commas `}`, on one line (a value in it may be an
    /// array over several), each key once. Only one-part keys (bare, or quoted without
    /// escapes), and no comma after the last pair: a dotted key (`{ a.b = 1, c = 2, a.d = 3
    /// }`) or a trailing comma is not known to be written back as it was.
    fn inline_table(&mut self) -> Option<()> {
        self.at += 1;
        self.space();
        if self.take(TokenKind::RightCurlyBracket) {
            return Some(());
        }
        let mut keys: Vec<&str> = Vec::new();
        loop {
            self.space();
            let key = self.key(self.at)?;
            if keys.contains(&key) {
                return None;
            }
            keys.push(key);
            self.at += 1;
            self.space();
            if !self.take(TokenKind::Equals) {
                return None;
            }
            self.space();
            self.value()?;
            self.space();
            if self.closed(TokenKind::RightCurlyBracket)? {
                return Some(());
            }
        }
    }

    /// Takes the token at the cursor when it is a `kind`.
    fn take(&mut self, kind: TokenKind) -> bool {
        let found = self.kind(self.at) == kind;
        self.at += usize::from(found);
        found
    }

    /// After an item of an array or inline table: a comma (`Some(false)`: another item
    /// follows) or the `close` bracket (`Some(true)`), taken; anything else is `None`.
    fn closed(&mut self, close: TokenKind) -> Option<bool> {
        if self.take(TokenKind::Comma) {
            Some(false)
        } else {
            self.take(close).then_some(true)
        }
    }

    /// Skips spaces.
    fn space(&mut self) {
        self.take(TokenKind::Whitespace);
    }

    /// Skips spaces, blank lines and comments.
    fn space_and_lines(&mut self) {
        while matches!(
            self.kind(self.at),
            TokenKind::Whitespace | TokenKind::Newline | TokenKind::Comment
        ) {
            self.at += 1;
        }
    }
}

/// Text without a control character but tab (and line ends when `lines`): what a string
/// without escapes may hold.
fn plain(text: &str, lines: bool) -> bool {
    text.bytes().all(|b| plain_byte(b, lines))
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use proptest::prelude::*;

    use super::super::format_records;
    use super::*;
    use crate::catalog::{Arena, check_in};
    use crate::forms::{Form, reform};

    /// Laid out from the tokens, and with every record laid out with `toml_edit`: the same
    /// text. The result, laid out again, comes back unchanged; and when it has no errors, it
    /// is found canonical record by record (at most one part, the top level, is changed).
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
        let answer = is_canonical(part, first, nl, &mut Buffers::default());
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
