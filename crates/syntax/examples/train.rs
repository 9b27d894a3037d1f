//! Trains the tagger and parser and writes the model file.
//!
//! ```text
//! cargo run --release -p sitrep-syntax --features train --example train -- \
//!     --train ../shared/ud/en_ewt-ud-train.conllu --dev ../shared/ud/en_ewt-ud-dev.conllu \
//!     --out data/models/en_ewt-syntax.bin [--seed 1] [--tagger-epochs 10] [--parser-epochs 15] \
//!     [--folds 5] [--log train.log] [--tagger-cache FILE]
//! ```
//! The same data, seed and settings give the same bytes. `--tagger-cache` keeps the tagger
//! and the parser's jackknifed training tags in FILE (scratch, not shipped), so that a
//! later run with the same data and settings trains only the parser.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use sitrep_syntax::conllu::read_conllu;
use sitrep_syntax::train::{TrainConfig, train};
use sitrep_syntax::{SyntaxError, evaluate};

fn read(
    path: &PathBuf,
) -> Result<Vec<sitrep_syntax::conllu::Sentence>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(read_conllu(&text, &path.display().to_string())?)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (mut train_p, mut dev_p, mut out_p, mut log_p) = (None, None, None, None);
    let mut cfg = TrainConfig::default();
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--train" => train_p = Some(PathBuf::from(val()?)),
            "--dev" => dev_p = Some(PathBuf::from(val()?)),
            "--out" => out_p = Some(PathBuf::from(val()?)),
            "--log" => log_p = Some(PathBuf::from(val()?)),
            "--seed" => cfg.seed = val()?.parse()?,
            "--tagger-epochs" => cfg.tagger_epochs = val()?.parse()?,
            "--parser-epochs" => cfg.parser_epochs = val()?.parse()?,
            "--folds" => cfg.folds = val()?.parse()?,
            "--prune" => cfg.prune = val()?.parse()?,
            "--final-prune-tagger" => cfg.final_prune_tagger = val()?.parse()?,
            "--final-prune-parser" => cfg.final_prune_parser = val()?.parse()?,
            "--explore" => cfg.explore = val()?.parse()?,
            "--tagger-cache" => cfg.tagger_cache = Some(PathBuf::from(val()?)),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let train_p = train_p.ok_or("--train is required")?;
    let out_p = out_p.ok_or("--out is required")?;
    let train_s = read(&train_p)?;
    let dev_s = match &dev_p {
        Some(p) => read(p)?,
        None => Vec::new(),
    };
    let name = |p: &PathBuf| {
        p.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    cfg.train_id = format!(
        "{} ({} sentences); dev {}; seed {}; UD English EWT, CC BY-SA 4.0",
        name(&train_p),
        train_s.len(),
        dev_p.as_ref().map(name).unwrap_or_else(|| "none".into()),
        cfg.seed
    );
    let mut log_file = match &log_p {
        Some(p) => Some(std::fs::File::create(p)?),
        None => None,
    };
    let start = Instant::now();
    let mut log = |line: &str| {
        let line = format!("[{:7.1}s] {line}", start.elapsed().as_secs_f64());
        eprintln!("{line}");
        if let Some(f) = log_file.as_mut() {
            let _ = writeln!(f, "{line}");
            let _ = f.flush();
        }
    };
    log(&format!("config: {cfg:?}"));
    let model = train(&train_s, &dev_s, &cfg, &mut log).map_err(|e: SyntaxError| e.to_string())?;
    let bytes = model.to_bytes();
    if let Some(dir) = out_p.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out_p, &bytes)?;
    let [t, p] = model.weight_counts();
    log(&format!(
        "wrote {} ({} bytes; tagger {} features / {} weights, parser {} / {})",
        out_p.display(),
        bytes.len(),
        t.0,
        t.1,
        p.0,
        p.1
    ));
    if !dev_s.is_empty() {
        let s = evaluate(&model, &dev_s);
        log(&format!(
            "dev (gold tokens): UPOS {:.2} XPOS {:.2} UAS {:.2} LAS {:.2} (CoNLL18 LAS {:.2})",
            s.upos, s.xpos, s.uas, s.las, s.las_ud
        ));
    }
    Ok(())
}
