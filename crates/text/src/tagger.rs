//! Lexicon-based part-of-speech tagger and lemmatiser.
//!
//! Each word gets its candidate readings from the closed-class list, the WordNet-derived
//! lexicon or suffix guesses; a handful of left-to-right context rules then pick one. The
//! rules target what the event rules need most: verb versus noun for words like "talks" or
//! "strikes", past tense versus participle, and proper names.

use sitrep_model::{Sentence, Tag, Token, TokenKind};

use std::hash::Hasher;

use crate::lexicon::{FastMap, FxHasher, Lexicon, Reading};

#[derive(Clone, Copy)]
enum Cands<'a> {
    Fixed(Tag),
    Lex(&'a [Reading]),
    /// Unknown word, tag guessed from its shape.
    Guess(Tag),
}

impl Cands<'_> {
    fn has(&self, t: Tag) -> bool {
        match self {
            Cands::Fixed(x) | Cands::Guess(x) => *x == t,
            Cands::Lex(r) => r.iter().any(|r| r.tag == t),
        }
    }
    fn first(&self) -> Tag {
        match self {
            Cands::Fixed(x) | Cands::Guess(x) => *x,
            Cands::Lex(r) => r.first().map_or(Tag::NN, |r| r.tag),
        }
    }
    fn any(&self, f: impl Fn(Tag) -> bool) -> Option<Tag> {
        match self {
            Cands::Fixed(x) | Cands::Guess(x) => f(*x).then_some(*x),
            Cands::Lex(r) => r.iter().map(|r| r.tag).find(|t| f(*t)),
        }
    }
    fn ambiguous(&self) -> bool {
        matches!(self, Cands::Lex(r) if r.len() > 1)
    }
}

fn is_noun_like(t: Tag) -> bool {
    matches!(t, Tag::NN | Tag::NNS | Tag::NNP)
}
fn is_finite(t: Tag) -> bool {
    matches!(t, Tag::VBD | Tag::VBZ | Tag::VBP)
}

/// Shape-based guess for a lower-case word the lexicon does not know.
fn guess(lower: &str) -> Tag {
    let ends = |s: &str| lower.len() > s.len() + 2 && lower.ends_with(s);
    if ends("ing") {
        Tag::VBG
    } else if ends("ed") {
        Tag::VBD
    } else if ends("ly") {
        Tag::RB
    } else if [
        "ous", "ful", "ive", "able", "ible", "al", "ic", "ish", "less", "ian", "ese", "ist",
    ]
    .iter()
    .any(|s| ends(s))
    {
        Tag::JJ
    } else if lower.len() > 3
        && lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
    {
        Tag::NNS
    } else {
        Tag::NN
    }
}

/// Lemma of an unknown word by suffix stripping.
fn guess_lemma(lower: &str, tag: Tag) -> String {
    let strip = |suf: &str| lower.strip_suffix(suf).filter(|s| s.len() >= 2);
    let out = match tag {
        Tag::NNS | Tag::VBZ => strip("ies")
            .map(|s| format!("{s}y"))
            .or_else(|| {
                ["sses", "xes", "ches", "shes", "zes"]
                    .iter()
                    .find(|s| lower.ends_with(**s))
                    .and_then(|_| strip("es"))
                    .map(str::to_string)
            })
            .or_else(|| strip("s").map(str::to_string)),
        Tag::VBG => strip("ing").map(undouble),
        Tag::VBD | Tag::VBN => strip("ied")
            .map(|s| format!("{s}y"))
            .or_else(|| strip("ed").map(undouble)),
        _ => None,
    };
    out.unwrap_or_else(|| lower.to_string())
}

/// "stopp" → "stop": drops a doubled final consonant. Works on characters, not bytes: the
/// bytes of two different multi-byte characters can end alike ("丸" and "ッ"), and cutting
/// one byte off would split a character.
fn undouble(s: &str) -> String {
    let mut back = s.chars().rev();
    match (back.next(), back.next()) {
        (Some(a), Some(b))
            if a == b
                && a.is_ascii()
                && s.len() >= 3
                && !matches!(a, 'l' | 's' | 'e' | 'o' | 'f' | 'z') =>
        {
            crate::strs::drop_last_char(s).to_string()
        }
        _ => s.to_string(),
    }
}

fn name_key(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// Tags and lemmatises all tokens in place.
pub(crate) fn tag(tokens: &mut [Token], sentences: &[Sentence], lex: &Lexicon) {
    // Capitalised words seen in mid-sentence position: a sentence-initial "Trump" is a
    // name if the document also writes it capitalised elsewhere. Keyed by hash so that
    // the set does not borrow the tokens.
    let mut names: FastMap<u64, ()> = FastMap::default();
    for s in sentences {
        let Some(sent) = tokens.get(s.tok_start..s.tok_end) else {
            continue;
        };
        for (k, t) in sent.iter().enumerate() {
            if k > 0 && t.kind == TokenKind::Word && t.is_capitalised() && !is_initial(sent, k) {
                names.insert(name_key(&t.norm), ());
            }
        }
    }
    let mut arena = String::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut chosen: Vec<Tag> = Vec::new();
    let mut lemmas: Vec<String> = Vec::new();
    let mut cands: Vec<Cands> = Vec::new();
    for s in sentences {
        let Some(sent) = tokens.get(s.tok_start..s.tok_end) else {
            continue;
        };
        arena.clear();
        spans.clear();
        chosen.clear();
        lemmas.clear();
        for t in sent {
            let a = arena.len();
            if t.kind == TokenKind::Word {
                if t.norm.is_ascii() {
                    arena.extend(t.norm.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                } else {
                    arena.extend(t.norm.chars().flat_map(char::to_lowercase));
                }
            }
            spans.push((a, arena.len()));
        }
        let lows: Vec<&str> = spans
            .iter()
            .map(|&(a, b)| arena.get(a..b).unwrap_or(""))
            .collect();
        let title = is_title_case(sent);
        cands.clear();
        cands.extend(
            sent.iter()
                .enumerate()
                .map(|(k, t)| candidates(sent, k, t, lows[k], lex, title, &names)),
        );
        for k in 0..sent.len() {
            let tg = choose(sent, k, &cands, &chosen, &lows);
            chosen.push(tg);
        }
        for (k, t) in sent.iter().enumerate() {
            lemmas.push(lemma_for(t, &cands[k], lows[k], chosen[k]));
        }
        drop(lows);
        if let Some(sent) = tokens.get_mut(s.tok_start..s.tok_end) {
            for ((t, tg), lemma) in sent.iter_mut().zip(&chosen).zip(lemmas.drain(..)) {
                t.tag = *tg;
                t.lemma = lemma;
            }
        }
    }
}

fn lemma_for(t: &Token, c: &Cands, lower: &str, tg: Tag) -> String {
    if t.kind != TokenKind::Word {
        return t.norm.clone();
    }
    if tg == Tag::VBZ && lower == "'s" {
        return "be".to_string();
    }
    match c {
        Cands::Lex(r) => match r
            .iter()
            .find(|r| r.tag == tg)
            .and_then(|r| r.lemma.as_deref())
        {
            Some(l) => l.to_string(),
            None => lower.to_string(),
        },
        Cands::Guess(_) => guess_lemma(lower, tg),
        Cands::Fixed(_) => lower.to_string(),
    }
}

/// Whether position `k` starts a sentence or a quoted/colon-introduced clause, where
/// capitalisation says nothing about names.
/// How far back the tagger's look-behind walks (over punctuation to a clause opening, over
/// adverbs to an auxiliary): a bound on the work per word, far beyond any real run.
const LOOK_BEHIND: usize = 12;

fn is_initial(sent: &[Token], k: usize) -> bool {
    let mut j = k;
    while j > 0 {
        if k - j >= LOOK_BEHIND {
            return false;
        }
        crate::work::add(1);
        let p = &sent[j - 1];
        if p.kind != TokenKind::Punct {
            return false;
        }
        if matches!(
            p.norm.as_str(),
            "\"" | "'" | "(" | "[" | ":" | "-" | "--" | "..."
        ) {
            return true;
        }
        j -= 1;
    }
    true
}

/// Headline-style capitalisation: most longer words capitalised (short function words
/// such as "in" or "of" are often left lower-case in headlines, so they are not counted).
fn is_title_case(sent: &[Token]) -> bool {
    let mut words = 0;
    let mut caps = 0;
    for t in sent
        .iter()
        .filter(|t| t.kind == TokenKind::Word && t.norm.len() >= 4)
    {
        words += 1;
        if t.is_capitalised() {
            caps += 1;
        }
    }
    words >= 4 && caps * 10 >= words * 8
}

fn candidates<'a>(
    sent: &[Token],
    k: usize,
    t: &Token,
    lower: &str,
    lex: &'a Lexicon,
    title: bool,
    names: &FastMap<u64, ()>,
) -> Cands<'a> {
    match t.kind {
        TokenKind::Punct => return Cands::Fixed(Tag::PUNCT),
        TokenKind::Symbol => return Cands::Fixed(Tag::SYM),
        TokenKind::Number => return Cands::Fixed(Tag::CD),
        TokenKind::Word => {}
    }
    if lower == "'s" {
        return Cands::Fixed(Tag::POS);
    }
    let caps = t.is_capitalised();
    let initial = is_initial(sent, k);
    let found = lex.lookup(lower);
    let exact = if t
        .norm
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_uppercase)
    {
        lex.closed_exact(&t.norm)
    } else {
        None
    }
    .or_else(|| found.and_then(|f| f.closed.as_ref()));
    if let Some(e) = exact {
        let modal_name = caps && !initial && !title && e.first().is_some_and(|r| r.tag == Tag::MD);
        if !modal_name {
            return Cands::Lex(e);
        }
    }
    let open = found.and_then(|f| f.open.as_ref());
    let proper_only = open.is_some_and(|e| e.iter().all(|r| r.tag == Tag::NNP));
    if caps {
        let acronym = t.norm.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !t.norm.chars().any(char::is_lowercase);
        let hyphen_lower_tail = t
            .norm
            .rsplit('-')
            .next()
            .is_some_and(|p| p.chars().next().is_some_and(char::is_lowercase))
            && t.norm.contains('-');
        if hyphen_lower_tail {
            return hyphenated(lower, lex);
        }
        let look_up = (initial || title) && !proper_only && (title || !acronym);
        if !look_up || names.contains_key(&name_key(&t.norm)) && !title {
            return Cands::Fixed(Tag::NNP);
        }
        // initial position: a capitalised next word suggests a name ("Donald Trump")
        if initial
            && !title
            && sent
                .get(k + 1)
                .is_some_and(|n| n.kind == TokenKind::Word && n.is_capitalised())
            && open.is_none_or(|e| e.iter().all(|r| is_noun_like(r.tag)))
        {
            return Cands::Fixed(Tag::NNP);
        }
    }
    match open {
        Some(e) => Cands::Lex(e),
        None if caps => Cands::Fixed(Tag::NNP),
        None if lower.contains('-') => hyphenated(lower, lex),
        None => Cands::Guess(guess(lower)),
    }
}

/// Unknown hyphenated words: "four-year" / "US-drafted" are modifiers, "ex-president" a noun.
fn hyphenated<'a>(lower: &str, lex: &'a Lexicon) -> Cands<'a> {
    if let Some(e) = lex.word(lower) {
        return Cands::Lex(e);
    }
    let first = lower.split('-').next().unwrap_or("");
    let last = lower.rsplit('-').next().unwrap_or("");
    let numeric = first.chars().next().is_some_and(|c| c.is_ascii_digit())
        || lex
            .closed(first, first)
            .is_some_and(|e| e.first().is_some_and(|r| r.tag == Tag::CD));
    if numeric {
        return Cands::Fixed(Tag::JJ);
    }
    let tail = lex.word(last).map(|e| e.first().map_or(Tag::NN, |r| r.tag));
    match tail {
        Some(Tag::VBN | Tag::VBD | Tag::JJ | Tag::VBG) => Cands::Fixed(Tag::JJ),
        Some(Tag::NNS) => Cands::Fixed(Tag::NNS),
        Some(_) => Cands::Fixed(Tag::NN),
        None => Cands::Fixed(guess(last)),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Aux {
    Be,
    Have,
    Do,
    Modal,
    To,
    Get,
}

fn aux_of(t: &Token, tag: Tag) -> Option<Aux> {
    match tag {
        Tag::MD => return Some(Aux::Modal),
        Tag::TO => return Some(Aux::To),
        _ => {}
    }
    if !tag.is_verb() {
        return None;
    }
    let n = t.norm.as_str();
    let lower_eq = |w: &str| n.eq_ignore_ascii_case(w);
    if [
        "be", "is", "are", "was", "were", "been", "being", "am", "'re", "'m",
    ]
    .iter()
    .any(|w| lower_eq(w))
        || (lower_eq("'s") && tag == Tag::VBZ)
    {
        Some(Aux::Be)
    } else if ["have", "has", "had", "having", "'ve"]
        .iter()
        .any(|w| lower_eq(w))
    {
        Some(Aux::Have)
    } else if ["do", "does", "did"].iter().any(|w| lower_eq(w)) {
        Some(Aux::Do)
    } else if ["get", "gets", "got", "gotten", "getting"]
        .iter()
        .any(|w| lower_eq(w))
    {
        Some(Aux::Get)
    } else {
        None
    }
}

/// The nearest preceding auxiliary, skipping adverbs and negation.
fn aux_before(sent: &[Token], k: usize, chosen: &[Tag]) -> Option<Aux> {
    let mut j = k;
    while j > 0 && k - j < LOOK_BEHIND {
        crate::work::add(1);
        j -= 1;
        let tg = chosen[j];
        match tg {
            Tag::RB | Tag::NEG => continue,
            _ => return aux_of(&sent[j], tg),
        }
    }
    None
}

fn object_start(c: &Cands, t: Option<&Token>) -> bool {
    let Some(t) = t else { return false };
    if t.kind == TokenKind::Number {
        return true;
    }
    if t.kind != TokenKind::Word {
        return false;
    }
    matches!(
        c.first(),
        Tag::DT | Tag::PRPS | Tag::CD | Tag::NNP | Tag::RB | Tag::PRP | Tag::TO
    ) || t.is_capitalised()
}

fn choose(sent: &[Token], k: usize, cands: &[Cands], chosen: &[Tag], lows: &[&str]) -> Tag {
    let c = &cands[k];
    // "Thousands rallied", "tens of thousands marched": a plural number word heads its noun
    // phrase like a plural noun, so the word after it is read as after a noun ("three
    // killed" stays a participle).
    let prev = k.checked_sub(1).map(|j| {
        let plural_number = lows.get(j).is_some_and(|w| {
            matches!(
                *w,
                "thousands" | "hundreds" | "dozens" | "millions" | "tens" | "scores"
            )
        });
        if chosen[j] == Tag::CD && plural_number {
            Tag::NNS
        } else {
            chosen[j]
        }
    });
    let next_c = cands.get(k + 1);
    let next_t = sent.get(k + 1);
    let lower = lows.get(k).copied().unwrap_or("");
    // "Belarus’ Alexander Lukashenko", "the protesters' demands": an apostrophe after a
    // plural or a name in -s, before a noun, marks a possessive.
    if matches!(sent[k].norm.as_str(), "'" | "’") {
        let after_s = k
            .checked_sub(1)
            .and_then(|j| lows.get(j))
            .is_some_and(|p| p.len() > 1 && p.ends_with('s'));
        let before_noun = next_t.is_some_and(|n| n.kind == TokenKind::Word)
            && next_c.is_some_and(|n| {
                matches!(n.first(), Tag::NN | Tag::NNS | Tag::NNP | Tag::JJ | Tag::CD)
            });
        let glued = next_t.is_some_and(|n| n.space_before) && !sent[k].space_before;
        if after_s && before_noun && glued {
            return Tag::POS;
        }
    }
    // special closed-class words
    match lower {
        "'s" => {
            let p = k.checked_sub(1).and_then(|j| lows.get(j).copied());
            let pronoun = p.is_some_and(|p| {
                matches!(
                    p,
                    "he" | "she"
                        | "it"
                        | "that"
                        | "there"
                        | "what"
                        | "who"
                        | "here"
                        | "where"
                        | "how"
                )
            });
            return if pronoun { Tag::VBZ } else { Tag::POS };
        }
        "'d" => {
            return if next_c.is_some_and(|n| n.has(Tag::VBN)) {
                Tag::VBD
            } else {
                Tag::MD
            };
        }
        "that" => {
            let nf = next_c.map(Cands::first);
            if prev.is_some_and(is_noun_like)
                && next_c.is_some_and(|n| n.any(is_finite).is_some() || n.first() == Tag::MD)
            {
                return Tag::WH;
            }
            if nf.is_some_and(|f| matches!(f, Tag::NN | Tag::NNS | Tag::JJ))
                && !prev.is_some_and(Tag::is_verb)
            {
                return Tag::DT;
            }
            return Tag::IN;
        }
        "her" => {
            return if next_c.is_some_and(|n| {
                matches!(n.first(), Tag::NN | Tag::NNS | Tag::JJ | Tag::CD | Tag::NNP)
            }) {
                Tag::PRPS
            } else {
                Tag::PRP
            };
        }
        "there" => {
            let be_next = lows.get(k + 1).is_some_and(|l| {
                matches!(
                    *l,
                    "is" | "are"
                        | "was"
                        | "were"
                        | "'s"
                        | "will"
                        | "have"
                        | "has"
                        | "had"
                        | "may"
                        | "might"
                        | "could"
                        | "would"
                )
            });
            return if be_next { Tag::PRP } else { Tag::RB };
        }
        _ => {}
    }
    if !c.ambiguous() {
        return c.first();
    }
    let has_verb = c.any(Tag::is_verb).is_some();
    let nominal = c.any(|t| is_noun_like(t) || t == Tag::JJ);
    let aux = aux_before(sent, k, chosen);
    let verb_pick = |c: &Cands| -> Tag {
        // which verb form, once we know it is a verb
        match aux {
            Some(Aux::Be | Aux::Get) => c.any(|t| t == Tag::VBN).or(c.any(|t| t == Tag::VBG)),
            Some(Aux::Have) => c.any(|t| t == Tag::VBN),
            Some(Aux::Modal | Aux::Do | Aux::To) => c.any(|t| t == Tag::VB),
            None => None,
        }
        .or_else(|| {
            if c.has(Tag::VBD) && c.has(Tag::VBN) {
                let by_next = next_t.is_some_and(|n| n.norm.eq_ignore_ascii_case("by"));
                let subj = prev.is_some_and(|p| is_noun_like(p) || matches!(p, Tag::PRP | Tag::WH));
                if by_next || (!subj && prev.is_some_and(|p| p == Tag::PUNCT)) {
                    return Some(Tag::VBN);
                }
                return Some(Tag::VBD);
            }
            if c.has(Tag::VBP) && c.has(Tag::VB) {
                let subj = prev.is_some_and(|p| {
                    matches!(p, Tag::PRP | Tag::NNS | Tag::NNP | Tag::NN | Tag::WH)
                });
                return Some(if subj { Tag::VBP } else { Tag::VB });
            }
            None
        })
        .or_else(|| c.any(is_finite))
        .or_else(|| c.any(Tag::is_verb))
        .unwrap_or_else(|| c.first())
    };
    if has_verb {
        match aux {
            Some(Aux::Modal | Aux::Do) if c.has(Tag::VB) => return Tag::VB,
            Some(Aux::To) if c.has(Tag::VB) => return Tag::VB,
            Some(Aux::Be | Aux::Get) if c.has(Tag::VBN) || c.has(Tag::VBG) => return verb_pick(c),
            Some(Aux::Have) if c.has(Tag::VBN) => return Tag::VBN,
            _ => {}
        }
    }
    let noun_pick = |c: &Cands| -> Tag {
        let next_nounish =
            next_c.is_some_and(|n| matches!(n.first(), Tag::NN | Tag::NNS | Tag::NNP | Tag::JJ));
        if next_nounish && c.has(Tag::JJ) {
            return Tag::JJ;
        }
        c.any(is_noun_like)
            .or(c.any(|t| t == Tag::JJ))
            .or(c.any(|t| t == Tag::VBN))
            .unwrap_or_else(|| c.first())
    };
    // "witnesses said", "strikes killed", "officials would": a word that may be a noun, right
    // before a past-tense verb or a modal that cannot be a noun, is that verb's subject.
    if nominal.is_some()
        && has_verb
        && next_c.is_some_and(|n| {
            matches!(n.first(), Tag::VBD | Tag::MD) && n.any(is_noun_like).is_none()
        })
    {
        return noun_pick(c);
    }
    let Some(p) = prev else {
        // sentence start: headline nouns ("Talks resume") more than imperatives
        return if nominal.is_some() {
            noun_pick(c)
        } else {
            verb_pick(c)
        };
    };
    match p {
        Tag::DT | Tag::PRPS | Tag::POS | Tag::JJ | Tag::CD if nominal.is_some() => noun_pick(c),
        Tag::DT | Tag::PRPS | Tag::POS | Tag::JJ | Tag::CD => c
            .any(|t| t == Tag::VBN || t == Tag::VBG)
            .unwrap_or_else(|| c.first()),
        Tag::PRP | Tag::WH if has_verb => verb_pick(c),
        Tag::NN | Tag::NNS | Tag::NNP if has_verb => {
            // "Canada sent aid": a word read first as a past verb, right after a noun, is the
            // verb of the clause.
            let only_finite = c.any(is_noun_like).is_none() || c.first() == Tag::VBD;
            if only_finite || object_start(next_c.unwrap_or(&Cands::Fixed(Tag::PUNCT)), next_t) {
                verb_pick(c)
            } else if c.has(Tag::VBN) && next_t.is_some_and(|n| n.norm.eq_ignore_ascii_case("by")) {
                Tag::VBN
            } else {
                noun_pick(c)
            }
        }
        Tag::IN
            if c.has(Tag::VBG)
                && object_start(next_c.unwrap_or(&Cands::Fixed(Tag::PUNCT)), next_t) =>
        {
            Tag::VBG
        }
        Tag::CC => {
            let before = k.checked_sub(2).map(|j| chosen[j]);
            // "… and threatened to expel …": a past form followed by "to" or a determiner after
            // "and" starts a coordinated verb phrase.
            let verb_next = next_t.is_some_and(|n| {
                matches!(
                    n.norm.to_ascii_lowercase().as_str(),
                    "to" | "the" | "a" | "an" | "its" | "their" | "his" | "her"
                )
            });
            match before {
                _ if c.has(Tag::VBD) && c.first() == Tag::VBD && verb_next => Tag::VBD,
                Some(b) if b.is_verb() && c.has(b) => b,
                Some(b) if b.is_verb() && has_verb => verb_pick(c),
                _ if nominal.is_some() => noun_pick(c),
                _ => c.first(),
            }
        }
        p if p.is_verb() && nominal.is_some() => noun_pick(c),
        _ if nominal.is_some() && has_verb => {
            if c.first().is_verb() && !c.has(Tag::VBN) {
                verb_pick(c)
            } else {
                noun_pick(c)
            }
        }
        _ if has_verb => verb_pick(c),
        _ => c.first(),
    }
}
