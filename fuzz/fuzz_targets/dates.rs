//! The date resolver: any text analysed and its date phrases resolved against a publication
//! date the input chooses, and the publication-date parser on the raw string. No panic (date
//! arithmetic out of range included), and every resolved range is ordered.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn rules() -> &'static sitrep_extract::Rules {
    static R: OnceLock<sitrep_extract::Rules> = OnceLock::new();
    R.get_or_init(|| sitrep_extract::Rules::builtin().expect("built-in rules"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let _ = sitrep_io::parse_published(text);
    // Publication dates across the whole range chrono allows, and none.
    let published = match first % 4 {
        0 => None,
        1 => chrono::NaiveDate::from_ymd_opt(2030, 1 + u32::from(first % 12), 1),
        2 => Some(chrono::NaiveDate::MIN),
        _ => Some(chrono::NaiveDate::MAX),
    };
    let a = sitrep_text::analyze(text);
    for s in &a.sentences {
        let toks = &a.tokens[s.tok_start..s.tok_end];
        for d in sitrep_extract::dates::find(toks, published, rules()) {
            assert!(d.tok_start < d.tok_end && d.tok_end <= toks.len());
            for future in [false, true] {
                let r = d.resolve(future);
                if let (Some(a), Some(b)) = (r.start, r.end) {
                    assert!(a <= b, "{r:?}");
                }
            }
        }
    }
});
