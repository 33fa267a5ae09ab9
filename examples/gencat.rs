//! Writes a synthetic catalogue to stdout, for benchmarks and scale tests.
//!
//! Usage: `cargo run --release --example gencat -- SPECS [--seed N] > big.toml`
//! (about 645 bytes per spec: 100000 specs make about 61 MiB). The same SPECS and seed give
//! the same bytes. The timeline is built around 2026-11-21: ask with `--today 2026-11-21`.

use std::io::Write;
use std::process::ExitCode;

use spectrack::synth;

const USAGE: &str = "usage: gencat SPECS [--seed N]";

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
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => {
                let value = args.next().ok_or("--seed needs a number")?;
                seed = value
                    .parse()
                    .map_err(|_| format!("--seed: `{value}` is not a whole number"))?;
            }
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
    let text = synth::catalogue(specs, seed).map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}
