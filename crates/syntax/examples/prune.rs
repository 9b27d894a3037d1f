//! Writes a pruned copy of a model and reports its size, speed and dev scores.
//!
//! ```text
//! cargo run --release -p sitrep-syntax --example prune -- IN.bin OUT.bin MIN_TAGGER MIN_PARSER [DEV.conllu]
//! ```

use std::path::Path;
use std::time::Instant;

use sitrep_syntax::conllu::read_conllu;
use sitrep_syntax::{Analysis, Model, evaluate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    if a.len() < 4 {
        return Err("usage: prune IN.bin OUT.bin MIN_TAGGER MIN_PARSER [DEV.conllu]".into());
    }
    let model = Model::load(Path::new(&a[0]))?.pruned(a[2].parse()?, a[3].parse()?);
    let bytes = model.to_bytes();
    std::fs::write(&a[1], &bytes)?;
    let [t, p] = model.weight_counts();
    println!(
        "{}: {} bytes; tagger {} features / {} weights; parser {} / {}",
        a[1],
        bytes.len(),
        t.0,
        t.1,
        p.0,
        p.1
    );
    if let Some(dev) = a.get(4) {
        let sents = read_conllu(&std::fs::read_to_string(dev)?, dev)?;
        let s = evaluate(&model, &sents);
        println!(
            "  UPOS {:.2} XPOS {:.2} UAS {:.2} LAS {:.2}",
            s.upos, s.xpos, s.uas, s.las
        );
        let words: Vec<Vec<&str>> = sents
            .iter()
            .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
            .collect();
        let mut an = model.analyser();
        let mut out = Analysis::default();
        let t = Instant::now();
        for w in &words {
            an.analyse_into(w, &mut out);
        }
        println!(
            "  {:.0} tokens/s",
            s.words as f64 / t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
