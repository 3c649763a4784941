"""``newsledger spark ingest``: the local ingest with its per-document work on a Spark cluster.

Stages (D = driver, S = Spark executors)::

    D  walk the inputs into a numbered manifest            -> DIR/inputs
    S  read, decode, extract, clean (no learned lines)     -> DIR/articles
    D  in input order: copy detection, outlets' learned
       boilerplate, store one article per transaction      -> ledger
    D  the final texts still to analyse                    -> DIR/texts
    S  spaCy analysis and story lead embeddings            -> DIR/analysis
    D  in ledger order: save the analyses, then resolve
       stories, events, claims and outlets                 -> ledger

Copy detection and boilerplate learning depend on the order articles arrive,
and an outlet's learned lines change its texts, so the driver does them in
the local run's order with :meth:`Ledger.ingest_documents`; a draft the
learned lines do not touch is stored as the executor cleaned it
(:func:`newsledger.prepare.reclean`). The analysis then runs on the final
texts. Resolution is corpus-wide and runs on the driver as in a local run,
with the executors' embeddings. The ledger is therefore the one ``newsledger
ingest`` builds from the same inputs (tests/test_spark.py checks it on the
demo corpus; lead embeddings can differ in the last float digits, as batches
differ).

Memory on the driver: the manifest, articles and analyses stream through in
batches; what stays is what a local run keeps (the dedup catalog, the story
index) plus the lead embeddings until stories are assigned (1.5 KB an article).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import time
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Iterable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from newsledger.ingest import IngestError
from newsledger.ingest.readers import foreign_extension
from newsledger.ingest.walk import iter_files
from newsledger.ledger import IngestSummary, Ledger, Progress
from newsledger.spark import layout, paths
from newsledger.spark.rows import draft_from_row, raw_from_row
from newsledger.spark import tasks

Log = Callable[[str], None]


@dataclass
class SparkPlan:
    """How work is cut into tasks: at least two per core, and tasks of at most this many inputs.

    A task should take seconds to a minute: long enough that scheduling
    costs nothing, short enough that a lost executor costs little.
    ``files_per_task``: a text or HTML file is one article; a WARC or JSONL
    file may hold thousands, so a corpus of big archives wants it near 1.
    ``texts_per_task``: spaCy analyses about 12 demo-sized articles a
    second per core (docs/BENCHMARKS.md), so 256 texts are 20 s to a minute.
    """

    files_per_task: int = 64
    texts_per_task: int = 256
    tasks_per_core: int = 2


@dataclass
class SparkRun:
    """What a Spark ingest did: the ingest summary and the seconds each stage took."""

    summary: IngestSummary
    seconds: dict[str, float] = field(default_factory=dict)
    ledger: str = ""


def spark_ingest(
    spark,
    inputs: Iterable[str],
    out: str,
    *,
    db: str | None = None,
    source: str | None = None,
    published: dt.date | None = None,
    field_map: dict[str, str] | None = None,
    analyze: bool = True,
    plan: SparkPlan | None = None,
    progress: Progress | None = None,
    log: Log | None = None,
) -> SparkRun:
    """Ingest ``inputs`` (files or directories every executor can read) into a ledger, via ``out``."""
    inputs = list(inputs)
    if "-" in inputs:
        raise ValueError("standard input cannot be spread over a cluster; ingest it with `newsledger ingest -`")
    out = paths.absolute(out)
    if db is None:
        if "://" in out:
            raise ValueError("--out is not a local directory: give the ledger file with --db")
        db = paths.join(out, layout.LEDGER_FILE)
    plan = plan or SparkPlan()
    run = SparkRun(IngestSummary(), ledger=db)
    clock = _Clock(run.seconds, log)
    read = {"field_map": field_map, "source": source, "published": published}

    with clock("manifest"):
        n_files = write_inputs(inputs, paths.join(out, layout.INPUTS))
    with clock("prepare (spark)"):
        run_tasks(
            spark, partial(tasks.prepare_files, inputs=paths.join(out, layout.INPUTS), read=read),
            n_files, plan.files_per_task, plan.tasks_per_core, layout.ARTICLES_SCHEMA, paths.join(out, layout.ARTICLES),
        )
    analyser = SparkAnalyser(spark, out, plan, clock)
    start = time.perf_counter()
    with Ledger(db) as ledger:
        items = article_items(read_ordered(paths.join(out, layout.ARTICLES), ("file_no", "doc_no")))
        run.summary = ledger.ingest_documents(
            items, command="spark ingest " + " ".join(inputs), analyze=analyze, progress=progress, analyser=analyser
        )
    end = time.perf_counter()
    # ingest_documents stores, calls the analyser, then resolves: the analyser's clock splits the three.
    run.seconds["store"] = round((analyser.called or end) - start, 2)
    if analyser.returned:
        run.seconds["resolve"] = round(end - analyser.returned, 2)
    return run


class _Clock:
    """Times the stages into ``seconds`` and says when each starts and ends."""

    def __init__(self, seconds: dict[str, float], log: Log | None):
        self.seconds, self.log = seconds, log

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        if self.log:
            self.log(f"{stage} ...")
        start = time.perf_counter()
        try:
            yield
        finally:
            took = time.perf_counter() - start
            self.seconds[stage] = round(took, 2)
            if self.log:
                self.log(f"{stage}: {took:.1f} s")


# ---------------------------------------------------------------------------
# Driver: manifests

INPUT_ROWS_PER_GROUP = 256


def input_files(inputs: list[str]) -> Iterator[tuple[str, str | None]]:
    """(path, error) of every file a local ingest of ``inputs`` reads, in its order.

    As :func:`newsledger.ingest.iter_documents` does: directories are walked
    in name order, and files inside them with an extension we do not read
    (README.md) are skipped; a file named on the command line is always read.
    """
    for given in inputs:
        for item in iter_files(given):
            if isinstance(item, IngestError):
                yield item.origin, item.reason
            elif item == given or not foreign_extension(item):
                yield item, None


def write_inputs(inputs: list[str], directory: str) -> int:
    """Write the numbered manifest of input files; returns how many."""
    rows = ({"file_no": i, "path": path, "error": error} for i, (path, error) in enumerate(input_files(inputs)))
    return write_numbered(rows, directory, layout.INPUTS_SCHEMA, INPUT_ROWS_PER_GROUP)


def write_numbered(rows: Iterable[dict[str, Any]], directory: str, schema, group: int) -> int:
    """Stream rows into one Parquet file in small row groups, so a task reads only its own range."""
    paths.clear(directory)
    fs, path = paths.filesystem(directory)
    fs.create_dir(path, recursive=True)
    arrow_schema = layout.arrow(schema)
    n = 0
    with pq.ParquetWriter(f"{path}/part-00000.parquet", arrow_schema, filesystem=fs) as writer:
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append(row)
            n += 1
            if len(chunk) >= group:
                writer.write_table(pa.Table.from_pylist(chunk, schema=arrow_schema), row_group_size=group)
                chunk = []
        if chunk:
            writer.write_table(pa.Table.from_pylist(chunk, schema=arrow_schema), row_group_size=group)
    return n


# ---------------------------------------------------------------------------
# Spark: tasks over ranges of a manifest

def task_ranges(n: int, per_task: int, min_tasks: int) -> list[tuple[int, int, int]]:
    """(task, lo, hi): ``n`` numbered inputs cut into contiguous, even ranges."""
    if n <= 0:
        return []
    count = min(n, max(min_tasks, math.ceil(n / per_task)))
    size = math.ceil(n / count)
    return [(t, lo, min(lo + size, n)) for t, lo in enumerate(range(0, n, size))]


def run_tasks(spark, func, n: int, per_task: int, tasks_per_core: int, schema, directory: str) -> None:
    """One Spark task (partition) per range; each writes its rows in range order to its own part file."""
    ranges = task_ranges(n, per_task, tasks_per_core * spark.sparkContext.defaultParallelism)
    if not ranges:
        paths.clear(directory)
        return
    rdd = spark.sparkContext.parallelize(ranges, len(ranges))
    frame = spark.createDataFrame(rdd, "task long, lo long, hi long")
    frame.mapInArrow(func, schema).write.mode("overwrite").parquet(directory)


# ---------------------------------------------------------------------------
# Driver: reading results back in order

READ_BATCH = 128


def read_ordered(directory: str, keys: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Stream a Spark-written directory in key order.

    Every part file holds one task's contiguous range, in order, so the files
    are read one after the other, ordered by their first key; a key out of
    order (which would change what a local run does) stops the run.
    """
    fs, files = paths.parquet_files(directory)
    starts = []
    for name in files:
        handle = pq.ParquetFile(name, filesystem=fs)
        if handle.metadata.num_rows:
            first = handle.read_row_group(0, columns=list(keys)).slice(0, 1).to_pylist()[0]
            starts.append((tuple(first[k] for k in keys), name))
    last = None
    for _, name in sorted(starts):
        for batch in pq.ParquetFile(name, filesystem=fs).iter_batches(batch_size=READ_BATCH):
            for row in batch.to_pylist():
                key = tuple(row[k] for k in keys)
                if last is not None and key <= last:
                    raise RuntimeError(f"{directory}: rows out of order at {key} after {last}")
                last = key
                yield row


def article_items(rows: Iterable[dict[str, Any]]) -> Iterator[Any]:
    """What :meth:`Ledger.ingest_documents` takes: errors, documents with their drafts, or documents to prepare."""
    for row in rows:
        if row["error"] is not None:
            yield IngestError(row["origin"], row["error"])
            continue
        raw = raw_from_row(row["raw"])
        yield raw if row["draft"] is None else (raw, draft_from_row(row["draft"], raw))


# ---------------------------------------------------------------------------
# Analysis on the executors

TEXT_ROWS_PER_GROUP = 64


class SparkAnalyser:
    """The analysis step of :meth:`Ledger.ingest_documents`, run on Spark (see :data:`newsledger.ledger.Analyser`)."""

    def __init__(self, spark, out: str, plan: SparkPlan, clock: _Clock):
        self.spark, self.out, self.plan, self.clock = spark, out, plan, clock
        self.called: float | None = None
        self.returned: float | None = None

    def __call__(self, ledger: Ledger, progress: Progress | None) -> tuple[int, dict[str, np.ndarray]]:
        self.called = time.perf_counter()
        try:
            return self._analyse(ledger, progress)
        finally:
            self.returned = time.perf_counter()

    def _analyse(self, ledger: Ledger, progress: Progress | None) -> tuple[int, dict[str, np.ndarray]]:
        texts, analysis = paths.join(self.out, layout.TEXTS), paths.join(self.out, layout.ANALYSIS)
        with self.clock("texts"):
            numbered = (
                {"ordinal": i, **row} for i, row in enumerate(r for batch in ledger.pending_analysis() for r in batch)
            )
            n = write_numbered(numbered, texts, layout.TEXTS_SCHEMA, TEXT_ROWS_PER_GROUP)
        with self.clock("analyse (spark)"):
            run_tasks(
                self.spark, partial(tasks.analyse_texts, texts=texts), n,
                self.plan.texts_per_task, self.plan.tasks_per_core, layout.ANALYSIS_SCHEMA, analysis,
            )
        embeddings: dict[str, np.ndarray] = {}

        def results() -> Iterator[tuple[str, dict[str, Any]]]:
            for row in read_ordered(analysis, ("ordinal",)):
                embeddings[row["id"]] = np.asarray(row["embedding"], dtype=np.float32)
                yield row["id"], json.loads(row["record"])

        with self.clock("save analyses"):
            done = ledger.save_analyses(results(), progress=progress, total=n) if n else 0
        return done, embeddings
