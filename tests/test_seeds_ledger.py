"""The reference seeds through the whole ledger: the floor every release must hold.

Reads ../shared/seeds at test time (skipped when absent); nothing about the
seeds is hard-coded in the library.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.ledger import Ledger
from newsledger.store.dates import to_value
from conftest import SEEDS


pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not available")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    with Ledger(db) as ledger:
        summary = ledger.ingest([str(SEEDS)])
        assert summary.failed == []
        yield ledger


def by_file(ledger):
    return {Path(r["origin"]).name[:3]: r for r in ledger.articles()}


def test_seed_boilerplate_removed_and_nothing_else(ledger):
    removed = []
    for row in ledger.articles():
        removed += [r["line_text"].strip() for r in ledger.article(row["article_id"])["removed_lines"]]
    expected = {
        "Sign up to receive our latest news!",
        "By submitting this form, I agree to the terms.",
        "(Visited 43 times, 1 visits today)",
        "You must be logged in to post a comment Login",
        "Featured post",
        "Post a Comment",
    }
    assert expected <= set(removed)
    extra = set(removed) - expected
    assert len(extra) == 1 and "BITCOIN" in extra.pop().upper()
    assert "¬†" not in ledger.article(by_file(ledger)["001"]["article_id"])["text"]


def test_the_two_2017_reports_form_one_story_and_the_2019_report_another(ledger):
    arts = by_file(ledger)
    assert arts["001"]["story_id"] == arts["002"]["story_id"]
    assert arts["000"]["story_id"] != arts["001"]["story_id"]


def names(event):
    return " ".join(event["actor_names"] + event["recipient_names"])


def test_two_different_phone_calls_with_their_own_dates(ledger):
    calls = [
        e for e in ledger.events(type="CONSULT")
        if e["mode"] == "phone" and "Trump" in names(e) and "Putin" in names(e)
    ]
    by_date = {to_value(e["event_date"], e["date_precision"]): e for e in calls}
    assert {"2019-12-29", "2017-01-28"} <= set(by_date)
    assert by_date["2017-01-28"]["event_id"] != by_date["2019-12-29"]["event_id"]
    # Two different reports tell of the 2017 call, but neither names its outlet
    # (no outlet field, URL, dateline or masthead): they may come from one
    # site, so "unknown outlet" counts once.
    articles_2017 = {m["article_id"] for m in by_date["2017-01-28"]["mentions"]}
    assert len(articles_2017) == 2
    assert by_date["2017-01-28"]["outlets"] == []
    assert by_date["2017-01-28"]["independent_outlets"] == 1
    assert by_date["2019-12-29"]["independent_outlets"] == 1


def test_recapped_events_keep_their_own_dates(ledger):
    arts = by_file(ledger)
    story_2019 = arts["000"]["story_id"]
    dates = {to_value(e["event_date"], e["date_precision"]) for e in ledger.events(story=story_2019)}
    assert "2014" in dates
    assert "2019-12-19" in dates
    assert any(d and d.startswith("2019-06") for d in dates)
    arrests = [e for e in ledger.events(story=story_2019, type="COERCE") if e["mode"] == "arrest"]
    assert arrests


def test_every_mention_points_to_its_span(ledger):
    for e in ledger.events():
        for m in e["mentions"]:
            text = ledger.article(m["article_id"])["text"]
            assert text[m["trigger_start"] : m["trigger_end"]] == m["trigger_text"]
            assert text[m["sentence_start"] : m["sentence_end"]] == m["sentence_text"]
