//! Ingest over HTTP, done exactly as `sitrep ingest` does it: documents read by `sitrep-io`,
//! extracted in parallel by `sitrep-extract` with the shipped knowledge base, stored in one
//! batch transaction.

use rayon::prelude::*;
use sitrep_extract::{Extractor, Rules};
use sitrep_kb::Kb;
use sitrep_model::Document;
use sitrep_store::{
    DocInput, FailedDocument, IngestReport, SqliteStore, Store, StoreError, content_hash,
};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

/// Why documents could not be ingested.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("loading extraction rules: {0}")]
    Rules(String),
    #[error("loading the knowledge base: {0}")]
    Kb(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Builds the extractor on first use: the knowledge base takes a moment to load and most
/// servers never ingest.
pub struct Ingester {
    rules: Vec<PathBuf>,
    kb: Vec<PathBuf>,
    ex: Mutex<Option<Arc<Extractor<Kb>>>>,
}

impl Ingester {
    pub fn new(rules: Vec<PathBuf>, kb: Vec<PathBuf>) -> Ingester {
        Ingester {
            rules,
            kb,
            ex: Mutex::new(None),
        }
    }

    /// The extractor, loaded once.
    pub fn extractor(&self) -> Result<Arc<Extractor<Kb>>, IngestError> {
        let mut slot = self
            .ex
            .lock()
            .map_err(|_| IngestError::Rules("extractor lock poisoned".into()))?;
        if let Some(ex) = slot.as_ref() {
            return Ok(ex.clone());
        }
        let rules = Rules::load(&self.rules).map_err(|e| IngestError::Rules(e.to_string()))?;
        let kb = Kb::load(&self.kb).map_err(|e| IngestError::Kb(e.to_string()))?;
        kb.warm();
        let ex = Arc::new(Extractor::new(rules, kb));
        *slot = Some(ex.clone());
        Ok(ex)
    }
}

/// Decides, once, whether a request's ingest is committed or abandoned, so that the answer
/// the client gets and what the store holds always agree: the request handler abandons it
/// when its time is up, the ingest asks to commit just before committing, and whichever
/// comes first wins.
#[derive(Debug, Default)]
pub struct Gate(AtomicU8);

const OPEN: u8 = 0;
const COMMITTING: u8 = 1;
const ABANDONED: u8 = 2;

impl Gate {
    /// Claims the right to commit; `false` when the request was abandoned first.
    pub fn commit(&self) -> bool {
        self.0
            .compare_exchange(OPEN, COMMITTING, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    /// Abandons the ingest; `false` when it had already begun to commit (then the caller
    /// must wait for its result and report it).
    pub fn abandon(&self) -> bool {
        self.0
            .compare_exchange(OPEN, ABANDONED, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    pub fn abandoned(&self) -> bool {
        self.0.load(Ordering::SeqCst) == ABANDONED
    }
}

/// Extracts one document behind a panic boundary: a panic in extraction becomes an error for
/// that document, and the rest of the batch goes on.
fn extract_one(ex: &Extractor<Kb>, doc: &Document) -> Result<DocInput, FailedDocument> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ex.extract(doc))) {
        Ok(o) => Ok(DocInput {
            doc: doc.clone(),
            events: o.events,
            entities: o.entities,
            quotes: o.quotes,
        }),
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            Err(FailedDocument {
                id: doc.id.clone(),
                hash: content_hash(doc),
                error: format!("extraction panicked: {msg}"),
            })
        }
    }
}

/// Extracts events from `docs` and stores them with their documents in one transaction.
/// A document whose extraction fails is recorded as failed (see
/// [`sitrep_store::FailedDocument`]) and the others are stored.
pub fn ingest_documents(
    store: &mut SqliteStore,
    ex: &Extractor<Kb>,
    docs: Vec<Document>,
) -> Result<IngestReport, StoreError> {
    let gate = Gate::default();
    Ok(ingest_documents_gated(store, ex, docs, &gate)?.unwrap_or_default())
}

/// [`ingest_documents`] that gives up, storing nothing, when `gate` is abandoned before the
/// commit (`None`).
pub fn ingest_documents_gated(
    store: &mut SqliteStore,
    ex: &Extractor<Kb>,
    docs: Vec<Document>,
    gate: &Gate,
) -> Result<Option<IngestReport>, StoreError> {
    let results: Vec<Result<DocInput, FailedDocument>> =
        docs.par_iter().map(|d| extract_one(ex, d)).collect();
    if gate.abandoned() {
        return Ok(None);
    }
    let mut batch = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for r in results {
        match r {
            Ok(d) => batch.push(d),
            Err(f) => {
                tracing::warn!(doc = %f.id, error = %f.error, "extraction failed");
                failed.push(f);
            }
        }
    }
    if batch.is_empty() && failed.is_empty() {
        return Ok(Some(IngestReport::default()));
    }
    let report = store.ingest_checked(&batch, &failed, &mut || gate.commit())?;
    if report.is_some() {
        store.checkpoint()?;
    }
    Ok(report)
}
