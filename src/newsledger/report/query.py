"""Read-side queries shared by the report, the export and the CLI.

The default view: an event is listed when its best mention reaches
``settings.EVENT_MIN_CONFIDENCE``, and only the mentions that reach it are
shown as its evidence, with the actors and recipients they name and the
independent sources and the place they give (a hidden mention corroborates
nothing and places nothing).
Lower-confidence mentions stay in the ledger (``mentions``); pass
``min_confidence=0`` to list everything.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from newsledger import settings
from newsledger.model import display_name
from newsledger.resolve.events import independent_count
from newsledger.store.db import Store


def actor_names(store: Store) -> dict[str, str]:
    return dict(store.con.execute("SELECT id, name FROM actors").fetchall())


def list_events(
    store: Store,
    *,
    actor: str | None = None,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    story: str | None = None,
    min_confidence: float | None = None,
) -> list[dict[str, Any]]:
    """Events with names, mentions and contradictions; ``actor`` matches an id or a name (case-insensitive).

    ``min_confidence`` (default ``settings.EVENT_MIN_CONFIDENCE``; 0 shows all) filters events by
    their best mention and their evidence by each mention's confidence.
    """
    threshold = default_threshold() if min_confidence is None else float(min_confidence)
    where, params = ["coalesce(e.confidence, 0) >= ?"], [threshold]
    if type:
        where.append("upper(e.type) = upper(?)")
        params.append(type)
    if since:
        where.append("e.date >= ?")
        params.append(since)
    if until:
        where.append("e.date IS NOT NULL AND left(e.date, length(?)) <= ?")
        params += [until, until]
    if story:
        where.append("(e.story = ? OR list_contains(e.stories, ?))")
        params += [story, story]
    if actor:
        where.append(
            "EXISTS (SELECT 1 FROM actors x WHERE (list_contains(e.actors, x.id) OR list_contains(e.recipients, x.id)) "
            "AND (lower(x.id) = lower(?) OR lower(x.name) LIKE '%' || lower(?) || '%'))"
        )
        params += [actor, actor]
    events = store.rows(
        f"SELECT e.* FROM events e WHERE {' AND '.join(where)} ORDER BY e.date NULLS LAST, e.first_reported NULLS LAST, e.id",
        params,
    )
    names = actor_names(store)
    for ev in events:
        ev["mentions"] = store.rows(
            "SELECT m.article_id AS article, m.trigger_start AS start, m.trigger_end AS \"end\", m.trigger_text AS trigger, "
            "m.sentence_start, m.sentence_end, substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence, "
            "a.source, m.date, m.date_source, m.modality, m.confidence, m.actors AS mention_actors, "
            "m.recipients AS mention_recipients, coalesce(a.duplicate_of, a.id) AS root, m.location AS mention_location "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.event = ? AND coalesce(m.confidence, 0) >= ? ORDER BY a.seq, m.seq",
            [ev["id"], threshold],
        )
        shown = _named_in(ev["mentions"]) if threshold > 0 else None
        ev["actors"] = [{"id": a, "name": display_name(a, names)} for a in ev["actors"] or [] if shown is None or a in shown]
        ev["recipients"] = [{"id": a, "name": display_name(a, names)} for a in ev["recipients"] or []
                            if shown is None or a in shown]
        if threshold > 0:  # corroboration and place come only from the evidence shown
            ev["sources"], ev["independent_sources"] = independent_count(ev["mentions"])
            ev["single_source"] = ev["independent_sources"] <= 1
            ev["location"] = _shown_place(ev["location"], ev["mentions"])
        for m in ev["mentions"]:
            m.pop("mention_actors"), m.pop("mention_recipients"), m.pop("root"), m.pop("mention_location")
        ev["contradictions"] = store.rows(
            "SELECT c.kind, c.article_a, c.start_a, c.end_a, c.value_a, c.article_b, c.start_b, c.end_b, c.value_b, "
            "coalesce(c.source_a, a.source) AS source_a, coalesce(c.source_b, b.source) AS source_b, c.as_of, "
            "a.published AS published_a, b.published AS published_b, "
            f"{_passage('a', 'c.start_a', 'c.end_a')} AS passage_a, {_passage('b', 'c.start_b', 'c.end_b')} AS passage_b "
            "FROM contradictions c JOIN articles a ON a.id = c.article_a JOIN articles b ON b.id = c.article_b "
            "WHERE c.event = ? ORDER BY c.kind, c.article_a, c.article_b",
            [ev["id"]],
        )
        ev["count_updates"] = store.rows(
            "SELECT kind, seq, as_of, value, article, source, start_char, end_char FROM count_updates WHERE event = ? "
            "ORDER BY kind, seq",
            [ev["id"]],
        )
    return events


# Characters of context shown around a contradicted value: the passage a reader checks.
PASSAGE_CONTEXT = 60


def _passage(alias: str, start: str, end: str) -> str:
    """SQL for the text around a span of article ``alias``, trimmed to the sentence-ish context."""
    return (f"CASE WHEN {start} IS NULL THEN NULL ELSE substr({alias}.text, greatest(1, {start} + 1 - {PASSAGE_CONTEXT}), "
            f"{end} - {start} + 2 * {PASSAGE_CONTEXT}) END")
def default_threshold() -> float:
    """The default view's confidence threshold (``settings.EVENT_MIN_CONFIDENCE``)."""
    return float(settings.EVENT_MIN_CONFIDENCE)


def _named_in(mentions: list[dict[str, Any]]) -> set[str]:
    """Actors and recipients named by the shown mentions: a party only a hidden mention names is not shown."""
    return {a for m in mentions for a in (m["mention_actors"] or []) + (m["mention_recipients"] or [])}


def _shown_place(stored: str | None, mentions: list[dict[str, Any]]) -> str | None:
    """The event's place if a shown mention gives it, else the place most shown mentions give."""
    places = Counter(m["mention_location"] for m in mentions if m["mention_location"])
    if not places or stored in places:
        return stored if places else None
    return sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def hidden_event_count(store: Store, min_confidence: float | None = None) -> int:
    """Events kept in the ledger but below the default view's threshold."""
    threshold = default_threshold() if min_confidence is None else float(min_confidence)
    return store.scalar("SELECT count(*) FROM events WHERE coalesce(confidence, 0) < ?", [threshold]) or 0


def list_claims(store: Store, story: str | None = None) -> list[dict[str, Any]]:
    names = actor_names(store)
    rows = store.rows(
        "SELECT * FROM claims" + (" WHERE story = ?" if story else "")
        + " ORDER BY independent_sources DESC, n_quotes DESC, speaker IS NULL, kind <> 'direct', length(text) DESC, id",
        [story] if story else [],
    )
    for r in rows:
        r["speaker_name"] = display_name(r["speaker"], names) if r["speaker"] else None
        r["quotes"] = store.rows(
            "SELECT id, article_id AS article, kind, content_start AS start, content_end AS \"end\", source_text, cue_text "
            "FROM quotes WHERE claim = ? ORDER BY article_id, seq",
            [r["id"]],
        )
    return rows
