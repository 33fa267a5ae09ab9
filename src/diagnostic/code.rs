//! The stable code of each kind of problem `check` reports: the one list of them.
//!
//! A code names a rule, not a message: messages may be reworded, codes stay. They appear in
//! `check --format json` (`code`) and as SARIF rule ids, and docs/diagnostics.md lists them
//! (a test holds it to this list). Each code has one severity.

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $summary:literal;)*) => {
        /// What kind of problem a [`super::Diagnostic`] is.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(#[doc = $summary] $variant,)*
        }

        impl Code {
            /// Every code, in the order docs/diagnostics.md lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as printed: lowercase words joined by `-`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// Whether this kind of problem is an error or a warning.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// One sentence saying what the rule is about.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }
    };
}

codes! {
    // The file.
    NotUtf8 = "not-utf8", Error, "The file is not valid UTF-8.";
    TomlSyntax = "toml-syntax", Error, "The file is not valid TOML.";
    MissingFormat = "missing-format", Error, "The catalogue does not say its `format`.";
    NewerFormat = "newer-format", Error, "The catalogue is of a newer format than this spectrack reads.";
    BadFormat = "bad-format", Error, "`format` is a number no spectrack reads.";
    NotAnArrayOfTables = "not-an-array-of-tables", Error, "Records are written as `[[table]]`, an array of tables.";
    // Each record.
    UnknownKey = "unknown-key", Error, "A table or key that the format does not have.";
    WrongType = "wrong-type", Error, "A value of the wrong type (a string where an array is needed, say).";
    MissingKey = "missing-key", Error, "A record lacks a required key.";
    UnreadableRecord = "unreadable-record", Error, "A record that could not be read into the catalogue.";
    InvalidId = "invalid-id", Error, "An id that is not lowercase letters, digits and `-`, starting with a letter.";
    BadDate = "bad-date", Error, "A value that is not a date, or not a real day, or has a time of day.";
    BadExpected = "bad-expected", Error, "`expected` is neither a date nor an event id.";
    UnknownKind = "unknown-kind", Error, "A spec's `kind` is not one of the known kinds.";
    UnknownState = "unknown-state", Error, "A history entry's `state` is not one of the known states.";
    EndBeforeStart = "end-before-start", Error, "An event ends before it starts.";
    EmptyList = "empty-list", Error, "A list that must name at least one id is empty.";
    // Meaning.
    DuplicateId = "duplicate-id", Error, "The same id twice in one table.";
    UnknownReference = "unknown-reference", Error, "A reference to an id that no record has.";
    ParentCycle = "parent-cycle", Error, "Org parents that loop.";
    NoHistory = "no-history", Error, "A spec without history entries.";
    HistoryOrder = "history-order", Error, "A history entry lies wholly before the one above it.";
    FirstEntryWithoutState = "first-entry-without-state", Error, "A spec's first history entry sets no state.";
    MissingSource = "missing-source", Error, "A history entry sets a state or an expectation but cites no source.";
    // Warnings.
    Unused = "unused", Warning, "An org, event or source that nothing names.";
    StateGoesBack = "state-goes-back", Warning, "A spec's state goes back (to an earlier step than it had reached).";
    ExpectedAlreadyPast = "expected-already-past", Warning, "An expectation that was already past when it was recorded.";
    TopicCase = "topic-not-lowercase", Warning, "A topic that is not lowercase (topics are lowercase tags).";
    DatedAfterToday = "dated-after-today", Warning, "A history entry dated after today.";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_words() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.split('-').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{s}"
            );
            assert!(code.summary().ends_with('.'), "{s}");
        }
    }

    #[test]
    fn docs_list_every_code() {
        let docs = include_str!("../../docs/diagnostics.md");
        for code in Code::ALL {
            let row = format!(
                "| `{code}` | {} | {} |",
                code.severity().as_str(),
                code.summary()
            );
            assert!(docs.contains(&row), "docs/diagnostics.md has no row {row}");
        }
    }
}
