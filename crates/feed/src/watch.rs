//! One poll of every feed: new articles fetched, read and handed to a [`Sink`] in batches.
//!
//! Restart safety comes from the store, not from state kept here: an article's document id
//! is derived from its URL ([`url_id`]), the sink is asked which ids it already holds before
//! anything is fetched, and a batch is stored atomically. A crash (even SIGKILL) between two
//! batches loses only the fetches of the unfinished batch, which the next poll repeats; no
//! article is stored twice because the id is the same each time.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sitrep_model::Document;

use crate::article::{ArticleMeta, charset_param, decode_page, page_document, url_id};
use crate::error::FeedError;
use crate::feeds::{XmlKind, parse_feed, xml_kind};
use crate::fetch::{Fetched, Fetcher, Validators};
use crate::sitemap::parse_sitemap;

/// A feed or sitemap to poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSpec {
    pub url: String,
    /// The publication's name, used as the articles' `source` (else the feed's title).
    pub name: Option<String>,
}

/// Reads a feeds file: one feed or sitemap URL per line, optionally followed by the
/// publication's name; blank lines and `#` comments are ignored.
pub fn parse_feeds_file(text: &str, origin: &str) -> Result<Vec<FeedSpec>, FeedError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (url, name) = match line.split_once(char::is_whitespace) {
            Some((u, n)) => (u, Some(n.trim().to_string()).filter(|n| !n.is_empty())),
            None => (line, None),
        };
        let bad = |detail: String| FeedError::BadUrl {
            url: format!("{origin}:{}: {url}", i + 1),
            detail,
        };
        let parsed = url::Url::parse(url).map_err(|e| bad(e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(bad("only http and https feeds can be polled".into()));
        }
        out.push(FeedSpec {
            url: url.to_string(),
            name,
        });
    }
    if out.is_empty() {
        return Err(FeedError::BadUrl {
            url: origin.to_string(),
            detail: "the feeds file lists no feed".into(),
        });
    }
    Ok(out)
}

/// Where documents go (the store, in `sitrep watch`).
pub trait Sink {
    /// Which of these document ids are already stored.
    fn stored(&mut self, ids: &[String]) -> Result<HashSet<String>, SinkError>;
    /// Stores a batch atomically (all or nothing).
    fn store(&mut self, docs: Vec<Document>) -> Result<(), SinkError>;
}

pub type SinkError = Box<dyn std::error::Error + Send + Sync>;

/// How bad a log line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// One thing worth logging. `kind` is a stable name (an error's [`FeedError::kind`], or
/// `batch`, `feed`, `gave_up`).
#[derive(Debug, Clone)]
pub struct LogLine {
    pub level: Level,
    pub kind: &'static str,
    pub url: Option<String>,
    pub message: String,
}

/// What one poll did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollStats {
    pub feeds: usize,
    /// Feeds that answered 304.
    pub unchanged_feeds: usize,
    /// Articles listed by the feeds (after removing duplicates).
    pub listed: usize,
    /// Listed articles already in the store.
    pub known: usize,
    pub fetched: usize,
    pub stored: usize,
    pub errors: usize,
    /// Whether the poll stopped early on a stop request.
    pub interrupted: bool,
}

/// Watch settings beyond fetching.
#[derive(Debug, Clone)]
pub struct WatchConfig {
    /// Documents per store transaction.
    pub batch: usize,
    /// Tries for an article that fails with a transient error before it is given up until
    /// the process restarts.
    pub max_attempts: u32,
    /// Most sitemaps read from one sitemap index.
    pub max_child_sitemaps: usize,
}

impl Default for WatchConfig {
    fn default() -> Self {
        WatchConfig {
            batch: 32,
            max_attempts: 3,
            max_child_sitemaps: 50,
        }
    }
}

/// The watch loop's state between polls.
pub struct Watcher {
    pub fetcher: Fetcher,
    feeds: Vec<FeedSpec>,
    cfg: WatchConfig,
    validators: HashMap<String, Validators>,
    /// Articles that failed, with their tries so far.
    failures: HashMap<String, u32>,
    /// Articles that failed transiently: tried again on the next poll even if their feed
    /// answers 304 then.
    retry: Vec<ArticleMeta>,
}

/// Stops between two requests when `stop` is set.
fn stopped(stop: &AtomicBool) -> bool {
    stop.load(Ordering::SeqCst)
}

impl Watcher {
    pub fn new(fetcher: Fetcher, feeds: Vec<FeedSpec>, cfg: WatchConfig) -> Watcher {
        Watcher {
            fetcher,
            feeds,
            cfg,
            validators: HashMap::new(),
            failures: HashMap::new(),
            retry: Vec::new(),
        }
    }

    /// Polls every feed once and stores the new articles. Errors about feeds and articles
    /// are logged and counted, never returned: only a failing sink stops the poll.
    pub fn poll(
        &mut self,
        sink: &mut dyn Sink,
        stop: &AtomicBool,
        log: &mut dyn FnMut(LogLine),
    ) -> Result<PollStats, SinkError> {
        let mut stats = PollStats::default();
        let mut listed: Vec<ArticleMeta> = std::mem::take(&mut self.retry);
        for spec in self.feeds.clone() {
            if stopped(stop) {
                stats.interrupted = true;
                break;
            }
            stats.feeds += 1;
            self.read_feed(&spec, &mut listed, &mut stats, log);
        }
        // One entry per article, in feed order.
        let mut ids = HashSet::new();
        listed.retain(|m| ids.insert(url_id(&m.url)));
        stats.listed = listed.len();
        let all: Vec<String> = listed.iter().map(|m| url_id(&m.url)).collect();
        let known = sink.stored(&all)?;
        stats.known = known.len();
        listed.retain(|m| !known.contains(&url_id(&m.url)));
        let max = self.cfg.max_attempts;
        listed.retain(|m| self.failures.get(&url_id(&m.url)).is_none_or(|&n| n < max));
        let mut batch: Vec<Document> = Vec::with_capacity(self.cfg.batch);
        for meta in interleave_by_host(listed) {
            if stopped(stop) {
                stats.interrupted = true;
                break;
            }
            match self.article(&meta) {
                Ok(doc) => {
                    stats.fetched += 1;
                    self.failures.remove(&doc.id);
                    batch.push(doc);
                    if batch.len() >= self.cfg.batch.max(1) {
                        stats.stored += self.flush(sink, &mut batch, log)?;
                    }
                }
                Err(e) => {
                    stats.errors += 1;
                    let tries = self.failures.entry(url_id(&meta.url)).or_insert(0);
                    // A permanent failure (404, robots.txt, not a page) is not tried again in
                    // this process; a transient one up to `max_attempts` times.
                    *tries = if e.is_transient() { *tries + 1 } else { max };
                    let gave_up = *tries >= max;
                    log(LogLine {
                        level: Level::Error,
                        kind: e.kind(),
                        url: Some(meta.url.clone()),
                        message: if gave_up {
                            format!("{e} (not tried again until restart)")
                        } else {
                            format!("{e} (tried again next poll)")
                        },
                    });
                    if !gave_up {
                        self.retry.push(meta);
                    }
                }
            }
        }
        // On a stop request too: what was fetched is stored before returning.
        stats.stored += self.flush(sink, &mut batch, log)?;
        Ok(stats)
    }

    fn flush(
        &mut self,
        sink: &mut dyn Sink,
        batch: &mut Vec<Document>,
        log: &mut dyn FnMut(LogLine),
    ) -> Result<usize, SinkError> {
        if batch.is_empty() {
            return Ok(0);
        }
        let n = batch.len();
        sink.store(std::mem::take(batch))?;
        log(LogLine {
            level: Level::Info,
            kind: "batch",
            url: None,
            message: format!("stored {n} article(s)"),
        });
        Ok(n)
    }

    /// Fetches one feed (or sitemap, or sitemap index) and appends its articles.
    fn read_feed(
        &mut self,
        spec: &FeedSpec,
        out: &mut Vec<ArticleMeta>,
        stats: &mut PollStats,
        log: &mut dyn FnMut(LogLine),
    ) {
        let mut queue: VecDeque<(String, usize)> = VecDeque::from([(spec.url.clone(), 0)]);
        let mut children = 0usize;
        while let Some((url, depth)) = queue.pop_front() {
            let mut fail = |e: FeedError| {
                stats.errors += 1;
                log(LogLine {
                    level: Level::Error,
                    kind: e.kind(),
                    url: Some(url.clone()),
                    message: e.to_string(),
                });
            };
            let page = match self.fetcher.get(&url, self.validators.get(&url)) {
                Ok(Fetched::NotModified) => {
                    stats.unchanged_feeds += 1;
                    continue;
                }
                Ok(Fetched::Page(p)) => p,
                Err(e) => {
                    fail(e);
                    continue;
                }
            };
            let parsed = match xml_kind(&page.body) {
                Some(XmlKind::Sitemap) => {
                    parse_sitemap(&page.body, &url).map(|s| (s.pages, s.sitemaps))
                }
                Some(XmlKind::Feed) => parse_feed(&page.body, Some(&page.url), &url)
                    .map(|f| (f.entries.into_iter().map(|e| e.meta).collect(), Vec::new())),
                None => {
                    // A feed with a broken prolog still goes to feed-rs, which names the fault.
                    parse_feed(&page.body, Some(&page.url), &url)
                        .map(|f| (f.entries.into_iter().map(|e| e.meta).collect(), Vec::new()))
                }
            };
            let (mut pages, sitemaps) = match parsed {
                Ok(x) => x,
                Err(e) => {
                    fail(e);
                    continue;
                }
            };
            // Validators are kept only for feeds that parsed: a broken feed is fetched whole
            // again next time.
            if page.validators != Validators::default() {
                self.validators.insert(url.clone(), page.validators.clone());
            }
            if let Some(name) = &spec.name {
                for p in &mut pages {
                    p.source = Some(name.clone());
                }
            }
            out.extend(pages);
            if depth == 0 {
                for s in sitemaps {
                    if children < self.cfg.max_child_sitemaps {
                        children += 1;
                        queue.push_back((s, 1));
                    }
                }
            }
        }
    }

    /// Fetches and reads one article page.
    fn article(&mut self, meta: &ArticleMeta) -> Result<Document, FeedError> {
        let page = match self.fetcher.get(&meta.url, None)? {
            Fetched::Page(p) => p,
            Fetched::NotModified => {
                return Err(FeedError::Status {
                    url: meta.url.clone(),
                    status: 304,
                });
            }
        };
        let ct = page.content_type.clone().unwrap_or_default();
        let mime = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !(mime.is_empty() || mime == "text/html" || mime == "application/xhtml+xml") {
            return Err(FeedError::NotHtml {
                url: meta.url.clone(),
                content_type: ct,
            });
        }
        let html = decode_page(&page.body, charset_param(&ct));
        // The id stays the listed URL's even after a redirect, so that the next poll
        // recognises the article it lists.
        page_document(&html, meta, None, meta.url.clone())
    }
}

/// Orders articles so that consecutive requests go to different hosts where possible: the
/// per-host delay of one site then overlaps with requests to the others.
fn interleave_by_host(items: Vec<ArticleMeta>) -> Vec<ArticleMeta> {
    let mut order: Vec<String> = Vec::new();
    let mut queues: HashMap<String, VecDeque<ArticleMeta>> = HashMap::new();
    for m in items {
        let site = Fetcher::site(&m.url).unwrap_or_default();
        if !queues.contains_key(&site) {
            order.push(site.clone());
        }
        queues.entry(site).or_default().push_back(m);
    }
    let mut out = Vec::new();
    loop {
        let mut any = false;
        for s in &order {
            if let Some(m) = queues.get_mut(s).and_then(VecDeque::pop_front) {
                out.push(m);
                any = true;
            }
        }
        if !any {
            return out;
        }
    }
}

/// Sleeps until `deadline` or until `stop` is set, whichever comes first.
pub fn sleep_until(deadline: Instant, stop: &AtomicBool) {
    while !stopped(stop) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        std::thread::sleep(left.min(Duration::from_millis(200)));
    }
}

/// Parses an interval such as `90s`, `15m`, `2h` or `1d` (a bare number is minutes).
pub fn parse_interval(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .map_or((s, "m"), |i| {
            (s.get(..i).unwrap_or(""), s.get(i..).unwrap_or(""))
        });
    let n: f64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not an interval like 90s, 15m, 2h or 1d"))?;
    let secs = match unit.trim() {
        "ms" => n / 1000.0,
        "s" | "sec" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86400.0,
        other => {
            return Err(format!(
                "unknown unit {other:?} in {s:?} (use ms, s, m, h or d)"
            ));
        }
    };
    if !(secs.is_finite() && secs >= 0.0) {
        return Err(format!("{s:?} is not a usable interval"));
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_file_lines_comments_and_errors() {
        let f = parse_feeds_file(
            "# outlets\n\nhttps://a.example/rss  Valdoria Daily\nhttps://b.example/sitemap.xml\n",
            "feeds.txt",
        )
        .unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].name.as_deref(), Some("Valdoria Daily"));
        assert_eq!(f[1].name, None);
        let e = parse_feeds_file("https://a.example/rss\nftp://x/y\n", "feeds.txt").unwrap_err();
        assert!(e.to_string().contains("feeds.txt:2"), "{e}");
        assert!(parse_feeds_file("# nothing\n", "f").is_err());
    }

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(parse_interval("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_interval("2h").unwrap(), Duration::from_secs(7200));
        assert_eq!(parse_interval("5").unwrap(), Duration::from_secs(300));
        assert_eq!(parse_interval("250ms").unwrap(), Duration::from_millis(250));
        assert!(parse_interval("soon").is_err());
        assert!(parse_interval("3y").is_err());
    }

    #[test]
    fn hosts_are_interleaved() {
        let m = |u: &str| ArticleMeta {
            url: u.into(),
            ..ArticleMeta::default()
        };
        let out = interleave_by_host(vec![m("http://a/1"), m("http://a/2"), m("http://b/1")]);
        let urls: Vec<&str> = out.iter().map(|m| m.url.as_str()).collect();
        assert_eq!(urls, ["http://a/1", "http://b/1", "http://a/2"]);
    }
}
