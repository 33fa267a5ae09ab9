//! `spectrack schema`: the JSON Schema of the catalogue format, on standard output.

use std::io::Write;

use crate::catalog::json_schema;
use crate::error::{Outcome, Result};

pub fn run(out: &mut dyn Write) -> Result<Outcome> {
    crate::render::json::write(&json_schema::schema(), out)?;
    Ok(Outcome::Done)
}
