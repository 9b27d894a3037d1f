//! Sentence splitting, paragraphs and caption detection over the token stream.
//!
//! Works on tokens rather than characters so that abbreviations, decimals and initials have
//! already been settled by the tokeniser; the line structure comes from the per-token
//! line-break counts.

use sitrep_model::{Sentence, Tag, Token, TokenKind};

use crate::lexicon::{AbbrevClass, CaptionKind, Lexicon};

fn is_terminal_punct(t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && !t.norm.is_empty()
        && t.norm.bytes().all(|b| matches!(b, b'.' | b'!' | b'?'))
}

/// Closing quote or bracket glued to the previous token.
fn is_closer(t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && !t.space_before
        && matches!(t.norm.as_str(), "\"" | "'" | ")" | "]" | "}")
}

fn first_char(t: &Token) -> Option<char> {
    t.norm.chars().next()
}

/// Whether a token can begin a new sentence after a full stop.
fn can_start(t: &Token) -> bool {
    match t.kind {
        TokenKind::Word | TokenKind::Number => {
            first_char(t).is_some_and(|c| c.is_uppercase() || c.is_numeric())
        }
        TokenKind::Punct => matches!(t.norm.as_str(), "\"" | "'" | "(" | "[" | "-" | "--"),
        TokenKind::Symbol => true,
    }
}

/// Whether a capitalised token is a function word ("The", "He", "In"): after an ambiguous
/// abbreviation ("U.S.", "Jan.", "J.") only such a word signals a new sentence.
fn is_function_word(t: &Token, lex: &Lexicon) -> bool {
    if t.kind != TokenKind::Word || !t.is_capitalised() {
        return false;
    }
    let lower = t.norm.to_lowercase();
    lex.closed(&t.norm, &lower)
        .and_then(|e| e.first())
        .is_some_and(|r| {
            matches!(
                r.tag,
                Tag::DT | Tag::PRP | Tag::PRPS | Tag::IN | Tag::CC | Tag::WH | Tag::RB | Tag::MD
            ) || r.tag.is_verb()
        })
}

/// How a word token ending in '.' behaves at a possible sentence end.
fn abbrev_kind(t: &Token, lex: &Lexicon) -> Option<AbbrevClass> {
    if t.kind != TokenKind::Word || !t.norm.ends_with('.') {
        return None;
    }
    let body = t.norm.trim_end_matches('.');
    if body.contains('.') || body.chars().count() == 1 {
        // dotted sequence or initial
        return Some(AbbrevClass::Month);
    }
    Some(lex.abbrev(body).unwrap_or(AbbrevClass::Other))
}

/// Function words that cannot end a line of running text ("the", "of", "and").
fn is_continuation_word(t: &Token, lex: &Lexicon) -> bool {
    if t.kind != TokenKind::Word {
        return false;
    }
    let lower = t.norm.to_lowercase();
    lex.closed(&t.norm, &lower)
        .and_then(|e| e.first())
        .is_some_and(|r| {
            matches!(
                r.tag,
                Tag::DT | Tag::IN | Tag::CC | Tag::TO | Tag::PRPS | Tag::MD
            )
        })
}

/// Splits `tokens` into sentences. `breaks[i]` is the number of line breaks (max 2) before
/// token `i`.
pub(crate) fn split(tokens: &[Token], breaks: &[u8], lex: &Lexicon) -> Vec<Sentence> {
    let n = tokens.len();
    let mut out = Vec::with_capacity(n / 20 + 1);
    if n == 0 {
        return out;
    }
    let brk = |i: usize| breaks.get(i).copied().unwrap_or(0);
    let has_blank = breaks.iter().any(|&b| b >= 2);
    // Hard-wrapped text: single line breaks inside sentences (next line starts lower-case).
    let mut single = 0usize;
    let mut wrapped = 0usize;
    for (t, &b) in tokens.iter().zip(breaks).skip(1) {
        if b == 1 {
            single += 1;
            if t.kind == TokenKind::Word && first_char(t).is_some_and(char::is_lowercase) {
                wrapped += 1;
            }
        }
    }
    let hard_wrapped = wrapped >= 2 && wrapped * 4 >= single;

    let mut para = 0usize;
    let mut start = 0usize;
    let close = |out: &mut Vec<Sentence>, a: usize, b: usize, para: usize| {
        if b > a {
            out.push(Sentence {
                start: tokens[a].start,
                end: tokens[b - 1].end,
                tok_start: a,
                tok_end: b,
                caption: false,
                paragraph: para,
            });
        }
    };
    let mut i = 0;
    while i < n {
        if i > 0 && brk(i) > 0 {
            let blank = brk(i) >= 2;
            let split_here = i > start
                && (blank
                    || (!hard_wrapped
                        && line_break_ends_sentence(&tokens[i - 1], &tokens[i], lex)));
            if split_here {
                close(&mut out, start, i, para);
                start = i;
            }
            if start == i && (blank || !has_blank) {
                para += 1;
            }
        }
        let t = &tokens[i];
        let ends = if is_terminal_punct(t) {
            Some(true)
        } else {
            match abbrev_kind(t, lex) {
                Some(AbbrevClass::Title | AbbrevClass::Number) => None,
                Some(_) => Some(false),
                None => None,
            }
        };
        if let Some(strong) = ends {
            let mut j = i + 1;
            while j < n && brk(j) == 0 && is_closer(&tokens[j]) {
                j += 1;
            }
            let split = match tokens.get(j) {
                None => true,
                Some(_) if brk(j) > 0 => strong || !hard_wrapped,
                Some(next) if strong => can_start(next),
                Some(next) => is_function_word(next, lex),
            };
            if split {
                close(&mut out, start, j, para);
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    close(&mut out, start, n, para);
    let mut out = cap_length(tokens, out);
    mark_captions(tokens, breaks, &mut out, lex);
    out
}

/// The most tokens one sentence may hold. Every later stage looks around a word inside its
/// sentence, so the sentence length bounds the work per word: without a cap, a text with no
/// full stop (a table dump, a run-on transcript, hostile input) is one sentence and costs
/// time quadratic in its length. News sentences stay far below this (the longest in the
/// development sets has about 120 tokens).
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// Splits sentences longer than [`MAX_SENTENCE_TOKENS`] at the best boundary in the last
/// half of each window: after a semicolon, colon or dash, else after a comma, else before a
/// conjunction, else a hard cut at the limit.
fn cap_length(tokens: &[Token], sents: Vec<Sentence>) -> Vec<Sentence> {
    if sents
        .iter()
        .all(|s| s.tok_end - s.tok_start <= MAX_SENTENCE_TOKENS)
    {
        return sents;
    }
    let mut out = Vec::with_capacity(sents.len() + 1);
    for s in sents {
        let mut a = s.tok_start;
        while s.tok_end - a > MAX_SENTENCE_TOKENS {
            let cut = best_cut(tokens, a, a + MAX_SENTENCE_TOKENS);
            let (Some(first), Some(last)) = (tokens.get(a), tokens.get(cut - 1)) else {
                break;
            };
            out.push(Sentence {
                start: first.start,
                end: last.end,
                tok_start: a,
                tok_end: cut,
                ..s.clone()
            });
            a = cut;
        }
        let start = tokens.get(a).map_or(s.start, |t| t.start);
        out.push(Sentence {
            start,
            tok_start: a,
            ..s
        });
    }
    out
}

/// Where to end a piece of an over-long sentence that starts at token `a`: a token index in
/// `a + limit/2 + 1 ..= limit`. Looks at each token of the window once.
fn best_cut(tokens: &[Token], a: usize, limit: usize) -> usize {
    let lo = a + (limit - a) / 2 + 1;
    // (rank, cut): the highest rank wins, the latest cut among equals.
    let mut best = (0u8, limit);
    for k in (lo..limit).rev() {
        crate::work::add(1);
        let Some(t) = tokens.get(k) else { continue };
        let rank = match (t.kind, t.norm.as_str()) {
            (TokenKind::Punct, ";" | ":" | "-" | "--" | "\u{2014}") => 3,
            (TokenKind::Punct, ",") => 2,
            _ => 0,
        };
        // After a punctuation mark: cut after it.
        if rank > best.0 {
            best = (rank, k + 1);
            if rank == 3 {
                break;
            }
        }
        // Before a conjunction: cut before it.
        let conj = t.kind == TokenKind::Word
            && matches!(
                t.norm.to_ascii_lowercase().as_str(),
                "and" | "but" | "or" | "while" | "whereas" | "because" | "although" | "as"
            );
        if conj && best.0 < 1 && k > a {
            best = (1, k);
        }
    }
    best.1.clamp(a + 1, limit)
}

/// A single line break ends a sentence when the line looks like a headline, title or
/// caption: no final punctuation, and the next line starts like a sentence.
fn line_break_ends_sentence(last: &Token, next: &Token, lex: &Lexicon) -> bool {
    if last.kind == TokenKind::Punct
        && matches!(last.norm.as_str(), "," | ";" | ":" | "-" | "--" | "(" | "/")
    {
        return false;
    }
    if is_continuation_word(last, lex) {
        return false;
    }
    can_start(next)
}

/// Marks sentences that lie on a caption/credit line.
fn mark_captions(tokens: &[Token], breaks: &[u8], sents: &mut [Sentence], lex: &Lexicon) {
    let n = tokens.len();
    let mut line_start = 0;
    let mut si = 0;
    for i in 1..=n {
        if i < n && breaks.get(i).copied().unwrap_or(0) == 0 {
            continue;
        }
        let line = &tokens[line_start..i];
        if is_caption_line(line, lex) {
            while si < sents.len() && sents[si].tok_start < i {
                if sents[si].tok_end > line_start {
                    sents[si].caption = true;
                }
                si += 1;
            }
        }
        line_start = i;
    }
}

fn lower(t: &Token) -> String {
    t.norm.to_lowercase()
}

fn is_caption_line(line: &[Token], lex: &Lexicon) -> bool {
    let Some(first) = line.first() else {
        return false;
    };
    let m = line.len();
    let second = line.get(1);
    // "(From left) ...", "(L-R) ..."
    if first.norm == "(" && second.is_some_and(|t| lex.caption_kind(&lower(t), CaptionKind::Paren))
    {
        return true;
    }
    // "Photo: ...", "Picture by ..."
    if lex.caption_kind(&lower(first), CaptionKind::Lead)
        && second.is_some_and(|t| t.norm == ":" || t.norm.eq_ignore_ascii_case("by"))
    {
        return true;
    }
    let last = &line[m - 1];
    // ".../AFP", "PIC/AFP"
    if m >= 2 && line[m - 2].norm == "/" && lex.caption_kind(&lower(last), CaptionKind::Agency) {
        return true;
    }
    // "... (Reuters)"
    if m >= 3
        && last.norm == ")"
        && line[m - 3].norm == "("
        && lex.caption_kind(&lower(&line[m - 2]), CaptionKind::Agency)
    {
        return true;
    }
    // "... Getty Images"
    if m >= 2
        && line[m - 2].norm.eq_ignore_ascii_case("getty")
        && last.norm.eq_ignore_ascii_case("images")
    {
        return true;
    }
    // "... Photo: Jane Doe"
    let tail_from = m.saturating_sub(8);
    for k in tail_from..m.saturating_sub(1) {
        if k > 0
            && lex.caption_kind(&lower(&line[k]), CaptionKind::Lead)
            && matches!(line[k + 1].norm.as_str(), ":" | "/")
        {
            return true;
        }
    }
    false
}
