//! Event and person scoring, statement by statement after `score.py`.

use serde_json::Value;
use std::collections::{HashMap, HashSet};

use crate::py::{
    PySet, eq, get, get_truthy_or, has, iter, key, list_repr, norm, parse_date, py_str, truthy,
};

const SYMMETRIC: [&str; 3] = ["CONSULT", "AGREE", "COOPERATE"];
const ORG_CLASSES: [&str; 4] = ["IGO", "NGO", "IMG", "MNC"];

fn is_symmetric(t: &Value) -> bool {
    t.as_str().is_some_and(|s| SYMMETRIC.contains(&s))
}

fn is_org_class(v: &Value) -> bool {
    v.as_str().is_some_and(|s| ORG_CLASSES.contains(&s))
}

/// Event counters: the `Counter` of `score_docs` and `attrs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventCounts {
    pub gold: i64,
    pub tp: i64,
    pub tp_req: i64,
    pub strict_tp: i64,
    pub strict_tp_req: i64,
    pub fp: i64,
    pub dup: i64,
    pub no_evidence: i64,
    pub date_n: i64,
    pub date_ok: i64,
    pub loc_n: i64,
    pub loc_country_ok: i64,
    pub locname_n: i64,
    pub locname_ok: i64,
    pub mode_n: i64,
    pub mode_ok: i64,
    pub aux_n: i64,
    pub aux_ok: i64,
    pub role_n: i64,
    pub role_ok: i64,
    pub mag_n: i64,
    pub mag_ok: i64,
    pub magq_ok: i64,
    pub claim_n: i64,
    pub claim_ok: i64,
}

/// Per-type counters; `key` is the type value as found (a string, or `null` for a system
/// event without type).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeCounts {
    pub key: Value,
    pub gold: i64,
    pub tp: i64,
    pub tp_req: i64,
    pub fp: i64,
}

/// Person counters of `score_entities`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonCounts {
    pub pers_gold: i64,
    pub pers_tp: i64,
    pub pers_fp: i64,
    pub pers_country_ok: i64,
    pub pers_role_ok: i64,
    pub xdoc_n: i64,
    pub xdoc_ok: i64,
}

pub(crate) struct Scorer<'a> {
    pub(crate) iso3: &'a HashSet<String>,
}

fn party_codes(parties: &Value) -> PySet {
    let mut codes = PySet::default();
    for p in iter(parties) {
        match &p {
            Value::String(_) => codes.insert(p.clone()),
            Value::Object(_) if truthy(get(&p, "country")) => {
                codes.insert(get(&p, "country").clone())
            }
            _ => {}
        }
    }
    codes
}

fn set_of(v: &Value) -> PySet {
    PySet::from_values(iter(v).iter())
}

fn mag_items(s: &Value) -> Vec<Value> {
    iter(get(s, "magnitude"))
        .into_iter()
        .filter(Value::is_object)
        .collect()
}

/// `date_ok` of the script: the system range overlaps the gold range and is at most two days
/// wider.
fn date_ok(g: &Value, s: &Value) -> bool {
    let gs = parse_date(get(g, "start"));
    let ge = parse_date(get(g, "end"));
    let ss = parse_date(get(s, "start"));
    let s_end = get(s, "end");
    let se = parse_date(if truthy(s_end) {
        s_end
    } else {
        get(s, "start")
    });
    let (Some(gs), Some(ss)) = (gs, ss) else {
        return false;
    };
    let ge = ge.unwrap_or(gs);
    let se = se.unwrap_or(ss);
    let overlap = ss <= ge && gs <= se;
    overlap && (se - ss).num_days() <= (ge - gs).num_days() + 2
}

/// What `score_docs` counts: the script's counters, per-type rows and error lines, plus
/// the attribute mismatches of matched events (which the script does not print).
pub(crate) struct Scored {
    pub counts: EventCounts,
    pub per_type: Vec<TypeCounts>,
    pub errors: Vec<String>,
    pub mismatches: Vec<String>,
}

/// A date as `start..end` (or `start`), `none` when absent.
fn span(d: &Value) -> String {
    let s = py_str_or_empty(get(d, "start"));
    let e = py_str_or_empty(get(d, "end"));
    match (s.is_empty(), e.is_empty() || e == s) {
        (true, _) => "none".to_string(),
        (false, true) => s,
        (false, false) => format!("{s}..{e}"),
    }
}

/// A place as `name (CTY)`, `none` when absent.
fn place(l: &Value) -> String {
    if !truthy(l) {
        return "none".to_string();
    }
    let name = py_str_or_empty(get(l, "name"));
    let c = py_str_or_empty(get(l, "country"));
    format!("{} ({})", if name.is_empty() { "?" } else { &name }, c)
}

/// A figure as `killed=12` (`killed` when it gives no count).
fn figure(m: &Value) -> String {
    let measure = py_str_or_empty(get(m, "measure"));
    if has(m, "count") && truthy(get(m, "count")) {
        format!("{measure}={}", py_str(get(m, "count")))
    } else {
        measure
    }
}

/// `loc_ok`: (country right, country and name right).
fn loc_ok(g: &Value, s: &Value) -> (bool, bool) {
    let sc = get(s, "country");
    let country = truthy(sc) && eq(sc, get(g, "country"));
    if !truthy(get(g, "name")) {
        return (country, country);
    }
    let mut names: Vec<String> = vec![norm(&py_str_or_empty(get(g, "name")))];
    for a in iter(get(g, "alt_names")) {
        let n = norm(&py_str_or_empty(&a));
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let sn = norm(&py_str_or_empty(get(s, "name")));
    let name = country
        && !sn.is_empty()
        && (names.contains(&sn)
            || names
                .iter()
                .filter(|n| n.chars().count() > 3)
                .any(|n| n.contains(sn.as_str()) || sn.contains(n.as_str())));
    (country, name)
}

/// `norm(s or "")` takes strings; other values are read as their `str()`.
fn py_str_or_empty(v: &Value) -> String {
    if truthy(v) { py_str(v) } else { String::new() }
}

impl Scorer<'_> {
    /// Jaccard of gold and system codes (see `match_parties` in the script). Direct matches
    /// are counted before organisation classes: the script iterates a Python set, whose order
    /// depends on the hash seed, and only this order never lets one system code satisfy both
    /// a class and a named gold code.
    fn match_parties(&self, gold: &PySet, sys: &PySet, optional: &PySet) -> f64 {
        if gold.is_empty() {
            return 1.0;
        }
        let sys_left = sys.minus(optional);
        let mut hit = 0usize;
        let mut used = PySet::default();
        for g in gold.values() {
            if sys_left.contains(g) {
                hit += 1;
                used.insert(g.clone());
            }
        }
        for g in gold.values() {
            if sys_left.contains(g) || !is_org_class(g) {
                continue;
            }
            let cand = sys_left.values().find(|s| {
                !used.contains(s)
                    && (!s.as_str().is_some_and(|c| self.iso3.contains(c)) || is_org_class(s))
            });
            if let Some(c) = cand {
                hit += 1;
                used.insert(c.clone());
            }
        }
        let union = gold.len() + sys_left.minus(&used).len();
        if union > 0 {
            hit as f64 / union as f64
        } else {
            0.0
        }
    }

    /// `pair_score`: `None` when type or parties rule the pair out, else a score preferring
    /// candidates whose date, place and counts agree.
    pub(crate) fn pair_score(&self, g: &Value, s: &Value) -> Option<f64> {
        let gtype = get(g, "type");
        let mut types = PySet::default();
        types.insert(gtype.clone());
        for t in iter(get(g, "alt_types")) {
            types.insert(t);
        }
        if !types.contains(get(s, "type")) {
            return None;
        }
        let opt = set_of(get(g, "optional_parties"));
        let sa = party_codes(get(s, "actors"));
        let sr = party_codes(get(s, "recipients"));
        let ga = set_of(get(g, "actors"));
        let gr = set_of(get(g, "recipients"));
        let j = if is_symmetric(gtype) {
            self.match_parties(&ga.union(&gr), &sa.union(&sr), &opt)
        } else if gr.is_empty() {
            self.match_parties(&ga, &sa, &opt)
        } else {
            self.match_parties(&ga, &sa, &opt)
                .min(self.match_parties(&gr, &sr, &opt))
        };
        if j < 0.5 {
            return None;
        }
        let mut score = j;
        if truthy(get(g, "date")) && date_ok(get(g, "date"), get(s, "date")) {
            score += 0.5;
        }
        if truthy(get(g, "location")) {
            let (country, name) = loc_ok(get(g, "location"), get(s, "location"));
            score += 0.25 * f64::from(u8::from(country)) + 0.5 * f64::from(u8::from(name));
        }
        let gm = mag_pairs(&iter(get(g, "magnitude")));
        let sm = mag_pairs(&mag_items(s));
        score += 0.25 * gm.intersection_len(&sm) as f64;
        score += 0.1 * f64::from(u8::from(get_truthy_or(g, "required", true)))
            + 0.05 * f64::from(u8::from(eq(get(s, "type"), gtype)));
        Some(score)
    }

    /// `attrs`: counts attribute accuracy for a matched pair; true when every attribute the
    /// gold event gives is right.
    /// Counts attribute accuracy for a matched pair and returns whether every attribute the
    /// gold event gives is right (the strict match), as the script does; `why` gets one
    /// `attribute: gold … system …` note per attribute that is wrong, for `--show-errors`.
    fn attrs(&self, c: &mut EventCounts, g: &Value, s: &Value, why: &mut Vec<String>) -> bool {
        let mut ok = true;
        if truthy(get(g, "date")) {
            let d = date_ok(get(g, "date"), get(s, "date"));
            c.date_n += 1;
            c.date_ok += i64::from(d);
            ok &= d;
            if !d {
                why.push(format!(
                    "date: gold {} system {}",
                    span(get(g, "date")),
                    span(get(s, "date"))
                ));
            }
        }
        if truthy(get(g, "location")) {
            let (cn, nm) = loc_ok(get(g, "location"), get(s, "location"));
            c.loc_n += 1;
            c.loc_country_ok += i64::from(cn);
            ok &= cn;
            let named = truthy(get(get(g, "location"), "name"));
            if named {
                c.locname_n += 1;
                c.locname_ok += i64::from(nm);
                ok &= nm;
            }
            if !cn || (named && !nm) {
                why.push(format!(
                    "place: gold {} system {}",
                    place(get(g, "location")),
                    place(get(s, "location"))
                ));
            }
        }
        if truthy(get(g, "mode")) {
            c.mode_n += 1;
            let m = set_of(get(g, "mode")).intersects(&set_of(get(s, "mode")));
            c.mode_ok += i64::from(m);
            if !m {
                why.push(format!(
                    "mode (not strict): gold {} system {}",
                    list_repr(&set_of(get(g, "mode")).sorted()),
                    list_repr(&set_of(get(s, "mode")).sorted())
                ));
            }
        }
        if truthy(get(g, "aux")) {
            let a = eq(get(s, "aux"), get(g, "aux"))
                || (eq(get(s, "type"), get(g, "type")) && get(g, "type").as_str() == Some("AGREE"));
            c.aux_n += 1;
            c.aux_ok += i64::from(a);
            ok &= a;
            if !a {
                why.push(format!(
                    "aux: gold {} system {}",
                    py_str(get(g, "aux")),
                    py_str(get(s, "aux"))
                ));
            }
        }
        if !is_symmetric(get(g, "type")) && truthy(get(g, "recipients")) {
            let opt = set_of(get(g, "optional_parties"));
            let r = self.match_parties(
                &set_of(get(g, "actors")),
                &party_codes(get(s, "actors")),
                &opt,
            ) >= 0.5
                && self.match_parties(
                    &set_of(get(g, "recipients")),
                    &party_codes(get(s, "recipients")),
                    &opt,
                ) >= 0.5;
            c.role_n += 1;
            c.role_ok += i64::from(r);
            ok &= r;
            if !r {
                why.push(format!(
                    "roles: gold {}->{} system {}->{}",
                    list_repr(&set_of(get(g, "actors")).sorted()),
                    list_repr(&set_of(get(g, "recipients")).sorted()),
                    list_repr(&party_codes(get(s, "actors")).sorted()),
                    list_repr(&party_codes(get(s, "recipients")).sorted())
                ));
            }
        }
        let items = mag_items(s);
        for m in iter(get(g, "magnitude")) {
            c.mag_n += 1;
            let hit: Vec<&Value> = items
                .iter()
                .filter(|x| {
                    eq(get(x, "measure"), get(&m, "measure"))
                        && (!has(&m, "count") || eq(get(x, "count"), get(&m, "count")))
                })
                .collect();
            c.mag_ok += i64::from(!hit.is_empty());
            c.magq_ok += i64::from(
                hit.iter()
                    .any(|x| eq(get(x, "qualifier"), get(&m, "qualifier"))),
            );
            ok &= !hit.is_empty();
            if hit.is_empty() {
                let given: Vec<String> = items.iter().map(figure).collect();
                why.push(format!(
                    "count: gold {} system {}",
                    figure(&m),
                    if given.is_empty() {
                        "none".to_string()
                    } else {
                        given.join(", ")
                    }
                ));
            }
        }
        if truthy(get(g, "claimed_by")) {
            c.claim_n += 1;
            let gw = words(&join(&iter(get(g, "claimed_by")), py_str));
            let sw = words(&join(&iter(get(s, "claimed_by")), |x| {
                if x.is_object() {
                    py_str_or_empty(get(x, "name"))
                } else {
                    py_str(x)
                }
            }));
            let cl = gw.iter().any(|w| sw.contains(w));
            c.claim_ok += i64::from(cl);
            if !cl {
                let names: Vec<String> = iter(get(s, "claimed_by"))
                    .iter()
                    .map(|x| {
                        if x.is_object() {
                            py_str_or_empty(get(x, "name"))
                        } else {
                            py_str(x)
                        }
                    })
                    .collect();
                why.push(format!(
                    "claimant (not strict): gold {} system {}",
                    join(&iter(get(g, "claimed_by")), py_str),
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ));
            }
        }
        ok
    }

    /// The script's `score_docs`, plus the attribute mismatches of matched pairs.
    pub(crate) fn score_docs(&self, gold_docs: &[Value], events: &[Value]) -> Scored {
        let mut c = EventCounts::default();
        let mut per_type: Vec<TypeCounts> = Vec::new();
        let mut errors = Vec::new();
        let mut mismatches = Vec::new();
        let gold_ids: HashSet<String> = gold_docs.iter().map(|d| key(get(d, "id"))).collect();
        let mut by_doc: HashMap<String, Vec<usize>> = HashMap::new();
        for (ei, e) in events.iter().enumerate() {
            let docs = PySet::from_values(
                iter(get(e, "evidence"))
                    .iter()
                    .filter(|ev| ev.is_object())
                    .map(|ev| get(ev, "doc")),
            );
            for d in docs.values() {
                by_doc.entry(key(d)).or_default().push(ei);
            }
            if !docs.values().any(|d| gold_ids.contains(&key(d))) {
                c.fp += 1;
                c.no_evidence += 1;
                errors.push(format!(
                    "NO EVIDENCE IN A SCORED DOCUMENT: {} {}",
                    py_str(get(e, "type")),
                    py_str(get(e, "id"))
                ));
            }
        }
        let empty = Vec::new();
        for doc in gold_docs {
            let gold = iter(get(doc, "events"));
            let doc_id = get(doc, "id");
            let sys_ev: Vec<&Value> = by_doc
                .get(&key(doc_id))
                .unwrap_or(&empty)
                .iter()
                .filter_map(|&i| events.get(i))
                .collect();
            let mut cands: Vec<(f64, usize, usize)> = Vec::new();
            for (gi, g) in gold.iter().enumerate() {
                for (si, s) in sys_ev.iter().enumerate() {
                    if let Some(sc) = self.pair_score(g, s) {
                        cands.push((sc, gi, si));
                    }
                }
            }
            // sort(reverse=True) on (score, gi, si) tuples.
            cands.sort_by(|a, b| {
                b.0.partial_cmp(&a.0)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(b.1.cmp(&a.1))
                    .then(b.2.cmp(&a.2))
            });
            let mut gm: HashMap<usize, usize> = HashMap::new();
            let mut sm: HashMap<usize, usize> = HashMap::new();
            for &(_, gi, si) in &cands {
                if gm.contains_key(&gi) || sm.contains_key(&si) {
                    continue;
                }
                gm.insert(gi, si);
                sm.insert(si, gi);
            }
            for (gi, g) in gold.iter().enumerate() {
                let t = get(g, "type");
                let required = get_truthy_or(g, "required", true);
                if required {
                    c.gold += 1;
                    type_entry(&mut per_type, t).gold += 1;
                }
                if let Some(s) = gm.get(&gi).and_then(|&si| sys_ev.get(si)) {
                    c.tp += 1;
                    type_entry(&mut per_type, t).tp += 1;
                    if required {
                        c.tp_req += 1;
                        type_entry(&mut per_type, t).tp_req += 1;
                    }
                    let mut why = Vec::new();
                    if self.attrs(&mut c, g, s, &mut why) {
                        c.strict_tp += 1;
                        c.strict_tp_req += i64::from(required);
                    }
                    if !why.is_empty() {
                        mismatches.push(format!(
                            "MISMATCH {} {} ~ {}: {} {}",
                            py_str(doc_id),
                            py_str(get(g, "id")),
                            py_str(get(s, "id")),
                            py_str(t),
                            why.join("; ")
                        ));
                    }
                } else if required {
                    errors.push(format!(
                        "MISSED {} {}: {} {}->{} ({})",
                        py_str(doc_id),
                        py_str(get(g, "id")),
                        py_str(t),
                        list_repr(&set_of(get(g, "actors")).sorted()),
                        list_repr(&set_of(get(g, "recipients")).sorted()),
                        if has(g, "note") {
                            py_str(get(g, "note"))
                        } else {
                            String::new()
                        },
                    ));
                }
            }
            for (si, s) in sys_ev.iter().enumerate() {
                if sm.contains_key(&si) {
                    continue;
                }
                c.fp += 1;
                type_entry(&mut per_type, get(s, "type")).fp += 1;
                let dup = gold.iter().any(|g| self.pair_score(g, s).is_some());
                if dup {
                    c.dup += 1;
                }
                let ev = iter(get(s, "evidence"))
                    .into_iter()
                    .find(|x| eq(get(x, "doc"), doc_id))
                    .unwrap_or(Value::Null);
                let text = py_str_or_empty(get(&ev, "text"));
                let snippet: String = text.chars().take(140).collect();
                errors.push(format!(
                    "{} {}: {} {}->{} «{}»",
                    if dup { "DUPLICATE" } else { "SPURIOUS" },
                    py_str(doc_id),
                    py_str(get(s, "type")),
                    list_repr(&party_codes(get(s, "actors")).sorted()),
                    list_repr(&party_codes(get(s, "recipients")).sorted()),
                    snippet
                ));
            }
        }
        Scored {
            counts: c,
            per_type,
            errors,
            mismatches,
        }
    }
}

fn mag_pairs(items: &[Value]) -> PySet {
    let mut set = PySet::default();
    for m in items {
        set.insert(Value::Array(vec![
            get(m, "measure").clone(),
            get(m, "count").clone(),
        ]));
    }
    set
}

fn type_entry<'a>(per_type: &'a mut Vec<TypeCounts>, t: &Value) -> &'a mut TypeCounts {
    let k = key(t);
    let pos = match per_type.iter().position(|x| key(&x.key) == k) {
        Some(p) => p,
        None => {
            per_type.push(TypeCounts {
                key: t.clone(),
                gold: 0,
                tp: 0,
                tp_req: 0,
                fp: 0,
            });
            per_type.len() - 1
        }
    };
    &mut per_type[pos]
}

fn join(items: &[Value], f: impl Fn(&Value) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(" ")
}

/// `set(norm(text).split())`.
fn words(text: &str) -> HashSet<String> {
    norm(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

fn name_keys(name: &Value) -> Vec<String> {
    norm(&py_str_or_empty(name))
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `person_match`: some gold name and some system name agree token for token, or (both with
/// two or more tokens) on the first three letters of the first token and the first five of
/// the last.
fn person_match(gold: &Value, ent: &Value) -> bool {
    let mut gnames = vec![get(gold, "name").clone()];
    gnames.extend(iter(get(gold, "aliases")));
    let ename = get(ent, "name");
    let mut snames = vec![if truthy(ename) {
        ename.clone()
    } else {
        Value::String(String::new())
    }];
    snames.extend(iter(get(ent, "aliases")));
    for g in &gnames {
        let gt = name_keys(g);
        for s in &snames {
            let st = name_keys(s);
            if gt.is_empty() || st.is_empty() {
                continue;
            }
            if gt == st {
                return true;
            }
            if gt.len() > 1 && st.len() > 1 {
                let (Some(g0), Some(s0), Some(gl), Some(sl)) =
                    (gt.first(), st.first(), gt.last(), st.last())
                else {
                    continue;
                };
                if prefix(g0, 3) == prefix(s0, 3) && prefix(gl, 5) == prefix(sl, 5) {
                    return true;
                }
            }
        }
    }
    false
}

/// `score_entities`: persons found per document, their country and role, and whether one
/// real person keeps one id across documents.
pub(crate) fn score_entities(
    gold_docs: &[Value],
    entities: &[Value],
) -> (PersonCounts, Vec<String>) {
    let mut c = PersonCounts::default();
    let mut errors = Vec::new();
    let persons: Vec<&Value> = entities
        .iter()
        .filter(|e| get(e, "kind").as_str() == Some("person"))
        .collect();
    let mut by_doc: HashMap<String, Vec<usize>> = HashMap::new();
    for (pi, e) in persons.iter().enumerate() {
        let docs = PySet::from_values(
            iter(get(e, "mentions"))
                .iter()
                .filter(|m| m.is_object())
                .map(|m| get(m, "doc")),
        );
        for d in docs.values() {
            by_doc.entry(key(d)).or_default().push(pi);
        }
    }
    // canon_ids: gold person name -> set of system ids, in order of first match.
    let mut canon_ids: Vec<(String, Value, PySet)> = Vec::new();
    let empty = Vec::new();
    for doc in gold_docs {
        let gold: Vec<Value> = iter(get(doc, "entities"))
            .into_iter()
            .filter(|g| get(g, "kind").as_str() == Some("person"))
            .collect();
        if gold.is_empty() && !truthy(get(doc, "persons_coded")) {
            continue;
        }
        let doc_id = get(doc, "id");
        let sys_p: Vec<&Value> = by_doc
            .get(&key(doc_id))
            .unwrap_or(&empty)
            .iter()
            .filter_map(|&i| persons.get(i).copied())
            .collect();
        let mut used: HashSet<usize> = HashSet::new();
        for g in &gold {
            c.pers_gold += 1;
            let hit = sys_p
                .iter()
                .enumerate()
                .find(|(i, e)| !used.contains(i) && person_match(g, e))
                .map(|(i, _)| i);
            let Some(hit) = hit else {
                errors.push(format!(
                    "MISSED PERSON {}: {}",
                    py_str(doc_id),
                    py_str(get(g, "name"))
                ));
                continue;
            };
            used.insert(hit);
            let Some(e) = sys_p.get(hit) else { continue };
            c.pers_tp += 1;
            c.pers_country_ok += i64::from(eq(get(e, "country"), get(g, "country")));
            let mut groles = words(&join(&iter(get(g, "roles")), py_str));
            for w in ["of", "for", "and"] {
                groles.remove(w);
            }
            let sroles = words(&join(&iter(get(e, "roles")), py_str));
            c.pers_role_ok += i64::from(groles.iter().any(|w| sroles.contains(w)));
            let name = get(g, "name");
            let nk = key(name);
            match canon_ids.iter_mut().find(|(k, _, _)| *k == nk) {
                Some((_, _, ids)) => ids.insert(get(e, "id").clone()),
                None => {
                    let mut ids = PySet::default();
                    ids.insert(get(e, "id").clone());
                    canon_ids.push((nk, name.clone(), ids));
                }
            }
        }
        for (i, e) in sys_p.iter().enumerate() {
            if !used.contains(&i) {
                c.pers_fp += 1;
                errors.push(format!(
                    "SPURIOUS PERSON {}: {}",
                    py_str(doc_id),
                    py_str(get(e, "name"))
                ));
            }
        }
    }
    let mut name_counts: HashMap<String, usize> = HashMap::new();
    for d in gold_docs {
        for g in iter(get(d, "entities")) {
            *name_counts.entry(key(get(&g, "name"))).or_default() += 1;
        }
    }
    let multi: Vec<&(String, Value, PySet)> = canon_ids
        .iter()
        .filter(|(k, _, _)| name_counts.get(k).copied().unwrap_or(0) > 1)
        .collect();
    c.xdoc_n = multi.len() as i64;
    c.xdoc_ok = multi.iter().filter(|(_, _, v)| v.len() == 1).count() as i64;
    for (_, name, ids) in multi {
        if ids.len() > 1 {
            let mut strs: Vec<String> = ids.values().map(py_str).collect();
            strs.sort();
            let strs: Vec<Value> = strs.into_iter().map(Value::String).collect();
            errors.push(format!(
                "SPLIT PERSON across documents: {} -> {}",
                py_str(name),
                list_repr(&strs)
            ));
        }
    }
    (c, errors)
}
