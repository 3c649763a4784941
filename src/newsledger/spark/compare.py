"""Compare two ledgers of the same inputs: a Spark run's and a local run's.

What a reader sees must be the same: the articles (ids, texts, outlets,
copies), their facts, the events with their independent outlets, and the
stories as a partition of the articles (story ids may differ without
changing what belongs together). Used by tests/test_spark.py and
benchmarks/bench_spark.py.
"""

from __future__ import annotations

from typing import Any

from newsledger.ledger import Ledger

ARTICLE_FIELDS = ("article_id", "outlet", "title", "published", "published_from", "url", "origin", "copy_of_id", "copy_kind",
                  "analysed")


def articles(ledger: Ledger) -> list[dict[str, Any]]:
    """Every article in ingest order with its text, removed lines and copy link."""
    rows = []
    for row in ledger.articles():
        full = ledger.article(row["article_id"])
        rows.append(
            {
                **{k: row[k] for k in ARTICLE_FIELDS},
                "text": full["text"],
                "repairs": full["repairs"],
                "removed": [(r["uncleaned_start"], r["uncleaned_end"], r["reason"]) for r in full["removed_lines"]],
                "origins": sorted(full["origins"]),
            }
        )
    return rows


def facts(ledger: Ledger) -> dict[str, dict[str, Any]]:
    """Each article's stored analysis (entities, times, time frame, quotes, event mentions), without resolution's links."""
    out = {}
    for row in ledger.articles():
        found = ledger.facts(row["article_id"])
        found["event_mentions"] = [{k: v for k, v in m.items() if k not in ("event_id", "shown")} for m in found["event_mentions"]]
        found["quotes"] = [{k: v for k, v in q.items() if not k.startswith("claim")} for q in found["quotes"]]
        out[row["article_id"]] = found
    return out


def events(ledger: Ledger) -> list[tuple]:
    """Events as type, date, mode, actors, recipients, independent outlets and the articles reporting them."""
    rows = []
    for e in ledger.events():
        rows.append(
            (
                e["event_type"],
                e["event_date"],
                e["date_precision"],
                e.get("mode"),
                tuple(e["actor_ids"]),
                tuple(e["recipient_ids"]),
                e["independent_outlets"],
                tuple(sorted({m["article_id"] for m in e["mentions"]})),
            )
        )
    return sorted(rows, key=repr)


def stories(ledger: Ledger) -> set[frozenset[str]]:
    """The stories as sets of article ids."""
    groups: dict[str, set[str]] = {}
    for row in ledger.articles():
        if row["story_id"]:
            groups.setdefault(row["story_id"], set()).add(row["article_id"])
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
