//! `sitrep serve`: the record store behind a JSON API and a web UI that an analyst keeps open
//! all day.
//!
//! Everything the browser needs is compiled into the binary (HTML, CSS, plain JavaScript, a
//! world outline), so the UI works offline and from any directory. The store is blocking
//! SQLite: every query runs on tokio's blocking pool with a pooled read connection (WAL lets
//! readers run beside the one writer), so a slow query never stalls the event loop.
//!
//! Hardening is part of the server, not of a proxy in front of it: body size limit, request
//! timeout (an ingest that times out is rolled back, never answered "failed" and stored
//! later), per-client token-bucket rate limit, bearer token on the one writing endpoint, a
//! `Host` check against DNS rebinding, panics answered with a generic 500 (the detail goes to
//! the log), a strict Content-Security-Policy, and one structured log line per request.

mod api;
mod assets;
mod cache;
mod guard;
pub mod ingest;
pub mod loadgen;
mod params;
mod pool;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sitrep_store::{SqliteStore, StoreError};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

pub use ingest::{Gate, Ingester, ingest_documents, ingest_documents_gated};

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: SocketAddr,
    /// SQLite store (created when missing).
    pub db: PathBuf,
    /// Bearer token for `POST /api/documents`; without one that endpoint answers 403, so a
    /// server started without thinking about it cannot be written to.
    pub token: Option<String>,
    /// Largest request body accepted (413 beyond).
    pub max_body: usize,
    /// Longest a request may take before the client gets 503. An ingest that runs out of
    /// time is rolled back (nothing stored) unless it had begun to commit, in which case the
    /// client waits for the commit and gets its result.
    pub timeout: Duration,
    /// Sustained requests per second per client address; 0 turns the limit off.
    pub rate_per_sec: f64,
    /// Requests a client may make in a burst above the sustained rate.
    pub burst: f64,
    /// Extra rule and knowledge-base files for ingest over HTTP (as `sitrep ingest --rules/--kb`).
    pub rules: Vec<PathBuf>,
    pub kb: Vec<PathBuf>,
    /// Host names (besides the bind address, `localhost`, 127.0.0.1 and ::1) that clients may
    /// use to reach the server; any other `Host` gets 421 (DNS rebinding). When bound to
    /// every interface, address literals are accepted too.
    pub allowed_hosts: Vec<String>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db: PathBuf::from("sitrep.db"),
            token: None,
            max_body: 8 << 20,
            timeout: Duration::from_secs(30),
            rate_per_sec: 50.0,
            burst: 200.0,
            rules: Vec::new(),
            kb: Vec::new(),
            allowed_hosts: Vec::new(),
        }
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source} (is another server using the port?)")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// What every handler shares.
pub(crate) struct AppState {
    pub(crate) pool: pool::Pool,
    pub(crate) token: Option<String>,
    pub(crate) max_body: usize,
    pub(crate) ingester: Ingester,
    pub(crate) timeout: Duration,
    pub(crate) cache: cache::Cache,
}

/// An API error: a status and a message for the client, sent as `{"error": "..."}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn bad(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let status = match e {
            StoreError::Locked { .. } => StatusCode::SERVICE_UNAVAILABLE,
            // The client's query, not the server, is at fault (`/api/search?q=NOT x`).
            StoreError::BadQuery(_) => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        tracing::error!(error = %e, "store error");
        ApiError::new(status, e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message });
        (self.status, axum::Json(body)).into_response()
    }
}

/// Builds the application (routes and middleware) over the store at `opts.db`, creating or
/// upgrading it first so that a bad path fails at start-up rather than on the first request.
pub fn app(opts: &ServeOptions) -> Result<Router, ServeError> {
    let store = SqliteStore::open(&opts.db)?;
    drop(store);
    let state = Arc::new(AppState {
        pool: pool::Pool::new(opts.db.clone()),
        token: opts.token.clone().filter(|t| !t.is_empty()),
        max_body: opts.max_body,
        ingester: Ingester::new(opts.rules.clone(), opts.kb.clone()),
        timeout: opts.timeout,
        cache: cache::Cache::open(&opts.db)?,
    });
    warm_up(state.clone());
    let limiter = Arc::new(guard::RateLimiter::new(opts.rate_per_sec, opts.burst));
    let hosts = Arc::new(guard::HostPolicy::new(opts.bind, &opts.allowed_hosts));
    Ok(api::routes(state)
        .merge(assets::routes())
        .layer(axum::middleware::from_fn(guard::catch_panic))
        .layer(axum::middleware::from_fn_with_state(
            opts.timeout,
            guard::timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            limiter,
            guard::rate_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            hosts,
            guard::host_check,
        ))
        .layer(axum::middleware::from_fn(guard::headers_and_log)))
}

/// Computes the unfiltered summaries the UI opens with (stats, network, map, counts) in the
/// background, so that the first page view of a large store is answered from memory. A
/// request that comes first computes its answer itself and this thread waits for it.
fn warm_up(state: Arc<AppState>) {
    let spawned = std::thread::Builder::new()
        .name("sitrep-warm-up".into())
        .spawn(move || {
            let f = sitrep_store::Filter::default();
            let t0 = std::time::Instant::now();
            let results = [
                api::cached(&state, &format!("stats|{f:?}|None"), |s| {
                    api::stats_of(s, &f, None)
                }),
                api::cached(
                    &state,
                    &format!("network|{f:?}|{}|{}", api::TOP_ACTORS, api::NETWORK_EDGES),
                    |s| api::network_of(s, &f, api::TOP_ACTORS, api::NETWORK_EDGES),
                ),
                api::cached(&state, &format!("map|{f:?}|{}", api::MAP_PLACES), |s| {
                    api::map_of(s, &f, api::MAP_PLACES)
                }),
                api::cached(&state, "counts", |s| api::counts_of(s)),
            ];
            for r in results {
                if let Err(e) = r {
                    tracing::warn!(error = %e.message, "warming the summary cache failed");
                }
            }
            tracing::debug!(ms = t0.elapsed().as_millis() as u64, "summary cache warm");
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "cannot start the cache warm-up thread");
    }
}

/// Serves `app` on an already bound listener until `shutdown` resolves; in-flight requests
/// are finished first.
pub async fn serve_on(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    Ok(())
}

/// Binds `opts.bind` and serves until Ctrl-C or SIGTERM.
pub async fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let app = app(&opts)?;
    let listener = TcpListener::bind(opts.bind)
        .await
        .map_err(|source| ServeError::Bind {
            addr: opts.bind,
            source,
        })?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, db = %opts.db.display(), ingest = opts.token.is_some(), "sitrep serve listening");
    eprintln!("sitrep serve: open http://{addr}/ (Ctrl-C to stop)");
    serve_on(listener, app, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

/// One log line per request on stderr (`SITREP_LOG=debug|info|warn|error`, default info).
/// For binaries; the library never installs a subscriber itself.
pub fn init_logging() {
    let level = match std::env::var("SITREP_LOG").ok().as_deref() {
        Some("debug") => tracing::Level::DEBUG,
        Some("warn") => tracing::Level::WARN,
        Some("error") => tracing::Level::ERROR,
        Some("trace") => tracing::Level::TRACE,
        _ => tracing::Level::INFO,
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

/// [`serve`] on a runtime of its own, for callers that are not async (the command line).
pub fn serve_blocking(opts: ServeOptions) -> Result<(), ServeError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(opts))
}
