//! The summary endpoints on a generated store of 20,000 events: their answers stay small
//! whatever the store holds (the guard against the 6.5 MB `/api/stats` of old: sizes and
//! counts, never timings), they add up to the store's own counts, they are cached until
//! the store changes, and `/api/export` gives exactly the filtered events in every format.

mod common;

use serde_json::Value;
use sitrep_server::loadgen::{HttpResponse, request};
use std::sync::OnceLock;

const DOCS: usize = 2_500;

struct Big {
    server: common::TestServer,
    db: std::path::PathBuf,
    events: usize,
}

fn big() -> &'static Big {
    static B: OnceLock<Big> = OnceLock::new();
    B.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("big.db");
        let events = common::big::build(&db, DOCS);
        let server = common::start_on(dir, db.clone(), |_| {});
        Big { server, db, events }
    })
}

fn get(path: &str) -> HttpResponse {
    request(big().server.addr, "GET", path, &[], &[]).unwrap()
}

fn ok(path: &str) -> (Value, usize) {
    let r = get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    (r.json(), r.body.len())
}

#[test]
fn stats_are_time_bins_that_add_up() {
    let b = big();
    assert!(
        b.events >= DOCS * common::big::EVENTS_PER_DOC * 9 / 10,
        "{}",
        b.events
    );
    let (s, size) = ok("/api/stats");
    // Eight years: months, one entry per month that has events, a few kilobytes.
    assert_eq!(s["grain"], "month");
    let bins = s["bins"].as_array().unwrap();
    assert!((80..=96).contains(&bins.len()), "{} bins", bins.len());
    assert!(
        size < 64 << 10,
        "/api/stats is {size} bytes for {} events",
        b.events
    );
    assert_eq!(s["total"].as_u64().unwrap() as usize, b.events);
    let binned: u64 = bins.iter().map(|x| x["events"].as_u64().unwrap()).sum();
    assert_eq!(
        binned + s["undated"].as_u64().unwrap(),
        s["total"].as_u64().unwrap()
    );
    // The generated gap (March to August 2021) is absent, not a run of zero bins.
    assert!(
        bins.iter()
            .all(|x| !("2021-03-01".."2021-09-01").contains(&x["start"].as_str().unwrap()))
    );
    // Bins are whole months in order.
    for w in bins.windows(2) {
        assert!(w[0]["start"].as_str() < w[1]["start"].as_str());
        assert!(w[0]["end"].as_str() <= w[1]["start"].as_str());
    }
    // Casualties: a range across sources and each claimant's own figure, never summed.
    let x = bins
        .iter()
        .find(|x| x["killed_high"].as_u64() > Some(0))
        .unwrap();
    assert!(x["killed_low"].as_u64() <= x["killed_high"].as_u64());
    assert!(
        bins.iter()
            .any(|x| x["killed_by_claimant"].as_object().unwrap().len() >= 2)
    );
    // Of 120 claimants, the ten who reported most, and bins break down by those only.
    let claimants: Vec<&str> = s["claimants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(claimants.len(), 10);
    assert!(s["claimants_total"].as_u64().unwrap() > 10);
    for x in bins {
        for k in x["killed_by_claimant"].as_object().unwrap().keys() {
            assert!(claimants.contains(&k.as_str()), "{k}");
        }
    }

    // A month's range is shown by day; a year's by week; `grain` overrides.
    let (m, _) = ok("/api/stats?since=2024-01-01&until=2024-01-31");
    assert_eq!(m["grain"], "day");
    let (y, _) = ok("/api/stats?since=2024-01-01&until=2024-12-31");
    assert_eq!(y["grain"], "week");
    for x in y["bins"].as_array().unwrap() {
        let d =
            chrono::NaiveDate::parse_from_str(x["start"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        assert_eq!(chrono::Datelike::weekday(&d), chrono::Weekday::Mon);
    }
    let (g, _) = ok("/api/stats?grain=year");
    assert!(
        g["bins"].as_array().unwrap().len() <= 9,
        "2018 (two days) to 2026"
    );
    assert_eq!(get("/api/stats?grain=fortnight").status, 400);
    let (t, _) = ok("/api/stats?type=ASSAULT");
    assert_eq!(
        t["total"].as_u64(),
        t["by_type"]["ASSAULT"].as_u64(),
        "only assaults"
    );
}

#[test]
fn network_is_the_top_actors_with_canonical_names() {
    let (n, size) = ok("/api/network");
    let nodes = n["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 30, "the 30 busiest by default");
    assert!(n["actors"].as_u64().unwrap() >= 60);
    assert!(size < 64 << 10, "/api/network is {size} bytes");
    let counts: Vec<u64> = nodes
        .iter()
        .map(|x| x["events"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "busiest first");
    for x in nodes {
        // The entity's name ("Xandria"), not a mention ("Xandrian troops").
        let name = x["name"].as_str().unwrap();
        assert!(name.ends_with("ia") && !name.contains("troops"), "{name}");
    }
    let ids: Vec<&str> = nodes.iter().map(|x| x["id"].as_str().unwrap()).collect();
    for e in n["edges"].as_array().unwrap() {
        assert!(ids.contains(&e["source"].as_str().unwrap()));
        assert!(ids.contains(&e["target"].as_str().unwrap()));
    }
    let (ten, _) = ok("/api/network?top=10");
    assert_eq!(ten["nodes"].as_array().unwrap().len(), 10);
    assert_eq!(ten["nodes"][0], nodes[0]);
    assert_eq!(get("/api/network?top=0").status, 400);
    assert_eq!(get("/api/network?top=201").status, 400);
}

#[test]
fn map_is_one_entry_per_place() {
    let (m, size) = ok("/api/map");
    let places = m["places"].as_array().unwrap();
    assert!(!places.is_empty() && places.len() <= 3000);
    assert!(size < 512 << 10, "/api/map is {size} bytes");
    assert_eq!(m["places_total"].as_u64().unwrap() as usize, places.len());
    let sum: u64 = places.iter().map(|p| p["events"].as_u64().unwrap()).sum();
    assert_eq!(sum, m["located"].as_u64().unwrap());
    for p in places {
        assert!(p["hostile"].as_u64() <= p["events"].as_u64());
    }
    let (few, _) = ok("/api/map?limit=5");
    assert_eq!(few["places"].as_array().unwrap().len(), 5);
    assert_eq!(few["truncated"], true);
}

#[test]
fn summaries_are_cached_until_the_store_changes() {
    let b = big();
    let path = "/api/stats?type=PROTEST";
    let first = get(path);
    let again = get(path);
    assert_eq!(first.body, again.body);
    assert_eq!(again.header("x-cache"), Some("hit"));
    // Another connection (as `sitrep ingest` in another process) commits: the cache is stale.
    let mut store = sitrep_store::SqliteStore::open(&b.db).unwrap();
    sitrep_store::Store::ingest_batch(
        &mut store,
        &[sitrep_store::DocInput {
            doc: sitrep_model::Document {
                id: "cache-probe".into(),
                text: "Nothing happened.".into(),
                ..Default::default()
            },
            ..Default::default()
        }],
    )
    .unwrap();
    let after = get(path);
    assert_eq!(after.header("x-cache"), Some("miss"));
    let (c, _) = ok("/api/counts");
    assert_eq!(c["documents"].as_u64().unwrap() as usize, DOCS + 1);
}

#[test]
fn export_gives_the_filtered_events_in_each_format() {
    let filter = "type=ASSAULT&since=2024-01-01&until=2024-03-31";
    let (page, _) = ok(&format!("/api/events?{filter}&limit=1"));
    let total = page["total"].as_u64().unwrap() as usize;
    assert!(total > 10);
    let csv = get(&format!("/api/export?format=csv&{filter}"));
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .contains("sitrep-events.csv")
    );
    let mut rd = csv::Reader::from_reader(csv.body.as_slice());
    assert!(rd.headers().unwrap().iter().any(|h| h == "type"));
    assert_eq!(rd.records().count(), total);
    let jsonl = get(&format!("/api/export?format=jsonl&{filter}"));
    let lines: Vec<Value> = jsonl
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), total);
    assert!(
        lines
            .iter()
            .all(|l| l["record"] == "event" && l["type"] == "ASSAULT")
    );
    let pq = get(&format!("/api/export?format=parquet&{filter}"));
    assert_eq!(pq.status, 200);
    assert!(pq.body.starts_with(b"PAR1") && pq.body.ends_with(b"PAR1"));
    assert_eq!(get("/api/export?format=xlsx").status, 400);
    assert_eq!(get("/api/export?since=yesterday").status, 400);
}
