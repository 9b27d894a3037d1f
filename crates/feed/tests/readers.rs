//! Feeds, sitemaps and WARC archives through `sitrep-io`'s readers (files, directories and
//! byte streams), sniffed by content.

use sitrep_feed::testsite::{article_html, rss};
use sitrep_feed::warc::WarcWriter;
use sitrep_io::{ReadOptions, read_inputs, read_reader};
use std::io::Write;

fn opts() -> ReadOptions {
    ReadOptions {
        extra: sitrep_feed::readers(),
        ..ReadOptions::default()
    }
}

fn archive(n: usize, gzip: bool) -> Vec<u8> {
    let mut w = WarcWriter::new(Vec::new(), gzip);
    w.record(
        "warcinfo",
        &[("Content-Type", "application/warc-fields")],
        b"software: sitrep tests\r\n",
    )
    .unwrap();
    for i in 1..=n {
        w.page(
            &format!("https://herald.example.org/articles/{i}.html"),
            "2031-03-04T10:00:00Z",
            "text/html; charset=utf-8",
            article_html(i).as_bytes(),
        )
        .unwrap();
    }
    w.into_inner()
}

#[test]
fn warc_gz_in_a_directory_walk_and_on_a_stream() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("crawl.warc.gz"), archive(20, true)).unwrap();
    std::fs::write(dir.path().join("crawl.warc"), archive(3, false)).unwrap();
    let docs: Vec<_> = read_inputs(&[dir.path().to_path_buf()], &opts()).collect();
    assert_eq!(
        docs.len(),
        23,
        "{:?}",
        docs.iter().filter(|d| d.is_err()).collect::<Vec<_>>()
    );
    let d = docs[0].as_ref().unwrap();
    assert_eq!(
        d.url.as_deref(),
        Some("https://herald.example.org/articles/1.html")
    );
    assert_eq!(d.title.as_deref(), Some("Report 1"));
    assert_eq!(d.source.as_deref(), Some("herald.example.org"));
    assert_eq!(d.language.as_deref(), Some("en"));
    assert_eq!(d.published, chrono::NaiveDate::from_ymd_opt(2031, 3, 4));
    assert!(d.text.contains("shelled"), "{}", d.text);
    assert!(
        !d.text.contains("Home | World"),
        "navigation is not article text"
    );
    // The same archive as a byte stream (stdin), with no name to go by.
    let n = read_reader(std::io::Cursor::new(archive(5, true)), "<stdin>", &opts())
        .filter(|r| r.is_ok())
        .count();
    assert_eq!(n, 5);
}

#[test]
fn feeds_and_sitemaps_are_sniffed_whatever_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut feed = rss("https://herald.example.org", [2, 1].into_iter());
    // Full text in the feed, as many publishers send it.
    feed = feed.replace(
        "<description>Report 2.</description>",
        "<description>&lt;p&gt;Ostrian troops shelled Merrow on Friday.&lt;/p&gt;</description>",
    );
    std::fs::write(dir.path().join("herald.rss"), &feed).unwrap();
    let sitemap = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://herald.example.org/a/9</loc><news:news><news:publication><news:name>Herald</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2031-03-05</news:publication_date><news:title>Karvenian troops shell Tavel</news:title></news:news></url>
<url><loc>https://herald.example.org/about</loc></url>
</urlset>"#;
    std::fs::write(dir.path().join("news-sitemap.xml"), sitemap).unwrap();
    let feed_docs: Vec<_> = read_inputs(&[dir.path().join("herald.rss")], &opts()).collect();
    assert_eq!(feed_docs.len(), 2);
    let d = feed_docs[0].as_ref().unwrap();
    assert_eq!(d.text, "Ostrian troops shelled Merrow on Friday.");
    assert_eq!(d.source.as_deref(), Some("Fixture Herald"));
    assert_eq!(d.published, chrono::NaiveDate::from_ymd_opt(2031, 3, 4));
    let map: Vec<_> = read_inputs(&[dir.path().join("news-sitemap.xml")], &opts()).collect();
    assert_eq!(
        map.len(),
        2,
        "one headline document, one notice about the untitled page"
    );
    let d = map[0].as_ref().unwrap();
    assert_eq!(d.text, "Karvenian troops shell Tavel");
    assert_eq!(d.source.as_deref(), Some("Herald"));
    let e = map[1].as_ref().unwrap_err().to_string();
    assert!(e.contains("sitrep watch"), "{e}");
    // Same ids as `watch` gives the fetched pages: an article is one document either way.
    assert_eq!(
        d.id,
        sitrep_feed::article::url_id("https://herald.example.org/a/9?utm_source=x")
    );
}

#[test]
fn broken_inputs_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, "<rss><channel><item><title>x</channel>").unwrap();
    let r: Vec<_> = read_inputs(&[bad], &opts()).collect();
    assert_eq!(r.len(), 1);
    assert!(
        r[0].as_ref()
            .unwrap_err()
            .to_string()
            .contains("malformed feed")
    );
    // A gzip archive cut in the middle: the records before the cut are read, then an error.
    let mut bytes = archive(10, true);
    bytes.truncate(bytes.len() / 2);
    let cut = dir.path().join("cut.warc.gz");
    std::fs::File::create(&cut)
        .unwrap()
        .write_all(&bytes)
        .unwrap();
    let r: Vec<_> = read_inputs(&[cut], &opts()).collect();
    assert!(r.iter().filter(|d| d.is_ok()).count() >= 3);
    assert!(r.last().unwrap().is_err());
    // Plain HTML and JSON Lines still go to the built-in readers.
    let html = dir.path().join("page.xml.bak");
    std::fs::write(&html, article_html(3)).unwrap();
    let r: Vec<_> = read_inputs(&[html], &opts()).collect();
    assert!(r[0].as_ref().unwrap().text.contains("shelled"));
}
