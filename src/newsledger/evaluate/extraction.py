"""Main-text extraction scored like the article-extraction benchmark.

Each page's extracted body is compared with the gold ``articleBody`` over
word 4-gram shingles: lower-cased ``\\w+`` tokens, a bag (multiset) of
4-grams, precision = shared / predicted, recall = shared / gold, F1 their
harmonic mean; the figures are averaged over pages.  Texts shorter than four
words count as one shingle of all their words.  Edge cases: both empty ->
P = R = F1 = 1; empty prediction -> 0; empty gold with a prediction -> P = 0,
R = 1, F1 = 0.

Systems scored side by side: plain ``trafilatura.extract(html)`` with its
defaults, ``extract_html`` alone, and ours (:func:`extract_html` then
:func:`clean_text`, named ``newsledger``).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path
from statistics import mean
import trafilatura

from newsledger.clean import clean_text, extract_html

SHINGLE = 4
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall((text or "").lower())


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Bag of word n-grams; a text shorter than n words is one shingle."""
    words = tokens(text)
    if not words:
        return Counter()
    if len(words) < n:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Shingle precision, recall and F1 of one page (edge cases in the module docstring)."""
    pred, true = shingles(predicted), shingles(gold)
    if not pred and not true:
        return 1.0, 1.0, 1.0
    if not pred:
        return 0.0, 0.0, 0.0
    if not true:
        return 0.0, 1.0, 0.0
    shared = sum((pred & true).values())
    precision = shared / sum(pred.values())
    recall = shared / sum(true.values())
    f1 = 2 * precision * recall / (precision + recall) if shared else 0.0
    return precision, recall, f1


def plain_trafilatura(html: str, url: str | None) -> str:
    """The baseline: trafilatura's default text extraction."""
    return trafilatura.extract(html, url=url) or ""


def ours(html: str, url: str | None) -> dict[str, str]:
    """newsledger's extraction, before and after the boilerplate cleaner.

    Both are scored so the cleaner's own cost in recall stays visible.
    """
    extracted = extract_html(html, url=url).text
    return {"extract_html": extracted, "newsledger": clean_text(extracted).text}


SYSTEMS = ("trafilatura", "extract_html", "newsledger")


def load_pages(path: str, limit: int | None = None) -> list[tuple[str, str, str, str | None]]:
    """(key, html, gold body, url) for each page with both HTML and ground truth."""
    root = Path(path)
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        page = root / "html" / f"{key}.html.gz"
        if not page.exists():
            continue
        html = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
        pages.append((key, html, truth[key].get("articleBody") or "", truth[key].get("url")))
        if limit is not None and len(pages) >= limit:
            break
    return pages


def _summary(scores: list[tuple[float, float, float]]) -> dict[str, float]:
    return {
        "precision": mean(s[0] for s in scores) if scores else 0.0,
        "recall": mean(s[1] for s in scores) if scores else 0.0,
        "f1": mean(s[2] for s in scores) if scores else 0.0,
    }


def score_page(html: str, gold: str, url: str | None) -> dict[str, tuple[float, float, float]]:
    """P/R/F1 of every system on one page."""
    texts = {"trafilatura": plain_trafilatura(html, url), **ours(html, url)}
    return {name: prf(texts[name], gold) for name in SYSTEMS}


def run(path: str, limit: int | None = None) -> dict:
    """Score the systems on the benchmark folder; per-page scores included."""
    pages = load_pages(path, limit)
    per_page = {key: score_page(html, gold, url) for key, html, gold, url in pages}
    systems = {
        name: _summary([scores[name] for scores in per_page.values()]) for name in SYSTEMS
    }
    return {"dataset": str(path), "pages": len(pages), "systems": systems, "per_page": per_page}


def format_report(result: dict) -> str:
    """A small table of mean P/R/F1 per system, plus where recall was lost."""
    lines = [
        f"article extraction: {result['pages']} pages ({result['dataset']})",
        f"{'system':<14}{'precision':>10}{'recall':>10}{'F1':>10}",
    ]
    for name, summary in result["systems"].items():
        lines.append(
            f"{name:<14}{summary['precision']:>10.3f}{summary['recall']:>10.3f}{summary['f1']:>10.3f}"
        )
    pages = result["per_page"].values()
    lost = sum(1 for s in pages if s["newsledger"][1] < s["extract_html"][1] - 1e-9)
    below = sum(1 for s in pages if s["newsledger"][1] < s["trafilatura"][1] - 1e-9)
    lines.append(f"pages where clean_text lowered recall: {lost}")
    lines.append(f"pages where newsledger recall < plain trafilatura recall: {below}")
    return "\n".join(lines)
