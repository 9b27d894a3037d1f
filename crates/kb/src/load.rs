//! Parsing the TSV files into the record tables (no index yet).

use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::KbError;
use crate::embedded::Embedded;
use crate::fold::fold;
use crate::types::{Country, Feature, Metonym, Org, Person, Place, Role};

/// The record tables, before indexing.
#[derive(Debug, Default)]
pub(crate) struct Data {
    pub countries: Vec<Country>,
    pub country_ix: FxHashMap<String, u32>,
    pub orgs: Vec<Org>,
    pub org_ix: FxHashMap<String, u32>,
    pub metonyms: Vec<Metonym>,
    /// The embedded gazetteer: place indices `0..embedded.len()` (read lazily).
    pub embedded: Option<Embedded>,
    /// Places from other files: index `embedded.len() + k`.
    pub places: Vec<Place>,
    /// Alternate names of each of `places`, `|`-joined (one allocation a place).
    pub place_alts: Vec<String>,
    /// Ids of `places` → place index (embedded ids are looked up in their own map).
    pub place_ix: FxHashMap<String, u32>,
    /// Embedded places that a later file amended: their new names are not in the prebuilt
    /// name automaton; their merged alternates.
    pub amended: std::collections::BTreeMap<u32, String>,
    /// First-level regions a later file renamed, by (country, old name): the new name, which
    /// the places inside them carry as their `admin1` when read through
    /// [`crate::Kb::admin1_of`] ("Oromia" for GeoNames' "Oromiya").
    pub admin1_renames: FxHashMap<(Arc<str>, Arc<str>), Arc<str>>,
    pub people: Vec<Person>,
    pub person_ix: FxHashMap<String, u32>,
    pub given: Vec<String>,
    /// Shared copies of the country codes and region names places repeat.
    interned: FxHashMap<String, Arc<str>>,
}

/// Which table a file feeds, told by its header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Countries,
    Orgs,
    Metonyms,
    Places,
    People,
}

const COUNTRIES: &[&str] = &[
    "iso3", "iso2", "name", "official", "aliases", "demonyms", "capital",
];
const ORGS: &[&str] = &["id", "name", "kind", "country", "sector", "aliases"];
const METONYMS: &[&str] = &["name", "country", "sector", "note"];
const PLACES: &[&str] = &[
    "id",
    "name",
    "country",
    "admin1",
    "admin2",
    "feature",
    "lat",
    "lon",
    "population",
    "alternates",
];
/// The places header before the `admin2` column (still accepted for user files).
const PLACES_V1: &[&str] = &[
    "id",
    "name",
    "country",
    "admin1",
    "feature",
    "lat",
    "lon",
    "population",
    "alternates",
];
const PEOPLE: &[&str] = &["id", "name", "country", "sector", "roles", "aliases"];

fn kind_of(header: &str) -> Option<(Kind, &'static [&'static str])> {
    let cols: Vec<&str> = header.split('\t').map(str::trim).collect();
    for (kind, want) in [
        (Kind::Countries, COUNTRIES),
        (Kind::Orgs, ORGS),
        (Kind::Metonyms, METONYMS),
        (Kind::Places, PLACES),
        (Kind::Places, PLACES_V1),
        (Kind::People, PEOPLE),
    ] {
        if cols == want {
            return Some((kind, want));
        }
    }
    None
}

/// One line's fields, with the context an error message needs.
struct Row<'a> {
    file: &'a str,
    line: usize,
    cols: &'static [&'static str],
    fields: [&'a str; MAX_COLS],
}

/// The widest file (places) has ten columns.
const MAX_COLS: usize = 10;

impl<'a> Row<'a> {
    fn err(&self, field: &str, message: impl Into<String>) -> KbError {
        KbError::Parse {
            file: self.file.to_string(),
            line: self.line,
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// A column's value, trimmed ("" where the line stops early).
    fn get(&self, name: &str) -> &'a str {
        let i = self
            .cols
            .iter()
            .position(|c| *c == name)
            .unwrap_or(usize::MAX);
        self.fields.get(i).map(|s| s.trim()).unwrap_or("")
    }

    fn required(&self, name: &str) -> Result<&'a str, KbError> {
        let v = self.get(name);
        if v.is_empty() {
            return Err(self.err(name, "must not be empty"));
        }
        Ok(v)
    }

    fn code(&self, name: &str) -> Result<&'a str, KbError> {
        let v = self.required(name)?;
        if v.len() > 12
            || !v
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Err(self.err(name, format!("{v:?} is not a code like USA, EU, NATO")));
        }
        Ok(v)
    }

    fn list(&self, name: &str) -> Vec<String> {
        split_list(self.get(name))
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Appends the items of `more` that are not already in `into` (fold-equal counts as equal).
fn merge_list(into: &mut Vec<String>, more: Vec<String>) {
    for m in more {
        let k = fold(&m);
        if !into.iter().any(|x| fold(x) == k) {
            into.push(m);
        }
    }
}

impl Data {
    /// How many places the embedded gazetteer holds (0 without it).
    pub fn embedded_len(&self) -> u32 {
        self.embedded.as_ref().map_or(0, Embedded::len)
    }

    /// The place at index `i`.
    pub fn place(&self, i: u32) -> Option<&Place> {
        let e = self.embedded_len();
        if i < e {
            self.embedded.as_ref()?.get(i)
        } else {
            self.places.get((i - e) as usize)
        }
    }

    /// The `|`-joined alternates of place `i`.
    pub fn place_alts_of(&self, i: u32) -> &str {
        let e = self.embedded_len();
        if i < e {
            match self.amended.get(&i) {
                Some(a) => a,
                None => Embedded::alternates(i),
            }
        } else {
            self.place_alts
                .get((i - e) as usize)
                .map_or("", String::as_str)
        }
    }

    /// The index of the place with id `id`.
    pub fn place_index(&self, id: &str) -> Option<u32> {
        self.place_ix
            .get(id)
            .copied()
            .or_else(|| self.embedded.as_ref()?.row_of(id))
    }

    /// Places in all.
    pub fn place_count(&self) -> usize {
        self.embedded_len() as usize + self.places.len()
    }

    fn intern(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.interned.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.interned.insert(s.to_string(), a.clone());
        a
    }

    /// Parses one file and merges it into the tables. `file` names it in errors.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), KbError> {
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let Some((hline, header)) = lines.next() else {
            return Ok(()); // empty file
        };
        if !header.contains('\t') {
            // a plain word list: given names, one a line (the first line is a name too)
            self.given.push(header.trim().to_string());
            for (_, l) in lines {
                self.given.push(l.trim().to_string());
            }
            return Ok(());
        }
        let Some((kind, cols)) = kind_of(header) else {
            return Err(KbError::UnknownFormat {
                file: file.to_string(),
                line: hline,
                header: header.to_string(),
            });
        };
        for (line, l) in lines {
            let mut fields = [""; MAX_COLS];
            let mut n = 0;
            for f in l.split('\t') {
                if let Some(slot) = fields.get_mut(n) {
                    *slot = f;
                }
                n += 1;
            }
            let row = Row {
                file,
                line,
                cols,
                fields,
            };
            if n > cols.len() {
                return Err(row.err(
                    cols.last().copied().unwrap_or(""),
                    format!("{n} fields, expected {}", cols.len()),
                ));
            }
            match kind {
                Kind::Countries => self.add_country(&row)?,
                Kind::Orgs => self.add_org(&row)?,
                Kind::Metonyms => self.add_metonym(&row)?,
                Kind::Places => self.add_place(&row)?,
                Kind::People => self.add_person(&row)?,
            }
        }
        Ok(())
    }

    fn add_country(&mut self, row: &Row) -> Result<(), KbError> {
        let iso3 = row.code("iso3")?;
        if iso3.len() != 3 {
            return Err(row.err("iso3", format!("{iso3:?} is not an ISO alpha-3 code")));
        }
        if let Some(&i) = self.country_ix.get(iso3) {
            let c = &mut self.countries[i as usize];
            for (field, slot) in [
                ("iso2", &mut c.iso2),
                ("name", &mut c.name),
                ("official", &mut c.official),
                ("capital", &mut c.capital),
            ] {
                let v = row.get(field);
                if !v.is_empty() {
                    *slot = v.to_string();
                }
            }
            merge_list(&mut c.aliases, row.list("aliases"));
            merge_list(&mut c.demonyms, row.list("demonyms"));
            return Ok(());
        }
        let name = row.required("name")?;
        self.country_ix
            .insert(iso3.to_string(), self.countries.len() as u32);
        self.countries.push(Country {
            iso3: iso3.to_string(),
            iso2: row.get("iso2").to_string(),
            name: name.to_string(),
            official: row.get("official").to_string(),
            aliases: row.list("aliases"),
            demonyms: row.list("demonyms"),
            capital: row.get("capital").to_string(),
        });
        Ok(())
    }

    fn add_org(&mut self, row: &Row) -> Result<(), KbError> {
        let id = row.required("id")?;
        if let Some(&i) = self.org_ix.get(id) {
            let o = &mut self.orgs[i as usize];
            for (field, slot) in [
                ("name", &mut o.name),
                ("kind", &mut o.kind),
                ("sector", &mut o.sector),
            ] {
                let v = row.get(field);
                if !v.is_empty() {
                    *slot = v.to_string();
                }
            }
            if !row.get("country").is_empty() {
                o.country = row.code("country")?.to_string();
            }
            merge_list(&mut o.aliases, row.list("aliases"));
            return Ok(());
        }
        let org = Org {
            id: id.to_string(),
            name: row.required("name")?.to_string(),
            kind: row.required("kind")?.to_string(),
            country: row.code("country")?.to_string(),
            sector: row.get("sector").to_string(),
            aliases: row.list("aliases"),
        };
        self.org_ix.insert(org.id.clone(), self.orgs.len() as u32);
        self.orgs.push(org);
        Ok(())
    }

    fn add_metonym(&mut self, row: &Row) -> Result<(), KbError> {
        self.metonyms.push(Metonym {
            name: row.required("name")?.to_string(),
            country: row.code("country")?.to_string(),
            sector: row.get("sector").to_string(),
            note: row.get("note").to_string(),
        });
        Ok(())
    }

    fn add_place(&mut self, row: &Row) -> Result<(), KbError> {
        let id = row.required("id")?;
        let num = |field: &str| -> Result<Option<f64>, KbError> {
            let v = row.get(field);
            if v.is_empty() {
                return Ok(None);
            }
            let x: f64 = v
                .parse()
                .map_err(|_| row.err(field, format!("{v:?} is not a number")))?;
            let lim = if field == "lat" { 90.0 } else { 180.0 };
            if !(-lim..=lim).contains(&x) {
                return Err(row.err(field, format!("{v} is out of range")));
            }
            Ok(Some(x))
        };
        let lat = num("lat")?;
        let lon = num("lon")?;
        let pop = match row.get("population") {
            "" => None,
            v => Some(
                v.parse::<u64>()
                    .map_err(|_| row.err("population", format!("{v:?} is not a count")))?,
            ),
        };
        let feature = match row.get("feature") {
            "" => None,
            v => Some(Feature::parse(v).ok_or_else(|| {
                row.err(
                    "feature",
                    format!("{v:?} is not city, admin1, admin2, region, facility or water"),
                )
            })?),
        };
        let country = match row.get("country") {
            "" => None,
            _ => Some(row.code("country")?),
        };
        let name = row.get("name");
        let admin1 = row.get("admin1");
        let admin2 = row.get("admin2");
        if let Some(i) = self.place_index(id) {
            let mut alts = row.list("alternates");
            let admin1 = (!admin1.is_empty()).then(|| self.intern(admin1));
            let admin2 = (!admin2.is_empty()).then(|| self.intern(admin2));
            let country = country.map(|c| self.intern(c));
            let e = self.embedded_len();
            let p = if i < e {
                self.embedded.as_mut().and_then(|x| x.get_mut(i))
            } else {
                self.places.get_mut((i - e) as usize)
            };
            let Some(p) = p else {
                return Ok(());
            };
            let mut renamed = None;
            if !name.is_empty() && name != p.name {
                let old = std::mem::replace(&mut p.name, name.to_string());
                if p.feature == Feature::Admin1 {
                    renamed = Some((p.country.clone(), old.clone()));
                }
                alts.push(old);
            }
            if let Some(c) = country {
                p.country = c;
            }
            if admin1.is_some() {
                p.admin1 = admin1;
            }
            if admin2.is_some() {
                p.admin2 = admin2;
            }
            if let Some(f) = feature {
                p.feature = f;
            }
            if let Some(x) = lat {
                p.lat = x;
            }
            if let Some(x) = lon {
                p.lon = x;
            }
            if let Some(x) = pop {
                p.population = x;
            }
            if let Some((c, old)) = renamed {
                let (old, new) = (self.intern(&old), self.intern(name));
                self.admin1_renames.insert((c, old), new);
            }
            let mut list = split_list(self.place_alts_of(i));
            merge_list(&mut list, alts);
            let joined = list.join("|");
            if i < e {
                self.amended.insert(i, joined);
            } else if let Some(slot) = self.place_alts.get_mut((i - e) as usize) {
                *slot = joined;
            }
            return Ok(());
        }
        // continents and seas belong to no one country
        let country = match (country, feature) {
            (Some(c), _) => c,
            (None, Some(Feature::Region | Feature::Water)) => "",
            (None, _) => return Err(row.err("country", "must not be empty")),
        };
        let place = Place {
            id: id.to_string(),
            name: row.required("name")?.to_string(),
            country: self.intern(country),
            admin1: (!admin1.is_empty()).then(|| self.intern(admin1)),
            admin2: (!admin2.is_empty()).then(|| self.intern(admin2)),
            feature: feature.ok_or_else(|| row.err("feature", "must not be empty"))?,
            lat: lat.ok_or_else(|| row.err("lat", "must not be empty"))?,
            lon: lon.ok_or_else(|| row.err("lon", "must not be empty"))?,
            population: pop.unwrap_or(0),
        };
        let index = self.embedded_len() + self.places.len() as u32;
        self.place_ix.insert(place.id.clone(), index);
        self.places.push(place);
        self.place_alts.push(row.get("alternates").to_string());
        Ok(())
    }

    fn add_person(&mut self, row: &Row) -> Result<(), KbError> {
        let id = row.required("id")?;
        let mut roles = Vec::new();
        for r in row
            .get("roles")
            .split(';')
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            let f: Vec<&str> = r.split('|').map(str::trim).collect();
            if f.len() > 4 {
                return Err(row.err(
                    "roles",
                    format!("{r:?}: expected title|start|end[|country]"),
                ));
            }
            let date = |s: Option<&&str>| -> Result<Option<NaiveDate>, KbError> {
                match s.copied().unwrap_or("") {
                    "" => Ok(None),
                    d => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .map(Some)
                        .map_err(|_| row.err("roles", format!("{d:?} is not a YYYY-MM-DD date"))),
                }
            };
            let title = f.first().copied().unwrap_or("");
            if title.is_empty() {
                return Err(row.err("roles", format!("{r:?}: role without a title")));
            }
            roles.push(Role {
                title: title.to_string(),
                start: date(f.get(1))?,
                end: date(f.get(2))?,
                country: f.get(3).filter(|c| !c.is_empty()).map(|c| c.to_string()),
            });
        }
        if let Some(&i) = self.person_ix.get(id) {
            let p = &mut self.people[i as usize];
            for (field, slot) in [("name", &mut p.name), ("sector", &mut p.sector)] {
                let v = row.get(field);
                if !v.is_empty() {
                    *slot = v.to_string();
                }
            }
            if !row.get("country").is_empty() {
                p.country = row.code("country")?.to_string();
            }
            for r in roles {
                if !p.roles.contains(&r) {
                    p.roles.push(r);
                }
            }
            merge_list(&mut p.aliases, row.list("aliases"));
            return Ok(());
        }
        let person = Person {
            id: id.to_string(),
            name: row.required("name")?.to_string(),
            country: row.code("country")?.to_string(),
            sector: row.get("sector").to_string(),
            roles,
            aliases: row.list("aliases"),
        };
        self.person_ix
            .insert(person.id.clone(), self.people.len() as u32);
        self.people.push(person);
        Ok(())
    }
}
