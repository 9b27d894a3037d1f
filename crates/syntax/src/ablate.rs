//! Parser feature-template ablation (feature `train`): how much each template of a trained
//! model matters on a treebank, measured without retraining.
//!
//! Decoding is bound by the feature lookups (one per template per transition), so a
//! template that costs a lookup on every transition should earn its place. Two cheap
//! measures, from one trained model: how often removing a template's weights changes the
//! transition the full model chose (on the full model's own path), and the attachment
//! scores of decoding with the template left out. Both overstate what a retrain without
//! the template would lose, since the other templates' weights were learnt relying on it;
//! they rank the candidates for the one retrain that decides.

use crate::conllu::Sentence;
use crate::eval::pct;
use crate::model::{Linear, Scorer};
use crate::parser::{self, ParseTok, State};
use crate::{Analysis, Model, tagger};

/// One template's measures.
#[derive(Debug, Clone, Copy, Default)]
pub struct TemplateStat {
    /// Position of the template in the parser's feature vector (0-based).
    pub index: usize,
    /// Share of scored transitions on which the template's feature has weights (percent).
    pub hit: f64,
    /// Share of scored transitions whose chosen transition changes without it (percent).
    pub flips: f64,
    /// Dev UAS and LAS decoding without it.
    pub uas: f64,
    /// See `uas`.
    pub las: f64,
}

/// The parser's weights with some templates (bits of `drop`, by position) left out.
struct Masked<'a> {
    inner: &'a Linear,
    drop: u128,
}

impl Scorer for Masked<'_> {
    fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let kept: Vec<u64> = feats
            .iter()
            .enumerate()
            .filter(|(i, _)| *i >= 128 || (self.drop >> i) & 1 == 0)
            .map(|(_, f)| *f)
            .collect();
        self.inner.score(&kept, scores);
    }
}

/// Gold-token sentences with the model's own tags, ready for the parser.
struct Prepared {
    ptoks: Vec<Vec<ParseTok>>,
    heads: Vec<Vec<u32>>,
    labels: Vec<Vec<u8>>,
}

fn prepare(model: &Model, sents: &[Sentence]) -> Prepared {
    let mut an = model.analyser();
    let mut out = Analysis::default();
    let mut p = Prepared {
        ptoks: Vec::new(),
        heads: Vec::new(),
        labels: Vec::new(),
    };
    let mut sc = tagger::Scratch::default();
    let label_id = |l: &str| {
        model
            .data
            .labels
            .iter()
            .position(|x| x == l)
            .map_or(u8::MAX, |i| i as u8)
    };
    for s in sents {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        an.analyse_into(&words, &mut out);
        tagger::prepare(&words, model.lex, &model.data.tagdict, &mut sc);
        let mut pt = Vec::new();
        crate::fill_ptoks(&sc, &out.tags, &mut pt);
        p.ptoks.push(pt);
        p.heads
            .push(s.words.iter().map(|w| w.head as u32).collect());
        p.labels
            .push(s.words.iter().map(|w| label_id(&w.deprel)).collect());
    }
    p
}

/// UAS and LAS (before the parser's finishing step, as in training) decoding with `drop`.
fn attachment(model: &Model, p: &Prepared, drop: u128) -> (f64, f64) {
    let m = Masked {
        inner: &model.data.parser,
        drop,
    };
    let n_labels = model.data.labels.len();
    let (mut st, mut feats, mut scores) = (State::default(), Vec::new(), Vec::new());
    let (mut u, mut l, mut n) = (0, 0, 0);
    for ((pt, heads), labels) in p.ptoks.iter().zip(&p.heads).zip(&p.labels) {
        parser::parse(
            &m,
            pt,
            n_labels,
            model.root,
            &mut st,
            &mut feats,
            &mut scores,
        );
        for (d, (&h, &lab)) in heads.iter().zip(labels).enumerate() {
            n += 1;
            if st.heads[d + 1] == h {
                u += 1;
                l += usize::from(st.labels[d + 1] == lab);
            }
        }
    }
    (pct(u, n), pct(l, n))
}

/// The number of templates the parser extracts.
pub fn n_templates() -> usize {
    let mut st = State::default();
    st.reset(1);
    let mut f = Vec::new();
    parser::features(&st, &[parser::root_tok(), parser::root_tok()], &mut f);
    f.len()
}

/// Dev UAS and LAS of the model as it is, and without the templates in `drop` (bits by
/// position), both before the finishing step.
pub fn masked_scores(model: &Model, sents: &[Sentence], drop: &[u128]) -> Vec<(f64, f64)> {
    let p = prepare(model, sents);
    drop.iter().map(|&d| attachment(model, &p, d)).collect()
}

/// Every template's measures on `sents` (see the module comment), in template order,
/// after the full model's own UAS and LAS.
pub fn ablate(model: &Model, sents: &[Sentence]) -> ((f64, f64), Vec<TemplateStat>) {
    let p = prepare(model, sents);
    let k = n_templates();
    let lin = &model.data.parser;
    let n_labels = model.data.labels.len();
    let n_classes = 2 + 2 * n_labels;
    let mut hits = vec![0usize; k];
    let mut flips = vec![0usize; k];
    let mut steps = 0usize;
    let (mut st, mut feats, mut scores, mut row) =
        (State::default(), Vec::new(), Vec::new(), Vec::new());
    for pt in &p.ptoks {
        st.reset(pt.len() - 1);
        while !st.terminal() {
            if st.stack.len() == 1 && st.root_taken() {
                st.apply(parser::SHIFT, n_labels);
                continue;
            }
            parser::features(&st, pt, &mut feats);
            scores.clear();
            scores.resize(n_classes, 0.0);
            lin.score(&feats, &mut scores);
            let t = parser::best_valid(&st, &scores, n_labels, model.root);
            steps += 1;
            for (i, &f) in feats.iter().enumerate().take(k) {
                row.clear();
                row.resize(n_classes, 0.0);
                lin.score(&[f], &mut row);
                if row.iter().all(|&x| x == 0.0) {
                    continue;
                }
                hits[i] += 1;
                let without: Vec<f32> = scores.iter().zip(&row).map(|(a, b)| a - b).collect();
                if parser::best_valid(&st, &without, n_labels, model.root) != t {
                    flips[i] += 1;
                }
            }
            st.apply(t, n_labels);
        }
    }
    let base = attachment(model, &p, 0);
    let stats = (0..k)
        .map(|i| {
            let (uas, las) = if i < 128 {
                attachment(model, &p, 1u128 << i)
            } else {
                base
            };
            TemplateStat {
                index: i,
                hit: pct(hits[i], steps),
                flips: pct(flips[i], steps),
                uas,
                las,
            }
        })
        .collect();
    (base, stats)
}

/// UPOS accuracy (percent) of the tagger on `sents` as it is (first) and without each
/// of its templates in turn (then one entry per template, in template order).
pub fn ablate_tagger(model: &Model, sents: &[Sentence]) -> Vec<f64> {
    let mut sc = tagger::Scratch::default();
    let probe = ["a", "b"];
    tagger::prepare(&probe, model.lex, &model.data.tagdict, &mut sc);
    let mut f = Vec::new();
    tagger::features(&sc.toks, 0, 1, 1, &mut f);
    let k = f.len().min(128);
    let masks: Vec<u128> = std::iter::once(0u128)
        .chain((0..k).map(|i| 1u128 << i))
        .collect();
    tagger_masked(model, sents, &masks)
}

/// UPOS accuracy (percent) of the tagger on `sents` without the templates in each mask
/// (bits by position).
pub fn tagger_masked(model: &Model, sents: &[Sentence], masks: &[u128]) -> Vec<f64> {
    let mut sc = tagger::Scratch::default();
    let upos_id: Vec<&str> = model.data.tags.iter().map(|t| t.upos.as_str()).collect();
    let n_tags = model.data.tags.len();
    let mut tags = Vec::new();
    let mut out = Vec::new();
    for &drop in masks {
        let m = Masked {
            inner: &model.data.tagger,
            drop,
        };
        let (mut right, mut n) = (0, 0);
        for s in sents {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            tagger::prepare(&words, model.lex, &model.data.tagdict, &mut sc);
            tagger::tag_masked(&m, n_tags, &mut sc, None, &mut tags);
            for (w, &t) in s.words.iter().zip(&tags) {
                n += 1;
                right += usize::from(upos_id.get(t as usize) == Some(&w.upos.as_str()));
            }
        }
        out.push(pct(right, n));
    }
    out
}
