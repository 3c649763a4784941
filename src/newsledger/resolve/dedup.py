"""Exact and near-duplicate detection, so copies count once, and which copy is the original.

Wire reprints and reposts are lightly edited copies: they share most word
5-grams. MinHash signatures (datasketch) estimate that overlap and LSH finds
candidates without comparing every pair, so dedup stays near-linear.

A family of copies points at one original. At ingest that is the earliest
publication date known so far; once analysis has dated the undated reports
from their own words, :func:`choose_original` picks it again (the outlet
the others credit, then a wire agency's own report, then the earliest own
date, then the fuller text), so a wire story whose file has no year, or a
blog repost dated before its source, does not make the original a copy of
its own reprint.
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


# Odd 64-bit multipliers for the band hash (fixed: band keys are rebuilt from stored signatures, never stored).
# What the index holds per article (see NearDuplicateIndex): the low 16 bits of each signature value, a 32-bit key per band.
SIGNATURE_DTYPE = np.uint16
BAND_DTYPE = np.uint32
_BAND_MULTIPLIERS = np.random.default_rng(20240601).integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


class NearDuplicateIndex:
    """LSH over MinHash signatures; ``match`` returns the most similar earlier copy.

    The same banding as datasketch's ``MinHashLSH`` at the candidate threshold
    (``b`` bands of ``r`` values), held compactly: datasketch keeps a MinHash
    object per article (with its own permutation arrays) and a set and a
    bytes key per band, about 8 KB an article (``benchmarks/bench_catalog.py``);
    here a signature is one row of a ``uint16`` array (the low 16 bits of
    each value) and a band is one ``uint32`` key in a sorted array, about 300
    bytes an article. A band key is a hash of the band's full values and its
    number: two different bands that collide only add a candidate (about one
    in a hundred queries at 100,000 articles), so the candidates include
    datasketch's. Every candidate is checked against the stored signature:
    two different values share their low 16 bits by chance once in 65,536,
    which can raise an estimated Jaccard of 64 values by one step in about one
    pair in a thousand, and never lowers it. Halving both (from 32-bit values
    and 64-bit keys) took the index from about 630 to about 420 bytes an
    article (``benchmarks/bench_catalog.py``; issue 14 asks for a few hundred).
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD, containment: float = CONTAINMENT_THRESHOLD):
        self.threshold = threshold
        self.containment = containment
        banding = MinHashLSH(threshold=min(threshold, CANDIDATE_THRESHOLD), num_perm=NUM_PERM)
        self.bands, self.rows = banding.b, banding.r
        self.keys: list[str] = []
        self._signatures = np.empty((64, NUM_PERM), dtype=SIGNATURE_DTYPE)
        self._sizes = np.empty(64, dtype=np.int32)
        self._band_keys = np.empty(0, dtype=BAND_DTYPE)  # sorted
        self._band_rows = np.empty(0, dtype=np.int32)
        self._pending = np.empty((1024, self.bands), dtype=BAND_DTYPE)  # band keys of rows not merged yet
        self._merged = 0  # rows below this are in the sorted arrays

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: str, mh: MinHash, size: int) -> None:
        """``size``: the number of distinct shingles the signature was made from."""
        self.add_values(key, np.asarray(mh.hashvalues, dtype=np.uint32), size)

    def add_values(self, key: str, values: np.ndarray, size: int) -> None:
        """Add a signature given as its values (``np.frombuffer(blob, np.uint32)``), without building a MinHash."""
        row = len(self.keys)
        if row == len(self._signatures):
            self._signatures = np.concatenate([self._signatures, np.empty_like(self._signatures)])
            self._sizes = np.concatenate([self._sizes, np.empty_like(self._sizes)])
        self._signatures[row] = values.astype(SIGNATURE_DTYPE)  # the low 16 bits (casting truncates)
        self._sizes[row] = size
        self.keys.append(key)
        waiting = row - self._merged
        if waiting == len(self._pending):
            self._pending = np.concatenate([self._pending, np.empty_like(self._pending)])
        self._pending[waiting] = self._band_hashes(values)
        if waiting + 1 >= max(1024, len(self.keys) // 8):
            self._merge()

    def match(self, mh: MinHash, size: int) -> tuple[str, float] | None:
        """The closest indexed copy as (key, estimated Jaccard), or None."""
        values = np.asarray(mh.hashvalues, dtype=np.uint32)
        short = values.astype(SIGNATURE_DTYPE)
        best: tuple[str, float] | None = None
        for row in self._candidates(values):
            score = float(np.count_nonzero(self._signatures[row] == short)) / NUM_PERM
            if not self.is_copy(score, size, int(self._sizes[row])):
                continue
            key = self.keys[row]
            if best is None or score > best[1] or (score == best[1] and key < best[0]):
                best = (key, score)
        return best

    def _candidates(self, values: np.ndarray) -> set[int]:
        wanted = self._band_hashes(values)
        found: set[int] = set()
        left = np.searchsorted(self._band_keys, wanted, side="left")
        right = np.searchsorted(self._band_keys, wanted, side="right")
        for lo, hi in zip(left, right):
            found.update(int(r) for r in self._band_rows[lo:hi])
        waiting = len(self.keys) - self._merged
        if waiting:
            hits = np.flatnonzero((self._pending[:waiting] == wanted).any(axis=1))
            found.update(self._merged + int(i) for i in hits)
        return found

    def _merge(self) -> None:
        waiting = len(self.keys) - self._merged
        new_rows = np.repeat(np.arange(self._merged, len(self.keys), dtype=np.int32), self.bands)
        keys = np.concatenate([self._band_keys, self._pending[:waiting].reshape(-1)])
        rows = np.concatenate([self._band_rows, new_rows])
        order = np.argsort(keys, kind="stable")
        self._band_keys, self._band_rows = keys[order], rows[order]
        self._merged = len(self.keys)
        self._pending = np.empty((1024, self.bands), dtype=BAND_DTYPE)

    def _band_hashes(self, values: np.ndarray) -> np.ndarray:
        """One 32-bit key per band: the high half of a multiply-add hash of its ``r`` values and its number (wrapping arithmetic)."""
        bands = values[: self.bands * self.rows].astype(np.uint64).reshape(self.bands, self.rows)
        with np.errstate(over="ignore"):
            mixed = (bands * _BAND_MULTIPLIERS[: self.rows]).sum(axis=1, dtype=np.uint64)
            mixed = (mixed ^ (np.arange(self.bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))) * np.uint64(0xBF58476D1CE4E5B9)
            return (mixed >> np.uint64(32)).astype(BAND_DTYPE)

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

    What the texts say about who copied whom comes before the dates, because
    the dates are the weakest evidence in a family of copies: a wire story's
    file often has no date (the ledger infers one from its dateline, possibly
    a day late), and a blog's page date can be wrong or earlier than the wire
    it reposts. A reprint that names the outlet it carries does not lie about
    the direction.

    1. **Credit.** A member that names another member's outlet (a byline
       "By Meridian Wire", a dateline "WASHINGTON (Meridian Wire) —", a
       credit line, an author field) and is named by nobody is a reprint;
       then the member whose outlet the most other members name comes first.
    2. **Wire agency.** A member whose own dateline names its own outlet
       ("HELSINKI, July 15 (Harbor Press Agency) —" from Harbor Press Agency),
       or a known agency, is the kind of outlet others copy; papers and blogs
       are not copied by agencies.
    3. **Earliest own date.** The earliest dated members, and every member
       with no date of its own (it may be earlier still), stay in the running.
    4. **Fuller text.** Reprints trim: the member with the most words.
    5. Ingest order.
    """
    dated = [m.own_date for m in members if m.own_date is not None]
    first = min(dated) if dated else None
    credits = {m.id: credited_by(m, members) for m in members}
    reprint = {m.id: credits[m.id] == 0 and names_another(m, members) for m in members}
    return min(members, key=lambda m: (
        reprint[m.id], -credits[m.id], not is_wire(m),
        m.own_date is not None and m.own_date != first, -len(_WORD.findall(m.text)), m.seq)).id


def credited_by(member: CopyMember, family: list[CopyMember]) -> int:
    """How many members not of this member's outlet name its outlet in their text or authors.

    A member whose outlet is unknown still counts as naming (a reprint's
    page often lacks its own outlet name), never as being named.
    """
    if not member.outlet:
        return 0
    return sum(
        1
        for other in family
        if other.id != member.id
        and (other.outlet or "").lower() != member.outlet.lower()
        and names_outlet(member.outlet, other.text, other.authors)
    )


def names_another(member: CopyMember, family: list[CopyMember]) -> bool:
    """Does this member name the outlet of another member of its family (it carries that outlet's report)?"""
    own = (member.outlet or "").lower()
    return any(
        other.id != member.id and other.outlet and other.outlet.lower() != own
        and names_outlet(other.outlet, member.text, member.authors)
        for other in family
    )


# News agencies whose reports papers and sites carry; a name in a dateline
# ("DENVER (AP) —", "MOSCOW, Dec. 29 (Northline Wire) —") is the outlet the report comes from.
AGENCIES = frozenset({"associated press", "ap", "reuters", "afp", "agence france-presse", "upi", "united press international"})
DATELINE_AGENCY = re.compile(r"^[^\n]{0,80}?\((?:the )?([A-Z][A-Za-z&.' -]{0,40}?)\)\s*[-—–:]")


def is_wire(member: CopyMember) -> bool:
    """An agency report: its outlet is a known agency, or its own opening dateline names its own outlet."""
    if not member.outlet:
        return False
    outlet = " ".join(member.outlet.lower().split())
    if outlet in AGENCIES:
        return True
    found = DATELINE_AGENCY.match(member.text.lstrip())
    return bool(found) and " ".join(found.group(1).lower().split()) == outlet


def names_outlet(outlet: str, text: str, authors: tuple[str, ...] | list[str] = ()) -> bool:
    """Does a report name this outlet (a byline, a dateline, a credit line, an author field)?"""
    name = re.compile(rf"(?<!\w){re.escape(outlet)}(?!\w)", re.IGNORECASE)
    return bool(name.search(text)) or any(name.search(a) for a in authors)
