//! Middleware: per-client rate limit, request timeout, security headers and the request log.

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

pub(crate) async fn timeout(State(limit): State<Duration>, req: Request, next: Next) -> Response {
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
