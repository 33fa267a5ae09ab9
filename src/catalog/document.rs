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
//! The rules follow the `toml` crate's document builder (`toml::de::parser::document`), so a
//! text is TOML here exactly when it is TOML there, with the same error messages.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::{Event, EventKind, RecursionGuard, ValidateWhitespace};
use toml_parser::{ParseError, Source, Span};

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

/// `a == b`, cheaply refused on the length and first byte (keys of a table mostly differ
/// there), as tables are searched on every key read.
#[inline]
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
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

    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
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
    fn record(&mut self, root: &Table<'a>, key: &'a str, record: Item<'a>);
}

/// Reads `text[part]` as TOML, a document of its own, with spans in `text`. Returns the
/// top-level table (with the last record of each streamed array still in it) and the syntax
/// errors, in the order found. Only for a part that starts at 0 are all of the errors'
/// spans in `text`: a later part's errors only tell that it did not read cleanly.
pub(crate) fn read<'a>(
    text: &'a str,
    part: std::ops::Range<usize>,
    arena: &'a Arena,
    receiver: &mut dyn Receiver<'a>,
) -> (Table<'a>, Vec<ParseError>) {
    let source = Source::new(text);
    let offset = part.start;
    let piece_source = Source::new(&text[part]);
    let mut lexer = piece_source.lex();
    let mut tokens: Vec<Token> = Vec::with_capacity(PIECE + 64);
    let mut events: Vec<Event> = Vec::with_capacity(PIECE + 64);
    let mut errors: Vec<ParseError> = Vec::new();
    let mut document = Document {
        source,
        member: arena.member(),
        root: Table::default(),
        current: Table::default(),
        header: None,
    };
    // Open arrays and inline tables (and header brackets) at the token read last.
    let mut depth: i64 = 0;
    let mut ended = false;
    while !ended {
        ended = true;
        for token in lexer.by_ref() {
            match token.kind() {
                TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
                TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => depth -= 1,
                _ => {}
            }
            tokens.push(token);
            if token.kind() == TokenKind::Newline && depth == 0 && tokens.len() >= PIECE {
                ended = false;
                break;
            }
        }
        {
            let mut whitespace = ValidateWhitespace::new(&mut events, piece_source);
            let mut guarded = RecursionGuard::new(&mut whitespace, MAX_DEPTH);
            toml_parser::parser::parse_document(&tokens, &mut guarded, &mut errors);
        }
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
        document.expressions(&mut input, &mut errors, receiver);
        tokens.clear();
        events.clear();
    }
    document.finish_table(&mut errors, receiver);
    (document.root, errors)
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
    member: Member<'a>,
    root: Table<'a>,
    /// The table the lines being read belong to (the root's own keys before any header).
    current: Table<'a>,
    header: Option<Header<'a>>,
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
            let Some(raw) = self.source.get(event) else {
                return;
            };
            let mut decoded = Cow::Borrowed("");
            raw.decode_key(&mut decoded, errors);
            let decoded = Spanned::new(span_of(event.span()), self.text(decoded));
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
        let Some(raw) = self.source.get(event) else {
            return Spanned::new(span, Value::Boolean);
        };
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
        let mut array = Array::default();
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
                        items: Vec::new(),
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
            receiver.record(&self.root, name, closed);
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
