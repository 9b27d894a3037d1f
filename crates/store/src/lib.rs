//! sitrep's memory: a store of documents and the events, evidence, entities and quotes read
//! from them, so that an analyst can follow a story across hundreds of reports.
//!
//! The store only consumes the exchange records of `sitrep-model` (what `sitrep extract`
//! writes); it never calls into extraction, so records from any producer can be stored.
//!
//! Two things happen on ingest that a plain dump of records would not do:
//! * **Idempotence.** A document is identified by its id and a hash of its content. The same
//!   document ingested twice changes nothing; a changed document (same id, new hash) replaces
//!   everything that was read from its earlier version.
//! * **Cross-report merging.** The same real event told by several documents becomes one
//!   stored event with evidence from each (see [`merge`] for the rules). Figures are never
//!   reconciled: every source's own numbers are kept with their claimant and document.
//!
//! [`Store`] is the interface; [`SqliteStore`] the embedded implementation and [`PgStore`]
//! the server one (PostgreSQL). Both run the same ingest and aggregation code (`common`) and
//! differ only in SQL, so they answer the same questions the same way; [`open`] picks one by
//! location.

mod aggregate;
mod browse;
mod cluster;
mod common;
mod error;
pub mod export;
pub mod merge;
mod overview;
mod pg;
pub mod query;
mod schema;
mod sqlite;
pub mod views;

pub use browse::{Dyad, EventPage, MapPoint};
pub use common::content_hash;
pub use error::StoreError;
pub use export::{ExportFormat, export};
pub use overview::{
    ClaimantTotal, Grain, NetEdge, NetNode, Network, PlaceCount, PlaceSummary, TOP_CLAIMANTS,
    TimeBin, TimeSummary,
};
pub use pg::{PgStore, is_postgres_url, redact};
pub use schema::{PG_SCHEMA_VERSION, SCHEMA_VERSION};
pub use sqlite::{OpenOptions, SqliteStore};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_model::{Document, EntityRecord, EventRecord, EventType, QuoteRecord};
use std::collections::BTreeMap;

/// One document and everything extraction read from it: the unit of ingest.
///
/// Mirrors `sitrep_extract::DocOutput` plus the document, without depending on the extractor.
#[derive(Debug, Clone, Default)]
pub struct DocInput {
    pub doc: Document,
    pub events: Vec<EventRecord>,
    pub entities: Vec<EntityRecord>,
    pub quotes: Vec<QuoteRecord>,
}

/// What one batch did, so a caller can tell a no-op re-run from real work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// Documents seen for the first time.
    pub added: usize,
    /// Documents whose content changed: their earlier events and evidence were replaced.
    pub replaced: usize,
    /// Documents already stored with the same content hash (nothing written).
    pub unchanged: usize,
    /// Extracted records that became a new stored event.
    pub events_new: usize,
    /// Extracted records folded into an event another document had already reported.
    pub events_merged: usize,
    /// Documents whose extraction failed, recorded in this batch (see [`FailedDocument`]).
    pub failed: usize,
}

impl IngestReport {
    /// Adds another batch's numbers to these.
    pub fn add(&mut self, o: &IngestReport) {
        self.added += o.added;
        self.replaced += o.replaced;
        self.unchanged += o.unchanged;
        self.events_new += o.events_new;
        self.events_merged += o.events_merged;
        self.failed += o.failed;
    }
}

/// A document whose extraction failed. The store keeps it so that a rerun of the same ingest
/// skips it (instead of failing on it again) until its content changes, and so that the
/// failures can be listed later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedDocument {
    pub id: String,
    /// [`content_hash`] of the version that failed.
    pub hash: String,
    pub error: String,
}

/// Row counts, for reports and for tests that check a re-run changed nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub documents: usize,
    pub events: usize,
    /// Extracted records (one document's view of an event).
    pub reports: usize,
    pub evidence: usize,
    pub entities: usize,
    pub mentions: usize,
    pub quotes: usize,
    pub figures: usize,
}

/// Which events a query is about. Every field narrows; the default selects everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// An actor or recipient: ISO3/IGO code (`RUS`, `NATO`), entity id, or part of a name.
    pub actor: Option<String>,
    pub event_type: Option<EventType>,
    /// Country (ISO3) where the event happened.
    pub country: Option<String>,
    /// Part of the place name where the event happened.
    pub place: Option<String>,
    /// Events that end on or after this day.
    pub since: Option<NaiveDate>,
    /// Events that start on or before this day.
    pub until: Option<NaiveDate>,
    /// Words that must all occur in the event's evidence (full-text search).
    pub text: Option<String>,
    pub limit: Option<usize>,
}

/// A document an event was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    pub doc: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// One figure as one document gave it. Kept even when sources disagree: the store reports
/// who says what, it does not decide who is right.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Figure {
    pub doc: String,
    pub measure: String,
    pub count: Option<u64>,
    pub qualifier: String,
    pub unit: String,
    /// The figure's own claimant, else the claimant of the report it came from.
    pub claimed_by: Option<String>,
}

/// A stored (possibly merged) event: the SCHEMA.md record plus where it came from.
///
/// Serialises as the SCHEMA.md record with extra fields (`sources`, `figures`, `reports`,
/// `entity_names`), which the schema allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    #[serde(flatten)]
    pub record: EventRecord,
    /// Every document that reported the event, in order of ingest.
    pub sources: Vec<SourceRef>,
    /// Every figure every source gave (the record's `magnitude` keeps the distinct ones).
    pub figures: Vec<Figure>,
    /// Ids of the per-document records merged into this event.
    pub reports: Vec<String>,
    /// The canonical name of each stored entity among its parties, by entity id: a party's
    /// `name` is one report's words ("Moscow's forces"), and what a reader shows is the
    /// entity's name ("Russia"). Parties whose entity is not stored are left out (absent
    /// when there are none).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub entity_names: BTreeMap<String, String>,
}

/// One actor's activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorSummary {
    /// Entity id, else `name [country]`.
    pub key: String,
    pub name: String,
    pub entity: Option<String>,
    pub country: Option<String>,
    /// Events in which it acted.
    pub as_actor: usize,
    /// Events directed at it.
    pub as_recipient: usize,
    /// Events it acted in, by type.
    pub by_type: BTreeMap<String, usize>,
    /// The parties it dealt with most, with the number of shared events (top ten).
    pub counterparties: Vec<(String, usize)>,
}

/// Events per day and type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayTypeCount {
    pub date: Option<NaiveDate>,
    #[serde(rename = "type")]
    pub event_type: String,
    pub events: usize,
}

/// One casualty figure as a source gave it for one assault.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimedFigure {
    pub event: String,
    pub doc: String,
    pub measure: String,
    pub count: Option<u64>,
    pub qualifier: String,
    pub claimed_by: Option<String>,
}

/// Assaults and reported casualties on one day. Sources disagree, so totals are a range:
/// `low` adds up the smallest figure given for each event, `high` the largest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CasualtyDay {
    pub date: Option<NaiveDate>,
    pub assaults: usize,
    pub killed_low: u64,
    pub killed_high: u64,
    pub injured_low: u64,
    pub injured_high: u64,
    pub figures: Vec<ClaimedFigure>,
}

/// The numbers behind `sitrep stats`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub per_day: Vec<DayTypeCount>,
    pub casualties: Vec<CasualtyDay>,
}

/// A full-text search hit in a document or in an event's evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// `document` or `evidence`.
    pub kind: String,
    pub doc: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// The event, for an evidence hit.
    pub event: Option<String>,
    /// The matching passage, with matches in `[brackets]`.
    pub snippet: String,
    /// Relevance (higher is better).
    pub score: f64,
}

/// The operations every backend offers, so that the command line and other callers work the
/// same on the embedded SQLite store and on a future server database.
pub trait Store {
    /// Stores a batch atomically: after a crash the store is as it was before the batch.
    fn ingest_batch(&mut self, batch: &[DocInput]) -> Result<IngestReport, StoreError> {
        self.ingest_checked(batch, &[], &mut || true)
            .map(Option::unwrap_or_default)
    }
    /// Stores a batch and records the documents of it whose extraction `failed`, in one
    /// transaction; a document stored (or unchanged) here loses its earlier failure record.
    /// `commit` is asked once, after everything is written and before the commit: `false`
    /// rolls the batch back and gives `None` (a server request that ran out of time), so the
    /// caller decides, at one point, between "stored" and "nothing stored".
    fn ingest_checked(
        &mut self,
        batch: &[DocInput],
        failed: &[FailedDocument],
        commit: &mut dyn FnMut() -> bool,
    ) -> Result<Option<IngestReport>, StoreError>;
    /// The recorded failure of a document, if its last ingest failed.
    fn failed_document(&self, id: &str) -> Result<Option<FailedDocument>, StoreError>;
    /// Every recorded failure, by document id.
    fn failed_documents(&self) -> Result<Vec<FailedDocument>, StoreError>;
    /// Matching events in date order (undated last).
    fn timeline(&self, filter: &Filter) -> Result<Vec<StoredEvent>, StoreError> {
        let mut out = Vec::new();
        self.export(filter, &mut |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }
    /// An event by its stored id or by the id of any record merged into it.
    fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError>;
    /// Actors of matching events with their activity, busiest first.
    fn actors(&self, filter: &Filter) -> Result<Vec<ActorSummary>, StoreError>;
    fn stats(&self, filter: &Filter) -> Result<Stats, StoreError>;
    /// Full-text search over document text and evidence, at most `limit` hits, best first;
    /// `words` in the syntax of [`query`] (words, "phrases", OR, AND, NOT).
    fn search(&self, words: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError>;
    /// Streams matching events in timeline order to `sink`, one at a time (bounded memory).
    fn export(
        &self,
        filter: &Filter,
        sink: &mut dyn FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError>;
    fn counts(&self) -> Result<Counts, StoreError>;
    /// Makes what was ingested durable in its final place (SQLite: folds the write-ahead log
    /// into the file); a no-op where commits already are.
    fn checkpoint(&self) -> Result<(), StoreError> {
        Ok(())
    }
    /// Which of these document ids are stored: `sitrep watch` asks before fetching, so that
    /// a restart or a re-poll never fetches (or stores) an article twice.
    fn stored_documents(
        &self,
        ids: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError>;
}

/// Opens a store by location, creating it when missing: a `postgres://` or `postgresql://`
/// URL (PostgreSQL), else a file path, optionally prefixed `sqlite:` (SQLite).
pub fn open(location: &str) -> Result<Box<dyn Store>, StoreError> {
    open_with(location, &OpenOptions::default())
}

/// Like [`open`], with options (`create: false` refuses a missing file or a database without
/// sitrep tables, so that a typo does not start an empty store).
pub fn open_with(location: &str, opts: &OpenOptions) -> Result<Box<dyn Store>, StoreError> {
    if is_postgres_url(location) {
        return Ok(Box::new(PgStore::connect_with(location, opts)?));
    }
    let path = location.strip_prefix("sqlite:").unwrap_or(location);
    Ok(Box::new(SqliteStore::open_with(path, opts)?))
}
