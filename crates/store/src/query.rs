//! The search syntax shared by both backends (`sitrep search`, `/api/search`):
//!
//! - words: every one must occur (`drone Kharkiv`); `AND` between them says the same;
//! - `"a phrase"`: the words next to each other, in that order;
//! - `OR` (upper case): either side (`Kharkiv OR Odesa`); it binds more loosely than AND, so
//!   `drone Kharkiv OR Odesa` is (drone and Kharkiv) or Odesa;
//! - `NOT word` / `NOT "a phrase"` (upper case): leave out passages that have it; a clause
//!   needs at least one word that is not negated (`drone NOT Kyiv`).
//!
//! Lower-case `and`/`or`/`not` are ordinary words. Punctuation inside words separates them,
//! as the full-text indexes do. The query is parsed here once and written in each backend's
//! own language (SQLite FTS5, PostgreSQL tsquery), so both answer the same query the same way.

use crate::common::search_words;

/// A word or a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Word(String),
    Phrase(Vec<String>),
}

/// Items that must all occur, and items that must not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Clause {
    all: Vec<Item>,
    none: Vec<Item>,
}

/// A parsed search: any one of its clauses matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    any: Vec<Clause>,
}

/// Lexical pieces of a query.
enum Tok {
    Text(String),
    Phrase(String),
}

fn lex(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('"') {
        out.extend(
            rest[..i]
                .split_whitespace()
                .map(|w| Tok::Text(w.to_string())),
        );
        let after = &rest[i + 1..];
        match after.find('"') {
            Some(j) => {
                out.push(Tok::Phrase(after[..j].to_string()));
                rest = &after[j + 1..];
            }
            // An unclosed quote runs to the end of the query.
            None => {
                out.push(Tok::Phrase(after.to_string()));
                rest = "";
            }
        }
    }
    out.extend(rest.split_whitespace().map(|w| Tok::Text(w.to_string())));
    out
}

fn item(words: Vec<String>) -> Option<Item> {
    match words.len() {
        0 => None,
        1 => words.into_iter().next().map(Item::Word),
        _ => Some(Item::Phrase(words)),
    }
}

fn owned(s: &str) -> Vec<String> {
    search_words(s).into_iter().map(str::to_string).collect()
}

impl Query {
    /// Parses a query; `Ok(None)` when it holds no word at all.
    pub fn parse(s: &str) -> Result<Option<Query>, String> {
        let mut any = vec![Clause::default()];
        let mut negate = false;
        for t in lex(s) {
            let it = match t {
                Tok::Text(w) if w == "OR" => {
                    any.push(Clause::default());
                    negate = false;
                    continue;
                }
                Tok::Text(w) if w == "AND" => continue,
                Tok::Text(w) if w == "NOT" => {
                    negate = true;
                    continue;
                }
                // Punctuation splits a bare token into several words, each required.
                Tok::Text(w) => owned(&w).into_iter().map(Item::Word).collect(),
                Tok::Phrase(p) => item(owned(&p)).into_iter().collect::<Vec<_>>(),
            };
            let Some(clause) = any.last_mut() else {
                continue;
            };
            for i in it {
                if negate {
                    clause.none.push(i);
                } else {
                    clause.all.push(i);
                }
            }
            negate = false;
        }
        any.retain(|c| !c.all.is_empty() || !c.none.is_empty());
        if any.iter().any(|c| c.all.is_empty()) {
            return Err(
                "NOT needs a word to leave passages out of (e.g. `drone NOT Kyiv`); a search cannot be only NOT".into(),
            );
        }
        Ok((!any.is_empty()).then_some(Query { any }))
    }

    /// The query in SQLite FTS5 syntax (every word quoted, so none is read as an operator).
    pub fn fts5(&self) -> String {
        let it = |i: &Item| match i {
            Item::Word(w) => format!("\"{w}\""),
            Item::Phrase(ws) => format!("\"{}\"", ws.join(" ")),
        };
        self.any
            .iter()
            .map(|c| {
                let mut s = format!(
                    "({})",
                    c.all.iter().map(it).collect::<Vec<_>>().join(" AND ")
                );
                for n in &c.none {
                    s = format!("({s} NOT {})", it(n));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" OR ")
    }

    /// The query as a PostgreSQL `to_tsquery('simple', …)` argument.
    pub fn tsquery(&self) -> String {
        let it = |i: &Item| match i {
            Item::Word(w) => w.clone(),
            Item::Phrase(ws) => format!("({})", ws.join(" <-> ")),
        };
        self.any
            .iter()
            .map(|c| {
                let parts: Vec<String> = c
                    .all
                    .iter()
                    .map(it)
                    .chain(c.none.iter().map(|n| format!("!{}", it(n))))
                    .collect();
                format!("({})", parts.join(" & "))
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> (String, String) {
        match Query::parse(s) {
            Ok(Some(q)) => (q.fts5(), q.tsquery()),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn words_phrases_and_operators() {
        assert_eq!(
            q("Kharkiv strike!"),
            (
                "(\"Kharkiv\" AND \"strike\")".into(),
                "(Kharkiv & strike)".into()
            )
        );
        assert_eq!(
            q("\"air defence\" Kyiv"),
            (
                "(\"air defence\" AND \"Kyiv\")".into(),
                "((air <-> defence) & Kyiv)".into()
            )
        );
        assert_eq!(
            q("drone Kharkiv OR Odesa"),
            (
                "(\"drone\" AND \"Kharkiv\") OR (\"Odesa\")".into(),
                "(drone & Kharkiv) | (Odesa)".into()
            )
        );
        assert_eq!(
            q("drone AND NOT \"Kyiv region\""),
            (
                "((\"drone\") NOT \"Kyiv region\")".into(),
                "(drone & !(Kyiv <-> region))".into()
            )
        );
        // Lower-case operators are words.
        assert_eq!(q("war or peace").1, "(war & or & peace)");
    }

    #[test]
    fn empty_and_only_negated_queries() {
        assert_eq!(Query::parse("\" ( * -"), Ok(None));
        assert_eq!(Query::parse("OR"), Ok(None));
        assert!(Query::parse("NOT Kyiv").is_err());
        assert!(Query::parse("drone OR NOT Kyiv").is_err());
    }
}
