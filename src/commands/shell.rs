//! `spectrack completions SHELL` and `spectrack man`: generated from the argument definitions,
//! so they never fall behind the commands.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::error::{Outcome, Result};

pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "spectrack", out);
    Ok(Outcome::Done)
}

/// The page of spectrack to `out`, or with `--dir` the pages of spectrack and every command
/// under it (as clap_mangen names them: `spectrack-add-spec.1`), each written atomically.
pub fn man(args: &ManArgs, out: &mut dyn Write) -> Result<Outcome> {
    // No `help` command: its page would only repeat the others.
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let Some(dir) = &args.dir else {
        clap_mangen::Man::new(root).render(out)?;
        return Ok(Outcome::Done);
    };
    std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
    let mut pages = Vec::new();
    collect(root, &mut pages);
    for man in pages {
        let mut page = Vec::new();
        man.render(&mut page)?;
        let path = dir.join(man.get_filename());
        crate::edit::write::create(&path, &page, true, false)?;
        writeln!(out, "{}", path.display())?;
    }
    Ok(Outcome::Done)
}

/// The pages of `command` and of every command under it, the parent first.
fn collect(command: clap::Command, pages: &mut Vec<clap_mangen::Man>) {
    let subcommands: Vec<clap::Command> = command
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    pages.push(clap_mangen::Man::new(command));
    for sub in subcommands {
        collect(sub, pages);
    }
}
