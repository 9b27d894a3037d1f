//! What every backend does the same way: how a batch is ingested (idempotence, replacement,
//! cross-report merging), how a stored event is put back together, how actors and casualty
//! figures are summed up. Backends only supply the SQL, through [`Ops`] (writes inside one
//! transaction) and [`Reader`] (the reads that rebuild an event), so SQLite and PostgreSQL
//! give the same answers by construction.

use crate::cluster::{Rep, Seed, cluster, components, event_id, links, sort_key};
use crate::error::Fail;
use crate::merge::{
    CLASS_REACH, MergeView, PartyKeys, date_rank, fold, merge_score, place_rank, window,
    window_class,
};
use crate::{
    ActorSummary, CasualtyDay, ClaimedFigure, DayTypeCount, DocInput, FailedDocument, Figure,
    Filter, IngestReport, SourceRef, Stats, StoredEvent,
};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use sitrep_model::{
    Aux, Claimant, DateInfo, Document, EntityKind, EntityRecord, EventRecord, EventType, Evidence,
    Location, Magnitude, MentionRef, Party, Precision, QuoteRecord,
};
use std::cell::Cell;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

thread_local! {
    /// Merge tests made by ingests on this thread: the work the clustering costs, counted so
    /// that a test can tell whether it grows with the reports an event already has.
    static MERGE_TESTS: Cell<u64> = const { Cell::new(0) };
}

fn count_work(n: u64) {
    MERGE_TESTS.with(|c| c.set(c.get() + n));
}

/// Merge tests made by ingests on this thread so far.
#[cfg(test)]
pub(crate) fn merge_tests() -> u64 {
    MERGE_TESTS.with(Cell::get)
}

pub(crate) fn to_i(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(crate) fn to_u(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

pub(crate) fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

pub(crate) fn aux_str(a: Aux) -> &'static str {
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

pub(crate) fn kind_from(s: &str) -> EntityKind {
    match s {
        "person" => EntityKind::Person,
        "country" => EntityKind::Country,
        "place" => EntityKind::Place,
        "group" => EntityKind::Group,
        _ => EntityKind::Organization,
    }
}

fn push_new(into: &mut Vec<String>, from: &[String]) {
    for s in from {
        if !into.contains(s) {
            into.push(s.clone());
        }
    }
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
        .unwrap_or(0)
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

/// The words of a search, split the way both full-text indexes split text (on anything that
/// is not a letter or digit), so that a query can never be a syntax error in either.
pub(crate) fn search_words(words: &str) -> Vec<&str> {
    words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Document and evidence hits of one search, best first, cut to exactly `limit` (each index
/// is asked for `limit` hits, so together they may hold twice as many).
pub(crate) fn best_hits(mut hits: Vec<crate::SearchHit>, limit: usize) -> Vec<crate::SearchHit> {
    hits.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    hits.truncate(limit);
    hits
}

/// A day in date order with undated last.
type DayKey = (bool, Option<NaiveDate>);

/// The merged view of one stored event (the `events` row).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EventRow {
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

/// An `events` row as columns, ready to bind.
pub(crate) struct EventCols {
    pub event_type: &'static str,
    pub aux: Option<&'static str>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub precision: &'static str,
    pub date_text: Option<String>,
    pub win_lo: Option<i64>,
    pub win_hi: Option<i64>,
    pub win_class: i64,
    pub loc_name: Option<String>,
    pub loc_country: Option<String>,
    pub location: Option<String>,
    pub mode: String,
    pub context: String,
    pub actor_keys: String,
    pub recipient_keys: String,
    pub confidence: f64,
    pub rule: String,
    pub n_reports: i64,
}

/// An `events` row as read back (column order of [`EVENT_COLUMNS`]).
pub(crate) struct RawRow {
    pub ty: String,
    pub aux: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub precision: String,
    pub date_text: Option<String>,
    pub location: Option<String>,
    pub mode: String,
    pub context: String,
    pub actor_keys: String,
    pub recipient_keys: String,
    pub confidence: f64,
    pub rule: String,
    pub n_reports: i64,
}

/// The columns [`RawRow`] is read from, in its order.
pub(crate) const EVENT_COLUMNS: &str = "type, aux, date_start, date_end, precision, date_text, \
     location, mode, context, actor_keys, recipient_keys, confidence, rule, n_reports";

impl RawRow {
    pub(crate) fn into_row(self) -> Result<EventRow, Fail> {
        let event_type: EventType = self
            .ty
            .parse()
            .map_err(|e: sitrep_model::UnknownName| Fail::Bad(e.to_string()))?;
        let (start, end) = (parse_date(self.date_start), parse_date(self.date_end));
        let precision = precision_from(&self.precision);
        let dtext = self.date_text;
        let date = (start.is_some() || dtext.is_some() || precision != Precision::Unknown)
            .then_some(DateInfo {
                start,
                end,
                precision,
                text: dtext,
            });
        Ok(EventRow {
            event_type,
            aux: self.aux.and_then(|a| a.parse().ok()),
            date,
            location: match self.location {
                Some(l) => Some(serde_json::from_str(&l)?),
                None => None,
            },
            mode: serde_json::from_str(&self.mode)?,
            context: serde_json::from_str(&self.context)?,
            actors: PartyKeys::decode(&self.actor_keys),
            recipients: PartyKeys::decode(&self.recipient_keys),
            confidence: self.confidence as f32,
            rule: self.rule,
            n_reports: self.n_reports,
        })
    }
}

/// A date as the `events` row keeps it (a lone end date is also the start), so that a row
/// read back is the row written.
fn stored_date(d: Option<&DateInfo>) -> Option<DateInfo> {
    d.map(|d| DateInfo {
        start: d.start.or(d.end),
        end: d.end.or(d.start),
        ..d.clone()
    })
}

impl EventRow {
    pub(crate) fn from_record(r: &EventRecord) -> EventRow {
        let v = MergeView::of(r);
        EventRow {
            event_type: r.event_type,
            aux: r.aux,
            date: stored_date(r.date.as_ref()),
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
    pub(crate) fn absorb(&mut self, r: &EventRecord) {
        let date = stored_date(r.date.as_ref());
        let (cur, new) = (date_rank(self.date.as_ref()), date_rank(date.as_ref()));
        if new < cur {
            self.date = date;
        } else if new == cur
            && new <= 2
            && let (Some(a), Some(b)) = (self.date.as_mut(), date.as_ref())
        {
            let start = a.start.min(b.start).or(a.start).or(b.start);
            let end = a.end.max(b.end);
            // Day dates are joined into at most a two-day range ("Monday" in one report,
            // "Tuesday" in another, of one overnight attack): an event whose window grew with
            // every report would chain a month of daily strikes on one town into one event.
            let short = match (start, end) {
                (Some(s), Some(e)) => a.precision != Precision::Day || (e - s).num_days() <= 1,
                _ => true,
            };
            if short {
                a.start = start;
                a.end = end;
            }
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

    pub(crate) fn event_type(&self) -> EventType {
        self.event_type
    }

    /// What the event looks like to the merge test.
    pub(crate) fn view(&self) -> MergeView {
        MergeView {
            aux: self
                .aux
                .and_then(|a| serde_json::to_value(a).ok()?.as_str().map(str::to_string)),
            window: window(self.date.as_ref()),
            location: self.location.clone(),
            place_key: self.location.as_ref().map(|l| fold(&l.name)),
            actors: self.actors.clone(),
            recipients: self.recipients.clone(),
            symmetric: self.event_type.is_symmetric(),
        }
    }

    pub(crate) fn cols(&self) -> Result<EventCols, Fail> {
        let win = window(self.date.as_ref());
        let d = self.date.as_ref();
        let loc = self.location.as_ref();
        Ok(EventCols {
            event_type: self.event_type.as_str(),
            aux: self.aux.map(aux_str),
            date_start: d.and_then(|d| d.start.or(d.end)).map(|s| s.to_string()),
            date_end: d.and_then(|d| d.end.or(d.start)).map(|s| s.to_string()),
            precision: precision_str(d.map(|d| d.precision).unwrap_or_default()),
            date_text: d.and_then(|d| d.text.clone()),
            win_lo: win.map(|w| w.0),
            win_hi: win.map(|w| w.1),
            win_class: window_class(win),
            loc_name: loc.map(|l| l.name.clone()),
            loc_country: loc.and_then(|l| l.country.clone()),
            location: match loc {
                Some(l) => Some(serde_json::to_string(l)?),
                None => None,
            },
            mode: serde_json::to_string(&self.mode)?,
            context: serde_json::to_string(&self.context)?,
            actor_keys: self.actors.encode(),
            recipient_keys: self.recipients.encode(),
            confidence: f64::from(self.confidence),
            rule: self.rule.clone(),
            n_reports: self.n_reports,
        })
    }
}

/// The columns [`StoredRep`] is read from, in its order.
pub(crate) const REPORT_COLUMNS: &str = "rid, doc_id, skey, event_id, comp, record";

/// A stored report as read back for clustering.
pub(crate) struct StoredRep {
    pub rid: i64,
    pub doc_id: String,
    pub skey: Option<String>,
    /// Empty while the report is being placed.
    pub event_id: String,
    /// Its link component (see [`crate::cluster`]); `None` for reports stored before
    /// components were kept, until the next ingest places them.
    pub comp: Option<i64>,
    pub record: String,
}

/// A new report row: the slim record and the columns its merge candidates are found by.
pub(crate) struct ReportCols<'a> {
    pub doc_id: &'a str,
    pub record_id: &'a str,
    pub json: &'a str,
    pub skey: &'a str,
    pub win: WinCols,
}

/// The columns of a report that block merge candidates: type, auxiliary mode and window.
pub(crate) struct WinCols {
    pub ty: &'static str,
    pub aux: Option<&'static str>,
    pub win_lo: Option<i64>,
    pub win_hi: Option<i64>,
    pub win_class: i64,
}

impl WinCols {
    fn of(r: &EventRecord) -> WinCols {
        let w = window(r.date.as_ref());
        WinCols {
            ty: r.event_type.as_str(),
            aux: r.aux.map(aux_str),
            win_lo: w.map(|w| w.0),
            win_hi: w.map(|w| w.1),
            win_class: window_class(w),
        }
    }
}

/// An event's recorded casualty contributions (`agg_ev_days`, `agg_ev_claims`).
pub(crate) struct EventAggregates {
    /// Killed low and high, injured low and high.
    pub days: [i64; 4],
    /// The largest killed figure of each claimant.
    pub claims: Vec<(String, i64)>,
}

impl EventAggregates {
    /// Whether adding the figures of `r` leaves these contributions as they are: every
    /// killed and injured figure within the recorded range, and each killed figure no more
    /// than its claimant's recorded largest (see [`crate::aggregate`]).
    fn keep(&self, r: &EventRecord) -> bool {
        let default_claim = r.claimed_by.first().map(|c| c.name.as_str());
        r.magnitude.iter().all(|m| {
            let Some(c) = m.count.and_then(|n| i64::try_from(n).ok()) else {
                return true;
            };
            let [klo, khi, ilo, ihi] = self.days;
            match m.measure.as_str() {
                "killed" => {
                    let by = m
                        .claimed_by
                        .as_deref()
                        .or(default_claim)
                        .unwrap_or("unattributed");
                    (klo..=khi).contains(&c) && self.claims.iter().any(|(k, n)| k == by && *n >= c)
                }
                "injured" => (ilo..=ihi).contains(&c),
                _ => true,
            }
        })
    }
}

/// One figure of a record as stored: the figure's own claimant, else the record's first.
pub(crate) struct FigureRow<'a> {
    pub measure: &'a str,
    pub count: Option<i64>,
    pub qualifier: &'a str,
    pub unit: &'a str,
    pub claimed_by: Option<&'a str>,
}

/// The writes an ingest needs, all inside the batch's transaction. Each is one statement (or
/// a few) with no decisions in it: the decisions are made here, once for every backend.
pub(crate) trait Ops {
    /// Lists an event whose row, parties or figures this batch changes (or deletes), for
    /// [`Ops::refresh_aggregates`].
    fn mark_dirty(&mut self, event_id: &str) -> Result<(), Fail>;
    /// Brings the aggregates up to date with the listed events (see [`crate::aggregate`]).
    fn refresh_aggregates(&mut self) -> Result<(), Fail>;
    fn doc_hash(&mut self, id: &str) -> Result<Option<String>, Fail>;
    fn insert_document(&mut self, d: &Document, hash: &str, now: i64) -> Result<(), Fail>;
    /// Component and record id of each of a document's reports.
    fn doc_reports(&mut self, doc_id: &str) -> Result<Vec<(Option<i64>, String)>, Fail>;
    /// Deletes a document with its reports, evidence, figures, claimants, quotes and
    /// mentions (and their index entries); returns the events it had reports in.
    fn delete_document(&mut self, doc_id: &str) -> Result<Vec<String>, Fail>;
    fn clear_parties(&mut self, event_id: &str) -> Result<(), Fail>;
    /// Deletes an event with whatever is still attached to it.
    fn delete_event(&mut self, event_id: &str) -> Result<(), Fail>;
    /// Inserts or replaces the whole row.
    fn save_row(&mut self, id: &str, c: &EventCols) -> Result<(), Fail>;
    /// Inserts a report not yet placed in an event (empty event id, no component); returns
    /// its row id.
    fn insert_report(&mut self, r: &ReportCols) -> Result<i64, Fail>;
    /// Reports of type `ty`, window class `class` and auxiliary mode `aux` whose window
    /// starts in `from..=to` and ends on or after `lo` (with an empty `record`: most
    /// candidates are decided by their component alone).
    fn report_candidates(
        &mut self,
        ty: &str,
        class: i64,
        range: (i64, i64, i64),
        aux: Option<&str>,
    ) -> Result<Vec<StoredRep>, Fail>;
    /// The slim record of a report.
    fn report_record(&mut self, rid: i64) -> Result<String, Fail>;
    /// The reports of one component.
    fn comp_reports(&mut self, comp: i64) -> Result<Vec<StoredRep>, Fail>;
    /// Placed reports without a component (stored by an older version).
    fn unplaced_reports(&mut self) -> Result<Vec<StoredRep>, Fail>;
    /// Sets the candidate columns of a report stored by an older version.
    fn set_report_window(&mut self, rid: i64, w: &WinCols) -> Result<(), Fail>;
    /// (row id, document, sort key, component) of every report with this record id.
    #[allow(clippy::type_complexity)]
    fn record_id_reports(
        &mut self,
        record_id: &str,
    ) -> Result<Vec<(i64, String, String, Option<i64>)>, Fail>;
    fn set_report_event(&mut self, rid: i64, event_id: &str) -> Result<(), Fail>;
    fn set_report_comp(&mut self, rid: i64, comp: i64) -> Result<(), Fail>;
    /// Sets the window class of a report (plus [`SETTLED`] for a report of a settled
    /// component).
    fn set_report_class(&mut self, rid: i64, class: i64) -> Result<(), Fail>;
    /// The window class of one report of a component (enough to tell a settled one).
    fn comp_class(&mut self, comp: i64) -> Result<Option<i64>, Fail>;
    /// Events of type `ty`, window class `class` and auxiliary mode `aux` whose window starts
    /// in `from..=to` and ends on or after `lo`, with the component and window class of
    /// their first report.
    #[allow(clippy::type_complexity)]
    fn event_candidates(
        &mut self,
        ty: &str,
        class: i64,
        range: (i64, i64, i64),
        aux: Option<&str>,
    ) -> Result<Vec<(String, Option<i64>, Option<i64>)>, Fail>;
    /// Moves a report's evidence, figures and claimants to another event.
    fn move_children(&mut self, rid: i64, event_id: &str) -> Result<(), Fail>;
    /// Inserts a party unless the event has one with the same role and key; whether it did.
    fn insert_party(
        &mut self,
        event_id: &str,
        role: &str,
        pkey: &str,
        p: &Party,
    ) -> Result<bool, Fail>;
    /// What an event contributes to the casualty aggregates, as last recorded.
    fn event_aggregates(&mut self, event_id: &str) -> Result<Option<EventAggregates>, Fail>;
    fn insert_figure(
        &mut self,
        event_id: &str,
        doc_id: &str,
        report: i64,
        f: &FigureRow,
    ) -> Result<(), Fail>;
    fn insert_claimant(
        &mut self,
        event_id: &str,
        doc_id: &str,
        report: i64,
        c: &Claimant,
    ) -> Result<(), Fail>;
    fn insert_evidence(
        &mut self,
        event_id: &str,
        doc_id: &str,
        report: i64,
        e: &Evidence,
        rule: &str,
    ) -> Result<(), Fail>;
    /// Country, roles (JSON) and aliases (JSON) of a stored entity.
    fn entity(&mut self, id: &str) -> Result<Option<(Option<String>, String, String)>, Fail>;
    fn insert_entity(&mut self, e: &EntityRecord, roles: &str, aliases: &str) -> Result<(), Fail>;
    /// Sets roles and aliases, and the country where none was known.
    fn update_entity(
        &mut self,
        id: &str,
        country: Option<&str>,
        roles: &str,
        aliases: &str,
    ) -> Result<(), Fail>;
    fn insert_mention(&mut self, entity_id: &str, doc_id: &str, m: &MentionRef)
    -> Result<(), Fail>;
    /// Inserts or replaces a quote by id.
    fn upsert_quote(&mut self, q: &QuoteRecord, doc_id: &str, json: &str) -> Result<(), Fail>;
    /// Records (or updates) a failed document.
    fn record_failure(&mut self, f: &FailedDocument, now: i64) -> Result<(), Fail>;
    fn clear_failure(&mut self, id: &str) -> Result<(), Fail>;
}

/// A component of more than this many reports is settled: it is no longer re-clustered as a
/// whole when a batch touches it (which costs a read of every report in it, every batch, and
/// made ingest quadratic in the reports per story), and its events take new reports by their
/// merged views (see [`crate::cluster`]).
pub(crate) const SETTLE_AT: usize = 2000;

/// [`SETTLE_AT`], or `SITREP_SETTLE_AT` from the environment where set (to measure what
/// settling costs or changes on a corpus; `SITREP_SETTLE_AT=0` settles every component,
/// a large number none).
fn settle_at() -> usize {
    static AT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *AT.get_or_init(|| {
        std::env::var("SITREP_SETTLE_AT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(SETTLE_AT)
    })
}

/// Added to the window class of every report of a settled component, so that the candidate
/// scan (which reads classes `0..CLASS_REACH.len()`) passes over them.
pub(crate) const SETTLED: i64 = 10;

/// A report of this batch, waiting to be placed.
struct NewRep<'a> {
    rid: i64,
    doc_id: &'a str,
    skey: String,
    record: &'a EventRecord,
}

/// What a batch changed, for [`place`].
#[derive(Default)]
struct Work<'a> {
    new: Vec<NewRep<'a>>,
    /// Components that lost reports (replaced documents) or must be re-clustered.
    comps: BTreeSet<i64>,
    /// Record ids whose reports changed: the events named after them may change name.
    record_ids: BTreeSet<String>,
    /// Events that lost reports.
    touched: BTreeSet<String>,
    /// Reports stored by an older version, without a component: re-clustered once.
    unplaced: Vec<StoredRep>,
}

/// Stores a batch through `ops` (the caller owns the transaction).
pub(crate) fn ingest<O: Ops + Reader>(
    ops: &mut O,
    batch: &[DocInput],
    failed: &[FailedDocument],
) -> Result<IngestReport, Fail> {
    let mut rep = IngestReport::default();
    for f in failed {
        ops.record_failure(f, now_secs())?;
        rep.failed += 1;
    }
    let mut work = Work {
        unplaced: ops.unplaced_reports()?,
        ..Work::default()
    };
    for s in &work.unplaced {
        let r: EventRecord = serde_json::from_str(&s.record)?;
        ops.set_report_window(s.rid, &WinCols::of(&r))?;
    }
    for d in batch {
        let hash = content_hash(&d.doc);
        ops.clear_failure(&d.doc.id)?;
        match ops.doc_hash(&d.doc.id)? {
            Some(h) if h == hash => {
                rep.unchanged += 1;
                continue;
            }
            Some(_) => {
                for (comp, record_id) in ops.doc_reports(&d.doc.id)? {
                    work.comps.extend(comp);
                    work.record_ids.insert(record_id);
                }
                work.touched.extend(
                    ops.delete_document(&d.doc.id)?
                        .into_iter()
                        .filter(|e| !e.is_empty()),
                );
                // The same id twice in one batch: the earlier version is gone.
                work.new.retain(|n| n.doc_id != d.doc.id);
                work.unplaced.retain(|s| s.doc_id != d.doc.id);
                rep.replaced += 1;
            }
            None => rep.added += 1,
        }
        ops.insert_document(&d.doc, &hash, now_secs())?;
        for e in &d.entities {
            upsert_entity(ops, e, &d.doc.id)?;
        }
        for q in &d.quotes {
            ops.upsert_quote(q, &d.doc.id, &serde_json::to_string(q)?)?;
        }
        let skey = sort_key(d.doc.published, &d.doc.id);
        for r in &d.events {
            let rid = ops.insert_report(&ReportCols {
                doc_id: &d.doc.id,
                record_id: &r.id,
                json: &slim_json(r)?,
                skey: &skey,
                win: WinCols::of(r),
            })?;
            work.new.push(NewRep {
                rid,
                doc_id: &d.doc.id,
                skey: skey.clone(),
                record: r,
            });
        }
    }
    place(ops, work, &mut rep)?;
    ops.refresh_aggregates()?;
    Ok(rep)
}

/// The canonical key of the report an event is named after (see [`event_id`]): the first
/// report with its record id, or the n-th of that record id in the document its id names.
fn first_report<O: Ops>(ops: &mut O, event: &str) -> Result<(String, i64), Fail> {
    let mut parts = event.splitn(3, '~');
    let record = parts.next().unwrap_or(event);
    let doc = parts.next();
    let nth: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let mut rows: Vec<(String, i64, String)> = ops
        .record_id_reports(record)?
        .into_iter()
        .map(|(rid, d, skey, _)| (skey, rid, d))
        .collect();
    let found = match doc {
        None => rows.into_iter().min(),
        Some(d) => {
            rows.retain(|r| r.2 == d);
            rows.sort_by_key(|r| r.1);
            rows.into_iter().nth(nth.saturating_sub(1))
        }
    };
    Ok(found.map_or_else(|| ("~".to_string(), i64::MAX), |(skey, rid, _)| (skey, rid)))
}

fn stored_rep(s: StoredRep) -> Result<(Rep, Option<i64>, String), Fail> {
    let record: EventRecord = serde_json::from_str(&s.record)?;
    let skey = s.skey.unwrap_or_else(|| sort_key(None, &s.doc_id));
    Ok((Rep::new(s.rid, s.doc_id, skey, record), s.comp, s.event_id))
}

/// Places the batch's new reports in events, re-clustering every component they touch (see
/// [`crate::cluster`]): the stored events stay what clustering all reports from scratch
/// would give.
fn place<O: Ops + Reader>(ops: &mut O, work: Work, rep: &mut IngestReport) -> Result<(), Fail> {
    let Work {
        new,
        mut comps,
        mut record_ids,
        touched,
        unplaced,
    } = work;
    // Components linked to a new report. Candidates are looked up once per distinct type,
    // auxiliary mode and window among the batch's new reports (a batch retelling a few
    // stories asks a few questions), against the distinct views with that window; each
    // stored candidate's record is read at most once per batch.
    type Group<'a> = Vec<(MergeView, Vec<&'a str>)>;
    let mut groups: BTreeMap<(&str, Option<String>, i64, i64), Group> = BTreeMap::new();
    for n in &new {
        let view = MergeView::of(n.record);
        record_ids.insert(n.record.id.clone());
        let Some((lo, hi)) = view.window else {
            continue;
        };
        let key = (n.record.event_type.as_str(), view.aux.clone(), lo, hi);
        let group = groups.entry(key).or_default();
        match group.iter_mut().find(|(v, _)| *v == view) {
            Some((_, docs)) => docs.push(n.doc_id),
            None => group.push((view, vec![n.doc_id])),
        }
    }
    let mut read: HashMap<i64, (EventType, MergeView)> = HashMap::new();
    let mut tests = 0u64;
    for ((ty, aux, lo, hi), group) in &groups {
        for (class, reach) in CLASS_REACH.iter().enumerate() {
            let cands =
                ops.report_candidates(ty, to_i(class), (lo - reach, *hi, *lo), aux.as_deref())?;
            for c in cands {
                let Some(comp) = c.comp else { continue };
                if comps.contains(&comp) {
                    continue;
                }
                let other_doc = |docs: &Vec<&str>| docs.iter().any(|d| *d != c.doc_id);
                if !group.iter().any(|(_, docs)| other_doc(docs)) {
                    continue;
                }
                let (cty, cview) = match read.entry(c.rid) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(e) => {
                        let record: EventRecord = serde_json::from_str(&ops.report_record(c.rid)?)?;
                        e.insert((record.event_type, MergeView::of(&record)))
                    }
                };
                if cty.as_str() != *ty {
                    continue;
                }
                let hit = group.iter().any(|(v, docs)| {
                    other_doc(docs) && {
                        tests += 1;
                        merge_score(v, cview).is_some()
                    }
                });
                if hit {
                    comps.insert(comp);
                }
            }
        }
    }
    // Components whose event names may change: those holding a report with a record id that
    // was added or removed.
    for id in &record_ids {
        for (_, _, _, comp) in ops.record_id_reports(id)? {
            comps.extend(comp);
        }
    }
    // The events of settled components the new reports may join (those not re-clustered
    // anyway), in id order.
    let mut seeds: Vec<Seed> = Vec::new();
    let mut offered: HashSet<String> = HashSet::new();
    for (ty, aux, lo, hi) in groups.keys() {
        for (class, reach) in CLASS_REACH.iter().enumerate() {
            let range = (lo - reach, *hi, *lo);
            for (id, comp, wc) in ops.event_candidates(ty, to_i(class), range, aux.as_deref())? {
                let (Some(comp), Some(wc)) = (comp, wc) else {
                    continue;
                };
                if wc < SETTLED || comps.contains(&comp) || touched.contains(&id) {
                    continue;
                }
                if !offered.insert(id.clone()) {
                    continue;
                }
                if let Some(raw) = ops.load_row(&id)? {
                    let first = first_report(ops, &id)?;
                    seeds.push(Seed {
                        id,
                        comp,
                        row: raw.into_row()?,
                        first,
                    });
                }
            }
        }
    }
    seeds.sort_by(|a, b| a.id.cmp(&b.id));
    // Everything to re-cluster: whole components, the new reports, and old unplaced ones.
    let mut reps: Vec<Rep> = Vec::new();
    let mut old: Vec<(Option<i64>, String)> = Vec::new();
    // Whether each old report is in a settled component now.
    let mut was_settled: Vec<bool> = Vec::new();
    for s in unplaced {
        let (r, comp, ev) = stored_rep(s)?;
        reps.push(r);
        old.push((comp, ev));
        was_settled.push(false);
    }
    for &c in &comps {
        let settled = ops.comp_class(c)?.is_some_and(|k| k >= SETTLED);
        for s in ops.comp_reports(c)? {
            let (r, comp, ev) = stored_rep(s)?;
            reps.push(r);
            old.push((comp, ev));
            was_settled.push(settled);
        }
    }
    let n_old = reps.len();
    let mut full: HashMap<i64, &NewRep> = HashMap::new();
    for n in &new {
        reps.push(Rep::new(
            n.rid,
            n.doc_id.to_string(),
            n.skey.clone(),
            n.record.clone(),
        ));
        full.insert(n.rid, n);
    }
    let links = links(&reps);
    let labels = components(&reps, &links);
    let n_seeds = seeds.len();
    let (clusters, cluster_tests) = cluster(&reps, &links, &seeds, |i| i >= n_old);
    count_work(tests + links.comparisons + cluster_tests);
    let is_new = |i: usize| i >= n_old;
    let old_event = |i: usize| (!is_new(i)).then(|| old[i].1.as_str());
    let mut old_size: HashMap<&str, usize> = HashMap::new();
    for (_, ev) in &old {
        *old_size.entry(ev.as_str()).or_default() += 1;
    }
    let mut kept: HashSet<String> = HashSet::new();
    // New reports placed in a settled event.
    let mut in_seed: HashSet<usize> = HashSet::new();
    for (cl, sd) in clusters.iter().zip(&seeds) {
        if cl.members.is_empty() {
            continue;
        }
        let (was, now) = (sd.row.cols()?, cl.row.cols()?);
        // The event counts in the aggregates by its days, type, parties and casualty
        // figures; only when one of these changes is it recounted (a recount reads every
        // figure of the event, thousands for a settled one).
        let mut dirty = (was.event_type, &was.date_start, &was.date_end)
            != (now.event_type, &now.date_start, &now.date_end);
        let casualties = now.event_type == EventType::Assault.as_str() && now.date_start.is_some();
        let recorded = if casualties && !dirty {
            ops.event_aggregates(&sd.id)?
        } else {
            None
        };
        dirty |= casualties && recorded.is_none();
        for &i in &cl.members {
            let r = &reps[i];
            in_seed.insert(i);
            ops.set_report_event(r.rid, &sd.id)?;
            ops.set_report_comp(r.rid, sd.comp)?;
            ops.set_report_class(r.rid, window_class(r.view.window) + SETTLED)?;
            let sides = [
                ("actor", &r.record.actors),
                ("recipient", &r.record.recipients),
            ];
            for (role, parties) in sides {
                for p in parties {
                    dirty |= ops.insert_party(&sd.id, role, &party_key(p), p)?;
                }
            }
            if let Some(n) = full.get(&r.rid) {
                insert_children(ops, &sd.id, n.doc_id, n.rid, n.record)?;
                dirty |= recorded.as_ref().is_some_and(|a| !a.keep(n.record));
            }
        }
        ops.save_row(&sd.id, &now)?;
        rep.events_merged += cl.members.len();
        if dirty {
            ops.mark_dirty(&sd.id)?;
        }
    }
    for cl in &clusters[n_seeds..] {
        let seed = &reps[cl.members[0]];
        let same: Vec<(i64, String, String)> = ops
            .record_id_reports(&seed.record.id)?
            .into_iter()
            .map(|(rid, doc, skey, _)| (rid, doc, skey))
            .collect();
        let id = event_id(seed, &same);
        let unchanged = !touched.contains(&id)
            && old_size.get(id.as_str()) == Some(&cl.members.len())
            && cl
                .members
                .iter()
                .all(|&i| old_event(i) == Some(id.as_str()));
        for &i in &cl.members {
            if old_event(i) != Some(id.as_str()) {
                ops.set_report_event(reps[i].rid, &id)?;
                if !is_new(i) {
                    ops.move_children(reps[i].rid, &id)?;
                }
            }
        }
        if !unchanged {
            ops.save_row(&id, &cl.row.cols()?)?;
            ops.clear_parties(&id)?;
            // The first party of each role and key, in canonical order (what inserting every
            // report's parties would keep, in fewer statements for large events).
            let mut seen: HashSet<(&str, String)> = HashSet::new();
            for &i in &cl.members {
                let r = &reps[i].record;
                let sides = [("actor", &r.actors), ("recipient", &r.recipients)];
                for (role, parties) in sides {
                    for p in parties {
                        let key = party_key(p);
                        if seen.insert((role, key.clone())) {
                            ops.insert_party(&id, role, &key, p)?;
                        }
                    }
                }
            }
        }
        let fresh = cl.members.iter().filter(|&&i| is_new(i)).count();
        for &i in &cl.members {
            if let Some(n) = full.get(&reps[i].rid).filter(|_| is_new(i)) {
                insert_children(ops, &id, n.doc_id, n.rid, n.record)?;
            }
        }
        if fresh > 0 && cl.members.iter().all(|&i| is_new(i)) {
            rep.events_new += 1;
            rep.events_merged += fresh - 1;
        } else {
            rep.events_merged += fresh;
        }
        kept.insert(id);
    }
    // Each component is labelled by its smallest row id; one of more than `SETTLE_AT`
    // reports is settled.
    let mut label: HashMap<usize, (i64, usize)> = HashMap::new();
    for (i, &l) in labels.iter().enumerate() {
        if in_seed.contains(&i) {
            continue;
        }
        let e = label.entry(l).or_insert((reps[i].rid, 0));
        e.0 = e.0.min(reps[i].rid);
        e.1 += 1;
    }
    for (i, l) in labels.iter().enumerate() {
        if in_seed.contains(&i) {
            continue;
        }
        let (want, size) = label.get(l).copied().unwrap_or((reps[i].rid, 1));
        if is_new(i) || old[i].0 != Some(want) {
            ops.set_report_comp(reps[i].rid, want)?;
        }
        let settle = size > settle_at();
        if settle != (!is_new(i) && was_settled[i]) {
            let class = window_class(reps[i].view.window);
            ops.set_report_class(reps[i].rid, class + if settle { SETTLED } else { 0 })?;
        }
    }
    let mut gone: BTreeSet<&str> = touched.iter().map(String::as_str).collect();
    gone.extend(
        old.iter()
            .map(|(_, e)| e.as_str())
            .filter(|e| !e.is_empty()),
    );
    // Every event of the re-clustered components, kept or gone, may count differently now.
    for id in &kept {
        ops.mark_dirty(id)?;
    }
    for id in gone {
        if !kept.contains(id) {
            ops.delete_event(id)?;
            ops.mark_dirty(id)?;
        }
    }
    Ok(())
}

/// The key that makes a party distinct within an event.
fn party_key(p: &Party) -> String {
    match &p.entity {
        Some(e) => format!("e:{e}"),
        None => format!("n:{}|{}", fold(&p.name), p.country.as_deref().unwrap_or("")),
    }
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

/// Stores one report's figures, claimants and evidence under `event_id`, attributed to its
/// document and report (so that they can follow the report to another event, and go with
/// the document when it is replaced).
fn insert_children<O: Ops>(
    ops: &mut O,
    event_id: &str,
    doc_id: &str,
    report: i64,
    r: &EventRecord,
) -> Result<(), Fail> {
    let default_claim = r.claimed_by.first().map(|c| c.name.as_str());
    let mut seen: HashSet<FigureKey> = HashSet::new();
    for m in &r.magnitude {
        let by = m.claimed_by.as_deref().or(default_claim);
        if !seen.insert((&m.measure, m.count, &m.qualifier, &m.unit, by)) {
            continue;
        }
        let f = FigureRow {
            measure: &m.measure,
            count: m.count.and_then(|n| i64::try_from(n).ok()),
            qualifier: &m.qualifier,
            unit: &m.unit,
            claimed_by: by,
        };
        ops.insert_figure(event_id, doc_id, report, &f)?;
    }
    for k in &r.claimed_by {
        ops.insert_claimant(event_id, doc_id, report, k)?;
    }
    for e in &r.evidence {
        let rule = e.rule.as_deref().unwrap_or(r.rule.as_str());
        ops.insert_evidence(event_id, doc_id, report, e, rule)?;
    }
    Ok(())
}

/// Entities merge by id: the first name and kind stay, roles and aliases are united, a
/// missing country is filled in. Mentions are kept per document.
fn upsert_entity<O: Ops>(ops: &mut O, e: &EntityRecord, doc_id: &str) -> Result<(), Fail> {
    match ops.entity(&e.id)? {
        None => {
            let roles = serde_json::to_string(&e.roles)?;
            let aliases = serde_json::to_string(&e.aliases)?;
            ops.insert_entity(e, &roles, &aliases)?;
        }
        Some((country, roles, aliases)) => {
            let mut r: Vec<String> = serde_json::from_str(&roles)?;
            let mut a: Vec<String> = serde_json::from_str(&aliases)?;
            let (nr, na) = (r.len(), a.len());
            push_new(&mut r, &e.roles);
            push_new(&mut a, &e.aliases);
            if r.len() != nr || a.len() != na || (country.is_none() && e.country.is_some()) {
                ops.update_entity(
                    &e.id,
                    e.country.as_deref(),
                    &serde_json::to_string(&r)?,
                    &serde_json::to_string(&a)?,
                )?;
            }
        }
    }
    for m in &e.mentions {
        ops.insert_mention(&e.id, doc_id, m)?;
    }
    Ok(())
}

/// One party of a stored event as read back.
pub(crate) struct PartyRow {
    /// `actor` or `recipient`.
    pub role: String,
    /// The party's key within the event (one row per role and key counts).
    pub key: String,
    pub party: Party,
    /// The canonical name of the party's entity, where that entity is stored.
    pub canonical: Option<String>,
}

/// The reads that put a stored event back together, each in insertion order.
pub(crate) trait Reader {
    fn load_row(&mut self, id: &str) -> Result<Option<RawRow>, Fail>;
    fn parties(&mut self, id: &str) -> Result<Vec<PartyRow>, Fail>;
    fn figures(&mut self, id: &str) -> Result<Vec<Figure>, Fail>;
    fn claimants(&mut self, id: &str) -> Result<Vec<Claimant>, Fail>;
    fn evidence(&mut self, id: &str) -> Result<Vec<Evidence>, Fail>;
    /// The documents an event was read from, in ingest order.
    fn sources(&mut self, id: &str) -> Result<Vec<SourceRef>, Fail>;
    /// Ids of the records merged into an event, in ingest order.
    fn report_ids(&mut self, id: &str) -> Result<Vec<String>, Fail>;
    /// The event a record was merged into.
    fn event_of_record(&mut self, record_id: &str) -> Result<Option<String>, Fail>;
}

/// Reads a stored event with its parties, figures, claimants, evidence and sources.
pub(crate) fn assemble<R: Reader>(rd: &mut R, id: &str) -> Result<Option<StoredEvent>, Fail> {
    let Some(raw) = rd.load_row(id)? else {
        return Ok(None);
    };
    let row = raw.into_row()?;
    let mut actors = Vec::new();
    let mut recipients = Vec::new();
    let mut seen = HashSet::new();
    let mut entity_names = BTreeMap::new();
    for PartyRow {
        role,
        key,
        party: p,
        canonical,
    } in rd.parties(id)?
    {
        if !seen.insert((role.clone(), key)) {
            continue;
        }
        if let (Some(e), Some(name)) = (&p.entity, canonical) {
            entity_names.insert(e.clone(), name);
        }
        if role == "actor" {
            actors.push(p);
        } else {
            recipients.push(p);
        }
    }
    let figures = rd.figures(id)?;
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
    for k in rd.claimants(id)? {
        if !claimed_by.contains(&k) {
            claimed_by.push(k);
        }
    }
    let evidence = rd.evidence(id)?;
    let sources = rd.sources(id)?;
    let reports = rd.report_ids(id)?;
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
        entity_names,
    }))
}

/// An event by its stored id or by the id of any record merged into it.
pub(crate) fn event_by_any_id<R: Reader>(
    rd: &mut R,
    id: &str,
) -> Result<Option<StoredEvent>, Fail> {
    if let Some(e) = assemble(rd, id)? {
        return Ok(Some(e));
    }
    match rd.event_of_record(id)? {
        Some(e) => assemble(rd, &e),
        None => Ok(None),
    }
}

/// The escape clause of every LIKE built from user words (both engines accept it).
const ESC: &str = "ESCAPE '\\'";

/// `s` with LIKE's wildcards (`%`, `_`) and the escape character itself escaped, so that a
/// filter matches them literally: `actor=%` finds names with a percent sign, not everything.
pub(crate) fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Which SQL the filter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// SQL conditions (on alias `e`) and their text parameters for a filter; the limit is not
/// included. Parameters are numbered from `first` (PostgreSQL) or positional (SQLite).
pub(crate) fn filter_sql(f: &Filter, dialect: Dialect, first: usize) -> (String, Vec<String>) {
    let mut sql = String::new();
    let mut vals: Vec<String> = Vec::new();
    let pg = dialect == Dialect::Postgres;
    let like = if pg { "ILIKE" } else { "LIKE" };
    let ph = |vals: &mut Vec<String>, v: String| -> String {
        vals.push(v);
        if pg {
            format!("${}", first + vals.len() - 1)
        } else {
            "?".to_string()
        }
    };
    if let Some(t) = f.event_type {
        let p = ph(&mut vals, t.as_str().to_string());
        let _ = write!(sql, " AND e.type = {p}");
    }
    if let Some(a) = f.actor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        let is_code = (2..=5).contains(&a.len()) && a.chars().all(|c| c.is_ascii_uppercase());
        if is_code {
            let (p1, p2) = (ph(&mut vals, a.into()), ph(&mut vals, a.into()));
            let _ = write!(
                sql,
                " AND e.id IN (SELECT event_id FROM event_parties WHERE country = {p1} OR entity = {p2})"
            );
        } else {
            let pat = format!("%{}%", like_escape(&fold(a)));
            let p1 = ph(&mut vals, pat.clone());
            let p2 = ph(&mut vals, a.into());
            let p3 = ph(&mut vals, pat.clone());
            let p4 = ph(&mut vals, pat);
            let _ = write!(
                sql,
                " AND e.id IN (SELECT event_id FROM event_parties WHERE name_fold {like} {p1} {ESC}
                   OR entity = {p2}
                   OR entity IN (SELECT id FROM entities WHERE name {like} {p3} {ESC}
                      OR aliases {like} {p4} {ESC}))"
            );
        }
    }
    if let Some(c) = f
        .country
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let p = ph(&mut vals, c.to_ascii_uppercase());
        let _ = write!(sql, " AND e.loc_country = {p}");
    }
    if let Some(p) = f.place.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        let p = ph(&mut vals, format!("%{}%", like_escape(p)));
        let _ = write!(sql, " AND e.loc_name {like} {p} {ESC}");
    }
    if let Some(d) = f.since {
        let p = ph(&mut vals, d.to_string());
        let _ = write!(sql, " AND e.date_end >= {p}");
    }
    if let Some(d) = f.until {
        let p = ph(&mut vals, d.to_string());
        let _ = write!(sql, " AND e.date_start <= {p}");
    }
    if let Some(text) = f.text.as_deref() {
        let words = search_words(text);
        if !words.is_empty() {
            if pg {
                let p = ph(&mut vals, crate::pg::tsquery(&words));
                let _ = write!(
                    sql,
                    " AND e.id IN (SELECT ev.event_id FROM evidence ev
                       WHERE ev.tsv @@ to_tsquery('simple', {p}))"
                );
            } else {
                let p = ph(&mut vals, crate::sqlite::fts_query_of(&words));
                let _ = write!(
                    sql,
                    " AND e.id IN (SELECT ev.event_id FROM evidence_fts JOIN evidence ev
                       ON ev.rid = evidence_fts.rowid WHERE evidence_fts MATCH {p})"
                );
            }
        }
    }
    (sql, vals)
}

/// Sums up actors from the parties of matching events, fed in event order.
#[derive(Default)]
pub(crate) struct ActorsAgg {
    aggs: HashMap<String, (ActorSummary, HashMap<String, usize>)>,
    names: HashMap<String, String>,
    /// (event, type) being fed.
    cur: Option<(String, String)>,
    /// (role is actor, key) of the current event's parties.
    parts: Vec<(bool, String)>,
}

impl ActorsAgg {
    /// One party row of one event (rows of an event must be consecutive). `name` is the
    /// stored entity's canonical name where the party has one ("Russia", not the report's
    /// "Moscow's forces"), so that the summary and its counterparties are labelled as the
    /// network is.
    pub(crate) fn push(
        &mut self,
        event: String,
        ty: String,
        role: &str,
        name: String,
        entity: Option<String>,
        country: Option<String>,
    ) {
        if self.cur.as_ref().is_some_and(|(e, _)| *e != event) {
            self.flush();
        }
        self.cur = Some((event, ty));
        let key = match &entity {
            Some(e) => e.clone(),
            None => match &country {
                Some(c) => format!("{name} [{c}]"),
                None => name.clone(),
            },
        };
        let is_actor = role == "actor";
        if self.parts.contains(&(is_actor, key.clone())) {
            return;
        }
        self.names
            .entry(key.clone())
            .or_insert_with(|| name.clone());
        self.aggs.entry(key.clone()).or_insert_with(|| {
            (
                ActorSummary {
                    key: key.clone(),
                    name,
                    entity,
                    country,
                    as_actor: 0,
                    as_recipient: 0,
                    by_type: BTreeMap::new(),
                    counterparties: Vec::new(),
                },
                HashMap::new(),
            )
        });
        self.parts.push((is_actor, key));
    }

    fn flush(&mut self) {
        let Some((_, ty)) = self.cur.take() else {
            return;
        };
        let symmetric = ty.parse::<EventType>().is_ok_and(|t| t.is_symmetric());
        let list = std::mem::take(&mut self.parts);
        for (i, (is_actor, key)) in list.iter().enumerate() {
            let Some((s, counter)) = self.aggs.get_mut(key) else {
                continue;
            };
            if *is_actor || symmetric {
                s.as_actor += 1;
                *s.by_type.entry(ty.clone()).or_default() += 1;
            } else {
                s.as_recipient += 1;
            }
            for (j, (other_actor, other)) in list.iter().enumerate() {
                if i != j && other != key && (symmetric || is_actor != other_actor) {
                    *counter.entry(other.clone()).or_default() += 1;
                }
            }
        }
    }

    /// Busiest first (then by name and key, so every backend gives the same order).
    pub(crate) fn finish(mut self, limit: Option<usize>) -> Vec<ActorSummary> {
        self.flush();
        let names = self.names;
        let mut out: Vec<ActorSummary> = self
            .aggs
            .into_values()
            .map(|(mut s, counter)| {
                let mut c: Vec<(String, usize)> = counter
                    .into_iter()
                    .map(|(k, n)| (names.get(&k).cloned().unwrap_or(k), n))
                    .collect();
                c.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
                c.truncate(10);
                s.counterparties = c;
                s
            })
            .collect();
        out.sort_by(|a, b| {
            (b.as_actor + b.as_recipient)
                .cmp(&(a.as_actor + a.as_recipient))
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.key.cmp(&b.key))
        });
        if let Some(n) = limit {
            out.truncate(n);
        }
        out
    }
}

/// Builds [`Stats`] from the per-day counts and the casualty figures of assaults (fed in
/// date, event, insertion order).
pub(crate) struct StatsAgg {
    per_day: Vec<DayTypeCount>,
    days: BTreeMap<DayKey, CasualtyDay>,
    /// (day, event, measure) -> (lowest, highest) figure.
    ranges: BTreeMap<(DayKey, String, String), (u64, u64)>,
}

fn empty_day(d: Option<NaiveDate>) -> CasualtyDay {
    CasualtyDay {
        date: d,
        assaults: 0,
        killed_low: 0,
        killed_high: 0,
        injured_low: 0,
        injured_high: 0,
        figures: Vec::new(),
    }
}

impl StatsAgg {
    pub(crate) fn new(per_day: Vec<DayTypeCount>) -> StatsAgg {
        let mut days: BTreeMap<DayKey, CasualtyDay> = BTreeMap::new();
        for c in per_day.iter().filter(|c| c.event_type == "ASSAULT") {
            days.entry((c.date.is_none(), c.date))
                .or_insert_with(|| empty_day(c.date))
                .assaults += c.events;
        }
        StatsAgg {
            per_day,
            days,
            ranges: BTreeMap::new(),
        }
    }

    pub(crate) fn figure(&mut self, date: Option<NaiveDate>, f: ClaimedFigure) {
        let k = (date.is_none(), date);
        if let Some(n) = f.count {
            let e = self
                .ranges
                .entry((k, f.event.clone(), f.measure.clone()))
                .or_insert((n, n));
            e.0 = e.0.min(n);
            e.1 = e.1.max(n);
        }
        self.days
            .entry(k)
            .or_insert_with(|| empty_day(date))
            .figures
            .push(f);
    }

    pub(crate) fn finish(mut self) -> Stats {
        for ((k, _, measure), (lo, hi)) in self.ranges {
            if let Some(d) = self.days.get_mut(&k) {
                if measure == "killed" {
                    d.killed_low += lo;
                    d.killed_high += hi;
                } else {
                    d.injured_low += lo;
                    d.injured_high += hi;
                }
            }
        }
        Stats {
            per_day: self.per_day,
            casualties: self.days.into_values().collect(),
        }
    }
}
