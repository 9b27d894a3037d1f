"""Reading (and writing) a store from Python, against `sitrep timeline` on the same store."""

from __future__ import annotations

import json

import pytest

import sitrep
from conftest import cli_records, run_cli


@pytest.fixture(scope="module")
def store_path(sitrep_bin, corpus_docs, tmp_path_factory):
    d = tmp_path_factory.mktemp("store")
    docs = d / "docs.jsonl"
    docs.write_text("".join(json.dumps(x) + "\n" for x in corpus_docs[:300]))
    db = d / "news.db"
    p = run_cli(sitrep_bin, "ingest", "--quiet", "--db", str(db), str(docs))
    assert p.returncode == 0, p.stderr
    return db


def test_timeline_equals_cli(store_path, sitrep_bin):
    store = sitrep.open_store(store_path)
    events = store.timeline()
    cli = cli_records(sitrep_bin, "timeline", "--db", str(store_path), "--format", "jsonl")
    assert len(events) > 50
    assert events == cli
    assault = store.timeline(type="ASSAULT", since="2024-03-01", limit=5)
    cli = cli_records(
        sitrep_bin, "timeline", "--db", str(store_path), "--format", "jsonl",
        "--type", "ASSAULT", "--since", "2024-03-01", "--limit", "5",
    )
    assert assault == cli and len(cli) == 5
    assert {"sources", "figures", "reports"} <= set(events[0])


def test_event_counts_and_tables(store_path):
    store = sitrep.open_store(str(store_path))
    events = store.timeline()
    one = store.event(events[0]["id"])
    assert one["id"] == events[0]["id"]
    assert store.event("no-such-event") is None
    counts = store.counts()
    assert counts["documents"] == 300 and counts["events"] == len(events)
    t = sitrep.to_arrow(events)
    assert "sources" in t.schema.names
    assert sitrep.from_arrow(t) == events


def test_missing_store_is_an_error_as_in_the_cli(sitrep_bin, tmp_path):
    missing = tmp_path / "missing.db"
    with pytest.raises(sitrep.StoreError) as err:
        sitrep.open_store(missing)
    p = run_cli(sitrep_bin, "timeline", "--db", str(missing))
    assert p.returncode != 0
    assert f"sitrep: error: {err.value}" in p.stderr
    assert not missing.exists()


def test_ingest_from_python_equals_cli_ingest(store_path, extractor, corpus_docs, tmp_path):
    store = sitrep.open_store(tmp_path / "py.db", create=True)
    report = store.ingest(extractor, corpus_docs[:300])
    assert report["added"] == 300
    again = store.ingest(extractor, corpus_docs[:300])
    assert again["unchanged"] == 300 and again["added"] == 0
    assert store.timeline() == sitrep.open_store(store_path).timeline()
