//! Character classes and the token-level normalisation.
//!
//! The tokeniser works on the original text, so every decision about what a character
//! "is" lives here, in one place, and the normalised form is computed per token only.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Invisible characters that should neither split nor appear in a token's `norm`:
/// zero-width space/joiners, word joiner, BOM, soft hyphen, and the control characters of
/// [`is_hostile_control`].
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    ) || is_hostile_control(c)
}

/// Control characters that carry no text and must never reach evidence or exports: NUL and
/// the other C0 controls except tab and line breaks, DEL, and the bidirectional marks,
/// embeddings, overrides and isolates (an override can make an exported line read
/// differently from what it holds, the "Trojan Source" trick). C1 controls are left alone:
/// in news text they are Windows-1252 quotes decoded as Latin-1 (U+0092 for an apostrophe),
/// which the tokeniser already treats as word separators.
pub fn is_hostile_control(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' => false,
        '\0'..='\u{001F}' | '\u{007F}' => true,
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// `s` without the characters of [`is_hostile_control`], for text shown or exported as it
/// stands in the source (evidence sentences, quotations). Offsets elsewhere keep pointing
/// into the original; only this copy is cleaned.
pub fn strip_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hostile_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().filter(|&c| !is_hostile_control(c)).collect())
}

/// Characters that may join two parts of one word ("al-Saud", "four-year").
pub(crate) fn is_word_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Every dash or minus sign that normalises to ASCII '-'.
pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{FE58}'
                | '\u{FE63}'
                | '\u{FF0D}'
                | '\u{2E3A}'
                | '\u{2E3B}'
    )
}

/// Apostrophe-like characters (the right single quote doubles as apostrophe in news text).
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '\u{FF07}')
}

/// Letters and combining marks: what a word is made of.
pub(crate) fn is_letter(c: char) -> bool {
    c.is_alphabetic() || (!c.is_ascii() && is_combining_mark(c))
}

pub(crate) fn is_mark(c: char) -> bool {
    !c.is_ascii()
        && (is_combining_mark(c)
            || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}'))
}

pub(crate) fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// Punctuation proper (as opposed to symbols such as '$' or emoji): sentence and phrase
/// delimiters, quotes, brackets, dashes.
pub(crate) fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '\''
                | '"'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '-'
                | '/'
                | '`'
                | '*'
        );
    }
    matches!(
        c,
        '\u{00A1}' | '\u{00AB}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{2E00}'..='\u{2E4F}'
            | '\u{3000}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{FE50}'..='\u{FE6B}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF1F}'
            | '\u{02BC}'
            | '\u{0589}'
            | '\u{061F}'
            | '\u{06D4}'
            | '\u{0964}'
    )
}

/// Whether the character is a line break, and how many line breaks it is worth
/// (the paragraph separator counts as a blank line).
pub(crate) fn newline_weight(c: char) -> u8 {
    match c {
        '\n' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' => 1,
        '\u{2029}' => 2,
        _ => 0,
    }
}

/// Maps one already NFKC-normalised character to its ASCII stand-in, or `None` to drop it.
fn fold(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        c if is_dash(c) => '-',
        c if is_ignorable(c) => return None,
        c if c.is_whitespace() => return None,
        c => c,
    })
}

/// The normalised form of a piece of text: NFKC, curly quotes and apostrophes to ASCII,
/// every dash to '-', invisible and non-breaking spaces removed. Exposed so that other
/// stages (gazetteer matching) normalise exactly like the tokeniser does.
pub fn normalize(s: &str) -> String {
    if s.is_ascii() && !s.bytes().any(|b| is_hostile_control(char::from(b))) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.nfkc() {
        if let Some(f) = fold(c) {
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_dashes_and_spaces() {
        assert_eq!(normalize("\u{2019}s"), "'s");
        assert_eq!(normalize("\u{201C}x\u{201D}"), "\"x\"");
        assert_eq!(
            normalize("a\u{2011}b\u{2013}c\u{2014}d\u{2212}e"),
            "a-b-c-d-e"
        );
        assert_eq!(normalize("ab\u{200B}c\u{00AD}d"), "abcd");
        assert_eq!(normalize("\u{FB01}ne"), "fine");
        assert_eq!(normalize("\u{2026}"), "...");
        assert_eq!(normalize("e\u{0301}"), "\u{00E9}");
    }

    #[test]
    fn controls_and_bidi_marks_are_dropped() {
        assert_eq!(normalize("a\0b"), "ab");
        assert_eq!(normalize("\u{202E}Kyiv\u{202C}"), "Kyiv");
        assert_eq!(normalize("x\u{2066}y\u{2069}\u{200F}"), "xy");
        assert_eq!(strip_controls("a\0b\u{202E}c\nd\te"), "abc\nd\te");
        assert!(matches!(
            strip_controls("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
