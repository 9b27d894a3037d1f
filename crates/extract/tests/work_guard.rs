//! Work guards for the extraction hot path: allocations and knowledge-base lookups per token
//! on the sample reports, counted rather than timed, so that they cannot flake on a loaded
//! machine. A path that allocates per candidate name again, or looks names up quadratically
//! in a capitalised run, fails here instead of slowing every user.
//!
//! One test in this file on purpose: the allocation counter is global, and the harness runs
//! the tests of one file on parallel threads.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use sitrep_extract::kbview::{KbHit, KbView, PersonInfo, PlaceCandidate};
use sitrep_extract::{Extractor, Rules};
use sitrep_model::{Document, TokenKind};

/// The system allocator, counting allocations (and reallocations, which copy).
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is a
// relaxed atomic, which neither allocates nor blocks.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's arguments.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The shipped knowledge base, counting the name lookups extraction makes.
struct CountingKb {
    kb: sitrep_kb::Kb,
    lookups: AtomicUsize,
}

impl KbView for CountingKb {
    fn lookup_scored(&self, phrase: &str) -> Vec<(KbHit, f32)> {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        self.kb.lookup_scored(phrase)
    }
    fn place_candidates(&self, phrase: &str) -> Vec<PlaceCandidate> {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        KbView::place_candidates(&self.kb, phrase)
    }
    fn persons_by_surname(&self, word: &str) -> Vec<PersonInfo> {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        self.kb.persons_by_surname(word)
    }
    fn max_phrase_tokens(&self) -> usize {
        KbView::max_phrase_tokens(&self.kb)
    }
    fn country_name(&self, iso3: &str) -> Option<String> {
        self.kb.country_name(iso3)
    }
    fn is_given_name(&self, word: &str) -> bool {
        self.kb.is_given_name(word)
    }
}

fn samples() -> Vec<Document> {
    let text = include_str!("../../../samples/reports.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match serde_json::from_str::<Document>(l) {
            Ok(d) => d,
            Err(e) => panic!("samples/reports.jsonl: {e}"),
        })
        .collect()
}

/// (allocations, lookups) for extracting `docs` once.
fn work(ex: &Extractor<CountingKb>, docs: &[Document]) -> (u64, usize) {
    let lookups0 = ex.kb.lookups.load(Ordering::Relaxed);
    let allocs0 = ALLOCS.load(Ordering::Relaxed);
    for d in docs {
        let out = ex.extract(d);
        std::hint::black_box(&out);
    }
    (
        ALLOCS.load(Ordering::Relaxed) - allocs0,
        ex.kb.lookups.load(Ordering::Relaxed) - lookups0,
    )
}

#[test]
fn allocations_and_lookups_per_token_stay_bounded() {
    let rules = match Rules::builtin() {
        Ok(r) => r,
        Err(e) => panic!("built-in rules: {e}"),
    };
    let kb = match sitrep_kb::Kb::load_default() {
        Ok(k) => k,
        Err(e) => panic!("default knowledge base: {e}"),
    };
    kb.warm();
    let ex = Extractor::new_without_parser(
        rules,
        CountingKb {
            kb,
            lookups: AtomicUsize::new(0),
        },
    );
    let docs = samples();
    assert!(docs.len() >= 5, "the sample reports are missing");
    let (mut tokens, mut capitalised) = (0usize, 0usize);
    for d in &docs {
        for t in &sitrep_text::analyze(&d.text).tokens {
            tokens += 1;
            if t.kind == TokenKind::Word && t.is_capitalised() {
                capitalised += 1;
            }
        }
    }
    // First pass: lazily built tables (lexicon, name index, gazetteer rows) are filled.
    work(&ex, &docs);
    let (allocs, lookups) = work(&ex, &docs);
    let per_token = allocs as f64 / tokens as f64;
    let per_cap = lookups as f64 / capitalised.max(1) as f64;
    println!(
        "{tokens} tokens, {capitalised} capitalised: {allocs} allocations ({per_token:.1} per token), \
         {lookups} name lookups ({per_cap:.2} per capitalised word)"
    );
    // Ceilings at about 1.5 times what the pipeline does now (see the constants); raise
    // them only with a reason.
    assert!(
        per_token < ALLOCS_PER_TOKEN,
        "{per_token:.1} allocations per token (ceiling {ALLOCS_PER_TOKEN})"
    );
    assert!(
        per_cap < LOOKUPS_PER_CAPITALISED,
        "{per_cap:.2} name lookups per capitalised word (ceiling {LOOKUPS_PER_CAPITALISED})"
    );

    // Linear in the document: the five reports as one document, and that text four times,
    // cost at most proportionally more (plus a little for the longer merge blocks).
    let joined = |n: usize| Document {
        id: format!("joined-{n}"),
        published: docs.first().and_then(|d| d.published),
        text: vec![
            docs.iter()
                .map(|d| d.text.as_str())
                .collect::<Vec<_>>()
                .join("\n\n");
            n
        ]
        .join("\n\n"),
        ..Document::default()
    };
    let one = joined(1);
    let four = joined(4);
    work(&ex, std::slice::from_ref(&one));
    let (a1, l1) = work(&ex, std::slice::from_ref(&one));
    let (a4, l4) = work(&ex, std::slice::from_ref(&four));
    println!("one document: {a1} allocations, {l1} lookups; four times its text: {a4}, {l4}");
    assert!(
        a4 as f64 <= 4.6 * a1 as f64,
        "allocations grow faster than the text: {a1} → {a4} for 4× the text"
    );
    assert!(
        l4 as f64 <= 4.6 * l1 as f64,
        "lookups grow faster than the text: {l1} → {l4} for 4× the text"
    );
}

/// Allocations per token on the sample reports: 25.3 on 2026-12-01 (after the hot-path
/// work of issue 14; see [`allocations_and_lookups_per_token_stay_bounded`]).
const ALLOCS_PER_TOKEN: f64 = 38.0;
/// Knowledge-base lookups per capitalised word: 1.34 on 2026-12-01.
const LOOKUPS_PER_CAPITALISED: f64 = 2.0;
