//! The whole extraction pipeline (default rules and knowledge base) on any text: no panic,
//! and every offset it reports slices the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_extract::{Extractor, Rules};
use std::sync::OnceLock;

fn extractor() -> &'static Extractor<sitrep_kb::Kb> {
    static EX: OnceLock<Extractor<sitrep_kb::Kb>> = OnceLock::new();
    EX.get_or_init(|| {
        Extractor::new(
            Rules::builtin().expect("built-in rules"),
            sitrep_kb::Kb::load_default().expect("default knowledge base"),
        )
    })
}

fuzz_target!(|text: &str| {
    let doc = sitrep_model::Document {
        id: "fuzz".into(),
        published: chrono::NaiveDate::from_ymd_opt(2030, 6, 12),
        text: text.to_string(),
        ..Default::default()
    };
    let out = extractor().extract(&doc);
    for e in &out.events {
        assert!(e.evidence.len() <= sitrep_extract::MAX_EVIDENCE_PER_EVENT);
        for ev in &e.evidence {
            assert!(text.get(ev.start..ev.end).is_some(), "evidence {ev:?}");
            assert!(!ev.text.chars().any(sitrep_text::is_hostile_control));
        }
    }
    for q in &out.quotes {
        assert!(text.get(q.start..q.end).is_some(), "quote {q:?}");
        assert!(!q.text.chars().any(sitrep_text::is_hostile_control));
    }
    for en in &out.entities {
        for m in &en.mentions {
            // Entity mention offsets count characters (as the reference scorers do).
            assert!(m.start <= m.end && m.end <= text.chars().count(), "mention {m:?}");
        }
    }
});
