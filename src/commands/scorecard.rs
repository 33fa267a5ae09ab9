//! `spectrack scorecard [--org O]`.

use std::io::Write;

use super::reporting::{day, emit, known_org};
use crate::catalog::SourceFile;
use crate::cli::ScorecardArgs;
use crate::error::{Outcome, Result};
use crate::report::Scorecard;
use crate::settings::Settings;

pub fn run(args: &ScorecardArgs, settings: &Settings, out: &mut dyn Write) -> Result<Outcome> {
    let file = SourceFile::open(&settings.catalog)?;
    let catalog = file.load()?;
    if let Some(org) = &args.org {
        known_org(&catalog, org)?;
    }
    let day = day(&args.output, settings);
    let report = Scorecard::new(&catalog, day, args.org.as_deref());
    emit(&report, &args.output, settings, out)?;
    Ok(Outcome::Done)
}
