//! `ics`: an iCalendar feed (RFC 5545) of the gatherings and the pending specs' expected dates.
//!
//! Every entry is all-day (`DTSTART;VALUE=DATE`, `DTEND` the day after the last day). UIDs
//! come from ids (`event-<id>@spectrack`, `expected-<spec>@spectrack`), so a subscribed
//! calendar updates its entries instead of adding copies; DTSTAMP is the catalogue's latest
//! recorded day, so the same catalogue always gives the same bytes. Lines end in CRLF and are
//! folded at 75 octets, never inside a UTF-8 character; TEXT values are escaped.

use std::io::Write;

use jiff::civil::Date;

use crate::date::Precision;
use crate::report::{CalendarReport, EventReport, Outcome, Promise};

/// The longest a physical line may be, in octets, without its CRLF.
pub const MAX_OCTETS: usize = 75;

pub fn write(report: &CalendarReport, out: &mut dyn Write) -> std::io::Result<()> {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//spectrack//spectrack//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "X-WR-CALNAME:Promised specifications".into(),
        format!(
            "X-WR-CALDESC:{}",
            text("Gatherings and expected releases, from spectrack")
        ),
    ];
    let stamp = format!("DTSTAMP:{}T000000Z", day(report.stamp));
    // Each entry's lines are written as soon as they are made, never the whole feed held.
    let mut write = |lines: &mut Vec<String>| -> std::io::Result<()> {
        for line in lines.drain(..) {
            out.write_all(fold(&line).as_bytes())?;
            out.write_all(b"\r\n")?;
        }
        Ok(())
    };
    write(&mut lines)?;
    for event in &report.events.events {
        event_lines(event, &stamp, &mut lines);
        write(&mut lines)?;
    }
    for promise in &report.promises {
        promise_lines(promise, &stamp, &mut lines);
        write(&mut lines)?;
    }
    lines.push("END:VCALENDAR".into());
    write(&mut lines)
}

fn event_lines(event: &EventReport, stamp: &str, lines: &mut Vec<String>) {
    let last = event.end.unwrap_or(event.start);
    let mut description = Vec::new();
    if event.start.precision() != Precision::Day || last.precision() != Precision::Day {
        description.push(format!(
            "Dates as known: {}; shown over the whole interval.",
            event.dates()
        ));
    }
    for p in &event.promised {
        let what = p.text();
        let detail = what.strip_prefix("promised there").unwrap_or(&what);
        description.push(format!("Promised here: {} ({}){detail}", p.title, p.spec));
    }
    for r in &event.released {
        description.push(format!(
            "{} here: {} ({})",
            capital(r.state.as_str()),
            r.title,
            r.spec
        ));
    }
    for x in &event.expected {
        let outcome = match &x.outcome {
            Outcome::Delivered { state, date } => format!("{state} {}", crate::report::on(date)),
            Outcome::Ended { state } => format!("{state} instead"),
            Outcome::Pending { .. } => "pending".to_owned(),
            Outcome::Overdue { .. } => "overdue".to_owned(),
        };
        description.push(format!(
            "Expected here: {} ({}): {outcome}",
            x.title, x.spec
        ));
    }
    let mut entry = vec![
        format!("UID:event-{}@spectrack", event.id),
        stamp.to_owned(),
        format!("SUMMARY:{}", text(&event.name)),
    ];
    entry.extend(all_day(event.start.start(), last.end()));
    entry.extend(
        event
            .place
            .as_deref()
            .map(|p| format!("LOCATION:{}", text(p))),
    );
    if !description.is_empty() {
        entry.push(format!("DESCRIPTION:{}", text(&description.join("\n"))));
    }
    entry.extend(uri(event.url.as_deref()));
    vevent(entry, lines);
}

fn promise_lines(promise: &Promise, stamp: &str, lines: &mut Vec<String>) {
    let last = promise.due.end();
    let mut description = vec![format!("{} ({})", promise.title, promise.spec)];
    description.extend(promise.org.as_ref().map(|o| format!("Org: {o}")));
    let by = match &promise.event {
        Some(event) => format!("{} ({})", event.name, promise.due),
        None => promise.due.to_string(),
    };
    description.push(format!(
        "Promised {} for {by}.",
        crate::report::on(&promise.promised)
    ));
    if promise.due.precision() != Precision::Day {
        description.push(format!(
            "Expected in {}; shown on its last day, {last}.",
            promise.due
        ));
    }
    // Not the day count: the feed should change when the catalogue does, not every day.
    if promise.days_overdue.is_some() {
        description.push(format!("Overdue: due by {last}, not delivered yet."));
    }
    for source in &promise.sources {
        let title = source.title.unwrap_or(source.id);
        description.push(format!("Source: {title} ({})", source.citation()));
    }
    let mut entry = vec![
        format!("UID:expected-{}@spectrack", promise.spec),
        stamp.to_owned(),
        format!("SUMMARY:{}", text(&format!("Expected: {}", promise.title))),
    ];
    entry.extend(all_day(last, last));
    entry.push(format!("DESCRIPTION:{}", text(&description.join("\n"))));
    entry.extend(uri(promise.url.as_deref()));
    vevent(entry, lines);
}

fn vevent(entry: Vec<String>, lines: &mut Vec<String>) {
    lines.push("BEGIN:VEVENT".into());
    lines.extend(entry);
    // All-day entries are not busy time.
    lines.push("TRANSP:TRANSPARENT".into());
    lines.push("END:VEVENT".into());
}

/// DTSTART and DTEND of an all-day entry from `first` to `last`, inclusive. DTEND is the day
/// after (exclusive); on the last day of year 9999 it is left out, which means one day.
fn all_day(first: Date, last: Date) -> Vec<String> {
    let mut lines = vec![format!("DTSTART;VALUE=DATE:{}", day(first))];
    if let Ok(after) = last.tomorrow() {
        lines.push(format!("DTEND;VALUE=DATE:{}", day(after)));
    }
    lines
}

fn day(date: Date) -> String {
    date.strftime("%Y%m%d").to_string()
}

/// A `URL` line for a web address with no spaces or control characters; anything else
/// (`javascript:` …) is left out.
fn uri(url: Option<&str>) -> Option<String> {
    url.filter(|u| super::is_web(u) && !u.chars().any(|c| c.is_whitespace() || c.is_control()))
        .map(|u| format!("URL:{u}"))
}

fn capital(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A TEXT value (RFC 5545 section 3.3.11): `\`, `;` and `,` escaped, line breaks as `\n`,
/// other control characters (not allowed in TEXT) and bidirectional overrides (which could
/// disguise a calendar entry) shown as U+FFFD.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if crate::terminal::needs_escape(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line (RFC 5545 section 3.1): physical lines of at most 75 octets, each
/// continuation starting with a space, breaks only between UTF-8 characters. Lines are joined
/// with CRLF; the caller ends the last one.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > MAX_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out
}

/// Undoes [`fold`]: a CRLF followed by a space or tab is removed.
pub fn unfold(text: &str) -> String {
    text.replace("\r\n ", "").replace("\r\n\t", "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(text("crlf\r\nlf"), "crlf\\nlf");
        assert_eq!(text("esc\u{1b}[31m"), "esc\u{fffd}[31m");
    }

    #[test]
    fn a_short_line_is_not_folded() {
        assert_eq!(fold("SUMMARY:Summit"), "SUMMARY:Summit");
        let exact = "x".repeat(75);
        assert_eq!(fold(&exact), exact);
        assert_eq!(fold(&"x".repeat(76)), format!("{}\r\n x", "x".repeat(75)));
    }

    proptest! {
        #[test]
        fn folding_keeps_lines_short_and_unfolds_to_the_original(line in "[^\r\n]{0,400}") {
            let folded = fold(&line);
            for (i, physical) in folded.split("\r\n").enumerate() {
                prop_assert!(physical.len() <= MAX_OCTETS, "{} octets", physical.len());
                if i > 0 {
                    prop_assert!(physical.starts_with(' '));
                }
            }
            // `split` on a str only succeeds at char boundaries, and each piece is a str:
            // no character was cut. Unfolding gives the line back.
            prop_assert_eq!(unfold(&folded), line);
        }

        #[test]
        fn escaped_text_has_no_line_breaks(value in "\\PC*|[\r\n\t;,\\\\a-z]*") {
            let escaped = text(&value);
            prop_assert!(!escaped.contains('\r') && !escaped.contains('\n'));
        }
    }
}
