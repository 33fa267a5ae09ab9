//! The meaning of a well-formed catalogue: ids, references, history order, warnings.
//!
//! Returns every problem as data, in no particular order; [`super::check`] sorts them.

use super::model::Catalog;
use crate::diagnostic::Diagnostic;

/// Every problem of meaning in `catalog`.
pub fn validate(_catalog: &Catalog) -> Vec<Diagnostic> {
    Vec::new()
}
