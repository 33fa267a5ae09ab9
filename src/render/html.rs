//! `export --format html`: one self-contained status page (askama, which escapes every value).
//!
//! The page loads nothing from elsewhere and runs no script: styles are inline, the timeline
//! is inline SVG, and a Content-Security-Policy forbids anything else, so even a hostile
//! title could not fetch or execute anything. Catalogue text is always escaped by the
//! template engine; only `http(s)` addresses become links. The timeline's numbers and class
//! names, which spectrack makes, are written unescaped (`|safe`).

use std::borrow::Cow;
use std::io::Write;

use askama::Template;
use jiff::civil::Date;

use crate::ahead::read_ahead;
use crate::catalog::State;
use crate::date::{PartialDate, days_between};
use crate::report::{EventReport, Outcome, SourceRef, SpecSummary, StatusPage};

#[derive(Template)]
#[template(path = "status.html")]
struct Page<'a> {
    as_of: String,
    /// The day the page was made (today, or `--today`).
    generated: String,
    version: &'static str,
    /// The date of the latest history entry that counts: how fresh the catalogue is.
    latest: Option<String>,
    pending: Rows<'a, PendingRow<'a>>,
    specs: Rows<'a, SpecRow<'a>>,
    overdue: usize,
    events: Rows<'a, EventRow<'a>>,
    timeline: Svg<'a>,
}

/// Rows made one at a time as the template loops over them, so the page never holds them
/// all (at 100,000 specs they would be several times the catalogue).
struct Rows<'a, T> {
    len: usize,
    make: Box<dyn Fn() -> Box<dyn Iterator<Item = T> + 'a> + 'a>,
}

impl<'a, T> Rows<'a, T> {
    fn new<I: Iterator<Item = T> + 'a>(len: usize, make: impl Fn() -> I + 'a) -> Self {
        Self {
            len,
            make: Box::new(move || Box::new(make())),
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<'a, T> IntoIterator for &Rows<'a, T> {
    type Item = T;
    type IntoIter = Box<dyn Iterator<Item = T> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        (self.make)()
    }
}

struct PendingRow<'a> {
    spec: &'a SpecSummary<'a>,
    lead: Option<&'a str>,
    href: Option<&'a str>,
    state: String,
    expected: String,
    overdue: bool,
    sources: Vec<Link<'a>>,
}

/// Every spec on the page, with its landing page and its sources.
struct SpecRow<'a> {
    id: &'a str,
    title: &'a str,
    href: Option<&'a str>,
    sources: Vec<Link<'a>>,
}

/// A source as cited: "GCC, 2026-03" (the date kept on one line), its title, and a link
/// when it has a web address; borrowed from the catalogue but for a short citation.
struct Link<'a> {
    /// The publisher, when the date follows it (after a comma the template writes), or the
    /// whole short citation.
    text: Cow<'a, str>,
    date: Option<PartialDate>,
    title: &'a str,
    href: Option<&'a str>,
}

impl<'a> Link<'a> {
    fn new(source: &SourceRef<'a>) -> Self {
        let (text, date) = match (source.publisher, source.date) {
            (Some(publisher), Some(date)) => (Cow::Borrowed(publisher), Some(date)),
            _ => (Cow::Owned(source.short_citation()), None),
        };
        Self {
            text,
            date,
            title: source.title.unwrap_or(source.id),
            href: web(source.url),
        }
    }
}

struct EventRow<'a> {
    event: &'a EventReport,
    href: Option<&'a str>,
    dates: String,
    released: Vec<String>,
    expected: Vec<(String, &'static str)>,
}

/// The timeline as numbers ready for the SVG.
struct Svg<'a> {
    width: u32,
    height: u32,
    label_x: u32,
    plot_left: u32,
    plot_right: u32,
    years: Vec<(X, String)>,
    rows: Rows<'a, SvgRow<'a>>,
    today_x: X,
    today_label: String,
    bottom: u32,
}

struct SvgRow<'a> {
    y: u32,
    text_y: u32,
    id: &'a str,
    title: &'a str,
    /// x, class, and the tooltip's date and text (written together by the template, not
    /// first into a string of their own).
    marks: Vec<(X, &'static str, PartialDate, String)>,
    /// x, overdue, date.
    expected: Vec<(X, bool, PartialDate)>,
}

/// The template's escaper (see `askama.toml`): HTML escaping of text in which control
/// characters are first made visible, so a page printed to a terminal, or viewed as source,
/// carries no escape sequence from the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct VisibleHtml;

impl askama::filters::Escaper for VisibleHtml {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, text: &str) -> std::fmt::Result {
        // Most of a page's text is printable ASCII without HTML's five specials: one pass over
        // it (which the compiler makes wide) instead of one for controls and one for HTML.
        if text.bytes().fold(true, |plain, b| {
            plain & (b' '..=b'~').contains(&b) & !super::markup_special(b)
        }) {
            return dest.write_str(text);
        }
        askama::filters::Html.write_escaped_str(dest, &crate::terminal::visible_keeping_lines(text))
    }
}

/// Writes the page for `page`, made on the day `generated`.
pub fn write(page: &StatusPage, generated: Date, out: &mut dyn Write) -> std::io::Result<()> {
    // Rows are made in the page's orders, not the catalogue's: read ahead.
    let pending = Rows::new(page.pending.len(), || {
        let rows = read_ahead(page.pending.len(), |n| page.touch_pending_row(n));
        rows.map(|n| &page.pending[n]).map(|(of, spec)| PendingRow {
            sources: page.sources(of).iter().map(Link::new).collect(),
            lead: page.lead(of),
            spec,
            href: web(spec.url),
            state: match spec.days_overdue {
                Some(days) => format!("{}, overdue {}", spec.state, crate::report::days(days)),
                None => spec.state.to_string(),
            },
            expected: spec.expected_text().unwrap_or_default(),
            overdue: spec.overdue,
        })
    });
    let events = Rows::new(page.events.events.len(), || {
        page.events.events.iter().map(|event| EventRow {
            event,
            href: web(event.url.as_deref()),
            dates: event.dates(),
            released: event
                .released
                .iter()
                .map(|r| format!("{} ({})", r.title, r.state))
                .collect(),
            expected: event
                .expected
                .iter()
                .map(|x| {
                    let (outcome, class) = match &x.outcome {
                        Outcome::Delivered { state, date } => {
                            (format!("{state} {}", crate::report::on(date)), "good")
                        }
                        Outcome::Ended { state } => (format!("{state} instead"), ""),
                        Outcome::Pending { .. } => ("pending".to_owned(), ""),
                        Outcome::Overdue { days } => {
                            (format!("overdue {}", crate::report::days(*days)), "bad")
                        }
                    };
                    (format!("{}: {outcome}", x.title), class)
                })
                .collect(),
        })
    });
    let specs = Rows::new(page.timeline.len(), || {
        let rows = read_ahead(page.timeline.len(), |n| page.touch_timeline_row(n));
        rows.map(|n| (n, &page.timeline[n])).map(|(n, t)| SpecRow {
            id: t.spec.id.as_str(),
            title: t.spec.title.as_str(),
            href: web(t.spec.url().map(|u| u.as_str())),
            sources: page.timeline_sources(n).iter().map(Link::new).collect(),
        })
    });
    let latest = page.latest.map(|d| d.to_string());
    // Written straight to `out`, not first into a string of the whole page.
    Page {
        as_of: page.as_of.to_string(),
        generated: generated.to_string(),
        version: env!("CARGO_PKG_VERSION"),
        latest,
        specs,
        overdue: page.pending.iter().filter(|(_, s)| s.overdue).count(),
        pending,
        events,
        timeline: svg(page),
    }
    .write_into(out)?;
    out.write_all(b"\n")
}

/// An x coordinate of the timeline, written with one decimal when the page is (not kept as
/// a string: a page of 100,000 specs has several for each). Digits and a point only, so the
/// template writes it unescaped.
#[derive(Debug, Clone, Copy)]
struct X(f64);

impl std::fmt::Display for X {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1}", self.0)
    }
}

/// Only web addresses become links; anything else (`javascript:` …) is left out.
fn web(url: Option<&str>) -> Option<&str> {
    url.filter(|u| super::is_web(u))
}

const ROW: u32 = 24;
const TOP: u32 = 34;
const WIDTH: u32 = 1160;
const LEFT: u32 = 300;
const RIGHT: u32 = 1140;

fn svg<'a>(page: &'a StatusPage<'a>) -> Svg<'a> {
    let today = page.as_of;
    // Whole years from the first mark to the last (today included).
    let first_year = page
        .span
        .map_or(today.year(), |(first, _)| first.year())
        .min(today.year());
    let last_year = page
        .span
        .map_or(today.year(), |(_, last)| last.year())
        .max(today.year());
    let start = Date::new(first_year, 1, 1).unwrap_or(today);
    let end = Date::new(last_year.saturating_add(1), 1, 1)
        .or_else(|_| Date::new(last_year, 12, 31))
        .unwrap_or(today);
    let span = days_between(start, end).max(1) as f64;
    let x = move |day: Date| {
        let offset = days_between(start, day) as f64;
        X(f64::from(LEFT) + offset / span * f64::from(RIGHT - LEFT))
    };
    let years = (first_year..=last_year)
        .filter_map(|y| Date::new(y, 1, 1).ok())
        .map(|d| (x(d), d.year().to_string()))
        .collect();
    let specs = &page.timeline;
    let rows = Rows::new(specs.len(), move || {
        let rows = read_ahead(specs.len(), |n| page.touch_timeline_row(n));
        rows.map(|n| (n, &specs[n])).map(move |(i, spec)| {
            let spec = page.timeline_spec(*spec);
            let y = TOP + ROW * u32::try_from(i).unwrap_or(u32::MAX / ROW / 2) + ROW / 2;
            SvgRow {
                y,
                text_y: y + 4,
                id: spec.id,
                title: spec.title,
                marks: spec
                    .entries
                    .into_iter()
                    .map(|(date, state, what)| {
                        (
                            x(midpoint(date.start(), date.end())),
                            class(state),
                            date,
                            what,
                        )
                    })
                    .collect(),
                expected: spec
                    .expected
                    .iter()
                    .map(|&(date, overdue)| (x(date.end()), overdue, date))
                    .collect(),
            }
        })
    });
    let bottom = TOP + ROW * u32::try_from(specs.len()).unwrap_or(0);
    Svg {
        width: WIDTH,
        height: bottom + 12,
        label_x: 8,
        plot_left: LEFT,
        plot_right: RIGHT,
        years,
        today_x: x(today),
        today_label: today.to_string(),
        rows,
        bottom,
    }
}

fn midpoint(start: Date, end: Date) -> Date {
    let half = days_between(start, end) / 2;
    start
        .checked_add(jiff::Span::new().days(half))
        .unwrap_or(start)
}

/// The CSS class of a history mark.
fn class(state: Option<State>) -> &'static str {
    match state {
        None => "note",
        Some(State::Proposed | State::Announced) => "promise",
        Some(State::Drafting) => "drafting",
        Some(State::Released) => "released",
        Some(State::Published) => "published",
        Some(State::Withdrawn | State::Superseded) => "ended",
    }
}

#[cfg(test)]
mod tests {
    use askama::filters::Escaper;

    use super::*;

    /// The page's escaper gives what escaping controls, then HTML, gives: for every ASCII
    /// character alone and among plain text, and for text the fast path does not take.
    #[test]
    fn the_escaper_is_visible_then_html() {
        let mut texts: Vec<String> = (0u8..=0x7f)
            .flat_map(|b| {
                let c = char::from(b);
                [c.to_string(), format!("Plain {c} text")]
            })
            .collect();
        texts.extend(
            ["", "OCP — 2026", "a\r\nb", "x\u{202e}y", "<b>&amp;\"'</b>"].map(str::to_owned),
        );
        for text in &texts {
            let mut ours = String::new();
            VisibleHtml.write_escaped_str(&mut ours, text).unwrap();
            let mut theirs = String::new();
            askama::filters::Html
                .write_escaped_str(&mut theirs, &crate::terminal::visible_keeping_lines(text))
                .unwrap();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }
}
