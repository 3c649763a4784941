"""Story resolution on ECB+ (dev topics): B-cubed against the gold real-world instance.

Each ECB+ topic holds reports of two different happenings of one kind, so a
system that clusters by subject alone scores badly; the number of clusters is
not given to :class:`StoryIndex`. Documents are fed one by one in name order,
and again in a seeded shuffled order to show order robustness.

Run: ``python -m newsledger.evaluate.stories /work/shared/data/ecbplus``.
Features (spaCy pipeline + embeddings) are cached under /tmp only.
"""

from __future__ import annotations

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

from newsledger.resolve.stories import StoryFeatures, StoryIndex, features_from_doc, lead_text

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

    funcs = [stories.features_from_doc, stories.lead_text, stories.explicit_dates, stories._published,
             stories._doc_dates, stories._doc_actors, stories._doc_places, stories._doc_terms,
             stories._name_key]
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


def run(path: str, topics: set[int] | None = None, components: list[str] | None = None,
        **thresholds) -> dict:
    """Evaluate on ECB+ at ``path``: sorted order plus seeded shuffled orders.

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
    result = {"documents": len(names), "components": comps,
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
    lines = [
        f"ECB+ story resolution: {result['documents']} documents, "
        f"components: {', '.join(result['components']) or 'plain spaCy'}",
        f"  sorted order:   B3 P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}  "
        f"clusters {s['clusters_pred']} (gold {s['clusters_gold']}), "
        f"{result['comparisons']} article-story comparisons",
    ]
    for r in result["shuffled"]:
        lines.append(f"  shuffled (seed {r['seed']}): B3 P={r['precision']:.3f} R={r['recall']:.3f} "
                     f"F1={r['f1']:.3f}  clusters {r['clusters_pred']}")
    lines.append(f"  shuffled mean F1: {result['shuffled_f1_mean']:.3f}")
    lines.append(f"  time: features {result['seconds_features']:.1f}s, "
                 f"clustering {result['seconds_clustering']:.1f}s")
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    target = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ecbplus"
    print(format_report(run(target)))
