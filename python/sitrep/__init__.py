"""sitrep: news reports in, sourced PLOVER event records out.

>>> import sitrep
>>> ex = sitrep.Extractor()
>>> events = ex.extract("Ruritania's foreign minister met his Elbonian counterpart in Strelsau on Tuesday.",
...                     published="2025-02-18")
>>> df = sitrep.to_pandas(events)

Records are the dicts of SCHEMA.md, exactly as ``sitrep extract`` writes them as JSON Lines.
``to_arrow``/``to_pandas``/``to_polars`` turn them into tables with nested columns (structs
and lists); ``sitrep.spark.extract`` runs the extractor inside a Spark job.
"""

from ._sitrep import (
    MERGE_WINDOW,
    DocumentError,
    Extractor,
    LoadError,
    SitrepError,
    Store,
    StoreError,
    __version__,
    content_id,
    merge_events,
    open_store,
)
from .tables import (
    entity_schema,
    event_schema,
    from_arrow,
    to_arrow,
    to_pandas,
    to_polars,
)

__all__ = [
    "MERGE_WINDOW",
    "DocumentError",
    "Extractor",
    "LoadError",
    "SitrepError",
    "Store",
    "StoreError",
    "__version__",
    "content_id",
    "merge_events",
    "open_store",
    "entity_schema",
    "event_schema",
    "from_arrow",
    "to_arrow",
    "to_pandas",
    "to_polars",
]
