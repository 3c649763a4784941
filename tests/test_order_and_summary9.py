"""Round 9, after reader 13: lines of one day keep their first report's reading order, and an event's
summary names each party once, as its line does.

Both run on the session's demo ledger (a real DuckDB file analysed with the real model).
"""

from __future__ import annotations

from itertools import groupby

from newsledger.ledger import Ledger
from newsledger.report.query import list_events


def _first_told(ledger: Ledger) -> dict[str, int]:
    """Each event's smallest mention number in its first report, read straight from the tables."""
    return {r["event_id"]: r["n"] for r in ledger.store.rows(
        "SELECT e.event_id, min(m.mention_no) AS n FROM events e JOIN event_mentions m "
        "ON m.event_id = e.event_id AND m.article_id = e.first_article_id GROUP BY e.event_id")}


def test_lines_of_one_day_and_one_first_report_follow_its_reading_order(demo_db):
    """Since ids are digests (schema 11), ordering ties by id put the demo's December 2017 call before
    the tip it thanked for; ties now follow where the first report tells each event."""
    with Ledger(str(demo_db), read_only=True) as ledger:
        events = list_events(ledger.store)
        told = _first_told(ledger)
    key = (lambda e: (e["event_date"], e["date_precision"], e["first_reported"]))
    tied_groups = [list(g) for _, g in groupby(events, key=key)]
    tied_groups = [g for g in tied_groups if len(g) > 1]
    assert tied_groups, "the demo has lines of one day first told by one report"
    for group in tied_groups:
        numbers = [told.get(e["event_id"]) for e in group]
        known = [n for n in numbers if n is not None]
        assert known == sorted(known), [(e["summary"], n) for e, n in zip(group, numbers)]


def test_the_summary_names_a_party_once_as_the_line_does(demo_db):
    with Ledger(str(demo_db), read_only=True) as ledger:
        events = list_events(ledger.store)
    folded = [e for e in events if any("(also: " in p for p in e["recipient_parties"] + e["actor_parties"])]
    assert folded, "the demo has a party named several ways"
    for e in folded:
        for party in e["recipient_parties"] + e["actor_parties"]:
            lead, _, rest = party.partition(" (also: ")
            assert lead in e["summary"]
            for other in rest.rstrip(")").split(", ") if rest else []:
                assert f", {other}" not in e["summary"] and f"and {other}" not in e["summary"], (party, e["summary"])
            assert "more" not in e["summary"] or len(e["recipient_parties"] + e["actor_parties"]) > 3
