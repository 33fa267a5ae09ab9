//! "Did you mean …?" for near misses: unknown keys, ids, states, kinds and queries.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
///
/// Closeness is the Damerau-Levenshtein distance, ignoring case; a candidate qualifies when
/// it is at most a third of the word's length away (at least 1, at most 3 edits), or when one
/// contains the other (`sources` for `source`, `whitepaper` for `white-paper` by distance).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lowered = word.to_lowercase();
    let limit = (lowered.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|c| !c.is_empty() && *c != word)
        .map(|c| (strsim::damerau_levenshtein(&lowered, &c.to_lowercase()), c))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, c)| (distance, c.len()))
        .map(|(_, c)| c)
}

/// `closest` phrased as a help line: "did you mean `title`?".
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typical_typos() {
        assert_eq!(closest("titel", ["id", "title", "kind"]), Some("title"));
        assert_eq!(
            closest("sources", ["org", "event", "source", "spec"]),
            Some("source")
        );
        assert_eq!(
            closest("publised", ["proposed", "published", "released"]),
            Some("published")
        );
        assert_eq!(
            closest("whitepaper", ["white-paper", "guide"]),
            Some("white-paper")
        );
        assert_eq!(closest("GCC", ["gcc", "ocp"]), Some("gcc"));
    }

    #[test]
    fn leaves_unrelated_words_alone() {
        assert_eq!(closest("banana", ["title", "kind"]), None);
        assert_eq!(closest("x", ["title"]), None);
        assert_eq!(did_you_mean("zzzz", ["title"]), None);
    }
}
