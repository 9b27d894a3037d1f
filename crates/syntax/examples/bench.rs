//! Tagger + parser throughput on one core (release build), gold-tokenised sentences.
//!
//! ```text
//! cargo run --release -p sitrep-syntax --example bench -- data/models/en_ewt-syntax.bin ../shared/ud/en_ewt-ud-dev.conllu [ROUNDS]
//! ```

use std::path::Path;

/// The allocator the sitrep binary uses (its large pages setting applies here too).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;

use sitrep_syntax::conllu::read_conllu;
use sitrep_syntax::{Analysis, Model};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        return Err("usage: bench MODEL FILE.conllu [ROUNDS]".into());
    }
    let rounds: usize = args.get(2).map(|r| r.parse()).transpose()?.unwrap_or(5);
    let (t, c) = (Instant::now(), cpu_seconds());
    let lex = sitrep_text::Lexicon::default_ref();
    let lex_ms = (cpu_seconds() - c) * 1e3;
    let (t2, c2) = (Instant::now(), cpu_seconds());
    let model = Model::load(Path::new(&args[0]))?;
    let _ = lex.word("warm");
    println!(
        "lexicon load {lex_ms:.0} ms CPU; model load {:.0} ms CPU ({:.0} ms wall, {:.0} ms wall for both)",
        (cpu_seconds() - c2) * 1e3,
        t2.elapsed().as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3
    );
    let text = std::fs::read_to_string(&args[1])?;
    let sents = read_conllu(&text, &args[1])?;
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let n: usize = words.iter().map(Vec::len).sum();
    let mut an = model.analyser();
    let mut out = Analysis::default();
    let mut check = 0u64;
    // A fingerprint of every tag, head and label: a speed change must leave it unchanged.
    let mut fp: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |v: u64| fp = (fp ^ v).wrapping_mul(0x0100_0000_01b3);
    for w in &words {
        an.analyse_into(w, &mut out);
        for i in 0..out.tags.len() {
            mix(u64::from(out.tags[i]));
            mix(u64::from(out.heads[i]));
            mix(u64::from(out.labels[i]));
        }
    }
    println!("output fingerprint {fp:016x}");
    let mut best = f64::MAX;
    let cpu0 = cpu_seconds();
    for _ in 0..rounds {
        let t = Instant::now();
        for w in &words {
            an.analyse_into(w, &mut out);
            check += u64::from(out.heads.first().copied().unwrap_or(0));
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let cpu = cpu_seconds() - cpu0;
    println!(
        "{n} tokens, best of {rounds}: {:.0} tokens/s wall (tagger + parser, one core) [{check}]",
        n as f64 / best
    );
    if cpu > 0.0 {
        println!(
            "  {:.0} tokens/s of CPU time over all rounds (fairer on a busy machine)",
            (n * rounds) as f64 / cpu
        );
    }
    Ok(())
}

/// This thread's CPU time (user + system) from /proc, 0 where unavailable.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |p| p.1);
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}
