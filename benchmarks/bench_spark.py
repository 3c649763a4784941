"""Spark ingest: local[1] vs local[2] on the same articles, and Spark vs local results.

The corpus is news text from the development data (read from
``../shared/data``, never copied into the repo), in this order up to
``--articles``: the GVC reports (real local news) as JSONL files of 50
records, the ECB+ documents (real news) as text files, then the PLOVER
synthetic stories as CSV files of 50 rows. Each Spark run builds a fresh
ledger through ``newsledger spark ingest``'s job and is compared with a local
``Ledger.ingest`` of the same folder (articles, facts, events, stories).

    .venv/bin/python benchmarks/bench_spark.py --articles 2000 --masters 'local[1],local[2]'

Prints seconds per stage and per article; the executors' share is what a
cluster divides, the driver's is what it does not (docs/SCALING.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from newsledger.ledger import Ledger
from newsledger.spark import compare
from newsledger.spark.job import spark_ingest
from newsledger.spark.session import build_session

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
RECORDS_PER_FILE = 50


def build_corpus(folder: Path, n: int, shared: Path) -> int:
    """Write up to ``n`` articles into ``folder``; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    gvc = [line for line in (shared / "gvc" / "docs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()][:n]
    for start in range(0, len(gvc), RECORDS_PER_FILE):
        chunk = gvc[start : start + RECORDS_PER_FILE]
        (folder / f"a_gvc_{start // RECORDS_PER_FILE:03d}.jsonl").write_text("\n".join(chunk) + "\n", encoding="utf-8")
    written = len(gvc)
    (folder / "b_ecbplus").mkdir(exist_ok=True)
    for path in sorted((shared / "ecbplus" / "docs").glob("*.txt"))[: max(0, n - written)]:
        (folder / "b_ecbplus" / path.name).write_bytes(path.read_bytes())
        written += 1
    with (shared / "plover-synthetic" / "synthetic_events.csv").open(encoding="utf-8", newline="") as fh:
        stories = [{"title": r["title"], "text": r["text"], "source": r["source"]} for r, _ in zip(csv.DictReader(fh), range(max(0, n - written)))]
    for start in range(0, len(stories), RECORDS_PER_FILE):
        with (folder / f"c_plover_{start // RECORDS_PER_FILE:03d}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["title", "text", "source"])
            writer.writeheader()
            writer.writerows(stories[start : start + RECORDS_PER_FILE])
    return written + len(stories)


def run_local(corpus: Path, db: Path) -> tuple[float, dict]:
    start = time.perf_counter()
    with Ledger(db) as ledger:
        summary = ledger.ingest([str(corpus)])
    return time.perf_counter() - start, {"ingested": summary.ingested, "duplicates": summary.duplicates, "failed": len(summary.failed), "stories": summary.stories, "events": summary.events}


def run_spark(master: str, corpus: Path, out: Path) -> tuple[float, dict, dict]:
    start = time.perf_counter()
    spark = build_session(master, {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"}, app_name="bench")
    session = time.perf_counter() - start
    try:
        run = spark_ingest(spark, [str(corpus)], str(out))
    finally:
        spark.stop()
    seconds = {"session": round(session, 2), **run.seconds}
    s = run.summary
    return time.perf_counter() - start, seconds, {"ingested": s.ingested, "duplicates": s.duplicates, "failed": len(s.failed), "stories": s.stories, "events": s.events}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--masters", default="local[1],local[2]")
    ap.add_argument("--shared", default=str(SHARED))
    ap.add_argument("--work", default=None, help="keep the corpus, Parquet and ledgers here (default: a temporary directory)")
    ap.add_argument("--no-local", action="store_true", help="skip the local ingest (no result comparison)")
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work or tmp)
        corpus = work / "corpus"
        n = build_corpus(corpus, args.articles, Path(args.shared))
        print(f"corpus: {n} articles in {sum(1 for p in corpus.rglob('*') if p.is_file())} files")
        results = {}
        if not args.no_local:
            took, summary = run_local(corpus, work / "local.duckdb")
            results["local"] = {"seconds": round(took, 1), "summary": summary}
            print(f"local ingest: {took:.1f} s ({n / took:.2f} articles/s) {summary}", flush=True)
        for master in [m.strip() for m in args.masters.split(",") if m.strip()]:
            name = master.replace("[", "").replace("]", "").replace("*", "all")
            took, seconds, summary = run_spark(master, corpus, work / f"spark-{name}")
            entry = {"seconds": round(took, 1), "stages": seconds, "summary": summary}
            if not args.no_local:
                with Ledger(work / "local.duckdb", read_only=True) as a, Ledger(work / f"spark-{name}" / "ledger.duckdb", read_only=True) as b:
                    entry["differences_from_local"] = compare.differences(a, b)
            results[master] = entry
            print(f"spark {master}: {took:.1f} s ({n / took:.2f} articles/s) {json.dumps(entry)}", flush=True)
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
