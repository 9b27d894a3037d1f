//! Extraction never panics and keeps its offsets inside the text, whatever the input: a soup of
//! names, verbs, numbers, quotes, dashes and non-Latin text from a fixed pseudo-random sequence.

use sitrep_extract::{Extractor, Rules};
use sitrep_model::Document;

const WORDS: &[&str] = &[
    "Russia",
    "Ukraine",
    "said",
    "the",
    "attacked",
    "met",
    "in",
    "Kyiv",
    "on",
    "Monday",
    ",",
    ".",
    "\"",
    "'s",
    "and",
    "of",
    "to",
    "at least",
    "3",
    "drones",
    "—",
    "(",
    ")",
    "President",
    "Zelensky",
    "al-",
    "bin",
    "Ms.",
    "U.S.",
    "killed",
    "will",
    "not",
    "that",
    "which",
    "who",
    "é",
    "漢字",
    "🙂",
    "\n",
    "\n\n",
    "...",
    ";",
    ":",
    "-",
    "to be",
    "by",
    "if",
    "Georgia",
    "Jordan",
    "Washington",
    "most of which",
    "dozens of",
    "one of",
    "won't",
    "the US president",
];

#[test]
fn random_token_soup_never_panics_and_offsets_slice_the_text() {
    let ex = Extractor::new(
        Rules::builtin().unwrap(),
        sitrep_kb::Kb::load_default().unwrap(),
    );
    // A small linear congruential generator: the same sequence on every run.
    let mut state: u64 = 0x5eed;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    for i in 0..400 {
        let len = next(70);
        let text: Vec<&str> = (0..len).map(|_| WORDS[next(WORDS.len())]).collect();
        let text = text.join(" ");
        let doc = Document {
            id: format!("soup{i}"),
            published: chrono::NaiveDate::from_ymd_opt(2030, 1, 1),
            text: text.clone(),
            ..Document::default()
        };
        let out = ex.extract(&doc);
        for e in &out.events {
            for ev in &e.evidence {
                assert_eq!(
                    text.get(ev.start..ev.end),
                    Some(ev.text.as_str()),
                    "{text:?}"
                );
            }
        }
        for q in &out.quotes {
            assert!(text.get(q.start..q.end).is_some(), "{text:?}");
        }
        for en in &out.entities {
            for m in &en.mentions {
                // Entity mention offsets count characters (as the reference scorers do).
                assert!(
                    m.start <= m.end && m.end <= text.chars().count(),
                    "{text:?}"
                );
            }
        }
    }
}
