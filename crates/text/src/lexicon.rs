//! Word lists the analyser consults: abbreviations (tokeniser, splitter), closed-class
//! words, the open-class lexicon generated from WordNet (tagger, lemmatiser) and caption
//! markers. The default files under `data/lexicon/` are embedded in the binary; users may
//! add their own files of the same formats.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use crate::TextError;

/// A small, fast, non-cryptographic hasher (FxHash-style): lexicon keys are short words
/// looked up once or twice per token, where SipHash would dominate the run time.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// How an abbreviation behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevClass {
    /// Precedes a name ("Gen.", "Mr."): never ends a sentence.
    Title,
    /// Month or weekday ("Jan."): ends a sentence only before a capitalised function word.
    Month,
    /// Only an abbreviation before a number ("No. 10").
    Number,
    /// May end a sentence ("Inc.", "etc.").
    Other,
}

/// All lexical data the analyser uses. Build it once (see [`Lexicon::default_ref`]) and
/// share it: it is read-only during analysis.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub(crate) abbrevs: FastMap<String, AbbrevClass>,
}

static DEFAULT_ABBREV: &str = include_str!("../../../data/lexicon/abbrev.tsv");

/// Data lines of a TSV file: comments (#) and blank lines skipped, fields split on tabs.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').map(str::trim).collect()))
        }
    })
}

impl Lexicon {
    /// The lexicon built from the embedded default files.
    pub fn embedded() -> Self {
        let mut lex = Lexicon::default();
        // The embedded files are tested; a parse error here would be a packaging bug.
        let _ = lex.add_abbrevs(DEFAULT_ABBREV, "abbrev.tsv");
        lex
    }

    /// The shared default lexicon, built on first use.
    pub fn default_ref() -> &'static Lexicon {
        static LEX: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        LEX.get_or_init(Lexicon::embedded)
    }

    /// Adds abbreviations in the `abbrev.tsv` format (word TAB class).
    pub fn add_abbrevs(&mut self, text: &str, origin: &str) -> Result<(), TextError> {
        for (line, f) in data_lines(text) {
            let class = match f.get(1).copied().unwrap_or("other") {
                "title" => AbbrevClass::Title,
                "month" => AbbrevClass::Month,
                "number" => AbbrevClass::Number,
                "other" | "" => AbbrevClass::Other,
                other => {
                    return Err(TextError::Format {
                        origin: origin.to_string(),
                        line,
                        msg: format!("unknown abbreviation class {other:?}"),
                    });
                }
            };
            let w = f.first().copied().unwrap_or("").trim_end_matches('.');
            if !w.is_empty() {
                self.abbrevs.insert(w.to_lowercase(), class);
            }
        }
        Ok(())
    }

    /// Adds a user file; the kind is chosen by the file name (`abbrev*.tsv`, ...).
    pub fn add_file(&mut self, path: &Path) -> Result<(), TextError> {
        let text = std::fs::read_to_string(path).map_err(|e| TextError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let origin = path.display().to_string();
        if name.starts_with("abbrev") {
            self.add_abbrevs(&text, &origin)
        } else {
            Err(TextError::UnknownFile(origin))
        }
    }

    /// The abbreviation class of a word (without its final dot), case-insensitive.
    pub fn abbrev(&self, word: &str) -> Option<AbbrevClass> {
        if word.len() > 12 {
            return None;
        }
        let mut buf = [0u8; 12];
        let b = word.as_bytes();
        if word.is_ascii() {
            let lower = &mut buf[..b.len()];
            lower.copy_from_slice(b);
            lower.make_ascii_lowercase();
            let s = std::str::from_utf8(lower).ok()?;
            self.abbrevs.get(s).copied()
        } else {
            self.abbrevs.get(&word.to_lowercase()).copied()
        }
    }
}
