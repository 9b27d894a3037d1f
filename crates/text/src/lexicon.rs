//! Word lists the analyser consults: abbreviations (tokeniser, splitter), closed-class
//! words, the open-class lexicon generated from WordNet (tagger, lemmatiser) and caption
//! markers. The default files under `data/lexicon/` are embedded in the binary; users may
//! add their own files of the same formats.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use sitrep_model::Tag;

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

/// One possible reading of a word: its tag and, where it differs from the lower-cased
/// word, its lemma ("met" -> VBD meet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub tag: Tag,
    pub lemma: Option<Box<str>>,
}

/// All readings of a word, most likely first.
pub type Entry = Box<[Reading]>;

/// Which caption-marker list a word belongs to (see `data/lexicon/captions.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaptionKind {
    Paren,
    Lead,
    Agency,
}

/// Parses a Penn-like tag name as written in the lexicon files.
pub fn parse_tag(s: &str) -> Option<Tag> {
    Some(match s {
        "NN" => Tag::NN,
        "NNS" => Tag::NNS,
        "NNP" | "NNPS" => Tag::NNP,
        "VB" => Tag::VB,
        "VBD" => Tag::VBD,
        "VBG" => Tag::VBG,
        "VBN" => Tag::VBN,
        "VBP" => Tag::VBP,
        "VBZ" => Tag::VBZ,
        "MD" => Tag::MD,
        "JJ" | "JJR" | "JJS" => Tag::JJ,
        "RB" | "RBR" | "RBS" => Tag::RB,
        "DT" => Tag::DT,
        "PRP" => Tag::PRP,
        "PRPS" | "PRP$" => Tag::PRPS,
        "IN" => Tag::IN,
        "CC" => Tag::CC,
        "CD" => Tag::CD,
        "TO" => Tag::TO,
        "WH" => Tag::WH,
        "POS" => Tag::POS,
        "NEG" => Tag::NEG,
        "PUNCT" => Tag::PUNCT,
        "SYM" => Tag::SYM,
        _ => return None,
    })
}

/// `s.to_lowercase()`, with a plain copy for the usual ASCII word without capitals: the
/// lexicon's 144,000 words are lower-cased at every start.
fn lowercase(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        s.to_string()
    } else {
        s.to_lowercase()
    }
}

/// `s.split_once(sep as char)` for an ASCII separator, by a byte scan (the lexicon's lines
/// are short; the general character search cost more than the loop).
fn split_at_byte(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// Parses the readings column ("VBD=meet VBN=meet").
fn parse_readings(field: &str, word: &str) -> Result<Entry, String> {
    // the readings split at spaces and commas, byte by byte (ASCII separators, so every
    // piece is a whole `str`); runs at every start for each of 144,000 words
    let pieces = || field.split([' ', ',']).filter(|r| !r.is_empty());
    // sized exactly, so that boxing the slice does not reallocate
    let mut out = Vec::with_capacity(pieces().count());
    for r in pieces() {
        let (t, lemma) = match split_at_byte(r, b'=') {
            Some((t, l)) => (t, Some(l)),
            None => (r, None),
        };
        let tag = parse_tag(t).ok_or_else(|| format!("unknown tag {t:?}"))?;
        let lemma = lemma
            .filter(|l| !l.is_empty() && *l != word)
            .map(|l| lowercase(l).into_boxed_str());
        out.push(Reading { tag, lemma });
    }
    if out.is_empty() {
        return Err("no readings".into());
    }
    Ok(out.into_boxed_slice())
}

/// The readings stored for one lower-cased word.
#[derive(Debug, Clone, Default)]
pub(crate) struct LexEntry {
    /// From closed.tsv: wins over `open`.
    pub closed: Option<Entry>,
    /// From words.tsv (WordNet-derived).
    pub open: Option<Entry>,
}

/// All lexical data the analyser uses. Build it once (see [`Lexicon::default_ref`]) and
/// share it: it is read-only during analysis.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub(crate) abbrevs: FastMap<String, AbbrevClass>,
    /// Closed-class and open-class readings under one lower-cased key, so that tagging
    /// needs one hash lookup per word.
    pub(crate) entries: FastMap<Box<str>, LexEntry>,
    /// Closed-class entries written with capitals: exact-case matches ("US").
    pub(crate) closed_exact: FastMap<String, Entry>,
    pub(crate) captions: FastMap<String, Vec<CaptionKind>>,
}

static DEFAULT_ABBREV: &str = include_str!("../../../data/lexicon/abbrev.tsv");
static DEFAULT_CLOSED: &str = include_str!("../../../data/lexicon/closed.tsv");
static DEFAULT_WORDS: &str = include_str!("../../../data/lexicon/words.tsv");
static DEFAULT_CAPTIONS: &str = include_str!("../../../data/lexicon/captions.tsv");

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
        let _ = lex.add_closed(DEFAULT_CLOSED, "closed.tsv");
        let _ = lex.add_captions(DEFAULT_CAPTIONS, "captions.tsv");
        let _ = lex.add_words(DEFAULT_WORDS, "words.tsv");
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

    /// Adds closed-class words / overrides in the `closed.tsv` format; later entries
    /// replace earlier ones for the same word.
    pub fn add_closed(&mut self, text: &str, origin: &str) -> Result<(), TextError> {
        for (line, f) in data_lines(text) {
            let (w, r) = Self::entry_line(&f, origin, line)?;
            if w.chars().any(char::is_uppercase) {
                self.closed_exact.insert(w.to_string(), r);
            } else {
                self.entries.entry(w.into()).or_default().closed = Some(r);
            }
        }
        Ok(())
    }

    /// Adds open-class words in the `words.tsv` format (word TAB readings).
    ///
    /// The embedded file has 144,000 lines and is read at every start: each line is split
    /// without collecting its fields and lower-cased once, and the table is sized up front.
    pub fn add_words(&mut self, text: &str, origin: &str) -> Result<(), TextError> {
        let bytes = text.as_bytes();
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        self.entries.reserve(lines);
        let mut pos = 0;
        let mut line = 0;
        // the lines of `str::lines` and the fields of `data_lines`, found byte by byte
        while pos < bytes.len() {
            let end = bytes[pos..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |k| pos + k);
            line += 1;
            let l = text.get(pos..end).unwrap_or("").trim_end_matches('\r');
            pos = end + 1;
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let (w, rest) = split_at_byte(l, b'\t').unwrap_or((l, ""));
            let readings = split_at_byte(rest, b'\t').map_or(rest, |(r, _)| r);
            let (w, readings) = (w.trim(), readings.trim());
            if w.is_empty() {
                return Err(TextError::Format {
                    origin: origin.to_string(),
                    line,
                    msg: "empty word".into(),
                });
            }
            let lw = lowercase(w);
            let r = parse_readings(readings, &lw).map_err(|msg| TextError::Format {
                origin: origin.to_string(),
                line,
                msg,
            })?;
            self.entries.entry(lw.into()).or_default().open = Some(r);
        }
        Ok(())
    }

    fn entry_line(f: &[&str], origin: &str, line: usize) -> Result<(String, Entry), TextError> {
        let err = |msg: String| TextError::Format {
            origin: origin.to_string(),
            line,
            msg,
        };
        let w = f.first().copied().unwrap_or("");
        if w.is_empty() {
            return Err(err("empty word".into()));
        }
        let lw = w.to_lowercase();
        let r = parse_readings(f.get(1).copied().unwrap_or(""), &lw).map_err(err)?;
        Ok((w.to_string(), r))
    }

    /// Adds caption markers in the `captions.tsv` format (kind TAB word).
    pub fn add_captions(&mut self, text: &str, origin: &str) -> Result<(), TextError> {
        for (line, f) in data_lines(text) {
            let kind = match f.first().copied().unwrap_or("") {
                "paren" => CaptionKind::Paren,
                "lead" => CaptionKind::Lead,
                "agency" => CaptionKind::Agency,
                k => {
                    return Err(TextError::Format {
                        origin: origin.to_string(),
                        line,
                        msg: format!("unknown caption marker kind {k:?}"),
                    });
                }
            };
            if let Some(w) = f.get(1).filter(|w| !w.is_empty()) {
                let v = self.captions.entry(w.to_lowercase()).or_default();
                if !v.contains(&kind) {
                    v.push(kind);
                }
            }
        }
        Ok(())
    }

    pub(crate) fn caption_kind(&self, lower: &str, kind: CaptionKind) -> bool {
        self.captions.get(lower).is_some_and(|v| v.contains(&kind))
    }

    /// The closed-class readings of a word: exact-case entries first, then lower-cased.
    pub fn closed(&self, word: &str, lower: &str) -> Option<&Entry> {
        if word.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
            && let Some(e) = self.closed_exact.get(word)
        {
            return Some(e);
        }
        self.entries.get(lower).and_then(|e| e.closed.as_ref())
    }

    /// Closed-class entries written with capitals, matched by exact spelling ("US").
    pub fn closed_exact(&self, word: &str) -> Option<&Entry> {
        if self.closed_exact.is_empty() {
            None
        } else {
            self.closed_exact.get(word)
        }
    }

    /// Both kinds of readings of a lower-cased word, in one lookup.
    pub(crate) fn lookup(&self, lower: &str) -> Option<&LexEntry> {
        self.entries.get(lower)
    }

    /// The open-class readings of a lower-cased word.
    pub fn word(&self, lower: &str) -> Option<&Entry> {
        self.entries.get(lower).and_then(|e| e.open.as_ref())
    }

    /// `(self.closed(word, lower), self.word(lower))` with one hash lookup of `lower`
    /// instead of two: the syntax tagger asks for both for every word it tags.
    pub fn readings(&self, word: &str, lower: &str) -> (Option<&Entry>, Option<&Entry>) {
        let e = self.entries.get(lower);
        let open = e.and_then(|e| e.open.as_ref());
        if word.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
            && let Some(x) = self.closed_exact.get(word)
        {
            return (Some(x), open);
        }
        (e.and_then(|e| e.closed.as_ref()), open)
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
        } else if name.starts_with("closed") {
            self.add_closed(&text, &origin)
        } else if name.starts_with("words") {
            self.add_words(&text, &origin)
        } else if name.starts_with("caption") {
            self.add_captions(&text, &origin)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_helpers_agree_with_the_str_methods() {
        for w in [
            "meet",
            "Meet",
            "ÉCOLE",
            "école",
            "",
            "a-b",
            "ǅemal",
            "İzmir",
            "ΣΟΦΙΑ",
        ] {
            assert_eq!(lowercase(w), w.to_lowercase(), "{w}");
        }
        for l in ["a\tb\tc", "\t", "ab", "", "é\tü", "x\t"] {
            assert_eq!(split_at_byte(l, b'\t'), l.split_once('\t'), "{l:?}");
        }
        assert_eq!(split_at_byte("VBD=meet", b'='), Some(("VBD", "meet")));
    }

    #[test]
    fn embedded_files_parse() {
        let mut l = Lexicon::default();
        l.add_abbrevs(DEFAULT_ABBREV, "abbrev.tsv").unwrap();
        l.add_closed(DEFAULT_CLOSED, "closed.tsv").unwrap();
        l.add_captions(DEFAULT_CAPTIONS, "captions.tsv").unwrap();
        l.add_words(DEFAULT_WORDS, "words.tsv").unwrap();
        assert!(l.entries.len() > 100_000);
        assert_eq!(l.abbrev("Gen"), Some(AbbrevClass::Title));
        assert_eq!(l.closed("US", "us").unwrap()[0].tag, Tag::NNP);
        assert_eq!(l.closed("us", "us").unwrap()[0].tag, Tag::PRP);
        assert!(l.add_closed("x\tFOO\n", "t").is_err());
    }
}
