//! A minimal blocking HTTP/1.1 client and a load generator, for the API tests and the load
//! example: enough HTTP to talk to this server over loopback without pulling a client stack
//! into the build.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// A response as received.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

fn read_response(r: &mut impl BufRead) -> io::Result<HttpResponse> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        r.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let get = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if get("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let n = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| bad("bad chunk size"))?;
            let mut chunk = vec![0u8; n + 2];
            r.read_exact(&mut chunk)?;
            chunk.truncate(n);
            body.extend_from_slice(&chunk);
            if n == 0 {
                break;
            }
        }
    } else if let Some(n) = get("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body.resize(n, 0);
        r.read_exact(&mut body)?;
    } else {
        r.read_to_end(&mut body)?;
    }
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// A keep-alive connection to one server.
pub struct Client {
    addr: SocketAddr,
    conn: BufReader<TcpStream>,
}

impl Client {
    pub fn connect(addr: SocketAddr) -> io::Result<Client> {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(60)))?;
        Ok(Client {
            addr,
            conn: BufReader::new(s),
        })
    }

    /// Sends one request and reads the response; `headers` are extra header lines (a `Host`
    /// among them replaces the default, the server's address).
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<HttpResponse> {
        let mut req = format!("{method} {path} HTTP/1.1\r\n");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req.push_str(&format!("Host: {}\r\n", self.addr));
        }
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        let s = self.conn.get_mut();
        s.write_all(req.as_bytes())?;
        s.write_all(body)?;
        s.flush()?;
        read_response(&mut self.conn)
    }

    pub fn get(&mut self, path: &str) -> io::Result<HttpResponse> {
        self.send("GET", path, &[], &[])
    }
}

/// One request on a fresh connection.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> io::Result<HttpResponse> {
    Client::connect(addr)?.send(method, path, headers, body)
}

/// What a load run measured.
#[derive(Debug, Clone)]
pub struct LoadReport {
    pub requests: usize,
    /// Requests that failed or were not 200.
    pub errors: usize,
    pub seconds: f64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// Sends `total` GET requests for `paths` (round robin) from `threads` keep-alive
/// connections, each on its own thread, and reports throughput and latency percentiles.
pub fn run_load(addr: SocketAddr, paths: &[String], total: usize, threads: usize) -> LoadReport {
    let threads = threads.max(1);
    let t0 = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let paths = paths.to_vec();
            let n = total / threads + usize::from(t < total % threads);
            std::thread::spawn(move || {
                let mut lat = Vec::with_capacity(n);
                let mut errors = 0usize;
                let mut client = Client::connect(addr).ok();
                for i in 0..n {
                    let Some(path) = paths.get((i * threads + t) % paths.len().max(1)) else {
                        break;
                    };
                    let t = Instant::now();
                    let ok = match client.as_mut().map(|c| c.get(path)) {
                        Some(Ok(r)) => r.status == 200,
                        _ => {
                            client = Client::connect(addr).ok();
                            false
                        }
                    };
                    lat.push(t.elapsed().as_secs_f64() * 1000.0);
                    if !ok {
                        errors += 1;
                    }
                }
                (lat, errors)
            })
        })
        .collect();
    let mut lat = Vec::with_capacity(total);
    let mut errors = 0;
    for h in handles {
        if let Ok((l, e)) = h.join() {
            lat.extend(l);
            errors += e;
        }
    }
    let seconds = t0.elapsed().as_secs_f64();
    lat.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        let i = ((lat.len() as f64 * p).ceil() as usize).saturating_sub(1);
        lat.get(i).copied().unwrap_or(0.0)
    };
    LoadReport {
        requests: lat.len(),
        errors,
        seconds,
        per_second: lat.len() as f64 / seconds.max(1e-9),
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        max_ms: lat.last().copied().unwrap_or(0.0),
    }
}
