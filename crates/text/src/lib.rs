//! Text analysis: the stage that turns raw text into the linguistic layer of
//! [`sitrep_model::Analysis`]: tokens, sentences, quotations, tags, lemmas and chunks.
//!
//! Everything is rule- and lexicon-based and single-pass so that the whole pipeline stays
//! well above 20 MB/s per core; offsets always point into the original text.

mod chars;
mod chunk;
pub mod lexicon;
mod quote;
mod sentence;
pub mod strs;
mod tagger;
mod tokenize;
pub mod work;

use sitrep_model::Analysis;

pub use chars::{is_hostile_control, normalize, strip_controls};
pub use lexicon::{AbbrevClass, Lexicon};
pub use sentence::MAX_SENTENCE_TOKENS;
pub use tokenize::tokenize;

/// Errors from loading user-supplied lexical data (analysis itself never fails).
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{origin}:{line}: {msg}")]
    Format {
        origin: String,
        line: usize,
        msg: String,
    },
    #[error(
        "{0}: unknown lexicon file kind (expected abbrev*.tsv, closed*.tsv, words*.tsv, captions*.tsv)"
    )]
    UnknownFile(String),
}

/// Analyses one document's text with the default (embedded) lexicon. Offsets in the
/// result point into `text`. Never panics, whatever the input.
pub fn analyze(text: &str) -> Analysis {
    analyze_with(text, Lexicon::default_ref())
}

/// Analyses with a caller-built lexicon (e.g. the default plus user files).
pub fn analyze_with(text: &str, lex: &Lexicon) -> Analysis {
    let mut t = tokenize::tokenize_in(text, lex);
    let sentences = sentence::split(&t.tokens, &t.breaks, lex);
    tagger::tag(&mut t.tokens, &sentences, lex);
    let quotes = quote::find(text, &t.tokens, &sentences);
    let chunks = chunk::chunk(&t.tokens, &sentences);
    Analysis {
        tokens: t.tokens,
        sentences,
        quotes,
        chunks,
    }
}

/// The chunks of `sentences` over `tokens` whose tags a later, better tagger has revised:
/// verb groups and noun groups are re-read from the new tags.
pub fn rechunk(
    tokens: &[sitrep_model::Token],
    sentences: &[sitrep_model::Sentence],
) -> Vec<sitrep_model::Chunk> {
    chunk::chunk(tokens, sentences)
}

#[cfg(test)]
mod tests;
