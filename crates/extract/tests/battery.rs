//! A battery of sentences written for this test, several per PLOVER type and in the
//! constructions news uses for it (light verbs, phrasal verbs, passives, possessives,
//! coordination), each coded as an analyst would. It measures how much of English the rules
//! cover rather than how well they fit a development set, and fails below its floor so that a
//! rule change that loses coverage is seen. Matching follows `score.py`: symmetric types
//! compare all parties; a domestic event (recipient = actor) checks the actor only.

use chrono::NaiveDate;
use sitrep_extract::{Extractor, Rules};
use sitrep_model::{Document, EventRecord};
use std::collections::BTreeSet;

/// Sentences whose type and parties must all come out right (battery A: of 94; battery B,
/// written later as a held-out check: of 61). Raise them when the batteries pass more; never
/// lower them to make a change pass.
const FLOOR_A: usize = 85;
const FLOOR_B: usize = 55;
/// Battery C (71 sentences, written at the start of the sixth session before any rule was
/// changed for it): 55 on its first run, 67 after that session's rules. The floor sits just
/// under.
const FLOOR_C: usize = 66;
/// Battery D (24 sentences written near the end of the sixth session and not used to change
/// any rule): 19 on its only run, the held-out figure for that session's rules; 22 after the
/// tenth session's rules (battery A: 86).
const FLOOR_D: usize = 21;
/// Battery E (61 events and 5 sentences that report none, written at the start of the tenth
/// session before any rule was changed for it): 60 on its first run (after five codings were
/// corrected against the ontology), 66 after that session's rules. A `NONE` line passes when
/// nothing is coded.
const FLOOR_E: usize = 65;
/// Battery F (38 events and 2 sentences that report none, written with battery E at the start
/// of the tenth session and run once, at its end, after that session's rules: the held-out
/// figure): 31 as first written, 32 after one coding was corrected against the ontology (aid
/// promised for later is AGREE). Not used to change any rule.
const FLOOR_F: usize = 31;

fn jaccard(gold: &BTreeSet<&str>, sys: &BTreeSet<String>) -> f64 {
    let sys: BTreeSet<&str> = sys.iter().map(String::as_str).collect();
    let union = gold.union(&sys).count();
    if union == 0 {
        return 1.0;
    }
    gold.intersection(&sys).count() as f64 / union as f64
}

/// Battery G (50 events and 2 sentences that report none, written at the start of the
/// eleventh session before any rule was changed in it, and run once, at its end: the held-out
/// figure for that session's rules): 47/52. One of its sentences ("Moscow declared a 30-hour
/// Easter truce in Ukraine") was tried by hand while the concession rule it exercises was
/// being changed; no rule was changed for it.
const FLOOR_G: usize = 46;
/// Battery H (written in the eleventh session as a tuning set for the types news_dev codes
/// worst): 36/50 on its first run; three codings were then corrected against the ontology
/// (promised aid and an offer to pause strikes are AGREE; the UAE is ARE) and three sentences
/// whose coding the ontology and PLOVER's own records disagree on were dropped (a summoned
/// ambassador, a vetoed aid package, an apology); its failures were then used to write rules:
/// 43/47.
const FLOOR_H: usize = 42;
/// Battery J (51 sentences written in the twelfth session as a tuning set): 47/51 on its first
/// run once four codings were corrected against the knowledge base and the ontology; its
/// failures were then used to write rules: 51/51.
const FLOOR_J: usize = 50;
/// Battery K (43 sentences in the manner of wire reports, written in the twelfth session as a
/// tuning set): 30/43 on its first run; 41/43 after that session's rules (one coding corrected
/// against the ontology on the way: a sentence passed by a court is SANCTION).
const FLOOR_K: usize = 40;
/// Battery L (47 wire-style sentences written in the twelfth session as a second tuning set):
/// 39/47 on its first run once its codings were corrected; 42/47 after that session's rules.
const FLOOR_L: usize = 41;
/// Battery I (53 events and 3 sentences that report none, written at the start of the twelfth
/// session before any rule was changed in it, and run once, at its end: the held-out figure
/// for that session's rules): 48/56, the same as the session's starting rules scored; one
/// coding was then corrected to the scorer's convention (a pact both sign has both as actors):
/// 49/56, again for both. After that run one rule was written from one of its misses (a bill
/// a government withdraws is a concession, `concede.drop-measure`): 50/56, no longer a held-out
/// figure for that rule.
const FLOOR_I: usize = 48;
/// Battery M (58 events and 2 sentences that report none, written at the start of the
/// thirteenth session before any rule was changed in it, and run once, at its end: the
/// held-out figure for that session's rules): 47/60 with the rules the session started from,
/// 48/60 with its final rules; one coding then corrected to battery K's convention (a court's
/// sentence is SANCTION): 48 and 49/60. That session tuned on reports it wrote
/// (`crates/cli/tests/data/reports_*`), not on single sentences. Two rules were then written
/// from M's misses (a strike told as "walked off the job"; suspending a treaty with a country
/// is a sanction): 51/60, no longer a held-out figure for them. (A third, a deal "to jointly
/// produce" as cooperation, was dropped: battery L and the ontology code signing as SUPPORT.)
/// The fourteenth session wrote three more from its misses (an official the state removes, a
/// case filed "accusing" a country, a reaffirmed commitment): 54/60.
const FLOOR_M: usize = 48;
/// Battery N (31 sentences written in the fourteenth session beside its rules, so not held
/// out: refusals told as a negated future, promises of violence, orders to the media, bodies
/// an organisation owns, participles a party's act, troops sent at home, a visit to another
/// country's parliament, a dateline before a named actor): 12 with the rules the session
/// started from, 30 after (the complaint "with the UN rights council accusing Russia" is still
/// read as the council's accusation).
const FLOOR_N: usize = 29;

fn codes(ps: &[sitrep_model::Party]) -> BTreeSet<String> {
    ps.iter().filter_map(|p| p.country.clone()).collect()
}

fn matches(e: &EventRecord, t: &str, a: &str, r: &str) -> bool {
    if e.event_type.as_str() != t {
        return false;
    }
    let (sa, sr) = (codes(&e.actors), codes(&e.recipients));
    // "ARM+AZE	-": two actors and no recipient (a pact both sides signed).
    if a.contains('+') && r == "-" {
        return jaccard(&a.split('+').collect(), &sa) >= 0.5;
    }
    if matches!(t, "CONSULT" | "AGREE" | "COOPERATE") {
        let all: BTreeSet<String> = sa.union(&sr).cloned().collect();
        return jaccard(&[a, r].into_iter().collect(), &all) >= 0.5;
    }
    if a == r {
        return jaccard(&[a].into_iter().collect(), &sa) >= 0.5;
    }
    jaccard(&[a].into_iter().collect(), &sa) >= 0.5
        && jaccard(&[r].into_iter().collect(), &sr) >= 0.5
}

#[test]
fn plover_battery_a_meets_its_floor() {
    run(include_str!("data/plover_battery.tsv"), FLOOR_A);
}

#[test]
fn plover_battery_b_meets_its_floor() {
    run(include_str!("data/plover_battery_b.tsv"), FLOOR_B);
}

#[test]
fn plover_battery_c_meets_its_floor() {
    run(include_str!("data/plover_battery_c.tsv"), FLOOR_C);
}

#[test]
fn plover_battery_d_meets_its_floor() {
    run(include_str!("data/plover_battery_d.tsv"), FLOOR_D);
}

#[test]
fn plover_battery_e_meets_its_floor() {
    run(include_str!("data/plover_battery_e.tsv"), FLOOR_E);
}

#[test]
fn plover_battery_f_meets_its_floor() {
    run(include_str!("data/plover_battery_f.tsv"), FLOOR_F);
}

#[test]
fn plover_battery_g_meets_its_floor() {
    run(include_str!("data/plover_battery_g.tsv"), FLOOR_G);
}

#[test]
fn plover_battery_h_meets_its_floor() {
    run(include_str!("data/plover_battery_h.tsv"), FLOOR_H);
}

#[test]
fn plover_battery_j_meets_its_floor() {
    run(include_str!("data/plover_battery_j.tsv"), FLOOR_J);
}

#[test]
fn plover_battery_k_meets_its_floor() {
    run(include_str!("data/plover_battery_k.tsv"), FLOOR_K);
}

#[test]
fn plover_battery_l_meets_its_floor() {
    run(include_str!("data/plover_battery_l.tsv"), FLOOR_L);
}

#[test]
fn plover_battery_i_meets_its_floor() {
    run(include_str!("data/plover_battery_i.tsv"), FLOOR_I);
}

#[test]
fn plover_battery_m_meets_its_floor() {
    run(include_str!("data/plover_battery_m.tsv"), FLOOR_M);
}

#[test]
fn plover_battery_n_meets_its_floor() {
    run(include_str!("data/plover_battery_n.tsv"), FLOOR_N);
}

fn run(text: &str, floor: usize) {
    let ex = Extractor::new(
        Rules::builtin().expect("rules"),
        sitrep_kb::Kb::load_default().expect("kb"),
    );
    let mut total = 0;
    let mut passed = 0;
    let mut failures = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "bad battery line: {line}");
        let doc = Document {
            id: format!("b{total}"),
            text: f[3].into(),
            published: NaiveDate::from_ymd_opt(2024, 5, 10),
            ..Default::default()
        };
        total += 1;
        let evs = ex.extract(&doc).events;
        let ok = if f[0] == "NONE" {
            evs.is_empty()
        } else {
            evs.iter().any(|e| matches(e, f[0], f[1], f[2]))
        };
        if ok {
            passed += 1;
        } else {
            failures.push(format!("{} {}->{}: {}", f[0], f[1], f[2], f[3]));
        }
    }
    println!("battery: {passed}/{total}");
    for f in &failures {
        println!("  missed {f}");
    }
    assert!(
        passed >= floor,
        "battery {passed}/{total} below its floor {floor}:\n{}",
        failures.join("\n")
    );
}
