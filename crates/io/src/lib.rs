//! Document readers and record writers.
//!
//! Reading is an iterator of `Result<Document, ReadError>` so that one bad file or JSONL line
//! is reported and skipped instead of stopping a batch, and so that memory stays bounded by
//! the document being read, not by the corpus (JSON Lines are streamed line by line).

pub mod date;
pub mod error;
pub mod html;

pub use date::parse_published;
pub use error::{ReadError, WriteError};
pub use html::{HtmlPage, extract_html};
pub mod read;

pub use read::{
    Documents, ExtraReader, IdScheme, InputFormat, RawDoc, ReadOptions, content_id, read_inputs,
    read_reader, read_stdin,
};
pub mod parquet;
pub mod table;
pub mod write;

pub use write::{
    EntityNames, OutputFormat, Record, RecordWriter, display_name, write_json_line, write_records,
    write_tagged_line,
};
