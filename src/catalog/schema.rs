//! The structure of a catalogue: which tables and keys exist, and what each value must be.
//!
//! The one reader: [`super::document`] reads the TOML, and hands over each record as soon
//! as it is complete; this pass judges it against the format's description
//! ([`super::format`]), reporting every unknown key, wrong type, missing field and bad value
//! at once, each with its span and a suggestion, and builds the records that pass into the
//! model, one by one, so that one broken record hides nothing about the others.

use std::ops::Range;

use super::document::{self, Item, Key, Table as TomlTable, Value};
use super::format::{
    EVENT, Field, HISTORY, MOST_FIELDS, ORG, ROOT, Record, SOURCE, SPEC, Table, Ty,
};
use super::model::{self, Arena, Catalog, FORMAT, Member, Spanned, Str};
use super::split;
use super::validate::{Context, check_id, id_like};
use super::vocab::{Kind, State};
use crate::date::PartialDate;
use crate::diagnostic::{Code, Diagnostic};
use crate::suggest::{closest, did_you_mean};

/// What reading a catalogue found: its problems, the catalogue built from the records that
/// passed, and what validation must know about the others.
#[derive(Debug)]
pub(crate) struct Structure<'a> {
    /// `None` when the file is not TOML or is of a newer format, whose records this build
    /// cannot judge.
    pub catalog: Option<Catalog<'a>>,
    /// Syntax errors alone when there are any (the records of a document that does not
    /// parse would only produce confusing follow-on errors); else the problems of form.
    pub diagnostics: Vec<Diagnostic>,
    pub context: Context,
}

/// Catalogues from this size on are read in two parts at once, one on each of two threads
/// ([`split`]): on a 60 MiB catalogue that is most of a second. Below it the second thread
/// costs more than it saves.
const TWO_PARTS_FROM: usize = 1 << 20;

/// Reads a catalogue: TOML ([`document`]) and, record by record as each is complete, its
/// structure, building a [`Catalog`] of its good records.
pub(crate) fn read<'a>(text: &'a str, arena: &'a Arena) -> Structure<'a> {
    if text.len() >= TWO_PARTS_FROM
        && let Some(at) = split::point(text)
        && let Some(structure) = read_in_two(text, at, arena)
    {
        return structure;
    }
    read_whole(text, arena)
}

/// Reads the catalogue front to back on this thread.
fn read_whole<'a>(text: &'a str, arena: &'a Arena) -> Structure<'a> {
    let mut walker = Walker::new(text, 0..text.len(), arena);
    let (root, syntax) = document::read(text, 0..text.len(), arena, &mut walker);
    if !syntax.is_empty() {
        return Structure {
            catalog: None,
            diagnostics: syntax.iter().map(super::load::syntax).collect(),
            context: walker.context,
        };
    }
    let Some(format) = walker.format_of(&root) else {
        return Structure {
            catalog: None,
            diagnostics: walker.diagnostics,
            context: walker.context,
        };
    };
    walker.finish_root(&root);
    walker.into_structure(format, None)
}

/// Reads `text` as two documents at once, split at the record header at `at`: the first part
/// on this thread, the second on another, each into its own allocator of `arena`. `None`
/// when the parts would not read as the whole does ([`split`] says when), for the caller
/// to read it whole.
fn read_in_two<'a>(text: &'a str, at: usize, arena: &'a Arena) -> Option<Structure<'a>> {
    let first = || {
        let mut first = Walker::new(text, 0..at, arena);
        let (root, syntax) = document::read(text, 0..at, arena, &mut first);
        let format = if syntax.is_empty() {
            first.format_of(&root)
        } else {
            None
        };
        (first, root, format)
    };
    let second = move || {
        let mut walker = Walker::new(text, at..text.len(), arena);
        // Judged in the first part, which holds the top-level keys; a format this build
        // cannot read makes the first part refuse.
        walker.format = Some(Some(Spanned::new(0..0, FORMAT)));
        let (root, syntax) = document::read(text, at..text.len(), arena, &mut walker);
        if !syntax.is_empty() {
            return None;
        }
        Some((walker.finish_records(&root)?, root))
    };
    let ((mut first, first_root, format), second) = crate::parallel::join(first, second);
    let (second, second_root) = second?;
    let format = format?;
    if !split::continues(&first_root, &second_root) {
        return None;
    }
    first.finish_root(&first_root);
    Some(first.into_structure(format, Some(second)))
}

/// Reads `piece`, a part of a text apart from the rest that starts with a record header and
/// holds nothing but records (an edit's changed records: [`super::reread`]), with its spans
/// moved on by `base`. `None` unless it reads cleanly: no syntax error, no problem of form,
/// nothing but arrays of record tables at its top level.
pub(crate) fn read_piece<'a>(piece: &'a str, base: usize, arena: &'a Arena) -> Option<Records<'a>> {
    let whole = 0..piece.len();
    let mut walker = Walker::new(piece, whole.clone(), arena);
    walker.base = base;
    // The format is the text's, judged when it was read.
    walker.format = Some(Some(Spanned::new(0..0, FORMAT)));
    let (root, syntax) = document::read_at(piece, whole, base, arena, &mut walker);
    if !syntax.is_empty() {
        return None;
    }
    let part = walker.finish_records(&root)?;
    (part.diagnostics.is_empty() && part.context.is_empty()).then_some(part.records)
}

impl<'a> Records<'a> {
    /// Puts these records, read again, into `catalog`: the first of `replaced`'s table in
    /// place of the record at that position, the others after their table's last record,
    /// which must start at or before `region` (where these were read from). `false` when
    /// that cannot be; `catalog` may then be changed in part, and is to be read again whole.
    pub(crate) fn put_into(
        self,
        catalog: &mut Catalog<'a>,
        replaced: (Table, usize),
        region: usize,
    ) -> bool {
        let at = |table: Table| (table == replaced.0).then_some(replaced.1);
        catalog.put_again(at(Table::Org), region, self.orgs)
            && catalog.put_again(at(Table::Event), region, self.events)
            && catalog.put_again(at(Table::Source), region, self.sources)
            && catalog.put_again(at(Table::Spec), region, self.specs)
    }
}

/// Moves `from` to the end of `into` a piece at a time, giving `from`'s memory back as it
/// goes: a plain `extend` holds both whole at once (14 MiB more at 100k specs, the peak of
/// the whole read).
fn append_releasing<T>(into: &mut Vec<T>, mut from: Vec<T>) {
    const PIECE: usize = 4096;
    into.reserve_exact(from.len());
    from.reverse();
    while !from.is_empty() {
        let keep = from.len().saturating_sub(PIECE);
        into.extend(from.drain(keep..).rev());
        from.shrink_to_fit();
    }
}

/// What the second part of a catalogue read in two parts found.
struct Part<'a> {
    records: Records<'a>,
    diagnostics: Vec<Diagnostic>,
    context: Context,
}

/// The records built so far.
#[derive(Default)]
pub(crate) struct Records<'a> {
    orgs: Vec<model::Spanned<model::Org<'a>>>,
    events: Vec<model::Spanned<model::Event<'a>>>,
    sources: Vec<model::Spanned<model::Source<'a>>>,
    specs: Vec<model::Spanned<model::Spec<'a>>>,
}

impl Records<'_> {
    /// Vectors sized for the records the text seems to have (headers at the start of a
    /// line), so none grows by copying.
    fn sized(text: &str) -> Self {
        let mut counts = [0usize; 4];
        for at in memchr::memmem::find_iter(text.as_bytes(), b"\n[[") {
            let rest = &text.as_bytes()[at + 1..];
            for (i, table) in Table::ALL.iter().enumerate() {
                if rest.starts_with(table.header().as_bytes()) {
                    counts[i] += 1;
                }
            }
        }
        Self {
            orgs: Vec::with_capacity(counts[0]),
            events: Vec::with_capacity(counts[1]),
            sources: Vec::with_capacity(counts[2]),
            specs: Vec::with_capacity(counts[3]),
        }
    }
}

impl<'a> document::Receiver<'a> for Walker<'a> {
    fn streams(&self, key: &str) -> bool {
        split::is_records(key)
    }

    fn record(&mut self, root: &TomlTable<'a>, key: &'a str, record: &Item<'a>) {
        if self.format.is_none() {
            self.format = Some(self.format(root));
        }
        // A newer format: nothing more to judge.
        if matches!(self.format, Some(None)) {
            return;
        }
        if let Some(field) = ROOT.field(key) {
            self.dispatch(field.key, record);
        }
    }
}

/// How messages name a record: "[[spec]] `gcc-dpu-specs`", "[[spec]]" without a good id,
/// "the 2026-03 entry of `gcc-dpu-specs`". Written out only when a message needs it.
#[derive(Clone, Copy)]
enum Name<'n> {
    /// The file's top level, which messages do not name.
    Root,
    Record {
        path: &'static str,
        /// As written: named only when it is a valid id (checked when a message is made).
        id: Option<&'n str>,
    },
    Entry {
        date: Option<&'n Value<'n>>,
        spec: &'n str,
    },
}

impl std::fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Name::Root => Ok(()),
            Name::Record { path, id: Some(id) } if check_id(id).is_ok() => {
                super::format::Named { table: path, id }.fmt(f)
            }
            Name::Record { path, .. } => write!(f, "[[{path}]]"),
            Name::Entry {
                date: Some(Value::String(date)),
                spec,
            } => write!(f, "the {date} entry of `{spec}`"),
            Name::Entry {
                date: Some(Value::Datetime(date)),
                spec,
            } => write!(f, "the {date} entry of `{spec}`"),
            Name::Entry { spec, .. } => write!(f, "a history entry of `{spec}`"),
        }
    }
}

/// The tables found under a `Records` field: (field key, its items).
type Children<'x, 'a> = Vec<(&'static str, Vec<&'x Item<'a>>)>;

/// A table's values by field, found once as its keys are checked: `values[i]` is the value
/// of its record's `fields[i]`. The builders read them by position ([`at!`]), not by
/// searching the table for each key.
struct Slots<'x, 'a> {
    values: [Option<&'x Item<'a>>; MOST_FIELDS],
    /// The dates the checks read (of `Date` fields, and of `expected` when a date), so
    /// that the builders do not read them again.
    dates: [Option<PartialDate>; MOST_FIELDS],
}

impl<'x, 'a> Slots<'x, 'a> {
    fn get(&self, at: usize) -> Option<&'x Item<'a>> {
        self.values[at]
    }

    /// The string at `at`: `Some(None)` when absent, `None` when not a string.
    fn text(&self, at: usize) -> Option<Option<Str<'a>>> {
        let Some(value) = self.values[at] else {
            return Some(None);
        };
        let text = value.get_ref().as_str()?;
        Some(Some(model::Spanned::new(value.span(), text)))
    }

    /// The date at `at`, as checked: `Some(None)` when absent, `None` when not a good date.
    fn date(&self, at: usize) -> Option<Option<model::Spanned<PartialDate>>> {
        let Some(value) = self.values[at] else {
            return Some(None);
        };
        Some(Some(model::Spanned::new(value.span(), self.dates[at]?)))
    }
}

/// What checking one value found that reading the record goes on with.
enum Checked<'x, 'a> {
    Nothing,
    /// The date it holds.
    Date(PartialDate),
    /// The tables of a `Records` field, to check one by one.
    Records(Vec<&'x Item<'a>>),
}

/// Where `$key` is among `$record`'s fields, found when compiling ([`Record::at`]).
macro_rules! at {
    ($record:ident . $key:literal) => {{
        const AT: usize = $record.at($key);
        AT
    }};
}

struct Walker<'a> {
    text: &'a str,
    /// How far spans are moved on from `text` (a piece read apart: [`read_piece`]).
    base: usize,
    member: Member<'a>,
    diagnostics: Vec<Diagnostic>,
    /// How many of `diagnostics` are errors.
    errors: usize,
    context: Context,
    /// `format`, once judged: `Some(None)` for a newer format.
    format: Option<Option<Spanned<i64>>>,
    records: Records<'a>,
    /// Ids defined and referred to by the record being read, until it is built or not.
    pending: Vec<(Mark, Table, &'a str)>,
}

#[derive(Debug, Clone, Copy)]
enum Mark {
    Defined,
    Mentioned,
}

impl<'a> Walker<'a> {
    /// A walker for the records of `text[part]`.
    fn new(text: &'a str, part: Range<usize>, arena: &'a Arena) -> Self {
        Walker {
            text,
            base: 0,
            member: arena.member(),
            diagnostics: Vec::new(),
            errors: 0,
            context: Context::default(),
            format: None,
            records: Records::sized(&text[part]),
            pending: Vec::new(),
        }
    }

    /// Judges the top-level table once the text is read, and builds the records still in
    /// it (the last of each streamed array).
    fn finish_root(&mut self, root: &TomlTable<'a>) {
        let root_span = 0..0;
        let (_, children) = self.fields(&ROOT, root, &root_span, Name::Root);
        for (field, items) in children {
            for item in items {
                self.dispatch(field, item);
            }
        }
    }

    /// Builds the records still in the top-level table of a catalogue's second part;
    /// `None` when that table holds anything but records ([`split::continues`] then refuses
    /// the part too).
    fn finish_records(mut self, root: &TomlTable<'a>) -> Option<Part<'a>> {
        if !split::adds_records_only(root) {
            return None;
        }
        for (key, item) in root.iter() {
            for record in item.get_ref().as_array().unwrap_or_default() {
                self.dispatch(key.get_ref(), record);
            }
        }
        Some(Part {
            records: self.records,
            diagnostics: self.diagnostics,
            context: self.context,
        })
    }

    /// What was read, with what a second part read (after this one in the text).
    fn into_structure(mut self, format: Spanned<i64>, second: Option<Part<'a>>) -> Structure<'a> {
        let Records {
            mut orgs,
            mut events,
            mut sources,
            mut specs,
        } = std::mem::take(&mut self.records);
        if let Some(second) = second {
            append_releasing(&mut orgs, second.records.orgs);
            append_releasing(&mut events, second.records.events);
            append_releasing(&mut sources, second.records.sources);
            append_releasing(&mut specs, second.records.specs);
            self.diagnostics.extend(second.diagnostics);
            self.context.extend(second.context);
        }
        Structure {
            catalog: Some(Catalog::new(format, orgs, events, sources, specs)),
            diagnostics: self.diagnostics,
            context: self.context,
        }
    }

    /// The text at `span`, as written.
    fn written(&self, span: Range<usize>) -> &'a str {
        let span = span.start.saturating_sub(self.base)..span.end.saturating_sub(self.base);
        self.text.get(span).unwrap_or_default()
    }

    fn error_count(&self) -> usize {
        self.errors
    }

    /// Hands validation the ids and references noted since `mark`: they belong to a record
    /// that was not built, so validation would not see them otherwise.
    fn commit(&mut self, mark: usize) {
        for (what, table, text) in self.pending.drain(mark..) {
            let set = match what {
                Mark::Defined => &mut self.context.ids,
                Mark::Mentioned => &mut self.context.mentioned,
            };
            set.insert((table, text.to_owned()));
        }
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.errors += usize::from(diagnostic.is_error());
        self.diagnostics.push(diagnostic);
    }

    /// `format` as judged, judging it now if no record needed it yet.
    fn format_of(&mut self, root: &TomlTable<'a>) -> Option<Spanned<i64>> {
        match self.format {
            Some(format) => format,
            None => {
                let format = self.format(root);
                self.format = Some(format);
                format
            }
        }
    }

    /// One record of the top-level table `field`, checked and built.
    fn dispatch(&mut self, field: &str, item: &Item<'a>) {
        match field {
            "org" => {
                let mut into = std::mem::take(&mut self.records.orgs);
                self.simple(&ORG, Table::Org, item, Walker::org, &mut into);
                self.records.orgs = into;
            }
            "event" => {
                let mut into = std::mem::take(&mut self.records.events);
                self.simple(&EVENT, Table::Event, item, Walker::event, &mut into);
                self.records.events = into;
            }
            "source" => {
                let mut into = std::mem::take(&mut self.records.sources);
                self.simple(&SOURCE, Table::Source, item, Walker::source, &mut into);
                self.records.sources = into;
            }
            _ => {
                let mut into = std::mem::take(&mut self.records.specs);
                self.spec(item, &mut into);
                self.records.specs = into;
            }
        }
    }

    /// `format`: present, an integer, and one this build reads. `None` stops the check: a
    /// newer format may mean anything.
    fn format(&mut self, root: &TomlTable<'a>) -> Option<Spanned<i64>> {
        let assumed = Spanned::new(0..0, FORMAT);
        let Some((key, value)) = root.get_key_value("format") else {
            self.report(
                Diagnostic::new(
                    Code::MissingFormat,
                    "the catalogue does not say its `format`",
                    Some(0..0),
                )
                .with_label("expected `format = 1` before this")
                .with_help(format!(
                    "start the file with `format = {FORMAT}`, the format it is written in"
                )),
            );
            return Some(assumed);
        };
        let Value::Integer(digits, radix) = value.get_ref() else {
            self.type_error(&ROOT.fields[0], key.get_ref(), value, Name::Root);
            return Some(assumed);
        };
        let found = i64::from_str_radix(digits, *radix).unwrap_or(i64::MAX);
        if found > FORMAT {
            self.report(
                Diagnostic::new(
                    Code::NewerFormat,
                    format!(
                        "this catalogue is format {}; this spectrack reads format {FORMAT}",
                        digits
                    ),
                    Some(value.span()),
                )
                .with_label("a newer format")
                .with_help("upgrade spectrack to read this catalogue"),
            );
            return None;
        }
        if found < FORMAT {
            self.report(
                Diagnostic::new(
                    Code::BadFormat,
                    format!("`format` must be {FORMAT}, found {}", digits),
                    Some(value.span()),
                )
                .with_label("no such format")
                .with_help(format!("write `format = {FORMAT}`")),
            );
            return Some(assumed);
        }
        Some(Spanned::new(value.span(), found))
    }

    /// An org, event or source: checked, then built when it has no errors.
    fn simple<T>(
        &mut self,
        record: &'static Record,
        table: Table,
        item: &Item<'a>,
        build: fn(&Self, &Slots<'_, 'a>) -> Option<T>,
        into: &mut Vec<model::Spanned<T>>,
    ) {
        let Some(fields) = self.item_table(record, item) else {
            return;
        };
        let before = self.error_count();
        let mark = self.pending.len();
        let name = self.record_name(record, table, fields);
        let (slots, children) = self.fields(record, fields, &item.span(), name);
        debug_assert!(children.is_empty(), "only specs have nested records");
        if self.error_count() == before
            && let Some(value) = self.built(record, item.span(), build(self, &slots))
        {
            into.push(value);
            self.pending.truncate(mark);
        } else {
            self.commit(mark);
        }
    }

    /// A spec and its history: the spec's own fields and each history entry are judged
    /// separately, so a bad entry still leaves the spec's references to check.
    fn spec(&mut self, item: &Item<'a>, into: &mut Vec<model::Spanned<model::Spec<'a>>>) {
        let Some(fields) = self.item_table(&SPEC, item) else {
            return;
        };
        let before = self.error_count();
        let mark = self.pending.len();
        let name = self.record_name(&SPEC, Table::Spec, fields);
        let (slots, children) = self.fields(&SPEC, fields, &item.span(), name);
        let spec_ok = self.error_count() == before;
        let id: &'a str = slots
            .get(at!(SPEC."id"))
            .and_then(|v| v.get_ref().as_str())
            .unwrap_or_default();

        let mut history = Vec::new();
        let mut partial = false;
        for entry in children.into_iter().flat_map(|(_, items)| items) {
            let Some(entry_fields) = self.item_table(&HISTORY, entry) else {
                partial = true;
                continue;
            };
            let before = self.error_count();
            let entry_mark = self.pending.len();
            let entry_name = Name::Entry {
                date: entry_fields.get("date").map(|d| d.get_ref()),
                spec: id,
            };
            let (entry_slots, _) = self.fields(&HISTORY, entry_fields, &entry.span(), entry_name);
            if self.error_count() == before
                && let Some(parsed) = self.built(&HISTORY, entry.span(), self.entry(&entry_slots))
            {
                history.push(parsed);
                if spec_ok {
                    self.pending.truncate(entry_mark);
                } else {
                    self.commit(entry_mark);
                }
            } else {
                partial = true;
                self.commit(entry_mark);
            }
        }
        if partial {
            self.context.partial_history.insert(id.to_owned());
        }
        if !spec_ok {
            self.commit(mark);
            return;
        }
        let history = self.member.alloc_slice(&history);
        if let Some(spec) = self.built(&SPEC, item.span(), self.spec_fields(&slots, history)) {
            into.push(spec);
            self.pending.truncate(mark);
        } else {
            self.commit(mark);
        }
    }

    /// A record built from checked fields. The checks above admit only what the builders
    /// read, so this never fails; should it, the record is reported rather than lost.
    fn built<T>(
        &mut self,
        record: &Record,
        span: Range<usize>,
        value: Option<T>,
    ) -> Option<model::Spanned<T>> {
        match value {
            Some(value) => Some(model::Spanned::new(span, value)),
            None => {
                self.report(Diagnostic::new(
                    Code::UnreadableRecord,
                    format!("this {} could not be read", record.noun),
                    Some(span),
                ));
                None
            }
        }
    }

    fn org(&self, s: &Slots<'_, 'a>) -> Option<model::Org<'a>> {
        Some(model::Org {
            id: s.text(at!(ORG."id"))??,
            name: s.text(at!(ORG."name"))??,
            short: s.text(at!(ORG."short"))?,
            parent: s.text(at!(ORG."parent"))?,
            url: s.text(at!(ORG."url"))?,
        })
    }

    fn event(&self, s: &Slots<'_, 'a>) -> Option<model::Event<'a>> {
        Some(model::Event {
            id: s.text(at!(EVENT."id"))??,
            name: s.text(at!(EVENT."name"))??,
            start: s.date(at!(EVENT."start"))??,
            end: s.date(at!(EVENT."end"))?,
            place: s.text(at!(EVENT."place"))?,
            orgs: self
                .texts(s.get(at!(EVENT."orgs")))?
                .map_or(&[], |l| *l.get_ref()),
            sources: self
                .texts(s.get(at!(EVENT."sources")))?
                .map_or(&[], |l| *l.get_ref()),
            url: s.text(at!(EVENT."url"))?,
        })
    }

    fn source(&self, s: &Slots<'_, 'a>) -> Option<model::Source<'a>> {
        Some(model::Source {
            id: s.text(at!(SOURCE."id"))??,
            title: s.text(at!(SOURCE."title"))??,
            publisher: s.text(at!(SOURCE."publisher"))??,
            date: s.date(at!(SOURCE."date"))??,
            url: s.text(at!(SOURCE."url"))?,
        })
    }

    fn spec_fields(
        &self,
        s: &Slots<'_, 'a>,
        history: &'a [model::Spanned<model::HistoryEntry<'a>>],
    ) -> Option<model::Spec<'a>> {
        let kind = s.get(at!(SPEC."kind"))?;
        let details = model::SpecDetails {
            summary: s.text(at!(SPEC."summary"))?,
            url: s.text(at!(SPEC."url"))?,
            supersedes: self
                .texts(s.get(at!(SPEC."supersedes")))?
                .map_or(&[], |l| *l.get_ref()),
        };
        Some(model::Spec::new(
            (
                s.text(at!(SPEC."id"))??,
                s.text(at!(SPEC."title"))??,
                model::Spanned::new(kind.span(), kind.get_ref().as_str()?.parse().ok()?),
            ),
            self.texts(s.get(at!(SPEC."orgs")))??,
            self.texts(s.get(at!(SPEC."topics")))?
                .map_or(&[], |l| *l.get_ref()),
            history,
            details,
            &self.member,
        ))
    }

    fn entry(&self, s: &Slots<'_, 'a>) -> Option<model::HistoryEntry<'a>> {
        let state = match s.get(at!(HISTORY."state")) {
            Some(v) => Some(model::Spanned::new(
                v.span(),
                v.get_ref().as_str()?.parse().ok()?,
            )),
            None => None,
        };
        let expected_at = at!(HISTORY."expected");
        let expected = match s.get(expected_at) {
            Some(v) => Some(model::Spanned::new(
                v.span(),
                match (s.dates[expected_at], v.get_ref()) {
                    (Some(date), _) => model::Expected::Date(date),
                    (None, Value::String(text)) => model::Expected::parse(text).ok()?,
                    _ => return None,
                },
            )),
            None => None,
        };
        let details = model::EntryDetails {
            at: s.text(at!(HISTORY."at"))?,
            note: s.text(at!(HISTORY."note"))?,
            url: s.text(at!(HISTORY."url"))?,
            version: s.text(at!(HISTORY."version"))?,
        };
        Some(model::HistoryEntry::new(
            s.date(at!(HISTORY."date"))??,
            state,
            expected,
            self.texts(s.get(at!(HISTORY."sources")))?
                .map_or(&[], |l| *l.get_ref()),
            details,
            &self.member,
        ))
    }

    /// The array of strings `value`: `Some(None)` when absent, `None` when not one.
    #[allow(clippy::type_complexity)]
    fn texts(&self, value: Option<&Item<'a>>) -> Option<Option<model::Spanned<&'a [Str<'a>]>>> {
        let Some(value) = value else {
            return Some(None);
        };
        let items = value.get_ref().as_array()?;
        let strings = || {
            items
                .iter()
                .map(|item| Some(model::Spanned::new(item.span(), item.get_ref().as_str()?)))
        };
        if strings().any(|text| text.is_none()) {
            return None;
        }
        Some(Some(model::Spanned::new(
            value.span(),
            // Every one a string (above).
            self.member.alloc_slice_from(
                strings().map(|text| text.unwrap_or(model::Spanned::new(0..0, ""))),
            ),
        )))
    }

    /// The table of one item of an array of tables; anything else is reported.
    fn item_table<'x>(&mut self, record: &Record, item: &'x Item<'a>) -> Option<&'x TomlTable<'a>> {
        match item.get_ref() {
            Value::Table(table) => Some(table),
            other => {
                let last = record.path.rsplit('.').next().unwrap_or(record.path);
                self.report(
                    Diagnostic::new(
                        Code::NotAnArrayOfTables,
                        format!(
                            "`{last}` must hold tables written [[{}]], found {}",
                            record.path,
                            a_type(other)
                        ),
                        Some(item.span()),
                    )
                    .with_label(format!("not a [[{}]] table", record.path)),
                );
                None
            }
        }
    }

    /// How messages name a record: "[[spec]] `gcc-dpu-specs`", or "[[spec]]" without an id.
    /// Also notes the id as defined, readable or not.
    fn record_name(
        &mut self,
        record: &'static Record,
        table: Table,
        fields: &TomlTable<'a>,
    ) -> Name<'a> {
        let id = fields.get("id").and_then(|v| v.get_ref().as_str());
        if let Some(id) = id {
            self.pending.push((Mark::Defined, table, id));
        }
        Name::Record {
            path: record.path,
            id,
        }
    }

    /// Checks the keys of one table against `record`: unknown keys, missing ones, and each
    /// value. Returns the items of its `Records` fields, for the caller to check one by one.
    fn fields<'x>(
        &mut self,
        record: &'static Record,
        table: &'x TomlTable<'a>,
        header: &Range<usize>,
        name: Name<'_>,
    ) -> (Slots<'x, 'a>, Children<'x, 'a>) {
        let mut slots = Slots {
            values: [None; MOST_FIELDS],
            dates: [None; MOST_FIELDS],
        };
        let mut children = Vec::new();
        // Required keys that an unknown key was probably meant to be (`titel`): reported
        // once, as the typo.
        let mut misspelt = Vec::new();
        for (key, value) in table.iter() {
            let Some(at) = record.position(key.get_ref()) else {
                misspelt.extend(self.unknown_key(record, key, value, name));
                continue;
            };
            slots.values[at] = Some(value);
            let field = &record.fields[at];
            if record.path.is_empty() && field.key == "format" {
                continue; // Checked first, on its own.
            }
            match self.value(field, value, name) {
                Checked::Nothing => {}
                Checked::Date(date) => slots.dates[at] = Some(date),
                Checked::Records(items) => children.push((field.key, items)),
            }
        }
        let missing: Vec<&Field> = record
            .fields
            .iter()
            .zip(slots.values)
            .filter(|(f, value)| f.required && !record.path.is_empty() && value.is_none())
            .map(|(f, _)| f)
            .filter(|f| !misspelt.contains(&f.key))
            .collect();
        if !missing.is_empty() {
            let keys = listing(missing.iter().map(|f| format!("`{}`", f.key)));
            let examples = listing(missing.iter().map(|f| format!("`{}`", f.example)));
            self.report(
                Diagnostic::new(
                    Code::MissingKey,
                    format!("{name} is missing {keys}"),
                    Some(header.clone()),
                )
                .with_label(format!("missing {keys}"))
                .with_help(format!("add {examples}")),
            );
        }
        (slots, children)
    }

    fn unknown_key(
        &mut self,
        record: &Record,
        key: &Key<'a>,
        value: &Item<'a>,
        name: Name<'_>,
    ) -> Option<&'static str> {
        let word: &str = key.get_ref();
        let written = self.written(value.span());
        let dotted = |k: &str| {
            if record.path.is_empty() {
                k.to_owned()
            } else {
                format!("{}.{k}", record.path)
            }
        };
        // How the user wrote it, and how each known key would be written in its place.
        let (what, shown) = if written.starts_with("[[") {
            ("table", format!("[[{}]]", dotted(word)))
        } else if written.starts_with('[') && matches!(value.get_ref(), Value::Table(_)) {
            ("table", format!("[{}]", dotted(word)))
        } else {
            ("key", format!("`{word}`"))
        };
        let shown = if what == "table" {
            format!("`{shown}`")
        } else {
            shown
        };
        let keys = record.fields.iter().map(|f| f.key);
        let near = closest(word, keys.clone());
        let help = match near {
            Some(near) => {
                let field = record.field(near);
                match field.map(|f| f.ty) {
                    Some(Ty::Records(r)) => format!("did you mean `[[{}]]`?", r.path),
                    _ => format!("did you mean `{near}`?"),
                }
            }
            None if record.path.is_empty() => {
                "a catalogue has `format` and the tables [[org]], [[event]], [[source]] and [[spec]]"
                    .to_owned()
            }
            None => format!(
                "the keys of [[{}]] are: {}",
                record.path,
                keys.collect::<Vec<_>>().join(", ")
            ),
        };
        let message = if matches!(name, Name::Root) {
            format!("unknown {what} {shown}")
        } else {
            format!("unknown {what} {shown} in {name}")
        };
        self.report(
            Diagnostic::new(Code::UnknownKey, message, Some(key.span()))
                .with_label(format!("unknown {what}"))
                .with_help(help),
        );
        near
    }

    /// Checks one value; returns the items of a `Records` field.
    fn value<'x>(&mut self, field: &Field, value: &'x Item<'a>, name: Name<'_>) -> Checked<'x, 'a> {
        let v = value.get_ref();
        match field.ty {
            Ty::Integer => {
                if !matches!(v, Value::Integer(..)) {
                    self.type_error(field, field.key, value, name);
                }
            }
            Ty::Text | Ty::Ref(_) => {
                if let Some(text) = v.as_str() {
                    if let Ty::Ref(table) = field.ty {
                        self.pending.push((Mark::Mentioned, table, text));
                    }
                } else {
                    self.type_error(field, field.key, value, name);
                }
            }
            Ty::Id => match v.as_str() {
                Some(id) => self.id(id, value, name),
                None => self.type_error(field, field.key, value, name),
            },
            Ty::Refs(_) | Ty::Tags => self.strings(field, value, name),
            Ty::Date => {
                let parsed = match v {
                    Value::String(text) => text.parse::<PartialDate>(),
                    Value::Datetime(dt) => PartialDate::from_toml(dt),
                    _ => {
                        self.type_error(field, field.key, value, name);
                        return Checked::Nothing;
                    }
                };
                match parsed {
                    Ok(date) => return Checked::Date(date),
                    Err(e) => self.bad_date(field.key, &e, value, name),
                }
            }
            Ty::Expected => {
                if let Some(date) = self.expected(field, value, name) {
                    return Checked::Date(date);
                }
            }
            Ty::State => self.word::<State>(field, value, name, &State::ALL.map(State::as_str)),
            Ty::Kind => self.word::<Kind>(field, value, name, &Kind::ALL.map(Kind::as_str)),
            Ty::Records(inner) => {
                if let Some(items) = self.records(field, inner, value, name) {
                    return Checked::Records(items);
                }
            }
        }
        Checked::Nothing
    }

    /// The own id of a record: id syntax.
    fn id(&mut self, id: &str, value: &Item<'a>, name: Name<'_>) {
        if let Err(rule) = check_id(id) {
            let help = match id_like(id) {
                Some(better) => format!("{rule}; for example `{better}`"),
                None => rule.to_owned(),
            };
            self.report(
                Diagnostic::new(
                    Code::InvalidId,
                    format!("invalid id `{id}` in {name}"),
                    Some(value.span()),
                )
                .with_label("invalid id")
                .with_help(help),
            );
        }
    }

    /// An array of strings (`orgs`, `sources`, `supersedes`, `topics`).
    fn strings(&mut self, field: &Field, value: &Item<'a>, name: Name<'_>) {
        let Some(items) = value.get_ref().as_array() else {
            self.type_error(field, field.key, value, name);
            return;
        };
        if field.required && items.is_empty() {
            self.report(
                Diagnostic::new(
                    Code::EmptyList,
                    format!("`{}` of {name} is empty", field.key),
                    Some(value.span()),
                )
                .with_label("empty")
                .with_help(match field.ty {
                    Ty::Refs(Table::Org) => "name at least one org; the first leads".to_owned(),
                    _ => format!("give at least one value, as in `{}`", field.example),
                }),
            );
        }
        for item in items.iter() {
            match (item.get_ref().as_str(), field.ty) {
                (Some(text), Ty::Refs(table)) => {
                    self.pending.push((Mark::Mentioned, table, text));
                }
                (Some(_), _) => {}
                (None, _) => {
                    self.report(
                        Diagnostic::new(
                            Code::WrongType,
                            format!(
                                "`{}` of {name} must be {}, found {} in it",
                                field.key,
                                field.ty.expected(),
                                a_type(item.get_ref())
                            ),
                            Some(item.span()),
                        )
                        .with_label("not a string"),
                    );
                }
            }
        }
    }

    /// `expected`: a date when it starts with a digit (returned, when good), else an event id.
    fn expected(&mut self, field: &Field, value: &Item<'a>, name: Name<'_>) -> Option<PartialDate> {
        let parsed = match value.get_ref() {
            Value::Datetime(dt) => PartialDate::from_toml(dt),
            Value::String(text) if text.starts_with(|c: char| c.is_ascii_digit()) => {
                text.parse::<PartialDate>()
            }
            Value::String(text) => {
                if check_id(text).is_ok() {
                    self.pending.push((Mark::Mentioned, Table::Event, text));
                } else {
                    self.report(
                        Diagnostic::new(
                            Code::BadExpected,
                            format!(
                                "`expected` of {name} must be a date or an event id, found `{text}`"
                            ),
                            Some(value.span()),
                        )
                        .with_label("neither a date nor an id")
                        .with_help(
                            "write a date (`2026`, `2026-Q2`, `2026-04`, `2026-04-09`) or the id \
                             of an [[event]]",
                        ),
                    );
                }
                return None;
            }
            _ => {
                self.type_error(field, field.key, value, name);
                return None;
            }
        };
        match parsed {
            Ok(date) => Some(date),
            Err(e) => {
                self.bad_date(field.key, &e, value, name);
                None
            }
        }
    }

    /// A word of a closed vocabulary (`state`, `kind`), with a suggestion for near misses.
    fn word<T: std::str::FromStr>(
        &mut self,
        field: &Field,
        value: &Item<'a>,
        name: Name<'_>,
        accepted: &[&'static str],
    ) {
        let Some(word) = value.get_ref().as_str() else {
            self.type_error(field, field.key, value, name);
            return;
        };
        if word.parse::<T>().is_ok() {
            return;
        }
        let list = accepted.join(", ");
        let code = if matches!(field.ty, Ty::Kind) {
            Code::UnknownKind
        } else {
            Code::UnknownState
        };
        let help = did_you_mean(word, accepted.iter().copied())
            .unwrap_or_else(|| format!("the {}s are: {list}", field.key));
        self.report(
            Diagnostic::new(
                code,
                format!("unknown {} `{word}` in {name}", field.key),
                Some(value.span()),
            )
            .with_label(format!("unknown {}", field.key))
            .with_help(help),
        );
    }

    /// A `Records` field: an array of tables. A single table (`[spec]`) is reported, then
    /// checked like one item so its other problems show too.
    fn records<'x>(
        &mut self,
        field: &Field,
        inner: &Record,
        value: &'x Item<'a>,
        name: Name<'_>,
    ) -> Option<Vec<&'x Item<'a>>> {
        match value.get_ref() {
            Value::Array(_) => Some(
                value
                    .get_ref()
                    .as_array()
                    .unwrap_or_default()
                    .iter()
                    .collect(),
            ),
            Value::Table(_) => {
                let written = self.written(value.span());
                let header = written.starts_with('[');
                let (message, help) = if header {
                    (
                        format!("`[{}]` is a single table", inner.path),
                        format!(
                            "each {} is an entry of an array of tables: write `[[{}]]`",
                            inner.noun, inner.path
                        ),
                    )
                } else {
                    (
                        format!(
                            "`{}` must be {}, found a table",
                            field.key,
                            field.ty.expected()
                        ),
                        format!("write `[[{}]]` before each {}", inner.path, inner.noun),
                    )
                };
                self.report(
                    Diagnostic::new(Code::NotAnArrayOfTables, message, Some(value.span()))
                        .with_label(format!("not `[[{}]]`", inner.path))
                        .with_help(help),
                );
                // A `[spec]` section is most likely one spec: check it as one, so its other
                // problems show too. A dotted key or inline table is only the wrong shape.
                header.then(|| vec![value])
            }
            _ => {
                self.type_error(field, field.key, value, name);
                None
            }
        }
    }

    fn bad_date(
        &mut self,
        key: &str,
        error: &crate::date::DateError,
        value: &Item<'a>,
        name: Name<'_>,
    ) {
        use crate::date::DateError;
        let (label, help) = match error {
            DateError::Impossible(..) => ("no such date", None),
            DateError::TimeOfDay(_) => ("has a time of day", None),
            DateError::Range(_) => ("out of range", None),
            DateError::Syntax(_) => (
                "not a date",
                Some("a date is `2026`, `2026-Q2`, `2026-04` or `2026-04-09`"),
            ),
        };
        let message = match error {
            // The error's own text already says what to write.
            DateError::Syntax(text) => format!("`{key}` of {name}: `{text}` is not a date"),
            other => format!("`{key}` of {name}: {other}"),
        };
        let mut d = Diagnostic::new(Code::BadDate, message, Some(value.span())).with_label(label);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.report(d);
    }

    fn type_error(&mut self, field: &Field, key: &str, value: &Item<'a>, name: Name<'_>) {
        let found = a_type(value.get_ref());
        let whose = if matches!(name, Name::Root) {
            format!("`{key}`")
        } else {
            format!("`{key}` of {name}")
        };
        let mut d = Diagnostic::new(
            Code::WrongType,
            format!("{whose} must be {}, found {found}", field.ty.expected()),
            Some(value.span()),
        )
        .with_label(found);
        // A single id where a list is needed is the usual slip: show the fix.
        if let (Ty::Refs(_) | Ty::Tags, Some(text)) = (field.ty, value.get_ref().as_str()) {
            d = d.with_help(format!("write `{key} = [\"{text}\"]`"));
        } else if let Ty::Records(inner) = field.ty {
            d = d.with_help(format!(
                "write `[[{}]]` before each {}",
                inner.path, inner.noun
            ));
        } else if !field.example.is_empty() {
            d = d.with_help(format!("for example `{}`", field.example));
        }
        self.report(d);
    }
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn listing(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

/// "a string", "an array": how messages name the type of a TOML value.
fn a_type(value: &Value<'_>) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Integer(..) => "an integer",
        Value::Float => "a float",
        Value::Boolean => "a boolean",
        Value::Datetime(_) => "a date-time",
        Value::Array(_) => "an array",
        Value::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The structural pass on `text` (leaked: a test's catalogue lives as long as the test).
    fn structure(text: &str) -> Structure<'static> {
        let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
        let arena: &'static Arena = Box::leak(Box::new(Arena::new()));
        let structure = read(text, arena);
        assert!(
            structure
                .diagnostics
                .iter()
                .all(|d| d.label.as_deref() != Some("invalid TOML here")),
            "{:?}",
            structure.diagnostics
        );
        structure
    }

    /// The messages and the text each one points at.
    fn found(text: &str) -> Vec<(String, String)> {
        let mut diagnostics = structure(text).diagnostics;
        diagnostics.sort_by_key(|d| d.span.clone().map(|s| s.start));
        diagnostics
            .into_iter()
            .map(|d| {
                let at = d.span.and_then(|s| text.get(s)).unwrap_or_default();
                (d.message, at.to_owned())
            })
            .collect()
    }

    fn pair(message: &str, at: &str) -> (String, String) {
        (message.to_owned(), at.to_owned())
    }

    const SPEC_OK: &str = "format = 1\n[[spec]]\nid = \"x\"\ntitle = \"X\"\nkind = \"guide\"\norgs = [\"o\"]\n[[spec.history]]\ndate = \"2026\"\nstate = \"proposed\"\nsources = [\"s\"]\n";

    #[test]
    fn a_good_spec_is_built_with_its_history() {
        let s = structure(SPEC_OK);
        assert_eq!(s.diagnostics, []);
        let catalog = s.catalog.unwrap();
        assert_eq!(catalog.specs.len(), 1);
        assert_eq!(catalog.specs[0].get_ref().history.len(), 1);
        assert_eq!(&SPEC_OK[catalog.specs[0].span()], "[[spec]]");
    }

    #[test]
    fn format_is_required_known_and_an_integer() {
        assert_eq!(found("")[0].0, "the catalogue does not say its `format`");
        assert_eq!(
            found("format = \"1\"\n"),
            [pair("`format` must be an integer, found a string", "\"1\"")]
        );
        assert_eq!(
            found("format = 0\n"),
            [pair("`format` must be 1, found 0", "0")]
        );
        let newer = structure("format = 2\n[[spek]]\n");
        assert!(newer.catalog.is_none());
        assert_eq!(
            newer
                .diagnostics
                .iter()
                .map(|d| d.message.as_str())
                .collect::<Vec<_>>(),
            ["this catalogue is format 2; this spectrack reads format 1"]
        );
    }

    #[test]
    fn unknown_tables_and_keys_with_suggestions() {
        let text = "format = 1\n[[sources]]\nid = \"a\"\n[spec]\nid = \"x\"\n";
        let s = structure(text);
        let messages: Vec<_> = s
            .diagnostics
            .iter()
            .map(|d| (d.message.as_str(), d.help.as_deref()))
            .collect();
        assert!(
            messages.contains(&(
                "unknown table `[[sources]]`",
                Some("did you mean `[[source]]`?")
            )),
            "{messages:#?}"
        );
        assert!(
            messages.contains(&(
                "`[spec]` is a single table",
                Some("each spec is an entry of an array of tables: write `[[spec]]`")
            )),
            "{messages:#?}"
        );
        let typo = SPEC_OK.replace("title", "titel");
        let d = &structure(&typo).diagnostics;
        assert_eq!(d[0].message, "unknown key `titel` in [[spec]] `x`");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(&typo[d[0].span.clone().unwrap()], "titel");
        // The typo is the one problem: no "missing `title`" besides.
        assert_eq!(d.len(), 1, "{d:#?}");
    }

    #[test]
    fn wrong_types_and_missing_fields() {
        let text = SPEC_OK
            .replace("orgs = [\"o\"]", "orgs = \"o\"")
            .replace("title = \"X\"\n", "");
        assert_eq!(
            found(&text),
            [
                pair("[[spec]] `x` is missing `title`", "[[spec]]"),
                pair(
                    "`orgs` of [[spec]] `x` must be an array of org ids, found a string",
                    "\"o\""
                ),
            ]
        );
        let empty = SPEC_OK.replace("orgs = [\"o\"]", "orgs = []");
        assert_eq!(
            found(&empty),
            [pair("`orgs` of [[spec]] `x` is empty", "[]")]
        );
    }

    #[test]
    fn value_checks() {
        let text = SPEC_OK
            .replace("id = \"x\"", "id = \"X Y\"")
            .replace("kind = \"guide\"", "kind = \"whitepaper\"")
            .replace("state = \"proposed\"", "state = \"publised\"");
        let s = structure(&text);
        let got: Vec<_> = s
            .diagnostics
            .iter()
            .map(|d| (d.message.as_str(), d.help.as_deref()))
            .collect();
        assert!(
            got.contains(&(
                "invalid id `X Y` in [[spec]]",
                Some("an id starts with a lowercase letter; for example `x-y`")
            )),
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|(m, h)| *m == "unknown kind `whitepaper` in [[spec]]"
                    && h.is_some_and(|h| h.starts_with("did you mean `white-paper`?"))),
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|(m, h)| m.starts_with("unknown state `publised`")
                    && h.is_some_and(|h| h.starts_with("did you mean `published`?"))),
            "{got:#?}"
        );
        // The parser itself refuses 2026-02-30 as a bare date, so use a string here.
        let day = SPEC_OK.replace("date = \"2026\"", "date = \"2026-02-30\"");
        assert_eq!(
            found(&day),
            [pair(
                "`date` of the 2026-02-30 entry of `x`: `2026-02-30` is not a real date: 2026-02 has 28 days",
                "\"2026-02-30\""
            )]
        );
        let time = SPEC_OK.replace("date = \"2026\"", "date = 2026-03-06T10:00:00");
        assert!(found(&time)[0].0.contains("has a time of day"));
        let expected = SPEC_OK.replace(
            "state = \"proposed\"",
            "state = \"proposed\"\nexpected = \"April 2026\"",
        );
        assert_eq!(
            found(&expected)[0].0,
            "`expected` of the 2026 entry of `x` must be a date or an event id, found `April 2026`"
        );
    }

    #[test]
    fn a_broken_history_entry_keeps_the_spec_but_marks_it() {
        let text = format!("{SPEC_OK}[[spec.history]]\ndate = \"soon\"\n");
        let s = structure(&text);
        assert_eq!(s.diagnostics.len(), 1);
        let catalog = s.catalog.unwrap();
        assert_eq!(catalog.specs[0].get_ref().history.len(), 1);
        assert!(s.context.partial_history.contains("x"));
    }

    #[test]
    fn broken_records_are_left_out_but_their_ids_known() {
        let text = "format = 1\n[[org]]\nid = \"o\"\n[[source]]\nid = \"s\"\ntitle = \"t\"\npublisher = \"p\"\ndate = \"2026\"\nparent = \"o\"\n";
        let s = structure(text);
        let catalog = s.catalog.unwrap();
        assert!(catalog.orgs.is_empty() && catalog.sources.is_empty());
        assert!(s.context.ids.contains(&(Table::Org, "o".to_owned())));
        assert!(s.context.ids.contains(&(Table::Source, "s".to_owned())));
    }

    #[test]
    fn every_key_of_every_record_is_built() {
        let text = "format = 1\n\
            [[org]]\nid = \"o\"\nname = \"O\"\nshort = \"S\"\nparent = \"p\"\nurl = \"u\"\n\
            [[event]]\nid = \"e\"\nname = \"E\"\nstart = 2026-04-09\nend = \"2026-04-10\"\n\
            place = \"P\"\norgs = [\"o\"]\nsources = [\"s\"]\nurl = \"u\"\n\
            [[source]]\nid = \"s\"\ntitle = \"T\"\npublisher = \"P\"\ndate = \"2026\"\nurl = \"u\"\n\
            [[spec]]\nid = \"x\"\ntitle = \"X\"\nkind = \"guide\"\norgs = [\"o\"]\ntopics = [\"t\"]\n\
            summary = \"\\u00e9\"\nurl = \"u\"\nsupersedes = [\"y\"]\n\
            [[spec.history]]\ndate = \"2026\"\nstate = \"proposed\"\nexpected = \"e\"\nat = \"e\"\n\
            sources = [\"s\"]\nnote = \"n\"\nurl = \"u\"\nversion = \"v1\"\n";
        let s = structure(text);
        assert_eq!(s.diagnostics, []);
        let catalog = s.catalog.unwrap();
        let org = catalog.orgs[0].get_ref();
        assert!(org.short.is_some() && org.parent.is_some() && org.url.is_some());
        let event = catalog.events[0].get_ref();
        assert!(event.end.is_some() && event.place.is_some() && event.url.is_some());
        assert_eq!((event.orgs.len(), event.sources.len()), (1, 1));
        assert!(catalog.sources[0].get_ref().url.is_some());
        let spec = catalog.specs[0].get_ref();
        assert_eq!(spec.summary().map(|s| *s.get_ref()), Some("é"));
        assert!(spec.url().is_some());
        assert_eq!((spec.topics.len(), spec.supersedes().len()), (1, 1));
        let entry = spec.history[0].get_ref();
        assert_eq!(
            entry.expected.map(|e| *e.get_ref()),
            Some(model::Expected::Event("e"))
        );
        assert!(entry.at().is_some() && entry.note().is_some() && entry.url().is_some());
        assert_eq!(entry.version().map(|v| *v.get_ref()), Some("v1"));
        assert!(entry.state.is_some() && entry.sources.len() == 1);
        // Every key the schema knows was written above.
        for record in [&ORG, &EVENT, &SOURCE, &SPEC, &HISTORY] {
            for field in record.fields {
                let line = format!("\n{} = ", field.key);
                let table = format!("[[{}.{}]]", record.path, field.key);
                assert!(
                    text.contains(&line) || text.contains(&table),
                    "{} of {}",
                    field.key,
                    record.path
                );
            }
        }
    }

    /// `read_whole` and `read_in_two` cut at `at`, compared: the two parts must either be
    /// refused or give exactly what the whole gives. Returns whether they were taken.
    fn two_parts_agree(text: &str, at: usize) -> bool {
        let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
        let whole_arena: &'static Arena = Box::leak(Box::new(Arena::new()));
        let parts_arena: &'static Arena = Box::leak(Box::new(Arena::new()));
        let whole = read_whole(text, whole_arena);
        let Some(parts) = read_in_two(text, at, parts_arena) else {
            return false;
        };
        let shown = |s: &Structure<'_>| {
            let mut diagnostics = s.diagnostics.clone();
            diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
            (format!("{:?}", s.catalog), format!("{diagnostics:?}"))
        };
        assert_eq!(shown(&whole), shown(&parts), "cut at {at}");
        assert_eq!(whole.context.ids, parts.context.ids, "cut at {at}");
        assert_eq!(whole.context.mentioned, parts.context.mentioned);
        assert_eq!(whole.context.partial_history, parts.context.partial_history);
        true
    }

    /// Every place a cut could be made: each record header at the start of a line.
    fn cuts(text: &str) -> Vec<usize> {
        memchr::memmem::find_iter(text.as_bytes(), b"\n[[")
            .map(|at| at + 1)
            .filter(|&at| {
                Table::ALL
                    .iter()
                    .any(|t| text[at..].starts_with(t.header()))
            })
            .collect()
    }

    #[test]
    fn a_catalogue_read_in_two_parts_reads_as_the_whole() {
        let plain = spectrack_synth::catalogue(120, 7).unwrap();
        let warnings = spectrack_synth::catalogue_with_warnings(120, 8).unwrap();
        for text in [&plain, &warnings] {
            let cuts = cuts(text);
            let taken = cuts
                .iter()
                .step_by(5)
                .filter(|&&at| two_parts_agree(text, at))
                .count();
            // A generated catalogue is all records: every cut is taken.
            assert_eq!(taken, cuts.iter().step_by(5).count());
        }
        assert_eq!(
            split::point(&plain).map(|at| two_parts_agree(&plain, at)),
            Some(true)
        );
    }

    #[test]
    fn the_fixtures_read_in_two_parts_read_as_the_whole() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut paths: Vec<_> = std::fs::read_dir(format!("{folder}/check"))
            .unwrap()
            .chain(std::fs::read_dir(folder).unwrap())
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        assert!(paths.len() > 20);
        for path in paths {
            // Some fixtures are not UTF-8 on purpose: the reader never sees those.
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for at in cuts(&text) {
                two_parts_agree(&text, at);
            }
        }
    }

    #[test]
    fn a_cut_that_changes_the_meaning_is_refused() {
        let record =
            "[[spec]]\nid = \"s\"\ntitle = \"S\"\nkind = \"specification\"\norgs = [\"o\"]\n";
        let head = "format = 1\n[[org]]\nid = \"o\"\nname = \"O\"\n";
        let refused = [
            // Inside a multi-line string, an array, a literal string.
            format!("{head}[[spec]]\nid = \"a\"\nsummary = \"\"\"\n{record}\"\"\"\n"),
            format!("{head}[[spec]]\nid = \"a\"\ntopics = [\n{record}]\n"),
            format!("{head}[[spec]]\nid = \"a\"\nsummary = \'\'\'\n{record}\'\'\'\n"),
            // A table where the second part adds records, or a second part that extends
            // the first part's last record.
            format!("{head}[spec]\nx = 1\n{record}"),
            format!(
                "format = 1\nspec = 1\n{}{record}",
                &head["format = 1\n".len()..]
            ),
            format!("{head}{record}[org.extra]\nx = 1\n"),
            format!("{head}{record}[[history]]\nx = 1\n"),
            // A format this build does not read.
            format!("format = 99\n{head}{record}"),
        ];
        for text in refused {
            let at = cuts(&text).last().copied().unwrap();
            assert!(!two_parts_agree(&text, at), "{text}");
        }
        // Both parts clean: taken, and the same as the whole.
        let taken = format!("{head}{record}{}", record.replace("\"s\"", "\"t\""));
        let at = cuts(&taken).last().copied().unwrap();
        assert!(two_parts_agree(&taken, at));
    }
}
