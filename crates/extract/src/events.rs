//! Event coding: trigger words → PLOVER events with actors, recipients, place, date, counts and
//! source, one candidate per mention; [`crate::merge`] later folds mentions of one event together.

use crate::clause::{Arg, AsStr, SentenceView, lower};
use crate::dates::DateExpr;
use crate::kbview::KbView;
use crate::magnitudes::Count;
use crate::mentions::{Mention, slug};
use crate::passes::{
    attach_place_only_casualties, attach_unclaimed_counts, attach_victims_only, detail_of_attack,
    diplomatic_protest, drop_request_contents, manner_of_arrest, outcome_of_attack, remember,
    split_by_direction, split_phone_call, told_with_earlier,
};
use crate::rules::{Roles, Rules, Trigger, TriggerPos};
use chrono::NaiveDate;
use sitrep_model::{
    Aux, Claimant, DateInfo, EntityKind, EventType, Location, Magnitude, Party, Precision, Tag,
    Tense, Token,
};

/// One event as read from one clause.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub sentence: usize,
    pub trigger_tok: usize,
    pub clause: (usize, usize),
    pub event_type: EventType,
    pub mode: Vec<String>,
    pub context: Vec<String>,
    pub aux: Option<Aux>,
    pub actors: Vec<Party>,
    pub recipients: Vec<Party>,
    pub location: Option<Location>,
    /// Whether the location names a place below country level.
    pub place_level: bool,
    pub date: Option<DateInfo>,
    pub magnitude: Vec<Magnitude>,
    pub claimed_by: Vec<Claimant>,
    pub confidence: f32,
    pub rule: String,
    pub caption: bool,
    /// Told as another of its kind ("another ship was attacked", "a second strike"): never
    /// the same event as one told before it in the report.
    pub another: bool,
    /// Told as an event already known ("these attacks", "this strike"): a noun trigger after
    /// a demonstrative. With no date of its own it is on the day of the event it refers to.
    pub refers_back: bool,
    /// The clause named no doer: the actor is the last attack's or the country where it
    /// happened. Such casualties belong to an attack the same sentence names with its doer
    /// ("… were killed in Kashmir after a shell fired by Pakistani soldiers hit their home").
    pub actor_inferred: bool,
    /// The rule's place is a detail's (see [`crate::rules::Trigger::place_weak`]).
    pub place_weak: bool,
    /// The clause's subject is the side acted on (a "host" rule: "air defences shot down
    /// three missiles"), so it never stands in for unnamed doers.
    pub subject_is_target: bool,
    /// The date was read inside a clause that modifies a noun ("freed soldiers captured
    /// last year"): good enough as a date where nothing better is told, never a reason to
    /// call the event background.
    pub date_of_modifier: bool,
    /// A second town the clause names with its place ("protests took place in Mombasa and
    /// Kisumu"): SCHEMA.md's unit is one event per place, so the event is told there too.
    pub also_at: Option<Location>,
}

impl Candidate {
    /// Takes in casualties told apart from this attack: their counts, and their victims where
    /// the attack names no target.
    pub(crate) fn take_casualties(&mut self, v: Candidate) {
        for m in v.magnitude {
            if !self.magnitude.contains(&m) {
                self.magnitude.push(m);
            }
        }
        if self.recipients.is_empty() {
            self.recipients = v.recipients;
        }
        // "Three more soldiers were killed in a separate bombing": told as another event
        // in either word, the whole is another.
        self.another |= v.another;
    }

    /// A candidate as a rule reads it, before `attributes` fills in place, date, counts and
    /// sources (and the coder its sentence).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn read(
        trigger_tok: usize,
        clause: (usize, usize),
        event_type: EventType,
        mode: Vec<String>,
        context: Vec<String>,
        aux: Option<Aux>,
        actors: Vec<Party>,
        recipients: Vec<Party>,
        confidence: f32,
        rule: String,
    ) -> Candidate {
        Candidate {
            sentence: 0,
            trigger_tok,
            clause,
            event_type,
            mode,
            context,
            aux,
            actors,
            recipients,
            location: None,
            place_level: false,
            date: None,
            magnitude: Vec::new(),
            claimed_by: Vec::new(),
            confidence,
            rule,
            caption: false,
            another: false,
            refers_back: false,
            actor_inferred: false,
            place_weak: false,
            subject_is_target: false,
            date_of_modifier: false,
            also_at: None,
        }
    }
}

/// Words before an event noun that make it a future or planned event.
const FUTURE_CUES: &[&str] = &[
    "planned",
    "upcoming",
    "proposed",
    "possible",
    "potential",
    "future",
    "next",
    "expected",
    "prospective",
    "pave",
    "prepare",
    "planning",
    "plan",
    "plans",
    "would",
    "will",
    "hope",
    "hopes",
    "seek",
    "seeks",
    "forthcoming",
    "scheduled",
];

/// Verbs of speech that make "would" a future-in-the-past rather than a hypothetical.
pub(crate) const SPEECH: &[&str] = &[
    "say", "tell", "announce", "state", "add", "report", "expect", "insist", "warn", "promise",
];

/// The distinct countries of some parties, sorted.
pub(crate) fn codes_of(ps: &[Party]) -> Vec<&str> {
    let mut v: Vec<&str> = ps.iter().filter_map(|p| p.country.as_deref()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// How many days before publication a lead event's date may lie (see [`DocState::lead_date`]).
pub const LEAD_DATE_DAYS: i64 = 3;

/// How many earlier attacks of a document [`DocState::assaults`] keeps.
pub const MAX_ASSAULT_MEMORY: usize = 256;

/// Document-level memory the coder needs across sentences.
#[derive(Default)]
pub struct DocState {
    /// A protest told below the headline: a crowd later broken up is that protest, so no
    /// other is implied from the dispersal ([`Coder::protest_behind_dispersal`]).
    pub protest_told: bool,
    /// The headline's sentence, where the report has one.
    pub headline: Option<usize>,
    /// The last person mentioned, for "he"/"she".
    pub last_person: Option<Mention>,
    /// The last source named as something other than a pronoun or a person ("the defence
    /// ministry said"), for a later "it said", "they reported".
    pub last_source: Option<Claimant>,
    /// Party of the last event's actor, by type, for elided actors.
    pub last_assault: Option<(Vec<Party>, Vec<Party>)>,
    /// Every attack so far (actors, recipients), for the conflict dyad of the report.
    pub assaults: std::collections::VecDeque<(Vec<Party>, Vec<Party>)>,
    /// Every hostile act so far (attacks, sanctions, arrests, threats, accusations), for the
    /// target of a reaction that names none ("Mexico said it would respond").
    pub hostile: std::collections::VecDeque<(Vec<Party>, Vec<Party>)>,
    /// Every restriction imposed so far (sanctions, tariffs, curfews, blockades), for the
    /// party that eases one the text leaves unnamed.
    pub restrictions: std::collections::VecDeque<(Vec<Party>, Vec<Party>)>,
    /// The country the report is mostly about.
    pub main_country: Option<String>,
    /// The day of the report's lead event: the first event dated by a phrase of its own to a
    /// day within [`LEAD_DATE_DAYS`] before publication. Later events the text leaves undated
    /// happened then ("Security forces opened fire yesterday … Two people were killed in
    /// Mandalay"), not on the publication day.
    pub lead_date: Option<DateInfo>,
    /// The only country the report names at all, if there is just one: the country of actors
    /// named by what they are ("police", "the opposition coalition").
    pub sole_country: Option<String>,
    /// Whether the report names no country at all (every place unknown to the gazetteer):
    /// actors named by what they are ("militants", "police") then act with no country rather
    /// than not at all.
    pub no_country: bool,
    /// Groups named with their country so far ("the Philippine foreign ministry"), for a
    /// later bare mention of the same noun ("the ministry added") in a report of several
    /// countries. Filled while parties are read, hence the cell.
    pub named_groups: std::cell::RefCell<Vec<Party>>,
    /// The armed or political group the report named last ("the Houthi-controlled port"),
    /// for a later "the group", "the militia" that names no one.
    pub last_group: Option<Mention>,
    /// Organisations the report named, latest last (at most eight), for a later "the
    /// broadcaster", "the charity" that names no one.
    pub recent_orgs: std::collections::VecDeque<Mention>,
    /// The token after the report's dateline ("MIAMI —", "Kano, Oct 3 (AFP)"), 0 if none.
    pub dateline_end: usize,
    /// The first token of the sentence the dateline opens.
    pub dateline_start: usize,
    /// The country of the first coup the report names (the country named nearest a word of
    /// the `coup` class in its sentence), for a later "condemned the coup".
    pub coup_country: Option<String>,
    /// The quotations of the sentence being coded (token range) whose speaker is known, for
    /// "we" and "our" inside them.
    pub quote_speakers: Vec<(usize, usize, Party)>,
    /// The actors of the latest arrests, abductions, seizures and releases: who holds people,
    /// for a release the text tells without its agent.
    pub captors: std::collections::VecDeque<Vec<Party>>,
    /// Every event told so far (type, actors, recipients; latest last, bounded), for a reaction to
    /// one named by its noun ("condemned the arrests", "regretted the expulsion",
    /// "dismissed the criticism"): aimed at whoever did it.
    pub acts: std::collections::VecDeque<(EventType, Vec<Party>, Vec<Party>)>,
    /// Countries named in earlier sentences, latest last (a bounded list).
    pub recent_countries: Vec<String>,
}

/// `SITREP_TRACE` (read once: the coder asks for every verb): any value prints each coded
/// verb's subject and object, `tokens` also each sentence's tags and lemmas.
pub(crate) fn trace() -> Option<&'static str> {
    static TRACE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    TRACE
        .get_or_init(|| std::env::var_os("SITREP_TRACE").map(|v| v.to_string_lossy().into_owned()))
        .as_deref()
}

/// The parties of the report's latest attack, one per country, actors first: "both sides" of
/// its fighting. A report of no fighting has the sides of its latest hostile act between two
/// countries ("Kosovo police arrested a Serbian citizen … the EU urged both sides …").
pub(crate) fn last_assault_sides(st: &DocState) -> Vec<&Party> {
    let mut out: Vec<&Party> = Vec::new();
    let two_sided = |(a, r): &&(Vec<Party>, Vec<Party>)| {
        a.iter().any(|p| p.country.is_some())
            && r.iter()
                .any(|p| p.country.is_some() && a.iter().all(|q| q.country != p.country))
    };
    let last = st
        .assaults
        .back()
        .or_else(|| st.hostile.iter().rev().find(two_sided));
    if let Some((a, r)) = last {
        for p in a.iter().chain(r.iter()) {
            if p.country.is_some() && !out.iter().any(|q| q.country == p.country) {
                out.push(p);
            }
        }
    }
    // No war in the report: the two countries of its latest two-sided event ("Bangladesh's
    // foreign minister arrived in New Delhi for talks … The two sides agreed …").
    if out.is_empty()
        && let Some((_, a, r)) = st.acts.iter().rev().find(|(_, a, r)| {
            let mut cs: Vec<&str> = codes_of(a);
            cs.extend(codes_of(r));
            cs.sort_unstable();
            cs.dedup();
            cs.len() == 2
        })
    {
        for p in a.iter().chain(r.iter()) {
            if p.country.is_some() && !out.iter().any(|q| q.country == p.country) {
                out.push(p);
            }
        }
    }
    out
}

/// Whether every target of a candidate is of its actors' own countries.
pub(crate) fn targets_only_own(c: &Candidate) -> bool {
    !c.recipients.is_empty()
        && c.recipients
            .iter()
            .all(|r| r.country.is_some() && c.actors.iter().any(|a| a.country == r.country))
}

fn first_word(toks: &[Token]) -> String {
    toks.first()
        .map(|t| lower(t).into_owned())
        .unwrap_or_default()
}

/// Words for a state's ruling body, one standing for another once the report has named it
/// with its country ("Mali's military government" … "the junta").
const RULING: &[&str] = &[
    "junta",
    "regime",
    "government",
    "administration",
    "authorities",
];

/// A group named only by its kind ("police", "gunmen"), acting for `country` where the report
/// gives it one.
pub(crate) fn kind_group(name: &str, country: Option<String>, sector: &str) -> Party {
    // "the main opposition party", "opposition lawmakers": a group that opposes the ruling
    // side is the opposition (CAMEO's OPP), whatever its head noun says it is.
    let opposition = name
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("opposition"));
    Party {
        name: name.to_string(),
        entity: country.as_ref().map(|cc| format!("country:{cc}")),
        kind: EntityKind::Group,
        country,
        sector: Some(if opposition { "OPP" } else { sector }.to_string()),
        role: None,
    }
}

/// How many groups named with a country [`DocState::named_groups`] keeps.
const NAMED_GROUP_MEMORY: usize = 64;

/// Whether a subject's words name its doers with a name of their own: a capitalised word
/// after the first ("GNA and LNA forces") or a first word in capitals ("RSF fighters").
fn named_in(toks: &[Token]) -> bool {
    toks.iter()
        .skip(1)
        .any(|t| t.norm.chars().next().is_some_and(char::is_uppercase))
        || toks.first().is_some_and(|t| {
            t.norm.len() > 1
                && t.norm
                    .chars()
                    .all(|ch| ch.is_ascii_uppercase() || ch == '-')
        })
}

/// The last word of a party's name, lower-cased: what "the ministry" is matched on.
fn head_word(name: &str) -> String {
    name.split_whitespace()
        .last()
        .unwrap_or_default()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

pub struct Coder<'a> {
    pub rules: &'a Rules,
    pub kb: &'a dyn KbView,
    pub published: Option<NaiveDate>,
}

/// The one country whose parties of `sector` the report's attacks so far named (as attacker
/// or attacked); none when they named parties of that kind from two countries or from none.
fn same_kind_fought(st: &DocState, sector: &str) -> Option<String> {
    let mut found: Option<&str> = None;
    for p in st.assaults.iter().flat_map(|(a, r)| a.iter().chain(r)) {
        if p.sector.as_deref() != Some(sector) {
            continue;
        }
        let Some(c) = p.country.as_deref() else {
            continue;
        };
        match found {
            Some(f) if f != c => return None,
            _ => found = Some(c),
        }
    }
    found.map(str::to_string)
}

fn party_from_mention(m: &Mention, unit_head: Option<&str>, rules: &Rules, text: &str) -> Party {
    // "Hundreds of thousands of Israelis", "Kenyans marched": a plural demonym heading its
    // phrase names the people, not their government.
    let people = m.kind == EntityKind::Country
        && m.how == Some(crate::kbview::CountryHow::Demonym)
        && m.surface.len() > 1
        && m.surface.ends_with('s')
        && unit_head.is_some_and(|h| h.eq_ignore_ascii_case(&m.surface));
    let sector = match m.kind {
        EntityKind::Country if people => Some("CVL".to_string()),
        EntityKind::Country => unit_head
            .and_then(|h| rules.sector_nouns.get(h).cloned())
            .or_else(|| m.sector.clone()),
        _ => m.sector.clone(),
    };
    let name = match m.kind {
        EntityKind::Country if !text.is_empty() => text.to_string(),
        _ => m.name.clone(),
    };
    Party {
        name,
        entity: Some(m.entity.clone()),
        kind: m.kind,
        country: m.country.clone(),
        sector,
        role: m.role.clone(),
    }
}

impl<'a> Coder<'a> {
    /// Parties named by an argument: each of its coordinated units in turn, one party per
    /// entity.
    pub fn parties(&self, sv: &SentenceView, arg: &Arg, st: &DocState) -> Vec<Party> {
        let mut out: Vec<Party> = Vec::new();
        let mut related = false;
        for u in &arg.units {
            // "the allies of Ukraine": the country after "of" a relational noun is not the
            // party (as with "Ukraine's allies", which one unit holds).
            let after_of = u.start > 0 && sv.word(u.start - 1) == "of";
            if related && after_of {
                related = false;
                continue;
            }
            related = u.mentions.is_empty()
                && (u.start..u.end)
                    .rev()
                    .find(|&k| sv.tokens[k].tag.is_noun())
                    .is_some_and(|k| self.rules.in_class("relational_party", &sv.tokens[k].lemma));
            self.unit_parties(sv, u, st, &mut out);
        }
        // One party per entity.
        let mut seen = std::collections::HashSet::new();
        out.retain(|p| seen.insert((p.entity.clone(), p.country.clone(), p.name.clone())));
        out
    }

    /// The country an ethnic group's phrase says it lives in: a country or place named within
    /// three words after "in" right after the group's noun ("ethnic Albanians in south
    /// Serbia", "ethnic Turks in Sweden").
    fn residence(&self, sv: &SentenceView, u: &crate::clause::Unit) -> Option<String> {
        let noun = (u.start..u.end)
            .rev()
            .find(|&k| sv.tokens[k].tag.is_noun() && !sv.tokens[k].is_capitalised())
            .or_else(|| (u.start..u.end).rev().find(|&k| sv.tokens[k].tag.is_noun()))?;
        let prep = noun + 1;
        if prep >= sv.end || sv.word(prep) != "in" {
            return None;
        }
        sv.mentions
            .iter()
            .filter(|m| m.tok_start > prep && m.tok_start <= prep + 3 && m.tok_end <= sv.end)
            .filter(|m| matches!(m.kind, EntityKind::Country | EntityKind::Place))
            .find_map(|m| m.country.clone())
    }

    /// The parties one noun unit names, in the order tried: a person, an organisation or
    /// group, nothing for a place or a topic, the countries named (one per country), a group
    /// named by its role, both sides of the report's war, pronouns.
    fn unit_parties(
        &self,
        sv: &SentenceView,
        u: &crate::clause::Unit,
        st: &DocState,
        out: &mut Vec<Party>,
    ) {
        // "Somali troops backed by African Union forces": who backs a party is not that party;
        // the phrase before the participle names it.
        if let Some(by) = (u.start + 1..u.end.saturating_sub(1))
            .find(|&i| sv.tokens[i].tag == Tag::VBN && sv.word(i + 1) == "by")
        {
            let before = crate::clause::Unit {
                start: u.start,
                end: by,
                mentions: u
                    .mentions
                    .iter()
                    .copied()
                    .filter(|&i| sv.mentions[i].tok_end <= by)
                    .collect(),
            };
            return self.unit_parties(sv, &before, st, out);
        }
        let toks = &sv.tokens[u.start..u.end];
        let head = toks
            .iter()
            .rev()
            .find(|t| t.tag.is_noun() || t.tag == Tag::PRP)
            .map(lower);
        // "Armed men", "masked men": people an armed adjective describes are named as
        // gunmen are.
        let head = match head {
            Some(h)
                if self.rules.armed_people.contains(h.as_ref())
                    && toks
                        .iter()
                        .any(|t| self.rules.armed_adjectives.contains(lower(t).as_ref())) =>
            {
                Some(std::borrow::Cow::Borrowed("gunmen"))
            }
            h => h,
        };
        // "the gang alliance's leader", "the militia's commander": a leader of a group named
        // only by its kind speaks and acts for that group.
        let head = match head {
            Some(h) if self.rules.in_class("group_speakers", h.as_ref()) => toks
                .iter()
                .position(|t| t.tag == Tag::POS)
                .and_then(|i| {
                    toks[..i]
                        .iter()
                        .map(lower)
                        .find(|w| self.rules.in_class("main_country_kinds", w.as_ref()))
                })
                .or(Some(h)),
            h => h,
        };
        let text = crate::mentions::join(toks);
        // (The dateline is no part of a subject that names its own party after it:
        // "JERUSALEM - Hamas released …". Before a group named only by its kind, "ABUJA -
        // Gunmen abducted …", its country is the likeliest home of the group and stays.)
        let in_dateline =
            |m: &Mention| m.tok_start >= st.dateline_start && m.tok_end <= st.dateline_end;
        let mut ms: Vec<&Mention> = u.mentions.iter().map(|&i| &sv.mentions[i]).collect();
        if ms.iter().any(|m| !in_dateline(m)) {
            ms.retain(|m| !in_dateline(m));
        }
        // "China's Taiwan Affairs Office": a country before "Affairs" is what the office deals
        // with, not who it is, where another party owns the phrase.
        if ms.len() > 1 {
            let topic = |m: &&Mention| {
                m.kind == EntityKind::Country
                    && sv
                        .tokens
                        .get(m.tok_end)
                        .is_some_and(|t| lower(t) == "affairs")
            };
            if ms.iter().any(|m| !topic(m)) {
                ms.retain(|m| !topic(m));
            }
        }

        let head_is_place = head
            .as_deref()
            .is_some_and(|h| self.rules.place_nouns.contains(h));
        // "the American presence in Baghdad": a place in a phrase after the noun does not
        // make a country-modified noun before it a place.
        let before_prep = toks
            .iter()
            .position(|t| t.tag == Tag::IN)
            .filter(|&p| p > 0)
            .map(|p| u.start + p);
        let party_before_place = before_prep.is_some_and(|p| {
            let pre_head = sv.tokens[u.start..p]
                .iter()
                .rev()
                .find(|t| t.tag.is_noun())
                .map(lower);
            ms.iter()
                .any(|m| m.kind == EntityKind::Country && m.tok_end <= p)
                && ms
                    .iter()
                    .all(|m| m.kind != EntityKind::Place || m.tok_start >= p)
                && pre_head
                    .as_deref()
                    .is_some_and(|h| !self.rules.place_nouns.contains(h))
        });
        let is_place_unit = !party_before_place
            && (head_is_place
                || (ms.iter().any(|m| m.kind == sitrep_model::EntityKind::Place)
                    && head
                        .as_deref()
                        .is_none_or(|h| !self.rules.sector_nouns.contains_key(h))));
        // "Sweden's NATO bid", "Ukraine's EU membership bid": the possessor owns what the
        // phrase names; a party named inside it only as a modifier of its head noun is not
        // the party ("Russia's Wagner group", where the named group is the head, is).
        let head_tok = (u.start..u.end)
            .rev()
            .find(|&k| sv.tokens[k].tag.is_noun() || sv.tokens[k].tag == Tag::PRP);
        if let Some(h) = head_tok
            && !self.rules.sector_nouns.contains_key(&sv.tokens[h].lemma)
            && !self
                .rules
                .sector_nouns
                .contains_key(lower(&sv.tokens[h]).as_ref())
            && !self.rules.in_class("group_head", &sv.tokens[h].lemma)
            && let Some(owner) = ms.iter().find(|m| {
                matches!(
                    m.kind,
                    EntityKind::Country | EntityKind::Organization | EntityKind::Group
                ) && sv.tokens.get(m.tok_end).is_some_and(|t| t.tag == Tag::POS)
            })
            && ms
                .iter()
                .any(|m| m.tok_start > owner.tok_end && m.tok_end <= h)
            && ms
                .iter()
                .filter(|m| m.tok_start > owner.tok_end)
                .all(|m| m.tok_end <= h && m.kind != EntityKind::Person)
        {
            out.push(party_from_mention(owner, None, self.rules, ""));
            return;
        }
        // A weapon in flight that no country or group owns ("Drones hit Port Sudan", "Missiles
        // struck the city") is the instrument, not the attacker: no party, so the attack is
        // read with an unknown actor (and a headline merges with the telling that names one),
        // rather than charged to the attacked country or to a party called "Drones" (a
        // capitalised first word read as a name covers only the weapon word itself).
        if let Some(h) = head_tok
            && self.rules.projectiles.contains(&sv.tokens[h].lemma)
            && ms.iter().all(|m| m.tok_start <= h && m.tok_end > h)
            // ("the drones" refers back to drones the report has named with their owner.)
            && !toks
                .iter()
                .any(|t| matches!(lower(t).as_ref(), "the" | "these" | "those"))
        {
            return;
        }
        if let Some(p) = ms.iter().find(|m| m.kind == EntityKind::Person) {
            out.push(party_from_mention(p, None, self.rules, ""));
            return;
        }
        if let Some(o) = ms
            .iter()
            .find(|m| matches!(m.kind, EntityKind::Organization | EntityKind::Group))
        {
            out.push(party_from_mention(o, None, self.rules, ""));
            return;
        }
        if is_place_unit {
            return;
        }
        // "Guerrero's governor", "Kharkiv's mayor", "Gaza police": officials of a place named
        // only by it act for the place's country.
        if !ms.is_empty()
            && ms.iter().all(|m| m.kind == EntityKind::Place)
            && let Some(h) = head.as_deref()
            && let Some(sector) = self.rules.sector_nouns.get(h)
            && matches!(sector.as_str(), "GOV" | "MIL")
            && let [cc] = ms
                .iter()
                .filter_map(|m| m.country.as_deref())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()[..]
            && cc.len() == 3
        {
            out.push(kind_group(&text, Some(cc.to_string()), sector));
            return;
        }
        // A weapon in flight that no country or group owns ("Drones hit Port Sudan", "Missiles
        // struck the city") is the instrument, not the attacker: no party, so the attack is
        // read with an unknown actor (and a headline merges with the telling that names one),
        // rather than charged to the attacked country or to a party called "Drones".
        // A war, an uprising, a crisis is what happens, not who acts or suffers ("killed
        // 23 people … in the worst attack of the current Palestinian uprising").
        if ms.iter().all(|m| m.kind == EntityKind::Country)
            && head
                .as_deref()
                .is_some_and(|h| self.rules.topic_nouns.contains(h))
        {
            return;
        }
        // "Ukraine's partners", "U.S. allies", "the allies of Ukraine": the country named is
        // who they are related to, not the party (who the partners are, the text does not
        // say here).
        let relational = |k: usize| self.rules.in_class("relational_party", &sv.tokens[k].lemma);
        let of_related = (u.start + 1..u.end).any(|k| sv.word(k) == "of" && relational(k - 1));
        if (head_tok.is_some_and(relational) || of_related)
            && ms.iter().all(|m| m.kind == EntityKind::Country)
        {
            return;
        }
        let countries: Vec<&&Mention> = ms
            .iter()
            .filter(|m| m.kind == EntityKind::Country)
            .collect();
        let ethnic = toks.iter().any(|t| lower(t) == "ethnic");
        if !countries.is_empty() {
            // "Ukrainian and U.S officials": one party per country, sharing the head noun.
            let single = countries.len() == 1;
            for c in countries {
                let mut party = party_from_mention(
                    c,
                    head.as_deref(),
                    self.rules,
                    if single { &text } else { "" },
                );
                // An ethnic group acts where it lives; the place of the event decides.
                if ethnic {
                    party.sector = Some("ETH".into());
                    // "Ethnic Albanians in south Serbia": where the phrase says they live.
                    if let Some(cc) = self.residence(sv, u) {
                        party.entity = Some(format!("country:{cc}"));
                        party.country = Some(cc);
                    }
                }
                if single
                    && party.country.is_some()
                    && head
                        .as_deref()
                        .is_some_and(|h| self.rules.sector_nouns.contains_key(h))
                {
                    let mut named = st.named_groups.borrow_mut();
                    named.push(party.clone());
                    if named.len() > NAMED_GROUP_MEMORY {
                        named.remove(0);
                    }
                }
                out.push(party);
            }
            return;
        }
        // A short definite phrase that names no one ("the broadcaster", "the group") may
        // stand for a party the report named before.
        let bare_definite = ms.is_empty()
            && matches!(first_word(toks).as_str(), "the" | "this" | "that")
            && toks.len() <= 3;
        // "suspended the BBC's broadcasts, accusing the broadcaster of …": a definite noun of
        // a media outlet, charity or company that names no one stands for the organisation of
        // that sector the report named last.
        // "thanked the bloc": a noun for an alliance (class `igo_anaphors`) stands for the
        // intergovernmental organisation the report named last.
        // ("other member states", "member countries": the members of the body named last)
        let members = ms.is_empty()
            && toks.len() <= 4
            && toks.iter().any(|t| lower(t) == "member")
            && head
                .as_deref()
                .is_some_and(|h| matches!(h, "states" | "countries" | "nations" | "governments"));
        let sector = head.as_deref().and_then(|h| {
            if members || self.rules.in_class("igo_anaphors", h) {
                Some("IGO")
            } else {
                self.rules.sector_nouns.get(h).map(String::as_str)
            }
        });
        if (bare_definite || members)
            && let Some(sector) = sector
            && matches!(sector, "MED" | "NGO" | "BUS" | "IGO")
            && let Some(o) = sv
                .mentions
                .iter()
                .filter(|m| m.tok_end <= u.start)
                .rev()
                .chain(st.recent_orgs.iter().rev())
                .find(|m| m.kind == EntityKind::Organization && m.sector.as_deref() == Some(sector))
        {
            out.push(party_from_mention(o, None, self.rules, ""));
            return;
        }
        // "… two days after the group fired a missile": a definite group noun that names no
        // one stands for the group the report named last (class `group_anaphors`).
        // "The rebels warned …": a plural noun for armed men (class `armed_anaphors`) stands
        // for the armed group the report named last, when that group is one.
        let armed = head
            .as_deref()
            .is_some_and(|h| self.rules.in_class("armed_anaphors", h));
        let fits = |m: &&Mention| {
            m.kind == EntityKind::Group && (!armed || m.sector.as_deref() == Some("REB"))
        };
        if bare_definite
            && head.as_deref().is_some_and(|h| {
                self.rules.in_class("group_anaphors", h) || self.rules.in_class("armed_anaphors", h)
            })
            && let Some(g) = sv
                .mentions
                .iter()
                .rev()
                .find(|m| fits(m) && m.tok_end <= u.start)
                .or(st.last_group.as_ref().filter(|m| fits(m)))
        {
            out.push(party_from_mention(g, None, self.rules, ""));
            return;
        }
        // A group named only by what it is ("police", "opposition leaders", "rebels"): the
        // group of that kind the report's attacks already set against someone, when they set
        // only one ("clashed with Israeli forces … attacked 7 soldiers"); else the report's
        // main country, as wire coders do.
        // ("his government" is its owner's: the person the pronoun stands for decides.)
        let possessed = matches!(first_word(toks).as_str(), "his" | "her");
        if ms.is_empty()
            && !possessed
            && let Some(h) = head.as_deref()
            && let Some(sector) = self.rules.sector_nouns.get(h)
            && !self.rules.person_pronouns.contains(h)
            && !self.rules.group_pronouns.contains(h)
            && let Some(mc) = &st.sole_country
            && !matches!(
                h,
                "people" | "side" | "state" | "head" | "chief" | "office" | "team" | "service"
            )
        {
            let cc = same_kind_fought(st, sector).unwrap_or_else(|| mc.clone());
            out.push(kind_group(&text, Some(cc), sector));
            return;
        }
        // "The ministry added": the group of that name the report tied to a country last.
        // A ruling body named only by its kind stands for the one the report last named
        // with its country by another word ("The junta also suspended …" after "Mali's
        // military government expelled …").
        if ms.is_empty()
            && st.sole_country.is_none()
            && matches!(first_word(toks).as_str(), "the" | "this" | "that")
            && let Some(h) = head.as_deref()
            && self.rules.sector_nouns.contains_key(h)
            && !matches!(h, "side" | "state" | "people" | "team" | "service")
            && let Some(p) = {
                let named = st.named_groups.borrow();
                named
                    .iter()
                    .rev()
                    .find(|p| head_word(&p.name) == h)
                    .or_else(|| {
                        named
                            .iter()
                            .rev()
                            .filter(|_| RULING.contains(&h))
                            .find(|p| RULING.contains(&head_word(&p.name).as_ref()))
                    })
                    .cloned()
            }
        {
            let mut p = p;
            p.name = text.clone();
            out.push(p);
            return;
        }
        // A ruling body or an unnamed armed band named only by its kind ("the army-aligned
        // government", "gunmen on motorcycles") in a report of several countries, with no
        // earlier group of that kind to stand for: the report's main country, where wire
        // coders put unidentified armed men and an unqualified government.
        if ms.is_empty()
            && st.sole_country.is_none()
            // ("his administration" is its owner's: a pronoun's antecedent decides.)
            && !matches!(
                first_word(toks).as_str(),
                "his" | "her" | "its" | "their" | "our" | "my" | "your"
            )
            && let Some(h) = head.as_deref()
            && let Some(sector) = self.rules.sector_nouns.get(h)
            && self
                .rules
                .classes
                .get("main_country_kinds")
                .is_some_and(|k| k.iter().any(|w| w == h))
            && let Some(mc) = &st.main_country
        {
            out.push(kind_group(&text, Some(mc.clone()), sector));
            return;
        }
        if ms.is_empty()
            && st.no_country
            && let Some(h) = head.as_deref()
            && let Some(sector) = self.rules.sector_nouns.get(h)
            && !self.rules.person_pronouns.contains(h)
            && !self.rules.group_pronouns.contains(h)
            && !matches!(
                h,
                "people" | "side" | "state" | "head" | "chief" | "office" | "team" | "service"
            )
        {
            out.push(kind_group(&text, None, sector));
            return;
        }
        // "Both sides", "the two countries", "the two delegations": the two parties of the
        // report's conflict, as its latest attack names them (the nouns: class `pair_nouns`).
        // "Both leaders", "the two ministers" (class `pair_people`): the two countries of the
        // report's latest meeting or accord, whatever fighting it tells.
        let both = ms.is_empty()
            && toks.len() <= 3
            && toks
                .iter()
                .any(|t| matches!(lower(t).as_ref(), "both" | "two"));
        if both
            && head
                .as_deref()
                .is_some_and(|h| self.rules.in_class("pair_people", h))
            && let Some((_, a, r)) = st.acts.iter().rev().find(|(ty, a, r)| {
                matches!(
                    ty,
                    EventType::Consult | EventType::Agree | EventType::Cooperate
                ) && {
                    let mut cs: Vec<&str> = codes_of(a);
                    cs.extend(codes_of(r));
                    cs.sort_unstable();
                    cs.dedup();
                    cs.len() == 2
                }
            })
        {
            let mut seen: Vec<&str> = Vec::new();
            for p in a.iter().chain(r.iter()) {
                if let Some(cc) = p.country.as_deref()
                    && !seen.contains(&cc)
                {
                    seen.push(cc);
                    out.push(country_party(self.kb, cc));
                }
            }
            return;
        }
        // "the warring parties", "the warring sides": the report's fighting sides, or, where
        // it tells no fighting, the armed forces and groups it named.
        let warring = ms.is_empty()
            && toks.len() <= 3
            && toks.iter().any(|t| lower(t) == "warring")
            && head.as_deref().is_some_and(|h| {
                self.rules.in_class("pair_nouns", h)
                    || matches!(h, "party" | "parties" | "faction" | "factions")
            });
        if warring && st.assaults.is_empty() {
            let named = st.named_groups.borrow();
            let mut seen: Vec<&str> = Vec::new();
            for p in named.iter().rev() {
                if matches!(p.sector.as_deref(), Some("MIL" | "REB"))
                    && let Some(cc) = p.country.as_deref()
                    && !seen.contains(&cc)
                {
                    seen.push(cc);
                    out.push(country_party(self.kb, cc));
                }
            }
            if !out.is_empty() {
                return;
            }
        }
        // "The two countries' security chiefs": people of the pair, as the pair itself.
        let pair_possessor = ms.is_empty()
            && toks.len() <= 7
            && toks
                .iter()
                .position(|t| matches!(t.norm.as_str(), "'" | "'s" | "\u{2019}" | "\u{2019}s"))
                .is_some_and(|j| {
                    (2..=3).contains(&j)
                        && toks[..j]
                            .iter()
                            .any(|t| matches!(lower(t).as_ref(), "both" | "two"))
                        && self
                            .rules
                            .in_class("pair_nouns", lower(&toks[j - 1]).as_ref())
                });
        if (warring
            || both
                && head
                    .as_deref()
                    .is_some_and(|h| self.rules.in_class("pair_nouns", h))
            || pair_possessor)
            && !last_assault_sides(st).is_empty()
        {
            for p in last_assault_sides(st) {
                if let Some(cc) = &p.country {
                    out.push(country_party(self.kb, cc));
                }
            }
            return;
        }
        self.pronoun_parties(sv, u, head.as_deref(), &text, st, out);
    }

    /// The parties of the subject of the sentence's main verb, where that verb comes before
    /// token `before` (an event noun in a phrase after it: "after talks …", "during a
    /// protest …").
    pub(crate) fn main_subject_parties(
        &self,
        sv: &SentenceView,
        before: usize,
        st: &DocState,
    ) -> Option<Vec<Party>> {
        let p = sv.parse?;
        let root = (sv.start..sv.end).find(|&i| p.head(i).is_none() && p.upos(i) == "VERB")?;
        if root >= before {
            return None;
        }
        let a = sv.arg_of_head(p.subject(root)?)?;
        Some(self.parties(sv, &a, st))
    }

    /// [`Self::main_subject_parties`] for an event noun whose phrase, starting at `start`,
    /// opens right after one of `words` ("after talks …", "during a visit …").
    fn main_subject_after(
        &self,
        sv: &SentenceView,
        start: usize,
        words: &[&str],
        st: &DocState,
    ) -> Option<Vec<Party>> {
        if start <= sv.start || !words.contains(&sv.word(start - 1).as_ref()) {
            return None;
        }
        self.main_subject_parties(sv, start, st)
    }

    /// Parties a pronoun unit names: "we" in a quotation, "it"/"they" (the group or country
    /// named before), "he"/"his country" (the person named before).
    fn pronoun_parties(
        &self,
        sv: &SentenceView,
        u: &crate::clause::Unit,
        head: Option<&str>,
        text: &str,
        st: &DocState,
        out: &mut Vec<Party>,
    ) {
        let toks = &sv.tokens[u.start..u.end];
        // Pronouns and "his country".
        let first = toks.first().map(lower).unwrap_or_default();
        // "the United Arab Emirates, which Sudan's government accuses of arming the RSF": a
        // relative pronoun stands for the noun its clause modifies.
        if toks.len() == 1
            && matches!(first.as_str(), "which" | "who" | "whom")
            && let Some(p) = sv.parse
            && let Some(v) = p.head(u.start)
            && p.rel(v) == "acl:relcl"
            && let Some(noun) = p.head(v)
            && noun < u.start
            && let Some(nu) = sv.unit_of(noun)
            && sv.units.get(nu).is_some_and(|x| x.end <= u.start)
        {
            let arg = sv.arg_from_unit(nu);
            out.extend(self.parties(sv, &arg, st));
            return;
        }
        // "We", "our forces" inside a quotation: the speaker's side — the speaker's
        // organisation or, for a person, the country they speak for.
        if matches!(first.as_str(), "we" | "us" | "our")
            && let Some(p) = self.quoted_self(u.start, st)
        {
            out.push(p);
            return;
        }
        // The person the pronoun refers to: in a clause the parse puts under another
        // ("Katsav refused to meet Abdullah, saying he would only welcome him in
        // Jerusalem"), the main clause's subject where that is a person; otherwise the
        // nearest person named before the pronoun in this sentence, else earlier.
        let main_subject = sv.parse.and_then(|p| {
            if !p.rel(u.start).starts_with("nsubj") {
                return None;
            }
            let mut h = p.head(u.start)?;
            while let Some(up) = p.head(h) {
                h = up;
            }
            let s = p.child(h, "nsubj")?;
            (s < u.start).then_some(s)
        });
        let here = main_subject
            .and_then(|s| {
                sv.mentions
                    .iter()
                    .find(|m| m.kind == EntityKind::Person && m.full_start <= s && s < m.tok_end)
            })
            .or_else(|| {
                sv.mentions
                    .iter()
                    .rfind(|m| m.kind == EntityKind::Person && m.tok_end <= u.start)
            });
        let owned_state = matches!(
            head,
            Some(
                "country"
                    | "government"
                    | "nation"
                    | "administration"
                    | "military"
                    | "forces"
                    | "troops"
                    | "army"
                    // "said its air force shot down"
                    | "force"
                    // "said its aircraft had struck", "its air defences shot down"
                    | "aircraft"
                    | "warplanes"
                    | "jets"
                    | "navy"
                    | "warships"
                    | "defences"
                    | "defenses"
                    // "fired a water cannon at one of its boats"
                    | "boat"
                    | "boats"
                    | "vessel"
                    | "vessels"
                    | "ship"
                    | "ships"
                    // "opened fire on its positions"
                    | "positions"
                    | "outposts"
                    | "bases"
            )
        );
        let bare = toks.len() == 1;
        // "Iraq said it would…", "the rebels said they will…": the nearest group or country
        // named before in the sentence.
        if self.rules.group_pronouns.contains(first.as_str()) && (bare || owned_state) {
            // The sentence's subject first ("the EU imposed sanctions on companies it
            // accuses"), else the nearest group named before. An object pronoun is not its
            // clause's subject ("the EU imposed sanctions on Wagner, accusing it of …"):
            // there the nearest group named before, other than the sentence's subject.
            let object = bare
                && sv
                    .parse
                    .is_some_and(|p| matches!(p.rel(u.start), "obj" | "iobj"));
            let first_unit = sv.units.iter().find(|x| x.end <= u.start).map(|x| x.start);
            // "accepted a U.S. proposal …, but the RSF rejected it": an object "it" after a
            // plan, deal or truce named in the sentence stands for that, so its parties are
            // whoever the phrase says made it (none, if it says none).
            // (The nearest such phrase that names a maker: "a U.S. proposal for a truce".)
            let accords: Vec<&crate::clause::Unit> = sv
                .units
                .iter()
                .rev()
                .filter(|x| {
                    x.end <= u.start
                        && x.end > x.start
                        && self
                            .rules
                            .in_class("accord_nouns", &sv.tokens[x.end - 1].lemma)
                })
                .collect();
            if object && first == "it" && !accords.is_empty() {
                for x in accords {
                    let arg = crate::clause::Arg {
                        start: x.start,
                        end: x.end,
                        units: vec![x.clone()],
                    };
                    let ps = self.parties(sv, &arg, st);
                    if !ps.is_empty() {
                        out.extend(ps);
                        break;
                    }
                }
                return;
            }
            // (Not the dateline's place: "SEOUL - North Korea confirmed … that it had sent
            // troops" is North Korea's act.)
            let side_in = |x: &crate::clause::Unit| {
                x.mentions
                    .iter()
                    .map(|&i| &sv.mentions[i])
                    .filter(|m| m.tok_end > st.dateline_end)
                    .find(|m| {
                        matches!(
                            m.kind,
                            EntityKind::Country | EntityKind::Organization | EntityKind::Group
                        )
                    })
                    .cloned()
            };
            // The whole subject phrase of the sentence, with its "of"/"from" phrase ("the
            // show of force from Beijing … an encounter it had warned …").
            let subject_side = sv
                .parse
                .filter(|_| !object)
                .and_then(|p| (sv.start..sv.end).find(|&t| p.head(t).is_none()))
                .and_then(|root| sv.dep_subject(root))
                .filter(|a| a.end <= u.start)
                .and_then(|a| a.units.iter().find_map(side_in));
            let before = subject_side.or_else(|| {
                sv.units
                    .iter()
                    .filter(|x| x.end <= u.start)
                    .take(usize::from(!object))
                    .chain(
                        sv.units
                            .iter()
                            .rev()
                            .filter(|x| x.end <= u.start)
                            .filter(|x| !object || Some(x.start) != first_unit),
                    )
                    .find_map(side_in)
            });
            // "said striking doctors would not be paid … and urged them to return": a plural
            // pronoun with no named party before it stands for the nearest group named by its
            // kind before it in the sentence.
            let kind_before = || {
                if !matches!(first.as_str(), "they" | "them" | "their") {
                    return None;
                }
                // (not the sentence's first unit: a pronoun that stands for the sentence's
                // subject is read above, and one that does not is not it)
                sv.units
                    .iter()
                    .rev()
                    .filter(|x| x.end <= u.start)
                    .filter(|x| Some(x.start) != first_unit)
                    .find(|x| {
                        x.mentions.is_empty()
                            && x.end > x.start
                            // (the head of a phrase that names no one: not "militants" of
                            // "Al Shabaab militants" split by the chunker)
                            && sv
                                .arg_of_head(x.end - 1)
                                .is_none_or(|a| a.mentions().next().is_none())
                            && !(x.start..x.end).any(|k| sv.word(k) == "of")
                            && {
                                let h = lower(&sv.tokens[x.end - 1]);
                                h.ends_with('s')
                                    && self.rules.sector_nouns.contains_key(h.as_ref())
                                    && !self.rules.group_pronouns.contains(h.as_ref())
                            }
                    })
            };
            if let Some(m) = before {
                let mut party = party_from_mention(&m, None, self.rules, "");
                party.name = m.name.clone();
                out.push(party);
            } else if let Some(x) = kind_before() {
                let arg = crate::clause::Arg {
                    start: x.start,
                    end: x.end,
                    units: vec![x.clone()],
                };
                out.extend(self.parties(sv, &arg, st));
            } else if !object
                // "The government said it would not withdraw the bill": a ruling body named
                // only by its kind names no group mention; its parties as a subject are the
                // pronoun's.
                && let Some(subject) = sv
                    .parse
                    .and_then(|p| (sv.start..sv.end).find(|&t| p.head(t).is_none()))
                    .and_then(|root| sv.dep_subject(root))
                    .filter(|a| a.end <= u.start)
                    .filter(|a| {
                        a.end > a.start
                            && RULING.contains(&lower(&sv.tokens[a.end - 1]).as_ref())
                    })
            {
                out.extend(
                    self.parties(sv, &subject, st)
                        .into_iter()
                        .filter(|p| p.country.is_some()),
                );
            }
            return;
        }

        // "Serbia's president said he would not resign": a person named only by a title and a
        // country is that country's, for the pronoun too.
        if (self.rules.person_pronouns.contains(first.as_str()) || first == "he" || first == "she")
            && bare
            && here.is_none()
            && let Some(p) = sv.parse
            && let Some(s) = main_subject
            && s < u.start
            && let Some(subj) = p.head(s).and_then(|h| sv.dep_subject(h))
            && subj.end <= u.start
            && (subj.start..subj.end).any(|i| {
                self.rules
                    .title_words
                    .contains(lower(&sv.tokens[i]).as_ref())
            })
        {
            let parties: Vec<Party> = self
                .parties(sv, &subj, st)
                .into_iter()
                .filter(|x| x.country.is_some())
                .collect();
            if !parties.is_empty() {
                out.extend(parties);
                return;
            }
        }
        if (self.rules.person_pronouns.contains(first.as_str()) || first == "he" || first == "she")
            && (bare || owned_state)
            && let Some(p) = here.or(st.last_person.as_ref())
        {
            let mut party = party_from_mention(p, None, self.rules, "");
            if owned_state {
                party.kind = EntityKind::Country;
                party.name = text.to_string();
                party.entity = p.country.as_ref().map(|c| format!("country:{c}"));
                party.role = None;
            }
            out.push(party);
        }
    }

    fn tokens_lemmas<'t>(
        &self,
        toks: &'t [Token],
    ) -> impl Iterator<Item = (&'t str, std::borrow::Cow<'t, str>)> + 't {
        toks.iter().map(|t| (t.lemma.as_str(), lower(t)))
    }

    pub(crate) fn has_any(&self, toks: &[Token], set: &crate::rules::Set) -> bool {
        self.tokens_lemmas(toks).any(|(l, w)| {
            set.contains(l)
                || set.contains(w.as_str())
                || w.strip_suffix('s').is_some_and(|x| set.contains(x))
        })
    }

    /// Codes the events of one sentence.
    #[allow(clippy::too_many_arguments)]
    pub fn sentence(
        &self,
        sv: &SentenceView,
        sentence: usize,
        caption: bool,
        dates: &[DateExpr],
        counts: &[Count],
        st: &mut DocState,
        dateline: Option<&Location>,
    ) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        // Violence told only by its victims, with no attacker to be found (see below).
        let mut victims_only: Vec<Candidate> = Vec::new();
        // Token ranges whose triggers are absorbed by a governing verb or a light verb.
        let mut consumed: Vec<(usize, usize)> = Vec::new();
        // Subjects of finite verb groups, for elided subjects of infinitives and participles.
        let mut last_subject: Option<Arg> = None;
        let mut governing: Option<usize> = None;
        if trace() == Some("tokens") {
            let toks: Vec<String> = (sv.start..sv.end)
                .map(|k| {
                    let t = &sv.tokens[k];
                    format!("{}/{:?}/{}", t.norm, t.tag, t.lemma)
                })
                .collect();
            eprintln!("trace: tokens {}", toks.join(" "));
        }
        for k in sv.start..sv.end {
            crate::work(1 + consumed.len() as u64);
            let t = &sv.tokens[k];
            if let Some(&(a, b)) = consumed.iter().find(|&&(a, b)| a <= k && k < b) {
                if trace().is_some() && self.rules.nouns.contains_key(&t.lemma) {
                    eprintln!(
                        "trace: {} is inside the complement {a}..{b} of a verb coded before",
                        sv.word(k)
                    );
                }
                continue;
            }
            if t.tag == Tag::MD
                && self
                    .rules
                    .obligation
                    .as_ref()
                    .is_some_and(|o| o.modals.contains(&t.lemma))
            {
                if let Some(mut c) = self.obligation(sv, k, st) {
                    c.sentence = sentence;
                    c.caption = caption;
                    self.attributes(sv, &mut c, dates, counts, st, dateline);
                    let cend = c.clause.1;
                    out.push(c);
                    consumed.push((k, cend));
                }
                continue;
            }
            // A gerund the word lists took for a noun but the parser reads as a verb
            // ("has begun releasing prisoners") is coded as the verb it is.
            // Only where it heads its own phrase: inside a noun run ("the US and UK launching
            // airstrikes") the runs around it are not its arguments.
            let gerund = !t.tag.is_verb()
                && lower(t).ends_with("ing")
                && sv.parse.is_some_and(|p| p.upos(k) == "VERB")
                // (or a crowd's participle the parse hangs on the noun before it: "young
                // people marching on parliament")
                && (sv.unit_of(k).is_none_or(|u| sv.units[u].start == k)
                    || (sv
                        .parse
                        .is_some_and(|p| p.rel(k) == "acl" && p.xpos(k) == "VBG")
                        && self.rules.gerund_verb(&lower(t)).is_some_and(|l| {
                            l.iter().any(|r| r.event_type == EventType::Protest)
                        })))
                // "accused them of cooperating with …": the gerund of a preposition is what
                // someone is accused of, suspected of or charged with, not an event.
                && !(k > sv.start && matches!(sv.tokens[k - 1].tag, Tag::IN | Tag::TO));
            // "an ultimatum to withdraw", "a proposal to resume talks", "calls to end the
            // fighting": an infinitive completing a noun that codes a threat, demand or offer is
            // what is threatened, demanded or offered, not an event of its own.
            if t.tag == Tag::VB
                && let Some(p) = sv.parse
                && p.rel(k) == "acl"
                && p.child(k, "mark").is_some_and(|m| sv.word(m) == "to")
                && let Some(h) = p.head(k)
                && (self.rules.nouns.get(&sv.tokens[h].lemma).is_some_and(|l| {
                    l.iter().any(|r| {
                        matches!(
                            r.event_type,
                            EventType::Threaten | EventType::Request | EventType::Agree
                        )
                    })
                })
                    // "Sweden's decision to send them back", "a bid to retake the town": what
                    // is decided, planned or attempted is not told as done.
                    || self.rules.in_class("intent_nouns", &sv.tokens[h].lemma))
            {
                continue;
            }
            // (Read off the words too, where the parser hangs the infinitive elsewhere.)
            if t.tag == Tag::VB
                && k >= sv.start + 2
                && sv.word(k - 1) == "to"
                && self.rules.in_class("intent_nouns", &sv.tokens[k - 2].lemma)
                && sv.tokens[k - 2].tag.is_noun()
            {
                continue;
            }
            // An auxiliary ("has threatened", "was attacked") is no predicate of its own.
            if t.tag.is_verb()
                && sv
                    .parse
                    .is_some_and(|p| matches!(p.rel(k), "aux" | "aux:pass"))
            {
                continue;
            }
            // "protested against the sentencing of six people": a gerund after a determiner
            // that the parser reads as a noun in a prepositional phrase names an event whose
            // doer is not the clause's subject, so only a noun rule for the word itself may
            // code it ("against the killing of"). As a verb's object it is coded as that verb
            // ("announced the lifting of sanctions": the announcer lifts them).
            let nominal_gerund = t.tag == Tag::VBG
                && k > sv.start
                && matches!(sv.tokens[k - 1].tag, Tag::DT | Tag::PRPS | Tag::POS)
                && sv
                    .parse
                    .is_some_and(|p| p.upos(k) == "NOUN" && p.child(k, "case").is_some());
            let (pos, list) = if nominal_gerund {
                match self.rules.nouns.get(lower(t).as_ref()) {
                    Some(l) => (TriggerPos::Noun, l),
                    None => continue,
                }
            } else if t.tag.is_verb() || gerund {
                let lemma_rules = self
                    .rules
                    .verbs
                    .get(&t.lemma)
                    // (A participle whose lemma the word lists did not reduce: "people
                    // marching on parliament".)
                    .or_else(|| {
                        self.rules.gerund_verb(&lower(t)).filter(|l| {
                            gerund
                                || (t.tag == Tag::VBG
                                    && l.iter().any(|r| r.event_type == EventType::Protest))
                        })
                    });
                match lemma_rules {
                    Some(l) => (TriggerPos::Verb, l),
                    None => {
                        if let Some(c) = sv.verb_at(k)
                            && c.head == k
                            && c.tense != Tense::Nonfinite
                            && let Some(s) = sv.subject_before(c.tok_start)
                            && !self.parties(sv, &s, st).is_empty()
                        {
                            last_subject = Some(s);
                        }
                        continue;
                    }
                }
            } else if t.tag.is_noun()
                && !sv
                    .mentions
                    .iter()
                    .any(|m| m.full_start <= k && k < m.tok_end)
            {
                match self.rules.nouns.get(&t.lemma) {
                    Some(l) => (TriggerPos::Noun, l),
                    None => continue,
                }
            } else {
                continue;
            };
            let cand = match pos {
                TriggerPos::Verb => self.verb_event(
                    sv,
                    k,
                    list,
                    st,
                    &mut last_subject,
                    &mut consumed,
                    &mut governing,
                    &out,
                ),
                // "On 19 March": a word inside a date is no event noun.
                TriggerPos::Noun if dates.iter().any(|d| d.tok_start <= k && k < d.tok_end) => None,
                TriggerPos::Noun => {
                    let c = self.noun_event(sv, k, list, st);
                    if c.is_none() && trace().is_some() {
                        eprintln!("trace: noun {} codes nothing here", sv.word(k));
                    }
                    c
                }
            };
            let Some(mut c) = cand else { continue };
            if let Some(why) = self.not_told_as_event(sv, k, pos, &c) {
                if trace().is_some() {
                    eprintln!("trace: not an event ({why}): {}", sv.word(k));
                }
                continue;
            }
            c.sentence = sentence;
            c.caption = caption;
            // "Another ship was attacked", "a second drone strike": a new event of the kind.
            // (Only the first event of the sentence: the others may be the same one told
            // again, "launched another series of drone and missile strikes".)
            c.another = out.is_empty()
                && (c.clause.0..k).any(|j| {
                    let w = sv.word(j);
                    // (not "another 13 were wounded": more victims of the same)
                    (w == "another"
                        && sv.tokens.get(j + 1).is_some_and(|t| {
                            t.kind != sitrep_model::TokenKind::Number && t.tag != Tag::CD
                        }))
                        || (matches!(w.as_ref(), "second" | "third" | "fourth")
                            && j > sv.start
                            && sv.word(j - 1) == "a")
                })
                // "Three more soldiers were killed in a separate bombing": a separate one,
                // wherever the clause names it.
                || (c.clause.0..c.clause.1.min(sv.end)).any(|j| {
                    matches!(sv.word(j).as_ref(), "separate" | "unrelated")
                        && sv.tokens.get(j + 1).is_some_and(|t| t.tag.is_noun())
                });
            // "These attacks", "this strike": a noun told as an event already known. (Not
            // "the attack on Pétionville", which may tell an event afresh.)
            c.refers_back = (sv.tokens[k].tag.is_noun()
                && k > sv.start
                && matches!(sv.word(k - 1).as_ref(), "this" | "these" | "that" | "those"))
                // "The pact was signed in Manila by …": an act done to a definite accord the
                // report named before ("the pact", "the deal") tells that act again.
                || (!sv.tokens[k].tag.is_noun() && self.acts_on_known_accord(sv, k));
            if caption {
                c.confidence *= 0.6;
            }
            self.attributes(sv, &mut c, dates, counts, st, dateline);
            self.unsaid_actors(sv, &mut c, st);
            // (A protest whose crowd got its country only from the report is aimed at that
            // country's own government, as one whose crowd named it is.)
            if c.event_type == EventType::Protest && c.recipients.is_empty() {
                c.recipients = self_recipient(&c.actors);
            }
            if c.place_weak
                && let Some(l) = c.location.as_mut()
            {
                l.inferred = true;
            }
            if trace().is_some() {
                let codes = |ps: &[Party]| {
                    ps.iter()
                        .map(|p| p.country.as_deref().unwrap_or(p.name.as_str()).to_string())
                        .collect::<Vec<_>>()
                };
                eprintln!(
                    "trace: candidate {:?} at {} {:?} -> {:?} clause {:?} place {:?} counts {:?}",
                    c.event_type,
                    sv.word(c.trigger_tok),
                    codes(&c.actors),
                    codes(&c.recipients),
                    c.clause,
                    c.location.as_ref().map(|l| l.name.as_str()),
                    c.magnitude
                        .iter()
                        .map(|m| (m.measure.as_str(), m.count))
                        .collect::<Vec<_>>()
                );
            }
            if c.actors.is_empty() {
                if c.event_type == EventType::Assault && c.aux.is_none() {
                    victims_only.push(c);
                }
                continue;
            }
            if st.lead_date.is_none()
                && c.aux.is_none()
                && let Some(d) = &c.date
                && d.text.is_some()
                && d.precision == Precision::Day
                && let (Some(day), Some(p)) = (d.start, self.published)
                && (0..=LEAD_DATE_DAYS).contains(&(p - day).num_days())
            {
                st.lead_date = Some(DateInfo {
                    start: d.start,
                    end: d.end,
                    precision: Precision::Day,
                    text: None,
                });
            }
            // "The SDF arrested a number of young men": an armed group's "arrest" is no state's
            // lawful repression but an abduction.
            if c.event_type == EventType::Coerce
                && c.mode.iter().any(|m| m == "arrest")
                && !c.actors.is_empty()
                && c.actors
                    .iter()
                    .all(|a| a.kind == EntityKind::Group && a.sector.as_deref() == Some("REB"))
            {
                c.event_type = EventType::Assault;
                c.mode = vec!["abduct".into()];
            }
            // "would deny entry to the United States to …": a country sanctions others, never
            // itself; its own country named by the clause is where, not whom. (A court's
            // sentence convicts the country's own people.)
            if c.event_type == EventType::Sanction
                && targets_only_own(&c)
                && !c.mode.iter().any(|m| m == "convict")
            {
                c.recipients.clear();
            }
            // "Its troops had arrested 15 wanted suspects" after "Israeli forces killed two
            // Palestinians during a raid on the Jenin camp": people a force seizes or strikes,
            // named only by what they are (no capitalised word gives them a side), whom the
            // default gave the doers' own country, are of the side those doers were last
            // fighting in the report.
            if matches!(c.event_type, EventType::Coerce | EventType::Assault)
                && targets_only_own(&c)
                && c.recipients.iter().all(|r| {
                    (r.kind == EntityKind::Group && !r.name.chars().any(char::is_uppercase))
                        // (or a country the sentence does not name: the default's)
                        || (r.kind == EntityKind::Country
                            && !(sv.start..sv.end).any(|i| {
                                r.name.split_whitespace().next() == Some(sv.tokens[i].norm.as_str())
                            }))
                })
                && let Some(foes) = {
                    let own = codes_of(&c.actors);
                    st.assaults.iter().rev().find_map(|(a, r)| {
                        let theirs = codes_of(r);
                        (codes_of(a) == own
                            && !theirs.is_empty()
                            && theirs.iter().all(|t| !own.contains(t)))
                        .then(|| r.clone())
                    })
                }
            {
                c.recipients = foes;
            }
            // "arrested 22 Indian fishermen and seized three trawlers": a coordinated act of
            // repression by the same doers that names no other side of its own is aimed where
            // the first was.
            // "suspended Guinea-Bissau … and demanded a swift return to constitutional order":
            // a demand, warning or charge coordinated with a deed names no one of its own; it
            // is made to whom the deed was aimed.
            // (Repression only among deeds: "kidnapped Russian advisers and exploded bombs in
            // Kabul" aims its bombs elsewhere.)
            let verbal = matches!(
                c.event_type,
                EventType::Request | EventType::Threaten | EventType::Accuse
            );
            if (c.recipients.is_empty() || (targets_only_own(&c) && !verbal))
                && (c.event_type == EventType::Coerce || verbal)
                && let Some(p) = sv.parse
                && p.rel(c.trigger_tok) == "conj"
                && let Some(h) = p.head(c.trigger_tok)
                && let Some(first) = out.iter().rev().find(|o| {
                    o.trigger_tok == h
                        && o.sentence == sentence
                        && (o.event_type == EventType::Coerce
                            || (verbal && crate::merge::material(o.event_type))
                            || (verbal && o.event_type == EventType::Sanction))
                        && codes_of(&o.actors) == codes_of(&c.actors)
                        && !o.recipients.is_empty()
                        && !targets_only_own(o)
                })
            {
                c.recipients = first.recipients.clone();
            }
            // "called for an independent investigation into the strike": a call for an inquiry
            // into an act the report told is made to whoever did the act.
            if c.event_type == EventType::Request
                && c.recipients.is_empty()
                && let Some(inq) = (c.trigger_tok + 1..(c.trigger_tok + 8).min(sv.end)).find(|&i| {
                    matches!(
                        sv.tokens[i].lemma.as_str(),
                        "investigation" | "inquiry" | "probe" | "enquiry"
                    )
                })
                && let Some(act) = (inq + 1..(inq + 6).min(sv.end))
                    .skip_while(|&i| !matches!(sv.word(i).as_ref(), "into" | "of"))
                    .skip(1)
                    .find_map(|i| {
                        self.rules
                            .nouns
                            .get(&sv.tokens[i].lemma)
                            .and_then(|l| l.first())
                            .map(|r| r.event_type)
                    })
                && let Some(doers) = st.acts.iter().rev().find_map(|(ty, a, _)| {
                    let theirs = crate::sides::others(&c, a);
                    (*ty == act && !theirs.is_empty()).then_some(theirs)
                })
            {
                c.recipients = doers;
            }
            // "urged the early release of the fishermen": a call for a release is made to
            // whoever holds the people, as the report's latest arrest tells.
            if c.event_type == EventType::Request
                && (c.recipients.is_empty() || targets_only_own(&c))
                && (c.trigger_tok + 1..(c.trigger_tok + 6).min(sv.end))
                    .any(|i| matches!(sv.tokens[i].lemma.as_str(), "release" | "freeing"))
                && let Some(holders) = st.captors.back()
            {
                let theirs = crate::sides::others(&c, holders);
                if !theirs.is_empty() {
                    c.recipients = theirs;
                }
            }
            // (A government's protest is an accusation first, and then reacts as one.)
            diplomatic_protest(sv, &mut c);
            self.reaction_targets(sv, &mut c, st, &out);
            // Targets filled in since the fighting rule ran may be the doers' own.
            crate::sides::mutual_sides(&mut c, false);
            if let Some(why) = told_with_earlier(sv, &c, &out, sentence) {
                if trace().is_some() {
                    eprintln!("trace: not an event ({why}): {}", sv.word(c.trigger_tok));
                }
                continue;
            }
            if let Some(split) = split_by_direction(&c)
                .or_else(|| split_phone_call(&c))
                .or_else(|| crate::passes::split_swap(sv, &c, self.rules))
            {
                out.extend(split);
                continue;
            }
            // "Protests also took place in Mombasa and Kisumu": one event in each town.
            if let Some(second) = c.also_at.take()
                && matches!(c.event_type, EventType::Protest | EventType::Assault)
                && c.magnitude.is_empty()
            {
                let mut other = c.clone();
                other.location = Some(second);
                out.push(other);
            }
            if detail_of_attack(sv, &c, &mut out, sentence)
                || manner_of_arrest(sv, &c, &out)
                || outcome_of_attack(sv, &c, &out)
            {
                if trace().is_some() {
                    eprintln!(
                        "trace: detail of an event told before: {}",
                        sv.word(c.trigger_tok)
                    );
                }
                continue;
            }
            remember(st, &c);
            out.push(c);
        }
        self.protest_behind_dispersal(sv, &mut out, st);
        attach_victims_only(&mut out, victims_only, sentence);
        attach_place_only_casualties(&mut out, sentence);
        drop_request_contents(sv, &mut out);
        attach_unclaimed_counts(&mut out, counts, sentence);
        shared_targets(sv, &mut out);
        out
    }

    /// The side a first-person plural at token `k` speaks for: the speaker of the quotation
    /// around it, as an organisation or group, or a person's country.
    pub(crate) fn quoted_self(&self, k: usize, st: &DocState) -> Option<Party> {
        let (_, _, p) = st
            .quote_speakers
            .iter()
            .find(|(a, b, _)| *a <= k && k < *b)?;
        match p.kind {
            EntityKind::Organization | EntityKind::Group | EntityKind::Country => Some(p.clone()),
            _ => p
                .country
                .as_deref()
                .filter(|c| c.len() == 3)
                .map(|c| country_party(self.kb, c)),
        }
    }

    /// The words naming the doers of an event in its clause before the trigger, when they
    /// are a noun group with a noun or name of its own (not a pronoun or a number alone).
    /// The words of a protest's subject when they name a crowd ("young people", "hundreds
    /// of residents"): the subject before the trigger, or the noun a participle trigger
    /// describes ("people marching on parliament").
    pub(crate) fn crowd_doers(&self, sv: &SentenceView, c: &Candidate) -> Option<String> {
        let k = c.trigger_tok;
        let noun = sv
            .parse
            .filter(|p| p.rel(k) == "acl")
            .and_then(|p| p.head(k))
            .filter(|&h| h < k)
            .map(|h| (h, sv.unit_of(h).map_or(h, |u| sv.units[u].start)))
            .or_else(|| {
                let s = sv.dep_subject(k).or_else(|| sv.subject_before(k))?;
                let h = (s.start..s.end)
                    .rev()
                    .find(|&i| sv.tokens[i].tag.is_noun())?;
                Some((h, s.start))
            })?;
        let (h, start) = noun;
        self.rules
            .in_class("crowd", &sv.tokens[h].lemma)
            .then(|| crate::mentions::join(&sv.tokens[start..=h]))
    }

    pub(crate) fn unplaced_doers(&self, sv: &SentenceView, c: &Candidate) -> Option<String> {
        // An event noun held by a verb ("residents staged a demonstration"): the verb's
        // subject did it.
        let k = sv
            .parse
            .filter(|p| sv.tokens[c.trigger_tok].tag.is_noun() && p.rel(c.trigger_tok) == "obj")
            .and_then(|p| p.head(c.trigger_tok))
            .filter(|&h| h < c.trigger_tok && self.rules.in_class("stage", &sv.tokens[h].lemma))
            .map_or(c.trigger_tok, |h| sv.verb_at(h).map_or(h, |v| v.tok_start));
        let held = k != c.trigger_tok;
        let subj = sv
            .dep_subject(k)
            .filter(|s| held && s.end <= k)
            .or_else(|| sv.subject_before(k).filter(|s| s.end <= k))?;
        let toks = &sv.tokens[subj.start..subj.end];
        let head = toks.iter().rev().find(|t| t.tag.is_noun())?;
        let h = lower(head);
        if self.rules.person_pronouns.contains(h.as_ref())
            || self.rules.group_pronouns.contains(h.as_ref())
            || self.rules.place_nouns.contains(h.as_ref())
            // (a weapon is no doer: "Drones hit Port Sudan")
            || (!named_in(toks) && self.rules.projectiles.contains(&head.lemma))
        {
            return None;
        }
        // A noun for an armed or civil group ("gunmen", "forces", "rioters"), or a name the
        // knowledge base does not know ("GNA and LNA forces", "Awami League").
        let named = named_in(toks);
        let group_noun = self.rules.sector_nouns.contains_key(h.as_ref())
            || self.rules.sector_nouns.contains_key(head.lemma.as_str());
        (named || group_noun).then(|| crate::mentions::join(toks))
    }

    /// The country of a coup the trigger's clause names after the trigger, or its sentence
    /// before it (a word of the `coup` class): a country named within the next few words ("the coup in Niger",
    /// "Niger's coup"), else the country the report is mostly about.
    pub(crate) fn coup_country(
        &self,
        sv: &SentenceView,
        c: &Candidate,
        st: &DocState,
    ) -> Option<String> {
        let coup = self.rules.classes.get("coup")?;
        let from = c.trigger_tok + 1;
        let to = c.clause.1.min(from + 10).min(sv.end);
        // After the trigger ("condemned the coup"), else anywhere before it in the sentence
        // ("After the coup in Niger, France suspended aid").
        let at = (from..to)
            .chain(sv.start..c.trigger_tok)
            .find(|&k| coup.iter().any(|w| *w == sv.tokens[k].lemma))?;
        let own = |x: &Option<String>| c.actors.iter().any(|a| a.country == *x);
        let near = sv.mentions.iter().find(|m| {
            m.tok_start + 3 >= at
                && m.tok_start <= at + 4
                && matches!(m.kind, EntityKind::Country | EntityKind::Place)
                && !own(&m.country)
        });
        near.and_then(|m| m.country.clone())
            .filter(|c| c.len() == 3)
            .or_else(|| st.coup_country.clone())
            .or_else(|| st.main_country.clone())
    }

    /// Whether the trigger's clause names an attack after the trigger ("condemned the
    /// strikes", "warned of retaliation for the raid").
    pub(crate) fn reacts_to_attack(&self, sv: &SentenceView, c: &Candidate) -> bool {
        let from = c.trigger_tok + 1;
        let to = c.clause.1.min(from + 8).min(sv.end);
        (from..to).any(|k| {
            let t = &sv.tokens[k];
            t.tag.is_noun()
                && self
                    .rules
                    .nouns
                    .get(&t.lemma)
                    .is_some_and(|l| l.iter().any(|r| r.event_type == EventType::Assault))
        })
    }

    /// Countries of places named in locative or directional prepositional arguments, as
    /// parties: the target of aid, of a visit, of a curfew.
    /// The countries of the places an act was directed at; with `moved` (troops withdrawn or
    /// deployed) also the places they left or massed along.
    pub(crate) fn place_parties(
        &self,
        sv: &SentenceView,
        preps: &[(String, Arg)],
        moved: bool,
    ) -> Vec<Party> {
        let mut out: Vec<Party> = Vec::new();
        for (p, a) in preps {
            let direction = matches!(
                p.as_str(),
                "to" | "in" | "into" | "on" | "at" | "for" | "inside"
            ) || (moved
                && matches!(p.as_str(), "from" | "of" | "along" | "near" | "around"));
            if !direction {
                continue;
            }
            let placey = a.units.iter().any(|u| {
                sv.tokens[u.start..u.end]
                    .iter()
                    .rev()
                    .find(|t| t.tag.is_noun())
                    .is_some_and(|t| self.rules.place_nouns.contains(lower(t).as_str()))
            });
            for mi in a.mentions() {
                let m = &sv.mentions[mi];
                // "on the Thai border": the country a border is named for is where the other
                // side begins, not where the event was aimed.
                // (Troops moved to a border are sent against the country beyond it.)
                let border = !moved
                    && m.kind == EntityKind::Country
                    && sv.tokens.get(m.tok_end).is_some_and(|t| {
                        matches!(lower(t).as_ref(), "border" | "borders" | "frontier")
                    });
                if (m.kind == EntityKind::Place || (placey && m.kind == EntityKind::Country))
                    && !border
                    && let Some(cc) = m.country.as_deref()
                    && !out.iter().any(|x| x.country.as_deref() == Some(cc))
                {
                    out.push(country_party(self.kb, cc));
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        out
    }

    /// "X said (that) Y must/should …": X asks Y to act.
    fn obligation(&self, sv: &SentenceView, k: usize, st: &DocState) -> Option<Candidate> {
        let ob = self.rules.obligation.as_ref()?;
        // The clause subject right before the modal.
        let subj = sv.subject_before(k)?;
        let recipients = self.parties(sv, &subj, st);
        if recipients.is_empty() {
            return None;
        }
        // The speaker: subject of a speech verb before the clause.
        let speech = (sv.start..subj.start)
            .rev()
            .find(|&i| {
                sv.tokens[i].tag.is_verb() && self.rules.claim_verbs.contains(&sv.tokens[i].lemma)
            })
            .or_else(|| {
                // "…, Y must …, the minister said": a reporting verb after.
                (k..sv.end).find(|&i| {
                    sv.tokens[i].tag.is_verb()
                        && self.rules.claim_verbs.contains(&sv.tokens[i].lemma)
                        && i > sv.start
                        && sv.word(i - 1) != "to"
                })
            })?;
        let (vs, ve) = sv
            .verb_at(speech)
            .map_or((speech, speech + 1), |c| (c.tok_start, c.tok_end));
        let speaker = sv
            .subject_before(vs)
            .or_else(|| sv.unit_starting_at(ve).map(|u| sv.arg_from_unit(u)))?;
        let actors = self.parties(sv, &speaker, st);
        if actors.is_empty() {
            return None;
        }
        let own: Vec<Option<String>> = actors.iter().map(|a| a.country.clone()).collect();
        if recipients.iter().all(|r| own.contains(&r.country)) {
            return None;
        }
        Some(Candidate::read(
            k,
            (sv.clause_start(subj.start), sv.clause_end(k + 1)),
            ob.event_type,
            Vec::new(),
            Vec::new(),
            None,
            actors,
            recipients,
            0.55,
            ob.id.clone(),
        ))
    }

    /// The type and mode of the first coded verb in a complement ("to impose a curfew").
    pub(crate) fn complement_type(
        &self,
        sv: &SentenceView,
        from: usize,
        to: usize,
    ) -> Option<(EventType, Vec<String>)> {
        for k in from..to {
            let t = &sv.tokens[k];
            if !t.tag.is_verb() {
                continue;
            }
            let (_, ve) = sv
                .verb_at(k)
                .map_or((k, k + 1), |c| (c.tok_start, c.tok_end));
            let obj = &sv.tokens[ve..(ve + 4).min(to)];
            if let Some(r) = self.verb_rule_for(&t.lemma, obj) {
                return Some((r.event_type, r.mode.clone()));
            }
        }
        None
    }

    /// The first verb rule for `lemma` whose object words, if it names any, are among `obj`
    /// (the words after the verb).
    fn verb_rule_for(&self, lemma: &str, obj: &[Token]) -> Option<&Trigger> {
        self.rules
            .verbs
            .get(lemma)?
            .iter()
            .find(|r| r.object.is_empty() || self.has_any(obj, &r.object))
    }

    fn noun_event(
        &self,
        sv: &SentenceView,
        k: usize,
        list: &[Trigger],
        st: &DocState,
    ) -> Option<Candidate> {
        // An event noun a verb stops or refuses ("threatened to stop negotiations", "boycotted
        // the talks") is none: that verb's own rule codes the refusal. (One under a verb of
        // pretence, "simulate targeted strikes", is dropped in `sentence` with every trigger.)
        if let Some(p) = sv.parse
            && let Some(h) = p.head(k)
            && self.rules.in_class("cessation", &sv.tokens[h].lemma)
        {
            return None;
        }
        // "accused Sudan's army of indiscriminate shelling": what someone is accused of is the
        // accusation's content, not an event the report tells (as for a gerund there).
        // (The parse may hang the "of" phrase on the accused: "army … of shelling".)
        if let Some(p) = sv.parse
            && let Some(h) = p.head(k).map(|h| {
                if p.rel(h) == "obj" && p.upos(h) != "VERB" {
                    p.head(h).unwrap_or(h)
                } else {
                    h
                }
            })
            && p.child(k, "case").is_some_and(|c| sv.word(c) == "of")
            && self
                .rules
                .verbs
                .get(&sv.tokens[h].lemma)
                // (a verb that accuses by itself, not one that does with some objects only:
                // "sent dozens of warplanes" is no inspectors sent)
                .is_some_and(|l| {
                    l.iter()
                        .any(|r| r.event_type == EventType::Accuse && r.object.is_empty())
                })
        {
            return None;
        }
        if let Some(p) = sv.parse
            && let Some(h) = p.head(k)
        {
            let first = list.first().map(|r| r.event_type);
            // "condemned the strike as a dangerous escalation", "described the drills as a
            // threat to peace": a noun a judgement names its object by is a label, no event.
            if p.child(k, "case").is_some_and(|c| sv.word(c) == "as")
                && self.rules.in_class("reaction_verbs", &sv.tokens[h].lemma)
            {
                return None;
            }
            // "Turkey also condemned the attack": a definite event noun a reaction takes as its
            // object, where the report already told an event of that type, is that event
            // answered, not a new one.
            if p.rel(k) == "obj"
                && self.rules.in_class("reaction_verbs", &sv.tokens[h].lemma)
                && p.child(k, "det").is_some_and(|d| {
                    matches!(sv.word(d).as_ref(), "the" | "this" | "these" | "those")
                })
                && first.is_some_and(|t| st.acts.iter().any(|(a, _, _)| *a == t))
            {
                return None;
            }
        }
        let u = sv.unit_of(k)?;
        let unit = &sv.units[u];
        // "returned to normal shortly after the attacks", "since the strike": a definite event
        // noun in a phrase of time refers back to an event the report told; it tells no new one.
        if unit.start > sv.start
            && k > unit.start
            && matches!(
                sv.word(unit.start).as_ref(),
                "the" | "these" | "those" | "this" | "that"
            )
            && matches!(
                sv.word(unit.start - 1).as_ref(),
                "after" | "since" | "following" | "before" | "amid" | "during" | "despite"
            )
            && unit.mentions.is_empty()
        {
            return None;
        }
        let clause_end = sv.clause_end(k + 1);
        let preps = sv.prep_args(k + 1, clause_end);
        let before = (k > sv.start).then(|| lower(&sv.tokens[k - 1]));
        let rule = list.iter().find(|r| {
            // An "of" phrase is the complement of the noun right before it: "an arrest raid in
            // the neighbourhood of X" holds no arrest of X.
            if r.requires_prep
                && !preps.iter().any(|(p, _)| {
                    r.preps.contains(p)
                        && (p != "of" || sv.tokens.get(k + 1).is_some_and(|t| lower(t) == "of"))
                })
            {
                return false;
            }
            if before
                .as_ref()
                .is_some_and(|b| r.after_not.contains(b.as_ref()))
            {
                return false;
            }
            // A noun rule's `near` words must stand in its sentence ("lodged a protest").
            if !r.near.is_empty() && !self.has_any(&sv.tokens[sv.start..sv.end], &r.near) {
                return false;
            }
            // A noun rule's `object` words name what the noun is of ("an exchange of fire").
            if !r.object.is_empty()
                && !preps.iter().any(|(p, a)| {
                    p == "of" && self.has_any(&sv.tokens[a.start..a.end.min(sv.end)], &r.object)
                })
            {
                return false;
            }
            true
        })?;
        let own_parties = self.noun_own_parties(sv, k, u, st);
        let mut actors = Vec::new();
        let mut recipients = Vec::new();
        for (p, a) in &preps {
            // "talks mediated by the African Union": the mediator is no side of the talks.
            let mediator = p == "by"
                && a.start >= 2
                && matches!(
                    sv.word(a.start - 2).as_ref(),
                    "mediated"
                        | "brokered"
                        | "hosted"
                        | "facilitated"
                        | "sponsored"
                        | "organised"
                        | "organized"
                        | "convened"
                        | "chaired"
                        | "arranged"
                );
            if mediator {
                continue;
            }
            // "an agreement described by an AU official", "talks welcomed by the UN": the
            // agent of another participle is no party of the event noun; one that stages the
            // event is ("strikes carried out by", "a protest organised by").
            if p == "by" && a.start >= 2 {
                let mut v = a.start - 2;
                if v > sv.start && matches!(sv.word(v).as_ref(), "out" | "up" | "off") {
                    v -= 1;
                }
                let t = &sv.tokens[v];
                if v > k
                    && t.tag == Tag::VBN
                    && !self.rules.in_class("stage", &t.lemma)
                    && !matches!(
                        t.lemma.as_str(),
                        "claim" | "carry" | "organise" | "organize"
                    )
                {
                    continue;
                }
            }
            // "an attack by militants based in Afghanistan": a phrase that says where a party
            // is based or lives describes that party; it names no one the event is aimed at.
            if a.start >= 2
                && a.start - 2 >= sv.start
                && matches!(
                    sv.word(a.start - 2).as_ref(),
                    "based" | "stationed" | "located" | "headquartered" | "living"
                )
            {
                continue;
            }
            // "a demonstration over neglect by the county government": a "by" phrase the
            // parse hangs on another noun, or on an active verb (other than a participle
            // after the noun: "strikes carried out by"), is not the event noun's agent. On a
            // passive verb it is ("were slain in airstrikes by Pakistan's military").
            if p == "by"
                && let Some(parse) = sv.parse
                && let Some(h) = (a.start..a.end.min(sv.end))
                    .find(|&x| parse.head(x).is_none_or(|h| h < a.start || h >= a.end))
                    .and_then(|x| parse.head(x))
                && h != k
                && (matches!(parse.upos(h), "NOUN" | "PROPN")
                    || (parse.upos(h) == "VERB"
                        && !parse.passive(h)
                        && !(h > k && matches!(parse.xpos(h), "VBN" | "VBG"))))
            {
                continue;
            }
            let ps = self.parties(sv, a, st);
            if ps.is_empty() {
                continue;
            }
            if p == "by" {
                actors.extend(ps);
            } else if rule.preps.contains(p) {
                match rule.roles {
                    Roles::Symmetric => actors.extend(ps),
                    // "clashes between X and Y": the first side acts, the other receives.
                    _ if p == "between" && ps.len() >= 2 && actors.is_empty() => {
                        let mut ps = ps;
                        let first = ps.remove(0);
                        actors.push(first);
                        recipients.extend(ps);
                    }
                    _ => recipients.extend(ps),
                }
            }
        }
        actors.splice(0..0, own_parties);
        // "Israel gave Hezbollah an ultimatum", "the US issued Iran a stern warning": the verb
        // that hands the event noun to someone (its indirect object, or a first object the
        // parser read for one) names the noun's doer as its subject and the one handed it as
        // the recipient.
        if let Some(p) = sv.parse
            && p.rel(k) == "obj"
            && let Some(v) = p.head(k)
            && let Some(to) = p
                .children(v)
                .find(|&c| c < k && matches!(p.rel(c), "iobj" | "obj"))
            && let Some(by) = p.subject(v)
        {
            let doer = sv
                .arg_of_head(by)
                .map(|a| self.parties(sv, &a, st))
                .unwrap_or_default();
            let handed = sv
                .arg_of_head(to)
                .map(|a| self.parties(sv, &a, st))
                .unwrap_or_default();
            if !doer.is_empty() && !handed.is_empty() {
                actors = doer;
                recipients = handed;
            }
        }
        if rule.requires_recipient && recipients.is_empty() {
            return None;
        }
        // "Russian jets struck targets near Kharkiv": forces in a sentence of violence are
        // coded by what is done; a rule for where forces are placed says nothing more, nor
        // does it for forces placed on their own country's ground.
        if rule.requires_prep
            && rule.event_type == EventType::Mobilize
            && (recipients
                .iter()
                .all(|r| actors.iter().any(|a| a.country == r.country))
                || (sv.start..sv.end).any(|j| {
                    let t = &sv.tokens[j];
                    let obj = &sv.tokens[j + 1..(j + 5).min(sv.end)];
                    t.tag.is_verb()
                        && self
                            .verb_rule_for(&t.lemma, obj)
                            .is_some_and(|r| r.event_type == EventType::Assault)
                }))
        {
            return None;
        }
        // The subject of the verb whose object this noun is ("Zelensky joined a call with …"),
        // for an indefinite noun only: "the meeting" refers back to a meeting told before. A
        // noun a rule reads with its own "of" phrase is made definite by that phrase and
        // refers back to nothing ("ordered the detention of 40 people").
        let definite = matches!(
            sv.word(unit.start).as_str(),
            "the" | "this" | "that" | "these" | "those"
        ) && !(rule.requires_prep
            && sv.tokens.get(k + 1).is_some_and(|t| lower(t) == "of"));
        let vb = sv
            .verbs
            .iter()
            .rev()
            .find(|c| c.tok_end <= unit.start && unit.start - c.tok_end <= 6)
            .filter(|c| {
                let is_object = sv
                    .object_after(c.tok_end)
                    .is_some_and(|o| o.start == unit.start)
                    && !sv
                        .tokens
                        .get(unit.end)
                        .is_some_and(|t| t.tag.is_verb() || t.tag == Tag::MD);
                (is_object || !self.rules.claim_verbs.contains(&sv.tokens[c.head].lemma))
                    // "monitors recorded 12 explosions": who perceives is not who does
                    && !self.rules.in_class("perception", &sv.tokens[c.head].lemma)
                    // "police blocked the path of a car protest": who acts against a
                    // protest is not who protests
                    && (rule.event_type != EventType::Protest
                        || !self.rules.in_class("against_crowd", &sv.tokens[c.head].lemma))
                    && !c.negated
                    && !definite
            });
        // For a verb of lodging a protest (class `summoned_for`), the verb's subject as the
        // parse reads it where the noun is its object: "summoned the envoy to lodge a
        // protest" is the summoner's protest, not the envoy's (the nearest argument before
        // the verb).
        let parsed_subject = |c: &sitrep_model::Chunk| {
            let p = sv.parse?;
            let v = p.head(k).filter(|&v| {
                p.rel(k) == "obj"
                    && p.upos(v) == "VERB"
                    && v >= c.tok_start
                    && v < c.tok_end
                    && self.rules.in_class("summoned_for", &sv.tokens[v].lemma)
            })?;
            sv.dep_subject(v)
        };
        if let Some(c) = vb
            && let Some(s) = parsed_subject(c).or_else(|| sv.subject_before(c.tok_start))
        {
            let ps = self.parties(sv, &s, st);
            if rule.roles == Roles::Symmetric || actors.is_empty() {
                actors.splice(0..0, ps);
            }
        }
        // "Ethiopia and Somalia agreed to restore relations …, after talks hosted by Turkey":
        // talks told after "after" or "following" with no sides of their own were held by
        // the sides of the sentence's main clause.
        if rule.roles == Roles::Symmetric
            && actors.is_empty()
            && let Some(ps) = self.main_subject_after(sv, unit.start, &["after", "following"], st)
        {
            actors = ps;
        }
        // "Miners set off dynamite … during a protest demanding concessions": a protest in
        // which the main clause's people (not its state) acted is theirs.
        if rule.event_type == EventType::Protest
            && actors.is_empty()
            && let Some(ps) = self.main_subject_after(sv, unit.start, &["during", "at", "amid"], st)
        {
            actors = ps
                .into_iter()
                .filter(|x| !matches!(x.sector.as_deref(), Some("GOV" | "MIL")))
                .collect();
        }
        // "… the defence minister said on Thursday during a visit to Kyiv", "spoke on a trip
        // to Beijing": a visit the main clause's speaker or doer was on is theirs.
        if rule.roles == Roles::Visit
            && actors.is_empty()
            && let Some(ps) = self.main_subject_after(sv, unit.start, &["during", "on"], st)
        {
            actors = ps;
        }
        // "made the remarks at a news conference with his Omani counterpart": a meeting the
        // main clause's subject was at, with one other side named, has that subject as its
        // other side.
        if rule.roles == Roles::Symmetric
            && actors.len() == 1
            && let Some(ps) = self.main_subject_after(sv, unit.start, &["at", "during"], st)
        {
            let have: Vec<String> = codes_of(&actors).into_iter().map(String::from).collect();
            actors.extend(
                ps.into_iter()
                    .filter(|p| p.country.as_ref().is_some_and(|c| !have.contains(c))),
            );
        }
        // "The minister … said talks with the union would resume": talks one side of which
        // the speaker announces are the speaker's side's too (through a coordination:
        // "urged the teachers to return and said talks … would resume").
        if rule.roles == Roles::Symmetric
            && actors.len() < 2
            && let Some(p) = sv.parse
            && p.rel(k).starts_with("nsubj")
            && let Some(h) = p.head(k)
            && p.rel(h) == "ccomp"
            && let Some(r) = p.head(h)
            && self.rules.claim_verbs.contains(&sv.tokens[r].lemma)
            && let Some(s) = p.subject(r)
            && let Some(a) = sv.arg_of_head(s)
        {
            for x in self.parties(sv, &a, st) {
                if !actors
                    .iter()
                    .any(|y| y.name == x.name || (x.entity.is_some() && y.entity == x.entity))
                {
                    actors.insert(0, x);
                }
            }
        }
        // "the strike", "the attack": a definite mention of the last attack in the report.
        if actors.is_empty()
            && definite
            && rule.event_type == EventType::Assault
            && let Some((a, r)) = &st.last_assault
        {
            actors = a.clone();
            if recipients.is_empty() {
                recipients = r.clone();
            }
        }
        // "Protests erupted in Nairobi": as the subject of its own verb, a protest with no
        // named protesters is filled in with the place ("killed in riots" is not).
        // So is one a verb holds as its argument ("journalists held a protest outside the
        // office"): the place then tells whose protest it is.
        let subject_of_verb = sv.verb_at(unit.end).is_some()
            || sv
                .parse
                .is_some_and(|p| matches!(p.rel(k), "obj" | "nsubj" | "nsubj:pass"))
            // (or one people take part in: "thousands took part in a march in Lima")
            || sv.parse.is_some_and(|p| {
                p.rel(k).starts_with("obl")
                    && p.head(k).is_some_and(|h| {
                        p.upos(h) == "VERB"
                            && self.rules.in_class("participation", &sv.tokens[h].lemma)
                            // (a main clause's verb: "a man who participated in recent
                            // protests", "accused of having taken part in riots" tell who
                            // someone is or what he is accused of)
                            && matches!(p.rel(h), "root" | "conj")
                    })
            })
            // (or held by a verb of acting against it: "blocked the path of a car protest")
            || sv.parse.is_some_and(|p| {
                std::iter::successors(p.head(k), |&h| p.head(h))
                    .take(3)
                    .any(|h| {
                        p.upos(h) == "VERB"
                            && self.rules.in_class("against_crowd", &sv.tokens[h].lemma)
                    })
            });
        // So is fighting a verb reports ("Fighting was reported in Ganfouda", "clashes
        // erupted"): the place then tells where, the report's war who.
        // And violence someone perceived ("monitors observed four explosions near Pisky"):
        // the one who saw it did not do it.
        let perceived = rule.event_type == EventType::Assault
            && sv.parse.is_some_and(|p| {
                // (through "a total of", "a series of")
                let mut o = k;
                if p.rel(o) == "nmod"
                    && let Some(h) = p.head(o)
                {
                    o = h;
                }
                p.rel(o) == "obj"
                    && p.head(o)
                        .is_some_and(|h| self.rules.in_class("perception", &sv.tokens[h].lemma))
            });
        let reported_fighting = (rule.event_type == EventType::Assault
            && self.rules.in_class("fighting", &sv.tokens[k].lemma)
            && sv
                .parse
                .is_some_and(|p| matches!(p.rel(k), "nsubj" | "nsubj:pass")))
            || perceived;
        // "The ceasefire has held", "a truce took effect": a ceasefire the text reports as in
        // force is observed by the two sides of the report's fighting. Not a ceasefire that
        // only modifies another noun ("truce monitors").
        let ceasefire = rule.mode.iter().any(|m| m == "ceasefire");
        if ceasefire
            && sv.tokens.get(k + 1).is_some_and(|t| {
                t.tag.is_noun()
                    && !matches!(
                        lower(t).as_ref(),
                        "deal" | "agreement" | "accord" | "pact" | "arrangement"
                    )
            })
        {
            return None;
        }
        if actors.is_empty() && ceasefire && sv.parse.is_some_and(|p| p.rel(k).starts_with("nsubj"))
        {
            actors.extend(last_assault_sides(st).into_iter().cloned());
        }
        if actors.is_empty()
            && !(rule.event_type == EventType::Protest && subject_of_verb)
            && !reported_fighting
        {
            return None;
        }
        if rule.roles == Roles::SelfDirected && recipients.is_empty() {
            recipients = self_recipient(&actors);
        }
        // "any attack on our territory", "no strikes were reported": an event noun under
        // "any" or "no" names no event that happened.
        if (unit.start..k).any(|j| matches!(lower(&sv.tokens[j]).as_ref(), "any" | "no")) {
            return None;
        }
        let before = &sv.tokens[sv.start.max(k.saturating_sub(6))..k];
        // "the talks would be headed by Rubio", "the summit will take place in Doha": an event
        // noun whose own verb is in the future is planned too.
        // (So is one the verb is made for: "will travel to Paris for talks".)
        let own_verb_future = sv.parse.is_some_and(|p| {
            matches!(p.rel(k), "nsubj" | "nsubj:pass" | "obl")
                && p.head(k).is_some_and(|h| {
                    p.children(h).any(|c| {
                        p.rel(c) == "aux"
                            && matches!(sv.word(c).as_ref(), "will" | "would" | "shall" | "'ll")
                    })
                })
        });
        // "looks forward to participating in the negotiations" (not "pushed forward with").
        let looks_forward = before
            .windows(2)
            .any(|w| w[0].lemma == "look" && lower(&w[1]) == "forward");
        let future = own_verb_future
            || looks_forward
            || before
                .iter()
                .any(|t| FUTURE_CUES.contains(&lower(t).as_str()));
        let mut event_type = rule.event_type;
        let mut aux = None;
        if future {
            aux = Some(Aux::Future);
            if let Some(f) = rule.future {
                event_type = f;
                // A threat is made now (see `Coder::event_kind`).
                if f == EventType::Threaten {
                    aux = None;
                }
            }
        }
        Some(Candidate::read(
            k,
            (sv.clause_start(unit.start), clause_end),
            event_type,
            if event_type == rule.event_type {
                rule.mode.clone()
            } else {
                Vec::new()
            },
            rule.context.clone(),
            aux,
            actors,
            recipients,
            if rule.weak { 0.45 } else { 0.6 },
            rule.id.clone(),
        ))
    }

    /// The parties inside an event noun's own phrase before it: "US-Russian talks", "Russian
    /// missile and drone attacks", "Kyiv's offensive", "his talks" (the person named before).
    fn noun_own_parties(&self, sv: &SentenceView, k: usize, u: usize, st: &DocState) -> Vec<Party> {
        let unit = &sv.units[u];
        // Parties inside the noun's own unit before it: "US-Russian talks", "Russian missile
        // attacks", "Kyiv's offensive".
        // Modifiers coordinated inside the noun phrase count too ("Russian missile and drone
        // attacks"): take the units of the coordination up to the noun.
        let whole = sv.arg_from_unit(u);
        let own_units: Vec<crate::clause::Unit> = whole
            .units
            .iter()
            .filter(|x| x.start < k && x.end <= unit.end)
            .map(|x| crate::clause::Unit {
                start: x.start,
                end: x.end.min(k),
                mentions: x
                    .mentions
                    .iter()
                    .copied()
                    .filter(|&m| sv.mentions[m].tok_end <= k)
                    .collect(),
            })
            .filter(|x| x.start < x.end)
            .collect();
        let own = crate::clause::Arg {
            start: whole.start.min(unit.start),
            end: k,
            units: own_units,
        };
        let mut own_parties = self.parties(sv, &own, st);
        // "his talks with …": the possessor takes part.
        if own_parties.is_empty() && matches!(sv.word(unit.start).as_str(), "his" | "her") {
            let here = sv
                .mentions
                .iter()
                .rfind(|m| m.kind == EntityKind::Person && m.tok_end <= unit.start);
            if let Some(p) = here.or(st.last_person.as_ref()) {
                own_parties.push(party_from_mention(p, None, self.rules, ""));
            }
        }
        own_parties
    }

    /// Place, date, counts, source, modes, and fallbacks for missing parties.
    fn attributes(
        &self,
        sv: &SentenceView,
        c: &mut Candidate,
        dates: &[DateExpr],
        counts: &[Count],
        st: &DocState,
        dateline: Option<&Location>,
    ) {
        self.locate(sv, c, st);
        // "TBILISI - Riot police in Georgia used water cannon …": a deed of the lead sentence
        // that the text places only in a country happened where the report was filed, when
        // that is a town of the same country.
        if crate::merge::material(c.event_type)
            && sv.start == st.dateline_start
            && st.dateline_end > st.dateline_start
            && let Some(d) = dateline
            && d.feature.as_deref() == Some("city")
            && let Some(l) = &c.location
            && l.feature.as_deref() == Some("country")
            && l.country.is_some()
            && l.country == d.country
            // (not a part of the country the clause names, "in southern Lebanon", nor
            // villages or towns it leaves unnamed there: those lie elsewhere)
            && !(c.clause.0..c.clause.1.min(sv.end)).any(|i| {
                self.rules.in_class("direction_words", &sv.word(i))
                    || self.rules.in_class("settlement_nouns", &sv.tokens[i].lemma)
            })
        {
            c.location = Some(Location {
                inferred: true,
                ..d.clone()
            });
            c.place_level = true;
        }
        self.date_event(sv, c, dates, st);
        // "the heaviest bombardment since a ceasefire took effect", "the first attack since
        // the truce": what a "since" clause or phrase names is the past the report measures
        // from, background rather than news.
        // (Not when the clause gives its own day: "tensions have run high since Indian aircraft
        // crossed into Pakistan on Tuesday" tells that crossing as news.)
        if c.aux.is_none()
            && let Some(node) = since_clause(sv, c.trigger_tok)
            && !dates
                .iter()
                .any(|d| sv.parse.is_some_and(|p| p.within(d.tok_start, node, 6)))
        {
            c.aux = Some(Aux::Historical);
        }
        self.count_event(sv, c, counts);
        // Source: "X said", "according to X" anywhere in the sentence, outside the event's own
        // parties' speech when the event verb is itself the claim.
        c.claimed_by = sv.claims.get_or_init(|| self.claimants(sv, st)).clone();
        self.implied_sides(sv, c, st);
        if c.event_type == EventType::Consult && c.mode.is_empty() {
            c.mode = consult_mode(c);
        }
        // "during a visit to Kyiv": a visit that names no host is hosted by the country of
        // the place it was to, when that is not the visitor's own.
        if c.event_type == EventType::Consult
            && c.mode.iter().any(|m| m == "visit")
            && c.recipients.is_empty()
            && !c.actors.is_empty()
            && let Some(cc) = c
                .location
                .as_ref()
                .filter(|l| !l.inferred)
                .and_then(|l| l.country.clone())
            && !c
                .actors
                .iter()
                .any(|a| a.country.as_deref() == Some(cc.as_str()))
        {
            c.recipients = vec![country_party(self.kb, &cc)];
        }
        // A meeting the text places nowhere: the dateline's place, but only where one of
        // its parties belongs to the dateline's country (marked inferred); otherwise none.
        if c.location.is_none()
            && c.event_type == EventType::Consult
            && let Some(d) = dateline
            && c.actors
                .iter()
                .chain(c.recipients.iter())
                .any(|p| p.country.is_some() && p.country == d.country)
        {
            c.location = Some(Location {
                inferred: true,
                ..d.clone()
            });
            c.place_level = true;
        }
    }
}

impl Coder<'_> {
    /// Whether the verb at `k` acts on a definite accord ("the pact", "this agreement"): its
    /// object, or its subject in the passive, is a noun of class `accord_nouns` after "the",
    /// "this" or "that".
    fn acts_on_known_accord(&self, sv: &SentenceView, k: usize) -> bool {
        let Some(p) = sv.parse else {
            return false;
        };
        p.children(k).any(|n| {
            matches!(p.rel(n), "obj" | "nsubj:pass")
                && self.rules.in_class("accord_nouns", &sv.tokens[n].lemma)
                && p.children(n).any(|d| {
                    p.rel(d) == "det" && matches!(sv.word(d).as_ref(), "the" | "this" | "that")
                })
        })
    }
}

/// Where the trigger at `k` lies in a clause or phrase introduced by "since": the trigger, or
/// the head above it up to the head of its clause, that takes "since" as its marker or
/// preposition.
fn since_clause(sv: &SentenceView, k: usize) -> Option<usize> {
    let p = sv.parse?;
    let mut node = k;
    for _ in 0..4 {
        if p.children(node)
            .any(|c| matches!(p.rel(c), "mark" | "case") && sv.word(c) == "since")
        {
            return Some(node);
        }
        // (a clause's head ends the walk: "since" above it governs another clause)
        if matches!(
            p.rel(node),
            "root" | "advcl" | "ccomp" | "xcomp" | "acl" | "acl:relcl" | "parataxis" | "conj"
        ) {
            return None;
        }
        node = p.head(node)?;
    }
    None
}

/// A country as a party.
/// A country as an event's place (no coordinates: the country, not a point in it); `None`
/// for a code that is no state (IMG for a militant group with no country).
pub(crate) fn country_location(kb: &dyn KbView, iso3: &str, inferred: bool) -> Option<Location> {
    Some(Location {
        name: kb.country_name(iso3)?,
        country: Some(iso3.to_string()),
        admin1: None,
        lat: None,
        lon: None,
        feature: Some("country".into()),
        inferred,
    })
}

pub fn country_party(kb: &dyn KbView, iso3: &str) -> Party {
    Party {
        name: kb.country_name(iso3).unwrap_or_else(|| iso3.to_string()),
        entity: Some(format!("country:{iso3}")),
        kind: EntityKind::Country,
        country: Some(iso3.to_string()),
        sector: None,
        role: None,
    }
}

/// Domestic events (protests, resignations) are directed at the actor's own country.
pub fn self_recipient(actors: &[Party]) -> Vec<Party> {
    actors
        .iter()
        .filter_map(|a| a.country.clone().filter(|c| c.len() == 3))
        .take(1)
        .map(|c| Party {
            name: c.clone(),
            entity: Some(format!("country:{c}")),
            kind: EntityKind::Country,
            country: Some(c),
            sector: None,
            role: None,
        })
        .collect()
}

/// CONSULT mode from where the meeting was and who met: abroad for everyone is third-party, at
/// one side's home a visit, with an international organisation multilateral.
fn consult_mode(c: &Candidate) -> Vec<String> {
    let parties: Vec<&str> = c
        .actors
        .iter()
        .chain(c.recipients.iter())
        .filter_map(|p| p.country.as_deref())
        .collect();
    if parties.iter().any(|p| p.len() != 3) {
        return vec!["multilateral".into()];
    }
    if let Some(lc) = c.location.as_ref().and_then(|l| l.country.as_deref()) {
        let distinct: std::collections::HashSet<&&str> = parties.iter().collect();
        if distinct.len() >= 2 {
            if !parties.contains(&lc) {
                return vec!["third-party".into()];
            }
            return vec!["visit".into()];
        }
    }
    Vec::new()
}

/// An entity id for a party without a knowledge-base entry.
pub fn party_entity(name: &str, country: Option<&str>) -> String {
    format!(
        "group:{}:{}",
        country.unwrap_or("xx").to_lowercase(),
        slug(name)
    )
}

/// "called the drills a rehearsal for invasion and warned of an overwhelming response": a
/// verbal act with no target coordinated with one that names its target, by the same actors,
/// is aimed at the same side.
fn shared_targets(sv: &SentenceView, out: &mut [Candidate]) {
    let Some(p) = sv.parse else {
        return;
    };
    let verbal = |t: EventType| {
        matches!(
            t,
            EventType::Accuse | EventType::Threaten | EventType::Request | EventType::Reject
        )
    };
    for i in 0..out.len() {
        let c = &out[i];
        if !c.recipients.is_empty() || !verbal(c.event_type) || p.rel(c.trigger_tok) != "conj" {
            continue;
        }
        let Some(h) = p.head(c.trigger_tok) else {
            continue;
        };
        let found = out.iter().find(|o| {
            o.trigger_tok == h
                && verbal(o.event_type)
                && !o.recipients.is_empty()
                && codes_of(&o.actors) == codes_of(&c.actors)
        });
        if let Some(r) = found.map(|o| o.recipients.clone()) {
            out[i].recipients = r;
        }
    }
}
