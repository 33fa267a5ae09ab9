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
