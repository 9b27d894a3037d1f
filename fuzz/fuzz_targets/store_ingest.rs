//! Extraction then ingest into a SQLite store in a temporary directory: no panic, no store
//! error on any text, and re-ingesting the same document changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_extract::{Extractor, Rules};
use sitrep_store::{DocInput, SqliteStore, Store};
use std::sync::{Mutex, OnceLock};

fn extractor() -> &'static Extractor<sitrep_kb::Kb> {
    static EX: OnceLock<Extractor<sitrep_kb::Kb>> = OnceLock::new();
    EX.get_or_init(|| {
        Extractor::new(
            Rules::builtin().expect("built-in rules"),
            sitrep_kb::Kb::load_default().expect("default knowledge base"),
        )
    })
}

/// One store for the run, replaced every few hundred inputs so that it stays small.
struct Db {
    _dir: tempfile::TempDir,
    store: SqliteStore,
    uses: usize,
}

fn fresh() -> Db {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = SqliteStore::open(dir.path().join("fuzz.db")).expect("open store");
    Db {
        _dir: dir,
        store,
        uses: 0,
    }
}

static DB: OnceLock<Mutex<Db>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if text.trim().is_empty() {
        return;
    }
    let doc = sitrep_model::Document {
        // A few ids, so that replacing a changed document is exercised too.
        id: format!("fuzz{}", first % 4),
        published: chrono::NaiveDate::from_ymd_opt(2030, 1 + u32::from(first % 12), 1),
        text: text.to_string(),
        ..Default::default()
    };
    let out = extractor().extract(&doc);
    let input = DocInput {
        doc,
        events: out.events,
        entities: out.entities,
        quotes: out.quotes,
    };
    let mut db = DB
        .get_or_init(|| Mutex::new(fresh()))
        .lock()
        .expect("store lock");
    if db.uses >= 500 {
        *db = fresh();
    }
    db.uses += 1;
    db.store
        .ingest_batch(std::slice::from_ref(&input))
        .expect("ingest");
    let again = db
        .store
        .ingest_batch(std::slice::from_ref(&input))
        .expect("re-ingest");
    assert_eq!(again.added + again.replaced, 0, "{again:?}");
});
