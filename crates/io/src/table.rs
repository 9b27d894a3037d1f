//! The one tabular layout of events, shared by every flat export: `extract --format
//! parquet|csv` and the store's `export --format parquet|csv` write the same columns, so a
//! notebook written against one reads the other.
//!
//! Parquet keeps the record's structure (lists of party structs, lists of modes, a location
//! struct, magnitudes as a list of structs); CSV writes the same columns under the same names,
//! each flattened to one cell. Convenience columns repeat what analysts filter on most (flat
//! `lat`/`lon`, one numeric column per magnitude measure) so that no reader has to unnest
//! before a first plot.

use chrono::NaiveDate;
use sitrep_model::{EventRecord, Magnitude, Party};

/// A leaf type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    Str,
    I64,
    F32,
    F64,
    /// Days since 1970-01-01 (Parquet `DATE`, Arrow `date32`).
    Date,
    Bool,
}

/// A node of the table schema: a column, a struct field or a list's element.
#[derive(Debug, Clone)]
pub enum Node {
    Leaf {
        name: &'static str,
        ty: Leaf,
        optional: bool,
    },
    Struct {
        name: &'static str,
        optional: bool,
        fields: Vec<Node>,
        /// How a CSV cell shows the struct (a party as its name, a place as its name).
        flat: fn(&[Value]) -> String,
    },
    /// A list that is never null (an empty list where there is nothing) of non-null items.
    List { name: &'static str, item: Box<Node> },
}

impl Node {
    pub fn name(&self) -> &'static str {
        match self {
            Node::Leaf { name, .. } | Node::Struct { name, .. } | Node::List { name, .. } => name,
        }
    }

    fn leaf(name: &'static str, ty: Leaf, optional: bool) -> Node {
        Node::Leaf { name, ty, optional }
    }

    fn list(name: &'static str, item: Node) -> Node {
        Node::List {
            name,
            item: Box::new(item),
        }
    }
}

/// One cell (or struct field, or list item) of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Str(String),
    I64(i64),
    F32(f32),
    F64(f64),
    Date(i32),
    Bool(bool),
    Struct(Vec<Value>),
    List(Vec<Value>),
}

fn s(x: &str) -> Value {
    Value::Str(x.to_string())
}

fn opt_s(x: Option<&str>) -> Value {
    x.map_or(Value::Null, s)
}

fn opt_f64(x: Option<f64>) -> Value {
    x.map_or(Value::Null, Value::F64)
}

/// Days since the Unix epoch, as Parquet stores dates.
pub fn days(d: NaiveDate) -> Option<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

fn date(d: Option<NaiveDate>) -> Value {
    d.and_then(days).map_or(Value::Null, Value::Date)
}

fn party_node() -> Node {
    Node::Struct {
        name: "element",
        optional: false,
        fields: vec![
            Node::leaf("name", Leaf::Str, false),
            Node::leaf("entity", Leaf::Str, true),
            Node::leaf("kind", Leaf::Str, false),
            Node::leaf("country", Leaf::Str, true),
            Node::leaf("sector", Leaf::Str, true),
            Node::leaf("role", Leaf::Str, true),
        ],
        flat: first_field,
    }
}

fn first_field(fields: &[Value]) -> String {
    fields.first().map(flat).unwrap_or_default()
}

fn magnitude_flat(f: &[Value]) -> String {
    let get = |i: usize| f.get(i).map(flat).unwrap_or_default();
    let count = get(1);
    let mut out = format!(
        "{}={} {} ({})",
        get(0),
        if count.is_empty() { "?".into() } else { count },
        get(3),
        get(2)
    );
    let by = get(4);
    if !by.is_empty() {
        out.push_str(" per ");
        out.push_str(&by);
    }
    out
}

/// The event table's columns, in file order (built once).
pub fn event_schema() -> &'static [Node] {
    static SCHEMA: std::sync::LazyLock<Vec<Node>> = std::sync::LazyLock::new(build_event_schema);
    &SCHEMA
}

fn build_event_schema() -> Vec<Node> {
    let mut cols = vec![
        Node::leaf("id", Leaf::Str, false),
        Node::leaf("type", Leaf::Str, false),
        Node::list("mode", Node::leaf("element", Leaf::Str, false)),
        Node::list("context", Node::leaf("element", Leaf::Str, false)),
        Node::leaf("aux", Leaf::Str, true),
        Node::leaf("date_start", Leaf::Date, true),
        Node::leaf("date_end", Leaf::Date, true),
        Node::leaf("date_precision", Leaf::Str, true),
        Node::leaf("date_text", Leaf::Str, true),
        Node::list("actors", party_node()),
        Node::list("actor_countries", Node::leaf("element", Leaf::Str, false)),
        Node::list("recipients", party_node()),
        Node::list(
            "recipient_countries",
            Node::leaf("element", Leaf::Str, false),
        ),
        Node::Struct {
            name: "location",
            optional: true,
            fields: vec![
                Node::leaf("name", Leaf::Str, false),
                Node::leaf("country", Leaf::Str, true),
                Node::leaf("admin1", Leaf::Str, true),
                Node::leaf("lat", Leaf::F64, true),
                Node::leaf("lon", Leaf::F64, true),
                Node::leaf("feature", Leaf::Str, true),
                Node::leaf("inferred", Leaf::Bool, false),
            ],
            flat: first_field,
        },
        Node::leaf("location_country", Leaf::Str, true),
        Node::leaf("lat", Leaf::F64, true),
        Node::leaf("lon", Leaf::F64, true),
        Node::list(
            "magnitude",
            Node::Struct {
                name: "element",
                optional: false,
                fields: vec![
                    Node::leaf("measure", Leaf::Str, false),
                    Node::leaf("count", Leaf::I64, true),
                    Node::leaf("qualifier", Leaf::Str, false),
                    Node::leaf("unit", Leaf::Str, false),
                    Node::leaf("claimed_by", Leaf::Str, true),
                ],
                flat: magnitude_flat,
            },
        ),
    ];
    for (count, claim) in MEASURES {
        cols.push(Node::leaf(count, Leaf::I64, true));
        cols.push(Node::leaf(claim, Leaf::Str, true));
    }
    cols.extend([
        Node::list("claimed_by", Node::leaf("element", Leaf::Str, false)),
        Node::leaf("confidence", Leaf::F32, false),
        Node::leaf("rule", Leaf::Str, false),
        Node::leaf("n_sources", Leaf::I64, false),
        Node::list("docs", Node::leaf("element", Leaf::Str, false)),
        Node::leaf("evidence_text", Leaf::Str, true),
    ]);
    cols
}

/// The magnitude measures of SCHEMA.md, each with its numeric convenience column (named as
/// the measure) and the column naming who gave that figure.
pub const MEASURES: [(&str, &str); 12] = [
    ("killed", "killed_claimed_by"),
    ("injured", "injured_claimed_by"),
    ("launched", "launched_claimed_by"),
    ("intercepted", "intercepted_claimed_by"),
    ("hit", "hit_claimed_by"),
    ("arrested", "arrested_claimed_by"),
    ("evacuated", "evacuated_claimed_by"),
    ("damaged", "damaged_claimed_by"),
    ("destroyed", "destroyed_claimed_by"),
    ("displaced", "displaced_claimed_by"),
    ("participants", "participants_claimed_by"),
    ("days", "days_claimed_by"),
];

/// The column names of the event table (Parquet top-level fields, CSV header).
pub fn event_columns() -> Vec<&'static str> {
    event_schema().iter().map(Node::name).collect()
}

fn party(p: &Party) -> Value {
    Value::Struct(vec![
        s(&p.name),
        opt_s(p.entity.as_deref()),
        s(p.kind.as_str()),
        opt_s(p.country.as_deref()),
        opt_s(p.sector.as_deref()),
        opt_s(p.role.as_deref()),
    ])
}

/// Distinct country codes of parties, in order of first appearance.
fn countries(ps: &[Party]) -> Value {
    let mut seen: Vec<&str> = Vec::new();
    for c in ps.iter().filter_map(|p| p.country.as_deref()) {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    Value::List(seen.into_iter().map(s).collect())
}

fn strings<'a>(xs: impl IntoIterator<Item = &'a str>) -> Value {
    Value::List(xs.into_iter().map(s).collect())
}

fn count(c: Option<u64>) -> Value {
    c.and_then(|c| i64::try_from(c).ok())
        .map_or(Value::Null, Value::I64)
}

fn magnitude(m: &Magnitude) -> Value {
    Value::Struct(vec![
        s(&m.measure),
        count(m.count),
        s(&m.qualifier),
        s(&m.unit),
        opt_s(m.claimed_by.as_deref()),
    ])
}

/// A serde enum's name (`day`, `future`), as JSON writes it.
fn enum_name<T: serde::Serialize>(x: &T) -> Option<String> {
    serde_json::to_value(x)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
}

/// The documents an event was read from, in order, each once (what `extract` knows; the
/// store passes its own source list).
pub fn evidence_docs(r: &EventRecord) -> Vec<&str> {
    let mut docs: Vec<&str> = Vec::new();
    for e in &r.evidence {
        if !docs.contains(&e.doc.as_str()) {
            docs.push(&e.doc);
        }
    }
    docs
}

/// One event as a row of [`event_schema`]; `docs` are the documents that reported it.
pub fn event_row(r: &EventRecord, docs: &[&str]) -> Vec<Value> {
    let loc = r.location.as_ref();
    let d = r.date.as_ref();
    let mut row = vec![
        s(&r.id),
        s(r.event_type.as_str()),
        strings(r.mode.iter().map(String::as_str)),
        strings(r.context.iter().map(String::as_str)),
        r.aux
            .as_ref()
            .and_then(enum_name)
            .map_or(Value::Null, Value::Str),
        date(d.and_then(|d| d.start)),
        date(d.and_then(|d| d.end)),
        d.and_then(|d| enum_name(&d.precision))
            .map_or(Value::Null, Value::Str),
        opt_s(d.and_then(|d| d.text.as_deref())),
        Value::List(r.actors.iter().map(party).collect()),
        countries(&r.actors),
        Value::List(r.recipients.iter().map(party).collect()),
        countries(&r.recipients),
        loc.map_or(Value::Null, |l| {
            Value::Struct(vec![
                s(&l.name),
                opt_s(l.country.as_deref()),
                opt_s(l.admin1.as_deref()),
                opt_f64(l.lat),
                opt_f64(l.lon),
                opt_s(l.feature.as_deref()),
                Value::Bool(l.inferred),
            ])
        }),
        opt_s(loc.and_then(|l| l.country.as_deref())),
        opt_f64(loc.and_then(|l| l.lat)),
        opt_f64(loc.and_then(|l| l.lon)),
        Value::List(r.magnitude.iter().map(magnitude).collect()),
    ];
    for (m, _) in MEASURES {
        // The first figure given for the measure with a number; the list keeps every figure
        // (sources that disagree each with their claimant).
        let first = r
            .magnitude
            .iter()
            .find(|f| f.measure == m && f.count.is_some());
        row.push(count(first.and_then(|f| f.count)));
        row.push(opt_s(first.and_then(|f| f.claimed_by.as_deref())));
    }
    row.extend([
        strings(r.claimed_by.iter().map(|c| c.name.as_str())),
        Value::F32(r.confidence),
        s(&r.rule),
        Value::I64(i64::try_from(docs.len()).unwrap_or(i64::MAX)),
        strings(docs.iter().copied()),
        opt_s(r.evidence.first().map(|e| e.text.as_str())),
    ]);
    row
}

/// A cell as CSV shows it: lists joined with `; `, structs by their own rule, dates ISO.
pub fn flat(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Str(x) => x.clone(),
        Value::I64(x) => x.to_string(),
        Value::F32(x) => x.to_string(),
        Value::F64(x) => x.to_string(),
        Value::Bool(x) => x.to_string(),
        Value::Date(d) => NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|e| e.checked_add_signed(chrono::TimeDelta::days(i64::from(*d))))
            .map(|d| d.to_string())
            .unwrap_or_default(),
        // Without the schema a struct shows its first field; [`flat_row`] uses the column's rule.
        Value::Struct(f) => first_field(f),
        Value::List(xs) => xs.iter().map(flat).collect::<Vec<_>>().join("; "),
    }
}

fn flat_with(node: &Node, v: &Value) -> String {
    match (node, v) {
        (Node::Struct { flat: f, .. }, Value::Struct(fields)) => f(fields),
        (Node::List { item, .. }, Value::List(xs)) => xs
            .iter()
            .map(|x| flat_with(item, x))
            .collect::<Vec<_>>()
            .join("; "),
        _ => flat(v),
    }
}

/// A row flattened to CSV cells, column by column of `schema`.
pub fn flat_row(schema: &[Node], row: &[Value]) -> Vec<String> {
    schema
        .iter()
        .zip(row)
        .map(|(n, v)| flat_with(n, v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::{DateInfo, EntityKind, EventType, Location, Precision};

    fn ev() -> EventRecord {
        EventRecord {
            id: "e1".into(),
            event_type: EventType::Assault,
            mode: vec!["drone".into(), "missile".into()],
            context: vec![],
            aux: None,
            actors: vec![Party {
                name: "Northland".into(),
                entity: Some("c:NTH".into()),
                kind: EntityKind::Country,
                country: Some("NTH".into()),
                sector: None,
                role: None,
            }],
            recipients: vec![],
            location: Some(Location {
                name: "Zarnitsa".into(),
                country: Some("STH".into()),
                admin1: None,
                lat: Some(48.5),
                lon: Some(35.25),
                feature: Some("city".into()),
                inferred: false,
            }),
            date: Some(DateInfo {
                start: NaiveDate::from_ymd_opt(2026, 2, 2),
                end: NaiveDate::from_ymd_opt(2026, 2, 2),
                precision: Precision::Day,
                text: Some("on Monday".into()),
            }),
            magnitude: vec![
                Magnitude {
                    measure: "killed".into(),
                    count: Some(9),
                    qualifier: "at_least".into(),
                    unit: "person".into(),
                    claimed_by: Some("health ministry".into()),
                },
                Magnitude {
                    measure: "killed".into(),
                    count: Some(12),
                    qualifier: "exact".into(),
                    unit: "person".into(),
                    claimed_by: None,
                },
            ],
            claimed_by: vec![],
            evidence: vec![],
            confidence: 0.75,
            rule: "r".into(),
        }
    }

    #[test]
    fn row_matches_schema_and_flattens_for_csv() {
        let schema = event_schema();
        let row = event_row(&ev(), &["d1", "d2"]);
        assert_eq!(schema.len(), row.len());
        let cols = event_columns();
        let cell = |name: &str| {
            let i = cols.iter().position(|c| *c == name).unwrap_or(usize::MAX);
            row.get(i).cloned().unwrap_or(Value::Null)
        };
        assert_eq!(cell("killed"), Value::I64(9));
        assert_eq!(cell("killed_claimed_by"), s("health ministry"));
        assert_eq!(cell("injured"), Value::Null);
        assert_eq!(cell("date_start"), Value::Date(20486));
        assert_eq!(cell("n_sources"), Value::I64(2));
        let flat = flat_row(schema, &row);
        let fcell = |name: &str| {
            let i = cols.iter().position(|c| *c == name).unwrap_or(usize::MAX);
            flat.get(i).cloned().unwrap_or_default()
        };
        assert_eq!(fcell("mode"), "drone; missile");
        assert_eq!(fcell("actors"), "Northland");
        assert_eq!(fcell("location"), "Zarnitsa");
        assert_eq!(fcell("date_start"), "2026-02-02");
        assert_eq!(
            fcell("magnitude"),
            "killed=9 person (at_least) per health ministry; killed=12 person (exact)"
        );
        assert_eq!(fcell("docs"), "d1; d2");
        assert_eq!(fcell("aux"), "");
    }
}
