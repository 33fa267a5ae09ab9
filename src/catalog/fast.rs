//! The fast reader: a catalogue written the plain way, read in one pass straight into the
//! [`Catalog`] model, or not at all.
//!
//! It understands the subset of TOML a catalogue is written in (what `spectrack fmt` and the
//! editing commands write): comments, `[[org]]`, `[[event]]`, `[[source]]`, `[[spec]]` and
//! `[[spec.history]]` headers, and `key = value` lines with bare keys, one-line strings,
//! arrays of strings, bare dates and `format = 1`. Whenever it meets anything else (another
//! form of TOML, a syntax error, an unknown or repeated key, a value of the wrong type, a
//! bad id, date, state or kind, a missing key), it gives up and returns `None`: the caller
//! then runs the full reader ([`super::schema`] on `toml`'s document tree), which reports
//! every problem. So it never produces a diagnostic itself, and it accepts a text only when
//! the full reader would find no problem of form and build the same catalogue, with the
//! same spans; a differential test holds it to that.

use std::borrow::Cow;

use super::model::{
    Arena, Catalog, Event, Expected, FORMAT, HistoryEntry, Org, Source, Spanned, Spec, Str,
};
use super::validate::check_id;
use super::vocab::{Kind, State};
use crate::date::PartialDate;

/// The catalogue in `text`, when it is written in the plain subset and well formed.
pub(crate) fn read<'a>(text: &'a str, arena: &'a Arena) -> Option<Catalog<'a>> {
    // Spans are u32; the file cap keeps catalogues far below that.
    if u32::try_from(text.len()).is_err() || text.starts_with('\u{feff}') {
        return None;
    }
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
        arena,
        items: Vec::new(),
    };
    reader.document()
}

/// Which table the lines being read belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Root,
    Org,
    Event,
    Source,
    Spec,
    History,
}

/// A value as written.
enum Value<'a> {
    Text(Str<'a>),
    List(Spanned<&'a [Str<'a>]>),
    /// A bare TOML date.
    Date(Spanned<PartialDate>),
    /// The integer 1, the only one a catalogue has.
    One(Spanned<i64>),
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    arena: &'a Arena,
    /// The items of the array being read, reused.
    items: Vec<Str<'a>>,
}

/// The fields of the record being read, each set at most once.
#[derive(Default)]
struct Fields<'a> {
    /// The header's span.
    header: (usize, usize),
    id: Option<Str<'a>>,
    name: Option<Str<'a>>,
    title: Option<Str<'a>>,
    short: Option<Str<'a>>,
    parent: Option<Str<'a>>,
    url: Option<Str<'a>>,
    place: Option<Str<'a>>,
    publisher: Option<Str<'a>>,
    summary: Option<Str<'a>>,
    at: Option<Str<'a>>,
    note: Option<Str<'a>>,
    version: Option<Str<'a>>,
    start: Option<Spanned<PartialDate>>,
    end: Option<Spanned<PartialDate>>,
    date: Option<Spanned<PartialDate>>,
    orgs: Option<Spanned<&'a [Str<'a>]>>,
    sources: Option<Spanned<&'a [Str<'a>]>>,
    topics: Option<Spanned<&'a [Str<'a>]>>,
    supersedes: Option<Spanned<&'a [Str<'a>]>>,
    kind: Option<Spanned<Kind>>,
    state: Option<Spanned<State>>,
    expected: Option<Spanned<Expected<'a>>>,
}

/// Sets a field that must not be set yet.
fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

impl<'a> Fields<'a> {
    fn span(&self) -> std::ops::Range<usize> {
        self.header.0..self.header.1
    }

    /// Takes `key = value` for a record of `section`; `None` for anything the full reader
    /// would report.
    fn set(&mut self, section: Section, key: &str, value: Value<'a>) -> Option<()> {
        use Section as S;
        match (section, key) {
            (S::Org | S::Event | S::Source | S::Spec, "id") => {
                let id = text(value)?;
                check_id(id.as_str()).ok()?;
                once(&mut self.id, id)
            }
            (S::Org | S::Event, "name") => once(&mut self.name, text(value)?),
            (S::Source | S::Spec, "title") => once(&mut self.title, text(value)?),
            (S::Org, "short") => once(&mut self.short, text(value)?),
            (S::Org, "parent") => once(&mut self.parent, text(value)?),
            (S::Org | S::Event | S::Source | S::Spec | S::History, "url") => {
                once(&mut self.url, text(value)?)
            }
            (S::Event, "place") => once(&mut self.place, text(value)?),
            (S::Event, "start") => once(&mut self.start, date(value)?),
            (S::Event, "end") => once(&mut self.end, date(value)?),
            (S::Event | S::Spec, "orgs") => once(&mut self.orgs, list(value)?),
            (S::Event | S::History, "sources") => once(&mut self.sources, list(value)?),
            (S::Source, "publisher") => once(&mut self.publisher, text(value)?),
            (S::Source | S::History, "date") => once(&mut self.date, date(value)?),
            (S::Spec, "kind") => {
                let word = text(value)?;
                let kind = word.get_ref().parse::<Kind>().ok()?;
                once(&mut self.kind, Spanned::new(word.span(), kind))
            }
            (S::Spec, "topics") => once(&mut self.topics, list(value)?),
            (S::Spec, "summary") => once(&mut self.summary, text(value)?),
            (S::Spec, "supersedes") => once(&mut self.supersedes, list(value)?),
            (S::History, "state") => {
                let word = text(value)?;
                let state = word.get_ref().parse::<State>().ok()?;
                once(&mut self.state, Spanned::new(word.span(), state))
            }
            (S::History, "expected") => {
                let expected = match value {
                    Value::Date(date) => Spanned::new(date.span(), Expected::Date(*date.get_ref())),
                    Value::Text(written) => {
                        let expected = Expected::parse(written.as_str()).ok()?;
                        if let Expected::Event(id) = expected {
                            check_id(id).ok()?;
                        }
                        Spanned::new(written.span(), expected)
                    }
                    _ => return None,
                };
                once(&mut self.expected, expected)
            }
            (S::History, "at") => once(&mut self.at, text(value)?),
            (S::History, "note") => once(&mut self.note, text(value)?),
            (S::History, "version") => once(&mut self.version, text(value)?),
            _ => None,
        }
    }

    fn org(self) -> Option<Spanned<Org<'a>>> {
        let span = self.span();
        Some(Spanned::new(
            span,
            Org {
                id: self.id?,
                name: self.name?,
                short: self.short,
                parent: self.parent,
                url: self.url,
            },
        ))
    }

    fn event(self) -> Option<Spanned<Event<'a>>> {
        let start = self.start?;
        Some(Spanned::new(
            self.span(),
            Event {
                id: self.id?,
                name: self.name?,
                start,
                end: self.end,
                place: self.place,
                orgs: items(self.orgs),
                sources: items(self.sources),
                url: self.url,
            },
        ))
    }

    fn source(self) -> Option<Spanned<Source<'a>>> {
        Some(Spanned::new(
            self.span(),
            Source {
                id: self.id?,
                title: self.title?,
                publisher: self.publisher?,
                date: self.date?,
                url: self.url,
            },
        ))
    }

    fn spec(self, history: &'a [Spanned<HistoryEntry<'a>>]) -> Option<Spanned<Spec<'a>>> {
        let orgs = self.orgs?;
        if orgs.get_ref().is_empty() {
            return None;
        }
        Some(Spanned::new(
            self.span(),
            Spec {
                id: self.id?,
                title: self.title?,
                kind: self.kind?,
                orgs,
                topics: items(self.topics),
                summary: self.summary,
                url: self.url,
                supersedes: items(self.supersedes),
                history,
            },
        ))
    }

    fn entry(self) -> Option<Spanned<HistoryEntry<'a>>> {
        Some(Spanned::new(
            self.span(),
            HistoryEntry {
                date: self.date?,
                state: self.state,
                expected: self.expected,
                at: self.at,
                sources: items(self.sources),
                note: self.note,
                url: self.url,
                version: self.version,
            },
        ))
    }
}

fn text(value: Value<'_>) -> Option<Str<'_>> {
    match value {
        Value::Text(text) => Some(text),
        _ => None,
    }
}

fn list<'a>(value: Value<'a>) -> Option<Spanned<&'a [Str<'a>]>> {
    match value {
        Value::List(list) => Some(list),
        _ => None,
    }
}

fn date(value: Value<'_>) -> Option<Spanned<PartialDate>> {
    match value {
        Value::Date(date) => Some(date),
        Value::Text(text) => Some(Spanned::new(
            text.span(),
            text.get_ref().parse::<PartialDate>().ok()?,
        )),
        _ => None,
    }
}

fn items<'a>(list: Option<Spanned<&'a [Str<'a>]>>) -> &'a [Str<'a>] {
    list.map_or(&[], |l| *l.get_ref())
}

/// The headers, as written.
const HEADERS: [(&[u8], Section); 5] = [
    (b"[[org]]", Section::Org),
    (b"[[event]]", Section::Event),
    (b"[[source]]", Section::Source),
    (b"[[spec]]", Section::Spec),
    (b"[[spec.history]]", Section::History),
];

impl<'a> Reader<'a> {
    fn document(&mut self) -> Option<Catalog<'a>> {
        let (mut orgs, mut events, mut sources, mut specs) = self.capacities();
        let mut format = None;
        let mut section = Section::Root;
        let mut fields = Fields::default();
        // The spec being read stays open through other tables: `[[spec.history]]` belongs
        // to the last `[[spec]]` above it, wherever it is.
        let mut spec: Option<Fields<'a>> = None;
        let mut history: Vec<Spanned<HistoryEntry<'a>>> = Vec::new();
        loop {
            self.blank();
            if self.at >= self.bytes.len() {
                break;
            }
            if self.bytes[self.at] == b'[' {
                let start = self.at;
                let (header, next) = HEADERS
                    .iter()
                    .find(|(h, _)| self.bytes[start..].starts_with(h))?;
                self.at += header.len();
                self.end_of_line()?;
                // Close the record above.
                let done = std::mem::take(&mut fields);
                match section {
                    Section::Root => {}
                    Section::Org => orgs.push(done.org()?),
                    Section::Event => events.push(done.event()?),
                    Section::Source => sources.push(done.source()?),
                    Section::Spec => spec = Some(done),
                    Section::History => history.push(done.entry()?),
                }
                match next {
                    Section::Spec => {
                        if let Some(open) = spec.take() {
                            specs.push(open.spec(self.arena.alloc_slice(&history))?);
                            history.clear();
                        }
                    }
                    Section::History if spec.is_none() => return None,
                    _ => {}
                }
                section = *next;
                fields.header = (start, start + header.len());
                continue;
            }
            let key = self.key()?;
            self.spaces();
            self.expect(b'=')?;
            self.spaces();
            let value = self.value()?;
            self.end_of_line()?;
            if section == Section::Root {
                match (key, value) {
                    ("format", Value::One(one)) if format.is_none() => format = Some(one),
                    _ => return None,
                }
            } else {
                fields.set(section, key, value)?;
            }
        }
        match section {
            Section::Root => {}
            Section::Org => orgs.push(fields.org()?),
            Section::Event => events.push(fields.event()?),
            Section::Source => sources.push(fields.source()?),
            Section::Spec => spec = Some(fields),
            Section::History => history.push(fields.entry()?),
        }
        if let Some(open) = spec {
            specs.push(open.spec(self.arena.alloc_slice(&history))?);
        }
        Some(Catalog::new(format?, orgs, events, sources, specs))
    }

    /// Vectors sized for the records the text has, so none grows by copying.
    #[allow(clippy::type_complexity)]
    fn capacities(
        &self,
    ) -> (
        Vec<Spanned<Org<'a>>>,
        Vec<Spanned<Event<'a>>>,
        Vec<Spanned<Source<'a>>>,
        Vec<Spanned<Spec<'a>>>,
    ) {
        let mut counts = [0usize; 4];
        for at in memchr::memmem::find_iter(self.bytes, b"\n[[") {
            let rest = &self.bytes[at + 1..];
            for (i, header) in [&b"[[org]]"[..], b"[[event]]", b"[[source]]", b"[[spec]]"]
                .iter()
                .enumerate()
            {
                if rest.starts_with(header) {
                    counts[i] += 1;
                }
            }
        }
        (
            Vec::with_capacity(counts[0]),
            Vec::with_capacity(counts[1]),
            Vec::with_capacity(counts[2]),
            Vec::with_capacity(counts[3]),
        )
    }

    /// Skips blank lines, comment lines and the indentation of the next line.
    fn blank(&mut self) {
        loop {
            self.spaces();
            match self.bytes.get(self.at) {
                Some(b'\n') => self.at += 1,
                Some(b'\r') if self.bytes.get(self.at + 1) == Some(&b'\n') => self.at += 2,
                Some(b'#') => {
                    if self.comment().is_none() {
                        // Left for the caller to find not a key.
                        return;
                    }
                }
                _ => return,
            }
        }
    }

    fn spaces(&mut self) {
        while let Some(b' ' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.bytes.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    /// A comment up to (not including) its line's end; `None` for a control character in it.
    fn comment(&mut self) -> Option<()> {
        let rest = &self.bytes[self.at..];
        let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let mut body = &rest[..len];
        if let [head @ .., b'\r'] = body {
            body = head;
        }
        if body.iter().any(|&b| is_control(b)) {
            return None;
        }
        self.at += body.len();
        Some(())
    }

    /// After a header or a value: spaces, a comment, then the line's end or the file's.
    fn end_of_line(&mut self) -> Option<()> {
        self.spaces();
        if self.bytes.get(self.at) == Some(&b'#') {
            self.comment()?;
        }
        match self.bytes.get(self.at) {
            None => Some(()),
            Some(b'\n') => {
                self.at += 1;
                Some(())
            }
            Some(b'\r') if self.bytes.get(self.at + 1) == Some(&b'\n') => {
                self.at += 2;
                Some(())
            }
            _ => None,
        }
    }

    /// A bare key; a dotted or quoted one is not read here.
    fn key(&mut self) -> Option<&'a str> {
        let start = self.at;
        while let Some(b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-') =
            self.bytes.get(self.at)
        {
            self.at += 1;
        }
        if self.at == start {
            return None;
        }
        let key = &self.text[start..self.at];
        self.spaces();
        // `a.b = …`: a dotted key.
        (self.bytes.get(self.at) != Some(&b'.')).then_some(key)
    }

    fn value(&mut self) -> Option<Value<'a>> {
        let start = self.at;
        match *self.bytes.get(self.at)? {
            b'"' | b'\'' => self.string().map(Value::Text),
            b'[' => {
                self.at += 1;
                self.items.clear();
                loop {
                    self.blank_in_array()?;
                    if self.expect(b']').is_some() {
                        break;
                    }
                    let item = self.string()?;
                    self.items.push(item);
                    self.blank_in_array()?;
                    if self.expect(b',').is_none() {
                        self.expect(b']')?;
                        break;
                    }
                }
                let list = self.arena.alloc_slice(&self.items);
                Some(Value::List(Spanned::new(start..self.at, list)))
            }
            b'0'..=b'9' => {
                let rest = &self.bytes[start..];
                let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
                if digits == 1 && rest[0] == b'1' && !continues_value(rest.get(1)) {
                    self.at += 1;
                    return Some(Value::One(Spanned::new(start..self.at, FORMAT)));
                }
                // YYYY-MM-DD, and nothing after it (a time of day is not read here).
                let shape = rest.len() >= 10
                    && digits == 4
                    && rest[4] == b'-'
                    && rest[5..7].iter().all(u8::is_ascii_digit)
                    && rest[7] == b'-'
                    && rest[8..10].iter().all(u8::is_ascii_digit)
                    && !continues_value(rest.get(10));
                if !shape {
                    return None;
                }
                let written = &self.text[start..start + 10];
                let toml_date = written.parse::<toml::value::Datetime>().ok()?;
                let date = PartialDate::from_toml(&toml_date).ok()?;
                self.at += 10;
                Some(Value::Date(Spanned::new(start..self.at, date)))
            }
            _ => None,
        }
    }

    /// Inside an array: spaces, newlines and comments.
    fn blank_in_array(&mut self) -> Option<()> {
        loop {
            self.spaces();
            match self.bytes.get(self.at) {
                Some(b'\n') => self.at += 1,
                Some(b'\r') if self.bytes.get(self.at + 1) == Some(&b'\n') => self.at += 2,
                Some(b'#') => self.comment()?,
                _ => return Some(()),
            }
        }
    }

    /// A one-line basic or literal string, borrowed unless it has escapes.
    fn string(&mut self) -> Option<Str<'a>> {
        let start = self.at;
        let quote = *self.bytes.get(start)?;
        if !matches!(quote, b'"' | b'\'') || self.bytes[start..].starts_with(&[quote; 3]) {
            return None;
        }
        let mut at = start + 1;
        let mut escaped = false;
        loop {
            let byte = *self.bytes.get(at)?;
            if byte == quote {
                break;
            }
            if byte == b'\\' && quote == b'"' {
                escaped = true;
                // The escape is judged by the decoder; here only its end matters.
                at += 1;
                if is_control(*self.bytes.get(at)?) {
                    return None;
                }
            } else if is_control(byte) {
                return None;
            }
            at += 1;
        }
        self.at = at + 1;
        let span = start..self.at;
        if !escaped {
            return Some(Spanned::new(span, &self.text[start + 1..at]));
        }
        let raw = toml_parser::Raw::new_unchecked(
            &self.text[span.clone()],
            Some(toml_parser::decoder::Encoding::BasicString),
            toml_parser::Span::new_unchecked(start, self.at),
        );
        let mut decoded: Cow<'a, str> = Cow::Borrowed("");
        let mut errors: Vec<toml_parser::ParseError> = Vec::new();
        let kind = raw.decode_scalar(&mut decoded, &mut errors);
        if !errors.is_empty() || !matches!(kind, toml_parser::decoder::ScalarKind::String) {
            return None;
        }
        let value = match decoded {
            Cow::Borrowed(text) => text,
            Cow::Owned(text) => self.arena.alloc_str(&text),
        };
        Some(Spanned::new(span, value))
    }
}

/// Control characters TOML allows in no string or comment (tab is allowed).
fn is_control(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t') || byte == 0x7f
}

/// Whether the byte after a number or date continues it (`1.5`, `1979-05-27T07:32:00`).
fn continues_value(next: Option<&u8>) -> bool {
    !matches!(next, None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'#'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::load::{check_full, check_in};

    /// The records of a catalogue, spans included, as text to compare.
    fn records(catalog: &Catalog<'_>) -> String {
        format!(
            "{:?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}",
            catalog.format, catalog.orgs, catalog.events, catalog.sources, catalog.specs
        )
    }

    /// Checks `text` both ways; the fast reader must give what the full reader gives: the
    /// same diagnostics, rendered, and the same records. Returns whether the fast reader
    /// read it.
    fn same_both_ways(text: &str) -> bool {
        let (fast_arena, full_arena) = (Arena::new(), Arena::new());
        let accepted = read(text, &fast_arena).is_some();
        let fast = check_in(text, &fast_arena);
        let full = check_full(text, &full_arena);
        let render = |d: &[crate::diagnostic::Diagnostic]| {
            crate::diagnostic::render("specs.toml", text, d, false)
        };
        assert_eq!(
            render(&fast.diagnostics),
            render(&full.diagnostics),
            "diagnostics differ (fast reader read it: {accepted}) for\n{text}"
        );
        assert_eq!(
            fast.catalog.as_ref().map(records),
            full.catalog.as_ref().map(records),
            "records differ (fast reader read it: {accepted}) for\n{text}"
        );
        accepted
    }

    #[test]
    fn the_shipped_catalogue_is_read_fast_and_the_same() {
        assert!(same_both_ways(crate::catalog::BUILT_IN));
    }

    #[test]
    fn every_fixture_reads_the_same_both_ways() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut folders = vec![root];
        let (mut files, mut fast) = (0, 0);
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    files += 1;
                    fast += usize::from(same_both_ways(&text));
                }
            }
        }
        // Most fixtures are written the plain way; the hostile ones are not.
        assert!(
            files > 20 && fast > files / 3,
            "{fast} of {files} read fast"
        );
    }

    #[test]
    fn plain_forms_are_read() {
        let base = "format = 1\n[[org]]\nid = \"o\"\nname = \"O\"\n";
        for text in [
            base.to_owned(),
            base.replace('\n', "\r\n"),
            format!("# heading\n\n{base}# trailing\n"),
            base.replace("name = \"O\"", "name = 'O \\ literal'  # comment"),
            base.replace(
                "name = \"O\"",
                "name = \"tab\\there \\\"quoted\\\" \\u00e9\"",
            ),
            format!(
                "{base}[[event]]\nid = \"e\"\nname = \"E\"\nstart = 2026-04-09\norgs = [\n  \"o\", # lead\n  \"p\",\n]\n"
            ),
        ] {
            assert!(same_both_ways(&text), "not read fast:\n{text}");
        }
    }

    #[test]
    fn other_forms_and_problems_are_left_to_the_full_reader() {
        let base = "format = 1\n[[org]]\nid = \"o\"\nname = \"O\"\n";
        for text in [
            String::new(),
            base.replace("format = 1", "format = 2"),
            base.replace("format = 1", "format = 1_0"),
            base.replace("format = 1\n", ""),
            format!("\u{feff}{base}"),
            base.replace("name", "nmae"),
            base.replace("name = \"O\"", "name = \"\"\"O\"\"\""),
            base.replace("name = \"O\"", "name = 'O' 'P'"),
            base.replace("name = \"O\"", "name = \"O\u{1}\""),
            base.replace("name = \"O\"", "name = \"bad \\q escape\""),
            base.replace("name = \"O\"", "name = \"O\"\nname = \"P\""),
            base.replace("name = \"O\"", "name.first = \"O\""),
            base.replace("name = \"O\"", "name = { first = \"O\" }"),
            base.replace("name = \"O\"", "name = 1"),
            base.replace("id = \"o\"", "id = \"O O\""),
            base.replace("[[org]]", "[org]"),
            base.replace("[[org]]", "[[ org ]]"),
            base.replace("\n", "\r"),
            format!("{base}[[spec.history]]\ndate = \"2026\"\n"),
            format!("{base}[[event]]\nid = \"e\"\nname = \"E\"\nstart = 2026-04-09T10:00:00\n"),
            format!("{base}[[event]]\nid = \"e\"\nname = \"E\"\nstart = 2026-04-09 10:00:00\n"),
            format!("{base}[[event]]\nid = \"e\"\nname = \"E\"\nstart = 2026-02-30\n"),
        ] {
            let arena = Arena::new();
            assert!(read(&text, &arena).is_none(), "read fast:\n{text}");
            same_both_ways(&text);
        }
    }

    /// A history entry may follow other tables: it belongs to the last spec above it.
    #[test]
    fn history_belongs_to_the_last_spec_above() {
        let text = "format = 1\n[[org]]\nid = \"o\"\nname = \"O\"\n[[spec]]\nid = \"x\"\n\
                    title = \"X\"\nkind = \"guide\"\norgs = [\"o\"]\n[[source]]\nid = \"s\"\n\
                    title = \"S\"\npublisher = \"P\"\ndate = \"2026\"\n[[spec.history]]\n\
                    date = \"2026\"\nstate = \"proposed\"\nsources = [\"s\"]\n";
        assert!(same_both_ways(text));
        let arena = Arena::new();
        let catalog = read(text, &arena).unwrap();
        assert_eq!(catalog.specs[0].get_ref().history.len(), 1);
    }

    /// One change to a line of a generated catalogue.
    #[derive(Debug, Clone)]
    enum Change {
        Drop(usize),
        Repeat(usize),
        Swap(usize, usize),
        Insert(usize, String),
        /// Replace the byte range `at..at+len` of the line with the text.
        Splice(usize, usize, usize, String),
        /// Give a `key = value` line the value of another such line.
        Revalue(usize, usize),
    }

    fn apply(text: &str, change: &Change) -> String {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let n = lines.len();
        match change {
            Change::Drop(i) => {
                lines.remove(i % n);
            }
            Change::Repeat(i) => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Change::Swap(i, j) => lines.swap(i % n, j % n),
            Change::Insert(i, line) => lines.insert(i % n, line.clone()),
            Change::Splice(i, at, len, with) => {
                let line = &mut lines[i % n];
                let start = (*at..=line.len())
                    .find(|&k| line.is_char_boundary(k))
                    .unwrap_or(line.len());
                let end = (start + len..=line.len())
                    .find(|&k| line.is_char_boundary(k))
                    .unwrap_or(line.len());
                line.replace_range(start..end, with);
            }
            Change::Revalue(i, j) => {
                let value = |line: &str| line.find(" = ").map(|at| line[at..].to_owned());
                if let (Some(_), Some(other)) = (value(&lines[i % n]), value(&lines[j % n])) {
                    let line = &mut lines[i % n];
                    let at = line.find(" = ").unwrap_or(line.len());
                    line.replace_range(at.., &other);
                }
            }
        }
        lines.join("\n") + "\n"
    }

    fn change() -> impl proptest::strategy::Strategy<Value = Change> {
        use proptest::prelude::*;
        let text = prop_oneof![
            Just("\"".to_owned()),
            Just("\\\"".to_owned()),
            Just("2026-13".to_owned()),
            Just("2026-02-29".to_owned()),
            Just("[[spec]]".to_owned()),
            Just("[[spec.history]]".to_owned()),
            Just("state = \"published\"".to_owned()),
            Just("expected = \"2020\"".to_owned()),
            Just("at = \"nowhere\"".to_owned()),
            Just("sources = []".to_owned()),
            Just("orgs = []".to_owned()),
            Just(" # note".to_owned()),
            Just("x".to_owned()),
            "\\PC{0,6}",
        ];
        prop_oneof![
            any::<usize>().prop_map(Change::Drop),
            any::<usize>().prop_map(Change::Repeat),
            (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Change::Swap(i, j)),
            (any::<usize>(), text.clone()).prop_map(|(i, t)| Change::Insert(i, t)),
            (any::<usize>(), 0usize..60, 0usize..4, text)
                .prop_map(|(i, at, len, t)| Change::Splice(i, at, len, t)),
            (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Change::Revalue(i, j)),
            (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Change::Revalue(i, j)),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48)
        ))]

        /// Generated catalogues, changed a little or a lot: the fast reader reads the
        /// unchanged ones, and gives what the full reader gives whatever it reads.
        #[test]
        fn generated_and_changed_catalogues_read_the_same(
            seed in 0u64..1000,
            changes in proptest::collection::vec(change(), 0..4),
        ) {
            let mut text = crate::synth::catalogue(40, seed).unwrap();
            if changes.is_empty() {
                proptest::prop_assert!(same_both_ways(&text), "a generated catalogue is plain");
            }
            for change in &changes {
                text = apply(&text, change);
                same_both_ways(&text);
            }
        }
    }
}
