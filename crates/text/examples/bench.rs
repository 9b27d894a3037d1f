//! Throughput check: `cargo run --release -p sitrep-text --example bench [FILE]`.
//! Without a file it analyses synthetic news-like text written for this benchmark.

use std::time::Instant;

const PARAGRAPH: &str = "LAGOS \u{2014} Government negotiators and rebel envoys held talks in Abuja on Tuesday, \
the third round since Jan. 5, officials said. \u{201C}We will not accept any deal that ignores our demands,\u{201D} \
Gen. Musa Bello told reporters. The U.S. State Department said about 1,500 people had been displaced \
and 3.5 tonnes of aid were delivered; a convoy was hit by a roadside bomb near the border.\n\n\
Drone strikes on the port killed at least three civilians, the army's spokesman said. \
Russia's foreign minister is due to visit Ankara next week, and the two sides are going to sign a four-year accord.\n\n";

fn main() {
    let text = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path).unwrap_or_default(),
        None => PARAGRAPH.repeat(20 * 1024 * 1024 / PARAGRAPH.len()),
    };
    let t0 = Instant::now();
    let lex = sitrep_text::Lexicon::default_ref();
    println!("lexicon load: {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
    // analyse document-sized pieces (~4 KB, cut at paragraph breaks), as the pipeline does
    let mut docs = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + 4096).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if let Some(p) = text.get(end..).and_then(|r| r.find("\n\n")) {
            end += p + 2;
        } else {
            end = text.len();
        }
        docs.push(&text[start..end]);
        start = end;
    }
    let mut best = f64::MAX;
    let mut ntok = 0;
    for _ in 0..3 {
        let t = Instant::now();
        ntok = 0;
        for d in &docs {
            ntok += sitrep_text::analyze_with(d, lex).tokens.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    let n: usize = docs.iter().map(|d| sitrep_text::tokenize(d).len()).sum();
    let tok_s = t.elapsed().as_secs_f64();
    let mb = text.len() as f64 / 1e6;
    println!("tokenise only: {n} tokens, {:.1} MB/s", mb / tok_s);
    println!(
        "{mb:.1} MB, {ntok} tokens: best {best:.3} s = {:.1} MB/s",
        mb / best
    );
}
