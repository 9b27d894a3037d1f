//! The crate's one error type.

use std::fmt;

/// What went wrong while reading a model file or a CoNLL-U treebank.
#[derive(Debug, thiserror::Error)]
#[error("{}", render(&self.kind, &self.source_name))]
pub struct SyntaxError {
    kind: ErrorKind,
    /// The file (or other source) the error was found in.
    source_name: String,
}

/// The kinds of [`SyntaxError`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    Io(String),
    /// The model file does not start with the model magic bytes.
    NotAModel,
    /// The model file was written by an incompatible format version.
    Version {
        /// In the file.
        found: u32,
        /// Read by this build.
        expected: u32,
    },
    /// The model was trained with a different feature set than this build extracts.
    FeatureSet {
        /// In the file.
        found: u32,
        /// Extracted by this build.
        expected: u32,
    },
    /// The body checksum does not match the header: the file is corrupted or truncated.
    Checksum,
    /// The model body is structurally inconsistent (truncated section, bad index...).
    Malformed(String),
    /// A CoNLL-U line could not be read.
    Conllu {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

impl SyntaxError {
    pub(crate) fn new(kind: ErrorKind, source_name: impl Into<String>) -> Self {
        SyntaxError {
            kind,
            source_name: source_name.into(),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

fn render(kind: &ErrorKind, src: &str) -> String {
    Render(kind, src).to_string()
}

struct Render<'a>(&'a ErrorKind, &'a str);

impl fmt::Display for Render<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let src = self.1;
        match self.0 {
            ErrorKind::Io(e) => write!(f, "{src}: cannot read: {e}"),
            ErrorKind::NotAModel => write!(f, "{src}: not a sitrep syntax model (bad magic bytes)"),
            ErrorKind::Version { found, expected } => write!(
                f,
                "{src}: model format version {found}, this build reads version {expected}; retrain or use a matching build"
            ),
            ErrorKind::FeatureSet { found, expected } => write!(
                f,
                "{src}: model feature set {found}, this build extracts feature set {expected}; retrain the model"
            ),
            ErrorKind::Checksum => write!(
                f,
                "{src}: checksum mismatch: the model file is corrupted or truncated"
            ),
            ErrorKind::Malformed(m) => write!(f, "{src}: malformed model: {m}"),
            ErrorKind::Conllu { line, message } => write!(f, "{src}:{line}: {message}"),
        }
    }
}
