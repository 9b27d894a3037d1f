//! From a rule's [`Match`] to a coded event: parties from role nodes, `aux` and claimant from cues.
//!
//! This is the only code between the pattern engine and an event candidate, and it makes no
//! choice a rule could make: which nodes are actor and recipient is written in the rule; this
//! module only turns a bound word into parties and applies the cues. Not yet wired into the
//! pipeline (today's `events.rs` still codes events); the rule examples run through it.
//!
//! Parties of a bound word, in this order, each mention once:
//! 1. the word itself, if it is part of a mention;
//! 2. otherwise the parties of its apposition ("Sudria's ally, Ostmark," is Ostmark alone), and
//!    failing that those of its *party modifiers*, [`PARTY_MODIFIERS`] ("Sudrian troops",
//!    "Norland's army", "the government of Norland", "thousands of Norlandic students"), at most
//!    two hops down, so that the head noun of a phrase can be the node;
//! 3. and the same for every word coordinated with it through `conj`, recursively ("Norland and
//!    Sudria", "Norland, Sudria and Ostmark"): coordination is not a separate match.
//!
//! `aux` comes from the cues in `data/rules/cues.toml`, each run with its anchor on the match's
//! anchor. When several match, negation wins (a denied attack is not an attack), then
//! hypothetical (an "if" clause is conditional whatever its tense), then future, then
//! historical. The claimant is the parties of the first claimant cue that matches (reporting
//! verbs: "Norland said Sudria shelled its towns" — Norland claims, it is not the actor).

use crate::events::Candidate;
use crate::graph::{MentionTag, SentenceGraph};
use crate::pattern::load::{Cue, EventRule, RuleSet, Status};
use crate::pattern::{Match, MatchStats, Matcher};
use sitrep_model::{Aux, Claimant, Party};

/// Dependents that name the party of the word they modify.
pub const PARTY_MODIFIERS: &[&str] = &["amod", "nmod:poss", "compound", "flat"];

/// One party: the word its mention was found on and the mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyRef {
    pub word: usize,
    pub mention: MentionTag,
}

impl PartyRef {
    /// The code examples compare: the country, else the entity id, else `?`.
    pub fn code(&self) -> &str {
        self.mention
            .country
            .as_deref()
            .or(self.mention.entity.as_deref())
            .unwrap_or("?")
    }
}

/// An event as a rule and its cues read it off one sentence.
#[derive(Debug, Clone)]
pub struct Coded<'r> {
    pub rule: &'r EventRule,
    /// The trigger word.
    pub anchor: usize,
    pub actors: Vec<PartyRef>,
    pub recipients: Vec<PartyRef>,
    pub claimants: Vec<PartyRef>,
    pub aux: Option<Aux>,
    /// Ids of the cues that matched, for the trace.
    pub cues: Vec<&'r str>,
    /// Every bound node of the match: node id and word, for the trace.
    pub nodes: Vec<(&'r str, usize)>,
}

impl Coded<'_> {
    /// One line saying why the event was coded: rule, bound nodes, cues. E.g.
    /// `assault.verb ASSAULT: trigger=shelled actor=Sudria target=Norland; cues: claim.reported`.
    pub fn trace(&self, g: &SentenceGraph) -> String {
        let nodes: Vec<String> = self
            .nodes
            .iter()
            .map(|(id, w)| format!("{id}={}", g.word(*w).form))
            .collect();
        let mut line = format!(
            "{} {}: {}",
            self.rule.id,
            self.rule.event_type,
            nodes.join(" ")
        );
        if !self.cues.is_empty() {
            line.push_str("; cues: ");
            line.push_str(&self.cues.join(" "));
        }
        line
    }

    /// The candidate today's pipeline works with, as far as the rule decides it: type, modes,
    /// contexts, aux, parties, claimants, confidence (the rule's weight) and rule id. Place,
    /// date and counts stay empty for the resolvers; the clause is the trigger's subtree (word
    /// indices, end exclusive). `party` turns a mention into a record party; the caller has the
    /// mention list that [`MentionTag::mention`] indexes.
    pub fn to_candidate(
        &self,
        g: &SentenceGraph,
        sentence: usize,
        party: &dyn Fn(&PartyRef) -> Party,
    ) -> Candidate {
        let sub = g.subtree(self.anchor);
        let clause = (
            sub.first().copied().unwrap_or(self.anchor),
            sub.last().map_or(self.anchor + 1, |l| l + 1),
        );
        Candidate {
            sentence,
            trigger_tok: self.anchor,
            clause,
            event_type: self.rule.event_type,
            mode: self.rule.mode.clone(),
            context: self.rule.context.clone(),
            aux: self.aux,
            actors: self.actors.iter().map(party).collect(),
            recipients: self.recipients.iter().map(party).collect(),
            location: None,
            place_level: false,
            date: None,
            magnitude: Vec::new(),
            claimed_by: self
                .claimants
                .iter()
                .map(|c| {
                    let p = party(c);
                    Claimant {
                        name: p.name,
                        country: p.country,
                        entity: p.entity,
                    }
                })
                .collect(),
            confidence: self.rule.weight as f32,
            rule: self.rule.id.clone(),
            caption: false,
            another: false,
            refers_back: false,
            place_weak: false,
            subject_is_target: false,
            date_of_modifier: false,
            also_at: None,
            actor_inferred: false,
        }
    }
}

/// Whether dependent `c` of a word names its party: a party modifier, or an `nmod` introduced
/// by "of".
fn is_party_modifier(g: &SentenceGraph, c: usize) -> bool {
    let rel = g.word(c).deprel.as_str();
    PARTY_MODIFIERS.contains(&rel)
        || (rel == "nmod"
            && g.children_by(c, "case")
                .any(|k| g.word(k).lemma.eq_ignore_ascii_case("of")))
}

/// `w` and every word coordinated with it (`conj`, recursively), in that order.
fn with_conjuncts(g: &SentenceGraph, w: usize) -> Vec<usize> {
    let mut out = vec![w];
    let mut k = 0;
    while k < out.len() {
        out.extend(g.children_by(out[k], "conj"));
        k += 1;
    }
    out
}

/// How many party-modifier hops `parties_of` follows below a word without a mention: enough
/// for "thousands of Norlandic students" (of-nmod, then amod), few enough to stay in the phrase.
const MODIFIER_DEPTH: usize = 2;

/// The parties of the word `w` (see the module doc for the order).
pub fn parties_of(g: &SentenceGraph, w: usize) -> Vec<PartyRef> {
    let mut out: Vec<PartyRef> = Vec::new();
    collect_parties(g, w, 0, &mut out);
    out
}

fn collect_parties(g: &SentenceGraph, w: usize, depth: usize, out: &mut Vec<PartyRef>) {
    for h in with_conjuncts(g, w) {
        if let Some(m) = &g.word(h).mention {
            if !out.iter().any(|p| p.mention.mention == m.mention) {
                out.push(PartyRef {
                    word: h,
                    mention: m.clone(),
                });
            }
            continue;
        }
        if depth >= MODIFIER_DEPTH {
            continue;
        }
        // An apposition names the party outright ("Sudria's ally, Ostmark"): the possessor of a
        // relational noun is then not a party.
        let before = out.len();
        for c in g.children_by(h, "appos") {
            collect_parties(g, c, depth + 1, out);
        }
        if out.len() > before {
            continue;
        }
        for &c in g.children(h) {
            if is_party_modifier(g, c) {
                collect_parties(g, c, depth + 1, out);
            }
        }
    }
}

fn parties_of_nodes(g: &SentenceGraph, m: &Match<'_>, nodes: &[usize]) -> Vec<PartyRef> {
    let mut out: Vec<PartyRef> = Vec::new();
    for &n in nodes {
        if let Some(w) = m.words[n] {
            for p in parties_of(g, w) {
                if !out.iter().any(|o| o.mention.mention == p.mention.mention) {
                    out.push(p);
                }
            }
        }
    }
    out
}

fn aux_rank(a: Aux) -> u8 {
    match a {
        Aux::Negation => 0,
        Aux::Hypothetical => 1,
        Aux::Future => 2,
        Aux::Historical => 3,
    }
}

/// Codes one match of `rule`, running the cues of `cues` on its anchor.
pub fn code<'r>(
    cues: &'r [Cue],
    g: &SentenceGraph,
    rule: &'r EventRule,
    m: &Match<'_>,
    matcher: &Matcher,
    stats: &mut MatchStats,
) -> Coded<'r> {
    let anchor = m.anchor();
    let mut aux: Option<Aux> = None;
    let mut claimants = Vec::new();
    let mut fired = Vec::new();
    for cue in cues {
        let Some(cm) = matcher.find_at(g, &cue.pattern, anchor, stats) else {
            continue;
        };
        fired.push(cue.id.as_str());
        if let Some(a) = cue.aux
            && aux.is_none_or(|cur| aux_rank(a) < aux_rank(cur))
        {
            aux = Some(a);
        }
        if let Some(n) = cue.claimant
            && claimants.is_empty()
        {
            claimants = parties_of_nodes(g, &cm, &[n]);
        }
    }
    Coded {
        rule,
        anchor,
        actors: parties_of_nodes(g, m, &rule.actor),
        recipients: parties_of_nodes(g, m, &rule.recipient),
        claimants,
        aux,
        cues: fired,
        nodes: rule
            .pattern
            .nodes
            .iter()
            .zip(&m.words)
            .filter_map(|(n, w)| w.map(|w| (n.id.as_str(), w)))
            .collect(),
    }
}

/// Codes every rule on one sentence. On each word, the rules that may start there (by anchor
/// lemma) run by priority, highest first, and the first that matches takes the word: lower
/// rules do not fire on it. Preview rules run only when `preview` is set.
pub fn code_sentence<'r>(
    set: &'r RuleSet,
    g: &SentenceGraph,
    preview: bool,
    matcher: &Matcher,
    stats: &mut MatchStats,
) -> Vec<Coded<'r>> {
    let mut out = Vec::new();
    for w in 0..g.len() {
        for i in set.rules_for(&g.word(w).lemma) {
            let rule = &set.rules[i];
            if !preview && rule.status != Status::Stable {
                continue;
            }
            if let Some(m) = matcher.find_at(g, &rule.pattern, w, stats) {
                out.push(code(&set.cues, g, rule, &m, matcher, stats));
                break;
            }
        }
    }
    out
}

/// The outcome of running rule and cue examples.
#[derive(Debug, Clone, Default)]
pub struct ExampleReport {
    /// Examples run.
    pub run: usize,
    /// Examples the parser could not give a graph for (no hand parse and no parser yet).
    pub unparsed: Vec<String>,
    /// One line per failing example, naming rule and text.
    pub failures: Vec<String>,
}

fn codes(ps: &[PartyRef]) -> Vec<String> {
    let mut v: Vec<String> = ps.iter().map(|p| p.code().to_string()).collect();
    v.sort();
    v
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

/// Gives an example its hand parse: the parser [`run_examples`] uses until the shipped one
/// exists.
pub fn hand_parse(_text: &str, hand: Option<&SentenceGraph>) -> Option<SentenceGraph> {
    hand.cloned()
}

/// Runs every rule's and cue's examples, each rule on its own (as nlprule does), collecting all
/// failures. `parse` gives the graph of an example from its text and hand parse: today
/// [`hand_parse`]; once the shipped parser exists, the parser's reading of the text with
/// mentions annotated, so the same examples test the rules on real parses.
pub fn run_examples(
    set: &RuleSet,
    parse: &dyn Fn(&str, Option<&SentenceGraph>) -> Option<SentenceGraph>,
) -> ExampleReport {
    let matcher = Matcher::default();
    let mut stats = MatchStats::default();
    let mut rep = ExampleReport::default();
    for rule in &set.rules {
        for ex in &rule.examples {
            let Some(g) = parse(&ex.text, ex.parse.as_ref()) else {
                rep.unparsed.push(format!("{}: {:?}", rule.id, ex.text));
                continue;
            };
            rep.run += 1;
            let coded: Vec<Coded<'_>> = matcher
                .find(&g, &rule.pattern, &mut stats)
                .iter()
                .map(|m| code(&set.cues, &g, rule, m, &matcher, &mut stats))
                .collect();
            let fail = |why: String| format!("{} on {:?}: {why}", rule.id, ex.text);
            if !ex.fires {
                if let Some(c) = coded.first() {
                    rep.failures.push(fail(format!(
                        "fired on {:?} but is a near miss",
                        g.word(c.anchor).form
                    )));
                }
                continue;
            }
            if coded.is_empty() {
                rep.failures.push(fail("did not fire".into()));
                continue;
            }
            let want = (
                sorted(&ex.expect.actor),
                sorted(&ex.expect.recipient),
                sorted(&ex.expect.claimant),
                ex.expect.aux,
            );
            let got: Vec<_> = coded
                .iter()
                .map(|c| {
                    (
                        codes(&c.actors),
                        codes(&c.recipients),
                        codes(&c.claimants),
                        c.aux,
                    )
                })
                .collect();
            if !got.contains(&want) {
                rep.failures.push(fail(format!(
                    "expected (actor, recipient, claimant, aux) {want:?}, got {got:?}"
                )));
            }
        }
    }
    for cue in &set.cues {
        for ex in &cue.examples {
            let Some(g) = parse(&ex.text, ex.parse.as_ref()) else {
                rep.unparsed.push(format!("cue {}: {:?}", cue.id, ex.text));
                continue;
            };
            rep.run += 1;
            let Some(trigger) = g.words().iter().position(|w| w.form == ex.trigger) else {
                rep.failures.push(format!(
                    "cue {} on {:?}: no trigger word {:?} in the parse",
                    cue.id, ex.text, ex.trigger
                ));
                continue;
            };
            let fired = matcher
                .find_at(&g, &cue.pattern, trigger, &mut stats)
                .is_some();
            if fired != ex.fires {
                rep.failures.push(format!(
                    "cue {} on {:?}: {}",
                    cue.id,
                    ex.text,
                    if fired {
                        "fired on a near miss"
                    } else {
                        "did not fire"
                    }
                ));
            }
        }
    }
    rep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::parse;

    fn builtin() -> RuleSet {
        match RuleSet::builtin() {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn every_rule_passes_its_examples() {
        let set = builtin();
        let rep = run_examples(&set, &hand_parse);
        assert!(
            rep.failures.is_empty(),
            "{} of {} examples fail:\n{}",
            rep.failures.len(),
            rep.run,
            rep.failures.join("\n")
        );
        // Every example carries a hand parse until the shipped parser exists; none is skipped.
        assert!(rep.unparsed.is_empty(), "unparsed: {:?}", rep.unparsed);
        assert!(rep.run >= 60, "only {} examples", rep.run);
    }

    /// Every `absent` guard must be what stops one of its rule's near misses: with the guard
    /// made optional (so it blocks nothing), some example must fail. A guard no example needs is
    /// untested, and is either dead or lacks its near miss.
    #[test]
    fn every_absent_guard_has_a_near_miss_that_needs_it() {
        use crate::pattern::NodeKind;
        let set = builtin();
        let mut undefended = Vec::new();
        for rule in &set.rules {
            for (k, node) in rule.pattern.nodes.iter().enumerate() {
                let nodes = &rule.pattern.nodes;
                if node.kind != NodeKind::Absent
                    || node.from.is_some_and(|f| nodes[f].kind == NodeKind::Absent)
                {
                    continue;
                }
                // The whole guard group becomes optional: it then blocks nothing.
                let mut loose = rule.clone();
                for m in rule.pattern.group(k) {
                    loose.pattern.nodes[m].kind = NodeKind::Optional;
                }
                let alone = RuleSet::from_parts(set.vocab.clone(), vec![loose], set.cues.clone());
                if run_examples(&alone, &hand_parse).failures.is_empty() {
                    undefended.push(format!("{} node {}", rule.id, node.id));
                }
            }
        }
        assert!(
            undefended.is_empty(),
            "guards no near miss needs: {undefended:?}"
        );
    }

    #[test]
    fn examples_without_a_parse_are_listed_not_passed() {
        let set = builtin();
        let rep = run_examples(&set, &|_, _| None);
        assert_eq!(rep.run, 0);
        let total: usize = set.rules.iter().map(|r| r.examples.len()).sum::<usize>()
            + set.cues.iter().map(|c| c.examples.len()).sum::<usize>();
        assert_eq!(rep.unparsed.len(), total);
    }

    #[test]
    fn a_broken_rule_is_reported_not_hidden() {
        // The same runner must fail when the rule is wrong: swap actor and recipient.
        let mut set = builtin();
        let rule = set
            .rules
            .iter_mut()
            .find(|r| !r.recipient.is_empty())
            .expect("a rule with a recipient");
        std::mem::swap(&mut rule.actor, &mut rule.recipient);
        let rep = run_examples(&set, &hand_parse);
        assert!(!rep.failures.is_empty());
    }

    #[test]
    fn parties_follow_modifiers_and_coordination() {
        // "Sudrian and Ostmarkian troops shelled the towns of Norland"
        let g = parse(
            "Sudrian/ADJ/4:amod#SUD and/CCONJ/3:cc Ostmarkian/ADJ/1:conj#OST troops/NOUN/5:nsubj \
             shelled=shell/VERB/0:root the/DET/7:det towns=town/NOUN/5:obj of/ADP/9:case \
             Norland/PROPN/7:nmod#NRL",
        );
        // A modifier's own conjuncts are parties too.
        let troops: Vec<String> = parties_of(&g, 3)
            .iter()
            .map(|p| p.code().to_string())
            .collect();
        assert_eq!(troops, vec!["SUD", "OST"]);
        let towns: Vec<String> = parties_of(&g, 6)
            .iter()
            .map(|p| p.code().to_string())
            .collect();
        assert_eq!(towns, vec!["NRL"]);
        // "Norland and Sudria": the bound word and its conj.
        let g = parse(
            "Norland/PROPN/4:nsubj#NRL and/CCONJ/3:cc Sudria/PROPN/1:conj#SUD met=meet/VERB/0:root",
        );
        let both: Vec<String> = parties_of(&g, 0)
            .iter()
            .map(|p| p.code().to_string())
            .collect();
        assert_eq!(both, vec!["NRL", "SUD"]);
    }

    #[test]
    fn a_coded_match_becomes_a_candidate() {
        let set = builtin();
        let g = parse(
            "Norland/PROPN/2:nsubj#NRL said=say/VERB/0:root Sudrian/ADJ/4:amod#SUD \
             drones=drone/NOUN/5:nsubj struck=strike/VERB/2:ccomp Norlandic/ADJ/7:amod#NRL \
             towns=town/NOUN/5:obj ./PUNCT/2:punct",
        );
        let coded = code_sentence(
            &set,
            &g,
            true,
            &Matcher::default(),
            &mut MatchStats::default(),
        );
        assert_eq!(coded.len(), 1);
        let party = |p: &PartyRef| Party {
            name: g.word(p.word).form.clone(),
            entity: None,
            kind: p.mention.kind,
            country: p.mention.country.clone(),
            sector: None,
            role: None,
        };
        let c = coded[0].to_candidate(&g, 3, &party);
        assert_eq!(c.rule, "assault.verb");
        assert_eq!(c.event_type.to_string(), "ASSAULT");
        assert_eq!((c.sentence, c.trigger_tok, c.clause), (3, 4, (2, 7)));
        assert_eq!(c.actors[0].country.as_deref(), Some("SUD"));
        assert_eq!(c.recipients[0].country.as_deref(), Some("NRL"));
        assert_eq!(c.claimed_by.len(), 1);
        assert_eq!(c.claimed_by[0].name, "Norland");
        assert_eq!(c.aux, None);
        assert!((c.confidence - 0.75).abs() < 1e-6);
    }

    fn types(set: &RuleSet, notation: &str) -> Vec<String> {
        let g = parse(notation);
        code_sentence(
            set,
            &g,
            true,
            &Matcher::default(),
            &mut MatchStats::default(),
        )
        .iter()
        .map(|c| c.trace(&g))
        .collect()
    }

    /// Issue 13's news conventions, with every rule running together.
    #[test]
    fn news_conventions_hold_with_all_rules_together() {
        let set = builtin();
        assert_eq!(
            types(
                &set,
                "Norland/PROPN/2:nsubj#NRL announced=announce/VERB/0:root \
                 sanctions=sanction/NOUN/2:obj targeting=target/VERB/3:acl \
                 Sudrian/ADJ/6:amod#SUD officials=official/NOUN/4:obj ./PUNCT/2:punct"
            ),
            vec![
                "sanction.impose SANCTION: trigger=announced actor=Norland what=sanctions targeting=targeting targeted=officials"
            ]
        );
        assert!(
            types(
                &set,
                "Norlandic/ADJ/3:amod#NRL air/NOUN/3:compound defences=defence/NOUN/4:nsubj \
                 shot=shoot/VERB/0:root down/ADP/4:compound:prt 20/NUM/8:nummod \
                 Sudrian/ADJ/8:amod#SUD drones=drone/NOUN/4:obj ./PUNCT/4:punct"
            )
            .is_empty()
        );
        // "called on Sudria to withdraw": REQUEST to Sudria; the withdrawal asked for is read
        // by the retreat rule too, but only as hypothetical.
        let t = types(
            &set,
            "Norland/PROPN/2:nsubj#NRL called=call/VERB/0:root on/ADP/4:case Sudria/PROPN/2:obl#SUD \
             to/PART/6:mark withdraw/VERB/2:xcomp its/PRON/8:nmod:poss troops=troop/NOUN/6:obj \
             ./PUNCT/2:punct",
        );
        assert_eq!(
            t,
            vec![
                "request.call_on REQUEST: trigger=called actor=Norland addressee=Sudria on=on act=withdraw act_to=to",
                "retreat.withdraw RETREAT: trigger=withdraw forces=troops; cues: aux.hypothetical.requested",
            ]
        );
        // A report of an attack names its claimant, and the speaker is not an actor.
        let t = types(
            &set,
            "Norland/PROPN/2:nsubj#NRL said=say/VERB/0:root Sudria/PROPN/4:nsubj#SUD \
             shelled=shell/VERB/2:ccomp Norland/PROPN/4:obj#NRL ./PUNCT/2:punct",
        );
        assert_eq!(
            t,
            vec![
                "assault.verb ASSAULT: trigger=shelled actor=Sudria target=Norland; cues: claim.reported"
            ]
        );
    }

    #[test]
    fn every_rule_on_a_long_sentence_stays_within_a_small_budget() {
        // 48 words: a reported, coordinated, passive sentence with a relative clause.
        let mut notation = String::from(
            "Norland/PROPN/2:nsubj#NRL said=say/VERB/0:root Sudrian/ADJ/4:amod#SUD \
             troops=troop/NOUN/7:nsubj:pass had=have/AUX/7:aux been=be/AUX/7:aux:pass \
             ordered=order/VERB/2:ccomp",
        );
        for _ in 0..41 {
            notation.push_str(" and/CCONJ/7:cc");
        }
        let g = parse(&notation);
        let set = builtin();
        let mut stats = MatchStats::default();
        code_sentence(&set, &g, true, &Matcher::default(), &mut stats);
        assert_eq!(stats.exhausted, 0);
        // One anchor check per rule and word, and a little more where an anchor fits.
        assert!(
            stats.steps <= 2 * set.rules.len() * g.len(),
            "{} steps for {} rules x {} words",
            stats.steps,
            set.rules.len(),
            g.len()
        );
    }

    #[test]
    fn the_anchor_index_agrees_with_running_every_rule() {
        let set = builtin();
        let mut unindexed = set.clone();
        // Adding a rule by hand makes the index stale: every rule is then tried.
        let extra = unindexed.rules[0].clone();
        unindexed.rules.push(extra);
        assert_eq!(unindexed.rules_for("shell").len(), unindexed.rules.len());
        unindexed.rules.pop();
        for rule in &set.rules {
            for ex in &rule.examples {
                let Some(g) = &ex.parse else { continue };
                let fast = code_sentence(
                    &set,
                    g,
                    true,
                    &Matcher::default(),
                    &mut MatchStats::default(),
                );
                let mut slow_set = set.clone();
                slow_set.rules.push(set.rules[0].clone());
                let slow = code_sentence(
                    &slow_set,
                    g,
                    true,
                    &Matcher::default(),
                    &mut MatchStats::default(),
                );
                let ids = |v: &[Coded<'_>]| {
                    v.iter()
                        .map(|c| (c.anchor, c.rule.id.clone()))
                        .collect::<Vec<_>>()
                };
                assert_eq!(ids(&fast), ids(&slow), "{}", ex.text);
            }
        }
        assert_eq!(set.rules_for("Shell"), set.rules_for("shell"));
        assert!(!set.rules_for("shell").is_empty());
        assert!(set.rules_for("zebra").is_empty());
    }

    #[test]
    fn higher_priority_rule_takes_the_anchor() {
        let set = builtin();
        // "Sudria struck a deal with Norland" is AGREE, never ASSAULT, whichever order the
        // files load in; and a plain "Sudria shelled Norland" is ASSAULT.
        let g = parse(
            "Sudria/PROPN/2:nsubj#SUD struck=strike/VERB/0:root a/DET/4:det deal/NOUN/2:obj \
             with/ADP/6:case Norland/PROPN/2:obl#NRL",
        );
        let coded = code_sentence(
            &set,
            &g,
            true,
            &Matcher::default(),
            &mut MatchStats::default(),
        );
        let types: Vec<String> = coded
            .iter()
            .map(|c| c.rule.event_type.to_string())
            .collect();
        assert_eq!(types, vec!["AGREE"]);
        let g = parse("Sudria/PROPN/2:nsubj#SUD shelled=shell/VERB/0:root Norland/PROPN/2:obj#NRL");
        let coded = code_sentence(
            &set,
            &g,
            true,
            &Matcher::default(),
            &mut MatchStats::default(),
        );
        assert_eq!(coded.len(), 1);
        assert_eq!(coded[0].rule.event_type.to_string(), "ASSAULT");
        assert_eq!(codes(&coded[0].actors), vec!["SUD"]);
        assert_eq!(codes(&coded[0].recipients), vec!["NRL"]);
        // Preview rules are left out unless asked for.
        let mut set = set;
        for r in &mut set.rules {
            r.status = Status::Preview;
        }
        let none = code_sentence(
            &set,
            &g,
            false,
            &Matcher::default(),
            &mut MatchStats::default(),
        );
        assert!(none.is_empty());
        if let Some(r) = set.rules.iter_mut().find(|r| r.id == "assault.verb") {
            r.status = Status::Stable;
        }
        let stable = code_sentence(
            &set,
            &g,
            false,
            &Matcher::default(),
            &mut MatchStats::default(),
        );
        assert_eq!(stable.len(), 1);
        assert_eq!(stable[0].rule.id, "assault.verb");
    }
}
