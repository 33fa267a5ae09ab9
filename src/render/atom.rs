//! `atom`: an Atom feed (RFC 4287) of history entries, one `<entry>` each.
//!
//! Entry ids are tag URIs made of the spec id and the entry's date (with `/2`, `/3` … for a
//! second or third entry of one spec on one date), so they stay the same when entries are
//! added elsewhere. `updated` is the entry's date (its first day); the feed's is the latest
//! entry's. The XML is written by quick-xml, which escapes all text; characters XML 1.0 cannot
//! hold at all (most control characters) are shown as U+FFFD.

use std::collections::HashMap;
use std::io::Write;

use jiff::civil::Date;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::report::{LogEntry, LogReport, SourceRef};

/// The authority and date of every tag URI spectrack mints (RFC 4151).
const TAG: &str = "tag:spectrack,2026:";

/// What the feed is about: every spec, or one.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    All,
    /// One spec: its id and title.
    Spec(&'a str, &'a str),
}

/// Writes `report` as an Atom feed. `fallback` dates a feed with no entries.
pub fn write(
    report: &LogReport,
    scope: Scope<'_>,
    fallback: Date,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut xml = Writer::new_with_indent(out, b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    xml.write_event(Event::Start(
        BytesStart::new("feed").with_attributes([("xmlns", "http://www.w3.org/2005/Atom")]),
    ))?;
    let (title, id) = match scope {
        Scope::All => (
            "Promised specifications: history".to_owned(),
            format!("{TAG}log"),
        ),
        Scope::Spec(spec, title) => (format!("{title}: history"), format!("{TAG}log/{spec}")),
    };
    element(&mut xml, "title", &title)?;
    element(&mut xml, "id", &id)?;
    let updated = report
        .entries
        .iter()
        .map(|e| e.entry.date.get_ref().start())
        .max()
        .unwrap_or(fallback);
    element(&mut xml, "updated", &timestamp(updated))?;
    xml.create_element("author")
        .write_inner_content(|w| element(w, "name", "spectrack"))?;
    element(&mut xml, "generator", "spectrack")?;
    let mut seen: HashMap<(&str, crate::date::PartialDate), usize> = HashMap::new();
    for entry in report.items() {
        let n = seen.entry((entry.spec, entry.entry.date)).or_default();
        *n += 1;
        write_entry(&mut xml, &entry, *n)?;
    }
    xml.write_event(Event::End(BytesEnd::new("feed")))?;
    xml.into_inner().write_all(b"\n")
}

fn write_entry<W: Write>(xml: &mut Writer<W>, e: &LogEntry<'_>, n: usize) -> std::io::Result<()> {
    let item = &e.entry;
    let changes = item.changes();
    let title = if changes.is_empty() {
        format!("{}: note", e.title)
    } else {
        let words: Vec<&str> = changes
            .iter()
            .map(|c| c.strip_prefix("→ ").unwrap_or(c))
            .collect();
        format!("{}: {}", e.title, words.join(", "))
    };
    let mut id = format!("{TAG}{}/{}", e.spec, item.date);
    if n > 1 {
        id.push_str(&format!("/{n}"));
    }
    let mut content = vec![
        format!("{} ({})", e.title, e.spec),
        format!("Date: {}", item.date),
    ];
    content.extend(changes);
    content.extend(item.note.clone());
    content.extend(item.url.clone());
    content.extend(item.sources.iter().map(|s| {
        let title = s.title.as_deref().unwrap_or(&s.id);
        format!("Source: {title} ({})", SourceRef::citation(s))
    }));
    xml.create_element("entry").write_inner_content(|w| {
        element(w, "title", &title)?;
        element(w, "id", &id)?;
        element(w, "updated", &timestamp(item.date.start()))?;
        if let Some(url) = item.url.as_deref().filter(|u| web(u)) {
            link(w, "alternate", url)?;
        }
        for url in item.sources.iter().filter_map(|s| s.url.as_deref()) {
            if web(url) {
                link(w, "related", url)?;
            }
        }
        if let Some(state) = item.state {
            w.create_element("category")
                .with_attribute(("term", state.as_str()))
                .write_empty()?;
        }
        w.create_element("content")
            .with_attribute(("type", "text"))
            .write_text_content(BytesText::new(&xml_text(&content.join("\n"))))?;
        Ok(())
    })?;
    Ok(())
}

fn element<W: Write>(xml: &mut Writer<W>, name: &str, text: &str) -> std::io::Result<()> {
    xml.create_element(name)
        .write_text_content(BytesText::new(&xml_text(text)))?;
    Ok(())
}

fn link<W: Write>(xml: &mut Writer<W>, rel: &str, href: &str) -> std::io::Result<()> {
    let href = xml_text(href);
    xml.create_element("link")
        .with_attributes([("rel", rel), ("href", href.as_str())])
        .write_empty()?;
    Ok(())
}

/// Only web addresses become links; anything else (e.g. `javascript:`) stays text.
fn web(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Midnight UTC of `day`, as RFC 3339.
fn timestamp(day: Date) -> String {
    format!("{day}T00:00:00Z")
}

/// `text` with the characters XML 1.0 forbids even escaped, and bidirectional overrides
/// (which could disguise an entry), replaced by U+FFFD.
fn xml_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if crate::terminal::needs_escape(c) || c == '\u{fffe}' || c == '\u{ffff}' => {
                '\u{fffd}'
            }
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(xml_text("a\u{1b}b\u{0}c\nd"), "a\u{fffd}b\u{fffd}c\nd");
    }

    #[test]
    fn only_web_addresses_are_links() {
        assert!(web("https://example.org"));
        assert!(!web("javascript:alert(1)"));
    }
}
