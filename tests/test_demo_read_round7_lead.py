"""The demo re-read after the round-7 merges (reader 9): a claim's shown wording and sources, a
toll dispute's lower counts, and the summary of a mode with a reader's label."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from newsledger.clean.solicitation import SPAM_PAGE_SQL
from newsledger.report.query import shown_summary
from newsledger.report.render import _value_group
from newsledger.resolve.claims import shared_form, vetted_quotes


def _quote(i: int, text: str, article: str | None = None) -> dict:
    article = article or f"a{i}"
    return {"id": f"{article}:q0", "article": article, "root": article, "content_text": text}


def test_a_claim_shows_the_wording_most_of_its_quotes_carry_not_one_outlets_fuller_form():
    group = [
        _quote(1, "the two leaders agreed to coordinate their fight against Islamic State in Syria"),
        _quote(2, "the leaders agreed to coordinate the fight against Islamic State in Syria"),
        _quote(3, "the two leaders agreed to coordinate their fight against Islamic State in Syria, and that the "
                  "call was constructive, businesslike and focused on practical questions of trade"),
        _quote(4, "both leaders agreed to coordinate their fight against Islamic State fighters in Syria"),
    ]
    assert shared_form(group)["article"] != "a3"
    # with two quotes there is no majority to read: the longer form is shown, as before
    assert shared_form(group[2:]) ["article"] == "a3"


def test_a_spam_page_is_no_source_of_a_claim_others_carry_but_stays_the_source_of_its_own():
    group = [_quote(1, "x"), _quote(2, "x"), _quote(3, "x")]
    assert [q["article"] for q in vetted_quotes(group, {"a3"})] == ["a1", "a2"]
    assert [q["article"] for q in vetted_quotes(group[2:], {"a3"})] == ["a3"]


def test_a_toll_dispute_shows_each_count_with_its_day_and_the_lower_ones_as_lower_counts():
    later = {"value": "17000", "side": "majority", "as_of": dt.date(2023, 2, 9), "reported_by": ["North Herald"],
             "first_passage": "killed more than 17,000", "first_article_id": "n1", "first_start": 1, "first_end": 2}
    high = {**later, "value": "20000", "side": "outlier", "as_of": dt.date(2023, 2, 7), "reported_by": ["a-blog.info"]}
    assert "'17,000' (9 Feb 2023) — North Herald [lower count, same day or later]" in _value_group(later, "count:killed")
    assert "'20,000' (7 Feb 2023) — a-blog.info [outlier]" in _value_group(high, "count:killed")
    # a magnitude is one measure, not a rising count: no day, and its majority stays a majority
    quake = {**later, "value": "7.8", "as_of": None}
    assert "'7.8' — North Herald [majority]" in _value_group(quake, "count:magnitude")


def test_an_events_summary_names_a_labelled_mode_as_the_line_does():
    event = {"event_type": "COERCE", "mode": "martial-law", "mode_label": "state of emergency",
             "actor_ids": ["p1"], "actor_names": ["Recep Tayyip Erdoğan"], "recipient_ids": [], "recipient_names": []}
    summary = shown_summary(event)
    assert "COERCE/state of emergency (coded martial-law)" in summary
    assert "COERCE/martial-law" not in summary.replace("(coded martial-law)", "")


@pytest.mark.slow
def test_no_demo_claim_counts_the_spam_site_beside_other_outlets(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        spam = {r[0] for r in con.execute(f"SELECT a.article_id FROM articles a WHERE {SPAM_PAGE_SQL}").fetchall()}
        rows = con.execute(
            "SELECT c.claim_id, c.independent_outlets, list(DISTINCT coalesce(o.outlet, a.outlet)) AS outlets, "
            "list(DISTINCT coalesce(a.copy_of_id, a.article_id)) AS roots "
            "FROM claims c JOIN quotes q ON q.claim_id = c.claim_id JOIN articles a ON a.article_id = q.article_id "
            "LEFT JOIN articles o ON o.article_id = a.copy_of_id GROUP BY c.claim_id, c.independent_outlets").fetchall()
    finally:
        con.close()
    mixed = [r for r in rows if any(root in spam for root in r[3]) and any(root not in spam for root in r[3])]
    assert mixed, "the demo's Kremlin readout is carried by the spam site and by wires"
    for claim_id, independent, outlets, roots in mixed:
        assert independent <= len(outlets) - 1, claim_id


def test_a_summary_names_each_party_once_and_says_how_many_more_there_are():
    from newsledger.resolve.events import summarise

    names = {"a": "Russian Foreign Ministry", "b": "Foreign Ministry", "c": "Donald Trump", "d": "Shinzo Abe",
             "e": "Angela Merkel", "f": "François Hollande"}
    assert summarise("THREATEN", None, ["a", "b"], [], names) == "Russian Foreign Ministry THREATEN"
    line = summarise("CONSULT", "phone", ["c"], ["d", "e", "f"], names)
    assert line == "Donald Trump CONSULT/phone Shinzo Abe, Angela Merkel and 1 more"
    # a bare head noun beside the fuller name of one side is that party written shorter
    assert summarise("CONSULT", None, ["c"], ["d", "e"], {**names, "d": "Ministry", "e": "Interior Ministry"}) == \
        "Donald Trump CONSULT Interior Ministry"
