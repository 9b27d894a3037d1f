//! Consonant keys of folded place names, for spelling searches ([`crate::Kb::places_spelled_like`]).
//!
//! Shared with `build.rs` (included by path), which files every embedded name under its key at
//! build time, so that a search reads the few names of one key instead of scanning every name
//! that opens with the same letter.

/// Arabic (and Romance) articles that spellings of one place name keep or drop.
pub(crate) const SPELLING_ARTICLES: &[&str] = &[
    "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "es",
];

/// The consonants of a folded name: words split on spaces (the fold made hyphens spaces),
/// article words dropped, then the letters but vowels (and `y`, `w`), a word-final `h` and the
/// second of two equal letters in a row; digits and other signs count as nothing.
pub(crate) fn consonant_key(folded: &str) -> String {
    let mut out = String::new();
    for w in folded.split(' ') {
        if w.is_empty() || SPELLING_ARTICLES.contains(&w) {
            continue;
        }
        let letters: Vec<char> = w.chars().filter(char::is_ascii_alphabetic).collect();
        let n = letters.len();
        let mut prev = None;
        for (i, &c) in letters.iter().enumerate() {
            let skip = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w')
                || (c == 'h' && i + 1 == n)
                || prev == Some(c);
            prev = Some(c);
            if !skip {
                out.push(c);
            }
        }
    }
    out
}

/// Keys shorter than this are not filed: a search needs at least three consonants to tell
/// names apart.
pub(crate) const MIN_CONSONANTS: usize = 3;

/// Byte that ends the consonant key inside a key of the spelling index (`key 0x00 name`): it
/// sorts before every letter, so the names of one key form one range.
pub(crate) const KEY_END: u8 = 0;
