//! Completion: the closed vocabularies (`--state`, `--kind`) as possible values, and ids from
//! the catalogue in use, completed while typing through clap_complete's engine
//! (`COMPLETE=bash spectrack`, see docs/install.md).

use std::ffi::OsStr;

use clap::builder::{PossibleValue, TypedValueParser};
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};

use crate::catalog::{Catalog, Kind, Location, SourceFile, State};

/// A word of a closed vocabulary: parsed by `parse` (with its own message), and offered to
/// help and completion as the possible values `names`.
#[derive(Clone)]
pub struct Words<T> {
    parse: fn(&str) -> Result<T, String>,
    names: fn() -> Vec<&'static str>,
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Words<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        self.parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.names)().into_iter().map(PossibleValue::new)))
    }
}

/// `--state`: one of the states.
pub fn states() -> Words<State> {
    Words {
        parse: super::parse_state_arg,
        names: || State::ALL.iter().map(|s| s.as_str()).collect(),
    }
}

/// `--kind`: one of the kinds.
pub fn kinds() -> Words<Kind> {
    Words {
        parse: super::parse_kind_arg,
        names: || Kind::ALL.iter().map(|k| k.as_str()).collect(),
    }
}

/// Completes spec ids (titles as help).
pub fn spec_ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        candidates(current, |catalog| {
            catalog
                .specs()
                .map(|s| (s.id.as_str().to_owned(), s.title.as_str().to_owned()))
                .collect()
        })
    })
}

/// Completes event ids (names as help).
pub fn event_ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        candidates(current, |catalog| {
            catalog
                .events
                .iter()
                .map(|e| {
                    let e = e.get_ref();
                    (e.id.as_str().to_owned(), e.name.as_str().to_owned())
                })
                .collect()
        })
    })
}

/// Completes org ids (names as help).
pub fn org_ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        candidates(current, |catalog| {
            catalog
                .orgs
                .iter()
                .map(|o| {
                    let o = o.get_ref();
                    (o.id.as_str().to_owned(), o.name.as_str().to_owned())
                })
                .collect()
        })
    })
}

/// Completes source ids (titles as help).
pub fn source_ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        candidates(current, |catalog| {
            catalog
                .sources
                .iter()
                .map(|s| {
                    let s = s.get_ref();
                    (s.id.as_str().to_owned(), s.title.as_str().to_owned())
                })
                .collect()
        })
    })
}

/// The ids `ids` lists in the catalogue in use that start with `current`. The catalogue is
/// the one the command line being completed names (`--catalog PATH`), else
/// `SPECTRACK_CATALOG`, else the usual search. An unreadable or invalid catalogue completes
/// nothing: completion must never print an error into the line being typed.
fn candidates(
    current: &OsStr,
    ids: impl Fn(&Catalog) -> Vec<(String, String)>,
) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    let Ok(cwd) = std::env::current_dir() else {
        return Vec::new();
    };
    let explicit = catalog_in_line(std::env::args_os().map(|a| a.to_string_lossy().into_owned()))
        .or_else(|| std::env::var_os("SPECTRACK_CATALOG").map(Into::into));
    let location = Location::resolve(explicit, &cwd);
    let Ok(file) = SourceFile::open(&location) else {
        return Vec::new();
    };
    let Ok(catalog) = file.load() else {
        return Vec::new();
    };
    ids(&catalog)
        .into_iter()
        .filter(|(id, _)| id.starts_with(current))
        // Catalogue text reaches the terminal: no control characters.
        .map(|(id, help)| {
            let help = crate::terminal::visible(&help).into_owned();
            CompletionCandidate::new(crate::terminal::visible(&id).into_owned())
                .help(Some(help.into()))
        })
        .collect()
}

/// The `--catalog` of a command line (the last one given).
fn catalog_in_line(args: impl Iterator<Item = String>) -> Option<std::path::PathBuf> {
    let mut found = None;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        if arg == "--catalog" {
            found = args.peek().cloned();
        } else if let Some(path) = arg.strip_prefix("--catalog=") {
            found = Some(path.to_owned());
        }
    }
    found.map(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_named_in_the_line() {
        let line = |words: &[&str]| catalog_in_line(words.iter().map(|w| (*w).to_owned()));
        assert_eq!(
            line(&[
                "spectrack",
                "--",
                "spectrack",
                "--catalog",
                "a.toml",
                "show",
                ""
            ]),
            Some("a.toml".into())
        );
        assert_eq!(
            line(&["spectrack", "--catalog=b.toml", "log"]),
            Some("b.toml".into())
        );
        assert_eq!(line(&["spectrack", "log"]), None);
    }

    #[test]
    fn vocabularies_offer_every_word() {
        let names: Vec<String> = states()
            .possible_values()
            .unwrap()
            .map(|v| v.get_name().to_owned())
            .collect();
        assert_eq!(names.len(), State::ALL.len());
        assert!(names.contains(&"published".to_owned()));
        assert_eq!(kinds().possible_values().unwrap().count(), Kind::ALL.len());
    }
}
