//! The linguistic layer: tokens, sentences, quotations and phrase chunks.
//!
//! All offsets are byte offsets into the *original* document text (not into a normalised
//! copy), so evidence spans can always be sliced out of what the user gave us. Normalised
//! forms live on each token instead.

use serde::{Deserialize, Serialize};

/// Coarse token class decided by the tokeniser before tagging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TokenKind {
    /// Letters, possibly with internal hyphens/apostrophes ("al-Saud", "won't" is split).
    Word,
    /// Digits with optional separators ("1,500", "3.5", "2025").
    Number,
    /// Punctuation, quotes and dashes.
    Punct,
    /// Anything else ($, %, emoji…).
    Symbol,
}

/// Part-of-speech tag, Penn-Treebank-like so that verb form (tense, participle) is visible
/// to the event rules without a separate morphology field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Tag {
    /// Common noun, singular or mass.
    NN,
    /// Common noun, plural.
    NNS,
    /// Proper noun (capitalised name part).
    NNP,
    /// Verb, base form.
    VB,
    /// Verb, past tense.
    VBD,
    /// Verb, gerund or present participle.
    VBG,
    /// Verb, past participle.
    VBN,
    /// Verb, non-3rd-person present.
    VBP,
    /// Verb, 3rd-person singular present.
    VBZ,
    /// Modal (will, would, could, must…).
    MD,
    JJ,
    RB,
    DT,
    /// Personal pronoun.
    PRP,
    /// Possessive pronoun.
    PRPS,
    /// Preposition or subordinating conjunction.
    IN,
    /// Coordinating conjunction.
    CC,
    /// Cardinal number (digits or words).
    CD,
    /// "to".
    TO,
    /// Wh-word (who, which, that as relativiser, where, when).
    WH,
    /// Possessive ending "'s".
    POS,
    /// Negation particle ("not", "n't", "never").
    NEG,
    /// Punctuation.
    PUNCT,
    /// Symbols and anything untagged.
    #[default]
    SYM,
}

impl Tag {
    pub fn is_verb(self) -> bool {
        matches!(
            self,
            Tag::VB | Tag::VBD | Tag::VBG | Tag::VBN | Tag::VBP | Tag::VBZ
        )
    }
    pub fn is_noun(self) -> bool {
        matches!(self, Tag::NN | Tag::NNS | Tag::NNP)
    }
}

/// One token. `norm` is the surface form after Unicode normalisation (NFKC, curly quotes and
/// apostrophes to ASCII, dashes to '-', non-breaking spaces removed); `lemma` is lower case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    pub norm: String,
    pub lemma: String,
    pub tag: Tag,
    /// True when whitespace (or start of text) precedes the token.
    pub space_before: bool,
    /// `norm` lower-cased where that differs from `norm` ("Kyiv" → "kyiv"), set once by the
    /// tokeniser: extraction asks for a token's lower-case form a dozen times (rule and
    /// lexicon lookups), and lower-casing it each time was a tenth of its run. `None` also
    /// for tokens built elsewhere: read it through `sitrep_extract::clause::lower`, which
    /// falls back to lower-casing `norm`.
    #[serde(skip)]
    pub lower: Option<Box<str>>,
}

impl Token {
    /// Whether the normalised form starts with an upper-case letter.
    pub fn is_capitalised(&self) -> bool {
        self.norm.chars().next().is_some_and(char::is_uppercase)
    }
}

/// A sentence: a byte span and the token range it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the first token (into [`Analysis::tokens`]).
    pub tok_start: usize,
    /// One past the last token.
    pub tok_end: usize,
    /// Photo caption or credit line ("(From left) …", "PIC/AFP"): events read from captions
    /// get lower confidence, and captions never provide a dateline.
    pub caption: bool,
    /// Paragraph number (0-based), from blank lines / line breaks in the source.
    pub paragraph: usize,
}

/// A quotation span, from its opening to its closing quote mark (inclusive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub tok_start: usize,
    pub tok_end: usize,
}

/// Phrase chunk kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChunkKind {
    /// Noun group: determiners, adjectives, nouns, names ("the Ukrainian air force").
    Noun,
    /// Verb group: auxiliaries, modals, negation, adverbs, main verb ("had not been hit").
    Verb,
}

/// Grammatical voice of a verb group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Voice {
    #[default]
    Active,
    Passive,
}

/// Time reference of a verb group, as far as the auxiliaries tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Tense {
    #[default]
    Present,
    Past,
    /// will/shall/"going to"/"is due to".
    Future,
    /// would/could/might/may/should.
    Conditional,
    /// Non-finite ("to meet", "launching"): inherits from its governing verb.
    Nonfinite,
}

/// A noun or verb group. For verb groups `head` is the main verb; for noun groups the last
/// noun. `tok_start..tok_end` index [`Analysis::tokens`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chunk {
    pub kind: ChunkKind,
    pub tok_start: usize,
    pub tok_end: usize,
    pub head: usize,
    pub voice: Voice,
    pub tense: Tense,
    pub negated: bool,
}

/// Everything the text-analysis stage knows about one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub quotes: Vec<Quote>,
    pub chunks: Vec<Chunk>,
}
