//! Record writers: JSON Lines (the exchange format of SCHEMA.md), a pretty JSON array, CSV
//! for spreadsheets and an aligned table for a terminal.
//!
//! Writers stream: records are written as they come, so a long batch never holds all of its
//! output in memory (the JSON array is written element by element too).

use serde::Serialize;
use sitrep_model::{EntityRecord, EventRecord, Party, QuoteRecord};
use std::fmt::Write as _;
use std::io::Write;
use std::marker::PhantomData;
use std::str::FromStr;

use crate::error::WriteError;

/// Output layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Jsonl,
    Json,
    Csv,
    Table,
}

impl FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" => Ok(OutputFormat::Jsonl),
            "json" => Ok(OutputFormat::Json),
            "csv" => Ok(OutputFormat::Csv),
            "table" | "text" => Ok(OutputFormat::Table),
            other => Err(format!(
                "unknown output format {other:?} (expected jsonl, json, csv or table)"
            )),
        }
    }
}

/// A record kind that can be written flat (CSV, table) as well as as JSON.
pub trait Record: Serialize {
    fn csv_header() -> &'static [&'static str];
    fn csv_row(&self) -> Vec<String>;
    /// The table heading line, for a terminal `width` characters wide.
    fn table_header(width: usize) -> String;
    /// One table line, cut to `width` characters.
    fn table_row(&self, width: usize) -> String;
}

enum Sink<W: Write> {
    Plain(W),
    Csv(Box<csv::Writer<W>>),
}

/// Writes records of one kind, one at a time.
pub struct RecordWriter<W: Write, R: Record> {
    format: OutputFormat,
    sink: Sink<W>,
    count: usize,
    width: usize,
    _kind: PhantomData<fn(&R)>,
}

impl<W: Write, R: Record> RecordWriter<W, R> {
    /// Starts the output (CSV header, table heading, opening bracket).
    pub fn new(format: OutputFormat, writer: W) -> Result<Self, WriteError> {
        Self::with_width(format, writer, 120)
    }

    /// Like [`RecordWriter::new`], with the table cut to `width` characters.
    pub fn with_width(format: OutputFormat, writer: W, width: usize) -> Result<Self, WriteError> {
        let sink = match format {
            OutputFormat::Csv => {
                let mut w = csv::Writer::from_writer(writer);
                w.write_record(R::csv_header())?;
                Sink::Csv(Box::new(w))
            }
            OutputFormat::Table => {
                let mut w = writer;
                writeln!(w, "{}", R::table_header(width))?;
                Sink::Plain(w)
            }
            OutputFormat::Json => {
                let mut w = writer;
                w.write_all(b"[")?;
                Sink::Plain(w)
            }
            OutputFormat::Jsonl => Sink::Plain(writer),
        };
        Ok(RecordWriter {
            format,
            sink,
            count: 0,
            width: width.max(40),
            _kind: PhantomData,
        })
    }

    pub fn write(&mut self, record: &R) -> Result<(), WriteError> {
        match (&mut self.sink, self.format) {
            (Sink::Csv(w), _) => w.write_record(record.csv_row())?,
            (Sink::Plain(w), OutputFormat::Jsonl) => {
                serde_json::to_writer(&mut *w, record)?;
                w.write_all(b"\n")?;
            }
            (Sink::Plain(w), OutputFormat::Json) => {
                // Indented one level, exactly as serde_json pretty-prints a Vec.
                let pretty = serde_json::to_string_pretty(record)?;
                w.write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
                for (i, line) in pretty.lines().enumerate() {
                    if i > 0 {
                        w.write_all(b"\n")?;
                    }
                    w.write_all(b"  ")?;
                    w.write_all(line.as_bytes())?;
                }
            }
            (Sink::Plain(w), _) => writeln!(w, "{}", record.table_row(self.width))?,
        }
        self.count += 1;
        Ok(())
    }

    /// Closes the output (closing bracket, flush) and returns the writer.
    pub fn finish(self) -> Result<W, WriteError> {
        let mut w = match self.sink {
            Sink::Csv(w) => w.into_inner().map_err(|e| WriteError::Io(e.into_error()))?,
            Sink::Plain(w) => w,
        };
        if self.format == OutputFormat::Json {
            w.write_all(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        w.flush()?;
        Ok(w)
    }
}

/// Writes a batch of records in one call.
pub fn write_records<R: Record, W: Write>(
    format: OutputFormat,
    records: &[R],
    writer: W,
) -> Result<W, WriteError> {
    let mut w = RecordWriter::new(format, writer)?;
    for r in records {
        w.write(r)?;
    }
    w.finish()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn num<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// `name [CTY]; name`: parties flattened into one cell.
fn parties(ps: &[Party]) -> String {
    let mut out = String::new();
    for (i, p) in ps.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&p.name);
        if let Some(c) = &p.country {
            let _ = write!(out, " [{c}]");
        }
    }
    out
}

/// Distinct country codes of parties, in order of first appearance.
fn countries(ps: &[Party]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for c in ps.iter().filter_map(|p| p.country.as_deref()) {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.join("; ")
}

fn magnitudes(ev: &EventRecord) -> String {
    ev.magnitude
        .iter()
        .map(|m| {
            let count = m.count.map_or_else(|| "?".to_string(), |c| c.to_string());
            let mut s = format!("{}={} {} ({})", m.measure, count, m.unit, m.qualifier);
            if let Some(by) = &m.claimed_by {
                let _ = write!(s, " per {by}");
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Cuts `s` to `n` characters, marking the cut with an ellipsis, and pads it to `n`.
fn cell(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let len = s.chars().count();
    if len > n {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        format!("{s:<n$}")
    }
}

/// Lays out fixed columns and gives the last one whatever width is left.
fn table_line(cols: &[(&str, usize)], last: &str, width: usize) -> String {
    let mut line = String::new();
    let mut used = 0;
    for (text, n) in cols {
        line.push_str(&cell(text, *n));
        line.push(' ');
        used += n + 1;
    }
    line.push_str(&cell(last, width.saturating_sub(used).max(10)));
    line.trim_end().to_string()
}

impl Record for EventRecord {
    fn csv_header() -> &'static [&'static str] {
        &[
            "id",
            "type",
            "mode",
            "context",
            "aux",
            "actors",
            "actor_countries",
            "recipients",
            "recipient_countries",
            "location",
            "location_country",
            "lat",
            "lon",
            "date_start",
            "date_end",
            "date_precision",
            "magnitude",
            "claimed_by",
            "confidence",
            "rule",
            "doc",
            "sentence",
            "evidence_text",
        ]
    }

    fn csv_row(&self) -> Vec<String> {
        let loc = self.location.as_ref();
        let date = self.date.as_ref();
        let ev = self.evidence.first();
        let aux = self
            .aux
            .and_then(|a| serde_json::to_value(a).ok())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let precision = date
            .and_then(|d| serde_json::to_value(d.precision).ok())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        vec![
            self.id.clone(),
            self.event_type.as_str().to_string(),
            self.mode.join("; "),
            self.context.join("; "),
            aux,
            parties(&self.actors),
            countries(&self.actors),
            parties(&self.recipients),
            countries(&self.recipients),
            loc.map(|l| l.name.clone()).unwrap_or_default(),
            loc.map(|l| opt(&l.country)).unwrap_or_default(),
            num(loc.and_then(|l| l.lat)),
            num(loc.and_then(|l| l.lon)),
            num(date.and_then(|d| d.start)),
            num(date.and_then(|d| d.end)),
            precision,
            magnitudes(self),
            self.claimed_by
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            self.confidence.to_string(),
            self.rule.clone(),
            ev.map(|e| e.doc.clone()).unwrap_or_default(),
            num(ev.map(|e| e.sentence)),
            ev.map(|e| e.text.clone()).unwrap_or_default(),
        ]
    }

    fn table_header(width: usize) -> String {
        table_line(
            &[
                ("date", 10),
                ("type", 9),
                ("actors → recipients", 28),
                ("location", 14),
                ("magnitude", 16),
            ],
            "evidence",
            width,
        )
    }

    fn table_row(&self, width: usize) -> String {
        let names = |ps: &[Party]| {
            ps.iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let who = if self.recipients.is_empty() {
            names(&self.actors)
        } else {
            format!("{} → {}", names(&self.actors), names(&self.recipients))
        };
        let date = num(self.date.as_ref().and_then(|d| d.start));
        let date = if date.is_empty() { "-".into() } else { date };
        let loc = self
            .location
            .as_ref()
            .map_or_else(String::new, |l| match &l.country {
                Some(c) => format!("{} ({c})", l.name),
                None => l.name.clone(),
            });
        let mag = self
            .magnitude
            .iter()
            .map(|m| {
                let c = m.count.map_or_else(|| "?".into(), |c| c.to_string());
                format!("{} {c}", m.measure)
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut kind = self.event_type.as_str().to_string();
        if self.aux.is_some() {
            kind.push('?');
        }
        let evidence = self.evidence.first().map_or("", |e| e.text.as_str());
        table_line(
            &[(&date, 10), (&kind, 9), (&who, 28), (&loc, 14), (&mag, 16)],
            evidence,
            width,
        )
    }
}

impl Record for EntityRecord {
    fn csv_header() -> &'static [&'static str] {
        &[
            "id", "name", "kind", "country", "roles", "aliases", "mentions", "docs",
        ]
    }

    fn csv_row(&self) -> Vec<String> {
        let mut docs: Vec<&str> = Vec::new();
        for m in &self.mentions {
            if !docs.contains(&m.doc.as_str()) {
                docs.push(&m.doc);
            }
        }
        vec![
            self.id.clone(),
            self.name.clone(),
            self.kind.as_str().to_string(),
            opt(&self.country),
            self.roles.join("; "),
            self.aliases.join("; "),
            self.mentions.len().to_string(),
            docs.join("; "),
        ]
    }

    fn table_header(width: usize) -> String {
        table_line(
            &[("kind", 12), ("name", 30), ("country", 8), ("mentions", 8)],
            "roles",
            width,
        )
    }

    fn table_row(&self, width: usize) -> String {
        table_line(
            &[
                (self.kind.as_str(), 12),
                (&self.name, 30),
                (self.country.as_deref().unwrap_or("-"), 8),
                (&self.mentions.len().to_string(), 8),
            ],
            &self.roles.join("; "),
            width,
        )
    }
}

impl Record for QuoteRecord {
    fn csv_header() -> &'static [&'static str] {
        &[
            "id",
            "doc",
            "speaker",
            "speaker_country",
            "date",
            "start",
            "end",
            "text",
        ]
    }

    fn csv_row(&self) -> Vec<String> {
        let sp = self.speaker.as_ref();
        vec![
            self.id.clone(),
            self.doc.clone(),
            sp.map(|p| p.name.clone()).unwrap_or_default(),
            sp.map(|p| opt(&p.country)).unwrap_or_default(),
            num(self.date.as_ref().and_then(|d| d.start)),
            self.start.to_string(),
            self.end.to_string(),
            self.text.clone(),
        ]
    }

    fn table_header(width: usize) -> String {
        table_line(&[("date", 10), ("speaker", 26)], "quote", width)
    }

    fn table_row(&self, width: usize) -> String {
        let date = num(self.date.as_ref().and_then(|d| d.start));
        let speaker = self.speaker.as_ref().map_or_else(
            || "?".to_string(),
            |p| match &p.country {
                Some(c) => format!("{} [{c}]", p.name),
                None => p.name.clone(),
            },
        );
        table_line(
            &[
                (if date.is_empty() { "-" } else { &date }, 10),
                (&speaker, 26),
            ],
            &self.text,
            width,
        )
    }
}
