"""The HTTP API and web pages over a real ledger file."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newsledger.ledger import Ledger
from newsledger.web.app import create_app

TEXT = """Ferry Service Resumes

The island ferry resumed its crossings on Monday after a week of gales kept the boats in port,
the operator said, adding that extra sailings would clear the backlog of freight.

Sign up to receive our latest news!
"""


def test_api_and_pages(tmp_path):
    (tmp_path / "f.txt").write_text(TEXT, encoding="utf-8")
    db = str(tmp_path / "l.duckdb")
    with Ledger(db) as ledger:
        ledger.ingest([str(tmp_path / "f.txt")], analyze=False, source="Island News")
    client = TestClient(create_app(db))
    arts = client.get("/api/articles").json()
    assert arts[0]["outlet"] == "Island News"
    one = client.get(f"/api/articles/{arts[0]['article_id']}").json()
    assert one["removed_lines"][0]["reason"] == "newsletter-signup"
    assert client.get("/api/articles/nope").status_code == 404
    assert client.get("/api/events").json() == []
    page = client.get(f"/articles/{arts[0]['article_id']}/view").text
    assert "Ferry Service Resumes" in page and "newsletter-signup" in page
    assert "newsledger report" in client.get("/").text


def test_api_events_over_an_analysed_ledger_and_bad_filters_are_400(demo_db):
    client = TestClient(create_app(str(demo_db)))
    events = client.get("/api/events").json()
    assert events and all(e["event_id"] and e["shown"] for e in events)
    assert all(m["sentence_text"] for e in events for m in e["mentions"])
    everything = client.get("/api/events", params={"all": True}).json()
    assert len(everything) > len(events)
    consult = client.get("/api/events", params={"type": "consult"}).json()
    assert consult and {e["event_type"] for e in consult} == {"CONSULT"}
    bad = client.get("/api/events", params={"type": "FOO"})
    assert bad.status_code == 400 and bad.json()["filter"] == "type"
    assert client.get("/api/events", params={"since": "notadate"}).status_code == 400
