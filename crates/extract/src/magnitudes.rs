//! Counts: "at least 91 drones", "killing 14 people", "a mother and her two children".
//!
//! A count is a number phrase (qualifier, number, counted noun) plus the verb or noun in its clause
//! that says what happened to the counted things. Both vocabularies are data
//! (`data/rules/magnitude.toml`).

use crate::clause::{AsStr, lower};
use crate::rules::Rules;
use sitrep_model::{Magnitude, Tag, Token, TokenKind};

/// A count found in a sentence, with the token where its number stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub tok: usize,
    pub magnitude: Magnitude,
}

/// Value of a number token: digits with separators, or a number word.
fn value(t: &Token, rules: &Rules) -> Option<u64> {
    if t.kind == TokenKind::Number {
        let digits: String = t.norm.chars().filter(|c| *c != ',').collect();
        if let Ok(v) = digits.parse::<u64>() {
            return Some(v);
        }
        return digits.parse::<f64>().ok().map(|f| f as u64);
    }
    rules.numbers.get(lower(t).as_str()).copied()
}

fn unit_of(t: &Token, rules: &Rules) -> Option<String> {
    rules
        .units
        .get(&t.lemma)
        .or_else(|| rules.units.get(lower(t).as_str()))
        .cloned()
        .or_else(|| demonym_plural(t).then(|| "person".to_string()))
}

/// "11 Palestinians", "4 Iraqis", "21 Zimbabweans": a capitalised plural shaped like a
/// nationality counts people, whichever country it names.
fn demonym_plural(t: &Token) -> bool {
    let w = t.norm.as_str();
    matches!(t.tag, Tag::NNP | Tag::NNS)
        && t.is_capitalised()
        && w.len() > 4
        && w.chars().all(|c| c.is_alphabetic())
        && (w.ends_with("ans") || w.ends_with("is"))
}

/// "a Palestinian", "an Israeli", "a Sudanese": a capitalised singular shaped like a
/// nationality (only read right after an article, where it names one person).
fn demonym_singular(t: &Token) -> bool {
    let w = t.norm.as_str();
    matches!(t.tag, Tag::NNP | Tag::JJ | Tag::NN)
        && t.is_capitalised()
        && w.len() > 4
        && w.chars().all(|c| c.is_alphabetic())
        && (w.ends_with("an") || w.ends_with('i') || w.ends_with("ese"))
}

fn measure_of(t: &Token, rules: &Rules) -> Option<String> {
    rules
        .measures
        .get(&t.lemma)
        .or_else(|| rules.measures.get(lower(t).as_str()))
        .cloned()
}

/// Measures only people suffer: a bare number next to one of them counts people.
const PERSON_MEASURES: &[&str] = &["killed", "injured", "arrested", "displaced", "evacuated"];

/// Whether the number at `i..j`, followed by no counted noun, counts people: a casualty
/// predicate follows it ("10 more were wounded", "three others died") or a casualty verb
/// takes it as its object ("wounding 30", "killed 12").
fn elliptic_people(tokens: &[Token], i: usize, j: usize, rules: &Rules) -> bool {
    let person_measure =
        |t: &Token| measure_of(t, rules).is_some_and(|m| PERSON_MEASURES.contains(&m.as_str()));
    let after = tokens[j.min(tokens.len())..tokens.len().min(j + 5)]
        .iter()
        .find(|t| {
            !(matches!(
                t.lemma.as_str(),
                "be" | "have" | "get" | "more" | "other" | "others"
            ) || matches!(lower(t).as_str(), "more" | "others" | "other")
                || t.tag == Tag::RB)
        })
        .is_some_and(|t| {
            // (the word lists may tag "dead" and "wounded" as nouns: "at least four dead")
            (matches!(t.tag, Tag::VBN | Tag::VBD | Tag::JJ)
                || matches!(lower(t).as_str(), "dead" | "wounded" | "injured"))
                && person_measure(t)
        });
    let before = i > 0
        && tokens[..i]
            .iter()
            .rev()
            .find(|t| {
                !(rules
                    .qualifiers
                    .iter()
                    .any(|(w, _)| w.iter().any(|x| lower(t) == *x)))
            })
            .is_some_and(|t| t.tag != Tag::IN && person_measure(t))
        && tokens
            .get(j)
            .is_none_or(|t| t.kind != TokenKind::Word || !t.tag.is_noun());
    after || before
}

fn clause_break(t: &Token) -> bool {
    matches!(t.norm.as_str(), ";" | ":" | "(" | ")")
}

/// "The children's father was critically wounded", "the driver was killed": one person, a
/// definite singular subject of a casualty predicate (a determiner or possessive before the
/// noun, "was" and adverbs between it and the participle).
fn definite_subjects(tokens: &[Token], rules: &Rules, out: &mut Vec<Count>) {
    for i in 1..tokens.len() {
        let t = &tokens[i];
        if t.tag != Tag::NN || unit_of(t, rules).as_deref() != Some("person") {
            continue;
        }
        let prev = &tokens[i - 1];
        let determined = matches!(lower(prev).as_ref(), "the" | "'s" | "’s")
            || prev.tag == Tag::PRPS
            || prev.tag == Tag::POS;
        if !determined || lower(tokens.get(i + 1).unwrap_or(t)) != "was" {
            continue;
        }
        let Some(p) = (i + 2..tokens.len().min(i + 5)).find(|&x| tokens[x].tag != Tag::RB) else {
            continue;
        };
        let pred = &tokens[p];
        let measure = (matches!(pred.tag, Tag::VBN | Tag::JJ | Tag::VBD)
            || matches!(lower(pred).as_ref(), "dead" | "wounded" | "injured"))
        .then(|| measure_of(pred, rules))
        .flatten()
        .filter(|m| matches!(m.as_str(), "killed" | "injured"));
        if let Some(measure) = measure
            && !out.iter().any(|c| c.tok == i)
        {
            out.push(Count {
                tok: i,
                magnitude: Magnitude {
                    measure,
                    count: Some(1),
                    qualifier: "exact".to_string(),
                    unit: "person".to_string(),
                    claimed_by: None,
                },
            });
        }
    }
}

/// Finds the counts in one sentence.
pub fn find(tokens: &[Token], rules: &Rules) -> Vec<Count> {
    let mut out: Vec<Count> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // "most of which were destroyed": a proportion of the last projectile count.
        if lower(&tokens[i]) == "most"
            && tokens.get(i + 1).is_some_and(|t| t.lemma == "of")
            && tokens
                .get(i + 2)
                .is_some_and(|t| matches!(t.lemma.as_str(), "which" | "them" | "these" | "those"))
        {
            let unit = out
                .iter()
                .rev()
                .find(|c| rules.projectiles.contains(&c.magnitude.unit))
                .map(|c| c.magnitude.unit.clone());
            if let Some(unit) = unit {
                let measure = tokens[i + 3..tokens.len().min(i + 9)]
                    .iter()
                    .find_map(|t| measure_of(t, rules))
                    .map(|m| projectile_measure(&m, true));
                if let Some(measure) = measure {
                    out.push(Count {
                        tok: i,
                        magnitude: Magnitude {
                            measure,
                            count: None,
                            qualifier: "most".into(),
                            unit,
                            claimed_by: None,
                        },
                    });
                }
            }
            i += 3;
            continue;
        }
        // "dozens of flights": a count with no figure.
        if rules.vague.contains(lower(&tokens[i]).as_str())
            && tokens.get(i + 1).is_some_and(|t| t.lemma == "of")
        {
            let unit = (i + 2..tokens.len().min(i + 5))
                .find_map(|k| unit_of(&tokens[k], rules).map(|u| (u, k)));
            if let Some((unit, uk)) = unit {
                // The measure is the first verb after the count ("hundreds of villagers were
                // sheltering, killing …": the count shelters; what kills counts no one here).
                let after = tokens.iter().skip(uk + 1).take(4).take_while(|t| {
                    lower(t) != ","
                        && !(t.tag.is_verb()
                            && t.lemma != "be"
                            && t.lemma != "have"
                            && measure_of(t, rules).is_none())
                });
                let measure = after
                    .chain(tokens[i.saturating_sub(6)..i].iter().rev())
                    .find_map(|t| measure_of(t, rules));
                if let Some(measure) = measure {
                    out.push(Count {
                        tok: i,
                        magnitude: Magnitude {
                            measure: projectile_measure(
                                &measure,
                                rules.projectiles.contains(&unit),
                            ),
                            count: None,
                            qualifier: "about".into(),
                            unit,
                            claimed_by: None,
                        },
                    });
                }
            }
            i += 2;
            continue;
        }
        // "killed the driver", "shot the village chief dead": a definite person right after a
        // casualty verb is one person, as "a driver" is.
        let definite_victim = lower(&tokens[i]) == "the"
            && i > 0
            && ((tokens[i - 1].tag.is_verb()
                && measure_of(&tokens[i - 1], rules)
                    .is_some_and(|m| PERSON_MEASURES.contains(&m.as_str())))
                || tokens[i + 1..tokens.len().min(i + 4)]
                    .iter()
                    .any(|t| lower(t) == "dead"))
            && tokens
                .get(i + 1)
                .is_some_and(|t| t.tag == Tag::NN || t.tag == Tag::JJ);
        let Some(n) = value(&tokens[i], rules).or(definite_victim.then_some(1)) else {
            i += 1;
            continue;
        };
        // "intercepted 11 of the 15 drones", "48 of which were shot down": a share of
        // projectiles is a count with its own measure, and the whole, where given, is what
        // was launched.
        if let Some((shares, next)) = projectile_share(tokens, i, n, rules, &out) {
            out.extend(shares);
            i = next;
            continue;
        }
        // "one of which", "two of the attacks": a share, not a count of its own.
        // But a share of people is a count of them: "two of its soldiers were killed".
        // (The whole may be counted too: "two of the five passengers".)
        let share_of_people = (i + 2..tokens.len().min(i + 5))
            .find(|&p| !matches!(tokens[p].tag, Tag::DT | Tag::PRPS | Tag::CD))
            .filter(|&p| unit_of(&tokens[p], rules).as_deref() == Some("person"));
        if tokens.get(i + 1).is_some_and(|t| t.lemma == "of")
            && tokens[i].kind == TokenKind::Word
            && share_of_people.is_none()
        {
            i += 1;
            continue;
        }
        // An article counts only as the first member of a list of people ("a mother and ...").
        let is_article = matches!(lower(&tokens[i]).as_str(), "a" | "an") || definite_victim;
        // Multipliers: "3 million", "two hundred".
        let mut j = i + 1;
        let mut n = n;
        while let Some(m) = tokens.get(j).and_then(|t| value(t, rules)) {
            if m >= 100 && tokens[j].kind == TokenKind::Word {
                n = n.saturating_mul(m);
                j += 1;
            } else {
                break;
            }
        }
        // Skip modifiers up to the counted noun: "Four more residential buildings".
        let mut k = j;
        let mut unit = None;
        if let Some(p) = share_of_people.filter(|_| tokens[i + 1].lemma == "of") {
            k = p;
            unit = Some("person".to_string());
        }
        while unit.is_none() && k < tokens.len() && k < j + 4 {
            let t = &tokens[k];
            if let Some(u) = unit_of(t, rules) {
                unit = Some(u);
                break;
            }
            // "killed a Palestinian", "an Israeli was wounded": one person named by a
            // nationality, right after the article.
            if is_article
                && k == j
                && demonym_singular(t)
                && !tokens
                    .get(k + 1)
                    .is_some_and(|n| matches!(n.tag, Tag::NN | Tag::NNS | Tag::NNP))
            {
                unit = Some("person".to_string());
                break;
            }
            // Modifiers include names: "5 Taliban militants", "3 Hamas fighters".
            let skip = matches!(
                t.tag,
                Tag::JJ | Tag::RB | Tag::VBN | Tag::VBG | Tag::NN | Tag::NNP
            ) || matches!(
                lower(t).as_str(),
                // (nouns of service the tagger may read as plurals: "two police officers")
                "more" | "other" | "of" | "-" | "police" | "security" | "army" | "border"
            );
            if !skip || t.kind != TokenKind::Word {
                break;
            }
            k += 1;
        }
        // A number that stands for people by itself: "10 more were wounded", "wounding 30".
        let unit = unit.or_else(|| {
            (!is_article && elliptic_people(tokens, i, j, rules)).then(|| {
                // "10 more", "three others": the count ends after the word that stands for
                // the noun, so that the predicate after it gives the measure.
                k = j.saturating_sub(1);
                while tokens
                    .get(k + 1)
                    .is_some_and(|t| matches!(lower(t).as_str(), "more" | "other" | "others"))
                {
                    k += 1;
                }
                "person".to_string()
            })
        });
        let Some(unit) = unit else {
            i = j;
            continue;
        };
        // Article-led counts only for people ("a mother"), never "a barrage".
        if is_article && unit != "person" {
            i = j;
            continue;
        }
        // Sum a coordinated list of people: "a mother and her two children".
        let mut end = k + 1;
        let mut total = n;
        if unit == "person" {
            while let Some(and) = tokens.get(end) {
                if !matches!(lower(and).as_str(), "and" | ",") {
                    break;
                }
                let mut p = end + 1;
                if tokens.get(p).is_some_and(|t| {
                    matches!(t.tag, Tag::PRPS | Tag::DT) && !matches!(lower(t).as_str(), "a" | "an")
                }) {
                    p += 1;
                }
                let (m, q) = match tokens.get(p).and_then(|t| value(t, rules)) {
                    Some(m) => (m, p + 1),
                    None => (1, p),
                };
                // A member with no number is one person only when it is singular and
                // determined ("and her son"); a bare plural is no member ("7 soldiers,
                // officials said"). After a comma the list must go on ("a man, a woman and a
                // child"), or the comma ends the count and a new clause begins.
                let bare = q == p;
                let det = p > end + 1;
                let member_ok = !bare
                    || (det && tokens.get(q).is_some_and(|t| t.tag == Tag::NN))
                    || tokens
                        .get(p)
                        .is_some_and(|t| matches!(lower(t).as_str(), "a" | "an"));
                let goes_on = lower(and) != ","
                    || tokens
                        .get(q + 1)
                        .is_some_and(|t| matches!(lower(t).as_str(), "and" | ","));
                if !(member_ok && goes_on) {
                    break;
                }
                if tokens.get(q).and_then(|t| unit_of(t, rules)).as_deref() == Some("person") {
                    total = total.saturating_add(m);
                    end = q + 1;
                } else {
                    break;
                }
            }
        } else if is_article {
            i = j;
            continue;
        }
        // Qualifier before the number.
        let qualifier = qualifier_before(tokens, i, rules);
        // The measure: a passive/predicate verb after the noun ("were damaged"), else the nearest
        // verb or event noun before the number ("killing at least three", "evacuation of 38").
        // Only a predicate right after the noun counts: "were damaged", "have been killed".
        // An apposition between the count and its predicate is skipped: "1 civilian, a
        // tribal elder, was killed".
        // So is one between dashes: "five people - four men and one woman - were killed".
        let delim = |t: &Token| matches!(t.norm.as_str(), "," | "-" | "\u{2013}" | "\u{2014}");
        let pred_from = if let Some(open) = tokens.get(end).filter(|t| delim(t)) {
            (end + 1..tokens.len().min(end + 9))
                .take_while(|&x| !tokens[x].tag.is_verb() && !clause_break(&tokens[x]))
                .find(|&x| tokens[x].norm == open.norm)
                .map_or(end, |x| x + 1)
        } else {
            end
        };
        // A place between the count and its predicate is skipped too: "two people in Tel Aviv
        // were wounded".
        let pred_from = if tokens
            .get(pred_from)
            .is_some_and(|t| matches!(lower(t).as_ref(), "in" | "at" | "near" | "from"))
        {
            let mut q = pred_from + 1;
            while q < tokens.len().min(pred_from + 6)
                && (matches!(tokens[q].tag, Tag::NNP | Tag::DT)
                    || (tokens[q].tag == Tag::NN && tokens[q].is_capitalised()))
            {
                q += 1;
            }
            if q > pred_from + 1 { q } else { pred_from }
        } else {
            pred_from
        };
        let after = tokens[pred_from..tokens.len().min(pred_from + 5)]
            .iter()
            .position(|t| !(matches!(t.lemma.as_str(), "be" | "have" | "get") || t.tag == Tag::RB))
            .map(|o| pred_from + o)
            .filter(|&x| {
                matches!(tokens[x].tag, Tag::VBN | Tag::JJ | Tag::VBD)
                    || matches!(lower(&tokens[x]).as_str(), "dead" | "wounded" | "injured")
            })
            .and_then(|x| {
                // "sustained minor injuries", "suffered wounds": the measure is the object's.
                // "chopped to death", "beaten to death": the death is the measure.
                if tokens.get(x + 1).is_some_and(|t| lower(t) == "to")
                    && tokens.get(x + 2).is_some_and(|t| lower(t) == "death")
                {
                    Some("killed".to_string())
                } else if matches!(tokens[x].lemma.as_str(), "sustain" | "suffer" | "receive") {
                    tokens[x + 1..tokens.len().min(x + 4)]
                        .iter()
                        .filter(|t| t.tag.is_noun())
                        .find_map(|t| measure_of(t, rules))
                } else {
                    measure_of(&tokens[x], rules)
                }
            });
        let before = tokens[i.saturating_sub(8)..i]
            .iter()
            .rev()
            .take_while(|t| !clause_break(t))
            .find_map(|t| measure_of(t, rules));
        let is_projectile = rules.projectiles.contains(&unit);
        let told_after = after.is_some();
        let measure = if unit == "day" {
            Some("days".to_string())
        } else {
            after.or(before)
        };
        let measure = match measure {
            Some(m) => Some(projectile_measure(&m, is_projectile)),
            None if is_projectile => Some("launched".to_string()),
            None => None,
        };
        // People are not launched or intercepted: "a drive-by shooting by two armed men"
        // counts no one (the measure of "shoot" is a projectile's).
        let measure = measure
            .filter(|m| !(unit == "person" && matches!(m.as_str(), "launched" | "intercepted")));
        // A lone article-led person is a count only as the object of a casualty verb right
        // before it ("killed a soldier") or the subject of a casualty predicate ("a man was
        // shot dead"), not anywhere else ("a man said", "killing … and a man said").
        if is_article && total == 1 {
            let verb_before =
                i > 0 && tokens[i - 1].tag.is_verb() && measure_of(&tokens[i - 1], rules).is_some();
            let casualty = measure
                .as_deref()
                .is_some_and(|m| PERSON_MEASURES.contains(&m));
            if !(casualty && (verb_before || told_after)) {
                i = j;
                continue;
            }
        }
        if let Some(measure) = measure {
            out.push(Count {
                tok: i,
                magnitude: Magnitude {
                    measure,
                    count: Some(total),
                    qualifier,
                    unit,
                    claimed_by: None,
                },
            });
        }
        i = end;
    }
    definite_subjects(tokens, rules, &mut out);
    out
}

/// For projectiles, being destroyed or disabled means being intercepted.
/// The counts of a share of projectiles at `i` (the share's number `n`, then "of"): "11 of
/// the 15 drones" (the share's measure from the verb before it or the predicate after the
/// noun, the whole as launched), "48 of which/them were shot down" (the unit of the last
/// projectile count). None where the words after "of" are no projectiles or no measure is
/// told, so the caller reads the number as before.
fn projectile_share(
    tokens: &[Token],
    i: usize,
    n: u64,
    rules: &Rules,
    out: &[Count],
) -> Option<(Vec<Count>, usize)> {
    if tokens.get(i + 1).is_none_or(|t| t.lemma != "of") {
        return None;
    }
    let mut p = i + 2;
    while tokens.get(p).is_some_and(|t| {
        matches!(t.tag, Tag::DT | Tag::PRPS)
            && !matches!(t.lemma.as_str(), "which" | "these" | "those")
    }) {
        p += 1;
    }
    let qualifier = qualifier_before(tokens, i, rules);
    let predicate = |from: usize| {
        tokens[from.min(tokens.len())..tokens.len().min(from + 6)]
            .iter()
            .take_while(|t| !clause_break(t) && t.norm != ",")
            .find_map(|t| measure_of(t, rules))
    };
    let share = |measure: String, unit: String| Count {
        tok: i,
        magnitude: Magnitude {
            measure: projectile_measure(&measure, true),
            count: Some(n),
            qualifier: qualifier.clone(),
            unit,
            claimed_by: None,
        },
    };
    let verb_before = tokens[i.saturating_sub(5)..i]
        .iter()
        .rev()
        .take_while(|t| !clause_break(t) && t.norm != ",")
        .find(|t| t.tag.is_verb())
        .and_then(|t| measure_of(t, rules));
    let t = tokens.get(p)?;
    if matches!(
        t.lemma.as_str(),
        "which" | "they" | "them" | "these" | "those"
    ) {
        let unit = out
            .iter()
            .rev()
            .find(|c| rules.projectiles.contains(&c.magnitude.unit))
            .map(|c| c.magnitude.unit.clone())?;
        let measure = predicate(p + 1).or(verb_before)?;
        return Some((vec![share(measure, unit)], p + 1));
    }
    let (whole, q) = match value(t, rules) {
        Some(m) => (Some(m), p + 1),
        None => (None, p),
    };
    let unit = tokens
        .get(q)
        .and_then(|t| unit_of(t, rules))
        .filter(|u| rules.projectiles.contains(u))?;
    let measure = predicate(q + 1).or(verb_before)?;
    let mut counts = vec![share(measure, unit.clone())];
    if let Some(m) = whole {
        counts.push(Count {
            tok: p,
            magnitude: Magnitude {
                measure: "launched".into(),
                count: Some(m),
                qualifier: "exact".into(),
                unit,
                claimed_by: None,
            },
        });
    }
    Some((counts, q + 1))
}

/// The qualifier the words right before a number give it ("at least", "more than"), else
/// exact.
fn qualifier_before(tokens: &[Token], i: usize, rules: &Rules) -> String {
    for (words, q) in &rules.qualifiers {
        let len = words.len();
        if i >= len
            && tokens[i - len..i]
                .iter()
                .zip(words)
                .all(|(t, w)| lower(t) == *w)
        {
            return q.clone();
        }
    }
    "exact".to_string()
}

fn projectile_measure(m: &str, projectile: bool) -> String {
    if projectile && matches!(m, "destroyed" | "damaged" | "killed") {
        "intercepted".into()
    } else {
        m.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Minimal tagged tokens for tests: "word/TAG" or plain words (tagged NN, numbers CD).
    pub(crate) fn toks(s: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut pos = 0;
        for w in s.split(' ') {
            let (w, tag) = match w.split_once('/') {
                Some((w, "V")) => (w, Tag::VBD),
                Some((w, "VBN")) => (w, Tag::VBN),
                Some((w, "VBG")) => (w, Tag::VBG),
                Some((w, "JJ")) => (w, Tag::JJ),
                Some((w, "PRPS")) => (w, Tag::PRPS),
                Some((w, "VBD")) => (w, Tag::VBD),
                Some((w, "NNP")) => (w, Tag::NNP),
                Some((w, "DT")) => (w, Tag::DT),
                Some((w, "NNS")) => (w, Tag::NNS),
                Some((w, "RB")) => (w, Tag::RB),
                Some((w, "POS")) => (w, Tag::POS),
                _ => (w, Tag::NN),
            };
            let (lemma, w) = match w.split_once('=') {
                Some((surface, lemma)) => (lemma.to_string(), surface),
                None => (w.to_lowercase(), w),
            };
            let kind = if w.chars().all(|c| c.is_ascii_digit() || c == ',') {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token {
                start: pos,
                end: pos + w.len(),
                kind,
                norm: w.to_string(),
                lemma,
                tag,
                space_before: true,
                lower: None,
            });
            pos += w.len() + 1;
        }
        out
    }

    fn mags(s: &str) -> Vec<(String, Option<u64>, String, String)> {
        let rules = Rules::builtin().unwrap();
        find(&toks(s), &rules)
            .into_iter()
            .map(|c| {
                let m = c.magnitude;
                (m.measure, m.count, m.qualifier, m.unit)
            })
            .collect()
    }

    #[test]
    fn launched_and_most_intercepted() {
        let m = mags(
            "troops launched=launch/V a barrage of 176 drones=drone at the city , most of which were destroyed=destroy/VBN",
        );
        assert_eq!(
            m[0],
            ("launched".into(), Some(176), "exact".into(), "drone".into())
        );
        assert_eq!(
            m[1],
            ("intercepted".into(), None, "most".into(), "drone".into())
        );
    }

    /// A definite person right after a casualty verb, or before "dead", is one person; a
    /// definite person elsewhere is no count.
    #[test]
    fn a_share_of_projectiles_has_its_own_measure() {
        let m =
            mags("defences intercepted=intercept/V 11 of the/DT 15 drones=drone over the/DT city");
        assert_eq!(
            m,
            vec![
                (
                    "intercepted".into(),
                    Some(11),
                    "exact".into(),
                    "drone".into()
                ),
                ("launched".into(), Some(15), "exact".into(), "drone".into()),
            ]
        );
        let m = mags(
            "Moscow launched=launch/V 62 drones=drone overnight , 48 of which were shot=shoot/VBN down",
        );
        assert_eq!(
            m[1],
            (
                "intercepted".into(),
                Some(48),
                "exact".into(),
                "drone".into()
            )
        );
        let m = mags(
            "they fired=fire/V 10 missiles=missile ; defences destroyed=destroy/V at least seven of them",
        );
        assert_eq!(
            m[1],
            (
                "intercepted".into(),
                Some(7),
                "at_least".into(),
                "missile".into()
            )
        );
        // A share of people is still read as before.
        let m = mags("the shelling killed=kill/V two of the/DT five passengers=passenger");
        assert_eq!(m[0].0, "killed");
    }

    #[test]
    fn a_definite_victim_is_one_person() {
        // The counts of one measure in a sentence.
        let of = |measure: &str, s: &str| {
            mags(s)
                .into_iter()
                .filter(|m| m.0 == measure)
                .map(|m| m.1)
                .collect::<Vec<_>>()
        };
        let killed = |s: &str| of("killed", s);
        let injured = |s: &str| of("injured", s);
        assert_eq!(killed("gunmen killed=kill/V the driver"), vec![Some(1)]);
        assert_eq!(
            killed("gunmen shot=shoot/V the driver dead/JJ"),
            vec![Some(1)]
        );
        assert!(killed("the driver said=say/V gunmen attacked=attack/V").is_empty());
        // A definite singular subject of a casualty predicate is one person.
        assert_eq!(
            injured("The children/NNS 's/POS father was=be critically/RB wounded=wound/VBN"),
            vec![Some(1)]
        );
        assert!(injured("The father said=say/V").is_empty());
        // People are never launched or intercepted.
        assert!(
            mags("a drive-by shooting=shoot/VBG by two armed/JJ men=man/NNS")
                .iter()
                .all(|m| m.0 != "intercepted")
        );
        // A plural nationality counts people.
        assert_eq!(
            killed(
                "soldiers summarily/RB executed=execute/V 11 Palestinians=palestinians/NNP in Gaza/NNP"
            ),
            vec![Some(11)]
        );
    }

    #[test]
    fn qualifiers_and_people_lists() {
        let m = mags("killing=kill/VBG at least three people");
        assert_eq!(
            m,
            vec![("killed".into(), Some(3), "at_least".into(), "person".into())]
        );
        let m = mags("injuring=injure/VBG a mother and her/PRPS two children=child");
        assert_eq!(
            m,
            vec![("injured".into(), Some(3), "exact".into(), "person".into())]
        );
        let m = mags("more than 1,500 missiles=missile");
        assert_eq!(
            m,
            vec![(
                "launched".into(),
                Some(1500),
                "more_than".into(),
                "missile".into()
            )]
        );
    }

    #[test]
    fn a_list_of_people_ends_where_a_new_clause_begins() {
        // "officials" is the subject of "said", not a fourth member of the count.
        let m = mags("killed=kill/VBD 7 soldiers=soldier/NNS , officials=official/NNS said=say/V");
        assert_eq!(
            m,
            vec![("killed".into(), Some(7), "exact".into(), "person".into())]
        );
        let m = mags("killed=kill/VBD 7 troops=troops/NNS");
        assert_eq!(
            m,
            vec![("killed".into(), Some(7), "exact".into(), "person".into())]
        );
        // A list after commas still adds up: "a man, a woman and a child".
        let m = mags("killing=kill/VBG a/DT man , a/DT woman and a/DT child");
        assert_eq!(
            m,
            vec![("killed".into(), Some(3), "exact".into(), "person".into())]
        );
        let m = mags("killing=kill/VBG a/DT man and his/PRPS son");
        assert_eq!(
            m,
            vec![("killed".into(), Some(2), "exact".into(), "person".into())]
        );
    }

    #[test]
    fn dead_after_a_bare_number_and_to_death_after_the_verb() {
        let m = mags("attack=attack , at least four dead , 21 arrested=arrest/VBN");
        assert_eq!(
            m,
            vec![
                ("killed".into(), Some(4), "at_least".into(), "person".into()),
                ("arrested".into(), Some(21), "exact".into(), "person".into())
            ]
        );
        let m = mags("a/DT school teacher chopped=chop/VBN to death");
        assert_eq!(
            m,
            vec![("killed".into(), Some(1), "exact".into(), "person".into())]
        );
    }

    #[test]
    fn a_list_ending_the_sentence_after_a_comma_is_no_panic() {
        // Found by the extract fuzz target: a comma at the end of the tokens after a count.
        let m = mags("killing=kill/VBG at least 12 people ,");
        assert_eq!(
            m,
            vec![(
                "killed".into(),
                Some(12),
                "at_least".into(),
                "person".into()
            )]
        );
        let m = mags("killing=kill/VBG 12 people , the/DT");
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn a_share_of_people_counts_them() {
        let m = mags("two of its/PRPS soldiers=soldier/NNS were=be killed=kill/VBN");
        assert_eq!(
            m,
            vec![("killed".into(), Some(2), "exact".into(), "person".into())]
        );
        let m = mags("eight people were=be slain=slay/VBN");
        assert_eq!(
            m,
            vec![("killed".into(), Some(8), "exact".into(), "person".into())]
        );
        // A share of things is still no count of its own.
        assert!(mags("one of the/DT attacks=attack/NNS killed=kill/VBD").is_empty());
    }

    #[test]
    fn names_between_number_and_noun_and_a_single_victim() {
        let m = mags("killed=kill/VBD 5 Taliban/NNP militants=militant");
        assert_eq!(
            m,
            vec![("killed".into(), Some(5), "exact".into(), "person".into())]
        );
        // One victim named with an article: the object of the killing verb, or the subject of
        // a casualty predicate; an article-led person elsewhere counts nothing.
        let m = mags("killed=kill/VBD a/DT soldier");
        assert_eq!(
            m,
            vec![("killed".into(), Some(1), "exact".into(), "person".into())]
        );
        let m = mags("a/DT man was=be/VBD killed=kill/VBN");
        assert_eq!(
            m,
            vec![("killed".into(), Some(1), "exact".into(), "person".into())]
        );
        assert!(mags("a/DT man said=say/VBD").is_empty());
        // An apposition between the count and its predicate.
        let m = mags("1 civilian , a/DT tribal/JJ elder , was=be/VBD killed=kill/VBN");
        assert_eq!(
            m,
            vec![("killed".into(), Some(1), "exact".into(), "person".into())]
        );
        // A place before the predicate, and injuries sustained.
        let m =
            mags("two people in Tel/NNP Aviv/NNP sustained=sustain/VBD minor/JJ injuries=injury");
        assert_eq!(
            m,
            vec![("injured".into(), Some(2), "exact".into(), "person".into())]
        );
        let m = mags("five people - four men=man and one woman - were=be/VBD killed=kill/VBN");
        assert_eq!(
            m[0],
            ("killed".into(), Some(5), "exact".into(), "person".into())
        );
    }

    #[test]
    fn passive_measure_after_noun_and_days() {
        let m = mags("Four more residential/JJ buildings=building were=be/V damaged=damage/VBN");
        assert_eq!(
            m,
            vec![("damaged".into(), Some(4), "exact".into(), "building".into())]
        );
        let m = mags("Three days=day of talks=talk");
        assert_eq!(
            m,
            vec![("days".into(), Some(3), "exact".into(), "day".into())]
        );
        assert!(mags("a man said=say/V").is_empty());
        assert!(mags("a barrage of drones=drone").is_empty());
    }
}
