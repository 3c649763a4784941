"""Replay ECB+ stories with some documents' features taken from another cleaner or analysis.

Used to trace a story-resolution change to the documents a cleaning change
touches (docs/EVALUATION.md "ECB+ and the page-clutter rules (round 6)")
without a full fresh ingest: the listed documents are ingested alone into a
small ledger by whatever ``newsledger`` is first on ``PYTHONPATH`` (e.g. a
copy of ``src`` with an older ``clean/``), their story features replace the
full ledger's, and :class:`StoryIndex` is replayed in ledger order and the
seeded shuffled orders. Story features depend only on each article's own
analysis, so a control run with the full ledger's own code must reproduce
its figures.

Run: ``PYTHONPATH=OLD/src python scripts/swap_story_features.py FULL.duckdb SMALL.duckdb docs.json``
(``FULL`` from ``newsledger eval stories ../shared/data/ecbplus --keep FULL``;
``docs.json`` a JSON list of document names; ``SMALL`` is made if absent.)
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

ECBPLUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ecbplus"


def small_ledger(path: Path, names: list[str], data: Path) -> None:
    """Ingest the named documents alone into a new ledger at ``path``."""
    from newsledger.ledger import Ledger

    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        for name in names:
            (docs / f"{name}.txt").symlink_to((data / "docs" / f"{name}.txt").resolve())
        with Ledger(path) as ledger:
            ledger.ingest([str(docs)])


def main(full: str, small: str, names_file: str, data: Path = ECBPLUS) -> None:
    from newsledger.evaluate.stories import SHUFFLE_SEEDS, bcubed, cluster, ledger_features, load_gold
    from newsledger.ledger import Ledger

    gold = load_gold(str(data))
    if not Path(small).exists():
        small_ledger(Path(small), json.loads(Path(names_file).read_text()), data)
    with Ledger(Path(full), read_only=True) as ledger:
        feats, copies = ledger_features(ledger)
    with Ledger(Path(small), read_only=True) as ledger:
        other = {f.article_id: f for f in ledger_features(ledger)[0]}
    swapped = [other.get(f.article_id, f) for f in feats]

    def f1(order) -> float:
        pred = cluster(order)[0]
        pred.update({c: pred[o] for c, o in copies.items() if o in pred})
        pred.update({d: "missing:" + d for d in gold if d not in pred})
        return bcubed(pred, gold)["f1"]

    shuffled = []
    for seed in SHUFFLE_SEEDS:
        order = list(swapped)
        random.Random(seed).shuffle(order)
        shuffled.append(f1(order))
    print(f"{len(other)} documents swapped: ledger order B3 F1 {f1(swapped):.4f}, shuffled "
          f"{' / '.join(f'{x:.4f}' for x in shuffled)} (mean {sum(shuffled) / len(shuffled):.4f})")


if __name__ == "__main__":  # the analysis workers are spawned processes: they must not run this again
    main(*sys.argv[1:4])
