//! Synthetic catalogues of any size, for benchmarks and scale tests (issue 6).
//!
//! [`catalogue`] writes a valid format-1 catalogue with the shape of a real one grown large:
//! standards bodies with committees and working groups under them, gatherings with start and
//! end days, shared news sources with dates of every precision, and specs whose 2-5 history
//! entries move forward through the states, promise dates or events, slip, get released at
//! events, get published, or go overdue. The same size and seed always give the same bytes,
//! so a benchmark can be rerun on exactly the same data.
//!
//! Validity rules it keeps (SPEC section 1): unique ids, every reference resolves, every org,
//! event and source is used, history in date order, the first entry sets a state, entries
//! setting `state` or `expected` cite sources dated exactly as the entry, no state goes
//! backwards, no `expected` is already over when recorded.

use std::collections::{BTreeSet, HashMap};
use std::fmt::{self, Write as _};

use jiff::civil::{Date, date};

use spectrack::catalog::State;
use spectrack::date::PartialDate;

/// The day the generated timeline is built around: entries stop before it, so every entry
/// counts when a benchmark asks about this day, and some promises are overdue on it.
pub const REFERENCE_DAY: &str = "2026-11-21";

/// The smallest catalogue the generator makes: every org must lead at least one spec.
pub const MIN_SPECS: usize = 20;

/// Why no catalogue could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SynthError {
    #[error("a synthetic catalogue needs at least {MIN_SPECS} specs (asked for {0})")]
    TooSmall(usize),
}

/// A catalogue of `specs` specs, the same text for the same `specs` and `seed`.
pub fn catalogue(specs: usize, seed: u64) -> Result<String, SynthError> {
    generate(specs, seed, false)
}

/// Like [`catalogue`], with about 15 warnings in 100 specs on top (no errors): states
/// going backwards and promises already past when recorded (a last entry on
/// `LAST_DAY`, for about 10% of the specs in all) and sources nobody cites (one for every
/// 20 specs). The same shape and size as [`catalogue`]; the same `specs` and `seed` give the
/// same text.
pub fn catalogue_with_warnings(specs: usize, seed: u64) -> Result<String, SynthError> {
    generate(specs, seed, true)
}

fn generate(specs: usize, seed: u64, warnings: bool) -> Result<String, SynthError> {
    if specs < MIN_SPECS {
        return Err(SynthError::TooSmall(specs));
    }
    let mut generator = Generator::new(specs, seed);
    generator.warnings = warnings.then_some(Rng(seed ^ 0x0bad_5eed_0bad_5eed));
    let mut body = String::with_capacity(specs * 650);
    for index in 0..specs {
        // Writing to a String cannot fail.
        let _ = generator.spec(index, &mut body);
    }
    if warnings {
        generator.unused_sources(specs / 20);
    }
    let mut text = String::with_capacity(body.len() + generator.sources.len() * 160 + 4096);
    let _ = generator.header(specs, seed, &mut text);
    text.push_str(&body);
    Ok(text)
}

/// SplitMix64: tiny, fast, and good enough to shape test data. Not for anything secret.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as usize) as i64
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn by weight.
    fn weighted(&mut self, weights: &[usize]) -> usize {
        let mut n = self.below(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if n < *w {
                return i;
            }
            n -= w;
        }
        weights.len() - 1
    }
}

const BODIES: [(&str, &str, &str); 16] = [
    ("ocp", "Open Compute Project Foundation", "OCP"),
    ("gcc", "Global Computing Consortium", "GCC"),
    ("odcc", "Open Data Center Committee", "ODCC"),
    ("jedec", "JEDEC Solid State Technology Association", "JEDEC"),
    ("pcisig", "PCI Special Interest Group", "PCI-SIG"),
    ("cxl", "Compute Express Link Consortium", "CXL"),
    ("uec", "Ultra Ethernet Consortium", "UEC"),
    ("dmtf", "Distributed Management Task Force", "DMTF"),
    ("snia", "Storage Networking Industry Association", "SNIA"),
    (
        "etsi",
        "European Telecommunications Standards Institute",
        "ETSI",
    ),
    ("ccsa", "China Communications Standards Association", "CCSA"),
    ("ieee-sa", "IEEE Standards Association", "IEEE SA"),
    (
        "uci",
        "Universal Chiplet Interconnect Express Consortium",
        "UCIe",
    ),
    ("oif", "Optical Internetworking Forum", "OIF"),
    ("tgg", "The Green Grid", "TGG"),
    ("lf-ai", "LF AI & Data Foundation", "LF AI"),
];

const COMMITTEES: [(&str, &str); 8] = [
    ("server", "Server Project"),
    ("cooling", "Cooling Environments Committee"),
    ("network", "Networking Committee"),
    ("storage", "Storage Committee"),
    ("rack", "Rack & Power Project"),
    ("hpc", "High-Performance Computing Committee"),
    ("security", "Security Committee"),
    ("ai", "Open AI Infra Community"),
];

const TOPICS: [(&str, &str); 18] = [
    ("dpu", "DPU"),
    ("oam", "Accelerator Module"),
    ("ubb", "Universal Baseboard"),
    ("liquid-cooling", "Liquid Cooling"),
    ("interconnect", "Interconnect"),
    ("storage", "Storage"),
    ("security", "Root of Trust"),
    ("telemetry", "Telemetry"),
    ("firmware", "Firmware"),
    ("power", "Power Shelf"),
    ("rack", "Rack"),
    ("networking", "Scale-out Networking"),
    ("memory", "Memory Pooling"),
    ("ai-cluster", "AI Cluster"),
    ("optics", "Co-packaged Optics"),
    ("manageability", "Manageability"),
    ("sustainability", "Heat Reuse"),
    ("testing", "Compliance Testing"),
];

/// Kinds with how often each appears and how titles call them.
const KINDS: [(&str, usize, &str, &str); 8] = [
    ("specification", 45, "Design Specification", "spec"),
    ("white-paper", 20, "White Paper", "wp"),
    ("standard", 10, "Standard", "std"),
    ("guide", 8, "Design Guide", "guide"),
    ("reference-design", 6, "Reference Design", "ref"),
    ("software", 4, "Software Stack", "sw"),
    ("test-suite", 4, "Test Suite", "test"),
    ("report", 3, "Evaluation Report", "rpt"),
];

const PRESS: [&str; 5] = [
    "Data Center Weekly",
    "Shanghai Securities News",
    "CGTN",
    "The Register",
    "HPCwire",
];

const GATHERINGS: [(&str, &str); 5] = [
    ("summit", "Global Summit"),
    ("forum", "Technology Forum"),
    ("expo", "Smart Industry Expo"),
    ("plenary", "Plenary Meeting"),
    ("salon", "Specification Salon"),
];

const PLACES: [&str; 8] = [
    "San Jose McEnery Convention Center, San Jose",
    "Renaissance Beijing Capital Hotel, Beijing",
    "Chongqing International Expo Center, Chongqing",
    "RAI Amsterdam, Amsterdam",
    "Messe Frankfurt, Frankfurt",
    "Taipei Nangang Exhibition Center, Taipei",
    "Online",
    "北京国际会议中心, Beijing",
];

const NOTES: [&str; 10] = [
    "Working group formed; contributors from several vendors.",
    "Draft 0.5 circulated to members for review.",
    "The release date moved after the \"final\" review found open issues.",
    "Presented on stage; the document itself was handed out to attendees only.",
    "Public download now available from the publisher's site.",
    "Members voted to continue the work in a follow-up project.",
    "Source gives only the month; the day is not known.",
    "Errata published: two tables corrected.",
    "Scope widened to cover liquid-cooled systems — see the slides.",
    "Reported by trade press; no statement from the owner yet.",
];

/// Where the timeline starts.
const FIRST_DAY: Date = date(2016, 1, 4);
/// Entries stay on or before this day, so all of them count on [`REFERENCE_DAY`].
const LAST_DAY: Date = date(2026, 11, 20);

fn add_days(day: Date, n: i64) -> Date {
    day.checked_add(jiff::SignedDuration::from_hours(24 * n))
        .unwrap_or(day)
}

fn days(from: Date, to: Date) -> i64 {
    spectrack::date::days_between(from, to)
}

/// `day` widened to a coarser precision (0 day, 1 month, 2 quarter, 3 year).
fn widen(day: Date, precision: usize) -> PartialDate {
    let widened = match precision {
        1 => PartialDate::month(day.year(), day.month()),
        2 => PartialDate::quarter(day.year(), (day.month() - 1) / 3 + 1),
        3 => PartialDate::year(day.year()),
        _ => Ok(PartialDate::day(day)),
    };
    widened.unwrap_or(PartialDate::day(day))
}

struct Org {
    id: String,
    name: String,
    short: Option<String>,
    parent: Option<usize>,
    url: bool,
    /// The standards body at the top of its parent chain.
    body: usize,
}

struct Event {
    id: String,
    name: String,
    start: Date,
    end: Option<Date>,
    place: Option<&'static str>,
    host: usize,
    source: Option<usize>,
}

impl Event {
    /// The day it counts as, when a promise names it (SPEC section 1).
    fn due(&self) -> Date {
        self.end.unwrap_or(self.start)
    }
}

struct Source {
    id: String,
    title: String,
    publisher: String,
    date: PartialDate,
    url: Option<String>,
}

/// A promise in force while a history is written.
#[derive(Clone, Copy)]
enum Promise {
    Date(PartialDate),
    Event(usize),
}

struct Generator {
    rng: Rng,
    orgs: Vec<Org>,
    /// Body index → org index of the body itself.
    body_orgs: Vec<usize>,
    /// Per body: its events by start day.
    calendar: Vec<BTreeSet<(Date, usize)>>,
    events: Vec<Event>,
    sources: Vec<Source>,
    /// (publisher, date) → source index: one news item covers every step it reports.
    source_index: HashMap<(String, PartialDate), usize>,
    /// The random stream of the warnings [`catalogue_with_warnings`] adds; `None` for none.
    warnings: Option<Rng>,
}

impl Generator {
    fn new(specs: usize, seed: u64) -> Self {
        let mut rng = Rng(seed ^ 0x5eed_5bec_7aac_0f0f);
        let bodies = (specs / 5000 + 2).min(40);
        let working_groups = (specs / 60).max(bodies * 2);
        let mut orgs = Vec::new();
        let mut body_orgs = Vec::new();
        let mut committees = Vec::new();
        for b in 0..bodies {
            let (id, name, short) = BODIES[b % BODIES.len()];
            let round = b / BODIES.len();
            let (id, name) = if round == 0 {
                (id.to_owned(), name.to_owned())
            } else {
                (format!("{id}-{round}"), format!("{name} ({round})"))
            };
            body_orgs.push(orgs.len());
            orgs.push(Org {
                url: true,
                id,
                name,
                short: Some(short.to_owned()),
                parent: None,
                body: b,
            });
        }
        for b in 0..bodies {
            for c in 0..2 + rng.below(3) {
                let (suffix, name) = COMMITTEES[(b + c * 3) % COMMITTEES.len()];
                let parent = body_orgs[b];
                committees.push(orgs.len());
                orgs.push(Org {
                    id: format!("{}-{suffix}", orgs[parent].id),
                    name: format!("{} {name}", orgs[parent].short.as_deref().unwrap_or("")),
                    short: None,
                    parent: Some(parent),
                    url: rng.chance(50),
                    body: b,
                });
            }
        }
        for w in 0..working_groups {
            let parent = committees[w % committees.len()];
            let (topic, title) = *rng.pick(&TOPICS);
            let body = orgs[parent].body;
            orgs.push(Org {
                id: format!("{}-{topic}-wg{w}", orgs[parent].id),
                name: format!("{title} Working Group {w}"),
                short: rng.chance(30).then(|| format!("{title} WG")),
                parent: Some(parent),
                url: rng.chance(20),
                body,
            });
        }
        Self {
            rng,
            orgs,
            body_orgs,
            calendar: vec![BTreeSet::new(); bodies],
            events: Vec::new(),
            sources: Vec::new(),
            source_index: HashMap::new(),
            warnings: None,
        }
    }

    /// Adds `count` sources that no entry cites (each a warning).
    fn unused_sources(&mut self, count: usize) {
        for n in 0..count {
            let date = widen(add_days(FIRST_DAY, (n % 3000) as i64), n % 4);
            self.sources.push(Source {
                id: format!("uncited-news-{n}"),
                title: format!("Uncited news item {n}"),
                publisher: PRESS[n % PRESS.len()].to_owned(),
                date,
                url: None,
            });
        }
    }

    /// With warnings asked for, now and then a last entry on [`LAST_DAY`] that sets the state
    /// back to `proposed`, or expects a date already past.
    fn warning_entry(
        &mut self,
        out: &mut String,
        body: usize,
        last: PartialDate,
        state: State,
    ) -> fmt::Result {
        let Some(rng) = &mut self.warnings else {
            return Ok(());
        };
        // After the last entry, unambiguously.
        if last.end() >= LAST_DAY {
            return Ok(());
        }
        let backwards = state.progress().is_some_and(|p| p > 0) && rng.chance(8);
        let past = !backwards && state.is_pending() && rng.chance(10);
        if !backwards && !past {
            return Ok(());
        }
        let date = PartialDate::day(LAST_DAY);
        let source = self.source(Some(body), date);
        out.push_str("\n[[spec.history]]\n");
        writeln!(out, "date = {date}")?;
        if backwards {
            writeln!(out, "state = \"{}\"", State::Proposed)?;
        } else {
            writeln!(out, "expected = \"{}\"", last.start().year() - 1)?;
        }
        writeln!(out, "sources = [\"{}\"]", self.sources[source].id)
    }

    /// The source a publisher issued on `date`, made on first use.
    fn source(&mut self, publisher: Option<usize>, date: PartialDate) -> usize {
        let name = match publisher {
            Some(body) => self.orgs[self.body_orgs[body]]
                .short
                .clone()
                .unwrap_or_default(),
            None => (*self.rng.pick(&PRESS)).to_owned(),
        };
        if let Some(&index) = self.source_index.get(&(name.clone(), date)) {
            return index;
        }
        let index = self.sources.len();
        let slug: String = name
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let what = *self.rng.pick(&[
            "press release",
            "newsletter",
            "meeting minutes",
            "news report",
            "blog post",
        ]);
        let url = self
            .rng
            .chance(40)
            .then(|| format!("https://news.example.org/{slug}/{index}"));
        self.sources.push(Source {
            id: format!("{}-news-{index}", slug.trim_matches('-')),
            title: format!("{name} {what} of {date}"),
            publisher: name.clone(),
            date,
            url,
        });
        self.source_index.insert((name, date), index);
        index
    }

    /// An event of `body` starting in `earliest..=latest`: an existing one, or a new one.
    fn event(&mut self, body: usize, earliest: Date, latest: Date) -> usize {
        let candidates: Vec<usize> = self.calendar[body]
            .range((earliest, 0)..=(latest, usize::MAX))
            .map(|&(_, i)| i)
            .collect();
        if !candidates.is_empty() && (candidates.len() >= 3 || self.rng.chance(60)) {
            return *self.rng.pick(&candidates);
        }
        let start = add_days(earliest, self.rng.range(0, days(earliest, latest)));
        let index = self.events.len();
        let (slug, kind) = *self.rng.pick(&GATHERINGS);
        let host = self.body_orgs[body];
        let end = self
            .rng
            .chance(70)
            .then(|| add_days(start, self.rng.range(1, 3)));
        let place = self.rng.chance(80).then(|| *self.rng.pick(&PLACES));
        let source = self.rng.chance(60).then(|| {
            let announced = add_days(start, -self.rng.range(14, 90));
            self.source(Some(body), PartialDate::day(announced))
        });
        let short = self.orgs[host].short.clone().unwrap_or_default();
        self.events.push(Event {
            id: format!("{}-{slug}-{}-{index}", self.orgs[host].id, start.year()),
            name: format!("{} {short} {kind}", start.year()),
            start,
            end,
            place,
            host,
            source,
        });
        self.calendar[body].insert((start, index));
        index
    }

    /// A promise made on `made` (already over by then never): an event or a date.
    fn promise(&mut self, body: usize, made: PartialDate, after: Date) -> Promise {
        let after = after.max(made.end());
        if self.rng.chance(40) {
            let earliest = add_days(after, 14);
            let event = self.event(body, earliest, add_days(earliest, 240));
            return Promise::Event(event);
        }
        let day = add_days(after, self.rng.range(30, 540));
        let date = widen(day, self.rng.weighted(&[25, 35, 25, 15]));
        if date.start() > made.end() {
            Promise::Date(date)
        } else {
            Promise::Date(PartialDate::day(day))
        }
    }

    fn promise_end(&self, promise: Promise) -> Date {
        match promise {
            Promise::Date(date) => date.end(),
            Promise::Event(event) => self.events[event].due(),
        }
    }

    /// Writes spec number `index`.
    fn spec(&mut self, index: usize, out: &mut String) -> fmt::Result {
        let rng = &mut self.rng;
        let lead = if index < self.orgs.len() {
            index
        } else {
            match rng.weighted(&[80, 15, 5]) {
                0 => rng.below(self.orgs.len()),
                1 => self.orgs[rng.below(self.orgs.len())]
                    .parent
                    .unwrap_or(self.body_orgs[0]),
                _ => self.body_orgs[rng.below(self.body_orgs.len())],
            }
        };
        let body = self.orgs[lead].body;
        let kind = rng.weighted(&KINDS.map(|k| k.1));
        let (kind_word, _, kind_title, kind_slug) = KINDS[kind];
        let topic_count = 1 + rng.below(2);
        let mut topics: Vec<usize> = Vec::with_capacity(topic_count);
        while topics.len() < topic_count {
            let t = rng.below(TOPICS.len());
            if !topics.contains(&t) {
                topics.push(t);
            }
        }
        let body_org = &self.orgs[self.body_orgs[body]];
        let id = format!(
            "{}-{}-{kind_slug}-{index}",
            body_org.id, TOPICS[topics[0]].0
        );
        let version = format!("{}.{}", 1 + rng.below(3), rng.below(10));

        writeln!(out, "\n[[spec]]\nid = \"{id}\"")?;
        let short = body_org.short.as_deref().unwrap_or("");
        let topic_title = TOPICS[topics[0]].1;
        if rng.chance(3) {
            writeln!(
                out,
                "title = \"{short} \\\"Open\\\" {topic_title} {kind_title} v{version}\""
            )?;
        } else {
            writeln!(
                out,
                "title = \"{short} {topic_title} {kind_title} v{version}\""
            )?;
        }
        writeln!(out, "kind = \"{kind_word}\"")?;
        write!(out, "orgs = [\"{}\"", self.orgs[lead].id)?;
        if rng.chance(25) {
            let other = rng.below(self.orgs.len());
            if other != lead {
                write!(out, ", \"{}\"", self.orgs[other].id)?;
            }
        }
        out.push_str("]\ntopics = [");
        for (i, t) in topics.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(out, "{sep}\"{}\"", TOPICS[*t].0)?;
        }
        out.push_str("]\n");
        if rng.chance(12) {
            writeln!(
                out,
                "summary = \"{kind_title} for {} in {} systems, from the {} group.\"",
                topic_title.to_lowercase(),
                TOPICS[*topics.last().unwrap_or(&0)].1.to_lowercase(),
                self.orgs[lead].name
            )?;
        }
        if rng.chance(20) {
            writeln!(
                out,
                "url = \"https://{}.example.org/specs/{id}\"",
                body_org.id
            )?;
        }
        self.history(body, out)
    }

    /// Writes a spec's history: 2-5 entries moving forward in time and state.
    fn history(&mut self, body: usize, out: &mut String) -> fmt::Result {
        // Three entries on average (about 640 bytes a spec), near the shape of a real
        // catalogue.
        let count = 2 + self.rng.weighted(&[35, 35, 20, 10]) as i64;
        // Leave room for every entry before the last day.
        let latest_start = add_days(LAST_DAY, -45 * count);
        let mut day = add_days(FIRST_DAY, self.rng.range(0, days(FIRST_DAY, latest_start)));
        let mut previous: Option<PartialDate> = None;
        let mut state =
            [State::Proposed, State::Announced, State::Drafting][self.rng.weighted(&[30, 50, 20])];
        let mut promise: Option<Promise> = None;
        for entry in 0..count {
            let mut new_state = None;
            let mut new_promise = None;
            let mut at = None;
            let mut note = false;
            if entry > 0 {
                // How far the remaining entries may spread before the last day.
                let room = days(day, LAST_DAY) / (count - entry);
                day = add_days(day, self.rng.range(1, room.clamp(1, 400)));
            }
            // Most old work got finished: a spec begun years ago usually ends published.
            let finish = entry + 1 == count
                && state.is_pending()
                && days(FIRST_DAY, day) < days(FIRST_DAY, LAST_DAY) * 3 / 4
                && self.rng.chance(70);
            let action = if entry == 0 || finish {
                0
            } else if !state.is_pending() {
                2
            } else {
                self.rng.weighted(&[60, 28, 12])
            };
            match action {
                0 => {
                    if finish {
                        state = State::Published;
                    } else if entry > 0 {
                        state = self.advance(state);
                    }
                    new_state = Some(state);
                    // Released or published at the event that was promised, when it is next.
                    if let Some(Promise::Event(e)) = promise
                        && matches!(state, State::Released | State::Published)
                        && self.events[e].start > day
                        && self.events[e].start <= LAST_DAY
                        && self.rng.chance(70)
                    {
                        day = self.events[e].start;
                        at = Some(e);
                    }
                }
                1 => {}
                _ => note = true,
            }
            let date = self.entry_date(day, previous, at.is_none());
            if action < 2 && state.is_pending() && (action == 1 || self.rng.chance(75)) {
                let after = promise.map_or(date.end(), |p| self.promise_end(p).max(date.end()));
                let made = self.promise(body, date, after);
                new_promise = Some(made);
                promise = Some(made);
            } else if new_state.is_some() {
                promise = None;
            }
            if action == 1 && new_promise.is_none() {
                note = true;
            }
            previous = Some(date);
            self.write_entry(out, body, date, new_state, new_promise, at, note)?;
        }
        match previous {
            Some(last) => self.warning_entry(out, body, last, state),
            None => Ok(()),
        }
    }

    /// The next state along the usual path; now and then a spec is withdrawn.
    fn advance(&mut self, state: State) -> State {
        if self.rng.chance(4) {
            return State::Withdrawn;
        }
        let step = 1 + usize::from(self.rng.chance(25));
        let next = state.progress().map_or(4, |p| usize::from(p) + step).min(4);
        State::ALL[next]
    }

    /// The date an entry is written with: `day` at a random precision, kept in date order.
    fn entry_date(
        &mut self,
        day: Date,
        previous: Option<PartialDate>,
        widen_ok: bool,
    ) -> PartialDate {
        let precision = if widen_ok {
            self.rng.weighted(&[55, 25, 8, 12])
        } else {
            0
        };
        let date = widen(day, precision);
        match previous {
            Some(p) if date < p || date.start() > LAST_DAY => PartialDate::day(day),
            _ => date,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn write_entry(
        &mut self,
        out: &mut String,
        body: usize,
        date: PartialDate,
        state: Option<State>,
        promise: Option<Promise>,
        at: Option<usize>,
        note: bool,
    ) -> fmt::Result {
        out.push_str("\n[[spec.history]]\n");
        if date.precision() == spectrack::date::Precision::Day && self.rng.chance(20) {
            writeln!(out, "date = {date}")?;
        } else {
            writeln!(out, "date = \"{date}\"")?;
        }
        if let Some(state) = state {
            writeln!(out, "state = \"{state}\"")?;
        }
        match promise {
            Some(Promise::Date(d)) => writeln!(out, "expected = \"{d}\"")?,
            Some(Promise::Event(e)) => writeln!(out, "expected = \"{}\"", self.events[e].id)?,
            None => {}
        }
        if let Some(e) = at {
            writeln!(out, "at = \"{}\"", self.events[e].id)?;
        }
        if state.is_some() || promise.is_some() {
            let first = self.source(Some(body), date);
            write!(out, "sources = [\"{}\"", self.sources[first].id)?;
            if self.rng.chance(8) {
                let second = self.source(None, date);
                write!(out, ", \"{}\"", self.sources[second].id)?;
            }
            out.push_str("]\n");
        }
        if note || self.rng.chance(5) {
            writeln!(
                out,
                "note = \"{}\"",
                self.rng.pick(&NOTES).replace('"', "\\\"")
            )?;
        }
        if state == Some(State::Published) && self.rng.chance(50) {
            writeln!(
                out,
                "url = \"https://docs.example.org/{}/final.pdf\"",
                self.sources.len()
            )?;
        }
        Ok(())
    }

    /// Writes everything before the specs: format, orgs, events (by start), sources (by date).
    fn header(&self, specs: usize, seed: u64, out: &mut String) -> fmt::Result {
        writeln!(
            out,
            "# A synthetic spectrack catalogue: {specs} specs, seed {seed}.\n\
             # Made by `cargo run --release --example gencat -- {specs} --seed {seed}`;\n\
             # built around {REFERENCE_DAY} (use --today {REFERENCE_DAY}).\n\nformat = 1"
        )?;
        for org in &self.orgs {
            writeln!(
                out,
                "\n[[org]]\nid = \"{}\"\nname = \"{}\"",
                org.id, org.name
            )?;
            if let Some(short) = &org.short {
                writeln!(out, "short = \"{short}\"")?;
            }
            if let Some(parent) = org.parent {
                writeln!(out, "parent = \"{}\"", self.orgs[parent].id)?;
            }
            if org.url {
                writeln!(out, "url = \"https://{}.example.org/\"", org.id)?;
            }
        }
        let mut events: Vec<&Event> = self.events.iter().collect();
        events.sort_by_key(|e| (e.start, e.id.as_str()));
        for event in events {
            writeln!(
                out,
                "\n[[event]]\nid = \"{}\"\nname = \"{}\"\nstart = \"{}\"",
                event.id,
                event.name,
                PartialDate::day(event.start)
            )?;
            if let Some(end) = event.end {
                writeln!(out, "end = \"{}\"", PartialDate::day(end))?;
            }
            if let Some(place) = event.place {
                writeln!(out, "place = \"{place}\"")?;
            }
            writeln!(out, "orgs = [\"{}\"]", self.orgs[event.host].id)?;
            if let Some(source) = event.source {
                writeln!(out, "sources = [\"{}\"]", self.sources[source].id)?;
            }
        }
        let mut sources: Vec<&Source> = self.sources.iter().collect();
        sources.sort_by_key(|s| (s.date, s.id.as_str()));
        for source in sources {
            writeln!(
                out,
                "\n[[source]]\nid = \"{}\"\ntitle = \"{}\"\npublisher = \"{}\"\ndate = \"{}\"",
                source.id, source.title, source.publisher, source.date
            )?;
            if let Some(url) = &source.url {
                writeln!(out, "url = \"{url}\"")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_size_and_seed_give_the_same_text() {
        let a = catalogue(100, 7).unwrap();
        assert_eq!(a, catalogue(100, 7).unwrap());
        assert_ne!(a, catalogue(100, 8).unwrap());
    }

    /// The warnings catalogue has no errors and about 15 warnings in 100 specs, of each
    /// kind promised.
    #[test]
    fn the_warnings_catalogue_has_warnings_and_no_errors() {
        let text = catalogue_with_warnings(2000, 5).unwrap();
        assert_eq!(text, catalogue_with_warnings(2000, 5).unwrap());
        let arena = spectrack::catalog::Arena::new();
        let checked = spectrack::catalog::check_in(&text, &arena);
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        let count = |what: &str| {
            checked
                .diagnostics
                .iter()
                .filter(|d| d.message.contains(what))
                .count()
        };
        let (backwards, past, unused) = (
            count("goes back from"),
            count("already past"),
            count("is never cited"),
        );
        assert_eq!(unused, 100);
        assert!(backwards > 50 && past > 20, "{backwards} {past}");
        let all = checked.diagnostics.len();
        assert_eq!(all, backwards + past + unused);
        assert!((200..400).contains(&all), "{all}");
        // Without the option: none.
        let plain = catalogue(2000, 5).unwrap();
        assert!(
            spectrack::catalog::check_in(&plain, &arena)
                .diagnostics
                .is_empty()
        );
    }

    #[test]
    fn too_small_is_refused() {
        assert_eq!(catalogue(3, 1), Err(SynthError::TooSmall(3)));
    }

    /// The rules of SPEC section 1 the generator promises, checked here on the parsed
    /// catalogue so the generator stays honest whatever the validator does.
    #[test]
    fn the_catalogue_keeps_the_format_rules() {
        use spectrack::catalog::Expected;
        use std::collections::HashSet;

        let text = catalogue(400, 3).unwrap();
        let arena = spectrack::catalog::Arena::new();
        let checked = spectrack::catalog::check_in(&text, &arena);
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        let cat = checked.catalog.unwrap();
        assert_eq!(cat.specs.len(), 400);

        fn valid_id(id: &str) -> bool {
            id.len() <= 64
                && id.starts_with(|c: char| c.is_ascii_lowercase())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        }
        fn ids(list: Vec<&str>) -> HashSet<&str> {
            assert!(list.iter().all(|id| valid_id(id)), "bad id in {list:?}");
            let set: HashSet<&str> = list.iter().copied().collect();
            assert_eq!(set.len(), list.len(), "duplicate ids");
            set
        }
        let orgs = ids(cat.orgs.iter().map(|o| o.get_ref().id.as_str()).collect());
        let events = ids(cat.events.iter().map(|e| e.get_ref().id.as_str()).collect());
        let sources = ids(cat
            .sources
            .iter()
            .map(|s| s.get_ref().id.as_str())
            .collect());
        ids(cat.specs().map(|s| s.id.as_str()).collect());

        let mut used: HashSet<String> = HashSet::new();
        for org in cat.orgs.iter().map(|o| o.get_ref()) {
            if let Some(parent) = &org.parent {
                assert!(orgs.contains(parent.as_str()));
                used.insert(parent.get_ref().to_string());
            }
        }
        for event in cat.events.iter().map(|e| e.get_ref()) {
            for id in event.orgs.iter().chain(event.sources) {
                assert!(orgs.contains(id.as_str()) || sources.contains(id.as_str()));
                used.insert(id.get_ref().to_string());
            }
            assert!(
                event
                    .end
                    .as_ref()
                    .is_none_or(|end| end.get_ref() >= event.start.get_ref())
            );
        }
        let (mut overdue, mut published, mut released_at, mut precisions) =
            (0, 0, 0, HashSet::new());
        let day = spectrack::date::parse_day(REFERENCE_DAY).unwrap();
        for spec in cat.specs() {
            for org in *spec.orgs.get_ref() {
                assert!(orgs.contains(org.as_str()));
                used.insert(org.get_ref().to_string());
            }
            let history: Vec<_> = spec.history.iter().map(|h| h.get_ref()).collect();
            assert!((2..=5).contains(&history.len()));
            assert!(
                history[0].state.is_some(),
                "{}: first entry sets no state",
                spec.id.get_ref()
            );
            let mut progress = 0;
            let mut ended = false;
            for (i, entry) in history.iter().enumerate() {
                let date = *entry.date.get_ref();
                precisions.insert(date.precision());
                if i > 0 {
                    assert!(
                        *history[i - 1].date.get_ref() <= date,
                        "{}: out of order",
                        spec.id.get_ref()
                    );
                }
                if let Some(state) = &entry.state {
                    assert!(!ended, "{}: a state after an ending", spec.id.get_ref());
                    match state.get_ref().progress() {
                        Some(p) => {
                            assert!(p >= progress, "{}: state went back", spec.id.get_ref());
                            progress = p;
                        }
                        None => ended = true,
                    }
                }
                if entry.state.is_some() || entry.expected.is_some() {
                    assert!(
                        !entry.sources.is_empty(),
                        "{}: unsourced",
                        spec.id.get_ref()
                    );
                }
                for source in entry.sources {
                    let found = cat.source(source.get_ref()).unwrap();
                    assert_eq!(
                        *found.date.get_ref(),
                        date,
                        "a source dated unlike its entry"
                    );
                    used.insert(source.get_ref().to_string());
                }
                if let Some(at) = entry.at() {
                    let event = cat.event(at.get_ref()).unwrap();
                    assert_eq!(date.start(), event.start.get_ref().start());
                    used.insert(at.get_ref().to_string());
                    released_at += 1;
                }
                let due = entry.expected.as_ref().map(|e| match e.get_ref() {
                    Expected::Date(d) => *d,
                    Expected::Event(id) => {
                        used.insert(id.to_string());
                        cat.event(id).unwrap().as_date()
                    }
                });
                if let Some(due) = due {
                    assert!(
                        due.start() > date.end(),
                        "{}: promise already over",
                        spec.id.get_ref()
                    );
                }
            }
            let status = cat.status(spec, day).unwrap();
            overdue += usize::from(status.overdue);
            published += usize::from(status.state == State::Published);
        }
        for id in orgs.iter().chain(&events).chain(&sources) {
            assert!(used.contains(*id), "{id} is never used");
        }
        assert!(
            overdue > 20 && published > 20 && released_at > 5,
            "{overdue} {published} {released_at}"
        );
        assert_eq!(precisions.len(), 4, "every precision of date appears");
    }

    #[test]
    fn the_text_parses_as_a_catalogue() {
        let text = catalogue(300, 1).unwrap();
        let arena = spectrack::catalog::Arena::new();
        let checked = spectrack::catalog::check_in(&text, &arena);
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        assert_eq!(checked.catalog.map(|c| c.specs.len()), Some(300));
    }
}
