"""A person's decisions about the ledger's facts (the ``reviews`` table), kept across re-ingest and re-resolution.

What is stable, and how a review follows its target:

* mention ids (``<article>:m<digest>``) and quote ids (``<article>:q<digest>``)
  are digests of what the fact says (:mod:`newsledger.store.ids`): a
  re-analysis that finds or loses other facts, or a cleaned text changed
  elsewhere (an outlet's boilerplate learned late), leaves them as they were.
  A review also keeps the text the reviewer saw (``target_text``) and stops
  applying when the mention or quote of that id no longer says it.
* actor ids come from the knowledge base or the words of the text: stable.
* event, claim and story ids derive from their first member (mention, quote,
  article). A new earlier member gives a new id, so a review keeps the
  members its target had (``anchor_ids``) and, after every resolution,
  applies to the event, claim or story holding most of them
  (:func:`reapply_reviews`; ``applies_to``).

How decisions act: 'wrong' and 'right' and 'correct_actor' are read by the
views (``event_overview``, ``mention_passages``, ``quote_speakers``,
``claim_overview``, ``actor_overview``); 'merge' and 'split' of events and
claims are applied to the groups at every resolution
(:func:`apply_group_reviews`). Merges and splits of stories are applied,
in the same way and order, right after every story resolution and right
after the review (:func:`apply_story_reviews`): the incremental story index
may re-cut a reviewed story when a newcomer links into it, and the next
application puts the reviewers' decision back. They act on original
reports; a copy follows its original (copies count once).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Sequence, TypeVar

from newsledger.store import writer
from newsledger.store.db import Store

T = TypeVar("T")

DECISIONS = {
    "event": ("wrong", "right", "correct_actor", "merge", "split"),
    "mention": ("wrong", "right"),
    "quote": ("wrong", "right", "correct_actor"),
    "claim": ("wrong", "right", "merge", "split"),
    "actor": ("wrong", "right", "correct_actor"),
    "story": ("right", "merge", "split"),
}
# What each kind of target is, where its members are, and what text a reviewer saw.
TARGETS = {
    "event": ("events", "event_id", "summary", "event_mentions", "mention_id"),
    "mention": ("event_mentions", "mention_id", "trigger_text", None, None),
    "quote": ("quotes", "quote_id", "content_text", None, None),
    "claim": ("claims", "claim_id", "claim_text", "quotes", "quote_id"),
    "actor": ("actors", "actor_id", "name", None, None),
    "story": ("stories", "story_id", "label", "articles", "article_id"),
}
CORRECTION_KEYS = {
    ("event", "correct_actor"): {"actor_ids", "recipient_ids"},
    ("quote", "correct_actor"): {"speaker_id"},
    ("actor", "correct_actor"): {"actor_id", "name", "country", "sector", "kind"},
    ("event", "merge"): {"with"}, ("claim", "merge"): {"with"}, ("story", "merge"): {"with"},
    ("event", "split"): {"ids"}, ("claim", "split"): {"ids"}, ("story", "split"): {"ids"},
}


class ReviewError(ValueError):
    """A review that cannot be recorded; the message is one line naming what is wrong."""


@dataclass
class GroupReview:
    """A merge or split of events or claims: the member ids it joins or takes out."""

    decision: str
    anchor_ids: list[str]


def new_review(store: Store, target_kind: str, target_id: str, decision: str, correction: dict | None = None,
               reason: str | None = None, reviewer: str | None = None) -> dict[str, Any]:
    """A checked ``reviews`` row: the target exists, the decision fits it, the correction names what it corrects."""
    if target_kind not in DECISIONS:
        raise ReviewError(f"unknown target kind {target_kind!r}: choose one of {', '.join(DECISIONS)}")
    if decision not in DECISIONS[target_kind]:
        raise ReviewError(f"a {target_kind} cannot be reviewed {decision!r}: choose one of {', '.join(DECISIONS[target_kind])}")
    table, key, text_column, members_table, member_key = TARGETS[target_kind]
    found = store.one(f"SELECT {text_column} AS text FROM {table} WHERE {key} = ?", [target_id])
    if found is None:
        raise ReviewError(f"no {target_kind} {target_id!r} in the ledger")
    correction = _checked_correction(store, target_kind, decision, correction or {})
    anchors = _members(store, target_kind, target_id)
    if decision == "merge":
        anchors += _members(store, target_kind, correction["with"])
    elif decision == "split":
        inside = set(anchors)
        anchors = list(correction["ids"])
        if not set(anchors) <= inside or not anchors or set(anchors) == inside:
            raise ReviewError(f"split: 'ids' must name some, not all, of the {target_kind}'s members ({', '.join(sorted(inside))})")
    created = dt.datetime.now()
    key_text = json.dumps([target_kind, target_id, decision, correction, reason, reviewer, created.isoformat()], default=str)
    return {
        "review_id": "r" + hashlib.sha256(key_text.encode()).hexdigest()[:12], "target_kind": target_kind,
        "target_id": target_id, "decision": decision, "correction": json.dumps(correction) if correction else None,
        "reason": reason, "reviewer": reviewer, "created_at": created, "target_text": found["text"],
        "anchor_ids": anchors, "applies_to": target_id,
    }


def _checked_correction(store: Store, kind: str, decision: str, correction: dict) -> dict:
    allowed = CORRECTION_KEYS.get((kind, decision), set())
    extra = set(correction) - allowed
    if extra:
        raise ReviewError(f"{decision} on a {kind} takes no {', '.join(sorted(extra))}"
                          + (f" (it takes {', '.join(sorted(allowed))})" if allowed else " correction"))
    if allowed and not correction:
        raise ReviewError(f"{decision} on a {kind} needs a correction with {' or '.join(sorted(allowed))}")
    if decision == "merge":
        table, key = TARGETS[kind][:2]
        if store.one(f"SELECT 1 AS x FROM {table} WHERE {key} = ?", [correction["with"]]) is None:
            raise ReviewError(f"merge: no {kind} {correction['with']!r} to merge with")
    if decision == "split" and not isinstance(correction.get("ids"), list):
        raise ReviewError("split: 'ids' must be a list of member ids")
    return correction


def _members(store: Store, kind: str, target_id: str) -> list[str]:
    _, key, _, members_table, member_key = TARGETS[kind]
    if members_table is None:
        return [target_id]
    link = {"event": "event_id", "claim": "claim_id", "story": "story_id"}[kind]
    return [r[0] for r in store.con.execute(
        f"SELECT {member_key} FROM {members_table} WHERE {link} = ? ORDER BY {member_key}", [target_id]
    ).fetchall()]


def group_reviews(store: Store, kind: str) -> list[GroupReview]:
    """The merges and splits of ``kind`` ('event', 'claim' or 'story'), oldest first."""
    rows = store.rows(
        "SELECT decision, anchor_ids FROM reviews WHERE target_kind = ? AND decision IN ('merge', 'split') "
        "ORDER BY created_at, review_id",
        [kind],
    )
    return [GroupReview(r["decision"], list(r["anchor_ids"] or [])) for r in rows]


def apply_group_reviews(groups: list[list[T]], reviews: Sequence[GroupReview], id_of: Callable[[T], str]) -> list[list[T]]:
    """Groups with reviewers' merges (every group holding an anchor becomes one) and splits applied, in order.

    A merged group keeps its members in their first order; groups keep
    theirs; without reviews the groups come back unchanged.
    """
    if not reviews:
        return groups
    order = {id_of(item): i for i, item in enumerate(item for group in groups for item in group)}
    for review in reviews:
        anchors = set(review.anchor_ids)
        hit = [g for g in groups if any(id_of(item) in anchors for item in g)]
        if review.decision == "merge" and len(hit) > 1:
            merged = sorted((item for g in hit for item in g), key=lambda item: order[id_of(item)])
            groups = [g for g in groups if not any(g is h for h in hit)] + [merged]
        elif review.decision == "split":
            for g in hit:
                out = [item for item in g if id_of(item) in anchors]
                rest = [item for item in g if id_of(item) not in anchors]
                if out and rest:
                    groups = [x for x in groups if x is not g] + [rest, out]
    return groups


def reapply_reviews(store: Store) -> int:
    """Point every review at what holds its target now (``applies_to``); returns how many no longer apply.

    A mention, quote or actor keeps its id; a mention or quote whose text is
    no longer the one reviewed stops taking the review. An event, claim or
    story review applies to the one holding most of its anchors (its own id
    on a tie), or to nothing when none holds any.
    """
    store.con.execute(
        "UPDATE reviews SET applies_to = CASE "
        "WHEN target_kind = 'mention' THEN (SELECT m.mention_id FROM event_mentions m WHERE m.mention_id = reviews.target_id "
        "    AND m.trigger_text IS NOT DISTINCT FROM reviews.target_text) "
        "WHEN target_kind = 'quote' THEN (SELECT q.quote_id FROM quotes q WHERE q.quote_id = reviews.target_id "
        "    AND q.content_text IS NOT DISTINCT FROM reviews.target_text) "
        "WHEN target_kind = 'actor' THEN (SELECT a.actor_id FROM actors a WHERE a.actor_id = reviews.target_id) "
        "ELSE applies_to END"
    )
    for kind, link in (("event", "event_id"), ("claim", "claim_id"), ("story", "story_id")):
        _, key, _, members_table, member_key = TARGETS[kind]
        store.con.execute(
            f"""
            UPDATE reviews SET applies_to = best.holder FROM (
                SELECT review_id, arg_max(holder, score) AS holder FROM (
                    SELECT r.review_id, m.{link} AS holder,
                        count(*) * 2 + CASE WHEN m.{link} = any_value(r.target_id) THEN 1 ELSE 0 END AS score
                    FROM reviews r, unnest(r.anchor_ids) AS x(anchor)
                    JOIN {members_table} m ON m.{member_key} = x.anchor
                    WHERE r.target_kind = ? AND m.{link} IS NOT NULL
                    GROUP BY r.review_id, m.{link}
                ) GROUP BY review_id
            ) AS best WHERE reviews.review_id = best.review_id
            """,
            [kind],
        )
        store.con.execute(
            f"UPDATE reviews SET applies_to = NULL WHERE target_kind = ? AND NOT EXISTS ("
            f"SELECT 1 FROM {members_table} m WHERE m.{link} = reviews.applies_to "
            f"AND list_contains(reviews.anchor_ids, m.{member_key}))",
            [kind],
        )
    return store.scalar("SELECT count(*) FROM reviews WHERE applies_to IS NULL") or 0


def apply_story_reviews(store: Store) -> set[str]:
    """Apply the reviewers' story merges and splits, in order; returns the story ids rewritten.

    Runs after every story resolution and after each story review. The
    stories holding an anchor (as an original report, or through one of its
    copies) are regrouped by :func:`apply_group_reviews`; each group takes
    the id of the old story it holds most of (:func:`_story_ids`), so a
    second application changes nothing. The articles (copies with their
    original), the ``stories`` rows and the index states
    (``internal.story_states``: each member's story) are rewritten together,
    so the next incremental run starts from the reviewed stories. Labels,
    events and what else reads story membership are the caller's to redo
    (:meth:`newsledger.ledger.Ledger.resolve` does after this).
    """
    reviews = group_reviews(store, "story")
    if not reviews:
        return set()
    reviews = [GroupReview(r.decision, _as_originals(store, r.anchor_ids)) for r in reviews]
    anchors = sorted({a for r in reviews for a in r.anchor_ids})
    members = store.rows(
        "SELECT article_id, story_id FROM articles WHERE copy_of_id IS NULL AND story_id IN "
        "(SELECT story_id FROM articles WHERE list_contains(?, article_id) AND story_id IS NOT NULL) ORDER BY seq",
        [anchors],
    )
    old = {m["article_id"]: m["story_id"] for m in members}
    stories: dict[str, list[str]] = defaultdict(list)
    for m in members:
        stories[m["story_id"]].append(m["article_id"])
    groups = apply_group_reviews(list(stories.values()), reviews, lambda article_id: article_id)
    new = _story_ids(store, groups, old)
    changed = {a: s for a, s in new.items() if old[a] != s}
    if not changed:
        return set()
    touched = set(stories) | set(new.values())
    with store.transaction():
        writer.set_story_ids(store, changed)
        states = _regrouped_states(store, sorted(stories), touched)
        stated = {state["id"] for state in states}
        # a story whose members the index never held (a ledger migrated without its states) still gets its row
        states += [{"id": sid, "size": 0, "members": []} for sid in sorted(set(new.values()) - stated)]
        writer.save_story_states(store, states, touched)
    return touched


def _as_originals(store: Store, article_ids: list[str]) -> list[str]:
    """Each anchor as its original report: a copy shares its original's story and moves with it."""
    return [r[0] for r in store.con.execute(
        "SELECT DISTINCT coalesce(copy_of_id, article_id) FROM articles WHERE list_contains(?, article_id) ORDER BY 1",
        [list(article_ids)],
    ).fetchall()]


def _story_ids(store: Store, groups: list[list[str]], old: dict[str, str]) -> dict[str, str]:
    """article id -> story id: a group keeps the old id it holds most of (each id once, earlier groups first).

    The rest of a split story comes before the part split off
    (:func:`apply_group_reviews`), so the rest keeps the id on a tie; a
    group left without an old id gets the id its first report would found
    (:func:`newsledger.resolve.stories.story_id_for`, salted if taken).
    """
    from newsledger.resolve.stories import story_id_for

    used: set[str] = set()
    ids: list[str | None] = []
    for group in groups:
        counts = Counter(old[a] for a in group)
        best = sorted((-n, sid) for sid, n in counts.items() if sid not in used)
        ids.append(best[0][1] if best else None)
        used.update(x for x in ids[-1:] if x)
    taken = used | {r[0] for r in store.con.execute("SELECT story_id FROM stories").fetchall()}
    assigned = {}
    for group, sid in zip(groups, ids):
        if sid is None:
            sid, salt = story_id_for(group[0]), 0
            while sid in taken:
                salt += 1
                sid = story_id_for(f"{group[0]}#{salt}")
            taken.add(sid)
        assigned.update(dict.fromkeys(group, sid))
    return assigned


def _regrouped_states(store: Store, story_ids: list[str], touched: set[str]) -> list[dict]:
    """The index states of these stories with each member's ``story`` as ``articles`` now says (members by ``seq``).

    Read after the articles moved, so the index and the ledger agree member
    by member (a member that became a copy follows its original too, when
    that stays within the ``touched`` stories being rewritten).
    """
    rows = store.rows("SELECT state FROM internal.story_states WHERE list_contains(?, story_id)", [story_ids])
    members = [m for row in rows for m in json.loads(row["state"])["members"]]
    now = dict(store.con.execute(
        "SELECT article_id, story_id FROM articles WHERE list_contains(?, article_id)", [[m["id"] for m in members]]
    ).fetchall())
    by_story: dict[str, list[dict]] = defaultdict(list)
    for member in members:
        if now.get(member["id"]) in touched:
            member["story"] = now[member["id"]]
        by_story[member["story"]].append(member)
    return [
        {"id": sid, "size": len(ms), "members": sorted(ms, key=lambda m: m["seq"])}
        for sid, ms in sorted(by_story.items())
    ]
