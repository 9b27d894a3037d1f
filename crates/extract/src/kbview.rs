//! What the extractor needs from a knowledge base, as a small trait.
//!
//! Extraction depends on this view rather than on the knowledge-base crate's internals, so rules can
//! be unit-tested with a handful of hand-written entries and the knowledge base can change its
//! storage freely.

/// How a phrase names a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryHow {
    /// "Russia", "the United States".
    Name,
    /// "Russian", "Ukrainians".
    Demonym,
    /// A capital or seat of power ("Kyiv", "the Kremlin"): the government only in agent position.
    Metonym,
}

/// A knowledge-base entry a phrase may refer to.
#[derive(Debug, Clone, PartialEq)]
pub enum KbHit {
    Country {
        iso3: String,
        name: String,
        how: CountryHow,
        /// Sector implied by a metonym ("Pentagon" → MIL).
        sector: Option<String>,
    },
    Org {
        id: String,
        /// Short code used as the party's country (`EU`, `NATO`, `UN`) or the acting country for
        /// armed groups.
        code: String,
        name: String,
        sector: Option<String>,
        group: bool,
    },
    Place(PlaceInfo),
    Person(PersonInfo),
}

/// A place, as events report it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceInfo {
    pub id: String,
    pub name: String,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub feature: String,
    pub population: u64,
}

/// A known person.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonInfo {
    pub id: String,
    pub name: String,
    pub country: Option<String>,
    pub roles: Vec<String>,
    pub aliases: Vec<String>,
}

/// The lookups extraction performs.
pub trait KbView: Send + Sync {
    /// Entries a phrase (tokens joined as written, original case) may refer to, best first.
    fn lookup(&self, phrase: &str) -> Vec<KbHit>;
    /// Known persons whose surname (or a single-word alias) is `word`.
    fn persons_by_surname(&self, word: &str) -> Vec<PersonInfo>;
    /// Longest phrase, in tokens, worth looking up.
    fn max_phrase_tokens(&self) -> usize;
    /// A country's common name, for display.
    fn country_name(&self, iso3: &str) -> Option<String>;
    /// Whether a word is a common given name (helps spot unknown people).
    fn is_given_name(&self, _word: &str) -> bool {
        false
    }
}
