//! `spectrack log [QUERY]`.

use std::io::Write;

use super::reporting::{day, emit, find};
use crate::catalog::load;
use crate::cli::LogArgs;
use crate::error::{Outcome, Result};
use crate::report::LogReport;
use crate::settings::Settings;

pub fn run(
    args: &LogArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let (_, catalog) = load(&settings.catalog, settings.color_stderr)?;
    let day = day(&args.output, settings);
    let report = if args.query.is_empty() {
        LogReport::new(&catalog, catalog.specs(), day, args.since, args.until)
    } else {
        let Some(spec) = find(&catalog, &args.query, err)? else {
            return Ok(Outcome::No);
        };
        LogReport::new(&catalog, [spec], day, args.since, args.until)
    };
    emit(&report, &args.output, settings, out)?;
    Ok(Outcome::Done)
}
