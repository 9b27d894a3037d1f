//! A small CoNLL-U reader and writer (<https://universaldependencies.org/format.html>).
//!
//! Only basic trees are read: multiword-token ranges (`1-2`) and empty nodes (`1.1`) are
//! skipped, because the tagger and parser work on syntactic words.

use std::fmt::Write as _;

use crate::error::{ErrorKind, SyntaxError};

/// One syntactic word of a CoNLL-U sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    /// The word as written.
    pub form: String,
    /// Its lemma (`_` when not given).
    pub lemma: String,
    /// Universal part-of-speech tag.
    pub upos: String,
    /// Penn Treebank tag.
    pub xpos: String,
    /// Morphological features, `Name=Value|...`.
    pub feats: String,
    /// 1-based index of the head word, 0 for the root.
    pub head: usize,
    /// Dependency relation to the head (with subtype, e.g. `nsubj:pass`).
    pub deprel: String,
    /// The MISC column (e.g. `SpaceAfter=No`).
    pub misc: String,
}

/// One sentence: its comment lines' `sent_id` and `text`, and its words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The `# sent_id` comment.
    pub sent_id: Option<String>,
    /// The `# text` comment: the raw sentence.
    pub text: Option<String>,
    /// The syntactic words.
    pub words: Vec<Word>,
    /// A `# newdoc` comment opens this sentence.
    pub newdoc: bool,
    /// A `# newpar` comment opens this sentence.
    pub newpar: bool,
}

/// Reads every sentence of a CoNLL-U document. `source` names the file in errors.
pub fn read_conllu(text: &str, source: &str) -> Result<Vec<Sentence>, SyntaxError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let err = |line: usize, message: String| {
        SyntaxError::new(ErrorKind::Conllu { line, message }, source)
    };
    for (i, raw) in text.lines().enumerate() {
        let lineno = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                check_heads(&cur).map_err(|m| err(lineno, m))?;
                out.push(std::mem::take(&mut cur));
            } else {
                cur = Sentence::default();
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if let Some(v) = c.strip_prefix("sent_id =") {
                cur.sent_id = Some(v.trim().to_string());
            } else if let Some(v) = c.strip_prefix("text =") {
                cur.text = Some(v.trim().to_string());
            } else if c.starts_with("newdoc") {
                cur.newdoc = true;
            } else if c.starts_with("newpar") {
                cur.newpar = true;
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 10 {
            return Err(err(
                lineno,
                format!("expected 10 tab-separated fields, found {}", f.len()),
            ));
        }
        if f[0].contains('-') || f[0].contains('.') {
            continue;
        }
        let id: usize = f[0]
            .parse()
            .map_err(|_| err(lineno, format!("bad ID field {:?}", f[0])))?;
        if id != cur.words.len() + 1 {
            return Err(err(
                lineno,
                format!(
                    "word ID {id} out of sequence (expected {})",
                    cur.words.len() + 1
                ),
            ));
        }
        let head = if f[6] == "_" {
            0
        } else {
            f[6].parse()
                .map_err(|_| err(lineno, format!("bad HEAD field {:?}", f[6])))?
        };
        cur.words.push(Word {
            form: f[1].to_string(),
            lemma: f[2].to_string(),
            upos: f[3].to_string(),
            xpos: f[4].to_string(),
            feats: f[5].to_string(),
            head,
            deprel: f[7].to_string(),
            misc: f[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        check_heads(&cur).map_err(|m| err(text.lines().count(), m))?;
        out.push(cur);
    }
    Ok(out)
}

fn check_heads(s: &Sentence) -> Result<(), String> {
    let n = s.words.len();
    for (i, w) in s.words.iter().enumerate() {
        if w.head > n {
            return Err(format!(
                "word {} has head {} beyond the sentence ({n} words)",
                i + 1,
                w.head
            ));
        }
    }
    Ok(())
}

/// Writes sentences as CoNLL-U (each followed by a blank line).
pub fn write_conllu(sents: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sents {
        if s.newdoc {
            out.push_str("# newdoc\n");
        }
        if s.newpar {
            out.push_str("# newpar\n");
        }
        if let Some(id) = &s.sent_id {
            let _ = writeln!(out, "# sent_id = {id}");
        }
        if let Some(t) = &s.text {
            let _ = writeln!(out, "# text = {t}");
        }
        for (i, w) in s.words.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}",
                i + 1,
                w.form,
                or_blank(&w.lemma),
                or_blank(&w.upos),
                or_blank(&w.xpos),
                or_blank(&w.feats),
                w.head,
                or_blank(&w.deprel),
                or_blank(&w.misc)
            );
        }
        out.push('\n');
    }
    out
}

fn or_blank(s: &str) -> &str {
    if s.is_empty() { "_" } else { s }
}

/// True when no two arcs of the tree cross (and none crosses the root arc).
pub fn is_projective(heads: &[usize]) -> bool {
    // heads[i] is the head of word i+1.
    let arcs: Vec<(usize, usize)> = heads
        .iter()
        .enumerate()
        .map(|(i, &h)| (h.min(i + 1), h.max(i + 1)))
        .collect();
    for &(a, b) in &arcs {
        for &(c, d) in &arcs {
            if a < c && c < b && b < d {
                return false;
            }
        }
    }
    true
}
