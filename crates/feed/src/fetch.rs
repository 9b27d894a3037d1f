//! A polite HTTP(S) client: robots.txt, one request at a time with a delay per host,
//! conditional requests, back-off on 429 and 5xx, a size cap and redirects with a limit.
//!
//! Requests are made one at a time (the watch loop is sequential), which satisfies "at most
//! one request at a time per host" trivially; the per-host delay is what spaces them.
//! Redirects are followed here rather than by the HTTP library so that every hop is checked
//! against its own site's robots.txt and delay, and so that loops are named as such.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::article::canonical_url;
use crate::error::FeedError;
use crate::robots::{Cached, Rules, product_token};

/// The longest back-off a request waits out instead of failing with `backed_off`.
const MAX_BACKOFF_WAIT: Duration = Duration::from_secs(15);

/// How to fetch.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Sent with every request; it should name the operator's contact (a URL or mail
    /// address) so that a site owner can reach them.
    pub user_agent: String,
    /// Whole-request time limit (connect, headers and body).
    pub timeout: Duration,
    /// Largest body accepted, after decompression.
    pub max_bytes: u64,
    pub max_redirects: u32,
    /// Pause between two requests to the same host (robots.txt's Crawl-delay wins when longer).
    pub delay: Duration,
    /// Longest back-off after repeated 429/5xx answers.
    pub max_backoff: Duration,
    /// How long a robots.txt is trusted before it is fetched again.
    pub robots_ttl: Duration,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: format!("sitrep/{}", env!("CARGO_PKG_VERSION")),
            timeout: Duration::from_secs(30),
            max_bytes: 8 << 20,
            max_redirects: 5,
            delay: Duration::from_secs(1),
            max_backoff: Duration::from_secs(3600),
            robots_ttl: Duration::from_secs(24 * 3600),
        }
    }
}

/// Validators of an earlier response, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful response.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL after redirects.
    pub url: String,
    pub content_type: Option<String>,
    pub validators: Validators,
    pub body: Vec<u8>,
}

/// What a fetch gave.
#[derive(Debug)]
pub enum Fetched {
    Page(Page),
    /// 304: unchanged since the validators were given.
    NotModified,
}

#[derive(Debug)]
struct Host {
    /// Earliest time of the next request.
    next_at: Instant,
    /// Consecutive 429/5xx/time-outs, for the back-off.
    failures: u32,
}

/// The fetcher and its per-host memory (delays, back-off, robots.txt).
pub struct Fetcher {
    agent: ureq::Agent,
    cfg: FetchConfig,
    token: String,
    hosts: HashMap<String, Host>,
    robots: HashMap<String, Cached>,
    /// Requests made (robots.txt included), for the poll status line and tests.
    pub requests: u64,
}

/// `scheme://host:port`, the unit robots.txt and politeness apply to.
fn site_of(url: &url::Url) -> String {
    format!(
        "{}://{}:{}",
        url.scheme(),
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

fn parse_url(url: &str) -> Result<url::Url, FeedError> {
    let u = url::Url::parse(url).map_err(|e| FeedError::BadUrl {
        url: url.to_string(),
        detail: e.to_string(),
    })?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return Err(FeedError::BadUrl {
            url: url.to_string(),
            detail: "not an http(s) URL".into(),
        });
    }
    Ok(u)
}

impl Fetcher {
    pub fn new(cfg: FetchConfig) -> Fetcher {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(cfg.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(cfg.user_agent.as_str())
            .build()
            .into();
        Fetcher {
            agent,
            token: product_token(&cfg.user_agent),
            cfg,
            hosts: HashMap::new(),
            robots: HashMap::new(),
            requests: 0,
        }
    }

    pub fn config(&self) -> &FetchConfig {
        &self.cfg
    }

    /// The site key of a URL (for grouping work by host).
    pub fn site(url: &str) -> Option<String> {
        url::Url::parse(url).ok().map(|u| site_of(&u))
    }

    /// How long until the site of `url` may be asked again (zero when it may now).
    pub fn wait_for(&self, url: &str) -> Duration {
        Fetcher::site(url)
            .and_then(|s| self.hosts.get(&s))
            .map(|h| h.next_at.saturating_duration_since(Instant::now()))
            .unwrap_or_default()
    }

    /// Fetches `url`, following redirects, honouring robots.txt and the host's delay. A host
    /// in back-off is not waited for: the URL fails at once with `backed_off` (the status
    /// code that caused it), to be tried on a later poll.
    pub fn get(
        &mut self,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FeedError> {
        let mut current = parse_url(url)?;
        let mut seen: HashSet<String> = HashSet::new();
        seen.insert(canonical_url(current.as_str()));
        for _hop in 0..=self.cfg.max_redirects {
            self.check_robots(&current)?;
            let conditional = if seen.len() == 1 { validators } else { None };
            let mut resp = self.request(&current, conditional)?;
            let status = resp.status().as_u16();
            let shown = current.to_string();
            match status {
                200..=299 => return self.read_page(&shown, &mut resp).map(Fetched::Page),
                304 => return Ok(Fetched::NotModified),
                301 | 302 | 303 | 307 | 308 => {
                    let loc = resp
                        .headers()
                        .get("location")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|l| current.join(l).ok())
                        .filter(|u| matches!(u.scheme(), "http" | "https"))
                        .ok_or_else(|| FeedError::BadRedirect { url: shown.clone() })?;
                    if !seen.insert(canonical_url(loc.as_str())) {
                        return Err(FeedError::RedirectLoop {
                            url: url.to_string(),
                            to: loc.to_string(),
                        });
                    }
                    current = loc;
                }
                _ => {
                    if status == 429 || status >= 500 {
                        let retry = resp
                            .headers()
                            .get("retry-after")
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| v.trim().parse::<u64>().ok())
                            .map(Duration::from_secs);
                        self.back_off(&current, retry);
                    }
                    return Err(FeedError::Status { url: shown, status });
                }
            }
        }
        Err(FeedError::TooManyRedirects {
            url: url.to_string(),
            limit: self.cfg.max_redirects,
        })
    }

    fn read_page(
        &mut self,
        url: &str,
        resp: &mut ureq::http::Response<ureq::Body>,
    ) -> Result<Page, FeedError> {
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header("content-type");
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let limit = self.cfg.max_bytes;
        if resp.body().content_length().is_some_and(|n| n > limit) {
            return Err(FeedError::TooLarge {
                url: url.to_string(),
                limit,
            });
        }
        let body = resp
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| self.error(url, e))?;
        Ok(Page {
            url: url.to_string(),
            content_type,
            validators,
            body,
        })
    }

    /// Waits for the host's turn, then sends one GET.
    fn request(
        &mut self,
        url: &url::Url,
        validators: Option<&Validators>,
    ) -> Result<ureq::http::Response<ureq::Body>, FeedError> {
        let site = site_of(url);
        let delay = self.delay_for(&site);
        let now = Instant::now();
        let host = self.hosts.entry(site).or_insert(Host {
            next_at: now,
            failures: 0,
        });
        let wait = host.next_at.saturating_duration_since(now);
        // A short back-off is waited out (one broken page must not stop a whole site for the
        // poll); a long one fails the URL at once, to be tried on a later poll.
        if host.failures > 0 && wait > delay.max(MAX_BACKOFF_WAIT) {
            return Err(FeedError::BackedOff {
                url: url.to_string(),
                secs: wait.as_secs().max(1),
            });
        }
        std::thread::sleep(wait);
        let mut req = self.agent.get(url.as_str());
        if let Some(v) = validators {
            if let Some(e) = &v.etag {
                req = req.header("If-None-Match", e.as_str());
            }
            if let Some(m) = &v.last_modified {
                req = req.header("If-Modified-Since", m.as_str());
            }
        }
        self.requests += 1;
        let result = req.call();
        // The delay counts from the end of the request, so a slow server is not hurried.
        host.next_at = Instant::now() + delay;
        match result {
            Ok(r) => {
                if r.status().as_u16() < 400 {
                    host.failures = 0;
                }
                Ok(r)
            }
            Err(e) => {
                let err = self.error(url.as_str(), e);
                if err.is_transient() {
                    self.back_off(url, None);
                }
                Err(err)
            }
        }
    }

    fn delay_for(&self, site: &str) -> Duration {
        let crawl = self
            .robots
            .get(site)
            .and_then(|c| c.rules.crawl_delay())
            .unwrap_or_default();
        self.cfg.delay.max(crawl)
    }

    /// Doubles the host's pause per consecutive failure (from the delay, at least a second),
    /// up to the maximum; a Retry-After the server sent wins when longer.
    fn back_off(&mut self, url: &url::Url, retry_after: Option<Duration>) {
        let site = site_of(url);
        let base = self.delay_for(&site).max(Duration::from_secs(1));
        let max = self.cfg.max_backoff;
        let host = self.hosts.entry(site).or_insert(Host {
            next_at: Instant::now(),
            failures: 0,
        });
        host.failures = host.failures.saturating_add(1);
        let factor = 1u32 << host.failures.min(16);
        let pause = base
            .saturating_mul(factor)
            .max(retry_after.unwrap_or_default())
            .min(max);
        host.next_at = Instant::now() + pause;
    }

    fn error(&self, url: &str, e: ureq::Error) -> FeedError {
        let url = url.to_string();
        match e {
            ureq::Error::Timeout(_) => FeedError::Timeout {
                url,
                secs: self.cfg.timeout.as_secs(),
            },
            ureq::Error::BodyExceedsLimit(limit) => FeedError::TooLarge { url, limit },
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => FeedError::Connect {
                url,
                detail: e.to_string(),
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                FeedError::Connect {
                    url,
                    detail: io.to_string(),
                }
            }
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                FeedError::Timeout {
                    url,
                    secs: self.cfg.timeout.as_secs(),
                }
            }
            other => FeedError::Http {
                url,
                detail: other.to_string(),
            },
        }
    }

    /// Fails with `robots_denied` when the site's robots.txt (fetched and cached on first
    /// use) disallows `url`.
    fn check_robots(&mut self, url: &url::Url) -> Result<(), FeedError> {
        let site = site_of(url);
        let fresh = self
            .robots
            .get(&site)
            .is_some_and(|c| c.until > Instant::now());
        if !fresh {
            let cached = self.fetch_robots(url);
            self.robots.insert(site.clone(), cached);
        }
        let Some(cached) = self.robots.get(&site) else {
            return Ok(());
        };
        if let Rules::Unavailable(detail) = &cached.rules {
            return Err(FeedError::RobotsUnavailable {
                url: url.to_string(),
                detail: detail.clone(),
            });
        }
        if cached.rules.allowed(url.as_str()) {
            Ok(())
        } else {
            Err(FeedError::RobotsDenied {
                url: url.to_string(),
            })
        }
    }

    fn fetch_robots(&mut self, url: &url::Url) -> Cached {
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        let ttl = self.cfg.robots_ttl;
        // An unavailable robots.txt is asked again after a few minutes, not a day.
        let retry = ttl.min(Duration::from_secs(300));
        let until = |d: Duration| Instant::now() + d;
        match self.request(&robots_url, None) {
            Ok(mut resp) => {
                let status = resp.status().as_u16();
                match status {
                    200..=299 => {
                        let body = resp
                            .body_mut()
                            .with_config()
                            .limit(512 * 1024)
                            .read_to_vec()
                            .unwrap_or_default();
                        Cached {
                            rules: Rules::parse(&self.token, &body),
                            until: until(ttl),
                        }
                    }
                    // 3xx (not followed for robots.txt) and 4xx: no rules.
                    300..=499 if status != 429 => Cached {
                        rules: Rules::AllowAll,
                        until: until(ttl),
                    },
                    _ => Cached {
                        rules: Rules::Unavailable(format!("HTTP status {status}")),
                        until: until(retry),
                    },
                }
            }
            Err(e) => Cached {
                rules: Rules::Unavailable(e.to_string()),
                until: until(retry),
            },
        }
    }
}
