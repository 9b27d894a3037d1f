//! The data model every stage of sitrep speaks.
//!
//! Each pipeline stage takes one of these plain types in and hands another out, so that
//! stages can be tested, replaced and parallelised independently. The record types
//! ([`EventRecord`], [`EntityRecord`], [`QuoteRecord`]) are the exchange format of
//! `../shared/eval/SCHEMA.md`: their field names are a public contract and must not change.

pub mod doc;
pub mod record;
pub mod text;

pub use doc::Document;
pub use record::*;
pub use text::*;
