//! `spectrack check [--strict] [--format human|json|sarif] [FILE]...`: every problem of a
//! catalogue (or of each FILE), in file order.

use std::io::Write;

use crate::catalog::{Location, SourceFile};
use crate::cli::{CheckArgs, CheckFormat};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::error::{Outcome, Result};
use crate::settings::Settings;

/// One catalogue checked: its text, its problems, and its counts when it could be read.
struct Checked {
    file: SourceFile,
    diagnostics: Vec<Diagnostic>,
    /// ": 12 specs, 4 orgs, …", when the catalogue was read.
    counts: String,
}

impl Checked {
    fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

fn check_one(location: &Location, today: jiff::civil::Date) -> Result<Checked> {
    let (file, diagnostic) = match SourceFile::read(location)? {
        Ok(file) => (file, None),
        Err((file, diagnostic)) => (file, Some(diagnostic)),
    };
    let (diagnostics, counts) = match diagnostic {
        None => {
            let checked = file.check();
            let mut diagnostics = checked.diagnostics;
            if let Some(catalog) = &checked.catalog {
                // The one rule that depends on the day.
                diagnostics.extend(crate::catalog::dated_after(catalog, today));
                diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
            }
            let counts = checked.catalog.map_or_else(String::new, |c| {
                format!(
                    ": {}, {}, {}, {}",
                    plural(c.specs.len(), "spec"),
                    plural(c.orgs.len(), "org"),
                    plural(c.events.len(), "event"),
                    plural(c.sources.len(), "source")
                )
            });
            (diagnostics, counts)
        }
        Some(diagnostic) => (vec![diagnostic], String::new()),
    };
    Ok(Checked {
        file,
        diagnostics,
        counts,
    })
}

pub fn run(
    args: &CheckArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let locations: Vec<Location> = if args.files.is_empty() {
        vec![settings.catalog.clone()]
    } else {
        args.files.iter().cloned().map(Location::File).collect()
    };
    let checked = locations
        .iter()
        .map(|location| check_one(location, settings.today))
        .collect::<Result<Vec<_>>>()?;
    let errors: usize = checked.iter().map(Checked::errors).sum();
    let warnings = checked.iter().map(|c| c.diagnostics.len()).sum::<usize>() - errors;
    let outcome = if errors > 0 || (args.strict && warnings > 0) {
        Outcome::No
    } else {
        Outcome::Done
    };
    match args.format {
        CheckFormat::Json => {
            for c in &checked {
                diagnostic::json::write_problems(&c.file.name, &c.file.text, &c.diagnostics, out)?;
            }
            diagnostic::json::write_summary(errors, warnings, out)?;
        }
        CheckFormat::Sarif => {
            let files: Vec<_> = checked
                .iter()
                .map(|c| {
                    (
                        c.file.name.as_str(),
                        c.file.text.as_str(),
                        &c.diagnostics[..],
                    )
                })
                .collect();
            diagnostic::sarif::write(&files, out)?;
        }
        CheckFormat::Human => {
            for c in &checked {
                human(c, args.strict, settings, out, err)?;
            }
        }
    }
    Ok(outcome)
}

/// The problems of one catalogue for people, on `err`, then a line of counts.
fn human(
    checked: &Checked,
    strict: bool,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let Checked {
        file,
        diagnostics,
        counts,
    } = checked;
    let errors = checked.errors();
    let warnings = diagnostics.len() - errors;
    err.write_all(file.render(diagnostics, settings.color_stderr).as_bytes())?;
    let name = crate::terminal::visible(&file.name);
    if errors == 0 && warnings == 0 {
        writeln!(out, "{name}: no problems found{counts}")?;
        return Ok(());
    }
    writeln!(
        err,
        "{name}: {} and {}{}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        if errors == 0 && !strict {
            " (warnings fail only with --strict)"
        } else {
            ""
        }
    )?;
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
