//! Knowledge base: countries, organisations, places and people with their name variants.
//!
//! The extraction crate asks one question of it, many times a document: *what may this
//! phrase refer to?* ([`Kb::lookup`]). Everything is keyed by [`fold`]ed names in hash maps,
//! so a lookup costs one fold and a few map probes, never a scan.
//!
//! The default tables under `data/kb/` are embedded in the binary ([`Kb::load_default`]);
//! users add files of the same formats with [`Kb::load`]. Which table a file feeds is told by
//! its header line (see `data/README.md`); a row whose id already exists amends that record.
//!
//! The name index is built on first use (about as long as parsing), so a program that never
//! looks anything up does not pay for it; call [`Kb::warm`] to build it up front.

mod embedded;
mod fold;
mod load;
mod spelling;
mod types;

use std::path::PathBuf;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

pub use fold::{fold, skeleton};

use fold::skeleton_of_folded;

use fold::fold_into;
use spelling::{KEY_END, MIN_CONSONANTS, SPELLING_ARTICLES, consonant_key};
pub use types::{Country, CountryHow, Feature, Hit, HitKind, Metonym, Org, Person, Place, Role};

use embedded::Embedded;
use load::Data;

include!(concat!(env!("OUT_DIR"), "/places_meta.rs"));

/// The name automaton of the embedded gazetteer, built by `build.rs`: folded name → a run of
/// [`PLACE_POSTINGS`].
static PLACE_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places.fst"));
/// Postings of [`PLACE_FST`]: `u32` little-endian, row index in the low 28 bits, name flags
/// ([`PRIMARY`], [`ACRONYM`]) in the top 4.
static PLACE_POSTINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places.postings"));

/// The embedded names again, each under its consonant key (`key 0x00 name` → the value in
/// [`PLACE_FST`]), built by `build.rs` for spelling searches.
static PLACE_SPELLED_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places.spelled.fst"));

/// The prebuilt place-name index of the embedded gazetteer.
struct StaticPlaces {
    map: fst::Map<&'static [u8]>,
    /// Names by consonant key ([`PLACE_SPELLED_FST`]).
    spelled: fst::Map<&'static [u8]>,
}

impl std::fmt::Debug for StaticPlaces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StaticPlaces({} names)", self.map.len())
    }
}

impl StaticPlaces {
    fn load() -> Option<StaticPlaces> {
        let map = fst::Map::new(PLACE_FST).ok()?;
        let spelled = fst::Map::new(PLACE_SPELLED_FST).ok()?;
        Some(StaticPlaces { map, spelled })
    }

    /// The `(row, flags)` postings under a folded key: no allocation.
    fn get(&self, key: &str) -> impl Iterator<Item = (u32, u8)> + '_ {
        let (off, n) = match self.map.get(key) {
            Some(v) => ((v >> 20) as usize, (v & 0xf_ffff) as usize),
            None => (0, 0),
        };
        PLACE_POSTINGS
            .get(off * 4..(off + n) * 4)
            .unwrap_or_default()
            .chunks_exact(4)
            .map(|c| {
                let e = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                (e & 0x0fff_ffff, (e >> 28) as u8)
            })
    }
}

/// Why a knowledge-base file could not be used. Messages name the file, line and field.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("{file}:{line}: field `{field}`: {message}")]
    Parse {
        file: String,
        line: usize,
        field: String,
        message: String,
    },
    #[error(
        "{file}:{line}: unrecognised header {header:?}; expected the header of one of the data/kb files"
    )]
    UnknownFormat {
        file: String,
        line: usize,
        header: String,
    },
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// The embedded default tables, in load order (people before leaders: the hand file wins).
const DEFAULT_FILES: &[(&str, &str)] = &[
    (
        "data/kb/countries.tsv",
        include_str!("../../../data/kb/countries.tsv"),
    ),
    (
        "data/kb/orgs.tsv",
        include_str!("../../../data/kb/orgs.tsv"),
    ),
    (
        "data/kb/metonyms.tsv",
        include_str!("../../../data/kb/metonyms.tsv"),
    ),
    (
        "data/kb/places_overlay.tsv",
        include_str!("../../../data/kb/places_overlay.tsv"),
    ),
    (
        "data/kb/people.tsv",
        include_str!("../../../data/kb/people.tsv"),
    ),
    (
        "data/kb/leaders.tsv",
        include_str!("../../../data/kb/leaders.tsv"),
    ),
    (
        "data/kb/given_names.txt",
        include_str!("../../../data/kb/given_names.txt"),
    ),
];

/// Name-form flags in the index.
const PRIMARY: u8 = 1;
/// An all-capitals short form ("US", "WHO", "IS"): matches only a query without lower case,
/// so "us", "who" and "Is" stay words.
const ACRONYM: u8 = 2;
/// A surname-like partial form ("el-Sisi"): weaker evidence than a full name.
const PARTIAL: u8 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Country(u32, CountryHow),
    Metonym(u32),
    Org(u32),
    Place(u32),
    Person(u32),
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    target: Target,
    flags: u8,
}

/// The entries under one key: almost always one, so no allocation for that case.
#[derive(Debug, Clone)]
enum Entries {
    One(Entry),
    Many(Vec<Entry>),
}

impl Entries {
    fn as_slice(&self) -> &[Entry] {
        match self {
            Entries::One(e) => std::slice::from_ref(e),
            Entries::Many(v) => v,
        }
    }

    fn find_mut(&mut self, target: Target) -> Option<&mut Entry> {
        match self {
            Entries::One(e) => (e.target == target).then_some(e),
            Entries::Many(v) => v.iter_mut().find(|e| e.target == target),
        }
    }

    fn push(&mut self, e: Entry) {
        match self {
            Entries::One(first) => *self = Entries::Many(vec![*first, e]),
            Entries::Many(v) => v.push(e),
        }
    }
}

/// Lookup tables, all keyed by a 64-bit hash of folded (or skeleton) text: no key is
/// stored, so building the index allocates little. With a few hundred thousand keys the
/// chance of any two colliding is about 1e-9.
#[derive(Debug, Default)]
struct Index {
    names: FxHashMap<u64, Entries>,
    surnames: FxHashMap<u64, Vec<u32>>,
    skel_full: FxHashMap<u64, Vec<u32>>,
    skel_surname: FxHashMap<u64, Vec<u32>>,
    given: FxHashSet<u64>,
    max_tokens: usize,
    /// Scratch buffer for folding.
    buf: String,
}

/// The map key of an already folded (or skeleton) text.
/// FNV-1a with the MurmurHash3 finaliser: fast on short names and well spread; the data is
/// ours, not an adversary's.
fn key_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The map key of a raw name: folded, without a leading "the"; `None` when nothing is left.
fn name_key(s: &str, buf: &mut String) -> Option<(u64, usize)> {
    fold_into(s, buf);
    let key = buf.strip_prefix("the ").unwrap_or(buf);
    if key.is_empty() {
        return None;
    }
    Some((key_hash(key), key.split(' ').count()))
}

/// Words that end a name but are not the surname ("Jr.", "III").
const NAME_SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv", "v", "vi", "x"];
/// Particles that bind to the surname after them ("el-Sisi", "bin Salman", "von der Leyen").
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "ben", "abu", "von", "van", "de", "der", "da", "dos", "du", "la",
    "le",
];
/// Countries whose names put the family name first in English text (Xi Jinping, Kim Jong Un).
const FAMILY_NAME_FIRST: &[&str] = &["CHN", "TWN", "PRK", "KOR", "VNM", "KHM"];
/// Name words too common in news as ordinary words to stand alone for a person ("said",
/// "May"); the full names still match.
const NOT_SURNAMES: &[&str] = &[
    "said", "may", "will", "mark", "long", "young", "white", "black", "green", "rose", "page",
    "hope", "power", "little", "al", "el", "un", "us", "eu",
];
/// Words that open some canonical names but are not given names ("Pope Francis").
const TITLES: &[&str] = &[
    "pope", "king", "queen", "prince", "princess", "sheikh", "mullah", "emir", "sultan",
];
include!("name_forms.rs");

impl Index {
    fn add(&mut self, name: &str, target: Target, flags: u8) {
        let Some((key, tokens)) = name_key(name, &mut self.buf) else {
            return;
        };
        let mut flags = flags;
        if is_acronym(name) {
            flags |= ACRONYM;
        }
        if tokens > self.max_tokens {
            self.max_tokens = tokens;
        }
        let new = Entry { target, flags };
        match self.names.entry(key) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(Entries::One(new));
            }
            std::collections::hash_map::Entry::Occupied(mut o) => {
                let list = o.get_mut();
                if let Some(e) = list.find_mut(target) {
                    // the same thing under two spellings: keep the stronger reading
                    let acr = e.flags & flags & ACRONYM;
                    let partial = e.flags & flags & PARTIAL;
                    e.flags = ((e.flags | flags) & PRIMARY) | acr | partial;
                } else {
                    list.push(new);
                }
            }
        }
    }

    fn add_person_forms(&mut self, i: u32, name: &str, primary: bool, family_first: bool) {
        let folded = fold(name);
        let words: Vec<&str> = folded.split(' ').collect();
        if words.len() < 2 {
            // a one-word alias ("Zelenskiy", "MBS") is as weak as a surname
            self.add(name, Target::Person(i), PARTIAL);
            self.add_surname(i, &folded);
            return;
        }
        self.add(name, Target::Person(i), if primary { PRIMARY } else { 0 });
        push_unique(
            self.skel_full
                .entry(key_hash(&skeleton(&folded)))
                .or_default(),
            i,
        );
        if family_first {
            if let Some(first) = words.first() {
                self.add_surname(i, first);
            }
            return;
        }
        let mut end = words.len();
        while end > 1
            && words
                .get(end - 1)
                .is_some_and(|w| NAME_SUFFIXES.contains(w))
        {
            end -= 1;
        }
        let Some(&last) = words.get(end - 1) else {
            return;
        };
        // "Claudia Sheinbaum Pardo", "Nayib Armando Bukele Ortez": where a full name ends in
        // two surnames, reports write the given name with the first of them ("Claudia
        // Sheinbaum", "Nayib Bukele"), as Spanish and Portuguese names are used.
        if primary
            && end >= 3
            && let (Some(first), Some(paternal)) = (words.first(), words.get(end - 2))
            && !PARTICLES.contains(paternal)
            && paternal.len() >= 3
        {
            self.add(&format!("{first} {paternal}"), Target::Person(i), 0);
        }
        if let Some(particle) = end
            .checked_sub(2)
            .and_then(|k| words.get(k))
            .filter(|w| PARTICLES.contains(w))
        {
            let phrase = format!("{particle} {last}");
            self.add(&phrase, Target::Person(i), PARTIAL);
        }
        self.add_surname(i, last);
    }

    fn add_surname(&mut self, i: u32, folded: &str) {
        if NOT_SURNAMES.contains(&folded) || folded.len() < 2 {
            return;
        }
        push_unique(self.surnames.entry(key_hash(folded)).or_default(), i);
        push_unique(
            self.skel_surname
                .entry(key_hash(&skeleton(folded)))
                .or_default(),
            i,
        );
    }

    fn build(d: &Data) -> Index {
        let mut ix = Index::default();
        ix.names.reserve(20_000);
        for (i, c) in d.countries.iter().enumerate() {
            let i = i as u32;
            let t = Target::Country(i, CountryHow::Name);
            ix.add(&c.name, t, PRIMARY);
            ix.add(&c.official, t, PRIMARY);
            for a in &c.aliases {
                ix.add(a, t, 0);
            }
            for a in &c.demonyms {
                ix.add(a, Target::Country(i, CountryHow::Demonym), PRIMARY);
            }
        }
        for (i, m) in d.metonyms.iter().enumerate() {
            ix.add(&m.name, Target::Metonym(i as u32), PRIMARY);
        }
        // capitals, unless the same word is already a metonym of that country
        for (i, c) in d.countries.iter().enumerate() {
            if c.capital.is_empty() {
                continue;
            }
            let Some((key, _)) = name_key(&c.capital, &mut ix.buf) else {
                continue;
            };
            let is_metonym = ix.names.get(&key).is_some_and(|v| {
                v.as_slice().iter().any(|e| match e.target {
                    Target::Metonym(m) => d
                        .metonyms
                        .get(m as usize)
                        .is_some_and(|m| m.country == c.iso3),
                    _ => false,
                })
            });
            if !is_metonym {
                ix.add(
                    &c.capital,
                    Target::Country(i as u32, CountryHow::Capital),
                    PRIMARY,
                );
            }
        }
        for (i, o) in d.orgs.iter().enumerate() {
            let t = Target::Org(i as u32);
            ix.add(&o.name, t, PRIMARY);
            for a in &o.aliases {
                ix.add(a, t, 0);
            }
        }
        // embedded places are in the prebuilt automaton; amended ones and other files' are not
        let runtime = d
            .amended
            .keys()
            .copied()
            .chain((0..d.places.len() as u32).map(|k| k + d.embedded_len()));
        for i in runtime {
            let Some(p) = d.place(i) else {
                continue;
            };
            let t = Target::Place(i);
            ix.add(&p.name, t, PRIMARY);
            let alts = d.place_alts_of(i);
            for a in alts.split('|').filter(|a| !a.is_empty()) {
                ix.add(a, t, 0);
            }
            let forms = match p.feature {
                Feature::Admin1 => REGION_FORMS,
                Feature::Admin2 => DISTRICT_FORMS,
                _ => &[][..],
            };
            if !forms.is_empty() {
                let names = std::iter::once(p.name.as_str())
                    .chain(alts.split('|').filter(|a| !a.is_empty()).take(8));
                for (k, n) in names.enumerate() {
                    let folded = fold(n);
                    let base = match folded.rsplit_once(' ') {
                        Some((b, last)) if REGION_WORDS.contains(&last) => b.to_string(),
                        _ => folded,
                    };
                    ix.add(&base, t, if k == 0 { PRIMARY } else { 0 });
                    if let Some(rest) = strip_region_prefix(&base) {
                        ix.add(rest, t, 0);
                    }
                    for form in forms {
                        ix.add(
                            &format!("{base} {form}"),
                            t,
                            if k == 0 { PRIMARY } else { 0 },
                        );
                    }
                }
            }
        }
        for (i, p) in d.people.iter().enumerate() {
            let i = i as u32;
            let family_first = FAMILY_NAME_FIRST.contains(&p.country.as_str());
            ix.add_person_forms(i, &p.name, true, family_first);
            for a in &p.aliases {
                ix.add_person_forms(i, a, false, family_first);
            }
        }
        for g in &d.given {
            ix.given.insert(key_hash(&fold(g)));
        }
        for p in &d.people {
            let folded = fold(&p.name);
            if let Some((first, _)) = folded.split_once(' ')
                && !TITLES.contains(&first)
            {
                ix.given.insert(key_hash(first));
            }
        }
        ix.max_tokens = ix.max_tokens.min(12);
        ix
    }
}

fn push_unique(v: &mut Vec<u32>, i: u32) {
    if !v.contains(&i) {
        v.push(i);
    }
}

/// "US", "U.S.", "WHO", "UNHCR": two to six capitals (dots allowed), nothing else.
fn is_acronym(name: &str) -> bool {
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    let letters = name.chars().filter(|c| *c != '.').count();
    (2..=6).contains(&letters)
        && name
            .chars()
            .all(|c| c == '.' || c.is_uppercase() || c.is_ascii_digit())
        && name.chars().any(char::is_alphabetic)
}

/// One reading of a place name: the place, and whether the name is its canonical one (an
/// alternate spelling is weaker evidence: "Paris" the Texan town is listed under "Paris" too).
#[derive(Debug, Clone, Copy)]
pub struct PlaceCandidate<'kb> {
    pub place: &'kb Place,
    pub primary: bool,
}

/// The record a lookup hit names, borrowed from the tables.
#[derive(Debug, Clone, Copy)]
pub enum Record<'kb> {
    Country(&'kb Country),
    Org(&'kb Org),
    Place(&'kb Place),
    Person(&'kb Person),
}

/// Buffers a lookup folds into, kept per thread so that a query allocates nothing but
/// its hits.
#[derive(Default)]
struct Scratch {
    fold: String,
    skel: String,
    a: Vec<char>,
    b: Vec<char>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// The knowledge base: record tables plus a lazily built name index.
#[derive(Debug)]
pub struct Kb {
    data: Data,
    index: OnceLock<Index>,
    /// The prebuilt name index of the embedded gazetteer.
    places_fst: Option<StaticPlaces>,
    /// This knowledge base's number among those built in the process ([`Kb::instance`]).
    instance: u64,
}

/// Numbers handed to knowledge bases as they are built.
static INSTANCES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_instance() -> u64 {
    INSTANCES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Kb {
    /// The default tables embedded from `data/kb/`.
    pub fn load_default() -> Result<Kb, KbError> {
        Kb::load(&[])
    }

    /// The default tables plus the user's files (same formats; told apart by header line).
    /// Later files amend earlier records with the same id.
    pub fn load(extra: &[PathBuf]) -> Result<Kb, KbError> {
        let mut data = Data::default();
        // the gazetteer comes first (its rows are place indices 0..), read lazily
        data.embedded = Embedded::load();
        let places_fst = data.embedded.as_ref().and(StaticPlaces::load());
        for (name, text) in DEFAULT_FILES {
            data.add_file(name, text)?;
        }
        for path in extra {
            let file = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|source| KbError::Io {
                file: file.clone(),
                source,
            })?;
            data.add_file(&file, &text)?;
        }
        Ok(Kb {
            data,
            index: OnceLock::new(),
            places_fst,
            instance: next_instance(),
        })
    }

    /// A number no other knowledge base built in this process has: a Kb never changes once
    /// built, so answers cached under this number (the extractor keeps them across
    /// documents) stay right for as long as it lives, and never serve another one.
    pub fn instance(&self) -> u64 {
        self.instance
    }

    /// Tables from in-memory texts only (no defaults): for tests and tools. Each item is
    /// `(name for error messages, file text)`.
    pub fn from_texts(files: &[(&str, &str)]) -> Result<Kb, KbError> {
        let mut data = Data::default();
        for (name, text) in files {
            data.add_file(name, text)?;
        }
        Ok(Kb {
            data,
            index: OnceLock::new(),
            places_fst: None,
            instance: next_instance(),
        })
    }

    /// Builds the name index now rather than on the first lookup.
    pub fn warm(&self) {
        let _ = self.index();
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(&self.data))
    }

    /// What a phrase (tokens joined by spaces, original case) may refer to, best first.
    ///
    /// Exact folded names of countries, demonyms, capitals, metonyms, orgs, places and
    /// people; then, for people, surname-only matches (one word) and transliteration
    /// skeletons (several words). A leading "the" and a trailing possessive are ignored.
    /// All-capital short forms ("US", "WHO") match only a query without lower case.
    /// At most eight places come back, the likeliest first.
    pub fn lookup(&self, phrase: &str) -> Vec<Hit<'_>> {
        self.lookup_records(phrase)
            .into_iter()
            .map(|(h, _)| h)
            .collect()
    }

    /// [`Kb::lookup`], each hit with the record it names: extraction runs this for every
    /// candidate name of every sentence, and looking the record up again by id (a string
    /// hash, or the gazetteer's id automaton) cost more than the lookup itself.
    pub fn lookup_records(&self, phrase: &str) -> Vec<(Hit<'_>, Record<'_>)> {
        let ix = self.index();
        let p = strip_possessive(phrase.trim());
        // the folding and skeleton buffers are reused: no allocation per query but the hits
        let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
        fold_into(p, &mut scratch.fold);
        let hits = self.lookup_folded(ix, p, &mut scratch);
        SCRATCH.with(|s| *s.borrow_mut() = scratch);
        hits
    }

    fn lookup_folded<'kb>(
        &'kb self,
        ix: &Index,
        p: &str,
        scratch: &mut Scratch,
    ) -> Vec<(Hit<'kb>, Record<'kb>)> {
        let Scratch { fold, skel, a, b } = scratch;
        let key = fold.strip_prefix("the ").unwrap_or(fold);
        let mut hits: Vec<(Hit, Record)> = Vec::new();
        if key.is_empty() {
            return hits;
        }
        // "The UN" at the head of a sentence is the acronym with its article: the article's
        // lower-case letters do not make it a word that merely folds to "un".
        let bare = ["The ", "the ", "THE "]
            .iter()
            .find_map(|a| p.strip_prefix(a))
            .unwrap_or(p);
        let has_lower = bare.chars().any(char::is_lowercase);
        self.for_each_entry(ix, key, |e| {
            if e.flags & ACRONYM != 0 && has_lower {
                return;
            }
            if let Some(h) = self.hit(&e) {
                hits.push(h);
            }
        });
        // "Ar-Raqqa", "As-Suwayda": the Arabic article before a place GeoNames lists without
        // it ("Raqqa"); only tried when the whole phrase names no place.
        if !hits.iter().any(|(h, _)| h.kind == HitKind::Place)
            && let Some(rest) = ARTICLES.iter().find_map(|a| key.strip_prefix(a))
            && rest.len() > 3
        {
            self.for_each_entry(ix, rest, |e| {
                if let Some(h) = self.hit(&e).filter(|(h, _)| h.kind == HitKind::Place) {
                    hits.push(h);
                }
            });
        }
        // "Durayhimi district", "Hudaydah": the reverse, a place GeoNames lists only with its
        // article ("Ad Durayhimi") that the text writes without it. The article a name takes
        // is fixed by its first letter ("ad" before d, "al" before a moon letter), so one or
        // two probes, and only for a phrase that names nothing at all.
        if hits.is_empty() && key.len() > 3 && !key.contains(' ') {
            let mut with = String::with_capacity(key.len() + 4);
            for article in article_for(key) {
                with.clear();
                with.push_str(article);
                with.push_str(key);
                self.for_each_entry(ix, &with, |e| {
                    if let Some((mut h, r)) = self.hit(&e).filter(|(h, _)| h.kind == HitKind::Place)
                    {
                        // another spelling of the name, never its canonical form
                        h.score -= 0.15;
                        hits.push((h, r));
                    }
                });
            }
        }
        let have_person = hits.iter().any(|(h, _)| h.kind == HitKind::Person);
        // "UN", "EU": an acronym, not a surname
        let shouting = !has_lower && key.len() <= 4;
        if !key.contains(' ') && !shouting {
            let mut found = ix.surnames.get(&key_hash(key));
            let mut score = 0.75;
            if found.is_none() && !have_person {
                skeleton_of_folded(key, skel, a, b);
                found = ix.skel_surname.get(&key_hash(skel));
                score = 0.6;
            }
            if let Some(ids) = found {
                let n = ids.len() as f32;
                for &i in ids {
                    let Some(p) = self.data.people.get(i as usize) else {
                        continue;
                    };
                    if hits
                        .iter()
                        .any(|(h, _)| h.kind == HitKind::Person && h.id == p.id)
                    {
                        continue;
                    }
                    hits.push((
                        Hit {
                            kind: HitKind::Person,
                            id: &p.id,
                            score: score / n.max(1.0),
                            sector: None,
                        },
                        Record::Person(p),
                    ));
                }
            }
        } else if !have_person && key.contains(' ') {
            skeleton_of_folded(key, skel, a, b);
            for &i in ix.skel_full.get(&key_hash(skel)).into_iter().flatten() {
                if let Some(p) = self.data.people.get(i as usize) {
                    hits.push((
                        Hit {
                            kind: HitKind::Person,
                            id: &p.id,
                            score: 0.85,
                            sector: None,
                        },
                        Record::Person(p),
                    ));
                }
            }
        }
        hits.sort_by(|a, b| b.0.score.total_cmp(&a.0.score));
        let mut places = 0;
        hits.retain(|(h, _)| {
            if h.kind == HitKind::Place {
                places += 1;
                places <= 8
            } else {
                true
            }
        });
        hits
    }

    /// Every index entry under a folded key: the runtime map's, then the prebuilt place
    /// automaton's (a place amended by a later file is in both: reported once).
    fn for_each_entry(&self, ix: &Index, key: &str, mut f: impl FnMut(Entry)) {
        let listed = ix.names.get(&key_hash(key));
        if let Some(list) = listed {
            for e in list.as_slice() {
                f(*e);
            }
        }
        if let Some(st) = &self.places_fst {
            for (row, flags) in st.get(key) {
                let target = Target::Place(row);
                if listed.is_some_and(|l| l.as_slice().iter().any(|e| e.target == target)) {
                    continue;
                }
                f(Entry { target, flags });
            }
        }
    }

    fn hit(&self, e: &Entry) -> Option<(Hit<'_>, Record<'_>)> {
        let d = &self.data;
        let primary = e.flags & PRIMARY != 0;
        Some(match e.target {
            Target::Country(i, how) => {
                let c = d.countries.get(i as usize)?;
                let score = match how {
                    CountryHow::Name if e.flags & ACRONYM != 0 => 0.95,
                    CountryHow::Name => 1.0,
                    CountryHow::Demonym => 0.95,
                    CountryHow::Metonym => 0.85,
                    CountryHow::Capital => 0.6,
                };
                (
                    Hit {
                        kind: HitKind::Country(how),
                        id: &c.iso3,
                        score,
                        sector: None,
                    },
                    Record::Country(c),
                )
            }
            Target::Metonym(i) => {
                let m = d.metonyms.get(i as usize)?;
                let sector = (!m.sector.is_empty()).then_some(m.sector.as_str());
                if let Some(&ci) = d.country_ix.get(&m.country) {
                    let c = d.countries.get(ci as usize)?;
                    (
                        Hit {
                            kind: HitKind::Country(CountryHow::Metonym),
                            id: &c.iso3,
                            score: 0.85,
                            sector,
                        },
                        Record::Country(c),
                    )
                } else {
                    // an IGO seat (Brussels → EU): the org that carries the code
                    let o = d.orgs.iter().find(|o| o.country == m.country)?;
                    (
                        Hit {
                            kind: HitKind::Org,
                            id: &o.id,
                            score: 0.8,
                            sector,
                        },
                        Record::Org(o),
                    )
                }
            }
            Target::Org(i) => {
                let o = d.orgs.get(i as usize)?;
                (
                    Hit {
                        kind: HitKind::Org,
                        id: &o.id,
                        score: if primary { 0.95 } else { 0.9 },
                        sector: None,
                    },
                    Record::Org(o),
                )
            }
            Target::Person(i) => {
                let p = d.people.get(i as usize)?;
                (
                    Hit {
                        kind: HitKind::Person,
                        id: &p.id,
                        score: if e.flags & PARTIAL != 0 { 0.75 } else { 0.95 },
                        sector: None,
                    },
                    Record::Person(p),
                )
            }
            Target::Place(i) => {
                let p = d.place(i)?;
                let pop = p.population as f64 * p.feature.rank_factor();
                let popnorm = ((1.0 + pop).ln() / 1e7f64.ln()).min(1.0) as f32;
                (
                    Hit {
                        kind: HitKind::Place,
                        id: &p.id,
                        score: 0.5 + if primary { 0.15 } else { 0.0 } + 0.25 * popnorm,
                        sector: None,
                    },
                    Record::Place(p),
                )
            }
        })
    }

    /// Places called `name`, likeliest first: those in `country_prior` (ISO alpha-3, e.g. the
    /// article's main country) first, then by population (a region's counts a tenth, as it
    /// sums its cities; the canonical name counts triple over an alternate spelling).
    pub fn places_named(&self, name: &str, country_prior: Option<&str>) -> Vec<&Place> {
        let mut found: Vec<(bool, f64, &Place)> = self
            .place_candidates(name)
            .into_iter()
            .map(|c| {
                let prior = country_prior.is_some_and(|cc| cc == &*c.place.country);
                let w = if c.primary { 3.0 } else { 1.0 };
                let pop = (c.place.population as f64 + 1.0) * c.place.feature.rank_factor();
                (prior, pop * w, c.place)
            })
            .collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
        found.into_iter().map(|(_, _, p)| p).collect()
    }

    /// Every place a name (as written) may refer to, in index order, each with whether the
    /// name is the place's canonical one. A leading "the" and a possessive are ignored; an
    /// all-capital short alternate ("MIA") matches only a query without lower case. Callers
    /// rank them by context ([`PlaceCandidate`] carries what a ranking needs).
    pub fn place_candidates(&self, name: &str) -> Vec<PlaceCandidate<'_>> {
        let ix = self.index();
        let p = strip_possessive(name.trim());
        let mut buf = String::new();
        fold_into(p, &mut buf);
        let key = buf.strip_prefix("the ").unwrap_or(&buf);
        let mut out = Vec::new();
        if key.is_empty() {
            return out;
        }
        // "The UN" at the head of a sentence is the acronym with its article: the article's
        // lower-case letters do not make it a word that merely folds to "un".
        let bare = ["The ", "the ", "THE "]
            .iter()
            .find_map(|a| p.strip_prefix(a))
            .unwrap_or(p);
        let has_lower = bare.chars().any(char::is_lowercase);
        self.for_each_entry(ix, key, |e| {
            if let Target::Place(i) = e.target
                && !(e.flags & ACRONYM != 0 && has_lower)
                && let Some(place) = self.data.place(i)
            {
                out.push(PlaceCandidate {
                    place,
                    primary: e.flags & PRIMARY != 0,
                });
            }
        });
        // As `lookup`: the name with the article the text leaves out ("Durayhimi" for Ad
        // Durayhimi), never read as its canonical form.
        if out.is_empty() && key.len() > 3 && !key.contains(' ') {
            for article in article_for(key) {
                let with = format!("{article}{key}");
                self.for_each_entry(ix, &with, |e| {
                    if let Target::Place(i) = e.target
                        && let Some(place) = self.data.place(i)
                    {
                        out.push(PlaceCandidate {
                            place,
                            primary: false,
                        });
                    }
                });
            }
        }
        out
    }

    /// Places of the embedded gazetteer in `country` (ISO alpha-3) whose name is spelled like
    /// `name` but for its vowels, a word-final "h", doubled letters and Arabic articles: the
    /// transliterations of one name that reports and GeoNames write differently ("Ain al Arab"
    /// for ‘Ayn al ‘Arab, "Basira" for Al Busayrah, "Tell Abiad" for Tall Abyad). For a
    /// name no exact lookup found, where the text says which country (or region) to search:
    /// names whose consonants number fewer than three match too much to be told apart and
    /// give nothing. Reads only the index keys that can match (those opening with the name's
    /// first letter, or with a vowel where the name opens with one, after an article).
    pub fn places_spelled_like(&self, name: &str, country: &str) -> Vec<&Place> {
        self.spelled_like_rows(name, false, |_| true)
            .into_iter()
            .filter_map(|r| self.data.place(r).filter(|p| &*p.country == country))
            .collect()
    }

    /// First- and second-level regions of any country spelled like `name` but for vowels,
    /// articles and doubled letters ("Galgaduud" for Galguduud, "Banadir" for Banaadir): for
    /// a name no lookup found that the text gives as a region (the last name in "(Ceel Buur,
    /// Galgaduud)"). Names of fewer than four consonants give nothing, and the spelling
    /// found may differ from the name in at most one letter in six (at least one): across
    /// all countries the consonants alone match too many regions ("Bandeira" for "Banadir";
    /// two letters would let "Benadir" be Moldova's Bender as well as Banaadir).
    pub fn regions_spelled_like(&self, name: &str) -> Vec<&Place> {
        let mut folded = String::new();
        fold_into(strip_possessive(name.trim()), &mut folded);
        if consonant_key(&folded).chars().count() < 4 {
            return Vec::new();
        }
        let most = (folded.chars().count() / 6).max(1);
        let len = folded.chars().count();
        self.spelled_like_rows(name, true, |key| {
            key.len().abs_diff(len) <= most && edit_distance(key, &folded) <= most
        })
        .into_iter()
        .filter_map(|r| self.data.place(r))
        .filter(|p| matches!(p.feature, Feature::Admin1 | Feature::Admin2))
        .collect()
    }

    /// Gazetteer rows with the consonant key of `name` (see [`Kb::places_spelled_like`]).
    /// With `two_letters`, only keys whose word opens with the name's first two letters are
    /// read (a tenth of those opening with its first letter).
    fn spelled_like_rows(
        &self,
        name: &str,
        two_letters: bool,
        keep: impl Fn(&str) -> bool,
    ) -> Vec<u32> {
        let mut rows: Vec<u32> = Vec::new();
        let Some(st) = &self.places_fst else {
            return rows;
        };
        let Some((want, prefixes)) = spelling_query(name, two_letters) else {
            return rows;
        };
        // the names filed under `want`: keys from `want 0x00` up to `want 0x01`
        let mut lo = want.into_bytes();
        lo.push(KEY_END);
        let mut hi = lo.clone();
        if let Some(last) = hi.last_mut() {
            *last += 1;
        }
        let mut stream = fst::IntoStreamer::into_stream(st.spelled.range().ge(&lo).lt(&hi));
        while let Some((k, v)) = fst::Streamer::next(&mut stream) {
            let Some(Ok(k)) = k.get(lo.len()..).map(std::str::from_utf8) else {
                continue;
            };
            if !prefixes.iter().any(|p| k.starts_with(p.as_str())) || !keep(k) {
                continue;
            }
            push_postings(v, &mut rows);
        }
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// [`Kb::spelled_like_rows`] as it was before the spelling index: a scan of every name
    /// opening with one of the name's prefixes, comparing consonant keys. The tests check the
    /// index against it.
    #[cfg(test)]
    fn spelled_like_rows_by_scan(
        &self,
        name: &str,
        two_letters: bool,
        keep: impl Fn(&str) -> bool,
    ) -> Vec<u32> {
        let mut rows: Vec<u32> = Vec::new();
        let Some(st) = &self.places_fst else {
            return rows;
        };
        let Some((want, prefixes)) = spelling_query(name, two_letters) else {
            return rows;
        };
        for pre in &prefixes {
            let mut hi = pre.clone().into_bytes();
            if let Some(last) = hi.last_mut() {
                *last = last.saturating_add(1);
            }
            let mut stream =
                fst::IntoStreamer::into_stream(st.map.range().ge(pre.as_bytes()).lt(&hi));
            while let Some((k, v)) = fst::Streamer::next(&mut stream) {
                let Ok(k) = std::str::from_utf8(k) else {
                    continue;
                };
                if consonant_key(k) != want || !keep(k) {
                    continue;
                }
                push_postings(v, &mut rows);
            }
        }
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// Known people whose surname (last name word, or a one-word alias) is `surname`;
    /// falls back to the transliteration skeleton ("Zelenskiy" → Zelensky).
    pub fn person_by_surname(&self, surname: &str) -> Vec<&Person> {
        let ix = self.index();
        let key = fold(surname);
        let ids = ix
            .surnames
            .get(&key_hash(&key))
            .or_else(|| ix.skel_surname.get(&key_hash(&skeleton(&key))));
        self.people_at(ids)
    }

    /// Known people whose full name (or a full alias) has the same skeleton as `fullname`
    /// ("Sergey Lavrov" → Sergei Lavrov).
    pub fn person_by_skeleton(&self, fullname: &str) -> Vec<&Person> {
        let ix = self.index();
        self.people_at(ix.skel_full.get(&key_hash(&skeleton(fullname))))
    }

    fn people_at(&self, ids: Option<&Vec<u32>>) -> Vec<&Person> {
        ids.map(|v| {
            v.iter()
                .filter_map(|&i| self.data.people.get(i as usize))
                .collect()
        })
        .unwrap_or_default()
    }

    /// Whether `word` is a common given name (from `given_names.txt` and the first names of
    /// known people): helps tell an unknown person "Olena Kovalenko" from other capitals.
    pub fn is_first_name(&self, word: &str) -> bool {
        let ix = self.index();
        // asked for most capitalised words: fold into the reused buffer
        let mut scratch = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
        fold_into(word, &mut scratch.fold);
        let known = ix.given.contains(&key_hash(&scratch.fold));
        SCRATCH.with(|s| *s.borrow_mut() = scratch);
        known
    }

    /// The longest name in the index, in (folded) words: callers need not try longer phrases.
    pub fn max_phrase_tokens(&self) -> usize {
        let st = if self.places_fst.is_some() {
            EMBEDDED_MAX_TOKENS
        } else {
            0
        };
        self.index().max_tokens.max(st).min(12)
    }

    /// A country by ISO alpha-3.
    pub fn country(&self, iso3: &str) -> Option<&Country> {
        let i = *self.data.country_ix.get(iso3)?;
        self.data.countries.get(i as usize)
    }

    /// An organisation by id (`un`, `nato`, `hamas`).
    pub fn org(&self, id: &str) -> Option<&Org> {
        let i = *self.data.org_ix.get(id)?;
        self.data.orgs.get(i as usize)
    }

    /// The first-level region a place lies in, under the name a later file gave that region
    /// where one renamed it (`places_overlay.tsv` writes "Oromia" for GeoNames' "Oromiya"):
    /// places keep the region's old name in their rows.
    pub fn admin1_of<'a>(&'a self, p: &'a Place) -> Option<&'a str> {
        let a1 = p.admin1.as_ref()?;
        Some(
            self.data
                .admin1_renames
                .get(&(p.country.clone(), a1.clone()))
                .unwrap_or(a1),
        )
    }

    /// A place by id (GeoNames id, admin1 code, or overlay id).
    pub fn place(&self, id: &str) -> Option<&Place> {
        self.data.place(self.data.place_index(id)?)
    }

    /// Other names of a place (Latin-script spellings, transliterations).
    pub fn place_alternates(&self, id: &str) -> Vec<&str> {
        self.data
            .place_index(id)
            .map(|i| {
                self.data
                    .place_alts_of(i)
                    .split('|')
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A person by id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        let i = *self.data.person_ix.get(id)?;
        self.data.people.get(i as usize)
    }

    /// The metonym rows (for callers that list them, e.g. documentation or debugging).
    pub fn metonyms(&self) -> &[Metonym] {
        &self.data.metonyms
    }

    /// All countries, in file order.
    pub fn countries(&self) -> &[Country] {
        &self.data.countries
    }

    /// All organisations, in file order.
    pub fn orgs(&self) -> &[Org] {
        &self.data.orgs
    }

    /// All people, in file order.
    pub fn people(&self) -> &[Person] {
        &self.data.people
    }

    /// Number of places in the gazetteer.
    pub fn place_count(&self) -> usize {
        self.data.place_count()
    }
}

/// Arabic articles as they open a folded place name ("ar raqqa").
const ARTICLES: &[&str] = &[
    "al ", "el ", "ar ", "as ", "ash ", "ad ", "an ", "at ", "az ", "ath ", "adh ",
];

/// The forms the Arabic article takes before a folded name, as GeoNames transliterates it:
/// assimilated before a "sun letter" ("ad durayhimi", "ash shihr", "an nasiriyah"), "al"
/// before the others; "el" (Egyptian and Maghrebi spelling) either way.
fn article_for(key: &str) -> [&'static str; 2] {
    let sun = [
        ("th", "ath "),
        ("dh", "adh "),
        ("sh", "ash "),
        ("t", "at "),
        ("d", "ad "),
        ("r", "ar "),
        ("z", "az "),
        ("s", "as "),
        ("n", "an "),
    ];
    let first = sun
        .iter()
        .find(|(letters, _)| key.starts_with(letters))
        .map_or("al ", |(_, a)| a);
    [first, "el "]
}

/// "Russia's" → "Russia"; "Ukrainians'" stays a plural.
/// The openings a spelling of `word` (the name's first word that is no article, `first` its
/// first letter) may have in the index: its first two letters (`two_letters`), else its first
/// letter, or any vowel for a vowel; each bare and after every article ("al b").
/// What a spelling search for `name` looks for: the consonant key of its folded form and the
/// prefixes a matching name may open with (see [`spelling_prefixes`]); `None` for a name with
/// too few consonants or no word but articles. One function for the index and the scan the
/// tests compare it with, so the two read the same query.
fn spelling_query(name: &str, two_letters: bool) -> Option<(String, Vec<String>)> {
    let mut folded = String::new();
    fold_into(strip_possessive(name.trim()), &mut folded);
    let want = consonant_key(&folded);
    if want.chars().count() < MIN_CONSONANTS {
        return None;
    }
    let word = folded
        .split(' ')
        .find(|w| !w.is_empty() && !SPELLING_ARTICLES.contains(w))?;
    let first = word.chars().next()?;
    let prefixes = spelling_prefixes(word, first, two_letters);
    Some((want, prefixes))
}

fn spelling_prefixes(word: &str, first: char, two_letters: bool) -> Vec<String> {
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w');
    let openings: Vec<String> = if two_letters {
        vec![word.chars().take(2).collect()]
    } else if vowel(first) {
        "aeiouyw".chars().map(String::from).collect()
    } else {
        vec![first.to_string()]
    };
    let mut prefixes: Vec<String> = Vec::new();
    for c in &openings {
        prefixes.push(c.clone());
        for a in SPELLING_ARTICLES {
            prefixes.push(format!("{a} {c}"));
        }
    }
    prefixes
}

/// Appends the rows of the postings run that an index value `v` (offset << 20 | count) names.
fn push_postings(v: u64, rows: &mut Vec<u32>) {
    let (off, n) = ((v >> 20) as usize, (v & 0xf_ffff) as usize);
    for c in PLACE_POSTINGS
        .get(off * 4..(off + n) * 4)
        .unwrap_or_default()
        .chunks_exact(4)
    {
        rows.push(u32::from_le_bytes([c[0], c[1], c[2], c[3]]) & 0x0fff_ffff);
    }
}

fn strip_possessive(s: &str) -> &str {
    for suf in ["'s", "’s", "'S", "’S"] {
        if let Some(rest) = s.strip_suffix(suf) {
            return rest;
        }
    }
    s
}

/// Levenshtein distance between two strings, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (up + 1).min(row[j] + 1).min(diag + usize::from(ca != cb));
            diag = up;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod spelling_tests {
    use super::*;

    #[test]
    fn every_knowledge_base_has_its_own_instance_number() {
        let a = Kb::from_texts(&[]).expect("kb");
        let b = Kb::from_texts(&[]).expect("kb");
        assert_ne!(a.instance(), b.instance());
        assert_ne!(a.instance(), 0);
    }

    #[test]
    fn the_spelling_index_finds_what_a_scan_of_the_names_finds() {
        let kb = Kb::load_default().expect("kb");
        let names = [
            "Tell Abiad",
            "Ain al Arab",
            "Galgaduud",
            "Banadir",
            "Benadir",
            "Kharkiv",
            "Mosul",
            "El Fasher",
            "Al-Busayrah",
            "Idlib's",
            "Ouagadougou",
            "Yaounde",
            "Đakovo",
            "Hodeidah",
            "Ash Shihr",
            "Ayo",
            "Zzz",
            "",
        ];
        for name in names {
            for two in [false, true] {
                let len = name.len();
                let keep = |k: &str| k.len().abs_diff(len) <= 3;
                assert_eq!(
                    kb.spelled_like_rows(name, two, |_| true),
                    kb.spelled_like_rows_by_scan(name, two, |_| true),
                    "{name:?} {two}"
                );
                assert_eq!(
                    kb.spelled_like_rows(name, two, keep),
                    kb.spelled_like_rows_by_scan(name, two, keep),
                    "{name:?} {two}"
                );
            }
        }
        // the index is not empty for a name with spellings on file
        assert!(
            !kb.spelled_like_rows("Tell Abiad", false, |_| true)
                .is_empty()
        );
    }

    #[test]
    fn spelling_prefixes_open_with_the_letter_or_any_vowel() {
        let p = spelling_prefixes("banadir", 'b', false);
        assert_eq!(p.len(), 1 + SPELLING_ARTICLES.len());
        assert_eq!(p[0], "b");
        assert!(p.contains(&"al b".to_string()));
        assert_eq!(spelling_prefixes("ain", 'a', false).len(), 7 * 12);
        assert_eq!(spelling_prefixes("banadir", 'b', true)[0], "ba");
    }

    #[test]
    fn consonant_keys_fold_transliterations() {
        let k = |s: &str| {
            let mut f = String::new();
            fold_into(s, &mut f);
            consonant_key(&f)
        };
        assert_eq!(k("Ain al Arab"), k("‘Ayn al ‘Arab"));
        assert_eq!(k("Basira"), k("Al Busayrah"));
        assert_eq!(k("Tell Abiad"), k("Tall Abyaḑ"));
        assert_eq!(k("Banadir"), k("Banaadir"));
        assert_ne!(k("Kharkiv"), k("Kherson"));
    }

    #[test]
    fn regions_spelled_otherwise_in_one_country() {
        let kb = Kb::load_default().expect("kb");
        let r = kb.regions_spelled_like("Galgaduud");
        assert!(!r.is_empty());
        assert!(r.iter().all(|p| &*p.country == "SOM"), "{r:?}");
        // consonants alone would also give Brazil's Bandeira
        let r = kb.regions_spelled_like("Banadir");
        assert!(r.iter().all(|p| &*p.country == "SOM"), "{r:?}");
        // too few consonants to search all countries
        assert!(kb.regions_spelled_like("Hiran").is_empty());
    }

    #[test]
    fn edit_distance_counts_letters() {
        assert_eq!(edit_distance("banadir", "banaadir"), 1);
        assert_eq!(edit_distance("galgaduud", "galguduud"), 1);
        assert_eq!(edit_distance("banadir", "bandeira"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn the_article_a_name_takes_follows_its_first_letter() {
        assert_eq!(article_for("durayhimi"), ["ad ", "el "]);
        assert_eq!(article_for("shihr"), ["ash ", "el "]);
        assert_eq!(article_for("thawrah"), ["ath ", "el "]);
        assert_eq!(article_for("mukalla"), ["al ", "el "]);
    }

    #[test]
    fn a_place_listed_with_its_article_is_found_without_it() {
        let kb = Kb::from_texts(&[(
            "places.tsv",
            "id\tname\tcountry\tadmin1\tfeature\tlat\tlon\tpopulation\talternates\n\
             t1\tAd Dumayrah\tXXA\tNorth\tcity\t10.0\t20.0\t5000\t\n\
             t2\tAl Qarnah\tXXA\tNorth\tcity\t10.1\t20.1\t3000\t\n\
             t3\tRabiya\tXXA\tNorth\tcity\t10.2\t20.2\t3000\t\n",
        )])
        .expect("kb");
        let ids = |name: &str| -> Vec<String> {
            kb.lookup(name).iter().map(|h| h.id.to_string()).collect()
        };
        assert_eq!(ids("Dumayrah"), ["t1"]);
        assert_eq!(ids("Qarnah"), ["t2"]);
        // a name found as written is not looked up with an article too
        assert_eq!(ids("Rabiya"), ["t3"]);
        // the article is fixed by the first letter: "ad" never opens "Qarnah"
        assert!(kb.place_candidates("Qarnah").iter().all(|c| !c.primary));
        assert_eq!(kb.place_candidates("Dumayrah").len(), 1);
        // too short to tell apart
        assert!(ids("Dum").is_empty());
    }

    #[test]
    fn places_spelled_otherwise_are_found_in_their_country() {
        let kb = Kb::load_default().expect("kb");
        let found = kb.places_spelled_like("Tell Abiad", "SYR");
        assert!(
            found.iter().any(|p| p.name.starts_with("Tall Aby")),
            "{found:?}"
        );
        assert!(kb.places_spelled_like("Tell Abiad", "FRA").is_empty());
        // too few consonants to tell names apart
        assert!(kb.places_spelled_like("Ayo", "NGA").is_empty());
    }
}
