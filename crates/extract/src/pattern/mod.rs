//! The pattern language over dependency parses: a pattern is a small tree of named nodes, each a
//! word constraint, linked by operators from a closed table.
//!
//! Modelled on spaCy's DependencyMatcher (nodes that grow from earlier nodes) and Odin grammars
//! (argument paths written as data). A pattern's first node is the *anchor* (an event's trigger);
//! every later node names an earlier node (`from`), an operator ([`Rel`], see [`ops`]) and
//! attributes ([`Attrs`]). A node may be *optional* (bound when possible) or *absent* (the match
//! fails if such a word exists: a near-miss guard). The written form, its validation and the
//! error messages are in [`load`]; [`matcher`] finds the matches; `data/rules/events/README.md` is
//! the user-facing reference.
//!
//! Patterns are compiled once at load: every `@set` is expanded and every label checked, so
//! matching is only set lookups and never fails.

pub mod load;
pub mod matcher;
pub mod ops;

use crate::graph::{SentenceGraph, Word};
use sitrep_model::EntityKind;
use std::collections::HashSet;

pub use load::{EventRule, Example, PatternError, RuleSet, Status, Vocab};
pub use matcher::{Match, MatchStats, Matcher};
pub use ops::Rel;

/// Whether a node must, may or must not be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Required,
    /// Bound when a word fits, left unbound otherwise.
    Optional,
    /// The match fails if a word fits (checked once every other node is bound). Nodes below
    /// an absent node are absent too: they form its group, found only when all of it binds.
    Absent,
}

/// A set of lower-cased strings (lemmas or forms), literals and expanded `@set`s together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordSet(pub HashSet<String>);

impl WordSet {
    /// Case-insensitive membership.
    pub fn contains(&self, s: &str) -> bool {
        if s.chars().any(char::is_uppercase) {
            self.0.contains(&s.to_lowercase())
        } else {
            self.0.contains(s)
        }
    }
}

/// Relation labels a node accepts.
///
/// Matching rule: a label is compared exactly, subtype included, so `nsubj` does *not* match
/// `nsubj:pass` (the passive subject is the one attacked, not the attacker). `nsubj:*` matches
/// `nsubj` with any subtype or none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelSet {
    pub exact: HashSet<String>,
    /// Bases written `base:*`.
    pub any_subtype: HashSet<String>,
}

impl LabelSet {
    pub fn contains(&self, label: &str) -> bool {
        if self.exact.contains(label) {
            return true;
        }
        let base = label.split(':').next().unwrap_or(label);
        self.any_subtype.contains(base)
    }
}

/// Entity constraint of a node, read through the graph's mention annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityReq {
    /// The word is part of some mention.
    Any,
    /// The word is part of a mention of one of these kinds.
    Kinds(Vec<EntityKind>),
    /// The word is part of no mention.
    NotEntity,
}

/// Constraints on one word; every one that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attrs {
    pub lemma: Option<WordSet>,
    pub form: Option<WordSet>,
    pub upos: Option<HashSet<String>>,
    pub xpos: Option<HashSet<String>>,
    pub dep: Option<LabelSet>,
    /// Each feature must have one of the listed values.
    pub feats: Vec<(String, Vec<String>)>,
    pub entity: Option<EntityReq>,
}

impl Attrs {
    /// Whether word `w` satisfies every constraint.
    pub fn accepts(&self, w: &Word) -> bool {
        if let Some(s) = &self.lemma
            && !s.contains(&w.lemma)
        {
            return false;
        }
        if let Some(s) = &self.form
            && !s.contains(&w.form)
        {
            return false;
        }
        if let Some(s) = &self.upos
            && !s.contains(&w.upos)
        {
            return false;
        }
        if let Some(s) = &self.xpos
            && !s.contains(&w.xpos)
        {
            return false;
        }
        if let Some(s) = &self.dep
            && !s.contains(&w.deprel)
        {
            return false;
        }
        for (name, values) in &self.feats {
            match w.feat(name) {
                Some(v) if values.iter().any(|x| x == v) => {}
                _ => return false,
            }
        }
        match (&self.entity, &w.mention) {
            (None, _) => true,
            (Some(EntityReq::Any), m) => m.is_some(),
            (Some(EntityReq::NotEntity), m) => m.is_none(),
            (Some(EntityReq::Kinds(k)), Some(m)) => k.contains(&m.kind),
            (Some(EntityReq::Kinds(_)), None) => false,
        }
    }
}

/// One compiled node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    /// Index of the earlier node this one hangs from; `None` only for the anchor (index 0).
    pub from: Option<usize>,
    pub rel: Rel,
    /// For `>` and `<`: the label of the edge crossed (with `<`, the label the `from` word
    /// carries towards this node), so a hop up can be constrained like a hop down.
    pub edge: Option<LabelSet>,
    pub attrs: Attrs,
    pub kind: NodeKind,
}

/// A compiled pattern: nodes in dependency order, the anchor first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Id of the rule the pattern belongs to, cited in matches.
    pub id: String,
    pub nodes: Vec<Node>,
}

impl Pattern {
    /// Index of node `id`.
    pub fn node(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// The absent group rooted at node `root`: `root` and every node below it, in node order.
    pub fn group(&self, root: usize) -> Vec<usize> {
        let mut members = vec![root];
        for (j, n) in self.nodes.iter().enumerate().skip(root + 1) {
            if n.from.is_some_and(|f| members.contains(&f)) {
                members.push(j);
            }
        }
        members
    }

    /// Whether node `n` may be placed on word `b`, given the word `a` its `from` node is on.
    pub(crate) fn fits(&self, g: &SentenceGraph, n: usize, a: Option<usize>, b: usize) -> bool {
        let node = &self.nodes[n];
        if !node.attrs.accepts(g.word(b)) {
            return false;
        }
        match (&node.edge, a) {
            (Some(labels), Some(a)) => {
                let label = match node.rel {
                    Rel::Child => &g.word(b).deprel,
                    Rel::Head => &g.word(a).deprel,
                    _ => return false,
                };
                labels.contains(label)
            }
            _ => true,
        }
    }
}
