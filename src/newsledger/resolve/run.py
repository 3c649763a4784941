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
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Mapping

from newsledger.resolve.claims import resolve_claims
from newsledger.resolve.events import resolve_events
from newsledger.assess.outlets import BASELINE as OUTLET_BASELINE, assess_outlets

if TYPE_CHECKING:
    from newsledger.ledger import Ledger

# A wire dateline opening the text ("HELSINKI, July 15 (Agency) — "): not part of a story's label.
DATELINE_PREFIX = r"^[A-Z][A-Z .'-]+,[^\n—–]{0,40}(—|–|--) *"
# Boilerplate the cleaner removed as spam: an article that carried it does not title a story.
SPAM_REASONS = ["spam-offer", "featured-post"]


def resolve_all(ledger: "Ledger", lead_embeddings: Mapping[str, Any] | None = None) -> dict[str, int]:
    assign_stories(ledger, lead_embeddings)
    anchor_undated(ledger)
    store = ledger.store
    with store.transaction():
        n_events = resolve_events(store)
        resolve_claims(store)
        assess_outlets(store)
        label_stories(store)
    return {"stories": store.scalar("SELECT count(*) FROM stories"), "events": n_events}


def assign_stories(ledger: "Ledger", lead_embeddings: Mapping[str, Any] | None = None) -> int:
    """Give every analysed article without a story one; copies share their original's story.

    ``lead_embeddings``: :func:`story_lead` embeddings computed elsewhere, by article id.

    An undated article whose own evidence fixes when it was written (its time
    frame is "inferred") is placed in time by that date, as if published then.
    Stored articles the newcomers' region moved to another story are updated
    too, with their copies.
    """
    from newsledger.resolve.stories import StoryIndex

    store = ledger.store
    pending = store.rows(
        "SELECT a.id, a.duplicate_of FROM articles a JOIN article_features f ON f.article_id = a.id "
        "WHERE a.story IS NULL ORDER BY a.seq"
    )
    if not pending:
        return 0
    states = [json.loads(r["state"]) for r in store.rows("SELECT state FROM stories ORDER BY id")]
    index = StoryIndex.load(states) if states else StoryIndex()
    originals = arrival_order(story_features(store, [r["id"] for r in pending if not r["duplicate_of"]], lead_embeddings))
    before = index.assignments()
    for features in originals:
        try:
            index.add(features)
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


def arrival_order(features: list) -> list:
    """The order new articles enter the story index: by date, dated reports first (stable).

    An undated report then chooses among stories whose place in time is
    known, instead of seeding a story others must match.
    """
    return sorted(features, key=lambda f: (f.published is None, f.published or dt.date.min))


def story_features(store, article_ids: list[str], lead_embeddings: Mapping[str, Any] | None = None) -> list:
    """:class:`StoryFeatures` of stored, analysed articles, in ``seq`` order: the one path to story features.

    ``assign_stories`` and the story evaluations call this, so tuning
    measures what users run. Each article is placed in time by its
    publication date or, failing that, by the date its own evidence infers
    (``date_inferred``); its incident signature comes from its stored
    mentions and entities (:func:`newsledger.resolve.stories.article_features`).
    ``lead_embeddings``: :func:`story_lead` embeddings computed elsewhere (the
    Spark executors), by article id; the others are computed here.
    """
    from newsledger.resolve.stories import PLACE_LABELS, article_features, lead_text

    if not article_ids:
        return []
    articles = store.rows(
        "SELECT a.id, a.title, a.text, a.published IS NULL AS date_inferred, "
        "coalesce(a.published, CASE WHEN t.confidence = 'inferred' THEN t.date END) AS published "
        "FROM articles a LEFT JOIN time_frames t ON t.article_id = a.id "
        "WHERE a.id IN (SELECT unnest(?::VARCHAR[])) ORDER BY a.seq",
        [article_ids],
    )
    mentions: dict[str, list[dict]] = defaultdict(list)
    for m in store.rows(
        "SELECT article_id, type, mode, trigger_start, sentence_start, date, date_source, date_precision, location, modality, confidence "
        "FROM mentions WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id, seq",
        [article_ids],
    ):
        mentions[m["article_id"]].append(m)
    entities: dict[str, list[dict]] = defaultdict(list)
    for e in store.rows(
        "SELECT article_id, start_char, text, label FROM entities WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
        "AND list_contains(?, label) ORDER BY article_id, seq",
        [article_ids, sorted(PLACE_LABELS | {"PERSON"})],
    ):
        entities[e["article_id"]].append(e)
    known = lead_embeddings or {}
    missing = [a for a in articles if a["id"] not in known]
    computed = dict(zip((a["id"] for a in missing), _embed([lead_text(a["title"], a["text"]) for a in missing])))
    vectors = [known[a["id"]] if a["id"] in known else computed[a["id"]] for a in articles]
    return [article_features(a, mentions[a["id"]], entities[a["id"]], v) for a, v in zip(articles, vectors)]


def story_lead(title: str | None, text: str) -> str:
    """What the story embedding of an article reads (:func:`newsledger.resolve.stories.lead_text`)."""
    from newsledger.resolve.stories import lead_text

    return lead_text(title, text)


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
            "SELECT count(*) AS n, min(published) AS first, max(published) AS last FROM articles WHERE story = ?",
            [story_id],
        )
        store.insert(
            "stories",
            {
                "id": story_id,
                "label": None,
                "first_published": stats["first"],
                "last_published": stats["last"],
                "n_articles": stats["n"],
                "state": json.dumps(state, default=_json_default),
            },
        )
    label_stories(store, sorted(stories))


def label_stories(store, stories: list[str] | None = None) -> None:
    """Title each story (all, or the given ones) by its most reliable original report.

    Candidates are the story's originals, never a copy. Ranked by: no spam
    boilerplate removed from the article; then its outlet's reliability
    score in ``outlets`` (the score of the last assessment; an outlet not
    assessed yet counts as the baseline); then the earliest publication,
    then the first ingested. The label is the report's title, or the first
    line of its text without a wire dateline. :func:`resolve_all` relabels
    every story after assessing outlets, so labels follow the current scores.
    """
    where = "AND list_contains(?, a.story)" if stories is not None else ""
    params = [DATELINE_PREFIX, OUTLET_BASELINE, SPAM_REASONS] + ([list(stories)] if stories is not None else [])
    store.con.execute(
        "UPDATE stories SET label = best.label FROM ("
        "  SELECT story, label FROM ("
        "    SELECT a.story, coalesce(a.title, regexp_extract(regexp_replace(a.text, ?, ''), '^[^\n]{1,90}[.!?]?')) AS label,"
        "      row_number() OVER (PARTITION BY a.story ORDER BY spam.article_id IS NOT NULL,"
        "        coalesce(o.score, ?) DESC, coalesce(a.published, DATE '9999-12-31'), a.seq) AS rank"
        "    FROM articles a LEFT JOIN outlets o ON o.source = a.source"
        "    LEFT JOIN (SELECT DISTINCT article_id FROM removed_lines WHERE list_contains(?, reason)) spam"
        "      ON spam.article_id = a.id"
        f"    WHERE a.story IS NOT NULL AND a.duplicate_of IS NULL {where}"
        "  ) WHERE rank = 1"
        ") AS best WHERE stories.id = best.story AND stories.label IS DISTINCT FROM best.label",
        params,
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
        frame.update(  # the re-analysis took the anchor as its publication date; say where it came from instead
            date=row["anchor"].isoformat(),
            confidence="story",
            evidence=[f"anchored on story {row['story']}: earliest dated report {row['anchor']}"],
        )
        record["time_frame"] = frame
        for mention in record.get("events") or []:
            if mention.get("date_source") in ("published", "frame"):
                mention["date_source"] = "story"
        ledger.save_analysis(article_id, record)
    return len(todo)
