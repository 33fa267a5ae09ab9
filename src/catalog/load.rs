//! Finding, reading and checking a catalogue file (SPEC section 3).

use std::path::{Path, PathBuf};

use super::model::{Arena, Catalog};
use crate::diagnostic::{Code, Diagnostic, render};
use crate::error::{Error, Located, Result};

/// The project's own `specs.toml`, built into the binary.
pub const BUILT_IN: &str = include_str!("../../specs.toml");

/// The name the built-in catalogue goes by in messages.
const BUILT_IN_NAME: &str = "<built-in specs.toml>";

/// Where the catalogue comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    BuiltIn,
}

impl Location {
    /// `--catalog`/`SPECTRACK_CATALOG` when given, else `specs.toml` in `dir` or its nearest
    /// parent folder that has one, else the built-in catalogue.
    ///
    /// A found file is named relative to `dir` (`specs.toml`, `../specs.toml`), which is the
    /// current folder in use, so messages show the short path a user would type.
    pub fn resolve(explicit: Option<PathBuf>, dir: &Path) -> Self {
        if let Some(path) = explicit {
            return Location::File(path);
        }
        dir.ancestors()
            .position(|d| d.join("specs.toml").is_file())
            .map_or(Location::BuiltIn, |up| {
                let mut relative: PathBuf = std::iter::repeat_n("..", up).collect();
                relative.push("specs.toml");
                Location::File(relative)
            })
    }

    /// How messages name this catalogue.
    pub fn display_name(&self) -> String {
        match self {
            Location::File(path) => path.display().to_string(),
            Location::BuiltIn => BUILT_IN_NAME.to_owned(),
        }
    }
}

/// A catalogue's text, with the name messages use for it, and the [`Arena`] its
/// [`Catalog`] is read into.
#[derive(Debug)]
pub struct SourceFile {
    pub location: Location,
    pub name: String,
    pub text: String,
    arena: Arena,
}

impl Clone for SourceFile {
    /// The same text, with an arena of its own.
    fn clone(&self) -> Self {
        Self::new(self.location.clone(), self.text.clone())
    }
}

impl SourceFile {
    /// Reads the catalogue. A file that cannot be read is an error (exit 2) naming the file;
    /// bytes that are not UTF-8 are a located diagnostic, so `check` can report them like any
    /// other problem.
    pub fn read(location: &Location) -> Result<std::result::Result<Self, (Self, Diagnostic)>> {
        let bytes = match location {
            Location::BuiltIn => return Ok(Ok(Self::new(location.clone(), BUILT_IN.to_owned()))),
            Location::File(path) => read_bounded(path)?,
        };
        Ok(match Self::from_bytes(location, bytes) {
            (file, None) => Ok(file),
            (file, Some(diagnostic)) => Err((file, diagnostic)),
        })
    }

    /// A catalogue from bytes already read: the text, or the lossy text with a diagnostic at
    /// the first byte that is not UTF-8. A UTF-8 byte order mark is accepted silently (the
    /// TOML parser skips it), as editors on some systems write one.
    pub fn from_bytes(location: &Location, bytes: Vec<u8>) -> (Self, Option<Diagnostic>) {
        let name = location.display_name();
        match String::from_utf8(bytes) {
            Ok(text) => (
                Self {
                    location: location.clone(),
                    name,
                    text,
                    arena: Arena::new(),
                },
                None,
            ),
            Err(err) => {
                let at = err.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
                // Everything before `at` is unchanged in the lossy text, and the bad byte
                // became U+FFFD (3 bytes) there.
                let bad = err.as_bytes()[at];
                let diagnostic = Diagnostic::new(
                    Code::NotUtf8,
                    format!("the file is not valid UTF-8 (byte 0x{bad:02x})"),
                    Some(at..at + 3),
                )
                .with_label("not UTF-8")
                .with_help("save the catalogue as UTF-8");
                (
                    Self {
                        location: location.clone(),
                        name,
                        text,
                        arena: Arena::new(),
                    },
                    Some(diagnostic),
                )
            }
        }
    }

    pub fn new(location: Location, text: String) -> Self {
        Self {
            name: location.display_name(),
            location,
            text,
            arena: Arena::new(),
        }
    }

    /// Like [`SourceFile::new`], named `name` in messages.
    pub fn named(location: Location, name: String, text: String) -> Self {
        Self {
            name,
            ..Self::new(location, text)
        }
    }

    /// Reads the catalogue for a command that needs its text: bytes that are not UTF-8
    /// make it an [`Error::InvalidCatalog`] (exit 2), with their location.
    pub fn open(location: &Location) -> Result<Self> {
        match Self::read(location)? {
            Ok(file) => Ok(file),
            Err((file, diagnostic)) => Err(Error::InvalidCatalog(file.invalid(vec![diagnostic]))),
        }
    }

    /// These diagnostics about this file, as an error's data.
    pub fn invalid(&self, diagnostics: Vec<Diagnostic>) -> Located {
        Located {
            name: self.name.clone(),
            text: self.text.clone(),
            diagnostics,
        }
    }

    /// Checks this catalogue completely ([`check_in`]), reading it into this file's arena.
    pub fn check(&self) -> Checked<'_> {
        check_in(&self.text, &self.arena)
    }

    /// The catalogue, for a command that needs a valid one: any error makes it an
    /// [`Error::InvalidCatalog`] (exit 2). Warnings are left to `check`.
    pub fn load(&self) -> Result<Catalog<'_>> {
        self.load_in(&self.arena)
    }

    /// [`SourceFile::load`] into `arena`, for a command that frees the catalogue before it
    /// is done with the text.
    pub fn load_in<'a>(&'a self, arena: &'a Arena) -> Result<Catalog<'a>> {
        let checked = check_in(&self.text, arena);
        match checked.catalog {
            Some(catalog) if !checked.has_errors() => Ok(catalog),
            _ => {
                let errors: Vec<_> = checked
                    .diagnostics
                    .into_iter()
                    .filter(Diagnostic::is_error)
                    .collect();
                Err(Error::InvalidCatalog(self.invalid(errors)))
            }
        }
    }

    /// Renders diagnostics about this file.
    pub fn render(&self, diagnostics: &[Diagnostic], color: bool) -> String {
        render(&self.name, &self.text, diagnostics, color)
    }
}

/// The largest catalogue spectrack reads. Far above any real catalogue (the shipped one is a
/// few dozen KiB; 100,000 synthetic specs make about 70 MiB), it keeps a wrong path such as
/// `/dev/zero` from eating all memory.
pub const MAX_CATALOG_BYTES: u64 = 512 * 1024 * 1024;

/// Reads `path` whole, refusing folders (with a message that says which file to give) and
/// whatever [`read_regular`] refuses.
fn read_bounded(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display();
    if path.is_dir() {
        return Err(Error::Usage(format!(
            "cannot read the catalogue {shown}: it is a folder; give the path of a catalogue \
             file such as {}",
            path.join("specs.toml").display()
        )));
    }
    read_regular(path, &shown.to_string()).map(|(bytes, _)| bytes)
}

/// The bytes of the catalogue at `path` (named `shown` in messages), and its metadata as
/// opened; what reading a catalogue and editing one both read it with. Opened without
/// blocking and refused unless a regular file (a FIFO would wait for a writer for ever, a
/// device would never end), and refused when larger than [`MAX_CATALOG_BYTES`]: by its
/// size before it is read, and by what was read (it may have grown meanwhile).
pub(crate) fn read_regular(path: &Path, shown: &str) -> Result<(Vec<u8>, std::fs::Metadata)> {
    let too_large = || {
        Error::Usage(format!(
            "cannot read the catalogue {shown}: it is larger than {} MiB, too large to be a \
             catalogue",
            MAX_CATALOG_BYTES / 1024 / 1024
        ))
    };
    let (file, meta) = crate::edit::write::open_regular(path, shown)?;
    if meta.len() > MAX_CATALOG_BYTES {
        return Err(too_large());
    }
    let bytes = read_file(&file, meta.len()).map_err(|source| Error::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    if bytes.len() as u64 > MAX_CATALOG_BYTES {
        return Err(too_large());
    }
    Ok((bytes, meta))
}

/// `file`'s bytes, up to one more than [`MAX_CATALOG_BYTES`] (so that a caller can tell a
/// file too large); `size` is the size its metadata gave, to size the buffer up front
/// (growing by doubling would hold up to twice the text, and copy it, while reading).
fn read_file(file: &std::fs::File, size: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    if let Some(bytes) = read_in_halves(file, size) {
        return Ok(bytes);
    }
    let size = size.min(MAX_CATALOG_BYTES + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    file.take(MAX_CATALOG_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Files from this size on are read in two halves at once, one on each of two threads: most
/// of a read's time is the kernel handing out the buffer's pages (about 3 us each on a
/// shared host, 15,000 of them for 60 MiB), which two threads do side by side.
const HALVES_FROM: u64 = 1 << 20;

/// `file`'s `size` bytes, read in two halves at once (`pread`, each into its half of one
/// buffer); `None` for a small file, or when the file is not `size` bytes long any more
/// (it was written meanwhile): the caller then reads it front to back.
fn read_in_halves(file: &std::fs::File, size: u64) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt as _;
    if !(HALVES_FROM..=MAX_CATALOG_BYTES).contains(&size) {
        return None;
    }
    let len = usize::try_from(size).ok()?;
    // Zeroed by the allocator's fresh pages, not by a pass over them.
    let mut bytes = vec![0u8; len];
    let (front, back) = bytes.split_at_mut(len / 2);
    let offset = front.len() as u64;
    let (front, back) = crate::parallel::join(
        || file.read_exact_at(front, 0),
        || file.read_exact_at(back, offset),
    );
    // Nothing past the size it had: a file that grew meanwhile is read front to back.
    let mut more = [0u8; 1];
    let ended = file.read_at(&mut more, size).ok()? == 0;
    (front.is_ok() && back.is_ok() && ended).then_some(bytes)
}

/// The result of checking a catalogue: every problem found, and the catalogue itself when it
/// could be read at all.
#[derive(Debug)]
pub struct Checked<'a> {
    /// The records that could be read; without errors, the whole catalogue. `None` when the
    /// file is not TOML or is of a newer format.
    pub catalog: Option<Catalog<'a>>,
    /// In file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked<'_> {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The problems of a catalogue, without the catalogue: what [`check`] returns.
#[derive(Debug)]
pub struct Findings {
    /// In file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Findings {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Checks a catalogue's text completely ([`check_in`]) and keeps only the problems.
pub fn check(text: &str) -> Findings {
    let arena = Arena::new();
    Findings {
        diagnostics: check_in(text, &arena).diagnostics,
    }
}

/// Checks a catalogue's text completely: syntax, structure, then meaning, reading it into
/// `arena`. Diagnostics come back in file order.
///
/// One reader reads every form of TOML (`schema::read` on `document`);
/// problems of meaning come from the one validator.
pub fn check_in<'a>(text: &'a str, arena: &'a Arena) -> Checked<'a> {
    check_keeping_context(text, arena).0
}

/// [`check_in`] without validation: the records of `text` and its problems of form. For a
/// text whose data is compared with data validated already (a new layout, `fmt`), which
/// validates as that data did.
pub(crate) fn read_records<'a>(text: &'a str, arena: &'a Arena) -> Checked<'a> {
    let structure = super::schema::read(text, arena);
    Checked {
        catalog: structure.catalog,
        diagnostics: structure.diagnostics,
    }
}

/// [`check_in`], with what validation knew beyond the catalogue (the records that could not
/// be read), to validate it again once changed (an edit: `edit::write`).
pub(crate) fn check_keeping_context<'a>(
    text: &'a str,
    arena: &'a Arena,
) -> (Checked<'a>, super::Context) {
    let structure = super::schema::read(text, arena);
    let mut diagnostics = structure.diagnostics;
    let catalog = structure.catalog;
    if let Some(parsed) = &catalog {
        diagnostics.extend(super::validate::validate_in(parsed, &structure.context));
    }
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    let checked = Checked {
        catalog,
        diagnostics,
    };
    (checked, structure.context)
}

/// The catalogue of `text`, problems of meaning or not, for tests (leaked: a test's
/// catalogue lives as long as the test). Panics when the text is not a readable catalogue.
#[cfg(test)]
pub(crate) fn leaked(text: &str) -> Catalog<'static> {
    let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
    let arena: &'static Arena = Box::leak(Box::default());
    let checked = check_in(text, arena);
    match checked.catalog {
        Some(catalog) => catalog,
        None => panic!("not a readable catalogue: {:#?}", checked.diagnostics),
    }
}

/// A syntax error as a diagnostic. The reader's limits on nesting get a plainer message; an
/// array or inline table never closed is shown where it was opened.
pub(crate) fn syntax(error: &super::document::SyntaxError) -> Diagnostic {
    match error {
        super::document::SyntaxError::Toml(error) => toml_syntax(error),
        super::document::SyntaxError::Unclosed(unclosed) => never_closed(unclosed),
    }
}

/// An array or inline table never closed: located at its opening bracket, with where the
/// reader stopped reading into it.
fn never_closed(unclosed: &super::document::Unclosed) -> Diagnostic {
    use super::document::Until;
    let what = |inline_table: bool| {
        if inline_table {
            "inline table"
        } else {
            "array"
        }
    };
    let close = if unclosed.inline_table { "}" } else { "]" };
    let mut diagnostic = Diagnostic::new(
        Code::TomlSyntax,
        format!("this {} is never closed", what(unclosed.inline_table)),
        Some(unclosed.open.clone()),
    )
    .with_label(format!("no `{close}` closes this"));
    let around = match &unclosed.outer {
        Some((span, inline_table)) => {
            diagnostic = diagnostic.with_related(
                span.clone(),
                format!("inside this {}, not closed either", what(*inline_table)),
            );
            format!(", and the {} around it too", what(*inline_table))
        }
        None => String::new(),
    };
    let help = match &unclosed.until {
        Until::Header(span) => {
            diagnostic = diagnostic.with_related(span.clone(), "still open at this table header");
            format!(
                "close it with `{close}` where it ends{around}, before the table header at the \
                 latest; the lines in between were read into it, so they were not checked"
            )
        }
        Until::End(span) => {
            diagnostic = diagnostic.with_related(span.clone(), "still open at the end of the file");
            format!(
                "close it with `{close}` where it ends{around}; everything after it was read \
                 into it, so it was not checked"
            )
        }
    };
    diagnostic.with_help(help)
}

fn toml_syntax(error: &toml_parser::ParseError) -> Diagnostic {
    if let Some(diagnostic) = string_never_closed(error) {
        return diagnostic;
    }
    let message = super::document::message(error);
    let span = error.unexpected().map(|s| s.start()..s.end());
    let nesting = "a catalogue needs only a few levels of nesting: records, their \
                   history entries and lists of ids";
    if let Some(parts) = message
        .strip_prefix("recursion limit: a key of ")
        .and_then(|rest| rest.strip_suffix(" dotted parts"))
    {
        return Diagnostic::new(
            Code::TomlSyntax,
            format!(
                "invalid TOML: a key of {parts} dotted parts (at most {} can be read)",
                super::document::MAX_DEPTH
            ),
            span,
        )
        .with_label("too deep")
        .with_help(nesting);
    }
    if message.contains("recursion") {
        return Diagnostic::new(
            Code::TomlSyntax,
            "invalid TOML: values nested too deeply",
            span,
        )
        .with_label("too deep")
        .with_help(nesting);
    }
    let diagnostic =
        Diagnostic::new(Code::TomlSyntax, message, span).with_label("invalid TOML here");
    if diagnostic.message.starts_with("invalid number") {
        return diagnostic
            .with_help("a TOML integer is digits (`_` between them), or 0x, 0o or 0b and digits");
    }
    diagnostic
}

/// A multi-line string whose closing quotes never come: the lexer reads the rest of the
/// file into it, and the parser reports the missing quotes at the end of the file, which
/// says nothing of where to look. Shown instead at its opening quotes.
fn string_never_closed(error: &toml_parser::ParseError) -> Option<Diagnostic> {
    let quotes = match error.description() {
        "invalid multi-line basic string" => "\"\"\"",
        "invalid multi-line literal string" => "'''",
        _ => return None,
    };
    let (string, end) = (error.context()?, error.unexpected()?);
    // Missing its closing quotes: the parser expected them at the string's very end.
    if end.start() != string.end() || string.end() - string.start() < quotes.len() {
        return None;
    }
    let open = string.start()..string.start() + quotes.len();
    Some(
        Diagnostic::new(
            Code::TomlSyntax,
            "this multi-line string is never closed",
            Some(open),
        )
        .with_label(format!("no `{quotes}` closes this"))
        .with_help(format!(
            "close it with `{quotes}` where the text ends; everything after it, to the end \
                 of the file, was read into the string, so it was not checked"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large file is read in two halves at once, as it is; one whose size changed since
    /// its metadata was read (written meanwhile) is read front to back, whole.
    #[test]
    fn a_large_file_reads_the_same_in_two_halves() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        let text: Vec<u8> = (0..3_000_001u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        let size = text.len() as u64;
        assert_eq!(read_in_halves(&file, size).as_deref(), Some(&text[..]));
        for stale in [size - 10, size + 10] {
            let file = std::fs::File::open(&path).unwrap();
            assert_eq!(read_in_halves(&file, stale), None);
            assert_eq!(read_file(&file, stale).unwrap(), text);
        }
        // Small files are read front to back.
        assert_eq!(read_in_halves(&file, 1000), None);
    }

    #[test]
    fn a_multi_line_string_never_closed_is_shown_where_it_opens() {
        for (quotes, value) in [
            ("\"\"\"", "\"\"\"Never closed,\nstill"),
            ("'''", "'''Never"),
        ] {
            let text =
                format!("format = 1\n[[org]]\nid = \"o\"\nname = {value}\n\n[[org]]\nid = \"p\"\n");
            let found = check(&text).diagnostics;
            assert_eq!(found.len(), 1, "{found:#?}");
            assert_eq!(found[0].message, "this multi-line string is never closed");
            let open = text.find(quotes).unwrap();
            assert_eq!(found[0].span, Some(open..open + 3));
        }
        // A string closed, with an error of its own, keeps the parser's message.
        let text = "format = 1\n[[org]]\nid = \"o\"\nname = \"\"\"bad \\q escape\"\"\"\n";
        let found = check(text).diagnostics;
        assert!(
            found
                .iter()
                .all(|d| d.message != "this multi-line string is never closed"),
            "{found:#?}"
        );
    }

    #[test]
    fn the_built_in_catalogue_is_valid() {
        let checked = check(BUILT_IN);
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    }

    #[test]
    fn load_fails_on_errors_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        // An org nothing refers to: a warning.
        std::fs::write(&path, "format = 1\n[[org]]\nid = \"ocp\"\nname = \"OCP\"\n").unwrap();
        let file = SourceFile::open(&Location::File(path.clone())).unwrap();
        assert_eq!(file.load().unwrap().orgs.len(), 1);
        // A misspelt key: an error, rendered with its location.
        std::fs::write(&path, "format = 1\n[[org]]\nid = \"ocp\"\nnmae = \"OCP\"\n").unwrap();
        let file = SourceFile::open(&Location::File(path)).unwrap();
        match file.load() {
            Err(Error::InvalidCatalog(invalid)) => {
                let rendered = invalid.render(false);
                assert!(
                    rendered.contains("specs.toml:4:1: error: unknown key `nmae`"),
                    "{rendered}"
                );
                assert!(!rendered.contains("warning"), "{rendered}");
            }
            other => panic!("expected an invalid catalogue, got {other:?}"),
        }
    }

    #[test]
    fn malformed_numbers_are_syntax_errors() {
        for text in [
            "format = 0x\n",
            "format = 1\n[[org]]\nid = \"a\"\nname = \"n\"\nshort = 0b\n",
        ] {
            let arena = Arena::new();
            let checked = check_in(text, &arena);
            assert!(checked.catalog.is_none(), "{text}");
            assert_eq!(checked.diagnostics.len(), 1, "{:?}", checked.diagnostics);
            assert_eq!(
                checked.diagnostics[0].label.as_deref(),
                Some("invalid TOML here")
            );
            assert!(checked.diagnostics[0].span.is_some());
        }
    }

    #[test]
    fn an_unclosed_array_is_one_error_where_it_opens() {
        let text = "format = 1\n[[org]]\nid = \"a\"\nname = \"A\"\nshort = [1,\n\
                    note = \"n\"\n[[org]]\nid = \"b\"\nname = \"B\"\n";
        let found = check(text).diagnostics;
        assert_eq!(found.len(), 1, "{found:#?}");
        let open = text.find("[1,").unwrap();
        let header = text.rfind("[[org]]").unwrap();
        assert_eq!(found[0].code, Code::TomlSyntax);
        assert_eq!(found[0].message, "this array is never closed");
        assert_eq!(found[0].span, Some(open..open + 1));
        assert_eq!(
            found[0].related,
            [(
                header..header + 7,
                "still open at this table header".to_owned()
            )]
        );
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap()
                .starts_with("close it with `]`")
        );
    }

    #[test]
    fn problems_come_in_file_order() {
        let text = "format = 1\n[[spec]]\nid = \"x\"\ntitle = \"X\"\nkind = \"guide\"\norgs = [\"nobody\"]\n\
                    [[spec.history]]\ndate = \"2026-13\"\n[[org]]\nid = \"Bad\"\nname = \"B\"\n";
        let starts: Vec<usize> = check(text)
            .diagnostics
            .iter()
            .map(|d| d.span.clone().unwrap().start)
            .collect();
        // From validation (`nobody`) and from the structural pass, merged.
        assert_eq!(starts.len(), 3, "{starts:?}");
        assert!(starts.is_sorted(), "{starts:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Whatever is cut from or spliced into a valid catalogue, checking never panics and
        /// every span lies within the text.
        #[test]
        fn check_never_panics(cut in 0usize..2000, len in 0usize..40, insert in "\\PC{0,12}") {
            let base = include_str!("../../tests/fixtures/check/clean.toml");
            let mut text = base.to_owned();
            let start = (cut % base.len()..base.len()).find(|&i| base.is_char_boundary(i)).unwrap_or(base.len());
            let end = (start + len..=base.len()).find(|&i| base.is_char_boundary(i)).unwrap_or(base.len());
            text.replace_range(start..end, &insert);
            let checked = check(&text);
            for d in &checked.diagnostics {
                if let Some(span) = &d.span {
                    proptest::prop_assert!(span.end <= text.len() + 1, "{d:?}");
                }
            }
            let _ = render("t", &text, &checked.diagnostics, false);
        }
    }

    #[test]
    fn explicit_path_wins() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("specs.toml"), "format = 1\n").unwrap();
        let explicit = PathBuf::from("other.toml");
        assert_eq!(
            Location::resolve(Some(explicit.clone()), dir.path()),
            Location::File(explicit)
        );
    }

    #[test]
    fn nearest_parent_folder_is_searched() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(dir.path().join("specs.toml"), "format = 1\n").unwrap();
        let found = Location::resolve(None, &nested);
        assert_eq!(found, Location::File(PathBuf::from("../../specs.toml")));
        assert_eq!(
            Location::resolve(None, dir.path()),
            Location::File(PathBuf::from("specs.toml"))
        );
    }
}
