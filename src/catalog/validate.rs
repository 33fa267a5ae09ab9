//! The meaning of a well-formed catalogue: ids, references, history order, warnings.
//!
//! Returns every problem as data, in no particular order; [`super::check`] sorts them.
//! Problems of form (unknown keys, wrong types, bad dates) belong to [`super::schema`],
//! which runs first and only lets through records that are well formed.

use std::collections::HashSet;

use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::ops::Range;
use std::sync::OnceLock;

pub(crate) use super::format::Table;
use super::model::{Catalog, Expected, HistoryEntry, PackedIds, Spanned, Spec, Str, with_records};
use crate::diagnostic::{Code, Diagnostic};
use crate::parallel;
use crate::suggest::closest;

/// What validation knows beyond the catalogue it is given: the records the structural pass
/// found but could not read. Their ids still count as defined and their references as made,
/// so one broken record does not cause "unknown org" or "never cited" elsewhere.
#[derive(Debug, Default)]
pub(crate) struct Context {
    /// Ids of every record in the file, readable or not.
    pub ids: HashSet<(Table, String)>,
    /// Every id referred to anywhere in the file.
    pub mentioned: HashSet<(Table, String)>,
    /// Specs that lost history entries to errors: checks of the history as a whole skip them.
    pub partial_history: HashSet<String>,
}

impl Context {
    /// Whether every record was read.
    pub(crate) fn is_empty(&self) -> bool {
        self.ids.is_empty() && self.mentioned.is_empty() && self.partial_history.is_empty()
    }

    /// Adds what another part of the same file found.
    pub(crate) fn extend(&mut self, other: Context) {
        self.ids.extend(other.ids);
        self.mentioned.extend(other.mentioned);
        self.partial_history.extend(other.partial_history);
    }
}

/// Every problem of meaning in `catalog`.
pub fn validate(catalog: &Catalog) -> Vec<Diagnostic> {
    validate_in(catalog, &Context::default())
}

/// Every problem of meaning in `catalog`, knowing about the records in `context` that did
/// not make it into the catalogue.
///
/// In a large catalogue the checks of each spec (its references and its history) are split
/// between two threads, each half in its own [`Validator`]; what they find is joined before
/// the checks that need all of it (`unused`). Diagnostics come in no particular order: the
/// caller sorts them.
pub(crate) fn validate_in(catalog: &Catalog, context: &Context) -> Vec<Diagnostic> {
    validate_in_halves(catalog, context, parallel::halves(&catalog.specs).is_some())
}

/// [`validate_in`], with the specs split in two halves or not.
fn validate_in_halves(catalog: &Catalog, context: &Context, halves: bool) -> Vec<Diagnostic> {
    let specs = catalog.specs.as_slice();
    let (front, back) = if halves {
        specs.split_at(specs.len() / 2)
    } else {
        (specs, &[][..])
    };
    // Each table's ids packed at its first lookup: a table nothing refers to (specs, unless
    // one supersedes another) is not copied.
    let packed: [OnceLock<PackedIds>; 4] = Default::default();
    let whole = || {
        let mut v = Validator::new(catalog, context, &packed);
        v.duplicates();
        v.references();
        v.org_cycles();
        v.event_dates();
        v.specs(front);
        v
    };
    let mut v = if back.is_empty() {
        whole()
    } else {
        let (mut v, back) = parallel::join(whole, || {
            let mut v = Validator::new(catalog, context, &packed);
            v.specs(back);
            v
        });
        v.absorb(back);
        v
    };
    v.unused();
    v.diagnostics
}

/// Warnings for history entries dated after `today`: news cannot come from the
/// future. Kept apart from [`validate`] because it depends on the day; `check` and the
/// editing commands add it (an edit refuses such a date unless `--future` says it is meant).
pub fn dated_after(catalog: &Catalog, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for spec in catalog.specs.iter().map(Spanned::get_ref) {
        for entry in spec.history.iter().map(Spanned::get_ref) {
            let date = entry.date.get_ref();
            if date.start() > today {
                found.push(
                    Diagnostic::new(
                        Code::DatedAfterToday,
                        format!("{} is dated after today ({today})", entry_name(spec, entry)),
                        Some(entry.date.span()),
                    )
                    .with_label("in the future")
                    .with_help(
                        "a history entry records what was known on its date; check the date \
                         (status as of today does not count it yet)",
                    ),
                );
            }
        }
    }
    found
}

/// Whether `id` is a valid id; `Err` says what is wrong with it.
pub(crate) fn check_id(id: &str) -> Result<(), &'static str> {
    if id.is_empty() {
        return Err("an id cannot be empty");
    }
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err("an id starts with a lowercase letter");
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err("an id has only lowercase ASCII letters, digits and `-`");
    }
    if id.len() > 64 {
        return Err("an id has at most 64 characters");
    }
    Ok(())
}

/// A valid id close to an invalid one: `GCC DPU` → `gcc-dpu`.
pub(crate) fn id_like(text: &str) -> Option<String> {
    let mut id = String::new();
    for c in text.trim().chars() {
        match c {
            'a'..='z' | '0'..='9' => id.push(c),
            'A'..='Z' => id.push(c.to_ascii_lowercase()),
            ' ' | '_' | '-' | '.' | '/' if !id.is_empty() && !id.ends_with('-') => id.push('-'),
            _ => {}
        }
    }
    let id = id.trim_end_matches('-');
    (check_id(id).is_ok() && id != text).then(|| id.to_owned())
}

struct Validator<'c> {
    catalog: &'c Catalog<'c>,
    context: &'c Context,
    /// Each table's ids (in the order of [`Table::ALL`]), for the lookups; shared by the
    /// validators of one catalogue.
    packed: &'c [OnceLock<PackedIds<'c>>; 4],
    diagnostics: Vec<Diagnostic>,
    /// The ids each table defines, in the catalogue or among the unreadable records, sorted:
    /// the candidates for suggestions, made at the first unknown reference.
    known: HashMap<Table, Vec<&'c str>>,
    /// For each table, which of its records something refers to (by position).
    mentioned: [Vec<bool>; 4],
}

impl<'c> Validator<'c> {
    fn new(
        catalog: &'c Catalog<'c>,
        context: &'c Context,
        packed: &'c [OnceLock<PackedIds<'c>>; 4],
    ) -> Self {
        Self {
            catalog,
            context,
            packed,
            diagnostics: Vec::new(),
            known: HashMap::default(),
            mentioned: Table::ALL.map(|table| vec![false; ids(catalog, table).count()]),
        }
    }

    /// The position of the first record of `table` with this id.
    fn position(&self, table: Table, id: &str) -> Option<usize> {
        self.packed[table as usize]
            .get_or_init(|| self.catalog.packed_ids(table))
            .position(id)
    }

    /// Whether `id` is defined in `table`, by a record of the catalogue or an unreadable
    /// one; notes a record of the catalogue as referred to.
    fn resolve(&mut self, table: Table, id: &str) -> bool {
        if let Some(at) = self.position(table, id) {
            self.mentioned[table as usize][at] = true;
            return true;
        }
        !self.context.ids.is_empty() && self.context.ids.contains(&(table, id.to_owned()))
    }

    /// The closest defined id to an unknown one.
    fn suggestion(&mut self, table: Table, id: &str) -> Option<&'c str> {
        let (catalog, context) = (self.catalog, self.context);
        let known = self.known.entry(table).or_insert_with(|| {
            let extra = context
                .ids
                .iter()
                .filter(|(t, _)| *t == table)
                .map(|(_, id)| id.as_str());
            let mut all: Vec<&str> = ids(catalog, table).map(|(id, _)| id).chain(extra).collect();
            // Sorted, so that suggestions do not depend on hashing.
            all.sort_unstable();
            all.dedup();
            all
        });
        closest(id, known.iter().copied())
    }

    /// A second record with an id already used in its table.
    fn duplicates(&mut self) {
        for table in Table::ALL {
            for &at in self.catalog.repeated_ids(table) {
                let Some((id, span)) = id_at(self.catalog, table, at as usize) else {
                    continue;
                };
                let Some(first) = self.position(table, id) else {
                    continue;
                };
                let earlier = id_at(self.catalog, table, first).map(|(_, span)| span);
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        format!("duplicate {} id `{id}`", table.noun()),
                        Some(span),
                    )
                    .with_label("defined again here")
                    .with_related(earlier.unwrap_or_default(), "first defined here")
                    .with_help(format!(
                        "ids are unique among {}s; rename one of them, or merge the two",
                        table.noun()
                    )),
                );
            }
        }
    }

    /// Every id used as a reference must name a record of the right table.
    fn references(&mut self) {
        let catalog = self.catalog;
        for org in catalog.orgs.iter().map(Spanned::get_ref) {
            if let Some(parent) = &org.parent {
                self.reference(Table::Org, parent, || {
                    format!("`parent` of {}", Table::Org.named(org.id.get_ref()))
                });
            }
        }
        for event in catalog.events.iter().map(Spanned::get_ref) {
            let id = event.id.get_ref();
            for org in event.orgs {
                self.reference(Table::Org, org, || {
                    format!("`orgs` of {}", Table::Event.named(id))
                });
            }
            for source in event.sources {
                self.reference(Table::Source, source, || {
                    format!("`sources` of {}", Table::Event.named(id))
                });
            }
        }
    }

    /// Everything checked spec by spec: references, topics, history.
    fn specs(&mut self, specs: &[Spanned<Spec>]) {
        for spec in specs {
            self.spec_references(spec.get_ref());
            self.topics(spec.get_ref());
            self.history(spec);
        }
    }

    /// What another validator of the same catalogue found.
    fn absorb(&mut self, other: Validator<'_>) {
        self.diagnostics.extend(other.diagnostics);
        for (mine, theirs) in self.mentioned.iter_mut().zip(other.mentioned) {
            for (mine, theirs) in mine.iter_mut().zip(theirs) {
                *mine |= theirs;
            }
        }
    }

    /// The references a spec and its history make.
    fn spec_references(&mut self, spec: &Spec<'_>) {
        let id = spec.id.get_ref();
        for org in *spec.orgs.get_ref() {
            self.reference(Table::Org, org, || {
                format!("`orgs` of {}", Table::Spec.named(id))
            });
        }
        for other in spec.supersedes() {
            self.reference(Table::Spec, other, || {
                format!("`supersedes` of {}", Table::Spec.named(id))
            });
        }
        for entry in spec.history.iter().map(Spanned::get_ref) {
            let of = || entry_name(spec, entry);
            if let Some(at) = entry.at() {
                self.reference(Table::Event, &at, || format!("`at` of {}", of()));
            }
            if let Some(expected) = &entry.expected
                && let Expected::Event(event) = expected.get_ref()
            {
                let event = Spanned::new(expected.span(), *event);
                self.reference(Table::Event, &event, || format!("`expected` of {}", of()));
            }
            for source in entry.sources {
                self.reference(Table::Source, source, || format!("`sources` of {}", of()));
            }
        }
    }

    /// `whose` names the field, for the message (made only when there is one).
    fn reference(&mut self, table: Table, id: &Str<'_>, whose: impl FnOnce() -> String) {
        let text = *id.get_ref();
        if self.resolve(table, text) {
            return;
        }
        let whose = whose();
        let near = self.suggestion(table, text);
        if let Some(near) = near {
            // Most likely meant: do not also call it unused.
            self.resolve(table, near);
        }
        let help = near
            .map(|c| format!("did you mean `{c}`?"))
            .unwrap_or_else(|| {
                format!(
                    "add {} with `id = \"{text}\"`, or use the id of an existing one",
                    table.header()
                )
            });
        self.diagnostics.push(
            Diagnostic::new(
                Code::UnknownReference,
                format!("unknown {} `{text}` in {whose}", table.noun()),
                Some(id.span()),
            )
            .with_label(format!("no {} has this id", table.header()))
            .with_help(help),
        );
    }

    /// An event's `end` before its `start`: an end of lower precision counts to its last
    /// day (`2026-04` ends after `2026-04-10`).
    fn event_dates(&mut self) {
        for event in self.catalog.events.iter().map(Spanned::get_ref) {
            let start = event.start.get_ref();
            if let Some(end) = &event.end
                && end.get_ref().end() < start.start()
            {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::EndBeforeStart,
                        format!(
                            "{} ends ({}) before it starts ({start})",
                            Table::Event.named(event.id.get_ref()),
                            end.get_ref()
                        ),
                        Some(end.span()),
                    )
                    .with_label("before the start")
                    .with_related(event.start.span(), "start")
                    .with_help("`end` is the last day of the event, on or after `start`"),
                );
            }
        }
    }

    /// Topics are lowercase tags (SPEC section 1); filters match them in any case, but a
    /// catalogue should spell each one way.
    fn topics(&mut self, spec: &Spec<'_>) {
        for topic in spec.topics {
            let text = *topic.get_ref();
            if text.chars().any(char::is_uppercase) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::TopicCase,
                        format!(
                            "topic `{text}` of {} is not lowercase",
                            Table::Spec.named(spec.id.get_ref())
                        ),
                        Some(topic.span()),
                    )
                    .with_label("upper case")
                    .with_help(format!(
                        "topics are lowercase tags: write `{}`",
                        text.to_lowercase()
                    )),
                );
            }
        }
    }

    /// Orgs whose `parent` chain comes back to themselves. Each cycle is reported once, at
    /// the `parent` of its first org in file order.
    fn org_cycles(&mut self) {
        let mut parents: HashMap<&str, &Str<'_>> = HashMap::default();
        for org in self.catalog.orgs.iter().map(Spanned::get_ref) {
            if let Some(parent) = &org.parent {
                parents.entry(org.id.get_ref()).or_insert(parent);
            }
        }
        let mut reported: FxHashSet<&str> = FxHashSet::default();
        for org in self.catalog.orgs.iter().map(Spanned::get_ref) {
            let start = *org.id.get_ref();
            if reported.contains(start) {
                continue;
            }
            let mut path = vec![start];
            let mut current = start;
            while let Some(parent) = parents.get(current) {
                current = parent.get_ref();
                if current == start {
                    break;
                }
                if path.contains(&current) {
                    // A cycle that `start` leads into but is not part of.
                    path.clear();
                    break;
                }
                path.push(current);
            }
            if current != start || path.is_empty() {
                continue;
            }
            let Some(parent) = parents.get(start) else {
                continue;
            };
            reported.extend(path.iter().copied());
            let chain: Vec<String> = path
                .iter()
                .chain([&start])
                .map(|id| format!("`{id}`"))
                .collect();
            self.diagnostics.push(
                Diagnostic::new(
                    Code::ParentCycle,
                    format!("org parents form a cycle: {}", chain.join(" → ")),
                    Some(parent.span()),
                )
                .with_label("this `parent` closes the cycle")
                .with_help("an org cannot be its own ancestor; remove or change one `parent`"),
            );
        }
    }

    /// The history of one spec: present, in date order, starting with a state, sourced; and
    /// the warnings about states going backwards and expectations already past.
    fn history(&mut self, spanned: &Spanned<Spec>) {
        let spec = spanned.get_ref();
        let id = spec.id.get_ref();
        let whole = !self.context.partial_history.contains(*id);
        if whole && spec.history.is_empty() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::NoHistory,
                    format!("{} has no history", Table::Spec.named(id)),
                    Some(spanned.span()),
                )
                .with_label("no [[spec.history]] entry")
                .with_help(
                    "add a [[spec.history]] entry with its `date`, the `state` it reports \
                     and the `sources` behind it",
                ),
            );
        }
        if whole
            && let Some(first) = spec.history.first()
            && first.get_ref().state.is_none()
        {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::FirstEntryWithoutState,
                    format!("the first history entry of `{id}` sets no state"),
                    Some(first.span()),
                )
                .with_label("no `state`")
                .with_help(
                    "add `state = \"…\"` (e.g. `announced`) with what the source reports; \
                     a spec's status starts from it",
                ),
            );
        }

        let mut previous: Option<&HistoryEntry> = None;
        let mut last_state: Option<&Spanned<super::State>> = None;
        for spanned_entry in spec.history {
            let entry = spanned_entry.get_ref();
            if whole
                && let Some(before) = previous
                && !crate::status::may_follow(before.date.get_ref(), entry.date.get_ref())
            {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::HistoryOrder,
                        format!(
                            "the history of `{id}` is out of date order: {} comes after {}",
                            entry.date.get_ref(),
                            before.date.get_ref()
                        ),
                        Some(entry.date.span()),
                    )
                    .with_label("wholly before the entry above")
                    .with_related(before.date.span(), "previous entry")
                    .with_help(
                        "keep [[spec.history]] entries in the order things happened, oldest \
                         first; a coarser date may follow a finer one it overlaps",
                    ),
                );
            }
            previous = Some(entry);

            if entry.sources.is_empty() {
                let sets = match (&entry.state, &entry.expected) {
                    (Some(_), Some(_)) => Some("`state` and `expected`"),
                    (Some(_), None) => Some("`state`"),
                    (None, Some(_)) => Some("`expected`"),
                    (None, None) => None,
                };
                if let Some(sets) = sets {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::MissingSource,
                            format!(
                                "{} sets {sets} but cites no `sources`",
                                entry_name(spec, entry)
                            ),
                            Some(spanned_entry.span()),
                        )
                        .with_label("no `sources`")
                        .with_help(
                            "add `sources = [\"…\"]` with the id of the [[source]] that reports it",
                        ),
                    );
                }
            }

            if let Some(state) = &entry.state {
                if whole
                    && let Some(before) = last_state
                    && let (Some(now), Some(then)) =
                        (state.get_ref().progress(), before.get_ref().progress())
                    && now < then
                {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::StateGoesBack,
                            format!(
                                "the state of `{id}` goes back from `{}` to `{}`",
                                before.get_ref(),
                                state.get_ref()
                            ),
                            Some(state.span()),
                        )
                        .with_label("an earlier stage")
                        .with_related(before.span(), "previous state")
                        .with_help(
                            "check the entry; a spec that was given up is `withdrawn` or \
                             `superseded`",
                        ),
                    );
                }
                if state.get_ref().progress().is_some() {
                    last_state = Some(state);
                }
            }

            if let Some(expected) = &entry.expected {
                self.expected_past(spec, entry, expected);
            }
        }
    }

    /// A warning when an entry expects something by a date that had already passed when the
    /// entry was written.
    fn expected_past(&mut self, spec: &Spec, entry: &HistoryEntry, expected: &Spanned<Expected>) {
        let due = match expected.get_ref() {
            Expected::Date(date) => *date,
            Expected::Event(id) => match self.catalog.event(id) {
                Some(event) => event.as_date(),
                None => return,
            },
        };
        let recorded = entry.date.get_ref();
        if due.end() >= recorded.start() {
            return;
        }
        let what = match expected.get_ref() {
            Expected::Date(date) => format!("`{date}`"),
            Expected::Event(id) => format!("event `{id}` ({due})"),
        };
        self.diagnostics.push(
            Diagnostic::new(
                Code::ExpectedAlreadyPast,
                format!(
                    "{} expects {what}, which was already past on {recorded}",
                    entry_name(spec, entry)
                ),
                Some(expected.span()),
            )
            .with_label("ends before the entry's date")
            .with_help("an expectation lies after the day it was recorded; check both dates"),
        );
    }

    /// Warnings for sources, orgs and events that nothing refers to.
    fn unused(&mut self) {
        for table in [Table::Org, Table::Event, Table::Source] {
            for (at, (id, span)) in ids(self.catalog, table).enumerate() {
                // A duplicate is reported as such, not as unused.
                if self.position(table, id) != Some(at)
                    || self.mentioned[table as usize][at]
                    || self.context.mentioned.contains(&(table, id.to_owned()))
                {
                    continue;
                }
                let (message, help) = match table {
                    Table::Org => (
                        format!("org `{id}` is not named by any spec, event or org"),
                        "name it in `orgs` of a spec or event, or as a `parent`; or remove it",
                    ),
                    Table::Event => (
                        format!("event `{id}` is not named by any history entry"),
                        "name it in `at` or `expected` of a history entry, or remove it",
                    ),
                    _ => (
                        format!("source `{id}` is never cited"),
                        "cite it in `sources` of a history entry or event, or remove it",
                    ),
                };
                self.diagnostics.push(
                    Diagnostic::new(Code::Unused, message, Some(span))
                        .with_label("unused")
                        .with_help(help),
                );
            }
        }
    }
}

/// How messages name a history entry: "the 2026-03-06 entry of `gcc-dpu-specs`".
fn entry_name(spec: &Spec, entry: &HistoryEntry) -> String {
    format!(
        "the {} entry of `{}`",
        entry.date.get_ref(),
        spec.id.get_ref()
    )
}

/// The ids of one table's records, with their spans, in file order.
fn ids<'c>(
    catalog: &'c Catalog<'c>,
    table: Table,
) -> impl Iterator<Item = (&'c str, Range<usize>)> + 'c {
    (0..).map_while(move |at| id_at(catalog, table, at))
}

/// The id of one table's record at position `at`, with its span: found directly, so that
/// naming the first of each duplicate costs the same however many records come before it.
fn id_at<'c>(catalog: &'c Catalog<'c>, table: Table, at: usize) -> Option<(&'c str, Range<usize>)> {
    with_records!(catalog, table, |records| {
        let id = &records.get(at)?.get_ref().id;
        Some((*id.get_ref(), id.span()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    /// The same problems, whether the specs are checked in two halves or in one piece;
    /// problems that need both halves (a source cited only in the back half, an unknown
    /// reference there, a duplicate across the halves) included.
    #[test]
    fn two_halves_find_what_one_piece_finds() {
        let mut text = spectrack_synth::catalogue_with_warnings(300, 3).unwrap();
        let back = text.len() * 3 / 4;
        let at = back + text[back..].find("sources = [\"").unwrap() + "sources = [\"".len();
        text.insert_str(at, "nope-");
        let id_at = text.rfind("\n[[spec]]\nid = \"").unwrap() + "\n[[spec]]\nid = \"".len();
        let first_id = {
            let start = text.find("\n[[spec]]\nid = \"").unwrap() + "\n[[spec]]\nid = \"".len();
            text[start..start + text[start..].find('"').unwrap()].to_owned()
        };
        let end = id_at + text[id_at..].find('"').unwrap();
        text.replace_range(id_at..end, &first_id);
        let catalog = parsed_with_problems(&text);
        let shown = |halves: bool| {
            let mut found: Vec<_> = validate_in_halves(&catalog, &Context::default(), halves)
                .into_iter()
                .map(|d| (d.span.clone().map(|s| s.start), d.severity, d.message))
                .collect();
            found.sort();
            found
        };
        let whole = shown(false);
        assert!(
            whole.iter().any(|(_, _, m)| m.contains("nope-")),
            "{whole:?}"
        );
        assert!(
            whole.iter().any(|(_, _, m)| m.contains("duplicate")),
            "{whole:?}"
        );
        assert!(whole.len() > 10);
        assert_eq!(whole, shown(true));
    }

    /// A catalogue read whole, problems of meaning or not (leaked, as [`parsed`]).
    fn parsed_with_problems(text: &str) -> Catalog<'static> {
        let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
        let arena: &'static crate::catalog::Arena = Box::leak(Box::default());
        crate::catalog::check_in(text, arena).catalog.unwrap()
    }

    /// Reads a catalogue that must be well formed (leaked: it lives as long as the test).
    fn parsed(text: &str) -> Catalog<'static> {
        super::super::leaked(text)
    }

    /// Validates a catalogue that must be well formed.
    fn problems(text: &str) -> Vec<(Severity, String)> {
        let catalog = parsed(text);
        let mut found: Vec<_> = validate(&catalog)
            .into_iter()
            .map(|d| (d.severity, d.message))
            .collect();
        found.sort();
        found
    }

    fn errors(text: &str) -> Vec<String> {
        problems(text)
            .into_iter()
            .filter(|(s, _)| *s == Severity::Error)
            .map(|(_, m)| m)
            .collect()
    }

    fn warnings(text: &str) -> Vec<String> {
        problems(text)
            .into_iter()
            .filter(|(s, _)| *s == Severity::Warning)
            .map(|(_, m)| m)
            .collect()
    }

    const CLEAN: &str = r#"
format = 1
[[org]]
id = "gcc"
name = "Global Computing Consortium"
[[org]]
id = "gcc-oai"
name = "GCC Open AI Infra Community"
parent = "gcc"
[[event]]
id = "oai-summit-2026"
name = "2026 Open AI Infra Summit"
start = "2026-04-09"
end = "2026-04-10"
orgs = ["gcc-oai"]
[[source]]
id = "kickoff"
title = "DPU Project Group kick-off"
publisher = "GCC"
date = "2026-03"
[[spec]]
id = "dpu-specs"
title = "DPU specifications"
kind = "specification"
orgs = ["gcc-oai"]
[[spec.history]]
date = "2026-03-06"
state = "announced"
expected = "oai-summit-2026"
sources = ["kickoff"]
"#;

    #[test]
    fn packed_ids_find_what_the_index_finds() {
        // Duplicates (the first is found), escapes (the decoded id), and ids not there.
        let text = spectrack_synth::catalogue_with_warnings(200, 3).unwrap()
            + &["ocp-news-0", "esc\\u0061ped"]
                .map(|id| {
                    format!(
                        "\n[[source]]\nid = \"{id}\"\ntitle = \"t\"\npublisher = \"p\"\ndate = \"2026-03\"\n"
                    )
                })
                .concat();
        let catalog = parsed_with_problems(&text);
        for table in Table::ALL {
            let packed = catalog.packed_ids(table);
            let position = |id: &str| match table {
                Table::Org => catalog.org_position(id),
                Table::Event => catalog.event_position(id),
                Table::Source => catalog.source_position(id),
                Table::Spec => catalog.spec_position(id),
            };
            let ids: Vec<&str> = ids(&catalog, table).map(|(id, _)| id).collect();
            assert!(ids.len() > 2, "{table:?}");
            for id in ids
                .iter()
                .copied()
                .chain(["", "nope", "ocp-news-0x", "escaped"])
            {
                assert_eq!(packed.position(id), position(id), "{table:?} {id:?}");
            }
        }
        assert!(catalog.source_position("escaped").is_some());
        assert!(!catalog.repeated_ids(Table::Source).is_empty());
    }

    #[test]
    fn a_clean_catalogue_has_no_problems() {
        assert_eq!(problems(CLEAN), []);
    }

    #[test]
    fn duplicate_ids_point_at_the_second() {
        let text = CLEAN.replace("id = \"gcc-oai\"", "id = \"gcc\"");
        let catalog = parsed(&text);
        let found = validate(&catalog);
        let dup = found
            .iter()
            .find(|d| d.message == "duplicate org id `gcc`")
            .expect("duplicate reported");
        assert_eq!(&text[dup.span.clone().unwrap()], "\"gcc\"");
        assert!(dup.span.as_ref().unwrap().start > text.find("\"gcc\"").unwrap());
        assert_eq!(dup.related.len(), 1);
    }

    #[test]
    fn unknown_references_everywhere_with_suggestions() {
        let text = CLEAN
            .replace(
                "orgs = [\"gcc-oai\"]\n[[spec",
                "orgs = [\"gcc-oia\"]\n[[spec",
            )
            .replace("parent = \"gcc\"", "parent = \"gc\"")
            .replace("sources = [\"kickoff\"]", "sources = [\"kickof\"]")
            .replace(
                "expected = \"oai-summit-2026\"",
                "expected = \"oai-summit-2025\"",
            )
            .replace(
                "[[spec.history]]",
                "supersedes = [\"nothing\"]\n[[spec.history]]\nat = \"summit\"",
            );
        let catalog = parsed(&text);
        let found = validate(&catalog);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        for expected in [
            "unknown org `gc` in `parent` of [[org]] `gcc-oai`",
            "unknown org `gcc-oia` in `orgs` of [[spec]] `dpu-specs`",
            "unknown source `kickof` in `sources` of the 2026-03-06 entry of `dpu-specs`",
            "unknown event `oai-summit-2025` in `expected` of the 2026-03-06 entry of `dpu-specs`",
            "unknown spec `nothing` in `supersedes` of [[spec]] `dpu-specs`",
            "unknown event `summit` in `at` of the 2026-03-06 entry of `dpu-specs`",
        ] {
            assert!(
                messages.contains(&expected),
                "{expected} not in {messages:#?}"
            );
        }
        let help = |m: &str| found.iter().find(|d| d.message == m).unwrap().help.clone();
        assert_eq!(
            help("unknown org `gcc-oia` in `orgs` of [[spec]] `dpu-specs`").as_deref(),
            Some("did you mean `gcc-oai`?")
        );
        assert_eq!(
            help("unknown spec `nothing` in `supersedes` of [[spec]] `dpu-specs`").as_deref(),
            Some("add [[spec]] with `id = \"nothing\"`, or use the id of an existing one")
        );
    }

    #[test]
    fn ids_of_unreadable_records_count_as_known() {
        let text = CLEAN.replace(
            "orgs = [\"gcc-oai\"]\n[[spec",
            "orgs = [\"broken\"]\n[[spec",
        );
        let catalog = parsed(&text);
        let mut context = Context::default();
        context.ids.insert((Table::Org, "broken".to_owned()));
        assert!(
            validate(&catalog)
                .iter()
                .any(|d| d.message.contains("`broken`"))
        );
        assert_eq!(validate_in(&catalog, &context), []);
    }

    #[test]
    fn org_cycles_are_reported_once() {
        let text = CLEAN.replace(
            "name = \"Global Computing Consortium\"",
            "name = \"Global Computing Consortium\"\nparent = \"gcc-oai\"",
        );
        assert_eq!(
            errors(&text),
            ["org parents form a cycle: `gcc` → `gcc-oai` → `gcc`"]
        );
        let own = CLEAN.replace(
            "name = \"Global Computing Consortium\"",
            "name = \"Global Computing Consortium\"\nparent = \"gcc\"",
        );
        assert_eq!(errors(&own), ["org parents form a cycle: `gcc` → `gcc`"]);
    }

    #[test]
    fn history_must_exist_start_with_a_state_and_be_in_order() {
        let none = CLEAN.split("[[spec.history]]").next().unwrap().to_owned();
        assert!(errors(&none).contains(&"[[spec]] `dpu-specs` has no history".to_owned()));

        let stateless = CLEAN.replace("state = \"announced\"\n", "");
        assert_eq!(
            errors(&stateless),
            ["the first history entry of `dpu-specs` sets no state"]
        );

        let unordered =
            format!("{CLEAN}[[spec.history]]\ndate = \"2026-02\"\nnote = \"earlier news\"\n");
        assert_eq!(
            errors(&unordered),
            ["the history of `dpu-specs` is out of date order: 2026-02 comes after 2026-03-06"]
        );
        // A coarser date that overlaps the entry above may follow it (format 1, revised).
        let coarser =
            format!("{CLEAN}[[spec.history]]\ndate = \"2026\"\nnote = \"the year only\"\n");
        assert_eq!(errors(&coarser), Vec::<String>::new());
        let quarter =
            format!("{CLEAN}[[spec.history]]\ndate = \"2026-Q1\"\nnote = \"the quarter\"\n");
        assert_eq!(errors(&quarter), Vec::<String>::new());
        let year_before =
            format!("{CLEAN}[[spec.history]]\ndate = \"2025\"\nnote = \"a year too early\"\n");
        assert_eq!(
            errors(&year_before),
            ["the history of `dpu-specs` is out of date order: 2025 comes after 2026-03-06"]
        );
    }

    #[test]
    fn state_or_expected_needs_sources() {
        let text = CLEAN.replace("sources = [\"kickoff\"]\n", "");
        let found = errors(&text);
        assert_eq!(
            found,
            [
                "the 2026-03-06 entry of `dpu-specs` sets `state` and `expected` but cites no `sources`"
            ]
        );
        // A note alone needs no source.
        let note = format!("{CLEAN}[[spec.history]]\ndate = \"2026-05\"\nnote = \"quiet\"\n");
        assert_eq!(errors(&note), [] as [String; 0]);
    }

    #[test]
    fn warnings_for_unused_records() {
        let text = format!(
            "{CLEAN}[[source]]\nid = \"spare\"\ntitle = \"t\"\npublisher = \"p\"\ndate = \"2026\"\n\
             [[org]]\nid = \"lonely\"\nname = \"n\"\n\
             [[event]]\nid = \"expo\"\nname = \"n\"\nstart = \"2025-09-05\"\n"
        );
        assert_eq!(
            warnings(&text),
            [
                "event `expo` is not named by any history entry",
                "org `lonely` is not named by any spec, event or org",
                "source `spare` is never cited",
            ]
        );
        // The parent of a named org is named too; the clean catalogue shows no warning.
        assert_eq!(warnings(CLEAN), [] as [String; 0]);
    }

    #[test]
    fn warnings_for_states_going_backwards_but_not_endings() {
        let back = format!(
            "{CLEAN}[[spec.history]]\ndate = \"2026-05\"\nstate = \"published\"\nsources = [\"kickoff\"]\n\
             [[spec.history]]\ndate = \"2026-06\"\nstate = \"drafting\"\nsources = [\"kickoff\"]\n"
        );
        assert_eq!(
            warnings(&back),
            ["the state of `dpu-specs` goes back from `published` to `drafting`"]
        );
        let ending = format!(
            "{CLEAN}[[spec.history]]\ndate = \"2026-05\"\nstate = \"published\"\nsources = [\"kickoff\"]\n\
             [[spec.history]]\ndate = \"2026-06\"\nstate = \"superseded\"\nsources = [\"kickoff\"]\n"
        );
        assert_eq!(warnings(&ending), [] as [String; 0]);
    }

    #[test]
    fn warnings_for_expectations_already_past() {
        let text = CLEAN.replace("date = \"2026-03-06\"", "date = \"2026-05\"");
        assert_eq!(
            warnings(&text),
            [
                "the 2026-05 entry of `dpu-specs` expects event `oai-summit-2026` (2026-04-10), which was already past on 2026-05"
            ]
        );
        let date = CLEAN.replace("expected = \"oai-summit-2026\"", "expected = \"2026-03\"");
        let expects = |text: &str| {
            warnings(text)
                .into_iter()
                .filter(|w| w.contains("expects"))
                .collect::<Vec<_>>()
        };
        // March is not over on 6 March.
        assert_eq!(expects(&date), [] as [String; 0]);
        let past = CLEAN.replace("expected = \"oai-summit-2026\"", "expected = \"2026-02\"");
        assert_eq!(
            expects(&past),
            [
                "the 2026-03-06 entry of `dpu-specs` expects `2026-02`, which was already past on 2026-03-06"
            ]
        );
    }

    #[test]
    fn an_event_ends_on_or_after_its_start() {
        let month = CLEAN.replace("end = \"2026-04-10\"", "end = \"2026-04\"");
        assert_eq!(errors(&month), [] as [String; 0]);
        let before = CLEAN.replace("end = \"2026-04-10\"", "end = \"2026-04-08\"");
        assert_eq!(
            errors(&before),
            ["[[event]] `oai-summit-2026` ends (2026-04-08) before it starts (2026-04-09)"]
        );
    }

    #[test]
    fn topics_are_lowercase() {
        let text = CLEAN.replace(
            "orgs = [\"gcc-oai\"]\n[[spec.history]]",
            "orgs = [\"gcc-oai\"]\ntopics = [\"DPU\", \"dpu-2\"]\n[[spec.history]]",
        );
        assert_eq!(
            warnings(&text),
            ["topic `DPU` of [[spec]] `dpu-specs` is not lowercase"]
        );
    }

    #[test]
    fn entries_dated_after_today() {
        let catalog = parsed(CLEAN);
        let day = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        assert!(dated_after(&catalog, day("2026-03-06")).is_empty());
        let found: Vec<String> = dated_after(&catalog, day("2026-02-27"))
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            found,
            ["the 2026-03-06 entry of `dpu-specs` is dated after today (2026-02-27)"]
        );
    }

    #[test]
    fn id_syntax() {
        assert_eq!(check_id("gcc-dpu-2026"), Ok(()));
        assert!(check_id("").is_err());
        assert!(check_id("2026-summit").is_err());
        assert!(check_id("GCC").is_err());
        assert!(check_id("gcc_dpu").is_err());
        assert!(check_id(&"a".repeat(65)).is_err());
        assert_eq!(check_id(&"a".repeat(64)), Ok(()));
        assert_eq!(id_like("GCC DPU").as_deref(), Some("gcc-dpu"));
        assert_eq!(id_like("gcc_dpu_pg").as_deref(), Some("gcc-dpu-pg"));
        assert_eq!(id_like("2026"), None);
    }
}
