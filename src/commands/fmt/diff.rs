//! `fmt --check`'s unified diff from the file to its canonical layout, made stretch by stretch
//! where the layout changed records, and written hunk by hunk.

use std::io::Write;
use std::ops::Range;

use anstyle::{AnsiColor, Style};

use crate::edit::Changed;
use crate::error::{Error, Result};
use crate::terminal::visible;

/// The most bytes of changed records next to each other diffed together. Myers' diff of a
/// stretch costs its lines times its changes, so the diff of a file changed in every record
/// costs the file's size times this: 1 KiB (a record or two) keeps it a small part of `fmt
/// --check` (16 KiB made it half). Where a run of changed records is cut, the diff is as
/// small as the whole-file diff but may place a removed blank line on the other side of an
/// equal one; anywhere else it is the whole-file diff.
const STRETCH: usize = 1024;

/// Changed records next to each other, joined while the stretch stays within [`STRETCH`].
fn stretches(changed: &[Changed]) -> Vec<Changed> {
    let mut out: Vec<Changed> = Vec::new();
    for change in changed {
        match out.last_mut() {
            Some(last)
                if last.old.end == change.old.start
                    && change.old.end - last.old.start <= STRETCH =>
            {
                last.old.end = change.old.end;
                last.new.end = change.new.end;
            }
            _ => out.push(change.clone()),
        }
    }
    out
}

/// A text's lines (as `similar` splits them: after each `\n`, and after a `\r` not followed by
/// one), held as where each starts: four bytes a line where a `Vec<&str>` takes sixteen,
/// which is most of the diff's memory for a catalogue changed everywhere.
struct LineStarts<'t> {
    text: &'t str,
    /// Where each line starts, then the text's length.
    starts: Vec<u32>,
}

impl<'t> LineStarts<'t> {
    /// `None` for a text of 4 GiB or more (a catalogue is refused long before that, at
    /// [`crate::catalog::MAX_CATALOG_BYTES`]).
    fn new(text: &'t str) -> Option<Self> {
        let end = u32::try_from(text.len()).ok()?;
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                continue; // the line ends at the `\n` after it
            }
            // `at` < `end`, which fits in a u32.
            starts.push(at as u32 + 1);
        }
        if starts.last() != Some(&end) {
            starts.push(end);
        }
        Some(LineStarts { text, starts })
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// The number of the first line starting at or after the byte `at`.
    fn line_at(&self, at: usize) -> usize {
        self.starts.partition_point(|&start| (start as usize) < at)
    }

    /// Line `line`, borrowed from the text.
    fn line(&self, line: usize) -> &'t str {
        &self.text[self.starts[line] as usize..self.starts[line + 1] as usize]
    }
}

impl std::ops::Index<usize> for LineStarts<'_> {
    type Output = str;

    fn index(&self, line: usize) -> &str {
        self.line(line)
    }
}

/// A stretch's lines as numbers, equal where the lines are: Myers' diff compares lines
/// again and again, and comparing two numbers is cheaper than comparing two lines (the
/// diff is the same). Its lists are kept from one stretch to the next.
#[derive(Default)]
struct LineIds<'t> {
    /// The number of each line seen in the stretch.
    numbers: rustc_hash::FxHashMap<&'t str, u32>,
    /// For each number, on which side its line is: [`OLD`], [`NEW`] or both.
    sides: Vec<u8>,
    old: Numbered,
    new: Numbered,
    /// The lines found on both sides: where each is, and its number.
    old_shared: (Vec<usize>, Vec<u32>),
    new_shared: (Vec<usize>, Vec<u32>),
    /// The shared lines Myers' diff matched: (old, new, how many) in the shared lists.
    matched: Vec<(usize, usize, usize)>,
}

/// A line of the old text, in [`LineIds::sides`].
const OLD: u8 = 1;
/// A line of the new text, in [`LineIds::sides`].
const NEW: u8 = 2;

impl<'t> LineIds<'t> {
    /// The diff of a stretch, as `similar`'s Myers diff and its clean-up make it, after
    /// two steps that spare Myers' diff most of its work, which grows with the stretch's
    /// lines times its changes:
    /// - the lines found on one side only are set aside first, as GNU diff does: such a
    ///   line is a change in every diff, so the longest common subsequence (and with it the
    ///   number of changed lines) is the same without them. A layout changes mostly such
    ///   lines (a comment's spacing, a line's ending, a key's quotes);
    /// - where the lines left are not in the same order on both sides (a layout that puts
    ///   the keys of every table in order), the stretch is diffed table by table
    ///   ([`tables`]), where it can be cut so. That diff is the least one unless a line
    ///   found in two tables moved in both (then it may be a few lines longer), and it
    ///   keeps each table's changes under its header.
    fn diff(
        &mut self,
        old: &LineStarts<'t>,
        old_range: Range<usize>,
        new: &LineStarts<'t>,
        new_range: Range<usize>,
        ops: &mut Vec<similar::DiffOp>,
    ) {
        self.number(old, old_range.clone(), new, new_range.clone());
        self.share(old_range.clone(), new_range.clone());
        let in_order = self.old_shared.1 == self.new_shared.1;
        let cut = if in_order {
            None
        } else {
            tables(old, old_range.clone(), new, new_range.clone())
        };
        match cut {
            Some(tables) => {
                for (old_table, new_table) in tables {
                    self.share(old_table.clone(), new_table.clone());
                    self.diff_shared(old_table, new_table, ops);
                }
            }
            None => self.diff_shared(old_range, new_range, ops),
        }
    }

    /// Numbers `old`'s lines in `old_range` and `new`'s in `new_range` (into `self.old` and
    /// `self.new`).
    fn number(
        &mut self,
        old: &LineStarts<'t>,
        old_range: Range<usize>,
        new: &LineStarts<'t>,
        new_range: Range<usize>,
    ) {
        self.numbers.clear();
        for (lines, range, numbered) in [
            (old, old_range, &mut self.old),
            (new, new_range, &mut self.new),
        ] {
            numbered.first = range.start;
            numbered.ids.clear();
            for line in range {
                let next = u32::try_from(self.numbers.len()).unwrap_or(u32::MAX);
                numbered
                    .ids
                    .push(*self.numbers.entry(lines.line(line)).or_insert(next));
            }
        }
        self.sides.clear();
        self.sides.resize(self.numbers.len(), 0);
    }

    /// The lines of `old_range` (of the numbered old lines) found in `new_range` (of the
    /// new) and the other way round, into `old_shared` and `new_shared`.
    fn share(&mut self, old_range: Range<usize>, new_range: Range<usize>) {
        let LineIds {
            sides,
            old,
            new,
            old_shared,
            new_shared,
            ..
        } = self;
        let (old_ids, new_ids) = (old.lines(&old_range), new.lines(&new_range));
        for &id in old_ids.iter().chain(new_ids) {
            sides[id as usize] = 0;
        }
        for &id in old_ids {
            sides[id as usize] |= OLD;
        }
        for &id in new_ids {
            sides[id as usize] |= NEW;
        }
        for (range, ids, (at, shared)) in [
            (old_range, old_ids, old_shared),
            (new_range, new_ids, new_shared),
        ] {
            at.clear();
            shared.clear();
            for (line, &id) in range.zip(ids) {
                if sides[id as usize] == OLD | NEW {
                    at.push(line);
                    shared.push(id);
                }
            }
        }
    }

    /// The diff of `old_range` and `new_range`, whose shared lines [`LineIds::share`] found,
    /// its ops added to `ops`.
    fn diff_shared(
        &mut self,
        old_range: Range<usize>,
        new_range: Range<usize>,
        ops: &mut Vec<similar::DiffOp>,
    ) {
        use similar::algorithms::{Capture, Compact, DiffHook, Replace, myers};
        let LineIds {
            old: old_ids,
            new: new_ids,
            old_shared,
            new_shared,
            matched,
            ..
        } = self;
        matched.clear();
        let (old_len, new_len) = (old_shared.1.len(), new_shared.1.len());
        let Ok(()) = myers::diff(
            &mut Matched(matched),
            &old_shared.1,
            0..old_len,
            &new_shared.1,
            0..new_len,
        );
        // The lines matched, taken back to the whole part, with every line between them
        // deleted or inserted, cleaned up as `similar` cleans up its own diff.
        let mut hook = Compact::new(Replace::new(Capture::new()), &*old_ids, &*new_ids);
        let (mut o, mut n) = (old_range.start, new_range.start);
        let mut equal: Option<(usize, usize, usize)> = None;
        let flush = |hook: &mut Compact<_, _, _>, equal: &mut Option<_>| {
            if let Some((old_index, new_index, len)) = equal.take() {
                let Ok(()) = hook.equal(old_index, new_index, len);
            }
        };
        let changes =
            |hook: &mut Compact<_, _, _>, (o, n): (usize, usize), (a, b): (usize, usize)| {
                if a > o {
                    let Ok(()) = hook.delete(o, a - o, n);
                }
                if b > n {
                    let Ok(()) = hook.insert(a, n, b - n);
                }
            };
        for &(old_index, new_index, len) in matched.iter() {
            for k in 0..len {
                let (a, b) = (old_shared.0[old_index + k], new_shared.0[new_index + k]);
                if (a, b) != (o, n) {
                    flush(&mut hook, &mut equal);
                    changes(&mut hook, (o, n), (a, b));
                }
                match &mut equal {
                    Some((_, _, len)) => *len += 1,
                    None => equal = Some((a, b, 1)),
                }
                (o, n) = (a + 1, b + 1);
            }
        }
        flush(&mut hook, &mut equal);
        changes(&mut hook, (o, n), (old_range.end, new_range.end));
        let Ok(()) = hook.finish();
        ops.extend(hook.into_inner().into_inner().into_ops());
    }
}

/// The hook that keeps only what Myers' diff matched.
struct Matched<'m>(&'m mut Vec<(usize, usize, usize)>);

impl similar::algorithms::DiffHook for Matched<'_> {
    type Error = std::convert::Infallible;

    fn equal(&mut self, old: usize, new: usize, len: usize) -> Result<(), Self::Error> {
        self.0.push((old, new, len));
        Ok(())
    }
}

/// A stretch cut at its tables: the lines of old and new from one table header to the next,
/// the n-th header of the old lines with the n-th of the new; `None` unless both have as
/// many, two or more (the layout keeps the tables in their order, and moves keys only
/// within a table). A line that starts with `[` inside a multi-line value is taken for a
/// header on both sides alike; and cuts made at line starts on both sides, in order, give
/// a diff that turns the old lines into the new wherever they fall.
fn tables(
    old: &LineStarts<'_>,
    old_range: Range<usize>,
    new: &LineStarts<'_>,
    new_range: Range<usize>,
) -> Option<Vec<(Range<usize>, Range<usize>)>> {
    fn headers<'l>(
        lines: &'l LineStarts<'_>,
        range: Range<usize>,
    ) -> impl Iterator<Item = usize> + 'l {
        range.filter(move |&line| lines[line].trim_start().starts_with('['))
    }
    let count = headers(old, old_range.clone()).count();
    if count < 2 || headers(new, new_range.clone()).count() != count {
        return None;
    }
    let mut parts = Vec::with_capacity(count + 1);
    let (mut o, mut n) = (old_range.start, new_range.start);
    for (old_at, new_at) in headers(old, old_range.clone()).zip(headers(new, new_range.clone())) {
        if (old_at, new_at) != (o, n) {
            parts.push((o..old_at, n..new_at));
        }
        (o, n) = (old_at, new_at);
    }
    parts.push((o..old_range.end, n..new_range.end));
    Some(parts)
}

/// Lines from `first` on, as [`LineIds`] numbers them.
#[derive(Default)]
struct Numbered {
    first: usize,
    ids: Vec<u32>,
}

impl Numbered {
    /// The numbers of the lines in `range`.
    fn lines(&self, range: &Range<usize>) -> &[u32] {
        let from = range.start - self.first;
        &self.ids[from..from + range.len()]
    }
}

impl std::ops::Index<usize> for Numbered {
    type Output = u32;

    fn index(&self, line: usize) -> &u32 {
        &self.ids[line - self.first]
    }
}

/// `ops` made the one hunk `similar::group_diff_ops` makes of them: [`Hunks`] gathers no
/// more than one (every equal run inside is at most twice the context), so its first and
/// last equal runs are cut to the context in place, where `group_diff_ops` would copy every
/// operation (a hunk can be the whole file: 100 MB of operations at 100k specs).
fn hunk_of(ops: &mut [similar::DiffOp]) {
    #[cfg(debug_assertions)]
    let grouped = similar::group_diff_ops(ops.to_vec(), CONTEXT);
    if let Some(similar::DiffOp::Equal {
        old_index,
        new_index,
        len,
    }) = ops.first_mut()
    {
        let cut = len.saturating_sub(CONTEXT);
        (*old_index, *new_index, *len) = (*old_index + cut, *new_index + cut, *len - cut);
    }
    if let Some(similar::DiffOp::Equal { len, .. }) = ops.last_mut() {
        *len = (*len).min(CONTEXT);
    }
    #[cfg(debug_assertions)]
    debug_assert_eq!(grouped, [ops.to_vec()]);
}

/// How much of a hunk's text [`Hunks`] holds before it writes it.
const WRITE_FROM: usize = 64 * 1024;

/// The lines of context around each change (`diff -u` has three; this diff has always had two).
const CONTEXT: usize = 2;

/// A unified diff from the file to its formatted text, each line made safe for a terminal.
///
/// Myers' diff of the whole texts costs their size times the number of changes: hours for a
/// large catalogue changed in every record. The layout says which records it changed, so the
/// diff is made in stretches of changed records next to each other, up to [`STRETCH`] bytes
/// each (the lines between are equal), grouped into hunks as `similar` groups them and written
/// as it writes a unified diff. Each hunk is written as soon as the next change is far enough
/// away, so memory stays that of the texts' line starts however many hunks there are.
pub(super) fn print_diff(
    name: &str,
    old: &str,
    new: &str,
    changed: &[Changed],
    color: bool,
    out: &mut dyn Write,
) -> Result<()> {
    use similar::DiffOp;
    let too_large = || Error::Usage(format!("{}: too large to diff", visible(name)));
    let old_lines = LineStarts::new(old).ok_or_else(too_large)?;
    let new_lines = LineStarts::new(new).ok_or_else(too_large)?;
    let mut hunks = Hunks {
        name,
        old: &old_lines,
        new: &new_lines,
        color,
        ops: Vec::new(),
        changes: false,
        started: false,
        text: String::new(),
    };
    let mut ids = LineIds::default();
    let mut ops = Vec::new();
    let (mut o, mut n) = (0, 0);
    for change in stretches(changed) {
        let old_range = old_lines.line_at(change.old.start)..old_lines.line_at(change.old.end);
        let new_range = new_lines.line_at(change.new.start)..new_lines.line_at(change.new.end);
        if old_range.start > o {
            hunks.push(
                DiffOp::Equal {
                    old_index: o,
                    new_index: n,
                    len: old_range.start - o,
                },
                out,
            )?;
        }
        (o, n) = (old_range.end, new_range.end);
        ops.clear();
        ids.diff(&old_lines, old_range, &new_lines, new_range, &mut ops);
        for op in ops.drain(..) {
            hunks.push(op, out)?;
        }
    }
    if old_lines.len() > o {
        hunks.push(
            DiffOp::Equal {
                old_index: o,
                new_index: n,
                len: old_lines.len() - o,
            },
            out,
        )?;
    }
    hunks.flush(out)
}

/// The diff's operations in order, written out hunk by hunk.
struct Hunks<'a, 't> {
    name: &'a str,
    old: &'a LineStarts<'t>,
    new: &'a LineStarts<'t>,
    color: bool,
    /// The operations since the last hunks written (equal runs next to each other joined).
    ops: Vec<similar::DiffOp>,
    /// Whether `ops` holds a change (not only equal lines).
    changes: bool,
    /// Whether the header is written.
    started: bool,
    /// The text of the hunk being written, up to [`WRITE_FROM`] bytes (reused).
    text: String,
}

impl Hunks<'_, '_> {
    /// Adds the next operation. A change after a run of equal lines longer than twice the
    /// context starts a new hunk, so the hunks before it are written: `similar` groups the
    /// operations up to that run (ending with it) as it would group them all, and the run
    /// stays as the start of what follows (where its last lines are the next hunk's context).
    fn push(&mut self, op: similar::DiffOp, out: &mut dyn Write) -> Result<()> {
        use similar::DiffOp;
        if let (Some(DiffOp::Equal { len, .. }), DiffOp::Equal { len: more, .. }) =
            (self.ops.last_mut(), op)
        {
            *len += more;
            return Ok(());
        }
        if let Some(&run @ DiffOp::Equal { len, .. }) = self.ops.last()
            && self.changes
            && len > 2 * CONTEXT
        {
            self.flush(out)?;
            self.ops.push(run);
        }
        self.changes |= !matches!(op, DiffOp::Equal { .. });
        self.ops.push(op);
        Ok(())
    }

    /// Writes the hunk of the operations so far ([`Hunks::push`] gathers one at a time).
    fn flush(&mut self, out: &mut dyn Write) -> Result<()> {
        let mut ops = std::mem::take(&mut self.ops);
        let changes = std::mem::replace(&mut self.changes, false);
        if changes {
            hunk_of(&mut ops);
            self.hunk(&ops, out)?;
        }
        ops.clear();
        self.ops = ops;
        Ok(())
    }

    /// Writes one hunk.
    fn hunk(&mut self, ops: &[similar::DiffOp], out: &mut dyn Write) -> Result<()> {
        if !self.started {
            self.started = true;
            let name = self.name;
            self.line('-', &format!("-- {name}"));
            self.line('+', &format!("++ {name} (formatted)"));
        }
        let header = similar::udiff::UnifiedHunkHeader::new(ops).to_string();
        self.line('@', header.strip_prefix('@').unwrap_or(&header));
        for op in ops {
            let (tag, lines, from, count) = match *op {
                similar::DiffOp::Equal { old_index, len, .. } => (' ', self.old, old_index, len),
                similar::DiffOp::Delete {
                    old_index, old_len, ..
                } => ('-', self.old, old_index, old_len),
                similar::DiffOp::Insert {
                    new_index, new_len, ..
                } => ('+', self.new, new_index, new_len),
                similar::DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    self.lines('-', self.old, old_index, old_len);
                    ('+', self.new, new_index, new_len)
                }
            };
            self.lines(tag, lines, from, count);
            // A hunk can be the whole file (a change every few lines): written as it
            // grows, not held.
            if self.text.len() >= WRITE_FROM {
                out.write_all(self.text.as_bytes())?;
                self.text.clear();
            }
        }
        out.write_all(self.text.as_bytes())?;
        self.text.clear();
        Ok(())
    }

    /// `count` lines from `from`, each after its tag and without its line ending, as
    /// `similar`'s unified diff has them: a line with no `\n` (the last, or one ended by a
    /// lone `\r`) is followed by the line that says so.
    fn lines(&mut self, tag: char, lines: &LineStarts<'_>, from: usize, count: usize) {
        for line in from..from + count {
            let value = &lines[line];
            let ended = value.strip_suffix('\n');
            let body = ended.unwrap_or(value);
            self.line(tag, body.strip_suffix('\r').unwrap_or(body));
            if ended.is_none() {
                self.line('\\', " No newline at end of file");
            }
        }
    }

    /// One line of the diff, into the hunk's text: `tag` then `text` made safe, coloured by
    /// the tag.
    fn line(&mut self, tag: char, text: &str) {
        use std::fmt::Write as _;
        let text = visible(text);
        if !self.color {
            self.text.push(tag);
            self.text.push_str(&text);
            self.text.push('\n');
            return;
        }
        let style = match tag {
            '+' => AnsiColor::Green.on_default(),
            '-' => AnsiColor::Red.on_default(),
            '@' => AnsiColor::Cyan.on_default(),
            _ => Style::new(),
        };
        // Writing to a `String` cannot fail.
        let _ = writeln!(self.text, "{style}{tag}{text}{style:#}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::format_changes;
    use crate::forms;

    /// The diff made stretch by stretch turns the file into its formatted text, in hunks
    /// whose headers count their lines, with as few changed lines as the diff of the whole
    /// texts (`similar`'s unified diff), on the fixtures and on a generated catalogue in other
    /// forms, cut into stretches or not.
    #[test]
    fn the_diff_by_stretches_is_a_least_diff() {
        let messy = include_str!("../../../tests/fixtures/messy.toml");
        let plain = crate::synth::catalogue(30, 2).unwrap();
        let mut texts = vec![
            messy.to_owned(),
            messy.replace('\n', "\r\n"),
            format!("\u{feff}{messy}"),
            messy.trim_end().to_owned(),
            plain.replace(" = ", "="),
            plain.replace("\n[[spec]]", "\n\n\n[[spec]]"),
            forms::reform(&plain, forms::Form::Unordered),
        ];
        for (from, to) in [
            ("]]\n", "]]\n\n"),
            ("\nid = ", "\n  id = "),
            ("\ntitle = ", "\ntitle  =  "),
        ] {
            texts.push(plain.replace(from, to));
        }
        let mut cuts = 0;
        for text in &texts {
            let arena = crate::catalog::Arena::new();
            let catalog = crate::catalog::check_in(text, &arena).catalog.unwrap();
            let formatted = format_changes(text, &catalog).unwrap();
            let new = formatted.text.as_ref();
            assert_ne!(new, text);
            let mut ours = Vec::new();
            print_diff("f", text, new, &formatted.changed, false, &mut ours).unwrap();
            let whole = similar::TextDiff::from_lines(text.as_str(), new)
                .unified_diff()
                .context_radius(2)
                .header("f", "f (formatted)")
                .to_string();
            let mut theirs = String::new();
            for line in whole.lines() {
                theirs.push_str(&visible(line.strip_suffix('\r').unwrap_or(line)));
                theirs.push('\n');
            }
            let ours = String::from_utf8(ours).unwrap();
            let lines = |text: &str| -> Vec<String> {
                text.lines()
                    .map(|l| visible(l.strip_suffix('\r').unwrap_or(l)).into_owned())
                    .collect()
            };
            assert_eq!(patched(&lines(text), &ours), lines(new), "{ours}");
            let counts = |diff: &str| {
                let lines: Vec<&str> = diff.lines().skip(2).collect();
                let count = |tag| lines.iter().filter(|l| l.starts_with(tag)).count();
                (count('-'), count('+'))
            };
            assert_eq!(counts(&ours), counts(&theirs), "{ours}");
            let joined = stretches(&formatted.changed);
            cuts += usize::from(joined.windows(2).any(|w| w[0].old.end == w[1].old.start));
        }
        // The stretches were cut somewhere (the text with more blank lines between specs),
        // so the test saw both kinds.
        assert!(cuts > 0 && cuts < texts.len());
    }

    /// The line starts split a text where `similar` does.
    #[test]
    fn lines_are_split_as_similar_splits_them() {
        use similar::DiffableStr;
        for text in [
            "",
            "a",
            "a\n",
            "a\r\nb",
            "a\rb\r",
            "\n\n",
            "a\r\r\nb\n\r",
            "é\nü",
        ] {
            let starts = LineStarts::new(text).unwrap();
            let ours: Vec<&str> = (0..starts.len()).map(|i| &starts[i]).collect();
            assert_eq!(ours, text.tokenize_lines(), "{text:?}");
        }
    }

    /// `old` (as the diff shows lines) with the unified diff `diff` applied, each hunk's
    /// header checked against the lines it holds.
    fn patched(old: &[String], diff: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = 0;
        // The old and new lines the current hunk's header promises and has not yet shown.
        let mut due = (0, 0);
        let count = |range: &str| -> (usize, usize) {
            let (start, len) = range.split_once(',').unwrap_or((range, "1"));
            (start.parse().unwrap(), len.parse().unwrap())
        };
        for line in diff.lines().skip(2) {
            if let Some(header) = line.strip_prefix("@@ -") {
                assert_eq!(due, (0, 0), "a hunk before {line:?} is short");
                let mut ranges = header.split(' ');
                let (start, old_len) = count(ranges.next().unwrap());
                let (_, new_len) = count(ranges.next().unwrap().strip_prefix('+').unwrap());
                due = (old_len, new_len);
                // A hunk of no old lines starts after its line; others at it.
                let hunk_start = if old_len == 0 { start } else { start - 1 };
                out.extend_from_slice(&old[at..hunk_start]);
                at = hunk_start;
            } else if line.starts_with('\\') {
                continue;
            } else if let Some(kept) = line.strip_prefix(' ') {
                assert_eq!(old[at], kept);
                out.push(kept.to_owned());
                at += 1;
                due = (due.0 - 1, due.1 - 1);
            } else if let Some(gone) = line.strip_prefix('-') {
                assert_eq!(old[at], gone);
                at += 1;
                due.0 -= 1;
            } else if let Some(added) = line.strip_prefix('+') {
                out.push(added.to_owned());
                due.1 -= 1;
            }
        }
        assert_eq!(due, (0, 0), "the last hunk is short");
        out.extend_from_slice(&old[at..]);
        out
    }

    /// The diff [`LineIds::diff`] makes of two texts: whether it turns `old` into `new`, and
    /// how many lines it changes beside how many `similar`'s own Myers diff changes.
    fn changed_lines(old: &str, new: &str) -> (bool, usize, usize) {
        let (old_lines, new_lines) = (LineStarts::new(old).unwrap(), LineStarts::new(new).unwrap());
        let (old_len, new_len) = (old_lines.len(), new_lines.len());
        let mut ops = Vec::new();
        LineIds::default().diff(&old_lines, 0..old_len, &new_lines, 0..new_len, &mut ops);
        let mut patched: Vec<&str> = Vec::new();
        let mut ours = 0;
        for op in &ops {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            if tag == similar::DiffTag::Equal {
                patched.extend(old_range.map(|i| &old_lines[i]));
            } else {
                ours += old_range.len() + new_range.len();
                patched.extend(new_range.map(|i| &new_lines[i]));
            }
        }
        let lines = |starts: &LineStarts<'_>| -> Vec<String> {
            (0..starts.len()).map(|i| starts[i].to_owned()).collect()
        };
        let whole = similar::capture_diff_slices(
            similar::Algorithm::Myers,
            &lines(&old_lines),
            &lines(&new_lines),
        );
        let theirs = (whole.iter())
            .filter(|op| op.tag() != similar::DiffTag::Equal)
            .map(|op| op.old_range().len() + op.new_range().len())
            .sum();
        (patched.concat() == new, ours, theirs)
    }

    proptest::proptest! {
        /// With the lines on one side only set aside, a stretch's diff still turns the old
        /// lines into the new ones and changes as few lines as `similar`'s own Myers diff, on
        /// lines drawn from a few (so that many repeat, on both sides or on one).
        #[test]
        fn a_stretch_diff_is_least(
            old in proptest::collection::vec(0..6u8, 0..24),
            new in proptest::collection::vec(0..6u8, 0..24),
        ) {
            let text = |lines: &[u8], side: &str| -> String {
                // Lines 4 and 5 differ on each side, so they are found on one side only.
                lines.iter().map(|&l| if l < 4 { format!("{l}\n") } else { format!("{side}{l}\n") }).collect()
            };
            let (turns, ours, theirs) = changed_lines(&text(&old, "a"), &text(&new, "b"));
            proptest::prop_assert!(turns);
            proptest::prop_assert_eq!(ours, theirs);
        }

        /// Tables whose lines a layout put in another order, some changed, are diffed table
        /// by table into a diff that turns the old lines into the new ones; and, where no
        /// line is found in two tables, one as small as `similar`'s own Myers diff of the
        /// whole (a line found in two tables that moved in both can make the diff table by
        /// table a few lines longer than the least).
        #[test]
        fn a_diff_table_by_table_is_least(
            tables in proptest::collection::vec(
                (proptest::collection::vec(0..5u8, 0..7), 0..7usize, proptest::option::of(0..7usize)),
                0..6,
            ),
        ) {
            let (mut old, mut new) = (String::new(), String::new());
            for (table, (lines, turn, changed)) in tables.iter().enumerate() {
                old.push_str("[t]\n");
                new.push_str("[t]\n");
                let mut turned = lines.clone();
                if !lines.is_empty() {
                    turned.rotate_left(turn % lines.len());
                }
                for (at, line) in lines.iter().enumerate() {
                    old.push_str(&format!("k{line} = {table}\n"));
                    let mark = if *changed == Some(at) { " # changed" } else { "" };
                    new.push_str(&format!("k{}{mark} = {table}\n", turned[at]));
                }
            }
            let (turns, ours, theirs) = changed_lines(&old, &new);
            proptest::prop_assert!(turns);
            proptest::prop_assert_eq!(ours, theirs);
        }
    }
}
