"""DuckDB access: one file, one connection, one transaction per article.

Everything the ledger knows lives in the database file so users can query it
directly with DuckDB, and so an interrupted run loses nothing it committed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterator

import duckdb

from newsledger.store.schema import LATEST, MIGRATIONS


class StoreError(RuntimeError):
    """The database file cannot be opened or is not a newsledger ledger."""


class Store:
    """A newsledger DuckDB file with its schema migrated to the latest version."""

    def __init__(self, path: str | Path = "newsledger.duckdb", *, read_only: bool = False):
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open database ({str(exc).splitlines()[0]})") from exc
        if not read_only:
            self.migrate()
        elif self.version() < LATEST:
            raise StoreError(f"{self.path}: schema version {self.version()} is older than {LATEST}; open it once for writing to upgrade")

    def close(self) -> None:
        self.con.close()

    # -- schema ---------------------------------------------------------------
    def version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
        ).fetchone()[0]
        if not exists:
            return 0
        return self.con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]

    def migrate(self) -> None:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
        )
        current = self.version()
        for version, name, sql in MIGRATIONS:
            if version <= current:
                continue
            with self.transaction():
                for statement in filter(str.strip, sql.split(";")):
                    self.con.execute(statement)
                self.con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, dt.datetime.now()]
                )

    # -- helpers --------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

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
        if not records:
            return
        cols = list(records[0])
        self.con.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [[_to_db(r[c]) for c in cols] for r in records],
        )

    def upsert(self, table: str, record: dict[str, Any], key: list[str]) -> None:
        cols = list(record)
        updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in key)
        conflict = f"ON CONFLICT ({', '.join(key)}) DO " + (f"UPDATE SET {updates}" if updates else "NOTHING")
        self.con.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)}) {conflict}",
            [_to_db(record[c]) for c in cols],
        )

    def next_seq(self) -> int:
        return (self.scalar("SELECT max(seq) FROM articles") or 0) + 1


def _to_db(value: Any) -> Any:
    """JSON-encode dicts (DuckDB JSON columns); lists of str stay VARCHAR[]."""
    if isinstance(value, dict):
        return json.dumps(value, default=str)
    if isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
        return json.dumps(value, default=str)
    return value
