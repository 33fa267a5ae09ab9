//! `markdown`: headings, lists and GitHub pipe tables, for pasting into issues and docs.

use std::io::Write;

use super::{Block, Cell, View};
use crate::terminal::visible;

pub fn write(view: &View, out: &mut dyn Write) -> std::io::Result<()> {
    for (i, block) in view.blocks.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        match block {
            Block::Heading(text) => writeln!(out, "## {}", escape(text))?,
            Block::Note(text) => writeln!(out, "{}", escape(text))?,
            Block::Lines(lines) => {
                for line in lines {
                    writeln!(out, "- {}", cell(line))?;
                }
            }
            Block::Table { columns, rows } => table(columns, rows.iter(), out)?,
            Block::Rows { columns, rows } => table(columns, rows.iter(), out)?,
        }
    }
    Ok(())
}

/// A pipe table, written row by row.
fn table<R: AsRef<[Cell]>>(
    columns: &[super::Column],
    rows: impl Iterator<Item = R>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let headers: Vec<&str> = columns.iter().map(|c| c.header).collect();
    writeln!(out, "| {} |", headers.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(headers.len()))?;
    for row in rows {
        let cells: Vec<String> = row.as_ref().iter().map(cell).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// A cell's lines on one Markdown line, separated by `<br>`.
fn cell(cell: &Cell) -> String {
    cell.lines
        .iter()
        .map(|l| escape(l))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Catalogue text made safe inside a table cell: no control characters (so no raw
/// newline ends the row), `|` cannot split the cell, `<`/`>` cannot open HTML.
fn escape(text: &str) -> String {
    let text = visible(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '|' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Column;

    #[test]
    fn pipes_and_newlines_cannot_break_a_table() {
        let view = View {
            blocks: vec![Block::Table {
                columns: vec![Column::whole("ID"), Column::wraps("Title")],
                rows: vec![vec![
                    Cell::new("a"),
                    Cell::lines(["Rack | power\nshelf".to_owned(), "<b>".to_owned()]),
                ]],
            }],
        };
        let mut out = Vec::new();
        write(&view, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "| ID | Title |\n|---|---|\n| a | Rack \\| power\\\\u{a}shelf<br>\\<b\\> |\n"
        );
    }
}
