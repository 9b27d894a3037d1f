//! Store errors. Each names the database file (or server URL, never with its password) and
//! says what the user can do, because the usual causes (another process holding the lock, a
//! full disk, a file that is not a database, a server that is down) are fixed outside the
//! program.

/// What went wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "database {path} is busy: another process holds its write lock (waited {waited_ms} ms); \
         try again when the other sitrep command has finished"
    )]
    Locked { path: String, waited_ms: u64 },
    #[error(
        "{path} is not a sitrep database or is damaged ({detail}); move it aside and ingest again"
    )]
    Corrupt { path: String, detail: String },
    #[error(
        "cannot open or create database {path}: {detail} (does the directory exist and is it writable?)"
    )]
    CannotOpen { path: String, detail: String },
    #[error("database {path} cannot be written: {detail}")]
    ReadOnly { path: String, detail: String },
    #[error(
        "no space left while writing {path}: the current batch was rolled back, earlier batches are intact"
    )]
    DiskFull { path: String },
    #[error(
        "database {path} has schema version {found}, newer than this sitrep knows ({known}); use a newer sitrep"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("database error on {path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "cannot connect to PostgreSQL at {url}: {detail} (is the server running, and are the \
         host, port, user and database in the URL right?)"
    )]
    CannotConnect { url: String, detail: String },
    #[error("PostgreSQL error on {url}: {detail}")]
    Postgres {
        url: String,
        detail: String,
        #[source]
        source: postgres::Error,
    },
    #[error("unreadable stored record in {path}: {detail}")]
    BadRecord { path: String, detail: String },
    #[error("{0}")]
    Unsupported(String),
    #[error("writing output: {0}")]
    Output(String),
    /// A search query that cannot be run (see `query.rs` for the syntax).
    #[error("search query: {0}")]
    BadQuery(String),
}

/// Internal error before the database path is attached.
#[derive(Debug)]
pub(crate) enum Fail {
    Sql(rusqlite::Error),
    Pg(postgres::Error),
    Json(serde_json::Error),
    Bad(String),
    Store(StoreError),
}

impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Self {
        Fail::Sql(e)
    }
}

impl From<postgres::Error> for Fail {
    fn from(e: postgres::Error) -> Self {
        Fail::Pg(e)
    }
}

impl From<serde_json::Error> for Fail {
    fn from(e: serde_json::Error) -> Self {
        Fail::Json(e)
    }
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Self {
        Fail::Store(e)
    }
}

impl Fail {
    /// Attaches the database path (a server URL without its password for PostgreSQL) and
    /// sorts SQLite's result codes into the cases a user can act on.
    pub(crate) fn at(self, path: &str, busy_ms: u64) -> StoreError {
        let path = path.to_string();
        match self {
            Fail::Json(e) => StoreError::BadRecord {
                path,
                detail: e.to_string(),
            },
            Fail::Bad(detail) => StoreError::BadRecord { path, detail },
            Fail::Store(e) => e,
            Fail::Pg(source) => StoreError::Postgres {
                url: path,
                detail: pg_detail(&source),
                source,
            },
            Fail::Sql(e) => {
                use rusqlite::ErrorCode as C;
                let code = match &e {
                    rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
                    _ => None,
                };
                let detail = e.to_string();
                match code {
                    Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Locked {
                        path,
                        waited_ms: busy_ms,
                    },
                    Some(C::NotADatabase | C::DatabaseCorrupt) => {
                        StoreError::Corrupt { path, detail }
                    }
                    Some(C::DiskFull) => StoreError::DiskFull { path },
                    Some(C::CannotOpen) => StoreError::CannotOpen { path, detail },
                    Some(C::ReadOnly | C::PermissionDenied) => {
                        StoreError::ReadOnly { path, detail }
                    }
                    _ => StoreError::Sqlite { path, source: e },
                }
            }
        }
    }
}

/// What a PostgreSQL error says: the server's message (with its detail and hint) for errors the
/// server reported, else the client's message with its causes (the bare `Display` of the
/// client's errors is only "db error" or "error connecting to server").
pub(crate) fn pg_detail(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut s = db.message().to_string();
        if let Some(d) = db.detail() {
            s.push_str(": ");
            s.push_str(d);
        }
        if let Some(h) = db.hint() {
            s.push_str(" (");
            s.push_str(h);
            s.push(')');
        }
        return s;
    }
    let mut s = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    s
}
