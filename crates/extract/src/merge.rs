//! One record per real event: mentions of the same event in one document are folded together.
//!
//! Two candidates are the same event when they have the same type and auxiliary mode, compatible
//! parties (overlapping countries), overlapping dates and compatible places. For violence the
//! place must agree at the same level, so a country-wide barrage and a strike on one town stay
//! apart (SCHEMA.md, "Granularity"); for talks, a palace and its city are the same meeting.

use crate::events::Candidate;
use sitrep_model::{EventRecord, EventType, Magnitude, Party};
use std::collections::HashSet;

fn countries(ps: &[Party]) -> HashSet<String> {
    ps.iter().filter_map(|p| p.country.clone()).collect()
}

fn material(t: EventType) -> bool {
    matches!(
        t,
        EventType::Assault
            | EventType::Coerce
            | EventType::Protest
            | EventType::Mobilize
            | EventType::Aid
            | EventType::Retreat
    )
}

/// What the merge rules look at, whether the event is a candidate inside one document or a
/// finished record from another document.
pub struct Facets<'a> {
    pub event_type: EventType,
    pub aux: Option<sitrep_model::Aux>,
    pub mode: &'a [String],
    pub actors: &'a [Party],
    pub recipients: &'a [Party],
    pub date: Option<&'a sitrep_model::DateInfo>,
    pub location: Option<&'a sitrep_model::Location>,
    /// Whether the location names a place below country level.
    pub place_level: bool,
}

impl Candidate {
    pub fn facets(&self) -> Facets<'_> {
        Facets {
            event_type: self.event_type,
            aux: self.aux,
            mode: &self.mode,
            actors: &self.actors,
            recipients: &self.recipients,
            date: self.date.as_ref(),
            location: self.location.as_ref(),
            place_level: self.place_level,
        }
    }
}

/// The facets of a finished record.
pub fn record_facets(e: &EventRecord) -> Facets<'_> {
    Facets {
        event_type: e.event_type,
        aux: e.aux,
        mode: &e.mode,
        actors: &e.actors,
        recipients: &e.recipients,
        date: e.date.as_ref(),
        location: e.location.as_ref(),
        place_level: e
            .location
            .as_ref()
            .is_some_and(|l| l.feature.as_deref() != Some("country")),
    }
}

/// Whether two candidates of one document report the same event.
pub fn compatible(a: &Candidate, b: &Candidate) -> bool {
    same_event(&a.facets(), &b.facets(), false)
}

/// Whether two events report the same real event. Across documents (`across`), both must
/// carry a date, since two reports of "an arrest" with no date in common say nothing of
/// being the same arrest.
pub fn same_event(a: &Facets, b: &Facets, across: bool) -> bool {
    if across
        && !(a.date.is_some_and(|d| d.start.is_some()) && b.date.is_some_and(|d| d.start.is_some()))
    {
        return false;
    }
    if a.event_type != b.event_type || a.aux != b.aux {
        return false;
    }
    // Different kinds of the same type ("stopped aid" and "paused intelligence sharing") are
    // different events; weapon modes of violence are too noisy to split on.
    if a.event_type != EventType::Assault
        && !a.mode.is_empty()
        && !b.mode.is_empty()
        && !a.mode.iter().any(|m| b.mode.contains(m))
    {
        return false;
    }
    // A phone call is not the meeting it follows.
    let phone = |c: &Facets| c.mode.iter().any(|m| m == "phone");
    if a.event_type == EventType::Consult && phone(a) != phone(b) {
        return false;
    }
    let (aa, ab) = (countries(a.actors), countries(b.actors));
    let (ra, rb) = (countries(a.recipients), countries(b.recipients));
    if a.event_type.is_symmetric() {
        let x: HashSet<String> = aa.union(&ra).cloned().collect();
        let y: HashSet<String> = ab.union(&rb).cloned().collect();
        let inter = x.intersection(&y).count();
        let union = x.union(&y).count();
        if inter == 0 || (!x.is_subset(&y) && !y.is_subset(&x) && inter * 2 < union) {
            return false;
        }
    } else {
        if aa.is_disjoint(&ab) {
            return false;
        }
        if !ra.is_empty() && !rb.is_empty() && ra.is_disjoint(&rb) {
            return false;
        }
    }
    // For violence, a date the text does not state (the publication-day default) never splits
    // an event: reports pile up details of one strike across sentences. Talks last month and
    // talks today stay apart.
    let lenient = material(a.event_type) && (text_none(a.date) || text_none(b.date));
    if let (Some(da), Some(db)) = (a.date, b.date)
        && !lenient
        && let (Some(sa), Some(sb)) = (da.start, db.start)
    {
        let ea = da.end.unwrap_or(sa);
        let eb = db.end.unwrap_or(sb);
        if sa > eb || sb > ea {
            return false;
        }
    }
    match (a.location, b.location) {
        (Some(la), Some(lb)) => {
            if la.country.is_some() && lb.country.is_some() && la.country != lb.country {
                return false;
            }
            if material(a.event_type) {
                if a.place_level != b.place_level {
                    return false;
                }
                if a.place_level && la.name != lb.name {
                    return false;
                }
            }
        }
        (Some(_), None) | (None, Some(_)) => {
            // A place-level strike does not absorb an unplaced one in another clause's wording
            // unless the parties agree exactly.
            if material(a.event_type) && (a.place_level || b.place_level) && (aa != ab) {
                return false;
            }
        }
        (None, None) => {}
    }
    true
}

fn text_none(d: Option<&sitrep_model::DateInfo>) -> bool {
    d.is_some_and(|d| d.text.is_none())
}

fn add_parties(into: &mut Vec<Party>, from: &[Party]) {
    for p in from {
        let dup = into.iter().any(|q| {
            (q.entity.is_some() && q.entity == p.entity)
                || (q.country == p.country
                    && q.kind == p.kind
                    && p.kind != sitrep_model::EntityKind::Person)
        });
        if !dup {
            into.push(p.clone());
        }
    }
}

fn add_labels(into: &mut Vec<String>, from: &[String]) {
    for x in from {
        if !into.contains(x) {
            into.push(x.clone());
        }
    }
}

fn add_claimants(into: &mut Vec<sitrep_model::Claimant>, from: &[sitrep_model::Claimant]) {
    for c in from {
        if !into.iter().any(|x| x.name == c.name) {
            into.push(c.clone());
        }
    }
}

fn add_magnitudes(into: &mut Vec<Magnitude>, from: &[Magnitude]) {
    for m in from {
        if !into
            .iter()
            .any(|x| x.measure == m.measure && x.count == m.count && x.unit == m.unit)
        {
            into.push(m.clone());
        }
    }
}

/// Folds `b` into `a`.
pub fn absorb(a: &mut Candidate, b: &Candidate) {
    add_parties(&mut a.actors, &b.actors);
    add_parties(&mut a.recipients, &b.recipients);
    // Symmetric events: whoever is an actor somewhere is not also a recipient.
    if a.event_type.is_symmetric() {
        let act = countries(&a.actors);
        a.recipients
            .retain(|r| !r.country.as_ref().is_some_and(|c| act.contains(c)));
    }
    let better_loc = match (&a.location, &b.location) {
        (None, Some(_)) => true,
        (Some(la), Some(lb)) => (la.inferred && !lb.inferred) || (!a.place_level && b.place_level),
        _ => false,
    };
    if better_loc {
        a.location = b.location.clone();
        a.place_level = b.place_level;
    }
    let better_date = match (&a.date, &b.date) {
        (None, Some(_)) => true,
        (Some(da), Some(db)) => {
            let span = |d: &sitrep_model::DateInfo| match (d.start, d.end) {
                (Some(s), Some(e)) => (e - s).num_days(),
                _ => i64::MAX,
            };
            (da.text.is_none() && db.text.is_some()) || (db.text.is_some() && span(db) < span(da))
        }
        _ => false,
    };
    if better_date {
        a.date = b.date.clone();
    }
    add_magnitudes(&mut a.magnitude, &b.magnitude);
    add_labels(&mut a.mode, &b.mode);
    add_labels(&mut a.context, &b.context);
    add_claimants(&mut a.claimed_by, &b.claimed_by);
    a.confidence = (a.confidence.max(b.confidence) + 0.05).min(0.98);
}

/// Groups candidates of one document into events: each group lists indices into `cands`.
pub fn cluster(cands: &[Candidate]) -> Vec<(Candidate, Vec<usize>)> {
    let mut groups: Vec<(Candidate, Vec<usize>)> = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        match groups.iter_mut().find(|(rep, _)| compatible(rep, c)) {
            Some((rep, members)) => {
                absorb(rep, c);
                members.push(i);
            }
            None => groups.push((c.clone(), vec![i])),
        }
    }
    groups
}

/// Folds events that several documents report into one record each: parties, places and dates
/// combine, every document's evidence is kept, and where sources give different figures for
/// the same measure each figure stays, with the source that gave it.
pub fn merge_records(events: Vec<EventRecord>) -> Vec<EventRecord> {
    // Each merged record with the documents it already cites (kept beside it so that a
    // record reported by thousands of copies is not rescanned for every new one).
    let mut out: Vec<(EventRecord, HashSet<String>)> = Vec::new();
    for e in events {
        let docs: HashSet<String> = e.evidence.iter().map(|v| v.doc.clone()).collect();
        let target = out.iter().position(|(o, seen)| {
            seen.is_disjoint(&docs) && same_event(&record_facets(o), &record_facets(&e), true)
        });
        match target {
            None => out.push((e, docs)),
            Some(i) => {
                let (o, seen) = &mut out[i];
                seen.extend(docs);
                absorb_record(o, e);
            }
        }
    }
    out.into_iter().map(|(e, _)| e).collect()
}

fn absorb_record(a: &mut EventRecord, b: EventRecord) {
    add_parties(&mut a.actors, &b.actors);
    add_parties(&mut a.recipients, &b.recipients);
    if a.location.is_none() || (record_facets(&b).place_level && !record_facets(a).place_level) {
        a.location = b.location.clone().or(a.location.take());
    }
    let span = |d: &sitrep_model::DateInfo| match (d.start, d.end) {
        (Some(s), Some(e)) => (e - s).num_days(),
        _ => i64::MAX,
    };
    if let Some(db) = &b.date
        && db.text.is_some()
        && a.date
            .as_ref()
            .is_none_or(|da| da.text.is_none() || span(db) < span(da))
    {
        a.date = b.date.clone();
    }
    // Figures: the same measure with a different count is another source's figure.
    let source = |e: &EventRecord| e.claimed_by.first().map(|c| c.name.clone());
    let a_source = source(a);
    let b_source = source(&b);
    for m in &b.magnitude {
        let same = a
            .magnitude
            .iter()
            .any(|x| x.measure == m.measure && x.count == m.count && x.unit == m.unit);
        if same {
            continue;
        }
        if a.magnitude.iter().any(|x| x.measure == m.measure) {
            for x in a
                .magnitude
                .iter_mut()
                .filter(|x| x.measure == m.measure && x.claimed_by.is_none())
            {
                x.claimed_by = a_source.clone();
            }
            let mut m = m.clone();
            if m.claimed_by.is_none() {
                m.claimed_by = b_source.clone();
            }
            a.magnitude.push(m);
        } else {
            a.magnitude.push(m.clone());
        }
    }
    add_labels(&mut a.mode, &b.mode);
    add_labels(&mut a.context, &b.context);
    add_claimants(&mut a.claimed_by, &b.claimed_by);
    for r in b.rule.split("; ") {
        if !a.rule.split("; ").any(|x| x == r) {
            a.rule.push_str("; ");
            a.rule.push_str(r);
        }
    }
    a.evidence.extend(b.evidence);
    a.confidence = ((a.confidence.max(b.confidence) + 0.05).min(0.98) * 100.0).round() / 100.0;
}
