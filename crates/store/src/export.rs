//! Exports of stored events for other tools: JSON Lines (SCHEMA.md records plus sources and
//! figures), CSV with one row per event, a dyadic CSV with one row per actor–recipient
//! pair (the shape event-data analysis packages expect), and Parquet with one typed row per
//! event (for dataframe tools).

use crate::{Filter, Store, StoreError, StoredEvent};
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

/// Column names of the per-event CSV.
pub const CSV_HEADER: &[&str] = &[
    "id",
    "type",
    "aux",
    "date_start",
    "date_end",
    "date_precision",
    "actors",
    "actor_countries",
    "recipients",
    "recipient_countries",
    "location",
    "location_country",
    "lat",
    "lon",
    "magnitude",
    "claimed_by",
    "n_sources",
    "docs",
    "confidence",
    "rule",
    "evidence_text",
];

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

pub(crate) fn names(ps: &[Party]) -> String {
    ps.iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

pub(crate) fn countries(ps: &[Party]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for c in ps.iter().filter_map(|p| p.country.as_deref()) {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.join("; ")
}

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

/// The figures of an event as one cell: `killed=12 person (exact) per X [doc]`.
pub fn figures_cell(e: &StoredEvent) -> String {
    e.figures
        .iter()
        .map(|f| {
            let count = f.count.map_or_else(|| "?".to_string(), |c| c.to_string());
            let mut s = format!("{}={} {} ({})", f.measure, count, f.unit, f.qualifier);
            if let Some(by) = &f.claimed_by {
                s.push_str(" per ");
                s.push_str(by);
            }
            s.push_str(" [");
            s.push_str(&f.doc);
            s.push(']');
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One CSV row per event.
pub fn csv_row(e: &StoredEvent) -> Vec<String> {
    let r = &e.record;
    let loc = r.location.as_ref();
    let date = r.date.as_ref();
    vec![
        r.id.clone(),
        r.event_type.as_str().to_string(),
        aux_cell(e),
        opt(date.and_then(|d| d.start)),
        opt(date.and_then(|d| d.end)),
        date.and_then(|d| serde_json::to_value(d.precision).ok())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        names(&r.actors),
        countries(&r.actors),
        names(&r.recipients),
        countries(&r.recipients),
        opt(loc.map(|l| l.name.clone())),
        opt(loc.and_then(|l| l.country.clone())),
        opt(loc.and_then(|l| l.lat)),
        opt(loc.and_then(|l| l.lon)),
        figures_cell(e),
        r.claimed_by
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        e.sources.len().to_string(),
        e.sources
            .iter()
            .map(|s| s.doc.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        r.confidence.to_string(),
        r.rule.clone(),
        opt(r.evidence.first().map(|v| v.text.clone())),
    ]
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

fn party_cells(p: Option<&Party>) -> [String; 4] {
    match p {
        Some(p) => [
            p.name.clone(),
            opt(p.entity.clone()),
            opt(p.country.clone()),
            opt(p.sector.clone()),
        ],
        None => Default::default(),
    }
}

pub use crate::parquet_export::PARQUET_COLUMNS;

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
                serde_json::to_writer(&mut w, &e).map_err(out)?;
                w.write_all(b"\n").map_err(out)
            })?;
            w.flush().map_err(out)?;
            Ok(n)
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(w);
            w.write_record(CSV_HEADER).map_err(out)?;
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
                    row.extend(party_cells(a));
                    row.extend(party_cells(b));
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
        ExportFormat::Parquet => crate::parquet_export::write(store, filter, w),
    }
}
