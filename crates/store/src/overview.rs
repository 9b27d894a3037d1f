//! Small summaries of a large store for the web UI: activity over time in day, week or month
//! bins, the network of the busiest actors, and located events grouped by place.
//!
//! The browsing API used to answer with one row per day and type plus every casualty figure
//! (6.5 MB on a 100,000-event store), every actor pair and every located event, and the UI
//! then drew all of it. These answers are sized by what a screen can show (a few hundred bins,
//! the top N actors, one entry per place), whatever the store holds: the work is one pass over
//! the matching rows, the answer is small.

use crate::browse::sql_filter;
use crate::common::{parse_date, to_u};
use crate::error::Fail;
use crate::{Filter, SqliteStore, StoreError};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::types::Value;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::str::FromStr;

/// How days are grouped on a time axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grain {
    Day,
    /// ISO weeks, starting on Monday.
    Week,
    Month,
    Year,
}

impl FromStr for Grain {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "day" => Ok(Grain::Day),
            "week" => Ok(Grain::Week),
            "month" => Ok(Grain::Month),
            "year" => Ok(Grain::Year),
            other => Err(format!(
                "unknown grain {other:?} (expected auto, day, week, month or year)"
            )),
        }
    }
}

impl Grain {
    /// The grain that gives a readable number of bins (at most a few hundred) for a range:
    /// days up to four months, weeks up to three years, months up to thirty years.
    pub fn for_range(first: NaiveDate, last: NaiveDate) -> Grain {
        let days = (last - first).num_days();
        if days <= 120 {
            Grain::Day
        } else if days <= 3 * 366 {
            Grain::Week
        } else if days <= 30 * 366 {
            Grain::Month
        } else {
            Grain::Year
        }
    }

    /// The first day of the bin holding `d`.
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            Grain::Day => d,
            Grain::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
            Grain::Month => d.with_day(1).unwrap_or(d),
            Grain::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d),
        }
    }

    /// The first day of the bin after the one starting at `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Grain::Day => start + Duration::days(1),
            Grain::Week => start + Duration::days(7),
            Grain::Month => start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(start),
            Grain::Year => start
                .checked_add_months(chrono::Months::new(12))
                .unwrap_or(start),
        }
    }
}

/// Events and reported casualties in one bin of the time axis. Only bins with an event are
/// listed: a bin that is absent had none (the client leaves the gap).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeBin {
    /// First day of the bin.
    pub start: NaiveDate,
    /// First day after the bin.
    pub end: NaiveDate,
    pub events: usize,
    pub by_type: BTreeMap<String, usize>,
    pub assaults: usize,
    /// Casualties of the bin's assaults as a range across sources: `low` adds up the smallest
    /// figure given for each event, `high` the largest.
    pub killed_low: u64,
    pub killed_high: u64,
    pub injured_low: u64,
    pub injured_high: u64,
    /// Killed according to each of the summary's `claimants`: each claimant's largest figure
    /// for each event, summed ("unattributed" when the source names none). Never added
    /// across claimants.
    pub killed_by_claimant: BTreeMap<String, u64>,
}

/// A claimant of casualty figures and the killed it reported in all, summed as in
/// [`TimeBin::killed_by_claimant`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimantTotal {
    pub name: String,
    pub killed: u64,
}

/// Claimants given per bin: the ones who reported the most, so that a store with hundreds of
/// claimants still gives a small answer.
pub const TOP_CLAIMANTS: usize = 10;

/// Activity over time for the matching events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeSummary {
    pub grain: Grain,
    /// First and last event day (start dates), absent when no event is dated.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// Matching events, dated or not.
    pub total: usize,
    pub undated: usize,
    pub by_type: BTreeMap<String, usize>,
    pub bins: Vec<TimeBin>,
    /// The claimants who reported the most killed (at most [`TOP_CLAIMANTS`]), most first;
    /// bins break their figures down by these.
    pub claimants: Vec<ClaimantTotal>,
    /// Distinct claimants of killed figures among the matching events.
    pub claimants_total: usize,
}

/// An actor of the network, labelled with its canonical name (the knowledge-base entity's
/// name, not the words one report used).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetNode {
    /// Entity id, else the party's name.
    pub id: String,
    pub name: String,
    pub country: Option<String>,
    /// Matching events it took part in, in any role.
    pub events: usize,
    pub as_actor: usize,
    pub as_recipient: usize,
}

/// How often one actor acted on another among the matching events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetEdge {
    pub source: String,
    pub target: String,
    pub events: usize,
    pub by_type: BTreeMap<String, usize>,
}

/// The busiest actors of the matching events and the links between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    /// Distinct actors in the matching events (of which `nodes` are the busiest).
    pub actors: usize,
    pub nodes: Vec<NetNode>,
    /// Busiest first.
    pub edges: Vec<NetEdge>,
}

/// Located events at one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceCount {
    pub place: Option<String>,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub events: usize,
    /// Of which material conflict (ASSAULT, COERCE, SANCTION, MOBILIZE).
    pub hostile: usize,
}

/// Located events grouped by place, busiest places first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceSummary {
    /// Matching events with coordinates.
    pub located: usize,
    /// Distinct places among them (of which `places` lists the busiest).
    pub places_total: usize,
    pub places: Vec<PlaceCount>,
}

fn hostile(t: &str) -> bool {
    matches!(t, "ASSAULT" | "COERCE" | "SANCTION" | "MOBILIZE")
}

impl SqliteStore {
    /// Matching events over time in bins of `grain` (chosen from the dated range when
    /// `None`), with casualty ranges and per-claimant figures of assaults.
    pub fn time_summary(
        &self,
        filter: &Filter,
        grain: Option<Grain>,
    ) -> Result<TimeSummary, StoreError> {
        self.time_inner(filter, grain)
            .map_err(|e| e.at(self.path(), crate::browse::BUSY_MS))
    }

    fn time_inner(&self, filter: &Filter, grain: Option<Grain>) -> Result<TimeSummary, Fail> {
        let (cond, vals) = sql_filter(filter);
        let per_day: Vec<(Option<NaiveDate>, String, usize)> = self
            .conn
            .prepare(&format!(
                "SELECT e.date_start, e.type, count(*) FROM events e WHERE 1 = 1{cond}
                 GROUP BY e.date_start, e.type"
            ))?
            .query_map(rusqlite::params_from_iter(vals.iter()), |r| {
                Ok((parse_date(r.get(0)?), r.get(1)?, to_u(r.get(2)?)))
            })?
            .collect::<Result<_, _>>()?;
        let first = per_day.iter().filter_map(|d| d.0).min();
        let last = per_day.iter().filter_map(|d| d.0).max();
        let grain = grain.unwrap_or(match (first, last) {
            (Some(a), Some(b)) => Grain::for_range(a, b),
            _ => Grain::Day,
        });
        let mut sum = TimeSummary {
            grain,
            first,
            last,
            total: 0,
            undated: 0,
            by_type: BTreeMap::new(),
            bins: Vec::new(),
            claimants: Vec::new(),
            claimants_total: 0,
        };
        let mut bins: BTreeMap<NaiveDate, TimeBin> = BTreeMap::new();
        let bin_of = |bins: &mut BTreeMap<NaiveDate, TimeBin>, d: NaiveDate| -> NaiveDate {
            let start = grain.start(d);
            bins.entry(start).or_insert_with(|| TimeBin {
                start,
                end: grain.next(start),
                events: 0,
                by_type: BTreeMap::new(),
                assaults: 0,
                killed_low: 0,
                killed_high: 0,
                injured_low: 0,
                injured_high: 0,
                killed_by_claimant: BTreeMap::new(),
            });
            start
        };
        for (date, ty, n) in per_day {
            sum.total += n;
            *sum.by_type.entry(ty.clone()).or_default() += n;
            let Some(d) = date else {
                sum.undated += n;
                continue;
            };
            let k = bin_of(&mut bins, d);
            if let Some(b) = bins.get_mut(&k) {
                b.events += n;
                if ty == "ASSAULT" {
                    b.assaults += n;
                }
                *b.by_type.entry(ty).or_default() += n;
            }
        }
        // Figures of dated assaults: (event, measure) ranges and (event, claimant) maxima.
        let mut ranges: HashMap<(String, String), (NaiveDate, u64, u64)> = HashMap::new();
        let mut claimed: HashMap<(String, String), (NaiveDate, u64)> = HashMap::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT e.id, e.date_start, f.measure, f.count, f.claimed_by
             FROM events e JOIN event_figures f ON f.event_id = e.id
             WHERE e.type = 'ASSAULT' AND e.date_start IS NOT NULL AND f.count IS NOT NULL
               AND f.measure IN ('killed', 'injured'){cond}"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
        while let Some(r) = rows.next()? {
            let Some(d) = parse_date(r.get(1)?) else {
                continue;
            };
            let Ok(n) = u64::try_from(r.get::<_, i64>(3)?) else {
                continue;
            };
            let event: String = r.get(0)?;
            let measure: String = r.get(2)?;
            if measure == "killed" {
                let who: Option<String> = r.get(4)?;
                let who = who.unwrap_or_else(|| "unattributed".into());
                let e = claimed.entry((event.clone(), who)).or_insert((d, n));
                e.1 = e.1.max(n);
            }
            let e = ranges.entry((event, measure)).or_insert((d, n, n));
            e.1 = e.1.min(n);
            e.2 = e.2.max(n);
        }
        for ((_, measure), (d, lo, hi)) in ranges {
            let k = bin_of(&mut bins, d);
            if let Some(b) = bins.get_mut(&k) {
                if measure == "killed" {
                    b.killed_low += lo;
                    b.killed_high += hi;
                } else {
                    b.injured_low += lo;
                    b.injured_high += hi;
                }
            }
        }
        let mut totals: HashMap<&str, u64> = HashMap::new();
        for ((_, who), (_, n)) in &claimed {
            *totals.entry(who.as_str()).or_default() += n;
        }
        let mut totals: Vec<ClaimantTotal> = totals
            .into_iter()
            .map(|(name, killed)| ClaimantTotal {
                name: name.to_string(),
                killed,
            })
            .collect();
        totals.sort_by(|a, b| b.killed.cmp(&a.killed).then_with(|| a.name.cmp(&b.name)));
        sum.claimants_total = totals.len();
        totals.truncate(TOP_CLAIMANTS);
        let top: HashSet<String> = totals.iter().map(|c| c.name.clone()).collect();
        sum.claimants = totals;
        for ((_, who), (d, n)) in claimed {
            if !top.contains(&who) {
                continue;
            }
            let k = bin_of(&mut bins, d);
            if let Some(b) = bins.get_mut(&k) {
                *b.killed_by_claimant.entry(who).or_default() += n;
            }
        }
        sum.bins = bins.into_values().collect();
        Ok(sum)
    }

    /// The `top` busiest actors of the matching events (by events taken part in, in any
    /// role) and the actor→recipient links among them, labelled with canonical names.
    pub fn network(&self, filter: &Filter, top: usize) -> Result<Network, StoreError> {
        self.network_inner(filter, top)
            .map_err(|e| e.at(self.path(), crate::browse::BUSY_MS))
    }

    fn network_inner(&self, filter: &Filter, top: usize) -> Result<Network, Fail> {
        let (cond, vals) = sql_filter(filter);
        // Parties of the matching events, keys and types interned (one pass, no sort).
        let mut keys: Vec<(String, String, Option<String>)> = Vec::new();
        let mut key_ix: HashMap<String, usize> = HashMap::new();
        let mut types: Vec<String> = Vec::new();
        // Event id -> (type index, parties as (is actor, key index)).
        // Keyed by the event's row id; strings are borrowed from the row and copied only for
        // a key seen for the first time (the pass reads every party of every matching event).
        let mut events: HashMap<i64, (usize, Vec<(bool, usize)>)> = HashMap::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT e.rowid, e.type, p.role, coalesce(p.entity, p.name), p.name, p.country
             FROM event_parties p JOIN events e ON e.id = p.event_id WHERE 1 = 1{cond}"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
        while let Some(r) = rows.next()? {
            let key = r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
            let k = match key_ix.get(key) {
                Some(&k) => k,
                None => {
                    let key = key.to_string();
                    keys.push((key.clone(), r.get(4)?, r.get(5)?));
                    key_ix.insert(key, keys.len() - 1);
                    keys.len() - 1
                }
            };
            let ty = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            let t = match types.iter().position(|x| x == ty) {
                Some(t) => t,
                None => {
                    types.push(ty.to_string());
                    types.len() - 1
                }
            };
            let is_actor = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)? == "actor";
            events
                .entry(r.get(0)?)
                .or_insert_with(|| (t, Vec::new()))
                .1
                .push((is_actor, k));
        }
        // Activity per actor: events taken part in, as actor, as recipient.
        let mut act = vec![(0usize, 0usize, 0usize); keys.len()];
        for (_, parts) in events.values() {
            let mut seen: HashSet<usize> = HashSet::new();
            let mut seen_role: HashSet<(bool, usize)> = HashSet::new();
            for &(is_actor, k) in parts {
                if let Some(a) = act.get_mut(k) {
                    if seen.insert(k) {
                        a.0 += 1;
                    }
                    if seen_role.insert((is_actor, k)) {
                        if is_actor {
                            a.1 += 1;
                        } else {
                            a.2 += 1;
                        }
                    }
                }
            }
        }
        let mut order: Vec<usize> = (0..keys.len()).filter(|&k| act[k].0 > 0).collect();
        let key_of = |k: usize| keys.get(k).map(|x| x.0.as_str()).unwrap_or_default();
        order.sort_by(|&a, &b| {
            act[b]
                .0
                .cmp(&act[a].0)
                .then_with(|| key_of(a).cmp(key_of(b)))
        });
        let actors = order.len();
        order.truncate(top);
        let chosen: HashSet<usize> = order.iter().copied().collect();
        // Links among the chosen actors.
        let mut edges: HashMap<(usize, usize), NetEdge> = HashMap::new();
        for (t, parts) in events.values() {
            let mut done: HashSet<(usize, usize)> = HashSet::new();
            for &(a_actor, a) in parts {
                if !a_actor || !chosen.contains(&a) {
                    continue;
                }
                for &(r_actor, r) in parts {
                    if r_actor || r == a || !chosen.contains(&r) || !done.insert((a, r)) {
                        continue;
                    }
                    let e = edges.entry((a, r)).or_insert_with(|| NetEdge {
                        source: key_of(a).to_string(),
                        target: key_of(r).to_string(),
                        events: 0,
                        by_type: BTreeMap::new(),
                    });
                    e.events += 1;
                    let ty = types.get(*t).cloned().unwrap_or_default();
                    *e.by_type.entry(ty).or_default() += 1;
                }
            }
        }
        let mut edges: Vec<NetEdge> = edges.into_values().collect();
        edges.sort_by(|a, b| {
            b.events
                .cmp(&a.events)
                .then_with(|| a.source.cmp(&b.source))
                .then_with(|| a.target.cmp(&b.target))
        });
        // Canonical names of entities; other parties keep the name they were stored under.
        let mut canon: HashMap<String, (String, Option<String>)> = HashMap::new();
        {
            let mut q = self
                .conn
                .prepare_cached("SELECT name, country FROM entities WHERE id = ?1")?;
            for &k in &order {
                let key = key_of(k);
                if let Some(row) = q
                    .query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .next()
                    .transpose()?
                {
                    canon.insert(key.to_string(), row);
                }
            }
        }
        let nodes = order
            .iter()
            .filter_map(|&k| {
                let (key, name, country) = keys.get(k)?;
                let (name, country) = match canon.get(key) {
                    Some((n, c)) => (n.clone(), c.clone().or_else(|| country.clone())),
                    None => (name.clone(), country.clone()),
                };
                let (events, as_actor, as_recipient) = act[k];
                Some(NetNode {
                    id: key.clone(),
                    name,
                    country,
                    events,
                    as_actor,
                    as_recipient,
                })
            })
            .collect();
        Ok(Network {
            actors,
            nodes,
            edges,
        })
    }

    /// Located matching events grouped by place, at most `limit` places (busiest first).
    pub fn places(&self, filter: &Filter, limit: usize) -> Result<PlaceSummary, StoreError> {
        self.places_inner(filter, limit)
            .map_err(|e| e.at(self.path(), crate::browse::BUSY_MS))
    }

    fn places_inner(&self, filter: &Filter, limit: usize) -> Result<PlaceSummary, Fail> {
        let (cond, vals) = sql_filter(filter);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT e.loc_name, e.loc_country, json_extract(e.location, '$.lat'),
                    json_extract(e.location, '$.lon'), e.type, count(*)
             FROM events e WHERE e.location IS NOT NULL{cond}
             GROUP BY e.loc_name, e.loc_country, e.location, e.type"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
        let mut by_place: HashMap<(Option<String>, Option<String>, u64, u64), PlaceCount> =
            HashMap::new();
        let mut located = 0;
        while let Some(r) = rows.next()? {
            let (Some(lat), Some(lon)) = (num(r.get(2)?), num(r.get(3)?)) else {
                continue;
            };
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                continue;
            }
            let place: Option<String> = r.get(0)?;
            let country: Option<String> = r.get(1)?;
            let ty: String = r.get(4)?;
            let n = to_u(r.get(5)?);
            located += n;
            let p = by_place
                .entry((place.clone(), country.clone(), lat.to_bits(), lon.to_bits()))
                .or_insert(PlaceCount {
                    place,
                    country,
                    lat,
                    lon,
                    events: 0,
                    hostile: 0,
                });
            p.events += n;
            if hostile(&ty) {
                p.hostile += n;
            }
        }
        let mut places: Vec<PlaceCount> = by_place.into_values().collect();
        let places_total = places.len();
        places.sort_by(|a, b| {
            b.events
                .cmp(&a.events)
                .then_with(|| a.place.cmp(&b.place))
                .then_with(|| a.country.cmp(&b.country))
                .then_with(|| a.lat.total_cmp(&b.lat))
                .then_with(|| a.lon.total_cmp(&b.lon))
        });
        places.truncate(limit);
        Ok(PlaceSummary {
            located,
            places_total,
            places,
        })
    }

    /// A number that changes whenever another connection (this process's or another's)
    /// commits to the database: `PRAGMA data_version`. A cache of answers is valid while it
    /// stays the same, as seen from one connection that never writes.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| Fail::from(e).at(self.path(), crate::browse::BUSY_MS))
    }
}

/// A JSON number read back from SQLite (an integer or a real).
fn num(v: Value) -> Option<f64> {
    match v {
        Value::Real(x) if x.is_finite() => Some(x),
        Value::Integer(i) => Some(i as f64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::from_str(s).unwrap()
    }

    #[test]
    fn grain_follows_the_range() {
        assert_eq!(
            Grain::for_range(d("2026-01-01"), d("2026-03-01")),
            Grain::Day
        );
        assert_eq!(
            Grain::for_range(d("2025-01-01"), d("2026-03-01")),
            Grain::Week
        );
        assert_eq!(
            Grain::for_range(d("2019-01-01"), d("2026-12-28")),
            Grain::Month
        );
        assert_eq!(
            Grain::for_range(d("1950-01-01"), d("2026-12-28")),
            Grain::Year
        );
    }

    #[test]
    fn bins_start_on_monday_the_first_and_new_year() {
        // 2026-12-03 is a Thursday.
        assert_eq!(Grain::Week.start(d("2026-12-03")), d("2026-11-30"));
        assert_eq!(Grain::Week.next(d("2026-11-30")), d("2026-12-07"));
        assert_eq!(Grain::Month.start(d("2026-12-03")), d("2026-12-01"));
        assert_eq!(Grain::Month.next(d("2026-12-01")), d("2027-01-01"));
        assert_eq!(Grain::Year.start(d("2026-12-03")), d("2026-01-01"));
        assert_eq!(Grain::Day.next(d("2024-02-28")), d("2024-02-29"));
        assert!("fortnight".parse::<Grain>().is_err());
    }
}
