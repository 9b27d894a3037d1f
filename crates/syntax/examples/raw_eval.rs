//! Scores the whole analyser from raw text, as the CoNLL 2018 shared task does: the
//! treebank's `# text` lines (joined into documents and paragraphs as `# newdoc` and
//! `# newpar` say) go through sitrep's tokeniser and sentence splitter, the UD word
//! mapping, the tagger and the parser; system and gold words are aligned by their
//! character spans (whitespace ignored) and precision, recall and F1 are reported for
//! words, sentences, UPOS, UAS and LAS (LAS on universal labels, as in CoNLL 2018).
//!
//! Simplification: gold words are placed in the `# text` line by matching their forms in
//! order; the few words whose form is not a substring there (typo corrections inside
//! multiword tokens) stay unaligned and count as misses.
//!
//! ```text
//! cargo run --release -p sitrep-syntax --example raw_eval -- data/models/en_ewt-syntax.bin ../shared/ud/en_ewt-ud-test.conllu
//! ```

use std::collections::HashMap;
use std::path::Path;

use sitrep_syntax::conllu::read_conllu;
use sitrep_syntax::{Model, sentence_words};

/// Counts for one measure.
#[derive(Default)]
struct Prf {
    correct: usize,
    sys: usize,
    gold: usize,
}

impl Prf {
    fn line(&self, name: &str) -> String {
        let p = self.correct as f64 / self.sys.max(1) as f64;
        let r = self.correct as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        format!(
            "{name:10} P {:6.2}  R {:6.2}  F1 {:6.2}",
            100.0 * p,
            100.0 * r,
            100.0 * f
        )
    }
}

fn base(l: &str) -> &str {
    l.split(':').next().unwrap_or("")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        return Err("usage: raw_eval MODEL FILE.conllu".into());
    }
    let model = Model::load(Path::new(&args[0]))?;
    let sents = read_conllu(&std::fs::read_to_string(&args[1])?, &args[1])?;

    // Build the raw text and place gold words and sentences in it (byte spans).
    let mut text = String::new();
    let mut gold_words: Vec<(usize, usize, String, usize, String)> = Vec::new(); // span, upos, head index, label
    let mut gold_sents: Vec<(usize, usize)> = Vec::new();
    let mut unplaced = 0;
    for (si, s) in sents.iter().enumerate() {
        if si > 0 {
            text.push_str(if s.newdoc {
                "\n\n"
            } else if s.newpar {
                "\n"
            } else {
                " "
            });
        }
        let off = text.len();
        let raw = s.text.clone().unwrap_or_else(|| {
            s.words
                .iter()
                .map(|w| w.form.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        });
        text.push_str(&raw);
        gold_sents.push((off, text.len()));
        let first = gold_words.len();
        let mut cur = 0;
        for w in &s.words {
            let rest = &raw[cur..];
            let skip = rest.len() - rest.trim_start().len();
            let (a, b) = if rest[skip..].starts_with(&w.form) {
                (cur + skip, cur + skip + w.form.len())
            } else {
                unplaced += 1;
                (usize::MAX, usize::MAX)
            };
            if a != usize::MAX {
                cur = b;
            }
            let head = if w.head == 0 {
                usize::MAX
            } else {
                first + w.head - 1
            };
            let span = if a == usize::MAX {
                (a, b)
            } else {
                (off + a, off + b)
            };
            gold_words.push((span.0, span.1, w.upos.clone(), head, w.deprel.clone()));
        }
    }

    // Character index without whitespace, for span comparison.
    let mut nows = vec![0usize; text.len() + 1];
    let mut k = 0;
    for (i, c) in text.char_indices() {
        for b in 0..c.len_utf8() {
            nows[i + b] = k;
        }
        if !c.is_whitespace() {
            k += 1;
        }
    }
    nows[text.len()] = k;
    let key = |a: usize, b: usize| (nows[a], nows[b]);

    // Run the analyser.
    let an = sitrep_text::analyze(&text);
    let mut analyser = model.analyser();
    let mut sys_words: Vec<(usize, usize, String, usize, String)> = Vec::new();
    let mut sys_sents: Vec<(usize, usize)> = Vec::new();
    for s in &an.sentences {
        let ws = sentence_words(&text, &an, s.tok_start, s.tok_end);
        if ws.is_empty() {
            continue;
        }
        let forms: Vec<&str> = ws.iter().map(|w| w.form.as_str()).collect();
        let a = analyser.analyse(&forms);
        let first = sys_words.len();
        sys_sents.push((ws[0].start, ws[ws.len() - 1].end));
        for (i, w) in ws.iter().enumerate() {
            let h = a.heads[i] as usize;
            let head = if h == 0 { usize::MAX } else { first + h - 1 };
            sys_words.push((
                w.start,
                w.end,
                model.upos(a.tags[i]).to_string(),
                head,
                model.label(a.labels[i]).to_string(),
            ));
        }
    }

    // Align words by span.
    let gold_at: HashMap<(usize, usize), usize> = gold_words
        .iter()
        .enumerate()
        .filter(|(_, g)| g.0 != usize::MAX)
        .map(|(i, g)| (key(g.0, g.1), i))
        .collect();
    let sys_to_gold: Vec<Option<usize>> = sys_words
        .iter()
        .map(|s| gold_at.get(&key(s.0, s.1)).copied())
        .collect();
    let (mut words, mut upos, mut uas, mut las, mut sentm) = (
        Prf::default(),
        Prf::default(),
        Prf::default(),
        Prf::default(),
        Prf::default(),
    );
    for m in [&mut words, &mut upos, &mut uas, &mut las] {
        m.sys = sys_words.len();
        m.gold = gold_words.len();
    }
    for (si, s) in sys_words.iter().enumerate() {
        let Some(gi) = sys_to_gold[si] else { continue };
        let g = &gold_words[gi];
        words.correct += 1;
        upos.correct += usize::from(s.2 == g.2);
        let head_ok = match (s.3, g.3) {
            (usize::MAX, usize::MAX) => true,
            (sh, gh) if sh != usize::MAX && gh != usize::MAX => sys_to_gold[sh] == Some(gh),
            _ => false,
        };
        if head_ok {
            uas.correct += 1;
            las.correct += usize::from(base(&s.4) == base(&g.4));
        }
    }
    if std::env::var_os("RAW_EVAL_SHOW").is_some() {
        for (si, s) in sys_words
            .iter()
            .enumerate()
            .filter(|(i, _)| sys_to_gold[*i].is_none())
            .step_by(25)
            .take(80)
        {
            let ctx = text
                .get(s.0.saturating_sub(20)..(s.1 + 20).min(text.len()))
                .unwrap_or("");
            eprintln!(
                "unmatched system word {si} {:?} in {:?}",
                text.get(s.0..s.1).unwrap_or(""),
                ctx
            );
        }
    }
    let gold_sent_keys: std::collections::HashSet<(usize, usize)> =
        gold_sents.iter().map(|&(a, b)| key(a, b)).collect();
    sentm.sys = sys_sents.len();
    sentm.gold = gold_sents.len();
    sentm.correct = sys_sents
        .iter()
        .filter(|&&(a, b)| gold_sent_keys.contains(&key(a, b)))
        .count();

    println!(
        "{}: raw text through sitrep's tokeniser and splitter ({unplaced} gold words not placed in # text)",
        args[1]
    );
    println!("{}", words.line("Words"));
    println!("{}", sentm.line("Sentences"));
    println!("{}", upos.line("UPOS"));
    println!("{}", uas.line("UAS"));
    println!("{}", las.line("LAS"));
    Ok(())
}
