//! `table`: aligned columns for a terminal (comfy-table), plain lines for statements.
//!
//! On a terminal tables wrap to its width; piped, lines stay whole so `grep` and `cut` see
//! every row complete. Colour only when the style says so (the settings decided it once).

use std::io::Write;

use comfy_table::{Color, ContentArrangement, LineStyle, Table, TableStyle};

use super::{Block, Cell, Style, Tone, View};
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
            Block::Table { headers, rows } => write_table(headers, rows, style, out)?,
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

fn write_table(
    headers: &[&str],
    rows: &[Vec<Cell>],
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut table = Table::new();
    table.load_style(LOOK).force_no_tty();
    match style.width {
        Some(width) => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    if style.color {
        table.enforce_styling();
        table.style_text_only();
    }
    table.set_header(headers.iter().map(comfy_table::Cell::new));
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
    // Two spaces between columns, none before the first.
    for column in table.column_iter_mut() {
        column.set_padding((0, 1));
    }
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> View {
        let long = "DPU compatibility, interconnection and interoperability specifications";
        View {
            blocks: vec![Block::Table {
                headers: vec!["ID", "Title", "Kind", "State", "Since", "Expected", "Lead"],
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
