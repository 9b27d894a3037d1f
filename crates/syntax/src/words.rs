//! From sitrep's own tokens to Universal Dependencies words.
//!
//! sitrep's tokeniser (crate `sitrep-text`) already splits `n't`, `'s` and the other
//! clitics, and `cannot`, the way UD English does. Two conventions differ, and trees
//! depend on them: UD splits hyphenated compounds ("year - old", with the hyphen a word of
//! its own) and fused forms such as "gonna" (gon + na). This module makes those splits
//! here, leaving the tokeniser that extraction relies on unchanged, and keeps byte
//! offsets into the original text for every word.

use sitrep_model::{Analysis, TokenKind};

/// One syntactic word with its byte span in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UdWord {
    /// Start byte offset in the original text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The form the tagger reads (typographic apostrophes made ASCII).
    pub form: String,
    /// Index of the sitrep token the word comes from.
    pub token: usize,
}

/// The UD words of one sitrep sentence (tokens `tok_start..tok_end` of `an`).
pub fn sentence_words(text: &str, an: &Analysis, tok_start: usize, tok_end: usize) -> Vec<UdWord> {
    let mut out = Vec::new();
    for ti in tok_start..tok_end.min(an.tokens.len()) {
        let t = &an.tokens[ti];
        let Some(surface) = text.get(t.start..t.end) else {
            continue;
        };
        let push = |out: &mut Vec<UdWord>, a: usize, b: usize| {
            if let Some(s) = text.get(a..b)
                && !s.is_empty()
            {
                out.push(UdWord {
                    start: a,
                    end: b,
                    form: s.replace(['\u{2019}', '\u{2018}'], "'"),
                    token: ti,
                });
            }
        };
        if t.kind == TokenKind::Word {
            if let Some(cut) = fused_split(surface) {
                push(&mut out, t.start, t.start + cut);
                push(&mut out, t.start + cut, t.end);
                continue;
            }
            if splits_hyphens(surface) {
                let mut a = t.start;
                for (i, c) in surface.char_indices() {
                    if c == '-' {
                        push(&mut out, a, t.start + i);
                        push(&mut out, t.start + i, t.start + i + 1);
                        a = t.start + i + 1;
                    }
                }
                push(&mut out, a, t.end);
                continue;
            }
        }
        push(&mut out, t.start, t.end);
    }
    out
}

/// Where a fused form splits ("gonna" -> gon|na), as a byte offset.
fn fused_split(w: &str) -> Option<usize> {
    let lower = w.to_ascii_lowercase();
    match lower.as_str() {
        "gonna" | "wanna" => Some(3),
        "gotta" => Some(3),
        _ => None,
    }
}

/// Whether a word's hyphens are word boundaries in UD: every hyphen sits between two
/// letters or digits, and the word has a letter ("al-Saud", "10-year-old"; not "-").
fn splits_hyphens(w: &str) -> bool {
    if !w.contains('-') || w.contains("://") || w.contains('@') {
        return false;
    }
    let b = w.as_bytes();
    let ok = w.char_indices().filter(|&(_, c)| c == '-').all(|(i, _)| {
        i > 0
            && i + 1 < b.len()
            && b[i - 1].is_ascii_alphanumeric()
            && b[i + 1].is_ascii_alphanumeric()
    });
    ok && w.chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let an = sitrep_text::analyze(text);
        let n = an.tokens.len();
        sentence_words(text, &an, 0, n)
            .into_iter()
            .map(|w| w.form)
            .collect()
    }

    #[test]
    fn follows_ud_conventions_and_keeps_offsets() {
        assert_eq!(
            words("Sudria didn't sign."),
            ["Sudria", "did", "n't", "sign", "."]
        );
        assert_eq!(words("Norland's army"), ["Norland", "'s", "army"]);
        assert_eq!(
            words("They're gonna win"),
            ["They", "'re", "gon", "na", "win"]
        );
        assert_eq!(
            words("a 10-year-old boy"),
            ["a", "10", "-", "year", "-", "old", "boy"]
        );
        assert_eq!(words("I cannot"), ["I", "can", "not"]);
        assert_eq!(words("It won\u{2019}t"), ["It", "wo", "n't"]);
        let text = "Sudria won\u{2019}t sign a cease-fire.";
        let an = sitrep_text::analyze(text);
        for w in sentence_words(text, &an, 0, an.tokens.len()) {
            let s = &text[w.start..w.end];
            assert_eq!(s.replace('\u{2019}', "'"), w.form);
        }
    }
}
