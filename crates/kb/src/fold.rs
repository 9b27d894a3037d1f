//! Normalisation keys for lookups.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The lookup key for names: news spells the same name many ways ("U.S." / "US",
/// "al-Saud" / "al Saud", "Côte d'Ivoire" / "Cote d’Ivoire"), so every table key and every
/// query goes through this one function.
///
/// NFKD, diacritics stripped, lower case; apostrophes and dots removed; hyphens, dashes,
/// slashes and other punctuation become spaces; runs of spaces collapse; trimmed.
/// Letters NFKD leaves alone (ø, æ, ß, ł, đ, ı, þ, œ) get their usual Latin spelling.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into a reused buffer (cleared first): the index folds hundreds of thousands of
/// names at start-up.
pub(crate) fn fold_into(s: &str, out: &mut String) {
    out.clear();
    let out = &mut *out;
    let mut space = false;
    if s.is_ascii() {
        // the common case, byte by byte; same rules as push_folded
        for b in s.bytes() {
            match b {
                b'a'..=b'z' | b'0'..=b'9' | b'A'..=b'Z' => {
                    if space && !out.is_empty() {
                        out.push(' ');
                    }
                    space = false;
                    out.push(b.to_ascii_lowercase() as char);
                }
                b'\'' | b'.' | b'`' => {}
                _ => push_folded(out, &mut space, b as char),
            }
        }
    } else {
        for c in s.nfkd() {
            if is_combining_mark(c) {
                continue;
            }
            match c {
                'ø' | 'Ø' => push_str(out, &mut space, "o"),
                'æ' | 'Æ' => push_str(out, &mut space, "ae"),
                'œ' | 'Œ' => push_str(out, &mut space, "oe"),
                'ß' => push_str(out, &mut space, "ss"),
                'ł' | 'Ł' => push_str(out, &mut space, "l"),
                'đ' | 'Đ' | 'ð' | 'Ð' => push_str(out, &mut space, "d"),
                'ı' => push_str(out, &mut space, "i"),
                'þ' | 'Þ' => push_str(out, &mut space, "th"),
                'ħ' | 'Ħ' => push_str(out, &mut space, "h"),
                _ => {
                    if c.is_uppercase() {
                        for l in c.to_lowercase() {
                            push_folded(out, &mut space, l);
                        }
                    } else {
                        push_folded(out, &mut space, c);
                    }
                }
            }
        }
    }
}

fn push_str(out: &mut String, space: &mut bool, s: &str) {
    for c in s.chars() {
        push_folded(out, space, c);
    }
}

/// Appends one (already decomposed) character, applying the punctuation rules.
fn push_folded(out: &mut String, space: &mut bool, c: char) {
    match c {
        // apostrophes and dots vanish: "U.S." → "us", "d'Ivoire" → "divoire"
        '\'' | '.' | '`' | '´' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02BB}' | '\u{02BF}'
        | '\u{02BE}' | '\u{2032}' => {}
        c if c.is_alphanumeric() => {
            if *space && !out.is_empty() {
                out.push(' ');
            }
            *space = false;
            if c.is_ascii_uppercase() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        '&' => {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str("and");
            *space = true;
        }
        // hyphens, dashes, slashes, commas, spaces, brackets: a word break
        _ => *space = true,
    }
}

/// The transliteration skeleton of a person's name, for blocking and fuzzy matching:
/// Zelensky / Zelenskiy / Zelenskyy / Zelenskyi / Zelens'kyy, Sergei / Sergey,
/// Umerov / Umierov / Umyerov, Yermak / Iermak each share one key.
///
/// Applied to [`fold`]ed text word by word: kh→h, zh→z, sh→s, ch→c, ts→c, w→v, j→y; runs of
/// i/y become one i; an i before a vowel (a glide) is dropped; doubled letters collapse.
/// Russian vs Ukrainian forms (Kiev/Kyiv, Sergei/Serhii) still need explicit aliases.
pub fn skeleton(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    skeleton_words(&folded, &mut out, &mut Vec::new(), &mut Vec::new());
    out
}

/// [`skeleton`] of a text already [`fold`]ed, into reused buffers (`out` cleared first):
/// the lookup path calls it for most one-word queries. Folding is the identity on folded
/// ASCII text (lower-case letters, digits, single inner spaces), so only other text is
/// folded again, as [`skeleton`] would.
pub(crate) fn skeleton_of_folded(
    folded: &str,
    out: &mut String,
    a: &mut Vec<char>,
    b: &mut Vec<char>,
) {
    out.clear();
    if folded.is_ascii() {
        skeleton_words(folded, out, a, b);
    } else {
        skeleton_words(&fold(folded), out, a, b);
    }
}

fn skeleton_words(folded: &str, out: &mut String, a: &mut Vec<char>, b: &mut Vec<char>) {
    for (i, word) in folded.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.is_ascii() {
            skeleton_word_ascii(word.as_bytes(), out);
        } else {
            skeleton_word(word, out, a, b);
        }
    }
}

/// [`skeleton_word`] on ASCII bytes, without buffers: the rules read each letter with the
/// one after it (pass 1) and the last letter kept (pass 2), so one pass with a little
/// look-ahead does both.
fn skeleton_word_ascii(w: &[u8], out: &mut String) {
    // pass 1 as an iterator: digraphs and single-letter maps
    let pass1 = |k: usize| -> Option<(u8, usize)> {
        let c = *w.get(k)?;
        let mapped = match (c, w.get(k + 1)) {
            (b'k', Some(b'h')) => Some(b'h'),
            (b'z', Some(b'h')) => Some(b'z'),
            (b's', Some(b'h')) => Some(b's'),
            (b'c', Some(b'h')) => Some(b'c'),
            (b't', Some(b's')) => Some(b'c'),
            _ => None,
        };
        Some(match mapped {
            Some(m) => (m, k + 2),
            None => (
                match c {
                    b'w' => b'v',
                    b'j' | b'y' => b'i',
                    other => other,
                },
                k + 1,
            ),
        })
    };
    // pass 2: i-runs collapse, glide i before a vowel drops, doubles collapse
    let mut last: Option<u8> = None;
    let mut k = 0;
    while let Some((c, next)) = pass1(k) {
        k = next;
        if c == b'i' {
            if last == Some(b'i') {
                continue;
            }
            // look past the rest of this i-run
            let mut j = k;
            let after = loop {
                match pass1(j) {
                    Some((b'i', n)) => j = n,
                    other => break other.map(|(x, _)| x),
                }
            };
            if matches!(after, Some(b'a' | b'e' | b'o' | b'u')) {
                continue;
            }
        }
        if last == Some(c) {
            continue;
        }
        last = Some(c);
        out.push(char::from(c));
    }
}

fn skeleton_word(word: &str, out: &mut String, a: &mut Vec<char>, b: &mut Vec<char>) {
    // pass 1: digraphs and single-letter maps
    a.clear();
    b.clear();
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let mapped = match (c, next) {
            ('k', Some('h')) => Some('h'),
            ('z', Some('h')) => Some('z'),
            ('s', Some('h')) => Some('s'),
            ('c', Some('h')) => Some('c'),
            ('t', Some('s')) => Some('c'),
            _ => None,
        };
        if let Some(m) = mapped {
            a.push(m);
            chars.next();
            continue;
        }
        a.push(match c {
            'w' => 'v',
            'j' | 'y' => 'i',
            other => other,
        });
    }
    // pass 2: i-runs collapse, glide i before a vowel drops, doubles collapse
    for (idx, &c) in a.iter().enumerate() {
        if c == 'i' {
            if b.last() == Some(&'i') {
                continue;
            }
            // look past the rest of this i-run
            let mut j = idx + 1;
            while a.get(j) == Some(&'i') {
                j += 1;
            }
            if matches!(a.get(j), Some('a' | 'e' | 'o' | 'u')) {
                continue;
            }
        }
        if b.last() == Some(&c) {
            continue;
        }
        b.push(c);
    }
    out.extend(b.iter());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_unifies_punctuation_and_case() {
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("US"), fold("U.S."));
        assert_eq!(fold("al-Saud"), fold("al Saud"));
        assert_eq!(fold("Côte d'Ivoire"), fold("Cote d’Ivoire"));
        assert_eq!(fold("  Dolmabahçe   Palace "), "dolmabahce palace");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Ad Dir‘īyah"), "ad diriyah");
        assert_eq!(fold("Bosnia-Herzegovina"), "bosnia herzegovina");
        assert_eq!(fold("Médecins Sans Frontières"), "medecins sans frontieres");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn skeleton_of_folded_text_is_the_skeleton() {
        for n in [
            "Zelenskiy",
            "Andriy Yermak",
            "Sergei  Lavrov",
            "Łódź",
            "Côte d'Ivoire",
            "Дмитрий Песков",
            "ǅemal Bijedić",
            "Kharkiv & Sumy",
            "",
        ] {
            let mut out = String::from("left over");
            let (mut a, mut b) = (vec!['x'], vec!['y']);
            skeleton_of_folded(&fold(n), &mut out, &mut a, &mut b);
            assert_eq!(out, skeleton(n), "{n}");
        }
    }

    #[test]
    fn ascii_skeleton_matches_the_general_one() {
        // every word of up to five letters over the letters the rules treat specially
        let alphabet = b"aikhsytjwo";
        let mut words: Vec<String> = vec![String::new()];
        let mut all = Vec::new();
        for _ in 0..5 {
            let mut next = Vec::new();
            for w in &words {
                for &c in alphabet {
                    let mut x = w.clone();
                    x.push(char::from(c));
                    next.push(x);
                }
            }
            all.extend(next.iter().cloned());
            words = next;
        }
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for w in &all {
            let (mut fast, mut slow) = (String::new(), String::new());
            skeleton_word_ascii(w.as_bytes(), &mut fast);
            skeleton_word(w, &mut slow, &mut a, &mut b);
            assert_eq!(fast, slow, "{w}");
        }
    }

    #[test]
    fn skeleton_folds_transliterations() {
        let z = skeleton("Zelensky");
        for v in [
            "Zelenskiy",
            "Zelenskyy",
            "Zelenskyi",
            "Zelens'kyy",
            "ZELENSKYY",
        ] {
            assert_eq!(skeleton(v), z, "{v}");
        }
        assert_eq!(skeleton("Sergei Lavrov"), skeleton("Sergey Lavrov"));
        assert_eq!(skeleton("Umerov"), skeleton("Umierov"));
        assert_eq!(skeleton("Umyerov"), skeleton("Umerov"));
        assert_eq!(skeleton("Yermak"), skeleton("Iermak"));
        assert_eq!(skeleton("Kharkiv"), "harkiv");
        assert_ne!(skeleton("Lavrov"), skeleton("Peskov"));
        assert_eq!(skeleton("Andriy Yermak"), skeleton("Andrii Iermak"));
    }
}
