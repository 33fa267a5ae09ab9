//! Which spec a QUERY names (SPEC section 4): its exact id; else a unique id prefix; else the
//! specs whose id or title contains every word of the query, ignoring case.

use crate::catalog::{Catalog, Spec};
use crate::suggest::did_you_mean;

/// What a query found.
#[derive(Debug)]
pub enum Found<'c> {
    One(&'c Spec),
    /// Nothing; perhaps a "did you mean" line.
    None {
        suggestion: Option<String>,
    },
    /// Several candidates, in file order.
    Several(Vec<&'c Spec>),
}

fn id(spec: &Spec) -> &str {
    spec.id.get_ref()
}

/// Finds the spec `query` names.
pub fn find<'c>(catalog: &'c Catalog, query: &str) -> Found<'c> {
    let specs: Vec<&Spec> = catalog.specs().collect();
    if let Some(spec) = specs.iter().find(|s| id(s) == query) {
        return Found::One(spec);
    }
    let prefixed: Vec<&Spec> = specs
        .iter()
        .copied()
        .filter(|s| id(s).starts_with(query))
        .collect();
    if let [spec] = prefixed[..] {
        return Found::One(spec);
    }
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let matching: Vec<&Spec> = if words.is_empty() {
        Vec::new()
    } else {
        specs
            .iter()
            .copied()
            .filter(|s| {
                let haystack = format!("{} {}", id(s), s.title.get_ref()).to_lowercase();
                words.iter().all(|w| haystack.contains(w.as_str()))
            })
            .collect()
    };
    match matching[..] {
        [spec] => Found::One(spec),
        [] => Found::None {
            suggestion: did_you_mean(query, specs.iter().map(|s| id(s))),
        },
        _ => Found::Several(matching),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::check;

    const TEXT: &str = r#"format = 1
[[spec]]
id = "gcc-vector-db-wp"
title = "White Paper on Vector Databases"
kind = "white-paper"
orgs = ["gcc"]
[[spec]]
id = "gcc-hetero-wp"
title = "White Paper on Heterogeneous Computing Power Collaboration"
kind = "white-paper"
orgs = ["gcc"]
[[spec]]
id = "gcc-hetero"
title = "Heterogeneous computing standards"
kind = "standard"
orgs = ["gcc"]
"#;

    fn found(query: &str) -> Result<String, Vec<String>> {
        let catalog = check(TEXT).catalog.unwrap();
        match find(&catalog, query) {
            Found::One(spec) => Ok(spec.id.get_ref().clone()),
            Found::None { suggestion } => Err(suggestion.into_iter().collect()),
            Found::Several(specs) => Err(specs.iter().map(|s| s.id.get_ref().clone()).collect()),
        }
    }

    #[test]
    fn exact_id_wins_over_a_longer_prefix_match() {
        assert_eq!(found("gcc-hetero"), Ok("gcc-hetero".into()));
    }

    #[test]
    fn unique_prefix() {
        assert_eq!(found("gcc-vec"), Ok("gcc-vector-db-wp".into()));
    }

    #[test]
    fn words_of_id_or_title_in_any_case() {
        assert_eq!(found("vector PAPER"), Ok("gcc-vector-db-wp".into()));
        assert_eq!(
            found("heterogeneous"),
            Err(vec!["gcc-hetero-wp".into(), "gcc-hetero".into()])
        );
    }

    #[test]
    fn nothing_found_suggests_a_near_id() {
        assert_eq!(
            found("gcc-hetro"),
            Err(vec!["did you mean `gcc-hetero`?".into()])
        );
        assert_eq!(found("   "), Err(vec![]));
    }
}
