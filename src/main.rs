use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // `COMPLETE=bash spectrack` (and the shell hook it prints) completes; else a no-op.
    clap_complete::CompleteEnv::with_factory(<spectrack::Cli as clap::CommandFactory>::command)
        .complete();
    match spectrack::Cli::try_parse() {
        Ok(cli) => spectrack::run(cli),
        Err(error) => report_argument_error(&error),
    }
}

/// Prints clap's answer (help, version, or what is wrong with the arguments). The arguments
/// are the user's text, which clap echoes: control characters in them (a CSI, a
/// right-to-left override) are shown escaped, as catalogue text is.
fn report_argument_error(error: &clap::Error) -> ExitCode {
    let code = error.exit_code();
    if !error.use_stderr() {
        // Help and version: spectrack's own text, in clap's colours.
        let _ = error.print();
        return ExitCode::from(u8::try_from(code).unwrap_or(2));
    }
    let text = error.render().to_string();
    let mut err = std::io::stderr().lock();
    for line in text.lines() {
        let _ = writeln!(err, "{}", spectrack::terminal::visible(line));
    }
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
