//! The catalogue: its file format, reading it, and checking it.

mod depth;
mod load;
mod model;
mod schema;
mod validate;
mod vocab;

pub use load::{BUILT_IN, Checked, Location, MAX_CATALOG_BYTES, SourceFile, check, load};
pub use model::{Catalog, Event, Expected, FORMAT, HistoryEntry, Org, Source, Spec};
pub use validate::validate;
pub use vocab::{Kind, State, UnknownWord};
