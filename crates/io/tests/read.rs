//! Reader behaviour on files written here: formats, errors, limits, recursion, ids.

use chrono::NaiveDate;
use sitrep_io::{
    IdScheme, InputFormat, ReadError, ReadOptions, content_id, read_inputs, read_reader,
};
use sitrep_model::Document;
use std::io::{BufWriter, Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

fn read_all(paths: &[PathBuf], opts: &ReadOptions) -> Vec<Result<Document, ReadError>> {
    read_inputs(paths, opts).collect()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn plain_text_file_takes_default_date_and_hash_id() {
    let dir = tempfile::tempdir().unwrap();
    let text = "The council of Examplestan met on Monday.\n\nIt agreed a budget.";
    let p = write(dir.path(), "a.txt", text.as_bytes());
    let opts = ReadOptions {
        published: date(2024, 5, 1),
        ..Default::default()
    };
    let docs = read_all(std::slice::from_ref(&p), &opts);
    let doc = docs[0].as_ref().unwrap();
    assert_eq!(doc.text, text);
    assert_eq!(doc.published, date(2024, 5, 1));
    assert_eq!(
        doc.title.as_deref(),
        Some("a"),
        "a text file is titled by its name"
    );
    assert_eq!(doc.id, content_id(text));
    assert!(doc.id.starts_with("doc_") && doc.id.len() == 20);
    assert_eq!(
        doc.origin.as_deref(),
        Some(p.display().to_string().as_str())
    );

    let stem = ReadOptions {
        ids: IdScheme::FileStem,
        ..Default::default()
    };
    assert_eq!(read_all(&[p], &stem)[0].as_ref().unwrap().id, "a");
}

#[test]
fn ids_are_stable_across_reads_and_formats() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Officials in Sampleland said talks would resume.";
    let a = write(dir.path(), "one.txt", text.as_bytes());
    let b = write(
        dir.path(),
        "two.jsonl",
        format!("{}\n", serde_json::json!({ "text": text })).as_bytes(),
    );
    let opts = ReadOptions::default();
    let first: Vec<String> = read_all(&[a.clone(), b.clone()], &opts)
        .into_iter()
        .map(|d| d.unwrap().id)
        .collect();
    let second: Vec<String> = read_all(&[a, b], &opts)
        .into_iter()
        .map(|d| d.unwrap().id)
        .collect();
    assert_eq!(first, second);
    assert_eq!(first[0], first[1]);
    assert_eq!(first[0], content_id(text));
}

#[test]
fn jsonl_fields_dates_and_unknown_fields() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"d1","title":"T1","published":"2025-02-18","url":"http://x","source":"S","language":"en","text":"First report.","extra":[1,2]}"#,
        r#"{"id":"d2","published":"2025-02-18T10:00:00Z","text":"Second report."}"#,
        r#"{"id":7,"published":null,"text":"Third report."}"#,
        "",
        r#"  {"text":"Fourth report."}  "#,
    ];
    let p = write(dir.path(), "docs.jsonl", lines.join("\n").as_bytes());
    let opts = ReadOptions {
        published: date(2020, 1, 1),
        ..Default::default()
    };
    let docs: Vec<Document> = read_all(std::slice::from_ref(&p), &opts)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(docs.len(), 4);
    assert_eq!(docs[0].id, "d1");
    assert_eq!(docs[0].title.as_deref(), Some("T1"));
    assert_eq!(docs[0].url.as_deref(), Some("http://x"));
    assert_eq!(docs[0].source.as_deref(), Some("S"));
    assert_eq!(docs[0].language.as_deref(), Some("en"));
    assert_eq!(docs[0].published, date(2025, 2, 18));
    assert_eq!(docs[1].published, date(2025, 2, 18));
    assert_eq!(docs[2].id, "7");
    assert_eq!(docs[2].published, date(2020, 1, 1));
    assert_eq!(docs[3].id, content_id("Fourth report."));
    assert_eq!(
        docs[3].origin.as_deref(),
        Some(format!("{}:5", p.display()).as_str())
    );
}

#[test]
fn malformed_and_incomplete_jsonl_lines_do_not_stop_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let body = concat!(
        "{\"id\":\"ok1\",\"text\":\"Fine.\"}\n",
        "{\"id\":\"bad\",\"text\":\"unterminated}\n",
        "{\"id\":\"notext\",\"title\":\"x\"}\n",
        "{\"id\":\"empty\",\"text\":\"   \"}\n",
        "{\"id\":\"baddate\",\"published\":\"someday\",\"text\":\"A.\"}\n",
        "{\"id\":\"ok2\",\"text\":\"Also fine.\"}\n",
    );
    let p = write(dir.path(), "mixed.jsonl", body.as_bytes());
    let out = read_all(std::slice::from_ref(&p), &ReadOptions::default());
    assert_eq!(out.len(), 6);
    assert_eq!(out[0].as_ref().unwrap().id, "ok1");
    let path = p.display().to_string();
    match &out[1] {
        Err(ReadError::MalformedJson { origin, message }) => {
            assert_eq!(origin, &format!("{path}:2"));
            assert!(
                message.contains("EOF") && message.contains("column"),
                "{message}"
            );
        }
        other => panic!("expected malformed JSON, got {other:?}"),
    }
    match &out[2] {
        Err(e @ ReadError::MissingField { origin, field }) => {
            assert_eq!(origin, &format!("{path}:3"));
            assert_eq!(*field, "text");
            assert!(e.to_string().contains(":3: missing field \"text\""), "{e}");
        }
        other => panic!("expected missing field, got {other:?}"),
    }
    assert!(matches!(&out[3], Err(ReadError::Empty { origin }) if origin == &format!("{path}:4")));
    assert!(
        matches!(
            &out[4],
            Err(ReadError::BadField {
                field: "published",
                ..
            })
        ),
        "{:?}",
        out[4]
    );
    assert_eq!(out[5].as_ref().unwrap().id, "ok2");
}

#[test]
fn missing_file_names_the_path_and_others_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.txt");
    let ok = write(dir.path(), "ok.txt", b"Some text.");
    let out = read_all(&[missing.clone(), ok], &ReadOptions::default());
    assert_eq!(out.len(), 2);
    match &out[0] {
        Err(e @ ReadError::NotFound { path }) => {
            assert_eq!(path, &missing);
            assert!(e.to_string().contains("nope.txt"));
        }
        other => panic!("expected not found, got {other:?}"),
    }
    assert!(out[1].is_ok());
}

#[test]
fn directory_without_documents_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".hidden.txt", b"hidden text");
    write(dir.path(), "photo.jpg", b"\xff\xd8\xff\xe0");
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    let out = read_all(&[dir.path().to_path_buf()], &ReadOptions::default());
    assert_eq!(out.len(), 1);
    assert!(matches!(&out[0], Err(ReadError::EmptyDirectory { path }) if path == dir.path()));
}

#[test]
fn invalid_utf8_reports_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "bad.txt", b"Good start \xff then bad.");
    let out = read_all(std::slice::from_ref(&p), &ReadOptions::default());
    match &out[0] {
        Err(e @ ReadError::InvalidUtf8 { origin, offset }) => {
            assert_eq!(origin, &p.display().to_string());
            assert_eq!(*offset, 11);
            assert!(e.to_string().contains("byte offset 11"));
        }
        other => panic!("expected invalid UTF-8, got {other:?}"),
    }
    // In JSON Lines the offset is counted from the start of the file.
    let first = "{\"text\":\"ok\"}\n";
    let mut body = first.as_bytes().to_vec();
    body.extend_from_slice(b"{\"text\":\"a\xc3\x28\"}\n{\"text\":\"after\"}\n");
    let j = write(dir.path(), "bad.jsonl", &body);
    let out = read_all(std::slice::from_ref(&j), &ReadOptions::default());
    assert_eq!(out.len(), 3);
    match &out[1] {
        Err(ReadError::InvalidUtf8 { origin, offset }) => {
            assert_eq!(origin, &format!("{}:2", j.display()));
            assert_eq!(*offset, (first.len() + 10) as u64);
        }
        other => panic!("expected invalid UTF-8, got {other:?}"),
    }
    assert_eq!(out[2].as_ref().unwrap().text, "after");
}

#[test]
fn empty_text_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "blank.txt", b"  \n\n \t");
    let out = read_all(&[p], &ReadOptions::default());
    assert!(matches!(&out[0], Err(ReadError::Empty { .. })));
}

#[test]
fn documents_over_the_size_limit_are_refused_not_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let opts = ReadOptions {
        max_doc_bytes: 1000,
        ..Default::default()
    };
    let big = "word ".repeat(400);
    let t = write(dir.path(), "big.txt", big.as_bytes());
    let out = read_all(&[t], &opts);
    assert!(matches!(
        &out[0],
        Err(ReadError::TooLarge { limit: 1000, .. })
    ));

    let mut body = String::new();
    body.push_str(&serde_json::json!({ "id": "huge", "text": "x".repeat(5000) }).to_string());
    body.push('\n');
    body.push_str(&serde_json::json!({ "id": "small", "text": "fits" }).to_string());
    body.push('\n');
    let j = write(dir.path(), "big.jsonl", body.as_bytes());
    let out = read_all(std::slice::from_ref(&j), &opts);
    assert_eq!(out.len(), 2);
    match &out[0] {
        Err(ReadError::TooLarge { origin, .. }) => {
            assert_eq!(origin, &format!("{}:1", j.display()))
        }
        other => panic!("expected too large, got {other:?}"),
    }
    assert_eq!(out[1].as_ref().unwrap().id, "small");
}

#[test]
fn json_array_and_docs_object() {
    let dir = tempfile::tempdir().unwrap();
    let arr = write(
        dir.path(),
        "arr.json",
        br#"[{"id":"a","text":"Alpha."},{"id":"b","published":"2024-03-04T00:00:00+02:00","text":"Beta."},{"id":"c"}]"#,
    );
    let obj = write(
        dir.path(),
        "obj.json",
        br#"{"docs":[{"id":"g","text":"Gamma.","events":[]}]}"#,
    );
    let single = write(dir.path(), "one.json", br#"{"id":"s","text":"Single."}"#);
    let lines = write(
        dir.path(),
        "lines.json",
        b"{\"id\":\"l1\",\"text\":\"L1.\"}\n{\"id\":\"l2\",\"text\":\"L2.\"}\n",
    );
    let out = read_all(&[arr, obj, single, lines], &ReadOptions::default());
    let ids: Vec<String> = out
        .iter()
        .map(|r| {
            r.as_ref()
                .map_or_else(|e| format!("ERR {e}"), |d| d.id.clone())
        })
        .collect();
    assert_eq!(ids[..2], ["a", "b"]);
    assert!(ids[2].starts_with("ERR") && ids[2].contains("arr.json[2]"));
    assert_eq!(ids[3..], ["g", "s", "l1", "l2"]);
    assert_eq!(out[1].as_ref().unwrap().published, date(2024, 3, 4));
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Fallback title | Example News</title>
<meta property="og:title" content="Ministers of Examplestan and Testland meet">
<meta property="article:published_time" content="2024-06-07T08:15:00+03:00">
<style>p { color: red; }</style>
<script>document.write("<p>not text</p>"); var a = 1 < 2;</script>
</head>
<body>
<header><div class="logo">Example News</div></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div class="ad">Advertisement</div>
<!-- <p>commented-out paragraph</p> -->
<article>
  <h1>Ministers meet</h1>
  <p>The foreign ministers of Examplestan and Testland met in Sample City on Thursday
     to discuss &ldquo;border trade&rdquo; &amp; transit.</p>
  <p>They agreed to meet again next month.<br>No date was set.</p>
  <aside>Related: other story</aside>
  <ul><li>First point</li><li>Second point</li></ul>
  <![CDATA[ hidden cdata ]]>
  <form><input type="text" value="subscribe"> Sign up</form>
  <p>Caf&eacute; owners welcomed the news&#8230;</p>
</article>
<footer>&copy; Example News</footer>
</body></html>"#;

#[test]
fn html_article_text_title_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "page.html", PAGE.as_bytes());
    let opts = ReadOptions {
        published: date(2000, 1, 1),
        ..Default::default()
    };
    let doc = read_all(&[p], &opts).remove(0).unwrap();
    assert_eq!(
        doc.title.as_deref(),
        Some("Ministers of Examplestan and Testland meet")
    );
    assert_eq!(doc.published, date(2024, 6, 7));
    assert_eq!(
        doc.text,
        "Ministers meet\n\n\
         The foreign ministers of Examplestan and Testland met in Sample City on Thursday \
         to discuss \u{201c}border trade\u{201d} & transit.\n\n\
         They agreed to meet again next month.\n\nNo date was set.\n\n\
         First point\n\nSecond point\n\n\
         Caf\u{e9} owners welcomed the news\u{2026}"
    );
    assert_eq!(doc.id, content_id(&doc.text));
}

#[test]
fn html_without_article_uses_body_and_time_or_jsonld_dates() {
    let page = "<html><head><title>Plain</title>\
        <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2023-11-12T09:00:00Z\"}</script>\
        </head><body><nav>Menu</nav><p>Body paragraph one.</p><p>Two</body></html>";
    let doc = read_reader(
        Cursor::new(page.as_bytes().to_vec()),
        "<mem>",
        &ReadOptions::default(),
    )
    .next()
    .unwrap()
    .unwrap();
    assert_eq!(doc.text, "Body paragraph one.\n\nTwo");
    assert_eq!(doc.title.as_deref(), Some("Plain"));
    assert_eq!(doc.published, date(2023, 11, 12));
}

#[test]
fn latin1_page_declaring_its_charset_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let mut page = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf".to_vec();
    page.extend_from_slice(b"\xe9 \x93quoted\x94</p></body></html>");
    let p = write(dir.path(), "old.htm", &page);
    let doc = read_all(&[p], &ReadOptions::default()).remove(0).unwrap();
    assert_eq!(doc.text, "Caf\u{e9} \u{201c}quoted\u{201d}");
}

#[test]
fn directories_are_walked_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "b.txt", b"Doc b.");
    write(root, "a/z.txt", b"Doc a/z.");
    write(
        root,
        "a/c.jsonl",
        b"{\"id\":\"c1\",\"text\":\"Doc c1.\"}\n{\"id\":\"c2\",\"text\":\"Doc c2.\"}\n",
    );
    write(root, "a/.git/config", b"[core]");
    write(root, ".hidden/x.txt", b"Hidden.");
    write(root, "img/pic.png", b"\x89PNG\r\n");
    write(root, "notes.story", b"Unknown extension but text.");
    write(root, "blob.dat", b"bin\0ary");
    write(root, "page.htm", b"<p>Doc page.</p>");
    let texts: Vec<String> = read_all(&[root.to_path_buf()], &ReadOptions::default())
        .into_iter()
        .map(|r| r.unwrap().text)
        .collect();
    assert_eq!(
        texts,
        [
            "Doc c1.",
            "Doc c2.",
            "Doc a/z.",
            "Doc b.",
            "Unknown extension but text.",
            "Doc page."
        ]
    );
}

#[test]
fn stdin_style_reader_sniffs_format() {
    let opts = ReadOptions::default();
    let jsonl =
        "\n  {\"id\":\"s1\",\"text\":\"From a pipe.\"}\n{\"id\":\"s2\",\"text\":\"Second.\"}\n";
    let ids: Vec<String> = read_reader(Cursor::new(jsonl.as_bytes().to_vec()), "<stdin>", &opts)
        .map(|r| r.unwrap().id)
        .collect();
    assert_eq!(ids, ["s1", "s2"]);

    let text = "  Leading spaces are kept.\n";
    let doc = read_reader(Cursor::new(text.as_bytes().to_vec()), "<stdin>", &opts)
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(doc.text, text);

    let html = "\n<p>Tagged &amp; piped.</p>";
    let doc = read_reader(Cursor::new(html.as_bytes().to_vec()), "<stdin>", &opts)
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(doc.text, "Tagged & piped.");

    let forced = ReadOptions {
        format: Some(InputFormat::Text),
        ..Default::default()
    };
    let doc = read_reader(Cursor::new(html.as_bytes().to_vec()), "<stdin>", &forced)
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(doc.text, html);
}

#[test]
fn reads_the_shared_seed_corpus_when_present() {
    let seeds =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds/seeds.jsonl");
    if !seeds.exists() {
        eprintln!("skipped: {} not found", seeds.display());
        return;
    }
    let docs: Vec<Document> = read_all(&[seeds], &ReadOptions::default())
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].id, "000_06a95bca60ad4286");
    assert_eq!(docs[0].published, date(2025, 2, 18));
}

/// Writes `n_bytes` of JSON Lines, reads them back, and checks count, order and speed.
fn big_jsonl(n_bytes: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let para = "The delegation of Examplestan arrived in Sample City on Tuesday for two days of talks \
                with Testland officials, who said 41 drones were intercepted overnight. ";
    let mut f = BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut written = 0usize;
    let mut n = 0usize;
    while written < n_bytes {
        let line = serde_json::json!({
            "id": format!("gen{n}"),
            "published": "2025-01-02T03:04:05Z",
            "text": para.repeat(1 + n % 40),
        })
        .to_string();
        f.write_all(line.as_bytes()).unwrap();
        f.write_all(b"\n").unwrap();
        written += line.len() + 1;
        n += 1;
    }
    f.flush().unwrap();
    drop(f);
    let t = Instant::now();
    let mut count = 0usize;
    let mut bytes = 0usize;
    for (i, doc) in read_inputs(&[path], &ReadOptions::default()).enumerate() {
        let doc = doc.unwrap();
        assert_eq!(doc.id, format!("gen{i}"));
        bytes += doc.text.len();
        count += 1;
    }
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(count, n);
    eprintln!(
        "read {count} docs, {:.1} MB of text in {secs:.2}s ({:.0} MB/s)",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
}

#[test]
fn five_mb_jsonl_streams() {
    big_jsonl(5 << 20);
}

/// 50 MB: well under a second even in a debug build (serde_json is built optimised by the
/// workspace profile), so it is not ignored.
#[test]
fn fifty_mb_jsonl_streams() {
    big_jsonl(50 << 20);
}

#[test]
fn large_html_page_extracts_quickly() {
    let mut page =
        String::from("<html><head><title>Big</title></head><body><nav>menu</nav><article>");
    let para = "<p>Officials in Sample City said on <b>Monday</b> that 12 &amp; more convoys had \
                arrived&nbsp;overnight.<!-- note --></p><script>var x = '</p>';</script>\n";
    while page.len() < 5 << 20 {
        page.push_str(para);
    }
    page.push_str("</article></body></html>");
    let t = Instant::now();
    let out = sitrep_io::extract_html(&page);
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "extracted 5 MB of HTML in {secs:.2}s ({:.0} MB/s)",
        5.0 / secs
    );
    assert!(
        out.text
            .starts_with("Officials in Sample City said on Monday that 12 & more convoys")
    );
    assert!(!out.text.contains("var x"));
    assert!(!out.text.contains("note"));
}

#[test]
fn binaries_named_on_the_command_line_say_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = write(dir.path(), "scan.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    let png = write(dir.path(), "photo", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let zip = write(dir.path(), "notes.docx", b"PK\x03\x04\x14\0\x06\0");
    let txt = write(dir.path(), "field-notes.txt", b"Troops crossed the river.");
    let opts = ReadOptions {
        ids: IdScheme::FileStem,
        ..ReadOptions::default()
    };
    let got = read_all(&[pdf, png, zip, txt], &opts);
    let whats: Vec<String> = got
        .iter()
        .filter_map(|r| match r {
            Err(ReadError::Binary { origin, what }) => Some(format!("{origin}: {what}")),
            _ => None,
        })
        .collect();
    assert_eq!(whats.len(), 3, "{got:?}");
    assert!(whats[0].ends_with("scan.pdf: a PDF file"), "{whats:?}");
    assert!(whats[1].contains("PNG image"), "{whats:?}");
    assert!(whats[2].contains("office document"), "{whats:?}");
    let Some(Ok(d)) = got.last() else {
        panic!("{got:?}")
    };
    assert_eq!(d.id, "field-notes");
    assert_eq!(
        d.title.as_deref(),
        Some("field-notes"),
        "a text file's name is its title"
    );
}
