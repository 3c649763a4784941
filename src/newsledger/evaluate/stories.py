"""Story resolution on ECB+ (dev topics): B-cubed against the gold real-world instance.

Each ECB+ topic holds reports of two different happenings of one kind, so a
system that clusters by subject alone scores badly; the number of clusters is
not given to :class:`StoryIndex`.

:func:`run` (what ``newsledger eval stories DIR`` calls) ingests ``DIR/docs``
into a temporary ledger and scores the stories the ledger assigned (ingest
order, which is name order); it then replays the ledger's own story features
in seeded shuffled orders to show order robustness. :func:`run_cached` is the
fast tuning path: our pipeline run directly, features cached under /tmp only.

Run: ``python -m newsledger.evaluate.stories /work/shared/data/ecbplus``
(``--cached`` for the tuning path).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import os
import pickle
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from newsledger.resolve.stories import StoryFeatures, StoryIndex, features_from_doc, lead_text, story_words

SHUFFLE_SEEDS = (1, 2, 3)


def available_components() -> list[str]:
    """Our pipeline components whose modules exist yet (others are being written)."""
    from newsledger.nlp.pipeline import COMPONENTS

    names = []
    for name, module in COMPONENTS.items():
        try:
            found = importlib.util.find_spec(module) is not None
        except ImportError:
            found = False
        if found:
            names.append(name)
    return names


def load_gold(path: str, topics: set[int] | None = None) -> dict[str, str]:
    """doc name -> gold event id, optionally for some topics only."""
    gold = {}
    with open(Path(path) / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if topics is None or int(row["topic"]) in topics:
                gold[row["doc"]] = row["event"]
    return gold


def compute_features(path: str, names: list[str], components: list[str] | None = None) -> list[StoryFeatures]:
    """Run our pipeline and the embedder over the named documents, in the given order."""
    from newsledger.nlp.pipeline import build_pipeline, make_doc
    from newsledger.resolve.embeddings import embed

    comps = available_components() if components is None else components
    nlp = _build(build_pipeline, comps)
    plain = None
    docs = []
    for name in names:
        text = (Path(path) / "docs" / f"{name}.txt").read_text(encoding="utf-8")
        try:
            docs.append(nlp(make_doc(nlp, text, article_id=name)))
        except Exception as exc:  # one document must not sink the evaluation
            print(f"{name}: pipeline failed ({exc!r}); plain spaCy for this one", file=sys.stderr)
            plain = plain or build_pipeline(components=[])
            docs.append(plain(make_doc(plain, text, article_id=name)))
    vectors = embed([lead_text(d) for d in docs])
    return [features_from_doc(d, embedding=v) for d, v in zip(docs, vectors)]


def _build(build_pipeline, comps: list[str]):
    """Build with our components; drop any that fails to load and use the rest."""
    try:
        return build_pipeline(components=comps)
    except Exception as exc:  # a colleague's component may be half-written
        print(f"pipeline with {comps} failed ({exc!r}); using plain spaCy", file=sys.stderr)
        return build_pipeline(components=[])


def cached_features(path: str, names: list[str], components: list[str] | None = None) -> list[StoryFeatures]:
    """Features from a /tmp cache keyed on the documents, components and our source."""
    comps = available_components() if components is None else components
    key = hashlib.sha1(
        json.dumps([str(Path(path).resolve()), names, comps, _source_stamp(comps)]).encode()
    ).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"newsledger_stories_{key}.pkl"
    if cache.exists():
        with open(cache, "rb") as fh:
            return pickle.load(fh)
    feats = compute_features(path, names, comps)
    with open(cache, "wb") as fh:
        pickle.dump(feats, fh)
    return feats


def _source_stamp(comps: list[str]) -> str:
    """Hash of the feature-extraction code, so edits to it invalidate the cache."""
    import inspect

    import newsledger.resolve.stories as stories

    funcs = [stories.features_from_doc, stories.lead_text, stories._published, stories.story_words]
    mtimes = [os.path.getmtime(spec.origin) for spec in
              (importlib.util.find_spec(m) for m in _component_modules(comps)) if spec and spec.origin]
    text = "".join(inspect.getsource(f) for f in funcs) + repr(mtimes)
    return hashlib.sha1(text.encode()).hexdigest()


def _component_modules(comps: list[str]) -> list[str]:
    from newsledger.nlp.pipeline import COMPONENTS

    return ["newsledger.nlp.pipeline"] + [COMPONENTS[c] for c in comps]


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


def run(path: str, topics: set[int] | None = None, baselines: bool = True) -> dict:
    """Ingest ``path``/docs into a temporary ledger and score its story assignment.

    The sorted figure is the ledger's own assignment; the shuffled ones
    replay the features the ledger stored (as ``assign_stories`` builds them)
    through a fresh :class:`StoryIndex` in seeded random orders.
    """
    from newsledger.ledger import Ledger

    start = time.perf_counter()
    gold = load_gold(path, topics)
    with tempfile.TemporaryDirectory(prefix="newsledger_eval_stories_") as tmp:
        docs = _docs_dir(path, gold, Path(tmp))
        ledger = Ledger(Path(tmp) / "eval.duckdb")
        error = None
        try:
            try:
                ledger.ingest([str(docs)])
            except Exception as exc:  # a later stage failing must not hide the stories already assigned
                error = f"{type(exc).__name__}: {exc}"
            ingested = time.perf_counter()
            pred = {Path(a["origin"]).stem: a["story"] for a in ledger.articles()}
            feats, copies = ledger_features(ledger)
        finally:
            ledger.close()
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
    """The StoryFeatures ``assign_stories`` builds from a ledger, keyed by file stem.

    Returns the originals' features in ingest order and copy -> original for
    the exact duplicates the ledger linked (they share their original's story).
    """
    from newsledger.resolve.embeddings import embed
    from newsledger.resolve.run import LEAD_CHARS

    rows = ledger.store.rows(
        "SELECT a.id, a.origin, a.title, a.text, a.duplicate_of, "
        "coalesce(a.published, CASE WHEN t.confidence = 'inferred' THEN t.date END) AS published, "
        "a.published IS NULL AS date_inferred "
        "FROM articles a JOIN article_features f ON f.article_id = a.id "
        "LEFT JOIN time_frames t ON t.article_id = a.id ORDER BY a.seq"
    )
    stem = {r["id"]: Path(r["origin"]).stem for r in rows}
    originals = [r for r in rows if not r["duplicate_of"]]
    vectors = embed([f"{r['title'] or ''}\n{r['text'][:LEAD_CHARS]}" for r in originals])
    feats = []
    for row, vector in zip(originals, vectors):
        feats.append(StoryFeatures(
            article_id=stem[row["id"]], published=_as_date(row["published"]),
            words=story_words(row["title"], row["text"]), embedding=vector,
            date_inferred=bool(row["date_inferred"]) and row["published"] is not None,
        ))
    copies = {stem[r["id"]]: stem[r["duplicate_of"]] for r in rows if r["duplicate_of"] in stem}
    return feats, copies


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def run_cached(path: str, topics: set[int] | None = None, components: list[str] | None = None,
               **thresholds) -> dict:
    """Tuning path on ECB+ at ``path``: sorted order plus seeded shuffled orders.

    ``components`` defaults to whichever of our pipeline components exist;
    ``[]`` means plain spaCy.
    """
    start = time.perf_counter()
    comps = available_components() if components is None else components
    gold = load_gold(path, topics)
    names = sorted(gold)
    feats = cached_features(path, names, comps)
    featured = time.perf_counter()
    pred, comparisons = cluster(feats, **thresholds)
    result = {"documents": len(names), "mode": "cached", "components": comps,
              "sorted": bcubed(pred, gold), "comparisons": comparisons, "shuffled": []}
    for seed in SHUFFLE_SEEDS:
        order = list(feats)
        random.Random(seed).shuffle(order)
        result["shuffled"].append({"seed": seed, **bcubed(cluster(order, **thresholds)[0], gold)})
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
        head = (f"ECB+ story resolution (cached features): {result['documents']} documents, "
                f"components: {', '.join(result['components']) or 'plain spaCy'}")
        extra = f", {result['comparisons']} article-story comparisons"
    lines = [
        head,
        f"  sorted order:   B3 P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}  "
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


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args = [a for a in sys.argv[1:] if a != "--cached"]
    target = args[0] if args else "../shared/data/ecbplus"
    print(format_report(run_cached(target) if "--cached" in sys.argv else run(target)))
