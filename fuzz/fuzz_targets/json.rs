//! The JSON, JSON Lines and sniffing readers on any bytes: no panic, every item is a document
//! or an error that names where, and the stream ends.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_io::{InputFormat, ReadOptions, read_reader};

fuzz_target!(|data: &[u8]| {
    for format in [Some(InputFormat::Json), Some(InputFormat::Jsonl), None] {
        let opts = ReadOptions {
            format,
            max_doc_bytes: 1 << 16,
            max_json_file_bytes: 1 << 20,
            ..ReadOptions::default()
        };
        let mut n = 0usize;
        for item in read_reader(std::io::Cursor::new(data.to_vec()), "fuzz", &opts) {
            n += 1;
            assert!(n <= data.len() + 2, "more items than bytes");
            match item {
                Ok(d) => assert!(!d.text.trim().is_empty()),
                Err(e) => assert!(e.to_string().starts_with("fuzz")),
            }
        }
    }
});
