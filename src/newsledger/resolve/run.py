"""Resolution over the stored ledger: stories, the dates stories anchor, events and claims.

Stories are incremental: new articles join or start a story, and only
articles in the newcomers' neighbourhood of the article graph may move
between stories (see :mod:`newsledger.resolve.stories`). Events and claims
are recomputed from the stored mentions and quotes each run: that is cheap
next to the NLP and keeps them consistent.

These functions read and write the store only; they never run the NLP or
the assessment. :meth:`newsledger.ledger.Ledger.resolve` calls them in
order, and re-analyses the undated articles a story anchors in between
(:func:`undated_to_anchor`, :func:`anchored_record`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from typing import Any, Callable, Mapping

from newsledger.ingest.errors import IngestError
from newsledger.resolve.claims import resolve_claims
from newsledger.resolve.events import cross_story_keys, resolve_events
from newsledger.resolve.reviews import apply_story_reviews
from newsledger.store import writer
from newsledger.store.db import Store
from newsledger.store.embedding_model import embedded_with_another, record_model

log = logging.getLogger(__name__)


def assign_stories(store: Store, lead_embeddings: Mapping[str, Any] | None = None,
                   progress: Callable[[str, int, int | None], None] | None = None) -> tuple[int, list[IngestError]]:
    """Give every analysed article without a story one; copies share their original's story.

    ``lead_embeddings``: :func:`story_lead` embeddings computed elsewhere, by article id.

    An undated article whose own evidence fixes when it was written (its time
    frame is "inferred") is placed in time by that date, as if published then.
    Stored articles the newcomers' region moved to another story are updated
    too, with their copies. Returns how many originals were placed, and a
    problem for each article the story index refused (it stays without a
    story and is tried again at the next run). Reviewers' story merges and
    splits are applied last, every run (:func:`apply_story_reviews`). Stories
    whose vectors another embedding model made are rebuilt first
    (:func:`forget_stories_of_another_model`), and the model is recorded
    with the states. ``progress("stories", placed, newcomers)`` is called
    after each original is placed (the index's share of a resolution grows
    with the newcomers).
    """
    from newsledger.resolve.embeddings import DIM, MODEL_ID
    from newsledger.resolve.stories import StoryIndex, StoryRefused

    forget_stories_of_another_model(store, MODEL_ID)
    pending = store.rows(
        "SELECT a.article_id, a.copy_of_id, a.origin FROM articles a "
        "WHERE a.story_id IS NULL AND a.analysed_at IS NOT NULL ORDER BY a.seq"
    )
    if not pending:
        apply_story_reviews(store)
        return 0, []
    states = [json.loads(r["state"]) for r in store.rows("SELECT state FROM internal.story_states ORDER BY story_id")]
    index = StoryIndex.load(states) if states else StoryIndex()
    originals = arrival_order(story_features(store, [r["article_id"] for r in pending if not r["copy_of_id"]], lead_embeddings))
    origins = {r["article_id"]: r["origin"] for r in pending}
    before = index.assignments()
    problems = []
    if progress:
        progress("stories", 0, len(originals))
    for placed, features in enumerate(originals, 1):
        try:
            index.add(features)
        except StoryRefused as exc:
            problems.append(IngestError(origins[exc.article_id], exc.reason, stage="stories", article_id=exc.article_id))
        if progress:
            progress("stories", placed, len(originals))
    changed = {a: s for a, s in index.assignments().items() if before.get(a) != s}
    with store.transaction():
        writer.set_story_ids(store, changed)
        copies = [r["article_id"] for r in pending if r["copy_of_id"]]
        with_copies = {
            r["story_id"] for r in store.rows("SELECT story_id FROM articles WHERE list_contains(?, article_id)", [copies])
        } if copies else set()
        dirty = index.dirty | with_copies
        writer.save_story_states(store, index.dump(dirty), dirty)
        record_model(store, MODEL_ID, DIM)
    apply_story_reviews(store)
    return len(originals), problems


def forget_stories_of_another_model(store: Store, model: str) -> bool:
    """Forget the stories when their vectors were made by another embedding model; True if they were.

    Cosines between vectors of two models mean nothing, so the story index is
    not resumed: every analysed article is placed again and embedded with
    ``model`` (a one-time cost of an upgrade that changes the model; the
    reviewers' merges and splits are applied again after it).
    """
    other = embedded_with_another(store, model)
    if other is None:
        return False
    log.warning("stories were embedded with %r, this version embeds with %r: rebuilding every story", other, model)
    with store.transaction():
        writer.forget_stories(store)
    return True


def arrival_order(features: list) -> list:
    """The order new articles enter the story index: by date, dated reports first (stable).

    An undated report then chooses among stories whose place in time is
    known, instead of seeding a story others must match.
    """
    return sorted(features, key=lambda f: (f.published is None, f.published or dt.date.min))


def story_features(store: Store, article_ids: list[str], lead_embeddings: Mapping[str, Any] | None = None) -> list:
    """:class:`StoryFeatures` of stored, analysed articles, in ``seq`` order: the one path to story features.

    ``assign_stories`` and the story evaluations call this, so tuning
    measures what users run. Each article is placed in time by its
    publication date or, failing that, by the date its own evidence infers
    (``date_inferred``); its incident signature comes from its stored
    mentions and entities (:func:`newsledger.resolve.stories.article_features`),
    read here in the analysis record's names (type, date, location, start).
    ``lead_embeddings``: :func:`story_lead` embeddings computed elsewhere (the
    Spark executors), by article id; the others are computed here.
    """
    from newsledger.resolve.stories import PLACE_LABELS, article_features, lead_text
    from newsledger.store.dates import to_value

    if not article_ids:
        return []
    articles = store.rows(
        "SELECT a.article_id AS id, a.title, a.text, a.published IS NULL AS date_inferred, "
        "coalesce(a.published, CASE WHEN t.frame_from = 'inferred' THEN t.frame_date END) AS published "
        "FROM articles a LEFT JOIN article_time_frames t ON t.article_id = a.article_id "
        "WHERE a.article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY a.seq",
        [article_ids],
    )
    mentions: dict[str, list[dict]] = defaultdict(list)
    for m in store.rows(
        "SELECT article_id, event_type AS type, mode, trigger_start, sentence_start, event_date, date_from AS date_source, "
        "date_precision, place AS location, modality, confidence "
        "FROM event_mentions WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id, mention_no",
        [article_ids],
    ):
        m["date"] = to_value(m.pop("event_date"), m["date_precision"])
        mentions[m["article_id"]].append(m)
    entities: dict[str, list[dict]] = defaultdict(list)
    for e in store.rows(
        "SELECT article_id, entity_start AS start, entity_text AS text, label FROM entities "
        "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) AND list_contains(?, label) ORDER BY article_id, entity_no",
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


def undated_to_anchor(store: Store) -> list[dict[str, Any]]:
    """Undated articles a story can date, each with the anchor: its story's earliest dated report.

    An article with no publication date and no inferable time frame leaves
    "Saturday" unresolved; once it joins a story whose reports are dated,
    the earliest dated report anchors it. The rows are what the analysis
    reads (id, text, outlet, title) with ``published`` set to the anchor;
    the caller analyses them again and saves :func:`anchored_record`.
    """
    rows = store.rows(
        "SELECT a.article_id AS id, a.story_id AS story, a.text, a.outlet AS source, a.title "
        "FROM articles a JOIN article_time_frames t ON t.article_id = a.article_id "
        "WHERE a.published IS NULL AND a.story_id IS NOT NULL AND coalesce(t.frame_from, 'none') = 'none'"
    )
    todo = []
    for row in rows:
        anchor = store.scalar(
            "SELECT min(coalesce(a.published, t.frame_date)) FROM articles a "
            "LEFT JOIN article_time_frames t ON t.article_id = a.article_id "
            "WHERE a.story_id = ? AND a.article_id <> ? AND (a.published IS NOT NULL OR t.frame_from IN ('metadata', 'inferred'))",
            [row["story"], row["id"]],
        )
        if anchor is not None:
            todo.append({**row, "published": anchor, "anchor": anchor})
    return todo


def anchored_record(record: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """The re-analysis of an anchored article, saying the date came from its story.

    The analysis took the anchor as the story's day (``nlp.timex_frame.story_frame``);
    its frame and the mentions dated by it say where the date really came from
    instead. A wire's dateline near the anchor, before it ("HELSINKI, July 15
    (Agency) —" in a story first dated July 16) or after it ("ST. PETERSBURG,
    Dec. 30" in a story first dated Dec. 29), is the report's own day: the
    analysis read its times against it, so the frame keeps it. Without one,
    the report's day is unknown: the frame shows the story's day, and the
    analysis gave "yesterday" or "this morning" no day.
    """
    frame = record.get("time_frame") or {}
    evidence = [f"anchored on story {row['story']}: earliest dated report {row['anchor']}"]
    day = row["anchor"].isoformat()
    if frame.get("date") and frame["date"] != day:
        when = "filed before" if frame["date"] < day else "filed after"
        day = frame["date"]
        evidence.append(f"anchor {day}: the dateline's day, {when} the story's first report")
    frame.update(date=day, confidence="story", evidence=evidence)
    record["time_frame"] = frame
    for mention in record.get("events") or []:
        if mention.get("date_source") in ("published", "frame"):
            mention["date_source"] = "story"
    return record


def resolve_facts(store: Store, stories: set[str] | None = None) -> int:
    """Rebuild events and claims of these stories (a closed set, :func:`resolution_scope`) or of all (None);
    the caller holds the transaction; returns the events rebuilt."""
    n_events = resolve_events(store, stories)
    resolve_claims(store, stories)
    return n_events


# ---------------------------------------------------------------------------
# Incremental resolution: which stories' events and claims to redo

def story_fingerprints(store: Store) -> dict[str, str]:
    """story id -> a hash of everything its events and claims are computed from.

    Its members (id, original, outlet and the original's outlet,
    publication date, order, when analysed: a re-analysis or a re-cleaning
    changes it), the actors their mentions and quotes name (name, family,
    country: a new analysis may update an actor another story names), and
    the reviewers' event and claim merges and splits anchored in it. A story
    whose hash differs from the last resolution's (``internal.resolved_stories``)
    is resolved again; the others keep their events and claims. Three
    aggregate queries over the ledger: about a second at 100k articles
    (docs/BENCHMARKS.md).
    """
    members = store.con.execute(
        "SELECT a.story_id, bit_xor(hash(a.article_id, a.copy_of_id, a.outlet, o.outlet, a.published, a.seq, a.analysed_at)) "
        "FROM articles a LEFT JOIN articles o ON o.article_id = a.copy_of_id WHERE a.story_id IS NOT NULL GROUP BY 1"
    ).fetchall()
    actors = dict(store.con.execute(
        "SELECT story_id, bit_xor(h) FROM (SELECT DISTINCT a.story_id, hash(x.actor_id, x.name, x.family, x.country) AS h "
        "FROM (SELECT article_id, unnest(list_concat(actor_ids, recipient_ids)) AS actor_id FROM event_mentions "
        "      UNION ALL SELECT article_id, speaker_id FROM quotes WHERE speaker_id IS NOT NULL) n "
        "JOIN articles a ON a.article_id = n.article_id JOIN actors x ON x.actor_id = n.actor_id "
        "WHERE a.story_id IS NOT NULL) GROUP BY 1"
    ).fetchall())
    reviews = dict(store.con.execute(
        "SELECT story_id, bit_xor(h) FROM (SELECT DISTINCT a.story_id, hash(r.review_id) AS h "
        "FROM reviews r, unnest(r.anchor_ids) AS x(anchor) "
        "JOIN (SELECT mention_id AS id, article_id FROM event_mentions UNION ALL SELECT quote_id, article_id FROM quotes) t "
        "ON t.id = x.anchor JOIN articles a ON a.article_id = t.article_id "
        "WHERE r.target_kind IN ('event', 'claim') AND r.decision IN ('merge', 'split') AND a.story_id IS NOT NULL) GROUP BY 1"
    ).fetchall())
    return {story: f"{h}:{actors.get(story, 0)}:{reviews.get(story, 0)}" for story, h in members}


def changed_stories(store: Store, fingerprints: dict[str, str] | None = None) -> set[str]:
    """Stories whose fingerprint (:func:`story_fingerprints`) differs from the last resolution's, or that are gone."""
    if fingerprints is None:
        fingerprints = story_fingerprints(store)
    stored = dict(store.con.execute("SELECT story_id, fingerprint FROM internal.resolved_stories").fetchall())
    return {s for s, f in fingerprints.items() if stored.get(s) != f} | (set(stored) - set(fingerprints))


def resolution_scope(store: Store, fingerprints: dict[str, str]) -> set[str]:
    """The stories whose events and claims must be redone: those changed since the last resolution, closed.

    Changed: a fingerprint (:func:`story_fingerprints`) that differs from
    the stored one, or a story resolved before that no longer exists. The
    set is then closed, until nothing is added, over what ties stories
    together: an event or claim holding mentions or quotes of a story in
    the set (as stored, or as ``events.story_ids`` says for mentions since
    re-analysed); a mention that :func:`newsledger.resolve.events.same_event`
    may join with a mention of another story (:func:`_tied_by_mentions`);
    a reviewer's merge or split
    anchored in the set. Redoing a closed set gives the events and claims
    a whole rebuild gives (``tests/test_incremental.py``).

    At DEBUG level each closure step logs how many stories it added and by
    which tie, and each mention pair that tied a story
    (``bench_resolution.py --explain-scope``): that is how the whole
    ingest into the 100k benchmark ledger was found to start from 460
    archived stories made stale by rewritten text actors (docs/BENCHMARKS.md,
    round 5).
    """
    scope = changed_stories(store, fingerprints)
    log.debug("scope: %d stories changed", len(scope))
    frontier, first, step = set(scope), True, 0
    while frontier or first:  # articles without a story are always redone: the first round starts from them too
        facts, reviews = _tied_by_stored_facts(store, frontier), _tied_by_reviews(store, frontier)
        mentions = _tied_by_mentions(store, frontier)
        found = facts | reviews | mentions
        frontier, first, step = found - scope, False, step + 1
        scope |= frontier
        if log.isEnabledFor(logging.DEBUG):
            log.debug("scope step %d: +%d stories (facts %d, reviews %d, mentions %d) -> %d stories", step, len(frontier),
                      len(facts & frontier), len(reviews & frontier), len(mentions & frontier), len(scope))
    return scope


def outlets_in(store: Store, stories: set[str]) -> set[str]:
    """Outlets with an article in these stories or in none: those whose assessment a resolution of ``stories`` may change.

    What an outlet is assessed on (its articles, the copies of its reports,
    its quotes, the events and disputes its reports are in) changes only
    with articles that are new, analysed again or moved, whose stories are
    in the scope, or with events and contradictions of the scope; a copy
    shares its original's story, so the outlet it copies is found too.
    """
    return {r[0] for r in store.con.execute(
        "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL AND (story_id IS NULL OR list_contains(?, story_id))",
        [sorted(stories)],
    ).fetchall()}


def _tied_by_stored_facts(store: Store, stories: set[str]) -> set[str]:
    """Stories holding mentions or quotes of the events and claims that hold mentions or quotes of ``stories``
    (or of articles without a story)."""
    rows = store.con.execute(
        "WITH s AS (SELECT unnest(?::VARCHAR[]) AS story_id), "
        "ev AS (SELECT m.event_id FROM event_mentions m JOIN articles a ON a.article_id = m.article_id "
        "       WHERE m.event_id IS NOT NULL AND (a.story_id IS NULL OR a.story_id IN (SELECT story_id FROM s)) "
        "       UNION SELECT event_id FROM events WHERE len(list_intersect(story_ids, (SELECT list(story_id) FROM s))) > 0), "
        "cl AS (SELECT q.claim_id FROM quotes q JOIN articles a ON a.article_id = q.article_id "
        "       WHERE q.claim_id IS NOT NULL AND (a.story_id IS NULL OR a.story_id IN (SELECT story_id FROM s))) "
        "SELECT a.story_id FROM event_mentions m JOIN articles a ON a.article_id = m.article_id "
        "WHERE m.event_id IN (SELECT event_id FROM ev) AND a.story_id IS NOT NULL "
        "UNION SELECT unnest(story_ids) FROM events WHERE event_id IN (SELECT event_id FROM ev) "
        "UNION SELECT a.story_id FROM quotes q JOIN articles a ON a.article_id = q.article_id "
        "WHERE q.claim_id IN (SELECT claim_id FROM cl) AND a.story_id IS NOT NULL",
        [sorted(stories)],
    ).fetchall()
    return {r[0] for r in rows if r[0] is not None}


def _tied_by_reviews(store: Store, stories: set[str]) -> set[str]:
    """Stories of every anchor of the event and claim merges and splits anchored in ``stories`` (or in an article without one)."""
    rows = store.con.execute(
        "WITH anchors AS (SELECT r.review_id, a.story_id FROM reviews r, unnest(r.anchor_ids) AS x(anchor) "
        "JOIN (SELECT mention_id AS id, article_id FROM event_mentions UNION ALL SELECT quote_id, article_id FROM quotes) t "
        "ON t.id = x.anchor JOIN articles a ON a.article_id = t.article_id "
        "WHERE r.target_kind IN ('event', 'claim') AND r.decision IN ('merge', 'split')) "
        "SELECT DISTINCT story_id FROM anchors WHERE story_id IS NOT NULL AND review_id IN "
        "(SELECT review_id FROM anchors WHERE story_id IS NULL OR list_contains(?, story_id))",
        [sorted(stories)],
    ).fetchall()
    return {r[0] for r in rows}


def _tied_by_mentions(store: Store, stories: set[str]) -> set[str]:
    """Other stories with a mention that :func:`newsledger.resolve.events.same_event` may join with a mention of ``stories``
    (or of no story).

    Candidates share a :func:`cross_story_keys` key with a mention inside
    (read in SQL); a story is tied only when one of its candidates is the
    same event as an inside mention sharing its key. A pair ``same_event``
    refuses is never joined, whatever the order or the groups around it, so
    the clusters of a closed set do not depend on such mentions. Keys alone
    chained a whole archive: a government's family ("family:ECU:GOV") is a
    participant of most of a country's events of a type in every month, so
    month after month every story was tied to the next (on the 100k
    benchmark ledger the scope of 1,000 new reports grew past 14,000
    mentions); ``same_event`` also asks that the places not clash and the
    dates agree at the finer precision.
    """
    from newsledger.resolve.events import _scope_sql, hazard_day_pair, load_mentions, same_event

    where, params = _scope_sql(stories)
    inside = load_mentions(store, where + " AND m.event_date IS NOT NULL", params)
    by_key: dict[tuple, list] = defaultdict(list)
    for m in inside:
        for key in cross_story_keys(m.type, m.date, m.modality, m.participants):
            by_key[key].append(m)
    if not by_key:
        return set()
    months = sorted({f"{k[0]}:{k[1]}" for k in by_key if len(k) == 3 and k[2] != "hazard"})
    recap_years = sorted({f"{k[0]}:{k[1]}" for k in by_key if len(k) == 4})
    hazard_days = sorted({f"{k[0]}:{k[1]}" for k in by_key if len(k) == 3 and k[2] == "hazard"})
    candidates = load_mentions(
        store,
        f"NOT {where} AND m.event_date IS NOT NULL AND (len(list_concat(m.actor_ids, m.recipient_ids)) > 0 AND ("
        "(m.date_precision IN ('day', 'month') AND list_contains(?, m.event_type || ':' || strftime(m.event_date, '%Y-%m'))) "
        "OR (m.modality = 'recap' AND list_contains(?, m.event_type || ':' || strftime(m.event_date, '%Y')))) "
        "OR (m.date_precision = 'day' AND list_contains(?, m.event_type || ':' || strftime(m.event_date, '%Y-%m-%d'))))",
        params + [months, recap_years, hazard_days],
    )
    tied: set[str] = set()
    for c in candidates:
        if not c.story or c.story in tied:
            continue
        shared = [m for key in cross_story_keys(c.type, c.date, c.modality, c.participants) for m in by_key.get(key, ())]
        tie = next((m for m in shared if same_event(m, c) or same_event(c, m) or hazard_day_pair(m, c)), None)
        if tie is not None:
            tied.add(c.story)
            if log.isEnabledFor(logging.DEBUG):
                log.debug("tie %s -> %s: %s %s/%s %s %s | %s %s/%s %s %s", tie.story, c.story, tie.type, tie.date, tie.precision,
                          tie.location, sorted(tie.participants), c.id, c.date, c.precision, c.location, sorted(c.participants))
    return tied
