//! Editing commands through the real binary: `record`, `add`, `init`, `fmt`.
//!
//! Each test works on a temporary copy of a fixture catalogue and checks the file afterwards:
//! only the new lines were added, or nothing changed at all.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURE: &str = include_str!("../fixtures/editing.toml");
const MESSY: &str = include_str!("../fixtures/messy.toml");

/// A temporary folder holding `specs.toml`.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn with(text: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("specs.toml"), text).unwrap();
        Self { dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("specs.toml")
    }

    fn text(&self) -> String {
        fs::read_to_string(self.path()).unwrap()
    }

    /// Runs spectrack in the folder (so it finds `specs.toml` itself), with a fixed today.
    fn run(&self, args: &[&str]) -> Output {
        spectrack(self.dir.path(), args)
    }

    /// The folder's files apart from the catalogue and its lock: temporary files left behind.
    fn strays(&self) -> Vec<String> {
        fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "specs.toml" && n != "specs.toml.lock")
            .collect()
    }
}

fn spectrack(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .current_dir(cwd)
        .env_remove("SPECTRACK_CATALOG")
        .env_remove("SPECTRACK_TODAY")
        .env("NO_COLOR", "1")
        .args(["--today", "2026-11-21"])
        .args(args)
        .output()
        .unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The whole lines that `new` adds to `old` in one place; fails if `new` is anything but
/// `old` with a single insertion at a line boundary.
fn inserted(old: &str, new: &str) -> String {
    assert!(new.len() > old.len(), "nothing was added");
    let added = new.len() - old.len();
    let line_starts = std::iter::once(0).chain(old.match_indices('\n').map(|(i, _)| i + 1));
    for at in line_starts {
        if new.starts_with(&old[..at]) && new[at + added..] == old[at..] {
            return new[at..at + added].to_owned();
        }
    }
    panic!("bytes other than one insertion of whole lines changed:\n{new}");
}

/// `inserted`, compared line by line with `lines` (blank lines around it ignored, since an
/// insertion next to a blank line can be read either side of it).
fn assert_inserted(old: &str, new: &str, nl: &str, lines: &[&str]) {
    let block = inserted(old, new);
    let got: Vec<&str> = block
        .split_inclusive('\n')
        .map(|l| {
            assert!(l.ends_with(nl), "line {l:?} does not end with {nl:?}");
            l.strip_suffix(nl).unwrap()
        })
        .skip_while(|l| l.is_empty())
        .collect();
    let got: Vec<&str> = got
        .iter()
        .rev()
        .skip_while(|l| l.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert_eq!(got, lines);
}

const PUBLISHED: &[&str] = &[
    "[[spec.history]]",
    "date = \"2026-04-10\"",
    "state = \"published\"",
    "sources = [\"gcc-news-2025-07\"]",
    "note = \"Posted in the Achievement Release section.\"",
];

const RECORD_PUBLISHED: &[&str] = &[
    "record",
    "vector databases",
    "--date",
    "2026-04-10",
    "--state",
    "published",
    "--source",
    "gcc-news-2025-07",
    "--note",
    "Posted in the Achievement Release section.",
];

#[test]
fn record_adds_only_the_new_entry() {
    let scratch = Scratch::with(FIXTURE);
    let output = scratch.run(RECORD_PUBLISHED);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "specs.toml: recorded 2026-04-10 (published) for gcc-vector-db-wp\n"
    );
    let new = scratch.text();
    assert_inserted(FIXTURE, &new, "\n", PUBLISHED);
    // After the spec's last entry, before the comment that closes the file.
    assert!(new.ends_with(
        "note = \"Posted in the Achievement Release section.\"\n\n# Nothing published yet as of the last review.\n"
    ));
    assert!(scratch.strays().is_empty(), "{:?}", scratch.strays());
}

#[test]
fn crlf_line_endings_are_kept() {
    let crlf = FIXTURE.replace('\n', "\r\n");
    let scratch = Scratch::with(&crlf);
    let output = scratch.run(RECORD_PUBLISHED);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_inserted(&crlf, &scratch.text(), "\r\n", PUBLISHED);
}

#[cfg(unix)]
#[test]
fn file_permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt as _;
    let scratch = Scratch::with(FIXTURE);
    fs::set_permissions(scratch.path(), fs::Permissions::from_mode(0o640)).unwrap();
    let output = scratch.run(RECORD_PUBLISHED);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let mode = fs::metadata(scratch.path()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[test]
fn an_earlier_date_is_refused_unless_inserted() {
    let scratch = Scratch::with(FIXTURE);
    let args = [
        "record",
        "gcc-vector-db-wp",
        "--date",
        "2025-07-01",
        "--state",
        "announced",
        "--source",
        "gcc-news-2025-07",
        "--note",
        "Early.",
    ];
    let output = scratch.run(&args);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("pass --insert"),
        "{}",
        stderr(&output)
    );
    assert_eq!(scratch.text(), FIXTURE);

    let output = scratch.run(&[&args[..], &["--insert"]].concat());
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let new = scratch.text();
    assert_inserted(
        FIXTURE,
        &new,
        "\n",
        &[
            "[[spec.history]]",
            "date = \"2025-07-01\"",
            "state = \"announced\"",
            "sources = [\"gcc-news-2025-07\"]",
            "note = \"Early.\"",
        ],
    );
    let early = new.find("date = \"2025-07-01\"").unwrap();
    let vector = new.find("id = \"gcc-vector-db-wp\"").unwrap();
    let released = new[vector..].find("date = \"2025-07-27\"").unwrap() + vector;
    assert!(vector < early && early < released, "{new}");
}

#[test]
fn a_query_matching_nothing_or_several_specs_answers_no() {
    let scratch = Scratch::with(FIXTURE);
    let output = scratch.run(&["record", "gcc-vectr-db-wp", "--date", "2026"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: no spec matches `gcc-vectr-db-wp`\nhelp: did you mean `gcc-vector-db-wp`?\n"
    );
    let output = scratch.run(&["record", "white paper", "--date", "2026"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        stderr(&output),
        "error: `white paper` matches 2 specs equally well:\n  \
         gcc-hetero-computing-wp  White Paper on Heterogeneous Computing Power Collaboration\n  \
         gcc-vector-db-wp         White Paper on Vector Databases\n\
         help: give the id, or more of it\n"
    );
    assert_eq!(scratch.text(), FIXTURE);
}

/// Each edit here would make the catalogue invalid: refused with exit 2, the file untouched,
/// no temporary file left, and the message naming the flag, or the place in the new text
/// (`path:line:column: error:`) and the offending id. The located ones are found by the
/// validator once it covers references and duplicates, and meanwhile by the edit's own check
/// of what it adds (`edit::introduced_problems`); the needles fit either wording.
#[test]
fn invalid_edits_are_refused_and_change_nothing() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &[
                "record",
                "gcc-vector-db-wp",
                "--date",
                "2026-04",
                "--state",
                "publised",
                "--source",
                "gcc-news-2025-07",
            ],
            &["invalid value 'publised' for '--state <STATE>': unknown state `publised`"],
        ),
        (
            &["record", "gcc-vector-db-wp", "--date", "2026-02-30"],
            &["specs.toml:64:8: error:", "`2026-02-30` is not a real date"],
        ),
        (
            &[
                "record",
                "gcc-vector-db-wp",
                "--date",
                "2026-04",
                "--state",
                "published",
            ],
            &[
                "specs.toml:63:1: error:",
                "sets `state` but cites no `sources`",
            ],
        ),
        (
            &[
                "add",
                "spec",
                "x",
                "--title",
                "X",
                "--kind",
                "whitepaper",
                "--org",
                "gcc",
                "--date",
                "2026",
                "--state",
                "announced",
                "--source",
                "gcc-news-2025-07",
            ],
            &["invalid value 'whitepaper' for '--kind <KIND>'"],
        ),
        (
            &["add", "org", "GCC", "--name", "Upper case"],
            &["specs.toml:16:6: error: invalid id `GCC` in [[org]]"],
        ),
        // Located in the new text: line 66 is the new entry's `sources`.
        (
            &[
                "record",
                "gcc-vector-db-wp",
                "--date",
                "2026-04",
                "--state",
                "published",
                "--source",
                "gcc-news-2026",
            ],
            &["specs.toml:66:12: error:", "`gcc-news-2026`"],
        ),
        (
            &[
                "record",
                "gcc-vector-db-wp",
                "--date",
                "2026-04",
                "--at",
                "gcc-ic-forum-2026",
            ],
            &["specs.toml:65:6: error:", "`gcc-ic-forum-2026`"],
        ),
        (
            &[
                "record",
                "gcc-vector-db-wp",
                "--date",
                "2026-04",
                "--expected",
                "oai-summit-2026",
                "--source",
                "gcc-news-2025-07",
            ],
            &["specs.toml:65:12: error:", "`oai-summit-2026`"],
        ),
        (
            &["add", "org", "gcc", "--name", "Again"],
            &["specs.toml:16:6: error:", "`gcc`"],
        ),
        (
            &[
                "add",
                "event",
                "summit",
                "--name",
                "S",
                "--start",
                "2026-04-10",
                "--end",
                "2026-04-09",
            ],
            &[
                "specs.toml:27:7: error: [[event]] `summit` ends (2026-04-09) before it starts (2026-04-10)",
            ],
        ),
    ];
    for (args, needles) in cases {
        let scratch = Scratch::with(FIXTURE);
        let output = scratch.run(args);
        assert_eq!(code(&output), 2, "{args:?}: {}", stderr(&output));
        for needle in *needles {
            assert!(
                stderr(&output).contains(needle),
                "{args:?}: expected {needle:?} in:\n{}",
                stderr(&output)
            );
        }
        assert_eq!(scratch.text(), FIXTURE, "{args:?} changed the file");
        assert!(scratch.strays().is_empty(), "{:?}", scratch.strays());
    }
}

#[test]
fn add_puts_each_record_after_the_last_of_its_kind() {
    let scratch = Scratch::with(FIXTURE);
    let steps: &[(&[&str], &[&str])] = &[
        (
            &[
                "add",
                "org",
                "ocp",
                "--name",
                "Open Compute Project",
                "--short",
                "OCP",
                "--url",
                "https://www.opencompute.org",
            ],
            &[
                "[[org]]",
                "id = \"ocp\"",
                "name = \"Open Compute Project\"",
                "short = \"OCP\"",
                "url = \"https://www.opencompute.org\"",
            ],
        ),
        (
            &[
                "add",
                "source",
                "gcc-site-2026",
                "--title",
                "Achievement release",
                "--publisher",
                "GCC",
                "--date",
                "2026-04",
            ],
            &[
                "[[source]]",
                "id = \"gcc-site-2026\"",
                "title = \"Achievement release\"",
                "publisher = \"GCC\"",
                "date = \"2026-04\"",
            ],
        ),
        (
            &[
                "add",
                "event",
                "oai-summit-2026",
                "--name",
                "2026 Open AI Infra Summit",
                "--start",
                "2026-04-09",
                "--end",
                "2026-04-10",
                "--place",
                "Beijing",
                "--org",
                "gcc",
                "--source",
                "gcc-site-2026",
            ],
            &[
                "[[event]]",
                "id = \"oai-summit-2026\"",
                "name = \"2026 Open AI Infra Summit\"",
                "start = \"2026-04-09\"",
                "end = \"2026-04-10\"",
                "place = \"Beijing\"",
                "orgs = [\"gcc\"]",
                "sources = [\"gcc-site-2026\"]",
            ],
        ),
        (
            &[
                "add",
                "spec",
                "gcc-dpu-specs",
                "--title",
                "DPU \"interop\" specifications",
                "--kind",
                "specification",
                "--org",
                "gcc",
                "--topic",
                "dpu",
                "--date",
                "2026-03-06",
                "--state",
                "announced",
                "--expected",
                "oai-summit-2026",
                "--source",
                "gcc-site-2026",
            ],
            &[
                "[[spec]]",
                "id = \"gcc-dpu-specs\"",
                "title = \"DPU \\\"interop\\\" specifications\"",
                "kind = \"specification\"",
                "orgs = [\"gcc\"]",
                "topics = [\"dpu\"]",
                "",
                "[[spec.history]]",
                "date = \"2026-03-06\"",
                "state = \"announced\"",
                "expected = \"oai-summit-2026\"",
                "sources = [\"gcc-site-2026\"]",
            ],
        ),
    ];
    for (args, lines) in steps {
        let before = scratch.text();
        let output = scratch.run(args);
        assert_eq!(code(&output), 0, "{args:?}: {}", stderr(&output));
        assert_inserted(&before, &scratch.text(), "\n", lines);
    }
    let text = scratch.text();
    let order: Vec<usize> = [
        "id = \"gcc-icidc\"",
        "id = \"ocp\"",
        "id = \"gcc-ic-forum-2025\"",
        "id = \"oai-summit-2026\"",
        "id = \"gcc-news-2025-07\"",
        "id = \"gcc-site-2026\"",
        "id = \"gcc-vector-db-wp\"",
        "id = \"gcc-dpu-specs\"",
    ]
    .iter()
    .map(|needle| text.find(needle).unwrap())
    .collect();
    assert!(order.is_sorted(), "{text}");
    let check = scratch.run(&["check"]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
}

/// Sixteen writers at once: the lock makes them take turns, so every entry lands.
#[test]
fn sixteen_concurrent_records_all_land() {
    let scratch = Scratch::with(FIXTURE);
    let children: Vec<_> = (0..16)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_spectrack"))
                .current_dir(scratch.dir.path())
                .env_remove("SPECTRACK_CATALOG")
                .args(["--today", "2026-11-21", "record", "gcc-vector-db-wp"])
                .args(["--date", "2026-04-10", "--note", &format!("writer {i:02}")])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let text = scratch.text();
    for i in 0..16 {
        let note = format!("note = \"writer {i:02}\"\n");
        assert_eq!(text.matches(&note).count(), 1, "{note} in:\n{text}");
    }
    assert!(text.starts_with(
        FIXTURE.trim_end_matches("\n# Nothing published yet as of the last review.\n")
    ));
    let check = scratch.run(&["check"]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    assert!(scratch.strays().is_empty(), "{:?}", scratch.strays());
}

#[test]
fn writing_to_the_built_in_catalogue_is_refused() {
    let empty = tempfile::tempdir().unwrap();
    for args in [
        &["record", "anything", "--date", "2026"][..],
        &["add", "org", "ocp", "--name", "OCP"],
        &["fmt"],
    ] {
        let output = spectrack(empty.path(), args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(
            stderr(&output).contains("built-in catalogue")
                && stderr(&output).contains("run `spectrack init`"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(fs::read_dir(empty.path()).unwrap().count(), 0);
}

#[test]
fn init_writes_the_built_in_catalogue_and_will_not_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let built_in = include_str!("../../specs.toml");
    let output = spectrack(dir.path(), &["init"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "wrote the built-in catalogue to specs.toml\n"
    );
    let path = dir.path().join("specs.toml");
    assert_eq!(fs::read_to_string(&path).unwrap(), built_in);

    fs::write(&path, "format = 1\n# mine\n").unwrap();
    let output = spectrack(dir.path(), &["init"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("already exists; pass --force"));
    assert_eq!(fs::read_to_string(&path).unwrap(), "format = 1\n# mine\n");

    let output = spectrack(dir.path(), &["init", "--force", "specs.toml"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&path).unwrap(), built_in);
}

#[test]
fn fmt_check_shows_the_diff_and_writes_nothing_then_fmt_rewrites() {
    let scratch = Scratch::with(MESSY);
    let output = scratch.run(&["fmt", "--check"]);
    assert_eq!(code(&output), 1);
    let diff = stdout(&output);
    assert!(diff.contains("-format=1\n+format = 1\n"), "{diff}");
    assert!(
        diff.contains("-name   =   \"Global Computing Consortium\"   # full name\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+name = \"Global Computing Consortium\" # full name\n"),
        "{diff}"
    );
    assert!(stderr(&output).contains("not in canonical layout"));
    assert_eq!(scratch.text(), MESSY);

    let output = scratch.run(&["fmt"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        scratch.text(),
        "# A catalogue written in a hurry: keys out of order, stray blank lines, odd spacing.\n\
         format = 1\n\
         \n\
         [[org]]\n\
         id = \"gcc\"\n\
         name = \"Global Computing Consortium\" # full name\n\
         \n\
         [[source]]\n\
         id = \"gcc-news\"\n\
         title = \"White papers released at the GCC forum\"\n\
         publisher = \"GCC\"\n\
         date = \"2025-07\"\n\
         \n\
         # ---- specs ----\n\
         \n\
         [[spec]]\n\
         id = \"gcc-vector-db-wp\"\n\
         title = \"White Paper on Vector Databases\"\n\
         kind = \"white-paper\"\n\
         orgs = [\"gcc\"]\n\
         \n\
         [[spec.history]]\n\
         date = \"2025-07-27\"\n\
         state = \"released\"\n\
         sources = [\"gcc-news\"]\n"
    );
    let output = scratch.run(&["fmt", "--check"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let output = scratch.run(&["fmt"]);
    assert!(stdout(&output).ends_with("already in canonical layout\n"));
    assert!(scratch.strays().is_empty(), "{:?}", scratch.strays());
}

/// Other forms of TOML: headers come out plain (`[[spec.history]]`), inline tables and
/// quoted keys stay as written, the data is the same; and the result is canonical.
#[test]
fn fmt_writes_headers_plainly_and_keeps_inline_tables() {
    let scratch = Scratch::with(include_str!("../fixtures/forms.toml"));
    let data = |scratch: &Scratch| {
        ["list", "events", "log"]
            .map(|command| stdout(&scratch.run(&[command, "--format", "json"])))
    };
    let before = data(&scratch);
    let output = scratch.run(&["fmt"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(
        scratch.text(),
        "# One catalogue in several forms of TOML at once: orgs inline in the root table, quoted and\n\
         # dotted headers, a spec's history inline in its table and another's as tables.\n\
         format = 1\n\
         org = [\n  \
           { id = \"gcc\", name = \"Global Computing Consortium\", short = \"GCC\" },\n  \
           { name = \"Open Compute Project Foundation\", id = \"ocp\" },  # keys in any order\n\
         ]\n\
         \n\
         # ---- sources ----\n\
         [[source]]\n\
         id = \"gcc-news\"\n\
         title = \"White papers released at the GCC forum\"\n\
         publisher = \"GCC\"\n\
         date = \"2025-07\"\n\
         \n\
         [[source]]\n\
         \"id\" = \"ocp-news\"\n\
         title = 'OCP summit'\n\
         publisher = \"OCP\"\n\
         date = 2025-10-14\n\
         \n\
         # ---- specs ----\n\
         \n\
         [[spec]] # inline history\n\
         id = \"gcc-vector-db-wp\"\n\
         title = \"White Paper on Vector Databases\"\n\
         kind = \"white-paper\"\n\
         orgs = [\"gcc\"]\n\
         history = [\n  \
           { date = \"2025-07-27\", state = \"released\", sources = [\"gcc-news\"] },\n  \
           { date = \"2025-09\", state = \"published\", sources = [\"gcc-news\"] },  # the final text\n\
         ]\n\
         \n\
         [[spec]]\n\
         id = \"ocp-rack\"\n\
         title = \"OCP Rack Specification\"\n\
         kind = \"specification\"\n\
         orgs = [\"ocp\"]\n\
         \n\
         [[spec.history]]\n\
         date = 2025-10-14\n\
         state = \"announced\"\n\
         expected = \"2026-Q2\"\n\
         sources = [\"ocp-news\"]\n\
         \n\
         [[spec.history]] # a draft\n\
         date = \"2026-02\"\n\
         state = \"drafting\"\n\
         sources = [\"ocp-news\"]\n"
    );
    assert_eq!(data(&scratch), before);
    let output = scratch.run(&["fmt", "--check"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let output = scratch.run(&["fmt"]);
    assert!(stdout(&output).ends_with("already in canonical layout\n"));
}

#[test]
fn record_writes_the_version_after_the_url() {
    let scratch = Scratch::with(FIXTURE);
    let output = scratch.run(&[
        "record",
        "vector",
        "databases",
        "--date",
        "2026-04-10",
        "--state",
        "published",
        "--source",
        "gcc-news-2025-07",
        "--url",
        "https://example.org/vdb.pdf",
        "--version",
        "v1.0",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_inserted(
        FIXTURE,
        &scratch.text(),
        "\n",
        &[
            "[[spec.history]]",
            "date = \"2026-04-10\"",
            "state = \"published\"",
            "sources = [\"gcc-news-2025-07\"]",
            "url = \"https://example.org/vdb.pdf\"",
            "version = \"v1.0\"",
        ],
    );
    let status = scratch.run(&["status", "gcc-vector-db-wp"]);
    assert!(
        stdout(&status).contains("Published v1.0 on 2026-04-10"),
        "{}",
        stdout(&status)
    );
    // `spectrack --version` is still spectrack's own.
    let own = scratch.run(&["--version"]);
    assert!(stdout(&own).starts_with("spectrack "), "{}", stdout(&own));
}

#[test]
fn a_coarser_date_may_follow_a_finer_one_it_overlaps() {
    // The last entry of gcc-vector-db-wp is dated 2025-07-27; a source giving only the year
    // may follow it, one wholly before it may not.
    let scratch = Scratch::with(FIXTURE);
    let output = scratch.run(&[
        "record",
        "gcc-vector-db-wp",
        "--date",
        "2025",
        "--note",
        "the year only",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        scratch
            .text()
            .contains("date = \"2025\"\nnote = \"the year only\"\n")
    );
    let before = scratch.text();
    let output = scratch.run(&[
        "record",
        "gcc-vector-db-wp",
        "--date",
        "2024",
        "--note",
        "x",
    ]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("lies wholly before the last history entry"),
        "{}",
        stderr(&output)
    );
    assert_eq!(scratch.text(), before);
}

/// `add event --end 2026-04` after `--start 2026-04-10` is what the same event written by
/// hand is: accepted (a month ends on its last day), and `check` says the same of both.
#[test]
fn an_event_added_is_judged_as_one_written_by_hand() {
    let args = [
        "add",
        "event",
        "summit",
        "--name",
        "Summit",
        "--start",
        "2026-04-10",
        "--end",
        "2026-04",
    ];
    let by_command = Scratch::with(FIXTURE);
    let output = by_command.run(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let added = inserted(FIXTURE, &by_command.text());
    assert_eq!(
        added,
        "\n[[event]]\nid = \"summit\"\nname = \"Summit\"\nstart = \"2026-04-10\"\nend = \"2026-04\"\n"
    );
    let by_hand = Scratch::with(&by_command.text());
    let check = |s: &Scratch| {
        let output = s.run(&["check"]);
        (code(&output), stderr(&output))
    };
    assert_eq!(check(&by_command), check(&by_hand));
    assert_eq!(check(&by_hand).0, 0);

    // Ending before it starts: refused by the command, reported by check, the same message.
    let early = Scratch::with(FIXTURE);
    let mut args = args;
    args[8] = "2026-03";
    let refused = stderr(&early.run(&args));
    let hand = Scratch::with(
        &by_command
            .text()
            .replace("end = \"2026-04\"", "end = \"2026-03\""),
    );
    let message = "error: [[event]] `summit` ends (2026-03) before it starts (2026-04-10)";
    assert!(refused.contains(message), "{refused}");
    assert!(check(&hand).1.contains(message), "{}", check(&hand).1);
    assert_eq!(early.text(), FIXTURE);
}

/// Topics are lowercase: `check` reports `DPU`, and `--topic` finds it in any case.
#[test]
fn an_upper_case_topic_is_reported_and_still_found() {
    let scratch = Scratch::with(&FIXTURE.replace("topics = [\"databases\"]", "topics = [\"DPU\"]"));
    let output = scratch.run(&["check", "--strict"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("warning: topic `DPU` of [[spec]] `gcc-vector-db-wp` is not lowercase"),
        "{}",
        stderr(&output)
    );
    for wanted in ["DPU", "dpu", "Dpu"] {
        let output = scratch.run(&["list", "--topic", wanted, "--format", "csv"]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        assert!(
            stdout(&output).contains("gcc-vector-db-wp"),
            "{wanted}: {}",
            stdout(&output)
        );
    }
}

/// A date after today is refused unless --future; `check --strict` reports such entries.
#[test]
fn entries_dated_after_today_need_future() {
    let scratch = Scratch::with(FIXTURE);
    let args = [
        "record",
        "gcc-vector-db-wp",
        "--date",
        "2026-12-01",
        "--note",
        "planned",
    ];
    let output = scratch.run(&args);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "error: the 2026-12-01 entry of `gcc-vector-db-wp` is dated after today (2026-11-21)"
        ),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("--future"), "{}", stderr(&output));
    assert_eq!(scratch.text(), FIXTURE);

    let mut future = args.to_vec();
    future.push("--future");
    let output = scratch.run(&future);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("warning: the 2026-12-01 entry"),
        "{}",
        stderr(&output)
    );
    let output = scratch.run(&["check", "--strict"]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("is dated after today"),
        "{}",
        stderr(&output)
    );
}

/// The warnings an edit brings in are printed by the edit, and only those.
#[test]
fn an_edit_prints_the_warnings_it_brings_in() {
    let scratch = Scratch::with(FIXTURE);
    // Back from `released` to `drafting`: check would warn.
    let output = scratch.run(&[
        "record",
        "gcc-vector-db-wp",
        "--date",
        "2026-03",
        "--state",
        "drafting",
        "--source",
        "gcc-news-2025-07",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stderr(&output);
    assert!(
        text.contains(
            "warning: the state of `gcc-vector-db-wp` goes back from `released` to `drafting`"
        ),
        "{text}"
    );
    assert!(text.contains("written with 1 new warning"), "{text}");
    // The next edit does not repeat it.
    let output = scratch.run(&[
        "record",
        "gcc-vector-db-wp",
        "--date",
        "2026-04",
        "--note",
        "n",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}
