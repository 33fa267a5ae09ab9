//! What the reporting commands share: the day asked about, finding one spec, printing.

use std::io::Write;

use jiff::civil::Date;

use crate::catalog::{Catalog, Spec};
use crate::cli::{FilterArgs, OutputArgs};
use crate::error::{Error, Result};
use crate::query::{Findable, Found, explain_miss, explain_runners_up, resolve};
use crate::render::{Render, Style};
use crate::report::Filter;
use crate::settings::Settings;
use crate::status::Status;

/// The day the report is about: `--as-of`, else today.
pub fn day(output: &OutputArgs, settings: &Settings) -> Date {
    output.as_of.unwrap_or(settings.today)
}

/// The filter the flags ask for. An `--org` the catalogue does not know is a usage error
/// (with a "did you mean"), not an empty answer.
pub fn filter(args: &FilterArgs, catalog: &Catalog, pending_only: bool) -> Result<Filter> {
    if let Some(org) = &args.org {
        known_org(catalog, org)?;
    }
    Ok(Filter {
        states: args.state.clone(),
        kind: args.kind,
        org: args.org.clone(),
        topic: args.topic.clone(),
        overdue: args.overdue,
        due_within: args.due_within,
        search: args.search.clone(),
        pending: pending_only,
    })
}

/// An org the catalogue knows, else a usage error with a "did you mean".
pub fn known_org(catalog: &Catalog, org: &str) -> Result<()> {
    if catalog.org(org).is_some() {
        return Ok(());
    }
    let ids = catalog.orgs.iter().map(|o| o.get_ref().id.as_str());
    let help =
        crate::suggest::did_you_mean(org, ids).map_or_else(String::new, |h| format!("; {h}"));
    Err(Error::Usage(format!(
        "no org `{org}` in the catalogue{help}"
    )))
}

/// Writes `report` in the format asked for.
pub fn emit(
    report: &impl Render,
    output: &OutputArgs,
    settings: &Settings,
    out: &mut dyn Write,
) -> Result<()> {
    let feed_of = match output.format {
        crate::render::Format::Ics => Some(("ics", "events")),
        crate::render::Format::Atom => Some(("atom", "log")),
        _ => None,
    };
    if let Some((format, command)) = feed_of {
        return Err(crate::error::Error::Usage(format!(
            "--format {format} is for `spectrack {command}`"
        )));
    }
    crate::render::write(report, output.format, Style::from_settings(settings), out)?;
    Ok(())
}

/// The one spec `words` name, or `None` after explaining on `err` why there is none. With
/// `--verbose`, the runners-up are named on `err` too.
pub fn find<'a>(
    catalog: &'a Catalog<'a>,
    words: &[String],
    settings: &Settings,
    err: &mut dyn Write,
) -> Result<Option<&'a Spec<'a>>> {
    let query = words.join(" ");
    let found = resolve(catalog, &query);
    answer(found, &query, settings, err)
}

/// The one record a query found, or `None` after explaining the miss on `err`.
pub fn answer<'a, T: Findable>(
    found: Found<'a, T>,
    query: &str,
    settings: &Settings,
    err: &mut dyn Write,
) -> Result<Option<&'a T>> {
    if let Found::One { item, .. } = found {
        if settings.verbose {
            explain_runners_up(&found, err)?;
        }
        return Ok(Some(item));
    }
    explain_miss(&found, query, err)?;
    Ok(None)
}

/// The one spec `words` name and its status as of `day`, or `None` after explaining on `err`
/// why there is none (no match, several, or no history yet on that day).
pub fn find_with_status<'a>(
    catalog: &'a Catalog<'a>,
    words: &[String],
    day: Date,
    settings: &Settings,
    err: &mut dyn Write,
) -> Result<Option<(&'a Spec<'a>, Status<'a>)>> {
    let Some(spec) = find(catalog, words, settings, err)? else {
        return Ok(None);
    };
    match catalog.status(spec, day) {
        Some(status) => Ok(Some((spec, status))),
        None => {
            // The first in file order: it is the first to count (status::counting_entries).
            let first = spec.history.first().map(|e| *e.get_ref().date.get_ref());
            writeln!(
                err,
                "error: `{}` has no history on or before {day}{}",
                crate::terminal::visible(spec.id.get_ref()),
                first.map_or_else(String::new, |d| format!("; its first entry is dated {d}"))
            )?;
            Ok(None)
        }
    }
}
