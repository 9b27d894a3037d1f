//! Finding a pattern's matches in a sentence graph.
//!
//! Search is depth-first over the nodes in their written order: the anchor is tried on every word
//! that fits its attributes, and each later node only on the candidates its operator lists for
//! the word its `from` node is on (see [`super::ops`]). Every node is on a different word.
//!
//! Decisions, each chosen so that the result does not depend on anything but the data:
//! - A pattern matches at most once per anchor word. Where several bindings exist, the first in
//!   search order wins: candidates in sentence order, and for an optional node a bound word
//!   before leaving it unbound. Coordinated parties ("Norland and Sudria") are not separate
//!   matches; the mapping to parties follows `conj` from the bound word.
//! - An optional node is bound to the first fitting word that lets the rest of the pattern
//!   match, and left unbound only if none does. Nodes hanging from an unbound optional node stay
//!   unbound, so an optional node and the required nodes below it form a group that binds as a
//!   whole or not at all.
//! - Absent nodes are checked once all other nodes are bound: if a word fits one, that binding
//!   fails and the search backtracks. A word bound to another node counts too ("struck a deal":
//!   the optional target may be on "deal", and the guard still sees it). Nodes below an absent
//!   node form its group, and the guard is found only if the whole group binds ("an nmod that
//!   has the case word *of*").
//! - Work is bounded: each candidate word tried is one step, and a search that takes more than
//!   [`Matcher::budget`] steps for one anchor gives up on that anchor and counts it in
//!   [`MatchStats::exhausted`]. Ordinary patterns take a few dozen steps per anchor; only
//!   pathological ones (many `>>` nodes that almost match) reach the budget.

use super::{NodeKind, Pattern};
use crate::graph::SentenceGraph;

/// One match: the rule's pattern and, per node, the word bound to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'p> {
    pub pattern: &'p Pattern,
    /// Word index per node, in the pattern's node order; `None` for an unbound optional node and
    /// for every absent node.
    pub words: Vec<Option<usize>>,
}

impl<'p> Match<'p> {
    /// The id of the rule that matched.
    pub fn rule_id(&self) -> &'p str {
        &self.pattern.id
    }

    /// The anchor's word.
    pub fn anchor(&self) -> usize {
        // The anchor is always bound: a match starts from it.
        self.words.first().copied().flatten().unwrap_or(0)
    }

    /// The word bound to node `id`, if the node exists and is bound.
    pub fn word(&self, id: &str) -> Option<usize> {
        self.pattern.node(id).and_then(|i| self.words[i])
    }
}

/// Work counters, summed over calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MatchStats {
    /// Candidate words tried.
    pub steps: usize,
    /// Anchors given up because their search ran past the budget.
    pub exhausted: usize,
}

/// The matcher: only its work budget is configurable.
#[derive(Debug, Clone, Copy)]
pub struct Matcher {
    /// Most steps spent on one anchor word of one pattern.
    pub budget: usize,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            budget: Self::DEFAULT_BUDGET,
        }
    }
}

struct OutOfBudget;

impl Matcher {
    /// Generous for real rules (tens of steps per anchor) yet small enough that a sentence of
    /// 100 words and 50 rules stays under a few million steps in the worst case.
    pub const DEFAULT_BUDGET: usize = 2_000;

    /// All matches of `p` in `g`, one at most per anchor word, in anchor order.
    pub fn find<'p>(
        &self,
        g: &SentenceGraph,
        p: &'p Pattern,
        stats: &mut MatchStats,
    ) -> Vec<Match<'p>> {
        (0..g.len())
            .filter_map(|w| self.find_at(g, p, w, stats))
            .collect()
    }

    /// The match of `p` with its anchor on word `anchor`, if any.
    pub fn find_at<'p>(
        &self,
        g: &SentenceGraph,
        p: &'p Pattern,
        anchor: usize,
        stats: &mut MatchStats,
    ) -> Option<Match<'p>> {
        stats.steps += 1;
        if anchor >= g.len() || p.nodes.is_empty() || !p.fits(g, 0, None, anchor) {
            return None;
        }
        let mut bind = vec![None; p.nodes.len()];
        bind[0] = Some(anchor);
        let mut search = Search {
            g,
            p,
            steps: 0,
            budget: self.budget,
        };
        let found = search.node(1, &mut bind);
        stats.steps += search.steps;
        match found {
            Ok(true) => Some(Match {
                pattern: p,
                words: bind,
            }),
            Ok(false) => None,
            Err(OutOfBudget) => {
                stats.exhausted += 1;
                None
            }
        }
    }
}

struct Search<'a> {
    g: &'a SentenceGraph,
    p: &'a Pattern,
    steps: usize,
    budget: usize,
}

impl Search<'_> {
    fn step(&mut self) -> Result<(), OutOfBudget> {
        self.steps += 1;
        if self.steps > self.budget {
            Err(OutOfBudget)
        } else {
            Ok(())
        }
    }

    /// Binds nodes `k..` given `bind[..k]`; on success `bind` holds the match.
    fn node(&mut self, k: usize, bind: &mut [Option<usize>]) -> Result<bool, OutOfBudget> {
        if k == self.p.nodes.len() {
            return self.no_absent_fits(bind);
        }
        let node = &self.p.nodes[k];
        if node.kind == NodeKind::Absent {
            return self.node(k + 1, bind);
        }
        let Some(a) = node.from.and_then(|f| bind[f]) else {
            // Hangs from an unbound optional node: the group is left out as a whole.
            bind[k] = None;
            return self.node(k + 1, bind);
        };
        for b in node.rel.candidates(self.g, a) {
            self.step()?;
            if bind.contains(&Some(b)) || !self.p.fits(self.g, k, Some(a), b) {
                continue;
            }
            bind[k] = Some(b);
            if self.node(k + 1, bind)? {
                return Ok(true);
            }
        }
        bind[k] = None;
        if node.kind == NodeKind::Optional {
            return self.node(k + 1, bind);
        }
        Ok(false)
    }

    /// Whether no absent group can be bound. A group is an absent node whose `from` is not
    /// absent (its root), plus every node below it; the group is found if all its nodes can be
    /// bound at once.
    fn no_absent_fits(&mut self, bind: &mut [Option<usize>]) -> Result<bool, OutOfBudget> {
        for k in 0..self.p.nodes.len() {
            let node = &self.p.nodes[k];
            if node.kind != NodeKind::Absent
                || node
                    .from
                    .is_some_and(|f| self.p.nodes[f].kind == NodeKind::Absent)
            {
                continue;
            }
            let members = self.p.group(k);
            let found = self.group_binds(&members, 0, bind)?;
            for &m in &members {
                bind[m] = None;
            }
            if found {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Binds `members[i..]` (each hangs from an earlier member or a bound node), all required.
    fn group_binds(
        &mut self,
        members: &[usize],
        i: usize,
        bind: &mut [Option<usize>],
    ) -> Result<bool, OutOfBudget> {
        let Some(&k) = members.get(i) else {
            return Ok(true);
        };
        let node = &self.p.nodes[k];
        let Some(a) = node.from.and_then(|f| bind[f]) else {
            return Ok(false);
        };
        for b in node.rel.candidates(self.g, a) {
            self.step()?;
            // Group members take distinct words among themselves; they may share a word with
            // the match (a guard sees words bound to other nodes too).
            if members[..i].iter().any(|&m| bind[m] == Some(b))
                || !self.p.fits(self.g, k, Some(a), b)
            {
                continue;
            }
            bind[k] = Some(b);
            if self.group_binds(members, i + 1, bind)? {
                return Ok(true);
            }
        }
        bind[k] = None;
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::load::compile_pattern_str;
    use crate::testkit::parse;

    fn pat(nodes: &str) -> Pattern {
        match compile_pattern_str("test.rule", nodes) {
            Ok(p) => p,
            Err(e) => panic!("bad test pattern: {e}"),
        }
    }

    fn words(g: &SentenceGraph, m: &Match<'_>, id: &str) -> Option<String> {
        m.word(id).map(|w| g.word(w).form.clone())
    }

    const SHELL: &str = r#"nodes = [
      { id = "trigger", attrs = { lemma = "shell", upos = "VERB" } },
      { id = "actor", from = "trigger", rel = ">", attrs = { dep = ["nsubj", "obl:agent"] } },
      { id = "target", from = "trigger", rel = ">", attrs = { dep = ["obj", "nsubj:pass"] }, optional = true },
    ]"#;

    #[test]
    fn binds_subject_and_object() {
        let g = parse("Sudria/PROPN/2:nsubj shelled=shell/VERB/0:root Norland/PROPN/2:obj");
        let p = pat(SHELL);
        let mut st = MatchStats::default();
        let ms = Matcher::default().find(&g, &p, &mut st);
        assert_eq!(ms.len(), 1);
        assert_eq!(ms[0].rule_id(), "test.rule");
        assert_eq!(ms[0].anchor(), 1);
        assert_eq!(words(&g, &ms[0], "actor").as_deref(), Some("Sudria"));
        assert_eq!(words(&g, &ms[0], "target").as_deref(), Some("Norland"));
    }

    #[test]
    fn passive_subject_is_not_a_subject() {
        // "Norland was shelled by Sudria": nsubj:pass is not nsubj, obl:agent is listed.
        let g = parse(
            "Norland/PROPN/3:nsubj:pass was=be/AUX/3:aux:pass shelled=shell/VERB/0:root \
             by/ADP/5:case Sudria/PROPN/3:obl:agent",
        );
        let p = pat(SHELL);
        let ms = Matcher::default().find(&g, &p, &mut MatchStats::default());
        assert_eq!(ms.len(), 1);
        assert_eq!(words(&g, &ms[0], "actor").as_deref(), Some("Sudria"));
        assert_eq!(words(&g, &ms[0], "target").as_deref(), Some("Norland"));
        // Without the agent the required actor is missing: no match.
        let g = parse("Norland/PROPN/3:nsubj:pass was=be/AUX/3:aux:pass shelled=shell/VERB/0:root");
        assert!(
            Matcher::default()
                .find(&g, &p, &mut MatchStats::default())
                .is_empty()
        );
    }

    #[test]
    fn optional_node_left_unbound() {
        let g = parse("Sudria/PROPN/2:nsubj shelled=shell/VERB/0:root overnight/ADV/2:advmod");
        let p = pat(SHELL);
        let ms = Matcher::default().find(&g, &p, &mut MatchStats::default());
        assert_eq!(ms.len(), 1);
        assert_eq!(ms[0].word("target"), None);
        assert_eq!(ms[0].word("no_such_node"), None);
    }

    #[test]
    fn any_subtype_label() {
        let p = pat(r#"nodes = [
          { id = "t", attrs = { upos = "VERB" } },
          { id = "s", from = "t", rel = ">", attrs = { dep = "nsubj:*" } },
        ]"#);
        for parse_text in [
            "Norland/PROPN/2:nsubj fell=fall/VERB/0:root",
            "Norland/PROPN/2:nsubj:pass fell=fall/VERB/0:root",
        ] {
            let g = parse(parse_text);
            assert_eq!(
                Matcher::default()
                    .find(&g, &p, &mut MatchStats::default())
                    .len(),
                1
            );
        }
        let g = parse("Norland/PROPN/2:obj fell=fall/VERB/0:root");
        assert!(
            Matcher::default()
                .find(&g, &p, &mut MatchStats::default())
                .is_empty()
        );
    }

    #[test]
    fn absent_node_blocks_the_match() {
        let p = pat(r#"nodes = [
          { id = "t", attrs = { lemma = "strike" } },
          { id = "s", from = "t", rel = ">", attrs = { dep = "nsubj" } },
          { id = "idiom", from = "t", rel = ">", attrs = { dep = "obj", lemma = ["deal", "agreement"] }, absent = true },
        ]"#);
        let hit = parse("Sudria/PROPN/2:nsubj struck=strike/VERB/0:root Norland/PROPN/2:obj");
        let miss =
            parse("Sudria/PROPN/2:nsubj struck=strike/VERB/0:root a/DET/4:det deal/NOUN/2:obj");
        assert_eq!(
            Matcher::default()
                .find(&hit, &p, &mut MatchStats::default())
                .len(),
            1
        );
        assert!(
            Matcher::default()
                .find(&miss, &p, &mut MatchStats::default())
                .is_empty()
        );
    }

    #[test]
    fn absent_node_sees_words_bound_to_other_nodes() {
        let p = pat(r#"nodes = [
          { id = "t", attrs = { lemma = "strike" } },
          { id = "o", from = "t", rel = ">", attrs = { dep = "obj" }, optional = true },
          { id = "idiom", from = "t", rel = ">", attrs = { dep = "obj", lemma = "deal" }, absent = true },
        ]"#);
        let miss =
            parse("Sudria/PROPN/2:nsubj struck=strike/VERB/0:root a/DET/4:det deal/NOUN/2:obj");
        assert!(
            Matcher::default()
                .find(&miss, &p, &mut MatchStats::default())
                .is_empty()
        );
    }

    #[test]
    fn absent_group_must_bind_as_a_whole() {
        // Fails only for an nmod introduced by "of"; an nmod with "with" is fine.
        let p = pat(r#"nodes = [
          { id = "t", attrs = { lemma = "meeting" } },
          { id = "body", from = "t", rel = ">", attrs = { dep = "nmod" }, absent = true },
          { id = "of", from = "body", rel = ">", attrs = { dep = "case", lemma = "of" } },
        ]"#);
        let with = parse("meeting/NOUN/0:root with/ADP/3:case Sudria/PROPN/1:nmod");
        let of = parse("meeting/NOUN/0:root of/ADP/3:case ministers=minister/NOUN/1:nmod");
        let both = parse(
            "meeting/NOUN/0:root with/ADP/3:case Sudria/PROPN/1:nmod of/ADP/5:case \
             ministers=minister/NOUN/1:nmod",
        );
        let m = Matcher::default();
        assert_eq!(m.find(&with, &p, &mut MatchStats::default()).len(), 1);
        assert!(m.find(&of, &p, &mut MatchStats::default()).is_empty());
        assert!(m.find(&both, &p, &mut MatchStats::default()).is_empty());
    }

    #[test]
    fn edge_label_on_a_hop_up() {
        // "threatened to shell": from "shell", hop up to the word it is the xcomp of.
        let p = pat(r#"nodes = [
          { id = "t", attrs = { lemma = "shell" } },
          { id = "ctl", from = "t", rel = "<", edge = "xcomp", attrs = { lemma = "threaten" } },
          { id = "s", from = "ctl", rel = ">", attrs = { dep = "nsubj" } },
        ]"#);
        let g = parse(
            "Sudria/PROPN/2:nsubj threatened=threaten/VERB/0:root to/PART/4:mark \
             shell/VERB/2:xcomp Norland/PROPN/4:obj",
        );
        let ms = Matcher::default().find(&g, &p, &mut MatchStats::default());
        assert_eq!(ms.len(), 1);
        assert_eq!(words(&g, &ms[0], "s").as_deref(), Some("Sudria"));
        // Same words, but "shell" is an advcl of "threaten": the edge label does not fit.
        let g = parse(
            "Sudria/PROPN/2:nsubj threatened=threaten/VERB/0:root to/PART/4:mark \
             shell/VERB/2:advcl Norland/PROPN/4:obj",
        );
        assert!(
            Matcher::default()
                .find(&g, &p, &mut MatchStats::default())
                .is_empty()
        );
    }

    #[test]
    fn nodes_bind_distinct_words_and_backtrack() {
        // Two required children with the same constraint need two different words.
        let p = pat(r#"nodes = [
          { id = "t", attrs = { upos = "VERB" } },
          { id = "a", from = "t", rel = ">", attrs = { upos = "PROPN" } },
          { id = "b", from = "t", rel = ">", attrs = { upos = "PROPN" } },
        ]"#);
        let one = parse("Sudria/PROPN/2:nsubj left=leave/VERB/0:root");
        assert!(
            Matcher::default()
                .find(&one, &p, &mut MatchStats::default())
                .is_empty()
        );
        let two = parse("Sudria/PROPN/2:nsubj left=leave/VERB/0:root Norland/PROPN/2:obj");
        let ms = Matcher::default().find(&two, &p, &mut MatchStats::default());
        assert_eq!(ms.len(), 1);
        assert_eq!(ms[0].words, vec![Some(1), Some(0), Some(2)]);
    }

    #[test]
    fn entity_constraint_reads_the_annotation() {
        let p = pat(r#"nodes = [
          { id = "t", attrs = { upos = "VERB" } },
          { id = "a", from = "t", rel = ">", attrs = { entity = "country" } },
        ]"#);
        let annotated = parse("Sudria/PROPN/2:nsubj#SUD left=leave/VERB/0:root");
        let plain = parse("Sudria/PROPN/2:nsubj left=leave/VERB/0:root");
        let person = parse("Ola/PROPN/2:nsubj#person:SUD left=leave/VERB/0:root");
        let m = Matcher::default();
        assert_eq!(m.find(&annotated, &p, &mut MatchStats::default()).len(), 1);
        assert!(m.find(&plain, &p, &mut MatchStats::default()).is_empty());
        assert!(m.find(&person, &p, &mut MatchStats::default()).is_empty());
    }

    #[test]
    fn feats_and_form_constraints() {
        let p = pat(r#"nodes = [
          { id = "t", attrs = { form = "SHELLED", feats = { Voice = "Pass" } } },
        ]"#);
        let pass = parse("Norland/PROPN/2:nsubj:pass shelled=shell/VERB/0:root/Voice=Pass");
        let act = parse("Sudria/PROPN/2:nsubj shelled=shell/VERB/0:root/Tense=Past");
        assert_eq!(
            Matcher::default()
                .find(&pass, &p, &mut MatchStats::default())
                .len(),
            1
        );
        assert!(
            Matcher::default()
                .find(&act, &p, &mut MatchStats::default())
                .is_empty()
        );
    }

    /// A flat sentence of `n` nouns under one verb.
    fn flat(n: usize) -> SentenceGraph {
        let mut s = String::from("went=go/VERB/0:root");
        for _ in 0..n {
            s.push_str(" x/NOUN/1:obj");
        }
        parse(&s)
    }

    #[test]
    fn work_is_bounded_on_a_pathological_pattern() {
        // Five nodes that each fit any of 60 words, and an absent node that always fits: a
        // naive search would try 60^5 bindings per anchor.
        let p = pat(r#"nodes = [
          { id = "t", attrs = { upos = "VERB" } },
          { id = "a", from = "t", rel = ">>" },
          { id = "b", from = "t", rel = ">>" },
          { id = "c", from = "t", rel = ">>" },
          { id = "d", from = "t", rel = ">>" },
          { id = "e", from = "t", rel = ">>" },
          { id = "z", from = "t", rel = ">>", absent = true },
        ]"#);
        let g = flat(60);
        let m = Matcher::default();
        let mut st = MatchStats::default();
        assert!(m.find(&g, &p, &mut st).is_empty());
        assert_eq!(st.exhausted, 1, "the one anchor ran out of budget");
        assert!(
            st.steps <= g.len() + Matcher::DEFAULT_BUDGET + 1,
            "steps {} exceed the budget",
            st.steps
        );
    }

    #[test]
    fn ordinary_rules_stay_far_below_the_budget() {
        let p = pat(SHELL);
        let g = flat(100);
        let mut st = MatchStats::default();
        Matcher::default().find(&g, &p, &mut st);
        // One step per anchor word, nothing else: no word is "shell".
        assert_eq!(st.steps, g.len());
        let g = parse(
            "Norland/PROPN/3:nsubj:pass was=be/AUX/3:aux:pass shelled=shell/VERB/0:root \
             by/ADP/5:case Sudria/PROPN/3:obl:agent",
        );
        let mut st = MatchStats::default();
        Matcher::default().find(&g, &p, &mut st);
        assert!(st.steps < 20, "{} steps", st.steps);
        assert_eq!(st.exhausted, 0);
    }
}
