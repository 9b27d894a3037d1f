"""One extractor shared by Python threads; extraction releases the GIL."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor


def test_threads_share_one_extractor(extractor, corpus_docs):
    chunks = [corpus_docs[i::4][:150] for i in range(4)]
    alone = [extractor.extract_many(c, 1) for c in chunks]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda c: extractor.extract_many(c, 1), chunks * 2))
    assert together == alone * 2
    singles = [extractor.extract(d["text"], id=d["id"], published=d["published"]) for d in chunks[0][:20]]
    with ThreadPoolExecutor(4) as pool:
        concurrent = list(
            pool.map(lambda d: extractor.extract(d["text"], id=d["id"], published=d["published"]), chunks[0][:20])
        )
    assert concurrent == singles


def test_thread_count_does_not_change_records(extractor, corpus_docs):
    docs = corpus_docs[:300]
    assert extractor.extract_many(docs, 1) == extractor.extract_many(docs, 2) == extractor.extract_many(docs)


def test_extraction_releases_the_gil(extractor, corpus_docs):
    docs = corpus_docs * 2
    done = threading.Event()
    result = []

    def work():
        result.append(extractor.extract_many(docs, 1))
        done.set()

    t = threading.Thread(target=work)
    ticks = 0
    t.start()
    start = time.monotonic()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    elapsed = time.monotonic() - start
    t.join()
    assert result and len(result[0]) > 1000
    # With the GIL held for the whole extraction this loop could not run at all meanwhile.
    assert elapsed > 0.2, "extraction too fast to tell"
    assert ticks > elapsed * 100, f"only {ticks} ticks in {elapsed:.2f} s: the GIL was held"
