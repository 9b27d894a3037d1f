//! The embedded backend: one SQLite file in WAL mode.
//!
//! Every batch is one `BEGIN IMMEDIATE … COMMIT` transaction, so a crash, a full disk or a
//! SIGKILL mid-batch leaves the file as it was after the previous batch, and re-running the
//! same ingest skips what is already there (documents are keyed by id and content hash).

use crate::error::{Fail, StoreError};
use crate::merge::{
    CLASS_REACH, MergeView, PartyKeys, date_rank, fold, merge_score, place_rank, window,
    window_class,
};
use crate::schema::{APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
use crate::{
    ActorSummary, CasualtyDay, ClaimedFigure, Counts, DayTypeCount, DocInput, Figure, Filter,
    IngestReport, SearchHit, SourceRef, Stats, Store, StoredEvent,
};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};
use sitrep_model::{
    Aux, Claimant, DateInfo, Document, EntityKind, EntityRecord, EventRecord, EventType, Evidence,
    Location, Magnitude, Party, Precision, QuoteRecord,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

#[path = "browse.rs"]
pub(crate) mod browse;

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
    conn: Connection,
    path: String,
    busy_ms: u64,
}

fn to_i(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_u(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

fn aux_str(a: Aux) -> &'static str {
    match a {
        Aux::Future => "future",
        Aux::Historical => "historical",
        Aux::Hypothetical => "hypothetical",
        Aux::Negation => "negation",
    }
}

fn precision_str(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Month => "month",
        Precision::Year => "year",
        Precision::Unknown => "unknown",
    }
}

fn precision_from(s: &str) -> Precision {
    match s {
        "day" => Precision::Day,
        "month" => Precision::Month,
        "year" => Precision::Year,
        _ => Precision::Unknown,
    }
}

fn kind_from(s: &str) -> EntityKind {
    match s {
        "person" => EntityKind::Person,
        "country" => EntityKind::Country,
        "place" => EntityKind::Place,
        "group" => EntityKind::Group,
        _ => EntityKind::Organization,
    }
}

/// The content hash that decides whether a re-ingested document changed. Metadata counts:
/// a new publication date changes how relative dates resolve.
pub fn content_hash(d: &Document) -> String {
    let mut h = Sha256::new();
    for part in [
        d.title.as_deref().unwrap_or(""),
        &d.published.map(|p| p.to_string()).unwrap_or_default(),
        d.url.as_deref().unwrap_or(""),
        d.source.as_deref().unwrap_or(""),
        d.language.as_deref().unwrap_or(""),
        &d.text,
    ] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    let mut s = String::with_capacity(32);
    for b in h.finalize().iter().take(16) {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Turns free words into an FTS5 query that cannot be a syntax error: every word quoted, all
/// required. `None` when there is no word.
pub fn fts_query(words: &str) -> Option<String> {
    let toks: Vec<String> = words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| format!("\"{t}\""))
        .collect();
    (!toks.is_empty()).then(|| toks.join(" "))
}

/// A day in date order with undated last.
type DayKey = (bool, Option<NaiveDate>);

/// The merged view of one stored event (the `events` row).
#[derive(Debug, Clone)]
struct EventRow {
    event_type: EventType,
    aux: Option<Aux>,
    date: Option<DateInfo>,
    location: Option<Location>,
    mode: Vec<String>,
    context: Vec<String>,
    actors: PartyKeys,
    recipients: PartyKeys,
    confidence: f32,
    rule: String,
    n_reports: i64,
}

fn push_new(into: &mut Vec<String>, from: &[String]) {
    for s in from {
        if !into.contains(s) {
            into.push(s.clone());
        }
    }
}

impl EventRow {
    fn from_record(r: &EventRecord) -> EventRow {
        let v = MergeView::of(r);
        EventRow {
            event_type: r.event_type,
            aux: r.aux,
            date: r.date.clone(),
            location: r.location.clone(),
            mode: r.mode.clone(),
            context: r.context.clone(),
            actors: v.actors,
            recipients: v.recipients,
            confidence: r.confidence,
            rule: r.rule.clone(),
            n_reports: 1,
        }
    }

    /// Folds another report of the same event in: the most precise date and place win,
    /// equally precise dates are joined into a range, sides and modes are united.
    fn absorb(&mut self, r: &EventRecord) {
        let (cur, new) = (date_rank(self.date.as_ref()), date_rank(r.date.as_ref()));
        if new < cur {
            self.date = r.date.clone();
        } else if new == cur
            && new <= 2
            && let (Some(a), Some(b)) = (self.date.as_mut(), r.date.as_ref())
        {
            a.start = a.start.min(b.start).or(a.start).or(b.start);
            a.end = a.end.max(b.end);
        }
        if place_rank(r.location.as_ref()) < place_rank(self.location.as_ref()) {
            self.location = r.location.clone();
        }
        push_new(&mut self.mode, &r.mode);
        push_new(&mut self.context, &r.context);
        let v = MergeView::of(r);
        self.actors.union(&v.actors);
        self.recipients.union(&v.recipients);
        self.confidence = self.confidence.max(r.confidence);
        self.n_reports += 1;
    }

    fn view(&self) -> MergeView {
        MergeView {
            aux: self.aux.map(|a| aux_str(a).to_string()),
            window: window(self.date.as_ref()),
            location: self.location.clone(),
            actors: self.actors.clone(),
            recipients: self.recipients.clone(),
            symmetric: self.event_type.is_symmetric(),
        }
    }
}

fn save_row(c: &Connection, id: &str, row: &EventRow) -> Result<(), Fail> {
    let win = row.view().window;
    let d = row.date.as_ref();
    let start = d.and_then(|d| d.start.or(d.end));
    let end = d.and_then(|d| d.end.or(d.start));
    let loc = row.location.as_ref();
    let loc_json = match loc {
        Some(l) => Some(serde_json::to_string(l)?),
        None => None,
    };
    c.prepare_cached(
        "INSERT OR REPLACE INTO events (id, type, aux, date_start, date_end, precision, date_text,
            win_lo, win_hi, win_class, loc_name, loc_country, location, mode, context,
            actor_keys, recipient_keys, confidence, rule, n_reports)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    )?
    .execute(params![
        id,
        row.event_type.as_str(),
        row.aux.map(aux_str),
        start.map(|s| s.to_string()),
        end.map(|s| s.to_string()),
        precision_str(d.map(|d| d.precision).unwrap_or_default()),
        d.and_then(|d| d.text.clone()),
        win.map(|w| w.0),
        win.map(|w| w.1),
        window_class(win),
        loc.map(|l| l.name.clone()),
        loc.and_then(|l| l.country.clone()),
        loc_json,
        serde_json::to_string(&row.mode)?,
        serde_json::to_string(&row.context)?,
        row.actors.encode(),
        row.recipients.encode(),
        f64::from(row.confidence),
        row.rule,
        row.n_reports,
    ])?;
    Ok(())
}

/// Updates the columns a merge usually changes, none of them indexed (a full rewrite would
/// touch every index of the row).
fn update_light(c: &Connection, id: &str, row: &EventRow) -> Result<(), Fail> {
    c.prepare_cached(
        "UPDATE events SET mode = ?2, context = ?3, actor_keys = ?4, recipient_keys = ?5,
            confidence = ?6, n_reports = ?7 WHERE id = ?1",
    )?
    .execute(params![
        id,
        serde_json::to_string(&row.mode)?,
        serde_json::to_string(&row.context)?,
        row.actors.encode(),
        row.recipients.encode(),
        f64::from(row.confidence),
        row.n_reports,
    ])?;
    Ok(())
}

fn load_row(c: &Connection, id: &str) -> Result<Option<EventRow>, Fail> {
    type Raw = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
        String,
        f64,
        String,
        i64,
    );
    let raw: Option<Raw> = c
        .prepare_cached(
            "SELECT type, aux, date_start, date_end, precision, date_text, location, mode, context,
                    actor_keys, recipient_keys, confidence, rule, n_reports
             FROM events WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
                r.get(13)?,
            ))
        })
        .optional()?;
    let Some((ty, aux, ds, de, prec, dtext, loc, mode, context, ak, rk, conf, rule, n)) = raw
    else {
        return Ok(None);
    };
    let event_type: EventType = ty
        .parse()
        .map_err(|e: sitrep_model::UnknownName| Fail::Bad(e.to_string()))?;
    let (start, end) = (parse_date(ds), parse_date(de));
    let precision = precision_from(&prec);
    let date = (start.is_some() || dtext.is_some() || precision != Precision::Unknown).then_some(
        DateInfo {
            start,
            end,
            precision,
            text: dtext,
        },
    );
    Ok(Some(EventRow {
        event_type,
        aux: aux.and_then(|a| a.parse().ok()),
        date,
        location: match loc {
            Some(l) => Some(serde_json::from_str(&l)?),
            None => None,
        },
        mode: serde_json::from_str(&mode)?,
        context: serde_json::from_str(&context)?,
        actors: PartyKeys::decode(&ak),
        recipients: PartyKeys::decode(&rk),
        confidence: conf as f32,
        rule,
        n_reports: n,
    }))
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
        .unwrap_or(0)
}

/// Finds the stored event a record reports, if any (see [`crate::merge`]).
fn find_match(c: &Connection, doc_id: &str, r: &EventRecord) -> Result<Option<String>, Fail> {
    let view = MergeView::of(r);
    let Some((lo, hi)) = view.window else {
        return Ok(None);
    };
    let mut best: Option<(i32, String)> = None;
    let mut stmt = c.prepare_cached(
        "SELECT id, aux, win_lo, win_hi, location, actor_keys, recipient_keys FROM events
         WHERE type = ?1 AND win_class = ?2 AND win_lo BETWEEN ?3 AND ?4 AND win_hi >= ?5
           AND aux IS ?6",
    )?;
    let mut same_doc =
        c.prepare_cached("SELECT 1 FROM reports WHERE event_id = ?1 AND doc_id = ?2 LIMIT 1")?;
    for (class, reach) in CLASS_REACH.iter().enumerate() {
        let mut rows = stmt.query(params![
            r.event_type.as_str(),
            to_i(class),
            lo - reach,
            hi,
            lo,
            view.aux
        ])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let loc: Option<String> = row.get(4)?;
            let other = MergeView {
                aux: row.get(1)?,
                window: Some((row.get(2)?, row.get(3)?)),
                location: match loc {
                    Some(l) => Some(serde_json::from_str(&l)?),
                    None => None,
                },
                actors: PartyKeys::decode(&row.get::<_, String>(5)?),
                recipients: PartyKeys::decode(&row.get::<_, String>(6)?),
                symmetric: view.symmetric,
            };
            let Some(score) = merge_score(&view, &other) else {
                continue;
            };
            if best.as_ref().is_some_and(|(b, _)| *b >= score) {
                continue;
            }
            if same_doc.exists(params![id, doc_id])? {
                continue;
            }
            best = Some((score, id));
        }
    }
    Ok(best.map(|(_, id)| id))
}

/// An event id not yet taken: the record's own, else with a `~n` suffix.
fn fresh_id(c: &Connection, base: &str) -> Result<String, Fail> {
    let mut stmt = c.prepare_cached("SELECT 1 FROM events WHERE id = ?1")?;
    if !stmt.exists([base])? {
        return Ok(base.to_string());
    }
    for n in 2.. {
        let id = format!("{base}~{n}");
        if !stmt.exists([&id])? {
            return Ok(id);
        }
    }
    Err(Fail::Bad(format!("no free id for event {base}")))
}

fn insert_party(c: &Connection, event_id: &str, role: &str, p: &Party) -> Result<(), Fail> {
    let pkey = match &p.entity {
        Some(e) => format!("e:{e}"),
        None => format!("n:{}|{}", fold(&p.name), p.country.as_deref().unwrap_or("")),
    };
    c.prepare_cached(
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
    Ok(())
}

fn insert_parties(c: &Connection, event_id: &str, r: &EventRecord) -> Result<(), Fail> {
    for p in &r.actors {
        insert_party(c, event_id, "actor", p)?;
    }
    for p in &r.recipients {
        insert_party(c, event_id, "recipient", p)?;
    }
    Ok(())
}

/// A record as kept in `reports`: what the merged view is rebuilt from (evidence, figures and
/// claimants live in their own tables).
fn slim_json(r: &EventRecord) -> Result<String, Fail> {
    let slim = EventRecord {
        evidence: Vec::new(),
        magnitude: Vec::new(),
        claimed_by: Vec::new(),
        ..r.clone()
    };
    Ok(serde_json::to_string(&slim)?)
}

/// A figure as compared for duplicates within one record.
type FigureKey<'a> = (&'a str, Option<u64>, &'a str, &'a str, Option<&'a str>);

/// Stores one document's record under `event_id`, with its parties, figures, claimants and
/// evidence attributed to the document (so that a replaced document can be taken out again).
fn insert_children(
    c: &Connection,
    event_id: &str,
    doc_id: &str,
    r: &EventRecord,
) -> Result<(), Fail> {
    c.prepare_cached(
        "INSERT INTO reports (event_id, doc_id, record_id, record) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![event_id, doc_id, r.id, slim_json(r)?])?;
    let report = c.last_insert_rowid();
    insert_parties(c, event_id, r)?;
    let default_claim = r.claimed_by.first().map(|c| c.name.clone());
    let mut seen: HashSet<FigureKey> = HashSet::new();
    let mut fig = c.prepare_cached(
        "INSERT INTO event_figures (event_id, doc_id, measure, count, qualifier, unit, claimed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for m in &r.magnitude {
        let by = m.claimed_by.as_deref().or(default_claim.as_deref());
        if !seen.insert((&m.measure, m.count, &m.qualifier, &m.unit, by)) {
            continue;
        }
        fig.execute(params![
            event_id,
            doc_id,
            m.measure,
            m.count.and_then(|n| i64::try_from(n).ok()),
            m.qualifier,
            m.unit,
            by
        ])?;
    }
    let mut cl = c.prepare_cached(
        "INSERT INTO event_claimants (event_id, doc_id, name, country, entity) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for k in &r.claimed_by {
        cl.execute(params![event_id, doc_id, k.name, k.country, k.entity])?;
    }
    let mut ev = c.prepare_cached(
        "INSERT INTO evidence (event_id, doc_id, report, sentence, start, end, text, rule)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut ev_fts = c.prepare_cached("INSERT INTO evidence_fts(rowid, text) VALUES (?1, ?2)")?;
    for e in &r.evidence {
        ev.execute(params![
            event_id,
            doc_id,
            report,
            to_i(e.sentence),
            to_i(e.start),
            to_i(e.end),
            e.text,
            e.rule.as_deref().or(Some(r.rule.as_str()))
        ])?;
        ev_fts.execute(params![c.last_insert_rowid(), e.text])?;
    }
    Ok(())
}

/// Adds one extracted record; returns whether it joined an existing event.
fn add_report(c: &Connection, doc_id: &str, r: &EventRecord) -> Result<bool, Fail> {
    let (event_id, merged) = match find_match(c, doc_id, r)? {
        Some(id) => {
            let mut row = load_row(c, &id)?
                .ok_or_else(|| Fail::Bad(format!("event {id} vanished during ingest")))?;
            let (date, place) = (row.date.clone(), row.location.clone());
            row.absorb(r);
            if row.date == date && row.location == place {
                update_light(c, &id, &row)?;
            } else {
                save_row(c, &id, &row)?;
            }
            (id, true)
        }
        None => {
            let id = fresh_id(c, &r.id)?;
            save_row(c, &id, &EventRow::from_record(r))?;
            (id, false)
        }
    };
    insert_children(c, &event_id, doc_id, r)?;
    Ok(merged)
}

/// Rebuilds an event's merged view from the reports it still has; deletes it when none is left.
fn recompute(c: &Connection, event_id: &str) -> Result<(), Fail> {
    let recs: Vec<String> = c
        .prepare_cached("SELECT record FROM reports WHERE event_id = ?1 ORDER BY rid")?
        .query_map([event_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    c.prepare_cached("DELETE FROM event_parties WHERE event_id = ?1")?
        .execute([event_id])?;
    let mut row: Option<EventRow> = None;
    for json in &recs {
        let r: EventRecord = serde_json::from_str(json)?;
        insert_parties(c, event_id, &r)?;
        match row.as_mut() {
            Some(row) => row.absorb(&r),
            None => row = Some(EventRow::from_record(&r)),
        }
    }
    match row {
        Some(row) => save_row(c, event_id, &row),
        None => {
            c.execute(
                "INSERT INTO evidence_fts(evidence_fts, rowid, text)
                 SELECT 'delete', rid, text FROM evidence WHERE event_id = ?1",
                [event_id],
            )?;
            for t in [
                "event_parties",
                "event_figures",
                "event_claimants",
                "evidence",
            ] {
                c.execute(&format!("DELETE FROM {t} WHERE event_id = ?1"), [event_id])?;
            }
            c.execute("DELETE FROM events WHERE id = ?1", [event_id])?;
            Ok(())
        }
    }
}

/// Takes out everything read from a document, then the document itself.
fn remove_document(c: &Connection, doc_id: &str) -> Result<(), Fail> {
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
    for e in affected {
        recompute(c, &e)?;
    }
    Ok(())
}

fn insert_document(c: &Connection, d: &Document, hash: &str) -> Result<(), Fail> {
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
        now_secs()
    ])?;
    c.prepare_cached("INSERT INTO documents_fts(rowid, title, text) VALUES (?1, ?2, ?3)")?
        .execute(params![c.last_insert_rowid(), d.title, d.text])?;
    Ok(())
}

/// Entities merge by id: the first name and kind stay, roles and aliases are united, a
/// missing country is filled in. Mentions are kept per document.
fn upsert_entity(c: &Connection, e: &EntityRecord, doc_id: &str) -> Result<(), Fail> {
    let old: Option<(Option<String>, String, String)> = c
        .prepare_cached("SELECT country, roles, aliases FROM entities WHERE id = ?1")?
        .query_row([&e.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match old {
        None => {
            c.prepare_cached(
                "INSERT INTO entities (id, name, kind, country, roles, aliases) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                e.id,
                e.name,
                e.kind.as_str(),
                e.country,
                serde_json::to_string(&e.roles)?,
                serde_json::to_string(&e.aliases)?
            ])?;
        }
        Some((country, roles, aliases)) => {
            let mut r: Vec<String> = serde_json::from_str(&roles)?;
            let mut a: Vec<String> = serde_json::from_str(&aliases)?;
            let (nr, na) = (r.len(), a.len());
            push_new(&mut r, &e.roles);
            push_new(&mut a, &e.aliases);
            if r.len() != nr || a.len() != na || (country.is_none() && e.country.is_some()) {
                c.prepare_cached(
                    "UPDATE entities SET country = coalesce(country, ?2), roles = ?3, aliases = ?4 WHERE id = ?1",
                )?
                .execute(params![
                    e.id,
                    e.country,
                    serde_json::to_string(&r)?,
                    serde_json::to_string(&a)?
                ])?;
            }
        }
    }
    let mut m = c.prepare_cached(
        "INSERT INTO entity_mentions (entity_id, doc_id, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for x in &e.mentions {
        m.execute(params![e.id, doc_id, to_i(x.start), to_i(x.end), x.text])?;
    }
    Ok(())
}

fn insert_quote(c: &Connection, q: &QuoteRecord, doc_id: &str) -> Result<(), Fail> {
    let sp = q.speaker.as_ref();
    c.prepare_cached(
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
        serde_json::to_string(q)?
    ])?;
    Ok(())
}

/// SQL conditions (on alias `e`) and their values for a filter; the limit is not included.
fn filter_sql(f: &Filter) -> (String, Vec<Value>) {
    let mut sql = String::new();
    let mut vals: Vec<Value> = Vec::new();
    let text = |s: &str| Value::Text(s.to_string());
    if let Some(t) = f.event_type {
        sql.push_str(" AND e.type = ?");
        vals.push(text(t.as_str()));
    }
    if let Some(a) = f.actor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        let is_code = (2..=5).contains(&a.len()) && a.chars().all(|c| c.is_ascii_uppercase());
        if is_code {
            sql.push_str(
                " AND e.id IN (SELECT event_id FROM event_parties WHERE country = ? OR entity = ?)",
            );
            vals.extend([text(a), text(a)]);
        } else {
            let pat = format!("%{}%", fold(a));
            sql.push_str(
                " AND e.id IN (SELECT event_id FROM event_parties WHERE name_fold LIKE ? OR entity = ?
                   OR entity IN (SELECT id FROM entities WHERE name LIKE ? OR aliases LIKE ?))",
            );
            vals.extend([text(&pat), text(a), text(&pat), text(&pat)]);
        }
    }
    if let Some(c) = f
        .country
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        sql.push_str(" AND e.loc_country = ?");
        vals.push(text(&c.to_ascii_uppercase()));
    }
    if let Some(p) = f.place.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        sql.push_str(" AND e.loc_name LIKE ?");
        vals.push(text(&format!("%{p}%")));
    }
    if let Some(d) = f.since {
        sql.push_str(" AND e.date_end >= ?");
        vals.push(text(&d.to_string()));
    }
    if let Some(d) = f.until {
        sql.push_str(" AND e.date_start <= ?");
        vals.push(text(&d.to_string()));
    }
    if let Some(q) = f.text.as_deref().and_then(fts_query) {
        sql.push_str(
            " AND e.id IN (SELECT ev.event_id FROM evidence_fts JOIN evidence ev
               ON ev.rid = evidence_fts.rowid WHERE evidence_fts MATCH ?)",
        );
        vals.push(Value::Text(q));
    }
    (sql, vals)
}

/// Reads a stored event with its parties, figures, claimants, evidence and sources.
fn assemble(c: &Connection, id: &str) -> Result<Option<StoredEvent>, Fail> {
    let Some(row) = load_row(c, id)? else {
        return Ok(None);
    };
    let mut actors = Vec::new();
    let mut recipients = Vec::new();
    let mut seen = HashSet::new();
    let mut stmt = c.prepare_cached(
        "SELECT role, pkey, name, entity, kind, country, sector, party_role
         FROM event_parties WHERE event_id = ?1 ORDER BY rid",
    )?;
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let role: String = r.get(0)?;
        let pkey: String = r.get(1)?;
        if !seen.insert((role.clone(), pkey)) {
            continue;
        }
        let p = Party {
            name: r.get(2)?,
            entity: r.get(3)?,
            kind: kind_from(&r.get::<_, String>(4)?),
            country: r.get(5)?,
            sector: r.get(6)?,
            role: r.get(7)?,
        };
        if role == "actor" {
            actors.push(p);
        } else {
            recipients.push(p);
        }
    }
    let figures: Vec<Figure> = c
        .prepare_cached(
            "SELECT doc_id, measure, count, qualifier, unit, claimed_by
             FROM event_figures WHERE event_id = ?1 ORDER BY rid",
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
        .collect::<Result<_, _>>()?;
    let mut magnitude: Vec<Magnitude> = Vec::new();
    for f in &figures {
        let m = Magnitude {
            measure: f.measure.clone(),
            count: f.count,
            qualifier: f.qualifier.clone(),
            unit: f.unit.clone(),
            claimed_by: f.claimed_by.clone(),
        };
        if !magnitude.contains(&m) {
            magnitude.push(m);
        }
    }
    let mut claimed_by: Vec<Claimant> = Vec::new();
    let claims: Vec<Claimant> = c
        .prepare_cached(
            "SELECT name, country, entity FROM event_claimants WHERE event_id = ?1 ORDER BY rid",
        )?
        .query_map([id], |r| {
            Ok(Claimant {
                name: r.get(0)?,
                country: r.get(1)?,
                entity: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    for k in claims {
        if !claimed_by.contains(&k) {
            claimed_by.push(k);
        }
    }
    let evidence: Vec<Evidence> = c
        .prepare_cached(
            "SELECT doc_id, sentence, start, end, text, rule FROM evidence WHERE event_id = ?1 ORDER BY rid",
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
        .collect::<Result<_, _>>()?;
    let sources: Vec<SourceRef> = c
        .prepare_cached(
            "SELECT id, title, published, source, url FROM documents
             WHERE id IN (SELECT doc_id FROM reports WHERE event_id = ?1) ORDER BY rid",
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
        .collect::<Result<_, _>>()?;
    let reports: Vec<String> = c
        .prepare_cached("SELECT record_id FROM reports WHERE event_id = ?1 ORDER BY rid")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Some(StoredEvent {
        record: EventRecord {
            id: id.to_string(),
            event_type: row.event_type,
            mode: row.mode,
            context: row.context,
            aux: row.aux,
            actors,
            recipients,
            location: row.location,
            date: row.date,
            magnitude,
            claimed_by,
            evidence,
            confidence: row.confidence,
            rule: row.rule,
        },
        sources,
        figures,
        reports,
    }))
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
        };
        store
            .init(opts, upto)
            .map_err(|e| e.at(&store.path, store.busy_ms))?;
        Ok(store)
    }

    fn init(&mut self, opts: &OpenOptions, upto: usize) -> Result<(), Fail> {
        self.conn.busy_timeout(opts.busy_timeout)?;
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
            tx.execute_batch(&format!(
                "PRAGMA user_version = {}; PRAGMA application_id = {APPLICATION_ID};",
                i + 1
            ))?;
            tx.commit()?;
        }
        Ok(())
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

    fn ingest_inner(&mut self, batch: &[DocInput]) -> Result<IngestReport, Fail> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut rep = IngestReport::default();
        for d in batch {
            let hash = content_hash(&d.doc);
            let old: Option<String> = tx
                .prepare_cached("SELECT hash FROM documents WHERE id = ?1")?
                .query_row([&d.doc.id], |r| r.get(0))
                .optional()?;
            match old {
                Some(h) if h == hash => {
                    rep.unchanged += 1;
                    continue;
                }
                Some(_) => {
                    remove_document(&tx, &d.doc.id)?;
                    rep.replaced += 1;
                }
                None => rep.added += 1,
            }
            insert_document(&tx, &d.doc, &hash)?;
            for e in &d.entities {
                upsert_entity(&tx, e, &d.doc.id)?;
            }
            for q in &d.quotes {
                insert_quote(&tx, q, &d.doc.id)?;
            }
            for r in &d.events {
                if add_report(&tx, &d.doc.id, r)? {
                    rep.events_merged += 1;
                } else {
                    rep.events_new += 1;
                }
            }
        }
        tx.commit()?;
        Ok(rep)
    }

    fn export_inner(
        &self,
        filter: &Filter,
        sink: &mut dyn FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<usize, Fail> {
        let (cond, mut vals) = filter_sql(filter);
        let mut sql = format!(
            "SELECT e.id FROM events e WHERE 1 = 1{cond}
             ORDER BY e.date_start IS NULL, e.date_start, e.id"
        );
        if let Some(n) = filter.limit {
            sql.push_str(" LIMIT ?");
            vals.push(Value::Integer(to_i(n)));
        }
        let ids: Vec<String> = self
            .conn
            .prepare(&sql)?
            .query_map(rusqlite::params_from_iter(vals), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut n = 0;
        for id in ids {
            if let Some(ev) = assemble(&self.conn, &id)? {
                sink(ev)?;
                n += 1;
            }
        }
        Ok(n)
    }

    fn event_inner(&self, id: &str) -> Result<Option<StoredEvent>, Fail> {
        if let Some(e) = assemble(&self.conn, id)? {
            return Ok(Some(e));
        }
        let via: Option<String> = self
            .conn
            .query_row(
                "SELECT event_id FROM reports WHERE record_id = ?1 ORDER BY rid LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        match via {
            Some(e) => assemble(&self.conn, &e),
            None => Ok(None),
        }
    }

    fn actors_inner(&self, filter: &Filter) -> Result<Vec<ActorSummary>, Fail> {
        let (cond, vals) = filter_sql(filter);
        let sql = format!(
            "SELECT p.event_id, e.type, p.role, p.pkey, p.name, p.entity, p.country
             FROM event_parties p JOIN events e ON e.id = p.event_id WHERE 1 = 1{cond}
             ORDER BY p.event_id, p.rid"
        );
        struct Agg {
            s: ActorSummary,
            counter: HashMap<String, usize>,
        }
        let mut aggs: HashMap<String, Agg> = HashMap::new();
        let mut names: HashMap<String, String> = HashMap::new();
        // (role is actor, key) of the current event's parties.
        let mut cur: Option<(String, String)> = None;
        let mut parts: Vec<(bool, String)> = Vec::new();
        let flush = |ty: &str, parts: &mut Vec<(bool, String)>, aggs: &mut HashMap<String, Agg>| {
            let symmetric = ty.parse::<EventType>().is_ok_and(|t| t.is_symmetric());
            let list = std::mem::take(parts);
            for (i, (is_actor, key)) in list.iter().enumerate() {
                let Some(a) = aggs.get_mut(key) else { continue };
                if *is_actor || symmetric {
                    a.s.as_actor += 1;
                    *a.s.by_type.entry(ty.to_string()).or_default() += 1;
                } else {
                    a.s.as_recipient += 1;
                }
                for (j, (other_actor, other)) in list.iter().enumerate() {
                    let counter = i != j && other != key && (symmetric || is_actor != other_actor);
                    if counter {
                        *a.counter.entry(other.clone()).or_default() += 1;
                    }
                }
            }
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(vals))?;
        while let Some(r) = rows.next()? {
            let event: String = r.get(0)?;
            let ty: String = r.get(1)?;
            if cur.as_ref().is_some_and(|(e, _)| *e != event)
                && let Some((_, t)) = cur.take()
            {
                flush(&t, &mut parts, &mut aggs);
            }
            cur = Some((event, ty));
            let role: String = r.get(2)?;
            let name: String = r.get(4)?;
            let entity: Option<String> = r.get(5)?;
            let country: Option<String> = r.get(6)?;
            let key = match &entity {
                Some(e) => e.clone(),
                None => match &country {
                    Some(c) => format!("{name} [{c}]"),
                    None => name.clone(),
                },
            };
            let is_actor = role == "actor";
            if parts.contains(&(is_actor, key.clone())) {
                continue;
            }
            names.entry(key.clone()).or_insert_with(|| name.clone());
            aggs.entry(key.clone()).or_insert_with(|| Agg {
                s: ActorSummary {
                    key: key.clone(),
                    name,
                    entity,
                    country,
                    as_actor: 0,
                    as_recipient: 0,
                    by_type: BTreeMap::new(),
                    counterparties: Vec::new(),
                },
                counter: HashMap::new(),
            });
            parts.push((is_actor, key));
        }
        if let Some((_, t)) = cur.take() {
            flush(&t, &mut parts, &mut aggs);
        }
        let mut out: Vec<ActorSummary> = aggs
            .into_values()
            .map(|mut a| {
                let mut c: Vec<(String, usize)> = a
                    .counter
                    .into_iter()
                    .map(|(k, n)| (names.get(&k).cloned().unwrap_or(k), n))
                    .collect();
                c.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
                c.truncate(10);
                a.s.counterparties = c;
                a.s
            })
            .collect();
        out.sort_by(|a, b| {
            (b.as_actor + b.as_recipient)
                .cmp(&(a.as_actor + a.as_recipient))
                .then_with(|| a.name.cmp(&b.name))
        });
        if let Some(n) = filter.limit {
            out.truncate(n);
        }
        Ok(out)
    }

    fn stats_inner(&self, filter: &Filter) -> Result<Stats, Fail> {
        let (cond, vals) = filter_sql(filter);
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
        let mut days: BTreeMap<(bool, Option<NaiveDate>), CasualtyDay> = BTreeMap::new();
        let day = |d: Option<NaiveDate>| CasualtyDay {
            date: d,
            assaults: 0,
            killed_low: 0,
            killed_high: 0,
            injured_low: 0,
            injured_high: 0,
            figures: Vec::new(),
        };
        for c in per_day.iter().filter(|c| c.event_type == "ASSAULT") {
            days.entry((c.date.is_none(), c.date))
                .or_insert_with(|| day(c.date))
                .assaults += c.events;
        }
        let sql = format!(
            "SELECT e.id, e.date_start, f.doc_id, f.measure, f.count, f.qualifier, f.claimed_by
             FROM events e JOIN event_figures f ON f.event_id = e.id
             WHERE e.type = 'ASSAULT' AND f.measure IN ('killed', 'injured'){cond}
             ORDER BY e.date_start, e.id, f.rid"
        );
        // (day, event, measure) -> (lowest, highest) figure.
        let mut ranges: BTreeMap<(DayKey, String, String), (u64, u64)> = BTreeMap::new();
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(vals))?;
        while let Some(r) = rows.next()? {
            let date = parse_date(r.get(1)?);
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
            let k = (date.is_none(), date);
            if let Some(n) = f.count {
                let e = ranges
                    .entry((k, f.event.clone(), f.measure.clone()))
                    .or_insert((n, n));
                e.0 = e.0.min(n);
                e.1 = e.1.max(n);
            }
            days.entry(k).or_insert_with(|| day(date)).figures.push(f);
        }
        for ((k, _, measure), (lo, hi)) in ranges {
            if let Some(d) = days.get_mut(&k) {
                if measure == "killed" {
                    d.killed_low += lo;
                    d.killed_high += hi;
                } else {
                    d.injured_low += lo;
                    d.injured_high += hi;
                }
            }
        }
        Ok(Stats {
            per_day,
            casualties: days.into_values().collect(),
        })
    }

    fn search_inner(&self, words: &str, limit: usize) -> Result<Vec<SearchHit>, Fail> {
        let Some(q) = fts_query(words) else {
            return Ok(Vec::new());
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
        Ok(hits)
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
    fn ingest_batch(&mut self, batch: &[DocInput]) -> Result<IngestReport, StoreError> {
        let r = self.ingest_inner(batch);
        r.map_err(|e| self.fail(e))
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
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
