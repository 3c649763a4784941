"""Exact and near-duplicate detection, so copies count once, and which copy is the original.

Wire reprints and reposts are lightly edited copies: they share most word
5-grams. MinHash signatures (datasketch) estimate that overlap and LSH finds
candidates without comparing every pair, so dedup stays near-linear.

A family of copies points at one original. At ingest that is the earliest
publication date known so far; once analysis has dated the undated reports
from their own words, :func:`choose_original` picks it again (earliest own
date, then the outlet the others credit, then the fuller text), so a wire
story whose file has no year is not left a copy of its own reprint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
# Stored signatures must be read back with the scheme that made them.
SCHEME = "affine32"
SHINGLE = 5
# Estimated Jaccard of word 5-gram sets above which two texts are copies of one
# report. Wire reprints with a changed headline or a trimmed last paragraph
# score 0.6-0.95; independent reports of one event score below 0.2.
NEAR_DUPLICATE_THRESHOLD = 0.5
# A trimmed reprint (last paragraphs cut) has a low Jaccard but keeps most of
# its shingles inside the original: containment of the shorter text catches it.
# 0.75 missed a blog repost on GVC that keeps three of a paper's paragraphs
# and swaps one (exact containment 0.74 once its list of source links is
# left out of the shingles, estimated 0.73); the next pair there is a same-outlet update
# at 0.59, and no two different incidents share more than 0.5.
CONTAINMENT_THRESHOLD = 0.7
# LSH is tuned lower than the threshold so copies just above it are not
# missed by banding; every candidate is then checked against the threshold.
# A repost that keeps half of a long original has a Jaccard near 0.35, where
# banding tuned at 0.3 found 76 of 100 synthetic reposts and at 0.25 finds 90
# (no fresh text matched at either).
CANDIDATE_THRESHOLD = 0.25
# Texts shorter than this many words share too few shingles to judge.
MIN_WORDS = 25

_WORD = re.compile(r"\w+", re.UNICODE)
# Addresses are left out of shingles: a reposting blog lists its sources'
# URLs under the copied text, and their many word-like parts (host, path,
# slug) diluted the copy's containment below threshold (GVC: 0.48 with the
# list, 0.74 without).  The cleaner keeps those lines: they are the credit.
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def text_hash(text: str) -> str:
    """Hash of the text with case and whitespace folded: identical reports, any layout."""
    folded = " ".join(_WORD.findall(text.lower()))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(_URL.sub(" ", text.lower()))
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> tuple[MinHash, int] | None:
    """MinHash of the text's word 5-grams and how many there are; None when too short to judge."""
    if len(_WORD.findall(_URL.sub(" ", text))) < MIN_WORDS:
        return None
    grams = shingles(text)
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch(list(grams))
    return mh, len(grams)


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(blob: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(blob, dtype=np.uint32), scheme=SCHEME)


class NearDuplicateIndex:
    """LSH over MinHash signatures; ``match`` returns the most similar earlier copy."""

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD, containment: float = CONTAINMENT_THRESHOLD):
        self.threshold = threshold
        self.containment = containment
        self.lsh = MinHashLSH(threshold=min(threshold, CANDIDATE_THRESHOLD), num_perm=NUM_PERM)
        self.signatures: dict[str, tuple[MinHash, int]] = {}

    def __len__(self) -> int:
        return len(self.signatures)

    def add(self, key: str, mh: MinHash, size: int) -> None:
        """``size``: the number of distinct shingles the signature was made from."""
        if key in self.signatures:
            return
        self.lsh.insert(key, mh)
        self.signatures[key] = (mh, size)

    def match(self, mh: MinHash, size: int) -> tuple[str, float] | None:
        """The closest indexed copy as (key, estimated Jaccard), or None."""
        best: tuple[str, float] | None = None
        for key in self.lsh.query(mh):
            other, other_size = self.signatures[key]
            score = mh.jaccard(other)
            if not self.is_copy(score, size, other_size):
                continue
            if best is None or score > best[1] or (score == best[1] and key < best[0]):
                best = (key, score)
        return best

    def is_copy(self, jaccard: float, size_a: int, size_b: int) -> bool:
        if jaccard >= self.threshold:
            return True
        shared = jaccard * (size_a + size_b) / (1 + jaccard)
        return shared / max(1, min(size_a, size_b)) >= self.containment


# ---------------------------------------------------------------------------
# Which copy is the original

@dataclass
class CopyMember:
    """One article of a family of copies, with what tells originals from reprints.

    ``own_date`` is a date the article itself gives: its publication date, or
    the date inferred from its own words (a time frame of confidence
    "inferred"). A date borrowed from the other reports of its story is not
    its own and says nothing about who copied whom.
    """

    id: str
    outlet: str | None
    own_date: dt.date | None
    text: str
    seq: int
    authors: tuple[str, ...] = ()


def choose_original(members: list[CopyMember]) -> str:
    """The id of the family's original report.

    1. **Earliest own date.** The earliest dated members, and every member
       with no date of its own (it may be earlier still), stay in the running.
    2. **Credited outlet** (wire agency first). A reprint names the outlet
       whose report it carries ("By Meridian Wire", a dateline
       "WASHINGTON (Meridian Wire) —", an author field); the member whose
       outlet the most other members name is the original.
    3. **Fuller text.** Reprints trim: the member with the most words.
    4. Ingest order.
    """
    dated = [m.own_date for m in members if m.own_date is not None]
    first = min(dated) if dated else None
    pool = [m for m in members if m.own_date is None or m.own_date == first]
    credits = {m.id: credited_by(m, members) for m in pool}
    best = min(pool, key=lambda m: (-credits[m.id], -len(_WORD.findall(m.text)), m.seq))
    return best.id


def credited_by(member: CopyMember, family: list[CopyMember]) -> int:
    """How many members from other outlets name this member's outlet in their text or authors."""
    if not member.outlet:
        return 0
    return sum(
        1
        for other in family
        if other.id != member.id
        and other.outlet
        and other.outlet.lower() != member.outlet.lower()
        and names_outlet(member.outlet, other.text, other.authors)
    )


def names_outlet(outlet: str, text: str, authors: tuple[str, ...] | list[str] = ()) -> bool:
    """Does a report name this outlet (a byline, a dateline, a credit line, an author field)?"""
    name = re.compile(rf"(?<!\w){re.escape(outlet)}(?!\w)", re.IGNORECASE)
    return bool(name.search(text)) or any(name.search(a) for a in authors)
