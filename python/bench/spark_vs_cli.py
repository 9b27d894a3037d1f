"""Documents/s through Spark local[2] (sitrep.spark.extract, written to Parquet) against
`sitrep extract` with two threads, on the same generated corpus.

    python python/bench/spark_vs_cli.py --docs 20000 --sitrep target/release/sitrep

Prints one line per route; the Spark figure excludes the session start-up (given apart).
Not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import corpus  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--sitrep", default="sitrep")
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sitrep-bench"))
    docs = work / "docs.jsonl"
    corpus.write_jsonl(corpus.documents(a.docs, seed=99), str(docs))
    mb = docs.stat().st_size / 1e6
    print(f"corpus: {a.docs} generated docs, {mb:.1f} MB; load average {os.getloadavg()[0]:.1f}")

    env = dict(os.environ, RAYON_NUM_THREADS="2")
    cli = []
    for _ in range(a.repeat):
        t = time.perf_counter()
        subprocess.run(
            [a.sitrep, "extract", "--quiet", "--no-quotes", "--merge-window", "0", str(docs)],
            stdout=subprocess.DEVNULL, env=env, check=True,
        )
        cli.append(time.perf_counter() - t)
    best = min(cli)
    print(f"sitrep extract (2 threads): {best:.2f} s, {a.docs / best:.0f} docs/s (runs: {', '.join(f'{x:.2f}' for x in cli)})")

    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    from sitrep import spark as sitrep_spark

    t = time.perf_counter()
    session = (
        SparkSession.builder.master("local[2]").appName("sitrep-bench")
        .config("spark.ui.enabled", "false").config("spark.driver.memory", "2g").getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter() - t
    runs = []
    for i in range(a.repeat):
        out = work / f"events{i}.parquet"
        t = time.perf_counter()
        # An explicit schema (no inference pass); the file is one split, so two partitions
        # for the two task slots.
        df = session.read.json(str(docs), schema="id string, text string, published string").repartition(2)
        sitrep_spark.extract(df).write.parquet(str(out))
        runs.append(time.perf_counter() - t)
    session.stop()
    best_s = min(runs)
    print(f"Spark local[2] (read JSON, extract, write Parquet): {best_s:.2f} s, {a.docs / best_s:.0f} docs/s "
          f"(runs: {', '.join(f'{x:.2f}' for x in runs)}; session start {start:.1f} s)")
    print(f"Spark overhead: {100 * (best_s / best - 1):.0f}%")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
