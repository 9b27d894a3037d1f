"""Shared fixtures: one extractor, the `sitrep` binary the records are compared with, and
the generated corpus."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

import sitrep  # noqa: E402

REPO = HERE.parent.parent


def _find_binary() -> str | None:
    """SITREP_BIN, else the binary of this checkout's cargo target folder, else PATH."""
    if os.environ.get("SITREP_BIN"):
        return os.environ["SITREP_BIN"]
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    found = [target / p / "sitrep" for p in ("release", "debug") if (target / p / "sitrep").exists()]
    if found:
        return str(max(found, key=lambda p: p.stat().st_mtime))
    return shutil.which("sitrep")


@pytest.fixture(scope="session")
def sitrep_bin() -> str:
    b = _find_binary()
    if b is None:
        msg = "no sitrep binary (set SITREP_BIN or build it): the CLI comparisons cannot run"
        if os.environ.get("SITREP_REQUIRE_BIN"):
            pytest.fail(msg)
        pytest.skip(msg)
    return b


@pytest.fixture(scope="session")
def extractor() -> sitrep.Extractor:
    return sitrep.Extractor()


def run_cli(binary: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [binary, *args], input=stdin, capture_output=True, text=True, timeout=900
    )


def cli_records(binary: str, *args: str) -> List[dict]:
    """The event lines `sitrep ARGS` writes, parsed; fails on a non-zero exit.

    A JSON Lines stream tags each line with `record` ("event" or "quote") so that one file can
    hold both; the Python API returns events only, so the tag is checked here and left out."""
    p = run_cli(binary, *args)
    assert p.returncode == 0, f"sitrep {' '.join(args)} failed: {p.stderr}"
    out = []
    for line in p.stdout.splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        assert rec.pop("record", "event") == "event", line[:200]
        out.append(rec)
    return out


@pytest.fixture(scope="session")
def corpus_docs() -> List[dict]:
    """2,000 generated reports."""
    return corpus.documents(2000)


@pytest.fixture(scope="session")
def corpus_file(tmp_path_factory, corpus_docs) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "docs.jsonl"
    corpus.write_jsonl(corpus_docs, str(path))
    return path


@pytest.fixture(scope="session")
def cli_unmerged(sitrep_bin, corpus_file) -> List[dict]:
    """`sitrep extract --merge-window 0` on the corpus: every document's records apart."""
    return cli_records(sitrep_bin, "extract", "--quiet", "--no-quotes", "--merge-window", "0", str(corpus_file))


@pytest.fixture(scope="session")
def cli_merged(sitrep_bin, corpus_file) -> List[dict]:
    """`sitrep extract` on the corpus, as a user runs it."""
    return cli_records(sitrep_bin, "extract", "--quiet", "--no-quotes", str(corpus_file))
