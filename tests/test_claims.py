"""Claims: one speaker's remark, counted once per independent outlet, only within one story."""

from __future__ import annotations

import json

from newsledger.resolve.claims import _words, same_statement

# Two unrelated incidents in different states, 18 months apart, whose police chief
# (one name, so one speaker id) uses the same stock appeal; and, in the second
# story, the appeal's opposite.
APPEAL = "\"We are still looking for the shooter and we ask anyone who saw something to call us,\""
REPORTS = [
    ("s1", "Ashford Daily", "2016-03-07", "Man shot on Elm Street in Ashford",
     "ASHFORD, Ohio — A 24-year-old man was shot on Elm Street late Sunday, police said.\n\n"
     f"{APPEAL} Police Chief Dana Morrow said."),
    ("s2", "Ashford Radio", "2016-03-07", "Elm Street shooting leaves man wounded",
     "ASHFORD, Ohio — Police are searching for the person who shot a 24-year-old man on Elm Street on Sunday night.\n\n"
     f"{APPEAL} Chief Dana Morrow said."),
    ("s3", "Bayport Times", "2017-09-18", "Clerk wounded in Bayport store robbery",
     "BAYPORT, Maine — A clerk was wounded when a robber opened fire inside a gas station on Harbor Road on Saturday.\n\n"
     f"{APPEAL} Chief Dana Morrow said."),
    ("s4", "Bayport Times", "2017-09-19", "Bayport police: no suspect yet",
     "BAYPORT, Maine — Police have not identified the robber who shot a gas station clerk on Harbor Road.\n\n"
     "\"We are not still looking for the shooter,\" Chief Dana Morrow said."),
]


def test_a_remark_and_its_opposite_are_two_statements():
    said = _words("We will sit down with them next week")
    assert same_statement(said, _words("we will sit down with them"))
    assert not same_statement(said, _words("We will not sit down with them next week"))
    assert not same_statement(_words("I don't know who did this"), _words("I know who did this"))


def test_one_stock_remark_in_two_stories_is_two_claims_and_its_opposite_a_third(tmp_path):
    from newsledger.ledger import Ledger

    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "source": s, "published": p, "title": t, "text": x})
                              for i, s, p, t, x in REPORTS), encoding="utf-8")
    with Ledger(tmp_path / "ledger.duckdb") as ledger:
        assert ledger.ingest([str(path)]).failed == []
        store = ledger.store
        stories = dict(store.con.execute("SELECT title, story_id FROM articles").fetchall())
        assert stories["Man shot on Elm Street in Ashford"] != stories["Clerk wounded in Bayport store robbery"]
        rows = store.rows("SELECT c.claim_id, c.story_id, c.outlets, c.independent_outlets, c.claim_text FROM claims c "
                          "JOIN quotes q ON q.claim_id = c.claim_id WHERE q.content_text LIKE '%looking for the shooter%' "
                          "GROUP BY ALL ORDER BY c.independent_outlets DESC, c.claim_text")
    assert [(r["outlets"], r["independent_outlets"]) for r in rows] == [
        (["Ashford Daily", "Ashford Radio"], 2), (["Bayport Times"], 1), (["Bayport Times"], 1),
    ]
    assert {r["story_id"] for r in rows[:2]} == {stories["Man shot on Elm Street in Ashford"],
                                                 stories["Clerk wounded in Bayport store robbery"]}
    assert "not still looking" in rows[2]["claim_text"] or "not still looking" in rows[1]["claim_text"]
