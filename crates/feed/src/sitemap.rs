//! Sitemaps (`<urlset>`, with the Google News extension) and sitemap indexes.
//!
//! A news sitemap lists a site's articles of the last two days with their title, date,
//! publication and language; plain sitemaps list URLs with `lastmod` only. Both give the
//! watch loop pages to fetch; an index lists further sitemaps.

use chrono::NaiveDate;
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::article::ArticleMeta;
use crate::error::FeedError;

/// A parsed sitemap.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sitemap {
    /// Pages (`<urlset>`), with what the news extension says about each.
    pub pages: Vec<ArticleMeta>,
    /// Further sitemaps (`<sitemapindex>`).
    pub sitemaps: Vec<String>,
}

/// Which element's text is being read.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Loc,
    LastMod,
    Title,
    PubDate,
    PubName,
    Language,
}

/// Parses a sitemap or sitemap index. Unknown elements (images, videos, `changefreq`) are
/// ignored; a document whose root is neither `urlset` nor `sitemapindex` is refused.
pub fn parse_sitemap(bytes: &[u8], origin: &str) -> Result<Sitemap, FeedError> {
    // Text is trimmed per element, not per event: an entity splits the text into events.
    let mut reader = Reader::from_reader(bytes);
    let bad = |detail: String| FeedError::MalformedSitemap {
        origin: origin.to_string(),
        detail,
    };
    let mut out = Sitemap::default();
    let mut root: Option<String> = None;
    let mut field = Field::None;
    let mut text = String::new();
    let mut cur = ArticleMeta::default();
    let mut lastmod: Option<NaiveDate> = None;
    let mut in_entry = false;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| bad(format!("{e} (at byte {})", reader.error_position())))?;
        match ev {
            Event::Start(e) => {
                let name = e.local_name();
                let name = AsRef::<str>::as_ref(&name).to_ascii_lowercase();
                if root.is_none() {
                    if name != "urlset" && name != "sitemapindex" {
                        return Err(FeedError::UnknownXml {
                            origin: origin.to_string(),
                            root: name,
                        });
                    }
                    root = Some(name);
                    continue;
                }
                text.clear();
                field = match name.as_str() {
                    "url" | "sitemap" => {
                        in_entry = true;
                        cur = ArticleMeta::default();
                        lastmod = None;
                        Field::None
                    }
                    "loc" => Field::Loc,
                    "lastmod" => Field::LastMod,
                    "title" => Field::Title,
                    "publication_date" => Field::PubDate,
                    "name" => Field::PubName,
                    "language" => Field::Language,
                    _ => Field::None,
                };
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => {
                    let name = r.xml10_content();
                    let v = quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| bad(format!("unknown entity &{name};")))?;
                    text.push_str(v);
                }
            },
            Event::End(e) => {
                let name = e.local_name();
                let name = AsRef::<str>::as_ref(&name).to_ascii_lowercase();
                let value = text.trim().to_string();
                text.clear();
                match field {
                    Field::Loc if in_entry => cur.url = value,
                    Field::LastMod => lastmod = sitrep_io::parse_published(&value),
                    Field::Title => cur.title = Some(value).filter(|v| !v.is_empty()),
                    Field::PubDate => cur.published = sitrep_io::parse_published(&value),
                    Field::PubName => cur.source = Some(value).filter(|v| !v.is_empty()),
                    Field::Language => cur.language = Some(value).filter(|v| !v.is_empty()),
                    _ => {}
                }
                field = Field::None;
                if in_entry && (name == "url" || name == "sitemap") {
                    in_entry = false;
                    let mut item = std::mem::take(&mut cur);
                    if item.url.is_empty() {
                        continue;
                    }
                    if name == "sitemap" {
                        out.sitemaps.push(item.url);
                    } else {
                        // `lastmod` is when the page last changed: a date, if no better one.
                        item.published = item.published.or(lastmod);
                        out.pages.push(item);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if root.is_none() {
        return Err(bad("no root element".into()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEWS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://news.example.org/valdoria/ceasefire-talks?a=1&amp;b=2</loc>
    <news:news>
      <news:publication><news:name>Example Herald</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2031-04-02T08:00:00+02:00</news:publication_date>
      <news:title>Valdoria &amp; Ostria agree to talks</news:title>
    </news:news>
  </url>
  <url><loc>https://news.example.org/about</loc><lastmod>2031-01-05</lastmod></url>
</urlset>"#;

    #[test]
    fn news_sitemap_entries_keep_their_metadata() {
        let s = parse_sitemap(NEWS.as_bytes(), "t.xml").unwrap();
        assert_eq!(s.pages.len(), 2);
        let a = &s.pages[0];
        assert_eq!(
            a.url,
            "https://news.example.org/valdoria/ceasefire-talks?a=1&b=2"
        );
        assert_eq!(a.title.as_deref(), Some("Valdoria & Ostria agree to talks"));
        assert_eq!(a.source.as_deref(), Some("Example Herald"));
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2031, 4, 2));
        assert_eq!(s.pages[1].published, NaiveDate::from_ymd_opt(2031, 1, 5));
    }

    #[test]
    fn index_lists_sitemaps() {
        let x = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>https://news.example.org/s1.xml</loc></sitemap>
          <sitemap><loc>https://news.example.org/s2.xml</loc></sitemap></sitemapindex>"#;
        let s = parse_sitemap(x.as_bytes(), "i.xml").unwrap();
        assert_eq!(s.sitemaps.len(), 2);
        assert!(s.pages.is_empty());
    }

    #[test]
    fn malformed_and_foreign_xml_are_named_errors() {
        let e = parse_sitemap(b"<urlset><url><loc>x</url></urlset>", "m.xml").unwrap_err();
        assert_eq!(e.kind(), "malformed_sitemap", "{e}");
        let e = parse_sitemap(b"<html><body/></html>", "h.xml").unwrap_err();
        assert_eq!(e.kind(), "unknown_xml");
    }
}
