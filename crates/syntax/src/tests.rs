//! Unit tests: the transition system and its oracles, and the model file format.

use std::collections::HashMap;

use crate::conllu::{Sentence, is_projective, read_conllu};
use crate::model::{FORMAT_VERSION, Linear, MAGIC, ModelData, TagName};
use crate::oracle::{Gold, costs, static_next};
use crate::parser::{NONE, State};
use crate::{ErrorKind, Model};

const SMALL: &str = include_str!("../testdata/small.conllu");

fn small() -> Vec<Sentence> {
    match read_conllu(SMALL, "small.conllu") {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

fn label_ids(sents: &[Sentence]) -> (Vec<String>, HashMap<String, u8>) {
    let mut labels: Vec<String> = sents
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.deprel.clone()))
        .collect();
    labels.sort();
    labels.dedup();
    let ids = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.clone(), i as u8))
        .collect();
    (labels, ids)
}

fn gold_of(s: &Sentence, ids: &HashMap<String, u8>) -> (Vec<u32>, Vec<u8>) {
    let mut heads = vec![0];
    let mut labels = vec![0];
    for w in &s.words {
        heads.push(w.head as u32);
        labels.push(ids[&w.deprel]);
    }
    (heads, labels)
}

#[test]
fn testdata_has_projective_and_non_projective_trees() {
    let sents = small();
    assert_eq!(sents.len(), 8);
    let proj: Vec<bool> = sents
        .iter()
        .map(|s| is_projective(&s.words.iter().map(|w| w.head).collect::<Vec<_>>()))
        .collect();
    assert_eq!(proj.iter().filter(|p| !**p).count(), 1);
    assert!(!proj[4], "np-1 is the non-projective one");
}

/// Every projective gold tree comes back exactly from the static oracle, and the
/// dynamic oracle gives every one of its transitions zero cost.
#[test]
fn static_oracle_reaches_every_projective_gold_tree() {
    let sents = small();
    let (labels, ids) = label_ids(&sents);
    let n_labels = labels.len();
    let root = ids["root"] as usize;
    let mut checked = 0;
    for s in &sents {
        if !is_projective(&s.words.iter().map(|w| w.head).collect::<Vec<_>>()) {
            continue;
        }
        let (heads, labs) = gold_of(s, &ids);
        let gold = Gold {
            heads: &heads,
            labels: &labs,
        };
        let mut st = State::default();
        st.reset(s.words.len());
        let mut cost = Vec::new();
        let mut steps = 0;
        while !st.terminal() {
            let t = static_next(&st, &gold, n_labels);
            assert!(
                st.valid(t, n_labels, root),
                "{:?}: static oracle chose invalid transition {t}",
                s.sent_id
            );
            costs(&st, &gold, n_labels, root, &mut cost);
            assert_eq!(
                cost[t], 0,
                "{:?}: dynamic oracle charges the static oracle's transition {t}",
                s.sent_id
            );
            st.apply(t, n_labels);
            steps += 1;
            assert!(steps <= 2 * s.words.len() + 1, "too many transitions");
        }
        assert_eq!(&st.heads[1..], &heads[1..], "{:?}: heads", s.sent_id);
        assert_eq!(&st.labels[1..], &labs[1..], "{:?}: labels", s.sent_id);
        checked += 1;
    }
    assert_eq!(checked, 7);
}

/// Following the dynamic oracle's zero-cost transitions from any state reached by a
/// wrong move still finishes with every word attached, and a wrong arc always costs.
#[test]
fn dynamic_oracle_charges_wrong_arcs_and_recovers() {
    let sents = small();
    let (labels, ids) = label_ids(&sents);
    let n_labels = labels.len();
    let root = ids["root"] as usize;
    for s in &sents {
        let (heads, labs) = gold_of(s, &ids);
        let gold = Gold {
            heads: &heads,
            labels: &labs,
        };
        // In a non-projective tree some gold arcs are unreachable from the start, so a
        // wrong arc in their place rightly costs nothing more.
        let projective = is_projective(&s.words.iter().map(|w| w.head).collect::<Vec<_>>());
        // Always take the first valid zero-cost (or cheapest) transition.
        let mut st = State::default();
        st.reset(s.words.len());
        let mut cost = Vec::new();
        while !st.terminal() {
            costs(&st, &gold, n_labels, root, &mut cost);
            let min = cost.iter().copied().min().unwrap_or(u32::MAX);
            assert!(min < u32::MAX, "no valid transition");
            // Any arc that contradicts gold must cost something.
            for (t, &c) in cost.iter().enumerate().skip(2) {
                if c == u32::MAX {
                    continue;
                }
                let (h, d, l) = if t < 2 + n_labels {
                    (st.b, st.s0(), t - 2)
                } else {
                    (st.s0(), st.b, t - 2 - n_labels)
                };
                if projective && (heads[d as usize] != h || labs[d as usize] as usize != l) {
                    assert!(
                        c > 0,
                        "{:?}: wrong arc {h}->{d} ({l}) has zero cost",
                        s.sent_id
                    );
                }
            }
            let t = (0..cost.len()).find(|&t| cost[t] == min).unwrap_or(0);
            st.apply(t, n_labels);
        }
        st.finish(root as u8, None, None, |_| false);
        assert!(st.heads[1..].iter().all(|&h| h != NONE));
        assert_eq!(
            st.heads[1..].iter().filter(|&&h| h == 0).count(),
            1,
            "exactly one root"
        );
        if projective {
            assert_eq!(&st.heads[1..], &heads[1..], "{:?}", s.sent_id);
        }
    }
}

/// A tiny hand-made model: enough to exercise the file format and the decoder.
fn tiny_model() -> Model {
    let tags = vec![
        TagName {
            upos: "NOUN".into(),
            xpos: "NN".into(),
        },
        TagName {
            upos: "VERB".into(),
            xpos: "VBD".into(),
        },
        TagName {
            upos: "PUNCT".into(),
            xpos: ".".into(),
        },
    ];
    let labels: Vec<String> = ["root", "nsubj", "obj", "punct", "parataxis"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let tw: Vec<(u64, Vec<(u8, f32)>)> = (1..200u64)
        .map(|k| {
            (
                crate::hash::fmix(k) | 1,
                vec![((k % 3) as u8, (k as f32) - 100.0)],
            )
        })
        .collect();
    let pw: Vec<(u64, Vec<(u8, f32)>)> = (1..300u64)
        .map(|k| {
            (
                crate::hash::fmix(k + 7) | 1,
                vec![
                    ((k % 12) as u8, 0.5 * k as f32),
                    (((k + 5) % 12) as u8, -1.0),
                ],
            )
        })
        .collect();
    let mut tagdict = crate::model::IdMap::default();
    tagdict.insert(crate::hash::hash_str("norland"), 42);
    Model::from_data(ModelData {
        train_id: "tiny test model".into(),
        tags,
        labels,
        tagdict,
        tagger: Linear::from_weights(3, tw, 1),
        parser: Linear::from_weights(12, pw, 1),
    })
}

#[test]
fn model_round_trips_byte_for_byte() {
    let m = tiny_model();
    let bytes = m.to_bytes();
    assert_eq!(&bytes[..8], MAGIC);
    let back = match Model::from_bytes(&bytes, "tiny") {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(back.to_bytes(), bytes);
    assert_eq!(back.train_id(), "tiny test model");
    assert_eq!(back.sizes(), (3, 5));
    let words = ["Norland", "attacked", "Sudria", "."];
    assert_eq!(
        m.analyser().analyse(&words),
        back.analyser().analyse(&words)
    );
}

#[test]
fn corrupted_models_are_errors_not_panics() {
    let bytes = tiny_model().to_bytes();
    let kind = |b: &[u8]| match Model::from_bytes(b, "bad") {
        Ok(_) => None,
        Err(e) => Some(e.kind().clone()),
    };
    assert_eq!(kind(b"hello"), Some(ErrorKind::NotAModel));
    assert_eq!(kind(&bytes[..bytes.len() - 3]), Some(ErrorKind::Checksum));
    let mut v = bytes.clone();
    v[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    assert!(matches!(kind(&v), Some(ErrorKind::Version { .. })));
    let mut v = bytes.clone();
    v[12] ^= 1;
    assert!(matches!(kind(&v), Some(ErrorKind::FeatureSet { .. })));
    // Flip each byte in turn (a stride keeps it quick): always an error, never a panic.
    for i in (0..bytes.len()).step_by(7) {
        let mut v = bytes.clone();
        v[i] ^= 0x5a;
        assert!(kind(&v).is_some(), "flipping byte {i} went unnoticed");
    }
    let e = match Model::from_bytes(&bytes[..40], "models/x.bin") {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    };
    assert!(e.contains("models/x.bin") && e.contains("checksum"), "{e}");
}

#[test]
fn decoder_always_builds_one_rooted_tree() {
    let m = tiny_model();
    let mut an = m.analyser();
    for n in 0..12 {
        let words: Vec<String> = (0..n).map(|i| format!("w{}", i * 7 % 5)).collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let a = an.analyse(&refs);
        assert_eq!(a.heads.len(), n);
        if n > 0 {
            assert_eq!(a.heads.iter().filter(|&&h| h == 0).count(), 1);
        }
        for (i, &h) in a.heads.iter().enumerate() {
            assert!(h as usize <= n && h as usize != i + 1);
            // Following heads reaches the root (no cycles).
            let mut cur = h;
            let mut steps = 0;
            while cur != 0 {
                cur = a.heads[cur as usize - 1];
                steps += 1;
                assert!(steps <= n, "cycle");
            }
        }
    }
}

#[test]
fn conllu_errors_name_the_line() {
    let e = match read_conllu("1\tA\t_\tDET\tDT\t_\t0\troot\t_\t_\n2\tb\t_\n", "x.conllu") {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    };
    assert!(e.starts_with("x.conllu:2:"), "{e}");
    let e = match read_conllu("1\tA\t_\tDET\tDT\t_\t5\troot\t_\t_\n\n", "x.conllu") {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    };
    assert!(e.contains("beyond the sentence"), "{e}");
    let round = crate::conllu::write_conllu(&small());
    match read_conllu(&round, "round") {
        Ok(s) => assert_eq!(s, small()),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn morphology_from_tags() {
    assert_eq!(
        crate::morph::feats("VBZ", "shells"),
        "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"
    );
    assert_eq!(crate::morph::feats("NNS", "towns"), "Number=Plur");
    assert_eq!(crate::morph::feats("JJR", "bigger"), "Degree=Cmp");
    let lex = sitrep_text::Lexicon::default_ref();
    assert_eq!(crate::morph::lemma("towns", "NNS", lex), "town");
    assert_eq!(crate::morph::lemma("Norland", "NNP", lex), "Norland");
    assert_eq!(crate::morph::lemma("shelled", "VBD", lex), "shell");
    assert_eq!(crate::morph::lemma("n't", "RB", lex), "not");
    assert_eq!(crate::morph::lemma("wo", "MD", lex), "will");
    // Repeated bytes of a multi-byte character are not a doubled consonant (no panic).
    assert_eq!(crate::morph::lemma("丸ed", "VBD", lex), "丸");
    assert_eq!(crate::morph::lemma("ッッing", "VBG", lex), "ッッ");
    assert_eq!(crate::morph::lemma("stopped", "VBD", lex), "stop");
}

/// A full sentence the tagger leaves without a finite verb gets one: the participle after
/// the subject becomes a past tense; sentences with a finite verb keep their participles.
#[test]
fn declarative_sentences_get_a_finite_verb() {
    let Ok(model) = Model::builtin() else {
        panic!("the shipped model loads");
    };
    let mut an = model.analyser();
    let mut xpos = |words: &[&str]| -> Vec<String> {
        let a = an.analyse(words);
        a.tags.iter().map(|&t| model.xpos(t).to_string()).collect()
    };
    let s = [
        "The",
        "UN",
        "secretary",
        "-",
        "general",
        "called",
        "on",
        "Sudan",
        "'s",
        "army",
        "to",
        "stop",
        "the",
        "shelling",
        ".",
    ];
    let tags = xpos(&s);
    assert!(
        tags.iter()
            .any(|t| matches!(t.as_str(), "VBD" | "VBZ" | "VBP" | "MD")),
        "{tags:?}"
    );
    // A noun that is also a past tense, in a sentence with no verb, is the verb.
    let s = [
        "Gunmen", "shot", "dead", "a", "trader", "near", "the", "market", ".",
    ];
    assert_eq!(xpos(&s)[1], "VBD");
    // An adverb may stand between the subject and the participle, and "at least" counts
    // the object: it is no place of a fragment's passive.
    let s = [
        "Soldiers",
        "summarily",
        "executed",
        "at",
        "least",
        "11",
        "men",
        "near",
        "the",
        "market",
        ".",
    ];
    assert_eq!(xpos(&s)[2], "VBD");
    // An adjective that is also a past tense, likewise ("Gunmen set fire to a school").
    let s = [
        "Gunmen", "set", "fire", "to", "a", "school", "in", "Kano", ".",
    ];
    assert_eq!(xpos(&s)[1], "VBD");
    // With no participle either, a headline present after its subject is the verb.
    let s = [
        "Cattle",
        "raiders",
        "fire",
        "on",
        "civilians",
        ",",
        "injuring",
        "one",
        ".",
    ];
    assert_eq!(xpos(&s)[2], "VBP");
    // A sentence with a finite verb keeps its participles.
    let s = [
        "The", "man", "detained", "by", "police", "was", "released", ".",
    ];
    assert_eq!(xpos(&s)[2], "VBN");
}

/// In edited text (`analyse_names`) a lower-case word inside the sentence is no proper noun,
/// whatever the web treebank taught the tagger: "a road march" is no month. The plain
/// `analyse`, measured against the treebank, is left as trained.
#[test]
fn edited_text_has_no_lower_case_proper_nouns() {
    let Ok(model) = Model::builtin() else {
        panic!("the shipped model loads");
    };
    let mut an = model.analyser();
    let words = [
        "Thousands",
        "of",
        "members",
        "staged",
        "a",
        "road",
        "march",
        "in",
        "Faridpur",
        "city",
        ".",
    ];
    let mut out = crate::Analysis::default();
    an.analyse_names(&words, &[false; 11], &mut out);
    let upos: Vec<&str> = out.tags.iter().map(|&t| model.upos(t)).collect();
    assert_ne!(upos[6], "PROPN", "{upos:?}");
    // A capitalised name keeps its tag.
    assert_eq!(upos[8], "PROPN", "{upos:?}");
}

/// A subject pronoun is followed by its verb: a word after "he" (one adverb apart at most)
/// that the tagger read as a noun but can be a verb agreeing with it is that verb, and the
/// adjective between them an adverb.
#[test]
fn a_subject_pronoun_is_followed_by_its_verb() {
    let Ok(model) = Model::builtin() else {
        panic!("the shipped model loads");
    };
    let mut an = model.analyser();
    let words = [
        "He",
        "further",
        "calls",
        "on",
        "the",
        "rebels",
        "to",
        "withdraw",
        ",",
        "the",
        "statement",
        "said",
        ".",
    ];
    let a = an.analyse(&words);
    let xpos: Vec<&str> = a.tags.iter().map(|&t| model.xpos(t)).collect();
    assert_eq!(xpos[2], "VBZ", "{xpos:?}");
    assert_eq!(xpos[1], "RB", "{xpos:?}");
    // The verb heads the sentence; the pronoun is its subject.
    assert_eq!(a.heads[0] as usize, 3, "{:?}", a.heads);
    // A noun that cannot be a verb stays a noun ("we villagers").
    let words = ["We", "villagers", "protested", "."];
    let a = an.analyse(&words);
    assert_eq!(model.xpos(a.tags[1]), "NNS");
}

/// After "did not" the word is the verb's bare form ("they did not fire at the site"), and
/// without the negation a noun object stays a noun ("did damage").
#[test]
fn do_support_is_followed_by_its_verb() {
    let Ok(model) = Model::builtin() else {
        panic!("the shipped model loads");
    };
    let mut an = model.analyser();
    let words = [
        "The", "army", "said", "that", "they", "did", "not", "fire", "at", "the", "site", ".",
    ];
    let a = an.analyse(&words);
    let xpos: Vec<&str> = a.tags.iter().map(|&t| model.xpos(t)).collect();
    assert_eq!(xpos[7], "VB", "{xpos:?}");
    let words = ["The", "storm", "did", "damage", "to", "the", "port", "."];
    let a = an.analyse(&words);
    assert_eq!(model.upos(a.tags[3]), "NOUN");
}

/// In edited text a word in capitals inside a sentence is a name, not the function word it
/// spells ("by IS militants" is no verb "is"); a sentence in capitals throughout is left alone.
#[test]
fn capitals_inside_a_sentence_are_names() {
    let Ok(model) = Model::builtin() else {
        panic!("the shipped model loads");
    };
    let mut an = model.analyser();
    let words = [
        "Fields",
        "were",
        "set",
        "on",
        "fire",
        "by",
        "suspected",
        "IS",
        "militants",
        ".",
    ];
    let mut out = crate::Analysis::default();
    an.analyse_names(&words, &[false; 10], &mut out);
    assert_eq!(model.upos(out.tags[7]), "PROPN");
    let words = ["IT", "IS", "OVER", "."];
    an.analyse_names(&words, &[false; 4], &mut out);
    assert_ne!(model.upos(out.tags[1]), "PROPN");
}

/// Feature extraction fills its fixed buffer exactly: one key per template, none cut off.
#[test]
fn every_template_gives_one_feature() {
    let words = ["Sudria", "shelled", "Norland", "."];
    let lex = sitrep_text::Lexicon::default_ref();
    let mut sc = crate::tagger::Scratch::default();
    crate::tagger::prepare(&words, lex, &Default::default(), &mut sc);
    let mut feats = Vec::new();
    let mut ahead = Vec::new();
    for i in 0..words.len() {
        crate::tagger::features(&sc.toks, i, 1, 2, &mut feats);
        assert_eq!(feats.len(), crate::tagger::MAX_FEATS);
        assert!(feats.iter().all(|&k| k != 0));
        // The tag-free features prefetched a word ahead are the same keys, in order.
        crate::tagger::static_features(&sc.toks, i, &mut ahead);
        assert_eq!(ahead.len(), 33);
        let mut other = Vec::new();
        crate::tagger::features(&sc.toks, i, 3, 4, &mut other);
        let same: Vec<u64> = feats
            .iter()
            .zip(&other)
            .filter(|(a, b)| a == b)
            .map(|(a, _)| *a)
            .collect();
        assert_eq!(same, ahead, "word {i}");
    }
    let mut toks = vec![crate::parser::root_tok()];
    toks.extend((0..words.len() as u64).map(|i| crate::parser::ParseTok {
        word: i + 7,
        tag: i,
    }));
    let mut st = State::default();
    st.reset(words.len());
    for t in [
        crate::parser::SHIFT,
        crate::parser::SHIFT,
        crate::parser::REDUCE,
    ] {
        crate::parser::features(&st, &toks, &mut feats);
        assert_eq!(feats.len(), crate::parser::MAX_FEATS);
        assert!(feats.iter().all(|&k| k != 0));
        if st.valid(t, 3, 0) {
            st.apply(t, 3);
        }
    }
}

/// The shipped model decodes alike with the masked (AVX-512) and the portable layout:
/// every tag, head and label of the EWT dev file (the test data where ../shared is
/// absent), through both analysis entry points. Where the CPU lacks AVX-512 both are the
/// portable layout and the test compares it with itself.
#[test]
fn masked_and_portable_layouts_decode_alike() {
    let Ok(model) = Model::builtin() else {
        panic!("built-in model");
    };
    let mut data = model.data.clone();
    data.tagger.build(false);
    data.parser.build(false);
    let portable = Model::from_data(data);
    let dev = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/ud/en_ewt-ud-dev.conllu");
    let sents = match std::fs::read_to_string(&dev) {
        Ok(text) => read_conllu(&text, "dev").unwrap_or_default(),
        Err(_) => small(),
    };
    assert!(!sents.is_empty());
    let (mut a, mut b) = (model.analyser(), portable.analyser());
    let (mut x, mut y) = (crate::Analysis::default(), crate::Analysis::default());
    for s in &sents {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        a.analyse_into(&words, &mut x);
        b.analyse_into(&words, &mut y);
        assert_eq!(x, y, "{words:?}");
        let names: Vec<bool> = words
            .iter()
            .map(|w| w.chars().next().is_some_and(char::is_uppercase))
            .collect();
        a.analyse_names(&words, &names, &mut x);
        b.analyse_names(&words, &names, &mut y);
        assert_eq!(x, y, "{words:?} (names)");
    }
}

/// A headline has no full stop and tells its news in the present: after a noun of plural
/// sense the word that can be a present verb is one ("police break up protest").
#[test]
fn a_headline_present_after_a_plural_sense_noun_is_its_verb() {
    let Ok(model) = Model::builtin() else {
        panic!("the shipped model loads");
    };
    let mut an = model.analyser();
    let words = [
        "Armenian", "police", "break", "up", "Yerevan", "rally", ",", "detain", "dozens",
    ];
    let a = an.analyse(&words);
    assert_eq!(model.xpos(a.tags[2]), "VBP", "{:?}", a.tags);
}

/// A perfect takes a participle: "has close ties" is an adjective after a main verb "has".
#[test]
fn a_word_after_has_that_cannot_be_a_participle_is_an_adjective() {
    let Ok(model) = Model::builtin() else {
        panic!("the shipped model loads");
    };
    let mut an = model.analyser();
    let words = [
        "Oman", ",", "which", "has", "close", "ties", "to", "Tehran", ",", "offered", "help", ".",
    ];
    let a = an.analyse(&words);
    assert_eq!(model.xpos(a.tags[4]), "JJ");
    assert_eq!(model.upos(a.tags[3]), "VERB");
    // A participle stays one.
    let words = ["Oman", "has", "closed", "its", "embassy", "."];
    let a = an.analyse(&words);
    assert_eq!(model.xpos(a.tags[2]), "VBN");
}

/// "near the Rafah crossing": a word in "-ing" after a determiner's name, with no object,
/// names a thing.
#[test]
fn a_named_gerund_after_the_is_a_noun() {
    let Ok(model) = Model::builtin() else {
        panic!("the shipped model loads");
    };
    let mut an = model.analyser();
    let words = [
        "Trucks", "waited", "near", "the", "Rafah", "crossing", "on", "Monday", ".",
    ];
    let a = an.analyse(&words);
    assert_eq!(model.upos(a.tags[5]), "NOUN");
}

/// A preposition takes a noun: "killed in clashes" is no verb "clashes".
#[test]
fn a_word_after_a_preposition_is_no_finite_verb() {
    let Ok(model) = Model::builtin() else {
        panic!("the shipped model loads");
    };
    let mut an = model.analyser();
    let words = [
        "Kenya", "lifted", "a", "curfew", "where", "40", "people", "have", "been", "killed", "in",
        "clashes", "this", "year", ".",
    ];
    let a = an.analyse(&words);
    assert_eq!(model.xpos(a.tags[11]), "NNS");
}

/// "Lithuania, which borders Belarus, welcomed …": the relative pronoun's verb.
#[test]
fn a_relative_pronoun_is_followed_by_its_verb() {
    let Ok(model) = Model::builtin() else {
        panic!("the shipped model loads");
    };
    let mut an = model.analyser();
    let words = [
        "Lithuania",
        ",",
        "which",
        "borders",
        "Belarus",
        ",",
        "welcomed",
        "the",
        "decision",
        ".",
    ];
    let a = an.analyse(&words);
    assert_eq!(model.xpos(a.tags[3]), "VBZ");
    // A plural noun after "which" that no object follows stays a noun.
    let words = ["They", "asked", "which", "talks", "would", "resume", "."];
    let a = an.analyse(&words);
    assert_eq!(model.xpos(a.tags[3]), "NNS");
}
