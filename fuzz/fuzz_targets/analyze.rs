//! The analyser on any text: no panic, and every offset slices the text at character
//! boundaries, in order, with sentences no longer than the cap.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let a = sitrep_text::analyze(text);
    let mut last = 0;
    for t in &a.tokens {
        assert!(t.start < t.end && t.start >= last, "token order {t:?}");
        assert!(text.get(t.start..t.end).is_some(), "token boundary {t:?}");
        assert!(
            !t.norm.chars().any(sitrep_text::is_hostile_control),
            "{t:?}"
        );
        last = t.end;
    }
    for s in &a.sentences {
        assert!(
            text.get(s.start..s.end).is_some(),
            "sentence boundary {s:?}"
        );
        assert!(s.tok_start < s.tok_end && s.tok_end <= a.tokens.len());
        assert!(s.tok_end - s.tok_start <= sitrep_text::MAX_SENTENCE_TOKENS);
    }
    for q in &a.quotes {
        assert!(text.get(q.start..q.end).is_some(), "quote boundary {q:?}");
    }
    for c in &a.chunks {
        assert!(c.tok_start <= c.head && c.head < c.tok_end && c.tok_end <= a.tokens.len());
    }
});
