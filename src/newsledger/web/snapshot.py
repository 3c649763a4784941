"""The pages' data: the ledger's views, copied once into memory and re-read when the file changes.

Why: the views (``event_overview`` above all) join and aggregate on every
read. On the demo ledger one read of ``event_overview`` took about 0.2 s and
opening the file 0.15 s; 20 concurrent page loads, each opening the file and
reading the views, took 21-25 s each before this module. Copying each view's
rows into an in-memory DuckDB once (about a second on the demo) makes every
page a few indexed reads of small tables, shared by all requests through
cursors, and releases the file between copies so ``newsledger ingest`` and
``resolve`` can write to it while the app runs.

Nothing is computed here that the views do not say: the copy is
``SELECT * FROM <view>``, so the web pages and a user's own SQL agree. The
snapshot is rebuilt when the file's size or modification time changes
(checked at most every ``RECHECK_SECONDS``), and at once after a review.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

import duckdb

from newsledger.ledger import Ledger
from newsledger.store.db import StoreError

# What the pages read, each copied whole from the ledger: the views and the small tables they join.
COPIED = {
    "event_overview": "SELECT * FROM event_overview",
    "story_timeline": "SELECT * FROM story_timeline",
    "mention_passages": "SELECT * FROM mention_passages",
    "quote_speakers": "SELECT * FROM quote_speakers",
    "claim_overview": "SELECT * FROM claim_overview",
    "contradiction_passages": "SELECT * FROM contradiction_passages",
    "outlet_evidence": "SELECT * FROM outlet_evidence",
    "outlets": "SELECT * FROM outlets",
    "outlet_disputes": "SELECT * FROM outlet_disputes",
    "actor_overview": "SELECT * FROM actor_overview",
    "stories": "SELECT * FROM stories",
    "reviews": "SELECT review_id, target_kind, target_id, decision, correction, reason, reviewer, created_at, applies_to FROM reviews",
    # The article list with its text lower-cased once, for the stories' full-text search.
    "articles": "SELECT article_id, seq, outlet, title, url, published, copy_of_id, copy_kind, copy_similarity, story_id, "
                "length(text) AS n_chars, lower(coalesce(title, '') || ' ' || text) AS search_text FROM articles",
}
INDEXES = [
    "CREATE INDEX ev_id ON event_overview (event_id)",
    "CREATE INDEX mp_event ON mention_passages (event_id)",
    "CREATE INDEX ar_id ON articles (article_id)",
]
RECHECK_SECONDS = 1.0
# Article pages and finished responses remembered per snapshot (see memo and newsledger.web.cache).
MEMO_SIZE = 2048
T = TypeVar("T")


@dataclass
class Snapshot:
    """One in-memory copy of the ledger's views, and the file state it was copied from."""

    con: duckdb.DuckDBPyConnection
    stamp: tuple[int, int, int]
    built_at: float
    memo: dict[Any, Any] = field(default_factory=dict)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()


def file_stamp(path: str) -> tuple[int, int, int]:
    """Size and modification time of the ledger and its write-ahead log: a change means new data."""
    st = os.stat(path)
    wal = path + ".wal"
    wal_mtime = os.stat(wal).st_mtime_ns if os.path.exists(wal) else 0
    return st.st_size, st.st_mtime_ns, wal_mtime


def build(path: str) -> Snapshot:
    """Copy every view the pages read into a new in-memory database."""
    stamp = file_stamp(path)
    mem = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    with Ledger(path, read_only=True) as ledger:
        for name, sql in COPIED.items():
            table = ledger.store.con.sql(sql).to_arrow_table()
            mem.register("incoming", table)
            mem.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
            mem.unregister("incoming")
    for sql in INDEXES:
        mem.execute(sql)
    return Snapshot(mem, stamp, time.monotonic())


class Snapshots:
    """The current snapshot of one ledger file, rebuilt when the file changed; safe to share between threads."""

    def __init__(self, path: str, recheck_seconds: float = RECHECK_SECONDS):
        self.path = path
        self.recheck_seconds = recheck_seconds
        self._current: Snapshot | None = None
        self._lock = threading.Lock()
        self._checked = 0.0

    def get(self) -> Snapshot:
        current = self._current
        now = time.monotonic()
        if current is not None and now - self._checked < self.recheck_seconds:
            return current
        self._checked = now
        if current is not None and file_stamp(self.path) == current.stamp:
            return current
        with self._lock:  # one rebuild at a time; the others wait for it
            current = self._current
            if current is None or file_stamp(self.path) != current.stamp:
                try:
                    self._current = build(self.path)
                except StoreError:
                    if current is None:
                        raise
                    # Another process is writing the file: keep serving what was read until it is done.
                    self._checked = time.monotonic()
            return self._current

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` once per snapshot: what is read from the file outside the views (article pages).

        Forgotten with the snapshot, so a changed file or a new review is
        never served from it; at most ``MEMO_SIZE`` entries are kept.
        """
        cache = self.get().memo
        if key in cache:
            return cache[key]
        value = compute()
        if len(cache) >= MEMO_SIZE:
            cache.clear()
        cache[key] = value
        return value

    def close(self) -> None:
        """Close the in-memory copy (the app's shutdown)."""
        with self._lock:
            if self._current is not None:
                self._current.con.close()
            self._current = None

    def invalidate(self) -> None:
        """Forget the snapshot (after a review was written): the next request copies the views again."""
        with self._lock:
            self._current = None

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.get().cursor()
        try:
            result = cur.execute(sql, params or [])
            names = [d[0] for d in result.description]
            return [dict(zip(names, row)) for row in result.fetchall()]
        finally:
            cur.close()

    def one(self, sql: str, params: list[Any] | None = None) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        cur = self.get().cursor()
        try:
            row = cur.execute(sql, params or []).fetchone()
            return row[0] if row else None
        finally:
            cur.close()

