//! JSON: the report value as it serialises, pretty-printed, then a newline.

use std::io::Write;

use serde::Serialize;

pub fn write(report: &impl Serialize, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}
