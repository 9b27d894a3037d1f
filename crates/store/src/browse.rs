//! Read-only queries for browsing clients (the HTTP API and web UI of `sitrep serve`): pages
//! of events with a total, whole documents, actor→recipient pairs and located events. They
//! are SQL aggregates so that a 100,000-event store answers without assembling every event.

use crate::common::{Dialect, filter_sql, parse_date, to_i, to_u};
use crate::error::Fail;
use crate::{Filter, SqliteStore, Store, StoreError, StoredEvent};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use rusqlite::types::Value;
use serde::Serialize;
use sitrep_model::Document;

/// What a busy error reports having waited (the default busy timeout).
pub(crate) const BUSY_MS: u64 = 5000;

/// One page of a timeline and how many events match in all, so a client can page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventPage {
    pub total: usize,
    pub offset: usize,
    pub events: Vec<StoredEvent>,
}

/// How often one party acted on another, by event type: an edge of the actor network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dyad {
    /// Entity id, else the party's name.
    pub actor: String,
    pub actor_name: String,
    pub actor_country: Option<String>,
    pub recipient: String,
    pub recipient_name: String,
    pub recipient_country: Option<String>,
    #[serde(rename = "type")]
    pub event_type: String,
    pub events: usize,
}

/// An event with coordinates, for a map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapPoint {
    pub event: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub date: Option<NaiveDate>,
    pub place: Option<String>,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
}

/// The filter's SQL conditions with SQLite parameter values.
pub(crate) fn sql_filter(filter: &Filter) -> (String, Vec<Value>) {
    let (cond, vals) = filter_sql(filter, Dialect::Sqlite, 1);
    (cond, vals.into_iter().map(Value::Text).collect())
}

impl SqliteStore {
    fn browse_fail(&self, e: Fail) -> StoreError {
        e.at(self.path(), BUSY_MS)
    }

    /// Events `offset..offset + limit` of the filtered timeline (the filter's own limit is
    /// ignored) with the number of matching events.
    pub fn event_page(
        &self,
        filter: &Filter,
        offset: usize,
        limit: usize,
    ) -> Result<EventPage, StoreError> {
        self.page_inner(filter, offset, limit)
            .map_err(|e| self.browse_fail(e))
    }

    fn page_inner(&self, filter: &Filter, offset: usize, limit: usize) -> Result<EventPage, Fail> {
        let (cond, mut vals) = sql_filter(filter);
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM events e WHERE 1 = 1{cond}"),
            rusqlite::params_from_iter(vals.iter()),
            |r| r.get(0),
        )?;
        vals.extend([Value::Integer(to_i(limit)), Value::Integer(to_i(offset))]);
        let ids: Vec<String> = self
            .conn
            .prepare(&format!(
                "SELECT e.id FROM events e WHERE 1 = 1{cond}
                 ORDER BY e.date_start IS NULL, e.date_start, e.id LIMIT ? OFFSET ?"
            ))?
            .query_map(rusqlite::params_from_iter(vals), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut events = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(ev) = self.event(&id).map_err(Fail::Store)? {
                events.push(ev);
            }
        }
        Ok(EventPage {
            total: to_u(total),
            offset,
            events,
        })
    }

    /// A stored document with its full text, for showing evidence in context.
    pub fn document(&self, id: &str) -> Result<Option<Document>, StoreError> {
        let r = self
            .conn
            .query_row(
                "SELECT id, title, published, url, source, language, text FROM documents WHERE id = ?1",
                [id],
                |r| {
                    Ok(Document {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        published: parse_date(r.get(2)?),
                        url: r.get(3)?,
                        source: r.get(4)?,
                        language: r.get(5)?,
                        text: r.get(6)?,
                        origin: None,
                    })
                },
            )
            .optional();
        r.map_err(|e| self.browse_fail(e.into()))
    }

    /// Actor→recipient pairs of the matching events with counts by type, busiest first, at
    /// most `limit` pairs.
    pub fn dyads(&self, filter: &Filter, limit: usize) -> Result<Vec<Dyad>, StoreError> {
        self.dyads_inner(filter, limit)
            .map_err(|e| self.browse_fail(e))
    }

    fn dyads_inner(&self, filter: &Filter, limit: usize) -> Result<Vec<Dyad>, Fail> {
        let (cond, mut vals) = sql_filter(filter);
        vals.push(Value::Integer(to_i(limit)));
        let sql = format!(
            "SELECT coalesce(a.entity, a.name), min(a.name), min(a.country),
                    coalesce(r.entity, r.name), min(r.name), min(r.country),
                    e.type, count(DISTINCT e.id) AS n
             FROM events e
             JOIN event_parties a ON a.event_id = e.id AND a.role = 'actor'
             JOIN event_parties r ON r.event_id = e.id AND r.role = 'recipient'
             WHERE a.pkey <> r.pkey{cond}
             GROUP BY 1, 4, 7 ORDER BY n DESC, 1, 4, 7 LIMIT ?"
        );
        let rows = self
            .conn
            .prepare(&sql)?
            .query_map(rusqlite::params_from_iter(vals), |r| {
                Ok(Dyad {
                    actor: r.get(0)?,
                    actor_name: r.get(1)?,
                    actor_country: r.get(2)?,
                    recipient: r.get(3)?,
                    recipient_name: r.get(4)?,
                    recipient_country: r.get(5)?,
                    event_type: r.get(6)?,
                    events: to_u(r.get(7)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Matching events whose place has coordinates, in timeline order, at most `limit`.
    pub fn located(&self, filter: &Filter, limit: usize) -> Result<Vec<MapPoint>, StoreError> {
        self.located_inner(filter, limit)
            .map_err(|e| self.browse_fail(e))
    }

    fn located_inner(&self, filter: &Filter, limit: usize) -> Result<Vec<MapPoint>, Fail> {
        let (cond, mut vals) = sql_filter(filter);
        vals.push(Value::Integer(to_i(limit)));
        let sql = format!(
            "SELECT id, type, date_start, loc_name, loc_country, lat, lon FROM (
                SELECT e.id, e.type, e.date_start, e.loc_name, e.loc_country,
                       json_extract(e.location, '$.lat') AS lat,
                       json_extract(e.location, '$.lon') AS lon
                FROM events e WHERE e.location IS NOT NULL{cond}
                ORDER BY e.date_start IS NULL, e.date_start, e.id)
             WHERE lat IS NOT NULL AND lon IS NOT NULL LIMIT ?"
        );
        let rows = self
            .conn
            .prepare(&sql)?
            .query_map(rusqlite::params_from_iter(vals), |r| {
                Ok(MapPoint {
                    event: r.get(0)?,
                    event_type: r.get(1)?,
                    date: parse_date(r.get(2)?),
                    place: r.get(3)?,
                    country: r.get(4)?,
                    lat: r.get(5)?,
                    lon: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}
