//! One record per real event: mentions of the same event in one document are folded together.
//!
//! Two candidates are the same event when they have the same type and auxiliary mode, compatible
//! parties (overlapping countries), overlapping dates and compatible places. For violence the
//! place must agree at the same level, so a country-wide barrage and a strike on one town stay
//! apart (SCHEMA.md, "Granularity"); for talks, a palace and its city are the same meeting.

use crate::events::Candidate;
use chrono::Datelike;
use rustc_hash::{FxHashMap, FxHashSet};
use sitrep_model::{EventRecord, EventType, Magnitude, Party};
use std::collections::{HashSet, VecDeque};

fn countries(ps: &[Party]) -> HashSet<String> {
    ps.iter().filter_map(|p| p.country.clone()).collect()
}

/// The parties' countries as a sorted set of borrowed codes: the merge test runs for every
/// pair of candidates, and hashing owned strings there cost more than the comparisons.
fn country_set(ps: &[Party]) -> Vec<&str> {
    let mut v: Vec<&str> = ps.iter().filter_map(|p| p.country.as_deref()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn union_set<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<&'a str> {
    let mut v: Vec<&str> = a.iter().chain(b.iter()).copied().collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// How many codes two sorted sets share.
fn common<S: AsRef<str>>(a: &[S], b: &[S]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].as_ref().cmp(b[j].as_ref()) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

pub(crate) fn material(t: EventType) -> bool {
    matches!(
        t,
        EventType::Assault
            | EventType::Coerce
            | EventType::Protest
            | EventType::Mobilize
            | EventType::Aid
            | EventType::Retreat
    )
}

/// What the merge rules look at, whether the event is a candidate inside one document or a
/// finished record from another document.
pub struct Facets<'a> {
    pub event_type: EventType,
    pub aux: Option<sitrep_model::Aux>,
    pub mode: &'a [String],
    pub actors: &'a [Party],
    pub recipients: &'a [Party],
    pub date: Option<&'a sitrep_model::DateInfo>,
    pub location: Option<&'a sitrep_model::Location>,
    /// Whether the location names a place below country level.
    pub place_level: bool,
    /// Told as another of its kind (see [`Candidate::another`]).
    pub another: bool,
    /// Told as an event already known (see [`Candidate::refers_back`]).
    pub refers_back: bool,
    /// Whether the telling gives counts (launched, killed, arrested …).
    pub counts: bool,
    /// Where in the report the telling was read, for a candidate of one document (a finished
    /// record has none): rules that ask whether one telling lies inside another's clause.
    pub telling: Option<Telling>,
}

/// Where a candidate was read: its sentence, its trigger word and its clause (token indices
/// of the document, as [`Candidate`] gives them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Telling {
    pub sentence: usize,
    pub trigger: usize,
    pub clause: (usize, usize),
}

impl Telling {
    /// Whether `other` was read from a word inside this telling's clause, in the same
    /// sentence ("telephoned Kozyrev on Tuesday to discuss …": "discuss" lies in the clause
    /// of "telephoned").
    fn holds(&self, other: &Telling) -> bool {
        self.sentence == other.sentence
            && self.clause.0 <= other.trigger
            && other.trigger < self.clause.1
    }
}

impl Candidate {
    pub fn facets(&self) -> Facets<'_> {
        Facets {
            event_type: self.event_type,
            aux: self.aux,
            mode: &self.mode,
            actors: &self.actors,
            recipients: &self.recipients,
            date: self.date.as_ref(),
            location: self.location.as_ref(),
            place_level: self.place_level,
            another: self.another,
            refers_back: self.refers_back,
            counts: !self.magnitude.is_empty(),
            telling: Some(Telling {
                sentence: self.sentence,
                trigger: self.trigger_tok,
                clause: self.clause,
            }),
        }
    }
}

/// The facets of a finished record.
pub fn record_facets(e: &EventRecord) -> Facets<'_> {
    Facets {
        event_type: e.event_type,
        aux: e.aux,
        mode: &e.mode,
        actors: &e.actors,
        recipients: &e.recipients,
        date: e.date.as_ref(),
        location: e.location.as_ref(),
        place_level: e
            .location
            .as_ref()
            .is_some_and(|l| l.feature.as_deref() != Some("country")),
        another: false,
        refers_back: false,
        counts: !e.magnitude.is_empty(),
        telling: None,
    }
}

/// Whether two candidates of one document report the same event.
pub fn compatible(a: &Candidate, b: &Candidate) -> bool {
    same_event(&a.facets(), &b.facets(), false)
}

/// The parties' countries as the merge test compares them, computed once per record rather
/// than once per comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartyCountries {
    actors: Vec<String>,
    recipients: Vec<String>,
    /// Actors and recipients together (what symmetric events compare).
    all: Vec<String>,
}

impl PartyCountries {
    pub fn of(f: &Facets) -> Self {
        let own = |v: Vec<&str>| v.into_iter().map(str::to_string).collect::<Vec<String>>();
        let actors = country_set(f.actors);
        let recipients = country_set(f.recipients);
        let all = union_set(&actors, &recipients);
        PartyCountries {
            actors: own(actors),
            recipients: own(recipients),
            all: own(all),
        }
    }
}

/// How many days apart two tellings of a strike may be dated when one of them is dated only by
/// its report's day (see [`same_event_with`]). [`Merger`]'s blocks rule candidates out by
/// date with the same figure, so the two must never differ.
pub const LENIENT_SLACK_DAYS: u64 = 3;

/// Whether two events report the same real event. Across documents (`across`), both must
/// carry a date, since two reports of "an arrest" with no date in common say nothing of
/// being the same arrest.
pub fn same_event(a: &Facets, b: &Facets, across: bool) -> bool {
    same_event_with(a, b, &PartyCountries::of(a), &PartyCountries::of(b), across)
}

/// [`same_event`] with the parties' countries already worked out. Every test below only ever
/// says no, so their order is free: the cheap ones come first.
pub fn same_event_with(
    a: &Facets,
    b: &Facets,
    pa: &PartyCountries,
    pb: &PartyCountries,
    across: bool,
) -> bool {
    if across
        && !(a.date.is_some_and(|d| d.start.is_some()) && b.date.is_some_and(|d| d.start.is_some()))
    {
        return false;
    }
    if a.event_type != b.event_type || a.aux != b.aux {
        return false;
    }
    // `b` is the later telling: one told as another of its kind starts an event of its own
    // (later tellings may still join it).
    if !across && b.another {
        return false;
    }
    // Different kinds of the same type ("stopped aid" and "paused intelligence sharing") are
    // different events; weapon modes of violence are too noisy to split on.
    // A raid that seizes goods and detains people is one police action, told in two verbs.
    let raid = |f: &Facets| {
        f.event_type == EventType::Coerce && f.mode.iter().all(|m| m == "seize" || m == "arrest")
    };
    let one_raid = raid(a) && raid(b);
    // Police who block or close a gathering in a town and detain some of its people act once,
    // told in two verbs ("police blocked a motorcade of farmers in Northtown … Several
    // drivers were detained"). A ban the text places in no town (a party outlawed, a site
    // shut down nationwide) stays apart from arrests.
    let only = |f: &Facets, m: &str| {
        f.event_type == EventType::Coerce && !f.mode.is_empty() && f.mode.iter().all(|x| x == m)
    };
    let blocked_in_town =
        |f: &Facets| only(f, "censor") && f.place_level && stated(f.location).is_some();
    let one_intervention = !across
        && ((blocked_in_town(a) && only(b, "arrest")) || (blocked_in_town(b) && only(a, "arrest")));
    // A march, a blockade and a riot by the same crowd at one place on one day are one
    // protest (the news gold codes a crowd that storms a ministry, breaks its windows and
    // blocks the road as one PROTEST with three modes); a strike, a hunger strike or a boycott is
    // another kind of protest.
    let street = |f: &Facets| {
        f.event_type == EventType::Protest
            && f.mode
                .iter()
                .all(|m| matches!(m.as_str(), "demo" | "riot" | "obstruct" | "vandalize"))
    };
    let one_protest = street(a) && street(b);
    if a.event_type != EventType::Assault
        && !a.mode.is_empty()
        && !b.mode.is_empty()
        && !a.mode.iter().any(|m| b.mode.contains(m))
        && !one_raid
        && !one_intervention
        && !one_protest
    {
        return false;
    }
    // A phone call is not the meeting it follows, but talks told inside the call's own
    // clause, with no mode of their own, are that call ("telephoned his counterpart on
    // Tuesday to discuss the truce").
    let phone = |c: &Facets| c.mode.iter().any(|m| m == "phone");
    if a.event_type == EventType::Consult && phone(a) != phone(b) {
        let (call, talks) = if phone(a) { (a, b) } else { (b, a) };
        let inside = match (call.telling, talks.telling) {
            (Some(c), Some(t)) => c.holds(&t),
            _ => false,
        };
        // Nor is a call apart from talks told with nothing of their own but the day and
        // (some of) the people: "Two leaders discuss grain deal" over "the leaders spoke by
        // phone on Monday", or "During the call, the two discussed …". Talks the text places
        // somewhere, or dates to another day, stay apart.
        let (pc, pt) = if phone(a) { (pa, pb) } else { (pb, pa) };
        let same_day = match (call.date, talks.date) {
            (Some(c), Some(t)) => c.start.is_some() && c.start == t.start && c.end == t.end,
            _ => false,
        };
        let told_of_the_call = !across
            && same_day
            && stated(talks.location).is_none()
            && !pt.all.is_empty()
            && common(&pt.all, &pc.all) == pt.all.len();
        if !((inside || told_of_the_call) && talks.mode.is_empty()) {
            return false;
        }
    }
    // For violence, a date the text does not state (the publication-day default) never splits
    // an event: reports pile up details of one strike across sentences. Talks last month and
    // talks today stay apart.
    // Across reports, that default is still the day the report appeared: two reports years
    // apart are not one strike, so there it only widens the test by a few days.
    // (Not for a telling given as another of its kind with casualties of its own, "three
    // more were killed in a separate bombing": its default day does not make it the bombing
    // with other casualties a later sentence dates "last Friday".)
    let separate = |x: &Facets, y: &Facets| {
        x.another && x.counts && y.counts && text_none(x.date) && !text_none(y.date)
    };
    // (Nor, inside one report, for a telling with no date of its own that refers back to a
    // known event: "The pact was signed in Manila" after "signed the pact on Wednesday".)
    let referring = |x: &Facets| !across && x.refers_back && text_none(x.date);
    let lenient = (material(a.event_type) || referring(a) || referring(b))
        && (text_none(a.date) || text_none(b.date))
        && !separate(a, b)
        && !separate(b, a);
    if let (Some(da), Some(db)) = (a.date, b.date)
        && (!lenient || across)
        && let (Some(sa), Some(sb)) = (da.start, db.start)
    {
        let slack = if lenient {
            chrono::Days::new(LENIENT_SLACK_DAYS)
        } else {
            chrono::Days::new(0)
        };
        let ea = da.end.unwrap_or(sa) + slack;
        let eb = db.end.unwrap_or(sb) + slack;
        if sa > eb || sb > ea {
            return false;
        }
    }
    let (aa, ab) = (&pa.actors, &pb.actors);
    // Inside one report, two tellings of the same sides firing at each other ("the armies of
    // Aland and Borland shelled each other's posts in the hills", "the truce was broken in a
    // border district") are one exchange of fire, whichever side each telling names as hit.
    let exchange = !across && exchanging(a, pa) && exchanging(b, pb) && aa == ab;
    // Parties of no known country ("militants", "a mob" in a report whose places the gazetteer
    // does not know) have no code to compare: inside one report they are taken to be the same
    // unknown side; across reports only the same name is.
    let unknown = |x: &[String], y: &[String], px: &[Party], py: &[Party]| {
        x.is_empty()
            && y.is_empty()
            && !px.is_empty()
            && !py.is_empty()
            && (!across || same_names(px, py))
    };
    if a.event_type.is_symmetric() {
        let (x, y) = (&pa.all, &pb.all);
        if unknown(x, y, a.actors, b.actors) {
            // fall through to the place test
        } else {
            let inter = common(x, y);
            let union = x.len() + y.len() - inter;
            let subset = inter == x.len() || inter == y.len();
            if inter == 0 || (!subset && inter * 2 < union) {
                return false;
            }
        }
    } else {
        if !unknown(aa, ab, a.actors, b.actors) && common(aa, ab) == 0 {
            return false;
        }
        let (ra, rb) = (&pa.recipients, &pb.recipients);
        // (Inside one report, one side's strikes on one town on one day are one event
        // whoever they hit: see [`one_strike`].)
        let one = !across && one_strike(a, b, aa, ab);
        if !ra.is_empty() && !rb.is_empty() && common(ra, rb) == 0 && !one && !exchange {
            return false;
        }
    }
    // A place the text does not state for this telling (taken from the dateline or the
    // document's main place) says nothing about where it happened, so it never splits an
    // event: "one soldier was injured" after "rebels shelled positions near Pisky" is the same
    // shelling, not a country-wide one.
    let (a_level, b_level) = (
        a.place_level && stated(a.location).is_some(),
        b.place_level && stated(b.location).is_some(),
    );
    // ...but then the two tellings must agree on the day and on who acted.
    let a_unstated = a.location.is_some_and(|l| l.inferred);
    let b_unstated = b.location.is_some_and(|l| l.inferred);
    if material(a.event_type) && (a_unstated != b_unstated) && (a.place_level || b.place_level) {
        // (A telling with no date of its own that refers back to a known event, "condemns
        // these attacks", is on that event's day.)
        let undated_reference = |f: &Facets| f.refers_back && text_none(f.date);
        let same_day = match (a.date, b.date) {
            (Some(da), Some(db)) => {
                (da.start.is_some() && da.start == db.start)
                    || undated_reference(a)
                    || undated_reference(b)
            }
            _ => false,
        };
        if !same_day || aa != ab {
            return false;
        }
    }
    match (stated(a.location), stated(b.location)) {
        (Some(la), Some(lb)) => {
            if la.country.is_some()
                && lb.country.is_some()
                && la.country != lb.country
                && !(exchange && across_border(la, lb, aa))
            {
                return false;
            }
            if material(a.event_type) {
                // Inside one report, a telling placed in a province and one placed in a town
                // of that province by the same actors are one event ("Hamas detonated a
                // minefield … in Gaza" and "2 soldiers were killed in northern Gaza Strip").
                let within = |fine: &sitrep_model::Location, coarse: &sitrep_model::Location| {
                    region_holds(coarse, fine)
                };
                let same_province = !across && aa == ab && (within(la, lb) || within(lb, la));
                let vague = !across
                    && a_level != b_level
                    && (if a_level {
                        vague_country(b, lb, la)
                    } else {
                        vague_country(a, la, lb)
                    })
                    && !aa.is_empty()
                    && aa == ab
                    && pa.recipients == pb.recipients;
                if a_level != b_level && !same_province && !vague {
                    return false;
                }
                if a_level && la.name != lb.name && !same_province && !vague {
                    return false;
                }
            }
        }
        (Some(_), None) | (None, Some(_)) => {
            // A place-level strike does not absorb an unplaced one in another clause's wording
            // unless the parties agree exactly.
            if material(a.event_type) && (a_level || b_level) && (aa != ab) {
                return false;
            }
        }
        (None, None) => {}
    }
    // Across reports, an inferred place is still where that report's event happened: two
    // reports placing their events in different towns ("Mangalagiri" and "Ernakulam") are two
    // events, whichever of them the text stated.
    if across
        && a.place_level
        && b.place_level
        && let (Some(la), Some(lb)) = (a.location, b.location)
        && la.name != lb.name
    {
        return false;
    }
    // Nor does a report that places its event in a town lend that town to another report's
    // event that it places nowhere: the same day's strike by the same group elsewhere is as
    // likely.
    if across && material(a.event_type) && a.place_level != b.place_level {
        return false;
    }
    // Inferred places of two countries still differ, except, inside one report, a country
    // taken from the target ("soldiers were killed", placed in their own country) against the
    // place the report stated for the attack.
    let target_country =
        |l: &sitrep_model::Location| l.inferred && l.feature.as_deref() == Some("country");
    if let (Some(la), Some(lb)) = (a.location, b.location)
        && la.country.is_some()
        && lb.country.is_some()
        && la.country != lb.country
        && (across || target_country(la) == target_country(lb))
        && !(exchange && across_border(la, lb, aa))
    {
        return false;
    }
    true
}

/// Whether two violent tellings of one report are one strike whoever they say was hit: the same
/// attackers, in the same town the text states for both, on the same day. SCHEMA.md's unit is
/// one kind of interaction at one place on one day, and a report that names the target of a
/// strike in one clause ("targeted military vehicles") and its victims in another ("among
/// soldiers", "wounding two guards") often resolves the two to different sides; two attacks
/// by one side on one town on one day are one event at that grain. Across reports the
/// recipients still count.
fn one_strike(a: &Facets, b: &Facets, aa: &[String], ab: &[String]) -> bool {
    let same_town = match (stated(a.location), stated(b.location)) {
        (Some(la), Some(lb)) => a.place_level && b.place_level && la.name == lb.name,
        _ => false,
    };
    let same_day = match (a.date, b.date) {
        (Some(da), Some(db)) => da.start.is_some() && da.start == db.start,
        _ => false,
    };
    a.event_type == EventType::Assault && !aa.is_empty() && aa == ab && same_town && same_day
}

/// Whether a violent telling has two or more states firing at each other: several actors'
/// countries, and every side hit one of them.
fn exchanging(f: &Facets, p: &PartyCountries) -> bool {
    f.event_type == EventType::Assault
        && p.actors.len() >= 2
        && !p.recipients.is_empty()
        && p.recipients.iter().all(|r| p.actors.contains(r))
}

/// Whether two places of an exchange of fire between `sides` lie on either side of one front:
/// each in one of the sides' countries, and one a region that holds the other by name
/// ("Kashmir" and a district of Azad Kashmir). A border region is on both sides of the
/// border, and the gazetteer files it under one country.
fn across_border(
    la: &sitrep_model::Location,
    lb: &sitrep_model::Location,
    sides: &[String],
) -> bool {
    let on_a_side = |l: &sitrep_model::Location| {
        l.country
            .as_ref()
            .is_some_and(|c| sides.iter().any(|s| s == c))
    };
    on_a_side(la) && on_a_side(lb) && (region_holds(la, lb) || region_holds(lb, la))
}

/// Whether `wide`, a telling placed in a whole country (`at`), says no more of its event than
/// which country it was in: no day of its own and no counts. Inside one report such a telling
/// by the same sides is the strike the report places in a town of that country ("two navies
/// bombed the airport of Northtown" … "with both navies bombing targets inside Aland"), not a
/// country-wide barrage: a barrage SCHEMA.md keeps apart from its towns is told with its own
/// night and its own figures ("fired 90 drones across Aland overnight").
fn vague_country(
    wide: &Facets,
    at: &sitrep_model::Location,
    town: &sitrep_model::Location,
) -> bool {
    at.feature.as_deref() == Some("country")
        && at.country.is_some()
        && at.country == town.country
        && wide.date.is_none_or(|d| d.text.is_none())
        && !wide.counts
}

/// Whether `coarse`, a province or a named region, holds the town `fine`: its province is
/// that province, or the region's name is part of the province's ("Sinai" holds a town of
/// North Sinai, "Kashmir" one of Jammu and Kashmir). The gazetteer records a town's province
/// but not the regions around it, so a region is matched by its name.
fn region_holds(coarse: &sitrep_model::Location, fine: &sitrep_model::Location) -> bool {
    let Some(province) = fine.admin1.as_deref() else {
        return false;
    };
    match coarse.feature.as_deref() {
        Some("admin1") => province == coarse.name,
        Some("region") => {
            let words = |s: &str| -> Vec<String> {
                s.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect()
            };
            let (region, province) = (words(&coarse.name), words(province));
            !region.is_empty()
                && province
                    .windows(region.len())
                    .any(|w| w == region.as_slice())
        }
        _ => false,
    }
}

/// Whether two party lists name a party alike (case and articles aside).
fn same_names(a: &[Party], b: &[Party]) -> bool {
    let key = |p: &Party| {
        p.name
            .split_whitespace()
            .filter(|w| !matches!(w.to_lowercase().as_str(), "the" | "a" | "an"))
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    a.iter().any(|x| b.iter().any(|y| key(x) == key(y)))
}

/// The location if the text states it for this telling.
fn stated(l: Option<&sitrep_model::Location>) -> Option<&sitrep_model::Location> {
    l.filter(|l| !l.inferred)
}

fn text_none(d: Option<&sitrep_model::DateInfo>) -> bool {
    d.is_some_and(|d| d.text.is_none())
}

fn add_parties(into: &mut Vec<Party>, from: &[Party]) {
    for p in from {
        let dup = into.iter().any(|q| {
            (q.entity.is_some() && q.entity == p.entity)
                || (q.country == p.country
                    && q.kind == p.kind
                    && p.kind != sitrep_model::EntityKind::Person)
        });
        if !dup {
            into.push(p.clone());
        }
    }
}

fn add_labels(into: &mut Vec<String>, from: &[String]) {
    for x in from {
        if !into.contains(x) {
            into.push(x.clone());
        }
    }
}

fn add_claimants(into: &mut Vec<sitrep_model::Claimant>, from: &[sitrep_model::Claimant]) {
    for c in from {
        if !into.iter().any(|x| x.name == c.name) {
            into.push(c.clone());
        }
    }
}

fn add_magnitudes(into: &mut Vec<Magnitude>, from: &[Magnitude]) {
    for m in from {
        if !into
            .iter()
            .any(|x| x.measure == m.measure && x.count == m.count && x.unit == m.unit)
        {
            into.push(m.clone());
        }
    }
}

/// Folds `b` into `a`.
pub fn absorb(a: &mut Candidate, b: &Candidate) {
    add_parties(&mut a.actors, &b.actors);
    add_parties(&mut a.recipients, &b.recipients);
    // Symmetric events: whoever is an actor somewhere is not also a recipient.
    if a.event_type.is_symmetric() {
        let act = countries(&a.actors);
        a.recipients
            .retain(|r| !r.country.as_ref().is_some_and(|c| act.contains(c)));
    }
    let better_loc = match (&a.location, &b.location) {
        (None, Some(_)) => true,
        // (A town the text did not state for this telling does not replace a country it did.)
        (Some(la), Some(lb)) => {
            (la.inferred && !lb.inferred)
                || (!a.place_level && b.place_level && (la.inferred || !lb.inferred))
        }
        _ => false,
    };
    if better_loc {
        a.location = b.location.clone();
        a.place_level = b.place_level;
    }
    let better_date = match (&a.date, &b.date) {
        (None, Some(_)) => true,
        (Some(da), Some(db)) => {
            let span = |d: &sitrep_model::DateInfo| match (d.start, d.end) {
                (Some(s), Some(e)) => (e - s).num_days(),
                _ => i64::MAX,
            };
            (da.text.is_none() && db.text.is_some()) || (db.text.is_some() && span(db) < span(da))
        }
        _ => false,
    };
    if better_date {
        a.date = b.date.clone();
    }
    add_magnitudes(&mut a.magnitude, &b.magnitude);
    add_labels(&mut a.mode, &b.mode);
    add_labels(&mut a.context, &b.context);
    add_claimants(&mut a.claimed_by, &b.claimed_by);
    a.confidence = (a.confidence.max(b.confidence) + 0.05).min(0.98);
}

/// Groups candidates of one document into events: each group lists indices into `cands`.
pub fn cluster(cands: &[Candidate]) -> Vec<(Candidate, Vec<usize>)> {
    let all: Vec<usize> = (0..cands.len()).collect();
    cluster_among(cands, &all, &mut ClusterStats::default())
}

/// What [`cluster_among`] did, for tests that check work rather than time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClusterStats {
    /// Candidates clustered.
    pub candidates: u64,
    /// Merge tests run (`same_event_with` calls).
    pub comparisons: u64,
    /// Party country sets worked out ([`PartyCountries::of`]): one per candidate and one per
    /// candidate folded into a group, never one per comparison.
    pub party_sets: u64,
}

/// [`cluster`] over the candidates `among` lists (indices into `cands`, in order): each group
/// lists indices into `cands`. The parties' country sets of every candidate and of every
/// group are worked out once (again when the group absorbs a candidate), not for each
/// comparison: a document dense with events of one type compares each candidate with up to
/// hundreds of groups, and sorting and copying the country codes of both sides for every
/// comparison was a fifth of the time of extracting a 15 MB document. The groups are those
/// [`compatible`] gives, in the same order.
pub fn cluster_among(
    cands: &[Candidate],
    among: &[usize],
    stats: &mut ClusterStats,
) -> Vec<(Candidate, Vec<usize>)> {
    let mut groups: Vec<(Candidate, Vec<usize>, PartyCountries)> = Vec::new();
    for &i in among {
        let Some(c) = cands.get(i) else {
            continue;
        };
        stats.candidates += 1;
        let cf = c.facets();
        let cp = PartyCountries::of(&cf);
        stats.party_sets += 1;
        if crate::events::trace().is_some() {
            // What the merge test sees of each telling, to tell why two were kept apart.
            let place = c.location.as_ref().map(|l| {
                format!(
                    "{} ({}{})",
                    l.name,
                    l.feature.as_deref().unwrap_or("?"),
                    if l.inferred { ", inferred" } else { "" }
                )
            });
            let date = c
                .date
                .as_ref()
                .map(|d| format!("{:?}..{:?} text {:?}", d.start, d.end, d.text));
            let joins = groups
                .iter()
                .position(|(rep, _, rp)| same_event_with(&rep.facets(), &cf, rp, &cp, false));
            eprintln!(
                "trace: merge #{i} {:?} s{} mode {:?} place {place:?} date {date:?} counts {} -> group {joins:?}",
                c.event_type,
                c.sentence,
                c.mode,
                c.magnitude.len()
            );
        }
        let found = groups.iter_mut().find(|(rep, _, rp)| {
            stats.comparisons += 1;
            same_event_with(&rep.facets(), &cf, rp, &cp, false)
        });
        match found {
            Some((rep, members, rp)) => {
                absorb(rep, c);
                *rp = PartyCountries::of(&rep.facets());
                stats.party_sets += 1;
                members.push(i);
            }
            None => groups.push((c.clone(), vec![i], cp)),
        }
    }
    groups.into_iter().map(|(rep, m, _)| (rep, m)).collect()
}

/// Folds events that several documents report into one record each: parties, places and dates
/// combine, every document's evidence is kept, and where sources give different figures for
/// the same measure each figure stays, with the source that gave it. Records come out in the
/// order their first report came in.
pub fn merge_records(events: Vec<EventRecord>) -> Vec<EventRecord> {
    let mut m = Merger::new(usize::MAX);
    for e in events {
        m.push(e);
    }
    // Nothing has left (the window is endless and nothing was drained), so the order of first
    // reports can be restored across the records that were set aside and those still open.
    let mut all: Vec<(u64, EventRecord)> = std::mem::take(&mut m.unjoinable);
    all.extend(m.open.drain(..).map(|o| (o.born, o.rec)));
    all.sort_by_key(|(born, _)| *born);
    all.into_iter().map(|(_, e)| e).collect()
}

/// What a [`Merger`] did, for tests that check work rather than time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeStats {
    /// Events pushed.
    pub events: u64,
    /// Full merge tests run (`same_event` calls).
    pub comparisons: u64,
    /// Block entries read while looking for candidates (the merge's real work: an entry is a
    /// few words, read in order).
    pub scanned: u64,
    /// Open records looked at as candidates (those whose dates may meet the event's:
    /// compared, or skipped as citing the same document).
    pub visited: u64,
    /// Events folded into an earlier record.
    pub merged: u64,
    /// The most records held at once.
    pub peak_live: usize,
}

/// A record still open to later reports, with the documents it already cites (kept beside
/// it so that a record reported by thousands of copies is not rescanned for every new one).
struct Open {
    rec: EventRecord,
    docs: FxHashSet<String>,
    /// Sequence number of the event that opened it: the window is counted from here.
    born: u64,
    /// The blocking keys it is filed under (see [`Merger`]).
    keys: Vec<String>,
    parties: PartyCountries,
}

/// An open record as a block lists it: its id and its date span (days from the common era),
/// so that the date test every merge across documents needs rejects a candidate without
/// touching the record. Looking at each candidate record (a cache miss for the record and one
/// for its set of documents) was most of the merge's time, on a corpus whose blocks hold
/// records of many dates.
#[derive(Debug, Clone, Copy)]
struct Filed {
    id: u64,
    /// First day of the record's date.
    lo: i64,
    /// Its last day (the first when it has no end).
    hi: i64,
}

/// The day span a record is filed with; `None` when undated (such a record is filed nowhere).
fn day_span(d: Option<&sitrep_model::DateInfo>) -> Option<(i64, i64)> {
    let d = d?;
    let s = d.start?;
    let e = d.end.unwrap_or(s);
    Some((
        i64::from(s.num_days_from_ce()),
        i64::from(e.num_days_from_ce()),
    ))
}

/// Whether the date test of [`same_event_with`] could pass for spans `a` and `b`: it rejects
/// two dated tellings whose spans, widened by at most [`LENIENT_SLACK_DAYS`], do not meet.
fn dates_may_meet(a: (i64, i64), b: (i64, i64)) -> bool {
    let slack = i64::try_from(LENIENT_SLACK_DAYS).unwrap_or(i64::MAX);
    a.0 <= b.1.saturating_add(slack) && b.0 <= a.1.saturating_add(slack)
}

/// Cross-document merging in near-linear time, with bounded memory.
///
/// Two reports can only be one event when they share the event type, the auxiliary mode and
/// at least one country among the parties the merge test compares (actors for directed
/// events, every party for symmetric ones), and both carry a date. Open records are therefore
/// filed under (type, aux, country); a new event is tested only against the records filed
/// under its own keys, in the order they were opened, so it picks the same record the
/// all-pairs scan would. Each entry carries the record's date span, and one whose dates
/// cannot meet the event's (even with the lenient slack) is passed over without looking at
/// the record: a block of one country and type holds records of every date in the window. Records grow parties as they absorb reports, and are filed under the
/// new keys as they do. Keys never shrink, so no record is ever missed.
///
/// A record stays open for `window` events after the one that opened it, then is handed out
/// by [`Merger::drain_ready`] in the order records were opened, so the output is the all-pairs
/// result whenever the whole input fits in the window. A record filed under no key (undated,
/// or no party of a known country) can never be found by a later event, so it is handed out
/// at once, ahead of older open records: without that, the first line of a large run would
/// wait for the whole window to pass.
pub struct Merger {
    window: u64,
    seq: u64,
    /// Id of `open[0]`; ids count records in the order they were opened.
    base: u64,
    open: VecDeque<Open>,
    /// Records no later event can join, with the sequence number of their event, waiting for
    /// the next [`Merger::drain_ready`].
    unjoinable: Vec<(u64, EventRecord)>,
    /// Per (type, aux) and country, the open records filed there, by id. Records leave in
    /// id order, so the one leaving is always at the front.
    blocks: FxHashMap<(EventType, Option<sitrep_model::Aux>), FxHashMap<String, VecDeque<Filed>>>,
    stats: MergeStats,
    /// The document whose events are being pushed now, and the id of the first record opened
    /// since its first event came. Every record opened since cites that document, so it can
    /// never take that document's later events: they are not even looked at. Without this,
    /// a long document of one war (thousands of events filed under the same few countries)
    /// had every event walk every record its own earlier events had opened.
    run: Option<(String, u64)>,
}

/// The countries a record is filed under: those the merge test requires a common one of.
fn block_keys(f: &Facets, p: &PartyCountries) -> Vec<String> {
    if f.date.is_none_or(|d| d.start.is_none()) {
        // Undated reports never merge across documents.
        return Vec::new();
    }
    if f.event_type.is_symmetric() {
        p.all.clone()
    } else {
        p.actors.clone()
    }
}

impl Merger {
    /// A merger that keeps each record open for `window` further events (`usize::MAX`: until
    /// [`Merger::finish`]).
    pub fn new(window: usize) -> Self {
        Merger {
            window: u64::try_from(window).unwrap_or(u64::MAX),
            seq: 0,
            base: 0,
            open: VecDeque::new(),
            unjoinable: Vec::new(),
            blocks: FxHashMap::default(),
            stats: MergeStats::default(),
            run: None,
        }
    }

    /// What the merger has done so far.
    pub fn stats(&self) -> MergeStats {
        self.stats
    }

    /// Records held open now (those waiting to be drained included).
    pub fn open_records(&self) -> usize {
        self.open.len() + self.unjoinable.len()
    }

    /// Adds one document's event: folded into the first open record that reports the same
    /// event from other documents, else opened as a new record.
    pub fn push(&mut self, e: EventRecord) {
        self.stats.events += 1;
        let facets = record_facets(&e);
        let parties = PartyCountries::of(&facets);
        let keys = block_keys(&facets, &parties);
        let kind = (e.event_type, e.aux);
        let mut docs: Vec<&str> = e.evidence.iter().map(|v| v.doc.as_str()).collect();
        docs.sort_unstable();
        docs.dedup();
        // Records opened during this document's run cite it: candidates stop before them.
        let limit = match (&self.run, docs.as_slice()) {
            (Some((d, start)), [one]) if d == one => *start,
            (_, [one]) => {
                let start = self.base + self.open.len() as u64;
                self.run = Some(((*one).to_string(), start));
                start
            }
            _ => {
                self.run = None;
                u64::MAX
            }
        };
        let span = day_span(facets.date);
        let mut cands: Vec<u64> = Vec::new();
        let mut scanned = 0u64;
        if let (Some(by_country), Some(span)) = (self.blocks.get(&kind), span) {
            for k in &keys {
                if let Some(filed) = by_country.get(k) {
                    // Entries are kept sorted by id.
                    let n = filed.partition_point(|f| f.id < limit);
                    scanned += n as u64;
                    cands.extend(
                        filed
                            .range(..n)
                            .filter(|f| dates_may_meet((f.lo, f.hi), span))
                            .map(|f| f.id),
                    );
                }
            }
        }
        cands.sort_unstable();
        cands.dedup();
        let mut target = None;
        self.stats.scanned += scanned;
        self.stats.visited += cands.len() as u64;
        crate::work(scanned);
        for id in cands {
            let Some(o) = usize::try_from(id - self.base)
                .ok()
                .and_then(|i| self.open.get(i))
            else {
                continue;
            };
            if docs.iter().any(|d| o.docs.contains(*d)) {
                continue;
            }
            self.stats.comparisons += 1;
            if same_event_with(&record_facets(&o.rec), &facets, &o.parties, &parties, true) {
                target = Some(id);
                break;
            }
        }
        let docs: Vec<String> = docs.into_iter().map(str::to_string).collect();
        self.seq += 1;
        match target.and_then(|id| usize::try_from(id - self.base).ok()) {
            Some(i) => {
                self.stats.merged += 1;
                let id = self.base + i as u64;
                let Some(o) = self.open.get_mut(i) else {
                    return;
                };
                o.docs.extend(docs);
                let before = day_span(o.rec.date.as_ref());
                absorb_record(&mut o.rec, e);
                // New parties file the record under new keys; a new date refiles it.
                let f = record_facets(&o.rec);
                o.parties = PartyCountries::of(&f);
                let now = block_keys(&f, &o.parties);
                let Some((lo, hi)) = day_span(f.date) else {
                    return;
                };
                let by_country = self.blocks.entry(kind).or_default();
                if before != Some((lo, hi)) {
                    for k in &o.keys {
                        if let Some(filed) = by_country.get_mut(k)
                            && let Ok(p) = filed.binary_search_by_key(&id, |f| f.id)
                            && let Some(f) = filed.get_mut(p)
                        {
                            (f.lo, f.hi) = (lo, hi);
                        }
                    }
                }
                for k in now {
                    if !o.keys.contains(&k) {
                        let filed = by_country.entry(k.clone()).or_default();
                        if let Err(p) = filed.binary_search_by_key(&id, |f| f.id) {
                            filed.insert(p, Filed { id, lo, hi });
                        }
                        o.keys.push(k);
                    }
                }
            }
            None if keys.is_empty() || span.is_none() => {
                // Found under no key, so no later event can join it.
                self.unjoinable.push((self.seq - 1, e));
            }
            None => {
                let id = self.base + self.open.len() as u64;
                let (lo, hi) = span.unwrap_or_default();
                let by_country = self.blocks.entry(kind).or_default();
                for k in &keys {
                    by_country
                        .entry(k.clone())
                        .or_default()
                        .push_back(Filed { id, lo, hi });
                }
                self.open.push_back(Open {
                    rec: e,
                    docs: docs.into_iter().collect(),
                    born: self.seq - 1,
                    keys,
                    parties,
                });
                self.stats.peak_live = self.stats.peak_live.max(self.open.len());
            }
        }
    }

    /// Moves the records no later event can join to `out`: those filed under no key, then
    /// those whose window has passed, oldest first.
    pub fn drain_ready(&mut self, out: &mut Vec<EventRecord>) {
        out.extend(self.unjoinable.drain(..).map(|(_, e)| e));
        while let Some(front) = self.open.front() {
            if front.born.saturating_add(self.window) > self.seq {
                break;
            }
            self.pop_front(out);
        }
    }

    /// Moves every record still open to `out`, oldest first.
    pub fn finish(&mut self, out: &mut Vec<EventRecord>) {
        out.extend(self.unjoinable.drain(..).map(|(_, e)| e));
        while !self.open.is_empty() {
            self.pop_front(out);
        }
    }

    fn pop_front(&mut self, out: &mut Vec<EventRecord>) {
        let Some(o) = self.open.pop_front() else {
            return;
        };
        let id = self.base;
        self.base += 1;
        let kind = (o.rec.event_type, o.rec.aux);
        if let Some(by_country) = self.blocks.get_mut(&kind) {
            for k in &o.keys {
                if let Some(filed) = by_country.get_mut(k) {
                    // The oldest open record has the smallest id of any list.
                    if filed.front().is_some_and(|f| f.id == id) {
                        filed.pop_front();
                    }
                    if filed.is_empty() {
                        by_country.remove(k);
                    }
                }
            }
        }
        out.push(o.rec);
    }
}

fn absorb_record(a: &mut EventRecord, b: EventRecord) {
    add_parties(&mut a.actors, &b.actors);
    add_parties(&mut a.recipients, &b.recipients);
    if a.location.is_none() || (record_facets(&b).place_level && !record_facets(a).place_level) {
        a.location = b.location.clone().or(a.location.take());
    }
    let span = |d: &sitrep_model::DateInfo| match (d.start, d.end) {
        (Some(s), Some(e)) => (e - s).num_days(),
        _ => i64::MAX,
    };
    if let Some(db) = &b.date
        && db.text.is_some()
        && a.date
            .as_ref()
            .is_none_or(|da| da.text.is_none() || span(db) < span(da))
    {
        a.date = b.date.clone();
    }
    // Figures: the same measure with a different count is another source's figure.
    let source = |e: &EventRecord| e.claimed_by.first().map(|c| c.name.clone());
    let a_source = source(a);
    let b_source = source(&b);
    for m in &b.magnitude {
        let same = a
            .magnitude
            .iter()
            .any(|x| x.measure == m.measure && x.count == m.count && x.unit == m.unit);
        if same {
            continue;
        }
        if a.magnitude.iter().any(|x| x.measure == m.measure) {
            for x in a
                .magnitude
                .iter_mut()
                .filter(|x| x.measure == m.measure && x.claimed_by.is_none())
            {
                x.claimed_by = a_source.clone();
            }
            let mut m = m.clone();
            if m.claimed_by.is_none() {
                m.claimed_by = b_source.clone();
            }
            a.magnitude.push(m);
        } else {
            a.magnitude.push(m.clone());
        }
    }
    add_labels(&mut a.mode, &b.mode);
    add_labels(&mut a.context, &b.context);
    add_claimants(&mut a.claimed_by, &b.claimed_by);
    for r in b.rule.split("; ") {
        if !a.rule.split("; ").any(|x| x == r) {
            a.rule.push_str("; ");
            a.rule.push_str(r);
        }
    }
    a.evidence.extend(b.evidence);
    a.confidence = ((a.confidence.max(b.confidence) + 0.05).min(0.98) * 100.0).round() / 100.0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use sitrep_model::{DateInfo, EntityKind, Evidence, Location, Precision};

    /// The all-pairs merge that `merge_records` replaced, kept as the reference its decisions
    /// are checked against.
    fn reference_merge(events: Vec<EventRecord>) -> Vec<EventRecord> {
        let mut out: Vec<(EventRecord, HashSet<String>)> = Vec::new();
        for e in events {
            let docs: HashSet<String> = e.evidence.iter().map(|v| v.doc.clone()).collect();
            let target = out.iter().position(|(o, seen)| {
                seen.is_disjoint(&docs) && same_event(&record_facets(o), &record_facets(&e), true)
            });
            match target {
                None => out.push((e, docs)),
                Some(i) => {
                    let (o, seen) = &mut out[i];
                    seen.extend(docs);
                    absorb_record(o, e);
                }
            }
        }
        out.into_iter().map(|(e, _)| e).collect()
    }

    /// A small deterministic generator (no clock, no global state), so failures reproduce.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }
    }

    const TYPES: [EventType; 5] = [
        EventType::Assault,
        EventType::Consult,
        EventType::Accuse,
        EventType::Protest,
        EventType::Agree,
    ];

    #[test]
    fn a_target_country_place_and_another_of_its_kind() {
        let day = NaiveDate::from_ymd_opt(2024, 7, 8);
        let date = DateInfo {
            start: day,
            end: day,
            precision: Precision::Day,
            text: Some("8 July 2024".into()),
        };
        let place = |name: &str, cc: &str, feature: &str, inferred: bool| Location {
            name: name.into(),
            country: Some(cc.into()),
            admin1: None,
            lat: None,
            lon: None,
            feature: Some(feature.into()),
            inferred,
        };
        let (pse, isr) = ([party("PSE")], [party("ISR")]);
        let gaza = place("Gaza City", "PSE", "city", false);
        let israel = place("Israel", "ISR", "country", true);
        fn facets<'a>(
            loc: &'a Location,
            another: bool,
            (actors, recipients, date): (&'a [Party], &'a [Party], &'a DateInfo),
        ) -> Facets<'a> {
            Facets {
                event_type: EventType::Assault,
                aux: None,
                mode: &[],
                actors,
                recipients,
                date: Some(date),
                location: Some(loc),
                place_level: loc.feature.as_deref() != Some("country"),
                another,
                refers_back: false,
                counts: false,
                telling: None,
            }
        }
        let ctx = (&pse[..], &isr[..], &date);
        let a = facets(&gaza, false, ctx);
        // Soldiers killed, placed in their own country only because they are its soldiers:
        // the same attack as the one the report placed in Gaza City.
        let b = facets(&israel, false, ctx);
        assert!(same_event(&a, &b, false));
        // Across reports the inferred country still counts.
        assert!(!same_event(&a, &b, true));
        // "Another …" told later is a new event; one told before it may be joined by later ones.
        let c = facets(&gaza, true, ctx);
        assert!(!same_event(&a, &c, false));
        assert!(same_event(&c, &a, false));
        // A town and the province it lies in, in one report: one event; across reports, or
        // a town of another province, two.
        let mut town = place("Gaza City", "PSE", "city", false);
        town.admin1 = Some("Gaza Strip".into());
        let province = place("Gaza Strip", "PSE", "admin1", false);
        let (t, p) = (facets(&town, false, ctx), facets(&province, false, ctx));
        assert!(same_event(&t, &p, false) && same_event(&p, &t, false));
        assert!(!same_event(&t, &p, true));
        let mut other = place("Hebron", "PSE", "city", false);
        other.admin1 = Some("West Bank".into());
        assert!(!same_event(&facets(&other, false, ctx), &p, false));
        // A named region holds the towns of the provinces that carry its name ("Sinai" and a
        // town of North Sinai), not those of other provinces.
        let mut sinai_town = place("Arish", "EGY", "city", false);
        sinai_town.admin1 = Some("North Sinai".into());
        let sinai = place("Sinai", "EGY", "region", false);
        let mut delta_town = place("Tanta", "EGY", "city", false);
        delta_town.admin1 = Some("Gharbia".into());
        let egy = [party("EGY")];
        let ctx = (&egy[..], &egy[..], &date);
        let region = facets(&sinai, false, ctx);
        assert!(same_event(&facets(&sinai_town, false, ctx), &region, false));
        assert!(!same_event(
            &facets(&delta_town, false, ctx),
            &region,
            false
        ));
        // A word inside a province's name is no region ("North" is not "North Sinai").
        let north = place("North", "EGY", "region", false);
        assert!(!same_event(
            &facets(&delta_town, false, ctx),
            &facets(&north, false, ctx),
            false
        ));
    }

    #[test]
    fn a_seizure_and_the_arrests_of_one_raid_are_one_event() {
        let day = NaiveDate::from_ymd_opt(2024, 7, 8);
        let date = DateInfo {
            start: day,
            end: day,
            precision: Precision::Day,
            text: None,
        };
        let bra = [party("BRA")];
        fn coerce<'a>(mode: &'a [String], actors: &'a [Party], date: &'a DateInfo) -> Facets<'a> {
            Facets {
                event_type: EventType::Coerce,
                ..talks(mode, actors, date, None)
            }
        }
        let modes = ["seize", "arrest", "curfew"].map(|m| [m.to_string()]);
        let [seize, arrest, curfew] = modes.each_ref().map(|m| coerce(m, &bra, &date));
        assert!(same_event(&seize, &arrest, false));
        // Other kinds of repression stay apart.
        assert!(!same_event(&curfew, &arrest, false));
    }

    #[test]
    fn a_march_and_the_road_its_crowd_blocked_are_one_protest() {
        // "Thousands marched through Northtown on 3 March against fuel prices. Marchers later
        // blocked the ring road."
        let crowd = [party("AAA")];
        let (dated, undated) = (day(3, Some("on 3 March")), day(3, None));
        let demo = ["demo".to_string()];
        let obstruct = ["obstruct".to_string()];
        let riot = ["riot".to_string(), "vandalize".to_string()];
        let strike = ["strike".to_string()];
        let with = |mode, d| Facets {
            event_type: EventType::Protest,
            ..talks(mode, &crowd, d, None)
        };
        let march = with(&demo, &dated);
        assert!(same_event(&march, &with(&obstruct, &undated), false));
        assert!(same_event(&with(&riot, &undated), &march, false));
        // A strike is another kind of protest.
        assert!(!same_event(&march, &with(&strike, &undated), false));
    }

    #[test]
    fn police_blocking_a_march_in_a_town_and_detaining_marchers_act_once() {
        // "Police blocked a march of taxi drivers in Northtown on 3 March. Several drivers
        // were detained." The second sentence states no place or day of its own.
        let police = [party("AAA")];
        let north = town("Northtown", "AAA");
        let (dated, undated) = (day(3, Some("on 3 March")), day(3, None));
        let (censor, arrest) = (["censor".to_string()], ["arrest".to_string()]);
        fn coerce<'a>(
            mode: &'a [String],
            who: &'a [Party],
            place: Option<&'a Location>,
            date: &'a DateInfo,
        ) -> Facets<'a> {
            Facets {
                event_type: EventType::Coerce,
                recipients: who,
                location: place,
                place_level: place.is_some(),
                ..talks(mode, who, date, None)
            }
        }
        let blocked = coerce(&censor, &police, Some(&north), &dated);
        let detained = coerce(&arrest, &police, None, &undated);
        assert!(same_event(&blocked, &detained, false) && same_event(&detained, &blocked, false));
        // Across reports, two events.
        assert!(!same_event(&blocked, &detained, true));
        // A ban placed in no town ("the party was outlawed") is not the arrests.
        let banned = coerce(&censor, &police, None, &dated);
        assert!(!same_event(&banned, &detained, false));
    }

    /// A violent telling for the tests below: `who` struck `whom` in `town` (stated) on `date`.
    fn strike<'a>(
        who: &'a [Party],
        whom: &'a [Party],
        town: &'a Location,
        date: &'a DateInfo,
    ) -> Facets<'a> {
        Facets {
            event_type: EventType::Assault,
            aux: None,
            mode: &[],
            actors: who,
            recipients: whom,
            date: Some(date),
            location: Some(town),
            place_level: town.feature.as_deref() != Some("country"),
            another: false,
            refers_back: false,
            counts: false,
            telling: None,
        }
    }

    fn town(name: &str, cc: &str) -> Location {
        Location {
            name: name.into(),
            country: Some(cc.into()),
            admin1: None,
            lat: None,
            lon: None,
            feature: Some("city".into()),
            inferred: false,
        }
    }

    fn day(d: u32, text: Option<&str>) -> DateInfo {
        let day = NaiveDate::from_ymd_opt(2031, 3, d);
        DateInfo {
            start: day,
            end: day,
            precision: Precision::Day,
            text: text.map(str::to_string),
        }
    }

    #[test]
    fn one_sides_strikes_on_one_town_on_one_day_are_one_event_whoever_was_hit() {
        // "Rebels fired mortars at the port of Northtown on Monday" and "… wounding two
        // guards of a foreign company": the second clause's victims resolve to another side.
        let (rebels, home, foreign) = ([party("AAA")], [party("AAA")], [party("BBB")]);
        let (north, south) = (town("Northtown", "AAA"), town("Southtown", "AAA"));
        let (monday, tuesday) = (day(3, Some("on Monday")), day(4, Some("on Tuesday")));
        let a = strike(&rebels, &home, &north, &monday);
        let b = strike(&rebels, &foreign, &north, &monday);
        assert!(same_event(&a, &b, false) && same_event(&b, &a, false));
        // Across reports the recipients still tell events apart.
        assert!(!same_event(&a, &b, true));
        // Another town, another day or another attacker: two events.
        assert!(!same_event(
            &a,
            &strike(&rebels, &foreign, &south, &monday),
            false
        ));
        assert!(!same_event(
            &a,
            &strike(&rebels, &foreign, &north, &tuesday),
            false
        ));
        assert!(!same_event(
            &a,
            &strike(&foreign, &home, &north, &monday),
            false
        ));
        // A place the text did not state for the telling is no common town.
        let mut guessed = north.clone();
        guessed.inferred = true;
        assert!(!same_event(
            &a,
            &strike(&rebels, &foreign, &guessed, &monday),
            false
        ));
        // Other types keep their recipients apart ("arrested two foreigners and a local").
        let mut c = strike(&rebels, &home, &north, &monday);
        let mut d = strike(&rebels, &foreign, &north, &monday);
        (c.event_type, d.event_type) = (EventType::Coerce, EventType::Coerce);
        assert!(!same_event(&c, &d, false));
    }

    #[test]
    fn a_country_wide_telling_with_no_day_or_counts_is_the_strike_on_a_town() {
        // "Two navies bombed the port of Northtown a day earlier" and later "with both navies
        // bombing targets inside Aland": the second says only which country.
        let (navies, target) = ([party("BBB"), party("CCC")], [party("AAA")]);
        let north = town("Northtown", "AAA");
        let mut aland = town("Aland", "AAA");
        aland.feature = Some("country".into());
        let undated = day(3, None);
        let a = strike(&navies, &target, &north, &undated);
        let b = strike(&navies, &target, &aland, &undated);
        assert!(same_event(&a, &b, false) && same_event(&b, &a, false));
        // Across reports the country and the town stay apart.
        assert!(!same_event(&a, &b, true));
        // A country-wide telling with its own night, or its own figures, is a barrage of its
        // own (SCHEMA.md: the country-wide barrage and each town's strike).
        let overnight = day(3, Some("overnight"));
        assert!(!same_event(
            &a,
            &strike(&navies, &target, &aland, &overnight),
            false
        ));
        let counted = Facets {
            counts: true,
            ..strike(&navies, &target, &aland, &undated)
        };
        assert!(!same_event(&a, &counted, false));
        // Nor does it join a strike by fewer of its sides, or on other targets.
        assert!(!same_event(
            &strike(&navies[..1], &target, &north, &undated),
            &b,
            false
        ));
        let other = [party("AAA"), party("DDD")];
        assert!(!same_event(
            &strike(&navies, &other, &north, &undated),
            &b,
            false
        ));
        // Nor a town of another country.
        let south = town("Southtown", "DDD");
        assert!(!same_event(
            &strike(&navies, &target, &south, &undated),
            &b,
            false
        ));
    }

    #[test]
    fn two_tellings_of_one_exchange_of_fire_are_one_event() {
        // "Troops of Aland and Borland shelled each other's posts in Tarn on Friday. The truce
        // was broken in a district of Borland's province of Free Tarn." Each telling
        // resolves the side hit differently, and the gazetteer files the region under Aland.
        let (both, aland, borland) = ([party("AAA"), party("BBB")], [party("AAA")], [party("BBB")]);
        let mut highlands = town("Tarn", "AAA");
        highlands.feature = Some("region".into());
        let mut district = town("Lowfield District", "BBB");
        district.admin1 = Some("Free Tarn".into());
        let (friday, undated) = (day(7, Some("on Friday")), day(7, None));
        let a = strike(&both, &aland, &highlands, &friday);
        let b = strike(&both, &borland, &district, &undated);
        assert!(same_event(&a, &b, false) && same_event(&b, &a, false));
        // Across reports, two events.
        assert!(!same_event(&a, &b, true));
        // One side's strike on the other is no exchange: its target still counts.
        assert!(!same_event(
            &strike(&aland, &borland, &highlands, &friday),
            &strike(&aland, &aland, &district, &undated),
            false
        ));
        // A place of a third country, or one the region does not hold, is another front.
        let mut elsewhere = town("Farfield District", "BBB");
        elsewhere.admin1 = Some("Coast Province".into());
        assert!(!same_event(
            &a,
            &strike(&both, &borland, &elsewhere, &undated),
            false
        ));
        let mut third = district.clone();
        third.country = Some("CCC".into());
        assert!(!same_event(
            &a,
            &strike(&both, &borland, &third, &undated),
            false
        ));
    }

    /// Talks for the test below, read at `telling` (`None`: a finished record).
    fn talks<'a>(
        mode: &'a [String],
        actors: &'a [Party],
        date: &'a DateInfo,
        telling: Option<Telling>,
    ) -> Facets<'a> {
        Facets {
            event_type: EventType::Consult,
            aux: None,
            mode,
            actors,
            recipients: &[],
            date: Some(date),
            location: None,
            place_level: false,
            another: false,
            refers_back: false,
            counts: false,
            telling,
        }
    }

    #[test]
    fn talks_told_inside_a_phone_calls_clause_are_that_call() {
        // "The minister telephoned his counterpart on Tuesday to discuss the truce, and they
        // met in the capital the week before."
        let (one, both) = ([party("AAA")], [party("AAA"), party("BBB")]);
        let tuesday = day(4, Some("on Tuesday"));
        let phone = ["phone".to_string()];
        let at = |sentence: usize, trigger: usize, clause: (usize, usize)| {
            Some(Telling {
                sentence,
                trigger,
                clause,
            })
        };
        let call = talks(&phone, &both, &tuesday, at(0, 3, (0, 12)));
        let discuss = talks(&[], &one, &tuesday, at(0, 9, (0, 12)));
        assert!(same_event(&call, &discuss, false) && same_event(&discuss, &call, false));
        // A meeting told outside the call's clause, on another day, is not the call, even in
        // its sentence.
        let week_before = day(1, Some("the week before"));
        let met = talks(&[], &one, &week_before, at(0, 15, (13, 20)));
        assert!(!same_event(&call, &met, false));
        // Talks told with nothing but the day and the people, in another sentence (a
        // headline "Two ministers discuss truce", "During the call, they discussed …"), are
        // the call...
        let later = talks(&[], &one, &tuesday, at(1, 9, (0, 12)));
        assert!(same_event(&call, &later, false) && same_event(&later, &call, false));
        // ...but not across reports, nor talks placed somewhere ("they met in the capital on
        // Tuesday"), nor talks with a party the call does not have.
        assert!(!same_event(&call, &talks(&[], &one, &tuesday, None), true));
        let capital = town("Capital City", "AAA");
        let placed = Facets {
            location: Some(&capital),
            place_level: true,
            ..talks(&[], &one, &tuesday, at(1, 9, (0, 12)))
        };
        assert!(!same_event(&call, &placed, false));
        let third = [party("AAA"), party("CCC")];
        assert!(!same_event(
            &call,
            &talks(&[], &third, &tuesday, at(1, 9, (0, 12))),
            false
        ));
        // Talks with a mode of their own (a visit) stay apart.
        let visit = ["visit".to_string()];
        assert!(!same_event(
            &call,
            &talks(&visit, &one, &tuesday, at(0, 9, (0, 12))),
            false
        ));
    }

    fn party(c: &str) -> Party {
        Party {
            name: c.to_string(),
            entity: Some(format!("country:{c}")),
            kind: EntityKind::Country,
            country: Some(c.to_string()),
            sector: None,
            role: None,
        }
    }

    /// Random per-document events over `countries` countries and `days` days, a few per
    /// document, with the facets the merge test looks at varied.
    fn events(seed: u64, n: usize, countries: u64, days: u64) -> Vec<EventRecord> {
        let mut r = Lcg(seed);
        let day0 = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        let mut out = Vec::new();
        let mut doc = 0;
        while out.len() < n {
            doc += 1;
            for k in 0..=r.next(4) {
                let c = |r: &mut Lcg| format!("C{:02}", r.next(countries));
                let actors: Vec<Party> = (0..=r.next(2)).map(|_| party(&c(&mut r))).collect();
                let recipients: Vec<Party> = (0..r.next(2)).map(|_| party(&c(&mut r))).collect();
                let start = day0 + chrono::Days::new(r.next(days));
                let date = match r.next(6) {
                    0 => None,
                    1 => Some(DateInfo {
                        start: Some(start),
                        end: Some(start),
                        precision: Precision::Day,
                        text: None,
                    }),
                    _ => Some(DateInfo {
                        start: Some(start),
                        end: Some(start + chrono::Days::new(r.next(3))),
                        precision: Precision::Day,
                        text: Some("on Tuesday".into()),
                    }),
                };
                let location = match r.next(3) {
                    0 => None,
                    1 => Some(Location {
                        name: format!("Town{}", r.next(3)),
                        country: Some(c(&mut r)),
                        admin1: None,
                        lat: None,
                        lon: None,
                        feature: Some("city".into()),
                        inferred: false,
                    }),
                    _ => Some(Location {
                        name: "Country".into(),
                        country: Some(c(&mut r)),
                        admin1: None,
                        lat: None,
                        lon: None,
                        feature: Some("country".into()),
                        inferred: r.next(2) == 0,
                    }),
                };
                let modes = ["phone", "drone", "aid", "visit"];
                out.push(EventRecord {
                    id: format!("ev{doc}_{k}"),
                    event_type: TYPES[r.next(TYPES.len() as u64) as usize],
                    mode: (0..r.next(2))
                        .map(|_| modes[r.next(4) as usize].to_string())
                        .collect(),
                    context: vec![],
                    aux: None,
                    actors,
                    recipients,
                    location,
                    date,
                    magnitude: vec![Magnitude {
                        measure: "killed".into(),
                        count: Some(r.next(5)),
                        qualifier: "exact".into(),
                        unit: "person".into(),
                        claimed_by: None,
                    }],
                    claimed_by: vec![],
                    evidence: vec![Evidence {
                        doc: format!("d{doc}"),
                        sentence: k as usize,
                        start: 0,
                        end: 1,
                        text: "x".into(),
                        rule: Some(format!("verb:r{}", r.next(3))),
                    }],
                    confidence: 0.5,
                    rule: format!("verb:r{}", r.next(3)),
                });
            }
        }
        out
    }

    #[test]
    fn reports_of_strikes_in_two_towns_stay_two_events() {
        let mut evs = events(7, 2, 1, 1);
        evs.truncate(2);
        let day = NaiveDate::from_ymd_opt(2020, 5, 8).unwrap();
        for (i, e) in evs.iter_mut().enumerate() {
            e.event_type = EventType::Assault;
            e.mode.clear();
            e.actors = vec![party("C00")];
            e.recipients = vec![];
            e.date = Some(DateInfo {
                start: Some(day),
                end: Some(day),
                precision: Precision::Day,
                text: Some("on 8 May".into()),
            });
            // the second report's town is carried from its earlier sentence (inferred)
            e.location = Some(Location {
                name: ["Town A", "Town B"][i].into(),
                country: Some("C00".into()),
                admin1: None,
                lat: None,
                lon: None,
                feature: Some("city".into()),
                inferred: i == 1,
            });
            e.evidence[0].doc = format!("doc{i}");
        }
        let f = record_facets;
        assert!(!same_event(&f(&evs[0]), &f(&evs[1]), true));
        // the same town in both reports is still one event
        evs[1].location.as_mut().unwrap().name = "Town A".into();
        assert!(same_event(&f(&evs[0]), &f(&evs[1]), true));
        // a report that places its strike nowhere does not take the other report's town
        evs[1].location = None;
        assert!(!same_event(&f(&evs[0]), &f(&evs[1]), true));
        // within one report it does (the town stated in an earlier sentence)
        assert!(same_event(&f(&evs[0]), &f(&evs[1]), false));
    }

    #[test]
    fn an_undated_strike_does_not_join_one_reported_years_apart() {
        let mut evs = events(5, 2, 1, 1);
        evs.truncate(2);
        for (i, e) in evs.iter_mut().enumerate() {
            e.event_type = EventType::Assault;
            e.mode.clear();
            e.location = None;
            e.actors = vec![party("C00")];
            e.recipients = vec![party("C01")];
            let day = NaiveDate::from_ymd_opt(2018 + 6 * i as i32, 3, 2).unwrap();
            e.date = Some(DateInfo {
                start: Some(day),
                end: Some(day),
                precision: Precision::Day,
                // The first is dated only by its report's day.
                text: (i == 1).then(|| "on Friday".into()),
            });
            e.evidence[0].doc = format!("doc{i}");
        }
        let f = record_facets;
        assert!(!same_event(&f(&evs[0]), &f(&evs[1]), true));
        // Two days apart, the report's day is close enough.
        let near = NaiveDate::from_ymd_opt(2018, 3, 4).unwrap();
        evs[1].date.as_mut().unwrap().start = Some(near);
        evs[1].date.as_mut().unwrap().end = Some(near);
        assert!(same_event(&f(&evs[0]), &f(&evs[1]), true));
    }

    #[test]
    fn blocked_merge_decides_as_the_all_pairs_scan() {
        for (seed, countries, days) in [(1, 4, 3), (2, 6, 10), (3, 3, 2), (4, 12, 30)] {
            let evs = events(seed, 1500, countries, days);
            let want = reference_merge(evs.clone());
            let got = merge_records(evs);
            assert!(want.len() < 1500, "the sample must merge something");
            assert_eq!(got.len(), want.len(), "seed {seed}");
            assert!(got == want, "seed {seed}: merged records differ");
        }
    }

    /// A record whose date a later report narrows is refiled under the new date: a third
    /// report that only the new date can meet still joins it, as in the all-pairs scan.
    #[test]
    fn a_record_refiled_under_a_narrowed_date_is_still_found() {
        let mut evs = events(5, 3, 1, 1);
        evs.truncate(3);
        let day = |d| NaiveDate::from_ymd_opt(2021, 1, d);
        // Dated by its report's day (10th), then "on 8 January", then by its report's day (5th):
        // the 5th is within the lenient three days of the 8th, not of the 10th.
        let dates = [(10, None), (8, Some("on 8 January")), (5, None)];
        for (i, (e, (d, text))) in evs.iter_mut().zip(dates).enumerate() {
            e.event_type = EventType::Assault;
            e.aux = None;
            e.mode.clear();
            e.location = None;
            e.actors = vec![party("C00")];
            e.recipients = vec![];
            e.date = Some(DateInfo {
                start: day(d),
                end: day(d),
                precision: Precision::Day,
                text: text.map(Into::into),
            });
            e.evidence.truncate(1);
            e.evidence[0].doc = format!("doc{i}");
        }
        let want = reference_merge(evs.clone());
        assert_eq!(want.len(), 1, "the all-pairs scan joins all three");
        let mut m = Merger::new(usize::MAX);
        let mut got = Vec::new();
        for e in evs {
            m.push(e);
        }
        m.finish(&mut got);
        assert!(got == want, "{got:?}");
    }

    /// Whether the merge test could ever join a later report to `e`.
    fn joinable(e: &EventRecord) -> bool {
        let f = record_facets(e);
        !block_keys(&f, &PartyCountries::of(&f)).is_empty()
    }

    fn by_id(mut v: Vec<EventRecord>) -> Vec<EventRecord> {
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    #[test]
    fn a_window_larger_than_the_input_changes_nothing() {
        let evs = events(9, 800, 5, 5);
        let want = reference_merge(evs.clone());
        let n = evs.len();
        let mut m = Merger::new(n);
        let mut got = Vec::new();
        for (i, e) in evs.into_iter().enumerate() {
            m.push(e);
            m.drain_ready(&mut got);
            // Before the last event only records nothing can join have left; the first
            // record's window ends with the last.
            assert_eq!(
                got.iter().all(|e| !joinable(e)),
                i + 1 < n,
                "after event {i}"
            );
        }
        assert!(!got.is_empty(), "the sample has undated events");
        m.finish(&mut got);
        assert!(by_id(got) == by_id(want));
    }

    #[test]
    fn merge_records_keeps_the_order_of_first_reports() {
        let evs = events(3, 600, 4, 4);
        assert!(merge_records(evs.clone()) == reference_merge(evs));
    }

    /// The first line of a run must not wait for the window: an event no later report can
    /// join leaves on the next drain, however many open records are older.
    #[test]
    fn a_record_nothing_can_join_leaves_at_once() {
        let evs = events(21, 400, 6, 30);
        let mut m = Merger::new(usize::MAX);
        let mut got = Vec::new();
        let mut unjoinable = 0;
        for e in evs {
            let now = !joinable(&e);
            unjoinable += usize::from(now);
            let id = e.id.clone();
            m.push(e);
            m.drain_ready(&mut got);
            if now {
                assert_eq!(got.last().map(|e| e.id.as_str()), Some(id.as_str()));
            }
        }
        assert!(unjoinable > 10, "the sample must have undated events");
        assert_eq!(got.len(), unjoinable, "only those left before the end");
    }

    #[test]
    fn records_leave_once_their_window_has_passed() {
        let window = 500;
        let mut m = Merger::new(window);
        let mut got = Vec::new();
        let evs = events(5, 5000, 8, 60);
        let n = evs.len();
        for e in evs {
            m.push(e);
            m.drain_ready(&mut got);
            assert!(m.open_records() <= window);
        }
        assert!(!got.is_empty());
        m.finish(&mut got);
        let pushed: usize = got.iter().map(|e| e.evidence.len()).sum();
        assert_eq!(pushed, n, "every event is in exactly one record");
    }

    /// Work, not time: one long document (a 15 MB "report" of one war) whose events all fall
    /// under the same few countries. None of them can join a record its own document opened,
    /// so the records looked at must not grow with the document: n, 2n and 4n events, the
    /// default window of `extract` (20,000) larger than all of them.
    #[test]
    fn one_long_document_looks_at_records_linearly() {
        let visited = |n: usize| {
            let mut evs = events(13, n, 3, 30);
            for e in &mut evs {
                e.evidence[0].doc = "long".into();
            }
            // Reports of the same events in a second document still merge into its records.
            let mut again = evs.clone();
            for e in &mut again {
                e.evidence[0].doc = "copy".into();
            }
            let mut m = Merger::new(20_000);
            let mut sink = Vec::new();
            for e in evs {
                m.push(e);
                m.drain_ready(&mut sink);
            }
            let opened = m.stats().events - m.stats().merged;
            let first_doc = m.stats().visited;
            for e in again {
                m.push(e);
            }
            m.finish(&mut sink);
            assert!(m.stats().merged >= opened / 2, "{:?}", m.stats());
            first_doc
        };
        let w: Vec<u64> = [2_000, 4_000, 8_000].iter().map(|&n| visited(n)).collect();
        assert!(w[0] < 2_000 * 2, "{w:?} records looked at");
        for pair in w.windows(2) {
            assert!(pair[1] <= pair[0] * 2 + 100, "{w:?} records looked at");
        }
    }

    /// Work, not time: the merge tests run per event stay flat as the input grows, so a
    /// quadratic path fails here instead of slowing a user.
    #[test]
    fn comparisons_per_event_stay_bounded_as_input_grows() {
        let per_event = |n: usize| {
            let mut m = Merger::new(2000);
            let mut sink = Vec::new();
            for e in events(11, n, 60, 365) {
                m.push(e);
                m.drain_ready(&mut sink);
                sink.clear();
            }
            let s = m.stats();
            let n = s.events as f64;
            (s.comparisons as f64 / n, s.scanned as f64 / n)
        };
        let (small, small_scan) = per_event(4_000);
        let (large, large_scan) = per_event(40_000);
        eprintln!(
            "merge tests per event: {small:.2} (4,000 events), {large:.2} (40,000); \
             block entries read: {small_scan:.1}, {large_scan:.1}"
        );
        assert!(
            large <= small * 1.5 + 1.0,
            "comparisons per event grew from {small:.1} to {large:.1} with 10x the input"
        );
        assert!(
            large_scan <= small_scan * 1.5 + 1.0,
            "block entries read per event grew from {small_scan:.1} to {large_scan:.1}"
        );
        // And far below an all-pairs scan of the window (thousands of records): the dates,
        // spread over a year, rule out most records filed under the same country unread.
        assert!(large < 5.0, "{large:.1} comparisons per event");
    }

    /// Clustering a document's candidates works out each side's country set once per
    /// candidate and once per candidate folded into a group, however many groups it is
    /// compared with: a 15 MB report dense with one type of event compares each candidate with
    /// hundreds of groups, and sets worked out per comparison were a fifth of its time. The
    /// groups are still those the pairwise test gives.
    #[test]
    fn clustering_works_out_party_sets_once_per_candidate() {
        let day0 = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        let cand = |i: usize| {
            let mut c = Candidate::read(
                i,
                (i, i + 1),
                EventType::Assault,
                Vec::new(),
                Vec::new(),
                None,
                vec![party(&format!("A{:02}", i % 7))],
                vec![party(&format!("R{:02}", i % 5))],
                0.5,
                "test".to_string(),
            );
            c.sentence = i;
            let d = day0 + chrono::Days::new((i % 40) as u64);
            c.date = Some(DateInfo {
                text: Some("on Monday".to_string()),
                start: Some(d),
                end: None,
                precision: Precision::Day,
            });
            c
        };
        let cands: Vec<Candidate> = (0..400).map(cand).collect();
        let all: Vec<usize> = (0..cands.len()).collect();
        let mut stats = ClusterStats::default();
        let groups = cluster_among(&cands, &all, &mut stats);
        // The same groups as folding with the pairwise test.
        let mut pairwise: Vec<(Candidate, Vec<usize>)> = Vec::new();
        for (i, c) in cands.iter().enumerate() {
            match pairwise.iter_mut().find(|(rep, _)| compatible(rep, c)) {
                Some((rep, m)) => {
                    absorb(rep, c);
                    m.push(i);
                }
                None => pairwise.push((c.clone(), vec![i])),
            }
        }
        let members =
            |g: &[(Candidate, Vec<usize>)]| g.iter().map(|(_, m)| m.clone()).collect::<Vec<_>>();
        assert_eq!(members(&groups), members(&pairwise));
        let merged = cands.len() - groups.len();
        assert!(groups.len() > 100 && merged > 0, "{} groups", groups.len());
        assert_eq!(stats.candidates, cands.len() as u64);
        assert_eq!(stats.party_sets, (cands.len() + merged) as u64);
        // Comparisons are many (each candidate meets the groups before it), sets are not.
        assert!(stats.comparisons > 10 * stats.party_sets, "{stats:?}");
    }
}
