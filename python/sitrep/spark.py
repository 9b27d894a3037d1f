"""sitrep on Apache Spark: extraction inside the executors, one extractor per Python worker.

>>> from sitrep import spark as sitrep_spark
>>> docs = session.read.json("news/*.jsonl")              # columns id, text, published
>>> events = sitrep_spark.extract(docs)                    # one row per event record
>>> events.write.parquet("events.parquet")

``extract`` runs ``Extractor.extract_many_arrow_buffers(..., merge=False)`` over each Arrow
batch of each partition (``DataFrame.mapInArrow``): the extension builds the records' Arrow
columns itself (``sitrep.tables.from_buffers`` wraps them), and the result is a DataFrame
with the SCHEMA.md columns, nested as structs and arrays.
Each row is one document's record of an event, exactly the record ``sitrep extract
--merge-window 0`` writes for that document: partitions are
independent, so reports of one event in documents of different partitions are not folded
together here. Fold them where the records meet: ``sitrep ingest`` or a store (which merge
across everything stored), or ``sitrep.merge_events`` on records collected in document order
(which gives exactly the records of a plain ``sitrep extract``).

Without Python on the cluster, the static binary does the same job through ``RDD.pipe``
(see the README, "More than one machine").
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterator, Optional, Sequence, Tuple

from . import tables

__all__ = ["extract", "event_ddl", "pipe_command"]

#: One extractor per Python worker process and per (rules, kb): Spark reuses its Python
#: workers between tasks (spark.python.worker.reuse, on by default), so the knowledge base
#: is loaded once per worker, not once per partition.
_EXTRACTORS: Dict[Tuple[Tuple[str, ...], Tuple[str, ...]], Any] = {}


def _extractor(rules: Tuple[str, ...], kb: Tuple[str, ...]):
    key = (rules, kb)
    ex = _EXTRACTORS.get(key)
    if ex is None:
        from . import Extractor

        ex = Extractor(rules=list(rules) or None, kb=list(kb) or None)
        _EXTRACTORS[key] = ex
    return ex


def _ddl_type(t) -> str:
    import pyarrow as pa

    if pa.types.is_string(t):
        return "STRING"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_float64(t):
        return "DOUBLE"
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    if pa.types.is_date32(t):
        return "DATE"
    if pa.types.is_list(t):
        return f"ARRAY<{_ddl_type(t.value_type)}>"
    if pa.types.is_struct(t):
        inner = ", ".join(f"`{f.name}`: {_ddl_type(f.type)}" for f in t)
        return f"STRUCT<{inner}>"
    raise TypeError(f"no Spark type for Arrow type {t}")  # pragma: no cover


def event_ddl() -> str:
    """The Spark schema (DDL) of event records: ``sitrep.event_schema()`` in Spark's types."""
    return ", ".join(f"`{f.name}` {_ddl_type(f.type)}" for f in tables.event_schema())


def _paths(p) -> Tuple[str, ...]:
    if p is None:
        return ()
    if isinstance(p, (str, os.PathLike)):
        return (os.fspath(p),)
    return tuple(os.fspath(x) for x in p)


def extract(
    df,
    text: str = "text",
    id: Optional[str] = "id",
    published: Optional[str] = "published",
    url: Optional[str] = None,
    *,
    rules=None,
    kb=None,
    threads: int = 1,
):
    """Extracts events from the documents of a Spark DataFrame.

    ``text``, ``id``, ``published`` and ``url`` name its columns (``id`` and ``published``
    are used when the DataFrame has them; ``published`` may be a string, date or timestamp
    column). ``rules``/``kb`` are extra rule/knowledge-base files, as ``--rules``/``--kb``;
    they must exist at the same path on every worker. ``threads`` is the number of threads
    each Python worker extracts with (Spark already runs one worker per task slot, so 1 is
    usually right).

    Returns a DataFrame with the SCHEMA.md columns (``event_ddl()``), one row per document's
    record of an event, in the order of the input within each partition.
    """
    import pyarrow as pa

    columns = list(df.columns)
    if text not in columns:
        raise ValueError(f"the DataFrame has no text column {text!r} (columns: {columns})")
    fields = {"text": text}
    for key, name in (("id", id), ("published", published), ("url", url)):
        if name is not None and name in columns:
            fields[key] = name
        elif name is not None and key == "url":
            raise ValueError(f"the DataFrame has no column {name!r} (columns: {columns})")
    rules_t, kb_t = _paths(rules), _paths(kb)
    schema = tables.event_schema()
    names = list(fields.items())

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        ex = _extractor(rules_t, kb_t)
        for batch in batches:
            cols = {key: batch.column(name).to_pylist() for key, name in names}
            docs = [
                {key: cols[key][i] for key in cols}
                for i in range(batch.num_rows)
            ]
            if not docs:
                continue
            # Records as Arrow buffers built by the extension: a Python dict per record and
            # field cost more than extraction, and JSON Lines through Arrow's JSON reader
            # 2-6 % more of a batch's CPU than this (python/src/columns.rs).
            table = tables.from_buffers(ex.extract_many_arrow_buffers(docs, threads, merge=False))
            if table.num_rows:
                yield from table.to_batches()
            else:
                yield pa.RecordBatch.from_pylist([], schema=schema)

    return df.select(*[c for _, c in names]).mapInArrow(run, event_ddl())


def pipe_command(binary: str = "sitrep", published: Optional[str] = None) -> Sequence[str]:
    """The command ``RDD.pipe`` runs for the no-Python route: JSON Lines documents in on
    stdin, one JSON event per line out (quotes left out, every document's records apart, no
    progress bar), from the static ``sitrep`` binary found at ``binary`` on each worker."""
    cmd = [binary, "extract", "--quiet", "--no-quotes", "--merge-window", "0", "--format", "jsonl"]
    if published:
        cmd += ["--published", published]
    return cmd


def pipe(rdd_of_json_lines, binary: str = "sitrep"):
    """``RDD.pipe`` through the static binary: an RDD of JSON Lines documents (strings) in,
    an RDD of event dicts out. Needs no sitrep Python package on the workers, only the
    binary at ``binary``."""
    return rdd_of_json_lines.pipe(" ".join(pipe_command(binary))).map(_event)


def _event(line: str) -> dict:
    """One JSON line of ``sitrep extract --no-quotes`` as the event dict the Python API gives:
    the stream's ``record`` tag (always "event" here) is left out."""
    rec = json.loads(line)
    rec.pop("record", None)
    return rec
