//! Tokeniser: splits the original text into words, numbers, punctuation and symbols,
//! keeping byte offsets into the original and a normalised form per token.
//!
//! It is a hand-written single-pass scanner (no regexes) because it runs on every byte of
//! every document; decisions that need word knowledge (abbreviations) ask the [`Lexicon`].

use sitrep_model::{Tag, Token, TokenKind};

use crate::chars::{
    is_apostrophe, is_dash, is_digit, is_ignorable, is_letter, is_mark, is_punct, is_word_hyphen,
    newline_weight, normalize,
};
use crate::lexicon::{AbbrevClass, Lexicon};

/// Tokens plus, for each token, how many line breaks precede it (capped at 2 = blank line).
/// The splitter needs the line structure, which the model's `Token` does not carry.
pub(crate) struct Tokenized {
    pub tokens: Vec<Token>,
    pub breaks: Vec<u8>,
}

struct Scanner<'a> {
    s: &'a str,
    lex: &'a Lexicon,
    out: Tokenized,
    space: bool,
    nl: u8,
}

#[inline]
fn is_alnum(c: char) -> bool {
    c.is_alphanumeric()
}

/// Lower-cases a short ASCII string into a stack buffer (for suffix comparisons).
fn ascii_lower<'b>(s: &str, buf: &'b mut [u8; 8]) -> Option<&'b str> {
    let b = s.as_bytes();
    if b.len() > 8 || !s.is_ascii() {
        return None;
    }
    let dst = buf.get_mut(..b.len())?;
    dst.copy_from_slice(b);
    dst.make_ascii_lowercase();
    std::str::from_utf8(dst).ok()
}

impl<'a> Scanner<'a> {
    #[inline]
    fn peek(&self, i: usize) -> Option<char> {
        let b = *self.s.as_bytes().get(i)?;
        if b < 0x80 {
            Some(b as char)
        } else {
            self.s.get(i..)?.chars().next()
        }
    }

    fn slice(&self, a: usize, b: usize) -> &'a str {
        self.s.get(a..b).unwrap_or("")
    }

    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        if end <= start {
            return;
        }
        let raw = self.slice(start, end);
        let norm = match raw {
            "``" | "''" => "\"".to_string(),
            _ => normalize(raw),
        };
        let lower = lower_if_changed(&norm);
        self.out.tokens.push(Token {
            start,
            end,
            kind,
            norm,
            lemma: String::new(),
            tag: Tag::SYM,
            space_before: self.space,
            lower,
        });
        self.out.breaks.push(self.nl.min(2));
        self.space = false;
        self.nl = 0;
    }

    fn run(mut self) -> Tokenized {
        let mut i = 0;
        while let Some(c) = self.peek(i) {
            let n = c.len_utf8();
            if c == '\r' {
                if self.peek(i + 1) != Some('\n') {
                    self.nl = self.nl.saturating_add(1);
                }
                self.space = true;
                i += 1;
                continue;
            }
            let w = newline_weight(c);
            if w > 0 {
                self.nl = self.nl.saturating_add(w);
                self.space = true;
                i += n;
                continue;
            }
            if c.is_whitespace() {
                self.space = true;
                i += n;
                continue;
            }
            if is_ignorable(c) {
                i += n;
                continue;
            }
            i = if is_digit(c) {
                self.scan_number(i)
            } else if is_letter(c) && !is_mark(c) {
                self.scan_word(i, i)
            } else if is_apostrophe(c)
                && let Some(end) = self.contraction_at(i)
            {
                self.push(i, end, TokenKind::Word);
                end
            } else if is_punct(c) {
                self.scan_punct(i, c)
            } else {
                self.scan_symbol(i)
            };
        }
        self.out
    }

    /// "'s", "'re", "'ve", "'ll", "'d", "'m" glued to the previous word or number.
    fn contraction_at(&self, i: usize) -> Option<usize> {
        let prev = self.out.tokens.last()?;
        if prev.end != i || !matches!(prev.kind, TokenKind::Word | TokenKind::Number) {
            return None;
        }
        let after = i + self.peek(i)?.len_utf8();
        let mut k = after;
        while let Some(d) = self.peek(k) {
            if !d.is_ascii_alphabetic() {
                break;
            }
            k += 1;
        }
        if self.peek(k).is_some_and(is_alnum) {
            return None;
        }
        let mut buf = [0u8; 8];
        let suf = ascii_lower(self.slice(after, k), &mut buf)?;
        matches!(suf, "s" | "re" | "ve" | "ll" | "d" | "m").then_some(k)
    }

    /// Scans a word from `start`; `j` is where scanning resumes (after a number prefix such
    /// as "10-" in "10-year-old"). Emits one or more tokens and returns the end.
    fn scan_word(&mut self, start: usize, mut j: usize) -> usize {
        loop {
            while let Some(c) = self.peek(j) {
                if is_alnum(c)
                    || is_mark(c)
                    || (is_ignorable(c)
                        && self
                            .peek(j + c.len_utf8())
                            .is_some_and(|d| is_alnum(d) || is_mark(d)))
                {
                    j += c.len_utf8();
                } else {
                    break;
                }
            }
            let Some(c) = self.peek(j) else { break };
            let after = j + c.len_utf8();
            if is_word_hyphen(c) || c == '\u{2013}' {
                let prev_alpha = self
                    .slice(start, j)
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic);
                if let Some(d) = self.peek(after)
                    && is_alnum(d)
                    && (c != '\u{2013}' || (d.is_alphabetic() && prev_alpha))
                {
                    j = after;
                    continue;
                }
                break;
            }
            if is_apostrophe(c) {
                let mut k = after;
                while let Some(d) = self.peek(k) {
                    if !d.is_alphabetic() {
                        break;
                    }
                    k += d.len_utf8();
                }
                if k == after || self.peek(k).is_some_and(|d| d.is_numeric()) {
                    break;
                }
                let mut buf = [0u8; 8];
                let suf = ascii_lower(self.slice(after, k), &mut buf).unwrap_or("");
                let so_far = self.slice(start, j);
                if suf == "t"
                    && so_far.len() > 1
                    && (so_far.ends_with('n') || so_far.ends_with('N'))
                {
                    // "don't" -> "do" + "n't"; "won't" -> "wo" + "n't"
                    self.push(start, j - 1, TokenKind::Word);
                    self.push(j - 1, k, TokenKind::Word);
                    return k;
                }
                if matches!(suf, "s" | "re" | "ve" | "ll" | "d" | "m") {
                    break;
                }
                j = k;
                continue;
            }
            break;
        }
        let word = self.slice(start, j);
        if word.len() == 6 && word.eq_ignore_ascii_case("cannot") {
            self.push(start, start + 3, TokenKind::Word);
            self.push(start + 3, j, TokenKind::Word);
            return j;
        }
        if self.peek(j) == Some('.') {
            j = self.abbrev_end(start, j, word);
        }
        self.push(start, j, TokenKind::Word);
        j
    }

    /// Where a word followed by '.' ends: after the dot for abbreviations, initials and
    /// dotted letter sequences ("U.S.", "a.m."), else at `j` (the dot is punctuation).
    fn abbrev_end(&self, start: usize, j: usize, word: &str) -> usize {
        let mut chars = word.chars();
        if let (Some(first), None) = (chars.next(), chars.next())
            && first.is_alphabetic()
        {
            // dotted letter sequence: X.Y.Z. or X.Y
            let mut k = j + 1;
            let mut count = 1;
            while let Some(l) = self.peek(k) {
                let next = self.peek(k + l.len_utf8());
                if !l.is_alphabetic() || next.is_some_and(is_alnum) {
                    break;
                }
                k += l.len_utf8();
                count += 1;
                if self.peek(k) == Some('.') {
                    k += 1;
                } else {
                    break;
                }
            }
            if count > 1 {
                return k;
            }
            return if first.is_uppercase() { j + 1 } else { j };
        }
        let _ = start;
        match self.lex.abbrev(word) {
            Some(AbbrevClass::Number) => {
                let mut k = j + 1;
                while self.peek(k).is_some_and(|c| c == ' ' || c == '\u{a0}') {
                    k += self.peek(k).map_or(1, char::len_utf8);
                }
                if self.peek(k).is_some_and(is_digit) {
                    j + 1
                } else {
                    j
                }
            }
            Some(_) => j + 1,
            None => j,
        }
    }

    fn digits(&self, mut j: usize) -> usize {
        while self.peek(j).is_some_and(is_digit) {
            j += 1;
        }
        j
    }

    /// Length of the digit run at `j`.
    fn group(&self, j: usize) -> usize {
        self.digits(j) - j
    }

    fn scan_number(&mut self, start: usize) -> usize {
        let mut j = self.digits(start);
        let first_len = j - start;
        // thousands separators and decimals
        while let Some(c) = self.peek(j) {
            if (c == ',' || c == '.') && self.peek(j + 1).is_some_and(is_digit) {
                j = self.digits(j + 1);
            } else {
                break;
            }
        }
        let plain = j == start + first_len;
        if plain {
            let c = self.peek(j);
            if c == Some('-') && first_len == 4 {
                // ISO date 2025-02-18
                let g1 = self.group(j + 1);
                if g1 == 2 && self.peek(j + 3) == Some('-') && self.group(j + 4) == 2 {
                    j += 6;
                }
            } else if c == Some('/') && first_len <= 2 {
                let g1 = self.group(j + 1);
                let p2 = j + 1 + g1;
                if (1..=2).contains(&g1) && self.peek(p2) == Some('/') {
                    let g2 = self.group(p2 + 1);
                    if (2..=4).contains(&g2) {
                        j = p2 + 1 + g2;
                    }
                } else if (1..=2).contains(&g1) && !self.peek(p2).is_some_and(is_alnum) {
                    // "on 21/06", "1/2": a day and month, or a fraction, is one number (split,
                    // its second half read as the sentence's subject).
                    j = p2;
                }
            } else if c == Some(':') && first_len <= 2 && self.group(j + 1) == 2 {
                j += 3;
            }
        }
        // suffixes: 16th, 1990s; hyphenated words: 10-year-old
        let mut k = j;
        while let Some(d) = self.peek(k) {
            if !d.is_ascii_alphabetic() {
                break;
            }
            k += 1;
        }
        if k > j {
            let mut buf = [0u8; 8];
            let suf = ascii_lower(self.slice(j, k), &mut buf).unwrap_or("");
            if matches!(suf, "st" | "nd" | "rd" | "th" | "s") && !self.peek(k).is_some_and(is_alnum)
            {
                j = k;
            }
        } else if let Some(h) = self.peek(j)
            && is_word_hyphen(h)
            && self.peek(j + h.len_utf8()).is_some_and(char::is_alphabetic)
        {
            return self.scan_word(start, j);
        }
        self.push(start, j, TokenKind::Number);
        j
    }

    fn scan_punct(&mut self, start: usize, c: char) -> usize {
        let n = c.len_utf8();
        let mut j = start + n;
        match c {
            '.' => {
                while self.peek(j) == Some('.') {
                    j += 1;
                }
            }
            '?' | '!' => {
                while matches!(self.peek(j), Some('?' | '!')) {
                    j += 1;
                }
            }
            '`' | '\'' if self.peek(j) == Some(c) => j += 1,
            c if is_dash(c) => {
                while self.peek(j) == Some(c) {
                    j += n;
                }
            }
            _ => {}
        }
        self.push(start, j, TokenKind::Punct);
        j
    }

    fn scan_symbol(&mut self, start: usize) -> usize {
        let Some(c) = self.peek(start) else {
            return start + 1;
        };
        let mut j = start + c.len_utf8();
        let regional = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
        if regional(c) && self.peek(j).is_some_and(regional) {
            j += 4;
        }
        while let Some(d) = self.peek(j) {
            if is_mark(d) {
                j += d.len_utf8();
            } else if d == '\u{200D}'
                && let Some(e) = self.peek(j + 3)
                && !e.is_whitespace()
                && !e.is_alphanumeric()
            {
                j += 3 + e.len_utf8();
            } else {
                break;
            }
        }
        self.push(start, j, TokenKind::Symbol);
        j
    }
}

pub(crate) fn tokenize_in(text: &str, lex: &Lexicon) -> Tokenized {
    let scanner = Scanner {
        s: text,
        lex,
        out: Tokenized {
            tokens: Vec::with_capacity(text.len() / 5 + 1),
            breaks: Vec::with_capacity(text.len() / 5 + 1),
        },
        space: true,
        nl: 0,
    };
    scanner.run()
}

/// Tokenises `text` with the default lexicon. Tags and lemmas are left empty; use
/// [`crate::analyze`] for the full analysis.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_in(text, Lexicon::default_ref()).tokens
}

/// `s.to_lowercase()` where that differs from `s` (see [`Token::lower`]); `None` for the
/// usual word already in lower case.
fn lower_if_changed(s: &str) -> Option<Box<str>> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return None;
    }
    let l = s.to_lowercase();
    (l != s).then(|| l.into_boxed_str())
}
