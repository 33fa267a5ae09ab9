//! The one reader on every form of TOML: the same catalogue written as plain tables, inline
//! tables, dotted keys or multi-line strings (see `forms.rs`), with CRLF or a byte order
//! mark, reads as the same model with the same problems, and every problem of form is
//! located in whichever form it was written.

use spectrack::catalog::{Arena, Catalog, check_in};

use super::forms::{Form, reform};

/// The catalogue's records without their places in the text, to compare across forms.
fn records(catalog: &Catalog<'_>) -> String {
    let text = format!(
        "{:?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}",
        catalog.format.get_ref(),
        catalog.orgs,
        catalog.events,
        catalog.sources,
        catalog.specs
    );
    // `Spanned { start: 1, end: 2, value: … }`: drop the offsets.
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        if (trimmed.starts_with("start: ") || trimmed.starts_with("end: "))
            && trimmed[trimmed.find(": ").unwrap() + 2..]
                .trim_end_matches(',')
                .parse::<u32>()
                .is_ok()
        {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// What checking `text` finds: the records, and each diagnostic's message with the text
/// it points at.
fn read(text: &str) -> (Option<String>, Vec<(String, String)>) {
    let arena = Arena::new();
    let checked = check_in(text, &arena);
    let found = checked
        .diagnostics
        .iter()
        .map(|d| {
            let at = d.span.clone().and_then(|s| text.get(s)).unwrap_or_default();
            (d.message.clone(), at.to_owned())
        })
        .collect();
    (checked.catalog.as_ref().map(records), found)
}

fn generated(specs: usize, seed: u64) -> String {
    spectrack_synth::catalogue(specs, seed).unwrap()
}

#[test]
fn every_form_reads_as_the_same_model_with_the_same_problems() {
    for form in Form::ALL {
        assert_eq!(
            Form::parse(form.name()),
            Some(form),
            "gencat --form names it"
        );
    }
    for seed in [1, 7, 42] {
        let plain = generated(60, seed);
        let (model, problems) = read(&plain);
        let model = model.expect("a generated catalogue reads");
        let messages: Vec<&String> = problems.iter().map(|(m, _)| m).collect();
        let crlf = plain.replace('\n', "\r\n");
        let bom = format!("\u{feff}{plain}");
        let others = [Form::Inline, Form::Dotted, Form::Multiline, Form::Unordered]
            .map(|form| (form.name(), reform(&plain, form)));
        for (name, text) in others.into_iter().chain([("crlf", crlf), ("bom", bom)]) {
            let (other, found) = read(&text);
            assert_eq!(
                other.as_deref(),
                Some(model.as_str()),
                "{name}, seed {seed}"
            );
            let found: Vec<&String> = found.iter().map(|(m, _)| m).collect();
            assert_eq!(found, messages, "{name}, seed {seed}");
        }
    }
}

/// Changes a plain catalogue so it has one problem of each kind (of form, not TOML syntax).
fn with_problems(plain: &str) -> String {
    let mut out = String::new();
    let mut specs = 0;
    let mut done = [false; 4];
    let mut in_spec = false;
    let mut in_entry = false;
    for line in plain.lines() {
        if line == "[[spec]]" {
            specs += 1;
        }
        in_spec = line == "[[spec]]" || (in_spec && !line.starts_with("[["));
        in_entry = line == "[[spec.history]]" || (in_entry && !line.starts_with("[["));
        if specs == 2 && in_spec && line.starts_with("title = ") && !done[0] {
            done[0] = true; // missing `title`
            continue;
        }
        if specs == 3 && in_spec && line.starts_with("kind = ") && !done[1] {
            done[1] = true;
            out.push_str("kind = 7\n"); // wrong type
            continue;
        }
        if specs == 4 && in_entry && line.starts_with("state = ") && !done[2] {
            done[2] = true;
            out.push_str("state = \"publised\"\n"); // bad value
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if specs == 5 && line == "[[spec]]" && !done[3] {
            done[3] = true;
            out.push_str("summray = \"a misspelt key\"\n"); // unknown key
        }
    }
    assert_eq!(done, [true; 4], "the catalogue has too few specs");
    out
}

#[test]
fn every_problem_of_form_is_located_in_every_form() {
    let plain = with_problems(&generated(40, 3));
    let (_, expected) = read(&plain);
    let of_form = |found: &[(String, String)]| -> Vec<(String, String)> {
        found
            .iter()
            .filter(|(m, _)| {
                m.contains("missing `title`")
                    || m.contains("must be a kind")
                    || m.contains("unknown state `publised`")
                    || m.contains("unknown key `summray`")
            })
            .cloned()
            .collect()
    };
    let expected = of_form(&expected);
    assert_eq!(expected.len(), 4, "{expected:#?}");
    for form in [Form::Plain, Form::Inline, Form::Dotted, Form::Multiline] {
        let text = reform(&plain, form);
        let (_, found) = read(&text);
        let found = of_form(&found);
        let messages =
            |v: &[(String, String)]| v.iter().map(|(m, _)| m.clone()).collect::<Vec<_>>();
        assert_eq!(messages(&found), messages(&expected), "{}", form.name());
        // Each points at what it is about, however that was written.
        for (message, at) in &found {
            let want = if message.contains("missing") {
                "spec"
            } else if message.contains("kind") {
                "7"
            } else if message.contains("state") {
                "publised"
            } else {
                "summray"
            };
            assert!(
                at.contains(want),
                "{}: {message} points at {at:?}",
                form.name()
            );
        }
    }
}

#[test]
fn the_unknown_key_form_has_one_error_with_a_suggestion() {
    let text = reform(&generated(40, 1), Form::UnknownKey);
    let arena = Arena::new();
    let checked = check_in(&text, &arena);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .message
            .starts_with("unknown key `summray` in [[spec]]")
    );
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `summary`?"));
}

/// TOML's own rules hold in every form: a key set twice, in a table, an inline table or a
/// dotted key, is a located syntax error.
#[test]
fn duplicate_keys_are_located_in_every_form() {
    let base = "format = 1\n[[org]]\nid = \"o\"\nname = \"O\"\n";
    for (text, second) in [
        (format!("{base}name = \"P\"\n"), "name = \"P\""),
        (
            "format = 1\norg = [{ id = \"o\", name = \"O\", name = \"P\" }]\n".to_owned(),
            "name = \"P\"",
        ),
        (format!("{base}\"name\" = 'P'\n"), "\"name\" = 'P'"),
        (
            format!("{base}[org.extra]\nx = 1\n[org.extra]\ny = 2\n"),
            "[org.extra]\ny",
        ),
    ] {
        let (model, found) = read(&text);
        assert!(model.is_none(), "{text}");
        assert_eq!(found.len(), 1, "{text}: {found:#?}");
        assert_eq!(found[0].0, "duplicate key", "{text}");
        let start = text.rfind(second).unwrap();
        let arena = Arena::new();
        let span = check_in(&text, &arena).diagnostics[0].span.clone().unwrap();
        assert!(
            span.start >= start && span.start < start + second.len(),
            "{text}: at {span:?}"
        );
    }
}

/// Comments anywhere, arrays over lines, a table written as a section and as dotted keys:
/// all read the same.
#[test]
fn mixed_forms_in_one_file() {
    let plain = "format = 1\n[[org]]\nid = \"o\"\nname = \"O\"\n[[source]]\nid = \"s\"\n\
                 title = \"S\"\npublisher = \"P\"\ndate = \"2026\"\n[[spec]]\nid = \"x\"\n\
                 title = \"X\"\nkind = \"guide\"\norgs = [\"o\"]\n[[spec.history]]\n\
                 date = 2026-03-06\nstate = \"proposed\"\nsources = [\"s\"]\n";
    let mixed = "# head\nformat = 1 # the format\n\norg = [ # orgs\n  { id = 'o', name = \"\"\"O\"\"\" },\n]\n\
                 [[source]] # one\n\"id\" = \"s\"\ntitle = '''S'''\npublisher = \"\\u0050\"\ndate = \"2026\"\n\
                 [[spec]]\nid = \"x\"\ntitle = \"X\"\nkind = \"guide\"\norgs = [\n  \"o\", # lead\n]\n\
                 history = [{ date = 2026-03-06, state = \"proposed\", sources = [\"s\"] }]\n";
    let (a, problems_a) = read(plain);
    let (b, problems_b) = read(mixed);
    assert!(a.is_some());
    assert_eq!(a, b);
    let messages = |v: Vec<(String, String)>| v.into_iter().map(|(m, _)| m).collect::<Vec<_>>();
    assert_eq!(messages(problems_a), messages(problems_b));
}
