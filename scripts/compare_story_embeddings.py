"""Compare story lead embeddings on kept evaluation ledgers: encode CPU per 1,000 leads and story B3 F1.

    PYTHONPATH=src .venv/bin/python scripts/compare_story_embeddings.py \\
        --gvc /tmp/gvc.duckdb --ecb /tmp/ecb.duckdb \\
        minilm:float32:1200:256 minilm:bfloat16:1200:256 minilm:float32:600:128 \\
        static:/tmp/m2v_256:1200 none

The ledgers come from ``newsledger eval incidents ../shared/data/gvc --keep
/tmp/gvc.duckdb`` and ``newsledger ingest ../shared/data/ecbplus/docs --db
/tmp/ecb.duckdb``. Each candidate embeds every original's lead (title and the
first CHARS characters), the story index is replayed over the ledger's own
story features in arrival order (:func:`newsledger.resolve.run.story_features`,
what ``assign_stories`` builds), and the stories are scored as the
evaluations score them (GVC: :func:`newsledger.evaluate.incidents.story_scores`;
ECB+: B3 in arrival order and the mean of three seeded shuffles). Nothing
but the embedding changes between candidates.

Candidates: ``minilm:PRECISION:CHARS:TOKENS`` (the bundled MiniLM),
``static:DIR:CHARS`` (a model2vec static model saved in DIR, e.g. distilled
from the bundled MiniLM with ``model2vec.distill.distill_from_model``; the
``model2vec`` package is not a dependency), ``none`` (no embedding).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def encoder(spec: str):
    """(lead characters, texts -> unit vectors) for a candidate spec."""
    kind, *args = spec.split(":")
    if kind == "none":
        return 0, None
    if kind == "minilm":
        from newsledger.resolve import embeddings

        dtype, chars, tokens = args[0], int(args[1]), int(args[2])
        embeddings._model(dtype)  # loaded before the clock starts

        def encode(texts):
            model = embeddings._model(dtype)
            model.max_seq_length = tokens
            try:
                return embeddings.embed(texts, dtype=dtype)
            finally:
                model.max_seq_length = embeddings.MAX_TOKENS
        return chars, encode
    if kind == "static":
        from model2vec import StaticModel

        model = StaticModel.from_pretrained(args[0])

        def encode(texts):
            vectors = model.encode(texts)
            return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return int(args[1]), encode
    raise SystemExit(f"unknown candidate {spec!r}")


def ledger_features(db: str):
    """The ledger's articles and its originals' story features in arrival order (embeddings left out)."""
    from newsledger.ledger import Ledger
    from newsledger.resolve.run import arrival_order, story_features

    with Ledger(db, read_only=True) as ledger:
        rows = ledger.store.rows("SELECT article_id AS id, origin, external_id, copy_of_id AS dup, title, text "
                                 "FROM articles ORDER BY seq")
        originals = [r["id"] for r in rows if not r["dup"]]
        placeholder = {a: None for a in originals}
        return rows, arrival_order(story_features(ledger.store, originals, placeholder))


def assign(rows, feats, order=None) -> dict[str, str]:
    from newsledger.evaluate.stories import cluster

    pred, _ = cluster(order or feats)
    pred.update({r["id"]: pred.get(r["dup"], "missing") for r in rows if r["dup"]})
    return pred


def score_gvc(rows, feats) -> dict:
    from newsledger.evaluate.incidents import load, story_scores

    docs, gold = load(str(DATA / "gvc"))
    pred = assign(rows, feats)
    arts = {r["external_id"]: {"story": pred.get(r["id"])} for r in rows if r["external_id"]}
    s = story_scores(arts, [d["id"] for d in docs if d["id"] in gold], gold)
    return {"f1": round(s["overall"]["f1"], 4), "precision": round(s["overall"]["precision"], 4),
            "recall": round(s["overall"]["recall"], 4), "hard_pairs_merged": s["hard_pairs_merged"]}


def score_ecb(rows, feats) -> dict:
    from newsledger.evaluate.stories import bcubed, load_gold

    gold = load_gold(str(DATA / "ecbplus"))
    stem = {Path(r["origin"]).stem: r["id"] for r in rows}

    def f1(pred):
        return bcubed({d: pred.get(stem.get(d), "missing:" + d) for d in gold}, gold)["f1"]
    shuffled = []
    for seed in (1, 2, 3):
        order = list(feats)
        random.Random(seed).shuffle(order)
        shuffled.append(f1(assign(rows, feats, order)))
    return {"f1": round(f1(assign(rows, feats)), 4), "shuffled_mean": round(sum(shuffled) / len(shuffled), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("candidates", nargs="+")
    parser.add_argument("--gvc", help="kept GVC evaluation ledger")
    parser.add_argument("--ecb", help="ECB+ ledger")
    args = parser.parse_args()
    sets = [(name, db, scorer) for name, db, scorer in (("gvc", args.gvc, score_gvc), ("ecb", args.ecb, score_ecb)) if db]
    loaded = {name: ledger_features(db) for name, db, _ in sets}
    for spec in args.candidates:
        chars, encode = encoder(spec)
        for name, _, scorer in sets:
            rows, feats = loaded[name]
            by_id = {r["id"]: r for r in rows}
            texts = [f"{by_id[f.article_id]['title'] or ''}\n{(by_id[f.article_id]['text'] or '')[:chars]}" for f in feats]
            start, wall = cpu_seconds(), time.perf_counter()
            vectors = np.asarray(encode(texts), dtype=np.float32) if encode else [None] * len(texts)
            spent, waited = cpu_seconds() - start, time.perf_counter() - wall
            for f, v in zip(feats, vectors):
                f.embedding = v
            print(json.dumps({"candidate": spec, "set": name, "leads": len(texts),
                              "cpu_s_per_1000": round(spent / len(texts) * 1000, 1),
                              "wall_s_per_1000": round(waited / len(texts) * 1000, 1), **scorer(rows, feats)}), flush=True)


if __name__ == "__main__":
    main()
