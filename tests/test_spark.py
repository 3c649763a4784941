"""The Spark ingest builds the ledger a local ingest builds.

A real local Spark session (``local[2]``, two Python workers) runs
``newsledger spark ingest`` on the demo corpus plus two broken inputs; a
local ``Ledger.ingest`` of the same folder is the reference. The driver-side
hooks it relies on (drafts cleaned elsewhere, ``ingest_documents``) are also
tested without Spark.
"""

from __future__ import annotations

import dataclasses
import gzip
import random
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.clean import line_key
from newsledger.ingest import iter_documents
from newsledger.ledger import Ledger
from newsledger.model import RawDocument
from newsledger.prepare import PreparedArticle, extract, finish, prepare, reclean
from newsledger.spark import compare, layout
from newsledger.spark.job import task_ranges
from newsledger.spark.session import build_session, java_available

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
needs_java = pytest.mark.skipif(not java_available(), reason="Spark needs a Java runtime: no `java` on PATH and no JAVA_HOME")


# ---------------------------------------------------------------------------
# Drafts cleaned without learned lines, finished on the driver

FOOTER = "The Harbor Gazette: independent news for the bay since 1901"
SIGNUP = "Sign up for our morning briefing!"


def gazette(n: int, body: str) -> str:
    return (
        f"Ferry report {n}\n\n{body}\n\nThe harbour master said crossings would resume on Monday "
        f"after the inspection of berth {n}, and that no vessel had been damaged.\n\n{SIGNUP}\n\n{FOOTER}\n"
    )


BODIES = [
    "Strong winds kept the morning ferries in port as crews checked the moorings along the quay.",
    "The port authority closed two berths while divers inspected the pilings under the old pier.",
    "Commuters queued for buses around the bay while the ferry timetable was suspended for the day.",
    "A cargo ship waited offshore for the tide before it could enter the narrow harbour channel.",
    "The mayor’s office said “the crossings are safe” after engineers finished the survey.",
]


def test_reclean_equals_cleaning_with_the_learned_lines():
    """Whatever lines an outlet has learned, a draft finishes as cleaning with them would."""
    texts = [gazette(i, body) for i, body in enumerate(BODIES)]
    texts.append("Featured post\nEarn money from home with this one trick and walle...\n" + texts[0])
    texts.append(texts[4].encode("utf-8").decode("cp1252", errors="replace"))  # mojibake: keys only after repair
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(DEMO.glob("*.txt"))]
    keys = Counter(line_key(line) for t in texts for line in set(t.splitlines()) if line.strip())
    learned_sets = [
        frozenset(),
        frozenset({line_key(FOOTER)}),
        frozenset({line_key(SIGNUP), line_key("Featured post")}),
        frozenset(k for k, n in keys.items() if n >= 2),
        frozenset(keys),
    ]
    for i, text in enumerate(texts):
        raw = RawDocument(origin=f"t{i}.txt", content=text, source="Harbor Gazette")
        draft = prepare(raw)
        extracted = extract(raw)
        for learned in learned_sets:
            assert reclean(draft, learned) == finish(raw, *extracted, learned), (i, sorted(learned)[:3])


WORDS = (
    "ferry berth quay tide pier crew mooring harbour channel cargo vessel pilot storm wind survey divers engineers "
    "council mayor commuters timetable crossing inspection repairs island port authority morning evening schedule "
    "passengers tickets delays fuel engine captain dock warehouse crane container lighthouse buoy breakwater"
).split()


def varied_body(seed: int) -> str:
    rng = random.Random(seed)
    return "\n".join(" ".join(rng.choices(WORDS, k=16)).capitalize() + "." for _ in range(5))


def test_drafts_store_what_local_ingest_stores(tmp_path):
    """Stored drafts give the same articles, copies and learned lines as reading and cleaning on the driver.

    Thirty reports of one outlet, so its footer is learned during the run
    (the ledger re-reads an outlet's learned lines every 20 articles), one
    with mojibake, one a reprint of another.
    """
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        text = gazette(i, varied_body(i))
        if i == 25:
            text = text.replace(FOOTER, BODIES[4]).encode("utf-8").decode("cp1252", errors="replace") + FOOTER
        (folder / f"gazette_{i:02d}.txt").write_text(text, encoding="utf-8")
    (folder / "gazette_30_copy.txt").write_text(gazette(1, varied_body(1)).replace("Ferry report", "Ferry update"), encoding="utf-8")
    with Ledger(tmp_path / "local.duckdb") as local, Ledger(tmp_path / "drafts.duckdb") as drafted:
        expected = local.ingest([str(folder)], source="Harbor Gazette", analyze=False)
        items = ((doc, prepare(doc)) for doc in iter_documents([str(folder)], source="Harbor Gazette"))
        got = drafted.ingest_documents(items, command="test", analyze=False)
        assert (got.ingested, got.duplicates) == (expected.ingested, expected.duplicates) == (31, 1)
        assert compare.articles(drafted) == compare.articles(local)
        reasons = Counter(r[2] for a in compare.articles(local) for r in a["removed"])
        assert reasons["repeated-in-source"] >= 30  # the outlet's footer was learned and removed


def test_layout_has_a_column_for_every_field():
    """Documents cross Parquet losslessly only if every dataclass field has its column."""
    assert [f.name for f in layout.RAW.fields] == [f.name for f in dataclasses.fields(RawDocument)]
    assert [f.name for f in layout.DRAFT.fields] == [f.name for f in dataclasses.fields(PreparedArticle) if f.name != "raw"]


def test_task_ranges_cover_everything_once_in_order():
    for n, per_task, min_tasks in [(36, 64, 4), (1000, 64, 4), (3, 64, 4), (7, 2, 1)]:
        ranges = task_ranges(n, per_task, min_tasks)
        assert [t for t, _, _ in ranges] == list(range(len(ranges)))
        assert ranges[0][1] == 0 and ranges[-1][2] == n
        assert all(a[2] == b[1] for a, b in zip(ranges, ranges[1:]))
        assert max(hi - lo for _, lo, hi in ranges) <= max(per_task, -(-n // min_tasks))
    assert task_ranges(0, 64, 4) == []


# ---------------------------------------------------------------------------
# A real Spark run on the demo corpus against a local ingest

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The demo corpus and two inputs that must fail: an empty file and a broken gzip."""
    folder = tmp_path_factory.mktemp("corpus") / "demo"
    shutil.copytree(DEMO, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "truncated.txt.gz").write_bytes(gzip.compress(b"A report cut short by a failed download. " * 40)[:60])
    return folder


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    with Ledger(db) as ledger:
        summary = ledger.ingest([str(corpus)])
        yield ledger, summary


@pytest.fixture(scope="module")
def spark():
    if not java_available():
        pytest.skip("Spark needs a Java runtime: no `java` on PATH and no JAVA_HOME")
    session = build_session(
        "local[2]",
        {
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.shuffle.partitions": "2",
            "spark.default.parallelism": "2",
        },
        app_name="newsledger-test",
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def spark_run(spark, corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("spark") / "out"
    result = runner.invoke(app, ["spark", "ingest", str(corpus), "--out", str(out), "--master", "local[2]"])
    return out, result


@pytest.fixture
def ledger(spark_run):
    with Ledger(spark_run[0] / layout.LEDGER_FILE, read_only=True) as opened:
        yield opened


@needs_java
@pytest.mark.slow  # a Spark run takes minutes: `make test-quick` leaves it out
def test_spark_ledger_has_the_local_articles(local, ledger):
    expected = compare.articles(local[0])
    assert len(expected) == 40 and sum(1 for a in expected if a["copy_of_id"]) == 5
    assert compare.articles(ledger) == expected
    assert compare.facts(ledger) == compare.facts(local[0])


@needs_java
@pytest.mark.slow  # a Spark run takes minutes: `make test-quick` leaves it out
def test_spark_ledger_has_the_local_events_and_stories(local, ledger):
    expected = compare.events(local[0])
    assert expected and any(e[6] > 1 for e in expected)  # corroborated events, counted by independent outlets
    assert compare.events(ledger) == expected
    assert compare.stories(ledger) == compare.stories(local[0])
    assert len(compare.stories(ledger)) > 1


@needs_java
@pytest.mark.slow  # a Spark run takes minutes: `make test-quick` leaves it out
def test_bad_inputs_fail_as_in_local_ingest(local, spark_run, ledger):
    result = spark_run[1]
    assert result.exit_code == 1, result.output
    assert "empty.txt" in result.output and "truncated.txt.gz" in result.output
    errors = "SELECT origin, reason FROM ingest_errors ORDER BY origin"
    assert ledger.store.rows(errors) == local[0].store.rows(errors)
    assert len(local[1].failed) == 2


@needs_java
@pytest.mark.slow  # a Spark run takes minutes: `make test-quick` leaves it out
def test_parquet_files_are_typed_and_complete(spark_run, ledger):
    out = spark_run[0]
    articles = pq.read_table(out / layout.ARTICLES)
    assert articles.schema.equals(layout.arrow(layout.ARTICLES_SCHEMA), check_metadata=False)
    assert articles.num_rows == 45 + 2  # every document read (copies and re-reads included) and both failures
    assert sorted(articles.column("error").drop_null().to_pylist())[0].startswith("empty file")
    analysis = pq.read_table(out / layout.ANALYSIS)
    assert analysis.schema.equals(layout.arrow(layout.ANALYSIS_SCHEMA), check_metadata=False)
    assert sorted(analysis.column("id").to_pylist()) == sorted(a["article_id"] for a in ledger.articles())
    vectors = np.array(analysis.column("embedding").to_pylist(), dtype=np.float32)
    assert vectors.shape == (40, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


@needs_java
@pytest.mark.slow  # a Spark run takes minutes: `make test-quick` leaves it out
def test_running_again_stores_nothing_new(corpus, spark_run):
    out = spark_run[0]
    again = runner.invoke(
        app, ["spark", "ingest", str(corpus), "--out", str(out / "again"), "--db", str(out / layout.LEDGER_FILE), "--master", "local[2]"]
    )
    assert "ingested 0 (0 duplicates), unchanged 45, failed 2; analysed 0" in again.output
    assert again.exit_code == 1
