//! The Parquet export read back: one row per event, the shared event table's columns, typed
//! and nested values, and missing values where the event has none. (pyarrow and DuckDB read
//! the same files in crates/cli/tests/exports.rs.)

mod common;

use common::corpus;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use sitrep_store::{ExportFormat, Filter, SqliteStore, Store, export};
use std::collections::HashMap;

fn days(d: &str) -> i32 {
    let d: chrono::NaiveDate = d.parse().unwrap();
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    (d - epoch).num_days() as i32
}

#[test]
fn parquet_export_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = SqliteStore::open(dir.path().join("p.db")).unwrap();
    s.ingest_batch(&corpus()).unwrap();
    let path = dir.path().join("events.parquet");
    let f = std::fs::File::create(&path).unwrap();
    let n = export(&s, &Filter::default(), ExportFormat::Parquet, f).unwrap();
    assert_eq!(n, 5);

    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let meta = reader.metadata().file_metadata();
    assert_eq!(meta.num_rows(), 5);
    let names: Vec<&str> = meta
        .schema()
        .get_fields()
        .iter()
        .map(|c| c.name())
        .collect();
    let declared = sitrep_io::table::event_columns();
    assert_eq!(names, declared);

    let rows: Vec<HashMap<String, Field>> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| {
            r.unwrap()
                .get_column_iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .collect();
    let timeline = s.timeline(&Filter::default()).unwrap();
    let row_ids: Vec<Field> = rows.iter().map(|r| r["id"].clone()).collect();
    let want: Vec<Field> = timeline
        .iter()
        .map(|e| Field::Str(e.record.id.clone()))
        .collect();
    assert_eq!(row_ids, want, "rows in timeline order");

    let z = rows
        .iter()
        .find(|r| r["id"] == Field::Str("ev-z1".into()))
        .unwrap();
    assert_eq!(z["type"], Field::Str("ASSAULT".into()));
    assert_eq!(strs(&z["mode"]), ["artillery", "shelling"]);
    assert_eq!(z["aux"], Field::Null);
    assert_eq!(z["date_start"], Field::Date(days("2026-02-02")));
    assert_eq!(z["date_precision"], Field::Str("day".into()));
    assert_eq!(party_names(&z["actors"]), ["Northland"]);
    assert_eq!(strs(&z["recipient_countries"]), ["STH"]);
    match &z["location"] {
        Field::Group(g) => {
            let name = g.get_column_iter().find(|(k, _)| *k == "name");
            assert_eq!(
                name.map(|(_, v)| v.clone()),
                Some(Field::Str("Zarnitsa".into()))
            );
        }
        other => panic!("location is a struct, not {other:?}"),
    }
    assert_eq!(z["lat"], Field::Double(48.5));
    assert_eq!(z["n_sources"], Field::Long(2));
    assert_eq!(strs(&z["docs"])[0], "p1");
    assert_eq!(z["confidence"], Field::Float(0.9));
    // The first report said 7 (per the town mayor it quotes); the second 9 per the health
    // ministry: the convenience column holds the first figure with its claimant, the list
    // every one.
    assert_eq!(z["killed"], Field::Long(7));
    assert_eq!(z["killed_claimed_by"], Field::Str("town mayor".into()));
    match &z["magnitude"] {
        Field::ListInternal(l) => {
            let shown: Vec<String> = l.elements().iter().map(|f| f.to_string()).collect();
            assert!(
                shown
                    .iter()
                    .any(|s| s.contains("9") && s.contains("health ministry")),
                "{shown:?}"
            );
        }
        other => panic!("magnitude is a list, not {other:?}"),
    }

    let denial = rows
        .iter()
        .find(|r| r["id"] == Field::Str("ev-z1~p5".into()))
        .unwrap();
    assert_eq!(denial["aux"], Field::Str("negation".into()));

    let threat = rows
        .iter()
        .find(|r| r["id"] == Field::Str("ev-r1".into()))
        .unwrap();
    for missing in [
        "date_start",
        "date_end",
        "date_precision",
        "location",
        "lat",
        "lon",
    ] {
        assert_eq!(threat[missing], Field::Null, "{missing}");
    }
    assert!(strs(&threat["actor_countries"]).is_empty());
    assert_eq!(strs(&threat["context"]), ["convoys"]);

    // An empty selection is still a valid file.
    let empty = dir.path().join("empty.parquet");
    let filter = Filter {
        actor: Some("nobody at all".into()),
        ..Filter::default()
    };
    let n = export(
        &s,
        &filter,
        ExportFormat::Parquet,
        std::fs::File::create(&empty).unwrap(),
    )
    .unwrap();
    assert_eq!(n, 0);
    let r = SerializedFileReader::new(std::fs::File::open(&empty).unwrap()).unwrap();
    assert_eq!(r.metadata().file_metadata().num_rows(), 0);
}

fn strs(f: &Field) -> Vec<String> {
    match f {
        Field::ListInternal(l) => l
            .elements()
            .iter()
            .map(|e| match e {
                Field::Str(s) => s.clone(),
                other => panic!("not a string: {other:?}"),
            })
            .collect(),
        other => panic!("not a list: {other:?}"),
    }
}

fn party_names(f: &Field) -> Vec<String> {
    match f {
        Field::ListInternal(l) => l
            .elements()
            .iter()
            .map(|e| match e {
                Field::Group(g) => match g.get_column_iter().find(|(k, _)| *k == "name") {
                    Some((_, Field::Str(s))) => s.clone(),
                    other => panic!("party without a name: {other:?}"),
                },
                other => panic!("not a struct: {other:?}"),
            })
            .collect(),
        other => panic!("not a list: {other:?}"),
    }
}
