//! `atom`: an Atom feed (RFC 4287) of history entries, one `<entry>` each.
//!
//! Entry ids are tag URIs made of the spec id and the entry's date (with `/2`, `/3` … for a
//! second or third entry of one spec on one date), so they stay the same when entries are
//! added elsewhere. `updated` is the entry's date (its first day); the feed's is the latest
//! entry's. The XML is written by quick-xml, which escapes all text; characters XML 1.0 cannot
//! hold at all (most control characters) are shown as U+FFFD.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use jiff::civil::Date;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::date::PartialDate;
use crate::report::{LogEntry, LogReport};

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
    for entry in report.items() {
        write_entry(&mut xml, &entry)?;
    }
    xml.write_event(Event::End(BytesEnd::new("feed")))?;
    xml.into_inner().write_all(b"\n")
}

fn write_entry<W: Write>(xml: &mut Writer<W>, e: &LogEntry<'_>) -> std::io::Result<()> {
    // Each text pushed together piece by piece: `format!` was a tenth of writing the feed.
    let item = &e.entry;
    let changes = item.changes();
    let mut title = String::with_capacity(e.title.len() + 32);
    title.push_str(e.title);
    title.push_str(": ");
    if changes.is_empty() {
        title.push_str("note");
    }
    for (at, change) in changes.iter().enumerate() {
        if at > 0 {
            title.push_str(", ");
        }
        title.push_str(change.strip_prefix("→ ").unwrap_or(change));
    }
    let mut id = String::with_capacity(TAG.len() + e.spec.len() + 16);
    id.push_str(TAG);
    id.push_str(e.spec);
    id.push('/');
    item.date.push_to(&mut id);
    if e.nth > 1 {
        // Writing into a String cannot fail.
        let _ = write!(id, "/{}", e.nth);
    }
    // The content's lines, written into one string.
    let mut content = String::with_capacity(256);
    content.push_str(e.title);
    content.push_str(" (");
    content.push_str(e.spec);
    content.push_str(")\nDate: ");
    item.date.push_to(&mut content);
    for line in changes
        .iter()
        .map(String::as_str)
        .chain(item.note)
        .chain(item.url)
    {
        content.push('\n');
        content.push_str(line);
    }
    for source in &item.sources {
        content.push_str("\nSource: ");
        content.push_str(source.title.unwrap_or(source.id));
        content.push_str(" (");
        source.write_citation(&mut content, true);
        content.push(')');
    }
    xml.create_element("entry").write_inner_content(|w| {
        element(w, "title", &title)?;
        element(w, "id", &id)?;
        element(w, "updated", &timestamp(item.date.start()))?;
        if let Some(url) = item.url.filter(|u| super::is_web(u)) {
            link(w, "alternate", url)?;
        }
        for url in item.sources.iter().filter_map(|s| s.url) {
            if super::is_web(url) {
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
            .write_text_content(text(&xml_text(&content)))?;
        Ok(())
    })?;
    Ok(())
}

fn element<W: Write>(xml: &mut Writer<W>, name: &str, text: &str) -> std::io::Result<()> {
    xml.create_element(name)
        .write_text_content(self::text(&xml_text(text)))?;
    Ok(())
}

/// `text` as XML character data. Most text has none of the five characters XML escapes,
/// found in one wide pass: it goes out as it is, not scanned again byte by byte.
fn text(text: &str) -> BytesText<'_> {
    let special = text
        .bytes()
        .fold(false, |found, b| found | super::markup_special(b));
    if special {
        BytesText::new(text)
    } else {
        BytesText::from_escaped(text)
    }
}

fn link<W: Write>(xml: &mut Writer<W>, rel: &str, href: &str) -> std::io::Result<()> {
    let href = xml_text(href);
    xml.create_element("link")
        .with_attributes([("rel", rel), ("href", &*href)])
        .write_empty()?;
    Ok(())
}

/// Midnight UTC of `day`, as RFC 3339.
fn timestamp(day: Date) -> String {
    let mut text = String::with_capacity(20);
    PartialDate::day(day).push_to(&mut text);
    text.push_str("T00:00:00Z");
    text
}

/// `text` with the characters XML 1.0 forbids even escaped, and bidirectional overrides
/// (which could disguise an entry), replaced by U+FFFD.
fn xml_text(text: &str) -> Cow<'_, str> {
    let forbidden = |c: char| {
        !matches!(c, '\t' | '\n' | '\r')
            && (crate::terminal::needs_escape(c) || c == '\u{fffe}' || c == '\u{ffff}')
    };
    // Most text has none: kept as it is, not copied.
    if crate::terminal::is_plain_text(text) || !text.chars().any(forbidden) {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| if forbidden(c) { '\u{fffd}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text goes out as quick-xml escapes it, whether or not it had anything to escape.
    #[test]
    fn text_is_escaped_as_quick_xml_escapes_it() {
        for t in [
            "",
            "plain",
            "OCP — 2026 → released",
            "a < b & c > d",
            "'q' \"qq\"",
        ] {
            assert_eq!(&*text(t), &*BytesText::new(t), "{t}");
        }
    }

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(xml_text("a\u{1b}b\u{0}c\nd"), "a\u{fffd}b\u{fffd}c\nd");
    }
}
