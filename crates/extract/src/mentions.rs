//! Mentions: the names in a sentence that point at people, countries, organisations and places.
//!
//! Three sources: knowledge-base names (longest match over capitalised token runs), titles before
//! a name ("Russian Foreign Minister Sergey Lavrov" gives role and country), and unknown people
//! recognised from a title or a given name. Metonyms ("Kyiv", "the Kremlin") are the government
//! only where they do not follow a locative preposition ("in Kyiv" is a place).

use crate::kbview::{CountryHow, KbHit, KbView, PersonInfo, PlaceCandidate, PlaceInfo};
use crate::rules::Rules;
use sitrep_model::{EntityKind, Tag, Token, TokenKind};
use std::collections::HashMap;

/// A mention of an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub sentence: usize,
    /// Tokens of the name itself.
    pub tok_start: usize,
    pub tok_end: usize,
    /// First token including a title before the name ("US Secretary of State Marco Rubio").
    pub full_start: usize,
    pub kind: EntityKind,
    /// For country mentions, how the country is named.
    pub how: Option<CountryHow>,
    /// Stable entity id.
    pub entity: String,
    /// Canonical name.
    pub name: String,
    /// The name as written.
    pub surface: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub role: Option<String>,
    pub place: Option<PlaceInfo>,
    /// Name variants known for the entity (from the knowledge base).
    pub aliases: Vec<String>,
    /// For places: every reading of the name, ranked later by the document's context
    /// ([`crate::places::resolve`]), which sets `place` to the chosen one.
    pub place_cands: Vec<PlaceCandidate>,
    /// For places: a locative word ("in", "near", "outside") stands right before the name.
    pub loc_cue: bool,
    /// For places: the features that decided the reading (filled by the resolver).
    pub place_evidence: Vec<String>,
    /// For places: the region as the text names it next to the place ("Sadah" in
    /// "Baqim, Sadah"), when it is the reading's admin1 (filled by the resolver).
    pub admin1_text: Option<String>,
    /// For places: the mention names the region or country of the place right before it
    /// ("Kandahar" in "Maruf district, Kandahar"), so it is not the event's own place.
    pub container: bool,
    /// For places: the name is where people or things were moved to ("taken to Damascus"),
    /// not a place where anything the sentence reports happened.
    pub destination: bool,
    /// For places: the name is one end of a road named by its two ends ("Tripoli" of "the
    /// Tripoli-Beirut highway"), its readings already those near the other end, which
    /// supports them as a nearby place would.
    pub route_end: bool,
}

/// Prepositions after which a capital city is a place, not its government.
const LOCATIVE: &[&str] = &[
    "in", "at", "near", "outside", "to", "into", "from", "over", "above", "across", "toward",
    "towards", "around", "on", "via", "through", "inside", "within", "of", "visit", "visited",
    "visiting", "reach", "reached", "leave", "left", "between",
];

/// Lower-case region words that may end a place name ("Maruf district", "Kursk region"); the
/// gazetteer indexes these forms of every first- and second-level region.
const REGION_TAILS: &[&str] = &[
    "region",
    "oblast",
    "province",
    "governorate",
    "district",
    "county",
    "state",
];

/// Kinds of settlements that, right after a capitalised run, make it a place's name
/// ("Chaki Wardak district", "Kabizo village") rather than a person's.
const PLACE_KIND_AFTER: &[&str] = &["village", "town", "city", "township", "upazila", "tehsil"];

/// Words right before a name that make a place reading of a common word plausible
/// ("in Split", "near Orange"): without one, "Police said" or "More than" are not places.
const STRONG_LOCATIVE: &[&str] = &[
    "in", "at", "near", "outside", "into", "from", "across", "toward", "towards", "around",
    "inside", "within", "via", "through", "to",
];

/// Whether a lower-case word is an ordinary English word (the lexicon reads it as something
/// other than a proper noun): such a word capitalised at a sentence start or in a title is
/// rarely the village of the same name.
fn is_common_word(lower: &str) -> bool {
    let lex = sitrep_text::Lexicon::default_ref();
    lex.closed(lower, lower).is_some()
        || lex
            .word(lower)
            .is_some_and(|e| e.first().is_some_and(|r| r.tag != Tag::NNP))
}

/// Capitalised words that end the name of a feature the gazetteer does not list.
const FEATURE_HEADS: &[&str] = &[
    "Street",
    "St",
    "Avenue",
    "Ave",
    "Road",
    "Rd",
    "Boulevard",
    "Blvd",
    "Square",
    "Bridge",
    "Church",
    "Cathedral",
    "Basilica",
    "Mosque",
    "Hospital",
    "Airport",
    "Park",
    "Mountains",
    "Mountain",
    "Hills",
    "River",
    "Lake",
    "Canal",
    "Palace",
    "Theatre",
    "Theater",
    "Hotel",
    "Inn",
    "Library",
    "Station",
    "Stadium",
    "Circuit",
    "Bay",
    "Island",
    "Desert",
    "Valley",
    "Highway",
    "Prison",
    "Beach",
    "Forest",
    "Dam",
    "Refinery",
    "Heights",
    "Quarter",
    "Fields",
];
/// Capitalised words that open such a name ("Mount Chaambi", "Rue Casa Calvo").
const FEATURE_OPENERS: &[&str] = &["Mount", "Mt", "Lake", "Rue", "Fort", "Cape", "Camp"];

/// Words that may stand inside a multi-word name ("Bosnia and Herzegovina", "bin Farhan").
const NAME_JOINERS: &[&str] = &[
    "of", "and", "bin", "ibn", "al", "al-", "el", "de", "da", "van", "von", "der", "den", "la",
    "le", "du", "di", "the", "-", "'s", "abu", "bint", "ben",
    // Portuguese and Spanish place names: "Mato Grosso do Sul", "Rio Grande do Norte"
    "do", "dos", "das", "del", "des",
];

/// The token lower-cased, borrowed when it has no capital (most words): this runs several
/// times per token, and allocating each time was a visible share of the mention pass.
/// The name without the Persian izafe that joins its words ("Nad-e Ali" -> "Nad Ali",
/// "Qala-ye Zal" -> "Qala Zal"): gazetteers often leave it out. `None` where it has none.
fn without_izafe(phrase: &str) -> Option<String> {
    let mut changed = false;
    let words: Vec<&str> = phrase
        .split(' ')
        .map(|w| {
            for suf in ["-e", "-ye", "-i"] {
                if let Some(stem) = w.strip_suffix(suf)
                    && stem.chars().count() >= 2
                    && stem.chars().all(char::is_alphabetic)
                {
                    changed = true;
                    return stem;
                }
            }
            w
        })
        .collect();
    (changed && words.len() >= 2).then(|| words.join(" "))
}

fn lower(t: &Token) -> std::borrow::Cow<'_, str> {
    crate::clause::lower(t)
}

fn is_cap_word(t: &Token) -> bool {
    if t.kind != TokenKind::Word {
        return false;
    }
    let b = t.norm.as_bytes();
    // An ASCII first letter answers without decoding a character (asked for every token,
    // often several times).
    match b.first() {
        Some(c) if c.is_ascii_uppercase() => return true,
        Some(c) if c.is_ascii() => {}
        _ => {
            if t.is_capitalised() {
                return true;
            }
        }
    }
    // Arabic article prefixes: "al-Aiban", "el-Sisi", "ad-Dawla" (all open with 'a' or 'e'
    // and need a letter after the dash: most words are ruled out by two byte tests).
    if b.len() < 4 || !matches!(b[0], b'a' | b'e') {
        return false;
    }
    ["al-", "el-", "ad-", "as-", "ash-", "at-", "az-"]
        .iter()
        .any(|p| {
            t.norm
                .strip_prefix(p)
                .is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase))
        })
}

/// Joins tokens as written (spaces where the text has them).
pub fn join(tokens: &[Token]) -> String {
    let mut s = String::new();
    for (k, t) in tokens.iter().enumerate() {
        if k > 0 && t.space_before {
            s.push(' ');
        }
        s.push_str(&t.norm);
    }
    s
}

/// Folding used to build ids from names: lower-case ASCII letters and digits, '-' between words.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars() {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' => 'a',
            'ç' | 'Ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'É' | 'È' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ö' | 'Ó' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ü' => 'u',
            'ş' | 'š' | 'Ş' | 'Š' => 's',
            'ğ' => 'g',
            'ı' => 'i',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() && c != '\'' && c != '’' {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// How many recently named people the finder keeps for role references.
const MAX_RECENT_PEOPLE: usize = 64;

/// Suffixes of "X-led" compounds whose X is a party to what the noun names.
/// The two places a road is named after lie at most this far apart.
const ROUTE_KM: f64 = 600.0;
const LED_SUFFIXES: &[&str] = &[
    "led",
    "held",
    "controlled",
    "run",
    "occupied",
    "commanded",
    "organized",
    "organised",
    "planted",
    "laid",
    "fired",
    "launched",
    "linked",
    "affiliated",
    "allied",
    "aligned",
    // "a British-flagged tanker", "a US-drafted resolution": whose ship, whose text ("-made"
    // and "-backed" are not: a Russian-made drone is not Russia's to fly).
    "flagged",
    "owned",
    "registered",
    "drafted",
    "authored",
    "proposed",
];

/// Mention `m`'s entity told again by tokens `i..j` of sentence `sentence` (a surname for a
/// person named before, a body for the organisation that owns it).
fn respan(m: &Mention, tokens: &[Token], sentence: usize, i: usize, j: usize) -> Mention {
    let mut out = m.clone();
    out.sentence = sentence;
    out.tok_start = i;
    out.full_start = i;
    out.tok_end = j;
    out.surface = join(&tokens[i..j]);
    out
}

/// The organisation (its index in `out`) that the capitalised name starting at `i` belongs
/// to, where it is named just before with a possessive ("the African Union's Peace and Security Council"): up to four
/// capitalised words or "and"/"of"/"for" between the "'s" and `i`.
fn owned_by_org(tokens: &[Token], start: usize, i: usize, out: &[Mention]) -> Option<usize> {
    let mut k = i;
    let mut steps = 0;
    while k > start && steps < 4 {
        let w = lower(&tokens[k - 1]);
        if w == "'s" || w == "\u{2019}s" {
            return out.iter().rposition(|m| {
                m.tok_end + 1 == k && matches!(m.kind, EntityKind::Organization | EntityKind::Group)
            });
        }
        if !(is_cap_word(&tokens[k - 1]) || matches!(w.as_ref(), "and" | "of" | "for")) {
            return None;
        }
        k -= 1;
        steps += 1;
    }
    None
}

/// Per-document mention finder state (unknown people seen so far, for surname links).
pub struct Finder<'a> {
    kb: &'a dyn KbView,
    rules: &'a Rules,
    /// Surname (lower) → person seen earlier in the document.
    seen_people: HashMap<String, Mention>,
    /// Countries named so far in the document: a place in one of them is the likelier reading
    /// of an ambiguous name ("Jermuk" near an Armenian border post).
    seen_countries: std::collections::HashSet<String>,
    /// Organisations already named in the document: a later acronym two organisations share
    /// ("RSF" after "the Rapid Support Forces") is the one the report named.
    seen_orgs: std::collections::HashSet<String>,
    /// The document's text, where the caller gives it: an acronym two organisations share
    /// is the one whose full name the report spells out anywhere, even after the acronym
    /// (a headline's "RSF" before the body's "Rapid Support Forces").
    text: &'a str,
    /// Whether the text spells out each full name asked about, so that a text of endless
    /// acronyms is searched once per organisation.
    spelled: HashMap<String, bool>,
    /// People named so far, most recent last, for "the US president".
    recent_people: Vec<Mention>,
    /// Words seen as part of a longer capitalised name ("Bryant" in "Kobe Bryant"): not
    /// places when they recur alone.
    name_words: std::collections::HashSet<String>,
    /// Knowledge-base answers for the candidate names looked up so far in this document.
    /// Every capitalised word opens up to [`KbView::max_phrase_tokens`] candidate windows, and
    /// a lookup (folding, skeleton, automaton walk) costs far more than a hash probe: a report
    /// names the same few places and people again and again, and a hostile one that repeats
    /// one name ("Kharkiv Kharkiv …", 1 MB) would otherwise pay twelve lookups per word. With
    /// the cache a document costs one lookup per distinct window (at most [`MAX_CACHED_PHRASES`]
    /// kept at a time, so memory stays bounded whatever the text).
    lookups: LookupCache<(KbHit, f32)>,
    /// [`KbView::place_candidates`] answers, cached the same way: every mention of a place
    /// name asks for all its readings.
    place_lookups: LookupCache<PlaceCandidate>,
    /// Spelling searches among the gazetteer's regions made so far in this document, against
    /// [`crate::spelling_searches_allowed`].
    spelling_searches: std::cell::Cell<usize>,
}

/// Bounds on a [`LookupCache`]: when either is reached it is emptied and refilled, so a text of
/// endless distinct names costs what it did without the cache, and memory stays bounded
/// (names with hundreds of namesakes included).
const MAX_CACHED_PHRASES: usize = 1024;
const MAX_CACHED_ANSWERS: usize = 16_384;

/// Bounds on the answers kept across documents (one cache per thread; see [`SharedAnswers`]):
/// a news corpus names the same countries, capitals and leaders in document after document,
/// and a per-document cache answered only a quarter of the lookups.
const MAX_SHARED_PHRASES: usize = 8192;
const MAX_SHARED_ANSWERS: usize = 65_536;

/// Answers of the knowledge base by phrase, for one document (or, in [`SharedAnswers`], for
/// the documents a thread reads).
struct LookupCache<V> {
    map: std::cell::RefCell<rustc_hash::FxHashMap<String, Vec<V>>>,
    /// Answers held, all phrases together.
    answers: std::cell::Cell<usize>,
    max_phrases: usize,
    max_answers: usize,
}

impl<V> Default for LookupCache<V> {
    fn default() -> Self {
        Self::bounded(MAX_CACHED_PHRASES, MAX_CACHED_ANSWERS)
    }
}

impl<V> LookupCache<V> {
    fn bounded(max_phrases: usize, max_answers: usize) -> Self {
        LookupCache {
            map: std::cell::RefCell::default(),
            answers: std::cell::Cell::new(0),
            max_phrases,
            max_answers,
        }
    }
}

/// The answers of one knowledge base, kept across the documents one thread reads. Only for
/// a knowledge base that names itself with [`KbView::answers_id`] (its answers never change),
/// so a cached answer is exactly what asking again would give.
struct SharedAnswers {
    /// The knowledge base answering ([`KbView::answers_id`]); another one empties the cache.
    id: u64,
    lookups: LookupCache<(KbHit, f32)>,
    place_lookups: LookupCache<PlaceCandidate>,
}

thread_local! {
    static SHARED_ANSWERS: std::cell::RefCell<Option<SharedAnswers>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` on this thread's [`SharedAnswers`] for knowledge base `id` (emptied first when it
/// held another one's); `None` where the cache is in use further up the stack.
fn with_shared_answers<R>(id: u64, f: impl FnOnce(&SharedAnswers) -> R) -> Option<R> {
    SHARED_ANSWERS.with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        let shared = match &mut *slot {
            Some(s) if s.id == id => s,
            other => other.insert(SharedAnswers {
                id,
                lookups: LookupCache::bounded(MAX_SHARED_PHRASES, MAX_SHARED_ANSWERS),
                place_lookups: LookupCache::bounded(MAX_SHARED_PHRASES, MAX_SHARED_ANSWERS),
            }),
        };
        Some(f(shared))
    })
}

/// An answer for `phrase` from the thread's shared cache where the knowledge base names itself
/// (`id`) and the thread's cache is free, else from the document's own cache `local`; `ask`
/// runs on a miss of whichever cache answers.
fn cached<V: Clone>(
    id: Option<u64>,
    local: &LookupCache<V>,
    shared: impl FnOnce(&SharedAnswers) -> &LookupCache<V>,
    phrase: &str,
    ask: impl Fn() -> Vec<V> + Copy,
) -> Vec<V> {
    if let Some(id) = id
        && let Some(hits) = with_shared_answers(id, |s| shared(s).get(phrase, ask))
    {
        return hits;
    }
    local.get(phrase, ask)
}

impl<V: Clone> LookupCache<V> {
    /// The cached answer for `phrase`, else `ask`'s, kept for next time.
    fn get(&self, phrase: &str, ask: impl FnOnce() -> Vec<V>) -> Vec<V> {
        if let Some(hits) = self.map.borrow().get(phrase) {
            return hits.clone();
        }
        let hits = ask();
        let mut map = self.map.borrow_mut();
        if map.len() >= self.max_phrases || self.answers.get() + hits.len() > self.max_answers {
            map.clear();
            self.answers.set(0);
        }
        if hits.len() <= self.max_answers {
            self.answers.set(self.answers.get() + hits.len());
            map.insert(phrase.to_string(), hits.clone());
        }
        hits
    }
}

impl<'a> Finder<'a> {
    pub fn new(kb: &'a dyn KbView, rules: &'a Rules) -> Self {
        Finder {
            kb,
            rules,
            seen_people: HashMap::new(),
            seen_countries: std::collections::HashSet::new(),
            seen_orgs: std::collections::HashSet::new(),
            text: "",
            spelled: HashMap::new(),
            recent_people: Vec::new(),
            name_words: std::collections::HashSet::new(),
            lookups: LookupCache::default(),
            place_lookups: LookupCache::default(),
            spelling_searches: std::cell::Cell::new(0),
        }
    }

    /// The finder for a document whose whole text is `text` (see [`Finder::text`]).
    pub fn with_text(mut self, text: &'a str) -> Self {
        self.text = text;
        self
    }

    /// [`KbView::lookup_scored`] through the document's cache: the same answer, computed once
    /// per distinct phrase.
    /// A name no lookup finds is looked up again without its Persian izafe ("Nad-e Ali" for
    /// GeoNames' Nād ‘Alī), for places only.
    fn lookup_scored(&self, phrase: &str) -> Vec<(KbHit, f32)> {
        let ask = || {
            let hits = self.kb.lookup_scored(phrase);
            match without_izafe(phrase) {
                Some(bare) if hits.is_empty() => {
                    let mut hits = self.kb.lookup_scored(&bare);
                    hits.retain(|(h, _)| matches!(h, KbHit::Place(_)));
                    hits
                }
                _ => hits,
            }
        };
        cached(
            self.kb.answers_id(),
            &self.lookups,
            |s| &s.lookups,
            phrase,
            ask,
        )
    }

    /// [`KbView::place_candidates`] through the document's cache (and, as
    /// [`Self::lookup_scored`], without an izafe where the name has no reading).
    fn place_candidates(&self, phrase: &str) -> Vec<PlaceCandidate> {
        let ask = || {
            let cands = self.kb.place_candidates(phrase);
            match without_izafe(phrase) {
                // not the canonical spelling: the text's keeps naming the place
                Some(bare) if cands.is_empty() => self
                    .kb
                    .place_candidates(&bare)
                    .into_iter()
                    .map(|c| PlaceCandidate {
                        primary: false,
                        ..c
                    })
                    .collect(),
                _ => cands,
            }
        };
        cached(
            self.kb.answers_id(),
            &self.place_lookups,
            |s| &s.place_lookups,
            phrase,
            ask,
        )
    }

    /// [`KbView::lookup`] through the document's cache.
    fn lookup(&self, phrase: &str) -> Vec<KbHit> {
        self.lookup_scored(phrase)
            .into_iter()
            .map(|(h, _)| h)
            .collect()
    }

    /// Finds mentions in tokens `start..end` of sentence `sentence`.
    pub fn sentence(
        &mut self,
        tokens: &[Token],
        sentence: usize,
        start: usize,
        end: usize,
    ) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        let max = self.kb.max_phrase_tokens().max(1);
        // Pass 1: knowledge-base names, longest match first.
        let mut i = start;
        while i < end {
            if !is_cap_word(&tokens[i]) {
                i += 1;
                continue;
            }
            // "Saudi-led coalition", "Hamas-led attack", "Russian-held town": the name before
            // a hyphenated "-led"/"-held" is the party that leads or holds (not one that only
            // backs: "Russian-backed separatists" are not Russia).
            if let Some(m) = self.led_compound(tokens, sentence, i) {
                out.push(m);
                i += 1;
                continue;
            }
            if let Some(m) = self.route_compound(tokens, sentence, i) {
                out.push(m);
                i += 1;
                continue;
            }
            if let Some(m) = self.direction_named(tokens, sentence, start, i, end) {
                i = m.tok_end;
                out.push(m);
                continue;
            }
            let mut found = None;
            let mut owned = None;
            let mut earlier = None;
            let upto = end.min(i + max);
            // The first token from `i` that is neither capitalised nor a name joiner: no
            // phrase reaching past it can be a name (found once, not for every length).
            let first_bad = (i..upto)
                .find(|&k| {
                    let x = &tokens[k];
                    !is_cap_word(x) && !NAME_JOINERS.contains(&lower(x).as_ref())
                })
                .unwrap_or(upto);
            for j in (i + 1..=upto).rev() {
                let last = &tokens[j - 1];
                // "Maruf district", "Kirovohrad region": a region word may end a place name.
                let region_tail = j - i >= 2 && REGION_TAILS.contains(&lower(last).as_ref());
                if !is_cap_word(last) && last.kind != TokenKind::Number && !region_tail {
                    continue;
                }
                // Inner tokens must be capitalised or name joiners.
                let inner = if region_tail { j - 1 } else { j };
                if first_bad < inner {
                    continue;
                }
                let phrase = join(&tokens[i..j]);
                let mut hits = self.lookup_scored(&phrase);
                self.drop_unlikely_people(tokens, i, j, end, &mut hits);
                // "Mr Ko Thit Sar": one word after other words of the same capitalised run
                // (no title, no name found) ends an unknown person's name, not a known
                // person's surname that happens to match it.
                // Whether the word before position `k` carries the same capitalised run on:
                // capitalised, no title word, ending no name found.
                let run_goes_on = |k: usize| {
                    is_cap_word(&tokens[k - 1])
                        && !self
                            .rules
                            .title_words
                            .contains(lower(&tokens[k - 1]).as_ref())
                        && !out.iter().any(|m| m.tok_end == k)
                };
                if j - i == 1 && i > start && run_goes_on(i) {
                    hits.retain(|(h, _)| !matches!(h, KbHit::Person(_)));
                    // "Foreign minister Therese Kayikwamba Wagner": when that run follows a
                    // title or opens with a given name, the word is its surname, not the
                    // organisation that shares it.
                    let mut run = i - 1;
                    while run > start && run_goes_on(run) {
                        run -= 1;
                    }
                    // "the Ethiopian Human Rights Commission": an institution word after other
                    // capitalised words is the head of a longer name the knowledge base lacks,
                    // not the organisation its short name alone stands for.
                    if self.title_before(tokens, start, run).is_some()
                        || self.kb.is_given_name(&tokens[run].norm)
                        || self
                            .rules
                            .not_name_words
                            .contains(lower(&tokens[i]).as_ref())
                    {
                        hits.retain(|(h, _)| !matches!(h, KbHit::Org { .. }));
                    }
                }
                // "the West Papua National Liberation Army": an organisation's name right after
                // a place's, in one capitalised run the knowledge base does not list whole, is
                // another body named after that place, not the one known by the shorter name
                // (Colombia's National Liberation Army).
                if j - i >= 2
                    && out
                        .last()
                        .is_some_and(|m| m.kind == EntityKind::Place && m.tok_end == i)
                {
                    hits.retain(|(h, _)| !matches!(h, KbHit::Org { .. }));
                }
                self.prefer_context(tokens, start, i, j, end, &out, &mut hits);
                // "the African Union's Peace and Security Council": a body an organisation
                // owns is that organisation's, not another one sharing its name.
                if hits.iter().any(|(h, _)| matches!(h, KbHit::Org { .. }))
                    && let Some(o) = owned_by_org(tokens, start, i, &out)
                {
                    owned = Some((j, o));
                    break;
                }
                // "Guyanese President Irfaan Ali … Ali said": a lone surname the report gave
                // a person before is that person, not a better-known namesake the knowledge
                // base lists under it.
                if j - i == 1
                    && !hits.is_empty()
                    && hits.iter().all(|(h, _)| matches!(h, KbHit::Person(_)))
                    && let Some(prev) = self.seen_people.get(lower(&tokens[i]).as_ref())
                    && !hits
                        .iter()
                        .any(|(h, _)| matches!(h, KbHit::Person(p) if p.name == prev.name))
                {
                    earlier = Some(respan(prev, tokens, sentence, i, j));
                    break;
                }
                if !hits.is_empty() {
                    found = Some((j, phrase, hits));
                    break;
                }
            }
            if let Some(m) = earlier {
                out.push(m);
                i += 1;
                continue;
            }
            if let Some((j, o)) = owned {
                out.push(respan(&out[o], tokens, sentence, i, j));
                i = j;
                continue;
            }
            // "Royal Street", "Holy Redeemer Church", "Mount Chaambi": a named feature the
            // gazetteer does not list, longer than any name it found here.
            if let Some(k) = self.feature_phrase(tokens, i, end)
                && found.as_ref().is_none_or(|(j, _, _)| *j < k)
            {
                out.push(self.unlisted_place(tokens, sentence, i, k));
                i = k;
                continue;
            }
            if found.is_none()
                && let Some(m) = self.region_spelled_otherwise(tokens, sentence, i, end, &out)
            {
                i = m.tok_end;
                out.push(m);
                continue;
            }
            if let Some((j, phrase, hits)) = found {
                // The word before the name, skipping a determiner ("at the Kremlin").
                let mut pk = i;
                while pk > start && matches!(lower(&tokens[pk - 1]).as_ref(), "the" | "a" | "an") {
                    pk -= 1;
                }
                let prev = if pk > start {
                    Some(lower(&tokens[pk - 1]))
                } else {
                    None
                };
                if let Some(m) = self.choose(tokens, sentence, i, j, &phrase, hits, prev.as_deref())
                {
                    if m.kind == EntityKind::Country
                        && let Some(c) = &m.country
                    {
                        self.seen_countries.insert(c.clone());
                    }
                    if matches!(m.kind, EntityKind::Organization | EntityKind::Group) {
                        self.seen_orgs.insert(m.entity.clone());
                    }
                    out.push(m);
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        // Pass 2: unknown people in the capitalised runs no name covers: after a title, or
        // starting with a given name, or a surname seen earlier in the document.
        // Places do not block a person reading: GeoNames lists many surnames as villages.
        let covered = |k: usize, out: &[Mention]| {
            out.iter()
                .any(|m| m.tok_start <= k && k < m.tok_end && m.kind != EntityKind::Place)
        };
        let mut i = start;
        while i < end {
            if !is_cap_word(&tokens[i]) || covered(i, &out) {
                i += 1;
                continue;
            }
            // Title words at the head of a run are the title, not the name ("Foreign Minister X").
            let l = lower(&tokens[i]);
            if self.rules.title_words.contains(l.as_ref())
                || self.rules.weekdays.contains_key(l.as_ref())
                || self.rules.months.contains_key(l.as_ref())
            {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < end
                && !covered(j, &out)
                && (is_cap_word(&tokens[j]) || (j > i && is_particle(&tokens[j])))
            {
                j += 1;
                if j - i >= 6 {
                    break;
                }
            }
            // "House Speaker Kevin McCarthy", "Defence Committee chairman …": a title word
            // inside the run ends the title; the name is what follows it.
            if let Some(p) = (i..j.saturating_sub(2))
                .rev()
                .find(|&p| self.rules.title_words.contains(lower(&tokens[p]).as_ref()))
            {
                i = p + 1;
                continue;
            }
            // "Activist John Smith said": a noun for a person that opens the sentence is
            // capitalised only because it opens it; it describes the name after it.
            if i == start
                && j - i >= 3
                && self
                    .rules
                    .in_class("person", &tokens[i].lemma.to_lowercase())
                && !self.kb.is_given_name(&tokens[i].norm)
            {
                i += 1;
                continue;
            }
            // "American-Israeli Keith Siegel": a hyphenated demonym opening the run describes
            // the person; it is not part of the name (an unknown first word before a given name
            // may be: "Magen David Adom").
            if j - i >= 3
                && !self.kb.is_given_name(&tokens[i].norm)
                && self.hyphen_country(&tokens[i].norm).is_some()
            {
                i += 1;
                continue;
            }
            j = j.min(i + 4);
            while j > i + 1 && is_particle(&tokens[j - 1]) {
                j -= 1;
            }
            let run = j - i;
            if tokens[i..j]
                .iter()
                .any(|t| self.rules.not_name_words.contains(lower(t).as_ref()))
            {
                i = j.max(i + 1);
                continue;
            }
            // "Observatory for Human Rights", "Ministry of Foreign Affairs": a run after "of" or
            // "for" that follows an institution word ends that institution's name.
            if i >= start + 2
                && matches!(lower(&tokens[i - 1]).as_ref(), "of" | "for")
                && is_cap_word(&tokens[i - 2])
                && self
                    .rules
                    .not_name_words
                    .contains(lower(&tokens[i - 2]).as_ref())
            {
                i = j.max(i + 1);
                continue;
            }
            // "rescue service Magen David Adom", "rights group Memorial": a name right after
            // a lower-case institution noun is the institution's name.
            if i > start
                && !is_cap_word(&tokens[i - 1])
                && self
                    .rules
                    .not_name_words
                    .contains(lower(&tokens[i - 1]).as_ref())
                // ("French-Israeli national Ofer Kalderon": a noun for a person.)
                && !self.rules.in_class("person", &lower(&tokens[i - 1]))
            {
                i = j.max(i + 1);
                continue;
            }
            let followed_by_cap = tokens.get(j).is_some_and(is_cap_word) && j < end;
            // "Chaki Wardak district", "Yae Shin village": a run the text calls a kind of
            // place names a place the gazetteer lacks, not a person.
            let place_kind_after = tokens.get(j).is_some_and(|t| {
                j < end && {
                    let w = lower(t);
                    REGION_TAILS.contains(&w.as_ref()) || PLACE_KIND_AFTER.contains(&w.as_ref())
                }
            });
            if run >= 1 && !followed_by_cap && !place_kind_after {
                let titled = self.title_before(tokens, start, i).is_some()
                    || self.person_cue(tokens, (start, end), (i, j), &out);
                let given = self.kb.is_given_name(&tokens[i].norm);
                let known_surname = self
                    .seen_people
                    .get(lower(&tokens[j - 1]).as_ref())
                    .cloned();
                if let Some(prev) = known_surname.filter(|_| run <= 2) {
                    // a surname named before is the person, not a village of that name
                    out.retain(|p| {
                        !(p.kind == EntityKind::Place && p.tok_start < j && i < p.tok_end)
                    });
                    out.push(respan(&prev, tokens, sentence, i, j));
                    i = j;
                    continue;
                }
                if run >= 2 && (titled || given) {
                    out.retain(|p| {
                        !(p.kind == EntityKind::Place && p.tok_start < j && i < p.tok_end)
                    });
                    let mut m = self.unknown_person(tokens, sentence, start, i, j);
                    self.describe_person(tokens, start, &out, &mut m);
                    self.seen_people
                        .insert(lower(&tokens[j - 1]).into_owned(), m.clone());
                    out.push(m);
                    i = j;
                    continue;
                }
            }
            i = j.max(i + 1);
        }
        out.sort_by_key(|m| m.tok_start);
        // Titles and countries before people: "Russian Foreign Minister Sergey Lavrov".
        let mut k = 0;
        while k < out.len() {
            if out[k].kind == EntityKind::Person {
                let name_start = out[k].tok_start;
                if let Some((ts, role, country)) = self.title_span(tokens, start, name_start, &out)
                {
                    let m = &mut out[k];
                    m.full_start = ts;
                    if (m.role.is_none() || !role.is_empty()) && !role.is_empty() {
                        m.role = Some(role);
                    }
                    if m.country.is_none() {
                        m.country = country;
                    }
                    // Country words absorbed into the title are not separate mentions.
                    let (a, b) = (ts, name_start);
                    let before = out.len();
                    out.retain(|x| {
                        !(x.kind == EntityKind::Country
                            && x.tok_start >= a
                            && x.tok_end <= b
                            && x.how == Some(CountryHow::Demonym))
                    });
                    // The removed words all precede this person (sorted by start), so it now
                    // sits one place earlier per removed word. (Searching by start looped forever when a
                    // place began at the same token: "President Roy Castillo" with a village Roy.)
                    k = k + 1 - (before - out.len());
                    continue;
                }
            }
            k += 1;
        }
        self.role_references(tokens, sentence, start, end, &mut out);
        for m in &out {
            if m.kind == EntityKind::Person {
                if let Some(last) = m.name.split_whitespace().last() {
                    self.seen_people.insert(last.to_lowercase(), m.clone());
                }
                if let Some(last) = tokens.get(m.tok_end.saturating_sub(1)) {
                    self.seen_people.insert(lower(last).into_owned(), m.clone());
                }
                self.recent_people.retain(|p| p.entity != m.entity);
                self.recent_people.push(m.clone());
                // Bounded look-back: only the latest people are candidates for "the president".
                if self.recent_people.len() > MAX_RECENT_PEOPLE {
                    self.recent_people.remove(0);
                }
            }
        }
        out
    }

    /// "the US president", "the Ukrainian leader": a country word and a title with no name
    /// after it refer back to the person of that country and office named earlier.
    fn role_references(
        &self,
        tokens: &[Token],
        sentence: usize,
        start: usize,
        end: usize,
        out: &mut [Mention],
    ) {
        let mut added = Vec::new();
        for (ci, c) in out.iter().enumerate() {
            if c.kind != EntityKind::Country || c.how == Some(CountryHow::Metonym) {
                continue;
            }
            let Some(country) = c.country.as_deref() else {
                continue;
            };
            // Country word, optional "'s", then title words and no capitalised name after.
            let mut k = c.tok_end;
            if tokens.get(k).is_some_and(|t| t.norm == "'s") {
                k += 1;
            }
            let t0 = k;
            while k < end {
                let w = lower(&tokens[k]);
                let joiner = matches!(w.as_ref(), "of" | "for" | "the" | "and" | "'s");
                if self.rules.titles.contains(w.as_ref())
                    || (!joiner && self.rules.title_words.contains(w.as_ref()))
                {
                    k += 1;
                } else {
                    break;
                }
            }
            if k == t0 || tokens.get(k).is_some_and(is_cap_word) {
                continue;
            }
            if out.iter().enumerate().any(|(j, m)| {
                j != ci
                    && m.kind == EntityKind::Person
                    && m.tok_start >= c.tok_start
                    && m.tok_start <= k
            }) {
                continue;
            }
            let title: Vec<String> = tokens[t0..k]
                .iter()
                .map(|t| lower(t).into_owned())
                .collect();
            let head = title.last().cloned().unwrap_or_default();
            let person = self.recent_people.iter().rev().find(|p| {
                p.country.as_deref() == Some(country)
                    && (head == "leader"
                        || p.role
                            .as_deref()
                            .is_some_and(|r| r.to_lowercase().contains(&head)))
            });
            if let Some(p) = person {
                let mut m = p.clone();
                m.sentence = sentence;
                m.full_start = if c.full_start > start && lower(&tokens[c.full_start - 1]) == "the"
                {
                    c.full_start - 1
                } else {
                    c.full_start
                };
                m.tok_start = c.tok_start;
                m.tok_end = k;
                m.surface = join(&tokens[m.full_start..k]);
                added.push((ci, m));
            }
        }
        for (ci, m) in added.into_iter().rev() {
            out[ci] = m;
        }
    }

    /// The end of a named feature starting at `i`: capitalised words ending in a feature word
    /// ("Frenchmen Street", "Karl Bremer Hospital") or opened by one ("Mount Chaambi",
    /// "Lake Chad"); `None` when the run has no such word.
    fn feature_phrase(&self, tokens: &[Token], i: usize, end: usize) -> Option<usize> {
        let first = tokens.get(i)?;
        if !is_cap_word(first) || lower(first) == "the" {
            return None;
        }
        let mut k = i;
        while k < end && k - i < 6 && is_cap_word(&tokens[k]) {
            k += 1;
        }
        if k - i < 2 {
            return None;
        }
        // the last feature word in the run ends the name ("Royal Street Market" keeps all)
        if let Some(last) = (i + 1..k)
            .rev()
            .find(|&x| FEATURE_HEADS.contains(&tokens[x].norm.as_str()))
        {
            return Some(last + 1);
        }
        FEATURE_OPENERS.contains(&first.norm.as_str()).then_some(k)
    }

    /// A place the gazetteer does not list: a mention without a reading (its country is the
    /// report's, set later), never an event's place (it has no coordinates).
    fn unlisted_place(&self, tokens: &[Token], sentence: usize, i: usize, k: usize) -> Mention {
        let surface = join(&tokens[i..k]);
        Mention {
            sentence,
            tok_start: i,
            tok_end: k,
            full_start: i,
            kind: EntityKind::Place,
            how: None,
            entity: format!("place:x:{}", slug(&surface)),
            name: surface.clone(),
            surface,
            country: None,
            sector: None,
            role: None,
            place: None,
            aliases: Vec::new(),
            place_cands: Vec::new(),
            loc_cue: false,
            place_evidence: Vec::new(),
            admin1_text: None,
            container: false,
            destination: false,
            route_end: false,
        }
    }

    /// A region the text spells otherwise than the gazetteer, where the text gives a region:
    /// one to three capitalised words that no lookup found, after "(" or "," and before ")"
    /// or a region word (or after a place and a comma, before "," or ".") ("(Ceel Buur, Galgaduud)" for Galguduud, "(Karan, Banadir)" for
    /// Banaadir, "(Baramula district, ...)"). Read by its consonants among the first- and
    /// second-level regions of all countries, and kept only where they all lie in one
    /// country: a region's name is rarely reused abroad with the same consonants, a town's
    /// often is. The resolver then chooses among them as for any other name.
    fn region_spelled_otherwise(
        &self,
        tokens: &[Token],
        sentence: usize,
        i: usize,
        end: usize,
        found: &[Mention],
    ) -> Option<Mention> {
        if i == 0 || !matches!(tokens[i - 1].norm.as_str(), "(" | ",") {
            return None;
        }
        let mut k = i;
        while k < end && k - i < 3 && is_cap_word(&tokens[k]) {
            k += 1;
        }
        let after = tokens.get(k).filter(|_| k < end).map(lower);
        // Where a region goes: closing a bracket, before a region word, or after a place
        // and a comma ("Kakiri, Wakiso."); a plain ", Name," is too common in news (people,
        // firms) to search the gazetteer's regions for each (the search reads many keys).
        let after_place = i >= 2
            && tokens[i - 1].norm == ","
            && found
                .iter()
                .any(|m| m.tok_end == i - 1 && m.kind == EntityKind::Place);
        let closes = match after.as_deref() {
            None => after_place,
            Some(w) => {
                w == ")" || REGION_TAILS.contains(&w) || (after_place && matches!(w, "," | "."))
            }
        };
        if k == i || !closes {
            return None;
        }
        let used = self.spelling_searches.get();
        if used >= crate::spelling_searches_allowed(tokens.len()) {
            return None;
        }
        self.spelling_searches.set(used + 1);
        crate::work(1);
        let phrase = join(&tokens[i..k]);
        let cands = self.kb.regions_spelled_like(&phrase);
        let cc = cands.first()?.country.clone();
        if cands.len() > 3 || cands.iter().any(|c| c.country != cc) {
            return None;
        }
        let mut m = self.unlisted_place(tokens, sentence, i, k);
        m.place_cands = cands
            .into_iter()
            .map(|place| PlaceCandidate {
                place,
                primary: false,
            })
            .collect();
        Some(m)
    }

    /// Person readings that the context rules out: a one-word name that is a weekday, a
    /// pronoun or very short ("I", "Friday"), or any name directly followed by another
    /// capitalised word, which makes it part of a longer name ("Reagan National Defense Forum").
    fn drop_unlikely_people(
        &self,
        tokens: &[Token],
        i: usize,
        j: usize,
        end: usize,
        hits: &mut Vec<(KbHit, f32)>,
    ) {
        let one = j - i == 1;
        let w = lower(&tokens[i]);
        let short_or_time = one
            && (w.chars().count() < 3
                || self.rules.weekdays.contains_key(w.as_ref())
                || self.rules.months.contains_key(w.as_ref())
                || self.rules.title_words.contains(w.as_ref()));
        let next_cap = j < end
            && tokens.get(j).is_some_and(|t| {
                is_cap_word(t)
                    && !self.rules.weekdays.contains_key(lower(t).as_ref())
                    && !self.rules.months.contains_key(lower(t).as_ref())
            });
        if short_or_time || next_cap {
            hits.retain(|(h, _)| !matches!(h, KbHit::Person(_)));
        }
    }

    /// A country, organisation or group named before a hyphenated "-led", "-held",
    /// "-planted", "-linked" ([`LED_SUFFIXES`]) inside one token ("Saudi-led").
    fn led_compound(&mut self, tokens: &[Token], sentence: usize, i: usize) -> Option<Mention> {
        let norm = tokens[i].norm.as_str();
        let (name, suffix) = norm.rsplit_once('-')?;
        if name.is_empty()
            || !LED_SUFFIXES.contains(&suffix.to_lowercase().as_str())
            || name.contains('-')
        {
            return None;
        }
        let hits: Vec<(KbHit, f32)> = self
            .lookup_scored(name)
            .into_iter()
            .filter(|(h, _)| matches!(h, KbHit::Country { .. } | KbHit::Org { .. }))
            .collect();
        if hits.is_empty() {
            return None;
        }
        let mut m = self.choose(tokens, sentence, i, i + 1, name, hits, None)?;
        m.surface = tokens[i].norm.clone();
        Some(m)
    }

    /// A road named by the two places it joins, written as one hyphenated token ("the
    /// Tripoli-Beirut highway", "the Kabul-Kandahar road"): the first place, read among its
    /// namesakes near a reading of the second (the ends of a road lie within
    /// [`ROUTE_KM`] of each other: Tripoli in Lebanon, not Libya). The mention spans the
    /// token; `None` where the token is a name of its own or either part names no place.
    fn route_compound(&mut self, tokens: &[Token], sentence: usize, i: usize) -> Option<Mention> {
        let norm = tokens[i].norm.as_str();
        let (a, b) = norm.split_once('-')?;
        let capital =
            |x: &str| x.chars().count() > 2 && x.chars().next().is_some_and(char::is_uppercase);
        if !capital(a) || !capital(b) || b.contains('-') {
            return None;
        }
        if !crate::places::modifies_feature(tokens, i + 1) || !self.lookup_scored(norm).is_empty() {
            return None;
        }
        let places = |hits: Vec<(KbHit, f32)>| -> Vec<(KbHit, f32)> {
            hits.into_iter()
                .filter(|(h, _)| matches!(h, KbHit::Place(_)))
                .collect()
        };
        let (ha, hb) = (places(self.lookup_scored(a)), places(self.lookup_scored(b)));
        if ha.is_empty() || hb.is_empty() {
            return None;
        }
        let ends: Vec<(f64, f64)> = self
            .place_candidates(b)
            .iter()
            .filter_map(|c| c.place.lat.zip(c.place.lon))
            .collect();
        let near = |p: &PlaceInfo| {
            p.lat
                .zip(p.lon)
                .is_some_and(|x| ends.iter().any(|&y| crate::places::km(x, y) <= ROUTE_KM))
        };
        let mut cands = self.place_candidates(a);
        if cands.iter().any(|c| near(&c.place)) {
            cands.retain(|c| near(&c.place));
        }
        let hits: Vec<(KbHit, f32)> = ha
            .into_iter()
            .filter(
                |(h, _)| matches!(h, KbHit::Place(p) if cands.iter().any(|c| c.place.id == p.id)),
            )
            .collect();
        let mut m = self.choose(tokens, sentence, i, i + 1, a, hits, None)?;
        m.surface = a.to_string();
        m.place_cands = cands;
        m.route_end = true;
        Some(m)
    }

    /// A place whose name opens with a word of direction that the text writes in lower case
    /// ("in east Jerusalem" for the gazetteer's East Jerusalem, "west Mosul"): one or two
    /// capitalised words from `i` after "east", "west", "north" or "south", read as a place
    /// only where the whole phrase names one (never a country: "south Sudan" is a part of
    /// Sudan as often as the state).
    fn direction_named(
        &mut self,
        tokens: &[Token],
        sentence: usize,
        start: usize,
        i: usize,
        end: usize,
    ) -> Option<Mention> {
        if i <= start
            || tokens[i - 1].is_capitalised()
            || !matches!(
                tokens[i - 1].norm.as_str(),
                "east" | "west" | "north" | "south"
            )
        {
            return None;
        }
        let last = (i + 1..end.min(i + 3))
            .take_while(|&k| is_cap_word(&tokens[k]))
            .last()
            .unwrap_or(i);
        for j in (i + 1..=last + 1).rev() {
            // "south Lebanon": a part of a country the text names, which stays the country
            if self
                .lookup_scored(&join(&tokens[i..j]))
                .iter()
                .any(|(h, _)| {
                    matches!(
                        h,
                        KbHit::Country {
                            how: CountryHow::Name,
                            ..
                        }
                    )
                })
            {
                return None;
            }
            let phrase = join(&tokens[i - 1..j]);
            let hits: Vec<(KbHit, f32)> = self
                .lookup_scored(&phrase)
                .into_iter()
                .filter(|(h, _)| matches!(h, KbHit::Place(_)))
                .collect();
            if hits.is_empty() {
                continue;
            }
            let prev = (i >= start + 2).then(|| lower(&tokens[i - 2]));
            return self.choose(tokens, sentence, i - 1, j, &phrase, hits, prev.as_deref());
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    /// Context that overrides the usual ranking: "Savannah, Georgia" is the US state, not the
    /// country; "Jordan Henderson" (a given name before another capitalised word) is a person.
    fn prefer_context(
        &mut self,
        tokens: &[Token],
        start: usize,
        i: usize,
        j: usize,
        end: usize,
        found: &[Mention],
        hits: &mut Vec<(KbHit, f32)>,
    ) {
        // A common word or a given name read as a place ("Police said", "More than",
        // "Mary"): only after a locative word.
        if hits.iter().any(|(h, _)| matches!(h, KbHit::Place(_))) {
            let mut a = i;
            while a + 1 < j && matches!(lower(&tokens[a]).as_ref(), "the") {
                a += 1;
            }
            if a + 1 == j {
                let w = lower(&tokens[a]);
                let weak = is_common_word(&w) || self.kb.is_given_name(&tokens[a].norm);
                let mut pk = i;
                while pk > start && matches!(lower(&tokens[pk - 1]).as_ref(), "the" | "a" | "an") {
                    pk -= 1;
                }
                // "Savannah, Georgia": a region named after a comma is a cue as well
                let cued = (pk > start
                    && STRONG_LOCATIVE.contains(&lower(&tokens[pk - 1]).as_ref()))
                    || (j + 1 < end
                        && tokens[j].norm == ","
                        && tokens.get(j + 1).is_some_and(|t| {
                            self.lookup(&t.norm).iter().any(|h| {
                                matches!(h, KbHit::Place(p) if p.feature == "admin1")
                                    || matches!(
                                        h,
                                        KbHit::Country {
                                            how: CountryHow::Name,
                                            ..
                                        }
                                    )
                            })
                        }));
                // "Kobe Bryant", "Maggie Smith": a capitalised word right beside it that is
                // no country and no ordinary word makes it part of a person's or firm's name;
                // later lone mentions of that word are the same name.
                let name_word = |t: &Token| {
                    let l = lower(t);
                    is_cap_word(t)
                        && !is_common_word(&l)
                        && !self.rules.title_words.contains(l.as_ref())
                        && !self.rules.titles.contains(l.as_ref())
                        && !self.rules.months.contains_key(l.as_ref())
                        && !self.rules.weekdays.contains_key(l.as_ref())
                        && !REGION_TAILS.contains(&l.as_ref())
                        && !FEATURE_HEADS.contains(&t.norm.as_str())
                        && !self
                            .lookup(&t.norm)
                            .iter()
                            .any(|h| matches!(h, KbHit::Country { .. } | KbHit::Org { .. }))
                };
                let beside = (a > start && tokens[a].space_before && name_word(&tokens[a - 1]))
                    || (j < end
                        && tokens
                            .get(j)
                            .is_some_and(|t| t.space_before && name_word(t)));
                // "Chaki Wardak district": a run the text calls a kind of place is a place
                // the gazetteer lacks, so a lone "Wardak" later is still the region.
                let kind_word = |k: usize| {
                    k < end
                        && tokens.get(k).is_some_and(|t| {
                            let l = lower(t);
                            REGION_TAILS.contains(&l.as_ref())
                                || PLACE_KIND_AFTER.contains(&l.as_ref())
                        })
                };
                let place_run =
                    kind_word(j) || (j < end && name_word(&tokens[j]) && kind_word(j + 1));
                if beside && !cued && !place_run {
                    self.name_words.insert(lower(&tokens[a]).into_owned());
                }
                let named_before = self.name_words.contains(lower(&tokens[a]).as_ref());
                if (weak || beside || named_before) && !cued {
                    hits.retain(|(h, _)| !matches!(h, KbHit::Place(_)));
                    if hits.is_empty() {
                        return;
                    }
                }
            }
        }
        // Month and weekday names are dates, not the towns that share them ("last March").
        if j - i == 1 {
            let w = lower(&tokens[i]);
            if self.rules.months.contains_key(w.trim_end_matches('.'))
                || self.rules.weekdays.contains_key(w.trim_end_matches('.'))
            {
                hits.retain(|(h, _)| !matches!(h, KbHit::Place(_) | KbHit::Person(_)));
            }
        }
        // "City, Region": keep the region of the city's country.
        if i >= start + 2 && tokens[i - 1].norm == "," {
            let city_country = found
                .iter()
                .rev()
                .find(|m| m.tok_end == i - 1 && m.kind == EntityKind::Place)
                .and_then(|m| m.country.clone());
            if let Some(cc) = city_country {
                let has_region = hits.iter().any(|(h, _)| {
                    matches!(h, KbHit::Place(p) if p.country.as_deref() == Some(cc.as_str()))
                });
                if has_region {
                    hits.retain(|(h, _)| {
                        matches!(h, KbHit::Place(p) if p.country.as_deref() == Some(cc.as_str()))
                    });
                    return;
                }
            }
        }
        // "Jordan Henderson", "Chad Smith": a country that is also a given name, followed by a
        // capitalised word nothing else explains.
        if j - i == 1
            && j < end
            && self.kb.is_given_name(&tokens[i].norm)
            && let Some(next) = tokens.get(j).filter(|t| is_cap_word(t))
        {
            let l = lower(next);
            // Towns share names with surnames; only a country, organisation or known
            // person after it explains the pair otherwise.
            let known = self
                .lookup(&next.norm)
                .iter()
                .any(|h| !matches!(h, KbHit::Place(_)));
            if !known
                && !self.rules.weekdays.contains_key(l.as_ref())
                && !self.rules.months.contains_key(l.as_ref())
                && !self.rules.title_words.contains(l.as_ref())
            {
                hits.retain(|(h, _)| !matches!(h, KbHit::Country { .. }));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn choose(
        &mut self,
        tokens: &[Token],
        sentence: usize,
        i: usize,
        j: usize,
        phrase: &str,
        hits: Vec<(KbHit, f32)>,
        prev: Option<&str>,
    ) -> Option<Mention> {
        // "according to Moscow" names a source, not a place.
        let according = i >= 2 && lower(&tokens[i - 2]) == "according";
        // "Qarabagh district, Kabul", "Tamu village (Kabul)": a name after a place's kind word
        // and a comma or bracket says where that place lies, so it is a place too.
        let places_the_one_before = i >= 2
            && matches!(prev, Some("," | "("))
            && crate::places::is_kind_word(&lower(&tokens[i - 2]));
        let locative =
            (prev.is_some_and(|p| LOCATIVE.contains(&p)) || places_the_one_before) && !according;
        let destination = crate::locate::moved_to(tokens, i);
        let possessive_after = tokens
            .get(j)
            .is_some_and(|t| t.tag == Tag::POS || t.norm == "'s");
        // A single capitalised word inside a longer capitalised run that is not itself a name
        // ("Georgia Tech") is left alone only when the run continues with a capital.
        let mut best: Option<&KbHit> = None;
        let mut best_score = f32::MIN;
        // A country's own name beats towns named after it ("in Montenegro").
        let country_named = hits.iter().any(|(h, _)| {
            matches!(
                h,
                KbHit::Country {
                    how: CountryHow::Name | CountryHow::Demonym,
                    ..
                }
            )
        });
        // "President Bush": a title right before makes a person far likelier than a place.
        let titled = prev
            .is_some_and(|p| self.rules.title_words.contains(p) || self.rules.titles.contains(p));
        // An organisation's name that is also a village somewhere ("Red Cross") is the
        // organisation.
        let org_named = hits.iter().any(|(h, _)| matches!(h, KbHit::Org { .. }));
        // "in Brussels": a city that also stands for an organisation seated in it is the city
        // after a locative word, as a capital is.
        let seat_city = locative
            && hits.iter().any(|(h, _)| {
                matches!(
                    h,
                    KbHit::Place(p) if p.feature == "city"
                        && p.population >= crate::places::UNSUPPORTED_MAX_POP
                )
            });
        let org_named = org_named && !seat_city;
        for (h, prior) in &hits {
            if (country_named || org_named) && matches!(h, KbHit::Place(_)) {
                continue;
            }
            let adjust = match h {
                KbHit::Person(_) => {
                    let multi = if j - i >= 2 { 0.1 } else { 0.0 };
                    multi + if titled { 0.5 } else { 0.0 }
                }
                KbHit::Country {
                    how: CountryHow::Metonym,
                    ..
                } => {
                    // A capital that `metonyms.tsv` does not list (its prior is below a
                    // metonym's) stands for the government as a verb's subject or object
                    // ("Oslo condemned", "warned Helsinki"); elsewhere it is the city.
                    let capital_only = *prior < 0.7;
                    let argument = tokens
                        .get(j)
                        .is_some_and(|t| t.tag.is_verb() || t.tag == Tag::MD)
                        || (i > 0 && tokens[i - 1].tag.is_verb())
                        // (a past tense the word lists took for a noun: "and accused Belgrade
                        // of …"; not after a determiner, "the accused")
                        || (i > 1
                            && tokens[i - 1].norm.ends_with("ed")
                            && !matches!(tokens[i - 2].tag, Tag::DT | Tag::PRPS | Tag::POS)
                            && sitrep_text::Lexicon::default_ref()
                                .word(&lower(&tokens[i - 1]))
                                .is_some_and(|e| e.iter().any(|r| r.tag == Tag::VBD)));
                    // "the Tripoli-Beirut highway": a capital naming a road or a building
                    // is the city
                    let feature = crate::places::modifies_feature(tokens, j);
                    if (locative || feature) && !possessive_after {
                        -1.0
                    } else if capital_only && argument {
                        0.45
                    } else {
                        0.2
                    }
                }
                KbHit::Place(p) => {
                    // Among places, one in a country the report names wins; it must not
                    // outweigh a capital's reading as the government, though.
                    let context = if p
                        .country
                        .as_ref()
                        .is_some_and(|c| self.seen_countries.contains(c))
                    {
                        0.12
                    } else {
                        0.0
                    };
                    // An acronym ("IRNA", "RSF") is an organisation's name, not a village's
                    // alternate spelling.
                    let acronym = j - i == 1
                        && phrase.chars().count() <= 5
                        && phrase.chars().all(|c| c.is_ascii_uppercase() || c == '.');
                    // A word of two letters reads a place only as written: "Al" (the Arabic
                    // article in "Al cadala junction") is not Norway's "Ål".
                    let folded_short =
                        phrase.chars().count() <= 2 && !p.name.eq_ignore_ascii_case(phrase);
                    context + if locative { 0.3 } else { 0.0 }
                        - if acronym { 0.6 } else { 0.0 }
                        - if folded_short { 1.0 } else { 0.0 }
                }
                KbHit::Org { .. } if seat_city => -1.0,
                KbHit::Org {
                    id,
                    code,
                    sector,
                    name,
                    ..
                } => {
                    // "the paramilitary RSF": a word for an armed group before an acronym
                    // two organisations share picks the armed one.
                    let armed_cue = prev.is_some_and(|p| {
                        matches!(
                            p,
                            "paramilitary"
                                | "militia"
                                | "rebel"
                                | "armed"
                                | "insurgent"
                                | "militant"
                        )
                    });
                    let armed = matches!(sector.as_deref(), Some("REB" | "MIL"));
                    let named_before = hits.len() > 1
                        && (self.seen_orgs.contains(&format!("org:{}", slug(id)))
                            || (name.len() > phrase.len() && {
                                let text = self.text;
                                *self
                                    .spelled
                                    .entry(name.clone())
                                    .or_insert_with(|| text.contains(name.as_str()))
                            }));
                    (if self.seen_countries.contains(code) {
                        0.2
                    } else {
                        0.0
                    }) + if armed_cue && armed { 0.3 } else { 0.0 }
                        + if named_before { 0.5 } else { 0.0 }
                }
                _ => 0.0,
            };
            let score = prior + adjust;
            if score > best_score {
                best_score = score;
                best = Some(h);
            }
        }
        if best_score < 0.3 {
            return None;
        }
        let hit = best?.clone();
        let surface = join(&tokens[i..j]);
        let mut m = Mention {
            sentence,
            tok_start: i,
            tok_end: j,
            full_start: i,
            kind: EntityKind::Place,
            how: None,
            entity: String::new(),
            name: phrase.to_string(),
            surface,
            country: None,
            sector: None,
            role: None,
            place: None,
            aliases: Vec::new(),
            place_cands: Vec::new(),
            loc_cue: locative,
            place_evidence: Vec::new(),
            admin1_text: None,
            container: false,
            destination,
            route_end: false,
        };
        match hit {
            KbHit::Person(p) => self.fill_person(&mut m, &p),
            KbHit::Org {
                id,
                code,
                name,
                sector,
                group,
            } => {
                m.kind = if group {
                    EntityKind::Group
                } else {
                    EntityKind::Organization
                };
                m.entity = format!("org:{}", slug(&id));
                m.name = name;
                m.country = Some(code);
                m.sector = sector;
            }
            KbHit::Country {
                iso3,
                name,
                how,
                sector,
            } => {
                m.kind = EntityKind::Country;
                m.how = Some(how);
                m.entity = format!("country:{iso3}");
                m.name = name;
                m.country = Some(iso3);
                m.sector = sector.or_else(|| Some("GOV".into()));
            }
            KbHit::Place(p) => {
                m.kind = EntityKind::Place;
                m.entity = format!("place:{}", p.id);
                m.name = p.name.clone();
                m.country = p.country.clone();
                let mut cands = self.place_candidates(phrase);
                if !cands.iter().any(|c| c.place.id == p.id) {
                    cands.push(PlaceCandidate {
                        place: p.clone(),
                        primary: true,
                    });
                }
                m.place_cands = cands;
                m.place = Some(p);
            }
        }
        Some(m)
    }

    fn fill_person(&self, m: &mut Mention, p: &PersonInfo) {
        m.kind = EntityKind::Person;
        m.entity = format!("person:{}", p.id);
        m.name = p.name.clone();
        m.country = p.country.clone();
        m.role = p.roles.first().cloned();
        m.sector = Some("GOV".into());
        m.aliases = p.aliases.clone();
    }

    fn unknown_person(
        &self,
        tokens: &[Token],
        sentence: usize,
        start: usize,
        i: usize,
        j: usize,
    ) -> Mention {
        let name = join(&tokens[i..j]);
        let (role, country) = match self.title_before(tokens, start, i) {
            Some((_, role, country)) => (Some(role).filter(|r| !r.is_empty()), country),
            None => (None, None),
        };
        let cty = country.clone().unwrap_or_else(|| "xx".into());
        Mention {
            sentence,
            tok_start: i,
            tok_end: j,
            full_start: i,
            kind: EntityKind::Person,
            how: None,
            entity: format!("person:{}:{}", cty.to_lowercase(), slug(&name)),
            name: name.clone(),
            surface: name,
            country,
            sector: Some("GOV".into()),
            role,
            place: None,
            aliases: Vec::new(),
            place_cands: Vec::new(),
            loc_cue: false,
            place_evidence: Vec::new(),
            admin1_text: None,
            container: false,
            destination: false,
            route_end: false,
        }
    }

    /// Country and role of an unknown person that no title gave, from the words before the
    /// name: a noun for a person ("activist", "hostages") is the role, and a country word
    /// before it or before the name the country ("Israeli hostages Yarden Bibas", "Russian
    /// activist …", "American-Israeli Keith Siegel": the last part of a hyphenated demonym).
    fn describe_person(&self, tokens: &[Token], start: usize, out: &[Mention], m: &mut Mention) {
        let mut k = m.tok_start;
        if k > start
            && let Some(l) = self.person_noun(&tokens[k - 1])
        {
            if m.role.is_none() {
                m.role = Some(l);
            }
            k -= 1;
        }
        // "Lionel Lazarre, deputy spokesman for the police,": an apposition that opens with a
        // title word is the role.
        if m.role.is_none() && tokens.get(m.tok_end).is_some_and(|t| t.norm == ",") {
            let a = m.tok_end + 1;
            let mut b = a;
            while b < tokens.len()
                && b < a + 8
                && !matches!(tokens[b].norm.as_str(), "," | "." | ";")
            {
                b += 1;
            }
            let words: Vec<String> = tokens[a..b]
                .iter()
                .map(|t| lower(t).into_owned())
                .skip_while(|w| matches!(w.as_str(), "a" | "an" | "the"))
                .collect();
            if words
                .first()
                .is_some_and(|w| self.rules.title_words.contains(w.as_str()))
                && words.iter().any(|w| self.rules.titles.contains(w.as_str()))
            {
                m.role = Some(words.join(" "));
                // "head of the AU mediation team": the body the office belongs to.
                if m.country.is_none()
                    && let Some(c) = out
                        .iter()
                        .find(|x| {
                            x.tok_start >= a
                                && x.tok_end <= b
                                && matches!(x.kind, EntityKind::Organization | EntityKind::Country)
                        })
                        .and_then(|x| x.country.clone())
                {
                    m.entity = format!("person:{}:{}", c.to_lowercase(), slug(&m.name));
                    m.country = Some(c);
                }
            }
        }
        if m.country.is_some() || k <= start {
            return;
        }
        let country = out
            .iter()
            .find(|x| x.kind == EntityKind::Country && x.tok_end == k)
            .and_then(|x| x.country.clone())
            .or_else(|| self.hyphen_country(&tokens[k - 1].norm));
        if let Some(c) = country {
            m.entity = format!("person:{}:{}", c.to_lowercase(), slug(&m.name));
            m.country = Some(c);
        }
    }

    /// The lower-cased lemma of a lower-case word of the rule data's class of nouns for
    /// people (`[classes] person`: "activist", "hostages").
    fn person_noun(&self, t: &Token) -> Option<String> {
        let l = t.lemma.to_lowercase();
        (!is_cap_word(t) && self.rules.in_class("person", &l)).then_some(l)
    }

    /// The country of a hyphenated demonym's last part ("French-Israeli" → ISR).
    fn hyphen_country(&self, word: &str) -> Option<String> {
        let last = word.rsplit('-').next().filter(|_| word.contains('-'))?;
        self.lookup_scored(last)
            .into_iter()
            .find_map(|(h, _)| match h {
                KbHit::Country { iso3, .. } => Some(iso3),
                _ => None,
            })
    }

    /// Whether the words around a capitalised run say it names a person although no title
    /// stands before it: a noun for a person right before ("activist Thinzar Shunlei Yi",
    /// "hostages Yarden Bibas", "national Ofer Kalderon"), or a reporting verb next to it
    /// ("said Olusegun Obasanjo", "Elvis Allah-Yaro said", "according to Lionel Lazarre").
    /// Runs of two or three words count, four only after a noun for a person: a longer run is
    /// likelier an institution.
    fn person_cue(
        &self,
        tokens: &[Token],
        (start, end): (usize, usize),
        (i, j): (usize, usize),
        out: &[Mention],
    ) -> bool {
        if !(2..=4).contains(&(j - i)) {
            return false;
        }
        // A country word between the cue and the name describes the person ("hostages
        // Canadian-Israeli Omri Feld", "activist and Russian journalist …").
        let i = if i > start && self.hyphen_country(&tokens[i - 1].norm).is_some() {
            i - 1
        } else {
            out.iter()
                .find(|m| m.kind == EntityKind::Country && m.tok_end == i)
                .map_or(i, |m| m.tok_start)
        };
        let prev = (i > start).then(|| &tokens[i - 1]);
        // The rule data's class of nouns for people (`[classes] person`), less its pronouns
        // and numbers; capitalised where it opens the sentence ("Activist Ko Bo Kyi said").
        let opening_noun = (i == start + 1)
            .then(|| tokens[start].lemma.to_lowercase())
            .filter(|l| self.rules.in_class("person", l));
        let noun_before = prev
            .and_then(|t| self.person_noun(t))
            .or(opening_noun)
            .is_some_and(|l| {
                !matches!(
                    l.as_str(),
                    "him" | "her" | "them" | "thousand" | "hundred" | "dozen" | "former"
                )
            });
        let speech = |t: &Token| {
            matches!(
                lower(t).as_ref(),
                "said" | "says" | "told" | "added" | "wrote" | "tweeted" | "stated"
            )
        };
        let said_before = prev.is_some_and(speech)
            || (i >= start + 2
                && lower(&tokens[i - 2]) == "according"
                && lower(&tokens[i - 1]) == "to");
        // "Elvis Allah-Yaro said", "…, Katharina Koufen, added", "said Olusegun Obasanjo,".
        let said_after = j < end
            && (speech(&tokens[j])
                || (tokens[j].norm == ","
                    && (prev.is_some_and(speech)
                        || tokens.get(j + 1).is_some_and(|t| j + 1 < end && speech(t)))));
        // "Yarden Bibas and Ofer Kalderon": coordinated with a person just named.
        let and_person = i >= start + 2
            && lower(&tokens[i - 1]) == "and"
            && out
                .iter()
                .any(|p| p.kind == EntityKind::Person && p.tok_end + 1 == i);
        // Four words only after a noun for a person ("protester Kaung Pyae Sone Tun"): a
        // longer run is otherwise likelier an institution.
        noun_before || (j - i <= 3 && (said_before || said_after || and_person))
    }

    /// Title before a name, without knowing other mentions (for unknown people).
    fn title_before(
        &self,
        tokens: &[Token],
        start: usize,
        name_start: usize,
    ) -> Option<(usize, String, Option<String>)> {
        self.title_span(tokens, start, name_start, &[])
    }

    /// Walks left from a name over title words, country words and possessives. Returns the first
    /// token of the title, the role text and the country the title names.
    fn title_span(
        &self,
        tokens: &[Token],
        start: usize,
        name_start: usize,
        mentions: &[Mention],
    ) -> Option<(usize, String, Option<String>)> {
        let mut k = name_start;
        // "the Kremlin's foreign affairs adviser, Yuri Ushakov": a comma between title and name.
        if k > start && tokens[k - 1].norm == "," {
            k -= 1;
        }
        let comma = k != name_start;
        let mut first = name_start;
        let mut country = None;
        let mut role_words: Vec<String> = Vec::new();
        let mut saw_title = false;
        while k > start {
            let t = &tokens[k - 1];
            let l = lower(t);
            // ("Taliban spokesman", "Hamas leader": an armed group's office is the group's.)
            if let Some(m) = mentions.iter().find(|m| {
                m.tok_end == k
                    && matches!(
                        m.kind,
                        EntityKind::Country | EntityKind::Organization | EntityKind::Group
                    )
            }) {
                if country.is_none() {
                    country = m.country.clone();
                }
                k = m.tok_start;
                first = k;
                continue;
            }
            if self.rules.title_words.contains(l.as_ref()) || self.rules.titles.contains(l.as_ref())
            {
                role_words.push(t.norm.clone());
                if self.rules.titles.contains(l.as_ref()) {
                    saw_title = true;
                }
                k -= 1;
                first = k;
                continue;
            }
            if (l == "'s" || l == "the" || l == "of") && k - 1 > start {
                k -= 1;
                continue;
            }
            if l == "the" {
                k -= 1;
                continue;
            }
            // Country words the knowledge base knows, when no mention list is given.
            if mentions.is_empty()
                && is_cap_word(t)
                && let Some(KbHit::Country { iso3, .. }) =
                    self.lookup(&t.norm).into_iter().find(|h| {
                        matches!(
                            h,
                            KbHit::Country {
                                how: CountryHow::Name | CountryHow::Demonym,
                                ..
                            }
                        )
                    })
            {
                country.get_or_insert(iso3);
                k -= 1;
                first = k;
                continue;
            }
            break;
        }
        if !saw_title || (comma && role_words.is_empty()) {
            return None;
        }
        role_words.reverse();
        // Drop leading modifiers that are not part of a role ("senior", "former").
        let role = role_words
            .iter()
            .filter(|w| {
                !matches!(
                    w.to_lowercase().as_str(),
                    "the"
                        | "'s"
                        | "of"
                        | "former"
                        | "senior"
                        | "top"
                        | "then"
                        | "new"
                        | "ousted"
                        | "late"
                        // honorifics say nothing of an office
                        | "mr"
                        | "mr."
                        | "mrs"
                        | "mrs."
                        | "ms"
                        | "ms."
                        | "dr"
                        | "dr."
                )
            })
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        Some((first, role, country))
    }
}

fn is_particle(t: &Token) -> bool {
    matches!(
        lower(t).as_ref(),
        "bin" | "ibn" | "al" | "al-" | "el" | "de" | "van" | "von" | "der" | "da" | "abu" | "bint"
    )
}

#[cfg(test)]
pub(crate) mod testkb {
    //! A tiny knowledge base for unit tests, written by hand.
    use super::*;

    pub struct TestKb {
        pub entries: Vec<(String, KbHit)>,
    }

    fn country(iso3: &str, name: &str, how: CountryHow) -> KbHit {
        KbHit::Country {
            iso3: iso3.into(),
            name: name.into(),
            how,
            sector: None,
        }
    }

    fn place(id: &str, name: &str, cc: &str, pop: u64) -> KbHit {
        KbHit::Place(PlaceInfo {
            id: id.into(),
            name: name.into(),
            country: Some(cc.into()),
            admin1: None,
            admin2: None,
            lat: Some(1.0),
            lon: Some(2.0),
            feature: "city".into(),
            population: pop,
        })
    }

    fn person(id: &str, name: &str, cc: &str, role: &str) -> KbHit {
        KbHit::Person(PersonInfo {
            id: id.into(),
            name: name.into(),
            country: Some(cc.into()),
            roles: vec![role.into()],
            aliases: vec![],
        })
    }

    impl TestKb {
        pub fn new() -> Self {
            use CountryHow::*;
            let e = |k: &str, h: KbHit| (k.to_string(), h);
            TestKb {
                entries: vec![
                    e("Norland", country("NRL", "Norland", Name)),
                    e("Norlandic", country("NRL", "Norland", Demonym)),
                    e("Sudria", country("SUD", "Sudria", Name)),
                    e("Sudrian", country("SUD", "Sudria", Demonym)),
                    e("Sudrians", country("SUD", "Sudria", Demonym)),
                    e("Ostmark", country("OST", "Ostmark", Name)),
                    e("Ostmarker", country("OST", "Ostmark", Demonym)),
                    e("Nordheim", country("NRL", "Norland", Metonym)),
                    e("Nordheim", place("1", "Nordheim", "NRL", 2_000_000)),
                    e("Sudberg", country("SUD", "Sudria", Metonym)),
                    e("Sudberg", place("2", "Sudberg", "SUD", 1_000_000)),
                    e("Kessel", place("3", "Kessel", "OST", 50_000)),
                    e("Lindau", place("4", "Lindau", "SUD", 30_000)),
                    e(
                        "Alba Rossi",
                        person("alba-rossi", "Alba Rossi", "NRL", "President"),
                    ),
                    e(
                        "Rossi",
                        person("alba-rossi", "Alba Rossi", "NRL", "President"),
                    ),
                    e(
                        "Ivo Brand",
                        person("ivo-brand", "Ivo Brand", "SUD", "Foreign Minister"),
                    ),
                    e(
                        "Brand",
                        person("ivo-brand", "Ivo Brand", "SUD", "Foreign Minister"),
                    ),
                    e(
                        "Lena Marsh",
                        person("lena-marsh", "Lena Marsh", "OST", "Prime Minister"),
                    ),
                    e(
                        "Marsh",
                        person("lena-marsh", "Lena Marsh", "OST", "Prime Minister"),
                    ),
                    (
                        "Northern Pact".into(),
                        KbHit::Org {
                            id: "NP".into(),
                            code: "NP".into(),
                            name: "Northern Pact".into(),
                            sector: Some("IGO".into()),
                            group: false,
                        },
                    ),
                ],
            }
        }
    }

    impl KbView for TestKb {
        fn lookup_scored(&self, phrase: &str) -> Vec<(KbHit, f32)> {
            self.entries
                .iter()
                .filter(|(k, _)| k == phrase)
                .map(|(_, h)| {
                    let s = match h {
                        KbHit::Place(_) => 0.7,
                        KbHit::Country {
                            how: CountryHow::Metonym,
                            ..
                        } => 0.85,
                        _ => 0.95,
                    };
                    (h.clone(), s)
                })
                .collect()
        }
        fn persons_by_surname(&self, word: &str) -> Vec<PersonInfo> {
            self.lookup(word)
                .into_iter()
                .filter_map(|h| match h {
                    KbHit::Person(p) => Some(p),
                    _ => None,
                })
                .collect()
        }
        fn max_phrase_tokens(&self) -> usize {
            3
        }
        fn country_name(&self, iso3: &str) -> Option<String> {
            self.entries.iter().find_map(|(_, h)| match h {
                KbHit::Country { iso3: c, name, .. } if c == iso3 => Some(name.clone()),
                _ => None,
            })
        }
        fn is_given_name(&self, word: &str) -> bool {
            matches!(word, "Tomas" | "Mira")
        }
    }
}

#[cfg(test)]
mod cap_word_tests {
    use super::*;

    fn word(norm: &str, kind: TokenKind) -> Token {
        Token {
            start: 0,
            end: norm.len(),
            kind,
            norm: norm.to_string(),
            lemma: norm.to_lowercase(),
            tag: Tag::NNP,
            space_before: true,
            lower: None,
        }
    }

    #[test]
    fn capitalised_words_and_arabic_articles_open_names() {
        let w = |s: &str| is_cap_word(&word(s, TokenKind::Word));
        for s in [
            "Kyiv",
            "NATO",
            "Élysée",
            "Ōsaka",
            "Σοφία",
            "al-Aiban",
            "el-Sisi",
            "ash-Sham",
        ] {
            assert!(w(s), "{s}");
        }
        for s in [
            "kyiv",
            "élysée",
            "σοφία",
            "al-aiban",
            "al-",
            "el",
            "",
            "3rd",
            "-Kyiv",
            "alpha",
        ] {
            assert!(!w(s), "{s}");
        }
        assert!(!is_cap_word(&word("Kyiv", TokenKind::Punct)));
    }
}

#[cfg(test)]
mod shared_answer_tests {
    use super::testkb::TestKb;
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The test knowledge base under a number of its own, counting the questions it answers.
    struct Numbered {
        kb: TestKb,
        id: u64,
        asked: AtomicUsize,
    }

    impl KbView for Numbered {
        fn lookup_scored(&self, phrase: &str) -> Vec<(KbHit, f32)> {
            self.asked.fetch_add(1, Ordering::Relaxed);
            self.kb.lookup_scored(phrase)
        }
        fn persons_by_surname(&self, word: &str) -> Vec<PersonInfo> {
            self.kb.persons_by_surname(word)
        }
        fn max_phrase_tokens(&self) -> usize {
            self.kb.max_phrase_tokens()
        }
        fn country_name(&self, iso3: &str) -> Option<String> {
            self.kb.country_name(iso3)
        }
        fn answers_id(&self) -> Option<u64> {
            Some(self.id)
        }
    }

    #[test]
    fn answers_are_kept_across_documents_for_one_knowledge_base_only() {
        let rules = Rules::builtin().expect("rules");
        // numbers no real knowledge base of this test thread has
        let a = Numbered {
            kb: TestKb::new(),
            id: u64::MAX - 1,
            asked: AtomicUsize::new(0),
        };
        let first = Finder::new(&a, &rules).lookup_scored("Kessel");
        assert_eq!(a.asked.load(Ordering::Relaxed), 1);
        assert!(matches!(first.as_slice(), [(KbHit::Place(p), _)] if p.name == "Kessel"));
        // a later document's finder is answered from the thread's cache
        let again = Finder::new(&a, &rules).lookup_scored("Kessel");
        assert_eq!(a.asked.load(Ordering::Relaxed), 1);
        assert_eq!(again.len(), first.len());
        // another knowledge base is asked itself, and gets its own answer
        let mut other = TestKb::new();
        other.entries.retain(|(k, _)| k != "Kessel");
        let b = Numbered {
            kb: other,
            id: u64::MAX - 2,
            asked: AtomicUsize::new(0),
        };
        assert!(Finder::new(&b, &rules).lookup_scored("Kessel").is_empty());
        assert_eq!(b.asked.load(Ordering::Relaxed), 1);
        // and the first one's answers were dropped with the switch
        Finder::new(&a, &rules).lookup_scored("Kessel");
        assert_eq!(a.asked.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn a_cache_drops_everything_at_its_bound() {
        let c: LookupCache<u32> = LookupCache::bounded(2, 100);
        assert_eq!(c.get("a", || vec![1]), vec![1]);
        assert_eq!(c.get("b", || vec![2]), vec![2]);
        // cached
        assert_eq!(c.get("a", || vec![9]), vec![1]);
        // the third phrase empties the cache first
        assert_eq!(c.get("c", || vec![3]), vec![3]);
        assert_eq!(c.get("a", || vec![7]), vec![7]);
    }
}
