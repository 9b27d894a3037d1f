"""sitrep.spark in a local[2] Spark over the 2,000 generated reports: the same records as
the CLI, through mapInArrow and through RDD.pipe with the binary."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

import sitrep

try:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
except ImportError:  # pragma: no cover - depends on the environment
    if os.environ.get("SITREP_REQUIRE_SPARK"):
        raise
    pytest.skip("pyspark is not installed: the Spark tests are skipped", allow_module_level=True)

import pyarrow as pa  # noqa: E402

from sitrep import spark as sitrep_spark  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if os.environ.get("SITREP_REQUIRE_SPARK"):
            pytest.fail("Spark needs Java (17 or newer) and none was found")
        pytest.skip("no Java: the Spark tests are skipped")
    # The Python workers must import the same sitrep as the test.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("sitrep-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _collect(df):
    table = df.toArrow() if hasattr(df, "toArrow") else pa.Table.from_pandas(df.toPandas())
    return sitrep.from_arrow(table)


def test_spark_extract_equals_cli(spark, corpus_docs, cli_unmerged, cli_merged, tmp_path):
    df = spark.createDataFrame(corpus_docs, "id string, text string, published string")
    assert df.rdd.getNumPartitions() == 2
    events = sitrep_spark.extract(df)
    assert events.columns == sitrep.event_schema().names
    records = _collect(events)
    assert len(records) > 1000
    # Each row is a document's record, as `sitrep extract --merge-window 0` writes it ...
    assert records == cli_unmerged
    # ... and folding them in document order gives exactly what a plain `sitrep extract` does.
    assert sitrep.merge_events(records) == cli_merged
    # Ready for Parquet, nested columns and all.
    out = tmp_path / "events.parquet"
    events.write.parquet(str(out))
    import pyarrow.parquet as pq

    back = sitrep.from_arrow(pq.read_table(str(out)))
    key = lambda e: e["id"]  # noqa: E731
    assert sorted(back, key=key) == sorted(cli_unmerged, key=key)


def test_spark_date_column_and_no_id(spark, extractor, corpus_docs):
    docs = corpus_docs[:200]
    df = spark.createDataFrame(docs, "id string, text string, published string").withColumn(
        "published", F.to_date("published")
    )
    got = _collect(sitrep_spark.extract(df.drop("id")))
    # Without an id column every document gets the content hash, as with the CLI.
    want = extractor.extract_many([{"text": d["text"], "published": d["published"]} for d in docs], merge=False)
    assert got == want and got


def test_spark_missing_text_column_is_an_error(spark):
    df = spark.createDataFrame([("a", "b")], "id string, body string")
    with pytest.raises(ValueError, match="no text column 'text'"):
        sitrep_spark.extract(df)
    assert sitrep_spark.extract(df, text="body").columns == sitrep.event_schema().names


def test_rdd_pipe_through_the_binary(spark, sitrep_bin, corpus_docs, cli_unmerged):
    lines = spark.sparkContext.parallelize([json.dumps(d) for d in corpus_docs], 2)
    assert sitrep_spark.pipe(lines, binary=sitrep_bin).collect() == cli_unmerged
