"""Near-duplicate detection: wire copies, trimmed reprints, and independent reports."""

from __future__ import annotations

import random

from newsledger.resolve.dedup import NearDuplicateIndex, from_bytes, signature, text_hash, to_bytes

WORDS = [f"word{i}" for i in range(5000)]


def text(rng: random.Random, n: int = 400) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def test_identical_layouts_hash_the_same():
    assert text_hash("The  Mayor said\nno.") == text_hash("the mayor said no")


def test_light_edits_and_trims_are_copies_and_fresh_texts_are_not():
    rng = random.Random(3)
    found_edit = found_trim = false_hits = 0
    for _ in range(50):
        original = text(rng)
        index = NearDuplicateIndex()
        index.add("orig", *signature(original))
        words = original.split()
        edited = list(words)
        for k in range(0, len(edited), 40):
            edited[k] = rng.choice(WORDS)
        found_edit += index.match(*signature(" ".join(edited))) is not None
        found_trim += index.match(*signature(" ".join(words[:300]))) is not None
        false_hits += index.match(*signature(text(rng))) is not None
    assert found_edit >= 48 and found_trim >= 48 and false_hits == 0


def test_signature_round_trips_through_bytes():
    mh, size = signature(text(random.Random(1)))
    assert from_bytes(to_bytes(mh)).jaccard(mh) == 1.0
    assert size > 300


def test_short_texts_are_not_judged():
    assert signature("Too short to judge.") is None
