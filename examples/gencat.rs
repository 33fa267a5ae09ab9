//! Writes a synthetic catalogue to stdout, for benchmarks and scale tests.
//!
//! Usage: `cargo run --release --example gencat -- SPECS [--seed N] [--warnings] [--form FORM] > big.toml`
//! (about 645 bytes per spec: 100000 specs make about 61 MiB). The same SPECS and seed give
//! the same bytes. The timeline is built around 2026-11-21: ask with `--today 2026-11-21`.
//!
//! `--form` writes the same catalogue in another form of TOML, for the reader's benchmarks:
//! `plain` (the default), `inline` (history entries and orgs as inline tables), `dotted`
//! (quoted keys, dotted headers), `multiline` (multi-line and literal strings, arrays over
//! lines with comments, CRLF), `unknown-key` (plain, with one misspelt key) or `unordered`
//! (plain, each table's keys in reverse order: what `fmt` rewrites everywhere).
//!
//! `--warnings` adds about 15 warnings in 100 specs (states going backwards, promises
//! already past, sources nobody cites), for timing `check` and the reports on them.

use std::io::Write;
use std::process::ExitCode;

use spectrack_synth as synth;

#[path = "../tests/cli/forms.rs"]
mod forms;

const USAGE: &str = "usage: gencat SPECS [--seed N] [--warnings] [--form plain|inline|dotted|multiline|unknown-key|unordered]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gencat: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut specs = None;
    let mut seed = 1;
    let mut form = forms::Form::Plain;
    let mut warnings = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => {
                let value = args.next().ok_or("--seed needs a number")?;
                seed = value
                    .parse()
                    .map_err(|_| format!("--seed: `{value}` is not a whole number"))?;
            }
            "--form" => {
                let value = args.next().ok_or("--form needs a form")?;
                form = forms::Form::parse(&value).ok_or(format!("--form: no form `{value}`"))?;
            }
            "--warnings" => warnings = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ if specs.is_none() => {
                specs = Some(
                    arg.parse::<usize>()
                        .map_err(|_| format!("`{arg}` is not a number of specs"))?,
                );
            }
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    let specs = specs.ok_or("how many specs?")?;
    let text = if warnings {
        synth::catalogue_with_warnings(specs, seed)
    } else {
        synth::catalogue(specs, seed)
    }
    .map_err(|e| e.to_string())?;
    let text = forms::reform(&text, form);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}
