//! From fetched or archived bytes to a [`Document`]: charset, main text, metadata, id.

use chrono::NaiveDate;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use sha2::{Digest, Sha256};
use sitrep_model::Document;

use crate::error::FeedError;

/// What a feed, sitemap or archive says about an article before its page is read. The page's
/// own metadata only fills what this leaves empty: a feed's date is the publisher's, a page's
/// may be a "last updated" stamp.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleMeta {
    pub url: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// The feed's or publication's name; else the page's host is used.
    pub source: Option<String>,
    pub language: Option<String>,
}

/// The stable id of a web article: `web_` + the first 16 hex digits of the SHA-256 of its
/// canonical URL. Keyed by URL rather than content so that a page that changes (a corrected
/// casualty figure, an updated time stamp) replaces its earlier version in the store instead
/// of becoming a second report of the same events.
pub fn url_id(url: &str) -> String {
    let digest = Sha256::digest(canonical_url(url).as_bytes());
    let mut id = String::with_capacity(20);
    id.push_str("web_");
    for b in digest.iter().take(8) {
        id.push_str(&format!("{b:02x}"));
    }
    id
}

/// The URL an article is known by: fragment dropped, tracking parameters (`utm_*`, `fbclid`,
/// `gclid`) removed, scheme and host lower-cased (the `url` crate's normalisation). Feeds
/// often add campaign parameters that differ between polls; without this every poll would
/// look like new articles.
pub fn canonical_url(raw: &str) -> String {
    let Ok(mut u) = url::Url::parse(raw.trim()) else {
        return raw.trim().to_string();
    };
    u.set_fragment(None);
    if u.query().is_some() {
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| {
                let k = k.to_ascii_lowercase();
                !(k.starts_with("utm_") || k == "fbclid" || k == "gclid" || k == "mc_cid")
            })
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            u.set_query(None);
        } else {
            u.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    u.to_string()
}

/// The host of a URL, for `source` when nothing better names the publication.
pub fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
}

/// The charset named in a Content-Type value (`text/html; charset=ISO-8859-1`).
pub fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// The charset a page declares in its first 4 KB (`<meta charset>` or the `http-equiv`
/// Content-Type form).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..4096).unwrap_or(bytes);
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(lower.get(from..)?, b"charset=") {
        let start = from + at + 8;
        let rest = lower.get(start..)?;
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
            .unwrap_or(rest.len());
        if let Some(enc) = rest.get(..end).and_then(Encoding::for_label) {
            return Some(enc);
        }
        from = start;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes a page: byte-order mark, else the header's charset, else the page's `<meta>`
/// charset, else UTF-8, else Windows-1252 (what browsers fall back to for Western pages).
///
/// A header that claims UTF-8 for bytes that are not is common (a server default over old
/// pages): then the page's own declaration, or Windows-1252, is tried before accepting
/// replacement characters.
pub fn decode_page(bytes: &[u8], header_charset: Option<&str>) -> String {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes.get(bom..).unwrap_or(&[]));
        return text.into_owned();
    }
    let declared = header_charset.and_then(|c| Encoding::for_label(c.as_bytes()));
    // Tried in this order; the page's `<meta>` is only searched when the header's charset
    // is missing or wrong (most archived pages are UTF-8 and say so in the header).
    let candidates = declared
        .into_iter()
        .chain(std::iter::once_with(|| meta_charset(bytes)).flatten())
        .chain(std::iter::once(UTF_8));
    for enc in candidates {
        let (text, malformed) = enc.decode_without_bom_handling(bytes);
        if !malformed {
            return text.into_owned();
        }
    }
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// The `lang` attribute of the `<html>` element, if any (`en-GB` becomes `en`).
pub fn html_lang(html: &str) -> Option<String> {
    let head = html.get(..html.len().min(8192)).unwrap_or(html);
    let lower = head.to_ascii_lowercase();
    let at = lower.find("<html")?;
    let tag_end = lower.get(at..)?.find('>')? + at;
    let tag = lower.get(at..tag_end)?;
    let l = tag.find(" lang=")? + 6;
    let v = tag.get(l..)?.trim_start_matches(['"', '\'']);
    let end = v
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(v.len());
    let code = v.get(..end)?.split(['-', '_']).next()?.to_string();
    (!code.is_empty()).then_some(code)
}

/// The main text of a decoded page as a document about `meta.url`.
pub fn page_document(
    html: &str,
    meta: &ArticleMeta,
    fallback_date: Option<NaiveDate>,
    origin: String,
) -> Result<Document, FeedError> {
    let page = sitrep_io::extract_html(html);
    if page.text.trim().is_empty() {
        return Err(FeedError::EmptyArticle {
            url: meta.url.clone(),
        });
    }
    Ok(Document {
        id: url_id(&meta.url),
        title: meta.title.clone().or(page.title),
        published: meta.published.or(page.published).or(fallback_date),
        url: Some(meta.url.clone()),
        source: meta.source.clone().or_else(|| host_of(&meta.url)),
        language: meta.language.clone().or_else(|| html_lang(html)),
        text: page.text,
        origin: Some(origin),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_ignore_tracking_parameters_and_fragments() {
        let a = url_id("https://News.Example.org/a/1?utm_source=rss&id=7#top");
        let b = url_id("https://news.example.org/a/1?id=7");
        assert_eq!(a, b);
        assert_ne!(a, url_id("https://news.example.org/a/1?id=8"));
        assert!(a.starts_with("web_") && a.len() == 20);
    }

    #[test]
    fn charset_from_header_then_meta_then_fallback() {
        let latin1 = b"<p>Caf\xe9 in Valdor\xeda</p>";
        assert_eq!(
            decode_page(latin1, Some("iso-8859-1")),
            "<p>Café in Valdoría</p>"
        );
        // A header that wrongly claims UTF-8: the bytes are not, so Windows-1252 is used.
        assert_eq!(
            decode_page(latin1, Some("utf-8")),
            "<p>Café in Valdoría</p>"
        );
        let meta = b"<meta charset=\"windows-1251\"><p>\xcc\xe8\xf0</p>";
        assert!(decode_page(meta, None).contains("Мир"));
        assert_eq!(decode_page("é".as_bytes(), None), "é");
        assert_eq!(charset_param("text/html; Charset=\"UTF-8\""), Some("UTF-8"));
    }

    #[test]
    fn html_lang_is_read() {
        assert_eq!(
            html_lang("<!doctype html><html class=x lang=\"fr-CA\">"),
            Some("fr".into())
        );
        assert_eq!(html_lang("<html>"), None);
    }
}
