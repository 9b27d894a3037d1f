//! The `extract` path shared by `sitrep extract` and `sitrep bench`: per-document extraction,
//! cross-document merging in a bounded window, and records written as soon as no later
//! document can merge into them. `bench` runs exactly this code, so what it measures is what a
//! user's `extract` costs.

use anyhow::{Context, Result};
use sitrep_extract::DocOutput;
use sitrep_extract::merge::{MergeStats, Merger};
use sitrep_io::{OutputFormat, RecordWriter};
use sitrep_model::EventRecord;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How far a run goes, so that `bench` can time the stages apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Stage {
    /// Reading and text analysis (tokens, sentences, tags, chunks) only.
    Analyse,
    /// Analysis and per-document extraction, no cross-document merging.
    Extract,
    /// Extraction and merging; records are dropped instead of serialised.
    Merge,
    /// Everything `extract` does, serialisation included.
    Write,
}

/// Time spent per stage, summed over worker threads (thread-seconds).
#[derive(Default)]
pub struct StageTimes {
    pub read: AtomicU64,
    pub analyse: AtomicU64,
    pub extract: AtomicU64,
    pub merge: AtomicU64,
    pub write: AtomicU64,
}

impl StageTimes {
    pub fn add(slot: &AtomicU64, d: Duration) {
        slot.fetch_add(
            u64::try_from(d.as_nanos()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }

    /// (name, seconds) for each stage.
    pub fn rows(&self) -> [(&'static str, f64); 5] {
        let s = |a: &AtomicU64| a.load(Ordering::Relaxed) as f64 / 1e9;
        [
            ("read", s(&self.read)),
            ("analyse", s(&self.analyse)),
            ("extract", s(&self.extract)),
            ("merge", s(&self.merge)),
            ("write", s(&self.write)),
        ]
    }
}

/// What a finished stream did.
pub struct Summary {
    pub stats: MergeStats,
    /// Records written.
    pub written: usize,
    /// When the first record was written.
    pub first_at: Option<Instant>,
}

/// Where event (and, in JSON Lines, quote) records go.
enum Out<W: Write> {
    /// JSON Lines: events and quotes share the stream, each written as it is ready.
    Lines(W),
    Records(RecordWriter<W, EventRecord>),
}

/// Cross-document merging plus the writer: events go in per document and come out once their
/// merge window has passed, so memory is bounded by the window, not by the input.
pub struct EventStream<W: Write> {
    out: Out<W>,
    merger: Merger,
    ready: Vec<EventRecord>,
    quotes: bool,
    written: usize,
    first_at: Option<Instant>,
    /// Off for `bench --stage merge`: records are merged and dropped.
    serialise: bool,
    /// Whether the first line has been flushed.
    flushed: bool,
}

impl<W: Write> EventStream<W> {
    /// `window`: events a record stays open for reports of the same event from later
    /// documents. `quotes`: write quotation records too (JSON Lines only).
    pub fn new(format: OutputFormat, w: W, window: usize, quotes: bool) -> Result<Self> {
        let out = match format {
            OutputFormat::Jsonl => Out::Lines(w),
            f => Out::Records(RecordWriter::new(f, w).context("writing events")?),
        };
        Ok(EventStream {
            out,
            merger: Merger::new(window),
            ready: Vec::new(),
            quotes,
            written: 0,
            first_at: None,
            serialise: true,
            flushed: false,
        })
    }

    /// Merges but never serialises (for timing the merge alone).
    pub fn without_serialising(mut self) -> Self {
        self.serialise = false;
        self
    }

    /// Adds one document's output; writes its quotes and every record now out of the window.
    pub fn push(&mut self, o: DocOutput, times: Option<&StageTimes>) -> Result<()> {
        if let Out::Records(r) = &mut self.out {
            // The table shows each party by its entity's name (a no-op for other formats).
            r.add_names(o.entities.iter().map(|e| (e.id.clone(), e.name.clone())));
        }
        let t = Instant::now();
        for e in o.events {
            self.merger.push(e);
        }
        self.merger.drain_ready(&mut self.ready);
        if let Some(ts) = times {
            StageTimes::add(&ts.merge, t.elapsed());
        }
        let t = Instant::now();
        if self.quotes
            && self.serialise
            && let Out::Lines(w) = &mut self.out
            && !o.quotes.is_empty()
        {
            for q in &o.quotes {
                sitrep_io::write_json_line(&mut *w, q).context("writing quotes")?;
            }
            self.flush_first_line()?;
        }
        self.write_ready()?;
        if let Some(ts) = times {
            StageTimes::add(&ts.write, t.elapsed());
        }
        Ok(())
    }

    /// Sends the first line of the run (event or quote) down the pipe at once, so that a
    /// reader sees the run has begun; later lines go out as the buffer fills.
    fn flush_first_line(&mut self) -> Result<()> {
        if !self.flushed
            && let Out::Lines(w) = &mut self.out
        {
            self.flushed = true;
            w.flush().context("writing events")?;
        }
        Ok(())
    }

    fn write_ready(&mut self) -> Result<()> {
        let any = !self.ready.is_empty();
        for e in self.ready.drain(..) {
            if self.first_at.is_none() {
                self.first_at = Some(Instant::now());
            }
            self.written += 1;
            if !self.serialise {
                continue;
            }
            match &mut self.out {
                Out::Lines(w) => {
                    sitrep_io::write_json_line(&mut *w, &e).map_err(anyhow::Error::from)
                }
                Out::Records(r) => r.write(&e).map_err(anyhow::Error::from),
            }
            .context("writing events")?;
        }
        if any && self.serialise {
            self.flush_first_line()?;
        }
        Ok(())
    }

    /// Writes the records still open, closes the output and returns the writer with the
    /// summary.
    pub fn finish(mut self, times: Option<&StageTimes>) -> Result<(W, Summary)> {
        let t = Instant::now();
        self.merger.finish(&mut self.ready);
        if let Some(ts) = times {
            StageTimes::add(&ts.merge, t.elapsed());
        }
        let t = Instant::now();
        self.write_ready()?;
        let stats = self.merger.stats();
        let mut w = match self.out {
            Out::Lines(w) => w,
            Out::Records(r) => r.finish().context("writing events")?,
        };
        w.flush().context("writing events")?;
        if let Some(ts) = times {
            StageTimes::add(&ts.write, t.elapsed());
        }
        Ok((
            w,
            Summary {
                stats,
                written: self.written,
                first_at: self.first_at,
            },
        ))
    }
}
