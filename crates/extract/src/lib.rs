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

mod claims;
pub mod clause;
pub mod coding;
mod counts;
pub mod dates;
pub mod deps;
pub mod events;
pub mod graph;
pub mod kbview;
mod locate;
pub mod magnitudes;
pub mod mentions;
pub mod merge;
mod passes;
pub mod pattern;
pub mod places;
pub mod rules;
mod sides;
mod verbs;
mod when;

#[cfg(test)]
mod testkit;

use crate::clause::SentenceView;
use crate::events::{Coder, DocState};
use crate::kbview::{CountryHow, KbHit, KbView};
use crate::mentions::{Finder, Mention};
use sha2::{Digest, Sha256};
use sitrep_model::{
    Analysis, Document, EntityKind, EntityRecord, EventRecord, Evidence, Location, MentionRef,
    Party, PlaceReading, QuoteRecord,
};
use std::collections::BTreeMap;

pub use rules::{RuleError, Rules};

/// Records `n` steps of extraction work on this thread's counter ([`sitrep_text::work`]).
#[inline]
pub(crate) fn work(n: u64) {
    sitrep_text::work::add(n);
}

/// What extraction produces for one document.
#[derive(Debug, Clone, Default)]
pub struct DocOutput {
    pub events: Vec<EventRecord>,
    pub entities: Vec<EntityRecord>,
    pub quotes: Vec<QuoteRecord>,
    /// Background events ([`BACKGROUND_DAYS`]) left out of `events`, with `aux: historical`.
    pub background: Vec<EventRecord>,
    pub sentences: usize,
    /// Evidence items left out of events that were read from more than
    /// [`MAX_EVIDENCE_PER_EVENT`] sentences of this document: (event id, how many). SCHEMA.md
    /// has no field for the count, so it travels here, beside the records.
    pub evidence_omitted: Vec<(String, usize)>,
    /// Bytes of this output's text coded from word order, without the parser, because they lie
    /// past the document's parse limit ([`Extractor::parse_limit`]).
    pub unparsed_bytes: usize,
    /// Whether the document's work budget ([`WORK_PER_TOKEN`]) ran out, leaving its later
    /// sentences uncoded.
    pub budget_exhausted: bool,
}

/// Why one document could not be extracted. The message names the document so that a batch
/// can report it and go on with the others.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ExtractError {
    /// The pipeline panicked on this document (a bug, caught at the document boundary).
    #[error("document {doc}: extraction failed: {message}")]
    Panicked { doc: String, message: String },
}

/// The most evidence items one event keeps from one document; the rest are counted in
/// [`DocOutput::evidence_omitted`]. A report names one event in a handful of sentences; a
/// text that repeats one sentence thousands of times would otherwise make a record as large
/// as the text.
pub const MAX_EVIDENCE_PER_EVENT: usize = 64;

/// Documents longer than this (bytes) are analysed and coded in segments of about this size,
/// cut at a paragraph, line or sentence boundary, so that the memory a document takes is
/// bounded by the segment, not by the document. News reports are far shorter; a longer
/// "document" is a concatenation, a log or hostile input.
pub const SEGMENT_BYTES: usize = 1 << 20;

/// Work budget per token of a document (counted by [`sitrep_text::work`]). Every loop of the
/// pipeline is bounded per token, so a document stays far below this; the budget is the
/// guarantee that one document cannot take time out of proportion to its length even if
/// some path was missed.
pub const WORK_PER_TOKEN: u64 = 20_000;

/// How much of a document (bytes) the dependency parser reads by default: the sentences of a
/// longer document that end past this are coded from word order, as `--no-parser` codes
/// them. The parser is most of the time of extraction, and a 15 MB "document" (a
/// concatenation, a dump, hostile input) parsed whole took over 20 s on one core where the
/// rest of the pipeline takes 8; news reports (a few KB) and long reports (hundreds of KB)
/// are parsed whole.
pub const PARSE_LIMIT_BYTES: usize = SEGMENT_BYTES;

/// How many spelling searches of the gazetteer (a name no lookup found, read by its
/// consonants: "Basira" for Al Busayrah) a document of `tokens` tokens may make. A search reads
/// tens of thousands of index keys (milliseconds), so a text that is a long list of unknown
/// names ("X, Y and Z, Region" over and over) searched for each one took minutes; a report
/// needs a handful. Past the allowance such names are read without a search (a locality of
/// the place the text puts them in, or no region).
pub(crate) fn spelling_searches_allowed(tokens: usize) -> usize {
    16 + tokens / 256
}

/// Same-type candidates of one document are merged within blocks of this many, so that
/// merging stays linear in the number of candidates (each is compared with the groups of
/// its block only). Real reports have a few dozen candidates per type.
const MERGE_BLOCK: usize = 512;

/// The extractor: rules plus a knowledge base, shareable across threads.
pub struct Extractor<K: KbView> {
    pub rules: Rules,
    pub kb: K,
    /// The tagger and parser whose relations give the event coder subjects and objects;
    /// `None` codes from word order alone (the built-in model failed to load, or a caller
    /// chose [`Extractor::without_parser`]).
    pub syntax: Option<&'static sitrep_syntax::Model>,
    /// Whether background events stay in [`DocOutput::events`] (with `aux: historical`)
    /// rather than apart in [`DocOutput::background`]; see [`BACKGROUND_DAYS`].
    pub keep_background: bool,
    /// Bytes of a document the parser reads ([`PARSE_LIMIT_BYTES`] unless set): a sentence
    /// that ends past this is coded from word order. `usize::MAX` parses everything.
    pub parse_limit: usize,
}

/// An event the text itself dates more than this many days before the report's publication
/// ("talks started in 2018", "the war that ended a year ago in November") is background the
/// report recalls, not what it reports: it is coded `aux: historical` and, unless the caller
/// keeps background ([`Extractor::with_background`]), left out of the events, as negated ones
/// are. (News gold codes no such event as required; told again as background, the same kind
/// of event between the same parties made duplicates of the news.)
pub const BACKGROUND_DAYS: i64 = 180;

fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    let d = h.finalize();
    // hex by hand: a `format!` per byte was most of this function's cost
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(16);
    for b in d.iter().take(8) {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

impl<K: KbView> Extractor<K> {
    pub fn new(rules: Rules, kb: K) -> Self {
        Extractor {
            rules,
            kb,
            syntax: sitrep_syntax::Model::builtin().ok(),
            keep_background: false,
            parse_limit: PARSE_LIMIT_BYTES,
        }
    }

    /// [`Extractor::new`] without the dependency parser, whose model is then never read
    /// (reading it is about a tenth of a second, a tenth of a `--no-parser` run on 3 MB).
    pub fn new_without_parser(rules: Rules, kb: K) -> Self {
        Extractor {
            rules,
            kb,
            syntax: None,
            keep_background: false,
            parse_limit: PARSE_LIMIT_BYTES,
        }
    }

    /// Keeps background events (`aux: historical`) among the events instead of apart.
    pub fn with_background(mut self, keep: bool) -> Self {
        self.keep_background = keep;
        self
    }

    /// Parses at most the first `bytes` of a document ([`Extractor::parse_limit`]); `usize::MAX`
    /// parses every document whole, however long.
    pub fn with_parse_limit(mut self, bytes: usize) -> Self {
        self.parse_limit = bytes;
        self
    }

    /// The extractor without the dependency parser: clauses are read from word order, as
    /// before the parser existed (for comparisons and for the fastest, least accurate runs).
    pub fn without_parser(mut self) -> Self {
        self.syntax = None;
        self
    }

    /// Runs the whole pipeline on one document.
    ///
    /// A panic inside the pipeline is a bug; callers that process batches should use
    /// [`Extractor::try_extract`], which turns it into an error for this document only.
    pub fn extract(&self, doc: &Document) -> DocOutput {
        self.extract_in_segments(doc, SEGMENT_BYTES)
    }

    /// [`Extractor::extract`] with segments of `segment_bytes` (at least 1 KB) instead of
    /// [`SEGMENT_BYTES`]: a document no longer than that is read whole, a longer one one
    /// segment at a time. Exposed so that tests can exercise segmenting on small texts.
    pub fn extract_in_segments(&self, doc: &Document, segment_bytes: usize) -> DocOutput {
        let segment_bytes = segment_bytes.max(1024);
        if doc.text.len() <= segment_bytes {
            let analysis = sitrep_text::analyze(&doc.text);
            return self.extract_analysed_parsing(doc, &analysis, self.parse_limit);
        }
        let mut out = DocOutput::default();
        let mut entities = Vec::new();
        self.for_each_segment(doc, segment_bytes, |mut o| {
            out.sentences = o.sentences;
            out.events.append(&mut o.events);
            out.background.append(&mut o.background);
            out.quotes.append(&mut o.quotes);
            out.evidence_omitted.append(&mut o.evidence_omitted);
            out.budget_exhausted |= o.budget_exhausted;
            out.unparsed_bytes += o.unparsed_bytes;
            entities.append(&mut o.entities);
        });
        out.entities = merge_entities(entities);
        out
    }

    /// A document read one segment of about `segment_bytes` (at least 1 KB) at a time, each
    /// segment's output handed to `each` as soon as it is ready: offsets point into the whole
    /// text, evidence sentences count from the document's start, and `sentences` is the count
    /// so far. Callers that stream (`sitrep extract`) hold one segment's records at a time
    /// instead of a whole 15 MB document's; events of different segments are never merged
    /// here (as in [`Extractor::extract_in_segments`]), and entity records are per segment
    /// (merge them with [`merge_entities`]). Sentences that end past [`Extractor::parse_limit`]
    /// are coded without the parser.
    pub fn for_each_segment(
        &self,
        doc: &Document,
        segment_bytes: usize,
        mut each: impl FnMut(DocOutput),
    ) {
        let segment_bytes = segment_bytes.max(1024);
        let mut sentences = 0;
        let mut a = 0;
        while a < doc.text.len() {
            let b = segment_end(&doc.text, a, segment_bytes);
            let Some(piece) = doc.text.get(a..b) else {
                break;
            };
            let mut an = sitrep_text::analyze(piece);
            shift_analysis(&mut an, a);
            let mut o = self.extract_analysed_parsing(doc, &an, self.parse_limit);
            drop(an);
            for e in &mut o.events {
                for ev in &mut e.evidence {
                    ev.sentence += sentences;
                }
            }
            sentences += o.sentences;
            o.sentences = sentences;
            each(o);
            a = b;
        }
    }

    /// [`Extractor::extract`] behind a boundary: a panic while extracting this document
    /// becomes an [`ExtractError`] naming it, and the caller goes on with the next one.
    ///
    /// Unwinding is safe to catch here because extraction only reads the extractor (rules and
    /// knowledge base are never mutated), so nothing shared is left half-updated.
    pub fn try_extract(&self, doc: &Document) -> Result<DocOutput, ExtractError> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.extract(doc))).map_err(
            |payload| ExtractError::Panicked {
                doc: doc.id.clone(),
                message: panic_message(payload.as_ref()),
            },
        )
    }

    /// [`Extractor::for_each_segment`] with [`SEGMENT_BYTES`], behind the boundary of
    /// [`Extractor::try_extract`]. Segments handed to `each` before a panic stay handed over:
    /// the error says the document failed, not that nothing of it was read.
    pub fn try_for_each_segment(
        &self,
        doc: &Document,
        each: impl FnMut(DocOutput),
    ) -> Result<(), ExtractError> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.for_each_segment(doc, SEGMENT_BYTES, each)
        }))
        .map_err(|payload| ExtractError::Panicked {
            doc: doc.id.clone(),
            message: panic_message(payload.as_ref()),
        })
    }

    /// Whether token `t` may be the trigger of some rule: its lemma or form (or, for a word in
    /// "-ing", its stem) names a verb or noun rule, or an obligation modal.
    fn may_trigger(&self, t: &sitrep_model::Token) -> bool {
        let r = &self.rules;
        if r.verbs.contains_key(&t.lemma) || r.nouns.contains_key(&t.lemma) {
            return true;
        }
        if r.obligation
            .as_ref()
            .is_some_and(|o| o.modals.contains(&t.lemma))
        {
            return true;
        }
        let w = clause::lower(t);
        r.verbs.contains_key(w.as_ref())
            || r.nouns.contains_key(w.as_ref())
            || r.gerund_verb(&w).is_some()
            // A participle the word lists took for an adjective ("brutally beaten"): the
            // parser may read it as the verb it is.
            || (!t.tag.is_verb()
                && (w.ends_with("ed") || w.ends_with("en"))
                && r.verbs.contains_key(
                    sitrep_syntax::morph::lemma(&w, "VBN", sitrep_text::Lexicon::default_ref())
                        .as_str(),
                ))
    }

    /// Runs extraction on a document already analysed.
    pub fn extract_analysed(&self, doc: &Document, an: &Analysis) -> DocOutput {
        self.extract_analysed_parsing(doc, an, usize::MAX)
    }

    /// [`Extractor::extract_analysed`], parsing (if the extractor has a parser) only the
    /// sentences that end within the first `parse_until` bytes of the document: the rest
    /// are coded from word order.
    fn extract_analysed_parsing(
        &self,
        doc: &Document,
        an: &Analysis,
        parse_until: usize,
    ) -> DocOutput {
        let budget = WORK_PER_TOKEN
            .saturating_mul(an.tokens.len() as u64)
            .saturating_add(1_000_000);
        let work_start = sitrep_text::work::done();
        let over_budget = || sitrep_text::work::done().wrapping_sub(work_start) > budget;
        let mut budget_exhausted = false;
        let mut finder = Finder::new(&self.kb, &self.rules).with_text(&doc.text);
        let coder = Coder {
            rules: &self.rules,
            kb: &self.kb,
            published: doc.published,
        };
        let mut st = DocState::default();
        let mut cands = Vec::new();
        let dateline = self.dateline(an);
        // Pass 1: mentions of every sentence (surnames link back to earlier full names).
        let mut per_sentence: Vec<Vec<Mention>> = Vec::with_capacity(an.sentences.len());
        for (si, s) in an.sentences.iter().enumerate() {
            if budget_exhausted || over_budget() {
                budget_exhausted = true;
                per_sentence.push(Vec::new());
                continue;
            }
            work((s.tok_end - s.tok_start) as u64);
            per_sentence.push(finder.sentence(&an.tokens, si, s.tok_start, s.tok_end));
        }
        // Which reading each place name has in this document.
        places::resolve(
            &an.tokens,
            &mut per_sentence,
            dateline.as_ref().and_then(|d| d.country.as_deref()),
            &self.kb,
        );
        let dateline = self.resolved_dateline(an, &per_sentence).or(dateline);
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
        st.no_country = named.is_empty();
        st.headline = headline_sentence(an);
        if let Some((_, s)) = dateline_sentence(an)
            && let Some(toks) = an.tokens.get(s.tok_start..s.tok_end)
            && let Some(end) = dateline_end(toks)
        {
            st.dateline_end = s.tok_start + end;
            st.dateline_start = s.tok_start;
        }

        if let Some(main) = st.main_country.clone() {
            for m in per_sentence.iter_mut().flatten() {
                // a named feature the gazetteer does not list lies in the report's country
                if m.kind == EntityKind::Place && m.place.is_none() && m.country.is_none() {
                    m.country = Some(main.clone());
                }
                if m.kind == EntityKind::Person && m.country.is_none() {
                    m.country = Some(main.clone());
                    if let Some(rest) = m.entity.strip_prefix("person:xx:") {
                        m.entity = format!("person:{}:{rest}", main.to_lowercase());
                    }
                }
            }
        }
        let mut speakers: Vec<(usize, Party)> = Vec::new();
        // The source the previous sentence named.
        let mut prev_source: Option<sitrep_model::Claimant> = None;
        let mut analyser = self.syntax.map(|m| (m, m.analyser()));
        let mut unparsed_bytes = 0;
        // Pass 2: events, sentence by sentence, over tokens the parser may retag.
        let mut tokens = an.tokens.clone();
        for (si, s) in an.sentences.iter().enumerate() {
            if budget_exhausted || over_budget() {
                budget_exhausted = true;
                break;
            }
            let ms = &per_sentence[si];
            // Parsing is the costliest step: only sentences with a word some trigger rule
            // could code are parsed (the others code nothing, parse or not).
            let toks = &an.tokens[s.tok_start..s.tok_end];
            let within_limit = s.end <= parse_until;
            if !within_limit && analyser.is_some() {
                unparsed_bytes += s.end.saturating_sub(s.start);
            }
            let parse = analyser
                .as_mut()
                .filter(|_| within_limit && toks.iter().any(|t| self.may_trigger(t)))
                .map(|(m, a)| {
                    let proper = proper_name_tokens(toks, s.tok_start, ms);
                    deps::TokParse::parse(
                        m,
                        a,
                        &doc.text,
                        an,
                        s.tok_start,
                        s.tok_end,
                        &proper,
                        &self.rules,
                        if s.tok_start == st.dateline_start {
                            st.dateline_end
                        } else {
                            0
                        },
                    )
                });
            // The trained tagger's verbs and nouns replace the word lists' where they differ,
            // and the sentence's chunks are re-read from them.
            let retagged = parse.as_ref().is_some_and(|p| p.retag(&mut tokens));
            let sentence_chunks;
            let chunks: &[sitrep_model::Chunk] = if retagged {
                sentence_chunks = sitrep_text::rechunk(&tokens, std::slice::from_ref(s));
                &sentence_chunks
            } else {
                &an.chunks
            };
            let sv = SentenceView::new(
                &tokens,
                s.tok_start,
                s.tok_end,
                ms,
                chunks,
                &self.rules.sector_nouns,
            );
            let sv = sv.with_parse(parse.as_ref());
            let mut dates = dates::find(toks, doc.published, &self.rules);
            for d in &mut dates {
                d.tok_start += s.tok_start;
                d.tok_end += s.tok_start;
            }
            // Counts read the retagged words: a verb the trained tagger found ("summarily
            // executed 11 …", which the word lists took for a participle) gives the measure.
            let mut counts = magnitudes::find(&tokens[s.tok_start..s.tok_end], &self.rules);
            for c in &mut counts {
                c.tok += s.tok_start;
            }
            // Who is quoted here: the subject of the reporting verb next to the quotation.
            // Quotations are sorted by start: those of this sentence are one run.
            let first_q = an.quotes.partition_point(|q| q.start < s.start);
            st.quote_speakers.clear();
            for (qi, q) in an.quotes.iter().enumerate().skip(first_q) {
                if q.start >= s.end {
                    break;
                }
                work(1);
                if let Some(p) = coder.speaker(&sv, q.tok_start, q.tok_end, &st) {
                    st.quote_speakers.push((q.tok_start, q.tok_end, p.clone()));
                    speakers.push((qi, p));
                }
            }
            // The first coup the report names is the one its later reactions answer (a later
            // "its condemnation of the coup" names the condemning country nearest the word).
            if st.coup_country.is_none() {
                st.coup_country = coup_country(
                    &tokens[s.tok_start..s.tok_end],
                    s.tok_start,
                    ms,
                    &self.rules,
                );
            }
            let mut found = coder.sentence(
                &sv,
                si,
                s.caption,
                &dates,
                &counts,
                &mut st,
                dateline.as_ref(),
            );
            // "…, according to OVD-Info. There are at least 263 detained protesters in St
            // Petersburg.": a sentence that names no source of its own goes on telling what
            // the sentence right before it attributed (news gives most sentences a paragraph
            // of their own, so paragraphs do not bound this). Only deeds: a statement
            // ("Congo accused Rwanda …") is told by the one who made it, not by the source
            // of the sentence before.
            let own_sources = sv.claims.get().is_some_and(|cs| !cs.is_empty());
            if !own_sources && let Some(src) = &prev_source {
                for c in found
                    .iter_mut()
                    .filter(|c| c.claimed_by.is_empty() && merge::material(c.event_type))
                {
                    c.claimed_by.push(src.clone());
                }
            }
            prev_source = sv.claims.get().and_then(|cs| cs.first().cloned());
            cands.extend(found);
            for m in ms {
                if m.kind == EntityKind::Group {
                    st.last_group = Some(m.clone());
                }
                if m.kind == EntityKind::Organization {
                    st.recent_orgs.push_back(m.clone());
                    if st.recent_orgs.len() > 8 {
                        st.recent_orgs.pop_front();
                    }
                }
                if m.kind == EntityKind::Country
                    && let Some(c) = m.country.as_deref().filter(|c| c.len() == 3)
                {
                    st.recent_countries.retain(|x| x != c);
                    st.recent_countries.push(c.to_string());
                    if st.recent_countries.len() > 8 {
                        st.recent_countries.remove(0);
                    }
                }
            }
            if let Some(c) = sv.claims.get().and_then(|cs| {
                cs.iter().rev().find(|c| {
                    c.entity
                        .as_deref()
                        .is_none_or(|e| !e.starts_with("person:"))
                        && !matches!(
                            c.name.as_str(),
                            "it" | "It" | "they" | "They" | "he" | "He" | "she" | "She"
                        )
                        && !ms.iter().any(|m| {
                            m.kind == EntityKind::Person && c.name.ends_with(m.name.as_str())
                        })
                })
            }) {
                st.last_source = Some(c.clone());
            }
            if let Some(p) = ms.iter().rev().find(|m| m.kind == EntityKind::Person) {
                st.last_person = Some(p.clone());
            }
        }
        // Where each sentence's mentions start in the flattened list.
        let mut mention_ranges: Vec<(usize, usize)> = Vec::with_capacity(per_sentence.len());
        let mut at = 0;
        for ms in &per_sentence {
            mention_ranges.push((at, at + ms.len()));
            at += ms.len();
        }
        let all_mentions: Vec<Mention> = per_sentence.into_iter().flatten().collect();
        // A headline tells the report's lead events without their day.
        if let Some(h) = headline_sentence(an) {
            date_headline_events(&mut cands, h);
        }
        // Negated events without a negated reading were dropped by the coder; merge the rest.
        let groups = cluster_bounded(&cands);
        // Indexes for the place lookups of every group, built once per document.
        let stated_places = locate::StatedPlaces::new(&cands);
        let doc_place = locate::DocumentPlace::new(&all_mentions);
        let mut events = Vec::new();
        let mut background_events = Vec::new();
        let mut evidence_omitted = Vec::new();
        for (mut rep, members) in groups {
            // An attack whose target nothing in the report names: a domestic clash is the
            // likeliest reading.
            // A directed event that names no other party, where its sentence names another
            // party of the actor's own country ("rejected an invitation to a meeting of
            // Palestinian factions", "violated a ban by General Aoun"), is coded as directed at
            // that country, as PLOVER does for domestic events (after merging, so that this
            // default never keeps two mentions of one event apart). Where no such party is
            // named the recipient stays unknown: "Germany condemned the coup" is not Germany
            // condemning Germany.
            // Not for an attack: its target is named, inferred from the place or the report's
            // war, or unknown — never the attacker's own country by default.
            if rep.event_type != sitrep_model::EventType::Assault
                && !rep.event_type.is_symmetric()
                && rep.recipients.is_empty()
                && (domestic_party_named(&rep, &members, &cands, &mention_ranges, &all_mentions)
                    // ("Police detained 22 people": those a state arrests with no nationality
                    // named are its own people.)
                    || (rep.event_type == sitrep_model::EventType::Coerce
                        && rep.mode.iter().any(|m| m == "arrest")
                        && rep.actors.iter().all(|a| {
                            a.kind == EntityKind::Country || a.kind == EntityKind::Group
                        })))
            {
                rep.recipients = events::self_recipient(&rep.actors);
            }
            // No place in its sentence: the one an earlier sentence stated.
            if let Some(l) =
                locate::carried_place(&stated_places, &cands, &members, rep.location.as_ref())
            {
                rep.location = Some(l);
            }
            // Still none: the one place the whole report names.
            let sentences: Vec<usize> = members
                .iter()
                .filter_map(|&i| cands.get(i))
                .map(|c| c.sentence)
                .collect();
            if let Some(l) = locate::document_place(&doc_place, rep.location.as_ref(), &sentences) {
                rep.location = Some(l);
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
            // A group with no state of its own (code IMG: "Islamic State militants ambushed a
            // convoy near Palmyra") acts for the country where the text places its deed, as
            // wire coders put it; placed nowhere, or only saying, it keeps IMG. (After merging, so that its
            // attack and the army's answer there stay two events.)
            if let Some(lc) = rep
                .location
                .as_ref()
                .filter(|l| !l.inferred && merge::material(rep.event_type))
                .and_then(|l| l.country.clone())
                .filter(|lc| lc.len() == 3 && lc != "IMG")
            {
                for p in rep.actors.iter_mut().chain(rep.recipients.iter_mut()) {
                    if p.country.as_deref() == Some("IMG") {
                        p.country = Some(lc.clone());
                    }
                }
            }
            // One evidence item per sentence, naming every rule that read the event there.
            let mut evidence: Vec<Evidence> = Vec::new();
            let mut by_sentence: std::collections::HashMap<usize, usize> =
                std::collections::HashMap::new();
            let mut omitted: std::collections::HashSet<usize> = std::collections::HashSet::new();
            for &i in &members {
                work(1);
                let c = &cands[i];
                let Some(s) = an.sentences.get(c.sentence) else {
                    continue;
                };
                if let Some(e) = by_sentence
                    .get(&c.sentence)
                    .and_then(|&k| evidence.get_mut(k))
                {
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
                if evidence.len() >= MAX_EVIDENCE_PER_EVENT {
                    omitted.insert(c.sentence);
                    continue;
                }
                by_sentence.insert(c.sentence, evidence.len());
                evidence.push(Evidence {
                    doc: doc.id.clone(),
                    sentence: c.sentence,
                    start: s.start,
                    end: s.end,
                    text: sitrep_text::strip_controls(
                        doc.text.get(s.start..s.end).unwrap_or_default(),
                    )
                    .into_owned(),
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
            if !omitted.is_empty() {
                evidence_omitted.push((id.clone(), omitted.len()));
            }
            let mut rules_used: Vec<String> = Vec::new();
            let mut rules_seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
            for &i in &members {
                if rules_seen.insert(cands[i].rule.as_str()) {
                    rules_used.push(cands[i].rule.clone());
                }
            }
            // (an event the coder already read as the past a "since" measures from is
            // background too)
            let background = rep.aux == Some(sitrep_model::Aux::Historical)
                || (rep.aux.is_none()
                    && !rep.date_of_modifier
                    && rep.date.as_ref().is_some_and(|d| {
                        d.text.as_deref().is_some_and(names_past_year)
                            && d.start
                                .zip(doc.published)
                                .is_some_and(|(start, published)| {
                                    (published - start).num_days() > BACKGROUND_DAYS
                                })
                    }));
            if background {
                rep.aux = Some(sitrep_model::Aux::Historical);
            }
            let into = if background && !self.keep_background {
                &mut background_events
            } else {
                &mut events
            };
            into.push(EventRecord {
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
        let quotes = self.quotes(doc, an, &all_mentions, &mention_ranges, &speakers);
        DocOutput {
            events,
            background: background_events,
            entities,
            quotes,
            sentences: an.sentences.len(),
            evidence_omitted,
            budget_exhausted,
            unparsed_bytes,
        }
    }

    /// The dateline as the resolver read it: a place mention before the dash of the first
    /// sentence, with the reading chosen for the document.
    fn resolved_dateline(&self, an: &Analysis, mentions: &[Vec<Mention>]) -> Option<Location> {
        let (si, s) = dateline_sentence(an)?;
        let toks = an.tokens.get(s.tok_start..s.tok_end)?;
        let dash = dateline_place_end(toks)?;
        let m = mentions
            .get(si)?
            .iter()
            .find(|m| m.kind == EntityKind::Place && m.tok_end <= s.tok_start + dash)?;
        Some(m.place.as_ref()?.location(true))
    }

    /// "MIAMI — …", "Kano, Oct 3 (AFP) …": the place a report is filed from.
    fn dateline(&self, an: &Analysis) -> Option<Location> {
        let (_, s) = dateline_sentence(an)?;
        let toks = an.tokens.get(s.tok_start..s.tok_end)?;
        let dash = dateline_place_end(toks)?;
        if dash == 0 {
            return None;
        }
        let words: Vec<String> = toks[..dash]
            .iter()
            .filter(|t| t.norm != ",")
            .map(|t| sitrep_text::strs::capitalize_first(&t.norm.to_lowercase()))
            .collect();
        let name = words.join(" ");
        self.kb.lookup(&name).into_iter().find_map(|h| match h {
            KbHit::Place(p) => Some(p.location(true)),
            _ => None,
        })
    }

    /// Quotation records. `ranges[si]` is where sentence `si`'s mentions lie in `mentions`.
    fn quotes(
        &self,
        doc: &Document,
        an: &Analysis,
        mentions: &[Mention],
        ranges: &[(usize, usize)],
        speakers: &[(usize, Party)],
    ) -> Vec<QuoteRecord> {
        let mut out = Vec::new();
        let mut found_speaker: Vec<Option<&Party>> = vec![None; an.quotes.len()];
        for (qi, p) in speakers.iter().rev() {
            if let Some(slot) = found_speaker.get_mut(*qi) {
                *slot = Some(p);
            }
        }
        // The last person mention before each sentence, for quotations without a speaker
        // of their own.
        let mut last_person_before: Vec<Option<usize>> = Vec::with_capacity(ranges.len());
        let mut last = None;
        for &(a, b) in ranges {
            last_person_before.push(last);
            if let Some(k) = (a..b).rev().find(|&k| {
                mentions
                    .get(k)
                    .is_some_and(|m| m.kind == EntityKind::Person)
            }) {
                last = Some(k);
            }
        }
        for (qi, q) in an.quotes.iter().enumerate() {
            work(1);
            // Sentences are disjoint and in order: the one holding the quotation's start.
            let si = an.sentences.partition_point(|s| s.end <= q.start);
            if an
                .sentences
                .get(si)
                .is_none_or(|s| !(s.start <= q.start && q.start < s.end))
            {
                continue;
            }
            let (a, b) = ranges.get(si).copied().unwrap_or((0, 0));
            let here = mentions.get(a..b).unwrap_or_default();
            // Speaker: a person or organisation named in the sentence outside the quotation,
            // else the last person named before it.
            let outside = |m: &&Mention| m.tok_end <= q.tok_start || m.tok_start >= q.tok_end;
            let speaker = here
                .iter()
                .filter(|m| m.sentence == si && outside(m))
                .find(|m| matches!(m.kind, EntityKind::Person | EntityKind::Organization))
                .or_else(|| {
                    here.iter()
                        .rev()
                        .find(|m| {
                            m.sentence <= si
                                && m.kind == EntityKind::Person
                                && m.tok_end <= q.tok_start
                        })
                        .or_else(|| {
                            last_person_before
                                .get(si)
                                .copied()
                                .flatten()
                                .and_then(|k| mentions.get(k))
                        })
                });
            let found = found_speaker.get(qi).copied().flatten().cloned();
            let text =
                sitrep_text::strip_controls(doc.text.get(q.start..q.end).unwrap_or_default())
                    .into_owned();
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

/// The text of a panic payload (a `&str` or `String` message, else a placeholder).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic without a message".to_string()
    }
}

/// Where the segment of `text` that starts at `a` ends: at most `max` bytes on, at the last
/// blank line, else line break, else sentence end, else space in its last quarter, else at a
/// character boundary. Looks at each byte of the window at most a few times.
fn segment_end(text: &str, a: usize, max: usize) -> usize {
    if text.len() - a <= max {
        return text.len();
    }
    let hard = sitrep_text::strs::floor_boundary(text, a + max);
    let soft = sitrep_text::strs::floor_boundary(text, a + max - max / 4);
    let window = text.get(soft..hard).unwrap_or_default();
    for sep in ["\n\n", "\n", ". ", " "] {
        if let Some(k) = window.rfind(sep) {
            return soft + k + sep.len();
        }
    }
    if hard > a { hard } else { text.len() }
}

/// Moves every byte offset of an analysis of `text[base..]` into the whole text.
fn shift_analysis(an: &mut Analysis, base: usize) {
    for t in &mut an.tokens {
        t.start += base;
        t.end += base;
    }
    for s in &mut an.sentences {
        s.start += base;
        s.end += base;
    }
    for q in &mut an.quotes {
        q.start += base;
        q.end += base;
    }
}

/// The country a sentence names nearest a word of the `coup` class (a country, place or
/// person with a country), if it has such a word.
fn coup_country(
    toks: &[sitrep_model::Token],
    start: usize,
    ms: &[Mention],
    rules: &Rules,
) -> Option<String> {
    let coup = rules.classes.get("coup")?;
    let at = start + toks.iter().position(|t| coup.contains(&t.lemma))?;
    ms.iter()
        .filter(|m| m.country.as_deref().is_some_and(|c| c.len() == 3))
        .min_by_key(|m| {
            if m.tok_end <= at {
                at - m.tok_end
            } else {
                m.tok_start.saturating_sub(at)
            }
        })
        .and_then(|m| m.country.clone())
}

/// Whether a sentence of the event's candidates names a party of the actor's own country
/// besides the actors themselves (a person, group, organisation or the country as a party, not
/// a place in it).
fn domestic_party_named(
    rep: &events::Candidate,
    members: &[usize],
    cands: &[events::Candidate],
    ranges: &[(usize, usize)],
    mentions: &[Mention],
) -> bool {
    let Some(home) = rep
        .actors
        .iter()
        .find_map(|a| a.country.as_deref().filter(|c| c.len() == 3))
    else {
        return false;
    };
    // The speaker of a claim is no domestic target either: "the ministry said" names the
    // ministry as the source, not as a party the event could be aimed at.
    let actor_ids: Vec<&str> = rep
        .actors
        .iter()
        .filter_map(|a| a.entity.as_deref())
        .chain(rep.claimed_by.iter().filter_map(|c| c.entity.as_deref()))
        .collect();
    members.iter().filter_map(|&i| cands.get(i)).any(|c| {
        let Some(&(a, b)) = ranges.get(c.sentence) else {
            return false;
        };
        mentions.get(a..b).unwrap_or_default().iter().any(|m| {
            m.kind != EntityKind::Place
                && m.country.as_deref() == Some(home)
                && !actor_ids.contains(&m.entity.as_str())
        })
    })
}

/// [`merge::cluster`] in bounded work: candidates of different type or auxiliary mode never
/// merge, so each (type, aux) bucket is clustered on its own, in blocks of [`MERGE_BLOCK`].
/// A document whose buckets fit one block gets exactly the groups `merge::cluster` gives,
/// in the same order (by first member).
fn cluster_bounded(cands: &[events::Candidate]) -> Vec<(events::Candidate, Vec<usize>)> {
    let mut stats = merge::ClusterStats::default();
    let groups = cluster_bounded_counted(cands, &mut stats);
    work(stats.comparisons + stats.party_sets);
    groups
}

/// [`cluster_bounded`], adding what it did to `stats`.
fn cluster_bounded_counted(
    cands: &[events::Candidate],
    stats: &mut merge::ClusterStats,
) -> Vec<(events::Candidate, Vec<usize>)> {
    if cands.len() <= MERGE_BLOCK {
        let all: Vec<usize> = (0..cands.len()).collect();
        return merge::cluster_among(cands, &all, stats);
    }
    type Key = (sitrep_model::EventType, Option<sitrep_model::Aux>);
    let mut buckets: Vec<(Key, Vec<usize>)> = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        let key = (c.event_type, c.aux);
        match buckets.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(i),
            None => buckets.push((key, vec![i])),
        }
    }
    let mut groups = Vec::new();
    for (_, idx) in buckets {
        for block in idx.chunks(MERGE_BLOCK) {
            groups.extend(merge::cluster_among(cands, block, stats));
        }
    }
    groups.sort_by_key(|(_, m)| m.first().copied().unwrap_or(usize::MAX));
    groups
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

/// Whether a date phrase places its day in a year of its own ("in 2018", "October 7, 2023",
/// "a year ago in November", "last year"). A month or day named alone ("the August
/// election", "in December") may be the coming one as well as the last, so it never makes
/// an event background.
fn names_past_year(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4)
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| matches!(w, "ago" | "year" | "years"))
}

/// One entity record per entity id named in the document.
fn entity_records(
    doc: &Document,
    tokens: &[sitrep_model::Token],
    mentions: &[Mention],
) -> Vec<EntityRecord> {
    let mut by_id: BTreeMap<String, EntityRecord> = BTreeMap::new();
    let chars = CharOffsets::new(&doc.text);
    // The aliases each record already has, so that adding one is not a scan of the list.
    let mut known: std::collections::HashMap<String, std::collections::HashSet<String>> =
        std::collections::HashMap::new();
    for m in mentions {
        work(1);
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
                place: None,
            });
        if e.country.is_none() {
            e.country = m.country.clone();
        }
        if let Some(r) = &m.role
            && !e.roles.iter().any(|x| x.eq_ignore_ascii_case(r))
        {
            e.roles.push(r.clone());
        }
        let seen = known.entry(m.entity.clone()).or_default();
        for a in std::iter::once(&m.surface).chain(m.aliases.iter()) {
            if *a != e.name && seen.insert(a.clone()) {
                e.aliases.push(a.clone());
            }
        }
        if e.place.is_none()
            && let Some(p) = &m.place
            && let (Some(lat), Some(lon)) = (p.lat, p.lon)
        {
            e.place = Some(PlaceReading {
                gazetteer_id: p.id.clone(),
                feature: p.feature.clone(),
                lat,
                lon,
                admin1: p.admin1.clone(),
                admin2: p.admin2.clone(),
                population: p.population,
                candidates: m.place_cands.len().max(1),
                evidence: m.place_evidence.clone(),
            });
        }
        e.mentions.push(MentionRef {
            doc: doc.id.clone(),
            start: chars.at(tokens.get(m.tok_start).map_or(0, |t| t.start)),
            end: chars.at(tokens.get(m.tok_end.saturating_sub(1)).map_or(0, |t| t.end)),
            text: m.surface.clone(),
        });
    }
    by_id.into_values().collect()
}

/// Byte offsets → character offsets in one text (mentions are reported in characters).
struct CharOffsets {
    /// Byte offset of every character, for non-ASCII texts (empty for ASCII: identity).
    starts: Vec<usize>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        CharOffsets {
            starts: if text.is_ascii() {
                Vec::new()
            } else {
                text.char_indices().map(|(b, _)| b).collect()
            },
            len: text.len(),
        }
    }

    /// The character offset of byte offset `b` (clamped to the text).
    fn at(&self, b: usize) -> usize {
        let b = b.min(self.len);
        if self.starts.is_empty() {
            return b;
        }
        self.starts.partition_point(|&x| x < b)
    }
}

/// Merges entity records of several documents by id (the same person has the same id everywhere).
pub fn merge_entities(all: impl IntoIterator<Item = EntityRecord>) -> Vec<EntityRecord> {
    let mut by_id: BTreeMap<String, EntityRecord> = BTreeMap::new();
    // Each record's aliases as a set, so that merging many documents is not quadratic.
    let mut known: std::collections::HashMap<String, std::collections::HashSet<String>> =
        std::collections::HashMap::new();
    for e in all {
        match by_id.get_mut(&e.id) {
            None => {
                known.insert(e.id.clone(), e.aliases.iter().cloned().collect());
                by_id.insert(e.id.clone(), e);
            }
            Some(x) => {
                for r in e.roles {
                    if !x.roles.contains(&r) {
                        x.roles.push(r);
                    }
                }
                let seen = known.entry(e.id.clone()).or_default();
                for a in e.aliases {
                    if a != x.name && seen.insert(a.clone()) {
                        x.aliases.push(a);
                    }
                }
                if x.country.is_none() {
                    x.country = e.country;
                }
                if x.place.is_none() {
                    x.place = e.place;
                }
                x.mentions.extend(e.mentions);
            }
        }
    }
    by_id.into_values().collect()
}

/// The sentence a dateline may open (with its index): the first that is no caption, or,
/// where that one is a headline (no final punctuation) with no dateline of its own, the next
/// ("Gangs overrun Haitian town\n\nPORT-AU-PRINCE - Gang members attacked …").
fn dateline_sentence(an: &Analysis) -> Option<(usize, &sitrep_model::Sentence)> {
    let mut body = an.sentences.iter().enumerate().filter(|(_, s)| !s.caption);
    let first = body.next()?;
    let toks = an.tokens.get(first.1.tok_start..first.1.tok_end)?;
    let headline = toks
        .last()
        .is_some_and(|t| !matches!(t.norm.as_str(), "." | "!" | "?" | "\"" | "\u{201d}"));
    if headline
        && dateline_end(toks).is_none()
        && let Some(next) = body.next()
        && an
            .tokens
            .get(next.1.tok_start..next.1.tok_end)
            .is_some_and(|t| dateline_end(t).is_some())
    {
        return Some(next);
    }
    Some(first)
}

/// The headline: the first sentence that is no caption, where it has no final punctuation
/// and the report goes on after it.
fn headline_sentence(an: &Analysis) -> Option<usize> {
    let (si, s) = an.sentences.iter().enumerate().find(|(_, s)| !s.caption)?;
    let last = an.tokens.get(s.tok_end.checked_sub(1)?)?;
    let closed = matches!(last.norm.as_str(), "." | "!" | "?" | "\"" | "\u{201d}");
    (!closed && si + 1 < an.sentences.len()).then_some(si)
}

/// How many later candidates a headline event is compared with (a bound on the work of a
/// document of endless events).
const HEADLINE_LOOKAHEAD: usize = 200;

/// A headline event with no date phrase of its own ("EU adopts new sanctions on Belarus")
/// takes the day of the first later telling of the same type by the same actors that states
/// one ("… ministers on Thursday agreed new sanctions on Belarus"), so that the two are merged
/// as one event instead of the headline's being dated by the publication day.
fn date_headline_events(cands: &mut [events::Candidate], headline: usize) {
    for i in 0..cands.len() {
        let c = &cands[i];
        if c.sentence != headline
            || c.aux.is_some()
            || c.date.as_ref().is_some_and(|d| d.text.is_some())
        {
            continue;
        }
        let actors = events::codes_of(&c.actors);
        let recipients = events::codes_of(&c.recipients);
        if actors.is_empty() {
            // "Rebels seize gold mining town in eastern Congo", "Five killed in market
            // attack": a headline that names its doers by kind or not at all tells the lead's
            // event, whose body names them ("M23 rebels seized the town of Lubero on
            // Saturday"): it takes the doers and the day of the body's first telling of that
            // type at the same target, so the two are one record.
            headline_doers_from_body(cands, i, headline);
            continue;
        }
        // (A meeting's headline may name fewer sides than its body; a mode both give must
        // agree: "students block bridges" is not the rally told first.)
        let symmetric = c.event_type.is_symmetric();
        let found = cands
            .iter()
            .skip(i + 1)
            .take(HEADLINE_LOOKAHEAD)
            .find(|o| {
                let theirs = events::codes_of(&o.actors);
                o.sentence > headline
                    && o.event_type == c.event_type
                    && o.aux.is_none()
                    // (a day read from the body's words, or from when its source said it:
                    // either is nearer than the day the headline was published)
                    && o.date.is_some()
                    && (theirs == actors
                        || (symmetric && actors.iter().all(|a| theirs.contains(a)))
                        // (a headline may name a backer the body tells apart: "Somali troops
                        // and AU forces retake town" … "Somali soldiers backed by AU troops")
                        || (!theirs.is_empty() && theirs.iter().all(|a| actors.contains(a))))
                    && (c.mode.is_empty() || o.mode.is_empty() || c.mode == o.mode)
                    && (recipients.is_empty()
                        || o.recipients.is_empty()
                        || events::codes_of(&o.recipients) == recipients)
            })
            .and_then(|o| o.date.clone());
        work(HEADLINE_LOOKAHEAD as u64);
        // (the day, not a phrase the headline stated: a headline that places its event only
        // in a country still tells the body's event in a town of it)
        if let Some(d) = found {
            cands[i].date = Some(sitrep_model::DateInfo { text: None, ..d });
        }
    }
}

/// See [`date_headline_events`]: the headline event `i` names no doer of known country.
fn headline_doers_from_body(cands: &mut [events::Candidate], i: usize, headline: usize) {
    let c = &cands[i];
    let recipients = events::codes_of(&c.recipients);
    let found = cands
        .iter()
        .skip(i + 1)
        .take(HEADLINE_LOOKAHEAD)
        .find(|o| {
            o.sentence > headline
                && o.event_type == c.event_type
                && o.aux.is_none()
                && o.date.is_some()
                && !events::codes_of(&o.actors).is_empty()
                && (c.mode.is_empty() || o.mode.is_empty() || c.mode == o.mode)
                && (recipients.is_empty() || events::codes_of(&o.recipients) == recipients)
        })
        .map(|o| (o.actors.clone(), o.date.clone()));
    work(HEADLINE_LOOKAHEAD as u64);
    if let Some((actors, date)) = found {
        let c = &mut cands[i];
        c.actors = actors;
        // (the day, but not as a phrase the headline stated: it still says nothing of where
        // or when beyond the body's telling)
        if c.date.as_ref().is_none_or(|d| d.text.is_none()) {
            c.date = date.map(|d| sitrep_model::DateInfo { text: None, ..d });
        }
    }
}

/// Whether a token is a dateline's dash ("MIAMI —").
fn is_dash(t: &sitrep_model::Token) -> bool {
    matches!(t.norm.as_str(), "-" | "--" | "—")
}

/// The dash of a dateline "MIAMI —": within the first five tokens.
fn dateline_dash(toks: &[sitrep_model::Token]) -> Option<usize> {
    toks.iter().take(5).position(is_dash)
}

/// Where a dateline's place ends in the first sentence's tokens: before the dash of "MIAMI —",
/// or before the first comma of "Kano, Oct 3 (AFP)" (a news agency's name in parentheses
/// within the first ten tokens).
/// Which tokens of a sentence (starting at document token `start`) are words of a name the
/// knowledge base resolved: capitalised words of people, organisations and named countries
/// or places (not demonyms: "Russian" is an adjective). The parser's tagger takes them as
/// proper nouns.
fn proper_name_tokens(toks: &[sitrep_model::Token], start: usize, ms: &[Mention]) -> Vec<bool> {
    let mut out = vec![false; toks.len()];
    for m in ms {
        let named = match m.kind {
            EntityKind::Person | EntityKind::Organization => true,
            EntityKind::Country => m.how == Some(CountryHow::Name),
            EntityKind::Place => true,
            _ => false,
        };
        if !named {
            continue;
        }
        for k in m.tok_start..m.tok_end {
            if let Some(t) = k.checked_sub(start).and_then(|i| toks.get(i))
                && t.is_capitalised()
            {
                out[k - start] = true;
            }
        }
    }
    out
}

fn dateline_place_end(toks: &[sitrep_model::Token]) -> Option<usize> {
    if let Some(d) = dateline_dash(toks) {
        return Some(d);
    }
    dateline_end(toks)?;
    toks.iter().take(4).position(|t| t.norm == ",")
}

/// The token after a dateline: after the dash of "MIAMI —", or after "Kano, Oct 3 (AFP)" (an
/// agency in parentheses within the first ten tokens, a dash after it included).
fn dateline_end(toks: &[sitrep_model::Token]) -> Option<usize> {
    if let Some(d) = dateline_dash(toks) {
        return Some(d + 1);
    }
    let open = toks.iter().take(10).position(|t| t.norm == "(")?;
    let close = open
        + 1
        + toks
            .get(open + 1..(open + 5).min(toks.len()))?
            .iter()
            .position(|t| t.norm == ")")?;
    let inner = toks.get(open + 1..close)?;
    // An agency: an acronym ("AFP", "AP", "PTI") or one of the wire services named in full.
    let agency = inner.len() == 1
        && (inner[0].norm.len() >= 2
            && inner[0].norm.len() <= 6
            && inner[0].norm.chars().all(|c| c.is_ascii_uppercase())
            || matches!(
                inner[0].norm.as_str(),
                "Reuters"
                    | "Xinhua"
                    | "Bloomberg"
                    | "Anadolu"
                    | "Interfax"
                    | "Tass"
                    | "TASS"
                    | "Yonhap"
                    | "Kyodo"
                    | "Bernama"
                    | "Efe"
                    | "dpa"
            ))
        && toks.get(..open)?.iter().any(|t| t.norm == ",");
    if !agency {
        return None;
    }
    let mut end = close + 1;
    if toks.get(end).is_some_and(is_dash) {
        end += 1;
    }
    Some(end)
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
    fn only_a_date_in_a_year_of_its_own_makes_background() {
        for t in [
            "in 2018",
            "October 7, 2023",
            "a year ago in November",
            "last year",
            "two years ago",
        ] {
            assert!(super::names_past_year(t), "{t}");
        }
        for t in [
            "in December",
            "the August election",
            "on Monday",
            "March 23",
            "last month",
        ] {
            assert!(!super::names_past_year(t), "{t}");
        }
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
