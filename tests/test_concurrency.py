"""Reading and reviewing while an ingest runs (issue 14, finding 3).

Before, `report`/`articles` exited 2 with DuckDB's lock error and the web app
answered 500 for the whole ingest. Now the ingest writes in short sessions
and yields the file to processes waiting for it (see newsledger.store.db).
A real ingest runs in a subprocess; this process reads through the Python
API, the CLI's listing and the web app, and records a review.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks" / "faults"))
import faultkit as fk  # noqa: E402

from newsledger.cli import app  # noqa: E402
from newsledger.ledger import Ledger  # noqa: E402
from newsledger.store.db import StoreBusy  # noqa: E402
from newsledger.web.app import create_app  # noqa: E402

FIRST = (
    "Flood Warning in Porto\n\nPORTO — The river rose above its banks on Tuesday, the city council said.\n\n"
    "\"We have moved every family from the lowest streets,\" said Marta Silva, the deputy mayor.\n"
)


@pytest.mark.slow
def test_readers_and_reviews_are_served_while_an_ingest_runs(tmp_path, monkeypatch):
    from newsledger.store import db as store_db

    # Resolution's final transaction is the longest hold; on a CI machine shared
    # with other jobs it took more than the default 30 s once: allow for it.
    monkeypatch.setattr(store_db, "READ_WAIT_SECONDS", 120.0)
    db = tmp_path / "l.duckdb"
    (tmp_path / "first").mkdir()
    (tmp_path / "first" / "porto.txt").write_text(FIRST, encoding="utf-8")
    with Ledger(str(db), n_process=1) as ledger:
        ledger.ingest([str(tmp_path / "first")])
        quote_id = ledger.store.scalar("SELECT min(quote_id) FROM quotes")
    assert quote_id is not None
    corpus = fk.write_corpus(tmp_path / "in", 40)
    web = TestClient(create_app(str(db), hosts=["testserver"]))

    run = fk.Run(fk.ingest_args(corpus, db, "--processes", "1"))
    assert run.wait_for("progress ingest"), run.stderr
    counts, pages, listings, reviewed = [], 0, 0, False
    while run.proc.poll() is None:
        try:
            with Ledger(str(db), read_only=True) as reader:  # waits its turn instead of failing on the lock
                counts.append(reader.store.scalar("SELECT count(*) FROM articles"))
        except StoreBusy as exc:
            pytest.fail(f"{exc} after {run.drain()[-2:]}")
        response = web.get("/api/stories")  # rebuilt from the file while the ingest holds it between batches
        assert response.status_code == 200, response.text
        pages += 1
        listed = CliRunner().invoke(app, ["articles", "--db", str(db), "--format", "json", "--limit", "3"])
        assert listed.exit_code == 0, listed.output
        listings += 1
        if not reviewed and len(counts) >= 2:
            with Ledger(str(db)) as writer:  # a review is a short write session of its own
                writer.review("quote", quote_id, "wrong", reason="misattributed", reviewer="desk")
            reviewed = True
    assert run.finish(timeout=300) == 0, run.stderr
    assert reviewed and len(counts) >= 3 and pages >= 3 and listings >= 3
    assert counts == sorted(counts) and counts[0] >= 1  # never an uncommitted or rolled-back state
    with Ledger(str(db), read_only=True) as ledger:
        assert ledger.store.scalar("SELECT count(*) FROM articles") == 41
        assert ledger.store.scalar("SELECT count(*) FROM reviews WHERE target_id = ?", [quote_id]) == 1
        assert ledger.store.scalar("SELECT count(*) FROM articles WHERE analysed_at IS NULL") == 0


def test_a_reader_waits_for_a_write_session_instead_of_failing(tmp_path):
    """The lock error users saw: a reader opening the file while another process holds it for writing."""
    import subprocess

    db = tmp_path / "l.duckdb"
    Ledger(str(db)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(1.5); con.close()",
         str(db)],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    with Ledger(str(db), read_only=True) as reader:
        assert reader.store.scalar("SELECT count(*) FROM articles") == 0
    holder.wait(30)


def test_a_reader_gives_up_with_one_line_when_the_writer_never_lets_go(tmp_path, monkeypatch):
    import subprocess

    from newsledger.store import db as store_db

    db = tmp_path / "l.duckdb"
    Ledger(str(db)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(store_db, "READ_WAIT_SECONDS", 0.3)
        result = CliRunner().invoke(app, ["articles", "--db", str(db)])
        assert result.exit_code == 2
        assert "the ledger is busy" in result.output and "Traceback" not in result.output
        assert not list(tmp_path.glob("l.duckdb.wait-*"))  # the waiting marker is cleaned up
    finally:
        holder.kill()
        holder.wait(30)


@pytest.mark.slow
def test_readers_are_served_while_a_resolution_runs(demo_copy, monkeypatch):
    """`newsledger resolve --all` in a subprocess; the CLI's `stories` and the Python API answer meanwhile.

    Resolution writes in short transactions and gives the file up between
    them (Ledger._after_stories), so a reader waits at most one step and
    sees the last committed state: here the stories, which a re-resolution
    of a resolved ledger leaves as they were.
    """
    from newsledger.store import db as store_db

    monkeypatch.setattr(store_db, "READ_WAIT_SECONDS", 120.0)
    with Ledger(str(demo_copy), read_only=True) as ledger:
        stories = ledger.store.scalar("SELECT count(*) FROM stories")
        events = ledger.store.scalar("SELECT count(*) FROM events")
    run = fk.Run(["resolve", "--all", "--db", str(demo_copy)])
    assert run.wait_for("resolving"), run.stderr
    seen, listings = [], 0
    while run.proc.poll() is None:
        try:
            with Ledger(str(demo_copy), read_only=True) as reader:
                seen.append(reader.store.scalar("SELECT count(*) FROM stories"))
        except StoreBusy as exc:
            pytest.fail(f"{exc} after {run.drain()[-2:]}")
        listed = CliRunner().invoke(app, ["stories", "--db", str(demo_copy), "--format", "json"])
        assert listed.exit_code == 0, listed.output
        listings += 1
    assert run.finish(timeout=300) == 0, run.stderr
    assert seen and listings and set(seen) == {stories}
    with Ledger(str(demo_copy), read_only=True) as ledger:
        assert ledger.store.scalar("SELECT count(*) FROM events") == events
