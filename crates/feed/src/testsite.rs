//! A small HTTP/1.1 server on 127.0.0.1 for tests (feature `testsite`): no external network,
//! any response the test wants (slow, broken, redirecting), and a count of requests per path.
//!
//! One thread per connection, `Connection: close`; the accept loop ends when the server is
//! dropped.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the handler sees it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Header fields, names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A response to send.
#[derive(Debug, Clone, Default)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering (a slow server).
    pub delay: Duration,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "text/html; charset=utf-8", body)
    }

    pub fn status(status: u16) -> Reply {
        Reply::new(status, "text/plain", format!("status {status}\n"))
    }

    pub fn redirect(to: &str) -> Reply {
        let mut r = Reply::status(302);
        r.headers.push(("Location".into(), to.into()));
        r
    }

    pub fn with_header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }

    pub fn with_delay(mut self, d: Duration) -> Reply {
        self.delay = d;
        self
    }
}

pub type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// The running server.
pub struct TestServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    /// Starts a server on a free loopback port.
    pub fn start(handler: Handler) -> std::io::Result<TestServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let (s, h) = (Arc::clone(&stop), Arc::clone(&hits));
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (handler, hits) = (Arc::clone(&handler), Arc::clone(&h));
                std::thread::spawn(move || serve(conn, &handler, &hits));
            }
        });
        Ok(TestServer {
            addr,
            stop,
            hits,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Requests received for `path` (path and query) so far.
    pub fn hits(&self, path: &str) -> usize {
        self.hits
            .lock()
            .map(|h| h.get(path).copied().unwrap_or(0))
            .unwrap_or(0)
    }

    /// Requests received for paths starting with `prefix`.
    pub fn hits_under(&self, prefix: &str) -> usize {
        self.hits
            .lock()
            .map(|h| {
                h.iter()
                    .filter(|(k, _)| k.starts_with(prefix))
                    .map(|(_, v)| v)
                    .sum()
            })
            .unwrap_or(0)
    }

    /// The largest number of requests any one path under `prefix` received.
    pub fn max_hits_under(&self, prefix: &str) -> usize {
        self.hits
            .lock()
            .map(|h| {
                h.iter()
                    .filter(|(k, _)| k.starts_with(prefix))
                    .map(|(_, v)| *v)
                    .max()
                    .unwrap_or(0)
            })
            .unwrap_or(0)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(conn: TcpStream, handler: &Handler, hits: &Mutex<HashMap<String, usize>>) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(read_half) = conn.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 {
            break;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    if let Ok(mut m) = hits.lock() {
        *m.entry(path.clone()).or_insert(0) += 1;
    }
    let req = Request {
        method,
        path,
        headers,
    };
    let reply = handler(&req);
    if !reply.delay.is_zero() {
        std::thread::sleep(reply.delay);
    }
    let mut out = conn;
    let mut head = format!("HTTP/1.1 {} X\r\n", reply.status);
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        reply.body.len()
    ));
    let _ = out.write_all(head.as_bytes());
    if req.method != "HEAD" {
        let _ = out.write_all(&reply.body);
    }
    let _ = out.flush();
}

/// Parties and invented towns for fixture articles (no real news text). The parties are
/// demonyms the knowledge base knows, so that each article codes an event; invented
/// demonyms name no entity, and an attack with no known party and no known place is not coded.
const PARTIES: &[(&str, &str)] = &[
    ("Sudanese", "Chadian"),
    ("Chadian", "Libyan"),
    ("Libyan", "Sudanese"),
];
const TOWNS: &[&str] = &["Lusk", "Port Ostra", "Merrow", "Tavel", "Brenhold", "Cassy"];

/// The text of fixture article `i`: a short invented report with an event in it.
pub fn article_text(i: usize) -> String {
    let (a, b) = PARTIES[i % PARTIES.len()];
    let town = TOWNS[(i / 3) % TOWNS.len()];
    let killed = 2 + (i * 7) % 30;
    format!(
        "{a} forces shelled {town} on Tuesday, killing {killed} people, local officials said. \
         The {b} defence ministry condemned the attack and called for talks. \
         This is fixture report number {i}, written for the sitrep tests."
    )
}

/// The HTML page of fixture article `i`.
pub fn article_html(i: usize) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><title>Report {i}</title></head><body>\
         <nav>Home | World</nav><article><h1>Report {i}</h1><p>{}</p></article>\
         <footer>Fixture Herald</footer></body></html>",
        article_text(i)
    )
}

/// An RSS 2.0 feed listing fixture articles `ids` (newest first) under `base`.
pub fn rss(base: &str, ids: impl Iterator<Item = usize>) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Fixture Herald</title><link>/</link><language>en</language>\n",
    );
    for i in ids {
        s.push_str(&format!(
            "<item><title>Report {i}</title><link>{base}/articles/{i}.html?utm_source=rss</link>\
             <pubDate>Tue, 04 Mar 2031 09:30:00 GMT</pubDate><description>Report {i}.</description></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

/// A news sitemap (Google News extension) listing fixture articles `ids` under `base`.
pub fn news_sitemap(base: &str, ids: impl Iterator<Item = usize>) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    for i in ids {
        s.push_str(&format!(
            "<url><loc>{base}/articles/{i}.html</loc><news:news><news:publication>\
             <news:name>Fixture Herald</news:name><news:language>en</news:language></news:publication>\
             <news:publication_date>2031-03-04</news:publication_date><news:title>Report {i}</news:title>\
             </news:news></url>\n"
        ));
    }
    s.push_str("</urlset>\n");
    s
}

/// The HTTP date `minutes` after 2031-03-04 09:00 UTC (a feed's `Last-Modified`).
fn http_date(minutes: usize) -> String {
    let t = chrono::DateTime::from_timestamp(1_930_467_600 + 60 * minutes as i64, 0)
        .unwrap_or_default();
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// A news site that publishes `per_poll` new articles each time its feed (or its news
/// sitemap) is fetched, up to `total`; each listing shows the newest 60 (so consecutive
/// polls overlap, as real feeds do). Articles answer after `article_delay`.
///
/// Paths: the RSS feed `/feed.xml`, the same articles as a news sitemap `/sitemap.xml`, a
/// sitemap index listing it `/sitemap-index.xml`, pages `/articles/N.html`. Poll either the
/// feed or the sitemap, not both: each listing fetched publishes the next articles. The feed
/// and the sitemap carry `ETag` and `Last-Modified` and answer 304 to a conditional request
/// when nothing new would be listed (once all `total` are out); a 304 publishes nothing.
pub fn news_site(total: usize, per_poll: usize, article_delay: Duration) -> Handler {
    let polls = Arc::new(Mutex::new(0usize));
    Arc::new(move |req: &Request| {
        let path = req.path.split('?').next().unwrap_or("");
        let host = req.header("host").unwrap_or("127.0.0.1").to_string();
        let base = format!("http://{host}");
        match path {
            "/robots.txt" => Reply::new(200, "text/plain", "User-agent: *\nDisallow: /private/\n"),
            "/sitemap-index.xml" => Reply::new(
                200,
                "application/xml",
                format!(
                    "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                     <sitemap><loc>{base}/sitemap.xml</loc></sitemap></sitemapindex>"
                ),
            ),
            "/feed.xml" | "/sitemap.xml" => {
                let n = {
                    let Ok(mut p) = polls.lock() else {
                        return Reply::status(500);
                    };
                    let next = ((*p + 1) * per_poll).min(total);
                    let etag = format!("\"v{next}\"");
                    let unchanged = match req.header("if-none-match") {
                        Some(tag) => tag == etag,
                        None => req.header("if-modified-since") == Some(&http_date(next)),
                    };
                    if unchanged {
                        return Reply::status(304);
                    }
                    *p += 1;
                    next
                };
                let ids = (n.saturating_sub(60) + 1..=n).rev();
                let reply = if path == "/feed.xml" {
                    Reply::new(200, "application/rss+xml", rss(&base, ids))
                } else {
                    Reply::new(200, "application/xml", news_sitemap(&base, ids))
                };
                reply
                    .with_header("ETag", &format!("\"v{n}\""))
                    .with_header("Last-Modified", &http_date(n))
            }
            _ => {
                let Some(i) = path
                    .strip_prefix("/articles/")
                    .and_then(|r| r.strip_suffix(".html"))
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|&i| (1..=total).contains(&i))
                else {
                    return Reply::status(404);
                };
                Reply::html(article_html(i)).with_delay(article_delay)
            }
        }
    })
}

/// A body in brotli's stored (uncompressed) form: a valid brotli stream that needs no
/// encoder, so that the client's brotli decoding can be tested without one. At most 64 KiB.
pub fn brotli_stored(data: &[u8]) -> Vec<u8> {
    assert!(
        !data.is_empty() && data.len() <= 1 << 16,
        "one stored meta-block"
    );
    // Bits, least significant first: WBITS = 16 ('0'), ISLAST = 0, MNIBBLES = 4 ('00'),
    // MLEN - 1 in 16 bits, ISUNCOMPRESSED = 1; then padding to the byte, the bytes, and an
    // empty last meta-block (ISLAST = 1, ISLASTEMPTY = 1).
    let v: u32 = (((data.len() - 1) as u32) << 4) | (1 << 20);
    let mut out = vec![v as u8, (v >> 8) as u8, (v >> 16) as u8];
    out.extend_from_slice(data);
    out.push(0b11);
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use flate2::write::GzEncoder;
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing to a Vec cannot fail.
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// The article pages of [`faulty_site`]'s feed: `1`–`3` are good, the others each broken
/// (or merely unusual) in one way.
///
/// Each transient failure (500, 429, time-out) is followed by a good page, which ends the
/// host's back-off streak: otherwise the pauses would double from one to the next and the
/// poll would take half a minute.
pub const FAULTY_PAGES: &[&str] = &[
    "gone",
    "broken",
    "1",
    "limited",
    "2",
    "slow",
    "3",
    "loop",
    "huge",
    "bomb",
    "gzip",
    "brotli",
    "latin1",
    "meta-charset",
    "image",
    "private",
    "many-redirects",
    "empty",
];

/// The fault kind each broken page of [`faulty_site`] must be logged under (`None`: the page
/// is usable and stored), with a client whose time limit is under 3 s, whose size cap is
/// 200,000 bytes and which follows at most 4 redirects.
pub fn faulty_expected(page: &str) -> Option<&'static str> {
    Some(match page {
        "gone" => "not_found",
        "broken" => "server_error",
        "limited" => "rate_limited",
        "slow" => "timeout",
        "loop" => "redirect_loop",
        "many-redirects" => "too_many_redirects",
        "huge" | "bomb" => "too_large",
        "image" => "not_html",
        "private" => "robots_denied",
        "empty" => "empty_article",
        _ => return None,
    })
}

/// A site that misbehaves in every way the watch loop must survive. Feeds: `/feed.xml`
/// (RSS listing [`FAULTY_PAGES`] under `/a/`, with an `ETag`), `/lm-feed.xml` (an RSS feed
/// of one good article `/a/lm`, with only `Last-Modified`), `/bad.xml` (malformed RSS),
/// `/bad-sitemap.xml` (malformed sitemap), `/missing.xml` (404). robots.txt disallows
/// `/a/private`.
pub fn faulty_site(req: &Request) -> Reply {
    let host = req.header("host").unwrap_or("").to_string();
    let base = format!("http://{host}");
    let path = req.path.split('?').next().unwrap_or("");
    const LAST_MODIFIED: &str = "Tue, 04 Mar 2031 09:00:00 GMT";
    match path {
        "/robots.txt" => Reply::new(200, "text/plain", "User-agent: *\nDisallow: /a/private\n"),
        "/feed.xml" => {
            if req.header("if-none-match") == Some("\"v1\"") {
                return Reply::status(304);
            }
            let mut s = String::from("<rss version=\"2.0\"><channel><title>Faulty Times</title>");
            for p in FAULTY_PAGES {
                s.push_str(&format!("<item><title>{p}</title><link>{base}/a/{p}</link></item>"));
            }
            s.push_str("</channel></rss>");
            Reply::new(200, "application/rss+xml", s).with_header("ETag", "\"v1\"")
        }
        "/lm-feed.xml" => {
            if req.header("if-modified-since") == Some(LAST_MODIFIED) {
                return Reply::status(304);
            }
            Reply::new(
                200,
                "application/rss+xml",
                format!(
                    "<rss version=\"2.0\"><channel><title>Modified Times</title>\
                     <item><title>lm</title><link>{base}/a/lm</link></item></channel></rss>"
                ),
            )
            .with_header("Last-Modified", LAST_MODIFIED)
        }
        "/bad.xml" => Reply::new(
            200,
            "application/rss+xml",
            "<rss><channel><item><title>x</channel>",
        ),
        "/bad-sitemap.xml" => Reply::new(
            200,
            "application/xml",
            "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>x</url></urlset>",
        ),
        "/missing.xml" => Reply::status(404),
        "/a/1" => Reply::html(article_html(41)),
        "/a/2" => Reply::html(article_html(42)),
        "/a/3" => Reply::html(article_html(43)),
        "/a/lm" => Reply::html(article_html(44)),
        "/a/gone" => Reply::status(404),
        "/a/broken" => Reply::status(500),
        "/a/limited" => Reply::status(429).with_header("Retry-After", "1"),
        "/a/slow" => Reply::html(article_html(7)).with_delay(Duration::from_secs(3)),
        "/a/loop" => Reply::redirect("/a/loop2"),
        "/a/loop2" => Reply::redirect("/a/loop"),
        "/a/many-redirects" => Reply::redirect("/r/1"),
        p if p.starts_with("/r/") => {
            let n: u32 = p.trim_start_matches("/r/").parse().unwrap_or(0);
            Reply::redirect(&format!("/r/{}", n + 1))
        }
        // Over the cap by its Content-Length.
        "/a/huge" => Reply::html(vec![b'x'; 300_000]),
        // Small on the wire, over the cap once inflated: only the streaming limit catches it.
        "/a/bomb" => Reply::html(gzip(&vec![b' '; 2_000_000])).with_header("Content-Encoding", "gzip"),
        "/a/gzip" => {
            let body = article_html(9);
            if req.header("accept-encoding").is_some_and(|a| a.contains("gzip")) {
                Reply::html(gzip(body.as_bytes())).with_header("Content-Encoding", "gzip")
            } else {
                Reply::html(body)
            }
        }
        "/a/brotli" => {
            let body = article_html(10);
            if req.header("accept-encoding").is_some_and(|a| a.contains("br")) {
                Reply::html(brotli_stored(body.as_bytes())).with_header("Content-Encoding", "br")
            } else {
                Reply::html(body)
            }
        }
        // The header claims UTF-8; the bytes are Windows-1252.
        "/a/latin1" => Reply::html(
            b"<html><body><article><p>Protesters gathered at the caf\xe9 in Lusk on Monday.</p></article></body></html>"
                .to_vec(),
        ),
        // No charset in the header; the page's <meta> names Latin-1.
        "/a/meta-charset" => Reply::new(
            200,
            "text/html",
            b"<html><head><meta charset=\"iso-8859-1\"></head><body><article><p>Police dispersed a march in Tavel, the mayor of Tavel said on Tuesday; one caf\xe9 was damaged.</p></article></body></html>"
                .to_vec(),
        ),
        "/a/image" => Reply::new(200, "image/png", b"\x89PNG\r\n\x1a\n".to_vec()),
        "/a/empty" => Reply::html("<html><body><script>var x = 1;</script></body></html>"),
        _ => Reply::status(404),
    }
}
