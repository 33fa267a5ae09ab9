//! `spectrack add org|source|event|spec ID ...`: add a record.
//!
//! The flags become the record's text as given; validation judges it as it judges a record
//! written by hand, and refuses it with the same located message `check` would give.

use std::io::Write;

use crate::cli::{AddArgs, AddRecord};
use crate::edit::write::writable;
use crate::edit::{Change, Fields, Table, add_record_in};
use crate::error::{Outcome, Result};
use crate::settings::Settings;
use crate::terminal::visible;

pub fn run(
    args: &AddArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let path = writable(&settings.catalog)?;
    let mut options = args.write.options(settings.today);
    let (kind, id, fields, first_entry) = match &args.record {
        AddRecord::Org(org) => (
            Table::Org,
            &org.id,
            Fields::new()
                .text("id", &org.id)
                .text("name", &org.name)
                .maybe_text("short", org.short.as_deref())
                .maybe_text("parent", org.parent.as_deref())
                .maybe_text("url", org.url.as_deref()),
            None,
        ),
        AddRecord::Source(source) => {
            options.future = source.future;
            (
                Table::Source,
                &source.id,
                Fields::new()
                    .text("id", &source.id)
                    .text("title", &source.title)
                    .text("publisher", &source.publisher)
                    .text("date", source.date.as_str())
                    .maybe_text("url", source.url.as_deref()),
                None,
            )
        }
        AddRecord::Event(event) => (
            Table::Event,
            &event.id,
            Fields::new()
                .text("id", &event.id)
                .text("name", &event.name)
                .text("start", event.start.as_str())
                .maybe_text("end", event.end.as_deref())
                .maybe_text("place", event.place.as_deref())
                .list("orgs", &event.orgs)
                .list("sources", &event.sources)
                .maybe_text("url", event.url.as_deref()),
            None,
        ),
        AddRecord::Spec(spec) => {
            options.future = spec.entry.future;
            let entry = super::record::entry_fields(&spec.entry, spec.entry_url.as_deref());
            (
                Table::Spec,
                &spec.id,
                Fields::new()
                    .text("id", &spec.id)
                    .text("title", &spec.title)
                    .text("kind", spec.kind.as_str())
                    .list("orgs", &spec.orgs)
                    .list("topics", &spec.topics)
                    .maybe_text("summary", spec.summary.as_deref())
                    .maybe_text("url", spec.url.as_deref()),
                Some(entry),
            )
        }
    };
    super::edit_catalogue(path, &options, settings, err, |text, catalog| {
        Ok(Change::Insert(add_record_in(
            text,
            catalog,
            kind,
            &fields,
            first_entry.as_ref(),
        )?))
    })?;
    writeln!(
        out,
        "{}: added {} {}",
        visible(&settings.catalog.display_name()),
        kind.table(),
        visible(id)
    )?;
    Ok(Outcome::Done)
}
