//! The passes over one sentence's candidates that run after each trigger is read, and what
//! the report remembers of them: each a plain function from candidates to candidates, so that
//! a decision named in a rule's trace can be found by its name here.

use crate::clause::SentenceView;
use crate::events::{Candidate, DocState, MAX_ASSAULT_MEMORY};
use crate::magnitudes::Count;
use sitrep_model::EventType;

/// Remembers what later sentences of the report read back: hostile acts (for reactions),
/// restrictions (for their lifting), captors (for releases told without their agent) and
/// attacks (for elided attackers and victims).
pub(crate) fn remember(st: &mut DocState, c: &Candidate) {
    if matches!(
        c.event_type,
        EventType::Assault
            | EventType::Sanction
            | EventType::Coerce
            | EventType::Threaten
            | EventType::Accuse
    ) && c.aux.is_none()
    {
        st.hostile.push((c.actors.clone(), c.recipients.clone()));
        if st.hostile.len() > MAX_ASSAULT_MEMORY {
            st.hostile.remove(0);
        }
    }
    // Restrictions (sanctions, curfews, blockades; a threatened one counts too: "will
    // impose tariffs" … "tariffs will be paused").
    let restricts = c.event_type == EventType::Sanction
        || (c.event_type == EventType::Coerce
            && c.mode
                .iter()
                .any(|m| matches!(m.as_str(), "restrict" | "curfew" | "martial-law")));
    // Who holds people: whoever arrested, abducted, seized or released them, for a
    // release told without its agent.
    let holds = (c.event_type == EventType::Coerce
        && c.mode
            .iter()
            .any(|m| matches!(m.as_str(), "arrest" | "seize")))
        || (c.event_type == EventType::Assault && c.mode.iter().any(|m| m == "abduct"))
        || (c.event_type == EventType::Retreat && c.mode.iter().any(|m| m == "release"));
    if holds && !c.actors.is_empty() && c.aux.is_none() {
        st.captors.push(c.actors.clone());
        if st.captors.len() > MAX_ASSAULT_MEMORY {
            st.captors.remove(0);
        }
    }
    if restricts && !c.actors.is_empty() {
        st.restrictions
            .push((c.actors.clone(), c.recipients.clone()));
        if st.restrictions.len() > MAX_ASSAULT_MEMORY {
            st.restrictions.remove(0);
        }
    }
    if c.event_type == EventType::Assault {
        st.last_assault = Some((c.actors.clone(), c.recipients.clone()));
        st.assaults.push((c.actors.clone(), c.recipients.clone()));
        // Only the latest attacks are looked back on (a bound on the work per event
        // in a very long document).
        if st.assaults.len() > MAX_ASSAULT_MEMORY {
            st.assaults.remove(0);
        }
    }
}

/// Casualties told with no attacker join the nearest attack of their sentence.
pub(crate) fn attach_victims_only(
    out: &mut [Candidate],
    victims_only: Vec<Candidate>,
    sentence: usize,
) {
    // "1 civilian was killed and 10 were wounded when their vehicle hit a Taliban-planted
    // bomb": casualties told with no attacker belong to the attack the sentence names,
    // with their counts and, where it names none, its target.
    for v in victims_only {
        if let Some(p) = out
            .iter_mut()
            .filter(|p| {
                p.event_type == EventType::Assault && p.sentence == sentence && p.aux.is_none()
            })
            .min_by_key(|p| p.trigger_tok.abs_diff(v.trigger_tok))
        {
            p.take_casualties(v);
        }
    }
}

/// Casualties whose doer is only the place where they fell join the attack the sentence
/// names with its doer.
pub(crate) fn attach_place_only_casualties(out: &mut Vec<Candidate>, sentence: usize) {
    // "Two people were killed in Kashmir after a shell fired by Pakistani soldiers hit
    // their home": casualties whose doer is only where they fell belong to the attack the
    // sentence names with its doer.
    let mut k = 0;
    while k < out.len() {
        let c = &out[k];
        let host = (c.actor_from_place
            && c.event_type == EventType::Assault
            && c.aux.is_none()
            && c.sentence == sentence)
            .then(|| {
                out.iter()
                    .enumerate()
                    .filter(|(i, p)| {
                        *i != k
                            && p.event_type == EventType::Assault
                            && p.sentence == sentence
                            && p.aux.is_none()
                            && !p.actor_from_place
                    })
                    .min_by_key(|(_, p)| p.trigger_tok.abs_diff(c.trigger_tok))
                    .map(|(i, _)| i)
            })
            .flatten();
        let Some(h) = host else {
            k += 1;
            continue;
        };
        let v = out.remove(k);
        let h = if h > k { h - 1 } else { h };
        out[h].take_casualties(v);
    }
}

/// What a request asks for is its content, not an event: triggers the parse hangs below a
/// request's verb are dropped.
pub(crate) fn drop_request_contents(sv: &SentenceView, out: &mut Vec<Candidate>) {
    // "Kenya called for the Security Council to impose sanctions on Sudan", "called for
    // sanctions": what a request asks for is its content, not an event. A trigger the parse
    // hangs below a request's verb through complements and arguments (not through an
    // adverbial clause: "called for calm after strikes killed ten") is dropped, unless it
    // is a definite noun, which refers to an event told as real ("an inquiry into the
    // attack").
    if let Some(p) = sv.parse {
        let requests: Vec<usize> = out
            .iter()
            .filter(|c| c.event_type == EventType::Request && c.rule.starts_with("verb:"))
            .map(|c| c.trigger_tok)
            .collect();
        let asked = |k: usize| {
            let definite = k > sv.start
                && sv.tokens[k].tag.is_noun()
                && sv.units.iter().any(|u| {
                    u.start <= k
                        && k < u.end
                        && matches!(
                            sv.word(u.start).as_ref(),
                            "the" | "this" | "that" | "its" | "their"
                        )
                });
            if definite {
                return false;
            }
            let mut cur = k;
            for _ in 0..5 {
                let rel = p.rel(cur);
                // (an infinitive the parser hangs as an adverbial clause: "called for the
                // Council to impose sanctions")
                let to_clause = rel == "advcl"
                    && p.children(cur)
                        .any(|c| p.rel(c) == "mark" && c < sv.end && sv.word(c) == "to");
                if !to_clause
                    && (!matches!(
                        rel.split(':').next().unwrap_or(rel),
                        "xcomp" | "ccomp" | "obj" | "obl" | "nmod" | "conj" | "acl"
                    ) || rel == "acl:relcl")
                {
                    return false;
                }
                let Some(h) = p.head(cur) else { return false };
                if requests.contains(&h) {
                    return true;
                }
                cur = h;
            }
            false
        };
        if !requests.is_empty() {
            out.retain(|c| requests.contains(&c.trigger_tok) || !asked(c.trigger_tok));
        }
    }
}

/// Counts no clause claimed go to the nearest violent event before them in the sentence.
pub(crate) fn attach_unclaimed_counts(out: &mut [Candidate], counts: &[Count], sentence: usize) {
    // Counts no clause claimed go to the nearest violent event before them in the sentence
    // ("…attacks, one of which killed 14 people").
    for cnt in counts {
        let taken = out.iter().any(|c| {
            c.magnitude
                .iter()
                .any(|m| m.measure == cnt.magnitude.measure && m.count == cnt.magnitude.count)
        });
        if taken || matches!(cnt.magnitude.measure.as_str(), "days" | "participants") {
            continue;
        }
        if let Some(c) = out
            .iter_mut()
            .filter(|c| c.sentence == sentence && c.trigger_tok < cnt.tok)
            .filter(|c| matches!(c.event_type, EventType::Assault | EventType::Coerce))
            .max_by_key(|c| c.trigger_tok)
        {
            c.magnitude.push(cnt.magnitude.clone());
        }
    }
}
