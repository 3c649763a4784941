"""Quotes from all articles grouped into claims: one speaker saying one thing.

The same statement quoted by several outlets (often trimmed or re-punctuated)
is one claim; its independent sources are counted like events' (copies and
one outlet count once; a copy counts under its original's outlet).

Quotes are compared only within one block: one speaker (or its family) in
one story. Without the story limit, stock remarks of local police ("the
investigation is ongoing", "anyone with information should call") joined
quotes of unrelated shootings into one claim with an inflated source count:
a reviewer found 41 of 94 multi-source GVC claims spanning different
stories. A quote whose article has no story is its own block's only article.
A remark and its opposite ("we will negotiate" / "we will not negotiate")
share nearly all their words; they are never one claim.

Two quotes are one statement when they share their *content* words, not
the frame every report of one speaker's remark repeats ("the two leaders
had ..."): on the demo, three different White House remarks about one call
("discussed counterterrorism cooperation", "agreed on the importance of
cooperation against terrorism", "discussed the foiled attack and ...
welcomed the Russian president's thanks") shared "the two leaders had" and
were shown as one claim with three independent sources.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from typing import Collection

from newsledger.resolve.events import _Union, independent_count, spam_pages
from newsledger.store import writer
from newsledger.store.db import Store

_WORD = re.compile(r"\w+")
# Share of the shorter quote's words found in the longer one for two quotes
# to be the same statement; trimmed quotes keep nearly all their words.
CONTAINMENT = 0.7
# Share of the shorter quote's content words (:func:`content_words`) found in
# the longer one. Two thirds: on the demo, one speaker's different remarks
# about one call shared 3 of 5 content words ("two leaders discussed"), while
# three outlets' words for one Kremlin readout ("agreed to coordinate military
# action against Islamic State" / "to work together against Islamic State in
# Syria") shared 6 of 9.
CONTENT_CONTAINMENT = 2 / 3
MIN_WORDS = 4
# Words that turn a remark into its opposite; "don't" splits into "don" + "t".
NEGATORS = frozenset("not no never t nor neither none nobody nothing nowhere cannot".split())
# An outlet's relay whose content is only another speaker's quote ("Russian officials said ..., Interfax
# reported") makes no claim of its own: the inner quote's claim holds those words (``quote_relays``).
RELAYS_ONLY = "SELECT relayed_by_quote_id FROM quote_relays WHERE relays_only"


# Words that frame a statement without saying anything of their own: articles,
# pronouns, auxiliaries, prepositions, conjunctions, and the "that" of reported
# speech. Numbers and negators are content: "two dead" is not "five dead".
FUNCTION_WORDS = frozenset(
    """a an the this that these those there here it its they them their he him his she her we us our i me my you your
    who whom whose which what is are was were be been being am has have had do does did will would shall should can could
    may might must of in on at to for from by with about as into onto over under after before during since until
    and or but if so than then also too very just s""".split()
)


def vetted_quotes(group: list[dict], spam: set[str]) -> list[dict]:
    """The quotes of a claim that count as its sources: a spam page's (``resolve.events.spam_pages``) only
    when no other page carries the claim, as for event lines (``resolve.events.vetted_pages``). On the
    demo the crypto-spam site's copy of the Kremlin readout counted among the claim's 5 independent
    sources while its outlet page says such pages earn no corroboration."""
    vetted = [r for r in group if r["article"] not in spam and r["root"] not in spam]
    return vetted or group


def shared_form(group: list[dict]) -> dict:
    """The quote whose wording a claim shows: the form most of the claim's other quotes carry (nearly
    all of its content words are in theirs, :data:`CONTENT_CONTAINMENT`), the longest of those.

    The longest form alone was shown: on the demo one outlet's fuller Kremlin readout ("... and was
    constructive and focused on practical matters") stood above "5 independent sources" of which
    four carried only its first half."""
    if len(group) <= 2:
        return max(group, key=lambda r: len(r["content_text"]))
    words = [content_words(_words(r["content_text"])) for r in group]

    def carried_by(i: int) -> int:
        own = words[i]
        if not own:
            return 0
        return sum(1 for j, other in enumerate(words) if j != i and len(own & other) / len(own) >= CONTENT_CONTAINMENT - 1e-9)

    return group[max(range(len(group)), key=lambda i: (carried_by(i), len(group[i]["content_text"])))]


def _words(text: str | None) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "")}


def content_words(words: set[str]) -> set[str]:
    """The words of a quote that say something: its words without :data:`FUNCTION_WORDS`."""
    return words - FUNCTION_WORDS


def same_statement(a: set[str], b: set[str]) -> bool:
    """Two quotes say the same thing: nearly all of the shorter one's content words are in the longer one, and
    neither negates what the other says.

    A quote with few content words ("we will sit down with them") must have
    all of them in the other, and most of its words too, so a short remark
    does not join a long one on a word or two.
    """
    if (a ^ b) & NEGATORS:
        return False
    if len(a) < MIN_WORDS or len(b) < MIN_WORDS:
        return a == b and bool(a)
    ca, cb = content_words(a), content_words(b)
    if not ca or not cb:
        return a == b
    if min(len(ca), len(cb)) < MIN_WORDS:
        small, large = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
        return small <= large and len(a & b) / min(len(a), len(b)) >= CONTAINMENT
    return len(ca & cb) / min(len(ca), len(cb)) >= CONTENT_CONTAINMENT - 1e-9


_LEADING_DETERMINER = re.compile(r"^(?:the|a|an)\s+")


def unnamed_speaker_key(speaker_text: str | None) -> str:
    """One key for the ways reports write a speaker the actor reader did not resolve.

    Case, the dots of an abbreviation and a leading article do not make
    another speaker: "the U.S. Geological Survey" and "US Geological Survey"
    split one statement into two claims on the demo.
    """
    text = " ".join((speaker_text or "").lower().replace(".", "").split())
    return _LEADING_DETERMINER.sub("", text)


def speaker_block_key(speaker: str) -> str:
    """The speaker a quote's block is keyed by: an actor id, or an unresolved speaker's id folded.

    An unresolved speaker's id is made from its words ("x:u-s-geological-survey",
    "x:us-geological-survey"); without the dashes both are one speaker.
    """
    return "x:" + speaker[2:].replace("-", "") if speaker.startswith("x:") else speaker


def resolve_claims(store: Store, stories: Collection[str] | None = None) -> int:
    """Rebuild claims from the stored quotes; reviewers' merges and splits of claims are applied to the groups.

    ``stories``: rebuild only the claims of these stories' quotes and of
    articles without a story (None: every claim). Quotes are compared only
    within one story, so any set of stories is closed, but for reviewers'
    merges across stories (:func:`newsledger.resolve.run.resolution_scope`
    adds the stories they join). Returns the number of claims rebuilt.
    """
    from newsledger.resolve.events import _scope_sql
    from newsledger.resolve.reviews import apply_group_reviews, group_reviews

    where, params = _scope_sql(stories) if stories is not None else ("TRUE", [])
    rows = store.rows(
        "SELECT q.quote_id AS id, q.article_id AS article, q.kind, q.speaker_id AS speaker, q.speaker_text, q.content_text, "
        "a.story_id AS story, a.outlet AS source, coalesce(a.copy_of_id, a.article_id) AS root, o.outlet AS root_source, a.seq "
        "FROM quotes q JOIN articles a ON a.article_id = q.article_id "
        "JOIN articles o ON o.article_id = coalesce(a.copy_of_id, a.article_id) "
        f"WHERE q.content_text IS NOT NULL AND {where} AND q.quote_id NOT IN ({RELAYS_ONLY}) ORDER BY a.seq, q.quote_no",
        params,
    )
    families = dict(store.con.execute("SELECT actor_id, coalesce(family, actor_id) FROM actors").fetchall())
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        speaker = r["speaker"] or ("unknown:" + unnamed_speaker_key(r["speaker_text"]))
        blocks[(speaker_block_key(families.get(speaker, speaker)), r["story"] or r["article"])].append(i)
    words = [_words(r["content_text"]) for r in rows]
    union = _Union(len(rows))
    for members in blocks.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if union.find(i) != union.find(j) and same_statement(words[i], words[j]):
                    union.join(i, j)
    groups: dict[int, list[dict]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[union.find(i)].append(r)
    claims, links = [], []
    spam = spam_pages(store, {r["article"] for r in rows} | {r["root"] for r in rows})
    for group in apply_group_reviews(list(groups.values()), group_reviews(store, "claim"), lambda r: r["id"]):
        claim_id = "c" + hashlib.sha1(group[0]["id"].encode()).hexdigest()[:10]
        outlets, _ = independent_count(group)
        _, independent = independent_count(vetted_quotes(group, spam))
        longest = shared_form(group)
        claims.append(
            {
                "claim_id": claim_id,
                "speaker_id": group[0]["speaker"],
                "kind": group[0]["kind"],
                "claim_text": longest["content_text"],
                "story_id": group[0]["story"],
                "first_article_id": group[0]["article"],
                "n_quotes": len(group),
                "outlets": outlets,
                "independent_outlets": independent,
                "single_source": independent <= 1,
            }
        )
        links += [(claim_id, r["id"]) for r in group]
    if stories is None:
        writer.replace_rows(store, "claims", claims)
        writer.set_links(store, "quotes", "quote_id", "claim_id", links)
    else:
        writer.replace_claims_of(store, (where, params), claims, links)
    return len(claims)
