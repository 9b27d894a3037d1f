//! Writes a benchmark pair: the same generated articles as a WARC.gz (crawler layout: a
//! request and a response record per page, each its own gzip member) and as JSON Lines (the
//! article text only), to compare `sitrep ingest`/`bench` throughput on the two.
//!
//! `cargo run --release -p sitrep-feed --example gen_warc -- /tmp/bench 1000` writes
//! `/tmp/bench.warc.gz` of about 1000 MB and `/tmp/bench.jsonl`. The articles are invented
//! (templates with invented countries and towns), varied enough not to compress to nothing.

use sitrep_feed::warc::WarcWriter;
use std::io::{BufWriter, Write};

const A: &[&str] = &[
    "Valdorian",
    "Ostrian",
    "Karvenian",
    "Lusatian",
    "Merovian",
    "Tessaran",
];
const TOWNS: &[&str] = &[
    "Lusk",
    "Port Ostra",
    "Merrow",
    "Tavel",
    "Brenhold",
    "Cassy",
    "Dunmere",
    "Elgin Ford",
    "Harrowgate",
    "Kestrel Bay",
    "Norbury",
    "Quillon",
];
const VERBS: &[&str] = &[
    "shelled",
    "attacked",
    "bombed",
    "raided",
    "fired rockets at",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A small deterministic generator (no dependency needed for benchmark data).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next() % xs.len()]
    }
}

fn article(r: &mut Lcg, i: usize) -> (String, String) {
    let mut paras = Vec::new();
    let n = 4 + r.next() % 6;
    for _ in 0..n {
        let (a, b) = (r.pick(A), r.pick(A));
        let town = r.pick(TOWNS);
        paras.push(format!(
            "{a} forces {} {town} on {}, killing {} people and wounding {}, {b} officials said. \
             Residents of {town} described {} explosions before dawn, and the {b} government \
             said it would ask the council for an emergency meeting about the {} incident.",
            r.pick(VERBS),
            r.pick(DAYS),
            1 + r.next() % 40,
            r.next() % 90,
            2 + r.next() % 12,
            r.next() % 1000
        ));
    }
    (
        format!("Report {i} from {}", r.pick(TOWNS)),
        paras.join("\n\n"),
    )
}

fn page(r: &mut Lcg, title: &str, text: &str) -> String {
    let mut nav = String::new();
    for k in 0..40 {
        nav.push_str(&format!(
            "<li><a href=\"/section/{}\">Section {}</a></li>",
            r.next() % 500,
            k
        ));
    }
    let body: String = text
        .split("\n\n")
        .map(|p| format!("<p>{p}</p>\n"))
        .collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"2031-03-0{}T08:00:00Z\">\
         <script>window.dataLayer=[{{\"page\":\"{}\",\"ts\":{}}}];</script></head><body>\
         <header><nav><ul>{nav}</ul></nav></header><main><article><h1>{title}</h1>{body}</article>\
         <aside>Most read: {}</aside></main><footer>Fixture Herald, invented for benchmarks</footer></body></html>",
        1 + r.next() % 9,
        r.next(),
        r.next(),
        r.next()
    )
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let prefix = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "/tmp/sitrep-bench".into());
    let mb: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100);
    let warc_path = format!("{prefix}.warc.gz");
    let jsonl_path = format!("{prefix}.jsonl");
    let warc_file = BufWriter::new(std::fs::File::create(&warc_path)?);
    let mut w = WarcWriter::new(
        CountingWriter {
            inner: warc_file,
            n: 0,
        },
        true,
    );
    let mut jsonl = BufWriter::new(std::fs::File::create(&jsonl_path)?);
    let mut r = Lcg(42);
    let mut i = 0usize;
    while w.get_ref().n < mb * 1_000_000 {
        i += 1;
        let (title, text) = article(&mut r, i);
        let url = format!("https://herald.example.org/news/{i}");
        let html = page(&mut r, &title, &text);
        w.page(
            &url,
            "2031-03-10T12:00:00Z",
            "text/html; charset=utf-8",
            html.as_bytes(),
        )?;
        // The JSON Lines twin holds what the archive reader extracts from the page.
        let page = sitrep_io::extract_html(&html);
        let line = format!(
            "{{\"id\":\"{}\",\"url\":\"{url}\",\"title\":{:?},\"published\":\"{}\",\"text\":{}}}\n",
            sitrep_feed::article::url_id(&url),
            title,
            page.published.map(|d| d.to_string()).unwrap_or_default(),
            json_string(&page.text)
        );
        jsonl.write_all(line.as_bytes())?;
    }
    jsonl.flush()?;
    let mut inner = w.into_inner();
    inner.inner.flush()?;
    eprintln!(
        "{i} articles: {warc_path} ({:.0} MB), {jsonl_path}",
        inner.n as f64 / 1e6
    );
    Ok(())
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct CountingWriter<W> {
    inner: W,
    n: u64,
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        let k = self.inner.write(b)?;
        self.n += k as u64;
        Ok(k)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
