//! Blank inputs and broken JSON array elements are clear errors (issue 11).

use sitrep_io::{ReadError, ReadOptions, read_inputs};

fn read(name: &str, body: &[u8]) -> Vec<Result<sitrep_model::Document, ReadError>> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, body).unwrap();
    read_inputs(&[p], &ReadOptions::default()).collect()
}

#[test]
fn blank_and_empty_inputs_are_errors() {
    for (name, body) in [
        ("blank.jsonl", &b"  \n\n\t\n"[..]),
        ("empty.jsonl", b""),
        ("empty.json", b"[ ]"),
        ("blank.json", b" \n "),
    ] {
        let out = read(name, body);
        assert_eq!(out.len(), 1, "{name}: {out:?}");
        match &out[0] {
            Err(e @ ReadError::NoDocuments { origin }) => {
                assert!(origin.ends_with(name), "{origin}");
                assert!(e.to_string().contains("no documents"), "{e}");
            }
            other => panic!("{name}: expected no documents, got {other:?}"),
        }
    }
}

#[test]
fn a_broken_array_element_gives_its_index_offset_and_line() {
    let body = "[\n {\"id\":\"a\",\"text\":\"One.\"},\n {\"id\":\"b\",\"text\":\"Two.\"},\n {\"id\":\"c\",\n  \"text\": tru}\n]";
    let out = read("docs.json", body.as_bytes());
    assert_eq!(out.len(), 3, "{out:?}");
    assert_eq!(out[0].as_ref().unwrap().id, "a");
    assert_eq!(out[1].as_ref().unwrap().id, "b");
    match &out[2] {
        Err(
            e @ ReadError::MalformedElement {
                index,
                offset,
                line,
                ..
            },
        ) => {
            assert_eq!(*index, 2);
            assert_eq!(*offset as usize, body.find("{\"id\":\"c\"").unwrap());
            assert_eq!(*line, 5, "{e}");
            assert!(e.to_string().contains("docs.json[2]"), "{e}");
        }
        other => panic!("expected a malformed element, got {other:?}"),
    }
    // A missing comma and an unclosed array are reported the same way.
    let out = read("nocomma.json", b"[{\"text\":\"One.\"} {\"text\":\"Two.\"}]");
    assert!(out[0].is_ok());
    assert!(
        matches!(&out[1], Err(ReadError::MalformedElement { index: 1, .. })),
        "{out:?}"
    );
    let out = read("open.json", b"[{\"text\":\"One.\"},");
    assert!(out[0].is_ok());
    assert!(
        matches!(&out[1], Err(ReadError::MalformedElement { .. })),
        "{out:?}"
    );
}
