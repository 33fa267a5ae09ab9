//! Finding one spec from what a person types (SPEC section 4, QUERY).
//!
//! In order: the exact id; else the one id that starts with the query; else the specs whose
//! id or title contains every word of the query, ignoring case.

use std::io::Write;

use crate::catalog::{Catalog, Spec};
use crate::terminal::visible;

/// What a query found.
#[derive(Debug)]
pub enum Found<'a> {
    One(&'a Spec<'a>),
    /// Nothing; perhaps a close id to suggest.
    None {
        suggestion: Option<String>,
    },
    /// Several candidates, in catalogue order.
    Several(Vec<&'a Spec<'a>>),
}

/// Resolves `query` against the specs of `catalog`.
pub fn resolve<'a>(catalog: &'a Catalog<'a>, query: &str) -> Found<'a> {
    let query = query.trim();
    let lowered = query.to_lowercase();
    // Ids are lowercase, so `OCP-OAM` names `ocp-oam` exactly.
    if let Some(spec) = catalog.spec(&lowered) {
        return Found::One(spec);
    }
    let prefixed: Vec<&Spec> = catalog
        .specs()
        .filter(|s| !lowered.is_empty() && s.id.get_ref().starts_with(&lowered))
        .collect();
    if let [one] = prefixed[..] {
        return Found::One(one);
    }
    let words: Vec<&str> = lowered.split_whitespace().collect();
    let worded: Vec<&Spec> = catalog
        .specs()
        .filter(|s| !words.is_empty() && contains_all(s, &words))
        .collect();
    match (worded.len(), prefixed.len()) {
        (1, _) => Found::One(worded[0]),
        (0, 0) => Found::None {
            suggestion: crate::suggest::closest(query, catalog.specs().map(|s| s.id.as_str()))
                .map(str::to_owned),
        },
        (0, _) => Found::Several(prefixed),
        _ => Found::Several(worded),
    }
}

fn contains_all(spec: &Spec, words: &[&str]) -> bool {
    let id = spec.id.get_ref().to_lowercase();
    let title = spec.title.get_ref().to_lowercase();
    words.iter().all(|w| id.contains(w) || title.contains(w))
}

/// Explains on `err` why `query` found no single spec (the command then exits 1).
pub fn explain_miss(found: &Found<'_>, query: &str, err: &mut dyn Write) -> std::io::Result<()> {
    let query = visible(query);
    match found {
        Found::One(_) => Ok(()),
        Found::None { suggestion } => {
            writeln!(err, "error: no spec matches `{query}`")?;
            match suggestion {
                Some(id) => writeln!(err, "help: did you mean `{}`?", visible(id)),
                None => writeln!(
                    err,
                    "help: `spectrack list` shows every spec; `--search TEXT` narrows it"
                ),
            }
        }
        Found::Several(specs) => {
            writeln!(err, "error: `{query}` matches {} specs:", specs.len())?;
            let width = specs
                .iter()
                .map(|s| s.id.get_ref().len())
                .max()
                .unwrap_or(0);
            for spec in specs {
                writeln!(
                    err,
                    "  {:width$}  {}",
                    visible(spec.id.get_ref()),
                    visible(spec.title.get_ref())
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
        for (id, title) in [
            ("gcc-dpu-specs", "DPU interoperability specifications"),
            (
                "gcc-dpu-liquid-cooling",
                "DPU liquid-cooling specifications",
            ),
            (
                "gcc-hetero-wp",
                "White Paper on Heterogeneous Computing Power Collaboration",
            ),
            ("gcc-vector-db-wp", "White Paper on Vector Databases"),
            ("ocp-oam", "OCP Accelerator Module design specification"),
            ("ocp-oam-guide", "OAM usage guide"),
        ] {
            text.push_str(&format!(
                "[[spec]]\nid = \"{id}\"\ntitle = \"{title}\"\nkind = \"guide\"\norgs = [\"o\"]\n"
            ));
        }
        crate::catalog::leaked(&text)
    }

    fn one(query: &str) -> String {
        let catalog = catalog();
        match resolve(&catalog, query) {
            Found::One(spec) => spec.id.get_ref().to_string(),
            other => panic!("{query}: {other:?}"),
        }
    }

    fn several(query: &str) -> Vec<String> {
        let catalog = catalog();
        match resolve(&catalog, query) {
            Found::Several(specs) => specs.iter().map(|s| s.id.get_ref().to_string()).collect(),
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
    fn every_word_must_appear_in_id_or_title() {
        assert_eq!(one("heterogeneous white paper"), "gcc-hetero-wp");
        assert_eq!(one("dpu liquid"), "gcc-dpu-liquid-cooling");
        assert_eq!(one("  vector   PAPER "), "gcc-vector-db-wp");
    }

    #[test]
    fn several_matches_are_listed() {
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
    fn no_match_suggests_a_close_id() {
        let catalog = catalog();
        match resolve(&catalog, "ocp-oan") {
            Found::None { suggestion } => assert_eq!(suggestion.as_deref(), Some("ocp-oam")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            resolve(&catalog, "banana"),
            Found::None { suggestion: None }
        ));
        assert!(matches!(resolve(&catalog, "  "), Found::None { .. }));
    }
}
