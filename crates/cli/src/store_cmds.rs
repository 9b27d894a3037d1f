//! The record store on the command line: `ingest` reports into a database, then follow the
//! story with `timeline`, `events`, `actors`, `stats`, `search` and `export`.

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rayon::prelude::*;
use sitrep_extract::{DocOutput, Extractor};
use sitrep_io::{OutputFormat, ReadOptions, Record, RecordWriter};
use sitrep_model::{Document, EventType};
use sitrep_store::views::{StatsRow, describe};
use sitrep_store::{
    DocInput, ExportFormat, FailedDocument, Filter, IngestReport, OpenOptions, SqliteStore, Store,
};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const DEFAULT_DB: &str = "sitrep.db";

/// The database to use.
#[derive(Args, Clone)]
pub struct DbArgs {
    /// Database file (created by `ingest` when missing), or a PostgreSQL server as
    /// postgres://user[:password]@host[:port]/database (tables created by `ingest`).
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
}

/// Which stored events a query is about.
#[derive(Args, Clone)]
pub struct QueryArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Actor or target: ISO3/IGO code (RUS, NATO), entity id, or part of a name.
    #[arg(long)]
    actor: Option<String>,
    /// PLOVER event type (ASSAULT, CONSULT…).
    #[arg(long = "type", value_name = "TYPE")]
    event_type: Option<EventType>,
    /// Country (ISO3) where the events happened.
    #[arg(long)]
    country: Option<String>,
    /// Part of the place name where the events happened.
    #[arg(long)]
    place: Option<String>,
    /// Events on or after this day (YYYY-MM-DD).
    #[arg(long)]
    since: Option<NaiveDate>,
    /// Events on or before this day (YYYY-MM-DD).
    #[arg(long)]
    until: Option<NaiveDate>,
    /// Words that must all occur in an event's evidence.
    #[arg(long)]
    text: Option<String>,
    /// At most this many results.
    #[arg(long)]
    limit: Option<usize>,
}

impl QueryArgs {
    fn filter(&self) -> Filter {
        Filter {
            actor: self.actor.clone(),
            event_type: self.event_type,
            country: self.country.clone(),
            place: self.place.clone(),
            since: self.since,
            until: self.until,
            text: self.text.clone(),
            limit: self.limit,
        }
    }
}

#[derive(Subcommand)]
pub enum StoreCommand {
    /// Extract events from reports into the store. Re-running is safe: unchanged documents
    /// are skipped, changed ones replaced, and the same event told by several reports is
    /// stored once with evidence from each.
    Ingest {
        #[command(flatten)]
        input: crate::InputArgs,
        #[command(flatten)]
        db: DbArgs,
        /// Extract again the documents whose extraction failed before, even if unchanged
        /// (by default they are skipped until their content changes).
        #[arg(long)]
        retry_failed: bool,
    },
    /// Stored events in date order, with their sources.
    Timeline {
        #[command(flatten)]
        query: QueryArgs,
        /// table, json, jsonl or csv (default: table on a terminal, else jsonl).
        #[arg(long)]
        format: Option<OutputFormat>,
    },
    /// One stored event in full: every source, figure and piece of evidence.
    Events {
        /// The event's id, or the id of any extracted record merged into it.
        #[arg(long)]
        id: String,
        #[command(flatten)]
        db: DbArgs,
        /// table, json, jsonl or csv (default: table on a terminal, else jsonl).
        #[arg(long)]
        format: Option<OutputFormat>,
    },
    /// Who did what: events per actor by type, and their counterparties.
    Actors {
        #[command(flatten)]
        query: QueryArgs,
        /// table, json, jsonl or csv (default: table on a terminal, else jsonl).
        #[arg(long)]
        format: Option<OutputFormat>,
    },
    /// Events per day and type; assaults with the casualties each source reports.
    Stats {
        #[command(flatten)]
        query: QueryArgs,
        /// table, json, jsonl or csv (default: table on a terminal, else jsonl).
        #[arg(long)]
        format: Option<OutputFormat>,
    },
    /// Write stored events out: jsonl (SCHEMA.md records with sources and figures), csv (one
    /// row per event), dyadic (one row per actor–recipient pair) or parquet (one typed row
    /// per event; needs -o FILE or a pipe).
    Export {
        #[command(flatten)]
        query: QueryArgs,
        /// jsonl, csv, dyadic or parquet.
        #[arg(long, default_value = "jsonl")]
        format: ExportFormat,
        /// Write here instead of stdout.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Full-text search over the stored documents and the events' evidence.
    Search {
        /// The query: words that must all occur, "a phrase", OR, AND, NOT (upper case).
        #[arg(required = true)]
        words: Vec<String>,
        #[command(flatten)]
        db: DbArgs,
        /// At most this many hits in all, best first.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// table, json, jsonl or csv (default: table on a terminal, else jsonl).
        #[arg(long)]
        format: Option<OutputFormat>,
    },
    /// Measure the store: ingest generated reports, then time timeline queries.
    StoreBench {
        /// Number of generated documents.
        #[arg(long, default_value_t = 100_000)]
        docs: usize,
        /// Documents per transaction.
        #[arg(long, default_value_t = 1000)]
        batch: usize,
        /// Database file (must not exist; default: a fresh file in the temp directory).
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

/// Opens a store the command only reads: a missing file or an empty database is an error.
fn open_existing(db: &DbArgs) -> Result<Box<dyn Store>> {
    Ok(sitrep_store::open_with(
        &db.db,
        &OpenOptions {
            create: false,
            ..OpenOptions::default()
        },
    )?)
}

fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(120)
}

/// Writes records to stdout: a table on a terminal, JSON Lines when piped, unless `format`.
fn print_records<R: Record>(format: Option<OutputFormat>, records: &[R]) -> Result<()> {
    let tty = std::io::stdout().is_terminal();
    let format = format.unwrap_or(if tty {
        OutputFormat::Table
    } else {
        OutputFormat::Jsonl
    });
    let out = BufWriter::new(std::io::stdout().lock());
    let mut w = RecordWriter::with_width(format, out, width()).context("writing output")?;
    for r in records {
        w.write(r).context("writing output")?;
    }
    w.finish().context("writing output")?;
    Ok(())
}

/// What extraction gave for one document: its records, or why it failed.
type Extracted = std::result::Result<DocOutput, String>;

/// What an ingest did, for the summary.
#[derive(Debug, Default)]
struct IngestSummary {
    report: IngestReport,
    /// Failures recorded by this run.
    failed: Vec<FailedDocument>,
    /// Documents skipped because the same content failed before.
    skipped: Vec<FailedDocument>,
    /// Inputs that could not be read at all.
    unreadable: usize,
}

/// Extracts one document behind a panic boundary, so that a panic in extraction costs that
/// document only. (Where the extractor offers a `Result`-returning entry point, it belongs
/// here instead of the boundary.)
fn extract_guarded(ex: &Extractor<crate::kbadapter::KbAdapter>, d: &Document) -> Extracted {
    guarded(|| ex.extract(d))
}

/// Runs one document's extraction behind the panic boundary, the panic's message becoming the
/// document's error. Separate from [`extract_guarded`] so that the tests can send a real panic
/// through the same boundary and the same parallel batch.
fn guarded(extract: impl FnOnce() -> DocOutput) -> Extracted {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(extract)).map_err(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        format!("extraction panicked: {msg}")
    })
}

/// Ingests `docs` in batches of `size`: each batch is extracted in parallel with `extract`
/// and stored in one transaction together with the failures. A document whose earlier
/// failure is recorded with the same content hash is skipped unless `retry_failed`.
fn ingest_stream<E: std::fmt::Display>(
    store: &mut dyn Store,
    docs: impl Iterator<Item = std::result::Result<Document, E>>,
    size: usize,
    retry_failed: bool,
    extract: &(dyn Fn(&Document) -> Extracted + Sync),
) -> Result<IngestSummary> {
    let mut sum = IngestSummary::default();
    let mut pending: Vec<Document> = Vec::with_capacity(size);
    for item in docs {
        let d = match item {
            Ok(d) => d,
            Err(e) => {
                sum.unreadable += 1;
                eprintln!("sitrep: skipped: {e}");
                continue;
            }
        };
        if !retry_failed
            && let Some(f) = store.failed_document(&d.id)?
            && f.hash == sitrep_store::content_hash(&d)
        {
            sum.skipped.push(f);
            continue;
        }
        pending.push(d);
        if pending.len() >= size {
            flush(store, &mut pending, &mut sum, extract)?;
        }
    }
    flush(store, &mut pending, &mut sum, extract)?;
    Ok(sum)
}

/// Extracts a batch in parallel and stores it with its failures in one transaction.
fn flush(
    store: &mut dyn Store,
    pending: &mut Vec<Document>,
    sum: &mut IngestSummary,
    extract: &(dyn Fn(&Document) -> Extracted + Sync),
) -> Result<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let outs: Vec<Extracted> = pending.par_iter().map(extract).collect();
    let mut batch = Vec::with_capacity(pending.len());
    let mut failed = Vec::new();
    for (d, o) in pending.drain(..).zip(outs) {
        match o {
            Ok(o) => batch.push(DocInput {
                doc: d,
                events: o.events,
                entities: o.entities,
                quotes: o.quotes,
            }),
            Err(error) => failed.push(FailedDocument {
                id: d.id.clone(),
                hash: sitrep_store::content_hash(&d),
                error,
            }),
        }
    }
    let r = store
        .ingest_checked(&batch, &failed, &mut || true)?
        .unwrap_or_default();
    sum.report.add(&r);
    sum.failed.extend(failed);
    Ok(())
}

fn ingest(input: crate::InputArgs, db: &str, retry_failed: bool) -> Result<ExitCode> {
    // The database first: a locked or damaged file, or an unreachable server, is reported
    // before any work is done.
    let mut store = sitrep_store::open(db)?;
    let ex = crate::build_extractor(&input)?;
    let opts = ReadOptions {
        published: input.published,
        // Feeds, sitemaps and web archives, sniffed as `extract` sniffs them: without these
        // readers a `.warc.gz` was refused as one oversized document.
        extra: sitrep_feed::readers(),
        ..ReadOptions::default()
    };
    let docs: Box<dyn Iterator<Item = _>> = if input.inputs.is_empty() {
        if std::io::stdin().is_terminal() {
            bail!(
                "no input: name files or directories, or pipe documents to stdin (try `sitrep demo`)"
            );
        }
        Box::new(sitrep_io::read_stdin(&opts))
    } else {
        Box::new(sitrep_io::read_inputs(&input.inputs, &opts))
    };
    let t0 = Instant::now();
    // The same bar as `extract`'s (on a terminal, after a second, not with --quiet): ingest
    // had none, though it is the slower of the two on a large archive.
    let mut progress = crate::progress::Progress::new(&input.inputs);
    let docs = docs.inspect(|r| {
        if let Ok(d) = r {
            progress.doc(d);
        }
    });
    let sum = ingest_stream(
        store.as_mut(),
        docs,
        input.batch.max(1),
        retry_failed,
        &|d| extract_guarded(&ex, d),
    );
    progress.finish();
    let sum = sum?;
    store.checkpoint()?;
    let counts = store.counts()?;
    let total = sum.report;
    eprintln!(
        "sitrep ingest: {} new, {} replaced, {} unchanged {}; {}, {} merged into earlier reports ({:.1} s)",
        total.added,
        total.replaced,
        total.unchanged,
        if total.added + total.replaced + total.unchanged == 1 {
            "document"
        } else {
            "documents"
        },
        counted(total.events_new, "new event"),
        total.events_merged,
        t0.elapsed().as_secs_f64()
    );
    for f in &sum.failed {
        eprintln!("sitrep ingest: failed: {}: {}", f.id, f.error);
    }
    for f in &sum.skipped {
        eprintln!(
            "sitrep ingest: skipped {} (failed before with the same content: {}; --retry-failed to try again)",
            f.id, f.error
        );
    }
    if !sum.failed.is_empty() || !sum.skipped.is_empty() {
        eprintln!(
            "sitrep ingest: {} document(s) failed extraction and were recorded, {} skipped as failed before; every other document was stored",
            sum.failed.len(),
            sum.skipped.len()
        );
    }
    eprintln!(
        "sitrep ingest: {} now holds {}, {}, {}, {}",
        sitrep_store::redact(db),
        counted(counts.documents, "document"),
        counted(counts.events, "event"),
        counted(counts.entities, "entity"),
        counted(counts.quotes, "quote")
    );
    if sum.unreadable > 0 {
        eprintln!(
            "sitrep: {} input(s) could not be read (see messages above)",
            sum.unreadable
        );
    }
    let bad = sum.failed.len() + sum.skipped.len() + sum.unreadable;
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs one store subcommand.
pub fn run(cmd: StoreCommand) -> Result<ExitCode> {
    match cmd {
        StoreCommand::Ingest {
            input,
            db,
            retry_failed,
        } => ingest(input, &db.db, retry_failed),
        StoreCommand::Timeline { query, format } => {
            let store = open_existing(&query.db)?;
            let events = store.timeline(&query.filter())?;
            print_records(format, &events)?;
            Ok(ExitCode::SUCCESS)
        }
        StoreCommand::Events { id, db, format } => {
            let store = open_existing(&db)?;
            let Some(ev) = store.event(&id)? else {
                eprintln!(
                    "sitrep: no stored event {id:?} in {}",
                    sitrep_store::redact(&db.db)
                );
                return Ok(ExitCode::from(1));
            };
            let tty = std::io::stdout().is_terminal();
            match format {
                Some(OutputFormat::Table) | None if tty => print!("{}", describe(&ev)),
                None => print_records(Some(OutputFormat::Jsonl), &[ev])?,
                f => print_records(f, &[ev])?,
            }
            Ok(ExitCode::SUCCESS)
        }
        StoreCommand::Actors { query, format } => {
            let store = open_existing(&query.db)?;
            print_records(format, &store.actors(&query.filter())?)?;
            Ok(ExitCode::SUCCESS)
        }
        StoreCommand::Stats { query, format } => {
            let store = open_existing(&query.db)?;
            let stats = store.stats(&query.filter())?;
            print_records(format, &StatsRow::rows(&stats))?;
            Ok(ExitCode::SUCCESS)
        }
        StoreCommand::Export { query, format, out } => {
            if format == ExportFormat::Parquet && out.is_none() && std::io::stdout().is_terminal() {
                bail!("Parquet is binary: write it to a file with -o FILE (or pipe stdout)");
            }
            let store = open_existing(&query.db)?;
            let n = match &out {
                Some(p) => {
                    let f = std::fs::File::create(p)
                        .with_context(|| format!("cannot create {}", p.display()))?;
                    sitrep_store::export(
                        store.as_ref(),
                        &query.filter(),
                        format,
                        BufWriter::new(f),
                    )?
                }
                None => sitrep_store::export(
                    store.as_ref(),
                    &query.filter(),
                    format,
                    BufWriter::new(std::io::stdout().lock()),
                )?,
            };
            eprintln!("sitrep export: {n} events");
            Ok(ExitCode::SUCCESS)
        }
        StoreCommand::Search {
            words,
            db,
            limit,
            format,
        } => {
            let store = open_existing(&db)?;
            let hits = store.search(&words.join(" "), limit)?;
            if hits.is_empty() {
                eprintln!("sitrep search: no match");
                return Ok(ExitCode::from(1));
            }
            print_records(format, &hits)?;
            Ok(ExitCode::SUCCESS)
        }
        StoreCommand::StoreBench { docs, batch, db } => bench(docs, batch, db),
    }
}

const COUNTRIES: &[(&str, &str)] = &[
    ("Russian", "Ukrainian"),
    ("Israeli", "Lebanese"),
    ("Sudanese", "Chadian"),
    ("Indian", "Pakistani"),
    ("Turkish", "Syrian"),
    ("Ethiopian", "Eritrean"),
];
const TOWNS: &[&str] = &[
    "Kharkiv", "Odesa", "Sumy", "Beirut", "Tyre", "Khartoum", "Lahore", "Aleppo", "Mekele",
    "Dnipro",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A generated report (sentences written for the benchmark), varied enough that some reports
/// tell the same event and most do not.
pub fn generated_report(i: usize) -> Document {
    let (a, b) = COUNTRIES[i % COUNTRIES.len()];
    let town = TOWNS[(i / 7) % TOWNS.len()];
    let day = DAYS[(i / 3) % DAYS.len()];
    let killed = 2 + (i * 7919) % 40;
    let published = NaiveDate::from_ymd_opt(2025, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new((i % 365) as u64)));
    let text = format!(
        "{town} — {a} forces shelled {town} on {day}, killing {killed} people, local officials said. \
         The {b} foreign minister condemned the attack and called for talks. \
         Report number {i} was filed by a correspondent in the region."
    );
    Document {
        id: format!("gen-{i:07}"),
        title: Some(format!("Shelling in {town}")),
        published,
        source: Some("sitrep generator".into()),
        text,
        ..Document::default()
    }
}

fn bench(n: usize, batch: usize, db: Option<PathBuf>) -> Result<ExitCode> {
    let tmp;
    let path = match db {
        Some(p) => p,
        None => {
            tmp = std::env::temp_dir().join(format!("sitrep-bench-{}.db", std::process::id()));
            tmp.clone()
        }
    };
    if path.exists() {
        bail!(
            "{} exists: store-bench wants a fresh database",
            path.display()
        );
    }
    let input = crate::InputArgs {
        inputs: vec![],
        published: None,
        rules: vec![],
        kb: vec![],
        batch,
        no_parser: false,
        parse_limit: None,
        keep_duplicates: false,
        background: false,
    };
    let ex = crate::build_extractor(&input)?;
    let mut store = SqliteStore::open(&path)?;
    let (mut extract_s, mut store_s) = (0.0f64, 0.0f64);
    let mut total = IngestReport::default();
    let mut i = 0;
    while i < n {
        let end = (i + batch.max(1)).min(n);
        let t = Instant::now();
        let inputs: Vec<DocInput> = (i..end)
            .into_par_iter()
            .map(|k| {
                let doc = generated_report(k);
                let o = ex.extract(&doc);
                DocInput {
                    doc,
                    events: o.events,
                    entities: o.entities,
                    quotes: o.quotes,
                }
            })
            .collect();
        extract_s += t.elapsed().as_secs_f64();
        let t = Instant::now();
        total.add(&store.ingest_batch(&inputs)?);
        store_s += t.elapsed().as_secs_f64();
        i = end;
    }
    store.checkpoint()?;
    let c = store.counts()?;
    println!(
        "ingested {n} generated documents in batches of {batch}: {} new events, {} merged",
        total.events_new, total.events_merged
    );
    println!(
        "store: {:.1} s, {:.0} docs/s (extraction {:.1} s besides, not counted)",
        store_s,
        n as f64 / store_s.max(1e-9),
        extract_s
    );
    println!(
        "rows: {} documents, {} events, {} reports, {} evidence, {} entities",
        c.documents, c.events, c.reports, c.evidence, c.entities
    );
    println!(
        "database size: {:.1} MB ({})",
        store.disk_size() as f64 / 1e6,
        path.display()
    );
    let queries: Vec<(&str, Filter)> = vec![
        (
            "timeline, first 100",
            Filter {
                limit: Some(100),
                ..Filter::default()
            },
        ),
        (
            "timeline, one month",
            Filter {
                since: NaiveDate::from_ymd_opt(2025, 6, 1),
                until: NaiveDate::from_ymd_opt(2025, 6, 30),
                ..Filter::default()
            },
        ),
        (
            "timeline --actor SDN --type ASSAULT --limit 100",
            Filter {
                actor: Some("SDN".into()),
                event_type: Some(EventType::Assault),
                limit: Some(100),
                ..Filter::default()
            },
        ),
        (
            "timeline --place Aleppo --text shelled --limit 100",
            Filter {
                place: Some("Aleppo".into()),
                text: Some("shelled".into()),
                limit: Some(100),
                ..Filter::default()
            },
        ),
    ];
    for (name, f) in &queries {
        let t = Instant::now();
        let evs = store.timeline(f)?;
        println!(
            "query {name}: {} events in {:.1} ms",
            evs.len(),
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    let t = Instant::now();
    let mut sink = std::io::sink();
    let k = sitrep_store::export(&store, &Filter::default(), ExportFormat::Jsonl, &mut sink)?;
    println!(
        "export jsonl of all {k} events: {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let _ = std::io::stdout().flush();
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            published: NaiveDate::from_ymd_opt(2026, 3, 3),
            text: text.into(),
            ..Document::default()
        }
    }

    /// Panics on every document whose text contains "POISON", behind the same boundary as the
    /// real extractor; extracts nothing from the others.
    fn fake(d: &Document) -> Extracted {
        guarded(|| {
            if d.text.contains("POISON") {
                panic!("poisoned {}", d.id);
            }
            DocOutput::default()
        })
    }

    fn run(store: &mut dyn Store, docs: &[Document], retry: bool) -> IngestSummary {
        let it = docs.iter().cloned().map(Ok::<_, String>);
        ingest_stream(store, it, 2, retry, &fake).unwrap()
    }

    #[test]
    fn a_poisoned_batch_stores_every_good_document_and_records_the_bad_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path().join("p.db")).unwrap();
        let docs = vec![
            doc("a", "Fine."),
            doc("bad", "POISON here."),
            doc("c", "Also fine."),
            doc("d", "Fine too."),
        ];
        let s = run(&mut store, &docs, false);
        assert_eq!(s.report.added, 3);
        assert_eq!(s.failed.len(), 1);
        assert_eq!(s.failed[0].id, "bad");
        assert_eq!(store.counts().unwrap().documents, 3);
        let f = store.failed_document("bad").unwrap().unwrap();
        assert_eq!(f.error, "extraction panicked: poisoned bad");
        assert_eq!(f.hash, sitrep_store::content_hash(&docs[1]));
        // A rerun skips the failed document (and changes nothing else) ...
        let s = run(&mut store, &docs, false);
        assert_eq!(
            (s.report.unchanged, s.failed.len(), s.skipped.len()),
            (3, 0, 1)
        );
        // ... unless asked to retry it ...
        let s = run(&mut store, &docs, true);
        assert_eq!(s.failed.len(), 1);
        // ... or its content changed: then it is extracted again and, fixed, stored, and its
        // failure record goes.
        let fixed = vec![doc("bad", "Now readable.")];
        let s = run(&mut store, &fixed, false);
        assert_eq!((s.report.added, s.failed.len()), (1, 0));
        assert!(store.failed_document("bad").unwrap().is_none());
        assert!(store.failed_documents().unwrap().is_empty());
        assert_eq!(store.counts().unwrap().documents, 4);
    }
}

/// `n` and the noun, singular for one ("1 event", "2 events", "3 entities"): counts read
/// as English, as the web UI spells them.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod counted_tests {
    use super::counted;

    #[test]
    fn one_is_singular_others_plural() {
        assert_eq!(counted(1, "document"), "1 document");
        assert_eq!(counted(0, "event"), "0 events");
        assert_eq!(counted(2, "entity"), "2 entities");
        assert_eq!(counted(12_345, "new event"), "12345 new events");
    }
}
