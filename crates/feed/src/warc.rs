//! WARC 1.0 / 1.1 web archives, plain or gzip-compressed member by member (as Common Crawl
//! writes them), read as a stream: memory is bounded by one record, never by the archive.

use chrono::NaiveDate;
use std::io::{BufRead, Read, Write};

use crate::article::{ArticleMeta, charset_param, decode_page, page_document};
use crate::error::FeedError;
use sitrep_model::Document;

/// One WARC record: its named header fields (names lower-cased) and its block.
#[derive(Debug, Clone, PartialEq)]
pub struct WarcRecord {
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
    /// Offset of the record in the (uncompressed) stream, for messages.
    pub offset: u64,
}

impl WarcRecord {
    /// The first value of a header field (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What reading the next record gave.
pub enum Next {
    Record(WarcRecord),
    /// A record whose block is over the limit: skipped without being held in memory.
    Skipped {
        offset: u64,
        uri: Option<String>,
        length: u64,
    },
}

/// Streams records from an uncompressed WARC byte stream (wrap a `.warc.gz` in
/// `flate2::read::MultiGzDecoder`, which reads gzip members one after the other).
pub struct WarcReader<R> {
    reader: R,
    origin: String,
    offset: u64,
    max_block: u64,
    done: bool,
}

impl<R: BufRead> WarcReader<R> {
    pub fn new(reader: R, origin: impl Into<String>, max_block: u64) -> Self {
        WarcReader {
            reader,
            origin: origin.into(),
            offset: 0,
            max_block,
            done: false,
        }
    }

    fn io(&self, e: std::io::Error) -> FeedError {
        FeedError::Io {
            origin: format!("{} (byte {})", self.origin, self.offset),
            source: e,
        }
    }

    fn malformed(&self, offset: u64, detail: impl Into<String>) -> FeedError {
        FeedError::MalformedWarc {
            origin: self.origin.clone(),
            offset,
            detail: detail.into(),
        }
    }

    /// One header line without its line end; `None` at the end of the stream. Lines are
    /// capped at 64 KB so that a binary file cannot make one unbounded line.
    fn line(&mut self) -> Result<Option<String>, FeedError> {
        let mut buf = Vec::new();
        let n = (&mut self.reader)
            .take(64 * 1024)
            .read_until(b'\n', &mut buf)
            .map_err(|e| self.io(e))?;
        if n == 0 {
            return Ok(None);
        }
        self.offset += n as u64;
        if buf.last() != Some(&b'\n') && n == 64 * 1024 {
            return Err(self.malformed(self.offset, "header line longer than 64 KB"));
        }
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    /// The next record, or `None` at the end of the archive.
    pub fn next_record(&mut self) -> Result<Option<Next>, FeedError> {
        if self.done {
            return Ok(None);
        }
        // Blank lines between records (the block's trailing CRLF CRLF) are skipped.
        let start;
        loop {
            let at = self.offset;
            match self.line() {
                Ok(None) => {
                    self.done = true;
                    return Ok(None);
                }
                Ok(Some(l)) if l.trim().is_empty() => continue,
                Ok(Some(l)) if l.starts_with("WARC/") => {
                    start = at;
                    break;
                }
                Ok(Some(l)) => {
                    self.done = true;
                    let shown: String = l.chars().take(40).collect();
                    return Err(self.malformed(
                        at,
                        format!("expected a WARC/1.x version line, found {shown:?}"),
                    ));
                }
                Err(e) => {
                    self.done = true;
                    return Err(e);
                }
            }
        }
        let mut headers = Vec::new();
        loop {
            match self.line() {
                Ok(Some(l)) if l.is_empty() => break,
                Ok(Some(l)) => match l.split_once(':') {
                    Some((k, v)) => {
                        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()))
                    }
                    None => {
                        self.done = true;
                        return Err(
                            self.malformed(start, format!("header line without a colon: {l:?}"))
                        );
                    }
                },
                Ok(None) => {
                    self.done = true;
                    return Err(self.malformed(start, "archive ends inside a record header"));
                }
                Err(e) => {
                    self.done = true;
                    return Err(e);
                }
            }
        }
        let length = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse::<u64>().ok());
        let Some(length) = length else {
            self.done = true;
            return Err(self.malformed(start, "record without a valid Content-Length"));
        };
        if length > self.max_block {
            let skipped = std::io::copy(&mut (&mut self.reader).take(length), &mut std::io::sink())
                .map_err(|e| self.io(e))?;
            self.offset += skipped;
            if skipped < length {
                self.done = true;
                return Err(self.malformed(start, "archive ends inside a record"));
            }
            let uri = headers
                .iter()
                .find(|(k, _)| k == "warc-target-uri")
                .map(|(_, v)| v.clone());
            return Ok(Some(Next::Skipped {
                offset: start,
                uri,
                length,
            }));
        }
        let mut block = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
        (&mut self.reader)
            .take(length)
            .read_to_end(&mut block)
            .map_err(|e| self.io(e))?;
        self.offset += block.len() as u64;
        if (block.len() as u64) < length {
            self.done = true;
            return Err(self.malformed(start, "archive ends inside a record"));
        }
        Ok(Some(Next::Record(WarcRecord {
            headers,
            block,
            offset: start,
        })))
    }
}

/// An HTTP response as archived: status, header fields (names lower-cased) and body.
pub struct HttpResponse<'a> {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

impl HttpResponse<'_> {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Splits an archived HTTP response into status, headers and body.
pub fn parse_http(block: &[u8]) -> Option<HttpResponse<'_>> {
    let end = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| {
            block
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|i| (i, i + 2))
        })?;
    let head = String::from_utf8_lossy(block.get(..end.0)?);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(HttpResponse {
        status,
        headers,
        body: block.get(end.1..)?,
    })
}

/// Undoes `Transfer-Encoding: chunked` (some crawlers archive the body as sent).
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let nl = rest.iter().position(|&b| b == b'\n')?;
        let size_line = String::from_utf8_lossy(rest.get(..nl)?);
        let size = usize::from_str_radix(size_line.trim().split(';').next()?.trim(), 16).ok()?;
        rest = rest.get(nl + 1..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?;
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}

/// The document in one archived record, `Ok(None)` for records that are not an HTML page
/// (request and metadata records, redirects, images, scripts).
/// `default_date` (the user's `--published`) comes before the crawl date for pages that state
/// no date of their own.
pub fn record_document(
    rec: &WarcRecord,
    origin: &str,
    max_doc: u64,
    default_date: Option<NaiveDate>,
) -> Result<Option<Document>, FeedError> {
    let kind = rec.header("warc-type").unwrap_or("");
    let Some(uri) = rec.header("warc-target-uri") else {
        return Ok(None);
    };
    let uri = uri.trim_matches(['<', '>']).to_string();
    // The crawl date: not the publication date, but the latest it can be, so relative
    // dates in the text resolve near the truth when the page states no date.
    let crawled: Option<NaiveDate> =
        default_date.or_else(|| rec.header("warc-date").and_then(sitrep_io::parse_published));
    let origin = format!("{origin}: record at byte {} ({uri})", rec.offset);
    let (content_type, body): (String, std::borrow::Cow<'_, [u8]>) = match kind {
        "response" => {
            let Some(http) = parse_http(&rec.block) else {
                return Ok(None);
            };
            if http.status != 200 {
                return Ok(None);
            }
            let ct = http.header("content-type").unwrap_or("").to_string();
            let mut body: std::borrow::Cow<'_, [u8]> = http.body.into();
            if http
                .header("transfer-encoding")
                .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
                && let Some(b) = dechunk(&body)
            {
                body = b.into();
            }
            if http
                .header("content-encoding")
                .is_some_and(|t| t.eq_ignore_ascii_case("gzip"))
            {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&body[..])
                    .take(max_doc + 1)
                    .read_to_end(&mut out)
                    .map_err(|e| FeedError::Io {
                        origin: origin.clone(),
                        source: e,
                    })?;
                body = out.into();
            }
            (ct, body)
        }
        "resource" => (
            rec.header("content-type").unwrap_or("").to_string(),
            rec.block.as_slice().into(),
        ),
        _ => return Ok(None),
    };
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !(mime == "text/html" || mime == "application/xhtml+xml" || mime.is_empty()) {
        return Ok(None);
    }
    if body.len() as u64 > max_doc {
        return Err(FeedError::TooLarge {
            url: uri,
            limit: max_doc,
        });
    }
    let html = decode_page(&body, charset_param(&content_type));
    let meta = ArticleMeta {
        url: uri,
        ..ArticleMeta::default()
    };
    page_document(&html, &meta, crawled, origin).map(Some)
}

/// Writes WARC 1.1 records, each gzip-compressed as its own member when `gzip` is set (the
/// layout crawlers produce, which lets readers seek to a record). Used to build test archives
/// and benchmark inputs.
pub struct WarcWriter<W: Write> {
    out: W,
    gzip: bool,
    serial: u64,
}

impl<W: Write> WarcWriter<W> {
    pub fn new(out: W, gzip: bool) -> Self {
        WarcWriter {
            out,
            gzip,
            serial: 0,
        }
    }

    /// Writes one record with the given type, extra header fields and block.
    pub fn record(
        &mut self,
        warc_type: &str,
        fields: &[(&str, &str)],
        block: &[u8],
    ) -> std::io::Result<()> {
        self.serial += 1;
        let mut rec = Vec::with_capacity(block.len() + 512);
        write!(rec, "WARC/1.1\r\nWARC-Type: {warc_type}\r\n")?;
        write!(
            rec,
            "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{:012x}>\r\n",
            self.serial
        )?;
        for (k, v) in fields {
            write!(rec, "{k}: {v}\r\n")?;
        }
        write!(rec, "Content-Length: {}\r\n\r\n", block.len())?;
        rec.extend_from_slice(block);
        rec.extend_from_slice(b"\r\n\r\n");
        if self.gzip {
            let mut gz = flate2::write::GzEncoder::new(&mut self.out, flate2::Compression::fast());
            gz.write_all(&rec)?;
            gz.finish()?;
        } else {
            self.out.write_all(&rec)?;
        }
        Ok(())
    }

    /// Writes a `warcinfo`, a `request` and a `response` record for one fetched page, as a
    /// crawler does.
    pub fn page(
        &mut self,
        url: &str,
        date: &str,
        content_type: &str,
        body: &[u8],
    ) -> std::io::Result<()> {
        let request = format!("GET {url} HTTP/1.1\r\nUser-Agent: sitrep-test\r\n\r\n");
        self.record(
            "request",
            &[
                ("WARC-Target-URI", url),
                ("WARC-Date", date),
                ("Content-Type", "application/http; msgtype=request"),
            ],
            request.as_bytes(),
        )?;
        let mut http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        http.extend_from_slice(body);
        self.record(
            "response",
            &[
                ("WARC-Target-URI", url),
                ("WARC-Date", date),
                ("Content-Type", "application/http; msgtype=response"),
            ],
            &http,
        )
    }

    pub fn get_ref(&self) -> &W {
        &self.out
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    fn archive(gzip: bool) -> Vec<u8> {
        let mut w = WarcWriter::new(Vec::new(), gzip);
        w.record(
            "warcinfo",
            &[
                ("WARC-Date", "2031-06-01T00:00:00Z"),
                ("Content-Type", "application/warc-fields"),
            ],
            b"software: sitrep tests\r\n",
        )
        .unwrap();
        w.page(
            "https://news.example.org/ostria/1",
            "2031-06-01T10:00:00Z",
            "text/html; charset=iso-8859-1",
            b"<html lang=\"en\"><title>Clashes in Lusk</title><article><p>Police and protesters clashed in Lusk on Sunday, the caf\xe9 owners said.</p></article></html>",
        )
        .unwrap();
        w.page(
            "https://news.example.org/logo.png",
            "2031-06-01T10:00:01Z",
            "image/png",
            b"\x89PNG\r\n",
        )
        .unwrap();
        w.into_inner()
    }

    fn docs(bytes: Vec<u8>, gzip: bool) -> Vec<Result<Option<Document>, FeedError>> {
        let inner: Box<dyn Read> = if gzip {
            Box::new(flate2::read::MultiGzDecoder::new(std::io::Cursor::new(
                bytes,
            )))
        } else {
            Box::new(std::io::Cursor::new(bytes))
        };
        let mut r = WarcReader::new(BufReader::new(inner), "t.warc", 1 << 20);
        let mut out = Vec::new();
        while let Some(n) = r.next_record().transpose() {
            out.push(n.and_then(|n| match n {
                Next::Record(rec) => record_document(&rec, "t.warc", 1 << 20, None),
                Next::Skipped { .. } => Ok(None),
            }));
        }
        out
    }

    #[test]
    fn response_records_become_documents_plain_and_gzip() {
        for gz in [false, true] {
            let out = docs(archive(gz), gz);
            assert_eq!(out.len(), 5, "warcinfo + 2 requests + 2 responses");
            let found: Vec<Document> = out.into_iter().filter_map(|r| r.unwrap()).collect();
            assert_eq!(found.len(), 1);
            let d = &found[0];
            assert_eq!(d.url.as_deref(), Some("https://news.example.org/ostria/1"));
            assert_eq!(d.title.as_deref(), Some("Clashes in Lusk"));
            assert_eq!(d.language.as_deref(), Some("en"));
            assert_eq!(d.source.as_deref(), Some("news.example.org"));
            assert_eq!(d.published, NaiveDate::from_ymd_opt(2031, 6, 1));
            assert!(d.text.contains("café owners"), "{}", d.text);
        }
    }

    #[test]
    fn a_hand_written_warc_1_0_response_is_read() {
        // As WARC 1.0 crawlers (Heritrix, wget) write it: version 1.0, the target URI in
        // angle brackets as in the 1.0 draft's examples, HTTP headers in the block.
        let http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
                    <html lang=\"fr\"><title>Heurts \u{e0} Lusk</title><article><p>Des manifestants \
                    ont \u{e9}t\u{e9} arr\u{ea}t\u{e9}s \u{e0} Lusk.</p></article></html>";
        let rec = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <https://news.example.org/fr/2>\r\n\
             WARC-Date: 2031-06-02T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:0>\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        let out = docs(rec.into_bytes(), false);
        assert_eq!(out.len(), 1);
        let d = out[0].as_ref().unwrap().as_ref().unwrap();
        assert_eq!(d.url.as_deref(), Some("https://news.example.org/fr/2"));
        assert_eq!(d.title.as_deref(), Some("Heurts \u{e0} Lusk"));
        assert_eq!(d.language.as_deref(), Some("fr"));
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2031, 6, 2));
        assert!(d.text.contains("arr\u{ea}t\u{e9}s"), "{}", d.text);
    }

    #[test]
    fn truncated_and_garbage_archives_are_named_errors() {
        let mut bytes = archive(false);
        bytes.truncate(bytes.len() - 40);
        let out = docs(bytes, false);
        let last = out.last().unwrap().as_ref().unwrap_err();
        assert_eq!(last.kind(), "malformed_warc", "{last}");
        let out = docs(b"hello world\n".to_vec(), false);
        assert_eq!(out[0].as_ref().unwrap_err().kind(), "malformed_warc");
    }

    #[test]
    fn oversized_records_are_skipped_without_reading_them_into_memory() {
        let mut w = WarcWriter::new(Vec::new(), false);
        w.page(
            "https://x.example/big",
            "2031-01-01T00:00:00Z",
            "text/html",
            &vec![b'a'; 5000],
        )
        .unwrap();
        let bytes = w.into_inner();
        let mut r = WarcReader::new(BufReader::new(std::io::Cursor::new(bytes)), "b", 1000);
        let mut skipped = 0;
        while let Some(n) = r.next_record().unwrap() {
            if let Next::Skipped { length, .. } = n {
                assert!(length > 1000);
                skipped += 1;
            }
        }
        assert_eq!(skipped, 1);
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
    }
}
