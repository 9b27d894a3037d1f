//! Canonical names in the SQLite store: an actor is listed by its entity's name ("Northland"),
//! not by the words one report used ("Northland's gunners"). The PostgreSQL backend runs the
//! same check in `postgres.rs`.

mod common;

use common::*;

#[test]
fn actors_and_timeline_use_the_entity_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sitrep_store::open(&dir.path().join("c.db").display().to_string()).unwrap();
    s.ingest_batch(&mention_corpus()).unwrap();
    assert_canonical_names(s.as_ref());
}
