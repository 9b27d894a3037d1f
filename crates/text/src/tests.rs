//! Unit tests over whole analyses (sentences written for these tests).

use super::*;

fn toks(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.norm).collect()
}

fn raw(text: &str) -> Vec<&str> {
    tokenize(text)
        .iter()
        .map(|t| &text[t.start..t.end])
        .collect()
}

#[test]
fn numbers_stay_whole() {
    assert_eq!(
        toks("About 1,500 troops and 3.5 tonnes."),
        ["About", "1,500", "troops", "and", "3.5", "tonnes", "."]
    );
    assert_eq!(
        toks("It cost $50,000 on 2025-02-18."),
        ["It", "cost", "$", "50,000", "on", "2025-02-18", "."]
    );
    assert_eq!(
        toks("the 1990s and 16th, at 10:30"),
        ["the", "1990s", "and", "16th", ",", "at", "10:30"]
    );
    assert_eq!(toks("a 10-year-old boy"), ["a", "10-year-old", "boy"]);
    assert_eq!(toks("10-15 people"), ["10", "-", "15", "people"]);
    // Day and month, fractions and full dates with slashes are one number each.
    assert_eq!(
        toks("on 21/06 and 21/06/2016, 1/2 of them"),
        ["on", "21/06", "and", "21/06/2016", ",", "1/2", "of", "them"]
    );
}

#[test]
fn abbreviations_keep_dots() {
    assert_eq!(
        toks("The U.S. and U.N. met."),
        ["The", "U.S.", "and", "U.N.", "met", "."]
    );
    assert_eq!(toks("the U.S said"), ["the", "U.S", "said"]);
    assert_eq!(
        toks("Gen. Ray met Mr. J. Doe on Jan. 5 at St. Mark's"),
        [
            "Gen.", "Ray", "met", "Mr.", "J.", "Doe", "on", "Jan.", "5", "at", "St.", "Mark", "'s"
        ]
    );
    assert_eq!(
        toks("at 5 p.m. today, e.g. here"),
        ["at", "5", "p.m.", "today", ",", "e.g.", "here"]
    );
    assert_eq!(toks("No. 10 said no."), ["No.", "10", "said", "no", "."]);
    assert_eq!(toks("He left."), ["He", "left", "."]);
}

#[test]
fn contractions_and_possessives() {
    assert_eq!(
        toks("Russia's army won't go"),
        ["Russia", "'s", "army", "wo", "n't", "go"]
    );
    assert_eq!(
        toks("Russia\u{2019}s talks aren\u{2019}t over"),
        ["Russia", "'s", "talks", "are", "n't", "over"]
    );
    assert_eq!(
        toks("they're sure we'll win, I'm told; he'd"),
        [
            "they", "'re", "sure", "we", "'ll", "win", ",", "I", "'m", "told", ";", "he", "'d"
        ]
    );
    assert_eq!(toks("O'Brien cannot"), ["O'Brien", "can", "not"]);
    assert_eq!(
        toks("the ministers' talks"),
        ["the", "ministers", "'", "talks"]
    );
}

#[test]
fn hyphens_and_dashes() {
    assert_eq!(
        toks("al-Saud fired air-to-surface US-drafted four-year"),
        [
            "al-Saud",
            "fired",
            "air-to-surface",
            "US-drafted",
            "four-year"
        ]
    );
    assert_eq!(toks("US\u{2011}Russian ties"), ["US-Russian", "ties"]);
    assert_eq!(toks("US\u{2013}Russia talks"), ["US-Russia", "talks"]);
    assert_eq!(toks("MIAMI \u{2014} Talks"), ["MIAMI", "-", "Talks"]);
    assert_eq!(toks("talks\u{2014}which"), ["talks", "-", "which"]);
    assert_eq!(toks("well -- no"), ["well", "--", "no"]);
}

#[test]
fn quotes_and_spaces() {
    let t = tokenize("\u{201C}No,\u{201D} he\u{00A0}said\u{200B}. ``Yes''");
    let n: Vec<_> = t.iter().map(|t| t.norm.as_str()).collect();
    assert_eq!(
        n,
        ["\"", "No", ",", "\"", "he", "said", ".", "\"", "Yes", "\""]
    );
    let sp: Vec<_> = t.iter().map(|t| t.space_before).collect();
    assert_eq!(
        sp,
        [
            true, false, false, false, true, true, false, true, false, false
        ]
    );
    assert_eq!(toks("zero\u{200B}width"), ["zerowidth"]);
    assert_eq!(raw("a\r\nb"), ["a", "b"]);
    assert_eq!(
        toks("e\u{0301}te \u{1F44D}\u{1F3FD} ok"),
        ["\u{e9}te", "\u{1F44D}\u{1F3FD}", "ok"]
    );
    assert_eq!(toks("wait..."), ["wait", "..."]);
}

fn sents(text: &str) -> Vec<String> {
    analyze(text)
        .sentences
        .iter()
        .map(|s| text[s.start..s.end].to_string())
        .collect()
}

#[test]
fn splits_news_sentences() {
    assert_eq!(
        sents(
            "Gen. Ray Holt met Mr. J. K. Doe on Jan. 5 in the U.S. capital. They talked for 3.5 hours; no deal was reached. Dr. Lin left."
        ),
        [
            "Gen. Ray Holt met Mr. J. K. Doe on Jan. 5 in the U.S. capital.",
            "They talked for 3.5 hours; no deal was reached.",
            "Dr. Lin left."
        ]
    );
    assert_eq!(
        sents(
            "Talks ended in the U.S. The ministers left at 5 p.m. on Friday. No. 10 said nothing."
        ),
        [
            "Talks ended in the U.S.",
            "The ministers left at 5 p.m. on Friday.",
            "No. 10 said nothing."
        ]
    );
    assert_eq!(
        sents("He said: \"We will fight. We will win.\" Then he left! Why? Nobody knows..."),
        [
            "He said: \"We will fight.",
            "We will win.\"",
            "Then he left!",
            "Why?",
            "Nobody knows..."
        ]
    );
    assert_eq!(
        sents("\"Enough,\" she said. \"Really?\" he asked."),
        ["\"Enough,\" she said.", "\"Really?\" he asked."]
    );
    assert_eq!(
        sents("About 1,500 troops (mostly reservists.) Moved in."),
        ["About 1,500 troops (mostly reservists.)", "Moved in."]
    );
    assert_eq!(
        sents("LAGOS \u{2014} Three days of talks ended on Friday. A deal is near."),
        [
            "LAGOS \u{2014} Three days of talks ended on Friday.",
            "A deal is near."
        ]
    );
}

#[test]
fn lines_paragraphs_and_captions() {
    let text = "Ministers Meet In Oslo\nNo deal yet\n\nThe ministers met on Monday. They\ntalked late.\n\n(From left) Minister A and Minister B shake hands. PIC/AFP\nPhoto: Jane Roe\nA later line.";
    let a = analyze(text);
    let got: Vec<_> = a
        .sentences
        .iter()
        .map(|s| (&text[s.start..s.end], s.paragraph, s.caption))
        .collect();
    assert_eq!(
        got,
        [
            ("Ministers Meet In Oslo", 0, false),
            ("No deal yet", 0, false),
            ("The ministers met on Monday.", 1, false),
            ("They\ntalked late.", 1, false),
            (
                "(From left) Minister A and Minister B shake hands.",
                2,
                true
            ),
            ("PIC/AFP", 2, true),
            ("Photo: Jane Roe", 2, true),
            ("A later line.", 2, false),
        ]
    );
    // without blank lines, every line that ends a sentence starts a paragraph
    let text = "Headline Here\nFirst line ends.\nSecond one (Reuters)\nthird";
    let got: Vec<_> = analyze(text)
        .sentences
        .iter()
        .map(|s| (&text[s.start..s.end], s.paragraph, s.caption))
        .collect();
    assert_eq!(
        got,
        [
            ("Headline Here", 0, false),
            ("First line ends.", 1, false),
            ("Second one (Reuters)\nthird", 2, true)
        ]
    );
    // CRLF
    assert_eq!(sents("One line\r\n\r\nTwo."), ["One line", "Two."]);
}

fn quotes(text: &str) -> Vec<&str> {
    analyze(text)
        .quotes
        .iter()
        .map(|q| &text[q.start..q.end])
        .collect()
}

#[test]
fn quotation_spans() {
    assert_eq!(
        quotes("\"We will go,\" he said, \"and we will win.\" Later: \u{201C}Not today.\u{201D}"),
        [
            "\"We will go,\"",
            "\"and we will win.\"",
            "\u{201C}Not today.\u{201D}"
        ]
    );
    assert_eq!(
        quotes("She said: \"They told us 'leave now' and we left. It was over.\" He agreed."),
        [
            "\"They told us 'leave now' and we left. It was over.\"",
            "'leave now'"
        ]
    );
    assert_eq!(
        quotes(
            "He said: \u{201C}We stay. We fight.\n\n\u{201C}We never leave,\u{201D} he added. The ministers' talks ended."
        ),
        [
            "\u{201C}We stay. We fight.",
            "\u{201C}We never leave,\u{201D}"
        ]
    );
    assert_eq!(quotes("``Peace now,'' they chanted."), ["``Peace now,''"]);
    assert_eq!(
        quotes("the \u{2018}red line\u{2019} was crossed"),
        ["\u{2018}red line\u{2019}"]
    );
    assert!(quotes("Russia's and the ministers' plans don't match.").is_empty());
}

fn tagged(text: &str) -> String {
    analyze(text)
        .tokens
        .iter()
        .map(|t| format!("{}/{:?}/{}", t.norm, t.tag, t.lemma))
        .collect::<Vec<_>>()
        .join(" ")
}

fn tag_of(text: &str, word: &str) -> (Tag, String) {
    let a = analyze(text);
    let t = a
        .tokens
        .iter()
        .find(|t| t.norm == word)
        .unwrap_or_else(|| panic!("{word} not in {text}"));
    (t.tag, t.lemma.clone())
}

use sitrep_model::Tag;

fn check_tags(cases: &[(&str, &str, Tag, &str)]) {
    let mut bad = Vec::new();
    for (text, word, tag, lemma) in cases {
        let got = tag_of(text, word);
        if got != (*tag, lemma.to_string()) {
            bad.push(format!(
                "{word} in {text:?}: got {got:?}, want {tag:?} {lemma}\n   {}",
                tagged(text)
            ));
        }
    }
    assert!(bad.is_empty(), "{} wrong:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn noun_verb_ambiguity() {
    let cases: &[(&str, &str, Tag, &str)] = &[
        (
            "The two sides held talks in Geneva.",
            "talks",
            Tag::NNS,
            "talk",
        ),
        (
            "The two sides held talks in Geneva.",
            "held",
            Tag::VBD,
            "hold",
        ),
        (
            "Ukraine talks with Russia ended.",
            "talks",
            Tag::NNS,
            "talk",
        ),
        (
            "The minister talks to reporters daily.",
            "talks",
            Tag::VBZ,
            "talk",
        ),
        (
            "Rebels attack the town every night.",
            "attack",
            Tag::VBP,
            "attack",
        ),
        (
            "The attack killed three people.",
            "attack",
            Tag::NN,
            "attack",
        ),
        (
            "The attack killed three people.",
            "killed",
            Tag::VBD,
            "kill",
        ),
        ("They plan to strike the base.", "plan", Tag::VBP, "plan"),
        ("They plan to strike the base.", "strike", Tag::VB, "strike"),
        ("Israel strikes Gaza again.", "strikes", Tag::VBZ, "strike"),
        (
            "Trump and Belarus’ Alexander Lukashenko spoke.",
            "'",
            Tag::POS,
            "'",
        ),
        (
            "In Yangon, witnesses said three people died.",
            "witnesses",
            Tag::NNS,
            "witness",
        ),
        (
            "Drone strikes on the port continued.",
            "strikes",
            Tag::NNS,
            "strike",
        ),
        (
            "The meeting was held in Oslo.",
            "meeting",
            Tag::NN,
            "meeting",
        ),
        ("The meeting was held in Oslo.", "held", Tag::VBN, "hold"),
        ("She will visit Paris.", "visit", Tag::VB, "visit"),
        ("His visit to Paris ended.", "visit", Tag::NN, "visit"),
        (
            "Protesters renewed their demands on Monday.",
            "demands",
            Tag::NNS,
            "demand",
        ),
        (
            "Hamas demands the release of prisoners.",
            "demands",
            Tag::VBZ,
            "demand",
        ),
        ("The call came late.", "call", Tag::NN, "call"),
        (
            "Workers protest the new law.",
            "protest",
            Tag::VBP,
            "protest",
        ),
        ("A protest was planned.", "protest", Tag::NN, "protest"),
        ("A protest was planned.", "planned", Tag::VBN, "plan"),
    ];
    check_tags(cases);
}

#[test]
fn participles_lemmas_and_names() {
    let cases: &[(&str, &str, Tag, &str)] = &[
        ("The convoy was hit by a missile.", "hit", Tag::VBN, "hit"),
        (
            "Two homes were damaged overnight.",
            "damaged",
            Tag::VBN,
            "damage",
        ),
        ("Kenya has agreed to the plan.", "agreed", Tag::VBN, "agree"),
        ("The envoys met on Tuesday.", "met", Tag::VBD, "meet"),
        ("A missile struck the depot.", "struck", Tag::VBD, "strike"),
        (
            "Forces launched drones at dawn.",
            "launched",
            Tag::VBD,
            "launch",
        ),
        (
            "Forces launched drones at dawn.",
            "drones",
            Tag::NNS,
            "drone",
        ),
        ("She spoke with the children.", "spoke", Tag::VBD, "speak"),
        (
            "She spoke with the children.",
            "children",
            Tag::NNS,
            "child",
        ),
        ("Many countries agreed.", "countries", Tag::NNS, "country"),
        ("Many people fled.", "people", Tag::NNS, "people"),
        (
            "Three soldiers and dozens of civilians died.",
            "Three",
            Tag::CD,
            "three",
        ),
        (
            "Three soldiers and dozens of civilians died.",
            "dozens",
            Tag::CD,
            "dozen",
        ),
        ("Hundreds gathered.", "Hundreds", Tag::CD, "hundred"),
        (
            "Officials in Lagos met Amina Bello.",
            "Lagos",
            Tag::NNP,
            "lagos",
        ),
        (
            "Officials in Lagos met Amina Bello.",
            "Bello",
            Tag::NNP,
            "bello",
        ),
        ("Russia sent troops.", "Russia", Tag::NNP, "russia"),
        (
            "The US-drafted text passed.",
            "US-drafted",
            Tag::JJ,
            "us-drafted",
        ),
        ("A four-year term began.", "four-year", Tag::JJ, "four-year"),
        ("Russia's army won't stop.", "'s", Tag::POS, "'s"),
        ("Russia's army won't stop.", "wo", Tag::MD, "will"),
        ("Russia's army won't stop.", "n't", Tag::NEG, "not"),
        ("Talks aren't over.", "are", Tag::VBP, "be"),
        ("It's over.", "'s", Tag::VBZ, "be"),
        ("The US and the U.S. agree.", "US", Tag::NNP, "us"),
        ("They told us to wait.", "us", Tag::PRP, "we"),
    ];
    check_tags(cases);
}

use sitrep_model::{ChunkKind, Tense, Voice};

/// Verb groups as (text, voice, tense, negated).
fn vgs(text: &str) -> Vec<(String, Voice, Tense, bool)> {
    let a = analyze(text);
    a.chunks
        .iter()
        .filter(|c| c.kind == ChunkKind::Verb)
        .map(|c| {
            (
                text[a.tokens[c.tok_start].start..a.tokens[c.tok_end - 1].end].to_string(),
                c.voice,
                c.tense,
                c.negated,
            )
        })
        .collect()
}

fn ngs(text: &str) -> Vec<(String, String)> {
    let a = analyze(text);
    a.chunks
        .iter()
        .filter(|c| c.kind == ChunkKind::Noun)
        .map(|c| {
            (
                text[a.tokens[c.tok_start].start..a.tokens[c.tok_end - 1].end].to_string(),
                a.tokens[c.head].norm.clone(),
            )
        })
        .collect()
}

#[test]
fn verb_groups() {
    use Tense::*;
    use Voice::*;
    let cases: &[(&str, &str, Voice, Tense, bool)] = &[
        (
            "The convoy was hit by a missile.",
            "was hit",
            Passive,
            Past,
            false,
        ),
        (
            "The depot had not been struck before.",
            "had not been struck",
            Passive,
            Past,
            true,
        ),
        (
            "Two homes were damaged.",
            "were damaged",
            Passive,
            Past,
            false,
        ),
        (
            "The envoy got arrested.",
            "got arrested",
            Passive,
            Past,
            false,
        ),
        (
            "Kenya has agreed to talks.",
            "has agreed",
            Active,
            Past,
            false,
        ),
        (
            "The ministers will meet in Oslo.",
            "will meet",
            Active,
            Future,
            false,
        ),
        (
            "The ministers are going to meet in Oslo.",
            "are going to meet",
            Active,
            Future,
            false,
        ),
        (
            "The envoy is due to visit Lagos.",
            "is due to visit",
            Active,
            Future,
            false,
        ),
        (
            "Russia would never accept that.",
            "would never accept",
            Active,
            Conditional,
            true,
        ),
        (
            "They could strike again.",
            "could strike",
            Active,
            Conditional,
            false,
        ),
        ("Rebels attack the town.", "attack", Active, Present, false),
        (
            "The army did not attack.",
            "did not attack",
            Active,
            Past,
            true,
        ),
        ("Russia won't stop.", "wo n't stop", Active, Future, true),
        ("They agreed to meet.", "to meet", Active, Nonfinite, false),
        ("Russia launched drones.", "launched", Active, Past, false),
    ];
    let mut bad = Vec::new();
    for (text, group, voice, tense, neg) in cases {
        let got = vgs(text);
        let want_text = group.replace(" n't", "n't");
        if !got
            .iter()
            .any(|(g, v, t, n)| g == &want_text && v == voice && t == tense && n == neg)
        {
            bad.push(format!(
                "{text}: want {group} {voice:?} {tense:?} {neg}, got {got:?}\n   {}",
                tagged(text)
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn noun_groups() {
    let got = ngs("The Ukrainian air force shot down three drones over Kyiv.");
    assert!(
        got.contains(&("The Ukrainian air force".into(), "force".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("three drones".into(), "drones".into())),
        "{got:?}"
    );
    assert!(got.contains(&("Kyiv".into(), "Kyiv".into())), "{got:?}");
    let got = ngs("US Secretary of State Marco Rubio met Russia's foreign minister.");
    assert!(
        got.contains(&("US Secretary".into(), "Secretary".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("State Marco Rubio".into(), "Rubio".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("Russia's foreign minister".into(), "minister".into())),
        "{got:?}"
    );
    let got = ngs("They said the damaged building collapsed.");
    assert!(got.contains(&("They".into(), "They".into())), "{got:?}");
    assert!(
        got.contains(&("the damaged building".into(), "building".into())),
        "{got:?}"
    );
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn check(text: &str) {
        let a = analyze(text);
        let mut last = 0;
        for t in &a.tokens {
            assert!(t.start < t.end && t.start >= last, "order {t:?}");
            assert!(text.get(t.start..t.end).is_some(), "boundary {t:?}");
            last = t.end;
        }
        let mut last_tok = 0;
        for s in &a.sentences {
            assert!(text.get(s.start..s.end).is_some());
            assert!(
                s.tok_start >= last_tok && s.tok_start < s.tok_end && s.tok_end <= a.tokens.len()
            );
            last_tok = s.tok_end;
            for t in &a.tokens[s.tok_start..s.tok_end] {
                assert!(t.start >= s.start && t.end <= s.end);
            }
        }
        for q in &a.quotes {
            assert!(text.get(q.start..q.end).is_some());
            assert!(q.tok_start < q.tok_end && q.tok_end <= a.tokens.len());
        }
        for c in &a.chunks {
            assert!(c.tok_start < c.tok_end && c.tok_end <= a.tokens.len());
            assert!(c.head >= c.tok_start && c.head < c.tok_end);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn arbitrary_unicode(s in "\\PC*") {
            check(&s);
        }

        #[test]
        fn newsy_alphabet(s in "([A-Za-z]{1,6}|[0-9]{1,4}|[ .,;:'\"\u{2019}\u{201C}\u{201D}\u{2014}\u{2011}$%()\r\n-]|\u{0301}|\u{200B}|\u{00A0}|\u{1F44D}|\u{200D}|U\\.S\\.|``|''){0,60}") {
            check(&s);
        }
    }
}

/// Issue 11: an unknown word ending in "-ed"/"-ing" after a multi-byte character whose last
/// two UTF-8 bytes are equal panicked in the lemmatiser ("end byte index 2 is not a char
/// boundary").
#[test]
fn suffix_after_multibyte_character_does_not_panic() {
    for c in ["丸", "ッ", "四", "त", "₂", "é", "ß", "😀"] {
        for suffix in ["ed", "ing", "ied", "s", "es"] {
            for text in [
                format!("Russian forces {c}{suffix} Kharkiv on Monday."),
                format!("{c}{c}{suffix}"),
                format!("were {c}{suffix} by the army"),
                format!("x{c}{suffix}"),
            ] {
                let a = analyze(&text);
                for t in &a.tokens {
                    assert!(text.get(t.start..t.end).is_some(), "{text:?} {t:?}");
                    assert!(
                        !t.lemma.is_empty() || t.kind != sitrep_model::TokenKind::Word,
                        "{t:?}"
                    );
                }
            }
        }
    }
    // The lemma of the doubled ASCII case is unchanged.
    let a = analyze("They were stopping the zorbbed convoy.");
    let lemmas: Vec<&str> = a.tokens.iter().map(|t| t.lemma.as_str()).collect();
    assert!(lemmas.contains(&"stop"), "{lemmas:?}");
}

/// Issue 11: a text without full stops is cut into sentences of at most
/// `MAX_SENTENCE_TOKENS`, at a comma or before a conjunction where there is one.
#[test]
fn over_long_sentences_are_cut_at_the_best_boundary() {
    let clause = "troops shelled the town near the river, and officials said";
    let text = vec![clause; 200].join(" ");
    let a = analyze(&text);
    assert!(a.sentences.len() > 1);
    let mut covered = 0;
    for s in &a.sentences {
        assert!(s.tok_end - s.tok_start <= crate::MAX_SENTENCE_TOKENS);
        assert_eq!(s.tok_start, covered, "sentences cover every token once");
        covered = s.tok_end;
        // Each piece but the last ends at a comma (the best boundary in this text).
        if s.tok_end < a.tokens.len() {
            assert_eq!(a.tokens[s.tok_end - 1].norm, ",", "{s:?}");
        }
    }
    assert_eq!(covered, a.tokens.len());
    // No boundary at all: a hard cut at the limit.
    let text = vec!["attack"; 1000].join(" ");
    let a = analyze(&text);
    assert_eq!(a.sentences.len(), 5);
    assert!(
        a.sentences
            .iter()
            .all(|s| s.tok_end - s.tok_start == crate::MAX_SENTENCE_TOKENS)
    );
}

/// `readings` is `closed` and `word` in one lookup, for exact-case closed entries ("US"),
/// lower-case ones, open-class words, words with both and unknown words.
#[test]
fn lexicon_readings_equal_closed_and_word() {
    let lex = Lexicon::default_ref();
    for w in [
        "US", "us", "Us", "UK", "the", "The", "said", "Said", "attack", "Attacks", "may", "May",
        "xqzzv", "Xqzzv", "", "Ĳssel",
    ] {
        let lower = w.to_lowercase();
        let (closed, open) = lex.readings(w, &lower);
        assert_eq!(closed, lex.closed(w, &lower), "{w}: closed");
        assert_eq!(open, lex.word(&lower), "{w}: open");
    }
    assert!(lex.readings("US", "us").0.is_some() && lex.readings("the", "the").0.is_some());
    assert!(lex.readings("attack", "attack").1.is_some());
}
