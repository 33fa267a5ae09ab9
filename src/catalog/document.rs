//! The TOML layer of the one reader: `toml_parser`'s lexer and push parser, and the rules of
//! TOML documents (tables defined once, dotted keys, inline tables closed, arrays of tables),
//! building a small tree of [`Value`]s borrowed from the text.
//!
//! Two things keep it at about the cost of one pass over the text, in memory about the size
//! of one record:
//! - the text is lexed and parsed in pieces, each ending at a newline outside any array or
//!   inline table (where every TOML expression ends), so no list of all tokens or events is
//!   ever held;
//! - only the last table of an array of tables can still change (TOML lets later headers
//!   extend only the last one), so each record of a streamed array (`[[spec]]`, …) is handed
//!   to the caller as soon as the next one starts, and dropped.
//!
//! An array or inline table never closed is one error, at its bracket ([`Unclosed`]): the
//! parser's recovery would read every later line into it, an error for each line. The piece
//! is ended instead at the first table header at the start of a line while a bracket is open
//! (a header no value can be mistaken for), the errors of the lines read into the bracket are
//! dropped, and reading goes on from the header, so later problems of their own are still
//! reported.
//!
//! The rules follow the `toml` crate's document builder (`toml::de::parser::document`), so a
//! text is TOML here exactly when it is TOML there, with the same error messages (but for an
//! unclosed array or inline table, above).

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use toml_parser::decoder::Encoding;
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::{Event, EventKind, RecursionGuard, ValidateWhitespace};
use toml_parser::{ParseError, Source, Span};

use super::format::same_key;
use super::model::{Arena, Member, Spanned};

/// The reader's nesting limit (the `toml` crate's): arrays and inline tables inside each
/// other, or the parts of one dotted key.
pub(crate) const MAX_DEPTH: u32 = 80;

/// Tokens per piece, at least: large enough that the parser's per-call cost vanishes, small
/// enough that the piece's tokens and events fit in a cache-sized buffer.
const PIECE: usize = 8192;

/// A key as written, decoded.
pub(crate) type Key<'a> = Spanned<&'a str>;

/// A value with where it was written.
pub(crate) type Item<'a> = Spanned<Value<'a>>;

/// A TOML value. Strings are borrowed from the text, or decoded into the arena.
#[derive(Debug)]
pub(crate) enum Value<'a> {
    String(&'a str),
    /// Digits as decoded (sign kept, prefix and `_` dropped), and the radix.
    Integer(&'a str, u32),
    Float,
    Boolean,
    Datetime(toml::value::Datetime),
    Array(Array<'a>),
    Table(Table<'a>),
}

impl<'a> Value<'a> {
    pub(crate) fn as_str(&self) -> Option<&'a str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// Whether this is an array of tables (written with `[[…]]` headers).
    pub(crate) fn is_array_of_tables(&self) -> bool {
        matches!(self, Value::Array(array) if array.of_tables)
    }

    pub(crate) fn as_array(&self) -> Option<&[Item<'a>]> {
        match self {
            Value::Array(array) => Some(&array.items),
            _ => None,
        }
    }

    /// How TOML names the type (`toml`'s words, used in its messages).
    fn type_str(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::Integer(..) => "integer",
            Value::Float => "float",
            Value::Boolean => "boolean",
            Value::Datetime(_) => "datetime",
            Value::Array(_) => "array",
            Value::Table(_) => "table",
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Array<'a> {
    items: Vec<Item<'a>>,
    of_tables: bool,
}

/// A table's entries in the order written. Large tables get a hash index.
#[derive(Debug, Default)]
pub(crate) struct Table<'a> {
    entries: Vec<(Key<'a>, Item<'a>)>,
    index: Option<FxHashMap<&'a str, usize>>,
    implicit: bool,
    dotted: bool,
    inline: bool,
}

/// Entries past which a table is indexed.
const INDEXED: usize = 24;

impl<'a> Table<'a> {
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self
                .entries
                .iter()
                .position(|(k, _)| same_key(k.get_ref(), key)),
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Item<'a>> {
        self.position(key).map(|at| &self.entries[at].1)
    }

    pub(crate) fn get_key_value(&self, key: &str) -> Option<(&Key<'a>, &Item<'a>)> {
        self.position(key).map(|at| {
            let (k, v) = &self.entries[at];
            (k, v)
        })
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Key<'a>, &Item<'a>)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    fn push(&mut self, key: Key<'a>, value: Item<'a>) -> usize {
        let at = self.entries.len();
        if let Some(index) = &mut self.index {
            index.insert(key.get_ref(), at);
        }
        self.entries.push((key, value));
        if self.index.is_none() && self.entries.len() > INDEXED {
            self.index = Some(
                self.entries
                    .iter()
                    .enumerate()
                    .map(|(at, (k, _))| (*k.get_ref(), at))
                    .collect(),
            );
        }
        at
    }

    fn remove(&mut self, at: usize) -> (Key<'a>, Item<'a>) {
        let removed = self.entries.remove(at);
        if self.index.is_some() {
            self.index = Some(
                self.entries
                    .iter()
                    .enumerate()
                    .map(|(at, (k, _))| (*k.get_ref(), at))
                    .collect(),
            );
        }
        removed
    }

    fn value_mut(&mut self, at: usize) -> &mut Item<'a> {
        &mut self.entries[at].1
    }
}

/// What the caller does with the document as it is read.
pub(crate) trait Receiver<'a> {
    /// Whether records of the top-level array of tables `key` are handed over one by one.
    fn streams(&self, key: &str) -> bool;
    /// One record of a streamed array, complete: nothing later in the text can change it.
    /// `root` is the top-level table as read so far (its own keys all come before any
    /// header, so they are complete).
    fn record(&mut self, root: &Table<'a>, key: &'a str, record: &Item<'a>);
}

/// A syntax error: the TOML parser's, or an array or inline table that is never closed.
#[derive(Debug)]
pub(crate) enum SyntaxError {
    Toml(ParseError),
    Unclosed(Unclosed),
}

/// An array or inline table still open where the parser stopped reading into it: at a table
/// header at the start of a line, or at the end of the text. The parser's recovery would
/// read every later line into it (a `[[spec]]` header as an array holding the bare word
/// `spec`, each `key = value` line as misplaced elements), an error for each; they are all
/// consequences of the one missing bracket, so the reader reports that bracket instead, and
/// reads on from the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unclosed {
    /// The opening bracket: the innermost one still open.
    pub open: std::ops::Range<usize>,
    /// Whether it opens an inline table (`{`) rather than an array (`[`).
    pub inline_table: bool,
    /// The outermost bracket still open around it, when that is another one, and whether
    /// it opens an inline table.
    pub outer: Option<(std::ops::Range<usize>, bool)>,
    /// Where the parser stopped reading into it.
    pub until: Until,
}

/// Where an unclosed array or inline table ends being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Until {
    /// A table header at the start of a line (its span): reading goes on from there.
    Header(std::ops::Range<usize>),
    /// The end of the text (just after the last thing in the array or table).
    End(std::ops::Range<usize>),
}

/// Which arrays and inline tables are open at the token read last, as the parser sees them
/// (near enough: the parser's own errors decide in the end), so that the text is cut in
/// pieces only outside them, and so that a table header at the start of a line while one
/// is open is seen: where the parser, recovering, would read the header and every line after
/// it into the array.
struct Brackets {
    /// The open arrays and inline tables, outermost first: `true` for an inline table.
    open: Vec<bool>,
    /// In a table header's line: its brackets open no value.
    header: bool,
    /// The token read last was a newline (or none was read).
    line_start: bool,
    /// Nothing but whitespace read yet on this line.
    blank: bool,
    /// A closing bracket of the other kind came while one was open, since the outermost one
    /// was opened (`[{a = 1]`): the outer bracket's own close may have been taken for the
    /// inner one's, so that the outer one is not known to be unclosed.
    mismatched: bool,
}

impl Brackets {
    fn new() -> Self {
        Self {
            open: Vec::new(),
            header: false,
            line_start: true,
            blank: true,
            mismatched: false,
        }
    }

    /// Whether a line may end a piece here: no array, inline table or header open.
    fn balanced(&self) -> bool {
        self.open.is_empty() && !self.header
    }

    /// Takes the next token of `text`. Returns the length of the table header it starts
    /// when it starts one at the start of a line while an array or inline table is open;
    /// the brackets then count as closed (the reader gives up on them there), and the
    /// header is read as one.
    fn take(&mut self, token: &Token, text: &str) -> Option<usize> {
        let line_start = std::mem::replace(&mut self.line_start, false);
        let blank = std::mem::replace(&mut self.blank, false);
        match token.kind() {
            TokenKind::Newline => {
                self.line_start = true;
                self.blank = true;
                self.header = false;
            }
            TokenKind::Whitespace => self.blank = blank,
            _ if self.header => {}
            TokenKind::LeftSquareBracket if self.open.is_empty() && blank => self.header = true,
            TokenKind::LeftSquareBracket if line_start => {
                let start = token.span().start();
                if let Some(len) = header_len(&text.as_bytes()[start..]) {
                    self.open.clear();
                    self.header = true;
                    return Some(len);
                }
                self.push(false);
            }
            TokenKind::LeftSquareBracket => self.push(false),
            TokenKind::LeftCurlyBracket => self.push(true),
            TokenKind::RightSquareBracket => self.close(false),
            TokenKind::RightCurlyBracket => self.close(true),
            _ => {}
        }
        None
    }

    fn push(&mut self, inline_table: bool) {
        if self.open.is_empty() {
            self.mismatched = false;
        }
        self.open.push(inline_table);
    }

    fn close(&mut self, inline_table: bool) {
        match self.open.last() {
            Some(&open) if open == inline_table => {
                self.open.pop();
            }
            Some(_) => self.mismatched = true,
            None => {}
        }
    }
}

/// The length of the table header `line` starts with (`[key]` or `[[key]]`, keys dotted,
/// then only a comment before the end of the line), when it cannot be a value: when one of
/// its keys is a bare word that is no value (`spec`, not `true` or `inf`). Then inside an
/// array it is no element but a header the array was never closed before.
fn header_len(line: &[u8]) -> Option<usize> {
    let end = memchr::memchr(b'\n', line).unwrap_or(line.len());
    let line = &line[..end];
    let spaces = |at: &mut usize| {
        while matches!(line.get(*at), Some(b' ' | b'\t')) {
            *at += 1;
        }
    };
    let double = line.starts_with(b"[[");
    let mut at = if double { 2 } else { 1 };
    let mut word = false;
    loop {
        spaces(&mut at);
        let start = at;
        match line.get(at) {
            Some(b'"') => {
                at += 1;
                loop {
                    match line.get(at)? {
                        b'"' => break,
                        b'\\' => at += 2,
                        _ => at += 1,
                    }
                }
                at += 1;
            }
            Some(b'\'') => {
                at += 1 + memchr::memchr(b'\'', &line[at + 1..])? + 1;
            }
            _ => {
                while line.get(at).copied().is_some_and(bare_key_byte) {
                    at += 1;
                }
                let bare = &line[start..at];
                if bare.is_empty() {
                    return None;
                }
                word |= bare[0].is_ascii_alphabetic()
                    && !matches!(bare, b"true" | b"false" | b"inf" | b"nan");
            }
        }
        spaces(&mut at);
        if line.get(at) != Some(&b'.') {
            break;
        }
        at += 1;
    }
    let close: &[u8] = if double { b"]]" } else { b"]" };
    if !line[at..].starts_with(close) {
        return None;
    }
    at += close.len();
    let len = at;
    spaces(&mut at);
    let rest = &line[at..];
    let ends = rest.is_empty() || rest == b"\r" || rest.starts_with(b"#");
    (word && ends).then_some(len)
}

/// The text of a key or string that needs no decoding, borrowed as it is: a one-line string
/// without escapes or characters TOML refuses in it, or (for a key) a bare key. `None` for
/// anything else, which `toml_parser`'s decoder then reads and judges. A fast path: the
/// decoder's byte-by-byte work through its `dyn` builders was a tenth of the read, and
/// nearly every key and string of a catalogue is of this kind. `raw` is the token as the
/// lexer ended it (an unclosed string has no closing quote). `fmt`'s layout takes a key as
/// written by the same test. Inlined: used from two places, it was no longer inlined into
/// the reader's, its hottest.
#[inline]
pub(crate) fn undecoded(raw: &str, encoding: Option<Encoding>, key: bool) -> Option<&str> {
    // Folded without an early exit, so that the compiler checks many bytes at once. The
    // quote that ends the string cannot be in it, and a backslash would start an escape.
    let plain = |inner: &str, quote: u8| {
        inner.bytes().fold(true, |plain, b| {
            plain & plain_byte(b, false) & (b != quote) & (b != b'\\')
        })
    };
    match encoding {
        Some(Encoding::BasicString) | Some(Encoding::LiteralString) => {
            let quote = *raw.as_bytes().first()?;
            let inner = raw.get(1..raw.len().checked_sub(1)?)?;
            // The closing quote as a byte: `ends_with(char)` compares through `memcmp`.
            (raw.as_bytes().last() == Some(&quote) && plain(inner, quote)).then_some(inner)
        }
        // A byte at a time, stopping at the first that is not of a bare key: keys are a few
        // bytes long, too short for the folded form above to pay.
        None if key => (!raw.is_empty() && raw.bytes().all(bare_key_byte)).then_some(raw),
        _ => None,
    }
}

/// A byte of a bare key (TOML's unquoted-key): ASCII letters, digits, `-` and `_`.
fn bare_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() | (b == b'-') | (b == b'_')
}

/// A byte that a string without escapes, or a comment, may hold as written (TOML's
/// basic-unescaped, literal-char and non-eol, but for the quotes): tab, printable ASCII,
/// anything not ASCII; line ends too when `lines` (a multi-line string).
pub(crate) fn plain_byte(b: u8, lines: bool) -> bool {
    ((b >= 0x20) & (b != 0x7f)) | (b == b'\t') | (lines & ((b == b'\n') | (b == b'\r')))
}

/// Where a parser error points: what it did not expect, else its context.
fn position(error: &ParseError) -> Option<usize> {
    error
        .unexpected()
        .or(error.context())
        .map(|span| span.start())
}

/// Whether `error` is the parser's report that an array or inline table was still open at
/// the end of its input; `Some(true)` for an inline table.
fn unclosed_kind(error: &ParseError) -> Option<bool> {
    match error.description() {
        "unclosed array" => Some(false),
        "unclosed inline table" => Some(true),
        _ => None,
    }
}

/// When the parser found arrays or inline tables still open at the end of a piece
/// (`errors[from..]` are its errors on the piece, `text` the part the spans are in), the one
/// [`Unclosed`] for them, spans in `text` (the outermost one left out when `mismatched`:
/// [`Brackets::mismatched`]), with the position from which the errors are its
/// consequences: the end of the line of the outermost bracket (whatever is on that line was
/// written with the bracket, and is judged). The errors of the piece from there on are
/// dropped, but for the nesting limit's, which is a problem of its own.
fn unclosed(
    errors: &mut Vec<ParseError>,
    from: usize,
    text: &str,
    header: Option<std::ops::Range<usize>>,
    mismatched: bool,
) -> Option<(Unclosed, usize)> {
    // Innermost first: each array reports as it gives up, inner ones first.
    let mut open = errors[from..].iter().filter_map(|error| {
        let kind = unclosed_kind(error)?;
        Some((error.context()?, kind, error.unexpected()))
    });
    let innermost = open.next()?;
    let (inner, inline_table, _) = innermost;
    let (outer, outer_inline, end) = open.next_back().unwrap_or(innermost);
    let end = end.unwrap_or(outer);
    let consequences = memchr::memchr(b'\n', &text.as_bytes()[outer.end()..])
        .map_or(text.len(), |at| outer.end() + at);
    let piece = errors.split_off(from);
    errors.extend(piece.into_iter().filter(|error| {
        unclosed_kind(error).is_none()
            && (position(error).is_none_or(|p| p < consequences)
                || error.description().contains("recursion"))
    }));
    let unclosed = Unclosed {
        open: span_of(inner),
        inline_table,
        outer: (outer != inner && !mismatched).then(|| (span_of(outer), outer_inline)),
        until: match header {
            Some(header) => Until::Header(header),
            None => Until::End(span_of(end)),
        },
    };
    Some((unclosed, consequences))
}

impl Unclosed {
    fn shifted(self, offset: usize) -> Self {
        let shift = |r: std::ops::Range<usize>| r.start + offset..r.end + offset;
        Self {
            open: shift(self.open),
            inline_table: self.inline_table,
            outer: self.outer.map(|(r, kind)| (shift(r), kind)),
            until: match self.until {
                Until::Header(r) => Until::Header(shift(r)),
                Until::End(r) => Until::End(shift(r)),
            },
        }
    }
}

/// Reads `text[part]` as TOML, a document of its own, with spans in `text`. Returns the
/// top-level table (with the last record of each streamed array still in it) and the syntax
/// errors, in the order found (an unclosed bracket after the errors of its own line). Only for a part that starts at 0 are all of the errors'
/// spans in `text`: a later part's errors only tell that it did not read cleanly.
pub(crate) fn read<'a>(
    text: &'a str,
    part: std::ops::Range<usize>,
    arena: &'a Arena,
    receiver: &mut dyn Receiver<'a>,
) -> (Table<'a>, Vec<SyntaxError>) {
    read_at(text, part, 0, arena, receiver)
}

/// [`read`], with every span moved on by `base`: the spans of a piece read apart from the
/// text it belongs to (an edit's changed records, `schema::read_piece`), placed where no span
/// of the text read before is. Strings are still taken from `text`.
pub(crate) fn read_at<'a>(
    text: &'a str,
    part: std::ops::Range<usize>,
    base: usize,
    arena: &'a Arena,
    receiver: &mut dyn Receiver<'a>,
) -> (Table<'a>, Vec<SyntaxError>) {
    let source = Source::new(text);
    let offset = part.start + base;
    let part_text = &text[part];
    let piece_source = Source::new(part_text);
    let mut lexer = piece_source.lex();
    let mut tokens: Vec<Token> = Vec::with_capacity(PIECE + 64);
    let mut events: Vec<Event> = Vec::with_capacity(PIECE + 64);
    let mut errors: Vec<ParseError> = Vec::new();
    let mut found: Vec<SyntaxError> = Vec::new();
    let mut document = Document {
        source,
        base,
        member: arena.member(),
        root: Table::default(),
        current: Table::default(),
        header: None,
        spare: Spare::default(),
    };
    let mut brackets = Brackets::new();
    // The header a piece ended before, which starts the next.
    let mut carried: Option<Token> = None;
    let mut ended = false;
    while !ended {
        ended = true;
        let mut header = None;
        tokens.extend(carried.take());
        for token in lexer.by_ref() {
            if let Some(len) = brackets.take(&token, part_text) {
                let start = token.span().start();
                header = Some(start..start + len);
                carried = Some(token);
                ended = false;
                break;
            }
            tokens.push(token);
            if token.kind() == TokenKind::Newline && brackets.balanced() && tokens.len() >= PIECE {
                ended = false;
                break;
            }
        }
        let from = errors.len();
        {
            let mut whitespace = ValidateWhitespace::new(&mut events, piece_source);
            let mut guarded = RecursionGuard::new(&mut whitespace, MAX_DEPTH);
            toml_parser::parser::parse_document(&tokens, &mut guarded, &mut errors);
        }
        // Arrays or inline tables left open where the parser stopped reading into them.
        let gave_up = if header.is_some() || ended {
            unclosed(&mut errors, from, part_text, header, brackets.mismatched)
        } else {
            None
        };
        if offset != 0 {
            for event in &mut events {
                let span = event.span();
                let span = Span::new_unchecked(span.start() + offset, span.end() + offset);
                *event = Event::new_unchecked(event.kind(), event.encoding(), span);
            }
        }
        let mut input = Input {
            events: &events,
            at: 0,
        };
        let from = errors.len();
        document.expressions(&mut input, &mut errors, receiver);
        if let Some((_, consequences)) = &gave_up {
            let consequences = consequences + offset;
            let piece = errors.split_off(from);
            errors.extend(
                piece
                    .into_iter()
                    .filter(|error| position(error).is_none_or(|p| p < consequences)),
            );
        }
        found.extend(errors.drain(..).map(SyntaxError::Toml));
        if let Some((unclosed, _)) = gave_up {
            found.push(SyntaxError::Unclosed(unclosed.shifted(offset)));
        }
        tokens.clear();
        events.clear();
    }
    document.finish_table(&mut errors, receiver);
    found.extend(errors.drain(..).map(SyntaxError::Toml));
    (document.root, found)
}

/// The events of one piece, read front to back.
struct Input<'e> {
    events: &'e [Event],
    at: usize,
}

impl Input<'_> {
    fn next(&mut self) -> Option<Event> {
        let event = self.events.get(self.at).copied();
        self.at += 1;
        event
    }

    fn peek(&self, ahead: usize) -> Option<EventKind> {
        self.events.get(self.at + ahead).map(Event::kind)
    }
}

struct Header<'a> {
    path: Vec<Key<'a>>,
    key: Option<Key<'a>>,
    span: Span,
    is_array: bool,
}

struct Document<'a> {
    source: Source<'a>,
    /// How far the events' spans are moved on from `source` ([`read_at`]).
    base: usize,
    member: Member<'a>,
    root: Table<'a>,
    /// The table the lines being read belong to (the root's own keys before any header).
    current: Table<'a>,
    header: Option<Header<'a>>,
    /// The lists of records handed over, emptied, for the next records' tables and arrays:
    /// a record's tree is a dozen small lists, which would otherwise be allocated and freed
    /// for every record.
    spare: Spare<'a>,
}

/// Emptied lists to use again ([`Document::spare`]).
#[derive(Default)]
struct Spare<'a> {
    entries: std::cell::RefCell<Vec<Vec<(Key<'a>, Item<'a>)>>>,
    items: std::cell::RefCell<Vec<Vec<Item<'a>>>>,
}

impl<'a> Spare<'a> {
    /// How many lists of each kind are kept: more than one record's worth.
    const KEPT: usize = 256;

    fn entries(&self) -> Vec<(Key<'a>, Item<'a>)> {
        self.entries.borrow_mut().pop().unwrap_or_default()
    }

    fn items(&self) -> Vec<Item<'a>> {
        self.items.borrow_mut().pop().unwrap_or_default()
    }

    /// Takes `item`'s lists (and those within), emptied, to keep them.
    fn keep(&self, mut item: Item<'a>) {
        self.keep_lists(item.get_mut());
    }

    fn keep_lists(&self, value: &mut Value<'a>) {
        match value {
            Value::Table(table) => {
                for (_, value) in &mut table.entries {
                    self.keep_lists(value.get_mut());
                }
                Self::put_back(&self.entries, &mut table.entries);
            }
            Value::Array(array) => {
                for value in &mut array.items {
                    self.keep_lists(value.get_mut());
                }
                Self::put_back(&self.items, &mut array.items);
            }
            _ => {}
        }
    }

    /// Empties `list` and keeps it in `kept`, unless that holds [`Self::KEPT`] already.
    fn put_back<T>(kept: &std::cell::RefCell<Vec<Vec<T>>>, list: &mut Vec<T>) {
        list.clear();
        let mut kept = kept.borrow_mut();
        if kept.len() < Self::KEPT {
            kept.push(std::mem::take(list));
        }
    }
}

impl<'a> Document<'a> {
    /// The text of `event`, whose span is moved on by `base` from the source.
    fn raw(&self, event: Event) -> Option<toml_parser::Raw<'a>> {
        if self.base == 0 {
            return self.source.get(event);
        }
        let span = event.span();
        let span = Span::new_unchecked(span.start() - self.base, span.end() - self.base);
        self.source
            .get(Event::new_unchecked(event.kind(), event.encoding(), span))
    }
}

fn span_of(span: Span) -> std::ops::Range<usize> {
    span.start()..span.end()
}

fn key_span(key: &Key<'_>) -> Span {
    let span = key.span();
    Span::new_unchecked(span.start, span.end)
}

fn duplicate(key: &Key<'_>) -> ParseError {
    ParseError::new("duplicate key").with_unexpected(key_span(key))
}

/// `key` would extend a value of type `kind` that is not a table open to dotted keys.
fn cannot_extend(kind: &str, key: &Key<'_>) -> ParseError {
    ParseError::new(format!(
        "cannot extend value of type {kind} with a dotted key"
    ))
    .with_unexpected(key_span(key))
}

impl<'a> Document<'a> {
    fn text(&self, decoded: Cow<'a, str>) -> &'a str {
        match decoded {
            Cow::Borrowed(text) => text,
            Cow::Owned(text) => self.member.alloc_str(&text),
        }
    }

    /// `toml = expression *( newline expression )`
    fn expressions(
        &mut self,
        input: &mut Input<'_>,
        errors: &mut Vec<ParseError>,
        receiver: &mut dyn Receiver<'a>,
    ) {
        while let Some(event) = input.next() {
            match event.kind() {
                EventKind::StdTableOpen | EventKind::ArrayTableOpen => {
                    self.finish_table(errors, receiver);
                    let header = self.on_table(event, input, errors);
                    self.start_table(header, errors);
                }
                EventKind::SimpleKey => {
                    let (path, key) = self.on_key(event, input, errors);
                    let Some(key) = key else {
                        break;
                    };
                    let Some(mut next) = input.next() else {
                        break;
                    };
                    if next.kind() == EventKind::Whitespace {
                        let Some(after) = input.next() else {
                            break;
                        };
                        next = after;
                    }
                    if next.kind() != EventKind::KeyValSep {
                        break;
                    }
                    if input.peek(0) == Some(EventKind::Whitespace) {
                        input.next();
                    }
                    let value = self.value(input, errors);
                    self.capture_key_value(path, key, value, errors);
                }
                _ => {}
            }
        }
    }

    /// `key = simple-key / dotted-key`: the path to the key, and the key.
    fn on_key(
        &self,
        first: Event,
        input: &mut Input<'_>,
        errors: &mut Vec<ParseError>,
    ) -> (Vec<Key<'a>>, Option<Key<'a>>) {
        let mut path = Vec::new();
        let mut key: Option<Key<'a>> = None;
        let mut current = Some(first);
        let more = |input: &Input<'_>| {
            input.peek(0) == Some(EventKind::KeySep)
                || (input.peek(0) == Some(EventKind::Whitespace)
                    && input.peek(1) == Some(EventKind::KeySep))
        };
        let mut close = |current: &mut Option<Event>, errors: &mut Vec<ParseError>| {
            let Some(event) = current.take() else {
                return;
            };
            let Some(raw) = self.raw(event) else {
                return;
            };
            let decoded = match undecoded(raw.as_str(), event.encoding(), true) {
                Some(text) => text,
                None => {
                    let mut decoded = Cow::Borrowed("");
                    raw.decode_key(&mut decoded, errors);
                    self.text(decoded)
                }
            };
            let decoded = Spanned::new(span_of(event.span()), decoded);
            if let Some(last) = key.replace(decoded) {
                path.push(last);
            }
        };
        if more(input) {
            while let Some(event) = input.next() {
                match event.kind() {
                    EventKind::SimpleKey => {
                        current = Some(event);
                        if !more(input) {
                            break;
                        }
                    }
                    EventKind::KeySep => close(&mut current, errors),
                    _ => {}
                }
            }
        }
        close(&mut current, errors);
        if path.len() >= MAX_DEPTH as usize {
            let start = path[0].span().start;
            let end = key.as_ref().map_or(start, |k| k.span().end);
            errors.push(
                ParseError::new(format!(
                    "recursion limit: a key of {} dotted parts",
                    path.len() + 1
                ))
                .with_unexpected(Span::new_unchecked(start, end)),
            );
            return (Vec::new(), None);
        }
        (path, key)
    }

    /// `[table]` or `[[table]]`.
    fn on_table(
        &self,
        open: Event,
        input: &mut Input<'_>,
        errors: &mut Vec<ParseError>,
    ) -> Header<'a> {
        let is_array = open.kind() == EventKind::ArrayTableOpen;
        let mut path = None;
        let mut key = None;
        let mut span = open.span();
        while let Some(event) = input.next() {
            match event.kind() {
                EventKind::ArrayTableClose | EventKind::StdTableClose => {
                    span = span.append(event.span());
                    break;
                }
                EventKind::SimpleKey => {
                    let (p, k) = self.on_key(event, input, errors);
                    path = Some(p);
                    key = k;
                }
                _ => {}
            }
        }
        Header {
            path: path.unwrap_or_default(),
            key,
            span,
            is_array,
        }
    }

    /// `val = string / boolean / array / inline-table / date-time / float / integer`
    fn value(&self, input: &mut Input<'_>, errors: &mut Vec<ParseError>) -> Item<'a> {
        while let Some(event) = input.next() {
            match event.kind() {
                EventKind::InlineTableOpen => return self.inline_table(event, input, errors),
                EventKind::ArrayOpen => return self.array(event, input, errors),
                EventKind::Scalar => return self.scalar(event, errors),
                EventKind::Whitespace => {}
                _ => break,
            }
        }
        Spanned::new(0..0, Value::Integer("0", 10))
    }

    fn scalar(&self, event: Event, errors: &mut Vec<ParseError>) -> Item<'a> {
        use toml_parser::decoder::ScalarKind;
        let span = span_of(event.span());
        let Some(raw) = self.raw(event) else {
            return Spanned::new(span, Value::Boolean);
        };
        if let Some(text) = undecoded(raw.as_str(), event.encoding(), false) {
            return Spanned::new(span, Value::String(text));
        }
        let mut decoded = Cow::Borrowed("");
        let before = errors.len();
        let kind = raw.decode_scalar(&mut decoded, errors);
        let clean = errors.len() == before;
        let value = match kind {
            ScalarKind::String => Value::String(self.text(decoded)),
            ScalarKind::Boolean(_) => Value::Boolean,
            ScalarKind::DateTime => match decoded.parse::<toml::value::Datetime>() {
                Ok(date) => Value::Datetime(date),
                Err(e) => {
                    errors.push(ParseError::new(e.to_string()).with_unexpected(event.span()));
                    Value::Boolean
                }
            },
            ScalarKind::Float => Value::Float,
            ScalarKind::Integer(radix) => {
                let digits = self.text(decoded);
                if clean && i64::from_str_radix(digits, radix.value()).is_err() {
                    let unsigned = digits.strip_prefix(['+', '-']).unwrap_or(digits);
                    let well_formed =
                        !unsigned.is_empty() && unsigned.chars().all(|c| c.is_digit(radix.value()));
                    let message = if well_formed {
                        "integer out of range: TOML integers are 64-bit".to_owned()
                    } else {
                        format!(
                            "invalid number `{}`",
                            crate::terminal::visible(raw.as_str())
                        )
                    };
                    errors.push(ParseError::new(message).with_unexpected(event.span()));
                }
                Value::Integer(digits, radix.value())
            }
        };
        Spanned::new(span, value)
    }

    fn array(&self, open: Event, input: &mut Input<'_>, errors: &mut Vec<ParseError>) -> Item<'a> {
        let mut array = Array {
            items: self.spare.items(),
            of_tables: false,
        };
        let mut close = open.span();
        let mut current: Option<Item<'a>> = None;
        while let Some(event) = input.next() {
            close = event.span();
            match event.kind() {
                EventKind::StdTableOpen
                | EventKind::ArrayTableOpen
                | EventKind::InlineTableClose
                | EventKind::SimpleKey
                | EventKind::KeySep
                | EventKind::KeyValSep
                | EventKind::StdTableClose
                | EventKind::ArrayTableClose => break,
                EventKind::InlineTableOpen => {
                    current = Some(self.inline_table(event, input, errors));
                }
                EventKind::ArrayOpen => current = Some(self.array(event, input, errors)),
                EventKind::Scalar => current = Some(self.scalar(event, errors)),
                EventKind::ValueSep => array.items.extend(current.take()),
                EventKind::ArrayClose => {
                    array.items.extend(current.take());
                    break;
                }
                _ => {}
            }
        }
        Spanned::new(open.span().start()..close.end(), Value::Array(array))
    }

    fn inline_table(
        &self,
        open: Event,
        input: &mut Input<'_>,
        errors: &mut Vec<ParseError>,
    ) -> Item<'a> {
        let mut table = Table {
            inline: true,
            entries: self.spare.entries(),
            ..Table::default()
        };
        let mut close = open.span();
        let mut key: Option<(Vec<Key<'a>>, Key<'a>)> = None;
        let mut value: Option<Item<'a>> = None;
        let finish = |table: &mut Table<'a>,
                      key: &mut Option<(Vec<Key<'a>>, Key<'a>)>,
                      value: &mut Option<Item<'a>>,
                      errors: &mut Vec<ParseError>| {
            let (Some((path, key)), Some(value)) = (key.take(), value.take()) else {
                return;
            };
            let Some(parent) = descend_inline(table, &path, errors) else {
                return;
            };
            if parent.dotted == path.is_empty() {
                errors.push(duplicate(&key));
            } else if let Some(at) = parent.position(key.get_ref()) {
                errors.push(duplicate(&key).with_context(key_span(&parent.entries[at].0)));
            } else {
                parent.push(key, value);
            }
        };
        while let Some(event) = input.next() {
            close = event.span();
            match event.kind() {
                EventKind::StdTableOpen
                | EventKind::ArrayTableOpen
                | EventKind::StdTableClose
                | EventKind::ArrayClose
                | EventKind::ArrayTableClose
                | EventKind::KeySep => break,
                EventKind::SimpleKey => {
                    let (path, k) = self.on_key(event, input, errors);
                    if let Some(k) = k {
                        key = Some((path, k));
                    }
                }
                EventKind::InlineTableOpen => {
                    value = Some(self.inline_table(event, input, errors));
                }
                EventKind::ArrayOpen => value = Some(self.array(event, input, errors)),
                EventKind::Scalar => value = Some(self.scalar(event, errors)),
                EventKind::ValueSep => finish(&mut table, &mut key, &mut value, errors),
                EventKind::InlineTableClose => {
                    finish(&mut table, &mut key, &mut value, errors);
                    break;
                }
                _ => {}
            }
        }
        Spanned::new(open.span().start()..close.end(), Value::Table(table))
    }

    fn capture_key_value(
        &mut self,
        path: Vec<Key<'a>>,
        key: Key<'a>,
        value: Item<'a>,
        errors: &mut Vec<ParseError>,
    ) {
        let dotted = !path.is_empty();
        let Some(parent) = descend(&mut self.current, &path, dotted, errors) else {
            return;
        };
        // Dotted keys may not add to a table defined with a header.
        if dotted && !parent.implicit {
            errors.push(duplicate(&key));
            return;
        }
        match parent.position(key.get_ref()) {
            None => {
                parent.push(key, value);
            }
            Some(at) => {
                errors.push(duplicate(&key).with_context(key_span(&parent.entries[at].0)));
            }
        }
    }

    /// Puts the table just read in its place; hands over the record it closes, if any.
    fn finish_table(&mut self, errors: &mut Vec<ParseError>, receiver: &mut dyn Receiver<'a>) {
        let table = std::mem::take(&mut self.current);
        let Some(header) = self.header.take() else {
            self.root = table;
            return;
        };
        let Some(key) = header.key else {
            return;
        };
        let header_span = span_of(header.span);
        let table = Spanned::new(header_span.clone(), Value::Table(table));
        let Some(parent) = descend(&mut self.root, &header.path, false, errors) else {
            return;
        };
        if !header.is_array {
            parent.push(key, table);
            return;
        }
        let streamed = header.path.is_empty() && receiver.streams(key.get_ref());
        let name = *key.get_ref();
        let at = match parent.position(name) {
            Some(at) => at,
            None => parent.push(
                key,
                Spanned::new(
                    header_span,
                    Value::Array(Array {
                        items: self.spare.items(),
                        of_tables: true,
                    }),
                ),
            ),
        };
        let entry = parent.value_mut(at);
        let old = entry.span();
        let Value::Array(array) = entry.get_mut() else {
            errors.push(duplicate(&key).with_context(Span::new_unchecked(old.start, old.end)));
            return;
        };
        if !array.of_tables {
            errors.push(duplicate(&key).with_context(Span::new_unchecked(old.start, old.end)));
            return;
        }
        let closed = if streamed { array.items.pop() } else { None };
        array.items.push(table);
        if let Some(closed) = closed {
            receiver.record(&self.root, name, &closed);
            self.spare.keep(closed);
        }
    }

    fn start_table(&mut self, header: Header<'a>, errors: &mut Vec<ParseError>) {
        if !header.is_array
            && let Some(key) = &header.key
            && let Some(parent) = descend(&mut self.root, &header.path, false, errors)
            && let Some(at) = parent.position(key.get_ref())
        {
            let (old_key, old) = parent.remove(at);
            match old.into_inner() {
                Value::Table(table) if table.implicit && !table.dotted => self.current = table,
                old => {
                    errors.push(duplicate(key).with_context(key_span(&old_key)));
                    if let Value::Table(table) = old {
                        self.current = table;
                    }
                }
            }
        }
        self.current.implicit = false;
        self.current.dotted = false;
        if self.current.entries.capacity() == 0 {
            self.current.entries = self.spare.entries();
        }
        if self.current.entries.capacity() == 0 {
            // A record has about this many keys: one allocation, no growing.
            self.current.entries.reserve_exact(10);
        }
        self.header = Some(header);
    }
}

/// The table at `path` below `table`, made as needed (implicitly): for keys and headers.
fn descend<'t, 'a>(
    mut table: &'t mut Table<'a>,
    path: &[Key<'a>],
    dotted: bool,
    errors: &mut Vec<ParseError>,
) -> Option<&'t mut Table<'a>> {
    for key in path {
        let at = match table.position(key.get_ref()) {
            Some(at) => at,
            None => {
                let new = Table {
                    implicit: true,
                    dotted,
                    ..Table::default()
                };
                table.push(*key, Spanned::new(key.span(), Value::Table(new)))
            }
        };
        let entry = table.value_mut(at);
        let old = entry.span();
        let old = Span::new_unchecked(old.start, old.end);
        table = match entry.get_mut() {
            Value::Array(array) => {
                if !array.of_tables {
                    errors.push(cannot_extend("array", key).with_context(old));
                    return None;
                }
                match array.items.last_mut().map(Spanned::get_mut) {
                    Some(Value::Table(last)) => last,
                    other => {
                        let kind = other.map_or("array", |v| v.type_str());
                        errors.push(cannot_extend(kind, key).with_context(old));
                        return None;
                    }
                }
            }
            Value::Table(child) => {
                if child.inline {
                    errors.push(cannot_extend("inline table", key));
                    return None;
                }
                if dotted && child.implicit {
                    child.dotted = true;
                }
                if dotted && !child.implicit {
                    errors.push(duplicate(key));
                    return None;
                }
                child
            }
            other => {
                errors.push(cannot_extend(other.type_str(), key).with_context(old));
                return None;
            }
        };
    }
    Some(table)
}

/// [`descend`] inside an inline table: every table made there is inline and dotted.
fn descend_inline<'t, 'a>(
    mut table: &'t mut Table<'a>,
    path: &[Key<'a>],
    errors: &mut Vec<ParseError>,
) -> Option<&'t mut Table<'a>> {
    for key in path {
        let at = match table.position(key.get_ref()) {
            Some(at) => at,
            None => {
                let new = Table {
                    implicit: true,
                    dotted: true,
                    inline: true,
                    ..Table::default()
                };
                table.push(*key, Spanned::new(key.span(), Value::Table(new)))
            }
        };
        let entry = table.value_mut(at);
        let old = entry.span();
        table = match entry.get_mut() {
            Value::Table(child) => {
                if !child.implicit {
                    errors.push(duplicate(key));
                    return None;
                }
                child
            }
            other => {
                errors.push(
                    cannot_extend(other.type_str(), key)
                        .with_context(Span::new_unchecked(old.start, old.end)),
                );
                return None;
            }
        };
    }
    Some(table)
}

/// A syntax error's message, worded as the `toml` crate words it.
pub(crate) fn message(error: &ParseError) -> String {
    let mut message = error.description().to_owned();
    if let Some(expected) = error.expected() {
        message.push_str(", expected ");
        if expected.is_empty() {
            message.push_str("nothing");
        } else {
            for (i, expected) in expected.iter().enumerate() {
                if i != 0 {
                    message.push_str(", ");
                }
                match expected {
                    toml_parser::Expected::Literal(desc) => message.push_str(&match *desc {
                        "\n" => "newline".to_owned(),
                        "`" => "'`'".to_owned(),
                        s if s.chars().all(|c| c.is_ascii_control()) => {
                            format!("`{}`", s.escape_debug())
                        }
                        s => format!("`{s}`"),
                    }),
                    toml_parser::Expected::Description(desc) => message.push_str(desc),
                    _ => message.push_str("etc"),
                }
            }
        }
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps every record in the tree.
    struct Keep;

    impl<'a> Receiver<'a> for Keep {
        fn streams(&self, _: &str) -> bool {
            false
        }
        fn record(&mut self, _: &Table<'a>, _: &'a str, _: &Item<'a>) {}
    }

    /// The syntax errors of `text[part]`: each parser error's description and where it points,
    /// each unclosed bracket as it is.
    fn errors_of(
        text: &str,
        part: std::ops::Range<usize>,
    ) -> (Vec<(String, usize)>, Vec<Unclosed>) {
        let arena = Arena::new();
        let (_, found) = read(text, part, &arena, &mut Keep);
        let mut toml = Vec::new();
        let mut unclosed = Vec::new();
        for error in found {
            match error {
                SyntaxError::Toml(error) => {
                    toml.push((error.description().to_owned(), position(&error).unwrap()));
                }
                SyntaxError::Unclosed(u) => unclosed.push(u),
            }
        }
        (toml, unclosed)
    }

    /// What the fast path takes undecoded is what `toml_parser`'s decoder gives, with no
    /// error; and the keys and strings of a catalogue are taken.
    #[test]
    fn undecoded_text_is_the_decoders() {
        use toml_parser::Raw;
        let chars = (0u8..128).map(char::from).chain(['é', '✓', '\u{1F600}']);
        let mut taken = 0;
        for c in chars {
            for (encoding, quote) in [
                (Some(Encoding::BasicString), "\""),
                (Some(Encoding::LiteralString), "'"),
                (None, ""),
            ] {
                let mut samples =
                    vec![format!("{quote}a{c}b{quote}"), format!("{quote}{c}{quote}")];
                if !quote.is_empty() {
                    samples.extend([format!("{quote}a{c}"), format!("{c}{quote}")]);
                }
                for raw in &samples {
                    let token =
                        Raw::new_unchecked(raw, encoding, Span::new_unchecked(0, raw.len()));
                    for key in [true, false] {
                        let Some(text) = undecoded(raw, encoding, key) else {
                            continue;
                        };
                        taken += 1;
                        let mut decoded = Cow::Borrowed("");
                        let mut errors: Vec<ParseError> = Vec::new();
                        if key {
                            token.decode_key(&mut decoded, &mut errors);
                        } else {
                            let kind = token.decode_scalar(&mut decoded, &mut errors);
                            let string = toml_parser::decoder::ScalarKind::String;
                            assert_eq!(kind, string, "{raw:?}");
                        }
                        assert!(errors.is_empty(), "{raw:?} (key: {key}): {errors:?}");
                        assert_eq!(text, decoded, "{raw:?} (key: {key})");
                    }
                }
            }
        }
        assert!(taken > 500, "{taken}");
        let basic = Some(Encoding::BasicString);
        assert_eq!(
            undecoded("\"OCP \u{2713}\"", basic, false),
            Some("OCP \u{2713}")
        );
        assert_eq!(
            undecoded("'C:\\x'", Some(Encoding::LiteralString), false),
            None
        );
        assert_eq!(undecoded("spec-id_2", None, true), Some("spec-id_2"));
        assert_eq!(undecoded("\"a\\tb\"", basic, false), None);
        assert_eq!(undecoded("\"", basic, false), None);
        assert_eq!(undecoded("", None, true), None);
    }

    fn errors(text: &str) -> (Vec<(String, usize)>, Vec<Unclosed>) {
        errors_of(text, 0..text.len())
    }

    fn at(text: &str, what: &str) -> usize {
        text.find(what).unwrap()
    }

    #[test]
    fn a_header_line_that_is_no_value_is_seen() {
        assert_eq!(header_len(b"[[spec]]\nid = 1"), Some(8));
        assert_eq!(header_len(b"[spec.history]  # a comment"), Some(14));
        assert_eq!(header_len(b"[ \"a b\" . c ]\r\n"), Some(13));
        assert_eq!(header_len(b"[[org]]"), Some(7));
        // Values: an element of an array, not a header.
        assert_eq!(header_len(b"[1, 2],"), None);
        assert_eq!(header_len(b"[true]"), None);
        assert_eq!(header_len(b"[inf]"), None);
        assert_eq!(header_len(b"[\"quoted\"]"), None);
        assert_eq!(header_len(b"[[1]]"), None);
        // Not a header: something after it, or not closed.
        assert_eq!(header_len(b"[[spec]],"), None);
        assert_eq!(header_len(b"[[spec]"), None);
        assert_eq!(header_len(b"[spec"), None);
        assert_eq!(header_len(b"[\"a"), None);
        assert_eq!(header_len(b"['a"), None);
        assert_eq!(header_len(b"[]"), None);
        assert_eq!(header_len(b"["), None);
    }

    #[test]
    fn an_array_open_at_a_header_is_one_error_at_its_bracket() {
        let text = "format = 1\n[[spec]]\nid = \"a\"\nbroken = [1,\ntitle = \"T\"\nkind = x\n\
                    [[spec]]\nid = \"b\"\n";
        let (toml, unclosed) = errors(text);
        assert_eq!(toml, []);
        let header = text.rfind("[[spec]]").unwrap();
        assert_eq!(
            unclosed,
            [Unclosed {
                open: at(text, "[1,")..at(text, "[1,") + 1,
                inline_table: false,
                outer: None,
                until: Until::Header(header..header + 8),
            }]
        );
    }

    #[test]
    fn an_inline_table_open_at_a_header_is_one_error_at_its_brace() {
        let text = "format = 1\nx = {a = 1, b = 2\n\n[[org]]\nid = \"a\"\n";
        let (toml, unclosed) = errors(text);
        assert_eq!(toml, []);
        assert_eq!(unclosed.len(), 1);
        assert!(unclosed[0].inline_table);
        assert_eq!(unclosed[0].open.start, at(text, "{"));
        let header = at(text, "[[org]]");
        assert_eq!(unclosed[0].until, Until::Header(header..header + 7));
    }

    #[test]
    fn an_array_open_at_the_end_is_one_error_at_its_bracket() {
        let text = "format = 1\n[[org]]\nx = [1, 2,\n  3\n  4 = 5\n";
        let (toml, unclosed) = errors(text);
        assert_eq!(toml, []);
        assert_eq!(unclosed.len(), 1);
        assert_eq!(unclosed[0].open.start, at(text, "[1"));
        // Just after the last thing read into it.
        assert!(matches!(unclosed[0].until, Until::End(ref end) if end.start == text.len() - 1));
    }

    #[test]
    fn reading_goes_on_at_the_header() {
        // A later problem of its own is still reported, where it is.
        let text = "format = 1\nx = [1,\n[[org]]\nid = 0x\n[[org]]\ny = [2,\n";
        let (toml, unclosed) = errors(text);
        assert_eq!(toml, [("invalid number `0x`".to_owned(), at(text, "0x"))]);
        assert_eq!(unclosed.len(), 2);
        assert_eq!(unclosed[0].open.start, at(text, "[1"));
        assert_eq!(unclosed[1].open.start, at(text, "[2"));
        assert!(matches!(unclosed[1].until, Until::End(_)));
    }

    #[test]
    fn the_line_of_the_bracket_is_still_judged() {
        let text = "format = 1\nx = [1 \"a\",\n[[org]]\n";
        let (toml, unclosed) = errors(text);
        assert_eq!(
            toml,
            [(
                "missing comma between array elements".to_owned(),
                at(text, "\"a")
            )]
        );
        assert_eq!(unclosed.len(), 1);
    }

    #[test]
    fn nested_brackets_give_the_innermost_and_the_outermost() {
        let text = "format = 1\nx = [[1, 2], [3, {a = 4\n[[org]]\n";
        let (toml, unclosed) = errors(text);
        assert_eq!(toml, []);
        assert_eq!(unclosed.len(), 1);
        assert!(unclosed[0].inline_table);
        assert_eq!(unclosed[0].open.start, at(text, "{"));
        let outer = at(text, "[[1");
        assert_eq!(unclosed[0].outer, Some((outer..outer + 1, false)));
    }

    #[test]
    fn an_outer_bracket_whose_close_the_inner_one_took_is_not_called_unclosed() {
        let text = "format = 1\nx = [{a = 1, b = 2]\n[[org]]\n";
        let (toml, unclosed) = errors(text);
        // `]` in an inline table: an error of the bracket's own line.
        assert_eq!(toml.len(), 1, "{toml:?}");
        assert_eq!(unclosed.len(), 1);
        assert!(unclosed[0].inline_table);
        assert_eq!(unclosed[0].outer, None);
    }

    #[test]
    fn arrays_at_the_start_of_lines_are_no_headers() {
        for text in [
            "format = 1\nx = [\n[1, 2],\n[\"a\"],\n[true]\n]\n[[org]]\nid = \"a\"\n",
            "format = 1\nx = [\n  [[1]],\n]\n",
            "format = 1\nx = {a = [\n[1]\n]}\n",
        ] {
            assert_eq!(errors(text), (vec![], vec![]), "{text}");
        }
    }

    #[test]
    fn a_header_not_closed_or_a_stray_bracket_changes_nothing_after_its_line() {
        let text = "format = 1\n[spec\n[[org]]\na = 1]\nb = [1,\n2]\nc = 0x\n";
        let (toml, unclosed) = errors(text);
        assert_eq!(unclosed, []);
        let lines: Vec<usize> = toml
            .iter()
            .map(|(_, at)| text[..*at].matches('\n').count() + 1)
            .collect();
        assert_eq!(lines, [2, 4, 7], "{toml:?}");
    }

    #[test]
    fn the_same_in_pieces_and_in_a_part() {
        // Far more tokens than a piece before and after the bracket.
        let records = "[[org]]\nid = \"a\"\nname = \"A\"\n".repeat(2000);
        let text = format!("format = 1\n{records}x = [1,\nname = \"B\"\n{records}y = 0x\n");
        let (toml, unclosed) = errors(&text);
        assert_eq!(toml, [("invalid number `0x`".to_owned(), at(&text, "0x"))]);
        let open = at(&text, "[1,");
        let header = open + "[1,\nname = \"B\"\n".len();
        assert_eq!(
            unclosed,
            [Unclosed {
                open: open..open + 1,
                inline_table: false,
                outer: None,
                until: Until::Header(header..header + 7),
            }]
        );
        // Read as a later part, the spans are still in the whole text.
        let part = at(&text, "[[org]]");
        assert_eq!(errors_of(&text, part..text.len()).1, unclosed);
    }
}
