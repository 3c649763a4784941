"""Which stored article a new report copies, and which member of a family of copies is the original.

:class:`Copies` keeps in memory what copy detection asks of every stored
article (raw and text hashes, the original of each, publication dates,
outlets) and the MinHash index, so an ingest run asks the database once, not
once per input; the decisions themselves are :mod:`newsledger.resolve.dedup`'s.
Writes go through :mod:`newsledger.store.writer`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import numpy as np

from newsledger.resolve import dedup
from newsledger.store import writer
from newsledger.store.db import Store


@dataclass
class Copy:
    """What a new report is a copy of: the family's original, exact or near, and the estimated similarity."""

    original_id: str
    kind: str
    similarity: float


def hash_key(hex_digest: str) -> int:
    """A stored hash (or an article id) as one 64-bit integer: its first 16 hex digits.

    Article ids are the first 16 hex digits of the raw hash
    (:func:`newsledger.prepare.article_id`), so the raw key of an article is
    its id's key: two different ids with one key would already be one id.
    Anything that is not hex (a hand-made id) is hashed instead.
    """
    try:
        return int(hex_digest[:16], 16) if len(hex_digest) >= 16 else _hashed_key(hex_digest)
    except ValueError:
        return _hashed_key(hex_digest)


def _hashed_key(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")


class KeyIndex:
    """64-bit key -> row, held as a sorted ``uint64`` array with a small unsorted buffer (as the MinHash index is).

    A Python dict of 64-hex strings cost about 200 bytes an entry; here an
    entry is 12 bytes in the sorted arrays. New keys wait in a buffer (and a
    dict over the buffer only) until it holds an eighth of the index, then
    are merged by one sort, so adding n keys costs O(n log n) overall.
    ``first_wins``: a key already held keeps its row (``setdefault``);
    otherwise the newest row replaces it.
    """

    def __init__(self, first_wins: bool = False):
        self.first_wins = first_wins
        self._keys = np.empty(0, dtype=np.uint64)  # sorted, distinct
        self._rows = np.empty(0, dtype=np.int32)
        self._pending: dict[int, int] = {}

    def __len__(self) -> int:
        """Distinct keys held (a key waiting in the buffer may also be in the sorted arrays)."""
        return len(self._keys) + sum(1 for key in self._pending if self._sorted_row(key) is None)

    def get(self, key: int) -> int | None:
        row = self._pending.get(key)
        if row is not None:
            return row
        return self._sorted_row(key)

    def put(self, key: int, row: int) -> None:
        if self.first_wins and self.get(key) is not None:
            return
        self._pending[key] = row
        if len(self._pending) >= max(KEY_BUFFER, len(self._keys) // 8):
            self._merge()

    def bulk(self, keys: np.ndarray, rows: np.ndarray) -> None:
        """Fill an empty index at once: for a key given twice the first row is kept if ``first_wins``, else the last."""
        order = np.argsort(keys, kind="stable")
        keys, rows = keys[order], rows[order]
        if len(keys):
            starts = np.concatenate([[True], keys[1:] != keys[:-1]])
            pick = starts if self.first_wins else np.concatenate([starts[1:], [True]])
            keys, rows = keys[pick], rows[pick]
        self._keys, self._rows, self._pending = keys, rows.astype(np.int32), {}

    def _sorted_row(self, key: int) -> int | None:
        at = int(np.searchsorted(self._keys, np.uint64(key)))
        if at < len(self._keys) and int(self._keys[at]) == key:
            return int(self._rows[at])
        return None

    def _merge(self) -> None:
        keys = np.fromiter(self._pending.keys(), dtype=np.uint64, count=len(self._pending))
        rows = np.fromiter(self._pending.values(), dtype=np.int32, count=len(self._pending))
        held = np.searchsorted(self._keys, keys)
        inside = held < len(self._keys)
        replace = np.zeros(len(keys), dtype=bool)
        replace[inside] = self._keys[held[inside]] == keys[inside]
        self._rows[held[replace]] = rows[replace]  # a newer row for a key already sorted (first_wins never gets here)
        merged_keys = np.concatenate([self._keys, keys[~replace]])
        merged_rows = np.concatenate([self._rows, rows[~replace]])
        order = np.argsort(merged_keys, kind="stable")
        self._keys, self._rows = merged_keys[order], merged_rows[order]
        self._pending = {}


class _Column:
    """A growable numpy column (doubling), one value per catalog row."""

    def __init__(self, dtype, fill=0):
        self.values = np.full(1024, fill, dtype=dtype)
        self.fill = fill

    def set(self, row: int, value) -> None:
        if row >= len(self.values):
            grown = np.full(max(row + 1, len(self.values) * 2), self.fill, dtype=self.values.dtype)
            grown[: len(self.values)] = self.values
            self.values = grown
        self.values[row] = value


# Keys a KeyIndex holds unsorted before merging them (or an eighth of the index, if more).
KEY_BUFFER = 1024
# ``published`` of an undated article, in days since 1970-01-01.
NO_DATE = np.iinfo(np.int32).min
EPOCH = dt.date(1970, 1, 1)


class Copies:
    """Every stored article's hashes, original, date and outlet, held for the run.

    Each article is a row: its id, raw hash and text hash are 64-bit keys in
    sorted arrays (:class:`KeyIndex`), its original (a row), publication
    day and outlet (a code into the few distinct outlets) are numpy columns.
    ``benchmarks/bench_catalog.py`` at 100k articles: 1,121 bytes an article
    when these were dicts keyed by 64-character hex strings, 458 now: 69 for
    the catalog's own columns, the rest the MinHash index (a 64 x uint16
    signature and 21 32-bit band keys with their rows, see
    :class:`~newsledger.resolve.dedup.NearDuplicateIndex`); a million
    articles take about 460 MB. The index is loaded on the first near-copy
    look-up.
    """

    def __init__(self, store: Store):
        self.store = store
        self._n = 0
        self._ids = _Column(np.uint64)
        self._odd_ids: dict[int, str] = {}  # row -> an id that is not 16 hex digits
        self._by_id = KeyIndex()
        self._by_raw = KeyIndex()
        self._by_text = KeyIndex(first_wins=True)
        self._root = _Column(np.int32)
        self._published = _Column(np.int32, NO_DATE)
        self._outlet = _Column(np.int32, -1)
        self._outlets: list[str] = []
        self._outlet_codes: dict[str, int] = {}
        self._near: dedup.NearDuplicateIndex | None = None

    def __len__(self) -> int:
        return self._n

    @classmethod
    def load(cls, store: Store) -> "Copies":
        """Every stored article, in ``seq`` order; hashes are keyed in SQL and the indexes built by one sort each.

        One Python call per article took 6.7 s at 100k (a loaded machine).
        """
        copies = cls(store)
        key = "CAST(('0x' || left({0}, 16)) AS UBIGINT)"
        hexed = "regexp_full_match({0}, '[0-9a-f]{{16,}}')"
        cols = store.con.execute(
            f"SELECT a.article_id, {key.format('a.article_id')} AS id_key, {key.format('s.raw_sha256')} AS raw_key, "
            f"{key.format('s.text_sha256')} AS text_key, a.copy_of_id, "
            "CAST(a.published - DATE '1970-01-01' AS INTEGER) AS day, a.outlet "
            "FROM articles a JOIN internal.article_sources s ON s.article_id = a.article_id "
            f"WHERE {hexed.format('a.article_id')} AND length(a.article_id) = 16 AND {hexed.format('s.raw_sha256')} "
            f"AND {hexed.format('s.text_sha256')} ORDER BY a.seq"
        ).fetchnumpy()
        odd = store.con.execute(
            "SELECT count(*) FROM articles a JOIN internal.article_sources s ON s.article_id = a.article_id"
        ).fetchone()[0] != len(cols["article_id"])
        if odd or len(cols["article_id"]) == 0:  # hand-made ids or hashes: one call per article
            return cls._load_one_by_one(store)
        n = len(cols["article_id"])
        ids = np.asarray(cols["id_key"], dtype=np.uint64)
        copies._n = n
        copies._ids.values = ids.copy()
        copies._by_id.bulk(ids, np.arange(n, dtype=np.int32))
        copies._by_raw.bulk(np.asarray(cols["raw_key"], dtype=np.uint64), np.arange(n, dtype=np.int32))
        copies._by_text.bulk(np.asarray(cols["text_key"], dtype=np.uint64), np.arange(n, dtype=np.int32))
        day = cols["day"]
        copies._published.values = np.where(np.ma.getmaskarray(day), NO_DATE, np.ma.filled(day, 0)).astype(np.int32)
        copies._outlet.values = np.array([copies._outlet_code(o) for o in cols["outlet"].tolist()], dtype=np.int32)
        copies._root.values = np.arange(n, dtype=np.int32)
        for row, copy_of in enumerate(cols["copy_of_id"].tolist()):
            if copy_of:
                copies._root.values[row] = copies._ensure_row(copy_of)
        return copies

    @classmethod
    def _load_one_by_one(cls, store: Store) -> "Copies":
        copies = cls(store)
        cursor = store.con.cursor()
        try:
            cursor.execute(
                "SELECT a.article_id, s.raw_sha256, s.text_sha256, a.copy_of_id, a.published, a.outlet "
                "FROM articles a JOIN internal.article_sources s ON s.article_id = a.article_id ORDER BY a.seq"
            )
            while rows := cursor.fetchmany(10_000):
                for article_id, raw_sha, text_sha, copy_of, published, outlet in rows:
                    copies.added(article_id, raw_sha, text_sha, copy_of, published, outlet)
        finally:
            cursor.close()
        return copies

    def added(self, article_id: str, raw_sha: str, text_sha: str, copy_of: str | None, published, outlet) -> None:
        """One stored article joins the catalog (a re-added id takes its new values)."""
        row = self._ensure_row(article_id)
        self._by_raw.put(hash_key(raw_sha), row)
        self._by_text.put(hash_key(text_sha), row)
        self._root.set(row, self._ensure_row(copy_of) if copy_of else row)
        self._published.set(row, NO_DATE if published is None else (published - EPOCH).days)
        self._outlet.set(row, self._outlet_code(outlet))

    def _ensure_row(self, article_id: str) -> int:
        """The row of an article id, made (its own original) when new: an original promoted over
        an earlier copy is loaded after the copies that point to it."""
        key = hash_key(article_id)
        row = self._by_id.get(key)
        if row is None:
            row, self._n = self._n, self._n + 1
            self._by_id.put(key, row)
            self._ids.set(row, key)
            self._root.set(row, row)
            if article_id != f"{key:016x}":
                self._odd_ids[row] = article_id
        return row

    def _outlet_code(self, outlet: str | None) -> int:
        if outlet is None:
            return -1
        code = self._outlet_codes.get(outlet)
        if code is None:
            code = self._outlet_codes[outlet] = len(self._outlets)
            self._outlets.append(outlet)
        return code

    # -- reading one article ----------------------------------------------------
    def _row(self, article_id: str) -> int | None:
        return self._by_id.get(hash_key(article_id))

    def _id(self, row: int) -> str:
        return self._odd_ids.get(row) or f"{int(self._ids.values[row]):016x}"

    def stored(self, raw_sha: str) -> str | None:
        """The id of the stored article with this raw hash, or None."""
        row = self._by_raw.get(hash_key(raw_sha))
        return None if row is None else self._id(row)

    def root_of(self, article_id: str) -> str | None:
        """The original of a stored article's family (itself when it is the original)."""
        row = self._row(article_id)
        return None if row is None else self._id(int(self._root.values[row]))

    def published_of(self, article_id: str) -> dt.date | None:
        row = self._row(article_id)
        if row is None or self._published.values[row] == NO_DATE:
            return None
        return EPOCH + dt.timedelta(days=int(self._published.values[row]))

    def outlet_of(self, article_id: str) -> str | None:
        row = self._row(article_id)
        code = -1 if row is None else int(self._outlet.values[row])
        return None if code < 0 else self._outlets[code]

    # -- finding ----------------------------------------------------------------
    def near_index(self) -> dedup.NearDuplicateIndex:
        if self._near is None:
            self._near = dedup.NearDuplicateIndex()
            for article_id, blob, size in self.store.con.execute(
                "SELECT article_id, signature, shingles FROM internal.minhashes"
            ).fetchall():
                self._near.add_values(article_id, np.frombuffer(blob, dtype=np.uint32), size)
        return self._near

    def find(self, text_sha: str, signature) -> Copy | None:
        """The original of an earlier copy of this text (exact first, then near), or None."""
        exact = self._by_text.get(hash_key(text_sha))
        if exact is not None:
            return Copy(self._id(int(self._root.values[exact])), "exact", 1.0)
        if signature is None:
            return None
        match = self.near_index().match(*signature)
        if match is None:
            return None
        return Copy(self.root_of(match[0]), "near", round(match[1], 3))

    def indexed(self, article_id: str, signature) -> None:
        """A stored article's signature joins the near-copy index (if it is loaded)."""
        if signature is not None and self._near is not None:
            self._near.add(article_id, *signature)

    # -- which copy is the original ---------------------------------------------
    def promote_earliest(self, new_id: str, root: str) -> None:
        """Copies link to the earliest-published copy; a newly found earlier one becomes the original.

        Only when both dates are known: an undated original (a wire story with a
        dateline but no year) keeps its place rather than yield to a dated reprint.
        Undated reports are placed once analysis has dated them: see :meth:`orient`.
        """
        new_date, root_date = self.published_of(new_id), self.published_of(root)
        if new_date is None or root_date is None or new_date >= root_date:
            return
        with self.store.transaction():
            writer.make_original(self.store, new_id, root)
        self._promote(new_id, root)

    def orient(self, stories: set[str] | None = None) -> int:
        """Point every family of copies at its original, now that analysis has dated the undated.

        At ingest a copy links to whichever report arrived first unless both
        carry publication dates; a wire story with a year-less dateline then
        stays a copy of its own reprint. Once the NLP has inferred dates from
        the texts, each family's original is chosen again by
        :func:`dedup.choose_original` (the outlet the reprints credit, then a
        wire agency's own report, then the earliest own date, then the fuller
        text). One transaction per family
        that changes; returns how many changed.

        ``stories``: only the families with a member in one of these
        stories or in none (an incremental resolution passes the stories
        whose fingerprint changed, :func:`newsledger.resolve.run.changed_stories`).
        A family's choice reads its members' outlets, own dates, texts, order
        and authors; only a new member or a member analysed again (a new
        date, a re-cleaned text) changes them, and either changes its
        story's fingerprint or has no story yet. At 100k articles choosing
        for all 22,000 families took 27 s of a resolution (profiled).
        """
        scoped = ""
        params: list = []
        if stories is not None:
            scoped = (" AND coalesce(a.copy_of_id, a.article_id) IN (SELECT coalesce(copy_of_id, article_id) FROM articles "
                      "WHERE story_id IS NULL OR list_contains(?, story_id))")
            params = [sorted(stories)]
        rows = self.store.rows(
            "SELECT a.article_id, coalesce(a.copy_of_id, a.article_id) AS root, a.outlet, a.seq, a.text, a.authors, "
            "coalesce(a.published, CASE WHEN t.frame_from = 'inferred' THEN t.frame_date END) AS own_date "
            "FROM articles a LEFT JOIN article_time_frames t ON t.article_id = a.article_id "
            "WHERE coalesce(a.copy_of_id, a.article_id) IN (SELECT copy_of_id FROM articles WHERE copy_of_id IS NOT NULL)"
            f"{scoped} ORDER BY a.seq",
            params,
        )
        families: dict[str, list[dedup.CopyMember]] = {}
        for r in rows:
            families.setdefault(r["root"], []).append(
                dedup.CopyMember(r["article_id"], r["outlet"], r["own_date"], r["text"], r["seq"], tuple(r["authors"] or ()))
            )
        changed = 0
        for root, members in families.items():
            original = dedup.choose_original(members)
            if original == root:
                continue
            with self.store.transaction():
                writer.make_original(self.store, original, root)
            self._promote(original, root)
            changed += 1
        return changed

    def _promote(self, new_root: str, old_root: str) -> None:
        new, old = self._row(new_root), self._row(old_root)
        if new is None or old is None:
            return
        roots = self._root.values[: self._n]
        roots[roots == old] = new
        roots[new] = new
