"""Story resolution on ECB+ (dev topics): B-cubed against the gold real-world instance.

Each ECB+ topic holds reports of two different happenings of one kind, so a
system that clusters by subject alone scores badly; the number of clusters is
not given to :class:`StoryIndex`.

:func:`run` (what ``newsledger eval stories DIR`` calls) ingests ``DIR/docs``
into a temporary ledger and scores the stories the ledger assigned (ingest
order, which is name order); it then replays the ledger's own story features
in seeded shuffled orders to show order robustness. ``--keep PATH`` keeps that
ledger; ``--reuse PATH`` scores a kept ledger without ingesting again, and
with ``--resolve`` first rebuilds its stories (after a change to story
resolution; a change to cleaning or the NLP needs a fresh ingest). :func:`run_cached` is the
fast tuning path: the same ingest, done once into a ledger cached under the
temporary directory, then story resolution replayed from it.

Both paths build features with :func:`newsledger.resolve.run.story_features`,
the function ``assign_stories`` uses, and feed them in the order it feeds
them (:func:`newsledger.resolve.run.arrival_order`): what is tuned is what
users run.

Run: ``python -m newsledger.evaluate.stories /work/shared/data/ecbplus``
(``--cached`` for the tuning path).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from newsledger.resolve.stories import StoryFeatures, StoryIndex

SHUFFLE_SEEDS = (1, 2, 3)
# What the cached ledger depends on: the analysis, not story resolution.
ANALYSIS_PACKAGES = ("ingest", "clean", "nlp", "knowledge", "store")


def load_gold(path: str, topics: set[int] | None = None) -> dict[str, str]:
    """doc name -> gold event id, optionally for some topics only."""
    gold = {}
    with open(Path(path) / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if topics is None or int(row["topic"]) in topics:
                gold[row["doc"]] = row["event"]
    return gold


def cluster(features: list[StoryFeatures], **thresholds) -> tuple[dict[str, str], int]:
    """Feed articles one by one; return assignments and the number of comparisons."""
    index = StoryIndex(**thresholds)
    for f in features:
        index.add(f)
    return index.assignments(), index.comparisons


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 over the documents in ``gold``."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for doc in gold:
        by_pred[pred[doc]].add(doc)
        by_gold[gold[doc]].add(doc)
    precision = recall = 0.0
    for doc in gold:
        p_set, g_set = by_pred[pred[doc]], by_gold[gold[doc]]
        both = len(p_set & g_set)
        precision += both / len(p_set)
        recall += both / len(g_set)
    n = len(gold)
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "clusters_pred": len(by_pred), "clusters_gold": len(by_gold)}


def run(path: str, topics: set[int] | None = None, baselines: bool = True, keep: str | None = None,
        reuse: str | None = None, resolve: bool = False) -> dict:
    """Ingest ``path``/docs into a temporary ledger and score its story assignment.

    The sorted figure is the ledger's own assignment; the shuffled ones
    replay the features the ledger stored (as ``assign_stories`` builds them)
    through a fresh :class:`StoryIndex` in seeded random orders. ``keep``:
    copy the ledger there; ``reuse``: score that kept ledger instead of
    ingesting (``resolve``: rebuild its stories first, in place).
    """
    start = time.perf_counter()
    gold = load_gold(path, topics)
    with tempfile.TemporaryDirectory(prefix="newsledger_eval_stories_") as tmp:
        db = Path(reuse) if reuse else Path(tmp) / "eval.duckdb"
        error, pred, feats, copies = _ledger_stories(db, None if reuse else _docs_dir(path, gold, Path(tmp)), resolve)
        ingested = time.perf_counter()
        if keep and not reuse:
            shutil.copyfile(db, keep)
    missing = [d for d in gold if not pred.get(d)]
    for d in missing:  # not ingested or no story: its own cluster, so it is scored, not dropped
        pred[d] = "missing:" + d
    result = {"documents": len(gold), "mode": "ledger", "missing": len(missing), "ingest_error": error,
              "sorted": bcubed(pred, gold), "shuffled": []}
    for seed in SHUFFLE_SEEDS:
        order = list(feats)
        random.Random(seed).shuffle(order)
        shuffled = cluster(order)[0]
        shuffled.update({copy: shuffled[orig] for copy, orig in copies.items()})
        shuffled.update({d: "missing:" + d for d in gold if d not in shuffled})
        result["shuffled"].append({"seed": seed, **bcubed(shuffled, gold)})
    result["shuffled_f1_mean"] = sum(r["f1"] for r in result["shuffled"]) / len(result["shuffled"])
    if baselines:
        from newsledger.evaluate.story_baselines import run_baselines

        result["baselines"] = run_baselines(path, gold, bcubed)
    result["seconds_ingest"] = ingested - start
    result["seconds_total"] = time.perf_counter() - start
    return result


def _ledger_stories(db: Path, docs: Path | None, resolve: bool):
    """Ingest ``docs`` into the ledger at ``db`` (None: it is a kept ledger, rebuilt if ``resolve``).

    Returns the ingest error (if a later stage failed), file stem -> story,
    and the ledger's story features and copies (:func:`ledger_features`).
    """
    from newsledger.evaluate.incidents import reset_resolution
    from newsledger.ledger import Ledger

    ledger = Ledger(db)
    error = None
    try:
        if docs is not None:
            try:
                ledger.ingest([str(docs)])
            except Exception as exc:  # a later stage failing must not hide the stories already assigned
                error = f"{type(exc).__name__}: {exc}"
        elif resolve:
            reset_resolution(ledger.store)
            ledger.resolve(full=True)
        pred = {Path(a["origin"]).stem: a["story_id"] for a in ledger.articles()}
        feats, copies = ledger_features(ledger)
    finally:
        ledger.close()
    return error, pred, feats, copies


def _docs_dir(path: str, gold: dict[str, str], tmp: Path) -> Path:
    """The documents to ingest: ``path``/docs itself, or links to the chosen topics' files."""
    source = Path(path) / "docs"
    if len(gold) == len(list(source.glob("*.txt"))):
        return source
    chosen = tmp / "docs"
    chosen.mkdir()
    for name in gold:
        (chosen / f"{name}.txt").symlink_to((source / f"{name}.txt").resolve())
    return chosen


def ledger_features(ledger) -> tuple[list[StoryFeatures], dict[str, str]]:
    """The StoryFeatures ``assign_stories`` builds from a ledger, in its arrival order, keyed by file stem.

    Returns the originals' features and copy -> original for the exact
    duplicates the ledger linked (they share their original's story).
    """
    from newsledger.resolve.run import arrival_order, story_features

    rows = ledger.store.rows("SELECT article_id AS id, origin, copy_of_id AS duplicate_of FROM articles ORDER BY seq")
    stem = {r["id"]: Path(r["origin"]).stem for r in rows}
    feats = arrival_order(story_features(ledger.store, [r["id"] for r in rows if not r["duplicate_of"]]))
    for f in feats:
        f.article_id = stem[f.article_id]
    copies = {stem[r["id"]]: stem[r["duplicate_of"]] for r in rows if r["duplicate_of"] in stem}
    return feats, copies


def cached_ledger(path: str, gold: dict[str, str]) -> Path:
    """A ledger of the chosen documents, ingested once and kept under the temporary directory.

    Keyed on the documents and on the analysis code (every module of the
    analysis packages), so an edit there re-ingests; story resolution is
    replayed from the stored analysis and never cached.
    """
    from newsledger.ledger import Ledger

    key = hashlib.sha1(json.dumps([str(Path(path).resolve()), sorted(gold), _analysis_stamp()]).encode()).hexdigest()[:16]
    db = Path(tempfile.gettempdir()) / f"newsledger_stories_{key}.duckdb"
    if not db.exists():
        with tempfile.TemporaryDirectory(prefix="newsledger_eval_stories_") as tmp:
            partial = Path(tmp) / "eval.duckdb"
            with Ledger(partial) as ledger:
                ledger.ingest([str(_docs_dir(path, gold, Path(tmp)))])
            partial.replace(db)
    return db


def _analysis_stamp() -> str:
    """Hash of the analysis sources' paths and modification times."""
    import newsledger

    root = Path(newsledger.__file__).parent
    files = sorted(f for pkg in ANALYSIS_PACKAGES for f in (root / pkg).rglob("*") if f.is_file())
    files += [root / "prepare.py", root / "analysis.py", root / "ledger.py"]
    return hashlib.sha1(repr([(str(f), os.path.getmtime(f)) for f in files if f.exists()]).encode()).hexdigest()


def run_cached(path: str, topics: set[int] | None = None, **thresholds) -> dict:
    """Tuning path on ECB+ at ``path``: the ledger's arrival order plus seeded shuffled orders.

    The documents are ingested once into :func:`cached_ledger`; each call
    replays story resolution over the stored features with ``thresholds``.
    """
    from newsledger.ledger import Ledger

    start = time.perf_counter()
    gold = load_gold(path, topics)
    with Ledger(cached_ledger(path, gold), read_only=True) as ledger:
        feats, copies = ledger_features(ledger)
    featured = time.perf_counter()

    def scored(order: list[StoryFeatures]) -> tuple[dict[str, float], int]:
        pred, comparisons = cluster(order, **thresholds)
        pred.update({copy: pred[orig] for copy, orig in copies.items() if orig in pred})
        pred.update({d: "missing:" + d for d in gold if d not in pred})
        return bcubed(pred, gold), comparisons

    ordered, comparisons = scored(feats)
    result = {"documents": len(gold), "mode": "cached", "sorted": ordered, "comparisons": comparisons, "shuffled": []}
    for seed in SHUFFLE_SEEDS:
        order = list(feats)
        random.Random(seed).shuffle(order)
        result["shuffled"].append({"seed": seed, **scored(order)[0]})
    result["shuffled_f1_mean"] = sum(r["f1"] for r in result["shuffled"]) / len(result["shuffled"])
    result["seconds_features"] = featured - start
    result["seconds_clustering"] = time.perf_counter() - featured
    return result


def format_report(result: dict) -> str:
    """A short human-readable summary."""
    s = result["sorted"]
    if result.get("mode") == "ledger":
        missing = f", {result['missing']} without a story" if result["missing"] else ""
        head = f"ECB+ story resolution through a temporary ledger: {result['documents']} documents{missing}"
        if result.get("ingest_error"):
            head += f"\n  (ingest raised after story assignment: {result['ingest_error']})"
        extra = ""
    else:
        head = f"ECB+ story resolution (cached ledger, stories replayed): {result['documents']} documents"
        extra = f", {result['comparisons']} article-story comparisons"
    lines = [
        head,
        f"  ledger order:   B3 P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}  "
        f"clusters {s['clusters_pred']} (gold {s['clusters_gold']}){extra}",
    ]
    for r in result["shuffled"]:
        lines.append(f"  shuffled (seed {r['seed']}): B3 P={r['precision']:.3f} R={r['recall']:.3f} "
                     f"F1={r['f1']:.3f}  clusters {r['clusters_pred']}")
    lines.append(f"  shuffled mean F1: {result['shuffled_f1_mean']:.3f}")
    base = result.get("baselines")
    if base:
        km, al = base["kmeans_true_k"], base["avglink_best_threshold"]
        lines.append("  reference clusterings on the same documents (each given more than we are):")
        lines.append(f"    TF-IDF K-means told the gold number of clusters: B3 P={km['precision']:.3f} "
                     f"R={km['recall']:.3f} F1={km['f1']:.3f}  clusters {km['clusters_pred']}")
        lines.append(f"    TF-IDF average-link, threshold {al['threshold']:.2f} picked on this gold: "
                     f"B3 P={al['precision']:.3f} R={al['recall']:.3f} F1={al['f1']:.3f}  clusters {al['clusters_pred']}")
    if result.get("mode") == "ledger":
        lines.append(f"  time: ingest {result['seconds_ingest']:.1f}s, total {result['seconds_total']:.1f}s")
    else:
        lines.append(f"  time: features {result['seconds_features']:.1f}s, "
                     f"clustering {result['seconds_clustering']:.1f}s")
    return "\n".join(lines)
