//! Error types for reading documents and writing records.

use std::path::PathBuf;

/// Why one input (a file, a JSONL line, a directory) could not become a [`sitrep_model::Document`].
///
/// Each error names where it happened (`origin`: a path, or `path:line` for JSON Lines) so that
/// a batch run can report it and carry on with the next document.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: no such file or directory")]
    NotFound { path: PathBuf },
    #[error("{origin}: {source}")]
    Io {
        origin: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: directory holds no readable document")]
    EmptyDirectory { path: PathBuf },
    /// A file that is not text at all (a PDF, an image, an archive).
    #[error(
        "{origin}: {what}, not a document sitrep can read (give text, HTML, JSON or JSON Lines; extract the text of a PDF first)"
    )]
    Binary { origin: String, what: String },
    #[error("{origin}: invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 { origin: String, offset: u64 },
    #[error("{origin}: malformed JSON: {message}")]
    MalformedJson { origin: String, message: String },
    #[error("{origin}: missing field {field:?}")]
    MissingField { origin: String, field: &'static str },
    #[error("{origin}: field {field:?} {message}")]
    BadField {
        origin: String,
        field: &'static str,
        message: String,
    },
    #[error("{origin}: empty document (no text)")]
    Empty { origin: String },
    /// An input that holds no document at all (an empty or whitespace-only JSON Lines file,
    /// an empty JSON array): an error rather than a silent run over nothing.
    #[error("{origin}: no documents (the input is empty or blank)")]
    NoDocuments { origin: String },
    /// One element of a JSON array is not valid JSON; the elements before it were read.
    #[error(
        "{origin}[{index}]: malformed JSON at byte offset {offset} (line {line}, column {column}): {message}"
    )]
    MalformedElement {
        origin: String,
        index: usize,
        offset: u64,
        line: u64,
        column: u64,
        message: String,
    },
    #[error("{origin}: document larger than the limit of {limit} bytes")]
    TooLarge { origin: String, limit: u64 },
}

impl ReadError {
    pub(crate) fn io(origin: impl Into<String>, source: std::io::Error) -> Self {
        ReadError::Io {
            origin: origin.into(),
            source,
        }
    }
}

/// Why records could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("write failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("JSON serialisation failed: {0}")]
    Json(#[from] serde_json::Error),
    #[error("CSV writing failed: {0}")]
    Csv(#[from] csv::Error),
    #[error("Parquet writing failed: {0}")]
    Parquet(String),
    /// A format the record kind has no layout for (entities as Parquet).
    #[error("{0}")]
    Unsupported(String),
}
