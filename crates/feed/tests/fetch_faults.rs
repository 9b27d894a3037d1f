//! The watch loop against a loopback server that misbehaves in every way we could think of:
//! each fault gets a named, logged error and the poll goes on with the other articles.

use sitrep_feed::fetch::{FetchConfig, Fetcher};
use sitrep_feed::testsite::{Reply, Request, TestServer, article_html, rss};
use sitrep_feed::watch::{FeedSpec, Level, LogLine, Sink, SinkError, WatchConfig, Watcher};
use sitrep_model::Document;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

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

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

/// Articles 1–3 are good; the others are each broken in one way.
const PAGES: &[&str] = &[
    "1",
    "2",
    "3",
    "gone",
    "broken",
    "slow",
    "loop",
    "huge",
    "gzip",
    "latin1",
    "image",
    "private",
    "many-redirects",
    "empty",
];

fn faulty_site(req: &Request) -> Reply {
    let host = req.header("host").unwrap_or("").to_string();
    let base = format!("http://{host}");
    let path = req.path.split('?').next().unwrap_or("");
    match path {
        "/robots.txt" => Reply::new(200, "text/plain", "User-agent: *\nDisallow: /a/private\n"),
        "/feed.xml" => {
            // ETag: a second poll with If-None-Match gets 304.
            if req.header("if-none-match") == Some("\"v1\"") {
                return Reply::status(304);
            }
            let mut s = String::from("<rss version=\"2.0\"><channel><title>Faulty Times</title>");
            for p in PAGES {
                s.push_str(&format!("<item><title>{p}</title><link>{base}/a/{p}</link></item>"));
            }
            s.push_str("</channel></rss>");
            Reply::new(200, "application/rss+xml", s).with_header("ETag", "\"v1\"")
        }
        "/bad.xml" => Reply::new(200, "application/rss+xml", "<rss><channel><item><title>x</channel>"),
        "/missing.xml" => Reply::status(404),
        "/a/1" | "/a/2" | "/a/3" => Reply::html(article_html(path.len() + 40)),
        "/a/gone" => Reply::status(404),
        "/a/broken" => Reply::status(500),
        "/a/slow" => Reply::html(article_html(7)).with_delay(Duration::from_secs(3)),
        "/a/loop" => Reply::redirect("/a/loop2"),
        "/a/loop2" => Reply::redirect("/a/loop"),
        "/a/many-redirects" => Reply::redirect("/r/1"),
        p if p.starts_with("/r/") => {
            let n: u32 = p.trim_start_matches("/r/").parse().unwrap_or(0);
            Reply::redirect(&format!("/r/{}", n + 1))
        }
        "/a/huge" => Reply::html(vec![b'x'; 300_000]),
        "/a/gzip" => {
            let body = article_html(9);
            if req.header("accept-encoding").is_some_and(|a| a.contains("gzip")) {
                Reply::html(gzip(body.as_bytes())).with_header("Content-Encoding", "gzip")
            } else {
                Reply::html(body)
            }
        }
        // The header claims UTF-8; the bytes are Windows-1252.
        "/a/latin1" => Reply::html(
            b"<html><body><article><p>Protesters gathered at the caf\xe9 in Lusk on Monday.</p></article></body></html>"
                .to_vec(),
        ),
        "/a/image" => Reply::new(200, "image/png", b"\x89PNG\r\n\x1a\n".to_vec()),
        "/a/empty" => Reply::html("<html><body><script>var x = 1;</script></body></html>"),
        _ => Reply::status(404),
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

#[test]
fn every_fault_is_named_and_the_poll_goes_on() {
    let srv = TestServer::start(Arc::new(faulty_site)).unwrap();
    let mut w = watcher(&srv, &["/feed.xml", "/bad.xml", "/missing.xml"]);
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
    assert_eq!(kind("/missing.xml"), Some("not_found"));
    assert_eq!(kind("/a/gone"), Some("not_found"));
    assert_eq!(kind("/a/broken"), Some("server_error"));
    assert_eq!(kind("/a/slow"), Some("timeout"));
    assert_eq!(kind("/a/loop"), Some("redirect_loop"));
    assert_eq!(kind("/a/many-redirects"), Some("too_many_redirects"));
    assert_eq!(kind("/a/huge"), Some("too_large"));
    assert_eq!(kind("/a/image"), Some("not_html"));
    assert_eq!(kind("/a/private"), Some("robots_denied"));
    assert_eq!(kind("/a/empty"), Some("empty_article"));
    // The good ones, the gzip one and the mislabelled charset are stored.
    let urls: HashSet<String> = sink.docs.values().filter_map(|d| d.url.clone()).collect();
    for p in ["/a/1", "/a/2", "/a/3", "/a/gzip", "/a/latin1"] {
        assert!(urls.contains(&srv.url(p)), "{p} missing; errors: {kinds:?}");
    }
    let latin = sink
        .docs
        .values()
        .find(|d| d.url.as_deref() == Some(&srv.url("/a/latin1")))
        .unwrap();
    assert!(latin.text.contains("café"), "{}", latin.text);
    let gz = sink
        .docs
        .values()
        .find(|d| d.url.as_deref() == Some(&srv.url("/a/gzip")))
        .unwrap();
    assert!(
        gz.text.contains("shelled"),
        "gzip body decoded: {}",
        gz.text
    );
    assert_eq!(stats.stored, 5);
    assert_eq!(stats.feeds, 3);
    assert_eq!(srv.hits("/a/private"), 0, "robots.txt disallowed it");
    assert_eq!(srv.hits("/robots.txt"), 1, "robots.txt is cached");

    // Second poll: the feed answers 304; the transient failures are retried, the permanent
    // ones are not, and nothing is stored twice.
    let before = (srv.hits("/a/gone"), srv.hits("/a/broken"), srv.hits("/a/1"));
    logs.clear();
    let stats = w.poll(&mut sink, &stop, &mut |l| logs.push(l)).unwrap();
    assert_eq!(stats.unchanged_feeds, 1, "{stats:?}");
    assert_eq!(stats.stored, 0);
    assert_eq!(srv.hits("/a/gone"), before.0, "a 404 is not fetched again");
    assert_eq!(srv.hits("/a/broken"), before.1 + 1, "a 500 is retried");
    assert_eq!(
        srv.hits("/a/1"),
        before.2,
        "stored articles are not fetched again"
    );
    assert_eq!(sink.docs.len(), 5);
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
