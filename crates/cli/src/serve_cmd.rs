//! `sitrep serve`: the web UI and JSON API over a store (see the `sitrep-server` crate).

use anyhow::{Context, Result};
use clap::Args;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where `serve` looks for a store when `--db` is not given.
const DEFAULT_DB: &str = "sitrep.db";

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (loopback by default: the API has no login except for ingest).
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Database file. Default: ./sitrep.db, or when there is none, a temporary store holding
    /// the bundled sample reports, so that the UI shows something on first run.
    #[arg(long)]
    db: Option<PathBuf>,
    /// Bearer token that enables POST /api/documents (also from env SITREP_TOKEN).
    #[arg(long)]
    token: Option<String>,
    /// Requests per second allowed per client address (0: no limit).
    #[arg(long, default_value_t = 50.0)]
    rate: f64,
    /// Extra rule files for ingest over HTTP.
    #[arg(long = "rules", value_name = "FILE")]
    rules: Vec<PathBuf>,
    /// Extra knowledge-base files for ingest over HTTP.
    #[arg(long = "kb", value_name = "FILE")]
    kb: Vec<PathBuf>,
    /// A host name clients may use to reach the server (repeatable). The bind address,
    /// localhost, 127.0.0.1 and ::1 are always allowed; requests naming any other host get
    /// 421, which stops web pages from reaching the server through DNS rebinding.
    #[arg(long = "allowed-host", value_name = "NAME")]
    allowed_hosts: Vec<String>,
}

/// Fills a fresh store with the bundled samples; returns the directory holding it (removed
/// when dropped, i.e. when the server stops).
fn sample_store() -> Result<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::Builder::new()
        .prefix("sitrep-serve-")
        .tempdir()
        .context("creating a temporary directory for the sample store")?;
    let path = dir.path().join("samples.db");
    let mut store = sitrep_store::SqliteStore::open(&path)?;
    let input = crate::InputArgs {
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
    let ex = crate::build_extractor(&input)?;
    let docs = crate::samples::documents().context("reading the bundled samples")?;
    let n = docs.len();
    let r = sitrep_server::ingest_documents(&mut store, &ex, docs)?;
    eprintln!(
        "sitrep serve: no --db and no ./{DEFAULT_DB}: serving the {n} bundled sample reports ({} events) from a temporary store",
        r.events_new
    );
    Ok((dir, path))
}

pub fn run(args: ServeArgs) -> Result<ExitCode> {
    sitrep_server::init_logging();
    let mut _tmp = None;
    let db = match args.db {
        Some(p) if sitrep_store::is_postgres_url(&p.to_string_lossy()) => {
            anyhow::bail!(
                "sitrep serve reads SQLite stores only for now; export from PostgreSQL or ingest into a file"
            )
        }
        // As `timeline` does: a mistyped path must not become a silent, empty new store.
        Some(p) if !p.exists() => anyhow::bail!(
            "{}: no such store; create one with `sitrep ingest FILES --db {}` (or leave out --db to serve the bundled samples)",
            p.display(),
            p.display()
        ),
        Some(p) => p,
        None if Path::new(DEFAULT_DB).exists() => PathBuf::from(DEFAULT_DB),
        None => {
            let (dir, path) = sample_store()?;
            _tmp = Some(dir);
            path
        }
    };
    let token = args
        .token
        .or_else(|| std::env::var("SITREP_TOKEN").ok())
        .filter(|t| !t.trim().is_empty());
    let opts = sitrep_server::ServeOptions {
        bind: args.bind,
        db,
        token,
        rate_per_sec: args.rate,
        rules: args.rules,
        kb: args.kb,
        allowed_hosts: args.allowed_hosts,
        ..sitrep_server::ServeOptions::default()
    };
    sitrep_server::serve_blocking(opts)?;
    Ok(ExitCode::SUCCESS)
}
