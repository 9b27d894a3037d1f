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
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("\"type\":\"ASSAULT\"")
    );
}

#[test]
fn json_is_a_pretty_array() {
    let evs = vec![event("e1"), event("e2")];
    let out = write_records(OutputFormat::Json, &evs, Vec::new()).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text, serde_json::to_string_pretty(&evs).unwrap() + "\n");
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
    assert_eq!(get("actors"), "Examplestan [EXA]; Its allies");
    assert_eq!(get("actor_countries"), "EXA");
    assert_eq!(get("recipients"), "Testland [TST]");
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
    assert_eq!(get("doc"), "doc_1");
    assert_eq!(get("sentence"), "2");
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
