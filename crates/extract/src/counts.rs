//! How many: the counts of an event's clause, attached by [`Coder::count_event`].
//!
//! The counts themselves are found by [`crate::magnitudes`]; this decides which of them belong
//! to which event.

use crate::clause::SentenceView;
use crate::events::{Candidate, Coder};
use crate::magnitudes::Count;
use sitrep_model::{EventType, Precision};

impl Coder<'_> {
    /// Adds the counts inside the candidate's clause that fit its type (casualties to violent
    /// events, participants to protests, days to anything), and lets a number of days set
    /// where a multi-day event starts.
    pub(crate) fn count_event(&self, sv: &SentenceView, c: &mut Candidate, counts: &[Count]) {
        let (cs, ce) = c.clause;
        let other_place = |k: usize| elsewhere_conjunct(sv, c.trigger_tok, k);
        // Counts in the clause belong to this event (conflict counts to violent events only).
        // "two days after the group fired", "a week earlier": a span that says how far apart
        // two events were is no duration of either.
        let apart = |cnt: &Count| {
            cnt.magnitude.measure == "days"
                // ("for two days after …" is a duration)
                && !(cnt.tok > sv.start && sv.word(cnt.tok - 1) == "for")
                && (cnt.tok + 1..(cnt.tok + 4).min(sv.end)).any(|i| {
                    matches!(
                        sv.word(i).as_ref(),
                        "after" | "before" | "later" | "earlier" | "ago" | "since"
                    )
                })
        };
        for cnt in counts.iter().filter(|c| !apart(c)) {
            let inside = cnt.tok >= cs && cnt.tok < ce.max(cs + 1);
            let fits = match cnt.magnitude.measure.as_str() {
                "days" => true,
                "participants" => c.event_type == EventType::Protest,
                _ => matches!(
                    c.event_type,
                    EventType::Assault | EventType::Coerce | EventType::Aid | EventType::Mobilize
                ),
            };
            if fits
                && inside
                && !other_place(cnt.tok)
                && !c
                    .magnitude
                    .iter()
                    .any(|m| m.measure == cnt.magnitude.measure && m.count == cnt.magnitude.count)
            {
                c.magnitude.push(cnt.magnitude.clone());
            }
        }
        // "Three days of talks … on Saturday": a multi-day event ends on the given day.
        // "Arrived on Monday for two days of talks", "began three days of drills on Monday":
        // one the text opens on that day starts then.
        let opens = counts.iter().any(|cnt| {
            cnt.magnitude.measure == "days"
                && cnt.tok >= cs
                && cnt.tok < ce.max(cs + 1)
                && cnt.tok > sv.start
                && (sv.word(cnt.tok - 1) == "for"
                    || (sv.start..cnt.tok).any(|i| {
                        matches!(
                            sv.tokens[i].lemma.as_str(),
                            "begin" | "start" | "open" | "launch" | "arrive" | "kick"
                        )
                    }))
        });
        // A count no calendar holds ("100000000 days", found by the fuzzer) leaves the date
        // as it was rather than overflowing the date arithmetic.
        if let Some(days) = c
            .magnitude
            .iter()
            .find(|m| m.measure == "days")
            .and_then(|m| m.count)
            && let Some(d) = c.date.as_mut()
            && d.precision == Precision::Day
            && let Some(span) = i64::try_from(days.saturating_sub(1))
                .ok()
                .and_then(chrono::TimeDelta::try_days)
        {
            match (d.start, d.end) {
                (Some(b), end) if opens && end == d.start => {
                    if let Some(end) = b.checked_add_signed(span) {
                        d.end = Some(end);
                    }
                }
                (_, Some(e)) => {
                    if let Some(start) = e.checked_sub_signed(span) {
                        d.start = Some(start);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether the count at token `k` belongs to a verb coordinated with the trigger `trigger`
/// that happened somewhere else: "394 protesters were detained in Moscow and 376 were detained
/// in St. Petersburg", "detained 376 in St. Petersburg and arrested 394 in Moscow" are two
/// events, each with its own count. Conjuncts without a place of their own ("killed five and
/// wounded seven") share their counts.
fn elsewhere_conjunct(sv: &SentenceView, trigger: usize, k: usize) -> bool {
    let Some(p) = sv.parse else {
        return false;
    };
    // The nearest verb above the count (a bounded walk: the parse is a tree).
    let mut cur = k;
    let mut verb = None;
    for _ in 0..64 {
        let Some(h) = p.head(cur) else { break };
        if p.upos(h) == "VERB" {
            verb = Some(h);
            break;
        }
        cur = h;
    }
    let Some(v) = verb.filter(|&v| v != trigger) else {
        return false;
    };
    let conjuncts = (p.head(v) == Some(trigger) && p.rel(v) == "conj")
        || (p.head(trigger) == Some(v) && p.rel(trigger) == "conj")
        || (p.head(v).is_some()
            && p.head(v) == p.head(trigger)
            && p.rel(v) == "conj"
            && p.rel(trigger) == "conj");
    if !conjuncts {
        return false;
    }
    places_differ(sv, v, trigger)
}

/// Whether two coordinated verbs each name a place of their own, and different ones: a
/// proper noun after "in", "at", "near" or "outside" among each verb's arguments or theirs
/// ("detained 376 protesters in St. Petersburg and arrested 394 in Moscow"), not inside
/// another conjunct. Such conjuncts tell two events; "one person was killed and 11 injured in
/// an explosion in Subhadya" tells one.
pub(crate) fn places_differ(sv: &SentenceView, a: usize, b: usize) -> bool {
    let Some(p) = sv.parse else {
        return false;
    };
    let place = |x: usize| {
        let mut frontier = vec![x];
        for _ in 0..3 {
            let mut next = Vec::new();
            for &y in &frontier {
                for o in p.children(y) {
                    if p.rel(o) == "conj" {
                        continue;
                    }
                    let at = p.children(o).any(|m| {
                        p.rel(m) == "case"
                            && matches!(sv.word(m).as_ref(), "in" | "at" | "near" | "outside")
                    });
                    if p.upos(o) == "PROPN" && at {
                        return Some(sv.word(o).into_owned());
                    }
                    next.push(o);
                }
            }
            frontier = next;
        }
        None
    };
    matches!((place(a), place(b)), (Some(x), Some(y)) if x != y)
}
