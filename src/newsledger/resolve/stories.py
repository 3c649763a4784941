"""Stories: articles that report the same real-world happening, across outlets.

Model
-----
Stories are the communities of a sparse *article graph*. Each article is
linked to its ``neighbours`` most similar earlier-or-later articles (a
k-nearest-neighbour graph over the candidates retrieval finds; a newcomer
also enters the neighbour lists it beats; a link's weight is fixed when the
link is made). The weight of a link is::

    weight = date_factor * ((1 - w_emb) * lexical + w_emb * max(0, cos(emb_a, emb_b)))

* ``lexical``: cosine of TF-IDF vectors over the article's words and word
  pairs (``max_ngram``; lower-cased, stop words dropped, sub-linear counts,
  hashed into ``2**24`` buckets; pairs scored as well as triples on ECB+). IDF is over articles and always current. A stored
  article's n-grams that no other article holds are left out of its norm
  (they cannot link it to anything); the newcomer's all count. Each article
  keeps its ``kept_features`` heaviest n-grams.
* ``emb``: MiniLM embedding of title and lead (paraphrase across outlets).
* ``date_factor``: publication dates more than ``window_days`` apart halve
  the weight every ``pub_half_life`` days; an unknown date is neutral. (The
  ledger passes an undated article's inferred date, from its text, as its
  publication date.) Both spans are long because a story includes its
  follow-up coverage: on ECB+ a fifth of the same-happening pairs with two
  known dates lie more than a week apart, some by months. Dates mentioned in
  the text are not compared: they include background dates, and every
  penalty on them tried cost F1 on ECB+.

Links under ``min_weight`` are not made. A community whose dated members
fall into groups more than ``split_gap_days`` apart (twice that for dates
inferred from the text) is split into them, the undated following their
strongest links: links alone would let one undated report join two phone
calls years apart.

Why a graph and not "join the most similar story": ECB+ pairs two
happenings of one kind per topic (two rehab check-ins, two boxing title
defences). Comparing a newcomer with story profiles, the first report of the
second happening scores above any usable threshold against the first one's
story, and later reports follow it (B3 F1 stalled at 0.85-0.89, whatever the
features). In the neighbour graph the two happenings are two dense groups
with few links between them, which community detection separates.

Communities are found by Louvain (:func:`louvain`) with a constant
resolution per unit of degree: moving article *u* into community *C* gains
``w(u, C) - resolution * deg(u) * deg(C)``. Unlike modularity's ``1 / 2m``
this does not change as the ledger grows, so a story does not absorb its
neighbours once the ledger is large.

Incremental: adding an article updates the graph, then re-runs Louvain on
its *region* only, the stories of the articles whose links changed and of
their neighbours; articles elsewhere keep their story. Inside the region,
earlier articles may move between stories (a second happening becomes
visible only once its reports arrive). When the region holds more than
``max_region`` articles, only the newcomer moves (to the neighbouring story
with the best gain, or a new one), so the cost per article stays bounded.

Candidate retrieval (cost per article independent of the ledger size): each
article posts its ``retrieval_features`` heaviest single words (by TF-IDF
at arrival) to an inverted index that keeps the latest ``max_postings``
articles per word; a newcomer looks up its own heaviest posted words and
scores exactly only the ``candidates`` articles sharing the most IDF with it.

Story ids are ``"s" + sha1(first member)[:8]``: a community keeps the id of
the old story it overlaps most, and a new one takes its earliest member's.

Defaults were tuned on the ECB+ dev topics (see
:mod:`newsledger.evaluate.stories` and docs/EVALUATION.md): ``neighbours``,
``min_weight``, ``resolution``, ``w_emb``, ``kept_features`` and the three
date spans are the tuned numbers; ``split_gap_days`` is set as tight as
ECB+ allows.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

DEFAULTS: dict[str, float] = {
    "neighbours": 3,
    "min_weight": 0.2,
    "resolution": 0.004,
    "w_emb": 0.25,
    "max_ngram": 2,
    "kept_features": 1024,
    "retrieval_features": 16,
    "max_postings": 128,
    "candidates": 48,
    "max_region": 400,
    "window_days": 60,
    "pub_half_life": 120.0,
    "split_gap_days": 365,
}

BUCKETS = 1 << 24
_WORD = re.compile(r"\w\w+")


@dataclass
class StoryFeatures:
    """What story resolution needs to know about one article."""

    article_id: str
    published: dt.date | None = None
    words: list[str] = field(default_factory=list)
    embedding: np.ndarray | None = None
    date_inferred: bool = False  # ``published`` was read from the text, not from metadata


def story_words(*texts: str | None) -> list[str]:
    """Lower-cased words of two or more characters, stop words dropped, in text order.

    Why not scikit-learn's vectoriser: it needs the whole corpus up front,
    and stories are resolved one article at a time with hashed n-grams.
    """
    return [w for text in texts if text for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


# ---------------------------------------------------------------------------
# Features from a spaCy Doc

def features_from_doc(doc: Any, embedding: np.ndarray | None = None) -> StoryFeatures:
    """Collect story features from a Doc: publication date, words, embedding."""
    return StoryFeatures(
        article_id=str(doc._.article_id) if doc._.article_id is not None else "",
        published=_published(doc),
        words=story_words(doc._.title, doc.text),
        embedding=None if embedding is None else np.asarray(embedding, dtype=np.float32),
    )


def lead_text(doc: Any, max_chars: int = 1000) -> str:
    """Title plus the opening of the text: what the embedding should see."""
    title = doc._.title or ""
    body = doc.text.strip()[:max_chars]
    return f"{title}\n{body}".strip() if title and not body.startswith(title) else body


def _published(doc: Any) -> dt.date | None:
    """The publication date from metadata only (the ledger adds inferred frame dates itself)."""
    if doc._.published is not None:
        return doc._.published
    frame = doc._.time_frame
    if frame is not None and frame.date is not None and frame.confidence == "metadata":
        return frame.date
    return None


# ---------------------------------------------------------------------------
# Stories

def story_id_for(article_id: str) -> str:
    """Stable id from the founding article: independent of every other story."""
    return "s" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8]


def shingles(words: list[str], max_n: int) -> Counter:
    """Counts of the hashed word 1- to ``max_n``-grams (crc32: stable across runs, unlike ``hash``)."""
    counts: Counter = Counter()
    for n in range(1, max_n + 1):
        for i in range(len(words) - n + 1):
            counts[zlib.crc32(" ".join(words[i:i + n]).encode()) & (BUCKETS - 1)] += 1
    return counts


@dataclass(slots=True, eq=False)
class _Node:
    """One article in the graph (what :meth:`StoryIndex.dump` writes per member).

    Slotted, with numpy arrays for the n-grams: a million-article ledger holds
    a million of these.
    """

    id: str
    seq: int
    ids: np.ndarray
    tf: np.ndarray
    posted: list[int]
    emb: np.ndarray | None
    day0: int | None
    inferred: bool = False
    knn: list[tuple[float, int]] = field(default_factory=list)
    story: str = ""


class StoryIndex:
    """Incremental story resolution over an article graph (see module docstring)."""

    def __init__(self, **thresholds: float) -> None:
        unknown = set(thresholds) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown thresholds: {sorted(unknown)}")
        self.params = {**DEFAULTS, **thresholds}
        self.nodes: list[_Node | None] = []
        self._by_id: dict[str, _Node] = {}
        self.stories: dict[str, set[int]] = {}
        self._df = np.zeros(BUCKETS, dtype=np.int32)
        self._log_df = np.zeros(BUCKETS, dtype=np.float32)
        self._scratch = np.zeros(BUCKETS, dtype=np.float32)
        self._postings: dict[int, list[int]] = defaultdict(list)
        self._adj: dict[int, dict[int, float]] = defaultdict(dict)
        self._deg: dict[int, float] = defaultdict(float)
        self._tot: dict[str, float] = defaultdict(float)
        self.dirty: set[str] = set()
        self._dim: tuple[int, ...] | None = None
        self.comparisons = 0

    # -- public API ---------------------------------------------------------

    def add(self, f: StoryFeatures) -> str:
        """Link the article into the graph, re-resolve its region; return its story id."""
        if f.article_id in self._by_id:
            return self._by_id[f.article_id].story
        node, unigrams = self._node(f)
        self._check_embedding(node, f.article_id)
        candidates = self._candidates(unigrams)
        self._register(node)
        touched = self._link(node, candidates)
        self._resolve_region(node, touched)
        return node.story

    def _check_embedding(self, node: _Node, article_id: str) -> None:
        """Refuse, before anything is stored, an embedding the index cannot compare."""
        if node.emb is None:
            return
        if not np.isfinite(node.emb).all():
            raise ValueError(f"{article_id}: embedding has non-finite values")
        if self._dim is None:
            self._dim = node.emb.shape
        elif node.emb.shape != self._dim:
            raise ValueError(f"{article_id}: embedding of shape {node.emb.shape}, the index holds {self._dim}")

    def assignments(self) -> dict[str, str]:
        """article_id -> story_id for every article added so far."""
        return {n.id: n.story for n in self._by_id.values()}

    def dump(self, stories: Iterable[str] | None = None) -> list[dict]:
        """JSON-able state, one row per story with its members; :meth:`load` restores it exactly.

        ``stories`` limits the rows to those ids (e.g. :attr:`dirty`, the
        stories whose members or links changed since the index was loaded).
        """
        rows = []
        for sid in sorted(self.stories if stories is None else set(stories) & self.stories.keys()):
            members = sorted(self.stories[sid])
            rows.append({"id": sid, "size": len(members), "members": [self._dump_node(self.nodes[s]) for s in members]})
        return rows

    @classmethod
    def load(cls, rows: list[dict], **thresholds: float) -> "StoryIndex":
        """Rebuild an index from :meth:`dump` rows (IDF, postings and links are derived)."""
        index = cls(**thresholds)
        members = sorted((m for row in rows for m in row["members"]), key=lambda m: m["seq"])
        for m in members:
            index._restore_node(m)
        for node in index._by_id.values():
            for w, seq in node.knn:
                index._set_edge(node.seq, seq, w)
        index.dirty.clear()
        return index

    # -- similarity ---------------------------------------------------------

    def _node(self, f: StoryFeatures) -> tuple[_Node, list[int]]:
        """Hash the article's n-grams, keep the heaviest by TF-IDF at arrival; also its words' ids.

        Single words, not phrases, are posted for retrieval: a rare name is
        what another report of the same happening shares.
        """
        ids, tf = _counts(shingles(f.words, int(self.params["max_ngram"])))
        keep = self._heaviest(ids, tf, int(self.params["kept_features"]))
        order = np.argsort(ids[keep])
        uni_ids, uni_tf = _counts(shingles(f.words, 1))
        words = uni_ids[self._heaviest(uni_ids, uni_tf, len(uni_ids))]
        post = words[: int(self.params["retrieval_features"])]
        emb = None
        if f.embedding is not None:
            vec = np.asarray(f.embedding, dtype=np.float32)
            norm = float(np.sqrt(vec.dot(vec)))
            emb = (vec / norm).astype(np.float16) if norm else None
        return _Node(
            id=f.article_id, seq=len(self.nodes), ids=ids[keep][order], tf=tf[keep][order].astype(np.float32),
            posted=post.tolist(), emb=emb,
            day0=None if f.published is None else f.published.toordinal(), inferred=f.date_inferred,
        ), words.tolist()

    def _heaviest(self, ids: np.ndarray, tf: np.ndarray, size: int) -> np.ndarray:
        """Positions of the ``size`` heaviest n-grams by TF-IDF (this article counted), ties by id."""
        return np.lexsort((ids, -(tf * self._idf(ids, extra=1))))[:size]

    def _idf(self, ids: np.ndarray, extra: int = 0) -> np.ndarray:
        """Smoothed IDF over articles (``extra`` counts an article not registered yet)."""
        n = len(self._by_id) + extra
        return np.log((n + 1.0) / (self._df[ids] + extra + 1.0)) + 1.0

    def _weights(self, ids: np.ndarray, tf: np.ndarray, own_only: bool = True) -> np.ndarray:
        """Current TF-IDF weights; with ``own_only``, n-grams only one article holds count for nothing.

        ``_log_df`` caches ``log(1 + df)``, so this is a gather, not a logarithm per n-gram.
        """
        w = tf * (np.float32(math.log(len(self._by_id) + 1.0) + 1.0) - self._log_df[ids])
        if own_only:
            w[self._df[ids] < 2] = 0.0
        return w

    def similarities(self, node: _Node, others: list[_Node]) -> np.ndarray:
        """Blend of lexical cosine and embedding cosine between one article and several, in one pass.

        The newcomer's n-grams all count (most are new when it starts a story;
        leaving them out would make it look like the words it shares); the
        candidates' count once another article holds them too.

        The candidates' n-grams are concatenated and scored against a dense
        scratch copy of the newcomer's weights: a few array operations per
        article instead of a few per candidate. The embedding cosine (clipped
        at 0) weighs ``w_emb``; without an embedding on either side the
        lexical cosine stands alone.
        """
        w_a = self._weights(node.ids, node.tf, own_only=False)
        n_a = float(np.sqrt(w_a.dot(w_a)))
        sizes = [len(o.ids) for o in others]
        ids = np.concatenate([o.ids for o in others])
        w_b = self._weights(ids, np.concatenate([o.tf for o in others]))
        segment = np.repeat(np.arange(len(others)), sizes)
        self._scratch[node.ids] = w_a
        dots = np.bincount(segment, weights=self._scratch[ids] * w_b, minlength=len(others))
        self._scratch[node.ids] = 0.0
        norms = np.sqrt(np.bincount(segment, weights=w_b * w_b, minlength=len(others))) * n_a
        lexical = np.divide(dots, norms, out=np.zeros(len(others)), where=norms > 0)
        if node.emb is None:
            return lexical
        w_emb = self.params["w_emb"]
        has = np.array([o.emb is not None for o in others])
        if has.any():
            vectors = np.stack([o.emb for o in others if o.emb is not None]).astype(np.float32)
            cosine = np.clip(vectors @ node.emb.astype(np.float32), 0.0, None)
            lexical[has] = (1.0 - w_emb) * lexical[has] + w_emb * cosine
        return lexical

    def date_factor(self, a: _Node, b: _Node) -> float:
        """Decay for publication dates far apart; unknown dates are neutral."""
        if a.day0 is None or b.day0 is None:
            return 1.0
        p = self.params
        gap = abs(a.day0 - b.day0) - p["window_days"]
        return 0.5 ** (gap / p["pub_half_life"]) if gap > 0 else 1.0

    # -- graph --------------------------------------------------------------

    def _candidates(self, words: list[int]) -> list[int]:
        """Articles that posted the newcomer's heaviest words, best ``candidates`` by shared IDF."""
        p = self.params
        keys = [i for i in words if i in self._postings][: int(p["retrieval_features"])]
        if not keys:
            return []
        idf = self._idf(np.array(keys, dtype=np.int32))
        shared: Counter = Counter()
        for key, weight in zip(keys, idf.tolist()):
            for seq in self._postings[key][-int(p["max_postings"]):]:
                shared[seq] += weight
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
        return [seq for seq, _ in ranked[: int(p["candidates"])]]

    def _register(self, node: _Node) -> None:
        """Count the node's n-grams in IDF and post its heaviest words."""
        self.nodes.append(node)
        self._by_id[node.id] = node
        self._df[node.ids] += 1  # ids are unique within a node
        self._log_df[node.ids] = np.log1p(self._df[node.ids])
        cap = int(self.params["max_postings"])
        for key in node.posted:
            posting = self._postings[key]
            posting.append(node.seq)
            if len(posting) > 2 * cap:
                del posting[:-cap]

    def _link(self, node: _Node, candidates: list[int]) -> set[int]:
        """Make the node's neighbour list and enter the lists it beats; return the articles touched.

        Link weight: ``date_factor`` times :meth:`similarities`.
        """
        k, floor = int(self.params["neighbours"]), self.params["min_weight"]
        self.comparisons += len(candidates)
        factors = {seq: self.date_factor(node, self.nodes[seq]) for seq in candidates}
        near = [seq for seq in candidates if factors[seq] >= floor]
        scored = []
        if near:
            sims = self.similarities(node, [self.nodes[seq] for seq in near])
            scored = [(w, seq) for seq, w in zip(near, (sims * [factors[seq] for seq in near]).tolist()) if w >= floor]
        scored.sort(key=lambda ws: (-ws[0], ws[1]))
        node.knn = scored[:k]
        touched = {node.seq}
        for w, seq in node.knn:
            self._set_edge(node.seq, seq, w)
        for w, seq in scored:
            other = self.nodes[seq]
            if len(other.knn) >= k and w <= other.knn[-1][0]:
                continue
            other.knn.append((w, node.seq))
            other.knn.sort(key=lambda ws: (-ws[0], ws[1]))
            self._set_edge(node.seq, seq, w)
            touched.add(seq)
            if len(other.knn) > k:
                _, dropped = other.knn.pop()
                if all(s != seq for _, s in self.nodes[dropped].knn):
                    self._drop_edge(seq, dropped)
                    touched.add(dropped)
        self.dirty.update(self.nodes[seq].story for seq in touched if self.nodes[seq].story)
        return touched

    def _set_edge(self, u: int, v: int, w: float) -> None:
        if v in self._adj[u]:
            return
        self._adj[u][v] = self._adj[v][u] = w
        for x in (u, v):
            self._deg[x] += w
            if self.nodes[x].story:
                self._tot[self.nodes[x].story] += w

    def _drop_edge(self, u: int, v: int) -> None:
        w = self._adj[u].pop(v)
        del self._adj[v][u]
        for x in (u, v):
            self._deg[x] -= w
            self._tot[self.nodes[x].story] -= w

    # -- communities --------------------------------------------------------

    def _resolve_region(self, node: _Node, touched: set[int]) -> None:
        """Re-run Louvain over the stories around the articles whose links changed.

        When the region is too large only the newcomer moves (:meth:`_greedy`).
        Re-running even when the links reach one story matters: that is how a
        second happening splits off the story of the first (skipping those
        runs cost 2 to 15 points of B3 F1 on ECB+).
        """
        near = set(touched)
        for seq in touched:
            near.update(self._adj[seq])
        stories = {self.nodes[s].story for s in near if self.nodes[s].story}
        region = {node.seq}.union(*(self.stories[s] for s in stories))
        if len(region) > self.params["max_region"]:
            self._greedy(node)
            return
        members = sorted(region)
        links = {u: {v: w for v, w in sorted(self._adj[u].items()) if v in region} for u in members}
        if not any(links.values()):
            self._move(node.seq, self._fresh_id(node.seq))
            return
        parts = louvain(members, links, self.params["resolution"])
        self._relabel([group for part in parts for group in self._split_by_time(sorted(part))])

    def _split_by_time(self, part: list[int]) -> list[list[int]]:
        """Split a community whose publication dates cannot be one happening.

        Louvain sees only links, so an undated report (or a recap) linked to two
        calls years apart would join them. Dated members are grouped where
        consecutive publication days are more than ``split_gap_days`` apart
        (twice that when a date was inferred from the text: on ECB+ such dates
        are wrong often enough to cut real stories at one year); every undated
        member then joins the group it has the most link weight to.
        """
        dated = sorted((self.nodes[s].day0, s) for s in part if self.nodes[s].day0 is not None)
        gap = self.params["split_gap_days"]
        if len(dated) < 2 or dated[-1][0] - dated[0][0] <= gap:
            return [part]
        groups: list[list[int]] = [[dated[0][1]]]
        for (prev, before), (day, seq) in zip(dated, dated[1:]):
            inferred = self.nodes[before].inferred or self.nodes[seq].inferred
            if day - prev > (2 * gap if inferred else gap):
                groups.append([])
            groups[-1].append(seq)
        home = {seq: i for i, g in enumerate(groups) for seq in g}
        for seq in part:
            if seq not in home:
                pull = [0.0] * len(groups)
                for other, w in self._adj[seq].items():
                    if other in home:
                        pull[home[other]] += w
                groups[pull.index(max(pull))].append(seq)
        return [sorted(g) for g in groups]

    def _greedy(self, node: _Node) -> None:
        """Put one article in the neighbouring story with the best Louvain gain, or a new one.

        The fallback for oversized regions: no re-cut, so no time split either.
        """
        gamma, k_u = self.params["resolution"], self._deg[node.seq]
        links: dict[str, float] = defaultdict(float)
        for seq, w in self._adj[node.seq].items():
            links[self.nodes[seq].story] += w
        best, gain = None, 0.0
        for sid in sorted(links):
            g = links[sid] - gamma * k_u * self._tot[sid]
            if g > gain:
                best, gain = sid, g
        self._move(node.seq, best or self._fresh_id(node.seq))

    def _relabel(self, parts: list[list[int]]) -> None:
        """Give each community the id of the old story it overlaps most (each id once), else a new one."""
        overlaps = []
        for i, part in enumerate(parts):
            for sid, n in Counter(self.nodes[s].story for s in part if self.nodes[s].story).items():
                overlaps.append((-n, sid, i))
        overlaps.sort()
        ids: dict[int, str] = {}
        used: set[str] = set()
        for _, sid, i in overlaps:
            if i not in ids and sid not in used:
                ids[i] = sid
                used.add(sid)
        for i, part in enumerate(parts):
            sid = ids.get(i)
            if sid is None:
                sid = self._fresh_id(part[0], used)
                used.add(sid)
            for seq in part:
                self._move(seq, sid)

    def _fresh_id(self, seq: int, taken: Iterable[str] = ()) -> str:
        """The id a story founded by this article gets (salted if that id is in use)."""
        base = self.nodes[seq].id
        sid, salt = story_id_for(base), 0
        while sid in self.stories or sid in taken:
            salt += 1
            sid = story_id_for(f"{base}#{salt}")
        return sid

    def _move(self, seq: int, sid: str) -> None:
        node = self.nodes[seq]
        if node.story == sid:
            return
        if node.story:
            members = self.stories[node.story]
            members.discard(seq)
            self._tot[node.story] -= self._deg[seq]
            if not members:
                del self.stories[node.story]
                self._tot.pop(node.story, None)
        self.dirty.update(x for x in (node.story, sid) if x)
        node.story = sid
        self.stories.setdefault(sid, set()).add(seq)
        self._tot[sid] += self._deg[seq]

    # -- persistence --------------------------------------------------------

    @staticmethod
    def _dump_node(n: _Node) -> dict:
        """One member's state; arrays as base64 of their bytes (a third of the size of JSON numbers, exact)."""
        return {
            "id": n.id, "seq": n.seq, "ids": _pack(n.ids), "tf": _pack(n.tf), "posted": n.posted,
            "emb": None if n.emb is None else _pack(n.emb), "day0": n.day0, "inferred": n.inferred,
            "knn": [[w, s] for w, s in n.knn], "story": n.story,
        }

    def _restore_node(self, m: dict) -> None:
        node = _Node(
            id=m["id"], seq=int(m["seq"]), ids=_unpack(m["ids"], np.int32), tf=_unpack(m["tf"], np.float32),
            posted=list(m["posted"]), emb=None if m["emb"] is None else _unpack(m["emb"], np.float16),
            day0=m["day0"], inferred=m["inferred"],
            knn=[(float(w), int(s)) for w, s in m["knn"]],
        )
        if node.id in self._by_id or node.seq < len(self.nodes):
            raise ValueError(f"story state: article {node.id} (seq {node.seq}) is stored twice")
        if node.emb is not None:
            self._dim = node.emb.shape
        while len(self.nodes) < node.seq:
            self.nodes.append(None)
        self._register(node)
        self._move(node.seq, m["story"])


def louvain(nodes: list[int], links: dict[int, dict[int, float]], gamma: float) -> list[list[int]]:
    """Louvain communities maximising ``sum_C [w_in(C) - gamma * deg(C)**2 / 2]``.

    Moving node *u* into community *C* gains ``w(u, C) - gamma * deg(u) * deg(C)``.
    Our own because it runs once per arriving article on a graph of tens of
    nodes, where networkx's general version (same algorithm) costs about ten
    times more in overhead; nodes are visited in sorted order, so the result
    is deterministic without a random seed.
    """
    members = {u: [u] for u in nodes}
    adj = {u: dict(links[u]) for u in nodes}
    loops = dict.fromkeys(nodes, 0.0)
    while True:
        deg = {u: sum(adj[u].values()) + 2.0 * loops[u] for u in adj}
        comm = {u: u for u in adj}
        tot = dict(deg)
        improved, moved = False, True
        while moved:
            moved = False
            for u in adj:
                here, k_u = comm[u], deg[u]
                tot[here] -= k_u
                pull: dict[int, float] = defaultdict(float)
                for v, w in adj[u].items():
                    pull[comm[v]] += w
                best, gain = here, pull.get(here, 0.0) - gamma * k_u * tot[here]
                for c in sorted(pull):
                    g = pull[c] - gamma * k_u * tot[c]
                    if g > gain + 1e-12:
                        best, gain = c, g
                tot[best] += k_u
                if best != here:
                    comm[u] = best
                    moved = improved = True
        if not improved:
            return [sorted(m) for m in members.values()]
        merged: dict[int, list[int]] = defaultdict(list)
        new_adj: dict[int, dict[int, float]] = {}
        new_loops: dict[int, float] = defaultdict(float)
        for u in adj:
            c = comm[u]
            merged[c].extend(members[u])
            new_loops[c] += loops[u]
            row = new_adj.setdefault(c, {})
            for v, w in adj[u].items():
                d = comm[v]
                if d == c:
                    new_loops[c] += w / 2.0
                else:
                    row[d] = row.get(d, 0.0) + w
        members, adj, loops = dict(merged), new_adj, dict(new_loops)


def _pack(values: np.ndarray) -> str:
    return base64.b64encode(values.tobytes()).decode("ascii")


def _unpack(text: str, dtype: type) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=dtype).copy()


def _counts(counts: Counter) -> tuple[np.ndarray, np.ndarray]:
    """Hashed n-gram ids and their sub-linear counts as arrays."""
    ids = np.fromiter(counts.keys(), dtype=np.int32, count=len(counts))
    tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
    return ids, tf
