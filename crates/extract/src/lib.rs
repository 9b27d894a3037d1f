//! Extraction: from one analysed document to PLOVER event records, entity records and quotes.
//!
//! The stages, each a module with plain data in and out:
//! [`mentions`] (names → entities) → [`clause`] (who is subject/object of what) → [`events`]
//! (trigger rules → candidates with attributes from [`dates`] and [`magnitudes`]) →
//! [`merge`] (one record per real event). All linguistic knowledge comes from [`rules`] data files
//! and a [`kbview::KbView`]; every record names the rule that produced it.
//!
//! Being built beside that path (issue 13), not yet called by [`Extractor`]: [`graph`] (one
//! parsed sentence) → [`pattern`] (event rules over dependency relations, as data) → [`coding`]
//! (a match → parties, aux, claimant).

pub mod clause;
pub mod coding;
pub mod dates;
pub mod events;
pub mod graph;
pub mod kbview;
pub mod magnitudes;
pub mod mentions;
pub mod merge;
pub mod pattern;
pub mod rules;
#[cfg(test)]
mod testkit;

use crate::clause::SentenceView;
use crate::events::{Coder, DocState};
use crate::kbview::{KbHit, KbView};
use crate::mentions::{Finder, Mention};
use sha2::{Digest, Sha256};
use sitrep_model::{
    Analysis, Document, EntityKind, EntityRecord, EventRecord, Evidence, Location, MentionRef,
    Party, QuoteRecord,
};
use std::collections::BTreeMap;

pub use rules::{RuleError, Rules};

/// What extraction produces for one document.
#[derive(Debug, Clone, Default)]
pub struct DocOutput {
    pub events: Vec<EventRecord>,
    pub entities: Vec<EntityRecord>,
    pub quotes: Vec<QuoteRecord>,
    /// Events coded but left out of exports (negated), for `--all`-style diagnostics.
    pub sentences: usize,
}

/// The extractor: rules plus a knowledge base, shareable across threads.
pub struct Extractor<K: KbView> {
    pub rules: Rules,
    pub kb: K,
}

fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let d = h.finalize();
    d.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl<K: KbView> Extractor<K> {
    pub fn new(rules: Rules, kb: K) -> Self {
        Extractor { rules, kb }
    }

    /// Runs the whole pipeline on one document.
    pub fn extract(&self, doc: &Document) -> DocOutput {
        let analysis = sitrep_text::analyze(&doc.text);
        self.extract_analysed(doc, &analysis)
    }

    /// Runs extraction on a document already analysed.
    pub fn extract_analysed(&self, doc: &Document, an: &Analysis) -> DocOutput {
        let mut finder = Finder::new(&self.kb, &self.rules);
        let coder = Coder {
            rules: &self.rules,
            kb: &self.kb,
            published: doc.published,
        };
        let mut st = DocState::default();
        let mut cands = Vec::new();
        let dateline = self.dateline(an);
        // Pass 1: mentions of every sentence (surnames link back to earlier full names).
        let mut per_sentence: Vec<Vec<Mention>> = an
            .sentences
            .iter()
            .enumerate()
            .map(|(si, s)| finder.sentence(&an.tokens, si, s.tok_start, s.tok_end))
            .collect();
        // People whose country no title gave act for the report's main country.
        st.main_country = main_country(&per_sentence);
        let named: std::collections::BTreeSet<&str> = per_sentence
            .iter()
            .flatten()
            .filter(|m| matches!(m.kind, EntityKind::Country | EntityKind::Place))
            .filter_map(|m| m.country.as_deref())
            .collect();
        if named.len() == 1 {
            st.sole_country = st.main_country.clone();
        }
        if let Some(main) = st.main_country.clone() {
            for m in per_sentence.iter_mut().flatten() {
                if m.kind == EntityKind::Person && m.country.is_none() {
                    m.country = Some(main.clone());
                    if let Some(rest) = m.entity.strip_prefix("person:xx:") {
                        m.entity = format!("person:{}:{rest}", main.to_lowercase());
                    }
                }
            }
        }
        let mut speakers: Vec<(usize, Party)> = Vec::new();
        // Pass 2: events, sentence by sentence.
        for (si, s) in an.sentences.iter().enumerate() {
            let ms = &per_sentence[si];
            let sv = SentenceView::new(
                &an.tokens,
                s.tok_start,
                s.tok_end,
                ms,
                &an.chunks,
                &self.rules.sector_nouns,
            );
            let toks = &an.tokens[s.tok_start..s.tok_end];
            let mut dates = dates::find(toks, doc.published, &self.rules);
            for d in &mut dates {
                d.tok_start += s.tok_start;
                d.tok_end += s.tok_start;
            }
            let mut counts = magnitudes::find(toks, &self.rules);
            for c in &mut counts {
                c.tok += s.tok_start;
            }
            // Who is quoted here: the subject of the reporting verb next to the quotation.
            for (qi, q) in an.quotes.iter().enumerate() {
                if q.start >= s.start
                    && q.start < s.end
                    && let Some(p) = coder.speaker(&sv, q.tok_start, q.tok_end, &st)
                {
                    speakers.push((qi, p));
                }
            }
            let found = coder.sentence(
                &sv,
                si,
                s.caption,
                &dates,
                &counts,
                &mut st,
                dateline.as_ref(),
            );
            cands.extend(found);
            if let Some(p) = ms.iter().rev().find(|m| m.kind == EntityKind::Person) {
                st.last_person = Some(p.clone());
            }
        }
        let all_mentions: Vec<Mention> = per_sentence.into_iter().flatten().collect();
        // Negated events without a negated reading were dropped by the coder; merge the rest.
        let groups = merge::cluster(&cands);
        let mut events = Vec::new();
        for (mut rep, members) in groups {
            // An attack whose target nothing in the report names: a domestic clash is the
            // likeliest reading.
            // A directed event that names no other party is coded as directed at the actor's
            // own country, as PLOVER does for domestic events (after merging, so that this
            // default never keeps two mentions of one event apart).
            if !rep.event_type.is_symmetric() && rep.recipients.is_empty() {
                rep.recipients = events::self_recipient(&rep.actors);
            }
            // No place in the text: the dateline's, where one of the parties belongs there.
            if rep.location.is_none()
                && let Some(d) = &dateline
                && rep
                    .actors
                    .iter()
                    .chain(rep.recipients.iter())
                    .any(|p| p.country.is_some() && p.country == d.country)
            {
                rep.location = Some(d.clone());
            }
            // One evidence item per sentence, naming every rule that read the event there.
            let mut evidence: Vec<Evidence> = Vec::new();
            for &i in &members {
                let c = &cands[i];
                let Some(s) = an.sentences.get(c.sentence) else {
                    continue;
                };
                if let Some(e) = evidence.iter_mut().find(|e| e.sentence == c.sentence) {
                    if let Some(r) = e
                        .rule
                        .as_mut()
                        .filter(|r| !r.split("; ").any(|x| x == c.rule))
                    {
                        r.push_str("; ");
                        r.push_str(&c.rule);
                    }
                    continue;
                }
                evidence.push(Evidence {
                    doc: doc.id.clone(),
                    sentence: c.sentence,
                    start: s.start,
                    end: s.end,
                    text: doc.text.get(s.start..s.end).unwrap_or_default().to_string(),
                    rule: Some(c.rule.clone()),
                });
            }
            let first = evidence.first().map_or(0, |e| e.start).to_string();
            let party_key = |ps: &[Party]| {
                let mut v: Vec<&str> = ps.iter().filter_map(|p| p.country.as_deref()).collect();
                v.sort_unstable();
                v.join(",")
            };
            // Stable: the same input gives the same id; distinct events of one sentence differ
            // by parties or by the word that triggered them.
            let id = format!(
                "ev_{}",
                short_hash(&[
                    &doc.id,
                    rep.event_type.as_str(),
                    &party_key(&rep.actors),
                    &party_key(&rep.recipients),
                    &first,
                    &rep.trigger_tok.to_string(),
                ])
            );
            let mut rules_used: Vec<String> = Vec::new();
            for &i in &members {
                if !rules_used.contains(&cands[i].rule) {
                    rules_used.push(cands[i].rule.clone());
                }
            }
            events.push(EventRecord {
                id,
                event_type: rep.event_type,
                mode: rep.mode,
                context: rep.context,
                aux: rep.aux,
                actors: rep.actors,
                recipients: rep.recipients,
                location: rep.location,
                date: rep.date,
                magnitude: rep.magnitude,
                claimed_by: rep.claimed_by,
                evidence,
                confidence: (rep.confidence * 100.0).round() / 100.0,
                rule: rules_used.join("; "),
            });
        }
        let entities = entity_records(doc, &an.tokens, &all_mentions);
        let quotes = self.quotes(doc, an, &all_mentions, &speakers);
        DocOutput {
            events,
            entities,
            quotes,
            sentences: an.sentences.len(),
        }
    }

    /// "MIAMI — …": the place a report is filed from.
    fn dateline(&self, an: &Analysis) -> Option<Location> {
        let s = an.sentences.iter().find(|s| !s.caption)?;
        let toks = an.tokens.get(s.tok_start..s.tok_end)?;
        let dash = toks
            .iter()
            .take(5)
            .position(|t| matches!(t.norm.as_str(), "-" | "--" | "—"))?;
        if dash == 0 {
            return None;
        }
        let words: Vec<String> = toks[..dash]
            .iter()
            .filter(|t| t.norm != ",")
            .map(|t| {
                let mut c = t.norm.to_lowercase();
                if let Some(f) = c.get(0..1) {
                    c = f.to_uppercase() + c.get(1..).unwrap_or("");
                }
                c
            })
            .collect();
        let name = words.join(" ");
        self.kb.lookup(&name).into_iter().find_map(|h| match h {
            KbHit::Place(p) => Some(Location {
                name: p.name,
                country: p.country,
                admin1: p.admin1,
                lat: p.lat,
                lon: p.lon,
                feature: Some(p.feature),
                inferred: true,
            }),
            _ => None,
        })
    }

    fn quotes(
        &self,
        doc: &Document,
        an: &Analysis,
        mentions: &[Mention],
        speakers: &[(usize, Party)],
    ) -> Vec<QuoteRecord> {
        let mut out = Vec::new();
        for (qi, q) in an.quotes.iter().enumerate() {
            let Some(si) = an
                .sentences
                .iter()
                .position(|s| s.start <= q.start && q.start < s.end)
            else {
                continue;
            };
            // Speaker: a person or organisation named in the sentence outside the quotation,
            // else the last person named before it.
            let outside = |m: &&Mention| m.tok_end <= q.tok_start || m.tok_start >= q.tok_end;
            let speaker = mentions
                .iter()
                .filter(|m| m.sentence == si && outside(m))
                .find(|m| matches!(m.kind, EntityKind::Person | EntityKind::Organization))
                .or_else(|| {
                    mentions.iter().rev().find(|m| {
                        m.sentence <= si && m.kind == EntityKind::Person && m.tok_end <= q.tok_start
                    })
                });
            let found = speakers
                .iter()
                .find(|(i, _)| *i == qi)
                .map(|(_, p)| p.clone());
            let text = doc.text.get(q.start..q.end).unwrap_or_default().to_string();
            out.push(QuoteRecord {
                record: "quote".into(),
                id: format!("q_{}", short_hash(&[&doc.id, &q.start.to_string()])),
                doc: doc.id.clone(),
                speaker: found.or_else(|| {
                    speaker.map(|m| Party {
                        name: m.name.clone(),
                        entity: Some(m.entity.clone()),
                        kind: m.kind,
                        country: m.country.clone(),
                        sector: m.sector.clone(),
                        role: m.role.clone(),
                    })
                }),
                text,
                start: q.start,
                end: q.end,
                date: doc.published.map(|p| sitrep_model::DateInfo {
                    start: Some(p),
                    end: Some(p),
                    precision: sitrep_model::Precision::Day,
                    text: None,
                }),
            });
        }
        out
    }
}

/// The country a report is mostly about: the one its country and place mentions name most
/// (the first named wins a tie).
fn main_country(mentions: &[Vec<Mention>]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for m in mentions.iter().flatten() {
        if !matches!(m.kind, EntityKind::Country | EntityKind::Place) {
            continue;
        }
        let Some(c) = m.country.as_ref().filter(|c| c.len() == 3) else {
            continue;
        };
        match counts.iter_mut().find(|(x, _)| x == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c.clone(), 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(c, _)| c)
}

/// One entity record per entity id named in the document.
fn entity_records(
    doc: &Document,
    tokens: &[sitrep_model::Token],
    mentions: &[Mention],
) -> Vec<EntityRecord> {
    let mut by_id: BTreeMap<String, EntityRecord> = BTreeMap::new();
    for m in mentions {
        if m.entity.is_empty() {
            continue;
        }
        let e = by_id
            .entry(m.entity.clone())
            .or_insert_with(|| EntityRecord {
                id: m.entity.clone(),
                name: m.name.clone(),
                kind: m.kind,
                country: m.country.clone(),
                roles: Vec::new(),
                aliases: Vec::new(),
                mentions: Vec::new(),
            });
        if e.country.is_none() {
            e.country = m.country.clone();
        }
        if let Some(r) = &m.role
            && !e.roles.iter().any(|x| x.eq_ignore_ascii_case(r))
        {
            e.roles.push(r.clone());
        }
        for a in std::iter::once(&m.surface).chain(m.aliases.iter()) {
            if *a != e.name && !e.aliases.contains(a) {
                e.aliases.push(a.clone());
            }
        }
        e.mentions.push(MentionRef {
            doc: doc.id.clone(),
            start: tokens.get(m.tok_start).map_or(0, |t| t.start),
            end: tokens.get(m.tok_end.saturating_sub(1)).map_or(0, |t| t.end),
            text: m.surface.clone(),
        });
    }
    by_id.into_values().collect()
}

/// Merges entity records of several documents by id (the same person has the same id everywhere).
pub fn merge_entities(all: impl IntoIterator<Item = EntityRecord>) -> Vec<EntityRecord> {
    let mut by_id: BTreeMap<String, EntityRecord> = BTreeMap::new();
    for e in all {
        match by_id.get_mut(&e.id) {
            None => {
                by_id.insert(e.id.clone(), e);
            }
            Some(x) => {
                for r in e.roles {
                    if !x.roles.contains(&r) {
                        x.roles.push(r);
                    }
                }
                for a in e.aliases {
                    if !x.aliases.contains(&a) && a != x.name {
                        x.aliases.push(a);
                    }
                }
                if x.country.is_none() {
                    x.country = e.country;
                }
                x.mentions.extend(e.mentions);
            }
        }
    }
    by_id.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mentions::testkb::TestKb;
    use sitrep_model::{Aux, EventType};

    fn run(text: &str, published: &str) -> DocOutput {
        let ex = Extractor::new(Rules::builtin().unwrap(), TestKb::new());
        let doc = Document {
            id: "t1".into(),
            published: NaiveDate::parse_from_str(published, "%Y-%m-%d").ok(),
            text: text.into(),
            ..Document::default()
        };
        ex.extract(&doc)
    }

    fn codes(ps: &[Party]) -> Vec<String> {
        let mut v: Vec<String> = ps.iter().filter_map(|p| p.country.clone()).collect();
        v.sort();
        v.dedup();
        v
    }

    use chrono::NaiveDate;

    #[test]
    fn meeting_in_a_third_country_with_titles_and_date() {
        // 2030-06-12 is a Wednesday.
        let out = run(
            "Norlandic President Alba Rossi met Sudrian Foreign Minister Ivo Brand in Kessel on Tuesday.",
            "2030-06-12",
        );
        assert_eq!(out.events.len(), 1, "{:#?}", out.events);
        let e = &out.events[0];
        assert_eq!(e.event_type, EventType::Consult);
        assert_eq!(codes(&e.actors), ["NRL", "SUD"]);
        assert_eq!(e.mode, ["third-party"]);
        assert_eq!(e.location.as_ref().map(|l| l.name.as_str()), Some("Kessel"));
        let d = e.date.as_ref().unwrap();
        assert_eq!(d.start, NaiveDate::from_ymd_opt(2030, 6, 11));
        assert!(e.rule.contains("consult.meet"));
        let rossi = out
            .entities
            .iter()
            .find(|x| x.name == "Alba Rossi")
            .unwrap();
        assert_eq!(rossi.roles, ["President"]);
        assert_eq!(rossi.mentions[0].text, "Alba Rossi");
    }

    #[test]
    fn passive_attack_with_counts_and_claimant() {
        let out = run(
            "Sudrian troops launched at least 40 drones at Norland overnight, killing three people, the Norlandic army said.",
            "2030-06-12",
        );
        let e = out
            .events
            .iter()
            .find(|e| e.event_type == EventType::Assault)
            .unwrap_or_else(|| panic!("{:#?}", out.events));
        assert_eq!(codes(&e.actors), ["SUD"]);
        assert_eq!(codes(&e.recipients), ["NRL"]);
        assert!(e.mode.contains(&"drone".to_string()));
        let launched = e
            .magnitude
            .iter()
            .find(|m| m.measure == "launched")
            .unwrap();
        assert_eq!(
            (launched.count, launched.qualifier.as_str()),
            (Some(40), "at_least")
        );
        assert!(
            e.magnitude
                .iter()
                .any(|m| m.measure == "killed" && m.count == Some(3))
        );
        assert!(
            e.claimed_by.iter().any(|c| c.name.contains("army")),
            "{:?}",
            e.claimed_by
        );
        assert_eq!(
            out.events
                .iter()
                .filter(|e| e.event_type == EventType::Assault)
                .count(),
            1
        );
    }

    #[test]
    fn negated_acceptance_is_a_rejection_and_future_meeting_is_agree() {
        let out = run(
            "Rossi said on Monday that her country won't accept the plan.",
            "2030-06-12",
        );
        assert!(
            out.events
                .iter()
                .any(|e| e.event_type == EventType::Reject && codes(&e.actors) == ["NRL"]),
            "{:#?}",
            out.events
        );
        let out = run(
            "Brand said he would meet Marsh in Lindau next week.",
            "2030-06-12",
        );
        let e = out
            .events
            .iter()
            .find(|e| e.event_type == EventType::Agree)
            .unwrap_or_else(|| panic!("{:#?}", out.events));
        assert_eq!(e.aux, Some(Aux::Future));
        assert_eq!(codes(&e.actors), ["OST", "SUD"]);
    }

    #[test]
    fn a_report_told_twice_is_one_event() {
        let out = run(
            "Sudria attacked Norland with drones overnight. Sudrian drones struck Norland overnight, officials said.",
            "2030-06-12",
        );
        let n = out
            .events
            .iter()
            .filter(|e| e.event_type == EventType::Assault)
            .count();
        assert_eq!(n, 1, "{:#?}", out.events);
        assert_eq!(out.events[0].evidence.len(), 2);
    }

    #[test]
    fn quotations_name_their_speaker() {
        let out = run(
            "Rossi met reporters. \"We will not give up,\" Sudrian Foreign Minister Ivo Brand said. The Norlandic army said it had \"hit every target\".",
            "2030-06-12",
        );
        let speakers: Vec<Option<String>> = out
            .quotes
            .iter()
            .map(|q| q.speaker.as_ref().map(|p| p.name.clone()))
            .collect();
        assert_eq!(speakers.len(), 2, "{:?}", out.quotes);
        assert_eq!(speakers[0].as_deref(), Some("Ivo Brand"));
        let army = out.quotes[1].speaker.as_ref().unwrap();
        assert_eq!(army.country.as_deref(), Some("NRL"));
        assert_eq!(out.quotes[0].record, "quote");
    }

    #[test]
    fn metonym_is_a_government_only_in_agent_position() {
        let out = run("Nordheim condemned the attack on Sudberg.", "2030-06-12");
        let e = out
            .events
            .iter()
            .find(|e| e.event_type == EventType::Accuse)
            .unwrap_or_else(|| panic!("{:#?}", out.events));
        assert_eq!(codes(&e.actors), ["NRL"]);
    }
}
