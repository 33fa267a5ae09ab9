//! `spectrack list` and `spectrack pending`.

use std::io::Write;

use super::reporting::{day, emit, filter};
use crate::catalog::SourceFile;
use crate::cli::ListArgs;
use crate::error::{Outcome, Result};
use crate::report::{SpecList, select};
use crate::settings::Settings;

pub fn run(
    args: &ListArgs,
    pending_only: bool,
    settings: &Settings,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let file = SourceFile::open(&settings.catalog)?;
    let catalog = file.load()?;
    let filter = filter(&args.filters, &catalog, pending_only)?;
    let day = day(&args.output, settings);
    let report = SpecList::new(
        &catalog,
        select(&catalog, day, &filter, args.sort),
        day,
        pending_only,
        filter.narrows(),
    );
    emit(&report, &args.output, settings, out)?;
    Ok(if args.exit_code && !report.is_empty() {
        Outcome::No
    } else {
        Outcome::Done
    })
}
