//! Event rules, cues and word sets as TOML, and their compilation into [`Pattern`]s.
//!
//! The `Raw*` structs are the written format; their doc comments are the field reference that
//! `data/rules/events/README.md` repeats (a test checks that every field named here appears
//! there). Every check that can be made on the text is made here, at load, and an error names the
//! file, the rule and the node: unknown operator, a `from` that names a later or unknown node,
//! duplicate node ids, a missing anchor, an unknown `@set`, unknown fields, a role or cue naming
//! no node, and an example whose hand parse does not fit its text.

use super::{Attrs, EntityReq, LabelSet, Node, NodeKind, Pattern, Rel, WordSet};
use crate::graph::{GraphError, SentenceGraph};
use serde::Deserialize;
use sitrep_model::{Aux, EntityKind, EventType};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;

const VOCAB: &str = include_str!("../../../../data/rules/vocab.toml");
const CUES: &str = include_str!("../../../../data/rules/cues.toml");
/// The built-in event rule files, one per PLOVER family.
const FAMILIES: &[(&str, &str)] = &[
    (
        "data/rules/events/assault.toml",
        include_str!("../../../../data/rules/events/assault.toml"),
    ),
    (
        "data/rules/events/threaten.toml",
        include_str!("../../../../data/rules/events/threaten.toml"),
    ),
    (
        "data/rules/events/request.toml",
        include_str!("../../../../data/rules/events/request.toml"),
    ),
    (
        "data/rules/events/accuse.toml",
        include_str!("../../../../data/rules/events/accuse.toml"),
    ),
    (
        "data/rules/events/agree.toml",
        include_str!("../../../../data/rules/events/agree.toml"),
    ),
    (
        "data/rules/events/consult.toml",
        include_str!("../../../../data/rules/events/consult.toml"),
    ),
    (
        "data/rules/events/protest.toml",
        include_str!("../../../../data/rules/events/protest.toml"),
    ),
    (
        "data/rules/events/coerce.toml",
        include_str!("../../../../data/rules/events/coerce.toml"),
    ),
    (
        "data/rules/events/sanction.toml",
        include_str!("../../../../data/rules/events/sanction.toml"),
    ),
    (
        "data/rules/events/aid.toml",
        include_str!("../../../../data/rules/events/aid.toml"),
    ),
    (
        "data/rules/events/reject.toml",
        include_str!("../../../../data/rules/events/reject.toml"),
    ),
    (
        "data/rules/events/mobilize.toml",
        include_str!("../../../../data/rules/events/mobilize.toml"),
    ),
    (
        "data/rules/events/retreat.toml",
        include_str!("../../../../data/rules/events/retreat.toml"),
    ),
    (
        "data/rules/events/support.toml",
        include_str!("../../../../data/rules/events/support.toml"),
    ),
    (
        "data/rules/events/concede.toml",
        include_str!("../../../../data/rules/events/concede.toml"),
    ),
    (
        "data/rules/events/cooperate.toml",
        include_str!("../../../../data/rules/events/cooperate.toml"),
    ),
];

/// PLOVER 2.0 modes of each event type (names from the ontology; `../shared/eval/ONTOLOGY.md`).
const MODES: &[(EventType, &[&str])] = &[
    (
        EventType::Consult,
        &["visit", "third-party", "multilateral", "phone"],
    ),
    (
        EventType::Retreat,
        &[
            "withdraw",
            "release",
            "disarm",
            "ceasefire",
            "access",
            "resign",
        ],
    ),
    (EventType::Request, &["assist", "change", "yield", "meet"]),
    (EventType::Accuse, &["disapprove", "investigate", "allege"]),
    (EventType::Reject, &["assist", "change", "yield", "meet"]),
    (
        EventType::Threaten,
        &[
            "restrict",
            "arrest",
            "relations",
            "expel",
            "territory",
            "violence",
        ],
    ),
    (
        EventType::Protest,
        &[
            "demo",
            "riot",
            "strike",
            "hunger",
            "boycott",
            "obstruct",
            "vandalize",
        ],
    ),
    (
        EventType::Sanction,
        &["convict", "expel", "withdraw", "discontinue"],
    ),
    (
        EventType::Mobilize,
        &["troops", "weapons", "police", "militia"],
    ),
    (
        EventType::Coerce,
        &[
            "seize",
            "restrict",
            "censor",
            "curfew",
            "martial-law",
            "arrest",
            "deport",
            "withhold",
            "misinformation",
            "cyber",
        ],
    ),
    (
        EventType::Assault,
        &[
            "abduct",
            "beat",
            "torture",
            "sexual",
            "targeted",
            "destroy",
            "primitive",
            "firearms",
            "explosives",
            "suicide-attack",
            "aerial",
            "drone",
            "heavy-weapons",
            "crowd-control",
            "unconventional",
        ],
    ),
];

/// The 37 universal dependency relations of UD v2. A label in a rule or a hand parse must have
/// one of them as its base (the part before `:`); subtypes (`nsubj:pass`, `obl:agent`) are free,
/// as treebanks add their own. Catches typos such as `nsubjpass` at load.
const UD_RELATIONS: &[&str] = &[
    "acl",
    "advcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "case",
    "cc",
    "ccomp",
    "clf",
    "compound",
    "conj",
    "cop",
    "csubj",
    "dep",
    "det",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nsubj",
    "nummod",
    "obj",
    "obl",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
];

fn is_ud_label(label: &str) -> bool {
    let base = label.split(':').next().unwrap_or(label);
    UD_RELATIONS.contains(&base)
}

/// PLOVER 2.0 contexts (any event type).
const CONTEXTS: &[&str] = &[
    "military",
    "intelligence",
    "executive",
    "legislative",
    "election",
    "political_institutions",
    "pro_democracy",
    "pro_autocracy",
    "economic",
    "legal",
    "reparations",
    "human_rights",
    "rights_freedoms",
    "repression",
    "human_security",
    "gender",
    "lgbt",
    "religion_ethnicity",
    "inequality",
    "diplomatic",
    "territory",
    "peacekeeping",
    "health",
    "asylum",
    "migration",
    "disasters",
    "natural_resource",
    "environment",
    "technology",
    "terrorism",
    "cbrn",
    "cyber",
    "misinformation",
    "crime",
    "corruption",
    "illegal_drugs",
    "trafficking",
];

// ---------------------------------------------------------------------------------------------
// Errors

/// A rule, cue or word-set file that cannot be used, naming where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub file: String,
    /// Rule or cue id, where the error is inside one.
    pub rule: Option<String>,
    /// Node id, where the error is about one node.
    pub node: Option<String>,
    pub kind: ErrorKind,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    Read(String),
    /// Not valid TOML, or a field the format does not have (the message names it).
    Toml(String),
    /// `rel` is not in the operator table.
    UnknownOperator(String),
    /// `from` names no node of the rule.
    UnknownFrom(String),
    /// `from` names this node or one written after it.
    LaterFrom(String),
    /// Below an absent node (part of its group), but marked `optional` or `absent` itself.
    FlagInAbsentGroup(String),
    DuplicateNode,
    /// The rule has no nodes.
    MissingAnchor,
    /// The first node has `from`, `rel`, `optional`, `absent` or `edge`.
    AnchorWithRelation,
    /// A later node lacks `from` or `rel`.
    MissingRelation,
    /// `optional` and `absent` together.
    OptionalAndAbsent,
    /// `edge` with an operator other than `>` or `<`.
    EdgeNeedsHop,
    UnknownSet(String),
    /// A `dep` or `edge` label whose base is no UD relation.
    UnknownLabel(String),
    UnknownEntity(String),
    UnknownType(String),
    UnknownAux(String),
    /// A mode that the rule's event type does not have.
    UnknownMode(String),
    UnknownContext(String),
    /// A role or cue names no node, or an absent one.
    UnknownRoleNode(String),
    DuplicateRule,
    EmptyDoc,
    /// Two rules of equal priority can fire on the same trigger lemma.
    PriorityTie {
        other: String,
        lemma: String,
    },
    /// A rule lacks a positive or a near-miss example.
    MissingExample(&'static str),
    /// Example `n` (1-based) is inconsistent.
    BadExample {
        n: usize,
        message: String,
    },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind::*;
        match self {
            Read(m) => write!(f, "cannot read: {m}"),
            Toml(m) => write!(f, "{}", m.trim_end()),
            UnknownOperator(s) => {
                let known: Vec<&str> = super::ops::OPS.iter().map(|(s, _, _)| *s).collect();
                write!(f, "unknown operator {s:?} (known: {})", known.join(" "))
            }
            UnknownFrom(s) => write!(f, "`from` names no node {s:?}"),
            LaterFrom(s) => write!(f, "`from` names {s:?}, which is not an earlier node"),
            FlagInAbsentGroup(s) => write!(
                f,
                "hangs from the absent node {s:?}, so it is part of that guard: drop `optional`/`absent`"
            ),
            DuplicateNode => write!(f, "duplicate node id"),
            MissingAnchor => write!(f, "no nodes: the first node is the anchor (the trigger)"),
            AnchorWithRelation => write!(
                f,
                "the first node is the anchor and takes no from/rel/edge/optional/absent"
            ),
            MissingRelation => write!(f, "every node after the anchor needs `from` and `rel`"),
            OptionalAndAbsent => write!(f, "a node cannot be both optional and absent"),
            EdgeNeedsHop => write!(f, "`edge` only goes with the operators > and <"),
            UnknownSet(s) => write!(f, "unknown word set @{s} (not in data/rules/vocab.toml)"),
            UnknownLabel(s) => write!(
                f,
                "unknown relation {s:?}: its base must be a UD relation (nsubj, obj, obl, ...)"
            ),
            UnknownEntity(s) => write!(
                f,
                "unknown entity constraint {s:?} (any, none, person, organization, country, place, group)"
            ),
            UnknownType(s) => write!(f, "unknown event type {s:?}"),
            UnknownAux(s) => write!(
                f,
                "unknown aux {s:?} (future, historical, hypothetical, negation)"
            ),
            UnknownMode(s) => write!(f, "mode {s:?} is not one of this event type's modes"),
            UnknownContext(s) => write!(f, "unknown context {s:?}"),
            UnknownRoleNode(s) => write!(f, "role names no (present) node {s:?}"),
            DuplicateRule => write!(f, "duplicate rule id"),
            EmptyDoc => write!(
                f,
                "`doc` is empty: say what the rule reads and what it skips"
            ),
            PriorityTie { other, lemma } => write!(
                f,
                "same priority as rule {other:?} on trigger lemma {lemma:?}; make one higher"
            ),
            MissingExample(which) => write!(f, "needs at least one {which} example"),
            BadExample { n, message } => write!(f, "example {n}: {message}"),
        }
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(r) = &self.rule {
            write!(f, ", rule {r:?}")?;
        }
        if let Some(n) = &self.node {
            write!(f, ", node {n:?}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for PatternError {}

/// Where the loader is, so errors can name it.
struct Ctx<'a> {
    file: &'a str,
    rule: Option<&'a str>,
    node: Option<&'a str>,
}

impl<'a> Ctx<'a> {
    fn file(file: &'a str) -> Self {
        Ctx {
            file,
            rule: None,
            node: None,
        }
    }
    fn rule<'b>(&self, rule: &'b str) -> Ctx<'b>
    where
        'a: 'b,
    {
        Ctx {
            file: self.file,
            rule: Some(rule),
            node: None,
        }
    }
    fn node<'b>(&self, node: &'b str) -> Ctx<'b>
    where
        'a: 'b,
    {
        Ctx {
            file: self.file,
            rule: self.rule,
            node: Some(node),
        }
    }
    fn err(&self, kind: ErrorKind) -> PatternError {
        PatternError {
            file: self.file.to_string(),
            rule: self.rule.map(str::to_string),
            node: self.node.map(str::to_string),
            kind,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The written format

/// One string or a list of strings; any item may be `@name`, a word set from `vocab.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn items(&self) -> &[String] {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }
}

/// `data/rules/vocab.toml`: named word sets, `[sets.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVocab {
    #[serde(default)]
    sets: BTreeMap<String, RawSet>,
}

/// One word set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    /// What the words have in common, and what is deliberately left out.
    doc: String,
    /// Lemmas, forms or labels (compared as the attribute using the set compares).
    words: Vec<String>,
}

/// Constraints on the word a node binds; all given must hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAttrs {
    /// Lemma, or list of lemmas; case-insensitive.
    #[serde(default)]
    pub lemma: Option<OneOrMany>,
    /// Word form as written; case-insensitive.
    #[serde(default)]
    pub form: Option<OneOrMany>,
    /// Universal POS tag(s), exact (`VERB`, `NOUN`, `PROPN` …).
    #[serde(default)]
    pub upos: Option<OneOrMany>,
    /// Language-specific tag(s), exact (Penn: `VBN`, `NNS` …).
    #[serde(default)]
    pub xpos: Option<OneOrMany>,
    /// Relation to its head: exact label with subtype (`nsubj` does not match `nsubj:pass`);
    /// `base:*` matches the base with any subtype or none.
    #[serde(default)]
    pub dep: Option<OneOrMany>,
    /// Morphological features: `{ Voice = "Pass" }`, each with one value or a list.
    #[serde(default)]
    pub feats: BTreeMap<String, OneOrMany>,
    /// Mention constraint through the graph's annotation: `any` (part of some mention), `none`
    /// (part of no mention), or entity kinds (`person`, `organization`, `country`, `place`,
    /// `group`).
    #[serde(default)]
    pub entity: Option<OneOrMany>,
}

/// One node of a rule's pattern. The first node is the anchor (the trigger) and has only `id`
/// and `attrs`; each later node hangs from an earlier one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    /// Name, unique in the rule; roles and cues refer to it.
    pub id: String,
    /// The earlier node this one is found from.
    #[serde(default)]
    pub from: Option<String>,
    /// Operator from the closed table (`>`, `<`, `>>`, `<<`, `.`, `;`, `.*`, `;*`, `$+`, `$-`,
    /// `$++`, `$--`, `>++`, `>--`), read as "`from` REL this node".
    #[serde(default)]
    pub rel: Option<String>,
    /// With `>` or `<` only: the label of the edge crossed. For `<` this is the relation the
    /// `from` word has to this node ("`shell` is the xcomp of this node").
    #[serde(default)]
    pub edge: Option<OneOrMany>,
    #[serde(default)]
    pub attrs: RawAttrs,
    /// Bound if a word fits, else left unbound. A required node below an optional one is
    /// required only when the optional node is bound: the two bind together or not at all
    /// ("an `obl` *that has* the case word `against`").
    #[serde(default)]
    pub optional: bool,
    /// Near-miss guard: the rule does not fire if a word fits this node. Nodes below it (with
    /// no flags of their own) belong to the guard, which is then found only if all of them
    /// bind: an absent `nmod` with a required `case` "of" below it is "no of-phrase".
    #[serde(default)]
    pub absent: bool,
}

/// Which nodes give the event's parties. Each role lists node ids; the parties are the entity
/// mentions on the bound words, their coordinated words (`conj`) and their party modifiers
/// (`amod`, `nmod:poss`, `compound`, `flat`, `of`-`nmod`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoles {
    #[serde(default)]
    pub actor: Vec<String>,
    #[serde(default)]
    pub recipient: Vec<String>,
}

/// What an example must produce.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExpect {
    /// Country or entity codes of the actors, any order.
    #[serde(default)]
    pub actor: Vec<String>,
    #[serde(default)]
    pub recipient: Vec<String>,
    /// Codes of who made the claim (from a reporting-verb cue); empty if none.
    #[serde(default)]
    pub claimant: Vec<String>,
    /// The `aux` the cues give (`negation`, `future`, `hypothetical`); none if left out.
    #[serde(default)]
    pub aux: Option<String>,
}

/// A test sentence of a rule, written by us with invented countries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub text: String,
    /// Hand parse in the notation of `SentenceGraph::from_notation`; used until the shipped
    /// parser parses `text` itself. Its forms must spell `text`.
    #[serde(default)]
    pub parse: Option<String>,
    /// `false` for a near miss: the rule must not fire.
    #[serde(default = "yes")]
    pub fires: bool,
    /// For a firing example: the parties, claimant and aux expected.
    #[serde(default)]
    pub expect: Option<RawExpect>,
}

fn yes() -> bool {
    true
}

/// Rule lifecycle: preview rules run only when asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Preview,
    Stable,
}

/// One event rule: `[[rule]]` in `data/rules/events/<family>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// `family.variant`, cited in every record the rule produces.
    pub id: String,
    /// PLOVER event type.
    #[serde(rename = "type")]
    pub event_type: String,
    /// `preview` (runs only under `--preview`) or `stable`.
    pub status: Status,
    /// Higher runs first; two rules of equal priority that share a trigger lemma are an error.
    pub priority: i32,
    /// Confidence of a record from this rule, 0 to 1.
    pub weight: f64,
    /// What the rule reads and what it deliberately skips. Required.
    pub doc: String,
    /// PLOVER modes the event gets.
    #[serde(default)]
    pub mode: Vec<String>,
    /// PLOVER contexts the event gets.
    #[serde(default)]
    pub context: Vec<String>,
    pub nodes: Vec<RawNode>,
    pub roles: RawRoles,
    /// At least one that fires and one near miss (`fires = false`).
    pub examples: Vec<RawExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRuleFile {
    #[serde(default)]
    rule: Vec<RawRule>,
}

/// An example of a cue: the cue runs with its anchor on the word `trigger`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCueExample {
    pub text: String,
    /// Hand parse, as for rule examples.
    #[serde(default)]
    pub parse: Option<String>,
    /// Form of the event's trigger word in the parse (the first word with that form).
    pub trigger: String,
    #[serde(default = "yes")]
    pub fires: bool,
}

/// A cue: `[[cue]]` in `data/rules/cues.toml`. A pattern anchored on an event's trigger that
/// sets one of its attributes: `aux` (negation, modality, conditionals) or the claimant
/// (reporting verbs). Cues run on every match of every rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCue {
    pub id: String,
    pub doc: String,
    pub nodes: Vec<RawNode>,
    /// The aux value the event gets when the cue matches.
    #[serde(default)]
    pub aux: Option<String>,
    /// The node whose parties are the claimant.
    #[serde(default)]
    pub claimant: Option<String>,
    pub examples: Vec<RawCueExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCueFile {
    #[serde(default)]
    cue: Vec<RawCue>,
}

// ---------------------------------------------------------------------------------------------
// Compiled forms

/// Named word sets, expanded into patterns at load.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    sets: HashMap<String, Vec<String>>,
}

impl Vocab {
    /// Reads a `vocab.toml`.
    pub fn parse(file: &str, text: &str) -> Result<Vocab, PatternError> {
        let ctx = Ctx::file(file);
        let raw: RawVocab =
            toml::from_str(text).map_err(|e| ctx.err(ErrorKind::Toml(e.to_string())))?;
        let mut sets = HashMap::new();
        for (name, set) in raw.sets {
            if set.doc.trim().is_empty() {
                return Err(ctx.rule(&name).err(ErrorKind::EmptyDoc));
            }
            sets.insert(name, set.words);
        }
        Ok(Vocab { sets })
    }

    /// The words of set `name`.
    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.sets.get(name).map(Vec::as_slice)
    }
}

/// What an example expects, compiled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expect {
    pub actor: Vec<String>,
    pub recipient: Vec<String>,
    pub claimant: Vec<String>,
    pub aux: Option<Aux>,
}

/// One example of a rule.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    /// The hand parse, while there is no shipped parser to make one from `text`.
    pub parse: Option<SentenceGraph>,
    pub fires: bool,
    pub expect: Expect,
}

/// One compiled event rule.
#[derive(Debug, Clone)]
pub struct EventRule {
    pub file: String,
    pub id: String,
    pub event_type: EventType,
    pub status: Status,
    pub priority: i32,
    pub weight: f64,
    pub doc: String,
    pub mode: Vec<String>,
    pub context: Vec<String>,
    pub pattern: Pattern,
    /// Node indices giving actors, in the order written.
    pub actor: Vec<usize>,
    pub recipient: Vec<usize>,
    pub examples: Vec<Example>,
}

/// One example of a cue.
#[derive(Debug, Clone)]
pub struct CueExample {
    pub text: String,
    pub parse: Option<SentenceGraph>,
    /// Form of the trigger word (the first word with that form in whichever parse is used).
    pub trigger: String,
    pub fires: bool,
}

/// One compiled cue.
#[derive(Debug, Clone)]
pub struct Cue {
    pub id: String,
    pub doc: String,
    pub pattern: Pattern,
    pub aux: Option<Aux>,
    /// Node index of the claimant.
    pub claimant: Option<usize>,
    pub examples: Vec<CueExample>,
}

/// The event rules and cues, loaded as a set apart from today's `triggers.toml`.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub vocab: Vocab,
    pub rules: Vec<EventRule>,
    pub cues: Vec<Cue>,
    index: AnchorIndex,
}

/// Rules by the lemmas their anchor accepts, so a word is tried only against rules that can
/// start on it. Each list is in running order: priority, highest first, then file order.
#[derive(Debug, Clone, Default)]
struct AnchorIndex {
    by_lemma: HashMap<String, Vec<usize>>,
    /// Rules whose anchor takes any lemma.
    any_lemma: Vec<usize>,
    /// `rules.len()` when built: a set whose rules were added or removed since is not indexed.
    built_for: usize,
}

impl RuleSet {
    /// The built-in rules, cues and word sets (embedded in the binary).
    pub fn builtin() -> Result<RuleSet, PatternError> {
        Self::load(&[])
    }

    /// The built-in set plus user event-rule files; a user rule with a built-in rule's id
    /// replaces it.
    pub fn load(extra: &[PathBuf]) -> Result<RuleSet, PatternError> {
        let vocab = Vocab::parse("data/rules/vocab.toml", VOCAB)?;
        let mut set = RuleSet {
            vocab,
            ..RuleSet::default()
        };
        set.cues = compile_cues("data/rules/cues.toml", CUES, &set.vocab)?;
        for (file, text) in FAMILIES {
            set.add_rules(file, text, false)?;
        }
        for path in extra {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path)
                .map_err(|e| Ctx::file(&name).err(ErrorKind::Read(e.to_string())))?;
            set.add_rules(&name, &text, true)?;
        }
        set.check_priorities()?;
        set.reindex();
        Ok(set)
    }

    /// The rule catalogue as Markdown: per family file, each rule's id, type, modes, status,
    /// priority and doc, then every cue; `data/rules/events/CATALOG.md` is this text (a test
    /// keeps it current).
    pub fn catalog(&self) -> String {
        let mut out = String::from(
            "# Event rule catalogue\n\nGenerated from the rule files by `RuleSet::catalog` \
             (`SITREP_BLESS=1 cargo test -p sitrep-extract catalog` rewrites it); do not edit.\n",
        );
        let mut file = "";
        for r in &self.rules {
            if r.file != file {
                file = &r.file;
                out.push_str(&format!("\n## `{file}`\n"));
            }
            let mode = if r.mode.is_empty() {
                String::new()
            } else {
                format!(" ({})", r.mode.join(", "))
            };
            let examples = r.examples.iter().filter(|e| e.fires).count();
            out.push_str(&format!(
                "\n### `{}`: {}{mode}\n\n{:?}, priority {}, weight {}; examples: {} firing, {} near misses.\n\n{}\n",
                r.id,
                r.event_type,
                r.status,
                r.priority,
                r.weight,
                examples,
                r.examples.len() - examples,
                r.doc.trim()
            ));
        }
        out.push_str("\n## Cues (`data/rules/cues.toml`)\n");
        for c in &self.cues {
            let sets = match (&c.aux, c.claimant) {
                (Some(a), _) => format!("aux {a:?}"),
                (None, Some(_)) => "claimant".to_string(),
                (None, None) => "nothing".to_string(),
            };
            out.push_str(&format!(
                "\n### `{}`: sets {sets}\n\n{}\n",
                c.id,
                c.doc.trim()
            ));
        }
        out
    }

    /// A set from compiled parts (tests, tools that pick rules), indexed.
    pub fn from_parts(vocab: Vocab, rules: Vec<EventRule>, cues: Vec<Cue>) -> RuleSet {
        let mut set = RuleSet {
            vocab,
            rules,
            cues,
            index: AnchorIndex::default(),
        };
        set.reindex();
        set
    }

    /// Rebuilds the anchor index (after rules are added or removed by hand).
    pub fn reindex(&mut self) {
        let mut order: Vec<usize> = (0..self.rules.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(self.rules[i].priority), i));
        let mut index = AnchorIndex {
            built_for: self.rules.len(),
            ..AnchorIndex::default()
        };
        for i in order {
            match &self.rules[i].pattern.nodes[0].attrs.lemma {
                Some(set) => {
                    for lemma in &set.0 {
                        index.by_lemma.entry(lemma.clone()).or_default().push(i);
                    }
                }
                None => index.any_lemma.push(i),
            }
        }
        self.index = index;
    }

    /// Indices of the rules that may start on a word with `lemma`, in running order (priority,
    /// highest first, then file order).
    pub fn rules_for(&self, lemma: &str) -> Vec<usize> {
        if self.index.built_for != self.rules.len() {
            let mut all: Vec<usize> = (0..self.rules.len()).collect();
            all.sort_by_key(|&i| (std::cmp::Reverse(self.rules[i].priority), i));
            return all;
        }
        let lower;
        let key = if lemma.chars().any(char::is_uppercase) {
            lower = lemma.to_lowercase();
            lower.as_str()
        } else {
            lemma
        };
        let listed = self.index.by_lemma.get(key).map_or(&[][..], Vec::as_slice);
        if self.index.any_lemma.is_empty() {
            return listed.to_vec();
        }
        let mut out: Vec<usize> = listed
            .iter()
            .chain(&self.index.any_lemma)
            .copied()
            .collect();
        out.sort_by_key(|&i| (std::cmp::Reverse(self.rules[i].priority), i));
        out
    }

    /// Adds one file of `[[rule]]`s; `replace` lets its ids replace earlier ones.
    pub fn add_rules(&mut self, file: &str, text: &str, replace: bool) -> Result<(), PatternError> {
        for rule in compile_rules(file, text, &self.vocab)? {
            match self.rules.iter().position(|r| r.id == rule.id) {
                Some(i) if replace => self.rules[i] = rule,
                Some(_) => {
                    return Err(Ctx::file(file).rule(&rule.id).err(ErrorKind::DuplicateRule));
                }
                None => self.rules.push(rule),
            }
        }
        Ok(())
    }

    /// Rejects two rules of equal priority whose anchors accept a common lemma with a common
    /// UPOS (a rule without a UPOS constraint shares every UPOS).
    fn check_priorities(&self) -> Result<(), PatternError> {
        for (i, a) in self.rules.iter().enumerate() {
            for b in &self.rules[i + 1..] {
                if a.priority != b.priority {
                    continue;
                }
                let (Some(la), Some(lb)) = (
                    a.pattern.nodes[0].attrs.lemma.as_ref(),
                    b.pattern.nodes[0].attrs.lemma.as_ref(),
                ) else {
                    continue;
                };
                let (ua, ub) = (
                    &a.pattern.nodes[0].attrs.upos,
                    &b.pattern.nodes[0].attrs.upos,
                );
                if let (Some(ua), Some(ub)) = (ua, ub)
                    && ua.is_disjoint(ub)
                {
                    continue;
                }
                let mut common: Vec<&String> = la.0.intersection(&lb.0).collect();
                common.sort();
                if let Some(lemma) = common.first() {
                    return Err(Ctx::file(&b.file).rule(&b.id).err(ErrorKind::PriorityTie {
                        other: a.id.clone(),
                        lemma: (*lemma).clone(),
                    }));
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Compilation

fn expand(ctx: &Ctx<'_>, vocab: &Vocab, v: &OneOrMany) -> Result<Vec<String>, PatternError> {
    let mut out = Vec::new();
    for item in v.items() {
        match item.strip_prefix('@') {
            Some(name) => match vocab.get(name) {
                Some(words) => out.extend(words.iter().cloned()),
                None => return Err(ctx.err(ErrorKind::UnknownSet(name.to_string()))),
            },
            None => out.push(item.clone()),
        }
    }
    Ok(out)
}

fn word_set(ctx: &Ctx<'_>, vocab: &Vocab, v: &OneOrMany) -> Result<WordSet, PatternError> {
    Ok(WordSet(
        expand(ctx, vocab, v)?
            .into_iter()
            .map(|s| s.to_lowercase())
            .collect(),
    ))
}

fn tag_set(ctx: &Ctx<'_>, vocab: &Vocab, v: &OneOrMany) -> Result<HashSet<String>, PatternError> {
    Ok(expand(ctx, vocab, v)?.into_iter().collect())
}

fn label_set(ctx: &Ctx<'_>, vocab: &Vocab, v: &OneOrMany) -> Result<LabelSet, PatternError> {
    let mut set = LabelSet::default();
    for l in expand(ctx, vocab, v)? {
        if !is_ud_label(&l) {
            return Err(ctx.err(ErrorKind::UnknownLabel(l)));
        }
        match l.strip_suffix(":*") {
            Some(base) => set.any_subtype.insert(base.to_string()),
            None => set.exact.insert(l),
        };
    }
    Ok(set)
}

fn entity_req(ctx: &Ctx<'_>, v: &OneOrMany) -> Result<EntityReq, PatternError> {
    let mut kinds = Vec::new();
    for item in v.items() {
        let kind = match item.as_str() {
            "any" => return Ok(EntityReq::Any),
            "none" => return Ok(EntityReq::NotEntity),
            "person" => EntityKind::Person,
            "organization" => EntityKind::Organization,
            "country" => EntityKind::Country,
            "place" => EntityKind::Place,
            "group" => EntityKind::Group,
            other => return Err(ctx.err(ErrorKind::UnknownEntity(other.to_string()))),
        };
        kinds.push(kind);
    }
    Ok(EntityReq::Kinds(kinds))
}

fn compile_attrs(ctx: &Ctx<'_>, vocab: &Vocab, raw: &RawAttrs) -> Result<Attrs, PatternError> {
    let mut feats = Vec::new();
    for (name, values) in &raw.feats {
        feats.push((name.clone(), expand(ctx, vocab, values)?));
    }
    Ok(Attrs {
        lemma: raw
            .lemma
            .as_ref()
            .map(|v| word_set(ctx, vocab, v))
            .transpose()?,
        form: raw
            .form
            .as_ref()
            .map(|v| word_set(ctx, vocab, v))
            .transpose()?,
        upos: raw
            .upos
            .as_ref()
            .map(|v| tag_set(ctx, vocab, v))
            .transpose()?,
        xpos: raw
            .xpos
            .as_ref()
            .map(|v| tag_set(ctx, vocab, v))
            .transpose()?,
        dep: raw
            .dep
            .as_ref()
            .map(|v| label_set(ctx, vocab, v))
            .transpose()?,
        feats,
        entity: raw
            .entity
            .as_ref()
            .map(|v| entity_req(ctx, v))
            .transpose()?,
    })
}

/// Compiles one rule's nodes, checking the tree.
fn compile_nodes(
    ctx: &Ctx<'_>,
    id: &str,
    vocab: &Vocab,
    raw: &[RawNode],
) -> Result<Pattern, PatternError> {
    let Some(first) = raw.first() else {
        return Err(ctx.err(ErrorKind::MissingAnchor));
    };
    let mut nodes: Vec<Node> = Vec::with_capacity(raw.len());
    for (i, r) in raw.iter().enumerate() {
        let nctx = ctx.node(&r.id);
        if nodes.iter().any(|n| n.id == r.id) {
            return Err(nctx.err(ErrorKind::DuplicateNode));
        }
        if r.optional && r.absent {
            return Err(nctx.err(ErrorKind::OptionalAndAbsent));
        }
        let attrs = compile_attrs(&nctx, vocab, &r.attrs)?;
        if i == 0 {
            if r.from.is_some() || r.rel.is_some() || r.edge.is_some() || r.optional || r.absent {
                return Err(nctx.err(ErrorKind::AnchorWithRelation));
            }
            nodes.push(Node {
                id: first.id.clone(),
                from: None,
                rel: Rel::Anchor,
                edge: None,
                attrs,
                kind: NodeKind::Required,
            });
            continue;
        }
        let (Some(from), Some(rel)) = (&r.from, &r.rel) else {
            return Err(nctx.err(ErrorKind::MissingRelation));
        };
        let rel =
            Rel::parse(rel).ok_or_else(|| nctx.err(ErrorKind::UnknownOperator(rel.clone())))?;
        let from_idx = match nodes.iter().position(|n| &n.id == from) {
            Some(f) => f,
            None if raw.iter().any(|n| &n.id == from) => {
                return Err(nctx.err(ErrorKind::LaterFrom(from.clone())));
            }
            None => return Err(nctx.err(ErrorKind::UnknownFrom(from.clone()))),
        };
        let kind = if r.absent {
            NodeKind::Absent
        } else if r.optional {
            NodeKind::Optional
        } else {
            NodeKind::Required
        };
        let kind = if nodes[from_idx].kind == NodeKind::Absent {
            if r.optional || r.absent {
                return Err(nctx.err(ErrorKind::FlagInAbsentGroup(from.clone())));
            }
            NodeKind::Absent
        } else {
            kind
        };
        let edge = match &r.edge {
            Some(e) if matches!(rel, Rel::Child | Rel::Head) => Some(label_set(&nctx, vocab, e)?),
            Some(_) => return Err(nctx.err(ErrorKind::EdgeNeedsHop)),
            None => None,
        };
        nodes.push(Node {
            id: r.id.clone(),
            from: Some(from_idx),
            rel,
            edge,
            attrs,
            kind,
        });
    }
    Ok(Pattern {
        id: id.to_string(),
        nodes,
    })
}

/// A pattern from a TOML text holding only `nodes = [...]`, with no word sets: for tests.
#[cfg(test)]
pub(crate) fn compile_pattern_str(id: &str, text: &str) -> Result<Pattern, PatternError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct OnlyNodes {
        nodes: Vec<RawNode>,
    }
    let ctx = Ctx::file("<test>");
    let raw: OnlyNodes =
        toml::from_str(text).map_err(|e| ctx.err(ErrorKind::Toml(e.to_string())))?;
    compile_nodes(&ctx.rule(id), id, &Vocab::default(), &raw.nodes)
}

fn role_nodes(ctx: &Ctx<'_>, p: &Pattern, ids: &[String]) -> Result<Vec<usize>, PatternError> {
    ids.iter()
        .map(|id| match p.node(id) {
            Some(i) if p.nodes[i].kind != NodeKind::Absent => Ok(i),
            _ => Err(ctx.err(ErrorKind::UnknownRoleNode(id.clone()))),
        })
        .collect()
}

/// Checks that the hand parse spells the text (spaces aside), so the two cannot drift apart.
fn check_parse(text: &str, parse: &str) -> Result<SentenceGraph, String> {
    let mut g = SentenceGraph::from_notation(parse).map_err(|e: GraphError| e.to_string())?;
    if let Some(w) = g.words().iter().find(|w| !is_ud_label(&w.deprel)) {
        return Err(format!(
            "word {:?} has relation {:?}, whose base is no UD relation",
            w.form, w.deprel
        ));
    }
    // Spans let resolvers (dates, places) read the text under a node, as they will on real
    // parses; a parse whose words do not spell the text is caught just below.
    g.align_spans(text);
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let forms: String = g.words().iter().map(|w| squeeze(&w.form)).collect();
    if forms != squeeze(text) {
        return Err(format!(
            "the parse's words spell {forms:?}, not the text {:?}",
            squeeze(text)
        ));
    }
    Ok(g)
}

fn parse_aux(ctx: &Ctx<'_>, s: &str) -> Result<Aux, PatternError> {
    s.parse()
        .map_err(|_| ctx.err(ErrorKind::UnknownAux(s.to_string())))
}

fn compile_rules(file: &str, text: &str, vocab: &Vocab) -> Result<Vec<EventRule>, PatternError> {
    let fctx = Ctx::file(file);
    let raw: RawRuleFile =
        toml::from_str(text).map_err(|e| fctx.err(ErrorKind::Toml(e.to_string())))?;
    let mut out: Vec<EventRule> = Vec::new();
    for r in &raw.rule {
        let ctx = fctx.rule(&r.id);
        if out.iter().any(|o| o.id == r.id) {
            return Err(ctx.err(ErrorKind::DuplicateRule));
        }
        if r.doc.trim().is_empty() {
            return Err(ctx.err(ErrorKind::EmptyDoc));
        }
        let event_type: EventType = r
            .event_type
            .parse()
            .map_err(|_| ctx.err(ErrorKind::UnknownType(r.event_type.clone())))?;
        let modes = MODES
            .iter()
            .find(|(t, _)| *t == event_type)
            .map_or(&[][..], |(_, m)| *m);
        if let Some(m) = r.mode.iter().find(|m| !modes.contains(&m.as_str())) {
            return Err(ctx.err(ErrorKind::UnknownMode(m.clone())));
        }
        if let Some(c) = r.context.iter().find(|c| !CONTEXTS.contains(&c.as_str())) {
            return Err(ctx.err(ErrorKind::UnknownContext(c.clone())));
        }
        let pattern = compile_nodes(&ctx, &r.id, vocab, &r.nodes)?;
        let actor = role_nodes(&ctx, &pattern, &r.roles.actor)?;
        let recipient = role_nodes(&ctx, &pattern, &r.roles.recipient)?;
        let mut examples = Vec::new();
        for (n, e) in r.examples.iter().enumerate() {
            let bad = |message: String| ctx.err(ErrorKind::BadExample { n: n + 1, message });
            if !e.fires && e.expect.is_some() {
                return Err(bad("a near miss (fires = false) expects nothing".into()));
            }
            let parse = e
                .parse
                .as_deref()
                .map(|p| check_parse(&e.text, p))
                .transpose()
                .map_err(bad)?;
            let expect = match &e.expect {
                Some(x) => Expect {
                    actor: x.actor.clone(),
                    recipient: x.recipient.clone(),
                    claimant: x.claimant.clone(),
                    aux: x.aux.as_deref().map(|a| parse_aux(&ctx, a)).transpose()?,
                },
                None => Expect::default(),
            };
            examples.push(Example {
                text: e.text.clone(),
                parse,
                fires: e.fires,
                expect,
            });
        }
        if !examples.iter().any(|e| e.fires) {
            return Err(ctx.err(ErrorKind::MissingExample("firing")));
        }
        if !examples.iter().any(|e| !e.fires) {
            return Err(ctx.err(ErrorKind::MissingExample("near-miss (fires = false)")));
        }
        out.push(EventRule {
            file: file.to_string(),
            id: r.id.clone(),
            event_type,
            status: r.status,
            priority: r.priority,
            weight: r.weight,
            doc: r.doc.clone(),
            mode: r.mode.clone(),
            context: r.context.clone(),
            pattern,
            actor,
            recipient,
            examples,
        });
    }
    Ok(out)
}

fn compile_cues(file: &str, text: &str, vocab: &Vocab) -> Result<Vec<Cue>, PatternError> {
    let fctx = Ctx::file(file);
    let raw: RawCueFile =
        toml::from_str(text).map_err(|e| fctx.err(ErrorKind::Toml(e.to_string())))?;
    let mut out: Vec<Cue> = Vec::new();
    for c in &raw.cue {
        let ctx = fctx.rule(&c.id);
        if out.iter().any(|o| o.id == c.id) {
            return Err(ctx.err(ErrorKind::DuplicateRule));
        }
        if c.doc.trim().is_empty() {
            return Err(ctx.err(ErrorKind::EmptyDoc));
        }
        let pattern = compile_nodes(&ctx, &c.id, vocab, &c.nodes)?;
        let aux = c.aux.as_deref().map(|a| parse_aux(&ctx, a)).transpose()?;
        let claimant = match &c.claimant {
            Some(id) => Some(role_nodes(&ctx, &pattern, std::slice::from_ref(id))?[0]),
            None => None,
        };
        let mut examples = Vec::new();
        for (n, e) in c.examples.iter().enumerate() {
            let bad = |message: String| ctx.err(ErrorKind::BadExample { n: n + 1, message });
            let parse = e
                .parse
                .as_deref()
                .map(|p| check_parse(&e.text, p))
                .transpose()
                .map_err(bad)?;
            if let Some(g) = &parse
                && !g.words().iter().any(|w| w.form == e.trigger)
            {
                return Err(bad(format!("no word {:?} in the parse", e.trigger)));
            }
            examples.push(CueExample {
                text: e.text.clone(),
                parse,
                trigger: e.trigger.clone(),
                fires: e.fires,
            });
        }
        if !examples.iter().any(|e| e.fires) {
            return Err(ctx.err(ErrorKind::MissingExample("firing")));
        }
        if !examples.iter().any(|e| !e.fires) {
            return Err(ctx.err(ErrorKind::MissingExample("near-miss (fires = false)")));
        }
        out.push(Cue {
            id: c.id.clone(),
            doc: c.doc.clone(),
            pattern,
            aux,
            claimant,
            examples,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VOCAB_TEXT: &str = r#"
[sets.bombard_verbs]
doc = "test"
words = ["shell", "bomb"]
"#;

    /// A valid rule with `nodes` swapped in.
    fn rule_with(nodes: &str) -> String {
        format!(
            r#"[[rule]]
id = "assault.test"
type = "ASSAULT"
status = "preview"
priority = 50
weight = 0.7
doc = "test rule"
nodes = {nodes}
roles = {{ actor = ["actor"] }}
examples = [
  {{ text = "Sudria shelled Norland", parse = "Sudria/PROPN/2:nsubj#SUD shelled=shell/VERB/0:root Norland/PROPN/2:obj#NRL", expect = {{ actor = ["SUD"] }} }},
  {{ text = "Sudria slept", parse = "Sudria/PROPN/2:nsubj#SUD slept=sleep/VERB/0:root", fires = false }},
]
"#
        )
    }

    const GOOD_NODES: &str = r#"[
  { id = "trigger", attrs = { lemma = "@bombard_verbs" } },
  { id = "actor", from = "trigger", rel = ">", attrs = { dep = "nsubj" } },
]"#;

    fn load(text: &str) -> Result<Vec<EventRule>, PatternError> {
        let vocab = Vocab::parse("vocab.toml", VOCAB_TEXT)?;
        compile_rules("family.toml", text, &vocab)
    }

    fn kind_of(text: &str) -> (ErrorKind, Option<String>) {
        match load(text) {
            Ok(_) => panic!("expected an error"),
            Err(e) => {
                assert_eq!(e.file, "family.toml");
                (e.kind, e.node)
            }
        }
    }

    #[test]
    fn good_rule_loads_and_expands_sets() {
        let rules = load(&rule_with(GOOD_NODES)).expect("valid");
        let lemma = rules[0].pattern.nodes[0].attrs.lemma.as_ref().expect("set");
        assert!(lemma.contains("bomb") && lemma.contains("Shell"));
        assert_eq!(rules[0].actor, vec![1]);
        assert!(rules[0].examples[0].parse.is_some());
    }

    #[test]
    fn unknown_operator_names_rule_and_node() {
        let e = load(&rule_with(
            r#"[{ id = "trigger" }, { id = "actor", from = "trigger", rel = "=>" }]"#,
        ))
        .expect_err("bad operator");
        assert_eq!(e.kind, ErrorKind::UnknownOperator("=>".into()));
        let msg = e.to_string();
        assert!(
            msg.contains("family.toml")
                && msg.contains("assault.test")
                && msg.contains("\"actor\"")
                && msg.contains("\"=>\""),
            "{msg}"
        );
    }

    #[test]
    fn from_must_name_an_earlier_node() {
        let (k, node) = kind_of(&rule_with(
            r#"[{ id = "trigger" }, { id = "x", from = "actor", rel = ">" }, { id = "actor", from = "trigger", rel = ">" }]"#,
        ));
        assert_eq!(k, ErrorKind::LaterFrom("actor".into()));
        assert_eq!(node.as_deref(), Some("x"));
        let (k, _) = kind_of(&rule_with(
            r#"[{ id = "trigger" }, { id = "actor", from = "nobody", rel = ">" }]"#,
        ));
        assert_eq!(k, ErrorKind::UnknownFrom("nobody".into()));
        let (k, _) = kind_of(&rule_with(
            r#"[{ id = "trigger" }, { id = "actor", from = "actor", rel = ">" }]"#,
        ));
        assert_eq!(k, ErrorKind::LaterFrom("actor".into()));
    }

    #[test]
    fn duplicate_node_ids() {
        let (k, node) = kind_of(&rule_with(
            r#"[{ id = "trigger" }, { id = "actor", from = "trigger", rel = ">" }, { id = "actor", from = "trigger", rel = "<" }]"#,
        ));
        assert_eq!(k, ErrorKind::DuplicateNode);
        assert_eq!(node.as_deref(), Some("actor"));
    }

    #[test]
    fn missing_anchor_and_anchor_with_relation() {
        assert_eq!(kind_of(&rule_with("[]")).0, ErrorKind::MissingAnchor);
        assert_eq!(
            kind_of(&rule_with(r#"[{ id = "trigger", from = "x", rel = ">" }]"#)).0,
            ErrorKind::AnchorWithRelation
        );
        assert_eq!(
            kind_of(&rule_with(r#"[{ id = "trigger" }, { id = "actor" }]"#)).0,
            ErrorKind::MissingRelation
        );
    }

    #[test]
    fn unknown_set() {
        let (k, node) = kind_of(&rule_with(
            r#"[{ id = "trigger", attrs = { lemma = "@bombing_verbs" } }, { id = "actor", from = "trigger", rel = ">" }]"#,
        ));
        assert_eq!(k, ErrorKind::UnknownSet("bombing_verbs".into()));
        assert_eq!(node.as_deref(), Some("trigger"));
    }

    #[test]
    fn labels_must_be_ud_relations() {
        let (k, node) = kind_of(&rule_with(
            r#"[{ id = "trigger" }, { id = "actor", from = "trigger", rel = ">", attrs = { dep = "nsubjpass" } }]"#,
        ));
        assert_eq!(k, ErrorKind::UnknownLabel("nsubjpass".into()));
        assert_eq!(node.as_deref(), Some("actor"));
        let (k, _) = kind_of(&rule_with(
            r#"[{ id = "trigger" }, { id = "actor", from = "trigger", rel = "<", edge = "xcmop" }]"#,
        ));
        assert_eq!(k, ErrorKind::UnknownLabel("xcmop".into()));
        // Subtypes and the any-subtype form are fine.
        assert!(load(&rule_with(
            r#"[{ id = "trigger" }, { id = "actor", from = "trigger", rel = ">", attrs = { dep = ["nsubj:outer", "obl:*"] } }]"#
        ))
        .is_ok());
        match kind_of(&rule_with(GOOD_NODES).replace("2:obj#NRL", "2:object#NRL")).0 {
            ErrorKind::BadExample { n: 1, message } => {
                assert!(message.contains("object"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_fields_are_errors() {
        // A misspelt attribute, node field and rule field.
        for text in [
            rule_with(
                r#"[{ id = "trigger", attrs = { lemmas = "shell" } }, { id = "actor", from = "trigger", rel = ">" }]"#,
            ),
            rule_with(
                r#"[{ id = "trigger" }, { id = "actor", from = "trigger", rel = ">", optinal = true }]"#,
            ),
            rule_with(GOOD_NODES).replace("weight = 0.7", "weight = 0.7\nwieght = 1"),
        ] {
            match kind_of(&text).0 {
                ErrorKind::Toml(m) => assert!(m.contains("unknown field"), "{m}"),
                other => panic!("expected a TOML error, got {other:?}"),
            }
        }
    }

    #[test]
    fn structural_rules_for_optional_absent_and_edges() {
        let (k, _) = kind_of(&rule_with(
            r#"[{ id = "trigger" }, { id = "actor", from = "trigger", rel = ">" }, { id = "a", from = "trigger", rel = ">", absent = true }, { id = "p", from = "a", rel = ">", absent = true }]"#,
        ));
        assert_eq!(k, ErrorKind::FlagInAbsentGroup("a".into()));
        let (k, _) = kind_of(&rule_with(
            r#"[{ id = "trigger" }, { id = "actor", from = "trigger", rel = ">>", edge = "xcomp" }]"#,
        ));
        assert_eq!(k, ErrorKind::EdgeNeedsHop);
        let (k, _) = kind_of(&rule_with(
            r#"[{ id = "trigger" }, { id = "actor", from = "trigger", rel = ">", optional = true, absent = true }]"#,
        ));
        assert_eq!(k, ErrorKind::OptionalAndAbsent);
        let (k, _) = kind_of(&rule_with(
            r#"[{ id = "trigger" }, { id = "actor", from = "trigger", rel = ">", attrs = { entity = "alien" } }]"#,
        ));
        assert_eq!(k, ErrorKind::UnknownEntity("alien".into()));
    }

    #[test]
    fn roles_must_name_present_nodes() {
        let (k, _) = kind_of(&rule_with(
            r#"[{ id = "trigger" }, { id = "actr", from = "trigger", rel = ">" }]"#,
        ));
        assert_eq!(k, ErrorKind::UnknownRoleNode("actor".into()));
    }

    #[test]
    fn rule_level_checks() {
        let text = rule_with(GOOD_NODES);
        assert_eq!(
            kind_of(&text.replace("ASSAULT", "ATTACK")).0,
            ErrorKind::UnknownType("ATTACK".into())
        );
        assert_eq!(
            kind_of(&text.replace("doc = \"test rule\"", "doc = \" \"")).0,
            ErrorKind::EmptyDoc
        );
        assert_eq!(
            kind_of(&text.replace("weight = 0.7", "weight = 0.7\nmode = [\"visit\"]")).0,
            ErrorKind::UnknownMode("visit".into())
        );
        assert_eq!(
            kind_of(&text.replace("weight = 0.7", "weight = 0.7\ncontext = [\"warfare\"]")).0,
            ErrorKind::UnknownContext("warfare".into())
        );
        assert!(
            load(&text.replace(
                "weight = 0.7",
                "weight = 0.7\nmode = [\"drone\"]\ncontext = [\"military\"]"
            ))
            .is_ok()
        );
        assert_eq!(
            kind_of(&format!("{text}\n{text}")).0,
            ErrorKind::DuplicateRule
        );
        assert_eq!(
            kind_of(&text.replace(", fires = false", "")).0,
            ErrorKind::MissingExample("near-miss (fires = false)")
        );
        match kind_of(&text.replace("Sudria shelled Norland\"", "Sudria bombed Norland\"")).0 {
            ErrorKind::BadExample { n: 1, message } => {
                assert!(message.contains("spell"), "{message}")
            }
            other => panic!("{other:?}"),
        }
        match kind_of(&text.replace(
            "fires = false",
            "fires = false, expect = { actor = [\"SUD\"] }",
        ))
        .0
        {
            ErrorKind::BadExample { n: 2, .. } => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn equal_priority_on_a_shared_lemma_is_an_error() {
        let vocab = Vocab::parse("vocab.toml", VOCAB_TEXT).expect("vocab");
        let mut set = RuleSet {
            vocab,
            ..RuleSet::default()
        };
        set.add_rules("a.toml", &rule_with(GOOD_NODES), false)
            .expect("first");
        let other = rule_with(
            r#"[{ id = "trigger", attrs = { lemma = "bomb" } }, { id = "actor", from = "trigger", rel = ">" }]"#,
        )
        .replace("assault.test", "assault.other");
        set.add_rules("b.toml", &other, false).expect("second");
        let e = set.check_priorities().expect_err("tie");
        assert_eq!(e.file, "b.toml");
        assert_eq!(
            e.kind,
            ErrorKind::PriorityTie {
                other: "assault.test".into(),
                lemma: "bomb".into()
            }
        );
        // The same id again from a user file replaces instead.
        set.add_rules(
            "user.toml",
            &other.replace("priority = 50", "priority = 60"),
            true,
        )
        .expect("replace");
        assert_eq!(set.rules.len(), 2);
        assert!(set.check_priorities().is_ok());
    }

    #[test]
    fn user_files_load_and_their_errors_name_the_path() {
        let dir = std::env::temp_dir().join(format!("sitrep-pattern-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let good = dir.join("user.toml");
        // A user rule replaces the built-in rule of the same id.
        let text = rule_with(
            r#"[{ id = "trigger", attrs = { lemma = "shell" } }, { id = "actor", from = "trigger", rel = ">", attrs = { dep = "nsubj" } }]"#,
        )
        .replace("assault.test", "assault.verb")
        .replace("priority = 50", "priority = 51");
        std::fs::write(&good, text).expect("write");
        let set = match RuleSet::load(std::slice::from_ref(&good)) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        let builtin = RuleSet::builtin().expect("builtin");
        assert_eq!(set.rules.len(), builtin.rules.len());
        let replaced = set
            .rules
            .iter()
            .find(|r| r.id == "assault.verb")
            .expect("rule");
        assert_eq!(replaced.priority, 51);
        let bad = dir.join("bad.toml");
        std::fs::write(
            &bad,
            rule_with(GOOD_NODES).replace("\"@bombard_verbs\"", "\"@nope\""),
        )
        .expect("write");
        let e = RuleSet::load(std::slice::from_ref(&bad)).expect_err("unknown set");
        assert_eq!(e.file, bad.display().to_string());
        assert_eq!(e.kind, ErrorKind::UnknownSet("nope".into()));
        let missing = dir.join("missing.toml");
        let e = RuleSet::load(&[missing]).expect_err("no file");
        assert!(matches!(e.kind, ErrorKind::Read(_)));
        std::fs::remove_dir_all(&dir).ok();
    }

    /// `CATALOG.md` is generated; a rule changed without regenerating it fails here.
    #[test]
    fn catalog_is_current() {
        let set = RuleSet::builtin().expect("builtin");
        let fresh = set.catalog();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/rules/events/CATALOG.md"
        );
        if std::env::var_os("SITREP_BLESS").is_some() {
            std::fs::write(path, &fresh).expect("write CATALOG.md");
        }
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == fresh,
            "data/rules/events/CATALOG.md is stale: run SITREP_BLESS=1 cargo test -p sitrep-extract catalog"
        );
    }

    #[test]
    fn builtin_rules_load() {
        let set = match RuleSet::builtin() {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert!(!set.cues.is_empty());
        for t in EventType::ALL {
            assert!(
                set.rules.iter().any(|r| r.event_type == t),
                "no event rule codes {t}"
            );
        }
    }

    /// The README is the field reference: every field of every `Raw*` struct, and every
    /// operator, must appear in it, so a field added here and not documented fails.
    #[test]
    fn readme_documents_every_field_and_operator() {
        let readme = include_str!("../../../../data/rules/events/README.md");
        let source = include_str!("load.rs");
        let mut in_raw = false;
        let mut rename: Option<String> = None;
        let mut missing = Vec::new();
        let mut seen = 0;
        for line in source.lines() {
            let t = line.trim();
            if (t.starts_with("struct Raw") || t.starts_with("pub struct Raw")) && t.ends_with('{')
            {
                in_raw = true;
                continue;
            }
            if !in_raw {
                continue;
            }
            if t == "}" {
                in_raw = false;
                continue;
            }
            if let Some(r) = t.strip_prefix("#[serde(rename = \"") {
                rename = r.split('"').next().map(str::to_string);
                continue;
            }
            let t = t.strip_prefix("pub ").unwrap_or(t);
            if let Some((name, _)) = t.split_once(':')
                && !name.contains(' ')
                && !name.starts_with('/')
                && !name.starts_with('#')
            {
                let name = rename.take().unwrap_or_else(|| name.to_string());
                seen += 1;
                if !readme.contains(&format!("`{name}`")) {
                    missing.push(name);
                }
            }
        }
        assert!(seen > 30, "found only {seen} fields: the scan is broken");
        for (sym, _, _) in super::super::ops::OPS {
            if !readme.contains(&format!("| `{sym}` |")) {
                missing.push(format!("operator {sym}"));
            }
        }
        assert!(missing.is_empty(), "README lacks {missing:?}");
    }
}
