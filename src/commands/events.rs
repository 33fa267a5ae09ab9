//! `spectrack events`.

use std::io::Write;

use super::reporting::{day, emit};
use crate::catalog::SourceFile;
use crate::cli::EventsArgs;
use crate::error::{Outcome, Result};
use crate::render::Format;
use crate::report::{CalendarReport, EventsReport, When};
use crate::settings::Settings;

pub fn run(args: &EventsArgs, settings: &Settings, out: &mut dyn Write) -> Result<Outcome> {
    let file = SourceFile::open(&settings.catalog)?;
    let catalog = file.load()?;
    let when = match (args.upcoming, args.past) {
        (true, _) => When::Upcoming,
        (_, true) => When::Past,
        _ => When::All,
    };
    let day = day(&args.output, settings);
    if args.output.format == Format::Ics {
        let report = CalendarReport::new(&catalog, day, when, args.since, args.until);
        crate::render::ics::write(&report, out)?;
        return Ok(Outcome::Done);
    }
    let report = EventsReport::new(&catalog, day, when, args.since, args.until);
    emit(&report, &args.output, settings, out)?;
    Ok(Outcome::Done)
}

/// `spectrack event EVENT`: one gathering in detail.
pub fn run_one(
    args: &crate::cli::EventArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let file = SourceFile::open(&settings.catalog)?;
    let catalog = file.load()?;
    let query = args.query.join(" ");
    let found = crate::query::resolve_event(&catalog, &query);
    let Some(event) = super::reporting::answer(found, &query, settings, err)? else {
        return Ok(Outcome::No);
    };
    let day = day(&args.output, settings);
    emit(
        &crate::report::EventDetail::new(&catalog, event, day),
        &args.output,
        settings,
        out,
    )?;
    Ok(Outcome::Done)
}
