//! Event records as Arrow columns, built here so that a Spark worker's batch of records
//! reaches Arrow without a JSON round trip.
//!
//! With `extract_many_jsonl` + Arrow's JSON reader (`sitrep.tables.from_jsonl`), serde wrote
//! every record as JSON and Arrow's reader parsed it back. Building the columns here instead
//! takes 2.4 % off a 1,000-document batch's whole CPU time, extraction included, on short
//! generated reports and 6.1 % on 300 generated articles (many records per document, each
//! with its evidence sentences): medians of 30 alternated pairs in one process, release build,
//! on the shared 2-core machine (README, Performance, 2026-12-03).
//! Here each record's fields are appended straight to column buffers in the Arrow layout
//! (validity bitmaps, 32-bit offsets, values); Python wraps the buffers with
//! `pyarrow.Array.from_buffers` (`sitrep.tables.from_buffers`), copying nothing.
//!
//! The columns follow `sitrep.tables.event_schema()` field for field, and hold what
//! `from_jsonl` makes of the JSON line: a field the line leaves out when empty (an actor's
//! `sector`, a location's `inferred` when false, ...) is null, a list the line writes empty
//! is an empty list, enumerations are their serde names, `confidence` is the decimal the line
//! writes, dates are days since 1970-01-01. pytest compares the two tables.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sitrep_model::{Claimant, DateInfo, EventRecord, Evidence, Location, Magnitude, Party};

/// A validity bitmap (bit set = value present), least significant bit first, as Arrow's.
#[derive(Default)]
struct Validity {
    bits: Vec<u8>,
    len: usize,
    nulls: usize,
}

impl Validity {
    fn push(&mut self, valid: bool) {
        if self.len.is_multiple_of(8) {
            self.bits.push(0);
        }
        if valid {
            if let Some(last) = self.bits.last_mut() {
                *last |= 1 << (self.len % 8);
            }
        } else {
            self.nulls += 1;
        }
        self.len += 1;
    }
}

/// One Arrow array under construction, in the layout `pyarrow.Array.from_buffers` takes.
enum Column {
    Utf8 {
        valid: Validity,
        offsets: Vec<i32>,
        data: Vec<u8>,
    },
    Int64 {
        valid: Validity,
        values: Vec<i64>,
    },
    Float64 {
        valid: Validity,
        values: Vec<f64>,
    },
    Bool {
        valid: Validity,
        values: Validity,
    },
    Date32 {
        valid: Validity,
        values: Vec<i32>,
    },
    List {
        valid: Validity,
        offsets: Vec<i32>,
        child: Box<Column>,
    },
    Struct {
        valid: Validity,
        children: Vec<Column>,
    },
}

/// Why the columns could not be built: a batch too large for Arrow's 32-bit offsets.
#[derive(Debug, thiserror::Error)]
#[error("a batch of records holds more than 2 GiB of {0}; extract fewer documents per call")]
pub struct TooLarge(&'static str);

fn offset(n: usize, what: &'static str) -> Result<i32, TooLarge> {
    i32::try_from(n).map_err(|_| TooLarge(what))
}

impl Column {
    fn utf8() -> Self {
        Column::Utf8 {
            valid: Validity::default(),
            offsets: vec![0],
            data: Vec::new(),
        }
    }
    fn int64() -> Self {
        Column::Int64 {
            valid: Validity::default(),
            values: Vec::new(),
        }
    }
    fn float64() -> Self {
        Column::Float64 {
            valid: Validity::default(),
            values: Vec::new(),
        }
    }
    fn boolean() -> Self {
        Column::Bool {
            valid: Validity::default(),
            values: Validity::default(),
        }
    }
    fn date32() -> Self {
        Column::Date32 {
            valid: Validity::default(),
            values: Vec::new(),
        }
    }
    fn list(child: Column) -> Self {
        Column::List {
            valid: Validity::default(),
            offsets: vec![0],
            child: Box::new(child),
        }
    }
    fn structure(children: Vec<Column>) -> Self {
        Column::Struct {
            valid: Validity::default(),
            children,
        }
    }

    fn str(&mut self, v: Option<&str>) -> Result<(), TooLarge> {
        if let Column::Utf8 {
            valid,
            offsets,
            data,
        } = self
        {
            valid.push(v.is_some());
            data.extend_from_slice(v.unwrap_or("").as_bytes());
            offsets.push(offset(data.len(), "text")?);
        }
        Ok(())
    }
    fn int(&mut self, v: Option<i64>) {
        if let Column::Int64 { valid, values } = self {
            valid.push(v.is_some());
            values.push(v.unwrap_or(0));
        }
    }
    fn float(&mut self, v: Option<f64>) {
        if let Column::Float64 { valid, values } = self {
            valid.push(v.is_some());
            values.push(v.unwrap_or(0.0));
        }
    }
    fn bool(&mut self, v: Option<bool>) {
        if let Column::Bool { valid, values } = self {
            valid.push(v.is_some());
            values.push(v.unwrap_or(false));
        }
    }
    fn date(&mut self, v: Option<NaiveDate>) {
        if let Column::Date32 { valid, values } = self {
            valid.push(v.is_some());
            // Days since 1970-01-01 (day 719,163 of the common era, counting 0001-01-01 as 1).
            values.push(v.map_or(0, |d| d.num_days_from_ce() - 719_163));
        }
    }
    /// Opens a list entry of `n` items (or a null list); the caller appends the items to
    /// [`Column::child`].
    fn list_of(&mut self, n: Option<usize>) -> Result<(), TooLarge> {
        if let Column::List { valid, offsets, .. } = self {
            valid.push(n.is_some());
            let last = offsets.last().copied().unwrap_or(0);
            let next = usize::try_from(last).unwrap_or(0) + n.unwrap_or(0);
            offsets.push(offset(next, "list items")?);
        }
        Ok(())
    }
    /// Marks a struct entry present or null; its children are appended by the caller (with
    /// nulls for a null entry, as Arrow wants a value slot in every child).
    fn entry(&mut self, present: bool) {
        if let Column::Struct { valid, .. } = self {
            valid.push(present);
        }
    }
    fn child(&mut self) -> &mut Column {
        match self {
            Column::List { child, .. } => child,
            other => other,
        }
    }
    fn field(&mut self, i: usize) -> &mut Column {
        match self {
            Column::Struct { children, .. } => &mut children[i],
            other => other,
        }
    }

    /// The column's nodes in pre-order (this one, then its children), each as
    /// `(length, null count, validity bitmap or None, buffers)`: what `from_buffers` needs.
    fn into_nodes(self, out: &mut Vec<Node>) {
        fn bytes<T: Copy>(v: &[T], f: impl Fn(T) -> [u8; 8]) -> Vec<u8> {
            v.iter().flat_map(|x| f(*x)).collect()
        }
        fn valid_bits(v: Validity) -> (usize, usize, Option<Vec<u8>>) {
            let bits = (v.nulls > 0).then_some(v.bits);
            (v.len, v.nulls, bits)
        }
        match self {
            Column::Utf8 {
                valid,
                offsets,
                data,
            } => {
                let (len, nulls, bits) = valid_bits(valid);
                let offs = offsets.iter().flat_map(|o| o.to_le_bytes()).collect();
                out.push((len, nulls, bits, vec![offs, data]));
            }
            Column::Int64 { valid, values } => {
                let (len, nulls, bits) = valid_bits(valid);
                out.push((len, nulls, bits, vec![bytes(&values, i64::to_le_bytes)]));
            }
            Column::Float64 { valid, values } => {
                let (len, nulls, bits) = valid_bits(valid);
                out.push((len, nulls, bits, vec![bytes(&values, f64::to_le_bytes)]));
            }
            Column::Bool { valid, values } => {
                let (len, nulls, bits) = valid_bits(valid);
                out.push((len, nulls, bits, vec![values.bits]));
            }
            Column::Date32 { valid, values } => {
                let (len, nulls, bits) = valid_bits(valid);
                let vals = values.iter().flat_map(|d| d.to_le_bytes()).collect();
                out.push((len, nulls, bits, vec![vals]));
            }
            Column::List {
                valid,
                offsets,
                child,
            } => {
                let (len, nulls, bits) = valid_bits(valid);
                let offs = offsets.iter().flat_map(|o| o.to_le_bytes()).collect();
                out.push((len, nulls, bits, vec![offs]));
                child.into_nodes(out);
            }
            Column::Struct { valid, children } => {
                let (len, nulls, bits) = valid_bits(valid);
                out.push((len, nulls, bits, Vec::new()));
                for c in children {
                    c.into_nodes(out);
                }
            }
        }
    }
}

/// One array's length, null count, validity bitmap (None when nothing is null) and buffers.
pub type Node = (usize, usize, Option<Vec<u8>>, Vec<Vec<u8>>);

/// An enumeration's serde name (its name in the JSON line): `ASSAULT`, `person`, `day`.
fn serde_name<T: Serialize>(v: &T) -> Option<String> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

fn party() -> Column {
    Column::structure(vec![
        Column::utf8(), // name
        Column::utf8(), // entity
        Column::utf8(), // kind
        Column::utf8(), // country
        Column::utf8(), // sector
        Column::utf8(), // role
    ])
}

/// The columns of `sitrep.tables.event_schema()`, in its order.
pub struct EventColumns {
    cols: Vec<Column>,
}

impl Default for EventColumns {
    fn default() -> Self {
        Self::new()
    }
}

impl EventColumns {
    pub fn new() -> Self {
        let cols = vec![
            Column::utf8(),               // id
            Column::utf8(),               // type
            Column::list(Column::utf8()), // mode
            Column::list(Column::utf8()), // context
            Column::utf8(),               // aux
            Column::list(party()),        // actors
            Column::list(party()),        // recipients
            Column::structure(vec![
                Column::utf8(),    // name
                Column::utf8(),    // country
                Column::utf8(),    // admin1
                Column::float64(), // lat
                Column::float64(), // lon
                Column::utf8(),    // feature
                Column::boolean(), // inferred
            ]), // location
            Column::structure(vec![
                Column::date32(), // start
                Column::date32(), // end
                Column::utf8(),   // precision
                Column::utf8(),   // text
            ]), // date
            Column::list(Column::structure(vec![
                Column::utf8(),  // measure
                Column::int64(), // count
                Column::utf8(),  // qualifier
                Column::utf8(),  // unit
                Column::utf8(),  // claimed_by
            ])), // magnitude
            Column::list(Column::structure(vec![
                Column::utf8(), // name
                Column::utf8(), // country
                Column::utf8(), // entity
            ])), // claimed_by
            Column::list(Column::structure(vec![
                Column::utf8(),  // doc
                Column::int64(), // sentence
                Column::int64(), // start
                Column::int64(), // end
                Column::utf8(),  // text
                Column::utf8(),  // rule
            ])), // evidence
            Column::float64(),            // confidence
            Column::utf8(),               // rule
        ];
        EventColumns { cols }
    }

    /// Appends one record as one row.
    pub fn push(&mut self, e: &EventRecord) -> Result<(), TooLarge> {
        let c = &mut self.cols;
        c[0].str(Some(&e.id))?;
        c[1].str(serde_name(&e.event_type).as_deref())?;
        strings(&mut c[2], &e.mode)?;
        strings(&mut c[3], &e.context)?;
        c[4].str(e.aux.as_ref().and_then(serde_name).as_deref())?;
        parties(&mut c[5], &e.actors)?;
        parties(&mut c[6], &e.recipients)?;
        location(&mut c[7], e.location.as_ref())?;
        date(&mut c[8], e.date.as_ref())?;
        magnitudes(&mut c[9], &e.magnitude)?;
        claimants(&mut c[10], &e.claimed_by)?;
        evidence(&mut c[11], &e.evidence)?;
        // The decimal the JSON line writes (0.9, not 0.8999999761581421), as `event_to_py`.
        c[12].float(e.confidence.to_string().parse().ok());
        c[13].str(Some(&e.rule))?;
        Ok(())
    }

    /// Every array's nodes, column after column, each column in pre-order.
    pub fn into_nodes(self) -> Vec<Node> {
        let mut out = Vec::new();
        for c in self.cols {
            c.into_nodes(&mut out);
        }
        out
    }
}

fn usize_i64(n: usize) -> Option<i64> {
    i64::try_from(n).ok()
}

fn strings(col: &mut Column, v: &[String]) -> Result<(), TooLarge> {
    col.list_of(Some(v.len()))?;
    let items = col.child();
    for s in v {
        items.str(Some(s))?;
    }
    Ok(())
}

fn parties(col: &mut Column, v: &[Party]) -> Result<(), TooLarge> {
    col.list_of(Some(v.len()))?;
    let items = col.child();
    for p in v {
        items.entry(true);
        items.field(0).str(Some(&p.name))?;
        items.field(1).str(p.entity.as_deref())?;
        items.field(2).str(serde_name(&p.kind).as_deref())?;
        items.field(3).str(p.country.as_deref())?;
        items.field(4).str(p.sector.as_deref())?;
        items.field(5).str(p.role.as_deref())?;
    }
    Ok(())
}

fn location(col: &mut Column, l: Option<&Location>) -> Result<(), TooLarge> {
    col.entry(l.is_some());
    col.field(0).str(l.map(|l| l.name.as_str()))?;
    col.field(1).str(l.and_then(|l| l.country.as_deref()))?;
    col.field(2).str(l.and_then(|l| l.admin1.as_deref()))?;
    col.field(3).float(l.and_then(|l| l.lat));
    col.field(4).float(l.and_then(|l| l.lon));
    col.field(5).str(l.and_then(|l| l.feature.as_deref()))?;
    // The line leaves `inferred` out when false: null, as Arrow's JSON reader makes it.
    col.field(6).bool(l.filter(|l| l.inferred).map(|_| true));
    Ok(())
}

fn date(col: &mut Column, d: Option<&DateInfo>) -> Result<(), TooLarge> {
    col.entry(d.is_some());
    col.field(0).date(d.and_then(|d| d.start));
    col.field(1).date(d.and_then(|d| d.end));
    col.field(2)
        .str(d.and_then(|d| serde_name(&d.precision)).as_deref())?;
    col.field(3).str(d.and_then(|d| d.text.as_deref()))?;
    Ok(())
}

fn magnitudes(col: &mut Column, v: &[Magnitude]) -> Result<(), TooLarge> {
    col.list_of(Some(v.len()))?;
    let items = col.child();
    for m in v {
        items.entry(true);
        items.field(0).str(Some(&m.measure))?;
        items
            .field(1)
            .int(m.count.and_then(|c| i64::try_from(c).ok()));
        items.field(2).str(Some(&m.qualifier))?;
        items.field(3).str(Some(&m.unit))?;
        items.field(4).str(m.claimed_by.as_deref())?;
    }
    Ok(())
}

fn claimants(col: &mut Column, v: &[Claimant]) -> Result<(), TooLarge> {
    col.list_of(Some(v.len()))?;
    let items = col.child();
    for c in v {
        items.entry(true);
        items.field(0).str(Some(&c.name))?;
        items.field(1).str(c.country.as_deref())?;
        items.field(2).str(c.entity.as_deref())?;
    }
    Ok(())
}

fn evidence(col: &mut Column, v: &[Evidence]) -> Result<(), TooLarge> {
    col.list_of(Some(v.len()))?;
    let items = col.child();
    for e in v {
        items.entry(true);
        items.field(0).str(Some(&e.doc))?;
        items.field(1).int(usize_i64(e.sentence));
        items.field(2).int(usize_i64(e.start));
        items.field(3).int(usize_i64(e.end));
        items.field(4).str(Some(&e.text))?;
        items.field(5).str(e.rule.as_deref())?;
    }
    Ok(())
}
