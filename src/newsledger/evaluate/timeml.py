"""TempEval-3 task A (time expressions) on TimeML files, for our extractor and a dateparser baseline.

Reading: each ``.tml`` file's document creation time (DCT) is the TIMEX3 with
``functionInDocument="CREATION_TIME"``; the text we analyse is the plain text
of the ``TEXT`` element (tags removed, entities decoded) and the gold TIMEX3
spans are character offsets into that text.

Scoring, following the TempEval-3 definitions (UzZaman et al. 2013):

* **strict** match: a system span and a gold span with identical offsets;
  **relaxed** match: the spans overlap. Precision = matched system spans /
  system spans, recall = matched gold spans / gold spans, F1 their harmonic
  mean. Each span is matched at most once (first overlapping partner).
* **attribute F1** (``value``, ``type``): TE3 scores an attribute only on
  relaxed-matched pairs, so it is the relaxed F1 multiplied by the attribute
  accuracy over those pairs: ``attr_F1 = relaxed_F1 * correct / matched``.
  A system that finds everything but normalises half of it wrongly scores half.

TE3 aligns tokens; we align characters, which is the same for whole-token spans.

The baseline runs ``dateparser.search.search_dates`` with ``RELATIVE_BASE`` =
DCT; each found substring is located in the text in order, typed DATE and
valued with its ISO date.
"""

from __future__ import annotations

import datetime as dt
import time
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str | None


@dataclass
class TimeMLDoc:
    name: str
    dct: dt.date
    text: str
    timexes: list[Gold]


def read_tml(path: str | Path) -> TimeMLDoc:
    """Plain text of TEXT with gold TIMEX3 offsets into it, and the DCT."""
    root = ET.parse(path).getroot()
    dct_node = next(t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME")
    dct = dt.date.fromisoformat(dct_node.get("value")[:10])
    text_node = root.find("TEXT")
    parts: list[str] = []
    golds: list[Gold] = []
    walk(text_node, parts, golds, 0)
    return TimeMLDoc(Path(path).name, dct, "".join(parts), golds)


def walk(node: ET.Element, parts: list[str], golds: list[Gold], length: int) -> int:
    """Append node text to ``parts`` depth-first, recording TIMEX3 offsets."""
    start = length
    if node.text:
        parts.append(node.text)
        length += len(node.text)
    for child in node:
        length = walk(child, parts, golds, length)
        if child.tail:
            parts.append(child.tail)
            length += len(child.tail)
    if node.tag == "TIMEX3":
        golds.append(Gold(start, length, node.get("type"), node.get("value")))
    return length


def load(dirs: list[str]) -> list[TimeMLDoc]:
    files = sorted(p for d in dirs for p in Path(d).glob("*.tml"))
    return [read_tml(p) for p in files]


# --- scoring ---------------------------------------------------------------------------


def match_pairs(gold: list, pred: list, strict: bool) -> list[tuple]:
    """One-to-one pairs of gold and predicted items by exact or overlapping span."""
    pairs, used = [], set()
    for g in gold:
        for i, p in enumerate(pred):
            if i in used:
                continue
            same = (p.start == g.start and p.end == g.end) if strict else (p.start < g.end and g.start < p.end)
            if same:
                pairs.append((g, p))
                used.add(i)
                break
    return pairs


def prf(matched: int, n_pred: int, n_gold: int) -> dict:
    p = matched / n_pred if n_pred else 0.0
    r = matched / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": 100 * p, "R": 100 * r, "F1": 100 * f}


def score(gold_docs: list[list], pred_docs: list[list]) -> dict:
    """TE3 task A figures over documents (lists of items with start, end, type, value)."""
    n_gold = sum(len(g) for g in gold_docs)
    n_pred = sum(len(p) for p in pred_docs)
    strict = relaxed = value_ok = type_ok = 0
    for gold, pred in zip(gold_docs, pred_docs):
        strict += len(match_pairs(gold, pred, strict=True))
        pairs = match_pairs(gold, pred, strict=False)
        relaxed += len(pairs)
        value_ok += sum(1 for g, p in pairs if p.value is not None and p.value == g.value)
        type_ok += sum(1 for g, p in pairs if p.type == g.type)
    relaxed_prf = prf(relaxed, n_pred, n_gold)
    value_acc = value_ok / relaxed if relaxed else 0.0
    type_acc = type_ok / relaxed if relaxed else 0.0
    return {
        "gold": n_gold,
        "predicted": n_pred,
        "strict": prf(strict, n_pred, n_gold),
        "relaxed": relaxed_prf,
        "value_accuracy": 100 * value_acc,
        "type_accuracy": 100 * type_acc,
        "value_F1": relaxed_prf["F1"] * value_acc,
        "type_F1": relaxed_prf["F1"] * type_acc,
    }


# --- systems ----------------------------------------------------------------------------


def ours(docs: list[TimeMLDoc]) -> list[list]:
    """Our component over the texts with published = DCT, via nlp.pipe."""
    from newsledger.nlp.pipeline import make_doc, shared_pipeline

    nlp = shared_pipeline(("newsledger_times",))
    inputs = [make_doc(nlp, d.text, published=d.dct) for d in docs]
    unused = [name for name in ("ner",) if name in nlp.pipe_names]
    with nlp.select_pipes(disable=unused):
        return [list(doc._.times) for doc in nlp.pipe(inputs, batch_size=16)]


def dateparser_baseline(docs: list[TimeMLDoc]) -> list[list]:
    """dateparser's search_dates with the DCT as relative base; every hit a DATE."""
    from dateparser.search import search_dates

    results = []
    for d in docs:
        base = dt.datetime(d.dct.year, d.dct.month, d.dct.day)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = search_dates(d.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        results.append(locate(d.text, found))
    return results


def locate(text: str, found: list[tuple[str, dt.datetime]]) -> list[Gold]:
    """Turn dateparser's (substring, datetime) hits into spans, searching forward."""
    items, cursor = [], 0
    for substring, when in found:
        at = text.find(substring, cursor)
        if at < 0:
            at = text.find(substring)
        if at < 0:
            continue
        items.append(Gold(at, at + len(substring), "DATE", when.date().isoformat()))
        cursor = at + len(substring)
    return items


def run(dirs: list[str]) -> dict:
    """Score our extractor and the dateparser baseline on all .tml files under ``dirs``."""
    docs = load(dirs)
    gold = [d.timexes for d in docs]
    result = {"documents": len(docs), "systems": {}}
    for name, system in (("newsledger", ours), ("dateparser", dateparser_baseline)):
        began = time.perf_counter()
        pred = system(docs)
        figures = score(gold, pred)
        figures["seconds"] = time.perf_counter() - began
        result["systems"][name] = figures
    return result


def format_report(result: dict) -> str:
    lines = [f"TempEval-3 task A on {result['documents']} TimeML documents"]
    head = f"{'system':<12}{'strict P/R/F1':>22}{'relaxed P/R/F1':>22}{'value F1':>10}{'type F1':>9}{'sec':>7}"
    lines.append(head)
    for name, f in result["systems"].items():
        s, r = f["strict"], f["relaxed"]
        lines.append(
            f"{name:<12}{s['P']:>8.1f}{s['R']:>7.1f}{s['F1']:>7.1f}{r['P']:>8.1f}{r['R']:>7.1f}{r['F1']:>7.1f}"
            f"{f['value_F1']:>10.1f}{f['type_F1']:>9.1f}{f['seconds']:>7.1f}"
        )
    first = next(iter(result["systems"].values()), None)
    if first:
        lines.append(f"gold time expressions: {first['gold']}")
    return "\n".join(lines)
