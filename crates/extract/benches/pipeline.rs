//! Criterion benchmarks of the extraction stages on the project's own sample reports
//! (samples/reports.jsonl): tokeniser, text analysis, mentions, per-document extraction,
//! cross-document merging and the whole document. Timings are for people comparing runs
//! (`cargo bench -p sitrep-extract`); the checks that must never regress are the work
//! counters in the unit tests, not these times.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use sitrep_extract::mentions::Finder;
use sitrep_extract::merge::Merger;
use sitrep_extract::{Extractor, Rules};
use sitrep_model::{Document, EventRecord};
use std::hint::black_box;

const SAMPLES: &str = include_str!("../../../samples/reports.jsonl");

fn documents() -> Vec<Document> {
    SAMPLES
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("samples/reports.jsonl is valid"))
        .collect()
}

/// Events of many documents telling the sample events again, with the dates and document ids
/// varied, as `extract` hands them to the merger.
fn corpus_events(
    ex: &Extractor<sitrep_kb::Kb>,
    docs: &[Document],
    copies: usize,
) -> Vec<EventRecord> {
    let per_doc: Vec<Vec<EventRecord>> = docs.iter().map(|d| ex.extract(d).events).collect();
    let mut out = Vec::new();
    for i in 0..copies {
        for evs in &per_doc {
            for e in evs {
                let mut e = e.clone();
                for v in &mut e.evidence {
                    v.doc = format!("{}-{i}", v.doc);
                }
                if let Some(d) = e.date.as_mut() {
                    let shift = chrono::Days::new((i % 365) as u64);
                    d.start = d.start.and_then(|s| s.checked_add_days(shift));
                    d.end = d.end.and_then(|s| s.checked_add_days(shift));
                }
                out.push(e);
            }
        }
    }
    out
}

fn stages(c: &mut Criterion) {
    let docs = documents();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let rules = Rules::builtin().expect("built-in rules load");
    let kb = sitrep_kb::Kb::load(&[]).expect("shipped knowledge base loads");
    kb.warm();
    let ex = Extractor::new(rules, kb);
    let analyses: Vec<_> = docs.iter().map(|d| sitrep_text::analyze(&d.text)).collect();

    let mut g = c.benchmark_group("document");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("tokenise", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(sitrep_text::tokenize(&d.text));
            }
        })
    });
    g.bench_function("analyse", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(sitrep_text::analyze(&d.text));
            }
        })
    });
    g.bench_function("mentions", |b| {
        b.iter(|| {
            for an in &analyses {
                let mut f = Finder::new(&ex.kb, &ex.rules);
                for (si, s) in an.sentences.iter().enumerate() {
                    black_box(f.sentence(&an.tokens, si, s.tok_start, s.tok_end));
                }
            }
        })
    });
    g.bench_function("extract_analysed", |b| {
        b.iter(|| {
            for (d, an) in docs.iter().zip(&analyses) {
                black_box(ex.extract_analysed(d, an));
            }
        })
    });
    g.bench_function("whole_document", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(ex.extract(d));
            }
        })
    });
    g.finish();

    let events = corpus_events(&ex, &docs, 2000);
    let mut g = c.benchmark_group("merge");
    g.throughput(Throughput::Elements(events.len() as u64));
    g.bench_function("merge_window_20000", |b| {
        b.iter_batched(
            || events.clone(),
            |evs| {
                let mut m = Merger::new(20_000);
                let mut out = Vec::new();
                for e in evs {
                    m.push(e);
                    m.drain_ready(&mut out);
                }
                m.finish(&mut out);
                black_box(out)
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = stages
}
criterion_main!(benches);
