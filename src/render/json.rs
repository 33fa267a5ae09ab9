//! JSON: the report value as it serialises, pretty-printed, then a newline.
//!
//! Strings keep the catalogue's exact text. serde_json escapes the C0 controls; DEL, the C1
//! controls (U+0080 to U+009F, which some terminals obey like ESC sequences) and the
//! bidirectional overrides are escaped here too (`\u009b`), so JSON printed on a terminal
//! cannot drive it either, and parses back to the same text.

use std::io::Write;
use std::ops::Range;

use serde::Serialize;

use crate::terminal::needs_escape;

pub fn write(report: &impl Serialize, out: &mut dyn Write) -> std::io::Result<()> {
    // Streamed: a long answer is never held whole in memory. serde_json writes a piece at a
    // time (a key, a quote, some spaces): gathered into large writes before the escaping
    // pass, each piece costs a copy rather than a call through every layer.
    let mut escaping = Escaping {
        out: &mut *out,
        carry: Vec::new(),
    };
    {
        let mut gathered = std::io::BufWriter::with_capacity(64 * 1024, &mut escaping);
        serde_json::to_writer_pretty(&mut gathered, report)?;
        gathered.flush()?;
    }
    escaping.finish()?;
    writeln!(out)
}

/// A report that is a JSON array of rows, each of which can be made on its own: a long one
/// is written a run of rows at a time, on two threads ([`write_rows`]).
pub trait Rows: Sync {
    /// How many rows there are.
    fn row_count(&self) -> usize;

    /// Rows `range` as the report writes them: a JSON array, `[` to `]`.
    fn write_range(&self, range: Range<usize>, out: &mut Vec<u8>) -> serde_json::Result<()>;
}

/// Rows a thread writes at a time: a few hundred KiB of JSON, so two threads hold little.
const RUN: usize = 1024;

/// [`write()`] for a report of [`Rows`], the same bytes: below two runs on this thread, else
/// runs of `RUN` rows made by turns on this thread and another, and written in order.
/// Serialising is most of `pending --format json` after the read, and could not use the
/// second core otherwise.
pub fn write_rows(report: &dyn Rows, out: &mut dyn Write) -> std::io::Result<()> {
    if report.row_count() < 2 * RUN {
        let mut text = Vec::new();
        report.write_range(0..report.row_count(), &mut text)?;
        out.write_all(&escaped(text)?)?;
        return writeln!(out);
    }
    write_in_runs(report, RUN, out)
}

/// `report` in runs of `run` rows. Each run is a whole array, `[\n  row,\n  row\n]`: without
/// its `[` and its `\n]`, runs joined by commas are the rows of one array as serde_json
/// writes it.
fn write_in_runs(report: &dyn Rows, run: usize, out: &mut dyn Write) -> std::io::Result<()> {
    let len = report.row_count();
    let runs = len.div_ceil(run);
    let make = |at: usize| -> std::io::Result<Vec<u8>> {
        let mut text = Vec::new();
        report.write_range(at * run..((at + 1) * run).min(len), &mut text)?;
        escaped(text)
    };
    std::thread::scope(|scope| {
        // Bounded: the other thread is at most two runs ahead of the writing.
        let (made, ready) = std::sync::mpsc::sync_channel(2);
        scope.spawn(move || {
            for at in (1..runs).step_by(2) {
                // Stops when this thread stopped taking them (a failed write).
                if made.send(make(at)).is_err() {
                    break;
                }
            }
        });
        out.write_all(b"[")?;
        for at in 0..runs {
            let text = if at % 2 == 0 {
                make(at)?
            } else {
                ready.recv().map_err(std::io::Error::other)??
            };
            if at > 0 {
                out.write_all(b",")?;
            }
            let rows = text
                .get(1..text.len().saturating_sub(2))
                .unwrap_or_default();
            out.write_all(rows)?;
        }
        out.write_all(b"\n]\n")
    })
}

/// serde_json's `text` as [`write`] passes it on.
fn escaped(text: Vec<u8>) -> std::io::Result<Vec<u8>> {
    if text.iter().fold(0, |most, &b| most.max(b)) < 0x7f {
        return Ok(text);
    }
    let mut out = Vec::with_capacity(text.len() + 64);
    let mut escaping = Escaping {
        out: &mut out,
        carry: Vec::new(),
    };
    escaping.write_all(&text)?;
    escaping.finish()?;
    Ok(out)
}

/// One value on one line (a line of JSON Lines), escaped as [`write()`] escapes.
pub fn write_line(value: &impl Serialize, out: &mut dyn Write) -> std::io::Result<()> {
    let mut escaping = Escaping {
        out: &mut *out,
        carry: Vec::new(),
    };
    serde_json::to_writer(&mut escaping, value)?;
    escaping.finish()?;
    writeln!(out)
}

/// A writer that passes serde_json's output on with every raw character that
/// [`needs_escape`] written as a JSON `\uXXXX` escape. Outside strings JSON has only ASCII
/// punctuation and whitespace, so every such character is inside a string, where the escape
/// means the same character.
struct Escaping<'w> {
    out: &'w mut dyn Write,
    /// The start of a character split between two writes.
    carry: Vec<u8>,
}

impl Escaping<'_> {
    /// Writes what is left of a split character (none, from serde_json's valid UTF-8).
    fn finish(&mut self) -> std::io::Result<()> {
        let carry = std::mem::take(&mut self.carry);
        self.out.write_all(&carry)
    }

    fn escape(&mut self, text: &str) -> std::io::Result<()> {
        let mut plain = 0;
        for (at, c) in text.char_indices() {
            if raw(c) && needs_escape(c) {
                self.out.write_all(&text.as_bytes()[plain..at])?;
                // All of them are in the Basic Multilingual Plane: one escape each.
                write!(self.out, "\\u{:04x}", u32::from(c))?;
                plain = at + c.len_utf8();
            }
        }
        self.out.write_all(&text.as_bytes()[plain..])
    }
}

impl Write for Escaping<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        // ASCII other than DEL never needs an escape here: serde_json escapes C0 controls.
        // (The largest byte found without an early exit: many bytes checked at once.)
        if self.carry.is_empty() && buf.iter().fold(0, |most, &b| most.max(b)) < 0x7f {
            return self.out.write_all(buf);
        }
        let joined;
        let bytes = if self.carry.is_empty() {
            buf
        } else {
            let mut carry = std::mem::take(&mut self.carry);
            carry.extend_from_slice(buf);
            joined = carry;
            &joined[..]
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => self.escape(text),
            Err(e) => {
                let valid = e.valid_up_to();
                let head = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
                self.escape(head)?;
                if e.error_len().is_none() {
                    // A character continued in the next write.
                    self.carry = bytes[valid..].to_vec();
                    Ok(())
                } else {
                    self.out.write_all(&bytes[valid..])
                }
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Whether `c` may appear raw in serde_json's output: newlines and indentation spaces do,
/// outside strings; the C0 controls never do inside them.
fn raw(c: char) -> bool {
    c != '\n' && u32::from(c) >= 0x20
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings, some to escape, as rows.
    struct Strings(Vec<String>);

    impl Serialize for Strings {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(&self.0)
        }
    }

    impl Rows for Strings {
        fn row_count(&self) -> usize {
            self.0.len()
        }

        fn write_range(&self, range: Range<usize>, out: &mut Vec<u8>) -> serde_json::Result<()> {
            serde_json::to_writer_pretty(out, &self.0[range])
        }
    }

    #[test]
    fn rows_in_runs_are_the_array_written_whole() {
        let rows = |n: usize| {
            Strings(
                (0..n)
                    .map(|i| ["row", "é", "\u{9b}", "\u{202e}\n"][..=i % 4].concat())
                    .collect(),
            )
        };
        for n in [1, 2, 3, 4, 5, 9, 10, 11, 40] {
            let rows = rows(n);
            let mut whole = Vec::new();
            write(&rows, &mut whole).unwrap();
            for run in [1, 2, 3, 10] {
                let mut in_runs = Vec::new();
                write_in_runs(&rows, run, &mut in_runs).unwrap();
                assert_eq!(
                    String::from_utf8(in_runs).unwrap(),
                    String::from_utf8(whole.clone()).unwrap(),
                    "{n} rows in runs of {run}"
                );
            }
        }
        for n in [0, 3, 2 * RUN - 1, 2 * RUN, 5 * RUN + 7] {
            let rows = rows(n);
            let (mut whole, mut by_rows) = (Vec::new(), Vec::new());
            write(&rows, &mut whole).unwrap();
            write_rows(&rows, &mut by_rows).unwrap();
            assert!(whole == by_rows, "{n} rows");
        }
    }

    /// Refuses every write: a reader that went away.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_stops_both_threads() {
        let rows = Strings((0..100).map(|i| i.to_string()).collect());
        let error = write_in_runs(&rows, 2, &mut Closed).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn a_character_split_between_writes_is_escaped() {
        let mut out = Vec::new();
        let mut w = Escaping {
            out: &mut out,
            carry: Vec::new(),
        };
        let text = "x\u{202e}y\u{9b}é";
        for byte in text.as_bytes() {
            w.write_all(&[*byte]).unwrap();
        }
        w.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "x\\u202ey\\u009bé");
    }

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
