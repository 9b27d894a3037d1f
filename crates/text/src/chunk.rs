//! Noun and verb groups: a flat, greedy chunker over the tagged tokens.
//!
//! Verb groups carry what the event rules need without a parser: voice (was hit by →
//! passive), tense from the auxiliaries (will/would/has/did), and negation.

use sitrep_model::{Chunk, ChunkKind, Sentence, Tag, Tense, Token, Voice};

fn lemma_is(t: &Token, w: &str) -> bool {
    t.lemma == w
}

fn is_aux(t: &Token) -> bool {
    t.tag.is_verb() && matches!(t.lemma.as_str(), "be" | "have" | "do" | "get")
}

/// "going"/"due"/"set"/"about" + to + verb: a future-marking construction.
fn future_link(toks: &[Token], j: usize) -> bool {
    let Some(t) = toks.get(j) else { return false };
    let linking = (t.tag == Tag::VBG && lemma_is(t, "go"))
        || ((!t.tag.is_verb() || t.tag == Tag::VBN)
            && matches!(
                t.norm.to_ascii_lowercase().as_str(),
                "due" | "set" | "about"
            ));
    linking
        && toks.get(j + 1).is_some_and(|n| n.tag == Tag::TO)
        && toks.get(j + 2).is_some_and(|n| n.tag == Tag::VB)
}

/// The most modals, negations and adverbs a verb group's lead may hold before its verb.
const MAX_LEAD: usize = 8;

/// Tries to read a verb group starting at `k`; returns it and its end.
fn verb_group(toks: &[Token], k: usize, offset: usize) -> Option<(Chunk, usize)> {
    let mut j = k;
    let mut head = None;
    let mut future_construction = false;
    let starts_to = toks.get(k).is_some_and(|t| t.tag == Tag::TO);
    if starts_to {
        j += 1;
    }
    while let Some(t) = toks.get(j) {
        crate::work::add(1);
        match t.tag {
            // A verb group's lead of modals, negation and adverbs is short; a long run of
            // adverbs without a verb would otherwise be rescanned from each of its words.
            Tag::MD | Tag::NEG | Tag::RB if j - k >= MAX_LEAD => break,
            Tag::MD | Tag::NEG | Tag::RB => j += 1,
            tg if tg.is_verb() => {
                head = Some(j);
                j += 1;
                if is_aux(t) && lemma_is(t, "be") && future_link(toks, j) {
                    future_construction = true;
                    j += 2; // linking word + "to"
                    continue;
                }
                // an auxiliary followed (past adverbs/negation) by another verb continues
                let mut m = j;
                while m - j < MAX_LEAD
                    && toks
                        .get(m)
                        .is_some_and(|x| matches!(x.tag, Tag::RB | Tag::NEG))
                {
                    crate::work::add(1);
                    m += 1;
                }
                if is_aux(t) && toks.get(m).is_some_and(|x| x.tag.is_verb()) {
                    j = m;
                    continue;
                }
                break;
            }
            _ => break,
        }
    }
    let h = head?;
    let end = h + 1;
    let group = toks.get(k..end)?;
    let head_tok = toks.get(h)?;
    let negated = group.iter().any(|t| t.tag == Tag::NEG);
    let before_head = toks.get(k..h)?;
    let passive_aux = before_head
        .iter()
        .any(|t| t.tag.is_verb() && matches!(t.lemma.as_str(), "be" | "get"));
    let any_aux = before_head
        .iter()
        .any(|t| t.tag.is_verb() || t.tag == Tag::MD);
    let voice =
        if head_tok.tag == Tag::VBN && !lemma_is(head_tok, "be") && (passive_aux || !any_aux) {
            Voice::Passive
        } else {
            Voice::Active
        };
    let first_md = group.iter().find(|t| t.tag == Tag::MD);
    let first_verb = group.iter().find(|t| t.tag.is_verb());
    let tense = if let Some(md) = first_md {
        match md.lemma.as_str() {
            "will" => Tense::Future,
            "shall"
                if md.norm.eq_ignore_ascii_case("shall") || md.norm.eq_ignore_ascii_case("sha") =>
            {
                Tense::Future
            }
            "would" | "shall" | "may" => Tense::Conditional,
            "can"
                if !md.norm.eq_ignore_ascii_case("can") && !md.norm.eq_ignore_ascii_case("ca") =>
            {
                Tense::Conditional
            }
            _ => Tense::Present,
        }
    } else if future_construction {
        Tense::Future
    } else if starts_to {
        Tense::Nonfinite
    } else {
        match first_verb.map(|t| (t.tag, t.lemma.as_str())) {
            Some((Tag::VBD, _)) => Tense::Past,
            Some((Tag::VBZ | Tag::VBP, "have")) if head_tok.tag == Tag::VBN && h > k => Tense::Past,
            Some((Tag::VBZ | Tag::VBP | Tag::VB, _)) => Tense::Present,
            _ => Tense::Nonfinite,
        }
    };
    Some((
        Chunk {
            kind: ChunkKind::Verb,
            tok_start: offset + k,
            tok_end: offset + end,
            head: offset + h,
            voice,
            tense,
            negated,
        },
        end,
    ))
}

/// The most words a noun group may hold before its first head candidate.
const MAX_MODIFIERS: usize = 16;

/// Tries to read a noun group starting at `k`.
fn noun_group(toks: &[Token], k: usize, offset: usize) -> Option<(Chunk, usize)> {
    let first = toks.get(k)?;
    if first.tag == Tag::PRP {
        return Some((noun_chunk(offset, k, k + 1, k), k + 1));
    }
    let mut j = k;
    let mut head = None;
    let mut started_det = false;
    while let Some(t) = toks.get(j) {
        crate::work::add(1);
        // Modifiers with no noun in sight: give up rather than rescan the run from each of
        // its words.
        if head.is_none() && j - k >= MAX_MODIFIERS {
            break;
        }
        let next = toks.get(j + 1).map(|n| n.tag);
        let nounish_next =
            next.is_some_and(|n| matches!(n, Tag::NN | Tag::NNS | Tag::NNP | Tag::JJ | Tag::CD));
        match t.tag {
            Tag::DT | Tag::PRPS if j == k => started_det = true,
            Tag::CD | Tag::JJ => {
                if t.tag == Tag::CD && head.is_none() {
                    head = Some(j);
                }
            }
            Tag::NN | Tag::NNS | Tag::NNP => head = Some(j),
            Tag::POS if head.is_some() && nounish_next => head = None,
            Tag::VBN | Tag::VBG if j > k && nounish_next => {}
            Tag::VBG if started_det && j == k + 1 => head = Some(j),
            _ => break,
        }
        j += 1;
    }
    let h = head?;
    Some((noun_chunk(offset, k, h + 1, h), (h + 1).max(k + 1)))
}

fn noun_chunk(offset: usize, a: usize, b: usize, h: usize) -> Chunk {
    Chunk {
        kind: ChunkKind::Noun,
        tok_start: offset + a,
        tok_end: offset + b,
        head: offset + h,
        voice: Voice::Active,
        tense: Tense::Present,
        negated: false,
    }
}

pub(crate) fn chunk(tokens: &[Token], sentences: &[Sentence]) -> Vec<Chunk> {
    let mut out = Vec::with_capacity(tokens.len() / 3);
    for s in sentences {
        let Some(toks) = tokens.get(s.tok_start..s.tok_end) else {
            continue;
        };
        let mut k = 0;
        while k < toks.len() {
            let tg = toks[k].tag;
            let vg = if tg.is_verb() || matches!(tg, Tag::MD | Tag::TO | Tag::NEG | Tag::RB) {
                verb_group(toks, k, s.tok_start)
            } else {
                None
            };
            if let Some((c, end)) = vg {
                out.push(c);
                k = end;
                continue;
            }
            if let Some((c, end)) = noun_group(toks, k, s.tok_start) {
                out.push(c);
                k = end;
                continue;
            }
            k += 1;
        }
    }
    out
}
