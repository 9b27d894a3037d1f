//! When two reports tell the same event.
//!
//! Two records (or a record and a stored event) are the same real event when:
//! * they have the same type and auxiliary mode (a denial is not the event it denies);
//! * their dates overlap once each is widened to its precision (a day stays a day, a month
//!   becomes the whole month; a date taken from the publication date alone may also be the day
//!   before, since reports often come out the morning after); year-precision and undated
//!   records are too vague to merge and always stay separate;
//! * their actors are compatible: where both sides name countries, the countries overlap;
//!   likewise for recipients (meetings compare all participants);
//! * their places are compatible: the same place name, or one side's place only inferred
//!   from a dateline in the same country, or a side without a place. Two different stated
//!   places are two events (SCHEMA.md: a country-wide barrage and a strike on a town are
//!   separate events);
//! * and at least one positive sign joins them: a shared actor, a shared recipient or the
//!   same named place. Compatible-but-silent records are not merged, since wrongly merged
//!   events lose information while wrongly separate ones only repeat it.
//!
//! Records from the same document are never merged here: within-document merging is the
//! extractor's job, and if it kept two records apart they are two events.

use chrono::{Datelike, NaiveDate};
use sitrep_model::{DateInfo, EventRecord, Location, Party, Precision};
use std::collections::BTreeSet;

/// Lower-case, single-spaced, without a leading "the": the form names are compared in.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    match out.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => out,
    }
}

/// The sides of an event compared for merging: countries, and entity ids or folded names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PartyKeys {
    pub countries: BTreeSet<String>,
    pub names: BTreeSet<String>,
}

impl PartyKeys {
    pub fn of(parties: &[Party]) -> PartyKeys {
        let mut k = PartyKeys::default();
        for p in parties {
            k.add(p);
        }
        k
    }

    pub fn add(&mut self, p: &Party) {
        if let Some(c) = &p.country {
            self.countries.insert(c.clone());
        }
        self.names.insert(match &p.entity {
            Some(e) => format!("e:{e}"),
            None => format!("n:{}", fold(&p.name)),
        });
    }

    pub fn union(&mut self, o: &PartyKeys) {
        self.countries.extend(o.countries.iter().cloned());
        self.names.extend(o.names.iter().cloned());
    }

    pub fn is_empty(&self) -> bool {
        self.countries.is_empty() && self.names.is_empty()
    }

    /// `c:RUS|e:id|n:name`: the stored form.
    pub fn encode(&self) -> String {
        let mut parts: Vec<String> = self.countries.iter().map(|c| format!("c:{c}")).collect();
        parts.extend(self.names.iter().cloned());
        parts.join("|")
    }

    pub fn decode(s: &str) -> PartyKeys {
        let mut k = PartyKeys::default();
        for part in s.split('|').filter(|p| !p.is_empty()) {
            match part.strip_prefix("c:") {
                Some(c) => {
                    k.countries.insert(c.to_string());
                }
                None => {
                    k.names.insert(part.to_string());
                }
            }
        }
        k
    }
}

/// How one aspect of two reports compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Conflict,
    Neutral,
    Match,
}

/// Compares two sides (actors with actors, recipients with recipients).
pub fn compare_parties(a: &PartyKeys, b: &PartyKeys) -> Cmp {
    if a.is_empty() || b.is_empty() {
        return Cmp::Neutral;
    }
    if !a.countries.is_empty() && !b.countries.is_empty() {
        return if a.countries.intersection(&b.countries).next().is_some() {
            Cmp::Match
        } else {
            Cmp::Conflict
        };
    }
    if a.names.intersection(&b.names).next().is_some() {
        Cmp::Match
    } else {
        Cmp::Neutral
    }
}

/// Compares two places.
pub fn compare_places(a: Option<&Location>, b: Option<&Location>) -> Cmp {
    let (Some(x), Some(y)) = (a, b) else {
        return Cmp::Neutral;
    };
    compare_folded(x, &fold(&x.name), y, &fold(&y.name))
}

/// [`compare_places`] with the names already folded.
fn compare_folded(a: &Location, a_key: &str, b: &Location, b_key: &str) -> Cmp {
    if a_key == b_key {
        return Cmp::Match;
    }
    if let (Some(x), Some(y)) = (&a.country, &b.country)
        && x != y
    {
        return Cmp::Conflict;
    }
    if a.inferred || b.inferred {
        Cmp::Neutral
    } else {
        Cmp::Conflict
    }
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn month_end(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

/// Day number of a date (for window arithmetic in SQL).
pub fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// The days a date may stand for, as day numbers, or `None` when too vague to merge on.
pub fn window(d: Option<&DateInfo>) -> Option<(i64, i64)> {
    let d = d?;
    let start = d.start.or(d.end)?;
    let end = d.end.unwrap_or(start).max(start);
    let (lo, hi) = match d.precision {
        Precision::Day => {
            let lo = day_number(start) - i64::from(d.text.is_none());
            (lo, day_number(end))
        }
        Precision::Month => (day_number(month_start(start)), day_number(month_end(end))),
        Precision::Year | Precision::Unknown => return None,
    };
    (hi - lo <= MAX_WINDOW_DAYS).then_some((lo, hi))
}

/// Longer windows are not merged on.
pub const MAX_WINDOW_DAYS: i64 = 62;

/// The longest window (`hi - lo`, days) of each window class. Candidates for a merge are looked
/// up class by class with `win_lo` between `lo - reach` and `hi`, so that the usual one- or
/// two-day events do not scan every event of the last two months.
pub const CLASS_REACH: [i64; 3] = [2, 7, MAX_WINDOW_DAYS];

/// Window class for the merge index: the first class whose reach holds the window, or
/// `CLASS_REACH.len()` for no window (never merged).
pub fn window_class(w: Option<(i64, i64)>) -> i64 {
    let n = CLASS_REACH.len();
    let class = match w {
        Some((lo, hi)) => CLASS_REACH.iter().position(|r| hi - lo <= *r).unwrap_or(n),
        None => n,
    };
    i64::try_from(class).unwrap_or(i64::MAX)
}

/// How good a date is: lower is better (stated day, day from publication, month, rest).
pub fn date_rank(d: Option<&DateInfo>) -> u8 {
    match d {
        Some(d) if d.start.is_some() => match (d.precision, d.text.is_some()) {
            (Precision::Day, true) => 0,
            (Precision::Day, false) => 1,
            (Precision::Month, _) => 2,
            (Precision::Year, _) => 3,
            (Precision::Unknown, _) => 4,
        },
        _ => 5,
    }
}

/// How good a place is: stated, inferred, none.
pub fn place_rank(l: Option<&Location>) -> u8 {
    match l {
        Some(l) if !l.inferred => 0,
        Some(_) => 1,
        None => 2,
    }
}

/// What a stored event (or a fresh record) looks like to the merge test.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeView {
    pub aux: Option<String>,
    pub window: Option<(i64, i64)>,
    pub location: Option<Location>,
    /// The place name in the form names are compared in (computed once: the merge test runs
    /// for many pairs).
    pub place_key: Option<String>,
    pub actors: PartyKeys,
    pub recipients: PartyKeys,
    pub symmetric: bool,
}

impl MergeView {
    pub fn of(r: &EventRecord) -> MergeView {
        let symmetric = r.event_type.is_symmetric();
        let mut actors = PartyKeys::of(&r.actors);
        let recipients = PartyKeys::of(&r.recipients);
        if symmetric {
            actors.union(&recipients);
        }
        MergeView {
            aux: r
                .aux
                .and_then(|a| serde_json::to_value(a).ok()?.as_str().map(str::to_string)),
            window: window(r.date.as_ref()),
            location: r.location.clone(),
            place_key: r.location.as_ref().map(|l| fold(&l.name)),
            actors,
            recipients: if symmetric {
                PartyKeys::default()
            } else {
                recipients
            },
            symmetric,
        }
    }
}

/// Whether `a` and `b` are one event, and how strongly (higher is better); `None`: keep apart.
pub fn merge_score(a: &MergeView, b: &MergeView) -> Option<i32> {
    if a.aux != b.aux {
        return None;
    }
    let (Some((alo, ahi)), Some((blo, bhi))) = (a.window, b.window) else {
        return None;
    };
    if alo > bhi || blo > ahi {
        return None;
    }
    let actors = compare_parties(&a.actors, &b.actors);
    let recipients = compare_parties(&a.recipients, &b.recipients);
    let place = match (&a.location, &a.place_key, &b.location, &b.place_key) {
        (Some(x), Some(xk), Some(y), Some(yk)) => compare_folded(x, xk, y, yk),
        _ => compare_places(a.location.as_ref(), b.location.as_ref()),
    };
    if [actors, recipients, place].contains(&Cmp::Conflict) {
        return None;
    }
    let mut score = 0;
    if actors == Cmp::Match {
        score += 2;
    }
    if recipients == Cmp::Match {
        score += 1;
    }
    if place == Cmp::Match {
        score += 2;
    }
    if score == 0 {
        return None;
    }
    if (alo, ahi) == (blo, bhi) {
        score += 1;
    }
    Some(score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::{EntityKind, EventType};

    fn party(name: &str, country: Option<&str>) -> Party {
        Party {
            name: name.into(),
            entity: None,
            kind: EntityKind::Country,
            country: country.map(str::to_string),
            sector: None,
            role: None,
        }
    }

    fn place(name: &str, country: &str, inferred: bool) -> Location {
        Location {
            name: name.into(),
            country: Some(country.into()),
            admin1: None,
            lat: None,
            lon: None,
            feature: None,
            inferred,
        }
    }

    fn day(s: &str, text: Option<&str>) -> DateInfo {
        let d = s.parse().ok();
        DateInfo {
            start: d,
            end: d,
            precision: Precision::Day,
            text: text.map(str::to_string),
        }
    }

    fn rec(actor: Option<&str>, loc: Option<Location>, date: DateInfo) -> EventRecord {
        EventRecord {
            id: "x".into(),
            event_type: EventType::Assault,
            mode: vec![],
            context: vec![],
            aux: None,
            actors: actor.map(|c| vec![party(c, Some(c))]).unwrap_or_default(),
            recipients: vec![],
            location: loc,
            date: Some(date),
            magnitude: vec![],
            claimed_by: vec![],
            evidence: vec![],
            confidence: 0.5,
            rule: "t".into(),
        }
    }

    #[test]
    fn same_actor_and_day_merge_different_countries_do_not() {
        let a = MergeView::of(&rec(
            Some("RUS"),
            None,
            day("2026-03-02", Some("on Monday")),
        ));
        let b = MergeView::of(&rec(Some("RUS"), None, day("2026-03-02", Some("Monday"))));
        let c = MergeView::of(&rec(Some("UKR"), None, day("2026-03-02", Some("Monday"))));
        assert!(merge_score(&a, &b).is_some());
        assert!(merge_score(&a, &c).is_none());
    }

    #[test]
    fn dates_must_overlap_within_precision() {
        let a = MergeView::of(&rec(Some("RUS"), None, day("2026-03-02", Some("Monday"))));
        let b = MergeView::of(&rec(
            Some("RUS"),
            None,
            day("2026-03-04", Some("Wednesday")),
        ));
        assert!(merge_score(&a, &b).is_none());
        // A publication-date day reaches back one day.
        let c = MergeView::of(&rec(Some("RUS"), None, day("2026-03-03", None)));
        assert!(merge_score(&a, &c).is_some());
        let mut month = day("2026-03-01", Some("in March"));
        month.precision = Precision::Month;
        let m = MergeView::of(&rec(Some("RUS"), None, month));
        assert_eq!(m.window.map(|(lo, hi)| hi - lo), Some(30));
        assert!(merge_score(&a, &m).is_some());
        let mut year = day("2026-01-01", Some("this year"));
        year.precision = Precision::Year;
        assert!(merge_score(&a, &MergeView::of(&rec(Some("RUS"), None, year))).is_none());
    }

    #[test]
    fn places_decide_between_town_and_country() {
        let d = || day("2026-03-02", Some("Monday"));
        let kyiv = MergeView::of(&rec(Some("RUS"), Some(place("Kyiv", "UKR", false)), d()));
        let odesa = MergeView::of(&rec(Some("RUS"), Some(place("Odesa", "UKR", false)), d()));
        let dateline = MergeView::of(&rec(Some("RUS"), Some(place("Lviv", "UKR", true)), d()));
        let kyiv2 = MergeView::of(&rec(None, Some(place("kyiv", "UKR", false)), d()));
        assert!(merge_score(&kyiv, &odesa).is_none());
        assert!(merge_score(&kyiv, &dateline).is_some());
        assert!(merge_score(&kyiv, &kyiv2).is_some());
        // Nothing positive in common: kept apart.
        let none_a = MergeView::of(&rec(None, None, d()));
        assert!(merge_score(&none_a, &dateline).is_none());
    }

    #[test]
    fn party_keys_round_trip() {
        let mut k = PartyKeys::of(&[party("Russia", Some("RUS")), party("The Gunmen", None)]);
        k.names.insert("e:kb:p:1".into());
        assert_eq!(PartyKeys::decode(&k.encode()), k);
        assert!(k.names.contains("n:gunmen"));
        assert_eq!(fold("  The  Kremlin "), "kremlin");
    }
}
