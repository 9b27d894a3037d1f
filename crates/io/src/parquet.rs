//! Parquet writing of [`crate::table`] rows, nested types included (lists, structs, lists of
//! structs), through the `parquet` crate's low-level column writer.
//!
//! No Arrow: rows are shredded into Parquet's repetition and definition levels here (the
//! Dremel encoding), which keeps the build small. Files are uncompressed apart from
//! Parquet's own dictionary and run-length encodings, which every reader accepts. Rows are
//! buffered a row group at a time, so memory stays bounded whatever the output's size, and
//! bytes go to any writer (the Parquet writer wants a `Send` sink, so they pass through a
//! shared buffer drained after each row group).

use crate::error::WriteError;
use crate::table::{Leaf, Node, Value};
use parquet::basic::Compression;
use parquet::data_type::{
    BoolType, ByteArray, ByteArrayType, DoubleType, FloatType, Int32Type, Int64Type,
};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::SchemaDescriptor;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Rows per row group: large enough for efficient column chunks, small enough that the
/// buffered columns stay a few megabytes.
const ROW_GROUP: usize = 8192;

fn err<E: std::fmt::Display>(e: E) -> WriteError {
    WriteError::Parquet(e.to_string())
}

/// The Parquet message type of a table schema (lists in the standard three-level layout).
pub fn message_type(name: &str, schema: &[Node]) -> String {
    let mut s = format!("message {name} {{\n");
    for n in schema {
        node_type(n, 1, &mut s);
    }
    s.push('}');
    s
}

fn node_type(n: &Node, depth: usize, s: &mut String) {
    let pad = "  ".repeat(depth);
    match n {
        Node::Leaf { name, ty, optional } => {
            let rep = if *optional { "optional" } else { "required" };
            let (phys, ann) = match ty {
                Leaf::Str => ("binary", " (UTF8)"),
                Leaf::I64 => ("int64", ""),
                Leaf::F32 => ("float", ""),
                Leaf::F64 => ("double", ""),
                Leaf::Date => ("int32", " (DATE)"),
                Leaf::Bool => ("boolean", ""),
            };
            s.push_str(&format!("{pad}{rep} {phys} {name}{ann};\n"));
        }
        Node::Struct {
            name,
            optional,
            fields,
            ..
        } => {
            let rep = if *optional { "optional" } else { "required" };
            s.push_str(&format!("{pad}{rep} group {name} {{\n"));
            for f in fields {
                node_type(f, depth + 1, s);
            }
            s.push_str(&format!("{pad}}}\n"));
        }
        Node::List { name, item } => {
            s.push_str(&format!("{pad}required group {name} (LIST) {{\n"));
            s.push_str(&format!("{pad}  repeated group list {{\n"));
            node_type(item, depth + 2, s);
            s.push_str(&format!("{pad}  }}\n{pad}}}\n"));
        }
    }
}

fn leaves(n: &Node) -> usize {
    match n {
        Node::Leaf { .. } => 1,
        Node::Struct { fields, .. } => fields.iter().map(leaves).sum(),
        Node::List { item, .. } => leaves(item),
    }
}

/// One leaf column's buffered values and levels for the current row group.
#[derive(Default)]
struct Column {
    strs: Vec<ByteArray>,
    i32s: Vec<i32>,
    i64s: Vec<i64>,
    f32s: Vec<f32>,
    f64s: Vec<f64>,
    bools: Vec<bool>,
    defs: Vec<i16>,
    reps: Vec<i16>,
}

/// Where shredding stands: the definition level reached, the repetition level of the next
/// value, and how many repeated fields enclose the node.
#[derive(Clone, Copy)]
struct Levels {
    def: i16,
    rep: i16,
    depth: i16,
}

/// Writes a missing value at `lv` into every leaf under `n`.
fn nulls(n: &Node, lv: Levels, cols: &mut [Column], first: usize) {
    for c in cols.iter_mut().skip(first).take(leaves(n)) {
        c.defs.push(lv.def);
        c.reps.push(lv.rep);
    }
}

fn mismatch(n: &Node, v: &Value) -> WriteError {
    err(format!("value {v:?} does not fit column {}", n.name()))
}

/// Shreds `v` (a value of node `n`) into the leaf columns starting at `first`.
fn shred(
    n: &Node,
    v: &Value,
    lv: Levels,
    cols: &mut [Column],
    first: usize,
) -> Result<(), WriteError> {
    match n {
        Node::Leaf { ty, optional, .. } => {
            let col = cols
                .get_mut(first)
                .ok_or_else(|| err("row wider than the schema"))?;
            if matches!(v, Value::Null) {
                if !optional {
                    return Err(err(format!("missing value in required {}", n.name())));
                }
                col.defs.push(lv.def);
                col.reps.push(lv.rep);
                return Ok(());
            }
            match (ty, v) {
                (Leaf::Str, Value::Str(x)) => col.strs.push(ByteArray::from(x.as_bytes().to_vec())),
                (Leaf::I64, Value::I64(x)) => col.i64s.push(*x),
                (Leaf::F32, Value::F32(x)) => col.f32s.push(*x),
                (Leaf::F64, Value::F64(x)) => col.f64s.push(*x),
                (Leaf::Date, Value::Date(x)) => col.i32s.push(*x),
                (Leaf::Bool, Value::Bool(x)) => col.bools.push(*x),
                _ => return Err(mismatch(n, v)),
            }
            col.defs.push(lv.def + i16::from(*optional));
            col.reps.push(lv.rep);
        }
        Node::Struct {
            optional, fields, ..
        } => match v {
            Value::Null if *optional => nulls(n, lv, cols, first),
            Value::Struct(vals) if vals.len() == fields.len() => {
                let inner = Levels {
                    def: lv.def + i16::from(*optional),
                    ..lv
                };
                let mut at = first;
                for (f, x) in fields.iter().zip(vals) {
                    shred(f, x, inner, cols, at)?;
                    at += leaves(f);
                }
            }
            _ => return Err(mismatch(n, v)),
        },
        Node::List { item, .. } => match v {
            Value::List(items) if items.is_empty() => nulls(item, lv, cols, first),
            Value::List(items) => {
                let depth = lv.depth + 1;
                for (k, x) in items.iter().enumerate() {
                    let inner = Levels {
                        def: lv.def + 1,
                        rep: if k == 0 { lv.rep } else { depth },
                        depth,
                    };
                    shred(item, x, inner, cols, first)?;
                }
            }
            _ => return Err(mismatch(n, v)),
        },
    }
    Ok(())
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
    fn drain_into<W: Write>(&self, w: &mut W) -> Result<(), WriteError> {
        let bytes =
            std::mem::take(&mut *self.0.lock().map_err(|_| err("parquet buffer poisoned"))?);
        w.write_all(&bytes)?;
        Ok(())
    }
}

/// Streams rows of one table schema into a Parquet file.
pub struct ParquetWriter<W: Write> {
    schema: Vec<Node>,
    writer: SerializedFileWriter<Shared>,
    descr: Arc<SchemaDescriptor>,
    buf: Shared,
    cols: Vec<Column>,
    rows: usize,
    out: W,
}

impl<W: Write> ParquetWriter<W> {
    /// Starts a file of rows shaped as `schema`, named `name` in the file's metadata.
    pub fn new(name: &str, schema: Vec<Node>, out: W) -> Result<Self, WriteError> {
        let parsed = Arc::new(parse_message_type(&message_type(name, &schema)).map_err(err)?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::UNCOMPRESSED)
                .set_created_by(format!("sitrep {}", env!("CARGO_PKG_VERSION")))
                .build(),
        );
        let buf = Shared::default();
        let descr = Arc::new(SchemaDescriptor::new(Arc::clone(&parsed)));
        let writer = SerializedFileWriter::new(buf.clone(), parsed, props).map_err(err)?;
        let n: usize = schema.iter().map(leaves).sum();
        Ok(ParquetWriter {
            schema,
            writer,
            descr,
            buf,
            cols: (0..n).map(|_| Column::default()).collect(),
            rows: 0,
            out,
        })
    }

    /// Adds one row (its cells in schema order).
    pub fn write(&mut self, row: &[Value]) -> Result<(), WriteError> {
        if row.len() != self.schema.len() {
            return Err(err(format!(
                "row of {} cells for a schema of {} columns",
                row.len(),
                self.schema.len()
            )));
        }
        let top = Levels {
            def: 0,
            rep: 0,
            depth: 0,
        };
        let mut at = 0;
        for (n, v) in self.schema.iter().zip(row) {
            shred(n, v, top, &mut self.cols, at)?;
            at += leaves(n);
        }
        self.rows += 1;
        if self.rows == ROW_GROUP {
            self.flush_group()?;
        }
        Ok(())
    }

    fn flush_group(&mut self) -> Result<(), WriteError> {
        if self.rows == 0 {
            return Ok(());
        }
        let descr = Arc::clone(&self.descr);
        let mut rg = self.writer.next_row_group().map_err(err)?;
        let mut i = 0;
        while let Some(mut cw) = rg.next_column().map_err(err)? {
            let c = descr.column(i);
            let col = self
                .cols
                .get_mut(i)
                .ok_or_else(|| err("more Parquet columns than buffered"))?;
            let defs = (c.max_def_level() > 0).then_some(col.defs.as_slice());
            let reps = (c.max_rep_level() > 0).then_some(col.reps.as_slice());
            use parquet::basic::Type as P;
            match c.physical_type() {
                P::BYTE_ARRAY => cw
                    .typed::<ByteArrayType>()
                    .write_batch(&col.strs, defs, reps),
                P::INT32 => cw.typed::<Int32Type>().write_batch(&col.i32s, defs, reps),
                P::INT64 => cw.typed::<Int64Type>().write_batch(&col.i64s, defs, reps),
                P::FLOAT => cw.typed::<FloatType>().write_batch(&col.f32s, defs, reps),
                P::DOUBLE => cw.typed::<DoubleType>().write_batch(&col.f64s, defs, reps),
                P::BOOLEAN => cw.typed::<BoolType>().write_batch(&col.bools, defs, reps),
                other => return Err(err(format!("unexpected Parquet type {other}"))),
            }
            .map_err(err)?;
            cw.close().map_err(err)?;
            *col = Column::default();
            i += 1;
        }
        rg.close().map_err(err)?;
        self.rows = 0;
        self.buf.drain_into(&mut self.out)
    }

    /// Writes the last row group and the footer; returns the writer.
    pub fn finish(mut self) -> Result<W, WriteError> {
        self.flush_group()?;
        self.writer.close().map_err(err)?;
        self.buf.drain_into(&mut self.out)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{event_columns, event_schema};

    #[test]
    fn message_type_parses_and_names_every_column() {
        let schema = event_schema();
        let parsed = parse_message_type(&message_type("sitrep_event", schema));
        let Ok(parsed) = parsed else {
            panic!("{parsed:?}");
        };
        let names: Vec<&str> = parsed.get_fields().iter().map(|f| f.name()).collect();
        assert_eq!(names, event_columns());
    }

    #[test]
    fn list_of_structs_shreds_to_dremel_levels() {
        let n = Node::List {
            name: "p",
            item: Box::new(Node::Struct {
                name: "element",
                optional: false,
                fields: vec![
                    Node::Leaf {
                        name: "a",
                        ty: Leaf::Str,
                        optional: false,
                    },
                    Node::Leaf {
                        name: "b",
                        ty: Leaf::I64,
                        optional: true,
                    },
                ],
                flat: |_| String::new(),
            }),
        };
        let mut cols: Vec<Column> = (0..2).map(|_| Column::default()).collect();
        let top = Levels {
            def: 0,
            rep: 0,
            depth: 0,
        };
        let item = |a: &str, b: Option<i64>| {
            Value::Struct(vec![
                Value::Str(a.into()),
                b.map_or(Value::Null, Value::I64),
            ])
        };
        let rows = [
            Value::List(vec![item("x", Some(1)), item("y", None)]),
            Value::List(vec![]),
            Value::List(vec![item("z", Some(3))]),
        ];
        for r in &rows {
            assert!(shred(&n, r, top, &mut cols, 0).is_ok());
        }
        assert_eq!(cols[0].defs, [1, 1, 0, 1]);
        assert_eq!(cols[0].reps, [0, 1, 0, 0]);
        assert_eq!(cols[0].strs.len(), 3);
        assert_eq!(cols[1].defs, [2, 1, 0, 2]);
        assert_eq!(cols[1].i64s, [1, 3]);
    }
}
