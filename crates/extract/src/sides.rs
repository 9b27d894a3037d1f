//! Parties the text leaves unsaid: who attacked and who was attacked where a report names
//! only one side, the crowd of an unattributed protest, the country of an ethnic group,
//! and the target of a conditional threat. Read by [`Coder::implied_sides`] after the
//! clause's own parties.

use crate::clause::{AsStr, SentenceView, lower};
use crate::events::{
    Candidate, Coder, DocState, codes_of, country_party, last_assault_sides, targets_only_own,
};
use sitrep_model::{EntityKind, EventType, Party};

impl Coder<'_> {
    /// Whether a party is a state itself (named by its country's name or its capital) or a
    /// group or organisation: what a strike with no place named is taken to hit on its own
    /// ground. Not people of a nationality ("British soldiers", "Congolese refugees").
    fn names_state(&self, r: &Party) -> bool {
        if matches!(r.kind, EntityKind::Group | EntityKind::Organization) {
            return true;
        }
        let Some(cc) = r.country.as_deref() else {
            return false;
        };
        let fold = |x: &str| sitrep_kb::fold(x.strip_prefix("the ").unwrap_or(x));
        let name = fold(&r.name);
        name.split(' ').any(|w| w == "capital")
            || self.kb.country_name(cc).is_some_and(|n| fold(&n) == name)
            || self.kb.capital(cc).is_some_and(|p| fold(&p.name) == name)
    }
    /// Fills the sides a clause leaves unsaid from the report's earlier attacks, the event's
    /// place and the condition of a threat; adds the modes of violence its weapons name.
    pub(crate) fn implied_sides(&self, sv: &SentenceView, c: &mut Candidate, st: &DocState) {
        let (cs, ce) = c.clause;
        // Modes of violence from the weapons named in the clause.
        if c.event_type == EventType::Assault {
            for t in &sv.tokens[cs..ce] {
                if let Some(m) = self
                    .rules
                    .assault_modes
                    .get(&t.lemma)
                    .or_else(|| self.rules.assault_modes.get(lower(t).as_str()))
                    && !c.mode.contains(m)
                {
                    c.mode.push(m.clone());
                }
            }
            // "Both sides reported clashes", "clashes between Norland and Sudria": fighting
            // between two sides named as its doers is mutual, each side both actor and target.
            if self
                .rules
                .in_class("fighting", &sv.tokens[c.trigger_tok].lemma)
            {
                mutual_sides(c, true);
            }
            // Victims told only by where they were hurt ("two people in Tel Aviv sustained
            // injuries"): that place's country was hit, by whoever the report last said attacked
            // it.
            if c.actors.is_empty()
                && c.recipients.is_empty()
                && let Some(lc) = c.location.as_ref().and_then(|l| l.country.clone())
                && let Some((a, _)) = st.assaults.iter().rev().find(|(a, r)| {
                    r.iter().any(|x| x.country.as_ref() == Some(&lc))
                        && a.iter()
                            .any(|x| x.country.is_some() && x.country.as_ref() != Some(&lc))
                })
            {
                c.actors = a.clone();
                c.recipients.push(country_party(self.kb, &lc));
            }
            // "Armenia reported one dead, 13 captured and 24 missing": casualties told with no
            // doer and no victims' side by a side of the report's fighting are its own; the
            // doer is the side it fought. Not casualties among the other side's fighters ("the
            // army said 20 militants were killed"), nor losses claimed as a success ("Hamas
            // claimed that a number of soldiers were killed").
            if c.actors.is_empty()
                && c.recipients.is_empty()
                && !c.magnitude.is_empty()
                && let [claimant] = c.claimed_by.as_slice()
                && let Some(cc) = claimant.country.clone()
                && !sv.tokens[cs..ce]
                    .iter()
                    .any(|t| self.rules.in_class("enemy_fighter", &t.lemma))
                && !sv.tokens[sv.start..sv.end]
                    .iter()
                    .any(|t| t.tag.is_verb() && self.rules.in_class("success_claim", &t.lemma))
                && let Some(other) = st.assaults.iter().rev().find_map(|(a, r)| {
                    let has = |ps: &[Party]| ps.iter().any(|p| p.country.as_ref() == Some(&cc));
                    // The other side as its country (not the words that named its
                    // fighters or victims there).
                    let foes = |ps: &[Party]| country_parties(self.kb, ps, Some(&cc));
                    match (has(a), has(r)) {
                        (true, false) => Some(foes(r)),
                        (false, true) => Some(foes(a)),
                        _ => None,
                    }
                    .filter(|f| !f.is_empty())
                })
            {
                c.actors = other;
                c.recipients.push(country_party(self.kb, &cc));
            }
            // Elided attacker: the last attack's.
            if c.actors.is_empty()
                && let Some((a, _)) = &st.last_assault
            {
                c.actors = a.clone();
                c.actor_inferred = true;
            }
            // Target unnamed: the country where it happened, else the last attack's target.
            // Not a country named only for its border ("captured a stronghold on the Thai
            // border"): that is where the other side begins.
            let border_of = |cc: &str| {
                sv.mentions.iter().any(|m| {
                    m.country.as_deref() == Some(cc)
                        && sv.tokens.get(m.tok_end).is_some_and(|t| {
                            matches!(lower(t).as_ref(), "border" | "borders" | "frontier")
                        })
                })
            };
            // Civilians hurt where the attackers' own country is are that country's, whoever
            // attacked them ("RSF fighters shelled a camp …, killing 14 civilians"); fighters
            // of a country in its own land strike its enemies there, so without such victims
            // the country of the place is no target of its own forces.
            // (Only in a report whose fighting so far is within that country: across a
            // border, "13 civilians were killed by Pakistani shelling in Poonch" names a
            // place both sides have.)
            let civilian_victims = || {
                let place_cc = c.location.as_ref().and_then(|l| l.country.as_deref());
                let within = st.assaults.iter().all(|(a, r)| {
                    a.iter()
                        .chain(r.iter())
                        .all(|p| p.country.is_none() || p.country.as_deref() == place_cc)
                });
                within
                    && sv.tokens[cs..ce.min(sv.end)].iter().any(|t| {
                        t.tag.is_noun() && self.rules.in_class("civilian_victims", &t.lemma)
                    })
            };
            if c.recipients.is_empty()
                && let Some(cc) = c.location.as_ref().and_then(|l| l.country.clone())
                && (!c.actors.iter().any(|a| a.country.as_deref() == Some(&cc))
                    || civilian_victims()
                    // (rebels, gangs, gunmen of a country attack its people and its state
                    // there: "Gang members attacked the town of Mirebalais"; a town the text
                    // names, not the country a ship at sea was attacked off)
                    || (c.actors.iter().all(|a| a.sector.as_deref() == Some("REB"))
                        && c.place_level
                        && c.location.as_ref().is_some_and(|l| {
                            !l.inferred
                                && matches!(
                                    l.feature.as_deref(),
                                    Some("city" | "locality" | "admin1" | "admin2" | "facility")
                                )
                        })))
                && !border_of(&cc)
            {
                c.recipients.push(country_party(self.kb, &cc));
            }
            // An unnamed attacker where nothing earlier tells: armed men of the country where it
            // happened ("killed by a roadside bomb outside Basra"), unless that is the victims'
            // own country named as such ("Seven Norlandic soldiers were killed in Norland"):
            // then the attacker is whoever the report says fights them.
            let victims: Vec<String> = c
                .recipients
                .iter()
                .filter_map(|r| r.country.clone())
                .collect();
            if c.actors.is_empty()
                && let Some(lc) = c.location.as_ref().and_then(|l| l.country.clone())
                && victims.contains(&lc)
                && let Some((a, _)) = st.assaults.iter().rev().find(|(a, r)| {
                    r.iter().any(|x| x.country.as_ref() == Some(&lc))
                        && a.iter()
                            .any(|x| x.country.is_some() && x.country.as_ref() != Some(&lc))
                })
            {
                c.actors = a.clone();
            }
            if c.actors.is_empty()
                && let Some(lc) = c.location.as_ref().and_then(|l| l.country.clone())
            {
                c.actors.push(country_party(self.kb, &lc));
                c.actor_inferred = true;
                c.confidence *= 0.7;
            }
            // The other side of the report's war: whoever attacked this actor earlier.
            if c.recipients.is_empty() {
                let mine: Vec<&str> = c
                    .actors
                    .iter()
                    .filter_map(|a| a.country.as_deref())
                    .collect();
                let other = st.assaults.iter().rev().find(|(a, r)| {
                    r.iter()
                        .any(|x| x.country.as_deref().is_some_and(|cc| mine.contains(&cc)))
                        && !a
                            .iter()
                            .any(|x| x.country.as_deref().is_some_and(|cc| mine.contains(&cc)))
                });
                if let Some((a, _)) = other {
                    c.recipients.extend(country_parties(self.kb, a, None));
                }
            }
            if c.recipients.is_empty()
                && let Some((a, r)) = &st.last_assault
            {
                let same = a
                    .iter()
                    .any(|x| c.actors.iter().any(|y| x.country == y.country));
                if same {
                    c.recipients = r.clone();
                }
            }
            // Where no place is named, the strike is in the target country: where the target
            // is that state ("Russia struck Poland", "attacks on the capital Kabul") or a group
            // based there ("AMISOM attacked al-Shabaab"). People named by their nationality
            // can be anywhere ("a Senegalese peacekeeper was killed", "kidnapped Russian
            // advisers", "the Indian embassy"): their country says nothing of the place, and
            // no place beats an invented one.
            if c.location.is_none()
                && let Some(cc) = c
                    .recipients
                    .iter()
                    .filter(|r| self.names_state(r))
                    .find_map(|r| r.country.clone())
                    .filter(|cc| cc.len() == 3)
                // (a state, not a code such as IMG for a militant group with no country)
                && let Some(loc) = crate::events::country_location(self.kb, &cc, true)
            {
                c.location = Some(loc);
            }
        }
        if c.event_type == EventType::Protest
            && c.actors.is_empty()
            && let Some(lc) = c.location.as_ref().and_then(|l| l.country.clone())
        {
            let mut p = country_party(self.kb, &lc);
            p.sector = Some("CVL".into());
            c.actors.push(p);
            c.confidence *= 0.8;
        }
        if let Some(lc) = c.location.as_ref().and_then(|l| l.country.clone()) {
            let mut moved: Vec<String> = Vec::new();
            for p in c.actors.iter_mut().chain(c.recipients.iter_mut()) {
                if p.sector.as_deref() == Some("ETH") && p.country.as_ref() != Some(&lc) {
                    if let Some(old) = p.country.replace(lc.clone()) {
                        moved.push(old);
                    }
                    p.entity = Some(format!("country:{lc}"));
                }
            }
            // A domestic target derived from the group's old country moves with it.
            for r in c.recipients.iter_mut() {
                if r.sector.is_none() && r.country.as_ref().is_some_and(|cc| moved.contains(cc)) {
                    *r = country_party(self.kb, &lc);
                }
            }
        }
        // "Ukraine and Russia exchanged 146 prisoners each": a swap by two sides frees
        // people to each of them.
        if c.event_type == EventType::Retreat
            && c.recipients.is_empty()
            && self
                .rules
                .in_class("mutual_release", &sv.tokens[c.trigger_tok].lemma)
            && codes_of(&c.actors).len() >= 2
        {
            c.recipients = c.actors.clone();
        }
        // "A Thai court sentenced two pro-democracy activists", "police detained dozens of
        // students": people a state's court or police convict or detain, named only by what
        // they are, are that state's own.
        if c.recipients.is_empty()
            && (c.event_type == EventType::Coerce
                || (c.event_type == EventType::Sanction && c.mode.iter().any(|m| m == "convict")))
            && let [cc] = codes_of(&c.actors)[..]
            && cc.len() == 3
            && let cc = cc.to_string()
        {
            let cc = cc.as_str();
            let end = c.clause.1.min(sv.end);
            let people = (c.trigger_tok + 1..end).find(|&i| {
                sv.tokens[i].tag.is_noun() && self.rules.in_class("person", &sv.tokens[i].lemma)
            });
            let named_before = |at: usize| {
                sv.mentions
                    .iter()
                    .any(|m| m.tok_start > c.trigger_tok && m.tok_start < at)
            };
            if let Some(at) = people
                && !named_before(at)
                && !sv
                    .mentions
                    .iter()
                    .any(|m| m.full_start <= at && at < m.tok_end)
            {
                c.recipients = vec![country_party(self.kb, cc)];
            }
        }
        // "talks mediated by the European Union", "held talks hosted by Turkey": whoever a
        // participle on the talks names as their host or mediator receives them (third-party
        // talks).
        if c.event_type == EventType::Consult
            && c.recipients.is_empty()
            && let Some(p) = sv.parse
        {
            let k = c.trigger_tok;
            let talks = std::iter::once(k).chain(p.children(k).filter(|&o| p.rel(o) == "obj"));
            let host = talks
                .flat_map(|n| p.children(n).collect::<Vec<_>>())
                .filter(|&v| {
                    p.rel(v) == "acl"
                        && p.xpos(v) == "VBN"
                        && self.rules.in_class("hosting_verbs", &sv.tokens[v].lemma)
                })
                .find_map(|v| p.agent(v))
                .and_then(|a| sv.arg_of_head(a))
                .map(|a| self.parties(sv, &a, st))
                .filter(|ps| !ps.is_empty());
            if let Some(h) = host {
                let own: Vec<Option<String>> = c.actors.iter().map(|a| a.country.clone()).collect();
                let h: Vec<Party> = h
                    .into_iter()
                    .filter(|x| !own.contains(&x.country))
                    .collect();
                if !h.is_empty() {
                    c.recipients = h;
                    if !c.mode.iter().any(|m| m == "third-party") {
                        c.mode = vec!["third-party".into()];
                    }
                }
            }
        }
        // "demanded their immediate return", "called for his release": a demand to free people
        // that names no one is made to whoever the report last said holds people.
        if c.recipients.is_empty()
            && c.event_type == EventType::Request
            && (c.trigger_tok..c.clause.1.min(sv.end)).any(|i| {
                sv.tokens[i].tag.is_noun()
                    && self.rules.in_class("freeing_nouns", &sv.tokens[i].lemma)
            })
            && let Some(holders) = st.captors.back()
        {
            let own: Vec<Option<String>> = c.actors.iter().map(|a| a.country.clone()).collect();
            let theirs: Vec<Party> = holders
                .iter()
                .filter(|p| p.country.is_some() && !own.contains(&p.country))
                .cloned()
                .collect();
            if !theirs.is_empty() {
                c.recipients = theirs;
            } else {
                // ("the opposition called for the release of those held" by its own
                // country's police)
                c.recipients = domestic_others(self.kb, c, holders);
            }
        }
        // "The World Health Organization delivered medical supplies to the town's hospital":
        // aid that names no one it helps helps the country where it arrives.
        // (Where the clause names no place, the report's own country: "delivered supplies
        // to the town's main hospital".)
        if c.recipients.is_empty()
            && c.event_type == EventType::Aid
            && let Some(cc) = c
                .location
                .as_ref()
                .and_then(|l| l.country.clone())
                .or_else(|| st.sole_country.clone())
                .or_else(|| st.main_country.clone())
            && !c.actors.is_empty()
            && !c
                .actors
                .iter()
                .any(|a| a.country.as_deref() == Some(cc.as_str()))
        {
            c.recipients = vec![country_party(self.kb, &cc)];
        }
        // "thousands marched in Nairobi against a new finance bill", "declared a state of
        // emergency in four provinces", "shut down mobile internet across the region": a
        // protest, or a curfew, emergency rule or censorship, that names no one it is aimed at
        // is aimed at the country's own government or people.
        // ("chanting slogans against the ruling party": a target of no known country is
        // of the protesters' own)
        if c.event_type == EventType::Protest
            && !c.recipients.is_empty()
            && c.recipients.iter().all(|r| r.country.is_none())
        {
            c.recipients.clear();
        }
        if c.recipients.is_empty()
            && (c.event_type == EventType::Protest
                || (c.event_type == EventType::Coerce
                    && c.mode
                        .iter()
                        .any(|m| matches!(m.as_str(), "curfew" | "martial-law" | "censor"))))
        {
            c.recipients = crate::events::self_recipient(&c.actors);
        }
        // "Belarus released 14 political prisoners": a state that frees its own critics
        // (political prisoners, activists, dissidents, protesters the text gives no other
        // country) acts on its own country, as its arrests did.
        if c.recipients.is_empty()
            && c.event_type == EventType::Retreat
            && c.mode.iter().any(|m| m == "release")
            && codes_of(&c.actors).len() == 1
            && (c.trigger_tok..c.clause.1.min(sv.end)).any(|i| {
                matches!(
                    sv.word(i).as_ref(),
                    "political"
                        | "activist"
                        | "activists"
                        | "dissident"
                        | "dissidents"
                        | "protester"
                        | "protesters"
                        | "critic"
                        | "critics"
                        | "opposition"
                )
            })
        {
            c.recipients = crate::events::self_recipient(&c.actors);
        }
        // "The federal government sent 500 National Guard troops to the area": forces sent to a
        // place of their own country that the report tells of act on that country.
        if c.recipients.is_empty()
            && c.event_type == EventType::Mobilize
            && let [cc] = codes_of(&c.actors)[..]
            && (c.location.as_ref().and_then(|l| l.country.as_deref()) == Some(cc)
                || (c.location.is_none() && st.sole_country.as_deref() == Some(cc)))
            && (c.trigger_tok..c.clause.1.min(sv.end).saturating_sub(2)).any(|i| {
                sv.word(i) == "to"
                    && matches!(sv.word(i + 1).as_ref(), "the" | "that")
                    && self.rules.place_nouns.contains(sv.word(i + 2).as_ref())
            })
        {
            c.recipients = crate::events::self_recipient(&c.actors);
        }
        // "Residents … called for an independent investigation": people of a country (not its
        // state) who ask for something naming no one ask their own government (a verb that
        // asks: "until their demands are met" tells no new request).
        if c.recipients.is_empty()
            && c.event_type == EventType::Request
            && c.rule.starts_with("verb:")
            && !c.actors.is_empty()
            && c.actors
                .iter()
                .all(|a| a.country.is_some() && matches!(a.sector.as_deref(), Some("CVL" | "OPP")))
        {
            c.recipients = crate::events::self_recipient(&c.actors);
        }
        // "Thai troops began pulling back artillery": a withdrawal that names no one it pulls
        // back from leaves the other side of the report's conflict or latest two-sided accord.
        if c.recipients.is_empty()
            && c.event_type == EventType::Retreat
            && c.mode.iter().any(|m| m == "withdraw")
        {
            let own = codes_of(&c.actors);
            let other: Vec<Party> = last_assault_sides(st)
                .into_iter()
                .filter(|p| p.country.as_deref().is_some_and(|cc| !own.contains(&cc)))
                .map(|p| country_party(self.kb, p.country.as_deref().unwrap_or_default()))
                .collect();
            if other.len() == 1 {
                c.recipients = other;
            }
        }
        // A conditional threat targets whoever the condition is about: "… if the United States
        // goes ahead with …".
        if c.event_type == EventType::Threaten {
            let own: Vec<Option<String>> = c.actors.iter().map(|a| a.country.clone()).collect();
            if c.recipients.iter().all(|r| own.contains(&r.country)) {
                // After the threat ("… if the United States goes ahead"), else before it ("if
                // Israel retaliates, it will face crushing attacks").
                let is_cond = |i: &usize| matches!(sv.word(*i).as_str(), "if" | "unless");
                let cond = (c.trigger_tok..sv.end)
                    .find(is_cond)
                    .or_else(|| (sv.start..c.trigger_tok).rev().find(is_cond));
                // The first other side the condition names, its subject or further in ("if
                // it came under attack from South Korea").
                if let Some(i) = cond {
                    let end = sv.clause_end(i + 1).max(i + 2).min(sv.end);
                    let ps: Vec<Party> = (0..sv.units.len())
                        .filter(|&u| sv.units[u].start > i && sv.units[u].end <= end)
                        .map(|u| {
                            self.parties(sv, &sv.arg_from_unit(u), st)
                                .into_iter()
                                .filter(|p| !own.contains(&p.country))
                                .collect::<Vec<Party>>()
                        })
                        .find(|ps| !ps.is_empty())
                        .unwrap_or_default();
                    // (In a war within one country the condition's side is of the threatening
                    // side's country: "… if police did not withdraw", said by a gang's leader.)
                    let ps = if ps.is_empty() && c.recipients.is_empty() {
                        (0..sv.units.len())
                            .filter(|&u| sv.units[u].start > i && sv.units[u].end <= end)
                            .map(|u| self.parties(sv, &sv.arg_from_unit(u), st))
                            .find(|ps| {
                                !ps.is_empty()
                                    && ps.iter().all(|p| c.actors.iter().all(|a| a.name != p.name))
                            })
                            .unwrap_or_default()
                    } else {
                        ps
                    };
                    if !ps.is_empty() {
                        c.recipients = ps;
                    }
                }
            }
        }
    }
}

impl Coder<'_> {
    /// Doers a clause leaves unsaid, each from what the report told before: the authorities
    /// for an arrest, whoever imposed a restriction that is eased, whoever holds people who
    /// are released, and unidentified doers of violence or a protest.
    pub(crate) fn unsaid_actors(&self, sv: &SentenceView, c: &mut Candidate, st: &DocState) {
        // "Two soldiers were killed in clashes with Indian forces", "… in an attack by the
        // rebels": casualties told through the fighting they fell in have that fighting's
        // named side as their doer.
        if c.actors.is_empty()
            && c.event_type == EventType::Assault
            && let Some(p) = sv.parse
        {
            c.actors = self.side_of_fighting(sv, p, c.trigger_tok, st);
        }
        // "Hundreds were detained in Moscow": an arrest that names no one arresting is the
        // authorities' of the place where it happened, else of the report's country.
        if c.actors.is_empty()
            && c.event_type == EventType::Coerce
            && c.mode.iter().any(|m| m == "arrest")
            && let Some(cc) = c
                .location
                .as_ref()
                .and_then(|l| l.country.clone())
                .or_else(|| st.main_country.clone())
        {
            let mut p = country_party(self.kb, &cc);
            p.sector = Some("COP".into());
            c.actors.push(p);
        }
        // "American tariffs on her country have been delayed": a restriction eased with no
        // one named easing it, whose own words name who imposed it (the side the clause took
        // for its target), is eased by that side, towards the side its "on" phrase names.
        if c.actors.is_empty()
            && (c.event_type == EventType::Concede || c.rule.contains(":concede."))
            && !c.recipients.is_empty()
        {
            let (cs, ce) = c.clause;
            let on: Vec<Party> = sv
                .prep_args(cs, ce.min(sv.end))
                .into_iter()
                .filter(|(p, _)| p == "on" || p == "against")
                .flat_map(|(_, a)| self.parties(sv, &a, st))
                .filter(|p| !c.recipients.iter().any(|r| r.country == p.country))
                .collect();
            if !on.is_empty() {
                c.actors = std::mem::replace(&mut c.recipients, on);
            }
        }
        // "Tariffs on Mexico will be paused", "the curfew was lifted": a restriction
        // eased with no one named easing it is eased by whoever imposed it, on whom it
        // was imposed, as the report told earlier.
        if c.actors.is_empty()
            && (c.event_type == EventType::Concede || c.rule.contains(":concede."))
            && let Some((a, r)) = st.restrictions.back()
        {
            c.actors = a.clone();
            if c.recipients.is_empty() {
                c.recipients = r.clone();
            }
            c.confidence *= 0.8;
        }
        // "A third hostage was released later", "the pilot was returned to India": a
        // release told without its agent is by whoever the report last said holds
        // people.
        if c.actors.is_empty()
            && c.event_type == EventType::Retreat
            && c.mode.iter().any(|m| m == "release")
            && let Some(a) = st.captors.back()
        {
            c.actors = a.clone();
            c.confidence *= 0.8;
        }
        // "young people marching on parliament", "residents protested": a crowd in a report
        // of one country (or mostly of one) is that country's people.
        if c.actors.is_empty()
            && c.event_type == EventType::Protest
            && let Some(cc) = st.sole_country.clone().or_else(|| st.main_country.clone())
            && let Some(name) = self.crowd_doers(sv, c)
        {
            c.actors
                .push(crate::events::kind_group(&name, Some(cc), "CVL"));
        }
        // Violence or a protest whose doers nothing names or places ("armed men shot the
        // driver dead", "GNA and LNA forces clashed at Mashru Al Hadba"): still an event,
        // by unidentified doers, when the clause names its doers with a word of their own.
        if c.actors.is_empty()
            && matches!(c.event_type, EventType::Assault | EventType::Protest)
            && !c.subject_is_target
            && let Some(name) = self.unplaced_doers(sv, c)
        {
            c.actors.push(Party {
                name,
                entity: None,
                kind: EntityKind::Group,
                country: None,
                sector: None,
                role: None,
            });
            c.confidence *= 0.6;
        }
    }

    /// The side a casualty verb's fighting names: the verb `k`'s oblique argument headed by a
    /// noun of fighting or attack, and that noun's "with"/"by" phrase ("killed in clashes
    /// with Indian forces"). Empty where there is none.
    fn side_of_fighting(
        &self,
        sv: &SentenceView,
        p: &crate::deps::TokParse,
        k: usize,
        st: &DocState,
    ) -> Vec<Party> {
        let attack_noun = |lemma: &str| {
            self.rules.in_class("fighting", lemma)
                || self
                    .rules
                    .nouns
                    .get(lemma)
                    .is_some_and(|l| l.iter().any(|r| r.event_type == EventType::Assault))
        };
        for n in p.children(k) {
            if !p.rel(n).starts_with("obl") || n >= sv.end || !attack_noun(&sv.tokens[n].lemma) {
                continue;
            }
            // The "with" phrase may hang on the noun's "of" phrase ("an exchange of fire
            // with Indian forces").
            let of_phrases = p.children(n).filter(|&m| {
                p.rel(m).starts_with("nmod")
                    && p.children(m)
                        .any(|x| p.rel(x) == "case" && sv.word(x).as_ref() == "of")
            });
            let heads: Vec<usize> = std::iter::once(n).chain(of_phrases).collect();
            for m in heads.iter().flat_map(|&h| p.children(h)) {
                if !p.rel(m).starts_with("nmod") || m >= sv.end {
                    continue;
                }
                let case = p.children(m).find(|&x| p.rel(x) == "case");
                if !case.is_some_and(|x| matches!(sv.word(x).as_ref(), "with" | "by")) {
                    continue;
                }
                if let Some(u) = sv.unit_of(m) {
                    let parties = self.parties(sv, &sv.arg_from_unit(u), st);
                    if !parties.is_empty() {
                        return parties;
                    }
                }
            }
        }
        Vec::new()
    }

    /// The type of the act a reaction names by its noun right after the trigger ("the
    /// arrests", "the expulsion"; words of speech, "the criticism", are accusations), if any.
    /// `Some(None)` for a word naming any act ("the launch", "the move").
    fn reacted_type(&self, sv: &SentenceView, c: &Candidate) -> Option<Option<EventType>> {
        let mut from = c.trigger_tok + 1;
        let mut to = c.clause.1.min(from + 6).min(sv.end);
        // ("the move was unfriendly", "the verdict was politically motivated": a judgement's
        // act is its subject, before the verb, as is a passive reaction's)
        let k = c.trigger_tok;
        if sv.tokens[k].lemma == "be" || sv.parse.is_some_and(|p| p.passive(k)) {
            to = c.trigger_tok;
            from = c.clause.0.max(to.saturating_sub(4));
        }
        let found = self.act_noun_in(sv, from, to);
        // ("said the agreement threatened regional stability": a blame whose object names no
        // act blames the act its subject names)
        if found.is_none() && c.event_type == EventType::Accuse {
            let to = c.trigger_tok;
            return self.act_noun_in(sv, c.clause.0.max(to.saturating_sub(4)), to);
        }
        found
    }

    /// The type of the act that a noun among the tokens `from..to` names (see
    /// [`Self::reacted_type`]).
    fn act_noun_in(&self, sv: &SentenceView, from: usize, to: usize) -> Option<Option<EventType>> {
        (from..to).find_map(|k| {
            let t = &sv.tokens[k];
            // (the parse's reading first: the word lists take "the arrests" for a verb)
            // (a hyphenated token, "the build-up", is several words to the parse: the word
            // lists' reading)
            let noun = sv.parse.map_or(t.tag.is_noun(), |p| p.upos(k) == "NOUN")
                || (t.norm.contains('-') && t.tag.is_noun());
            if !noun {
                return None;
            }
            if self.rules.in_class("said_against", &t.lemma) {
                return Some(Some(EventType::Accuse));
            }
            if self.rules.in_class("refusal_nouns", &t.lemma) {
                return Some(Some(EventType::Reject));
            }
            if self.rules.in_class("violence_nouns", &t.lemma)
                || self.rules.in_class("violence_nouns", &lower(t))
            {
                return Some(Some(EventType::Assault));
            }
            // ("welcomed the agreement", "criticised the deal": whoever made it, the latest
            // act of another party)
            if self.rules.in_class("act_nouns", &t.lemma)
                || self.rules.in_class("accord_nouns", &t.lemma)
            {
                return Some(None);
            }
            // "welcomed the reopening": a gerund of a verb some rule codes names an act of
            // that verb's first kind.
            let gerund = || {
                let w = t.norm.to_lowercase();
                if !w.ends_with("ing") {
                    return None;
                }
                sitrep_text::Lexicon::default_ref()
                    .word(&w)
                    .and_then(|e| {
                        e.iter()
                            .find(|r| r.tag == sitrep_model::Tag::VBG)
                            .and_then(|r| r.lemma.clone())
                    })
                    .and_then(|l| self.rules.verbs.get(&*l))
                    .and_then(|l| l.first())
                    .map(|r| Some(r.event_type))
            };
            self.rules
                .nouns
                .get(&t.lemma)
                .and_then(|l| l.first())
                .map(|r| Some(r.event_type))
                .or_else(gerund)
        })
    }

    /// Targets a reaction or sanction leaves unsaid: the latest hostile act against the
    /// reacting party, whoever carried out the attacks it condemns, a coup's country, and for
    /// a sanction the latest other country the report named.
    pub(crate) fn reaction_targets(
        &self,
        sv: &SentenceView,
        c: &mut Candidate,
        st: &DocState,
        before: &[Candidate],
    ) {
        // "condemned the arrests", "regretted the expulsion", "dismissed the criticism": a
        // reaction to an act the report told, named by its noun, is aimed at whoever did it.
        // (A word for any act, "the launch", "the drills", "the move", answers the latest act
        // of another party; a warning about it too: "warned that the drills would be met
        // with countermeasures".)
        // ("welcomed the agreement": praise of an act is aimed at whoever did it too.)
        if (c.recipients.is_empty() || targets_only_own(c))
            && matches!(
                c.event_type,
                EventType::Accuse | EventType::Reject | EventType::Threaten | EventType::Support
            )
            && let Some(t) = self.reacted_type(sv, c)
        {
            // (A word for any act, "the move", answers a deed before a word: "called the
            // move economic terrorism" after sanctions and a protest against them.)
            let of_type = |ty: &EventType, deeds: bool| match t {
                Some(t) => *ty == t,
                None => {
                    !deeds
                        || !matches!(
                            ty,
                            EventType::Accuse
                                | EventType::Reject
                                | EventType::Request
                                | EventType::Threaten
                                | EventType::Support
                                | EventType::Agree
                                | EventType::Consult
                        )
                }
            };
            // (The acts of this sentence told before the reaction first: "Venezuela has
            // deployed troops …, Ali said, calling the build-up a threat".)
            let latest = |deeds: bool| {
                before
                    .iter()
                    .rev()
                    .map(|b| (&b.event_type, &b.actors))
                    .chain(st.acts.iter().rev().map(|(ty, a, _)| (ty, a)))
                    .filter(|(ty, _)| of_type(ty, deeds))
                    .map(|(_, a)| others(c, a))
                    .find(|v| !v.is_empty())
            };
            let doers = latest(true).or_else(|| latest(false));
            // "The main opposition party denounced the raids": with no other country's act
            // of that kind, a reaction inside one country answers what another part of it
            // (its police, its government) did: that country.
            let one_country = {
                let cs = codes_of(&c.actors);
                cs.len() == 1 && c.actors.iter().all(|a| a.country.is_some())
            };
            let domestic = || {
                if !c.recipients.is_empty() || !one_country {
                    return None;
                }
                st.acts
                    .iter()
                    .rev()
                    .filter(|(ty, _, _)| t.is_some() && crate::merge::material(*ty))
                    .find_map(|(_, a, _)| {
                        let own = domestic_others(self.kb, c, a);
                        (!own.is_empty()).then_some(own)
                    })
            };
            if let Some(r) = doers.or_else(domestic) {
                c.recipients = r;
            }
        }
        // A reaction that names no target ("Mexico said it would respond with tariffs of
        // its own") answers the latest hostile act against the reacting party's country.
        if (c.recipients.is_empty() || (targets_only_own(c) && c.event_type == EventType::Threaten))
            && matches!(
                c.event_type,
                EventType::Accuse | EventType::Threaten | EventType::Reject
            )
            && let Some(r) = answered(c, st.hostile.iter().rev().map(|(a, r)| (a, r)))
        {
            c.recipients = r;
        }
        // "Kabul condemned the strikes": a reaction to an attack is aimed at whoever
        // carried out the attacks the report has told of. A target of the reacting
        // party's own country ("condemns these attacks as a violation of Afghanistan's
        // sovereignty") gives way to a foreign attacker of that country.
        let own_target = targets_only_own(c);
        if (c.recipients.is_empty() || own_target)
            && matches!(c.event_type, EventType::Accuse | EventType::Threaten)
            && self.reacts_to_attack(sv, c)
        {
            let own: Vec<Option<String>> = c.actors.iter().map(|a| a.country.clone()).collect();
            let foreign = |ps: &[Party]| -> Vec<Party> {
                ps.iter()
                    .filter(|a| a.country.is_some() && !own.contains(&a.country))
                    .cloned()
                    .collect()
            };
            // The latest attack on the reacting party's country, else the latest attack
            // by anyone else.
            let on_us = st
                .assaults
                .iter()
                .rev()
                .find(|(_, r)| {
                    r.iter()
                        .any(|x| x.country.is_some() && own.contains(&x.country))
                })
                .map(|(a, _)| foreign(a))
                .filter(|v| !v.is_empty());
            let any = || {
                st.assaults
                    .iter()
                    .rev()
                    .map(|(a, _)| foreign(a))
                    .find(|v| !v.is_empty())
            };
            let found = if own_target {
                on_us
            } else {
                on_us.or_else(any)
            };
            if let Some(r) = found {
                c.recipients = r;
            }
        }
        // "asked Cuba to extradite them, which Havana refused": a refusal that names no one
        // answers the latest request made to the refusing party.
        if c.recipients.is_empty() && c.event_type == EventType::Reject {
            let requests = st
                .acts
                .iter()
                .rev()
                .filter(|(ty, _, _)| *ty == EventType::Request);
            if let Some(r) = answered(c, requests.map(|(_, a, r)| (a, r))) {
                c.recipients = r;
            }
        }
        // "condemned the coup", "suspended aid after the coup": a coup is the act of the
        // country where it happened — one the clause names with the coup, else the country
        // the report is about — and a reaction to it is aimed there.
        if c.recipients.is_empty()
            && matches!(
                c.event_type,
                EventType::Accuse | EventType::Sanction | EventType::Reject
            )
            && let Some(home) = self.coup_country(sv, c, st)
            && c.actors
                .iter()
                .all(|a| a.country.as_deref() != Some(home.as_str()))
        {
            c.recipients = vec![country_party(self.kb, &home)];
        }
        // "would recall its ambassador", "suspended development aid": a sanction that
        // names no target is aimed at a coup's country, else at the latest other country
        // the report named before.
        if c.recipients.is_empty()
            && c.event_type == EventType::Sanction
            && let Some(home) = st.coup_country.clone().or_else(|| {
                // the latest other country the report named before
                st.recent_countries
                    .iter()
                    .rev()
                    .find(|x| c.actors.iter().all(|a| a.country.as_deref() != Some(x)))
                    .cloned()
            })
            && c.actors
                .iter()
                .all(|a| a.country.is_some() && a.country.as_deref() != Some(home.as_str()))
        {
            c.recipients = vec![country_party(self.kb, &home)];
        }
        // "China urged restraint and offered to mediate": an appeal for calm or an offer of
        // good offices that names no one is addressed to the two sides of the report's
        // conflict (when the speaker is not one of them).
        if c.recipients.is_empty()
            && matches!(c.event_type, EventType::Request | EventType::Agree)
            && (c.clause.0..c.clause.1.min(sv.end))
                .any(|i| self.rules.in_class("peace_appeals", &sv.tokens[i].lemma))
        {
            let sides: Vec<Party> = last_assault_sides(st).into_iter().cloned().collect();
            let own = |p: &Party| c.actors.iter().any(|a| a.country == p.country);
            // (A civil war's sides are one country: "the warring parties" of Sudan.)
            let civil_war = sides.len() == 1
                && st
                    .assaults
                    .back()
                    .is_some_and(|(a, r)| !a.is_empty() && !r.is_empty());
            if (sides.len() >= 2 || civil_war) && !sides.iter().any(own) {
                c.recipients = sides;
            }
        }
        // "Japan lodged a protest through diplomatic channels", "summoned the ambassador":
        // a diplomatic protest that names no target protests the latest act of force or
        // hostility by another country the report told ("fired two missiles into the sea").
        if c.recipients.is_empty()
            && c.event_type == EventType::Accuse
            && (c.rule.contains("protest") || c.rule.contains("summon"))
            && let Some(r) = st
                .acts
                .iter()
                .rev()
                .filter(|(ty, _, _)| {
                    matches!(
                        ty,
                        EventType::Assault
                            | EventType::Mobilize
                            | EventType::Sanction
                            | EventType::Coerce
                            | EventType::Threaten
                    )
                })
                .map(|(_, a, _)| others(c, a))
                .find(|v| !v.is_empty())
        {
            c.recipients = r;
        }
    }
}

/// The other side of the first act (actors, recipients; latest first) done to the candidate's
/// own country by another: its actors of other countries. A reaction answers the latest
/// hostile act against the reacting party; a refusal, the latest request made to it.
fn answered<'p>(
    c: &Candidate,
    mut acts: impl Iterator<Item = (&'p Vec<Party>, &'p Vec<Party>)>,
) -> Option<Vec<Party>> {
    let own: Vec<Option<String>> = c.actors.iter().map(|a| a.country.clone()).collect();
    acts.find_map(|(a, r)| {
        let done_to_us = r
            .iter()
            .any(|x| x.country.is_some() && own.contains(&x.country));
        let by = if done_to_us { others(c, a) } else { Vec::new() };
        (!by.is_empty()).then_some(by)
    })
}

/// The parties of `ps` that are another part of an actor's own country (its police or
/// government against the actor's opposition party, union or rights group: a different sector
/// and name), as that country. A domestic reaction or appeal is aimed at them.
fn domestic_others(kb: &dyn crate::kbview::KbView, c: &Candidate, ps: &[Party]) -> Vec<Party> {
    let own: Vec<Party> = ps
        .iter()
        .filter(|x| {
            x.country.is_some()
                && c.actors
                    .iter()
                    .any(|y| y.country == x.country && y.sector != x.sector && y.name != x.name)
        })
        .cloned()
        .collect();
    country_parties(kb, &own, None)
}

/// The parties of `ps` of a known country other than the candidate's actors' countries.
pub(crate) fn others(c: &Candidate, ps: &[Party]) -> Vec<Party> {
    ps.iter()
        .filter(|x| x.country.is_some() && c.actors.iter().all(|a| a.country != x.country))
        .cloned()
        .collect()
}

/// The countries of `ps`, each once in the order first named, as country parties (not the
/// words that named them), leaving out `except`.
fn country_parties(
    kb: &dyn crate::kbview::KbView,
    ps: &[Party],
    except: Option<&str>,
) -> Vec<Party> {
    let mut seen: Vec<&str> = Vec::new();
    for p in ps {
        if let Some(x) = p.country.as_deref()
            && Some(x) != except
            && !seen.contains(&x)
        {
            seen.push(x);
        }
    }
    seen.into_iter().map(|x| country_party(kb, x)).collect()
}

/// Makes violence by two or more countries named as its doers mutual, each side both actor
/// and target, where every target it names is one of those sides: "India and Pakistan
/// violated the ceasefire, killing … two Pakistani soldiers" (the victims' nationality tells
/// who lost men, not who attacked whom). A third country as target ("Russia and Belarus
/// attacked Ukraine") stays. With `untargeted`, violence naming no target becomes mutual
/// too, as fighting does ("clashes between Norland and Sudria").
pub(crate) fn mutual_sides(c: &mut Candidate, untargeted: bool) {
    if c.event_type != EventType::Assault || (c.recipients.is_empty() && !untargeted) {
        return;
    }
    let sides = codes_of(&c.actors);
    if sides.len() >= 2
        && c.recipients
            .iter()
            .all(|r| r.country.as_deref().is_some_and(|x| sides.contains(&x)))
    {
        c.recipients = c.actors.clone();
    }
}
