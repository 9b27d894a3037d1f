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
    /// Second-level region (district, county); the district itself for admin2 places.
    pub admin2: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub feature: String,
    pub population: u64,
}

/// Countries whose first-level administrative units are what GeoNames lists as second-level
/// regions. Uganda's local government is its districts (Local Governments Act 1997, Cap. 243);
/// the four regions GeoNames gives as first-level (Central, Eastern, Northern, Western) are
/// statistical groupings with no administration of their own, and ISO 3166-2:UG lists them as
/// "geographical regions" above the districts. Reports (and ACLED's admin1) name the district.
const DISTRICTS_FIRST: &[&str] = &["UGA"];

impl PlaceInfo {
    /// The first-level region to report for the place: its admin1, or in a country whose
    /// first-level units are GeoNames' second-level ones ([`DISTRICTS_FIRST`]) its district,
    /// without the kind word ("Wakiso" for Wakiso District). Resolution keeps comparing
    /// `admin1` as GeoNames has it, so only what is reported changes.
    pub fn reported_admin1(&self) -> Option<String> {
        let districts = self
            .country
            .as_deref()
            .is_some_and(|c| DISTRICTS_FIRST.contains(&c));
        match self.admin2.as_deref() {
            Some(d) if districts && !d.is_empty() && d != "-" => {
                Some(d.strip_suffix(" District").unwrap_or(d).trim().to_string())
            }
            _ => self.admin1.clone(),
        }
    }

    /// The place as an event's location; `inferred` where the text does not state it for the
    /// event (a dateline).
    pub fn location(&self, inferred: bool) -> sitrep_model::Location {
        sitrep_model::Location {
            name: self.name.clone(),
            country: self.country.clone(),
            admin1: self.reported_admin1(),
            lat: self.lat,
            lon: self.lon,
            feature: Some(self.feature.clone()),
            inferred,
        }
    }
}

/// One reading of a place name, for ranking by context (see [`crate::places`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceCandidate {
    pub place: PlaceInfo,
    /// Whether the name is the place's canonical one rather than an alternate spelling.
    pub primary: bool,
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
    /// Entries a phrase (tokens joined as written, original case) may refer to, best first,
    /// each with a prior plausibility in 0..=1.
    fn lookup_scored(&self, phrase: &str) -> Vec<(KbHit, f32)>;
    /// Entries a phrase may refer to, best first.
    fn lookup(&self, phrase: &str) -> Vec<KbHit> {
        self.lookup_scored(phrase)
            .into_iter()
            .map(|(h, _)| h)
            .collect()
    }
    /// Every place a phrase may name (not only the few likeliest that [`KbView::lookup`]
    /// keeps), for ranking by the document's context.
    fn place_candidates(&self, phrase: &str) -> Vec<PlaceCandidate> {
        self.lookup_scored(phrase)
            .into_iter()
            .filter_map(|(h, _)| match h {
                KbHit::Place(p) => Some(PlaceCandidate {
                    place: p,
                    primary: true,
                }),
                _ => None,
            })
            .collect()
    }
    /// Known persons whose surname (or a single-word alias) is `word`.
    fn persons_by_surname(&self, word: &str) -> Vec<PersonInfo>;
    /// Longest phrase, in tokens, worth looking up.
    fn max_phrase_tokens(&self) -> usize;
    /// A number that names this knowledge base and its answers for as long as it lives (no
    /// other one in the process has it), where its answers never change: the extractor then
    /// keeps [`KbView::lookup_scored`] and [`KbView::place_candidates`] answers across
    /// documents instead of within one. `None` (the default): answers are kept per document.
    fn answers_id(&self) -> Option<u64> {
        None
    }
    /// A country's common name, for display.
    fn country_name(&self, iso3: &str) -> Option<String>;
    /// Whether a word is a common given name (helps spot unknown people).
    fn is_given_name(&self, _word: &str) -> bool {
        false
    }
    /// A country's capital as a place ("Haiti's capital", "the Sudanese capital").
    fn capital(&self, _iso3: &str) -> Option<PlaceInfo> {
        None
    }
    /// Places in a country spelled like a name but for vowels, articles and doubled letters
    /// ("Basira" for Al Busayrah), for a name no lookup found.
    fn places_spelled_like(&self, _name: &str, _iso3: &str) -> Vec<PlaceInfo> {
        Vec::new()
    }
    /// First- and second-level regions of any country spelled like a name but for vowels,
    /// articles and doubled letters ("Galgaduud" for Galguduud), for a name no lookup found.
    fn regions_spelled_like(&self, _name: &str) -> Vec<PlaceInfo> {
        Vec::new()
    }
}

/// The view over the shipped knowledge base.
impl KbView for sitrep_kb::Kb {
    fn lookup_scored(&self, phrase: &str) -> Vec<(KbHit, f32)> {
        use sitrep_kb::{HitKind, Record};
        let found = self.lookup_records(phrase);
        let mut out = Vec::with_capacity(found.len());
        // The record comes with the hit: no second lookup by id.
        for (h, rec) in found {
            let hit = match (h.kind, rec) {
                (HitKind::Country(how), Record::Country(c)) => KbHit::Country {
                    iso3: c.iso3.clone(),
                    name: c.name.clone(),
                    how: match how {
                        sitrep_kb::CountryHow::Name => CountryHow::Name,
                        sitrep_kb::CountryHow::Demonym => CountryHow::Demonym,
                        sitrep_kb::CountryHow::Capital | sitrep_kb::CountryHow::Metonym => {
                            CountryHow::Metonym
                        }
                    },
                    sector: h.sector.map(str::to_string),
                },
                (HitKind::Org, Record::Org(o)) => KbHit::Org {
                    id: o.id.clone(),
                    code: o.country.clone(),
                    name: o.name.clone(),
                    sector: Some(h.sector.unwrap_or(&o.sector).to_string()),
                    group: o.is_group(),
                },
                (HitKind::Place, Record::Place(p)) => KbHit::Place(place_info(self, p)),
                (HitKind::Person, Record::Person(p)) => KbHit::Person(person_info(p)),
                _ => continue,
            };
            out.push((hit, h.score));
        }
        out
    }

    fn place_candidates(&self, phrase: &str) -> Vec<PlaceCandidate> {
        sitrep_kb::Kb::place_candidates(self, phrase)
            .into_iter()
            .map(|c| PlaceCandidate {
                place: place_info(self, c.place),
                primary: c.primary,
            })
            .collect()
    }

    fn persons_by_surname(&self, word: &str) -> Vec<PersonInfo> {
        self.person_by_surname(word)
            .into_iter()
            .map(person_info)
            .collect()
    }

    fn max_phrase_tokens(&self) -> usize {
        sitrep_kb::Kb::max_phrase_tokens(self)
    }

    fn answers_id(&self) -> Option<u64> {
        Some(self.instance())
    }

    fn country_name(&self, iso3: &str) -> Option<String> {
        self.country(iso3).map(|c| c.name.clone())
    }

    fn is_given_name(&self, word: &str) -> bool {
        self.is_first_name(word)
    }

    fn places_spelled_like(&self, name: &str, iso3: &str) -> Vec<PlaceInfo> {
        sitrep_kb::Kb::places_spelled_like(self, name, iso3)
            .into_iter()
            .map(|p| place_info(self, p))
            .collect()
    }

    fn regions_spelled_like(&self, name: &str) -> Vec<PlaceInfo> {
        sitrep_kb::Kb::regions_spelled_like(self, name)
            .into_iter()
            .map(|p| place_info(self, p))
            .collect()
    }

    fn capital(&self, iso3: &str) -> Option<PlaceInfo> {
        let c = self.country(iso3)?;
        if c.capital.is_empty() {
            return None;
        }
        // The capital's reading in that country: the city rather than a region of its name,
        // the most populous if several.
        sitrep_kb::Kb::place_candidates(self, &c.capital)
            .into_iter()
            .filter(|pc| &*pc.place.country == iso3)
            .max_by_key(|pc| {
                let city = pc.place.feature == sitrep_kb::Feature::City;
                (city, pc.place.population)
            })
            .map(|pc| place_info(self, pc.place))
    }
}

/// The place as extraction sees it; its region under the name the knowledge base gives it
/// now ([`sitrep_kb::Kb::admin1_of`]).
fn place_info(kb: &sitrep_kb::Kb, p: &sitrep_kb::Place) -> PlaceInfo {
    PlaceInfo {
        id: p.id.clone(),
        name: p.name.clone(),
        country: (!p.country.is_empty()).then(|| p.country.to_string()),
        admin1: kb.admin1_of(p).map(str::to_string),
        admin2: p.admin2.as_deref().map(str::to_string),
        lat: Some(p.lat),
        lon: Some(p.lon),
        feature: p.feature.as_str().to_string(),
        population: p.population,
    }
}

fn person_info(p: &sitrep_kb::Person) -> PersonInfo {
    let mut roles: Vec<&sitrep_kb::Role> = p.roles.iter().collect();
    // Most recent office first.
    roles.sort_by_key(|r| std::cmp::Reverse(r.start));
    PersonInfo {
        id: p.id.clone(),
        name: p.name.clone(),
        country: Some(p.country.clone()),
        roles: roles.iter().map(|r| r.title.clone()).collect(),
        aliases: p.aliases.clone(),
    }
}
