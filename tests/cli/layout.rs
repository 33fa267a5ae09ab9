//! Tables at 60, 80, 120 and 200 columns over the shipped catalogue: no line wider than the
//! width (a web address aside), every id and date whole, and a stacked layout when a table
//! cannot fit. One check runs the binary in a real terminal (tmux), when tmux is installed.

use std::process::Command;

const WIDTHS: [u16; 4] = [60, 80, 120, 200];

fn run(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--today", "2026-11-21", "--catalog", "specs.toml"])
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The ids, event ids and dates the shipped catalogue's tables show.
fn tokens() -> Vec<String> {
    let list: Vec<serde_json::Value> =
        serde_json::from_str(&run(&["list", "--format", "json"])).unwrap();
    let events: Vec<serde_json::Value> =
        serde_json::from_str(&run(&["events", "--format", "json"])).unwrap();
    let mut tokens: Vec<String> = list
        .iter()
        .flat_map(|s| {
            [
                s["id"].as_str(),
                s["since"].as_str(),
                s["expected"].as_str(),
            ]
        })
        .chain(events.iter().map(|e| e["id"].as_str()))
        .flatten()
        .map(str::to_owned)
        .collect();
    tokens.sort();
    tokens.dedup();
    assert!(tokens.len() > 20, "{tokens:?}");
    tokens
}

fn check_fits(text: &str, width: u16, what: &str) {
    for line in text.lines() {
        let count = line.chars().count();
        assert!(
            count <= usize::from(width) || line.contains("://"),
            "{what} at {width}: {count} characters: {line:?}"
        );
    }
}

/// Wrapping at spaces creates no new word: every word of `text` is a word of the unwrapped
/// output, a `Key:` of the stacked layout, or a piece of a web address (which may wrap). And
/// every id and date the unwrapped output shows is still there.
fn check_whole(text: &str, unwrapped: &str, tokens: &[String], what: &str) {
    let words: std::collections::HashSet<&str> = unwrapped.split_whitespace().collect();
    let urls: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| w.contains("://"))
        .collect();
    for word in text.split_whitespace() {
        let known = words.contains(word)
            || (word.ends_with(':') && word[..word.len() - 1].chars().all(char::is_alphabetic))
            || word.chars().all(|c| c == '─')
            || urls.iter().any(|u| u.contains(word));
        assert!(known, "{what}: `{word}` is a slice of a word:\n{text}");
    }
    for token in tokens.iter().filter(|t| unwrapped.contains(t.as_str())) {
        assert!(
            text.contains(token.as_str()),
            "{what}: `{token}` lost:\n{text}"
        );
    }
}

#[test]
fn tables_fit_every_width_and_keep_ids_and_dates_whole() {
    let tokens = tokens();
    let commands: [&[&str]; 6] = [
        &["list"],
        &["pending"],
        &["events"],
        &["log"],
        &["show", "gcc-dpu-specs"],
        &["slips"],
    ];
    for args in commands {
        let unwrapped = run(args);
        for width in WIDTHS {
            let w = width.to_string();
            let text = run(&[&["--width", w.as_str()], args].concat());
            let what = format!("{args:?}");
            check_fits(&text, width, &what);
            check_whole(&text, &unwrapped, &tokens, &what);
        }
    }
}

#[test]
fn optional_columns_give_way_then_the_table_stacks() {
    let header = |text: &str| text.lines().next().unwrap_or_default().to_owned();
    let wide = run(&["--width", "200", "list"]);
    assert!(header(&wide).ends_with("Lead"), "{wide}");
    let middle = run(&["--width", "120", "list"]);
    assert!(
        header(&middle).starts_with("ID"),
        "a table at 120: {middle}"
    );
    assert!(!header(&middle).contains("Lead"), "Lead gives way first");
    let narrow = run(&["--width", "80", "list"]);
    assert!(narrow.starts_with("ID:"), "stacked at 80: {narrow}");
    // One block per spec, a blank line between blocks, every field a `Key: value` line.
    let specs: Vec<serde_json::Value> =
        serde_json::from_str(&run(&["list", "--format", "json"])).unwrap();
    assert_eq!(narrow.split("\n\n").count(), specs.len());
    for block in narrow.split("\n\n") {
        assert!(block.starts_with("ID:"), "{block}");
        assert!(block.contains("\nTitle:"), "{block}");
        assert!(block.contains("\nState:"), "{block}");
    }
}

#[test]
fn piped_tables_are_not_wrapped() {
    let text = run(&["list"]);
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest > 200, "lines stay whole when piped: {longest}");
}

/// The pane of an 80-column tmux terminal after `sh -c script` ran in it (in the project's
/// folder, with `$SPECTRACK` the binary); `None` when tmux is not installed.
fn in_tmux(script: &str, env: &[(&str, &str)]) -> Option<String> {
    let tmux = |args: &[&str]| Command::new("tmux").args(args).output();
    if !tmux(&["-V"]).is_ok_and(|o| o.status.success()) {
        eprintln!("tmux is not installed: skipping the terminal check");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("tmux.sock");
    let socket = socket.to_str().unwrap();
    let done = dir.path().join("done");
    let exports: String = env
        .iter()
        .map(|(k, v)| format!("export {k}='{v}'; "))
        .collect();
    let command = format!(
        "cd '{}' && export SPECTRACK='{}'; unset PAGER SPECTRACK_PAGER LESS; {exports}{script}; touch '{}'; sleep 30",
        env!("CARGO_MANIFEST_DIR"),
        env!("CARGO_BIN_EXE_spectrack"),
        done.display()
    );
    let started = tmux(&[
        "-S",
        socket,
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-x",
        "80",
        "-y",
        "200",
        "sh",
        "-c",
        &command,
    ])
    .expect("tmux runs");
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );
    let mut waited = 0;
    while !done.exists() && waited < 100 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        waited += 1;
    }
    let pane = tmux(&["-S", socket, "capture-pane", "-p", "-J"]).expect("tmux captures");
    let _ = tmux(&["-S", socket, "kill-server"]);
    assert!(done.exists(), "the script did not finish in the tmux pane");
    Some(String::from_utf8_lossy(&pane.stdout).into_owned())
}

/// The width of a real terminal is used without `--width`: an 80-column tmux pane.
#[test]
fn a_real_terminal_of_80_columns() {
    let script = "\"$SPECTRACK\" --today 2026-11-21 --catalog specs.toml --no-pager events";
    let Some(text) = in_tmux(script, &[]) else {
        return;
    };
    let piped = run(&["--width", "80", "events"]);
    let first = piped.lines().next().unwrap();
    assert!(
        text.contains(first),
        "the pane shows the 80-column layout:\n{text}"
    );
    check_fits(&text, 80, "events in tmux");
}

/// On a terminal a table goes through $PAGER (with LESS=FRX unless set), not with
/// --no-pager, and not when piped.
#[test]
fn tables_go_through_the_pager_on_a_terminal_only() {
    let pager = "sed \"s/^/[$LESS]/\"";
    let script = "\"$SPECTRACK\" --today 2026-11-21 --catalog specs.toml log -n 2; \
                  \"$SPECTRACK\" --today 2026-11-21 --catalog specs.toml --no-pager log -n 1 --reverse; \
                  \"$SPECTRACK\" --today 2026-11-21 --catalog specs.toml check";
    let Some(text) = in_tmux(script, &[("PAGER", pager)]) else {
        return;
    };
    let paged: Vec<&str> = text.lines().filter(|l| l.starts_with("[FRX]")).collect();
    assert!(
        paged.iter().any(|l| l.contains("Date")),
        "the log was paged:\n{text}"
    );
    let unpaged = text.lines().filter(|l| l.starts_with("Date")).count();
    assert_eq!(unpaged, 1, "--no-pager prints directly:\n{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("no problems found") && !l.starts_with('[')),
        "check is not paged:\n{text}"
    );
    // Piped, the pager is not used.
    let output = Command::new(env!("CARGO_BIN_EXE_spectrack"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--today", "2026-11-21", "--catalog", "specs.toml", "log"])
        .env("PAGER", pager)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains("[FRX]"));
}
