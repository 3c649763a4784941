"""Second look at the content ranker's first choices: gradient-boosted trees over the
linear model's best few candidates.

The linear content ranker (``ranker.py``) scores each candidate on its own
features; it cannot weigh one candidate against its neighbours ("this span is
the first choice minus a trailing relative clause") nor combine a cut's kind
with its length and punctuation. The reranker sees the top ``TOP_K`` candidates
of one cue side by side: the linear score and its gap to the best, where each
candidate starts and ends relative to the best one, what stands right after its
right edge (comma, full stop, dash, quotation mark, a word), how many words it
leaves before the sentence end, how many commas, verbs and quotations it holds,
and the common string features of the candidate builder as 0/1 columns.

The model is a scikit-learn ``HistGradientBoostingClassifier`` trained by
``scripts/train_quotes.py`` (out-of-fold linear scores on PolNeAR train) and
shipped as plain arrays in ``weights/content_trees.json`` (no pickle): each tree
is a list of nodes (feature, threshold, left, right, leaf value). Prediction walks
all trees at once with numpy, level by level, for the few rows of one cue.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from newsledger.nlp.quotes.layout import Layout

TOP_K = 8  # candidates the reranker compares (by linear score); the right one is among them for ~97% of train cues
NEXT_CLASSES = (",", ".", "dash", "(", "quote", ":", ";", "word", "end")
LAST_POS = ("NOUN", "PROPN", "VERB", "AUX", "ADJ", "ADV", "NUM", "PRON", "PUNCT", "ADP", "PART")
DASHES = {"—", "–", "--", "-", "―"}
QUOTE_MARKS = {'"', "“", "”", "'", "’", "‘", "''", "``"}
# numeric columns per candidate, before the 0/1 columns of the builder's string features
SPAN_COLUMNS = (
    ["log_chars", "tokens", "pieces", "after_cue", "gap_tokens", "words_to_sent_end", "words_from_sent_start", "commas", "verbs", "quotes", "in_quote_end", "subject"]
    + ["next=" + c for c in NEXT_CLASSES]
    + ["prev=" + c for c in NEXT_CLASSES]
    + ["last_pos=" + p for p in LAST_POS]
)
GROUP_COLUMNS = (
    "score", "gap_to_best", "rank", "best_margin", "group_size", "same_start_best", "end_minus_best",
    "start_minus_best", "contains_best", "inside_best", "same_span_best", "same_span_count", "longer_than_best",
)


def _class_of(text: str) -> str:
    if not text:
        return "end"
    if text in (",", ".", "(", ":", ";"):
        return text
    if text in ("!", "?"):
        return "."
    if text in DASHES:
        return "dash"
    if text in QUOTE_MARKS:
        return "quote"
    return "word"


def span_numbers(layout: Layout, cue: tuple[int, int], pieces: tuple[tuple[int, int], ...], holds_subject: bool) -> tuple[list[float], int, int]:
    """Score-independent numbers for one candidate, and its first and last token indices."""
    tt = layout.tok
    first = max(0, bisect_right(tt.idx, pieces[0][0]) - 1)
    last = max(first, bisect_left(tt.idx, pieces[-1][1]) - 1)
    s_start, s_end = layout.sent_start[first], layout.sent_end[last]
    inside = [k for s, e in pieces for k in range(bisect_left(tt.idx, s), bisect_left(tt.idx, e)) if not tt.space[k]]
    after = pieces[0][0] >= cue[1]
    gap = (first - bisect_left(tt.idx, cue[1])) if after else (bisect_left(tt.idx, cue[0]) - last - 1)
    nxt = next((k for k in range(last + 1, s_end) if not tt.space[k]), None)
    prv = next((k for k in range(first - 1, s_start - 1, -1) if not tt.space[k]), None)
    chars = sum(e - s for s, e in pieces)
    row = [
        math.log1p(chars),
        float(len(inside)),
        float(len(pieces)),
        float(after),
        float(max(gap, 0)),
        float(sum(1 for k in range(last + 1, s_end) if not tt.punct[k] and not tt.space[k])),
        float(sum(1 for k in range(s_start, first) if not tt.punct[k] and not tt.space[k])),
        float(sum(1 for k in inside if tt.lower[k] == "," and not layout.in_quote(tt.idx[k]))),
        float(sum(1 for k in inside if tt.verbal[k])),
        float(sum(1 for k in inside if tt.quote[k])),
        float(layout.in_quote(max(pieces[-1][1] - 1, 0))),
        float(holds_subject),
    ]
    nclass = _class_of(layout.text[tt.idx[nxt] : tt.end[nxt]] if nxt is not None else "")
    pclass = _class_of(layout.text[tt.idx[prv] : tt.end[prv]] if prv is not None else "")
    row += [float(nclass == c) for c in NEXT_CLASSES]
    row += [float(pclass == c) for c in NEXT_CLASSES]
    last_pos = tt.pos[last]
    row += [float(last_pos == p) for p in LAST_POS]
    return row, first, last


def group_rows(scores: list[float], spans: list[tuple[int, int]], keys: list[tuple]) -> list[list[float]]:
    """Columns comparing each of a cue's top candidates with the linear model's first choice.
    ``spans``: (first, last) token per candidate; ``keys``: the candidates' pieces."""
    best = max(range(len(scores)), key=lambda k: scores[k])
    top = scores[best]
    second = max((s for k, s in enumerate(scores) if k != best), default=top - 10.0)
    order = sorted(range(len(scores)), key=lambda k: -scores[k])
    rank = {k: r for r, k in enumerate(order)}
    b0, b1 = spans[best]
    rows = []
    for k, score in enumerate(scores):
        s0, s1 = spans[k]
        rows.append([
            score,
            top - score,
            float(rank[k]),
            top - second,
            float(len(scores)),
            float(s0 == b0),
            float(s1 - b1),
            float(s0 - b0),
            float(s0 <= b0 and s1 >= b1),
            float(s0 >= b0 and s1 <= b1),
            float(keys[k] == keys[best]),
            float(sum(1 for key in keys if key == keys[k])),
            float((s1 - s0) - (b1 - b0)),
        ])
    return rows


def feature_rows(span_rows: list[list[float]], group: list[list[float]], feats: list[list[str]], vocab: dict[str, int]) -> np.ndarray:
    """The model's input matrix: span numbers, group comparisons, 0/1 string features."""
    n_num = len(SPAN_COLUMNS) + len(GROUP_COLUMNS)
    x = np.zeros((len(span_rows), n_num + len(vocab)), dtype=np.float64)
    for r, (a, b, fs) in enumerate(zip(span_rows, group, feats)):
        x[r, : len(a)] = a
        x[r, len(a) : n_num] = b
        for f in fs:
            col = vocab.get(f)
            if col is not None:
                x[r, n_num + col] = 1.0
    return x


@dataclass(frozen=True)
class TreeEnsemble:
    """Binary gradient-boosted trees as flat node arrays: tree ``t``'s node ``n`` is at
    ``t * width + n``, and ``left``/``right`` hold flat indices too."""

    trees: int
    width: int
    feature: np.ndarray  # int: column tested at an inner node
    threshold: np.ndarray  # float: go left when x <= threshold
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray  # leaf values (0 for inner nodes)
    is_leaf: np.ndarray  # bool
    depth: int
    baseline: float
    vocab: dict
    meta: dict

    def decision(self, x: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds) of the rows of ``x``: every (tree, row) pair walks down
        one level per step until all stand on leaves."""
        rows, n_cols = x.shape
        node = np.repeat(np.arange(self.trees) * self.width, rows)
        row = np.tile(np.arange(rows), self.trees)
        flat = x.ravel()
        for _ in range(self.depth):
            inner = ~self.is_leaf[node]
            if not inner.any():
                break
            walk = node[inner]
            go_left = flat[row[inner] * n_cols + self.feature[walk]] <= self.threshold[walk]
            node[inner] = np.where(go_left, self.left[walk], self.right[walk])
        return self.baseline + self.value[node].reshape(self.trees, rows).sum(axis=0)


def ensemble_from_dict(data: dict) -> TreeEnsemble:
    """A ``TreeEnsemble`` from the JSON written by ``scripts/train_quotes.py``."""
    trees = data["trees"]
    width = max(len(t["feature"]) for t in trees)

    def flat(key, dtype, fill, offset=False):
        out = np.full((len(trees), width), fill, dtype=dtype)
        for i, t in enumerate(trees):
            out[i, : len(t[key])] = t[key]
        if offset:
            out += (np.arange(len(trees)) * width)[:, None]
        return out.ravel()

    return TreeEnsemble(
        trees=len(trees),
        width=width,
        feature=flat("feature", np.int64, 0),
        threshold=flat("threshold", np.float64, 0.0),
        left=flat("left", np.int64, 0, offset=True),
        right=flat("right", np.int64, 0, offset=True),
        value=flat("value", np.float64, 0.0),
        is_leaf=flat("is_leaf", bool, True),
        depth=int(data["depth"]),
        baseline=float(data["baseline"]),
        vocab={f: i for i, f in enumerate(data["vocab"])},
        meta=data.get("meta", {}),
    )


@lru_cache(maxsize=4)
def load_ensemble(name: str) -> TreeEnsemble | None:
    """The tree model ``weights/<name>.json`` shipped with the package, or None when absent."""
    path = resources.files("newsledger.nlp.quotes").joinpath("weights", name + ".json")
    if not path.is_file():
        return None
    return ensemble_from_dict(json.loads(path.read_text(encoding="utf-8")))
