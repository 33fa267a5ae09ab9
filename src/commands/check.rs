//! `spectrack check [--strict] [--format human|json|sarif]`: every problem of a catalogue, in
//! file order.

use std::io::Write;

use crate::catalog::SourceFile;
use crate::cli::{CheckArgs, CheckFormat};
use crate::diagnostic::{self, Severity};
use crate::error::{Outcome, Result};
use crate::settings::Settings;

pub fn run(
    args: &CheckArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let (file, diagnostic) = match SourceFile::read(&settings.catalog)? {
        Ok(file) => (file, None),
        Err((file, diagnostic)) => (file, Some(diagnostic)),
    };
    let (diagnostics, catalog) = match diagnostic {
        None => {
            let checked = file.check();
            (checked.diagnostics, checked.catalog)
        }
        Some(diagnostic) => (vec![diagnostic], None),
    };
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let failed = errors > 0 || (args.strict && warnings > 0);
    let outcome = if failed { Outcome::No } else { Outcome::Done };
    match args.format {
        CheckFormat::Human => {}
        CheckFormat::Json => {
            diagnostic::json::write(&file.name, &file.text, &diagnostics, out)?;
            return Ok(outcome);
        }
        CheckFormat::Sarif => {
            diagnostic::sarif::write(&file.name, &file.text, &diagnostics, out)?;
            return Ok(outcome);
        }
    }
    err.write_all(file.render(&diagnostics, settings.color_stderr).as_bytes())?;

    let name = crate::terminal::visible(&file.name);
    if errors == 0 && warnings == 0 {
        let counts = catalog.map_or_else(String::new, |c| {
            format!(
                ": {}, {}, {}, {}",
                plural(c.specs.len(), "spec"),
                plural(c.orgs.len(), "org"),
                plural(c.events.len(), "event"),
                plural(c.sources.len(), "source")
            )
        });
        writeln!(out, "{name}: no problems found{counts}")?;
        return Ok(Outcome::Done);
    }
    writeln!(
        err,
        "{name}: {} and {}{}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        if errors == 0 && !args.strict {
            " (warnings fail only with --strict)"
        } else {
            ""
        }
    )?;
    Ok(outcome)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
