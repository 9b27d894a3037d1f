//! Writes every tag, head and label the analyser gives to CoNLL-U files, through both
//! [`sitrep_syntax::Analyser::analyse_into`] and [`sitrep_syntax::Analyser::analyse_names`]
//! (words capitalised inside a sentence taken as known names), one line per word. A speed
//! change must leave this output byte-identical: compare it before and after with `cmp`.
//!
//! ```text
//! cargo run --release -p sitrep-syntax --example dump -- data/models/en_ewt-syntax.bin FILE.conllu... > out.tsv
//! ```

use std::io::Write;
use std::path::Path;

use sitrep_syntax::conllu::read_conllu;
use sitrep_syntax::{Analysis, Model, evaluate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (model_p, files) = args
        .split_first()
        .ok_or("usage: dump MODEL FILE.conllu...")?;
    let model = Model::load(Path::new(model_p))?;
    let mut an = model.analyser();
    let mut out = Analysis::default();
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?;
        let sents = read_conllu(&text, f)?;
        let s = evaluate(&model, &sents);
        writeln!(
            w,
            "# {f}: {} words UPOS {:.4} XPOS {:.4} UAS {:.4} LAS {:.4} LAS_ud {:.4}",
            s.words, s.upos, s.xpos, s.uas, s.las, s.las_ud
        )?;
        for (si, s) in sents.iter().enumerate() {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let names: Vec<bool> = words
                .iter()
                .enumerate()
                .map(|(i, w)| i > 0 && w.chars().next().is_some_and(char::is_uppercase))
                .collect();
            an.analyse_into(&words, &mut out);
            let plain = out.clone();
            an.analyse_names(&words, &names, &mut out);
            for (i, word) in words.iter().enumerate() {
                writeln!(
                    w,
                    "{si}\t{i}\t{word}\t{}\t{}\t{}\t{}\t{}\t{}",
                    plain.tags[i],
                    plain.heads[i],
                    plain.labels[i],
                    out.tags[i],
                    out.heads[i],
                    out.labels[i]
                )?;
            }
        }
    }
    w.flush()?;
    Ok(())
}
