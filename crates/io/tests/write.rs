//! Record writers: every format on a small hand-made event, entity and quote.

use chrono::NaiveDate;
use sitrep_io::{OutputFormat, Record, RecordWriter, write_records};
use sitrep_model::*;

fn party(name: &str, country: Option<&str>) -> Party {
    Party {
        name: name.into(),
        entity: None,
        kind: EntityKind::Country,
        country: country.map(Into::into),
        sector: None,
        role: None,
    }
}

fn event(id: &str) -> EventRecord {
    EventRecord {
        id: id.into(),
        event_type: EventType::Assault,
        mode: vec!["aerial".into()],
        context: vec![],
        aux: None,
        actors: vec![party("Examplestan", Some("EXA")), party("Its allies", None)],
        recipients: vec![party("Testland", Some("TST"))],
        location: Some(Location {
            name: "Sample City".into(),
            country: Some("TST".into()),
            admin1: None,
            lat: Some(12.5),
            lon: Some(-3.25),
            feature: None,
            inferred: false,
        }),
        date: Some(DateInfo {
            start: NaiveDate::from_ymd_opt(2024, 6, 7),
            end: NaiveDate::from_ymd_opt(2024, 6, 7),
            precision: Precision::Day,
            text: Some("on Friday".into()),
        }),
        magnitude: vec![
            Magnitude {
                measure: "launched".into(),
                count: Some(176),
                qualifier: "exact".into(),
                unit: "drone".into(),
                claimed_by: None,
            },
            Magnitude {
                measure: "intercepted".into(),
                count: None,
                qualifier: "most".into(),
                unit: "drone".into(),
                claimed_by: Some("the air force".into()),
            },
        ],
        claimed_by: vec![Claimant {
            name: "Testland air force".into(),
            country: Some("TST".into()),
            entity: None,
        }],
        evidence: vec![Evidence {
            doc: "doc_1".into(),
            sentence: 2,
            start: 10,
            end: 90,
            text:
                "Examplestan launched 176 drones at Sample City, \"most\" of which were shot down, \
                   the Testland air force said in a long statement on Friday morning."
                    .into(),
            rule: None,
        }],
        confidence: 0.75,
        rule: "assault.launch".into(),
    }
}

#[test]
fn jsonl_round_trips() {
    let evs = vec![event("e1"), event("e2")];
    let out = write_records(OutputFormat::Jsonl, &evs, Vec::new()).unwrap();
    let text = String::from_utf8(out).unwrap();
    let back: Vec<EventRecord> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(back, evs);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("{\"record\":\"event\",\"id\":\"e1\""),
        "{first}"
    );
    assert!(first.contains("\"type\":\"ASSAULT\""));
}

#[test]
fn json_is_a_pretty_array() {
    let evs = vec![event("e1"), event("e2")];
    let out = write_records(OutputFormat::Json, &evs, Vec::new()).unwrap();
    let text = String::from_utf8(out).unwrap();
    // Each element is the record with `record: "event"` in front, pretty-printed.
    let mut want = serde_json::to_value(&evs).unwrap();
    for v in want.as_array_mut().unwrap() {
        let mut tagged = serde_json::Map::new();
        tagged.insert("record".into(), "event".into());
        tagged.extend(v.as_object().unwrap().clone());
        *v = serde_json::Value::Object(tagged);
    }
    let got: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(got, want);
    assert!(text.starts_with("[\n  {\n    \"record\": \"event\",\n    \"id\": \"e1\",\n"));
    assert!(text.ends_with("\n  }\n]\n"));
    let back: Vec<EventRecord> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, evs);
    let empty = write_records::<EventRecord, _>(OutputFormat::Json, &[], Vec::new()).unwrap();
    assert_eq!(String::from_utf8(empty).unwrap(), "[]\n");
}

#[test]
fn csv_has_one_flat_row_per_event() {
    let out = write_records(OutputFormat::Csv, &[event("e1")], Vec::new()).unwrap();
    let mut rdr = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, EventRecord::csv_header());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let get = |k: &str| rows[0][header.iter().position(|h| h == k).unwrap()].to_string();
    assert_eq!(get("actors"), "Examplestan; Its allies");
    assert_eq!(get("mode"), "aerial");
    assert_eq!(get("context"), "");
    assert_eq!(get("launched"), "176");
    assert_eq!(get("intercepted"), "");
    assert_eq!(get("actor_countries"), "EXA");
    assert_eq!(get("recipients"), "Testland");
    assert_eq!(get("location_country"), "TST");
    assert_eq!(get("lat"), "12.5");
    assert_eq!(get("date_start"), "2024-06-07");
    assert_eq!(get("date_precision"), "day");
    assert_eq!(
        get("magnitude"),
        "launched=176 drone (exact); intercepted=? drone (most) per the air force"
    );
    assert_eq!(get("claimed_by"), "Testland air force");
    assert_eq!(get("confidence"), "0.75");
    assert_eq!(get("docs"), "doc_1");
    assert_eq!(get("n_sources"), "1");
    assert!(get("evidence_text").contains("\"most\""));
}

#[test]
fn table_fits_the_terminal() {
    let mut w = RecordWriter::new(OutputFormat::Table, Vec::new()).unwrap();
    w.write(&event("e1")).unwrap();
    let text = String::from_utf8(w.finish().unwrap()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("date"));
    assert!(
        lines[1].starts_with("2024-06-07 ASSAULT   Examplestan, Its allies → T… Sample City"),
        "{}",
        lines[1]
    );
    for l in &lines {
        assert!(l.chars().count() <= 120, "{l}");
    }
    assert!(lines[1].ends_with('…'));
}

#[test]
fn table_names_parties_by_their_entity_and_json_keeps_the_record() {
    let mut ev = event("e1");
    ev.actors = vec![Party {
        entity: Some("ent:exa".into()),
        ..party("Examplestan's gunners", Some("EXA"))
    }];
    let mut w = RecordWriter::with_width(OutputFormat::Table, Vec::new(), 160).unwrap();
    w.add_names([("ent:exa".to_string(), "Examplestan".to_string())]);
    // The first name given for an id stays, as when entities of several documents merge.
    w.add_names([("ent:exa".to_string(), "Other".to_string())]);
    w.write(&ev).unwrap();
    let text = String::from_utf8(w.finish().unwrap()).unwrap();
    assert!(text.contains("Examplestan → Testland"), "{text}");
    assert!(!text.contains("gunners"), "{text}");
    // Names are for the table only: JSON Lines, CSV and Parquet write the record as it is.
    for format in [OutputFormat::Jsonl, OutputFormat::Csv] {
        let mut w = RecordWriter::new(format, Vec::new()).unwrap();
        w.add_names([("ent:exa".to_string(), "Examplestan".to_string())]);
        w.write(&ev).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        let plain = write_records(format, std::slice::from_ref(&ev), Vec::new()).unwrap();
        assert_eq!(out.as_bytes(), plain.as_slice(), "{format:?}");
        assert!(out.contains("Examplestan's gunners"), "{out}");
    }
}

#[test]
fn entities_and_quotes_write_in_every_format() {
    let ent = EntityRecord {
        id: "per_1".into(),
        name: "Jan Example".into(),
        kind: EntityKind::Person,
        country: Some("EXA".into()),
        roles: vec!["foreign minister".into()],
        aliases: vec!["Example".into()],
        mentions: vec![MentionRef {
            doc: "d1".into(),
            start: 0,
            end: 11,
            text: "Jan Example".into(),
        }],
        place: None,
    };
    let quote = QuoteRecord {
        record: "quote".into(),
        id: "q1".into(),
        doc: "d1".into(),
        speaker: Some(party("Jan Example", Some("EXA"))),
        text: "\u{201c}We will talk again.\u{201d}".into(),
        start: 20,
        end: 45,
        date: None,
    };
    for f in [
        OutputFormat::Jsonl,
        OutputFormat::Json,
        OutputFormat::Csv,
        OutputFormat::Table,
    ] {
        let e =
            String::from_utf8(write_records(f, std::slice::from_ref(&ent), Vec::new()).unwrap())
                .unwrap();
        assert!(e.contains("Jan Example"), "{f:?}: {e}");
        let q =
            String::from_utf8(write_records(f, std::slice::from_ref(&quote), Vec::new()).unwrap())
                .unwrap();
        assert!(q.contains("We will talk again."), "{f:?}: {q}");
    }
    assert_eq!("CSV".parse::<OutputFormat>(), Ok(OutputFormat::Csv));
    assert!("xml".parse::<OutputFormat>().is_err());
}

#[test]
fn parquet_keeps_nested_types() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let mut second = event("e2");
    second.mode.clear();
    second.location = None;
    second.date = None;
    second.magnitude.clear();
    let out = write_records(OutputFormat::Parquet, &[event("e1"), second], Vec::new()).unwrap();
    let mut f = tempfile::tempfile().unwrap();
    std::io::Write::write_all(&mut f, &out).unwrap();
    let reader = SerializedFileReader::new(f).unwrap();
    let names: Vec<String> = reader
        .metadata()
        .file_metadata()
        .schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    assert_eq!(names, EventRecord::csv_header());
    let rows: Vec<serde_json::Value> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| row_json(&r.unwrap()))
        .collect();
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(a["id"], "e1");
    assert_eq!(a["mode"], serde_json::json!(["aerial"]));
    assert_eq!(a["context"], serde_json::json!([]));
    assert_eq!(a["actors"][0]["name"], "Examplestan");
    assert_eq!(a["actors"][0]["country"], "EXA");
    assert_eq!(a["actors"][1]["country"], serde_json::Value::Null);
    assert_eq!(a["actors"][1]["kind"], "country");
    assert_eq!(a["recipients"][0]["name"], "Testland");
    assert_eq!(a["location"]["name"], "Sample City");
    assert_eq!(a["location"]["lon"], -3.25);
    assert_eq!(a["lat"], 12.5);
    assert_eq!(a["magnitude"][1]["claimed_by"], "the air force");
    assert_eq!(a["magnitude"][1]["count"], serde_json::Value::Null);
    assert_eq!(a["launched"], 176);
    assert_eq!(a["killed"], serde_json::Value::Null);
    assert_eq!(a["claimed_by"], serde_json::json!(["Testland air force"]));
    assert_eq!(a["docs"], serde_json::json!(["doc_1"]));
    let b = &rows[1];
    assert_eq!(b["mode"], serde_json::json!([]));
    assert_eq!(b["location"], serde_json::Value::Null);
    assert_eq!(b["date_start"], serde_json::Value::Null);
    assert_eq!(b["magnitude"], serde_json::json!([]));
    assert_eq!(b["actors"][0]["name"], "Examplestan");
}

#[test]
fn entities_have_no_parquet_form() {
    let r = RecordWriter::<Vec<u8>, EntityRecord>::new(OutputFormat::Parquet, Vec::new());
    assert!(r.is_err());
}

/// A Parquet row as JSON (the crate's own conversion needs its `json` feature).
fn row_json(r: &parquet::record::Row) -> serde_json::Value {
    serde_json::Value::Object(
        r.get_column_iter()
            .map(|(k, v)| (k.clone(), field_json(v)))
            .collect(),
    )
}

fn field_json(f: &parquet::record::Field) -> serde_json::Value {
    use parquet::record::Field as F;
    match f {
        F::Null => serde_json::Value::Null,
        F::Bool(b) => (*b).into(),
        F::Int(i) => (*i).into(),
        F::Long(i) => (*i).into(),
        F::Float(x) => (*x).into(),
        F::Double(x) => (*x).into(),
        F::Str(s) => s.as_str().into(),
        F::Date(d) => (*d).into(),
        F::Group(r) => row_json(r),
        F::ListInternal(l) => l.elements().iter().map(field_json).collect(),
        other => panic!("unexpected {other:?}"),
    }
}
