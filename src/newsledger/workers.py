"""Analysis worker processes that never outlive the run that started them.

spaCy's ``nlp.pipe(n_process=...)`` starts workers we cannot control: an
interrupted run hung at exit or crashed, and a parent killed with SIGTERM or
SIGKILL left its two workers (about 377 MB each) blocked on a shared queue
forever, re-parented to PID 1. This pool is small enough to reason about:

- each worker is a ``spawn`` process (no copy of the parent's DuckDB or torch
  threads) with its **own pipe**: a parent that dies closes its end, so a
  worker waiting for work reads end-of-file and exits;
- each worker asks the kernel to kill it when its parent dies
  (``PR_SET_PDEATHSIG``, Linux), which also covers a worker busy in the
  parser when the parent is killed with SIGKILL, and checks once that the
  parent it was started for is still there (the parent may die first);
- workers ignore SIGINT: a Ctrl-C reaches the whole process group, and only
  the parent decides what it means; the parent terminates and joins every
  worker on its way out of an interrupt or an error (``with`` block);
- a worker holds at most one batch: the parent sends worker *k* its next
  batch as soon as it has read *k*'s result, before handing that result to
  the caller, so workers keep busy while the parent writes to the ledger and
  no send can block on a worker that is itself blocked sending.

Results come back in the order the batches were given.

A pool started with ``embed=True`` also computes the story lead embedding
(:mod:`newsledger.resolve.embeddings`) of every row marked ``"lead": True``,
while the row is in hand, and returns it in the record under
:data:`LEAD_KEY` for the caller to take out before saving. Measured on the
leads of 200 generated reports (CPU seconds, load 12-15): bfloat16 MiniLM on
one torch thread 9.1 s, on torch's default two threads 14.0 s (its threads
spin while they wait for each other), float32 16.9 s, ONNX Runtime float32
17.6-18.4 s (vectors equal to torch's float32 at cosine 1.0000, but no
cheaper: not adopted). In the workers each encodes on one thread beside the
parser, and the main process never imports transformers (3.9 CPU s) nor
loads the model.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from typing import Any, Iterable, Iterator

# linux/prctl.h
PR_SET_PDEATHSIG = 1
# How long a worker may take to finish after being asked to stop, then after SIGTERM.
STOP_SECONDS = 5.0
KILL_SECONDS = 2.0
# Where a record carries its row's story lead embedding (a float32 array), in a pool started with ``embed=True``.
LEAD_KEY = "_lead_embedding"


class WorkerDied(RuntimeError):
    """An analysis worker exited without answering (killed from outside, out of memory)."""


class WorkerPool:
    """``n`` analysis processes; :meth:`map` sends batches of rows, yields their records in order.

    ``embed``: the workers also embed the story lead of each row marked ``"lead": True`` (see the module doc).
    """

    def __init__(self, n: int, batch_size: int = 32, *, embed: bool = False):
        self.embeds = embed
        ctx = multiprocessing.get_context("spawn")
        self._workers: list[tuple[Any, Any]] = []
        self._broken = False
        try:
            for _ in range(max(1, n)):
                ours, theirs = ctx.Pipe()
                proc = ctx.Process(
                    target=_serve, args=(theirs, os.getpid(), batch_size, embed), name="newsledger-analysis", daemon=True
                )
                proc.start()
                theirs.close()
                self._workers.append((proc, ours))
        except BaseException:
            self.terminate()
            raise

    @property
    def pids(self) -> list[int]:
        return [proc.pid for proc, _ in self._workers]

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, exc_type, *rest: object) -> None:
        if exc_type is None:
            self.close()
        else:  # an interrupt or an error: do not wait for batches nobody will read
            self.terminate()

    @property
    def alive(self) -> bool:
        """Every worker is running and holds no batch a caller stopped reading (the pool can take more work)."""
        return not self._broken and all(proc.is_alive() for proc, _ in self._workers)

    def map(self, batches: Iterable[list[dict[str, Any]]]) -> Iterator[list[tuple[str, dict[str, Any]]]]:
        """The records of each batch, in order; the pool can be mapped again once this is read to the end.

        A caller that stops reading early leaves batches in flight whose
        results the next map would read as its own: the pool is terminated
        instead (:attr:`alive` turns False).
        """
        todo = iter(batches)
        n = len(self._workers)
        in_flight: list[int] = []
        finished = False
        try:
            for k in range(n):
                if self._send_next(k, todo):
                    in_flight.append(k)
            while in_flight:
                k = in_flight.pop(0)
                result = self._receive(k)
                if self._send_next(k, todo):
                    in_flight.append(k)
                yield result
            finished = True
        finally:
            if not finished:
                self._broken = True
                self.terminate()

    def _send_next(self, k: int, todo: Iterator[list[dict[str, Any]]]) -> bool:
        batch = next(todo, None)
        if batch is None:
            return False
        self._workers[k][1].send(batch)
        return True

    def _receive(self, k: int) -> list[tuple[str, dict[str, Any]]]:
        proc, conn = self._workers[k]
        try:
            return conn.recv()
        except (EOFError, OSError):
            proc.join(1.0)
            raise WorkerDied(f"an analysis worker process stopped (exit code {proc.exitcode})") from None

    def close(self) -> None:
        """Ask every worker to stop, wait a little, then terminate the rest."""
        for _, conn in self._workers:
            try:
                conn.send(None)
            except OSError:
                pass
        for proc, _ in self._workers:
            proc.join(STOP_SECONDS)
        self.terminate()

    def terminate(self) -> None:
        """SIGTERM, then SIGKILL, every worker still alive; join them all so none is left a zombie."""
        self._broken = True
        for proc, _ in self._workers:
            if proc.is_alive():
                proc.terminate()
        for proc, _ in self._workers:
            proc.join(KILL_SECONDS)
            if proc.is_alive():
                proc.kill()
                proc.join()
        for _, conn in self._workers:
            conn.close()


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel SIGKILL this process when its parent dies; exit now if it already has (Linux only)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(1)


def _serve(conn, parent_pid: int, batch_size: int, embed: bool = False) -> None:
    """A worker: load the pipeline (and the embedding model) once, then analyse batches until told to stop or the parent is gone."""
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from newsledger.analysis import analyse_chunk
    from newsledger.nlp.pipeline import shared_pipeline

    shared_pipeline(pack=False)
    if embed:
        _load_embedder()
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if batch is None:
            return
        records = list(analyse_chunk(batch, batch_size))
        if embed:
            _add_lead_embeddings(batch, records)
        conn.send(records)


def _load_embedder() -> None:
    """One torch thread per worker (the pool already has a worker per core), and the model loaded before any batch."""
    import torch

    from newsledger.resolve.embeddings import _model, precision

    torch.set_num_threads(1)
    _model(precision())


def _add_lead_embeddings(batch: list[dict[str, Any]], records: list[tuple[str, dict[str, Any]]]) -> None:
    """Put the lead embedding of each row marked ``"lead"`` into its record (records are in the batch's order)."""
    from newsledger.resolve.embeddings import embed
    from newsledger.resolve.stories import lead_text

    marked = [i for i, row in enumerate(batch) if row.get("lead")]
    if not marked:
        return
    vectors = embed([lead_text(batch[i].get("title"), batch[i]["text"] or "") for i in marked])
    for i, vector in zip(marked, vectors):
        records[i][1][LEAD_KEY] = vector
