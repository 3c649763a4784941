"""Mention and quote ids made from what the fact says, not from where it falls in the list.

Until schema version 10 a mention was ``<article>:m<n>`` and a quote
``<article>:q<n>``: their place in the article's list. A pipeline change
that found one more mention renumbered every later mention of the article,
and event and claim ids (made from their first member's id) followed: between
two demo builds four unchanged events got new ids and two old ids came to
name other events (reader 12, "Stale citations"). An id a journalist cited
outside the ledger went stale or, worse, pointed at another fact.

An id is now a short hash of what the fact is, read from the text around it:

* a mention: ``<article>:m`` + the first 10 hex digits of the SHA-256 of
  ``"<article>|m|<event type>|<trigger offset in its sentence>|<sentence text>"``;
* a quote: ``<article>:q`` + the same digest of
  ``"<article>|q|<kind>|<cue offset from the content>|<cue text>|<content text>"``.

No offset into the article enters the key, so an id survives another
mention or quote appearing or vanishing, any change of the analysis
elsewhere in the article, and a change of the cleaned text elsewhere
(boilerplate learned late shifts every offset). It changes when the fact
itself changes: its sentence, its trigger or cue, its type or kind. A fact
told twice in identical words takes ``-2``, ``-3``... in reading order; so
does (against the odds) a second key with the same digest.

``mention_no`` and ``quote_no`` stay the reading order; nothing parses an id.
Schema version 11 rewrote the ids of older ledgers with the same keys in SQL
(:mod:`newsledger.store.schema`; tests/test_stable_ids.py checks both agree).
"""

from __future__ import annotations

import hashlib
from typing import Any, Iterable

# Hex digits of the digest kept: 40 bits, so two different facts of one
# article share a digest about once in a trillion pairs (and then take a suffix).
DIGEST_CHARS = 10


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def mention_key(article_id: str, mention: dict[str, Any]) -> str:
    """What identifies a mention (an analysis record's event): its type, its trigger's place in its sentence, the sentence."""
    trigger, sentence = mention.get("trigger") or {}, mention.get("sentence") or {}
    return "|".join([article_id, "m", mention["type"], _offset(trigger.get("start"), sentence.get("start")),
                     sentence.get("text") or ""])


def quote_key(article_id: str, quote: dict[str, Any]) -> str:
    """What identifies a quote (an analysis record's quote): its kind, its cue and where it stands from the content, the content."""
    cue, content = quote.get("cue") or {}, quote.get("content") or {}
    return "|".join([article_id, "q", quote["kind"], _offset(cue.get("start"), content.get("start")),
                     cue.get("text") or "", content.get("text") or ""])


def _offset(start: int | None, origin: int | None) -> str:
    return "" if start is None or origin is None else str(start - origin)


def numbered_ids(prefix: str, keys: Iterable[str]) -> list[str]:
    """``prefix`` + each key's digest, in the order given (reading order); a repeated digest gets ``-2``, ``-3``..."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        h = digest(key)
        seen[h] = seen.get(h, 0) + 1
        out.append(f"{prefix}{h}" + (f"-{seen[h]}" if seen[h] > 1 else ""))
    return out


def mention_ids(article_id: str, mentions: list[dict[str, Any]]) -> list[str]:
    """The ids of an article's mentions, given in reading order."""
    return numbered_ids(f"{article_id}:m", (mention_key(article_id, m) for m in mentions))


def quote_ids(article_id: str, quotes: list[dict[str, Any]]) -> list[str]:
    """The ids of an article's quotes, given in reading order."""
    return numbered_ids(f"{article_id}:q", (quote_key(article_id, q) for q in quotes))
