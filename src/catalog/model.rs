//! The catalogue file, format 1, as compact structures borrowed from its text (SPEC section 1).
//!
//! Every value a diagnostic may point at is kept as [`Spanned`], so validation can name the
//! line and column. Strings are borrowed from the catalogue's text; the few written with
//! escapes are decoded into an [`Arena`], as are the lists, so a catalogue costs about its
//! own size in memory and reading it allocates little. The reader ([`super::schema`]) builds
//! it record by record.

use std::ops::Range;

use super::vocab::{Kind, State};
use crate::date::PartialDate;

/// The newest catalogue format this build understands.
pub const FORMAT: i64 = 1;

/// A value with the place in the text it was read from.
///
/// Offsets are `u32`: a catalogue is at most [`super::MAX_CATALOG_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spanned<T> {
    start: u32,
    end: u32,
    value: T,
}

impl<T> Spanned<T> {
    /// `value` read from `span`. Offsets past `u32::MAX` are clamped (no catalogue is that
    /// large: the reader refuses files above [`super::MAX_CATALOG_BYTES`]).
    pub fn new(span: Range<usize>, value: T) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            start: clamp(span.start),
            end: clamp(span.end),
            value,
        }
    }

    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn get_mut(&mut self) -> &mut T {
        &mut self.value
    }

    pub fn into_inner(self) -> T {
        self.value
    }

    /// Where the value was written, in bytes of the text.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// What a value is, not where it was written: catalogues with the same data hash the same
/// whatever their layout (`Catalog::fingerprints`).
impl<T: std::hash::Hash> std::hash::Hash for Spanned<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

/// A string of the catalogue, with its place.
pub type Str<'a> = Spanned<&'a str>;

impl<'a> Spanned<&'a str> {
    /// The string, borrowed for as long as the catalogue.
    pub fn as_str(&self) -> &'a str {
        self.value
    }
}

/// Where decoded strings and lists of a catalogue live while it is in use. Make one, read
/// the catalogue into it, and keep it as long as the [`Catalog`].
///
/// A large catalogue is read in two parts at once (`schema::read`), so the arena is a herd of
/// bump allocators: each thread allocates from a `Member` of its own, and everything it
/// allocates lives as long as the arena.
#[derive(Default)]
pub struct Arena(bumpalo_herd::Herd);

impl Arena {
    pub fn new() -> Self {
        Self::default()
    }

    /// Frees what was allocated, keeping each allocator's largest block: reading a second
    /// catalogue into it then writes to memory already in use, where fresh memory costs a
    /// page fault every 4 KiB (an edit reads the old text, then the new one).
    pub(crate) fn reset(&mut self) {
        self.0.reset();
    }

    /// An allocator for one thread.
    pub(crate) fn member(&self) -> Member<'_> {
        Member(self.0.get())
    }
}

impl std::fmt::Debug for Arena {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Arena")
    }
}

/// One thread's allocator in an [`Arena`]: what it allocates lives as long as the arena.
pub(crate) struct Member<'a>(bumpalo_herd::Member<'a>);

impl<'a> Member<'a> {
    pub(crate) fn alloc_str(&self, text: &str) -> &'a str {
        self.0.alloc_str(text)
    }

    pub(crate) fn alloc<T: Copy>(&self, item: T) -> &'a T {
        self.0.alloc(item)
    }

    pub(crate) fn alloc_slice<T: Copy>(&self, items: &[T]) -> &'a [T] {
        if items.is_empty() {
            return &[];
        }
        self.0.alloc_slice_copy(items)
    }

    /// The items of `items`, written straight into the arena (no list made first).
    pub(crate) fn alloc_slice_from<T: Copy>(
        &self,
        items: impl ExactSizeIterator<Item = T>,
    ) -> &'a [T] {
        if items.len() == 0 {
            return &[];
        }
        self.0.alloc_slice_fill_iter(items)
    }
}

/// A whole catalogue. Build one with [`Catalog::new`], which indexes the ids.
#[derive(Debug, Clone)]
pub struct Catalog<'a> {
    pub format: Spanned<i64>,
    pub orgs: Vec<Spanned<Org<'a>>>,
    pub events: Vec<Spanned<Event<'a>>>,
    pub sources: Vec<Spanned<Source<'a>>>,
    pub specs: Vec<Spanned<Spec<'a>>>,
    index: Index,
}

/// Each table's ids, to the first record with that id: lookups in O(1), so deriving
/// every spec's status stays linear in the catalogue.
#[derive(Debug, Clone, Default)]
struct Index {
    orgs: Ids,
    events: Ids,
    sources: Ids,
    specs: Ids,
}

/// The positions of a table's records, found by the hash of their id. Only positions are
/// stored (4 bytes a record, not a copy of each id as a map would hold): the ids are read
/// from the records themselves.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ids {
    table: hashbrown::HashTable<u32>,
    /// The positions whose id an earlier record has, in order: found while indexing, so
    /// validation need not look every id up again to find duplicates.
    repeats: Vec<u32>,
}

fn hash_id(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
}

impl Ids {
    fn of<'a, T>(records: &[Spanned<T>], id: impl Fn(&T) -> &'a str) -> Self {
        Self::new(records.len(), |at| id(records[at].get_ref()))
    }

    /// The positions `0..len`, found by the id `id_at` gives each (the first of equal ids).
    pub(crate) fn new<'a>(len: usize, id_at: impl Fn(usize) -> &'a str) -> Self {
        let mut ids = Self {
            table: hashbrown::HashTable::with_capacity(len),
            repeats: Vec::new(),
        };
        for at in 0..len {
            ids.push(at, &id_at);
        }
        ids
    }

    /// Indexes position `at`, after every position indexed so far; `id_at` gives the id at
    /// each.
    fn push<'a>(&mut self, at: usize, id_at: impl Fn(usize) -> &'a str) {
        let id_at = |at: u32| id_at(at as usize);
        let Ok(at) = u32::try_from(at) else {
            return;
        };
        let key = id_at(at);
        let hash = hash_id(key);
        if self
            .table
            .find(hash, |&other| id_at(other) == key)
            .is_none()
        {
            self.table
                .insert_unique(hash, at, |&other| hash_id(id_at(other)));
        } else {
            self.repeats.push(at);
        }
    }

    /// The position in `records` of the first with this id.
    fn get<'a, T>(
        &self,
        records: &[Spanned<T>],
        id: impl Fn(&T) -> &'a str,
        key: &str,
    ) -> Option<usize> {
        self.find(|at| records.get(at).map(|record| id(record.get_ref())), key)
    }

    /// The position of the first with id `key`; `id_at` gives the id at a position.
    pub(crate) fn find<'a>(
        &self,
        id_at: impl Fn(usize) -> Option<&'a str>,
        key: &str,
    ) -> Option<usize> {
        self.table
            .find(hash_id(key), |&at| id_at(at as usize) == Some(key))
            .map(|&at| at as usize)
    }
}

/// A table's ids copied one after another, beside its index, for many lookups in a row
/// (validation's of every reference, `log`'s and the status page's of every source): in a
/// large catalogue a lookup in [`Ids`] reads the record found and then its id in the file's
/// text, two cache misses (6% of `pending`'s CPU time at 100k specs, a tenth of `log`'s),
/// where this copy stays in the cache. Made by whoever does the lookups and dropped with
/// them: held with the catalogue, it would raise the peak of every command.
#[derive(Debug, Clone)]
pub(crate) struct PackedIds<'c> {
    index: &'c Ids,
    text: String,
    /// Where each position's id ends in `text` (it starts where the one before ends).
    ends: Vec<usize>,
}

impl PackedIds<'_> {
    /// The position of the first record with id `key`, as the catalogue's `*_position` finds it.
    pub(crate) fn position(&self, key: &str) -> Option<usize> {
        self.index.find(
            |at| {
                let start = at.checked_sub(1).map_or(0, |before| self.ends[before]);
                self.text.get(start..*self.ends.get(at)?)
            },
            key,
        )
    }
}

/// Who writes, leads or hosts.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Org<'a> {
    pub id: Str<'a>,
    pub name: Str<'a>,
    pub short: Option<Str<'a>>,
    pub parent: Option<Str<'a>>,
    pub url: Option<Str<'a>>,
}

/// A gathering where releases happen or are promised.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Event<'a> {
    pub id: Str<'a>,
    pub name: Str<'a>,
    pub start: Spanned<PartialDate>,
    pub end: Option<Spanned<PartialDate>>,
    pub place: Option<Str<'a>>,
    pub orgs: &'a [Str<'a>],
    pub sources: &'a [Str<'a>],
    pub url: Option<Str<'a>>,
}

/// Evidence for a history entry.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Source<'a> {
    pub id: Str<'a>,
    pub title: Str<'a>,
    pub publisher: Str<'a>,
    pub date: Spanned<PartialDate>,
    pub url: Option<Str<'a>>,
}

/// A promised specification, white paper, guide …
///
/// What many specs leave out (`summary`, `url`, `supersedes`) is kept apart, in
/// `SpecDetails`, as for history entries.
#[derive(Debug, Clone, Copy, Hash)]
pub struct Spec<'a> {
    pub id: Str<'a>,
    pub title: Str<'a>,
    pub kind: Spanned<Kind>,
    pub orgs: Spanned<&'a [Str<'a>]>,
    pub topics: &'a [Str<'a>],
    pub history: &'a [Spanned<HistoryEntry<'a>>],
    details: Option<&'a SpecDetails<'a>>,
}

/// The keys of a spec that many specs leave out.
#[derive(Debug, Clone, Copy, Default, Hash)]
pub struct SpecDetails<'a> {
    pub summary: Option<Str<'a>>,
    pub url: Option<Str<'a>>,
    pub supersedes: &'a [Str<'a>],
}

impl SpecDetails<'_> {
    fn is_empty(&self) -> bool {
        self.summary.is_none() && self.url.is_none() && self.supersedes.is_empty()
    }
}

impl<'a> Spec<'a> {
    /// A spec; its details are stored in `arena` when it has any.
    pub(crate) fn new(
        identity: (Str<'a>, Str<'a>, Spanned<Kind>),
        orgs: Spanned<&'a [Str<'a>]>,
        topics: &'a [Str<'a>],
        history: &'a [Spanned<HistoryEntry<'a>>],
        details: SpecDetails<'a>,
        arena: &Member<'a>,
    ) -> Self {
        let (id, title, kind) = identity;
        Self {
            id,
            title,
            kind,
            orgs,
            topics,
            history,
            details: (!details.is_empty()).then(|| arena.alloc(details)),
        }
    }

    pub fn summary(&self) -> Option<Str<'a>> {
        self.details.and_then(|d| d.summary)
    }

    pub fn url(&self) -> Option<Str<'a>> {
        self.details.and_then(|d| d.url)
    }

    /// The specs this one replaces.
    pub fn supersedes(&self) -> &'a [Str<'a>] {
        self.details.map_or(&[], |d| d.supersedes)
    }
}

/// One dated, sourced step in a spec's life.
///
/// What most entries leave out (`at`, `note`, `url`, `version`) is kept apart, in
/// [`EntryDetails`], so an entry without them stays small: entries are most of a
/// catalogue's memory.
#[derive(Debug, Clone, Copy, Hash)]
pub struct HistoryEntry<'a> {
    pub date: Spanned<PartialDate>,
    pub state: Option<Spanned<State>>,
    pub expected: Option<Spanned<Expected<'a>>>,
    pub sources: &'a [Str<'a>],
    details: Option<&'a EntryDetails<'a>>,
}

/// The keys of a history entry that most entries leave out.
#[derive(Debug, Clone, Copy, Default, Hash)]
pub struct EntryDetails<'a> {
    pub at: Option<Str<'a>>,
    pub note: Option<Str<'a>>,
    pub url: Option<Str<'a>>,
    /// The version this entry is about (free text: "v1.5", "r2.0 v1.0").
    pub version: Option<Str<'a>>,
}

impl EntryDetails<'_> {
    fn is_empty(&self) -> bool {
        self.at.is_none() && self.note.is_none() && self.url.is_none() && self.version.is_none()
    }
}

impl<'a> HistoryEntry<'a> {
    /// An entry; its details are stored in `arena` when it has any.
    pub(crate) fn new(
        date: Spanned<PartialDate>,
        state: Option<Spanned<State>>,
        expected: Option<Spanned<Expected<'a>>>,
        sources: &'a [Str<'a>],
        details: EntryDetails<'a>,
        arena: &Member<'a>,
    ) -> Self {
        Self {
            date,
            state,
            expected,
            sources,
            details: (!details.is_empty()).then(|| arena.alloc(details)),
        }
    }

    /// The event it happened at.
    pub fn at(&self) -> Option<Str<'a>> {
        self.details.and_then(|d| d.at)
    }

    pub fn note(&self) -> Option<Str<'a>> {
        self.details.and_then(|d| d.note)
    }

    pub fn url(&self) -> Option<Str<'a>> {
        self.details.and_then(|d| d.url)
    }

    /// The version this entry is about (free text: "v1.5", "r2.0 v1.0").
    pub fn version(&self) -> Option<Str<'a>> {
        self.details.and_then(|d| d.version)
    }
}

/// When the next step is due: a date, or the id of an event (its end date counts).
///
/// Ids never start with a digit, so a value starting with one is a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expected<'a> {
    Date(PartialDate),
    Event(&'a str),
}

impl<'a> Expected<'a> {
    /// Reads the text of an `expected` value.
    pub fn parse(text: &'a str) -> Result<Self, crate::date::DateError> {
        if text.starts_with(|c: char| c.is_ascii_digit()) {
            text.parse().map(Expected::Date)
        } else {
            Ok(Expected::Event(text))
        }
    }
}

impl<'a> Catalog<'a> {
    /// A catalogue of these records, with its ids indexed.
    pub fn new(
        format: Spanned<i64>,
        orgs: Vec<Spanned<Org<'a>>>,
        events: Vec<Spanned<Event<'a>>>,
        sources: Vec<Spanned<Source<'a>>>,
        specs: Vec<Spanned<Spec<'a>>>,
    ) -> Self {
        // The specs on one thread, the rest (the sources, mostly) on another, when large.
        let specs_ids = || Ids::of(&specs, |s: &Spec<'a>| s.id.value);
        let other_ids = || {
            (
                Ids::of(&orgs, |o: &Org<'a>| o.id.value),
                Ids::of(&events, |e: &Event<'a>| e.id.value),
                Ids::of(&sources, |s: &Source<'a>| s.id.value),
            )
        };
        let (specs_ids, (orgs_ids, events_ids, sources_ids)) =
            if specs.len() >= crate::parallel::HALVES_FROM {
                crate::parallel::join(specs_ids, other_ids)
            } else {
                (specs_ids(), other_ids())
            };
        let index = Index {
            orgs: orgs_ids,
            events: events_ids,
            sources: sources_ids,
            specs: specs_ids,
        };
        Self {
            format,
            orgs,
            events,
            sources,
            specs,
            index,
        }
    }

    /// The index of `table`'s records by id.
    fn ids(&self, table: super::format::Table) -> &Ids {
        use super::format::Table;
        match table {
            Table::Org => &self.index.orgs,
            Table::Event => &self.index.events,
            Table::Source => &self.index.sources,
            Table::Spec => &self.index.specs,
        }
    }

    /// The positions in `table`'s records whose id an earlier record of it has, in order.
    pub(crate) fn repeated_ids(&self, table: super::format::Table) -> &[u32] {
        &self.ids(table).repeats
    }

    /// `table`'s ids copied one after another, for many lookups in a row.
    pub(crate) fn packed_ids(&self, table: super::format::Table) -> PackedIds<'_> {
        let mut packed = PackedIds {
            index: self.ids(table),
            text: String::new(),
            ends: Vec::new(),
        };
        with_records!(self, table, |records| {
            let ids = || records.iter().map(|record| *record.get_ref().id.get_ref());
            packed.text.reserve_exact(ids().map(str::len).sum());
            packed.ends.reserve_exact(records.len());
            for id in ids() {
                packed.text.push_str(id);
                packed.ends.push(packed.text.len());
            }
        });
        packed
    }

    /// The position in `orgs` of the first org with this id.
    pub fn org_position(&self, id: &str) -> Option<usize> {
        self.index.orgs.get(&self.orgs, |o| o.id.value, id)
    }

    /// The position in `events` of the first event with this id.
    pub fn event_position(&self, id: &str) -> Option<usize> {
        self.index.events.get(&self.events, |e| e.id.value, id)
    }

    /// The position in `sources` of the first source with this id.
    pub fn source_position(&self, id: &str) -> Option<usize> {
        self.index.sources.get(&self.sources, |s| s.id.value, id)
    }

    /// The position in `specs` of the first spec with this id.
    pub fn spec_position(&self, id: &str) -> Option<usize> {
        self.index.specs.get(&self.specs, |s| s.id.value, id)
    }

    /// The first org with this id.
    pub fn org(&self, id: &str) -> Option<&Org<'a>> {
        self.orgs.get(self.org_position(id)?).map(Spanned::get_ref)
    }

    /// The first event with this id.
    pub fn event(&self, id: &str) -> Option<&Event<'a>> {
        self.events
            .get(self.event_position(id)?)
            .map(Spanned::get_ref)
    }

    /// The first source with this id.
    pub fn source(&self, id: &str) -> Option<&Source<'a>> {
        self.sources
            .get(self.source_position(id)?)
            .map(Spanned::get_ref)
    }

    /// The first spec with this id.
    pub fn spec(&self, id: &str) -> Option<&Spec<'a>> {
        self.specs
            .get(self.spec_position(id)?)
            .map(Spanned::get_ref)
    }

    /// The specs, without their spans.
    pub fn specs(&self) -> impl Iterator<Item = &Spec<'a>> {
        self.specs.iter().map(|s| s.get_ref())
    }
}

/// `$body` with `$records` bound to the records of `$table` (a [`Table`](super::Table)) in
/// `$catalog`: `&[Spanned<Org>]` for `Table::Org`, and so on. The one place that turns a
/// table into the catalogue's field, for code that treats every table alike (a record's
/// id, its span).
macro_rules! with_records {
    ($catalog:expr, $table:expr, |$records:ident| $body:expr) => {
        match $table {
            $crate::catalog::Table::Org => {
                let $records = &$catalog.orgs[..];
                $body
            }
            $crate::catalog::Table::Event => {
                let $records = &$catalog.events[..];
                $body
            }
            $crate::catalog::Table::Source => {
                let $records = &$catalog.sources[..];
                $body
            }
            $crate::catalog::Table::Spec => {
                let $records = &$catalog.specs[..];
                $body
            }
        }
    };
}
pub(crate) use with_records;

/// A kind of record, as the catalogue holds it: its id, and its table's records and index.
pub(crate) trait Record<'a>: Sized {
    fn id(&self) -> &'a str;
    fn table<'c>(catalog: &'c mut Catalog<'a>) -> (&'c mut Vec<Spanned<Self>>, &'c mut Ids);
}

macro_rules! record {
    ($type:ident, $field:ident) => {
        impl<'a> Record<'a> for $type<'a> {
            fn id(&self) -> &'a str {
                self.id.value
            }

            fn table<'c>(
                catalog: &'c mut Catalog<'a>,
            ) -> (&'c mut Vec<Spanned<Self>>, &'c mut Ids) {
                (&mut catalog.$field, &mut catalog.index.$field)
            }
        }
    };
}
record!(Org, orgs);
record!(Event, events);
record!(Source, sources);
record!(Spec, specs);

impl<'a> Catalog<'a> {
    /// Puts `records`, read again from an edited text that they start at `region` of (in
    /// the old text), into their table: with `at`, the first takes the place of the record
    /// there (with the same id); the others are new, and go after the table's last record,
    /// which must start at or before `region` (so they come after it in the text too).
    /// `false`, the catalogue unchanged, for anything else: the caller then reads the whole
    /// text again.
    pub(crate) fn put_again<T: Record<'a>>(
        &mut self,
        at: Option<usize>,
        region: usize,
        records: Vec<Spanned<T>>,
    ) -> bool {
        let (table, ids) = T::table(self);
        let mut records = records.into_iter();
        let mut first = None;
        if let Some(at) = at {
            let Some(again) = records.next() else {
                return false;
            };
            if table
                .get(at)
                .is_none_or(|old| old.get_ref().id() != again.get_ref().id())
            {
                return false;
            }
            first = Some((at, again));
        }
        if records.len() > 0 && table.last().is_some_and(|last| last.span().start > region) {
            return false;
        }
        if let Some((at, again)) = first {
            table[at] = again;
        }
        for record in records {
            table.push(record);
            let table = &*table;
            ids.push(table.len() - 1, |at| table[at].get_ref().id());
        }
        true
    }
}

/// A hash of each record's data, not of where it is written: a new layout of a catalogue
/// (`fmt`) must read as records with the same fingerprints, which are small enough to keep
/// while the old catalogue is freed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fingerprints {
    format: i64,
    /// Each table's records' (in [`Table::ALL`] order).
    ///
    /// [`Table::ALL`]: super::format::Table::ALL
    tables: [Vec<u64>; 4],
}

impl Fingerprints {
    /// Where `other` first differs from this one; `None` when they are the same.
    pub(crate) fn first_difference(&self, other: &Self) -> Option<Difference> {
        use super::format::Table;
        if self.format != other.format {
            return Some(Difference::Format);
        }
        Table::ALL
            .into_iter()
            .zip(self.tables.iter().zip(&other.tables))
            .find_map(|(table, (old, new))| {
                let changed = old.iter().zip(new).position(|(a, b)| a != b);
                let missing = (old.len() != new.len()).then(|| old.len().min(new.len()));
                changed.or(missing).map(|at| Difference::Record(table, at))
            })
    }
}

/// Where two catalogues' [`Fingerprints`] first differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Difference {
    Format,
    /// The record at this position of this table (or the records from there on, when one
    /// has more).
    Record(super::format::Table, usize),
}

impl Catalog<'_> {
    /// Its records' [`Fingerprints`].
    pub(crate) fn fingerprints(&self) -> Fingerprints {
        use std::hash::BuildHasher as _;
        let hasher = foldhash::quality::FixedState::with_seed(0x5bec_7aac);
        Fingerprints {
            format: *self.format.get_ref(),
            tables: super::Table::ALL.map(|table| {
                with_records!(self, table, |records| (records.iter())
                    .map(|r| hasher.hash_one(r))
                    .collect())
            }),
        }
    }

    /// How messages name where a [`Difference`] is: "[[spec]] `id`".
    pub(crate) fn name_of(&self, difference: Difference) -> String {
        let Difference::Record(table, position) = difference else {
            return "`format`".to_owned();
        };
        let id = with_records!(self, table, |records| records
            .get(position)
            .map(|r| r.get_ref().id.value));
        match id {
            Some(id) => table.named(id).to_string(),
            None => format!("the number of {} records", table.header()),
        }
    }
}

impl<'a> Org<'a> {
    /// The short name where there is one, else the full name.
    pub fn display_name(&self) -> &'a str {
        self.short.as_ref().unwrap_or(&self.name).value
    }
}

impl Event<'_> {
    /// The day an event counts as, when used as a date: its end, or its start.
    pub fn as_date(&self) -> PartialDate {
        *self.end.as_ref().unwrap_or(&self.start).get_ref()
    }
}

impl<'a> Spec<'a> {
    /// The leading org's id (the first of `orgs`).
    pub fn lead_org(&self) -> Option<&'a str> {
        self.orgs.value.first().map(|o| o.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_stay_small() {
        // The model's size is most of a command's memory: about 1.4x the text for a
        // catalogue shaped like the synthetic ones (docs/performance.md).
        assert!(std::mem::size_of::<Str<'_>>() <= 24);
        // 184 with `at`, `note`, `url` and `version` in the entry itself.
        assert!(std::mem::size_of::<Spanned<HistoryEntry<'_>>>() <= 96);
        // 192 with `summary`, `url` and `supersedes` in the spec itself.
        assert!(std::mem::size_of::<Spanned<Spec<'_>>>() <= 136);
    }
}
