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
    let mut bytes = Vec::new();
    match args.format {
        ExportFormat::Html => crate::render::html::write(&page, &mut bytes)?,
    }
    match &args.output {
        None => out.write_all(&bytes)?,
        Some(path) => {
            std::fs::write(path, &bytes).map_err(|e| Error::io(path, e))?;
            writeln!(
                out,
                "wrote the status page to {}",
                visible(&path.display().to_string())
            )?;
        }
    }
    Ok(Outcome::Done)
}
