"""The in-memory copy catalog (issue 14, memory): rows in numpy arrays, hashes as 64-bit keys, the same answers."""

from __future__ import annotations

import datetime as dt
import hashlib

from newsledger.resolve.copies import Copies, KeyIndex, hash_key
from newsledger.store.db import Store


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_key_index_keeps_the_newest_or_the_first_row_across_merges():
    newest, first = KeyIndex(), KeyIndex(first_wins=True)
    for row in range(5000):  # several merges of the buffer into the sorted arrays
        newest.put(row % 1500, row)
        first.put(row % 1500, row)
    assert len(newest) == len(first) == 1500
    assert newest.get(7) == 4507 and first.get(7) == 7
    assert newest.get(1500) is None and first.get(99999) is None


def test_hash_keys_are_the_first_16_hex_digits_and_odd_ids_are_hashed():
    digest = sha("a report")
    assert hash_key(digest) == int(digest[:16], 16) == hash_key(digest[:16])
    assert hash_key("hand-made id") != hash_key("hand-made id 2")


def test_catalog_answers_exact_copies_originals_dates_and_outlets(tmp_path):
    store = Store(tmp_path / "c.duckdb")
    copies = Copies(store)
    day = dt.date(2024, 3, 1)
    raw_a, raw_b, raw_c = sha("raw a"), sha("raw b"), sha("raw c")
    copies.added(raw_a[:16], raw_a, sha("text one"), None, day, "Harbour Post")
    copies.added(raw_b[:16], raw_b, sha("text two"), None, None, "Valley Times")
    # a copy of b, stored before its original was known to be earlier: it points to b
    copies.added(raw_c[:16], raw_c, sha("text two"), raw_b[:16], day, "Coast Daily")
    assert copies.stored(raw_a) == raw_a[:16] and copies.stored(sha("never stored")) is None
    found = copies.find(sha("text two"), None)
    assert (found.original_id, found.kind) == (raw_b[:16], "exact")
    assert copies.root_of(raw_c[:16]) == raw_b[:16]
    assert copies.published_of(raw_a[:16]) == day and copies.published_of(raw_b[:16]) is None
    assert copies.outlet_of(raw_b[:16]) == "Valley Times" and copies.outlet_of("0000000000000000") is None
    copies._promote(raw_c[:16], raw_b[:16])
    assert copies.root_of(raw_b[:16]) == copies.root_of(raw_c[:16]) == raw_c[:16]
    store.close()


def test_a_copy_loaded_before_its_original_still_points_to_it(tmp_path):
    """After a promotion the original may come later in ``seq`` than its copies: the row is made on first sight."""
    copies = Copies(None)
    raw_old, raw_new = sha("old"), sha("new")
    copies.added(raw_old[:16], raw_old, sha("t"), raw_new[:16], None, "A")
    copies.added(raw_new[:16], raw_new, sha("t2"), None, dt.date(2020, 1, 1), "B")
    assert copies.root_of(raw_old[:16]) == raw_new[:16] and copies.root_of(raw_new[:16]) == raw_new[:16]
    assert copies.outlet_of(raw_new[:16]) == "B" and len(copies) == 2
