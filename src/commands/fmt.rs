//! `spectrack fmt [--check] [FILE]...`: the catalogue in its canonical layout, comments kept.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use crate::catalog::{Location, SourceFile};
use crate::cli::FmtArgs;
use crate::edit::write::{Update, writable};
use crate::edit::{Change, Changed, format_changes, format_document_in};
use crate::error::{Error, Outcome, Result};
use crate::settings::Settings;
use crate::terminal::visible;

pub fn run(
    args: &FmtArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    if args.files.is_empty() {
        return one(args, &settings.catalog, settings, out, err);
    }
    let mut outcome = Outcome::Done;
    for file in &args.files {
        if one(args, &Location::File(file.clone()), settings, out, err)? == Outcome::No {
            outcome = Outcome::No;
        }
    }
    Ok(outcome)
}

/// `fmt` of one catalogue.
fn one(
    args: &FmtArgs,
    catalog: &Location,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let refused = |e: crate::edit::EditError| Error::Refused(e.to_string());
    if args.check {
        // Reads only, so the built-in catalogue can be checked too.
        let file = SourceFile::open(catalog)?;
        let parsed = file.load()?;
        let formatted = format_changes(&file.text, &parsed).map_err(refused)?;
        let name = visible(&file.name);
        let std::borrow::Cow::Owned(new) = &formatted.text else {
            writeln!(out, "{name}: already in canonical layout")?;
            return Ok(Outcome::Done);
        };
        print_diff(
            &file.name,
            &file.text,
            new,
            &formatted.changed,
            settings.color_stdout,
            out,
        )?;
        writeln!(
            err,
            "{name}: not in canonical layout; `spectrack fmt` rewrites it"
        )?;
        return Ok(Outcome::No);
    }
    let path = writable(catalog)?;
    let options = args.write.options(settings.today);
    let done = super::edit_catalogue(path, &options, settings, err, |text, parsed| {
        // Already canonical: nothing to write (and no copy of the text made).
        Ok(match format_document_in(text, parsed).map_err(refused)? {
            std::borrow::Cow::Borrowed(_) => Change::None,
            std::borrow::Cow::Owned(formatted) => Change::Replace(formatted),
        })
    })?;
    let name = visible(&catalog.display_name()).into_owned();
    match done {
        Update::Written => writeln!(out, "{name}: rewritten in canonical layout")?,
        Update::Unchanged => writeln!(out, "{name}: already in canonical layout")?,
    }
    Ok(Outcome::Done)
}

/// The most bytes of changed records next to each other diffed together: enough for a hand
/// edited catalogue (the diff is then the whole-file diff), small enough that Myers' diff of
/// a file changed everywhere stays linear.
const STRETCH: usize = 16 * 1024;

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

/// A unified diff from the file to its formatted text, each line made safe for a terminal.
///
/// Myers' diff of the whole texts costs their size times the number of changes: hours for a
/// large catalogue changed in every record. The layout says which records it changed, so the
/// diff is made in stretches of changed records next to each other, up to [`STRETCH`] bytes
/// each (the lines between are equal), then grouped into hunks and written as `similar`
/// writes a unified diff. Below that size it is the diff of the whole texts.
fn print_diff(
    name: &str,
    old: &str,
    new: &str,
    changed: &[Changed],
    color: bool,
    out: &mut dyn Write,
) -> Result<()> {
    use similar::{Algorithm, DiffOp, DiffableStr};
    let (old_lines, new_lines) = (old.tokenize_lines(), new.tokenize_lines());
    // Line numbers of byte offsets at line starts, found in order.
    let line_at = |lines: &[&str], cursor: &mut (usize, usize), at: usize| {
        while cursor.0 < at {
            cursor.0 += lines[cursor.1].len();
            cursor.1 += 1;
        }
        cursor.1
    };
    let (mut old_cursor, mut new_cursor) = ((0, 0), (0, 0));
    let mut ops: Vec<DiffOp> = Vec::new();
    let push = |ops: &mut Vec<DiffOp>, op: DiffOp| match (ops.last_mut(), op) {
        (Some(DiffOp::Equal { len, .. }), DiffOp::Equal { len: more, .. }) => *len += more,
        _ => ops.push(op),
    };
    let (mut o, mut n) = (0, 0);
    for change in stretches(changed) {
        let old_range = line_at(&old_lines, &mut old_cursor, change.old.start)
            ..line_at(&old_lines, &mut old_cursor, change.old.end);
        let new_range = line_at(&new_lines, &mut new_cursor, change.new.start)
            ..line_at(&new_lines, &mut new_cursor, change.new.end);
        if old_range.start > o {
            push(
                &mut ops,
                DiffOp::Equal {
                    old_index: o,
                    new_index: n,
                    len: old_range.start - o,
                },
            );
        }
        (o, n) = (old_range.end, new_range.end);
        for op in similar::capture_diff(
            Algorithm::Myers,
            &old_lines[..],
            old_range,
            &new_lines[..],
            new_range,
        ) {
            push(&mut ops, op);
        }
    }
    if old_lines.len() > o {
        push(
            &mut ops,
            DiffOp::Equal {
                old_index: o,
                new_index: n,
                len: old_lines.len() - o,
            },
        );
    }
    // Written hunk by hunk, each line made safe and coloured.
    let mut text = String::new();
    let write = |text: &mut String, out: &mut dyn Write| -> Result<()> {
        for line in text.lines() {
            let line = visible(line.strip_suffix('\r').unwrap_or(line));
            let style = match line.chars().next() {
                _ if !color => Style::new(),
                Some('+') => AnsiColor::Green.on_default(),
                Some('-') => AnsiColor::Red.on_default(),
                Some('@') => AnsiColor::Cyan.on_default(),
                _ => Style::new(),
            };
            writeln!(out, "{style}{line}{style:#}")?;
        }
        text.clear();
        Ok(())
    };
    for (i, group) in similar::group_diff_ops(ops, 2).into_iter().enumerate() {
        if i == 0 {
            text.push_str(&format!("--- {name}\n+++ {name} (formatted)\n"));
        }
        text.push_str(&format!(
            "{}\n",
            similar::udiff::UnifiedHunkHeader::new(&group)
        ));
        for op in &group {
            for change in op.iter_changes(&old_lines[..], &new_lines[..]) {
                text.push_str(&format!("{}{}", change.tag(), change.value()));
                if !change.value().ends_with('\n') {
                    text.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
        write(&mut text, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The diff made stretch by stretch is the diff of the whole texts (`similar`'s unified
    /// diff), on the fixtures and on a generated catalogue in other forms.
    #[test]
    fn the_diff_by_stretches_is_the_whole_diff() {
        let messy = include_str!("../../tests/fixtures/messy.toml");
        let plain = crate::synth::catalogue(30, 2).unwrap();
        let mut texts = vec![
            messy.to_owned(),
            messy.replace('\n', "\r\n"),
            format!("\u{feff}{messy}"),
            messy.trim_end().to_owned(),
            plain.replace(" = ", "="),
            plain.replace("\n[[spec]]", "\n\n\n[[spec]]"),
        ];
        for (from, to) in [
            ("]]\n", "]]\n\n"),
            ("\nid = ", "\n  id = "),
            ("\ntitle = ", "\ntitle  =  "),
        ] {
            texts.push(plain.replace(from, to));
        }
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
            assert_eq!(String::from_utf8(ours).unwrap(), theirs, "{text}");
        }
    }
}
