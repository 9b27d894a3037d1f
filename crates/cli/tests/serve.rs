//! `sitrep serve` with no store: the bundled samples are served from a temporary store.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_without_a_store_shows_the_samples() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env_remove("SITREP_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let mut addr = None;
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.split("open http://").nth(1) {
            addr = rest.split('/').next().map(str::to_string);
            break;
        }
        seen.push(line);
    }
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let addr = addr.unwrap_or_else(|| panic!("no address printed: {seen:?}"));
    assert!(
        seen.iter().any(|l| l.contains("bundled sample reports")),
        "{seen:?}"
    );
    let counts = get(&addr, "/api/counts");
    assert!(counts.starts_with("HTTP/1.1 200"), "{counts}");
    assert!(counts.contains("\"documents\":5"), "{counts}");
    let page = get(&addr, "/");
    assert!(page.contains("<title>sitrep</title>"));
    let post = get(&addr, "/api/events?type=NOPE");
    assert!(post.starts_with("HTTP/1.1 400"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        !dir.path().join("sitrep.db").exists(),
        "serve must not create ./sitrep.db"
    );
}
