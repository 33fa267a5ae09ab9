//! `spectrack log [QUERY]`.

use std::io::Write;

use super::reporting::{day, emit, find};
use crate::catalog::SourceFile;
use crate::cli::LogArgs;
use crate::error::{Outcome, Result};
use crate::render::Format;
use crate::render::atom::Scope;
use crate::report::LogReport;
use crate::settings::Settings;

pub fn run(
    args: &LogArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let file = SourceFile::open(&settings.catalog)?;
    let catalog = file.load()?;
    let day = day(&args.output, settings);
    let (mut report, scope) = if args.query.is_empty() {
        let report = LogReport::new(&catalog, catalog.specs(), day, args.since, args.until);
        (report, Scope::All)
    } else {
        let Some(spec) = find(&catalog, &args.query, settings, err)? else {
            return Ok(Outcome::No);
        };
        let report = LogReport::new(&catalog, [spec], day, args.since, args.until);
        (report, Scope::Spec(spec.id.get_ref(), spec.title.get_ref()))
    };
    if let Some(count) = args.max_count {
        let skip = report.entries.len().saturating_sub(count);
        report.entries.drain(..skip);
    }
    if args.reverse {
        report.entries.reverse();
    }
    if args.output.format == Format::Atom {
        crate::render::atom::write(&report, scope, day, out)?;
        return Ok(Outcome::Done);
    }
    emit(&report, &args.output, settings, out)?;
    Ok(Outcome::Done)
}
