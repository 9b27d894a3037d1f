//! Readers: files, directories, JSON Lines, JSON arrays, HTML and stdin, as one stream of
//! documents.

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use sitrep_model::Document;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use crate::date::parse_published;
use crate::error::ReadError;
use crate::html::extract_html;

/// How an input is laid out. Usually guessed from the extension or the first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One document per file; the whole file is the text.
    Text,
    /// One JSON document object per line.
    Jsonl,
    /// A JSON array of document objects, `{"docs": [...]}`, or one document object.
    Json,
    /// A web page; its main text is extracted.
    Html,
}

/// Where a document's id comes from when the input gives none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdScheme {
    /// `doc_` + the first 16 hex digits of the SHA-256 of the text: the same text gets the
    /// same id wherever it is stored.
    #[default]
    ContentHash,
    /// The file name without its extension, for text and HTML files (corpora whose file names
    /// are the document ids); JSON documents without id still get the content hash.
    FileStem,
}

/// Options for every reader.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Publication date for documents that state none (relative dates resolve against it).
    pub published: Option<NaiveDate>,
    /// Forces a format instead of guessing it from the extension or content.
    pub format: Option<InputFormat>,
    /// Largest text accepted for one document, in bytes; larger ones are reported, not read,
    /// so that one runaway file cannot exhaust memory.
    pub max_doc_bytes: u64,
    /// Largest `.json` file accepted (a JSON array must be held in memory to be parsed;
    /// JSON Lines have no such limit since they are streamed).
    pub max_json_file_bytes: u64,
    pub ids: IdScheme,
    /// Readers for input kinds defined outside this crate (feeds, sitemaps, web archives:
    /// `sitrep-feed`), asked before the built-in sniffing; empty by default.
    pub extra: Vec<std::sync::Arc<dyn ExtraReader>>,
}

/// A reader for an input kind this crate does not know, plugged in through
/// [`ReadOptions::extra`] so that `sitrep-io` stays free of XML and archive parsers while
/// files, directories and stdin still sniff every kind in one place.
pub trait ExtraReader: Send + Sync + std::fmt::Debug {
    /// Whether this reader takes an input, from its path (when it is a file) and its first
    /// bytes (up to 4 KB, fewer for a short input).
    fn claims(&self, path: Option<&Path>, head: &[u8]) -> bool;
    /// Reads the whole input as documents; `origin` names it in errors.
    fn read(
        &self,
        input: Box<dyn Read + Send>,
        origin: String,
        opts: &ReadOptions,
    ) -> Box<dyn Iterator<Item = Result<Document, ReadError>> + Send>;
}

/// The first plugged-in reader that claims an input.
fn extra_for(
    opts: &ReadOptions,
    path: Option<&Path>,
    head: &[u8],
) -> Option<std::sync::Arc<dyn ExtraReader>> {
    opts.extra.iter().find(|x| x.claims(path, head)).cloned()
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            published: None,
            format: None,
            max_doc_bytes: 16 << 20,
            max_json_file_bytes: 256 << 20,
            ids: IdScheme::ContentHash,
            extra: Vec::new(),
        }
    }
}

/// The id a document gets when its input names none.
pub fn content_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut id = String::with_capacity(20);
    id.push_str("doc_");
    for b in digest.iter().take(8) {
        id.push_str(&format!("{b:02x}"));
    }
    id
}

type DocIter = Box<dyn Iterator<Item = Result<Document, ReadError>> + Send>;

enum Pending {
    /// A path named by the caller: unknown extensions are read as text.
    Explicit(PathBuf),
    /// A file found in a directory walk: unknown extensions are sniffed and binaries skipped.
    Walked(PathBuf),
    Error(ReadError),
}

/// A stream of documents from files, directories and stdin, in a stable order.
///
/// Errors are items, not the end of the stream: report them and keep iterating.
pub struct Documents {
    queue: VecDeque<Pending>,
    current: Option<DocIter>,
    opts: ReadOptions,
}

/// Reads files and directories (recursively, sorted by name; hidden files and binary
/// extensions skipped). The path `-` is stdin.
pub fn read_inputs(paths: &[PathBuf], opts: &ReadOptions) -> Documents {
    Documents {
        queue: paths.iter().cloned().map(Pending::Explicit).collect(),
        current: None,
        opts: opts.clone(),
    }
}

/// Reads documents from stdin, the format sniffed from the first non-blank byte
/// (`{` JSON Lines, `[` JSON array, `<` HTML, else plain text) unless forced.
pub fn read_stdin(opts: &ReadOptions) -> Documents {
    Documents {
        queue: VecDeque::new(),
        current: Some(read_reader(std::io::stdin(), "<stdin>", opts)),
        opts: opts.clone(),
    }
}

impl Iterator for Documents {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(cur) = &mut self.current {
                if let Some(item) = cur.next() {
                    return Some(item);
                }
                self.current = None;
            }
            match self.queue.pop_front()? {
                Pending::Error(e) => return Some(Err(e)),
                Pending::Explicit(p) if p.as_os_str() == "-" => {
                    self.current = Some(read_reader(std::io::stdin(), "<stdin>", &self.opts));
                }
                Pending::Explicit(p) => match std::fs::metadata(&p) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        return Some(Err(ReadError::NotFound { path: p }));
                    }
                    Err(e) => return Some(Err(ReadError::io(p.display().to_string(), e))),
                    Ok(m) if m.is_dir() => {
                        let mut found = Vec::new();
                        walk(&p, &mut found);
                        if found.is_empty() {
                            return Some(Err(ReadError::EmptyDirectory { path: p }));
                        }
                        for item in found.into_iter().rev() {
                            self.queue.push_front(item);
                        }
                    }
                    Ok(_) => self.current = Some(read_file(&p, true, &self.opts)),
                },
                Pending::Walked(p) => self.current = Some(read_file(&p, false, &self.opts)),
            }
        }
    }
}

/// Extensions that are never documents.
const BINARY_EXT: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "svg", "ico", "heic", "avif", "mp3",
    "mp4", "wav", "ogg", "webm", "mov", "avi", "mkv", "flac", "m4a", "zip", "gz", "tgz", "bz2",
    "xz", "zst", "7z", "rar", "tar", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt",
    "ods", "epub", "exe", "dll", "so", "dylib", "bin", "o", "a", "class", "jar", "wasm", "pyc",
    "parquet", "arrow", "sqlite", "db", "pkl", "npy", "npz", "woff", "woff2", "ttf", "otf", "eot",
    "css", "js", "map", "lock",
];

fn walk(dir: &Path, out: &mut Vec<Pending>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            out.push(Pending::Error(ReadError::io(dir.display().to_string(), e)));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = e.path();
        // Symlinked directories are not followed, so a link cycle cannot loop the walk.
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, out);
        } else if ft.is_file() || (ft.is_symlink() && path.is_file()) {
            let binary = extension(&path).is_some_and(|x| BINARY_EXT.contains(&x.as_str()))
                && !is_web_archive_name(&path);
            if !binary {
                out.push(Pending::Walked(path));
            }
        }
    }
}

/// `.warc.gz` files are gzip but hold documents (read when a plugged-in reader claims them).
fn is_web_archive_name(path: &Path) -> bool {
    path.file_name().is_some_and(|n| {
        n.to_string_lossy()
            .to_ascii_lowercase()
            .ends_with(".warc.gz")
    })
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase())
}

fn format_from_extension(path: &Path) -> Option<InputFormat> {
    match extension(path)?.as_str() {
        "jsonl" | "ndjson" | "jsonlines" => Some(InputFormat::Jsonl),
        "json" => Some(InputFormat::Json),
        "html" | "htm" | "xhtml" | "shtml" => Some(InputFormat::Html),
        "txt" | "text" | "md" => Some(InputFormat::Text),
        _ => None,
    }
}

/// Guesses the format from the first non-blank byte.
fn sniff(head: &[u8]) -> InputFormat {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => InputFormat::Jsonl,
        Some(b'[') => InputFormat::Json,
        Some(b'<') => InputFormat::Html,
        _ => InputFormat::Text,
    }
}

fn one(r: Result<Document, ReadError>) -> DocIter {
    Box::new(std::iter::once(r))
}

fn read_file(path: &Path, explicit: bool, opts: &ReadOptions) -> DocIter {
    let origin = path.display().to_string();
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return one(Err(ReadError::NotFound {
                path: path.to_path_buf(),
            }));
        }
        Err(e) => return one(Err(ReadError::io(origin, e))),
    };
    let known = opts.format.or_else(|| format_from_extension(path));
    if known.is_none() && !opts.extra.is_empty() {
        let mut head = Vec::with_capacity(4096);
        if let Err(e) = (&mut file).take(4096).read_to_end(&mut head) {
            return one(Err(ReadError::io(origin, e)));
        }
        if let Some(x) = extra_for(opts, Some(path), &head) {
            return x.read(Box::new(Cursor::new(head).chain(file)), origin, opts);
        }
        if !explicit && head.contains(&0) {
            return Box::new(std::iter::empty());
        }
        let f = sniff(&head);
        return read_format(Cursor::new(head).chain(file), f, origin, Some(path), opts);
    }
    let format = match known {
        Some(f) => f,
        None => {
            // Unknown extension: look at the first bytes.
            let mut head = Vec::with_capacity(4096);
            if let Err(e) = (&mut file).take(4096).read_to_end(&mut head) {
                return one(Err(ReadError::io(origin, e)));
            }
            if !explicit && head.contains(&0) {
                return Box::new(std::iter::empty());
            }
            let f = sniff(&head);
            let rest = Cursor::new(head).chain(file);
            return read_format(rest, f, origin, Some(path), opts);
        }
    };
    // A file larger than any document it could hold is refused before it is read.
    if let Ok(m) = file.metadata() {
        let limit = match format {
            InputFormat::Jsonl => u64::MAX,
            InputFormat::Json => opts.max_json_file_bytes,
            InputFormat::Text | InputFormat::Html => opts.max_doc_bytes,
        };
        if m.len() > limit {
            return one(Err(ReadError::TooLarge { origin, limit }));
        }
    }
    read_format(file, format, origin, Some(path), opts)
}

/// Reads any byte stream (stdin, a socket, a decompressor) as documents; `origin` names it in
/// errors. The format is `opts.format` or sniffed.
pub fn read_reader<R: Read + Send + 'static>(
    mut reader: R,
    origin: &str,
    opts: &ReadOptions,
) -> Box<dyn Iterator<Item = Result<Document, ReadError>> + Send> {
    let origin = origin.to_string();
    if let Some(f) = opts.format {
        return read_format(reader, f, origin, None, opts);
    }
    // Buffer just enough to see the first non-blank byte; the bytes are replayed, so a text
    // document keeps its leading whitespace.
    let mut head = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                head.extend_from_slice(chunk.get(..n).unwrap_or(&[]));
                if head.iter().any(|b| !b.is_ascii_whitespace()) || head.len() > 1 << 20 {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return one(Err(ReadError::io(origin, e))),
        }
    }
    // Markup and binary streams may be a feed, sitemap or web archive: read up to 4 KB so
    // that a plugged-in reader can tell.
    if !opts.extra.is_empty() {
        let first = head.iter().find(|b| !b.is_ascii_whitespace()).copied();
        if matches!(first, Some(b'<' | 0x1f | b'W')) {
            while head.len() < 4096 {
                match reader.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => head.extend_from_slice(chunk.get(..n).unwrap_or(&[])),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return one(Err(ReadError::io(origin, e))),
                }
            }
        }
        if let Some(x) = extra_for(opts, None, &head) {
            return x.read(Box::new(Cursor::new(head).chain(reader)), origin, opts);
        }
    }
    let f = sniff(&head);
    read_format(Cursor::new(head).chain(reader), f, origin, None, opts)
}

fn read_format<R: Read + Send + 'static>(
    reader: R,
    format: InputFormat,
    origin: String,
    path: Option<&Path>,
    opts: &ReadOptions,
) -> DocIter {
    match format {
        InputFormat::Jsonl => Box::new(JsonlDocs::new(BufReader::new(reader), origin, opts)),
        InputFormat::Json => {
            let bytes = match read_limited(reader, &origin, opts.max_json_file_bytes) {
                Ok(b) => b,
                Err(e) => return one(Err(e)),
            };
            json_docs(bytes, origin, opts)
        }
        InputFormat::Text | InputFormat::Html => {
            let file_stem = path
                .and_then(Path::file_stem)
                .map(|s| s.to_string_lossy().into_owned());
            let stem = match opts.ids {
                IdScheme::FileStem => file_stem.clone(),
                IdScheme::ContentHash => None,
            };
            let r = read_limited(reader, &origin, opts.max_doc_bytes).and_then(|bytes| {
                if let Some(what) = binary_kind(&bytes) {
                    return Err(ReadError::Binary { origin, what });
                }
                if format == InputFormat::Html {
                    html_doc(bytes, origin, stem, opts)
                } else {
                    // A plain text file has no title of its own: its file name is the best
                    // a listing can show.
                    text_doc(bytes, origin, stem, opts).map(|mut d| {
                        d.title = file_stem;
                        d
                    })
                }
            });
            one(r)
        }
    }
}

/// What a binary input is, from its first bytes: a PDF, an image, an archive (an office
/// document is a ZIP archive), or bytes no text holds (NUL). `None` for text.
fn binary_kind(bytes: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF file"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive or office document"),
        (b"\x1F\x8B", "gzip-compressed data"),
        (b"RIFF", "a RIFF media file"),
        (b"\x7FELF", "an executable"),
        (b"SQLite format 3", "an SQLite database"),
        (b"PAR1", "a Parquet file"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some((*what).to_string());
    }
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    head.contains(&0).then(|| "binary data".to_string())
}

fn read_limited(reader: impl Read, origin: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| ReadError::io(origin, e))?;
    if buf.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            origin: origin.to_string(),
            limit,
        });
    }
    Ok(buf)
}

/// Decodes UTF-8, dropping a byte-order mark; the error gives the file offset of the bad byte.
fn decode(bytes: Vec<u8>, origin: &str, base_offset: u64) -> Result<String, ReadError> {
    decode_or_bytes(bytes).map_err(|(_, offset)| ReadError::InvalidUtf8 {
        origin: origin.to_string(),
        offset: base_offset + offset,
    })
}

/// Like [`decode`], but hands the bytes back on failure (with the offset of the bad byte) so
/// that a caller can try another encoding.
fn decode_or_bytes(bytes: Vec<u8>) -> Result<String, (Vec<u8>, u64)> {
    let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest.to_vec(), 3),
        None => (bytes, 0),
    };
    String::from_utf8(bytes).map_err(|e| {
        let offset = bom + e.utf8_error().valid_up_to() as u64;
        (e.into_bytes(), offset)
    })
}

fn text_doc(
    bytes: Vec<u8>,
    origin: String,
    stem: Option<String>,
    opts: &ReadOptions,
) -> Result<Document, ReadError> {
    let text = decode(bytes, &origin, 0)?;
    if text.trim().is_empty() {
        return Err(ReadError::Empty { origin });
    }
    Ok(Document {
        id: stem.unwrap_or_else(|| content_id(&text)),
        title: None,
        published: opts.published,
        url: None,
        source: None,
        language: None,
        text,
        origin: Some(origin),
    })
}

fn html_doc(
    bytes: Vec<u8>,
    origin: String,
    stem: Option<String>,
    opts: &ReadOptions,
) -> Result<Document, ReadError> {
    let html = match decode_or_bytes(bytes) {
        Ok(s) => s,
        // Older pages declare a single-byte charset; those are decoded, others refused.
        Err((bytes, _)) if declares_western_charset(&bytes) => decode_cp1252(&bytes),
        Err((_, offset)) => return Err(ReadError::InvalidUtf8 { origin, offset }),
    };
    let page = extract_html(&html);
    if page.text.trim().is_empty() {
        return Err(ReadError::Empty { origin });
    }
    Ok(Document {
        id: stem.unwrap_or_else(|| content_id(&page.text)),
        title: page.title,
        published: page.published.or(opts.published),
        url: None,
        source: None,
        language: None,
        text: page.text,
        origin: Some(origin),
    })
}

/// Whether the first 4 KB of a page declare a Latin-1 / Windows-1252 charset.
fn declares_western_charset(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(bytes.get(..4096).unwrap_or(bytes)).to_ascii_lowercase();
    let Some(at) = head.find("charset=") else {
        return false;
    };
    let cs = head
        .get(at + 8..)
        .unwrap_or("")
        .trim_start_matches(['"', '\'']);
    [
        "iso-8859-1",
        "latin1",
        "latin-1",
        "windows-1252",
        "cp1252",
        "iso-8859-15",
    ]
    .iter()
    .any(|n| cs.starts_with(n))
}

/// Windows-1252 (a superset of the printable Latin-1 range, as browsers treat both).
fn decode_cp1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => HIGH
                .get(usize::from(b - 0x80))
                .copied()
                .unwrap_or('\u{fffd}'),
            _ => char::from(b),
        })
        .collect()
}

/// One JSON document as found in exports: unknown fields are ignored.
///
/// Public so that callers holding a document's fields rather than a file (the Python package,
/// a server request) get exactly the checks and defaults a JSON Lines line gets: the same id
/// rule, the same date parsing, the same error messages.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawDoc {
    /// A string or a number; none, null or blank: the content hash ([`content_id`]).
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    #[serde(default)]
    pub title: Option<String>,
    /// A date string ([`parse_published`]); none, null or blank: `ReadOptions::published`.
    #[serde(default)]
    pub published: Option<serde_json::Value>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
}

impl RawDoc {
    /// The document these fields describe, checked as a JSON document is; `origin` names it
    /// in errors.
    pub fn into_document(self, origin: String, opts: &ReadOptions) -> Result<Document, ReadError> {
        raw_to_doc(self, origin, opts)
    }
}

fn raw_to_doc(raw: RawDoc, origin: String, opts: &ReadOptions) -> Result<Document, ReadError> {
    let Some(text) = raw.text else {
        return Err(ReadError::MissingField {
            origin,
            field: "text",
        });
    };
    if text.len() as u64 > opts.max_doc_bytes {
        return Err(ReadError::TooLarge {
            origin,
            limit: opts.max_doc_bytes,
        });
    }
    if text.trim().is_empty() {
        return Err(ReadError::Empty { origin });
    }
    let id = match raw.id {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s).filter(|s| !s.trim().is_empty()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(ReadError::BadField {
                origin,
                field: "id",
                message: format!("is not a string or number: {other}"),
            });
        }
    };
    let published = match raw.published {
        None | Some(serde_json::Value::Null) => opts.published,
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => opts.published,
        Some(serde_json::Value::String(s)) => match parse_published(&s) {
            Some(d) => Some(d),
            None => {
                return Err(ReadError::BadField {
                    origin,
                    field: "published",
                    message: format!("is not a date: {s:?}"),
                });
            }
        },
        Some(other) => {
            return Err(ReadError::BadField {
                origin,
                field: "published",
                message: format!("is not a date string: {other}"),
            });
        }
    };
    Ok(Document {
        id: id.unwrap_or_else(|| content_id(&text)),
        title: raw.title,
        published,
        url: raw.url,
        source: raw.source,
        language: raw.language,
        text,
        origin: Some(origin),
    })
}

fn json_docs(bytes: Vec<u8>, origin: String, opts: &ReadOptions) -> DocIter {
    let text = match decode(bytes, &origin, 0) {
        Ok(t) => t,
        Err(e) => return one(Err(e)),
    };
    let first = text.find(|c: char| !c.is_whitespace());
    match first
        .and_then(|i| text.get(i..))
        .and_then(|r| r.chars().next())
    {
        None => return one(Err(ReadError::NoDocuments { origin })),
        // An array is read element by element, so that a broken element is reported with its
        // index and position, after the elements before it.
        Some('[') => {
            return Box::new(JsonArrayDocs {
                pos: first.unwrap_or(0) + 1,
                text,
                origin,
                opts: opts.clone(),
                index: 0,
                line: 1,
                line_start: 0,
                counted_to: 0,
                done: false,
                pending: None,
            });
        }
        Some(_) => {}
    }
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        // Several values one after another: JSON Lines under a .json name.
        Err(e) if e.to_string().starts_with("trailing characters") => {
            return Box::new(JsonlDocs::new(
                BufReader::new(Cursor::new(text.into_bytes())),
                origin,
                opts,
            ));
        }
        Err(e) => {
            return one(Err(ReadError::MalformedJson {
                origin,
                message: e.to_string(),
            }));
        }
    };
    let items = match value {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(mut m) => match m.remove("docs") {
            Some(serde_json::Value::Array(a)) if !m.contains_key("text") => a,
            Some(docs) => {
                m.insert("docs".into(), docs);
                vec![serde_json::Value::Object(m)]
            }
            None => vec![serde_json::Value::Object(m)],
        },
        other => {
            return one(Err(ReadError::MalformedJson {
                origin,
                message: format!("expected an array or object of documents, found {other}"),
            }));
        }
    };
    let opts = opts.clone();
    Box::new(items.into_iter().enumerate().map(move |(i, v)| {
        let origin = format!("{origin}[{i}]");
        match serde_json::from_value::<RawDoc>(v) {
            Ok(raw) => raw_to_doc(raw, origin, &opts),
            Err(e) => Err(ReadError::MalformedJson {
                origin,
                message: e.to_string(),
            }),
        }
    }))
}

/// The elements of a JSON array, parsed one at a time from the file's text.
struct JsonArrayDocs {
    text: String,
    /// Byte offset where the next element (or the closing bracket) is looked for.
    pos: usize,
    origin: String,
    opts: ReadOptions,
    index: usize,
    /// Line number (1-based) and byte offset of the start of that line, at `counted_to`.
    line: u64,
    line_start: usize,
    counted_to: usize,
    done: bool,
    /// An error found after an element that was itself whole, reported after it.
    pending: Option<ReadError>,
}

impl JsonArrayDocs {
    /// Line and column (1-based, in characters) of byte `at`; counting resumes where the last
    /// call stopped, so the whole file is scanned once.
    fn line_col(&mut self, at: usize) -> (u64, u64) {
        let at = at.min(self.text.len());
        if at >= self.counted_to {
            let chunk = self.text.as_bytes().get(self.counted_to..at).unwrap_or(&[]);
            for (k, &b) in chunk.iter().enumerate() {
                if b == b'\n' {
                    self.line += 1;
                    self.line_start = self.counted_to + k + 1;
                }
            }
            self.counted_to = at;
        }
        let col = self
            .text
            .get(self.line_start..at)
            .map_or(0, |s| s.chars().count());
        (self.line, col as u64 + 1)
    }

    fn skip_ws(&mut self) {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn fail(&mut self, at: usize, message: String) -> ReadError {
        self.done = true;
        let (line, column) = self.line_col(at);
        ReadError::MalformedElement {
            origin: self.origin.clone(),
            index: self.index,
            offset: at as u64,
            line,
            column,
            message,
        }
    }
}

impl Iterator for JsonArrayDocs {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.pending.take() {
            self.done = true;
            return Some(Err(e));
        }
        if self.done {
            return None;
        }
        self.skip_ws();
        let rest = self.text.get(self.pos..).unwrap_or_default();
        if rest.starts_with(']') {
            self.done = true;
            let tail = rest.get(1..).unwrap_or_default();
            if !tail.trim().is_empty() {
                let at = self.pos + 1 + (tail.len() - tail.trim_start().len());
                return Some(Err(
                    self.fail(at, "trailing characters after the array".into())
                ));
            }
            if self.index == 0 {
                return Some(Err(ReadError::NoDocuments {
                    origin: self.origin.clone(),
                }));
            }
            return None;
        }
        if rest.is_empty() {
            let at = self.pos;
            return Some(Err(self.fail(at, "the array is not closed".into())));
        }
        let start = self.pos;
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
        let value = match stream.next() {
            Some(Ok(v)) => v,
            Some(Err(e)) => {
                // serde counts lines and columns within the element; report file positions.
                let msg = e.to_string();
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                let (el_line, el_col) = (e.line(), e.column());
                let (line0, col0) = self.line_col(start);
                let (line, column) = if el_line <= 1 {
                    (line0, col0 + el_col.saturating_sub(1) as u64)
                } else {
                    (line0 + el_line as u64 - 1, el_col as u64)
                };
                self.done = true;
                return Some(Err(ReadError::MalformedElement {
                    origin: self.origin.clone(),
                    index: self.index,
                    offset: start as u64,
                    line,
                    column,
                    message: msg,
                }));
            }
            None => {
                return Some(Err(self.fail(start, "the array is not closed".into())));
            }
        };
        self.pos = start + stream.byte_offset();
        self.skip_ws();
        let origin = format!("{}[{}]", self.origin, self.index);
        self.index += 1;
        match self.text.get(self.pos..).and_then(|r| r.chars().next()) {
            Some(',') => self.pos += 1,
            Some(']') => {}
            // This element is whole; the error is the next item.
            _ => {
                let at = self.pos;
                let index = self.index - 1;
                let err = self.fail(at, format!("expected ',' or ']' after element {index}"));
                self.pending = Some(err);
                self.done = false;
            }
        }
        Some(match serde_json::from_value::<RawDoc>(value) {
            Ok(raw) => raw_to_doc(raw, origin, &self.opts),
            Err(e) => Err(ReadError::MalformedJson {
                origin,
                message: e.to_string(),
            }),
        })
    }
}

/// Streams a JSON Lines input, one line in memory at a time.
struct JsonlDocs<R> {
    reader: R,
    path: String,
    opts: ReadOptions,
    line_no: u64,
    offset: u64,
    buf: Vec<u8>,
    done: bool,
    /// Whether any non-blank line was seen: a stream with none is reported, not silently empty.
    seen: bool,
}

impl<R: BufRead> JsonlDocs<R> {
    fn new(reader: R, path: String, opts: &ReadOptions) -> Self {
        JsonlDocs {
            reader,
            path,
            opts: opts.clone(),
            line_no: 0,
            offset: 0,
            buf: Vec::new(),
            done: false,
            seen: false,
        }
    }

    /// Reads one line into `buf`, keeping at most `limit` bytes of it; returns the number of
    /// bytes consumed and whether the line was cut.
    fn next_line(&mut self, limit: usize) -> std::io::Result<(u64, bool)> {
        self.buf.clear();
        let mut consumed = 0u64;
        let mut cut = false;
        loop {
            let avail = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                return Ok((consumed, cut));
            }
            let (take, found) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (avail.len(), false),
            };
            if !cut {
                if self.buf.len() + take > limit {
                    cut = true;
                    self.buf = Vec::new();
                } else {
                    self.buf.extend_from_slice(avail.get(..take).unwrap_or(&[]));
                }
            }
            self.reader.consume(take);
            consumed += take as u64;
            if found {
                return Ok((consumed, cut));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonlDocs<R> {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        // A JSON line may escape its text (\uXXXX), so allow it twice the document limit.
        let limit =
            usize::try_from(self.opts.max_doc_bytes.saturating_mul(2)).unwrap_or(usize::MAX);
        loop {
            if self.done {
                return None;
            }
            let start = self.offset;
            let (consumed, cut) = match self.next_line(limit) {
                Ok(x) => x,
                Err(e) => {
                    self.done = true;
                    return Some(Err(ReadError::io(self.path.clone(), e)));
                }
            };
            if consumed == 0 {
                self.done = true;
                if !self.seen {
                    return Some(Err(ReadError::NoDocuments {
                        origin: self.path.clone(),
                    }));
                }
                return None;
            }
            self.offset += consumed;
            self.line_no += 1;
            let origin = || format!("{}:{}", self.path, self.line_no);
            if cut {
                self.seen = true;
                return Some(Err(ReadError::TooLarge {
                    origin: origin(),
                    limit: self.opts.max_doc_bytes,
                }));
            }
            let mut line: &[u8] = &self.buf;
            let mut base = start;
            if self.line_no == 1
                && let Some(rest) = line.strip_prefix(b"\xEF\xBB\xBF")
            {
                line = rest;
                base += 3;
            }
            while let [rest @ .., b'\n' | b'\r'] = line {
                line = rest;
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.seen = true;
            if let Err(e) = std::str::from_utf8(line) {
                return Some(Err(ReadError::InvalidUtf8 {
                    origin: origin(),
                    offset: base + e.valid_up_to() as u64,
                }));
            }
            return Some(match serde_json::from_slice::<RawDoc>(line) {
                Ok(raw) => raw_to_doc(raw, origin(), &self.opts),
                Err(e) => Err(ReadError::MalformedJson {
                    origin: origin(),
                    // The origin already names the line; serde counts within it.
                    message: e.to_string().replace(" at line 1 column ", " at column "),
                }),
            });
        }
    }
}
