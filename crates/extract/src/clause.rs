//! Arguments of a sentence: noun units, their coordination, and the subject, object and
//! prepositional arguments around a verb or event noun.
//!
//! This is a shallow reading of English clause structure over the chunks of the linguistic
//! layer, enough to tell who acts and who is acted upon: the subject is the nearest argument to
//! the left inside the clause (through relative pronouns to their antecedent), the object the
//! argument right after the verb group, and prepositional arguments follow until the clause ends.

use crate::mentions::Mention;
use sitrep_model::{Chunk, ChunkKind, Tag, Token, TokenKind};
use std::borrow::Cow;

/// Subordinators and other words that open a new clause.
pub const CLAUSE_OPENERS: &[&str] = &[
    "while",
    "as",
    "after",
    "because",
    "when",
    "although",
    "though",
    "if",
    "before",
    "since",
    "following",
    "amid",
    "despite",
    "whereas",
    "unless",
    "until",
    "once",
    "but",
    "saying",
    "adding",
    "so",
];

/// How many units of a comma list [`SentenceView::list_continues`] follows.
const MAX_LIST_UNITS: usize = 64;

/// A noun unit: a run of nominal tokens (a noun chunk, a mention with its title).
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub start: usize,
    pub end: usize,
    /// Indices (into the sentence's mention list) of the mentions inside.
    pub mentions: Vec<usize>,
}

/// An argument: coordinated units ("Russia and the US", "Rubio, Lavrov and others"), with any
/// "of"/"from" attachment ("officials from Russia").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Arg {
    pub start: usize,
    pub end: usize,
    pub units: Vec<Unit>,
}

impl Arg {
    pub fn mentions(&self) -> impl Iterator<Item = usize> + '_ {
        self.units.iter().flat_map(|u| u.mentions.iter().copied())
    }
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
    /// Whether a mention in the argument names something other than a place (a country,
    /// group, person …): a place alone names where, not who.
    pub fn names_a_party(&self, mentions: &[Mention]) -> bool {
        self.mentions()
            .any(|m| !matches!(mentions[m].kind, sitrep_model::EntityKind::Place))
    }
}

/// The analysed sentence the rules read.
pub struct SentenceView<'a> {
    pub tokens: &'a [Token],
    pub start: usize,
    pub end: usize,
    pub mentions: &'a [Mention],
    /// Verb chunks of the sentence.
    pub verbs: Vec<&'a Chunk>,
    /// Units of the sentence, in order.
    pub units: Vec<Unit>,
    /// Nouns that stand for actors ("officials", "leaders"): only they take an "of"/"from"
    /// attachment ("officials from Russia"), so "the wounded from the town" stays apart.
    actor_nouns: &'a crate::rules::Map<String>,
    /// Per token of the sentence (index `k - start`): the first verb chunk containing it.
    /// The lookups below are by index rather than by scanning, so that the resolvers that
    /// call them for every word stay linear in the sentence length.
    verb_of: Vec<Option<u32>>,
    /// Per token: the unit containing it.
    unit_of_tok: Vec<Option<u32>>,
    /// The source claims of the sentence ("X said", "according to X"), the same for every
    /// event of the sentence, so computed once.
    pub(crate) claims: std::cell::OnceCell<Vec<sitrep_model::Claimant>>,
    /// [`SentenceView::clause_end`] for every token of the sentence, computed on the first
    /// call in one right-to-left pass: the coders ask it for nearly every candidate word, and
    /// a scan per call made a sentence of one repeated event word ("attack attack …", up to
    /// [`sitrep_text::MAX_SENTENCE_TOKENS`] long) cost the square of its length.
    clause_ends: std::cell::OnceCell<Vec<u32>>,
    /// The sentence's dependency parse, where the extractor has a parser: subjects and
    /// objects then come from relations ([`SentenceView::dep_subject`]) rather than word order.
    pub parse: Option<&'a crate::deps::TokParse>,
}

/// A token's lower-case form, borrowed when the token already is lower case (most are), so
/// that the per-token rule lookups allocate nothing.
#[inline]
pub fn lower(t: &Token) -> Cow<'_, str> {
    match &t.lower {
        // the tokeniser's lower-case form (only where it differs from `norm`)
        Some(l) => Cow::Borrowed(l),
        None => fold(&t.norm),
    }
}

/// `s.to_lowercase()`, borrowed when that would change nothing.
#[inline]
pub fn fold(s: &str) -> Cow<'_, str> {
    // The usual all-ASCII lower-case word, eight bytes at a time, inline: called about twenty
    // times a token, the call's own set-up cost more than the test.
    if ascii_without_capitals(s.as_bytes()) {
        return Cow::Borrowed(s);
    }
    fold_other(s)
}

/// [`fold`] for words with capitals or non-ASCII letters.
#[inline(never)]
fn fold_other(s: &str) -> Cow<'_, str> {
    let unchanged = if s.is_ascii() {
        false
    } else {
        // Title-case letters ("ǅ") change without being upper case: ask each character.
        s.chars().all(|c| {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        })
    };
    if unchanged {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// Whether every byte is ASCII and none is a capital letter: [`fold`]'s test, asked about
/// twenty times a token, eight bytes a step instead of one.
#[inline]
fn ascii_without_capitals(b: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let clean = |x: u64| {
        // Every byte below 0x80 (checked first), so adding less than 0x80 to each carries
        // into no neighbour: a byte's high bit then says whether it reached 'A' (0x41) and
        // whether it passed 'Z' (0x5a).
        x & HIGH == 0 && (x.wrapping_add(ONES * 0x3f) & !x.wrapping_add(ONES * 0x25) & HIGH) == 0
    };
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        if !clean(u64::from_ne_bytes(w)) {
            return false;
        }
    }
    let rest = chunks.remainder();
    let mut w = [0u8; 8];
    w[..rest.len()].copy_from_slice(rest);
    clean(u64::from_ne_bytes(w))
}

/// `.as_str()` on a [`lower`] result, as on the `String` it replaced.
pub trait AsStr {
    fn as_str(&self) -> &str;
}

impl AsStr for Cow<'_, str> {
    fn as_str(&self) -> &str {
        self
    }
}

fn nominal(t: &Token) -> bool {
    matches!(
        t.tag,
        Tag::NN | Tag::NNS | Tag::NNP | Tag::JJ | Tag::CD | Tag::DT | Tag::PRPS | Tag::POS
    ) || (t.kind == TokenKind::Punct && t.norm == "-" && !t.space_before)
}

impl<'a> SentenceView<'a> {
    pub fn new(
        tokens: &'a [Token],
        start: usize,
        end: usize,
        mentions: &'a [Mention],
        chunks: &'a [Chunk],
        actor_nouns: &'a crate::rules::Map<String>,
    ) -> Self {
        let len = end.saturating_sub(start);
        // Chunks are in token order: the sentence's are one run, found by binary search.
        let first = chunks.partition_point(|c| c.tok_start < start);
        let verbs: Vec<&Chunk> = chunks
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.tok_start < end)
            .filter(|c| c.kind == ChunkKind::Verb && c.tok_start >= start && c.tok_end <= end)
            .collect();
        let mut verb_of: Vec<Option<u32>> = vec![None; len];
        for (vi, c) in verbs.iter().enumerate() {
            for k in c.tok_start..c.tok_end {
                if let Some(slot) = verb_of.get_mut(k - start)
                    && slot.is_none()
                {
                    *slot = u32::try_from(vi).ok();
                }
            }
        }
        // The first mention whose full span (title included) starts at each token.
        let mut mention_at: Vec<Option<usize>> = vec![None; len];
        for (mi, m) in mentions.iter().enumerate() {
            if let Some(slot) = m
                .full_start
                .checked_sub(start)
                .and_then(|k| mention_at.get_mut(k))
                && slot.is_none()
            {
                *slot = Some(mi);
            }
        }
        let mention_here = |k: usize| {
            k.checked_sub(start)
                .and_then(|x| mention_at.get(x))
                .copied()
                .flatten()
        };
        // Mention indices by start token, for the mentions inside a run.
        let mut by_start: Vec<usize> = (0..mentions.len()).collect();
        by_start.sort_by_key(|&mi| mentions[mi].tok_start);
        // Units: mention spans first (they may include prepositions, as in "Secretary of
        // State"), then runs of nominal tokens around them.
        let mut units: Vec<Unit> = Vec::new();
        let mut i = start;
        let in_verb = |k: usize| {
            k.checked_sub(start)
                .and_then(|x| verb_of.get(x))
                .is_some_and(Option::is_some)
        };
        while i < end {
            crate::work(1);
            let m_here = mention_here(i);
            let starts_unit = m_here.is_some()
                || (nominal(&tokens[i]) && !in_verb(i))
                || tokens[i].tag == Tag::PRP;
            if !starts_unit {
                i += 1;
                continue;
            }
            let s = i;
            let mut ms = Vec::new();
            if tokens[i].tag == Tag::PRP && m_here.is_none() {
                units.push(Unit {
                    start: i,
                    end: i + 1,
                    mentions: ms,
                });
                i += 1;
                continue;
            }
            loop {
                crate::work(1);
                if let Some(mi) = mention_here(i) {
                    ms.push(mi);
                    i = mentions[mi].tok_end.max(i + 1);
                    continue;
                }
                if i < end && nominal(&tokens[i]) && !in_verb(i) {
                    i += 1;
                    continue;
                }
                break;
            }
            // Mentions that start inside the run (a country word after a determiner), in
            // mention order.
            let from = by_start.partition_point(|&mi| mentions[mi].tok_start < s);
            let mut inside: Vec<usize> = by_start
                .get(from..)
                .unwrap_or_default()
                .iter()
                .copied()
                .take_while(|&mi| mentions[mi].tok_start <= i)
                .filter(|&mi| mentions[mi].tok_end <= i && !ms.contains(&mi))
                .collect();
            crate::work(inside.len() as u64 + 1);
            inside.sort_unstable();
            ms.extend(inside);
            units.push(Unit {
                start: s,
                end: i,
                mentions: ms,
            });
        }
        let mut unit_of_tok: Vec<Option<u32>> = vec![None; len];
        for (ui, u) in units.iter().enumerate() {
            for k in u.start..u.end {
                if let Some(slot) = k.checked_sub(start).and_then(|x| unit_of_tok.get_mut(x))
                    && slot.is_none()
                {
                    *slot = u32::try_from(ui).ok();
                }
            }
        }
        SentenceView {
            tokens,
            start,
            end,
            mentions,
            verbs,
            units,
            actor_nouns,
            verb_of,
            unit_of_tok,
            claims: std::cell::OnceCell::new(),
            clause_ends: std::cell::OnceCell::new(),
            parse: None,
        }
    }

    /// The view with the sentence's dependency parse attached.
    pub fn with_parse(mut self, parse: Option<&'a crate::deps::TokParse>) -> Self {
        self.parse = parse.filter(|p| p.start == self.start);
        self
    }

    /// The argument whose noun phrase the parse heads at token `w`: the units holding a word
    /// of the phrase (the head, its coordinated and appositive nouns, modifiers, and "of" /
    /// "from" attachments: "officials from Norland"). `None` when no unit holds one, as for
    /// a clause or an adverb.
    pub fn arg_of_head(&self, w: usize) -> Option<Arg> {
        // An apposition describes a party the head already names ("The United States, a
        // treaty ally of the Philippines,"): only where the head names none ("the group,
        // Hamas") does the apposition give the party.
        // (A person whose country the apposition tells, "Ahmed Khan, Norland's envoy," keeps
        // it: only a party with a known country stands alone.)
        let bare = self.arg_of_head_with(w, false)?;
        let coded = bare.mentions().any(|m| {
            !matches!(self.mentions[m].kind, sitrep_model::EntityKind::Place)
                && self.mentions[m].country.is_some()
        });
        if coded {
            return Some(bare);
        }
        self.arg_of_head_with(w, true).or(Some(bare))
    }

    fn arg_of_head_with(&self, w: usize, appos: bool) -> Option<Arg> {
        let p = self.parse?;
        let mut toks = vec![w];
        let mut i = 0;
        while i < toks.len() && toks.len() <= self.end - self.start {
            crate::work(1);
            let cur = toks[i];
            for c in p.children(cur) {
                let keep = match p.rel(c) {
                    "appos" => appos,
                    "conj" | "compound" | "amod" | "nmod:poss" | "flat" | "det" | "nummod"
                    | "cc" | "case" | "fixed" | "goeswith" | "compound:prt" => true,
                    // Only "of"/"from" attachments name the party ("officials of Norland");
                    // "protesters against the government" does not make the government one.
                    "nmod" => p.children(c).any(|k| {
                        p.rel(k) == "case" && matches!(self.word(k).as_ref(), "of" | "from")
                    }),
                    _ => false,
                };
                if keep && !toks.contains(&c) {
                    toks.push(c);
                }
            }
            i += 1;
        }
        let mut units: Vec<usize> = toks.iter().filter_map(|&k| self.unit_of(k)).collect();
        units.sort_unstable();
        units.dedup();
        let first = self.units.get(*units.first()?)?;
        let last = self.units.get(*units.last()?)?;
        Some(Arg {
            start: first.start,
            end: last.end,
            units: units
                .iter()
                .filter_map(|&u| self.units.get(u).cloned())
                .collect(),
        })
    }

    /// The subject of the predicate at token `k` as the parse reads it (see
    /// [`crate::deps::TokParse::subject`]): `None` without a parse or where none is named.
    pub fn dep_subject(&self, k: usize) -> Option<Arg> {
        let p = self.parse?;
        self.arg_of_head(p.subject(k)?)
    }

    /// The direct object of the predicate at token `k` as the parse reads it.
    pub fn dep_object(&self, k: usize) -> Option<Arg> {
        let p = self.parse?;
        let o = p.object(k)?;
        // "denounced what he called Colombian interference", "condemned what it described as
        // an act of aggression": the object is what the speaker names it.
        if self.word(o) == "what"
            && let Some(v) = p.children(o).find(|&c| {
                p.rel(c) == "acl:relcl"
                    && matches!(
                        self.tokens[c].lemma.as_str(),
                        "call" | "term" | "describe" | "brand" | "dub" | "label"
                    )
            })
            && let Some(named) = p.object(v).filter(|&n| n != o).or_else(|| {
                p.children(v).find(|&c| {
                    p.rel(c) == "obl" && p.child(c, "case").is_some_and(|a| self.word(a) == "as")
                })
            })
        {
            return self.arg_of_head(named);
        }
        self.arg_of_head(o)
    }

    pub fn word(&self, k: usize) -> Cow<'a, str> {
        self.tokens.get(k).map(lower).unwrap_or_default()
    }

    // Units are disjoint and in token order, so their starts and ends both increase: a
    // binary search finds the one unit that can match.
    fn unit_ending_at(&self, end: usize) -> Option<usize> {
        let u = self.units.partition_point(|u| u.end < end);
        (self.units.get(u)?.end == end).then_some(u)
    }

    pub fn unit_starting_at(&self, start: usize) -> Option<usize> {
        let u = self.units.partition_point(|u| u.start < start);
        (self.units.get(u)?.start == start).then_some(u)
    }

    /// The unit containing token `k`.
    pub fn unit_of(&self, k: usize) -> Option<usize> {
        let u = self
            .unit_of_tok
            .get(k.checked_sub(self.start)?)
            .copied()??;
        usize::try_from(u).ok()
    }

    /// Is `k` a coordinator between two units?
    fn coordinator(&self, k: usize) -> bool {
        matches!(self.word(k).as_str(), "and" | "," | "or" | "&")
    }

    /// Whether a finite verb group starts at `k`.
    pub fn finite_verb_at(&self, k: usize) -> bool {
        self.verbs
            .iter()
            .any(|c| c.tok_start == k && c.tense != sitrep_model::Tense::Nonfinite)
    }

    /// Whether a unit starts at `k` and is followed by "and"/"or" or a further comma and unit,
    /// as the middle of a list is.
    fn list_continues(&self, mut k: usize) -> bool {
        // A list is followed at most this far: the bound keeps the rightward expansion of
        // an argument, which asks this at every comma, linear in the sentence.
        for _ in 0..MAX_LIST_UNITS {
            crate::work(1);
            let Some(u) = self.unit_starting_at(k) else {
                return false;
            };
            let e = self.units[u].end;
            match self.word(e).as_str() {
                "and" | "or" => return true,
                "," if self.word(e + 1) == "and" => return true,
                "," => k = e + 1,
                _ => return false,
            }
        }
        false
    }

    /// Expands unit `u` into an argument: coordinated units on both sides and attachments.
    pub fn arg_from_unit(&self, u: usize) -> Arg {
        let mut first = u;
        let mut last = u;
        // A comma joins units only inside a list that ends in "and"/"or" ("X, Y and Z"), not
        // before an apposition or a reporting clause ("…, the army said").
        let mut saw_and = false;
        // Leftwards: "X and Y", "X, Y and Z", and attachments "officials from X".
        loop {
            crate::work(1);
            let s = self.units[first].start;
            if s <= self.start {
                break;
            }
            let mut k = s - 1;
            if self.word(k) == "," && !saw_and {
                break;
            }
            if self.coordinator(k) {
                if self.word(k) != "," {
                    saw_and = true;
                }
                // ", and"
                if k > self.start && self.word(k) == "and" && self.word(k - 1) == "," {
                    k -= 1;
                }
                if let Some(p) = self.unit_ending_at(k) {
                    let ps = self.units[p].start;
                    let governed = ps > self.start
                        && (matches!(self.tokens[ps - 1].tag, Tag::IN | Tag::TO)
                            || self.tokens[ps - 1].tag.is_verb());
                    if governed && self.word(k) == "," {
                        break;
                    }
                    first = p;
                    continue;
                }
                break;
            }
            if matches!(self.word(k).as_str(), "from" | "of")
                && let Some(p) = self.unit_ending_at(k)
                && self.units[p].mentions.is_empty()
            {
                first = p;
                continue;
            }
            break;
        }
        // Rightwards.
        loop {
            crate::work(1);
            let e = self.units[last].end;
            if e >= self.end {
                break;
            }
            let mut k = e;
            if self.word(k) == "," && self.word(k + 1) != "and" && !self.list_continues(k + 1) {
                break;
            }
            if self.coordinator(k) {
                if self.word(k) == "," && self.word(k + 1) == "and" {
                    k += 1;
                }
                if let Some(n) = self.unit_starting_at(k + 1) {
                    // "…with Kyiv, and Starmer told …": a unit followed by its own verb opens a
                    // new clause rather than continuing the list.
                    if self.word(e) == "," && self.finite_verb_at(self.units[n].end) {
                        break;
                    }
                    last = n;
                    continue;
                }
                break;
            }
            let head_is_actor = self.tokens[self.units[last].start..self.units[last].end]
                .iter()
                .rev()
                .find(|t| t.tag.is_noun())
                .is_some_and(|t| {
                    self.actor_nouns.contains_key(&t.lemma)
                        || self.actor_nouns.contains_key(lower(t).as_str())
                });
            if matches!(self.word(k).as_str(), "from" | "of")
                && self.units[last].mentions.is_empty()
                && head_is_actor
                && let Some(n) = self.unit_starting_at(k + 1)
            {
                last = n;
                continue;
            }
            break;
        }
        Arg {
            start: self.units[first].start,
            end: self.units[last].end,
            units: self.units[first..=last].to_vec(),
        }
    }

    /// Verb chunk containing token `k`.
    pub fn verb_at(&self, k: usize) -> Option<&'a Chunk> {
        let v = self.verb_of.get(k.checked_sub(self.start)?).copied()??;
        self.verbs.get(usize::try_from(v).ok()?).copied()
    }

    /// The subject of the verb group starting at `vs`: the nearest argument to the left inside
    /// the clause, following a relative pronoun back to its antecedent.
    /// "hours after South Korean and U.S. forces began …": a subject starts after a
    /// subordinating "after"/"before" that the chunker left inside its first unit.
    pub fn after_subordinator(&self, mut arg: Arg) -> Arg {
        // ("hours" a unit of its own, the subordinator right after it, and the words up to
        // the next unit a modifier the chunker left out: "South Korean and U.S. forces".)
        if arg.units.len() >= 2
            && let Some(first) = arg.units.first()
            && matches!(
                self.word(first.end).as_ref(),
                "after" | "before" | "since" | "until"
            )
        {
            let from = first.end + 1;
            let next = arg.units[1].start;
            arg.units.remove(0);
            if next > from + 1 && matches!(self.word(next - 1).as_ref(), "and" | "or") {
                let mentions = (0..self.mentions.len())
                    .filter(|&i| {
                        self.mentions[i].tok_start >= from && self.mentions[i].tok_end < next
                    })
                    .collect();
                arg.units.insert(
                    0,
                    Unit {
                        start: from,
                        end: next - 1,
                        mentions,
                    },
                );
            }
            arg.start = from;
            return arg;
        }
        if let Some(first) = arg.units.first_mut()
            && let Some(j) = (first.start + 1..first.end).find(|&j| {
                matches!(
                    self.word(j).as_ref(),
                    "after" | "before" | "since" | "until"
                )
            })
            && j + 1 < first.end
        {
            first.start = j + 1;
            let mentions = self.mentions;
            first.mentions.retain(|&i| mentions[i].tok_start > j);
            arg.start = j + 1;
        }
        arg
    }

    pub fn subject_before(&self, vs: usize) -> Option<Arg> {
        let mut k = vs;
        while k > self.start {
            crate::work(1);
            let t = &self.tokens[k - 1];
            let w = lower(t);
            // "Indian troops with heavy weapons \"indiscriminately targeted …\"": a quotation
            // mark opening the quoted words stands between subject and verb.
            if matches!(t.tag, Tag::RB | Tag::NEG)
                || w == "also"
                || w == "then"
                || is_double_quote(&w)
            {
                k -= 1;
                continue;
            }
            // "the Syrian Observatory for Human Rights (SOHR) said": a short parenthesis
            // (an acronym, a gloss) after the subject is not the subject.
            if w == ")"
                && let Some(open) = (k.saturating_sub(7).max(self.start)..k - 1)
                    .rev()
                    .find(|&j| self.word(j) == "(")
                && open > self.start
            {
                k = open;
                continue;
            }
            if t.tag == Tag::WH || matches!(w.as_str(), "who" | "which" | "that") {
                // Relative clause: the antecedent stands before the pronoun (and a comma).
                let mut a = k - 1;
                if a > self.start && self.word(a - 1) == "," {
                    a -= 1;
                }
                if let Some(u) = self.unit_ending_at(a) {
                    return Some(self.arg_from_unit(u));
                }
                return None;
            }
            if let Some(u) = self.unit_ending_at(k) {
                let arg = self.after_subordinator(self.arg_from_unit(u));
                let has_actor = arg.names_a_party(self.mentions);
                // "Iran on Tuesday threatened", "Police in Lagos arrested": a prepositional
                // phrase of time or place between subject and verb is not the subject.
                if arg.start > self.start {
                    let p = &self.tokens[arg.start - 1];
                    let pw = lower(p);
                    let locative = matches!(
                        pw.as_str(),
                        "in" | "at"
                            | "on"
                            | "near"
                            | "during"
                            | "over"
                            | "into"
                            | "across"
                            | "outside"
                            | "inside"
                            | "around"
                    );
                    // ("Indian troops with heavy weapons targeted": a "with" phrase naming
                    // no party is the subject's gear.)
                    if matches!(p.tag, Tag::IN | Tag::TO)
                        && (locative || !has_actor)
                        && !matches!(pw.as_str(), "of" | "from" | "by" | "that")
                    {
                        k = arg.start - 1;
                        continue;
                    }
                }
                // "British aircraft using guided missiles killed …": skip a participial phrase
                // that has no actor in it, back to the noun it describes.
                // A participle's agent ("troops backed by African Union forces") is never the
                // subject, whoever it names.
                let agent_phrase = arg.start > self.start + 1
                    && lower(&self.tokens[arg.start - 1]) == "by"
                    && self.tokens[arg.start - 2].tag == Tag::VBN;
                if (arg.mentions().next().is_none() || agent_phrase) && arg.start > self.start + 1 {
                    let before = &self.tokens[arg.start - 1];
                    let skip_to = if before.tag == Tag::VBG {
                        Some(arg.start - 1)
                    } else if matches!(lower(before).as_str(), "with" | "by")
                        && self.tokens[arg.start - 2].tag == Tag::VBN
                    {
                        Some(arg.start - 2)
                    } else {
                        None
                    };
                    if let Some(p) = skip_to
                        && let Some(u2) = self.unit_ending_at(p)
                    {
                        return Some(self.arg_from_unit(u2));
                    }
                }
                return Some(arg);
            }
            // A date or place adverbial between subject and verb: "Ukraine overnight launched",
            // "Trump earlier this month upended".
            if matches!(
                w.as_str(),
                "overnight"
                    | "today"
                    | "yesterday"
                    | "earlier"
                    | "month"
                    | "week"
                    | "year"
                    | "this"
                    | "last"
                    | "later"
                    | "again"
                    | "now"
            ) {
                k -= 1;
                continue;
            }
            return None;
        }
        None
    }

    /// The direct object: the argument right after the verb group (and a particle).
    pub fn object_after(&self, ve: usize) -> Option<Arg> {
        let mut k = ve;
        while k < self.end {
            crate::work(1);
            let t = &self.tokens[k];
            // Quantity lead-ins before a counted object: "launched at least 40 drones".
            let pair = (self.word(k), self.word(k + 1));
            if matches!(
                (pair.0.as_str(), pair.1.as_str()),
                ("at", "least")
                    | ("more", "than")
                    | ("up", "to")
                    | ("as", "many")
                    | ("fewer", "than")
                    | ("less", "than")
            ) {
                k += 2;
                continue;
            }
            if matches!(t.tag, Tag::RB) && self.unit_starting_at(k).is_none() {
                k += 1;
                continue;
            }
            break;
        }
        self.unit_starting_at(k).map(|u| self.arg_from_unit(u))
    }

    /// Where the clause that contains `from` ends on the right: the first token from `from`
    /// on that always ends a clause ([`SentenceView::ends_clause`]), or the first after `from`
    /// that ends one once the clause has begun, else the sentence end.
    pub fn clause_end(&self, from: usize) -> usize {
        if from < self.start || from >= self.end {
            return self.clause_end_scan(from);
        }
        let ends = self.clause_ends.get_or_init(|| {
            // next[k - start]: the first token at or after k that always ends a clause;
            // next_later: the first after k that ends one unless it opens the clause.
            let len = self.end - self.start;
            crate::work(len as u64);
            let end = u32::try_from(self.end).unwrap_or(u32::MAX);
            let mut out = vec![end; len];
            let (mut next_hard, mut next_soft) = (end, end);
            for k in (self.start..self.end).rev() {
                let (hard, soft) = self.ends_clause(k);
                let kk = u32::try_from(k).unwrap_or(u32::MAX);
                if hard {
                    next_hard = kk;
                }
                out[k - self.start] = next_hard.min(next_soft);
                if soft {
                    next_soft = kk;
                }
            }
            out
        });
        ends.get(from - self.start)
            .map_or(self.end, |&k| k as usize)
    }

    /// [`SentenceView::clause_end`] by scanning, for a `from` outside the sentence.
    fn clause_end_scan(&self, from: usize) -> usize {
        let mut k = from;
        while k < self.end {
            crate::work(1);
            let (hard, soft) = self.ends_clause(k);
            if hard || (soft && k > from) {
                return k;
            }
            k += 1;
        }
        self.end
    }

    /// Whether token `k` ends the clause before it: (always, only when the clause began
    /// before `k`).
    fn ends_clause(&self, k: usize) -> (bool, bool) {
        let t = &self.tokens[k];
        let w = lower(t);
        // A quotation mark closes a clause, unless the clause goes on past it with a phrase
        // of place or time ("\"targeted border villagers\" along the Line of Control").
        let quote_inside = w == "\""
            && self
                .tokens
                .get(k + 1)
                .is_some_and(|n| k + 1 < self.end && matches!(n.tag, Tag::IN | Tag::TO));
        let hard = matches!(w.as_str(), ";" | ":" | "—" | "--")
            || (w == "\"" && !quote_inside)
            || (t.tag == Tag::WH && w != "that")
            // ", VBG" opens a participial clause; ", said" a reporting clause.
            || (w == ","
                && self
                    .tokens
                    .get(k + 1)
                    .is_some_and(|n| n.tag == Tag::VBG || (n.tag.is_verb() && k + 1 < self.end)));
        let soft = CLAUSE_OPENERS.contains(&w.as_str())
            // "… and expects …": a coordinated finite verb starts the next clause, and so does
            // ", and" + a new subject + its verb ("…, and Rubio spoke …").
            || (w == "and" && self.finite_verb_at(k + 1))
            || (w == ","
                && self.word(k + 1) == "and"
                && self
                    .unit_starting_at(k + 2)
                    .is_some_and(|u| self.finite_verb_at(self.units[u].end)));
        (hard, soft)
    }

    /// Where the clause containing `to` starts on the left.
    pub fn clause_start(&self, to: usize) -> usize {
        let mut k = to;
        while k > self.start {
            crate::work(1);
            let t = &self.tokens[k - 1];
            let w = lower(t);
            if matches!(w.as_str(), ";" | ":" | "—" | "--") {
                return k;
            }
            if CLAUSE_OPENERS.contains(&w.as_str()) {
                return k;
            }
            k -= 1;
        }
        self.start
    }

    /// Prepositional arguments after `from` and up to `until`: (preposition, argument).
    pub fn prep_args(&self, from: usize, until: usize) -> Vec<(String, Arg)> {
        let mut out = Vec::new();
        let mut k = from;
        while k < until {
            crate::work(1);
            let t = &self.tokens[k];
            if matches!(t.tag, Tag::IN | Tag::TO)
                || matches!(
                    lower(t).as_str(),
                    "between"
                        | "against"
                        | "with"
                        | "at"
                        | "on"
                        | "to"
                        | "by"
                        | "toward"
                        | "towards"
                )
            {
                let mut p = lower(t).into_owned();
                let mut n = k + 1;
                // Two-word prepositions.
                if p == "according" && self.word(n) == "to" {
                    p = "according to".into();
                    n += 1;
                }
                if matches!(p.as_str(), "next" | "close") && self.word(n) == "to" {
                    n += 1;
                }
                if let Some(u) = self.unit_starting_at(n) {
                    let mut arg = self.arg_from_unit(u);
                    // The object of this preposition starts after it: what the leftward reading
                    // of "officials from X" joins before the preposition is not part of it.
                    if arg.start < n {
                        arg.units.retain(|x| x.start >= n);
                        arg.start = n;
                    }
                    k = arg.end;
                    if arg.end <= until {
                        out.push((p, arg));
                    }
                    continue;
                }
            }
            k += 1;
        }
        out
    }
}

#[cfg(test)]
mod fold_tests {
    use super::{ascii_without_capitals, fold};
    use std::borrow::Cow;

    #[test]
    fn the_eight_byte_capital_test_agrees_with_the_byte_test() {
        let slow = |b: &[u8]| b.iter().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
        for len in 0..=17 {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut v = vec![b'q'; len];
                    v[at] = byte;
                    assert_eq!(ascii_without_capitals(&v), slow(&v), "{len} {at} {byte}");
                }
            }
        }
        assert!(ascii_without_capitals(b""));
        assert!(ascii_without_capitals(b"@[`{ 09-_"));
    }

    #[test]
    fn fold_matches_to_lowercase_and_borrows_when_nothing_changes() {
        for w in [
            "said",
            "Said",
            "NATO",
            "kyiv",
            "Kyiv",
            "ǅemal",
            "σοφία",
            "ΣΟΦΙΑ",
            "çà",
            "İzmir",
            "",
        ] {
            assert_eq!(fold(w), w.to_lowercase(), "{w}");
        }
        assert!(matches!(fold("said"), Cow::Borrowed(_)));
        assert!(matches!(
            fold("a-much-longer-word-of-30-bytes"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            fold("a-much-longer-word-of-30-byteS"),
            Cow::Owned(_)
        ));
        assert!(matches!(fold("σοφία"), Cow::Borrowed(_)));
        assert!(matches!(fold("Said"), Cow::Owned(_)));
        assert!(matches!(fold("ǅemal"), Cow::Owned(_)));
    }
}

#[cfg(test)]
mod clause_end_tests {
    use super::SentenceView;

    /// The per-sentence table gives what a scan from each token gives, on sentences with every
    /// kind of clause boundary (and "attack" repeated, the case the table is for).
    #[test]
    fn table_matches_the_scan_from_every_token() {
        let texts = [
            "Troops attacked the town while rebels fled; officials said: \"we will respond\" \
             -- and the army, which denied it, said the strike, killing four, was a mistake.",
            "Norland condemned the raid, and Sudria expects talks after the vote because \
             protesters gathered when police arrived, as the ministry said that it would act.",
            "attack attack attack attack attack attack , and attack attack attacked attack",
            "",
        ];
        let nouns = crate::rules::Map::default();
        for text in texts {
            let an = sitrep_text::analyze(text);
            for s in &an.sentences {
                let sv =
                    SentenceView::new(&an.tokens, s.tok_start, s.tok_end, &[], &an.chunks, &nouns);
                // Outside the sentence too (the scan answers those).
                for from in s.tok_start.saturating_sub(1)..=s.tok_end + 1 {
                    assert_eq!(
                        sv.clause_end(from),
                        sv.clause_end_scan(from),
                        "{text:?} from {from}"
                    );
                }
            }
        }
    }
}

/// Double quotation marks, straight, curly, low and angled: where a quotation opens or closes
/// inside a clause ("said troops \"targeted villagers\""), they are not words of it.
pub(crate) fn is_double_quote(w: &str) -> bool {
    matches!(
        w,
        "\"" | "\u{201c}" | "\u{201d}" | "\u{201e}" | "\u{ab}" | "\u{bb}"
    )
}
