//! `spectrack slips [filters]`.

use std::io::Write;

use super::reporting::{day, emit, filter};
use crate::catalog::SourceFile;
use crate::cli::SlipsArgs;
use crate::error::{Outcome, Result};
use crate::report::{SlipsReport, SortKey, select};
use crate::settings::Settings;

pub fn run(args: &SlipsArgs, settings: &Settings, out: &mut dyn Write) -> Result<Outcome> {
    let file = SourceFile::open(&settings.catalog)?;
    let catalog = file.load()?;
    let filter = filter(&args.filters, &catalog, false)?;
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
