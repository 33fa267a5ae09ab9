//! Sharing commands through the binary: feeds read back by real parsers (icalendar,
//! quick-xml), the status page rendered by a real browser, diff against a git revision,
//! completions and the man page.

use std::path::Path;
use std::process::{Command, Output};

use icalendar::{CalendarComponent, Component, DatePerhapsTime};
use serde::Deserialize;

const CATALOG: &str = "tests/fixtures/gcc-ocp.toml";
const HOSTILE: &str = "tests/fixtures/hostile.toml";

fn spectrack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .args(["--today", "2026-11-21"])
        .args(args)
        .env_remove("SPECTRACK_CATALOG")
        .output()
        .expect("the binary runs")
}

/// Runs spectrack; returns stdout, checking exit 0.
fn run(args: &[&str]) -> String {
    let output = spectrack(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn events(calendar: &icalendar::Calendar) -> Vec<&icalendar::Event> {
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

#[test]
fn the_ics_feed_is_read_by_a_real_parser() {
    let text = run(&["--catalog", CATALOG, "events", "--format", "ics"]);
    // Every line ends in CRLF and is at most 75 octets.
    assert!(text.ends_with("\r\n"));
    for line in text.split_terminator("\r\n") {
        assert!(!line.contains('\n'), "bare LF in {line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let calendar: icalendar::Calendar = text.parse().expect("icalendar parses the feed");
    let events = events(&calendar);
    let uids: Vec<&str> = events.iter().filter_map(|e| e.get_uid()).collect();
    assert!(
        uids.contains(&"event-oai-summit-2026@spectrack"),
        "{uids:?}"
    );
    assert!(
        uids.contains(&"expected-gcc-dpu-specs@spectrack"),
        "{uids:?}"
    );
    let summit = events
        .iter()
        .find(|e| e.get_uid() == Some("event-oai-summit-2026@spectrack"))
        .unwrap();
    assert!(matches!(summit.get_start(), Some(DatePerhapsTime::Date(_))));
    assert_eq!(summit.property_value("DTSTART"), Some("20260409"));
    // Exclusive end: the day after the last day (10 April).
    assert_eq!(summit.property_value("DTEND"), Some("20260411"));
    assert_eq!(summit.get_summary(), Some("2026 Open AI Infra Summit"));
    let expected = events
        .iter()
        .find(|e| e.get_uid() == Some("expected-gcc-dpu-specs@spectrack"))
        .unwrap();
    assert!(
        expected
            .get_summary()
            .is_some_and(|s| s.starts_with("Expected: DPU compatibility"))
    );
    let description = expected.get_description().unwrap_or_default();
    assert!(description.contains("DPU Project Group"), "{description}");
    assert!(description.contains("kick-off meeting"), "{description}");
    // Reproducible: the same catalogue gives the same bytes on another day, as long as no
    // status changed in between.
    let later = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .args([
            "--today",
            "2026-11-28",
            "--catalog",
            CATALOG,
            "events",
            "--format",
            "ics",
        ])
        .output()
        .unwrap();
    assert_eq!(later.stdout, text.as_bytes());
}

#[test]
fn a_partial_expected_date_is_shown_on_its_last_day() {
    let text = run(&["--catalog", HOSTILE, "events", "--format", "ics"]);
    let calendar: icalendar::Calendar = text.parse().expect("icalendar parses the feed");
    let events = events(&calendar);
    let quarter = events
        .iter()
        .find(|e| e.get_uid() == Some("expected-script-spec@spectrack"))
        .expect("the 2026-Q4 promise");
    assert_eq!(quarter.property_value("DTSTART"), Some("20261231"));
    assert_eq!(quarter.property_value("DTEND"), Some("20270101"));
    let unfolded = icalendar::parser::unfold(&text);
    assert!(
        unfolded.contains("Expected in 2026-Q4\\; shown on its last day\\, 2026-12-31."),
        "{unfolded}"
    );
}

#[test]
fn hostile_text_is_escaped_in_the_ics_feed() {
    let text = run(&["--catalog", HOSTILE, "events", "--format", "ics"]);
    let unfolded = icalendar::parser::unfold(&text);
    // No control character but CR and LF at line ends; TEXT specials escaped.
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\r' && c != '\n')
    );
    assert!(
        unfolded.contains("Script spec\\; a\\, b \\\\ c"),
        "{unfolded}"
    );
    // A `javascript:` address never becomes a URL property.
    assert!(!unfolded.contains("URL:javascript"));
    let calendar: icalendar::Calendar = text.parse().expect("icalendar parses the feed");
    assert_eq!(events(&calendar).len(), 3);
}

/// Everything a quick-xml reader sees in a feed: element names and text, in order.
fn read_xml(text: &str) -> (Vec<String>, Vec<String>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let (mut names, mut texts) = (Vec::new(), Vec::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                names.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
            }
            Event::Text(t) => texts.push(t.decode().unwrap().into_owned()),
            Event::GeneralRef(r) => texts.push(format!("&{};", r.decode().unwrap())),
            Event::Eof => break,
            _ => {}
        }
    }
    (names, texts)
}

#[test]
fn the_atom_feed_is_well_formed_with_stable_ids() {
    let text = run(&["--catalog", CATALOG, "log", "--format", "atom"]);
    let (names, texts) = read_xml(&text);
    assert_eq!(names.first().map(String::as_str), Some("feed"));
    let entries = names.iter().filter(|n| *n == "entry").count();
    let json: Vec<serde_json::Value> =
        serde_json::from_str(&run(&["--catalog", CATALOG, "log", "--format", "json"])).unwrap();
    assert_eq!(entries, json.len());
    let ids: Vec<&String> = texts.iter().filter(|t| t.starts_with("tag:")).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "ids are unique: {ids:?}");
    assert!(
        ids.iter()
            .any(|i| *i == "tag:spectrack,2026:ocp-oam/2019-03-14")
    );
}

#[test]
fn hostile_text_is_escaped_in_the_atom_feed() {
    let text = run(&["--catalog", HOSTILE, "log", "--format", "atom"]);
    let (names, _) = read_xml(&text);
    // Only Atom's own elements: the titles' markup stayed text.
    for name in &names {
        assert!(
            [
                "feed",
                "title",
                "id",
                "updated",
                "author",
                "name",
                "generator",
                "entry",
                "link",
                "category",
                "content"
            ]
            .contains(&name.as_str()),
            "unexpected element <{name}>"
        );
    }
    assert!(text.contains("&lt;img src=x onerror=alert(3)&gt;"));
    assert!(!text.contains("javascript:"));
    assert!(!text.contains('\u{1b}'));
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiffJson {
    added: Vec<String>,
    removed: Vec<String>,
    changed: Vec<ChangeJson>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ChangeJson {
    id: String,
    field: String,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct SlipJson {
    id: String,
    slips: u32,
    days: i64,
}

#[test]
fn slips_json_has_the_documented_shape() {
    let text = run(&[
        "--catalog",
        "tests/fixtures/slips.toml",
        "slips",
        "--format",
        "json",
    ]);
    let slips: Vec<SlipJson> = serde_json::from_str(&text).unwrap();
    assert_eq!(
        slips[0],
        SlipJson {
            id: "often-late".into(),
            slips: 2,
            days: 295
        }
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

#[test]
fn diff_reads_the_old_catalogue_from_a_git_revision() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("data");
    std::fs::create_dir(&sub).unwrap();
    let path = sub.join("specs.toml");
    std::fs::copy("tests/fixtures/slips-before.toml", &path).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "before"]);
    std::fs::copy("tests/fixtures/slips.toml", &path).unwrap();
    let path_text = path.to_str().unwrap();
    // Run from elsewhere: the revision is read relative to the catalogue's own folder.
    let text = run(&["--catalog", path_text, "diff", "HEAD", "--format", "json"]);
    let diff: DiffJson = serde_json::from_str(&text).unwrap();
    assert_eq!(diff.added, ["once-late"]);
    assert_eq!(diff.removed, ["dropped"]);
    assert_eq!(
        diff.changed[0],
        ChangeJson {
            id: "often-late".into(),
            field: "expected".into(),
            from: Some("2026-04-10".into()),
            to: Some("2026-12".into())
        }
    );
    // An unknown revision (and no such file) is a clear error, exit 2.
    let output = spectrack(&["--catalog", path_text, "diff", "no-such-rev"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`no-such-rev` is not a file, and git cannot read"),
        "{stderr}"
    );
    // The built-in catalogue has no history to read.
    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .current_dir(dir.path())
        .args(["--today", "2026-11-21", "diff", "HEAD"])
        .env_remove("SPECTRACK_CATALOG")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("built-in"));
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let text = run(&["completions", shell]);
        assert!(text.contains("spectrack"), "{shell}");
        assert!(text.contains("slips"), "{shell} completes the subcommands");
    }
    let bash = run(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("spectrack.bash");
    std::fs::write(&script, bash).unwrap();
    if let Ok(out) = Command::new("bash").arg("-n").arg(&script).output() {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let man = run(&["man"]);
    assert!(man.contains(".TH spectrack 1"));
    // Every page the main page refers to exists: `man --dir` writes them all.
    let pages = dir.path().join("man1");
    let written = run(&["man", "--dir", pages.to_str().unwrap()]);
    assert!(written.lines().count() > 15, "{written}");
    for file in std::fs::read_dir(&pages).unwrap() {
        let path = file.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(".ie") || text.contains(".TH "),
            "{}",
            path.display()
        );
        for (at, _) in text.match_indices("(1)") {
            let name: String = text[..at]
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '\\')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let name = name.replace('\\', "");
            assert!(
                pages.join(format!("{name}.1")).is_file(),
                "{} refers to {name}(1), which was not written",
                path.display()
            );
        }
    }
    assert!(pages.join("spectrack-add-spec.1").is_file());
    assert!(!man.contains("spectrack\\-help(1)"), "no page for `help`");
    let output = spectrack(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
}

/// Headless Chromium, when installed. Without it the browser tests say so and pass, except
/// under CI (CI=true), where they must run.
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser"].into_iter().find(|name| {
        Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(
            !ci,
            "chromium is not installed, and CI=true needs the browser tests"
        );
        eprintln!("chromium is not installed: skipping the browser test (it runs under CI=true)");
    }
    found
}

/// The DOM Chromium builds from the page spectrack exports for `catalog`.
fn rendered_dom(browser: &str, catalog: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("status.html");
    run(&[
        "--catalog",
        catalog,
        "export",
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]);
    let profile = dir.path().join("profile");
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 DOM")
}

#[test]
fn the_status_page_renders_in_a_browser_with_every_pending_title() {
    let Some(browser) = chromium() else { return };
    let dom = rendered_dom(browser, CATALOG);
    let pending: Vec<serde_json::Value> =
        serde_json::from_str(&run(&["--catalog", CATALOG, "pending", "--format", "json"])).unwrap();
    assert!(!pending.is_empty());
    for spec in &pending {
        let title = spec["title"].as_str().unwrap();
        assert!(dom.contains(title), "the page shows {title:?}");
    }
    assert!(dom.contains("<svg"), "the timeline is drawn");
}

#[test]
fn hostile_titles_show_as_text_and_inject_nothing() {
    let Some(browser) = chromium() else { return };
    let dom = rendered_dom(browser, HOSTILE);
    // The DOM has no element the catalogue tried to add: no <img>, no <script>, no <b>/<i>.
    for tag in ["<img", "<script", "<b>", "<i>"] {
        assert!(!dom.contains(tag), "the DOM has {tag}: {dom}");
    }
    // The text is there, escaped.
    assert!(
        dom.contains("&lt;img src=x onerror=alert(3)&gt; Image spec"),
        "{dom}"
    );
    assert!(
        dom.contains("&lt;script&gt;alert('spec')&lt;/script&gt; Script spec"),
        "{dom}"
    );
    assert!(!dom.contains("javascript:"), "no javascript: link");
}

#[test]
fn the_status_page_links_every_spec_to_its_sources_and_page() {
    let page = run(&["--catalog", "specs.toml", "export", "--format", "html"]);
    assert!(
        page.contains("Generated on 2026-11-21 by spectrack "),
        "{page}"
    );
    assert!(
        page.contains("the catalogue's latest entry is dated "),
        "{page}"
    );
    let specs: Vec<serde_json::Value> = serde_json::from_str(&run(&[
        "--catalog",
        "specs.toml",
        "list",
        "--format",
        "json",
    ]))
    .unwrap();
    let section = &page[page.find("<h2 id=\"specs\">").expect("a specs section")..];
    for spec in &specs {
        let id = spec["id"].as_str().unwrap();
        assert!(section.contains(&format!(">{id}</span>")), "{id} is listed");
        if let Some(url) = spec["url"].as_str().filter(|u| u.starts_with("http")) {
            assert!(
                section.contains(&format!("<a href=\"{url}\">")),
                "{id} links {url}"
            );
        }
    }
    // A source with a web address is linked, from the pending table and the list.
    assert!(
        page.matches("href=\"https://en.gccorg.com/article/262/376.html\"")
            .count()
            >= 2,
        "the kick-off source is linked from the pending row and the spec list"
    );
}

/// The width of `png`'s image, from its header.
fn png_width(png: &[u8]) -> u32 {
    assert_eq!(&png[1..4], b"PNG", "a PNG file");
    u32::from_be_bytes(png[16..20].try_into().unwrap())
}

/// The page reads on a phone (375 px) and a desktop (1280 px): nothing runs off sideways,
/// neither the page nor a table in its box (measured by a test page that frames it), and a screenshot is taken at each width. With
/// SPECTRACK_UPDATE_SCREENSHOT=1 the desktop one replaces docs/status-page.png.
#[test]
fn the_status_page_fits_a_phone_and_a_desktop() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("status.html");
    run(&[
        "--catalog",
        "specs.toml",
        "export",
        "-o",
        page.to_str().unwrap(),
    ]);
    let chromium = |args: &[String]| {
        let output = Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("profile").display()
            ))
            .args(args)
            .output()
            .expect("chromium runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    for width in [375_u32, 1280] {
        // The page forbids scripts; a test page in the same folder frames it and measures.
        let probe = dir.path().join(format!("probe-{width}.html"));
        std::fs::write(
            &probe,
            format!(
                "<!DOCTYPE html><body style=\"margin:0\"><iframe id=\"f\" src=\"status.html\" \
                 style=\"width:{width}px;height:900px;border:0\"></iframe><pre id=\"out\">not \
                 measured</pre><script>document.getElementById('f').addEventListener('load', \
                 function () {{ var doc = this.contentDocument, d = doc.documentElement, over = \
                 d.scrollWidth - d.clientWidth; doc.querySelectorAll('table').forEach(function \
                 (t) {{ var box = t.parentElement; over = Math.max(over, box.scrollWidth - \
                 box.clientWidth); }}); document.getElementById('out').textContent = \
                 'overflow=' + over + ';links=' + doc.links.length; }});\
                 </script></body>"
            ),
        )
        .unwrap();
        let dom = chromium(&[
            "--allow-file-access-from-files".to_owned(),
            "--dump-dom".to_owned(),
            format!("file://{}", probe.display()),
        ]);
        let measured = dom
            .split("<pre id=\"out\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .unwrap_or_default()
            .to_owned();
        assert!(
            measured.starts_with("overflow=0;"),
            "at {width} px: {measured}"
        );
        let links: usize = measured.split("links=").nth(1).unwrap().parse().unwrap();
        assert!(links > 10, "at {width} px the page has {links} links");

        let shot = dir.path().join(format!("status-{width}.png"));
        chromium(&[
            format!("--window-size={width},1600"),
            format!("--screenshot={}", shot.display()),
            format!("file://{}", page.display()),
        ]);
        let png = std::fs::read(&shot).expect("a screenshot");
        assert_eq!(png_width(&png), width);
        if width == 1280 && std::env::var_os("SPECTRACK_UPDATE_SCREENSHOT").is_some() {
            std::fs::write("docs/status-page.png", &png).unwrap();
        }
    }
}
