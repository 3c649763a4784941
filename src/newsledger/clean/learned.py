"""Boilerplate learned per outlet: lines an outlet repeats across its own reports.

Every original report's lines are counted per outlet (``internal.outlet_lines``);
a line carried by enough of an outlet's originals is boilerplate for that
outlet and is removed with the reason ``repeated-in-source``. Lines learned
late are removed from the outlet's earlier articles by :meth:`LearnedLines.relearn`.
"""

from __future__ import annotations

import unicodedata
from typing import Iterable

from newsledger.clean.boilerplate import VARIANT_MARK, line_key, variant_key
from newsledger.clean.cleaner import clean_text
from newsledger.store import writer
from newsledger.store.db import Store

# A line is boilerplate for an outlet once it appears in this many of the
# outlet's original (non-copy) articles and in at least this share of them.
REPEAT_MIN_ARTICLES = 3
REPEAT_MIN_SHARE = 0.1
# Articles cleaned with an outlet's learned lines before they are read again.
REFRESH_EVERY = 20
# A line that repeats only once its digits are folded is boilerplate when its
# exact variants (years folded) recur, on average this many articles each: a
# desk's phone numbers (5 articles, 3 numbers) or a credit line's year do; a
# bulletin's readings ("stood at 2.41 metres") are new in nearly every
# article and are news.  On the GVC dev reports every line learned before is
# still learned at 1.5; at 2 one outlet's phone lines were kept.
MIN_ARTICLES_PER_VARIANT = 1.5


def line_keys(uncleaned_text: str) -> set[str]:
    """The keys an original report counts for its outlet: each line's key and, for lines with digits, its variant."""
    lines = [line for line in uncleaned_text.splitlines() if line.strip()]
    keys = {line_key(line) for line in lines} | {variant_key(line) for line in lines}
    return keys - {"", None}


class LearnedLines:
    """Each outlet's learned boilerplate, read from the ledger and re-read every few articles."""

    def __init__(self, store: Store):
        self.store = store
        self._cache: dict[str, tuple[frozenset[str], int]] = {}

    def count(self, outlet: str | None, uncleaned_text: str) -> None:
        """Count an original report's lines for its outlet (the caller holds the transaction)."""
        keys = line_keys(uncleaned_text)
        if outlet and keys:
            writer.count_outlet_lines(self.store, outlet, keys)

    def repeated(self, outlet: str | None) -> frozenset[str]:
        """The outlet's learned lines, re-read every ``REFRESH_EVERY`` articles (relearn fixes the rest)."""
        if not outlet:
            return frozenset()
        cached = self._cache.get(outlet)
        if cached is not None and cached[1] > 0:
            self._cache[outlet] = (cached[0], cached[1] - 1)
            return cached[0]
        repeated = self.read(outlet)
        self._cache[outlet] = (repeated, REFRESH_EVERY)
        return repeated

    def read(self, outlet: str) -> frozenset[str]:
        """Keys of lines repeated in enough of the outlet's originals, less those whose digits rarely recur.

        Variant rows (``=folded=exact``, see :func:`variant_key`) count the
        distinct digit versions of a folded line; ledgers written before them
        have none, and keep learning as before.
        """
        originals = self.store.scalar(
            "SELECT count(*) FROM articles WHERE outlet = ? AND copy_of_id IS NULL", [outlet]
        ) or 0
        floor = max(REPEAT_MIN_ARTICLES, REPEAT_MIN_SHARE * originals)
        rows = self.store.con.execute(
            """
            WITH learned AS (
                SELECT line_key, n_articles FROM internal.outlet_lines
                WHERE outlet = ? AND n_articles >= ? AND NOT starts_with(line_key, ?)),
            variants AS (
                SELECT split_part(line_key, ?, 2) AS folded, count(*) AS n FROM internal.outlet_lines
                WHERE outlet = ? AND starts_with(line_key, ?) GROUP BY 1)
            SELECT learned.line_key, learned.n_articles, variants.n
            FROM learned LEFT JOIN variants ON variants.folded = learned.line_key
            """,
            [outlet, floor, VARIANT_MARK, VARIANT_MARK, outlet, VARIANT_MARK],
        ).fetchall()
        return frozenset(key for key, n, variants in rows if not variants or n >= MIN_ARTICLES_PER_VARIANT * variants)

    def relearn(self, outlets: Iterable[str | None], text_hash) -> int:
        """Re-clean an outlet's articles after its learned lines changed; returns how many changed.

        Lines learned late would otherwise stay in the outlet's first articles.
        A changed text invalidates that article's analysis (offsets moved).
        ``text_hash`` hashes a cleaned text for exact-copy detection.

        Every article of the outlet is looked at, so this grows with the
        outlet (at 100k articles, four outlets of 2,500: 2 s each on a
        loaded machine, most of it :func:`line_key` on every line of every
        article): only ids and cleaned texts are read, an article is split
        into lines only when its text holds a word of every learned line
        that has one (:func:`key_words`, a necessary condition, so the same
        articles are re-cleaned), and the uncleaned text is read only for
        those.
        """
        changed = 0
        for outlet in sorted(o for o in outlets if o):
            repeated = self.read(outlet)
            if not repeated:
                continue
            words = key_words(repeated)
            rows = self.store.con.execute("SELECT article_id, text FROM articles WHERE outlet = ?", [outlet]).fetchall()
            for article_id, old in rows:
                if words is not None and not _may_carry(old, words):
                    continue
                if not any(line_key(line) in repeated for line in old.splitlines() if line.strip()):
                    continue
                uncleaned = self.store.scalar(
                    "SELECT uncleaned_text FROM internal.article_sources WHERE article_id = ?", [article_id])
                if uncleaned is None:
                    continue
                cleaned = clean_text(uncleaned, repeated=repeated)
                if cleaned.text == old:
                    continue
                with self.store.transaction():
                    writer.update_cleaned_text(self.store, article_id, cleaned.text, text_hash(cleaned.text), cleaned.repairs)
                    writer.write_removed(self.store, article_id, cleaned.removed)
                self.store.yield_to_waiters()  # one article per transaction: readers may come in between
                changed += 1
        return changed


def key_words(keys: Iterable[str]) -> list[str] | None:
    """One word of each learned key, the longest without a folded digit; None when a key has no such word.

    :func:`line_key` keeps a line's letters (case-folded, NFKC) and only
    folds digits and punctuation, so a line whose key is ``k`` holds every
    digit-free word of ``k``: a text holding none of these words holds no
    learned line.
    """
    words = []
    for key in keys:
        candidates = [w for w in key.split() if "0" not in w]
        if not candidates:
            return None
        words.append(max(candidates, key=len))
    return sorted(set(words))


def _may_carry(text: str, words: list[str]) -> bool:
    """Whether the text (NFKC, case-folded as :func:`line_key` folds it) holds any of these words."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return any(w in folded for w in words)
