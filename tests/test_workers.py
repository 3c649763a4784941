"""The analysis worker pool as a run uses it: started once, mapped several times, never reused half-read (issue 12)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks" / "faults"))
import faultkit as fk  # noqa: E402

from newsledger import workers  # noqa: E402
from newsledger.analysis import analyse_batches, analyse_records  # noqa: E402
from newsledger.ledger import Ledger  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")]

TEXTS = [
    "Firefighters rescued twelve residents from a burning block of flats in Riga on Sunday, the city said.",
    "The central bank of Ghana raised its main rate by half a point on Wednesday.",
    "\"The port stays closed until the storm passes,\" said Ines Costa, the harbour master in Porto.",
    "Teachers in Quito ended a two-week strike after the ministry agreed to review their pay.",
]


def rows():
    return [{"id": f"w{i}", "text": t, "published": dt.date(2022, 5, 9), "source": "Desk", "title": None}
            for i, t in enumerate(TEXTS)]


def dump(records) -> str:
    return json.dumps(list(records), sort_keys=True, default=str)


def test_one_pool_serves_several_batches_of_work_in_order_with_one_process_records():
    with workers.WorkerPool(2, batch_size=2) as pool:
        first = [r for batch in analyse_batches(rows(), batch_size=2, pool=pool) for r in batch]
        second = [r for batch in analyse_batches(rows()[1:], batch_size=2, pool=pool) for r in batch]
        assert pool.alive
        pids = pool.pids
    alone = list(analyse_records(rows(), n_process=1, batch_size=2))
    assert [doc_id for doc_id, _ in first] == ["w0", "w1", "w2", "w3"]
    assert dump(first) == dump(alone)
    assert dump(second) == dump(alone[1:])
    assert fk.survivors(pids) == []


def test_a_pool_whose_reader_stops_half_way_is_terminated_and_not_used_again():
    with workers.WorkerPool(2, batch_size=1) as pool:
        results = pool.map([[row] for row in rows()])
        assert next(results)[0][0] == "w0"
        results.close()  # three batches were in flight or waiting: their records must not reach the next reader
        assert not pool.alive
        assert fk.survivors(pool.pids) == []
        again = [r for batch in analyse_batches(rows(), n_process=1, pool=pool) for r in batch]
    assert [doc_id for doc_id, _ in again] == ["w0", "w1", "w2", "w3"]


def test_an_ingest_starts_one_pool_while_storing_and_analyses_everything_on_it(tmp_path, monkeypatch):
    started: list[str] = []
    real = workers.WorkerPool

    class Counted(real):
        def __init__(self, *args, **kwargs):
            started.append(stage["now"])
            super().__init__(*args, **kwargs)

    stage = {"now": "before"}

    def progress(name, done, total):
        stage["now"] = name

    monkeypatch.setattr(workers, "WorkerPool", Counted)
    corpus = fk.write_corpus(tmp_path / "in", 12)
    (tmp_path / "in" / "undated.txt").write_text(
        "Report from Lisbon\n\nIn Lisbon on Tuesday, police arrested 40 protesters outside the city hall, "
        "officials said.\n", encoding="utf-8")
    with Ledger(str(tmp_path / "l.duckdb"), n_process=2) as ledger:
        summary = ledger.ingest([str(corpus)], progress=progress)
        assert ledger._pool is None  # stopped with the run
        left = ledger.store.scalar("SELECT count(*) FROM articles WHERE analysed_at IS NULL")
    assert summary.ingested == 13 and summary.analysed == 13 and left == 0
    assert started == ["before"]  # one pool, started before the first article was stored


def test_a_pool_that_embeds_gives_the_lead_vectors_of_the_marked_rows_only():
    import numpy as np

    from newsledger.resolve.embeddings import embed
    from newsledger.resolve.stories import lead_text

    marked = rows()
    for i, row in enumerate(marked):
        row["title"], row["lead"] = f"Report {i}", i % 2 == 0
    with workers.WorkerPool(2, batch_size=2, embed=True) as pool:
        records = [r for batch in analyse_batches(marked, batch_size=2, pool=pool) for r in batch]
    vectors = {doc_id: record.pop(workers.LEAD_KEY) for doc_id, record in records if workers.LEAD_KEY in record}
    assert sorted(vectors) == ["w0", "w2"]
    here = embed([lead_text(row["title"], row["text"]) for row in marked if row["lead"]])
    assert all(float(np.dot(vectors[doc_id], v)) >= 0.9999 for doc_id, v in zip(["w0", "w2"], here))
    assert dump(records) == dump(analyse_records(rows(), n_process=1, batch_size=2))  # the records themselves unchanged


def test_an_ingest_with_workers_embeds_the_leads_there_and_gets_the_same_stories(tmp_path, monkeypatch):
    import newsledger.resolve.embeddings as embeddings

    corpus = fk.write_corpus(tmp_path / "in", 12)
    stories = {}
    for n in (1, 2):
        calls: list[int] = []
        real = embeddings.embed
        monkeypatch.setattr(embeddings, "embed", lambda texts, *a, **k: calls.append(len(texts)) or real(texts, *a, **k))
        with Ledger(str(tmp_path / f"l{n}.duckdb"), n_process=n) as ledger:
            ledger.ingest([str(corpus)])
            members = ledger.store.con.execute(
                "SELECT list(article_id ORDER BY article_id) FROM articles WHERE story_id IS NOT NULL GROUP BY story_id"
            ).fetchall()
        monkeypatch.setattr(embeddings, "embed", real)
        stories[n] = (sorted(m[0] for m in members), sum(calls))
    assert stories[1][1] > 0 and stories[2][1] == 0  # with workers, the main process embedded nothing
    assert stories[1][0] == stories[2][0] and stories[1][0]
