//! Training (feature `train`): the averaged perceptron, the tagger's and the parser's
//! training loops, and jackknifing.
//!
//! The parser is trained on *predicted* tags: the training set is split into folds, a
//! tagger trained on the other folds tags each one, so the parser sees the kind of tag
//! errors it will meet at run time. It learns with Goldberg and Nivre's dynamic oracle,
//! following its own (possibly wrong) transitions most of the time after the first epoch.
//! Every loop is seeded and iterates in a fixed order: the same data, seed and settings
//! give the same model bytes.

use std::collections::HashMap;

use crate::conllu::Sentence;
use crate::eval::pct;
use crate::hash::{Rng, fmix};
use crate::model::{IdMap, Linear, ModelData, Scorer, TagName};
use crate::oracle::{Gold, costs};
use crate::parser::{self, ParseTok, State, root_tok};
use crate::tagger::{self, Scratch, argmax};
use crate::{Model, SyntaxError};

/// Training settings. The defaults are the ones the shipped model was trained with.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Maximum tagger epochs (the best on dev is kept).
    pub tagger_epochs: usize,
    /// Maximum parser epochs (the best on dev is kept).
    pub parser_epochs: usize,
    /// Jackknife folds for the parser's training tags (1 = train on gold tags).
    pub folds: usize,
    /// Seed for shuffling and exploration.
    pub seed: u64,
    /// Weights smaller than this many quantisation steps (of 32767) are dropped while
    /// training (epochs are chosen on these models).
    pub prune: i16,
    /// After training, the tagger's weights below this many steps are dropped (chosen on
    /// dev: 300 shrinks the model with no measurable loss).
    pub final_prune_tagger: u16,
    /// After training, the parser's weights below this many steps are dropped (500: the
    /// model shrinks from 31 to 13 MB for -0.02 LAS on dev).
    pub final_prune_parser: u16,
    /// Probability of following the parser's own prediction after the first epoch.
    pub explore: f64,
    /// Recorded in the model header.
    pub train_id: String,
    /// Where to keep the tagger and the parser's jackknifed training tags between runs
    /// (read when it matches the data and settings, else written): parser experiments
    /// then skip the tagger's training. The model's bytes are the same either way.
    pub tagger_cache: Option<std::path::PathBuf>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            tagger_epochs: 10,
            parser_epochs: 15,
            folds: 5,
            seed: 1,
            prune: 1,
            final_prune_tagger: 300,
            final_prune_parser: 500,
            explore: 0.9,
            train_id: String::new(),
            tagger_cache: None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct TW {
    w: f32,
    ts: u32,
    class: u8,
    total: f64,
}

/// Averaged-perceptron weights during training: sparse rows keyed by feature hash.
#[derive(Debug, Default)]
struct TrainWeights {
    map: IdMap<Vec<TW>>,
    now: u32,
}

impl Scorer for TrainWeights {
    fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(row) = self.map.get(f) {
                for e in row {
                    scores[e.class as usize] += e.w;
                }
            }
        }
    }
}

impl TrainWeights {
    fn tick(&mut self) {
        self.now += 1;
    }

    fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        let now = self.now;
        for &f in feats {
            let row = self.map.entry(f).or_default();
            for (c, d) in [(truth as u8, 1.0f32), (guess as u8, -1.0f32)] {
                let e = match row.iter_mut().position(|e| e.class == c) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(TW {
                            w: 0.0,
                            ts: now,
                            class: c,
                            total: 0.0,
                        });
                        let last = row.len() - 1;
                        &mut row[last]
                    }
                };
                e.total += f64::from(now - e.ts) * f64::from(e.w);
                e.ts = now;
                e.w += d;
            }
        }
    }

    /// The averaged weights as a shippable model.
    fn averaged(&self, n_classes: usize, prune: i16) -> Linear {
        let now = f64::from(self.now.max(1));
        let feats: Vec<(u64, Vec<(u8, f32)>)> = self
            .map
            .iter()
            .map(|(k, row)| {
                let ws = row
                    .iter()
                    .map(|e| {
                        let tot = e.total + f64::from(self.now - e.ts) * f64::from(e.w);
                        (e.class, (tot / now) as f32)
                    })
                    .filter(|e| e.1 != 0.0)
                    .collect();
                (*k, ws)
            })
            .collect();
        Linear::from_weights(n_classes, feats, prune)
    }
}

/// A treebank sentence with ids in place of strings.
struct Encoded<'a> {
    words: Vec<&'a str>,
    tags: Vec<u8>,
    heads: Vec<u32>,
    labels: Vec<u8>,
}

/// Ids by frequency (most frequent first, then by name): a fixed order for fixed data.
fn by_freq<K: Clone + Ord + std::hash::Hash>(items: impl Iterator<Item = K>) -> Vec<K> {
    let mut counts: HashMap<K, usize> = HashMap::new();
    for k in items {
        *counts.entry(k).or_default() += 1;
    }
    let mut v: Vec<(K, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.into_iter().map(|(k, _)| k).collect()
}

fn encode<'a>(
    s: &'a Sentence,
    tag_id: &HashMap<(String, String), u8>,
    label_id: &HashMap<String, u8>,
) -> Encoded<'a> {
    let mut e = Encoded {
        words: Vec::new(),
        tags: Vec::new(),
        heads: vec![0],
        labels: vec![0],
    };
    for w in &s.words {
        e.words.push(&w.form);
        e.tags.push(
            tag_id
                .get(&(w.upos.clone(), w.xpos.clone()))
                .copied()
                .unwrap_or(0),
        );
        e.heads.push(w.head as u32);
        e.labels.push(label_id.get(&w.deprel).copied().unwrap_or(0));
    }
    e
}

/// Lower-cased word -> hash of the tags it was seen with (words seen 3+ times; tags
/// with at least 5% of its occurrences).
fn build_tagdict(sents: &[&Encoded<'_>]) -> IdMap<u64> {
    let mut counts: IdMap<(u32, Vec<u32>)> = IdMap::default();
    for s in sents {
        for (w, &t) in s.words.iter().zip(&s.tags) {
            let e = counts
                .entry(crate::hash::hash_str(&w.to_lowercase()))
                .or_insert_with(|| (0, vec![0; 256]));
            e.0 += 1;
            e.1[t as usize] += 1;
        }
    }
    let mut dict = IdMap::default();
    for (k, (n, per)) in counts {
        if n < 3 {
            continue;
        }
        let mut h = 0x7a9u64;
        for (t, &c) in per.iter().enumerate() {
            if c * 20 >= n {
                h = fmix(h ^ (t as u64 + 1));
            }
        }
        dict.insert(k, h);
    }
    dict
}

/// Tagger training on `train`; returns the model from the best epoch on `dev` (or the
/// last epoch when `dev` is empty) and that epoch's number.
fn train_tagger(
    train: &[&Encoded<'_>],
    dev: &[&Encoded<'_>],
    dict: &IdMap<u64>,
    n_tags: usize,
    epochs: usize,
    cfg: &TrainConfig,
    log: &mut dyn FnMut(&str),
) -> (Linear, usize) {
    let lex = sitrep_text::Lexicon::default_ref();
    let mut w = TrainWeights::default();
    let mut rng = Rng::new(cfg.seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut sc = Scratch::default();
    let mut best: Option<(f64, Linear, usize)> = None;
    let mut pred = Vec::new();
    for epoch in 1..=epochs {
        shuffle(&mut order, &mut rng);
        let (mut right, mut total) = (0usize, 0usize);
        for &si in &order {
            let s = train[si];
            tagger::prepare(&s.words, lex, dict, &mut sc);
            pred.clear();
            for i in 0..s.words.len() {
                let p1 = if i >= 1 {
                    u64::from(pred[i - 1])
                } else {
                    1 << 20
                };
                let p2 = if i >= 2 {
                    u64::from(pred[i - 2])
                } else {
                    1 << 20
                };
                tagger::features(&sc.toks, i, p1, p2, &mut sc.feats);
                sc.scores.clear();
                sc.scores.resize(n_tags, 0.0);
                w.score(&sc.feats, &mut sc.scores);
                let guess = argmax(&sc.scores);
                let truth = s.tags[i] as usize;
                w.tick();
                if guess != truth {
                    w.update(&sc.feats, truth, guess);
                } else {
                    right += 1;
                }
                total += 1;
                pred.push(guess as u8);
            }
        }
        let lin = w.averaged(n_tags, cfg.prune);
        if dev.is_empty() {
            log(&format!(
                "  tagger epoch {epoch}: train acc {:.2}",
                pct(right, total)
            ));
            best = Some((0.0, lin, epoch));
            continue;
        }
        let acc = tag_accuracy(&lin, dev, dict, n_tags);
        log(&format!(
            "  tagger epoch {epoch}: train acc {:.2}, dev acc {acc:.2}",
            pct(right, total)
        ));
        if best.as_ref().is_none_or(|b| acc > b.0) {
            best = Some((acc, lin, epoch));
        }
    }
    match best {
        Some((_, lin, e)) => (lin, e),
        None => (w.averaged(n_tags, cfg.prune), 0),
    }
}

fn tag_sents(
    lin: &Linear,
    sents: &[&Encoded<'_>],
    dict: &IdMap<u64>,
    n_tags: usize,
) -> Vec<Vec<u8>> {
    let lex = sitrep_text::Lexicon::default_ref();
    let mut sc = Scratch::default();
    sents
        .iter()
        .map(|s| {
            tagger::prepare(&s.words, lex, dict, &mut sc);
            let mut tags = Vec::new();
            tagger::tag_masked(lin, n_tags, &mut sc, None, &mut tags);
            tags
        })
        .collect()
}

fn tag_accuracy(lin: &Linear, sents: &[&Encoded<'_>], dict: &IdMap<u64>, n_tags: usize) -> f64 {
    let pred = tag_sents(lin, sents, dict, n_tags);
    let (mut right, mut total) = (0, 0);
    for (s, p) in sents.iter().zip(&pred) {
        right += s.tags.iter().zip(p).filter(|(a, b)| a == b).count();
        total += s.tags.len();
    }
    pct(right, total)
}

fn shuffle(v: &mut [usize], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        let j = rng.below(i + 1);
        v.swap(i, j);
    }
}

fn ptoks(s: &Encoded<'_>, tags: &[u8]) -> Vec<ParseTok> {
    let mut v = vec![root_tok()];
    for (w, &t) in s.words.iter().zip(tags) {
        v.push(ParseTok {
            word: crate::hash::hash_str(&w.to_lowercase()),
            tag: u64::from(t),
        });
    }
    v
}

/// Unlabelled and labelled attachment of a parse against gold, as counts.
fn attach(st: &State, s: &Encoded<'_>) -> (usize, usize) {
    let (mut u, mut l) = (0, 0);
    for d in 1..s.heads.len() {
        if st.heads[d] == s.heads[d] {
            u += 1;
            if st.labels[d] == s.labels[d] {
                l += 1;
            }
        }
    }
    (u, l)
}

/// The tagger and the parser's training tags: steps 1 and 2 of [`train`], the slow part
/// that does not depend on the parser's features (so it can be cached between parser
/// experiments).
struct TaggerStage {
    tagger_lin: Linear,
    dict: IdMap<u64>,
    train_tags: Vec<Vec<u8>>,
}

const STAGE_MAGIC: &[u8; 8] = b"SITRTAG\x1a";

/// What the tagger stage depends on: the training and dev words and tags, the settings
/// and the tagger's feature templates (probed on a made-up sentence).
fn stage_key(tr: &[&Encoded<'_>], dv: &[&Encoded<'_>], n_tags: usize, cfg: &TrainConfig) -> u64 {
    let mut b = Vec::new();
    let mut sc = Scratch::default();
    let probe = ["The", "Sudrian", "army", "shelled", "3", "towns", "."];
    tagger::prepare(
        &probe,
        sitrep_text::Lexicon::default_ref(),
        &IdMap::default(),
        &mut sc,
    );
    for i in 0..probe.len() {
        tagger::features(&sc.toks, i, 7, 9, &mut sc.feats);
        for f in &sc.feats {
            b.extend_from_slice(&f.to_le_bytes());
        }
    }
    for v in [
        cfg.seed,
        cfg.folds as u64,
        cfg.tagger_epochs as u64,
        cfg.prune as u64,
        n_tags as u64,
    ] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    for (part, sents) in [tr, dv].into_iter().enumerate() {
        b.extend_from_slice(&(part as u64).to_le_bytes());
        for s in sents {
            for w in &s.words {
                b.extend_from_slice(w.as_bytes());
                b.push(0);
            }
            b.extend_from_slice(&s.tags);
            b.push(0xff);
        }
    }
    crate::hash::checksum(&b)
}

impl TaggerStage {
    fn to_bytes(&self, key: u64) -> Vec<u8> {
        let mut out = STAGE_MAGIC.to_vec();
        out.extend_from_slice(&key.to_le_bytes());
        let mut dict: Vec<(u64, u64)> = self.dict.iter().map(|(k, v)| (*k, *v)).collect();
        dict.sort_unstable();
        out.extend_from_slice(&(dict.len() as u64).to_le_bytes());
        for (k, v) in dict {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        self.tagger_lin.write(&mut out);
        out.extend_from_slice(&(self.train_tags.len() as u64).to_le_bytes());
        for t in &self.train_tags {
            out.extend_from_slice(&(t.len() as u32).to_le_bytes());
            out.extend_from_slice(t);
        }
        out
    }

    fn from_bytes(b: &[u8], key: u64, n_sents: usize) -> Result<TaggerStage, String> {
        let mut r = crate::model::Reader { b, pos: 0 };
        if r.bytes(8)? != STAGE_MAGIC {
            return Err("not a tagger cache".into());
        }
        if r.u64()? != key {
            return Err("written for other training data or settings".into());
        }
        let n = r.u64()? as usize;
        let mut dict = IdMap::default();
        for _ in 0..n {
            let k = r.u64()?;
            dict.insert(k, r.u64()?);
        }
        let tagger_lin = Linear::read(&mut r, &[])?;
        let n = r.u64()? as usize;
        if n != n_sents {
            return Err(format!("{n} sentences, expected {n_sents}"));
        }
        let mut train_tags = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.u32()? as usize;
            train_tags.push(r.bytes(len)?.to_vec());
        }
        if r.pos != b.len() {
            return Err("trailing bytes".into());
        }
        Ok(TaggerStage {
            tagger_lin,
            dict,
            train_tags,
        })
    }
}

fn tagger_stage(
    tr: &[Encoded<'_>],
    tr_refs: &[&Encoded<'_>],
    dv_refs: &[&Encoded<'_>],
    n_tags: usize,
    cfg: &TrainConfig,
    log: &mut dyn FnMut(&str),
) -> TaggerStage {
    // 1. The shipped tagger, epochs chosen on dev.
    let dict = build_tagdict(tr_refs);
    log("tagger (full training set)");
    let (tagger_lin, tag_epochs) =
        train_tagger(tr_refs, dv_refs, &dict, n_tags, cfg.tagger_epochs, cfg, log);
    log(&format!("tagger: best epoch {tag_epochs}"));

    // 2. Jackknifed tags for the parser's training data.
    let mut train_tags: Vec<Vec<u8>> = tr.iter().map(|s| s.tags.clone()).collect();
    if cfg.folds > 1 {
        for k in 0..cfg.folds {
            let held: Vec<usize> = (0..tr.len()).filter(|i| i % cfg.folds == k).collect();
            let rest: Vec<&Encoded<'_>> = (0..tr.len())
                .filter(|i| i % cfg.folds != k)
                .map(|i| &tr[i])
                .collect();
            let fdict = build_tagdict(&rest);
            log(&format!("jackknife fold {}/{}", k + 1, cfg.folds));
            let (lin, _) = train_tagger(&rest, &[], &fdict, n_tags, tag_epochs.max(1), cfg, log);
            let held_refs: Vec<&Encoded<'_>> = held.iter().map(|&i| &tr[i]).collect();
            let pred = tag_sents(&lin, &held_refs, &fdict, n_tags);
            for (i, p) in held.into_iter().zip(pred) {
                train_tags[i] = p;
            }
        }
        let right: usize = tr
            .iter()
            .zip(&train_tags)
            .map(|(s, p)| s.tags.iter().zip(p).filter(|(a, b)| a == b).count())
            .sum();
        let total: usize = tr.iter().map(|s| s.tags.len()).sum();
        log(&format!(
            "jackknifed training tags: {:.2}% correct",
            pct(right, total)
        ));
    }
    TaggerStage {
        tagger_lin,
        dict,
        train_tags,
    }
}

/// Trains a tagger and a parser; `log` receives progress lines.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    cfg: &TrainConfig,
    log: &mut dyn FnMut(&str),
) -> Result<Model, SyntaxError> {
    let tags: Vec<(String, String)> = by_freq(
        train
            .iter()
            .flat_map(|s| s.words.iter().map(|w| (w.upos.clone(), w.xpos.clone()))),
    );
    let mut labels: Vec<String> = by_freq(
        train
            .iter()
            .flat_map(|s| s.words.iter().map(|w| w.deprel.clone())),
    );
    if !labels.iter().any(|l| l == "root") {
        labels.push("root".into());
    }
    let too_many = |m: String| SyntaxError::new(crate::ErrorKind::Malformed(m), "training data");
    if tags.len() > 255 {
        return Err(too_many(format!(
            "{} distinct UPOS+XPOS tags (at most 255)",
            tags.len()
        )));
    }
    if labels.len() > 126 {
        return Err(too_many(format!(
            "{} distinct labels (at most 126)",
            labels.len()
        )));
    }
    let n_tags = tags.len();
    let n_labels = labels.len();
    let root = labels.iter().position(|l| l == "root").unwrap_or(0);
    let tag_id: HashMap<(String, String), u8> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (t.clone(), i as u8))
        .collect();
    let label_id: HashMap<String, u8> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.clone(), i as u8))
        .collect();
    let tr: Vec<Encoded<'_>> = train
        .iter()
        .map(|s| encode(s, &tag_id, &label_id))
        .collect();
    let dv: Vec<Encoded<'_>> = dev.iter().map(|s| encode(s, &tag_id, &label_id)).collect();
    let tr_refs: Vec<&Encoded<'_>> = tr.iter().collect();
    let dv_refs: Vec<&Encoded<'_>> = dv.iter().collect();
    log(&format!(
        "{} training sentences, {} dev; {n_tags} tags, {n_labels} labels",
        tr.len(),
        dv.len()
    ));

    // 1-2. The shipped tagger and the parser's jackknifed training tags, or the same
    // from the cache a previous run with the same data and settings wrote.
    let key = stage_key(&tr_refs, &dv_refs, n_tags, cfg);
    let cached = match &cfg.tagger_cache {
        Some(p) => match std::fs::read(p) {
            Ok(b) => match TaggerStage::from_bytes(&b, key, tr.len()) {
                Ok(st) => {
                    log(&format!(
                        "tagger and jackknifed tags read from {}",
                        p.display()
                    ));
                    Some(st)
                }
                Err(e) => {
                    log(&format!("tagger cache {} not used: {e}", p.display()));
                    None
                }
            },
            Err(_) => None,
        },
        None => None,
    };
    let stage = match cached {
        Some(st) => st,
        None => {
            let st = tagger_stage(&tr, &tr_refs, &dv_refs, n_tags, cfg, log);
            if let Some(p) = &cfg.tagger_cache {
                match std::fs::write(p, st.to_bytes(key)) {
                    Ok(()) => log(&format!("tagger cache written to {}", p.display())),
                    Err(e) => log(&format!("tagger cache {} not written: {e}", p.display())),
                }
            }
            st
        }
    };
    let TaggerStage {
        tagger_lin,
        dict,
        train_tags,
    } = stage;

    // 3. The parser, on jackknifed tags, evaluated on dev with the shipped tagger's tags.
    let dev_tags = tag_sents(&tagger_lin, &dv_refs, &dict, n_tags);
    let train_ptoks: Vec<Vec<ParseTok>> = tr
        .iter()
        .zip(&train_tags)
        .map(|(s, t)| ptoks(s, t))
        .collect();
    let dev_ptoks: Vec<Vec<ParseTok>> =
        dv.iter().zip(&dev_tags).map(|(s, t)| ptoks(s, t)).collect();
    let n_classes = 2 + 2 * n_labels;
    let mut w = TrainWeights::default();
    let mut rng = Rng::new(cfg.seed ^ 0x9a55);
    let mut order: Vec<usize> = (0..tr.len()).collect();
    let mut st = State::default();
    let (mut feats, mut scores, mut cost) = (Vec::new(), Vec::new(), Vec::new());
    let mut best: Option<(f64, Linear, usize)> = None;
    log("parser");
    for epoch in 1..=cfg.parser_epochs {
        shuffle(&mut order, &mut rng);
        let (mut right, mut total) = (0usize, 0usize);
        for &si in &order {
            let s = &tr[si];
            let pt = &train_ptoks[si];
            let gold = Gold {
                heads: &s.heads,
                labels: &s.labels,
            };
            st.reset(s.words.len());
            while !st.terminal() {
                parser::features(&st, pt, &mut feats);
                scores.clear();
                scores.resize(n_classes, 0.0);
                w.score(&feats, &mut scores);
                costs(&st, &gold, n_labels, root, &mut cost);
                let guess = parser::best_valid(&st, &scores, n_labels, root);
                let min = cost.iter().copied().min().unwrap_or(0);
                let mut truth = guess;
                let mut best_s = f32::NEG_INFINITY;
                for (t, &c) in cost.iter().enumerate() {
                    if c == min && scores[t] > best_s {
                        best_s = scores[t];
                        truth = t;
                    }
                }
                w.tick();
                if cost[guess] > min {
                    w.update(&feats, truth, guess);
                } else {
                    right += 1;
                }
                total += 1;
                let follow = if epoch > 1 && rng.unit() < cfg.explore {
                    guess
                } else {
                    truth
                };
                st.apply(follow, n_labels);
            }
        }
        let lin = w.averaged(n_classes, cfg.prune);
        let (mut u, mut l, mut n) = (0, 0, 0);
        for (s, pt) in dv.iter().zip(&dev_ptoks) {
            parser::parse(&lin, pt, n_labels, root, &mut st, &mut feats, &mut scores);
            let (a, b) = attach(&st, s);
            u += a;
            l += b;
            n += s.words.len();
        }
        let (uas, las) = (pct(u, n), pct(l, n));
        log(&format!(
            "  parser epoch {epoch}: train transitions {:.2}% optimal, dev UAS {uas:.2} LAS {las:.2} (before finishing)",
            pct(right, total)
        ));
        if dv.is_empty() || best.as_ref().is_none_or(|b| las > b.0) {
            best = Some((las, lin, epoch));
        }
    }
    let (parser_lin, parser_epoch) = match best {
        Some((_, lin, e)) => (lin, e),
        None => (w.averaged(n_classes, cfg.prune), 0),
    };
    log(&format!("parser: best epoch {parser_epoch}"));
    let data = ModelData {
        train_id: cfg.train_id.clone(),
        tags: tags
            .into_iter()
            .map(|(upos, xpos)| TagName { upos, xpos })
            .collect(),
        labels,
        tagdict: dict,
        tagger: tagger_lin.pruned(cfg.final_prune_tagger),
        parser: parser_lin.pruned(cfg.final_prune_parser),
    };
    Ok(Model::from_data(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage() -> TaggerStage {
        let mut dict = IdMap::default();
        dict.insert(11, 22);
        dict.insert(33, 44);
        TaggerStage {
            tagger_lin: Linear::from_weights(3, vec![(5, vec![(0, 1.5), (2, -0.5)])], 1),
            dict,
            train_tags: vec![vec![0, 1, 2], vec![], vec![2]],
        }
    }

    /// The cache gives back exactly what was written, and only to the run it was written for.
    #[test]
    fn tagger_cache_round_trips_and_refuses_other_runs() {
        let bytes = stage().to_bytes(7);
        let back = match TaggerStage::from_bytes(&bytes, 7, 3) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(back.train_tags, stage().train_tags);
        assert_eq!(back.dict, stage().dict);
        assert_eq!(back.to_bytes(7), bytes, "byte for byte");
        assert!(TaggerStage::from_bytes(&bytes, 8, 3).is_err(), "other key");
        assert!(TaggerStage::from_bytes(&bytes, 7, 4).is_err(), "other data");
        assert!(TaggerStage::from_bytes(&bytes[..bytes.len() - 1], 7, 3).is_err());
        assert!(TaggerStage::from_bytes(b"junk", 7, 3).is_err());
    }
}
