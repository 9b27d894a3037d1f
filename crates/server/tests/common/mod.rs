//! A server started in-process on 127.0.0.1:0 over a temporary store holding the bundled
//! sample reports, for the API and browser tests.
#![allow(dead_code)]

pub mod big;

use sitrep_io::ReadOptions;
use sitrep_model::Document;
use sitrep_server::{Ingester, ServeOptions, ingest_documents};
use sitrep_store::SqliteStore;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

const SAMPLES: &str = include_str!("../../../../samples/reports.jsonl");

pub struct TestServer {
    pub addr: SocketAddr,
    _dir: tempfile::TempDir,
}

/// The extractor, loaded once per test binary.
pub fn ingester() -> &'static Ingester {
    static ING: OnceLock<Ingester> = OnceLock::new();
    ING.get_or_init(|| Ingester::new(vec![], vec![]))
}

pub fn samples() -> Vec<Document> {
    sitrep_io::read_reader(
        std::io::Cursor::new(SAMPLES.as_bytes().to_vec()),
        "samples",
        &ReadOptions::default(),
    )
    .map(|d| d.unwrap())
    .collect()
}

/// Starts a server over a fresh store with the samples (and `extra` documents) ingested;
/// `tune` adjusts the options. The server runs until the test process ends.
pub fn start_with(extra: Vec<Document>, tune: impl FnOnce(&mut ServeOptions)) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("test.db");
    let mut store = SqliteStore::open(&db).unwrap();
    let ex = ingester().extractor().unwrap();
    let mut docs = samples();
    docs.extend(extra);
    ingest_documents(&mut store, &ex, docs).unwrap();
    drop(store);
    start_on(dir, db, tune)
}

/// Starts a server over the store `db` (inside `dir`, which lives as long as the server).
pub fn start_on(
    dir: tempfile::TempDir,
    db: std::path::PathBuf,
    tune: impl FnOnce(&mut ServeOptions),
) -> TestServer {
    let mut opts = ServeOptions {
        db,
        rate_per_sec: 0.0,
        ..ServeOptions::default()
    };
    tune(&mut opts);
    let app = sitrep_server::app(&opts).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let ready = Arc::new(std::sync::Barrier::new(2));
    let r2 = ready.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let l = tokio::net::TcpListener::from_std(listener).unwrap();
            r2.wait();
            sitrep_server::serve_on(l, app, std::future::pending())
                .await
                .unwrap();
        });
    });
    ready.wait();
    std::thread::sleep(Duration::from_millis(20));
    TestServer { addr, _dir: dir }
}

pub fn start() -> TestServer {
    start_with(vec![], |_| {})
}

/// Sentences written for this test: a report whose title, text and URL carry markup and
/// script URLs that must come back as plain strings and show as text.
pub fn malicious_document() -> Document {
    Document {
        id: "evil-001".into(),
        title: Some("<script>alert(1)</script> Shelling <img src=x onerror=alert(1)>".into()),
        published: chrono::NaiveDate::from_ymd_opt(2026, 5, 4),
        url: Some("javascript:alert(1)".into()),
        source: Some("<b>test</b>".into()),
        text: "KHARKIV — Russian forces shelled Kharkiv on Monday, killing four people, regional officials said. \
               <script>alert(1)</script> <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">click here</a> \
               Ukrainian officials condemned the attack."
            .into(),
        ..Document::default()
    }
}
