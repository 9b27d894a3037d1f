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
    let end = tok_end.min(an.tokens.len());
    let mut ti = tok_start;
    while ti < end {
        // Web addresses, e-mail addresses, emoticons and runs like "****" are one word in
        // UD but several sitrep tokens: take the longest unit of touching tokens.
        if let Some(k) = unit_end(text, an, ti, end) {
            push_word(
                &mut out,
                text,
                an.tokens[ti].start,
                an.tokens[k - 1].end,
                ti,
            );
            ti = k;
            continue;
        }
        let t = &an.tokens[ti];
        let Some(surface) = text.get(t.start..t.end) else {
            ti += 1;
            continue;
        };
        if t.kind == TokenKind::Word {
            if let Some(cut) = fused_split(surface) {
                push_word(&mut out, text, t.start, t.start + cut, ti);
                push_word(&mut out, text, t.start + cut, t.end, ti);
                ti += 1;
                continue;
            }
            if splits_hyphens(surface) {
                let mut a = t.start;
                for (i, c) in surface.char_indices() {
                    if c == '-' {
                        push_word(&mut out, text, a, t.start + i, ti);
                        push_word(&mut out, text, t.start + i, t.start + i + 1, ti);
                        a = t.start + i + 1;
                    }
                }
                push_word(&mut out, text, a, t.end, ti);
                ti += 1;
                continue;
            }
        }
        push_word(&mut out, text, t.start, t.end, ti);
        ti += 1;
    }
    out
}

fn push_word(out: &mut Vec<UdWord>, text: &str, a: usize, b: usize, token: usize) {
    if let Some(s) = text.get(a..b)
        && !s.is_empty()
    {
        out.push(UdWord {
            start: a,
            end: b,
            form: s.replace(['\u{2019}', '\u{2018}'], "'"),
            token,
        });
    }
}

/// If tokens `i..k` (k > i + 1, all touching) spell one UD word, the largest such `k`.
fn unit_end(text: &str, an: &Analysis, i: usize, end: usize) -> Option<usize> {
    let mut last = i + 1;
    while last < end && an.tokens[last].start == an.tokens[last - 1].end {
        last += 1;
    }
    if last <= i + 1 {
        return None;
    }
    (i + 2..=last).rev().find(|&k| {
        text.get(an.tokens[i].start..an.tokens[k - 1].end)
            .is_some_and(is_unit)
    })
}

/// Web and e-mail addresses, file names, emoticons and runs of one symbol.
fn is_unit(s: &str) -> bool {
    const EMOTICONS: &[&str] = &[
        ":)", ":-)", ":(", ":-(", ":P", ":p", ":D", ";)", ";-)", "=)", ":/", "<3",
    ];
    if EMOTICONS.contains(&s) {
        return true;
    }
    let mut chars = s.chars();
    if let Some(c) = chars.next()
        && "*=_~#+-!?.$".contains(c)
        && s.len() >= 2
        && chars.all(|d| d == c)
    {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    if lower.ends_with(['.', ',', ')', '>', '"', '\'', '!', '?', ';', ':']) {
        return false;
    }
    if lower.contains("://") || lower.starts_with("www.") {
        return true;
    }
    if let Some((user, domain)) = lower.split_once('@') {
        return !user.is_empty() && domain.contains('.') && !domain.starts_with('.');
    }
    const ENDINGS: &[&str] = &[
        ".com", ".org", ".net", ".edu", ".gov", ".uk", ".htm", ".html", ".pdf", ".doc", ".xls",
        ".txt", ".jpg", ".stm",
    ];
    ENDINGS
        .iter()
        .any(|e| lower.ends_with(e) && lower.len() > e.len())
        && lower
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c))
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
        assert_eq!(
            words("See www.norland.gov or mail info@sudria.org."),
            [
                "See",
                "www.norland.gov",
                "or",
                "mail",
                "info@sudria.org",
                "."
            ]
        );
        assert_eq!(words("Great :) ****"), ["Great", ":)", "****"]);
        let text = "Sudria won\u{2019}t sign a cease-fire.";
        let an = sitrep_text::analyze(text);
        for w in sentence_words(text, &an, 0, an.tokens.len()) {
            let s = &text[w.start..w.end];
            assert_eq!(s.replace('\u{2019}', "'"), w.form);
        }
    }
}
