//! Text analysis: the stage that turns raw text into the linguistic layer of
//! [`sitrep_model::Analysis`]. (Being written.)

use sitrep_model::Analysis;

/// Analyses one document's text. Offsets in the result point into `text`.
pub fn analyze(text: &str) -> Analysis {
    let _ = text;
    Analysis::default()
}
