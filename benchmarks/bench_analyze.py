"""Analysis throughput: our full pipeline next to the bare spaCy model, same texts, same run.

Texts are the bundled demo corpus, cleaned as the ledger cleans them, repeated
to the requested count. Prints articles/s, tokens/s and what our components
add to spaCy's own time, and the ledger's own runner (``analyse_records``:
with ``--processes`` above 1 our worker pool, start-up included) on the same
texts, as a ratio to bare spaCy.

    .venv/bin/python benchmarks/bench_analyze.py --articles 400 --processes 1

``--per-component`` instead times each of our components and the whole pipe
in CPU seconds (``time.process_time``, one process, after a first batch that
is left out), which a machine shared with other jobs moves far less than
wall-clock time, and prints what our components add to spaCy's own pipes
(the whole less ours), in CPU.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from newsledger.ingest import IngestError, iter_documents
from newsledger.nlp.pipeline import MODEL, build_pipeline
from newsledger.prepare import prepare

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def corpus(n: int) -> list[tuple[str, object]]:
    docs = [prepare(d) for d in iter_documents([str(DEMO)]) if not isinstance(d, IngestError)]
    base = [(p.text, p.published) for p in docs if p.text.strip()]
    return [base[i % len(base)] for i in range(n)]


def timed(nlp, items, processes: int, ours: bool) -> tuple[float, int]:
    def docs():
        for text, published in items:
            doc = nlp.make_doc(text)
            if ours:
                doc._.published = published.isoformat() if (processes > 1 and published) else published
            yield doc

    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(docs(), batch_size=32, n_process=processes))
    return time.perf_counter() - start, tokens


def timed_records(items, processes: int) -> float:
    """The ledger's own runner (``analyse_records``: our worker pool when processes > 1), worker start-up included."""
    from newsledger.analysis import analyse_records

    rows = [{"id": f"a{i}", "text": text, "published": published, "source": None, "title": None}
            for i, (text, published) in enumerate(items)]
    start = time.perf_counter()
    for _ in analyse_records(rows, n_process=processes):
        pass
    return time.perf_counter() - start


def component_cpu(nlp, items) -> dict[str, float]:
    """CPU seconds of each of our components over ``items`` in one process, and of the whole pipe, in steady
    state (the first batch is left out). Only our components are wrapped: spaCy's own pipes keep their
    batching, and their time is the whole less ours."""
    spent: dict[str, float] = {}

    def timed_pipe(name, pipe):
        def run(doc):
            start = time.process_time()
            out = pipe(doc)
            spent[name] = spent.get(name, 0.0) + time.process_time() - start
            return out
        return run

    nlp._components = [(name, timed_pipe(name, pipe) if name.startswith("newsledger") else pipe)
                       for name, pipe in nlp._components]

    def docs():
        for text, published in items:
            doc = nlp.make_doc(text)
            doc._.published = published
            yield doc

    done = nlp.pipe(docs(), batch_size=32)
    for _ in range(32):  # the first batch
        next(done)
    spent.clear()
    start = time.process_time()
    for _ in done:
        pass
    spent["whole pipe"] = time.process_time() - start
    return spent


def main_per_component(items) -> None:
    spent = component_cpu(build_pipeline(), items)
    ours = sum(v for k, v in spent.items() if k.startswith("newsledger"))
    spacy_own = spent["whole pipe"] - ours
    print(json.dumps({
        "articles": len(items),
        "cpu_seconds": {k: round(v, 2) for k, v in spent.items()},
        "spacy_cpu_seconds": round(spacy_own, 2),
        "ours_cpu_seconds": round(ours, 2),
        "components_add_percent_cpu": round(100 * ours / spacy_own, 1),
    }))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--per-component", action="store_true", help="CPU seconds of each pipe, one process")
    args = ap.parse_args()
    items = corpus(args.articles)
    if args.per_component:
        main_per_component(items)
        return
    bare = spacy.load(MODEL)
    ours = build_pipeline(pack=args.processes > 1)
    timed(bare, items[:20], 1, False)
    timed(ours, items[:20], 1, True)
    bare_s, tokens = timed(bare, items, args.processes, False)
    ours_s, _ = timed(ours, items, args.processes, True)
    runner_s = timed_records(items, args.processes)
    print(
        json.dumps(
            {
                "articles": len(items),
                "tokens": tokens,
                "processes": args.processes,
                "spacy_seconds": round(bare_s, 2),
                "ours_seconds": round(ours_s, 2),
                "spacy_articles_per_s": round(len(items) / bare_s, 1),
                "ours_articles_per_s": round(len(items) / ours_s, 1),
                "spacy_tokens_per_s": round(tokens / bare_s),
                "ours_tokens_per_s": round(tokens / ours_s),
                "components_add_percent": round(100 * (ours_s - bare_s) / bare_s, 1),
                "runner_seconds": round(runner_s, 2),
                "runner_vs_spacy": round(runner_s / bare_s, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
