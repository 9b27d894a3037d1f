//! Small summaries of a large store for the web UI: activity over time in day, week or month
//! bins, the network of the busiest actors, and located events grouped by place.
//!
//! The browsing API used to answer with one row per day and type plus every casualty figure
//! (6.5 MB on a 100,000-event store), every actor pair and every located event, and the UI
//! then drew all of it. These answers are sized by what a screen can show (a few hundred bins,
//! the top N actors, one entry per place), whatever the store holds: the work is one pass over
//! the matching rows, the answer is small.

use crate::browse::sql_filter;
use crate::common::{parse_date, search_words, to_u};
use crate::error::Fail;
use crate::{Filter, SqliteStore, StoreError};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::types::Value;
use serde::Serialize;
use sitrep_model::EventType;
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
        let parts = if self.summaries_from_aggregates() && by_type_and_dates(filter) {
            self.time_parts_agg(filter)?
        } else {
            self.time_parts_scan(filter)?
        };
        Ok(time_summary_of(parts, grain))
    }

    /// The time summary's counts read from the aggregates (type and date filters only).
    fn time_parts_agg(&self, filter: &Filter) -> Result<TimeParts, Fail> {
        let (cond, vals) = agg_day_filter(filter);
        let mut parts = TimeParts::default();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT day, type, sum(events), sum(killed_lo), sum(killed_hi), sum(injured_lo),
                    sum(injured_hi)
             FROM agg_days WHERE 1 = 1{cond} GROUP BY day, type"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
        while let Some(r) = rows.next()? {
            let day = parse_date(r.get(0)?);
            let ty: String = r.get(1)?;
            if let (Some(d), "ASSAULT") = (day, ty.as_str()) {
                parts.ranges.push((
                    d,
                    [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?].map(|x: i64| to_u(x) as u64),
                ));
            }
            parts.per_day.push((day, ty, to_u(r.get(2)?)));
        }
        if filter.event_type.is_none_or(|t| t == EventType::Assault) {
            let f = Filter {
                event_type: None,
                ..filter.clone()
            };
            let (cond, vals) = agg_day_filter(&f);
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT day, claimant, sum(killed) FROM agg_claims WHERE day <> ''{cond}
                 GROUP BY day, claimant"
            ))?;
            let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
            while let Some(r) = rows.next()? {
                if let Some(d) = parse_date(r.get(0)?) {
                    parts.claimed.push((d, r.get(1)?, to_u(r.get(2)?) as u64));
                }
            }
        }
        Ok(parts)
    }

    /// The time summary's counts read from the matching events (any filter).
    fn time_parts_scan(&self, filter: &Filter) -> Result<TimeParts, Fail> {
        let (cond, vals) = sql_filter(filter);
        let mut parts = TimeParts {
            per_day: self
                .conn
                .prepare(&format!(
                    "SELECT e.date_start, e.type, count(*) FROM events e WHERE 1 = 1{cond}
                     GROUP BY e.date_start, e.type"
                ))?
                .query_map(rusqlite::params_from_iter(vals.iter()), |r| {
                    Ok((parse_date(r.get(0)?), r.get(1)?, to_u(r.get(2)?)))
                })?
                .collect::<Result<_, _>>()?,
            ..TimeParts::default()
        };
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
            let r = if measure == "killed" {
                [lo, hi, 0, 0]
            } else {
                [0, 0, lo, hi]
            };
            parts.ranges.push((d, r));
        }
        for ((_, who), (d, n)) in claimed {
            parts.claimed.push((d, who, n));
        }
        Ok(parts)
    }

    /// Whether the summaries read the aggregates where the filter allows (always, but for
    /// the tests that compare them with a scan of the events).
    fn summaries_from_aggregates(&self) -> bool {
        !self.scan_only.get()
    }

    /// The `top` busiest actors of the matching events (by events taken part in, in any
    /// role) and the actor→recipient links among them, labelled with canonical names.
    pub fn network(&self, filter: &Filter, top: usize) -> Result<Network, StoreError> {
        self.network_inner(filter, top)
            .map_err(|e| e.at(self.path(), crate::browse::BUSY_MS))
    }

    fn network_inner(&self, filter: &Filter, top: usize) -> Result<Network, Fail> {
        // Activity per (actor, country): from the aggregates for whole months, from the
        // events for the rest (the months the date filter's ends fall in, or everything when
        // the filter names an actor, place, country or words).
        let (agg, scan) = self.network_sources(filter);
        let mut nodes: HashMap<String, NodeAcc> = HashMap::new();
        let mut add_node = |r: &rusqlite::Row| -> rusqlite::Result<()> {
            let key: String = r.get(0)?;
            let country: String = r.get(1)?;
            let n = nodes.entry(key).or_default();
            let events = to_u(r.get(2)?);
            n.events += events;
            n.as_actor += to_u(r.get(3)?);
            n.as_recipient += to_u(r.get(4)?);
            *n.countries.entry(country).or_default() += events;
            Ok(())
        };
        if let Some((cond, vals)) = &agg {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT key, country, sum(events), sum(as_actor), sum(as_recipient)
                 FROM agg_actors WHERE 1 = 1{cond} GROUP BY key, country"
            ))?;
            let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
            while let Some(r) = rows.next()? {
                add_node(r)?;
            }
        }
        // Links read from the events, kept until the chosen actors are known.
        let mut scan_edges: HashMap<(String, String, String), usize> = HashMap::new();
        if let Some((cond, vals)) = &scan {
            let (scan_nodes, links) = self.network_scan(cond, vals)?;
            for ((key, country), (events, as_actor, as_recipient)) in scan_nodes {
                let n = nodes.entry(key).or_default();
                n.events += events;
                n.as_actor += as_actor;
                n.as_recipient += as_recipient;
                *n.countries.entry(country).or_default() += events;
            }
            scan_edges = links;
        }
        let mut order: Vec<(&String, &NodeAcc)> =
            nodes.iter().filter(|(_, n)| n.events > 0).collect();
        order.sort_by(|a, b| b.1.events.cmp(&a.1.events).then_with(|| a.0.cmp(b.0)));
        let actors = order.len();
        order.truncate(top);
        let chosen: HashSet<&str> = order.iter().map(|(k, _)| k.as_str()).collect();
        // Links among the chosen actors.
        let mut edges: HashMap<(String, String), NetEdge> = HashMap::new();
        let mut add_edge = |r: &rusqlite::Row| -> rusqlite::Result<()> {
            let (a, b) = (r.get_ref(0)?.as_str()?, r.get_ref(1)?.as_str()?);
            if !chosen.contains(a) || !chosen.contains(b) {
                return Ok(());
            }
            let n = to_u(r.get(3)?);
            let e = edges
                .entry((a.to_string(), b.to_string()))
                .or_insert_with(|| NetEdge {
                    source: a.to_string(),
                    target: b.to_string(),
                    events: 0,
                    by_type: BTreeMap::new(),
                });
            e.events += n;
            *e.by_type.entry(r.get(2)?).or_default() += n;
            Ok(())
        };
        if let Some((cond, vals)) = &agg {
            // Only the rows among the chosen actors (keys lead, so these are range reads).
            let list = vec!["?"; chosen.len()].join(", ");
            let mut vals = vals.clone();
            for _ in 0..2 {
                vals.extend(chosen.iter().map(|k| Value::Text(k.to_string())));
            }
            let mut stmt = self.conn.prepare(&format!(
                "SELECT source, target, type, sum(events) FROM agg_edges
                 WHERE 1 = 1{cond} AND source IN ({list}) AND target IN ({list})
                 GROUP BY source, target, type"
            ))?;
            let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
            while let Some(r) = rows.next()? {
                add_edge(r)?;
            }
        }
        for ((a, b, ty), n) in scan_edges {
            if !chosen.contains(a.as_str()) || !chosen.contains(b.as_str()) {
                continue;
            }
            let e = edges
                .entry((a.clone(), b.clone()))
                .or_insert_with(|| NetEdge {
                    source: a,
                    target: b,
                    events: 0,
                    by_type: BTreeMap::new(),
                });
            e.events += n;
            *e.by_type.entry(ty).or_default() += n;
        }
        let mut edges: Vec<NetEdge> = edges.into_values().collect();
        edges.sort_by(|a, b| {
            b.events
                .cmp(&a.events)
                .then_with(|| a.source.cmp(&b.source))
                .then_with(|| a.target.cmp(&b.target))
        });
        // Canonical names of entities; a party with no entity is named by its key (its
        // name), one whose entity is not stored by the name a report gave it.
        let mut entity = self
            .conn
            .prepare_cached("SELECT name, country FROM entities WHERE id = ?1")?;
        let mut party_name = self
            .conn
            .prepare_cached("SELECT name FROM event_parties WHERE entity = ?1 LIMIT 1")?;
        let mut out = Vec::with_capacity(order.len());
        for (key, n) in order {
            // The country the actor was given in most events.
            let country = n
                .countries
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(c, _)| c.clone())
                .filter(|c| !c.is_empty());
            let canon: Option<(String, Option<String>)> = entity
                .query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))?
                .next()
                .transpose()?;
            let (name, country) = match canon {
                Some((name, c)) => (name, c.or(country)),
                None => {
                    let name: Option<String> = party_name
                        .query_map([key], |r| r.get(0))?
                        .next()
                        .transpose()?;
                    (name.unwrap_or_else(|| key.clone()), country)
                }
            };
            out.push(NetNode {
                id: key.clone(),
                name,
                country,
                events: n.events,
                as_actor: n.as_actor,
                as_recipient: n.as_recipient,
            });
        }
        Ok(Network {
            actors,
            nodes: out,
            edges,
        })
    }

    /// The network's counts from the matching events themselves, as `aggregate::REFRESH`
    /// counts them: per (actor, country) the events, as actor, as recipient (an actor's
    /// country in an event is the largest it was given there), and per (actor, recipient,
    /// type) the events. One pass over the parties, keys interned.
    #[allow(clippy::type_complexity)]
    fn network_scan(
        &self,
        cond: &str,
        vals: &[Value],
    ) -> Result<
        (
            HashMap<(String, String), (usize, usize, usize)>,
            HashMap<(String, String, String), usize>,
        ),
        Fail,
    > {
        let mut keys: Vec<String> = Vec::new();
        let mut key_ix: HashMap<String, usize> = HashMap::new();
        let mut types: Vec<String> = Vec::new();
        // Event row id -> (type index, parties as (is actor, key index, country)).
        let mut events: HashMap<i64, (usize, Vec<(bool, usize, Option<String>)>)> = HashMap::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT e.rowid, e.type, p.role, coalesce(p.entity, p.name), p.country
             FROM event_parties p JOIN events e ON e.id = p.event_id WHERE 1 = 1{cond}"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
        while let Some(r) = rows.next()? {
            let key = r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
            let k = match key_ix.get(key) {
                Some(&k) => k,
                None => {
                    keys.push(key.to_string());
                    key_ix.insert(key.to_string(), keys.len() - 1);
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
                .push((is_actor, k, r.get(4)?));
        }
        let mut nodes: HashMap<(String, String), (usize, usize, usize)> = HashMap::new();
        let mut links: HashMap<(String, String, String), usize> = HashMap::new();
        for (t, parts) in events.into_values() {
            // Per actor of the event: acts, is acted on, its largest country.
            let mut per: BTreeMap<usize, (bool, bool, Option<String>)> = BTreeMap::new();
            for (is_actor, k, country) in parts {
                let e = per.entry(k).or_insert((false, false, None));
                e.0 |= is_actor;
                e.1 |= !is_actor;
                if country > e.2 {
                    e.2 = country;
                }
            }
            for (&k, (a, r, c)) in &per {
                let key = keys.get(k).cloned().unwrap_or_default();
                let n = nodes
                    .entry((key, c.clone().unwrap_or_default()))
                    .or_default();
                n.0 += 1;
                n.1 += usize::from(*a);
                n.2 += usize::from(*r);
            }
            let ty = types.get(t).cloned().unwrap_or_default();
            for (&a, (is_a, _, _)) in &per {
                for (&b, (_, is_r, _)) in &per {
                    if *is_a && *is_r && a != b {
                        let key = |k: usize| keys.get(k).cloned().unwrap_or_default();
                        *links.entry((key(a), key(b), ty.clone())).or_default() += 1;
                    }
                }
            }
        }
        Ok((nodes, links))
    }

    /// Where the network's counts come from: the aggregates (conditions on `agg_actors` and
    /// `agg_edges`) and the events (conditions on `events e`), each with its parameters.
    #[allow(clippy::type_complexity)]
    fn network_sources(
        &self,
        filter: &Filter,
    ) -> (Option<(String, Vec<Value>)>, Option<(String, Vec<Value>)>) {
        if !self.summaries_from_aggregates() || !by_type_and_dates(filter) {
            return (None, Some(sql_filter(filter)));
        }
        let month = |d: NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
        let mut cond = String::new();
        let mut vals: Vec<Value> = Vec::new();
        if let Some(t) = filter.event_type {
            cond.push_str(" AND type = ?");
            vals.push(Value::Text(t.as_str().into()));
        }
        // Whole months only: a month an end of the filter falls in is read from the events,
        // as date ranges that the indexes on either end of the dates find.
        let mut edges = Vec::new();
        let (mut scond, mut svals) = sql_filter(filter);
        if let Some(d) = filter.since {
            cond.push_str(" AND month_end > ?");
            vals.push(Value::Text(month(d)));
            edges.push("(e.date_end >= ? AND e.date_end < ?)");
            svals.push(Value::Text(d.to_string()));
            svals.push(Value::Text(
                Grain::Month.next(Grain::Month.start(d)).to_string(),
            ));
        }
        if let Some(d) = filter.until {
            cond.push_str(" AND month <> '' AND month < ?");
            vals.push(Value::Text(month(d)));
            edges.push("(e.date_start >= ? AND e.date_start <= ?)");
            svals.push(Value::Text(Grain::Month.start(d).to_string()));
            svals.push(Value::Text(d.to_string()));
        }
        if edges.is_empty() {
            return (Some((cond, vals)), None);
        }
        scond.push_str(&format!(" AND ({})", edges.join(" OR ")));
        (Some((cond, vals)), Some((scond, svals)))
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

/// What a time summary is made of, each list additive (rows may repeat a key).
#[derive(Default)]
struct TimeParts {
    /// Events per start day (none: undated) and type.
    per_day: Vec<(Option<NaiveDate>, String, usize)>,
    /// Casualty ranges of dated assaults per day: killed low, high, injured low, high.
    ranges: Vec<(NaiveDate, [u64; 4])>,
    /// Killed per day and claimant (each claimant's largest figure per event, summed).
    claimed: Vec<(NaiveDate, String, u64)>,
}

/// Whether the filter narrows by type and dates only, which the aggregates answer.
fn by_type_and_dates(f: &Filter) -> bool {
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    blank(&f.actor)
        && blank(&f.country)
        && blank(&f.place)
        && f.text.as_deref().is_none_or(|t| search_words(t).is_empty())
}

/// The type and date conditions of a filter on `agg_days` / `agg_claims` (whose keys hold
/// both ends of each event's dates, so the answer is exact): ends on or after `since`,
/// starts on or before `until`, undated events (`''`) matching neither.
fn agg_day_filter(f: &Filter) -> (String, Vec<Value>) {
    let mut cond = String::new();
    let mut vals = Vec::new();
    if let Some(t) = f.event_type {
        cond.push_str(" AND type = ?");
        vals.push(Value::Text(t.as_str().into()));
    }
    if let Some(d) = f.since {
        cond.push_str(" AND day_end <> '' AND day_end >= ?");
        vals.push(Value::Text(d.to_string()));
    }
    if let Some(d) = f.until {
        cond.push_str(" AND day <> '' AND day <= ?");
        vals.push(Value::Text(d.to_string()));
    }
    (cond, vals)
}

/// An actor's activity while the network is summed up.
#[derive(Default)]
struct NodeAcc {
    events: usize,
    as_actor: usize,
    as_recipient: usize,
    /// Events per country the actor was given (`''`: none).
    countries: HashMap<String, usize>,
}

/// Bins the parts on a time axis of `grain` (chosen from the dated range when `None`).
fn time_summary_of(parts: TimeParts, grain: Option<Grain>) -> TimeSummary {
    let TimeParts {
        per_day,
        ranges,
        claimed,
    } = parts;
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
    for (d, [klo, khi, ilo, ihi]) in ranges {
        let k = bin_of(&mut bins, d);
        if let Some(b) = bins.get_mut(&k) {
            b.killed_low += klo;
            b.killed_high += khi;
            b.injured_low += ilo;
            b.injured_high += ihi;
        }
    }
    let mut totals: HashMap<&str, u64> = HashMap::new();
    for (_, who, n) in &claimed {
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
    for (d, who, n) in claimed {
        if !top.contains(&who) {
            continue;
        }
        let k = bin_of(&mut bins, d);
        if let Some(b) = bins.get_mut(&k) {
            *b.killed_by_claimant.entry(who).or_default() += n;
        }
    }
    sum.bins = bins.into_values().collect();
    sum
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
