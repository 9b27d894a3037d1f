//! Hostile input through the real binary (issue 11): the multi-byte panic, blank inputs, and a
//! JSON array with a broken element. Every text here was written for these tests.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start sitrep");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("sitrep output")
}

fn events(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["record"] == "event")
        .collect()
}

#[test]
fn the_multibyte_suffix_panic_is_gone() {
    let out = run(
        &["extract", "--format", "jsonl", "--published", "2030-06-12"],
        "Russian forces 丸ed Kharkiv on Monday.\n".as_bytes(),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn good_documents_around_a_formerly_fatal_one_all_come_out() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("docs.jsonl");
    let body = [
        r#"{"id":"a","published":"2030-06-12","text":"Russian troops shelled Kharkiv on Monday."}"#,
        r#"{"id":"b","published":"2030-06-12","text":"Ukrainian forces 丸ed Belgorod, ッing and 四ed on Monday."}"#,
        r#"{"id":"c","published":"2030-06-12","text":"Ukrainian troops shelled Belgorod on Tuesday."}"#,
    ]
    .join("\n");
    std::fs::write(&p, body).unwrap();
    let out = run(
        &[
            "extract",
            "--format",
            "jsonl",
            "--batch",
            "1",
            p.to_str().unwrap(),
        ],
        b"",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let docs: std::collections::BTreeSet<String> = events(&out)
        .iter()
        .flat_map(|e| e["evidence"].as_array().cloned().unwrap_or_default())
        .filter_map(|ev| ev["doc"].as_str().map(str::to_string))
        .collect();
    assert!(docs.contains("a") && docs.contains("c"), "{docs:?} {err}");
}

#[test]
fn a_blank_jsonl_file_is_an_error_not_a_silent_success() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("blank.jsonl");
    std::fs::write(&p, "  \n\n\t \n").unwrap();
    let out = run(&["extract", p.to_str().unwrap()], b"");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("blank.jsonl") && err.contains("no documents"),
        "{err}"
    );
    // Blank stdin too.
    let out = run(&["extract"], b"   \n \n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
}

#[test]
fn a_broken_array_element_is_named_and_the_elements_before_it_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("docs.json");
    let body = "[\n  {\"id\": \"a\", \"published\": \"2030-06-12\", \"text\": \"Russian troops shelled Kharkiv on Monday.\"},\n  {\"id\": \"b\", \"published\": \"2030-06-12\", \"text\": \"Ukrainian troops shelled Belgorod on Tuesday.\"},\n  {\"id\": \"c\", \"text\": \"broken\" \"x\"}\n]\n";
    std::fs::write(&p, body).unwrap();
    let out = run(&["extract", "--format", "jsonl", p.to_str().unwrap()], b"");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("docs.json[2]"), "{err}");
    assert!(err.contains("line 4"), "{err}");
    assert!(err.contains("byte offset"), "{err}");
    assert!(!events(&out).is_empty(), "{err}");
}

/// Past `--parse-limit` a document is still coded, from word order, and stderr says how much
/// of it was; 0 parses everything, and a document within the limit draws no note.
#[test]
fn text_past_the_parse_limit_is_coded_and_told() {
    let para = "Sudrian troops shelled the port of Lusk on Monday, killing four people, officials \
                in Norland said. Norland condemned the attack.\n\n";
    let text = para.repeat(40);
    let limit = (text.len() / 4).to_string();
    let args = |limit: &str| {
        run(
            &[
                "extract",
                "--format",
                "jsonl",
                "--published",
                "2030-06-12",
                "--parse-limit",
                limit,
            ],
            text.as_bytes(),
        )
    };
    let out = args(&limit);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("past the first {limit} coded from word order")),
        "{err}"
    );
    let past = events(&out)
        .iter()
        .flat_map(|e| e["evidence"].as_array().cloned().unwrap_or_default())
        .filter(|v| v["start"].as_u64().unwrap_or(0) > text.len() as u64 / 4)
        .count();
    assert!(past > 0, "no evidence past the limit");
    for none in ["0", "100000000"] {
        let out = args(none);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(!err.contains("--parse-limit"), "{err}");
    }
}
