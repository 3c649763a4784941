"""Memory of the in-memory copy catalog (:class:`newsledger.resolve.copies.Copies`) per stored article.

The catalog holds what copy detection asks of every stored article (raw and
text hashes, each one's original, date, outlet) and the MinHash index of
near copies. This fills one with ``--articles`` synthetic entries shaped like
real ones (64-hex hashes, ids, dates, 40 outlets, MinHash signatures of
distinct texts) and reports the bytes Python allocated per article
(tracemalloc): the catalog's own hashes, originals, dates and outlets
(``catalog_bytes_per_article``) and with the MinHash index
(``bytes_per_article``).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_catalog.py --articles 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from newsledger.prepare import article_id as article_id_of
from newsledger.resolve import dedup
from newsledger.resolve.copies import Copies
from newsledger.store.db import Store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=100_000)
    args = ap.parse_args()
    rng = np.random.default_rng(5)
    outlets = [f"Outlet {k}" for k in range(40)]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "c.duckdb")
        signatures = [rng.integers(0, 2**32, size=dedup.NUM_PERM, dtype=np.uint32).tobytes() for _ in range(args.articles)]
        tracemalloc.start()
        start = time.perf_counter()
        copies = Copies(store)
        copies._near = dedup.NearDuplicateIndex()
        day = dt.date(2024, 1, 1)
        catalog = 0
        for i in range(args.articles):
            raw = hashlib.sha256(f"raw{i}".encode()).hexdigest()
            text = hashlib.sha256(f"text{i}".encode()).hexdigest()
            article_id = article_id_of(raw)
            before = tracemalloc.get_traced_memory()[0]
            copies.added(article_id, raw, text, None, day + dt.timedelta(days=i % 900), outlets[i % 40])
            catalog += tracemalloc.get_traced_memory()[0] - before
            copies._near.add_values(article_id, np.frombuffer(signatures[i], dtype=np.uint32), 120)
        used, _ = tracemalloc.get_traced_memory()
        elapsed = time.perf_counter() - start
        tracemalloc.stop()
        store.close()
    print(json.dumps({"articles": args.articles, "bytes_per_article": round(used / args.articles),
                      "catalog_bytes_per_article": round(catalog / args.articles),
                      "total_mb": round(used / 2**20, 1), "seconds": round(elapsed, 1)}))


if __name__ == "__main__":
    main()
