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

/// A news site whose feed grows by `per_poll` articles each time it is fetched, up to
/// `total`, listing the newest 60 (so consecutive polls overlap, as real feeds do).
/// Articles answer after `article_delay`. The feed is `/feed.xml`, a news sitemap of the
/// same articles `/sitemap.xml`, pages `/articles/N.html`.
pub fn news_site(total: usize, per_poll: usize, article_delay: Duration) -> Handler {
    let polls = Arc::new(Mutex::new(0usize));
    Arc::new(move |req: &Request| {
        let path = req.path.split('?').next().unwrap_or("");
        let host = req.header("host").unwrap_or("127.0.0.1").to_string();
        let base = format!("http://{host}");
        match path {
            "/robots.txt" => Reply::new(200, "text/plain", "User-agent: *\nDisallow: /private/\n"),
            "/feed.xml" => {
                let n = {
                    let Ok(mut p) = polls.lock() else {
                        return Reply::status(500);
                    };
                    *p += 1;
                    (*p * per_poll).min(total)
                };
                let ids = (n.saturating_sub(60) + 1..=n).rev();
                Reply::new(200, "application/rss+xml", rss(&base, ids))
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
