"""The Python API: ``Ledger`` runs ingest -> clean -> analyse -> store -> resolve -> assess, and reads the result.

The CLI, the HTTP API and the Spark jobs are thin layers over this class, and
the class is a thin front over the stages: reading (:mod:`newsledger.ingest`),
extraction and cleaning (:mod:`newsledger.prepare`,
:class:`newsledger.clean.learned.LearnedLines`), copy detection
(:class:`newsledger.resolve.copies.Copies`), the NLP
(:mod:`newsledger.analysis`), writes (:mod:`newsledger.store.writer`),
resolution (:mod:`newsledger.resolve.run`), assessment
(:mod:`newsledger.assess`) and the read side (:mod:`newsledger.report.query`).
Each stage calls only the stages after it; this class calls them in order.
Problems are records (:class:`newsledger.ingest.IngestError`) from the stage
that found them to the ``ingest_errors`` table.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Mapping

from newsledger.clean.learned import LearnedLines
from newsledger.ingest import IngestError, iter_documents
from newsledger.model import RawDocument
from newsledger.prepare import ArticleRefused, PreparedArticle, check_text, extract, finish, raw_hash, reclean, source_of
from newsledger.resolve import dedup
from newsledger.resolve.copies import Copies, Copy
from newsledger.store import writer
from newsledger.store.db import Interrupted, Store, StoreWriteError, is_interrupt, write_failure

Progress = Callable[[str, int, int | None], None]
# Resolution's steps on its progress bar: copies, stories, story-anchored
# dates, the scope, events and claims, outlets, labels and reviews.
RESOLVE_STEPS = 7
# Called with each bad input (or warning) as soon as it is found.
OnError = Callable[[IngestError], None]
# Runs the analysis elsewhere (the Spark job): returns (articles analysed, lead embeddings by article id).
Analyser = Callable[["Ledger", Progress | None], tuple[int, Mapping[str, Any]]]


@dataclass
class IngestSummary:
    """What one ``ingest`` run did; ``failed`` holds one line per bad input, ``warnings`` one per
    problem with an article that was still stored (an unreadable date); ``problems`` the same as records."""

    ingested: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    analysed: int = 0
    stories: int = 0
    events: int = 0
    problems: list[IngestError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class Resolution:
    """What one resolution did: stories and events in the ledger after it, and the articles it could not place."""

    stories: int = 0
    events: int = 0
    problems: list[IngestError] = field(default_factory=list)

    def __getitem__(self, key: str) -> int:  # resolve()["events"] reads as before
        return getattr(self, key)


class Ledger:
    """A ledger stored in one DuckDB file."""

    def __init__(self, path: str | Path = "newsledger.duckdb", *, read_only: bool = False, n_process: int | None = None):
        self.store = Store(path, read_only=read_only)
        self.path = str(path)
        self.n_process = n_process
        self._seq: int | None = None
        self._copies: Copies | None = None
        self._lines: LearnedLines | None = None
        self._analysed = 0
        self.analysis_problems: list[IngestError] = []
        self._pool: Any = None  # the run's analysis workers (newsledger.workers.WorkerPool), while an ingest runs
        self._waiting: int | None = None  # articles left unanalysed by an earlier run, counted once per run
        self._early_workers = False  # this run analyses here: its workers may start while it stores
        self._lead_vectors: dict[str, Any] = {}  # story lead embeddings the run's workers computed, by article id
        self._resolve_progress: Progress | None = None  # the running resolution's progress callback

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

        ``source`` is the outlet for documents that name none. ``on_error``
        sees each bad input (and each warning) as it is found, so a run that
        is interrupted or crashes has already shown its errors; they are also
        kept in ``ingest_errors``. A failed write to the ledger (full disk)
        stops the run with :class:`StoreWriteError`.
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
        run = _Run(self.store, writer.start_run(self.store, command), on_error)
        self._early_workers = analyze and analyser is None
        try:
            with self._writes_or_stop():
                outlets: set[str | None] = set()
                self._start_workers_if_worth_it(stored=0)
                self._store_in_batches(items, run, outlets, progress)
                self.relearn_boilerplate(outlets)
                run.finish()
                self.store.yield_to_waiters()
                if analyze:
                    self._analyse_and_resolve(run, progress, analyser)
            self._stop_workers()
        except BaseException as exc:
            self._stop_workers(at_once=True)
            self.store.settle(keep=is_interrupt(exc))
            self.store.wait = EXIT_WAIT_SECONDS  # on the way out, do not wait long for the file
            run.finish_if_possible()
            if is_interrupt(exc):
                run.summary.analysed = max(run.summary.analysed, self._analysed)
                raise Interrupted(run.summary) from exc
            raise
        return run.summary

    def _store_in_batches(self, items: Iterable[RawDocument | IngestError], run: "_Run", outlets: set,
                          progress: Progress | None) -> None:
        """Store every item, one transaction per batch (:class:`writer.Batch`).

        A batch has no savepoints: when an article fails half-way through its
        writes (not a full disk, which stops the run, nor an interrupt), the
        batch is rolled back and its items stored again one transaction each,
        so the bad article costs only itself, exactly as before batching.
        """
        batch = writer.Batch(self.store)
        run.committed = run.snapshot()
        try:
            self._store_items(items, batch, run, outlets, progress)
        except BaseException as exc:
            if not self.store.settle(keep=is_interrupt(exc)):
                run.restore(run.committed)  # the summary says only what is committed
            raise

    def _store_items(self, items, batch: "writer.Batch", run: "_Run", outlets: set, progress: Progress | None) -> None:
        held: list[Any] = []
        for item in items:
            held.append(item)
            batch.open()
            try:
                self._take(item, run, outlets, in_batch=True)
            except _ReplayBatch:
                batch.rollback()
                self._forget_caches()
                run.restore(run.committed)
                with run.muted():
                    for again in held:
                        self._take(again, run, outlets, in_batch=False)
                batch.commit()
                held, run.committed = [], run.snapshot()
                continue
            if batch.done():
                held, run.committed = [], run.snapshot()
                self._start_workers_if_worth_it(stored=run.summary.ingested)
            if progress:
                progress("ingest", run.summary.ingested + run.summary.unchanged + len(run.summary.failed), None)
        batch.commit()

    def _take(self, item: RawDocument | IngestError | tuple[RawDocument, PreparedArticle], run: "_Run", outlets: set,
              *, in_batch: bool) -> None:
        if isinstance(item, IngestError):
            run.problem(item)
        elif isinstance(item, tuple):
            self._ingest_one(item[0], run, outlets, draft=item[1], in_batch=in_batch)
        else:
            self._ingest_one(item, run, outlets, in_batch=in_batch)

    def _forget_caches(self) -> None:
        """After a rollback the in-memory catalog, learned lines and sequence may hold what was undone: read them again."""
        self._copies, self._lines, self._seq = None, None, None

    def _analyse_and_resolve(self, run: "_Run", progress: Progress | None, analyser: Analyser | None = None) -> None:
        lead_embeddings = None
        if analyser is None:
            run.summary.analysed = self.analyze_pending(progress=progress)
            lead_embeddings = self.embed_leads(progress=progress, known=self._lead_vectors)
            self._lead_vectors = {}
        else:
            run.summary.analysed, lead_embeddings = analyser(self, progress)
        if progress:
            progress("resolve", 0, None)
        resolved = self.resolve(lead_embeddings=lead_embeddings, progress=progress)
        run.summary.stories, run.summary.events = resolved.stories, resolved.events
        for problem in self.analysis_problems + resolved.problems:
            run.problem(problem)
        self.analysis_problems.clear()
        run.finish()

    @contextlib.contextmanager
    def _writes_or_stop(self):
        """Turn a failed write anywhere in the run (full disk, I/O error) into one :class:`StoreWriteError`."""
        try:
            yield
        except StoreWriteError:
            raise
        except Exception as exc:
            if is_interrupt(exc):
                raise KeyboardInterrupt from exc
            failure = write_failure(self.path, exc)
            if failure is None:
                raise
            raise failure from exc

    def _ingest_one(self, raw: RawDocument, run: "_Run", outlets: set, draft: PreparedArticle | None = None, *,
                    in_batch: bool = False) -> None:
        try:
            status = self.add(raw) if draft is None else self.add(raw, draft=draft)
        except ArticleRefused as exc:
            run.problem(IngestError(raw.origin, str(exc)))
            return
        except Exception as exc:  # one bad record must not stop the run, a failing disk or a Ctrl-C must
            if write_failure(self.path, exc) is not None or is_interrupt(exc):
                raise
            if in_batch:
                raise _ReplayBatch() from exc
            run.problem(IngestError(raw.origin, f"{type(exc).__name__}: {exc}".splitlines()[0]))
            return
        for warning in raw.warnings:
            run.problem(IngestError(raw.origin, warning, warning=True))
        if status == "unchanged":
            run.summary.unchanged += 1
            return
        run.summary.ingested += 1
        run.summary.duplicates += status == "duplicate"
        outlets.add(self.copies().outlet_of(raw_hash(raw)[:16]))

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
        copies = self.copies()
        existing = copies.stored(sha)
        if existing:
            writer.add_origin(self.store, existing, raw.origin)
            return "unchanged"
        if draft is None:
            text, found = extract(raw)
            article = finish(raw, text, found, self.learned_lines().repeated(source_of(raw, found)))
        else:
            article = reclean(draft, self.learned_lines().repeated(draft.source))
        check_text(article)
        text_sha = dedup.text_hash(article.text)
        signature = dedup.signature(article.text)
        copy = copies.find(text_sha, signature)
        with self.store.transaction():
            self._insert_article(article, sha, text_sha, copy)
            if signature is not None:
                writer.add_minhash(self.store, article.id, dedup.to_bytes(signature[0]), signature[1])
            if copy is None:
                self.learned_lines().count(article.source, article.prepared_text)
        copies.indexed(article.id, signature)
        copies.added(article.id, sha, text_sha, copy.original_id if copy else None, article.published, article.source)
        if copy:
            copies.promote_earliest(article.id, copy.original_id)
        return "duplicate" if copy else "added"

    def _insert_article(self, a: PreparedArticle, sha: str, text_sha: str, copy: Copy | None) -> None:
        writer.insert_article(
            self.store,
            {
                "article_id": a.id, "seq": self._next_seq(), "outlet": a.source, "title": a.title, "url": a.url,
                "authors": a.authors or None, "published": a.published, "published_from": a.published_from,
                "fetched": a.raw.fetched, "origin": a.raw.origin, "external_id": a.raw.external_id, "text": a.text,
                "repairs": a.repairs, "copy_of_id": copy.original_id if copy else None,
                "copy_kind": copy.kind if copy else None, "copy_similarity": copy.similarity if copy else None,
                "ingested_at": dt.datetime.now(),
            },
            {"article_id": a.id, "raw_sha256": sha, "text_sha256": text_sha, "raw_kind": a.raw.kind,
             "raw_content": a.raw.content, "uncleaned_text": a.prepared_text},
        )
        writer.write_removed(self.store, a.id, a.removed, replace=False)
        writer.add_origin(self.store, a.id, a.raw.origin)

    def _next_seq(self) -> int:
        if self._seq is None:
            self._seq = self.store.next_seq() - 1
        self._seq += 1
        return self._seq

    def copies(self) -> Copies:
        """What copy detection knows of every stored article, loaded once per ledger."""
        if self._copies is None:
            self._copies = Copies.load(self.store)
        return self._copies

    def learned_lines(self) -> LearnedLines:
        if self._lines is None:
            self._lines = LearnedLines(self.store)
        return self._lines

    def relearn_boilerplate(self, outlets: Iterable[str | None]) -> int:
        """Re-clean an outlet's articles after its learned lines changed; returns how many changed."""
        changed = self.learned_lines().relearn(outlets, dedup.text_hash)
        if changed:
            self._copies = None
        return changed

    def orient_copies(self, stories: set[str] | None = None) -> int:
        """Point every family of copies (or those with a member in ``stories`` or in none) at its original,
        now that analysis has dated the undated (see :meth:`Copies.orient`)."""
        return self.copies().orient(stories)

    # -- analysis -------------------------------------------------------------
    def _start_workers_if_worth_it(self, *, stored: int = 0, pending: int | None = None) -> None:
        """Start the run's analysis workers as soon as it is sure to want them, while articles are still being stored.

        Each worker imports spaCy and loads the model (seconds, most of the
        runner's overhead over bare spaCy at a few hundred articles, see
        docs/BENCHMARKS.md); started here, that happens on the core the
        storing leaves idle, and the same workers then analyse every batch
        of the run, the undated articles a story anchors included, instead
        of the main process loading the model once more for those, and
        embed the story leads of the new originals as they go
        (:mod:`newsledger.workers`), so the main process loads no embedding
        model. They
        are wanted when ``--workers`` asks for more than one, or by default
        once the articles waiting for analysis (``pending``: by default those
        an interrupted run left plus the ``stored`` now) are enough for two
        (:func:`default_processes`).
        """
        if not self._early_workers or self._pool is not None:
            return
        if pending is None:
            pending = self._waiting_analysis() + stored
        from newsledger.analysis import default_processes

        n = self.n_process or default_processes(pending)
        if n > 1:
            from newsledger.workers import WorkerPool

            self._pool = WorkerPool(n, embed=True)

    def _waiting_analysis(self) -> int:
        """Articles an earlier, interrupted run left unanalysed (read once per run, only when it matters)."""
        if self._waiting is None:
            self._waiting = 0 if self.n_process else (
                self.store.scalar("SELECT count(*) FROM articles WHERE analysed_at IS NULL") or 0)
        return self._waiting

    def _stop_workers(self, at_once: bool = False) -> None:
        """Let the run's workers go: asked to stop at the end of a run, terminated on an interrupt or an error."""
        pool, self._pool, self._waiting, self._early_workers = self._pool, None, None, False
        if pool is not None:
            pool.terminate() if at_once else pool.close()

    def analyze_pending(self, progress: Progress | None = None, batch_size: int = 32) -> int:
        """Run the NLP pipeline on every article not analysed yet; one transaction per batch of records.

        An article the analysis refuses or fails on is stored with an empty
        analysis and its problem kept in :attr:`analysis_problems`.
        """
        from newsledger.analysis import analyse_batches

        rows = [row for batch in self.pending_analysis() for row in batch]
        self._analysed = 0
        self._start_workers_if_worth_it(pending=len(rows))
        if self._pool is not None and self._pool.embeds:
            self._mark_leads(rows)
        self.store.release()  # the NLP runs without the file: readers and reviews come in meanwhile
        for records in analyse_batches(rows, n_process=self.n_process, batch_size=batch_size, pool=self._pool):
            self._take_lead_vectors(records)
            self._save_batch(records)
            self._analysed += len(records)
            if progress:
                progress("analyse", self._analysed, len(rows))
        return self._analysed

    def _mark_leads(self, rows: list[dict[str, Any]]) -> None:
        """Mark the rows whose story lead :meth:`embed_leads` would embed (originals no story holds), for the workers."""
        wanted = {r[0] for r in self.store.con.execute(
            "SELECT article_id FROM articles WHERE analysed_at IS NULL AND story_id IS NULL AND copy_of_id IS NULL"
        ).fetchall()}
        for row in rows:
            row["lead"] = row["id"] in wanted

    def _take_lead_vectors(self, records: list[tuple[str, dict[str, Any]]]) -> None:
        """Move the lead embeddings the workers put into the records to the run's vectors (never saved with the analysis)."""
        from newsledger.workers import LEAD_KEY

        for article_id, record in records:
            vector = record.pop(LEAD_KEY, None)
            if vector is not None:
                self._lead_vectors[article_id] = vector

    def pending_analysis(self, batch_size: int = 1000) -> Iterator[list[dict[str, Any]]]:
        """Articles not analysed yet, in ingest order, in batches, as the analysis reads them: id, text, published, source (the outlet), title.

        What :meth:`analyze_pending` feeds the NLP; the Spark job streams it to its executors.
        """
        cursor = self.store.con.cursor()
        try:
            cursor.execute("SELECT article_id AS id, text, published, outlet AS source, title FROM articles "
                           "WHERE analysed_at IS NULL ORDER BY seq")
            names = [d[0] for d in cursor.description]
            while batch := cursor.fetchmany(batch_size):
                yield [dict(zip(names, row)) for row in batch]
        finally:
            cursor.close()

    def save_analyses(
        self, results: Iterable[tuple[str, dict[str, Any]]], *, progress: Progress | None = None, total: int | None = None
    ) -> int:
        """Save (article id, analysis record) pairs in their order, one transaction per batch of them; problems are kept for the run."""
        done = 0
        for records in _batched(results, SAVE_BATCH):
            self._save_batch(records)
            done += len(records)
            if progress:
                progress("analyse", done, total)
        return done

    def _save_batch(self, records: list[tuple[str, dict[str, Any]]]) -> None:
        """One write session per batch of analysis records: one transaction, then the file is given up until the next."""
        writer.save_analyses(self.store, records)
        for article_id, record in records:
            if record.get("error"):
                origin = self.store.scalar("SELECT origin FROM articles WHERE article_id = ?", [article_id]) or article_id
                self.analysis_problems.append(IngestError(origin, record["error"], stage="analyse", article_id=article_id))
        self.store.release()
        self.store.yield_to_waiters()

    def save_analysis(self, article_id: str, record: dict[str, Any]) -> None:
        writer.save_analysis(self.store, article_id, record)

    # -- resolution -----------------------------------------------------------
    def embed_leads(self, progress: Progress | None = None, known: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Story lead embeddings of the analysed originals no story holds yet, by article id, for :meth:`resolve`.

        ``known``: vectors already computed (by the analysis workers, see
        :mod:`newsledger.workers`); only the other leads are embedded here,
        and when there are none the main process never loads the model.

        Its own stage with a progress bar ("embed"): on 200 generated
        articles the embeddings took as long as the analysis, inside a
        resolution that gave no sign of life meanwhile. Only the lead
        (title and the opening the embedding reads) is read, and the file
        is given up while the model works, as during the analysis; the
        vectors (1.5 KB an article) are kept for the resolution.
        """
        from newsledger.resolve.embeddings import CHUNK, embed_chunks
        from newsledger.resolve.run import story_lead
        from newsledger.resolve.stories import LEAD_CHARS

        leads = self.store.con.execute(
            "SELECT article_id, title, substr(text, 1, ?) FROM articles "
            "WHERE story_id IS NULL AND analysed_at IS NOT NULL AND copy_of_id IS NULL ORDER BY seq", [LEAD_CHARS]
        ).fetchall()
        self.store.release()
        vectors: dict[str, Any] = {a: known[a] for a, _, _ in leads if a in known} if known else {}
        leads = [lead for lead in leads if lead[0] not in vectors]
        given = len(vectors)
        if not leads:
            return vectors
        if progress:
            progress("embed", 0, len(leads))
        for done in embed_chunks(((a, story_lead(title, text)) for a, title, text in leads), CHUNK):
            vectors.update(done)
            if progress:
                progress("embed", len(vectors) - given, len(leads))
        return vectors

    def resolve(self, lead_embeddings: Mapping[str, Any] | None = None, *, full: bool = False,
                progress: Progress | None = None) -> Resolution:
        """Copy direction, stories, story-anchored dates, events and claims, outlet assessment, story labels, reviews.

        Events and claims are redone only for the stories that changed since
        the last resolution (and those tied to them, see
        :func:`newsledger.resolve.run.resolution_scope`); ``full`` redoes
        them all (``newsledger resolve --all``): the same result, for a
        ledger written by an older version or as a check.
        ``lead_embeddings``: story lead embeddings already computed (by the
        Spark job's executors) by article id; the others are computed here.
        ``Resolution.events`` counts the events in the ledger.
        ``progress``: called as ``progress("resolve", step, RESOLVE_STEPS)``
        at each step and ``progress("stories", placed, newcomers)`` as the
        story index places each new report (its longest step), so a bar
        shows the rate and the time left.
        """
        from newsledger.resolve import run

        self._resolve_progress = progress
        self._resolve_step(0)
        self.orient_copies(None if full else run.changed_stories(self.store))
        self._resolve_step(1)
        _, problems = run.assign_stories(self.store, lead_embeddings, progress=progress)
        self.store.release()
        self.store.yield_to_waiters()
        self._after_stories(full=full)
        self._resolve_step(RESOLVE_STEPS)
        return Resolution(self.store.scalar("SELECT count(*) FROM stories"),
                          self.store.scalar("SELECT count(*) FROM events"), problems)

    def _after_stories(self, *, full: bool = False) -> int:
        """Redo what reads story membership: anchored dates, events and claims, outlets, labels, reviews' targets.

        Each step is its own short transaction, and the file is given up
        between them (:meth:`Store.release`), so readers and reviewers get in
        during a resolution and see the last committed state. The stories'
        fingerprints are saved with their events and claims, so a run
        stopped in between redoes them next time. Returns the events rebuilt.
        """
        from newsledger.assess.labels import label_stories
        from newsledger.assess.outlets import assess_outlets
        from newsledger.resolve import run
        from newsledger.resolve.reviews import reapply_reviews

        self._resolve_step(2)
        self._anchor_undated()
        self._resolve_step(3)
        fingerprints = run.story_fingerprints(self.store)
        scope = None if full else run.resolution_scope(self.store, fingerprints)
        self._resolve_step(4)
        with self.store.transaction():
            n_events = run.resolve_facts(self.store, scope)
            done = fingerprints if scope is None else {s: fingerprints[s] for s in scope if s in fingerprints}
            writer.save_resolved(self.store, done, full=scope is None)
        self._between_steps()
        self._resolve_step(5)
        with self.store.transaction():
            rescored = assess_outlets(self.store, only_changed=scope is not None,
                                      outlets=None if scope is None else run.outlets_in(self.store, scope))
        self._between_steps()
        self._resolve_step(6)
        with self.store.transaction():
            label_stories(self.store, None if scope is None else sorted(scope | self._to_relabel(rescored)))
            reapply_reviews(self.store)
        self._between_steps()
        return n_events

    def _resolve_step(self, step: int) -> None:
        """Report a resolution step (:data:`RESOLVE_STEPS`) to the run's progress callback, if any."""
        if self._resolve_progress:
            self._resolve_progress("resolve", step, RESOLVE_STEPS)

    def _between_steps(self) -> None:
        self.store.release()
        self.store.yield_to_waiters()

    def _to_relabel(self, outlets: set[str]) -> set[str]:
        """Stories with an original report of these outlets (their labels weigh the outlets' scores), and
        stories without a label (a story row rewritten by story reviews, its members unchanged)."""
        return {r[0] for r in self.store.con.execute(
            "SELECT DISTINCT story_id FROM articles WHERE story_id IS NOT NULL AND copy_of_id IS NULL AND list_contains(?, outlet) "
            "UNION SELECT story_id FROM stories WHERE label IS NULL",
            [sorted(outlets)],
        ).fetchall()}

    def _anchor_undated(self) -> int:
        """Analyse again the undated articles their story dates, against the story's earliest dated report."""
        from newsledger.analysis import analyse_batches
        from newsledger.resolve.run import anchored_record, undated_to_anchor

        todo = undated_to_anchor(self.store)
        by_id = {row["id"]: row for row in todo}
        self.store.release()
        for records in analyse_batches(todo, n_process=1, pool=self._pool):
            self._save_batch([(article_id, anchored_record(record, by_id[article_id])) for article_id, record in records])
        return len(todo)

    # -- reviews --------------------------------------------------------------
    def review(self, target_kind: str, target_id: str, decision: str, *, correction: dict | None = None,
               reason: str | None = None, reviewer: str | None = None) -> dict[str, Any]:
        """Record a person's decision about an event, mention, quote, claim, actor or story; returns the review row.

        'wrong' takes the target out of the default views, 'right' shows it
        whatever its confidence, 'correct_actor' shows the actors it names
        as corrected; 'merge' and 'split' of events and claims hold from the
        next resolution on, of stories at once (the stories, their labels and
        events are redone) and at every resolution after. Decisions follow their target across re-ingest
        and re-resolution (see :mod:`newsledger.resolve.reviews`). Raises
        :class:`newsledger.resolve.reviews.ReviewError` (a ValueError) with a
        one-line reason when the review does not fit its target.
        """
        from newsledger.resolve.reviews import apply_story_reviews, new_review

        row = new_review(self.store, target_kind, target_id, decision, correction, reason, reviewer)
        with self.store.transaction():
            writer.add_review(self.store, row)
        if target_kind == "story" and decision in ("merge", "split"):
            apply_story_reviews(self.store)
            self._after_stories()
            row["applies_to"] = self.store.scalar("SELECT applies_to FROM reviews WHERE review_id = ?", [row["review_id"]])
        return row

    # -- reading --------------------------------------------------------------
    def articles(self, **filters: Any) -> list[dict[str, Any]]:
        """Stored articles, in ingest order; see :func:`newsledger.report.query.list_articles` for the filters."""
        from newsledger.report.query import list_articles

        return list_articles(self.store, **filters)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article (full id) with its cleaned text, removed lines (with reasons) and every origin."""
        from newsledger.report.query import get_article

        return get_article(self.store, article_id)

    def facts(self, article_id: str) -> dict[str, Any]:
        """The stored analysis of one article: entities, actors, times, time frame, quotes, event mentions."""
        from newsledger.report.query import article_facts

        return article_facts(self.store, article_id)

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """Events in the default view (confidence >= settings.EVENT_MIN_CONFIDENCE, reviews applied); ``min_confidence=0`` lists all.

        See :func:`newsledger.report.query.list_events` for the filters.
        """
        from newsledger.report.query import list_events

        return list_events(self.store, **filters)

    def stories(self, **filters: Any) -> list[dict[str, Any]]:
        from newsledger.report.query import list_stories

        return list_stories(self.store, **filters)

    def quotes(self, **filters: Any) -> list[dict[str, Any]]:
        from newsledger.report.query import list_quotes

        return list_quotes(self.store, **filters)

    def claims(self, **filters: Any) -> list[dict[str, Any]]:
        from newsledger.report.query import list_claims

        return list_claims(self.store, **filters)

    def outlets(self) -> list[dict[str, Any]]:
        from newsledger.report.query import list_outlets

        return list_outlets(self.store)

    def actors(self, **filters: Any) -> list[dict[str, Any]]:
        from newsledger.report.query import list_actors

        return list_actors(self.store, **filters)

    def find(self, prefix: str) -> list[dict[str, str]]:
        """Every id in the ledger starting with ``prefix``: [{kind, id}] (articles, stories, events, mentions, quotes, claims, actors)."""
        from newsledger.report.query import find_ids

        return find_ids(self.store, prefix)

    def get(self, kind: str, record_id: str) -> dict[str, Any] | None:
        """One thing by kind ('article', 'event', 'story', 'mention', 'quote', 'claim', 'actor', 'outlet', 'contradiction', 'review') and full id."""
        from newsledger.report.query import get_record

        return get_record(self.store, kind, record_id)

    def sql(self, query: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple]]:
        """Run one SQL statement over the ledger; (column names, rows)."""
        cur = self.store.con.execute(query, params or [])
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()

    def report(self, format: str = "markdown", min_confidence: float | None = None) -> str:
        from newsledger.report.render import render

        return render(self.store, format, min_confidence)

    def export(self, out_dir: str | Path, format: str = "parquet") -> list[Path]:
        """Every user table and view as files in ``out_dir`` (parquet, csv, json or jsonl), typed; see :mod:`newsledger.report.export`."""
        from newsledger.report.export import export

        return export(self.store, Path(out_dir), format)


# How long a run stopping on an interrupt or an error waits for the file to close its ``runs`` row.
EXIT_WAIT_SECONDS = 2.0
# Analysis records saved per transaction by :meth:`Ledger.save_analyses` (the Spark path).
SAVE_BATCH = 32


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _ReplayBatch(Exception):
    """An article failed inside a batch transaction: roll the batch back and store its items one by one."""


class _Run:
    """One ingest run's record: its summary, and every problem reported (``on_error``), counted and kept, in that order."""

    def __init__(self, store: Store, run_id: int, on_error: OnError | None):
        self.store, self.run_id, self.on_error = store, run_id, on_error
        self.summary = IngestSummary()
        self.committed = IngestSummary()  # the summary at the last committed batch
        self._muted: set[str] = set()

    def problem(self, problem: IngestError) -> None:
        """Reported first, so the line is shown even when keeping it fails."""
        if self.on_error is not None and str(problem) not in self._muted:
            self.on_error(problem)
        (self.summary.warnings if problem.warning else self.summary.failed).append(str(problem))
        self.summary.problems.append(problem)
        writer.record_problem(self.store, self.run_id, problem)

    def snapshot(self) -> IngestSummary:
        s = self.summary
        return IngestSummary(s.ingested, s.unchanged, s.duplicates, list(s.failed), list(s.warnings), s.analysed,
                             s.stories, s.events, list(s.problems))

    def restore(self, saved: IngestSummary) -> None:
        """Back to ``saved`` (a rolled-back batch); the problems dropped are not shown again while it is redone."""
        self._muted = {str(p) for p in self.summary.problems[len(saved.problems):]}
        self.summary = saved
        self.summary = self.snapshot()

    @contextlib.contextmanager
    def muted(self):
        try:
            yield
        finally:
            self._muted = set()

    def finish(self) -> None:
        s = self.summary
        writer.finish_run(self.store, self.run_id, s.ingested, s.unchanged, s.duplicates, len(s.failed))

    def finish_if_possible(self) -> None:
        """Close the run's record on the way out of an interrupt or a failure; a failing disk may refuse."""
        try:
            self.finish()
        except Exception:  # the original exception says what went wrong
            pass
