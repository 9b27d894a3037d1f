//! The new input kinds as `sitrep-io` readers, so that `extract` and `ingest` (files,
//! directories, stdin) sniff feeds, sitemaps and web archives by content like other formats.

use rayon::prelude::*;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use sitrep_io::{ExtraReader, ReadError, ReadOptions};
use sitrep_model::Document;

use crate::article::{ArticleMeta, url_id};
use crate::error::FeedError;
use crate::feeds::{XmlKind, parse_feed, xml_kind};
use crate::sitemap::parse_sitemap;
use crate::warc::{Next, WarcReader, record_document};

type Docs = Box<dyn Iterator<Item = Result<Document, ReadError>> + Send>;

/// The readers to put in [`ReadOptions::extra`].
pub fn readers() -> Vec<Arc<dyn ExtraReader>> {
    vec![Arc::new(XmlReader), Arc::new(ArchiveReader)]
}

fn wrap(origin: &str, e: FeedError) -> ReadError {
    ReadError::Io {
        origin: origin.to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    }
}

fn one(r: Result<Document, ReadError>) -> Docs {
    Box::new(std::iter::once(r))
}

/// Feeds (RSS, Atom, RDF) and sitemaps, told apart by their root element.
#[derive(Debug)]
pub struct XmlReader;

impl ExtraReader for XmlReader {
    fn claims(&self, _path: Option<&Path>, head: &[u8]) -> bool {
        xml_kind(head).is_some()
    }

    fn read(&self, mut input: Box<dyn Read + Send>, origin: String, opts: &ReadOptions) -> Docs {
        // Feeds and sitemaps are parsed whole (feed-rs needs the document); they are small,
        // and the JSON file limit bounds them.
        let mut bytes = Vec::new();
        let limit = opts.max_json_file_bytes;
        if let Err(e) = (&mut input).take(limit + 1).read_to_end(&mut bytes) {
            return one(Err(ReadError::Io { origin, source: e }));
        }
        if bytes.len() as u64 > limit {
            return one(Err(ReadError::TooLarge { origin, limit }));
        }
        match xml_kind(&bytes) {
            Some(XmlKind::Sitemap) => sitemap_docs(&bytes, origin, opts),
            _ => feed_docs(&bytes, origin, opts),
        }
    }
}

fn feed_docs(bytes: &[u8], origin: String, opts: &ReadOptions) -> Docs {
    let feed = match parse_feed(bytes, None, &origin) {
        Ok(f) => f,
        Err(e) => return one(Err(wrap(&origin, e))),
    };
    let opts = opts.clone();
    Box::new(feed.entries.into_iter().enumerate().map(move |(i, e)| {
        let at = format!("{origin}: item {} ({})", i + 1, e.meta.url);
        let Some(body) = e.body else {
            return Err(ReadError::Empty { origin: at });
        };
        let page = sitrep_io::extract_html(&body);
        if page.text.trim().is_empty() {
            return Err(ReadError::Empty { origin: at });
        }
        if page.text.len() as u64 > opts.max_doc_bytes {
            return Err(ReadError::TooLarge {
                origin: at,
                limit: opts.max_doc_bytes,
            });
        }
        Ok(doc_from(&e.meta, page.text, at, &opts))
    }))
}

fn doc_from(meta: &ArticleMeta, text: String, origin: String, opts: &ReadOptions) -> Document {
    Document {
        id: url_id(&meta.url),
        title: meta.title.clone(),
        published: meta.published.or(opts.published),
        url: Some(meta.url.clone()),
        source: meta
            .source
            .clone()
            .or_else(|| crate::article::host_of(&meta.url)),
        language: meta.language.clone(),
        text,
        origin: Some(origin),
    }
}

/// A news sitemap gives each article's headline but not its text: the headline becomes the
/// document (headlines state events tersely: "Ostrian troops shell Port Ostra"). Pages with
/// no headline are counted in one message: their text has to be fetched (`sitrep watch`).
fn sitemap_docs(bytes: &[u8], origin: String, opts: &ReadOptions) -> Docs {
    let map = match parse_sitemap(bytes, &origin) {
        Ok(m) => m,
        Err(e) => return one(Err(wrap(&origin, e))),
    };
    let mut out: Vec<Result<Document, ReadError>> = Vec::new();
    let mut untitled = 0usize;
    for (i, p) in map.pages.iter().enumerate() {
        match &p.title {
            Some(t) => out.push(Ok(doc_from(
                p,
                t.clone(),
                format!("{origin}: url {} ({})", i + 1, p.url),
                opts,
            ))),
            None => untitled += 1,
        }
    }
    if untitled > 0 || !map.sitemaps.is_empty() {
        out.push(Err(ReadError::Empty {
            origin: format!(
                "{origin}: {untitled} page(s) without a news title and {} further sitemap(s) listed; fetch them with `sitrep watch`",
                map.sitemaps.len()
            ),
        }));
    }
    Box::new(out.into_iter())
}

/// WARC and WARC.gz archives.
#[derive(Debug)]
pub struct ArchiveReader;

fn gunzip_head(head: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut d = flate2::read::GzDecoder::new(head);
    let mut buf = [0u8; 16];
    // A 4 KB head holds the start of the first member; reading stops at its end.
    if let Ok(n) = d.read(&mut buf) {
        out.extend_from_slice(buf.get(..n).unwrap_or(&[]));
    }
    out
}

impl ExtraReader for ArchiveReader {
    fn claims(&self, path: Option<&Path>, head: &[u8]) -> bool {
        if head.starts_with(b"WARC/1.") {
            return true;
        }
        if head.starts_with(&[0x1f, 0x8b]) {
            let named = path.is_some_and(|p| {
                p.to_string_lossy()
                    .to_ascii_lowercase()
                    .ends_with(".warc.gz")
            });
            return named || gunzip_head(head).starts_with(b"WARC/1.");
        }
        false
    }

    fn read(&self, input: Box<dyn Read + Send>, origin: String, opts: &ReadOptions) -> Docs {
        let mut input = BufReader::with_capacity(1 << 16, input);
        let gz = match std::io::BufRead::fill_buf(&mut input) {
            Ok(b) => b.starts_with(&[0x1f, 0x8b]),
            Err(e) => return one(Err(ReadError::Io { origin, source: e })),
        };
        let raw: Box<dyn Read + Send> = if gz {
            Box::new(flate2::read::MultiGzDecoder::new(input))
        } else {
            Box::new(input)
        };
        // A record holds the HTTP headers and maybe a compressed or chunked body: allow it
        // twice the document limit before skipping it.
        let max_block = opts.max_doc_bytes.saturating_mul(2);
        Box::new(ArchiveDocs {
            reader: WarcReader::new(
                BufReader::with_capacity(1 << 18, raw),
                origin.clone(),
                max_block,
            ),
            origin,
            opts: opts.clone(),
            ready: std::collections::VecDeque::new(),
            done: false,
        })
    }
}

/// Records read ahead and turned into documents together, so that HTML extraction runs on
/// all cores while the archive is read in order. Bounded in count and bytes, so memory stays
/// a few records' worth.
const READ_AHEAD_RECORDS: usize = 64;
const READ_AHEAD_BYTES: usize = 32 << 20;

struct ArchiveDocs {
    reader: WarcReader<BufReader<Box<dyn Read + Send>>>,
    origin: String,
    opts: ReadOptions,
    ready: std::collections::VecDeque<Result<Document, ReadError>>,
    done: bool,
}

/// A record read ahead, or what stopped the reading.
enum Ahead {
    Record(crate::warc::WarcRecord),
    Err(ReadError),
}

impl ArchiveDocs {
    fn fill(&mut self) {
        let mut batch: Vec<Ahead> = Vec::new();
        let mut bytes = 0usize;
        while !self.done && batch.len() < READ_AHEAD_RECORDS && bytes < READ_AHEAD_BYTES {
            match self.reader.next_record() {
                Ok(None) => self.done = true,
                Err(e) => {
                    // The reader stops after a malformed record or a read error.
                    self.done = true;
                    batch.push(Ahead::Err(wrap(&self.origin, e)));
                }
                Ok(Some(Next::Skipped { offset, uri, .. })) => {
                    batch.push(Ahead::Err(ReadError::TooLarge {
                        origin: format!(
                            "{}: record at byte {offset} ({})",
                            self.origin,
                            uri.unwrap_or_default()
                        ),
                        limit: self.opts.max_doc_bytes,
                    }));
                }
                Ok(Some(Next::Record(rec))) => {
                    bytes += rec.block.len();
                    batch.push(Ahead::Record(rec));
                }
            }
        }
        let (origin, max, date) = (&self.origin, self.opts.max_doc_bytes, self.opts.published);
        let docs: Vec<Option<Result<Document, ReadError>>> = batch
            .into_par_iter()
            .map(|a| match a {
                Ahead::Err(e) => Some(Err(e)),
                Ahead::Record(rec) => match record_document(&rec, origin, max, date) {
                    Ok(d) => d.map(Ok),
                    // An archived page with no text (a video page, an index) is common and
                    // not the user's error: skipped quietly like non-HTML records.
                    Err(FeedError::EmptyArticle { .. }) => None,
                    Err(e) => Some(Err(wrap(origin, e))),
                },
            })
            .collect();
        self.ready.extend(docs.into_iter().flatten());
    }
}

impl Iterator for ArchiveDocs {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(d) = self.ready.pop_front() {
                return Some(d);
            }
            if self.done {
                return None;
            }
            self.fill();
        }
    }
}
