//! The dependency parse of one sentence, carried over to sitrep's own tokens.
//!
//! The trained tagger and parser (crate `sitrep-syntax`) read Universal Dependencies words,
//! which split a few of sitrep's tokens ("year-old" → "year - old", "gonna" → "gon na").
//! Extraction works on sitrep's tokens, so each token takes the relation of the word that
//! heads it (the one whose head lies outside the token), and its head is the token of that
//! word's head. Nothing else is lost: the other words of a split token only attach inside it.
//!
//! [`TokParse`] answers the questions the event coder asks of a clause — the subject of a
//! verb, its object, the controller of an infinitive, the antecedent of a relative clause —
//! from relations instead of word order.

use sitrep_model::{Analysis, Token};
use sitrep_syntax::{Analyser, Model, sentence_words};

/// Whether the word before token `k` (quotation marks skipped, not before `start`) is an
/// adjective.
fn after_adjective(tokens: &[Token], start: usize, k: usize) -> bool {
    (start..k)
        .rev()
        .map(|j| &tokens[j])
        .find(|t| !matches!(t.norm.as_str(), "\"" | "\u{201c}" | "\u{201d}"))
        .is_some_and(|t| t.tag == sitrep_model::Tag::JJ)
}

/// The parse of one sentence over sitrep tokens `start..end`.
#[derive(Debug, Clone, Default)]
pub struct TokParse {
    pub start: usize,
    /// Per token (`k - start`): the head token (absolute index), `None` for the root.
    head: Vec<Option<u32>>,
    /// Per token: the relation to its head (`nsubj`, `obj` …).
    rel: Vec<&'static str>,
    /// Per token: the parser's universal POS tag.
    upos: Vec<&'static str>,
    /// Per token: the parser's Penn tag.
    xpos: Vec<&'static str>,
    /// Per token: its dependents (absolute indices), in text order.
    children: Vec<Vec<u32>>,
}

impl TokParse {
    /// Tags and parses sentence tokens `tok_start..tok_end` of `an` (the text `text`).
    /// `reporting` holds the lemmas of the verbs that attribute a statement to its speaker
    /// (the rules' `claim_verbs`): the repairs below read attributions by them.
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        model: &'static Model,
        analyser: &mut Analyser<'static>,
        text: &str,
        an: &Analysis,
        tok_start: usize,
        tok_end: usize,
        proper: &[bool],
        rules: &crate::Rules,
        dateline_end: usize,
    ) -> TokParse {
        let reporting = &rules.claim_verbs;
        let n = tok_end.saturating_sub(tok_start);
        let mut out = TokParse {
            start: tok_start,
            head: vec![None; n],
            rel: vec!["dep"; n],
            upos: vec!["X"; n],
            xpos: vec!["XX"; n],
            children: vec![Vec::new(); n],
        };
        // Double quotation marks are left out of what the parser reads and attached
        // afterwards. News quotes fragments inside a clause (Indian troops "indiscriminately
        // targeted border villagers"); a parser trained on web text, where such marks sit
        // around whole sentences, reads the mark as a clause boundary and tears the clause
        // apart (`targeted` became a modifier of `villagers`).
        let all_words = sentence_words(text, an, tok_start, tok_end);
        let is_quote = |w: &sitrep_syntax::UdWord| crate::clause::is_double_quote(&w.form);
        let quotes: Vec<usize> = all_words
            .iter()
            .filter(|w| is_quote(w))
            .map(|w| w.token)
            .collect();
        // A dateline opening the sentence ("ISLAMABAD - Pakistani and Afghan forces
        // exchanged fire") is left out too and hung on the root afterwards: read with the
        // clause, its place became a subject with the nationalities as its conjuncts.
        let lead = dateline_end.clamp(tok_start, tok_end);
        let words: Vec<sitrep_syntax::UdWord> = all_words
            .into_iter()
            .filter(|w| !is_quote(w) && w.token >= lead)
            .collect();
        if words.is_empty() {
            return out;
        }
        crate::work(words.len() as u64);
        let forms: Vec<&str> = words.iter().map(|w| w.form.as_str()).collect();
        // Words of names the knowledge base knows are proper nouns to the tagger.
        let names: Vec<bool> = words
            .iter()
            .map(|w| {
                w.token
                    .checked_sub(tok_start)
                    .and_then(|t| proper.get(t))
                    .copied()
                    .unwrap_or(false)
            })
            .collect();
        let mut a = sitrep_syntax::Analysis::default();
        analyser.analyse_names(&forms, &names, &mut a);
        // Word w's head word (0-based), None for the root.
        let head_word = |w: usize| -> Option<usize> {
            let h = *a.heads.get(w)? as usize;
            (h > 0 && h <= words.len()).then(|| h - 1)
        };
        for (w, word) in words.iter().enumerate() {
            let Some(t) = word.token.checked_sub(tok_start).filter(|&t| t < n) else {
                continue;
            };
            // Follow heads out of the token (a split token's inner words attach inside it);
            // the parse is a tree, so at most `words.len()` steps.
            let mut h = head_word(w);
            let mut steps = 0;
            while let Some(hw) = h
                && words[hw].token == word.token
                && steps <= words.len()
            {
                h = head_word(hw);
                steps += 1;
            }
            let inner = head_word(w).is_some_and(|hw| words[hw].token == word.token);
            if inner {
                continue;
            }
            out.head[t] = h.map(|hw| words[hw].token as u32);
            out.rel[t] = model.label(a.labels.get(w).copied().unwrap_or(0));
            out.upos[t] = model.upos(a.tags.get(w).copied().unwrap_or(0));
            out.xpos[t] = model.xpos(a.tags.get(w).copied().unwrap_or(0));
        }
        // Each left-out quotation mark hangs on the word it touches: an opening mark on the
        // word after it, a closing one on the word before (UD attaches punctuation so).
        for &q in &quotes {
            let Some(t) = q.checked_sub(tok_start).filter(|&t| t < n) else {
                continue;
            };
            let opening = an
                .tokens
                .get(q + 1)
                .is_some_and(|next| an.tokens.get(q).is_some_and(|cur| cur.end == next.start))
                && (q == 0
                    || an.tokens.get(q - 1).is_none_or(|prev| {
                        an.tokens.get(q).is_some_and(|cur| prev.end < cur.start)
                    }));
            let near = if opening && t + 1 < n {
                Some(t + 1)
            } else if t > 0 {
                Some(t - 1)
            } else if t + 1 < n {
                Some(t + 1)
            } else {
                None
            };
            out.head[t] = near.map(|k| (tok_start + k) as u32);
            out.rel[t] = if near.is_some() { "punct" } else { "root" };
            out.upos[t] = "PUNCT";
            out.xpos[t] = if opening { "``" } else { "''" };
        }
        // The dateline's tokens hang on the clause's root: its place as a loose modifier, its
        // marks as punctuation.
        if lead > tok_start
            && let Some(root) =
                (lead - tok_start..n).find(|&t| out.head[t].is_none() && out.rel[t] == "root")
        {
            for t in 0..lead - tok_start {
                let Some(tok) = an.tokens.get(tok_start + t) else {
                    continue;
                };
                let form = text.get(tok.start..tok.end).unwrap_or_default();
                let punct = form.chars().all(|c| !c.is_alphanumeric());
                out.head[t] = Some((tok_start + root) as u32);
                out.rel[t] = if punct { "punct" } else { "dep" };
                out.upos[t] = if punct { "PUNCT" } else { "PROPN" };
                out.xpos[t] = if punct { ":" } else { "NNP" };
            }
        }
        // A token that became its own head (an address split over several sitrep tokens) is
        // attached to the token before it instead.
        for t in 0..n {
            if out.head[t] == Some((tok_start + t) as u32) {
                out.head[t] = (t > 0).then(|| (tok_start + t - 1) as u32);
                out.rel[t] = "goeswith";
            }
        }
        // Break any cycle the token mapping could create (a word split across tokens whose
        // parts attach crosswise): walk up from each token; a walk that revisits cuts there.
        for t in 0..n {
            let mut seen = 0;
            let mut cur = t;
            while let Some(h) = out.head[cur] {
                let hi = h as usize - tok_start;
                seen += 1;
                if seen > n || hi >= n {
                    out.head[cur] = None;
                    out.rel[cur] = "root";
                    break;
                }
                cur = hi;
            }
        }
        out.object_participle_repair();
        out.attribution_repair(an, reporting);
        out.reported_clause_repair(an, reporting);
        out.double_subject_repair(an);
        out.conjunct_subject_repair();
        out.pronoun_object_conjunct_repair(an);
        out.appositive_subject_repair(an);
        out.reported_object_subject_repair(an, reporting);
        out.speech_act_conjunct_repair(an, rules);
        out.speech_act_modifier_repair(an, rules);
        out.participle_attachment_repair(an, rules);
        out.participle_subject_repair(an);
        out.relative_clause_root_repair(an);
        out.summon_purpose_repair(an, rules);
        out.met_object_repair(an, rules);
        out.locative_preposition_repair(an, rules);
        for t in 0..n {
            if let Some(h) = out.head[t] {
                out.children[h as usize - tok_start].push((tok_start + t) as u32);
            }
        }
        out
    }

    /// Gives a closing attribution its speaker where the parser left it none. News ends a
    /// sentence with who says so ("The militia rejected the truce, Iraqi Prime Minister
    /// Mohammed al-Sudani said."); the parser, trained on web text where that is rare, often
    /// hangs the speaker on the object before the comma (`appos`) and the reporting verb on the
    /// main verb (`conj`), so the speaker would read as a party of the reported event. A finite
    /// reporting verb with no subject, right after a comma-delimited noun phrase whose head
    /// attaches outside the phrase, takes that head as its subject (`nsubj`) and becomes
    /// `parataxis` of the clause it reports. The inverted order ("…, said the officials",
    /// "…, reports UNB") takes the noun after the verb.
    fn attribution_repair(&mut self, an: &Analysis, reporting: &crate::rules::Set) {
        let n = self.head.len();
        let start = self.start;
        let word = |i: usize| lemma_at(an, start, i);
        let punct = |i: usize| {
            an.tokens
                .get(self.start + i)
                .is_some_and(|t| t.norm == "," || t.norm == "\u{201d}" || t.norm == "\"")
        };
        for v in 1..n {
            if !matches!(self.xpos[v], "VBD" | "VBZ" | "VBP")
                || !reporting.contains(word(v))
                || !matches!(self.rel[v], "conj" | "root" | "ccomp" | "parataxis" | "dep")
            {
                continue;
            }
            let vh = (self.start + v) as u32;
            let has_subj = (0..n).any(|c| self.head[c] == Some(vh) && base(self.rel[c]) == "nsubj");
            if has_subj {
                continue;
            }
            // The phrase between the last comma (or closing quote) and the verb.
            let Some(comma) = (v.saturating_sub(12)..v).rev().find(|&i| punct(i)) else {
                continue;
            };
            let speaker = if comma + 1 == v {
                // Inverted: "…, said the officials" — the verb's nominal dependent after it.
                (v + 1..n).find(|&c| {
                    self.head[c] == Some(vh)
                        && matches!(self.rel[c], "obj" | "iobj" | "dep" | "appos")
                        && matches!(self.upos[c], "NOUN" | "PROPN")
                })
            } else {
                let span = comma + 1..v;
                let inside = |h: Option<u32>| {
                    h.is_some_and(|h| span.contains(&(h as usize).wrapping_sub(self.start)))
                };
                let heads: Vec<usize> = span
                    .clone()
                    .filter(|&i| self.upos[i] != "PUNCT" && !inside(self.head[i]))
                    .collect();
                match heads.as_slice() {
                    [h] if matches!(self.upos[*h], "NOUN" | "PROPN" | "PRON")
                        && matches!(
                            self.rel[*h],
                            "appos"
                                | "conj"
                                | "obj"
                                | "nmod"
                                | "dep"
                                | "list"
                                | "flat"
                                | "compound"
                                | "obl"
                        ) =>
                    {
                        Some(*h)
                    }
                    _ => None,
                }
            };
            let Some(sp) = speaker else { continue };
            // The verb must not hang below its new subject (that would make a cycle).
            let mut cur = Some(vh);
            let mut below = false;
            for _ in 0..n {
                match cur {
                    Some(c) if c as usize == self.start + sp => {
                        below = true;
                        break;
                    }
                    Some(c) => cur = self.head.get(c as usize - self.start).copied().flatten(),
                    None => break,
                }
            }
            if below {
                continue;
            }
            crate::work(n as u64);
            self.head[sp] = Some(vh);
            self.rel[sp] = "nsubj";
            if self.rel[v] == "conj" {
                self.rel[v] = "parataxis";
            }
        }
    }

    fn idx(&self, k: usize) -> Option<usize> {
        k.checked_sub(self.start).filter(|&i| i < self.head.len())
    }

    /// The head token of token `k`.
    pub fn head(&self, k: usize) -> Option<usize> {
        self.head
            .get(self.idx(k)?)
            .copied()
            .flatten()
            .map(|h| h as usize)
    }

    /// Whether token `k` is `node` or lies under it within `steps - 1` heads (a bounded
    /// walk: the callers ask about a phrase, not the whole tree).
    pub fn within(&self, k: usize, node: usize, steps: usize) -> bool {
        std::iter::successors(Some(k), |&c| self.head(c))
            .take(steps)
            .any(|c| c == node)
    }

    /// The relation of token `k` to its head (`"dep"` outside the sentence).
    pub fn rel(&self, k: usize) -> &'static str {
        self.idx(k)
            .and_then(|i| self.rel.get(i).copied())
            .unwrap_or("dep")
    }

    /// Whether the predicate at `k` stands in a condition ("if Israel retaliates by attacking
    /// Iran, …", "unless the talks resume", "until Hamas frees the hostages"): it or a clause
    /// it is coordinated with or governed by carries the marker "if" or "unless", or "until"
    /// before a present tense. `word` gives a token's lower-cased
    /// form.
    pub fn conditional(&self, k: usize, word: impl Fn(usize) -> String) -> bool {
        let mut cur = k;
        for _ in 0..8 {
            // ("until Hamas frees the hostages": a present tense after "until" is a condition
            // too; "until the army withdrew" told what happened.)
            if self.children(cur).any(|c| {
                self.rel(c) == "mark"
                    && (matches!(word(c).as_str(), "if" | "unless")
                        || (word(c) == "until" && matches!(self.xpos(cur), "VBZ" | "VBP")))
            }) {
                return true;
            }
            match (self.rel(cur), self.head(cur)) {
                ("conj" | "xcomp" | "advcl" | "ccomp", Some(h))
                    if self.rel(cur) != "advcl" || cur == k =>
                {
                    cur = h
                }
                _ => return false,
            }
        }
        false
    }

    /// The parser's Penn tag of token `k`.
    pub fn xpos(&self, k: usize) -> &'static str {
        self.idx(k)
            .and_then(|i| self.xpos.get(i).copied())
            .unwrap_or("XX")
    }

    /// Revises the word-list tags of the sentence's tokens where the trained tagger reads a
    /// clause differently, so that the verb groups the coder reads are the parse's verbs.
    /// The word lists tag a word by what it usually is; the tagger reads it in context:
    /// "brutally beaten by police" is a participle, not an adjective. Only verbs that head a
    /// clause in the parse are revised: adjectival participles ("a parked train", "10 jailed
    /// citizens") keep their tags. A sentence with no finite verb at all ("rebels reportedly
    /// fired mortar shells at …", which both taggers can read as a participle) takes its first
    /// participle that has an object as a past-tense verb, and the words before it that the
    /// word lists took for verbs ("forces") as the nouns the tagger reads. (Revising every
    /// noun the word lists took for a verb cost more events than it found on the dev sets.)
    /// Returns whether any tag changed.
    pub fn retag(&self, tokens: &mut [Token]) -> bool {
        use sitrep_model::Tag;
        let lex = sitrep_text::Lexicon::default_ref();
        let mut changed = false;
        let n = self.head.len().min(tokens.len().saturating_sub(self.start));
        let finite = |x: &str| matches!(x, "VBD" | "VBZ" | "VBP" | "MD");
        // The parse's only finite verb is the sentence's main verb whatever it attached it to
        // (the tagger's repair of a sentence without one, see `sitrep_syntax`).
        let sole_finite = self.xpos[..n].iter().filter(|x| finite(x)).count() == 1;
        // Whether word `i` is the one the word lists read as the sentence's only finite verb.
        let lists_finite: Vec<usize> = (0..n)
            .filter(|&i| matches!(tokens[self.start + i].tag, Tag::VBD | Tag::VBZ | Tag::VBP))
            .collect();
        let sole_finite_is = |i: usize| lists_finite.as_slice() == [i];
        for i in 0..n {
            let k = self.start + i;
            let (upos, xpos, rel) = (self.upos[i], self.xpos[i], self.rel[i]);
            let old = tokens[k].tag;
            // A word after a determiner, number or possessive stands before its noun ("10 jailed
            // citizens"): an adjective there, whatever the parse makes of the phrase.
            // Not where the parse reads that word as the noun itself ("the UN human rights
            // chief accused …": the word lists took "chief" for an adjective).
            let prenominal = i > 0
                && matches!(
                    tokens[k - 1].tag,
                    Tag::DT | Tag::CD | Tag::PRPS | Tag::POS | Tag::JJ
                )
                && !(tokens[k - 1].tag == Tag::JJ
                    && matches!(self.upos[i - 1], "NOUN" | "PROPN")
                    && matches!(self.rel[i - 1], "nsubj" | "nsubj:pass"));
            // A past tense the word lists read as a participle with no auxiliary before it
            // ("aircraft “bombed civilian homes”").
            let aux_before = (k.saturating_sub(3).max(self.start)..k)
                .any(|j| matches!(tokens[j].lemma.as_str(), "be" | "have" | "get"));
            // "said the arrest was lawful and accused Belgrade of …": a participle with a
            // direct object and no auxiliary, coordinated with a past tense, is one itself (a
            // passive takes no object).
            // (So is one with no agent coordinated with a past tense: "denied that … and
            // called on the government to …".)
            let past_conjunct = matches!(xpos, "VBN" | "VBD")
                && matches!(old, Tag::VBN | Tag::NN | Tag::JJ)
                && rel == "conj"
                && self.head[i].is_some_and(|h| {
                    // (or a perfect: "has denied that … and accused Lithuania of …")
                    let hi = h as usize - self.start;
                    self.xpos.get(hi) == Some(&"VBD")
                        || (self.xpos.get(hi) == Some(&"VBN")
                            && (0..n).any(|c| self.head[c] == Some(h) && self.rel[c] == "aux"))
                })
                && !(0..n).any(|c| {
                    self.head[c] == Some(k as u32)
                        && matches!(self.rel[c], "aux" | "aux:pass" | "obl:agent" | "nsubj:pass")
                });
            let new = if past_conjunct && upos == "VERB" {
                Some(Tag::VBD)
            } else if upos == "VERB" && !old.is_verb() && !prenominal && CLAUSAL.contains(&rel) {
                sitrep_text::lexicon::parse_tag(xpos).filter(|t| t.is_verb())
            } else if matches!(old, Tag::VBZ | Tag::VBP)
                && xpos == "NNS"
                && matches!(rel, "nsubj" | "nsubj:pass" | "obj" | "iobj" | "obl")
                && self.head[i].is_some_and(|h| {
                    let hi = h as usize - self.start;
                    self.upos.get(hi) == Some(&"VERB") && hi != i
                })
                && !sole_finite_is(i)
            {
                // "Jihadist groups regularly carry out attacks": a plural noun the word lists
                // took for a present-tense verb, read by the parse as an argument of another
                // verb.
                Some(Tag::NNS)
            } else if matches!(old, Tag::VBZ | Tag::VBP)
                && xpos == "NNS"
                && after_adjective(tokens, self.start, k)
                && !sole_finite_is(i)
            {
                // "crushing and destructive" attacks: a plural noun after its adjective (a
                // quotation mark between them hid it from the word lists' context rules).
                Some(Tag::NNS)
            } else if matches!(old, Tag::VB | Tag::VBP)
                && xpos == "NN"
                && ((rel == "obl"
                    && i > 0
                    && self.head[i - 1] == Some(k as u32)
                    && self.rel[i - 1] == "case")
                    // "rescue service Magen David Adom": a noun modifying a name.
                    || ((rel == "compound" || rel.starts_with("nmod"))
                        && self.head[i].is_some_and(|h| {
                            let hi = h as usize - self.start;
                            hi > i && self.upos.get(hi) == Some(&"PROPN")
                        })))
                && !sole_finite_is(i)
            {
                // "went on strike", "came under attack": a preposition's noun the word lists
                // took for a verb.
                Some(Tag::NN)
            } else if old == Tag::VBN
                && xpos == "VBD"
                && !aux_before
                && (CLAUSAL.contains(&rel) || sole_finite)
            {
                Some(Tag::VBD)
            } else {
                None
            };
            if let Some(tag) = new {
                let t = &mut tokens[k];
                t.lemma = sitrep_syntax::morph::lemma(&t.norm, xpos, lex).to_lowercase();
                t.tag = tag;
                changed = true;
            }
        }
        if n >= 3 && !self.xpos[..n].iter().any(|x| finite(x)) {
            // The subject's words the word lists took for verbs ("forces") are nouns here.
            for i in 0..n {
                let k = self.start + i;
                if tokens[k].tag.is_verb() && matches!(self.upos[i], "NOUN" | "PROPN") {
                    tokens[k].tag = if self.xpos[i] == "NNS" {
                        Tag::NNS
                    } else {
                        Tag::NN
                    };
                    changed = true;
                }
            }
            for i in 1..n.saturating_sub(1) {
                let k = self.start + i;
                let (prev, t, next) = (&tokens[k - 1], &tokens[k], &tokens[k + 1]);
                let participle = t.tag == Tag::VBN
                    || (t.tag == Tag::JJ && t.norm.to_lowercase().ends_with("ed"));
                let subject_before = prev.tag.is_noun() || matches!(prev.tag, Tag::RB | Tag::PRP);
                let object_after = next.tag.is_noun()
                    || matches!(next.tag, Tag::DT | Tag::CD | Tag::JJ | Tag::PRPS);
                if participle && subject_before && object_after {
                    let t = &mut tokens[k];
                    t.lemma = sitrep_syntax::morph::lemma(&t.norm, "VBD", lex).to_lowercase();
                    t.tag = Tag::VBD;
                    changed = true;
                    break;
                }
            }
        }
        changed
    }

    /// The parser's universal POS tag of token `k`.
    pub fn upos(&self, k: usize) -> &'static str {
        self.idx(k)
            .and_then(|i| self.upos.get(i).copied())
            .unwrap_or("X")
    }

    /// The dependents of token `k`, in text order.
    pub fn children(&self, k: usize) -> impl Iterator<Item = usize> + '_ {
        self.idx(k)
            .and_then(|i| self.children.get(i))
            .into_iter()
            .flatten()
            .map(|&c| c as usize)
    }

    /// The first dependent of `k` whose relation is `rel` or a subtype of it (`nsubj` finds
    /// `nsubj:pass`).
    pub fn child(&self, k: usize, rel: &str) -> Option<usize> {
        self.children(k).find(|&c| base(self.rel(c)) == rel)
    }

    /// The first dependent of `k` with exactly relation `rel`.
    pub fn child_exact(&self, k: usize, rel: &str) -> Option<usize> {
        self.children(k).find(|&c| self.rel(c) == rel)
    }

    /// Whether `k`'s clause is passive (a `nsubj:pass`, `aux:pass` or `obl:agent` dependent).
    pub fn passive(&self, k: usize) -> bool {
        self.children(k)
            .any(|c| matches!(self.rel(c), "nsubj:pass" | "aux:pass" | "obl:agent"))
    }

    /// The grammatical subject of the predicate `k`: its own `nsubj`/`nsubj:pass`, else what
    /// English leaves unsaid — the subject of the verb it is coordinated with ("Norland
    /// launched drones and struck Sudria"), of the verb that controls it ("threatened to
    /// shell"; "urged Sudria to withdraw" takes the object), the antecedent of a relative
    /// clause ("forces that shelled"), the noun a participle describes. `None` where the
    /// sentence names no subject.
    pub fn subject(&self, k: usize) -> Option<usize> {
        let mut cur = k;
        for _ in 0..8 {
            if let Some(s) = self
                .child(cur, "nsubj")
                .or_else(|| self.child(cur, "csubj"))
            {
                // A relative pronoun stands for the antecedent.
                if matches!(self.upos(s), "PRON") && self.rel(cur) == "acl:relcl" {
                    return self.head(cur);
                }
                return Some(s);
            }
            let h = self.head(cur)?;
            match self.rel(cur) {
                // "struck a monastery where villagers were sheltering, killing 23 people": a
                // participle after a comma that the parser coordinated with the progressive
                // verb of a "where"/"when"/"which" clause adjoins the clause that one
                // describes, and shares that clause's subject.
                "conj" if self.adjoined_participle(cur, h) => {
                    cur = self.head(h)?;
                }
                "conj" => cur = h,
                "xcomp" => {
                    // Object control: "urged Sudria to withdraw", "called on Sudria to …".
                    if let Some(o) = self.child(h, "obj") {
                        return Some(o);
                    }
                    cur = h;
                }
                "acl:relcl" => return Some(h),
                // "forces backed by Norland": a passive participle's subject is its noun;
                // "troops shelling the town": so is an active one's.
                "acl" => return Some(h),
                "advcl" => {
                    // "…, killing five": the participle shares the main clause's subject.
                    if matches!(self.upos(cur), "VERB") {
                        cur = h;
                    } else {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        None
    }

    /// Whether `k`, coordinated with `h`, is a participle set off by a comma ("…, killing 23")
    /// while `h` is the progressive verb of a clause opened by a wh-word ("where villagers
    /// were sheltering"): then `k` belongs to the clause above `h`.
    fn adjoined_participle(&self, k: usize, h: usize) -> bool {
        self.xpos(k) == "VBG"
            && !self.children(k).any(|c| self.rel(c).starts_with("aux"))
            && self.children(k).any(|c| c < k && self.rel(c) == "punct")
            && self.xpos(h) == "VBG"
            && self.children(h).any(|c| self.rel(c) == "aux")
            && self
                .children(h)
                .any(|c| c < h && matches!(self.xpos(c), "WRB" | "WDT" | "WP"))
            && matches!(self.rel(h), "advcl" | "acl:relcl" | "acl")
    }

    /// The direct object of `k` (`obj`), else `None`.
    pub fn object(&self, k: usize) -> Option<usize> {
        self.child_exact(k, "obj")
    }

    /// The passive agent of `k` ("by Norland": the `obl:agent`).
    pub fn agent(&self, k: usize) -> Option<usize> {
        self.child_exact(k, "obl:agent")
    }

    /// Joins two subjects of one verb that a conjunction separates. In "The United States and
    /// Saudi Arabia welcomed …" the parser may give "welcomed" two subjects ("States" and
    /// "Arabia") instead of one coordinated one, so a verb coordinated with it ("… and called
    /// on the warring parties") took only the first as its subject. The later subject becomes
    /// the conjunct of the earlier one, and the "and" between them its conjunction.
    fn double_subject_repair(&mut self, an: &Analysis) {
        let n = self.head.len();
        let abs = |i: usize| (self.start + i) as u32;
        for v in 0..n {
            let subjects: Vec<usize> = (0..n)
                .filter(|&c| self.head[c] == Some(abs(v)) && self.rel[c] == "nsubj")
                .collect();
            let [s1, s2] = subjects[..] else {
                continue;
            };
            crate::work(n as u64);
            let Some(cc) = (s1 + 1..s2).find(|&c| {
                an.tokens
                    .get(self.start + c)
                    .is_some_and(|t| matches!(t.norm.to_lowercase().as_str(), "and" | "or"))
                    && (self.head[c] == Some(abs(v)) || self.head[c] == Some(abs(s2)))
            }) else {
                continue;
            };
            self.head[s2] = Some(abs(s1));
            self.rel[s2] = "conj";
            self.head[cc] = Some(abs(s2));
            self.rel[cc] = "cc";
        }
    }

    /// Gives a coordinated clause back its own subject. In "394 protesters were detained in
    /// Moscow and at least 376 were detained in St. Petersburg" the parser coordinates the
    /// bare number with the first verb and leaves the second verb without a subject, so the
    /// coder read the second arrest as the first one's and added its count there. A conjunct
    /// verb with no subject whose auxiliaries follow right after a coordinated number, noun or
    /// pronoun takes that word as its subject, and the conjunction with it.
    fn conjunct_subject_repair(&mut self) {
        let n = self.head.len();
        let abs = |i: usize| (self.start + i) as u32;
        for v in 1..n {
            if self.upos[v] != "VERB" || self.rel[v] != "conj" {
                continue;
            }
            let children: Vec<usize> = (0..n).filter(|&c| self.head[c] == Some(abs(v))).collect();
            if children
                .iter()
                .any(|&c| matches!(base(self.rel[c]), "nsubj" | "csubj" | "expl"))
            {
                continue;
            }
            // The auxiliaries right before the verb ("were", "have been").
            let mut first = v;
            while first > 0
                && self.head[first - 1] == Some(abs(v))
                && matches!(self.rel[first - 1], "aux" | "aux:pass" | "advmod")
            {
                first -= 1;
            }
            if first == v || first == 0 {
                continue;
            }
            let s = first - 1;
            if !matches!(self.upos[s], "NUM" | "NOUN" | "PROPN" | "PRON")
                || self.rel[s] != "conj"
                || self.head[s].is_some_and(|h| h as usize >= self.start + s)
            {
                continue;
            }
            crate::work(n as u64);
            let passive = children.iter().any(|&c| self.rel[c] == "aux:pass");
            self.head[s] = Some(abs(v));
            self.rel[s] = if passive { "nsubj:pass" } else { "nsubj" };
            // The conjunction that joined the word now joins the clause.
            for c in 0..s {
                if self.head[c] == Some(abs(s)) && self.rel[c] == "cc" {
                    self.head[c] = Some(abs(v));
                }
            }
        }
    }

    /// Gives a subject followed by an apposition back its verb. News introduces a party
    /// with a description between commas ("The United States, a treaty ally of the
    /// Philippines, condemned …"); the parser often makes the description's noun the root,
    /// with the name as its subject and the verb hanging off it (`parataxis`), so the verb
    /// had no subject and the event no actor. A noun root with a subject before it, no
    /// copula, a comma on each side of it and a finite verb after the second comma becomes
    /// the apposition of that subject, and the verb the root with the subject as its own.
    fn appositive_subject_repair(&mut self, an: &Analysis) {
        let n = self.head.len();
        let start = self.start;
        let abs = |i: usize| (start + i) as u32;
        let comma = |i: usize| an.tokens.get(start + i).is_some_and(|t| t.norm == ",");
        let Some(r) = (0..n).find(|&i| self.head[i].is_none() && self.rel[i] == "root") else {
            return;
        };
        if !matches!(self.upos[r], "NOUN" | "PROPN") {
            return;
        }
        let kids: Vec<usize> = (0..n).filter(|&c| self.head[c] == Some(abs(r))).collect();
        if kids
            .iter()
            .any(|&c| matches!(self.rel[c], "cop" | "aux" | "aux:pass"))
        {
            return;
        }
        let Some(&subj) = kids.iter().find(|&&c| c < r && self.rel[c] == "nsubj") else {
            return;
        };
        let Some(&verb) = kids.iter().find(|&&c| {
            c > r
                && matches!(self.xpos[c], "VBD" | "VBZ" | "VBP")
                && matches!(self.rel[c], "parataxis" | "conj" | "dep" | "ccomp")
                && c > 0
                && comma(c - 1)
        }) else {
            return;
        };
        // The description starts right after a comma that follows the subject's phrase, and
        // nothing but the description lies between the two commas.
        let first = (subj + 1..r).find(|&i| comma(i));
        let Some(first) = first else { return };
        if (first + 1..verb - 1).any(comma) {
            return;
        }
        crate::work(n as u64);
        self.head[verb] = None;
        self.rel[verb] = "root";
        self.head[subj] = Some(abs(verb));
        self.rel[subj] = "nsubj";
        self.head[r] = Some(abs(subj));
        self.rel[r] = "appos";
        // What followed the verb on the old root (the final full stop) now hangs on the verb.
        for c in kids {
            if c > verb {
                self.head[c] = Some(abs(verb));
            }
        }
    }

    /// Gives a verb back to the main clause where the parser coordinated it inside an adverbial
    /// clause whose subject its own object names again. In "Police arrested an officer as he
    /// was on his way to the camp and detained him", the parser hangs "detained" on "way"; read
    /// so, "he" would detain "him". English says the same person with "himself" there, so a
    /// pronoun object repeating the clause's pronoun subject means the verb shares the main
    /// clause's subject: it becomes a conjunct of the verb the adverbial clause belongs to.
    fn pronoun_object_conjunct_repair(&mut self, an: &Analysis) {
        let n = self.head.len();
        let start = self.start;
        let abs = |i: usize| (start + i) as u32;
        let person = |i: usize| -> Option<&'static str> {
            let l = lemma_at(an, start, i).to_ascii_lowercase();
            Some(match l.as_str() {
                "he" | "him" => "he",
                "she" | "her" => "she",
                "they" | "them" => "they",
                "we" | "us" => "we",
                _ => return None,
            })
        };
        for v in 0..n {
            if self.upos[v] != "VERB" || self.rel[v] != "conj" {
                continue;
            }
            let Some(h) = self.head[v].and_then(|h| (h as usize).checked_sub(start)) else {
                continue;
            };
            if h >= n || base(self.rel[h]) != "advcl" {
                continue;
            }
            let Some(main) = self.head[h] else {
                continue;
            };
            crate::work(n as u64);
            let child_with = |x: usize, rel: &str| {
                (0..n).find(|&c| self.head[c] == Some(abs(x)) && base(self.rel[c]) == rel)
            };
            if child_with(v, "nsubj").is_some() {
                continue;
            }
            let (Some(subj), Some(obj)) = (child_with(h, "nsubj"), child_with(v, "obj")) else {
                continue;
            };
            if self.upos[subj] == "PRON"
                && self.upos[obj] == "PRON"
                && person(subj).is_some()
                && person(subj) == person(obj)
            {
                self.head[v] = Some(main);
            }
        }
    }

    /// Gives a reported clause its subject back from the reporting verb's object. In "The
    /// minister said talks with the union would resume next week" the parser often reads
    /// "talks" as what was said (`obj`) and hangs "would resume" elsewhere (without a subject,
    /// or with the noun of "with the United States" for one), so the talks' future tense was
    /// lost. A reporting verb's noun object followed, after its own phrase, by a modal and its
    /// verb becomes that verb's subject, the verb the reporting verb's complement, and a
    /// prepositional phrase read as the verb's subject goes back to the object.
    fn reported_object_subject_repair(&mut self, an: &Analysis, reporting: &crate::rules::Set) {
        let n = self.head.len();
        let start = self.start;
        let abs = |i: usize| (start + i) as u32;
        let under = |heads: &[Option<u32>], t: usize, top: usize| {
            let mut cur = t;
            for _ in 0..n {
                if cur == top {
                    return true;
                }
                match heads[cur] {
                    Some(h) => cur = h as usize - start,
                    None => return false,
                }
            }
            false
        };
        for v in 0..n {
            if !reporting.contains(lemma_at(an, start, v)) || self.upos[v] != "VERB" {
                continue;
            }
            let Some(obj) = (v + 1..n).find(|&c| {
                self.head[c] == Some(abs(v))
                    && self.rel[c] == "obj"
                    && matches!(self.upos[c], "NOUN" | "PROPN")
            }) else {
                continue;
            };
            // The first modal after the object, and the verb it serves.
            let Some(md) = (obj + 1..n.min(obj + 10)).find(|&j| self.xpos[j] == "MD") else {
                continue;
            };
            let Some(comp) = self.head[md].map(|h| h as usize - start) else {
                continue;
            };
            if comp <= md || self.upos[comp] != "VERB" || under(&self.head, comp, obj) {
                continue;
            }
            // Between the object and the modal: the object's phrase, or one prepositional
            // phrase the parser made the verb's subject.
            let mut stray = None;
            let fits = (obj + 1..md).all(|t| {
                if under(&self.head, t, obj) {
                    return true;
                }
                let top = (obj + 1..md).find(|&x| {
                    self.head[x] == Some(abs(comp))
                        && base(self.rel[x]) == "nsubj"
                        && under(&self.head, t, x)
                });
                match top {
                    Some(x)
                        if (0..n)
                            .any(|c| self.head[c] == Some(abs(x)) && self.rel[c] == "case") =>
                    {
                        stray = Some(x);
                        true
                    }
                    _ => false,
                }
            });
            if !fits {
                continue;
            }
            let other_subject = (0..n).any(|c| {
                self.head[c] == Some(abs(comp))
                    && matches!(base(self.rel[c]), "nsubj" | "expl")
                    && Some(c) != stray
            });
            if other_subject {
                continue;
            }
            crate::work(n as u64);
            if let Some(x) = stray {
                self.head[x] = Some(abs(obj));
                self.rel[x] = "nmod";
            }
            let passive =
                (0..n).any(|c| self.head[c] == Some(abs(comp)) && self.rel[c] == "aux:pass");
            self.head[obj] = Some(abs(comp));
            self.rel[obj] = if passive { "nsubj:pass" } else { "nsubj" };
            self.head[comp] = Some(abs(v));
            self.rel[comp] = "ccomp";
        }
    }

    /// Gives a speaker back the act they add after a report. In "Morales denied that his
    /// supporters were armed and called on the government to open a dialogue" the parser
    /// often coordinates "called" with the reported "armed", so the supporters would call.
    /// A verb of address (`speech_acts`) with no subject of its own, coordinated with the
    /// complement of a reporting or denying verb, is coordinated with that verb instead.
    fn speech_act_conjunct_repair(&mut self, an: &Analysis, rules: &crate::Rules) {
        let n = self.head.len();
        let start = self.start;
        let abs = |i: usize| (start + i) as u32;
        for v in 0..n {
            if self.rel[v] != "conj"
                || self.upos[v] != "VERB"
                || !rules.speech_acts.contains(verb_lemma_at(an, start, v))
            {
                continue;
            }
            let Some(mut h) = self.head[v].map(|h| h as usize - start) else {
                continue;
            };
            // (The parser may hang it lower inside the complement: "said the law was
            // incompatible with Georgia's bid to join the bloc and called on …" coordinates
            // "called" with "join".)
            for _ in 0..4 {
                if self.rel[h] == "ccomp" {
                    break;
                }
                match self.head[h].map(|x| x as usize - start) {
                    Some(x)
                        if matches!(self.rel[h], "acl" | "obl" | "nmod" | "xcomp" | "advcl") =>
                    {
                        h = x
                    }
                    _ => break,
                }
            }
            if self.rel[h] != "ccomp" || h >= v {
                continue;
            }
            let Some(r) = self.head[h].map(|x| x as usize - start) else {
                continue;
            };
            let reporter = rules.claim_verbs.contains(lemma_at(an, start, r))
                || matches!(lemma_at(an, start, r), "deny" | "insist" | "argue");
            if !reporter || r >= h {
                continue;
            }
            if (0..n).any(|c| self.head[c] == Some(abs(v)) && base(self.rel[c]) == "nsubj") {
                continue;
            }
            crate::work(n as u64);
            self.head[v] = Some(abs(r));
            // The conjunction that joined it goes with it.
        }
    }

    /// Gives a speaker back a second act the parser read as an adjective. In "Lukashenko has
    /// denied that his government is behind the balloons and accused Lithuania of staging
    /// provocations" the parser often makes "accused" a modifier (`amod`) of "Lithuania" and
    /// coordinates that noun with "balloons", so no one accuses. A past form of a verb of
    /// address (`speech_acts`) right after "and", modifying the noun after it, which is
    /// itself coordinated, is coordinated with the sentence's main verb instead, and the noun
    /// becomes its object. So does any past form there when the main verb is itself a simple
    /// past ("spoke by telephone with Yunus, and raised concern over attacks"): after ", and"
    /// a past clause goes on with another past verb more often than with a modified noun.
    fn speech_act_modifier_repair(&mut self, an: &Analysis, rules: &crate::Rules) {
        let n = self.head.len();
        let start = self.start;
        let abs = |i: usize| (start + i) as u32;
        let Some(root) = (0..n).find(|&r| self.head[r].is_none()) else {
            return;
        };
        if self.upos[root] != "VERB" {
            return;
        }
        for v in 1..n.saturating_sub(1) {
            let noun = v + 1;
            if self.rel[v] != "amod"
                || !matches!(self.xpos[v], "VBD" | "VBN")
                || self.head[v] != Some(abs(noun))
                || self.rel[noun] != "conj"
                || !matches!(self.upos[noun], "PROPN" | "NOUN")
                || root >= v
                || an.tokens.get(start + v - 1).is_none_or(|t| t.norm != "and")
                || !(rules.speech_acts.contains(verb_lemma_at(an, start, v))
                    || (self.xpos[root] == "VBD"
                        && an.tokens.get(start + v - 2).is_some_and(|t| t.norm == ",")))
            {
                continue;
            }
            crate::work(n as u64);
            self.head[v] = Some(abs(root));
            self.rel[v] = "conj";
            self.upos[v] = "VERB";
            self.head[v - 1] = Some(abs(v));
            self.rel[v - 1] = "cc";
            self.head[noun] = Some(abs(v));
            self.rel[noun] = "obj";
        }
    }

    /// Gives a participle after a comma back to the clause that has a subject. In "The junta
    /// ordered two French diplomats to leave the country within 48 hours, accusing them of
    /// subversive activities" the parser often hangs "accusing" on "leave", so the diplomats
    /// would accuse. A participle (`advcl`, after a comma, no subject or marker of its own)
    /// whose head is an infinitive ("to leave", `acl` or `xcomp`) goes up to the nearest verb
    /// above it that has a subject.
    fn participle_attachment_repair(&mut self, an: &Analysis, rules: &crate::Rules) {
        let n = self.head.len();
        let start = self.start;
        let abs = |i: usize| (start + i) as u32;
        for v in 1..n {
            if self.xpos[v] != "VBG"
                || self.rel[v] != "advcl"
                || an.tokens.get(start + v - 1).is_none_or(|t| t.norm != ",")
            {
                continue;
            }
            let heads = &self.head;
            let kids = |x: usize| (0..n).filter(move |&c| heads[c] == Some(abs(x)));
            if kids(v).any(|c| matches!(base(self.rel[c]), "nsubj" | "mark")) {
                continue;
            }
            let Some(h) = self.head[v].map(|h| h as usize - start) else {
                continue;
            };
            let infinitive = matches!(self.rel[h], "acl" | "xcomp")
                && kids(h).any(|c| self.rel[c] == "mark" && self.xpos[c] == "TO");
            if !infinitive {
                continue;
            }
            self.lift_participle(v, h);
        }
        // "filed a case at the court accusing Israel of genocide": a participle of a speech
        // act modifying the document a party files or issues (`acl` of "case", "complaint",
        // "resolution", "statement" …) is that party's act.
        for v in 1..n {
            if self.xpos[v] != "VBG"
                || self.rel[v] != "acl"
                || !rules.speech_acts.contains(verb_lemma_at(an, start, v))
            {
                continue;
            }
            let Some(h) = self.head[v].map(|h| h as usize - start) else {
                continue;
            };
            if !matches!(
                lemma_at(an, start, h),
                "case"
                    | "complaint"
                    | "lawsuit"
                    | "suit"
                    | "petition"
                    | "resolution"
                    | "statement"
                    | "letter"
                    | "report"
                    | "motion"
                    | "communique"
                    | "note"
            ) || self.rel[h] != "obj"
            {
                continue;
            }
            self.lift_participle(v, h);
        }
    }

    /// Hangs participle `v` on the nearest verb above `h` that has a subject, as an `advcl`.
    fn lift_participle(&mut self, v: usize, h: usize) {
        let n = self.head.len();
        let start = self.start;
        let abs = |i: usize| (start + i) as u32;
        {
            let heads = &self.head;
            let kids = |x: usize| (0..n).filter(move |&c| heads[c] == Some(abs(x)));
            // Up from the infinitive to the first verb with a subject.
            let mut up = self.head[h].map(|x| x as usize - start);
            let mut steps = 0;
            while let Some(u) = up {
                if steps > n {
                    break;
                }
                steps += 1;
                if self.upos[u] == "VERB" && kids(u).any(|c| base(self.rel[c]) == "nsubj") {
                    break;
                }
                up = self.head[u].map(|x| x as usize - start);
            }
            let Some(u) = up else {
                return;
            };
            if self.upos[u] != "VERB" || u >= v {
                return;
            }
            crate::work(n as u64);
            self.head[v] = Some(abs(u));
            self.rel[v] = "advcl";
        }
    }

    /// Gives the protest a state lodges after summoning an envoy back to the state. In
    /// "Pakistan summoned the Afghan envoy to lodge a strong protest" the parser hangs "to
    /// lodge" on the envoy (or makes it the summoning verb's object-controlled `xcomp`), so
    /// the envoy would protest to himself. An infinitive of a `summoned_for` verb under a
    /// verb of the `summon` class or its object is the summoner's purpose (`advcl`).
    fn summon_purpose_repair(&mut self, an: &Analysis, rules: &crate::Rules) {
        let n = self.head.len();
        let start = self.start;
        let abs = |i: usize| (start + i) as u32;
        for x in 0..n {
            if !matches!(self.rel[x], "acl" | "xcomp")
                || !rules.in_class("summoned_for", verb_lemma_at(an, start, x))
                || !(0..n).any(|c| {
                    self.head[c] == Some(abs(x))
                        && self.rel[c] == "mark"
                        && an.tokens.get(start + c).is_some_and(|t| t.norm == "to")
                })
            {
                continue;
            }
            let Some(h) = self.head[x].map(|h| h as usize - start) else {
                continue;
            };
            let summoner = if self.rel[x] == "xcomp" {
                Some(h)
            } else if self.rel[h] == "obj" {
                self.head[h].map(|v| v as usize - start)
            } else {
                None
            };
            let Some(v) =
                summoner.filter(|&v| rules.in_class("summon", verb_lemma_at(an, start, v)))
            else {
                continue;
            };
            crate::work(1);
            self.head[x] = Some(abs(v));
            self.rel[x] = "advcl";
        }
    }

    /// Puts a relative clause back under its antecedent. In "Venezuela, which hosts the
    /// talks, urged both sides to return" the parser can make "hosts" the root, with
    /// "Venezuela" and "which" both its subjects and "urged" its conjunct, so that Venezuela
    /// would host and nobody urge. A root verb whose subject is a relative pronoun right
    /// after a comma, with a second subject before that comma and a subjectless verb
    /// conjoined after a later comma, is the relative clause of that noun, and the later
    /// verb is the sentence's root with the noun as its subject.
    fn relative_clause_root_repair(&mut self, an: &Analysis) {
        let n = self.head.len();
        let start = self.start;
        let abs = |i: usize| (start + i) as u32;
        let Some(r) = (0..n).find(|&r| self.head[r].is_none()) else {
            return;
        };
        if self.upos[r] != "VERB" {
            return;
        }
        let word = |i: usize| an.tokens.get(start + i).map(|t| t.norm.as_str());
        let kids = |this: &Self, h: usize| -> Vec<usize> {
            (0..n).filter(|&c| this.head[c] == Some(abs(h))).collect()
        };
        let children = kids(self, r);
        let Some(rel_pron) = children.iter().copied().find(|&c| {
            c >= 2
                && c < r
                && base(self.rel[c]) == "nsubj"
                && matches!(self.xpos[c], "WDT" | "WP")
                && word(c - 1) == Some(",")
        }) else {
            return;
        };
        let antecedent = rel_pron - 2;
        if self.head[antecedent] != Some(abs(r)) || base(self.rel[antecedent]) != "nsubj" {
            return;
        }
        let Some(v) = children.iter().copied().find(|&c| {
            c > r
                && self.rel[c] == "conj"
                && self.upos[c] == "VERB"
                && c > 0
                && word(c - 1) == Some(",")
        }) else {
            return;
        };
        if kids(self, v).iter().any(|&c| base(self.rel[c]) == "nsubj") {
            return;
        }
        crate::work(n as u64);
        self.head[v] = None;
        self.rel[v] = "root";
        self.head[r] = Some(abs(antecedent));
        self.rel[r] = "acl:relcl";
        self.head[antecedent] = Some(abs(v));
        // What follows the relative clause's closing comma (the sentence's last mark) is the
        // main verb's now.
        for c in children {
            if c > v && self.rel[c] == "punct" {
                self.head[c] = Some(abs(v));
            }
        }
    }

    /// Gives a participle after a comma back the main clause's subject. In "The junta
    /// suspended French broadcasters RFI and France 24, accusing them of …" the parser often
    /// makes the names after the object the subject of "accusing", so the broadcasters would
    /// accuse themselves. A participle (`advcl`, no marker) with a subject before its comma,
    /// right after its head verb's object, gives that subject back to the object as its
    /// apposition; the participle then shares the main clause's subject.
    fn participle_subject_repair(&mut self, an: &Analysis) {
        let n = self.head.len();
        let start = self.start;
        let abs = |i: usize| (start + i) as u32;
        for v in 1..n {
            if self.xpos[v] != "VBG" || self.rel[v] != "advcl" {
                continue;
            }
            if an.tokens.get(start + v - 1).is_none_or(|t| t.norm != ",") {
                continue;
            }
            let kids: Vec<usize> = (0..n).filter(|&c| self.head[c] == Some(abs(v))).collect();
            if kids.iter().any(|&c| self.rel[c] == "mark") {
                continue;
            }
            let Some(&subj) = kids
                .iter()
                .find(|&&c| c < v && base(self.rel[c]) == "nsubj")
            else {
                continue;
            };
            let Some(h) = self.head[v].map(|h| h as usize - start) else {
                continue;
            };
            let Some(obj) = (0..subj)
                .rev()
                .find(|&c| self.head[c] == Some(abs(h)) && self.rel[c] == "obj")
            else {
                continue;
            };
            if obj >= subj || h > obj {
                continue;
            }
            crate::work(n as u64);
            self.head[subj] = Some(abs(obj));
            self.rel[subj] = "appos";
        }
    }

    /// Gives back the verb of a sentence the parser left without one. In "Thousands of miners
    /// set off dynamite and threw rocks at police" the parser often reads "set" as a participle
    /// modifying the subject (`acl`) and makes the subject noun the root. A participle with a
    /// direct object is no passive modifier: where the root is a noun and such a word (`VBN` or
    /// `VBD`, `acl`, an `obj` of its own) hangs on it or on a noun under it, it becomes the
    /// root, the old root its subject, and the verbs and punctuation coordinated with the old
    /// root go with it.
    fn object_participle_repair(&mut self) {
        let n = self.head.len();
        let start = self.start;
        let abs = |i: usize| (start + i) as u32;
        let Some(root) = (0..n).find(|&r| self.head[r].is_none()) else {
            return;
        };
        // ("Thousands of miners": a number heading the subject is its noun)
        if !matches!(self.upos[root], "NOUN" | "PROPN" | "NUM") {
            return;
        }
        let under_root = |mut x: usize| {
            for _ in 0..3 {
                match self.head[x].map(|h| h as usize - start) {
                    Some(h) if h == root => return true,
                    Some(h) if matches!(self.upos[h], "NOUN" | "PROPN") => x = h,
                    _ => return false,
                }
            }
            false
        };
        let Some(v) = (root + 1..n).find(|&v| {
            matches!(self.xpos[v], "VBN" | "VBD")
                && self.rel[v] == "acl"
                && under_root(v)
                && (0..n).any(|c| self.head[c] == Some(abs(v)) && self.rel[c] == "obj")
        }) else {
            return;
        };
        crate::work(n as u64);
        for c in 0..n {
            if self.head[c] == Some(abs(root)) && c > v && matches!(self.rel[c], "conj" | "punct") {
                self.head[c] = Some(abs(v));
            }
        }
        self.head[v] = None;
        self.rel[v] = "root";
        self.upos[v] = "VERB";
        self.xpos[v] = "VBD";
        self.head[root] = Some(abs(v));
        self.rel[root] = "nsubj";
    }

    /// Gives a meeting back whom it met. In "The envoy met junta chief Min Aung Hlaing in
    /// Naypyitaw and urged an end to the violence" the parser often makes the person met the
    /// subject of the coordinated verb, so the junta chief would urge. A verb of contact
    /// (`contact_verbs`: meet, host, receive …) with no object, coordinated with a later verb
    /// whose subject stands between the two, takes that subject as its object; the later
    /// verb then shares the first one's subject.
    fn met_object_repair(&mut self, an: &Analysis, rules: &crate::Rules) {
        let n = self.head.len();
        let start = self.start;
        let abs = |i: usize| (start + i) as u32;
        for v in 1..n {
            if self.rel[v] != "conj" || self.upos[v] != "VERB" {
                continue;
            }
            let Some(h) = self.head[v].map(|h| h as usize - start) else {
                continue;
            };
            // (a finite verb joined by "and": not "a Council meeting later on Sunday, the DRC
            // demanded …", where the parse may take the noun for a verb)
            if h >= v
                || !matches!(self.xpos[h], "VBD" | "VBZ" | "VBP")
                || !rules.in_class("contact_verbs", verb_lemma_at(an, start, h))
                || !(h + 1..v).any(|c| self.head[c] == Some(abs(v)) && self.rel[c] == "cc")
            {
                continue;
            }
            if (0..n).any(|c| self.head[c] == Some(abs(h)) && self.rel[c] == "obj") {
                continue;
            }
            let Some(s) =
                (h + 1..v).find(|&c| self.head[c] == Some(abs(v)) && self.rel[c] == "nsubj")
            else {
                continue;
            };
            if !matches!(self.upos[s], "NOUN" | "PROPN") {
                continue;
            }
            crate::work(n as u64);
            self.head[s] = Some(abs(h));
            self.rel[s] = "obj";
        }
    }

    /// Reads "outside parliament" as a place. The parser often takes "outside", "near" or
    /// "opposite" before a building for an adjective ("outside investors") and the building
    /// for the verb's object, so "rallied outside parliament" had an object and no protest
    /// rule (they want none) fitted. Such a word right before a noun of the `buildings` class
    /// is its preposition (`case`), and the building an oblique argument.
    fn locative_preposition_repair(&mut self, an: &Analysis, rules: &crate::Rules) {
        let n = self.head.len();
        let start = self.start;
        for i in 0..n.saturating_sub(1) {
            if !matches!(
                lemma_at(an, start, i),
                "outside" | "inside" | "near" | "opposite" | "beside"
            ) || self.rel[i] != "amod"
            {
                continue;
            }
            // The building: the next word, or the one after a determiner.
            let b = if matches!(lemma_at(an, start, i + 1), "the" | "a" | "an") {
                i + 2
            } else {
                i + 1
            };
            if b >= n
                || self.head[i] != Some((start + b) as u32)
                || !rules.in_class("buildings", lemma_at(an, start, b))
            {
                continue;
            }
            crate::work(1);
            self.rel[i] = "case";
            self.upos[i] = "ADP";
            self.xpos[i] = "IN";
            if self.rel[b] == "obj" {
                self.rel[b] = "obl";
            }
        }
    }

    /// Makes the clause a reporting verb introduces its complement where the parser coordinated
    /// the two: in "Police said two siblings and their mother were killed" it often reads
    /// "said … and … were killed" as two conjoined verbs, taking the "and" inside the subject
    /// for the coordinator, so the killed would read as speakers. A verb `conj` of a reporting
    /// verb that has no complement of its own becomes its `ccomp` when the verb's subject
    /// phrase starts right after the reporting verb (a real second verb has no subject there:
    /// "said it and left"). A coordinator the parser hung on that verb from inside its subject
    /// phrase goes back to the subject after it, which becomes a conjunct of the first.
    fn reported_clause_repair(&mut self, an: &Analysis, reporting: &crate::rules::Set) {
        let n = self.head.len();
        let start = self.start;
        let lemma = |i: usize| lemma_at(an, start, i);
        let abs = |i: usize| (self.start + i) as u32;
        // The first token of `s`'s subtree (heads only point inside the sentence).
        let leftmost = |heads: &[Option<u32>], s: usize| {
            (0..=s)
                .find(|&t| {
                    let mut cur = t;
                    for _ in 0..n {
                        if cur == s {
                            return true;
                        }
                        match heads[cur] {
                            Some(h) => cur = h as usize - self.start,
                            None => return false,
                        }
                    }
                    false
                })
                .unwrap_or(s)
        };
        for r in 0..n {
            if !reporting.contains(lemma(r)) || !self.xpos[r].starts_with("VB") {
                continue;
            }
            let has_comp = (0..n).any(|c| {
                self.head[c] == Some(abs(r)) && matches!(self.rel[c], "ccomp" | "obj" | "xcomp")
            });
            if has_comp {
                continue;
            }
            let Some(v) = (r + 1..n).find(|&c| {
                self.head[c] == Some(abs(r)) && self.rel[c] == "conj" && self.upos[c] == "VERB"
            }) else {
                continue;
            };
            let subjects: Vec<usize> = (r + 1..v)
                .filter(|&c| self.head[c] == Some(abs(v)) && base(self.rel[c]) == "nsubj")
                .collect();
            let Some(&first) = subjects.first() else {
                continue;
            };
            crate::work(n as u64);
            if leftmost(&self.head, first) != r + 1 {
                continue;
            }
            self.rel[v] = "ccomp";
            for &later in &subjects[1..] {
                if let Some(cc) =
                    (first..later).find(|&c| self.head[c] == Some(abs(v)) && self.rel[c] == "cc")
                {
                    self.head[cc] = Some(abs(later));
                }
                self.head[later] = Some(abs(first));
                self.rel[later] = "conj";
            }
        }
    }
}

/// The lemma of token `i` of the sentence starting at token `start` ("" past the end), for
/// the repairs, which read lemmas while they rewrite the parse.
fn lemma_at(an: &Analysis, start: usize, i: usize) -> &str {
    an.tokens
        .get(start + i)
        .map(|t| t.lemma.as_str())
        .unwrap_or("")
}

/// The verb lemma of token `i` (of the sentence starting at `start`): the word lists' lemma,
/// or, where they read the word as something else ("accused" as a noun), the lemma of its
/// verb reading. The repairs run before the parse's tags replace the word lists' own.
fn verb_lemma_at(an: &Analysis, start: usize, i: usize) -> &str {
    let Some(t) = an.tokens.get(start + i) else {
        return "";
    };
    if t.tag.is_verb() {
        return t.lemma.as_str();
    }
    sitrep_text::Lexicon::default_ref()
        .word(&t.norm.to_lowercase())
        .and_then(|e| {
            e.iter()
                .find(|r| r.tag.is_verb())
                .and_then(|r| r.lemma.as_deref())
        })
        .unwrap_or(t.lemma.as_str())
}

/// `nsubj:pass` → `nsubj`.
fn base(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Relations a verb heads a clause through.
const CLAUSAL: &[&str] = &[
    "root",
    "conj",
    "ccomp",
    "xcomp",
    "advcl",
    "acl:relcl",
    "parataxis",
];

#[cfg(test)]
mod tests {
    use super::TokParse;

    /// The parse of `text` (one sentence) and its tokens' surface forms.
    fn parse(text: &str) -> (TokParse, Vec<String>) {
        let model = sitrep_syntax::Model::builtin().expect("built-in model");
        let mut an = model.analyser();
        let a = sitrep_text::analyze(text);
        let s = &a.sentences[0];
        let rules = crate::Rules::builtin().expect("built-in rules");
        let p = TokParse::parse(
            model,
            &mut an,
            text,
            &a,
            s.tok_start,
            s.tok_end,
            &[],
            &rules,
            0,
        );
        let forms = a
            .tokens
            .iter()
            .map(|t| text[t.start..t.end].to_string())
            .collect();
        (p, forms)
    }

    fn at(forms: &[String], w: &str) -> usize {
        forms.iter().position(|f| f == w).expect(w)
    }

    #[test]
    fn a_participle_with_an_object_under_a_noun_root_is_the_verb() {
        let (p, f) =
            parse("Thousands of cooperative miners set off dynamite and threw rocks at police.");
        assert_eq!(p.head(at(&f, "set")), None);
        assert_eq!(p.subject(at(&f, "set")), Some(at(&f, "Thousands")));
        assert_eq!(p.subject(at(&f, "threw")), Some(at(&f, "Thousands")));
    }

    #[test]
    fn a_relative_clause_read_as_the_root_goes_back_under_its_noun() {
        let (p, f) =
            parse("Venezuela, which hosts the talks, urged both sides to return to the table.");
        assert_eq!(p.head(at(&f, "hosts")), Some(at(&f, "Venezuela")));
        assert_eq!(p.rel(at(&f, "hosts")), "acl:relcl");
        assert_eq!(p.subject(at(&f, "urged")), Some(at(&f, "Venezuela")));
    }

    /// `within` walks up at most `steps - 1` heads: a date under a noun's relative clause is
    /// within the noun a few steps up, and no token is within a word below it.
    #[test]
    fn within_is_a_bounded_walk_up_the_heads() {
        let (p, f) = parse("Pakistan protested an attack that killed seven soldiers on Sunday.");
        let (sunday, attack) = (at(&f, "Sunday"), at(&f, "attack"));
        assert!(p.within(attack, attack, 1));
        assert!(p.within(sunday, attack, 8));
        assert!(!p.within(sunday, attack, 1));
        assert!(!p.within(attack, sunday, 8));
    }

    #[test]
    fn subjects_come_through_control_coordination_and_relative_clauses() {
        let (p, f) = parse("Norland threatened to shell the towns.");
        assert_eq!(p.subject(at(&f, "shell")), Some(at(&f, "Norland")));
        let (p, f) = parse("Norland launched drones and struck the capital.");
        assert_eq!(p.subject(at(&f, "struck")), Some(at(&f, "Norland")));
        let (p, f) = parse("The soldiers who shelled the village were arrested.");
        assert_eq!(p.subject(at(&f, "shelled")), Some(at(&f, "soldiers")));
    }

    #[test]
    fn a_subject_keeps_its_verb_across_an_apposition() {
        let (p, f) = parse(
            "The United States, a treaty ally of the Philippines, condemned China's actions.",
        );
        assert_eq!(p.subject(at(&f, "condemned")), Some(at(&f, "States")));
        assert_eq!(p.head(at(&f, "ally")), Some(at(&f, "States")));
    }

    #[test]
    fn a_reported_clause_gets_its_subject_back_from_the_reporting_verbs_object() {
        let (p, f) = parse("The minister said talks with the union would resume next week.");
        assert_eq!(p.subject(at(&f, "resume")), Some(at(&f, "talks")));
        let (p, f) = parse("Iran said talks with the United States would take place in Oman.");
        assert_eq!(p.subject(at(&f, "take")), Some(at(&f, "talks")));
    }

    #[test]
    fn a_participle_after_a_comma_shares_the_main_subject() {
        let (p, f) = parse(
            "The junta suspended French broadcasters RFI and France 24, accusing them of spreading false reports.",
        );
        assert_eq!(p.subject(at(&f, "accusing")), Some(at(&f, "junta")));
    }

    #[test]
    fn whom_a_meeting_met_is_not_the_next_verbs_subject() {
        let (p, f) = parse(
            "The envoy met junta chief Min Aung Hlaing in Naypyitaw last week and urged an end to the violence.",
        );
        assert_eq!(p.subject(at(&f, "urged")), Some(at(&f, "envoy")));
    }

    #[test]
    fn a_speech_act_after_a_report_is_the_speakers() {
        let (p, f) = parse(
            "Kosovo Prime Minister Albin Kurti said the arrest was lawful and accused Belgrade of stoking tensions.",
        );
        assert_eq!(p.head(at(&f, "accused")), Some(at(&f, "said")));
        let (p, f) = parse(
            "Evo Morales denied that his supporters were armed and called on the government to open a dialogue.",
        );
        assert_eq!(p.head(at(&f, "called")), Some(at(&f, "denied")));
    }

    #[test]
    fn a_pronoun_object_repeating_an_adverbial_subject_returns_the_verb_to_the_main_clause() {
        // The parser hangs "questioned" on "driving"; "they … questioned them" cannot be.
        let (p, f) = parse(
            "Soldiers stopped two journalists as they were driving to the front line near the village and questioned them for hours.",
        );
        let questioned = at(&f, "questioned");
        assert_eq!(p.head(questioned), Some(at(&f, "stopped")));
        assert_eq!(p.subject(questioned), Some(at(&f, "Soldiers")));
    }

    #[test]
    fn a_reported_clause_is_no_second_verb_of_its_speaker() {
        let (p, f) = parse(
            "Indian police, meanwhile, said two siblings and their mother were killed in Kashmir.",
        );
        let killed = at(&f, "killed");
        assert_eq!(p.rel(killed), "ccomp");
        assert_eq!(p.head(killed), Some(at(&f, "said")));
        assert_eq!(p.head(at(&f, "mother")), Some(at(&f, "siblings")));
        // A real second verb keeps its coordination.
        let (p, f) = parse("The minister said it and left the room.");
        assert_ne!(p.rel(at(&f, "left")), "ccomp");
    }

    #[test]
    fn objects_agents_and_passives() {
        let (p, f) = parse("The army shelled the village.");
        assert_eq!(p.object(at(&f, "shelled")), Some(at(&f, "village")));
        assert!(!p.passive(at(&f, "shelled")));
        let (p, f) = parse("The village was shelled by the army.");
        assert!(p.passive(at(&f, "shelled")));
        assert_eq!(p.subject(at(&f, "shelled")), Some(at(&f, "village")));
        assert_eq!(p.agent(at(&f, "shelled")), Some(at(&f, "army")));
    }

    #[test]
    fn every_token_has_at_most_one_head_and_no_cycles() {
        let text =
            "A 7-year-old boy, who'd been gonna visit www.example.com, was hurt in the blast.";
        let (p, f) = parse(text);
        for k in 0..f.len() {
            let mut cur = k;
            let mut steps = 0;
            while let Some(h) = p.head(cur) {
                cur = h;
                steps += 1;
                assert!(steps <= f.len(), "cycle through token {k}");
            }
        }
    }
}
