//! Nesting limits, located. The TOML reader bounds its recursion (so deep nesting can never
//! overflow the stack), but when a dotted key has too many parts it reports the problem
//! without a location; this finds the key, so the diagnostic can point at it.

use std::ops::Range;

use toml_parser::Source;
use toml_parser::lexer::TokenKind;

/// How many parts of a dotted key the TOML reader accepts (its recursion limit); a key of
/// more is an error. A catalogue's keys have one or two.
pub const MAX_KEY_PARTS: usize = 80;

/// The first dotted key (`a.b.c = …` or `[a.b.c]`) of more than [`MAX_KEY_PARTS`] parts,
/// with its part count.
pub fn overlong_key(text: &str) -> Option<(Range<usize>, usize)> {
    let mut start = 0;
    let mut parts = 0;
    // Whether the next token continues the key (after a dot) or may add a dot.
    let mut after_dot = false;
    for token in Source::new(text).lex() {
        let span = token.span();
        match token.kind() {
            TokenKind::Whitespace => {}
            TokenKind::Dot if parts > 0 && !after_dot => after_dot = true,
            TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString => {
                if !after_dot {
                    start = span.start();
                    parts = 0;
                }
                parts += 1;
                after_dot = false;
                if parts > MAX_KEY_PARTS {
                    // Report the whole key: run on to its last part.
                    let end = key_end(text, span.end());
                    return Some((start..end, count_parts(&text[start..end])));
                }
            }
            _ => {
                parts = 0;
                after_dot = false;
            }
        }
    }
    None
}

/// Where the dotted key that reaches `from` ends: the end of its last part.
fn key_end(text: &str, from: usize) -> usize {
    let mut end = from;
    let mut after_dot = false;
    for token in Source::new(&text[from..]).lex() {
        match token.kind() {
            TokenKind::Whitespace => {}
            TokenKind::Dot if !after_dot => after_dot = true,
            TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString if after_dot => {
                end = from + token.span().end();
                after_dot = false;
            }
            _ => break,
        }
    }
    end
}

fn count_parts(key: &str) -> usize {
    Source::new(key)
        .lex()
        .filter(|t| {
            matches!(
                t.kind(),
                TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString
            )
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_overlong_key() {
        let key = format!("a{}", ".b".repeat(99));
        let readable = format!("c{}", ".d".repeat(MAX_KEY_PARTS - 1));
        let text = format!("format = 1\n{readable} = 1\n[{key}]\n");
        let (span, parts) = overlong_key(&text).unwrap();
        assert_eq!(&text[span], key);
        assert_eq!(parts, 100);
    }

    #[test]
    fn ordinary_keys_and_floats_are_not_overlong() {
        assert_eq!(
            overlong_key("a.b.c = 1.5\n[x.\"y.z\"]\nv = 1979-05-27T07:32:00.999\n"),
            None
        );
        let quoted = format!("a = \"{}\"\n", ".b".repeat(200));
        assert_eq!(overlong_key(&quoted), None);
    }
}
