//! `spectrack diff OLD [NEW]`: OLD is a file, or a git revision of the NEW catalogue file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::reporting::{day, emit};
use crate::catalog::{Location, SourceFile};
use crate::cli::DiffArgs;
use crate::error::{Error, Outcome, Result};
use crate::render::Format;
use crate::report::{DiffReport, derived};
use crate::settings::Settings;
use crate::terminal::visible;

pub fn run(args: &DiffArgs, settings: &Settings, out: &mut dyn Write) -> Result<Outcome> {
    let new_location = args
        .new
        .clone()
        .map_or_else(|| settings.catalog.clone(), Location::File);
    let day = day(&args.output, settings);
    // One catalogue in memory at a time: each is read, derived and let go before the next.
    let (new_name, new_specs) = {
        let new_file = SourceFile::open(&new_location)?;
        let new = new_file.load()?;
        (new_file.name.clone(), derived(&new, day))
    };
    let old_path = Path::new(&args.old);
    let (old_name, old_specs) = {
        let old_file = if old_path.is_file() {
            SourceFile::open(&Location::File(old_path.to_owned()))?
        } else {
            at_revision(&args.old, &new_location)?
        };
        let old = old_file.load()?;
        (old_file.name.clone(), derived(&old, day))
    };
    let report = DiffReport::from_derived(&old_specs, &new_specs, day, (old_name, new_name));
    drop((old_specs, new_specs));
    match args.output.format {
        Format::Json => emit(&report, &args.output, settings, out)?,
        _ => emit(&report.rows(), &args.output, settings, out)?,
    }
    let differ =
        !(report.added.is_empty() && report.removed.is_empty() && report.changed.is_empty());
    Ok(if args.exit_code && differ {
        Outcome::No
    } else {
        Outcome::Done
    })
}

/// The catalogue file of `location` as it was at git revision `rev`, named as messages name
/// it (`HEAD~3:specs.toml`).
fn at_revision(rev: &str, location: &Location) -> Result<SourceFile> {
    let not_a_file = format!("`{}` is not a file", visible(rev));
    let Location::File(path) = location else {
        return Err(Error::Usage(format!(
            "{not_a_file}, and the catalogue in use is the built-in one, which has no git \
             history; give OLD as a file, or use --catalog"
        )));
    };
    if rev.is_empty() || rev.starts_with('-') {
        return Err(Error::Usage(format!("{not_a_file} nor a git revision")));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `REV:./NAME` is relative to git's working folder, which `-C` sets to the file's own.
    let output = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .arg("show")
        .arg(format!("{rev}:./{file_name}"))
        .output()
        .map_err(|e| {
            Error::Usage(format!(
                "{not_a_file}, and git could not be run to read it as a revision: {e}"
            ))
        })?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        let why = why.lines().next().unwrap_or("git failed").trim();
        return Err(Error::Usage(format!(
            "{not_a_file}, and git cannot read {} at revision `{}`: {}",
            visible(&path.display().to_string()),
            visible(rev),
            visible(why)
        )));
    }
    let name = format!("{rev}:{}", path.display());
    let text = String::from_utf8(output.stdout)
        .map_err(|_| Error::Usage(format!("{}: the file is not valid UTF-8", visible(&name))))?;
    Ok(SourceFile::named(location.clone(), name, text))
}
