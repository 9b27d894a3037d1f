"""The package's records against the CLI's, and its errors against the CLI's messages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import sitrep
from conftest import cli_records, run_cli

TEXT = (
    "Russian forces launched 91 drones at Kharkiv overnight, the Ukrainian air force said on "
    "Tuesday. The foreign ministers of France and Germany met in Lyon on Tuesday."
)
SCHEMA_KEYS = {
    "id", "type", "mode", "context", "aux", "actors", "recipients", "location", "date",
    "magnitude", "claimed_by", "evidence", "confidence", "rule",
}


def test_extract_gives_schema_records(extractor):
    events = extractor.extract(TEXT, published="2025-02-18")
    assert {e["type"] for e in events} >= {"ASSAULT", "CONSULT"}
    for e in events:
        assert set(e) == SCHEMA_KEYS
        assert e["evidence"][0]["doc"] == sitrep.content_id(TEXT)
    assault = next(e for e in events if e["type"] == "ASSAULT")
    assert assault["magnitude"][0]["count"] == 91
    assert assault["location"]["name"] == "Kharkiv"
    # "overnight" before a Tuesday publication: Monday night to Tuesday.
    assert assault["date"]["end"] == "2025-02-18"


def test_extract_arguments(extractor):
    by_str = extractor.extract(TEXT, id="a1", published="2025-02-18", url="https://example.org/a1")
    by_date = extractor.extract(TEXT, id="a1", published=dt.date(2025, 2, 18))
    by_time = extractor.extract(TEXT, id="a1", published=dt.datetime(2025, 2, 18, 9, 30))
    assert by_str == by_date == by_time
    assert all(v["doc"] == "a1" for e in by_str for v in e["evidence"])
    # A numeric id is taken as a JSON document's would be.
    assert extractor.extract(TEXT, id=7)[0]["evidence"][0]["doc"] == "7"


def test_extract_equals_cli_on_one_document(extractor, sitrep_bin, tmp_path):
    doc = {"id": "one", "text": TEXT, "published": "2025-02-18"}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(doc) + "\n")
    cli = cli_records(sitrep_bin, "extract", "--quiet", "--no-quotes", str(path))
    assert cli, "the CLI found no event: the comparison would prove nothing"
    assert extractor.extract(TEXT, id="one", published="2025-02-18") == cli
    # A text without id gets the id the CLI gives a JSON document without one.
    path.write_text(json.dumps({"text": TEXT, "published": "2025-02-18"}) + "\n")
    cli = cli_records(sitrep_bin, "extract", "--quiet", "--no-quotes", str(path))
    assert extractor.extract(TEXT, published="2025-02-18") == cli


def test_extract_many_equals_cli(extractor, corpus_docs, cli_merged, cli_unmerged):
    assert len(cli_unmerged) > 1000
    assert len(cli_merged) < len(cli_unmerged), "the corpus should give merging work to do"
    assert extractor.extract_many(corpus_docs) == cli_merged
    assert extractor.extract_many(corpus_docs, 2, merge=False) == cli_unmerged


def test_merge_events_gives_the_cli_records(extractor, corpus_docs, cli_merged):
    apart = extractor.extract_many(corpus_docs, merge=False)
    assert sitrep.merge_events(apart) == cli_merged


def test_entities_equal_cli(extractor, sitrep_bin, corpus_docs, tmp_path):
    docs = corpus_docs[:300]
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs))
    ent = tmp_path / "ent.jsonl"
    cli_records(sitrep_bin, "extract", "--quiet", str(path), "--entities", str(ent))
    cli = [json.loads(line) for line in ent.read_text().splitlines()]
    assert len(cli) > 10
    assert extractor.entities(docs) == cli


def test_extract_many_accepts_texts_and_dicts(extractor):
    texts = [TEXT, "Police in Lyon arrested 12 protesters on Monday."]
    as_dicts = [{"text": t} for t in texts]
    assert extractor.extract_many(texts) == extractor.extract_many(as_dicts)
    assert extractor.extract_many(iter(texts), threads=1) == extractor.extract_many(texts)
    assert extractor.extract_many([]) == []


def test_user_kb_file_loads(tmp_path):
    kb = tmp_path / "people.tsv"
    # The people table's header (data/kb/people.tsv) with one invented minister.
    kb.write_text(
        "id\tname\tcountry\tsector\troles\taliases\n"
        "orla-vantroy\tOrla Vantroy\tFRA\tGOV\tForeign Minister|2020-01-01|\t\n"
    )
    text = "Orla Vantroy met the German chancellor in Lyon on Tuesday."
    assert not any("vantroy" in e["id"] for e in sitrep.Extractor().entities(text))
    ents = sitrep.Extractor(kb=str(kb)).entities(text)
    person = [e for e in ents if "vantroy" in e["id"]]
    assert person and person[0]["country"] == "FRA"


# --- errors: Python exceptions with the CLI's messages --------------------------------------


def _cli_error(binary, *args, stdin=None) -> str:
    p = run_cli(binary, *args, stdin=stdin)
    assert p.returncode != 0
    return p.stderr


def test_missing_rule_file(sitrep_bin, tmp_path):
    missing = tmp_path / "no-such-rules.toml"
    with pytest.raises(sitrep.LoadError) as err:
        sitrep.Extractor(rules=str(missing))
    msg = str(err.value)
    assert msg.startswith("loading rule files: ")
    assert str(missing) in msg
    cli = _cli_error(sitrep_bin, "extract", "--rules", str(missing), stdin=TEXT)
    assert f"sitrep: error: {msg}" in cli


def test_bad_kb_file_names_file_and_line(sitrep_bin, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("this\tis\tno\theader\n1\t2\t3\t4\n")
    with pytest.raises(sitrep.LoadError) as err:
        sitrep.Extractor(kb=[str(bad)])
    msg = str(err.value)
    assert msg.startswith("loading the knowledge base: ") and f"{bad}:1" in msg
    cli = _cli_error(sitrep_bin, "extract", "--kb", str(bad), stdin=TEXT)
    assert f"sitrep: error: {msg}" in cli


def test_bad_rule_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[trigger]\nthis is not toml")
    with pytest.raises(sitrep.LoadError, match="bad.toml"):
        sitrep.Extractor(rules=bad)


def test_document_errors_carry_the_readers_messages(extractor, sitrep_bin, tmp_path):
    with pytest.raises(sitrep.DocumentError, match=r"^text: empty document \(no text\)$"):
        extractor.extract("   ")
    with pytest.raises(sitrep.DocumentError) as err:
        extractor.extract_many([TEXT, {"id": "x", "text": TEXT, "published": "soon-ish"}])
    assert str(err.value) == 'docs[1]: field "published" is not a date: "soon-ish"'
    # The CLI says the same of the same document, naming the file and line instead.
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "x", "text": TEXT, "published": "soon-ish"}) + "\n")
    cli = _cli_error(sitrep_bin, "extract", "--quiet", str(path))
    assert f'{path}:1: field "published" is not a date: "soon-ish"' in cli
    with pytest.raises(sitrep.DocumentError, match='missing field "text"'):
        extractor.extract_many([{"id": "no-text"}])
    with pytest.raises(sitrep.DocumentError, match=r'docs\[0\]: field "id" cannot be a list'):
        extractor.extract_many([{"id": [1], "text": TEXT}])
    with pytest.raises(TypeError, match="docs\\[0\\]: a document is a str or a dict"):
        extractor.extract_many([42])
    with pytest.raises(TypeError):
        extractor.extract(b"bytes are not text")
    with pytest.raises(ValueError, match="errors must be"):
        extractor.extract_many([TEXT], errors="ignore")
    # Every sitrep error is a SitrepError.
    assert issubclass(sitrep.DocumentError, sitrep.SitrepError)


def test_errors_skip_warns_and_goes_on(extractor):
    docs = [{"id": "empty", "text": ""}, {"id": "ok", "text": TEXT}]
    with pytest.warns(UserWarning, match=r"sitrep: skipped: docs\[0\]: empty document"):
        events = extractor.extract_many(docs, errors="skip")
    assert events == extractor.extract_many([docs[1]])
