//! `sitrep eval`'s own report: per-type hits never exceed gold (matches of optional gold
//! events are counted apart), and `--show-errors` names the wrong attributes of matched
//! events. Invented documents and countries.

use serde_json::{Value, json};
use sitrep_eval::score_with;
use std::collections::HashSet;

fn ev(doc: &str) -> Value {
    json!([{ "doc": doc, "sentence": 0, "start": 0, "end": 10, "text": "Some text." }])
}

#[test]
fn hits_never_exceed_gold_and_mismatches_are_listed() {
    let gold = vec![json!({"id": "d1", "published": "2031-03-10", "events": [
        {"id": "g1", "type": "ASSAULT", "actors": ["NTH"], "recipients": ["STH"],
         "location": {"name": "Zarnitsa", "country": "STH"},
         "date": {"start": "2031-03-09"},
         "magnitude": [{"measure": "killed", "count": 12, "qualifier": "exact", "unit": "person"}],
         "claimed_by": ["health ministry"]},
        {"id": "g2", "type": "ASSAULT", "actors": ["NTH"], "recipients": ["WST"], "required": false}
    ]})];
    let system = vec![
        json!({"id": "s1", "type": "ASSAULT", "actors": [{"name": "Northland", "country": "NTH"}],
               "recipients": [{"name": "Southland", "country": "STH"}],
               "location": {"name": "Other Town", "country": "STH"},
               "date": {"start": "2031-03-01", "end": "2031-03-01"},
               "magnitude": [{"measure": "killed", "count": 9, "qualifier": "exact", "unit": "person"}],
               "claimed_by": [{"name": "army spokesman"}], "evidence": ev("d1")}),
        json!({"id": "s2", "type": "ASSAULT", "actors": [{"name": "Northland", "country": "NTH"}],
               "recipients": [{"name": "Westland", "country": "WST"}], "evidence": ev("d1")}),
    ];
    let iso: HashSet<String> = ["NTH", "STH", "WST"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let r = score_with(&gold, &system, None, &iso);
    let t = &r.per_type[0];
    // The script's tp counts the optional event's match too: 2 hits against 1 gold event.
    assert_eq!((t.gold, t.tp, t.hits), (1, 2, 1));
    let text = r.render_report(true);
    let row = text.lines().nth(1).unwrap_or_default();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[..5], ["ASSAULT", "1", "1", "1", "0"], "{text}");
    let mismatch = text
        .lines()
        .find(|l| l.starts_with("MISMATCH d1 g1 ~ s1: ASSAULT"))
        .unwrap_or_else(|| panic!("no mismatch line in\n{text}"));
    for part in [
        "date: gold 2031-03-09 system 2031-03-01",
        "place: gold Zarnitsa (STH) system Other Town (STH)",
        "count: gold killed=12 system killed=9",
        "claimant (not strict): gold health ministry system army spokesman",
    ] {
        assert!(mismatch.contains(part), "{part:?} not in {mismatch}");
    }
    // Without --show-errors, none of it; the script's own report never has it.
    assert!(!r.render_report(false).contains("MISMATCH"));
    assert!(!r.render_text(true).contains("MISMATCH"));
}
