//! Main-text extraction from HTML pages.
//!
//! A news page is mostly chrome (menus, share buttons, related links, scripts); only the
//! article body should reach the event extractor, or menus become "sentences" and bylines
//! become "actors". We run a WHATWG tokenizer (so unclosed tags, entities, comments, CDATA and
//! script bodies are handled as browsers do) and keep the text of the `<article>` (else
//! `<main>`, else the whole page) minus elements that never carry article prose.

use chrono::NaiveDate;
use html5gum::{
    DefaultEmitter, Emitter, ForwardingEmitter, HtmlString, StartTag, Token, Tokenizer,
};
use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::date::parse_published;

/// What a page yields: its main text and the metadata found in it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HtmlPage {
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// Plain text, paragraphs separated by blank lines.
    pub text: String,
}

/// Elements whose content is never article prose.
const SKIP: &[&[u8]] = &[
    b"script",
    b"style",
    b"noscript",
    b"nav",
    b"header",
    b"footer",
    b"aside",
    b"form",
    b"iframe",
    b"template",
    b"svg",
    b"math",
    b"button",
    b"select",
    b"canvas",
    b"object",
    b"dialog",
];

/// The minimal skip set, for pages whose whole body sits in a `<form>` or `<header>`
/// (ASP.NET sites, odd templates): used when the full skip set leaves nothing.
const SKIP_MINIMAL: &[&[u8]] = &[
    b"script",
    b"style",
    b"noscript",
    b"iframe",
    b"template",
    b"svg",
    b"math",
];

/// Elements that start a new paragraph.
const BLOCK: &[&[u8]] = &[
    b"p",
    b"div",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"li",
    b"ul",
    b"ol",
    b"dl",
    b"dt",
    b"dd",
    b"blockquote",
    b"pre",
    b"table",
    b"tr",
    b"section",
    b"article",
    b"main",
    b"figure",
    b"figcaption",
    b"hr",
    b"br",
    b"address",
    b"caption",
    b"details",
    b"summary",
    b"center",
    b"body",
    b"header",
    b"footer",
    b"nav",
    b"aside",
    b"form",
    b"fieldset",
    b"legend",
];

/// Elements that separate words without starting a paragraph.
const SPACED: &[&[u8]] = &[b"td", b"th", b"img", b"input", b"label", b"option"];

/// Void elements never have an end tag, so they must not open a skip region.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
    b"source", b"track", b"wbr",
];

/// Extracts the main text, title and publication date of an HTML page.
pub fn extract_html(html: &str) -> HtmlPage {
    let page = extract_with(html, SKIP);
    if page.text.is_empty() {
        let fallback = extract_with(html, SKIP_MINIMAL);
        return HtmlPage {
            title: page.title.or(fallback.title),
            published: page.published.or(fallback.published),
            text: fallback.text,
        };
    }
    page
}

/// Collapses whitespace the way a browser renders it and tracks pending paragraph breaks.
#[derive(Default)]
struct TextBuf {
    out: String,
    pending_space: bool,
    /// 0: none, 1: line break, 2: paragraph break (blank line).
    pending_break: u8,
}

impl TextBuf {
    fn push(&mut self, s: &str, pre: bool) {
        for c in s.chars() {
            if c.is_whitespace() {
                if pre && c == '\n' {
                    self.pending_break = self.pending_break.max(1);
                } else {
                    self.pending_space = true;
                }
                continue;
            }
            if !self.out.is_empty() {
                match self.pending_break {
                    2 => self.out.push_str("\n\n"),
                    1 => self.out.push('\n'),
                    _ if self.pending_space => self.out.push(' '),
                    _ => {}
                }
            }
            self.pending_break = 0;
            self.pending_space = false;
            self.out.push(c);
        }
    }

    fn brk(&mut self) {
        self.pending_break = 2;
    }

    fn space(&mut self) {
        self.pending_space = true;
    }
}

/// Where the publication date came from; lower is more trustworthy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DateSource {
    ArticlePublishedTime,
    JsonLd,
    ItemProp,
    MetaName,
    TimeInArticle,
}

#[derive(Default)]
struct State {
    body: TextBuf,
    skip: Vec<Vec<u8>>,
    pre_depth: usize,
    article_depth: usize,
    article_start: usize,
    articles: Vec<(usize, usize)>,
    main_depth: usize,
    main_start: usize,
    mains: Vec<(usize, usize)>,
    in_title: bool,
    title_done: bool,
    title: String,
    og_title: Option<String>,
    in_ldjson: bool,
    ldjson: String,
    date: Option<(DateSource, NaiveDate)>,
}

impl State {
    fn offer_date(&mut self, source: DateSource, value: &str) {
        if let Some(d) = parse_published(value)
            && self.date.is_none_or(|(s, _)| source < s)
        {
            self.date = Some((source, d));
        }
    }

    fn start_tag(&mut self, tag: &StartTag<()>, skip_set: &[&[u8]]) {
        let name = tag.name.as_slice();
        let attrs = &tag.attributes;
        if name == b"meta" {
            self.meta(attrs);
            return;
        }
        if name == b"script" && attr(attrs, b"type").is_some_and(|t| t.contains("ld+json")) {
            self.in_ldjson = true;
        }
        if let Some(v) = attr(attrs, b"itemprop")
            && v.eq_ignore_ascii_case("datePublished")
            && let Some(d) = attr(attrs, b"datetime").or_else(|| attr(attrs, b"content"))
        {
            self.offer_date(DateSource::ItemProp, &d);
        }
        let is_void = VOID.contains(&name) || tag.self_closing;
        if !self.skip.is_empty() || skip_set.contains(&name) {
            if !is_void && skip_set.contains(&name) {
                if self.skip.is_empty() {
                    self.separate(name);
                }
                self.skip.push(name.to_vec());
            }
            return;
        }
        match name {
            b"title" if !self.title_done => self.in_title = true,
            b"pre" => self.pre_depth += 1,
            b"article" => {
                self.body.brk();
                if self.article_depth == 0 {
                    self.article_start = self.body.out.len();
                }
                self.article_depth += 1;
            }
            b"main" => {
                self.body.brk();
                if self.main_depth == 0 {
                    self.main_start = self.body.out.len();
                }
                self.main_depth += 1;
            }
            b"time" if self.article_depth > 0 || self.main_depth > 0 => {
                if let Some(d) = attr(attrs, b"datetime") {
                    self.offer_date(DateSource::TimeInArticle, &d);
                }
            }
            _ => {}
        }
        self.separate(name);
    }

    /// A block element starts a paragraph; a few others at least separate words.
    fn separate(&mut self, name: &[u8]) {
        if BLOCK.contains(&name) {
            self.body.brk();
        } else if SPACED.contains(&name) || SKIP.contains(&name) {
            self.body.space();
        }
    }

    fn end_tag(&mut self, name: &[u8]) {
        if name == b"script" && self.in_ldjson {
            self.in_ldjson = false;
            let ld = std::mem::take(&mut self.ldjson);
            if let Some(d) = json_ld_date(&ld) {
                self.offer_date(DateSource::JsonLd, &d);
            }
        }
        if !self.skip.is_empty() {
            if let Some(pos) = self.skip.iter().rposition(|s| s == name) {
                self.skip.truncate(pos);
                if self.skip.is_empty() {
                    self.separate(name);
                }
            }
            return;
        }
        match name {
            b"title" if self.in_title => {
                self.in_title = false;
                self.title_done = true;
            }
            b"pre" => self.pre_depth = self.pre_depth.saturating_sub(1),
            b"article" if self.article_depth > 0 => {
                self.article_depth -= 1;
                if self.article_depth == 0 {
                    self.articles
                        .push((self.article_start, self.body.out.len()));
                }
            }
            b"main" if self.main_depth > 0 => {
                self.main_depth -= 1;
                if self.main_depth == 0 {
                    self.mains.push((self.main_start, self.body.out.len()));
                }
            }
            _ => {}
        }
        self.separate(name);
    }

    /// Whether [`State::text`] would keep text given now.
    fn keeps_text(&self) -> bool {
        self.in_ldjson || self.skip.is_empty()
    }

    fn text(&mut self, s: &str) {
        if self.in_ldjson {
            self.ldjson.push_str(s);
        } else if !self.skip.is_empty() {
        } else if self.in_title {
            self.title.push_str(s);
        } else {
            let pre = self.pre_depth > 0;
            self.body.push(s, pre);
        }
    }

    fn meta(&mut self, attrs: &BTreeMap<HtmlString, html5gum::Spanned<HtmlString, ()>>) {
        let Some(content) = attr(attrs, b"content") else {
            return;
        };
        let key = attr(attrs, b"property")
            .or_else(|| attr(attrs, b"name"))
            .or_else(|| attr(attrs, b"itemprop"))
            .map(|k| k.trim().to_ascii_lowercase());
        let Some(key) = key else { return };
        match key.as_str() {
            "og:title" if self.og_title.is_none() => {
                self.og_title = Some(collapse(&content));
            }
            "article:published_time" | "og:published_time" | "og:article:published_time" => {
                self.offer_date(DateSource::ArticlePublishedTime, &content)
            }
            "datepublished" => self.offer_date(DateSource::ItemProp, &content),
            "date" | "pubdate" | "dc.date" | "dc.date.issued" | "dcterms.date"
            | "dcterms.issued" | "publish-date" | "publish_date" | "publication_date"
            | "parsely-pub-date" | "sailthru.date" => {
                self.offer_date(DateSource::MetaName, &content)
            }
            _ => {}
        }
    }
}

fn attr<'a>(
    attrs: &'a BTreeMap<HtmlString, html5gum::Spanned<HtmlString, ()>>,
    name: &[u8],
) -> Option<Cow<'a, str>> {
    attrs
        .get(name)
        .map(|v| String::from_utf8_lossy(v.value.as_slice()))
}

/// Collapses runs of whitespace to one space and trims.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds `datePublished` in a JSON-LD block (possibly nested in `@graph` or an array).
fn json_ld_date(ld: &str) -> Option<String> {
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(ld.trim()) {
        return find_key(&v, "datePublished");
    }
    // Invalid JSON-LD is common (trailing commas, raw newlines): scan for the key instead.
    let at = ld.find("\"datePublished\"")? + "\"datePublished\"".len();
    let rest = ld.get(at..)?.trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    rest.get(..end).map(str::to_string)
}

fn find_key(v: &serde_json::Value, key: &str) -> Option<String> {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::String(s)) = m.get(key) {
                return Some(s.clone());
            }
            m.values().find_map(|x| find_key(x, key))
        }
        serde_json::Value::Array(a) => a.iter().find_map(|x| find_key(x, key)),
        _ => None,
    }
}

/// html5gum's default emitter with parse errors switched off. Extraction ignores them, but
/// an emitter that wants them makes the tokenizer check every byte of the page for invalid
/// characters (`CharValidator`): 5% of reading an archived page went there. Only that
/// check depends on this switch, so the tokens are the same.
struct Quiet(DefaultEmitter);

impl ForwardingEmitter for Quiet {
    type Token = Token<()>;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    #[inline]
    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

fn extract_with(html: &str, skip_set: &[&[u8]]) -> HtmlPage {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut st = State::default();
    for tok in Tokenizer::new_with_emitter(html, Quiet(emitter)) {
        let Ok(tok) = tok;
        match tok {
            Token::StartTag(tag) => st.start_tag(&tag, skip_set),
            Token::EndTag(tag) => st.end_tag(tag.name.as_slice()),
            // Text inside skipped elements (menus, scripts) is dropped before it is decoded.
            Token::String(s) if st.keeps_text() => {
                st.text(&String::from_utf8_lossy(s.value.as_slice()))
            }
            Token::String(_) | Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    let end = st.body.out.len();
    if st.article_depth > 0 {
        st.articles.push((st.article_start, end));
    }
    if st.main_depth > 0 {
        st.mains.push((st.main_start, end));
    }
    let slice = |&(a, b): &(usize, usize)| st.body.out.get(a..b).unwrap_or("").trim();
    // The longest top-level <article> is the story; shorter ones are teasers or comments.
    let article = st
        .articles
        .iter()
        .map(slice)
        .max_by_key(|s| s.len())
        .filter(|s| !s.is_empty());
    let main = st
        .mains
        .iter()
        .map(slice)
        .max_by_key(|s| s.len())
        .filter(|s| !s.is_empty());
    let text = article
        .or(main)
        .map(str::to_string)
        .unwrap_or_else(|| st.body.out.trim().to_string());
    let title = st
        .og_title
        .filter(|t| !t.is_empty())
        .or_else(|| Some(collapse(&st.title)).filter(|t| !t.is_empty()));
    HtmlPage {
        title,
        published: st.date.map(|(_, d)| d),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_paragraphs_and_drops_chrome() {
        let page = extract_html(
            "<html><head><title>T &amp; U</title><script>var x = '<p>no</p>';</script></head>\
             <body><nav><a href=/>Home</a></nav><p>One   two\nthree.</p><p>Four &lt;five&gt;.\
             <!-- hidden <p>comment</p> --></p><footer>(c) us</footer></body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("T & U"));
        assert_eq!(page.text, "One two three.\n\nFour <five>.");
    }

    #[test]
    fn prefers_article_and_reads_dates() {
        let page = extract_html(
            "<meta name=date content=2024-01-02><div>Menu</div><article><h1>Head</h1>\
             <time datetime=2024-01-03>x</time><p>Body<br>more</p></article>",
        );
        assert_eq!(page.text, "Head\n\nx\n\nBody\n\nmore");
        assert_eq!(page.published, NaiveDate::from_ymd_opt(2024, 1, 2));
    }

    #[test]
    fn json_ld_and_unclosed_tags() {
        let page = extract_html(
            "<script type=\"application/ld+json\">{\"@graph\":[{\"datePublished\":\"2023-05-06T01:02:03Z\"}]}</script>\
             <p>Unclosed <b>bold<p>Next",
        );
        assert_eq!(page.text, "Unclosed bold\n\nNext");
        assert_eq!(page.published, NaiveDate::from_ymd_opt(2023, 5, 6));
    }

    #[test]
    fn whole_page_in_a_form_falls_back() {
        let page = extract_html("<form><p>Story text.</p></form>");
        assert_eq!(page.text, "Story text.");
    }
}
