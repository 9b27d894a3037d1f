//! Scoring extracted records against gold documents: a Rust port of
//! `../shared/eval/score.py` that computes the same numbers and prints the same report.
//!
//! The system side and the gold side are scored as JSON values, as the script does, so that
//! loosely typed inputs (missing fields, `null`s, numbers where strings were expected) score
//! exactly as they do there; [`score_records`] is the typed entry for in-process use.
//!
//! Known, deliberate difference: where a gold event lists an organisation class (`IGO`,
//! `NGO`, `IMG`, `MNC`) *and* a non-country code the system also gives (`EU`), the script's
//! result depends on Python's set iteration order (hash seed); this port always counts direct
//! code matches first (the lower, seed-independent reading). Where the script would crash on
//! malformed input (a `null` where it iterates), the port treats the value as empty.

pub mod crosscheck;
mod py;
mod score;

use serde_json::{Map, Value, json};
use sitrep_model::{EntityRecord, EventRecord};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use crosscheck::{Crosscheck, crosscheck_files, json_diffs};
pub use py::norm;
pub use score::{EventCounts, PersonCounts, TypeCounts};

/// One gold document (`{"id", "published", "events": [...], "entities": [...]}`), kept as
/// JSON so that scoring follows the script's dynamic semantics exactly.
pub type GoldDoc = Value;

/// Where the script reads ISO 3166-1 alpha-3 codes from (Debian `iso-codes`).
pub const ISO_CODES_PATH: &str = "/usr/share/iso-codes/json/iso_3166-1.json";

/// Errors loading gold or system files.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: not JSON: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
}

/// The alpha-3 codes the script treats as countries: read from [`ISO_CODES_PATH`] at run
/// time like the script, empty when the file is absent or unreadable.
pub fn iso3_codes() -> &'static HashSet<String> {
    static ISO3: OnceLock<HashSet<String>> = OnceLock::new();
    ISO3.get_or_init(|| load_iso3(Path::new(ISO_CODES_PATH)))
}

/// Reads alpha-3 codes from an `iso_3166-1.json` file (empty set when unreadable).
pub fn load_iso3(path: &Path) -> HashSet<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashSet::new();
    };
    let Ok(v) = serde_json::from_str::<Value>(&text) else {
        return HashSet::new();
    };
    v.get("3166-1")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|c| c.get("alpha_3").and_then(Value::as_str))
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

fn read_text(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Loads gold documents: a JSON file `{"docs": [...]}` (or a bare array), else JSON Lines.
pub fn load_gold(path: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    let text = read_text(path)?;
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(docs)) => Ok(docs),
        Ok(Value::Object(mut m)) => match m.remove("docs") {
            Some(Value::Array(docs)) => Ok(docs),
            // The script fails here; a lone document is the only sensible reading.
            _ => Ok(vec![Value::Object(m)]),
        },
        Ok(_) => Err(EvalError::Format {
            path: path.to_path_buf(),
            message: "expected {\"docs\": [...]} or JSON Lines of documents".into(),
        }),
        Err(_) => parse_lines(path, &text),
    }
}

/// Loads a JSON Lines file (blank lines skipped), naming the line of any error.
pub fn load_jsonl(path: &Path) -> Result<Vec<Value>, EvalError> {
    parse_lines(path, &read_text(path)?)
}

fn parse_lines(path: &Path, text: &str) -> Result<Vec<Value>, EvalError> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(line) {
            Ok(v) => out.push(v),
            Err(e) => {
                return Err(EvalError::Json {
                    path: path.to_path_buf(),
                    line: i + 1,
                    message: e.to_string(),
                });
            }
        }
    }
    Ok(out)
}

/// Keeps event records of a mixed stream (`record` absent or `"event"`), as the script does.
pub fn only_events(records: Vec<Value>) -> Vec<Value> {
    records
        .into_iter()
        .filter(|e| match e.get("record") {
            None => true,
            Some(r) => r.as_str() == Some("event"),
        })
        .collect()
}

/// One row of the per-type table.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeScore {
    /// The type as found (`null` for system events without one).
    pub event_type: Value,
    pub gold: i64,
    /// Matched gold events (the script's `tp` also counts matches of optional gold events,
    /// which `gold` leaves out, so it can exceed `gold`; `hits` never does).
    pub hits: i64,
    pub tp: i64,
    pub fp: i64,
    pub recall: Option<f64>,
    pub precision: Option<f64>,
}

/// Person scores (only when entities were given).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonScores {
    pub counts: PersonCounts,
    pub person_precision: Option<f64>,
    pub person_recall: Option<f64>,
    pub person_f1: f64,
    pub person_country_acc: Option<f64>,
    pub person_role_acc: Option<f64>,
    pub cross_doc_resolution_acc: Option<f64>,
}

/// Everything the script reports. Ratios are `None` where the script prints ` - `/`null`
/// (nothing to divide by).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub counts: EventCounts,
    pub events_gold: i64,
    pub events_system: i64,
    pub tp: i64,
    pub fp: i64,
    pub duplicates: i64,
    pub no_evidence: i64,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: f64,
    pub strict_f1: f64,
    pub date_acc: Option<f64>,
    pub location_country_acc: Option<f64>,
    pub location_name_acc: Option<f64>,
    pub mode_acc: Option<f64>,
    pub aux_acc: Option<f64>,
    pub role_acc: Option<f64>,
    pub magnitude_acc: Option<f64>,
    pub magnitude_qualifier_acc: Option<f64>,
    pub claim_acc: Option<f64>,
    /// Sorted by the type's string form, as the script sorts.
    pub per_type: Vec<TypeScore>,
    pub persons: Option<PersonScores>,
    /// The `--show-errors` lines: misses, spurious and duplicate events, person errors.
    pub errors: Vec<String>,
    /// Matched events whose attributes (date, place, counts, claimant, roles…) are wrong,
    /// one line each; sitrep's own report prints them, the script's does not.
    pub mismatches: Vec<String>,
}

fn ratio(a: i64, b: i64) -> Option<f64> {
    (b != 0).then(|| a as f64 / b as f64)
}

/// `2 * p * r / (p + r) if p and r else 0.0`, evaluated in the script's order.
fn f1_of(p: Option<f64>, r: Option<f64>) -> f64 {
    match (p, r) {
        (Some(p), Some(r)) if p != 0.0 && r != 0.0 => 2.0 * p * r / (p + r),
        _ => 0.0,
    }
}

fn fmt3(x: Option<f64>) -> String {
    match x {
        None => "  -  ".to_string(),
        Some(v) => format!("{v:.3}"),
    }
}

fn num(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |v| json!(v))
}

/// Scores system events (and optionally entities) against gold documents, with the ISO
/// codes of [`iso3_codes`].
pub fn score(gold: &[GoldDoc], events: &[Value], entities: Option<&[Value]>) -> Report {
    score_with(gold, events, entities, iso3_codes())
}

/// [`score`] with an explicit set of country codes (tests; machines without `iso-codes`).
pub fn score_with(
    gold: &[GoldDoc],
    events: &[Value],
    entities: Option<&[Value]>,
    iso3: &HashSet<String>,
) -> Report {
    let scorer = score::Scorer { iso3 };
    let score::Scored {
        counts: c,
        per_type,
        mut errors,
        mismatches,
    } = scorer.score_docs(gold, events);
    let p = ratio(c.tp, c.tp + c.fp);
    let r = ratio(c.tp_req, c.gold);
    let sp = ratio(c.strict_tp, c.tp + c.fp);
    let sr = ratio(c.strict_tp_req, c.gold);
    let mut per_type: Vec<TypeScore> = per_type
        .into_iter()
        .map(|t| TypeScore {
            recall: ratio(t.tp_req, t.gold),
            precision: ratio(t.tp, t.tp + t.fp),
            event_type: t.key,
            gold: t.gold,
            hits: t.tp_req,
            tp: t.tp,
            fp: t.fp,
        })
        .collect();
    // sorted(key=str): stable, by the type's str().
    per_type.sort_by_key(|t| py::py_str(&t.event_type));
    let persons = entities.map(|ents| {
        let (ec, eerr) = score::score_entities(gold, ents);
        errors.extend(eerr);
        let pp = ratio(ec.pers_tp, ec.pers_tp + ec.pers_fp);
        let pr = ratio(ec.pers_tp, ec.pers_gold);
        PersonScores {
            person_precision: pp,
            person_recall: pr,
            person_f1: f1_of(pp, pr),
            person_country_acc: ratio(ec.pers_country_ok, ec.pers_tp),
            person_role_acc: ratio(ec.pers_role_ok, ec.pers_tp),
            cross_doc_resolution_acc: ratio(ec.xdoc_ok, ec.xdoc_n),
            counts: ec,
        }
    });
    Report {
        events_gold: c.gold,
        events_system: c.tp + c.fp,
        tp: c.tp,
        fp: c.fp,
        duplicates: c.dup,
        no_evidence: c.no_evidence,
        precision: p,
        recall: r,
        f1: f1_of(p, r),
        strict_f1: f1_of(sp, sr),
        date_acc: ratio(c.date_ok, c.date_n),
        location_country_acc: ratio(c.loc_country_ok, c.loc_n),
        location_name_acc: ratio(c.locname_ok, c.locname_n),
        mode_acc: ratio(c.mode_ok, c.mode_n),
        aux_acc: ratio(c.aux_ok, c.aux_n),
        role_acc: ratio(c.role_ok, c.role_n),
        magnitude_acc: ratio(c.mag_ok, c.mag_n),
        magnitude_qualifier_acc: ratio(c.magq_ok, c.mag_n),
        claim_acc: ratio(c.claim_ok, c.claim_n),
        per_type,
        persons,
        errors,
        mismatches,
        counts: c,
    }
}

/// Typed entry: scores records as the pipeline produces them.
pub fn score_records(
    gold: &[GoldDoc],
    events: &[EventRecord],
    entities: Option<&[EntityRecord]>,
) -> Report {
    let evs: Vec<Value> = events
        .iter()
        .filter_map(|e| serde_json::to_value(e).ok())
        .collect();
    let ents: Option<Vec<Value>> = entities.map(|es| {
        es.iter()
            .filter_map(|e| serde_json::to_value(e).ok())
            .collect()
    });
    score(gold, &evs, ents.as_deref())
}

/// Scores files as `score.py GOLD EVENTS [--entities ENTITIES]` does.
pub fn score_files(
    gold: &Path,
    events: &Path,
    entities: Option<&Path>,
) -> Result<Report, EvalError> {
    let gold = load_gold(gold)?;
    let events = only_events(load_jsonl(events)?);
    let entities = entities.map(load_jsonl).transpose()?;
    Ok(score(&gold, &events, entities.as_deref()))
}

impl Report {
    /// Key/value lines of the report, in the script's order (`per_type` and `f1` excluded,
    /// as the script prints them).
    fn scalar_lines(&self) -> Vec<(&'static str, Result<i64, Option<f64>>)> {
        let mut v = vec![
            ("events_gold", Ok(self.events_gold)),
            ("events_system", Ok(self.events_system)),
            ("tp", Ok(self.tp)),
            ("fp", Ok(self.fp)),
            ("duplicates", Ok(self.duplicates)),
            ("no_evidence", Ok(self.no_evidence)),
            ("precision", Err(self.precision)),
            ("recall", Err(self.recall)),
            ("strict_f1", Err(Some(self.strict_f1))),
            ("date_acc", Err(self.date_acc)),
            ("location_country_acc", Err(self.location_country_acc)),
            ("location_name_acc", Err(self.location_name_acc)),
            ("mode_acc", Err(self.mode_acc)),
            ("aux_acc", Err(self.aux_acc)),
            ("role_acc", Err(self.role_acc)),
            ("magnitude_acc", Err(self.magnitude_acc)),
            ("magnitude_qualifier_acc", Err(self.magnitude_qualifier_acc)),
            ("claim_acc", Err(self.claim_acc)),
        ];
        if let Some(p) = &self.persons {
            v.extend([
                ("person_precision", Err(p.person_precision)),
                ("person_recall", Err(p.person_recall)),
                ("person_f1", Err(Some(p.person_f1))),
                ("person_country_acc", Err(p.person_country_acc)),
                ("person_role_acc", Err(p.person_role_acc)),
                ("cross_doc_resolution_acc", Err(p.cross_doc_resolution_acc)),
            ]);
        }
        v
    }

    /// The script's text report, byte for byte; the last line is the headline
    /// `event F1 x.xxx  strict F1 x.xxx`.
    pub fn render_text(&self, show_errors: bool) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "{:<10} {:>5} {:>4} {:>4} {:>7} {:>7}\n",
            "type", "gold", "tp", "fp", "recall", "prec"
        ));
        for t in &self.per_type {
            out.push_str(&format!(
                "{:<10} {:>5} {:>4} {:>4} {:>7} {:>7}\n",
                py::py_str(&t.event_type),
                t.gold,
                t.tp,
                t.fp,
                fmt3(t.recall),
                fmt3(t.precision)
            ));
        }
        for (k, v) in self.scalar_lines() {
            let v = match v {
                Ok(i) => i.to_string(),
                Err(x) => fmt3(x),
            };
            out.push_str(&format!("{k:<28} {v}\n"));
        }
        if show_errors {
            out.push_str(&self.errors.join("\n"));
            out.push('\n');
        }
        out.push_str(&format!(
            "event F1 {:.3}  strict F1 {:.3}\n",
            self.f1, self.strict_f1
        ));
        out
    }

    /// `sitrep eval`'s own text report: the per-type table counts hits of gold events (never
    /// more than `gold`) with matches of optional gold events apart, and `--show-errors`
    /// adds the attribute mismatches of matched events to the script's error lines. The
    /// scalar lines and the headline are the script's.
    pub fn render_report(&self, show_errors: bool) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "{:<10} {:>5} {:>4} {:>4} {:>4} {:>7} {:>7}\n",
            "type", "gold", "hits", "opt", "fp", "recall", "prec"
        ));
        for t in &self.per_type {
            out.push_str(&format!(
                "{:<10} {:>5} {:>4} {:>4} {:>4} {:>7} {:>7}\n",
                py::py_str(&t.event_type),
                t.gold,
                t.hits,
                t.tp - t.hits,
                t.fp,
                fmt3(t.recall),
                fmt3(t.precision)
            ));
        }
        for (k, v) in self.scalar_lines() {
            let v = match v {
                Ok(i) => i.to_string(),
                Err(x) => fmt3(x),
            };
            out.push_str(&format!("{k:<28} {v}\n"));
        }
        if show_errors {
            for line in self.errors.iter().chain(&self.mismatches) {
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push_str(&format!(
            "event F1 {:.3}  strict F1 {:.3}\n",
            self.f1, self.strict_f1
        ));
        out
    }

    /// The script's `--json` object (same keys; numbers as computed, `null` for no ratio).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("events_gold".into(), json!(self.events_gold));
        m.insert("events_system".into(), json!(self.events_system));
        m.insert("tp".into(), json!(self.tp));
        m.insert("fp".into(), json!(self.fp));
        m.insert("duplicates".into(), json!(self.duplicates));
        m.insert("no_evidence".into(), json!(self.no_evidence));
        m.insert("precision".into(), num(self.precision));
        m.insert("recall".into(), num(self.recall));
        m.insert("f1".into(), json!(self.f1));
        m.insert("strict_f1".into(), json!(self.strict_f1));
        for (k, v) in [
            ("date_acc", self.date_acc),
            ("location_country_acc", self.location_country_acc),
            ("location_name_acc", self.location_name_acc),
            ("mode_acc", self.mode_acc),
            ("aux_acc", self.aux_acc),
            ("role_acc", self.role_acc),
            ("magnitude_acc", self.magnitude_acc),
            ("magnitude_qualifier_acc", self.magnitude_qualifier_acc),
            ("claim_acc", self.claim_acc),
        ] {
            m.insert(k.into(), num(v));
        }
        let mut pt = Map::new();
        for t in &self.per_type {
            pt.insert(
                py::json_key(&t.event_type),
                json!({
                    "gold": t.gold, "tp": t.tp, "fp": t.fp,
                    "recall": num(t.recall), "precision": num(t.precision),
                }),
            );
        }
        m.insert("per_type".into(), Value::Object(pt));
        if let Some(p) = &self.persons {
            m.insert("person_precision".into(), num(p.person_precision));
            m.insert("person_recall".into(), num(p.person_recall));
            m.insert("person_f1".into(), json!(p.person_f1));
            m.insert("person_country_acc".into(), num(p.person_country_acc));
            m.insert("person_role_acc".into(), num(p.person_role_acc));
            m.insert(
                "cross_doc_resolution_acc".into(),
                num(p.cross_doc_resolution_acc),
            );
        }
        Value::Object(m)
    }
}
