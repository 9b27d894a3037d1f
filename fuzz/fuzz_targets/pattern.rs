//! The pattern engine (`sitrep_extract::pattern`): the built-in event rules and cues run over
//! any parse written in the hand-parse notation or in CoNLL-U, and any text read as a rule file.
//! No panic; every word a match binds lies in the sentence; the matcher's step counter stays
//! within its per-anchor budget; a rule file either loads or fails with an error that names it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_extract::coding::code_sentence;
use sitrep_extract::graph::SentenceGraph;
use sitrep_extract::pattern::{MatchStats, Matcher, RuleSet};
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static R: OnceLock<RuleSet> = OnceLock::new();
    R.get_or_init(|| RuleSet::builtin().expect("built-in event rules"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match first % 3 {
        // A rule file: loads, or is refused with an error naming the file.
        2 => {
            let mut set = rules().clone();
            if let Err(e) = set.add_rules("fuzz.toml", text, true) {
                assert!(e.to_string().contains("fuzz.toml"), "{e}");
            }
        }
        kind => {
            let graph = if kind == 0 {
                SentenceGraph::from_notation(text)
            } else {
                SentenceGraph::from_conllu(text)
            };
            let Ok(g) = graph else {
                return;
            };
            let matcher = Matcher::default();
            let mut stats = MatchStats::default();
            for coded in code_sentence(rules(), &g, true, &matcher, &mut stats) {
                assert!(coded.anchor < g.len());
                for &(_, w) in &coded.nodes {
                    assert!(w < g.len());
                }
            }
            // Each anchor tried (once per rule and per cue) spends at most the budget, plus
            // one step for trying it.
            let tries = g.len() * (rules().rules.len() + rules().cues.len());
            assert!(stats.steps <= tries * (matcher.budget + 1), "{stats:?}");
        }
    }
});
