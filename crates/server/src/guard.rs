//! Middleware: allowed Host names, per-client rate limit, request timeout, panic guard,
//! security headers and the request log.

use crate::ApiError;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Clients tracked before idle (full) buckets are dropped.
const MAX_CLIENTS: usize = 10_000;

struct Bucket {
    tokens: f64,
    last: Instant,
}

/// A token bucket per client address, in memory: enough to keep one runaway script from
/// starving everyone else, not a defence against a distributed attack.
pub(crate) struct RateLimiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    pub(crate) fn new(rate: f64, burst: f64) -> RateLimiter {
        RateLimiter {
            rate,
            burst: burst.max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `ip`; `Err(seconds)` to wait when there is none.
    fn take(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        if self.rate <= 0.0 || !self.rate.is_finite() {
            return Ok(());
        }
        let Ok(mut map) = self.buckets.lock() else {
            return Ok(());
        };
        if map.len() >= MAX_CLIENTS {
            let (rate, burst) = (self.rate, self.burst);
            map.retain(|_, b| b.tokens + now.duration_since(b.last).as_secs_f64() * rate < burst);
        }
        let b = map.entry(ip).or_insert(Bucket {
            tokens: self.burst,
            last: now,
        });
        let elapsed = now.duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.rate).min(self.burst);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / self.rate).ceil().max(1.0) as u64)
        }
    }
}

fn client_ip(req: &Request) -> Option<IpAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

pub(crate) async fn rate_limit(
    State(limiter): State<Arc<RateLimiter>>,
    req: Request,
    next: Next,
) -> Response {
    let ip = client_ip(&req).unwrap_or(IpAddr::from([0, 0, 0, 0]));
    match limiter.take(ip, Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            let mut r = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("too many requests from {ip}; retry in {wait} s"),
            )
            .into_response();
            if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        }
    }
}

/// Whether a request is the ingest endpoint, which keeps its own deadline: it must decide
/// between "stored" and "timed out, nothing stored" itself (see `api::post_documents`),
/// because a timeout here would only stop waiting, not stop the write.
fn keeps_own_deadline(req: &Request) -> bool {
    req.method() == axum::http::Method::POST && req.uri().path() == "/api/documents"
}

pub(crate) async fn timeout(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    if keeps_own_deadline(&req) {
        return next.run(req).await;
    }
    // A zero limit refuses every request, whether or not the handler happens to finish on its
    // first poll (which would make the outcome depend on scheduling).
    let result = if limit.is_zero() {
        Err(())
    } else {
        tokio::time::timeout(limit, next.run(req))
            .await
            .map_err(|_| ())
    };
    match result {
        Ok(r) => r,
        Err(()) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "request timed out after {} s; narrow the query",
                limit.as_secs()
            ),
        )
        .into_response(),
    }
}

/// The names a client may use for this server in its `Host` header. A page on another site
/// can make a browser send requests to a server on localhost by pointing its own name at
/// 127.0.0.1 (DNS rebinding); the browser then still sends that foreign name as `Host`, which
/// is refused here with 421 Misdirected Request.
pub(crate) struct HostPolicy {
    /// Lower-case names and addresses, without port.
    names: Vec<String>,
    /// Bound to every interface: any address literal is accepted (a rebinding attack needs a
    /// name), names only when listed.
    any_ip: bool,
}

impl HostPolicy {
    /// The bind address, `localhost`, 127.0.0.1 and ::1, and the `extra` names.
    pub(crate) fn new(bind: SocketAddr, extra: &[String]) -> HostPolicy {
        let mut names: Vec<String> = vec![
            "localhost".into(),
            "127.0.0.1".into(),
            "::1".into(),
            bind.ip().to_string(),
        ];
        for h in extra {
            let h = h.trim().trim_end_matches('.').to_ascii_lowercase();
            if !h.is_empty() {
                names.push(host_only(&h).to_string());
            }
        }
        HostPolicy {
            names,
            any_ip: bind.ip().is_unspecified(),
        }
    }

    pub(crate) fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let name = host_only(&host).trim_end_matches('.');
        if self.names.iter().any(|n| n == name) {
            return true;
        }
        self.any_ip && name.parse::<IpAddr>().is_ok()
    }
}

/// `host` without its port (and without the brackets of an IPv6 literal).
fn host_only(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        // One colon: name:port. More: a bare IPv6 address.
        Some((name, port)) if !name.contains(':') && port.chars().all(|c| c.is_ascii_digit()) => {
            name
        }
        _ => host,
    }
}

pub(crate) async fn host_check(
    State(policy): State<Arc<HostPolicy>>,
    req: Request,
    next: Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.as_str().to_string()));
    match host {
        // Browsers always send Host; a client without one is not a rebinding page.
        None => next.run(req).await,
        Some(h) if policy.allows(&h) => next.run(req).await,
        Some(h) => ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "this server does not answer to the name {:?}; start it with --allowed-host {} if that name is meant to reach it",
                h.chars().take(100).collect::<String>(),
                host_only(&h.to_ascii_lowercase()).chars().take(100).collect::<String>()
            ),
        )
        .into_response(),
    }
}

/// Turns a panic in a handler into a 500 with a generic message; the panic itself goes to
/// the log only (its message may hold document text or internals).
pub(crate) async fn catch_panic(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let mut fut = Box::pin(next.run(req));
    let polled = std::future::poll_fn(|cx| {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| fut.as_mut().poll(cx))) {
            Ok(std::task::Poll::Pending) => std::task::Poll::Pending,
            Ok(std::task::Poll::Ready(r)) => std::task::Poll::Ready(Ok(r)),
            Err(p) => std::task::Poll::Ready(Err(p)),
        }
    })
    .await;
    match polled {
        Ok(r) => r,
        Err(p) => {
            tracing::error!(%method, %path, panic = %panic_text(p.as_ref()), "handler panicked");
            internal_error()
        }
    }
}

/// The message of a panic payload, for the log.
pub(crate) fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// The answer to a request that failed inside the server: no detail for the client.
pub(crate) fn internal_error() -> Response {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error; the server log has the details",
    )
    .into_response()
}

/// Scripts, styles and data only from this server; no inline script, no framing. Data from
/// news text is inserted as text by the UI; this is the second line of defence.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(crate) async fn headers_and_log(req: Request, next: Next) -> Response {
    let t0 = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let ip = client_ip(&req);
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let ms = t0.elapsed().as_secs_f64() * 1000.0;
    let status = resp.status().as_u16();
    let client = ip.map(|i| i.to_string()).unwrap_or_default();
    if status >= 500 {
        tracing::warn!(%method, %path, status, ms = format_args!("{ms:.1}"), %client, "request");
    } else {
        tracing::info!(%method, %path, status, ms = format_args!("{ms:.1}"), %client, "request");
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_are_checked_without_port_or_case() {
        let p = HostPolicy::new(SocketAddr::from(([127, 0, 0, 1], 8080)), &[]);
        for ok in [
            "localhost",
            "LOCALHOST:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "localhost.",
        ] {
            assert!(p.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "10.0.0.1",
        ] {
            assert!(!p.allows(bad), "{bad}");
        }
        let all = HostPolicy::new(
            SocketAddr::from(([0, 0, 0, 0], 80)),
            &["Sitrep.Lan:8080".into()],
        );
        assert!(all.allows("10.0.0.1"));
        assert!(all.allows("sitrep.lan"));
        assert!(!all.allows("evil.example"));
        assert_eq!(host_only("[fe80::1]:80"), "fe80::1");
        assert_eq!(host_only("fe80::1"), "fe80::1");
    }

    /// A handler that panics answers 500 with the generic message: the panic's own message
    /// (which may quote document text) stays in the log.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_handler_answers_500_without_its_message() {
        use std::io::{Read, Write};
        let app = axum::Router::new()
            .route(
                "/boom",
                axum::routing::get(|| async {
                    panic!("secret text of document d7");
                    #[allow(unreachable_code)]
                    ""
                }),
            )
            .layer(axum::middleware::from_fn(catch_panic));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        let reply = tokio::task::spawn_blocking(move || {
            let mut c = std::net::TcpStream::connect(addr).unwrap();
            c.write_all(b"GET /boom HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut out = String::new();
            c.read_to_string(&mut out).unwrap();
            out
        })
        .await
        .unwrap();
        assert!(reply.starts_with("HTTP/1.1 500"), "{reply}");
        assert!(reply.contains("internal error"), "{reply}");
        assert!(
            !reply.contains("secret") && !reply.contains("d7"),
            "{reply}"
        );
    }

    #[test]
    fn bucket_allows_a_burst_then_refills() {
        let l = RateLimiter::new(2.0, 3.0);
        let ip = IpAddr::from([10, 0, 0, 1]);
        let t = Instant::now();
        assert!(l.take(ip, t).is_ok());
        assert!(l.take(ip, t).is_ok());
        assert!(l.take(ip, t).is_ok());
        assert_eq!(l.take(ip, t), Err(1));
        // Another client has its own bucket.
        assert!(l.take(IpAddr::from([10, 0, 0, 2]), t).is_ok());
        assert!(l.take(ip, t + Duration::from_millis(600)).is_ok());
        let off = RateLimiter::new(0.0, 1.0);
        for _ in 0..100 {
            assert!(off.take(ip, t).is_ok());
        }
    }
}
