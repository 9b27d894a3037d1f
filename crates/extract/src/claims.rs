//! Who says so: the sources a sentence attributes its report to ("according to X", "X said")
//! and the speakers of quotations. A pronoun source is the person or organisation last
//! named ([`DocState::last_source`], [`DocState::last_person`]).

use crate::clause::{Arg, SentenceView, lower};
use crate::events::{Coder, DocState};
use sitrep_model::{Claimant, EntityKind, Party};

impl Coder<'_> {
    /// Who the sentence attributes what it reports to: "according to X", "X said", ", said X".
    pub(crate) fn claimants(&self, sv: &SentenceView, st: &DocState) -> Vec<Claimant> {
        let mut out = Vec::new();
        for k in sv.start..sv.end {
            let t = &sv.tokens[k];
            let w = lower(t);
            if w == "according" && sv.word(k + 1) == "to" {
                if let Some(u) = sv.unit_starting_at(k + 2) {
                    let mut arg = sv.arg_from_unit(u);
                    // "according to the rights group Viasna": the source runs to the next
                    // punctuation or clause word, over words the word lists took for verbs
                    // ("group"), at most eight words.
                    let stop = (arg.end..sv.end.min(arg.start + 8))
                        .find(|&j| {
                            let t = &sv.tokens[j];
                            t.kind == sitrep_model::TokenKind::Punct
                                || matches!(
                                    sv.word(j).as_ref(),
                                    "and" | "which" | "who" | "that" | "in" | "on" | "at" | "after"
                                )
                        })
                        .unwrap_or(arg.end);
                    if stop > arg.end {
                        arg.units.extend(
                            sv.units
                                .iter()
                                .filter(|x| x.start >= arg.end && x.end <= stop)
                                .cloned(),
                        );
                        arg.end = stop;
                    }
                    out.push(self.claimant(sv, &arg, st));
                }
                continue;
            }
            if t.tag.is_verb() && self.rules.claim_verbs.contains(&t.lemma) {
                // "X said" (subject before) or ", said X" (inverted).
                let (vs, ve) = sv
                    .verb_at(k)
                    .map_or((k, k + 1), |c| (c.tok_start, c.tok_end));
                // ", said Mr Ko Thit Sar, editor of …": after a comma, a source right after the
                // verb is the one that speaks, whatever noun stands before the comma.
                // Not when the parse gives the verb a subject before it: "Indian police,
                // meanwhile, said two siblings … were killed" (the comma closes an aside).
                let parsed_subject = sv
                    .parse
                    .and_then(|p| p.child(k, "nsubj"))
                    .filter(|&s| s < vs && s >= sv.start);
                // (Not a participle: in "…, saying it favoured the army" what follows is what
                // was said, its speaker the clause's subject.)
                let inverted = (vs > sv.start
                    && sv.word(vs - 1) == ","
                    && parsed_subject.is_none()
                    && t.tag != sitrep_model::Tag::VBG)
                    .then(|| sv.unit_starting_at(ve).map(|u| sv.arg_from_unit(u)))
                    .flatten();
                let is_inverted = inverted.is_some();
                // Where the words before the verb hold no plain subject ("Indian police,
                // meanwhile, said"), the parse's subject is the source.
                let subj = inverted.or_else(|| sv.subject_before(vs)).or_else(|| {
                    parsed_subject
                        .and_then(|s| sv.unit_of(s))
                        .map(|u| sv.arg_from_unit(u))
                });
                // ("setting it ablaze, witnesses and military sources said": a list's first
                // member with no noun is the end of the clause before, not a source.)
                let subj = subj.map(|mut a| {
                    while a.units.len() > 1
                        && a.units.first().is_some_and(|u| {
                            sv.tokens[u.start..u.end].iter().all(|t| !t.tag.is_noun())
                        })
                    {
                        a.units.remove(0);
                        if let Some(u) = a.units.first() {
                            a.start = u.start;
                        }
                    }
                    a
                });
                if let Some(a) = subj {
                    // Only reporting clauses at the edge of the sentence, or mid-sentence with a comma.
                    let at_edge = is_inverted
                        || a.start == sv.start
                        // "Israeli rescue service Magen David Adom said": only the subject's
                        // own modifiers before it.
                        || (sv.start..a.start).all(|j| {
                            let t = &sv.tokens[j];
                            !t.tag.is_verb() && t.kind != sitrep_model::TokenKind::Punct
                        })
                        || (vs > sv.start && sv.word(a.start.saturating_sub(1)) == ",")
                        || ve >= sv.end.saturating_sub(2);
                    if at_edge {
                        out.push(self.claimant(sv, &a, st));
                    }
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|c: &Claimant| seen.insert(c.name.clone()));
        out
    }

    /// The speaker of a quotation spanning tokens `qs..qe`: the subject of the reporting verb
    /// nearest to it outside the quotation ("X said", "said X", "X told reporters").
    pub fn speaker(&self, sv: &SentenceView, qs: usize, qe: usize, st: &DocState) -> Option<Party> {
        let mut verbs: Vec<usize> = (sv.start..sv.end)
            .filter(|&k| {
                (k < qs || k >= qe)
                    && sv.tokens[k].tag.is_verb()
                    && self.rules.claim_verbs.contains(&sv.tokens[k].lemma)
            })
            .collect();
        verbs.sort_by_key(|&k| if k < qs { qs - k } else { k - qe });
        let subject_of = |k: usize| -> Option<Party> {
            let (vs, ve) = sv
                .verb_at(k)
                .map_or((k, k + 1), |c| (c.tok_start, c.tok_end));
            let subj = sv
                .subject_before(vs)
                .filter(|a| a.end <= qs || a.start >= qe)
                .or_else(|| sv.unit_starting_at(ve).map(|u| sv.arg_from_unit(u)))?;
            self.parties(sv, &subj, st).into_iter().next()
        };
        // The nearest reporting verb with a subject; one coordinated with an earlier verb
        // ("said …, and added …") shares that verb's subject.
        verbs.iter().find_map(|&k| subject_of(k)).or_else(|| {
            (sv.start..sv.end)
                .filter(|&k| {
                    sv.tokens[k].tag.is_verb()
                        && self.rules.claim_verbs.contains(&sv.tokens[k].lemma)
                })
                .find_map(subject_of)
        })
    }

    fn claimant(&self, sv: &SentenceView, arg: &Arg, st: &DocState) -> Claimant {
        let parties = self.parties(sv, arg, st);
        // A pronoun names no source: "he said" is the person last named, "it reported" the
        // organisation last quoted.
        if arg.end == arg.start + 1 {
            match sv.word(arg.start).as_ref() {
                "he" | "she" => {
                    if let Some(p) = parties.iter().find(|p| p.kind == EntityKind::Person) {
                        return Claimant {
                            name: p.name.clone(),
                            country: p.country.clone(),
                            entity: p.entity.clone(),
                        };
                    }
                }
                "it" | "they" => {
                    if let Some(c) = &st.last_source {
                        return c.clone();
                    }
                }
                _ => {}
            }
        }
        let text = crate::mentions::join(&sv.tokens[arg.start..arg.end]);
        let text = text
            .strip_prefix("the ")
            .or_else(|| text.strip_prefix("The "))
            .unwrap_or(&text)
            .to_string();
        Claimant {
            name: text,
            country: parties.iter().find_map(|p| p.country.clone()),
            entity: parties.iter().find_map(|p| p.entity.clone()),
        }
    }
}
