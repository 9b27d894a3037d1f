//! RSS 2.0, RSS 1.0 (RDF), Atom (and JSON Feed) through `feed-rs`, and telling feeds from
//! sitemaps by their root element.

use chrono::NaiveDate;

use crate::article::{ArticleMeta, host_of};
use crate::error::FeedError;

/// One feed item: what the feed says about an article, and the HTML (or text) it carries,
/// full content when the feed gives it, else the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    pub meta: ArticleMeta,
    pub body: Option<String>,
}

/// A parsed feed.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub language: Option<String>,
    pub entries: Vec<FeedEntry>,
}

/// What an XML document is, from its root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlKind {
    /// `<rss>`, `<feed>` (Atom) or `<rdf:RDF>`.
    Feed,
    /// `<urlset>` or `<sitemapindex>`.
    Sitemap,
}

/// The name of the first element of an XML document, skipping the declaration, comments,
/// processing instructions and the doctype. Looks at the bytes given (the first 4 KB do).
pub fn root_element(head: &[u8]) -> Option<String> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut i = 0;
    while i < head.len() {
        let rest = head.get(i..)?;
        if rest.starts_with(b"<!--") {
            i += rest.windows(3).position(|w| w == b"-->")? + 3;
        } else if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            i += rest.iter().position(|&b| b == b'>')? + 1;
        } else if rest.starts_with(b"<") {
            let name: Vec<u8> = rest
                .iter()
                .skip(1)
                .take_while(|b| !(b.is_ascii_whitespace() || matches!(b, b'>' | b'/')))
                .copied()
                .collect();
            return Some(String::from_utf8_lossy(&name).into_owned());
        } else if rest.first().is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        } else {
            return None;
        }
    }
    None
}

/// Whether the first bytes are a feed or a sitemap.
pub fn xml_kind(head: &[u8]) -> Option<XmlKind> {
    let root = root_element(head)?;
    let local = root
        .rsplit(':')
        .next()
        .unwrap_or(&root)
        .to_ascii_lowercase();
    match local.as_str() {
        "rss" | "feed" | "rdf" => Some(XmlKind::Feed),
        "urlset" | "sitemapindex" => Some(XmlKind::Sitemap),
        _ => None,
    }
}

/// Parses a feed. `base` (the feed's own URL) resolves relative item links.
pub fn parse_feed(bytes: &[u8], base: Option<&str>, origin: &str) -> Result<ParsedFeed, FeedError> {
    let parser = feed_rs::parser::Builder::new().base_uri(base).build();
    let feed = parser.parse(bytes).map_err(|e| FeedError::MalformedFeed {
        origin: origin.to_string(),
        detail: e.to_string(),
    })?;
    let title = feed
        .title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    let language = feed.language.clone().map(|l| short_lang(&l));
    let base_url = base.and_then(|b| url::Url::parse(b).ok());
    let mut entries = Vec::with_capacity(feed.entries.len());
    for e in feed.entries {
        let link = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(e.links.first())
            .map(|l| l.href.clone())
            .or_else(|| e.id.starts_with("http").then(|| e.id.clone()));
        let Some(link) = link else { continue };
        // feed-rs resolves against xml:base; the feed's own URL covers the rest.
        let url = match (&base_url, url::Url::parse(&link)) {
            (_, Ok(u)) => u.to_string(),
            (Some(b), Err(_)) => match b.join(&link) {
                Ok(u) => u.to_string(),
                Err(_) => continue,
            },
            (None, Err(_)) => link,
        };
        let published: Option<NaiveDate> = e.published.or(e.updated).map(|d| d.date_naive());
        let body = e
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
            .filter(|b| !b.trim().is_empty());
        entries.push(FeedEntry {
            meta: ArticleMeta {
                title: e
                    .title
                    .as_ref()
                    .map(|t| t.content.trim().to_string())
                    .filter(|t| !t.is_empty()),
                published,
                source: title.clone().or_else(|| base.and_then(host_of)),
                language: e
                    .language
                    .as_deref()
                    .map(short_lang)
                    .or_else(|| language.clone()),
                url,
            },
            body,
        });
    }
    Ok(ParsedFeed {
        title,
        language,
        entries,
    })
}

/// `en-US` → `en`: the store and the extractor key languages by their primary subtag.
fn short_lang(l: &str) -> String {
    l.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<!-- a feed written for the tests -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valdoria Daily</title><link>https://daily.example.net/</link><language>en-GB</language>
<item><title>Shelling near Port Ostra</title><link>/world/port-ostra?utm_source=rss</link>
<pubDate>Tue, 04 Mar 2031 09:30:00 GMT</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>Ostrian forces shelled Port Ostra on Monday.</p>]]></content:encoded></item>
<item><title>No link here</title></item>
</channel></rss>"#;

    #[test]
    fn rss_items_keep_url_title_date_source_language() {
        let f = parse_feed(RSS.as_bytes(), Some("https://daily.example.net/rss"), "rss").unwrap();
        assert_eq!(f.entries.len(), 1);
        let e = &f.entries[0];
        assert_eq!(
            e.meta.url,
            "https://daily.example.net/world/port-ostra?utm_source=rss"
        );
        assert_eq!(e.meta.title.as_deref(), Some("Shelling near Port Ostra"));
        assert_eq!(e.meta.published, NaiveDate::from_ymd_opt(2031, 3, 4));
        assert_eq!(e.meta.source.as_deref(), Some("Valdoria Daily"));
        assert_eq!(e.meta.language.as_deref(), Some("en"));
        assert!(e.body.as_deref().unwrap().contains("shelled Port Ostra"));
    }

    #[test]
    fn atom_and_rdf_parse() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Ostria Wire</title><id>urn:x</id>
          <updated>2031-05-01T00:00:00Z</updated>
          <entry><id>urn:1</id><title>Talks resume</title><link href="https://wire.example.com/1"/>
          <published>2031-05-01T10:00:00Z</published><summary>Envoys met.</summary></entry></feed>"#;
        let f = parse_feed(atom.as_bytes(), None, "atom").unwrap();
        assert_eq!(f.entries[0].meta.url, "https://wire.example.com/1");
        assert_eq!(f.entries[0].body.as_deref(), Some("Envoys met."));
        let rdf = r#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
          <channel rdf:about="https://r.example.org/"><title>R</title><link>https://r.example.org/</link><description>d</description></channel>
          <item rdf:about="https://r.example.org/a"><title>A</title><link>https://r.example.org/a</link><description>Protest in Lusk.</description></item>
          </rdf:RDF>"#;
        assert_eq!(xml_kind(rdf.as_bytes()), Some(XmlKind::Feed));
        let f = parse_feed(rdf.as_bytes(), None, "rdf").unwrap();
        assert_eq!(f.entries[0].meta.url, "https://r.example.org/a");
    }

    #[test]
    fn roots_are_sniffed() {
        assert_eq!(xml_kind(RSS.as_bytes()), Some(XmlKind::Feed));
        assert_eq!(
            xml_kind(b"\xEF\xBB\xBF<?xml version='1.0'?>\n<urlset>"),
            Some(XmlKind::Sitemap)
        );
        assert_eq!(xml_kind(b"<!DOCTYPE html><html>"), None);
        assert_eq!(xml_kind(b"plain text"), None);
    }

    #[test]
    fn malformed_feed_is_a_named_error() {
        let e = parse_feed(b"<rss><channel><item><title>x</channel>", None, "bad.rss").unwrap_err();
        assert_eq!(e.kind(), "malformed_feed", "{e}");
    }
}
