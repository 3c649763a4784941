"""The pages' data: a page database on disk, built from the ledger once per data version, queried per page.

Why: the views (``event_overview`` above all) join, window and aggregate the
whole ledger on every read, and a filter on them is not pushed inside: on
the GVC pile (600 articles) ``SELECT * FROM event_overview WHERE event_id = ?``
took 1.0 s and a story's timeline 2.3 s, growing with the corpus. Before
this module the app copied every view into an in-memory database (261 MB
peak at 600 articles, 1.2-2.7 s per copy, both growing with the corpus).

Now each data version of the ledger gets a **page database**, a DuckDB file
in a temporary folder:

1. the ledger is opened read-only (:class:`newsledger.store.db.Store`: it
   waits for a writer, refuses a file it cannot read) just long enough to
   copy the tables the views and pages read into the page database, inside
   DuckDB (no rows pass through Python), then released, so ``newsledger
   ingest`` and ``resolve`` can write while the rest is built;
2. each view of :data:`newsledger.store.catalog.VIEWS` is evaluated there, in
   order, into a table of the same name: the code's own view SQL, at the
   confidence threshold the views read, so the pages and a user's SQL agree
   (and a ledger whose file carries older views is shown as this code sees
   it);
3. a few small derived tables (:data:`DERIVED`: per-story counts) and
   indexes on the ids the pages look up (:data:`INDEXES`).

Pages then read a few rows by id or one LIMITed page of a list, through
cursors of one connection whose memory DuckDB bounds (:data:`MEMORY_LIMIT`,
spilling to the folder). Memory does not grow with the corpus: the data
stays on disk, and the finished-page cache (:mod:`newsledger.web.cache`) is
bounded in bytes (:data:`MEMO_BYTES`).

A data version is the ledger file's size and modification times (checked
at most every ``RECHECK_SECONDS``) and bumps after a review recorded
through the app. When the file changed and the last build took less than
:data:`FOREGROUND_BUILD_SECONDS`, the request that noticed builds the new
version and waits for it (small ledgers: pages are never stale); a longer
build runs in a background thread while the previous version keeps
serving, so a running ingest never makes readers wait on a rebuild.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, TypeVar

import duckdb

from newsledger import settings
from newsledger.store.catalog import VIEWS, set_threshold
from newsledger.store.db import Store, StoreError

# The ledger tables copied into each page database: those the views read, and those of an article page.
COPIED_TABLES = (
    "articles", "article_origins", "removed_lines", "entities", "times", "article_time_frames", "mention_counts",
    "events", "event_mentions", "stories", "actors", "quotes", "claims", "contradictions", "contradiction_reports", "outlets",
    "outlet_signals",
    "outlet_disputes", "reviews",
)
# The articles gain their title and text lower-cased once, for the full-text search of the stories list and /search.
ARTICLES_SQL = "SELECT *, lower(coalesce(title, '') || ' ' || text) AS search_text FROM main.articles ORDER BY seq"

# Per story, what the stories list shows and filters on, for the default view (_shown) and for "show all" (_all):
# reports, outlets, independent outlets (originals), copies, events, contradictions (disputed facts: one per event
# and kind, also for ledgers written before schema 8, which kept one row per pair of reports).
DERIVED = {
    "story_counts": """
        WITH per AS (
            SELECT story_id, count(*) AS n_articles, count(DISTINCT outlet) AS n_outlets,
                count(DISTINCT CASE WHEN copy_of_id IS NULL THEN coalesce(outlet, '?' || article_id) END) AS n_independent,
                count(*) FILTER (WHERE copy_of_id IS NOT NULL) AS n_copies
            FROM articles WHERE story_id IS NOT NULL GROUP BY story_id
        ),
        ev AS (
            SELECT story_id, count(*) FILTER (WHERE shown) AS n_events_shown, count(*) AS n_events_all
            FROM event_overview GROUP BY story_id
        ),
        ct AS (
            SELECT e.story_id, count(DISTINCT (c.event_id, c.kind)) FILTER (WHERE e.shown) AS n_contradictions_shown,
                count(DISTINCT (c.event_id, c.kind)) AS n_contradictions_all
            FROM contradictions c JOIN event_overview e ON e.event_id = c.event_id GROUP BY e.story_id
        )
        SELECT per.*, coalesce(ev.n_events_shown, 0) AS n_events_shown, coalesce(ev.n_events_all, 0) AS n_events_all,
            coalesce(ct.n_contradictions_shown, 0) AS n_contradictions_shown,
            coalesce(ct.n_contradictions_all, 0) AS n_contradictions_all
        FROM per LEFT JOIN ev ON ev.story_id = per.story_id LEFT JOIN ct ON ct.story_id = per.story_id
    """,
    # Per actor: the events it takes part in and the quotes it speaks, in the default view and in all.
    "actor_counts": """
        WITH parties AS (
            SELECT unnest(list_concat(actor_ids, recipient_ids)) AS actor_id, shown FROM event_overview
        ),
        ev AS (SELECT actor_id, count(*) FILTER (WHERE shown) AS n_events_shown, count(*) AS n_events_all FROM parties GROUP BY 1),
        qu AS (
            SELECT speaker_id AS actor_id, count(*) FILTER (WHERE shown) AS n_quotes_shown, count(*) AS n_quotes_all
            FROM quote_speakers WHERE speaker_id IS NOT NULL GROUP BY 1
        )
        SELECT actor_id, coalesce(ev.n_events_shown, 0) AS n_events_shown, coalesce(ev.n_events_all, 0) AS n_events_all,
            coalesce(qu.n_quotes_shown, 0) AS n_quotes_shown, coalesce(qu.n_quotes_all, 0) AS n_quotes_all
        FROM ev FULL JOIN qu USING (actor_id)
    """,
}
# Point lookups the pages make (DuckDB uses an index for an equality filter on a table scan).
INDEXES = {
    "event_overview": ["event_id", "story_id"],
    "mention_passages": ["event_id", "article_id"],
    "story_timeline": ["story_id"],
    "articles": ["article_id", "story_id", "copy_of_id", "outlet"],
    "stories": ["story_id"],
    "story_counts": ["story_id"],
    "actor_counts": ["actor_id"],
    "claim_overview": ["story_id"],
    "quote_speakers": ["article_id", "speaker_id"],
    "contradiction_passages": ["event_id"],
    "contradiction_values": ["contradiction_id"],
    "outlets": ["outlet"],
    "outlet_evidence": ["outlet"],
    "outlet_disputes": ["outlet"],
    "actor_overview": ["actor_id"],
    "entities": ["article_id"],
    "times": ["article_id"],
    "removed_lines": ["article_id"],
    "article_origins": ["article_id"],
    "article_time_frames": ["article_id"],
    "mention_counts": ["article_id"],
}
RECHECK_SECONDS = 1.0
# A rebuild expected to take longer than this (the last one did) runs in the background, the previous version serving.
FOREGROUND_BUILD_SECONDS = float(os.environ.get("NEWSLEDGER_WEB_FOREGROUND_BUILD_SECONDS", "3"))
# DuckDB's memory for one page database (its buffer pool; beyond it, DuckDB spills to the folder).
MEMORY_LIMIT = os.environ.get("NEWSLEDGER_WEB_MEMORY", "256MB")
# Finished responses and article pages remembered per version (see memo and newsledger.web.cache): entries and bytes.
MEMO_SIZE = 4096
MEMO_BYTES = int(os.environ.get("NEWSLEDGER_WEB_CACHE_BYTES", str(64 * 1024 * 1024)))
T = TypeVar("T")


class Memo:
    """A least-recently-used map bounded in entries and in the bytes its callers say their values take."""

    def __init__(self, max_entries: int = MEMO_SIZE, max_bytes: int = MEMO_BYTES):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._items: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Any, value: Any, size: int = 1024) -> None:
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while self._items and (len(self._items) > self.max_entries or self._bytes > self.max_bytes):
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def __contains__(self, key: Any) -> bool:
        with self._lock:
            return key in self._items

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class Snapshot:
    """One page database: the ledger's data at one moment, and the file state it was built from."""

    con: duckdb.DuckDBPyConnection
    stamp: tuple[int, int, int]
    built_at: float
    build_seconds: float
    path: str
    memo: Memo = field(default_factory=Memo)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    def close(self) -> None:
        self.con.close()
        for leftover in (self.path, self.path + ".wal"):
            try:
                os.unlink(leftover)
            except OSError:
                pass


def file_stamp(path: str) -> tuple[int, int, int]:
    """Size and modification time of the ledger and its write-ahead log: a change means new data."""
    st = os.stat(path)
    wal = path + ".wal"
    wal_mtime = os.stat(wal).st_mtime_ns if os.path.exists(wal) else 0
    return st.st_size, st.st_mtime_ns, wal_mtime


def _config() -> dict[str, Any]:
    return {"autoinstall_known_extensions": False, "autoload_known_extensions": False, "memory_limit": MEMORY_LIMIT}


def copy_tables(ledger: str, target: str) -> tuple[int, int, int]:
    """Copy :data:`COPIED_TABLES` from the ledger into a new DuckDB file; returns the ledger's stamp before the copy.

    The ledger is held (read-only) only for the copy: DuckDB moves the rows
    from one file to the other, nothing is materialised in Python.
    """
    stamp = file_stamp(ledger)
    store = Store(ledger, read_only=True)
    try:
        con = store.con
        con.execute(f"ATTACH {_literal(target)} AS side (READ_WRITE)")
        try:
            for table in COPIED_TABLES:
                sql = ARTICLES_SQL if table == "articles" else f"SELECT * FROM main.{table}"
                con.execute(f"CREATE TABLE side.main.{table} AS {sql}")
        finally:
            con.execute("DETACH side")
    finally:
        store.close()
    return stamp


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def derive(con: duckdb.DuckDBPyConnection, threshold: float) -> None:
    """Evaluate every view of the catalog into a table of its name, then the derived tables and the indexes."""
    set_threshold(con, threshold)
    con.execute("CREATE SCHEMA IF NOT EXISTS internal")
    for view in VIEWS:
        con.execute(f"CREATE TABLE {view.name} AS {view.sql}")
    for name, sql in DERIVED.items():
        con.execute(f"CREATE TABLE {name} AS {sql}")
    for table, columns in INDEXES.items():
        for column in columns:
            con.execute(f"CREATE INDEX {table}_{column} ON {table} ({column})")
    con.execute("CHECKPOINT")


def build(ledger: str, folder: str, number: int) -> Snapshot:
    """A new page database for the ledger's current data (see the module doc)."""
    started = time.monotonic()
    path = os.path.join(folder, f"pages-{number}.duckdb")
    for leftover in (path, path + ".wal"):
        if os.path.exists(leftover):
            os.unlink(leftover)
    try:
        stamp = copy_tables(ledger, path)
        con = duckdb.connect(path, config=_config())
        con.execute(f"SET temp_directory = {_literal(os.path.join(folder, 'spill'))}")
        try:
            derive(con, settings.EVENT_MIN_CONFIDENCE)
        except BaseException:
            con.close()
            raise
    except BaseException:
        for leftover in (path, path + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
        raise
    now = time.monotonic()
    return Snapshot(con, stamp, now, now - started, path)


class Snapshots:
    """The current page database of one ledger file, rebuilt when the file changed; safe to share between threads."""

    def __init__(self, path: str, recheck_seconds: float = RECHECK_SECONDS,
                 foreground_seconds: float = FOREGROUND_BUILD_SECONDS):
        self.path = path
        self.recheck_seconds = recheck_seconds
        self.foreground_seconds = foreground_seconds
        self.folder = tempfile.mkdtemp(prefix="newsledger-pages-")
        # Removed with this object (or at exit) even when the app's shutdown never runs (a test client, a killed server).
        weakref.finalize(self, shutil.rmtree, self.folder, True)
        self._current: Snapshot | None = None
        self._retired: list[Snapshot] = []
        self._lock = threading.Lock()  # one build at a time
        self._checked = 0.0
        self._number = 0
        self._stale = False  # a review was recorded: the current version must not serve
        self._background: threading.Thread | None = None
        self.last_error: BaseException | None = None

    def get(self) -> Snapshot:
        current = self._current
        now = time.monotonic()
        if current is not None and not self._stale and now - self._checked < self.recheck_seconds:
            return current
        self._checked = now
        if current is not None and not self._stale and self._same_file(current):
            return current
        if current is not None and not self._stale and current.build_seconds > self.foreground_seconds:
            self._rebuild_in_background()
            return current
        with self._lock:
            current = self._current
            if current is None or self._stale or not self._same_file(current):
                try:
                    self._install(self._build())
                except StoreError:
                    if current is None:
                        raise
                    # Another process holds the file: keep serving what was read until it is done.
                    self._checked = time.monotonic()
            return self._current  # type: ignore[return-value]

    def _same_file(self, snapshot: Snapshot) -> bool:
        try:
            return file_stamp(self.path) == snapshot.stamp
        except OSError:
            return True  # the file is being replaced: keep what was read

    def _build(self) -> Snapshot:
        self._number += 1
        self._stale = False
        return build(self.path, self.folder, self._number)

    def _install(self, snapshot: Snapshot) -> None:
        """Make ``snapshot`` current; the one before stays open for requests still reading it, older ones are closed."""
        previous, self._current = self._current, snapshot
        if previous is not None:
            self._retired.append(previous)
        while len(self._retired) > 1:
            self._retired.pop(0).close()

    def _rebuild_in_background(self) -> None:
        if self._background is not None and self._background.is_alive():
            return

        def work() -> None:
            with self._lock:
                current = self._current
                if current is not None and self._same_file(current) and not self._stale:
                    return
                try:
                    self._install(self._build())
                    self.last_error = None
                except Exception as exc:  # noqa: BLE001 - the previous version keeps serving; the next check retries
                    self.last_error = exc

        self._background = threading.Thread(target=work, name="newsledger-pages", daemon=True)
        self._background.start()

    def wait_for_build(self, timeout: float | None = None) -> None:
        """Wait until a background rebuild in progress (if any) is installed."""
        background = self._background
        if background is not None:
            background.join(timeout)

    def warm(self) -> None:
        """Start building the first version now (the server starting), so the first reader waits less or not at all."""

        def work() -> None:
            try:
                self.get()
            except Exception as exc:  # noqa: BLE001 - the first request builds again and reports what is wrong
                self.last_error = exc

        threading.Thread(target=work, name="newsledger-pages-first", daemon=True).start()

    def memo(self, key: Any, compute: Callable[[], T], size: Callable[[T], int] = lambda value: 4096) -> T:
        """``compute()`` once per version (article pages); forgotten with the version, bounded by :class:`Memo`."""
        cache = self.get().memo
        value = cache.get(key)
        if value is not None or key in cache:
            return value
        value = compute()
        cache.put(key, value, size(value))
        return value

    def close(self) -> None:
        """Close every page database and remove the folder (the app's shutdown)."""
        with self._lock:
            for snapshot in self._retired + ([self._current] if self._current else []):
                snapshot.close()
            self._retired, self._current = [], None
        shutil.rmtree(self.folder, ignore_errors=True)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold off builds while this process writes the ledger (DuckDB refuses a write open while a read is open here)."""
        with self._lock:
            yield

    def invalidate(self) -> None:
        """After a review written through the app: the next request builds a new version and waits for it."""
        self._stale = True

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
