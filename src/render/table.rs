//! `table`: aligned columns for a terminal (comfy-table), plain lines for statements.
//!
//! On a terminal tables wrap to its width; piped, lines stay whole so `grep` and `cut` see
//! every row complete. Colour only when the style says so (the settings decided it once).

use std::io::Write;

use comfy_table::{Color, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle};

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
                if style.color {
                    let bold = anstyle::Style::new().bold();
                    writeln!(out, "{bold}{}{bold:#}", visible(text))?;
                } else {
                    writeln!(out, "{}", visible(text))?;
                }
            }
            Block::Note(text) => writeln!(out, "{}", visible(text))?,
            Block::Lines(lines) => {
                for line in lines {
                    for text in &line.lines {
                        write_toned(out, &visible(text), line.tone, style.color)?;
                    }
                }
            }
            Block::Table { columns, rows } => write_table(columns, rows, style, out)?,
        }
    }
    Ok(())
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

/// How narrow a wrapping column may become before optional columns give way.
const MIN_WRAPPED: usize = 24;

/// Spaces between columns.
const GAP: usize = 2;

fn write_table(
    columns: &[Column],
    rows: &[Vec<Cell>],
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if style == Style::default() && write_plain(columns, rows, out)? {
        return Ok(());
    }
    write_comfy(columns, rows, style, out)
}

/// The table laid out by comfy-table: wrapped to the terminal, or coloured.
fn write_comfy(
    columns: &[Column],
    rows: &[Vec<Cell>],
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut table = Table::new();
    table.load_style(LOOK).force_no_tty();
    if style.color {
        table.enforce_styling();
        table.style_text_only();
    }
    table.set_header(columns.iter().map(|c| c.header));
    for row in rows {
        table.add_row(row.iter().map(|cell| {
            let text: Vec<_> = cell.lines.iter().map(|l| visible(l)).collect();
            let mut c = comfy_table::Cell::new(text.join("\n"));
            if style.color {
                match cell.tone {
                    Tone::Normal => {}
                    Tone::Bad => c = c.fg(Color::Red),
                    Tone::Good => c = c.fg(Color::Green),
                }
            }
            c
        }));
    }
    match style.width {
        Some(width) => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width);
            let widths = table.column_max_content_widths();
            for (i, constraint) in fit(columns, &widths, usize::from(width))
                .into_iter()
                .enumerate()
            {
                if let (Some(constraint), Some(column)) = (constraint, table.column_mut(i)) {
                    column.set_constraint(constraint);
                }
            }
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    // Two spaces between columns, none before the first.
    for column in table.column_iter_mut() {
        column.set_padding((0, 1));
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
fn write_plain(
    columns: &[Column],
    rows: &[Vec<Cell>],
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
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            for line in shown(cell) {
                for part in line.split('\n') {
                    *width = (*width).max(part.width());
                }
            }
        }
    }
    if widths.iter().any(|&w| w > usize::from(u16::MAX))
        || rows.iter().any(|r| r.len() > columns.len())
    {
        return Ok(false);
    }
    let mut line = String::new();
    let header: Vec<Vec<String>> = columns.iter().map(|c| vec![c.header.to_owned()]).collect();
    plain_row(out, &widths, &mut line, &header)?;
    // The rule under the header: as wide as each column and its padding, a space apart.
    let rule: Vec<String> = widths.iter().map(|&w| "─".repeat(w + GAP - 1)).collect();
    writeln!(out, "{}", rule.join(" "))?;
    let mut cells: Vec<Vec<String>> = Vec::new();
    for row in rows {
        cells.clear();
        cells.extend(row.iter().map(|cell| {
            shown(cell)
                .flat_map(|l| l.split('\n').map(str::to_owned).collect::<Vec<_>>())
                .collect()
        }));
        if cells.len() < columns.len() {
            cells.resize(columns.len(), vec![String::new()]);
        }
        plain_row(out, &widths, &mut line, &cells)?;
    }
    Ok(true)
}

/// One row of a plain table: its cells' lines side by side, each padded to its column.
fn plain_row(
    out: &mut dyn Write,
    widths: &[usize],
    line: &mut String,
    cells: &[Vec<String>],
) -> std::io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let height = cells.iter().map(Vec::len).max().unwrap_or(0);
    for at in 0..height {
        line.clear();
        for (width, cell) in widths.iter().zip(cells) {
            let text = cell.get(at).map_or("", String::as_str);
            line.push_str(text);
            line.extend(std::iter::repeat_n(' ', width - text.width() + GAP));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Constraints that fit `columns` (whose widest values are `widths`) into `width`: columns
/// that must stay whole keep their width, and optional columns are hidden, lowest rank
/// first, until every wrapping column can have [`MIN_WRAPPED`] characters.
fn fit(columns: &[Column], widths: &[u16], width: usize) -> Vec<Option<ColumnConstraint>> {
    let natural = |i: usize| usize::from(widths.get(i).copied().unwrap_or(0));
    let needed = |shown: &[bool]| -> usize {
        let (mut total, mut count) = (0_usize, 0_usize);
        for (i, column) in columns.iter().enumerate().filter(|(i, _)| shown[*i]) {
            count += 1;
            total += if column.wraps {
                natural(i).min(MIN_WRAPPED)
            } else {
                natural(i)
            };
        }
        total + GAP * count.saturating_sub(1)
    };
    let mut shown = vec![true; columns.len()];
    let mut optional: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].drop_rank.is_some())
        .collect();
    optional.sort_by_key(|&i| columns[i].drop_rank);
    for i in optional {
        if needed(&shown) <= width {
            break;
        }
        shown[i] = false;
    }
    columns
        .iter()
        .zip(shown)
        .map(|(column, shown)| match (shown, column.wraps) {
            (false, _) => Some(ColumnConstraint::Hidden),
            (true, false) => Some(ColumnConstraint::ContentWidth),
            (true, true) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> View {
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

    proptest::proptest! {
        /// Plain tables are laid out exactly as comfy-table lays them out.
        #[test]
        fn plain_tables_are_laid_out_as_comfy_table_does(
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::collection::vec("[a-z é漢\u{301}\u{1b}\n-]{0,12}", 0..3),
                    0..4,
                ),
                0..6,
            )
        ) {
            let columns = [Column::whole("ID"), Column::wraps("Title"), Column::whole("X").optional(0)];
            let rows: Vec<Vec<Cell>> = rows
                .into_iter()
                .map(|row| row.into_iter().map(Cell::lines).collect())
                .collect();
            let (mut plain, mut comfy) = (Vec::new(), Vec::new());
            proptest::prop_assert!(write_plain(&columns, &rows, &mut plain).unwrap()
                || rows.iter().any(|r| r.len() > columns.len()));
            write_comfy(&columns, &rows, Style::default(), &mut comfy).unwrap();
            if !plain.is_empty() {
                proptest::prop_assert_eq!(String::from_utf8(plain).unwrap(), String::from_utf8(comfy).unwrap());
            }
        }
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
