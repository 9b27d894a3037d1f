//! `sitrep` from Python: the native half of the package (`sitrep._sitrep`).
//!
//! Everything here calls the same library functions as the command line, so that a record
//! from Python is the record `sitrep extract` writes: documents are checked by
//! [`sitrep_io::RawDoc`] as a JSON Lines line is, extracted by [`sitrep_extract::Extractor`]
//! and merged across documents by [`sitrep_extract::merge::Merger`] with the CLI's default
//! window. Records reach Python through their serde form (the one `sitrep extract`
//! serialises), converted straight into dicts and lists by `pythonize`.
//!
//! Extraction of many documents releases the GIL and runs on rayon's pool, so Python threads
//! and the rest of a notebook go on meanwhile.

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use pythonize::pythonize;
use serde::Serialize;
use sitrep_extract::merge::Merger;
use sitrep_extract::{DocOutput, Rules};
use sitrep_io::{RawDoc, ReadOptions};
use sitrep_kb::Kb;
use sitrep_model::{Document, EntityRecord, EventRecord};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

mod columns;

/// mimalloc, as in the `sitrep` binary: extraction allocates many small strings per token,
/// and with the system allocator a Spark worker spent 5–10% more CPU on the same documents
/// than the whole CLI run. Only the extension's own (Rust) allocations go through it; Python's
/// objects keep Python's allocator, and nothing allocated on one side is freed on the other.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(
    _sitrep,
    SitrepError,
    PyException,
    "Base class of every error sitrep raises."
);
create_exception!(
    _sitrep,
    LoadError,
    SitrepError,
    "Rule or knowledge-base files could not be loaded (the message names file, line and field)."
);
create_exception!(
    _sitrep,
    DocumentError,
    SitrepError,
    "A document could not be read or extracted (the message names it)."
);
create_exception!(
    _sitrep,
    StoreError,
    SitrepError,
    "The store could not be opened, read or written."
);

/// How many events `sitrep extract` keeps open for reports of the same event from later
/// documents (its `--merge-window` default); the same here, so that the same documents give
/// the same records.
const MERGE_WINDOW: usize = 20_000;

/// An error and its causes as the CLI prints them (`anyhow`'s `{:#}`): "what: why: why".
fn chain(context: &str, e: &dyn std::error::Error) -> String {
    let mut s = format!("{context}: {e}");
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// A path or a list of paths (`rules="mine.toml"` or `rules=["a.toml", "b.toml"]`).
fn paths(arg: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(a) = arg else {
        return Ok(Vec::new());
    };
    if a.is_none() {
        return Ok(Vec::new());
    }
    if let Ok(p) = a.extract::<PathBuf>() {
        return Ok(vec![p]);
    }
    a.extract::<Vec<PathBuf>>()
        .map_err(|_| PyTypeError::new_err("expected a path or a list of paths"))
}

type Inner = sitrep_extract::Extractor<Kb>;

/// The extractor: the built-in rules and knowledge base, plus the user's files.
///
/// Loading takes a moment (the gazetteer is large), so make one and reuse it; it is safe to
/// share between threads.
#[pyclass(module = "sitrep", frozen)]
struct Extractor {
    inner: Arc<Inner>,
}

/// What one call extracted from one document, or why it failed (message as the CLI's).
type Outcome = Result<DocOutput, String>;

/// Where a document came from, for messages: as the CLI names it.
fn origin_of(d: &Document) -> String {
    match &d.origin {
        Some(o) => format!("{o} (document {})", d.id),
        None => format!("document {}", d.id),
    }
}

/// A Python value as JSON for a document field: str, int, float, bool, a date (its ISO form)
/// or None; [`RawDoc::into_document`] then checks it as it checks a JSON document's field.
fn field_json(v: &Bound<'_, PyAny>, field: &str, origin: &str) -> PyResult<serde_json::Value> {
    if v.is_none() {
        return Ok(serde_json::Value::Null);
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(serde_json::Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = v.extract::<bool>() {
        return Ok(serde_json::Value::Bool(b));
    }
    if let Ok(i) = v.extract::<i64>() {
        return Ok(serde_json::Value::from(i));
    }
    if let Ok(f) = v.extract::<f64>() {
        return Ok(serde_json::Value::from(f));
    }
    // datetime.date and datetime.datetime (and pandas Timestamps): their ISO form.
    if v.hasattr("isoformat")? {
        return Ok(serde_json::Value::String(
            v.call_method0("isoformat")?.extract::<String>()?,
        ));
    }
    Err(DocumentError::new_err(format!(
        "{origin}: field {field:?} cannot be a {}",
        v.get_type().name()?
    )))
}

fn opt_string(v: Option<Bound<'_, PyAny>>, field: &str, origin: &str) -> PyResult<Option<String>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => v.extract::<String>().map(Some).map_err(|_| {
            DocumentError::new_err(format!("{origin}: field {field:?} is not a string"))
        }),
    }
}

/// One document from Python: a text, or a dict with `text` and optionally `id`, `published`,
/// `url`, `title`, `source`, `language` (other keys are ignored, as in a JSON document).
fn to_document(item: &Bound<'_, PyAny>, origin: String) -> PyResult<Document> {
    let opts = ReadOptions::default();
    let raw = if let Ok(s) = item.cast::<PyString>() {
        RawDoc {
            text: Some(s.to_cow()?.into_owned()),
            ..RawDoc::default()
        }
    } else if let Ok(d) = item.cast::<PyDict>() {
        let get = |k: &str| d.get_item(k);
        let text = match get("text")? {
            Some(t) if !t.is_none() => Some(t.extract::<String>().map_err(|_| {
                DocumentError::new_err(format!("{origin}: field \"text\" is not a string"))
            })?),
            _ => None,
        };
        RawDoc {
            id: get("id")?
                .map(|v| field_json(&v, "id", &origin))
                .transpose()?,
            published: get("published")?
                .map(|v| field_json(&v, "published", &origin))
                .transpose()?,
            title: opt_string(get("title")?, "title", &origin)?,
            url: opt_string(get("url")?, "url", &origin)?,
            source: opt_string(get("source")?, "source", &origin)?,
            language: opt_string(get("language")?, "language", &origin)?,
            text,
        }
    } else {
        return Err(PyTypeError::new_err(format!(
            "{origin}: a document is a str or a dict with a \"text\" key, not {}",
            item.get_type().name()?
        )));
    };
    raw.into_document(origin, &opts)
        .map_err(|e| DocumentError::new_err(e.to_string()))
}

/// Whether `errors` asks to skip failing documents ("skip") or to raise ("raise").
fn skipping(errors: &str) -> PyResult<bool> {
    match errors {
        "raise" => Ok(false),
        "skip" => Ok(true),
        other => Err(PyValueError::new_err(format!(
            "errors must be \"raise\" or \"skip\", not {other:?}"
        ))),
    }
}

/// Warns as the CLI reports a document it skips (`sitrep: skipped: ...`).
fn warn_skipped(py: Python<'_>, msg: &str) -> PyResult<()> {
    py.import("warnings")?
        .call_method1("warn", (format!("sitrep: skipped: {msg}"),))?;
    Ok(())
}

/// The documents of an iterable (or one text), read in order. A document that cannot be read
/// raises [`DocumentError`], or is skipped with a warning when `skip`.
fn to_documents(py: Python<'_>, docs: &Bound<'_, PyAny>, skip: bool) -> PyResult<Vec<Document>> {
    if docs.cast::<PyString>().is_ok() || docs.cast::<PyDict>().is_ok() {
        return Ok(vec![to_document(docs, "docs".to_string())?]);
    }
    let mut out = Vec::new();
    for (i, item) in docs.try_iter()?.enumerate() {
        match to_document(&item?, format!("docs[{i}]")) {
            Ok(d) => out.push(d),
            Err(e) if skip && e.is_instance_of::<DocumentError>(py) => {
                warn_skipped(py, &e.value(py).to_string())?
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Pools made for an explicit thread count, kept for later calls: a Spark worker or a
/// notebook loop calls `extract_many(docs, threads=n)` once per batch, and a new pool per call
/// started `n` threads each time (and mimalloc a fresh heap per thread).
static POOLS: Mutex<Vec<(usize, Arc<rayon::ThreadPool>)>> = Mutex::new(Vec::new());

/// The pool of `n` workers, made on first use.
fn pool(n: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    let mut pools = POOLS
        .lock()
        .map_err(|_| SitrepError::new_err("worker pools unusable after an earlier panic"))?;
    if let Some((_, p)) = pools.iter().find(|(k, _)| *k == n) {
        return Ok(Arc::clone(p));
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map(Arc::new)
        .map_err(|e| SitrepError::new_err(format!("starting worker threads: {e}")))?;
    pools.push((n, Arc::clone(&p)));
    Ok(p)
}

/// Serde form to Python, with `confidence` (an `f32`) as the decimal `sitrep extract` writes
/// (0.9, not 0.8999999761581421), so that a record equals its JSON line read by `json`.
fn event_to_py<'py>(py: Python<'py>, e: &EventRecord) -> PyResult<Bound<'py, PyAny>> {
    let obj = pythonize(py, e).map_err(|err| SitrepError::new_err(err.to_string()))?;
    if let Ok(d) = obj.cast::<PyDict>() {
        let shortest: f64 = e.confidence.to_string().parse().unwrap_or(0.0);
        d.set_item("confidence", shortest)?;
    }
    Ok(obj)
}

fn to_py<'py, T: Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize(py, v).map_err(|err| SitrepError::new_err(err.to_string()))
}

fn events_to_py<'py>(py: Python<'py>, events: &[EventRecord]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for e in events {
        list.append(event_to_py(py, e)?)?;
    }
    Ok(list)
}

/// Cross-document merging as `sitrep extract` does it: one record per real event, in the
/// order the first report came in. `window` 0 keeps each document's records apart.
/// Documents extracted and the merge window chosen, before their records are merged: the
/// three bulk methods merge the same way and differ in what they hand back (the merge runs
/// with the GIL released where the records go to Arrow or JSON Lines).
struct MergeJob {
    outs: Vec<DocOutput>,
    window: usize,
}

impl MergeJob {
    fn events(self) -> Vec<EventRecord> {
        merge_in_order(self.outs.into_iter().map(|o| o.events), self.window)
    }
}

fn merge_in_order(
    outs: impl IntoIterator<Item = Vec<EventRecord>>,
    window: usize,
) -> Vec<EventRecord> {
    let mut merger = Merger::new(window);
    let mut ready = Vec::new();
    for events in outs {
        for e in events {
            merger.push(e);
        }
        merger.drain_ready(&mut ready);
    }
    merger.finish(&mut ready);
    ready
}

impl Extractor {
    /// `extract_many`'s documents read, extracted and split into outputs as `errors` says
    /// ("raise" or "skip"), before any merging.
    /// [`extract_documents`](Self::extract_documents) and the merge window `merge` asks for.
    fn merge_job(
        &self,
        py: Python<'_>,
        docs: &Bound<'_, PyAny>,
        threads: Option<usize>,
        merge: bool,
        errors: &str,
    ) -> PyResult<MergeJob> {
        Ok(MergeJob {
            outs: self.extract_documents(py, docs, threads, errors)?,
            window: if merge { MERGE_WINDOW } else { 0 },
        })
    }

    fn extract_documents(
        &self,
        py: Python<'_>,
        docs: &Bound<'_, PyAny>,
        threads: Option<usize>,
        errors: &str,
    ) -> PyResult<Vec<DocOutput>> {
        let skip = skipping(errors)?;
        let docs = to_documents(py, docs, skip)?;
        let results = self.run(py, docs, threads)?;
        outputs(py, results, skip)
    }

    /// Extracts every document with the GIL released; failures come back per document.
    /// `threads`: None or 0 is rayon's global pool (all cores); 1 is the calling thread alone
    /// (as `sitrep extract --threads 1`: no pool, no hand-over between threads, which is what a
    /// Spark worker asks for); more is a pool of that many, kept for later calls.
    fn run(
        &self,
        py: Python<'_>,
        docs: Vec<Document>,
        threads: Option<usize>,
    ) -> PyResult<Vec<(Document, Outcome)>> {
        use rayon::prelude::*;
        let inner = Arc::clone(&self.inner);
        let one = move |d: &Document| -> Outcome {
            inner
                .try_extract(d)
                .map_err(|e| format!("{}: {e}", origin_of(d)))
        };
        let pool = match threads {
            None | Some(0) | Some(1) => None,
            Some(n) => Some(pool(n)?),
        };
        Ok(py.detach(move || {
            let outs: Vec<Outcome> = match (threads, pool) {
                (Some(1), _) => docs.iter().map(one).collect(),
                (_, Some(p)) => p.install(|| docs.par_iter().map(one).collect()),
                (_, None) => docs.par_iter().map(one).collect(),
            };
            docs.into_iter().zip(outs).collect()
        }))
    }
}

/// Splits outcomes into outputs, raising on the first failure unless `skip`.
fn outputs(
    py: Python<'_>,
    results: Vec<(Document, Outcome)>,
    skip: bool,
) -> PyResult<Vec<DocOutput>> {
    let mut out = Vec::with_capacity(results.len());
    for (_, r) in results {
        match r {
            Ok(o) => out.push(o),
            Err(msg) if skip => warn_skipped(py, &msg)?,
            Err(msg) => return Err(DocumentError::new_err(msg)),
        }
    }
    Ok(out)
}

#[pymethods]
impl Extractor {
    /// Loads the built-in rules and knowledge base, plus `rules` (TOML files, as
    /// `sitrep --rules`) and `kb` (TSV files, as `sitrep --kb`): each a path or a list of paths.
    #[new]
    #[pyo3(signature = (rules=None, kb=None))]
    fn new(
        py: Python<'_>,
        rules: Option<&Bound<'_, PyAny>>,
        kb: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let rule_files = paths(rules)?;
        let kb_files = paths(kb)?;
        let inner = py.detach(move || -> Result<Inner, String> {
            let rules = Rules::load(&rule_files).map_err(|e| chain("loading rule files", &e))?;
            let kb = Kb::load(&kb_files).map_err(|e| chain("loading the knowledge base", &e))?;
            kb.warm();
            Ok(sitrep_extract::Extractor::new(rules, kb))
        });
        match inner {
            Ok(inner) => Ok(Extractor {
                inner: Arc::new(inner),
            }),
            Err(msg) => Err(LoadError::new_err(msg)),
        }
    }

    /// The events of one report, as SCHEMA.md records (dicts), exactly as `sitrep extract`
    /// writes them for a JSON document with these fields. `published` (a date or an ISO
    /// string) anchors relative dates ("on Tuesday"); `id` defaults to a hash of the text.
    #[pyo3(signature = (text, *, id=None, published=None, url=None, title=None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        id: Option<&Bound<'py, PyAny>>,
        published: Option<&Bound<'py, PyAny>>,
        url: Option<&Bound<'py, PyAny>>,
        title: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let doc = one_document(py, text, id, published, url, title)?;
        let results = self.run(py, vec![doc], Some(1))?;
        let outs = outputs(py, results, false)?;
        let events = merge_in_order(outs.into_iter().map(|o| o.events), MERGE_WINDOW);
        events_to_py(py, &events)
    }

    /// The events of many documents (texts, or dicts with `text` and optionally `id`,
    /// `published`, `url`, `title`, `source`), extracted in parallel with the GIL released,
    /// on `threads` workers (default: all cores).
    ///
    /// `merge=True` (the default) folds reports of one event from several documents into one
    /// record, as `sitrep extract` does; `merge=False` keeps every document's records apart
    /// (as `sitrep extract --merge-window 0`), for jobs that merge later (a store, a Spark
    /// job's output). `errors="skip"` warns about a document that fails and goes on.
    #[pyo3(signature = (docs, threads=None, *, merge=true, errors="raise"))]
    fn extract_many<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        threads: Option<usize>,
        merge: bool,
        errors: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let events = self.merge_job(py, docs, threads, merge, errors)?.events();
        events_to_py(py, &events)
    }

    /// [`extract_many`](Self::extract_many), the records as the JSON Lines `sitrep extract
    /// --no-quotes` writes (one `bytes`). For bulk work (Spark's `mapInArrow`): Arrow's C++
    /// JSON reader turns it into a table without a Python object per field, where dicts
    /// cost more than the extraction itself.
    #[pyo3(signature = (docs, threads=None, *, merge=true, errors="raise"))]
    fn extract_many_jsonl<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        threads: Option<usize>,
        merge: bool,
        errors: &str,
    ) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        let job = self.merge_job(py, docs, threads, merge, errors)?;
        let buf = py.detach(move || -> Result<Vec<u8>, String> {
            let events = job.events();
            let mut buf = Vec::with_capacity(events.len() * 1024);
            for e in &events {
                sitrep_io::write_json_line(&mut buf, e).map_err(|e| e.to_string())?;
            }
            Ok(buf)
        });
        let buf = buf.map_err(SitrepError::new_err)?;
        Ok(pyo3::types::PyBytes::new(py, &buf))
    }

    /// [`extract_many`](Self::extract_many), the records as the buffers of Arrow arrays in
    /// the layout of `sitrep.event_schema()`: a list of `(length, null_count, validity or
    /// None, [buffers])`, one per array, column after column, each nested column in pre-order.
    /// `sitrep.tables.from_buffers` wraps them as a table without copying. For bulk work
    /// (Spark's `mapInArrow`): no JSON text written and parsed back.
    #[pyo3(signature = (docs, threads=None, *, merge=true, errors="raise"))]
    fn extract_many_arrow_buffers<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        threads: Option<usize>,
        merge: bool,
        errors: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let job = self.merge_job(py, docs, threads, merge, errors)?;
        let nodes = py.detach(move || -> Result<Vec<columns::Node>, columns::TooLarge> {
            let events = job.events();
            let mut cols = columns::EventColumns::new();
            for e in &events {
                cols.push(e)?;
            }
            Ok(cols.into_nodes())
        });
        let nodes = nodes.map_err(|e| SitrepError::new_err(e.to_string()))?;
        let list = PyList::empty(py);
        for (len, nulls, valid, bufs) in nodes {
            let valid = valid.map(|v| pyo3::types::PyBytes::new(py, &v));
            let bufs = PyList::new(py, bufs.iter().map(|b| pyo3::types::PyBytes::new(py, b)))?;
            list.append((len, nulls, valid, bufs))?;
        }
        Ok(list)
    }

    /// The resolved entities of one text or of many documents, merged across them, as
    /// `sitrep extract --entities FILE` writes them (SCHEMA.md, "Entities").
    #[pyo3(signature = (docs, *, id=None, published=None, threads=None, errors="raise"))]
    fn entities<'py>(
        &self,
        py: Python<'py>,
        docs: &Bound<'py, PyAny>,
        id: Option<&Bound<'py, PyAny>>,
        published: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let skip = skipping(errors)?;
        let docs = if docs.cast::<PyString>().is_ok() {
            vec![one_document(py, docs, id, published, None, None)?]
        } else {
            to_documents(py, docs, skip)?
        };
        let results = self.run(py, docs, threads)?;
        let outs = outputs(py, results, skip)?;
        let all: Vec<EntityRecord> = outs.into_iter().flat_map(|o| o.entities).collect();
        let merged = sitrep_extract::merge_entities(all);
        let list = PyList::empty(py);
        for e in &merged {
            list.append(to_py(py, e)?)?;
        }
        Ok(list)
    }

    fn __repr__(&self) -> String {
        "sitrep.Extractor()".to_string()
    }
}

/// One document from `extract`'s arguments, checked as a JSON document with these fields.
fn one_document(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    id: Option<&Bound<'_, PyAny>>,
    published: Option<&Bound<'_, PyAny>>,
    url: Option<&Bound<'_, PyAny>>,
    title: Option<&Bound<'_, PyAny>>,
) -> PyResult<Document> {
    if text.cast::<PyString>().is_err() {
        return Err(PyTypeError::new_err(format!(
            "text must be a str, not {}",
            text.get_type().name()?
        )));
    }
    let d = PyDict::new(py);
    d.set_item("text", text)?;
    for (k, v) in [
        ("id", id),
        ("published", published),
        ("url", url),
        ("title", title),
    ] {
        if let Some(v) = v {
            d.set_item(k, v)?;
        }
    }
    to_document(d.as_any(), "text".to_string())
}

/// Folds per-document records (dicts as `extract_many(merge=False)` or a Spark job gives
/// them, in document order) into one record per real event, as `sitrep extract` does.
#[pyfunction]
fn merge_events<'py>(py: Python<'py>, events: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let mut records: Vec<EventRecord> = Vec::new();
    for (i, item) in events.try_iter()?.enumerate() {
        let item = item?;
        let rec: EventRecord = pythonize::depythonize(&item)
            .map_err(|e| PyValueError::new_err(format!("events[{i}]: not an event record: {e}")))?;
        records.push(rec);
    }
    let merged = py.detach(move || {
        // One document's records at a time, as they came in, so that a document's own
        // records never merge with each other (exactly what `sitrep extract` pushes).
        let mut groups: Vec<Vec<EventRecord>> = Vec::new();
        let mut last: Option<String> = None;
        for r in records {
            let doc = r.evidence.first().map(|v| v.doc.clone());
            if groups.is_empty() || doc != last {
                groups.push(Vec::new());
                last = doc;
            }
            if let Some(g) = groups.last_mut() {
                g.push(r);
            }
        }
        merge_in_order(groups, MERGE_WINDOW)
    });
    events_to_py(py, &merged)
}

type BoxedStore = Box<dyn sitrep_store::Store + Send>;

/// A sitrep store (an SQLite file or a PostgreSQL database) opened for queries.
#[pyclass(module = "sitrep", frozen)]
struct Store {
    inner: Mutex<BoxedStore>,
    location: String,
}

fn store_err(e: sitrep_store::StoreError) -> PyErr {
    StoreError::new_err(e.to_string())
}

fn date_arg(v: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<chrono::NaiveDate>> {
    let Some(v) = v else { return Ok(None) };
    if v.is_none() {
        return Ok(None);
    }
    let s = match field_json(v, name, "argument")? {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    sitrep_io::parse_published(&s)
        .map(Some)
        .ok_or_else(|| PyValueError::new_err(format!("{name}: not a date: {s:?}")))
}

impl Store {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut BoxedStore) -> Result<T, sitrep_store::StoreError>,
    ) -> PyResult<T> {
        let mut g = self
            .inner
            .lock()
            .map_err(|_| StoreError::new_err("the store is unusable after an earlier panic"))?;
        f(&mut g).map_err(store_err)
    }
}

#[pymethods]
impl Store {
    /// Stored events in date order (undated last), each a SCHEMA.md record plus `sources`,
    /// `figures`, `reports` and `entity_names` (canonical names by entity id), as
    /// `sitrep timeline --format jsonl` writes them. Filters as
    /// the command's options: `actor` (ISO3/IGO code, entity id or part of a name), `type`
    /// (PLOVER category), `country` (ISO3 of the place), `place` (part of its name), `since`
    /// and `until` (dates), `text` (words in the evidence), `limit`.
    #[pyo3(signature = (*, actor=None, r#type=None, country=None, place=None, since=None, until=None, text=None, limit=None))]
    #[allow(clippy::too_many_arguments)]
    fn timeline<'py>(
        &self,
        py: Python<'py>,
        actor: Option<String>,
        r#type: Option<String>,
        country: Option<String>,
        place: Option<String>,
        since: Option<&Bound<'py, PyAny>>,
        until: Option<&Bound<'py, PyAny>>,
        text: Option<String>,
        limit: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let event_type = r#type
            .map(|t| {
                t.parse()
                    .map_err(|e: sitrep_model::UnknownName| PyValueError::new_err(e.to_string()))
            })
            .transpose()?;
        let filter = sitrep_store::Filter {
            actor,
            event_type,
            country,
            place,
            since: date_arg(since, "since")?,
            until: date_arg(until, "until")?,
            text,
            limit,
        };
        let events = py.detach(|| self.with(|s| s.timeline(&filter)))?;
        let list = PyList::empty(py);
        for e in &events {
            let obj = to_py(py, e)?;
            if let Ok(d) = obj.cast::<PyDict>() {
                let shortest: f64 = e.record.confidence.to_string().parse().unwrap_or(0.0);
                d.set_item("confidence", shortest)?;
            }
            list.append(obj)?;
        }
        Ok(list)
    }

    /// One stored event by its id or the id of any record merged into it; None if unknown.
    fn event<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let e = py.detach(|| self.with(|s| s.event(id)))?;
        e.map(|e| to_py(py, &e)).transpose()
    }

    /// Row counts: documents, events, reports, evidence, entities, mentions, quotes, figures.
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let c = py.detach(|| self.with(|s| s.counts()))?;
        to_py(py, &c)
    }

    /// Full-text search over stored documents and evidence; every word is required.
    #[pyo3(signature = (words, limit=20))]
    fn search<'py>(
        &self,
        py: Python<'py>,
        words: &str,
        limit: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let hits = py.detach(|| self.with(|s| s.search(words, limit)))?;
        to_py(py, &hits)
    }

    /// Extracts `docs` with `extractor` and stores them in one transaction (as one batch of
    /// `sitrep ingest`): unchanged documents are skipped, changed ones replaced, and reports
    /// of an event already stored are merged into it. Returns the ingest report.
    #[pyo3(signature = (extractor, docs, threads=None))]
    fn ingest<'py>(
        &self,
        py: Python<'py>,
        extractor: &Extractor,
        docs: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let docs = to_documents(py, docs, false)?;
        let results = extractor.run(py, docs, threads)?;
        let mut batch = Vec::with_capacity(results.len());
        let mut failed = Vec::new();
        for (doc, r) in results {
            match r {
                Ok(o) => batch.push(sitrep_store::DocInput {
                    doc,
                    events: o.events,
                    entities: o.entities,
                    quotes: o.quotes,
                }),
                Err(error) => failed.push(sitrep_store::FailedDocument {
                    id: doc.id.clone(),
                    hash: sitrep_store::content_hash(&doc),
                    error,
                }),
            }
        }
        let report = py.detach(|| {
            self.with(|s| {
                s.ingest_checked(&batch, &failed, &mut || true)
                    .map(Option::unwrap_or_default)
            })
        })?;
        to_py(py, &report)
    }

    fn __repr__(&self) -> String {
        format!(
            "sitrep.open_store({:?})",
            sitrep_store::redact(&self.location)
        )
    }
}

/// Opens a store: a file path (SQLite) or a `postgres://user@host/db` URL. `create=False`
/// (the default) refuses a missing file or a database without sitrep's tables, as the
/// query commands do, so that a typo does not open an empty store.
#[pyfunction]
#[pyo3(signature = (location, *, create=false))]
fn open_store(py: Python<'_>, location: PathBuf, create: bool) -> PyResult<Store> {
    let location = location.to_string_lossy().into_owned();
    let opts = sitrep_store::OpenOptions {
        create,
        ..sitrep_store::OpenOptions::default()
    };
    let loc = location.clone();
    let inner: BoxedStore = py
        .detach(move || -> Result<BoxedStore, sitrep_store::StoreError> {
            if sitrep_store::is_postgres_url(&loc) {
                Ok(Box::new(sitrep_store::PgStore::connect_with(&loc, &opts)?))
            } else {
                let path = loc.strip_prefix("sqlite:").unwrap_or(&loc);
                Ok(Box::new(sitrep_store::SqliteStore::open_with(path, &opts)?))
            }
        })
        .map_err(store_err)?;
    Ok(Store {
        inner: Mutex::new(inner),
        location,
    })
}

/// The id `sitrep` gives a document whose input names none: `doc_` and a hash of the text.
#[pyfunction]
fn content_id(text: &str) -> String {
    sitrep_io::content_id(text)
}

#[pymodule]
fn _sitrep(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Extractor>()?;
    m.add_class::<Store>()?;
    m.add_function(wrap_pyfunction!(open_store, m)?)?;
    m.add_function(wrap_pyfunction!(merge_events, m)?)?;
    m.add_function(wrap_pyfunction!(content_id, m)?)?;
    m.add("SitrepError", py.get_type::<SitrepError>())?;
    m.add("LoadError", py.get_type::<LoadError>())?;
    m.add("DocumentError", py.get_type::<DocumentError>())?;
    m.add("StoreError", py.get_type::<StoreError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MERGE_WINDOW", MERGE_WINDOW)?;
    Ok(())
}
