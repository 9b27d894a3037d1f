//! The watch loop against a loopback server that misbehaves in every way we could think of:
//! each fault gets a named, logged error and the poll goes on with the other articles.

use sitrep_feed::fetch::Fetched;
use sitrep_feed::fetch::{FetchConfig, Fetcher};
use sitrep_feed::testsite::{
    FAULTY_PAGES, Handler, Reply, Request, TestServer, faulty_expected, faulty_site, rss,
};
use sitrep_feed::watch::{FeedSpec, Level, LogLine, Sink, SinkError, WatchConfig, Watcher};
use sitrep_model::Document;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
struct MemSink {
    docs: HashMap<String, Document>,
    stores: usize,
}

impl Sink for MemSink {
    fn stored(&mut self, ids: &[String]) -> Result<HashSet<String>, SinkError> {
        Ok(ids
            .iter()
            .filter(|i| self.docs.contains_key(*i))
            .cloned()
            .collect())
    }
    fn store(&mut self, docs: Vec<Document>) -> Result<(), SinkError> {
        self.stores += 1;
        for d in docs {
            assert!(self.docs.insert(d.id.clone(), d).is_none(), "stored twice");
        }
        Ok(())
    }
}

fn watcher(srv: &TestServer, feeds: &[&str]) -> Watcher {
    let fetcher = Fetcher::new(FetchConfig {
        user_agent: "sitrep-test/0 (+mailto:tests@example.org)".into(),
        timeout: Duration::from_secs(1),
        max_bytes: 200_000,
        max_redirects: 4,
        delay: Duration::ZERO,
        ..FetchConfig::default()
    });
    let feeds = feeds
        .iter()
        .map(|p| FeedSpec {
            url: srv.url(p),
            name: None,
        })
        .collect();
    Watcher::new(
        fetcher,
        feeds,
        WatchConfig {
            batch: 2,
            ..WatchConfig::default()
        },
    )
}

/// Every request a server received: when it arrived, when it was answered, its path and
/// the headers a test checks.
#[derive(Debug, Clone)]
struct Seen {
    at: Instant,
    done: Instant,
    path: String,
    user_agent: Option<String>,
}

/// The requests a server received.
type Log = Arc<Mutex<Vec<Seen>>>;
/// Requests in flight now, and the most there were at once.
type InFlight = Arc<Mutex<(usize, usize)>>;

/// Wraps a handler to record each request and to count requests in flight at once.
fn recorded(inner: Handler) -> (Handler, Log, InFlight) {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    // (in flight now, most in flight at once)
    let flight: Arc<Mutex<(usize, usize)>> = Arc::default();
    let (s, f) = (Arc::clone(&seen), Arc::clone(&flight));
    let h: Handler = Arc::new(move |req: &Request| {
        let at = Instant::now();
        {
            let mut f = f.lock().unwrap();
            f.0 += 1;
            f.1 = f.1.max(f.0);
        }
        let mut reply = inner(req);
        // The reply's delay is served here, so that `done` is when the answer left.
        std::thread::sleep(std::mem::take(&mut reply.delay));
        f.lock().unwrap().0 -= 1;
        s.lock().unwrap().push(Seen {
            at,
            done: Instant::now(),
            path: req.path.clone(),
            user_agent: req.header("user-agent").map(str::to_string),
        });
        reply
    });
    (h, seen, flight)
}

#[test]
fn every_fault_is_named_and_the_poll_goes_on() {
    // A second site whose robots.txt cannot be fetched: nothing is fetched from it.
    let other = TestServer::start(Arc::new(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(503),
        _ => Reply::html(sitrep_feed::testsite::article_html(5)),
    }))
    .unwrap();
    let other_page = other.url("/a/elsewhere");
    let feed_b = rss("http://unused", [1].into_iter())
        .replace("http://unused/articles/1.html?utm_source=rss", &other_page);
    let srv = TestServer::start(Arc::new(move |req: &Request| {
        if req.path == "/feed-b.xml" {
            return Reply::new(200, "application/rss+xml", feed_b.clone());
        }
        faulty_site(req)
    }))
    .unwrap();
    let mut w = watcher(
        &srv,
        &[
            "/feed.xml",
            "/lm-feed.xml",
            "/feed-b.xml",
            "/bad.xml",
            "/bad-sitemap.xml",
            "/missing.xml",
        ],
    );
    let mut sink = MemSink::default();
    let mut logs: Vec<LogLine> = Vec::new();
    let stop = AtomicBool::new(false);
    let stats = w.poll(&mut sink, &stop, &mut |l| logs.push(l)).unwrap();
    let kinds: HashMap<String, &str> = logs
        .iter()
        .filter(|l| l.level == Level::Error)
        .filter_map(|l| Some((l.url.clone()?, l.kind)))
        .collect();
    let kind = |p: &str| kinds.get(&srv.url(p)).copied();
    assert_eq!(kind("/bad.xml"), Some("malformed_feed"), "{kinds:?}");
    assert_eq!(
        kind("/bad-sitemap.xml"),
        Some("malformed_sitemap"),
        "{kinds:?}"
    );
    assert_eq!(kind("/missing.xml"), Some("not_found"));
    assert_eq!(
        kinds.get(&other_page).copied(),
        Some("robots_unavailable"),
        "{kinds:?}"
    );
    assert_eq!(
        other.hits("/a/elsewhere"),
        0,
        "robots.txt unavailable: host skipped"
    );
    let mut good = vec![];
    for p in FAULTY_PAGES {
        let url = format!("/a/{p}");
        match faulty_expected(p) {
            Some(expected) => assert_eq!(kind(&url), Some(expected), "{url}: {kinds:?}"),
            None => {
                assert_eq!(kind(&url), None, "{url}: {kinds:?}");
                good.push(srv.url(&url));
            }
        }
    }
    // The good ones, the compressed ones and the mislabelled or meta-declared charsets are
    // stored, each once ("stored twice" panics in the sink).
    let text_of = |url: &str| -> String {
        sink.docs
            .values()
            .find(|d| d.url.as_deref() == Some(url))
            .map(|d| d.text.clone())
            .unwrap_or_else(|| panic!("{url} missing; errors: {kinds:?}"))
    };
    for url in &good {
        text_of(url);
    }
    assert!(text_of(&srv.url("/a/latin1")).contains("café"));
    assert!(text_of(&srv.url("/a/meta-charset")).contains("café"));
    assert!(
        text_of(&srv.url("/a/gzip")).contains("shelled"),
        "gzip body decoded"
    );
    assert!(
        text_of(&srv.url("/a/brotli")).contains("report number 10"),
        "brotli body decoded"
    );
    text_of(&srv.url("/a/lm"));
    assert_eq!(good.len(), 7);
    assert_eq!(
        stats.stored,
        7 + 1,
        "{stats:?}: seven pages and the Last-Modified feed's article"
    );
    assert_eq!(stats.feeds, 6);
    assert_eq!(srv.hits("/a/private"), 0, "robots.txt disallowed it");
    assert_eq!(srv.hits("/robots.txt"), 1, "robots.txt is cached");

    // Second poll: both feeds answer 304 (one to If-None-Match, one to If-Modified-Since);
    // the transient failures are retried, the permanent ones are not, and nothing is stored
    // twice.
    let before = (
        srv.hits("/a/gone"),
        srv.hits("/a/broken"),
        srv.hits("/a/limited"),
        srv.hits("/a/1"),
    );
    logs.clear();
    let stats = w.poll(&mut sink, &stop, &mut |l| logs.push(l)).unwrap();
    assert_eq!(stats.unchanged_feeds, 2, "{stats:?}");
    assert_eq!(stats.stored, 0);
    assert_eq!(srv.hits("/a/gone"), before.0, "a 404 is not fetched again");
    assert_eq!(srv.hits("/a/broken"), before.1 + 1, "a 500 is retried");
    assert_eq!(srv.hits("/a/limited"), before.2 + 1, "a 429 is retried");
    assert_eq!(
        srv.hits("/a/1"),
        before.3,
        "stored articles are not fetched again"
    );
    assert_eq!(sink.docs.len(), 8);
}

fn fetcher(delay: Duration) -> Fetcher {
    Fetcher::new(FetchConfig {
        user_agent: "sitrep-test/0 (+mailto:tests@example.org)".into(),
        timeout: Duration::from_secs(5),
        delay,
        ..FetchConfig::default()
    })
}

/// The gaps between one request's answer and the next request, in arrival order (robots.txt
/// included).
fn gaps(seen: &[Seen]) -> Vec<Duration> {
    seen.windows(2)
        .map(|w| w[1].at.saturating_duration_since(w[0].done))
        .collect()
}

#[test]
fn one_request_at_a_time_per_host_with_the_delay_between() {
    let (h, seen, flight) = recorded(sitrep_feed::testsite::news_site(
        10,
        10,
        Duration::from_millis(30),
    ));
    let srv = TestServer::start(h).unwrap();
    let mut w = Watcher::new(
        fetcher(Duration::from_millis(250)),
        vec![FeedSpec {
            url: srv.url("/feed.xml"),
            name: None,
        }],
        WatchConfig::default(),
    );
    let mut sink = MemSink::default();
    let stop = AtomicBool::new(false);
    let stats = w.poll(&mut sink, &stop, &mut |_| {}).unwrap();
    assert_eq!(stats.stored, 10);
    // Each fetched article keeps url, title, date, source and language (the feed's, else
    // the page's).
    let d = sink
        .docs
        .values()
        .find(|d| d.title.as_deref() == Some("Report 7"))
        .unwrap();
    assert_eq!(
        d.url.as_deref(),
        Some(srv.url("/articles/7.html?utm_source=rss").as_str())
    );
    assert_eq!(d.source.as_deref(), Some("Fixture Herald"));
    assert_eq!(d.language.as_deref(), Some("en"));
    assert_eq!(d.published, chrono::NaiveDate::from_ymd_opt(2031, 3, 4));
    assert!(d.text.contains("fixture report number 7"), "{}", d.text);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 12, "robots.txt, the feed, 10 pages");
    assert_eq!(
        seen[0].path, "/robots.txt",
        "robots.txt is read before anything else"
    );
    for g in gaps(&seen) {
        // The delay counts from the end of the previous answer; a little slack for the
        // client's own reading of the response.
        assert!(
            g >= Duration::from_millis(240),
            "{g:?} between two requests"
        );
    }
    assert_eq!(flight.lock().unwrap().1, 1, "never two requests at once");
    let ua = seen[0].user_agent.clone().unwrap_or_default();
    assert_eq!(ua, "sitrep-test/0 (+mailto:tests@example.org)");
}

#[test]
fn crawl_delay_wins_over_a_shorter_delay() {
    let (h, seen, _) = recorded(Arc::new(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::new(200, "text/plain", "User-agent: *\nCrawl-delay: 1\n"),
        _ => Reply::html(sitrep_feed::testsite::article_html(1)),
    }));
    let srv = TestServer::start(h).unwrap();
    let mut f = fetcher(Duration::ZERO);
    for p in ["/a", "/b", "/c"] {
        assert!(matches!(
            f.get(&srv.url(p), None).unwrap(),
            Fetched::Page(_)
        ));
    }
    let seen = seen.lock().unwrap().clone();
    let g = gaps(&seen);
    assert_eq!(g.len(), 3);
    // robots.txt itself is fetched before its Crawl-delay is known; the pages after it wait.
    for g in &g[1..] {
        assert!(*g >= Duration::from_millis(950), "{g:?}");
    }
}

#[test]
fn back_off_doubles_on_5xx_and_honours_retry_after() {
    let (h, _, _) = recorded(Arc::new(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        "/down" => Reply::status(503),
        "/busy" => Reply::status(429).with_header("Retry-After", "120"),
        _ => Reply::html(sitrep_feed::testsite::article_html(1)),
    }));
    let srv = TestServer::start(h).unwrap();
    let mut f = fetcher(Duration::ZERO);
    let down = srv.url("/down");
    let e = f.get(&down, None).unwrap_err();
    assert_eq!(e.kind(), "server_error");
    // One failure: twice the base pause of a second.
    let w1 = f.wait_for(&down);
    assert!(
        w1 > Duration::from_millis(1700) && w1 <= Duration::from_secs(2),
        "{w1:?}"
    );
    // The next request waits it out (it is short), fails again, and the pause doubles.
    let t = Instant::now();
    assert_eq!(f.get(&down, None).unwrap_err().kind(), "server_error");
    assert!(
        t.elapsed() >= Duration::from_millis(1700),
        "{:?}",
        t.elapsed()
    );
    let w2 = f.wait_for(&down);
    assert!(
        w2 > Duration::from_millis(3700) && w2 <= Duration::from_secs(4),
        "{w2:?}"
    );

    // A 429 with a long Retry-After: the host is left alone for that long, and a request
    // to it meanwhile fails at once, named, without reaching the server.
    let busy = srv.url("/busy");
    let mut f = fetcher(Duration::ZERO);
    assert_eq!(f.get(&busy, None).unwrap_err().kind(), "rate_limited");
    assert!(f.wait_for(&busy) > Duration::from_secs(100));
    let before = srv.hits("/a");
    let t = Instant::now();
    let e = f.get(&srv.url("/a"), None).unwrap_err();
    assert_eq!(e.kind(), "backed_off", "{e}");
    assert!(t.elapsed() < Duration::from_secs(1));
    assert_eq!(srv.hits("/a"), before);
}

#[test]
fn a_stop_request_ends_the_poll_after_storing_what_was_fetched() {
    let srv = TestServer::start(sitrep_feed::testsite::news_site(50, 50, Duration::ZERO)).unwrap();
    let mut w = watcher(&srv, &["/feed.xml"]);
    let mut sink = MemSink::default();
    let stop = AtomicBool::new(false);
    let mut n = 0;
    let stats = w
        .poll(&mut sink, &stop, &mut |l| {
            if l.kind == "batch" {
                n += 1;
                if n == 3 {
                    stop.store(true, std::sync::atomic::Ordering::SeqCst);
                }
            }
        })
        .unwrap();
    assert!(stats.interrupted);
    assert_eq!(sink.docs.len(), 6, "three batches of two, then stop");
    assert_eq!(
        srv.hits_under("/articles/"),
        6,
        "nothing fetched and dropped"
    );
}

#[test]
fn feed_text_and_rss_helper_round_trip() {
    let x = rss("http://h", [2, 1].into_iter());
    let f = sitrep_feed::feeds::parse_feed(x.as_bytes(), None, "x").unwrap();
    assert_eq!(f.entries.len(), 2);
}
