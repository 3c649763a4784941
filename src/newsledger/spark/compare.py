"""Compare two ledgers of the same inputs: a Spark run's and a local run's.

What a reader sees must be the same: the articles (ids, texts, outlets,
copies), their facts, the events with their independent sources, and the
stories as a partition of the articles (story ids may differ without
changing what belongs together). Used by tests/test_spark.py and
benchmarks/bench_spark.py.
"""

from __future__ import annotations

from typing import Any

from newsledger.ledger import Ledger

ARTICLE_FIELDS = ("id", "source", "title", "published", "published_from", "url", "origin", "duplicate_of", "duplicate_kind", "analysed")


def articles(ledger: Ledger) -> list[dict[str, Any]]:
    """Every article in ingest order with its text, removed lines and copy link."""
    rows = []
    for row in ledger.articles():
        full = ledger.article(row["id"])
        rows.append(
            {
                **{k: row[k] for k in ARTICLE_FIELDS},
                "text": full["text"],
                "repairs": full["repairs"],
                "removed": [(r["start"], r["end"], r["reason"]) for r in full["removed"]],
                "origins": sorted(full["origins"]),
            }
        )
    return rows


def facts(ledger: Ledger) -> dict[str, dict[str, Any]]:
    """Each article's stored analysis (entities, times, time frame, quotes, event mentions)."""
    out = {}
    for row in ledger.articles():
        found = ledger.facts(row["id"])
        found["events"] = [{k: v for k, v in m.items() if k not in ("event", "claim")} for m in found["events"]]
        found["quotes"] = [{k: v for k, v in q.items() if k != "claim"} for q in found["quotes"]]
        out[row["id"]] = found
    return out


def events(ledger: Ledger) -> list[tuple]:
    """Events as type, date, mode, actors, recipients, independent sources and the articles reporting them."""
    rows = []
    for e in ledger.events():
        rows.append(
            (
                e["type"],
                e["date"],
                e.get("mode"),
                tuple(a["id"] for a in e["actors"]),
                tuple(a["id"] for a in e["recipients"]),
                e["independent_sources"],
                tuple(sorted({m["article"] for m in e["mentions"]})),
            )
        )
    return sorted(rows, key=repr)


def stories(ledger: Ledger) -> set[frozenset[str]]:
    """The stories as sets of article ids."""
    groups: dict[str, set[str]] = {}
    for row in ledger.articles():
        if row["story"]:
            groups.setdefault(row["story"], set()).add(row["id"])
    return {frozenset(g) for g in groups.values()}


def differences(a: Ledger, b: Ledger) -> dict[str, int]:
    """How many articles, fact sets, events and stories differ between two ledgers (all zero: the same)."""
    arts_a, arts_b = articles(a), articles(b)
    facts_a, facts_b = facts(a), facts(b)
    ev_a, ev_b = events(a), events(b)
    st_a, st_b = stories(a), stories(b)
    return {
        "articles": sum(x != y for x, y in zip(arts_a, arts_b)) + abs(len(arts_a) - len(arts_b)),
        "facts": sum(facts_a.get(k) != facts_b.get(k) for k in set(facts_a) | set(facts_b)),
        "events": len(set(ev_a) ^ set(ev_b)),
        "stories": len(st_a ^ st_b),
    }
