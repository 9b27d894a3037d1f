//! Extraction: from analysed text to PLOVER event records.
pub mod dates;
pub mod magnitudes;
pub mod rules;
