//! Ranks the parser's feature templates by how much a trained model relies on them.
//!
//! ```text
//! cargo run --release -p sitrep-syntax --features train --example ablate -- \
//!     data/models/en_ewt-syntax.bin ../shared/ud/en_ewt-ud-dev.conllu [--tagger]
//! ```
//! Prints, per template: the share of transitions on which its feature has weights, the
//! share whose choice changes without it, and dev UAS/LAS decoding without it; then the
//! scores with the least useful templates left out together (1, 2, ... of them, in
//! rank order). With `--tagger`, the tagger's UPOS accuracy without each of its templates
//! instead. Use the dev file, never the test file.

use std::path::Path;

use sitrep_syntax::Model;
use sitrep_syntax::ablate::{ablate, ablate_tagger, masked_scores, tagger_masked};
use sitrep_syntax::conllu::read_conllu;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    if a.len() < 2 {
        return Err("usage: ablate MODEL DEV.conllu".into());
    }
    let model = Model::load(Path::new(&a[0]))?;
    let sents = read_conllu(&std::fs::read_to_string(&a[1])?, &a[1])?;
    if a.get(2).map(String::as_str) == Some("--tagger") {
        let upos = ablate_tagger(&model, &sents);
        println!("tagger: UPOS {:.2}; without each template:", upos[0]);
        for (i, u) in upos.iter().enumerate().skip(1) {
            println!("{i:8} {u:6.2} {:+6.2}", u - upos[0]);
        }
        let mut order: Vec<usize> = (1..upos.len()).collect();
        order.sort_by(|&x, &y| upos[y].total_cmp(&upos[x]).then(x.cmp(&y)));
        let mut drop = 0u128;
        let masks: Vec<u128> = order
            .iter()
            .map(|&i| {
                drop |= 1u128 << (i - 1);
                drop
            })
            .collect();
        println!("cumulative (least useful first): dropped template, UPOS");
        for (i, u) in order.iter().zip(tagger_masked(&model, &sents, &masks)) {
            println!("  -{i:<3} {u:6.2}");
        }
        return Ok(());
    }
    let ((uas, las), mut stats) = ablate(&model, &sents);
    println!("full model: UAS {uas:.2} LAS {las:.2} (before finishing)");
    println!("template  hit%   flip%   UAS     LAS    dLAS");
    for s in &stats {
        println!(
            "{:8} {:6.2} {:7.3} {:6.2} {:6.2} {:+6.2}",
            s.index + 1,
            s.hit,
            s.flips,
            s.uas,
            s.las,
            s.las - las
        );
    }
    // Least useful first: the smallest LAS loss, ties broken by fewer flips.
    stats.sort_by(|x, y| {
        y.las
            .total_cmp(&x.las)
            .then(x.flips.total_cmp(&y.flips))
            .then(x.index.cmp(&y.index))
    });
    let mut drop = 0u128;
    let mut masks = Vec::new();
    for s in stats.iter().filter(|s| s.index < 128) {
        drop |= 1u128 << s.index;
        masks.push(drop);
    }
    let cum = masked_scores(&model, &sents, &masks);
    println!("cumulative (least useful first): dropped template, UAS, LAS");
    for (s, (u, l)) in stats.iter().zip(cum) {
        println!("  -{:<3} {u:6.2} {l:6.2}", s.index + 1);
    }
    Ok(())
}
