//! Fitting a table into a terminal's width, without ever splitting a word.
//!
//! Columns that keep their values whole (ids, dates) keep their widest value's width; a
//! wrapping column (titles, notes) may narrow to [`MIN_WRAPPED`] characters, but never below
//! its longest word, so ids and dates inside it (`2026-04-10 (oai-summit-2026)`) stay whole
//! too (a web address may wrap: it is often longer than any terminal is wide). Optional
//! columns give way first, lowest rank first. When even that does not fit, the
//! table is [stacked](Plan::Stacked): one block per row, a `Key: value` line per cell.
//!
//! Self-contained: [`plan`] decides from the text alone; `table.rs` draws what it decides.

use unicode_width::UnicodeWidthStr;

use super::Column;

/// How narrow a wrapping column may become (unless its longest word is longer).
pub const MIN_WRAPPED: usize = 20;

/// Spaces between columns.
pub const GAP: usize = 2;

/// How a table is drawn at a given width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// A table: each column's content width, `None` for a column left out.
    Columns(Vec<Option<usize>>),
    /// Too narrow for any table: one block per row.
    Stacked,
}

/// The display width of `text` (one line).
pub fn width_of(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// What a column's text needs.
#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    /// The widest line (header included).
    natural: usize,
    /// The widest word (header included).
    word: usize,
}

/// The plan for `columns` holding `cells` (rows of cells, each cell's lines joined by `\n`,
/// already made visible) in `width` characters.
pub fn plan(columns: &[Column], cells: &[Vec<String>], width: usize) -> Plan {
    let measures: Vec<Measure> = columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let texts = std::iter::once(column.header).chain(
                cells
                    .iter()
                    .filter_map(|row| row.get(i).map(String::as_str)),
            );
            let mut m = Measure::default();
            for line in texts.flat_map(str::lines) {
                m.natural = m.natural.max(width_of(line));
                // A web address is no word: a column may wrap it rather than stack the table.
                for word in line.split(' ').filter(|w| !w.contains("://")) {
                    m.word = m.word.max(width_of(word));
                }
            }
            m
        })
        .collect();
    let least = |i: usize| {
        let m = measures[i];
        if columns[i].wraps {
            m.natural.min(MIN_WRAPPED).max(m.word)
        } else {
            m.natural
        }
    };
    let needed = |shown: &[bool]| -> usize {
        let count = shown.iter().filter(|s| **s).count();
        (0..columns.len())
            .filter(|&i| shown[i])
            .map(least)
            .sum::<usize>()
            + GAP * count.saturating_sub(1)
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
    let used = needed(&shown);
    if used > width {
        return Plan::Stacked;
    }
    // Share what is left among the wrapping columns, each step to the one that would wrap
    // onto the most lines (widest text for its width), until all are whole or none is left.
    let mut widths: Vec<usize> = (0..columns.len()).map(least).collect();
    let mut spare = width - used;
    while spare > 0 {
        let most_wrapped = (0..columns.len())
            .filter(|&i| shown[i] && columns[i].wraps && widths[i] < measures[i].natural)
            .max_by(|&a, &b| {
                // natural_a / width_a against natural_b / width_b, without division.
                (measures[a].natural * widths[b]).cmp(&(measures[b].natural * widths[a]))
            });
        let Some(i) = most_wrapped else { break };
        widths[i] += 1;
        spare -= 1;
    }
    Plan::Columns(
        widths
            .into_iter()
            .zip(shown)
            .map(|(w, shown)| shown.then_some(w))
            .collect(),
    )
}

/// `text` wrapped at spaces into lines of at most `width` characters; a word longer than
/// that stays whole on a line of its own. Existing line breaks are kept, and a line's
/// leading spaces indent its continuation lines too. Empty text is one empty line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let body = paragraph.trim_start_matches(' ');
        let indent = &paragraph[..paragraph.len() - body.len()];
        let mut line = indent.to_owned();
        let mut used = indent.len();
        let mut empty = true;
        for word in body.split(' ').filter(|w| !w.is_empty()) {
            let w = width_of(word);
            if !empty && used + 1 + w > width {
                lines.push(std::mem::replace(&mut line, indent.to_owned()));
                used = indent.len();
                empty = true;
            }
            if !empty {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += w;
            empty = false;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> Vec<Column> {
        vec![
            Column::whole("ID"),
            Column::wraps("Title"),
            Column::whole("Kind").optional(1),
            Column::wraps("Expected"),
            Column::wraps("Lead").optional(0),
        ]
    }

    fn cells() -> Vec<Vec<String>> {
        vec![vec![
            "gcc-dpu-specs".into(),
            "DPU compatibility, interconnection and interoperability specifications".into(),
            "specification".into(),
            "2026-04-10 (oai-summit-2026)".into(),
            "GCC DPU Project Group".into(),
        ]]
    }

    fn total(plan: &Plan) -> usize {
        let Plan::Columns(widths) = plan else {
            panic!("stacked")
        };
        let shown: Vec<usize> = widths.iter().flatten().copied().collect();
        shown.iter().sum::<usize>() + GAP * (shown.len() - 1)
    }

    #[test]
    fn wide_enough_shows_everything_whole() {
        let plan = plan(&columns(), &cells(), 200);
        assert_eq!(
            plan,
            Plan::Columns(vec![Some(13), Some(70), Some(13), Some(28), Some(21)])
        );
    }

    #[test]
    fn optional_columns_give_way_lowest_rank_first() {
        let plan80 = plan(&columns(), &cells(), 80);
        let Plan::Columns(widths) = &plan80 else {
            panic!("stacked at 80")
        };
        assert_eq!(widths[4], None, "Lead (rank 0) goes first");
        assert_eq!(widths[2], Some(13), "Kind (rank 1) still fits");
        assert_eq!(total(&plan80), 80, "the spare width goes to the title");
        let narrower = plan(&columns(), &cells(), 70);
        let Plan::Columns(widths) = &narrower else {
            panic!("stacked at 70")
        };
        assert_eq!((widths[2], widths[4]), (None, None));
        assert!(total(&narrower) <= 70);
    }

    #[test]
    fn words_never_split_so_too_narrow_stacks() {
        // ID 13 + Title 20 + Expected 20 + gaps: 57.
        assert!(matches!(plan(&columns(), &cells(), 57), Plan::Columns(_)));
        assert_eq!(plan(&columns(), &cells(), 56), Plan::Stacked);
        // A word longer than MIN_WRAPPED sets the column's least width.
        let long = vec![vec![
            "a".into(),
            "x https://example.org/a/very/long/path".into(),
        ]];
        let two = [Column::whole("A"), Column::wraps("B")];
        let longword = vec![vec!["a".into(), "x averyveryverylongwordindeedyes".into()]];
        assert_eq!(plan(&two, &longword, 32), Plan::Stacked);
        assert_eq!(
            plan(&two, &longword, 33),
            Plan::Columns(vec![Some(1), Some(30)])
        );
        // A web address is no word: it may wrap.
        assert_eq!(
            plan(&two, &long, 30),
            Plan::Columns(vec![Some(1), Some(27)])
        );
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("a verylongword b", 4), ["a", "verylongword", "b"]);
        assert_eq!(wrap("one\ntwo three", 20), ["one", "two three"]);
        assert_eq!(wrap("  - aa bb", 7), ["  - aa", "  bb"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
