//! `sitrep watch` (the real binary) against a fixture news site on 127.0.0.1 served from
//! this test process: 200 invented articles appear over 5 polls, each is stored exactly
//! once (in five runs and in one running loop); a SIGKILL in the middle of a poll followed by
//! a restart loses and duplicates nothing; every fault the site can produce is logged by
//! name (as JSON) and the loop goes on.

use sitrep_feed::testsite::{
    FAULTY_PAGES, Reply, Request, TestServer, faulty_expected, faulty_site, news_site,
};
use sitrep_store::{SqliteStore, Store};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

fn feeds_file(dir: &Path, srv: &TestServer) -> std::path::PathBuf {
    let p = dir.join("feeds.txt");
    std::fs::write(
        &p,
        format!(
            "# fixture outlets\n{}  Fixture Herald\n",
            srv.url("/feed.xml")
        ),
    )
    .unwrap();
    p
}

fn watch(feeds: &Path, db: &Path, extra: &[&str]) -> Command {
    watch_with_timeout(feeds, db, "5s", extra)
}

/// One `--once` poll in batches of 8, which must succeed.
fn once_in_batches_of_8(feeds: &Path, db: &Path) {
    let out = watch(feeds, db, &["--once", "--batch", "8"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn watch_with_timeout(feeds: &Path, db: &Path, timeout: &str, extra: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(["watch", "--feeds"])
        .arg(feeds)
        .arg("--db")
        .arg(db)
        .args([
            "--delay",
            "0s",
            "--timeout",
            timeout,
            "--contact",
            "mailto:tests@example.org",
        ])
        .args(extra)
        .stdin(Stdio::null());
    c
}

fn counts(db: &Path) -> sitrep_store::Counts {
    SqliteStore::open(db).unwrap().counts().unwrap()
}

/// The store's events as JSON Lines (`sitrep export`'s form).
fn export(db: &Path) -> String {
    let store = SqliteStore::open(db).unwrap();
    let mut out = Vec::new();
    sitrep_store::export(
        &store,
        &sitrep_store::Filter::default(),
        sitrep_store::ExportFormat::Jsonl,
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

fn sigterm(child: &Child) {
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
}

/// Runs a `watch --json` loop, hands every JSON log line to `until` as it comes, sends
/// SIGTERM once `until` says so, and returns the exit status and all JSON lines.
fn run_loop(
    mut cmd: Command,
    mut until: impl FnMut(&[serde_json::Value]) -> bool,
) -> (std::process::ExitStatus, Vec<serde_json::Value>) {
    let mut child = cmd.stderr(Stdio::piped()).spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines: Vec<serde_json::Value> = Vec::new();
    let mut signalled = false;
    let t0 = Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(l) => {
                let v: serde_json::Value = serde_json::from_str(&l)
                    .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {l}"));
                lines.push(v);
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if !signalled && until(&lines) {
            sigterm(&child);
            signalled = true;
        }
        if t0.elapsed() > Duration::from_secs(240) {
            let _ = child.kill();
            panic!("watch loop did not finish: {lines:#?}");
        }
    }
    reader.join().unwrap();
    let status = child.wait().unwrap();
    assert!(signalled, "watch exited on its own: {lines:#?}");
    (status, lines)
}

fn polls(lines: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    lines.iter().filter(|v| v["event"] == "poll").collect()
}

#[test]
fn five_polls_store_each_of_200_articles_once() {
    let srv = TestServer::start(news_site(200, 40, Duration::ZERO)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let feeds = feeds_file(dir.path(), &srv);
    let db = dir.path().join("w.db");
    for poll in 1..=5 {
        let out = watch(&feeds, &db, &["--once", "--json"]).output().unwrap();
        let log = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "poll {poll}: {log}");
        // One JSON object per line, the poll summary among them.
        let summary: serde_json::Value = log
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["event"] == "poll")
            .unwrap_or_else(|| panic!("no poll line in {log}"));
        assert_eq!(summary["stored"], 40, "poll {poll}: {log}");
        assert_eq!(summary["store_documents"], 40 * poll);
    }
    let c = counts(&db);
    assert_eq!(c.documents, 200);
    assert!(c.events > 0, "the fixture articles report shelling");
    // Every article page was requested exactly once over the five polls.
    assert_eq!(srv.hits_under("/articles/"), 200);
    assert_eq!(srv.max_hits_under("/articles/"), 1);
    // A sixth poll finds nothing new and changes nothing.
    let out = watch(&feeds, &db, &["--once"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(counts(&db), c);
    assert_eq!(srv.hits_under("/articles/"), 200);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("0 stored"), "{text}");
}

#[test]
fn one_running_loop_stores_each_of_200_articles_once_over_5_polls() {
    let srv = TestServer::start(news_site(200, 40, Duration::ZERO)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let feeds = feeds_file(dir.path(), &srv);
    let db = dir.path().join("loop.db");
    // Polls 1-5 publish 40 articles each; poll 6 finds the feed unchanged (304 to the
    // validators the loop kept from poll 5); then SIGTERM.
    let (status, lines) = run_loop(watch(&feeds, &db, &["--every", "100ms", "--json"]), |l| {
        polls(l).len() >= 6
    });
    assert!(status.success(), "{status:?}: {lines:#?}");
    let p = polls(&lines);
    for (k, poll) in p.iter().enumerate().take(5) {
        assert_eq!(poll["poll"], k + 1);
        assert_eq!(poll["stored"], 40, "{poll}");
        assert_eq!(poll["errors"], 0, "{poll}");
        assert_eq!(poll["store_documents"], 40 * (k + 1));
    }
    for poll in &p[5..] {
        assert_eq!(poll["unchanged_feeds"], 1, "{poll}");
        assert_eq!(poll["listed"], 0, "{poll}");
        assert_eq!(poll["stored"], 0, "{poll}");
    }
    // Every log line has the fields systemd/Docker log readers rely on.
    for l in &lines {
        assert!(l["time"].is_string() && l["level"].is_string() && l["event"].is_string());
    }
    assert_eq!(counts(&db).documents, 200);
    assert_eq!(srv.hits_under("/articles/"), 200);
    assert_eq!(srv.max_hits_under("/articles/"), 1);
    assert_eq!(srv.hits("/robots.txt"), 1, "robots.txt cached across polls");
}

#[test]
fn a_news_sitemap_index_is_polled_like_a_feed() {
    let srv = TestServer::start(news_site(120, 40, Duration::ZERO)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds.txt");
    std::fs::write(&feeds, format!("{}\n", srv.url("/sitemap-index.xml"))).unwrap();
    let db = dir.path().join("s.db");
    for poll in 1..=4 {
        let out = watch(&feeds, &db, &["--once"]).output().unwrap();
        let log = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "poll {poll}: {log}");
        let stored = if poll <= 3 { 40 } else { 0 };
        assert!(
            log.contains(&format!(" {stored} stored")),
            "poll {poll}: {log}"
        );
    }
    assert_eq!(counts(&db).documents, 120);
    assert_eq!(srv.max_hits_under("/articles/"), 1);
    assert_eq!(
        srv.hits("/sitemap.xml"),
        4,
        "the index's child sitemap, once a poll"
    );
}

#[test]
fn sigkill_mid_poll_then_restart_loses_and_duplicates_nothing() {
    let srv = TestServer::start(news_site(120, 120, Duration::from_millis(40))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let feeds = feeds_file(dir.path(), &srv);
    let db = dir.path().join("k.db");
    let mut child = watch(&feeds, &db, &["--once", "--batch", "8"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some batches are stored and more articles are being fetched.
    let t0 = Instant::now();
    while srv.hits_under("/articles/") < 28 {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "watch made no progress"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let partial = counts(&db).documents;
    assert!(
        partial > 0 && partial < 60,
        "killed mid-poll with {partial} stored"
    );
    // The restart: its feed request lists the same 60 articles.
    once_in_batches_of_8(&feeds, &db);
    // Stored articles were not fetched again: at most the unfinished batch was.
    let refetched = srv.hits_under("/articles/") - 60;
    assert!(refetched <= 8 + 1, "{refetched} articles fetched twice");

    // Reference: the same 60 articles (the same URLs, so the same ids) ingested by one
    // undisturbed poll into a fresh store. The feed lists the same 60 on every fetch.
    let ref_db = dir.path().join("ref.db");
    once_in_batches_of_8(&feeds, &ref_db);
    let reference = counts(&ref_db);
    assert_eq!(reference.documents, 60, "the feed lists the newest 60");
    let after = counts(&db);
    assert_eq!(after, reference, "nothing lost, nothing stored twice");
    // The very same events, not just as many: the articles of the killed run's batches and
    // of the restart's make the store one undisturbed poll makes.
    assert_eq!(export(&db), export(&ref_db));
    let ids: Vec<String> = (61..=120)
        .map(|i| sitrep_feed::article::url_id(&srv.url(&format!("/articles/{i}.html"))))
        .collect();
    let held = SqliteStore::open(&db)
        .unwrap()
        .stored_documents(&ids)
        .unwrap();
    assert_eq!(held.len(), 60, "the newest 60 articles are the ones stored");
}

#[test]
fn sigterm_finishes_the_batch_and_exits_cleanly() {
    let srv = TestServer::start(news_site(60, 60, Duration::from_millis(40))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let feeds = feeds_file(dir.path(), &srv);
    let db = dir.path().join("t.db");
    let child = watch(&feeds, &db, &["--every", "1h", "--batch", "5"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    while srv.hits_under("/articles/") < 12 {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "watch made no progress"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    sigterm(&child);
    let out = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {log}", out.status);
    assert!(log.contains("stopped early"), "{log}");
    // Everything fetched before the signal was stored.
    assert_eq!(counts(&db).documents, srv.hits_under("/articles/"), "{log}");
}

#[test]
fn a_bad_feeds_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("feeds.txt");
    std::fs::write(&f, "https://ok.example/rss\nnot a url\n").unwrap();
    let out = watch(&f, &dir.path().join("x.db"), &["--once"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("feeds.txt:2"), "{e}");
}

#[test]
fn every_fault_is_logged_by_name_as_json_and_the_loop_goes_on() {
    let agents: Arc<Mutex<Vec<String>>> = Arc::default();
    let a = Arc::clone(&agents);
    let srv = TestServer::start(Arc::new(move |req: &Request| {
        if let Some(ua) = req.header("user-agent") {
            a.lock().unwrap().push(ua.to_string());
        }
        faulty_site(req)
    }))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds.txt");
    let mut list = String::new();
    for f in [
        "/feed.xml",
        "/lm-feed.xml",
        "/bad.xml",
        "/bad-sitemap.xml",
        "/missing.xml",
    ] {
        list.push_str(&srv.url(f));
        list.push('\n');
    }
    std::fs::write(&feeds, list).unwrap();
    let db = dir.path().join("f.db");
    // The fixture's faults assume a time limit under 3 s and a 200,000-byte cap.
    let cmd = watch_with_timeout(
        &feeds,
        &db,
        "1s",
        &["--every", "100ms", "--json", "--max-page", "200000"],
    );
    let (status, lines) = run_loop(cmd, |l| polls(l).len() >= 2);
    assert!(status.success(), "{status:?}: {lines:#?}");
    let logged = |url: &str| -> Vec<String> {
        lines
            .iter()
            .filter(|v| v["level"] == "error" && v["url"] == url)
            .map(|v| v["event"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let first_poll_end = lines.iter().position(|v| v["event"] == "poll").unwrap();
    let first: Vec<&serde_json::Value> = lines[..first_poll_end].iter().collect();
    let first_kind = |url: &str| -> Option<String> {
        first
            .iter()
            .find(|v| v["level"] == "error" && v["url"] == url)
            .and_then(|v| v["event"].as_str().map(str::to_string))
    };
    assert_eq!(
        first_kind(&srv.url("/bad.xml")).as_deref(),
        Some("malformed_feed")
    );
    assert_eq!(
        first_kind(&srv.url("/bad-sitemap.xml")).as_deref(),
        Some("malformed_sitemap")
    );
    assert_eq!(
        first_kind(&srv.url("/missing.xml")).as_deref(),
        Some("not_found")
    );
    let mut good = 0;
    for p in FAULTY_PAGES {
        let url = srv.url(&format!("/a/{p}"));
        match faulty_expected(p) {
            Some(kind) => assert_eq!(
                first_kind(&url).as_deref(),
                Some(kind),
                "{url}: {:?}",
                logged(&url)
            ),
            None => {
                assert!(logged(&url).is_empty(), "{url}: {:?}", logged(&url));
                good += 1;
            }
        }
    }
    let p = polls(&lines);
    assert_eq!(p[0]["stored"], good + 1, "{}", p[0]);
    assert_eq!(
        p[0]["errors"],
        3 + FAULTY_PAGES
            .iter()
            .filter(|p| faulty_expected(p).is_some())
            .count(),
        "{}",
        p[0]
    );
    // The loop went on: a second poll, whose feeds answer 304, retries only the transient
    // failures and stores nothing twice.
    assert_eq!(p[1]["unchanged_feeds"], 2, "{}", p[1]);
    assert_eq!(p[1]["stored"], 0, "{}", p[1]);
    assert_eq!(counts(&db).documents, good + 1);
    // A clear User-Agent with the contact, on every request.
    let agents = agents.lock().unwrap();
    assert!(!agents.is_empty());
    for ua in agents.iter() {
        assert!(
            ua.starts_with("sitrep/") && ua.ends_with("(+mailto:tests@example.org)"),
            "{ua}"
        );
    }
}

#[test]
fn once_exits_1_when_the_poll_had_errors_and_names_them_in_text() {
    let srv = TestServer::start(Arc::new(|req: &Request| match req.path.as_str() {
        "/robots.txt" => Reply::status(404),
        _ => Reply::status(500),
    }))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds.txt");
    std::fs::write(&feeds, format!("{}\n", srv.url("/feed.xml"))).unwrap();
    let out = watch(&feeds, &dir.path().join("e.db"), &["--once"])
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("[server_error]"), "{log}");
    assert!(log.contains("1 errors"), "{log}");
}

#[test]
fn the_http_client_uses_rustls_not_openssl() {
    let lock =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.lock"))
            .unwrap();
    let packages: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|l| l.trim_end_matches('"'))
        .collect();
    for banned in ["openssl", "openssl-sys", "native-tls"] {
        assert!(!packages.contains(&banned), "{banned} is in Cargo.lock");
    }
    assert!(packages.contains(&"rustls"));
}
