//! `spectrack export --format html [-o FILE]`.

use std::io::Write;

use crate::catalog::SourceFile;
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Error, Outcome, Result};
use crate::report::StatusPage;
use crate::settings::Settings;
use crate::terminal::visible;

pub fn run(args: &ExportArgs, settings: &Settings, out: &mut dyn Write) -> Result<Outcome> {
    let file = SourceFile::open(&settings.catalog)?;
    let catalog = file.load()?;
    let page = StatusPage::new(&catalog, args.as_of.unwrap_or(settings.today));
    // Written straight to the output (or the temporary file), never held whole.
    let mut render = |out: &mut dyn Write| match args.format {
        ExportFormat::Html => crate::render::html::write(&page, settings.today, out),
    };
    match &args.output {
        None => render(out)?,
        Some(path) => {
            if let crate::catalog::Location::File(catalogue) = &settings.catalog
                && same_file(path, catalogue)
            {
                return Err(Error::Refused(format!(
                    "-o {} is the catalogue in use; the status page goes to another file",
                    visible(&path.display().to_string())
                )));
            }
            // Atomic: a failed write (a full disk) leaves the old page as it was.
            crate::edit::write::create_with(path, true, false, &mut render)?;
            writeln!(
                out,
                "wrote the status page to {}",
                visible(&path.display().to_string())
            )?;
        }
    }
    Ok(Outcome::Done)
}

/// Whether two paths name the same file (through links of either kind).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}
