"""Exact and near-duplicate detection, so copies count once.

Wire reprints and reposts are lightly edited copies: they share most word
5-grams. MinHash signatures (datasketch) estimate that overlap and LSH finds
candidates without comparing every pair, so dedup stays near-linear.
"""

from __future__ import annotations

import hashlib
import re

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
CONTAINMENT_THRESHOLD = 0.75
# LSH is tuned lower than the threshold so copies just above it are not
# missed by banding; every candidate is then checked against the threshold.
CANDIDATE_THRESHOLD = 0.3
# Texts shorter than this many words share too few shingles to judge.
MIN_WORDS = 25

_WORD = re.compile(r"\w+", re.UNICODE)


def text_hash(text: str) -> str:
    """Hash of the text with case and whitespace folded: identical reports, any layout."""
    folded = " ".join(_WORD.findall(text.lower()))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> tuple[MinHash, int] | None:
    """MinHash of the text's word 5-grams and how many there are; None when too short to judge."""
    if len(_WORD.findall(text)) < MIN_WORDS:
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
