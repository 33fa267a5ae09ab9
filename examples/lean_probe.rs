//! A probe for issue 6: what driving `toml_parser` directly costs, as the floor of a lean
//! read path. Not wired into spectrack; see docs/performance.md.
//!
//!   cargo run --release --example lean_probe -- MODE CATALOGUE.toml
//!
//! MODE is `lex` (tokens counted as they stream), `whole` (every token collected first,
//! as `toml`'s document parser does, then parsed and every scalar decoded), or `chunked`
//! (the text cut before each line that starts with `[`, one table at a time, a token
//! buffer reused). Cutting that way is only sound when the text has no multi-line string;
//! a real fast path would check that and fall back to the full parser otherwise.

use std::borrow::Cow;
use std::process::ExitCode;

use toml_parser::decoder::Encoding;
use toml_parser::parser::EventReceiver;
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

/// Decodes every scalar (borrowed when it has no escapes), as a lean loader would.
#[derive(Default)]
struct Tally {
    scalars: usize,
    bytes: usize,
    owned: usize,
}

struct Decoder<'i, 't> {
    source: Source<'i>,
    tally: &'t mut Tally,
}

impl EventReceiver for Decoder<'_, '_> {
    fn scalar(&mut self, span: Span, kind: Option<Encoding>, error: &mut dyn ErrorSink) {
        let Some(raw) = self.source.get(span) else {
            return;
        };
        let raw = Raw::new_unchecked(raw.as_str(), kind, span);
        let mut value: Cow<'_, str> = Cow::Borrowed("");
        let _ = raw.decode_scalar(&mut value, error);
        self.tally.scalars += 1;
        self.tally.bytes += value.len();
        self.tally.owned += usize::from(matches!(value, Cow::Owned(_)));
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, path] = args.as_slice() else {
        eprintln!("usage: lean_probe lex|whole|chunked CATALOGUE.toml");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("lean_probe: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut errors: Vec<ParseError> = Vec::new();
    let mut tally = Tally::default();
    let mut tokens = Vec::new();
    let mut chunks = 0;
    match mode.as_str() {
        "lex" => {
            println!("{} tokens", Source::new(&text).lex().count());
            return ExitCode::SUCCESS;
        }
        "whole" => {
            let source = Source::new(&text);
            tokens = source.lex().into_vec();
            let mut decoder = Decoder {
                source,
                tally: &mut tally,
            };
            toml_parser::parser::parse_document(&tokens, &mut decoder, &mut errors);
        }
        "chunked" => {
            let mut cuts = vec![0];
            cuts.extend(text.match_indices("\n[").map(|(i, _)| i + 1));
            cuts.push(text.len());
            for pair in cuts.windows(2) {
                let source = Source::new(&text[pair[0]..pair[1]]);
                tokens.clear();
                tokens.extend(source.lex());
                let mut decoder = Decoder {
                    source,
                    tally: &mut tally,
                };
                toml_parser::parser::parse_document(&tokens, &mut decoder, &mut errors);
                chunks += 1;
            }
        }
        other => {
            eprintln!("lean_probe: unknown mode `{other}`");
            return ExitCode::from(2);
        }
    }
    println!(
        "{} scalars ({} bytes, {} with escapes), {} errors, {chunks} chunks",
        tally.scalars,
        tally.bytes,
        tally.owned,
        errors.len()
    );
    ExitCode::SUCCESS
}
