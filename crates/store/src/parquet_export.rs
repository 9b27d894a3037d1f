//! Parquet export: one row per event in flat, typed columns, for dataframe tools (pandas,
//! polars, DuckDB, Spark) that read Parquet faster and with types CSV cannot carry (dates,
//! missing values, floats).
//!
//! Written with the `parquet` crate's low-level column writer, without Arrow; files are
//! uncompressed apart from Parquet's own dictionary and run-length encodings, so no codec
//! library is built in. Events are buffered a row group at a time, so memory stays bounded
//! whatever the export's size, and the file is streamed to any writer (the Parquet writer
//! itself wants a `Send` sink, so bytes pass through a shared buffer drained after each row
//! group).

use crate::export::{aux_cell, countries, figures_cell, names};
use crate::{Filter, Store, StoreError, StoredEvent};
use chrono::NaiveDate;
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, FloatType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Events per row group: large enough for efficient column chunks, small enough that the
/// buffered columns stay a few megabytes.
const ROW_GROUP: usize = 8192;

#[derive(Clone, Copy)]
enum Kind {
    Str,
    Date,
    F32,
    F64,
    I64,
}

/// The columns, in file order: name, type, whether it may be missing.
pub const PARQUET_COLUMNS: &[(&str, &str, bool)] = &[
    ("id", "string", false),
    ("type", "string", false),
    ("mode", "string", false),
    ("context", "string", false),
    ("aux", "string", true),
    ("date_start", "date", true),
    ("date_end", "date", true),
    ("precision", "string", true),
    ("actors", "string", false),
    ("actor_countries", "string", false),
    ("recipients", "string", false),
    ("recipient_countries", "string", false),
    ("location", "string", true),
    ("location_country", "string", true),
    ("lat", "double", true),
    ("lon", "double", true),
    ("magnitude", "string", false),
    ("claimed_by", "string", false),
    ("confidence", "float", false),
    ("rule", "string", false),
    ("n_sources", "int64", false),
    ("first_doc", "string", true),
    ("evidence_text", "string", true),
];

fn kind(t: &str) -> Kind {
    match t {
        "date" => Kind::Date,
        "float" => Kind::F32,
        "double" => Kind::F64,
        "int64" => Kind::I64,
        _ => Kind::Str,
    }
}

/// The Parquet schema of [`PARQUET_COLUMNS`].
fn message_type() -> String {
    let mut s = String::from("message sitrep_event {\n");
    for (name, t, optional) in PARQUET_COLUMNS {
        let rep = if *optional { "optional" } else { "required" };
        let ty = match kind(t) {
            Kind::Str => "binary",
            Kind::Date => "int32",
            Kind::F32 => "float",
            Kind::F64 => "double",
            Kind::I64 => "int64",
        };
        let ann = match kind(t) {
            Kind::Str => " (UTF8)",
            Kind::Date => " (DATE)",
            _ => "",
        };
        s.push_str(&format!("  {rep} {ty} {name}{ann};\n"));
    }
    s.push('}');
    s
}

/// One cell; `None` is a missing value (only in optional columns).
enum Cell {
    Str(Option<String>),
    Date(Option<i32>),
    F32(f32),
    F64(Option<f64>),
    I64(i64),
}

fn days(d: Option<NaiveDate>) -> Option<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d? - epoch).num_days()).ok()
}

fn text(s: &str) -> Cell {
    Cell::Str(Some(s.to_string()))
}

fn opt_text(s: Option<&str>) -> Cell {
    Cell::Str(s.map(str::to_string))
}

/// An event's cells in [`PARQUET_COLUMNS`] order.
fn cells(e: &StoredEvent) -> Vec<Cell> {
    let r = &e.record;
    let loc = r.location.as_ref();
    let date = r.date.as_ref();
    let aux = aux_cell(e);
    vec![
        text(&r.id),
        text(r.event_type.as_str()),
        text(&r.mode.join("; ")),
        text(&r.context.join("; ")),
        Cell::Str((!aux.is_empty()).then_some(aux)),
        Cell::Date(days(date.and_then(|d| d.start))),
        Cell::Date(days(date.and_then(|d| d.end))),
        Cell::Str(
            date.and_then(|d| serde_json::to_value(d.precision).ok())
                .and_then(|v| v.as_str().map(str::to_string)),
        ),
        text(&names(&r.actors)),
        text(&countries(&r.actors)),
        text(&names(&r.recipients)),
        text(&countries(&r.recipients)),
        opt_text(loc.map(|l| l.name.as_str())),
        opt_text(loc.and_then(|l| l.country.as_deref())),
        Cell::F64(loc.and_then(|l| l.lat)),
        Cell::F64(loc.and_then(|l| l.lon)),
        text(&figures_cell(e)),
        text(
            &r.claimed_by
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Cell::F32(r.confidence),
        text(&r.rule),
        Cell::I64(i64::try_from(e.sources.len()).unwrap_or(i64::MAX)),
        opt_text(e.sources.first().map(|s| s.doc.as_str())),
        opt_text(r.evidence.first().map(|v| v.text.as_str())),
    ]
}

/// One column's buffered values of the current row group, with definition levels (1 =
/// present, 0 = missing) for optional columns.
#[derive(Default)]
struct Column {
    strs: Vec<ByteArray>,
    i32s: Vec<i32>,
    f32s: Vec<f32>,
    f64s: Vec<f64>,
    i64s: Vec<i64>,
    defs: Vec<i16>,
}

impl Column {
    fn push(&mut self, c: Cell) {
        let present = match c {
            Cell::Str(v) => v.map(|s| self.strs.push(ByteArray::from(s.into_bytes()))),
            Cell::Date(v) => v.map(|d| self.i32s.push(d)),
            Cell::F32(v) => {
                self.f32s.push(v);
                Some(())
            }
            Cell::F64(v) => v.map(|x| self.f64s.push(x)),
            Cell::I64(v) => {
                self.i64s.push(v);
                Some(())
            }
        };
        self.defs.push(i16::from(present.is_some()));
    }
}

/// A `Send` sink for the Parquet writer whose bytes the caller drains into its own writer.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("parquet buffer poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn drain_into<W: Write>(&self, w: &mut W) -> Result<(), StoreError> {
        let bytes =
            std::mem::take(&mut *self.0.lock().map_err(|_| out("parquet buffer poisoned"))?);
        w.write_all(&bytes).map_err(out)
    }
}

fn out<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Output(e.to_string())
}

type Writer = SerializedFileWriter<Shared>;

fn write_group(writer: &mut Writer, cols: &mut [Column]) -> Result<(), StoreError> {
    let mut rg = writer.next_row_group().map_err(out)?;
    let mut i = 0;
    while let Some(mut cw) = rg.next_column().map_err(out)? {
        let (name, t, optional) = PARQUET_COLUMNS
            .get(i)
            .copied()
            .ok_or_else(|| out("more Parquet columns than defined"))?;
        let col = cols
            .get_mut(i)
            .ok_or_else(|| out(format!("no buffer for column {name}")))?;
        let defs = optional.then_some(col.defs.as_slice());
        match kind(t) {
            Kind::Str => cw
                .typed::<ByteArrayType>()
                .write_batch(&col.strs, defs, None),
            Kind::Date => cw.typed::<Int32Type>().write_batch(&col.i32s, defs, None),
            Kind::F32 => cw.typed::<FloatType>().write_batch(&col.f32s, defs, None),
            Kind::F64 => cw.typed::<DoubleType>().write_batch(&col.f64s, defs, None),
            Kind::I64 => cw.typed::<Int64Type>().write_batch(&col.i64s, defs, None),
        }
        .map_err(out)?;
        cw.close().map_err(out)?;
        *col = Column::default();
        i += 1;
    }
    rg.close().map_err(out)?;
    Ok(())
}

/// Writes the events matching `filter` as a Parquet file to `w`; returns the number of events.
pub(crate) fn write<W: Write>(
    store: &dyn Store,
    filter: &Filter,
    mut w: W,
) -> Result<usize, StoreError> {
    let schema = Arc::new(parse_message_type(&message_type()).map_err(out)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::UNCOMPRESSED)
            .set_created_by(format!("sitrep {}", env!("CARGO_PKG_VERSION")))
            .build(),
    );
    let buf = Shared::default();
    let mut writer = SerializedFileWriter::new(buf.clone(), schema, props).map_err(out)?;
    let mut cols: Vec<Column> = PARQUET_COLUMNS.iter().map(|_| Column::default()).collect();
    let mut rows = 0usize;
    let n = store.export(filter, &mut |e| {
        for (col, cell) in cols.iter_mut().zip(cells(&e)) {
            col.push(cell);
        }
        rows += 1;
        if rows == ROW_GROUP {
            write_group(&mut writer, &mut cols)?;
            buf.drain_into(&mut w)?;
            rows = 0;
        }
        Ok(())
    })?;
    if rows > 0 {
        write_group(&mut writer, &mut cols)?;
    }
    writer.close().map_err(out)?;
    buf.drain_into(&mut w)?;
    w.flush().map_err(out)?;
    Ok(n)
}
