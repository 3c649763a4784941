"""Every write the stages make to the ledger, as small named functions over :class:`Store`.

The analysis record (see ``newsledger.nlp.collect``) is written here table by
table; so are articles, their origins and removed lines, copy links, story
ids and the per-run log. Keeping writes in one place lets a later change batch
them (or send them elsewhere) without touching the stages. The caller holds
the transaction unless a function says otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any, Iterable

from newsledger.store import ids
from newsledger.store.db import Store

# Tables holding one article's analysis: forgotten together when the article is analysed again.
ANALYSIS_TABLES = ("entities", "times", "article_time_frames", "quotes", "event_mentions", "mention_counts")


# ---------------------------------------------------------------------------
# Batches

# A batch ends after this many items (articles, analysis records) or seconds,
# whichever comes first. One commit per article cost about 70% of ingest time
# (the WAL is synced at each commit); see docs/BENCHMARKS.md for the effect.
# The seconds bound how stale a reader can be and how much an interrupt or a
# kill -9 can take back (work that was never reported as done).
BATCH_ITEMS = 200
BATCH_SECONDS = 1.0


class Batch:
    """One transaction per batch of writes, and a chance for waiting readers between batches.

    Use :meth:`open` before an item's writes and :meth:`done` after them;
    writes that open their own transaction (``store.transaction()``) join the
    batch's. :meth:`commit` ends the batch early. Leaving the ``with`` block on
    an interrupt commits the items finished (:meth:`Store.settle`); on any
    other exception the open batch is rolled back.
    """

    def __init__(self, store: Store, items: int = BATCH_ITEMS, seconds: float = BATCH_SECONDS):
        self.store, self.items, self.seconds = store, items, seconds
        self.count, self.started = 0, 0.0
        self.kept = True  # False once leaving on an exception rolled something back

    def __enter__(self) -> "Batch":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            from newsledger.store.db import is_interrupt

            self.kept = self.store.settle(keep=is_interrupt(exc))

    def open(self) -> None:
        if not self.store.in_transaction:
            self.store.begin()
            self.count, self.started = 0, time.monotonic()

    def done(self) -> bool:
        """One more item written; commits when the batch is full. True when it did."""
        self.count += 1
        if self.count >= self.items or time.monotonic() - self.started >= self.seconds:
            self.commit()
            return True
        return False

    def commit(self) -> None:
        if self.store.in_transaction:
            self.store.commit()
        self.store.yield_to_waiters()

    def rollback(self) -> None:
        self.store.rollback()


# ---------------------------------------------------------------------------
# Articles


def insert_article(store: Store, article: dict[str, Any], source: dict[str, Any]) -> None:
    """One article row (``articles``) and its raw input and uncleaned text (``internal.article_sources``)."""
    store.insert("articles", article)
    store.insert("internal.article_sources", source)


def add_origin(store: Store, article_id: str, origin: str) -> None:
    store.con.execute(
        "INSERT INTO article_origins VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [article_id, origin, dt.datetime.now()]
    )


def write_removed(store: Store, article_id: str, removed: Iterable[Any], replace: bool = True) -> None:
    """The lines the cleaner removed (``model.Removal``: offsets into the uncleaned text)."""
    if replace:
        store.con.execute("DELETE FROM removed_lines WHERE article_id = ?", [article_id])
    store.insert_many(
        "removed_lines",
        [
            {"article_id": article_id, "line_no": i, "uncleaned_start": r.start, "uncleaned_end": r.end,
             "line_text": r.text, "reason": r.reason}
            for i, r in enumerate(removed)
        ],
    )


def update_cleaned_text(store: Store, article_id: str, text: str, text_sha256: str, repairs: int) -> None:
    """A re-cleaned text: the article's analysis no longer fits it and waits to be redone."""
    store.con.execute(
        "UPDATE articles SET text = ?, repairs = ?, analysed_at = NULL WHERE article_id = ?", [text, repairs, article_id]
    )
    store.con.execute("UPDATE internal.article_sources SET text_sha256 = ? WHERE article_id = ?", [text_sha256, article_id])
    forget_analysis(store, article_id)


def add_minhash(store: Store, article_id: str, signature: bytes, shingles: int) -> None:
    store.insert("internal.minhashes", {"article_id": article_id, "signature": signature, "shingles": shingles})


def count_outlet_lines(store: Store, outlet: str, keys: Iterable[str]) -> None:
    """One more original report of ``outlet`` carries each of these line keys.

    One statement for all the keys: one statement per key (``executemany``)
    took 0.3 s an article into the 100k benchmark ledger (213,000 counted
    lines; 150 of the 220 s storing 1,000 reports), one 0.03 s.
    """
    store.con.execute(
        "INSERT INTO internal.outlet_lines SELECT ?, k, 1 FROM unnest(?::VARCHAR[]) AS t(k) "
        "ON CONFLICT (outlet, line_key) DO UPDATE SET n_articles = n_articles + 1",
        [outlet, sorted(set(keys))],
    )


def make_original(store: Store, new_id: str, old_root: str) -> None:
    """``new_id`` becomes the original of ``old_root``'s family of copies (it keeps the family's copy kind and similarity)."""
    kind, similarity = store.con.execute(
        "SELECT copy_kind, copy_similarity FROM articles WHERE article_id = ?", [new_id]
    ).fetchone()
    store.con.execute(
        "UPDATE articles SET copy_of_id = ?, copy_kind = coalesce(copy_kind, ?), copy_similarity = coalesce(copy_similarity, ?) "
        "WHERE copy_of_id = ? OR article_id = ?",
        [new_id, kind, similarity, old_root, old_root],
    )
    store.con.execute(
        "UPDATE articles SET copy_of_id = NULL, copy_kind = NULL, copy_similarity = NULL WHERE article_id = ?", [new_id]
    )


# ---------------------------------------------------------------------------
# Analysis


def _span(prefix: str, span: dict | None) -> dict[str, Any]:
    span = span or {}
    return {f"{prefix}_start": span.get("start"), f"{prefix}_end": span.get("end"), f"{prefix}_text": span.get("text")}


def save_analysis(store: Store, article_id: str, record: dict[str, Any]) -> None:
    """Replace one article's analysis with ``record`` and mark it analysed, in one transaction."""
    save_analyses(store, [(article_id, record)])


def save_analyses(store: Store, records: list[tuple[str, dict[str, Any]]]) -> None:
    """Replace the analysis of many articles and mark them analysed, in one transaction.

    One statement per table for the whole batch, not one per article and
    table: row by row, saving 200 records took 76 s of a 355 s ingest
    (docs/BENCHMARKS.md). An article given twice keeps its last record, as
    saving them one after the other would.
    """
    latest = dict(records)
    if not latest:
        return
    ids = list(latest)
    with store.transaction():
        forget_analyses(store, ids)
        write_analyses(store, list(latest.items()))
        store.con.execute(
            "UPDATE articles SET analysed_at = ? WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [dt.datetime.now(), ids]
        )


def forget_analysis(store: Store, article_id: str) -> None:
    forget_analyses(store, [article_id])


def forget_analyses(store: Store, article_ids: list[str]) -> None:
    for table in ANALYSIS_TABLES:
        store.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [article_ids])


def write_analysis(store: Store, article_id: str, record: dict[str, Any]) -> None:
    """Insert actors, entities, times, the time frame, quotes, event mentions and their counts."""
    write_analyses(store, [(article_id, record)])


def write_analyses(store: Store, records: list[tuple[str, dict[str, Any]]]) -> None:
    """:func:`write_analysis` of many articles: the rows of every record, one insert per table."""
    rows = analysis_rows(records)
    write_actors(store, rows.pop("actors"))
    for table, table_rows in rows.items():
        store.insert_many(table, table_rows)


def write_actors(store: Store, actors: list[dict[str, Any]]) -> None:
    """Known actors (the knowledge base's) are written again; a text-only actor ("x:") keeps the row it was first given.

    A text-only actor is keyed by its words, so one row stands for every
    report that uses them ("x:workers" in every port strike), and the
    country or family one report's context gives it is not the others'.
    Written again by each analysis, it flipped with the last report read
    ("x:workers" became Georgian after a report from Batumi) and with it the
    sides and participants of every archived event naming it: adding 1,000
    reports to the 100k benchmark ledger rewrote 173 such actors, changed
    the fingerprints of 460 archived stories in every month back to 2017,
    and the resolution scope grew from 293 to 2,919 stories (87,000
    mentions; docs/BENCHMARKS.md, round 5). The first report's reading
    stays, so an ingest leaves the archive's events as they were; the
    first of a batch is the first in ingest order, as row by row.

    A known person's row read as a former official (sector ELI: the report
    was published after their last office) never replaces a row with the
    sector of an office, and is written only when the ledger has none: the
    actors table describes the person, and a ledger of reports from 2017 on
    showed Barack Obama as "ELI" beside the 2014-2016 sanctions his
    government imposed (demo read, round 8). Written in that order, the row
    does not depend on the order reports are read in.
    """
    known = [a for a in actors if not a["actor_id"].startswith("x:") and not _former_official(a)]
    former = [a for a in actors if not a["actor_id"].startswith("x:") and _former_official(a)]
    first: dict[str, dict[str, Any]] = {}
    for a in actors:
        if a["actor_id"].startswith("x:"):
            first.setdefault(a["actor_id"], a)
    store.upsert_many("actors", known, ["actor_id"])
    store.insert_new_many("actors", _first_of_each(former), ["actor_id"])
    store.insert_new_many("actors", list(first.values()), ["actor_id"])


def _former_official(actor: dict[str, Any]) -> bool:
    from newsledger.nlp.kb import FORMER_OFFICIAL_SECTOR

    return actor.get("kind") == "person" and actor.get("sector") == FORMER_OFFICIAL_SECTOR


def _first_of_each(actors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    first: dict[str, dict[str, Any]] = {}
    for a in actors:
        first.setdefault(a["actor_id"], a)
    return list(first.values())


def analysis_rows(records: list[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The rows analysis records give each table, in record order (actors first: mentions name them).

    Mention and quote ids are made from what each says (:mod:`newsledger.store.ids`), so
    they survive a re-analysis that finds other facts; ``mention_no`` / ``quote_no`` are the order.
    """
    rows: dict[str, list[dict[str, Any]]] = {
        "actors": [], "entities": [], "times": [], "article_time_frames": [], "quotes": [], "event_mentions": [],
        "mention_counts": [],
    }
    for article_id, record in records:
        rows["actors"] += [_actor_row(actor) for actor in record.get("actors") or []]
        rows["entities"] += [_entity_row(article_id, i, e) for i, e in enumerate(record.get("entities") or [])]
        rows["times"] += [_time_row(article_id, i, t) for i, t in enumerate(record.get("times") or [])]
        if record.get("time_frame"):
            rows["article_time_frames"].append(_frame_row(article_id, record["time_frame"]))
        quotes = record.get("quotes") or []
        qids = ids.quote_ids(article_id, quotes)
        rows["quotes"] += [_quote_row(article_id, i, qid, q) for i, (qid, q) in enumerate(zip(qids, quotes))]
        mentions = record.get("events") or []
        mids = ids.mention_ids(article_id, mentions)
        rows["event_mentions"] += [_mention_row(article_id, i, mid, m) for i, (mid, m) in enumerate(zip(mids, mentions))]
        rows["mention_counts"] += [
            _count_row(article_id, mid, j, c) for mid, m in zip(mids, mentions) for j, c in enumerate(m.get("counts") or [])
        ]
    return rows


def _actor_row(actor: dict[str, Any]) -> dict[str, Any]:
    return {
        "actor_id": actor["id"], "name": actor["name"], "kind": actor.get("kind"), "country": actor.get("country"),
        "sector": actor.get("sector"), "family": actor.get("family"), "roles": json.dumps(actor.get("roles") or []),
        "known_from": actor.get("source"),
    }


def _entity_row(article_id: str, i: int, e: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": article_id, "entity_no": i, "entity_start": e["start"], "entity_end": e["end"],
            "entity_text": e["text"], "label": e.get("label"), "actor_id": e.get("actor")}


def _time_row(article_id: str, i: int, t: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": article_id, "time_no": i, "time_start": t["start"], "time_end": t["end"], "time_text": t["text"],
            "timex_type": t.get("type"), "timex_value": t.get("value"), "timex_mod": t.get("mod"), "anchor": t.get("anchor")}


def _frame_row(article_id: str, frame: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": article_id, "frame_date": frame.get("date"), "frame_from": frame.get("confidence"),
            "evidence": json.dumps(frame.get("evidence") or []), "earliest": frame.get("earliest"), "latest": frame.get("latest")}


def _quote_row(article_id: str, i: int, quote_id: str, q: dict[str, Any]) -> dict[str, Any]:
    return {
        "quote_id": quote_id, "article_id": article_id, "quote_no": i, "kind": q["kind"],
        "speaker_id": q.get("speaker"), **_span("speaker", q.get("shown_source") or q.get("source")), **_span("cue", q.get("cue")),
        **_span("content", q.get("content")),
    }


def _mention_row(article_id: str, i: int, mention_id: str, m: dict[str, Any]) -> dict[str, Any]:
    from newsledger.store.dates import to_date

    trigger, sentence = m.get("trigger") or {}, m.get("sentence") or {}
    time, place = m.get("time") or {}, m.get("location_span") or {}
    day, precision = to_date(m.get("date"))
    return {
        "mention_id": mention_id, "article_id": article_id, "mention_no": i, "event_type": m["type"],
        "mode": m.get("mode"), "actor_ids": list(m.get("actors") or []), "recipient_ids": list(m.get("recipients") or []),
        "trigger_start": trigger.get("start"), "trigger_end": trigger.get("end"), "trigger_text": trigger.get("text"),
        "sentence_start": sentence.get("start"), "sentence_end": sentence.get("end"),
        "time_start": time.get("start"), "time_end": time.get("end"),
        "event_date": day, "date_precision": precision, "date_from": m.get("date_source"),
        "place": m.get("location"), "place_start": place.get("start"), "place_end": place.get("end"),
        "modality": m.get("modality"), "confidence": m.get("confidence"),
    }


def _count_row(article_id: str, mention_id: str, j: int, c: dict[str, Any]) -> dict[str, Any]:
    return {
        "mention_id": mention_id, "count_no": j, "article_id": article_id, "kind": c["kind"], "value": c["value"],
        "part": bool(c.get("part")), "subgroup": bool(c.get("subgroup")), "count_start": c.get("start"),
        "count_end": c.get("end"), "count_text": c.get("text"),
    }


# ---------------------------------------------------------------------------
# Resolution outputs


def replace_rows(store: Store, table: str, rows: list[dict[str, Any]]) -> None:
    """Rebuild a derived table (events, claims, contradictions, outlets...) from scratch."""
    store.con.execute(f"DELETE FROM {table}")
    store.insert_many(table, rows)


def replace_rows_of(store: Store, table: str, column: str, values: list[Any], rows: list[dict[str, Any]]) -> None:
    """Replace the rows of a derived table whose ``column`` is one of ``values`` (one outlet's rows, say)."""
    if values:
        store.con.execute(f"DELETE FROM {table} WHERE list_contains(?, {column})", [values])
    store.insert_many(table, rows)


def set_links(store: Store, table: str, key: str, column: str, links: list[tuple[str, str]]) -> None:
    """Set ``column`` to a target for many rows at once, by their ``key`` (row-by-row UPDATEs are slow in DuckDB).

    Rows not in ``links`` get NULL: links are rebuilt whole.
    """
    store.con.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} IS NOT NULL")
    if not links:
        return
    _load_links(store, links)
    store.con.execute(f"UPDATE {table} SET {column} = l.target FROM _links l WHERE {table}.{key} = l.row_id")
    store.con.execute("DROP TABLE _links")


def _load_links(store: Store, links: list[tuple[str, str]]) -> None:
    """The temporary ``_links`` table (target, row id), filled by one Arrow insert.

    ``executemany`` ran one INSERT per link: relinking the 200-report
    benchmark's mentions and quotes took 0.5 s of the resolution's 9.7 s of
    CPU, and it grows with every link of the stories redone.
    """
    store.con.execute("CREATE OR REPLACE TEMP TABLE _links (target VARCHAR, row_id VARCHAR)")
    store.insert_many("_links", [{"target": target, "row_id": row_id} for target, row_id in links])


def replace_events_of(store: Store, scope: tuple[str, list], events: list[dict[str, Any]], clashes: list[dict[str, Any]],
                      updates: list[dict[str, Any]], links: list[tuple[str, str]],
                      reports: list[dict[str, Any]] = ()) -> None:
    """Replace the events of the mentions ``scope`` selects (SQL over articles ``a``), with their contradictions and count updates.

    ``reports``: the ``contradiction_reports`` rows of ``clashes``.

    The events replaced are those holding such a mention, those left without
    any mention (their articles were analysed again) and those rebuilt; the
    mentions in scope are linked anew and every other row is left alone.
    """
    where, params = scope
    store.con.execute("CREATE OR REPLACE TEMP TABLE _stale (event_id VARCHAR)")
    store.con.execute(
        "INSERT INTO _stale SELECT DISTINCT m.event_id FROM event_mentions m JOIN articles a ON a.article_id = m.article_id "
        f"WHERE m.event_id IS NOT NULL AND {where} "
        "UNION SELECT event_id FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.event_id) "
        "UNION SELECT unnest(?::VARCHAR[])",
        params + [[e["event_id"] for e in events]],
    )
    store.con.execute(
        "DELETE FROM contradiction_reports WHERE contradiction_id IN "
        "(SELECT contradiction_id FROM contradictions WHERE event_id IN (SELECT event_id FROM _stale)) "
        "OR contradiction_id IN (SELECT unnest(?::VARCHAR[]))",
        [[c["contradiction_id"] for c in clashes]],
    )
    for table in ("events", "contradictions", "count_updates"):
        store.con.execute(f"DELETE FROM {table} WHERE event_id IN (SELECT event_id FROM _stale)")
    store.con.execute("DROP TABLE _stale")
    store.insert_many("events", events)
    store.insert_many("contradictions", clashes)
    store.insert_many("contradiction_reports", list(reports))
    store.insert_many("count_updates", updates)
    _relink(store, "event_mentions", "mention_id", "event_id", scope, links)


def replace_claims_of(store: Store, scope: tuple[str, list], claims: list[dict[str, Any]], links: list[tuple[str, str]]) -> None:
    """Replace the claims of the quotes ``scope`` selects (SQL over articles ``a``), as :func:`replace_events_of` does events."""
    where, params = scope
    store.con.execute(
        "DELETE FROM claims WHERE claim_id IN (SELECT q.claim_id FROM quotes q JOIN articles a ON a.article_id = q.article_id "
        f"WHERE q.claim_id IS NOT NULL AND {where}) "
        "OR NOT EXISTS (SELECT 1 FROM quotes q WHERE q.claim_id = claims.claim_id) OR list_contains(?, claim_id)",
        params + [[c["claim_id"] for c in claims]],
    )
    store.insert_many("claims", claims)
    _relink(store, "quotes", "quote_id", "claim_id", scope, links)


def _relink(store: Store, table: str, key: str, column: str, scope: tuple[str, list], links: list[tuple[str, str]]) -> None:
    """``set_links`` over the rows of ``table`` whose article ``scope`` selects."""
    where, params = scope
    store.con.execute(
        f"UPDATE {table} SET {column} = NULL WHERE {column} IS NOT NULL AND article_id IN "
        f"(SELECT a.article_id FROM articles a WHERE {where})",
        params,
    )
    if not links:
        return
    _load_links(store, links)
    store.con.execute(f"UPDATE {table} SET {column} = l.target FROM _links l WHERE {table}.{key} = l.row_id")
    store.con.execute("DROP TABLE _links")


def save_resolved(store: Store, fingerprints: dict[str, str], full: bool) -> None:
    """Record what each story's events and claims were resolved from (``internal.resolved_stories``).

    ``full``: every story was resolved, so stories no longer in the ledger are forgotten too.
    """
    if full:
        store.con.execute("DELETE FROM internal.resolved_stories")
    else:
        store.con.execute("DELETE FROM internal.resolved_stories WHERE story_id NOT IN (SELECT story_id FROM stories)")
        store.con.execute("DELETE FROM internal.resolved_stories WHERE list_contains(?, story_id)", [sorted(fingerprints)])
    store.insert_many("internal.resolved_stories", [{"story_id": s, "fingerprint": f} for s, f in sorted(fingerprints.items())])


def set_story_ids(store: Store, changed: dict[str, str]) -> None:
    """Move articles to stories, then give every copy its original's story."""
    if changed:  # one UPDATE from a links table, not one per article
        _load_links(store, [(story_id, article_id) for article_id, story_id in changed.items()])
        store.con.execute("UPDATE articles SET story_id = l.target FROM _links l WHERE articles.article_id = l.row_id")
        store.con.execute("DROP TABLE _links")
    store.con.execute(
        "UPDATE articles AS c SET story_id = o.story_id FROM articles AS o "
        "WHERE c.copy_of_id = o.article_id AND c.story_id IS DISTINCT FROM o.story_id"
    )


def save_story_states(store: Store, states: list[dict[str, Any]], stories: Iterable[str]) -> None:
    """Rewrite the given stories (rows and index states) from their members; drop emptied ones.

    ``label`` and ``label_article_id`` are left for the assessment to fill
    (:func:`newsledger.assess.labels.label_stories`).
    """
    stories = sorted(set(stories))
    if stories:  # a few statements over all the stories, not five round trips per story
        store.con.execute("DELETE FROM stories WHERE list_contains(?, story_id)", [stories])
        store.con.execute("DELETE FROM internal.story_states WHERE list_contains(?, story_id)", [stories])
    ids = [state["id"] for state in states]
    stats = {story_id: (n, first, last) for story_id, n, first, last in store.con.execute(
        "SELECT story_id, count(*), min(published), max(published) FROM articles "
        "WHERE list_contains(?, story_id) GROUP BY story_id", [ids]).fetchall()} if ids else {}
    rows, saved = [], []
    for state in states:
        n, first, last = stats.get(state["id"], (0, None, None))
        rows.append({"story_id": state["id"], "label": None, "label_article_id": None,
                     "first_published": first, "last_published": last, "n_articles": n})
        saved.append({"story_id": state["id"], "state": json.dumps(state, default=_json_default)})
    store.insert_many("stories", rows)
    store.insert_many("internal.story_states", saved)


def forget_stories(store: Store) -> None:
    """Drop every story, so the next resolution rebuilds them from scratch."""
    store.con.execute("DELETE FROM stories")
    store.con.execute("DELETE FROM internal.story_states")
    store.con.execute("UPDATE articles SET story_id = NULL")


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


# ---------------------------------------------------------------------------
# Runs and problems


def start_run(store: Store, command: str) -> int:
    run_id = (store.scalar("SELECT max(run_id) FROM runs") or 0) + 1
    store.insert("runs", {"run_id": run_id, "command": command[:500], "started_at": dt.datetime.now()})
    return run_id


def finish_run(store: Store, run_id: int, ingested: int, unchanged: int, copies: int, failed: int) -> None:
    store.con.execute(
        "UPDATE runs SET finished_at = ?, ingested = ?, unchanged = ?, copies = ?, failed = ? WHERE run_id = ?",
        [dt.datetime.now(), ingested, unchanged, copies, failed, run_id],
    )


def record_problem(store: Store, run_id: int, problem: Any) -> None:
    """Keep one :class:`newsledger.problems.Problem` in ``ingest_errors``."""
    store.insert(
        "ingest_errors",
        {"run_id": run_id, "origin": problem.origin, "article_id": problem.article_id, "stage": problem.stage,
         "severity": "warning" if problem.warning else "error", "reason": problem.reason, "reported_at": dt.datetime.now()},
    )


def add_review(store: Store, row: dict[str, Any]) -> None:
    """One ``reviews`` row (see :func:`newsledger.resolve.reviews.new_review`)."""
    store.insert("reviews", row)
