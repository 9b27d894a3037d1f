//! A small pool of store connections. Opening SQLite (pragmas, schema check) costs more than
//! most queries, so connections are kept and reused; WAL mode lets them read concurrently.

use sitrep_store::{OpenOptions, SqliteStore, StoreError};
use std::path::PathBuf;
use std::sync::Mutex;

/// Idle connections kept; more are opened under load and closed when returned to a full pool.
const MAX_IDLE: usize = 16;

pub(crate) struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<SqliteStore>>,
}

/// A connection borrowed from the pool, returned when dropped.
pub(crate) struct Conn<'a> {
    store: Option<SqliteStore>,
    pool: &'a Pool,
}

impl Pool {
    pub(crate) fn new(path: PathBuf) -> Pool {
        Pool {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    pub(crate) fn get(&self) -> Result<Conn<'_>, StoreError> {
        let reused = self.idle.lock().ok().and_then(|mut v| v.pop());
        let store = match reused {
            Some(s) => s,
            None => SqliteStore::open_with(
                &self.path,
                &OpenOptions {
                    create: false,
                    ..OpenOptions::default()
                },
            )?,
        };
        Ok(Conn {
            store: Some(store),
            pool: self,
        })
    }
}

impl Conn<'_> {
    pub(crate) fn store(&mut self) -> Result<&mut SqliteStore, StoreError> {
        self.store
            .as_mut()
            .ok_or_else(|| StoreError::Unsupported("connection already returned".into()))
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let Some(s) = self.store.take()
            && let Ok(mut idle) = self.pool.idle.lock()
            && idle.len() < MAX_IDLE
        {
            idle.push(s);
        }
    }
}
