//! One record per real event: mentions of the same event in one document are folded together.
//!
//! Two candidates are the same event when they have the same type and auxiliary mode, compatible
//! parties (overlapping countries), overlapping dates and compatible places. For violence the
//! place must agree at the same level, so a country-wide barrage and a strike on one town stay
//! apart (SCHEMA.md, "Granularity"); for talks, a palace and its city are the same meeting.

use crate::events::Candidate;
use sitrep_model::{EventType, Magnitude, Party};
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

/// Whether two candidates report the same event.
pub fn compatible(a: &Candidate, b: &Candidate) -> bool {
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
    let phone = |c: &Candidate| c.mode.iter().any(|m| m == "phone");
    if a.event_type == EventType::Consult && phone(a) != phone(b) {
        return false;
    }
    let (aa, ab) = (countries(&a.actors), countries(&b.actors));
    let (ra, rb) = (countries(&a.recipients), countries(&b.recipients));
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
    let lenient = material(a.event_type) && (da_text_none(a) || da_text_none(b));
    if let (Some(da), Some(db)) = (&a.date, &b.date)
        && !lenient
        && let (Some(sa), Some(sb)) = (da.start, db.start)
    {
        let ea = da.end.unwrap_or(sa);
        let eb = db.end.unwrap_or(sb);
        if sa > eb || sb > ea {
            return false;
        }
    }
    match (&a.location, &b.location) {
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

fn da_text_none(c: &Candidate) -> bool {
    c.date.as_ref().is_some_and(|d| d.text.is_none())
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
    for m in &b.mode {
        if !a.mode.contains(m) {
            a.mode.push(m.clone());
        }
    }
    for c in &b.context {
        if !a.context.contains(c) {
            a.context.push(c.clone());
        }
    }
    for c in &b.claimed_by {
        if !a.claimed_by.iter().any(|x| x.name == c.name) {
            a.claimed_by.push(c.clone());
        }
    }
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
