//! robots.txt rules per site, parsed by `texting_robots` and cached by the fetcher.

use std::time::{Duration, Instant};

/// What a site's robots.txt allows us.
pub enum Rules {
    /// No robots.txt (4xx) or an unreadable one: everything is allowed, as the standard says.
    AllowAll,
    Parsed(Box<texting_robots::Robot>),
    /// robots.txt could not be fetched (5xx, time-out): nothing is fetched from the site
    /// until it can be, as RFC 9309 asks.
    Unavailable(String),
}

impl std::fmt::Debug for Rules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rules::AllowAll => write!(f, "AllowAll"),
            Rules::Parsed(_) => write!(f, "Parsed"),
            Rules::Unavailable(d) => write!(f, "Unavailable({d})"),
        }
    }
}

impl Rules {
    /// Parses a robots.txt body for the product token `agent` (the first word of the
    /// User-Agent, without version).
    pub fn parse(agent: &str, body: &[u8]) -> Rules {
        match texting_robots::Robot::new(agent, body) {
            Ok(r) => Rules::Parsed(Box::new(r)),
            Err(_) => Rules::AllowAll,
        }
    }

    pub fn allowed(&self, url: &str) -> bool {
        match self {
            Rules::AllowAll => true,
            Rules::Parsed(r) => r.allowed(url),
            Rules::Unavailable(_) => false,
        }
    }

    /// The site's Crawl-delay, capped at a minute (a larger one would stall a poll).
    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Rules::Parsed(r) => r
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(60.0))),
            _ => None,
        }
    }
}

/// A cached robots.txt and until when it is trusted.
#[derive(Debug)]
pub struct Cached {
    pub rules: Rules,
    pub until: Instant,
}

/// The robots.txt product token of a User-Agent: `sitrep/0.1 (+mailto:a@b)` → `sitrep`.
pub fn product_token(user_agent: &str) -> String {
    user_agent
        .split(['/', ' '])
        .next()
        .unwrap_or("sitrep")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_for_our_agent_apply() {
        let txt = b"User-agent: *\nDisallow: /private/\n\nUser-agent: sitrep\nDisallow: /drafts/\nCrawl-delay: 2\n";
        let r = Rules::parse("sitrep", txt);
        assert!(!r.allowed("https://x.example/drafts/1"));
        assert!(
            r.allowed("https://x.example/private/1"),
            "our group replaces the * group"
        );
        assert!(r.allowed("https://x.example/news/1"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_secs(2)));
        assert!(!Rules::Unavailable("503".into()).allowed("https://x.example/"));
        assert_eq!(
            product_token("sitrep/0.1 (+mailto:desk@example.org)"),
            "sitrep"
        );
    }
}
