//! Record writers: JSON Lines (the exchange format of SCHEMA.md), a pretty JSON array, CSV
//! for spreadsheets, Parquet for dataframe tools (events only; CSV and Parquet share the
//! columns of [`crate::table`]) and an aligned table for a terminal.
//!
//! JSON records carry a `record` field (`event`, `quote`) so that one stream of mixed kinds
//! filters cleanly in pandas or jq; SCHEMA.md reads a record without it as an event.
//!
//! Writers stream: records are written as they come, so a long batch never holds all of its
//! output in memory (the JSON array is written element by element too).

use serde::Serialize;
use sitrep_model::{EntityRecord, EventRecord, Party, QuoteRecord};
use std::collections::HashMap;
use std::io::Write;
use std::marker::PhantomData;
use std::str::FromStr;

use crate::error::WriteError;
use crate::parquet::ParquetWriter;
use crate::table::{Node, Value, event_row, event_schema, evidence_docs, flat_row};

/// Output layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Jsonl,
    Json,
    Csv,
    Table,
    Parquet,
}

impl OutputFormat {
    /// The format a file name asks for by its extension (`.jsonl`, `.ndjson`, `.json`,
    /// `.csv`, `.parquet`, `.txt` for the table).
    pub fn from_path(path: &std::path::Path) -> Option<OutputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Some(OutputFormat::Jsonl),
            "json" => Some(OutputFormat::Json),
            "csv" => Some(OutputFormat::Csv),
            "parquet" | "pq" => Some(OutputFormat::Parquet),
            "txt" => Some(OutputFormat::Table),
            _ => None,
        }
    }
}

impl FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" => Ok(OutputFormat::Jsonl),
            "json" => Ok(OutputFormat::Json),
            "csv" => Ok(OutputFormat::Csv),
            "table" | "text" => Ok(OutputFormat::Table),
            "parquet" => Ok(OutputFormat::Parquet),
            other => Err(format!(
                "unknown output format {other:?} (expected jsonl, json, csv, parquet or table)"
            )),
        }
    }
}

/// Canonical names of entities by entity id (the `name` of an [`EntityRecord`]).
///
/// A party's `name` is the words of one report ("Moscow's forces"); the table a person reads
/// shows the entity's name ("Russia") instead, as the web UI and `sitrep actors` do. Only the
/// table uses it: JSON, CSV and Parquet keep the record as extracted.
pub type EntityNames = HashMap<String, String>;

/// The name a table shows for a party: its entity's canonical name where `names` has one,
/// else the name the report gave.
pub fn display_name<'a>(p: &'a Party, names: &'a EntityNames) -> &'a str {
    p.entity
        .as_ref()
        .and_then(|e| names.get(e))
        .map_or(p.name.as_str(), String::as_str)
}

/// A record kind that can be written flat (CSV, table) as well as as JSON.
pub trait Record: Serialize {
    /// The `record` field written into JSON, where the kind does not carry one itself.
    const KIND: Option<&'static str> = None;
    fn csv_header() -> Vec<&'static str>;
    fn csv_row(&self) -> Vec<String>;
    /// The Parquet layout of the kind; `None`: the kind has no Parquet form.
    fn parquet_schema() -> Option<&'static [Node]> {
        None
    }
    /// One row of [`Record::parquet_schema`].
    fn parquet_row(&self) -> Vec<Value> {
        Vec::new()
    }
    /// The table heading line, for a terminal `width` characters wide.
    fn table_header(width: usize) -> String;
    /// One table line, cut to `width` characters; parties are shown by their entity's name
    /// in `names` where it has one.
    fn table_row(&self, width: usize, names: &EntityNames) -> String;
}

enum Sink<W: Write> {
    Plain(W),
    Csv(Box<csv::Writer<W>>),
    Parquet(Box<ParquetWriter<W>>),
}

/// A record with its `record` field in front.
#[derive(Serialize)]
struct Tagged<'a, T: Serialize> {
    record: &'static str,
    #[serde(flatten)]
    inner: &'a T,
}

/// Writes `r` as JSON, with `record: kind` when given.
fn to_json<W: Write, T: Serialize>(
    w: W,
    r: &T,
    kind: Option<&'static str>,
) -> Result<(), serde_json::Error> {
    match kind {
        Some(record) => serde_json::to_writer(w, &Tagged { record, inner: r }),
        None => serde_json::to_writer(w, r),
    }
}

fn to_json_pretty<T: Serialize>(
    r: &T,
    kind: Option<&'static str>,
) -> Result<String, serde_json::Error> {
    match kind {
        Some(record) => serde_json::to_string_pretty(&Tagged { record, inner: r }),
        None => serde_json::to_string_pretty(r),
    }
}

/// Writes one record as a JSON line, tagged with its kind.
pub fn write_json_line<W: Write, R: Record>(w: W, r: &R) -> Result<(), WriteError> {
    write_tagged_line(w, r, R::KIND)
}

/// Writes any serialisable record as a JSON line, with `record: kind` in front when given
/// (the store's events carry sources beyond [`EventRecord`], and are tagged the same way).
///
/// The line is built in a reused buffer and handed to `w` in one write: serde_json writes a
/// record in hundreds of small pieces, and each piece passed through `w` (a boxed, buffered
/// stdout in `extract`) cost a dynamic call and a copy; that was a fifth of the writing.
pub fn write_tagged_line<W: Write, T: Serialize>(
    mut w: W,
    r: &T,
    kind: Option<&'static str>,
) -> Result<(), WriteError> {
    thread_local! {
        static LINE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // taken out of the cell, so that a record whose serialisation writes a line itself
    // (none does) would find an empty buffer rather than a borrowed one
    let mut line = LINE.with(|l| std::mem::take(&mut *l.borrow_mut()));
    line.clear();
    let done = to_json(&mut line, r, kind)
        .map_err(WriteError::from)
        .and_then(|()| {
            line.push(b'\n');
            w.write_all(&line).map_err(WriteError::from)
        });
    // a very long line is not kept for the rest of the run
    if line.capacity() <= 1 << 20 {
        LINE.with(|l| *l.borrow_mut() = line);
    }
    done
}

/// Writes records of one kind, one at a time.
pub struct RecordWriter<W: Write, R: Record> {
    format: OutputFormat,
    sink: Sink<W>,
    count: usize,
    width: usize,
    names: EntityNames,
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
            OutputFormat::Parquet => {
                let schema = R::parquet_schema().ok_or_else(|| {
                    WriteError::Unsupported(
                        "Parquet holds events only: write these records as jsonl, json or csv"
                            .into(),
                    )
                })?;
                Sink::Parquet(Box::new(ParquetWriter::new(
                    "sitrep_event",
                    schema.to_vec(),
                    writer,
                )?))
            }
        };
        Ok(RecordWriter {
            format,
            sink,
            count: 0,
            width: width.max(40),
            names: EntityNames::new(),
            _kind: PhantomData,
        })
    }

    /// Learns canonical names for the table (the first name given for an id stays, as when
    /// entities of several documents are merged). Other formats ignore them.
    pub fn add_names<I: IntoIterator<Item = (String, String)>>(&mut self, names: I) {
        if self.format != OutputFormat::Table {
            return;
        }
        for (id, name) in names {
            self.names.entry(id).or_insert(name);
        }
    }

    pub fn write(&mut self, record: &R) -> Result<(), WriteError> {
        match (&mut self.sink, self.format) {
            (Sink::Csv(w), _) => w.write_record(record.csv_row())?,
            (Sink::Parquet(w), _) => w.write(&record.parquet_row())?,
            (Sink::Plain(w), OutputFormat::Jsonl) => write_json_line(&mut *w, record)?,
            (Sink::Plain(w), OutputFormat::Json) => {
                // Indented one level, exactly as serde_json pretty-prints a Vec.
                let pretty = to_json_pretty(record, R::KIND)?;
                w.write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
                for (i, line) in pretty.lines().enumerate() {
                    if i > 0 {
                        w.write_all(b"\n")?;
                    }
                    w.write_all(b"  ")?;
                    w.write_all(line.as_bytes())?;
                }
            }
            (Sink::Plain(w), _) => {
                writeln!(w, "{}", record.table_row(self.width, &self.names))?;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Closes the output (closing bracket, flush) and returns the writer.
    pub fn finish(self) -> Result<W, WriteError> {
        let mut w = match self.sink {
            Sink::Csv(w) => w.into_inner().map_err(|e| WriteError::Io(e.into_error()))?,
            Sink::Parquet(w) => return w.finish(),
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
    const KIND: Option<&'static str> = Some("event");

    fn csv_header() -> Vec<&'static str> {
        crate::table::event_columns()
    }

    fn csv_row(&self) -> Vec<String> {
        flat_row(event_schema(), &self.parquet_row())
    }

    fn parquet_schema() -> Option<&'static [Node]> {
        Some(event_schema())
    }

    fn parquet_row(&self) -> Vec<Value> {
        event_row(self, &evidence_docs(self))
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

    fn table_row(&self, width: usize, entity_names: &EntityNames) -> String {
        let names = |ps: &[Party]| {
            ps.iter()
                .map(|p| display_name(p, entity_names))
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
    fn csv_header() -> Vec<&'static str> {
        vec![
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

    fn table_row(&self, width: usize, _: &EntityNames) -> String {
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
    fn csv_header() -> Vec<&'static str> {
        vec![
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

    fn table_row(&self, width: usize, names: &EntityNames) -> String {
        let date = num(self.date.as_ref().and_then(|d| d.start));
        let speaker = self.speaker.as_ref().map_or_else(
            || "?".to_string(),
            |p| {
                let name = display_name(p, names);
                match &p.country {
                    Some(c) => format!("{name} [{c}]"),
                    None => name.to_string(),
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Sample {
        name: String,
        n: u32,
        tags: Vec<&'static str>,
    }

    #[test]
    fn a_tagged_line_is_the_record_as_serde_json_writes_it() {
        let a = Sample {
            name: "Quai \"d'Orsay\"\tß".into(),
            n: 7,
            tags: vec!["x", "y"],
        };
        let long = Sample {
            name: "z".repeat(2 << 20),
            n: 0,
            tags: vec![],
        };
        let mut out = Vec::new();
        write_tagged_line(&mut out, &a, Some("event")).expect("write");
        write_tagged_line(&mut out, &long, None).expect("write");
        write_tagged_line(&mut out, &a, None).expect("write");
        let mut want = Vec::new();
        serde_json::to_writer(
            &mut want,
            &Tagged {
                record: "event",
                inner: &a,
            },
        )
        .expect("json");
        want.push(b'\n');
        serde_json::to_writer(&mut want, &long).expect("json");
        want.push(b'\n');
        serde_json::to_writer(&mut want, &a).expect("json");
        want.push(b'\n');
        assert_eq!(out, want);
        assert!(out.starts_with(b"{\"record\":\"event\",\"name\":"));
    }
}
