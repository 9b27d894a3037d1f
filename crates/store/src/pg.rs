//! The server backend: a PostgreSQL database, for stores shared by several analysts or
//! larger than one file should hold.
//!
//! Same logical schema and the same decisions as the SQLite store (both run
//! [`crate::common`]); every batch is one transaction, so a failed batch leaves the database as
//! it was. Full-text search uses stored `tsvector` columns in the `simple` configuration,
//! which splits and lower-cases words the way SQLite's FTS5 does, so both backends find the
//! same events for the same words (relevance scores and snippets differ in detail).

use crate::common::{
    self, ActorsAgg, Dialect, EVENT_COLUMNS, EventAggregates, EventCols, FigureRow, Ops, PartyRow,
    REPORT_COLUMNS, RawRow, Reader, ReportCols, StatsAgg, StoredRep, WinCols, filter_sql,
    kind_from, parse_date, to_i, to_u,
};
use crate::error::{Fail, StoreError, pg_detail};
use crate::merge::fold;
use crate::schema::{PG_AGG_VERSION, PG_MIGRATIONS, PG_SCHEMA_VERSION};
use crate::{
    ActorSummary, ClaimedFigure, Counts, DayTypeCount, DocInput, FailedDocument, Figure, Filter,
    IngestReport, OpenOptions, SearchHit, SourceRef, Stats, Store, StoredEvent,
};
use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Row, Statement};
use sitrep_model::{Claimant, Document, EntityRecord, Evidence, MentionRef, Party, QuoteRecord};
use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

/// Key of the advisory lock taken while migrating ("SITR"), so that two processes opening a
/// fresh database do not both create the tables.
const MIGRATION_LOCK: i64 = 0x5349_5452;

/// Key of the advisory lock held by an ingest transaction ("SITI").
const INGEST_LOCK: i64 = 0x5349_5449;

/// Whether `location` names a PostgreSQL server rather than a file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// `location` as safe to print: the password of a URL (`user:secret@`, `?password=secret`)
/// replaced by `***`.
pub fn redact(location: &str) -> String {
    let mut s = location.to_string();
    if let Some(scheme_end) = s.find("://") {
        let rest_start = scheme_end + 3;
        let auth_end = s[rest_start..]
            .find(['/', '?'])
            .map_or(s.len(), |i| rest_start + i);
        if let Some(at) = s[rest_start..auth_end].rfind('@') {
            let at = rest_start + at;
            if let Some(colon) = s[rest_start..at].find(':') {
                s.replace_range(rest_start + colon + 1..at, "***");
            }
        }
    }
    let lower = s.to_ascii_lowercase();
    if let Some(i) = lower.find("password=") {
        let start = i + "password=".len();
        let end = s[start..].find(['&', ' ']).map_or(s.len(), |j| start + j);
        s.replace_range(start..end, "***");
    }
    s
}

/// The tsquery for search words (all required); the words are letters and digits only, so
/// the query cannot be a syntax error.
pub(crate) fn tsquery(words: &[&str]) -> String {
    words.join(" & ")
}

type Params<'a> = Vec<&'a (dyn ToSql + Sync)>;

fn params(vals: &[String]) -> Params<'_> {
    vals.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

/// The PostgreSQL side of [`Ops`] and [`Reader`]: a client or an open transaction, with the
/// statements prepared so far (prepared statements outlive transactions).
struct Pg<'a, C: GenericClient> {
    c: &'a mut C,
    stmts: &'a mut HashMap<String, Statement>,
}

impl<C: GenericClient> Pg<'_, C> {
    fn st(&mut self, sql: &str) -> Result<Statement, Fail> {
        if let Some(s) = self.stmts.get(sql) {
            return Ok(s.clone());
        }
        let s = self.c.prepare(sql)?;
        self.stmts.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    fn exec(&mut self, sql: &str, p: &[&(dyn ToSql + Sync)]) -> Result<u64, Fail> {
        let s = self.st(sql)?;
        Ok(self.c.execute(&s, p)?)
    }

    fn rows(&mut self, sql: &str, p: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, Fail> {
        let s = self.st(sql)?;
        Ok(self.c.query(&s, p)?)
    }

    fn opt(&mut self, sql: &str, p: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>, Fail> {
        let s = self.st(sql)?;
        Ok(self.c.query_opt(&s, p)?)
    }

    fn reps(&mut self, sql: &str, p: &[&(dyn ToSql + Sync)]) -> Result<Vec<StoredRep>, Fail> {
        self.rows(sql, p)?
            .iter()
            .map(|r| {
                Ok(StoredRep {
                    rid: r.try_get(0)?,
                    doc_id: r.try_get(1)?,
                    skey: r.try_get(2)?,
                    event_id: r.try_get(3)?,
                    comp: r.try_get(4)?,
                    record: r.try_get(5)?,
                })
            })
            .collect()
    }

    fn strings(&mut self, sql: &str, p: &[&(dyn ToSql + Sync)]) -> Result<Vec<String>, Fail> {
        self.rows(sql, p)?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
    }
}

impl<C: GenericClient> Ops for Pg<'_, C> {
    fn mark_dirty(&mut self, event_id: &str) -> Result<(), Fail> {
        self.exec(
            "INSERT INTO agg_dirty (event_id) VALUES ($1) ON CONFLICT DO NOTHING",
            &[&event_id],
        )?;
        Ok(())
    }

    fn refresh_aggregates(&mut self) -> Result<(), Fail> {
        for s in crate::aggregate::REFRESH {
            self.exec(s, &[])?;
        }
        Ok(())
    }

    fn doc_hash(&mut self, id: &str) -> Result<Option<String>, Fail> {
        match self.opt("SELECT hash FROM documents WHERE id = $1", &[&id])? {
            Some(r) => Ok(Some(r.try_get(0)?)),
            None => Ok(None),
        }
    }

    fn insert_document(&mut self, d: &Document, hash: &str, now: i64) -> Result<(), Fail> {
        self.exec(
            "INSERT INTO documents (id, title, published, url, source, language, hash, text, ingested_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &d.id,
                &d.title,
                &d.published.map(|p| p.to_string()),
                &d.url,
                &d.source,
                &d.language,
                &hash,
                &d.text,
                &now,
            ],
        )?;
        Ok(())
    }

    fn delete_document(&mut self, doc_id: &str) -> Result<Vec<String>, Fail> {
        let affected = self.strings(
            "SELECT DISTINCT event_id FROM reports WHERE doc_id = $1 ORDER BY event_id",
            &[&doc_id],
        )?;
        for t in [
            "reports",
            "evidence",
            "event_figures",
            "event_claimants",
            "quotes",
            "entity_mentions",
        ] {
            self.exec(&format!("DELETE FROM {t} WHERE doc_id = $1"), &[&doc_id])?;
        }
        self.exec("DELETE FROM documents WHERE id = $1", &[&doc_id])?;
        Ok(affected)
    }

    fn clear_parties(&mut self, event_id: &str) -> Result<(), Fail> {
        self.exec(
            "DELETE FROM event_parties WHERE event_id = $1",
            &[&event_id],
        )?;
        Ok(())
    }

    fn delete_event(&mut self, event_id: &str) -> Result<(), Fail> {
        for t in [
            "event_parties",
            "event_figures",
            "event_claimants",
            "evidence",
        ] {
            self.exec(
                &format!("DELETE FROM {t} WHERE event_id = $1"),
                &[&event_id],
            )?;
        }
        self.exec("DELETE FROM events WHERE id = $1", &[&event_id])?;
        Ok(())
    }

    fn doc_reports(&mut self, doc_id: &str) -> Result<Vec<(Option<i64>, String)>, Fail> {
        self.rows(
            "SELECT comp, record_id FROM reports WHERE doc_id = $1",
            &[&doc_id],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
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
             WHERE type = $1 AND win_class = $2 AND win_lo BETWEEN $3 AND $4 AND win_hi >= $5
               AND aux IS NOT DISTINCT FROM $6",
            &[&ty, &class, &from, &to, &lo, &aux],
        )
    }

    fn report_record(&mut self, rid: i64) -> Result<String, Fail> {
        match self.opt("SELECT record FROM reports WHERE rid = $1", &[&rid])? {
            Some(r) => Ok(r.try_get(0)?),
            None => Err(Fail::Bad(format!("report {rid} vanished during ingest"))),
        }
    }

    fn comp_reports(&mut self, comp: i64) -> Result<Vec<StoredRep>, Fail> {
        self.reps(
            &format!("SELECT {REPORT_COLUMNS} FROM reports WHERE comp = $1"),
            &[&comp],
        )
    }

    fn unplaced_reports(&mut self) -> Result<Vec<StoredRep>, Fail> {
        self.reps(
            &format!("SELECT {REPORT_COLUMNS} FROM reports WHERE comp IS NULL AND event_id <> ''"),
            &[],
        )
    }

    fn set_report_window(&mut self, rid: i64, w: &WinCols) -> Result<(), Fail> {
        self.exec(
            "UPDATE reports SET type = $2, aux = $3, win_lo = $4, win_hi = $5, win_class = $6
             WHERE rid = $1",
            &[&rid, &w.ty, &w.aux, &w.win_lo, &w.win_hi, &w.win_class],
        )?;
        Ok(())
    }

    fn record_id_reports(
        &mut self,
        record_id: &str,
    ) -> Result<Vec<(i64, String, String, Option<i64>)>, Fail> {
        self.rows(
            "SELECT rid, doc_id, coalesce(skey, '~' || chr(31) || doc_id), comp FROM reports
             WHERE record_id = $1",
            &[&record_id],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect()
    }

    fn set_report_event(&mut self, rid: i64, event_id: &str) -> Result<(), Fail> {
        self.exec(
            "UPDATE reports SET event_id = $2 WHERE rid = $1",
            &[&rid, &event_id],
        )?;
        Ok(())
    }

    fn set_report_comp(&mut self, rid: i64, comp: i64) -> Result<(), Fail> {
        self.exec(
            "UPDATE reports SET comp = $2 WHERE rid = $1",
            &[&rid, &comp],
        )?;
        Ok(())
    }

    fn set_report_class(&mut self, rid: i64, class: i64) -> Result<(), Fail> {
        self.exec(
            "UPDATE reports SET win_class = $2 WHERE rid = $1",
            &[&rid, &class],
        )?;
        Ok(())
    }

    fn comp_class(&mut self, comp: i64) -> Result<Option<i64>, Fail> {
        match self.opt(
            "SELECT win_class FROM reports WHERE comp = $1 LIMIT 1",
            &[&comp],
        )? {
            Some(r) => Ok(r.try_get(0)?),
            None => Ok(None),
        }
    }

    fn event_candidates(
        &mut self,
        ty: &str,
        class: i64,
        (from, to, lo): (i64, i64, i64),
        aux: Option<&str>,
    ) -> Result<Vec<(String, Option<i64>, Option<i64>)>, Fail> {
        self.rows(
            "SELECT e.id, r.comp, r.win_class FROM events e
               JOIN reports r ON r.rid = (SELECT rid FROM reports WHERE event_id = e.id LIMIT 1)
             WHERE e.type = $1 AND e.win_class = $2 AND e.win_lo BETWEEN $3 AND $4
               AND e.win_hi >= $5 AND e.aux IS NOT DISTINCT FROM $6",
            &[&ty, &class, &from, &to, &lo, &aux],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
    }

    fn move_children(&mut self, rid: i64, event_id: &str) -> Result<(), Fail> {
        for t in ["evidence", "event_figures", "event_claimants"] {
            self.exec(
                &format!("UPDATE {t} SET event_id = $2 WHERE report = $1"),
                &[&rid, &event_id],
            )?;
        }
        Ok(())
    }

    fn save_row(&mut self, id: &str, c: &EventCols) -> Result<(), Fail> {
        self.exec(
            "INSERT INTO events (id, type, aux, date_start, date_end, precision, date_text,
                win_lo, win_hi, win_class, loc_name, loc_country, location, mode, context,
                actor_keys, recipient_keys, confidence, rule, n_reports)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
             ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, aux = EXCLUDED.aux,
                date_start = EXCLUDED.date_start, date_end = EXCLUDED.date_end,
                precision = EXCLUDED.precision, date_text = EXCLUDED.date_text,
                win_lo = EXCLUDED.win_lo, win_hi = EXCLUDED.win_hi, win_class = EXCLUDED.win_class,
                loc_name = EXCLUDED.loc_name, loc_country = EXCLUDED.loc_country,
                location = EXCLUDED.location, mode = EXCLUDED.mode, context = EXCLUDED.context,
                actor_keys = EXCLUDED.actor_keys, recipient_keys = EXCLUDED.recipient_keys,
                confidence = EXCLUDED.confidence, rule = EXCLUDED.rule,
                n_reports = EXCLUDED.n_reports",
            &[
                &id,
                &c.event_type,
                &c.aux,
                &c.date_start,
                &c.date_end,
                &c.precision,
                &c.date_text,
                &c.win_lo,
                &c.win_hi,
                &c.win_class,
                &c.loc_name,
                &c.loc_country,
                &c.location,
                &c.mode,
                &c.context,
                &c.actor_keys,
                &c.recipient_keys,
                &c.confidence,
                &c.rule,
                &c.n_reports,
            ],
        )?;
        Ok(())
    }

    fn insert_report(&mut self, r: &ReportCols) -> Result<i64, Fail> {
        let w = &r.win;
        let rows = self.rows(
            "INSERT INTO reports (event_id, doc_id, record_id, record, skey, type, aux,
                win_lo, win_hi, win_class)
             VALUES ('', $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING rid",
            &[
                &r.doc_id,
                &r.record_id,
                &r.json,
                &r.skey,
                &w.ty,
                &w.aux,
                &w.win_lo,
                &w.win_hi,
                &w.win_class,
            ],
        )?;
        match rows.first() {
            Some(r) => Ok(r.try_get(0)?),
            None => Err(Fail::Bad("INSERT … RETURNING gave no row".into())),
        }
    }

    fn insert_party(
        &mut self,
        event_id: &str,
        role: &str,
        pkey: &str,
        p: &Party,
    ) -> Result<bool, Fail> {
        let n = self.exec(
            "INSERT INTO event_parties
                (event_id, role, pkey, name, name_fold, entity, kind, country, sector, party_role)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (event_id, role, pkey) DO NOTHING",
            &[
                &event_id,
                &role,
                &pkey,
                &p.name,
                &fold(&p.name),
                &p.entity,
                &p.kind.as_str(),
                &p.country,
                &p.sector,
                &p.role,
            ],
        )?;
        Ok(n > 0)
    }

    fn event_aggregates(&mut self, event_id: &str) -> Result<Option<EventAggregates>, Fail> {
        let Some(r) = self.opt(
            "SELECT killed_lo, killed_hi, injured_lo, injured_hi FROM agg_ev_days
             WHERE event_id = $1",
            &[&event_id],
        )?
        else {
            return Ok(None);
        };
        let days = [r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?];
        let claims = self
            .rows(
                "SELECT claimant, killed FROM agg_ev_claims WHERE event_id = $1",
                &[&event_id],
            )?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, Fail>>()?;
        Ok(Some(EventAggregates { days, claims }))
    }

    fn insert_figure(
        &mut self,
        event_id: &str,
        doc_id: &str,
        report: i64,
        f: &FigureRow,
    ) -> Result<(), Fail> {
        self.exec(
            "INSERT INTO event_figures (event_id, doc_id, report, measure, count, qualifier, unit, claimed_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &event_id,
                &doc_id,
                &report,
                &f.measure,
                &f.count,
                &f.qualifier,
                &f.unit,
                &f.claimed_by,
            ],
        )?;
        Ok(())
    }

    fn insert_claimant(
        &mut self,
        event_id: &str,
        doc_id: &str,
        report: i64,
        k: &Claimant,
    ) -> Result<(), Fail> {
        self.exec(
            "INSERT INTO event_claimants (event_id, doc_id, report, name, country, entity)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[&event_id, &doc_id, &report, &k.name, &k.country, &k.entity],
        )?;
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
        self.exec(
            "INSERT INTO evidence (event_id, doc_id, report, sentence, start, \"end\", text, rule)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &event_id,
                &doc_id,
                &report,
                &to_i(e.sentence),
                &to_i(e.start),
                &to_i(e.end),
                &e.text,
                &rule,
            ],
        )?;
        Ok(())
    }

    fn entity(&mut self, id: &str) -> Result<Option<(Option<String>, String, String)>, Fail> {
        match self.opt(
            "SELECT country, roles, aliases FROM entities WHERE id = $1",
            &[&id],
        )? {
            Some(r) => Ok(Some((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))),
            None => Ok(None),
        }
    }

    fn insert_entity(&mut self, e: &EntityRecord, roles: &str, aliases: &str) -> Result<(), Fail> {
        self.exec(
            "INSERT INTO entities (id, name, kind, country, roles, aliases) VALUES ($1, $2, $3, $4, $5, $6)",
            &[&e.id, &e.name, &e.kind.as_str(), &e.country, &roles, &aliases],
        )?;
        Ok(())
    }

    fn update_entity(
        &mut self,
        id: &str,
        country: Option<&str>,
        roles: &str,
        aliases: &str,
    ) -> Result<(), Fail> {
        self.exec(
            "UPDATE entities SET country = coalesce(country, $2), roles = $3, aliases = $4 WHERE id = $1",
            &[&id, &country, &roles, &aliases],
        )?;
        Ok(())
    }

    fn insert_mention(
        &mut self,
        entity_id: &str,
        doc_id: &str,
        m: &MentionRef,
    ) -> Result<(), Fail> {
        self.exec(
            "INSERT INTO entity_mentions (entity_id, doc_id, start, \"end\", text) VALUES ($1, $2, $3, $4, $5)",
            &[&entity_id, &doc_id, &to_i(m.start), &to_i(m.end), &m.text],
        )?;
        Ok(())
    }

    fn record_failure(&mut self, f: &FailedDocument, now: i64) -> Result<(), Fail> {
        self.exec(
            "INSERT INTO failed_documents (id, hash, error, failed_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET hash = EXCLUDED.hash, error = EXCLUDED.error,
                failed_at = EXCLUDED.failed_at",
            &[&f.id, &f.hash, &f.error, &now],
        )?;
        Ok(())
    }

    fn clear_failure(&mut self, id: &str) -> Result<(), Fail> {
        self.exec("DELETE FROM failed_documents WHERE id = $1", &[&id])?;
        Ok(())
    }

    fn upsert_quote(&mut self, q: &QuoteRecord, doc_id: &str, json: &str) -> Result<(), Fail> {
        let sp = q.speaker.as_ref();
        self.exec(
            "INSERT INTO quotes (id, doc_id, speaker_name, speaker_entity, speaker_country,
                text, start, \"end\", date_start, record)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (id) DO UPDATE SET doc_id = EXCLUDED.doc_id,
                speaker_name = EXCLUDED.speaker_name, speaker_entity = EXCLUDED.speaker_entity,
                speaker_country = EXCLUDED.speaker_country, text = EXCLUDED.text,
                start = EXCLUDED.start, \"end\" = EXCLUDED.\"end\",
                date_start = EXCLUDED.date_start, record = EXCLUDED.record",
            &[
                &q.id,
                &doc_id,
                &sp.map(|s| s.name.clone()),
                &sp.and_then(|s| s.entity.clone()),
                &sp.and_then(|s| s.country.clone()),
                &q.text,
                &to_i(q.start),
                &to_i(q.end),
                &q.date.as_ref().and_then(|d| d.start).map(|d| d.to_string()),
                &json,
            ],
        )?;
        Ok(())
    }
}

impl<C: GenericClient> Reader for Pg<'_, C> {
    fn load_row(&mut self, id: &str) -> Result<Option<RawRow>, Fail> {
        let Some(r) = self.opt(
            &format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = $1"),
            &[&id],
        )?
        else {
            return Ok(None);
        };
        Ok(Some(RawRow {
            ty: r.try_get(0)?,
            aux: r.try_get(1)?,
            date_start: r.try_get(2)?,
            date_end: r.try_get(3)?,
            precision: r.try_get(4)?,
            date_text: r.try_get(5)?,
            location: r.try_get(6)?,
            mode: r.try_get(7)?,
            context: r.try_get(8)?,
            actor_keys: r.try_get(9)?,
            recipient_keys: r.try_get(10)?,
            confidence: r.try_get(11)?,
            rule: r.try_get(12)?,
            n_reports: r.try_get(13)?,
        }))
    }

    fn parties(&mut self, id: &str) -> Result<Vec<PartyRow>, Fail> {
        self.rows(
            "SELECT p.role, p.pkey, p.name, p.entity, p.kind, p.country, p.sector,
                    p.party_role, en.name
             FROM event_parties p LEFT JOIN entities en ON en.id = p.entity
             WHERE p.event_id = $1 ORDER BY p.rid",
            &[&id],
        )?
        .iter()
        .map(|r| {
            Ok(PartyRow {
                role: r.try_get(0)?,
                key: r.try_get(1)?,
                party: Party {
                    name: r.try_get(2)?,
                    entity: r.try_get(3)?,
                    kind: kind_from(r.try_get(4)?),
                    country: r.try_get(5)?,
                    sector: r.try_get(6)?,
                    role: r.try_get(7)?,
                },
                canonical: r.try_get(8)?,
            })
        })
        .collect()
    }

    fn figures(&mut self, id: &str) -> Result<Vec<Figure>, Fail> {
        self.rows(
            "SELECT f.doc_id, f.measure, f.count, f.qualifier, f.unit, f.claimed_by
             FROM event_figures f LEFT JOIN reports r ON r.rid = f.report
             WHERE f.event_id = $1 ORDER BY r.skey, f.rid",
            &[&id],
        )?
        .iter()
        .map(|r| {
            Ok(Figure {
                doc: r.try_get(0)?,
                measure: r.try_get(1)?,
                count: r
                    .try_get::<_, Option<i64>>(2)?
                    .and_then(|n| u64::try_from(n).ok()),
                qualifier: r.try_get(3)?,
                unit: r.try_get(4)?,
                claimed_by: r.try_get(5)?,
            })
        })
        .collect()
    }

    fn claimants(&mut self, id: &str) -> Result<Vec<Claimant>, Fail> {
        self.rows(
            "SELECT k.name, k.country, k.entity
             FROM event_claimants k LEFT JOIN reports r ON r.rid = k.report
             WHERE k.event_id = $1 ORDER BY r.skey, k.rid",
            &[&id],
        )?
        .iter()
        .map(|r| {
            Ok(Claimant {
                name: r.try_get(0)?,
                country: r.try_get(1)?,
                entity: r.try_get(2)?,
            })
        })
        .collect()
    }

    fn evidence(&mut self, id: &str) -> Result<Vec<Evidence>, Fail> {
        self.rows(
            "SELECT ev.doc_id, ev.sentence, ev.start, ev.\"end\", ev.text, ev.rule
             FROM evidence ev LEFT JOIN reports r ON r.rid = ev.report
             WHERE ev.event_id = $1 ORDER BY r.skey, ev.rid",
            &[&id],
        )?
        .iter()
        .map(|r| {
            Ok(Evidence {
                doc: r.try_get(0)?,
                sentence: to_u(r.try_get(1)?),
                start: to_u(r.try_get(2)?),
                end: to_u(r.try_get(3)?),
                text: r.try_get(4)?,
                rule: r.try_get(5)?,
            })
        })
        .collect()
    }

    fn sources(&mut self, id: &str) -> Result<Vec<SourceRef>, Fail> {
        self.rows(
            "SELECT d.id, d.title, d.published, d.source, d.url
             FROM reports r JOIN documents d ON d.id = r.doc_id
             WHERE r.event_id = $1 ORDER BY r.skey, r.rid",
            &[&id],
        )?
        .iter()
        .map(|r| {
            Ok(SourceRef {
                doc: r.try_get(0)?,
                title: r.try_get(1)?,
                published: parse_date(r.try_get(2)?),
                source: r.try_get(3)?,
                url: r.try_get(4)?,
            })
        })
        .collect()
    }

    fn report_ids(&mut self, id: &str) -> Result<Vec<String>, Fail> {
        self.strings(
            "SELECT record_id FROM reports WHERE event_id = $1 ORDER BY skey, rid",
            &[&id],
        )
    }

    fn event_of_record(&mut self, record_id: &str) -> Result<Option<String>, Fail> {
        match self.opt(
            "SELECT event_id FROM reports WHERE record_id = $1 AND event_id <> ''
             ORDER BY skey, rid LIMIT 1",
            &[&record_id],
        )? {
            Some(r) => Ok(Some(r.try_get(0)?)),
            None => Ok(None),
        }
    }
}

/// The connection and its prepared statements.
struct Conn {
    client: Client,
    stmts: HashMap<String, Statement>,
}

/// The aggregate rows as [`PgStore::aggregate_rows`] gives them.
fn rows_of(c: &mut impl GenericClient) -> Result<Vec<String>, Fail> {
    let mut out = Vec::new();
    for q in crate::aggregate::row_queries() {
        for r in c.query(q.as_str(), &[])? {
            out.push(r.try_get(0)?);
        }
    }
    Ok(out)
}

/// A sitrep store in a PostgreSQL database.
///
/// The client needs exclusive access for every statement while [`Store`]'s queries take
/// `&self`, so the connection sits in a `RefCell`; no borrow is held while a caller's export
/// sink runs, so a sink may query the same store.
pub struct PgStore {
    conn: RefCell<Conn>,
    url: String,
}

impl PgStore {
    /// Connects to `url` (`postgres://user[:password]@host[:port]/database`) and creates or
    /// upgrades the schema.
    pub fn connect(url: &str) -> Result<PgStore, StoreError> {
        PgStore::connect_with(url, &OpenOptions::default())
    }

    /// Like [`PgStore::connect`]; with `create` off, a database without sitrep tables is an
    /// error instead of being set up (so a mistyped database name does not start a new store).
    /// `busy_timeout` bounds how long to wait for the server to answer the connection.
    pub fn connect_with(url: &str, opts: &OpenOptions) -> Result<PgStore, StoreError> {
        let shown = redact(url);
        let cannot = |detail: String| StoreError::CannotConnect {
            url: shown.clone(),
            detail,
        };
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| cannot(format!("not a valid PostgreSQL URL ({e})")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(opts.busy_timeout.max(Duration::from_secs(1)));
        }
        if config.get_application_name().is_none() {
            config.application_name("sitrep");
        }
        let client = config.connect(NoTls).map_err(|e| cannot(pg_detail(&e)))?;
        let mut store = PgStore {
            conn: RefCell::new(Conn {
                client,
                stmts: HashMap::new(),
            }),
            url: shown,
        };
        store.migrate(opts.create).map_err(|e| store.fail(e))?;
        Ok(store)
    }

    /// The rows of the aggregate tables kept by ingest, one string each (`table|v1|v2|…`),
    /// in key order: the same text as [`crate::SqliteStore::aggregate_rows`] for the same
    /// events.
    #[doc(hidden)]
    pub fn aggregate_rows(&self) -> Result<Vec<String>, StoreError> {
        let run = || -> Result<Vec<String>, Fail> {
            let mut c = self.borrow()?;
            rows_of(&mut c.client)
        };
        run().map_err(|e| self.fail(e))
    }

    /// What the aggregates would hold if every stored event were counted from scratch (the
    /// database is left as it was).
    #[doc(hidden)]
    pub fn recount_aggregates(&self) -> Result<Vec<String>, StoreError> {
        let run = || -> Result<Vec<String>, Fail> {
            let mut c = self.borrow()?;
            let mut tx = c.client.transaction()?;
            for s in crate::aggregate::RESET
                .iter()
                .chain(crate::aggregate::REFRESH)
            {
                tx.batch_execute(s)?;
            }
            let rows = rows_of(&mut tx)?;
            tx.rollback()?;
            Ok(rows)
        };
        run().map_err(|e| self.fail(e))
    }

    /// The server URL as shown in messages (without the password).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        let run = || -> Result<i64, Fail> {
            let mut c = self.borrow()?;
            let row = c
                .client
                .query_one("SELECT max(version) FROM schema_version", &[])?;
            Ok(row.try_get::<_, Option<i64>>(0)?.unwrap_or(0))
        };
        run().map_err(|e| self.fail(e))
    }

    fn fail(&self, e: Fail) -> StoreError {
        e.at(&self.url, 0)
    }

    fn borrow(&self) -> Result<std::cell::RefMut<'_, Conn>, Fail> {
        self.conn.try_borrow_mut().map_err(|_| {
            Fail::Bad("the PostgreSQL connection is in use by another call on this store".into())
        })
    }

    /// Applies the missing migrations, each in its own transaction under an advisory lock.
    fn migrate(&mut self, create: bool) -> Result<(), Fail> {
        let conn = self.conn.get_mut();
        let c = &mut conn.client;
        for (i, sql) in PG_MIGRATIONS.iter().enumerate() {
            let mut tx = c.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
            // Looked up before anything is created, so that a read-only user can open a
            // store that is up to date.
            let has_table = tx
                .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])?
                .try_get::<_, bool>(0)?;
            let row = if has_table {
                tx.query_opt(
                    "SELECT application, version FROM schema_version LIMIT 1",
                    &[],
                )?
            } else {
                None
            };
            let version = match row {
                Some(r) => {
                    let app: String = r.try_get(0)?;
                    if app != "sitrep" {
                        return Err(Fail::Store(StoreError::Corrupt {
                            path: self.url.clone(),
                            detail: format!("schema_version belongs to {app:?}"),
                        }));
                    }
                    r.try_get::<_, i64>(1)?
                }
                None => {
                    let foreign = tx
                        .query_one("SELECT to_regclass('events') IS NOT NULL", &[])?
                        .try_get::<_, bool>(0)?;
                    if foreign {
                        return Err(Fail::Store(StoreError::Corrupt {
                            path: self.url.clone(),
                            detail: "it already has an events table of another program".into(),
                        }));
                    }
                    if !create {
                        return Err(Fail::Store(StoreError::CannotConnect {
                            url: self.url.clone(),
                            detail:
                                "the database holds no sitrep store yet (run `sitrep ingest` first)"
                                    .into(),
                        }));
                    }
                    if !has_table {
                        tx.batch_execute(
                            "CREATE TABLE schema_version (application TEXT NOT NULL, version BIGINT NOT NULL)",
                        )?;
                    }
                    tx.execute(
                        "INSERT INTO schema_version (application, version) VALUES ('sitrep', 0)",
                        &[],
                    )?;
                    0
                }
            };
            if version > PG_SCHEMA_VERSION {
                return Err(Fail::Store(StoreError::TooNew {
                    path: self.url.clone(),
                    found: version,
                    known: PG_SCHEMA_VERSION,
                }));
            }
            if version > to_i(i) {
                tx.commit()?;
                continue;
            }
            tx.batch_execute(sql)?;
            if i + 1 == PG_AGG_VERSION {
                for s in crate::aggregate::REFRESH {
                    tx.batch_execute(s)?;
                }
            }
            tx.execute("UPDATE schema_version SET version = $1", &[&to_i(i + 1)])?;
            tx.commit()?;
        }
        Ok(())
    }

    fn ingest_inner(
        &mut self,
        batch: &[DocInput],
        failed: &[FailedDocument],
        commit: &mut dyn FnMut() -> bool,
    ) -> Result<Option<IngestReport>, Fail> {
        let conn = self.conn.get_mut();
        let mut tx = conn.client.transaction()?;
        // One writer at a time (as SQLite's write lock): a batch re-clusters the components it
        // touches from what is committed, so two interleaved batches could each miss the
        // other's reports.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INGEST_LOCK])?;
        let rep = common::ingest(
            &mut Pg {
                c: &mut tx,
                stmts: &mut conn.stmts,
            },
            batch,
            failed,
        )?;
        if !commit() {
            tx.rollback()?;
            return Ok(None);
        }
        tx.commit()?;
        Ok(Some(rep))
    }

    fn failures_inner(&self, id: Option<&str>) -> Result<Vec<FailedDocument>, Fail> {
        self.with(|pg| {
            pg.rows(
                "SELECT id, hash, error FROM failed_documents
                 WHERE $1::TEXT IS NULL OR id = $1 ORDER BY id",
                &[&id],
            )?
            .iter()
            .map(|r| {
                Ok(FailedDocument {
                    id: r.try_get(0)?,
                    hash: r.try_get(1)?,
                    error: r.try_get(2)?,
                })
            })
            .collect()
        })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Pg<'_, Client>) -> Result<T, Fail>) -> Result<T, Fail> {
        let mut guard = self.borrow()?;
        let conn = &mut *guard;
        f(&mut Pg {
            c: &mut conn.client,
            stmts: &mut conn.stmts,
        })
    }

    fn export_inner(
        &self,
        filter: &Filter,
        sink: &mut dyn FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<usize, Fail> {
        let (cond, vals) = filter_sql(filter, Dialect::Postgres, 1);
        let mut sql = format!(
            "SELECT e.id FROM events e WHERE 1 = 1{cond}
             ORDER BY e.date_start IS NULL, e.date_start, e.id"
        );
        if let Some(n) = filter.limit {
            sql.push_str(&format!(" LIMIT {}", to_i(n)));
        }
        let ids: Vec<String> = self.with(|pg| {
            pg.c.query(sql.as_str(), &params(&vals))?
                .iter()
                .map(|r| Ok(r.try_get(0)?))
                .collect()
        })?;
        let mut n = 0;
        for id in ids {
            if let Some(ev) = self.with(|pg| common::assemble(pg, &id))? {
                sink(ev)?;
                n += 1;
            }
        }
        Ok(n)
    }

    fn actors_inner(&self, filter: &Filter) -> Result<Vec<ActorSummary>, Fail> {
        let (cond, vals) = filter_sql(filter, Dialect::Postgres, 1);
        let sql = format!(
            "SELECT p.event_id, e.type, p.role, coalesce(en.name, p.name), p.entity, p.country
             FROM event_parties p JOIN events e ON e.id = p.event_id
             LEFT JOIN entities en ON en.id = p.entity WHERE 1 = 1{cond}
             ORDER BY p.event_id, p.rid"
        );
        let rows = self.with(|pg| Ok(pg.c.query(sql.as_str(), &params(&vals))?))?;
        let mut agg = ActorsAgg::default();
        for r in &rows {
            let role: &str = r.try_get(2)?;
            agg.push(
                r.try_get(0)?,
                r.try_get(1)?,
                role,
                r.try_get(3)?,
                r.try_get(4)?,
                r.try_get(5)?,
            );
        }
        Ok(agg.finish(filter.limit))
    }

    fn stats_inner(&self, filter: &Filter) -> Result<Stats, Fail> {
        let (cond, vals) = filter_sql(filter, Dialect::Postgres, 1);
        let sql = format!(
            "SELECT e.date_start, e.type, count(*) FROM events e WHERE 1 = 1{cond}
             GROUP BY e.date_start, e.type ORDER BY e.date_start IS NULL, e.date_start, e.type"
        );
        let per_day: Vec<DayTypeCount> = self
            .with(|pg| Ok(pg.c.query(sql.as_str(), &params(&vals))?))?
            .iter()
            .map(|r| {
                Ok(DayTypeCount {
                    date: parse_date(r.try_get(0)?),
                    event_type: r.try_get(1)?,
                    events: to_u(r.try_get(2)?),
                })
            })
            .collect::<Result<_, Fail>>()?;
        let mut agg = StatsAgg::new(per_day);
        let sql = format!(
            "SELECT e.id, e.date_start, f.doc_id, f.measure, f.count, f.qualifier, f.claimed_by
             FROM events e JOIN event_figures f ON f.event_id = e.id
             WHERE e.type = 'ASSAULT' AND f.measure IN ('killed', 'injured'){cond}
             ORDER BY e.date_start, e.id, f.doc_id, f.rid"
        );
        for r in self.with(|pg| Ok(pg.c.query(sql.as_str(), &params(&vals))?))? {
            let f = ClaimedFigure {
                event: r.try_get(0)?,
                doc: r.try_get(2)?,
                measure: r.try_get(3)?,
                count: r
                    .try_get::<_, Option<i64>>(4)?
                    .and_then(|n| u64::try_from(n).ok()),
                qualifier: r.try_get(5)?,
                claimed_by: r.try_get(6)?,
            };
            agg.figure(parse_date(r.try_get(1)?), f);
        }
        Ok(agg.finish())
    }

    fn search_inner(&self, words: &str, limit: usize) -> Result<Vec<SearchHit>, Fail> {
        let q = match crate::query::Query::parse(words) {
            Ok(Some(q)) => q.tsquery(),
            Ok(None) => return Ok(Vec::new()),
            Err(e) => return Err(Fail::Store(StoreError::BadQuery(e))),
        };
        let lim = to_i(limit);
        // Snippets are cut after the limit, so only the hits shown pay for them.
        const OPTS: &str =
            "StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…";
        let docs = self.with(|pg| {
            pg.rows(
                "SELECT id, title, published, ts_headline('simple', text, q, $3), rank FROM (
                    SELECT d.id, d.title, d.published, d.text, q, ts_rank(d.tsv, q)::float8 AS rank
                    FROM to_tsquery('simple', $1) q CROSS JOIN documents d
                    WHERE d.tsv @@ q ORDER BY rank DESC, d.id LIMIT $2) s
                 ORDER BY rank DESC, id",
                &[&q, &lim, &OPTS],
            )
        })?;
        let evs = self.with(|pg| {
            pg.rows(
                "SELECT doc_id, title, published, event_id, ts_headline('simple', text, q, $3), rank FROM (
                    SELECT ev.rid, ev.doc_id, d.title, d.published, ev.event_id, ev.text, q,
                           ts_rank(ev.tsv, q)::float8 AS rank
                    FROM to_tsquery('simple', $1) q CROSS JOIN evidence ev
                    LEFT JOIN documents d ON d.id = ev.doc_id
                    WHERE ev.tsv @@ q ORDER BY rank DESC, ev.rid LIMIT $2) s
                 ORDER BY rank DESC, rid",
                &[&q, &lim, &OPTS],
            )
        })?;
        let mut hits = Vec::with_capacity(docs.len() + evs.len());
        for r in &docs {
            hits.push(SearchHit {
                kind: "document".into(),
                doc: r.try_get(0)?,
                title: r.try_get(1)?,
                published: parse_date(r.try_get(2)?),
                event: None,
                snippet: r.try_get(3)?,
                score: r.try_get(4)?,
            });
        }
        for r in &evs {
            hits.push(SearchHit {
                kind: "evidence".into(),
                doc: r.try_get(0)?,
                title: r.try_get(1)?,
                published: parse_date(r.try_get(2)?),
                event: r.try_get(3)?,
                snippet: r.try_get(4)?,
                score: r.try_get(5)?,
            });
        }
        Ok(crate::common::best_hits(hits, limit))
    }

    fn counts_inner(&self) -> Result<Counts, Fail> {
        let row = self.with(|pg| {
            Ok(pg.c.query_one(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),
                        (SELECT count(*) FROM reports), (SELECT count(*) FROM evidence),
                        (SELECT count(*) FROM entities), (SELECT count(*) FROM entity_mentions),
                        (SELECT count(*) FROM quotes), (SELECT count(*) FROM event_figures)",
                &[],
            )?)
        })?;
        let n = |i: usize| -> Result<usize, Fail> { Ok(to_u(row.try_get(i)?)) };
        Ok(Counts {
            documents: n(0)?,
            events: n(1)?,
            reports: n(2)?,
            evidence: n(3)?,
            entities: n(4)?,
            mentions: n(5)?,
            quotes: n(6)?,
            figures: n(7)?,
        })
    }
}

impl Store for PgStore {
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
        self.with(|pg| common::event_by_any_id(pg, id))
            .map_err(|e| self.fail(e))
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

    fn stored_documents(
        &self,
        ids: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        self.with(|pg| {
            let rows =
                pg.c.query("SELECT id FROM documents WHERE id = ANY($1)", &[&ids])?;
            rows.iter()
                .map(|r| Ok(r.try_get::<_, String>(0)?))
                .collect()
        })
        .map_err(|e| self.fail(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_never_shown() {
        assert_eq!(
            redact("postgres://ana:s3cret@127.0.0.1:5432/db"),
            "postgres://ana:***@127.0.0.1:5432/db"
        );
        assert_eq!(
            redact("postgresql://ana@localhost/db?password=s3cret&sslmode=disable"),
            "postgresql://ana@localhost/db?password=***&sslmode=disable"
        );
        assert_eq!(redact("postgres://ana@h/db"), "postgres://ana@h/db");
        assert_eq!(redact("sitrep.db"), "sitrep.db");
    }

    #[test]
    fn unreachable_server_is_named_without_password() {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        let url = "postgres://ana:s3cret@127.0.0.1:1/db";
        let Err(e) = PgStore::connect(url) else {
            panic!("connected to port 1");
        };
        let msg = e.to_string();
        assert!(msg.contains("postgres://ana:***@127.0.0.1:1/db"), "{msg}");
        assert!(!msg.contains("s3cret"), "{msg}");
        let Err(e) = PgStore::connect("postgres://ana:s3cret@127.0.0.1:notaport/db") else {
            panic!("bad URL accepted");
        };
        assert!(!e.to_string().contains("s3cret"), "{e}");
    }
}
