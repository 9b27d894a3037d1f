//! The arc-eager transition system and the parser's features.
//!
//! Arc-eager was chosen over arc-standard because it attaches right dependents as soon as
//! they are seen, so the greedy parser commits to fewer long-range guesses, and because
//! Goldberg and Nivre's dynamic oracle for it (see `oracle.rs`) is cheap to compute.
//! Word 0 is an artificial root at the bottom of the stack; the root may take exactly one
//! dependent, with the label `root`.

use crate::hash::{feat, hash_str};
use crate::model::Scorer;

/// "No such word" / "no head yet".
pub(crate) const NONE: u32 = u32::MAX;

/// Transition ids: SHIFT, REDUCE, then LEFT-ARC per label, then RIGHT-ARC per label.
pub(crate) const SHIFT: usize = 0;
pub(crate) const REDUCE: usize = 1;

/// What the parser reads about each word (index 0 is the root).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ParseTok {
    pub word: u64,
    pub tag: u64,
}

/// The root's word and tag values.
pub(crate) fn root_tok() -> ParseTok {
    ParseTok {
        word: hash_str("<ROOT>"),
        tag: 1 << 21,
    }
}

/// A parser configuration: stack, buffer front and the arcs built so far, with the
/// child summaries the features read (two leftmost and two rightmost children, valency
/// and the set of child labels on each side).
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    pub n: u32,
    pub stack: Vec<u32>,
    pub b: u32,
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
    l1: Vec<u32>,
    l2: Vec<u32>,
    r1: Vec<u32>,
    r2: Vec<u32>,
    nl: Vec<u16>,
    nr: Vec<u16>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl State {
    /// The initial configuration for `n` words.
    pub(crate) fn reset(&mut self, n: usize) {
        let m = n + 1;
        self.n = n as u32;
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        for v in [
            &mut self.heads,
            &mut self.l1,
            &mut self.l2,
            &mut self.r1,
            &mut self.r2,
        ] {
            v.clear();
            v.resize(m, NONE);
        }
        self.labels.clear();
        self.labels.resize(m, 0);
        for v in [&mut self.nl, &mut self.nr] {
            v.clear();
            v.resize(m, 0);
        }
        for v in [&mut self.lset, &mut self.rset] {
            v.clear();
            v.resize(m, 0);
        }
    }

    #[inline]
    pub(crate) fn s0(&self) -> u32 {
        self.stack.last().copied().unwrap_or(NONE)
    }

    #[inline]
    pub(crate) fn terminal(&self) -> bool {
        self.b > self.n
    }

    /// True when the root already has its one dependent.
    #[inline]
    pub(crate) fn root_taken(&self) -> bool {
        self.r1[0] != NONE
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u8) {
        let (hu, du) = (h as usize, d as usize);
        self.heads[du] = h;
        self.labels[du] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            self.nl[hu] += 1;
            self.lset[hu] |= bit;
            if self.l1[hu] == NONE || d < self.l1[hu] {
                self.l2[hu] = self.l1[hu];
                self.l1[hu] = d;
            } else if self.l2[hu] == NONE || d < self.l2[hu] {
                self.l2[hu] = d;
            }
        } else {
            self.nr[hu] += 1;
            self.rset[hu] |= bit;
            if self.r1[hu] == NONE || d > self.r1[hu] {
                self.r2[hu] = self.r1[hu];
                self.r1[hu] = d;
            } else if self.r2[hu] == NONE || d > self.r2[hu] {
                self.r2[hu] = d;
            }
        }
    }

    /// Whether transition `t` may be applied (labels: `n_labels`, `root` = id of `root`).
    #[inline]
    pub(crate) fn valid(&self, t: usize, n_labels: usize, root: usize) -> bool {
        let s = self.s0();
        let has_b = self.b <= self.n;
        match t {
            SHIFT => has_b,
            REDUCE => s != NONE && s != 0 && self.heads[s as usize] != NONE,
            _ if t < 2 + n_labels => {
                has_b && s != NONE && s != 0 && self.heads[s as usize] == NONE && t - 2 != root
            }
            _ => {
                let l = t - 2 - n_labels;
                has_b
                    && s != NONE
                    && if s == 0 {
                        l == root && !self.root_taken()
                    } else {
                        l != root
                    }
            }
        }
    }

    /// Applies a valid transition.
    pub(crate) fn apply(&mut self, t: usize, n_labels: usize) {
        match t {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            _ if t < 2 + n_labels => {
                let s = self.s0();
                self.add_arc(self.b, s, (t - 2) as u8);
                self.stack.pop();
            }
            _ => {
                let s = self.s0();
                self.add_arc(s, self.b, (t - 2 - n_labels) as u8);
                self.stack.push(self.b);
                self.b += 1;
            }
        }
    }

    /// Gives every word left without a head one: the root's dependent if there is one
    /// (as `punct` for punctuation, `parataxis` otherwise), else the first such word
    /// becomes the root.
    pub(crate) fn finish(
        &mut self,
        root: u8,
        punct: Option<u8>,
        parataxis: Option<u8>,
        is_punct: impl Fn(usize) -> bool,
    ) {
        for d in 1..=self.n as usize {
            if self.heads[d] != NONE {
                continue;
            }
            if self.r1[0] == NONE {
                self.add_arc(0, d as u32, root);
            } else {
                let h = self.r1[0];
                let l = if is_punct(d) { punct } else { parataxis };
                self.add_arc(h, d as u32, l.unwrap_or(root));
            }
        }
    }
}

/// Templates [`features`] extracts (a test checks that it fills exactly this many).
pub(crate) const MAX_FEATS: usize = 85;

/// The feature vector of a configuration (Zhang and Nivre 2011 templates, plus the
/// third stack word and the "s0 has a head" flag that REDUCE depends on).
pub(crate) fn features(st: &State, toks: &[ParseTok], out: &mut Vec<u64>) {
    const NW: u64 = 0x6e6f6e65;
    const NT: u64 = 1 << 22;
    const NL: u64 = 1 << 23;
    let w = |i: u32| if i == NONE { NW } else { toks[i as usize].word };
    let p = |i: u32| if i == NONE { NT } else { toks[i as usize].tag };
    let lab = |i: u32| {
        if i == NONE || st.heads[i as usize] == NONE {
            NL
        } else {
            u64::from(st.labels[i as usize])
        }
    };
    let get = |v: &Vec<u32>, i: u32| if i == NONE { NONE } else { v[i as usize] };
    let k = st.stack.len();
    let s0 = st.s0();
    let s1 = if k >= 2 { st.stack[k - 2] } else { NONE };
    let s2 = if k >= 3 { st.stack[k - 3] } else { NONE };
    let n0 = if st.b <= st.n { st.b } else { NONE };
    let n1 = if st.b < st.n { st.b + 1 } else { NONE };
    let n2 = if st.b + 1 < st.n { st.b + 2 } else { NONE };
    let s0h = get(&st.heads, s0);
    let s0h2 = get(&st.heads, s0h);
    let (s0l, s0l2, s0r, s0r2) = (
        get(&st.l1, s0),
        get(&st.l2, s0),
        get(&st.r1, s0),
        get(&st.r2, s0),
    );
    let (n0l, n0l2) = (get(&st.l1, n0), get(&st.l2, n0));
    let d = if s0 != NONE && n0 != NONE {
        u64::from((n0 - s0).min(10))
    } else {
        0
    };
    let cnt = |v: &Vec<u16>, i: u32| {
        if i == NONE {
            99
        } else {
            u64::from(v[i as usize].min(8))
        }
    };
    let set = |v: &Vec<u64>, i: u32| if i == NONE { 1 << 63 } else { v[i as usize] };
    let (vl0, vr0, vln) = (cnt(&st.nl, s0), cnt(&st.nr, s0), cnt(&st.nl, n0));
    let (sl0, sr0, sln) = (set(&st.lset, s0), set(&st.rset, s0), set(&st.lset, n0));
    let hashead = u64::from(s0 != NONE && st.heads[s0 as usize] != NONE);

    let (s0w, s0p, n0w, n0p) = (w(s0), p(s0), w(n0), p(n0));
    let (n1w, n1p, n2w, n2p) = (w(n1), p(n1), w(n2), p(n2));
    let (s1w, s1p, s2p) = (w(s1), p(s1), p(s2));

    // Keys go to a fixed array first: with every call inlined its index is a constant,
    // where a push checks the vector's capacity each time.
    let mut buf = [0u64; MAX_FEATS];
    let mut t = 0u64;
    let mut f = |a: u64, b: u64, c: u64| {
        t += 1;
        if let Some(slot) = buf.get_mut(t as usize - 1) {
            *slot = feat(t + 1000, a, b, c);
        }
    };
    // single words
    f(s0w, s0p, 0);
    f(s0w, 0, 0);
    f(s0p, 0, 0);
    f(n0w, n0p, 0);
    f(n0w, 0, 0);
    f(n0p, 0, 0);
    f(n1w, n1p, 0);
    f(n1w, 0, 0);
    f(n1p, 0, 0);
    f(n2w, n2p, 0);
    f(n2w, 0, 0);
    f(n2p, 0, 0);
    f(s1w, s1p, 0);
    f(s1w, 0, 0);
    f(s1p, 0, 0);
    // pairs
    f(s0w ^ s0p.rotate_left(40), n0w, n0p);
    f(s0w ^ s0p.rotate_left(40), n0w, 0);
    f(s0w, n0w, n0p);
    f(s0w ^ s0p.rotate_left(40), n0p, 0);
    f(s0p, n0w, n0p);
    f(s0w, n0w, 0);
    f(s0p, n0p, 0);
    f(n0p, n1p, 0);
    f(s1p, s0p, 0);
    f(s1w, s0w, 0);
    f(s1p, n0p, 0);
    // triples of tags
    f(n0p, n1p, n2p);
    f(s0p, n0p, n1p);
    f(p(s0h), s0p, n0p);
    f(s0p, p(s0l), n0p);
    f(s0p, p(s0r), n0p);
    f(s0p, n0p, p(n0l));
    f(s1p, s0p, n0p);
    f(s2p, s1p, s0p);
    f(s1p, s0p, n0w);
    // distance
    f(s0w, d, 0);
    f(s0p, d, 0);
    f(n0w, d, 0);
    f(n0p, d, 0);
    f(s0w, n0w, d);
    f(s0p, n0p, d);
    // valency
    f(s0w, vr0, 0);
    f(s0p, vr0, 0);
    f(s0w, vl0, 0);
    f(s0p, vl0, 0);
    f(n0w, vln, 0);
    f(n0p, vln, 0);
    // unigrams of heads and children
    f(w(s0h), 0, 0);
    f(p(s0h), 0, 0);
    f(lab(s0), 0, 0);
    f(w(s0l), 0, 0);
    f(p(s0l), 0, 0);
    f(lab(s0l), 0, 0);
    f(w(s0r), 0, 0);
    f(p(s0r), 0, 0);
    f(lab(s0r), 0, 0);
    f(w(n0l), 0, 0);
    f(p(n0l), 0, 0);
    f(lab(n0l), 0, 0);
    // third order
    f(w(s0h2), 0, 0);
    f(p(s0h2), 0, 0);
    f(lab(s0h), 0, 0);
    f(w(s0l2), 0, 0);
    f(p(s0l2), 0, 0);
    f(lab(s0l2), 0, 0);
    f(w(s0r2), 0, 0);
    f(p(s0r2), 0, 0);
    f(lab(s0r2), 0, 0);
    f(w(n0l2), 0, 0);
    f(p(n0l2), 0, 0);
    f(lab(n0l2), 0, 0);
    f(s0p, p(s0l), p(s0l2));
    f(s0p, p(s0r), p(s0r2));
    f(s0p, p(s0h), p(s0h2));
    f(n0p, p(n0l), p(n0l2));
    // label sets
    f(s0w, sr0, 0);
    f(s0p, sr0, 0);
    f(s0w, sl0, 0);
    f(s0p, sl0, 0);
    f(n0w, sln, 0);
    f(n0p, sln, 0);
    // arc-eager state
    f(hashead, s0p, n0p);
    f(hashead, lab(s0), n0p);
    f(hashead, s0w, n0p);
    f(s0p, lab(s0), n0p);
    debug_assert_eq!(
        t as usize, MAX_FEATS,
        "MAX_FEATS is the number of templates"
    );
    out.clear();
    out.extend_from_slice(&buf[..(t as usize).min(MAX_FEATS)]);
}

/// The transitions that can be valid when the word on top of the stack is the root or
/// has its head: SHIFT, REDUCE and every RIGHT-ARC (no LEFT-ARC). The model puts them
/// first, so that scoring such a configuration reads only part of each weight row.
pub(crate) fn first_classes(n_labels: usize) -> Vec<bool> {
    (0..2 + 2 * n_labels)
        .map(|t| t == SHIFT || t == REDUCE || t >= 2 + n_labels)
        .collect()
}

/// Parses with greedy decoding: the best-scoring valid transition at each step.
pub(crate) fn parse<S: Scorer>(
    model: &S,
    toks: &[ParseTok],
    n_labels: usize,
    root: usize,
    st: &mut State,
    feats: &mut Vec<u64>,
    scores: &mut Vec<f32>,
) {
    st.reset(toks.len() - 1);
    let n_classes = 2 + 2 * n_labels;
    while !st.terminal() {
        // With only the root on the stack and its dependent taken, SHIFT is the one
        // valid transition: scoring could not change the choice.
        if st.stack.len() == 1 && st.root_taken() {
            st.apply(SHIFT, n_labels);
            continue;
        }
        features(st, toks, feats);
        scores.clear();
        scores.resize(n_classes, 0.0);
        // With the root or a word that has its head on top of the stack, no LEFT-ARC is
        // valid: only the classes of `first_classes` need scores.
        let s0 = st.s0();
        if s0 == 0 || st.heads.get(s0 as usize).is_some_and(|&h| h != NONE) {
            model.score_first(feats, scores);
        } else {
            model.score(feats, scores);
        }
        let t = best_valid(st, scores, n_labels, root);
        st.apply(t, n_labels);
    }
}

/// The highest-scoring valid transition. SHIFT is always valid before the end, so one exists.
#[inline]
pub(crate) fn best_valid(st: &State, scores: &[f32], n_labels: usize, root: usize) -> usize {
    let mut best = SHIFT;
    let mut best_s = f32::NEG_INFINITY;
    for (t, &s) in scores.iter().enumerate() {
        if s > best_s && st.valid(t, n_labels, root) {
            best = t;
            best_s = s;
        }
    }
    best
}
