//! Finding one spec (or one event) from what a person types (SPEC section 4, QUERY).
//!
//! In order: the exact id; else the one id that starts with the query; else a ranked word
//! match. Query words match case-insensitively, as whole words or word prefixes, with simple
//! plurals folded (`papers` = `paper`), against the id, title, kind (`white paper` names kind
//! `white-paper`), topics, versions and the lead org's id, short name and name. Only records
//! matching every word are candidates (little words such as `the` or `of` need not match).
//! Candidates rank by, in order: the query names their kind; the words stand as a phrase in
//! the title; more whole-word matches (over prefixes); more words found in the title; more
//! words found in the id. A single best candidate is the answer; a tie at the top is
//! ambiguous; no candidate is a miss, answered with the closest ids and titles.
//!
//! Events (for `spectrack event`) are found the same way over their ids and names (and
//! their places and hosts' names).

use std::cmp::Ordering;
use std::io::Write;

use crate::catalog::{Catalog, Event, Kind, Spec};
use crate::terminal::visible;

/// What a query found, with the records it ranked.
#[derive(Debug)]
pub enum Found<'c, T> {
    /// The answer, and the other candidates in rank order (said with `--verbose`).
    One { item: &'c T, runners_up: Vec<&'c T> },
    /// Nothing matched; the closest records, best first (perhaps none).
    None { suggestions: Vec<&'c T> },
    /// Several candidates share the best rank: those first, then the others, in rank order.
    Several { tied: usize, ranked: Vec<&'c T> },
}

/// A record a query can find: its id, its title (or name), and the other texts it may be
/// found by.
pub trait Findable {
    /// "spec", "event".
    const NOUN: &'static str;
    fn id(&self) -> &str;
    fn title(&self) -> &str;
    /// The record's kind, when it has one (specs).
    fn kind(&self) -> Option<Kind> {
        None
    }
    /// Other texts whose words find the record.
    fn others<'s>(&'s self, catalog: &'s Catalog<'_>) -> Vec<&'s str>;
}

impl Findable for Spec<'_> {
    const NOUN: &'static str = "spec";

    fn id(&self) -> &str {
        self.id.as_str()
    }

    fn title(&self) -> &str {
        self.title.as_str()
    }

    fn kind(&self) -> Option<Kind> {
        Some(*self.kind.get_ref())
    }

    fn others<'s>(&'s self, catalog: &'s Catalog<'_>) -> Vec<&'s str> {
        let mut texts: Vec<&str> = self.topics.iter().map(|t| t.as_str()).collect();
        texts.extend(
            self.history
                .iter()
                .filter_map(|e| e.get_ref().version().map(|v| v.as_str())),
        );
        if let Some(lead) = self.lead_org() {
            texts.push(lead);
            if let Some(org) = catalog.org(lead) {
                texts.push(org.name.as_str());
                texts.extend(org.short.map(|s| s.as_str()));
            }
        }
        texts
    }
}

impl Findable for Event<'_> {
    const NOUN: &'static str = "event";

    fn id(&self) -> &str {
        self.id.as_str()
    }

    fn title(&self) -> &str {
        self.name.as_str()
    }

    fn others<'s>(&'s self, catalog: &'s Catalog<'_>) -> Vec<&'s str> {
        let mut texts: Vec<&str> = self.place.iter().map(|p| p.as_str()).collect();
        for host in self.orgs {
            texts.push(host.as_str());
            if let Some(org) = catalog.org(host.as_str()) {
                texts.push(org.name.as_str());
                texts.extend(org.short.map(|s| s.as_str()));
            }
        }
        texts
    }
}

/// Resolves `query` against the specs of `catalog`.
pub fn resolve<'c>(catalog: &'c Catalog<'c>, query: &str) -> Found<'c, Spec<'c>> {
    find(catalog, catalog.specs.iter().map(|s| s.get_ref()), query)
}

/// Resolves `query` against the events of `catalog`.
pub fn resolve_event<'c>(catalog: &'c Catalog<'c>, query: &str) -> Found<'c, Event<'c>> {
    find(catalog, catalog.events.iter().map(|e| e.get_ref()), query)
}

/// Words too common to have to match: "the status of the white paper on vector databases".
const LITTLE_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "the", "to", "with",
];

/// The lowercased words of `text`: runs of letters, digits and inner dots (`v1.5`, `r2.0`).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// A word with a simple English plural folded: `papers` → `paper`, `studies` → `study`.
fn fold(word: &str) -> String {
    let n = word.len();
    if n > 4 && word.ends_with("ies") {
        format!("{}y", &word[..n - 3])
    } else if n > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        word[..n - 1].to_owned()
    } else {
        word.to_owned()
    }
}

/// One word of a record, as written (lowercased) and folded.
#[derive(Debug)]
struct Token {
    raw: String,
    folded: String,
}

fn tokens(text: &str) -> Vec<Token> {
    words(text)
        .filter(|w| !LITTLE_WORDS.contains(&w.as_str()))
        .map(|raw| Token {
            folded: fold(&raw),
            raw,
        })
        .collect()
}

/// How well one query word matches one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Hit {
    None,
    Prefix,
    Whole,
}

fn hit(word: &Token, token: &Token) -> Hit {
    if word.folded == token.folded || word.raw == token.raw {
        Hit::Whole
    } else if word.raw.chars().count() >= 2
        && (token.raw.starts_with(&word.raw) || token.folded.starts_with(&word.folded))
    {
        Hit::Prefix
    } else {
        Hit::None
    }
}

fn best(word: &Token, tokens: &[Token]) -> Hit {
    tokens
        .iter()
        .map(|t| hit(word, t))
        .max()
        .unwrap_or(Hit::None)
}

/// Where a candidate stands; compared field by field, greater is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    names_kind: bool,
    phrase: bool,
    whole: usize,
    in_title: usize,
    in_id: usize,
}

/// A record's words by field.
struct Haystack {
    id: Vec<Token>,
    title: Vec<Token>,
    kind: Vec<Token>,
    others: Vec<Token>,
}

impl Haystack {
    fn of<T: Findable>(catalog: &Catalog, item: &T) -> Self {
        Self {
            id: tokens(item.id()),
            title: tokens(item.title()),
            kind: item.kind().map(|k| tokens(k.as_str())).unwrap_or_default(),
            others: item
                .others(catalog)
                .into_iter()
                .flat_map(|text| {
                    let mut found = tokens(text);
                    // `1.5` finds `v1.5`.
                    let bare: Vec<Token> = found
                        .iter()
                        .filter_map(|t| t.raw.strip_prefix('v'))
                        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                        .map(|rest| Token {
                            raw: rest.to_owned(),
                            folded: rest.to_owned(),
                        })
                        .collect();
                    found.extend(bare);
                    found
                })
                .collect(),
        }
    }

    /// The rank of this record for `query`, or `None` when a word matches nowhere.
    fn rank(&self, query: &[Token], kind: Option<Kind>) -> Option<Rank> {
        let mut rank = Rank {
            names_kind: kind.is_some_and(|k| names_kind(query, k)),
            phrase: phrase(query, &self.title),
            whole: 0,
            in_title: 0,
            in_id: 0,
        };
        for word in query {
            let title = best(word, &self.title);
            let id = best(word, &self.id);
            let any = title
                .max(id)
                .max(best(word, &self.kind))
                .max(best(word, &self.others));
            if any == Hit::None {
                return None;
            }
            rank.whole += usize::from(any == Hit::Whole);
            rank.in_title += usize::from(title != Hit::None);
            rank.in_id += usize::from(id != Hit::None);
        }
        Some(rank)
    }
}

/// Whether the query's words, in order, stand next to each other in the title.
fn phrase(query: &[Token], title: &[Token]) -> bool {
    !query.is_empty()
        && title.windows(query.len()).any(|window| {
            window
                .iter()
                .zip(query)
                .all(|(token, word)| hit(word, token) != Hit::None)
        })
}

/// Whether the query names `kind`: its words in a row (`white paper`), written as one word
/// (`whitepaper`), or a one-word kind's start of four letters or more (`spec`, `specs`).
fn names_kind(query: &[Token], kind: Kind) -> bool {
    let parts = tokens(kind.as_str());
    let joined: String = parts.iter().map(|t| t.folded.as_str()).collect();
    let in_a_row = query.windows(parts.len()).any(|window| {
        window
            .iter()
            .zip(&parts)
            .all(|(word, part)| word.folded == part.folded)
    });
    in_a_row
        || query.iter().any(|word| {
            word.folded == joined
                || (parts.len() == 1 && word.folded.len() >= 4 && joined.starts_with(&word.folded))
        })
}

fn find<'c, T: Findable + 'c>(
    catalog: &'c Catalog<'c>,
    items: impl Iterator<Item = &'c T> + Clone,
    query: &str,
) -> Found<'c, T> {
    let query = query.trim();
    let lowered = query.to_lowercase();
    if lowered.is_empty() {
        return Found::None {
            suggestions: Vec::new(),
        };
    }
    // Ids are lowercase, so `OCP-OAM` names `ocp-oam` exactly.
    if let Some(item) = items.clone().find(|i| i.id() == lowered) {
        return Found::One {
            item,
            runners_up: Vec::new(),
        };
    }
    let prefixed: Vec<&T> = items
        .clone()
        .filter(|i| i.id().starts_with(&lowered))
        .collect();
    if let [one] = prefixed[..] {
        return Found::One {
            item: one,
            runners_up: Vec::new(),
        };
    }
    let all: Vec<Token> = words(&lowered)
        .map(|raw| Token {
            folded: fold(&raw),
            raw,
        })
        .collect();
    let significant: Vec<Token> = all
        .iter()
        .filter(|w| !LITTLE_WORDS.contains(&w.raw.as_str()))
        .map(|w| Token {
            raw: w.raw.clone(),
            folded: w.folded.clone(),
        })
        .collect();
    let query_words = if significant.is_empty() {
        all
    } else {
        significant
    };
    let mut ranked: Vec<(Rank, usize, &T)> = items
        .clone()
        .enumerate()
        .filter_map(|(at, item)| {
            Haystack::of(catalog, item)
                .rank(&query_words, item.kind())
                .map(|rank| (rank, at, item))
        })
        .collect();
    // Best first; equal ranks keep the catalogue's order.
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    match ranked.as_slice() {
        [] => Found::None {
            suggestions: suggestions(items, query, &query_words),
        },
        [(top, _, item), rest @ ..] => {
            let tied = 1 + rest.iter().take_while(|(r, _, _)| r == top).count();
            let ordered: Vec<&T> = ranked.iter().map(|(_, _, item)| *item).collect();
            if tied == 1 {
                Found::One {
                    item,
                    runners_up: ordered[1..].to_vec(),
                }
            } else {
                Found::Several {
                    tied,
                    ranked: ordered,
                }
            }
        }
    }
}

/// How many suggestions a miss offers at most.
const SUGGESTIONS: usize = 3;

/// The records closest to a query that matched none: the id a typo away, else the records
/// whose id and title words come closest to the query's words.
fn suggestions<'c, T: Findable + 'c>(
    items: impl Iterator<Item = &'c T> + Clone,
    query: &str,
    words: &[Token],
) -> Vec<&'c T> {
    let mut found: Vec<&T> = Vec::new();
    if let Some(id) = crate::suggest::closest(query, items.clone().map(|i| i.id()))
        && let Some(item) = items.clone().find(|i| i.id() == id)
    {
        // A typo of an id says it all.
        return vec![item];
    }
    if words.is_empty() {
        return found;
    }
    // Each query word scores its closest word of the id or title (1 for a match); the
    // records with the most words close to the query's come first, the closest of those first.
    let mut scored: Vec<(usize, f64, usize, &T)> = items
        .enumerate()
        .filter_map(|(at, item)| {
            let mut haystack = tokens(item.id());
            haystack.extend(tokens(item.title()));
            let scores: Vec<f64> = words
                .iter()
                .map(|w| {
                    haystack
                        .iter()
                        .map(|t| match hit(w, t) {
                            Hit::None => {
                                strsim::normalized_damerau_levenshtein(&w.folded, &t.folded)
                            }
                            _ => 1.0,
                        })
                        .fold(0.0, f64::max)
                })
                .collect();
            let close = scores.iter().filter(|&&s| s >= 0.75).count();
            let mean = scores.iter().sum::<f64>() / scores.len() as f64;
            (close > 0).then_some((close, mean, at, item))
        })
        .collect();
    scored.sort_by(|a, b| {
        (b.0.cmp(&a.0))
            .then(b.1.partial_cmp(&a.1).unwrap_or(Ordering::Equal))
            .then(a.2.cmp(&b.2))
    });
    let most = scored.first().map_or(0, |s| s.0);
    for (_, _, _, item) in scored.into_iter().take_while(|s| s.0 == most) {
        if found.len() >= SUGGESTIONS {
            break;
        }
        if !found.iter().any(|f| f.id() == item.id()) {
            found.push(item);
        }
    }
    found
}

/// How many runners-up `--verbose` names, and how many candidates a tie lists at most.
const RUNNERS_UP: usize = 3;
const LISTED: usize = 10;

/// Says on `err` which other candidates came close, for `--verbose`.
pub fn explain_runners_up<T: Findable>(
    found: &Found<'_, T>,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    if let Found::One { item, runners_up } = found
        && !runners_up.is_empty()
    {
        writeln!(
            err,
            "note: `{}` ranked first; also matching:",
            visible(item.id())
        )?;
        list(runners_up.iter().take(RUNNERS_UP).copied(), err)?;
    }
    Ok(())
}

fn list<'t, T: Findable + 't>(
    items: impl Iterator<Item = &'t T> + Clone,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let width = items.clone().map(|i| i.id().len()).max().unwrap_or(0);
    for item in items {
        writeln!(
            err,
            "  {:width$}  {}",
            visible(item.id()),
            visible(item.title())
        )?;
    }
    Ok(())
}

/// Explains on `err` why `query` found no single record (the command then exits 1).
pub fn explain_miss<T: Findable>(
    found: &Found<'_, T>,
    query: &str,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let query = visible(query);
    let noun = T::NOUN;
    match found {
        Found::One { .. } => Ok(()),
        Found::None { suggestions } => {
            writeln!(err, "error: no {noun} matches `{query}`")?;
            let command = if noun == "event" {
                "`spectrack events` shows every event"
            } else {
                "`spectrack list` shows every spec; `--search TEXT` narrows it"
            };
            match suggestions.as_slice() {
                [] => writeln!(err, "help: {command}"),
                [one] => writeln!(err, "help: did you mean `{}`?", visible(one.id())),
                several => {
                    writeln!(err, "help: did you mean one of these?")?;
                    list(several.iter().copied(), err)
                }
            }
        }
        Found::Several { tied, ranked } => {
            writeln!(err, "error: `{query}` matches {tied} {noun}s equally well:")?;
            list(ranked.iter().take(*tied).copied(), err)?;
            let others = ranked.len() - tied;
            if others > 0 {
                writeln!(err, "and less well:")?;
                list(
                    ranked[*tied..]
                        .iter()
                        .take(LISTED.saturating_sub(*tied).max(1))
                        .copied(),
                    err,
                )?;
            }
            writeln!(err, "help: give the id, or more of it")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog<'static> {
        let mut text = String::from("format = 1\n");
        for (id, title, kind) in [
            (
                "gcc-dpu-specs",
                "DPU interoperability specifications",
                "specification",
            ),
            (
                "gcc-dpu-liquid-cooling",
                "DPU liquid-cooling specifications",
                "specification",
            ),
            (
                "gcc-hetero-wp",
                "White Paper on Heterogeneous Computing Power Collaboration",
                "white-paper",
            ),
            (
                "gcc-vector-db-wp",
                "White Paper on Vector Databases",
                "white-paper",
            ),
            (
                "ocp-oam",
                "OCP Accelerator Module design specification",
                "specification",
            ),
            ("ocp-oam-guide", "OAM usage guide", "guide"),
        ] {
            text.push_str(&format!(
                "[[spec]]\nid = \"{id}\"\ntitle = \"{title}\"\nkind = \"{kind}\"\norgs = [\"o\"]\n"
            ));
        }
        crate::catalog::leaked(&text)
    }

    fn one(query: &str) -> String {
        let catalog = catalog();
        match resolve(&catalog, query) {
            Found::One { item, .. } => item.id.get_ref().to_string(),
            other => panic!("{query}: {other:?}"),
        }
    }

    fn several(query: &str) -> Vec<String> {
        let catalog = catalog();
        match resolve(&catalog, query) {
            Found::Several { tied, ranked } => ranked[..tied]
                .iter()
                .map(|s| s.id.get_ref().to_string())
                .collect(),
            other => panic!("{query}: {other:?}"),
        }
    }

    #[test]
    fn an_exact_id_wins_even_when_it_prefixes_another() {
        assert_eq!(one("ocp-oam"), "ocp-oam");
        assert_eq!(one("OCP-OAM"), "ocp-oam");
    }

    #[test]
    fn a_unique_prefix_finds_its_spec() {
        assert_eq!(one("gcc-het"), "gcc-hetero-wp");
        assert_eq!(one("GCC-VEC"), "gcc-vector-db-wp");
    }

    #[test]
    fn words_find_their_spec() {
        assert_eq!(one("heterogeneous white paper"), "gcc-hetero-wp");
        assert_eq!(one("dpu liquid"), "gcc-dpu-liquid-cooling");
        assert_eq!(one("  vector   PAPER "), "gcc-vector-db-wp");
        // Plurals fold, prefixes match, little words need not match.
        assert_eq!(one("the white papers on vector"), "gcc-vector-db-wp");
        assert_eq!(one("hetero"), "gcc-hetero-wp");
    }

    #[test]
    fn the_kind_named_ranks_first() {
        assert_eq!(one("oam guide"), "ocp-oam-guide");
        assert_eq!(one("oam spec"), "ocp-oam");
        assert_eq!(one("oam specification"), "ocp-oam");
    }

    #[test]
    fn true_ties_are_listed() {
        assert_eq!(
            several("white paper"),
            ["gcc-hetero-wp", "gcc-vector-db-wp"]
        );
        assert_eq!(
            several("gcc-dpu"),
            ["gcc-dpu-specs", "gcc-dpu-liquid-cooling"]
        );
    }

    #[test]
    fn no_match_suggests_close_ids_and_titles() {
        let catalog = catalog();
        let suggested = |q: &str| match resolve(&catalog, q) {
            Found::None { suggestions } => suggestions
                .iter()
                .map(|s| s.id.get_ref().to_string())
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(suggested("ocp-oan")[0], "ocp-oam");
        assert_eq!(suggested("heterogenous paper"), ["gcc-hetero-wp"]);
        assert_eq!(suggested("banana"), Vec::<String>::new());
        assert_eq!(suggested("  "), Vec::<String>::new());
    }

    #[test]
    fn events_are_found_by_id_name_and_place() {
        let catalog = crate::catalog::leaked(
            "format = 1\n\
             [[event]]\nid = \"oai-summit-2026\"\nname = \"2026 Open AI Infra Summit\"\n\
             start = \"2026-04-09\"\nplace = \"Beijing\"\n\
             [[event]]\nid = \"ocp-summit-2019\"\nname = \"2019 OCP Global Summit\"\n\
             start = \"2019-03-14\"\nplace = \"San Jose\"\n",
        );
        let id = |q: &str| match resolve_event(&catalog, q) {
            Found::One { item, .. } => item.id.get_ref().to_string(),
            other => format!("{other:?}"),
        };
        assert_eq!(id("2026 summit"), "oai-summit-2026");
        assert_eq!(id("summit 2019"), "ocp-summit-2019");
        assert_eq!(id("san jose"), "ocp-summit-2019");
        assert_eq!(id("ocp-"), "ocp-summit-2019");
        assert!(matches!(
            resolve_event(&catalog, "summits"),
            Found::Several { tied: 2, .. }
        ));
        assert!(matches!(
            resolve_event(&catalog, "sumit 2026"),
            Found::None { suggestions } if suggestions.len() == 1
        ));
    }

    #[test]
    fn folding_and_words() {
        assert_eq!(fold("papers"), "paper");
        assert_eq!(fold("studies"), "study");
        assert_eq!(fold("class"), "class");
        assert_eq!(fold("status"), "status");
        assert_eq!(fold("dpu"), "dpu");
        assert_eq!(
            words("OAI-OAM r2.0 v1.0, (UBB).").collect::<Vec<_>>(),
            ["oai", "oam", "r2.0", "v1.0", "ubb"]
        );
    }
}
