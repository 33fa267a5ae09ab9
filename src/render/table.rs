//! `table`: aligned columns for a terminal (comfy-table), plain lines for statements.
//!
//! On a terminal tables wrap to its width; piped, lines stay whole so `grep` and `cut` see
//! every row complete. Colour only when the style says so (the settings decided it once).

use std::io::Write;

use comfy_table::{
    Color, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle, Width,
};

use super::layout::{self, Plan};
use super::{Block, Cell, Column, Style, Tone, View};
use crate::terminal::visible;

/// Columns separated by spaces; a rule under the header.
const LOOK: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' '));

pub fn write(view: &View, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    for (i, block) in view.blocks.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        match block {
            Block::Heading(text) => {
                for text in fitted(&visible(text), style) {
                    if style.color {
                        let bold = anstyle::Style::new().bold();
                        writeln!(out, "{bold}{text}{bold:#}")?;
                    } else {
                        writeln!(out, "{text}")?;
                    }
                }
            }
            Block::Note(text) => {
                for text in fitted(&visible(text), style) {
                    writeln!(out, "{text}")?;
                }
            }
            Block::Lines(lines) => {
                for line in lines {
                    for text in &line.lines {
                        for text in fitted(&visible(text), style) {
                            write_toned(out, &text, line.tone, style.color)?;
                        }
                    }
                }
            }
            Block::Table { columns, rows } => write_table(columns, rows, style, out)?,
            Block::Rows { columns, rows } => {
                // Piped and plain, written row by row; otherwise laid out whole.
                if style == Style::default() && write_plain(columns, || rows.iter(), out)? {
                    continue;
                }
                write_comfy(columns, &rows.iter().collect::<Vec<_>>(), style, out)?;
            }
        }
    }
    Ok(())
}

/// `text` wrapped at spaces to the style's width, or whole when there is none.
fn fitted(text: &str, style: Style) -> Vec<String> {
    match style.width {
        Some(width) => layout::wrap(text, usize::from(width)),
        None => vec![text.to_owned()],
    }
}

fn write_toned(out: &mut dyn Write, text: &str, tone: Tone, color: bool) -> std::io::Result<()> {
    match ansi(tone).filter(|_| color) {
        Some(paint) => writeln!(out, "{paint}{text}{paint:#}"),
        None => writeln!(out, "{text}"),
    }
}

fn ansi(tone: Tone) -> Option<anstyle::Style> {
    match tone {
        Tone::Normal => None,
        Tone::Bad => Some(anstyle::AnsiColor::Red.on_default()),
        Tone::Good => Some(anstyle::AnsiColor::Green.on_default()),
    }
}

fn write_table(
    columns: &[Column],
    rows: &[Vec<Cell>],
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if style == Style::default() && write_plain(columns, || rows.iter(), out)? {
        return Ok(());
    }
    write_comfy(columns, rows, style, out)
}

/// The table laid out for a width (see `layout`), or coloured, by comfy-table; or stacked
/// when it cannot fit.
fn write_comfy(
    columns: &[Column],
    rows: &[Vec<Cell>],
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // The text as shown: control characters made visible, a cell's lines joined.
    let texts: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| {
                    let lines: Vec<_> = cell.lines.iter().map(|l| visible(l)).collect();
                    lines.join("\n")
                })
                .collect()
        })
        .collect();
    let widths = match style.width {
        None => None,
        Some(width) => match layout::plan(columns, &texts, usize::from(width)) {
            Plan::Columns(widths) => Some(widths),
            Plan::Stacked => {
                return write_stacked(columns, rows, &texts, usize::from(width), style, out);
            }
        },
    };
    if style.color {
        // comfy-table colours through crossterm, which obeys NO_COLOR on its own and would
        // then write empty escape sequences: the settings already decided (`--color always`
        // wins over NO_COLOR), so tell it.
        crossterm::style::Colored::set_ansi_color_disabled(false);
    }
    let mut table = Table::new();
    table.load_style(LOOK).force_no_tty();
    if style.color {
        table.enforce_styling();
        table.style_text_only();
    }
    table.set_header(columns.iter().map(|c| c.header));
    for (row, text) in rows.iter().zip(texts) {
        table.add_row(row.iter().zip(text).map(|(cell, text)| {
            let c = comfy_table::Cell::new(text);
            match ansi_color(cell.tone).filter(|_| style.color) {
                Some(color) => c.fg(color),
                None => c,
            }
        }));
    }
    // No arrangement of its own: either lines stay whole (piped) or the plan's widths hold.
    table.set_content_arrangement(ContentArrangement::Disabled);
    // Two spaces between columns, none before the first; when the width counts, none after
    // the last shown either (the rule under the header would run past it).
    let last = widths
        .as_ref()
        .and_then(|w| w.iter().rposition(Option::is_some))
        .unwrap_or(usize::MAX);
    for (i, column) in table.column_iter_mut().enumerate() {
        column.set_padding((0, u16::from(i != last)));
    }
    if let Some(widths) = widths {
        for (i, width) in widths.into_iter().enumerate() {
            let constraint = match width {
                None => ColumnConstraint::Hidden,
                // The width counts the padding.
                Some(w) => ColumnConstraint::Absolute(Width::Fixed(
                    u16::try_from(w + usize::from(i != last)).unwrap_or(u16::MAX),
                )),
            };
            if let Some(column) = table.column_mut(i) {
                column.set_constraint(constraint);
            }
        }
    }
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Piped and without colour, a table is plain columns: each as wide as its widest line,
/// two spaces apart. Written straight from the cells, line by line, the way comfy-table
/// lays it out, without its copies of the whole table (three, for a table of 100,000 rows).
/// Returns `false`, having written nothing, for a column too wide for comfy-table's widths
/// (it would cut the lines): the caller lets comfy-table do it.
fn write_plain<R: AsRef<[Cell]>, I: Iterator<Item = R>>(
    columns: &[Column],
    rows: impl Fn() -> I,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    use unicode_width::UnicodeWidthStr;
    // The lines of a cell as shown: escaped, and split where comfy-table splits them.
    fn shown(cell: &Cell) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
        let none = cell
            .lines
            .is_empty()
            .then_some(std::borrow::Cow::Borrowed(""));
        cell.lines.iter().map(|l| visible(l)).chain(none)
    }
    let mut widths: Vec<usize> = columns.iter().map(|c| c.header.width().max(1)).collect();
    let mut too_long = false;
    for row in rows() {
        let row = row.as_ref();
        too_long |= row.len() > columns.len();
        for (width, cell) in widths.iter_mut().zip(row) {
            for line in shown(cell) {
                for part in line.split('\n') {
                    *width = (*width).max(text_width(part));
                }
            }
        }
    }
    if too_long || widths.iter().any(|&w| w > usize::from(u16::MAX)) {
        return Ok(false);
    }
    let mut line = String::new();
    let header: Vec<Vec<&str>> = columns.iter().map(|c| vec![c.header]).collect();
    plain_row(out, &widths, &mut line, &header)?;
    // The rule under the header: as wide as each column and its padding, a space apart.
    let rule: Vec<String> = widths
        .iter()
        .map(|&w| "─".repeat(w + layout::GAP - 1))
        .collect();
    writeln!(out, "{}", rule.join(" "))?;
    for row in rows() {
        // Most rows are one line of one-line cells: written as they are shown, without
        // gathering them first.
        if row.as_ref().iter().all(|cell| cell.lines.len() <= 1) {
            let texts = row.as_ref().iter().map(|cell| match cell.lines.first() {
                Some(text) => visible(text),
                None => std::borrow::Cow::Borrowed(""),
            });
            plain_line(out, &widths, &mut line, texts)?;
            continue;
        }
        // The lines as shown borrow the row (escaped ones are made here), then each is
        // split where comfy-table splits it: nothing else is copied.
        let shown: Vec<Vec<std::borrow::Cow<'_, str>>> = row
            .as_ref()
            .iter()
            .map(|cell| shown(cell).collect())
            .collect();
        let mut cells: Vec<Vec<&str>> = shown
            .iter()
            .map(|lines| lines.iter().flat_map(|l| l.split('\n')).collect())
            .collect();
        if cells.len() < columns.len() {
            cells.resize(columns.len(), vec![""]);
        }
        plain_row(out, &widths, &mut line, &cells)?;
    }
    Ok(true)
}

/// The columns `text` takes on a terminal (its length, when it is ASCII).
fn text_width(text: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    if text.is_ascii() {
        text.len()
    } else {
        text.width()
    }
}

/// One row of a plain table: its cells' lines side by side, each padded to its column.
fn plain_row(
    out: &mut dyn Write,
    widths: &[usize],
    line: &mut String,
    cells: &[Vec<&str>],
) -> std::io::Result<()> {
    let height = cells.iter().map(Vec::len).max().unwrap_or(0);
    for at in 0..height {
        let texts = cells.iter().map(|cell| cell.get(at).copied().unwrap_or(""));
        plain_line(out, widths, line, texts)?;
    }
    Ok(())
}

/// One line of a plain table: `texts` side by side, each padded to its column (in `line`,
/// reused from one line to the next).
fn plain_line<T: AsRef<str>>(
    out: &mut dyn Write,
    widths: &[usize],
    line: &mut String,
    texts: impl Iterator<Item = T>,
) -> std::io::Result<()> {
    /// Padding is pushed from here, a slice at a time, not a space at a time.
    const SPACES: &str = "                                                                ";
    line.clear();
    // Padding is owed until a later cell of the line has text, so none trails the line.
    let mut owed = 0;
    for (width, text) in widths.iter().zip(texts) {
        let text = text.as_ref();
        if !text.is_empty() {
            while owed > 0 {
                let n = owed.min(SPACES.len());
                line.push_str(&SPACES[..n]);
                owed -= n;
            }
            line.push_str(text);
        }
        owed += width - text_width(text) + layout::GAP;
    }
    line.truncate(line.trim_end().len());
    line.push('\n');
    out.write_all(line.as_bytes())
}

fn ansi_color(tone: Tone) -> Option<Color> {
    match tone {
        Tone::Normal => None,
        Tone::Bad => Some(Color::Red),
        Tone::Good => Some(Color::Green),
    }
}

/// A table too wide for `width`, as one block per row: a `Key: value` line per non-empty
/// cell, values wrapped under each other. A row whose first cell is empty continues the
/// block above (as in the table, where it continues the row above).
fn write_stacked(
    columns: &[Column],
    rows: &[Vec<Cell>],
    texts: &[Vec<String>],
    width: usize,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let key_width = columns
        .iter()
        .map(|c| layout::width_of(c.header) + 1)
        .max()
        .unwrap_or(0);
    let value_width = width.saturating_sub(key_width + 1).max(1);
    for (r, (row, text)) in rows.iter().zip(texts).enumerate() {
        let continues = text.first().is_some_and(String::is_empty);
        if r > 0 && !continues {
            writeln!(out)?;
        }
        for ((column, cell), text) in columns.iter().zip(row).zip(text) {
            if text.is_empty() {
                continue;
            }
            let key = format!("{}:", column.header);
            for (i, line) in layout::wrap(text, value_width).iter().enumerate() {
                let key = if i == 0 { key.as_str() } else { "" };
                let pad = key_width - layout::width_of(key);
                write!(out, "{key}{:pad$} ", "")?;
                write_toned(out, line, cell.tone, style.color)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::LazyRows;

    fn sample() -> View<'static> {
        let long = "DPU compatibility, interconnection and interoperability specifications";
        View {
            blocks: vec![Block::Table {
                columns: vec![
                    Column::whole("ID"),
                    Column::wraps("Title"),
                    Column::whole("Kind").optional(1),
                    Column::wraps("State"),
                    Column::whole("Since").optional(2),
                    Column::wraps("Expected"),
                    Column::wraps("Lead").optional(0),
                ],
                rows: vec![vec![
                    Cell::new("gcc-dpu-specs"),
                    Cell::new(long),
                    Cell::new("specification"),
                    Cell::new("announced, overdue 225d").tone(Tone::Bad),
                    Cell::new("2026-03-06"),
                    Cell::new("2026-04-10 (oai-summit-2026)"),
                    Cell::new("GCC DPU Project Group"),
                ]],
            }],
        }
    }

    fn render(view: &View, style: Style) -> String {
        let mut out = Vec::new();
        write(view, style, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fits_eighty_columns_on_a_terminal() {
        let text = render(
            &sample(),
            Style {
                color: false,
                width: Some(80),
            },
        );
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "too wide: {line:?}");
        }
        assert!(text.contains("overdue"));
        // The id stays whole; the optional columns gave way, lowest rank first.
        assert!(text.contains("gcc-dpu-specs"));
        assert!(!text.contains("Lead") && !text.contains("Kind"), "{text}");
        let wide = render(
            &sample(),
            Style {
                color: false,
                width: Some(200),
            },
        );
        assert!(wide.lines().next().unwrap().ends_with("Lead"), "{wide}");
    }

    #[test]
    fn rows_made_as_written_draw_as_the_same_table() {
        let Block::Table { columns, rows } = sample().blocks.remove(0) else {
            panic!("not a table")
        };
        let mut rows = rows;
        rows.push(vec![
            Cell::new("second"),
            Cell::lines(["a".into(), "b".into()]),
        ]);
        let held = View {
            blocks: vec![Block::Table {
                columns: columns.clone(),
                rows: rows.clone(),
            }],
        };
        let made = View {
            blocks: vec![Block::Rows {
                columns,
                rows: LazyRows::new(rows.len(), || rows.clone().into_iter()),
            }],
        };
        for style in [
            Style::default(),
            Style {
                color: true,
                width: None,
            },
            Style {
                color: false,
                width: Some(80),
            },
            Style {
                color: false,
                width: Some(30),
            },
        ] {
            assert_eq!(render(&made, style), render(&held, style), "{style:?}");
        }
        let markdown = |view: &View| {
            let mut out = Vec::new();
            crate::render::markdown::write(view, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(markdown(&made), markdown(&held));
        // Row makers compare by the rows they make.
        let same = LazyRows::new(rows.len(), || rows.clone().into_iter());
        let fewer = LazyRows::new(1, || rows.clone().into_iter().take(1));
        assert_eq!(same, LazyRows::new(rows.len(), || rows.clone().into_iter()));
        assert_ne!(same, fewer);
    }

    #[test]
    fn piped_lines_stay_whole_and_plain() {
        let text = render(&sample(), Style::default());
        assert!(
            text.contains("DPU compatibility, interconnection and interoperability specifications")
        );
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn colour_marks_overdue_red() {
        let text = render(
            &sample(),
            Style {
                color: true,
                width: None,
            },
        );
        assert!(
            text.contains("\u{1b}[38;5;9m") || text.contains("\u{1b}[31m"),
            "{text:?}"
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        let view = View {
            blocks: vec![
                Block::Heading("evil\u{1b}[2J".into()),
                Block::Lines(vec![Cell::new("line\u{7}")]),
            ],
        };
        let text = render(&view, Style::default());
        assert_eq!(text, "evil\\u{1b}[2J\n\nline\\u{7}\n");
    }
}
