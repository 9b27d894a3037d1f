//! The passes over one sentence's candidates that run after each trigger is read, and what
//! the report remembers of them: each a plain function from candidates to candidates, so that
//! a decision named in a rule's trace can be found by its name here.

use crate::clause::SentenceView;
use crate::clause::lower;
use crate::events::{Candidate, Coder, DocState, MAX_ASSAULT_MEMORY, codes_of};
use crate::magnitudes::Count;
use crate::rules::TriggerPos;
use sitrep_model::{EntityKind, EventType, Party, Tag};

/// Remembers what later sentences of the report read back: hostile acts (for reactions),
/// restrictions (for their lifting), captors (for releases told without their agent) and
/// attacks (for elided attackers and victims). Each memory is a queue of at most
/// [`MAX_ASSAULT_MEMORY`] entries: dropping the oldest from a vector shifted all 256 (14 KB)
/// for every event of a long document, 7 % of the instructions of coding one.
pub(crate) fn remember(st: &mut DocState, c: &Candidate) {
    if c.event_type == EventType::Protest && Some(c.sentence) != st.headline {
        st.protest_told = true;
    }
    if matches!(
        c.event_type,
        EventType::Assault
            | EventType::Sanction
            | EventType::Coerce
            | EventType::Threaten
            | EventType::Accuse
    ) && c.aux.is_none()
    {
        st.hostile
            .push_back((c.actors.clone(), c.recipients.clone()));
        if st.hostile.len() > MAX_ASSAULT_MEMORY {
            st.hostile.pop_front();
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
        st.captors.push_back(c.actors.clone());
        if st.captors.len() > MAX_ASSAULT_MEMORY {
            st.captors.pop_front();
        }
    }
    if restricts && !c.actors.is_empty() {
        st.restrictions
            .push_back((c.actors.clone(), c.recipients.clone()));
        if st.restrictions.len() > MAX_ASSAULT_MEMORY {
            st.restrictions.pop_front();
        }
    }
    if c.aux.is_none() && !c.actors.is_empty() {
        st.acts
            .push_back((c.event_type, c.actors.clone(), c.recipients.clone()));
        if st.acts.len() > MAX_ASSAULT_MEMORY {
            st.acts.pop_front();
        }
    }
    if c.event_type == EventType::Assault {
        st.last_assault = Some((c.actors.clone(), c.recipients.clone()));
        st.assaults
            .push_back((c.actors.clone(), c.recipients.clone()));
        // Only the latest attacks are looked back on (a bound on the work per event
        // in a very long document).
        if st.assaults.len() > MAX_ASSAULT_MEMORY {
            st.assaults.pop_front();
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

/// Casualties whose doer the clause does not name join the attack the sentence names with
/// its doer.
pub(crate) fn attach_place_only_casualties(out: &mut Vec<Candidate>, sentence: usize) {
    // "Two people were killed in Kashmir after a shell fired by Pakistani soldiers hit
    // their home": casualties whose doer is only where they fell belong to the attack the
    // sentence names with its doer.
    let mut k = 0;
    while k < out.len() {
        let c = &out[k];
        let host = (c.actor_inferred
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
                            && !p.actor_inferred
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
            // A past tense is told as done, never asked for: "called for her release and
            // condemned the arrests" (the parse may hang "condemned" on "release").
            if sv.tokens[k].tag == Tag::VBD {
                return false;
            }
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

impl Coder<'_> {
    /// Why the trigger at `k`, though a rule coded it, tells no event of the report: told under
    /// a verb of pretence, as a habit, as what someone is accused or afraid of, or as a
    /// participle describing a noun. The reason names the test (`SITREP_TRACE` prints it).
    pub(crate) fn not_told_as_event(
        &self,
        sv: &SentenceView,
        k: usize,
        pos: TriggerPos,
        c: &Candidate,
    ) -> Option<&'static str> {
        let t = &sv.tokens[k];
        // "simulate targeted strikes", "rehearsed attacking the island": a trigger under a
        // verb of pretence (its head or the head's head) is no event.
        let pretence = |i: usize| self.rules.in_class("pretence", &sv.tokens[i].lemma);
        let under_pretence = sv.parse.is_some_and(|p| {
        std::iter::successors(p.head(k), |&h| p.head(h))
            .take(2)
            .any(pretence)
    })
        // (read off the words too where the parse hangs the verb of pretence below
        // the trigger)
        || (k.saturating_sub(2).max(sv.start)..k).any(pretence);
        if under_pretence {
            return Some("pretence");
        }
        // "two years after closing it over accusations that Kigali backed rebels who attacked
        // Burundian territory": what the clause on a claim noun (class `claim_nouns`) tells,
        // and everything under it, is said, not told as having happened.
        if let Some(p) = sv.parse {
            let mut v = k;
            for _ in 0..5 {
                let Some(h) = p.head(v) else { break };
                // (A relative clause only where its verb has an object of its own, so the noun
                // is not its gap: "accusations that Kigali backed rebels", not "a charge
                // Serbia rejected".)
                let content = match p.rel(v) {
                    "acl" | "ccomp" => true,
                    "acl:relcl" => p.children(v).any(|c| p.rel(c) == "obj"),
                    _ => false,
                };
                if h < v
                    && content
                    && p.upos(h) == "NOUN"
                    && self.rules.in_class("claim_nouns", &sv.tokens[h].lemma)
                {
                    return Some("content-of-claim");
                }
                v = h;
            }
        }
        // "Jihadist groups regularly carry out attacks in Mali", "Al Shabaab carries out
        // frequent bombings": a present tense with a word of habit tells what happens as a
        // rule, not an event (the verb's adverb, or the event noun's adjective under a
        // present-tense verb).
        // Only a form that cannot be a past tense: "soldiers routinely beat up detainees"
        // may tell what they did, which happened.
        let lex = sitrep_text::Lexicon::default_ref();
        let habitual = sv.parse.is_some_and(|p| {
            let present = |v: usize| {
                matches!(p.xpos(v), "VBZ" | "VBP")
                    && !lex
                        .word(&lower(&sv.tokens[v]))
                        .is_some_and(|e| e.iter().any(|r| r.tag == Tag::VBD))
            };
            let habit = |w: usize| self.rules.in_class("habitual", &sv.tokens[w].lemma);
            let verb = if p.upos(k) == "VERB" {
                Some(k)
            } else {
                p.head(k)
                    .filter(|&h| p.upos(h) == "VERB" && p.rel(k) == "obj")
            };
            verb.is_some_and(|v| {
                present(v)
                    && (p.children(v).any(|c| p.rel(c) == "advmod" && habit(c))
                        || (v != k && p.children(k).any(|c| p.rel(c) == "amod" && habit(c))))
            })
        });
        if habitual {
            return Some("habitual");
        }
        // "Venezuela, which hosts the talks, urged …", "Iran, which backs the Houthis, …": a
        // present tense in a relative clause set off by a comma describes a party by a
        // standing relation; it tells no meeting, aid or support of the report's day.
        // (The trigger in a relative clause in the simple present: no auxiliary, and a form
        // that cannot be a past tense.)
        let present_relative = |p: &crate::deps::TokParse| {
            p.rel(k) == "acl:relcl"
                && matches!(p.xpos(k), "VBZ" | "VBP")
                && !lex
                    .word(&lower(&sv.tokens[k]))
                    .is_some_and(|e| e.iter().any(|r| r.tag == Tag::VBD))
                && p.children(k)
                    .all(|c| !matches!(p.rel(c), "aux" | "aux:pass"))
        };
        let standing = sv.parse.is_some_and(|p| {
            present_relative(p)
                && p.children(k).any(|c| {
                    (p.rel(c).starts_with("nsubj") || p.rel(c) == "obj")
                        && matches!(p.upos(c), "PRON")
                        && c > sv.start
                        && sv.word(c - 1) == ","
                })
        });
        // "killed dozens of attackers in air strikes as they withdrew": a movement told in an
        // "as"/"while" clause of another event is that event's circumstance, not a
        // withdrawal or deployment of its own.
        let circumstance = sv.parse.is_some_and(|p| {
            p.rel(k) == "advcl"
                && p.children(k).any(|c| {
                    p.rel(c) == "mark" && matches!(lower(&sv.tokens[c]).as_ref(), "as" | "while")
                })
        });
        if circumstance && matches!(c.event_type, EventType::Retreat | EventType::Mobilize) {
            return Some("circumstance");
        }
        // "Demonstrators have rallied nightly since the ruling party suspended talks": what a
        // "since" clause of a perfect tells is where a state began, told as background.
        let since_start = sv.parse.is_some_and(|p| {
            p.rel(k) == "advcl"
                && p.children(k)
                    .any(|m| p.rel(m) == "mark" && lower(&sv.tokens[m]) == "since")
                && matches!(p.xpos(k), "VBD" | "VBN")
                && p.head(k).is_some_and(|h| {
                    p.children(h).any(|a| {
                        p.rel(a) == "aux" && matches!(lower(&sv.tokens[a]).as_ref(), "have" | "has")
                    })
                })
        });
        if since_start {
            return Some("since-clause");
        }
        // "a government that jails its critics", "militants who attack its security forces":
        // a present tense in a relative clause on an indefinite noun says what such a party
        // does, not what it did on the report's day.
        let describing = sv.parse.is_some_and(|p| {
            present_relative(p)
                && p.head(k).is_some_and(|n| {
                    n < k
                        && sv.tokens[n].tag.is_noun()
                        && !sv.tokens[n].is_capitalised()
                        && p.children(n)
                            .all(|d| p.rel(d) != "det" || matches!(sv.word(d).as_ref(), "a" | "an"))
                        && !p.children(n).any(|d| p.rel(d) == "nmod:poss")
                })
        });
        // (Read off the words too, where the parser coordinates the clause: "refugees, whom
        // authorities blame for a border conflict" — a relative word after a comma, nothing
        // but a noun group before the verb, and a simple present.)
        let worded = matches!(t.tag, Tag::VBZ | Tag::VBP)
            && !lex
                .word(&lower(t))
                .is_some_and(|e| e.iter().any(|r| r.tag == Tag::VBD))
            && (k.saturating_sub(5).max(sv.start + 1)..k).any(|w| {
                matches!(sv.word(w).as_ref(), "whom" | "which" | "who")
                    && sv.word(w - 1) == ","
                    // (on a common noun: "the United Arab Emirates, which Sudan accuses of
                    // arming the RSF" tells a standing accusation of a named party)
                    && w >= sv.start + 2
                    && sv.tokens[w - 2].tag.is_noun()
                    && !sv.tokens[w - 2].is_capitalised()
                    && (w + 1..k).all(|i| !sv.tokens[i].tag.is_verb() && sv.word(i) != ",")
            });
        if describing || worded {
            return Some("describing-relative");
        }
        // "in Montenegro, where 28 people have been killed in riots this year", "the
        // hostages, whom they had taken in May": a relative clause in a perfect tells what
        // had happened before the report's news, not the news.
        // (A present perfect only with a span of time that sums it up: "where Moscow's
        // forces have launched an offensive" is the latest news.)
        let cumulative = || {
            let end = sv.clause_end(k + 1).min(sv.end);
            (k + 1..end).any(|i| {
                let w = sv.word(i);
                let next = sv.word(i + 1);
                matches!(w.as_ref(), "since")
                    || (w == "so" && next == "far")
                    || (w == "this" && matches!(next.as_ref(), "year" | "month" | "week"))
                    || (matches!(w.as_ref(), "past" | "recent" | "last")
                        && matches!(
                            sv.word(i + 1).as_ref(),
                            "years" | "months" | "weeks" | "decade" | "year"
                        ))
            })
        };
        let pluperfect_or_cumulative = |aux: usize| sv.word(aux) == "had" || cumulative();
        let perfect_relative = sv.parse.is_some_and(|p| {
            // (the trigger or a verb above it: "where 40 people have been killed in clashes")
            std::iter::successors(Some(k), |&h| p.head(h))
                .take(3)
                .any(|k| {
                    p.rel(k) == "acl:relcl"
                // (with a relative word, or on a noun that is no day: "said on Thursday it had
                // shot down …" is no relative clause of "Thursday", whatever the parser made
                // of it; "an encounter it had warned would provoke …" is one)
                && (p.children(k).any(|c| {
                    c < k
                        && matches!(
                            sv.word(c).as_ref(),
                            "who" | "whom" | "which" | "where" | "that" | "whose" | "when"
                        )
                }) || p.head(k).is_some_and(|n| {
                    !matches!(
                        sv.word(n).as_ref(),
                        "monday"
                            | "tuesday"
                            | "wednesday"
                            | "thursday"
                            | "friday"
                            | "saturday"
                            | "sunday"
                            | "today"
                            | "yesterday"
                            | "week"
                            | "month"
                            | "year"
                            | "night"
                            | "morning"
                            | "evening"
                    ) && !sv.tokens[n].is_capitalised()
                }))
                && p.children(k).any(|c| {
                    matches!(p.rel(c), "aux")
                        && matches!(sv.tokens[c].lemma.as_str(), "have")
                        && pluperfect_or_cumulative(c)
                })
                })
        }) || {
            // (Read off the words too: "…, whom they had taken hostage", which the parser
            // may hang on the sentence as a parenthesis.)
            let mut a = k;
            while a > sv.start && matches!(sv.word(a - 1).as_ref(), "been" | "already" | "just") {
                a -= 1;
            }
            a > sv.start
                && matches!(sv.word(a - 1).as_ref(), "had" | "have" | "has")
                && pluperfect_or_cumulative(a - 1)
                && (a.saturating_sub(5).max(sv.start)..a - 1).rev().any(|w| {
                    matches!(sv.word(w).as_ref(), "who" | "whom" | "which" | "where")
                        && (w + 1..a - 1).all(|i| !sv.tokens[i].tag.is_verb())
                })
        };
        if perfect_relative {
            return Some("perfect-relative");
        }
        // (Relations and help a relative clause can describe a party by.)
        let relation = matches!(
            c.event_type,
            EventType::Consult
                | EventType::Cooperate
                | EventType::Aid
                | EventType::Support
                | EventType::Agree
        );
        if standing && relation {
            return Some("standing-relation");
        }
        // "Qatar, which brokered the deal, invited …", "Venezuela, which has hosted several
        // rounds of the negotiations, said …", "Egypt and Saudi Arabia, which have tried to
        // mediate, called for …": a relative clause set off by commas on the subject of the
        // sentence's verb introduces that party by its part in the conflict (mediator, host,
        // backer); it tells no meeting or help of the report's news, whatever its tense,
        // unless it names a day.
        if relation && self.introduces_subject(sv, k) {
            return Some("introducing-relative");
        }
        // "accused them of cooperating", "suspected of planning attacks", "fear of
        // attacking": a gerund after "of" is what someone is accused, suspected or afraid
        // of, not an event the report tells.
        // ("two days of fighting", "hours of shelling" measure the fighting itself.)
        if pos == TriggerPos::Verb
            && t.tag == Tag::VBG
            && k > sv.start
            && sv.word(k - 1) == "of"
            && !(k > sv.start + 1 && self.rules.in_class("short_spans", &sv.word(k - 2)))
        {
            return Some("of-gerund");
        }
        // "accused each other of initiating fighting": nor is the object of such a gerund,
        // nor what it is done for ("accusing Kigali of sending troops to support the
        // rebels"), a few steps down.
        if let Some(p) = sv.parse {
            let mut cur = k;
            for _ in 0..3 {
                if !matches!(p.rel(cur), "obj" | "xcomp" | "advcl" | "acl") {
                    break;
                }
                let Some(h) = p.head(cur) else { break };
                if h > sv.start && p.xpos(h) == "VBG" && sv.word(h - 1) == "of" {
                    return Some("of-gerund-object");
                }
                cur = h;
            }
        }
        // "three civilians accused of spying": a participle describing a noun, with no
        // agent, tells who the people are, not a new accusation or demand (violence told
        // this way — "civilians killed in the strike" — is still an event).
        if let Some(p) = sv.parse
            && p.rel(k) == "acl"
            && t.tag == Tag::VBN
            && p.agent(k).is_none()
            && !matches!(c.event_type, EventType::Assault | EventType::Coerce)
        {
            return Some("describing-participle");
        }
        // "peace talks mediated by the African Union": a participle describing an event
        // noun of its own type tells about that event (its mediator, its host); the noun
        // codes it, with its own sides.
        if let Some(p) = sv.parse
            && p.rel(k) == "acl"
            && t.tag == Tag::VBN
            && !matches!(c.event_type, EventType::Assault | EventType::Coerce)
            && let Some(h) = p.head(k)
            && self
                .rules
                .nouns
                .get(&sv.tokens[h].lemma)
                .is_some_and(|l| l.iter().any(|r| r.event_type == c.event_type))
        {
            return Some("participle-of-event-noun");
        }
        if let Some(p) = sv.parse
            && p.rel(k) == "acl"
            && t.tag == Tag::VBN
            && !matches!(c.event_type, EventType::Assault | EventType::Coerce)
            && let Some(h) = p.head(k)
            && h < k
            && self.rules.in_class("accord_nouns", &sv.tokens[h].lemma)
        {
            return Some("participle-of-accord");
        }
        // "Somali troops backed by African Union forces": support described as a participle of
        // the party it backs is a standing relation, not an act of the day.
        if let Some(p) = sv.parse
            && p.rel(k) == "acl"
            && t.tag == Tag::VBN
            && matches!(c.event_type, EventType::Support | EventType::Aid)
            && let Some(h) = p.head(k)
            && h < k
            && (self.rules.sector_nouns.contains_key(&sv.tokens[h].lemma)
                || self
                    .rules
                    .sector_nouns
                    .contains_key(lower(&sv.tokens[h]).as_ref())
                || sv
                    .mentions
                    .iter()
                    .any(|m| m.tok_start <= h && h < m.tok_end))
        {
            return Some("backing-participle");
        }
        // "as a negotiating chip", "the negotiating table": a participle used as a noun's
        // modifier names a kind of thing, not something done.
        if let Some(p) = sv.parse
            && pos == TriggerPos::Verb
            && t.tag == Tag::VBG
            && matches!(p.rel(k), "amod" | "compound")
        {
            return Some("attributive-participle");
        }
        // "launched an operation to find the soldiers": an operation whose purpose is a
        // search or a rescue is no attack.
        if c.event_type == EventType::Assault
            && let Some(p) = sv.parse
        {
            let search_for = |n: usize| {
                p.children(n).any(|d| {
                    matches!(p.rel(d), "xcomp" | "advcl" | "acl")
                        && d > n
                        && self.rules.in_class("search_verbs", &sv.tokens[d].lemma)
                        && p.children(d)
                            .any(|m| p.rel(m) == "mark" && sv.word(m) == "to")
                })
            };
            let obj = p.children(k).find(|&d| p.rel(d) == "obj");
            if search_for(k) || obj.is_some_and(search_for) {
                return Some("search-operation");
            }
        }
        // "sent troops to help Russia retake the region": what an infinitive of help is
        // for is the purpose, not a deed told ("helped Russia retake it" is one).
        if let Some(p) = sv.parse
            && pos == TriggerPos::Verb
            && p.xpos(k) == "VB"
            && let Some(h) = p.head(k)
            && matches!(c.event_type, EventType::Assault | EventType::Coerce)
            && self.rules.in_class("help_verbs", &sv.tokens[h].lemma)
            && p.children(h)
                .any(|m| p.rel(m) == "mark" && sv.word(m) == "to")
        {
            return Some("purpose-of-help");
        }
        // "mobilised units to hunt for the abductees and arrest the assailants": what forces
        // are sent out to do is their purpose, not a deed told.
        if let Some(p) = sv.parse
            && pos == TriggerPos::Verb
            && p.xpos(k) == "VB"
        {
            let inf = if p.rel(k) == "conj" {
                p.head(k).unwrap_or(k)
            } else {
                k
            };
            // (the verb, or the verb whose object the infinitive describes: "mobilised units
            // to hunt …")
            let dispatcher = p.head(inf).and_then(|h| {
                if p.upos(h) == "NOUN" && p.rel(h) == "obj" {
                    p.head(h)
                } else {
                    Some(h)
                }
            });
            if p.children(inf)
                .any(|m| p.rel(m) == "mark" && sv.word(m) == "to")
                && dispatcher
                    .is_some_and(|h| self.rules.in_class("dispatch_verbs", &sv.tokens[h].lemma))
            {
                return Some("purpose-of-dispatch");
            }
        }
        // "has hosted previous rounds of talks", "past attacks on the base": events the words
        // place before the report's own are background, not news.
        if let Some(p) = sv.parse {
            let earlier = |n: usize| {
                p.children(n).any(|d| {
                    p.rel(d) == "amod"
                        && matches!(
                            sv.tokens[d].lemma.as_str(),
                            "previous" | "past" | "earlier" | "prior" | "former"
                        )
                })
            };
            let noun = match pos {
                TriggerPos::Noun => Some(k),
                _ => p.children(k).find(|&d| p.rel(d) == "obj"),
            };
            if noun.is_some_and(earlier) {
                return Some("earlier-instance");
            }
        }
        // "would deny entry to all individuals undermining stability there", "fired at
        // garment workers demanding higher wages": blame or a demand worded as a participle
        // describing people is what they are taken to be or want, not a judgement or request
        // someone voiced to someone.
        // (The parse may hang such a participle on the clause's verb: read off the words, a
        // participle right after a noun with no subject or auxiliary of its own.)
        if let Some(p) = sv.parse
            && matches!(c.event_type, EventType::Accuse | EventType::Request)
            && t.tag == Tag::VBG
            && (p.rel(k) == "acl"
                || (k > sv.start
                    && sv.tokens[k - 1].tag.is_noun()
                    // (not a person: "Despite Mr Al Hijri instructing residents …" names who
                    // instructs)
                    && !sv.mentions.iter().any(|m| {
                        m.kind == sitrep_model::EntityKind::Person
                            && m.tok_start < k
                            && k <= m.tok_end
                    })
                    && !p
                        .children(k)
                        .any(|d| matches!(p.rel(d), "nsubj" | "aux" | "nsubj:pass"))))
        {
            return Some("participle-describing-people");
        }
        // "condemned what it called a massacre", "called the raid a war crime": an event noun
        // that a verb of naming gives as the name of an act names a known act; it tells none.
        // "talks aimed at a humanitarian ceasefire": what an effort aims at is its goal.
        // "met on the sidelines of a NATO summit": the gathering that hosts a meeting is its
        // setting, not an event the report tells.
        if let Some(p) = sv.parse
            && pos == TriggerPos::Noun
            && let Some(h) = p.head(k)
        {
            let head = sv.tokens[h].lemma.as_str();
            let naming = matches!(
                head,
                "call" | "describe" | "term" | "label" | "brand" | "dub"
            ) && (p.rel(k) == "xcomp"
                || p.children(h)
                    .chain(p.head(h))
                    .any(|w| matches!(sv.word(w).as_ref(), "what" | "which")));
            if naming {
                return Some("name-for-an-act");
            }
            let aimed = matches!(head, "aim" | "gear" | "design" | "intend" | "target")
                && p.children(k).any(|c| {
                    p.rel(c) == "case"
                        && matches!(sv.word(c).as_ref(), "at" | "to" | "toward" | "towards")
                });
            if aimed {
                return Some("goal-of-an-effort");
            }
            if matches!(head, "sideline" | "sidelines" | "margin" | "margins")
                && p.rel(k).starts_with("nmod")
            {
                return Some("setting-of-a-meeting");
            }
        }
        // "talks would not resume until …", "the attack did not happen": an event noun that
        // is the subject of a negated verb is told as not happening.
        // "denied responsibility for the bombing", "claimed responsibility for the attack": the
        // act a party owns or disowns is one the report told; this tells no new one.
        // "recalled its ambassador for consultations": what an envoy is called home for is
        // the recall's purpose, not talks between the two sides.
        if let Some(p) = sv.parse
            && pos == TriggerPos::Noun
            && let Some(h) = p.head(k)
        {
            let negated_head = p.rel(k).starts_with("nsubj")
                && p.children(h).any(|d| {
                    matches!(p.rel(d), "advmod" | "neg")
                        && matches!(sv.word(d).as_ref(), "not" | "n't" | "never")
                });
            if negated_head {
                return Some("subject-of-negated-verb");
            }
            // (read off the words too: the parse may hang the "for" phrase on the verb, or
            // on the envoy)
            let for_at = p
                .children(k)
                .find(|&c| p.rel(c) == "case" && sv.word(c) == "for");
            let owned = for_at.is_some_and(|f| {
                matches!(
                    sv.tokens[h].lemma.as_str(),
                    "responsibility" | "blame" | "credit"
                ) || (f > sv.start && sv.tokens[f - 1].lemma == "responsibility")
            });
            if owned {
                return Some("responsibility-for-known-act");
            }
            let recall_purpose = for_at.is_some_and(|f| {
                (f.saturating_sub(6).max(sv.start)..f)
                    .any(|i| matches!(sv.tokens[i].lemma.as_str(), "recall" | "summon"))
            });
            if recall_purpose {
                return Some("purpose-of-recall");
            }
        }
        // "the detained workers", "a wounded soldier": a participle between a determiner and
        // its noun describes the noun; it tells no act of its own.
        if pos == TriggerPos::Verb
            && matches!(t.tag, Tag::VBN | Tag::VBD)
            && k > sv.start
            && k + 1 < sv.end
            && matches!(
                sv.word(k - 1).as_ref(),
                "the" | "a" | "an" | "its" | "their" | "his" | "her" | "these" | "those" | "this"
            )
            && sv.tokens[k + 1].tag.is_noun()
        {
            return Some("participle-as-adjective");
        }
        // "his Omani counterpart, who is mediating indirect talks between Iran and the United
        // States": what a party set off by a relative clause is doing these days describes it
        // (the verb, and an event noun that is its object); it tells no event of the day.
        if let Some(p) = sv.parse {
            let v = match pos {
                TriggerPos::Verb => Some(k),
                TriggerPos::Noun => p.head(k).filter(|_| p.rel(k) == "obj"),
            };
            let ongoing_role = v.is_some_and(|v| {
                matches!(p.rel(v), "acl:relcl" | "acl" | "advcl")
                    && p.xpos(v) == "VBG"
                    && p.children(v)
                        .any(|a| p.rel(a) == "aux" && matches!(sv.word(a).as_ref(), "is" | "are"))
                    && p.children(v).any(|s| {
                        p.rel(s).starts_with("nsubj")
                            && matches!(sv.word(s).as_ref(), "who" | "which")
                            && s > sv.start
                            && sv.word(s - 1) == ","
                    })
            });
            if ongoing_role {
                return Some("ongoing-role");
            }
        }
        // "would continue the blockades until the government banned the imports", "if the
        // talks fail": what a clause of condition names is what would have to happen, not
        // what did.
        if let Some(p) = sv.parse {
            let mut v = k;
            for _ in 0..4 {
                if p.children(v).any(|m| {
                    p.rel(m) == "mark" && matches!(sv.word(m).as_ref(), "until" | "unless" | "if")
                }) {
                    return Some("condition");
                }
                if matches!(
                    p.rel(v),
                    "root" | "ccomp" | "parataxis" | "advcl" | "acl:relcl"
                ) {
                    break;
                }
                match p.head(v) {
                    Some(h) => v = h,
                    None => break,
                }
            }
        }
        // (Read off the words too, where the parse takes "until" for a preposition: the
        // condition's subject, a noun group, right before the trigger.)
        if (k.saturating_sub(6).max(sv.start)..k).any(|w| {
            matches!(sv.word(w).as_ref(), "until" | "unless")
                && (w + 1..k).all(|i| {
                    matches!(
                        sv.tokens[i].tag,
                        Tag::DT | Tag::JJ | Tag::NN | Tag::NNS | Tag::NNP | Tag::PRPS | Tag::POS
                    )
                })
        }) {
            return Some("condition");
        }
        // "said the protests hurt both countries": a definite event noun that a reported
        // clause makes its subject is the event the report told before, judged; it tells no
        // new one.
        if let Some(p) = sv.parse
            && pos == TriggerPos::Noun
            && p.rel(k).starts_with("nsubj")
            && p.children(k).any(|d| {
                p.rel(d) == "det" && matches!(sv.word(d).as_ref(), "the" | "these" | "this")
            })
            && let Some(h) = p.head(k)
            && p.rel(h) == "ccomp"
            && !self.rules.verbs.contains_key(&sv.tokens[h].lemma)
        {
            return Some("judged-known-event");
        }
        // "killing three police officers and freeing dozens of inmates": people an attack
        // frees are part of the attack, not a concession.
        let attack_verb = |i: usize| {
            self.rules
                .verbs
                .get(&sv.tokens[i].lemma)
                .is_some_and(|l| l.iter().any(|r| r.event_type == EventType::Assault))
        };
        if let Some(p) = sv.parse
            && c.event_type == EventType::Retreat
            && t.tag == Tag::VBG
            && let Some(h) = p.head(k)
            && matches!(p.rel(k), "conj" | "advcl" | "xcomp")
            && (attack_verb(h) || p.head(h).is_some_and(attack_verb))
        {
            return Some("freed-by-an-attack");
        }
        // "The meeting was brokered by Brazil": a third side's part in a meeting the report
        // told is a detail of that meeting, not a meeting of its own.
        if let Some(p) = sv.parse
            && c.event_type == EventType::Consult
            && pos == TriggerPos::Verb
            && p.passive(k)
            && p.children(k).any(|n| {
                p.rel(n) == "nsubj:pass"
                    && self
                        .rules
                        .nouns
                        .get(&sv.tokens[n].lemma)
                        .is_some_and(|l| l.iter().any(|r| r.event_type == EventType::Consult))
                    && p.children(n).any(|d| {
                        p.rel(d) == "det" && matches!(sv.word(d).as_ref(), "the" | "this" | "that")
                    })
            })
        {
            return Some("detail-of-known-meeting");
        }
        // "warned against forming exclusive blocs", "cautioned against escalating the
        // conflict": advice against a course of action threatens no one.
        if pos == TriggerPos::Verb
            && matches!(t.lemma.as_str(), "warn" | "caution" | "advise")
            && sv.word(k + 1) == "against"
            && sv.tokens.get(k + 2).is_some_and(|n| n.tag == Tag::VBG)
            && k + 2 < sv.end
        {
            return Some("advice-against");
        }
        // "signed an agreement that will allow their forces to hold joint exercises", "a deal
        // under which Kyiv would release prisoners": what a relative clause on an accord noun
        // (class `accord_nouns`) says will or may happen, or what the accord allows or
        // requires, is the accord's content, not an event of the day. (A past act in such a
        // clause, "the agreement, which was signed in Doha", is one.)
        if let Some(p) = sv.parse {
            let content_verbs = [
                "allow", "enable", "permit", "require", "oblige", "envisage", "foresee", "provide",
                "commit", "call",
            ];
            let mut v = k;
            for _ in 0..4 {
                if matches!(p.rel(v), "acl:relcl" | "acl")
                    && let Some(h) = p.head(v)
                    && h < v
                    && self.rules.in_class("accord_nouns", &sv.tokens[h].lemma)
                {
                    let modal = p.children(v).any(|a| {
                        p.rel(a) == "aux"
                            && matches!(
                                sv.word(a).as_ref(),
                                "will"
                                    | "would"
                                    | "could"
                                    | "can"
                                    | "may"
                                    | "shall"
                                    | "should"
                                    | "must"
                                    | "might"
                            )
                    });
                    if modal || (v != k && content_verbs.contains(&sv.tokens[v].lemma.as_str())) {
                        return Some("content-of-accord");
                    }
                    break;
                }
                match p.head(v) {
                    Some(h) if h != v => v = h,
                    _ => break,
                }
            }
        }
        // "the treaty covers attacks on its vessels", "to deter attacks": an event noun that
        // a verb of scope or prevention holds names a kind of event, not one that happened.
        if let Some(p) = sv.parse
            && pos == TriggerPos::Noun
            && p.rel(k) == "obj"
            && let Some(h) = p.head(k)
            && self.rules.in_class("scope_verbs", &sv.tokens[h].lemma)
        {
            return Some("scope-of-verb");
        }
        // "a U.S. proposal for a humanitarian truce", "a plan for talks": an event noun after
        // "for" on a noun of a plan or proposal (class `proposal_nouns`) is what is proposed,
        // not an event that happened.
        // (Or on the verb whose object that noun is, past a day: "accepted a U.S. proposal on
        // Thursday for a truce".)
        if let Some(p) = sv.parse
            && pos == TriggerPos::Noun
            && let Some(h) = p.head(k)
            && h < k
            && p.children(k)
                .any(|c| p.rel(c) == "case" && sv.word(c) == "for")
            && (self.rules.in_class("proposal_nouns", &sv.tokens[h].lemma)
                || p.object(h).is_some_and(|o| {
                    o < k && self.rules.in_class("proposal_nouns", &sv.tokens[o].lemma)
                }))
        {
            return Some("content-of-proposal");
        }
        // "riot police", "attack helicopters", "protest leaders": an event noun modifying a
        // noun that names no event of its own names a kind of thing, not an event.
        if let Some(p) = sv.parse
            && pos == TriggerPos::Noun
            && p.rel(k) == "compound"
            && let Some(h) = p.head(k)
            && h > k
            && matches!(sv.tokens[h].tag, Tag::NN | Tag::NNS)
            && !self.rules.nouns.contains_key(&sv.tokens[h].lemma)
            && !self.rules.in_class("accord_nouns", &sv.tokens[h].lemma)
        {
            return Some("noun-modifier");
        }
        // "The strike on the village came two days after …": a definite event noun placed in
        // time by a verb of sequence refers back to an event told before; it tells no new one.
        if let Some(p) = sv.parse
            && pos == TriggerPos::Noun
            && p.rel(k).starts_with("nsubj")
            && let Some(h) = p.head(k)
            && self.rules.in_class("sequence", &sv.tokens[h].lemma)
            && p.children(k).any(|d| {
                p.rel(d) == "det" && matches!(sv.word(d).as_ref(), "the" | "this" | "that")
            })
        {
            return Some("event-placed-in-time");
        }
        // "denied that the army had targeted civilians": what a denial says did not happen is
        // not told as done.
        if let Some(p) = sv.parse {
            let mut cur = k;
            for _ in 0..3 {
                let rel = p.rel(cur);
                let Some(h) = p.head(cur) else { break };
                if rel == "ccomp" && self.rules.in_class("denial", &sv.tokens[h].lemma) {
                    return Some("denied-content");
                }
                if !matches!(rel, "conj" | "xcomp" | "obj" | "ccomp") {
                    break;
                }
                cur = h;
            }
        }
        None
    }

    /// Whether the trigger at `k` lies in a relative clause set off by a comma ("X, which …"
    /// or "X, who …") whose noun is the subject of another verb of the sentence, with no day
    /// named in the clause: the clause introduces the party rather than telling news.
    /// (The trigger or a verb at most two steps above it is the relative clause's verb.)
    fn introduces_subject(&self, sv: &SentenceView, k: usize) -> bool {
        let Some(p) = sv.parse else {
            return false;
        };
        let Some(rel_verb) = std::iter::successors(Some(k), |&h| p.head(h))
            .take(3)
            .find(|&v| p.rel(v) == "acl:relcl")
        else {
            return false;
        };
        let Some(noun) = p.head(rel_verb) else {
            return false;
        };
        let set_off = p.children(rel_verb).any(|c| {
            c < rel_verb
                && c > sv.start
                && matches!(sv.word(c).as_ref(), "which" | "who")
                && sv.word(c - 1) == ","
        });
        // The noun is a subject, or coordinated into one ("Egypt and Saudi Arabia, which …").
        let subject = std::iter::successors(Some(noun), |&n| {
            (p.rel(n) == "conj").then(|| p.head(n)).flatten()
        })
        .take(4)
        .any(|n| p.rel(n).starts_with("nsubj"));
        if !set_off || !subject {
            return false;
        }
        let end = sv.clause_end(rel_verb + 1).min(sv.end);
        let names_day = (rel_verb..end).any(|i| self.rules.in_class("day_words", &sv.word(i)));
        !names_day
    }
}

/// "Tehran summoned the ambassador to protest": governments do not demonstrate; a protest by
/// a government (not a crowd, movement or union of its country) is a diplomatic one (ACCUSE).
pub(crate) fn diplomatic_protest(sv: &SentenceView, c: &mut Candidate) {
    // Governments do not demonstrate: "Tehran summoned the ambassador to protest" is a
    // diplomatic protest.
    // ("Thousands of Israelis protested" is a crowd, whatever its demonym says.)
    let crowd = sv.tokens[sv.start..c.trigger_tok.min(sv.end)]
        .iter()
        .any(|t| {
            matches!(
                lower(t).as_ref(),
                "thousands" | "hundreds" | "dozens" | "crowds" | "scores" | "millions" | "tens"
            )
        });
    // A movement, party or union named with its country ("Russian political movement
    // Vesna", "the Kenyan teachers' union") is no government.
    let civil = |a: &Party| {
        a.name.split_whitespace().any(|w| {
            matches!(
                w.to_lowercase().trim_end_matches("'s"),
                "movement"
                    | "opposition"
                    | "party"
                    | "union"
                    | "unions"
                    | "group"
                    | "groups"
                    | "activist"
                    | "activists"
                    | "campaign"
                    | "organisation"
                    | "organization"
                    | "league"
                    | "front"
            )
        })
    };
    // What only hands and feet do (smashing a shop, rioting) is no diplomatic protest
    // whoever does it.
    let physical = c
        .mode
        .iter()
        .any(|m| matches!(m.as_str(), "vandalize" | "riot"));
    if c.event_type == EventType::Protest
        && !crowd
        && !physical
        && c.actors.iter().all(|a| {
            a.kind == EntityKind::Country && a.sector.as_deref() == Some("GOV") && !civil(a)
        })
    {
        c.event_type = EventType::Accuse;
        c.mode = vec!["disapprove".into()];
        c.recipients
            .retain(|r| !c.actors.iter().any(|a| a.country == r.country));
    }
}

/// Why a request, accusation or protest is part of an event told before it in the sentence:
/// the purpose or same-breath demand of a protest, or the motive of an attack.
pub(crate) fn told_with_earlier(
    sv: &SentenceView,
    c: &Candidate,
    out: &[Candidate],
    sentence: usize,
) -> Option<&'static str> {
    // "began a hunger strike to demand …", "rallied to protest against …": the purpose of
    // a protest is its context, not another event.
    // So is a participle after it ("staged a protest, demanding the resignation of …").
    // And so is a demand the protesters make in the same breath ("staged a protest on
    // campus and demanded the release of all detainees"): a verb coordinated with the
    // protest's, with no subject of its own.
    let purpose = c.trigger_tok > sv.start
        && (sv.word(c.trigger_tok - 1) == "to" || sv.tokens[c.trigger_tok].tag == Tag::VBG);
    let same_breath = |p: &Candidate| {
        sv.parse.is_some_and(|tree| {
            let k = c.trigger_tok;
            let protest_verb = if sv.tokens[p.trigger_tok].tag.is_verb() {
                Some(p.trigger_tok)
            } else {
                tree.head(p.trigger_tok)
            };
            tree.rel(k) == "conj"
                && tree.child(k, "nsubj").is_none()
                && tree.head(k).is_some()
                && tree.head(k) == protest_verb
        })
    };
    if matches!(
        c.event_type,
        EventType::Request | EventType::Accuse | EventType::Protest | EventType::Reject
    ) && out.iter().any(|p| {
        p.event_type == EventType::Protest
            && p.sentence == sentence
            && p.trigger_tok < c.trigger_tok
            && (purpose || same_breath(p))
    }) {
        return Some("protest-purpose");
    }
    // "Militants killed three civilians accused of spying", "abducted 55 villagers and
    // accused them of cooperating with the government": an accusation the attackers
    // make of their victims is the attack's motive, not another event.
    let motive_word = {
        let w = sv.word(c.trigger_tok);
        w.starts_with("accus") || w.starts_with("suspect") || w.starts_with("charg")
    };
    // (Not one with a subject of its own: "…, while Islamabad accused Kabul of sheltering
    // militants" is a statement of its own.)
    let own_subject = sv.parse.is_some_and(|p| {
        p.children(c.trigger_tok)
            .any(|x| p.rel(x) == "nsubj" && x < c.trigger_tok)
    });
    if c.event_type == EventType::Accuse
        && motive_word
        && !own_subject
        && out.iter().any(|p| {
            p.event_type == EventType::Assault
                && p.sentence == sentence
                && p.trigger_tok < c.trigger_tok
                && (codes_of(&p.actors) == codes_of(&c.actors)
                    || (!c.recipients.is_empty()
                        && codes_of(&c.recipients) == codes_of(&p.recipients)))
        })
    {
        return Some("attack-motive");
    }
    None
}

/// "Norland and Sudria accused each other": one event per direction.
pub(crate) fn split_by_direction(c: &Candidate) -> Option<Vec<Candidate>> {
    // "Norland and Sudria accused each other": one event per direction. Not fighting:
    // sides exchanging fire are one clash, each side both actor and recipient.
    if !c.event_type.is_symmetric()
        && c.event_type != EventType::Assault
        && c.actors.len() >= 2
        && codes_of(&c.actors) == codes_of(&c.recipients)
        && codes_of(&c.actors).len() >= 2
    {
        let mut split = Vec::new();
        for a in c.actors.clone() {
            let mut one = c.clone();
            one.recipients.retain(|r| r.country != a.country);
            one.actors = vec![a];
            split.push(one);
        }
        return Some(split);
    }
    None
}

/// "Israeli forces arrested 15 Palestinians in overnight raids": a raid or operation told as
/// the way an arrest told before it in the sentence was made is that arrest, not an attack.
pub(crate) fn manner_of_arrest(sv: &SentenceView, c: &Candidate, out: &[Candidate]) -> bool {
    let Some(p) = sv.parse else {
        return false;
    };
    let k = c.trigger_tok;
    c.event_type == EventType::Assault
        && sv.tokens[k].tag.is_noun()
        && matches!(p.rel(k), "obl" | "nmod")
        && p.children(k)
            .any(|x| p.rel(x) == "case" && matches!(sv.word(x).as_ref(), "in" | "during"))
        && p.head(k).is_some_and(|h| {
            // (the parse may hang the phrase on the arrested: "arrested 15 Palestinians in
            // overnight raids")
            out.iter().any(|o| {
                (o.trigger_tok == h || p.head(h) == Some(o.trigger_tok))
                    && o.event_type == EventType::Coerce
                    && o.mode.iter().any(|m| m == "arrest")
            })
        })
}

/// "Iran released a French tourist in exchange for an Iranian engineer jailed in France": a
/// release told as one side of a swap (class `swap_phrases` after it in the sentence) is also
/// the other side's release, back to the first.
pub(crate) fn split_swap(
    sv: &SentenceView,
    c: &Candidate,
    rules: &crate::Rules,
) -> Option<Vec<Candidate>> {
    if c.event_type != EventType::Retreat || !c.mode.iter().any(|m| m == "release") {
        return None;
    }
    let (a, r) = (codes_of(&c.actors), codes_of(&c.recipients));
    let ([a], [r]) = (a.as_slice(), r.as_slice()) else {
        return None;
    };
    if a == r {
        return None;
    }
    // (Only where what the other side gives is people it held: "in exchange for getting
    // home migrants" is no release by the other side.)
    let swap = (c.trigger_tok + 1..sv.end.saturating_sub(1)).find(|&i| {
        rules.in_class(
            "swap_phrases",
            &format!("{} {}", sv.word(i), sv.word(i + 1)),
        )
    })?;
    let held = (swap + 2..sv.end.min(swap + 10)).any(|i| {
        rules.in_class("held_words", &sv.tokens[i].lemma)
            || rules.in_class("held_words", &sv.word(i))
    });
    if !held {
        return None;
    }
    let mut back = c.clone();
    std::mem::swap(&mut back.actors, &mut back.recipients);
    back.claimed_by.clear();
    Some(vec![c.clone(), back])
}

/// "X spoke by phone to A and B": one call per counterpart country.
pub(crate) fn split_phone_call(c: &Candidate) -> Option<Vec<Candidate>> {
    // "X spoke by phone to A and B": one call per counterpart country.
    if c.event_type == EventType::Consult && c.mode.iter().any(|m| m == "phone") {
        let first = c.actors.first().and_then(|a| a.country.clone());
        let mut others: Vec<String> = Vec::new();
        for a in &c.actors {
            if let Some(cc) = &a.country
                && Some(cc) != first.as_ref()
                && !others.contains(cc)
            {
                others.push(cc.clone());
            }
        }
        if others.len() >= 2 {
            let mut split = Vec::new();
            for o in &others {
                let mut one = c.clone();
                one.actors
                    .retain(|a| a.country == first || a.country.as_ref() == Some(o));
                split.push(one);
            }
            return Some(split);
        }
    }
    None
}

/// Whether an attack trigger tells more of an attack told before it in the sentence (a
/// participle describing it, the weapon it was made with); the target it names is given to
/// that attack.
pub(crate) fn detail_of_attack(
    sv: &SentenceView,
    c: &Candidate,
    out: &mut [Candidate],
    sentence: usize,
) -> bool {
    // "conducted airstrikes targeting Islamic State militants", "targeted an Israeli
    // tank using a ground IED": a participle describing an attack's own noun, or the
    // weapon an attack was made with, tells more of that attack, not of another one.
    // The target it names is the attack's.
    // The weapon's noun group right after "using" or "with", read off the words where
    // the parse splits it ("using a ground IED").
    let instrument_of = |pk: usize, k: usize| {
        sv.tokens[k].tag.is_noun()
            && (k.saturating_sub(5).max(pk + 1)..k).rev().any(|u| {
                matches!(sv.word(u).as_ref(), "using" | "with")
                    && sv.tokens[u + 1..k]
                        .iter()
                        .all(|t| t.tag.is_noun() || matches!(t.tag, Tag::DT | Tag::JJ | Tag::CD))
            })
    };
    if c.event_type == EventType::Assault
        && let Some(tree) = sv.parse
        && let Some(pi) = out.iter().rposition(|p| {
            let k = c.trigger_tok;
            let pk = p.trigger_tok;
            let h = tree.head(k);
            p.event_type == EventType::Assault
                && p.sentence == sentence
                && pk < k
                && h.is_some_and(|h| {
                    (tree.rel(k) == "acl" && (h == pk || tree.head(h) == Some(pk)))
                        // "fired a missile that was intercepted": what became of the weapon
                        || (tree.rel(k) == "acl:relcl" && tree.head(h) == Some(pk))
                        // "fired mortar shells at the airport, wounding two guards"
                        || (tree.rel(k) == "advcl"
                            && h == pk
                            && sv.tokens[k].tag == Tag::VBG
                            && sv.tokens[pk].tag.is_verb())
                        || (sv.word(h) == "using" && tree.head(h) == Some(pk))
                        || instrument_of(pk, k)
                        || (h == pk
                            && tree.rel(k) == "obl"
                            && tree.children(k).any(|x| {
                                tree.rel(x) == "case"
                                    && matches!(sv.word(x).as_ref(), "with" | "using")
                            }))
                })
        })
    {
        let p = &mut out[pi];
        // (the participle's casualties are the attack's: "…, wounding two guards")
        if tree.rel(c.trigger_tok) == "advcl" {
            p.take_casualties(c.clone());
        }
        let own: Vec<Option<String>> = p.actors.iter().map(|a| a.country.clone()).collect();
        if tree.rel(c.trigger_tok) == "acl"
            && !c.recipients.is_empty()
            && c.recipients.iter().all(|r| !own.contains(&r.country))
        {
            p.recipients = c.recipients.clone();
        }
        return true;
    }
    false
}

/// "Russian drones struck an energy facility, cutting power to thousands of homes": power or
/// water lost as what an attack did (a participle on the attack's verb) is that attack's
/// outcome, not a separate cut-off imposed on anyone.
pub(crate) fn outcome_of_attack(sv: &SentenceView, c: &Candidate, out: &[Candidate]) -> bool {
    let Some(p) = sv.parse else {
        return false;
    };
    let k = c.trigger_tok;
    c.event_type == EventType::Coerce
        && c.mode.iter().any(|m| m == "withhold")
        && sv.tokens[k].tag == Tag::VBG
        && matches!(p.rel(k), "advcl" | "xcomp" | "conj" | "acl")
        && p.head(k).is_some_and(|h| {
            out.iter()
                .any(|o| o.trigger_tok == h && o.event_type == EventType::Assault)
        })
}

impl Coder<'_> {
    /// "Riot police used water cannon to disperse thousands of protesters outside
    /// parliament": a crowd of protesters broken up tells that they protested, there and
    /// then. Where neither the sentence nor the report's body so far codes a protest, the
    /// crowd-control event gives one
    /// (rule `implied:protest.dispersed`): the protesters' side protests against their
    /// country's government.
    pub(crate) fn protest_behind_dispersal(
        &self,
        sv: &SentenceView,
        out: &mut Vec<Candidate>,
        st: &DocState,
    ) {
        if st.protest_told || out.iter().any(|c| c.event_type == EventType::Protest) {
            return;
        }
        let implied = out.iter().find_map(|c| {
            if c.event_type != EventType::Assault
                || !c.mode.iter().any(|m| m == "crowd-control")
                || c.aux.is_some()
            {
                return None;
            }
            let (_, ce) = c.clause;
            let crowd = (c.trigger_tok + 1..ce.min(sv.end)).any(|i| {
                sv.tokens[i].tag.is_noun()
                    && self.rules.in_class("protest_crowds", &sv.tokens[i].lemma)
            });
            if !crowd {
                return None;
            }
            let mut countries: Vec<&str> = codes_of(&c.recipients);
            countries.extend(codes_of(&c.actors));
            let cc = countries.into_iter().find(|cc| cc.len() == 3)?;
            let mut p = c.clone();
            p.event_type = EventType::Protest;
            p.mode = vec!["demo".into()];
            p.context.clear();
            p.actors = if c.recipients.is_empty() {
                vec![crate::events::country_party(self.kb, cc)]
            } else {
                c.recipients.clone()
            };
            p.recipients = vec![crate::events::country_party(self.kb, cc)];
            p.magnitude.retain(|m| m.measure == "participants");
            p.rule = "implied:protest.dispersed".into();
            Some(p)
        });
        if let Some(p) = implied {
            out.push(p);
        }
    }
}
