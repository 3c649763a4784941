"""Which stored article a new report copies, and which member of a family of copies is the original.

:class:`Copies` keeps in memory what copy detection asks of every stored
article (raw and text hashes, the original of each, publication dates,
outlets) and the MinHash index, so an ingest run asks the database once, not
once per input; the decisions themselves are :mod:`newsledger.resolve.dedup`'s.
Writes go through :mod:`newsledger.store.writer`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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


@dataclass
class Copies:
    """Every stored article's hashes, original, date and outlet, held for the run.

    About 1.1 KB an article with the MinHash index (``benchmarks/bench_catalog.py``:
    it was 8 KB before the index was made compact), so a million articles
    take about 1.1 GB; the index is loaded on the first near-copy look-up.
    """

    store: Store
    by_raw: dict[str, str] = field(default_factory=dict)
    by_text: dict[str, str] = field(default_factory=dict)
    root: dict[str, str] = field(default_factory=dict)
    published: dict[str, dt.date | None] = field(default_factory=dict)
    outlet: dict[str, str | None] = field(default_factory=dict)
    _near: dedup.NearDuplicateIndex | None = None

    @classmethod
    def load(cls, store: Store) -> "Copies":
        copies = cls(store)
        rows = store.con.execute(
            "SELECT a.article_id, s.raw_sha256, s.text_sha256, a.copy_of_id, a.published, a.outlet "
            "FROM articles a JOIN internal.article_sources s ON s.article_id = a.article_id ORDER BY a.seq"
        ).fetchall()
        for article_id, raw_sha, text_sha, copy_of, published, outlet in rows:
            copies.added(article_id, raw_sha, text_sha, copy_of, published, outlet)
        return copies

    def added(self, article_id: str, raw_sha: str, text_sha: str, copy_of: str | None, published, outlet) -> None:
        self.by_raw[raw_sha] = article_id
        self.by_text.setdefault(text_sha, article_id)
        self.root[article_id] = copy_of or article_id
        self.published[article_id] = published
        self.outlet[article_id] = outlet

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
        exact = self.by_text.get(text_sha)
        if exact:
            return Copy(self.root[exact], "exact", 1.0)
        if signature is None:
            return None
        match = self.near_index().match(*signature)
        if match is None:
            return None
        return Copy(self.root[match[0]], "near", round(match[1], 3))

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
        new_date, root_date = self.published.get(new_id), self.published.get(root)
        if new_date is None or root_date is None or new_date >= root_date:
            return
        with self.store.transaction():
            writer.make_original(self.store, new_id, root)
        self._promote(new_id, root)

    def orient(self) -> int:
        """Point every family of copies at its original, now that analysis has dated the undated.

        At ingest a copy links to whichever report arrived first unless both
        carry publication dates; a wire story with a year-less dateline then
        stays a copy of its own reprint. Once the NLP has inferred dates from
        the texts, each family's original is chosen again by
        :func:`dedup.choose_original` (the outlet the reprints credit, then a
        wire agency's own report, then the earliest own date, then the fuller
        text). One transaction per family
        that changes; returns how many changed.
        """
        rows = self.store.rows(
            "SELECT a.article_id, coalesce(a.copy_of_id, a.article_id) AS root, a.outlet, a.seq, a.text, a.authors, "
            "coalesce(a.published, CASE WHEN t.frame_from = 'inferred' THEN t.frame_date END) AS own_date "
            "FROM articles a LEFT JOIN article_time_frames t ON t.article_id = a.article_id "
            "WHERE coalesce(a.copy_of_id, a.article_id) IN (SELECT copy_of_id FROM articles WHERE copy_of_id IS NOT NULL) "
            "ORDER BY a.seq"
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
        for article_id, root in self.root.items():
            if root == old_root:
                self.root[article_id] = new_root
        self.root[new_root] = new_root
