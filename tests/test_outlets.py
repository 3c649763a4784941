"""Outlet assessment: minority sides of contradictions, with the evidence kept."""

from __future__ import annotations

from newsledger.assess.outlets import minority_counts
from newsledger.store.db import Store


def test_the_outlet_alone_against_two_others_takes_the_minority(tmp_path):
    store = Store(tmp_path / "l.duckdb")
    for i, source in enumerate(["Wire", "Paper", "Blog"]):
        store.con.execute(
            "INSERT INTO articles (id, seq, raw_sha256, text_sha256, source, origin, raw_kind, raw_content, prepared_text, text, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, 'x', 'text', '', '', '', now())",
            [f"a{i}", i, f"r{i}", f"t{i}", source],
        )
    pairs = [("a0", "7.8", "a2", "7.4"), ("a1", "7.8", "a2", "7.4"), ("a0", "2023-02-06", "a1", "2023-02-07")]
    for a, va, b, vb in pairs:
        kind = "date" if "-" in va else "count:magnitude"
        store.con.execute(
            "INSERT INTO contradictions (event, kind, article_a, value_a, article_b, value_b) VALUES ('e1', ?, ?, ?, ?, ?)",
            [kind, a, va, b, vb],
        )
    counts = minority_counts(store)
    assert counts["Blog"] == 1.0
    assert counts["Wire"] == 0.5 and counts["Paper"] == 0.5
    store.close()


def test_contradictions_between_unnamed_outlets_are_skipped(tmp_path):
    store = Store(tmp_path / "l.duckdb")
    for i in range(2):
        store.con.execute(
            "INSERT INTO articles (id, seq, raw_sha256, text_sha256, origin, raw_kind, raw_content, prepared_text, text, ingested_at) "
            "VALUES (?, ?, ?, ?, 'x', 'text', '', '', '', now())",
            [f"a{i}", i, f"r{i}", f"t{i}"],
        )
    store.con.execute(
        "INSERT INTO contradictions (event, kind, article_a, value_a, article_b, value_b) VALUES ('e1', 'date', 'a0', '1', 'a1', '2')"
    )
    assert minority_counts(store) == {}
    store.close()
