//! The closed vocabularies of the format: a spec's `state` and `kind`.

use std::fmt;
use std::str::FromStr;

/// Where a spec stands. Ordered as a spec usually moves; the two endings come last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    Proposed,
    Announced,
    Drafting,
    Released,
    Published,
    Withdrawn,
    Superseded,
}

impl State {
    pub const ALL: [State; 7] = [
        State::Proposed,
        State::Announced,
        State::Drafting,
        State::Released,
        State::Published,
        State::Withdrawn,
        State::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Proposed => "proposed",
            State::Announced => "announced",
            State::Drafting => "drafting",
            State::Released => "released",
            State::Published => "published",
            State::Withdrawn => "withdrawn",
            State::Superseded => "superseded",
        }
    }

    /// Still waiting for the promised document: proposed, announced, drafting or released.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            State::Proposed | State::Announced | State::Drafting | State::Released
        )
    }

    /// The step of the usual path (proposed → published); `None` for the two endings,
    /// which may follow any state.
    pub fn progress(self) -> Option<u8> {
        match self {
            State::Proposed => Some(0),
            State::Announced => Some(1),
            State::Drafting => Some(2),
            State::Released => Some(3),
            State::Published => Some(4),
            State::Withdrawn | State::Superseded => None,
        }
    }
}

/// What sort of document a spec is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Specification,
    WhitePaper,
    Standard,
    Guide,
    ReferenceDesign,
    Software,
    TestSuite,
    Report,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Specification,
        Kind::WhitePaper,
        Kind::Standard,
        Kind::Guide,
        Kind::ReferenceDesign,
        Kind::Software,
        Kind::TestSuite,
        Kind::Report,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Specification => "specification",
            Kind::WhitePaper => "white-paper",
            Kind::Standard => "standard",
            Kind::Guide => "guide",
            Kind::ReferenceDesign => "reference-design",
            Kind::Software => "software",
            Kind::TestSuite => "test-suite",
            Kind::Report => "report",
        }
    }
}

/// An unknown vocabulary word; the message suggests a near one and lists the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{word}`; {}expected one of: {}", self.suggestion(), .accepted.join(", "))]
pub struct UnknownWord {
    pub what: &'static str,
    pub word: String,
    pub accepted: Vec<&'static str>,
}

impl UnknownWord {
    /// "did you mean `published`? " for a near miss, else nothing.
    fn suggestion(&self) -> String {
        crate::suggest::did_you_mean(&self.word, self.accepted.iter().copied())
            .map_or_else(String::new, |s| format!("{s} "))
    }
}

macro_rules! vocabulary {
    ($ty:ty, $what:literal) => {
        impl FromStr for $ty {
            type Err = UnknownWord;
            fn from_str(word: &str) -> Result<Self, Self::Err> {
                <$ty>::ALL
                    .into_iter()
                    .find(|v| v.as_str() == word)
                    .ok_or_else(|| UnknownWord {
                        what: $what,
                        word: word.to_owned(),
                        accepted: <$ty>::ALL.iter().map(|v| v.as_str()).collect(),
                    })
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

vocabulary!(State, "state");
vocabulary!(Kind, "kind");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for state in State::ALL {
            assert_eq!(state.as_str().parse::<State>(), Ok(state));
        }
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
        }
    }

    #[test]
    fn pending_states() {
        let pending: Vec<_> = State::ALL.into_iter().filter(|s| s.is_pending()).collect();
        assert_eq!(
            pending,
            [
                State::Proposed,
                State::Announced,
                State::Drafting,
                State::Released
            ]
        );
    }

    #[test]
    fn unknown_word_lists_the_accepted_ones() {
        let err = "whitepaper".parse::<Kind>().unwrap_err();
        assert!(err.to_string().starts_with(
            "unknown kind `whitepaper`; did you mean `white-paper`? expected one of: specification, white-paper"
        ));
        let err = "banana".parse::<State>().unwrap_err();
        assert!(
            err.to_string()
                .starts_with("unknown state `banana`; expected one of: proposed")
        );
    }
}
