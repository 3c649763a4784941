"""Shared fixtures: one analysed demo ledger per test session, and the shared-data paths spelled once.

Building the demo ledger runs the whole pipeline on data/demo (about a
minute on two cores); every test that needs an analysed ledger reads this one
file instead of analysing its own corpus. Tests that write (reviews,
re-resolution) work on a copy (:func:`demo_copy`), so the session's file
stays as built.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsledger.ledger import Ledger

# The components the event tests run: the ledger's analysis without its document-level helpers.
EVENT_COMPONENTS = ["newsledger_actors", "newsledger_times", "newsledger_quotes", "newsledger_events"]

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
# ../shared next to the repository: datasets (data/, or $NEWSLEDGER_SHARED) and reference seeds (seeds/).
# The one spelling of these paths; tests reading them are marked shared and skip when they are absent.
SHARED = ROOT.parent / "shared"
SHARED_DATA = Path(os.environ.get("NEWSLEDGER_SHARED", SHARED / "data"))
SEEDS = SHARED / "seeds"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``shared`` skip when ../shared is absent, wherever they live."""
    if SHARED_DATA.is_dir():
        return
    skip = pytest.mark.skip(reason="../shared/data not available")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo corpus ingested, analysed and resolved once per session; open it read-only."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Ledger(db) as ledger:
        summary = ledger.ingest([str(DEMO)])
    assert summary.failed == [], summary.failed
    return db


@pytest.fixture()
def demo_copy(demo_db, tmp_path) -> Path:
    """A private copy of the demo ledger, for tests that write to it."""
    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    return copy


@pytest.fixture(scope="session")
def event_nlp():
    """The real spaCy model with our actors, times, quotes and events components (built once per session),
    without the pipes the PLOVER evaluation drops as broken on single sentences."""
    from newsledger.evaluate.plover import drop_broken
    from newsledger.nlp.pipeline import COMPONENTS, build_pipeline

    pipeline = build_pipeline([n for n in COMPONENTS if n in EVENT_COMPONENTS])
    drop_broken(pipeline)
    return pipeline
