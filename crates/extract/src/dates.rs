//! Date expressions: find them in a sentence and resolve them against the publication date.
//!
//! News rarely gives absolute dates ("on Tuesday", "overnight", "last month"), so every phrase is
//! resolved against the article's publication date and the tense of the clause it governs: "on
//! Monday" in a past clause is the last Monday up to publication, in a future clause the next one.

use crate::rules::{Relative, Rules};
use chrono::{Datelike, Duration, NaiveDate};
use sitrep_model::{DateInfo, Precision, Token};
use std::borrow::Cow;

/// A date phrase found in a sentence, with the tokens it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct DateExpr {
    pub tok_start: usize,
    pub tok_end: usize,
    /// Resolved assuming a past-tense clause.
    pub past: DateInfo,
    /// Resolved assuming a future-tense clause.
    pub future: DateInfo,
    /// Weaker cue ("Saturday's talks" names the talks' day, not necessarily the event's).
    pub possessive: bool,
}

impl DateExpr {
    pub fn resolve(&self, future: bool) -> DateInfo {
        if future {
            self.future.clone()
        } else {
            self.past.clone()
        }
    }
}

fn info(start: NaiveDate, end: NaiveDate, precision: Precision, text: &str) -> DateInfo {
    DateInfo {
        start: Some(start),
        end: Some(end),
        precision,
        text: Some(text.to_string()),
    }
}

fn unknown(text: &str) -> DateInfo {
    DateInfo {
        start: None,
        end: None,
        precision: Precision::Unknown,
        text: Some(text.to_string()),
    }
}

fn month_range(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some((start, next - Duration::days(1)))
}

fn add_months(d: NaiveDate, n: i64) -> Option<(i32, u32)> {
    let total = d.year() as i64 * 12 + (d.month() as i64 - 1) + n;
    Some((
        i32::try_from(total.div_euclid(12)).ok()?,
        (total.rem_euclid(12) + 1) as u32,
    ))
}

fn relative(rel: Relative, pubd: NaiveDate, text: &str) -> Option<DateInfo> {
    Some(match rel {
        Relative::Night => info(pubd - Duration::days(1), pubd, Precision::Day, text),
        Relative::Day(n) => {
            let d = pubd + Duration::days(n);
            info(d, d, Precision::Day, text)
        }
        Relative::Week(n) => {
            let monday = pubd - Duration::days(pubd.weekday().num_days_from_monday() as i64)
                + Duration::weeks(n);
            let end = if n == 0 {
                pubd
            } else {
                monday + Duration::days(6)
            };
            info(monday, end, Precision::Day, text)
        }
        Relative::Weekend(n) => {
            // The latest Saturday on or before publication (a report on a Sunday or Monday
            // tells of the weekend just gone), then N weeks on.
            let back = (pubd.weekday().num_days_from_monday() as i64 + 2) % 7;
            let saturday = pubd - Duration::days(back) + Duration::weeks(n);
            let sunday = saturday + Duration::days(1);
            info(
                saturday,
                sunday.min(pubd.max(saturday)),
                Precision::Day,
                text,
            )
        }
        Relative::Month(n) => {
            let (y, m) = add_months(pubd, n)?;
            let (s, e) = month_range(y, m)?;
            info(s, e, Precision::Month, text)
        }
        Relative::MonthToDate => {
            let (s, _) = month_range(pubd.year(), pubd.month())?;
            info(s, pubd, Precision::Month, text)
        }
        Relative::Year(n) => {
            let y = pubd.year() + i32::try_from(n).ok()?;
            info(
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
                Precision::Year,
                text,
            )
        }
    })
}

fn weekday(wd: u32, pubd: NaiveDate, future: bool, text: &str) -> DateInfo {
    let cur = pubd.weekday().num_days_from_monday();
    let d = if future {
        let mut ahead = (wd + 7 - cur) % 7;
        if ahead == 0 {
            ahead = 7;
        }
        pubd + Duration::days(ahead as i64)
    } else {
        pubd - Duration::days(((cur + 7 - wd) % 7) as i64)
    };
    info(d, d, Precision::Day, text)
}

use crate::clause::lower;

fn number(t: &Token) -> Option<i64> {
    let s = t.norm.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn small_number(word: &str) -> Option<i64> {
    let n = match word {
        "one" | "a" | "an" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => return None,
    };
    Some(n)
}

/// Finds every date phrase in `tokens` (one sentence) and resolves it against `published`.
///
/// A publication date outside the years 1000-9999 is treated as unknown: every resolution
/// below moves a few thousand years at most from it, which then can never overflow chrono's
/// calendar (found by the `dates` fuzz target: "Tuesday" against `NaiveDate::MAX` panicked).
pub fn find(tokens: &[Token], published: Option<NaiveDate>, rules: &Rules) -> Vec<DateExpr> {
    let published = published.filter(|p| (1000..=9999).contains(&p.year()));
    let words: Vec<Cow<str>> = tokens.iter().map(lower).collect();
    let mut out = Vec::new();
    let mut key = String::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some((len, mut e)) = match_at(tokens, &words, &mut key, i, published, rules) {
            // "the March 23 Movement", "the April 6 Youth Movement": a date opening a
            // capitalised name names the thing, it dates nothing.
            let name_head = tokens[i + len..]
                .iter()
                .zip(&words[i + len..])
                .take(2)
                .take_while(|(t, _)| t.norm.starts_with(|c: char| c.is_uppercase()))
                .any(|(_, w)| rules.date_name_heads.contains(w.as_ref()));
            if name_head {
                i += len.max(1);
                continue;
            }
            if future_cue(&words, i) {
                e.past = e.future.clone();
            }
            // "last year's demonstrations", "Sunday's attack": a date in the possessive dates
            // the noun after it, not the clause around it.
            if words
                .get(i + len)
                .is_some_and(|w| w == "'s" || w == "\u{2019}s")
            {
                e.possessive = true;
            }
            out.push(e);
            i += len.max(1);
        } else {
            i += 1;
        }
    }
    out
}

/// Whether the phrase at token `i` follows a future auxiliary in its own clause ("will vote
/// on Friday", "talks shall resume in June"): then it points forward whatever tense the
/// event's coding gave its clause (a noun trigger such as "talks" in "will hold talks on
/// Friday" carries none). Looks back a few words, not past punctuation.
fn future_cue(words: &[Cow<str>], i: usize) -> bool {
    words[i.saturating_sub(8)..i]
        .iter()
        .rev()
        .take_while(|w| {
            !matches!(
                w.as_ref(),
                "," | ";" | ":" | "." | "!" | "?" | "\"" | "“" | "”" | "(" | ")"
            )
        })
        .any(|w| matches!(w.as_ref(), "will" | "shall" | "'ll" | "’ll" | "wo"))
}

fn text_of(tokens: &[Token], a: usize, b: usize) -> String {
    let mut s = String::new();
    for (k, t) in tokens[a..b].iter().enumerate() {
        if k > 0 && t.space_before {
            s.push(' ');
        }
        s.push_str(&t.norm);
    }
    s
}

fn match_at(
    tokens: &[Token],
    words: &[Cow<str>],
    key: &mut String,
    i: usize,
    published: Option<NaiveDate>,
    rules: &Rules,
) -> Option<(usize, DateExpr)> {
    let w: &str = &words[i];
    let mk = |len: usize, past: DateInfo, future: DateInfo, possessive: bool| {
        (
            len,
            DateExpr {
                tok_start: i,
                tok_end: i + len,
                past,
                future,
                possessive,
            },
        )
    };
    // Relative phrases, longest first.
    for n in (1..=rules.max_relative_tokens.min(words.len() - i)).rev() {
        // One buffer for every phrase tried, not a joined string per token and length.
        key.clear();
        for (j, w) in words[i..i + n].iter().enumerate() {
            if j > 0 {
                key.push(' ');
            }
            key.push_str(w);
        }
        if let Some(rel) = rules.relative.get(key.as_str()) {
            // "overnight Friday", "overnight on Friday": the night after that day.
            if matches!(rel, crate::rules::Relative::Night) {
                let into = key.ends_with(" into") || words.get(i + n).is_some_and(|w| w == "into");
                let mut j = i + n;
                if words.get(j).is_some_and(|w| w == "on" || w == "into") {
                    j += 1;
                }
                if words
                    .get(j)
                    .is_some_and(|w| rules.weekdays.contains_key(w.trim_end_matches('.')))
                    && let Some((len, day)) = match_at(tokens, words, key, j, published, rules)
                    && let Some(d) = day.past.start
                {
                    let (s, e) = if into {
                        (d - Duration::days(1), d)
                    } else {
                        (d, d + Duration::days(1))
                    };
                    let text = text_of(tokens, i, j + len);
                    let di = info(s, e, Precision::Day, &text);
                    return Some(mk(j + len - i, di.clone(), di, false));
                }
            }
            let text = text_of(tokens, i, i + n);
            let d = match published {
                Some(p) => relative(*rel, p, &text).unwrap_or_else(|| unknown(&text)),
                None => unknown(&text),
            };
            return Some(mk(n, d.clone(), d, false));
        }
    }
    // ISO date (only a token with a dash and a digit can be one: the parse is costly and
    // this runs for every token).
    let norm = &tokens[i].norm;
    if norm.contains('-')
        && norm.bytes().any(|b| b.is_ascii_digit())
        && let Ok(d) = NaiveDate::parse_from_str(norm, "%Y-%m-%d")
    {
        let di = info(d, d, Precision::Day, &tokens[i].norm);
        return Some(mk(1, di.clone(), di, false));
    }
    // "N days/weeks/months/years ago"
    if i + 2 < words.len() && words[i + 2] == "ago" {
        // Bounded, so that "99999999999 years ago" cannot overflow the date arithmetic.
        let n = number(&tokens[i])
            .or_else(|| small_number(w))
            .filter(|n| (0..=5_000).contains(n));
        if let (Some(n), Some(p)) = (n, published) {
            let unit = words[i + 1].trim_end_matches('s');
            let text = text_of(tokens, i, i + 3);
            let d = match unit {
                "day" => {
                    let d = p - Duration::days(n);
                    Some(info(d, d, Precision::Day, &text))
                }
                "week" => {
                    let d = p - Duration::weeks(n);
                    Some(info(
                        d - Duration::days(3),
                        d + Duration::days(3),
                        Precision::Day,
                        &text,
                    ))
                }
                "month" => add_months(p, -n)
                    .and_then(|(y, m)| month_range(y, m))
                    .map(|(s, e)| info(s, e, Precision::Month, &text)),
                "year" => {
                    let y = p.year() - i32::try_from(n).ok()?;
                    // "a year ago in November": that month of that year.
                    let month = (words.get(i + 3).is_some_and(|w| w == "in"))
                        .then(|| words.get(i + 4))
                        .flatten()
                        .and_then(|w| rules.months.get(w.trim_end_matches('.')))
                        .copied()
                        .filter(|_| tokens.get(i + 4).is_some_and(|t| t.is_capitalised()));
                    if let Some(m) = month
                        && let Some((s, e)) = month_range(y, m)
                    {
                        let text = text_of(tokens, i, i + 5);
                        let d = info(s, e, Precision::Month, &text);
                        return Some(mk(5, d.clone(), d, false));
                    }
                    Some(info(
                        NaiveDate::from_ymd_opt(y, 1, 1)?,
                        NaiveDate::from_ymd_opt(y, 12, 31)?,
                        Precision::Year,
                        &text,
                    ))
                }
                _ => None,
            };
            if let Some(d) = d {
                return Some(mk(3, d.clone(), d, false));
            }
        }
    }
    // Weekdays: "(last|next|this) Tuesday", "Tuesday's".
    let (lead, wi) = match w {
        "last" | "next" | "this" | "on" if i + 1 < words.len() => (Some(w), i + 1),
        _ => (None, i),
    };
    if let Some(&wd) = rules.weekdays.get(words[wi].trim_end_matches('.')) {
        // Abbreviations only when capitalised ("Tue."), to avoid "sat", "wed" as words.
        let full = words[wi].len() > 4 || tokens[wi].is_capitalised();
        if full && tokens[wi].is_capitalised() {
            let mut len = wi + 1 - i;
            let possessive = words.get(wi + 1).is_some_and(|s| s == "'s");
            if possessive {
                len += 1;
            }
            // "on" is only a lead-in; keep it out of the phrase text.
            let tstart = if lead == Some("on") { i + 1 } else { i };
            let text = text_of(tokens, tstart, wi + 1);
            let (past, future) = match published {
                Some(p) => {
                    let past = weekday(wd, p, false, &text);
                    let future = weekday(wd, p, true, &text);
                    match lead {
                        Some("last") => {
                            let d = weekday(wd, p - Duration::days(1), false, &text);
                            (d.clone(), d)
                        }
                        Some("next") => (future.clone(), future),
                        _ => (past, future),
                    }
                }
                None => (unknown(&text), unknown(&text)),
            };
            return Some(mk(len, past, future, possessive));
        }
    }
    // Months: "(early|mid|late) Month (Day)? (, Year)?", "Day Month (Year)?", "in Month".
    let mut j = i;
    let mut part: Option<&str> = None;
    if matches!(w, "early" | "mid" | "late" | "mid-") && i + 1 < words.len() {
        part = Some(w);
        j = i + 1;
        if words[j] == "-" && j + 1 < words.len() {
            j += 1;
        }
    }
    let month_of = |k: usize| -> Option<u32> {
        let key = words.get(k)?.trim_end_matches('.');
        let m = *rules.months.get(key)?;
        // "may" and "march" are also words: require a capital. "May" also starts questions
        // and wishes and is a surname ("Theresa May"): the month only next to a day number or
        // year, or after a word that leads a date ("in May", "last May", "early May").
        let numeric = |x: Option<&Cow<str>>| {
            x.is_some_and(|w| {
                !w.is_empty() && w.trim_end_matches(',').chars().all(|c| c.is_ascii_digit())
            })
        };
        let may_month = || {
            numeric(words.get(k + 1))
                || (k > 0 && numeric(words.get(k - 1)))
                || (k > 0
                    && matches!(
                        words[k - 1].as_ref(),
                        "in" | "on"
                            | "last"
                            | "next"
                            | "this"
                            | "early"
                            | "mid"
                            | "late"
                            | "since"
                            | "until"
                            | "till"
                            | "by"
                            | "from"
                            | "of"
                            | "through"
                            | "between"
                            | "and"
                            | "to"
                            | "during"
                            | "before"
                            | "after"
                            | "end"
                            | "mid-"
                    ))
        };
        if tokens[k].is_capitalised()
            && (key.len() > 3 || words[k].ends_with('.') || m != 5 || may_month())
        {
            Some(m)
        } else {
            None
        }
    };
    let mid_word = w.strip_prefix("mid-");
    let (month, mstart) = if let Some(rest) = mid_word {
        (
            rules
                .months
                .get(rest)
                .copied()
                .filter(|_| tokens[i].norm.len() > 4),
            i,
        )
    } else {
        (month_of(j), j)
    };
    if let Some(m) = month {
        if mid_word.is_some() {
            part = Some("mid");
        }
        let mut end = mstart + 1;
        let mut day = None;
        let mut year = None;
        if let Some(d) = tokens
            .get(end)
            .and_then(number)
            .filter(|d| (1..=31).contains(d))
        {
            day = Some(d as u32);
            end += 1;
        }
        if words.get(end).is_some_and(|s| s == ",") {
            if let Some(y) = tokens
                .get(end + 1)
                .and_then(number)
                .filter(|y| (1900..=2100).contains(y))
            {
                year = Some(y as i32);
                end += 2;
            }
        } else if let Some(y) = tokens
            .get(end)
            .and_then(number)
            .filter(|y| (1900..=2100).contains(y))
        {
            year = Some(y as i32);
            end += 1;
        }
        // "5 January": a day number right before the month.
        let mut start = i;
        if day.is_none()
            && i > 0
            && let Some(d) = number(&tokens[i - 1]).filter(|d| (1..=31).contains(d))
        {
            day = Some(d as u32);
            start = i - 1;
        }
        let text = text_of(tokens, start, end);
        // "last November", said in November, is the one a year before.
        let last = start > 0 && words.get(start - 1).is_some_and(|w| w == "last");
        let resolve = |future: bool| -> DateInfo {
            let y = match (year, published) {
                (Some(y), _) => y,
                (None, Some(p)) => {
                    if last && m >= p.month() {
                        p.year() - 1
                    } else if future && m < p.month() {
                        p.year() + 1
                    } else if !future && m > p.month() {
                        p.year() - 1
                    } else {
                        p.year()
                    }
                }
                (None, None) => return unknown(&text),
            };
            match day {
                Some(d) => match NaiveDate::from_ymd_opt(y, m, d) {
                    Some(dd) => info(dd, dd, Precision::Day, &text),
                    None => unknown(&text),
                },
                None => match month_range(y, m) {
                    Some((s, e)) => {
                        let (s, e) = match part {
                            Some("early") => (s, s + Duration::days(10)),
                            Some("mid") | Some("mid-") => {
                                (s + Duration::days(9), s + Duration::days(20))
                            }
                            Some("late") => (s + Duration::days(19), e),
                            _ => (s, e),
                        };
                        info(s, e, Precision::Month, &text)
                    }
                    None => unknown(&text),
                },
            }
        };
        return Some((
            end - i,
            DateExpr {
                tok_start: start,
                tok_end: end,
                past: resolve(false),
                future: resolve(true),
                possessive: false,
            },
        ));
    }
    // "in 1961": a bare year after "in"/"since".
    if matches!(w, "in" | "since")
        && let Some(y) = tokens
            .get(i + 1)
            .and_then(number)
            .filter(|y| (1900..=2100).contains(y))
    {
        let y = y as i32;
        let text = text_of(tokens, i + 1, i + 2);
        let d = info(
            NaiveDate::from_ymd_opt(y, 1, 1)?,
            NaiveDate::from_ymd_opt(y, 12, 31)?,
            Precision::Year,
            &text,
        );
        return Some(mk(2, d.clone(), d, false));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::{Tag, TokenKind};

    fn toks(s: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut pos = 0;
        for w in s.split(' ') {
            let (w, poss) = match w.strip_suffix("'s") {
                Some(x) => (x, true),
                None => (w, false),
            };
            out.push(Token {
                start: pos,
                end: pos + w.len(),
                kind: TokenKind::Word,
                norm: w.to_string(),
                lemma: w.to_lowercase(),
                tag: Tag::NN,
                space_before: true,
                lower: None,
            });
            pos += w.len() + 1;
            if poss {
                out.push(Token {
                    start: pos,
                    end: pos + 2,
                    kind: TokenKind::Word,
                    norm: "'s".into(),
                    lemma: "'s".into(),
                    tag: Tag::POS,
                    space_before: false,
                    lower: None,
                });
            }
        }
        out
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn one(s: &str, pubd: &str, future: bool) -> (Option<NaiveDate>, Option<NaiveDate>, Precision) {
        let rules = Rules::builtin().unwrap();
        let found = find(&toks(s), Some(d(pubd)), &rules);
        assert_eq!(found.len(), 1, "{s}: {found:?}");
        let r = found[0].resolve(future);
        (r.start, r.end, r.precision)
    }

    #[test]
    fn the_weekend_is_the_latest_saturday_and_sunday() {
        // 2030-06-10 is a Monday, 2030-06-15 a Saturday.
        let sat_sun = (Some(d("2030-06-08")), Some(d("2030-06-09")), Precision::Day);
        assert_eq!(
            one("tariffs were ordered over the weekend", "2030-06-10", false),
            sat_sun
        );
        assert_eq!(
            one("they clashed last weekend", "2030-06-12", false),
            sat_sun
        );
        // Published on the Saturday itself: that day only so far.
        assert_eq!(
            one("protests over the weekend", "2030-06-15", false).0,
            Some(d("2030-06-15"))
        );
    }

    #[test]
    fn last_month_name_is_the_one_before_this_month() {
        assert_eq!(
            one("they met last November", "2021-11-17", false).0,
            Some(d("2020-11-01"))
        );
        assert_eq!(
            one("they met last March", "2021-11-17", false).0,
            Some(d("2021-03-01"))
        );
    }

    #[test]
    fn years_ago_in_a_month_is_that_month() {
        assert_eq!(
            one("the war ended a year ago in November", "2021-11-17", false),
            (
                Some(d("2020-11-01")),
                Some(d("2020-11-30")),
                Precision::Month
            )
        );
        assert_eq!(
            one("they ceded land two years ago", "2021-11-17", false).2,
            Precision::Year
        );
    }

    #[test]
    fn weekdays_resolve_by_tense() {
        // 2030-06-12 is a Wednesday.
        assert_eq!(
            one("they met on Monday", "2030-06-12", false).0,
            Some(d("2030-06-10"))
        );
        assert_eq!(
            one("they will meet on Monday", "2030-06-12", true).0,
            Some(d("2030-06-17"))
        );
        assert_eq!(
            one("talks ended Wednesday", "2030-06-12", false).0,
            Some(d("2030-06-12"))
        );
        assert_eq!(
            one("before Saturday's vote", "2030-06-12", false).0,
            Some(d("2030-06-08"))
        );
    }

    #[test]
    fn a_future_auxiliary_points_a_weekday_forward_in_its_clause_only() {
        // 2030-06-12 is a Wednesday; the caller's tense says past in each case.
        assert_eq!(
            one(
                "Kenya will hold talks with Uganda on Friday",
                "2030-06-12",
                false
            )
            .0,
            Some(d("2030-06-14"))
        );
        assert_eq!(
            one("Lawmakers will vote on Monday", "2030-06-12", false).0,
            Some(d("2030-06-17"))
        );
        // A future verb in another clause, or after the date, does not.
        assert_eq!(
            one(
                "They met on Monday , and they will meet again",
                "2030-06-12",
                false
            )
            .0,
            Some(d("2030-06-10"))
        );
        assert_eq!(
            one(
                "He will retire , officials said on Monday",
                "2030-06-12",
                false
            )
            .0,
            Some(d("2030-06-10"))
        );
    }

    #[test]
    fn overnight_with_a_weekday_is_that_night() {
        // 2019-03-03 is a Sunday.
        let fri_sat = (Some(d("2019-03-01")), Some(d("2019-03-02")), Precision::Day);
        assert_eq!(
            one("fighting resumed overnight Friday", "2019-03-03", false),
            fri_sat
        );
        assert_eq!(
            one("shelling overnight into Saturday", "2019-03-03", false),
            fri_sat
        );
        assert_eq!(
            one("strikes overnight on Friday", "2019-03-03", false),
            fri_sat
        );
    }

    #[test]
    fn relative_phrases() {
        assert_eq!(
            one("drones struck overnight", "2030-06-12", false),
            (Some(d("2030-06-11")), Some(d("2030-06-12")), Precision::Day)
        );
        assert_eq!(
            one("the visit last month", "2030-01-20", false),
            (
                Some(d("2029-12-01")),
                Some(d("2029-12-31")),
                Precision::Month
            )
        );
        assert_eq!(
            one("he said earlier this month", "2030-02-18", false),
            (
                Some(d("2030-02-01")),
                Some(d("2030-02-18")),
                Precision::Month
            )
        );
        assert_eq!(
            one("two weeks ago", "2030-02-18", false).0,
            Some(d("2030-02-01"))
        );
    }

    #[test]
    fn month_phrases() {
        assert_eq!(
            one("On September 29 they met", "2031-10-02", false),
            (Some(d("2031-09-29")), Some(d("2031-09-29")), Precision::Day)
        );
        assert_eq!(
            one("he will visit in June", "2031-10-02", true).0,
            Some(d("2032-06-01"))
        );
        assert_eq!(
            one("on 5 January 2029", "2031-10-02", false).0,
            Some(d("2029-01-05"))
        );
        let (s, e, _) = one("the pullout in mid-August", "2031-06-02", true);
        assert!(s.unwrap() >= d("2031-08-05") && e.unwrap() <= d("2031-08-25"));
        // "may" the modal is not a month; "May" after a word that leads a date is.
        let rules = Rules::builtin().unwrap();
        assert!(find(&toks("it may rain"), Some(d("2031-06-02")), &rules).is_empty());
        assert!(find(&toks("Theresa May said"), Some(d("2031-06-02")), &rules).is_empty());
        // A date opening a capitalised name names the thing ("the March 23 Movement").
        assert!(
            find(
                &toks("backing the March 23 Movement rebels"),
                Some(d("2031-06-02")),
                &rules
            )
            .is_empty()
        );
        assert!(
            find(
                &toks("they marched to the 6th of October Bridge"),
                Some(d("2031-06-02")),
                &rules
            )
            .is_empty()
        );
        assert!(
            !find(
                &toks("on March 23 Norland said"),
                Some(d("2031-06-02")),
                &rules
            )
            .is_empty()
        );
        assert_eq!(
            one("the city fell last May", "2031-10-02", false).0,
            Some(d("2031-05-01"))
        );
        assert_eq!(
            one("on 5 May 2029", "2031-10-02", false).0,
            Some(d("2029-05-05"))
        );
    }

    /// Found by the `dates` fuzz target: a weekday against the last date chrono can hold
    /// overflowed; huge counts of years ago too.
    #[test]
    fn extreme_publication_dates_and_counts_do_not_overflow() {
        let rules = Rules::builtin().unwrap();
        for pubd in [NaiveDate::MAX, NaiveDate::MIN] {
            for text in [
                "Tuesday , 2030-06-12",
                "next Monday",
                "last week",
                "5 years ago",
            ] {
                for d in find(&toks(text), Some(pubd), &rules) {
                    let _ = d.resolve(true);
                    let _ = d.resolve(false);
                }
            }
        }
        let p = NaiveDate::from_ymd_opt(2030, 6, 12);
        for text in [
            "99999999999 years ago",
            "4000 years ago",
            "99999999 days ago",
        ] {
            for d in find(&toks(text), p, &rules) {
                let _ = d.resolve(false);
            }
        }
    }

    #[test]
    fn no_publication_date_gives_unknown_for_relative_but_keeps_absolute() {
        let rules = Rules::builtin().unwrap();
        let f = find(&toks("they met on Tuesday"), None, &rules);
        assert_eq!(f[0].past.precision, Precision::Unknown);
        let f = find(&toks("on March 3 , 1999 they met"), None, &rules);
        assert_eq!(f[0].past.start, Some(d("1999-03-03")));
    }
}
