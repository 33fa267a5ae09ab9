//! `spectrack fmt [--check] [FILE]...`: the catalogue in its canonical layout, comments kept.

use std::io::Write;

use crate::catalog::{Arena, Location, SourceFile};
use crate::cli::FmtArgs;
use crate::edit::write::{Update, writable};
use crate::edit::{Change, RecordCuts, format_at_cuts, format_document_in};
use crate::error::{Error, Outcome, Result};
use crate::settings::Settings;
use crate::terminal::visible;

mod diff;
use diff::print_diff;

pub fn run(
    args: &FmtArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    if args.files.is_empty() {
        return one(args, &settings.catalog, settings, out, err);
    }
    let mut outcome = Outcome::Done;
    for file in &args.files {
        if one(args, &Location::File(file.clone()), settings, out, err)? == Outcome::No {
            outcome = Outcome::No;
        }
    }
    Ok(outcome)
}

/// `fmt` of one catalogue.
fn one(
    args: &FmtArgs,
    catalog: &Location,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let refused = |e: crate::edit::EditError| Error::Refused(e.to_string());
    if args.check {
        // Reads only, so the built-in catalogue can be checked too.
        let file = SourceFile::open(catalog)?;
        // The catalogue is freed once it has said where the records are: the new text and
        // the diff need only the two texts.
        let cuts = {
            let arena = Arena::new();
            let parsed = file.load_in(&arena)?;
            RecordCuts::of(&file.text, &parsed)
        };
        let formatted = format_at_cuts(&file.text, cuts).map_err(refused)?;
        let name = visible(&file.name);
        let std::borrow::Cow::Owned(new) = &formatted.text else {
            writeln!(out, "{name}: already in canonical layout")?;
            return Ok(Outcome::Done);
        };
        print_diff(
            &file.name,
            &file.text,
            new,
            &formatted.changed,
            settings.color_stdout,
            out,
        )?;
        writeln!(
            err,
            "{name}: not in canonical layout; `spectrack fmt` rewrites it"
        )?;
        return Ok(Outcome::No);
    }
    let path = writable(catalog)?;
    let options = args.write.options(settings.today);
    let done = super::edit_catalogue(path, &options, settings, err, |text, parsed| {
        // Already canonical: nothing to write (and no copy of the text made).
        Ok(match format_document_in(text, parsed).map_err(refused)? {
            std::borrow::Cow::Borrowed(_) => Change::None,
            std::borrow::Cow::Owned(formatted) => Change::Replace(formatted),
        })
    })?;
    let name = visible(&catalog.display_name()).into_owned();
    match done {
        Update::Written => writeln!(out, "{name}: rewritten in canonical layout")?,
        Update::Unchanged => writeln!(out, "{name}: already in canonical layout")?,
    }
    Ok(Outcome::Done)
}
