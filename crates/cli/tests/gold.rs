//! Gold-set floors: the binary's scores on the reference gold sets must not fall below the
//! constants below, and `sitrep eval` must agree with the reference scorer `score.py`.
//!
//! The gold sets live outside the repository, in `../shared/eval` beside the clone. When that
//! folder (or `python3`, for the score.py parts) is missing, the tests print a notice and pass.
//! Raise the floors when the measured scores rise.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Event F1 on the seed articles (issue 4 asks for at least 0.85; measured 0.983).
const SEEDS_EVENT_F1_FLOOR: f64 = 0.85;
/// Attribute accuracies on the seeds (issue 4): date, location name, magnitude, roles.
const SEEDS_DATE_ACC_FLOOR: f64 = 0.85;
const SEEDS_LOCATION_NAME_ACC_FLOOR: f64 = 0.80;
const SEEDS_MAGNITUDE_ACC_FLOOR: f64 = 0.85;
const SEEDS_ROLE_ACC_FLOOR: f64 = 0.90;
/// Person F1, country and role accuracy on the seeds (issue 3; measured 1.0 each).
const SEEDS_PERSON_F1_FLOOR: f64 = 0.95;
const SEEDS_PERSON_COUNTRY_ACC_FLOOR: f64 = 0.95;
const SEEDS_PERSON_ROLE_ACC_FLOOR: f64 = 0.90;
/// Event recall on the PLOVER gold-standard dev split (issue 4 asked for 0.70; issue 13 for
/// 0.85; measured 0.838 on 2026-12-01, fourth session; 0.848 in the seventh, 0.867 in the
/// ninth).
const PLOVER_DEV_RECALL_FLOOR: f64 = 0.86;
/// Real reports (`news_dev`, issue 13 asks for F1 0.80, strict 0.55, date 0.85 and persons
/// 0.95; measured 0.753, strict 0.587, date 0.850, persons 0.923 on 2026-12-02, sixth session;
/// 0.774, 0.607, 0.866 and 0.947 in the seventh; 0.801, 0.639, 0.880 and 0.961 in the ninth;
/// 0.814, 0.673, 0.892 and 0.961 in the tenth; 0.827, 0.688, 0.872 and 0.961 in the eleventh;
/// 0.833, 0.731, 0.919 and 0.961 in the twelfth; 0.845, 0.747, 0.930 and 0.961 in the
/// fifteenth): floors just under today's figures, so that no change loses ground.
const NEWS_EVENT_F1_FLOOR: f64 = 0.835;
const NEWS_STRICT_F1_FLOOR: f64 = 0.735;
/// Duplicates on real reports (issue 13 asks for at most 3; 10 in the fourteenth session, 6
/// in the fifteenth once background events were left out, 3 in the sixteenth once the merge
/// joined vague country-wide tellings, one crowd's march and blockade, and a day's talks with
/// its phone call): issue 13's ceiling, reached.
const NEWS_DUPLICATES_CEILING: f64 = 3.0;
const NEWS_DATE_ACC_FLOOR: f64 = 0.90;
const NEWS_PERSON_F1_FLOOR: f64 = 0.955;
/// Counts on real reports (issue 13 asks for 0.75; measured 0.583 in the ninth session, 0.657
/// in the tenth, 0.771 in the eleventh, 0.806 in the twelfth).
const NEWS_MAGNITUDE_ACC_FLOOR: f64 = 0.78;
/// ACLED notes (`acled_dev`, issue 13 asks for F1 0.80; measured 0.823, 0.851 in the seventh
/// session, 0.870 in the ninth, 0.887 in the twelfth).
const ACLED_EVENT_F1_FLOOR: f64 = 0.87;
/// Counts on ACLED (issue 13 asks for 0.75; measured 0.698, 0.741 in the seventh session,
/// 0.782 in the ninth).
const ACLED_MAGNITUDE_ACC_FLOOR: f64 = 0.77;

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

/// The shared eval folder, or `None` (with a notice) when it is absent.
fn eval_dir(test: &str) -> Option<PathBuf> {
    let dir = Path::new(SHARED).join("eval");
    if dir.join("score.py").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "{test}: SKIPPED: {} not found (the gold sets sit beside the clone in ../shared)",
            dir.display()
        );
        None
    }
}

fn have_python(test: &str) -> bool {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("{test}: SKIPPED (score.py part): python3 not found");
    }
    ok
}

fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs `sitrep extract DOCS --entities ent.jsonl > ev.jsonl` in `tmp`; returns both paths.
fn extract(docs: &Path, tmp: &Path) -> (PathBuf, PathBuf) {
    let events = tmp.join("ev.jsonl");
    let entities = tmp.join("ent.jsonl");
    let stdout = run(Command::new(BIN)
        .arg("extract")
        .arg(docs)
        .arg("--entities")
        .arg(&entities));
    std::fs::write(&events, stdout).unwrap();
    (events, entities)
}

/// `python3 score.py GOLD EVENTS --entities ENTITIES --json`, parsed.
fn score_py(eval: &Path, gold: &Path, events: &Path, entities: &Path) -> Value {
    let stdout = run(Command::new("python3")
        .arg(eval.join("score.py"))
        .arg(gold)
        .arg(events)
        .arg("--entities")
        .arg(entities)
        .arg("--json"));
    serde_json::from_str(&stdout).expect("score.py --json prints JSON")
}

fn num(report: &Value, key: &str) -> f64 {
    report[key]
        .as_f64()
        .unwrap_or_else(|| panic!("no number {key} in {report}"))
}

#[test]
fn seeds_event_and_person_f1_floors() {
    let test = "seeds_event_and_person_f1_floors";
    let Some(eval) = eval_dir(test) else { return };
    if !have_python(test) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let docs = Path::new(SHARED).join("corpus/seeds/seeds.jsonl");
    let gold = eval.join("seeds.gold.json");
    let (events, entities) = extract(&docs, tmp.path());
    let report = score_py(&eval, &gold, &events, &entities);
    let (f1, person_f1) = (num(&report, "f1"), num(&report, "person_f1"));
    eprintln!("seeds: event F1 {f1:.3}, person F1 {person_f1:.3}");
    for (key, floor) in [
        ("f1", SEEDS_EVENT_F1_FLOOR),
        ("date_acc", SEEDS_DATE_ACC_FLOOR),
        ("location_name_acc", SEEDS_LOCATION_NAME_ACC_FLOOR),
        ("magnitude_acc", SEEDS_MAGNITUDE_ACC_FLOOR),
        ("role_acc", SEEDS_ROLE_ACC_FLOOR),
        ("person_f1", SEEDS_PERSON_F1_FLOOR),
        ("person_country_acc", SEEDS_PERSON_COUNTRY_ACC_FLOOR),
        ("person_role_acc", SEEDS_PERSON_ROLE_ACC_FLOOR),
        ("cross_doc_resolution_acc", 1.0),
    ] {
        let v = num(&report, key);
        assert!(v >= floor, "seeds {key} {v:.3} < {floor}");
    }
    // One record per real event: no duplicates of a gold event (issue 4).
    assert_eq!(num(&report, "duplicates"), 0.0, "seed duplicates: {report}");
}

#[test]
fn plover_dev_recall_floor() {
    let test = "plover_dev_recall_floor";
    let Some(eval) = eval_dir(test) else { return };
    if !have_python(test) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // The dev split holds both the documents and their gold events.
    let gold = eval.join("plover_gsr_dev.jsonl");
    let (events, entities) = extract(&gold, tmp.path());
    let report = score_py(&eval, &gold, &events, &entities);
    let recall = num(&report, "recall");
    eprintln!(
        "PLOVER dev: recall {recall:.3}, precision {:.3}, F1 {:.3}",
        num(&report, "precision"),
        num(&report, "f1")
    );
    assert!(
        recall >= PLOVER_DEV_RECALL_FLOOR,
        "PLOVER dev recall {recall:.3} < {PLOVER_DEV_RECALL_FLOOR}"
    );
}

/// Event F1 (and more) on the real-news and ACLED dev sets must not fall below their floors.
#[test]
fn news_and_acled_event_floors() {
    let test = "news_and_acled_event_floors";
    let Some(eval) = eval_dir(test) else { return };
    if !have_python(test) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    std::fs::create_dir_all(&news).unwrap();
    let (events, entities) = extract(&eval.join("news_dev.docs.jsonl"), &news);
    let report = score_py(&eval, &eval.join("news_dev.gold.json"), &events, &entities);
    for (key, floor) in [
        ("f1", NEWS_EVENT_F1_FLOOR),
        ("strict_f1", NEWS_STRICT_F1_FLOOR),
        ("date_acc", NEWS_DATE_ACC_FLOOR),
        ("person_f1", NEWS_PERSON_F1_FLOOR),
        ("magnitude_acc", NEWS_MAGNITUDE_ACC_FLOOR),
    ] {
        let v = num(&report, key);
        eprintln!("news_dev {key} {v:.3} (floor {floor})");
        assert!(v >= floor, "news_dev {key} {v:.3} < {floor}");
    }
    let dups = num(&report, "duplicates");
    eprintln!("news_dev duplicates {dups} (ceiling {NEWS_DUPLICATES_CEILING})");
    assert!(
        dups <= NEWS_DUPLICATES_CEILING,
        "news_dev duplicates {dups} > {NEWS_DUPLICATES_CEILING}"
    );
    let acled = tmp.path().join("acled");
    std::fs::create_dir_all(&acled).unwrap();
    let (events, entities) = extract(&eval.join("acled_dev.docs.jsonl"), &acled);
    let report = score_py(&eval, &eval.join("acled_dev.gold.json"), &events, &entities);
    for (key, floor) in [
        ("f1", ACLED_EVENT_F1_FLOOR),
        ("magnitude_acc", ACLED_MAGNITUDE_ACC_FLOOR),
    ] {
        let v = num(&report, key);
        eprintln!("acled_dev {key} {v:.3} (floor {floor})");
        assert!(v >= floor, "acled_dev {key} {v:.3} < {floor}");
    }
}

/// Short reports written for sitrep's tests (`tests/data/reports_*.docs.jsonl`, not real
/// news), each set coded by hand and run once before any rule was changed for it, then used to
/// tune document-level coding (one record per real event, parties across sentences). Their
/// first runs were the held-out figures (m 0.843, n 0.866, o 0.576, p 0.688, q 0.659; r: 0.725
/// with the rules before the fourteenth session, 0.703 with its first rules; t: 0.583 before,
/// 0.682 with that session's rules up to then); after the thirteenth session's rules m 0.981,
/// n 1.000, o 0.951, p 0.810; after the fourteenth's p 0.862, q 0.875, r 0.859, t 0.769; u 0.688
/// on its first run, no rule kept from it; s, held out until the fourteenth session's end: 0.603
/// with its starting rules, 0.682 with its final ones (0.708 after two rules from its misses).
/// In the fifteenth session: v, written at its start, 0.789 on its first run, 0.925 after
/// rules from its misses; s 0.756, u 0.710, q 0.889 with those rules; w, held out until the
/// session's end: 0.614 with its starting rules, 0.649 with its final ones (0.695 after two
/// rules from its misses). In the sixteenth session: x, written at its start, 0.690 on its first
/// run (with the session's first four rules), 0.886 after rules from its misses; y, written
/// next, 0.500 on its first run (0.576 once two codings of its gold were corrected to the
/// domestic-recipient convention), 0.781 after rules from its misses; z, held out until near
/// the session's end: 0.796 with its first rules, 0.809 with its rules when z's errors were
/// first read, 0.928 after five rules from its misses (x 0.902, y 0.880, u 0.774 with them),
/// 0.966 after three more. In the seventeenth session: aa, written at its start, 0.821 on its
/// first run (main's rules), 0.927 after rules from its misses; ab, written next, 0.610 with
/// main's rules and 0.665 with aa's (its first run), 0.808 after rules from its misses
/// (0.860 at the end); ac, written after both, 0.735 with main's rules and 0.747 with the session's (first run, gold as
/// first written), 0.923 after rules from its misses and two corrections of its gold (main's
/// rules: 0.752 on the corrected gold); ad, written near the session's end, 0.595 on its first
/// run with main's rules and with the session's rules up to then alike (no gain held out),
/// 0.846 after rules from its misses (aa 0.927, ab 0.860, ac 0.923, z 0.984 with them); t 0.863,
/// w 0.739, x 0.930 with the session's rules; ae, written after the session's last rule and
/// held out (no rule changed for it): 0.679 with main's rules and with the session's final
/// rules alike (strict 0.566 → 0.604). In the eighteenth session: af, written at its start,
/// 0.594 on its first run (main's rules), 0.908 after rules from its misses; ag, written after
/// that first batch and held out from it, 0.682 with main's rules and that batch's alike (no
/// gain held out), 0.841 after rules from its misses; ae, then tuned on, 0.850; ah, written
/// after the session's last rule and held out: 0.806 with main's rules, 0.774 with the
/// session's (0.794 after one bug that ah showed was fixed: a relative clause whose gap is a
/// claim noun, "a charge Serbia rejected", was read as the claim's content), 0.903 after
/// rules from its misses; ai, written after the session's last rule and held out: 0.760 with
/// main's rules and the session's alike, 0.855 after rules from its misses (written after
/// its held-out run). In the nineteenth session: aj, written at its start, 0.838 on its first
/// run (the rules after ai's), 0.968 after rules from its misses; ak, written after those rules
/// and held out from them: 0.731 with main's rules, 0.752 with ai's, 0.763 with aj's, 0.970
/// after rules from its misses; al, written after ak's rules and held out from them: 0.694
/// with main's rules, 0.685 with the session's (no gain held out), 0.901 after rules from
/// its misses; am, written after al's rules and held out from them: 0.746 with main's
/// rules, 0.758 with ai's and with the session's alike, 0.862 after rules from its misses;
/// an, written after am's rules and held out from them: 0.696 with main's rules and with the
/// session's alike, 0.826 after rules from its misses; ao, written after an's rules and held
/// out from them: 0.713 with main's rules and with the session's alike, 0.930 after rules
/// from its misses; ap, written after the session's last rule and held out: 0.705 with the
/// rules the session started from, 0.717 with its final rules.
/// Floors just under.
const REPORTS_F1_FLOORS: &[(&str, f64)] = &[
    ("m", 0.95),
    ("n", 0.95),
    ("o", 0.92),
    ("p", 0.83),
    ("q", 0.85),
    ("r", 0.85),
    ("t", 0.83),
    ("u", 0.75),
    ("s", 0.73),
    ("v", 0.90),
    ("w", 0.71),
    ("x", 0.90),
    ("y", 0.85),
    ("z", 0.95),
    ("aa", 0.90),
    ("ab", 0.83),
    ("ac", 0.88),
    ("ad", 0.81),
    ("ae", 0.81),
    ("af", 0.87),
    ("ag", 0.80),
    ("ah", 0.87),
    ("ai", 0.82),
    ("aj", 0.93),
    ("ak", 0.93),
    ("al", 0.87),
    ("am", 0.83),
    ("an", 0.80),
    ("ao", 0.90),
    ("ap", 0.69),
];

/// The reports written here keep their event F1 (scored by `score.py`, which lives in
/// `../shared`).
#[test]
fn reports_written_here_meet_their_floors() {
    let test = "reports_written_here_meet_their_floors";
    let Some(eval) = eval_dir(test) else { return };
    if !have_python(test) {
        return;
    }
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    for &(set, floor) in REPORTS_F1_FLOORS {
        let tmp = tempfile::tempdir().unwrap();
        let docs = data.join(format!("reports_{set}.docs.jsonl"));
        let gold = data.join(format!("reports_{set}.gold.json"));
        let (events, entities) = extract(&docs, tmp.path());
        let report = score_py(&eval, &gold, &events, &entities);
        let f1 = num(&report, "f1");
        eprintln!("reports_{set}: event F1 {f1:.3} (floor {floor})");
        assert!(f1 >= floor, "reports_{set} event F1 {f1:.3} < {floor}");
    }
}

/// Walks both reports; every number in the reference must be in `ours`, equal within 1e-9
/// (nulls must match too).
fn compare(path: &str, reference: &Value, ours: &Value, diffs: &mut Vec<String>) {
    match reference {
        Value::Object(map) => {
            for (k, v) in map {
                let sub = format!("{path}.{k}");
                match ours.get(k) {
                    Some(o) => compare(&sub, v, o, diffs),
                    None => diffs.push(format!("{sub}: missing from sitrep eval")),
                }
            }
        }
        Value::Number(n) => {
            let r = n.as_f64().unwrap();
            match ours.as_f64() {
                Some(o) if (o - r).abs() <= 1e-9 => {}
                _ => diffs.push(format!("{path}: score.py {r}, sitrep eval {ours}")),
            }
        }
        Value::Null if !ours.is_null() => {
            diffs.push(format!("{path}: score.py null, sitrep eval {ours}"));
        }
        _ => {}
    }
}

#[test]
fn sitrep_eval_agrees_with_score_py_on_the_seeds() {
    let test = "sitrep_eval_agrees_with_score_py_on_the_seeds";
    let Some(eval) = eval_dir(test) else { return };
    let docs = Path::new(SHARED).join("corpus/seeds/seeds.jsonl");
    let gold = eval.join("seeds.gold.json");
    let ours: Value = serde_json::from_str(&run(Command::new(BIN)
        .arg("eval")
        .arg("--gold")
        .arg(&gold)
        .arg(&docs)
        .arg("--json")))
    .expect("sitrep eval --json prints JSON");
    assert!(ours["f1"].is_number(), "{ours}");
    if !have_python(test) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (events, entities) = extract(&docs, tmp.path());
    let reference = score_py(&eval, &gold, &events, &entities);
    let mut diffs = Vec::new();
    compare("", &reference, &ours, &mut diffs);
    assert!(
        diffs.is_empty(),
        "sitrep eval disagrees with score.py:\n{}",
        diffs.join("\n")
    );
}

#[test]
fn compare_reports_every_numeric_difference() {
    let reference =
        serde_json::json!({"f1": 0.5, "tp": 3, "per_type": {"AGREE": {"recall": null}}});
    let same = reference.clone();
    let other = serde_json::json!({"f1": 0.5 + 1e-6, "per_type": {"AGREE": {"recall": 1.0}}});
    let mut diffs = Vec::new();
    compare("", &reference, &same, &mut diffs);
    assert!(diffs.is_empty(), "{diffs:?}");
    compare("", &reference, &other, &mut diffs);
    assert_eq!(diffs.len(), 3, "{diffs:?}");
}
