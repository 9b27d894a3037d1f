//! The bundled sample reports (`samples/reports.jsonl`, written for the project), so that
//! `sitrep demo` runs anywhere without input files.

use anyhow::{Context, Result};
use sitrep_io::ReadOptions;
use sitrep_model::Document;

const REPORTS: &str = include_str!("../../../samples/reports.jsonl");

/// The sample documents.
pub fn documents() -> Result<Vec<Document>> {
    let reader = std::io::Cursor::new(REPORTS.as_bytes().to_vec());
    sitrep_io::read_reader(reader, "samples/reports.jsonl", &ReadOptions::default())
        .map(|d| d.context("bundled sample"))
        .collect()
}
