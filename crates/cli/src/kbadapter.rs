//! The knowledge base as the CLI uses it: the shipped one plus user files, and a readable
//! description of what it knows under a name (`sitrep kb lookup`).

use sitrep_kb::{HitKind, Kb, KbError};
use std::path::PathBuf;

/// The knowledge base the extractor reads.
pub type KbAdapter = Kb;

/// Loads the shipped knowledge base plus user files.
pub fn load(extra: &[PathBuf]) -> Result<Kb, KbError> {
    let kb = Kb::load(extra)?;
    kb.warm();
    Ok(kb)
}

/// One line per thing the knowledge base knows under `name`.
pub fn describe(kb: &Kb, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for h in kb.lookup(name) {
        let line = match h.kind {
            HitKind::Country(how) => match kb.country(h.id) {
                Some(c) => format!(
                    "country {} ({}) as {:?}; capital {}; demonyms {}; also {}",
                    c.name,
                    c.iso3,
                    how,
                    c.capital,
                    c.demonyms.join(", "),
                    c.aliases.join(", ")
                ),
                None => continue,
            },
            HitKind::Org => match kb.org(h.id) {
                Some(o) => format!(
                    "organisation {} [{}] kind {} sector {}; also {}",
                    o.name,
                    o.country,
                    o.kind,
                    o.sector,
                    o.aliases.join(", ")
                ),
                None => continue,
            },
            HitKind::Place => {
                // all readings come below, ranked
                continue;
            }
            HitKind::Person => match kb.person(h.id) {
                Some(p) => {
                    let roles: Vec<String> = p
                        .roles
                        .iter()
                        .map(|r| {
                            let span = match (r.start, r.end) {
                                (None, None) => String::new(),
                                (s, e) => format!(
                                    " ({}–{})",
                                    s.map(|d| d.to_string()).unwrap_or_default(),
                                    e.map(|d| d.to_string()).unwrap_or_default()
                                ),
                            };
                            format!("{}{}", r.title, span)
                        })
                        .collect();
                    format!(
                        "person {} ({}) [id {}]: {}; also {}",
                        p.name,
                        p.country,
                        p.id,
                        roles.join("; "),
                        p.aliases.join(", ")
                    )
                }
                None => continue,
            },
        };
        out.push(format!("{line}  (score {:.2})", h.score));
    }
    let places = kb.places_named(name, None);
    let n = places.len();
    for (rank, p) in places.iter().take(MAX_READINGS).enumerate() {
        let why = if rank == 0 {
            if n == 1 {
                "chosen: the only reading".to_string()
            } else {
                format!(
                    "chosen without document context, of {n} readings: canonical name and population \
                     (in a document the resolver also weighs named regions, countries, nearby \
                     places and the dateline)"
                )
            }
        } else {
            format!("reading {}", rank + 1)
        };
        out.push(format!(
            "place {} — {} at {:.4}, {:.4}; admin1 {}; admin2 {}; country {}; population {} [id {}]  ({why})",
            p.name,
            p.feature.as_str(),
            p.lat,
            p.lon,
            p.admin1.as_deref().unwrap_or("-"),
            p.admin2.as_deref().unwrap_or("-"),
            if p.country.is_empty() { "-" } else { &p.country },
            p.population,
            p.id
        ));
    }
    if n > MAX_READINGS {
        out.push(format!(
            "… and {} more places of that name",
            n - MAX_READINGS
        ));
    }
    out
}

/// Place readings listed by `kb lookup`.
const MAX_READINGS: usize = 12;
