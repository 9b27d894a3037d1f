"""Records as tables: Arrow (nested structs and lists), pandas and Polars.

The Arrow schema follows SCHEMA.md field for field. Fields that ``sitrep extract`` leaves out
of a JSON line when empty (an actor's ``sector`` and ``role``, a location's ``admin1``,
``feature`` and ``inferred``, a figure's ``claimed_by``, an evidence item's ``rule``) are
nullable columns here; ``from_arrow`` leaves them out again, so that
``from_arrow(to_arrow(events)) == events``. Dates are Arrow ``date32``; ``confidence`` is a
double holding the decimal the JSON line gives.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, Iterable, List, Optional

__all__ = [
    "event_schema",
    "entity_schema",
    "to_arrow",
    "from_jsonl",
    "from_buffers",
    "from_arrow",
    "to_pandas",
    "to_polars",
]


def _pa():
    try:
        import pyarrow as pa
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("sitrep's table conversions need pyarrow: pip install pyarrow") from e
    return pa


def _party(pa):
    return pa.struct(
        [
            ("name", pa.string()),
            ("entity", pa.string()),
            ("kind", pa.string()),
            ("country", pa.string()),
            ("sector", pa.string()),
            ("role", pa.string()),
        ]
    )


def _date(pa, date_type):
    return pa.struct(
        [
            ("start", date_type),
            ("end", date_type),
            ("precision", pa.string()),
            ("text", pa.string()),
        ]
    )


def _event_fields(pa, date_type):
    return [
        ("id", pa.string()),
        ("type", pa.string()),
        ("mode", pa.list_(pa.string())),
        ("context", pa.list_(pa.string())),
        ("aux", pa.string()),
        ("actors", pa.list_(_party(pa))),
        ("recipients", pa.list_(_party(pa))),
        (
            "location",
            pa.struct(
                [
                    ("name", pa.string()),
                    ("country", pa.string()),
                    ("admin1", pa.string()),
                    ("lat", pa.float64()),
                    ("lon", pa.float64()),
                    ("feature", pa.string()),
                    ("inferred", pa.bool_()),
                ]
            ),
        ),
        ("date", _date(pa, date_type)),
        (
            "magnitude",
            pa.list_(
                pa.struct(
                    [
                        ("measure", pa.string()),
                        ("count", pa.int64()),
                        ("qualifier", pa.string()),
                        ("unit", pa.string()),
                        ("claimed_by", pa.string()),
                    ]
                )
            ),
        ),
        (
            "claimed_by",
            pa.list_(
                pa.struct([("name", pa.string()), ("country", pa.string()), ("entity", pa.string())])
            ),
        ),
        (
            "evidence",
            pa.list_(
                pa.struct(
                    [
                        ("doc", pa.string()),
                        ("sentence", pa.int64()),
                        ("start", pa.int64()),
                        ("end", pa.int64()),
                        ("text", pa.string()),
                        ("rule", pa.string()),
                    ]
                )
            ),
        ),
        ("confidence", pa.float64()),
        ("rule", pa.string()),
    ]


def _stored_fields(pa, date_type):
    """The fields a store adds to a record (``Store.timeline``)."""
    return [
        (
            "sources",
            pa.list_(
                pa.struct(
                    [
                        ("doc", pa.string()),
                        ("title", pa.string()),
                        ("published", date_type),
                        ("source", pa.string()),
                        ("url", pa.string()),
                    ]
                )
            ),
        ),
        (
            "figures",
            pa.list_(
                pa.struct(
                    [
                        ("doc", pa.string()),
                        ("measure", pa.string()),
                        ("count", pa.int64()),
                        ("qualifier", pa.string()),
                        ("unit", pa.string()),
                        ("claimed_by", pa.string()),
                    ]
                )
            ),
        ),
        ("reports", pa.list_(pa.string())),
        # Canonical names of the parties' stored entities, by entity id ("Russia" where a
        # report said "Moscow's forces"); null where the store knows none.
        ("entity_names", pa.map_(pa.string(), pa.string())),
    ]


def event_schema(stored: bool = False):
    """The Arrow schema of event records; ``stored=True`` adds a store's ``sources``,
    ``figures``, ``reports`` and ``entity_names``."""
    pa = _pa()
    fields = _event_fields(pa, pa.date32())
    if stored:
        fields += _stored_fields(pa, pa.date32())
    return pa.schema(fields)


def entity_schema():
    """The Arrow schema of entity records (``Extractor.entities``)."""
    pa = _pa()
    return pa.schema(
        [
            ("id", pa.string()),
            ("name", pa.string()),
            ("kind", pa.string()),
            ("country", pa.string()),
            ("roles", pa.list_(pa.string())),
            ("aliases", pa.list_(pa.string())),
            (
                "mentions",
                pa.list_(
                    pa.struct(
                        [
                            ("doc", pa.string()),
                            ("start", pa.int64()),
                            ("end", pa.int64()),
                            ("text", pa.string()),
                        ]
                    )
                ),
            ),
            (
                "place",
                pa.struct(
                    [
                        ("gazetteer_id", pa.string()),
                        ("feature", pa.string()),
                        ("lat", pa.float64()),
                        ("lon", pa.float64()),
                        ("admin1", pa.string()),
                        ("admin2", pa.string()),
                        ("population", pa.int64()),
                        ("candidates", pa.int64()),
                        ("evidence", pa.list_(pa.string())),
                    ]
                ),
            ),
        ]
    )


def _is_entities(records: List[Dict[str, Any]]) -> bool:
    return bool(records) and "mentions" in records[0] and "type" not in records[0]


def to_arrow(records: Iterable[Dict[str, Any]], kind: Optional[str] = None):
    """A ``pyarrow.Table`` of event records (as ``Extractor.extract`` gives them), stored
    events (``Store.timeline``) or entities (``Extractor.entities``), with nested columns.

    ``kind`` is ``"event"``, ``"stored"`` or ``"entity"``; by default it is told from the
    first record (an empty list gives an empty event table).
    """
    pa = _pa()
    records = list(records)
    if kind is None:
        if _is_entities(records):
            kind = "entity"
        elif records and "sources" in records[0]:
            kind = "stored"
        else:
            kind = "event"
    if kind == "entity":
        return pa.Table.from_pylist(records, schema=entity_schema())
    if kind not in ("event", "stored"):
        raise ValueError(f"kind must be 'event', 'stored' or 'entity', not {kind!r}")
    # Dates travel as the ISO strings of the JSON line; Arrow casts them to date32 in C++,
    # nested fields included, instead of a Python loop over every record.
    fields = _event_fields(pa, pa.string())
    target = _event_fields(pa, pa.date32())
    if kind == "stored":
        fields += _stored_fields(pa, pa.string())
        target += _stored_fields(pa, pa.date32())
    table = pa.Table.from_pylist(records, schema=pa.schema(fields))
    return table.cast(pa.schema(target))


def from_jsonl(data: bytes):
    """A ``pyarrow.Table`` of event records (the schema of ``to_arrow``) from the JSON Lines
    ``sitrep extract --no-quotes`` writes (or ``Extractor.extract_many_jsonl`` returns),
    parsed by Arrow's C++ JSON reader: no Python object per record, which is what bulk
    conversion (Spark) needs. The lines' ``record`` tag is left out."""
    pa = _pa()
    import pyarrow.json as pj

    if not data:
        return event_schema().empty_table()
    opts = pj.ParseOptions(
        explicit_schema=pa.schema(_event_fields(pa, pa.string())),
        unexpected_field_behavior="ignore",
    )
    # One block for the whole input: Arrow infers nothing, and block boundaries cost time.
    read = pj.ReadOptions(use_threads=False, block_size=max(len(data) + 1, 1 << 20))
    table = pj.read_json(pa.BufferReader(data), read_options=read, parse_options=opts)
    # The reader orders columns as the schema does only for the fields it saw first; select
    # them in the schema's order, then dates from ISO strings to date32 as ``to_arrow`` does.
    names = [f.name for f in event_schema()]
    return table.select(names).cast(event_schema())


def _array(pa, typ, nodes):
    """One array of type ``typ`` from the next nodes of ``nodes`` (an iterator of
    ``(length, null_count, validity, buffers)``, the array before its children)."""
    length, nulls, valid, bufs = next(nodes)
    buffers = [None if valid is None else pa.py_buffer(valid)]
    buffers += [pa.py_buffer(b) for b in bufs]
    children = None
    if pa.types.is_list(typ):
        children = [_array(pa, typ.value_type, nodes)]
    elif pa.types.is_struct(typ):
        children = [_array(pa, f.type, nodes) for f in typ]
    return pa.Array.from_buffers(typ, length, buffers, null_count=nulls, children=children)


def from_buffers(nodes):
    """A ``pyarrow.Table`` of event records (the schema of ``to_arrow``, the same table
    ``from_jsonl`` makes of the same records) from ``Extractor.extract_many_arrow_buffers``:
    the arrays wrap the buffers the extension built, with no JSON text in between and no
    copy. What a Spark worker uses."""
    pa = _pa()
    schema = event_schema()
    it = iter(nodes)
    arrays = [_array(pa, f.type, it) for f in schema]
    if next(it, None) is not None:
        raise ValueError("more Arrow buffers than the event schema has arrays")
    return pa.Table.from_arrays(arrays, schema=schema)


#: Keys ``sitrep extract`` leaves out of a JSON line when they are empty, per nested record.
_OPTIONAL = {
    "party": ("sector", "role"),
    "location": ("admin1", "feature"),
    "magnitude": ("claimed_by",),
    "evidence": ("rule",),
}


def _iso(v):
    return v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) else v


def _drop_none(d: Optional[Dict[str, Any]], keys) -> Optional[Dict[str, Any]]:
    if d is None:
        return None
    for k in keys:
        if d.get(k) is None:
            d.pop(k, None)
    return d


def _event_record(r: Dict[str, Any]) -> Dict[str, Any]:
    for side in ("actors", "recipients"):
        for p in r.get(side) or []:
            _drop_none(p, _OPTIONAL["party"])
    loc = r.get("location")
    if loc is not None:
        _drop_none(loc, _OPTIONAL["location"])
        if not loc.get("inferred"):
            loc.pop("inferred", None)
    date = r.get("date")
    if date is not None:
        date["start"] = _iso(date.get("start"))
        date["end"] = _iso(date.get("end"))
    for m in r.get("magnitude") or []:
        _drop_none(m, _OPTIONAL["magnitude"])
    for v in r.get("evidence") or []:
        _drop_none(v, _OPTIONAL["evidence"])
    for s in r.get("sources") or []:
        s["published"] = _iso(s.get("published"))
    if "entity_names" in r:
        # Arrow gives a map as (key, value) pairs; the JSON form is an object, absent when empty.
        names = r.pop("entity_names")
        if names:
            r["entity_names"] = dict(names)
    return r


def _entity_record(r: Dict[str, Any]) -> Dict[str, Any]:
    place = r.get("place")
    if place is None:
        r.pop("place", None)
    else:
        _drop_none(place, ("admin1", "admin2"))
    return r


def from_arrow(table) -> List[Dict[str, Any]]:
    """The records of a table made by ``to_arrow`` (or read back from Parquet, or collected
    from ``sitrep.spark.extract``), as the dicts ``Extractor.extract`` gives: the SCHEMA.md
    form, equal to the JSON lines ``sitrep extract`` writes."""
    pa = _pa()
    if not isinstance(table, (pa.Table, pa.RecordBatch)):
        table = pa.Table.from_pandas(table) if hasattr(table, "to_dict") else table.to_arrow()
    rows = table.to_pylist()
    if "mentions" in table.schema.names and "type" not in table.schema.names:
        return [_entity_record(r) for r in rows]
    return [_event_record(r) for r in rows]


def to_pandas(records: Iterable[Dict[str, Any]], kind: Optional[str] = None):
    """A pandas DataFrame of records, one row per record; nested fields are lists of dicts
    (Arrow's conversion). For flat columns, ``pandas.json_normalize`` or ``explode``."""
    return to_arrow(records, kind).to_pandas()


def to_polars(records: Iterable[Dict[str, Any]], kind: Optional[str] = None):
    """A Polars DataFrame of records, with nested fields as Polars structs and lists
    (zero-copy from Arrow)."""
    try:
        import polars as pl
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("sitrep.to_polars needs polars: pip install polars") from e
    return pl.from_arrow(to_arrow(records, kind))
