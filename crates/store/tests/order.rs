//! The stored events do not depend on the order or the batching of ingests: the same
//! documents ingested in any order, in any batches, give the same export byte for byte, on
//! SQLite and on PostgreSQL.
//!
//! The corpus is generated (invented countries, towns and reports, no real text) to be dense
//! in near-misses: several countries attacking in the same towns on neighbouring days, dates
//! stated, taken from the publication date or only a month, places stated, inferred from a
//! dateline or missing, denials, meetings, and reused record ids.

mod common;

use common::PgServer;
use proptest::prelude::*;
use sitrep_model::{
    Aux, Claimant, DateInfo, Document, EntityKind, EventRecord, EventType, Evidence, Location,
    Magnitude, Party, Precision,
};
use sitrep_store::{DocInput, ExportFormat, Filter, SqliteStore, Store};

/// A small deterministic generator (xorshift), so that the corpus is the same on every run.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const LANDS: &[(&str, &str)] = &[
    ("Northland", "NRT"),
    ("Southland", "STH"),
    ("Eastmark", "EMK"),
    ("Westmark", "WMK"),
    ("Ostria", "OST"),
    ("Valdor", "VAL"),
];
const TOWNS: &[&str] = &["Zarnitsa", "Kalinov", "Breda", "Tolmin", "Ardent", "Vask"];

fn land(g: &mut Gen, n: usize) -> (&'static str, &'static str) {
    LANDS[g.below(n.min(LANDS.len()))]
}

fn party(name: &str, code: &str) -> Party {
    Party {
        name: name.into(),
        entity: Some(format!("ent:{}", name.to_lowercase())),
        kind: EntityKind::Country,
        country: Some(code.into()),
        sector: None,
        role: None,
    }
}

fn day(base: chrono::NaiveDate, offset: usize) -> chrono::NaiveDate {
    base.checked_add_days(chrono::Days::new(offset as u64))
        .unwrap_or(base)
}

/// `n` documents over `days` days among `lands` countries.
fn corpus(n: usize, days: usize, lands: usize, seed: u64) -> Vec<DocInput> {
    let mut g = Gen(seed.max(1));
    let base = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let published = day(base, g.below(days) + 1);
        let id = format!("doc-{i:05}");
        let k = 1 + g.below(3);
        let mut events = Vec::new();
        let mut text = String::new();
        for j in 0..k {
            let (aname, acode) = land(&mut g, lands);
            let (bname, bcode) = land(&mut g, lands);
            let ty = match g.below(10) {
                0..=5 => EventType::Assault,
                6 | 7 => EventType::Coerce,
                _ => EventType::Consult,
            };
            let when = day(published, 0)
                .checked_sub_days(chrono::Days::new(g.below(3) as u64))
                .unwrap_or(published);
            let date = match g.below(10) {
                0..=4 => DateInfo {
                    start: Some(when),
                    end: Some(when),
                    precision: Precision::Day,
                    text: Some("on Monday".into()),
                },
                5..=7 => DateInfo {
                    start: Some(published),
                    end: Some(published),
                    precision: Precision::Day,
                    text: None,
                },
                8 => DateInfo {
                    start: Some(when),
                    end: Some(when),
                    precision: Precision::Month,
                    text: Some("this month".into()),
                },
                _ => DateInfo {
                    start: Some(when),
                    end: Some(day(when, 1)),
                    precision: Precision::Day,
                    text: Some("over the weekend".into()),
                },
            };
            let town = TOWNS[g.below(TOWNS.len())];
            let location = match g.below(10) {
                0..=5 => Some(Location {
                    name: town.into(),
                    country: Some(bcode.into()),
                    admin1: None,
                    lat: None,
                    lon: None,
                    feature: Some("city".into()),
                    inferred: false,
                }),
                6 | 7 => Some(Location {
                    name: TOWNS[g.below(TOWNS.len())].into(),
                    country: Some(bcode.into()),
                    admin1: None,
                    lat: None,
                    lon: None,
                    feature: Some("city".into()),
                    inferred: true,
                }),
                _ => None,
            };
            let actors = if g.chance(10) {
                vec![Party {
                    name: "Red Hand Front".into(),
                    entity: None,
                    kind: EntityKind::Group,
                    country: None,
                    sector: Some("rebels".into()),
                    role: None,
                }]
            } else {
                vec![party(aname, acode)]
            };
            let sentence = format!("{aname} and {bname} in {town} ({ty:?}, report {i}.{j}). ");
            let start = text.len();
            text.push_str(&sentence);
            let mut magnitude = Vec::new();
            if ty == EventType::Assault && g.chance(50) {
                magnitude.push(Magnitude {
                    measure: "killed".into(),
                    count: Some(1 + g.below(20) as u64),
                    qualifier: "exact".into(),
                    unit: "person".into(),
                    claimed_by: None,
                });
            }
            // Every fortieth record reuses an id another document also uses.
            let rid = if g.chance(3) {
                format!("shared-{}", g.below(5))
            } else {
                format!("{id}-e{j}")
            };
            events.push(EventRecord {
                id: rid,
                event_type: ty,
                mode: if g.chance(30) {
                    vec!["shelling".into()]
                } else {
                    vec![]
                },
                context: vec![],
                aux: g.chance(8).then_some(Aux::Negation),
                actors,
                recipients: vec![party(bname, bcode)],
                location,
                date: Some(date),
                magnitude,
                claimed_by: if g.chance(30) {
                    vec![Claimant {
                        name: "the governor".into(),
                        country: Some(bcode.into()),
                        entity: None,
                    }]
                } else {
                    vec![]
                },
                evidence: vec![Evidence {
                    doc: id.clone(),
                    sentence: j,
                    start,
                    end: start + sentence.len(),
                    text: sentence.trim().into(),
                    rule: None,
                }],
                confidence: 0.5 + (g.below(5) as f32) / 10.0,
                rule: "gen".into(),
            });
        }
        out.push(DocInput {
            doc: Document {
                id,
                title: Some(format!("Report {i}")),
                published: Some(published),
                source: Some("order test wire".into()),
                text,
                ..Document::default()
            },
            events,
            entities: vec![],
            quotes: vec![],
        });
    }
    out
}

fn ingest(store: &mut dyn Store, docs: &[DocInput], order: &[usize], batches: &[usize]) {
    let mut at = 0;
    let mut sizes = batches.iter().cycle();
    while at < order.len() {
        let size = sizes.next().copied().unwrap_or(1).max(1);
        let end = (at + size).min(order.len());
        let batch: Vec<DocInput> = order[at..end].iter().map(|&i| docs[i].clone()).collect();
        store.ingest_batch(&batch).unwrap();
        at = end;
    }
}

fn exported(store: &dyn Store) -> String {
    let mut out = Vec::new();
    sitrep_store::export(store, &Filter::default(), ExportFormat::Jsonl, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Ingests `docs` in `order` and `batches` into a fresh SQLite store; its export followed by
/// its aggregates (checked against a recount first, so that every order and batching also
/// tests that ingest keeps them exact), and its number of events.
fn run_sqlite(docs: &[DocInput], order: &[usize], batches: &[usize]) -> (String, usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = SqliteStore::open(dir.path().join("order.db")).unwrap();
    ingest(&mut s, docs, order, batches);
    let aggregates = s.aggregate_rows().unwrap();
    assert_eq!(aggregates, s.recount_aggregates().unwrap(), "aggregates");
    (
        format!("{}{}", exported(&s), aggregates.join("\n")),
        s.counts().unwrap().events,
    )
}

/// A permutation of `0..n` from a seed (Fisher–Yates).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut g = Gen(seed.max(1));
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = g.below(i + 1);
        v.swap(i, j);
    }
    v
}

/// Where the first difference between two exports is, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    for (x, y) in a.lines().zip(b.lines()) {
        if x != y {
            return format!("\n{x}\n{y}");
        }
    }
    format!("{} vs {} lines", a.lines().count(), b.lines().count())
}

#[test]
fn the_corpus_has_merges_and_near_misses() {
    // Guards the property test below against a corpus in which nothing merges (where any
    // order would trivially give the same answer).
    let docs = corpus(40, 4, 3, 11);
    let records: usize = docs.iter().map(|d| d.events.len()).sum();
    let order: Vec<usize> = (0..docs.len()).collect();
    let (_, events) = run_sqlite(&docs, &order, &[docs.len()]);
    assert!(events < records * 3 / 4, "{events} events of {records}");
    assert!(events > records / 5, "{events} events of {records}");
}

#[test]
fn reversed_and_one_by_one_equals_all_at_once() {
    let docs = corpus(60, 5, 3, 5);
    let order: Vec<usize> = (0..docs.len()).collect();
    let (a, n) = run_sqlite(&docs, &order, &[docs.len()]);
    let rev: Vec<usize> = order.iter().rev().copied().collect();
    let (b, m) = run_sqlite(&docs, &rev, &[1]);
    assert_eq!(n, m);
    assert!(a == b, "{}", first_difference(&a, &b));
}

#[test]
fn replacing_a_document_equals_never_having_had_the_old_version() {
    let docs = corpus(40, 4, 3, 21);
    let order: Vec<usize> = (0..docs.len()).collect();
    // Old versions of five documents first (other events), then everything.
    let mut early: Vec<DocInput> = docs[..5].to_vec();
    for (k, d) in early.iter_mut().enumerate() {
        d.doc.text.push_str(" (first version)");
        d.events.truncate(1);
        if let Some(e) = d.events.first_mut() {
            e.event_type = EventType::Assault;
            e.recipients = vec![party(LANDS[k % 3].0, LANDS[k % 3].1)];
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut s = SqliteStore::open(dir.path().join("r.db")).unwrap();
    s.ingest_batch(&early).unwrap();
    ingest(&mut s, &docs, &shuffled(docs.len(), 3), &[7]);
    let (clean, _) = run_sqlite(&docs, &order, &[docs.len()]);
    let aggregates = s.aggregate_rows().unwrap();
    assert_eq!(aggregates, s.recount_aggregates().unwrap(), "aggregates");
    let replaced = format!("{}{}", exported(&s), aggregates.join("\n"));
    assert!(clean == replaced, "{}", first_difference(&clean, &replaced));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any permutation and any batching of a small dense corpus gives the export of one
    /// batch in document order.
    #[test]
    fn any_order_and_batching_gives_the_same_events(
        seed in 1u64..1000,
        perm in 1u64..u64::MAX,
        batches in proptest::collection::vec(1usize..8, 1..4),
    ) {
        let docs = corpus(24, 3, 3, seed);
        let order: Vec<usize> = (0..docs.len()).collect();
        let (want, _) = run_sqlite(&docs, &order, &[docs.len()]);
        let (got, _) = run_sqlite(&docs, &shuffled(docs.len(), perm), &batches);
        prop_assert!(want == got, "{}", first_difference(&want, &got));
    }
}

/// The 5,000-document case of the issue: three orders and batchings, one export. Slow in a
/// debug build; run with `cargo test --release -p sitrep-store --test order -- --ignored
/// --nocapture` (it prints the event counts).
#[test]
#[ignore]
fn five_thousand_documents_in_three_orders() {
    let docs = corpus(5000, 120, 6, 7);
    let records: usize = docs.iter().map(|d| d.events.len()).sum();
    let order: Vec<usize> = (0..docs.len()).collect();
    let rev: Vec<usize> = order.iter().rev().copied().collect();
    let t = std::time::Instant::now();
    let (a, na) = run_sqlite(&docs, &order, &[1000]);
    let ta = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let (b, nb) = run_sqlite(&docs, &rev, &[64]);
    let tb = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let (c, nc) = run_sqlite(&docs, &shuffled(docs.len(), 99), &[1, 10, 250]);
    let tc = t.elapsed().as_secs_f64();
    println!(
        "5000 documents, {records} records: in order/1000: {na} events ({ta:.1} s); \
         reversed/64: {nb} events ({tb:.1} s); shuffled/1,10,250: {nc} events ({tc:.1} s)"
    );
    assert!(a == b, "{}", first_difference(&a, &b));
    assert!(a == c, "{}", first_difference(&a, &c));
}

/// PostgreSQL gives the same events as SQLite, whatever the order on either side.
#[test]
fn postgres_agrees_in_another_order() {
    let server = match PgServer::start() {
        Ok(s) => s,
        Err(why) => {
            eprintln!("SKIPPED postgres_agrees_in_another_order: {why}");
            return;
        }
    };
    let docs = corpus(80, 5, 3, 13);
    let order: Vec<usize> = (0..docs.len()).collect();
    let (want, _) = run_sqlite(&docs, &order, &[docs.len()]);
    let url = server.create_db("any_order");
    let mut pg = sitrep_store::PgStore::connect(&url).unwrap();
    ingest(&mut pg, &docs, &shuffled(docs.len(), 17), &[3, 11]);
    let aggregates = pg.aggregate_rows().unwrap();
    assert_eq!(aggregates, pg.recount_aggregates().unwrap(), "aggregates");
    let got = format!("{}{}", exported(&pg), aggregates.join("\n"));
    assert!(want == got, "{}", first_difference(&want, &got));
}
