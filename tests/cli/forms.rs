//! The same catalogue written in other forms of TOML, for the reader's tests and the
//! benchmarks (`gencat --form`, which includes this file).
//!
//! Takes a catalogue in the plain form `spectrack fmt` and the generator write (comments,
//! `[[table]]` headers, one `key = value` per line with one-line values) and rewrites it;
//! each form means the same data.

/// A way of writing a catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// As given.
    Plain,
    /// History entries as arrays of inline tables (`history = [{ date = "2026", … }]`), and
    /// the orgs as one array of inline tables at the top.
    Inline,
    /// Quoted keys, and table headers as dotted keys with spaces and quotes
    /// (`[[ "spec" . 'history' ]]`).
    Dotted,
    /// Multi-line and literal strings, arrays over several lines with comments, a comment
    /// under every header, CRLF line endings.
    Multiline,
    /// Plain, with one misspelt key (`summray`) in the middle spec.
    UnknownKey,
    /// Plain, with each table's keys in reverse order: the same TOML as plain, which `fmt`
    /// rewrites in every record (so it measures `fmt` on a form the reader takes at its
    /// plainest, with all of the layout's work).
    Unordered,
}

impl Form {
    pub const ALL: [Form; 6] = [
        Form::Plain,
        Form::Inline,
        Form::Dotted,
        Form::Multiline,
        Form::UnknownKey,
        Form::Unordered,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Form::Plain => "plain",
            Form::Inline => "inline",
            Form::Dotted => "dotted",
            Form::Multiline => "multiline",
            Form::UnknownKey => "unknown-key",
            Form::Unordered => "unordered",
        }
    }

    pub fn parse(name: &str) -> Option<Form> {
        Form::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// One line of the plain form.
enum Line<'t> {
    Other(&'t str),
    Header(&'t str),
    Pair(&'t str, &'t str),
}

fn line(text: &str) -> Line<'_> {
    if let Some(name) = text.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")) {
        return Line::Header(name);
    }
    match text.split_once(" = ") {
        Some((key, value)) if !text.starts_with('#') => Line::Pair(key, value),
        _ => Line::Other(text),
    }
}

/// `plain` rewritten in `form`.
pub fn reform(plain: &str, form: Form) -> String {
    match form {
        Form::Plain => plain.to_owned(),
        Form::Inline => inline(plain),
        Form::Dotted => dotted(plain),
        Form::Multiline => multiline(plain),
        Form::UnknownKey => unknown_key(plain),
        Form::Unordered => unordered(plain),
    }
}

fn inline(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len() + plain.len() / 8);
    let mut orgs: Vec<Vec<(&str, &str)>> = Vec::new();
    // The history entries of the spec being read, and what was written after it.
    let mut entries: Vec<Vec<(&str, &str)>> = Vec::new();
    let mut section = "";
    let mut rest = String::new();
    let flush = |out: &mut String, entries: &mut Vec<Vec<(&str, &str)>>| {
        if entries.is_empty() {
            return;
        }
        out.push_str("history = [\n");
        for entry in entries.drain(..) {
            let pairs: Vec<String> = entry.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            out.push_str(&format!("  {{ {} }},\n", pairs.join(", ")));
        }
        out.push_str("]\n");
    };
    for text in plain.lines() {
        match line(text) {
            Line::Header(name) => {
                if name != "spec.history" {
                    flush(&mut rest, &mut entries);
                }
                section = name;
                match name {
                    "org" => orgs.push(Vec::new()),
                    "spec.history" => entries.push(Vec::new()),
                    _ => {
                        rest.push_str(text);
                        rest.push('\n');
                    }
                }
            }
            Line::Pair(key, value) => match section {
                "org" => orgs.last_mut().unwrap().push((key, value)),
                "spec.history" => entries.last_mut().unwrap().push((key, value)),
                _ if section.is_empty() => {
                    out.push_str(text);
                    out.push('\n');
                }
                _ => {
                    rest.push_str(text);
                    rest.push('\n');
                }
            },
            Line::Other(other) => {
                if section.is_empty() {
                    out.push_str(other);
                    out.push('\n');
                } else if !matches!(section, "org" | "spec.history") {
                    rest.push_str(other);
                    rest.push('\n');
                }
            }
        }
    }
    flush(&mut rest, &mut entries);
    out.push_str("org = [\n");
    for org in orgs {
        let pairs: Vec<String> = org.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        out.push_str(&format!("  {{ {} }},\n", pairs.join(", ")));
    }
    out.push_str("]\n\n");
    out.push_str(&rest);
    out
}

fn dotted(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len() + plain.len() / 4);
    for text in plain.lines() {
        match line(text) {
            Line::Header("spec.history") => out.push_str("[[ \"spec\" . 'history' ]]"),
            Line::Header(name) => out.push_str(&format!("[[ '{name}' ]]")),
            Line::Pair(key, value) => out.push_str(&format!("\"{key}\" = {value}")),
            Line::Other(other) => out.push_str(other),
        }
        out.push('\n');
    }
    out
}

fn multiline(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len() * 3 / 2);
    let mut strings = 0usize;
    // One string in a multi-line form: basic (escapes kept) or literal when it has none.
    let mut string = |value: &str| -> String {
        strings += 1;
        let inner = &value[1..value.len() - 1];
        if strings.is_multiple_of(2) && !inner.contains(['\\', '\'']) {
            format!("'''{inner}'''")
        } else {
            format!("\"\"\"\\\n    {inner}\"\"\"")
        }
    };
    for text in plain.lines() {
        match line(text) {
            Line::Header(name) => {
                out.push_str(&format!("[[{name}]]  # a record\r\n# about it\r\n"));
                continue;
            }
            Line::Pair(key, value) if value.starts_with('"') => {
                out.push_str(&format!("{key} = {}", string(value)));
            }
            Line::Pair(key, value) if value.starts_with('[') => {
                let items = &value[1..value.len() - 1];
                out.push_str(&format!("{key} = [  # the {key}\r\n"));
                for item in items.split(", ").filter(|i| !i.is_empty()) {
                    out.push_str(&format!("  {},  # one\r\n", string(item)));
                }
                out.push(']');
            }
            Line::Pair(key, value) => out.push_str(&format!("{key} = {value}")),
            Line::Other(other) => out.push_str(other),
        }
        out.push_str("\r\n");
    }
    out
}

fn unknown_key(plain: &str) -> String {
    let specs = plain.matches("\n[[spec]]\n").count();
    let mut seen = 0;
    let mut out = String::with_capacity(plain.len() + 32);
    for text in plain.lines() {
        out.push_str(text);
        out.push('\n');
        if text == "[[spec]]" {
            seen += 1;
            if seen == specs / 2 + 1 {
                out.push_str("summray = \"a misspelt key\"\n");
            }
        }
    }
    out
}

/// Each run of `key = value` lines (a table's keys) in reverse order.
fn unordered(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len());
    let mut keys: Vec<&str> = Vec::new();
    for text in plain.lines() {
        if let Line::Pair(..) = line(text) {
            keys.push(text);
            continue;
        }
        for key in keys.drain(..).rev() {
            out.push_str(key);
            out.push('\n');
        }
        out.push_str(text);
        out.push('\n');
    }
    for key in keys.drain(..).rev() {
        out.push_str(key);
        out.push('\n');
    }
    out
}
