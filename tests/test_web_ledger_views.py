"""Readers of a ledger last written by an older newsledger see this code's views, without writing to the file.

Views are recreated only on a write open (``catalog.ensure_catalog``), so a
read-only open (``newsledger serve``, ``report``, the listings) of a file
whose views came from an older release used to read those old views until
someone opened it for writing. The older file here is a real ledger whose
``event_overview`` is put back as an older release had it (no
``n_shown_mentions`` column) with that release's catalog stamp.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest
from fastapi.testclient import TestClient

from newsledger.ledger import Ledger
from newsledger.store.catalog import VIEWS, fingerprint
from newsledger.store.db import StoreError
from newsledger.store.schema import LATEST
from newsledger.web.app import create_app
from web_fixture import build_ledger

OLDER_FINGERPRINT = "0123456789abcdef"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_ledger(tmp_path_factory.mktemp("views"))


def make_older(path: str) -> None:
    """Give the file an older release's event_overview (without n_shown_mentions) and that release's catalog stamp."""
    current = next(v.sql for v in VIEWS if v.name == "event_overview")
    con = duckdb.connect(path)
    try:
        con.execute(f"CREATE OR REPLACE VIEW event_overview AS SELECT * EXCLUDE (n_shown_mentions) FROM ({current})")
        con.execute("UPDATE internal.catalog_state SET fingerprint = ?", [OLDER_FINGERPRINT])
    finally:
        con.close()


def columns(con, view: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]


def test_a_read_only_open_sees_current_views_and_leaves_the_file_alone(db, tmp_path):
    older = str(tmp_path / "older.duckdb")
    shutil.copy(db, older)
    make_older(older)
    raw = duckdb.connect(older, read_only=True)  # the file really carries the old view
    try:
        assert "n_shown_mentions" not in columns(raw, "event_overview")
    finally:
        raw.close()

    with Ledger(older, read_only=True) as ledger:
        assert "n_shown_mentions" in columns(ledger.store.con, "event_overview")
        shown = ledger.store.rows("SELECT event_id, n_shown_mentions FROM event_overview WHERE shown")
        assert shown and all(e["n_shown_mentions"] >= 1 for e in shown)
        assert len(ledger.events()) == len(shown)
        # the views reading other views read the current ones too (story_timeline reads event_overview)
        assert 0 < ledger.store.scalar("SELECT count(*) FROM story_timeline") <= len(shown)
        ledger.store.release()  # a connection opened again gets them again
        assert "n_shown_mentions" in columns(ledger.store.con, "event_overview")

    raw = duckdb.connect(older, read_only=True)  # nothing was written
    try:
        assert raw.execute("SELECT fingerprint FROM internal.catalog_state").fetchone()[0] == OLDER_FINGERPRINT
        assert "n_shown_mentions" not in columns(raw, "event_overview")
    finally:
        raw.close()

    with Ledger(older) as ledger:  # a write open brings the file up to date, as before
        assert ledger.store.scalar("SELECT max(fingerprint) FROM internal.catalog_state") == fingerprint()


def test_the_web_app_serves_an_older_file_with_current_views(db, tmp_path):
    older = str(tmp_path / "older.duckdb")
    shutil.copy(db, older)
    make_older(older)
    with Ledger(db, read_only=True) as current:
        expected = sorted(e["event_id"] for e in current.events())
    app = TestClient(create_app(older, hosts=["testserver"]))
    shown = app.get("/api/events").json()["items"]
    assert expected and sorted(e["event_id"] for e in shown) == expected


def test_a_ledger_of_an_older_schema_version_is_refused_with_what_to_run(db, tmp_path):
    older = str(tmp_path / "older.duckdb")
    shutil.copy(db, older)
    con = duckdb.connect(older)
    try:
        con.execute("DELETE FROM internal.schema_migrations WHERE version = ?", [LATEST])
    finally:
        con.close()
    with pytest.raises(StoreError) as refused:
        Ledger(older, read_only=True)
    message = str(refused.value)
    assert f"schema version {LATEST - 1} is older than {LATEST}" in message and "--write" in message
    assert "\n" not in message
    duckdb.connect(older).close()  # the refused reader let go of the file
