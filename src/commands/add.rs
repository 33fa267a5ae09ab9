//! `spectrack add org|source|event|spec ID ...`: add a record.

use std::io::Write;

use crate::cli::{AddArgs, AddRecord};
use crate::edit::write::{update, writable};
use crate::edit::{Fields, Table, add_record};
use crate::error::{Error, Outcome, Result};
use crate::settings::Settings;
use crate::terminal::visible;

pub fn run(args: &AddArgs, settings: &Settings, out: &mut dyn Write) -> Result<Outcome> {
    let path = writable(&settings.catalog)?;
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
        AddRecord::Source(source) => (
            Table::Source,
            &source.id,
            Fields::new()
                .text("id", &source.id)
                .text("title", &source.title)
                .text("publisher", &source.publisher)
                .text("date", source.date.to_string())
                .maybe_text("url", source.url.as_deref()),
            None,
        ),
        AddRecord::Event(event) => {
            if let Some(end) = event.end
                && end.start() < event.start.start()
            {
                return Err(Error::Usage(format!(
                    "--end {end} is before --start {}",
                    event.start
                )));
            }
            (
                Table::Event,
                &event.id,
                Fields::new()
                    .text("id", &event.id)
                    .text("name", &event.name)
                    .text("start", event.start.to_string())
                    .maybe_text("end", event.end.map(|d| d.to_string()))
                    .maybe_text("place", event.place.as_deref())
                    .list("orgs", &event.orgs)
                    .list("sources", &event.sources)
                    .maybe_text("url", event.url.as_deref()),
                None,
            )
        }
        AddRecord::Spec(spec) => {
            if let Some(topic) = spec.topics.iter().find(|t| t.to_lowercase() != **t) {
                return Err(Error::Usage(format!(
                    "--topic `{}`: topics are lowercase tags (`{}`)",
                    visible(topic),
                    visible(&topic.to_lowercase())
                )));
            }
            let entry = super::record::entry_fields(&spec.entry, spec.entry_url.as_deref())?;
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
    update(path, |text, _| {
        add_record(text, kind, &fields, first_entry.as_ref())
            .map_err(|e| Error::Refused(e.to_string()))
    })?;
    writeln!(
        out,
        "{}: added {} {}",
        visible(&settings.catalog.display_name()),
        kind.table(),
        id
    )?;
    Ok(Outcome::Done)
}
