//! The records the knowledge base holds, and what a lookup returns.

use chrono::NaiveDate;

/// A country (or territory) from `countries.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 (`XKX` for Kosovo).
    pub iso3: String,
    pub iso2: String,
    /// Common English name ("United States").
    pub name: String,
    pub official: String,
    /// Other names news uses ("U.S.", "America").
    pub aliases: Vec<String>,
    /// Adjectives and nouns for its people ("American", "Americans").
    pub demonyms: Vec<String>,
    pub capital: String,
}

impl Country {
    /// The first demonym, the adjective most texts use ("Russian").
    pub fn demonym(&self) -> Option<&str> {
        self.demonyms.first().map(String::as_str)
    }
}

/// An international organisation, NGO, court or armed group from `orgs.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Org {
    pub id: String,
    pub name: String,
    /// `igo`, `ngo`, `court`, `alliance`, `bloc`, `group`, `military`…
    pub kind: String,
    /// The code an actor record carries: the IGO short code (`UN`, `EU`, `NATO`), the ISO
    /// alpha-3 of the state where a group acts (`PSE` for Hamas), or `IMG` for none.
    pub country: String,
    /// `IGO`, `NGO`, `REB`, `MIL`, `GOV`…
    pub sector: String,
    pub aliases: Vec<String>,
}

impl Org {
    /// Armed or political groups (as opposed to international bodies).
    pub fn is_group(&self) -> bool {
        self.kind == "group"
    }
}

/// A seat of power or capital used for a government ("the Kremlin said").
#[derive(Debug, Clone, PartialEq)]
pub struct Metonym {
    pub name: String,
    /// ISO alpha-3, or an IGO code (`EU` for Brussels).
    pub country: String,
    pub sector: String,
    pub note: String,
}

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feature {
    City,
    /// First-level administrative region (oblast, state, province).
    Admin1,
    /// Second-level administrative region (district, county, raion, LGA).
    Admin2,
    /// A wider or informal area (Donbas, Darfur, Golan Heights).
    Region,
    /// A building, plant or palace.
    Facility,
    /// A sea, strait or lake.
    Water,
}

impl Feature {
    /// The name used in `Location::feature` and in the TSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::City => "city",
            Feature::Admin1 => "admin1",
            Feature::Admin2 => "admin2",
            Feature::Region => "region",
            Feature::Facility => "facility",
            Feature::Water => "water",
        }
    }

    /// Parses the TSV spelling.
    pub fn parse(s: &str) -> Option<Feature> {
        Some(match s {
            "city" => Feature::City,
            "admin1" => Feature::Admin1,
            "admin2" => Feature::Admin2,
            "region" => Feature::Region,
            "facility" => Feature::Facility,
            "water" => Feature::Water,
            _ => return None,
        })
    }

    /// How much population counts when ranking same-named places: a region's population is a
    /// sum over its cities, so "Kharkiv" the region must not outrank Kharkiv the city.
    pub fn rank_factor(self) -> f64 {
        match self {
            Feature::City | Feature::Facility | Feature::Water => 1.0,
            Feature::Admin1 | Feature::Admin2 | Feature::Region => 0.1,
        }
    }
}

/// A gazetteer entry from `places.tsv` / `places_overlay.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// GeoNames id, admin1 code (`UA.10`) or overlay id (`x:donbas`).
    pub id: String,
    pub name: String,
    /// ISO alpha-3 (shared between the places of one country).
    pub country: std::sync::Arc<str>,
    /// First-level region name ("Riyadh Region"); the region itself for admin1 rows.
    /// Shared between the places of one region.
    pub admin1: Option<std::sync::Arc<str>>,
    /// Second-level region name ("Maruf"); the district itself for admin2 rows.
    pub admin2: Option<std::sync::Arc<str>>,
    pub feature: Feature,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

/// One office a person held, with optional dates.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub title: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Set where the role was held for another country or body than the person's default
    /// (Kallas: Prime Minister of `EST` before the EU post).
    pub country: Option<String>,
}

impl Role {
    /// Whether the role was held on `date` (open ends count as held).
    pub fn held_on(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date < e)
    }
}

/// A person from `people.tsv` (hand-curated) or `leaders.tsv` (Factbook).
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// ISO alpha-3, or an IGO code (`EU`, `NATO`, `UN`), or `IMG`.
    pub country: String,
    pub sector: String,
    pub roles: Vec<Role>,
    pub aliases: Vec<String>,
}

impl Person {
    /// Roles held on `date`, most recently started first (empty when none was: news also
    /// names people by past titles, so callers may fall back to [`Person::roles`]).
    pub fn roles_on(&self, date: NaiveDate) -> Vec<&Role> {
        let mut held: Vec<&Role> = self.roles.iter().filter(|r| r.held_on(date)).collect();
        held.sort_by_key(|r| std::cmp::Reverse(r.start));
        held
    }

    /// The country the person acts for on `date`: the role's own country where it has one.
    pub fn country_on(&self, date: NaiveDate) -> &str {
        self.roles_on(date)
            .first()
            .and_then(|r| r.country.as_deref())
            .unwrap_or(&self.country)
    }
}

/// How a phrase names a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountryHow {
    /// "Russia", "the U.S.", "Burma".
    Name,
    /// "Russian", "Ukrainians", "Saudi".
    Demonym,
    /// The capital ("Kyiv"), when it is not also listed as a metonym.
    Capital,
    /// A seat of power or capital listed in `metonyms.tsv` ("the Kremlin", "Washington").
    /// Callers should accept it as the government only in agent position.
    Metonym,
}

/// What a hit points at; the id is in [`Hit::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HitKind {
    Country(CountryHow),
    Org,
    Place,
    Person,
}

/// One thing a phrase may refer to. Ids borrow from the knowledge base: resolve them with
/// [`crate::Kb::country`], [`crate::Kb::org`], [`crate::Kb::place`], [`crate::Kb::person`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit<'kb> {
    pub kind: HitKind,
    /// ISO alpha-3 for countries (or an IGO code for a metonym like Brussels → `EU`, which
    /// comes back as an [`HitKind::Org`] hit instead when an org carries that code), org id,
    /// place id or person id.
    pub id: &'kb str,
    /// Prior plausibility in 0..=1; higher is better. Comparable across kinds.
    pub score: f32,
    /// For metonyms: the sector implied ("MIL" for the Pentagon).
    pub sector: Option<&'kb str>,
}
