//! Text from a catalogue is untrusted: it must never reach a terminal as control characters.

use std::borrow::Cow;

/// `text` with every control character shown visibly as a Rust escape (`\u{1b}`), so an
/// escape sequence, a bare CR or a backspace in a title can neither colour, move nor hide
/// anything on the reader's terminal. Newlines and tabs are escaped too: callers print
/// catalogue text inside single lines.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape_where(text, needs_escape)
}

/// Like [`visible`], but newlines stay (a CRLF becomes a newline): for formats that carry
/// several lines in one value, such as a quoted CSV cell.
pub fn visible_keeping_lines(text: &str) -> Cow<'_, str> {
    // Newlines are kept as they are; tabs and carriage returns are not.
    if plain_but_for(text, |b| b == b'\n') {
        return Cow::Borrowed(text);
    }
    let text: Cow<'_, str> = if text.contains("\r\n") {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    };
    match escape_where(&text, |c| c != '\n' && needs_escape(c)) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => Cow::Owned(escaped),
    }
}

fn escape_where(text: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if is_plain(text) || !text.chars().any(&escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `text` holds no character that any output format escapes or replaces: no
/// control character (tabs and newlines included), bidirectional override or U+FFFE/U+FFFF.
/// Checked on the UTF-8 bytes, without decoding characters, since most text is plain and
/// every report checks all of it; `false` sends a caller to its own check, char by char.
pub fn is_plain(text: &str) -> bool {
    plain_but_for(text, |_| false)
}

/// [`is_plain`], but tabs, newlines and carriage returns are allowed: for formats that
/// carry several lines in one value (XML, a page's text).
pub fn is_plain_text(text: &str) -> bool {
    plain_but_for(text, |b| matches!(b, b'\t' | b'\n' | b'\r'))
}

/// [`is_plain`] with the ASCII controls `line` allows.
fn plain_but_for(text: &str, line: impl Fn(u8) -> bool) -> bool {
    let bytes = text.as_bytes();
    // Printable ASCII first (most text, and short): folded without an early exit, a loop the
    // compiler makes wide.
    if bytes.iter().fold(true, |plain, &b| {
        plain & ((b' '..=b'~').contains(&b) | line(b))
    }) {
        return true;
    }
    let next = |at: usize| bytes.get(at).copied().unwrap_or(0);
    // Beyond ASCII, only characters that start with one of three bytes are escaped (a
    // continuation byte is never one of them): whether the one starting at `at` is.
    let escaped_from = |at: usize| match bytes[at] {
        // U+0080..U+009F (C1 controls).
        0xc2 => (0x80..=0x9f).contains(&next(at + 1)),
        // U+202A..U+202E and U+2066..U+2069.
        0xe2 => matches!(
            (next(at + 1), next(at + 2)),
            (0x80, 0xaa..=0xae) | (0x81, 0xa6..=0xa9)
        ),
        // U+FFFE, U+FFFF.
        0xef => matches!((next(at + 1), next(at + 2)), (0xbf, 0xbe..=0xbf)),
        _ => false,
    };
    let control = |b: u8| ((b < b' ') | (b == 0x7f)) & !line(b);
    if bytes.len() < 64 {
        // A short text (a table's cell): byte by byte.
        return bytes
            .iter()
            .enumerate()
            .all(|(at, &b)| !control(b) && !escaped_from(at));
    }
    // A long one (a feed's content, a note): its ASCII controls in one wide pass, then the
    // three bytes found by a wide search (most text outside ASCII has a dash or an arrow,
    // 0xe2, and nothing else to look at).
    !bytes.iter().fold(false, |found, &b| found | control(b))
        && memchr::memchr3_iter(0xc2, 0xe2, 0xef, bytes).all(|at| !escaped_from(at))
}

/// C0 and C1 controls, DEL, and the bidirectional overrides that can reorder what a line shows.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_plain_agrees_with_every_escape_char_by_char() {
        let flagged =
            |c: char| needs_escape(c) || matches!(c, '\t' | '\n' | '\u{fffe}' | '\u{ffff}');
        // Every character of the planes text uses, alone and between others, in a short text
        // and in a long one (checked another way).
        let long = "long text — long enough to be searched rather than read byte by byte";
        assert!(long.len() >= 64);
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            for text in [
                c.to_string(),
                format!("a{c}→b"),
                format!("{c}\u{202d}"),
                format!("{long}{c}→b"),
                format!("{c}{long}"),
            ] {
                let shown = text.escape_unicode().to_string();
                assert_eq!(is_plain(&text), !text.chars().any(flagged), "{shown}");
                let in_lines = |c: char| flagged(c) && !matches!(c, '\t' | '\n' | '\r');
                assert_eq!(is_plain_text(&text), !text.chars().any(in_lines), "{shown}");
            }
        }
    }

    #[test]
    fn plain_text_is_untouched() {
        assert!(matches!(
            visible("White Paper on Vector Databases — 2025"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(visible("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(visible("csi\u{9b}2J"), "csi\\u{9b}2J");
        assert_eq!(visible("bell\u{7}"), "bell\\u{7}");
        assert_eq!(visible("over\rwrite\u{8}"), "over\\u{d}write\\u{8}");
        assert_eq!(visible("two\nlines"), "two\\u{a}lines");
        assert_eq!(visible("\u{202e}txt"), "\\u{202e}txt");
    }

    #[test]
    fn lines_can_be_kept() {
        assert!(matches!(
            visible_keeping_lines("a\nb"),
            Cow::Borrowed("a\nb")
        ));
        assert_eq!(
            visible_keeping_lines("a\r\nb\u{1b}c\r"),
            "a\nb\\u{1b}c\\u{d}"
        );
        assert_eq!(visible_keeping_lines("a\tb"), "a\\u{9}b");
    }
}
