"""Time ingest + clean (no NLP) on a generated corpus; prints articles/s.

The corpus mixes outlets with their own footers, sign-up prompts, mojibake and
wire copies, so cleaning, per-source learning and dedup all do real work.

    .venv/bin/python benchmarks/bench_ingest.py --articles 10000 --format txt
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import tempfile
import time
from pathlib import Path

from newsledger.ledger import Ledger

WORDS = (
    "minister council government talks agreement border troops election vote protest court ruling police arrest "
    "economy inflation bank rate market shares company workers strike union port ship storm flood rescue hospital "
    "school teachers students budget tax reform parliament senate president spokesman statement officials report "
    "village city region capital coast river bridge road rail airport energy gas oil prices farmers harvest drought"
).split()
PROMPTS = ["Sign up to receive our newsletter!", "Share this article on Facebook", "(Visited 17 times, 1 visits today)"]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(12, 24))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def article(rng: random.Random, i: int, outlets: list[str]) -> tuple[str, str]:
    outlet = rng.choice(outlets)
    paras = ["\n".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 7))]
    text = f"Report {i}: {' '.join(rng.choices(WORDS, k=5)).title()}\n\n" + "\n\n".join(paras)
    if rng.random() < 0.1:
        text = text.replace("the ", "the\u00a0", 1) + "\n\n" + "The mayor’s office said “no comment”.".encode("utf-8").decode("mac_roman")
    if rng.random() < 0.3:
        text += "\n\n" + rng.choice(PROMPTS)
    text += f"\n\n{outlet}: independent news since 1990"
    return outlet, text


def generate(n: int, folder: Path, fmt: str, seed: int = 7) -> Path:
    rng = random.Random(seed)
    outlets = [f"Outlet {k}" for k in range(40)]
    texts: list[tuple[str, str]] = []
    for i in range(n):
        if texts and rng.random() < 0.05:
            outlet, text = rng.choice(texts)
            texts.append((rng.choice(outlets), text.replace("Report", "Reprint", 1)))
        else:
            texts.append(article(rng, i, outlets))
    if fmt == "jsonl":
        path = folder / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i, (outlet, text) in enumerate(texts):
                fh.write(json.dumps({"id": f"a{i}", "source": outlet, "text": text, "published": "2021-03-01"}) + "\n")
        return path
    for i, (outlet, text) in enumerate(texts):
        sub = folder / outlet.replace(" ", "_")
        sub.mkdir(exist_ok=True)
        (sub / f"{i:06d}.txt").write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--format", choices=["txt", "jsonl"], default="txt")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = generate(args.articles, folder, args.format)
        db = folder / "bench.duckdb"
        start = time.perf_counter()
        with Ledger(db) as ledger:
            summary = ledger.ingest([str(path)], analyze=False)
        elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "articles": args.articles,
                "format": args.format,
                "ingested": summary.ingested,
                "duplicates": summary.duplicates,
                "failed": len(summary.failed),
                "seconds": round(elapsed, 1),
                "articles_per_s": round(args.articles / elapsed, 1),
                "peak_rss_mb": round(peak),
                "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
            }
        )
    )


if __name__ == "__main__":
    main()
