//! Gold-set floors for places (issue 15): place-name recognition on GeoWebNews and the
//! geocoding of ACLED events, scored by the reference scorer `score_geo.py`.
//!
//! The gold sets live outside the repository, in `../shared/eval` beside the clone. When that
//! folder or `python3` is missing, the tests print a notice and pass. Raise the floors when the
//! measured scores rise (measured values are in the comments).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// GeoWebNews dev: place-name recognition F1 (measured 0.862 in the fifth session; baseline
/// 0.49).
const GWN_F1_FLOOR: f64 = 0.858;
/// GeoWebNews dev: country accuracy of the matched names (measured 0.944; baseline 0.87;
/// 0.973 in the sixth session, once unlisted features take the country of the report's places).
const GWN_COUNTRY_FLOOR: f64 = 0.965;
/// ACLED dev: matched events within 161 km of ACLED's coordinates (measured 0.902 in the
/// fifth session; baseline 0.751; 0.919 in the sixth, with places the gazetteer lacks placed
/// in the region the text names and no cross-report merge of events in different towns or of
/// a placed event with an unplaced one: 0.945).
/// 0.961 in the thirteenth session (regions spelled otherwise, namesakes outside the region
/// the text puts a village in dropped).
const ACLED_161KM_FLOOR: f64 = 0.95;
/// ACLED dev: matched events within 25 km (0.746 before the sixth session, 0.775 after it;
/// 0.790 -> 0.801 in the thirteenth).
const ACLED_25KM_FLOOR: f64 = 0.785;
/// ACLED dev: admin1 named as ACLED names it, over the matched events (measured 0.734 in the
/// third session; 0.654 in the fourth, when 47 more events were matched, most in notes that
/// name only places the gazetteer lacks (10 of the 47 with the right admin1); on the 274
/// events matched both times it went 0.737 -> 0.730; baseline 0.612). 0.737 in the fifth, once
/// events take a place their sentence or an earlier one states and regions keep the text's
/// spelling; 0.727 on the merged main of that session, where the event coder matches a few
/// more events (counts, "-led" compounds) than the places branch alone. 0.750 in the sixth
/// (ISO 3166-2 region spellings, localities inside the regions the text names), 0.771 at the
/// end of it (0.766 measured on merged main). 0.744 in the seventh, when the event coder
/// matched 9 more events (protests whose doers only the staging verb names, victims-only
/// attacks), 8 of them in notes that name no place below the country, and lost 2: over the
/// 335 events matched both times, 256 -> 255 right. 0.764 -> 0.801 in the thirteenth
/// (regions spelled otherwise in brackets, English region names, more villages placed).
/// 0.803 -> 0.815 in the fourteenth (Uganda's districts as its first-level regions, a
/// destination or a people no event's place). 0.820 -> 0.829 in the sixteenth (roads named
/// by two places, the Arabic article restored, "east Jerusalem", direction words joining a
/// place to its container).
const ACLED_ADMIN1_FLOOR: f64 = 0.815;

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

/// The shared eval folder and python3, or `None` (with a notice) when either is absent.
fn setup(test: &str) -> Option<PathBuf> {
    let dir = Path::new(SHARED).join("eval");
    if !dir.join("score_geo.py").is_file() {
        eprintln!(
            "{test}: SKIPPED: {} not found (the gold sets sit beside the clone in ../shared)",
            dir.display()
        );
        return None;
    }
    let python = Command::new("python3")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !python {
        eprintln!("{test}: SKIPPED: python3 not found");
        return None;
    }
    Some(dir)
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

/// `sitrep extract DOCS --entities ent.jsonl > ev.jsonl` in `tmp`; returns both paths.
fn extract(docs: &Path, tmp: &Path) -> (PathBuf, PathBuf) {
    let events = tmp.join("ev.jsonl");
    let entities = tmp.join("ent.jsonl");
    let stdout = run(Command::new(BIN)
        .arg("extract")
        .arg(docs)
        .arg("--entities")
        .arg(&entities));
    std::fs::write(&events, stdout).expect("write events");
    (events, entities)
}

fn num(report: &Value, key: &str) -> f64 {
    report[key]
        .as_f64()
        .unwrap_or_else(|| panic!("no number {key} in {report}"))
}

#[test]
fn geowebnews_recognition_floors() {
    let Some(eval) = setup("geowebnews_recognition_floors") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let (_, entities) = extract(&eval.join("gwn_dev.docs.jsonl"), tmp.path());
    let out = run(Command::new("python3")
        .arg(eval.join("score_geo.py"))
        .arg("gwn")
        .arg(eval.join("gwn_dev.gold.json"))
        .arg("--entities")
        .arg(&entities)
        .arg("--json"));
    let r: Value = serde_json::from_str(&out).expect("score_geo JSON");
    let (f1, cc) = (num(&r, "f1"), num(&r, "country_acc_of_matched"));
    eprintln!("GeoWebNews dev: F1 {f1:.4}, country {cc:.4}");
    assert!(f1 >= GWN_F1_FLOOR, "place-name F1 {f1} < {GWN_F1_FLOOR}");
    assert!(
        cc >= GWN_COUNTRY_FLOOR,
        "country accuracy {cc} < {GWN_COUNTRY_FLOOR}"
    );
}

#[test]
fn acled_geocoding_floors() {
    let Some(eval) = setup("acled_geocoding_floors") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let (events, _) = extract(&eval.join("acled_dev.docs.jsonl"), tmp.path());
    let out = run(Command::new("python3")
        .arg(eval.join("score_geo.py"))
        .arg("coords")
        .arg(eval.join("acled_dev.gold.json"))
        .arg("--events")
        .arg(&events)
        .arg("--json"));
    let r: Value = serde_json::from_str(&out).expect("score_geo JSON");
    let (near, a1) = (num(&r, "acc_at_161km"), num(&r, "admin1_acc"));
    let close = num(&r, "acc_at_25km");
    eprintln!("ACLED dev: within 161 km {near:.4}, within 25 km {close:.4}, admin1 {a1:.4}");
    assert!(
        close >= ACLED_25KM_FLOOR,
        "within 25 km {close} < {ACLED_25KM_FLOOR}"
    );
    assert!(
        near >= ACLED_161KM_FLOOR,
        "within 161 km {near} < {ACLED_161KM_FLOOR}"
    );
    assert!(
        a1 >= ACLED_ADMIN1_FLOOR,
        "admin1 {a1} < {ACLED_ADMIN1_FLOOR}"
    );
}

/// news_dev: location name of the matched events (measured 0.878 in the fifth session, 0.829
/// before it; 0.733 before the gazetteer, 0.667 with its first resolver; 0.900 in the sixth).
const NEWS_LOCNAME_FLOOR: f64 = 0.89;

#[test]
fn news_location_name_floor() {
    let Some(eval) = setup("news_location_name_floor") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let (events, entities) = extract(&eval.join("news_dev.docs.jsonl"), tmp.path());
    let out = run(Command::new("python3")
        .arg(eval.join("score.py"))
        .arg(eval.join("news_dev.gold.json"))
        .arg(&events)
        .arg("--entities")
        .arg(&entities)
        .arg("--json"));
    let r: Value = serde_json::from_str(&out).expect("score.py JSON");
    let r = r.get("overall").unwrap_or(&r);
    let name = num(r, "location_name_acc");
    eprintln!("news dev: location name {name:.4}");
    assert!(
        name >= NEWS_LOCNAME_FLOOR,
        "location name {name} < {NEWS_LOCNAME_FLOOR}"
    );
}
