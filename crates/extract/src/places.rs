//! Place resolution: which of its gazetteer readings a place name means in this document.
//!
//! A name like "Tripoli", "Odessa" or "Georgia" has many readings; population alone picks
//! the wrong one whenever the report is about a smaller namesake. Each reading gets a score,
//! a weighted sum of named features computed from the document (weights below, set by hand
//! on half A of the development sets and checked on half B):
//!
//! | feature | fires when | weight |
//! |---|---|---|
//! | `admin` | the text names the reading's admin1/admin2 (or country) right after it: "Maruf district, Kandahar", "Bara (Ansongo, Gao)", "Tripoli, Lebanon" | [`W_ADMIN`] |
//! | `contains` | the reading is a region holding a place named right before it | [`W_CONTAINS`] |
//! | `kind` | a word next to the name gives the kind: "X district" → admin2, "X region/province" → admin1, "X city/town/village" → place | [`W_KIND`] |
//! | `country` | the document names the reading's country (weighted by its share of country mentions) | [`W_COUNTRY`] |
//! | `near` | another place of the document lies within [`NEAR_KM`] or in the same admin1 | [`W_NEAR`] |
//! | `dateline` | the reading is in the dateline's country | [`W_DATELINE`] |
//! | `population` | log-scaled population (regions count a tenth: they sum their places; seas and continents, which list none, count in full) | [`W_POP`] |
//! | `canonical` | the name is the reading's own, not an alternate spelling | [`W_PRIMARY`] |
//! | `prominent` | a city of a million or more whose namesakes in other countries are all 20 times smaller ("Paris", "London"), or a city of 100,000 or more that is the seat of a region of its name that is ("Jerusalem", "Tunis": regions sum their places' people); it also wins outright over a small namesake that nothing local (a region next to it, a place near it) supports, whatever the document's country and dateline add | [`W_PROMINENT`] |
//! | `plain-city` | no kind word: a plain name means the town over a region named after it | [`W_CITY`] |
//! | `the-wide` | "the" before a bare name ("the Gulf", "the Sahel"): a sea or wide region, not a county or town so named | [`W_THE`] |
//! | `route` | one end of a road named by both ends ("the Tripoli-Beirut highway"): its readings are already those near the other end (mentions.rs), which supports them as a nearby place would | [`W_NEAR`] |
//! | `seat` (support, not a weight) | a city that names its own province ("Kherson", "Idlib") is read without context | — |
//! | `holder` (context, not a weight) | a district or region reading of a name the text gives as where another place lies ("Shikarpur in Barisal"), or a town reading of a name whose countryside or outskirts the text names ("Tell Abiad countryside") | — |
//!
//! A name that names a feature after it ("the Palma bridge", "X street": [`FEATURE_NOUNS`])
//! in a document with a setting of its own (a country, a dateline, a supported place) keeps
//! only a reading that setting supports (context as above, or a city of millions that no
//! namesake rivals).
//! A reading in a country the document neither names nor vouches for, where the text ties
//! the document's places to another country, is a namesake unless the name mostly means that
//! city ([`dominant`]: "Gaza" in a report on Yemen).
//! A little-known reading (a place or district of under 100,000 inhabitants) that nothing in
//! the document's setting supports is dropped where the document has a setting (a country it
//! names, a dateline, another place it supports): a far namesake is worse than no place.
//! Likewise a little-known name followed by more capitalised words ("Hazar Asp") is a
//! fragment of a longer name the gazetteer lacks. The chosen reading keeps the text's
//! spelling of the name where it differs from the gazetteer's.
//!
//! One reading per name per document: the mentions of a name pool their local evidence
//! (the best `admin`/`kind` over its mentions) and share one choice. A name whose best
//! reading has no support at all from the document (no country, admin, nearby place,
//! dateline or locative word) and is a small place is dropped as a likely false place
//! (a surname or word that happens to be a village somewhere).

use crate::kbview::PlaceCandidate;
use crate::mentions::Mention;
use sitrep_model::{EntityKind, Token};
use std::collections::{HashMap, HashSet};

/// The text names the reading's region or country next to it.
pub const W_ADMIN: f32 = 1.6;
/// The reading is a region that holds a place named next to it.
pub const W_CONTAINS: f32 = 1.0;
/// A word next to the name says what kind of place it is.
pub const W_KIND: f32 = 0.8;
/// The document names the reading's country (times its share of country mentions, floored).
pub const W_COUNTRY: f32 = 1.0;
/// Another place of the document is near the reading.
pub const W_NEAR: f32 = 0.6;
/// The reading lies in the dateline's country.
pub const W_DATELINE: f32 = 0.5;
/// Log-scaled population: 10 million inhabitants give the full weight.
pub const W_POP: f32 = 0.9;
/// The name is the reading's canonical name.
pub const W_PRIMARY: f32 = 0.3;
/// Plain names prefer a populated place over a region of the same name.
pub const W_CITY: f32 = 0.15;
/// "The" before a bare name: a sea or wide region (it outweighs the country bonus a county of
/// that name gets from a document naming its country).
pub const W_THE: f32 = 1.4;
/// The reading is a city of `PROMINENT_POP` or more whose namesakes are all at least 20
/// times smaller.
pub const W_PROMINENT: f32 = 0.8;
/// A country the document names less than this share of the times it names its most named
/// one is a minor one: it alone does not vouch for a little-known place.
const MINOR_COUNTRY_SHARE: f32 = 0.25;
/// Population from which a city can be prominent.
const PROMINENT_POP: u64 = 1_000_000;
/// "Near" means within this distance.
pub const NEAR_KM: f64 = 150.0;
/// Small places need some support from the document to count as places at all.
pub(crate) const UNSUPPORTED_MAX_POP: u64 = 100_000;

/// Words that may stand between a place and the region or country named after it.
const GLUE: &[&str] = &[
    ",",
    "(",
    ")",
    "in",
    "of",
    // "Shikarpur under Wazirpur upazila": South Asian reports' word for lying inside
    "under",
    "the",
    "district",
    "districts",
    "province",
    "region",
    "governorate",
    "county",
    "state",
    "oblast",
    "city",
    "town",
    "village",
    "area",
    "areas",
    "countryside",
    "center",
    "centre",
    "lga",
    "tehsil",
    "municipality",
    "commune",
    "subdistrict",
    "sub-district",
    "neighborhood",
    "neighbourhood",
    "outskirts",
    "camp",
    "upazila",
    "union",
    "sector",
    "ward",
    "block",
    "zone",
];
const ADMIN2_WORDS: &[&str] = &[
    "district",
    "districts",
    "county",
    "lga",
    "tehsil",
    "upazila",
    "raion",
    "subdistrict",
    "municipality",
];
const ADMIN1_WORDS: &[&str] = &[
    "region",
    "province",
    "governorate",
    "oblast",
    "state",
    "krai",
    "kray",
];
const CITY_WORDS: &[&str] = &[
    "city",
    "town",
    "village",
    "camp",
    "neighborhood",
    "neighbourhood",
];

/// Whether a lower-case word names a kind of place ("district", "province", "village",
/// "area"): a name after "<kind word>," or "<kind word> (" says where that place lies.
pub(crate) fn is_kind_word(w: &str) -> bool {
    ADMIN2_WORDS.contains(&w)
        || ADMIN1_WORDS.contains(&w)
        || CITY_WORDS.contains(&w)
        || LOCALITY_WORDS.contains(&w)
}

/// Capitalised words that may follow a place name without making it part of a longer name:
/// kinds of places and features ("Sinai Peninsula", "Gaza Strip", "Kherson Oblast").
const FEATURE_WORDS: &[&str] = &[
    "peninsula",
    "valley",
    "mountains",
    "mountain",
    "river",
    "sea",
    "strip",
    "island",
    "islands",
    "bay",
    "desert",
    "coast",
    "airport",
    "basin",
    "highlands",
    "plains",
    "lake",
    "gulf",
    "heights",
    "hills",
    "airbase",
    "base",
    "border",
    "crossing",
    "corridor",
    "square",
    "street",
    "road",
    "bridge",
    "port",
    "harbour",
    "harbor",
    "dam",
    "oblast",
    "raion",
    "krai",
    "kray",
    "city",
    "town",
    "village",
    "camp",
    "district",
    "province",
    "region",
    "governorate",
    "state",
    "county",
    "municipality",
    "commune",
    "division",
    "department",
    "prefecture",
];

/// Words of direction or position: alone they name no place ("the South", "Central
/// Election Commission", "West Wales" with Wales the place), even where a region is called
/// "North" or "Central" (such regions are written with their kind word: "North Region").
const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "centre",
    "center",
    "middle",
    "upper",
    "lower",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
];

/// Lower-case particles inside longer Arabic or Romance names ("Ain al Arab", "Bir el Abd").
const NAME_PARTICLES: &[&str] = &[
    "al", "el", "ad", "ar", "as", "ash", "an", "at", "az", "bin", "ben", "de", "del", "la", "di",
    "da", "dos", "das", "e", "i",
];

/// Whether a place mention of a little-known place is only the first part of a longer name
/// the gazetteer does not know: "Al" of "Al Qaryat", "Hazar" of "Hazar Asp", "Ain" of "Ain al Arab". The next word is
/// capitalised (or a name particle before a capitalised word), starts no mention of its own
/// and is no feature word; a run of capitalised words around the name (a headline in title
/// case) says nothing, so there the rule stays silent.
fn is_fragment(tokens: &[Token], m: &Mention, starts: &[usize]) -> bool {
    // A well-known place names things after itself ("New York Times", "Maryland State
    // Police", "California Democrats"): still a place.
    let known = m.place_cands.iter().any(|c| {
        matches!(c.place.feature.as_str(), "admin1" | "region" | "water")
            || c.place.population >= UNSUPPORTED_MAX_POP
    });
    if known {
        return false;
    }
    let alpha = |t: &Token| t.norm.chars().next().is_some_and(char::is_alphabetic);
    let continues = |i: usize| {
        tokens.get(i).is_some_and(|t| {
            alpha(t)
                && t.is_capitalised()
                && !starts.contains(&i)
                && !FEATURE_WORDS.contains(&crate::clause::lower(t).as_ref())
        })
    };
    let next = m.tok_end;
    let frag = continues(next)
        || tokens
            .get(next)
            .is_some_and(|t| NAME_PARTICLES.contains(&t.norm.as_str()))
            && continues(next + 1);
    if !frag {
        return false;
    }
    // title case: most words around the name are capitalised
    let lo = m.tok_start.saturating_sub(4);
    let hi = (m.tok_end + 5).min(tokens.len());
    let around: Vec<&Token> = tokens[lo..m.tok_start]
        .iter()
        .chain(tokens[m.tok_end.min(hi)..hi].iter())
        .filter(|t| alpha(t) && t.norm.chars().count() > 3)
        .collect();
    let caps = around.iter().filter(|t| t.is_capitalised()).count();
    !(around.len() >= 3 && caps * 3 > around.len() * 2)
}

/// Lower-case nouns after a place's name that make the name a feature's ("the Palma
/// bridge", "Hamra street"), not the place where that feature lies.
const FEATURE_NOUNS: &[&str] = &[
    "bridge",
    "street",
    "road",
    "highway",
    "roundabout",
    "square",
    "junction",
    "avenue",
    "hospital",
    "school",
    "university",
    "mosque",
    "church",
    "stadium",
];

/// Whether the words from `end` make the name before them part of a feature's name: a
/// lower-case feature noun ("the Beirut port"), or another name and then one ("the
/// Tripoli-Beirut highway"). A capital so used is the city, not its government.
pub(crate) fn modifies_feature(tokens: &[Token], end: usize) -> bool {
    let noun = |k: usize| {
        tokens.get(k).is_some_and(|t| {
            !t.is_capitalised() && FEATURE_NOUNS.contains(&crate::clause::lower(t).as_ref())
        })
    };
    noun(end)
        || (tokens
            .get(end)
            .is_some_and(|t| t.norm == "-" && !t.space_before)
            && tokens
                .get(end + 1)
                .is_some_and(|t| t.is_capitalised() && !t.space_before)
            && noun(end + 2))
}

/// Whether the word after the mention is a lower-case feature noun ([`FEATURE_NOUNS`]).
fn names_a_feature(tokens: &[Token], m: &Mention) -> bool {
    tokens.get(m.tok_end).is_some_and(|t| {
        !t.is_capitalised() && FEATURE_NOUNS.contains(&crate::clause::lower(t).as_ref())
    })
}

/// Great-circle distance in kilometres between two (lat, lon) points.
pub(crate) fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let p = std::f64::consts::PI / 180.0;
    let h = ((b.0 - a.0) * p / 2.0).sin().powi(2)
        + (a.0 * p).cos() * (b.0 * p).cos() * ((b.1 - a.1) * p / 2.0).sin().powi(2);
    12742.0 * h.sqrt().min(1.0).asin()
}

fn coords(c: &PlaceCandidate) -> Option<(f64, f64)> {
    Some((c.place.lat?, c.place.lon?))
}

/// Transliteration-tolerant equality of two names ("Idlib"/"Idleb" do not match, but
/// "Sa'dah"/"Sadah", "Tillabéri"/"Tillaberi", "Kharkiv Oblast"/"Kharkiv" do).
fn same_name(a: &str, b: &str) -> bool {
    let strip = |s: &str| {
        let f = sitrep_kb::fold(s);
        let words: Vec<&str> = f
            .split(' ')
            .filter(|w| {
                !matches!(
                    *w,
                    "region"
                        | "province"
                        | "governorate"
                        | "oblast"
                        | "state"
                        | "district"
                        | "county"
                        | "city"
                        | "municipality"
                        | "division"
                        | "the"
                        | "al"
                        | "el"
                        | "ar"
                        | "as"
                        | "ad"
                        | "an"
                        | "ash"
                        | "at"
                        | "az"
                        | "ul"
                )
            })
            .collect();
        sitrep_kb::skeleton(&words.join(""))
    };
    let (x, y) = (strip(a), strip(b));
    !x.is_empty() && x == y
}

/// Whether reading `ci` is a city of [`UNSUPPORTED_MAX_POP`] or more that its name mostly
/// means: every namesake in another country is at least ten times smaller (a region's head
/// count, the sum over its places, counting a tenth). "Gaza" (410,000) over Mozambique's Gaza
/// Province; not "Candelaria" (138,000 in the Philippines, 29,000 in Brazil).
fn dominant(cands: &[PlaceCandidate], ci: usize) -> bool {
    let Some(p) = cands.get(ci).map(|c| &c.place) else {
        return false;
    };
    p.feature == "city"
        && p.population >= UNSUPPORTED_MAX_POP
        && cands.iter().all(|o| {
            let weight = if o.place.feature == "city" { 1.0 } else { 0.1 };
            o.place.country == p.country
                || o.place.population as f64 * weight * 10.0 <= p.population as f64
        })
}

/// Whether candidate `c` lies in the region or country that mention `b` names: `None` when
/// not, else whether `b` names its admin1.
fn lies_in(c: &PlaceCandidate, b: &Mention) -> Option<bool> {
    if b.kind == EntityKind::Country {
        return (b.country.is_some() && b.country == c.place.country).then_some(false);
    }
    let p = &c.place;
    let named = |region: &Option<String>| {
        region.as_deref().is_some_and(|r| {
            same_name(r, &b.surface)
                || b.place_cands.iter().any(|bc| {
                    bc.place.country == p.country
                        && matches!(bc.place.feature.as_str(), "admin1" | "admin2")
                        && same_name(r, &bc.place.name)
                })
        })
    };
    if p.feature != "admin1" && named(&p.admin1) {
        Some(true)
    } else if p.feature != "admin2" && named(&p.admin2) {
        Some(false)
    } else {
        None
    }
}

/// Whether candidate `r` (a region reading of mention `b`) holds a reading of mention `a`.
fn holds(r: &PlaceCandidate, a: &Mention) -> bool {
    let field = match r.place.feature.as_str() {
        "admin1" => |p: &crate::kbview::PlaceInfo| p.admin1.clone(),
        "admin2" => |p: &crate::kbview::PlaceInfo| p.admin2.clone(),
        _ => return false,
    };
    a.place_cands.iter().any(|c| {
        c.place.id != r.place.id
            && c.place.country == r.place.country
            && field(&c.place).is_some_and(|n| same_name(&n, &r.place.name))
    })
}

/// The name of a place as the text writes it, when the text uses one of its other spellings
/// ("Avdiivka" for GeoNames' "Avdiyivka"): reports and their readers use the local spelling.
/// `None` for forms with a kind word ("Kharkiv region") or in capitals (datelines), where the
/// gazetteer's name reads better.
fn written_name(surface: &str) -> Option<String> {
    let s = surface
        .strip_prefix("the ")
        .or_else(|| surface.strip_prefix("The "))
        .unwrap_or(surface)
        .trim();
    let last = s.rsplit(' ').next().unwrap_or("").to_lowercase();
    let kind = GLUE.contains(&last.as_str()) || FEATURE_WORDS.contains(&last.as_str());
    let caps = !s.chars().any(char::is_lowercase);
    (!s.is_empty() && !kind && !caps).then(|| s.to_string())
}

/// The key mentions of one name share: folded surface without a leading "the".
fn name_key(m: &Mention) -> String {
    let f = sitrep_kb::fold(&m.surface);
    f.strip_prefix("the ").map(str::to_string).unwrap_or(f)
}

/// Per-candidate local evidence of one mention: (admin, contains, kind).
#[derive(Debug, Clone, Default)]
struct Local {
    admin: f32,
    contains: f32,
    kind: f32,
    /// The text's name for the reading's admin1, when a container named it.
    admin1_text: Option<String>,
}

/// Whether the tokens between two mentions only join a place to its region: punctuation,
/// glue words, and at most two capitalised words the gazetteer did not know ("Bara (Ansongo,
/// Gao)" with Ansongo unknown).
fn joined(tokens: &[Token]) -> bool {
    // "Durayhimi district in western Yemen (Al Hudaydah)": a lower-case word of direction
    // says where in the container, and joins as glue does
    let glue = |t: &Token| {
        let w = crate::clause::lower(t);
        GLUE.contains(&w.as_ref()) || (!t.is_capitalised() && DIRECTIONS.contains(&w.as_ref()))
    };
    tokens.len() <= 7
        && tokens
            .iter()
            .filter(|t| !glue(t))
            .all(|t| t.is_capitalised())
        && tokens.iter().filter(|t| !glue(t)).count() <= 2
}

/// Whether the place mention `rest[0]`, which a comma joins to the name before it, goes on a
/// series of places: a comma and another place, or "and"/"or" and another place, right after
/// it ("Zilina, Nitra, Presov and Kosice"; "Zilina, Nitra and Kosice").
fn in_series(tokens: &[Token], ms: &[Mention], rest: &[usize]) -> bool {
    let (Some(b), Some(next)) = (
        rest.first().and_then(|&k| ms.get(k)),
        rest.get(1).and_then(|&k| ms.get(k)),
    ) else {
        return false;
    };
    let before = |i: usize| {
        tokens
            .get(i)
            .map(|t| crate::clause::lower(t).to_string())
            .unwrap_or_default()
    };
    let place = |m: &Mention| matches!(m.kind, EntityKind::Place | EntityKind::Country);
    b.tok_start >= 1
        && before(b.tok_start - 1) == ","
        && place(next)
        && match next.tok_start.checked_sub(b.tok_end) {
            Some(1) => matches!(before(b.tok_end).as_str(), "," | "and" | "or"),
            Some(2) => {
                before(b.tok_end) == "," && matches!(before(b.tok_end + 1).as_str(), "and" | "or")
            }
            _ => false,
        }
}

/// The chosen reading of one name.
struct Choice {
    ci: usize,
    score: f32,
    evidence: Vec<String>,
    supported: bool,
    /// The document itself supports the reading (region, country, nearby place, dateline).
    context: bool,
    /// A little-known reading: a place or district of under [`UNSUPPORTED_MAX_POP`].
    small: bool,
    /// The text names the reading's region next to it, or a place inside it.
    local: bool,
    /// Another place of the document lies near the reading.
    near: bool,
    /// A city of millions that no namesake rivals.
    prominent: bool,
    /// Every mention of the name names a feature after it ("the Palma bridge").
    feature_only: bool,
    /// The only support from the document is its naming the reading's country, a country
    /// it names far less often than its main one ([`MINOR_COUNTRY_SHARE`]).
    minor_country_only: bool,
    admin1_text: Option<String>,
}

/// At most this many distinct place names are resolved together. Choosing a reading weighs
/// each name against every other name of the document (nearness, shared regions, the
/// countries the others vouch for), so a text that is a long list of places (1 MB of "in X,
/// Y and Z") cost time quadratic in its names: 200 KB took 46 s. A report names a few dozen
/// places; a longer text is resolved in consecutive runs of sentences with at most this many
/// names each, each run as a document of its own. (Mentions of the same names cost linear
/// time: they are weighed per name, not against each other.)
const MAX_NAMES_RESOLVED_TOGETHER: usize = 128;

/// Chooses a reading for every place mention, and drops place mentions nothing in the
/// document supports. `dateline_country` is the country of the report's dateline, if any.
/// A document that names more places than [`MAX_NAMES_RESOLVED_TOGETHER`] is resolved in runs
/// of sentences that each name at most that many.
pub fn resolve(
    tokens: &[Token],
    per_sentence: &mut [Vec<Mention>],
    dateline_country: Option<&str>,
    kb: &dyn crate::kbview::KbView,
) {
    // Spelling searches the whole document may make (not each run).
    let mut searches = crate::spelling_searches_allowed(tokens.len());
    let mut a = 0;
    while a < per_sentence.len() {
        let mut names: HashSet<String> = HashSet::new();
        let mut b = a;
        while let Some(ms) = per_sentence.get(b) {
            let here: Vec<String> = ms
                .iter()
                .filter(|m| m.kind == EntityKind::Place && !m.place_cands.is_empty())
                .map(name_key)
                .collect();
            crate::work(ms.len() as u64 + 1);
            let new: HashSet<&String> = here.iter().filter(|k| !names.contains(*k)).collect();
            if b > a && names.len() + new.len() > MAX_NAMES_RESOLVED_TOGETHER {
                break;
            }
            names.extend(here);
            b += 1;
        }
        resolve_together(
            tokens,
            &mut per_sentence[a..b],
            dateline_country,
            kb,
            &mut searches,
        );
        a = b;
    }
}

/// [`resolve`] for one run of sentences, read as a whole document; `searches` is what is
/// left of the document's spelling searches ([`add_localities`]).
fn resolve_together(
    tokens: &[Token],
    per_sentence: &mut [Vec<Mention>],
    dateline_country: Option<&str>,
    kb: &dyn crate::kbview::KbView,
    searches: &mut usize,
) {
    // Countries the document names, by count.
    let mut countries: HashMap<String, usize> = HashMap::new();
    for m in per_sentence.iter().flatten() {
        if m.kind == EntityKind::Country
            && let Some(c) = &m.country
        {
            *countries.entry(c.clone()).or_default() += 1;
        }
    }
    let total: usize = countries.values().sum();
    let top = countries.values().copied().max().unwrap_or(0);

    // Local evidence per mention and candidate.
    let mut groups: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    // Name key → its index in `groups`.
    let mut group_of: HashMap<String, usize> = HashMap::new();
    let mut local: HashMap<(usize, usize), Vec<Local>> = HashMap::new();
    let mut containers: Vec<usize> = Vec::new();
    let mut container_of: Vec<(usize, usize)> = Vec::new();
    // (sentence, mention, its first container)
    let mut first_container: Vec<(usize, usize, usize)> = Vec::new();
    let mut drop: Vec<(usize, usize)> = Vec::new();
    // Dropped mentions that are no place name at all (a fragment of a longer name, a word of
    // direction), as opposed to names whose every reading is a far namesake.
    let mut not_places: HashSet<(usize, usize)> = HashSet::new();
    for (si, ms) in per_sentence.iter().enumerate() {
        let mut order: Vec<usize> = (0..ms.len()).collect();
        order.sort_by_key(|&k| ms[k].tok_start);
        let starts: Vec<usize> = ms.iter().map(|m| m.tok_start).collect();
        for (pos, &k) in order.iter().enumerate() {
            let m = &ms[k];
            if m.kind != EntityKind::Place || m.place_cands.is_empty() {
                continue;
            }
            if is_fragment(tokens, m, &starts) || DIRECTIONS.contains(&name_key(m).as_str()) {
                drop.push((si, k));
                not_places.insert((si, k));
                continue;
            }
            let mut loc = vec![Local::default(); m.place_cands.len()];
            // containers: the next one or two mentions, joined by glue words only
            let mut end = m.tok_end;
            for (step, &k2) in order.iter().skip(pos + 1).take(2).enumerate() {
                let b = &ms[k2];
                if b.tok_start < end
                    || !joined(&tokens[end..b.tok_start])
                    || !matches!(b.kind, EntityKind::Place | EntityKind::Country)
                {
                    break;
                }
                // "stores in Zilina, Nitra, Presov and Kosice": a comma series of places
                // lists them; none says where the one before it lies, unless one can
                // ("Odessa, Texas, and Kharkiv")
                let listed = step == 0
                    && in_series(tokens, ms, &order[pos + 1..])
                    && m.place_cands.iter().all(|c| lies_in(c, b).is_none());
                if listed {
                    break;
                }
                containers.push(k2);
                for (ci, c) in m.place_cands.iter().enumerate() {
                    if let Some(a1) = lies_in(c, b) {
                        let w = if b.kind == EntityKind::Country {
                            0.6
                        } else {
                            1.0
                        };
                        loc[ci].admin = loc[ci].admin.max(W_ADMIN * w);
                        if a1 && loc[ci].admin1_text.is_none() {
                            loc[ci].admin1_text = Some(b.surface.clone());
                        }
                    }
                }
                end = b.tok_end;
            }
            // contained: the previous mention, joined by glue words
            if pos > 0 {
                let a = &ms[order[pos - 1]];
                if a.kind == EntityKind::Place
                    && a.tok_end <= m.tok_start
                    && joined(&tokens[a.tok_end..m.tok_start])
                {
                    for (ci, c) in m.place_cands.iter().enumerate() {
                        if holds(c, a) {
                            loc[ci].contains = W_CONTAINS;
                        }
                    }
                }
            }
            // kind words: the name's own last word, or the word after it
            let last = tokens
                .get(m.tok_end.saturating_sub(1))
                .map(|t| t.norm.to_lowercase())
                .unwrap_or_default();
            let next = tokens
                .get(m.tok_end)
                .filter(|_| m.tok_end < tokens.len())
                .map(|t| t.norm.to_lowercase())
                .unwrap_or_default();
            let kind_of = |w: &str| {
                if ADMIN2_WORDS.contains(&w) {
                    Some("admin2")
                } else if ADMIN1_WORDS.contains(&w) {
                    Some("admin1")
                } else if CITY_WORDS.contains(&w) {
                    Some("city")
                } else {
                    None
                }
            };
            // a plural kind word names the kind of every name it gathers: "the provinces of
            // Khost and Paktika", "Khost and Paktika provinces"
            let plural = |w: &str| {
                let one = match w.strip_suffix("ies") {
                    Some(stem) => format!("{stem}y"),
                    None => w.strip_suffix('s').unwrap_or_default().to_string(),
                };
                kind_of(&one)
            };
            let lw = |k: usize| {
                tokens
                    .get(k)
                    .map(|t| crate::clause::lower(t).to_string())
                    .unwrap_or_default()
            };
            let gathered_before = || {
                // back over "Name and"/"Name ," to "of", then the plural kind word
                let mut k = m.tok_start;
                let mut steps = 0;
                while k >= 2 && steps < 6 {
                    let w = lw(k - 1);
                    if w == "of" {
                        return plural(&lw(k - 2));
                    }
                    if !(matches!(w.as_str(), "and" | ",") || tokens[k - 1].is_capitalised()) {
                        return None;
                    }
                    k -= 1;
                    steps += 1;
                }
                None
            };
            let gathered_after = || {
                // on over "and Name"/", Name" to the plural kind word
                if !matches!(next.as_str(), "and" | ",") {
                    return None;
                }
                let mut k = m.tok_end;
                while k < tokens.len() && k < m.tok_end + 6 {
                    let w = lw(k);
                    if !(matches!(w.as_str(), "and" | ",") || tokens[k].is_capitalised()) {
                        return plural(&w);
                    }
                    k += 1;
                }
                None
            };
            let said = kind_of(&last)
                .or_else(|| kind_of(&next))
                .or_else(|| plural(&next))
                .or_else(gathered_before)
                .or_else(gathered_after);
            // "the Gulf", "the Sahel": a bare name after "the" is a sea or a wide region, not a
            // county or town of that name ("Gulf County" in a report naming the US).
            let the_before = m.tok_start > 0
                && tokens
                    .get(m.tok_start - 1)
                    .is_some_and(|t| t.norm.eq_ignore_ascii_case("the"));
            for (ci, c) in m.place_cands.iter().enumerate() {
                let f = c.place.feature.as_str();
                if said.is_none() && the_before && matches!(f, "water" | "region") {
                    loc[ci].kind = W_THE;
                    continue;
                }
                loc[ci].kind = match said {
                    Some(k) if k == f => W_KIND,
                    // "X district" where only the district's seat is listed
                    Some("admin2") if f == "city" => W_KIND * 0.5,
                    Some(_) => 0.0,
                    None if f == "city" => W_CITY,
                    None => 0.0,
                };
            }
            local.insert((si, k), loc);
            if let Some(&k2) = containers.first() {
                first_container.push((si, k, k2));
            }
            container_of.extend(containers.drain(..).map(|k2| (si, k2)));
            let key = name_key(m);
            match group_of.get(&key) {
                Some(&gi) => groups[gi].1.push((si, k)),
                None => {
                    group_of.insert(key.clone(), groups.len());
                    groups.push((key, vec![(si, k)]));
                }
            }
        }
    }

    let container_set: HashSet<(usize, usize)> = container_of.iter().copied().collect();
    // Scores of each group's candidates (candidates of the group's first mention; the
    // other mentions have the same name, so the same list).
    let score_group = |members: &[(usize, usize)],
                       per_sentence: &[Vec<Mention>],
                       near: &dyn Fn(&PlaceCandidate) -> bool|
     -> Option<Choice> {
        let &(s0, k0) = members.first()?;
        let first = per_sentence.get(s0)?.get(k0)?;
        let cued = members.iter().any(|&(s, k)| per_sentence[s][k].loc_cue);
        let feature_only = members
            .iter()
            .all(|&(s, k)| names_a_feature(tokens, &per_sentence[s][k]));
        // one end of a road named by both ends: the other end supports its readings
        let route_end = members.iter().any(|&(s, k)| per_sentence[s][k].route_end);
        // "Tell Abiad countryside", "the outskirts of X": the text takes the town as a
        // landmark the land around it is named by, so a known town, not a namesake.
        let landmark = members.iter().any(|&(s, k)| {
            let m = &per_sentence[s][k];
            tokens.get(m.tok_end).is_some_and(|t| {
                m.tok_end < tokens.len()
                    && matches!(
                        crate::clause::lower(t).as_ref(),
                        "countryside" | "outskirts"
                    )
            })
        });
        let mut best: Option<Choice> = None;
        for (ci, c) in first.place_cands.iter().enumerate() {
            // (weight, what): formatted only for the reading that becomes the best so far
            let mut ev: Vec<(f32, &'static str)> = Vec::new();
            let mut lmax = Local::default();
            for &(s, k) in members {
                if let Some(l) = local.get(&(s, k)).and_then(|v| v.get(ci)) {
                    lmax.admin = lmax.admin.max(l.admin);
                    lmax.contains = lmax.contains.max(l.contains);
                    lmax.kind = lmax.kind.max(l.kind);
                    if lmax.admin1_text.is_none() {
                        lmax.admin1_text.clone_from(&l.admin1_text);
                    }
                }
            }
            let p = &c.place;
            let cc = p.country.as_deref().unwrap_or("");
            let named = countries.get(cc).copied().unwrap_or(0);
            let country = if named > 0 {
                W_COUNTRY * (0.5 + 0.5 * named as f32 / total.max(1) as f32)
                    + if named == top { 0.2 } else { 0.0 }
            } else {
                0.0
            };
            let pop = (p.population as f64
                * if matches!(p.feature.as_str(), "city" | "facility" | "water") {
                    1.0
                } else {
                    0.1
                }
                + 1.0)
                .log10()
                / 7.0;
            // seas, continents and other wide areas list no population; they are the
            // readings everyone knows ("the Middle East", "the Red Sea")
            let wide = p.population == 0 && matches!(p.feature.as_str(), "water" | "region");
            let pop = W_POP * if wide { 1.0 } else { pop.min(1.0) as f32 };
            let dl = if dateline_country.is_some_and(|d| d == cc) {
                W_DATELINE
            } else {
                0.0
            };
            let nr = if near(c) { W_NEAR } else { 0.0 };
            let prim = if c.primary { W_PRIMARY } else { 0.0 };
            // A city of millions whose namesakes are all far smaller is the one the name means
            // unless the text says otherwise: "Paris" and "London" in a report about the US
            // are not two neighbouring Ohio villages, which would support each other as near.
            let cands = &first.place_cands;
            let rivalless = |k: usize| {
                let p = &cands[k].place;
                p.population >= PROMINENT_POP
                    && cands.iter().enumerate().all(|(j, o)| {
                        j == k
                            // the city's own region or district of the same name is no rival
                            || o.place.country == p.country
                            || o.place.population.saturating_mul(20) <= p.population
                    })
            };
            // A region's head count is the sum over its places, so a region of millions may
            // be named after a seat of under a million ("Jerusalem", 0.97 million, of the
            // Jerusalem district, 1.7 million): the seat, a city of its own weight, shares the
            // region's standing, and a plain "in Jerusalem" names the city.
            let prominent = rivalless(ci)
                || (p.feature == "city"
                    && p.population >= UNSUPPORTED_MAX_POP
                    && cands.iter().enumerate().any(|(k, o)| {
                        matches!(o.place.feature.as_str(), "admin1" | "admin2")
                            && o.place.country == p.country
                            && same_name(&o.place.name, &p.name)
                            && match o.place.feature.as_str() {
                                "admin1" => p.admin1.as_deref() == Some(o.place.name.as_str()),
                                _ => p.admin2.as_deref() == Some(o.place.name.as_str()),
                            }
                            && rivalless(k)
                    }));
            let prom = if prominent { W_PROMINENT } else { 0.0 };
            // A city that gives its name to its own province ("Kherson", "Idlib", "Kandahar")
            // is that province's seat, a place news names without context, whatever the
            // gazetteer's head count.
            let seat = p.feature == "city"
                && first.place_cands.iter().any(|o| {
                    o.place.feature == "admin1"
                        && o.place.country == p.country
                        && p.admin1.as_deref() == Some(o.place.name.as_str())
                });
            for (w, what) in [
                (
                    lmax.admin,
                    "admin: the text names its region or country next to it",
                ),
                (
                    lmax.contains,
                    "contains: a place named next to it lies in it",
                ),
                (
                    lmax.kind,
                    "kind: the word next to it names this kind of place",
                ),
                (country, "country: the document names its country"),
                (nr, "near: another place of the document lies near it"),
                (
                    if route_end { W_NEAR } else { 0.0 },
                    "route: the other place the road is named after lies near it",
                ),
                (dl, "dateline: in the dateline's country"),
                (pop, "population"),
                (prim, "canonical name"),
                (
                    prom,
                    "prominent: a city of millions, its namesakes far smaller",
                ),
            ] {
                if w > 0.0 {
                    ev.push((w, what));
                }
            }
            let score: f32 = ev.iter().map(|(w, _)| w).sum();
            // "Shikarpur in Barisal": the text gives the name as the region another place
            // lies in, which a district reading fits even where no other reading of the
            // document's names does.
            let holder = (matches!(p.feature.as_str(), "admin1" | "admin2")
                && members.iter().any(|mk| container_set.contains(mk)))
                || (landmark && p.feature == "city");
            let minor_country_only = country > 0.0
                && (named as f32) < MINOR_COUNTRY_SHARE * top as f32
                && !route_end
                && !holder
                && lmax.admin <= 0.0
                && lmax.contains <= 0.0
                && nr <= 0.0
                && dl <= 0.0;
            let context = route_end
                || lmax.admin > 0.0
                || lmax.contains > 0.0
                || country > 0.0
                || nr > 0.0
                || dl > 0.0
                || holder;
            let small = !wide
                && !seat
                && !matches!(p.feature.as_str(), "admin1" | "region" | "water")
                && (p.population as f64 * if p.feature == "admin2" { 0.1 } else { 1.0 })
                    < UNSUPPORTED_MAX_POP as f64;
            let supported = cued
                || lmax.admin > 0.0
                || lmax.contains > 0.0
                || country > 0.0
                || nr > 0.0
                || dl > 0.0
                || p.population > UNSUPPORTED_MAX_POP
                || seat
                || !matches!(p.feature.as_str(), "city");
            let better = best.as_ref().is_none_or(|b| {
                // A city of millions no namesake rivals ("London") over a small namesake
                // that only the document's country and dateline support (London, Ohio, in a
                // report from Washington): the text says nothing that places the name there.
                if prominent && !b.prominent && b.small && !b.local && !b.near {
                    return true;
                }
                if b.prominent
                    && !prominent
                    && small
                    && lmax.admin <= 0.0
                    && lmax.contains <= 0.0
                    && nr <= 0.0
                {
                    return false;
                }
                score > b.score
            });
            if better {
                ev.sort_by(|a, b| b.0.total_cmp(&a.0));
                best = Some(Choice {
                    ci,
                    score,
                    evidence: ev
                        .into_iter()
                        .map(|(w, what)| format!("{what} (+{w:.2})"))
                        .collect(),
                    supported,
                    context,
                    small,
                    local: lmax.admin > 0.0 || lmax.contains > 0.0,
                    near: nr > 0.0,
                    prominent,
                    feature_only,
                    minor_country_only,
                    admin1_text: lmax.admin1_text.clone(),
                });
            }
        }
        best
    };

    // Pass 1 without proximity, pass 2 with it (against the other names' pass-1 choices).
    let no_near = |_: &PlaceCandidate| false;
    let first: Vec<Option<Choice>> = groups
        .iter()
        .map(|(_, members)| score_group(members, per_sentence, &no_near))
        .collect();
    // Only readings the document supports on their own vouch for their neighbours: two
    // unsupported namesakes ("Middle East" and "Damascus" in Maryland) must not prop each
    // other up.
    let chosen: Vec<Option<PlaceCandidate>> = groups
        .iter()
        .zip(&first)
        .map(|((_, members), b)| {
            let &(s, k) = members.first()?;
            let ci = b.as_ref().filter(|b| b.supported)?.ci;
            per_sentence[s][k].place_cands.get(ci).cloned()
        })
        .collect();
    let mut results = Vec::with_capacity(groups.len());
    for (gi, (_, members)) in groups.iter().enumerate() {
        let near = |c: &PlaceCandidate| {
            chosen.iter().enumerate().any(|(gj, o)| {
                crate::work(1);
                let Some(o) = o.as_ref().filter(|_| gj != gi) else {
                    return false;
                };
                if o.place.id == c.place.id {
                    return false;
                }
                let same_a1 = o.place.country == c.place.country
                    && o.place.admin1.is_some()
                    && o.place.admin1 == c.place.admin1
                    && o.place.feature != "admin1";
                same_a1
                    || matches!((coords(o), coords(c)), (Some(a), Some(b)) if km(a, b) <= NEAR_KM)
            })
        };
        results.push(score_group(members, per_sentence, &near));
    }

    // Where the document has a setting of its own (a country, a dateline, a place it
    // supports), a little-known reading nothing in that setting supports is a namesake far
    // away ("Jiji" in China for a district of Paktia), even after "in": the name is a place
    // the gazetteer lacks, and no reading is better than a wrong one.
    let anchored: Vec<bool> = first
        .iter()
        .map(|b| {
            b.as_ref()
                .is_some_and(|b| b.supported && (b.context || !b.small))
        })
        .collect();
    let setting = |gi: usize| {
        total > 0
            || dateline_country.is_some()
            || anchored.iter().enumerate().any(|(gj, &a)| a && gj != gi)
    };
    // The countries the text itself vouches for: those of readings placed by the region or
    // place the text names next to them ("Rio de Janeiro, Rio de Janeiro").
    let reading_country = |gi: usize, ci: usize| -> Option<String> {
        let &(s, k) = groups.get(gi)?.1.first()?;
        per_sentence[s][k]
            .place_cands
            .get(ci)?
            .place
            .country
            .clone()
    };
    let reading_feature = |gi: usize, ci: usize| -> Option<String> {
        let &(s, k) = groups.get(gi)?.1.first()?;
        Some(
            per_sentence[s][k]
                .place_cands
                .get(ci)?
                .place
                .feature
                .clone(),
        )
    };
    let vouched: Vec<Option<String>> = results
        .iter()
        .enumerate()
        .map(|(gi, r)| {
            let r = r.as_ref().filter(|r| r.supported && r.local)?;
            reading_country(gi, r.ci)
        })
        .collect();
    let results: Vec<Option<Choice>> = results
        .into_iter()
        .enumerate()
        .map(|(gi, r)| {
            r.map(|mut c| {
                if c.small && !c.context && setting(gi) {
                    c.supported = false;
                }
                // "at Heathrow airport" in a report on Britain and Russia that names the US
                // in passing: a village whose only tie to the report is a country it barely
                // names is a namesake of a place the gazetteer lacks (Heathrow, Florida).
                if c.small && c.minor_country_only && !c.prominent {
                    c.supported = false;
                }
                // "the Palma bridge", "Mandela street": the name names a feature that lies
                // among the report's places; in a report with a setting of its own, a reading
                // that setting does not support is a namesake, however large (Brazil's Palma
                // for a bridge in a report on Lebanon). Without a setting the name is read as
                // usual ("a Gaza hospital").
                let city = reading_feature(gi, c.ci).is_some_and(|f| f == "city");
                if c.feature_only && !c.context && setting(gi) && !(c.prominent && city) {
                    c.supported = false;
                }
                // A reading in a country the document neither names nor vouches for, in a
                // document whose places the text ties to another country, with nothing of
                // its own ("locality Candelaria" in Rio read as a Philippine town): a namesake.
                // Not a city the name mostly means ([`dominant`]): "in solidarity with Gaza"
                // in a report whose places are in Yemen.
                let cc = reading_country(gi, c.ci);
                let elsewhere = vouched
                    .iter()
                    .enumerate()
                    .any(|(gj, v)| gj != gi && v.is_some() && *v != cc);
                let ours = vouched.iter().any(|v| v.is_some() && *v == cc)
                    || cc.as_ref().is_some_and(|cc| countries.contains_key(cc));
                let mostly = groups
                    .get(gi)
                    .and_then(|(_, ms)| ms.first())
                    .is_some_and(|&(s, k)| dominant(&per_sentence[s][k].place_cands, c.ci));
                if !c.context
                    && !c.local
                    && !c.prominent
                    && !mostly
                    && cc.is_some()
                    && elsewhere
                    && !ours
                {
                    c.supported = false;
                }
                c
            })
        })
        .collect();

    // The text's own spelling of each region it names, wherever it names it: "Sirnak" for
    // GeoNames' "Şırnak", "Fizuli" for "Fuzuli District" (the reading the name resolved to).
    // Readers, and the sources that code their reports, use the spelling of the text.
    let spellings: Vec<(crate::kbview::PlaceInfo, String)> = groups
        .iter()
        .zip(&results)
        .filter_map(|((_, members), r)| {
            let r = r.as_ref().filter(|r| r.supported)?;
            let &(s, k) = members.first()?;
            let m = per_sentence.get(s)?.get(k)?;
            Some((m, m.place_cands.get(r.ci)?, written_name(&m.surface)?))
        })
        .flat_map(|(m, chosen, text)| {
            // A town that names its region ("Dahuk" for the city of the Duhok region, "Gomel"
            // for Homyel' Voblasc'): the name is also a reading of the region, so the text's
            // spelling is the region's too.
            let region = m
                .place_cands
                .iter()
                .find(|c| {
                    c.place.feature == "admin1"
                        && c.place.country == chosen.place.country
                        && chosen.place.feature != "admin1"
                        && chosen.place.admin1.as_deref() == Some(c.place.name.as_str())
                })
                .map(|c| (c.place.clone(), text.clone()));
            std::iter::once((chosen.place.clone(), text)).chain(region)
        })
        .collect();
    let spelled = |p: &crate::kbview::PlaceInfo| -> Option<String> {
        let a1 = p.admin1.as_deref()?;
        spellings
            .iter()
            .find(|(c, text)| {
                c.country == p.country
                    && ((c.feature == "admin1" && c.name == a1)
                        // the region's seat, named like it ("Fizuli", Fuzuli District)
                        || (c.admin1.as_deref() == Some(a1) && same_name(&c.name, a1))
                        || same_name(text, a1))
            })
            .map(|(_, text)| text.clone())
    };

    // Apply: one reading per name; unsupported small places are dropped.
    for ((_, members), res) in groups.iter().zip(results) {
        let Some(Choice {
            ci,
            evidence,
            supported,
            mut admin1_text,
            ..
        }) = res
        else {
            continue;
        };
        let &(s0, k0) = match members.first() {
            Some(x) => x,
            None => continue,
        };
        let Some(c) = per_sentence[s0][k0].place_cands.get(ci).cloned() else {
            continue;
        };
        if admin1_text.is_none() {
            admin1_text = spelled(&c.place);
        }
        for &(s, k) in members {
            if !supported {
                drop.push((s, k));
                continue;
            }
            let m = &mut per_sentence[s][k];
            let mut place = c.place.clone();
            // (the canonical name too where the text writes it in plain letters: "Bir al-Abd"
            // for "Bi’r al ‘Abd", "Najran" for "Najrān")
            if let Some(n) = written_name(&m.surface)
                && (!c.primary || (n.is_ascii() && !place.name.is_ascii()))
            {
                place.name = n;
            }
            m.entity = format!("place:{}", c.place.id);
            m.name = place.name.clone();
            m.country = c.place.country.clone();
            m.place = Some(place);
            m.place_evidence = evidence.clone();
            m.admin1_text.clone_from(&admin1_text);
        }
    }
    // A reading far from the place the text puts it in ("Jalalpur, Shamli" read as a
    // Jalalpur 600 km away, "Mohammadpur union, ... (Noakhali, Chittagong)" as a Mohammadpur
    // of another division, "Karama town in Ar-Raqqa" as a suburb of Darwin) is a namesake:
    // the place itself is one the gazetteer lacks, and it becomes a locality inside its
    // container below. Only for towns and districts under a million people.
    let mut dropped: HashSet<(usize, usize)> = drop.iter().copied().collect();
    for &(s, k, k2) in &first_container {
        let (Some(m), Some(b)) = (per_sentence[s].get(k), per_sentence[s].get(k2)) else {
            continue;
        };
        let (Some(p), Some(c)) = (m.place.as_ref(), b.place.as_ref()) else {
            continue;
        };
        if p.population >= PROMINENT_POP
            || !matches!(p.feature.as_str(), "city" | "town" | "admin2")
            || dropped.contains(&(s, k))
            || dropped.contains(&(s, k2))
        {
            continue;
        }
        let far = matches!((p.lat.zip(p.lon), c.lat.zip(c.lon)), (Some(a), Some(b)) if km(a, b) > NEAR_KM);
        let outside = p.country != c.country
            || match c.feature.as_str() {
                "admin1" => {
                    p.admin1 != c.admin1
                        && !p.admin1.as_deref().is_some_and(|a| same_name(a, &c.name))
                }
                "admin2" => {
                    p.admin2 != c.admin2
                        && !p.admin2.as_deref().is_some_and(|a| same_name(a, &c.name))
                        && far
                }
                "city" | "town" => far,
                _ => false,
            };
        if outside {
            drop.push((s, k));
            dropped.insert((s, k));
        }
    }
    for (s, k) in container_of {
        if let Some(m) = per_sentence.get_mut(s).and_then(|v| v.get_mut(k)) {
            m.container = true;
        }
    }
    drop.sort_unstable();
    drop.dedup();
    // A name the text puts a locative word before ("in Delft", "near Jiji") whose readings
    // are all namesakes elsewhere is still a place: one the gazetteer lacks. It stays a
    // place mention without a reading (no coordinates, so never an event's place), unless a
    // locality is made of it below.
    let unlisted: Vec<(usize, Mention)> = drop
        .iter()
        .filter(|sk| !not_places.contains(sk))
        .filter_map(|&(s, k)| Some((s, per_sentence.get(s)?.get(k)?)))
        .filter(|(_, m)| m.kind == EntityKind::Place && m.loc_cue && stands_alone(tokens, m))
        .map(|(s, m)| (s, unlisted_place(m)))
        .collect();
    for &(s, k) in drop.iter().rev() {
        per_sentence[s].remove(k);
    }
    for ms in per_sentence.iter_mut() {
        add_localities(tokens, ms, kb, searches);
    }
    for (s, u) in unlisted {
        let Some(ms) = per_sentence.get_mut(s) else {
            continue;
        };
        if ms
            .iter()
            .any(|o| o.tok_start < u.tok_end && u.tok_start < o.tok_end)
        {
            continue;
        }
        let at = ms.partition_point(|o| o.tok_start < u.tok_start);
        ms.insert(at, u);
    }
    // A named feature the gazetteer does not list ("Royal Street", "Carnegie Library") lies
    // among the document's places: the country most of its resolved place mentions are in
    // (the first named on a tie). Countries named only as nationalities ("French colonial")
    // say less about where a street is.
    let mut counts: Vec<(String, usize)> = Vec::new();
    for m in per_sentence.iter().flatten() {
        if m.kind != EntityKind::Place || m.place.is_none() {
            continue;
        }
        if let Some(c) = &m.country {
            match counts.iter_mut().find(|(x, _)| x == c) {
                Some((_, n)) => *n += 1,
                None => counts.push((c.clone(), 1)),
            }
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    if let Some((main, _)) = counts.into_iter().find(|(_, n)| *n == best && best > 0) {
        for m in per_sentence.iter_mut().flatten() {
            if m.kind == EntityKind::Place && m.place.is_none() && m.country.is_none() {
                m.country = Some(main.clone());
            }
        }
    }
}

/// Whether a name whose readings are all namesakes may still be read as a place the
/// gazetteer lacks: a name of its own, not the start of a longer name ("Gotham City", "Kanal
/// 13"), a person's ("Noma's case") or an acronym ("BA").
fn stands_alone(tokens: &[Token], m: &Mention) -> bool {
    let acronym = m.surface.chars().count() <= 3 && !m.surface.chars().any(char::is_lowercase);
    let next_continues = tokens.get(m.tok_end).is_some_and(|t| {
        m.tok_end < tokens.len()
            && (t.tag == sitrep_model::Tag::POS
                || t.norm == "'s"
                || t.norm == "’s"
                || t.is_capitalised()
                || t.norm.chars().next().is_some_and(|c| c.is_ascii_digit()))
    });
    !acronym && !next_continues
}

/// A place name none of whose readings the document supports, as a place the gazetteer
/// lacks: the name as written, no reading, no country (the report's is set later).
fn unlisted_place(m: &Mention) -> Mention {
    Mention {
        entity: format!("place:x:{}", crate::mentions::slug(&m.surface)),
        name: m.surface.clone(),
        country: None,
        place: None,
        place_cands: Vec::new(),
        place_evidence: vec![
            "unlisted: every reading is a namesake the document does not support".into(),
        ],
        admin1_text: None,
        container: false,
        ..m.clone()
    }
}

/// Words after a place's name that say what kind of small place it is ("Kabizo village").
const LOCALITY_WORDS: &[&str] = &[
    "village",
    "town",
    "city",
    "area",
    "areas",
    "locality",
    "neighborhood",
    "neighbourhood",
    "camp",
    "settlement",
    "hamlet",
    "quarter",
    "suburb",
    "township",
    "market",
    "junction",
    "union",
    // "Silikote sector": a stretch of a front line named after its village
    "sector",
    "center",
    "centre",
    "checkpoint",
    "airbase",
    "desert",
    "countryside",
    "outskirts",
    // land named after its town or village ("the Adhaim plains", "Jaghori valley")
    "plain",
    "plains",
    "valley",
    "hills",
];

/// Last words of a building's or institution's name ("Mvara Secondary School", "Al-Shifa
/// Hospital"), which names no locality of its own.
const BUILDING_HEADS: &[&str] = &[
    "school",
    "college",
    "university",
    "academy",
    "institute",
    "hospital",
    "clinic",
    "church",
    "cathedral",
    "mosque",
    "temple",
    "stadium",
    "prison",
    "hotel",
    "headquarters",
];

/// Month and weekday names: "in August, New Orleans" names a time.
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words right before a place's name that make it a place ("in Kabizo", "the village of
/// Bambofa").
/// The cues of [`LOCALITY_CUES`] that only a place can follow ("in Omar Khel"), unlike "of"
/// or "from" (which a person can: "the son of", "from Ali Khan").
const LOCATIVE_CUES: &[&str] = &["in", "at", "near", "outside", "inside"];

const LOCALITY_CUES: &[&str] = &[
    "in", "at", "near", "outside", "from", "into", "around", "inside", "toward", "towards", "of",
];

/// The gazetteer's place that a name no lookup found may be, under another transliteration
/// ("Basira" for Al Busayrah, "Ain al Arab" for ‘Ayn al ‘Arab), inside the place the text
/// puts it in: a populated place of the container's country in its admin1 (for a region) or
/// within [`NEAR_KM`] of it (for a town); the most populous where several are.
fn spelled_inside(
    kb: &dyn crate::kbview::KbView,
    name: &str,
    container: &crate::kbview::PlaceInfo,
) -> Option<crate::kbview::PlaceInfo> {
    let cc = container.country.as_deref()?;
    let at = container.lat.zip(container.lon)?;
    kb.places_spelled_like(name, cc)
        .into_iter()
        .filter(|p| p.feature == "city")
        .filter(|p| match container.feature.as_str() {
            "admin1" => p.admin1.is_some() && p.admin1 == container.admin1,
            _ => p.lat.zip(p.lon).is_some_and(|b| km(at, b) <= NEAR_KM),
        })
        .max_by_key(|p| p.population)
}

/// Places the gazetteer does not list but the text puts inside one it does: "Kabizo village
/// (Rutshuru, Nord-Kivu)", "the town of Basira in the eastern countryside of Deir-ez-Zor",
/// "Omar Khel of Pul-e Khumri district". Each becomes a place mention of feature `locality`
/// with the name the text gives and the coordinates, region and country of the place it lies
/// in (the finest the gazetteer can say), so that an event there is named as the text names
/// it and located as well as the gazetteer allows. The container stays a container.
///
/// The name must be one to four capitalised words that start no other mention, with a
/// locative word before it ("in", "near", "the village of") or a kind word after it
/// ("village", "area"), and the container must follow it with only a kind word, a comma, an
/// opening parenthesis or "in"/"of" (with adjectives and a kind word) between them.
///
/// `searches` is how many more spelling searches ([`spelled_inside`]) the document may make;
/// past them a name is read as a locality of its container without one.
fn add_localities(
    tokens: &[Token],
    ms: &mut Vec<Mention>,
    kb: &dyn crate::kbview::KbView,
    searches: &mut usize,
) {
    let lw = |i: usize| crate::clause::lower(&tokens[i]).to_string();
    let mut added: Vec<Mention> = Vec::new();
    // People read where the text names a locality (spans of the mentions to drop).
    let mut displaced: Vec<(usize, usize)> = Vec::new();
    let person_at = |o: &Mention, start: usize, end: usize| {
        o.kind == EntityKind::Person && o.tok_start == start && o.tok_end == end
    };
    for m in ms.iter() {
        let Some(container) = m.place.as_ref() else {
            continue;
        };
        if m.kind != EntityKind::Place
            || container.lat.is_none()
            || !matches!(
                container.feature.as_str(),
                "city" | "town" | "admin1" | "admin2"
            )
        {
            continue;
        }
        // Walk back from the container over the joining words.
        let mut j = m.tok_start;
        let mut steps = 0;
        let mut joined_by = false;
        while j > 0 && steps < 6 {
            let w = lw(j - 1);
            if matches!(w.as_str(), "(" | "," | "in" | "of" | "the" | "on" | "under")
                || LOCALITY_WORDS.contains(&w.as_str())
                || ADMIN2_WORDS.contains(&w.as_str())
                || (tokens[j - 1].tag == sitrep_model::Tag::JJ && !tokens[j - 1].is_capitalised())
            {
                if matches!(w.as_str(), "(" | "," | "in" | "of" | "on" | "under") {
                    joined_by = true;
                }
                j -= 1;
                steps += 1;
            } else {
                break;
            }
        }
        if !joined_by || j == m.tok_start {
            continue;
        }
        // Inside a large city a name is a neighbourhood, and the city is where reports (and
        // ACLED) place the event ("Malibagh (Dhaka)"); unless the text means the region around
        // it ("Basira city in Deir-ez-Zor countryside").
        let region_word = |w: &str| {
            matches!(
                w,
                "countryside" | "province" | "governorate" | "region" | "state" | "division"
            ) || ADMIN2_WORDS.contains(&w)
        };
        // A city that names its own province, joined by "in" ("Mhemideh in Deir-ez-Zor",
        // "Rihaniya in al-Hasakeh"), is the province: a village lies in a province, while a
        // city's quarter is given in brackets or after a comma ("Malibagh (Dhaka)").
        let letters = |x: &str| {
            sitrep_kb::fold(x)
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        };
        let names_its_province = (j..m.tok_start).any(|i| lw(i) == "in")
            && !(j..m.tok_start).any(|i| {
                matches!(
                    lw(i).as_str(),
                    "(" | "," | "neighborhood" | "neighbourhood" | "quarter" | "suburb"
                )
            })
            && container.admin1.as_deref().is_some_and(|a| {
                letters(a) == letters(&container.name)
                    || letters(a) == letters(&m.surface)
                    // the name is also a reading of the city's own region, whatever the
                    // spellings ("al-Hasakeh" for the city Al Ḩasakah of Al-Hasakah)
                    || m.place_cands.iter().any(|c| {
                        c.place.feature == "admin1"
                            && c.place.country == container.country
                            && c.place.name == a
                    })
            });
        // "Baipail city (Dhaka)", "Kafr Nabl town (Idlib)": the text calls the name a
        // settlement of its own, not a quarter of the large city after it.
        // Also past one unlisted name in the brackets: "Sonapur town (Narsingdi, Dhaka)".
        let settle_word = |i: usize| matches!(lw(i).as_str(), "city" | "town" | "village");
        let settlement = (j < m.tok_start && settle_word(j))
            || (lw(j) == ","
                && j >= 3
                && tokens[j - 1].is_capitalised()
                && lw(j - 2) == "("
                && settle_word(j - 3));
        let region_named = (j..m.tok_start).any(|i| region_word(&lw(i)))
            || (m.tok_end < tokens.len() && region_word(&lw(m.tok_end)));
        // "near Starohnativka, Donetsk", "(Natore Sadar, Rajshahi)": a city that names its own
        // region, given after a comma as where another name lies, is that region (the
        // place-comma-region notation of reports); alone in brackets ("Malibagh (Dhaka)") it
        // stays the city, whose quarter the name is.
        let listed = m.tok_start >= 2
            && lw(m.tok_start - 1) == ","
            && tokens[m.tok_start - 2].is_capitalised();
        let names_region = container.admin1.as_deref().is_some_and(|a| {
            letters(a) == letters(&container.name)
                || m.place_cands.iter().any(|c| {
                    matches!(c.place.feature.as_str(), "admin1" | "admin2")
                        && c.place.country == container.country
                        && (c.place.name == a
                            || container.admin2.as_deref() == Some(c.place.name.as_str()))
                })
        });
        let region_named = region_named || (listed && names_region);
        let large_city = matches!(container.feature.as_str(), "city" | "town")
            && container.population >= UNSUPPORTED_MAX_POP;
        if large_city && !(names_its_province || settlement || region_named) {
            continue;
        }
        // The name ends where the joining words start; a kind word first among them
        // ("Kabizo village (") describes it. One unknown name between it and the container
        // ("Tchamilemba village (Shabunda, Sud-Kivu)" with Shabunda unknown) is skipped.
        let mut found = None;
        // Whether the name found lies in an unlisted district named after it ("Pul Mukhtar of
        // Obe district, Herat"): the spelling search would read the whole province for it,
        // while the text puts it in one district of it.
        let mut district_pending = false;
        let mut past_district = false;
        let mut end = j;
        for _ in 0..2 {
            let kind_after = end < tokens.len()
                && (LOCALITY_WORDS.contains(&lw(end).as_str())
                    || ADMIN2_WORDS.contains(&lw(end).as_str()));
            let mut start = end;
            while start > 0 && end - start < 6 {
                let t = &tokens[start - 1];
                let w = lw(start - 1);
                // a proper noun, not a capitalised common word ("Students", "Police")
                // (a word joined by a Persian izafe, "Nad-e" of "Nad-e Ali", or to another
                // capitalised word, "Ga-Rankuwa", is a name part whatever its tag)
                let joined_name = t.norm.rsplit_once('-').is_some_and(|(_, b)| {
                    matches!(b, "e" | "ye" | "i")
                        || b.chars().next().is_some_and(char::is_uppercase)
                });
                let cap = t.is_capitalised()
                    && t.norm.chars().next().is_some_and(char::is_alphabetic)
                    && (t.tag == sitrep_model::Tag::NNP || joined_name);
                let inner = start < end
                    && (NAME_PARTICLES.contains(&w.as_str()) || (w == "-" && !t.space_before));
                if cap || inner {
                    start -= 1;
                } else {
                    break;
                }
            }
            // particles and hyphens may not open the name
            while start < end && !tokens[start].is_capitalised() {
                start += 1;
            }
            if start >= end || start == 0 {
                break;
            }
            let cue = lw(start - 1);
            // "of" only after a kind of place ("the village of Bambofa"), not after any noun
            // ("the Coordination of Resistance Committees")
            let cued = LOCALITY_CUES.contains(&cue.as_str())
                && (cue != "of"
                    || start >= 2 && {
                        let w = lw(start - 2);
                        let w = w.strip_suffix('s').unwrap_or(&w);
                        LOCALITY_WORDS.contains(&w)
                            || ADMIN2_WORDS.contains(&w)
                            || ADMIN1_WORDS.contains(&w)
                    });
            let free = !ms
                .iter()
                .any(|o| o.tok_start < end && start < o.tok_end && !person_at(o, start, end));
            if found.is_some() && !free {
                break;
            }
            // "in Hazar Asp of Nawa-e Barakzayi district": a district the text gives as where
            // the name before it lies
            let district_of =
                cue == "of" && end < tokens.len() && ADMIN2_WORDS.contains(&lw(end).as_str());
            if cued || kind_after {
                // a finer place may stand before this one ("Mohammadpur union, Suborno Char
                // upazila (Noakhali, ...)", "in Hazar Asp of Nawa-e Barakzayi district"):
                // keep looking past a comma or that "of"
                let finer = found.is_none() && (cue == "," || district_of);
                if found.is_some() && district_pending {
                    past_district = true;
                }
                found = Some((start, end, cued));
                if !finer {
                    break;
                }
                district_pending = district_of;
            } else if found.is_some() {
                break;
            }
            // "X village (Unknown, Region)": step over "Unknown (" or "Unknown ,"; a place the
            // gazetteer knows is no unknown name, but the container of what comes before it
            // ("Barangay Poblacion, Marawi, Lanao del Sur")
            let known_place = ms.iter().any(|o| {
                o.tok_start < end
                    && start < o.tok_end
                    && o.kind == EntityKind::Place
                    && o.place.is_some()
            });
            if !(matches!(cue.as_str(), "(" | ",") || district_of) || known_place {
                break;
            }
            if found.is_some() && !(cue == "," || district_of) {
                break;
            }
            let mut e2 = start - 1;
            while e2 > 0
                && (LOCALITY_WORDS.contains(&lw(e2 - 1).as_str())
                    || ADMIN2_WORDS.contains(&lw(e2 - 1).as_str()))
            {
                e2 -= 1;
            }
            end = e2;
        }
        let Some((start, end, cued)) = found else {
            continue;
        };
        let words = end - start;
        if words == 0 || words > 4 {
            continue;
        }
        // "Mvara Secondary School in Arua district": a building's name is no locality; the
        // place it stands in is the place
        if tokens
            .get(end - 1)
            .is_some_and(|t| t.is_capitalised() && BUILDING_HEADS.contains(&lw(end - 1).as_str()))
        {
            continue;
        }
        // "the Zap (Amadiya) region", "Avasin (Mergasur) district": the known name in
        // brackets between an unlisted name and a region word is another name of the same
        // area, the one the gazetteer knows; it is the place, not a container.
        let aka = end + 1 == m.tok_start
            && lw(end) == "("
            && lw(m.tok_end) == ")"
            && m.tok_end + 1 < tokens.len()
            && {
                let w = lw(m.tok_end + 1);
                ADMIN2_WORDS.contains(&w.as_str()) || ADMIN1_WORDS.contains(&w.as_str())
            };
        if aka {
            continue;
        }
        // no other mention inside (but a person read from a given name that a locative
        // word opens: "in Omar Khel of Pul-e Khumri district"); no direction word, title or
        // sentence-initial word alone
        let person_here = |o: &Mention| {
            cued && LOCATIVE_CUES.contains(&lw(start - 1).as_str()) && person_at(o, start, end)
        };
        if ms
            .iter()
            .chain(added.iter())
            .any(|o| o.tok_start < end && start < o.tok_end && !person_here(o))
        {
            continue;
        }
        if ms.iter().any(person_here) {
            displaced.push((start, end));
        }
        let surface = crate::mentions::join(&tokens[start..end]);
        let key = sitrep_kb::fold(&surface);
        // a numbered quarter ("PD2 of X city", "Sector 7") is part of the city, where reports
        // place what happens in it
        if key.is_empty()
            || key.chars().any(|c| c.is_ascii_digit())
            || DIRECTIONS.contains(&key.as_str())
            || key.split(' ').any(|w| CALENDAR.contains(&w))
            || key
                .split(' ')
                .any(|w| DIRECTIONS.contains(&w) && key.split(' ').count() == 1)
            || tokens[start..end]
                .iter()
                .any(|t| matches!(t.tag, sitrep_model::Tag::VBD | sitrep_model::Tag::VBN))
        {
            continue;
        }
        let spelled = if *searches > 0 && !past_district {
            *searches -= 1;
            crate::work(1);
            spelled_inside(kb, &surface, container)
        } else {
            None
        };
        let place = match spelled {
            // the gazetteer lists it under another spelling: its own coordinates, the text's
            // name
            Some(found) => crate::kbview::PlaceInfo {
                name: surface.clone(),
                ..found
            },
            None => crate::kbview::PlaceInfo {
                id: format!("x:{}", crate::mentions::slug(&surface)),
                name: surface.clone(),
                country: container.country.clone(),
                admin1: container.admin1.clone(),
                admin2: container.admin2.clone(),
                lat: container.lat,
                lon: container.lon,
                feature: "locality".into(),
                population: 0,
            },
        };
        added.push(Mention {
            sentence: m.sentence,
            tok_start: start,
            tok_end: end,
            full_start: start,
            kind: EntityKind::Place,
            how: None,
            entity: format!("place:{}", place.id),
            name: surface.clone(),
            surface,
            country: container.country.clone(),
            sector: None,
            role: None,
            place: Some(place),
            aliases: Vec::new(),
            place_cands: Vec::new(),
            loc_cue: cued,
            place_evidence: vec![format!(
                "locality: not in the gazetteer; placed at {}, which the text puts it in",
                container.name
            )],
            admin1_text: m.admin1_text.clone().or_else(|| {
                (container.feature == "admin1")
                    .then(|| written_name(&m.surface))
                    .flatten()
            }),
            container: false,
            destination: false,
            route_end: false,
        });
    }
    if added.is_empty() {
        return;
    }
    ms.retain(|m| !(m.kind == EntityKind::Person && displaced.contains(&(m.tok_start, m.tok_end))));
    // the containers of the new places say only where those lie
    for a in &added {
        for m in ms.iter_mut() {
            if m.tok_start >= a.tok_end
                && m.tok_start <= a.tok_end + 7
                && m.kind == EntityKind::Place
            {
                m.container = true;
            }
        }
    }
    // A chain of unlisted places ("Tamu village, Kalay township, Sagaing Region"): each new
    // place that only a comma, bracket or kind word separates from the one before it says
    // where that one lies; the first is the finest.
    let ends: Vec<usize> = added.iter().map(|a| a.tok_end).collect();
    for b in added.iter_mut() {
        b.container |= ends.iter().any(|&e| {
            e <= b.tok_start
                && b.tok_start - e <= 3
                && (e..b.tok_start).all(|i| {
                    let w = lw(i);
                    matches!(w.as_str(), "," | "(")
                        || LOCALITY_WORDS.contains(&w.as_str())
                        || ADMIN2_WORDS.contains(&w.as_str())
                })
        });
    }
    ms.extend(added);
    ms.sort_by_key(|m| m.tok_start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_across_transliterations() {
        assert!(same_name("Sa'dah", "Sadah"));
        assert!(same_name("Tillabéri", "Tillabery"));
        assert!(same_name("Kharkiv Oblast", "Kharkiv"));
        assert!(same_name("Al-Hasakah", "Hasakah"));
        assert!(!same_name("Kharkiv", "Kherson"));
        assert!(!same_name("", ""));
    }

    #[test]
    fn distance_is_great_circle() {
        // one degree of latitude is about 111 km
        let d = km((10.0, 20.0), (11.0, 20.0));
        assert!((d - 111.2).abs() < 1.0, "{d}");
    }
}
