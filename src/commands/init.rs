//! `spectrack init [PATH]`: write the built-in catalogue out, to start from.

use std::io::Write;

use crate::catalog::BUILT_IN;
use crate::cli::InitArgs;
use crate::edit::write::create;
use crate::error::{Outcome, Result};
use crate::terminal::visible;

pub fn run(args: &InitArgs, out: &mut dyn Write) -> Result<Outcome> {
    create(&args.path, BUILT_IN.as_bytes(), args.force, true)?;
    writeln!(
        out,
        "wrote the built-in catalogue to {}",
        visible(&args.path.display().to_string())
    )?;
    Ok(Outcome::Done)
}
