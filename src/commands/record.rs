//! `spectrack record QUERY --date D ...`: append a history entry to one spec.

use std::io::Write;

use crate::cli::{EntryArgs, RecordArgs};
use crate::date::PartialDate;
use crate::edit::write::writable;
use crate::edit::{Change, Fields, Placement, append_history_in};
use crate::error::{Outcome, Result};
use crate::settings::Settings;
use crate::terminal::visible;

pub fn run(
    args: &RecordArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let path = writable(&settings.catalog)?;
    let fields = entry_fields(&args.entry, args.url.as_deref());
    let placement = if args.insert {
        Placement::InOrder
    } else {
        Placement::Last
    };
    let mut options = args.write.options(settings.today);
    options.future = args.entry.future;
    // A date that does not read as one goes last, for validation to refuse with its place.
    let date = args.entry.date.parse::<PartialDate>().ok();
    let mut miss = Vec::new();
    let mut spec_id = String::new();
    super::edit_catalogue(path, &options, settings, err, |text, catalog| {
        // A miss is explained after the lock is let go; nothing is written.
        let Some(spec) = super::reporting::find(catalog, &args.query, settings, &mut miss)? else {
            return Ok(Change::None);
        };
        spec_id = spec.id.get_ref().to_string();
        let splice = append_history_in(text, catalog, &spec_id, &fields, date, placement)?;
        Ok(Change::Insert(splice))
    })?;
    if !miss.is_empty() {
        err.write_all(&miss)?;
        return Ok(Outcome::No);
    }
    let state = args
        .entry
        .state
        .map_or_else(String::new, |s| format!(" ({s})"));
    writeln!(
        out,
        "{}: recorded {}{state} for {}",
        visible(&settings.catalog.display_name()),
        visible(&args.entry.date),
        visible(&spec_id)
    )?;
    Ok(Outcome::Done)
}

/// A history entry's fields, in canonical order, as the flags give them: validation judges
/// them (dates, ids, sources behind every claim), as it judges an entry written by hand.
pub(super) fn entry_fields(entry: &EntryArgs, url: Option<&str>) -> Fields {
    Fields::new()
        .text("date", entry.date.as_str())
        .maybe_text("state", entry.state.map(|s| s.as_str()))
        .maybe_text("expected", entry.expected.as_deref())
        .maybe_text("at", entry.at.as_deref())
        .list("sources", &entry.sources)
        .maybe_text("note", entry.note.as_deref())
        .maybe_text("url", url)
        .maybe_text("version", entry.spec_version.as_deref())
}
