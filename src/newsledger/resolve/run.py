"""Resolution over the stored ledger: stories, story-anchored dates, events, claims, outlets.

Stories are incremental: new articles join or start a story, and only
articles in the newcomers' neighbourhood of the article graph may move
between stories (see :mod:`newsledger.resolve.stories`). Events, claims and
outlet assessments are recomputed from the stored mentions each run: that is
cheap next to the NLP and keeps them consistent.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, Mapping

from newsledger.resolve.claims import resolve_claims
from newsledger.resolve.events import resolve_events
from newsledger.assess.outlets import assess_outlets

if TYPE_CHECKING:
    from newsledger.ledger import Ledger

LEAD_CHARS = 1200
# A wire dateline opening the text ("HELSINKI, July 15 (Agency) — "): not part of a story's label.
DATELINE_PREFIX = r"^[A-Z][A-Z .'-]+,[^\n—–]{0,40}(—|–|--) *"


def resolve_all(ledger: "Ledger", lead_embeddings: Mapping[str, Any] | None = None) -> dict[str, int]:
    assign_stories(ledger, lead_embeddings)
    anchor_undated(ledger)
    store = ledger.store
    with store.transaction():
        n_events = resolve_events(store)
        resolve_claims(store)
        assess_outlets(store)
    return {"stories": store.scalar("SELECT count(*) FROM stories"), "events": n_events}


def assign_stories(ledger: "Ledger", lead_embeddings: Mapping[str, Any] | None = None) -> int:
    """Give every analysed article without a story one; copies share their original's story.

    ``lead_embeddings``: :func:`story_lead` embeddings computed elsewhere, by article id.

    An undated article whose own evidence fixes when it was written (its time
    frame is "inferred") is placed in time by that date, as if published then.
    Stored articles the newcomers' region moved to another story are updated
    too, with their copies.
    """
    from newsledger.resolve.stories import StoryFeatures, StoryIndex, story_words

    store = ledger.store
    pending = store.rows(
        "SELECT a.id, a.title, a.text, coalesce(a.published, CASE WHEN t.confidence = 'inferred' THEN t.date END) AS published, "
        "a.published IS NULL AS date_inferred, "
        "a.duplicate_of FROM articles a JOIN article_features f ON f.article_id = a.id "
        "LEFT JOIN time_frames t ON t.article_id = a.id WHERE a.story IS NULL ORDER BY a.seq"
    )
    if not pending:
        return 0
    states = [json.loads(r["state"]) for r in store.rows("SELECT state FROM stories ORDER BY id")]
    index = StoryIndex.load(states) if states else StoryIndex()
    # Dated reports first: an undated one then chooses among stories whose
    # place in time is known, instead of seeding a story others must match.
    originals = sorted(
        (r for r in pending if not r["duplicate_of"]),
        key=lambda r: (r["published"] is None, r["published"] or dt.date.min),
    )
    embeddings = _lead_embeddings(originals, lead_embeddings or {})
    before = index.assignments()
    for row, vector in zip(originals, embeddings):
        try:
            index.add(StoryFeatures(
                article_id=row["id"],
                published=row["published"],
                words=story_words(row["title"], row["text"]),
                embedding=vector,
                date_inferred=bool(row["date_inferred"]) and row["published"] is not None,
            ))
        except ValueError as exc:  # "<article id>: <reason>"; the article stays without a story and is retried next run
            ledger.analysis_errors.append(str(exc))
    changed = {a: s for a, s in index.assignments().items() if before.get(a) != s}
    with store.transaction():
        for article_id, story in changed.items():
            store.con.execute("UPDATE articles SET story = ? WHERE id = ?", [story, article_id])
        store.con.execute(
            "UPDATE articles AS c SET story = o.story FROM articles AS o "
            "WHERE c.duplicate_of = o.id AND c.story IS DISTINCT FROM o.story"
        )
        copies = [r["id"] for r in pending if r["duplicate_of"]]
        with_copies = {
            r["story"] for r in store.rows("SELECT story FROM articles WHERE list_contains(?, id)", [copies])
        } if copies else set()
        _save_stories(store, index, index.dirty | with_copies)
    return len(originals)


def story_lead(title: str | None, text: str) -> str:
    """What the story embedding of an article reads: its title and the opening of its text."""
    return f"{title or ''}\n{text[:LEAD_CHARS]}"


def _lead_embeddings(rows: list[dict[str, Any]], known: Mapping[str, Any]) -> list:
    """Lead embeddings of the rows: the ones given (computed elsewhere), the others computed here."""
    missing = [r for r in rows if r["id"] not in known]
    computed = dict(zip((r["id"] for r in missing), _embed([story_lead(r["title"], r["text"]) for r in missing])))
    return [known[r["id"]] if r["id"] in known else computed[r["id"]] for r in rows]


def _embed(texts: list[str]):
    if not texts:
        return []
    from newsledger.resolve.embeddings import embed

    return list(embed(texts))


def _save_stories(store, index, stories: set[str]) -> None:
    """Rewrite the rows of the given stories (their members, links or copies changed); drop emptied ones."""
    for story_id in stories:
        store.con.execute("DELETE FROM stories WHERE id = ?", [story_id])
    for state in index.dump(stories):
        story_id = state["id"]
        stats = store.one(
            "SELECT count(*) AS n, min(published) AS first, max(published) AS last, "
            "arg_min(coalesce(title, regexp_extract(regexp_replace(text, ?, ''), '^[^\n]{1,90}[.!?]?')), "
            "coalesce(published, DATE '9999-12-31')) AS label "
            "FROM articles WHERE story = ?",
            [DATELINE_PREFIX, story_id],
        )
        store.insert(
            "stories",
            {
                "id": story_id,
                "label": stats["label"],
                "first_published": stats["first"],
                "last_published": stats["last"],
                "n_articles": stats["n"],
                "state": json.dumps(state, default=_json_default),
            },
        )


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def anchor_undated(ledger: "Ledger") -> int:
    """Date an undated article from the other reports of its story.

    An article with no publication date and no inferable time frame leaves
    "Saturday" unresolved; once it joins a story whose reports are dated, the
    earliest dated report anchors it, and its relative times are resolved
    again against that anchor. The frame records that the date came from the story.
    """
    store = ledger.store
    rows = store.rows(
        "SELECT a.id, a.story, a.text, a.source, a.title FROM articles a JOIN time_frames t ON t.article_id = a.id "
        "WHERE a.published IS NULL AND a.story IS NOT NULL AND coalesce(t.confidence, 'none') = 'none'"
    )
    if not rows:
        return 0
    from newsledger.analysis import analyse_records

    todo = []
    for row in rows:
        anchor = store.scalar(
            "SELECT min(coalesce(a.published, t.date)) FROM articles a LEFT JOIN time_frames t ON t.article_id = a.id "
            "WHERE a.story = ? AND a.id <> ? AND (a.published IS NOT NULL OR t.confidence IN ('metadata', 'inferred'))",
            [row["story"], row["id"]],
        )
        if anchor is not None:
            todo.append({**row, "published": anchor, "anchor": anchor})
    for row, (article_id, record) in zip(todo, analyse_records(todo, n_process=1)):
        frame = record.get("time_frame") or {}
        frame.update(
            date=row["anchor"].isoformat(),
            confidence="story",
            evidence=list(frame.get("evidence") or []) + [f"anchored on story {row['story']}: earliest dated report {row['anchor']}"],
        )
        record["time_frame"] = frame
        for mention in record.get("events") or []:
            if mention.get("date_source") in ("published", "frame"):
                mention["date_source"] = "story"
        ledger.save_analysis(article_id, record)
    return len(todo)
