//! What a person sees, independent of how it is drawn: text lines and tables of cells.
//!
//! Reports build a [`View`] from raw catalogue text; the renderers escape it
//! ([`crate::terminal::visible`]), colour it and lay it out.

/// How a piece of text should stand out, when colour is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Normal,
    /// Something late: overdue.
    Bad,
    /// Something done: published, delivered.
    Good,
}

/// One table cell or text line: one or more lines of text with one tone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    pub lines: Vec<String>,
    pub tone: Tone,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            lines: vec![text.into()],
            tone: Tone::Normal,
        }
    }

    /// A cell of several lines (empty when `lines` is).
    pub fn lines(lines: impl IntoIterator<Item = String>) -> Self {
        Self {
            lines: lines.into_iter().collect(),
            tone: Tone::Normal,
        }
    }

    /// An optional value: empty when absent.
    pub fn opt(text: Option<impl Into<String>>) -> Self {
        text.map_or_else(Self::default, Self::new)
    }

    pub fn tone(mut self, tone: Tone) -> Self {
        self.tone = tone;
        self
    }
}

impl<T: Into<String>> From<T> for Cell {
    fn from(text: T) -> Self {
        Self::new(text)
    }
}

/// A part of a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A title line (Markdown: a heading).
    Heading(String),
    /// Short statements, one per line (Markdown: a list).
    Lines(Vec<Cell>),
    /// A sentence on its own, e.g. "No pending specs as of 2026-11-21."
    Note(String),
    /// A table with a header row.
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<Cell>>,
    },
}

/// A table column: its header, and how it gives way on a narrow terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub header: &'static str,
    /// May wrap onto several lines (titles, notes); other columns keep their width.
    pub wraps: bool,
    /// Left out when the terminal is too narrow for every column, lowest rank first;
    /// `None`: always shown.
    pub drop_rank: Option<u8>,
}

impl Column {
    /// A column whose values are kept whole (ids, dates).
    pub const fn whole(header: &'static str) -> Self {
        Self {
            header,
            wraps: false,
            drop_rank: None,
        }
    }

    /// A column whose values may wrap.
    pub const fn wraps(header: &'static str) -> Self {
        Self {
            header,
            wraps: true,
            drop_rank: None,
        }
    }

    /// This column may be left out on a narrow terminal, lowest `rank` first.
    pub const fn optional(mut self, rank: u8) -> Self {
        self.drop_rank = Some(rank);
        self
    }
}

/// Everything `table` and `markdown` output show, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    pub blocks: Vec<Block>,
}

impl View {
    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }

    /// A view of a single sentence.
    pub fn note(text: impl Into<String>) -> Self {
        Self {
            blocks: vec![Block::Note(text.into())],
        }
    }
}
