"""A small ledger for the web tests, from reports written for these tests (outlets and people invented).

Three outlets tell one arrest at a port; the second gives another count (a
contradiction); a fourth outlet reprints the first report word for word (a
copy); the second's title and text carry markup that must never run in a
browser.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from newsledger.ledger import Ledger

HOSTILE_TITLE = "Dock protest <script>alert('title')</script> ends in arrests"
HOSTILE_TEXT = "<img src=x onerror=alert('text')>"

REPORTS = [
    ("harbour-post.txt", "Harbour Post", dt.date(2024, 3, 5),
     "Police arrest 12 protesters at Lisbon port\n\n"
     "Police arrested 12 people at the port of Lisbon on Monday after dock workers blocked the main gate for six hours, "
     "the Portuguese interior ministry said.\n\n"
     "\"The blockade was illegal and it had to end,\" Interior Minister Ana Quintela told reporters in Lisbon.\n\n"
     "The dockers' union said the men would appeal and that the strike over pay would go on through the week.\n"),
    ("coast-daily.txt", "Coast Daily", dt.date(2024, 3, 5),
     HOSTILE_TITLE + "\n\n"
     "Portuguese police arrested 15 people at the port of Lisbon on Monday, breaking up a blockade by striking dock workers. "
     + HOSTILE_TEXT + "\n\n"
     "Union leader Rui Matos said the arrests would not stop the strike. \"We will be back at the gate tomorrow,\" he said.\n"),
    ("valley-times.txt", "Valley Times", dt.date(2024, 3, 6),
     "Police arrest 12 protesters at Lisbon port\n\n"
     "Police arrested 12 people at the port of Lisbon on Monday after dock workers blocked the main gate for six hours, "
     "the Portuguese interior ministry said.\n\n"
     "\"The blockade was illegal and it had to end,\" Interior Minister Ana Quintela told reporters in Lisbon.\n\n"
     "The dockers' union said the men would appeal and that the strike over pay would go on through the week.\n\n"
     "This report first appeared in the Harbour Post.\n"),
]


_BUILT: list[Path] = []  # the first ledger built in this test session, copied for the next modules


def build_ledger(folder: Path) -> str:
    """A ledger of the reports in ``folder/web.duckdb``; returns its path.

    The reports are ingested (analysis and resolution take ~30 s, mostly
    loading the models) once per test session; later calls copy that file.
    """
    db = folder / "web.duckdb"
    if _BUILT and _BUILT[0].exists():
        shutil.copy(_BUILT[0], db)
        return str(db)
    _ingest(folder, str(db))
    pristine = folder / "pristine.duckdb"  # tests may record reviews in theirs
    shutil.copy(db, pristine)
    _BUILT.append(pristine)
    return str(db)


def _ingest(folder: Path, db: str) -> None:
    """Ingest the reports, each with its outlet and date."""
    with Ledger(db) as ledger:
        for i, (name, outlet, published, text) in enumerate(REPORTS):
            path = folder / name
            path.write_text(text, encoding="utf-8")
            last = i == len(REPORTS) - 1  # analyse and resolve once, after the last report
            summary = ledger.ingest([str(path)], source=outlet, published=published, analyze=last)
            assert summary.failed == [], summary.failed
