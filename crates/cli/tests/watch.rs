//! `sitrep watch` (the real binary) against a fixture news site on 127.0.0.1 served from
//! this test process: 200 invented articles appear over 5 polls, each is stored exactly
//! once; a SIGKILL in the middle of a poll followed by a restart loses and duplicates nothing.

use sitrep_feed::testsite::{TestServer, news_site};
use sitrep_store::{SqliteStore, Store};
use std::path::Path;
use std::process::{Command, Stdio};
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
    let mut c = Command::new(BIN);
    c.args(["watch", "--feeds"])
        .arg(feeds)
        .arg("--db")
        .arg(db)
        .args([
            "--delay",
            "0s",
            "--timeout",
            "5s",
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
fn sigkill_mid_poll_then_restart_loses_and_duplicates_nothing() {
    // Reference: the 120 articles ingested in one undisturbed poll.
    let reference = {
        let srv = TestServer::start(news_site(120, 120, Duration::ZERO)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let feeds = feeds_file(dir.path(), &srv);
        let db = dir.path().join("ref.db");
        let out = watch(&feeds, &db, &["--once", "--batch", "8"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        counts(&db)
    };
    assert_eq!(reference.documents, 60, "the feed lists the newest 60");

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
    let out = watch(&feeds, &db, &["--once", "--batch", "8"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = counts(&db);
    assert_eq!(after, reference, "nothing lost, nothing stored twice");
    // Stored articles were not fetched again: at most the unfinished batch was.
    let refetched = srv.hits_under("/articles/") - 60;
    assert!(refetched <= 8 + 1, "{refetched} articles fetched twice");
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
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
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
