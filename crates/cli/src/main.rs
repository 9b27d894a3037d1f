//! `sitrep`: news reports in, sourced PLOVER event records out.

mod kbadapter;
mod parse_cmd;
mod pipeline;
mod progress;
mod samples;
mod serve_cmd;
mod store_cmds;
mod watch_cmd;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use rayon::prelude::*;
use sitrep_extract::{DocOutput, Extractor, Rules, SEGMENT_BYTES};
use sitrep_io::{OutputFormat, ReadOptions};
use sitrep_model::{Document, EntityRecord, EventRecord};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// mimalloc: extraction allocates many small strings per token; the system allocator spent a
/// quarter of the run in malloc/free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    about = "News reports in, sourced PLOVER event records out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// No progress bar.
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Args, Clone)]
struct InputArgs {
    /// Files or directories (txt, JSONL, JSON, HTML, RSS/Atom/RDF feeds, news sitemaps,
    /// WARC and WARC.gz archives; sniffed by content; directories recursively). None: stdin.
    inputs: Vec<PathBuf>,
    /// Publication date for documents that give none: 2026-11-17, 2026-11-17T10:00:00Z (any
    /// ISO 8601 time and zone), 2026/11/17, 20261117 or RFC 2822. Relative dates ("on
    /// Monday") resolve against it.
    #[arg(long, value_parser = parse_published_arg, value_name = "DATE")]
    published: Option<NaiveDate>,
    /// Extra rule files (triggers, actors, time or magnitude TOML), added to the built-in ones.
    #[arg(long = "rules", value_name = "FILE")]
    rules: Vec<PathBuf>,
    /// Extra knowledge-base files (people, places, countries, orgs, metonyms TSV).
    #[arg(long = "kb", value_name = "FILE")]
    kb: Vec<PathBuf>,
    /// Documents per parallel batch (memory is bounded by the batch, not the corpus).
    #[arg(long, default_value_t = 512)]
    batch: usize,
    /// Code events from word order alone, without the dependency parser: several times
    /// faster, less accurate (for comparisons and very large backfills).
    #[arg(long)]
    no_parser: bool,
    /// Bytes of a document the parser reads (default 1 MB, news reports are a few KB): the
    /// rest of a longer document is coded from word order, as with --no-parser, with a note
    /// on stderr. 0: parse every document whole, however long (a 15 MB document then takes
    /// about three times as long)
    #[arg(long, value_name = "BYTES")]
    parse_limit: Option<usize>,
    /// Extract every copy of a text given more than once (by default a text file or id-less
    /// document whose text was already read is skipped, with a notice).
    #[arg(long)]
    keep_duplicates: bool,
    /// Keep background events: those the text dates more than 180 days before publication
    /// ("talks started in 2018"), coded `aux: historical`. By default they are left out, as
    /// negated events are: a report recalls them, it does not report them.
    #[arg(long)]
    background: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Extract events (and optionally entities) from reports.
    Extract {
        #[command(flatten)]
        input: InputArgs,
        /// Write events here instead of stdout; the extension picks the format (.jsonl,
        /// .json, .csv, .parquet, .txt) unless --format says otherwise.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Write resolved entities (JSON Lines) to this file.
        #[arg(long)]
        entities: Option<PathBuf>,
        /// Output format: jsonl, json, csv, parquet or table (default: from --out's extension,
        /// else table on a terminal, else jsonl). CSV and Parquet share the columns of
        /// `sitrep export`.
        #[arg(long)]
        format: Option<OutputFormat>,
        /// Leave quotation records out of the JSONL stream.
        #[arg(long)]
        no_quotes: bool,
        /// Events a record stays open for reports of the same event from later documents;
        /// bounds memory and the delay before a record is written.
        #[arg(long, default_value_t = MERGE_WINDOW)]
        merge_window: usize,
        /// Worker threads (default: all cores); with 1, one thread does everything.
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Extract and score against gold events, as ../shared/eval/score.py does.
    Eval {
        /// Gold file (JSON {"docs": [...]} or JSON Lines of gold documents).
        #[arg(long)]
        gold: PathBuf,
        /// Inputs; none: the gold file itself (gold documents that carry their text).
        #[command(flatten)]
        input: InputArgs,
        /// Print every miss and spurious event, and the wrong attributes (date, place,
        /// counts, claimant, roles) of every matched event.
        #[arg(long)]
        show_errors: bool,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the resolved entities of the inputs.
    Entities {
        #[command(flatten)]
        input: InputArgs,
        /// jsonl, json, csv or table (default: table on a terminal, else jsonl).
        #[arg(long)]
        format: Option<OutputFormat>,
    },
    /// Query the knowledge base.
    Kb {
        #[command(subcommand)]
        command: KbCommand,
    },
    /// Run the pipeline on the bundled sample reports and print their timeline.
    Demo {
        /// jsonl, json, csv, parquet or table (default: table on a terminal, else jsonl).
        #[arg(long)]
        format: Option<OutputFormat>,
    },
    /// Measure what `extract` costs on a corpus (JSONL or directory): the whole path, merging
    /// and serialisation included, with each stage's share; documents/s, MB/s, peak memory.
    Bench {
        #[command(flatten)]
        input: InputArgs,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Stop after this stage, to time the stages apart (default: the whole `extract` path).
        #[arg(long, value_enum, default_value_t = pipeline::Stage::Write)]
        stage: pipeline::Stage,
        /// Output format serialised (to nowhere) in the write stage.
        #[arg(long, default_value = "jsonl")]
        format: OutputFormat,
        /// As for `extract`.
        #[arg(long, default_value_t = MERGE_WINDOW)]
        merge_window: usize,
    },
    #[command(flatten)]
    Store(store_cmds::StoreCommand),
    /// Serve the web UI and JSON API over a store (the bundled samples when there is none).
    Serve(serve_cmd::ServeArgs),
    /// Tag and parse a text: Universal Dependencies trees as CoNLL-U or an indented table.
    Parse(parse_cmd::ParseArgs),
    /// Keep a store up to date from RSS/Atom feeds and news sitemaps: poll, fetch new
    /// articles politely, extract and ingest them.
    Watch(watch_cmd::WatchArgs),
}

#[derive(Subcommand)]
enum KbCommand {
    /// Show everything the knowledge base knows under a name.
    Lookup {
        /// A name as it may appear in text (Kyiv, Zelensky, NATO).
        name: String,
        /// Extra knowledge-base files, as for `extract`.
        #[arg(long = "kb", value_name = "FILE")]
        kb: Vec<PathBuf>,
    },
}

/// Lets a closed pipe end the process quietly (`sitrep bench … | head`), as it ends `cat` or
/// `grep`: Rust ignores SIGPIPE, so every `println!` after the reader left would panic and
/// every write fail. Not for the servers (`serve`, `watch`), whose sockets must outlive a
/// client that hangs up.
fn quiet_on_closed_pipe(command: &Command) {
    if matches!(command, Command::Serve(_) | Command::Watch(_)) {
        return;
    }
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default touches no Rust state; done
    // first thing in main, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    quiet_on_closed_pipe(&cli.command);
    progress::set_quiet(cli.quiet);
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`sitrep demo | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sitrep: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `--published`: every timestamp shape a feed or export writes, the calendar day as written.
fn parse_published_arg(s: &str) -> std::result::Result<NaiveDate, String> {
    sitrep_io::parse_published(s).ok_or_else(|| {
        format!(
            "{s:?} is not a date; accepted: 2026-11-17, 2026-11-17T10:00:00Z (ISO 8601 with time and zone), 2026/11/17, 20261117, or RFC 2822 (Tue, 17 Nov 2026 10:00:00 GMT)"
        )
    })
}

/// How many events `extract` holds to merge reports of one event across documents.
const MERGE_WINDOW: usize = 20_000;

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.to_string().contains("Broken pipe")
    })
}

fn default_format(to_terminal: bool) -> OutputFormat {
    if to_terminal {
        OutputFormat::Table
    } else {
        OutputFormat::Jsonl
    }
}

fn build_extractor(input: &InputArgs) -> Result<Extractor<kbadapter::KbAdapter>> {
    let rules = Rules::load(&input.rules).context("loading rule files")?;
    let kb = kbadapter::load(&input.kb).context("loading the knowledge base")?;
    Ok(if input.no_parser {
        Extractor::new_without_parser(rules, kb)
    } else {
        Extractor::new(rules, kb)
    }
    .with_background(input.background)
    .with_parse_limit(match input.parse_limit {
        None => sitrep_extract::PARSE_LIMIT_BYTES,
        Some(0) => usize::MAX,
        Some(n) => n,
    }))
}

/// Reads, extracts in parallel on `threads` workers (None: one per core), and hands each
/// document's output, in input order, to `sink`. Returns the number of documents that could
/// not be read or extracted.
fn process(
    input: &InputArgs,
    ex: &Extractor<kbadapter::KbAdapter>,
    threads: Option<usize>,
    sink: impl FnMut(&Document, DocOutput) -> Result<()>,
) -> Result<usize> {
    process_timed(input, ex, &worker_pool(threads)?, None, sink)
}

/// `threads` workers (None: one per core).
fn worker_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("starting worker threads")
}

/// One document, with its analysis and extraction timed apart (for `bench`); stops after the
/// analysis when that is the last stage asked for.
fn extract_timed(
    ex: &Extractor<kbadapter::KbAdapter>,
    d: &Document,
    times: &pipeline::StageTimes,
    upto: pipeline::Stage,
) -> DocOutput {
    let t = Instant::now();
    let an = sitrep_text::analyze(&d.text);
    pipeline::StageTimes::add(&times.analyse, t.elapsed());
    if upto == pipeline::Stage::Analyse {
        return DocOutput::default();
    }
    let t = Instant::now();
    let out = ex.extract_analysed(d, &an);
    pipeline::StageTimes::add(&times.extract, t.elapsed());
    out
}

/// [`process`], timing each stage into `timing` when given.
///
/// A reader thread reads and hands each document to the pool as soon as it is read; the
/// calling thread puts the outputs back in input order and hands each to `sink` the moment it
/// and every earlier document are done. So the first document's records leave after one
/// document's work, not a batch's (a batch barrier also left the workers idle while the
/// calling thread merged and wrote), and a slow producer on stdin never holds back what is
/// already extracted. With one thread everything runs on the calling thread, so that
/// `--threads 1` is one core's worth of work.
fn process_timed(
    input: &InputArgs,
    ex: &Extractor<kbadapter::KbAdapter>,
    pool: &rayon::ThreadPool,
    timing: Option<(&pipeline::StageTimes, pipeline::Stage)>,
    mut sink: impl FnMut(&Document, DocOutput) -> Result<()>,
) -> Result<usize> {
    let opts = ReadOptions {
        published: input.published,
        extra: sitrep_feed::readers(),
        // A text file's name is its id (and title), as a user who names files expects.
        ids: sitrep_io::IdScheme::FileStem,
        ..ReadOptions::default()
    };
    let docs: Box<dyn Iterator<Item = _> + Send> = if input.inputs.is_empty() {
        if std::io::stdin().is_terminal() {
            bail!(
                "no input: name files or directories, or pipe documents to stdin (try `sitrep demo`)"
            );
        }
        Box::new(sitrep_io::read_stdin(&opts))
    } else {
        Box::new(sitrep_io::read_inputs(&input.inputs, &opts))
    };
    let mut reader = DocReader {
        docs,
        seen: Seen::default(),
        progress: progress::Progress::new(&input.inputs),
        keep_duplicates: input.keep_duplicates,
        read_time: timing.map(|(t, _)| t),
        failed: 0,
    };
    // A document longer than a segment is read a segment at a time when it is written (in
    // input order, on the calling thread), each segment's records handed on at once, so that
    // memory holds one segment's records and not a whole 15 MB document's: `Ok(None)` here.
    let streamed = |d: &Document| timing.is_none() && d.text.len() > SEGMENT_BYTES;
    // Each document behind its own boundary: one that fails is reported and the run goes on.
    let work = |d: &Document| -> Result<Option<DocOutput>, String> {
        if streamed(d) {
            return Ok(None);
        }
        match timing {
            None => ex.try_extract(d).map(Some).map_err(|e| e.to_string()),
            Some((times, upto)) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                Some(extract_timed(ex, d, times, upto))
            }))
            .map_err(|_| format!("document {}: extraction failed (panicked)", d.id)),
        }
    };
    let mut failed = 0usize;
    let mut emit = |d: &Document, o: Result<Option<DocOutput>, String>| -> Result<()> {
        match o {
            Ok(Some(o)) => {
                report_limits(d, &o, ex.parse_limit);
                sink(d, o)
            }
            Ok(None) => {
                let mut sunk = Ok(());
                // (The parse limit is told once for the document, not once per segment.)
                let mut unparsed = 0;
                let r = ex.try_for_each_segment(d, |mut o| {
                    unparsed += std::mem::take(&mut o.unparsed_bytes);
                    if sunk.is_ok() {
                        report_limits(d, &o, ex.parse_limit);
                        sunk = sink(d, o);
                    }
                });
                report_unparsed(d, unparsed, ex.parse_limit);
                sunk?;
                if let Err(e) = r {
                    failed += 1;
                    eprintln!("sitrep: skipped: {}: {e}", origin_of(d));
                }
                Ok(())
            }
            Err(e) => {
                failed += 1;
                eprintln!("sitrep: skipped: {}: {e}", origin_of(d));
                Ok(())
            }
        }
    };
    if pool.current_num_threads() <= 1 {
        while let Some(d) = reader.next_doc() {
            let o = work(&d);
            emit(&d, o)?;
        }
        reader.progress.finish();
        return Ok(reader.failed + failed);
    }
    // Documents read but not yet handed to `sink`: bounds memory and the reorder buffer.
    let limit = input.batch.max(2 * pool.current_num_threads());
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Done>();
    // A slot per document in flight: the reader takes one before it reads, the calling thread
    // gives it back once the document is written.
    let (slot_tx, slot_rx) = std::sync::mpsc::sync_channel::<()>(limit);
    let read_failed = pool.in_place_scope(|scope| {
        std::thread::scope(|threads| -> Result<usize> {
            let work = &work;
            let stop = &stop;
            let feeder = threads.spawn(move || {
                let mut seq = 0u64;
                loop {
                    if slot_tx.send(()).is_err() {
                        break;
                    }
                    let Some(d) = reader.next_doc() else {
                        break;
                    };
                    let tx = done_tx.clone();
                    scope.spawn(move |_| {
                        // After an error downstream the outputs have nowhere to go.
                        let o = if stop.load(std::sync::atomic::Ordering::Relaxed) {
                            Err(String::new())
                        } else {
                            work(&d)
                        };
                        let _ = tx.send(Done::Doc(seq, Box::new((d, o))));
                    });
                    seq += 1;
                }
                let _ = done_tx.send(Done::End(seq));
                reader.progress.finish();
                reader.failed
            });
            let mut pending = std::collections::BTreeMap::new();
            let mut next = 0u64;
            let mut total = None;
            let result = loop {
                if total == Some(next) {
                    break Ok(());
                }
                match done_rx.recv() {
                    Ok(Done::Doc(seq, out)) => {
                        pending.insert(seq, out);
                    }
                    Ok(Done::End(n)) => total = Some(n),
                    Err(_) => break Err(anyhow::anyhow!("the document reader stopped")),
                }
                let mut err = None;
                while let Some(out) = pending.remove(&next) {
                    let (d, o) = *out;
                    next += 1;
                    let _ = slot_rx.try_recv();
                    if let Err(e) = emit(&d, o) {
                        err = Some(e);
                        break;
                    }
                }
                if let Some(e) = err {
                    break Err(e);
                }
            };
            if result.is_err() {
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
                // The reader stops at its next document.
                drop(slot_rx);
            }
            let read_failed = feeder
                .join()
                .map_err(|_| anyhow::anyhow!("the document reader panicked"))?;
            result.map(|()| read_failed)
        })
    })?;
    Ok(read_failed + failed)
}

/// What a worker hands back: a document's output in its place in the input, or the end of
/// the input with the number of documents read.
enum Done {
    Doc(u64, Box<(Document, Result<Option<DocOutput>, String>)>),
    End(u64),
}

/// The reading side of [`process_timed`]: documents in input order, duplicates and unreadable
/// ones reported and left out.
struct DocReader<'a> {
    docs: Box<dyn Iterator<Item = Result<Document, sitrep_io::ReadError>> + Send>,
    seen: Seen,
    progress: progress::Progress,
    keep_duplicates: bool,
    read_time: Option<&'a pipeline::StageTimes>,
    failed: usize,
}

impl DocReader<'_> {
    fn next_doc(&mut self) -> Option<Document> {
        loop {
            let t = Instant::now();
            let item = self.docs.next()?;
            if let Some(times) = self.read_time {
                pipeline::StageTimes::add(&times.read, t.elapsed());
            }
            match item {
                Ok(d) => {
                    if !self.seen.admit(&d, self.keep_duplicates) {
                        continue;
                    }
                    self.progress.doc(&d);
                    return Some(d);
                }
                Err(e) => {
                    self.failed += 1;
                    eprintln!("sitrep: skipped: {e}");
                }
            }
        }
    }
}

/// What the readers have handed over so far: the same article twice is read once, and a run
/// with undated documents says once that their relative dates stay unresolved.
#[derive(Default)]
struct Seen {
    texts: std::collections::HashMap<String, String>,
    warned_undated: bool,
}

impl Seen {
    /// Whether to extract `d`; tells on stderr why not.
    fn admit(&mut self, d: &Document, keep_duplicates: bool) -> bool {
        // Only documents that name no id of their own (text files, id-less JSON): reports
        // with ids of their own and the same text (a wire story two outlets ran) are two
        // sources of one event, which merging keeps.
        let hash = sitrep_io::content_id(&d.text);
        let stem = d
            .origin
            .as_deref()
            .and_then(|o| std::path::Path::new(o).file_stem())
            .map(|s| s.to_string_lossy());
        let implicit_id = d.id == hash || stem.is_some_and(|s| s == d.id);
        if !keep_duplicates && implicit_id {
            if let Some(first) = self.texts.get(&hash) {
                eprintln!(
                    "sitrep: note: {} has the same text as document {first}: read once",
                    origin_of(d)
                );
                return false;
            }
            self.texts.insert(hash, d.id.clone());
        }
        if d.published.is_none() && !self.warned_undated {
            self.warned_undated = true;
            eprintln!(
                "sitrep: warning: {} has no publication date: relative dates (\"on Monday\", \"yesterday\") stay unresolved; give --published DATE",
                origin_of(d)
            );
        }
        true
    }
}

/// Where a document came from, for messages: its file (and line) and its id.
fn origin_of(d: &Document) -> String {
    match &d.origin {
        Some(o) => format!("{o} (document {})", d.id),
        None => format!("document {}", d.id),
    }
}

/// Tells on stderr where a document hit one of extraction's bounds (evidence per event, work
/// budget, parse limit `parse_limit`), so that a shortened output is never silent.
fn report_limits(d: &Document, o: &DocOutput, parse_limit: usize) {
    let omitted: usize = o.evidence_omitted.iter().map(|(_, n)| n).sum();
    if omitted > 0 {
        eprintln!(
            "sitrep: note: {}: {omitted} evidence item(s) beyond {} per event left out",
            origin_of(d),
            sitrep_extract::MAX_EVIDENCE_PER_EVENT
        );
    }
    if o.budget_exhausted {
        eprintln!(
            "sitrep: note: {}: work budget exhausted, later sentences not coded",
            origin_of(d)
        );
    }
    report_unparsed(d, o.unparsed_bytes, parse_limit);
}

/// Tells on stderr that `unparsed` bytes of a document past the parse limit (`limit` bytes)
/// were coded without the parser.
fn report_unparsed(d: &Document, unparsed: usize, limit: usize) {
    if unparsed > 0 {
        eprintln!(
            "sitrep: note: {}: {unparsed} bytes past the first {limit} coded from word order, \
             without the parser (--parse-limit)",
            origin_of(d)
        );
    }
}

fn open_out(path: &Option<PathBuf>) -> Result<(Box<dyn Write>, bool)> {
    Ok(match path {
        Some(p) => (
            Box::new(BufWriter::new(
                std::fs::File::create(p)
                    .with_context(|| format!("cannot create {}", p.display()))?,
            )),
            false,
        ),
        None => {
            let tty = std::io::stdout().is_terminal();
            (Box::new(BufWriter::new(std::io::stdout().lock())), tty)
        }
    })
}

fn exit_for(failed: usize) -> ExitCode {
    if failed > 0 {
        eprintln!("sitrep: {failed} input(s) could not be read or extracted (see messages above)");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract {
            input,
            out,
            entities,
            format,
            no_quotes,
            merge_window,
            threads,
        } => {
            let ex = build_extractor(&input)?;
            let format = match (format, &out) {
                (Some(f), _) => f,
                (None, Some(p)) => OutputFormat::from_path(p).with_context(|| {
                    format!(
                        "cannot tell the format of {} from its extension: name it .jsonl, .json, .csv, .parquet or .txt, or give --format",
                        p.display()
                    )
                })?,
                (None, None) => default_format(std::io::stdout().is_terminal()),
            };
            if format == OutputFormat::Parquet && out.is_none() && std::io::stdout().is_terminal() {
                bail!(
                    "Parquet is binary: write it to a file with --out FILE.parquet (or pipe stdout)"
                );
            }
            let (w, _) = open_out(&out)?;
            // Reports of one event in several documents become one record; a record is
            // written once the window has passed without a report joining it, so memory is
            // bounded by the window (the store merges across the whole record).
            let mut events = pipeline::EventStream::new(format, w, merge_window, !no_quotes)?;
            let mut ents: Vec<EntityRecord> = Vec::new();
            let mut ndocs = 0usize;
            let failed = process(&input, &ex, threads, |_, o| {
                ndocs += 1;
                if entities.is_some() {
                    // Copied, not taken: the table writer names parties by them too.
                    ents.extend(o.entities.iter().cloned());
                }
                events.push(o, None)
            })?;
            events.finish(None)?;
            if let Some(path) = entities {
                let f = std::fs::File::create(&path)
                    .with_context(|| format!("cannot create {}", path.display()))?;
                let merged = sitrep_extract::merge_entities(ents);
                sitrep_io::write_records(OutputFormat::Jsonl, &merged, BufWriter::new(f))
                    .with_context(|| format!("writing entities to {}", path.display()))?;
            }
            if ndocs == 0 && failed > 0 {
                bail!("no document could be read");
            }
            Ok(exit_for(failed))
        }
        Command::Entities { input, format } => {
            let ex = build_extractor(&input)?;
            let mut ents = Vec::new();
            let failed = process(&input, &ex, None, |_, o| {
                ents.extend(o.entities);
                Ok(())
            })?;
            let (w, tty) = open_out(&None)?;
            let merged = sitrep_extract::merge_entities(ents);
            sitrep_io::write_records(format.unwrap_or(default_format(tty)), &merged, w)
                .context("writing entities")?;
            Ok(exit_for(failed))
        }
        Command::Eval {
            gold,
            mut input,
            show_errors,
            json,
        } => {
            if input.inputs.is_empty() {
                input.inputs.push(gold.clone());
            }
            // Scored per gold document: a copy of a text is a document of its own.
            input.keep_duplicates = true;
            let ex = build_extractor(&input)?;
            let mut events = Vec::new();
            let mut ents = Vec::new();
            let failed = process(&input, &ex, None, |_, o| {
                events.extend(o.events);
                ents.extend(o.entities);
                Ok(())
            })?;
            // Scored as `extract` writes them: reports of one event merged across documents.
            let events = sitrep_extract::merge::merge_records(events);
            let ents = sitrep_extract::merge_entities(ents);
            let gold_docs = sitrep_eval::load_gold(&gold)
                .with_context(|| format!("reading gold file {}", gold.display()))?;
            let report = sitrep_eval::score_records(&gold_docs, &events, Some(&ents));
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report.to_json()).context("writing JSON")?
                );
            } else {
                print!("{}", report.render_report(show_errors));
            }
            Ok(exit_for(failed))
        }
        Command::Kb { command } => match command {
            KbCommand::Lookup { name, kb } => {
                let kb = kbadapter::load(&kb).context("loading the knowledge base")?;
                let lines = kbadapter::describe(&kb, &name);
                if lines.is_empty() {
                    println!("nothing known under {name:?}");
                    return Ok(ExitCode::from(1));
                }
                for l in lines {
                    println!("{l}");
                }
                Ok(ExitCode::SUCCESS)
            }
        },
        Command::Demo { format } => {
            let input = InputArgs {
                inputs: vec![],
                published: None,
                rules: vec![],
                kb: vec![],
                batch: 64,
                no_parser: false,
                parse_limit: None,
                keep_duplicates: false,
                background: false,
            };
            let ex = build_extractor(&input)?;
            let docs = samples::documents().context("reading the bundled samples")?;
            let mut events: Vec<EventRecord> = sitrep_extract::merge::merge_records(
                docs.par_iter()
                    .flat_map(|d| ex.try_extract(d).map(|o| o.events).unwrap_or_default())
                    .collect(),
            );
            events.sort_by(|a, b| {
                let k = |e: &EventRecord| e.date.as_ref().and_then(|d| d.start);
                k(a).cmp(&k(b))
            });
            let (w, tty) = open_out(&None)?;
            sitrep_io::write_records(format.unwrap_or(default_format(tty)), &events, w)
                .context("writing events")?;
            eprintln!(
                "sitrep demo: {} events from {} bundled sample reports",
                events.len(),
                docs.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            input,
            threads,
            stage,
            format,
            merge_window,
        } => bench(input, threads, stage, format, merge_window),
        Command::Store(c) => store_cmds::run(c),
        Command::Serve(a) => serve_cmd::run(a),
        Command::Parse(a) => parse_cmd::run(a),
        Command::Watch(a) => watch_cmd::run(a),
    }
}

/// Peak resident memory of this process in MB (Linux), for the bench report.
fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn bench(
    input: InputArgs,
    threads: Option<usize>,
    stage: pipeline::Stage,
    format: OutputFormat,
    merge_window: usize,
) -> Result<ExitCode> {
    use pipeline::{Stage, StageTimes};
    let t0 = Instant::now();
    let ex = build_extractor(&input)?;
    let startup = t0.elapsed();
    let pool = worker_pool(threads)?;
    let nthreads = pool.current_num_threads();
    let times = StageTimes::default();
    let mut stream = pipeline::EventStream::new(format, std::io::sink(), merge_window, true)?;
    if stage < Stage::Write {
        stream = stream.without_serialising();
    }
    let t1 = Instant::now();
    let mut bytes = 0usize;
    let mut docs = 0usize;
    let mut events = 0usize;
    let failed = process_timed(&input, &ex, &pool, Some((&times, stage)), |d, o| {
        bytes += d.text.len();
        docs += 1;
        events += o.events.len();
        if stage >= Stage::Merge {
            stream.push(o, Some(&times))?;
        }
        Ok(())
    })?;
    let (_, sum) = stream.finish(Some(&times))?;
    let secs = t1.elapsed().as_secs_f64().max(1e-9);
    let mb = bytes as f64 / 1e6;
    println!(
        "start-up (rules + knowledge base): {:.0} ms",
        startup.as_secs_f64() * 1000.0
    );
    let what = match stage {
        Stage::Analyse => "text analysis only",
        Stage::Extract => "analysis and extraction, no merging",
        Stage::Merge => "extraction and merging, not serialised",
        Stage::Write => "the whole extract path",
    };
    println!(
        "{docs} docs, {mb:.2} MB, {events} events in {secs:.2} s with {nthreads} thread(s), {what}: {:.0} docs/s, {:.2} MB/s, {:.2} MB/s per thread",
        docs as f64 / secs,
        mb / secs,
        mb / secs / nthreads as f64
    );
    if stage >= Stage::Merge {
        println!(
            "merged into {} records ({} merge tests, {:.2} per event); first record after {}",
            sum.written,
            sum.stats.comparisons,
            sum.stats.comparisons as f64 / (sum.stats.events.max(1)) as f64,
            sum.first_at.map_or("-".to_string(), |t| format!(
                "{:.0} ms",
                t.duration_since(t1).as_secs_f64() * 1000.0
            ))
        );
    }
    let rows = times.rows();
    let total: f64 = rows.iter().map(|(_, s)| s).sum::<f64>().max(1e-9);
    let shares: Vec<String> = rows
        .iter()
        .filter(|(_, s)| *s >= 0.005)
        .map(|(n, s)| format!("{n} {s:.2} s ({:.0}%)", s / total * 100.0))
        .collect();
    println!("stages (thread-seconds): {}", shares.join(", "));
    if let Some(p) = peak_rss_mb() {
        println!("peak memory: {p:.0} MB");
    }
    Ok(exit_for(failed))
}

#[cfg(test)]
mod help_tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every argument of every subcommand, at any depth, has help text.
    fn undocumented(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            if a.get_help().is_none() && a.get_long_help().is_none() {
                out.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() && sub.get_name() != "help" {
                out.push(format!("{path} {} (no about)", sub.get_name()));
            }
            undocumented(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_option_has_help_text() {
        let mut missing = Vec::new();
        undocumented(&Cli::command(), "sitrep", &mut missing);
        assert!(missing.is_empty(), "without help text: {missing:?}");
    }
}
