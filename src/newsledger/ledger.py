"""The Python API: ``Ledger`` runs ingest -> clean -> analyse -> store -> resolve.

The CLI, the HTTP API and the Spark jobs are thin layers over this class.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Mapping

from newsledger.clean import clean_text, line_key, variant_key
from newsledger.clean.boilerplate import VARIANT_MARK
from newsledger.ingest import IngestError, iter_documents
from newsledger.model import RawDocument
from newsledger.prepare import ArticleRefused, PreparedArticle, check_text, extract, finish, raw_hash, reclean, source_of
from newsledger.resolve import dedup
from newsledger.store.db import Store, StoreWriteError, write_failure

# A line is boilerplate for a source once it appears in this many of the
# source's original (non-copy) articles and in at least this share of them.
REPEAT_MIN_ARTICLES = 3
REPEAT_MIN_SHARE = 0.1
REFRESH_EVERY = 20
# A line that repeats only once its digits are folded is boilerplate when its
# exact variants (years folded) recur, on average this many articles each: a
# desk's phone numbers (5 articles, 3 numbers) or a credit line's year do; a
# bulletin's readings ("stood at 2.41 metres") are new in nearly every
# article and are news.  On the GVC dev reports every line learned before is
# still learned at 1.5; at 2 one outlet's phone lines were kept.
MIN_ARTICLES_PER_VARIANT = 1.5
# Reasons of stored warnings start with this, so ``ingest_errors`` tells them apart.
WARNING_PREFIX = "warning: "

Progress = Callable[[str, int, int | None], None]
# Called with each bad input (or warning) as soon as it is found.
OnError = Callable[[IngestError], None]
# Runs the analysis elsewhere (the Spark job): returns (articles analysed, lead embeddings by article id).
Analyser = Callable[["Ledger", Progress | None], tuple[int, Mapping[str, Any]]]


@dataclass
class IngestSummary:
    """What one ``ingest`` run did; ``failed`` holds one line per bad input, ``warnings`` one per
    problem with an article that was still stored (an unreadable date)."""

    ingested: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    analysed: int = 0
    stories: int = 0
    events: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


class Ledger:
    """A ledger stored in one DuckDB file."""

    def __init__(self, path: str | Path = "newsledger.duckdb", *, read_only: bool = False, n_process: int | None = None):
        self.store = Store(path, read_only=read_only)
        self.path = str(path)
        self.n_process = n_process
        self._near: dedup.NearDuplicateIndex | None = None
        self._repeated_cache: dict[str, tuple[frozenset[str], int]] = {}
        self._seq: int | None = None
        self._cat: _Catalog | None = None
        self.analysis_errors: list[str] = []
        self._on_error: OnError | None = None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ---------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str],
        *,
        source: str | None = None,
        published: dt.date | None = None,
        field_map: dict[str, str] | None = None,
        stdin: BinaryIO | None = None,
        analyze: bool = True,
        progress: Progress | None = None,
        on_error: OnError | None = None,
    ) -> IngestSummary:
        """Read every input, store each article in its own transaction, then analyse and resolve.

        ``on_error`` sees each bad input (and each warning) as it is found, so
        a run that is interrupted or crashes has already shown its errors;
        they are also kept in ``ingest_errors``.  A failed write to the
        ledger (full disk) stops the run with :class:`StoreWriteError`.
        """
        paths = list(paths)
        items = iter_documents(paths, field_map=field_map, source=source, published=published, stdin=stdin)
        return self.ingest_documents(items, command="ingest " + " ".join(map(str, paths)), analyze=analyze,
                                     progress=progress, on_error=on_error)

    def ingest_documents(
        self,
        items: Iterable[RawDocument | IngestError | tuple[RawDocument, PreparedArticle]],
        *,
        command: str,
        analyze: bool = True,
        progress: Progress | None = None,
        analyser: Analyser | None = None,
        on_error: OnError | None = None,
    ) -> IngestSummary:
        """The body of :meth:`ingest` over documents read elsewhere, in their order.

        An item is a read document, a reader's error, or a document with a
        draft prepared elsewhere (see :meth:`add`). ``analyser`` replaces
        :meth:`analyze_pending`: the Spark job runs the NLP and the lead
        embeddings on executors, saves the records through
        :meth:`save_analyses` and returns (articles analysed, lead embeddings
        by article id) for :meth:`resolve`.
        """
        summary = IngestSummary()
        self._on_error = on_error
        run_id = self._start_run(command)
        try:
            with self._writes_or_stop():
                self._read_inputs(items, run_id, summary, progress)
                self._finish_run(run_id, summary)
                if analyze:
                    self._analyse_after_ingest(run_id, summary, progress, analyser)
        except BaseException:
            self._finish_run_if_possible(run_id, summary)
            raise
        finally:
            self._on_error = None
        return summary

    def _read_inputs(self, items, run_id: int, summary: IngestSummary, progress: Progress | None) -> None:
        sources: set[str | None] = set()
        for item in items:
            if isinstance(item, IngestError):
                self._record_error(run_id, item.origin, item.reason, summary)
            elif isinstance(item, tuple):
                self._ingest_one(item[0], run_id, summary, sources, draft=item[1])
            else:
                self._ingest_one(item, run_id, summary, sources)
            if progress:
                progress("ingest", summary.ingested + summary.unchanged + len(summary.failed), None)
        self.relearn_boilerplate(sources)

    def _analyse_after_ingest(self, run_id: int, summary: IngestSummary, progress: Progress | None,
                              analyser: Analyser | None = None) -> None:
        lead_embeddings = None
        if analyser is None:
            summary.analysed = self.analyze_pending(progress=progress)
        else:
            summary.analysed, lead_embeddings = analyser(self, progress)
        resolved = self.resolve(lead_embeddings=lead_embeddings)
        summary.stories, summary.events = resolved["stories"], resolved["events"]
        for line in self.analysis_errors:
            article_id, reason = line.split(": ", 1)
            self._record_error(run_id, self._catalog_origin(article_id), reason, summary)
        self.analysis_errors.clear()
        self._finish_run(run_id, summary)

    @contextlib.contextmanager
    def _writes_or_stop(self):
        """Turn a failed write anywhere in the run (full disk, I/O error) into one :class:`StoreWriteError`."""
        try:
            yield
        except StoreWriteError:
            raise
        except Exception as exc:
            failure = write_failure(self.path, exc)
            if failure is None:
                raise
            raise failure from exc

    def _ingest_one(
        self, raw: RawDocument, run_id: int, summary: IngestSummary, sources: set, draft: PreparedArticle | None = None
    ) -> None:
        try:
            status = self.add(raw) if draft is None else self.add(raw, draft=draft)
        except ArticleRefused as exc:
            self._record_error(run_id, raw.origin, str(exc), summary)
            return
        except Exception as exc:  # one bad record must not stop the run, a failing disk must
            if write_failure(self.path, exc) is not None:
                raise
            self._record_error(run_id, raw.origin, f"{type(exc).__name__}: {exc}".splitlines()[0], summary)
            return
        for warning in raw.warnings:
            self._record_error(run_id, raw.origin, warning, summary, warning=True)
        if status == "unchanged":
            summary.unchanged += 1
            return
        summary.ingested += 1
        summary.duplicates += status == "duplicate"
        sources.add(self._catalog().source.get(raw_hash(raw)[:16]))

    def add(self, raw: RawDocument, *, draft: PreparedArticle | None = None) -> str:
        """Store one report; returns ``added``, ``duplicate`` (a copy, linked) or ``unchanged``.

        Raises :class:`ArticleRefused` before storing anything when the cleaned
        text has no words (a script-only page, a paywall) or is too long to
        analyse: an empty article would be an exact "copy" of every other one.

        ``draft``: the report already extracted and cleaned without learned
        lines (``prepare(raw)``, e.g. on a Spark executor). It is cleaned
        again here only when the outlet's lines learned so far touch it, so
        the stored article is the one :func:`prepare` would give here.
        """
        sha = raw_hash(raw)
        catalog = self._catalog()
        existing = catalog.by_raw.get(sha)
        if existing:
            self._add_origin(existing, raw.origin)
            return "unchanged"
        if draft is None:
            text, found = extract(raw)
            article = finish(raw, text, found, self._repeated_lines(source_of(raw, found)))
        else:
            article = reclean(draft, self._repeated_lines(draft.source))
        check_text(article)
        text_sha = dedup.text_hash(article.text)
        signature = dedup.signature(article.text)
        duplicate = self._find_duplicate(text_sha, signature)
        with self.store.transaction():
            self._insert_article(article, sha, text_sha, duplicate)
            if signature is not None:
                self.store.insert(
                    "minhashes",
                    {"article_id": article.id, "signature": dedup.to_bytes(signature[0]), "shingles": signature[1]},
                )
            if duplicate is None:
                self._count_lines(article)
        if signature is not None and self._near is not None:
            self._near.add(article.id, *signature)
        catalog.added(article.id, sha, text_sha, duplicate[0] if duplicate else None, article.published, article.source)
        if duplicate:
            self._promote_earliest(article.id, duplicate[0])
        return "duplicate" if duplicate else "added"

    def _insert_article(self, a: PreparedArticle, sha: str, text_sha: str, duplicate: tuple[str, str, float] | None) -> None:
        now = dt.datetime.now()
        self.store.insert(
            "articles",
            {
                "id": a.id,
                "seq": self._next_seq(),
                "raw_sha256": sha,
                "text_sha256": text_sha,
                "source": a.source,
                "title": a.title,
                "url": a.url,
                "authors": a.authors or None,
                "published": a.published,
                "published_from": a.published_from,
                "fetched": a.raw.fetched,
                "origin": a.raw.origin,
                "external_id": a.raw.external_id,
                "raw_kind": a.raw.kind,
                "raw_content": a.raw.content,
                "prepared_text": a.prepared_text,
                "text": a.text,
                "repairs": a.repairs,
                "duplicate_of": duplicate[0] if duplicate else None,
                "duplicate_kind": duplicate[1] if duplicate else None,
                "duplicate_score": duplicate[2] if duplicate else None,
                "ingested_at": now,
            },
        )
        self._write_removed(a.id, a.removed, replace=False)
        self._add_origin(a.id, a.raw.origin)

    def _write_removed(self, article_id: str, removed: list, replace: bool = True) -> None:
        if replace:
            self.store.con.execute("DELETE FROM removed_lines WHERE article_id = ?", [article_id])
        self.store.insert_many(
            "removed_lines",
            [
                {"article_id": article_id, "seq": i, "start_char": r.start, "end_char": r.end, "text": r.text, "reason": r.reason}
                for i, r in enumerate(removed)
            ],
        )

    def _add_origin(self, article_id: str, origin: str) -> None:
        self.store.con.execute(
            "INSERT INTO article_origins VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [article_id, origin, dt.datetime.now()]
        )

    def _catalog(self) -> "_Catalog":
        if self._cat is None:
            self._cat = _Catalog.load(self.store)
        return self._cat

    # -- duplicates -----------------------------------------------------------
    def _near_index(self) -> dedup.NearDuplicateIndex:
        if self._near is None:
            self._near = dedup.NearDuplicateIndex()
            rows = self.store.con.execute("SELECT article_id, signature, shingles FROM minhashes").fetchall()
            for article_id, blob, size in rows:
                self._near.add(article_id, dedup.from_bytes(blob), size)
        return self._near

    def _find_duplicate(self, text_sha: str, signature) -> tuple[str, str, float] | None:
        """(root article id, kind, score) of an earlier copy, or None."""
        exact = self._catalog().by_text.get(text_sha)
        if exact:
            return self._root(exact), "exact", 1.0
        if signature is None:
            return None
        match = self._near_index().match(*signature)
        if match is None:
            return None
        return self._root(match[0]), "near", round(match[1], 3)

    def _root(self, article_id: str) -> str:
        return self._catalog().root[article_id]

    def _promote_earliest(self, new_id: str, root: str) -> None:
        """Copies link to the earliest-published copy; a newly found earlier one becomes the root.

        Only when both dates are known: an undated original (a wire story with a
        dateline but no year) keeps its place rather than yield to a dated reprint.
        Undated reports are placed once analysis has dated them: see :meth:`orient_copies`.
        """
        catalog = self._catalog()
        new_date, root_date = catalog.published.get(new_id), catalog.published.get(root)
        if new_date is None or root_date is None or new_date >= root_date:
            return
        with self.store.transaction():
            self._swap_root(new_id, root)
        catalog.promote(new_id, root)

    def orient_copies(self) -> int:
        """Point every family of copies at its original, now that analysis has dated the undated.

        At ingest a copy links to whichever report arrived first unless both
        carry publication dates; a wire story with a year-less dateline then
        stays a copy of its own reprint. Once the NLP has inferred dates from
        the texts, each family's original is chosen again by
        :func:`dedup.choose_original` (earliest own date, then the outlet the
        reprints credit, then the fuller text). One transaction per family
        that changes; returns how many changed.
        """
        rows = self.store.rows(
            "SELECT a.id, coalesce(a.duplicate_of, a.id) AS root, a.source, a.seq, a.text, a.authors, "
            "coalesce(a.published, CASE WHEN t.confidence = 'inferred' THEN t.date END) AS own_date "
            "FROM articles a LEFT JOIN time_frames t ON t.article_id = a.id "
            "WHERE coalesce(a.duplicate_of, a.id) IN (SELECT duplicate_of FROM articles WHERE duplicate_of IS NOT NULL) "
            "ORDER BY a.seq"
        )
        families: dict[str, list[dedup.CopyMember]] = {}
        for r in rows:
            families.setdefault(r["root"], []).append(
                dedup.CopyMember(r["id"], r["source"], r["own_date"], r["text"], r["seq"], tuple(r["authors"] or ()))
            )
        changed = 0
        for root, members in families.items():
            original = dedup.choose_original(members)
            if original == root:
                continue
            with self.store.transaction():
                self._swap_root(original, root)
            self._catalog().promote(original, root)
            changed += 1
        return changed

    def _swap_root(self, new_id: str, root: str) -> None:
        kind, score = self.store.con.execute(
            "SELECT duplicate_kind, duplicate_score FROM articles WHERE id = ?", [new_id]
        ).fetchone()
        self.store.con.execute(
            "UPDATE articles SET duplicate_of = ?, duplicate_kind = coalesce(duplicate_kind, ?), duplicate_score = coalesce(duplicate_score, ?) WHERE duplicate_of = ? OR id = ?",
            [new_id, kind, score, root, root],
        )
        self.store.con.execute(
            "UPDATE articles SET duplicate_of = NULL, duplicate_kind = NULL, duplicate_score = NULL WHERE id = ?", [new_id]
        )

    # -- per-source boilerplate ----------------------------------------------
    def _count_lines(self, a: PreparedArticle) -> None:
        if not a.source:
            return
        lines = [line for line in a.prepared_text.splitlines() if line.strip()]
        keys = {line_key(line) for line in lines} | {variant_key(line) for line in lines}
        keys -= {"", None}
        if not keys:
            return
        self.store.con.executemany(
            "INSERT INTO source_lines VALUES (?, ?, 1) ON CONFLICT (source, line_key) DO UPDATE SET n_articles = n_articles + 1",
            [[a.source, k] for k in sorted(keys)],
        )

    def _next_seq(self) -> int:
        if self._seq is None:
            self._seq = self.store.next_seq() - 1
        self._seq += 1
        return self._seq

    def _repeated_lines(self, source: str | None) -> frozenset[str]:
        """The source's learned boilerplate, re-read every few articles (relearn fixes the rest)."""
        if not source:
            return frozenset()
        cached = self._repeated_cache.get(source)
        if cached is not None and cached[1] > 0:
            self._repeated_cache[source] = (cached[0], cached[1] - 1)
            return cached[0]
        repeated = self._read_repeated(source)
        self._repeated_cache[source] = (repeated, REFRESH_EVERY)
        return repeated

    def _read_repeated(self, source: str) -> frozenset[str]:
        """Keys of lines repeated in enough of the source's originals, less those whose digits rarely recur.

        Variant rows (``=folded=exact``, see :func:`variant_key`) count the
        distinct digit versions of a folded line; ledgers written before them
        have none, and keep learning as before.
        """
        originals = self.store.scalar(
            "SELECT count(*) FROM articles WHERE source = ? AND duplicate_of IS NULL", [source]
        ) or 0
        floor = max(REPEAT_MIN_ARTICLES, REPEAT_MIN_SHARE * originals)
        rows = self.store.con.execute(
            """
            WITH learned AS (
                SELECT line_key, n_articles FROM source_lines
                WHERE source = ? AND n_articles >= ? AND NOT starts_with(line_key, ?)),
            variants AS (
                SELECT split_part(line_key, ?, 2) AS folded, count(*) AS n FROM source_lines
                WHERE source = ? AND starts_with(line_key, ?) GROUP BY 1)
            SELECT learned.line_key, learned.n_articles, variants.n
            FROM learned LEFT JOIN variants ON variants.folded = learned.line_key
            """,
            [source, floor, VARIANT_MARK, VARIANT_MARK, source, VARIANT_MARK],
        ).fetchall()
        return frozenset(key for key, n, variants in rows if not variants or n >= MIN_ARTICLES_PER_VARIANT * variants)

    def relearn_boilerplate(self, sources: Iterable[str | None]) -> int:
        """Re-clean a source's articles after its repeated lines changed; returns how many changed.

        Lines learned late would otherwise stay in the source's first articles.
        A changed text invalidates that article's analysis (offsets moved).
        """
        changed = 0
        for source in sorted(s for s in sources if s):
            repeated = self._read_repeated(source)
            rows = self.store.con.execute(
                "SELECT id, prepared_text, text FROM articles WHERE source = ?", [source]
            ).fetchall()
            for article_id, prepared, old in rows:
                if not any(line_key(line) in repeated for line in old.splitlines() if line.strip()):
                    continue
                cleaned = clean_text(prepared, repeated=repeated)
                if cleaned.text == old:
                    continue
                with self.store.transaction():
                    self.store.con.execute(
                        "UPDATE articles SET text = ?, text_sha256 = ?, repairs = ?, analysed_at = NULL WHERE id = ?",
                        [cleaned.text, dedup.text_hash(cleaned.text), cleaned.repairs, article_id],
                    )
                    self._write_removed(article_id, cleaned.removed)
                    self._forget_analysis(article_id)
                changed += 1
        if changed:
            self._cat = None
        return changed

    # -- analysis -------------------------------------------------------------
    def analyze_pending(self, progress: Progress | None = None, batch_size: int = 32) -> int:
        """Run the NLP pipeline on every article not analysed yet; one transaction each."""
        from newsledger.analysis import analyse_records

        rows = [row for batch in self.pending_analysis() for row in batch]
        return self.save_analyses(
            analyse_records(rows, n_process=self.n_process, batch_size=batch_size), progress=progress, total=len(rows)
        )

    def pending_analysis(self, batch_size: int = 1000) -> Iterator[list[dict[str, Any]]]:
        """Articles not analysed yet, in ingest order, in batches: id, text, published, source, title.

        What :meth:`analyze_pending` feeds the NLP; the Spark job streams it to its executors.
        """
        cursor = self.store.con.cursor()
        try:
            cursor.execute("SELECT id, text, published, source, title FROM articles WHERE analysed_at IS NULL ORDER BY seq")
            names = [d[0] for d in cursor.description]
            while batch := cursor.fetchmany(batch_size):
                yield [dict(zip(names, row)) for row in batch]
        finally:
            cursor.close()

    def save_analyses(
        self, results: Iterable[tuple[str, dict[str, Any]]], *, progress: Progress | None = None, total: int | None = None
    ) -> int:
        """Save (article id, analysis record) pairs in their order, one transaction each; errors are kept for the run."""
        done = 0
        for article_id, record in results:
            self.save_analysis(article_id, record)
            if record.get("error"):
                self.analysis_errors.append(f"{article_id}: {record['error']}")
            done += 1
            if progress:
                progress("analyse", done, total)
        return done

    def save_analysis(self, article_id: str, record: dict[str, Any]) -> None:
        from newsledger.store.writer import write_analysis

        with self.store.transaction():
            self._forget_analysis(article_id)
            write_analysis(self.store, article_id, record)
            self.store.con.execute("UPDATE articles SET analysed_at = ? WHERE id = ?", [dt.datetime.now(), article_id])

    def _forget_analysis(self, article_id: str) -> None:
        for table in ("entities", "times", "quotes", "mentions", "mention_counts", "article_features"):
            self.store.con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
        self.store.con.execute("DELETE FROM time_frames WHERE article_id = ?", [article_id])

    # -- resolution -----------------------------------------------------------
    def resolve(self, lead_embeddings: Mapping[str, Any] | None = None) -> dict[str, int]:
        """Copy direction, stories, story-anchored dates, events, claims, outlet assessment.

        ``lead_embeddings``: story lead embeddings already computed (by the
        Spark job's executors) by article id; the others are computed here.
        """
        from newsledger.resolve.run import resolve_all

        self.orient_copies()
        return resolve_all(self, lead_embeddings=lead_embeddings)

    # -- reading --------------------------------------------------------------
    def articles(
        self,
        *,
        source: str | None = None,
        story: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        duplicates: bool = True,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        where, params = ["1=1"], []
        for clause, value in (
            ("source = ?", source),
            ("story = ?", story),
            ("published >= ?", since),
            ("published <= ?", until),
        ):
            if value is not None:
                where.append(clause)
                params.append(value)
        if not duplicates:
            where.append("duplicate_of IS NULL")
        sql = (
            "SELECT id, source, title, published, published_from, url, origin, story, duplicate_of, duplicate_kind, "
            "duplicate_score, length(text) AS chars, analysed_at IS NOT NULL AS analysed FROM articles WHERE "
            + " AND ".join(where)
            + " ORDER BY seq"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.store.rows(sql, params)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its cleaned text, removed lines (with reasons) and every origin."""
        row = self.store.one(
            "SELECT id, source, title, published, published_from, url, authors, origin, external_id, story, duplicate_of, "
            "duplicate_kind, duplicate_score, repairs, text FROM articles WHERE id = ? OR id LIKE ? ORDER BY seq LIMIT 1",
            [article_id, article_id + "%"],
        )
        if row is None:
            return None
        row["removed"] = self.store.rows(
            "SELECT start_char AS start, end_char AS \"end\", text, reason FROM removed_lines WHERE article_id = ? ORDER BY seq",
            [row["id"]],
        )
        row["origins"] = [r["origin"] for r in self.store.rows("SELECT origin FROM article_origins WHERE article_id = ? ORDER BY seen_at", [row["id"]])]
        return row

    def facts(self, article_id: str) -> dict[str, Any]:
        from newsledger.store.writer import read_analysis

        return read_analysis(self.store, article_id)

    def events(
        self,
        *,
        actor: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        story: str | None = None,
        min_confidence: float | None = None,
    ) -> list[dict[str, Any]]:
        """Events in the default view (confidence >= settings.EVENT_MIN_CONFIDENCE); ``min_confidence=0`` lists all."""
        from newsledger.report.query import list_events

        return list_events(self.store, actor=actor, type=type, since=since, until=until, story=story,
                           min_confidence=min_confidence)

    def report(self, format: str = "markdown", min_confidence: float | None = None) -> str:
        from newsledger.report.render import render

        return render(self.store, format, min_confidence)

    def export(self, out_dir: str | Path, format: str = "jsonl") -> list[Path]:
        from newsledger.report.export import export

        return export(self.store, Path(out_dir), format)

    # -- runs and errors ------------------------------------------------------
    def _start_run(self, command: str) -> int:
        run_id = (self.store.scalar("SELECT max(id) FROM runs") or 0) + 1
        self.store.insert("runs", {"id": run_id, "command": command[:500], "started_at": dt.datetime.now()})
        return run_id

    def _finish_run(self, run_id: int, s: IngestSummary) -> None:
        self.store.con.execute(
            "UPDATE runs SET finished_at = ?, ingested = ?, unchanged = ?, duplicates = ?, failed = ? WHERE id = ?",
            [dt.datetime.now(), s.ingested, s.unchanged, s.duplicates, len(s.failed), run_id],
        )

    def _catalog_origin(self, article_id: str) -> str:
        return self.store.scalar("SELECT origin FROM articles WHERE id = ?", [article_id]) or article_id

    def _finish_run_if_possible(self, run_id: int, s: IngestSummary) -> None:
        """Close the run's record on the way out of an interrupt or a failure; a failing disk may refuse."""
        try:
            self._finish_run(run_id, s)
        except Exception:  # the original exception says what went wrong
            pass

    def _record_error(self, run_id: int, origin: str, reason: str, summary: IngestSummary, warning: bool = False) -> None:
        """Report (``on_error``), count and keep one bad input or warning, in that order.

        Reported first, so the line is shown even when keeping it fails.
        """
        problem = IngestError(origin, reason, warning=warning)
        if self._on_error is not None:
            self._on_error(problem)
        (summary.warnings if warning else summary.failed).append(str(problem))
        stored = WARNING_PREFIX + reason if warning else reason
        self.store.insert("ingest_errors", {"run_id": run_id, "origin": origin, "reason": stored, "failed_at": dt.datetime.now()})


@dataclass
class _Catalog:
    """What dedup asks of every stored article, kept in memory for the run.

    One look-up per input would otherwise be a database query; at a few
    hundred bytes an article this holds a million articles in a few hundred MB.
    """

    by_raw: dict[str, str]
    by_text: dict[str, str]
    root: dict[str, str]
    published: dict[str, dt.date | None]
    source: dict[str, str | None]

    @classmethod
    def load(cls, store: Store) -> "_Catalog":
        cat = cls({}, {}, {}, {}, {})
        rows = store.con.execute(
            "SELECT id, raw_sha256, text_sha256, duplicate_of, published, source FROM articles ORDER BY seq"
        ).fetchall()
        for article_id, raw_sha, text_sha, duplicate_of, published, source in rows:
            cat.added(article_id, raw_sha, text_sha, duplicate_of, published, source)
        return cat

    def added(self, article_id: str, raw_sha: str, text_sha: str, duplicate_of: str | None, published, source) -> None:
        self.by_raw[raw_sha] = article_id
        self.by_text.setdefault(text_sha, article_id)
        self.root[article_id] = duplicate_of or article_id
        self.published[article_id] = published
        self.source[article_id] = source

    def promote(self, new_root: str, old_root: str) -> None:
        for article_id, root in self.root.items():
            if root == old_root:
                self.root[article_id] = new_root
        self.root[new_root] = new_root
