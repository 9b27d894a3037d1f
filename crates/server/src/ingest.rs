//! Ingest over HTTP, done exactly as `sitrep ingest` does it: documents read by `sitrep-io`,
//! extracted in parallel by `sitrep-extract` with the shipped knowledge base, stored in one
//! batch transaction.

use rayon::prelude::*;
use sitrep_extract::{Extractor, Rules};
use sitrep_kb::Kb;
use sitrep_model::Document;
use sitrep_store::{DocInput, IngestReport, SqliteStore, Store, StoreError};
use std::path::PathBuf;
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

/// Extracts events from `docs` and stores them with their documents in one transaction.
pub fn ingest_documents(
    store: &mut SqliteStore,
    ex: &Extractor<Kb>,
    docs: Vec<Document>,
) -> Result<IngestReport, StoreError> {
    let batch: Vec<DocInput> = docs
        .into_par_iter()
        .map(|doc| {
            let o = ex.extract(&doc);
            DocInput {
                doc,
                events: o.events,
                entities: o.entities,
                quotes: o.quotes,
            }
        })
        .collect();
    if batch.is_empty() {
        return Ok(IngestReport::default());
    }
    let report = store.ingest_batch(&batch)?;
    store.checkpoint()?;
    Ok(report)
}
