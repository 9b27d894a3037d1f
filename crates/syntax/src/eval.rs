//! Scoring against a gold treebank.

use crate::Model;
use crate::conllu::Sentence;

/// Accuracy on a treebank (gold tokens, predicted tags), in percent.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Number of words scored.
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment with full labels (subtypes must match).
    pub las: f64,
    /// Labelled attachment on the universal part of the label (CoNLL 2018 LAS).
    pub las_ud: f64,
}

/// Scores a model on a treebank: gold tokens, the model's own tags.
pub fn evaluate(model: &Model, sents: &[Sentence]) -> Scores {
    let mut an = model.analyser();
    let mut out = crate::Analysis::default();
    let (mut n, mut upos, mut xpos, mut uas, mut las, mut las_ud) = (0, 0, 0, 0, 0, 0);
    let mut words: Vec<&str> = Vec::new();
    for s in sents {
        words.clear();
        words.extend(s.words.iter().map(|w| w.form.as_str()));
        an.analyse_into(&words, &mut out);
        for (i, w) in s.words.iter().enumerate() {
            n += 1;
            let t = out.tags[i];
            upos += usize::from(model.upos(t) == w.upos);
            xpos += usize::from(model.xpos(t) == w.xpos);
            if out.heads[i] as usize == w.head {
                uas += 1;
                let l = model.label(out.labels[i]);
                las += usize::from(l == w.deprel);
                let base = |x: &str| x.split(':').next().unwrap_or("").to_string();
                las_ud += usize::from(base(l) == base(&w.deprel));
            }
        }
    }
    Scores {
        words: n,
        upos: pct(upos, n),
        xpos: pct(xpos, n),
        uas: pct(uas, n),
        las: pct(las, n),
        las_ud: pct(las_ud, n),
    }
}

pub(crate) fn pct(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}
