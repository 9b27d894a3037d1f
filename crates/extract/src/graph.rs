//! One parsed sentence as plain data: words, their heads and relation labels, plus the mentions
//! found on them.
//!
//! The pattern engine ([`crate::pattern`]) reads only this type, so that rules can be tested on
//! hand-built parses (see `testkit`) long before, and independently of, the trained parser. The
//! fields follow CoNLL-U (form, lemma, UPOS, XPOS, feats, head, deprel) so that a parser's output
//! converts field by field ([`SentenceGraph::from_conllu`]); heads are 0-based indices here, with
//! `None` for the root, where CoNLL-U writes 1-based indices and 0.
//!
//! The graph is checked when built (heads in range, no cycles, at least one root), so every walk
//! over it — ancestors, subtrees — terminates without further checks.

use sitrep_model::EntityKind;
use std::ops::Range;

/// Why a parse could not become a [`SentenceGraph`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    #[error("word {word} ({form:?}): head {head} is outside the sentence of {len} words")]
    HeadOutOfRange {
        word: usize,
        form: String,
        head: usize,
        len: usize,
    },
    #[error("word {word} ({form:?}) is its own ancestor: the heads form a cycle")]
    Cycle { word: usize, form: String },
    #[error("the sentence has no root (every word has a head)")]
    NoRoot,
    #[error("line {line}: {message}")]
    Conllu { line: usize, message: String },
    #[error("hand parse, word {word} ({token:?}): {message}")]
    Notation {
        word: usize,
        token: String,
        message: String,
    },
}

fn parse_kind(s: &str) -> Option<EntityKind> {
    Some(match s {
        "person" => EntityKind::Person,
        "organization" | "org" => EntityKind::Organization,
        "country" => EntityKind::Country,
        "place" => EntityKind::Place,
        "group" => EntityKind::Group,
        _ => return None,
    })
}

/// What a mention finder knows about the entity a word belongs to; the hook through which rules
/// constrain a node to "is a party" without the graph depending on the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionTag {
    /// Index of the mention in whatever list the caller keeps (the document's mentions), so that
    /// a match can be traced back to the full mention record.
    pub mention: usize,
    pub kind: EntityKind,
    /// Stable entity id where known.
    pub entity: Option<String>,
    /// ISO 3166-1 alpha-3 or IGO code of the party, where known.
    pub country: Option<String>,
}

/// One word of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    /// Universal POS tag (`VERB`, `PROPN` …).
    pub upos: String,
    /// Language-specific tag (Penn for English); empty where unknown.
    pub xpos: String,
    /// Morphological features as `(name, value)` pairs, e.g. `("Voice", "Pass")`.
    pub feats: Vec<(String, String)>,
    /// Index of the head word; `None` for a root.
    pub head: Option<usize>,
    /// Relation to the head (`nsubj`, `nsubj:pass`, `root` …).
    pub deprel: String,
    /// Byte span of the word in the original text (empty where the parse came without text).
    pub span: Range<usize>,
    /// The mention this word is part of, if any (set with [`SentenceGraph::annotate`]).
    pub mention: Option<MentionTag>,
}

impl Word {
    /// A word with no features, tag, span or mention: the common part of every constructor.
    pub fn new(form: &str, lemma: &str, upos: &str, head: Option<usize>, deprel: &str) -> Word {
        Word {
            form: form.to_string(),
            lemma: lemma.to_string(),
            upos: upos.to_string(),
            xpos: String::new(),
            feats: Vec::new(),
            head,
            deprel: deprel.to_string(),
            span: 0..0,
            mention: None,
        }
    }

    /// The value of feature `name`, if set.
    pub fn feat(&self, name: &str) -> Option<&str> {
        self.feats
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One parsed sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceGraph {
    words: Vec<Word>,
    /// Children of each word in sentence order, built once so walks are cheap.
    children: Vec<Vec<usize>>,
}

impl SentenceGraph {
    /// Builds the graph, checking that the heads form a forest.
    pub fn new(words: Vec<Word>) -> Result<SentenceGraph, GraphError> {
        let len = words.len();
        let mut children = vec![Vec::new(); len];
        for (i, w) in words.iter().enumerate() {
            if let Some(h) = w.head {
                if h >= len || h == i {
                    if h == i {
                        return Err(GraphError::Cycle {
                            word: i,
                            form: w.form.clone(),
                        });
                    }
                    return Err(GraphError::HeadOutOfRange {
                        word: i,
                        form: w.form.clone(),
                        head: h,
                        len,
                    });
                }
                children[h].push(i);
            }
        }
        if len > 0 && words.iter().all(|w| w.head.is_some()) {
            return Err(GraphError::NoRoot);
        }
        // Every walk up from a word must reach a root within `len` steps.
        for (i, w) in words.iter().enumerate() {
            let mut cur = w.head;
            let mut steps = 0;
            while let Some(h) = cur {
                steps += 1;
                if steps > len {
                    return Err(GraphError::Cycle {
                        word: i,
                        form: w.form.clone(),
                    });
                }
                cur = words[h].head;
            }
        }
        Ok(SentenceGraph { words, children })
    }

    /// Reads one sentence in CoNLL-U (10 tab-separated columns; comment lines, multiword-token
    /// ranges `1-2` and empty nodes `1.1` are skipped). Byte spans are left empty: CoNLL-U does
    /// not carry them, the caller sets them from its tokeniser.
    pub fn from_conllu(text: &str) -> Result<SentenceGraph, GraphError> {
        let mut words = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| GraphError::Conllu {
                line: n + 1,
                message,
            };
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 10 {
                return Err(err(format!("{} columns, expected 10", cols.len())));
            }
            if cols[0].contains('-') || cols[0].contains('.') {
                continue;
            }
            let head: usize = cols[6]
                .parse()
                .map_err(|_| err(format!("head {:?} is not a number", cols[6])))?;
            let feats = if cols[5] == "_" {
                Vec::new()
            } else {
                cols[5]
                    .split('|')
                    .map(|f| {
                        f.split_once('=')
                            .map(|(a, b)| (a.to_string(), b.to_string()))
                            .ok_or_else(|| err(format!("feature {f:?} has no '='")))
                    })
                    .collect::<Result<Vec<_>, _>>()?
            };
            let mut w = Word::new(cols[1], cols[2], cols[3], head.checked_sub(1), cols[7]);
            w.xpos = if cols[4] == "_" {
                String::new()
            } else {
                cols[4].to_string()
            };
            w.feats = feats;
            words.push(w);
        }
        SentenceGraph::new(words)
    }

    /// Reads the hand-parse notation that rule examples and tests use: words separated by
    /// spaces, each `form[=lemma]/UPOS[/XPOS]/HEAD:DEPREL[/Feat=Val|Feat=Val][#ENTITY]`, with
    /// HEAD 1-based and 0 for the root, as in CoNLL-U. The lemma defaults to the lower-cased form;
    /// `_` in a form stands for a space. `#SUD` marks the word as part of a mention of the country
    /// `SUD`; `#person:SUD` (or `organization`, `group`, `place`, `country`) gives the kind too.
    /// Adjacent words with the same `#` tag form one mention.
    ///
    /// A form cannot contain `/` or `#`. Byte spans are left empty; [`Self::align_spans`] sets
    /// them from the text.
    ///
    /// Example: `Sudria/PROPN/2:nsubj#SUD shelled=shell/VERB/0:root Norland/PROPN/2:obj#NRL`.
    pub fn from_notation(text: &str) -> Result<SentenceGraph, GraphError> {
        let mut words = Vec::new();
        let mut tags: Vec<Option<String>> = Vec::new();
        for (i, tok) in text.split_whitespace().enumerate() {
            let err = |message: String| GraphError::Notation {
                word: i + 1,
                token: tok.to_string(),
                message,
            };
            let (body, ent) = match tok.rsplit_once('#') {
                Some((b, e)) if !b.is_empty() => (b, Some(e.to_string())),
                _ => (tok, None),
            };
            let parts: Vec<&str> = body.split('/').collect();
            if parts.len() < 3 {
                return Err(err("expected form/UPOS/HEAD:DEPREL".into()));
            }
            let (form, lemma) = match parts[0].split_once('=') {
                Some((f, l)) => (f.replace('_', " "), l.replace('_', " ")),
                None => (
                    parts[0].replace('_', " "),
                    parts[0].replace('_', " ").to_lowercase(),
                ),
            };
            let mut k = 2;
            let xpos = if parts[2].contains(':') {
                String::new()
            } else {
                k = 3;
                parts[2].to_string()
            };
            let Some((head, deprel)) = parts.get(k).and_then(|p| p.split_once(':')) else {
                return Err(err("missing HEAD:DEPREL".into()));
            };
            let head: usize = head
                .parse()
                .map_err(|_| err(format!("head {head:?} is not a number")))?;
            let mut w = Word::new(&form, &lemma, parts[1], head.checked_sub(1), deprel);
            w.xpos = xpos;
            if let Some(f) = parts.get(k + 1) {
                for kv in f.split('|') {
                    let (a, b) = kv
                        .split_once('=')
                        .ok_or_else(|| err(format!("feature {kv:?} has no '='")))?;
                    w.feats.push((a.to_string(), b.to_string()));
                }
            }
            if parts.len() > k + 2 {
                return Err(err("too many '/' parts".into()));
            }
            words.push(w);
            tags.push(ent);
        }
        let mut g = SentenceGraph::new(words)?;
        let mut mention = 0;
        let mut i = 0;
        while i < tags.len() {
            let Some(tag) = tags[i].clone() else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < tags.len() && tags[j].as_ref() == Some(&tag) {
                j += 1;
            }
            let (kind, code) = match tag.split_once(':') {
                Some((k, c)) => (
                    parse_kind(k).ok_or_else(|| GraphError::Notation {
                        word: i + 1,
                        token: tag.clone(),
                        message: format!("unknown entity kind {k:?}"),
                    })?,
                    c,
                ),
                None => (EntityKind::Country, tag.as_str()),
            };
            g.annotate(
                i..j,
                MentionTag {
                    mention,
                    kind,
                    entity: None,
                    country: Some(code.to_string()),
                },
            );
            mention += 1;
            i = j;
        }
        Ok(g)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn words(&self) -> &[Word] {
        &self.words
    }

    /// Word `i`; panics only on an index that did not come from this graph.
    pub fn word(&self, i: usize) -> &Word {
        &self.words[i]
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        self.words[i].head
    }

    /// Direct dependents of `i`, in sentence order.
    pub fn children(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    /// Dependents of `i` whose relation is `label` exactly.
    pub fn children_by<'a>(&'a self, i: usize, label: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.children[i]
            .iter()
            .copied()
            .filter(move |&c| self.words[c].deprel == label)
    }

    /// Heads of `i` from the nearest up to the root.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.words[i].head, move |&h| self.words[h].head)
    }

    /// Whether `anc` is a (transitive) head of `i`.
    pub fn is_ancestor(&self, anc: usize, i: usize) -> bool {
        self.ancestors(i).any(|a| a == anc)
    }

    /// `i` and every word below it, in sentence order.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() {
            out.extend_from_slice(&self.children[out[k]]);
            k += 1;
        }
        out.sort_unstable();
        out
    }

    /// Byte span covered by the subtree of `i` (from the first word's start to the last word's
    /// end), e.g. the whole noun phrase under its head noun.
    pub fn subtree_span(&self, i: usize) -> Range<usize> {
        let sub = self.subtree(i);
        let start = sub
            .iter()
            .map(|&w| self.words[w].span.start)
            .min()
            .unwrap_or(0);
        let end = sub
            .iter()
            .map(|&w| self.words[w].span.end)
            .max()
            .unwrap_or(0);
        start..end
    }

    /// Marks words `range` as one mention.
    pub fn annotate(&mut self, range: Range<usize>, tag: MentionTag) {
        for w in range {
            if let Some(word) = self.words.get_mut(w) {
                word.mention = Some(tag.clone());
            }
        }
    }

    /// Sets the byte spans by finding each word's form in `text`, in order, skipping whatever
    /// lies between (spaces). Returns false, leaving the spans as they were, if a form is not
    /// found where expected: the parse does not spell the text.
    pub fn align_spans(&mut self, text: &str) -> bool {
        let mut spans = Vec::with_capacity(self.words.len());
        let mut at = 0;
        for w in &self.words {
            let Some(off) = text.get(at..).and_then(|rest| rest.find(w.form.as_str())) else {
                return false;
            };
            if !text[at..at + off].chars().all(char::is_whitespace) {
                return false;
            }
            spans.push(at + off..at + off + w.form.len());
            at += off + w.form.len();
        }
        self.set_spans(&spans);
        true
    }

    /// Sets the byte spans of all words, in order (as a tokeniser reports them).
    pub fn set_spans(&mut self, spans: &[Range<usize>]) {
        for (w, s) in self.words.iter_mut().zip(spans) {
            w.span = s.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::parse;

    #[test]
    fn walks_heads_children_and_subtrees() {
        let g = parse(
            "the/DET/3:det Sudrian/ADJ/3:amod army/NOUN/4:nsubj shelled/VERB/0:root Norland/PROPN/4:obj",
        );
        assert_eq!(g.head(2), Some(3));
        assert_eq!(g.head(3), None);
        assert_eq!(g.children(3), &[2, 4]);
        assert_eq!(g.children_by(2, "amod").collect::<Vec<_>>(), vec![1]);
        assert_eq!(g.ancestors(0).collect::<Vec<_>>(), vec![2, 3]);
        assert!(g.is_ancestor(3, 0));
        assert!(!g.is_ancestor(0, 3));
        assert_eq!(g.subtree(2), vec![0, 1, 2]);
    }

    #[test]
    fn spans_of_subtrees_come_from_word_spans() {
        let text = "Sudrian troops shelled Norland";
        let mut g =
            parse("Sudrian/ADJ/2:amod troops/NOUN/3:nsubj shelled/VERB/0:root Norland/PROPN/3:obj");
        g.set_spans(&[0..7, 8..14, 15..22, 23..30]);
        assert_eq!(&text[g.subtree_span(1)], "Sudrian troops");
    }

    #[test]
    fn aligns_spans_with_the_text() {
        let text = "Norland's  army shelled Ostport.";
        let mut g = parse(
            "Norland/PROPN/3:nmod:poss 's/PART/1:case army/NOUN/4:nsubj shelled/VERB/0:root \
             Ostport/PROPN/4:obj ./PUNCT/4:punct",
        );
        assert!(g.align_spans(text));
        assert_eq!(&text[g.word(2).span.clone()], "army");
        assert_eq!(&text[g.subtree_span(2)], "Norland's  army");
        assert_eq!(g.word(5).span, 31..32);
        let before = g.clone();
        assert!(!g.align_spans("Norland's army bombed Ostport."));
        assert_eq!(g, before);
    }

    #[test]
    fn rejects_bad_heads() {
        let w = |h: Option<usize>| Word::new("x", "x", "X", h, "dep");
        assert!(matches!(
            SentenceGraph::new(vec![w(None), w(Some(5))]),
            Err(GraphError::HeadOutOfRange { head: 5, .. })
        ));
        assert!(matches!(
            SentenceGraph::new(vec![w(None), w(Some(2)), w(Some(1))]),
            Err(GraphError::Cycle { .. })
        ));
        assert!(matches!(
            SentenceGraph::new(vec![w(Some(1)), w(Some(0))]),
            Err(GraphError::NoRoot)
        ));
    }

    #[test]
    fn reads_conllu() {
        let text = "# text = Norland was shelled\n\
            1\tNorland\tNorland\tPROPN\tNNP\tNumber=Sing\t3\tnsubj:pass\t_\t_\n\
            2\twas\tbe\tAUX\tVBD\t_\t3\taux:pass\t_\t_\n\
            3\tshelled\tshell\tVERB\tVBN\tVoice=Pass|VerbForm=Part\t0\troot\t_\t_\n";
        let g = SentenceGraph::from_conllu(text).expect("valid CoNLL-U");
        assert_eq!(g.len(), 3);
        assert_eq!(g.word(0).deprel, "nsubj:pass");
        assert_eq!(g.word(2).feat("Voice"), Some("Pass"));
        assert_eq!(g.word(1).xpos, "VBD");
        let bad = SentenceGraph::from_conllu("1\tx\tx\tX\t_\t_\tnine\tdep\t_\t_\n");
        assert!(matches!(bad, Err(GraphError::Conllu { line: 1, .. })));
    }

    #[test]
    fn reads_the_hand_parse_notation() {
        let g = parse(
            "the/DET/3:det Sudrian/ADJ/JJ/3:amod#SUD army/NOUN/4:nsubj \
             shelled=shell/VERB/0:root/Tense=Past Upper_Norland/PROPN/4:obj#place:NRL",
        );
        assert_eq!(g.word(0).lemma, "the");
        assert_eq!(g.word(1).xpos, "JJ");
        assert_eq!(g.word(3).lemma, "shell");
        assert_eq!(g.word(3).feat("Tense"), Some("Past"));
        assert_eq!(g.word(4).form, "Upper Norland");
        let m = g.word(1).mention.as_ref().expect("annotated");
        assert_eq!(
            (m.kind, m.country.as_deref()),
            (EntityKind::Country, Some("SUD"))
        );
        let m4 = g.word(4).mention.as_ref().expect("annotated");
        assert_eq!(m4.kind, EntityKind::Place);
        assert_ne!(m.mention, m4.mention);
        assert!(g.word(2).mention.is_none());
        for bad in [
            "x/X",
            "x/X/a:dep",
            "x/X/0:root#alien:SUD",
            "x/X/0:root/Voice",
        ] {
            assert!(
                matches!(
                    SentenceGraph::from_notation(bad),
                    Err(GraphError::Notation { .. })
                ),
                "{bad}"
            );
        }
    }
}
