//! Input documents.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One news report as read from disk, before any analysis.
///
/// `text` is kept byte-for-byte as read (after UTF-8 decoding) because every offset the
/// pipeline emits points into it: evidence must be checkable against the original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Document {
    /// Stable id: the one given by the input, else a content hash (see `sitrep-io`).
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date; relative dates ("on Tuesday") are resolved against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    pub text: String,
    /// Where the document came from (file path, `file:line` for JSONL), for error messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}
