//! The store through the real binary: ingest of the bundled samples (twice), queries, error
//! messages, and a SIGKILL in the middle of a large ingest.

use sitrep_store::{OpenOptions, SqliteStore, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/reports.jsonl")
}

fn run(args: &[&str]) -> Output {
    let out = sitrep().args(args).stdin(Stdio::null()).output().unwrap();
    assert!(
        out.status.success(),
        "sitrep {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn open(db: &Path) -> SqliteStore {
    SqliteStore::open_with(
        db,
        &OpenOptions {
            create: false,
            ..OpenOptions::default()
        },
    )
    .unwrap()
}

#[test]
fn samples_ingest_twice_then_query() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let dbs = db.to_str().unwrap();
    let input = samples();
    let input = input.to_str().unwrap();
    run(&["ingest", input, "--db", dbs]);
    let first = open(&db).counts().unwrap();
    assert_eq!(first.documents, 5);
    assert!(first.events > 0);
    let again = run(&["ingest", input, "--db", dbs]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("5 unchanged"));
    assert_eq!(open(&db).counts().unwrap(), first);

    let out = run(&["timeline", "--db", dbs, "--format", "json"]);
    let tl: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let events = tl.as_array().unwrap();
    assert_eq!(events.len(), first.events);
    // Date order, undated last, and every event names its sources.
    let dates: Vec<&str> = events
        .iter()
        .filter_map(|e| e["date"]["start"].as_str())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert!(
        events
            .iter()
            .all(|e| !e["sources"].as_array().unwrap().is_empty())
    );

    // Piped output defaults to JSON Lines.
    let out = run(&["timeline", "--db", dbs, "--type", "ASSAULT"]);
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|e| e["type"] == "ASSAULT"));

    let id = events[0]["id"].as_str().unwrap();
    let out = run(&["events", "--db", dbs, "--id", id, "--format", "json"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(id));
    let out = sitrep()
        .args(["events", "--db", dbs, "--id", "no-such-event"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));

    let out = run(&["export", "--db", dbs, "--format", "csv"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        first.events + 1
    );
    run(&["export", "--db", dbs, "--format", "dyadic"]);
    run(&["actors", "--db", dbs, "--format", "csv"]);
    run(&["stats", "--db", dbs, "--format", "csv"]);
    let out = run(&["search", "--db", dbs, "--format", "jsonl", "ministers"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"kind\":\"document\""));
}

#[test]
fn errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let out = sitrep()
        .args(["timeline", "--db", missing.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing.db"), "{err}");
    assert!(!missing.exists());

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![b'?'; 2048]).unwrap();
    let out = sitrep()
        .args([
            "ingest",
            samples().to_str().unwrap(),
            "--db",
            junk.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("junk.db") && err.contains("not a sitrep database"),
        "{err}"
    );
    assert_eq!(std::fs::read(&junk).unwrap(), vec![b'?'; 2048]);
}

const TOWNS: &[&str] = &["Kharkiv", "Odesa", "Sumy", "Dnipro", "Poltava"];

/// Short reports written for this test.
fn write_corpus(path: &Path, n: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let town = TOWNS[i % TOWNS.len()];
        // Each town's reports are three days apart, so that no two link into one merged event:
        // this test is about what a SIGKILL leaves behind, not about merging (a merge chain over
        // thousands of reports re-clusters on every batch and would dominate its run time).
        let day = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap()
            + chrono::Days::new(3 * (i / TOWNS.len()) as u64);
        let text = format!(
            "Russian drones struck {town} overnight, killing {} people, the regional governor said. \
             Repair crews worked through the morning in district {i}.",
            1 + i % 9
        );
        let doc = serde_json::json!({
            "id": format!("k{i:05}"),
            "title": format!("Strike on {town}"),
            "published": day.format("%Y-%m-%d").to_string(),
            "text": text,
        });
        writeln!(f, "{doc}").unwrap();
    }
    f.flush().unwrap();
}

#[test]
fn sigkill_mid_ingest_loses_nothing_committed_and_rerun_completes() {
    const N: usize = 5000;
    const BATCH: usize = 50;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    write_corpus(&corpus, N);
    let db = dir.path().join("k.db");
    let args = [
        "ingest",
        corpus.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--batch",
        "50",
    ];
    let mut child = sitrep()
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    let mut seen = 0;
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest finished before it could be killed (saw {seen} documents)"
        );
        assert!(t0.elapsed() < Duration::from_secs(300), "ingest too slow");
        if db.exists()
            && let Ok(s) = SqliteStore::open_with(
                &db,
                &OpenOptions {
                    create: false,
                    ..OpenOptions::default()
                },
            )
            && let Ok(c) = s.counts()
        {
            seen = c.documents;
            if seen >= 4 * BATCH {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let s = open(&db);
    assert_eq!(s.integrity_check().unwrap(), "ok");
    let c = s.counts().unwrap();
    assert!(c.documents < N, "killed too late: {}", c.documents);
    assert_eq!(
        c.documents % BATCH,
        0,
        "a partial batch survived: {}",
        c.documents
    );
    drop(s);

    let out = sitrep().args(args).stdin(Stdio::null()).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{} unchanged", c.documents)), "{err}");
    let s = open(&db);
    assert_eq!(s.integrity_check().unwrap(), "ok");
    let done = s.counts().unwrap();
    assert_eq!(done.documents, N);
    assert!(done.events > 0 && done.reports >= done.events);
}
