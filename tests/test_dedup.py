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


def test_a_repost_keeping_half_of_a_long_report_is_a_copy():
    """A blog repost: half the paper's paragraphs, then a paragraph of its own (Jaccard about 0.35)."""
    rng = random.Random(5)
    found = false_hits = 0
    for _ in range(100):
        original = text(rng, 400)
        index = NearDuplicateIndex()
        index.add("paper", *signature(original))
        repost = " ".join(original.split()[:200]) + " " + text(rng, 60)
        found += index.match(*signature(repost)) is not None
        false_hits += index.match(*signature(text(rng, 260))) is not None
    assert found >= 85 and false_hits == 0


def test_a_list_of_source_urls_under_a_repost_does_not_hide_the_copy():
    rng = random.Random(11)
    original = text(rng, 300)
    index = NearDuplicateIndex()
    index.add("paper", *signature(original))
    urls = "\n".join(f"http://www.example{i}.com/news/{'-'.join(text(rng, 8).split())}" for i in range(8))
    repost = " ".join(original.split()[:200]) + " " + text(rng, 50) + "\n" + urls
    assert index.match(*signature(repost))[0] == "paper"
    assert signature("http://example.com/" + "-".join(text(rng, 40).split())) is None


def test_compact_index_matches_datasketch_lsh_exactly():
    """The compact banding (16-bit signature values, 32-bit band keys) finds the same best earlier copy as datasketch's MinHashLSH, across a merge of its buffer."""
    from datasketch import MinHashLSH

    from newsledger.resolve.dedup import CANDIDATE_THRESHOLD, NUM_PERM

    rng = random.Random(4)
    bases = [text(rng, 150) for _ in range(120)]
    index, lsh, signatures = NearDuplicateIndex(), MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM), {}
    matches = 0
    for i in range(1100):
        words = (rng.choice(bases) if rng.random() < 0.5 else text(rng, 150)).split()
        for k in range(0, len(words), rng.choice([5, 10, 20, 40])):
            words[k] = rng.choice(WORDS)
        mh, size = signature(" ".join(words))
        expected = None
        for key in lsh.query(mh):
            other, other_size = signatures[key]
            score = mh.jaccard(other)
            if index.is_copy(score, size, other_size) and (
                expected is None or score > expected[1] or (score == expected[1] and key < expected[0])
            ):
                expected = (key, score)
        assert index.match(mh, size) == expected
        matches += expected is not None
        key = f"a{i:05d}"
        index.add(key, mh, size)
        lsh.insert(key, mh)
        signatures[key] = (mh, size)
    assert matches > 100 and len(index) == 1100
