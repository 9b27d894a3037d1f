//! `sitrep watch`: keep a store up to date from feeds and sitemaps (see `sitrep-feed`).
//!
//! Each poll reads every feed, fetches the articles the store does not hold yet, extracts
//! them and ingests them in batches. SIGINT or SIGTERM ends the loop after the current
//! batch is stored (a second SIGINT exits at once); SIGKILL loses at most the unfinished
//! batch, which the next run fetches again.

use anyhow::{Context, Result};
use clap::Args;
use rayon::prelude::*;
use sitrep_feed::fetch::{FetchConfig, Fetcher};
use sitrep_feed::watch::{
    Level, LogLine, PollStats, Sink, SinkError, WatchConfig, Watcher, parse_feeds_file,
    parse_interval, sleep_until,
};
use sitrep_model::Document;
use sitrep_store::{DocInput, IngestReport, Store};
use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct WatchArgs {
    /// Feeds file: one RSS/Atom/RDF feed or news sitemap URL per line, optionally followed
    /// by the publication's name; `#` starts a comment.
    #[arg(long)]
    feeds: PathBuf,
    /// Database file (created when missing), or a postgres:// URL.
    #[arg(long, default_value = "sitrep.db")]
    db: String,
    /// Time between the starts of two polls (90s, 15m, 2h).
    #[arg(long, default_value = "15m", value_parser = parse_interval)]
    every: Duration,
    /// Poll once and exit.
    #[arg(long)]
    once: bool,
    /// Log one JSON object per line (for systemd's journal or Docker) instead of text.
    #[arg(long)]
    json: bool,
    /// How site owners can reach you (a URL or mailto:), sent in the User-Agent (default:
    /// the SITREP_CONTACT environment variable).
    #[arg(long)]
    contact: Option<String>,
    /// Pause between two requests to the same site (robots.txt's Crawl-delay wins when longer).
    #[arg(long, default_value = "1s", value_parser = parse_interval)]
    delay: Duration,
    /// Time limit for one request.
    #[arg(long, default_value = "30s", value_parser = parse_interval)]
    timeout: Duration,
    /// Largest page accepted, in bytes (after decompression).
    #[arg(long, default_value_t = 8 << 20)]
    max_page: u64,
    /// Articles per store transaction.
    #[arg(long, default_value_t = 32)]
    batch: usize,
    /// Extra rule files, as for `extract`.
    #[arg(long = "rules", value_name = "FILE")]
    rules: Vec<PathBuf>,
    /// Extra knowledge-base files, as for `extract`.
    #[arg(long = "kb", value_name = "FILE")]
    kb: Vec<PathBuf>,
}

/// Extracts and ingests the watcher's batches.
struct StoreSink {
    store: Box<dyn Store>,
    ex: sitrep_extract::Extractor<crate::kbadapter::KbAdapter>,
    total: IngestReport,
}

impl Sink for StoreSink {
    fn stored(&mut self, ids: &[String]) -> Result<HashSet<String>, SinkError> {
        Ok(self.store.stored_documents(ids)?)
    }

    fn store(&mut self, docs: Vec<Document>) -> Result<(), SinkError> {
        let inputs: Vec<DocInput> = docs
            .into_par_iter()
            .map(|doc| {
                let o = self.ex.extract(&doc);
                DocInput {
                    doc,
                    events: o.events,
                    entities: o.entities,
                    quotes: o.quotes,
                }
            })
            .collect();
        let r = self.store.ingest_batch(&inputs)?;
        self.total.add(&r);
        Ok(())
    }
}

/// Writes log lines as text or JSON on stderr.
struct Logger {
    json: bool,
}

impl Logger {
    fn line(&self, l: &LogLine) {
        if self.json {
            let v = serde_json::json!({
                "time": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "level": l.level.as_str(),
                "event": l.kind,
                "url": l.url,
                "message": l.message,
            });
            eprintln!("{v}");
        } else if l.level != Level::Info || l.kind != "batch" {
            eprintln!(
                "sitrep watch: {} [{}] {}",
                l.level.as_str(),
                l.kind,
                l.message
            );
        }
    }

    fn poll(&self, n: u64, s: &PollStats, secs: f64, docs: usize, events: usize) {
        if self.json {
            let v = serde_json::json!({
                "time": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "level": "info",
                "event": "poll",
                "poll": n,
                "feeds": s.feeds,
                "unchanged_feeds": s.unchanged_feeds,
                "listed": s.listed,
                "known": s.known,
                "fetched": s.fetched,
                "stored": s.stored,
                "errors": s.errors,
                "interrupted": s.interrupted,
                "seconds": (secs * 10.0).round() / 10.0,
                "store_documents": docs,
                "store_events": events,
            });
            eprintln!("{v}");
        } else {
            eprintln!(
                "sitrep watch: poll {n}: {} feeds ({} unchanged), {} articles listed, {} already stored, {} fetched, {} stored, {} errors in {secs:.1} s; the store holds {docs} documents, {events} events{}",
                s.feeds,
                s.unchanged_feeds,
                s.listed,
                s.known,
                s.fetched,
                s.stored,
                s.errors,
                if s.interrupted {
                    " (stopped early)"
                } else {
                    ""
                }
            );
        }
    }
}

pub fn run(a: WatchArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&a.feeds)
        .with_context(|| format!("cannot read the feeds file {}", a.feeds.display()))?;
    let feeds = parse_feeds_file(&text, &a.feeds.display().to_string())?;
    let log = Logger { json: a.json };
    let contact = a
        .contact
        .clone()
        .or_else(|| std::env::var("SITREP_CONTACT").ok())
        .filter(|c| !c.trim().is_empty());
    let user_agent = match &contact {
        Some(c) => format!("sitrep/{} (+{c})", env!("CARGO_PKG_VERSION")),
        None => {
            log.line(&LogLine {
                level: Level::Warn,
                kind: "no_contact",
                url: None,
                message: "no --contact given: site owners cannot reach you; set --contact or SITREP_CONTACT".into(),
            });
            format!("sitrep/{}", env!("CARGO_PKG_VERSION"))
        }
    };
    // The store first: a locked or unreachable database is reported before any request.
    let store = sitrep_store::open(&a.db)?;
    let input = crate::InputArgs {
        inputs: vec![],
        published: None,
        rules: a.rules.clone(),
        kb: a.kb.clone(),
        batch: a.batch,
        no_parser: false,
        parse_limit: None,
        keep_duplicates: false,
        background: false,
    };
    let ex = crate::build_extractor(&input)?;
    let mut sink = StoreSink {
        store,
        ex,
        total: IngestReport::default(),
    };
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // A second signal while stopping exits at once.
        signal_hook::flag::register_conditional_shutdown(sig, 130, Arc::clone(&stop))
            .context("installing the signal handler")?;
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .context("installing the signal handler")?;
    }
    let fetcher = Fetcher::new(FetchConfig {
        user_agent,
        timeout: a.timeout,
        max_bytes: a.max_page,
        delay: a.delay,
        ..FetchConfig::default()
    });
    let mut watcher = Watcher::new(
        fetcher,
        feeds,
        WatchConfig {
            batch: a.batch.max(1),
            ..WatchConfig::default()
        },
    );
    let mut n = 0u64;
    let errors_last = loop {
        n += 1;
        let started = Instant::now();
        let stats = watcher
            .poll(&mut sink, &stop, &mut |l| log.line(&l))
            .map_err(|e| anyhow::anyhow!("storing articles: {e}"))?;
        sink.store.checkpoint()?;
        let counts = sink.store.counts()?;
        log.poll(
            n,
            &stats,
            started.elapsed().as_secs_f64(),
            counts.documents,
            counts.events,
        );
        if a.once || stop.load(std::sync::atomic::Ordering::SeqCst) {
            break stats.errors;
        }
        sleep_until(started + a.every, &stop);
        if stop.load(std::sync::atomic::Ordering::SeqCst) {
            break stats.errors;
        }
    };
    // `--once` under cron: a poll with errors exits 1 so that they are noticed.
    Ok(if a.once && errors_last > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
