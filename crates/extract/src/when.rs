//! When an event happened: the date phrase its clause names, read by [`Coder::date_event`].
//!
//! One resolver per attribute (issue 13): a rule writer looking for why an event got its date
//! finds every decision here, apart from the phrase finder in [`crate::dates`].

use crate::clause::SentenceView;
use crate::dates::DateExpr;
use crate::events::{Candidate, Coder, DocState};
use sitrep_model::{Aux, DateInfo, EventType, Precision};

impl Coder<'_> {
    /// Sets the candidate's date: the nearest date phrase of its clause, else one before the
    /// clause (the sentence's setting), else the report's lead-event day for deeds, else the
    /// publication day for what is not future or conditional.
    pub(crate) fn date_event(
        &self,
        sv: &SentenceView,
        c: &mut Candidate,
        dates: &[DateExpr],
        st: &DocState,
    ) {
        let (cs, ce) = c.clause;
        // "a stream of missile and drone attacks, one of which killed 14 people on Saturday":
        // the instance a relative clause picks out of a plural event noun is what the report
        // tells, on that clause's day.
        let ce = {
            let of_which = (ce.saturating_sub(4).max(c.trigger_tok + 1)..(ce + 4).min(sv.end))
                .find(|&i| {
                    sv.word(i) == "of"
                        && sv.word(i + 1) == "which"
                        && i > 0
                        && matches!(
                            sv.word(i - 1).as_ref(),
                            "one" | "latest" | "last" | "deadliest" | "recent"
                        )
                        // (the trigger itself is the noun the relative clause follows)
                        && (c.trigger_tok + 1..i - 1).all(|x| sv.word(x) == ",")
                });
            match of_which {
                Some(i) if sv.tokens[c.trigger_tok].tag.is_noun() && i + 2 < sv.end => {
                    sv.clause_end(i + 3).max(ce)
                }
                _ => ce,
            }
        };
        // Date: the nearest phrase in the clause, else in the sentence.
        let future = c.aux == Some(Aux::Future);
        // Dates after the event's clause belong to other clauses; a date before it is the
        // sentence's setting ("On Tuesday, …", "X said on Monday that …").
        // "Seven troops were killed in clashes …, officials said on Wednesday": the day of a
        // reporting verb after a deed is when it was told, not when it happened.
        let telling = |d: &DateExpr| {
            let mut b = d.tok_start;
            if b > sv.start && sv.word(b - 1) == "on" {
                b -= 1;
            }
            crate::merge::material(c.event_type)
                && b > sv.start
                && b - 1 > c.trigger_tok
                && sv.tokens[b - 1].tag.is_verb()
                && self.rules.claim_verbs.contains(&sv.tokens[b - 1].lemma)
        };
        // "at about 3:00 am (2230 GMT Sunday)": the day of a time converted to GMT is not
        // the local day the event happened on.
        let converted = |d: &DateExpr| {
            d.tok_start > sv.start && matches!(sv.word(d.tok_start - 1).as_ref(), "gmt" | "utc")
        };
        // "freed four soldiers captured last year": a date in a clause below the trigger's,
        // of another verb (a participle or relative clause on its object, however the parser
        // hangs it), dates what that clause tells; noted, so that it never makes the
        // trigger's event background.
        let of_modifier = |d: &DateExpr| {
            sv.parse.is_some_and(|p| {
                // (A bare participle the parser hung on the verb as `advcl`, with no subject
                // or marker of its own, is such a modifier too.)
                let modifier = |v: usize| {
                    matches!(p.rel(v), "acl" | "acl:relcl")
                        || (p.rel(v) == "advcl"
                            && matches!(p.xpos(v), "VBN" | "VBD")
                            && p.child(v, "nsubj").is_none()
                            && p.child(v, "mark").is_none())
                };
                let mut cur = d.tok_start;
                for _ in 0..16 {
                    if cur == c.trigger_tok {
                        return false;
                    }
                    if modifier(cur) {
                        return true;
                    }
                    match p.head(cur) {
                        Some(h) => cur = h,
                        None => return false,
                    }
                }
                false
            })
        };
        let noun_trigger = sv.tokens[c.trigger_tok].tag.is_noun();
        let under_trigger = |d: &DateExpr| {
            sv.parse
                .is_some_and(|p| p.within(d.tok_start, c.trigger_tok, 8))
        };
        // "said on Monday it would recall its ambassador": the day of a past reporting verb
        // is in the past whatever the event's tense.
        let said_on = |d: &DateExpr| {
            let mut b = d.tok_start;
            if b > sv.start && sv.word(b - 1) == "on" {
                b -= 1;
            }
            b > sv.start
                && matches!(
                    sv.tokens[b - 1].tag,
                    sitrep_model::Tag::VBD | sitrep_model::Tag::VBN
                )
                && self.rules.claim_verbs.contains(&sv.tokens[b - 1].lemma)
        };
        // "France rejected the accusation and recalled its attaché, the ministry said on
        // Saturday": a statement told with no day of its own was made the day its telling
        // gives (a deed told so keeps the range below).
        let told_statement = || {
            (!crate::merge::material(c.event_type) && c.aux.is_none())
                .then(|| {
                    dates
                        .iter()
                        .find(|d| !d.possessive && d.tok_start >= ce && said_on(d))
                })
                .flatten()
        };
        let pick = dates
            .iter()
            .filter(|d| !d.possessive && d.tok_start < ce && !telling(d) && !converted(d))
            .min_by_key(|d| {
                let inside = d.tok_start >= cs && d.tok_end <= ce;
                // ("protest against an attack … that killed seven soldiers on Sunday": an
                // event noun is dated first by a date its own phrase holds)
                let own = noun_trigger && under_trigger(d);
                (!inside, !own, d.tok_start.abs_diff(c.trigger_tok))
            })
            .or_else(|| {
                dates
                    .iter()
                    .find(|d| d.tok_start < ce && !telling(d) && !converted(d))
            })
            .or_else(told_statement);
        // A deed dated only by its telling ("…, officials said on Tuesday") happened on that
        // day or the day before: the range, unless the lead event's day falls inside it.
        let told = dates
            .iter()
            .find(|d| telling(d) && !d.possessive)
            .map(|d| d.resolve(false))
            .filter(|_| c.aux.is_none())
            .and_then(|d| {
                let end = d.end.or(d.start)?;
                let start = end.pred_opt()?;
                (d.precision == Precision::Day).then_some((start, end))
            });
        // "warned that Pristina would reimpose the measures … the deal would take effect next
        // week": a statement made now (no future of its own) is not dated by a day still to
        // come that another clause of the sentence names.
        let pick = pick.filter(|d| {
            let made_now = !crate::merge::material(c.event_type) && c.aux.is_none();
            let to_come = d
                .resolve(false)
                .start
                .zip(self.published)
                .is_some_and(|(s, p)| s > p);
            !(made_now && to_come)
        });
        c.date_of_modifier = pick.is_some_and(of_modifier);
        c.date = match pick {
            Some(d) => Some(d.resolve(future && !said_on(d))),
            None if let Some((start, end)) = told => Some(match &st.lead_date {
                Some(l) if l.start.is_some_and(|x| x >= start && x <= end) => l.clone(),
                _ => DateInfo {
                    start: Some(start),
                    end: Some(end),
                    precision: Precision::Day,
                    text: None,
                },
            }),
            // Only deeds take the lead event's day: an undated statement is the report's own
            // news, of the publication day, and must stay mergeable with its dated telling.
            // (A meeting told by its verb is a deed too: "Wang met Sharif" during a visit told
            // with its day; "as the diplomacy unfolds" is not.)
            None if c.aux.is_none()
                && st.lead_date.is_some()
                && (crate::merge::material(c.event_type)
                    || (c.event_type == EventType::Consult && c.rule.starts_with("verb:"))) =>
            {
                st.lead_date.clone()
            }
            None => self.published.filter(|_| c.aux.is_none()).map(one_day),
        };
        // "suspended the talks on Sunday after the rebels kidnapped two soldiers": a deed told
        // in an "after" clause happened before the day its main clause gives, most often a
        // day or two before: the range of those days.
        // (Read off the words: the parser often makes "after the rebels" a phrase of the main
        // verb and the deed its conjunct.)
        let k = c.trigger_tok;
        // (Or read off the parse: the "after" marks the trigger or a word at most three steps
        // above it, "after a protester was shot dead during clashes at a rally".)
        let marked_after = |a: usize| {
            sv.parse.is_some_and(|p| {
                std::iter::successors(Some(k), |&h| p.head(h))
                    .take(4)
                    .any(|h| p.head(a) == Some(h) && matches!(p.rel(a), "mark" | "case"))
            })
        };
        let after_clause = |d: &DateExpr| {
            d.tok_end <= k
                && (d.tok_end..k).any(|a| {
                    sv.word(a) == "after"
                        && (a + 1..k).all(|i| sv.word(i) != ",")
                        && ({
                            // (auxiliaries aside; an event noun may follow its clause's verb:
                            // "after a protester was shot dead during clashes at a rally")
                            let verbs = (a + 1..k)
                                .filter(|&i| {
                                    sv.tokens[i].tag.is_verb()
                                        && !matches!(sv.tokens[i].lemma.as_str(), "be" | "have")
                                })
                                .count();
                            if sv.tokens[k].tag.is_verb() {
                                verbs == 0
                            } else {
                                verbs <= 1
                            }
                        } || marked_after(a))
                })
        };
        if pick.is_some_and(after_clause)
            && let Some(d) = c.date.as_mut()
            && d.precision == Precision::Day
            && let Some(start) = d.start
        {
            d.start = start.checked_sub_days(chrono::Days::new(2)).or(Some(start));
        }
        // "Wednesday's attack came one day after the US and UK launched airstrikes": an event
        // told after "N days after" happened N days before the day the sentence gives (its
        // date phrase before the words, possessive ones too, else the report's lead day);
        // after "N days before", N days later.
        if pick.is_none_or(|d| d.tok_start < c.clause.0)
            && let Some((at, days, after)) = days_apart(sv, c.trigger_tok)
            && let Some(base) = dates
                .iter()
                .rev()
                .find(|d| d.tok_end <= at)
                .map(|d| d.resolve(false))
                .or_else(|| st.lead_date.clone())
                // ("The announcement came a day after …": the report's own news, of the
                // publication day, where no deed dates the report.)
                .or_else(|| self.published.map(one_day))
            && base.precision == Precision::Day
            && let Some(day) = base.start
        {
            let shifted = if after {
                day.checked_sub_days(chrono::Days::new(days))
            } else {
                day.checked_add_days(chrono::Days::new(days))
            };
            if let Some(d) = shifted {
                c.date = Some(one_day(d));
            }
        }
    }
}

/// One day the text does not state in words (the publication day, or a day counted from
/// another): no date phrase to cite.
fn one_day(d: chrono::NaiveDate) -> DateInfo {
    DateInfo {
        start: Some(d),
        end: Some(d),
        precision: Precision::Day,
        text: None,
    }
}

/// "one day after", "two days before", "a week after" shortly before the trigger at `k`: the
/// token where the phrase starts, the days it counts, and whether it says "after".
fn days_apart(sv: &SentenceView, k: usize) -> Option<(usize, u64, bool)> {
    let from = k.saturating_sub(12).max(sv.start);
    (from..k.saturating_sub(2)).rev().find_map(|j| {
        let n: u64 = match sv.word(j).as_ref() {
            "a" | "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            w => w.parse().ok().filter(|&n: &u64| (1..=60).contains(&n))?,
        };
        let unit = match sv.word(j + 1).as_ref() {
            "day" | "days" => 1,
            "week" | "weeks" => 7,
            _ => return None,
        };
        let after = match sv.word(j + 2).as_ref() {
            "after" => true,
            "before" => false,
            _ => return None,
        };
        Some((j, n * unit, after))
    })
}
