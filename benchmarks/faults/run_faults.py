"""The fault matrix of issue 14: a signal at each stage of a real ingest, then a rerun compared with an uninterrupted run.

    PYTHONPATH=src .venv/bin/python benchmarks/faults/run_faults.py --articles 60 [--only SIGINT-group]

For each stage (storing, analysis, resolution) and each way of stopping a run
(Ctrl-C to the process group, SIGINT to the main process alone, SIGTERM to the
main process, SIGKILL to the main process), it starts
``newsledger ingest CORPUS --processes 2``, waits for the stage's first
progress line, sends the signal and records: the exit code, the seconds from
signal to exit, whether the last stderr lines hold the "interrupted" line
and the summary, any traceback, and which child processes (analysis workers,
multiprocessing's resource tracker) were still running 10 s later. Then it
runs the same command again and compares the ledger with one built without
interruption (articles, texts, copy links, analysis, stories, dangling
references). One JSON line per case; a table at the end.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import tempfile
import time
from pathlib import Path

import faultkit as fk

STAGES = {"store": "progress ingest", "analyse": "progress analyse", "resolve": "progress resolve"}
WAYS = {
    "SIGINT-group": (signal.SIGINT, True),
    "SIGINT-main": (signal.SIGINT, False),
    "SIGTERM-main": (signal.SIGTERM, False),
    "SIGKILL-main": (signal.SIGKILL, False),
}


def one_case(corpus: Path, folder: Path, stage: str, way: str, reference: dict) -> dict:
    db = folder / f"{stage}-{way}.duckdb"
    signum, group = WAYS[way]
    run = fk.Run(fk.ingest_args(corpus, db, "--processes", "2"))
    reached = run.wait_for(STAGES[stage], timeout=600)
    kids = fk.children(run.proc.pid)
    sent = time.monotonic()
    if reached and run.proc.poll() is None:
        run.signal(signum, group)
    code = run.finish(timeout=600)
    seconds = round(time.monotonic() - sent, 1)
    left = fk.survivors(kids)
    rerun = fk.Run(fk.ingest_args(corpus, db, "--processes", "2"))
    rerun_code = rerun.finish(timeout=1200)
    state = fk.ledger_state(db)
    return {
        "stage": stage, "way": way, "reached": reached, "exit": code, "seconds_to_exit": seconds,
        "interrupted_line": "interrupted" in run.stderr, "summary_line": "ingested " in run.stderr,
        "traceback": "Traceback" in run.stderr, "children": len(kids), "children_left": len(left),
        "rerun_exit": rerun_code, "rerun_matches": state == reference,
        "diff": {k: (state[k], reference[k]) for k in state if state[k] != reference[k]},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=60)
    ap.add_argument("--only", action="append", help="a way (SIGINT-group, ...) or a stage (store, analyse, resolve)")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="faults-"))
    try:
        corpus = fk.write_corpus(folder / "in", args.articles)
        ref_db = folder / "reference.duckdb"
        assert fk.Run(fk.ingest_args(corpus, ref_db, "--processes", "2")).finish(timeout=1200) == 0
        reference = fk.ledger_state(ref_db)
        rows = []
        for stage in STAGES:
            for way in WAYS:
                if args.only and stage not in args.only and way not in args.only:
                    continue
                row = one_case(corpus, folder, stage, way, reference)
                rows.append(row)
                print(json.dumps(row), flush=True)
        print("\n| stage | signal | exit | s to exit | interrupted + summary lines | traceback | children left | rerun = uninterrupted |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            lines = "yes" if r["interrupted_line"] and r["summary_line"] else "no"
            print(f"| {r['stage']} | {r['way']} | {r['exit']} | {r['seconds_to_exit']} | {lines} | "
                  f"{'yes' if r['traceback'] else 'no'} | {r['children_left']} of {r['children']} | "
                  f"{'yes' if r['rerun_matches'] else r['diff']} |")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
