//! Reliability of reading and writing (issue 13): no hang, no lockout, no lost ownership, no
//! stray files. Each test does what an adversarial user would, through the real binary.
//! Tests that need a second user run the binary as `nobody` with `setpriv` when they run as
//! root (as here and in CI), and say that they skip otherwise.

use std::fs;
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const FIXTURE: &str = include_str!("../fixtures/editing.toml");
const RECORD: &[&str] = &[
    "record",
    "gcc-vector-db-wp",
    "--date",
    "2026-04",
    "--note",
    "n",
];
const NOBODY: u32 = 65534;

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_spectrack")
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(binary());
    command
        .current_dir(dir)
        .env_remove("SPECTRACK_CATALOG")
        .env_remove("SPECTRACK_TODAY")
        .env("NO_COLOR", "1")
        .args(["--today", "2026-11-21"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs to the end, or fails the test after 20 s (a hang is what some tests look for).
fn finish(mut child: Child) -> Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("spectrack did not finish within 20 s: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    finish(command(dir, args).spawn().unwrap())
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("specs.toml");
    fs::write(&path, FIXTURE).unwrap();
    (dir, path)
}

fn temporaries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// A folder everyone may use, holding a copy of the binary everyone may run.
fn shared_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let bin = dir.path().join("spectrack");
    fs::copy(binary(), &bin).unwrap();
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    (dir, bin)
}

/// Runs `bin` as `nobody`.
fn as_nobody(dir: &Path, bin: &Path, args: &[&str]) -> Output {
    let child = Command::new("setpriv")
        .args(["--reuid", "65534", "--regid", "65534", "--clear-groups"])
        .arg(bin)
        .args(["--today", "2026-11-21", "--catalog", "specs.toml"])
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish(child)
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

// 1. A FIFO is refused at once, as the catalogue or as the lock.
#[test]
fn a_fifo_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("f.toml"));
    for args in [
        &["--catalog", "f.toml", "list"][..],
        &["--catalog", "f.toml", "check"],
        &["--catalog", "f.toml", "record", "x", "--date", "2026"],
    ] {
        let output = run(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("it is a FIFO"),
            "{}",
            stderr(&output)
        );
    }
    let (dir, path) = scratch();
    mkfifo(&dir.path().join("specs.toml.lock"));
    let output = run(dir.path(), RECORD);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(path).unwrap(), FIXTURE);
}

// 2. Whoever may write the catalogue may take the lock another user made.
#[test]
fn another_user_can_take_a_lock_the_first_writer_made() {
    if !is_root() {
        eprintln!("skipped: needs root to run a second user");
        return;
    }
    let (dir, bin) = shared_folder();
    let path = dir.path().join("specs.toml");
    fs::write(&path, FIXTURE).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
    // Root writes first, and so makes the lock file.
    let output = run(dir.path(), RECORD);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lock = fs::metadata(dir.path().join("specs.toml.lock")).unwrap();
    assert_eq!(lock.permissions().mode() & 0o777, 0o666);
    let output = as_nobody(
        dir.path(),
        &bin,
        &[
            "record",
            "gcc-vector-db-wp",
            "--date",
            "2026-05",
            "--note",
            "m",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(fs::read_to_string(&path).unwrap().contains("2026-05"));
}

// 3. Owner, group and extended attributes are kept.
#[test]
fn owner_group_and_extended_attributes_are_kept() {
    if !is_root() {
        eprintln!("skipped: needs root to give the catalogue another owner");
        return;
    }
    let (dir, path) = scratch();
    std::os::unix::fs::chown(&path, Some(NOBODY), Some(NOBODY)).unwrap();
    let file = fs::File::open(&path).unwrap();
    let xattr = rustix::fs::fsetxattr(
        &file,
        "user.spectrack-test",
        b"kept",
        rustix::fs::XattrFlags::empty(),
    );
    drop(file);
    let output = run(dir.path(), RECORD);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (NOBODY, NOBODY));
    if xattr.is_err() {
        eprintln!("skipped the extended attribute: this file system does not take them");
        return;
    }
    let file = fs::File::open(&path).unwrap();
    let mut value = [0u8; 16];
    let n = rustix::fs::fgetxattr(&file, "user.spectrack-test", &mut value[..]).unwrap();
    assert_eq!(&value[..n], b"kept");
}

// 4. A read-only file, or one this user may not write, is refused and left alone.
#[test]
fn a_file_that_may_not_be_written_is_refused() {
    let (dir, path) = scratch();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let output = run(dir.path(), RECORD);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("read-only"), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("specs.toml"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXTURE);

    if !is_root() {
        eprintln!("skipped the second user: needs root");
        return;
    }
    let (dir, bin) = shared_folder();
    let path = dir.path().join("specs.toml");
    fs::write(&path, FIXTURE).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let output = as_nobody(dir.path(), &bin, RECORD);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("you may not write it"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXTURE);
    assert_eq!(fs::metadata(&path).unwrap().uid(), 0);
}

// 5. A signal during a write removes the temporary file; one left by a killed writer is
// removed by the next.
#[test]
fn signals_during_a_write_leave_no_temporary_file() {
    for (signal, code) in [
        (rustix::process::Signal::TERM, 143),
        (rustix::process::Signal::INT, 130),
    ] {
        let (dir, path) = scratch();
        let child = command(dir.path(), RECORD)
            .env("SPECTRACK_TEST_PAUSE_MS", "10000")
            .spawn()
            .unwrap();
        let started = Instant::now();
        while temporaries(dir.path()).is_empty() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no temporary file"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
        rustix::process::kill_process(pid, signal).unwrap();
        let output = finish(child);
        assert_eq!(output.status.code(), Some(code), "{}", stderr(&output));
        assert_eq!(temporaries(dir.path()), [] as [String; 0]);
        assert_eq!(fs::read_to_string(&path).unwrap(), FIXTURE);
    }
    let (dir, _) = scratch();
    fs::write(dir.path().join(".specs.toml.Zq81xA.tmp"), "half written").unwrap();
    let output = run(dir.path(), RECORD);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("removed"), "{}", stderr(&output));
    assert_eq!(temporaries(dir.path()), [] as [String; 0]);
}

// 6. A hard-linked catalogue is refused unless --break-links.
#[test]
fn hard_links_are_not_split_silently() {
    let (dir, path) = scratch();
    let other = dir.path().join("other.toml");
    fs::hard_link(&path, &other).unwrap();
    let output = run(dir.path(), RECORD);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--break-links"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXTURE);
    let mut args = RECORD.to_vec();
    args.push("--break-links");
    let output = run(dir.path(), &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_ne!(fs::read_to_string(&path).unwrap(), FIXTURE);
    assert_eq!(fs::read_to_string(&other).unwrap(), FIXTURE);
}

// 7. fmt keeps a byte order mark, so fmt --check passes after fmt.
#[test]
fn fmt_keeps_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("specs.toml");
    fs::write(&path, format!("\u{feff}{FIXTURE}")).unwrap();
    let output = run(dir.path(), &["fmt"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(fs::read_to_string(&path).unwrap().starts_with('\u{feff}'));
    let output = run(dir.path(), &["fmt", "--check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

// 8. The lock is never followed through a symbolic link.
#[test]
fn a_symlinked_lock_is_not_followed() {
    let (dir, path) = scratch();
    let elsewhere = dir.path().join("elsewhere");
    std::os::unix::fs::symlink(&elsewhere, dir.path().join("specs.toml.lock")).unwrap();
    let output = run(dir.path(), RECORD);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("symbolic link"),
        "{}",
        stderr(&output)
    );
    assert!(!elsewhere.exists());
    assert_eq!(fs::read_to_string(path).unwrap(), FIXTURE);
}

// 9. export -o replaces the page atomically and never writes over the catalogue.
#[test]
fn export_replaces_atomically_and_spares_the_catalogue() {
    let (dir, path) = scratch();
    let page = dir.path().join("status.html");
    fs::write(&page, "old page").unwrap();
    let before = fs::metadata(&page).unwrap().ino();
    let output = run(
        dir.path(),
        &["export", "--format", "html", "-o", "status.html"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // A new file renamed into place, not the old one written over.
    assert_ne!(fs::metadata(&page).unwrap().ino(), before);
    assert!(fs::read_to_string(&page).unwrap().contains("<html"));
    assert_eq!(temporaries(dir.path()), [] as [String; 0]);

    let output = run(
        dir.path(),
        &["export", "--format", "html", "-o", "./specs.toml"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("catalogue in use"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(path).unwrap(), FIXTURE);
}

// 10. A writer waiting for the lock says so, and gives up after --lock-timeout.
#[test]
fn a_held_lock_is_announced_and_can_time_out() {
    let (dir, path) = scratch();
    let lock = fs::File::create(dir.path().join("specs.toml.lock")).unwrap();
    fs4::FileExt::lock(&lock).unwrap();
    let mut args = RECORD.to_vec();
    args.extend(["--lock-timeout", "1.5"]);
    let output = run(dir.path(), &args);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(
        text.contains("waiting for") && text.contains("held by another spectrack"),
        "{text}"
    );
    assert!(text.contains("--lock-timeout"), "{text}");
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXTURE);

    // Without a timeout it waits, and writes once the lock is free.
    let child = command(dir.path(), RECORD).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    fs4::FileExt::unlock(&lock).unwrap();
    let output = finish(child);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("waiting for"),
        "{}",
        stderr(&output)
    );
}

// 11. Argument errors show control characters escaped.
#[test]
fn argument_errors_are_made_safe() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["\u{9b}31m", "\u{202e}gnp", "\u{1b}[2J"] {
        let output = run(dir.path(), &["list", "--state", bad]);
        assert_eq!(output.status.code(), Some(2));
        let text = stderr(&output);
        assert!(text.contains("--state"), "{text}");
        for c in ['\u{9b}', '\u{202e}', '\u{1b}'] {
            assert!(!text.contains(c), "{c:?} raw in {text:?}");
        }
    }
}

// 12. init follows the umask and writes through a symbolic link.
#[test]
fn init_follows_the_umask_and_symlinks() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 077 && exec '{}' init private.toml",
            binary()
        ))
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mode = fs::metadata(dir.path().join("private.toml"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    let real = dir.path().join("real.toml");
    fs::write(&real, "format = 1\n").unwrap();
    let link = dir.path().join("specs.toml");
    std::os::unix::fs::symlink("real.toml", &link).unwrap();
    let output = run(dir.path(), &["init", "--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::read_to_string(&real).unwrap().len() > 100);
}
