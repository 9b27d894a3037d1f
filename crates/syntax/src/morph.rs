//! Lemmas and the morphological features the event rules read, derived from the Penn
//! tag and the word form. These are deterministic in English for the features kept here
//! (VerbForm, Tense, Mood, Number, Person, Degree, NumType), so no model is trained for them.

use sitrep_text::Lexicon;
use sitrep_text::lexicon::parse_tag;

/// UD features (sorted by name, `|`-separated; empty when none) for a word.
pub fn feats(xpos: &str, lower: &str) -> String {
    let f: &[&str] = match xpos {
        "NN" | "NNP" => &["Number=Sing"],
        "NNS" | "NNPS" => &["Number=Plur"],
        "VB" => &["VerbForm=Inf"],
        "VBD" => match lower {
            "was" => &[
                "Mood=Ind",
                "Number=Sing",
                "Person=3",
                "Tense=Past",
                "VerbForm=Fin",
            ],
            "were" => &["Mood=Ind", "Tense=Past", "VerbForm=Fin"],
            _ => &["Mood=Ind", "Tense=Past", "VerbForm=Fin"],
        },
        "VBZ" => &[
            "Mood=Ind",
            "Number=Sing",
            "Person=3",
            "Tense=Pres",
            "VerbForm=Fin",
        ],
        "VBP" => match lower {
            "am" | "'m" => &[
                "Mood=Ind",
                "Number=Sing",
                "Person=1",
                "Tense=Pres",
                "VerbForm=Fin",
            ],
            _ => &["Mood=Ind", "Tense=Pres", "VerbForm=Fin"],
        },
        "VBG" => &["Tense=Pres", "VerbForm=Part"],
        "VBN" => &["Tense=Past", "VerbForm=Part"],
        "MD" => &["VerbForm=Fin"],
        "JJ" => &["Degree=Pos"],
        "JJR" | "RBR" => &["Degree=Cmp"],
        "JJS" | "RBS" => &["Degree=Sup"],
        "CD" => &["NumType=Card"],
        "PRP" => match lower {
            "i" | "me" => &["Number=Sing", "Person=1"],
            "we" | "us" => &["Number=Plur", "Person=1"],
            "you" => &["Person=2"],
            "he" | "him" | "she" | "her" | "it" => &["Number=Sing", "Person=3"],
            "they" | "them" => &["Number=Plur", "Person=3"],
            _ => &[],
        },
        _ => &[],
    };
    f.join("|")
}

/// The lemma of a word: the lexicon's reading for the word's tag where there is one,
/// else suffix rules for regular inflection, else the lower-cased word (proper nouns
/// keep their spelling, as in UD English).
pub fn lemma(form: &str, xpos: &str, lex: &Lexicon) -> String {
    if xpos == "NNP" {
        return form.to_string();
    }
    let lower = form.to_lowercase();
    let clitic = match lower.replace('\u{2019}', "'").as_str() {
        "n't" => Some("not"),
        "'m" | "'re" => Some("be"),
        "'ve" => Some("have"),
        "'ll" | "wo" if xpos == "MD" || lower != "wo" => Some("will"),
        "ca" if xpos == "MD" => Some("can"),
        "'d" if xpos == "MD" => Some("would"),
        _ => None,
    };
    if let Some(l) = clitic {
        return l.to_string();
    }
    if let Some(tag) = parse_tag(xpos) {
        let readings = lex.closed(form, &lower).into_iter().chain(lex.word(&lower));
        for e in readings {
            if let Some(r) = e.iter().find(|r| r.tag == tag) {
                return r.lemma.as_deref().map_or(lower.clone(), str::to_string);
            }
        }
    }
    let strip = |suf: &str, add: &str| -> Option<String> {
        lower
            .strip_suffix(suf)
            .filter(|s| s.len() >= 2)
            .map(|s| format!("{s}{add}"))
    };
    let undouble = |s: String| -> String {
        let b = s.as_bytes();
        let n = b.len();
        // Only an ASCII consonant doubles ("stopped"): the bytes of a multi-byte character
        // ("丸ed") may repeat, and cutting between them would split the character.
        if n >= 3
            && b[n - 1] == b[n - 2]
            && b[n - 1].is_ascii_alphabetic()
            && !matches!(b[n - 1], b'l' | b's' | b'z' | b'f')
        {
            s[..n - 1].to_string()
        } else {
            s
        }
    };
    let guess = match xpos {
        "NNS" | "NNPS" | "VBZ" => strip("ies", "y")
            .or_else(|| {
                ["ches", "shes", "sses", "xes"]
                    .iter()
                    .find_map(|e| strip(e, &e[..e.len() - 2]))
            })
            .or_else(|| {
                if lower.ends_with("ss") {
                    None
                } else {
                    strip("s", "")
                }
            }),
        "VBD" | "VBN" => strip("ied", "y").or_else(|| strip("ed", "").map(undouble)),
        "VBG" => strip("ing", "").map(undouble),
        "JJR" | "RBR" => strip("ier", "y").or_else(|| strip("er", "")),
        "JJS" | "RBS" => strip("iest", "y").or_else(|| strip("est", "")),
        _ => None,
    };
    guess.unwrap_or(lower)
}
