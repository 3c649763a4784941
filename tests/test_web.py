"""The web app over a real ledger file: pages, JSON API, CSV, reviews, and each security protection.

The ledger comes from reports written for these tests (``web_fixture``):
three outlets, one of them a word-for-word copy, and a title and text full
of markup.
"""

from __future__ import annotations

import os
import re
import shutil

import duckdb
import pytest
from fastapi.testclient import TestClient

from newsledger.ledger import Ledger
from newsledger.web.app import _csv_cell, bare_quote, create_app
from newsledger.web.security import safe_next
from web_fixture import HOSTILE_TEXT, build_ledger

TOKEN = "correct horse battery staple"
HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_ledger(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db, hosts=["testserver"]))


@pytest.fixture()
def writable(db, tmp_path):
    """An app with reviews enabled, over a copy of the ledger (reviews change it)."""
    copy = str(tmp_path / "review.duckdb")
    shutil.copy(db, copy)
    return copy, TestClient(create_app(copy, token=TOKEN, hosts=["testserver"]))


def story_id(client) -> str:
    return client.get("/api/stories").json()["items"][0]["story_id"]


def main_event(client) -> dict:
    """The arrest event, told by all three outlets."""
    arrests = [e for e in client.get("/api/events").json()["items"] if e["mode"] == "arrest"]
    return max(arrests, key=lambda e: len(e["outlets"]))


# ---------------------------------------------------------------------------
# Pages and API


def test_stories_list_counts_copies_once_and_filters(client):
    page = client.get("/api/stories").json()
    assert page["total"] == 1
    s = page["items"][0]
    assert (s["n_articles"], s["n_outlets"], s["n_independent"], s["n_copies"]) == (3, 3, 2, 1)
    assert client.get("/api/stories", params={"q": "blockade gate"}).json()["total"] == 1
    assert client.get("/api/stories", params={"q": "volcano"}).json()["total"] == 0
    assert client.get("/api/stories", params={"outlet": "Valley Times"}).json()["total"] == 1
    assert client.get("/api/stories", params={"outlet": "Nobody"}).json()["total"] == 0
    assert client.get("/api/stories", params={"type": "coerce"}).json()["total"] == 1
    assert client.get("/api/stories", params={"type": "AID"}).json()["total"] == 0
    assert client.get("/api/stories", params={"type": "FOO"}).status_code == 422  # not an event type
    assert client.get("/api/stories", params={"actor": "police"}).json()["total"] == 1
    assert client.get("/api/stories", params={"single": "true"}).json()["total"] == 0
    assert client.get("/api/stories", params={"since": "2024-03-07"}).json()["total"] == 0
    assert client.get("/api/stories", params={"until": "2024-03-05", "sort": "most"}).json()["total"] == 1
    html = client.get("/stories", headers=HTML).text
    assert f'href="/stories/{s["story_id"]}"' in html and "show all" in html


def test_story_page_has_timeline_coverage_reports_and_quotes(client):
    sid = story_id(client)
    data = client.get(f"/api/stories/{sid}").json()
    assert len(data["reports"]) == 3 and sum(1 for r in data["reports"] if r["copy_of_id"]) == 1
    cov = {row["outlet"]: row["cells"] for row in data["coverage"]["rows"]}
    arrest = main_event(client)["event_id"]
    column = data["coverage"]["event_ids"].index(arrest)
    assert cov["Harbour Post"][column] == "original" and cov["Valley Times"][column] == "copy"
    assert any(c["speaker_name"] == "Ana Quintela" for c in data["claims"])
    html = client.get(f"/stories/{sid}", headers=HTML).text
    assert "<svg" in html and 'id="coverage-matrix"' in html and f'href="/events/{arrest}"' in html
    assert "Ana Quintela" in html and "/outlets/Valley%20Times" in html


def test_event_page_folds_copies_and_explains_independence(client):
    event = main_event(client)
    data = client.get(f"/api/events/{event['event_id']}").json()
    assert data["independent_outlets"] == 2
    assert data["independence"]["outlets"] == ["Coast Daily", "Harbour Post"] and data["independence"]["n_copies"] == 1
    copied = next(g for g in data["reports"] if g["copies"])
    assert copied["outlet"] == "Harbour Post" and copied["copies"][0]["outlet"] == "Valley Times"
    for group in data["reports"]:
        for p in group["original"] + group["copies"]:
            assert p["highlight"] == p["trigger_text"] and p["before"] + p["highlight"] + p["after"] == p["sentence_text"]
    html = client.get(f"/events/{event['event_id']}", headers=HTML).text
    assert '<mark class="trigger">' in html and "<details class=\"copies\">" in html and "count once" in html


def test_outlet_actor_article_and_search_pages(client):
    outlet = client.get("/api/outlets/Harbour Post").json()
    assert outlet["signals"] and all("explanation" in s for s in outlet["signals"])
    assert [c["outlet"] for c in outlet["copied_by"]] == ["Valley Times"]
    assert "Signals" in client.get("/outlets/Harbour%20Post", headers=HTML).text
    actor_id = main_event(client)["actor_ids"][0]
    actor = client.get(f"/api/actors/{actor_id}").json()
    assert actor["events"] and any(d["direction"] == "acts on" for d in actor["dyads"])
    assert "Counterparts" in client.get(f"/actors/{actor_id}", headers=HTML).text
    article_id = main_event(client)["first_article_id"]
    html = client.get(f"/articles/{article_id}", headers=HTML).text
    assert 'class="m trigger' in html or "trigger" in html
    assert re.search(r'<span class="m [^"]*quote[^"]*"', html) and "Removed lines" in html
    hits = client.get("/api/search", params={"q": "blockade"}).json()
    assert hits["total"] == 3
    assert client.get("/api/search", params={"q": "blockade", "per_page": 1, "page": 2}).json()["items"][0]["article_id"]


def test_default_view_hides_low_confidence_events_with_a_show_all_switch(client):
    shown = client.get("/api/events").json()
    everything = client.get("/api/events", params={"all": "true"}).json()
    assert everything["total"] > shown["total"]
    hidden = [e for e in everything["items"] if not e["shown"]]
    assert hidden and all(e["shown"] for e in shown["items"])
    assert client.get(f"/api/events/{hidden[0]['event_id']}").json()["shown"] is False
    html = client.get("/stories/" + story_id(client), headers=HTML).text
    assert "?all=1" in html and "show all" in html


def test_openapi_describes_the_responses_and_docs_work_offline(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/events/{event_id}", "/api/outlets", "/api/actors/{actor_id}",
                 "/api/search", "/api/reviews"):
        assert path in spec["paths"], path
    schema = spec["paths"]["/api/events/{event_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/Event") and "independence" in spec["components"]["schemas"]["Event"]["properties"]
    docs = client.get("/docs").text
    assert "cdn" not in docs.lower() and "/static/swagger/swagger-ui-bundle.js" in docs
    bundle = client.get("/static/swagger/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
    assert client.get("/static/docs-init.js").status_code == 200


def test_csv_downloads_and_formula_cells_are_defused(client):
    text = client.get("/api/stories", params={"format": "csv"}).text
    assert text.splitlines()[0].startswith("story_id,label") and len(text.splitlines()) == 2
    events = client.get("/api/events", params={"format": "csv", "all": "true"}).text.splitlines()
    assert len(events) == client.get("/api/events", params={"all": "true"}).json()["total"] + 1
    assert _csv_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")" and _csv_cell("plain") == "plain"


# ---------------------------------------------------------------------------
# Security: each test fails when its protection is removed


def test_scraped_markup_is_escaped_everywhere(client):
    sid = story_id(client)
    coast = next(r for r in client.get(f"/api/stories/{sid}").json()["reports"] if r["outlet"] == "Coast Daily")
    pages = [f"/stories/{sid}", f"/articles/{coast['article_id']}", "/search?q=dock", "/stories?q=dock", "/outlets/Coast%20Daily"]
    for url in pages:
        html = client.get(url, headers=HTML).text
        assert "<script>alert(" not in html and HOSTILE_TEXT not in html, url
    assert "&lt;script&gt;alert(" in client.get(f"/articles/{coast['article_id']}", headers=HTML).text


def test_every_page_sends_a_csp_and_has_no_inline_script(client):
    sid = story_id(client)
    for url in ["/stories", f"/stories/{sid}", "/outlets", "/actors", "/reviews", "/search?q=port", "/docs",
                f"/events/{main_event(client)['event_id']}"]:
        first, r = client.get(url, headers=HTML), client.get(url, headers=HTML)  # the second from the page cache
        assert r.status_code == 200 and r.text == first.text, url
        assert len(r.headers.get_list("content-security-policy")) == 1
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert r.headers["x-content-type-options"] == "nosniff"
        for tag in re.findall(r"<script[^>]*>", r.text):
            assert re.search(r'src="/static/', tag), (url, tag)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", r.text), url


def test_unknown_host_headers_are_refused(db):
    app = TestClient(create_app(db))  # default: loopback names only
    assert app.get("/api/stories", headers={"host": "127.0.0.1:8000"}).status_code == 200
    assert app.get("/api/stories", headers={"host": "localhost"}).status_code == 200
    assert app.get("/api/stories", headers={"host": "rebound.attacker.example"}).status_code == 400


def test_no_server_paths_in_responses(client, db):
    folder = str(__import__("pathlib").Path(db).parent)
    article_id = main_event(client)["first_article_id"]
    for url in [f"/api/articles/{article_id}", f"/articles/{article_id}", "/api/articles/nope", "/articles/nope",
                "/api/stories", f"/api/events/{main_event(client)['event_id']}"]:
        body = client.get(url, headers=HTML).text
        assert folder not in body and "/tmp" not in body, url
    assert client.get(f"/api/articles/{article_id}").json()["origin"].endswith(".txt")


@pytest.mark.parametrize("url", [
    "/api/stories?page=0", "/api/stories?page=abc", "/api/stories?since=yesterday", "/api/stories?per_page=100000",
    "/api/stories?sort=random", "/api/stories?format=xml", "/api/events?until=2024-13-01", "/api/search",
    "/stories?page=-1", "/stories?since=soon", "/actors?per_page=0", "/api/events?type=NOTATYPE", "/stories?type=%3Cb%3E",
])
def test_bad_parameters_are_422_not_500(client, url):
    assert client.get(url, headers=HTML).status_code == 422


def test_missing_things_are_404(client):
    for url in ["/api/stories/nope", "/api/events/nope", "/api/outlets/nope", "/api/actors/nope", "/stories/nope"]:
        assert client.get(url, headers=HTML).status_code == 404, url


def review_body(event_id: str) -> dict:
    return {"target_kind": "event", "target_id": event_id, "decision": "wrong", "reason": "the arrests were next day",
            "reviewer": "desk editor"}


def test_writes_need_the_token_and_a_same_site_request(client, writable):
    event_id = main_event(client)["event_id"]
    body = review_body(event_id)
    assert client.post("/api/reviews", json=body, headers={"authorization": f"Bearer {TOKEN}"}).status_code == 403  # read-only app
    _, app = writable
    assert app.post("/api/reviews", json=body).status_code == 401
    assert app.post("/api/reviews", json=body, headers={"authorization": "Bearer guess"}).status_code == 401
    auth = {"authorization": f"Bearer {TOKEN}"}
    assert app.post("/api/reviews", json=body, headers={**auth, "origin": "http://evil.example"}).status_code == 403
    assert app.post("/api/reviews", json=body, headers={**auth, "sec-fetch-site": "cross-site"}).status_code == 403
    form = {**body, "token": TOKEN, "next": "/reviews"}
    assert app.post("/reviews", data=form, headers={"origin": "http://evil.example"}, follow_redirects=False).status_code == 403
    assert app.post("/reviews", data={**form, "token": "nope"}, follow_redirects=False).status_code == 401
    assert app.get("/api/reviews").json()["total"] == 0


def test_a_review_is_stored_shown_audited_and_survives_resolution(client, writable):
    path, app = writable
    event_id = main_event(client)["event_id"]
    r = app.post("/api/reviews", json=review_body(event_id), headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201 and r.json()["reviewer"] == "desk editor"
    assert event_id not in [e["event_id"] for e in app.get("/api/events").json()["items"]]
    assert event_id in [e["event_id"] for e in app.get("/api/events", params={"all": "true"}).json()["items"]]
    html = app.get(f"/events/{event_id}", headers=HTML).text
    assert "reviewed: wrong" in html and "the arrests were next day" in html and "desk editor" in html
    form = {"target_kind": "event", "target_id": event_id, "decision": "right", "reason": "checked with the port",
            "reviewer": "second reader", "token": TOKEN, "next": "//evil.example/"}
    done = app.post("/reviews", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/stories"
    log = app.get("/api/reviews").json()
    assert [x["decision"] for x in log["items"]] == ["right", "wrong"]
    with Ledger(path) as ledger:  # the decisions are in the ledger's own table, and re-resolution keeps them
        ledger.resolve()
        assert ledger.store.scalar("SELECT count(*) FROM reviews WHERE applies_to IS NOT NULL") == 2
    assert event_id in [e["event_id"] for e in app.get("/api/events").json()["items"]]
    bad = app.post("/api/reviews", json={**review_body(event_id), "decision": "split"}, headers={"authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 422


def test_pages_follow_the_file_and_survive_a_writer_holding_it(db, tmp_path):
    copy = str(tmp_path / "live.duckdb")
    shutil.copy(db, copy)
    app = TestClient(create_app(copy, hosts=["testserver"]))
    app.app.state.snapshots.recheck_seconds = 0  # look at the file on every request
    app.app.state.snapshots.foreground_seconds = float("inf")  # and wait for the rebuild (a slow one would run in the background)
    event_id = main_event(app)["event_id"]
    with Ledger(copy) as ledger:  # another program (the CLI) records a decision while the app runs
        ledger.review("event", event_id, "wrong", reason="duplicate of the earlier arrest", reviewer="cli user")
    assert event_id not in [e["event_id"] for e in app.get("/api/events").json()["items"]]
    assert app.get("/api/reviews").json()["total"] == 1
    writer = duckdb.connect(copy)  # a writer holds the file: the app keeps serving what it read
    try:
        writer.execute("CREATE TABLE internal.scratch (x INTEGER)")
        writer.execute("CHECKPOINT")
        assert app.get("/api/reviews").json()["total"] == 1
    finally:
        writer.close()
    assert app.get("/api/stories").status_code == 200


@pytest.mark.slow
def test_demo_disputes_are_shown_as_facts_with_every_value_its_outlets_and_a_passage_each(demo_db):
    app = TestClient(create_app(str(demo_db), hosts=["testserver"]))
    stories = app.get("/api/stories", params={"contradicted": "true"}).json()
    assert stories["total"] >= 1 and all(s["n_contradictions"] > 0 for s in stories["items"])
    facts = []
    for item in stories["items"]:
        story = app.get("/api/stories/" + item["story_id"]).json()
        # the list counts disputed facts, one per event and kind, as the story page lists them
        assert item["n_contradictions"] == len(story["contradictions"])
        facts += story["contradictions"]
    # the demo plants six disputes: an epicentre, a quake date, a 20,000 toll, two magnitudes, the Morocco date
    assert len(facts) == 6 and len({(c["event_id"], c["kind"]) for c in facts}) == 6
    assert sorted(c["kind"] for c in facts) == sorted(
        ["epicentre", "date", "count:killed", "count:magnitude", "count:magnitude", "date"])
    for c in facts:
        assert len(c["values"]) == c["n_values"] >= 2
        assert {c["a_value"], c["b_value"]} <= {v["value"] for v in c["values"]}
        for v in c["values"]:
            assert v["reports"] and len(v["reported_by"]) == len(v["reports"])
            assert v["n_outlets"] == len({r["outlet"] for r in v["reports"]})
            assert v["passage"]["highlight"].strip(), (c["kind"], v["value"])
    toll = next(c for c in facts if c["kind"] == "count:killed")
    outlier = next(v for v in toll["values"] if v["side"] == "outlier")
    assert outlier["value"] == "20000" and outlier["passage"]["highlight"] == "20,000"
    # the Turkish magnitude: the majority and the outlier, each with every outlet behind it
    magnitude = next(c for c in facts if c["kind"] == "count:magnitude" and any(v["value"] == "7.4" for v in c["values"]))
    sides = {v["value"]: v for v in magnitude["values"]}
    assert sides["7.8"]["side"] == "majority" and sides["7.8"]["n_outlets"] >= 2 and sides["7.4"]["side"] == "outlier"
    assert [v["value"] for v in magnitude["values"]][0] == "7.8"  # the majority first

    event = app.get(f"/api/events/{magnitude['event_id']}").json()
    assert {c["contradiction_id"] for c in event["contradictions"]} == {
        c["contradiction_id"] for c in facts if c["event_id"] == magnitude["event_id"]}
    html = app.get(f"/events/{magnitude['event_id']}", headers=HTML).text
    section = html[html.index('id="contradictions"'):]
    n_values = sum(len(c["values"]) for c in event["contradictions"])
    assert section.count('<mark class="value">') == n_values and n_values >= 4
    cited = [(r["outlet"], r["credited_to"]) for c in event["contradictions"] for v in c["values"] for r in v["reports"]
             if r["credited_to"]]
    assert cited
    for outlet, source in cited:
        assert f"citing {source}".replace("'", "&#39;") in section
    story_html = app.get("/stories/" + stories["items"][0]["story_id"], headers=HTML).text
    assert story_html.count('class="contradiction"') == stories["items"][0]["n_contradictions"]
    assert app.get(f"/api/outlets/{magnitude['a_outlet']}").json()["disputes"]


def test_a_contradiction_written_before_schema_8_shows_its_two_reports_as_its_values():
    from newsledger.web.queries import contradiction, pair_values

    text = "Officials said the quake struck at magnitude 7.8 before dawn on Monday near the border."
    start = text.index("7.8")
    row = {"contradiction_id": "k1", "event_id": "e1", "kind": "count:magnitude", "as_of": None}
    for side, value, outlet in (("a", "7.4", "Harbor"), ("b", "7.8", "Wire")):
        row.update({f"{side}_article_id": f"art-{side}", f"{side}_outlet": outlet, f"{side}_value": value,
                    f"{side}_published": None, f"{side}_passage": text, f"{side}_start": start, f"{side}_end": start + 3})
    values = pair_values(contradiction(row))
    assert [(v["value"], v["reported_by"], v["passage"]["highlight"]) for v in values] == [
        ("7.4", ["Harbor"], "7.8"), ("7.8", ["Wire"], "7.8")]


def test_quotes_are_shown_without_their_own_quotation_marks():
    assert bare_quote('"The blockade was illegal and it had to end,"') == "The blockade was illegal and it had to end"
    assert bare_quote("\u201cWe will be back.\u201d") == "We will be back."
    assert bare_quote("the dockers' union") == "the dockers' union" and bare_quote(None) == ""


def test_redirects_stay_inside_the_app():
    assert safe_next("/events/e1") == "/events/e1"
    for hostile in ("//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", None, ""):
        assert safe_next(hostile) == "/stories"


def test_the_page_cache_is_bounded_in_bytes_and_forgets_the_least_recently_used():
    from newsledger.web.snapshot import Memo

    memo = Memo(max_entries=100, max_bytes=10_000)
    for i in range(5):
        memo.put(("page", i), f"page {i}", size=3_000)
    assert len(memo) == 3 and memo.get(("page", 0)) is None and memo.get(("page", 4)) == "page 4"
    memo.get(("page", 2))  # used: kept over page 3 when the next one comes in
    memo.put(("page", 5), "page 5", size=3_000)
    assert memo.get(("page", 2)) == "page 2" and memo.get(("page", 3)) is None
    memo.put(("huge",), "x" * 20_000, size=20_000)  # larger than the whole cache: not kept, nothing evicted for it
    assert memo.get(("huge",)) is None and len(memo) == 3


def test_pages_read_a_page_database_and_leave_the_ledger_closed(db):
    app = TestClient(create_app(db, hosts=["testserver"]))
    assert app.get("/api/stories").status_code == 200
    snapshots = app.app.state.snapshots
    current = snapshots.get()
    assert current.path.startswith(snapshots.folder) and current.path != db
    writer = duckdb.connect(db)  # the app holds no connection to the ledger between builds: a writer gets it at once
    writer.close()
    tables = {r[0] for r in current.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"event_overview", "mention_passages", "story_counts", "actor_counts"} <= tables
    snapshots.close()
    assert not os.path.exists(snapshots.folder)


def test_a_slow_rebuild_runs_in_the_background_while_the_last_version_serves(db, tmp_path):
    copy = str(tmp_path / "busy.duckdb")
    shutil.copy(db, copy)
    app = TestClient(create_app(copy, hosts=["testserver"]))
    snapshots = app.app.state.snapshots
    snapshots.recheck_seconds = 0
    event_id = main_event(app)["event_id"]
    first = snapshots.get()
    snapshots.foreground_seconds = 0  # as on a large ledger: every rebuild takes longer than a reader should wait
    with Ledger(copy) as ledger:
        ledger.review("event", event_id, "wrong", reason="a recap of last week's arrest", reviewer="cli user")
    events = app.get("/api/events").json()["items"]
    assert event_id in [e["event_id"] for e in events]  # served at once from the version read before the review
    snapshots.wait_for_build(60)
    assert snapshots.get() is not first
    assert event_id not in [e["event_id"] for e in app.get("/api/events").json()["items"]]
    snapshots.close()
