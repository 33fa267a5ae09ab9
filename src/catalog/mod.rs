//! The catalogue: its file format, reading it, and checking it.

mod document;
mod format;
pub mod json_schema;
mod load;
mod model;
mod reread;
mod schema;
mod split;
mod validate;
mod vocab;

pub use format::{
    DATE_PATTERN, EVENT, Field, HISTORY, ID_PATTERN, ORG, ROOT, Record, SOURCE, SPEC, Table, Ty,
};
pub use load::{
    BUILT_IN, Checked, Findings, Location, MAX_CATALOG_BYTES, SourceFile, check, check_in,
};
pub use model::{
    Arena, Catalog, EntryDetails, Event, Expected, FORMAT, HistoryEntry, Org, Source, Spanned,
    Spec, Str,
};
pub use validate::{dated_after, validate};

pub(crate) use document::{plain_byte, undecoded};
#[cfg(test)]
pub(crate) use load::leaked;
pub(crate) use load::{check_keeping_context, read_records, read_regular};
#[cfg(test)]
pub(crate) use model::Difference;
pub(crate) use model::{Fingerprints, Ids, PackedIds, with_records};
pub(crate) use reread::{Remap, insertion as reread_insertion};
pub(crate) use validate::{Context, validate_in};
pub use vocab::{Kind, State, UnknownWord};
