//! The JSON API under `/api` (described for clients in `assets/openapi.json`).

use crate::params::{Params, with_filters};
use crate::{ApiError, AppState};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use sitrep_io::{InputFormat, ReadOptions};
use sitrep_store::{ExportFormat, Filter, Grain, SqliteStore, Store};
use std::sync::Arc;

type Shared = Arc<AppState>;

const OPENAPI: &str = include_str!("../assets/openapi.json");

/// Longest id accepted in a path.
const MAX_ID: usize = 300;

pub(crate) fn routes(state: Shared) -> Router {
    Router::new()
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route("/api/documents", axum::routing::post(post_documents))
        .route("/api/documents/{id}", get(document))
        .route("/api/entities", get(entities))
        .route("/api/stats", get(stats))
        .route("/api/search", get(search))
        .route("/api/network", get(network))
        .route("/api/map", get(map))
        .route("/api/counts", get(counts))
        .route("/api/export", get(export))
        .route("/api/openapi.json", get(openapi))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

/// A 405 as every other API error: a JSON body a client can show, naming the method.
async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "{method} is not allowed on {}; see /api/openapi.json",
            uri.path()
        ),
    )
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map(|q| Params(q.0))
            .map_err(|e| ApiError::bad(format!("malformed query string: {e}")))
    }
}

/// Runs a store call on the blocking pool with a pooled connection.
async fn blocking<T, F>(st: &Shared, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut SqliteStore) -> Result<T, ApiError> + Send + 'static,
{
    let st = st.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = st.pool.get()?;
        f(conn.store()?)
    })
    .await
    .map_err(worker_failed)?
}

/// A blocking task that panicked or was cancelled: logged in full, answered without detail
/// (a panic message may quote document text or internals).
fn worker_failed(e: tokio::task::JoinError) -> ApiError {
    match e.try_into_panic() {
        Ok(p) => tracing::error!(panic = %crate::guard::panic_text(p.as_ref()), "worker panicked"),
        Err(e) => tracing::error!(error = %e, "worker failed"),
    }
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error; the server log has the details",
    )
}

/// The token of an `Authorization: Bearer <token>` header; the scheme name is
/// case-insensitive (RFC 9110 §11.1), the token is not.
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = v.split_once([' ', '\t'])?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

fn check_id(id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.len() > MAX_ID {
        return Err(ApiError::bad(format!("an id has 1 to {MAX_ID} characters")));
    }
    Ok(())
}

async fn events(State(st): State<Shared>, p: Params) -> Result<Json, ApiError> {
    p.check(&with_filters(&["limit", "offset"]))?;
    let f = p.filter()?;
    let limit = p.count("limit", 50, 500)?;
    let offset = p.number("offset", 0, 0, 100_000_000)?;
    let page = blocking(&st, move |s| Ok(s.event_page(&f, offset, limit)?)).await?;
    Ok(axum::Json(json!({
        "total": page.total,
        "offset": page.offset,
        "limit": limit,
        "events": page.events,
    })))
}

async fn event(State(st): State<Shared>, Path(id): Path<String>) -> Result<Json, ApiError> {
    check_id(&id)?;
    let ev = blocking(&st, move |s| {
        s.event(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no stored event {id:?}")))
    })
    .await?;
    Ok(axum::Json(serde_json::to_value(ev).map_err(internal)?))
}

async fn document(State(st): State<Shared>, Path(id): Path<String>) -> Result<Json, ApiError> {
    check_id(&id)?;
    let doc = blocking(&st, move |s| {
        s.document(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no stored document {id:?}")))
    })
    .await?;
    Ok(axum::Json(serde_json::to_value(doc).map_err(internal)?))
}

async fn entities(State(st): State<Shared>, p: Params) -> Result<Json, ApiError> {
    p.check(&with_filters(&["limit", "offset"]))?;
    let f = p.filter()?;
    let limit = p.count("limit", 100, 2000)?;
    let offset = p.number("offset", 0, 0, 100_000_000)?;
    let all = blocking(&st, move |s| Ok(s.actors(&f)?)).await?;
    let total = all.len();
    let page: Vec<_> = all.into_iter().skip(offset).take(limit).collect();
    Ok(axum::Json(
        json!({ "total": total, "offset": offset, "actors": page }),
    ))
}

/// A summary endpoint's answer: served from the cache while the store is unchanged
/// (`X-Cache: hit`), else computed on the blocking pool (`X-Cache: miss`).
async fn summary<F>(st: &Shared, key: String, f: F) -> Result<Response, ApiError>
where
    F: FnOnce(&mut SqliteStore) -> Result<Value, ApiError> + Send + 'static,
{
    let st2 = st.clone();
    let (body, hit) = tokio::task::spawn_blocking(move || cached(&st2, &key, f))
        .await
        .map_err(worker_failed)??;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::HeaderName::from_static("x-cache"),
                HeaderValue::from_static(if hit { "hit" } else { "miss" }),
            ),
        ],
        body,
    )
        .into_response())
}

/// Blocking half of [`summary`]; also used to fill the cache when the server starts.
pub(crate) fn cached<F>(st: &AppState, key: &str, f: F) -> Result<(Bytes, bool), ApiError>
where
    F: FnOnce(&mut SqliteStore) -> Result<Value, ApiError>,
{
    st.cache.get_or_compute(key, || {
        let mut conn = st.pool.get()?;
        let v = f(conn.store()?)?;
        Ok(Bytes::from(serde_json::to_vec(&v).map_err(internal)?))
    })
}

/// `/api/stats`: activity over time in bins chosen by the range (or `grain`).
pub(crate) fn stats_of(
    s: &SqliteStore,
    f: &Filter,
    grain: Option<Grain>,
) -> Result<Value, ApiError> {
    let sum = s.time_summary(f, grain)?;
    serde_json::to_value(sum).map_err(internal)
}

/// `/api/network`: the `top` busiest actors and at most `limit` links among them.
pub(crate) fn network_of(
    s: &SqliteStore,
    f: &Filter,
    top: usize,
    limit: usize,
) -> Result<Value, ApiError> {
    let mut net = s.network(f, top)?;
    let truncated = net.edges.len() > limit;
    net.edges.truncate(limit);
    Ok(json!({
        "actors": net.actors,
        "nodes": net.nodes,
        "edges": net.edges,
        "truncated": truncated || net.actors > net.nodes.len(),
    }))
}

/// `/api/map`: located events grouped by place, the `limit` busiest places.
pub(crate) fn map_of(s: &SqliteStore, f: &Filter, limit: usize) -> Result<Value, ApiError> {
    let p = s.places(f, limit)?;
    Ok(json!({
        "located": p.located,
        "places_total": p.places_total,
        "places": p.places,
        "truncated": p.places_total > p.places.len(),
    }))
}

pub(crate) fn counts_of(s: &SqliteStore) -> Result<Value, ApiError> {
    serde_json::to_value(s.counts()?).map_err(internal)
}

/// Default sizes of the summaries (what the UI asks for).
pub(crate) const TOP_ACTORS: usize = 30;
pub(crate) const NETWORK_EDGES: usize = 400;
pub(crate) const MAP_PLACES: usize = 3000;

async fn stats(State(st): State<Shared>, p: Params) -> Result<Response, ApiError> {
    p.check(&with_filters(&["grain"]))?;
    let f = p.filter()?;
    let grain = match p.get("grain") {
        None | Some("auto") => None,
        Some(g) => Some(g.parse::<Grain>().map_err(ApiError::bad)?),
    };
    let key = format!("stats|{f:?}|{grain:?}");
    summary(&st, key, move |s| stats_of(s, &f, grain)).await
}

async fn search(State(st): State<Shared>, p: Params) -> Result<Json, ApiError> {
    p.check(&["q", "limit"])?;
    let q = p
        .get("q")
        .ok_or_else(|| ApiError::bad("q (the words to search for) is required"))?
        .to_string();
    if !q.chars().any(char::is_alphanumeric) {
        return Err(ApiError::bad("q must contain at least one word"));
    }
    let limit = p.count("limit", 20, 200)?;
    let hits = blocking(&st, move |s| Ok(s.search(&q, limit)?)).await?;
    Ok(axum::Json(json!({ "hits": hits })))
}

async fn network(State(st): State<Shared>, p: Params) -> Result<Response, ApiError> {
    p.check(&with_filters(&["top", "limit"]))?;
    let f = p.filter()?;
    let top = p.count("top", TOP_ACTORS, 200)?;
    let limit = p.count("limit", NETWORK_EDGES, 5000)?;
    let key = format!("network|{f:?}|{top}|{limit}");
    summary(&st, key, move |s| network_of(s, &f, top, limit)).await
}

async fn map(State(st): State<Shared>, p: Params) -> Result<Response, ApiError> {
    p.check(&with_filters(&["limit"]))?;
    let f = p.filter()?;
    let limit = p.count("limit", MAP_PLACES, 20_000)?;
    let key = format!("map|{f:?}|{limit}");
    summary(&st, key, move |s| map_of(s, &f, limit)).await
}

async fn counts(State(st): State<Shared>) -> Result<Response, ApiError> {
    summary(&st, "counts".into(), |s| counts_of(s)).await
}

/// `/api/export`: the matching events as a file (`format` jsonl, csv, dyadic or parquet),
/// streamed as the store produces them, so a 100,000-event download starts at once and holds
/// one event in memory at a time.
async fn export(State(st): State<Shared>, p: Params) -> Result<Response, ApiError> {
    p.check(&with_filters(&["format"]))?;
    let f = p.filter()?;
    let name = p.get("format").unwrap_or("jsonl").to_ascii_lowercase();
    let format: ExportFormat = name.parse().map_err(ApiError::bad)?;
    let (ext, mime) = match format {
        ExportFormat::Jsonl => ("jsonl", "application/x-ndjson"),
        ExportFormat::Csv => ("csv", "text/csv; charset=utf-8"),
        ExportFormat::Dyadic => ("dyadic.csv", "text/csv; charset=utf-8"),
        ExportFormat::Parquet => ("parquet", "application/vnd.apache.parquet"),
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    let st2 = st.clone();
    tokio::task::spawn_blocking(move || {
        let w = ChannelWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        let run = || -> Result<usize, ApiError> {
            let mut conn = st2.pool.get()?;
            let store = conn.store()?;
            Ok(sitrep_store::export(&*store, &f, format, w)?)
        };
        if let Err(e) = run() {
            // The status line has gone out: the client sees a cut-off body.
            tracing::warn!(error = %e.message, "export stopped");
            let _ = tx.blocking_send(Err(std::io::Error::other(e.message)));
        }
    });
    let body = Body::from_stream(ReceiverStream(rx));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"sitrep-events.{ext}\""))
                    .map_err(internal)?,
            ),
        ],
        body,
    )
        .into_response())
}

/// Bytes sent per body chunk of an export.
const CHUNK: usize = 64 << 10;

/// A `Write` that hands its bytes to the response body in chunks; a closed channel (the
/// client went away) fails the write, which stops the export.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client went away"))
    }
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

impl Drop for ChannelWriter {
    fn drop(&mut self) {
        let _ = self.send();
    }
}

/// The receiving end of an export as a body stream.
struct ReceiverStream(tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl futures_core::Stream for ReceiverStream {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI,
    )
        .into_response()
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

/// Compares in time independent of where the strings differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn unauthorized(msg: &str) -> Response {
    let mut r = ApiError::new(StatusCode::UNAUTHORIZED, msg).into_response();
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"sitrep\""),
    );
    r
}

/// The documents in a request body: a JSON document object, an array of them (or
/// `{"docs": [...]}`), or JSON Lines.
fn body_format(body: &[u8], headers: &HeaderMap) -> Result<InputFormat, ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ct.contains("ndjson") || ct.contains("jsonl") || ct.contains("json-seq") {
        return Ok(InputFormat::Jsonl);
    }
    let text = std::str::from_utf8(body).map_err(|_| ApiError::bad("body is not UTF-8"))?;
    match text.trim_start().as_bytes().first() {
        Some(b'[') => Ok(InputFormat::Json),
        Some(b'{') => {
            let mut lines = text.lines().filter(|l| !l.trim().is_empty());
            let several = lines.clone().count() > 1;
            if several && lines.all(|l| l.trim_start().starts_with('{')) {
                Ok(InputFormat::Jsonl)
            } else {
                Ok(InputFormat::Json)
            }
        }
        Some(_) => Err(ApiError::bad(
            "body must be a JSON document object, an array of them, or JSON Lines",
        )),
        None => Err(ApiError::bad("empty body: no document to ingest")),
    }
}

async fn post_documents(
    State(st): State<Shared>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let Some(token) = st.token.clone() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "ingest over HTTP is disabled: start the server with --token or SITREP_TOKEN",
        ));
    };
    match bearer_token(&headers) {
        None => {
            return Ok(unauthorized(
                "missing bearer token (Authorization: Bearer …)",
            ));
        }
        Some(g) if !same_secret(g.trim().as_bytes(), token.as_bytes()) => {
            return Ok(unauthorized("wrong bearer token"));
        }
        Some(_) => {}
    }
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("body larger than {} bytes", st.max_body),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > st.max_body) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, st.max_body)
        .await
        .map_err(|_| too_large())?;
    let format = body_format(&bytes, &headers)?;
    let opts = ReadOptions {
        format: Some(format),
        ..ReadOptions::default()
    };
    let mut docs = Vec::new();
    for d in sitrep_io::read_reader(std::io::Cursor::new(bytes.to_vec()), "request body", &opts) {
        match d {
            Ok(d) => docs.push(d),
            Err(e) => return Err(ApiError::bad(format!("unreadable document: {e}"))),
        }
    }
    if docs.is_empty() {
        return Err(ApiError::bad("no document in the body"));
    }
    let ids: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
    // The request's deadline is kept here, not by the timeout middleware: when it passes, the
    // ingest is abandoned and rolled back, unless it has begun to commit, in which case the
    // client waits for the commit and gets its result. (Dropping this future, when the client
    // goes away, abandons it too.)
    let gate = Arc::new(crate::Gate::default());
    let _abandon_on_drop = AbandonOnDrop(gate.clone());
    let st2 = st.clone();
    let gate2 = gate.clone();
    let mut task = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let mut conn = st2.pool.get()?;
        let ex = st2.ingester.extractor().map_err(|e| {
            tracing::error!(error = %e, "cannot load the extractor");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "cannot load the extractor; the server log has the details",
            )
        })?;
        Ok(crate::ingest_documents_gated(
            conn.store()?,
            &ex,
            docs,
            &gate2,
        )?)
    });
    let joined = if st.timeout.is_zero() {
        None
    } else {
        tokio::time::timeout(st.timeout, &mut task).await.ok()
    };
    let joined = match joined {
        Some(j) => j,
        None if gate.abandon() => {
            tracing::warn!(documents = ids.len(), "ingest timed out; rolled back");
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "ingest timed out after {} s; nothing was stored (send fewer documents per request)",
                    st.timeout.as_secs()
                ),
            ));
        }
        None => task.await,
    };
    let Some(report) = joined.map_err(worker_failed)?? else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ingest abandoned; nothing was stored",
        ));
    };
    tracing::info!(
        documents = ids.len(),
        new_events = report.events_new,
        failed = report.failed,
        "ingested over HTTP"
    );
    Ok((
        StatusCode::OK,
        axum::Json(json!({ "documents": ids, "report": report })),
    )
        .into_response())
}

/// Abandons an ingest whose request is dropped before it finished.
struct AbandonOnDrop(Arc<crate::Gate>);

impl Drop for AbandonOnDrop {
    fn drop(&mut self) {
        self.0.abandon();
    }
}

/// JSON responses.
type Json = axum::Json<Value>;
