"""Several writers ingest into one PostgreSQL store at once, as the partitions of a Spark job
do (`Store.ingest` in `foreachPartition`): none deadlocks, nothing is stored twice, and the
store ends as one writer would leave it.

The server is a private one started for the test (initdb + pg_ctl on loopback, as the Rust
store tests do); skipped with a notice where PostgreSQL is not installed, a failure where
SITREP_REQUIRE_PG is set (.ci/run sets it when it installed PostgreSQL).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

import sitrep


def _bin_dir():
    dirs = [Path(d) for d in glob.glob("/usr/lib/postgresql/*/bin") if Path(d, "initdb").is_file()]
    dirs.sort(key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0, reverse=True)
    return dirs[0] if dirs else None


class _Server:
    def __init__(self):
        self.bin = _bin_dir()
        if self.bin is None:
            raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl) found")
        # PostgreSQL refuses to run as root: run it as the `postgres` system user then.
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres and subprocess.run(["id", "-u", "postgres"], capture_output=True).returncode != 0:
            subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
        self.dir = Path(tempfile.mkdtemp(prefix="sitrep-pg-py"))
        if self.as_postgres:
            subprocess.run(["chown", "-R", "postgres:", str(self.dir)], check=True)
        self.data = str(self.dir / "data")
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        opts = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", self.data, "-l", str(self.dir / "log"), "-w", "-t", "60", "-o", opts, "start")

    def _run(self, tool, *args):
        cmd = [str(self.bin / tool), *args]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=self.dir)
        if p.returncode != 0:
            raise RuntimeError(f"{tool} failed: {p.stdout}{p.stderr}")

    def create_db(self, name):
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self):
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def pg():
    try:
        server = _Server()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as why:
        if os.environ.get("SITREP_REQUIRE_PG"):
            pytest.fail(f"SITREP_REQUIRE_PG is set but no PostgreSQL server could be started: {why}")
        pytest.skip(f"skipping the PostgreSQL writers test: {why}")
    yield server
    server.stop()


def _groups(events):
    """Each stored event as the set of per-document records merged into it."""
    return sorted(tuple(sorted(e["reports"])) for e in events)


def test_concurrent_writers_neither_deadlock_nor_duplicate(pg, extractor, corpus_docs):
    docs = corpus_docs[:800]
    writers, batch = 4, 50
    # Partition i takes every 4th document, as a hash partitioning would scatter them: the
    # retold reports (one in ten) land in other partitions than the reports they retell.
    parts = [docs[i::writers] for i in range(writers)]

    one = sitrep.open_store(pg.create_db("one_writer"), create=True)
    for p in parts:
        for k in range(0, len(p), batch):
            one.ingest(extractor, p[k : k + batch])
    want = one.timeline()

    url = pg.create_db("many_writers")
    sitrep.open_store(url, create=True)
    errors = []

    def write(p):
        try:
            store = sitrep.open_store(url)  # each writer its own connection, as each executor
            for k in range(0, len(p), batch):
                store.ingest(extractor, p[k : k + batch])
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=write, args=(p,)) for p in parts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads), "a writer is still waiting: deadlock"
    assert not errors, errors

    store = sitrep.open_store(url)
    got = store.timeline()
    counts = store.counts()
    assert counts["documents"] == len(docs)
    reports = [r for e in got for r in e["reports"]]
    assert len(reports) == len(set(reports)), "a record was stored in two events"
    assert counts["reports"] == len(reports)
    merged = [e for e in got if len({s["doc"] for s in e["sources"]}) > 1]
    assert merged, "no event was merged across documents: the test would prove nothing"
    # The same events, each from the same records, as one writer storing the same batches.
    assert len(got) == len(want)
    assert _groups(got) == _groups(want)
