//! The rule data: trigger lexicon, actor vocabulary and time vocabulary.
//!
//! Everything linguistic that the extractor knows comes from TOML files under `data/rules/`.
//! The built-in files are embedded in the binary; users add their own with the same format, and a
//! user trigger with the id of a built-in one replaces it. Loading validates every name against the
//! closed vocabularies (event types, roles), so a typo in a user file is reported with its file and
//! rule id instead of silently producing nothing.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use sitrep_model::EventType;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Rule tables keyed by lower-case word: looked up for every token, so with a fast hasher
/// rather than SipHash (the keys are our own data, not an attacker's).
pub type Map<V> = FxHashMap<String, V>;
/// A set of lower-case words, as [`Map`].
pub type Set = FxHashSet<String>;

const TRIGGERS: &str = include_str!("../../../data/rules/triggers.toml");
const ACTORS: &str = include_str!("../../../data/rules/actors.toml");
const TIME: &str = include_str!("../../../data/rules/time.toml");
const MAGNITUDE: &str = include_str!("../../../data/rules/magnitude.toml");

/// Why a rule file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("cannot read rule file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("rule file {file}: {message}")]
    Parse { file: String, message: String },
    #[error("rule file {file}, rule {rule:?}: {message}")]
    Invalid {
        file: String,
        rule: String,
        message: String,
    },
}

/// How a trigger's parties are read from its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Roles {
    /// Everyone involved is an actor (meetings, deals).
    Symmetric,
    /// Subject acts on object.
    Directed,
    /// Only the subject; the recipient defaults to the subject's own country.
    #[serde(rename = "self")]
    SelfDirected,
    /// Subject visits; the place or party visited is the recipient.
    Visit,
    /// Subject hosts; the object is the visitor (actor), the subject the recipient.
    Host,
    /// Subject is warned: "South Korea will face devastating consequences, KCNA said". The
    /// subject is the recipient and whoever says so (the speaker) the actor.
    Warned,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrigger {
    id: String,
    lemma: Vec<String>,
    #[serde(rename = "type")]
    event_type: String,
    roles: Roles,
    #[serde(default)]
    mode: Vec<String>,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    preps: Vec<String>,
    #[serde(default)]
    object: Vec<String>,
    #[serde(default)]
    object_not: Vec<String>,
    #[serde(default)]
    after_not: Vec<String>,
    #[serde(default)]
    subject: Vec<String>,
    #[serde(default)]
    subject_not: Vec<String>,
    #[serde(default)]
    near: Vec<String>,
    #[serde(default)]
    near_after: bool,
    #[serde(default)]
    negated: Option<String>,
    #[serde(default)]
    future: Option<String>,
    #[serde(default)]
    aux: Option<String>,
    #[serde(default)]
    governs: bool,
    #[serde(default)]
    weak: bool,
    #[serde(default)]
    requires_prep: bool,
    #[serde(default)]
    requires_recipient: bool,
    #[serde(default)]
    object_party: bool,
    #[serde(default)]
    subject_sides: u8,
    #[serde(default)]
    object_own: bool,
    #[serde(default)]
    only_future: bool,
    #[serde(default)]
    intransitive: bool,
    #[serde(default)]
    active_only: bool,
    #[serde(default)]
    place_weak: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTriggerFile {
    #[serde(default)]
    verb: Vec<RawTrigger>,
    #[serde(default)]
    noun: Vec<RawTrigger>,
    #[serde(default)]
    threaten_modes: HashMap<String, String>,
    #[serde(default)]
    assault_modes: HashMap<String, String>,
    #[serde(default)]
    obligation: Option<RawObligation>,
    /// Word classes that rules name as `@class` (see `data/rules/triggers.toml`).
    #[serde(default)]
    classes: HashMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObligation {
    id: String,
    modals: Vec<String>,
    #[serde(rename = "type")]
    event_type: String,
}

/// "X said Y must …": the modals that turn reported speech into a request.
#[derive(Debug, Clone)]
pub struct Obligation {
    /// Rule id as cited in events: `clause:request.obligation`.
    pub id: String,
    pub modals: Set,
    pub event_type: EventType,
}

/// Part of speech a trigger fires on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerPos {
    Verb,
    Noun,
}

/// One compiled trigger rule.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// Rule id as cited in events: `verb:consult.meet`.
    pub id: String,
    pub pos: TriggerPos,
    /// The head lemma this entry was indexed under.
    pub head: String,
    /// Particle words that must follow the head (phrasal verbs), possibly after the object.
    pub particle: Vec<String>,
    pub event_type: EventType,
    pub roles: Roles,
    pub mode: Vec<String>,
    pub context: Vec<String>,
    pub preps: Vec<String>,
    pub object: Set,
    pub object_not: Set,
    /// Words that may not stand right before the trigger: a noun's modifier ("hunger strike",
    /// "general strike" are no attacks).
    pub after_not: Set,
    pub subject: Set,
    /// Words the subject may not contain ("an unidentified group" is no crowd).
    pub subject_not: Set,
    pub near: Set,
    /// `near` words count only after the verb in its own clause, before any "to"
    /// ("called the measures an act of war", not "called Biden to discuss the aggression").
    pub near_after: bool,
    pub negated: Option<EventType>,
    pub future: Option<EventType>,
    pub aux: Option<sitrep_model::Aux>,
    pub governs: bool,
    pub weak: bool,
    pub requires_prep: bool,
    pub requires_recipient: bool,
    pub object_party: bool,
    /// The fewest countries the subject must name (0: any): "South Korean and U.S. forces
    /// began exercises" is joint by its two sides, though no word says "joint".
    pub subject_sides: u8,
    /// The object is what the actor moves or gives up ("withdrew its troops", "deployed
    /// warships"), never the side acted on: the recipient comes from the place or the
    /// prepositions instead.
    pub object_own: bool,
    pub only_future: bool,
    pub intransitive: bool,
    /// The verb codes an event only in the active voice ("Norland met Sudria", not "the plan
    /// was met with criticism").
    pub active_only: bool,
    /// The place the clause names is where a detail happened (missiles shot down over a
    /// city), not necessarily the event's own: it is kept, but as a place the text did not
    /// state for the event, so it never keeps the detail apart from the event it belongs to.
    pub place_weak: bool,
    /// Specificity for choosing among rules on one word: constrained rules win.
    pub rank: u8,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActors {
    #[serde(default)]
    sector_nouns: HashMap<String, Vec<String>>,
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    title_modifiers: Vec<String>,
    #[serde(default)]
    claim_verbs: Vec<String>,
    #[serde(default)]
    speech_acts: Vec<String>,
    #[serde(default)]
    claim_preps: Vec<String>,
    #[serde(default)]
    person_pronouns: Vec<String>,
    #[serde(default)]
    group_pronouns: Vec<String>,
    #[serde(default)]
    not_name_words: Vec<String>,
    #[serde(default)]
    place_nouns: Vec<String>,
    #[serde(default)]
    stative_participles: Vec<String>,
    #[serde(default)]
    topic_nouns: Vec<String>,
    #[serde(default)]
    armed_adjectives: Vec<String>,
    #[serde(default)]
    armed_people: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTime {
    #[serde(default)]
    weekdays: Vec<String>,
    #[serde(default)]
    weekday_abbr: Vec<String>,
    #[serde(default)]
    months: Vec<String>,
    #[serde(default)]
    month_abbr: Vec<String>,
    #[serde(default)]
    relative: HashMap<String, String>,
    #[serde(default)]
    plan_leads: Vec<String>,
    #[serde(default)]
    date_name_heads: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMagnitude {
    #[serde(default)]
    qualifiers: HashMap<String, String>,
    #[serde(default)]
    numbers: HashMap<String, u64>,
    #[serde(default)]
    units: HashMap<String, String>,
    #[serde(default)]
    projectiles: Vec<String>,
    #[serde(default)]
    vague: Vec<String>,
    #[serde(default)]
    measures: HashMap<String, String>,
}

/// Closed vocabularies of the schema's magnitude fields.
const MEASURES: &[&str] = &[
    "launched",
    "intercepted",
    "hit",
    "killed",
    "injured",
    "evacuated",
    "damaged",
    "destroyed",
    "displaced",
    "arrested",
    "participants",
    "days",
    "diverted",
    "cancelled",
    "closed",
];
const QUALIFIERS: &[&str] = &[
    "exact",
    "at_least",
    "more_than",
    "about",
    "up_to",
    "fewer_than",
    "most",
];

/// A relative time expression's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relative {
    Night,
    Day(i64),
    Week(i64),
    /// The weekend (Saturday and Sunday) N weeks from the latest one on or before publication.
    Weekend(i64),
    Month(i64),
    MonthToDate,
    Year(i64),
}

/// All rule data, compiled for lookup.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// Verb triggers by lemma, most specific first.
    pub verbs: Map<Vec<Trigger>>,
    /// Noun triggers by lemma.
    pub nouns: Map<Vec<Trigger>>,
    pub threaten_modes: Map<String>,
    pub assault_modes: Map<String>,
    /// Word classes of the trigger files, which rules name as `@class`.
    pub classes: Map<Vec<String>>,
    /// The same classes as sets, for [`Rules::in_class`] (asked for nearly every party word;
    /// the `person` class alone lists 184 words). Filled with `classes` when rules load.
    class_sets: FxHashMap<String, FxHashSet<String>>,
    pub obligation: Option<Obligation>,
    /// Sector of actor nouns (lower case, singular and plural as listed).
    pub sector_nouns: Map<String>,
    /// Titles, lower case, as token sequences.
    pub titles: Set,
    pub max_title_tokens: usize,
    /// Every word that may stand in a title before a name: the titles' words and modifiers.
    pub title_words: Set,
    pub claim_verbs: Set,
    /// Verbs by which a speaker addresses someone (`speech_acts`: "called on", "urged",
    /// "accused"): added after a report ("said … and called on …") they are the speaker's.
    pub speech_acts: Set,
    pub claim_preps: Vec<Vec<String>>,
    pub person_pronouns: Set,
    pub group_pronouns: Set,
    /// Words that never stand inside a person's name (lower case).
    pub not_name_words: Set,
    /// Participles that after "be" describe a state ("engaged in").
    pub stative_participles: Set,
    /// Head nouns that make a group a place ("border", "area").
    pub place_nouns: Set,
    /// Nouns whose "in X" names a topic, not a location ("the war in X").
    pub topic_nouns: Set,
    /// Adjectives that make people an armed group ("armed men", "masked men").
    pub armed_adjectives: Set,
    /// Nouns for people that an armed adjective turns into an armed group.
    pub armed_people: Set,
    /// Weekday name or abbreviation → 0 (Monday) .. 6.
    pub weekdays: Map<u32>,
    /// Month name or abbreviation → 1 .. 12.
    pub months: Map<u32>,
    /// Relative expressions as token sequences.
    pub relative: Map<Relative>,
    pub max_relative_tokens: usize,
    /// Words before "to" + verb that make it a planned event ("due", "set", "plans").
    pub plan_leads: Set,
    /// Capitalised words that make a date before them part of a name ("the March 23
    /// Movement", "the 6th of October Bridge"): no date there.
    pub date_name_heads: Set,
    /// Qualifier phrases (token sequences) before a number → qualifier name.
    pub qualifiers: Vec<(Vec<String>, String)>,
    /// Number words → value.
    pub numbers: Map<u64>,
    /// Counted noun lemma → unit.
    pub units: Map<String>,
    /// Units for which "destroyed" means intercepted.
    pub projectiles: Set,
    /// Words for an unstated number ("dozens").
    pub vague: Set,
    /// Lemma → measure.
    pub measures: Map<String>,
}

impl Rules {
    /// Whether `word` is listed in the word class `class` (`[classes]` of the trigger files);
    /// false for a class no file defines.
    pub fn in_class(&self, class: &str, word: &str) -> bool {
        match self.class_sets.get(class) {
            Some(set) => set.contains(word),
            // a class added to `classes` after loading
            None => self
                .classes
                .get(class)
                .is_some_and(|c| c.iter().any(|w| w == word)),
        }
    }

    /// The verb rules of a word in "-ing" read as a gerund: "releasing" → release, "shelling"
    /// → shell, "hitting" → hit. One place for the extractor's parse filter and the coder.
    pub fn gerund_verb(&self, word: &str) -> Option<&Vec<Trigger>> {
        let stem = word.strip_suffix("ing")?;
        let n = stem.len().checked_sub(1)?;
        let undoubled = (n > 0 && stem.as_bytes()[n] == stem.as_bytes()[n - 1])
            .then(|| stem.get(..n))
            .flatten();
        self.verbs
            .get(stem)
            .or_else(|| self.verbs.get(&format!("{stem}e")))
            .or_else(|| undoubled.and_then(|u| self.verbs.get(u)))
    }

    /// The built-in rules.
    pub fn builtin() -> Result<Rules, RuleError> {
        Self::load(&[])
    }

    /// The built-in rules plus user files (each a triggers, actors or time file, told apart by
    /// their tables).
    pub fn load(extra: &[PathBuf]) -> Result<Rules, RuleError> {
        let mut rules = Rules::default();
        rules.add_triggers("data/rules/triggers.toml", TRIGGERS)?;
        rules.add_actors("data/rules/actors.toml", ACTORS)?;
        rules.add_time("data/rules/time.toml", TIME)?;
        rules.add_magnitude("data/rules/magnitude.toml", MAGNITUDE)?;
        for path in extra {
            let text = std::fs::read_to_string(path).map_err(|source| RuleError::Read {
                path: path.clone(),
                source,
            })?;
            rules.add_file(path, &text)?;
        }
        Ok(rules)
    }

    fn add_file(&mut self, path: &Path, text: &str) -> Result<(), RuleError> {
        let name = path.display().to_string();
        let value: toml::Table = toml::from_str(text).map_err(|e| RuleError::Parse {
            file: name.clone(),
            message: e.to_string(),
        })?;
        if value.contains_key("verb")
            || value.contains_key("noun")
            || value.contains_key("threaten_modes")
            || value.contains_key("assault_modes")
            || value.contains_key("obligation")
        {
            self.add_triggers(&name, text)
        } else if value.contains_key("units")
            || value.contains_key("measures")
            || value.contains_key("qualifiers")
        {
            self.add_magnitude(&name, text)
        } else if value.contains_key("relative")
            || value.contains_key("weekdays")
            || value.contains_key("months")
        {
            self.add_time(&name, text)
        } else {
            self.add_actors(&name, text)
        }
    }

    fn add_triggers(&mut self, file: &str, text: &str) -> Result<(), RuleError> {
        let raw: RawTriggerFile = toml::from_str(text).map_err(|e| RuleError::Parse {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        for (name, words) in raw.classes {
            self.class_sets
                .insert(name.clone(), words.iter().cloned().collect());
            self.classes.insert(name, words);
        }
        for (pos, list) in [(TriggerPos::Verb, raw.verb), (TriggerPos::Noun, raw.noun)] {
            for r in list {
                let compiled = compile(file, pos, &r, &self.classes)?;
                let map = match pos {
                    TriggerPos::Verb => &mut self.verbs,
                    TriggerPos::Noun => &mut self.nouns,
                };
                for t in compiled {
                    let slot = map.entry(t.head.clone()).or_default();
                    // A later file's rule with the same id and head replaces the earlier one.
                    slot.retain(|o| !(o.id == t.id && o.particle == t.particle));
                    slot.push(t);
                    slot.sort_by_key(|t| std::cmp::Reverse(t.rank));
                }
            }
        }
        self.threaten_modes.extend(raw.threaten_modes);
        if let Some(o) = raw.obligation {
            self.obligation = Some(Obligation {
                event_type: parse_type(file, &o.id, &o.event_type)?,
                id: format!("clause:{}", o.id),
                modals: o.modals.iter().map(|m| m.to_lowercase()).collect(),
            });
        }
        for (k, v) in raw.assault_modes {
            self.assault_modes.insert(k.to_lowercase(), v);
        }
        Ok(())
    }

    fn add_actors(&mut self, file: &str, text: &str) -> Result<(), RuleError> {
        let raw: RawActors = toml::from_str(text).map_err(|e| RuleError::Parse {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        // A word listed under two sectors takes the first in this order, whatever order the
        // file's tables come in (a map's order would make output vary between runs).
        const PRIORITY: &[&str] = &["MIL", "REB", "GOV", "CVL", "MED", "BUS", "NGO"];
        let mut sectors: Vec<(String, Vec<String>)> = raw.sector_nouns.into_iter().collect();
        sectors.sort_by_key(|(s, _)| {
            (
                PRIORITY
                    .iter()
                    .position(|p| p == s)
                    .unwrap_or(PRIORITY.len()),
                s.clone(),
            )
        });
        for (sector, words) in sectors {
            for w in words {
                self.sector_nouns
                    .entry(w.to_lowercase())
                    .or_insert(sector.clone());
            }
        }
        for w in raw.title_modifiers {
            self.title_words.insert(w.to_lowercase());
        }
        for t in raw.titles {
            let t = t.to_lowercase();
            self.title_words
                .extend(t.split_whitespace().map(str::to_string));
            self.max_title_tokens = self.max_title_tokens.max(t.split_whitespace().count());
            self.titles.insert(t);
        }
        self.claim_verbs
            .extend(raw.claim_verbs.into_iter().map(|s| s.to_lowercase()));
        self.speech_acts
            .extend(raw.speech_acts.into_iter().map(|s| s.to_lowercase()));
        self.claim_preps.extend(
            raw.claim_preps
                .into_iter()
                .map(|s| s.split_whitespace().map(str::to_lowercase).collect()),
        );
        self.person_pronouns.extend(raw.person_pronouns);
        self.group_pronouns.extend(raw.group_pronouns);
        self.not_name_words
            .extend(raw.not_name_words.into_iter().map(|s| s.to_lowercase()));
        self.place_nouns
            .extend(raw.place_nouns.into_iter().map(|s| s.to_lowercase()));
        self.stative_participles.extend(
            raw.stative_participles
                .into_iter()
                .map(|s| s.to_lowercase()),
        );
        self.topic_nouns
            .extend(raw.topic_nouns.into_iter().map(|s| s.to_lowercase()));
        self.armed_adjectives
            .extend(raw.armed_adjectives.into_iter().map(|s| s.to_lowercase()));
        self.armed_people
            .extend(raw.armed_people.into_iter().map(|s| s.to_lowercase()));
        Ok(())
    }

    fn add_time(&mut self, file: &str, text: &str) -> Result<(), RuleError> {
        let raw: RawTime = toml::from_str(text).map_err(|e| RuleError::Parse {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        for (i, w) in raw
            .weekdays
            .iter()
            .chain(raw.weekday_abbr.iter())
            .enumerate()
        {
            self.weekdays.insert(w.to_lowercase(), (i % 7) as u32);
        }
        for (i, w) in raw.months.iter().chain(raw.month_abbr.iter()).enumerate() {
            self.months.insert(w.to_lowercase(), (i % 12) as u32 + 1);
        }
        self.plan_leads
            .extend(raw.plan_leads.into_iter().map(|s| s.to_lowercase()));
        self.date_name_heads
            .extend(raw.date_name_heads.into_iter().map(|s| s.to_lowercase()));
        for (phrase, meaning) in raw.relative {
            let rel = parse_relative(&meaning).ok_or_else(|| RuleError::Invalid {
                file: file.to_string(),
                rule: phrase.clone(),
                message: format!("unknown relative date meaning {meaning:?}"),
            })?;
            let key = phrase.to_lowercase();
            self.max_relative_tokens = self.max_relative_tokens.max(key.split_whitespace().count());
            self.relative.insert(key, rel);
        }
        Ok(())
    }

    fn add_magnitude(&mut self, file: &str, text: &str) -> Result<(), RuleError> {
        let raw: RawMagnitude = toml::from_str(text).map_err(|e| RuleError::Parse {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        for (phrase, q) in raw.qualifiers {
            if !QUALIFIERS.contains(&q.as_str()) {
                return Err(RuleError::Invalid {
                    file: file.to_string(),
                    rule: phrase,
                    message: format!("unknown qualifier {q:?}"),
                });
            }
            let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
            self.qualifiers.retain(|(w, _)| *w != words);
            self.qualifiers.push((words, q));
        }
        // Longest phrases first, so "more than" wins over a one-word match.
        self.qualifiers
            .sort_by_key(|q| std::cmp::Reverse(q.0.len()));
        self.numbers.extend(raw.numbers);
        self.units.extend(raw.units);
        self.projectiles.extend(raw.projectiles);
        self.vague.extend(raw.vague);
        for (lemma, m) in raw.measures {
            if !MEASURES.contains(&m.as_str()) {
                return Err(RuleError::Invalid {
                    file: file.to_string(),
                    rule: lemma,
                    message: format!("unknown measure {m:?}"),
                });
            }
            self.measures.insert(lemma, m);
        }
        Ok(())
    }

    /// Number of trigger rules loaded (verb and noun entries, counted per head word).
    pub fn trigger_count(&self) -> usize {
        self.verbs.values().map(Vec::len).sum::<usize>()
            + self.nouns.values().map(Vec::len).sum::<usize>()
    }
}

fn parse_relative(s: &str) -> Option<Relative> {
    if s == "night" {
        return Some(Relative::Night);
    }
    if s == "month_to_date" {
        return Some(Relative::MonthToDate);
    }
    let (kind, n) = s.split_once(':')?;
    let n: i64 = n.trim_start_matches('+').parse().ok()?;
    Some(match kind {
        "day" => Relative::Day(n),
        "week" => Relative::Week(n),
        "weekend" => Relative::Weekend(n),
        "month" => Relative::Month(n),
        "year" => Relative::Year(n),
        _ => return None,
    })
}

fn parse_type(file: &str, rule: &str, s: &str) -> Result<EventType, RuleError> {
    s.parse()
        .map_err(|e: sitrep_model::UnknownName| RuleError::Invalid {
            file: file.to_string(),
            rule: rule.to_string(),
            message: e.to_string(),
        })
}

fn compile(
    file: &str,
    pos: TriggerPos,
    r: &RawTrigger,
    classes: &Map<Vec<String>>,
) -> Result<Vec<Trigger>, RuleError> {
    let event_type = parse_type(file, &r.id, &r.event_type)?;
    let negated = r
        .negated
        .as_deref()
        .map(|s| parse_type(file, &r.id, s))
        .transpose()?;
    let future = r
        .future
        .as_deref()
        .map(|s| parse_type(file, &r.id, s))
        .transpose()?;
    let aux = r
        .aux
        .as_deref()
        .map(|s| {
            s.parse()
                .map_err(|e: sitrep_model::UnknownName| RuleError::Invalid {
                    file: file.to_string(),
                    rule: r.id.clone(),
                    message: e.to_string(),
                })
        })
        .transpose()?;
    if r.lemma.is_empty() {
        return Err(RuleError::Invalid {
            file: file.to_string(),
            rule: r.id.clone(),
            message: "no lemma".into(),
        });
    }
    // `@class` entries stand for the words of that class.
    let mut unknown = None;
    let set = |v: &Vec<String>| {
        let mut out = Set::default();
        for s in v {
            match s.strip_prefix('@') {
                Some(class) => match classes.get(class) {
                    Some(words) => out.extend(words.iter().map(|w| w.to_lowercase())),
                    None => unknown = Some(class.to_string()),
                },
                None => {
                    out.insert(s.to_lowercase());
                }
            }
        }
        out
    };
    let (object, object_not, subject, subject_not, near, after_not) = {
        let mut set = set;
        (
            set(&r.object),
            set(&r.object_not),
            set(&r.subject),
            set(&r.subject_not),
            set(&r.near),
            set(&r.after_not),
        )
    };
    if let Some(class) = unknown {
        return Err(RuleError::Invalid {
            file: file.to_string(),
            rule: r.id.clone(),
            message: format!("no word class @{class} (define it under [classes])"),
        });
    }
    // A word the rule needs nearby is the surest sign of all but an object or subject: "began
    // a joint air exercise near the peninsula" is a joint exercise (cooperation) before it is
    // drills placed near another's territory.
    let rank = u8::from(!r.object.is_empty()) * 4
        + u8::from(!r.subject.is_empty()) * 2
        + u8::from(!r.near.is_empty()) * 2
        + u8::from(r.requires_prep || r.only_future || r.intransitive);
    let prefix = match pos {
        TriggerPos::Verb => "verb",
        TriggerPos::Noun => "noun",
    };
    Ok(r.lemma
        .iter()
        .map(|l| {
            let mut words = l.split_whitespace().map(str::to_lowercase);
            let head = words.next().unwrap_or_default();
            Trigger {
                id: format!("{prefix}:{}", r.id),
                pos,
                head,
                particle: words.collect(),
                event_type,
                roles: r.roles,
                mode: r.mode.clone(),
                context: r.context.clone(),
                preps: r.preps.iter().map(|s| s.to_lowercase()).collect(),
                object: object.clone(),
                object_not: object_not.clone(),
                after_not: after_not.clone(),
                subject: subject.clone(),
                subject_not: subject_not.clone(),
                near: near.clone(),
                near_after: r.near_after,
                negated,
                future,
                aux,
                governs: r.governs,
                weak: r.weak,
                requires_prep: r.requires_prep,
                requires_recipient: r.requires_recipient,
                object_party: r.object_party,
                subject_sides: r.subject_sides,
                object_own: r.object_own,
                only_future: r.only_future,
                intransitive: r.intransitive,
                active_only: r.active_only,
                place_weak: r.place_weak,
                rank: rank + u8::from(l.contains(' ')) * 8,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_membership_agrees_with_the_class_lists() {
        let mut r = Rules::builtin().expect("rules");
        assert!(!r.classes.is_empty());
        for (class, words) in &r.classes {
            for w in words {
                assert!(r.in_class(class, w), "{class} {w}");
            }
            assert!(!r.in_class(class, "zzqx-not-a-word"), "{class}");
        }
        assert!(!r.in_class("no-such-class", "soldier"));
        // a class set by hand after loading is still read
        r.classes
            .insert("hand_made".into(), vec!["kettle".into(), "pot".into()]);
        assert!(r.in_class("hand_made", "pot"));
        assert!(!r.in_class("hand_made", "pan"));
    }

    #[test]
    fn word_classes_expand_and_unknown_ones_are_named() {
        let dir = std::env::temp_dir().join(format!("sitrep-classes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.toml");
        std::fs::write(
            &good,
            "[classes]\nvehicle = [\"truck\", \"bus\"]\n\n[[verb]]\nid = \"t.seize-vehicle\"\nlemma = [\"commandeer\"]\nobject = [\"@vehicle\", \"ferry\"]\ntype = \"COERCE\"\nroles = \"directed\"\n",
        )
        .unwrap();
        let rules = Rules::load(std::slice::from_ref(&good)).unwrap();
        let t = rules.verbs["commandeer"]
            .iter()
            .find(|t| t.id == "verb:t.seize-vehicle")
            .unwrap();
        for w in ["truck", "bus", "ferry"] {
            assert!(t.object.contains(w), "{w}");
        }
        let bad = dir.join("bad.toml");
        std::fs::write(
            &bad,
            "[[verb]]\nid = \"t.bad\"\nlemma = [\"x\"]\nobject = [\"@nosuch\"]\ntype = \"COERCE\"\nroles = \"directed\"\n",
        )
        .unwrap();
        let err = Rules::load(std::slice::from_ref(&bad))
            .unwrap_err()
            .to_string();
        assert!(err.contains("@nosuch") && err.contains("t.bad"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn builtin_rules_load_and_cover_every_plover_type() {
        let rules = Rules::builtin().unwrap();
        let mut seen = std::collections::HashSet::new();
        for t in rules.verbs.values().chain(rules.nouns.values()).flatten() {
            seen.insert(t.event_type);
        }
        for t in EventType::ALL {
            assert!(seen.contains(&t), "no trigger codes {t}");
        }
        assert!(
            rules.verbs["meet"]
                .iter()
                .any(|t| t.id == "verb:consult.meet")
        );
        assert_eq!(rules.weekdays["tuesday"], 1);
        assert_eq!(rules.months["sep"], 9);
        assert_eq!(rules.relative["last month"], Relative::Month(-1));
        assert_eq!(rules.sector_nouns["troops"], "MIL");
        // "armed men" are named as gunmen are (events.rs reads them so).
        assert_eq!(rules.sector_nouns["gunmen"], "REB");
        assert!(rules.armed_adjectives.contains("armed") && rules.armed_people.contains("men"));
        // Top-level keys must not be swallowed by a table above them.
        assert!(rules.titles.contains("foreign minister"));
        assert!(rules.claim_verbs.contains("say"));
        assert!(!rules.sector_nouns.contains_key("say"));
        assert!(rules.projectiles.contains("drone"));
    }

    #[test]
    fn constrained_rules_are_tried_first() {
        let rules = Rules::builtin().unwrap();
        let hold = &rules.verbs["hold"];
        assert!(hold.windows(2).all(|w| w[0].rank >= w[1].rank));
        // "cut off" is a phrasal entry under "cut" and outranks the bare verb.
        let cut = &rules.verbs["cut"];
        assert!(cut.iter().any(|t| t.particle == ["off"]));
    }

    #[test]
    fn user_file_with_bad_type_names_file_and_rule() {
        let dir = std::env::temp_dir().join(format!("sitrep-rules-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("mine.toml");
        std::fs::write(
            &f,
            "[[verb]]\nid = \"x.y\"\nlemma = [\"parley\"]\ntype = \"PARTY\"\nroles = \"symmetric\"\n",
        )
        .unwrap();
        let err = Rules::load(std::slice::from_ref(&f))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("mine.toml") && err.contains("x.y") && err.contains("PARTY"),
            "{err}"
        );
        std::fs::write(
            &f,
            "[[verb]]\nid = \"x.y\"\nlemma = [\"parley\"]\ntype = \"CONSULT\"\nroles = \"symmetric\"\n",
        )
        .unwrap();
        let rules = Rules::load(&[f]).unwrap();
        assert!(rules.verbs["parley"].iter().any(|t| t.id == "verb:x.y"));
    }
}
