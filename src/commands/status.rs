//! `spectrack status QUERY` and `spectrack show QUERY`.

use std::io::Write;

use super::reporting::{day, emit, find_with_status};
use crate::catalog::SourceFile;
use crate::cli::QueryArgs;
use crate::error::{Outcome, Result};
use crate::report::{ShowReport, StatusReport};
use crate::settings::Settings;

/// How much to say about the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// `status`: the answer in a few lines.
    Status,
    /// `show`: every field and the full history.
    Show,
}

pub fn run(
    args: &QueryArgs,
    detail: Detail,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let file = SourceFile::open(&settings.catalog)?;
    let catalog = file.load()?;
    let day = day(&args.output, settings);
    let Some((spec, status)) = find_with_status(&catalog, &args.query, day, settings, err)? else {
        return Ok(Outcome::No);
    };
    match detail {
        Detail::Status => emit(
            &StatusReport::new(&catalog, spec, &status, day),
            &args.output,
            settings,
            out,
        )?,
        Detail::Show => emit(
            &ShowReport::new(&catalog, spec, &status, day),
            &args.output,
            settings,
            out,
        )?,
    }
    Ok(Outcome::Done)
}
