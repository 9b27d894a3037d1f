//! Events read off a verb: the verb group, its subject, object and prepositions, the rule
//! whose conditions they meet ([`Coder::rule_fits`]), what that rule codes for the verb's
//! tense and polarity ([`Coder::event_kind`]) and the sides by the rule's roles
//! ([`assign_roles`], with the fallbacks for unnamed agents and targets). Rules are data
//! (`data/rules/triggers.toml`); every decision here is taken for a rule id.

use crate::clause::{Arg, AsStr, SentenceView, lower};
use crate::events::{Candidate, Coder, DocState, SPEECH, codes_of, self_recipient, trace};
use crate::rules::{Roles, Trigger};
use sitrep_model::{Aux, Chunk, EventType, Party, Tag, Tense, Token, Voice};

/// The sides of an event by its rule's roles: who acts (the agent, or for symmetric acts
/// every party named) and who is acted on (the patient, the rule's prepositions, the governed
/// complement's parties); mutual violence makes every side both.
fn assign_roles(
    rule: &Trigger,
    agent: Vec<Party>,
    patient: Vec<Party>,
    prep_parties: Vec<Party>,
    comp_parties: Vec<Party>,
) -> (Vec<Party>, Vec<Party>) {
    let mut actors: Vec<Party> = Vec::new();
    let mut recipients: Vec<Party> = Vec::new();
    let patient_empty = patient.is_empty();
    match rule.roles {
        Roles::Symmetric => {
            actors.extend(agent);
            actors.extend(patient);
            actors.extend(prep_parties);
        }
        Roles::Directed | Roles::Visit => {
            // ("Serbian troops were deployed closer to the boundary": forces the rule reads
            // as the actor's own are, in the passive with no agent, the actor's side.)
            if rule.object_own && agent.is_empty() {
                actors.extend(patient);
            } else {
                actors.extend(agent);
                if !rule.object_own {
                    recipients.extend(patient);
                }
            }
            if recipients.is_empty() || rule.roles == Roles::Visit {
                recipients.extend(prep_parties);
            }
        }
        Roles::SelfDirected => {
            actors.extend(agent);
            recipients.extend(prep_parties);
        }
        Roles::Host => {
            actors.extend(patient);
            recipients.extend(agent);
        }
        // The actor, the speaker, is read by the caller.
        Roles::Warned => recipients.extend(agent),
    }
    // Mutual violence ("India and Pakistan exchanged fire") and mutual accusations ("traded
    // accusations"): every side is both actor and recipient (an accusation is then read
    // as one event per direction).
    if rule.roles == Roles::Symmetric
        && matches!(rule.event_type, EventType::Assault | EventType::Accuse)
        && recipients.is_empty()
    {
        recipients = actors.clone();
    }
    // The governed clause names the target better than any later prepositional phrase.
    if !comp_parties.is_empty() && matches!(rule.roles, Roles::Directed | Roles::SelfDirected) {
        let own: Vec<Option<String>> = actors.iter().map(|a| a.country.clone()).collect();
        let other: Vec<Party> = comp_parties
            .iter()
            .filter(|p| !own.contains(&p.country))
            .cloned()
            .collect();
        if !other.is_empty() && (recipients.is_empty() || patient_empty) {
            recipients = other;
        }
    } else if recipients.is_empty() && !matches!(rule.roles, Roles::Symmetric | Roles::Host) {
        recipients.extend(comp_parties);
    } else if rule.roles == Roles::Symmetric && actors.len() <= 1 {
        actors.extend(comp_parties);
    }
    (actors, recipients)
}

/// What a rule codes for one verb (see [`Coder::event_kind`]).
struct EventKind {
    event_type: EventType,
    mode: Vec<String>,
    aux: Option<Aux>,
    /// End of a governed complement the event spans.
    gov_end: Option<usize>,
}

/// A verb group as read around its trigger (see [`Coder::verb_group`]).
struct VerbGroup {
    /// First and one-past-last token of the group.
    vs: usize,
    ve: usize,
    voice: Voice,
    tense: Tense,
    negated: bool,
}

/// The object's words for light-verb rules: the object group, running on to the next
/// preposition or punctuation so that a mis-tagged noun ("humanitarian aid") still counts.
fn light_object<'t>(
    sv: &SentenceView<'t>,
    object: Option<&Arg>,
    ve: usize,
    clause_end: usize,
) -> &'t [Token] {
    // An object opened by a quotation mark runs past the closing one to the noun it
    // describes: will face "crushing and destructive" attacks.
    let quote = |t: &Token| matches!(t.norm.as_str(), "\"" | "“" | "”" | "'" | "‘");
    if sv.tokens.get(ve).is_some_and(quote)
        && let Some(close) = (ve + 1..sv.end.min(ve + 8))
            .find(|&i| matches!(sv.tokens[i].norm.as_str(), "\"" | "”" | "'" | "’"))
    {
        let mut end = close + 1;
        while end < sv.end.min(close + 4)
            && matches!(sv.tokens[end].tag, Tag::JJ | Tag::NN | Tag::NNS | Tag::NNP)
        {
            end += 1;
        }
        if end > close + 1 {
            return &sv.tokens[ve..end];
        }
    }
    let obj_end = {
        let from = object.map_or(ve, |a| a.end);
        let mut e = from;
        while e < clause_end
            && e < from + 3
            && !matches!(
                sv.tokens[e].tag,
                Tag::IN | Tag::TO | Tag::PUNCT | Tag::WH | Tag::CC
            )
        {
            e += 1;
        }
        e.max((ve + 3).min(clause_end)).min(clause_end)
    };
    // "shot down 30 of 35 drones", "most of the missiles": a partitive count's object is
    // what the "of" phrase names.
    if let Some(a) = object
        && sv.word(a.end) == "of"
        && sv.tokens.get(a.start..a.end).is_some_and(|ts| {
            ts.iter()
                .all(|t| matches!(t.tag, Tag::CD | Tag::DT | Tag::JJ | Tag::RB))
        })
        && let Some(of) = sv.object_after(a.end + 1)
        && of.end <= clause_end
    {
        return &sv.tokens[a.start..of.end];
    }
    match object {
        // An object the clause bounds cut short (a quotation mark ends the clause: will face
        // "devastating consequences") still counts whole.
        Some(a) => &sv.tokens[a.start.min(obj_end.max(a.end))..obj_end.max(a.end)],
        None => &sv.tokens[ve.min(obj_end)..obj_end],
    }
}

/// Where coordinated clauses with subjects of their own divide a sentence ("394 protesters
/// were detained in Moscow and at least 376 were detained in St. Petersburg"): for the verb
/// at `k`, the start of its own clause when it is such a second clause (its subject's first
/// word), and the end of its clause when such a clause follows it (the conjunction). The
/// word lists see no clause boundary at "and", so each verb had read the other's place and
/// counts as its own. Only clauses that name different places divide so: "one person was
/// killed and 11 injured in an explosion" is one event.
fn coordinated_bounds(sv: &SentenceView, k: usize) -> (Option<usize>, Option<usize>) {
    let Some(p) = sv.parse else {
        return (None, None);
    };
    // The first word of `x`'s own subject and of any conjunction before it.
    let subject_start = |x: usize| -> Option<usize> {
        let s = p
            .children(x)
            .find(|&c| matches!(p.rel(c), "nsubj" | "nsubj:pass") && c < x)?;
        let first = p.children(s).filter(|&c| c < s).min().unwrap_or(s).min(s);
        Some(first)
    };
    let own = (p.rel(k) == "conj"
        && p.head(k)
            .is_some_and(|h| h < k && crate::counts::places_differ(sv, h, k)))
    .then(|| {
        // Its own subject, else (a subject shared with the first verb) the conjunction
        // before it.
        subject_start(k).or_else(|| {
            p.children(k)
                .filter(|&c| p.rel(c) == "cc" && c < k)
                .min()
                .map(|c| c + 1)
        })
    })
    .flatten();
    let next = p
        .children(k)
        .filter(|&v| {
            v > k
                && p.rel(v) == "conj"
                && p.upos(v) == "VERB"
                && crate::counts::places_differ(sv, k, v)
        })
        .find_map(|v| {
            let s = subject_start(v)?;
            // The conjunction joining the clauses, else the subject.
            Some(
                p.children(v)
                    .filter(|&c| p.rel(c) == "cc" && c > k && c < s.max(k + 1))
                    .min()
                    .or_else(|| p.children(s).find(|&c| p.rel(c) == "cc" && c > k))
                    .unwrap_or(s),
            )
        });
    (own, next)
}

/// A patient that is only a count ("and arrested 394 in Moscow", "and at least 376 were
/// detained") leaves its noun to the count before it in the sentence ("394 protesters were
/// detained in Moscow and 376 …"): that noun is what the rule's object class is checked on.
/// Any other patient is returned as it is.
fn elided_count_noun<'t>(
    sv: &SentenceView<'t>,
    patient: &'t [Token],
    before: usize,
) -> &'t [Token] {
    // (The patient may run on into a phrase: "394 in Moscow".)
    let own = patient
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, t)| matches!(t.tag, Tag::IN | Tag::TO | Tag::PUNCT | Tag::CC))
        .map_or(patient, |(i, _)| &patient[..i]);
    let bare = own.iter().any(|t| t.tag == Tag::CD)
        && own
            .iter()
            .all(|t| matches!(t.tag, Tag::CD | Tag::JJ | Tag::RB | Tag::IN | Tag::DT));
    if !bare {
        return patient;
    }
    // The head of the last counted phrase before this verb: a number, then adjectives and
    // common nouns, the last of which heads it ("394 detained protesters").
    let end = before.min(sv.end);
    (sv.start..end)
        .rev()
        .filter(|&i| sv.tokens[i].tag == Tag::CD)
        .find_map(|i| {
            let run = (i + 1..end)
                .take_while(|&j| matches!(sv.tokens[j].tag, Tag::JJ | Tag::NN | Tag::NNS))
                .last()?;
            matches!(sv.tokens[run].tag, Tag::NN | Tag::NNS).then_some(run)
        })
        .map_or(patient, |j| &sv.tokens[j..j + 1])
}

/// The words of a patient that say what it is: its phrase up to a preposition of place or
/// time that only says where or when ("35 people in Nairobi and the coastal city of Mombasa"
/// are people, not a city; "dozens at a camp" are people). A phrase that opens with such a
/// preposition, or is nothing else, is kept whole.
fn patient_core(patient: &[Token]) -> &[Token] {
    patient
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, t)| {
            t.tag == Tag::IN
                && matches!(
                    lower(t).as_ref(),
                    "in" | "at" | "near" | "outside" | "across" | "around" | "during" | "inside"
                )
        })
        .map_or(patient, |(i, _)| &patient[..i])
}

/// The REJECT mode of refusing an act of type `t`: to meet (talks, visits), to yield
/// (withdraw, release, disarm, resign), to assist (aid, cooperation); none otherwise.
fn refusal_mode(t: EventType) -> Option<&'static str> {
    match t {
        EventType::Consult => Some("meet"),
        EventType::Retreat => Some("yield"),
        EventType::Aid | EventType::Cooperate => Some("assist"),
        _ => None,
    }
}

/// The parts of a verb's clause a rule's conditions look at (see [`Coder::rule_fits`]).
struct VerbSlots<'v> {
    sv: &'v SentenceView<'v>,
    k: usize,
    /// End of the verb chunk.
    ve: usize,
    voice: Voice,
    subject: Option<&'v Arg>,
    object: Option<&'v Arg>,
    /// The subject the sentence had before this verb, for a pronoun subject.
    antecedent: Option<&'v Arg>,
    /// The patient's tokens: an active verb's object, a passive one's subject.
    patient: &'v [Token],
    sentence: &'v [Token],
    preps: &'v [(String, Arg)],
    future_like: bool,
    st: &'v DocState,
}

impl Coder<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn verb_event(
        &self,
        sv: &SentenceView,
        k: usize,
        list: &[Trigger],
        st: &DocState,
        last_subject: &mut Option<Arg>,
        consumed: &mut Vec<(usize, usize)>,
        governing: &mut Option<usize>,
        so_far: &[Candidate],
    ) -> Option<Candidate> {
        let chunk: Option<&Chunk> = sv.verb_at(k);
        // The subject the sentence had before this verb: what a pronoun subject stands for
        // when a rule asks what kind of party acts ("farmers said they would blockade …").
        let antecedent = last_subject.clone();
        let VerbGroup {
            vs,
            ve,
            voice,
            tense,
            negated,
        } = self.verb_group(sv, k, chunk);
        // "held talks but failed to agree": the infinitive of a verb of failure (class
        // `failure_verbs`) did not happen, wherever the chunker ended the group, and failing is
        // no refusal.
        let failed = |to: usize| {
            to > sv.start
                && sv.word(to) == "to"
                && self
                    .rules
                    .in_class("failure_verbs", &sv.tokens[to - 1].lemma)
        };
        if failed(vs) || (k >= sv.start + 2 && failed(k - 1)) {
            return None;
        }
        // The tense "will" or "would" on verb `h` gives the verbs that share its auxiliary.
        let modal_tense = |p: &crate::deps::TokParse, h: usize| {
            p.children(h)
                .find(|&c| {
                    p.rel(c) == "aux"
                        && matches!(sv.word(c).as_ref(), "will" | "would" | "shall" | "'ll")
                })
                .map(|c| {
                    if sv.word(c) == "would" {
                        Tense::Conditional
                    } else {
                        Tense::Future
                    }
                })
        };
        let tense = match sv.parse {
            // "France would train soldiers and send air defences": a bare verb coordinated
            // with one under "will" or "would" shares that auxiliary and its tense.
            Some(p) if p.rel(k) == "conj" && p.xpos(k) == "VB" => {
                p.head(k).and_then(|h| modal_tense(p, h)).unwrap_or(tense)
            }
            // "would resume fighting if …", "will keep shelling": a gerund that is what a
            // verb under "will" or "would" goes on doing takes that verb's tense.
            Some(p)
                if tense == Tense::Nonfinite
                    && p.xpos(k) == "VBG"
                    && matches!(p.rel(k), "xcomp" | "obj") =>
            {
                p.head(k).and_then(|h| modal_tense(p, h)).unwrap_or(tense)
            }
            _ => tense,
        };

        // "Rwanda denied supporting the M23": a denial of a deed is no event of the denial
        // verb's own rules (no aid withheld), and the deed denied is not told as done (nor
        // is it refused: a negated rule's type does not apply).
        // Nor is one of a statement ("denied that his supporters were armed"): it tells
        // what someone says did not happen.
        if self.rules.in_class("denial", &sv.tokens[k].lemma)
            && (sv.tokens.get(ve).is_some_and(|t| t.tag == Tag::VBG)
                || sv.word(ve) == "that"
                || sv
                    .parse
                    .is_some_and(|p| p.children(k).any(|c| c > k && p.rel(c) == "ccomp")))
        {
            return None;
        }
        if sv.tokens[k].tag == Tag::VBG
            && vs > sv.start
            && self.rules.in_class("denial", &sv.tokens[vs - 1].lemma)
        {
            return None;
        }
        let clause_end = sv.clause_end(ve);
        // A particle right after the verb ("handed over the prisoners") stands between the
        // verb and its object.
        let after_particle = || {
            matches!(
                sv.word(ve).as_str(),
                "over" | "up" | "off" | "out" | "down" | "back" | "away"
            )
            .then(|| sv.object_after(ve + 1))
            .flatten()
            .filter(|a| a.start < clause_end)
        };
        // The object: the parse's `obj`, else the argument right after the verb group.
        let object = sv.dep_object(k).or_else(|| {
            sv.object_after(ve)
                .filter(|a| a.start < clause_end)
                .or_else(after_particle)
        });
        let preps = sv.prep_args(ve, clause_end);
        let obj_toks = light_object(sv, object.as_ref(), ve, clause_end);
        // Subject: by position, else inherited for infinitives and participles.
        // Subject: by position (the parser's error rate on news is higher than the word-order
        // reading's where that finds a party); where position finds none, the parse's subject
        // (through coordination, control and relative clauses); else inherited below.
        let mut subject = self.clause_subject(sv, k, vs, st);
        let subj_parties = subject
            .as_ref()
            .map(|s| self.parties(sv, s, st))
            .unwrap_or_default();
        let nonfinite = tense == Tense::Nonfinite
            || (sv.tokens[k].tag == Tag::VBG && chunk.is_none_or(|c| c.tok_start == k));
        // Elided subjects: infinitives and participles take the last finite verb's subject, and
        // so does a verb coordinated with it ("Russia launched drones and struck Kyiv").
        let coordinated =
            vs > sv.start && matches!(sv.word(vs - 1).as_str(), "and" | "but" | "or" | "then");
        // A "to" infinitive of purpose shares the main clause's subject even when an object
        // stands right before it ("Tehran summoned the ambassador to protest …").
        let infinitive = vs > sv.start && (sv.word(vs) == "to" || sv.word(vs - 1) == "to");
        // A verb right after "and" has no subject of its own between them: that of the verb
        // the parse coordinates it with, where that verb has one ("police arrested an
        // officer as he was on his way … and detained him"); else the previous verb's ("…
        // after the French minister spoke of instability and questioned the junta's fight"),
        // whatever a subject further back would say.
        let conj_subject = || {
            let p = sv.parse?;
            let h = p.head(k).filter(|_| p.rel(k) == "conj")?;
            // The parser may give a verb two subjects ("police forces in Al Mahrah
            // governorate" read as "forces" and "governorate"): the one naming a party, else
            // the first that is not a place (police whose country the place will tell).
            let subjects: Vec<Arg> = p
                .children(h)
                .filter(|&c| matches!(p.rel(c), "nsubj" | "nsubj:pass"))
                .filter_map(|s| sv.arg_of_head(s))
                .collect();
            let place_only =
                |a: &Arg| a.mentions().next().is_some() && !a.names_a_party(sv.mentions);
            let named = subjects
                .iter()
                .position(|a| !self.parties(sv, a, st).is_empty());
            // ("said the talks were constructive and invited his counterpart": a verb the
            // parser coordinates into a reported clause whose subject names no party is the
            // speaker's, as the sentence's last party subject.)
            if named.is_none() && p.rel(h) == "ccomp" {
                return None;
            }
            let i = named.or_else(|| {
                subjects.iter().position(|a| {
                    !place_only(a)
                        && matches!(sv.tokens[a.end - 1].tag, Tag::NN | Tag::NNS | Tag::NNP)
                })
            })?;
            subjects.into_iter().nth(i)
        };
        // An active participle modifying a noun ("a car protest … criticizing the
        // government", "a demonstration demanding the resignation … to allow …") is done by
        // what the noun names, not by the last finite verb's subject (the police who blocked
        // that protest); so are the infinitives and participles that depend on it.
        let modified_noun = || {
            let p = sv.parse?;
            let mut v = k;
            for _ in 0..4 {
                let h = p.head(v)?;
                match p.rel(v) {
                    "acl" => {
                        return (p.xpos(v) == "VBG" && matches!(p.upos(h), "NOUN" | "PROPN"))
                            .then_some(h);
                    }
                    "xcomp" | "advcl" | "conj"
                        if p.upos(h) == "VERB" && matches!(p.xpos(h), "VBG" | "VB") =>
                    {
                        v = h
                    }
                    _ => return None,
                }
            }
            None
        };
        // The parser often hangs such a participle on the place after the noun ("protesters
        // in Jerusalem waving flags"): the noun that place belongs to is meant.
        let doer = |mut n: usize| {
            let p = sv.parse?;
            for _ in 0..3 {
                let a = sv.arg_of_head(n);
                let place = a.as_ref().is_none_or(|a| !a.names_a_party(sv.mentions));
                if !(place && p.upos(n) == "PROPN" && p.rel(n) == "nmod") {
                    return a;
                }
                n = p.head(n)?;
            }
            None
        };
        // "…, prompting Bogota to recall its ambassador", "forced the army to withdraw": the
        // infinitive of a verb that makes someone act (class `causative_verbs`) is done by
        // that verb's object.
        let caused = || {
            let p = sv.parse?;
            let h = p.head(k).filter(|_| p.rel(k) == "xcomp")?;
            if !self.rules.in_class("causative_verbs", &sv.tokens[h].lemma) {
                return None;
            }
            p.object(h).and_then(|o| sv.arg_of_head(o))
        };
        // Whoever made the infinitive's doer act ("Ecuador deported …, prompting Bogota to
        // recall its ambassador"): what the doer does is aimed at them, where it names no one.
        let mut causer: Option<Arg> = None;
        if nonfinite && let Some(n) = modified_noun().and_then(doer) {
            subject = Some(n);
        } else if infinitive && let Some(o) = caused() {
            subject = Some(o);
            causer = last_subject.clone();
        } else if coordinated && let Some(s) = conj_subject() {
            subject = Some(s);
        } else if (subj_parties.is_empty()
            || coordinated
            || (infinitive && tense == Tense::Nonfinite))
            && (nonfinite || coordinated)
            && let Some(s) = last_subject.clone()
        {
            subject = Some(s);
        }
        let subject = subject.map(|s| sv.after_subordinator(s));
        let sentence_toks = &sv.tokens[sv.start..sv.end];
        let future_like = self.future_like(sv, k, vs, tense);
        // A finite verb's subject is the default subject of the infinitives and participles that
        // follow, whether or not the verb itself codes an event ("continued to send").
        if !nonfinite
            && let Some(sj) = &subject
            && !self.parties(sv, sj, st).is_empty()
        {
            *last_subject = Some(sj.clone());
        }
        if trace().is_some() {
            eprintln!(
                "trace: verb {} subj={:?} obj={:?} tense={tense:?} neg={negated}",
                sv.tokens[k].norm,
                subject
                    .as_ref()
                    .map(|s| crate::mentions::join(&sv.tokens[s.start..s.end])),
                object
                    .as_ref()
                    .map(|s| crate::mentions::join(&sv.tokens[s.start..s.end])),
            );
        }
        // A condition is not an event: "if Israel retaliates by attacking Iran, it will face
        // …", "should Hezbollah violate the deal, we will strike". Nor is an act of whoever
        // might do it ("whoever attacks us").
        if sv
            .parse
            .is_some_and(|p| p.conditional(k, |i| sv.word(i).into_owned()))
            || (matches!(sv.word(sv.start).as_ref(), "should" | "were" | "had")
                && !(sv.start..vs).any(|i| sv.word(i) == ","))
        {
            return None;
        }
        let anyone = |w: &str| matches!(w, "whoever" | "anyone" | "anybody" | "whatever" | "any");
        // ("any" only opens the subject or the clause: "opposed any cooperation … and urged
        // Manila to stop" is no act of whoever.)
        let cs = sv.clause_start(vs);
        if subject.as_ref().is_some_and(|s| anyone(&sv.word(s.start)))
            || (cs..vs).any(|i| {
                let w = sv.word(i);
                anyone(&w) && (w != "any" || i == cs)
            })
        {
            return None;
        }
        // What a rule's `object` constrains is the patient: the object of an active verb, the
        // subject of a passive one ("1,026 people were detained").
        let patient_toks: &[Token] = match (&subject, voice == Voice::Passive) {
            (Some(s), true) => &sv.tokens[s.start..s.end],
            _ => obj_toks,
        };
        let patient_toks = elided_count_noun(sv, patient_toks, vs);
        let slots = VerbSlots {
            sv,
            k,
            ve,
            voice,
            subject: subject.as_ref(),
            object: object.as_ref(),
            antecedent: antecedent.as_ref(),
            patient: patient_toks,
            sentence: sentence_toks,
            preps: &preps,
            future_like,
            st,
        };
        let Some(rule) = list.iter().find(|r| self.rule_fits(r, &slots)) else {
            if trace().is_some() {
                eprintln!(
                    "trace: no rule fits {} (patient {:?})",
                    sv.word(k),
                    slots
                        .patient
                        .iter()
                        .map(|t| t.norm.as_str())
                        .collect::<Vec<_>>()
                );
            }
            return None;
        };
        // A governing verb absorbs the coded verb of its "to" complement.
        if let Some(g) = *governing
            && let Some(prev) = so_far.get(g)
            && prev.clause.1 > k
            && prev.trigger_tok < k
        {
            return None;
        }
        let EventKind {
            mut event_type,
            mut mode,
            aux,
            mut gov_end,
        } = self.event_kind(
            sv,
            rule,
            k,
            ve,
            negated,
            future_like && !self.decided(sv, k, rule, voice),
            tense,
            consumed,
        )?;
        // Who the governed complement is about: "threatened to cut off electricity to X",
        // "demanded that X end curbs", "agreed to lift embargoes on X".
        let comp_parties = if rule.governs {
            self.complement_parties(
                sv,
                ve,
                &mut gov_end,
                consumed,
                st,
                rule.roles == Roles::Symmetric,
            )
        } else {
            Vec::new()
        };
        // Reactions take their object as an argument, not as another event: "rejected a
        // proposal", "welcomed the agreement", "accepted the offer".
        if matches!(
            event_type,
            EventType::Reject
                | EventType::Agree
                | EventType::Support
                | EventType::Concede
                | EventType::Request
        ) && let Some(o) = &object
        {
            consumed.push((o.start, o.end));
        }
        // Light verbs consume their event noun ("held talks", "launched an attack").
        if !rule.object.is_empty()
            && let Some(o) = &object
        {
            consumed.push((o.start, o.end));
        }
        let subj_parties = subject
            .as_ref()
            .map(|s| self.parties(sv, s, st))
            .unwrap_or_default();
        // "accused each other": a reciprocal object stands for the subject's parties; the
        // coder then reads one event per direction.
        let reciprocal = object.as_ref().is_some_and(|o| {
            let w: Vec<String> = (o.start..o.end).map(|i| sv.word(i).into_owned()).collect();
            matches!(
                w.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
                ["each", "other"] | ["one", "another"]
            )
        });
        let obj_parties = if reciprocal {
            subject
                .as_ref()
                .map(|s| self.parties(sv, s, st))
                .unwrap_or_default()
        } else if object.is_none()
            && let Some(noun) = self.relative_object_antecedent(sv, k, subject.as_ref())
        {
            // "the UAE, which Sudan's government accuses of arming the RSF": the relative
            // pronoun before another subject is the verb's object, and stands for the noun
            // its clause modifies. (A noun that names no one, coordinated with one that does,
            // "12 Iranian officials and three companies it accused", stands with it.)
            let own = sv
                .unit_of(noun)
                .map(|nu| self.parties(sv, &sv.arg_from_unit(nu), st))
                .unwrap_or_default();
            if own.is_empty()
                && let Some(p) = sv.parse
                && p.rel(noun) == "conj"
                && let Some(arg) = p.head(noun).and_then(|h| sv.arg_of_head(h))
            {
                self.parties(sv, &arg, st)
            } else {
                own
            }
        } else {
            object
                .as_ref()
                .map(|o| self.parties(sv, o, st))
                .unwrap_or_default()
        };
        let by_parties: Vec<Party> = preps
            .iter()
            .filter(|(p, _)| p == "by")
            .flat_map(|(_, a)| self.parties(sv, a, st))
            .collect();
        // "investigating crimes by X", "condemned attacks by X": in an active clause the "by"
        // phrase after the object names whom the accusation is about.
        let accused_by = voice != Voice::Passive && rule.event_type == EventType::Accuse;

        // "were engaged in", "is involved in": a state, not a passive action.
        // ("were set on fire" is the passive of "set on fire": the word after it is the
        // rule's own particle.)
        let stative = voice == Voice::Passive
            && self.rules.stative_participles.contains(&sv.tokens[k].lemma)
            && matches!(sv.word(ve).as_str(), "in" | "with" | "to" | "on")
            && rule.particle.first().is_none_or(|p| *p != sv.word(ve));
        let passive = voice == Voice::Passive && !stative;
        let (mut agent, patient) = if passive {
            (by_parties, subj_parties)
        } else {
            (subj_parties, obj_parties)
        };
        // "Three people were killed in a Russian missile strike", "seven troops were killed in
        // clashes with Armenia": with no agent, the attack the victims fell in names who
        // attacked (its own modifiers, or its "by"/"with" phrase), and is no target.
        let mut fell_in: Vec<(usize, usize)> = Vec::new();
        // (Also for a participle whose "were" is elided: "… killed and 25 others injured".)
        if agent.is_empty()
            && rule.event_type == EventType::Assault
            && (passive || object.is_none())
        {
            fell_in = self.fell_in_attack(sv, &preps, &patient, &mut agent, consumed, st);
        }
        let prep_parties: Vec<Party> = preps
            .iter()
            .filter(|(p, _)| rule.preps.contains(p) || (accused_by && p == "by"))
            .filter(|(_, a)| !fell_in.contains(&(a.start, a.end)))
            .flat_map(|(_, a)| self.parties(sv, a, st))
            .collect();
        let refuser =
            (event_type == EventType::Reject && rule.roles == Roles::Symmetric).then(|| {
                codes_of(&agent)
                    .into_iter()
                    .map(String::from)
                    .collect::<Vec<String>>()
            });
        let (mut actors, mut recipients) =
            assign_roles(rule, agent, patient, prep_parties, comp_parties);
        // "will not negotiate with the United States": a refused meeting is the refuser's
        // act, and whom it will not meet is its recipient.
        if let Some(own) = refuser.filter(|o| !o.is_empty()) {
            let (mine, others): (Vec<Party>, Vec<Party>) = actors
                .into_iter()
                .partition(|a| a.country.as_ref().is_none_or(|c| own.contains(c)));
            actors = mine;
            recipients.extend(others);
        }
        // "The ministry said Thai troops had opened fire … and accused Thailand of …": a
        // country does not accuse, ask or warn itself, so a verb coordinated inside a reported
        // clause whose subject would make it do so is the speaker's second statement.
        if matches!(rule.roles, Roles::Directed)
            && !crate::merge::material(event_type)
            && !recipients.is_empty()
            && codes_of(&actors) == codes_of(&recipients)
            && let Some(speaker) = self.reporting_subject_of_conjunct(sv, k, st)
            && codes_of(&speaker) != codes_of(&recipients)
        {
            actors = speaker;
        }
        // "fired several ballistic missiles into the sea": missiles fired at no one, into open
        // water, are a show of force (a test), not an attack.
        if event_type == EventType::Assault
            && recipients.is_empty()
            && object.as_ref().is_some_and(|o| {
                sv.tokens[o.start..o.end]
                    .iter()
                    .any(|t| self.rules.in_class("projectile", &t.lemma))
            })
            && preps.iter().any(|(p, a)| {
                p == "into"
                    && sv.tokens[a.start..a.end]
                        .iter()
                        .any(|t| self.rules.in_class("open_water", &t.lemma))
            })
        {
            event_type = EventType::Mobilize;
            mode = vec!["weapons".to_string()];
        }
        // Weapons are no side: "three cruise missiles" shot down name no one who fired them
        // (whoever did is found as for any unnamed attacker); "Russian missiles" name Russia.
        actors.retain(|a| {
            a.country.is_some()
                || a.name
                    .split_whitespace()
                    .last()
                    .is_none_or(|w| !self.rules.in_class("projectile", w.trim_end_matches('s')))
        });
        // "South Korea will face devastating consequences, KCNA said": the warning is the
        // speaker's, inside a quotation its speaker's.
        if rule.roles == Roles::Warned {
            actors.extend(
                self.quoted_self(k, st)
                    .or_else(|| self.speaker(sv, k, k + 1, st)),
            );
            // ("saying they undermined security": a pronoun read as the speaker's own side
            // judges no one; the act judged gives the target instead)
            if !actors.is_empty() {
                let own = codes_of(&actors);
                recipients.retain(|r| r.country.as_deref().is_none_or(|c| !own.contains(&c)));
            }
        }
        // "said the law would not be withdrawn": a refusal told in the passive with no agent
        // is the speaker's.
        if actors.is_empty()
            && event_type == EventType::Reject
            && negated
            && voice == Voice::Passive
            && rule.event_type != EventType::Reject
        {
            actors.extend(self.speaker(sv, k, k + 1, st));
        }
        // "launched an offensive to flush out Kyiv's troops": the target is the object of the
        // purpose clause.
        // (Not for a request: "urged the allies of Lithuania to send troops" asks the allies;
        // the clause after it is what is asked.)
        if recipients.is_empty()
            && matches!(rule.roles, Roles::Directed)
            && rule.event_type != EventType::Request
        {
            recipients = self.purpose_target(sv, k, rule, object.as_ref(), ve, clause_end, st);
        }
        if rule.requires_recipient && recipients.is_empty() && rule.roles != Roles::Visit {
            return None;
        }
        // "a resolution that aims to tighten sanctions": a relative clause whose antecedent is
        // a thing (a resolution, a plan) codes no event of its own.
        if self.thing_relative(sv, vs, subject.as_ref()) {
            return None;
        }
        // "after four Chinese ships entered its territorial waters": "its" before a state's
        // domain (waters, airspace, territory) cannot stand for plural doers; it is the main
        // clause's subject's, when that is another side.
        if recipients.is_empty()
            && matches!(
                event_type,
                EventType::Mobilize | EventType::Assault | EventType::Coerce
            )
            && let Some(o) = object.as_ref()
            && sv.word(o.start) == "its"
            && (o.start..o.end.min(sv.end)).any(|i| {
                matches!(
                    sv.tokens[i].lemma.as_str(),
                    "water" | "waters" | "airspace" | "territory" | "soil" | "border" | "coast"
                )
            })
            && let Some(owner) = self.main_subject_parties(sv, k, st)
        {
            let own = codes_of(&actors);
            recipients.extend(
                owner
                    .into_iter()
                    .filter(|p| p.country.as_deref().is_some_and(|c| !own.contains(&c))),
            );
        }
        // Still no target: the first other party after the verb in the clause, else a place
        // it was directed at ("delivered goods to Baghdad", "lifted a curfew in Montenegro").
        if recipients.is_empty() && matches!(rule.roles, Roles::Directed | Roles::Visit) {
            recipients = self.unnamed_target(
                sv,
                rule,
                &actors,
                object.as_ref(),
                ve,
                clause_end,
                &preps,
                st,
            );
        }
        // "sent 5,000 troops to the region": troops a state sends within its own country, or
        // to no one named, are a deployment, not aid (aid goes to another party).
        if event_type == EventType::Aid
            && object.as_ref().is_some_and(|o| {
                (o.start..o.end).any(|i| {
                    self.rules.in_class("troop_words", &sv.tokens[i].lemma)
                        || self.rules.in_class("troop_words", &lower(&sv.tokens[i]))
                })
            })
            && !actors.is_empty()
            && {
                let own = codes_of(&actors);
                codes_of(&recipients).iter().all(|r| own.contains(r))
            }
        {
            event_type = EventType::Mobilize;
            mode = vec!["troops".into()];
            recipients.clear();
        }
        // "spoke with their Indian and Pakistani counterparts and urged restraint": a demand
        // or warning coordinated with a meeting or call is made to whom the actor met or
        // called.
        if recipients.is_empty()
            && matches!(event_type, EventType::Request | EventType::Threaten)
            && rule.roles == Roles::Directed
        {
            recipients = self.interlocutor(sv, k, &actors, st);
        }
        // A visit is to a country or party, which may be the place it names ("arrived in
        // Kyiv"): checked once that place is read.
        if rule.requires_recipient && recipients.is_empty() && rule.roles == Roles::Visit {
            return None;
        }
        // ("Zelensky addressed Ukraine's parliament": a leader at home pays no visit.)
        if rule.requires_recipient
            && rule.roles == Roles::Visit
            && codes_of(&recipients)
                .iter()
                .all(|r| codes_of(&actors).contains(r))
        {
            return None;
        }
        if rule.governs {
            *governing = Some(so_far.len());
            // "called on Rwanda to stop supporting M23 and withdraw": a bare infinitive
            // coordinated with the complement is part of what is asked, not an act.
            let mut e = gov_end.unwrap_or(clause_end);
            let mut steps = 0;
            while steps < 4
                && e + 1 < sv.end
                && matches!(sv.word(e).as_ref(), "and" | "or")
                && sv.tokens[e + 1].tag == Tag::VB
            {
                e = sv.clause_end(e + 2).max(e + 2);
                steps += 1;
            }
            if steps > 0 {
                gov_end = Some(e);
                consumed.push((k + 1, e));
            }
        }
        let clause_start = sv.clause_start(vs);
        let (own_start, next_clause) = coordinated_bounds(sv, k);
        let mut cand = Candidate::read(
            k,
            (
                own_start
                    .unwrap_or_else(|| clause_start.min(subject.as_ref().map_or(vs, |s| s.start))),
                next_clause.map_or(gov_end.unwrap_or(clause_end), |n| {
                    n.min(gov_end.unwrap_or(clause_end))
                }),
            ),
            event_type,
            mode,
            rule.context.clone(),
            aux,
            actors,
            recipients,
            if rule.weak { 0.5 } else { 0.75 },
            rule.id.clone(),
        );
        if rule.roles == Roles::Visit {
            cand.mode = rule.mode.clone();
        }
        cand.place_weak = rule.place_weak;
        cand.subject_is_target = rule.roles == Roles::Host;
        if matches!(rule.roles, Roles::SelfDirected) && cand.recipients.is_empty() {
            cand.recipients = self_recipient(&cand.actors);
        }
        if cand.recipients.is_empty()
            && rule.roles == Roles::Directed
            && let Some(c) = &causer
        {
            let own = codes_of(&cand.actors);
            cand.recipients = self
                .parties(sv, c, st)
                .into_iter()
                .filter(|p| p.country.as_deref().is_some_and(|cc| !own.contains(&cc)))
                .collect();
        }
        // A finite verb's subject is the default subject for the participles that follow.
        if !nonfinite && let Some(s) = subject {
            *last_subject = Some(s);
        }
        Some(cand)
    }

    /// The verb group around trigger `k`: where it starts and ends, its voice and tense and
    /// whether it is negated. A chunk like "has threatened to stop" holds two verbs: the
    /// governing one ends at "to", the embedded one starts after it and is non-finite.
    fn verb_group(&self, sv: &SentenceView, k: usize, chunk: Option<&Chunk>) -> VerbGroup {
        let (mut vs, mut ve) = chunk.map_or((k, k + 1), |c| (c.tok_start, c.tok_end));
        let voice = chunk.map_or(Voice::Active, |c| c.voice);
        let mut tense = chunk.map_or(Tense::Past, |c| c.tense);
        let mut negated = chunk.is_some_and(|c| c.negated);
        // A chunk like "has threatened to stop" holds two verbs: the governing one ends at "to",
        // the embedded one starts after it and is non-finite.
        if let Some(c) = chunk {
            if let Some(t) = (k + 1..c.tok_end).find(|&i| sv.word(i) == "to") {
                ve = t;
            }
            if let Some(t) = (c.tok_start..k).rev().find(|&i| sv.word(i) == "to") {
                let planned_lead =
                    t > sv.start && self.rules.plan_leads.contains(sv.word(t - 1).as_str());
                vs = t;
                negated = t > sv.start && sv.word(t - 1) == "not";
                tense = if planned_lead {
                    Tense::Future
                } else {
                    Tense::Nonfinite
                };
            }
        }
        if k > sv.start && sv.word(k - 1) == "to" && tense != Tense::Future {
            // "Kenya to reopen Somalia border": a headline's subject with a bare "to" and no
            // verb before it tells what will happen (a headline ends without a full stop).
            let t = k - 1;
            let headline_future = t > sv.start
                && sv.tokens[t - 1].tag.is_noun()
                && (sv.start..t).all(|i| !sv.tokens[i].tag.is_verb())
                && sv.end > sv.start
                && !matches!(sv.word(sv.end - 1).as_ref(), "." | "!" | "?" | "\"");
            tense = if headline_future {
                Tense::Future
            } else {
                Tense::Nonfinite
            };
        }

        // "held without seeking permission", "withdrew without firing a shot": a gerund after
        // "without" (an adverb between) is what was not done.
        if sv.tokens[k].tag == Tag::VBG
            && (vs.saturating_sub(2).max(sv.start)..vs.max(sv.start))
                .rev()
                .take_while(|&i| i + 2 >= vs)
                .any(|i| {
                    sv.word(i) == "without" && (i + 1..vs).all(|j| sv.tokens[j].tag == Tag::RB)
                })
        {
            negated = true;
        }
        VerbGroup {
            vs,
            ve,
            voice,
            tense,
            negated,
        }
    }

    /// The parties of a governing verb's complement ("threatened to cut off electricity to
    /// X", "demanded that X end curbs"); a "that" clause found here is consumed and sets
    /// `gov_end`.
    fn complement_parties(
        &self,
        sv: &SentenceView,
        ve: usize,
        gov_end: &mut Option<usize>,
        consumed: &mut Vec<(usize, usize)>,
        st: &DocState,
        symmetric: bool,
    ) -> Vec<Party> {
        let mut out: Vec<Party> = Vec::new();
        if let Some(cend) = *gov_end {
            let cv_end = sv.verb_at(ve + 1).map_or(ve + 2, |c| c.tok_end);
            let mut e2 = cv_end;
            if matches!(
                sv.word(e2).as_str(),
                "out" | "off" | "back" | "down" | "up" | "over"
            ) {
                e2 += 1;
            }
            if let Some(o) = sv.object_after(e2).filter(|o| o.start < cend) {
                out.extend(self.parties(sv, &o, st));
            }
            for (p, a) in sv.prep_args(e2, cend) {
                // (Where the agreed thing happens is no party to the agreement: "agreed to
                // extend a licence to pump oil in Venezuela".)
                let locative = matches!(p.as_str(), "in" | "at" | "near" | "inside" | "across");
                if p != "by" && !(symmetric && locative) {
                    out.extend(self.parties(sv, &a, st));
                }
            }
        } else {
            let s0 = if sv.word(ve) == "that" { ve + 1 } else { ve };
            if let Some(u) = sv.unit_starting_at(s0) {
                let a = sv.arg_from_unit(u);
                if a.end < sv.end && sv.verb_at(a.end).is_some() {
                    out.extend(self.parties(sv, &a, st));
                    let cend = sv.clause_end(a.end + 1);
                    consumed.push((a.end, cend));
                    *gov_end = Some(cend);
                }
            }
        }
        out
    }

    /// Victims with no agent named ("three people were killed in a Russian missile strike"):
    /// the attack noun they fell in gives the attacker (into `agent`, less the victims' own
    /// country) and is consumed; returns the spans of the phrases it used.
    fn fell_in_attack(
        &self,
        sv: &SentenceView,
        preps: &[(String, Arg)],
        patient: &[Party],
        agent: &mut Vec<Party>,
        consumed: &mut Vec<(usize, usize)>,
        st: &DocState,
    ) -> Vec<(usize, usize)> {
        let mut fell_in: Vec<(usize, usize)> = Vec::new();
        for (i, (p, a)) in preps.iter().enumerate() {
            if !matches!(p.as_str(), "in" | "during" | "after" | "following" | "amid") {
                continue;
            }
            let head_is_attack = (a.start..a.end)
                .rev()
                .find(|&j| sv.tokens[j].tag.is_noun())
                .is_some_and(|j| {
                    self.rules
                        .nouns
                        .get(&sv.tokens[j].lemma)
                        .is_some_and(|l| l.iter().any(|r| r.event_type == EventType::Assault))
                });
            if !head_is_attack {
                continue;
            }
            fell_in.push((a.start, a.end));
            let victims: Vec<Option<String>> = patient.iter().map(|x| x.country.clone()).collect();
            let mut by: Vec<Party> = self.parties(sv, a, st);
            if let Some((q, b)) = preps.get(i + 1)
                && matches!(q.as_str(), "by" | "with")
                && b.start <= a.end + 1
            {
                fell_in.push((b.start, b.end));
                by.extend(self.parties(sv, b, st));
            }
            by.retain(|x| x.country.is_none() || !victims.contains(&x.country));
            *agent = by;
            // The attack noun is this event, not another one.
            consumed.extend(fell_in.iter().copied());
            break;
        }
        fell_in
    }

    /// Whether a future measure is one an announcement decides: "confirmed that tariffs on
    /// Mexico will be paused", "announced that sanctions will be imposed" tell the decision
    /// (the concession or the sanction itself), where "will lift" alone is a promise. Passive
    /// sanctions and concessions under a verb of deciding (the `decide` class).
    fn decided(&self, sv: &SentenceView, k: usize, rule: &Trigger, voice: Voice) -> bool {
        voice == Voice::Passive
            && matches!(rule.event_type, EventType::Concede | EventType::Sanction)
            && sv
                .parse
                .and_then(|p| p.head(k))
                .is_some_and(|h| self.rules.in_class("decide", &sv.tokens[h].lemma))
    }

    /// The event an applicable rule codes, read against the verb's tense and polarity: a
    /// negated verb codes the rule's `negated` type (or nothing), a future one the rule's
    /// `future` type with aux future, a conditional one aux hypothetical; a governing verb's
    /// "to" complement is consumed and sets the mode of a threat, refusal or request.
    #[allow(clippy::too_many_arguments)]
    fn event_kind(
        &self,
        sv: &SentenceView,
        rule: &Trigger,
        k: usize,
        ve: usize,
        negated: bool,
        future_like: bool,
        tense: Tense,
        consumed: &mut Vec<(usize, usize)>,
    ) -> Option<EventKind> {
        let mut event_type = rule.event_type;
        let mut mode = rule.mode.clone();
        let mut aux = rule.aux;
        let mut refused = false;
        if negated {
            match rule.negated {
                Some(t) => {
                    event_type = t;
                    mode.clear();
                    // ("would not change its decision": a refusal made now, not a
                    // hypothetical one)
                    refused = t == EventType::Reject;
                }
                // "said it would not negotiate with the rebels", "will not withdraw its
                // soldiers", "would not resign": an act whose future the rule reads as a
                // promise (`future = AGREE`), or a material concession, is, negated in the
                // future, refused now; what is refused gives the refusal's mode.
                None if future_like
                    && (rule.future == Some(EventType::Agree)
                        || rule.event_type == EventType::Retreat) =>
                {
                    event_type = EventType::Reject;
                    refused = true;
                    mode = refusal_mode(rule.event_type)
                        .map(|m| vec![m.to_string()])
                        .unwrap_or_default();
                }
                None => return None,
            }
        }
        // "won't accept" is a refusal now, not a future event.
        let future_like = future_like && !negated;
        if future_like || aux == Some(Aux::Future) {
            aux = Some(Aux::Future);
            // ("South Korea will face devastating consequences": a warning in the future is
            // a threat made now.)
            if rule.event_type == EventType::Threaten && !negated {
                aux = None;
            }
            if let Some(f) = rule.future
                && !negated
            {
                event_type = f;
                if f != rule.event_type {
                    mode.clear();
                }
                // "We will attack him": the threat is made now; what is future is the act
                // threatened.
                if f == EventType::Threaten {
                    aux = None;
                    if rule.event_type == EventType::Assault {
                        mode = vec!["violence".into()];
                    }
                }
            }
            // "would slap a tariff on Chinese goods unless Beijing stopped …", "will strike
            // if …": a coercive act promised on a condition is a threat made now.
            // (The parser may hang the condition on the verb of saying: "said he would slap
            // … unless …".)
            let conditioned = sv.parse.is_some_and(|p| {
                let reported = p.head(k).filter(|_| matches!(p.rel(k), "ccomp" | "xcomp"));
                std::iter::once(k).chain(reported).any(|v| {
                    p.children(v).any(|c| {
                        p.rel(c) == "advcl"
                            && p.children(c).any(|m| {
                                p.rel(m) == "mark" && matches!(sv.word(m).as_ref(), "if" | "unless")
                            })
                    })
                })
            });
            if conditioned
                && matches!(
                    event_type,
                    EventType::Sanction | EventType::Assault | EventType::Coerce
                )
            {
                // (Violence promised is a threat of violence.)
                mode = if event_type == EventType::Assault {
                    vec!["violence".into()]
                } else {
                    Vec::new()
                };
                event_type = EventType::Threaten;
                aux = None;
            }
        } else if tense == Tense::Conditional && !refused {
            aux = Some(Aux::Hypothetical);
        }
        // Threats and refusals take their mode from the verb they govern.
        let mut gov_end = None;
        // The governed infinitive's "to": right after the verb, or past an adjunct the parse
        // sets between them ("threatened in a video to burn down the neighbourhood").
        // (Read off the words: a preposition's phrase of at most five words, then "to" and a
        // bare verb; the parser may hang such an infinitive on the adjunct's noun.)
        let to_at = if sv.word(ve) == "to" {
            Some(ve)
        } else if rule.governs
            && matches!(sv.tokens.get(ve).map(|t| t.tag), Some(Tag::IN))
            // (not a preposition of the rule's parties: "called on Israel to end …" names
            // its addressee there)
            && !rule.preps.iter().any(|p| *p == sv.word(ve))
        {
            (ve + 2..(ve + 7).min(sv.end))
                .find(|&m| sv.word(m) == "to")
                .filter(|&m| {
                    sv.tokens.get(m + 1).is_some_and(|t| t.tag == Tag::VB)
                        && (ve + 1..m).all(|i| !sv.tokens[i].tag.is_verb() && sv.word(i) != ",")
                })
        } else {
            None
        };
        // (Or where the parse hangs it on the verb past its addressee and a relative clause:
        // "called on the United States and France, which oversee the truce, to pressure …".)
        // (Read off the words: ", which …," or ", who …," then "to" and a bare verb; the
        // parser tends to hang the infinitive on the relative clause's verb.)
        let to_at = to_at.or_else(|| {
            if !rule.governs {
                return None;
            }
            let end = sv.end.min(ve + 24);
            let rel = (ve..end).find(|&j| {
                sv.word(j) == "," && matches!(sv.word(j + 1).as_ref(), "which" | "who")
            })?;
            (rel + 2..end.saturating_sub(2))
                .find(|&i| sv.word(i) == ",")
                .filter(|&i| {
                    sv.word(i + 1) == "to" && sv.tokens.get(i + 2).is_some_and(|t| t.tag == Tag::VB)
                })
                .map(|i| i + 1)
        });
        if rule.governs
            && let Some(ve) = to_at
        {
            // (The complement ends where a clause of time or reason set off by a comma
            // begins: "agreed to lift the bans …, after talks mediated by the EU".)
            let cend = sv.clause_end(ve + 1);
            let cend = (ve + 1..cend.min(sv.end))
                .find(|&i| {
                    sv.word(i) == ","
                        && (self.rules.in_class("subordinators", &sv.word(i + 1))
                            || matches!(sv.word(i + 1).as_ref(), "following" | "amid" | "despite"))
                })
                .unwrap_or(cend);
            gov_end = Some(cend);
            consumed.push((ve, cend));
            let comp_type = self.complement_type(sv, ve + 1, cend);
            if let Some((ct, cmode)) = comp_type {
                match event_type {
                    EventType::Threaten => {
                        let key = match cmode.first() {
                            Some(m) => format!("{}:{m}", ct.as_str()),
                            None => ct.as_str().to_string(),
                        };
                        let m = self
                            .rules
                            .threaten_modes
                            .get(&key)
                            .or_else(|| self.rules.threaten_modes.get(ct.as_str()));
                        if let Some(m) = m {
                            mode = vec![m.clone()];
                        }
                    }
                    EventType::Reject | EventType::Request if ct == EventType::Consult => {
                        mode = vec!["meet".into()];
                    }
                    _ => {}
                }
            }
        }
        // "vowed to continue its attacks on Israel", "vowed that attacks would continue": a
        // promise of violence is a threat made now, and the violence promised is no event.
        if event_type == EventType::Agree
            && rule.event_type == EventType::Agree
            && rule.governs
            && self.rules.in_class("vow_verbs", &sv.tokens[k].lemma)
        {
            let content = match to_at.map_or_else(|| sv.word(ve), |t| sv.word(t)).as_str() {
                "to" => {
                    let ve = to_at.unwrap_or(ve);
                    Some((ve + 1, gov_end.unwrap_or_else(|| sv.clause_end(ve + 1))))
                }
                "that" => Some((ve + 1, sv.clause_end(ve + 1))),
                _ => None,
            };
            if let Some((from, to)) = content
                && self.hostile_content(sv, from, to)
            {
                event_type = EventType::Threaten;
                mode = vec!["violence".into()];
                aux = None;
                consumed.push((ve, to));
                gov_end = Some(to);
            } else if let Some((from, to)) = content
                && (from..to.min(sv.end)).any(|i| {
                    self.rules
                        .in_class("protest_content", &lower(&sv.tokens[i]))
                })
                && !(from..to.min(sv.end))
                    .any(|i| self.rules.in_class("cessation_words", &sv.tokens[i].lemma))
            {
                // (more protest promised: a threat with no mode of violence)
                event_type = EventType::Threaten;
                mode.clear();
                aux = None;
                consumed.push((ve, to));
                gov_end = Some(to);
            }
        }
        Some(EventKind {
            event_type,
            mode,
            aux,
            gov_end,
        })
    }

    /// The noun a relative clause modifies, where the clause of verb `k` opens with a relative
    /// pronoun that stands before the verb's own subject ("X, which Y accuses of …"), or with
    /// that subject right after the noun ("companies it accused of …"): the pronoun, or the
    /// gap, is the object, whatever the parse made of it.
    fn relative_object_antecedent(
        &self,
        sv: &SentenceView,
        k: usize,
        subject: Option<&Arg>,
    ) -> Option<usize> {
        let p = sv.parse?;
        let s = subject?;
        // "three companies it accused of …": a pronoun subject right after a noun, the verb
        // with no object, opens a relative clause on that noun however the parse attached it
        // (not a day: "on Monday they accused").
        if p.rel(k) != "acl:relcl" {
            let noun = s.start.checked_sub(1).filter(|&n| n >= sv.start)?;
            let w = sv.word(noun);
            return (s.end == s.start + 1
                && matches!(
                    sv.word(s.start).as_ref(),
                    "it" | "they" | "he" | "she" | "we"
                )
                && matches!(p.upos(noun), "NOUN" | "PROPN")
                && !self.rules.weekdays.contains_key(w.as_ref())
                && !self.rules.months.contains_key(w.as_ref())
                && !matches!(
                    w.as_ref(),
                    "today" | "yesterday" | "tonight" | "week" | "year"
                ))
            .then_some(noun);
        }
        let noun = p.head(k)?;
        // ("three companies it accused of …": a relative clause with no pronoun, its subject
        // right after the noun, which may be a conjunct after the one the parse hangs the
        // clause on)
        if let Some(before) = s
            .start
            .checked_sub(1)
            .filter(|&b| b >= sv.start && b >= noun)
            && matches!(p.upos(before), "NOUN" | "PROPN")
        {
            return Some(before);
        }
        let pron = s.start.checked_sub(1)?;
        if pron < sv.start || !matches!(sv.word(pron).as_ref(), "which" | "who" | "whom" | "that") {
            return None;
        }
        (noun < pron).then_some(noun)
    }

    /// Whether tokens `from..to` promise violence: a word of `threat_content` with no word of
    /// `cessation_words` or `cessation` before it ("to keep fighting", not "to end the
    /// fighting").
    fn hostile_content(&self, sv: &SentenceView, from: usize, to: usize) -> bool {
        let to = to.min(sv.end);
        for i in from..to {
            let l = &sv.tokens[i].lemma;
            let w = lower(&sv.tokens[i]);
            if self.rules.in_class("cessation_words", l)
                || self.rules.in_class("cessation", l)
                || self.rules.in_class("cessation_words", &w)
            {
                return false;
            }
            if self.rules.in_class("threat_content", l) || self.rules.in_class("threat_content", &w)
            {
                return true;
            }
        }
        false
    }

    /// A directed act whose clause named no target: the first other party in a preposition
    /// near the verb, else one in a coordinated clause ("stopped aid and paused intelligence
    /// sharing with Kyiv"), else the country of a place it was directed at.
    #[allow(clippy::too_many_arguments)]
    fn unnamed_target(
        &self,
        sv: &SentenceView,
        rule: &Trigger,
        actors: &[Party],
        object: Option<&Arg>,
        ve: usize,
        clause_end: usize,
        preps: &[(String, Arg)],
        st: &DocState,
    ) -> Vec<Party> {
        let mut out: Vec<Party> = Vec::new();
        let own: Vec<Option<String>> = actors.iter().map(|a| a.country.clone()).collect();
        // The parties of an argument that are not the actors' own countries.
        let others = |a: &Arg| -> Vec<Party> {
            self.parties(sv, a, st)
                .into_iter()
                .filter(|x| !own.contains(&x.country))
                .collect()
        };
        let near_end = object.map_or(ve, |o| o.end) + 6;
        // "on more than 500 targets, including Russian banks": the examples a phrase names
        // tell whom it means.
        let including = |a: &Arg| -> Vec<Party> {
            let mut i = a.end;
            if sv.word(i) == "," {
                i += 1;
            }
            if i + 1 >= sv.end.min(clause_end.max(a.end + 2)) || sv.word(i) != "including" {
                return Vec::new();
            }
            sv.unit_starting_at(i + 1)
                .map(|u| others(&sv.arg_from_unit(u)))
                .unwrap_or_default()
        };
        for (p, a) in preps {
            if p == "by" || p == "according to" || a.start > near_end {
                continue;
            }
            // "fought for Russia", "fighting alongside Russian troops": the side fought for
            // is no target.
            if rule.event_type == EventType::Assault
                && matches!(p.as_str(), "for" | "alongside" | "beside" | "behind")
            {
                continue;
            }
            let mut ps = others(a);
            if ps.is_empty() {
                ps = including(a);
            }
            if !ps.is_empty() {
                out.extend(ps);
                break;
            }
        }
        // "stopped aid and paused intelligence sharing with Kyiv": a target named in the
        // coordinated clause serves both.
        if out.is_empty() && sv.word(clause_end) == "and" {
            let next_end = sv.clause_end(clause_end + 1);
            for (p, a) in sv.prep_args(clause_end + 1, next_end) {
                if matches!(p.as_str(), "with" | "to" | "against" | "on" | "for") {
                    let ps = others(&a);
                    if !ps.is_empty() {
                        out.extend(ps);
                        break;
                    }
                }
            }
        }
        if out.is_empty() {
            // Aid reaches those where it is taken from as well as where it is taken to
            // ("evacuated the wounded from the besieged Bosnian town of Gorazde").
            let from_too = rule.object_own || rule.event_type == EventType::Aid;
            out.extend(self.place_parties(sv, preps, from_too));
        }
        // "violated Polish airspace", "entered Ukrainian territory": an object that is a place
        // of another country names that country.
        if out.is_empty()
            && let Some(o) = object
        {
            let placey = sv.tokens[o.start..o.end]
                .iter()
                .rev()
                .find(|t| t.tag.is_noun())
                .is_some_and(|t| self.rules.place_nouns.contains(lower(t).as_str()));
            if placey {
                for mi in o.mentions() {
                    let m = &sv.mentions[mi];
                    if matches!(
                        m.kind,
                        sitrep_model::EntityKind::Country | sitrep_model::EntityKind::Place
                    ) && let Some(cc) = m.country.as_deref()
                        && !own.iter().any(|c| c.as_deref() == Some(cc))
                        && !out.iter().any(|x: &Party| x.country.as_deref() == Some(cc))
                    {
                        out.push(crate::events::country_party(self.kb, cc));
                    }
                }
            }
        }
        out
    }

    /// Whether rule `r`'s conditions hold for the verb as read: its particle, the patient's
    /// head words (`object`, `object_not`), the subject's, words near it, a required
    /// preposition, a party as object, future time, transitivity and voice.
    fn rule_fits(&self, r: &Trigger, v: &VerbSlots) -> bool {
        if v.k > v.sv.start
            && !r.after_not.is_empty()
            && r.after_not.contains(lower(&v.sv.tokens[v.k - 1]).as_ref())
        {
            return false;
        }
        if !r.particle.is_empty() {
            // A particle stands right after the verb ("called for talks", "called off the
            // strike") or right after its object ("called the strike off"), not anywhere
            // later ("called it the perfect day for Venezuela").
            let at = |i: usize, p: &str| v.sv.tokens.get(i).is_some_and(|t| lower(t) == p);
            let mut k2 = v.ve;
            let ok = r.particle.iter().all(|p| {
                if at(k2, p) {
                    k2 += 1;
                    true
                } else if let Some(o) = &v.object
                    && !matches!(
                        p.as_str(),
                        "for"
                            | "on"
                            | "upon"
                            | "to"
                            | "with"
                            | "at"
                            | "against"
                            | "into"
                            | "from"
                            | "about"
                            | "of"
                            | "by"
                    )
                    && o.start <= k2 + 1
                    && at(o.end, p)
                {
                    true
                } else {
                    false
                }
            });
            // A particle of several words after the object ("set the fields on fire"), or
            // one the object's phrase swallowed at its end ("set a bus afire").
            let after_object = || {
                v.object.as_ref().is_some_and(|o| {
                    let n = r.particle.len();
                    o.start <= v.ve + 1
                        && ((n > 1 && r.particle.iter().enumerate().all(|(i, p)| at(o.end + i, p)))
                            || (o.end >= o.start + 1 + n
                                && r.particle
                                    .iter()
                                    .enumerate()
                                    .all(|(i, p)| at(o.end - n + i, p))))
                })
            };
            if !ok && !after_object() {
                return false;
            }
        }
        // "provide Ukraine with missiles": what is given stands in the "with" phrase after
        // the recipient.
        let given_with = || {
            v.preps.iter().any(|(p, a)| {
                p == "with"
                    && v.object.as_ref().is_some_and(|o| a.start <= o.end + 1)
                    && self.has_any(&v.sv.tokens[a.start..a.end], &r.object)
            }) || v.object.as_ref().is_some_and(|o| {
                // ("provide Ukraine with $4.5 billion in additional aid": an amount the noun
                // groups do not take in; the few words after "with" tell what is given to
                // the party named.)
                o.end < v.sv.end
                    && v.sv.word(o.end) == "with"
                    && !self.parties(v.sv, o, v.st).is_empty()
                    && self.has_any(
                        &v.sv.tokens[o.end + 1..(o.end + 8).min(v.sv.end)],
                        &r.object,
                    )
            })
        };
        // "arrested 15 Palestinians": people named by their nationality are persons.
        let nationals = || {
            let arg = if v.voice == Voice::Passive {
                v.subject
            } else {
                v.object
            };
            r.object.contains("person")
                && arg.is_some_and(|a| {
                    v.sv.mentions.iter().any(|m| {
                        m.how == Some(crate::kbview::CountryHow::Demonym)
                            && m.tok_start >= a.start
                            && m.tok_end == a.end
                            && v.sv.tokens[a.end - 1].norm.ends_with('s')
                    })
                })
        };
        let core = patient_core(v.patient);
        // "Police detain 45 in raids": a number alone, as headlines write it, counts people.
        let counted = || {
            r.object.contains("person")
                && matches!(core, [t] if t.kind == sitrep_model::TokenKind::Number
                    || matches!(lower(t).as_ref(), "dozens" | "hundreds" | "thousands" | "scores"))
        };
        if !r.object.is_empty()
            && !self.has_any(core, &r.object)
            && !given_with()
            && !nationals()
            && !counted()
        {
            return false;
        }
        // (The word right after the verb group counts too: "sought to ease" has no object
        // but its "to".)
        if !r.object_not.is_empty()
            && (self.has_any(core, &r.object_not)
                || self.has_any(
                    &v.sv.tokens[v.k + 1..(v.ve + 1).min(v.sv.end).max(v.k + 1)],
                    &r.object_not,
                ))
        {
            return false;
        }
        if !r.subject.is_empty() {
            let pronoun = v.subject.as_ref().is_some_and(|s| {
                s.end == s.start + 1
                    && matches!(
                        v.sv.word(s.start).as_ref(),
                        "they" | "we" | "he" | "she" | "it"
                    )
            });
            let ok = v
                .subject
                .as_ref()
                .is_some_and(|s| self.has_any(&v.sv.tokens[s.start..s.end], &r.subject))
                || (pronoun
                    && v.antecedent
                        .as_ref()
                        .is_some_and(|s| self.has_any(&v.sv.tokens[s.start..s.end], &r.subject)));
            if !ok {
                return false;
            }
        }
        if !r.subject_not.is_empty()
            && (v
                .subject
                .as_ref()
                .is_some_and(|s| self.has_any(&v.sv.tokens[s.start..s.end], &r.subject_not))
                // (or the words right before the verb, where the word order found another
                // subject: "… on Tuesday after Typhoon Kalmaegi killed more than 100 people")
                || self.has_any(
                    &v.sv.tokens[v.k.saturating_sub(3).max(v.sv.start)..v.k],
                    &r.subject_not,
                ))
        {
            return false;
        }
        if !r.near.is_empty() && !r.near_after && !self.has_any(v.sentence, &r.near) {
            return false;
        }
        // ("struck what it called terrorist camps": a name the report only quotes.)
        if r.near_after
            && (v.k.saturating_sub(3).max(v.sv.start)..v.k).any(|i| v.sv.word(i) == "what")
        {
            return false;
        }
        if r.near_after {
            // (The phrase may be quoted: "called the measures "an act of economic war"".)
            let from = v.ve.min(v.sv.end);
            let end = (from + 12).min(v.sv.end);
            let to = (from..end)
                .find(|&i| {
                    matches!(
                        v.sv.word(i).as_ref(),
                        "to" | "," | ";" | "and" | "but" | "." | "for" | "after" | "because"
                    )
                })
                .unwrap_or(end);
            if !self.has_any(&v.sv.tokens[from..to], &r.near) {
                return false;
            }
        }
        if r.requires_prep && !v.preps.iter().any(|(p, _)| r.preps.contains(p)) {
            return false;
        }
        if r.subject_sides > 0
            && v.subject.as_ref().is_none_or(|s| {
                let ps = self.parties(v.sv, s, v.st);
                codes_of(&ps).len() < usize::from(r.subject_sides)
            })
        {
            return false;
        }
        if r.object_party
            && v.object
                .as_ref()
                .is_none_or(|o| self.parties(v.sv, o, v.st).is_empty())
        {
            return false;
        }
        // ("can have very bad consequences", "could face sanctions": a possibility warned of)
        let modal = v.k > v.sv.start + 1
            && (v.k.saturating_sub(3).max(v.sv.start)..v.k)
                .any(|i| matches!(v.sv.word(i).as_ref(), "can" | "could" | "may" | "might"));
        if r.only_future && !v.future_like && !modal {
            return false;
        }
        if r.intransitive && v.object.is_some() {
            return false;
        }
        if r.active_only && v.voice == Voice::Passive {
            return false;
        }
        true
    }
}

impl Coder<'_> {
    /// The parties of the subject of the reporting verb whose complement the verb at `k` is
    /// coordinated into ("said X had opened fire … and accused Y": "accused" hangs on
    /// "opened", the complement of "said").
    fn reporting_subject_of_conjunct(
        &self,
        sv: &SentenceView,
        k: usize,
        st: &DocState,
    ) -> Option<Vec<Party>> {
        let p = sv.parse?;
        if p.rel(k) != "conj" {
            return None;
        }
        let h = p.head(k)?;
        if p.rel(h) != "ccomp" {
            return None;
        }
        let r = p.head(h)?;
        if !self.rules.claim_verbs.contains(&sv.tokens[r].lemma) {
            return None;
        }
        let arg = sv.arg_of_head(p.subject(r)?)?;
        let found = self.parties(sv, &arg, st);
        (!found.is_empty()).then_some(found)
    }

    /// The party a verb's conjunct head addressed: the "with"/"to" phrase or object of the
    /// verb the trigger is coordinated with ("spoke with X and urged …", "called X and
    /// demanded …"), other than the actors themselves.
    fn interlocutor(
        &self,
        sv: &SentenceView,
        k: usize,
        actors: &[Party],
        st: &DocState,
    ) -> Vec<Party> {
        let Some(p) = sv.parse else {
            return Vec::new();
        };
        if p.rel(k) != "conj" {
            return Vec::new();
        }
        let Some(h) = p.head(k).filter(|&h| h < k && sv.tokens[h].tag.is_verb()) else {
            return Vec::new();
        };
        let own: Vec<&Option<String>> = actors.iter().map(|a| &a.country).collect();
        for c in p.children(h).filter(|&c| c < k) {
            let addressed = match p.rel(c) {
                "obj" => true,
                "obl" => p
                    .children(c)
                    .any(|x| p.rel(x) == "case" && matches!(sv.word(x).as_ref(), "with" | "to")),
                _ => false,
            };
            if !addressed {
                continue;
            }
            let Some(arg) = sv.arg_of_head(c) else {
                continue;
            };
            let found: Vec<Party> = self
                .parties(sv, &arg, st)
                .into_iter()
                .filter(|x| x.country.is_some() && !own.contains(&&x.country))
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }
}

impl Coder<'_> {
    /// The target a purpose clause names: the object of "to VERB" right after the verb's
    /// object ("launched an offensive to flush out Kyiv's troops"), else, for deeds, of the
    /// parse's purpose clause after a destination ("sent a carrier to the Gulf to deter
    /// Iran"). Empty when there is none.
    #[allow(clippy::too_many_arguments)]
    fn purpose_target(
        &self,
        sv: &SentenceView,
        k: usize,
        rule: &Trigger,
        object: Option<&Arg>,
        ve: usize,
        clause_end: usize,
        st: &DocState,
    ) -> Vec<Party> {
        let mut recipients: Vec<Party> = Vec::new();
        let after = object.map_or(ve, |o| o.end);
        if sv.word(after) == "to"
            && let Some(c2) = sv.verb_at(after + 1).or_else(|| sv.verb_at(after))
        {
            let mut e2 = c2.tok_end;
            // A particle after the verb ("flush out").
            if matches!(sv.word(e2).as_str(), "out" | "off" | "back" | "down" | "up") {
                e2 += 1;
            }
            if let Some(o2) = sv.object_after(e2) {
                recipients.extend(self.parties(sv, &o2, st));
            }
        }
        // After a place ("sending warships to the eastern Mediterranean to support
        // Israel", "sent a carrier to the Gulf to deter Iran"): the parse's purpose
        // clause under the verb or under a word of its clause after it.
        // (Deeds only: "claimed to have targeted a destroyer" tells what is claimed.)
        if recipients.is_empty()
            && matches!(
                rule.event_type,
                EventType::Mobilize | EventType::Assault | EventType::Aid
            )
            && let Some(p) = sv.parse
            && let Some(purpose) = (after + 1..clause_end.min(sv.end)).find(|&c| {
                matches!(p.rel(c), "advcl" | "xcomp" | "acl")
                    && p.upos(c) == "VERB"
                    && p.head(c).is_some_and(|h| h == k || (h > k && h < c))
                    && p.child(c, "mark").is_some_and(|m| sv.word(m) == "to")
            })
            && let Some(o2) = p
                .child(purpose, "obj")
                .and_then(|o| sv.object_after(o.min(purpose + 1)))
        {
            recipients.extend(self.parties(sv, &o2, st));
        }
        recipients
    }

    /// Whether the verb at `vs` heads a relative clause ("that", "which") whose antecedent is
    /// a thing rather than a party ("a resolution that aims to tighten sanctions"): such a
    /// clause codes no event of its own.
    fn thing_relative(&self, sv: &SentenceView, vs: usize, subject: Option<&Arg>) -> bool {
        if vs > sv.start
            && matches!(sv.word(vs - 1).as_str(), "that" | "which")
            && let Some(sj) = subject
        {
            let head = sv.tokens[sj.start..sj.end]
                .iter()
                .rev()
                .find(|t| t.tag.is_noun());
            let named = head.is_some_and(|h| {
                let hk = sj.start
                    + sv.tokens[sj.start..sj.end]
                        .iter()
                        .rposition(|t| std::ptr::eq(t, h))
                        .unwrap_or(0);
                sv.mentions
                    .iter()
                    .any(|m| m.tok_start <= hk && hk < m.tok_end)
            });
            let actor_noun = head.is_some_and(|h| {
                self.rules.sector_nouns.contains_key(&h.lemma)
                    || self.rules.sector_nouns.contains_key(lower(h).as_str())
            });
            if !named && !actor_noun {
                return true;
            }
        }
        false
    }
}

impl Coder<'_> {
    /// The subject of the verb at `k` (its group starting at `vs`): by position (the
    /// parser's error rate on news is higher than the word-order reading's where that finds a
    /// party); where position finds none, the parse's subject (through coordination, control
    /// and relative clauses). Elided subjects are inherited by the caller.
    fn clause_subject(&self, sv: &SentenceView, k: usize, vs: usize, st: &DocState) -> Option<Arg> {
        let by_position = sv.subject_before(vs);
        // "… two days after the group fired a missile": the noun group right after a
        // subordinator that opens the verb's clause is its subject, not the words before the
        // subordinator (where those name no party).
        let by_position = match by_position {
            Some(b)
                if self.parties(sv, &b, st).is_empty()
                    && let Some(j) = (b.end..vs)
                        .find(|&j| self.rules.in_class("subordinators", &sv.word(j)))
                    && let Some(u) = sv.unit_starting_at(j + 1)
                    && sv.units[u].end == vs =>
            {
                Some(sv.arg_from_unit(u))
            }
            other => other,
        };
        // "Palestinians of the Israeli-occupied West Bank shunned work": where the parse's
        // subject phrase starts before the one word order found and takes it in, the
        // phrase's head is the subject, not the noun attached to it.
        let dep = sv.dep_subject(k);
        // "The US ambassador to Ukraine welcomed …", "the UN envoy for Libya": a noun the word
        // order found that the parse attaches to its subject's head (a title's "to"/"for"
        // phrase) is not the subject; the head's phrase is, where it names a party.
        if let (Some(d), Some(b), Some(p)) = (&dep, &by_position, sv.parse)
            && d.end <= b.start
            && let Some(head) = p.subject(k)
            && (b.start..b.end.min(sv.end)).any(|i| {
                p.head(i) == Some(head)
                    && p.rel(i).starts_with("nmod")
                    && p.children(i).any(|c| {
                        p.rel(c) == "case"
                            && matches!(sv.word(c).as_ref(), "to" | "for" | "at" | "in")
                    })
            })
            && !self.parties(sv, d, st).is_empty()
        {
            return dep;
        }
        let widens = matches!((&dep, &by_position),
            (Some(d), Some(b)) if d.start < b.start && d.end >= b.end && d.end <= vs);
        if widens {
            // The head's own unit where it names a party ("Palestinians"); the whole
            // phrase where only the attachment does ("officials of Norland").
            let head_only = dep.as_ref().and_then(|d| {
                let w = sv.parse?.subject(k)?;
                let u = sv.units.get(sv.unit_of(w)?)?.clone();
                if u.start != d.start {
                    return None;
                }
                let a = crate::clause::Arg {
                    start: u.start,
                    end: u.end,
                    units: vec![u],
                };
                (!self.parties(sv, &a, st).is_empty()).then_some(a)
            });
            head_only.or(dep)
        } else if sv.tokens[k].tag == Tag::VBG
            && vs > sv.start
            && sv.word(vs - 1) == ","
            && sv.parse.is_some_and(|p| p.rel(k) == "advcl")
            && let Some(d) = dep.as_ref()
            && !self.parties(sv, d, st).is_empty()
        {
            // "The junta suspended French broadcasters, accusing them of …": a participle
            // after a comma shares the main clause's subject, not the object before it.
            dep
        } else if by_position
            .as_ref()
            .is_none_or(|s| self.parties(sv, s, st).is_empty())
        {
            sv.dep_subject(k).or(by_position)
        } else {
            by_position
        }
    }

    /// Whether the verb at `k` tells a future or planned event: a future tense, a plan ("is
    /// due to step down", "plans to visit"), or a conditional reported by a verb of speech.
    fn future_like(&self, sv: &SentenceView, k: usize, vs: usize, tense: Tense) -> bool {
        // "is due to step down", "plans to visit", "is set to meet": a future event.
        let planned = vs >= sv.start + 2 && {
            let w1 = sv.word(vs.saturating_sub(1));
            let w2 = sv.word(vs.saturating_sub(2));
            let lead = if w1 == "to" { w2 } else { w1.clone() };
            (w1 == "to" || sv.word(vs) == "to") && self.rules.plan_leads.contains(lead.as_str())
        };
        planned
            || matches!(tense, Tense::Future)
            || (tense == Tense::Conditional
                && (sv.tokens[sv.start..sv.end]
                    .iter()
                    .take(k - sv.start)
                    .any(|t| SPEECH.contains(&t.lemma.as_str()))
                    // ("Israel would resume fighting …, Netanyahu said": the verb of saying
                    // after, governing the clause.)
                    || sv.parse.is_some_and(|p| {
                        let speech = |h: usize| SPEECH.contains(&sv.tokens[h].lemma.as_str());
                        std::iter::successors(Some(k), |&h| p.head(h))
                            .take(4)
                            .any(|h| {
                                (h > k && speech(h))
                                    || p.children(h)
                                        .any(|c| c > k && p.rel(c) == "parataxis" && speech(c))
                            })
                    })))
    }
}
