//! The catalogue file, format 1, as serde structs (SPEC section 1).
//!
//! Every value a diagnostic may point at is kept as [`Spanned`], so validation can name the
//! line and column. Unknown keys are refused (`deny_unknown_fields`); the structural pass in
//! [`super::schema`] reports them all, with suggestions, before these structs are built.

use serde::Deserialize;
use toml::Spanned;

use super::vocab::{Kind, State};
use crate::date::PartialDate;

/// The newest catalogue format this build understands.
pub const FORMAT: i64 = 1;

/// A whole catalogue.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub format: Spanned<i64>,
    #[serde(default, rename = "org")]
    pub orgs: Vec<Spanned<Org>>,
    #[serde(default, rename = "event")]
    pub events: Vec<Spanned<Event>>,
    #[serde(default, rename = "source")]
    pub sources: Vec<Spanned<Source>>,
    #[serde(default, rename = "spec")]
    pub specs: Vec<Spanned<Spec>>,
}

/// Who writes, leads or hosts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Org {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub short: Option<Spanned<String>>,
    pub parent: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
}

/// A gathering where releases happen or are promised.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub start: Spanned<PartialDate>,
    pub end: Option<Spanned<PartialDate>>,
    pub place: Option<Spanned<String>>,
    #[serde(default)]
    pub orgs: Vec<Spanned<String>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    pub url: Option<Spanned<String>>,
}

/// Evidence for a history entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub publisher: Spanned<String>,
    pub date: Spanned<PartialDate>,
    pub url: Option<Spanned<String>>,
}

/// A promised specification, white paper, guide …
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub kind: Spanned<Kind>,
    pub orgs: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub topics: Vec<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    #[serde(default)]
    pub supersedes: Vec<Spanned<String>>,
    #[serde(default)]
    pub history: Vec<Spanned<HistoryEntry>>,
}

/// One dated, sourced step in a spec's life.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    pub date: Spanned<PartialDate>,
    pub state: Option<Spanned<State>>,
    pub expected: Option<Spanned<Expected>>,
    pub at: Option<Spanned<String>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    pub note: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
}

/// When the next step is due: a date, or the id of an event (its end date counts).
///
/// Ids never start with a digit, so a value starting with one is a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Date(PartialDate),
    Event(String),
}

impl Expected {
    /// Reads the text of an `expected` value.
    pub fn parse(text: &str) -> Result<Self, crate::date::DateError> {
        if text.starts_with(|c: char| c.is_ascii_digit()) {
            text.parse().map(Expected::Date)
        } else {
            Ok(Expected::Event(text.to_owned()))
        }
    }
}

impl<'de> Deserialize<'de> for Expected {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Toml(toml::value::Datetime),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Text(text) => Expected::parse(&text).map_err(serde::de::Error::custom),
            Raw::Toml(dt) => PartialDate::from_toml(&dt)
                .map(Expected::Date)
                .map_err(serde::de::Error::custom),
        }
    }
}

impl Catalog {
    pub fn org(&self, id: &str) -> Option<&Org> {
        self.orgs
            .iter()
            .map(|o| o.get_ref())
            .find(|o| o.id.get_ref() == id)
    }

    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events
            .iter()
            .map(|e| e.get_ref())
            .find(|e| e.id.get_ref() == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources
            .iter()
            .map(|s| s.get_ref())
            .find(|s| s.id.get_ref() == id)
    }

    pub fn spec(&self, id: &str) -> Option<&Spec> {
        self.specs
            .iter()
            .map(|s| s.get_ref())
            .find(|s| s.id.get_ref() == id)
    }

    /// The specs, without their spans.
    pub fn specs(&self) -> impl Iterator<Item = &Spec> {
        self.specs.iter().map(|s| s.get_ref())
    }
}

impl Org {
    /// The short name where there is one, else the full name.
    pub fn display_name(&self) -> &str {
        self.short.as_ref().unwrap_or(&self.name).get_ref()
    }
}

impl Event {
    /// The day an event counts as, when used as a date: its end, or its start.
    pub fn as_date(&self) -> PartialDate {
        *self.end.as_ref().unwrap_or(&self.start).get_ref()
    }
}

impl Spec {
    /// The leading org's id (the first of `orgs`).
    pub fn lead_org(&self) -> Option<&str> {
        self.orgs.get_ref().first().map(|o| o.get_ref().as_str())
    }
}
