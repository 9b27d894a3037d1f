//! News as it arrives: feeds, sitemaps and web archives as documents, and a polite fetcher
//! that keeps a store up to date.
//!
//! * Readers ([`readers`]): RSS 2.0 / Atom / RDF feeds, news sitemaps and WARC (plain or
//!   gzip, member by member) plug into `sitrep-io`'s input sniffing, so `extract` and `ingest`
//!   read them like any other file.
//! * [`fetch::Fetcher`]: HTTP(S) over rustls with timeouts, a size cap, redirects followed by
//!   hand (so every hop is checked against robots.txt and the per-host delay), conditional
//!   requests and back-off.
//! * [`watch::Watcher`]: one poll of every feed, new articles fetched, read and handed to a
//!   [`watch::Sink`] in batches; what is already stored is never fetched again.

pub mod article;
pub mod error;
pub mod feeds;
pub mod fetch;
pub mod reader;
pub mod robots;
pub mod sitemap;
#[cfg(feature = "testsite")]
pub mod testsite;
pub mod warc;
pub mod watch;

pub use error::FeedError;
pub use reader::readers;
