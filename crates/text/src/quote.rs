//! Quotation spans: who-says-what evidence for the extraction stage.
//!
//! A small state machine per paragraph over the quote-mark tokens. Straight quotes are
//! resolved as opening or closing by their spacing, falling back to alternation; a quote
//! left open at a paragraph break ends there (news style re-opens quotes in each paragraph
//! of a long quotation without closing them).

use sitrep_model::{Quote, Sentence, Token, TokenKind};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    OpenDouble,
    CloseDouble,
    Double,
    OpenSingle,
    CloseSingle,
    Single,
}

fn mark(text: &str, t: &Token) -> Option<Mark> {
    if t.kind != TokenKind::Punct {
        return None;
    }
    Some(match text.get(t.start..t.end)? {
        "\u{201C}" | "``" | "\u{201E}" | "\u{00AB}" | "\u{FF02}" => Mark::OpenDouble,
        "\u{201D}" | "''" | "\u{00BB}" => Mark::CloseDouble,
        "\"" => Mark::Double,
        "\u{2018}" | "\u{201A}" | "\u{2039}" => Mark::OpenSingle,
        "\u{2019}" | "\u{203A}" => Mark::CloseSingle,
        "'" | "`" => Mark::Single,
        _ => return None,
    })
}

/// Opening-by-spacing: preceded by space (or an opening bracket) and glued to what follows.
fn looks_opening(tokens: &[Token], i: usize, para_start: usize) -> Option<bool> {
    let t = &tokens[i];
    let next_glued = tokens.get(i + 1).is_some_and(|n| !n.space_before);
    let before_open = i == para_start
        || t.space_before
        || tokens
            .get(i.wrapping_sub(1))
            .is_some_and(|p| matches!(p.norm.as_str(), "(" | "[" | "-" | "--" | "\""));
    let after_close = tokens.get(i + 1).is_none_or(|n| {
        n.space_before || (n.kind == TokenKind::Punct && !matches!(n.norm.as_str(), "(" | "["))
    });
    match (before_open && next_glued, !t.space_before && after_close) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

struct State {
    double: Option<usize>,
    single: Option<usize>,
}

fn span(tokens: &[Token], a: usize, b: usize) -> Option<Quote> {
    let first = tokens.get(a)?;
    let last = tokens.get(b)?;
    (b > a).then(|| Quote {
        start: first.start,
        end: last.end,
        tok_start: a,
        tok_end: b + 1,
    })
}

pub(crate) fn find(text: &str, tokens: &[Token], sentences: &[Sentence]) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut si = 0;
    while si < sentences.len() {
        // one paragraph: consecutive sentences with the same paragraph number
        let para = sentences[si].paragraph;
        let a = sentences[si].tok_start;
        let mut sj = si;
        while sj + 1 < sentences.len() && sentences[sj + 1].paragraph == para {
            sj += 1;
        }
        let b = sentences[sj].tok_end.min(tokens.len());
        paragraph(text, tokens, a, b, &mut out);
        si = sj + 1;
    }
    out.sort_by(|x, y| x.start.cmp(&y.start).then(y.end.cmp(&x.end)));
    out
}

fn paragraph(text: &str, tokens: &[Token], a: usize, b: usize, out: &mut Vec<Quote>) {
    let mut st = State {
        double: None,
        single: None,
    };
    for i in a..b {
        let Some(m) = mark(text, &tokens[i]) else {
            continue;
        };
        let opening = match m {
            Mark::OpenDouble | Mark::OpenSingle => true,
            Mark::CloseDouble | Mark::CloseSingle => false,
            Mark::Double => looks_opening(tokens, i, a).unwrap_or(st.double.is_none()),
            Mark::Single => looks_opening(tokens, i, a).unwrap_or(false),
        };
        let double = matches!(m, Mark::OpenDouble | Mark::CloseDouble | Mark::Double);
        if double {
            if opening {
                // an opening mark while one is open: the earlier quote was never closed
                if let Some(o) = st.double.replace(i)
                    && let Some(q) = span(tokens, o, i - 1)
                {
                    out.push(q);
                }
                st.single = None;
            } else if let Some(o) = st.double.take() {
                if let Some(s) = st.single.take()
                    && let Some(q) = span(tokens, s, i - 1)
                {
                    out.push(q);
                }
                if let Some(q) = span(tokens, o, i) {
                    out.push(q);
                }
            }
        } else if opening {
            // straight single quotes only open inside a double quotation: elsewhere they
            // are far more often apostrophes
            if st.single.is_none() && (m == Mark::OpenSingle || st.double.is_some()) {
                st.single = Some(i);
            }
        } else if let Some(s) = st.single
            && !tokens[i].space_before
        {
            st.single = None;
            if let Some(q) = span(tokens, s, i) {
                out.push(q);
            }
        }
    }
    if let Some(o) = st.double
        && let Some(q) = span(tokens, o, b - 1)
    {
        out.push(q);
    }
}
