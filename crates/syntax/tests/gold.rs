//! Gold test: the shipped model on the EWT test file (gold tokens, predicted tags) must
//! stay above its floors. Skips, saying so, where ../shared is absent.

use std::path::Path;

use sitrep_syntax::conllu::read_conllu;
use sitrep_syntax::{Model, evaluate};

/// The target (95.5) is met: measured 95.85. The floor sits just under the
/// measured figure, so that any regression of the tagger fails.
const UPOS_FLOOR: f64 = 95.7;
/// Below the target of 88.0: the shipped greedy parser measures 86.06, so the
/// floor sits just under what it does today and catches regressions.
const UAS_FLOOR: f64 = 85.9;
/// Below the target of 85.0 (full labels, subtypes must match): measured 83.17.
const LAS_FLOOR: f64 = 83.0;

#[test]
fn ewt_test_scores_stay_above_floors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let test = root.join("../shared/ud/en_ewt-ud-test.conllu");
    if !test.exists() {
        eprintln!("NOTICE: {} is absent; gold test skipped", test.display());
        return;
    }
    let model = match Model::load(&root.join("data/models/en_ewt-syntax.bin")) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let text = std::fs::read_to_string(&test).unwrap_or_default();
    let sents = match read_conllu(&text, &test.display().to_string()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let s = evaluate(&model, &sents);
    eprintln!(
        "EWT test, gold tokens: {} words, UPOS {:.2} XPOS {:.2} UAS {:.2} LAS {:.2} (CoNLL18 LAS {:.2})",
        s.words, s.upos, s.xpos, s.uas, s.las, s.las_ud
    );
    assert!(s.words > 20_000, "only {} words read", s.words);
    assert!(s.upos >= UPOS_FLOOR, "UPOS {:.2} < {UPOS_FLOOR}", s.upos);
    assert!(s.uas >= UAS_FLOOR, "UAS {:.2} < {UAS_FLOOR}", s.uas);
    assert!(s.las >= LAS_FLOOR, "LAS {:.2} < {LAS_FLOOR}", s.las);
}
