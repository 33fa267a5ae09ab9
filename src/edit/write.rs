//! Putting a new catalogue text on disk: locked, validated, atomic, and as the file was.
//!
//! 1. Take an exclusive lock on `<catalogue>.lock` beside the catalogue. (A lock on the
//!    catalogue itself would be lost when the rename replaces the file, so writers use a
//!    separate file that is never replaced.) Concurrent spectrack writers therefore queue, and
//!    each edits the text the previous one wrote: no update is lost. The lock file is never
//!    followed through a symbolic link, must be a regular file, takes the catalogue's mode
//!    and group when created, and is locked even when it can only be opened for reading, so
//!    everyone who may write the catalogue may take it. A writer that waits says so after a
//!    second, and gives up after `--lock-timeout`.
//! 2. Remove temporary files a killed writer left (only a writer holding the lock makes
//!    them, so any found then are stale).
//! 3. Read the catalogue once (a regular file, writable by this user, with no other hard
//!    link unless `--break-links`), check it, and compute the change from its catalogue: an
//!    insertion at a place found from the catalogue's spans, or a whole new text (`fmt`).
//! 4. Check the new text once; refuse it, with diagnostics located in the new text, if it has
//!    any error, or if it does not read as the old catalogue with the new record in place.
//!    Warnings the change brings in are returned, for the command to print. An insertion is
//!    read without reading the whole new text: only the record it falls in is read again,
//!    into the catalogue already read (`catalog::reread`), which is then validated whole; a
//!    whole new text, or an insertion that cannot be read that way, is read whole.
//! 5. Write it to a temporary file in the same folder with the catalogue's owner, group,
//!    mode and extended attributes (ACLs among them), and flush it to disk. SIGINT, SIGTERM
//!    and SIGHUP remove the temporary file before the process ends.
//! 6. If the catalogue changed meanwhile (something that does not take the lock, such as an
//!    editor, wrote it: its size, time or identity differ from when it was read), refuse
//!    rather than overwrite that change.
//! 7. Rename the temporary file over the catalogue (atomic: readers and a crash see the old
//!    file or the new one, never a mix) and flush the folder so the rename itself is durable.

use std::collections::HashMap;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::Write as _;
use std::os::unix::fs::{MetadataExt as _, OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::{Change, EditError, Placed, Splice};
use crate::catalog::{
    Arena, Catalog, Context, Fingerprints, Location, Remap, SourceFile, check_in,
    check_keeping_context, reread_insertion, validate_in,
};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Located, Result};

/// The catalogue file a command may change; the built-in catalogue cannot be.
pub fn writable(location: &Location) -> Result<&Path> {
    match location {
        Location::File(path) => Ok(path),
        Location::BuiltIn => Err(Error::Refused(
            "there is no catalogue file to change: spectrack is reading its built-in \
             catalogue (there is no specs.toml here or in a parent folder, and no --catalog); \
             run `spectrack init` to write it out as specs.toml, then change that"
                .to_owned(),
        )),
    }
}

/// How a write goes about it.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How long to wait for another writer's lock; `None` waits as long as it takes.
    pub lock_timeout: Option<Duration>,
    /// Edit a file that has other hard links, leaving them with the old text.
    pub break_links: bool,
    /// Rules that depend on the day (entries dated after it) are judged on this day.
    pub today: Option<jiff::civil::Date>,
    /// Allow the change to bring in dates after `today` (`--future`); else they are refused.
    pub future: bool,
}

/// Something a writer tells the user while it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Another writer holds the lock; this one waits.
    Waiting { lock: PathBuf },
    /// A temporary file a killed writer left was removed.
    RemovedStale { path: PathBuf },
}

/// What [`update`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// The file now holds the new text.
    Written,
    /// The new text was the same as the old one; the file was not touched.
    Unchanged,
}

/// What [`update`] did, and the warnings the change brought in (located in the new text).
#[derive(Debug)]
pub struct Written {
    pub update: Update,
    /// Warnings the new text has that the old did not; `None` when there are none.
    pub warnings: Option<Located>,
}

/// Edits the catalogue file at `path`: `edit` gets its current text and catalogue and returns
/// the change. See the module documentation for the guarantees.
pub fn update(
    path: &Path,
    options: &Options,
    notify: &mut dyn FnMut(Notice),
    edit: impl FnOnce(&str, &Catalog) -> Result<Change>,
) -> Result<Written> {
    update_with_hook(path, options, notify, edit, pause_for_tests)
}

/// Tests stop a real writer at its worst moment (temporary file written, not yet renamed)
/// to send it signals: `SPECTRACK_TEST_PAUSE_MS` makes it wait that long there.
fn pause_for_tests() {
    if let Some(ms) = std::env::var_os("SPECTRACK_TEST_PAUSE_MS")
        .and_then(|v| v.to_str().and_then(|v| v.parse::<u64>().ok()))
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// The file's identity and last change, to tell whether someone wrote it meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    fn of(meta: &Metadata) -> Self {
        Self {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }
}

/// [`update`], calling `before_replace` between writing the temporary file and the final
/// comparison, so tests can change the file at the worst moment.
fn update_with_hook(
    path: &Path,
    options: &Options,
    notify: &mut dyn FnMut(Notice),
    edit: impl FnOnce(&str, &Catalog) -> Result<Change>,
    before_replace: impl FnOnce(),
) -> Result<Written> {
    // Edit the file a symlink points at, rather than replacing the link with a file.
    let real = fs::canonicalize(path).map_err(|source| Error::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    let name = file_name(&real);
    let folder = real.parent().unwrap_or(Path::new(".")).to_owned();
    let location = Location::File(path.to_owned());
    let shown = location.display_name();

    let meta = fs::metadata(&real).map_err(|e| Error::io(&real, e))?;
    regular(&shown, &meta)?;
    let _lock = lock(&real, &meta, options.lock_timeout, notify)?;
    remove_stale(&folder, &name, notify);

    let (bytes, meta) = crate::catalog::read_regular(&real, &shown)?;
    may_write(&real, &shown, &meta, options.break_links)?;
    let stamp = Stamp::of(&meta);
    let (file, bad) = SourceFile::from_bytes(&location, bytes);
    if let Some(diagnostic) = bad {
        return Err(Error::InvalidCatalog(Located::new(
            file.name,
            file.text,
            vec![diagnostic],
        )));
    }
    let SourceFile { text, .. } = file;

    // The old catalogue lives only as long as this block. An insertion is read again in it,
    // reading only the record the insertion falls in (`catalog::reread`); a whole new text,
    // or an insertion that cannot be read that way, is read whole after it, in the same arena
    // once reset.
    let mut arena = Arena::new();
    let (next, old_warnings) = {
        let (checked, context) = check_keeping_context(&text, &arena);
        let mut catalog = match checked.catalog {
            Some(catalog) if !checked.has_errors() => catalog,
            _ => {
                let errors: Vec<Diagnostic> = checked
                    .diagnostics
                    .into_iter()
                    .filter(Diagnostic::is_error)
                    .collect();
                return Err(Error::InvalidCatalog(Located::new(
                    shown,
                    text.clone(),
                    errors,
                )));
            }
        };
        let mut warnings = checked.diagnostics;
        if let Some(today) = options.today {
            warnings.extend(crate::catalog::dated_after(&catalog, today));
        }
        let mut old: HashMap<String, usize> = HashMap::new();
        for w in warnings {
            *old.entry(w.message).or_default() += 1;
        }
        let next = match edit(&text, &catalog)? {
            Change::None => Next::Unchanged,
            Change::Replace(new) if new == text => Next::Unchanged,
            // A new layout must hold the same data: what to compare it with once it is read.
            Change::Replace(new) => Next::Whole(new, Check::SameData(catalog.fingerprints())),
            Change::Insert(splice) => {
                match reread_insertion(&text, &mut catalog, splice.at, &splice.text, &arena) {
                    Some(remap) => {
                        let found =
                            Found::again(&catalog, &context, remap, &splice.placed(), options);
                        Next::Spliced(splice, found)
                    }
                    None => Next::Inserted(splice),
                }
            }
        };
        (next, old)
    };

    let (new_text, found) = match next {
        Next::Unchanged => {
            return Ok(Written {
                update: Update::Unchanged,
                warnings: None,
            });
        }
        Next::Spliced(splice, found) => (NewText::Spliced(text, splice), found),
        Next::Whole(new, check) => {
            drop(text);
            arena.reset();
            let found = Found::whole(&new, &arena, check, options);
            (NewText::Whole(new), found)
        }
        Next::Inserted(splice) => {
            let mut text = text;
            text.insert_str(splice.at, &splice.text);
            arena.reset();
            let found = Found::whole(&text, &arena, Check::Placed(splice.placed()), options);
            (NewText::Whole(text), found)
        }
    };
    drop(arena);

    let Found {
        errors,
        mut warnings,
        mut future,
        placed,
    } = found;
    if !errors.is_empty() {
        return Err(Error::InvalidEdit(Located::new(
            shown,
            new_text.into_string(),
            errors,
        )));
    }
    placed.map_err(|e| Error::Refused(e.to_string()))?;
    let mut old = old_warnings;
    let mut new = |w: &Diagnostic| match old.get_mut(&w.message) {
        Some(n) if *n > 0 => {
            *n -= 1;
            false
        }
        _ => true,
    };
    warnings.retain(&mut new);
    future.retain(&mut new);
    if !options.future && !future.is_empty() {
        for d in &mut future {
            d.severity = crate::diagnostic::Severity::Error;
            d.help = Some(
                "a date after today is refused unless --future says it is meant (a \
                 scheduled step, say)"
                    .to_owned(),
            );
        }
        return Err(Error::InvalidEdit(Located::new(
            shown,
            new_text.into_string(),
            future,
        )));
    }
    warnings.append(&mut future);
    warnings.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));

    let (mut temp, pending) = Pending::create(&folder, &name)?;
    new_text
        .write_to(&mut temp)
        .and_then(|()| same_attributes(temp.as_file(), &real, &meta))
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| Error::io(temp.path(), e))?;

    before_replace();
    let now = fs::metadata(&real).map_err(|e| Error::io(&real, e))?;
    if Stamp::of(&now) != stamp {
        return Err(Error::Refused(format!(
            "{shown} changed while spectrack was editing it (by a program that does not take \
             {name}.lock, such as an editor); nothing was written, so that change is kept: \
             run the command again"
        )));
    }
    pending.persist(temp, &real)?;
    sync_folder(&folder)?;
    Ok(Written {
        update: Update::Written,
        warnings: (!warnings.is_empty())
            .then(|| Located::new(shown, new_text.into_string(), warnings)),
    })
}

/// The new text: made whole, or the old text with a table to insert (written out in its
/// three pieces, and made whole only to show a problem in it).
enum NewText {
    Whole(String),
    Spliced(String, Splice),
}

impl NewText {
    fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        match self {
            NewText::Whole(text) => out.write_all(text.as_bytes()),
            NewText::Spliced(old, splice) => {
                out.write_all(&old.as_bytes()[..splice.at])?;
                out.write_all(splice.text.as_bytes())?;
                out.write_all(&old.as_bytes()[splice.at..])
            }
        }
    }

    fn into_string(self) -> String {
        match self {
            NewText::Whole(text) => text,
            NewText::Spliced(mut old, splice) => {
                old.insert_str(splice.at, &splice.text);
                old
            }
        }
    }
}

/// What an edit leads to, once the old catalogue is done with.
enum Next {
    /// Nothing to write.
    Unchanged,
    /// An insertion, already checked in the old catalogue read again in part.
    Spliced(Splice, Found),
    /// An insertion whose new text is to be read whole.
    Inserted(Splice),
    /// A whole new text, to be read whole and to be what `Check` says.
    Whole(String, Check),
}

/// What the new text must be, beside valid.
enum Check {
    /// The old catalogue with the inserted table where it was put.
    Placed(Placed),
    /// The old catalogue's data, laid out anew (`fmt`): records with these fingerprints.
    SameData(Fingerprints),
}

/// What checking the new text found, located in it.
struct Found {
    /// The new text's errors; the edit is refused when there are any.
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// Entries dated after today (when the options say what today is).
    future: Vec<Diagnostic>,
    /// Whether the new text reads as the old with the new table where it was put (judged
    /// only when there are no errors).
    placed: std::result::Result<(), EditError>,
}

impl Found {
    /// `diagnostics` (validation's, located in the new text) sorted into errors and warnings;
    /// `placed` is judged only when there are no errors.
    fn new(
        diagnostics: Vec<Diagnostic>,
        future: Vec<Diagnostic>,
        placed: impl FnOnce() -> std::result::Result<(), EditError>,
    ) -> Self {
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            diagnostics.into_iter().partition(Diagnostic::is_error);
        let placed = if errors.is_empty() { placed() } else { Ok(()) };
        Found {
            errors,
            warnings,
            future,
            placed,
        }
    }

    /// Reads and checks the new text whole, and that it is what `check` says it must be.
    ///
    /// A new layout of the old data (`fmt`) is read for its records and problems of form
    /// only: its data must be the old data, which was validated, and validates the same
    /// (the same problems, and the same entries dated after today: none of them new).
    fn whole(text: &str, arena: &Arena, check: Check, options: &Options) -> Self {
        let same_data = matches!(check, Check::SameData(_));
        let checked = if same_data {
            crate::catalog::read_records(text, arena)
        } else {
            check_in(text, arena)
        };
        let Some(catalog) = &checked.catalog else {
            let mut found = Found::new(checked.diagnostics, Vec::new(), || Ok(()));
            if found.errors.is_empty() {
                found.errors.push(Diagnostic::new(
                    crate::diagnostic::Code::TomlSyntax,
                    "the new text cannot be read",
                    None,
                ));
            }
            return found;
        };
        let future = match options.today {
            Some(today) if !same_data => crate::catalog::dated_after(catalog, today),
            _ => Vec::new(),
        };
        Found::new(checked.diagnostics, future, || match check {
            Check::Placed(placed) => placed.verify(catalog),
            Check::SameData(old) => super::same_data(&old, catalog),
        })
    }

    /// Checks the catalogue of the new text that [`reread_insertion`] made of the old one:
    /// validation as for the whole text, every diagnostic then located in the new text.
    fn again(
        catalog: &Catalog,
        context: &Context,
        remap: Remap,
        placed: &Placed,
        options: &Options,
    ) -> Self {
        let located = |found: Vec<Diagnostic>| -> Vec<Diagnostic> {
            found.into_iter().map(|d| remap.diagnostic(d)).collect()
        };
        let mut diagnostics = located(validate_in(catalog, context));
        diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        let future = options.today.map_or_else(Vec::new, |today| {
            located(crate::catalog::dated_after(catalog, today))
        });
        Found::new(diagnostics, future, || {
            placed.verify_at(catalog, |offset| remap.offset(offset))
        })
    }
}

/// Refuses anything but a regular file (a FIFO would block every reader, a device would
/// never end).
pub(crate) fn regular(shown: &str, meta: &Metadata) -> Result<()> {
    use std::os::unix::fs::FileTypeExt as _;
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    };
    Err(Error::Usage(format!(
        "cannot read the catalogue {shown}: it is {what}; a catalogue is a regular file (or \
         a symbolic link to one)"
    )))
}

/// Opens `path` without blocking (a FIFO put there meanwhile opens at once rather than
/// waiting for a writer) and refuses it unless it is a regular file.
pub(crate) fn open_regular(path: &Path, shown: &str) -> Result<(File, Metadata)> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|source| Error::Unreadable {
            path: path.to_owned(),
            source,
        })?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    regular(shown, &meta)?;
    Ok((file, meta))
}

/// Refuses a catalogue this user may not write (or that no one may: mode 0444, even for
/// root), and one with other hard links unless `break_links`.
fn may_write(path: &Path, shown: &str, meta: &Metadata, break_links: bool) -> Result<()> {
    let mode = meta.permissions().mode() & 0o7777;
    let root = rustix::process::geteuid().is_root();
    let refused = if root {
        mode & 0o222 == 0
    } else {
        rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_err()
    };
    if refused {
        let why = if mode & 0o222 == 0 {
            "it is read-only".to_owned()
        } else {
            format!(
                "you may not write it (owner uid {}, group gid {})",
                meta.uid(),
                meta.gid()
            )
        };
        return Err(Error::Refused(format!(
            "{shown} (mode {mode:04o}) was not changed: {why}; make it writable for you \
             (e.g. `chmod u+w`) to edit it"
        )));
    }
    if meta.nlink() > 1 && !break_links {
        return Err(Error::Refused(format!(
            "{shown} has {} hard links; spectrack replaces the file as a whole, which would \
             split this name from the others (they would keep the old text). Edit the file \
             through one name only, or pass --break-links to do it anyway",
            meta.nlink()
        )));
    }
    Ok(())
}

/// Gives the new file the old one's owner and group (where this user may), mode, and
/// extended attributes (ACLs are kept as such). Owner first: changing it clears set-id bits.
fn same_attributes(new: &File, old_path: &Path, old: &Metadata) -> std::io::Result<()> {
    use rustix::fs::{Gid, Uid};
    let uid = Uid::from_raw(old.uid());
    let gid = Gid::from_raw(old.gid());
    if rustix::process::geteuid().is_root() {
        rustix::fs::fchown(new, Some(uid), Some(gid))?;
    } else {
        // Only root may give a file away; the group is kept where this user belongs to it.
        let _ = rustix::fs::fchown(new, None, Some(gid));
    }
    new.set_permissions(fs::Permissions::from_mode(
        old.permissions().mode() & 0o7777,
    ))?;
    copy_xattrs(new, old_path);
    Ok(())
}

/// Copies every extended attribute this user may read and set; others are left (they
/// cannot be kept, see docs/errors.md).
fn copy_xattrs(new: &File, old_path: &Path) {
    let Ok(old) = File::open(old_path) else {
        return;
    };
    let mut names = vec![0u8; 64 * 1024];
    let Ok(len) = rustix::fs::flistxattr(&old, &mut names[..]) else {
        return;
    };
    let mut value = vec![0u8; 64 * 1024];
    for name in names[..len].split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let Ok(name) = std::ffi::CStr::from_bytes_with_nul(&[name, b"\0"].concat())
            .map(std::ffi::CStr::to_owned)
        else {
            continue;
        };
        if let Ok(n) = rustix::fs::fgetxattr(&old, name.as_c_str(), &mut value[..]) {
            let _ = rustix::fs::fsetxattr(
                new,
                name.as_c_str(),
                &value[..n],
                rustix::fs::XattrFlags::empty(),
            );
        }
    }
}

/// The temporary file being written, removed if a signal ends the process first.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// A registered temporary file.
struct Pending;

impl Pending {
    /// Makes the temporary file `.{name}.XXXXXX.tmp` in `folder` and registers it, with no
    /// moment between the two for a signal to come in.
    fn create(folder: &Path, name: &str) -> Result<(tempfile::NamedTempFile, Self)> {
        // A missing folder is said in the system's words (see `without_temp_name`).
        fs::metadata(folder).map_err(|e| Error::io(folder, e))?;
        catch_signals();
        let mut guard = pending();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(folder)
            .map_err(|e| Error::io(folder, without_temp_name(e)))?;
        *guard = Some(temp.path().to_owned());
        Ok((temp, Pending))
    }

    /// Renames the file into place; a signal cannot come between the rename and forgetting
    /// the file.
    fn persist(self, temp: tempfile::NamedTempFile, to: &Path) -> Result<()> {
        let mut guard = pending();
        let result = temp
            .persist(to)
            .map(|_| ())
            .map_err(|e| Error::io(to, e.error));
        *guard = None;
        result
    }
}

/// The error of making a temporary file without the name `tempfile` adds to it ("… at path
/// \"…/.specs.toml.Xy3z.tmp\""), a name the user never gave: the caller names the folder.
/// `tempfile` keeps the system's error to itself, so only its kind is left ("permission
/// denied"); a folder that is missing is found before (`Pending::create`), with the
/// system's own words.
fn without_temp_name(error: std::io::Error) -> std::io::Error {
    match error.get_ref() {
        Some(_) => std::io::Error::from(error.kind()),
        None => error,
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        *pending() = None;
    }
}

fn pending() -> std::sync::MutexGuard<'static, Option<PathBuf>> {
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Once per process: on SIGINT, SIGTERM or SIGHUP, remove the pending temporary file and
/// end as the signal would (exit status 128 + its number).
fn catch_signals() {
    static CAUGHT: OnceLock<()> = OnceLock::new();
    CAUGHT.get_or_init(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let guard = pending();
                if let Some(path) = guard.as_ref() {
                    let _ = fs::remove_file(path);
                }
                std::process::exit(128 + signal);
            }
        });
    });
}

/// Writes `text` to a new file at `path` atomically; with `overwrite` false, an existing file
/// is left alone and reported. A symbolic link is written through, not replaced; an existing
/// file keeps its mode, a new one gets the mode the umask allows (as any new file).
/// With `locked`, the catalogue writers' lock is taken first (`init` writes a catalogue).
pub fn create(path: &Path, text: &[u8], overwrite: bool, locked: bool) -> Result<()> {
    create_with(path, overwrite, locked, &mut |out| out.write_all(text))
}

/// As [`create`], with the text written by `fill` straight into the temporary file (through
/// a buffer), so a large output is never held whole in memory. A failed `fill` leaves any
/// existing file as it was.
pub fn create_with(
    path: &Path,
    overwrite: bool,
    locked: bool,
    fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    let target = through_links(path);
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let existing = match fs::metadata(&target) {
        Ok(meta) => {
            regular(&target.display().to_string(), &meta)?;
            Some(meta)
        }
        Err(_) => None,
    };
    let _lock = match (&existing, locked) {
        (Some(meta), true) => Some(lock(&target, meta, None, &mut |_| {})?),
        _ => None,
    };
    let (mut temp, registered) = Pending::create(&folder, &file_name(&target))?;
    let mode = match &existing {
        Some(meta) => meta.permissions().mode() & 0o7777,
        None => 0o666 & !umask(),
    };
    let written = {
        let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, temp.as_file_mut());
        fill(&mut buffered).and_then(|()| buffered.flush())
    };
    written
        .and_then(|()| {
            temp.as_file()
                .set_permissions(fs::Permissions::from_mode(mode))
        })
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| Error::io(temp.path(), e))?;
    if overwrite {
        registered.persist(temp, &target)?;
    } else {
        let mut guard = pending();
        let result = temp.persist_noclobber(&target);
        *guard = None;
        drop(guard);
        drop(registered);
        result.map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Refused(format!(
                    "{} already exists; pass --force to overwrite it",
                    path.display()
                ))
            } else {
                Error::io(path, e.error)
            }
        })?;
    }
    sync_folder(&folder)
}

/// The path a write to `path` should replace: the file a symbolic link points at (even a
/// link to a file not made yet), else `path`.
fn through_links(path: &Path) -> PathBuf {
    let mut at = path.to_owned();
    for _ in 0..40 {
        match fs::read_link(&at) {
            Ok(target) => {
                at = match at.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            Err(_) => return at,
        }
    }
    at
}

/// This process's umask (read by setting it and putting it back).
fn umask() -> u32 {
    let mask = rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o022));
    rustix::process::umask(mask);
    mask.as_raw_mode()
}

/// The lock file's path: `specs.toml.lock` beside `specs.toml`.
pub fn lock_path(catalogue: &Path) -> PathBuf {
    catalogue.with_file_name(format!("{}.lock", file_name(catalogue)))
}

/// How long a writer waits quietly before saying that it waits.
const QUIET_WAIT: Duration = Duration::from_secs(1);

/// Takes the writers' lock; it is released when the returned file is dropped.
fn lock(
    catalogue: &Path,
    catalogue_meta: &Metadata,
    timeout: Option<Duration>,
    notify: &mut dyn FnMut(Notice),
) -> Result<File> {
    let path = lock_path(catalogue);
    let shown = path.display().to_string();
    let file = open_lock(&path, catalogue_meta)?;
    let started = Instant::now();
    let mut told = false;
    loop {
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => return Ok(file),
            Err(fs4::TryLockError::WouldBlock) => {}
            Err(fs4::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
        let waited = started.elapsed();
        if let Some(limit) = timeout
            && waited >= limit
        {
            return Err(Error::Refused(format!(
                "{shown} is held by another spectrack; gave up after {} s (--lock-timeout); \
                 nothing was written",
                limit.as_secs_f64()
            )));
        }
        if !told && waited >= QUIET_WAIT {
            notify(Notice::Waiting { lock: path.clone() });
            told = true;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Opens (or makes) the lock file: never through a symbolic link, never anything but a
/// regular file, read-only when this user may not write it (a lock needs no more).
fn open_lock(path: &Path, catalogue: &Metadata) -> Result<File> {
    use rustix::fs::OFlags;
    let flags = (OFlags::NOFOLLOW | OFlags::NONBLOCK).bits() as i32;
    let shown = path.display().to_string();
    let refuse_link = |e: std::io::Error| {
        if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
            Error::Refused(format!(
                "{shown} is a symbolic link; spectrack does not follow the lock file through \
                 one (it could make spectrack create or lock a file elsewhere): remove it"
            ))
        } else {
            Error::io(path, e)
        }
    };
    if let Ok(meta) = fs::symlink_metadata(path)
        && !meta.file_type().is_file()
        && !meta.file_type().is_symlink()
    {
        return Err(Error::Refused(format!(
            "{shown} is not a regular file; spectrack locks a plain file there: remove it"
        )));
    }
    let mode = catalogue.permissions().mode() & 0o666;
    let file = match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .custom_flags(flags)
        .open(path)
    {
        Ok(file) => {
            // The umask may have taken bits the catalogue has: whoever may write the
            // catalogue may lock it.
            let _ = file.set_permissions(fs::Permissions::from_mode(mode));
            if rustix::process::geteuid().is_root() {
                let _ = rustix::fs::fchown(
                    &file,
                    Some(rustix::fs::Uid::from_raw(catalogue.uid())),
                    Some(rustix::fs::Gid::from_raw(catalogue.gid())),
                );
            } else {
                let _ = rustix::fs::fchown(
                    &file,
                    None,
                    Some(rustix::fs::Gid::from_raw(catalogue.gid())),
                );
            }
            file
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            match OpenOptions::new()
                .write(true)
                .custom_flags(flags)
                .open(path)
            {
                Ok(file) => file,
                Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => OpenOptions::new()
                    .read(true)
                    .custom_flags(flags)
                    .open(path)
                    .map_err(refuse_link)?,
                Err(e) => return Err(refuse_link(e)),
            }
        }
        Err(e) => return Err(refuse_link(e)),
    };
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.file_type().is_file() {
        return Err(Error::Refused(format!(
            "{shown} is not a regular file; spectrack locks a plain file there: remove it"
        )));
    }
    Ok(file)
}

/// Removes the temporary files of writers that were killed (`.specs.toml.XXXXXX.tmp`).
/// Called with the lock held: no live writer has one then.
fn remove_stale(folder: &Path, name: &str, notify: &mut dyn FnMut(Notice)) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(middle) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        let random = middle.len() == 6 && middle.bytes().all(|b| b.is_ascii_alphanumeric());
        let plain = entry.file_type().is_ok_and(|t| t.is_file());
        if random && plain && fs::remove_file(entry.path()).is_ok() {
            notify(Notice::RemovedStale { path: entry.path() });
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || "specs.toml".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Makes a rename in `folder` durable.
fn sync_folder(folder: &Path) -> Result<()> {
    File::open(folder)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(folder, e))
}

impl From<EditError> for Error {
    fn from(e: EditError) -> Self {
        Error::Refused(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "format = 1\n\n[[org]]\nid = \"gcc\"\nname = \"G\"\n";

    fn add_org(text: &str, catalog: &Catalog, id: &str) -> Result<Change> {
        let fields = super::super::Fields::new().text("id", id).text("name", "N");
        Ok(Change::Insert(super::super::add_record_in(
            text,
            catalog,
            super::super::Table::Org,
            &fields,
            None,
        )?))
    }

    fn run(path: &Path, id: &'static str) -> Result<Written> {
        update(path, &Options::default(), &mut |_| {}, |text, catalog| {
            add_org(text, catalog, id)
        })
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_streamed_write_is_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("status.html");
        fs::write(&path, "old page").unwrap();
        // A write that fails half-way (a full disk) leaves the old file and no temporary one.
        let failed = create_with(&path, true, false, &mut |out| {
            out.write_all(&[b'x'; 100_000])?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old page");
        assert_eq!(entries(dir.path()), ["status.html"]);
        // A whole one replaces it, larger than the buffer.
        create_with(&path, true, false, &mut |out| {
            for _ in 0..1000 {
                out.write_all(&[b'y'; 1000])?;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(fs::read(&path).unwrap(), vec![b'y'; 1_000_000]);
        assert_eq!(entries(dir.path()), ["status.html"]);
    }

    #[test]
    fn writes_the_new_text_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        fs::write(&path, TEXT).unwrap();
        let result = run(&path, "ocp").unwrap();
        assert_eq!(result.update, Update::Written);
        assert!(
            fs::read_to_string(&path)
                .unwrap()
                .ends_with("id = \"ocp\"\nname = \"N\"\n")
        );
        assert_eq!(entries(dir.path()), ["specs.toml", "specs.toml.lock"]);
    }

    /// A whole new text (`fmt`'s) is written only when its records hold the old data,
    /// however they are laid out.
    #[test]
    fn a_new_layout_is_written_only_with_the_same_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        let replace = |new: &'static str| {
            fs::write(&path, TEXT).unwrap();
            update(&path, &Options::default(), &mut |_| {}, |_, _| {
                Ok(Change::Replace(new.to_owned()))
            })
        };
        let relaid = "format = 1\n# orgs\n[[org]]\nname = 'G'\nid = \"gcc\"\n";
        assert_eq!(replace(relaid).unwrap().update, Update::Written);
        assert_eq!(fs::read_to_string(&path).unwrap(), relaid);
        for (changed, at) in [
            (
                "format = 1\n\n[[org]]\nid = \"gcc\"\nname = \"H\"\n",
                "[[org]] `gcc`",
            ),
            (
                "format = 1\n\n[[org]]\nid = \"gcc\"\nname = \"G\"\nshort = \"G\"\n",
                "[[org]] `gcc`",
            ),
            (
                "format = 1\n\n[[org]]\nid = \"gcc\"\nname = \"G\"\n[[org]]\nid = \"x\"\nname = \"X\"\n",
                "[[org]] `x`",
            ),
            ("format = 1\n", "the number of [[org]] records"),
        ] {
            let Err(Error::Refused(message)) = replace(changed) else {
                panic!("{changed:?} was written");
            };
            assert!(
                message.contains(&format!("does not read as the same data (at {at})")),
                "{message}"
            );
            assert_eq!(fs::read_to_string(&path).unwrap(), TEXT);
        }
    }

    /// A new layout is read for its records and its problems of form, not validated again:
    /// what the old data's validation found (here an entry dated after today) is not new,
    /// while a problem of form in the new text is still an error.
    #[test]
    fn a_new_layout_is_judged_by_its_form_and_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        let spec = "\n[[source]]\nid = \"s\"\ntitle = \"S\"\npublisher = \"P\"\ndate = \"2026-01-01\"\n\n\
                    [[spec]]\nid = \"x\"\ntitle = \"X\"\nkind = \"specification\"\norgs = [\"gcc\"]\n\n\
                    [[spec.history]]\ndate = \"2027-01-01\"\nstate = \"announced\"\nsources = [\"s\"]\n";
        let old = format!("{TEXT}{spec}");
        let options = Options {
            today: Some(jiff::civil::date(2026, 6, 1)),
            ..Options::default()
        };
        let replace = |new: String| {
            fs::write(&path, &old).unwrap();
            update(&path, &options, &mut |_| {}, move |_, _| {
                Ok(Change::Replace(new))
            })
        };
        let relaid = format!("format = 1\n\n[[org]]\nname = \"G\"\nid = \"gcc\"\n{spec}");
        let written = replace(relaid.clone()).unwrap();
        assert_eq!(written.update, Update::Written);
        assert!(written.warnings.is_none(), "{:?}", written.warnings);
        assert_eq!(fs::read_to_string(&path).unwrap(), relaid);

        let unknown_key = relaid.replace("name = \"G\"", "name = \"G\"\nnmae = \"G\"");
        let Err(Error::InvalidEdit(located)) = replace(unknown_key) else {
            panic!("a new layout with an unknown key was written");
        };
        assert!(
            located.diagnostics[0]
                .message
                .contains("unknown key `nmae`"),
            "{:?}",
            located.diagnostics
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), old);
    }

    #[test]
    fn a_change_made_meanwhile_by_someone_else_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        fs::write(&path, TEXT).unwrap();
        let theirs = format!("{TEXT}# edited in an editor\n");
        let err = update_with_hook(
            &path,
            &Options::default(),
            &mut |_| {},
            |text, catalog| add_org(text, catalog, "ocp"),
            || fs::write(&path, &theirs).unwrap(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("changed while spectrack was editing it"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
        assert_eq!(entries(dir.path()), ["specs.toml", "specs.toml.lock"]);
    }

    #[test]
    fn an_invalid_result_is_refused_with_diagnostics_on_the_new_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        fs::write(&path, TEXT).unwrap();
        let err = run(&path, "gcc").unwrap_err();
        let Error::InvalidEdit(located) = err else {
            panic!("expected InvalidEdit, got {err:?}")
        };
        // The duplicate is on line 8 of the new text.
        let rendered = located.render(false);
        assert!(
            rendered.contains("specs.toml:8:6: error: duplicate org id `gcc`"),
            "{rendered}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), TEXT);
    }

    #[test]
    fn the_same_text_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        fs::write(&path, TEXT).unwrap();
        let result = update(&path, &Options::default(), &mut |_| {}, |text, _| {
            Ok(Change::Replace(text.to_owned()))
        });
        assert_eq!(result.unwrap().update, Update::Unchanged);
    }

    #[test]
    fn permissions_are_kept_and_symlinks_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("real.toml");
        fs::write(&path, TEXT).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("specs.toml");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        run(&link, "ocp").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert!(fs::read_to_string(&path).unwrap().contains("\"ocp\""));
    }

    #[test]
    fn create_refuses_to_overwrite_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        create(&path, b"format = 1\n", false, false).unwrap();
        let err = create(&path, b"format = 2\n", false, false).unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "format = 1\n");
        create(&path, b"format = 1\n# again\n", true, false).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "format = 1\n# again\n");
        assert_eq!(entries(dir.path()), ["specs.toml"]);
    }

    #[test]
    fn stale_temporary_files_are_removed_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        fs::write(&path, TEXT).unwrap();
        fs::write(dir.path().join(".specs.toml.aB3dE9.tmp"), "half").unwrap();
        fs::write(dir.path().join(".specs.toml.mine.tmp"), "not ours").unwrap();
        let mut notices = Vec::new();
        update(
            &path,
            &Options::default(),
            &mut |n| notices.push(n),
            |text, c| add_org(text, c, "ocp"),
        )
        .unwrap();
        assert_eq!(
            entries(dir.path()),
            [".specs.toml.mine.tmp", "specs.toml", "specs.toml.lock"]
        );
        assert_eq!(
            notices,
            [Notice::RemovedStale {
                path: fs::canonicalize(dir.path())
                    .unwrap()
                    .join(".specs.toml.aB3dE9.tmp")
            }]
        );
    }

    #[test]
    fn a_held_lock_is_waited_for_and_given_up_on_after_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        fs::write(&path, TEXT).unwrap();
        let real = fs::canonicalize(&path).unwrap();
        let held = lock(&real, &fs::metadata(&real).unwrap(), None, &mut |_| {}).unwrap();
        let options = Options {
            lock_timeout: Some(Duration::from_millis(1200)),
            ..Options::default()
        };
        let mut notices = Vec::new();
        let err = update(&path, &options, &mut |n| notices.push(n), |text, c| {
            add_org(text, c, "ocp")
        })
        .unwrap_err();
        assert!(err.to_string().contains("--lock-timeout"), "{err}");
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(matches!(notices[0], Notice::Waiting { .. }));
        drop(held);
        assert_eq!(fs::read_to_string(&path).unwrap(), TEXT);
    }
}
