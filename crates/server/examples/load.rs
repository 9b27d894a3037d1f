//! A bounded load test of `GET /api/events` (not a timed assertion): starts the server
//! in-process on loopback over an existing store, then sends N requests from a separate pool
//! of client threads with keep-alive connections, and prints requests/s and latency
//! percentiles per query.
//!
//! cargo run --release -p sitrep-server --example load -- --db big.db [--requests 5000] [--clients 8]
//!
//! Make a big store first (about 111,000 events):
//! `python3 scripts/gen_serve_bench.py 48000 big.jsonl && sitrep ingest --db big.db big.jsonl`.

use sitrep_server::loadgen::run_load;
use sitrep_server::{ServeOptions, app, serve_on};
use std::path::PathBuf;

fn main() {
    let mut db = None;
    let mut requests = 5000usize;
    let mut clients = 8usize;
    let mut workers = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next();
        match (a.as_str(), v) {
            ("--db", Some(v)) => db = Some(PathBuf::from(v)),
            ("--requests", Some(v)) => requests = v.parse().unwrap_or(requests),
            ("--clients", Some(v)) => clients = v.parse().unwrap_or(clients),
            ("--workers", Some(v)) => workers = v.parse().unwrap_or(workers),
            _ => {
                eprintln!("usage: load --db PATH [--requests N] [--clients C] [--workers W]");
                std::process::exit(2);
            }
        }
    }
    let Some(db) = db else {
        eprintln!("load: --db PATH is required (an existing sitrep store)");
        std::process::exit(2);
    };
    if !db.exists() {
        eprintln!("load: {} does not exist", db.display());
        std::process::exit(2);
    }
    let opts = ServeOptions {
        db,
        rate_per_sec: 0.0,
        ..ServeOptions::default()
    };
    let router = match app(&opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(1);
        }
    };
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        if workers > 0 {
            b.worker_threads(workers);
        }
        let rt = b.enable_all().build().expect("runtime");
        rt.block_on(async move {
            let l = tokio::net::TcpListener::from_std(listener).expect("listener");
            let _ = serve_on(l, router, std::future::pending()).await;
        });
    });
    std::thread::sleep(std::time::Duration::from_millis(200));
    let counts = sitrep_server::loadgen::request(addr, "GET", "/api/counts", &[], &[])
        .map(|r| r.text())
        .unwrap_or_default();
    println!("store: {}", counts.trim());
    println!("{requests} requests per query from {clients} keep-alive clients on loopback");
    let queries: &[(&str, &[&str])] = &[
        ("first page (limit 50)", &["/api/events?limit=50"]),
        (
            "deep pages (offset 10k..90k, limit 20)",
            &[
                "/api/events?limit=20&offset=10000",
                "/api/events?limit=20&offset=50000",
                "/api/events?limit=20&offset=90000",
            ],
        ),
        (
            "type=ASSAULT&country=SYR, limit 20",
            &["/api/events?type=ASSAULT&country=SYR&limit=20"],
        ),
        (
            "actor=SDN&type=ASSAULT, limit 20",
            &["/api/events?actor=SDN&type=ASSAULT&limit=20"],
        ),
        (
            "one month, limit 50",
            &["/api/events?since=2025-06-01&until=2025-06-30&limit=50"],
        ),
        ("single event by id", &["/api/events/__FIRST__"]),
    ];
    let first = sitrep_server::loadgen::request(addr, "GET", "/api/events?limit=1", &[], &[])
        .ok()
        .and_then(|r| r.json()["events"][0]["id"].as_str().map(str::to_string))
        .unwrap_or_default();
    println!(
        "{:<42} {:>9} {:>8} {:>8} {:>8} {:>7}",
        "query", "req/s", "p50 ms", "p99 ms", "max ms", "errors"
    );
    for (name, paths) in queries {
        let paths: Vec<String> = paths
            .iter()
            .map(|p| p.replace("__FIRST__", &first))
            .collect();
        // Warm-up (page cache, prepared statements), not measured.
        let _ = run_load(addr, &paths, clients * 4, clients);
        let r = run_load(addr, &paths, requests, clients);
        println!(
            "{:<42} {:>9.0} {:>8.2} {:>8.2} {:>8.2} {:>7}",
            name, r.per_second, r.p50_ms, r.p99_ms, r.max_ms, r.errors
        );
    }
}
