//! Test helpers: hand-built parses, so that graph, pattern and rule tests need no model.

use crate::graph::SentenceGraph;

/// A sentence in the hand-parse notation of [`SentenceGraph::from_notation`], e.g.
/// `"Sudria/PROPN/2:nsubj#SUD shelled=shell/VERB/0:root Norland/PROPN/2:obj#NRL"`.
/// Panics on bad notation: it is only ever given literals written in tests.
pub fn parse(notation: &str) -> SentenceGraph {
    match SentenceGraph::from_notation(notation) {
        Ok(g) => g,
        Err(e) => panic!("bad hand parse {notation:?}: {e}"),
    }
}
