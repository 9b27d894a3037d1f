"""Documents/s through Spark local[2] (sitrep.spark.extract, written to Parquet) against
`sitrep extract` with two threads, on the same generated corpus.

    python python/bench/spark_vs_cli.py --docs 20000 --sitrep target/release/sitrep
    python python/bench/spark_vs_cli.py --articles 20 --sitrep target/release/sitrep

Two corpora: `--docs N` short reports from the test generator (`python/tests/corpus.py`, one
or two sentences, about 200 bytes each: the per-document costs dominate), or `--articles MB`
longer articles from `scripts/gen_bench_corpus.py` (3 to 8 paragraphs, about 900 bytes of
text each, the corpus of the README's throughput figures).

The two routes run alternately (`--repeat` rounds, after one warm-up Spark run that starts
the JVM's compiler and the Python workers, which load their extractor once), so that a
change in the machine's load hits both. Each run prints its wall time and the CPU time of
everything it ran: the CLI process, or Spark's JVM, its Python workers and the driver
(this process), so that a run on a shared machine can still be read. The summary gives the
overhead three ways: by best wall time, by median wall time, and by median CPU time (on an
idle machine with two cores both routes keep both cores busy, so their CPU times are what
their wall times would be in proportion; on a loaded machine the wall times mostly measure
the other load).

How the Spark job is set up, and why (each is what a cluster job would do too):
- the input file is read as two splits (`spark.sql.files.maxPartitionBytes`), one per task
  slot, instead of being repartitioned: a repartition is a shuffle of every document;
- Arrow batches of `--batch` rows (`spark.sql.execution.arrow.maxRecordsPerBatch`, default
  10,000): with smaller batches the Python worker starts before the JVM has read its whole
  partition, and Parquet is written while the worker extracts.
`--repartition` and `--batch 10000` give the earlier set-up for comparison; `--conf K=V`
sets any other Spark option.

Not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python" / "tests"))
import corpus  # noqa: E402


def tree_cpu() -> Dict[str, float]:
    """CPU seconds (user + system) of every live process under this one, with what their
    finished children used, by kind ("java", "python", other), and this process's own
    ("driver")."""
    tick = os.sysconf("SC_CLK_TCK")
    kids: Dict[int, list] = {}
    procs = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        f = stat[stat.rindex(")") + 2 :].split()
        ut, st, cut, cst = map(int, f[11:15])
        procs[int(p)] = (name, ut + st + cut + cst)
        kids.setdefault(int(f[1]), []).append(int(p))
    me = resource.getrusage(resource.RUSAGE_SELF)
    out: Dict[str, float] = {"driver": me.ru_utime + me.ru_stime}

    def walk(pid: int) -> None:
        for k in kids.get(pid, []):
            name, ticks = procs[k]
            kind = "java" if "java" in name else "python" if "python" in name else "other"
            out[kind] = out.get(kind, 0.0) + ticks / tick
            walk(k)

    walk(os.getpid())
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000, help="short generated reports")
    ap.add_argument("--articles", type=float, help="MB of longer generated articles instead")
    ap.add_argument("--sitrep", default="sitrep")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--batch", type=int, default=1000, help="Arrow batch rows")
    ap.add_argument("--splits", type=int, default=2, help="input splits (tasks) for 2 slots")
    ap.add_argument("--repartition", action="store_true", help="one split, then repartition(2)")
    ap.add_argument("--conf", action="append", default=[], help="K=V, a Spark option")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sitrep-bench"))
    docs = work / "docs.jsonl"
    if a.articles:
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "gen_bench_corpus.py"), str(docs),
             "--mb", str(a.articles)],
            check=True, stdout=subprocess.DEVNULL,
        )
        with open(docs, "rb") as f:
            ndocs = sum(1 for _ in f)
        kind = "generated articles (gen_bench_corpus.py)"
    else:
        corpus.write_jsonl(corpus.documents(a.docs, seed=99), str(docs))
        ndocs, kind = a.docs, "generated reports (tests/corpus.py)"
    size = docs.stat().st_size
    print(f"corpus: {ndocs} {kind}, {size / 1e6:.1f} MB; load average {os.getloadavg()[0]:.1f}")

    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    from sitrep import spark as sitrep_spark

    t = time.perf_counter()
    builder = (
        SparkSession.builder.master("local[2]").appName("sitrep-bench")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(a.batch))
    )
    if not a.repartition:
        builder = builder.config("spark.sql.files.maxPartitionBytes", str(size // a.splits + 1))
    for kv in a.conf:
        k, v = kv.split("=", 1)
        builder = builder.config(k, v)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter() - t

    def spark_run(i: int):
        out = work / f"events{i}.parquet"
        c0, t = tree_cpu(), time.perf_counter()
        # An explicit schema (no inference pass).
        df = session.read.json(str(docs), schema="id string, text string, published string")
        if a.repartition:
            df = df.repartition(2)
        sitrep_spark.extract(df).write.parquet(str(out))
        wall = time.perf_counter() - t
        c1 = tree_cpu()
        shutil.rmtree(out, ignore_errors=True)
        return wall, {k: c1.get(k, 0.0) - c0.get(k, 0.0) for k in c1}

    def cli_run():
        r0, t = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(
            [a.sitrep, "extract", "--quiet", "--no-quotes", "--merge-window", "0",
             "--threads", "2", str(docs)],
            stdout=subprocess.DEVNULL, check=True,
        )
        wall = time.perf_counter() - t
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)

    w, cpu = spark_run(-1)
    print(f"Spark session start {start:.1f} s; warm-up run (JVM compiler, Python workers "
          f"loading their extractor) {w:.2f} s, CPU {sum(cpu.values()):.1f} s")
    cli: List[float] = []
    spark: List[float] = []
    cli_cpu: List[float] = []
    spark_cpu: List[float] = []
    loads: List[float] = []
    for i in range(a.repeat):
        w, c = cli_run()
        cli.append(w)
        cli_cpu.append(c)
        loads.append(os.getloadavg()[0])
        print(f"round {i + 1}: sitrep extract --threads 2: {w:.2f} s wall, CPU {c:.2f} s; "
              f"load {loads[-1]:.1f}", flush=True)
        w, c = spark_run(i)
        spark.append(w)
        spark_cpu.append(sum(c.values()))
        loads.append(os.getloadavg()[0])
        parts = ", ".join(f"{k} {v:.2f}" for k, v in sorted(c.items()) if v >= 0.005)
        print(f"round {i + 1}: Spark local[2] → Parquet: {w:.2f} s wall, CPU "
              f"{spark_cpu[-1]:.2f} s ({parts}); load {loads[-1]:.1f}", flush=True)
    session.stop()
    med = statistics.median
    print(f"sitrep extract (2 threads): best {min(cli):.2f} s ({ndocs / min(cli):.0f} docs/s), "
          f"median {med(cli):.2f} s; CPU median {med(cli_cpu):.2f} s")
    print(f"Spark local[2] (read JSON, extract, write Parquet; batch {a.batch}"
          f"{', repartition(2)' if a.repartition else f', {a.splits} splits'}): best {min(spark):.2f} s "
          f"({ndocs / min(spark):.0f} docs/s), median {med(spark):.2f} s; "
          f"CPU median {med(spark_cpu):.2f} s")
    ratios = sorted(s / c - 1 for s, c in zip(spark_cpu, cli_cpu))
    print(f"Spark overhead: by best wall {100 * (min(spark) / min(cli) - 1):.0f}%, by median "
          f"wall {100 * (med(spark) / med(cli) - 1):.0f}%, by median CPU "
          f"{100 * (med(spark_cpu) / med(cli_cpu) - 1):.0f}% (per round "
          f"{', '.join(f'{100 * r:.0f}' for r in ratios)}%); load {min(loads):.1f}–{max(loads):.1f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
