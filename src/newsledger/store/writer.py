"""Write one article's analysis record into the ledger tables, and read it back."""

from __future__ import annotations

import json
from typing import Any

from newsledger.store.db import Store


def _span(prefix: str, span: dict | None) -> dict[str, Any]:
    span = span or {}
    return {f"{prefix}_start": span.get("start"), f"{prefix}_end": span.get("end"), f"{prefix}_text": span.get("text")}


def write_analysis(store: Store, article_id: str, record: dict[str, Any]) -> None:
    """Insert entities, actors, times, time frame, quotes and event mentions (caller holds the transaction)."""
    for actor in record.get("actors") or []:
        store.upsert(
            "actors",
            {
                "id": actor["id"],
                "name": actor["name"],
                "kind": actor.get("kind"),
                "country": actor.get("country"),
                "sector": actor.get("sector"),
                "family": actor.get("family"),
                "roles": json.dumps(actor.get("roles") or []),
                "origin": actor.get("source"),
            },
            ["id"],
        )
    store.insert_many(
        "entities",
        [
            {"article_id": article_id, "seq": i, "start_char": e["start"], "end_char": e["end"], "text": e["text"], "label": e.get("label"), "actor": e.get("actor")}
            for i, e in enumerate(record.get("entities") or [])
        ],
    )
    store.insert_many(
        "times",
        [
            {"article_id": article_id, "seq": i, "start_char": t["start"], "end_char": t["end"], "text": t["text"], "type": t.get("type"), "value": t.get("value"), "mod": t.get("mod"), "anchor": t.get("anchor")}
            for i, t in enumerate(record.get("times") or [])
        ],
    )
    frame = record.get("time_frame")
    if frame:
        store.insert(
            "time_frames",
            {
                "article_id": article_id,
                "date": frame.get("date"),
                "confidence": frame.get("confidence"),
                "evidence": json.dumps(frame.get("evidence") or []),
                "earliest": frame.get("earliest"),
                "latest": frame.get("latest"),
            },
        )
    store.insert_many(
        "quotes",
        [
            {
                "id": f"{article_id}:q{i}",
                "article_id": article_id,
                "seq": i,
                "kind": q["kind"],
                "speaker": q.get("speaker"),
                **_span("source", q.get("source")),
                **_span("cue", q.get("cue")),
                **_span("content", q.get("content")),
            }
            for i, q in enumerate(record.get("quotes") or [])
        ],
    )
    store.insert_many("mentions", [_mention_row(article_id, i, m) for i, m in enumerate(record.get("events") or [])])
    store.insert_many(
        "mention_counts",
        [
            {"mention_id": f"{article_id}:m{i}", "article_id": article_id, "seq": j, "kind": c["kind"], "value": c["value"],
             "part": bool(c.get("part")), "subgroup": bool(c.get("subgroup")), "start_char": c.get("start"), "end_char": c.get("end"),
             "text": c.get("text")}
            for i, m in enumerate(record.get("events") or []) for j, c in enumerate(m.get("counts") or [])
        ],
    )
    store.insert(
        "article_features",
        {"article_id": article_id, "n_tokens": record.get("n_tokens"), "story_features": json.dumps(record.get("story_features"))},
    )


def _mention_row(article_id: str, i: int, m: dict[str, Any]) -> dict[str, Any]:
    trigger, sentence = m.get("trigger") or {}, m.get("sentence") or {}
    time, place = m.get("time") or {}, m.get("location_span") or {}
    return {
        "id": f"{article_id}:m{i}",
        "article_id": article_id,
        "seq": i,
        "type": m["type"],
        "mode": m.get("mode"),
        "actors": list(m.get("actors") or []),
        "recipients": list(m.get("recipients") or []),
        "trigger_start": trigger.get("start"),
        "trigger_end": trigger.get("end"),
        "trigger_text": trigger.get("text"),
        "sentence_start": sentence.get("start"),
        "sentence_end": sentence.get("end"),
        "time_start": time.get("start"),
        "time_end": time.get("end"),
        "date": m.get("date"),
        "date_source": m.get("date_source"),
        "date_precision": m.get("date_precision"),
        "location": m.get("location"),
        "location_start": place.get("start"),
        "location_end": place.get("end"),
        "modality": m.get("modality"),
        "confidence": m.get("confidence"),
    }


def read_analysis(store: Store, article_id: str) -> dict[str, Any]:
    """The stored facts of one article, in the shape ``newsledger analyze`` prints."""
    entities = store.rows(
        'SELECT start_char AS start, end_char AS "end", text, label, actor FROM entities WHERE article_id = ? ORDER BY seq',
        [article_id],
    )
    actor_ids = sorted({e["actor"] for e in entities if e["actor"]})
    actors = store.rows(
        "SELECT id, name, kind, country, sector, family, roles FROM actors WHERE list_contains(?, id) ORDER BY id", [actor_ids]
    )
    for a in actors:
        a["roles"] = json.loads(a["roles"]) if a["roles"] else []
    times = store.rows(
        'SELECT start_char AS start, end_char AS "end", text, type, value, mod FROM times WHERE article_id = ? ORDER BY seq', [article_id]
    )
    frame = store.one("SELECT date, confidence, evidence, earliest, latest FROM time_frames WHERE article_id = ?", [article_id])
    if frame:
        frame["evidence"] = json.loads(frame["evidence"]) if frame["evidence"] else []
    quotes = [_quote(q) for q in store.rows("SELECT * FROM quotes WHERE article_id = ? ORDER BY seq", [article_id])]
    mentions = store.rows("SELECT * FROM mentions WHERE article_id = ? ORDER BY seq", [article_id])
    counts = store.rows(
        'SELECT mention_id, kind, value, part, subgroup, start_char AS start, end_char AS "end", text '
        "FROM mention_counts WHERE article_id = ? ORDER BY mention_id, seq",
        [article_id],
    )
    for m in mentions:
        m["counts"] = [{k: v for k, v in c.items() if k != "mention_id"} for c in counts if c["mention_id"] == m["id"]]
    return {"entities": entities, "actors": actors, "times": times, "time_frame": frame, "quotes": quotes, "events": mentions}


def _quote(q: dict[str, Any]) -> dict[str, Any]:
    def span(prefix: str) -> dict | None:
        if q[f"{prefix}_start"] is None:
            return None
        return {"start": q[f"{prefix}_start"], "end": q[f"{prefix}_end"], "text": q[f"{prefix}_text"]}

    return {"id": q["id"], "kind": q["kind"], "source": span("source"), "cue": span("cue"), "content": span("content"), "speaker": q["speaker"], "claim": q["claim"]}
