//! Putting a new catalogue text on disk: locked, validated, atomic.
//!
//! 1. Take an exclusive lock on `<catalogue>.lock` beside the catalogue. (A lock on the
//!    catalogue itself would be lost when the rename replaces the file, so writers use a
//!    separate file that is never replaced.) Concurrent spectrack writers therefore queue, and
//!    each edits the text the previous one wrote: no update is lost.
//! 2. Read and check the catalogue, and compute the new text from it.
//! 3. Check the whole new text; refuse it, with diagnostics located in the new text, if it has
//!    any error, or if the edit's own record would bring in a problem.
//! 4. Write it to a temporary file in the same folder with the catalogue's permissions, and
//!    flush it to disk.
//! 5. Read the catalogue again: if something that does not take the lock (an editor) changed
//!    it meanwhile, refuse rather than overwrite that change.
//! 6. Rename the temporary file over the catalogue (atomic: readers and a crash see the old
//!    file or the new one, never a mix) and flush the folder so the rename itself is durable.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::Edited;
use crate::catalog::{Catalog, Location, SourceFile, check};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};

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

/// What [`update`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// The file now holds the new text.
    Written,
    /// The new text was the same as the old one; the file was not touched.
    Unchanged,
}

/// Edits the catalogue file at `path`: `edit` gets its current text and catalogue and returns
/// the new text. See the module documentation for the guarantees.
pub fn update(path: &Path, edit: impl FnOnce(&str, &Catalog) -> Result<Edited>) -> Result<Update> {
    update_with_hook(path, edit, || {})
}

/// [`update`], calling `before_replace` between writing the temporary file and the final
/// comparison, so tests can change the file at the worst moment.
fn update_with_hook(
    path: &Path,
    edit: impl FnOnce(&str, &Catalog) -> Result<Edited>,
    before_replace: impl FnOnce(),
) -> Result<Update> {
    // Edit the file a symlink points at, rather than replacing the link with a file.
    let real = fs::canonicalize(path).map_err(|e| Error::io(path, e))?;
    let _lock = lock(&real)?;
    let file = SourceFile::open(&Location::File(path.to_path_buf()))?;
    let catalog = file.load()?;
    let edited = edit(&file.text, &catalog)?;
    if edited.text == file.text {
        return Ok(Update::Unchanged);
    }
    refuse_if_invalid(&file, &edited)?;

    let folder = real.parent().unwrap_or(Path::new("."));
    let name = file_name(&real);
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| Error::io(folder, e))?;
    let permissions = fs::metadata(&real)
        .map_err(|e| Error::io(&real, e))?
        .permissions();
    let written = temp
        .write_all(edited.text.as_bytes())
        .and_then(|()| temp.as_file().set_permissions(permissions))
        .and_then(|()| temp.as_file().sync_all());
    written.map_err(|e| Error::io(temp.path(), e))?;

    before_replace();
    let now = fs::read(&real).map_err(|e| Error::io(&real, e))?;
    if now != file.text.as_bytes() {
        return Err(Error::Refused(format!(
            "{} changed while spectrack was editing it (by a program that does not take \
             {name}.lock, such as an editor); nothing was written, so that change is kept: \
             run the command again",
            file.name
        )));
    }
    temp.persist(&real).map_err(|e| Error::io(&real, e.error))?;
    sync_folder(folder)?;
    Ok(Update::Written)
}

/// Writes `text` to a new file at `path` atomically; with `overwrite` false, an existing file
/// is left alone and reported.
pub fn create(path: &Path, text: &str, overwrite: bool) -> Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{}.", file_name(path)))
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| Error::io(folder, e))?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| Error::io(temp.path(), e))?;
    // tempfile creates files readable by the owner only; a catalogue is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = fs::Permissions::from_mode(0o644);
        temp.as_file()
            .set_permissions(mode)
            .map_err(|e| Error::io(temp.path(), e))?;
    }
    if overwrite {
        temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| {
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
    sync_folder(folder)
}

/// The lock file's path: `specs.toml.lock` beside `specs.toml`.
pub fn lock_path(catalogue: &Path) -> PathBuf {
    catalogue.with_file_name(format!("{}.lock", file_name(catalogue)))
}

/// Takes the writers' lock; it is released when the returned file is dropped.
fn lock(catalogue: &Path) -> Result<File> {
    let path = lock_path(catalogue);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    fs4::FileExt::lock(&file).map_err(|e| Error::io(&path, e))?;
    Ok(file)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || "specs.toml".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Refuses a new text with any error, rendering the diagnostics against the new text.
fn refuse_if_invalid(file: &SourceFile, edited: &Edited) -> Result<()> {
    let checked = check(&edited.text);
    let errors: Vec<Diagnostic> = checked
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    let new = SourceFile::new(file.location.clone(), edited.text.clone());
    Err(Error::InvalidEdit(new.invalid(errors)))
}

/// Makes a rename in `folder` durable. Only Unix can open a folder to flush it.
fn sync_folder(folder: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(folder)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(folder, e))?;
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "format = 1\n\n[[org]]\nid = \"gcc\"\nname = \"G\"\n";

    fn add_org(text: &str, id: &str) -> Result<Edited> {
        let fields = super::super::Fields::new().text("id", id).text("name", "N");
        super::super::add_record(text, crate::catalog::Table::Org, &fields, None)
            .map_err(|e| Error::Refused(e.to_string()))
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
    fn writes_the_new_text_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        fs::write(&path, TEXT).unwrap();
        let result = update(&path, |text, _| add_org(text, "ocp")).unwrap();
        assert_eq!(result, Update::Written);
        assert!(
            fs::read_to_string(&path)
                .unwrap()
                .ends_with("id = \"ocp\"\nname = \"N\"\n")
        );
        assert_eq!(entries(dir.path()), ["specs.toml", "specs.toml.lock"]);
    }

    #[test]
    fn a_change_made_meanwhile_by_someone_else_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.toml");
        fs::write(&path, TEXT).unwrap();
        let theirs = format!("{TEXT}# edited in an editor\n");
        let err = update_with_hook(
            &path,
            |text, _| add_org(text, "ocp"),
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
        let err = update(&path, |text, _| add_org(text, "gcc")).unwrap_err();
        let Error::InvalidEdit(invalid) = err else {
            panic!("expected InvalidEdit, got {err:?}")
        };
        let rendered = invalid.render(false);
        // The duplicate is on line 8 of the new text.
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
        let result = update(&path, |text, _| {
            Ok(Edited {
                text: text.to_owned(),
                added: None,
            })
        });
        assert_eq!(result.unwrap(), Update::Unchanged);
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_symlinks_followed() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("real.toml");
        fs::write(&path, TEXT).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("specs.toml");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        update(&link, |text, _| add_org(text, "ocp")).unwrap();
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
        create(&path, "format = 1\n", false).unwrap();
        let err = create(&path, "format = 2\n", false).unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "format = 1\n");
        create(&path, "format = 1\n# again\n", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "format = 1\n# again\n");
        assert_eq!(entries(dir.path()), ["specs.toml"]);
    }
}
