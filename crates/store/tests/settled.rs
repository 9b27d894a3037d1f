//! Settled components (stories of more than `SETTLE_AT` reports, whose events take new reports
//! by their merged views instead of being re-clustered) behave the same on SQLite and on
//! PostgreSQL, keep the aggregates equal to a recount, and do not touch the clustering of
//! small components. `SITREP_SETTLE_AT` lowers the threshold so that a small corpus settles;
//! it is read once per process, so this file holds one test.

mod common;

use common::*;
use sitrep_model::EventType;
use sitrep_store::{DocInput, ExportFormat, Filter, PgStore, SqliteStore, Store, export};

/// Two stories retold many times (strikes on two towns, with figures from two claimants),
/// and a few one-off reports on other days.
fn stories(first: usize, n: usize) -> Vec<DocInput> {
    (first..first + n)
        .map(|k| {
            let id = format!("s{k:04}");
            let (town, lat) = if k % 3 == 0 {
                ("Kalinov", 48.0)
            } else {
                ("Zarnitsa", 49.0)
            };
            let day = if k % 17 == 0 {
                "2026-02-05"
            } else {
                "2026-02-02"
            };
            let text = format!("Northland shelled {town} on Monday, report {k}.");
            let mut e = event(
                &format!("{id}-e"),
                &id,
                EventType::Assault,
                vec![party("Northland", "NRT")],
                vec![party("Southland", "STH")],
                Some(place(town, "STH", lat, 30.0)),
                on(day),
                &text,
            );
            let by = ["governor", "ministry"][k % 2];
            e.magnitude = vec![figure("killed", (k % 5) as u64 + (k / 90) as u64, Some(by))];
            if k % 11 == 0 {
                e.recipients.push(party("Eastmark", "EMK"));
            }
            input(doc(&id, "2026-02-03", &text), vec![e])
        })
        .collect()
}

fn exported(s: &dyn Store) -> String {
    let mut buf = Vec::new();
    export(s, &Filter::default(), ExportFormat::Jsonl, &mut buf).unwrap();
    String::from_utf8(buf).unwrap()
}

fn ingest(s: &mut dyn Store, docs: &[DocInput], size: usize) {
    for chunk in docs.chunks(size) {
        s.ingest_batch(chunk).unwrap();
    }
}

#[test]
fn settled_stories_agree_across_backends_and_keep_the_aggregates() {
    // SAFETY: set before any store is opened, in the only test of this binary.
    unsafe { std::env::set_var("SITREP_SETTLE_AT", "20") };
    let docs = stories(0, 160);
    let dir = tempfile::tempdir().unwrap();
    let mut lite = SqliteStore::open(dir.path().join("s.db")).unwrap();
    // A first batch settles both stories (more than 20 reports each), the rest comes in
    // small batches and joins the settled events.
    ingest(&mut lite, &docs[..60], 60);
    ingest(&mut lite, &docs[60..], 7);
    let c = lite.counts().unwrap();
    assert_eq!(c.reports, 160);
    // Two stories on Monday, and their reports on another day (k % 17 == 0).
    assert!(c.events <= 6, "{} events", c.events);
    let aggregates = lite.aggregate_rows().unwrap();
    assert_eq!(
        aggregates,
        lite.recount_aggregates().unwrap(),
        "sqlite aggregates"
    );
    let want = format!("{}{}", exported(&lite), aggregates.join("\n"));
    // Re-ingest changes nothing.
    ingest(&mut lite, &docs, 50);
    assert_eq!(lite.counts().unwrap(), c);

    let Some(server) = server_or_skip() else {
        return;
    };
    let mut pg = PgStore::connect(&server.create_db("settled")).unwrap();
    ingest(&mut pg, &docs[..60], 60);
    ingest(&mut pg, &docs[60..], 7);
    let aggregates = pg.aggregate_rows().unwrap();
    assert_eq!(
        aggregates,
        pg.recount_aggregates().unwrap(),
        "postgres aggregates"
    );
    let got = format!("{}{}", exported(&pg), aggregates.join("\n"));
    assert!(
        want == got,
        "postgres differs from sqlite on settled stories"
    );
}
