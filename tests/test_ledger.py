"""The ledger core against a real DuckDB file: storage, provenance, dedup, resume, bad input."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from newsledger.ledger import Ledger
from newsledger.store.db import Store
from newsledger.store.schema import LATEST

REPORT_A = """Port Authority Announces New Harbour Tolls

ROTTERDAM, March 3 2021 — The port authority said on Wednesday that it would raise harbour tolls for
container ships by four percent from the start of next year, citing the cost of dredging the main channel.

Shipping companies criticised the decision, saying the increase came at a time when freight rates were
already falling and smaller carriers were struggling to stay afloat.

A spokeswoman for the authority said the money would pay for deeper berths that larger vessels need,
and that the board had weighed the objections of the carriers before voting.
"""

REPORT_B = """Volunteers Clear Beach After Storm

Hundreds of volunteers gathered on the northern beach on Sunday morning to clear debris washed ashore
by the storm that battered the coast for three days last week.

The town council supplied gloves and bags, and fishermen used their boats to haul the largest pieces
of wreckage back to the harbour, where they will be sorted for recycling.
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def db(tmp_path):
    return str(tmp_path / "ledger.duckdb")


def count(db, sql="SELECT count(*) FROM articles"):
    store = Store(db, read_only=True)
    try:
        return store.scalar(sql)
    finally:
        store.close()


def test_new_file_has_latest_schema_and_reopens(db):
    Store(db).close()
    store = Store(db)
    assert store.version() == LATEST
    tables = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "removed_lines", "entities", "times", "quotes", "event_mentions", "events", "stories", "claims"} <= tables
    store.close()


def test_ingest_keeps_raw_text_origin_and_removed_lines(tmp_path, db):
    a = write(tmp_path / "in" / "a.txt", REPORT_A + "\nSign up to receive our latest news!\n")
    with Ledger(db) as ledger:
        summary = ledger.ingest([str(a)], analyze=False)
        assert (summary.ingested, summary.failed) == (1, [])
        (row,) = ledger.articles()
        art = ledger.article(row["article_id"])
    assert art["origin"] == str(a)
    assert art["title"] == "Port Authority Announces New Harbour Tolls"
    assert "Sign up to receive" not in art["text"]
    assert [r["reason"] for r in art["removed_lines"]] == ["newsletter-signup"]
    raw = count(db, f"SELECT raw_content FROM internal.article_sources WHERE article_id = '{row['article_id']}'")
    assert raw.endswith("Sign up to receive our latest news!\n")


def test_reingesting_same_content_is_a_noop_and_keeps_both_origins(tmp_path, db):
    a = write(tmp_path / "in" / "a.txt", REPORT_A)
    write(tmp_path / "in" / "copy_of_a.txt", REPORT_A)
    with Ledger(db) as ledger:
        first = ledger.ingest([str(tmp_path / "in")], analyze=False)
        second = ledger.ingest([str(tmp_path / "in")], analyze=False)
        (row,) = ledger.articles()
        origins = ledger.article(row["article_id"])["origins"]
    assert (first.ingested, first.unchanged) == (1, 1)
    assert (second.ingested, second.unchanged) == (0, 2)
    assert sorted(origins) == sorted([str(a), str(tmp_path / "in" / "copy_of_a.txt")])


def test_near_duplicate_is_stored_and_linked_to_the_earliest_copy(tmp_path, db):
    edited = REPORT_A.replace("Port Authority Announces New Harbour Tolls", "Harbour tolls to rise, port says").replace(
        "four percent", "4 percent"
    )
    write(tmp_path / "late.txt", edited)
    write(tmp_path / "early.txt", REPORT_A)
    write(tmp_path / "other.txt", REPORT_B)
    with Ledger(db) as ledger:
        ledger.ingest([str(tmp_path / "late.txt")], published=dt.date(2021, 3, 4), analyze=False)
        ledger.ingest([str(tmp_path / "early.txt")], published=dt.date(2021, 3, 3), analyze=False)
        ledger.ingest([str(tmp_path / "other.txt")], published=dt.date(2021, 3, 3), analyze=False)
        rows = {r["origin"].rsplit("/", 1)[-1]: r for r in ledger.articles()}
    assert rows["early.txt"]["copy_of_id"] is None
    assert rows["late.txt"]["copy_of_id"] == rows["early.txt"]["article_id"]
    assert rows["late.txt"]["copy_kind"] == "near"
    assert rows["other.txt"]["copy_of_id"] is None


def test_lines_repeated_across_a_source_are_learned_and_removed_everywhere(tmp_path, db):
    bodies = [REPORT_A, REPORT_B, REPORT_A.replace("harbour", "canal"), REPORT_B.replace("beach", "river bank")]
    bodies[2] = "Canal Fees Debated\n\nThe canal board met on Monday to debate fees for barges and pleasure boats alike.\n"
    bodies[3] = "River Clean-up\n\nVolunteers pulled old bicycles and carts out of the river on Saturday afternoon.\n"
    for i, body in enumerate(bodies):
        write(tmp_path / "blog" / f"{i}.txt", body + "\nThe Lowland Observer: all the news, none of the noise\n")
    with Ledger(db) as ledger:
        ledger.ingest([str(tmp_path / "blog")], source="Lowland Observer", analyze=False)
        arts = [ledger.article(r["article_id"]) for r in ledger.articles()]
    assert len(arts) == 4
    for art in arts:
        assert "none of the noise" not in art["text"]
        assert "repeated-in-source" in [r["reason"] for r in art["removed_lines"]]


def test_bad_inputs_get_one_line_each_and_nothing_stored_is_lost(tmp_path, db):
    good = write(tmp_path / "in" / "good.txt", REPORT_A)
    with Ledger(db) as ledger:
        ledger.ingest([str(good)], analyze=False)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "in" / "cut.txt.gz").write_bytes(gzip.compress(REPORT_B.encode())[:40])
    write(tmp_path / "in" / "second.txt", REPORT_B)
    with Ledger(db) as ledger:
        summary = ledger.ingest([str(tmp_path / "in")], analyze=False)
    assert summary.ingested == 1 and summary.unchanged == 1
    assert len(summary.failed) == 3
    for line in summary.failed:
        assert "\n" not in line
    assert any("empty.txt" in line for line in summary.failed)
    assert any("image.txt" in line for line in summary.failed)
    assert any("cut.txt.gz" in line for line in summary.failed)
    assert count(db) == 2
    assert count(db, "SELECT count(*) FROM ingest_errors") == 3


def test_interrupted_run_keeps_committed_articles_and_resumes(tmp_path, db, monkeypatch):
    for i in range(5):
        write(tmp_path / "in" / f"{i}.txt", f"Report number {i}\n\n" + (REPORT_A if i % 2 else REPORT_B) + f"\nCase {i} closed.\n")
    calls = {"n": 0}
    original = Ledger.add

    def flaky(self, raw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return original(self, raw)

    monkeypatch.setattr(Ledger, "add", flaky)
    with Ledger(db) as ledger:
        with pytest.raises(KeyboardInterrupt):
            ledger.ingest([str(tmp_path / "in")], analyze=False)
    assert count(db) == 2
    monkeypatch.setattr(Ledger, "add", original)
    with Ledger(db) as ledger:
        summary = ledger.ingest([str(tmp_path / "in")], analyze=False)
    assert summary.unchanged == 2 and summary.ingested == 3
    assert count(db) == 5
    assert count(db, "SELECT count(DISTINCT raw_sha256) FROM internal.article_sources") == 5


def test_an_older_ledger_file_is_upgraded_in_place(db):
    import duckdb

    from newsledger.store.schema import MIGRATIONS

    con = duckdb.connect(db)
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    version, name, sql = MIGRATIONS[0]
    for statement in filter(str.strip, sql.split(";")):
        con.execute(statement)
    con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
    con.close()
    store = Store(db)
    assert store.version() == LATEST
    assert store.scalar("SELECT count(*) FROM events") == 0
    store.close()
