//! `spectrack completions SHELL` and `spectrack man`: generated from the argument definitions,
//! so they never fall behind the commands.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::{Outcome, Result};

pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "spectrack", out);
    Ok(Outcome::Done)
}

pub fn man(out: &mut dyn Write) -> Result<Outcome> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(Outcome::Done)
}
