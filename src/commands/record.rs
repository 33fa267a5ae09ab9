//! `spectrack record QUERY --date D ...`: append a history entry to one spec.

use std::io::Write;

use crate::catalog::SourceFile;
use crate::cli::{EntryArgs, RecordArgs};
use crate::edit::write::{update, writable};
use crate::edit::{Fields, Placement, append_history};
use crate::error::{Error, Outcome, Result};
use crate::query::{Found, explain_miss, resolve};
use crate::settings::Settings;
use crate::terminal::visible;

pub fn run(
    args: &RecordArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let path = writable(&settings.catalog)?;
    let fields = entry_fields(&args.entry, args.url.as_deref())?;
    let file = SourceFile::open(&settings.catalog)?;
    let catalog = file.load()?;
    let found = resolve(&catalog, &args.query);
    let spec_id = match &found {
        Found::One(spec) => spec.id.get_ref().to_string(),
        _ => {
            explain_miss(&found, &args.query, err)?;
            return Ok(Outcome::No);
        }
    };
    let placement = if args.insert {
        Placement::InOrder
    } else {
        Placement::Last
    };
    update(path, |text, _| {
        append_history(text, &spec_id, &fields, args.entry.date, placement)
            .map_err(|e| Error::Refused(e.to_string()))
    })?;
    let state = args
        .entry
        .state
        .map_or_else(String::new, |s| format!(" ({s})"));
    writeln!(
        out,
        "{}: recorded {}{state} for {}",
        visible(&file.name),
        args.entry.date,
        visible(&spec_id)
    )?;
    Ok(Outcome::Done)
}

/// A history entry's fields, in canonical order. Sources are required with a state or an
/// expected date (SPEC section 1), which is cheap to say here, naming the flag.
pub(super) fn entry_fields(entry: &EntryArgs, url: Option<&str>) -> Result<Fields> {
    if entry.sources.is_empty() && (entry.state.is_some() || entry.expected.is_some()) {
        return Err(Error::Usage(
            "--source is required with --state or --expected: every claim needs a source \
             (add one first with `spectrack add source`)"
                .to_owned(),
        ));
    }
    let expected = entry.expected.clone();
    Ok(Fields::new()
        .text("date", entry.date.to_string())
        .maybe_text("state", entry.state.map(|s| s.as_str()))
        .maybe_text("expected", expected)
        .maybe_text("at", entry.at.as_deref())
        .list("sources", &entry.sources)
        .maybe_text("note", entry.note.as_deref())
        .maybe_text("url", url))
}
