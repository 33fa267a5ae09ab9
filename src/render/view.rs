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
pub enum Block<'a> {
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
    /// A table whose rows are made as they are written (a plain table makes them twice:
    /// once to measure its columns, once to write them), so a long table is never held
    /// whole in memory. Drawn exactly as [`Block::Table`] with the same rows.
    Rows {
        columns: Vec<Column>,
        rows: LazyRows<'a>,
    },
}

/// The rows of a [`Block::Rows`] table: a function that makes them, each time anew.
#[derive(Clone)]
pub struct LazyRows<'a> {
    len: usize,
    make: std::rc::Rc<dyn Fn() -> Box<dyn Iterator<Item = Vec<Cell>> + 'a> + 'a>,
}

impl<'a> LazyRows<'a> {
    /// `len` rows, made by `make`.
    pub fn new<I: Iterator<Item = Vec<Cell>> + 'a>(len: usize, make: impl Fn() -> I + 'a) -> Self {
        Self {
            len,
            make: std::rc::Rc::new(move || Box::new(make())),
        }
    }

    /// The rows, made anew.
    pub fn iter(&self) -> Box<dyn Iterator<Item = Vec<Cell>> + 'a> {
        (self.make)()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl std::fmt::Debug for LazyRows<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Two row makers are equal when they make the same rows.
impl PartialEq for LazyRows<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for LazyRows<'_> {}

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
pub struct View<'a> {
    pub blocks: Vec<Block<'a>>,
}

impl<'a> View<'a> {
    pub fn push(&mut self, block: Block<'a>) -> &mut Self {
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
