//! Where an event happened: the place its clause names, read by [`Coder::locate`].
//!
//! Kept apart from the coder so that attaching places to events can change without touching
//! how events are read.

use crate::clause::{AsStr, SentenceView, lower};
use crate::events::{Candidate, Coder, DocState};
use crate::kbview::CountryHow;
use crate::mentions::Mention;
use sitrep_model::{EntityKind, Location, Tag};

impl Coder<'_> {
    /// Sets the candidate's location: a place mention in the clause, else a country after a
    /// locative preposition, else the capital a clause names by its country.
    pub(crate) fn locate(&self, sv: &SentenceView, c: &mut Candidate, st: &DocState) {
        let (cs, ce) = c.clause;
        // Location: a place mention in the clause, else a country after a locative preposition,
        // else a place the sentence names after a locative word outside the clause ("Police and
        // students clash in Owo when students protest at a police station": the protest is in
        // Owo too).
        // "detained in 37 Russian cities": a telling across many places is the country's,
        // not of any one town the sentence names.
        if let Some(loc) = self
            .many_places(sv, cs, ce, st)
            .and_then(|cc| crate::events::country_location(self.kb, &cc, false))
        {
            c.place_level = false;
            c.location = Some(loc);
            return;
        }
        let mut best = self.place_in(sv, c, st, false);
        if best.is_none() {
            best = self.place_in(sv, c, st, true);
        }
        // "Haiti's capital", "the Sudanese capital": the country's capital, unless the clause
        // names a town itself.
        let town = |m: &Mention| {
            m.place
                .as_ref()
                .is_some_and(|p| matches!(p.feature.as_str(), "city" | "town" | "facility"))
        };
        if best.is_none_or(|(_, m)| !town(m))
            && let Some(p) = self.capital_in(sv, cs, ce)
        {
            c.place_level = true;
            c.location = Some(p.location(false));
            best = None;
        }
        // "in Mombasa and Kisumu": a second town coordinated with the chosen one.
        if let Some((_, m)) = best
            && town(m)
            && sv.word(m.tok_end) == "and"
            && let Some(m2) = sv
                .mentions
                .iter()
                .find(|x| x.full_start == m.tok_end + 1 && x.kind == EntityKind::Place && town(x))
            && let Some(p2) = &m2.place
            && m2.tok_end <= ce
            // ("the districts of Kelbajar and Lachin" names one area of fighting)
            && !(m.full_start >= sv.start + 2
                && sv.word(m.full_start - 1) == "of"
                && matches!(
                    sv.word(m.full_start - 2).as_ref(),
                    "districts" | "provinces" | "regions" | "areas" | "states" | "governorates"
                        | "counties" | "oblasts" | "zones" | "sectors"
                ))
        {
            c.also_at = Some(p2.location(false));
        }
        if let Some((_, m)) = best {
            c.place_level = (m.kind == EntityKind::Place
                && m.place.as_ref().is_none_or(|p| p.feature != "country"))
                || (m.kind == EntityKind::Country && m.how == Some(CountryHow::Metonym));
            c.location = Some(match &m.place {
                Some(p) => Location {
                    // the region as the text spells it, where the text names it
                    admin1: m.admin1_text.clone().or_else(|| p.reported_admin1()),
                    ..p.location(false)
                },
                // A capital named for its government keeps the name the text gives it.
                None if m.how == Some(CountryHow::Metonym) => Location {
                    name: crate::mentions::join(&sv.tokens[m.tok_start..m.tok_end]),
                    country: m.country.clone(),
                    admin1: None,
                    lat: None,
                    lon: None,
                    feature: Some("city".into()),
                    inferred: false,
                },
                None => Location {
                    name: m.name.clone(),
                    country: m.country.clone(),
                    admin1: None,
                    lat: None,
                    lon: None,
                    feature: Some("country".into()),
                    inferred: false,
                },
            });
        }
    }

    /// The best place mention for the candidate: in its clause, or (`wide`) a place the
    /// sentence names after a locative word outside the clause. With its distance in tokens
    /// from the trigger.
    fn place_in<'s>(
        &self,
        sv: &'s SentenceView,
        c: &Candidate,
        st: &DocState,
        wide: bool,
    ) -> Option<(usize, &'s Mention)> {
        let (cs, ce) = c.clause;
        let mut best: Option<(usize, &Mention)> = None;
        for m in sv.mentions.iter() {
            crate::work(1);
            let inside = m.tok_start >= cs && m.tok_end <= ce;
            if inside == wide {
                continue;
            }
            // The dateline ("Kano, Oct 3 (AFP)") says where the report was filed, not where
            // its first sentence's event happened; it is the fallback below.
            if m.tok_end <= st.dateline_end {
                continue;
            }
            // The word before the name, past adjectives ("in southern Lebanon").
            let mut b = m.full_start;
            while b > sv.start
                && m.full_start - b < 8
                && sv.tokens[b - 1].tag == Tag::JJ
                && !sv.tokens[b - 1].is_capitalised()
            {
                b -= 1;
            }
            let prev = if b > sv.start {
                sv.word(b - 1)
            } else {
                Default::default()
            };
            let prev2 = if b > sv.start + 1 {
                sv.word(b - 2)
            } else {
                Default::default()
            };
            let loc_prep = |w: &str| {
                matches!(
                    w,
                    "in" | "at"
                        | "near"
                        | "outside"
                        | "on"
                        | "into"
                        | "over"
                        | "above"
                        | "across"
                        | "around"
                        | "inside"
                        | "to"
                )
            };
            // "an end to the war in Ukraine": the place of a topic, not of the event.
            if prev == "in"
                && m.full_start >= sv.start + 2
                && self
                    .rules
                    .topic_nouns
                    .contains(sv.word(m.full_start - 2).as_str())
            {
                continue;
            }
            // "ten men were arrested and taken to Damascus": where people were moved to after
            // the event, not where it happened (unless moving them is the event; an event told
            // after the destination, "taken to Kabul, where they were beaten", happened there).
            if m.destination && c.trigger_tok < m.full_start && m.full_start - c.trigger_tok > 5 {
                continue;
            }
            // a named feature the gazetteer does not list has no coordinates to give
            if m.kind == EntityKind::Place && m.place.is_none() {
                continue;
            }
            // "Assam Rifles personnel", "the Donbass People's Militia": the place names a
            // force, not where the event happened.
            if names_a_force(&sv.tokens[m.tok_end.min(sv.end)..sv.end]) {
                continue;
            }
            // "a clash between Kamalu and Ntambwe people", "Nuer tribesmen": a people named
            // like a place is a party, not where the event happened.
            if names_a_people(&sv.tokens[m.tok_end.min(sv.end)..sv.end], &prev) {
                continue;
            }
            // "officials in Baku said", "sources in Kyiv told": where the speaker sits, not
            // where the event happened.
            if self.speaker_place(sv, m, b) || subject_seat(sv, b, c.trigger_tok) {
                continue;
            }
            // "In Paris, Macron said he would meet … in London": a place fronted before a
            // reporting verb frames the saying, not what was said after it, when what was
            // said names a place of its own ("In Yangon, witnesses said three people were
            // killed" names none: the killings were in Yangon).
            let saying = (m.tok_end..c.trigger_tok.min(sv.end))
                .find(|&j| self.reporting_verb(&sv.tokens[j]));
            let fronted = b == sv.start + 1
                && sv.word(sv.start) == "in"
                && sv.word(m.tok_end) == ","
                && saying.is_some_and(|v| {
                    sv.mentions.iter().any(|o| {
                        o.tok_start > v
                            && o.tok_end <= sv.end
                            && o.kind == EntityKind::Place
                            && o.place.is_some()
                    })
                });
            if fronted {
                continue;
            }
            // "Baghdad's Green Zone", "Kyiv's suburbs": a capital owning a place is the city.
            let capital_owns_place = m.kind == EntityKind::Country
                && m.how == Some(CountryHow::Metonym)
                && m.name.chars().next().is_some_and(char::is_uppercase)
                && !m.name.starts_with("the ")
                && sv.tokens.get(m.tok_end).is_some_and(|t| t.tag == Tag::POS)
                && sv.tokens.get(m.tok_end + 1).is_some_and(|t| {
                    t.is_capitalised() || self.rules.place_nouns.contains(lower(t).as_ref())
                });
            let is_loc = m.kind == EntityKind::Place
                || capital_owns_place
                || (m.kind == EntityKind::Country
                    && m.how == Some(CountryHow::Name)
                    && (loc_prep(&prev) || (prev == "the" && loc_prep(&prev2))));
            if !is_loc {
                continue;
            }
            let dist = m.tok_start.abs_diff(c.trigger_tok);
            // Prefer the most specific place: a city over its district over its region
            // ("Dolynska in Kirovohrad region"); a name that only says where the place before
            // it lies ("Maruf district, Kandahar") is the least specific.
            let quarter = |x: &Mention| {
                sv.tokens.get(x.tok_end).is_some_and(|t| {
                    x.tok_end < sv.end
                        && matches!(
                            lower(t).as_ref(),
                            "neighborhood" | "neighbourhood" | "quarter"
                        )
                })
            };
            let better = match best {
                None => true,
                Some((d, b)) => {
                    let spec = |x: &Mention| match x.place.as_ref() {
                        // a country named after a locative word
                        None => 0,
                        // "in the Maltepe neighbourhood of Zeytinburnu": a quarter says where
                        // in the place named after it; reports place the event in that place,
                        // though that place is the quarter's container
                        Some(_) if quarter(x) => 1,
                        Some(_) if x.container => 2,
                        // "at the Mymensingh-Kishorganj highway, Nandail upazila": a town a
                        // road is named after is only one end of it
                        Some(_) if x.route_end => 3,
                        // continents and seas: no country of their own
                        Some(p) if p.country.is_none() => 2,
                        Some(p) => match p.feature.as_str() {
                            // a locality is a village the gazetteer lacks, placed in its
                            // container: as specific as a town
                            "city" | "facility" | "town" | "locality" => 8,
                            "admin2" => 6,
                            _ => 4,
                        },
                    };
                    let (sm, sb) = (spec(m), spec(b));
                    sm > sb
                        || (sm == sb
                            && match (finer_town(m, b), finer_town(b, m)) {
                                (true, _) => true,
                                (_, true) => false,
                                _ => dist < d,
                            })
                }
            };
            // "in the provinces of Khost", "in the village of X": the locative word stands
            // before the kind of place the name is
            let kind_of = || {
                let w = |i: usize| {
                    if b >= sv.start + i {
                        sv.word(b - i)
                    } else {
                        Default::default()
                    }
                };
                let noun = w(2);
                let noun = noun.strip_suffix('s').unwrap_or(&noun);
                prev == "of"
                    && self.rules.place_nouns.contains(noun)
                    && (loc_prep(&w(3)) || (w(3) == "the" && loc_prep(&w(4))))
            };
            if wide
                && (m.kind != EntityKind::Place
                    || m.container
                    || !(loc_prep(&prev) || (prev == "the" && loc_prep(&prev2)) || kind_of()))
            {
                continue;
            }
            if better {
                best = Some((dist, m));
            }
        }
        best
    }

    /// The country of a phrase that counts places in the clause `cs..ce` ("in 37 Russian
    /// cities", "across 12 provinces"): the country a word in it names, else the report's
    /// main country. `None` where the clause counts no places.
    fn many_places(
        &self,
        sv: &SentenceView,
        cs: usize,
        ce: usize,
        st: &DocState,
    ) -> Option<String> {
        let (from, to) = (cs.max(sv.start), ce.min(sv.end));
        (from..to).find_map(|k| {
            if !matches!(sv.word(k).as_ref(), "in" | "across" | "throughout") {
                return None;
            }
            let n = k + 1;
            let t = sv.tokens.get(n).filter(|_| n < to)?;
            let number = t.kind == sitrep_model::TokenKind::Number
                || t.tag == Tag::CD
                || matches!(
                    lower(t).as_ref(),
                    "several" | "many" | "dozens" | "hundreds"
                );
            if !number {
                return None;
            }
            // The counted noun, past a modifier ("37 Russian cities"): a plural place noun.
            let plural_place = |j: usize| {
                let w = lower(&sv.tokens[j]);
                let single = match w.strip_suffix("ies") {
                    Some(x) => format!("{x}y"),
                    None => w.strip_suffix('s').unwrap_or_default().to_string(),
                };
                !single.is_empty() && self.rules.place_nouns.contains(single.as_str())
            };
            let noun = (n + 1..to.min(n + 4)).find(|&j| plural_place(j))?;
            sv.mentions
                .iter()
                .find(|m| m.tok_start > n && m.tok_end <= noun && m.country.is_some())
                .and_then(|m| m.country.clone())
                .or_else(|| st.main_country.clone())
        })
    }

    /// Whether the place mention `m` (its phrase starting at `b`) only says where a speaker sits:
    /// "officials in Baku said", "a spokesman in Kyiv told Reuters", "sources in Gaza reported".
    /// The name follows "in"/"from" after a lower-case common noun and is itself followed by a
    /// reporting verb (`claim_verbs`), so the clause it ends is an attribution.
    fn speaker_place(&self, sv: &SentenceView, m: &Mention, b: usize) -> bool {
        if b < sv.start + 2 || !matches!(sv.word(b - 1).as_ref(), "in" | "from") {
            return false;
        }
        let speaker = &sv.tokens[b - 2];
        if !speaker.tag.is_noun() || speaker.is_capitalised() {
            return false;
        }
        sv.tokens
            .get(m.tok_end)
            .filter(|_| m.tok_end < sv.end)
            .is_some_and(|t| self.reporting_verb(t))
    }

    /// A verb of saying (`claim_verbs`, by lemma or by form), whose clause attributes.
    fn reporting_verb(&self, t: &sitrep_model::Token) -> bool {
        t.tag.is_verb()
            && (self.rules.claim_verbs.contains(t.lemma.as_str())
                || self.rules.claim_verbs.contains(lower(t).as_ref()))
    }

    /// The capital a clause names by its country ("Haiti's capital", "the Sudanese capital"),
    /// where no name follows ("the capital, Kyiv" names the city itself).
    fn capital_in(
        &self,
        sv: &SentenceView,
        cs: usize,
        ce: usize,
    ) -> Option<crate::kbview::PlaceInfo> {
        (cs.max(sv.start)..ce.min(sv.end)).find_map(|k| {
            if lower(&sv.tokens[k]) != "capital"
                || sv.tokens.get(k + 1).is_some_and(|t| t.is_capitalised())
            {
                return None;
            }
            let owner = sv.mentions.iter().find(|m| {
                m.kind == EntityKind::Country
                    && (m.tok_end == k
                        || (m.tok_end + 1 == k && sv.tokens[m.tok_end].tag == Tag::POS))
            })?;
            self.kb.capital(owner.country.as_deref()?)
        })
    }
}

/// "The government in Port Sudan blamed the RSF for the attack": the place of a subject's
/// seat (a common noun followed by "in"/"from" before the place starting at `b`) is where
/// that subject is, not where an event named by a noun under its verb happened.
fn subject_seat(sv: &SentenceView, b: usize, trigger: usize) -> bool {
    let Some(p) = sv.parse else {
        return false;
    };
    if b < sv.start + 2
        || !matches!(sv.word(b - 1).as_ref(), "in" | "from")
        || !sv.tokens[trigger].tag.is_noun()
    {
        return false;
    }
    let noun = b - 2;
    if !sv.tokens[noun].tag.is_noun() || sv.tokens[noun].is_capitalised() {
        return false;
    }
    let Some(verb) = p.head(noun).filter(|_| p.rel(noun).starts_with("nsubj")) else {
        return false;
    };
    // ("Workers in Mangalagiri held a protest": a light verb's object is its own event, and
    // the subject's place is the event's.)
    let light_object = p.head(trigger) == Some(verb) && p.rel(trigger) == "obj";
    trigger > verb
        && !light_object
        && std::iter::successors(p.head(trigger), |&h| p.head(h))
            .take(4)
            .any(|h| h == verb)
}

/// The places candidates stated, by sentence, indexed once per document for
/// [`carried_place`]: looking back from each event over every candidate of the document was
/// quadratic in a long document (a 1 MB segment has some 10,000 candidates).
pub(crate) struct StatedPlaces<'a> {
    /// Sentence → the place the last candidate (in candidate order) of that sentence stated:
    /// at the town level, found in the gazetteer, not inferred, not a country.
    by_sentence: std::collections::BTreeMap<usize, &'a Location>,
}

impl<'a> StatedPlaces<'a> {
    pub(crate) fn new(cands: &'a [Candidate]) -> Self {
        let mut by_sentence = std::collections::BTreeMap::new();
        for c in cands {
            crate::work(1);
            if let Some(l) = c.location.as_ref().filter(|l| {
                c.place_level
                    && !l.inferred
                    && l.lat.is_some()
                    && l.feature.as_deref() != Some("country")
            }) {
                by_sentence.insert(c.sentence, l);
            }
        }
        StatedPlaces { by_sentence }
    }

    /// The place stated in the latest sentence before `sentence`.
    fn latest_before(&self, sentence: usize) -> Option<&'a Location> {
        self.by_sentence
            .range(..sentence)
            .next_back()
            .map(|(_, l)| *l)
    }
}

/// The place an event whose own sentence names none most likely happened at: the place the
/// latest earlier sentence stated for one of its events ("Protesters blocked a road in Kasur.
/// Police dispersed them."), marked inferred. Only for events with no place or with the
/// country inferred from their target, and then only a place in that country.
pub(crate) fn carried_place(
    stated: &StatedPlaces,
    cands: &[Candidate],
    members: &[usize],
    current: Option<&Location>,
) -> Option<Location> {
    let open = current.is_none_or(|l| l.inferred && l.feature.as_deref() == Some("country"));
    if !open {
        return None;
    }
    let first = members
        .iter()
        .filter_map(|&i| cands.get(i))
        .map(|c| c.sentence)
        .min()?;
    crate::work(1);
    let last = stated.latest_before(first)?;
    if let Some(cc) = current.and_then(|l| l.country.as_ref())
        && last.country.as_ref() != Some(cc)
    {
        return None;
    }
    Some(Location {
        inferred: true,
        ..last.clone()
    })
}

/// Whether the name starting at token `i` is where someone was moved to: "to" (or "to the")
/// right before it after a verb of moving ([`TRANSFER_VERBS`]: "taken to Damascus", "were
/// rushed to the Kano hospital").
pub(crate) fn moved_to(tokens: &[sitrep_model::Token], i: usize) -> bool {
    let mut k = i;
    if k >= 1 && lower(&tokens[k - 1]) == "the" {
        k -= 1;
    }
    if k < 2 || lower(&tokens[k - 1]) != "to" {
        return false;
    }
    // past an object pronoun or particle: "took them to", "flown back to"
    let mut v = k - 2;
    for _ in 0..2 {
        let t = &tokens[v];
        let skip = t.tag == Tag::PRP || matches!(lower(t).as_ref(), "back" | "away" | "off");
        if !skip || v == 0 {
            break;
        }
        v -= 1;
    }
    let v = &tokens[v];
    v.tag.is_verb() && TRANSFER_VERBS.contains(&v.lemma.as_str())
}

/// Nouns after a name that make it the name of a people, whatever else it names
/// ("Misseriya tribesmen", "the Habar Gidir clan").
const KIN_NOUNS: &[&str] = &[
    "tribe",
    "tribes",
    "tribesmen",
    "tribesman",
    "clan",
    "clans",
    "clansmen",
    "clansman",
    "subclan",
    "sub-clan",
];

/// Whether the words after a name (`prev` the word before it) make it the name of a people:
/// a kin noun right after it ("Nuer tribesmen"); "people" after it in a pair of names ("Kamalu
/// and Ntambwe people": the noun is shared) or after "between" ("between Kamalu people and
/// …"). "Kharkiv people were killed" keeps its place: one name before "people" can be where
/// the people live.
fn names_a_people(after: &[sitrep_model::Token], prev: &str) -> bool {
    let word = |t: &sitrep_model::Token| lower(t).to_string();
    let people = |t: &sitrep_model::Token| matches!(word(t).as_str(), "people" | "peoples");
    let kin = |t: &sitrep_model::Token| KIN_NOUNS.contains(&word(t).as_str());
    match after {
        [t, ..] if kin(t) => true,
        [t, ..] if people(t) => prev == "between",
        [a, rest @ ..] if word(a) == "and" => {
            let names = rest.iter().take_while(|t| t.is_capitalised()).count();
            names > 0 && rest.get(names).is_some_and(|t| people(t) || kin(t))
        }
        _ => false,
    }
}

/// Verbs of moving people somewhere (by lemma): the place after "to" is their destination
/// ("taken to Damascus", "rushed to Kano"), not where an event happened. Not verbs of going
/// ("flew to Moscow to meet Putin", "sent a delegation to Cairo for talks"): there the
/// destination is where what follows happens.
const TRANSFER_VERBS: &[&str] = &[
    "take",
    "transfer",
    "bring",
    "transport",
    "deport",
    "evacuate",
    "refer",
    "rush",
    "airlift",
    "relocate",
    "escort",
];

/// Capitalised heads of the names of armed and police forces that take a place's name
/// ("Assam Rifles", "Kharkiv Territorial Defence" is not one: only these heads count).
const FORCE_HEADS: &[&str] = &[
    "rifles",
    "militia",
    "militias",
    "army",
    "police",
    "forces",
    "guard",
    "guards",
    "brigade",
    "regiment",
    "battalion",
    "corps",
    "front",
];

/// Whether the words right after a place's name make it part of the name of a force: a
/// capitalised force head ("Assam Rifles"), or "People's" before one ("Donbass People's
/// Militia").
fn names_a_force(after: &[sitrep_model::Token]) -> bool {
    let head =
        |t: &sitrep_model::Token| t.is_capitalised() && FORCE_HEADS.contains(&lower(t).as_ref());
    match after {
        [t, ..] if head(t) => true,
        [p, s, t, ..] if lower(p) == "people" && s.tag == Tag::POS && head(t) => true,
        _ => false,
    }
}

/// The place of an event that neither its sentence nor an earlier one placed: the one place
/// the whole document names (a town, district or region with coordinates; no country, sea or
/// wide region; the regions the text gives only as where that place lies do not count),
/// marked inferred. A short report that names one place ("A policeman was shot.
/// The attack happened in Shopian town.") tells where all its events happened; a report that
/// names two or more does not say which. Only where
/// - the event has no place, or only the country inferred from its parties, and then only a
///   place in that country;
/// - the place is named outside the event's own sentences (there the clause reading already
///   decided it is not the event's: "a Jaffna native said …");
/// - the document names at most one country, the place's: a report that ranges over several
///   countries ("officials in Paris" in a story about Mali) may name its one town in passing.
pub(crate) fn document_place(
    doc: &DocumentPlace,
    current: Option<&Location>,
    event_sentences: &[usize],
) -> Option<Location> {
    let open = current.is_none_or(|l| l.inferred && l.feature.as_deref() == Some("country"));
    if !open {
        return None;
    }
    let (m, country) = doc.only?;
    let p = m.place.as_ref()?;
    // In the event's own sentence only after a locative word ("candidates for the elections
    // in Sylhet city"): the clause reading set it aside, but a report naming one place tells
    // where all it reports happened.
    crate::work(event_sentences.len() as u64);
    if event_sentences.iter().any(|s| doc.bare.contains(s)) {
        return None;
    }
    let wanted = current.and_then(|l| l.country.as_deref()).or(country);
    if wanted.is_some_and(|cc| p.country.as_deref() != Some(cc)) {
        return None;
    }
    Some(Location {
        admin1: m.admin1_text.clone().or_else(|| p.reported_admin1()),
        inferred: true,
        ..p.location(false)
    })
}

/// Towns within this distance of a city many times their size lie in its orbit.
const ORBIT_KM: f64 = 60.0;

/// Whether mention `a` names a town in the orbit of the city `b` names: both towns (or
/// cities) the gazetteer places, `a` within [`ORBIT_KM`] of `b` and at most a fifth of its
/// size ("protests around Tshwane … attacked near Hammanskraal"). Reports, and the coders of
/// events, place an event at the finest place they name, and a satellite town is finer than
/// the metropolis around it, wherever the two stand in the sentence.
fn finer_town(a: &Mention, b: &Mention) -> bool {
    fn town(m: &Mention) -> Option<&crate::kbview::PlaceInfo> {
        m.place.as_ref().filter(|p| {
            matches!(p.feature.as_str(), "city" | "town") && !m.container && p.population > 0
        })
    }
    let (Some(pa), Some(pb)) = (town(a), town(b)) else {
        return false;
    };
    if pa.id == pb.id || pa.country != pb.country {
        return false;
    }
    let (Some(ca), Some(cb)) = (pa.lat.zip(pa.lon), pb.lat.zip(pb.lon)) else {
        return false;
    };
    let p = std::f64::consts::PI / 180.0;
    let h = ((cb.0 - ca.0) * p / 2.0).sin().powi(2)
        + (ca.0 * p).cos() * (cb.0 * p).cos() * ((cb.1 - ca.1) * p / 2.0).sin().powi(2);
    let km = 12742.0 * h.sqrt().min(1.0).asin();
    km <= ORBIT_KM && pa.population.saturating_mul(5) <= pb.population
}

/// What [`document_place`] needs of the whole document, read once per document (reading the
/// mentions again for each event was quadratic in a long document that names one place).
pub(crate) struct DocumentPlace<'a> {
    /// The one place the document names and the one country it names, if it names one;
    /// `None` where it names no such place, two of them or two countries.
    only: Option<(&'a Mention, Option<&'a str>)>,
    /// Sentences naming that place without a locative word right before it.
    bare: std::collections::HashSet<usize>,
}

impl<'a> DocumentPlace<'a> {
    pub(crate) fn new(mentions: &'a [Mention]) -> Self {
        let only = Self::only_place(mentions);
        let bare = only
            .map(|(m, _)| {
                mentions
                    .iter()
                    .filter(|o| o.entity == m.entity && !o.loc_cue)
                    .map(|o| o.sentence)
                    .collect()
            })
            .unwrap_or_default();
        DocumentPlace { only, bare }
    }

    fn only_place(mentions: &'a [Mention]) -> Option<(&'a Mention, Option<&'a str>)> {
        let mut only: Option<&Mention> = None;
        let mut country: Option<&str> = None;
        for m in mentions {
            crate::work(1);
            if m.kind == EntityKind::Country {
                match (country, m.country.as_deref()) {
                    (Some(a), Some(b)) if a != b => return None,
                    (None, Some(b)) => country = Some(b),
                    _ => {}
                }
                continue;
            }
            let Some(p) = m.place.as_ref() else {
                continue;
            };
            // "the men were taken to Damascus": where they were moved to tells nothing of where
            // the events happened
            if m.destination {
                continue;
            }
            // a region that only says where the place before it lies ("Kalapara, Barisal") is
            // part of that place's name, not a second place
            if m.kind != EntityKind::Place
                || m.container
                || p.lat.is_none()
                || matches!(p.feature.as_str(), "country" | "region" | "water")
            {
                continue;
            }
            match only {
                Some(o) if o.entity != m.entity => return None,
                _ => only = Some(m),
            }
        }
        Some((only?, country))
    }
}
