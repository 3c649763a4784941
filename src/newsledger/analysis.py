"""Run the NLP pipeline over many articles, in batches, on every core.

Yields one JSON-able record per article (see ``newsledger.nlp.collect``).
Several processes only pay off past a few dozen articles: each worker loads
the model once, which costs about a second. spaCy is imported only where the
pipeline runs: a run whose analysis is all in worker processes never loads
it in the main process.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from newsledger.model import RawDocument, to_jsonable

if TYPE_CHECKING:
    from newsledger.workers import WorkerPool

MIN_PER_PROCESS = 40
# spaCy's default ``nlp.max_length`` (our pipeline keeps it): the parser needs about 1 GB
# per 100,000 characters. A constant, so the parent need not load the model to know it.
MAX_LENGTH = 1_000_000


def default_processes(n_docs: int) -> int:
    cores = os.cpu_count() or 1
    return max(1, min(cores, n_docs // MIN_PER_PROCESS))


def analyse_records(
    rows: list[dict[str, Any]], *, n_process: int | None = None, batch_size: int = 32
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``rows`` have id, text, published (date or None), source, title; records come in the same order."""
    for batch in analyse_batches(rows, n_process=n_process, batch_size=batch_size):
        yield from batch


def analyse_batches(
    rows: list[dict[str, Any]], *, n_process: int | None = None, batch_size: int = 32, pool: "WorkerPool | None" = None
) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """The records of ``rows`` in order, a list per batch of about ``batch_size`` rows, as each batch is done.

    A row without text, or longer than the pipeline's ``max_length``, gets an
    ``error`` record naming the reason (spaCy's own E088 message is 600
    characters long) and is never piped. With ``n_process`` above 1 the rows
    go to a :class:`newsledger.workers.WorkerPool` (not ``nlp.pipe(n_process=...)``,
    whose workers outlived an interrupted or killed parent). Batches let the
    caller write each one in one transaction and give the ledger file up
    while the next is analysed.

    ``pool``: workers already started (and their model loaded) by the
    caller, e.g. while it was still storing the articles; they are used
    whatever the number of rows and left running for the caller's next
    batches. A pool that is no longer :attr:`~WorkerPool.alive` is ignored.
    """
    if not rows:
        return
    n_process = n_process or default_processes(len(rows))
    refusals = [_refusal(row, MAX_LENGTH) for row in rows]
    todo = [row for row, why in zip(rows, refusals) if why is None]
    batches = [todo[start : start + batch_size] for start in range(0, len(todo), batch_size)]
    if pool is not None and pool.alive:
        done = pool.map(batches)
    elif n_process == 1 or len(batches) < 2:
        done = _in_process(batches, batch_size)
    else:
        done = _in_workers(batches, n_process, batch_size)
    position = 0
    try:
        for records in done:
            out = []
            for record in records:
                while refusals[position] is not None:
                    out.append((rows[position]["id"], _error_record(refusals[position])))
                    position += 1
                out.append(record)
                position += 1
            yield out
        tail = [(rows[i]["id"], _error_record(refusals[i])) for i in range(position, len(rows))]
        if tail:
            yield tail
    finally:
        done.close()  # stops and joins the worker processes when the caller stops early


def _in_process(batches: list[list[dict[str, Any]]], batch_size: int) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    for batch in batches:
        yield list(analyse_chunk(batch, batch_size))


def _in_workers(batches: list[list[dict[str, Any]]], n_process: int, batch_size: int) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    from newsledger.workers import WorkerPool

    with WorkerPool(min(n_process, len(batches)), batch_size) as pool:
        yield from pool.map(batches)


def analyse_chunk(chunk: list[dict[str, Any]], batch_size: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """One record per row, in order (counted by position: ids need not be unique).

    A component failing on some document costs a re-run of the rest of the
    chunk one document at a time, not the run.
    """
    done = 0
    try:
        for doc_id, record in _pipe(chunk, batch_size):
            done += 1
            yield doc_id, record
    except Exception:  # a component failed on some document: redo the rest one by one
        for row in chunk[done:]:
            yield row["id"], _one(row)


def _refusal(row: dict[str, Any], limit: int) -> str | None:
    text = row["text"] or ""
    if not text.strip():
        return "no article text found"
    if len(text) > limit:
        return f"article text too long to analyse ({len(text):,} characters; the limit is {limit:,})"
    return None


def _error_record(reason: str) -> dict[str, Any]:
    return {"error": reason, "entities": [], "actors": [], "times": [], "quotes": [], "events": []}


def _pipe(rows: list[dict[str, Any]], batch_size: int) -> Iterator[tuple[str, dict[str, Any]]]:
    from newsledger.nlp.collect import collect
    from newsledger.nlp.pipeline import shared_pipeline

    nlp = shared_pipeline(pack=False)
    docs = (_make_doc(nlp, row, False) for row in rows)
    for row, doc in zip(rows, nlp.pipe(docs, batch_size=batch_size)):
        yield row["id"], collect(doc)


def _one(row: dict[str, Any]) -> dict[str, Any]:
    """Analyse one document alone; a failure becomes an ``error`` record, never an exception."""
    from newsledger.nlp.collect import collect
    from newsledger.nlp.pipeline import shared_pipeline

    nlp = shared_pipeline(pack=False)
    try:
        return collect(nlp(_make_doc(nlp, row, False)))
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
        return _error_record(f"analysis failed ({reason})")


def _make_doc(nlp, row: dict[str, Any], pack: bool):
    doc = nlp.make_doc(row["text"] or "")
    published = row.get("published")
    if isinstance(published, dt.datetime):
        published = published.date()
    doc._.article_id = row["id"]
    doc._.published = published.isoformat() if (pack and published) else published
    doc._.anchored = row.get("anchor") is not None  # resolve.run.undated_to_anchor: the story's day
    doc._.source = row.get("source")
    doc._.title = row.get("title")
    return doc


def analyse_documents(raws: Iterable[RawDocument], *, n_process: int | None = None) -> Iterator[dict[str, Any]]:
    """Prepare and analyse documents without storing them (``newsledger analyze``)."""
    from newsledger.prepare import prepare

    prepared = [prepare(raw) for raw in raws]
    rows = [
        {"id": p.raw.external_id or p.id, "text": p.text, "published": p.published, "source": p.source, "title": p.title}
        for p in prepared
    ]
    for p, (doc_id, record) in zip(prepared, analyse_records(rows, n_process=n_process)):
        yield {
            "id": doc_id,
            "origin": p.raw.origin,
            "title": p.title,
            "published": to_jsonable(p.published),
            "published_from": p.published_from,
            "source": p.source,
            "url": p.url,
            "text": p.text,
            "removed": to_jsonable(p.removed),
            **record,
        }
