"""DuckDB access: one file, short write sessions, readers that wait their turn.

Everything the ledger knows lives in the database file so users can query it
directly with DuckDB, and so an interrupted run loses nothing it committed.

DuckDB lets one process open a file for writing and no other process open it
at all meanwhile (not even read-only). So a long ingest must not keep the
file open: it writes in **sessions**, one transaction per batch of articles
or analysis records, and closes the connection between them
(:meth:`Store.release`); the next use of :attr:`Store.con` opens it again.
A process that finds the file locked (a reader, a review, another writer)
retries with a short backoff (:func:`connect`) and, while it waits, leaves a
marker file ``<ledger>.wait-<pid>`` beside the ledger; a writer between two
sessions that sees a marker gives the file up for a moment
(:meth:`Store.yield_to_waiters`), so readers are not starved by a writer that
reopens the file within a millisecond of closing it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import duckdb

from newsledger import settings
from newsledger.store.schema import LATEST, MIGRATIONS


class StoreError(RuntimeError):
    """The database file cannot be opened or is not a newsledger ledger."""


class StoreBusy(StoreError):
    """Another process held the ledger for longer than this one would wait."""


class StoreWriteError(StoreError):
    """Writing to the ledger failed (disk full, file too large, I/O error): the run must stop."""


# Never fetch extensions at run time: DuckDB would otherwise try to download
# its SQLite reader when handed an SQLite file.
_CONNECT_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# A DuckDB file has "DUCK" at bytes 8-11 of its first block; its first three
# 4 KiB blocks are headers, then come ``total_blocks`` blocks of ``block_size``.
_MAGIC_OFFSET, _MAGIC = 8, b"DUCK"
_HEADER_BYTES = 3 * 4096
_SNIFF_BYTES = 16
_OTHER_FORMATS = {b"SQLite format 3\x00": "an SQLite database", b"PAR1": "a Parquet file", b"PK\x03\x04": "a ZIP archive"}
# Errors that mean the file system refused a write, not that one record was bad.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EIO, errno.EROFS, errno.EDQUOT}
_WRITE_ERRORS = (duckdb.IOException, duckdb.FatalException, duckdb.TransactionException, duckdb.InternalException)


# How long a process waits for a ledger another process is writing: readers
# (report, listings, one web request) usually a fraction of a second, since
# a writer holds the file for one batch and yields it between batches; but a
# resolution is one transaction over the whole ledger (seconds on a large one,
# longer on a loaded machine), and waiting beats failing. Writers (a review,
# the next session of an ingest, which may wait behind a long report) longer.
READ_WAIT_SECONDS = float(os.environ.get("NEWSLEDGER_READ_WAIT_SECONDS", "30"))
WRITE_WAIT_SECONDS = float(os.environ.get("NEWSLEDGER_WRITE_WAIT_SECONDS", "60"))
# Polling interval while the file is locked: the first try again soon, then at most this often.
_FIRST_BACKOFF, _MAX_BACKOFF = 0.005, 0.05
# How long a writer between sessions leaves the file to processes waiting for it.
YIELD_SECONDS = 2.0


class Interrupted(KeyboardInterrupt):
    """A run stopped by Ctrl-C or SIGTERM; ``summary`` says what it had done (everything committed is kept)."""

    def __init__(self, summary: Any = None):
        super().__init__("interrupted")
        self.summary = summary


# Set by the CLI's SIGINT/SIGTERM handler. DuckDB checks for signals during a
# query and may swallow the KeyboardInterrupt the handler raised (seen once in
# 20 interrupted runs: the run went on to the end), so writers also check this
# flag between batches (:meth:`Store.yield_to_waiters`).
STOP = threading.Event()


def request_stop(signum: int | None = None, frame: Any = None) -> None:
    """Signal handler: remember the request, and interrupt whatever runs now."""
    STOP.set()
    raise KeyboardInterrupt


def stop_if_requested() -> None:
    if STOP.is_set():
        raise KeyboardInterrupt


def is_interrupt(exc: BaseException) -> bool:
    """DuckDB turns a SIGINT that arrives during a query into an exception: it is the user's Ctrl-C.

    Two forms were seen: "Query interrupted", and, when the signal lands while
    DuckDB reads a registered Arrow table, "reading the object registered as
    ... as Arrow data failed: KeyboardInterrupt" (an InvalidInputException),
    after which the transaction is aborted and the next write fails with
    "Current transaction is aborted". Once a stop was requested (``STOP``),
    any DuckDB error is that stop's consequence: the run ends as interrupted
    (exit 130), not as a write failure with a traceback.
    """
    if isinstance(exc, KeyboardInterrupt) or isinstance(exc, getattr(duckdb, "InterruptException", ())):
        return True
    if not isinstance(exc, (RuntimeError, duckdb.Error)):
        return False
    return STOP.is_set() or "interrupt" in str(exc).lower()


def is_locked(exc: BaseException) -> bool:
    """The file is open in another process (DuckDB: "Could not set lock on file ... Conflicting lock is held")."""
    return isinstance(exc, duckdb.Error) and "lock" in str(exc).lower()


def connect(path: str, *, read_only: bool, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open ``path``, waiting up to ``wait`` seconds (with a marker file, see the module doc) while another process holds it."""
    wait = (READ_WAIT_SECONDS if read_only else WRITE_WAIT_SECONDS) if wait is None else wait
    deadline, backoff, marker = time.monotonic() + wait, _FIRST_BACKOFF, None
    try:
        while True:
            try:
                return duckdb.connect(path, read_only=read_only, config=dict(_CONNECT_CONFIG))
            except duckdb.Error as exc:
                if not is_locked(exc):
                    raise
                if _held_here(exc):  # by this process (a connection an interrupt left half-open): waiting cannot help
                    raise StoreError(f"{path}: cannot open the ledger again in this process ({first_line(exc)})") from exc
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"{path}: the ledger is busy (another process is writing it; waited {wait:g} s)") from exc
            marker = marker or _announce(path)
            time.sleep(backoff)
            backoff = min(_MAX_BACKOFF, backoff * 2)
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)


def _held_here(exc: BaseException) -> bool:
    """DuckDB names the process holding the lock ("... (PID 1234)")."""
    found = re.search(r"\(PID (\d+)\)", str(exc))
    return bool(found) and int(found.group(1)) == os.getpid()


def _announce(path: str) -> Path | None:
    """Leave ``<ledger>.wait-<pid>`` so the writer yields; a folder we may not write to only means plain polling."""
    marker = Path(f"{path}.wait-{os.getpid()}")
    try:
        marker.touch()
    except OSError:
        return None
    return marker


def waiting_processes(path: str) -> list[int]:
    """Other live processes waiting for ``path`` (markers of dead ones are removed)."""
    found = []
    folder, prefix = Path(path).absolute().parent, Path(path).name + ".wait-"
    try:
        entries = [p for p in folder.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return []
    for marker in entries:
        pid = marker.name[len(prefix):]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        if _alive(int(pid)):
            found.append(int(pid))
        else:
            marker.unlink(missing_ok=True)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def write_failure(path: str, exc: BaseException) -> StoreWriteError | None:
    """A one-line storage error when ``exc`` means the ledger file cannot be written, else None."""
    if isinstance(exc, _WRITE_ERRORS) or (isinstance(exc, OSError) and exc.errno in _WRITE_ERRNOS):
        return StoreWriteError(f"{path}: cannot write to the ledger ({first_line(exc)})")
    return None


class Store:
    """A newsledger DuckDB file with its schema migrated to the latest version.

    A file that is not a newsledger ledger (another program's DuckDB file, a
    damaged or truncated one, one written by a newer newsledger) is refused
    with a one-line :class:`StoreError` before anything is written to it.
    """

    def __init__(self, path: str | Path = "newsledger.duckdb", *, read_only: bool = False):
        self.path = str(path)
        self.read_only = read_only
        self._threshold = settings.EVENT_MIN_CONFIDENCE
        self._depth = 0
        self._half_written = False
        self.wait: float | None = None  # None: the READ/WRITE_WAIT_SECONDS default
        self._con: duckdb.DuckDBPyConnection | None = None
        created = not Path(self.path).exists()
        if not created:
            checked = _check_existing(self.path, keep=read_only)
            if read_only:
                self._con = checked
        elif not Path(self.path).absolute().parent.is_dir():
            raise StoreError(f"{self.path}: no such folder {str(Path(self.path).absolute().parent)!r}")
        if self._con is None:
            try:
                self._con = connect(self.path, read_only=read_only)
            except StoreBusy:
                raise
            except duckdb.Error as exc:
                if created and not read_only:
                    self._remove_partial()
                    raise StoreWriteError(f"{self.path}: cannot create the ledger ({first_line(exc)})") from exc
                raise StoreError(f"{self.path}: cannot open database ({first_line(exc)})") from exc
        if not read_only:
            self._migrate_or_refuse(created)
        elif self.version() < LATEST:
            version = self.version()
            self.close()
            raise StoreError(f"{self.path}: schema version {version} is older than {LATEST}; upgrade it with one write open, "
                             f"e.g. newsledger sql \"SELECT 1\" --write --db {self.path}")
        else:
            self._use_current_views()
        self.set_threshold(settings.EVENT_MIN_CONFIDENCE)

    # -- sessions -------------------------------------------------------------
    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The connection, opened again (waiting for the file if need be, up to :attr:`wait` seconds) after :meth:`release`."""
        if self._con is None:
            try:
                self._con = connect(self.path, read_only=self.read_only, wait=self.wait)
            except StoreBusy:
                raise
            except duckdb.Error as exc:
                raise write_failure(self.path, exc) or StoreError(f"{self.path}: cannot open database ({first_line(exc)})") from exc
            if self.read_only:
                self._use_current_views()
            self._apply_threshold()
        return self._con

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def release(self) -> None:
        """End the write session: close the connection so other processes can open the file (not inside a transaction)."""
        if self._con is not None and self._depth == 0:
            con, self._con = self._con, None
            con.close()

    def yield_to_waiters(self, seconds: float = YIELD_SECONDS) -> None:
        """Between sessions: release the file and wait (at most ``seconds``) while other processes are waiting for it.

        Also where a stop request that DuckDB swallowed is honoured (:data:`STOP`).
        """
        stop_if_requested()
        if not waiting_processes(self.path):
            return
        self.release()
        deadline = time.monotonic() + seconds
        while waiting_processes(self.path) and time.monotonic() < deadline:
            time.sleep(_FIRST_BACKOFF)

    @contextlib.contextmanager
    def threshold(self, value: float | None) -> Iterator[None]:
        """Read the default views at another confidence threshold for the duration of the block (None: the setting)."""
        if value is None:
            yield
            return
        self.set_threshold(value)
        try:
            yield
        finally:
            self.set_threshold(settings.EVENT_MIN_CONFIDENCE)

    def _use_current_views(self) -> None:
        """A read-only connection to a file last written by an older newsledger reads this code's views (temporary ones)."""
        from newsledger.store.catalog import use_current_views

        use_current_views(self.con)

    def set_threshold(self, value: float) -> None:
        """The confidence the default views show events from, for this connection (see :mod:`newsledger.store.catalog`)."""
        self._threshold = value
        self._apply_threshold()

    def _apply_threshold(self) -> None:
        from newsledger.store.catalog import set_threshold

        set_threshold(self.con, self._threshold)

    def close(self) -> None:
        self._depth = 0
        if self._con is not None:
            con, self._con = self._con, None
            con.close()

    # -- schema ---------------------------------------------------------------
    def version(self) -> int:
        return _version(self.con)

    def _migrate_or_refuse(self, created: bool) -> None:
        """Migrate; a failed write (a full disk while creating the ledger) is one line, not a traceback.

        A ledger this call created and could not finish is removed, so the
        next run does not find a half-written file to refuse.
        """
        try:
            self.migrate()
        except duckdb.Error as exc:
            self.close()
            if created:
                self._remove_partial()
            raise write_failure(self.path, exc) or StoreError(f"{self.path}: cannot upgrade the ledger ({first_line(exc)})") from exc

    def _remove_partial(self) -> None:
        for leftover in (Path(self.path), Path(self.path + ".wal")):
            leftover.unlink(missing_ok=True)

    def migrate(self) -> None:
        """Apply every migration newer than the file, each in its own transaction; then the views and comments.

        The views and the ``COMMENT ON`` documentation are not migrations:
        they are recreated from :mod:`newsledger.store.catalog` whenever the
        file is opened for writing, so they always match this code.
        """
        current = self.version()
        if current == 0:
            self.con.execute("CREATE SCHEMA IF NOT EXISTS internal")
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
            )
        for version, name, sql in MIGRATIONS:
            if version <= current:
                continue
            statements = sql if isinstance(sql, list) else [s for s in sql.split(";") if s.strip()]
            with self.transaction():
                for statement in statements:
                    self.con.execute(statement)
                self.con.execute(
                    f"INSERT INTO {_migrations_table(self.con)} VALUES (?, ?, ?)", [version, name, dt.datetime.now()]
                )
        from newsledger.store.catalog import ensure_catalog

        with self.transaction():
            ensure_catalog(self.con)

    # -- helpers --------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction; inside another (a batch, see :class:`newsledger.store.writer.Batch`) it joins the outer one."""
        if self._depth > 0:
            self._depth += 1
            try:
                yield self.con
            except BaseException:
                self._half_written = True
                raise
            finally:
                self._depth -= 1
            return
        con = self.con
        con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield con
        except BaseException:
            self._depth = 0
            _rollback_quietly(con)
            raise
        self._depth = 0
        con.execute("COMMIT")

    def begin(self) -> None:
        """Open a batch transaction that :meth:`commit`, :meth:`rollback` or :meth:`settle` ends."""
        self.con.execute("BEGIN TRANSACTION")
        self._depth, self._half_written = 1, False

    def settle(self, keep: bool) -> bool:
        """Leave an open batch on the way out of an exception.

        ``keep`` (an interrupt) commits the items the batch finished when
        none was cut half-way through its writes (the interrupt came between
        two items, as it nearly always does: in the NLP, reading or cleaning);
        otherwise, or when the commit is refused, the batch is rolled back.
        Returns False when something was rolled back.
        """
        if not self.in_transaction:
            return True
        if keep and not self._half_written:
            try:
                self.commit()
                return True
            except duckdb.Error:
                pass
        self.rollback()
        return False

    def commit(self) -> None:
        self._depth = 0
        self.con.execute("COMMIT")

    def rollback(self) -> None:
        self._depth = 0
        if self._con is not None:
            _rollback_quietly(self._con)

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def one(self, sql: str, params: list[Any] | None = None) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.con.execute(sql, params or []).fetchone()
        return row[0] if row else None

    def insert(self, table: str, record: dict[str, Any]) -> None:
        cols = list(record)
        self.con.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [_to_db(record[c]) for c in cols],
        )

    def insert_many(self, table: str, records: list[dict[str, Any]]) -> None:
        """Insert rows with the same keys; many at once go through one Arrow table and one statement.

        ``executemany`` runs one INSERT per row: writing 200 analysis records
        row by row took 76 s of a 355 s ingest (200 articles, load 17); see
        docs/BENCHMARKS.md.
        """
        self._insert_rows(table, records, "")

    def upsert_many(self, table: str, records: list[dict[str, Any]], key: list[str]) -> None:
        """:meth:`upsert` of many rows in one statement; of rows sharing a key the last one wins, as row by row."""
        latest = {tuple(r[k] for k in key): r for r in records}
        records = list(latest.values())
        if not records:
            return
        self._insert_rows(table, records, _conflict_clause(list(records[0]), key))

    def insert_new_many(self, table: str, records: list[dict[str, Any]], key: list[str]) -> None:
        """Insert the rows whose key is not stored yet, in one statement; a stored row is left as it is."""
        if records:
            self._insert_rows(table, records, f"ON CONFLICT ({', '.join(key)}) DO NOTHING")

    def _insert_rows(self, table: str, records: list[dict[str, Any]], conflict: str) -> None:
        if not records:
            return
        cols = list(records[0])
        values = [[_to_db(r[c]) for c in cols] for r in records]
        if len(values) >= ARROW_MIN_ROWS and self._insert_arrow(table, cols, values, conflict):
            return
        self.con.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)}) {conflict}", values
        )

    def _insert_arrow(self, table: str, cols: list[str], values: list[list[Any]], conflict: str) -> bool:
        """One INSERT ... SELECT from an Arrow table; False (nothing written) when Arrow cannot type a column."""
        import pyarrow as pa

        try:
            data = pa.table({f"c{i}": pa.array([row[i] for row in values]) for i in range(len(cols))})
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
            return False  # mixed types in a column: let DuckDB bind the values one row at a time
        self.con.register(_ARROW_VIEW, data)
        try:
            self.con.execute(
                f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(f'c{i}' for i in range(len(cols)))} "
                f"FROM {_ARROW_VIEW} {conflict}"
            )
        finally:
            self.con.unregister(_ARROW_VIEW)
        return True

    def upsert(self, table: str, record: dict[str, Any], key: list[str]) -> None:
        cols = list(record)
        self.con.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)}) {_conflict_clause(cols, key)}",
            [_to_db(record[c]) for c in cols],
        )

    def next_seq(self) -> int:
        return (self.scalar("SELECT max(seq) FROM articles") or 0) + 1


# From this many rows on, :meth:`Store.insert_many` sends them as one Arrow table (one statement).
ARROW_MIN_ROWS = 8
_ARROW_VIEW = "_newsledger_rows"


def _conflict_clause(cols: list[str], key: list[str]) -> str:
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in key)
    return f"ON CONFLICT ({', '.join(key)}) DO " + (f"UPDATE SET {updates}" if updates else "NOTHING")


def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back; a connection that already lost its transaction (an interrupted query, a failed disk) may refuse."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def _migrations_table(con: duckdb.DuckDBPyConnection) -> str | None:
    """Where the applied migrations are recorded: ``internal.schema_migrations`` (``main`` before version 7)."""
    found = {r[0] for r in con.execute(
        "SELECT table_schema FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_name = 'schema_migrations'"
    ).fetchall()}
    return next((f"{schema}.schema_migrations" for schema in ("internal", "main") if schema in found), None)


def _version(con: duckdb.DuckDBPyConnection) -> int:
    table = _migrations_table(con)
    if table is None:
        return 0
    return con.execute(f"SELECT coalesce(max(version), 0) FROM {table}").fetchone()[0]


def _check_existing(path: str, *, keep: bool = False) -> duckdb.DuckDBPyConnection | None:
    """Refuse a file we must not write into, looking at it read-only first; ``keep`` returns that connection open."""
    if Path(path).is_dir():
        raise StoreError(f"{path}: is a directory, not a ledger file")
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head[_MAGIC_OFFSET : _MAGIC_OFFSET + len(_MAGIC)] != _MAGIC:
        kind = next((name for magic, name in _OTHER_FORMATS.items() if head.startswith(magic)), None)
        what = f"it is {kind}" if kind else ("it is empty" if not head else "unknown format")
        raise StoreError(f"{path}: not a DuckDB database file ({what}); choose another --db file")
    try:
        con = connect(path, read_only=True)
    except StoreBusy:
        raise
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open database, damaged or in use ({first_line(exc)})") from exc
    try:
        _check_size(path, con)
        _check_schema(path, con)
    except BaseException:
        con.close()
        raise
    if keep:
        return con
    con.close()
    return None


def _check_size(path: str, con: duckdb.DuckDBPyConnection) -> None:
    """A file shorter than its own header says is truncated: reading it would fail half-way."""
    try:
        block_size, total_blocks, free_blocks = con.execute(
            "SELECT block_size, total_blocks, free_blocks FROM pragma_database_size()"
        ).fetchone()
    except duckdb.Error as exc:
        raise StoreError(f"{path}: damaged database ({first_line(exc)})") from exc
    # Free blocks at the end of the file may be cut off by a checkpoint while
    # the header still counts them (seen on a ledger closed between two write
    # sessions, one 256 KiB block short): only the blocks in use must be there.
    expected = _HEADER_BYTES + block_size * (total_blocks - free_blocks)
    actual = Path(path).stat().st_size
    if actual < expected:
        raise StoreError(f"{path}: damaged database (truncated: {actual:,} bytes of the {expected:,} its header describes)")


def _check_schema(path: str, con: duckdb.DuckDBPyConnection) -> None:
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() ORDER BY 1"
    ).fetchall()]
    if not tables:
        return
    if "schema_migrations" not in tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(f"{path}: not a newsledger ledger (it holds other tables: {shown}); choose another --db file")
    try:
        version = _version(con)
    except duckdb.Error as exc:
        raise StoreError(f"{path}: damaged database ({first_line(exc)})") from exc
    if version > LATEST:
        raise StoreError(f"{path}: written by a newer newsledger (schema version {version}; this one knows up to {LATEST})")


def _to_db(value: Any) -> Any:
    """JSON-encode dicts (DuckDB JSON columns); lists of str stay VARCHAR[]."""
    if isinstance(value, dict):
        return json.dumps(value, default=str)
    if isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
        return json.dumps(value, default=str)
    return value
