"""Reads sitrep's CSV and Parquet exports with pyarrow and DuckDB and checks types and values
against the JSON Lines export of the same events, which pandas reads and filters on `record`
with no cleaning. Run by crates/cli/tests/exports.rs.

usage: check_exports.py EVENTS.jsonl EVENTS.parquet EVENTS.csv
Prints `ok N events` and exits 0, or names the first mismatch and exits 1.
"""

import csv
import datetime
import json
import sys

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

MEASURES = ["killed", "injured", "launched", "intercepted", "hit", "arrested", "evacuated",
            "damaged", "destroyed", "displaced", "participants", "days"]


def fail(msg):
    print(f"MISMATCH: {msg}")
    sys.exit(1)


def same(what, got, want):
    if got != want:
        fail(f"{what}: got {got!r}, want {want!r}")


jsonl, parquet, csv_path = sys.argv[1:4]
lines = [json.loads(l) for l in open(jsonl, encoding="utf-8") if l.strip()]
for l in lines:
    if "record" not in l:
        fail(f"JSONL line without `record`: {l.get('id')}")
events = [l for l in lines if l["record"] == "event"]
if not events:
    fail("no events in the JSONL export")

# --- pandas: the JSON Lines as an analyst reads them -----------------------------------------
df = pd.read_json(jsonl, lines=True)
same("pandas rows", len(df), len(lines))
same("pandas event ids", list(df[df["record"] == "event"]["id"]), [e["id"] for e in events])


def docs_of(ev):
    if "sources" in ev:
        return [s["doc"] for s in ev["sources"]]
    out = []
    for e in ev["evidence"]:
        if e["doc"] not in out:
            out.append(e["doc"])
    return out


def countries(parties):
    out = []
    for p in parties:
        c = p.get("country")
        if c and c not in out:
            out.append(c)
    return out


def party(p):
    return {k: p.get(k) for k in ["name", "entity", "kind", "country", "sector", "role"]}


def magnitude(m):
    return {k: m.get(k) for k in ["measure", "count", "qualifier", "unit", "claimed_by"]}


def day(s):
    return datetime.date.fromisoformat(s) if s else None


def first_figure(ev, measure):
    for m in ev["magnitude"]:
        if m["measure"] == measure and m.get("count") is not None:
            return m["count"], m.get("claimed_by")
    return None, None


# --- pyarrow: types --------------------------------------------------------------------------
table = pq.read_table(parquet)
schema = table.schema
party_t = pa.struct([
    pa.field("name", pa.string(), nullable=False), ("entity", pa.string()),
    pa.field("kind", pa.string(), nullable=False), ("country", pa.string()),
    ("sector", pa.string()), ("role", pa.string()),
])
expect_types = {
    "id": pa.string(), "type": pa.string(), "aux": pa.string(),
    "date_start": pa.date32(), "date_end": pa.date32(), "date_precision": pa.string(),
    "lat": pa.float64(), "lon": pa.float64(), "location_country": pa.string(),
    "confidence": pa.float32(), "n_sources": pa.int64(), "killed": pa.int64(),
    "killed_claimed_by": pa.string(),
}
for name, t in expect_types.items():
    same(f"pyarrow type of {name}", schema.field(name).type, t)
for name in ["mode", "context", "claimed_by", "docs", "actor_countries"]:
    t = schema.field(name).type
    if not pa.types.is_list(t) or t.value_type != pa.string():
        fail(f"pyarrow type of {name}: {t} is not a list of strings")
for name in ["actors", "recipients"]:
    t = schema.field(name).type
    if not pa.types.is_list(t) or t.value_type != party_t:
        fail(f"pyarrow type of {name}: {t} is not a list of party structs")
loc_t = schema.field("location").type
if not pa.types.is_struct(loc_t) or loc_t.field("lat").type != pa.float64():
    fail(f"pyarrow type of location: {loc_t}")
mag_t = schema.field("magnitude").type
if not pa.types.is_list(mag_t) or mag_t.value_type.field("count").type != pa.int64():
    fail(f"pyarrow type of magnitude: {mag_t}")

# --- pyarrow: values -------------------------------------------------------------------------
rows = {r["id"]: r for r in table.to_pylist()}
same("Parquet rows", len(table), len(events))
for ev in events:
    r = rows.get(ev["id"])
    if r is None:
        fail(f"event {ev['id']} missing from Parquet")
    where = f"event {ev['id']}"
    same(f"{where} type", r["type"], ev["type"])
    same(f"{where} mode", r["mode"], ev["mode"])
    same(f"{where} context", r["context"], ev["context"])
    same(f"{where} aux", r["aux"], ev["aux"])
    d = ev.get("date") or {}
    same(f"{where} date_start", r["date_start"], day(d.get("start")))
    same(f"{where} date_end", r["date_end"], day(d.get("end")))
    same(f"{where} date_precision", r["date_precision"], d.get("precision"))
    same(f"{where} actors", r["actors"], [party(p) for p in ev["actors"]])
    same(f"{where} recipients", r["recipients"], [party(p) for p in ev["recipients"]])
    same(f"{where} actor_countries", r["actor_countries"], countries(ev["actors"]))
    loc = ev.get("location")
    if loc is None:
        same(f"{where} location", r["location"], None)
    else:
        same(f"{where} location.name", r["location"]["name"], loc["name"])
        same(f"{where} location.lat", r["location"]["lat"], loc.get("lat"))
        same(f"{where} location.inferred", r["location"]["inferred"], loc.get("inferred", False))
    same(f"{where} lat", r["lat"], loc and loc.get("lat"))
    same(f"{where} lon", r["lon"], loc and loc.get("lon"))
    same(f"{where} magnitude", r["magnitude"], [magnitude(m) for m in ev["magnitude"]])
    for m in MEASURES:
        count, by = first_figure(ev, m)
        same(f"{where} {m}", r[m], count)
        same(f"{where} {m}_claimed_by", r[f"{m}_claimed_by"], by)
    same(f"{where} claimed_by", r["claimed_by"], [c["name"] for c in ev["claimed_by"]])
    if abs(r["confidence"] - ev["confidence"]) > 1e-6:
        fail(f"{where} confidence {r['confidence']} != {ev['confidence']}")
    same(f"{where} docs", r["docs"], docs_of(ev))
    same(f"{where} n_sources", r["n_sources"], len(docs_of(ev)))

# --- DuckDB: the same file, types and values -------------------------------------------------
con = duckdb.connect()
types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{parquet}'))").fetchall())
same("DuckDB type of date_start", types["date_start"], "DATE")
same("DuckDB type of mode", types["mode"], "VARCHAR[]")
same("DuckDB type of killed", types["killed"], "BIGINT")
if not (types["actors"].startswith("STRUCT(") and types["actors"].endswith("[]")):
    fail(f"DuckDB type of actors: {types['actors']}")
if not types["location"].startswith("STRUCT("):
    fail(f"DuckDB type of location: {types['location']}")
got = con.execute(
    f"SELECT id, len(actors), actors[1].name, date_start, location.name, lat, killed, len(mode) "
    f"FROM read_parquet('{parquet}')").fetchall()
same("DuckDB rows", len(got), len(events))
by_id = {ev["id"]: ev for ev in events}
for gid, nact, first_actor, start, place, lat, killed, nmode in got:
    ev = by_id[gid]
    where = f"DuckDB event {gid}"
    same(f"{where} actors", nact, len(ev["actors"]))
    same(f"{where} first actor", first_actor, ev["actors"][0]["name"] if ev["actors"] else None)
    same(f"{where} date_start", start, day((ev.get("date") or {}).get("start")))
    loc = ev.get("location")
    same(f"{where} location", place, loc and loc["name"])
    same(f"{where} lat", lat, loc and loc.get("lat"))
    same(f"{where} killed", killed, first_figure(ev, "killed")[0])
    same(f"{where} mode", nmode, len(ev["mode"]))

# --- CSV: same column names, flattened values (Python's csv and DuckDB's reader) -------------
with open(csv_path, newline="", encoding="utf-8") as f:
    reader = csv.DictReader(f)
    same("CSV header", reader.fieldnames, schema.names)
    csv_rows = {r["id"]: r for r in reader}
same("CSV rows", len(csv_rows), len(events))
for ev in events:
    r = csv_rows[ev["id"]]
    where = f"CSV event {ev['id']}"
    same(f"{where} mode", r["mode"], "; ".join(ev["mode"]))
    same(f"{where} context", r["context"], "; ".join(ev["context"]))
    same(f"{where} actors", r["actors"], "; ".join(p["name"] for p in ev["actors"]))
    same(f"{where} date_start", r["date_start"], (ev.get("date") or {}).get("start") or "")
    loc = ev.get("location")
    same(f"{where} location", r["location"], loc["name"] if loc else "")
    count, _ = first_figure(ev, "killed")
    same(f"{where} killed", r["killed"], "" if count is None else str(count))
    same(f"{where} docs", r["docs"], "; ".join(docs_of(ev)))
dtypes = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_csv('{csv_path}'))").fetchall())
same("DuckDB CSV columns", list(dtypes), schema.names)
if dtypes["date_start"] != "DATE" and any((ev.get("date") or {}).get("start") for ev in events):
    fail(f"DuckDB reads CSV date_start as {dtypes['date_start']}, not DATE")

print(f"ok {len(events)} events")
