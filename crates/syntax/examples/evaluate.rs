//! Scores a model on CoNLL-U files (gold tokens, the model's own tags).
//!
//! ```text
//! cargo run --release -p sitrep-syntax --example evaluate -- data/models/en_ewt-syntax.bin FILE.conllu...
//! ```

use std::path::Path;
use std::time::Instant;

use sitrep_syntax::conllu::read_conllu;
use sitrep_syntax::{Model, evaluate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (model_p, files) = args
        .split_first()
        .ok_or("usage: evaluate MODEL FILE.conllu...")?;
    let t = Instant::now();
    let model = Model::load(Path::new(model_p))?;
    println!(
        "loaded {model_p} in {:.1} ms ({})",
        t.elapsed().as_secs_f64() * 1e3,
        model.train_id()
    );
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?;
        let sents = read_conllu(&text, f)?;
        let s = evaluate(&model, &sents);
        println!(
            "{f}: {} words  UPOS {:.2}  XPOS {:.2}  UAS {:.2}  LAS {:.2}  (CoNLL18 LAS, universal labels {:.2})",
            s.words, s.upos, s.xpos, s.uas, s.las, s.las_ud
        );
    }
    Ok(())
}
