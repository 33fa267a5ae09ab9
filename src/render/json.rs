//! JSON: the report value as it serialises, pretty-printed, then a newline.
//!
//! Strings keep the catalogue's exact text. serde_json escapes the C0 controls; DEL, the C1
//! controls (U+0080 to U+009F, which some terminals obey like ESC sequences) and the
//! bidirectional overrides are escaped here too (`\u009b`), so JSON printed on a terminal
//! cannot drive it either, and parses back to the same text.

use std::io::Write;

use serde::Serialize;

use crate::terminal::needs_escape;

pub fn write(report: &impl Serialize, out: &mut dyn Write) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(report)?;
    writeln!(out, "{}", escape_controls(&text))
}

/// `json` with every raw character that [`needs_escape`] as a JSON `\uXXXX` escape. Outside
/// strings JSON has only ASCII punctuation and whitespace, so every such character is inside
/// a string, where the escape means the same character.
fn escape_controls(json: &str) -> std::borrow::Cow<'_, str> {
    if !json.chars().any(|c| raw(c) && needs_escape(c)) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) && needs_escape(c) {
            // All of them are in the Basic Multilingual Plane: one escape each.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `c` may appear raw in serde_json's output: newlines and indentation spaces do,
/// outside strings; the C0 controls never do inside them.
fn raw(c: char) -> bool {
    c != '\n' && u32::from(c) >= 0x20
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_the_text_is_kept() {
        let title = "a\u{1b}[31m b\u{9b}2J c\u{7f} d\u{202e} e\u{7} é";
        let mut out = Vec::new();
        write(&serde_json::json!({ "title": title }), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.chars().any(|c| c != '\n' && needs_escape(c)),
            "{text:?}"
        );
        assert!(
            text.contains("\\u009b") && text.contains("\\u202e"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["title"], title);
    }
}
