//! Why a feed, page or archive record could not become a document.

/// Every failure has a short stable name ([`FeedError::kind`]) so that logs can be counted
/// and alerted on, and a message naming the URL or file it concerns.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("{url}: HTTP status {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: timed out after {secs} s")]
    Timeout { url: String, secs: u64 },
    #[error("{url}: response larger than the limit of {limit} bytes")]
    TooLarge { url: String, limit: u64 },
    #[error("{url}: redirect loop (back to {to})")]
    RedirectLoop { url: String, to: String },
    #[error("{url}: more than {limit} redirects")]
    TooManyRedirects { url: String, limit: u32 },
    #[error("{url}: redirect without a usable Location header")]
    BadRedirect { url: String },
    #[error("{url}: disallowed by robots.txt")]
    RobotsDenied { url: String },
    #[error("{url}: robots.txt unavailable ({detail}); the host is skipped this poll")]
    RobotsUnavailable { url: String, detail: String },
    #[error("{url}: host is backing off after errors; next try in {secs} s")]
    BackedOff { url: String, secs: u64 },
    #[error("{url}: cannot connect: {detail}")]
    Connect { url: String, detail: String },
    #[error("{url}: {detail}")]
    Http { url: String, detail: String },
    #[error("{url}: not a web page (Content-Type {content_type})")]
    NotHtml { url: String, content_type: String },
    #[error("{url}: no article text found in the page")]
    EmptyArticle { url: String },
    #[error("{origin}: malformed feed: {detail}")]
    MalformedFeed { origin: String, detail: String },
    #[error("{origin}: malformed sitemap: {detail}")]
    MalformedSitemap { origin: String, detail: String },
    #[error("{origin}: not a feed or sitemap (root element <{root}>)")]
    UnknownXml { origin: String, root: String },
    #[error("{origin}: malformed WARC record at byte {offset}: {detail}")]
    MalformedWarc {
        origin: String,
        offset: u64,
        detail: String,
    },
    #[error("{url}: invalid URL: {detail}")]
    BadUrl { url: String, detail: String },
    #[error("{origin}: {source}")]
    Io {
        origin: String,
        #[source]
        source: std::io::Error,
    },
}

impl FeedError {
    /// A short stable name for logs (`--json` writes it as `"error"`).
    pub fn kind(&self) -> &'static str {
        match self {
            FeedError::Status { status: 304, .. } => "not_modified",
            FeedError::Status {
                status: 404 | 410, ..
            } => "not_found",
            FeedError::Status { status: 429, .. } => "rate_limited",
            FeedError::Status { status, .. } if *status >= 500 => "server_error",
            FeedError::Status { .. } => "http_status",
            FeedError::Timeout { .. } => "timeout",
            FeedError::TooLarge { .. } => "too_large",
            FeedError::RedirectLoop { .. } => "redirect_loop",
            FeedError::TooManyRedirects { .. } => "too_many_redirects",
            FeedError::BadRedirect { .. } => "bad_redirect",
            FeedError::RobotsDenied { .. } => "robots_denied",
            FeedError::RobotsUnavailable { .. } => "robots_unavailable",
            FeedError::BackedOff { .. } => "backed_off",
            FeedError::Connect { .. } => "connect_failed",
            FeedError::Http { .. } => "http_error",
            FeedError::NotHtml { .. } => "not_html",
            FeedError::EmptyArticle { .. } => "empty_article",
            FeedError::MalformedFeed { .. } => "malformed_feed",
            FeedError::MalformedSitemap { .. } => "malformed_sitemap",
            FeedError::UnknownXml { .. } => "unknown_xml",
            FeedError::MalformedWarc { .. } => "malformed_warc",
            FeedError::BadUrl { .. } => "bad_url",
            FeedError::Io { .. } => "io",
        }
    }

    /// Whether the server asked us to slow down or failed on its side (429, 5xx, time-out,
    /// connection failure): the host is backed off rather than the URL given up.
    pub fn is_transient(&self) -> bool {
        match self {
            FeedError::Status { status, .. } => *status == 429 || *status >= 500,
            FeedError::Timeout { .. }
            | FeedError::Connect { .. }
            | FeedError::Http { .. }
            | FeedError::BackedOff { .. }
            | FeedError::RobotsUnavailable { .. } => true,
            _ => false,
        }
    }
}
