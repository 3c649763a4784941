"""Analysis throughput: our full pipeline next to the bare spaCy model, same texts, same run.

Texts are the bundled demo corpus, cleaned as the ledger cleans them, repeated
to the requested count. Prints articles/s, tokens/s and what our components
add to spaCy's own time, and the ledger's own runner (``analyse_records``:
with ``--processes`` above 1 our worker pool, start-up included) on the same
texts, as a ratio to bare spaCy.

    .venv/bin/python benchmarks/bench_analyze.py --articles 400 --processes 1
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--processes", type=int, default=1)
    args = ap.parse_args()
    items = corpus(args.articles)
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
