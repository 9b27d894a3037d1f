//! How query results look in `sitrep-io`'s writers (aligned table on a terminal, JSON Lines,
//! JSON, CSV), so that every store command prints the way `sitrep extract` does.

use crate::export::{csv_row, table_row};
use crate::{ActorSummary, ClaimedFigure, SearchHit, Stats, StoredEvent};
use chrono::NaiveDate;
use serde::Serialize;
use sitrep_io::{EntityNames, Record, display_name};
use sitrep_model::Party;
use std::collections::BTreeMap;

/// Cuts `s` to `n` characters (marking the cut) and pads it to `n`.
fn cell(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > n {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        format!("{s:<n$}")
    }
}

/// Fixed columns, then whatever width is left for the last one.
fn line(cols: &[(&str, usize)], last: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for (text, n) in cols {
        out.push_str(&cell(text, *n));
        out.push(' ');
        used += n + 1;
    }
    out.push_str(&cell(last, width.saturating_sub(used).max(12)));
    out.trim_end().to_string()
}

/// Width of the id column: an event id (`ev_` and 16 hex digits) fits; a longer id (a
/// merged record's `~` suffix, a document id) is printed whole and shifts its line rather
/// than being cut, since it is what `sitrep events --id` takes.
const ID_WIDTH: usize = 19;

fn full_id(id: &str, rest: &str) -> String {
    format!("{id:<ID_WIDTH$} {rest}")
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".to_string(), |d| d.to_string())
}

/// The parties by their entity's canonical name (the event's own `entity_names`, else the
/// writer's), else by the name the report gave.
fn names(ps: &[Party], own: &BTreeMap<String, String>, writer: &EntityNames) -> String {
    ps.iter()
        .map(|p| match p.entity.as_ref().and_then(|e| own.get(e)) {
            Some(canonical) => canonical.as_str(),
            None => display_name(p, writer),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn figures_short(e: &StoredEvent) -> String {
    let mut parts: Vec<String> = Vec::new();
    for f in &e.figures {
        let c = f.count.map_or_else(|| "?".into(), |c| c.to_string());
        let s = match &f.claimed_by {
            Some(by) => format!("{} {c} ({by})", f.measure),
            None => format!("{} {c}", f.measure),
        };
        if !parts.contains(&s) {
            parts.push(s);
        }
    }
    parts.join("; ")
}

/// `Reuters, AP (2)`: the sources of an event by outlet (else document id).
fn sources_short(e: &StoredEvent) -> String {
    let mut outlets: Vec<&str> = Vec::new();
    for s in &e.sources {
        let o = s.source.as_deref().unwrap_or(&s.doc);
        if !outlets.contains(&o) {
            outlets.push(o);
        }
    }
    format!("{} ({})", outlets.join(", "), e.sources.len())
}

impl Record for StoredEvent {
    const KIND: Option<&'static str> = Some("event");

    fn csv_header() -> Vec<&'static str> {
        sitrep_io::table::event_columns()
    }

    fn csv_row(&self) -> Vec<String> {
        csv_row(self)
    }

    fn parquet_schema() -> Option<&'static [sitrep_io::table::Node]> {
        Some(sitrep_io::table::event_schema())
    }

    fn parquet_row(&self) -> Vec<sitrep_io::table::Value> {
        table_row(self)
    }

    fn table_header(width: usize) -> String {
        full_id(
            "event",
            &line(
                &[
                    ("date", 10),
                    ("type", 9),
                    ("actors → recipients", 30),
                    ("location", 16),
                    ("figures", 26),
                ],
                "sources (documents)",
                width.saturating_sub(ID_WIDTH + 1),
            ),
        )
    }

    fn table_row(&self, width: usize, writer_names: &EntityNames) -> String {
        let r = &self.record;
        let names = |ps: &[Party]| names(ps, &self.entity_names, writer_names);
        let who = if r.recipients.is_empty() {
            names(&r.actors)
        } else {
            format!("{} → {}", names(&r.actors), names(&r.recipients))
        };
        let mut kind = r.event_type.as_str().to_string();
        if r.aux.is_some() {
            kind.push('?');
        }
        let loc = r
            .location
            .as_ref()
            .map_or_else(String::new, |l| match &l.country {
                Some(c) => format!("{} ({c})", l.name),
                None => l.name.clone(),
            });
        full_id(
            &r.id,
            &line(
                &[
                    (&date(r.date.as_ref().and_then(|d| d.start)), 10),
                    (&kind, 9),
                    (&who, 30),
                    (&loc, 16),
                    (&figures_short(self), 26),
                ],
                &sources_short(self),
                width.saturating_sub(ID_WIDTH + 1),
            ),
        )
    }
}

fn by_type(a: &ActorSummary) -> String {
    let mut v: Vec<(&String, &usize)> = a.by_type.iter().collect();
    v.sort_by(|x, y| y.1.cmp(x.1).then_with(|| x.0.cmp(y.0)));
    v.iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn counterparties(a: &ActorSummary) -> String {
    a.counterparties
        .iter()
        .map(|(n, c)| format!("{n} {c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Record for ActorSummary {
    fn csv_header() -> Vec<&'static str> {
        vec![
            "key",
            "name",
            "entity",
            "country",
            "as_actor",
            "as_recipient",
            "by_type",
            "counterparties",
        ]
    }

    fn csv_row(&self) -> Vec<String> {
        vec![
            self.key.clone(),
            self.name.clone(),
            self.entity.clone().unwrap_or_default(),
            self.country.clone().unwrap_or_default(),
            self.as_actor.to_string(),
            self.as_recipient.to_string(),
            by_type(self),
            counterparties(self),
        ]
    }

    fn table_header(width: usize) -> String {
        line(
            &[
                ("actor", 26),
                ("cty", 5),
                ("acts", 5),
                ("target", 6),
                ("by type", 30),
            ],
            "counterparties",
            width,
        )
    }

    fn table_row(&self, width: usize, _: &EntityNames) -> String {
        line(
            &[
                (&self.name, 26),
                (self.country.as_deref().unwrap_or("-"), 5),
                (&self.as_actor.to_string(), 5),
                (&self.as_recipient.to_string(), 6),
                (&by_type(self), 30),
            ],
            &counterparties(self),
            width,
        )
    }
}

/// One line of `sitrep stats`: events of one type on one day, with the casualties reported
/// for that day's assaults (a low–high range over the sources' differing figures).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsRow {
    pub date: Option<NaiveDate>,
    #[serde(rename = "type")]
    pub event_type: String,
    pub events: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub killed: Option<(u64, u64)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub injured: Option<(u64, u64)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<ClaimedFigure>,
}

impl StatsRow {
    /// Flattens [`Stats`] into rows, casualty columns on the ASSAULT rows.
    pub fn rows(stats: &Stats) -> Vec<StatsRow> {
        stats
            .per_day
            .iter()
            .map(|d| {
                let cas = (d.event_type == "ASSAULT")
                    .then(|| stats.casualties.iter().find(|c| c.date == d.date))
                    .flatten()
                    .filter(|c| !c.figures.is_empty());
                StatsRow {
                    date: d.date,
                    event_type: d.event_type.clone(),
                    events: d.events,
                    killed: cas
                        .filter(|c| c.figures.iter().any(|f| f.measure == "killed"))
                        .map(|c| (c.killed_low, c.killed_high)),
                    injured: cas
                        .filter(|c| c.figures.iter().any(|f| f.measure == "injured"))
                        .map(|c| (c.injured_low, c.injured_high)),
                    figures: cas.map(|c| c.figures.clone()).unwrap_or_default(),
                }
            })
            .collect()
    }

    fn claims(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for f in &self.figures {
            let c = f.count.map_or_else(|| "?".into(), |c| c.to_string());
            let by = f.claimed_by.as_deref().unwrap_or(&f.doc);
            let s = format!("{} {c} per {by}", f.measure);
            if !parts.contains(&s) {
                parts.push(s);
            }
        }
        parts.join("; ")
    }
}

fn range(r: Option<(u64, u64)>) -> String {
    match r {
        Some((lo, hi)) if lo == hi => lo.to_string(),
        Some((lo, hi)) => format!("{lo}–{hi}"),
        None => String::new(),
    }
}

impl Record for StatsRow {
    fn csv_header() -> Vec<&'static str> {
        vec![
            "date",
            "type",
            "events",
            "killed_low",
            "killed_high",
            "injured_low",
            "injured_high",
            "claims",
        ]
    }

    fn csv_row(&self) -> Vec<String> {
        let part = |r: Option<(u64, u64)>, hi: bool| {
            r.map(|(a, b)| if hi { b } else { a }.to_string())
                .unwrap_or_default()
        };
        vec![
            self.date.map(|d| d.to_string()).unwrap_or_default(),
            self.event_type.clone(),
            self.events.to_string(),
            part(self.killed, false),
            part(self.killed, true),
            part(self.injured, false),
            part(self.injured, true),
            self.claims(),
        ]
    }

    fn table_header(width: usize) -> String {
        line(
            &[
                ("date", 10),
                ("type", 10),
                ("events", 6),
                ("killed", 9),
                ("injured", 9),
            ],
            "who says so",
            width,
        )
    }

    fn table_row(&self, width: usize, _: &EntityNames) -> String {
        line(
            &[
                (&date(self.date), 10),
                (&self.event_type, 10),
                (&self.events.to_string(), 6),
                (&range(self.killed), 9),
                (&range(self.injured), 9),
            ],
            &self.claims(),
            width,
        )
    }
}

impl Record for SearchHit {
    fn csv_header() -> Vec<&'static str> {
        vec![
            "kind",
            "doc",
            "title",
            "published",
            "event",
            "score",
            "snippet",
        ]
    }

    fn csv_row(&self) -> Vec<String> {
        vec![
            self.kind.clone(),
            self.doc.clone(),
            self.title.clone().unwrap_or_default(),
            self.published.map(|d| d.to_string()).unwrap_or_default(),
            self.event.clone().unwrap_or_default(),
            format!("{:.3}", self.score),
            self.snippet.clone(),
        ]
    }

    fn table_header(width: usize) -> String {
        full_id(
            "event / document",
            &line(
                &[("in", 8), ("published", 10), ("title", 24)],
                "passage",
                width.saturating_sub(ID_WIDTH + 1),
            ),
        )
    }

    fn table_row(&self, width: usize, _: &EntityNames) -> String {
        // The id in full (it is what `sitrep events --id` takes); the title may be cut.
        let id = self.event.as_deref().unwrap_or(&self.doc);
        let title = self.title.clone().unwrap_or_default();
        full_id(
            id,
            &line(
                &[(&self.kind, 8), (&date(self.published), 10), (&title, 24)],
                &self.snippet,
                width.saturating_sub(ID_WIDTH + 1),
            ),
        )
    }
}

/// A stored event laid out for reading on a terminal (`sitrep events --id`).
pub fn describe(e: &StoredEvent) -> String {
    use std::fmt::Write as _;
    let r = &e.record;
    let mut s = String::new();
    // The entity's canonical name, with the report's words after it where they differ:
    // `Russia [RUS] ("Moscow's forces")`.
    let party = |p: &Party| {
        let canonical = p.entity.as_ref().and_then(|id| e.entity_names.get(id));
        let mut out = canonical.unwrap_or(&p.name).clone();
        if let Some(c) = &p.country {
            let _ = write!(out, " [{c}]");
        }
        if canonical.is_some_and(|c| *c != p.name) {
            let _ = write!(out, " (\"{}\")", p.name);
        }
        out
    };
    let _ = writeln!(s, "event     {}", r.id);
    let mut kind = r.event_type.as_str().to_string();
    if let Some(a) = r.aux.and_then(|a| serde_json::to_value(a).ok()) {
        let _ = write!(kind, " ({})", a.as_str().unwrap_or(""));
    }
    let _ = writeln!(s, "type      {kind}");
    if let Some(d) = &r.date {
        let _ = writeln!(
            s,
            "date      {} – {} ({:?}{})",
            date(d.start),
            date(d.end),
            d.precision,
            d.text
                .as_ref()
                .map(|t| format!(", \"{t}\""))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(
        s,
        "actors    {}",
        r.actors.iter().map(party).collect::<Vec<_>>().join("; ")
    );
    if !r.recipients.is_empty() {
        let _ = writeln!(
            s,
            "targets   {}",
            r.recipients
                .iter()
                .map(party)
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    if let Some(l) = &r.location {
        let _ = writeln!(
            s,
            "place     {}{}{}",
            l.name,
            l.country
                .as_ref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default(),
            if l.inferred {
                " (from the dateline)"
            } else {
                ""
            }
        );
    }
    for f in &e.figures {
        let c = f.count.map_or_else(|| "?".into(), |c| c.to_string());
        let _ = writeln!(
            s,
            "figure    {} {c} {} ({}) per {} [{}]",
            f.measure,
            f.unit,
            f.qualifier,
            f.claimed_by.as_deref().unwrap_or("the report"),
            f.doc
        );
    }
    for c in &r.claimed_by {
        let _ = writeln!(s, "claimed   {}", c.name);
    }
    for src in &e.sources {
        let _ = writeln!(
            s,
            "source    {} {} {}{}",
            src.doc,
            date(src.published),
            src.source.as_deref().unwrap_or(""),
            src.title
                .as_ref()
                .map(|t| format!(": {t}"))
                .unwrap_or_default()
        );
    }
    for ev in &r.evidence {
        let _ = writeln!(
            s,
            "evidence  [{} s{} {}..{}] {}",
            ev.doc, ev.sentence, ev.start, ev.end, ev.text
        );
    }
    s
}
