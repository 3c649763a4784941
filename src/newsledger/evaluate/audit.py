"""PLOVER event coding on real sentences, with and without events: the audit set.

``newsledger eval audit ../shared/data/plover-audit/audit.jsonl`` runs the
whole analysis pipeline on each sampled document (the file under
``../shared/data``: ``polnear/train/text`` or ``ecbplus/docs``, with the
record's publication date and the outlet named in the PolNeAR file name), so
actors and times are resolved with the document's context, then keeps the
event mentions whose trigger starts inside an audited sentence.

Scored per sentence, as a reader meets them:

* **type**: the set of types we code in the sentence against the gold set;
  precision, recall and F1 over all sentences and per type. A gold event
  marked ``uncertain`` is neither required nor counted against us;
* **actor / recipient country** where the type matches: the countries of our
  mention's actors (recipients) against the gold code(s) ("USA|RUS" for two);
  the mention with the highest confidence stands for the type;
* **sector** likewise, and **modality** where the type matches;
* **events without an actor**: our mentions in audited sentences with none.

Only mentions at or above the default-view confidence (``EVENT_MIN_CONFIDENCE``
in :mod:`newsledger.settings` when it exists) are what a reader sees; the
figures for every stored mention are reported beside them.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

CORPUS_DIRS = {"polnear": ("polnear", "train", "text"), "ecbplus": ("ecbplus", "docs")}


def default_threshold() -> float:
    try:
        from newsledger import settings
    except ImportError:
        return 0.0
    return float(getattr(settings, "EVENT_MIN_CONFIDENCE", 0.0))


def load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def data_root(path: str) -> Path:
    """``../shared/data``: the audit file lives in ``plover-audit/`` beside the source corpora."""
    return Path(path).resolve().parent.parent


def document_path(root: Path, corpus: str, doc: str) -> Path:
    return root.joinpath(*CORPUS_DIRS[corpus], doc)


def outlet_of(corpus: str, doc: str) -> str | None:
    """PolNeAR file names start with the outlet ("nyt_2016-02-01_..."); ECB+ names none."""
    return doc.split("_", 1)[0] if corpus == "polnear" else None


def analyse(path: str, records: list[dict]) -> dict[str, dict]:
    """doc name -> the pipeline's record for the whole document."""
    import datetime as dt

    from newsledger.analysis import analyse_records

    root = data_root(path)
    docs: dict[str, dict] = {}
    for r in records:
        if r["doc"] in docs:
            continue
        text = document_path(root, r["corpus"], r["doc"]).read_text(encoding="utf-8")
        docs[r["doc"]] = {
            "id": r["doc"], "text": text, "title": None, "source": outlet_of(r["corpus"], r["doc"]),
            "published": dt.date.fromisoformat(r["published"]) if r.get("published") else None,
        }
    return dict(analyse_records(list(docs.values()), n_process=1))


def _countries(ids: list[str], actors: dict[str, dict]) -> frozenset[str]:
    out = set()
    for a in ids:
        country = (actors.get(a) or {}).get("country")
        out.add(country or "?")
    return frozenset(out)


def _sectors(ids: list[str], actors: dict[str, dict]) -> frozenset[str]:
    return frozenset((actors.get(a) or {}).get("sector") or "?" for a in ids)


def _gold_codes(part: dict | None) -> frozenset[str]:
    if not part or not part.get("code"):
        return frozenset()
    return frozenset(part["code"].split("|"))


def in_view(mention: dict, threshold: float) -> bool:
    """The ledger's default view of a mention (``mention_passages.shown`` without reviews): confidence at or
    above the threshold and not negated; with threshold 0 every stored mention counts."""
    if threshold <= 0:
        return True
    return (mention.get("confidence") or 0.0) >= threshold and mention.get("modality") != "negated"


def score(records: list[dict], analysed: dict[str, dict], threshold: float) -> dict:
    per_type: dict[str, Counter] = defaultdict(Counter)
    tp = fp = fn = 0
    checks: dict[str, list[bool]] = defaultdict(list)
    predicted_total = no_actor = 0
    confusions: Counter = Counter()
    for r in records:
        record = analysed.get(r["doc"]) or {}
        actors = {a["id"]: a for a in record.get("actors") or []}
        mentions = [
            m for m in record.get("events") or []
            if r["start"] <= m["trigger"]["start"] < r["end"] and in_view(m, threshold)
        ]
        predicted_total += len(mentions)
        no_actor += sum(1 for m in mentions if not m.get("actors"))
        best: dict[str, dict] = {}
        for m in mentions:
            if m["type"] not in best or m["confidence"] > best[m["type"]]["confidence"]:
                best[m["type"]] = m
        gold_sure = {e["type"] for e in r["events"] if not e.get("uncertain")}
        gold_any = {e["type"] for e in r["events"]}
        for t in best:
            if t in gold_sure:
                tp += 1
                per_type[t]["tp"] += 1
            elif t in gold_any:  # only an uncertain gold event of this type: neither right nor wrong
                continue
            else:
                fp += 1
                per_type[t]["fp"] += 1
                confusions[(t, ",".join(sorted(gold_any)) or "none")] += 1
        for t in gold_sure - set(best):
            fn += 1
            per_type[t]["fn"] += 1
        for e in r["events"]:
            m = best.get(e["type"])
            if m is None:
                continue
            if e.get("actor") and e["actor"].get("code"):
                checks["actor_country"].append(_countries(m.get("actors") or [], actors) == _gold_codes(e["actor"]))
            if e.get("recipient") and e["recipient"].get("code"):
                checks["recipient_country"].append(_countries(m.get("recipients") or [], actors) == _gold_codes(e["recipient"]))
            if e.get("actor") and e["actor"].get("sector"):
                checks["actor_sector"].append(e["actor"]["sector"] in _sectors(m.get("actors") or [], actors))
            checks["modality"].append((m.get("modality") or "asserted") == e["modality"])
            if e.get("mode"):
                checks["mode"].append((m.get("mode") or "") == e["mode"])
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    types = {}
    for t, c in sorted(per_type.items()):
        tp_t, fp_t, fn_t = c["tp"], c["fp"], c["fn"]
        pt = tp_t / (tp_t + fp_t) if tp_t + fp_t else 0.0
        rt = tp_t / (tp_t + fn_t) if tp_t + fn_t else 0.0
        types[t] = {"tp": tp_t, "fp": fp_t, "fn": fn_t, "precision": pt, "recall": rt,
                    "f1": 2 * pt * rt / (pt + rt) if pt + rt else 0.0}
    return {
        "sentences": len(records), "gold_events": sum(len(r["events"]) for r in records),
        "threshold": threshold, "tp": tp, "fp": fp, "fn": fn,
        "precision": p, "recall": rec, "f1": 2 * p * rec / (p + rec) if p + rec else 0.0,
        "per_type": types,
        **{name: {"accuracy": sum(v) / len(v) if v else None, "n": len(v)} for name, v in checks.items()},
        "mentions": predicted_total, "mentions_without_actor": no_actor,
        "false_positive_patterns": [{"predicted": k[0], "gold": k[1], "n": n} for k, n in confusions.most_common(12)],
    }


BANDS = (0.0, 0.2, 0.35, 0.5, 0.65, 0.8, 1.01)


def confidence_bands(records: list[dict], analysed: dict[str, dict]) -> list[dict]:
    """Per-mention precision by confidence band: is the mention's type among the sentence's sure gold types?

    The calibration view of ``EVENT_MIN_CONFIDENCE``: a mention whose type
    only an uncertain gold event has is left out, as in the type score.
    """
    counts = [Counter() for _ in BANDS[:-1]]
    for r in records:
        record = analysed.get(r["doc"]) or {}
        sure = {e["type"] for e in r["events"] if not e.get("uncertain")}
        unsure = {e["type"] for e in r["events"]} - sure
        for m in record.get("events") or []:
            if not r["start"] <= m["trigger"]["start"] < r["end"] or m["type"] in unsure:
                continue
            c = m.get("confidence") or 0.0
            band = next(i for i in range(len(BANDS) - 1) if c < BANDS[i + 1])
            counts[band]["right" if m["type"] in sure else "wrong"] += 1
    return [{"low": BANDS[i], "high": min(1.0, BANDS[i + 1]), "right": c["right"], "wrong": c["wrong"],
             "precision": c["right"] / (c["right"] + c["wrong"]) if c["right"] + c["wrong"] else None}
            for i, c in enumerate(counts)]


def _party(ids: list[str], actors: dict[str, dict]) -> list[dict]:
    return [{"id": a, "name": (actors.get(a) or {}).get("name"), "country": (actors.get(a) or {}).get("country"),
             "sector": (actors.get(a) or {}).get("sector")} for a in ids]


def country_cases(records: list[dict], analysed: dict[str, dict], threshold: float) -> list[dict]:
    """One line per gold event whose type we code in its sentence (default view): the gold actor and
    recipient beside ours, with names, countries and sectors, and whether each country is right.

    The error-analysis view behind the actor/recipient country figures (``--dump``).
    """
    cases = []
    for r in records:
        record = analysed.get(r["doc"]) or {}
        actors = {a["id"]: a for a in record.get("actors") or []}
        best: dict[str, dict] = {}
        for m in record.get("events") or []:
            if r["start"] <= m["trigger"]["start"] < r["end"] and in_view(m, threshold):
                if m["type"] not in best or m["confidence"] > best[m["type"]]["confidence"]:
                    best[m["type"]] = m
        for e in r["events"]:
            m = best.get(e["type"])
            if m is None:
                continue
            case = {"doc": r["doc"], "sent": r["sent"], "text": r["text"], "type": e["type"],
                    "trigger": {"gold": e.get("trigger"), "ours": m["trigger"].get("text")}}
            for role, key in (("actor", "actors"), ("recipient", "recipients")):
                gold = e.get(role) or None
                ours = m.get(key) or []
                case[role] = {"gold": gold, "ours": _party(ours, actors),
                              "right": (_countries(ours, actors) == _gold_codes(gold)) if gold and gold.get("code") else None}
            cases.append(case)
    return cases


def write_dump(path: str, cases: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for c in cases:
            fh.write(json.dumps(c, ensure_ascii=False) + "\n")


def run(path: str, threshold: float | None = None, dump: str | None = None) -> dict:
    start = time.perf_counter()
    records = load(path)
    analysed = analyse(path, records)
    chosen = default_threshold() if threshold is None else threshold
    result = {"default_view": score(records, analysed, chosen), "all_mentions": score(records, analysed, 0.0),
              "bands": confidence_bands(records, analysed)}
    if dump:
        write_dump(dump, country_cases(records, analysed, chosen))
    result["seconds"] = time.perf_counter() - start
    return result


def format_report(result: dict) -> str:
    lines = []
    for key, label in (("default_view", "default view"), ("all_mentions", "every stored mention")):
        s = result[key]
        lines.append(f"PLOVER audit, {label} (confidence >= {s['threshold']:.2f}): {s['sentences']} sentences, "
                     f"{s['gold_events']} gold events")
        lines.append(f"  type per sentence: P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
                     f"(tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
        for name in ("actor_country", "recipient_country", "actor_sector", "modality", "mode"):
            c = s.get(name)
            if c and c["accuracy"] is not None:
                lines.append(f"  {name.replace('_', ' ')} where the type matches: {c['accuracy']:.3f} of {c['n']}")
        lines.append(f"  mentions in audited sentences: {s['mentions']}, without an actor: {s['mentions_without_actor']}")
        if key == "default_view":
            lines.append("  per type (tp/fp/fn, P, R):")
            for t, c in s["per_type"].items():
                lines.append(f"    {t:<10} {c['tp']:>3}/{c['fp']:>3}/{c['fn']:>3}  P={c['precision']:.2f} R={c['recall']:.2f}")
            lines.append("  most frequent false types (predicted <- gold in that sentence):")
            for fpp in s["false_positive_patterns"]:
                lines.append(f"    {fpp['predicted']} <- {fpp['gold']}: {fpp['n']}")
    lines.append("per-mention precision by confidence band (type among the sentence's sure gold types):")
    for b in result.get("bands") or []:
        p = "-" if b["precision"] is None else f"{b['precision']:.2f}"
        lines.append(f"  [{b['low']:.2f}, {b['high']:.2f}) right {b['right']:>3} wrong {b['wrong']:>3}  P={p}")
    lines.append(f"  time: {result['seconds']:.1f}s")
    return "\n".join(lines)
