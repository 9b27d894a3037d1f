//! sitrep's part-of-speech tagger and labelled dependency parser.
//!
//! A [`Model`] (loaded from `data/models/`) holds two averaged-perceptron classifiers: a
//! greedy left-to-right tagger over combined UPOS+XPOS tags, and a greedy arc-eager
//! transition parser producing basic Universal Dependencies relations with subtypes
//! (`nsubj:pass`, `obl:agent`, `acl:relcl`...). An [`Analyser`] borrows the model and
//! keeps the buffers a sentence needs, so analysing allocates nothing once warmed up.
//!
//! The design choice: linear models over hashed sparse features with greedy decoding,
//! not a neural network, because sitrep must analyse hundreds of thousands of tokens a
//! second on one core. Training (the `train` feature) is kept out of decoding builds.
//!
//! ```no_run
//! let model = sitrep_syntax::Model::load(std::path::Path::new("data/models/en_ewt.sitrep-syntax"))?;
//! let mut an = model.analyser();
//! let a = an.analyse(&["Sudria", "shelled", "Norland", "."]);
//! assert_eq!(model.label(a.labels[0]), "nsubj");
//! # Ok::<(), sitrep_syntax::SyntaxError>(())
//! ```

#![deny(missing_docs)]

#[cfg(feature = "train")]
pub mod ablate;
pub mod conllu;
mod error;
mod eval;
mod hash;
mod model;
pub mod morph;
#[cfg(any(test, feature = "train"))]
mod oracle;
mod parser;
mod tagger;
#[cfg(test)]
mod tests;
#[cfg(feature = "train")]
pub mod train;
pub mod words;

use std::path::Path;

use sitrep_text::Lexicon;

pub use error::{ErrorKind, SyntaxError};
pub use eval::{Scores, evaluate};
pub use model::{FEATURE_SET, FORMAT_VERSION};
pub use words::{UdWord, sentence_words};

use model::{ModelData, Scorer};
use parser::{ParseTok, State, root_tok};
use tagger::Scratch;

/// The shipped model's bytes (see `data/README.md` for how it was trained).
static BUILTIN_MODEL: &[u8] = include_bytes!("../../../data/models/en_ewt-syntax.bin");

/// A trained tagger and parser.
#[derive(Debug, Clone)]
pub struct Model {
    data: ModelData,
    root: usize,
    punct: Option<u8>,
    parataxis: Option<u8>,
    punct_tag: Vec<bool>,
    /// Per tag id: whether its UPOS is `PROPN` (for [`Analyser::analyse_names`]).
    propn_tag: Vec<bool>,
    /// Per tag: for a proper-noun tag, the common-noun tag of the same number (NNP → NN,
    /// NNPS → NNS), for [`common_lowercase`].
    common_of_propn: Vec<Option<u8>>,
    /// Per tag id: whether its XPOS is a finite verb form (VBD, VBZ, VBP, MD).
    finite_tag: Vec<bool>,
    /// Per tag id: whether its XPOS is VBN.
    vbn_tag: Vec<bool>,
    /// The VERB/VBD tag, when the tag set has one.
    vbd_tag: Option<u8>,
    /// The VERB/VBZ, VERB/VBP and ADV/RB tags, for [`pronoun_verb_repair`].
    vbz_tag: Option<u8>,
    vbp_tag: Option<u8>,
    rb_tag: Option<u8>,
    /// The VERB/VB tag, for [`do_support_repair`].
    vb_tag: Option<u8>,
    /// The PROPN/NNP tag, for [`caps_proper`].
    nnp_tag: Option<u8>,
    /// The ADJ/JJ tag, for [`perfect_adjective_repair`].
    jj_tag: Option<u8>,
    /// The NOUN/NN tag, for [`named_gerund_repair`].
    nn_tag: Option<u8>,
    /// The NOUN/NNS tag, for [`preposition_noun_repair`].
    nns_tag: Option<u8>,
    lex: &'static Lexicon,
}

impl Model {
    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Model, SyntaxError> {
        Ok(Self::from_data(ModelData::load(path)?))
    }

    /// Reads a model from bytes; `source` names them in errors.
    pub fn from_bytes(bytes: &[u8], source: &str) -> Result<Model, SyntaxError> {
        Ok(Self::from_data(ModelData::from_bytes(bytes, source)?))
    }

    /// The model shipped in `data/models/`, built into the binary so that extraction works
    /// from any directory, read once per process (about 0.1 s) and shared by every thread.
    pub fn builtin() -> Result<&'static Model, &'static SyntaxError> {
        static BUILTIN: std::sync::OnceLock<Result<Model, SyntaxError>> =
            std::sync::OnceLock::new();
        BUILTIN
            .get_or_init(|| Model::from_bytes(BUILTIN_MODEL, "built-in model"))
            .as_ref()
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.data.to_bytes()
    }

    pub(crate) fn from_data(data: ModelData) -> Model {
        let pos = |name: &str| data.labels.iter().position(|l| l == name);
        let root = pos("root").unwrap_or(0);
        let punct = pos("punct").map(|p| p as u8);
        let parataxis = pos("parataxis").map(|p| p as u8);
        let punct_tag = data.tags.iter().map(|t| t.upos == "PUNCT").collect();
        let propn_tag = data.tags.iter().map(|t| t.upos == "PROPN").collect();
        let tag_id = |upos: &str, xpos: &str| {
            data.tags
                .iter()
                .position(|t| t.upos == upos && t.xpos == xpos)
                .and_then(|p| u8::try_from(p).ok())
        };
        let common_of_propn = data
            .tags
            .iter()
            .map(|t| match (t.upos.as_str(), t.xpos.as_str()) {
                ("PROPN", "NNPS") => tag_id("NOUN", "NNS"),
                ("PROPN", _) => tag_id("NOUN", "NN"),
                _ => None,
            })
            .collect();
        let finite_tag = data
            .tags
            .iter()
            .map(|t| matches!(t.xpos.as_str(), "VBD" | "VBZ" | "VBP" | "MD"))
            .collect();
        let vbn_tag = data.tags.iter().map(|t| t.xpos == "VBN").collect();
        let vbd_tag = data
            .tags
            .iter()
            .position(|t| t.upos == "VERB" && t.xpos == "VBD")
            .and_then(|p| u8::try_from(p).ok());
        let vbz_tag = tag_id("VERB", "VBZ");
        let vbp_tag = tag_id("VERB", "VBP");
        let rb_tag = tag_id("ADV", "RB");
        let vb_tag = tag_id("VERB", "VB");
        let nnp_tag = tag_id("PROPN", "NNP");
        let jj_tag = tag_id("ADJ", "JJ");
        let nn_tag = tag_id("NOUN", "NN");
        let nns_tag = tag_id("NOUN", "NNS");
        Model {
            root,
            punct,
            parataxis,
            punct_tag,
            propn_tag,
            common_of_propn,
            finite_tag,
            vbn_tag,
            vbd_tag,
            vbz_tag,
            vbp_tag,
            rb_tag,
            vb_tag,
            nnp_tag,
            jj_tag,
            nn_tag,
            nns_tag,
            data,
            lex: Lexicon::default_ref(),
        }
    }

    /// Which treebank (and version) the model was trained on.
    pub fn train_id(&self) -> &str {
        &self.data.train_id
    }

    /// The number of tags and of dependency labels.
    pub fn sizes(&self) -> (usize, usize) {
        (self.data.tags.len(), self.data.labels.len())
    }

    /// (features, non-zero weights) of the tagger and of the parser.
    pub fn weight_counts(&self) -> [(usize, usize); 2] {
        [self.data.tagger.size(), self.data.parser.size()]
    }

    /// A copy without the tagger's and parser's weights below `min_tagger` and
    /// `min_parser` quantisation steps (of 32767): smaller and faster, slightly less accurate.
    pub fn pruned(&self, min_tagger: u16, min_parser: u16) -> Model {
        let mut data = self.data.clone();
        data.tagger = self.data.tagger.pruned(min_tagger);
        data.parser = self.data.parser.pruned(min_parser);
        Model::from_data(data)
    }

    /// Whether the lexicon lists `word` (any case) with Penn tag `tag`: what the tagging
    /// repairs ask before reading a noun as a verb.
    fn can_be(&self, word: &str, tag: sitrep_model::Tag) -> bool {
        self.lex
            .word(&word.to_lowercase())
            .is_some_and(|e| e.iter().any(|r| r.tag == tag))
    }

    /// The UPOS of a tag id.
    pub fn upos(&self, tag: u8) -> &str {
        self.data
            .tags
            .get(tag as usize)
            .map_or("X", |t| t.upos.as_str())
    }

    /// The Penn XPOS of a tag id.
    pub fn xpos(&self, tag: u8) -> &str {
        self.data
            .tags
            .get(tag as usize)
            .map_or("_", |t| t.xpos.as_str())
    }

    /// The name of a dependency label id.
    pub fn label(&self, label: u8) -> &str {
        self.data
            .labels
            .get(label as usize)
            .map_or("dep", String::as_str)
    }

    /// A fresh analyser with its own buffers.
    pub fn analyser(&self) -> Analyser<'_> {
        Analyser {
            model: self,
            ws: Workspace::default(),
        }
    }

    /// The lexicon the tagger's dictionary features read.
    pub fn lexicon(&self) -> &'static Lexicon {
        self.lex
    }
}

/// The analysis of one sentence, one entry per word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Tag ids (see [`Model::upos`], [`Model::xpos`]).
    pub tags: Vec<u8>,
    /// 1-based head of each word; 0 for the root.
    pub heads: Vec<u32>,
    /// Dependency label ids (see [`Model::label`]).
    pub labels: Vec<u8>,
}

impl Analysis {
    /// The analysis as a CoNLL-U sentence, with lemmas and morphological features.
    pub fn to_sentence(&self, model: &Model, words: &[&str]) -> conllu::Sentence {
        let mut s = conllu::Sentence::default();
        for (i, w) in words.iter().enumerate() {
            let t = self.tags.get(i).copied().unwrap_or(0);
            let xpos = model.xpos(t);
            s.words.push(conllu::Word {
                form: (*w).to_string(),
                lemma: morph::lemma(w, xpos, model.lex),
                upos: model.upos(t).to_string(),
                xpos: xpos.to_string(),
                feats: morph::feats(xpos, &w.to_lowercase()),
                head: self.heads.get(i).copied().unwrap_or(0) as usize,
                deprel: model
                    .label(self.labels.get(i).copied().unwrap_or(0))
                    .to_string(),
                misc: String::new(),
            });
        }
        s
    }
}

/// Buffers reused from sentence to sentence.
#[derive(Debug, Default)]
struct Workspace {
    scratch: Scratch,
    ptoks: Vec<ParseTok>,
    state: State,
}

/// Analyses sentences with one model, reusing its buffers.
#[derive(Debug)]
pub struct Analyser<'m> {
    model: &'m Model,
    ws: Workspace,
}

impl Analyser<'_> {
    /// Tags and parses one sentence of words.
    pub fn analyse(&mut self, words: &[&str]) -> Analysis {
        let mut out = Analysis::default();
        self.analyse_into(words, &mut out);
        out
    }

    /// Tags and parses one sentence, writing into `out` (whose buffers are reused).
    pub fn analyse_into(&mut self, words: &[&str], out: &mut Analysis) {
        let m = self.model;
        analyse_masked(
            m,
            &m.data.tagger,
            &m.data.parser,
            words,
            &mut self.ws,
            None,
            false,
            out,
        );
    }

    /// Tags and parses one sentence in which the caller already knows some words to be
    /// proper names (`proper[i]`: a knowledge-base person, country or organisation). Those
    /// words take the tagger's best proper-noun tag, and the words after them are tagged
    /// and the sentence parsed with that knowledge: a name the treebank never saw ("Trump"
    /// at the head of a sentence, read as a common noun) otherwise derails the whole parse.
    pub fn analyse_names(&mut self, words: &[&str], proper: &[bool], out: &mut Analysis) {
        let m = self.model;
        let mask = (proper.len() == words.len() && proper.iter().any(|&p| p))
            .then_some((proper, m.propn_tag.as_slice()));
        analyse_masked(
            m,
            &m.data.tagger,
            &m.data.parser,
            words,
            &mut self.ws,
            mask,
            true,
            out,
        );
    }

    /// Parses with the given tag ids instead of the tagger's (for evaluation).
    pub fn parse_tagged(&mut self, words: &[&str], tags: &[u8], out: &mut Analysis) {
        let m = self.model;
        tagger::prepare(words, m.lex, &m.data.tagdict, &mut self.ws.scratch);
        out.tags.clear();
        out.tags.extend_from_slice(tags);
        parse_tags(m, &m.data.parser, &mut self.ws, m.data.labels.len(), out);
    }
}

/// Tags and parses a sentence, some words (`mask.0`) restricted to the tags `mask.1` allows;
/// a declarative sentence left without a finite verb is repaired ([`finite_repair`]) before
/// parsing.
#[allow(clippy::too_many_arguments)]
fn analyse_masked<T: Scorer, P: Scorer>(
    m: &Model,
    tagger: &T,
    parser: &P,
    words: &[&str],
    ws: &mut Workspace,
    mask: Option<(&[bool], &[bool])>,
    lower_common: bool,
    out: &mut Analysis,
) {
    let n_labels = m.data.labels.len();
    tagger::prepare(words, m.lex, &m.data.tagdict, &mut ws.scratch);
    tagger::tag_masked(
        tagger,
        m.data.tags.len(),
        &mut ws.scratch,
        mask,
        &mut out.tags,
    );
    if lower_common {
        common_lowercase(m, words, mask.map(|(p, _)| p), &mut out.tags);
        caps_proper(m, words, &mut out.tags);
    }
    relative_pronoun_verb_repair(m, words, &mut out.tags);
    finite_repair(m, words, &mut out.tags);
    pronoun_verb_repair(m, words, &mut out.tags);
    do_support_repair(m, words, &mut out.tags);
    relative_repair(m, words, &mut out.tags);
    perfect_adjective_repair(m, words, &mut out.tags);
    named_gerund_repair(m, words, &mut out.tags);
    preposition_noun_repair(m, words, &mut out.tags);
    parse_tags(m, parser, ws, n_labels, out);
}

/// A preposition takes a noun phrase, never a finite verb: a word right after one that was
/// read as a verb in "-s" but is also a plural noun is that noun ("killed in clashes", "a
/// wave of attacks").
fn preposition_noun_repair(m: &Model, words: &[&str], tags: &mut [u8]) {
    let Some(nns) = m.nns_tag else {
        return;
    };
    for i in 1..words.len() {
        let Some(&t) = tags.get(i) else {
            continue;
        };
        if m.xpos(t) == "VBZ"
            && matches!(
                words[i - 1].to_lowercase().as_str(),
                "in" | "of"
                    | "on"
                    | "at"
                    | "from"
                    | "with"
                    | "by"
                    | "during"
                    | "into"
                    | "amid"
                    | "against"
                    | "over"
                    | "for"
                    | "among"
                    | "between"
                    | "despite"
            )
            && m.can_be(words[i], sitrep_model::Tag::NNS)
        {
            tags[i] = nns;
        }
    }
}

/// A word in "-ing" between a determiner's proper name and no object of its own names a thing
/// ("near the Torkham crossing", "at the Rafah crossing", "the Kerem Shalom crossing was
/// closed"): a noun, not a participle describing the name.
fn named_gerund_repair(m: &Model, words: &[&str], tags: &mut [u8]) {
    let Some(nn) = m.nn_tag else {
        return;
    };
    for i in 2..words.len() {
        let Some(&t) = tags.get(i) else {
            continue;
        };
        if m.xpos(t) != "VBG" || !words[i].ends_with("ing") {
            continue;
        }
        let mut j = i;
        while j > 0 && tags.get(j - 1).is_some_and(|&p| m.xpos(p) == "NNP") {
            j -= 1;
        }
        if j == i || j == 0 || !matches!(words[j - 1].to_lowercase().as_str(), "the") {
            continue;
        }
        // (What follows is no object: a preposition, punctuation, a verb or the end.)
        let next_ok = tags.get(i + 1).is_none_or(|&n| {
            matches!(
                m.upos(n),
                "ADP" | "PUNCT" | "VERB" | "AUX" | "CCONJ" | "ADV"
            )
        });
        if next_ok {
            tags[i] = nn;
        }
    }
}

/// A perfect takes a participle: after "has", "have" or "had", a word read as a verb that
/// cannot be a participle but can be an adjective is that adjective ("China,
/// which has close ties to both countries", not "has [to] close ties").
fn perfect_adjective_repair(m: &Model, words: &[&str], tags: &mut [u8]) {
    let Some(jj) = m.jj_tag else {
        return;
    };
    for i in 1..words.len() {
        if !matches!(words[i - 1].to_lowercase().as_str(), "has" | "have" | "had") {
            continue;
        }
        let Some(&t) = tags.get(i) else {
            continue;
        };
        if matches!(m.xpos(t), "VB" | "VBP" | "VBN")
            && !m.can_be(words[i], sitrep_model::Tag::VBN)
            && m.can_be(words[i], sitrep_model::Tag::JJ)
            && words
                .get(i + 1)
                .is_some_and(|w| w.chars().all(char::is_alphabetic))
        {
            tags[i] = jj;
            // ("has" is then the main verb, not an auxiliary.)
            let main = match words[i - 1].to_lowercase().as_str() {
                "has" => m.vbz_tag,
                "had" => m.vbd_tag,
                _ => m.vbp_tag,
            };
            if let Some(v) = main
                && tags.get(i - 1).is_some_and(|&h| m.upos(h) == "AUX")
            {
                tags[i - 1] = v;
            }
        }
    }
}

/// "Lithuania, which borders Belarus, welcomed …": a relative clause's subject pronoun ("who",
/// or "which" after a comma) is followed by its verb, so the word after it that was read as a
/// plural noun but can be a verb in "-s" is that verb, when what follows it can be its object
/// (a determiner, a name, a noun, a number or a pronoun) rather than a verb of its own.
fn relative_pronoun_verb_repair(m: &Model, words: &[&str], tags: &mut [u8]) {
    let Some(vbz) = m.vbz_tag else {
        return;
    };
    for i in 1..words.len() {
        let rel = words[i - 1].to_lowercase();
        let opens = match rel.as_str() {
            "who" => true,
            "which" => i >= 2 && words[i - 2] == ",",
            _ => false,
        };
        if !opens || tags.get(i).is_none_or(|&t| m.xpos(t) != "NNS") {
            continue;
        }
        let object_follows = tags.get(i + 1).is_some_and(|&n| {
            matches!(m.upos(n), "DET" | "PROPN" | "NOUN" | "NUM" | "PRON" | "ADJ")
        });
        if object_follows && m.can_be(words[i], sitrep_model::Tag::VBZ) {
            tags[i] = vbz;
        }
    }
}

/// "Houthi rebels, who control much of Yemen, fired two missiles at a tanker.": a relative
/// clause set off by commas after a sentence's opening noun phrase (coordinated or possessive
/// too: "Egypt and Saudi Arabia, which …", "Iran's allies, who …") is followed by that
/// sentence's verb, so a participle right after the closing comma that the lexicon also knows
/// as a past tense is that verb, when no finite verb follows it. (The relative clause's own
/// verb made the sentence look finite to [`finite_repair`].)
fn relative_repair(m: &Model, words: &[&str], tags: &mut [u8]) {
    let Some(vbd) = m.vbd_tag else {
        return;
    };
    let is = |v: &[bool], t: u8| v.get(t as usize).copied().unwrap_or(false);
    let ends_declarative = words.last().is_some_and(|w| *w == ".");
    if !ends_declarative {
        return;
    }
    // The opening noun phrase: words up to the first comma, all nominal or determiners.
    let Some(open_comma) = words.iter().position(|w| *w == ",") else {
        return;
    };
    if open_comma == 0
        || !tags.get(..open_comma).is_some_and(|ts| {
            ts.iter().all(|&t| {
                matches!(
                    m.upos(t),
                    "NOUN" | "PROPN" | "DET" | "ADJ" | "NUM" | "CCONJ" | "PART"
                )
            })
        })
        || !words
            .get(open_comma + 1)
            .is_some_and(|w| matches!(w.to_lowercase().as_str(), "who" | "which"))
    {
        return;
    }
    let Some(close) = (open_comma + 2..words.len()).find(|&i| words[i] == ",") else {
        return;
    };
    let c = close + 1;
    let Some(&t) = tags.get(c) else {
        return;
    };
    let finite_after = tags
        .get(c + 1..)
        .is_some_and(|ts| ts.iter().any(|&t| is(&m.finite_tag, t)));
    if is(&m.vbn_tag, t) && !finite_after && m.can_be(words[c], sitrep_model::Tag::VBD) {
        tags[c] = vbd;
    }
}

/// "They did not fire at the site": after a finite form of "do" and its negation ("not",
/// "n't", "never"), the word the tagger read as a noun but the lexicon knows as a verb is the
/// verb's bare form. (Read as the noun "fire", the clause lost its verb and the parser hung
/// the rest of the sentence on it.)
fn do_support_repair(m: &Model, words: &[&str], tags: &mut [u8]) {
    let Some(vb) = m.vb_tag else {
        return;
    };
    for i in 0..words.len() {
        if !matches!(
            words[i].to_lowercase().as_str(),
            "did" | "does" | "do" | "didn't" | "doesn't" | "don't"
        ) {
            continue;
        }
        let mut j = i + 1;
        while words
            .get(j)
            .is_some_and(|w| matches!(w.to_lowercase().as_str(), "not" | "n't" | "never"))
        {
            j += 1;
        }
        if j == i + 1 && !words[i].to_lowercase().ends_with("n't") {
            continue;
        }
        let Some(&t) = tags.get(j) else {
            continue;
        };
        if m.upos(t) == "NOUN" && m.can_be(words[j], sitrep_model::Tag::VB) {
            tags[j] = vb;
        }
    }
}

/// A subject pronoun ("he", "she", "we", "they", "I") is followed by its verb, at most one
/// adverb apart; it never heads a noun phrase. So a word right after it that the tagger read
/// as a noun but the lexicon knows as a finite verb agreeing with it is that verb ("He
/// further calls on ...", read as "further calls", the plural noun), and an adjective
/// between them is an adverb. "it" and "you" are left out: they are objects as often.
fn pronoun_verb_repair(m: &Model, words: &[&str], tags: &mut [u8]) {
    use sitrep_model::Tag;
    for i in 0..words.len() {
        let third = match words[i].to_lowercase().as_str() {
            "he" | "she" => true,
            "we" | "they" | "i" => false,
            _ => continue,
        };
        // The word after the pronoun, or after one adverb or adjective between.
        for gap in 0..2 {
            let j = i + 1 + gap;
            let Some(&t) = tags.get(j) else { break };
            if gap == 1 {
                let Some(&between) = tags.get(i + 1) else {
                    break;
                };
                if !matches!(m.upos(between), "ADV" | "ADJ") {
                    break;
                }
            }
            if m.upos(t) != "NOUN" {
                continue;
            }
            let has = |want: Tag| m.can_be(words[j], want);
            let finite = if third && has(Tag::VBZ) {
                m.vbz_tag
            } else if !third && has(Tag::VBP) {
                m.vbp_tag
            } else if has(Tag::VBD) {
                m.vbd_tag
            } else {
                None
            };
            if let Some(f) = finite {
                tags[j] = f;
                if gap == 1
                    && let (Some(rb), Some(b)) = (m.rb_tag, tags.get_mut(i + 1))
                    && m.upos(*b) == "ADJ"
                {
                    *b = rb;
                }
            }
            break;
        }
    }
}

/// Edited text capitalises its proper names, so a lower-case word inside a sentence that the
/// tagger read as a proper noun ("staged a road march", read as the month) is a common noun.
/// Only for edited text (news through [`Analyser::analyse_names`]): the web treebank the
/// tagger learnt from writes names in lower case often enough for the tagger to allow it.
fn common_lowercase(m: &Model, words: &[&str], proper: Option<&[bool]>, tags: &mut [u8]) {
    for (i, (w, t)) in words.iter().zip(tags.iter_mut()).enumerate().skip(1) {
        let lower = w.chars().next().is_some_and(|c| c.is_lowercase())
            && w.chars().all(|c| c.is_alphabetic() || c == '-');
        let known = proper.is_some_and(|p| p.get(i).copied().unwrap_or(false));
        if lower
            && !known
            && let Some(Some(common)) = m.common_of_propn.get(*t as usize)
        {
            *t = *common;
        }
    }
}

/// Edited text writes its function words in lower case, so a word in capitals inside a
/// sentence that the tagger read as one ("by IS militants", read as the verb "is"; "US
/// forces", read as the pronoun) is an abbreviated name. Sentences in capitals throughout
/// (a shouted headline) are left alone.
fn caps_proper(m: &Model, words: &[&str], tags: &mut [u8]) {
    let Some(nnp) = m.nnp_tag else {
        return;
    };
    let caps = |w: &str| w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase());
    let lettered: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if lettered.iter().filter(|w| caps(w)).count() * 2 > lettered.len() {
        return;
    }
    for (w, t) in words.iter().zip(tags.iter_mut()).skip(1) {
        if caps(w)
            && matches!(
                m.upos(*t),
                "AUX" | "PRON" | "ADP" | "DET" | "CCONJ" | "SCONJ"
            )
        {
            *t = nnp;
        }
    }
}

/// A declarative sentence (one that ends in a full stop) has a finite verb. When the tagger
/// found none, its likeliest slip is a past tense read as a participle right after the
/// subject ("The UN chief called on Sudan to ..." read as "the chief [who was] called"), so
/// that word becomes VBD, and the parse then has a main clause and a subject. Fragments of
/// the passive kind ("Five soldiers killed in ambush.") are left alone: the participle
/// followed by a preposition of place or time, by "by" or by nothing is how such a
/// fragment reads, and only words that can be a past tense (regular "-ed" or listed as
/// such) are changed.
fn finite_repair(m: &Model, words: &[&str], tags: &mut [u8]) {
    let Some(vbd) = m.vbd_tag else {
        return;
    };
    let is = |v: &[bool], t: u8| v.get(t as usize).copied().unwrap_or(false);
    let ends_declarative = words
        .iter()
        .rev()
        .find(|w| !matches!(**w, "\"" | "'" | "”" | "’" | ")"))
        .is_some_and(|w| *w == ".");
    // A trailing attribution (", Indian officials said on Wednesday.") is a clause of its
    // own: its finite verb does not make the clause before it finite.
    let attribution = words.iter().rposition(|w| *w == ",").filter(|&c| {
        words[c + 1..].iter().any(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "said" | "says" | "told" | "reported" | "added" | "stated" | "announced"
            )
        }) && words[c + 1..].len() <= 12
    });
    // Nor does one in a clause the main clause holds ("… two days after the group fired a
    // missile that was intercepted"): the main clause ends at its first subordinator.
    // ("that" after a noun opens a relative clause: "a missile that was intercepted")
    let nominal = |i: usize| {
        tags.get(i)
            .is_some_and(|&t| matches!(m.upos(t), "NOUN" | "PROPN"))
    };
    let subordinate = words.iter().enumerate().skip(1).find_map(|(i, w)| {
        let lw = w.to_lowercase();
        (matches!(
            lw.as_str(),
            "which"
                | "who"
                | "whom"
                | "whose"
                | "after"
                | "before"
                | "when"
                | "while"
                | "because"
                | "since"
                | "until"
                | "if"
                | "although"
                | "though"
                | "whereas"
        ) || (lw == "that" && nominal(i - 1)))
        .then_some(i)
    });
    let main = attribution
        .unwrap_or(words.len())
        .min(subordinate.unwrap_or(words.len()));
    if words.len() < 5
        || tags[..main.min(tags.len())]
            .iter()
            .any(|&t| is(&m.finite_tag, t))
    {
        return;
    }
    // A headline has no full stop and is written in the present: only the present repair
    // applies to a line that ends in a word ("Georgian police break up Tbilisi protest").
    if !ends_declarative {
        if words
            .last()
            .is_some_and(|w| w.chars().last().is_some_and(char::is_alphanumeric))
        {
            present_repair(m, words, tags);
        }
        return;
    }
    // The participle, else a noun or adjective that is also a past tense ("Gunmen shot dead
    // a trader", "Gunmen set fire to a school").
    let past_noun = |i: usize| {
        tags.get(i)
            .is_some_and(|&t| matches!(m.upos(t), "NOUN" | "ADJ"))
            && m.can_be(words[i], sitrep_model::Tag::VBD)
    };
    let Some(c) = (1..main)
        .find(|&i| tags.get(i).is_some_and(|&t| is(&m.vbn_tag, t)))
        .or_else(|| (1..main).find(|&i| past_noun(i)))
    else {
        present_repair(m, words, tags);
        return;
    };
    // The subject, one adverb back at most ("soldiers summarily executed 11 men").
    let mut before = c - 1;
    if before > 0 && tags.get(before).is_some_and(|&t| m.upos(t) == "ADV") {
        before -= 1;
    }
    let prev_nominal = tags
        .get(before)
        .is_some_and(|&t| matches!(m.upos(t), "NOUN" | "PROPN" | "PRON"));
    let next = words
        .get(c + 1)
        .map(|w| w.to_lowercase())
        .unwrap_or_default();
    let passive_next = matches!(
        next.as_str(),
        "" | "."
            | "in"
            | "by"
            | "at"
            | "during"
            | "after"
            | "near"
            | "when"
            | "as"
            | "outside"
            | "inside"
            | "since"
            | "overnight"
            | "on"
            | "while"
            | ","
    );
    // "executed at least 11 men": "at least" counts the object; it places nothing.
    let passive_next = passive_next
        && !(next == "at"
            && words
                .get(c + 2)
                .is_some_and(|w| matches!(w.to_lowercase().as_str(), "least" | "most")));
    // "called on" and "set on fire" are phrasal verbs; other "on" after a participle is a
    // place or date.
    let phrasal_on = next == "on"
        && words.get(c).is_some_and(|w| {
            let w = w.to_lowercase();
            matches!(w.as_str(), "called" | "relied" | "agreed")
                // "gunmen set on fire the house of …"
                || (w == "set" && words.get(c + 2).is_some_and(|f| f.eq_ignore_ascii_case("fire")))
        });
    let lower = words[c].to_lowercase();
    let can_be_past = lower.ends_with("ed") || m.can_be(&lower, sitrep_model::Tag::VBD);
    if prev_nominal && (!passive_next || phrasal_on) && can_be_past {
        tags[c] = vbd;
    }
}

/// The headline present of a sentence with no verb at all ("Cattle raiders fire on
/// civilians, injuring one."): a noun right after a plural noun that the lexicon also knows
/// as a plural present (VBP), followed by a preposition or a determiner, is that verb; after
/// a singular noun, one known as VBZ. Called by [`finite_repair`] only when no participle
/// or past tense could be the verb.
fn present_repair(m: &Model, words: &[&str], tags: &mut [u8]) {
    use sitrep_model::Tag;
    for c in 1..words.len().saturating_sub(1) {
        let (Some(&prev), Some(&t), Some(&next)) = (tags.get(c - 1), tags.get(c), tags.get(c + 1))
        else {
            continue;
        };
        if m.upos(t) != "NOUN" || !matches!(m.upos(next), "ADP" | "DET") {
            continue;
        }
        // (Nouns of a plural sense take a plural verb: "police break up protest".)
        let plural_before = m.xpos(prev) == "NNS"
            || (m.xpos(prev) == "NN"
                && matches!(
                    words[c - 1].to_ascii_lowercase().as_str(),
                    "police" | "people" | "personnel" | "cattle" | "clergy"
                ));
        let singular_before = matches!(m.xpos(prev), "NN" | "NNP");
        let has = |want: Tag| m.can_be(words[c], want);
        let verb = if plural_before && has(Tag::VBP) {
            m.vbp_tag
        } else if singular_before && has(Tag::VBZ) {
            m.vbz_tag
        } else {
            None
        };
        if let Some(v) = verb {
            tags[c] = v;
            return;
        }
    }
}

/// Parses the prepared sentence in `ws` with the tags in `out.tags`.
fn parse_tags<P: Scorer>(
    m: &Model,
    parser: &P,
    ws: &mut Workspace,
    n_labels: usize,
    out: &mut Analysis,
) {
    fill_ptoks(&ws.scratch, &out.tags, &mut ws.ptoks);
    let Scratch { feats, scores, .. } = &mut ws.scratch;
    parser::parse(
        parser,
        &ws.ptoks,
        n_labels,
        m.root,
        &mut ws.state,
        feats,
        scores,
    );
    let punct_tag = &m.punct_tag;
    let tags = &out.tags;
    ws.state.finish(m.root as u8, m.punct, m.parataxis, |d| {
        tags.get(d - 1)
            .is_some_and(|&t| punct_tag.get(t as usize).copied().unwrap_or(false))
    });
    out.heads.clear();
    out.heads.extend_from_slice(&ws.state.heads[1..]);
    out.labels.clear();
    out.labels.extend_from_slice(&ws.state.labels[1..]);
}

/// The parser's view of each word: lower-cased word hash and tag, root first.
fn fill_ptoks(sc: &Scratch, tags: &[u8], ptoks: &mut Vec<ParseTok>) {
    ptoks.clear();
    ptoks.push(root_tok());
    for (t, &tag) in sc.toks.iter().zip(tags) {
        ptoks.push(ParseTok {
            word: t.lower,
            tag: u64::from(tag),
        });
    }
}
