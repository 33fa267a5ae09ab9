//! Problems an edit would bring into the catalogue with its new record: a duplicate id, or a
//! reference to an org, source, event or spec that does not exist.
//!
//! `catalog::check` finds these for the whole file once the validator covers them; this check
//! looks only at what the edit added, so a catalogue that already has such a problem elsewhere
//! can still be edited, and a command never writes a new one. Diagnostics point into the
//! new text, like `check`'s.

use std::ops::Range;

use toml::Spanned;

use super::{Added, RecordKind};
use crate::catalog::{Catalog, Expected, HistoryEntry};
use crate::diagnostic::Diagnostic;
use crate::suggest::did_you_mean;

/// The problems of the record or history entry `added` in `catalog` (parsed from the new text).
pub fn introduced_problems(catalog: &Catalog, added: Added) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let ids = Ids::of(catalog);
    match added {
        Added::Record { kind, index } => match kind {
            RecordKind::Org => {
                if let Some(org) = catalog.orgs.get(index).map(Spanned::get_ref) {
                    duplicate(&mut found, "org", &org.id, &catalog.orgs, |o| {
                        &o.get_ref().id
                    });
                    if let Some(parent) = &org.parent {
                        reference(&mut found, "org", parent, &ids.orgs);
                    }
                }
            }
            RecordKind::Event => {
                if let Some(event) = catalog.events.get(index).map(Spanned::get_ref) {
                    duplicate(&mut found, "event", &event.id, &catalog.events, |e| {
                        &e.get_ref().id
                    });
                    for org in &event.orgs {
                        reference(&mut found, "org", org, &ids.orgs);
                    }
                    for source in &event.sources {
                        reference(&mut found, "source", source, &ids.sources);
                    }
                }
            }
            RecordKind::Source => {
                if let Some(source) = catalog.sources.get(index).map(Spanned::get_ref) {
                    duplicate(&mut found, "source", &source.id, &catalog.sources, |s| {
                        &s.get_ref().id
                    });
                }
            }
            RecordKind::Spec => {
                if let Some(spec) = catalog.specs.get(index).map(Spanned::get_ref) {
                    duplicate(&mut found, "spec", &spec.id, &catalog.specs, |s| {
                        &s.get_ref().id
                    });
                    for org in spec.orgs.get_ref() {
                        reference(&mut found, "org", org, &ids.orgs);
                    }
                    for entry in &spec.history {
                        entry_references(&mut found, entry.get_ref(), &ids);
                    }
                }
            }
        },
        Added::History { spec, entry } => {
            if let Some(entry) = catalog
                .specs
                .get(spec)
                .and_then(|s| s.get_ref().history.get(entry))
            {
                entry_references(&mut found, entry.get_ref(), &ids);
            }
        }
    }
    found
}

/// The ids of each kind, for lookups and suggestions.
struct Ids<'c> {
    orgs: Vec<&'c str>,
    events: Vec<&'c str>,
    sources: Vec<&'c str>,
}

impl<'c> Ids<'c> {
    fn of(catalog: &'c Catalog) -> Self {
        Self {
            orgs: catalog
                .orgs
                .iter()
                .map(|o| o.get_ref().id.get_ref().as_str())
                .collect(),
            events: catalog
                .events
                .iter()
                .map(|e| e.get_ref().id.get_ref().as_str())
                .collect(),
            sources: catalog
                .sources
                .iter()
                .map(|s| s.get_ref().id.get_ref().as_str())
                .collect(),
        }
    }
}

fn entry_references(found: &mut Vec<Diagnostic>, entry: &HistoryEntry, ids: &Ids<'_>) {
    for source in &entry.sources {
        reference(found, "source", source, &ids.sources);
    }
    if let Some(at) = &entry.at {
        reference(found, "event", at, &ids.events);
    }
    if let Some(expected) = &entry.expected {
        if let Expected::Event(event) = expected.get_ref() {
            if !ids.events.contains(&event.as_str()) {
                found.push(unknown("event", event, expected.span(), &ids.events));
            }
        }
    }
}

fn reference(found: &mut Vec<Diagnostic>, what: &str, id: &Spanned<String>, known: &[&str]) {
    if !known.contains(&id.get_ref().as_str()) {
        found.push(unknown(what, id.get_ref(), id.span(), known));
    }
}

fn unknown(what: &str, id: &str, span: Range<usize>, known: &[&str]) -> Diagnostic {
    let diagnostic = Diagnostic::error(format!("unknown {what} `{id}`"), Some(span))
        .with_label(format!("no {what} has this id"));
    match did_you_mean(id, known.iter().copied()) {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic.with_help(format!("add it first with `spectrack add {what} {id} ...`")),
    }
}

fn duplicate<T>(
    found: &mut Vec<Diagnostic>,
    what: &str,
    id: &Spanned<String>,
    all: &[Spanned<T>],
    id_of: impl Fn(&Spanned<T>) -> &Spanned<String>,
) {
    if let Some(first) = all
        .iter()
        .map(&id_of)
        .find(|other| other.get_ref() == id.get_ref() && other.span() != id.span())
    {
        found.push(
            Diagnostic::error(
                format!("duplicate {what} id `{}`", id.get_ref()),
                Some(id.span()),
            )
            .with_label("the new record")
            .with_related(first.span(), "first defined here")
            .with_help(format!("each {what} needs an id of its own")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::check;

    const TEXT: &str = "format = 1\n[[org]]\nid = \"gcc\"\nname = \"G\"\n[[source]]\nid = \"s1\"\ntitle = \"T\"\npublisher = \"P\"\ndate = \"2025\"\n[[org]]\nid = \"gcc\"\nname = \"H\"\nparent = \"gcx\"\n[[spec]]\nid = \"a\"\ntitle = \"A\"\nkind = \"guide\"\norgs = [\"gcc\"]\n[[spec.history]]\ndate = \"2025\"\nstate = \"announced\"\nsources = [\"s2\"]\nexpected = \"summit\"\n";

    #[test]
    fn a_duplicate_id_and_an_unknown_parent_are_found() {
        let catalog = check(TEXT).catalog.unwrap();
        let found = introduced_problems(
            &catalog,
            Added::Record {
                kind: RecordKind::Org,
                index: 1,
            },
        );
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["duplicate org id `gcc`", "unknown org `gcx`"]);
        assert_eq!(found[1].help.as_deref(), Some("did you mean `gcc`?"));
        assert_eq!(&TEXT[found[0].span.clone().unwrap()], "\"gcc\"");
    }

    #[test]
    fn unknown_sources_and_events_of_an_entry_are_found() {
        let catalog = check(TEXT).catalog.unwrap();
        let found = introduced_problems(&catalog, Added::History { spec: 0, entry: 0 });
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["unknown source `s2`", "unknown event `summit`"]);
        // Only what was added is looked at: the source is fine.
        let first = Added::Record {
            kind: RecordKind::Source,
            index: 0,
        };
        assert!(introduced_problems(&catalog, first).is_empty());
    }
}
