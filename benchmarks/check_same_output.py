"""Same output before and after a speed change: every fact our components extract from real reports, as JSON.

Speed work on the nlp components must not change a single fact. This script
runs the pipeline over real development reports (the first ``--gvc`` GVC
articles and every PolNeAR dev article by default: 384 reports), cleaned
as the ledger cleans them, and writes one line per report with everything
``newsledger.nlp.collect`` records (events with their arguments, dates and
modality, quotes with speakers, actors, role claims, times, counts inside
the events), keys sorted. Run it on the tree before and after a change and
compare the files: ``cmp`` must print nothing.

spaCy's own pipes are the slow part and a speed change to our components
never touches them, so their output is kept in a ``DocBin`` file
(``--spacy-cache``) on the first run and later runs only run our components
on the stored docs. The cache is read with the same model and the same
``newsledger_paragraphs`` sentence rule; delete it when either changes. With
``--profile FILE`` the run of our components is profiled (cProfile) into
FILE, which makes the script also the profiling harness on real text.

    PYTHONPATH=src .venv/bin/python benchmarks/check_same_output.py /tmp/speed6/before.jsonl \
        --spacy-cache /tmp/speed6/spacy_docs.bin
    cmp /tmp/speed6/before.jsonl /tmp/speed6/after.jsonl

The data is read from ``../shared/data`` (never copied into the repo).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import time
from pathlib import Path

from spacy.tokens import DocBin

from newsledger.ingest import IngestError, iter_documents
from newsledger.nlp.collect import collect
from newsledger.nlp.pipeline import COMPONENTS, build_pipeline
from newsledger.prepare import prepare

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def polnear_dates(data: Path) -> dict[str, str]:
    """PolNeAR file stem -> its publication date (metadata.tsv)."""
    with open(data / "polnear" / "metadata.tsv", encoding="utf-8") as handle:
        return {row["filename"]: row["publication_date"] for row in csv.DictReader(handle, delimiter="\t")}


def rows(data: Path, n_gvc: int) -> list[dict]:
    """GVC's first ``n_gvc`` articles and PolNeAR's dev articles, cleaned as the ledger cleans them."""
    out = []
    gvc = [d for d in iter_documents([str(data / "gvc" / "docs.jsonl")]) if not isinstance(d, IngestError)]
    for raw in gvc[:n_gvc]:
        out.append(_row(prepare(raw), raw.external_id))
    dates = polnear_dates(data)
    for path in sorted((data / "polnear" / "dev" / "text").glob("*.txt")):
        raw = next(d for d in iter_documents([str(path)]) if not isinstance(d, IngestError))
        prepared = prepare(raw)
        row = _row(prepared, path.stem)
        if dates.get(path.stem) and row["published"] is None:
            import datetime as dt

            row["published"] = dt.date.fromisoformat(dates[path.stem])
        out.append(row)
    return [row for row in out if row["text"].strip()]


def _row(prepared, ident) -> dict:
    return {"id": ident or prepared.id, "text": prepared.text, "published": prepared.published,
            "source": prepared.source, "title": prepared.title}


def spacy_docs(nlp, items: list[dict], cache: Path | None) -> list:
    """The docs after spaCy's own pipes (and our sentence rule), from ``cache`` when it holds them."""
    ours = [name for name in nlp.pipe_names if name in COMPONENTS]
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(items) and all(d.text == r["text"] for d, r in zip(docs, items)):
            return docs
    with nlp.select_pipes(disable=ours):
        docs = list(nlp.pipe((r["text"] for r in items), batch_size=32))
    if cache is not None:
        bin_ = DocBin(store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def run_ours(nlp, docs: list, items: list[dict], spent: dict[str, float]) -> list[dict]:
    """Our components, in pipeline order, on each doc; one record per doc; each one's CPU seconds into ``spent``."""
    ours = [(name, pipe) for name, pipe in nlp.pipeline if name in COMPONENTS]
    records = []
    for doc, row in zip(docs, items):
        doc._.article_id = row["id"]
        doc._.published = row["published"]
        doc._.anchored = False
        doc._.source = row["source"]
        doc._.title = row["title"]
        for name, pipe in ours:
            start = time.process_time()
            doc = pipe(doc)
            spent[name] = spent.get(name, 0.0) + time.process_time() - start
        records.append(collect(doc))
    return records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="where to write the records (JSON lines)")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--gvc", type=int, default=300, help="how many GVC articles (first in docs.jsonl)")
    ap.add_argument("--spacy-cache", type=Path, default=None, help="DocBin file of spaCy's output (made if absent)")
    ap.add_argument("--profile", type=Path, default=None, help="write a cProfile of our components here")
    args = ap.parse_args()
    items = rows(args.data, args.gvc)
    nlp = build_pipeline()
    docs = spacy_docs(nlp, items, args.spacy_cache)
    profiler = cProfile.Profile() if args.profile else None
    spent: dict[str, float] = {}
    if profiler:
        profiler.enable()
    records = run_ours(nlp, docs, items, spent)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    with open(args.out, "w", encoding="utf-8") as handle:
        for row, record in zip(items, records):
            handle.write(json.dumps({"id": row["id"], **record}, sort_keys=True, ensure_ascii=False) + "\n")
    facts = {k: sum(len(r.get(k) or []) for r in records) for k in ("events", "quotes", "actors", "times", "role_claims")}
    cpu = {name.removeprefix("newsledger_"): round(v, 2) for name, v in spent.items()}
    print(json.dumps({"reports": len(records), "cpu_s": cpu, "ours_cpu_s": round(sum(spent.values()), 2), **facts}))


if __name__ == "__main__":
    main()
