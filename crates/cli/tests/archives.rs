//! A web archive gives the same records as the same articles handed over as JSON Lines: the
//! archive route (gzip members, WARC and HTTP headers, charset, HTML reading) only decides
//! what each document is, never what is extracted from it. Runs the real binary on both.

use sitrep_feed::article::url_id;
use sitrep_feed::testsite::article_html;
use sitrep_feed::warc::WarcWriter;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

/// One page that declares its charset only in a `<meta>` element, in Latin-1, with its own
/// publication date: the archive route has to find the charset and the date in the page.
fn latin1_page() -> (String, Vec<u8>) {
    let html = "<html lang=\"en\"><head><meta charset=\"iso-8859-1\"><title>Clashes in Lusk</title>\
                <meta property=\"article:published_time\" content=\"2031-03-02T08:00:00Z\"></head>\
                <body><nav><a href=\"/\">Home</a></nav><article><p>Police and protesters clashed \
                in Lusk on Sunday, the caf\u{e9} owners said. Valdorian forces shelled Port Ostra \
                on Monday, killing 4 people.</p></article></body></html>";
    let bytes = html.chars().map(|c| c as u32 as u8).collect();
    (html.to_string(), bytes)
}

fn extract(dir: &Path, input: &Path) -> String {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(["extract", "--quiet", "--threads", "2"])
        .arg(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        input.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs the binary in `dir`, checks that it succeeded and returns its stdout.
fn run(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "sitrep {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn an_archive_and_its_articles_as_json_lines_give_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc = WarcWriter::new(Vec::new(), true);
    let mut jsonl = String::new();
    let mut twin = |url: &str, html: &str| {
        // What the archive reader makes of the page, written as a JSON Lines document.
        let page = sitrep_io::extract_html(html);
        let published = page
            .published
            .map_or("2031-03-04".to_string(), |d| d.to_string());
        let doc = serde_json::json!({
            "id": url_id(url),
            "url": url,
            "title": page.title,
            "published": published,
            "source": "herald.example.org",
            "language": "en",
            "text": page.text,
        });
        jsonl.push_str(&doc.to_string());
        jsonl.push('\n');
    };
    for i in 1..=40 {
        let url = format!("https://herald.example.org/articles/{i}.html");
        let html = article_html(i);
        warc.page(
            &url,
            "2031-03-04T10:00:00Z",
            "text/html; charset=utf-8",
            html.as_bytes(),
        )
        .unwrap();
        twin(&url, &html);
    }
    let (html, bytes) = latin1_page();
    let url = "https://herald.example.org/articles/lusk.html";
    warc.page(url, "2031-03-04T10:00:00Z", "text/html", &bytes)
        .unwrap();
    twin(url, &html);
    // Records that are no article: an image and a redirect.
    warc.page(
        "https://herald.example.org/logo.png",
        "2031-03-04T10:00:00Z",
        "image/png",
        b"\x89PNG\r\n",
    )
    .unwrap();
    let archive = dir.path().join("crawl.warc.gz");
    std::fs::write(&archive, warc.into_inner()).unwrap();
    let docs = dir.path().join("crawl.jsonl");
    std::fs::write(&docs, jsonl).unwrap();

    let from_archive = extract(dir.path(), &archive);
    let from_jsonl = extract(dir.path(), &docs);
    let events = from_jsonl
        .lines()
        .filter(|l| l.contains("\"record\":\"event\""))
        .count();
    // The fixture reports retell a few events (merged across documents): a handful of
    // records, each drawn from several of the 41 pages.
    assert!(events >= 5, "{events} events from 41 articles");
    assert!(
        from_jsonl.contains("caf\u{e9} owners") || from_jsonl.contains("Lusk"),
        "the Latin-1 page is read"
    );
    assert_eq!(
        from_archive, from_jsonl,
        "the archive and the same articles as JSON Lines give different records"
    );

    // `ingest` sniffs archives as `extract` does (it once refused a `.warc.gz` as one
    // oversized document): both stores hold the 41 articles and the same events.
    let mut timelines = Vec::new();
    for (input, db) in [("crawl.warc.gz", "a.db"), ("crawl.jsonl", "j.db")] {
        let out = Command::new(BIN)
            .current_dir(dir.path())
            .args(["ingest", "--quiet", "--db", db, input])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "ingest {input}: {said}");
        assert!(
            said.contains("holds 41 documents"),
            "ingest {input}: {said}"
        );
        timelines.push(run(
            dir.path(),
            &["timeline", "--db", db, "--format", "jsonl"],
        ));
    }
    assert!(timelines[0].lines().count() >= 5, "{}", timelines[0]);
    assert_eq!(
        timelines[0], timelines[1],
        "the archive and its JSON Lines twin ingest as different events"
    );
}
