//! Answers of the summary endpoints (`/api/stats`, `/api/network`, `/api/map`,
//! `/api/counts`), kept until the store changes.
//!
//! On a 100,000-event store these summaries read every matching row (a few hundred
//! milliseconds each on a loaded machine), while the UI asks for the same unfiltered ones on
//! every page view. So the serialised answer is kept, keyed by endpoint and query, and thrown
//! away as soon as anything commits to the database: a connection of our own that never
//! writes watches `PRAGMA data_version`, which changes with every commit by any other
//! connection, in this process (`POST /api/documents`) or another (`sitrep ingest`). A
//! request for an answer being computed waits for it instead of computing it again, and the
//! unfiltered answers are computed when the server starts, so the first page view is served
//! from memory too.

use crate::ApiError;
use axum::body::Bytes;
use sitrep_store::{OpenOptions, SqliteStore, StoreError};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Distinct answers and bytes kept; beyond either the cache starts again empty (filters an
/// analyst types are many, the unfiltered views few).
const MAX_ENTRIES: usize = 256;
const MAX_BYTES: usize = 64 << 20;

type Slot = Arc<Mutex<Option<Bytes>>>;

pub(crate) struct Cache {
    watcher: Mutex<SqliteStore>,
    entries: Mutex<Entries>,
}

struct Entries {
    /// `PRAGMA data_version` the entries were computed at.
    version: i64,
    slots: HashMap<String, Slot>,
    /// Bytes of the answers stored so far.
    bytes: usize,
}

impl Entries {
    fn new(version: i64) -> Entries {
        Entries {
            version,
            slots: HashMap::new(),
            bytes: 0,
        }
    }
}

impl Cache {
    pub(crate) fn open(db: &Path) -> Result<Cache, StoreError> {
        let watcher = SqliteStore::open_with(
            db,
            &OpenOptions {
                create: false,
                ..OpenOptions::default()
            },
        )?;
        let v = watcher.data_version()?;
        Ok(Cache {
            watcher: Mutex::new(watcher),
            entries: Mutex::new(Entries::new(v)),
        })
    }

    /// The slot for `key` at the store's current version (emptying the cache if the store
    /// changed since the last look).
    fn slot(&self, key: &str) -> Result<Slot, ApiError> {
        let version = self
            .watcher
            .lock()
            .map_err(|_| poisoned())?
            .data_version()?;
        let mut entries = self.entries.lock().map_err(|_| poisoned())?;
        if entries.version != version
            || entries.slots.len() >= MAX_ENTRIES
            || entries.bytes >= MAX_BYTES
        {
            *entries = Entries::new(version);
        }
        Ok(entries.slots.entry(key.to_string()).or_default().clone())
    }

    /// The answer for `key` and whether it was kept (`true`) or computed now by `f`.
    /// Blocking: call it on the blocking pool. Errors are not kept.
    pub(crate) fn get_or_compute(
        &self,
        key: &str,
        f: impl FnOnce() -> Result<Bytes, ApiError>,
    ) -> Result<(Bytes, bool), ApiError> {
        let slot = self.slot(key)?;
        let mut held = slot.lock().map_err(|_| poisoned())?;
        if let Some(b) = held.as_ref() {
            return Ok((b.clone(), true));
        }
        let b = f()?;
        if let Ok(mut entries) = self.entries.lock() {
            entries.bytes += b.len();
        }
        *held = Some(b.clone());
        Ok((b, false))
    }
}

fn poisoned() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "internal error; the server log has the details",
    )
}
