"""Scoring contradictions against gold incidents (newsledger.evaluate.incidents)."""

from __future__ import annotations

from newsledger.evaluate.incidents import contradiction_scores, incident_verdict
from newsledger.store.db import Store


def _contradiction(store: Store, cid: str, kind: str, articles: list[str]) -> None:
    """One disputed fact whose a/b pair is the first two articles and whose reports are all of them."""
    store.insert("contradictions", {"contradiction_id": cid, "event_id": "e1", "kind": kind,
                                    "a_article_id": articles[0], "a_value": "7.8",
                                    "b_article_id": articles[1], "b_value": "7.4",
                                    "n_values": 2, "n_outlets": len(articles), "resolution": "majority"})
    for i, article in enumerate(articles):
        store.insert("contradiction_reports", {"contradiction_id": cid, "article_id": article, "outlet": f"Outlet {i}",
                                               "value": "7.8" if i != 1 else "7.4", "side": "majority" if i != 1 else "outlier"})


def test_a_contradiction_is_within_one_incident_only_when_every_report_is(tmp_path):
    store = Store(tmp_path / "ledger.duckdb")
    # The a/b pair is of the Turkey quake, but a third report folded into the fact is of another quake.
    _contradiction(store, "k1", "count:magnitude", ["t1", "t2", "m1"])
    _contradiction(store, "k2", "date", ["t1", "t3", "t2"])
    _contradiction(store, "k3", "place", ["t1", "t2", "x9"])  # x9 has no gold label
    arts = {doc: {"id": doc} for doc in ("t1", "t2", "t3", "m1", "x9")}
    gold = {"t1": {"incident": "turkey"}, "t2": {"incident": "turkey"}, "t3": {"incident": "turkey"},
            "m1": {"incident": "morocco"}}
    scores = contradiction_scores(store, arts, gold)
    store.close()
    assert scores["total"] == 3
    assert scores["within_incident"] == 1 and scores["across_incidents"] == 1 and scores["unknown"] == 1
    assert scores["across_by_kind"] == {"count:magnitude": 1}


def test_two_known_incidents_make_a_contradiction_cross_incidents_whatever_the_unlabelled_reports():
    assert incident_verdict(["turkey", None, "morocco"]) == "across"
    assert incident_verdict(["turkey", "turkey"]) == "within"
    assert incident_verdict(["turkey", None]) == "unknown"
    assert incident_verdict([]) == "unknown"


def test_a_date_miss_says_where_the_right_day_was_lost():
    from newsledger.evaluate.incidents import date_miss_kind

    shooting = {"type": "ASSAULT", "date": "2016-06-25", "event_date": "2016-06-25"}
    arrest = {"type": "COERCE", "date": "2016-06-26"}
    retold = {"type": "ASSAULT", "date": "2016-06-26"}
    assert date_miss_kind(shooting, [shooting, arrest], "2016-06-25") is None
    assert date_miss_kind({**shooting, "event_date": "2016-06-24"}, [shooting], "2016-06-25") == "event"
    assert date_miss_kind(shooting, [shooting, arrest, retold], "2016-06-26") == "same_type"
    assert date_miss_kind(shooting, [shooting, arrest], "2016-06-26") == "other_type"
    assert date_miss_kind(shooting, [shooting, arrest], "2016-06-20") == "not_in_text"
