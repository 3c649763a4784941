"""Every read the web app makes, as plain functions over the page database (the ledger's views as tables).

The pages and the JSON API call the same functions, so what a page shows is
what ``/api/...`` returns. ``shown_only`` is the default view (events above
the confidence threshold and not reviewed wrong, quotes not reviewed wrong,
as the views' ``shown`` columns say); the pages' "show all" switch passes
False. Every read is a few rows by id or one LIMITed page of a list over
tables indexed for it (:mod:`newsledger.web.snapshot`); an article page uses
the ledger API's own readers (``get_article``, ``article_facts``) over the
page database, which holds the same tables and views.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from newsledger.report.query import READER_MODES, article_facts, get_article, mode_label
from newsledger.store import catalog
from newsledger.web import charts
from newsledger.web.snapshot import Snapshots

DATE_ORDER = "event_date NULLS LAST, CASE date_precision WHEN 'year' THEN 0 WHEN 'month' THEN 1 WHEN 'week' THEN 2 ELSE 3 END"


@dataclass(frozen=True)
class StoryFilters:
    """The stories list's filters; each is optional."""

    q: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    outlet: str | None = None
    actor: str | None = None
    type: str | None = None
    single_source: bool = False
    contradicted: bool = False
    sort: str = "latest"


def page_of(items: list[dict[str, Any]], total: int, page: int, per_page: int) -> dict[str, Any]:
    return {"items": items, "total": total, "page": page, "per_page": per_page,
            "pages": max(1, math.ceil(total / per_page)) if per_page else 1}


def _shown(shown_only: bool, alias: str = "") -> str:
    return f"{alias}shown" if shown_only else "true"


# ---------------------------------------------------------------------------
# Stories

def _counts(shown_only: bool, alias: str = "c") -> str:
    """The per-story counts of the default view or of "show all", from the page database's ``story_counts``."""
    which = "shown" if shown_only else "all"
    return (f"{alias}.n_articles, {alias}.n_outlets, {alias}.n_independent, {alias}.n_copies, "
            f"{alias}.n_events_{which} AS n_events, {alias}.n_contradictions_{which} AS n_contradictions")


def _story_where(f: StoryFilters, shown_only: bool) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for term in (f.q or "").lower().split()[:8]:
        where.append("EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.story_id AND contains(a.search_text, ?))")
        params.append(term)
    if f.since:
        where.append("coalesce(s.last_published, s.first_published) >= ?")
        params.append(f.since)
    if f.until:
        where.append("s.first_published <= ?")
        params.append(f.until)
    if f.outlet:
        where.append("EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.story_id AND a.outlet = ?)")
        params.append(f.outlet)
    if f.actor:
        where.append(
            f"EXISTS (SELECT 1 FROM event_overview e WHERE e.story_id = s.story_id AND {_shown(shown_only, 'e.')} AND "
            "(list_contains(list_concat(e.actor_ids, e.recipient_ids), ?) OR "
            "contains(lower(array_to_string(list_concat(e.actor_names, e.recipient_names), '|')), lower(?))))"
        )
        params += [f.actor, f.actor]
    if f.type:
        where.append(f"EXISTS (SELECT 1 FROM event_overview e WHERE e.story_id = s.story_id AND {_shown(shown_only, 'e.')} "
                     "AND upper(e.event_type) = upper(?))")
        params.append(f.type)
    if f.single_source:
        where.append("c.n_independent = 1")
    if f.contradicted:
        where.append(f"c.n_contradictions_{'shown' if shown_only else 'all'} > 0")
    return where, params


SORTS = {
    "latest": "coalesce(s.last_published, s.first_published) DESC NULLS LAST, s.story_id",
    "most": "c.n_independent DESC, c.n_articles DESC, coalesce(s.last_published, s.first_published) DESC NULLS LAST, s.story_id",
}


def list_stories(snap: Snapshots, f: StoryFilters, page: int = 1, per_page: int = 25, shown_only: bool = True) -> dict[str, Any]:
    """Stories matching the filters, with their counts, sorted by latest report or by independent outlets; one page of them."""
    where, params = _story_where(f, shown_only)
    condition = f"WHERE {' AND '.join(where)} " if where else ""
    rows = snap.rows(
        f"SELECT s.story_id, s.label, s.first_published, s.last_published, {_counts(shown_only)} "
        f"FROM stories s JOIN story_counts c ON c.story_id = s.story_id {condition}"
        f"ORDER BY {SORTS[f.sort]} LIMIT ? OFFSET ?",
        params + [per_page, (page - 1) * per_page],
    )
    total = snap.scalar(f"SELECT count(*) FROM stories s JOIN story_counts c ON c.story_id = s.story_id {condition}", params)
    return page_of(rows, int(total or 0), page, per_page)


def story(snap: Snapshots, story_id: str, shown_only: bool = True) -> dict[str, Any] | None:
    """One story: its counts, timeline, coverage matrix, reports, key claims and reviews."""
    found = snap.rows(
        f"SELECT s.*, {_counts(shown_only).replace('c.n_articles,', 'c.n_articles AS n_reports,')} "
        "FROM stories s LEFT JOIN story_counts c ON c.story_id = s.story_id WHERE s.story_id = ?",
        [story_id],
    )
    if not found:
        return None
    out = found[0]
    out["timeline"] = with_mode_labels(snap, story_events(snap, story_id, shown_only), shown_only)
    out["reports"] = snap.rows(
        "SELECT article_id, outlet, published, title, url, copy_of_id, copy_kind, copy_similarity FROM articles "
        "WHERE story_id = ? ORDER BY published NULLS LAST, seq",
        [story_id],
    )
    out["coverage"] = coverage(snap, story_id, out["timeline"], out["reports"], shown_only)
    out["claims"] = snap.rows(
        f"SELECT claim_id, speaker_id, speaker_name, kind, claim_text, first_article_id, n_quotes, outlets, independent_outlets, "
        f"single_source, review_decision FROM claim_overview WHERE story_id = ? AND {_shown(shown_only)} "
        "ORDER BY independent_outlets DESC, n_quotes DESC, speaker_id IS NULL, length(claim_text) DESC, claim_id LIMIT 12",
        [story_id],
    )
    order = {e["event_id"]: i for i, e in enumerate(out["timeline"])}
    out["contradictions"] = sorted(disputed_facts(snap, list(order)), key=lambda c: order[c["event_id"]])
    out["reviews"] = reviews_of(snap, "story", story_id)
    return out


def story_events(snap: Snapshots, story_id: str, shown_only: bool = True) -> list[dict[str, Any]]:
    """The story's events in timeline order: ``story_timeline`` for the default view, ``event_overview`` for all."""
    if shown_only:
        return snap.rows(
            "SELECT t.*, e.actor_ids, e.recipient_ids, e.review_decision, e.shown FROM story_timeline t "
            "JOIN event_overview e ON e.event_id = t.event_id WHERE t.story_id = ? ORDER BY t.timeline_no",
            [story_id],
        )
    return snap.rows(
        "SELECT event_id, event_date, date_precision, event_type, mode, summary, place, modality = 'recap' AS recap, modality, "
        "actor_names, recipient_names, actor_ids, recipient_ids, outlets, independent_outlets, single_source, confidence, "
        f"review_decision, shown FROM event_overview WHERE story_id = ? ORDER BY {DATE_ORDER}, first_reported NULLS LAST, {catalog.told_order('')} NULLS LAST, event_id",
        [story_id],
    )


def with_mode_labels(snap: Snapshots, events: list[dict[str, Any]], shown_only: bool) -> list[dict[str, Any]]:
    """Each event's ``mode_label``: the words its reports used where PLOVER names a mode by its strongest
    act (a state of emergency is coded martial-law), as the report shows it (``report.query.mode_label``).

    Only events of such a mode read their passages, so a story page costs one
    more query at most."""
    labelled = [e["event_id"] for e in events if (e.get("event_type"), e.get("mode")) in READER_MODES]
    passages: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if labelled:
        for p in snap.rows(
            "SELECT event_id, sentence_text, sentence_start, trigger_start, trigger_text FROM mention_passages "
            f"WHERE list_contains(?, event_id) AND {_shown(shown_only)}",
            [labelled],
        ):
            passages[p["event_id"]].append(p)
    for e in events:
        e["mode_label"] = mode_label(e.get("event_type"), e.get("mode"), passages.get(e["event_id"], []))
    return events


def coverage(snap: Snapshots, story_id: str, events: list[dict[str, Any]], reports: list[dict[str, Any]],
             shown_only: bool) -> dict[str, Any]:
    """Outlets x events: 'original' when an outlet's own report tells the event, 'copy' when only a copy of another's does."""
    ids = [e["event_id"] for e in events]
    cells: dict[tuple[str, str], str] = {}
    if ids:
        for r in snap.rows(
            f"SELECT coalesce(outlet, '(unknown outlet)') AS outlet, event_id, bool_or(article_id = original_article_id) AS own "
            f"FROM mention_passages WHERE list_contains(?, event_id) AND {_shown(shown_only)} GROUP BY ALL",
            [ids],
        ):
            cells[(r["outlet"], r["event_id"])] = "original" if r["own"] else "copy"
    outlets = sorted({r["outlet"] or "(unknown outlet)" for r in reports})
    return {
        "outlets": outlets,
        "event_ids": ids,
        "rows": [{"outlet": o, "cells": [cells.get((o, e), "") for e in ids]} for o in outlets],
    }


# ---------------------------------------------------------------------------
# Events

def list_events(snap: Snapshots, *, story: str | None = None, actor: str | None = None, type: str | None = None,
                since: dt.date | None = None, until: dt.date | None = None, page: int = 1, per_page: int = 50,
                shown_only: bool = True) -> dict[str, Any]:
    where, params = [_shown(shown_only)], []
    if story:
        where.append("story_id = ?")
        params.append(story)
    if actor:
        where.append("list_contains(list_concat(actor_ids, recipient_ids), ?)")
        params.append(actor)
    if type:
        where.append("upper(event_type) = upper(?)")
        params.append(type)
    if since:
        where.append("event_date >= ?")
        params.append(since)
    if until:
        where.append("event_date <= ?")
        params.append(until)
    rows = snap.rows(
        f"SELECT * EXCLUDE (story_ids), count(*) OVER () AS total FROM event_overview WHERE {' AND '.join(where)} "
        f"ORDER BY {DATE_ORDER}, first_reported NULLS LAST, {catalog.told_order('')} NULLS LAST, event_id LIMIT ? OFFSET ?",
        params + [per_page, (page - 1) * per_page],
    )
    total = rows[0]["total"] if rows else int(snap.scalar(f"SELECT count(*) FROM event_overview WHERE {' AND '.join(where)}", params))
    for r in rows:
        r.pop("total")
    return page_of(rows, total, page, per_page)


def event(snap: Snapshots, event_id: str, shown_only: bool = True) -> dict[str, Any] | None:
    """One event with its reports side by side (copies under their original), contradictions and reviews."""
    row = snap.one("SELECT * FROM event_overview WHERE event_id = ?", [event_id])
    if row is None:
        return None
    passages = snap.rows(
        f"SELECT * FROM mention_passages WHERE event_id = ? AND {_shown(shown_only)} ORDER BY published NULLS LAST, article_seq, mention_no",
        [event_id],
    )
    hidden = not passages and shown_only  # an event with no shown mention is told by all of them (as event_overview counts it)
    if hidden:
        passages = snap.rows("SELECT * FROM mention_passages WHERE event_id = ? ORDER BY published NULLS LAST, article_seq, mention_no",
                             [event_id])
    for p in passages:
        p.update(split_passage(p["sentence_text"] or "", p["trigger_start"] - p["sentence_start"], p["trigger_end"] - p["sentence_start"]))
    row["mode_label"] = mode_label(row["event_type"], row["mode"], passages)
    row["reports"] = group_by_original(passages)
    row["date_sources"] = sorted({p["date_from"] for p in passages if p["date_from"] and p["event_date"] == row["event_date"]})
    row["independence"] = independence(row["reports"])
    row["contradictions"] = disputed_facts(snap, [event_id])
    row["reviews"] = reviews_of(snap, "event", event_id) + reviews_of_many(snap, "mention", [p["mention_id"] for p in passages])
    row["parties"] = [{"role": "actor", "actor_id": i, "name": n} for i, n in zip(row["actor_ids"], row["actor_names"])] + [
        {"role": "recipient", "actor_id": i, "name": n} for i, n in zip(row["recipient_ids"], row["recipient_names"])]
    return row


def split_passage(text: str, start: int, end: int) -> dict[str, str]:
    """A passage cut around its highlighted span (offsets inside ``text``), clipped to the text."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if end < start:
        start, end = end, start
    return {"before": text[:start], "highlight": text[start:end], "after": text[end:]}


def group_by_original(passages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per original report with its mentions, and the copies of it folded underneath."""
    groups: dict[str, dict[str, Any]] = {}
    for p in passages:
        g = groups.setdefault(p["original_article_id"], {"original_article_id": p["original_article_id"], "original": [], "copies": []})
        (g["original"] if p["article_id"] == p["original_article_id"] else g["copies"]).append(p)
    out = []
    for g in groups.values():
        lead = (g["original"] or g["copies"])[0]
        g["outlet"] = lead["outlet"] if g["original"] else None
        g["published"] = lead["published"]
        out.append(g)
    return out


def independence(groups: list[dict[str, Any]]) -> dict[str, Any]:
    """Why the event has the independent count it has: outlets of original reports, and copies counted under them."""
    outlets = sorted({g["outlet"] for g in groups if g["outlet"]})
    orphan = [g["original_article_id"] for g in groups if not g["outlet"]]
    n_copies = len({p["article_id"] for g in groups for p in g["copies"]})
    repeats = sum(1 for g in groups if g["outlet"]) - len(outlets)
    return {"outlets": outlets, "copies_of_unseen": orphan, "n_copies": n_copies, "repeat_reports": repeats}


def contradiction(c: dict[str, Any]) -> dict[str, Any]:
    """A contradiction with each side's passage cut around its value."""
    for side in ("a", "b"):
        c[side] = cut_passage(c[f"{side}_passage"], c[f"{side}_start"], c[f"{side}_end"])
    return c


def cut_passage(text: str | None, start: int | None, end: int | None) -> dict[str, str]:
    """A contradiction passage split around its value; the passage starts PASSAGE_CONTEXT (60) characters before it."""
    if start is None or end is None:
        return split_passage("", 0, 0)
    offset = max(0, start - 60)
    return split_passage(text or "", start - offset, end - offset)


# A value's place in a disputed fact: the majority first, the figures standing against it last.
SIDE_ORDER = {"majority": 0, "unresolved": 1, "cited": 2, "outlier": 3}


def disputed_facts(snap: Snapshots, event_ids: list[str]) -> list[dict[str, Any]]:
    """Each contradiction of these events as one disputed fact: every value, the reports behind it and a passage per value.

    A fact keeps its a_/b_ pair (the side that stands out and another value) for
    older API readers; ``values`` holds every value stated, each with its
    outlets' reports (their side and whom they credit it to) and the first
    report's passage cut around the value.
    """
    if not event_ids:
        return []
    facts = [contradiction(c) for c in snap.rows(
        "SELECT * FROM contradiction_passages WHERE event_id IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY event_id, kind, a_article_id, b_article_id", [event_ids])]
    ids = [f["contradiction_id"] for f in facts]
    values = _fact_values(snap, ids)
    for f in facts:
        f["values"] = values.get(f["contradiction_id"]) or pair_values(f)
    return facts


def _fact_values(snap: Snapshots, contradiction_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every value of these contradictions with its reports, in reading order (majority first)."""
    if not contradiction_ids:
        return {}
    reports: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in snap.rows(
            "SELECT r.contradiction_id, r.value, r.article_id, r.outlet, r.side, r.credited_to, a.published "
            "FROM contradiction_reports r JOIN articles a ON a.article_id = r.article_id "
            "WHERE r.contradiction_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY a.seq", [contradiction_ids]):
        reports.setdefault((r.pop("contradiction_id"), r.pop("value")), []).append(r)
    out: dict[str, list[dict[str, Any]]] = {}
    for v in snap.rows(
            "SELECT v.*, a.published AS first_published FROM contradiction_values v "
            "LEFT JOIN articles a ON a.article_id = v.first_article_id "
            "WHERE v.contradiction_id IN (SELECT unnest(?::VARCHAR[]))", [contradiction_ids]):
        v["reports"] = reports.get((v["contradiction_id"], v["value"]), [])
        v["passage"] = cut_passage(v.pop("first_passage"), v["first_start"], v["first_end"])
        out.setdefault(v["contradiction_id"], []).append(v)
    for vs in out.values():
        vs.sort(key=lambda v: (SIDE_ORDER.get(v["side"], 1), -v["n_outlets"], v["value"] or ""))
    return out


def pair_values(f: dict[str, Any]) -> list[dict[str, Any]]:
    """The values of a contradiction written before schema 8 (no contradiction_reports): its a_ and b_ reports."""
    return [{
        "contradiction_id": f["contradiction_id"], "event_id": f["event_id"], "kind": f["kind"], "value": f[f"{s}_value"],
        "side": None, "n_outlets": 1, "outlets": [f[f"{s}_outlet"]] if f[f"{s}_outlet"] else [],
        "article_ids": [f[f"{s}_article_id"]], "credited_to": [], "reported_by": [f[f"{s}_outlet"] or "unknown outlet"],
        "as_of": f["as_of"], "first_article_id": f[f"{s}_article_id"], "first_start": f[f"{s}_start"],
        "first_end": f[f"{s}_end"], "first_published": f[f"{s}_published"], "passage": f[s],
        "reports": [{"article_id": f[f"{s}_article_id"], "outlet": f[f"{s}_outlet"], "side": None, "credited_to": None,
                     "published": f[f"{s}_published"]}],
    } for s in ("a", "b")]


# ---------------------------------------------------------------------------
# Outlets and actors

def list_outlets(snap: Snapshots) -> list[dict[str, Any]]:
    return snap.rows("SELECT * FROM outlets ORDER BY score DESC NULLS LAST, outlet")


def outlet(snap: Snapshots, name: str) -> dict[str, Any] | None:
    """An outlet's score with each signal, its reports, copies in both directions and the disputes it stands in."""
    row = snap.one("SELECT * FROM outlets WHERE outlet = ?", [name])
    if row is None:
        return None
    row["signals"] = snap.rows(
        "SELECT signal, value, weight, confidence, contribution, n_hits, n_total, explanation, examples FROM outlet_evidence "
        "WHERE outlet = ? ORDER BY abs(contribution) DESC, signal", [name])
    for s in row["signals"]:
        s["examples"] = json.loads(s["examples"]) if isinstance(s["examples"], str) else (s["examples"] or [])
    row["articles"] = snap.rows(
        "SELECT a.article_id, a.published, a.title, a.story_id, s.label AS story_label, a.copy_of_id, a.copy_kind, "
        "o.outlet AS copy_of_outlet FROM articles a LEFT JOIN stories s ON s.story_id = a.story_id "
        "LEFT JOIN articles o ON o.article_id = a.copy_of_id WHERE a.outlet = ? ORDER BY a.published NULLS LAST, a.seq LIMIT 500",
        [name])
    row["copied_by"] = snap.rows(
        "SELECT c.article_id, c.outlet, c.published, c.copy_kind, c.copy_of_id FROM articles c JOIN articles o "
        "ON o.article_id = c.copy_of_id WHERE o.outlet = ? AND coalesce(c.outlet, '') <> ? ORDER BY c.published NULLS LAST, c.seq LIMIT 500",
        [name, name])
    row["disputes"] = snap.rows(
        "SELECT d.event_id, d.kind, d.value, d.article_id, d.side, e.summary, e.event_type FROM outlet_disputes d "
        "LEFT JOIN event_overview e ON e.event_id = d.event_id WHERE d.outlet = ? ORDER BY d.event_id, d.kind", [name])
    return row


def list_actors(snap: Snapshots, q: str | None = None, page: int = 1, per_page: int = 50, shown_only: bool = True) -> dict[str, Any]:
    where, params = ["shown_as IS NOT NULL" if shown_only else "true"], []
    if q:
        where.append("(lower(o.actor_id) = lower(?) OR contains(lower(o.name), lower(?)))")
        params += [q, q]
    which = "shown" if shown_only else "all"
    rows = snap.rows(
        f"SELECT o.actor_id, o.name, o.kind, o.country, o.sector, c.n_events_{which} AS n_events, c.n_quotes_{which} AS n_quotes, "
        "count(*) OVER () AS total FROM actor_overview o JOIN actor_counts c ON c.actor_id = o.actor_id "
        f"WHERE {' AND '.join(where)} AND (c.n_events_{which} > 0 OR c.n_quotes_{which} > 0) "
        "ORDER BY n_events + n_quotes DESC, o.name LIMIT ? OFFSET ?",
        params + [per_page, (page - 1) * per_page])
    total = rows[0]["total"] if rows else 0
    for r in rows:
        r.pop("total")
    return page_of(rows, total, page, per_page)


# An actor's events listed on its page (the latest; the chart, counterparts and CSV have them all). A head of state in
# the 10,000-report benchmark ledger has over a thousand events: rendering them all took most of the page's time.
ACTOR_EVENTS_LISTED = 200


def actor(snap: Snapshots, actor_id: str, shown_only: bool = True) -> dict[str, Any] | None:
    """An actor as reviewed: its events over time, its counterparts (dyads) and its quotes."""
    row = snap.one("SELECT actor_id, name, kind, country, sector, family, roles, shown_as, review_decision FROM actor_overview "
                   "WHERE actor_id = ?", [actor_id])
    if row is None:
        return None
    row["roles"] = json.loads(row["roles"]) if isinstance(row["roles"], str) else (row["roles"] or [])
    row["events"] = snap.rows(
        "SELECT event_id, event_date, date_precision, event_type, mode, summary, place, story_id, story_label, actor_ids, actor_names, "
        "recipient_ids, recipient_names, independent_outlets, single_source, confidence, shown, review_decision, "
        "CASE WHEN list_contains(actor_ids, ?) THEN 'actor' ELSE 'recipient' END AS role FROM event_overview "
        f"WHERE list_contains(list_concat(actor_ids, recipient_ids), ?) AND {_shown(shown_only)} "
        f"ORDER BY {DATE_ORDER}, first_reported NULLS LAST, {catalog.told_order('')} NULLS LAST, event_id",
        [actor_id, actor_id])
    row["dyads"] = dyads(row["events"], actor_id)
    row["n_events"] = len(row["events"])  # the chart and the counterparts count them all; the page lists the latest
    row["events_per_month"] = charts.per_month(row["events"])
    row["events"] = row["events"][-ACTOR_EVENTS_LISTED:]
    row["quotes"] = snap.rows(
        "SELECT quote_id, article_id, outlet, published, kind, content_text, cue_text, claim_id, claim_independent_outlets, "
        f"review_decision FROM quote_speakers WHERE speaker_id = ? AND {_shown(shown_only)} ORDER BY published NULLS LAST, article_id, quote_no "
        "LIMIT 200",
        [actor_id])
    row["reviews"] = reviews_of(snap, "actor", actor_id)
    return row


def dyads(events: list[dict[str, Any]], actor_id: str) -> list[dict[str, Any]]:
    """Counterparts: who the actor acted upon and who acted upon it, with how many events and of which types."""
    pairs: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for e in events:
        own_side, other = (("actor", zip(e["recipient_ids"], e["recipient_names"])) if actor_id in e["actor_ids"]
                           else ("recipient", zip(e["actor_ids"], e["actor_names"])))
        for other_id, other_name in other:
            if other_id != actor_id:
                pairs[(own_side, other_id, other_name)].append(e["event_type"])
    out = [{"direction": "acts on" if side == "actor" else "acted on by", "actor_id": oid, "name": name,
            "n_events": len(types), "types": sorted(set(types))} for (side, oid, name), types in pairs.items()]
    return sorted(out, key=lambda d: (-d["n_events"], d["name"]))


# ---------------------------------------------------------------------------
# Articles (read from the ledger file)

def article(db: str, snap: Snapshots, article_id: str, shown_only: bool = True) -> dict[str, Any] | None:
    """An article's cleaned text with its facts (``Ledger.article`` / ``Ledger.facts``), its story and copies.

    Remembered per snapshot (:meth:`Snapshots.memo`): callers must not change the dict they get.
    """
    return snap.memo(("article", article_id, shown_only), lambda: _read_article(db, snap, article_id, shown_only),
                     size=lambda row: 4096 + 8 * len(row["text"]) if row else 256)  # the text, its segments and facts


def _read_article(db: str, snap: Snapshots, article_id: str, shown_only: bool) -> dict[str, Any] | None:
    # The ledger API's own readers, over the page database (it holds the same tables and views).
    row = get_article(snap, article_id)  # type: ignore[arg-type]
    if row is None:
        return None
    facts = article_facts(snap, article_id)  # type: ignore[arg-type]
    row["origin"] = PurePath(row["origin"]).name if row.get("origin") else None  # never a server path
    row.pop("origins", None)
    row["story_label"] = snap.scalar("SELECT label FROM stories WHERE story_id = ?", [row["story_id"]]) if row["story_id"] else None
    row["copies"] = snap.rows("SELECT article_id, outlet, published, copy_kind FROM articles WHERE copy_of_id = ? ORDER BY seq",
                              [article_id])
    if shown_only:
        facts["event_mentions"] = [m for m in facts["event_mentions"] if m["shown"]]
        facts["quotes"] = [q for q in facts["quotes"] if q["shown"]]
    row["facts"] = facts
    row["segments"] = segments(row["text"], annotations(facts))
    return row


def annotations(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Every marked span of an article: entities, times, quote contents and event triggers, each with what it is."""
    marks = []
    for e in facts["entities"]:
        marks.append({"start": e["entity_start"], "end": e["entity_end"], "kind": "entity",
                      "label": f"entity {e['label'] or ''}" + (f" = actor {e['actor_id']}" if e["actor_id"] else "")})
    for t in facts["times"]:
        marks.append({"start": t["time_start"], "end": t["time_end"], "kind": "time",
                      "label": f"time {t['timex_type'] or ''} {t['timex_value'] or ''}".strip()})
    for q in facts["quotes"]:
        if q["content_start"] is not None:
            marks.append({"start": q["content_start"], "end": q["content_end"], "kind": "quote",
                          "label": f"{q['kind']} quote of {q['speaker_name'] or 'an unresolved speaker'}"
                                   + (f" (via {q['relayed_by']})" if q.get("relayed_by") else "")})
    for m in facts["event_mentions"]:
        if m["trigger_start"] is not None:
            confidence = f", confidence {m['confidence']:.2f}" if m["confidence"] is not None else ""
            marks.append({"start": m["trigger_start"], "end": m["trigger_end"], "kind": "trigger",
                          "label": f"event {m['event_type']}" + (f" {m['mode']}" if m["mode"] else "") + confidence})
    return marks


def segments(text: str, marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at every mark boundary; each piece lists the marks covering it (overlaps need no nested tags)."""
    cuts = {0, len(text)}
    for m in marks:
        if 0 <= m["start"] < m["end"] <= len(text):
            cuts.update((m["start"], m["end"]))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        over = [m for m in marks if m["start"] <= a and b <= m["end"]]
        out.append({"text": text[a:b], "kinds": sorted({m["kind"] for m in over}), "labels": [m["label"] for m in over]})
    return out


# ---------------------------------------------------------------------------
# Reviews

def reviewed_kinds(snap: Snapshots) -> frozenset[str]:
    """The kinds of target any review names, read once per version: most ledgers have few reviews or none, and
    each page asked for the reviews of its targets in two or three reads (about 1 ms of CPU each at 10,000 articles)."""
    return snap.memo(("reviewed kinds",), lambda: frozenset(
        r["target_kind"] for r in snap.rows("SELECT DISTINCT target_kind FROM reviews")), size=lambda _: 256)


def reviews_of(snap: Snapshots, kind: str, target_id: str) -> list[dict[str, Any]]:
    if kind not in reviewed_kinds(snap):
        return []
    return snap.rows(
        "SELECT review_id, target_kind, target_id, decision, correction, reason, reviewer, created_at, applies_to FROM reviews "
        "WHERE target_kind = ? AND (applies_to = ? OR target_id = ?) ORDER BY created_at DESC, review_id",
        [kind, target_id, target_id])


def reviews_of_many(snap: Snapshots, kind: str, target_ids: list[str]) -> list[dict[str, Any]]:
    """The reviews of several targets of one kind in one read (an event's mentions)."""
    if not target_ids or kind not in reviewed_kinds(snap):
        return []
    return snap.rows(
        "SELECT review_id, target_kind, target_id, decision, correction, reason, reviewer, created_at, applies_to FROM reviews "
        "WHERE target_kind = ? AND (list_contains(?, applies_to) OR list_contains(?, target_id)) ORDER BY created_at DESC, review_id",
        [kind, target_ids, target_ids])


def list_reviews(snap: Snapshots, page: int = 1, per_page: int = 100) -> dict[str, Any]:
    rows = snap.rows(
        "SELECT review_id, target_kind, target_id, decision, correction, reason, reviewer, created_at, applies_to, "
        "count(*) OVER () AS total FROM reviews ORDER BY created_at DESC, review_id LIMIT ? OFFSET ?",
        [per_page, (page - 1) * per_page])
    total = rows[0]["total"] if rows else 0
    for r in rows:
        r.pop("total")
    return page_of(rows, total, page, per_page)


def search(snap: Snapshots, q: str, page: int = 1, per_page: int = 25) -> dict[str, Any]:
    """Articles whose title or text holds every word of ``q``, with their story."""
    terms = q.lower().split()[:8]
    where = " AND ".join("contains(a.search_text, ?)" for _ in terms) or "false"
    rows = snap.rows(
        "SELECT a.article_id, a.outlet, a.published, a.title, a.story_id, s.label AS story_label, a.copy_of_id, "
        f"count(*) OVER () AS total FROM articles a LEFT JOIN stories s ON s.story_id = a.story_id WHERE {where} "
        "ORDER BY a.published DESC NULLS LAST, a.seq LIMIT ? OFFSET ?",
        terms + [per_page, (page - 1) * per_page])
    total = rows[0]["total"] if rows else 0
    for r in rows:
        r.pop("total")
    return page_of(rows, total, page, per_page)


def facets(snap: Snapshots, shown_only: bool = True) -> dict[str, list[dict[str, Any]]]:
    """Values for the stories list's filter menus, each with how many stories it would keep."""
    return {
        "outlets": snap.rows("SELECT outlet AS value, count(DISTINCT story_id) AS n FROM articles WHERE outlet IS NOT NULL "
                             "AND story_id IS NOT NULL GROUP BY outlet ORDER BY outlet"),
        "types": snap.rows(f"SELECT event_type AS value, count(DISTINCT story_id) AS n FROM event_overview WHERE {_shown(shown_only)} "
                           "AND story_id IS NOT NULL GROUP BY event_type ORDER BY event_type"),
    }
