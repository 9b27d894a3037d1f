//! Times the summaries behind `/api/stats`, `/api/network` and `/api/map` computed straight
//! from the store (no HTTP, no cache): a figure to compare before and after a change, not a
//! check. Prints wall and CPU time (the machine is often shared, so wall alone misleads).
//!
//! cargo run --release -p sitrep-server --example summaries -- --db big.db [--docs 12600] [--runs 3]
//!
//! `--scan yes` reads every summary from the events, as before ingest kept aggregates.
//! A missing `--db` is first filled with the generated store of the browser test
//! (`--docs` documents of 8 events: 12,600 give about 100,000 events).

#[path = "../tests/common/big.rs"]
#[allow(dead_code)]
mod big;

use sitrep_model::EventType;
use sitrep_store::{Filter, SqliteStore, Store};
use std::path::PathBuf;
use std::time::Instant;

/// CPU time of this thread in nanoseconds (the first field of `/proc/thread-self/schedstat`),
/// `None` where the file is missing.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() {
    let mut db = None;
    let mut docs = 12_600usize;
    let mut runs = 3usize;
    let mut scan = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next();
        match (a.as_str(), v) {
            ("--db", Some(v)) => db = Some(PathBuf::from(v)),
            ("--docs", Some(v)) => docs = v.parse().unwrap_or(docs),
            ("--runs", Some(v)) => runs = v.parse().unwrap_or(runs),
            ("--scan", Some(v)) => scan = v == "yes",
            _ => {
                eprintln!("usage: summaries --db PATH [--docs N] [--runs N] [--scan yes|no]");
                std::process::exit(2);
            }
        }
    }
    let Some(db) = db else {
        eprintln!("summaries: --db PATH is required");
        std::process::exit(2);
    };
    if !db.exists() {
        let t = Instant::now();
        let n = big::build(&db, docs);
        eprintln!("generated {n} events in {:.1} s", t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    let store = match SqliteStore::open(&db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("summaries: {e}");
            std::process::exit(1);
        }
    };
    eprintln!("opened in {:.1} s", t.elapsed().as_secs_f64());
    // `--scan yes`: every summary read from the events, as before the aggregates.
    store.set_scan_only(scan);
    if let Ok(c) = store.counts() {
        println!("store: {} events, {} documents", c.events, c.documents);
    }
    let year = |y: i32| Filter {
        since: chrono::NaiveDate::from_ymd_opt(y, 1, 1),
        until: chrono::NaiveDate::from_ymd_opt(y, 12, 31),
        ..Filter::default()
    };
    let filters: Vec<(&str, Filter)> = vec![
        ("all", Filter::default()),
        ("year 2024", year(2024)),
        (
            "type=ASSAULT",
            Filter {
                event_type: Some(EventType::Assault),
                ..Filter::default()
            },
        ),
        (
            "country=XAA",
            Filter {
                country: Some("XAA".into()),
                ..Filter::default()
            },
        ),
        (
            "actor=XAB",
            Filter {
                actor: Some("XAB".into()),
                ..Filter::default()
            },
        ),
    ];
    println!(
        "{:<10} {:<14} {:>10} {:>10}",
        "summary", "filter", "wall ms", "cpu ms"
    );
    for (name, f) in &filters {
        for what in ["stats", "network", "map"] {
            let mut best = (f64::MAX, f64::MAX);
            for _ in 0..runs {
                let (c0, t0) = (cpu_ns(), Instant::now());
                let r = match what {
                    "stats" => store.time_summary(f, None).map(|s| s.total),
                    "network" => store.network(f, 30).map(|n| n.actors),
                    _ => store.places(f, 3000).map(|p| p.located),
                };
                let wall = t0.elapsed().as_secs_f64() * 1e3;
                let cpu = match (c0, cpu_ns()) {
                    (Some(a), Some(b)) => b.saturating_sub(a) as f64 / 1e6,
                    _ => f64::NAN,
                };
                if let Err(e) = r {
                    eprintln!("{what} {name}: {e}");
                    std::process::exit(1);
                }
                best = (best.0.min(wall), best.1.min(cpu));
            }
            println!("{what:<10} {name:<14} {:>10.1} {:>10.1}", best.0, best.1);
        }
    }
}
