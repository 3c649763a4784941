"""Score the quotes component against PolNeAR attribution annotations.

Data layout: ``<split>/text/NAME.txt`` and ``<split>/attributions/NAME_ANNO.ann``
(brat standoff; ``Source``/``Cue``/``Content`` text-bound spans tied by an
``Attribution`` or ``Attribution-no-source`` event).

Decisions, so the figures can be read:
- Several annotators: most articles have one annotator file, a few have
  several. Each file is scored on its own and its counts are weighted by
  1/(files of that article), so every article weighs the same and no
  annotator is privileged.
- Spans are compared as sets of non-whitespace character offsets: gold spans
  may be discontinuous (a quote interrupted by "he said"), ours are not. A
  content span is taken without the characters of its own relation's source
  and cue, on both sides, so a contiguous predicted span over "“A,” he said,
  “B”" can equal the gold pair of fragments.
- Our quotes that share a cue and a source are one relation whose content is
  the union (a quote continued after its cue).
- Pairing: predicted and gold relations are paired one-to-one by largest cue
  overlap; each role (source, cue, content) then scores exact (same
  characters) and overlap (any shared character) matches. Unpaired relations
  count against precision or recall of every role they have.
- Views: ``all`` relations, and ``reporting``: gold relations whose gold cue
  text holds a speech/reporting cue of our lexicon (knowledge/cues.yaml),
  with the predictions paired to them plus unpaired predictions whose cue is
  a reporting cue. The gold subset is the same for any system. Both score the
  component's ``mode="all"`` output (PolNeAR annotates beliefs and stances
  too); ``ledger`` is the reporting view of what the ledger stores
  (``mode="speech"``: speech only, no negated speech, headlines or noun-phrase
  contents), so its recall is lower by design.
- ``spans``: role spans scored on their own, without pairing (closer to how
  sequence-labelling systems such as CofeNet are scored; they work inside
  single sentences, so anchors are indicative only).
"""

from __future__ import annotations

import glob
import os
import time
from collections import defaultdict
from dataclasses import dataclass

from newsledger.nlp.quotes.cues import is_reporting_cue

ROLES = ("source", "cue", "content")
DEFAULT_PATH = "/work/shared/data/polnear/dev"
ANCHORS = "PolNeAR test, exact F1: CofeNet (BERT) source 83.2, cue 75.3, content 72.9; CoreNLP source 13.9"


@dataclass(frozen=True)
class Relation:
    """An attribution as character sets (non-whitespace offsets) per role."""

    source: frozenset[int]
    cue: frozenset[int]
    content: frozenset[int]
    cue_text: str

    def role(self, name: str) -> frozenset[int]:
        return getattr(self, name)


def char_set(text: str, ranges: list[tuple[int, int]]) -> frozenset[int]:
    """Offsets of the non-whitespace characters covered by ``ranges``."""
    return frozenset(i for s, e in ranges for i in range(s, min(e, len(text))) if not text[i].isspace())


def make_relation(text: str, source: list[tuple[int, int]], cue: list[tuple[int, int]], content: list[tuple[int, int]]) -> Relation:
    src, cu = char_set(text, source), char_set(text, cue)
    body = char_set(text, content) - src - cu
    cue_text = " ".join(text[s:e] for s, e in cue)
    return Relation(src, cu, body, cue_text)


# ---- gold -----------------------------------------------------------------------
def _ranges(spec: str) -> list[tuple[int, int]]:
    """brat "10 15;20 25" -> [(10, 15), (20, 25)]."""
    out = []
    for part in spec.split(";"):
        start, end = part.split()
        out.append((int(start), int(end)))
    return out


def read_ann(path: str, text: str) -> list[Relation]:
    """Attribution relations of one brat file (roles Content2... merge into Content)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, list[str]]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if line.startswith("T") and len(parts) >= 2 and " " in parts[1]:
                spans[parts[0]] = _ranges(parts[1].split(" ", 1)[1])
            elif line.startswith("E") and len(parts) >= 2:
                roles: dict[str, list[str]] = defaultdict(list)
                for arg in parts[1].split()[1:]:
                    role, tid = arg.split(":", 1)
                    roles[role.rstrip("0123456789").lower()].append(tid)
                events.append(roles)
    relations = []
    for roles in events:
        get = lambda r: [rng for tid in roles.get(r, []) for rng in spans.get(tid, [])]  # noqa: E731
        if get("cue") or get("content"):
            relations.append(make_relation(text, get("source"), get("cue"), get("content")))
    return relations


def read_split(path: str) -> list[tuple[str, str, list[list[Relation]]]]:
    """(name, text, [relations per annotator file]) for every article with annotations."""
    by_article: dict[str, list[str]] = defaultdict(list)
    for ann in sorted(glob.glob(os.path.join(path, "attributions", "*.ann"))):
        by_article[os.path.basename(ann).rsplit("_", 1)[0]].append(ann)
    out = []
    for name, files in sorted(by_article.items()):
        txt = os.path.join(path, "text", name + ".txt")
        if not os.path.exists(txt):
            continue
        with open(txt, encoding="utf-8", newline="") as handle:
            text = handle.read()
        out.append((name, text, [read_ann(f, text) for f in files]))
    return out


# ---- predictions ----------------------------------------------------------------
def predicted_relations(text: str, quotes: list) -> list[Relation]:
    """Our quotes as relations; quotes sharing cue and source merge their contents."""
    merged: dict[tuple, list] = {}
    for q in quotes:
        if q.cue is None:
            continue
        key = (q.cue.start, q.cue.end, q.source.start if q.source else None, q.source.end if q.source else None)
        merged.setdefault(key, [q.source, q.cue, []])[2].append(q.content)
    relations = []
    for source, cue, contents in merged.values():
        src = [(source.start, source.end)] if source else []
        body = [(c.start, c.end) for c in contents if c is not None]
        relations.append(make_relation(text, src, [(cue.start, cue.end)], body))
    return relations


# ---- scoring --------------------------------------------------------------------
def pair_by_cue(pred: list[Relation], gold: list[Relation]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), largest cue overlap first."""
    candidates = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            shared = len(p.cue & g.cue)
            if shared:
                candidates.append((shared, i, j))
    pairs, used_p, used_g = [], set(), set()
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_p and j not in used_g:
            pairs.append((i, j))
            used_p.add(i)
            used_g.add(j)
    return pairs


class Counts:
    """Weighted true-positive / predicted / gold counts per view, role and match mode."""

    def __init__(self) -> None:
        self.data: dict[tuple[str, str, str], float] = defaultdict(float)

    def add(self, view: str, role: str, what: str, weight: float) -> None:
        self.data[(view, role, what)] += weight

    def prf(self, view: str, role: str, mode: str) -> dict[str, float]:
        tp = self.data[(view, role, "tp_" + mode)]
        n_pred, n_gold = self.data[(view, role, "pred")], self.data[(view, role, "gold")]
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f, 1), "gold": round(n_gold, 1), "pred": round(n_pred, 1)}


def score_file(pred: list[Relation], gold: list[Relation], counts: Counts, weight: float) -> None:
    """Add one annotator file's comparison to ``counts``."""
    pairs = pair_by_cue(pred, gold)
    paired_pred = {i: j for i, j in pairs}
    gold_reporting = [is_reporting_cue(g.cue_text) for g in gold]
    for view in ("all", "reporting"):
        in_gold = [j for j in range(len(gold)) if view == "all" or gold_reporting[j]]
        in_pred = [
            i for i in range(len(pred))
            if view == "all" or (gold_reporting[paired_pred[i]] if i in paired_pred else is_reporting_cue(pred[i].cue_text))
        ]
        for role in ROLES:
            counts.add(view, role, "gold", weight * sum(1 for j in in_gold if gold[j].role(role)))
            counts.add(view, role, "pred", weight * sum(1 for i in in_pred if pred[i].role(role)))
        chosen = set(in_gold)
        for i, j in pairs:
            if j not in chosen:
                continue
            for role in ROLES:
                p_set, g_set = pred[i].role(role), gold[j].role(role)
                if p_set and g_set:
                    counts.add(view, role, "tp_exact", weight * (p_set == g_set))
                    counts.add(view, role, "tp_overlap", weight * bool(p_set & g_set))
    for role in ROLES:
        p_spans = {r.role(role) for r in pred if r.role(role)}
        g_spans = {r.role(role) for r in gold if r.role(role)}
        counts.add("spans", role, "gold", weight * len(g_spans))
        counts.add("spans", role, "pred", weight * len(p_spans))
        counts.add("spans", role, "tp_exact", weight * len(p_spans & g_spans))
        counts.add("spans", role, "tp_overlap", weight * sum(1 for g in g_spans if any(g & p for p in p_spans)))


def score(articles: list[tuple[str, str, list[list[Relation]]]], predictions: list[list[Relation]]) -> dict:
    """Scores for articles (gold per annotator file) against predictions per article."""
    counts = Counts()
    for (_, _, files), pred in zip(articles, predictions):
        for gold in files:
            score_file(pred, gold, counts, 1.0 / len(files))
    views = {}
    for view in ("all", "reporting", "spans"):
        views[view] = {role: {mode: counts.prf(view, role, mode) for mode in ("exact", "overlap")} for role in ROLES}
    return {"articles": len(articles), "annotator_files": sum(len(f) for _, _, f in articles), "views": views}


def run(path: str = DEFAULT_PATH, components: tuple[str, ...] = ()) -> dict:
    """Parse a PolNeAR split once (spaCy and ``components``) and score the quotes
    component on it twice: ``mode="all"`` (every attribution PolNeAR annotates:
    speech, belief, stance) for the ``all``/``reporting``/``spans`` views, and the
    ledger's own quotes (``mode="speech"``) for the ``ledger`` view."""
    from newsledger.nlp.pipeline import build_pipeline
    from newsledger.nlp.quotes import extract_quotes

    started = time.time()
    articles = read_split(path)
    nlp = build_pipeline([c for c in components if c != "newsledger_quotes"])
    every, ledger = [], []
    for (_, text, _), doc in zip(articles, nlp.pipe(text for _, text, _ in articles)):
        every.append(predicted_relations(text, extract_quotes(doc, "all")))
        ledger.append(predicted_relations(text, extract_quotes(doc, "speech")))
    result = score(articles, every)
    result["views"]["ledger"] = score(articles, ledger)["views"]["reporting"]
    result.update(path=path, components=list(components), seconds=round(time.time() - started, 1))
    return result


def format_report(result: dict) -> str:
    """A plain-text table of the scores."""
    lines = [
        f"PolNeAR {result.get('path', '')}: {result['articles']} articles, {result['annotator_files']} annotator files"
        + (f", {result['seconds']} s" if "seconds" in result else ""),
    ]
    labels = (
        ("all", "all relations (mode=all)"),
        ("reporting", "speech/reporting cues (mode=all)"),
        ("ledger", "speech/reporting cues, the ledger's quotes (mode=speech)"),
        ("spans", "role spans, unpaired (mode=all)"),
    )
    for view, label in labels:
        if view not in result["views"]:
            continue
        lines.append(f"\n[{label}]")
        lines.append(f"{'role':8} {'mode':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>8} {'pred':>8}")
        for role in ROLES:
            for mode in ("exact", "overlap"):
                s = result["views"][view][role][mode]
                lines.append(f"{role:8} {mode:8} {s['p']:6.1f} {s['r']:6.1f} {s['f1']:6.1f} {s['gold']:8.1f} {s['pred']:8.1f}")
    lines.append("\nanchors: " + ANCHORS)
    return "\n".join(lines)
