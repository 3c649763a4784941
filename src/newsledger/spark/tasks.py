"""What runs on the executors: ``mapInArrow`` functions over slices of the driver's manifests.

Each task gets rows ``(task, lo, hi)``: a range of numbered inputs (files, or
texts) that the driver wrote to ``DIR/inputs`` or ``DIR/texts``. The task reads
its range, does the per-document work with the same functions a local run
uses, and yields Arrow batches in input order. Models load once per Python
worker (``shared_pipeline`` and the embedding model are cached per process,
and Spark reuses its Python workers between tasks).
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from newsledger.spark import layout
from newsledger.spark.rows import draft_row, raw_row

# Output batches stay small: articles can be megabytes of HTML each.
ROWS_PER_BATCH = 64
BYTES_PER_BATCH = 64 << 20


def read_range(directory: str, key: str, lo: int, hi: int) -> list[dict[str, Any]]:
    """Rows ``lo <= key < hi`` of a driver-written Parquet directory, in key order."""
    from newsledger.spark.paths import filesystem

    fs, path = filesystem(directory)
    table = pq.read_table(path, filesystem=fs, filters=[(key, ">=", lo), (key, "<", hi)])
    return sorted(table.to_pylist(), key=lambda r: r[key])


def _batches(rows: Iterator[dict[str, Any]], schema) -> Iterator[pa.RecordBatch]:
    arrow_schema = layout.arrow(schema)
    pending: list[dict[str, Any]] = []
    size = 0
    for row in rows:
        pending.append(row)
        size += sum(len(v) for v in _strings(row))
        if len(pending) >= ROWS_PER_BATCH or size >= BYTES_PER_BATCH:
            yield pa.RecordBatch.from_pylist(pending, schema=arrow_schema)
            pending, size = [], 0
    if pending:
        yield pa.RecordBatch.from_pylist(pending, schema=arrow_schema)


def _strings(row: dict[str, Any]) -> Iterator[str]:
    for value in row.values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            yield from _strings(value)


def _one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


# ---------------------------------------------------------------------------
# Stage 1: read, extract, clean

def prepare_files(batches: Iterator[pa.RecordBatch], inputs: str, read: dict[str, Any]) -> Iterator[pa.RecordBatch]:
    """Read every file of the task's range and prepare each document (no learned lines yet)."""
    for batch in batches:
        for task in batch.to_pylist():
            files = read_range(inputs, "file_no", task["lo"], task["hi"])
            yield from _batches((row for f in files for row in _file_rows(f, read)), layout.ARTICLES_SCHEMA)


def _file_rows(entry: dict[str, Any], read: dict[str, Any]) -> Iterator[dict[str, Any]]:
    from newsledger.ingest import IngestError, iter_documents

    file_no, path = entry["file_no"], entry["path"]
    if entry["error"] is not None:
        yield {"file_no": file_no, "doc_no": 0, "origin": path, "error": entry["error"]}
        return
    doc_no = 0
    try:
        for doc_no, item in enumerate(iter_documents([path], **read)):
            if isinstance(item, IngestError):
                yield {"file_no": file_no, "doc_no": doc_no, "origin": item.origin, "error": item.reason}
            else:
                yield _document_row(file_no, doc_no, item)
    except Exception as exc:  # a reader bug on one file must not end the job: one error line, as for a bad file
        yield {"file_no": file_no, "doc_no": doc_no + 1, "origin": path, "error": _one_line(exc)}


def _document_row(file_no: int, doc_no: int, raw) -> dict[str, Any]:
    from newsledger.prepare import prepare

    row = {"file_no": file_no, "doc_no": doc_no, "origin": raw.origin, "raw": raw_row(raw)}
    try:
        row["draft"] = draft_row(prepare(raw))
    except Exception:  # the driver prepares it again and reports the failure as a local run does
        row["draft"] = None
    return row


# ---------------------------------------------------------------------------
# Stage 2: analyse and embed the final texts

def analyse_texts(batches: Iterator[pa.RecordBatch], texts: str) -> Iterator[pa.RecordBatch]:
    """The analysis record and story lead embedding of every text in the task's range."""
    _limit_threads()
    for batch in batches:
        for task in batch.to_pylist():
            rows = read_range(texts, "ordinal", task["lo"], task["hi"])
            yield from _batches(_analysed(rows), layout.ANALYSIS_SCHEMA)


def _analysed(rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    from newsledger.analysis import analyse_records
    from newsledger.resolve.embeddings import embed
    from newsledger.resolve.run import story_lead

    vectors = embed([story_lead(r["title"], r["text"]) for r in rows])
    records = dict(analyse_records(rows, n_process=1))
    for row, vector in zip(rows, vectors):
        record = json.dumps(records[row["id"]], ensure_ascii=False)
        yield {"ordinal": row["ordinal"], "id": row["id"], "record": record, "embedding": vector.tolist()}


def _limit_threads() -> None:
    """One task, its share of the cores: torch would otherwise start a thread per core in every worker."""
    from pyspark import TaskContext

    import torch

    context = TaskContext.get()
    cpus = context.cpus() if context is not None else os.cpu_count() or 1
    if torch.get_num_threads() != cpus:
        torch.set_num_threads(max(1, cpus))
