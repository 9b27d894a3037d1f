//! Every flat export read the way an analyst reads it: `extract --out *.parquet|*.csv` and the
//! store's `export --format parquet|csv`, opened with pyarrow and DuckDB
//! (crates/cli/tests/check_exports.py) and checked, type by type and value by value, against
//! the JSON Lines of the same events.
//!
//! The Python side needs pyarrow, duckdb and pandas: `SITREP_PYTHON` names an interpreter that has
//! them (.ci/run makes a virtual environment and sets it), else `python3` is tried. Where
//! neither has them the test fails under CI (`CI` or `SITREP_REQUIRE_PYARROW` set) and prints
//! a notice elsewhere: a cross-check that did not run is never reported as passed in CI.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

/// Reports written for this test: casualties with and without a claimant, a place, a quote,
/// a meeting with several parties, a denial.
const DOCS: [(&str, &str, &str); 5] = [
    (
        "x1",
        "2026-05-06",
        "Russian forces launched 40 drones at Kharkiv overnight, the Ukrainian air force said. \
         Most of the drones were shot down.",
    ),
    (
        "x2",
        "2026-05-07",
        "Russian shelling killed 3 people and injured 12 in Kharkiv on Tuesday, the regional \
         governor said.",
    ),
    (
        "x3",
        "2026-05-05",
        "The foreign ministers of France and Germany met in Berlin on Monday to discuss trade. \
         \"We agreed on the next steps,\" the French minister told reporters.",
    ),
    (
        "x4",
        "2026-05-04",
        "Kenyan police arrested at least 30 protesters in Nairobi on Sunday, officials said.",
    ),
    (
        "x5",
        "2026-05-08",
        "Iran denied that it had attacked the tanker on Thursday.",
    ),
];

fn write_docs(dir: &Path) -> PathBuf {
    let p = dir.join("docs.jsonl");
    let mut s = String::new();
    for (id, date, text) in DOCS {
        s.push_str(
            &serde_json::json!({"id": id, "title": id, "published": date, "text": text})
                .to_string(),
        );
        s.push('\n');
    }
    std::fs::write(&p, s).expect("write docs");
    p
}

fn sitrep(dir: &Path, args: &[&str]) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .arg("--quiet")
        .output()
        .expect("run sitrep");
    assert!(
        out.status.success(),
        "sitrep {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An interpreter with pyarrow, duckdb and pandas, or `None` (after the notice or failure above).
fn python() -> Option<String> {
    let mut tried = Vec::new();
    for py in std::env::var("SITREP_PYTHON")
        .ok()
        .into_iter()
        .chain(["python3".to_string()])
    {
        let ok = Command::new(&py)
            .args(["-c", "import pyarrow, duckdb, pandas"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(py);
        }
        tried.push(py);
    }
    let required = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
        || std::env::var_os("SITREP_REQUIRE_PYARROW").is_some();
    assert!(
        !required,
        "pyarrow, duckdb and pandas are needed for the export cross-check (tried {tried:?}; .ci/run installs them)"
    );
    eprintln!(
        "NOTICE: no python with pyarrow, duckdb and pandas (tried {tried:?}): export cross-check NOT run"
    );
    None
}

fn check(py: &str, jsonl: &Path, parquet: &Path, csv: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check_exports.py");
    let out = Command::new(py)
        .arg(&script)
        .args([jsonl, parquet, csv])
        .output()
        .expect("run check_exports.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.starts_with("ok "),
        "{}\n{}\n{}",
        jsonl.display(),
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{}: {}", parquet.display(), stdout.trim());
}

#[test]
fn extract_and_export_files_read_in_pyarrow_and_duckdb_as_in_jsonl() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let docs = write_docs(d);
    let docs = docs.to_str().expect("utf-8 path");
    // The extension picks the format.
    sitrep(d, &["extract", docs, "--out", "ev.jsonl"]);
    sitrep(d, &["extract", docs, "--out", "ev.parquet"]);
    sitrep(d, &["extract", docs, "--out", "ev.csv"]);
    assert!(
        std::fs::read(d.join("ev.parquet"))
            .expect("parquet written")
            .starts_with(b"PAR1")
    );
    let jsonl = std::fs::read_to_string(d.join("ev.jsonl")).expect("jsonl");
    let kinds: Vec<String> = jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            v["record"].as_str().unwrap_or("none").to_string()
        })
        .collect();
    assert!(kinds.iter().any(|k| k == "event"), "{kinds:?}");
    assert!(kinds.iter().any(|k| k == "quote"), "{kinds:?}");
    assert!(
        kinds.iter().all(|k| k == "event" || k == "quote"),
        "{kinds:?}"
    );
    // --no-quotes leaves the quotes out and keeps the tags.
    sitrep(d, &["extract", docs, "--no-quotes", "--out", "nq.jsonl"]);
    let nq = std::fs::read_to_string(d.join("nq.jsonl")).expect("jsonl");
    assert!(nq.lines().all(|l| l.starts_with("{\"record\":\"event\"")));
    // --format wins over the extension.
    sitrep(d, &["extract", docs, "--format", "csv", "--out", "ev.txt"]);
    assert!(
        std::fs::read_to_string(d.join("ev.txt"))
            .expect("csv")
            .starts_with("id,type,mode,context,")
    );

    // The store's exports of the same reports.
    sitrep(d, &["ingest", docs, "--db", "s.db"]);
    for (fmt, file) in [
        ("jsonl", "st.jsonl"),
        ("parquet", "st.parquet"),
        ("csv", "st.csv"),
    ] {
        sitrep(d, &["export", "--db", "s.db", "--format", fmt, "-o", file]);
    }
    // One schema: the same header from both commands.
    let head = |f: &str| {
        std::fs::read_to_string(d.join(f))
            .expect("csv")
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(head("ev.csv"), head("st.csv"));

    let Some(py) = python() else {
        return;
    };
    check(
        &py,
        &d.join("ev.jsonl"),
        &d.join("ev.parquet"),
        &d.join("ev.csv"),
    );
    check(
        &py,
        &d.join("st.jsonl"),
        &d.join("st.parquet"),
        &d.join("st.csv"),
    );
}
