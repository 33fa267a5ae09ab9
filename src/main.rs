use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    spectrack::run(spectrack::Cli::parse())
}
