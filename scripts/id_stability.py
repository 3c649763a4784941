"""How many unchanged facts keep their ids when the pipeline or the cleaned text changes (issue 10, reader 12).

    python scripts/id_stability.py build new full /tmp/ids9/v_new_full.duckdb      # the demo as it is
    python scripts/id_stability.py build new drop /tmp/ids9/v_new_drop.duckdb      # one event rule and one quote rule off
    cp /tmp/ids9/v_new_full.duckdb /tmp/ids9/v_new_shift.duckdb
    python scripts/id_stability.py shift new /tmp/ids9/v_new_shift.duckdb          # a sentence put before every body
    python scripts/id_stability.py compare /tmp/ids9/v_new_full.duckdb /tmp/ids9/v_new_drop.duckdb
    python scripts/id_stability.py compare /tmp/ids9/v_new_full.duckdb /tmp/ids9/v_new_shift.duckdb --shifted

``old`` instead of ``new`` writes the ids of schema version 10 (by position).
``drop`` loses every STATEMENT mention and every 'according-to' quote before
they are stored, as if one rule of each were disabled; ``shift`` gives every
article of a built ledger a new cleaned text with one more sentence (an
arrest told with a quote) after its first paragraph, as when boilerplate is
learned late, then analyses and resolves again. ``compare`` matches facts by
what they are (article, type or kind, spans; a shifted ledger's offsets
mapped back) and counts those present in both whose id is the same, and the
ids of the first ledger that name another fact in the second. Results are in
docs/EVALUATION.md ("Ids that survive re-analysis").
"""

from __future__ import annotations

import argparse
import hashlib
from collections import defaultdict

import duckdb

from newsledger import Ledger
from newsledger.store import ids, writer

DEMO = "data/demo"
ADDED = "Separately, police detained a man outside the city hall on Monday, officials said."


def use_positional_ids() -> None:
    """The writer and resolution of schema version 10: ids by position, an event named after its lowest id."""
    from newsledger.resolve import events

    ids.mention_ids = lambda article, facts: [f"{article}:m{i}" for i in range(len(facts))]
    ids.quote_ids = lambda article, facts: [f"{article}:q{i}" for i in range(len(facts))]
    events.event_id = lambda group: "e" + hashlib.sha1(
        min(group, key=lambda m: (m.seq, m.id)).id.encode()).hexdigest()[:10]


def drop_one_rule_each() -> None:
    rows = writer.analysis_rows

    def dropped(records):
        kept = []
        for article_id, record in records:
            record = dict(record)
            record["events"] = [m for m in record.get("events") or [] if m["type"] != "STATEMENT"]
            record["quotes"] = [q for q in record.get("quotes") or [] if q["kind"] != "according-to"]
            kept.append((article_id, record))
        return rows(kept)

    writer.analysis_rows = dropped


def shifted(text: str) -> str:
    head, sep, body = text.partition("\n\n")
    return f"{head}\n\n{ADDED}\n\n{body}" if sep else f"{ADDED}\n\n{text}"


def shift(db: str) -> None:
    with Ledger(db) as ledger:
        rows = ledger.store.rows("SELECT article_id, text FROM articles ORDER BY seq")
        with ledger.store.transaction():
            for r in rows:
                text = shifted(r["text"])
                writer.update_cleaned_text(ledger.store, r["article_id"], text, hashlib.sha256(text.encode()).hexdigest(), 0)
        print("analysed", ledger.analyze_pending(), ledger.resolve(full=True))


def facts(db: str, cuts: dict[str, int] | None) -> tuple[dict, dict, dict, dict]:
    """Mentions and quotes keyed by what they are -> (id, group id); events and claims keyed by their member sets -> id."""
    con = duckdb.connect(db, read_only=True)

    def back(article: str, pos: int | None) -> int | None:
        if cuts is None or pos is None or pos < cuts[article]:
            return pos
        pos -= len(ADDED) + 2
        return pos if pos >= cuts[article] else None

    mentions = {(r[1], r[2], back(r[1], r[3]), back(r[1], r[4])): (r[0], r[5]) for r in con.execute(
        "SELECT mention_id, article_id, event_type, trigger_start, trigger_end, event_id FROM event_mentions").fetchall()}
    quotes = {(r[1], r[2], back(r[1], r[3]), back(r[1], r[4])): (r[0], r[5]) for r in con.execute(
        "SELECT quote_id, article_id, kind, content_start, cue_start, claim_id FROM quotes").fetchall()}
    con.close()
    events, claims = defaultdict(set), defaultdict(set)
    for key, (_, group) in mentions.items():
        if group:
            events[group].add(key)
    for key, (_, group) in quotes.items():
        if group:
            claims[group].add(key)
    return (mentions, quotes, {frozenset(v): k for k, v in events.items()}, {frozenset(v): k for k, v in claims.items()})


def compare(a: str, b: str, is_shifted: bool) -> None:
    cuts = None
    if is_shifted:
        con = duckdb.connect(a, read_only=True)
        cuts = {}
        for article, text in con.execute("SELECT article_id, text FROM articles").fetchall():
            head, sep, _ = text.partition("\n\n")
            cuts[article] = len(head) + 2 if sep else 0
        con.close()
    first, second = facts(a, None), facts(b, cuts)
    for name, x, y, single in zip(("mentions", "quotes", "events", "claims"), first, second, (True, True, False, False)):
        the_id = (lambda d, k: d[k][0]) if single else (lambda d, k: d[k])
        both = set(x) & set(y)
        kept = sum(the_id(x, k) == the_id(y, k) for k in both)
        holder = {the_id(y, k): k for k in y}
        held = [(k, holder[the_id(x, k)]) for k in x if the_id(x, k) in holder]
        # another fact: a mention or quote of other words; an event or claim sharing no member
        other = sum(1 for k, h in held if (h != k if single else not h & k))
        grown = 0 if single else sum(1 for k, h in held if h != k and h & k)
        print(f"{name:9s} {len(x):4d} -> {len(y):4d}  unchanged {len(both):4d}  same id {kept:4d}  "
              f"ids naming another fact {other:3d}" + ("" if single else f"  same id, members changed {grown}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build")
    build.add_argument("scheme", choices=["old", "new"])
    build.add_argument("variant", choices=["full", "drop"])
    build.add_argument("db")
    again = sub.add_parser("shift")
    again.add_argument("scheme", choices=["old", "new"])
    again.add_argument("db")
    comp = sub.add_parser("compare")
    comp.add_argument("a")
    comp.add_argument("b")
    comp.add_argument("--shifted", action="store_true")
    args = parser.parse_args()
    if args.command == "compare":
        return compare(args.a, args.b, args.shifted)
    if args.scheme == "old":
        use_positional_ids()
    if args.command == "shift":
        return shift(args.db)
    if args.variant == "drop":
        drop_one_rule_each()
    with Ledger(args.db) as ledger:
        print(ledger.ingest([DEMO]))


if __name__ == "__main__":
    main()
