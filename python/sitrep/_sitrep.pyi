"""Type stubs of the native module (python/src/lib.rs)."""

import datetime
import os
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Tuple, Union

__version__: str
#: Events a record stays open for reports of the same event from later documents
#: (``sitrep extract --merge-window`` default).
MERGE_WINDOW: int

_Paths = Union[str, os.PathLike, Sequence[Union[str, os.PathLike]], None]
_Date = Union[str, datetime.date, datetime.datetime, None]
#: A document: its text, or a dict with ``text`` and optionally ``id``, ``published``,
#: ``url``, ``title``, ``source``, ``language``.
_Doc = Union[str, Mapping[str, Any]]
#: A SCHEMA.md record, as ``sitrep extract`` writes it as a JSON line.
Record = Dict[str, Any]

class SitrepError(Exception):
    """Base class of every error sitrep raises."""

class LoadError(SitrepError):
    """Rule or knowledge-base files could not be loaded (the message names file, line, field)."""

class DocumentError(SitrepError):
    """A document could not be read or extracted (the message names it)."""

class StoreError(SitrepError):
    """The store could not be opened, read or written."""

class Extractor:
    """The built-in rules and knowledge base plus the user's files; thread-safe, load once."""

    def __init__(self, rules: _Paths = None, kb: _Paths = None) -> None:
        """``rules``: extra rule TOML files (``--rules``); ``kb``: extra knowledge-base TSV
        files (``--kb``). Raises ``LoadError`` with the CLI's message."""
    def extract(
        self,
        text: str,
        *,
        id: Union[str, int, None] = None,
        published: _Date = None,
        url: Optional[str] = None,
        title: Optional[str] = None,
    ) -> List[Record]:
        """The event records of one report, as ``sitrep extract`` writes them."""
    def extract_many(
        self,
        docs: Union[_Doc, Iterable[_Doc]],
        threads: Optional[int] = None,
        *,
        merge: bool = True,
        errors: Literal["raise", "skip"] = "raise",
    ) -> List[Record]:
        """The event records of many documents, extracted in parallel without the GIL.
        ``merge=False``: each document's records apart (``--merge-window 0``)."""
    def extract_many_jsonl(
        self,
        docs: Union[_Doc, Iterable[_Doc]],
        threads: Optional[int] = None,
        *,
        merge: bool = True,
        errors: Literal["raise", "skip"] = "raise",
    ) -> bytes:
        """``extract_many``'s records as the JSON Lines ``sitrep extract --no-quotes`` writes,
        for ``sitrep.tables.from_jsonl`` (Arrow without a Python object per field)."""
    def extract_many_arrow_buffers(
        self,
        docs: Union[_Doc, Iterable[_Doc]],
        threads: Optional[int] = None,
        *,
        merge: bool = True,
        errors: Literal["raise", "skip"] = "raise",
    ) -> List[Tuple[int, int, Optional[bytes], List[bytes]]]:
        """``extract_many``'s records as the buffers of Arrow arrays in the layout of
        ``event_schema()``, for ``sitrep.tables.from_buffers`` (no JSON text, no copy)."""
    def entities(
        self,
        docs: Union[_Doc, Iterable[_Doc]],
        *,
        id: Union[str, int, None] = None,
        published: _Date = None,
        threads: Optional[int] = None,
        errors: Literal["raise", "skip"] = "raise",
    ) -> List[Record]:
        """The resolved entities, merged across documents (``--entities FILE``)."""

class Store:
    """A sitrep store (SQLite file or PostgreSQL database)."""

    def timeline(
        self,
        *,
        actor: Optional[str] = None,
        type: Optional[str] = None,
        country: Optional[str] = None,
        place: Optional[str] = None,
        since: _Date = None,
        until: _Date = None,
        text: Optional[str] = None,
        limit: Optional[int] = None,
    ) -> List[Record]:
        """Stored events in date order, with ``sources``, ``figures``, ``reports`` and ``entity_names``."""
    def event(self, id: str) -> Optional[Record]:
        """One stored event by its id or the id of a record merged into it."""
    def counts(self) -> Dict[str, int]:
        """Row counts of the store's tables."""
    def search(self, words: str, limit: int = 20) -> List[Record]:
        """Full-text search over documents and evidence."""
    def ingest(
        self, extractor: Extractor, docs: Union[_Doc, Iterable[_Doc]], threads: Optional[int] = None
    ) -> Dict[str, int]:
        """Extracts and stores documents in one transaction (one ``sitrep ingest`` batch)."""

def open_store(location: Union[str, os.PathLike], *, create: bool = False) -> Store:
    """Opens an SQLite file or a ``postgres://`` URL; ``create=False`` refuses a missing one."""

def merge_events(events: Iterable[Record]) -> List[Record]:
    """Folds per-document records (in document order) into one record per event, as
    ``sitrep extract`` does."""

def content_id(text: str) -> str:
    """The id sitrep gives a document with none: ``doc_`` and a hash of the text."""
