"""The ledger file as a product: documented, commented, and upgraded in place from the previous schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb

from newsledger.store import schema_doc
from newsledger.store.db import Store
from newsledger.store.schema import LATEST, MIGRATIONS

DOC = Path(__file__).resolve().parents[1] / "docs" / "SCHEMA.md"


def test_docs_schema_md_matches_the_database():
    assert DOC.read_text(encoding="utf-8") == schema_doc.build(), "docs/SCHEMA.md is stale: python -m newsledger.store.schema_doc"


def test_every_user_table_view_and_column_has_a_comment(tmp_path):
    store = Store(tmp_path / "l.duckdb")
    missing = store.rows(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name IN ('main', 'internal') AND (comment IS NULL OR comment = '')"
    )
    relations = store.rows(
        "SELECT table_name AS name, comment FROM duckdb_tables() WHERE database_name = current_database() "
        "UNION ALL SELECT view_name, comment FROM duckdb_views() WHERE database_name = current_database() AND NOT internal"
    )
    store.close()
    assert missing == []
    assert relations and all(r["comment"] for r in relations)


def test_no_column_uses_the_word_source_or_bare_id(tmp_path):
    store = Store(tmp_path / "l.duckdb")
    names = {r[0] for r in store.con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main'"
    ).fetchall()}
    store.close()
    # 'single_source' (resting on one independent outlet) is the one term of art kept from journalism.
    assert not [n for n in names if n == "id" or n.startswith("source") or (n.endswith("_source") and "single_source" not in n)]
    assert {"article_id", "event_id", "story_id", "outlet", "speaker_id"} <= names


# --- migration from the previous schema, on a populated file ---------------------

PREVIOUS = 6


def previous_ledger(path: Path) -> None:
    """A file of schema version 6 built by the frozen migrations 1-6, holding one row of each kind."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    for version, name, sql in MIGRATIONS[:PREVIOUS]:
        for statement in filter(str.strip, sql.split(";")):
            con.execute(statement)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
    text = "Ferry crews were told on Monday that the harbour would close in March."
    con.execute(
        "INSERT INTO articles (id, seq, raw_sha256, text_sha256, source, title, origin, raw_kind, raw_content, prepared_text, "
        "text, duplicate_of, duplicate_kind, duplicate_score, story, ingested_at, analysed_at) VALUES "
        "('a1', 1, 'r1', 't1', 'Harbour Post', 'Harbour to close', 'in/a1.txt', 'text', 'RAW a1', 'UNCLEANED a1', ?, NULL, NULL, NULL, 's1', now(), now()), "
        "('a2', 2, 'r2', 't1', 'Coast Daily', 'Harbour to close', 'in/a2.txt', 'text', 'RAW a2', 'UNCLEANED a2', ?, 'a1', 'exact', 1.0, 's1', now(), now())",
        [text, text],
    )
    con.execute("INSERT INTO removed_lines VALUES ('a1', 0, 40, 52, 'Subscribe now', 'newsletter-signup')")
    con.execute("INSERT INTO minhashes VALUES ('a1', '\\x01\\x02'::BLOB, 9)")
    con.execute("INSERT INTO source_lines VALUES ('Harbour Post', 'subscribe now', 4)")
    con.execute("INSERT INTO runs VALUES (1, 'ingest in', now(), now(), 2, 0, 1, 1)")
    con.execute("INSERT INTO ingest_errors VALUES (1, 'in/bad.txt', 'empty file', now()), "
                "(1, 'in/a1.txt', 'warning: publication date ''soon'' is not a date', now())")
    con.execute("INSERT INTO entities VALUES ('a1', 0, 39, 46, 'harbour', 'FAC', NULL)")
    con.execute("INSERT INTO times VALUES ('a1', 0, 22, 28, 'Monday', 'DATE', '2024-01-08', NULL, 'published')")
    con.execute("INSERT INTO time_frames VALUES ('a1', DATE '2024-01-09', 'metadata', '[\"published\"]', NULL, NULL)")
    con.execute("INSERT INTO quotes VALUES ('a1:q0', 'a1', 0, 'indirect', 'x:ferry-crews', 0, 11, 'Ferry crews', "
                "12, 21, 'were told', 22, 70, 'on Monday that the harbour would close in March', 'c1')")
    for i, (value, precision) in enumerate([("2024-01-08", "day"), ("2024-03", "month"), ("2024-W02", "week"), ("2024", "year"), (None, None)]):
        con.execute(
            "INSERT INTO mentions (id, article_id, seq, type, actors, recipients, trigger_start, trigger_end, trigger_text, "
            "sentence_start, sentence_end, date, date_source, date_precision, location, modality, confidence, event) "
            "VALUES (?, 'a1', ?, 'RESTRICT', ['x:harbour'], [], 48, 53, 'close', 0, 71, ?, 'time', ?, 'harbour', 'asserted', 0.8, 'e1')",
            [f"a1:m{i}", i, value, precision],
        )
    con.execute("INSERT INTO mention_counts VALUES ('a1:m0', 'a1', 0, 'killed', 3, false, false, 10, 11, '3')")
    con.execute("INSERT INTO stories VALUES ('s1', 'Harbour to close', DATE '2024-01-09', DATE '2024-01-09', 2, '{\"members\": []}')")
    con.execute(
        "INSERT INTO events VALUES ('e1', 'RESTRICT', NULL, ['x:harbour'], [], '2024-03', 'month', 'harbour', 'asserted', 's1', "
        "['s1'], 'a1', DATE '2024-01-09', 5, ['Coast Daily', 'Harbour Post'], 1, true, 0.8, 'harbour restricts')"
    )
    con.execute("INSERT INTO claims VALUES ('c1', 'x:ferry-crews', 'indirect', 'the harbour would close', 's1', 'a1', 1, "
                "['Harbour Post'], 1, true)")
    con.execute("INSERT INTO contradictions VALUES ('e1', 'date', 'a1', 22, 28, '2024-01-08', 'a3', 5, 9, '2024-01-07', "
                "'Harbour Post', 'Bay News', NULL)")
    con.execute("INSERT INTO count_updates VALUES ('e1', 'killed', 0, DATE '2024-01-09', 3, 'a1', 'Harbour Post', 10, 11)")
    evidence = {"original_reports": 1, "copies_of_other_outlets": 0, "events": 1, "events_corroborated": 0,
                "contradictions": 1, "contradictions_unresolved": 1,
                "signals": [{"signal": "spam", "value": 0.0, "weight": -0.5, "confidence": 0.33, "contribution": 0.0,
                             "count": 0, "of": 1, "explanation": "no spam", "examples": []}]}
    con.execute("INSERT INTO outlets VALUES ('Harbour Post', 1, 0.5, ?)", [json.dumps(evidence)])
    con.close()


def test_a_populated_ledger_of_the_previous_schema_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.duckdb"
    previous_ledger(path)
    store = Store(path)
    try:
        assert store.version() == LATEST
        a1 = store.one("SELECT * FROM articles WHERE article_id = 'a1'")
        assert (a1["outlet"], a1["story_id"], a1["copy_of_id"]) == ("Harbour Post", "s1", None)
        assert store.one("SELECT copy_of_id, copy_kind, copy_similarity FROM articles WHERE article_id = 'a2'") == {
            "copy_of_id": "a1", "copy_kind": "exact", "copy_similarity": 1.0}
        assert store.one("SELECT raw_sha256, raw_content, uncleaned_text FROM internal.article_sources WHERE article_id = 'a1'") == {
            "raw_sha256": "r1", "raw_content": "RAW a1", "uncleaned_text": "UNCLEANED a1"}
        assert store.one("SELECT uncleaned_start, uncleaned_end, line_text FROM removed_lines") == {
            "uncleaned_start": 40, "uncleaned_end": 52, "line_text": "Subscribe now"}
        dates = store.rows("SELECT event_date, date_precision FROM event_mentions ORDER BY mention_no")
        assert [(d["event_date"], d["date_precision"]) for d in dates] == [
            (dt.date(2024, 1, 8), "day"), (dt.date(2024, 3, 1), "month"), (dt.date(2024, 1, 8), "week"),
            (dt.date(2024, 1, 1), "year"), (None, None)]
        event = store.one("SELECT event_date, date_precision, outlets, independent_outlets, place FROM events")
        assert event == {"event_date": dt.date(2024, 3, 1), "date_precision": "month",
                         "outlets": ["Coast Daily", "Harbour Post"], "independent_outlets": 1, "place": "harbour"}
        # version 11 made the claim's id from its first quote's new id (newsledger.store.ids), as a resolution would
        claim_id = store.scalar("SELECT claim_id FROM claims")
        assert claim_id.startswith("c") and claim_id != "c1"
        assert store.one("SELECT speaker_id, speaker_text, claim_id FROM quotes") == {
            "speaker_id": "x:ferry-crews", "speaker_text": "Ferry crews", "claim_id": claim_id}
        c = store.one("SELECT * FROM contradictions")
        assert (c["a_article_id"], c["a_outlet"], c["a_value"], c["b_outlet"], c["b_start"]) == ("a1", "Harbour Post", "2024-01-08", "Bay News", 5)
        assert c["contradiction_id"].startswith("k")
        assert store.one("SELECT outlet, n_originals, n_disputed_unresolved FROM outlets") == {
            "outlet": "Harbour Post", "n_originals": 1, "n_disputed_unresolved": 1}
        assert store.one("SELECT signal, weight, n_hits, n_total, explanation FROM outlet_signals") == {
            "signal": "spam", "weight": -0.5, "n_hits": 0, "n_total": 1, "explanation": "no spam"}
        errors = store.rows("SELECT severity, reason FROM ingest_errors ORDER BY severity")
        assert [(e["severity"], e["reason"]) for e in errors] == [
            ("error", "empty file"), ("warning", "publication date 'soon' is not a date")]
        assert store.scalar("SELECT count(*) FROM internal.story_states") == 1
        assert store.scalar("SELECT count(*) FROM internal.outlet_lines") == 1
        assert store.one("SELECT frame_date, frame_from FROM article_time_frames") == {
            "frame_date": dt.date(2024, 1, 9), "frame_from": "metadata"}
        user_tables = {r[0] for r in store.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'").fetchall()}
        assert not user_tables & {"mentions", "time_frames", "source_lines", "minhashes", "article_features", "schema_migrations"}
        assert store.scalar("SELECT count(*) FROM event_overview") == 1  # the views read the carried-over rows
    finally:
        store.close()
