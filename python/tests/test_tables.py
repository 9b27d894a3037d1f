"""Arrow, pandas, Polars and Parquet: nested columns, and back to the same records."""

from __future__ import annotations

import pytest

import sitrep

pa = pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def events(extractor, corpus_docs):
    return extractor.extract_many(corpus_docs[:400])


def test_arrow_table_has_nested_columns(events):
    t = sitrep.to_arrow(events)
    assert t.num_rows == len(events) > 100
    assert t.schema == sitrep.event_schema()
    assert pa.types.is_list(t.schema.field("actors").type)
    assert pa.types.is_struct(t.schema.field("actors").type.value_type)
    assert pa.types.is_struct(t.schema.field("location").type)
    assert t.schema.field("date").type.field("start").type == pa.date32()
    # Nested values are the records' values.
    first = t.slice(0, 1).to_pylist()[0]
    assert first["actors"][0]["name"] == events[0]["actors"][0]["name"]
    assert first["evidence"][0]["start"] == events[0]["evidence"][0]["start"]


def test_arrow_round_trip_gives_the_records_back(events):
    assert sitrep.from_arrow(sitrep.to_arrow(events)) == events


def test_jsonl_route_gives_the_same_table(extractor, corpus_docs):
    """The bulk route (JSON Lines into Arrow's reader, as the Spark job uses) and the dict
    route give the same table, nulls and dates included."""
    docs = corpus_docs[:400]
    data = extractor.extract_many_jsonl(docs, merge=False)
    want = sitrep.to_arrow(extractor.extract_many(docs, merge=False))
    got = sitrep.tables.from_jsonl(data)
    assert got.num_rows == want.num_rows > 100
    assert got.schema == want.schema
    assert got.to_pylist() == want.to_pylist()
    assert sitrep.tables.from_jsonl(b"").num_rows == 0


def _articles(tmp_path):
    """About 100 KB of the README's benchmark articles (scripts/gen_bench_corpus.py: datelines,
    figures and their claimants, quoted sides) and the sample reports: more of the optional
    fields than the short generated reports fill."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "articles.jsonl"
    subprocess.run(
        [sys.executable, str(root / "scripts" / "gen_bench_corpus.py"), str(out), "--mb", "0.1"],
        check=True, stdout=subprocess.DEVNULL,
    )
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    samples = root / "samples" / "reports.jsonl"
    docs += [json.loads(line) for line in samples.read_text(encoding="utf-8").splitlines() if line]
    return docs


@pytest.mark.parametrize("merge", [False, True])
def test_buffers_route_gives_the_same_table(extractor, corpus_docs, tmp_path, merge):
    """The Arrow buffers the extension builds (the Spark worker's route) make the table the
    JSON Lines route makes of the same records: every column, nulls, empty lists and dates."""
    docs = corpus_docs[:400] + _articles(tmp_path)
    want = sitrep.tables.from_jsonl(extractor.extract_many_jsonl(docs, merge=merge))
    got = sitrep.tables.from_buffers(extractor.extract_many_arrow_buffers(docs, merge=merge))
    assert got.num_rows == want.num_rows > 500
    assert got.schema == want.schema
    got.validate(full=True)
    assert got.equals(want)
    assert got.to_pylist() == want.to_pylist()
    # The optional fields are exercised, not only null.
    loc = got.column("location").combine_chunks()
    assert loc.field("inferred").null_count < len(loc)
    assert loc.field("admin1").null_count < len(loc)
    empty = sitrep.tables.from_buffers(extractor.extract_many_arrow_buffers([], merge=merge))
    assert empty.num_rows == 0 and empty.schema == sitrep.event_schema()


def test_parquet_round_trip(events, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    pq.write_table(sitrep.to_arrow(events), path)
    assert sitrep.from_arrow(pq.read_table(path)) == events


def test_pandas(events):
    pd = pytest.importorskip("pandas")
    df = sitrep.to_pandas(events)
    assert isinstance(df, pd.DataFrame)
    assert len(df) == len(events)
    assert list(df.columns) == sitrep.event_schema().names
    assert set(df["type"]) <= {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
    assert sitrep.from_arrow(df) == events


def test_polars(events):
    pl = pytest.importorskip("polars")
    df = sitrep.to_polars(events)
    assert df.height == len(events)
    assert df.schema["location"] == pl.Struct
    assert sitrep.from_arrow(df.to_arrow()) == events


def test_entities_table(extractor, corpus_docs):
    ents = extractor.entities(corpus_docs[:100])
    t = sitrep.to_arrow(ents)
    assert t.schema == sitrep.entity_schema()
    assert sitrep.from_arrow(t) == ents


def test_empty_input_gives_an_empty_table():
    t = sitrep.to_arrow([])
    assert t.num_rows == 0 and t.schema == sitrep.event_schema()
