//! The Parquet export read back: one row per event, the declared columns, typed values and
//! missing values where the event has none. Cross-checked with pyarrow or DuckDB when the
//! machine's python3 has one of them (skipped otherwise).

mod common;

use common::corpus;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use sitrep_store::export::PARQUET_COLUMNS;
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
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name())
        .collect();
    let declared: Vec<&str> = PARQUET_COLUMNS.iter().map(|c| c.0).collect();
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
    assert_eq!(z["mode"], Field::Str("artillery; shelling".into()));
    assert_eq!(z["aux"], Field::Null);
    assert_eq!(z["date_start"], Field::Date(days("2026-02-02")));
    assert_eq!(z["precision"], Field::Str("day".into()));
    assert_eq!(z["actors"], Field::Str("Northland".into()));
    assert_eq!(z["recipient_countries"], Field::Str("STH".into()));
    assert_eq!(z["location"], Field::Str("Zarnitsa".into()));
    assert_eq!(z["lat"], Field::Double(48.5));
    assert_eq!(z["n_sources"], Field::Long(2));
    assert_eq!(z["first_doc"], Field::Str("p1".into()));
    assert_eq!(z["confidence"], Field::Float(0.9));
    match &z["magnitude"] {
        Field::Str(m) => assert!(m.contains("killed=9 person (exact) per health ministry [p2]")),
        other => panic!("{other:?}"),
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
        "precision",
        "location",
        "lat",
        "lon",
    ] {
        assert_eq!(threat[missing], Field::Null, "{missing}");
    }
    assert_eq!(threat["actor_countries"], Field::Str(String::new()));
    assert_eq!(threat["context"], Field::Str("convoys".into()));

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

    cross_check(&path);
}

/// Reads the file with pyarrow or DuckDB, when python3 has either.
fn cross_check(path: &std::path::Path) {
    let script = r#"
import sys
p = sys.argv[1]
try:
    import pyarrow.parquet as pq
    t = pq.read_table(p)
    print(t.num_rows, t.column("id")[0].as_py(), t.column("n_sources").to_pylist()[1])
except ImportError:
    try:
        import duckdb
        r = duckdb.sql(f"SELECT count(*), first(id), max(n_sources) FROM read_parquet('{p}')").fetchone()
        print(r[0], r[1], r[2])
    except ImportError:
        print("SKIP")
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .output();
    let Ok(out) = out else {
        eprintln!("NOTICE: no python3: Parquet cross-check skipped");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if text == "SKIP" || !out.status.success() && text.is_empty() {
        eprintln!("NOTICE: neither pyarrow nor duckdb in python3: Parquet cross-check skipped");
        return;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(text, "5 ev-k1 2", "pyarrow/duckdb read");
}
