"""Real signals sent to real `newsledger ingest` runs, with the process table checked afterwards (issue 14, findings 1-2).

The whole matrix (SIGINT to the group, SIGINT to the main process, SIGTERM,
SIGKILL at each stage) is ``benchmarks/faults/run_faults.py``; its results are
in docs/RELIABILITY.md. These are the cases that failed before: an
interrupted analysis crashed or hung and its workers outlived it.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks" / "faults"))
import faultkit as fk  # noqa: E402

from newsledger.ledger import Ledger  # noqa: E402
from newsledger.store.db import Interrupted  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

ARTICLES = 60


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return fk.write_corpus(tmp_path_factory.mktemp("faults") / "in", ARTICLES)


def _analysis_run(corpus: Path, db: Path) -> tuple[fk.Run, list[int]]:
    """A run with two analysis workers, caught once its first analysis records are in."""
    run = fk.Run(fk.ingest_args(corpus, db, "--processes", "2"))
    assert run.wait_for("progress analyse"), run.stderr
    workers = fk.children(run.proc.pid)
    assert len(workers) >= 2, workers
    return run, workers


@pytest.mark.slow
def test_ctrl_c_during_analysis_stops_cleanly_and_the_rerun_completes(corpus, tmp_path):
    db = tmp_path / "l.duckdb"
    run, workers = _analysis_run(corpus, db)
    run.signal(signal.SIGINT, group=True)  # what a terminal's Ctrl-C does
    assert run.finish(timeout=60) == 130, run.stderr
    assert "interrupted" in run.stderr and "Traceback" not in run.stderr
    assert f"ingested {ARTICLES} " in run.stderr  # the one-line summary, counting what is committed
    assert fk.survivors(workers) == []
    state = fk.ledger_state(db)
    assert state["articles"] == ARTICLES and state["dangling_quotes"] == state["dangling_mentions"] == 0

    rerun = fk.Run(fk.ingest_args(corpus, db, "--processes", "2"))
    assert rerun.finish(timeout=300) == 0, rerun.stderr
    after = fk.ledger_state(db)
    assert after["articles"] == ARTICLES and after["distinct_raw"] == ARTICLES
    assert after["unanalysed"] == 0 and after["unstoried"] == 0 and after["quotes"] > 0


@pytest.mark.slow
def test_sigterm_to_the_main_process_stops_it_like_ctrl_c(corpus, tmp_path):
    run, workers = _analysis_run(corpus, tmp_path / "l.duckdb")
    run.signal(signal.SIGTERM, group=False)  # a scheduler stopping the job: only the main process gets it
    assert run.finish(timeout=60) == 130, run.stderr
    assert "interrupted" in run.stderr and "Traceback" not in run.stderr
    assert fk.survivors(workers) == []


@pytest.mark.slow
def test_workers_die_with_a_main_process_killed_with_sigkill(corpus, tmp_path):
    run, workers = _analysis_run(corpus, tmp_path / "l.duckdb")
    run.signal(signal.SIGKILL, group=False)  # no handler runs: the kernel must take the workers down
    assert run.finish(timeout=60) == -signal.SIGKILL
    assert fk.survivors(workers) == []


def test_an_interrupt_between_articles_commits_the_batch_and_reports_it(tmp_path, monkeypatch):
    """A Ctrl-C lands between two articles (reading, cleaning): the batch so far is committed, the summary says so."""
    corpus = fk.write_corpus(tmp_path / "in", 12)
    db = str(tmp_path / "l.duckdb")
    calls = {"n": 0}
    original = Ledger.add

    def interrupted_at_the_eighth(self, raw):
        calls["n"] += 1
        if calls["n"] == 8:
            raise KeyboardInterrupt
        return original(self, raw)

    monkeypatch.setattr(Ledger, "add", interrupted_at_the_eighth)
    with Ledger(db) as ledger:
        with pytest.raises(Interrupted) as caught:
            ledger.ingest([str(corpus)], analyze=False)
    summary = caught.value.summary
    assert summary.ingested + summary.unchanged == 7
    assert fk.ledger_state(Path(db))["articles"] == 7


def test_an_interrupt_half_way_through_an_article_rolls_back_the_batch_and_says_so(tmp_path, monkeypatch):
    """Cut inside an article's writes: the batch is rolled back whole, and the summary counts only what is kept."""
    from newsledger.store import writer

    corpus = fk.write_corpus(tmp_path / "in", 12)
    db = str(tmp_path / "l.duckdb")
    calls = {"n": 0}
    original = writer.add_minhash

    def cut(store, *args):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        return original(store, *args)

    monkeypatch.setattr(writer, "add_minhash", cut)
    with Ledger(db) as ledger:
        with pytest.raises(Interrupted) as caught:
            ledger.ingest([str(corpus)], analyze=False)
    # A batch also ends after BATCH_SECONDS: on a loaded machine the first four articles may
    # already be committed in a batch of their own. Either way the cut one's batch is gone whole.
    kept = fk.ledger_state(Path(db))["articles"]
    assert caught.value.summary.ingested == kept < 5
    monkeypatch.setattr(writer, "add_minhash", original)
    with Ledger(db) as ledger:
        assert ledger.ingest([str(corpus)], analyze=False).ingested == 12
    assert fk.ledger_state(Path(db))["distinct_raw"] == 12


def test_an_article_failing_inside_a_batch_costs_only_itself(tmp_path, monkeypatch):
    """No savepoints in DuckDB: the batch is redone one article per transaction, the bad one reported once."""
    from newsledger.store import writer

    corpus = fk.write_corpus(tmp_path / "in", 12)
    db = str(tmp_path / "l.duckdb")
    original = writer.write_removed
    seen: list[str] = []

    def fails_on_report_3(store, article_id, removed, replace=True):
        text = store.scalar("SELECT text FROM articles WHERE article_id = ?", [article_id]) or ""
        if text.startswith("Report 3 "):
            raise ValueError("a bug in one article's writes")
        return original(store, article_id, removed, replace)

    monkeypatch.setattr(writer, "write_removed", fails_on_report_3)
    with Ledger(db) as ledger:
        summary = ledger.ingest([str(corpus)], analyze=False, on_error=lambda p: seen.append(str(p)))
    assert summary.ingested == 11 and len(summary.failed) == 1 and "a bug in one article" in summary.failed[0]
    assert seen == summary.failed
    state = fk.ledger_state(Path(db))
    assert state["articles"] == state["distinct_raw"] == 11
    assert fk.ledger_state(Path(db))["dangling_quotes"] == 0
