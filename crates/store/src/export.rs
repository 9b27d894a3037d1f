//! Exports of stored events for other tools: JSON Lines (SCHEMA.md records plus sources and
//! figures, each line tagged `record: "event"`), CSV with one row per event, a dyadic CSV with
//! one row per actor–recipient pair (the shape event-data analysis packages expect), and
//! Parquet with one typed, nested row per event (for dataframe tools). CSV and Parquet write
//! the event table `sitrep extract` writes ([`sitrep_io::table`]), so one notebook reads both.

use crate::{Filter, Store, StoreError, StoredEvent};
use sitrep_io::parquet::ParquetWriter;
use sitrep_io::table::{self, Value};
use sitrep_model::Party;
use std::io::Write;
use std::str::FromStr;

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Dyadic,
    Parquet,
}

impl FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" => Ok(ExportFormat::Jsonl),
            "csv" => Ok(ExportFormat::Csv),
            "dyadic" | "dyads" => Ok(ExportFormat::Dyadic),
            "parquet" => Ok(ExportFormat::Parquet),
            other => Err(format!(
                "unknown export format {other:?} (expected jsonl, csv, dyadic or parquet)"
            )),
        }
    }
}

fn out<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Output(e.to_string())
}

/// Column names of the dyadic CSV.
pub const DYADIC_HEADER: &[&str] = &[
    "event_id",
    "date_start",
    "date_end",
    "type",
    "aux",
    "actor",
    "actor_entity",
    "actor_country",
    "actor_sector",
    "recipient",
    "recipient_entity",
    "recipient_country",
    "recipient_sector",
    "location",
    "location_country",
    "n_sources",
];

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

pub(crate) fn aux_cell(e: &StoredEvent) -> String {
    e.record
        .aux
        .and_then(|a| serde_json::to_value(a).ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The documents that reported a stored event, in order of ingest.
fn source_docs(e: &StoredEvent) -> Vec<&str> {
    e.sources.iter().map(|s| s.doc.as_str()).collect()
}

/// A stored event as a row of the shared event table ([`sitrep_io::table`]): the same
/// columns `extract --format parquet|csv` writes, with the store's sources as `docs`.
pub fn table_row(e: &StoredEvent) -> Vec<Value> {
    table::event_row(&e.record, &source_docs(e))
}

/// One CSV row per event, in the columns of [`sitrep_io::table::event_columns`].
pub fn csv_row(e: &StoredEvent) -> Vec<String> {
    table::flat_row(table::event_schema(), &table_row(e))
}

/// The actor–recipient pairs of an event: every actor with every recipient; an event without
/// recipients gives one row per actor; for meetings and agreements (no direction) every
/// unordered pair of participants once.
pub fn dyads(e: &StoredEvent) -> Vec<(Option<&Party>, Option<&Party>)> {
    let r = &e.record;
    let mut pairs = Vec::new();
    if r.event_type.is_symmetric() {
        let all: Vec<&Party> = r.actors.iter().chain(&r.recipients).collect();
        for (i, a) in all.iter().enumerate() {
            for b in all.iter().skip(i + 1) {
                pairs.push((Some(*a), Some(*b)));
            }
        }
        if all.len() == 1 {
            pairs.push((all.first().copied(), None));
        }
    } else if r.recipients.is_empty() {
        pairs.extend(r.actors.iter().map(|a| (Some(a), None)));
    } else if r.actors.is_empty() {
        pairs.extend(r.recipients.iter().map(|b| (None, Some(b))));
    } else {
        for a in &r.actors {
            for b in &r.recipients {
                pairs.push((Some(a), Some(b)));
            }
        }
    }
    if pairs.is_empty() {
        pairs.push((None, None));
    }
    pairs
}

/// A party's cells of the dyadic CSV. The name is the entity's canonical one where the
/// event knows it ("Russia", not "Moscow's forces"), so that grouping by `actor` counts one
/// actor once; the event table (CSV, Parquet) keeps the record's words.
fn party_cells(p: Option<&Party>, e: &StoredEvent) -> [String; 4] {
    match p {
        Some(p) => [
            p.entity
                .as_ref()
                .and_then(|id| e.entity_names.get(id))
                .unwrap_or(&p.name)
                .clone(),
            opt(p.entity.clone()),
            opt(p.country.clone()),
            opt(p.sector.clone()),
        ],
        None => Default::default(),
    }
}

/// Writes the events matching `filter` to `w`; returns the number of events written.
pub fn export<W: Write>(
    store: &dyn Store,
    filter: &Filter,
    format: ExportFormat,
    w: W,
) -> Result<usize, StoreError> {
    match format {
        ExportFormat::Jsonl => {
            let mut w = std::io::BufWriter::new(w);
            let n = store.export(filter, &mut |e| {
                sitrep_io::write_tagged_line(&mut w, &e, Some("event")).map_err(out)
            })?;
            w.flush().map_err(out)?;
            Ok(n)
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(w);
            w.write_record(table::event_columns()).map_err(out)?;
            let n = store.export(filter, &mut |e| w.write_record(csv_row(&e)).map_err(out))?;
            w.flush().map_err(out)?;
            Ok(n)
        }
        ExportFormat::Dyadic => {
            let mut w = csv::Writer::from_writer(w);
            w.write_record(DYADIC_HEADER).map_err(out)?;
            let n = store.export(filter, &mut |e| {
                let r = &e.record;
                let date = r.date.as_ref();
                for (a, b) in dyads(&e) {
                    let mut row = vec![
                        r.id.clone(),
                        opt(date.and_then(|d| d.start)),
                        opt(date.and_then(|d| d.end)),
                        r.event_type.as_str().to_string(),
                        aux_cell(&e),
                    ];
                    row.extend(party_cells(a, &e));
                    row.extend(party_cells(b, &e));
                    row.push(opt(r.location.as_ref().map(|l| l.name.clone())));
                    row.push(opt(r.location.as_ref().and_then(|l| l.country.clone())));
                    row.push(e.sources.len().to_string());
                    w.write_record(&row).map_err(out)?;
                }
                Ok(())
            })?;
            w.flush().map_err(out)?;
            Ok(n)
        }
        ExportFormat::Parquet => {
            let mut pw = ParquetWriter::new("sitrep_event", table::event_schema().to_vec(), w)
                .map_err(out)?;
            let n = store.export(filter, &mut |e| pw.write(&table_row(&e)).map_err(out))?;
            pw.finish().map_err(out)?;
            Ok(n)
        }
    }
}
