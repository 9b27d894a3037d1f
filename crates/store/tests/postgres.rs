//! The PostgreSQL backend against a real server started for the test: the same ingest and
//! queries give the same answers as SQLite, re-ingest is a no-op, a changed document replaces
//! its events, a failed batch leaves nothing behind. Skipped, with a notice, where no
//! PostgreSQL server can be started (set SITREP_REQUIRE_PG to make that a failure).

mod common;

use common::*;
use sitrep_model::EventType;
use sitrep_store::{
    ExportFormat, Filter, OpenOptions, PG_SCHEMA_VERSION, PgStore, SqliteStore, Store, export,
};

fn sqlite(dir: &tempfile::TempDir, name: &str) -> Box<dyn Store> {
    sitrep_store::open(&dir.path().join(name).display().to_string()).unwrap()
}

fn filters() -> Vec<Filter> {
    let f = |g: fn(&mut Filter)| {
        let mut f = Filter::default();
        g(&mut f);
        f
    };
    vec![
        Filter::default(),
        f(|f| f.actor = Some("NRT".into())),
        f(|f| f.actor = Some("STH".into())),
        f(|f| f.actor = Some("westmark".into())),
        f(|f| f.actor = Some("ent:eastmark".into())),
        f(|f| f.actor = Some("red hand".into())),
        f(|f| f.actor = Some("Marten".into())),
        f(|f| f.event_type = Some(EventType::Assault)),
        f(|f| f.event_type = Some(EventType::Threaten)),
        f(|f| f.country = Some("sth".into())),
        f(|f| f.place = Some("zARN".into())),
        f(|f| f.since = "2026-02-03".parse().ok()),
        f(|f| f.until = "2026-02-03".parse().ok()),
        f(|f| f.text = Some("ministry Zarnitsa".into())),
        f(|f| f.text = Some("killed".into())),
        f(|f| f.text = Some("\"unbalanced (".into())),
        f(|f| f.limit = Some(2)),
        f(|f| {
            f.actor = Some("NRT".into());
            f.place = Some("kalinov".into());
            f.until = "2026-02-02".parse().ok();
        }),
    ]
}

fn ids(s: &dyn Store, f: &Filter) -> Vec<String> {
    s.timeline(f)
        .unwrap()
        .into_iter()
        .map(|e| e.record.id)
        .collect()
}

fn exported(s: &dyn Store, format: ExportFormat) -> Vec<u8> {
    let mut buf = Vec::new();
    export(s, &Filter::default(), format, &mut buf).unwrap();
    buf
}

/// Everything a reader can ask gives the same answer on both stores.
fn assert_same(lite: &dyn Store, pg: &dyn Store) {
    assert_eq!(lite.counts().unwrap(), pg.counts().unwrap());
    for f in filters() {
        let (a, b) = (lite.timeline(&f).unwrap(), pg.timeline(&f).unwrap());
        assert_eq!(a, b, "timeline {f:?}");
        assert_eq!(
            lite.actors(&f).unwrap(),
            pg.actors(&f).unwrap(),
            "actors {f:?}"
        );
        assert_eq!(
            lite.stats(&f).unwrap(),
            pg.stats(&f).unwrap(),
            "stats {f:?}"
        );
    }
    for e in lite.timeline(&Filter::default()).unwrap() {
        for id in std::iter::once(&e.record.id).chain(&e.reports) {
            assert_eq!(lite.event(id).unwrap(), pg.event(id).unwrap(), "event {id}");
        }
    }
    assert_eq!(pg.event("no-such-event").unwrap(), None);
    for words in [
        "Zarnitsa",
        "killed",
        "health ministry",
        "VIENNA talks",
        "convoys",
        "  ",
        "nowhere",
        // The query syntax (crates/store/src/query.rs) answers alike on both backends.
        "\"health ministry\"",
        "\"ministry health\"",
        "Zarnitsa OR convoys",
        "killed AND NOT \"health ministry\"",
        "killed NOT Zarnitsa OR VIENNA",
    ] {
        let key = |s: &dyn Store| {
            let mut k: Vec<(String, String, Option<String>)> = s
                .search(words, 20)
                .unwrap()
                .into_iter()
                .map(|h| (h.kind, h.doc, h.event))
                .collect();
            k.sort();
            k
        };
        assert_eq!(key(lite), key(pg), "search {words:?}");
    }
    let n = |q: &str| pg.search(q, 20).unwrap().len();
    // The text says "the health ministry": the phrase finds what the words find, reversed
    // it finds nothing; OR finds at least what either side does; NOT never finds more.
    assert_eq!(n("\"health ministry\""), n("health ministry"));
    assert_eq!(n("\"ministry health\""), 0, "a phrase keeps its order");
    assert!(n("Zarnitsa OR convoys") >= n("Zarnitsa").max(n("convoys")));
    assert!(n("Zarnitsa OR convoys") > 0);
    assert!(n("killed NOT Zarnitsa") <= n("killed"));
    assert!(pg.search("NOT Zarnitsa", 20).is_err());
    assert!(lite.search("NOT Zarnitsa", 20).is_err());
    if n("Zarnitsa") > 1 {
        assert_eq!(
            pg.search("Zarnitsa", 1).unwrap().len(),
            1,
            "the limit is exact"
        );
        assert_eq!(
            lite.search("Zarnitsa", 1).unwrap().len(),
            1,
            "the limit is exact"
        );
    }
    for h in pg.search("Zarnitsa", 20).unwrap() {
        assert!(h.snippet.contains("[Zarnitsa]"), "{h:?}");
    }
    for format in [
        ExportFormat::Jsonl,
        ExportFormat::Csv,
        ExportFormat::Dyadic,
        ExportFormat::Parquet,
    ] {
        assert_eq!(
            exported(lite, format),
            exported(pg, format),
            "export {format:?}"
        );
    }
}

fn same_answers_as_sqlite(server: &PgServer, dir: &tempfile::TempDir) {
    let url = server.create_db("same_answers");
    let mut pg = sitrep_store::open(&url).unwrap();
    let mut lite = sqlite(dir, "same.db");
    let r1 = lite.ingest_batch(&corpus()).unwrap();
    let r2 = pg.ingest_batch(&corpus()).unwrap();
    assert_eq!(r1, r2);
    assert_eq!((r2.added, r2.events_new, r2.events_merged), (5, 5, 1));
    assert_same(lite.as_ref(), pg.as_ref());
    // Spot checks that the answers compared are the intended ones.
    assert_eq!(
        ids(pg.as_ref(), &Filter::default()),
        vec!["ev-k1", "ev-z1", "ev-z1~p5", "ev-v1", "ev-r1"]
    );
    let z = pg.event("ev-z2").unwrap().unwrap();
    assert_eq!(z.record.id, "ev-z1");
    assert_eq!(z.figures.len(), 4);
    assert_eq!(z.record.mode, vec!["artillery", "shelling"]);
    let st = pg.stats(&Filter::default()).unwrap();
    let day = &st.casualties[0];
    assert_eq!(
        (
            day.assaults,
            day.killed_low,
            day.killed_high,
            day.injured_low,
            day.injured_high
        ),
        (3, 7, 9, 20, 31)
    );
    let actors = pg.actors(&Filter::default()).unwrap();
    assert_eq!(actors[0].name, "Northland");
    assert_eq!(actors[0].as_actor, 3);
    // A second connection sees the committed data and does not migrate again.
    let again = PgStore::connect(&url).unwrap();
    assert_eq!(again.schema_version().unwrap(), PG_SCHEMA_VERSION);
    assert_eq!(again.counts().unwrap(), pg.counts().unwrap());
    // A user who may only read opens the store (nothing to create or upgrade).
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .batch_execute(
            "CREATE ROLE reader LOGIN;
             REVOKE CREATE ON SCHEMA public FROM PUBLIC;
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader;",
        )
        .unwrap();
    let reader_url = url.replace("postgres@", "reader@");
    let opts = OpenOptions {
        create: false,
        ..OpenOptions::default()
    };
    let reader = sitrep_store::open_with(&reader_url, &opts).unwrap();
    assert_eq!(
        reader.timeline(&Filter::default()).unwrap(),
        pg.timeline(&Filter::default()).unwrap()
    );
    // An export sink may query the store it is fed from.
    let mut seen = 0;
    again
        .export(&Filter::default(), &mut |e| {
            assert!(again.event(&e.record.id)?.is_some());
            seen += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(seen, 5);
}

fn ingest_twice_changes_nothing(server: &PgServer) {
    let url = server.create_db("twice");
    let mut pg = sitrep_store::open(&url).unwrap();
    pg.ingest_batch(&corpus()).unwrap();
    let before = pg.counts().unwrap();
    let timeline = pg.timeline(&Filter::default()).unwrap();
    let r = pg.ingest_batch(&corpus()).unwrap();
    assert_eq!(r.unchanged, 5);
    assert_eq!(r.added + r.replaced + r.events_new + r.events_merged, 0);
    assert_eq!(pg.counts().unwrap(), before);
    assert_eq!(pg.timeline(&Filter::default()).unwrap(), timeline);
}

fn changed_document_replaces(server: &PgServer, dir: &tempfile::TempDir) {
    let url = server.create_db("replace");
    let mut pg = sitrep_store::open(&url).unwrap();
    let mut lite = sqlite(dir, "replace.db");
    // p2 corrected: only the Kalinov strike remains, with a toll; p1 (the first source of the
    // merged Zarnitsa event) withdrawn.
    let t = "Drones struck a depot in Kalinov overnight, killing 2.";
    let mut k = event(
        "ev-k1b",
        "p2",
        EventType::Assault,
        vec![party("Northland", "NRT")],
        vec![party("Southland", "STH")],
        Some(place("Kalinov", "STH", 47.9, 36.0)),
        on("2026-02-02"),
        t,
    );
    k.magnitude = vec![figure("killed", 2, None)];
    let fixes = vec![
        input(doc("p2", "2026-02-03", t), vec![k]),
        input(doc("p1", "2026-02-03", "withdrawn"), vec![]),
    ];
    for s in [&mut lite, &mut pg] {
        s.ingest_batch(&corpus()).unwrap();
        let r = s.ingest_batch(&fixes).unwrap();
        assert_eq!((r.replaced, r.events_new, r.events_merged), (2, 1, 0));
    }
    assert_same(lite.as_ref(), pg.as_ref());
    let c = pg.counts().unwrap();
    // The Zarnitsa event lost both sources and is gone; the denial, the meeting, the threat
    // and the two Kalinov reports (old event emptied and removed, new one) remain.
    assert_eq!((c.documents, c.events, c.reports), (5, 4, 4));
    // The denial, named `ev-z1~p5` while p1's record had the same id and came first, now
    // owns the name: event names follow the reports stored, not the history of ingests.
    assert_eq!(pg.event("ev-z1").unwrap().unwrap().record.id, "ev-z1");
    assert!(pg.event("ev-z1~p5").unwrap().is_none());
    assert_eq!(
        ids(pg.as_ref(), &Filter::default()),
        vec!["ev-k1b", "ev-z1", "ev-v1", "ev-r1"]
    );
    assert!(pg.search("wounded", 10).unwrap().is_empty());
    assert!(!pg.search("overnight", 10).unwrap().is_empty());
    assert_eq!(c.mentions, 1, "p1's mention went with it");
}

/// The aggregates kept by ingest (see `crates/store/src/aggregate.rs`) are the same rows on
/// both backends after ingest, merge, replacement and withdrawal, and equal a recount.
fn same_aggregates(server: &PgServer, dir: &tempfile::TempDir) {
    let url = server.create_db("aggregates");
    let pg = PgStore::connect(&url).unwrap();
    let lite = SqliteStore::open(dir.path().join("agg.db")).unwrap();
    let mut stores: [Box<dyn Store>; 2] = [Box::new(lite), Box::new(pg)];
    let lite_path = dir.path().join("agg.db");
    let t = "Drones struck a depot in Kalinov overnight, killing 2.";
    let mut k = event(
        "ev-k1b",
        "p2",
        EventType::Assault,
        vec![party("Northland", "NRT")],
        vec![party("Southland", "STH")],
        Some(place("Kalinov", "STH", 47.9, 36.0)),
        on("2026-02-02"),
        t,
    );
    k.magnitude = vec![figure("killed", 2, None)];
    let steps: Vec<Vec<_>> = vec![
        corpus(),
        vec![
            input(doc("p2", "2026-02-03", t), vec![k]),
            input(doc("p1", "2026-02-03", "withdrawn"), vec![]),
        ],
        corpus(),
    ];
    for (i, batch) in steps.iter().enumerate() {
        for s in stores.iter_mut() {
            s.ingest_batch(batch).unwrap();
        }
        let lite = SqliteStore::open(&lite_path).unwrap();
        let pg = PgStore::connect(&url).unwrap();
        let (a, b) = (lite.aggregate_rows().unwrap(), pg.aggregate_rows().unwrap());
        assert!(!a.is_empty(), "step {i}");
        assert_eq!(a, b, "step {i}: SQLite and PostgreSQL aggregates differ");
        assert_eq!(b, pg.recount_aggregates().unwrap(), "step {i}: recount");
        assert_eq!(
            pg.aggregate_rows().unwrap(),
            b,
            "the recount changed nothing"
        );
    }
    // A database of the previous schema (version 2, no aggregates) gets them on connecting.
    let built = PgStore::connect(&url).unwrap().aggregate_rows().unwrap();
    let mut raw = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    raw.batch_execute(
        "DROP TABLE agg_dirty, agg_ev_days, agg_ev_claims, agg_ev_actors, agg_ev_edges,
            agg_days, agg_claims, agg_actors, agg_edges;
         DROP INDEX events_date_end;
         UPDATE schema_version SET version = 2;",
    )
    .unwrap();
    drop(raw);
    let pg = PgStore::connect(&url).unwrap();
    assert_eq!(pg.schema_version().unwrap(), PG_SCHEMA_VERSION);
    assert_eq!(pg.aggregate_rows().unwrap(), built, "upgraded");
}

/// Mentions resolved to a stored entity are listed by its canonical name, as in SQLite.
fn canonical_names(server: &PgServer, dir: &tempfile::TempDir) {
    let url = server.create_db("canonical");
    let mut pg = sitrep_store::open(&url).unwrap();
    let mut lite = sqlite(dir, "canonical.db");
    pg.ingest_batch(&mention_corpus()).unwrap();
    lite.ingest_batch(&mention_corpus()).unwrap();
    assert_canonical_names(pg.as_ref());
    assert_same(lite.as_ref(), pg.as_ref());
}

fn failed_batch_leaves_nothing(server: &PgServer) {
    let url = server.create_db("atomic");
    let mut pg = sitrep_store::open(&url).unwrap();
    pg.ingest_batch(&corpus()[..1]).unwrap();
    let before = pg.counts().unwrap();
    // PostgreSQL text cannot hold NUL: the second document fails, the first is rolled back.
    let batch = vec![
        input(doc("ok", "2026-02-03", "A fine report."), vec![]),
        input(doc("bad", "2026-02-03", "broken\0text"), vec![]),
    ];
    let err = pg.ingest_batch(&batch).unwrap_err().to_string();
    assert!(err.contains(&url), "{err}");
    assert_eq!(pg.counts().unwrap(), before);
    // The connection is usable again after the rolled-back batch.
    pg.ingest_batch(&batch[..1]).unwrap();
    assert_eq!(pg.counts().unwrap().documents, before.documents + 1);
}

fn errors_name_the_url(server: &PgServer) {
    let url = server.url("no_such_database");
    let err = sitrep_store::open(&url).err().unwrap().to_string();
    assert!(
        err.contains(&url) && err.contains("cannot connect"),
        "{err}"
    );
    let with_password = format!(
        "postgres://postgres:hunter2@127.0.0.1:{}/no_such_database",
        server.port
    );
    let err = sitrep_store::open(&with_password)
        .err()
        .unwrap()
        .to_string();
    assert!(!err.contains("hunter2"), "{err}");
    assert!(err.contains("postgres:***@127.0.0.1"), "{err}");
    // Read-only opening of a database without sitrep tables is refused, not set up.
    let empty = server.create_db("empty");
    let opts = OpenOptions {
        create: false,
        ..OpenOptions::default()
    };
    let err = sitrep_store::open_with(&empty, &opts)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("no sitrep store"), "{err}");
    // A database of another program (its own `events` table) is refused.
    let foreign = server.create_db("other_app");
    let mut c = postgres::Client::connect(&foreign, postgres::NoTls).unwrap();
    c.batch_execute("CREATE TABLE events (x int)").unwrap();
    let err = sitrep_store::open(&foreign).err().unwrap().to_string();
    assert!(err.contains("another program"), "{err}");
}

#[test]
fn postgres_backend_matches_sqlite() {
    let Some(server) = server_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    same_answers_as_sqlite(&server, &dir);
    ingest_twice_changes_nothing(&server);
    changed_document_replaces(&server, &dir);
    same_aggregates(&server, &dir);
    canonical_names(&server, &dir);
    failed_batch_leaves_nothing(&server);
    errors_name_the_url(&server);
    // Unused-import guard: SqliteStore stays nameable next to PgStore.
    let _: Option<SqliteStore> = None;
}
