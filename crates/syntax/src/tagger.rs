//! The part-of-speech tagger: greedy left-to-right, one averaged-perceptron decision per
//! word over a combined UPOS+XPOS tag set. Unknown words are carried by affixes, word
//! shape and two tag dictionaries: the project's WordNet-derived lexicon (which knows
//! words the treebank never saw) and the tags seen with frequent words in training.

use sitrep_text::Lexicon;

use crate::hash::{feat, hash_bytes, hash_str};
use crate::model::{IdMap, Scorer};

/// Tag value used for positions before the sentence start.
const START: u64 = 1 << 20;

/// What the tagger needs to know about one word, hashed once per sentence.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokInfo {
    pub lower: u64,
    pub exact: u64,
    pub pre: [u64; 4],
    pub suf: [u64; 4],
    pub shape: u64,
    pub lex: u64,
    pub dict: u64,
}

const PAD: TokInfo = TokInfo {
    lower: 0x5ad,
    exact: 0x5ad,
    pre: [0x5ad; 4],
    suf: [0x5ad; 4],
    shape: 0x5ad,
    lex: 0x5ad,
    dict: 0x5ad,
};

/// Reusable buffers, so that tagging a sentence allocates nothing once warmed up.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub lower: String,
    pub shape: String,
    pub toks: Vec<TokInfo>,
    pub feats: Vec<u64>,
    /// The next word's tag-free features (see [`static_features`]).
    pub ahead: Vec<u64>,
    pub scores: Vec<f32>,
}

/// Hash of a word's lexicon readings (closed-class first, then WordNet), in order.
fn lex_class(lex: &Lexicon, word: &str, lower: &str) -> u64 {
    let mut h = 0x1e7u64;
    let mut any = false;
    let (closed, open) = lex.readings(word, lower);
    if let Some(e) = closed {
        for r in e.iter() {
            h = h.wrapping_mul(31).wrapping_add(r.tag as u64 + 1);
            any = true;
        }
    }
    h = h.wrapping_mul(31).wrapping_add(99);
    if let Some(e) = open {
        for r in e.iter() {
            h = h.wrapping_mul(31).wrapping_add(r.tag as u64 + 1);
            any = true;
        }
    }
    if any { h } else { 0 }
}

/// Word shape: X for upper case, x for lower, d for digits, other characters kept;
/// runs longer than three collapse ("Xxxx" for any capitalised word of 4+ letters).
fn shape_into(word: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 1;
            last = s;
        }
        if run <= 3 {
            out.push(s);
        }
    }
}

/// Computes the per-word hashes for a sentence into `sc.toks`.
pub(crate) fn prepare(words: &[&str], lex: &Lexicon, dict: &IdMap<u64>, sc: &mut Scratch) {
    sc.toks.clear();
    for w in words {
        sc.lower.clear();
        if w.is_ascii() {
            // Most words: one byte a character, so lower-casing and the affixes below
            // need no decoding (the same strings the general path makes).
            sc.lower.push_str(w);
            sc.lower.make_ascii_lowercase();
        } else {
            for c in w.chars() {
                sc.lower.extend(c.to_lowercase());
            }
        }
        shape_into(w, &mut sc.shape);
        let lower = sc.lower.as_str();
        let lh = hash_str(lower);
        let mut t = TokInfo {
            lower: lh,
            exact: hash_str(w),
            shape: hash_str(&sc.shape),
            lex: lex_class(lex, w, lower),
            dict: dict.get(&lh).copied().unwrap_or(0),
            ..TokInfo::default()
        };
        if lower.is_ascii() {
            let b = lower.as_bytes();
            let n = b.len();
            for k in 1..=n.min(4) {
                t.pre[k - 1] = hash_bytes(&b[..k]);
                t.suf[k - 1] = hash_bytes(&b[n - k..]);
            }
        } else {
            let n = lower.chars().count();
            for k in 1..=4usize {
                // Affixes longer than the word are all the word: skip them (value 0).
                if k <= n {
                    let pe = lower.char_indices().nth(k).map_or(lower.len(), |(i, _)| i);
                    let ss = lower.char_indices().nth(n - k).map_or(0, |(i, _)| i);
                    t.pre[k - 1] = hash_str(&lower[..pe]);
                    t.suf[k - 1] = hash_str(&lower[ss..]);
                }
            }
        }
        sc.toks.push(t);
    }
}

/// Templates [`features`] extracts (a test checks that it fills exactly this many).
pub(crate) const MAX_FEATS: usize = 43;

/// The features of word `i`, given the tags already chosen for the two words before it.
pub(crate) fn features(toks: &[TokInfo], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    fill::<false>(toks, i, p1, p2, out);
}

/// The features of word `i` that read no tag (33 of the 43), the same keys [`features`]
/// gives: known before the tags of the words before it, so that their lookups can start
/// while those words are still being tagged.
pub(crate) fn static_features(toks: &[TokInfo], i: usize, out: &mut Vec<u64>) {
    fill::<true>(toks, i, 0, 0, out);
}

/// [`features`], or with `STATIC` only the templates that read no tag (`p1`, `p2` unused).
#[inline(always)]
fn fill<const STATIC: bool>(toks: &[TokInfo], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    let at = |j: isize| -> &TokInfo {
        if j < 0 {
            &PAD
        } else {
            toks.get(j as usize).unwrap_or(&PAD)
        }
    };
    let ii = i as isize;
    let (w, m1, m2, n1, n2) = (at(ii), at(ii - 1), at(ii - 2), at(ii + 1), at(ii + 2));
    let first = u64::from(i == 0);
    // Keys go to a fixed array first: with every call inlined its index is a constant,
    // where a push checks the vector's capacity each time.
    let mut buf = [0u64; MAX_FEATS];
    let mut t = 0u64;
    let mut n = 0usize;
    // A template reading a tag (`p1` or `p2`) is numbered but left out when `STATIC`.
    let mut g = |tagged: bool, a: u64, b: u64, c: u64| {
        t += 1;
        if STATIC && tagged {
            return;
        }
        if let Some(slot) = buf.get_mut(n) {
            *slot = feat(t, a, b, c);
            n += 1;
        }
    };
    g(false, 0, 0, 0);
    g(false, w.lower, 0, 0);
    g(false, w.exact, 0, 0);
    for k in 0..4 {
        g(false, w.pre[k], 0, 0);
        g(false, w.suf[k], 0, 0);
    }
    g(false, w.shape, 0, 0);
    g(false, w.shape, first, 0);
    g(false, w.lex, 0, 0);
    g(false, w.dict, 0, 0);
    g(false, w.lex, w.dict, 0);
    g(true, p1, 0, 0);
    g(true, p2, 0, 0);
    g(true, p1, p2, 0);
    g(true, p1, w.lower, 0);
    g(true, p1, w.suf[2], 0);
    g(true, p1, w.lex, 0);
    g(true, p1, w.dict, 0);
    g(false, m1.lower, 0, 0);
    g(false, m1.suf[2], 0, 0);
    g(false, m2.lower, 0, 0);
    g(false, n1.lower, 0, 0);
    g(false, n1.suf[2], 0, 0);
    g(false, n1.shape, 0, 0);
    g(false, n1.lex, 0, 0);
    g(false, n1.dict, 0, 0);
    g(false, n2.lower, 0, 0);
    g(false, n2.lex, 0, 0);
    g(false, m1.lower, w.lower, 0);
    g(false, w.lower, n1.lower, 0);
    g(false, w.lex, n1.lex, 0);
    g(true, p1, n1.lower, 0);
    g(true, p1, n1.lex, 0);
    g(false, m1.lower, w.suf[2], 0);
    g(false, w.suf[2], n1.lower, 0);
    g(false, w.shape, n1.shape, 0);
    g(false, w.exact, first, 0);
    g(true, p1, p2, w.lower);
    debug_assert_eq!(
        t as usize, MAX_FEATS,
        "MAX_FEATS is the number of templates"
    );
    out.clear();
    out.extend_from_slice(&buf[..n.min(MAX_FEATS)]);
}

/// Tags a prepared sentence greedily, writing tag ids into `tags`; with a mask, a word `i`
/// with `mask.0[i]` set takes the best of the tags `mask.1` allows (when any is allowed).
pub(crate) fn tag_masked<S: Scorer>(
    model: &S,
    n_tags: usize,
    sc: &mut Scratch,
    mask: Option<(&[bool], &[bool])>,
    tags: &mut Vec<u8>,
) {
    // The mask applies only where it allows some tag of this model.
    let mask = mask.filter(|(_, allowed)| allowed.iter().take(n_tags).any(|&a| a));
    tags.clear();
    let Scratch {
        toks,
        feats,
        ahead,
        scores,
        ..
    } = sc;
    for i in 0..toks.len() {
        // The next word's tag-free features: their table lines load while this word is
        // scored (decoding waits on those cache misses more than on anything else).
        if i + 1 < toks.len() {
            static_features(toks, i + 1, ahead);
            model.prefetch(ahead);
        }
        let p1 = if i >= 1 {
            u64::from(tags[i - 1])
        } else {
            START
        };
        let p2 = if i >= 2 {
            u64::from(tags[i - 2])
        } else {
            START
        };
        features(toks, i, p1, p2, feats);
        scores.clear();
        scores.resize(n_tags, 0.0);
        model.score(feats, scores);
        let best = match mask {
            Some((words, allowed)) if words.get(i).copied().unwrap_or(false) => scores
                .iter()
                .enumerate()
                .filter(|&(t, _)| allowed.get(t).copied().unwrap_or(false))
                .fold(None, |best: Option<usize>, (t, &s)| match best {
                    Some(b) if s <= scores[b] => Some(b),
                    _ => Some(t),
                })
                .unwrap_or_else(|| argmax(scores)),
            _ => argmax(scores),
        };
        tags.push(best as u8);
    }
}

/// Index of the highest score (the first on ties).
#[inline]
pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}
