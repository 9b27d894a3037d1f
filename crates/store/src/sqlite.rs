//! The embedded backend: one SQLite file in WAL mode.
//!
//! Every batch is one `BEGIN IMMEDIATE … COMMIT` transaction, so a crash, a full disk or a
//! SIGKILL mid-batch leaves the file as it was after the previous batch, and re-running the
//! same ingest skips what is already there (documents are keyed by id and content hash).
//! What to write and how to merge is decided in [`crate::common`]; this file holds the SQL.

use crate::common::{
    self, ActorsAgg, Dialect, EVENT_COLUMNS, EventAggregates, EventCols, FigureRow, Ops, PartyRow,
    REPORT_COLUMNS, RawRow, Reader, ReportCols, StatsAgg, StoredRep, WinCols, filter_sql,
    kind_from, parse_date, to_i, to_u,
};
use crate::error::{Fail, StoreError};
use crate::merge::fold;
use crate::schema::{AGG_VERSION, APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
use crate::{
    ActorSummary, ClaimedFigure, Counts, DayTypeCount, DocInput, FailedDocument, Figure, Filter,
    IngestReport, SearchHit, SourceRef, Stats, Store, StoredEvent,
};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use sitrep_model::{Claimant, Document, EntityRecord, Evidence, MentionRef, Party, QuoteRecord};
use std::path::Path;
use std::time::Duration;

/// How to open a database.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// How long to wait for another process's write lock before giving up with
    /// [`StoreError::Locked`].
    pub busy_timeout: Duration,
    /// Create the file when missing (off for read-only commands, so a typo in `--db` is an
    /// error rather than a new empty database).
    pub create: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            busy_timeout: Duration::from_secs(5),
            create: true,
        }
    }
}

/// A sitrep store in one SQLite file.
pub struct SqliteStore {
    pub(crate) conn: Connection,
    path: String,
    busy_ms: u64,
    /// Summaries computed from the events even where the aggregates could answer (tests
    /// and benchmarks compare the two ways).
    pub(crate) scan_only: std::cell::Cell<bool>,
}

/// Free words as an FTS5 query that cannot be a syntax error: every word quoted, all required
/// (the `--text` filter; searches use [`crate::query`]).
pub(crate) fn fts_query_of(words: &[&str]) -> String {
    words
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The SQLite side of [`Ops`] and [`Reader`]: statements on one connection (inside the
/// batch's transaction when writing), prepared once and cached.
struct Lite<'a>(&'a Connection);

impl Lite<'_> {
    fn reps(&mut self, sql: &str, p: impl rusqlite::Params) -> Result<Vec<StoredRep>, Fail> {
        Ok(self
            .0
            .prepare_cached(sql)?
            .query_map(p, |r| {
                Ok(StoredRep {
                    rid: r.get(0)?,
                    doc_id: r.get(1)?,
                    skey: r.get(2)?,
                    event_id: r.get(3)?,
                    comp: r.get(4)?,
                    record: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }
}

impl Ops for Lite<'_> {
    fn mark_dirty(&mut self, event_id: &str) -> Result<(), Fail> {
        self.0
            .prepare_cached("INSERT OR IGNORE INTO agg_dirty (event_id) VALUES (?1)")?
            .execute([event_id])?;
        Ok(())
    }

    fn refresh_aggregates(&mut self) -> Result<(), Fail> {
        for s in crate::aggregate::REFRESH {
            self.0.prepare_cached(s)?.execute([])?;
        }
        Ok(())
    }

    fn doc_hash(&mut self, id: &str) -> Result<Option<String>, Fail> {
        Ok(self
            .0
            .prepare_cached("SELECT hash FROM documents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    fn insert_document(&mut self, d: &Document, hash: &str, now: i64) -> Result<(), Fail> {
        let c = self.0;
        c.prepare_cached(
            "INSERT INTO documents (id, title, published, url, source, language, hash, text, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            d.id,
            d.title,
            d.published.map(|p| p.to_string()),
            d.url,
            d.source,
            d.language,
            hash,
            d.text,
            now
        ])?;
        c.prepare_cached("INSERT INTO documents_fts(rowid, title, text) VALUES (?1, ?2, ?3)")?
            .execute(params![c.last_insert_rowid(), d.title, d.text])?;
        Ok(())
    }

    fn delete_document(&mut self, doc_id: &str) -> Result<Vec<String>, Fail> {
        let c = self.0;
        let affected: Vec<String> = c
            .prepare_cached("SELECT DISTINCT event_id FROM reports WHERE doc_id = ?1")?
            .query_map([doc_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        c.prepare_cached(
            "INSERT INTO evidence_fts(evidence_fts, rowid, text)
             SELECT 'delete', rid, text FROM evidence WHERE doc_id = ?1",
        )?
        .execute([doc_id])?;
        c.prepare_cached(
            "INSERT INTO documents_fts(documents_fts, rowid, title, text)
             SELECT 'delete', rid, title, text FROM documents WHERE id = ?1",
        )?
        .execute([doc_id])?;
        for t in [
            "reports",
            "evidence",
            "event_figures",
            "event_claimants",
            "quotes",
            "entity_mentions",
        ] {
            c.prepare_cached(&format!("DELETE FROM {t} WHERE doc_id = ?1"))?
                .execute([doc_id])?;
        }
        c.prepare_cached("DELETE FROM documents WHERE id = ?1")?
            .execute([doc_id])?;
        Ok(affected)
    }

    fn clear_parties(&mut self, event_id: &str) -> Result<(), Fail> {
        self.0
            .prepare_cached("DELETE FROM event_parties WHERE event_id = ?1")?
            .execute([event_id])?;
        Ok(())
    }

    fn delete_event(&mut self, event_id: &str) -> Result<(), Fail> {
        let c = self.0;
        c.prepare_cached(
            "INSERT INTO evidence_fts(evidence_fts, rowid, text)
             SELECT 'delete', rid, text FROM evidence WHERE event_id = ?1",
        )?
        .execute([event_id])?;
        for t in [
            "event_parties",
            "event_figures",
            "event_claimants",
            "evidence",
        ] {
            c.prepare_cached(&format!("DELETE FROM {t} WHERE event_id = ?1"))?
                .execute([event_id])?;
        }
        c.prepare_cached("DELETE FROM events WHERE id = ?1")?
            .execute([event_id])?;
        Ok(())
    }

    fn doc_reports(&mut self, doc_id: &str) -> Result<Vec<(Option<i64>, String)>, Fail> {
        Ok(self
            .0
            .prepare_cached("SELECT comp, record_id FROM reports WHERE doc_id = ?1")?
            .query_map([doc_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?)
    }

    fn report_candidates(
        &mut self,
        ty: &str,
        class: i64,
        (from, to, lo): (i64, i64, i64),
        aux: Option<&str>,
    ) -> Result<Vec<StoredRep>, Fail> {
        self.reps(
            "SELECT rid, doc_id, NULL, '', comp, '' FROM reports
             WHERE type = ?1 AND win_class = ?2 AND win_lo BETWEEN ?3 AND ?4 AND win_hi >= ?5
               AND aux IS ?6",
            params![ty, class, from, to, lo, aux],
        )
    }

    fn report_record(&mut self, rid: i64) -> Result<String, Fail> {
        Ok(self
            .0
            .prepare_cached("SELECT record FROM reports WHERE rid = ?1")?
            .query_row([rid], |r| r.get(0))?)
    }

    fn comp_reports(&mut self, comp: i64) -> Result<Vec<StoredRep>, Fail> {
        self.reps(
            &format!("SELECT {REPORT_COLUMNS} FROM reports WHERE comp = ?1"),
            params![comp],
        )
    }

    fn unplaced_reports(&mut self) -> Result<Vec<StoredRep>, Fail> {
        self.reps(
            &format!("SELECT {REPORT_COLUMNS} FROM reports WHERE comp IS NULL AND event_id <> ''"),
            params![],
        )
    }

    fn set_report_window(&mut self, rid: i64, w: &WinCols) -> Result<(), Fail> {
        self.0
            .prepare_cached(
                "UPDATE reports SET type = ?2, aux = ?3, win_lo = ?4, win_hi = ?5, win_class = ?6
                 WHERE rid = ?1",
            )?
            .execute(params![rid, w.ty, w.aux, w.win_lo, w.win_hi, w.win_class])?;
        Ok(())
    }

    fn record_id_reports(
        &mut self,
        record_id: &str,
    ) -> Result<Vec<(i64, String, String, Option<i64>)>, Fail> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT rid, doc_id, coalesce(skey, '~' || char(31) || doc_id), comp FROM reports
                 WHERE record_id = ?1",
            )?
            .query_map([record_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?)
    }

    fn set_report_event(&mut self, rid: i64, event_id: &str) -> Result<(), Fail> {
        self.0
            .prepare_cached("UPDATE reports SET event_id = ?2 WHERE rid = ?1")?
            .execute(params![rid, event_id])?;
        Ok(())
    }

    fn set_report_comp(&mut self, rid: i64, comp: i64) -> Result<(), Fail> {
        self.0
            .prepare_cached("UPDATE reports SET comp = ?2 WHERE rid = ?1")?
            .execute(params![rid, comp])?;
        Ok(())
    }

    fn set_report_class(&mut self, rid: i64, class: i64) -> Result<(), Fail> {
        self.0
            .prepare_cached("UPDATE reports SET win_class = ?2 WHERE rid = ?1")?
            .execute(params![rid, class])?;
        Ok(())
    }

    fn comp_class(&mut self, comp: i64) -> Result<Option<i64>, Fail> {
        Ok(self
            .0
            .prepare_cached("SELECT win_class FROM reports WHERE comp = ?1 LIMIT 1")?
            .query_row([comp], |r| r.get(0))
            .optional()?)
    }

    fn event_candidates(
        &mut self,
        ty: &str,
        class: i64,
        (from, to, lo): (i64, i64, i64),
        aux: Option<&str>,
    ) -> Result<Vec<(String, Option<i64>, Option<i64>)>, Fail> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT e.id, r.comp, r.win_class FROM events e
                   JOIN reports r ON r.rid = (SELECT rid FROM reports WHERE event_id = e.id LIMIT 1)
                 WHERE e.type = ?1 AND e.win_class = ?2 AND e.win_lo BETWEEN ?3 AND ?4
                   AND e.win_hi >= ?5 AND e.aux IS ?6",
            )?
            .query_map(params![ty, class, from, to, lo, aux], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<Result<_, _>>()?)
    }

    fn move_children(&mut self, rid: i64, event_id: &str) -> Result<(), Fail> {
        for t in ["evidence", "event_figures", "event_claimants"] {
            self.0
                .prepare_cached(&format!("UPDATE {t} SET event_id = ?2 WHERE report = ?1"))?
                .execute(params![rid, event_id])?;
        }
        Ok(())
    }

    fn save_row(&mut self, id: &str, c: &EventCols) -> Result<(), Fail> {
        self.0
            .prepare_cached(
                "INSERT OR REPLACE INTO events (id, type, aux, date_start, date_end, precision, date_text,
                    win_lo, win_hi, win_class, loc_name, loc_country, location, mode, context,
                    actor_keys, recipient_keys, confidence, rule, n_reports)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            )?
            .execute(params![
                id,
                c.event_type,
                c.aux,
                c.date_start,
                c.date_end,
                c.precision,
                c.date_text,
                c.win_lo,
                c.win_hi,
                c.win_class,
                c.loc_name,
                c.loc_country,
                c.location,
                c.mode,
                c.context,
                c.actor_keys,
                c.recipient_keys,
                c.confidence,
                c.rule,
                c.n_reports,
            ])?;
        Ok(())
    }

    fn insert_report(&mut self, r: &ReportCols) -> Result<i64, Fail> {
        let w = &r.win;
        self.0
            .prepare_cached(
                "INSERT INTO reports (event_id, doc_id, record_id, record, skey, type, aux,
                    win_lo, win_hi, win_class)
                 VALUES ('', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                r.doc_id,
                r.record_id,
                r.json,
                r.skey,
                w.ty,
                w.aux,
                w.win_lo,
                w.win_hi,
                w.win_class
            ])?;
        Ok(self.0.last_insert_rowid())
    }

    fn insert_party(
        &mut self,
        event_id: &str,
        role: &str,
        pkey: &str,
        p: &Party,
    ) -> Result<bool, Fail> {
        let n = self.0
            .prepare_cached(
                "INSERT OR IGNORE INTO event_parties
                    (event_id, role, pkey, name, name_fold, entity, kind, country, sector, party_role)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                event_id,
                role,
                pkey,
                p.name,
                fold(&p.name),
                p.entity,
                p.kind.as_str(),
                p.country,
                p.sector,
                p.role
            ])?;
        Ok(n > 0)
    }

    fn event_aggregates(&mut self, event_id: &str) -> Result<Option<EventAggregates>, Fail> {
        let days = self
            .0
            .prepare_cached(
                "SELECT killed_lo, killed_hi, injured_lo, injured_hi FROM agg_ev_days
                 WHERE event_id = ?1",
            )?
            .query_row([event_id], |r| {
                Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?])
            })
            .optional()?;
        let Some(days) = days else { return Ok(None) };
        let claims = self
            .0
            .prepare_cached("SELECT claimant, killed FROM agg_ev_claims WHERE event_id = ?1")?
            .query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(Some(EventAggregates { days, claims }))
    }

    fn insert_figure(
        &mut self,
        event_id: &str,
        doc_id: &str,
        report: i64,
        f: &FigureRow,
    ) -> Result<(), Fail> {
        self.0
            .prepare_cached(
                "INSERT INTO event_figures (event_id, doc_id, report, measure, count, qualifier, unit, claimed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                event_id,
                doc_id,
                report,
                f.measure,
                f.count,
                f.qualifier,
                f.unit,
                f.claimed_by
            ])?;
        Ok(())
    }

    fn insert_claimant(
        &mut self,
        event_id: &str,
        doc_id: &str,
        report: i64,
        k: &Claimant,
    ) -> Result<(), Fail> {
        self.0
            .prepare_cached(
                "INSERT INTO event_claimants (event_id, doc_id, report, name, country, entity)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                event_id, doc_id, report, k.name, k.country, k.entity
            ])?;
        Ok(())
    }

    fn insert_evidence(
        &mut self,
        event_id: &str,
        doc_id: &str,
        report: i64,
        e: &Evidence,
        rule: &str,
    ) -> Result<(), Fail> {
        let c = self.0;
        c.prepare_cached(
            "INSERT INTO evidence (event_id, doc_id, report, sentence, start, end, text, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            event_id,
            doc_id,
            report,
            to_i(e.sentence),
            to_i(e.start),
            to_i(e.end),
            e.text,
            rule
        ])?;
        c.prepare_cached("INSERT INTO evidence_fts(rowid, text) VALUES (?1, ?2)")?
            .execute(params![c.last_insert_rowid(), e.text])?;
        Ok(())
    }

    fn entity(&mut self, id: &str) -> Result<Option<(Option<String>, String, String)>, Fail> {
        Ok(self
            .0
            .prepare_cached("SELECT country, roles, aliases FROM entities WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?)
    }

    fn insert_entity(&mut self, e: &EntityRecord, roles: &str, aliases: &str) -> Result<(), Fail> {
        self.0
            .prepare_cached(
                "INSERT INTO entities (id, name, kind, country, roles, aliases) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![e.id, e.name, e.kind.as_str(), e.country, roles, aliases])?;
        Ok(())
    }

    fn update_entity(
        &mut self,
        id: &str,
        country: Option<&str>,
        roles: &str,
        aliases: &str,
    ) -> Result<(), Fail> {
        self.0
            .prepare_cached(
                "UPDATE entities SET country = coalesce(country, ?2), roles = ?3, aliases = ?4 WHERE id = ?1",
            )?
            .execute(params![id, country, roles, aliases])?;
        Ok(())
    }

    fn insert_mention(
        &mut self,
        entity_id: &str,
        doc_id: &str,
        m: &MentionRef,
    ) -> Result<(), Fail> {
        self.0
            .prepare_cached(
                "INSERT INTO entity_mentions (entity_id, doc_id, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![entity_id, doc_id, to_i(m.start), to_i(m.end), m.text])?;
        Ok(())
    }

    fn record_failure(&mut self, f: &FailedDocument, now: i64) -> Result<(), Fail> {
        self.0
            .prepare_cached(
                "INSERT OR REPLACE INTO failed_documents (id, hash, error, failed_at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![f.id, f.hash, f.error, now])?;
        Ok(())
    }

    fn clear_failure(&mut self, id: &str) -> Result<(), Fail> {
        self.0
            .prepare_cached("DELETE FROM failed_documents WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    fn upsert_quote(&mut self, q: &QuoteRecord, doc_id: &str, json: &str) -> Result<(), Fail> {
        let sp = q.speaker.as_ref();
        self.0
            .prepare_cached(
                "INSERT OR REPLACE INTO quotes (id, doc_id, speaker_name, speaker_entity, speaker_country,
                    text, start, end, date_start, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                q.id,
                doc_id,
                sp.map(|s| s.name.clone()),
                sp.and_then(|s| s.entity.clone()),
                sp.and_then(|s| s.country.clone()),
                q.text,
                to_i(q.start),
                to_i(q.end),
                q.date.as_ref().and_then(|d| d.start).map(|d| d.to_string()),
                json
            ])?;
        Ok(())
    }
}

impl Reader for Lite<'_> {
    fn load_row(&mut self, id: &str) -> Result<Option<RawRow>, Fail> {
        Ok(self
            .0
            .prepare_cached(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1"))?
            .query_row([id], |r| {
                Ok(RawRow {
                    ty: r.get(0)?,
                    aux: r.get(1)?,
                    date_start: r.get(2)?,
                    date_end: r.get(3)?,
                    precision: r.get(4)?,
                    date_text: r.get(5)?,
                    location: r.get(6)?,
                    mode: r.get(7)?,
                    context: r.get(8)?,
                    actor_keys: r.get(9)?,
                    recipient_keys: r.get(10)?,
                    confidence: r.get(11)?,
                    rule: r.get(12)?,
                    n_reports: r.get(13)?,
                })
            })
            .optional()?)
    }

    fn parties(&mut self, id: &str) -> Result<Vec<PartyRow>, Fail> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT p.role, p.pkey, p.name, p.entity, p.kind, p.country, p.sector,
                        p.party_role, en.name
                 FROM event_parties p LEFT JOIN entities en ON en.id = p.entity
                 WHERE p.event_id = ?1 ORDER BY p.rid",
            )?
            .query_map([id], |r| {
                Ok(PartyRow {
                    role: r.get(0)?,
                    key: r.get(1)?,
                    party: Party {
                        name: r.get(2)?,
                        entity: r.get(3)?,
                        kind: kind_from(&r.get::<_, String>(4)?),
                        country: r.get(5)?,
                        sector: r.get(6)?,
                        role: r.get(7)?,
                    },
                    canonical: r.get(8)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    fn figures(&mut self, id: &str) -> Result<Vec<Figure>, Fail> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT f.doc_id, f.measure, f.count, f.qualifier, f.unit, f.claimed_by
                 FROM event_figures f LEFT JOIN reports r ON r.rid = f.report
                 WHERE f.event_id = ?1 ORDER BY r.skey, f.rid",
            )?
            .query_map([id], |r| {
                Ok(Figure {
                    doc: r.get(0)?,
                    measure: r.get(1)?,
                    count: r
                        .get::<_, Option<i64>>(2)?
                        .and_then(|n| u64::try_from(n).ok()),
                    qualifier: r.get(3)?,
                    unit: r.get(4)?,
                    claimed_by: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    fn claimants(&mut self, id: &str) -> Result<Vec<Claimant>, Fail> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT k.name, k.country, k.entity
                 FROM event_claimants k LEFT JOIN reports r ON r.rid = k.report
                 WHERE k.event_id = ?1 ORDER BY r.skey, k.rid",
            )?
            .query_map([id], |r| {
                Ok(Claimant {
                    name: r.get(0)?,
                    country: r.get(1)?,
                    entity: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    fn evidence(&mut self, id: &str) -> Result<Vec<Evidence>, Fail> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT ev.doc_id, ev.sentence, ev.start, ev.end, ev.text, ev.rule
                 FROM evidence ev LEFT JOIN reports r ON r.rid = ev.report
                 WHERE ev.event_id = ?1 ORDER BY r.skey, ev.rid",
            )?
            .query_map([id], |r| {
                Ok(Evidence {
                    doc: r.get(0)?,
                    sentence: to_u(r.get(1)?),
                    start: to_u(r.get(2)?),
                    end: to_u(r.get(3)?),
                    text: r.get(4)?,
                    rule: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    fn sources(&mut self, id: &str) -> Result<Vec<SourceRef>, Fail> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT d.id, d.title, d.published, d.source, d.url
                 FROM reports r JOIN documents d ON d.id = r.doc_id
                 WHERE r.event_id = ?1 ORDER BY r.skey, r.rid",
            )?
            .query_map([id], |r| {
                Ok(SourceRef {
                    doc: r.get(0)?,
                    title: r.get(1)?,
                    published: parse_date(r.get(2)?),
                    source: r.get(3)?,
                    url: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    fn report_ids(&mut self, id: &str) -> Result<Vec<String>, Fail> {
        Ok(self
            .0
            .prepare_cached("SELECT record_id FROM reports WHERE event_id = ?1 ORDER BY skey, rid")?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    fn event_of_record(&mut self, record_id: &str) -> Result<Option<String>, Fail> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT event_id FROM reports WHERE record_id = ?1 AND event_id <> ''
                 ORDER BY skey, rid LIMIT 1",
            )?
            .query_row([record_id], |r| r.get(0))
            .optional()?)
    }
}

impl SqliteStore {
    /// Opens (creating when missing) and upgrades the database at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with(path, &OpenOptions::default())
    }

    pub fn open_with(
        path: impl AsRef<Path>,
        opts: &OpenOptions,
    ) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_at(path.as_ref(), opts, MIGRATIONS.len())
    }

    fn open_at(p: &Path, opts: &OpenOptions, upto: usize) -> Result<SqliteStore, StoreError> {
        let shown = p.display().to_string();
        let busy_ms = u64::try_from(opts.busy_timeout.as_millis()).unwrap_or(u64::MAX);
        if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(StoreError::CannotOpen {
                path: shown,
                detail: format!("directory {} does not exist", dir.display()),
            });
        }
        if !opts.create && !p.exists() {
            return Err(StoreError::CannotOpen {
                path: shown,
                detail: "no such file (run `sitrep ingest` first)".into(),
            });
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if opts.create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn =
            Connection::open_with_flags(p, flags).map_err(|e| Fail::from(e).at(&shown, busy_ms))?;
        let mut store = SqliteStore {
            conn,
            path: shown,
            busy_ms,
            scan_only: std::cell::Cell::new(false),
        };
        store
            .init(opts, upto)
            .map_err(|e| e.at(&store.path, store.busy_ms))?;
        Ok(store)
    }

    fn init(&mut self, opts: &OpenOptions, upto: usize) -> Result<(), Fail> {
        self.conn.busy_timeout(opts.busy_timeout)?;
        // Ingest uses a few dozen statements; the default cache (16) would re-prepare them.
        self.conn.set_prepared_statement_cache_capacity(64);
        // Reading the header first: a file that is not a database fails here, by name.
        let app: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if (app != 0 && app != APPLICATION_ID) || (app == 0 && tables > 0) {
            return Err(Fail::Store(StoreError::Corrupt {
                path: self.path.clone(),
                detail: "an SQLite database of another program".into(),
            }));
        }
        if version > SCHEMA_VERSION {
            return Err(Fail::Store(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                known: SCHEMA_VERSION,
            }));
        }
        let _mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // NORMAL is crash-safe in WAL mode (a process kill never loses a committed batch;
        // a power cut may lose the last few, never corrupt the file).
        self.conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;",
        )?;
        self.migrate(upto)
    }

    /// Applies the missing migrations, each in its own transaction.
    fn migrate(&mut self, upto: usize) -> Result<(), Fail> {
        for (i, sql) in MIGRATIONS.iter().enumerate().take(upto) {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let v: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if v > to_i(i) {
                continue;
            }
            tx.execute_batch(sql)?;
            if i + 1 == AGG_VERSION {
                for s in crate::aggregate::REFRESH {
                    tx.execute_batch(s)?;
                }
            }
            tx.execute_batch(&format!(
                "PRAGMA user_version = {}; PRAGMA application_id = {APPLICATION_ID};",
                i + 1
            ))?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Makes the summaries (`time_summary`, `network`) read the events even where the
    /// aggregates kept by ingest could answer: the way they were computed before, for tests
    /// and benchmarks that compare the two.
    #[doc(hidden)]
    pub fn set_scan_only(&self, on: bool) {
        self.scan_only.set(on);
    }

    /// The rows of the aggregate tables kept by ingest, one string each (`table|v1|v2|…`),
    /// in key order: for checks that compare them with [`SqliteStore::recount_aggregates`]
    /// or with another backend's.
    #[doc(hidden)]
    pub fn aggregate_rows(&self) -> Result<Vec<String>, StoreError> {
        let run = || -> Result<Vec<String>, Fail> {
            let mut out = Vec::new();
            for q in crate::aggregate::row_queries() {
                let mut stmt = self.conn.prepare(&q)?;
                let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
                for r in rows {
                    out.push(r?);
                }
            }
            Ok(out)
        };
        run().map_err(|e| self.fail(e))
    }

    /// What the aggregates would hold if every stored event were counted from scratch (the
    /// store is left as it was).
    #[doc(hidden)]
    pub fn recount_aggregates(&self) -> Result<Vec<String>, StoreError> {
        let run = || -> Result<Vec<String>, Fail> {
            self.conn.execute_batch("SAVEPOINT recount")?;
            let redo = || -> Result<(), Fail> {
                for s in crate::aggregate::RESET
                    .iter()
                    .chain(crate::aggregate::REFRESH)
                {
                    self.conn.execute_batch(s)?;
                }
                Ok(())
            };
            let done = redo();
            let rows = done.and_then(|()| self.aggregate_rows().map_err(Fail::Store));
            self.conn
                .execute_batch("ROLLBACK TO recount; RELEASE recount")?;
            rows
        };
        run().map_err(|e| self.fail(e))
    }

    /// The file this store lives in, as shown in messages.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.fail(e.into()))
    }

    /// `PRAGMA integrity_check`: `"ok"` for a sound file, else SQLite's list of problems.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        let run = || -> Result<String, Fail> {
            let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
            let lines: Vec<String> = stmt
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(lines.join("\n"))
        };
        run().map_err(|e| self.fail(e))
    }

    /// Caps the file at `pages` pages (tests use it to simulate a full disk).
    pub fn set_max_page_count(&self, pages: u64) -> Result<u64, StoreError> {
        self.conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(|e| self.fail(e.into()))
    }

    /// Copies the write-ahead log into the database file and truncates it (after a large
    /// ingest, so the file on disk is complete and the log does not linger at its peak size).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(|e| self.fail(e.into()))
    }

    /// Bytes on disk: the database file plus its write-ahead log.
    pub fn disk_size(&self) -> u64 {
        let size = |p: String| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        size(self.path.clone()) + size(format!("{}-wal", self.path))
    }

    fn fail(&self, e: Fail) -> StoreError {
        e.at(&self.path, self.busy_ms)
    }

    fn ingest_inner(
        &mut self,
        batch: &[DocInput],
        failed: &[FailedDocument],
        commit: &mut dyn FnMut() -> bool,
    ) -> Result<Option<IngestReport>, Fail> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rep = common::ingest(&mut Lite(&tx), batch, failed)?;
        if !commit() {
            tx.rollback()?;
            return Ok(None);
        }
        tx.commit()?;
        Ok(Some(rep))
    }

    fn failures_inner(&self, id: Option<&str>) -> Result<Vec<FailedDocument>, Fail> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, hash, error FROM failed_documents WHERE ?1 IS NULL OR id = ?1 ORDER BY id",
            )?
            .query_map([id], |r| {
                Ok(FailedDocument {
                    id: r.get(0)?,
                    hash: r.get(1)?,
                    error: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    fn export_inner(
        &self,
        filter: &Filter,
        sink: &mut dyn FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<usize, Fail> {
        let (cond, vals) = filter_sql(filter, Dialect::Sqlite, 1);
        let mut sql = format!(
            "SELECT e.id FROM events e WHERE 1 = 1{cond}
             ORDER BY e.date_start IS NULL, e.date_start, e.id"
        );
        if let Some(n) = filter.limit {
            sql.push_str(&format!(" LIMIT {}", to_i(n)));
        }
        let ids: Vec<String> = self
            .conn
            .prepare(&sql)?
            .query_map(rusqlite::params_from_iter(vals), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut n = 0;
        for id in ids {
            if let Some(ev) = common::assemble(&mut Lite(&self.conn), &id)? {
                sink(ev)?;
                n += 1;
            }
        }
        Ok(n)
    }

    fn event_inner(&self, id: &str) -> Result<Option<StoredEvent>, Fail> {
        common::event_by_any_id(&mut Lite(&self.conn), id)
    }

    fn actors_inner(&self, filter: &Filter) -> Result<Vec<ActorSummary>, Fail> {
        let (cond, vals) = filter_sql(filter, Dialect::Sqlite, 1);
        let sql = format!(
            "SELECT p.event_id, e.type, p.role, coalesce(en.name, p.name), p.entity, p.country
             FROM event_parties p JOIN events e ON e.id = p.event_id
             LEFT JOIN entities en ON en.id = p.entity WHERE 1 = 1{cond}
             ORDER BY p.event_id, p.rid"
        );
        let mut agg = ActorsAgg::default();
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(vals))?;
        while let Some(r) = rows.next()? {
            let role: String = r.get(2)?;
            agg.push(r.get(0)?, r.get(1)?, &role, r.get(3)?, r.get(4)?, r.get(5)?);
        }
        Ok(agg.finish(filter.limit))
    }

    fn stats_inner(&self, filter: &Filter) -> Result<Stats, Fail> {
        let (cond, vals) = filter_sql(filter, Dialect::Sqlite, 1);
        let sql = format!(
            "SELECT e.date_start, e.type, count(*) FROM events e WHERE 1 = 1{cond}
             GROUP BY e.date_start, e.type ORDER BY e.date_start IS NULL, e.date_start, e.type"
        );
        let per_day: Vec<DayTypeCount> = self
            .conn
            .prepare(&sql)?
            .query_map(rusqlite::params_from_iter(vals.clone()), |r| {
                Ok(DayTypeCount {
                    date: parse_date(r.get(0)?),
                    event_type: r.get(1)?,
                    events: to_u(r.get(2)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut agg = StatsAgg::new(per_day);
        let sql = format!(
            "SELECT e.id, e.date_start, f.doc_id, f.measure, f.count, f.qualifier, f.claimed_by
             FROM events e JOIN event_figures f ON f.event_id = e.id
             WHERE e.type = 'ASSAULT' AND f.measure IN ('killed', 'injured'){cond}
             ORDER BY e.date_start, e.id, f.doc_id, f.rid"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(vals))?;
        while let Some(r) = rows.next()? {
            let f = ClaimedFigure {
                event: r.get(0)?,
                doc: r.get(2)?,
                measure: r.get(3)?,
                count: r
                    .get::<_, Option<i64>>(4)?
                    .and_then(|n| u64::try_from(n).ok()),
                qualifier: r.get(5)?,
                claimed_by: r.get(6)?,
            };
            agg.figure(parse_date(r.get(1)?), f);
        }
        Ok(agg.finish())
    }

    fn search_inner(&self, words: &str, limit: usize) -> Result<Vec<SearchHit>, Fail> {
        let q = match crate::query::Query::parse(words) {
            Ok(Some(q)) => q.fts5(),
            Ok(None) => return Ok(Vec::new()),
            Err(e) => return Err(Fail::Store(StoreError::BadQuery(e))),
        };
        let lim = to_i(limit);
        let mut hits: Vec<SearchHit> = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.title, d.published,
                        snippet(documents_fts, 1, '[', ']', '…', 16), -bm25(documents_fts)
                 FROM documents_fts JOIN documents d ON d.rid = documents_fts.rowid
                 WHERE documents_fts MATCH ?1 ORDER BY bm25(documents_fts) LIMIT ?2",
            )?
            .query_map(params![q, lim], |r| {
                Ok(SearchHit {
                    kind: "document".into(),
                    doc: r.get(0)?,
                    title: r.get(1)?,
                    published: parse_date(r.get(2)?),
                    event: None,
                    snippet: r.get(3)?,
                    score: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let ev: Vec<SearchHit> = self
            .conn
            .prepare_cached(
                "SELECT ev.doc_id, d.title, d.published, ev.event_id,
                        snippet(evidence_fts, 0, '[', ']', '…', 16), -bm25(evidence_fts)
                 FROM evidence_fts JOIN evidence ev ON ev.rid = evidence_fts.rowid
                 LEFT JOIN documents d ON d.id = ev.doc_id
                 WHERE evidence_fts MATCH ?1 ORDER BY bm25(evidence_fts) LIMIT ?2",
            )?
            .query_map(params![q, lim], |r| {
                Ok(SearchHit {
                    kind: "evidence".into(),
                    doc: r.get(0)?,
                    title: r.get(1)?,
                    published: parse_date(r.get(2)?),
                    event: r.get(3)?,
                    snippet: r.get(4)?,
                    score: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        hits.extend(ev);
        Ok(crate::common::best_hits(hits, limit))
    }

    fn counts_inner(&self) -> Result<Counts, Fail> {
        let n = |t: &str| -> Result<usize, Fail> {
            Ok(to_u(self.conn.query_row(
                &format!("SELECT count(*) FROM {t}"),
                [],
                |r| r.get(0),
            )?))
        };
        Ok(Counts {
            documents: n("documents")?,
            events: n("events")?,
            reports: n("reports")?,
            evidence: n("evidence")?,
            entities: n("entities")?,
            mentions: n("entity_mentions")?,
            quotes: n("quotes")?,
            figures: n("event_figures")?,
        })
    }
}

impl Store for SqliteStore {
    fn ingest_checked(
        &mut self,
        batch: &[DocInput],
        failed: &[FailedDocument],
        commit: &mut dyn FnMut() -> bool,
    ) -> Result<Option<IngestReport>, StoreError> {
        let r = self.ingest_inner(batch, failed, commit);
        r.map_err(|e| self.fail(e))
    }

    fn failed_document(&self, id: &str) -> Result<Option<FailedDocument>, StoreError> {
        self.failures_inner(Some(id))
            .map(|v| v.into_iter().next())
            .map_err(|e| self.fail(e))
    }

    fn failed_documents(&self) -> Result<Vec<FailedDocument>, StoreError> {
        self.failures_inner(None).map_err(|e| self.fail(e))
    }

    fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
        self.event_inner(id).map_err(|e| self.fail(e))
    }

    fn actors(&self, filter: &Filter) -> Result<Vec<ActorSummary>, StoreError> {
        self.actors_inner(filter).map_err(|e| self.fail(e))
    }

    fn stats(&self, filter: &Filter) -> Result<Stats, StoreError> {
        self.stats_inner(filter).map_err(|e| self.fail(e))
    }

    fn search(&self, words: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        self.search_inner(words, limit).map_err(|e| self.fail(e))
    }

    fn export(
        &self,
        filter: &Filter,
        sink: &mut dyn FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        self.export_inner(filter, sink).map_err(|e| self.fail(e))
    }

    fn counts(&self) -> Result<Counts, StoreError> {
        self.counts_inner().map_err(|e| self.fail(e))
    }

    fn checkpoint(&self) -> Result<(), StoreError> {
        SqliteStore::checkpoint(self)
    }

    fn stored_documents(
        &self,
        ids: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        let run = || -> Result<std::collections::HashSet<String>, Fail> {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?;
            let mut found = std::collections::HashSet::new();
            for id in ids {
                if stmt.exists([id])? {
                    found.insert(id.clone());
                }
            }
            Ok(found)
        };
        run().map_err(|e| self.fail(e))
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
