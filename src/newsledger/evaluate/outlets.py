"""Outlet reliability against domain labels it never saw: FakeNewsCorpus, and the demo's planted outlets.

``newsledger eval outlets DIR`` ingests ``DIR/news_sample.csv`` (scraped
articles with a ``domain`` and a domain-level ``type`` label: reliable,
political, bias, fake, conspiracy, junksci, ...) into a temporary ledger by
the same code path as ``newsledger ingest``, then asks how well the stored
``outlets.score`` ranks the domains labelled ``reliable`` above those
labelled fake, conspiracy or junk science (ROC AUC over domains: the chance
that a random reliable domain scores above a random low-credibility one,
ties counting half).

The labels are only read here, after the ledger is built: they never train
or tune a weight (the weights in :mod:`newsledger.assess.outlets` are set by
argument), and they describe domains, not the truth of any article.

Each of the two main splits is also scored on the domains the ledger has
seen enough of (more than ``LITTLE_EVIDENCE`` original reports, what the
report calls "some" or "much" evidence): a domain seen once is held near 0.5
on purpose, so on the full splits most pairs compare two guesses.

Beside each AUC, anchors computed on the same domains: a trivial signal (the
number of articles the domain has in the sample) and chance (0.5); and the
AUC of each signal alone, to show what the score rests on. Every other label
is reported against ``reliable`` separately, with its number of domains, and
one wider split decided from the label definitions before looking at scores:
credible (reliable, political) against low-credibility (fake, conspiracy,
junksci, hate, clickbait, unreliable); ``bias``, ``unknown`` and unlabelled
domains stay out of it.

The demo corpus (``data/demo``, eleven invented outlets whose kind is stated
in its ``expected.yaml``) is ingested too and its ranking printed, with a
check that every spam and partisan outlet ranks below every professional one
(wire, newspaper, newsletter).

``--keep PATH`` keeps the FakeNewsCorpus ledger; ``--reuse PATH`` re-scores a
kept one after re-running the outlet assessment only (no NLP).
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from newsledger.prepare import domain_of

RELIABLE = ("reliable",)
LOW = ("fake", "conspiracy", "junksci")
CREDIBLE_WIDE = ("reliable", "political")
LOW_WIDE = ("fake", "conspiracy", "junksci", "hate", "clickbait", "unreliable")
PROFESSIONAL_KINDS = ("wire", "newspaper", "newsletter")
BAD_KINDS = ("spam", "partisan-blog")
DEMO = Path(__file__).resolve().parents[3] / "data" / "demo"


def run(path: str, keep: str | None = None, reuse: str | None = None, demo: bool = True) -> dict:
    start = time.perf_counter()
    csv_path = _csv_in(Path(path))
    labels = domain_labels(csv_path)
    outlets = _ledger_outlets(csv_path, keep=keep, reuse=reuse)
    result: dict[str, Any] = {"csv": str(csv_path), "labels": labels_summary(labels), "fnc": score(outlets, labels)}
    result["seconds_fnc"] = time.perf_counter() - start
    if demo and DEMO.is_dir():
        result["demo"] = demo_ranking(DEMO)
    result["seconds_total"] = time.perf_counter() - start
    return result


def _csv_in(path: Path) -> Path:
    return path if path.is_file() else path / "news_sample.csv"


def domain_labels(csv_path: Path) -> dict[str, str]:
    """domain (as the ledger names the outlet) -> its label; an empty label reads 'unlabelled'."""
    csv.field_size_limit(sys.maxsize)
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with open(csv_path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            domain = domain_of(row.get("domain") or row.get("url"))
            if domain:
                votes[domain][(row.get("type") or "").strip() or "unlabelled"] += 1
    return {d: max(v.items(), key=lambda kv: (kv[1], kv[0]))[0] for d, v in votes.items()}


def labels_summary(labels: dict[str, str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for label in labels.values():
        counts[label] += 1
    return dict(sorted(counts.items()))


def _ledger_outlets(csv_path: Path, keep: str | None, reuse: str | None) -> dict[str, dict]:
    """outlet -> {score, n_articles, signals}, from a fresh ledger of the CSV or a kept one."""
    from newsledger.assess.outlets import assess_outlets
    from newsledger.ledger import Ledger

    with tempfile.TemporaryDirectory(prefix="newsledger_eval_outlets_") as tmp:
        db = Path(reuse) if reuse else Path(tmp) / "eval.duckdb"
        with Ledger(db) as ledger:
            if reuse:
                with ledger.store.transaction():
                    assess_outlets(ledger.store)
            else:
                ledger.ingest([str(csv_path)])
            outlets = read_outlets(ledger.store)
        if keep and not reuse:
            shutil.copyfile(db, keep)
    return outlets


def read_outlets(store) -> dict[str, dict]:
    out = {}
    signals: dict[str, dict[str, dict]] = {}
    for s in store.rows("SELECT outlet, signal, value, weight, confidence, contribution FROM outlet_signals"):
        signals.setdefault(s.pop("outlet"), {})[s["signal"]] = s
    for r in store.rows("SELECT outlet, n_articles, n_originals, score FROM outlets"):
        out[r["outlet"]] = {"score": r["score"], "n_articles": r["n_articles"], "n_originals": r["n_originals"],
                            "signals": signals.get(r["outlet"], {})}
    return out


# ---------------------------------------------------------------------------
# Scoring

def auc(positives: list[float], negatives: list[float]) -> float | None:
    """P(a positive scores above a negative), ties counting half (Mann-Whitney U / n1 n2)."""
    if not positives or not negatives:
        return None
    from scipy.stats import mannwhitneyu

    return float(mannwhitneyu(positives, negatives, alternative="two-sided").statistic) / (len(positives) * len(negatives))


def score(outlets: dict[str, dict], labels: dict[str, str]) -> dict:
    """AUCs of the outlet score (and anchors) for the label splits; per-label counts and mean scores."""
    scored = {d: outlets[d] for d in labels if d in outlets}
    by_label: dict[str, list[str]] = defaultdict(list)
    for domain in sorted(scored):
        by_label[labels[domain]].append(domain)
    splits = {"reliable vs fake/conspiracy/junksci": (RELIABLE, LOW),
              "reliable+political vs fake/conspiracy/junksci/hate/clickbait/unreliable": (CREDIBLE_WIDE, LOW_WIDE)}
    for label in sorted(by_label):
        if label not in RELIABLE:
            splits[f"reliable vs {label}"] = (RELIABLE, (label,))
    seen = {label: [d for d in ds if _seen_enough(scored[d])] for label, ds in by_label.items()}
    evidenced = {"  ... domains with 3+ own reports": (seen, RELIABLE, LOW),
                 "  ... (wide) domains with 3+ own reports": (seen, CREDIBLE_WIDE, LOW_WIDE)}
    return {
        "domains_in_csv": len(labels),
        "domains_scored": len(scored),
        "missing": sorted(set(labels) - set(outlets)),
        "per_label": {
            label: {"domains": len(ds), "articles": sum(scored[d]["n_articles"] for d in ds),
                    "mean_score": sum(scored[d]["score"] for d in ds) / len(ds)}
            for label, ds in sorted(by_label.items())
        },
        "splits": {name: split_aucs(scored, by_label, pos, neg) for name, (pos, neg) in splits.items()},
        "splits_seen_enough": {name: split_aucs(scored, labels_, pos, neg) for name, (labels_, pos, neg) in evidenced.items()},
        "domains": {d: {"label": labels[d], "score": scored[d]["score"], "articles": scored[d]["n_articles"]} for d in sorted(scored)},
    }


def _seen_enough(outlet: dict) -> bool:
    """More original reports than "little evidence" (:data:`newsledger.assess.outlets.LITTLE_EVIDENCE`)."""
    from newsledger.assess.outlets import LITTLE_EVIDENCE

    return (outlet.get("n_originals") if outlet.get("n_originals") is not None else outlet["n_articles"]) > LITTLE_EVIDENCE


def split_aucs(scored: dict[str, dict], by_label: dict[str, list[str]], pos: tuple, neg: tuple) -> dict:
    p = [d for label in pos for d in by_label.get(label, [])]
    n = [d for label in neg for d in by_label.get(label, [])]

    def of(value) -> float | None:
        return auc([value(scored[d]) for d in p], [value(scored[d]) for d in n])

    signals = sorted({name for d in p + n for name in scored[d]["signals"]})
    return {
        "positives": len(p),
        "negatives": len(n),
        "score": of(lambda o: o["score"]),
        "anchor_article_count": of(lambda o: o["n_articles"]),
        "anchor_random": 0.5,
        "signals_alone": {
            name: of(lambda o, name=name: (o["signals"].get(name, {}).get("contribution") or 0.0)) for name in signals
        },
    }


# ---------------------------------------------------------------------------
# The demo corpus

def demo_ranking(demo: Path) -> dict:
    """Ingest the demo corpus and rank its outlets; kinds come from its manifest."""
    import yaml

    from newsledger.ledger import Ledger

    manifest = yaml.safe_load((demo / "expected.yaml").read_text(encoding="utf-8"))
    kinds = {o["name"]: o["kind"] for o in manifest["outlets"].values()}
    with tempfile.TemporaryDirectory(prefix="newsledger_eval_demo_") as tmp:
        with Ledger(Path(tmp) / "demo.duckdb") as ledger:
            ledger.ingest([str(demo)])
            outlets = read_outlets(ledger.store)
    ranking = [
        {"outlet": name, "kind": kinds.get(name, "?"), "score": o["score"], "articles": o["n_articles"],
         "signals": {k: s["contribution"] for k, s in o["signals"].items() if s["contribution"]}}
        for name, o in sorted(outlets.items(), key=lambda kv: (-kv[1]["score"], kv[0]))
    ]
    return {"ranking": ranking, **separation(ranking)}


def separation(ranking: list[dict]) -> dict:
    """Does every spam/partisan outlet rank below every professional one?"""
    pro = [r["score"] for r in ranking if r["kind"] in PROFESSIONAL_KINDS]
    bad = [r["score"] for r in ranking if r["kind"] in BAD_KINDS]
    return {
        "professional_min": min(pro) if pro else None,
        "spam_partisan_max": max(bad) if bad else None,
        "separated": bool(pro and bad and max(bad) < min(pro)),
        "auc_professional_vs_spam_partisan": auc(pro, bad),
    }


# ---------------------------------------------------------------------------
# Report

def _f(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def format_report(result: dict) -> str:
    f = result["fnc"]
    lines = [
        f"Outlet reliability on {result['csv']}",
        "  Domain labels are read only to score; they never train or tune the outlet weights.",
        f"  {f['domains_scored']} of {f['domains_in_csv']} domains scored"
        + (f" (missing: {', '.join(f['missing'])})" if f["missing"] else ""),
        "",
        "  label          domains  articles  mean score",
    ]
    for label, s in f["per_label"].items():
        lines.append(f"  {label:<14} {s['domains']:>7}  {s['articles']:>8}  {s['mean_score']:.3f}")
    lines += ["", "  split                                              pos  neg  AUC score  article count  random"]
    for i, (name, s) in enumerate(f["splits"].items()):
        lines.append(
            f"  {name[:50]:<50} {s['positives']:>4} {s['negatives']:>4}  {_f(s['score']):>9}  {_f(s['anchor_article_count']):>13}  0.500"
        )
        if i < len(f.get("splits_seen_enough", {})):
            seen_name, seen = list(f["splits_seen_enough"].items())[i]
            lines.append(
                f"  {seen_name[:50]:<50} {seen['positives']:>4} {seen['negatives']:>4}  {_f(seen['score']):>9}  "
                f"{_f(seen['anchor_article_count']):>13}  0.500"
            )
    main = next(iter(f["splits"].values()))
    if main["signals_alone"]:
        lines += ["", "  each signal alone (reliable vs fake/conspiracy/junksci; 0.5 = no separation):"]
        lines += [f"    {name:<18} {_f(v)}" for name, v in main["signals_alone"].items()]
    lines += ["", "  domains by score:"]
    for d, s in sorted(f["domains"].items(), key=lambda kv: -kv[1]["score"]):
        lines.append(f"    {s['score']:.3f}  {s['label']:<11} {s['articles']:>4}  {d}")
    demo = result.get("demo")
    if demo:
        lines += ["", "Demo corpus (data/demo): outlets by score"]
        for i, r in enumerate(demo["ranking"], 1):
            moved = ", ".join(f"{k} {v:+.2f}" for k, v in sorted(r["signals"].items(), key=lambda kv: kv[1]))
            lines.append(f"  {i:>2}. {r['score']:.3f}  {r['kind']:<13} {r['outlet']:<24} {moved}")
        lines.append(
            f"  every spam/partisan outlet below every professional one: {'yes' if demo['separated'] else 'NO'} "
            f"(lowest professional {_f(demo['professional_min'])}, highest spam/partisan {_f(demo['spam_partisan_max'])}; "
            f"AUC {_f(demo['auc_professional_vs_spam_partisan'])})"
        )
    lines.append(f"  time: FakeNewsCorpus {result['seconds_fnc']:.1f}s, total {result['seconds_total']:.1f}s")
    return "\n".join(lines)
