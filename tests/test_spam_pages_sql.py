"""Spam pages in the ledger's views: the SQL test agrees with the Python rules, and a contradiction
quotes a spam page's passage only when no other report states the value.

On the demo the crypto-spam page's "magnitude 7.8 hit southern Türkiye ... on Tuesday, 7 February"
was the passage quoted for the Turkey quake's majority magnitude, and its outlet was listed first,
next to a wire and a newspaper stating the same value."""

from __future__ import annotations

import duckdb
import pytest

from newsledger.clean.solicitation import SPAM_PAGE_SQL, payment_solicitation
from newsledger.resolve.events import spam_pages
from newsledger.store.db import Store

pytestmark = pytest.mark.slow


def test_the_view_condition_finds_the_same_spam_pages_as_the_python_rules(demo_copy):
    store = Store(demo_copy)
    try:
        ids = [r[0] for r in store.con.execute("SELECT article_id FROM articles").fetchall()]
        by_sql = {r[0] for r in store.con.execute(f"SELECT a.article_id FROM articles a WHERE {SPAM_PAGE_SQL}").fetchall()}
        assert by_sql == spam_pages(store, ids)
        assert by_sql, "the demo holds the crypto-spam site's pages"
    finally:
        store.close()


def test_a_contradiction_quotes_another_outlets_passage_before_a_spam_pages(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        spam = {r[0] for r in con.execute(f"SELECT a.article_id FROM articles a WHERE {SPAM_PAGE_SQL}").fetchall()}
        rows = con.execute("SELECT value, article_ids, first_article_id, reported_by FROM contradiction_values").fetchall()
    finally:
        con.close()
    checked = 0
    for value, article_ids, first, reported_by in rows:
        others = [a for a in article_ids if a not in spam]
        if others and len(others) < len(article_ids):
            checked += 1
            assert first == others[0], value
            assert article_ids[-1] in spam  # spam pages come last in the listing
    assert checked, "the demo has a value stated by a spam page and by others (the Turkey quake's 7.8)"


def test_a_wallet_label_split_over_two_lines_is_not_a_solicitation_in_either_form():
    text = "The exchange's hot wallet:\n1FloodRe1iefWa11etXXXXXXXXXXXXXX was drained."
    assert payment_solicitation(text) is None
    con = duckdb.connect()
    con.execute("CREATE TABLE articles(article_id VARCHAR, text VARCHAR); CREATE TABLE removed_lines(article_id VARCHAR, reason VARCHAR)")
    con.execute("INSERT INTO articles VALUES ('a', ?), ('b', ?)", [text, "Donate now. BTC wallet: 1FloodRe1iefWa11etXXXXXXXXXXXXXX"])
    assert [r[0] for r in con.execute(f"SELECT a.article_id FROM articles a WHERE {SPAM_PAGE_SQL}").fetchall()] == ["b"]
