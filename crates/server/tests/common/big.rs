//! A generated store of 100,000+ events for the tests of the UI and API at scale.
//!
//! Records are written straight into the store (no extraction), so the store is the same
//! whatever the extractor reads today, and building it costs store time only. Everything is
//! invented: countries ("Xandria", code XAA…), towns, people and report text, drawn with a
//! fixed-seed generator. Dates run from 2019 to 2026 with a gap (no event from March to
//! August 2021), so a time axis must show an empty stretch; places cluster around each
//! country's capital; assaults carry casualty figures from two claimants that disagree.

use serde_json::{Value, json};
use sitrep_model::{Document, EntityRecord, EventRecord};
use sitrep_store::{DocInput, SqliteStore, Store};
use std::path::Path;

/// Events per generated document.
pub const EVENTS_PER_DOC: usize = 8;

const TYPES: &[(&str, u32)] = &[
    ("ASSAULT", 30),
    ("COERCE", 6),
    ("ACCUSE", 10),
    ("THREATEN", 6),
    ("PROTEST", 8),
    ("REJECT", 4),
    ("REQUEST", 6),
    ("CONSULT", 10),
    ("AGREE", 5),
    ("SUPPORT", 5),
    ("AID", 4),
    ("SANCTION", 3),
    ("MOBILIZE", 3),
];

const SYLLABLES: &[&str] = &[
    "xan", "dri", "vel", "mor", "tas", "qui", "lon", "bar", "zet", "ora", "pel", "kun", "sar",
    "tem", "vo", "lia", "gor", "nes",
];

/// A small deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Country {
    code: String,
    name: String,
    adj: String,
    towns: Vec<(String, f64, f64)>,
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn countries(rng: &mut Rng, n: usize) -> Vec<Country> {
    (0..n)
        .map(|i| {
            let a = SYLLABLES[i % SYLLABLES.len()];
            let b = SYLLABLES[(i / SYLLABLES.len() + i * 7) % SYLLABLES.len()];
            let stem = capitalised(&format!("{a}{b}"));
            let code = format!(
                "X{}{}",
                (b'A' + (i / 26) as u8 % 26) as char,
                (b'A' + (i % 26) as u8) as char
            );
            // Spread over the inhabited latitudes of an invented world.
            let lat = -40.0 + rng.unit() * 100.0;
            let lon = -170.0 + rng.unit() * 340.0;
            let towns = (0..12)
                .map(|t| {
                    (
                        format!(
                            "{stem} {}",
                            capitalised(SYLLABLES[(t * 5 + i) % SYLLABLES.len()])
                        ),
                        (lat + (rng.unit() - 0.5) * 6.0).clamp(-89.0, 89.0),
                        (lon + (rng.unit() - 0.5) * 8.0).clamp(-179.0, 179.0),
                    )
                })
                .collect();
            Country {
                code,
                name: format!("{stem}ia"),
                adj: format!("{stem}ian"),
                towns,
            }
        })
        .collect()
}

fn pick_type(rng: &mut Rng) -> &'static str {
    let total: u32 = TYPES.iter().map(|t| t.1).sum();
    let mut r = (rng.next() % u64::from(total)) as u32;
    for (t, w) in TYPES {
        if r < *w {
            return t;
        }
        r -= w;
    }
    "ASSAULT"
}

/// A day from 2019-01-01 to 2026-12-28, never from 2021-03-01 to 2021-09-02 (events are
/// dated up to two days before their report, so none falls in March–August 2021).
fn pick_day(rng: &mut Rng) -> chrono::NaiveDate {
    loop {
        let start = chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default();
        let d = start + chrono::Duration::days(rng.below(2919) as i64);
        let gap = d >= chrono::NaiveDate::from_ymd_opt(2021, 3, 1).unwrap_or_default()
            && d < chrono::NaiveDate::from_ymd_opt(2021, 9, 3).unwrap_or_default();
        if !gap {
            return d;
        }
    }
}

fn party(c: &Country, troops: bool) -> Value {
    json!({
        "name": if troops { format!("{} troops", c.adj) } else { c.name.clone() },
        "entity": format!("country:{}", c.code),
        "kind": "country",
        "country": c.code,
        "sector": if troops { Some("MIL") } else { None },
    })
}

/// One generated document and its records; `i` numbers the document.
fn document(i: usize, cs: &[Country], rng: &mut Rng) -> DocInput {
    let doc_id = format!("gen-{i:06}");
    let day = pick_day(rng);
    let mut text = String::new();
    let mut events = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    for k in 0..EVENTS_PER_DOC {
        // Busy countries (the first ten) take part more often, as in real news.
        let a = if rng.below(3) == 0 {
            rng.below(10)
        } else {
            rng.below(cs.len())
        };
        let mut b = rng.below(cs.len());
        if b == a {
            b = (b + 1) % cs.len();
        }
        used.insert(a);
        used.insert(b);
        let (ca, cb) = (&cs[a], &cs[b]);
        let ty = pick_type(rng);
        let (town, lat, lon) = &cb.towns[rng.below(cb.towns.len())];
        let d = day - chrono::Duration::days(rng.below(3) as i64);
        let killed = 1 + rng.below(40);
        let sentence = match ty {
            "ASSAULT" => format!(
                "{} troops shelled {town} in {} on {d}, killing {killed} people, the {} ministry said.",
                ca.adj, cb.name, cb.adj
            ),
            _ => format!(
                "{} and {} were reported in a {} event near {town} on {d}.",
                ca.name,
                cb.name,
                ty.to_lowercase()
            ),
        };
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(&sentence);
        let mut magnitude = Vec::new();
        let mut claimed_by = Vec::new();
        if ty == "ASSAULT" {
            let other = killed + rng.below(20);
            magnitude.push(
                json!({"measure": "killed", "count": killed, "qualifier": "exact",
                "unit": "person", "claimed_by": format!("{} ministry", cb.adj)}),
            );
            magnitude.push(
                json!({"measure": "killed", "count": other, "qualifier": "at_least",
                "unit": "person", "claimed_by": format!("{} army", ca.adj)}),
            );
            claimed_by.push(
                json!({"name": format!("{} ministry", cb.adj), "country": cb.code,
                "entity": format!("country:{}", cb.code)}),
            );
        }
        let v = json!({
            "id": format!("{doc_id}-e{k}"),
            "type": ty,
            "mode": [],
            "context": [],
            "aux": null,
            "actors": [party(ca, ty == "ASSAULT")],
            "recipients": [party(cb, false)],
            "location": {"name": town, "country": cb.code, "feature": "city", "lat": lat, "lon": lon},
            "date": {"start": d.to_string(), "end": d.to_string(), "precision": "day", "text": d.to_string()},
            "magnitude": magnitude,
            "claimed_by": claimed_by,
            "evidence": [{"doc": doc_id, "sentence": k, "start": start, "end": text.len(),
                "text": sentence, "rule": "generated"}],
            "confidence": 0.9,
            "rule": "generated",
        });
        let rec: EventRecord = serde_json::from_value(v).expect("generated record");
        events.push(rec);
    }
    let entities = used
        .into_iter()
        .map(|c| {
            let c = &cs[c];
            serde_json::from_value::<EntityRecord>(json!({
                "id": format!("country:{}", c.code),
                "name": c.name,
                "kind": "country",
                "country": c.code,
                "roles": [],
                "aliases": [c.adj],
                "mentions": [],
            }))
            .expect("generated entity")
        })
        .collect();
    DocInput {
        doc: Document {
            id: doc_id.clone(),
            title: Some(format!("Generated report {i}")),
            published: Some(day),
            url: Some(format!("https://news.example/{doc_id}")),
            source: Some("Example Wire".into()),
            language: Some("en".into()),
            text,
            origin: None,
        },
        events,
        entities,
        quotes: Vec::new(),
    }
}

/// Writes `docs` generated documents (`EVENTS_PER_DOC` events each) into a new store at
/// `path`; returns the number of stored events.
pub fn build(path: &Path, docs: usize) -> usize {
    let mut rng = Rng::new(0x5175_7265_7000_0016);
    let cs = countries(&mut rng, 60);
    let mut store = SqliteStore::open(path).expect("create the big store");
    let mut i = 0;
    while i < docs {
        let n = (docs - i).min(500);
        let batch: Vec<DocInput> = (i..i + n).map(|j| document(j, &cs, &mut rng)).collect();
        store
            .ingest_batch(&batch)
            .expect("ingest generated documents");
        i += n;
    }
    store.checkpoint().expect("checkpoint");
    store.counts().expect("counts").events
}
