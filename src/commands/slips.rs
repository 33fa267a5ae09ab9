//! `spectrack slips [filters]`.

use std::io::Write;

use super::reporting::{day, emit};
use crate::catalog::SourceFile;
use crate::cli::SlipsArgs;
use crate::error::{Error, Outcome, Result};
use crate::report::{Filter, SlipsReport, SortKey, select};
use crate::settings::Settings;

pub fn run(args: &SlipsArgs, settings: &Settings, out: &mut dyn Write) -> Result<Outcome> {
    let file = SourceFile::open(&settings.catalog, settings.color_stderr)?;
    let catalog = file.load(settings.color_stderr)?;
    let f = &args.filters;
    if let Some(org) = &f.org
        && catalog.org(org).is_none()
    {
        let ids = catalog.orgs.iter().map(|o| o.get_ref().id.as_str());
        let help =
            crate::suggest::did_you_mean(org, ids).map_or_else(String::new, |h| format!("; {h}"));
        return Err(Error::Usage(format!(
            "no org `{org}` in the catalogue{help}"
        )));
    }
    let filter = Filter {
        states: f.state.clone(),
        kind: f.kind,
        org: f.org.clone(),
        topic: f.topic.clone(),
        overdue: f.overdue,
        search: f.search.clone(),
        pending: false,
    };
    let day = day(&args.output, settings);
    let specs = select(&catalog, day, &filter, SortKey::Id);
    let empty = if filter.narrows() {
        format!("No specs match these filters as of {day}.")
    } else {
        format!("No specs as of {day}.")
    };
    let report = SlipsReport::new(&catalog, specs.iter().map(|(spec, _)| *spec), day, empty);
    emit(&report, &args.output, settings, out)?;
    Ok(Outcome::Done)
}
