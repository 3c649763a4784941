"""Story resolution cost at 10k / 100k / 1M synthetic articles.

Each size runs in its own subprocess so peak memory (``ru_maxrss``) is that
size's alone. Articles are generated on the fly, in publication order:

* stories with log-normal sizes (mean about 6, long tail) starting on random
  days over three years, members published within days of the start;
* 384-dim unit embeddings near their story centre, story centres near one of
  a few hundred topic centres (so different stories of one kind look alike);
* Zipfian actor, place and term words: each story draws a few of each, in a
  fixed order; each article keeps most of its story's words and mixes in a
  dozen common ones (about 25 words an article, where a real report has a
  few hundred, so n-gram work per article is lighter than in a ledger).

Prints time, articles/s, microseconds per article (flat across sizes means
linear growth), peak memory, comparisons per article and B-cubed F1 against
the generating stories.

    python benchmarks/bench_stories.py --sizes 10000,100000,1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from collections import Counter

import numpy as np

DIM = 384
SPAN_DAYS = 3 * 365
START = dt.date(2020, 1, 1)
N_ACTORS, N_PLACES, N_TERMS = 50_000, 5_000, 200_000


def zipf_ids(rng: np.random.Generator, n: int, size: int, a: float = 1.2) -> np.ndarray:
    """Zipf-distributed ids folded into a vocabulary of ``n``."""
    return (rng.zipf(a, size=size) - 1) % n


def plan(n_articles: int, seed: int) -> dict:
    """Story of each article, story start days, article days, in publication order."""
    rng = np.random.default_rng(seed)
    sizes = np.maximum(1, rng.lognormal(mean=1.2, sigma=0.9, size=n_articles).astype(int))
    cum = np.cumsum(sizes)
    n_stories = int(np.searchsorted(cum, n_articles) + 1)
    sizes = sizes[:n_stories]
    sizes[-1] -= int(cum[n_stories - 1] - n_articles)
    story = np.repeat(np.arange(n_stories), sizes)
    start = rng.integers(0, SPAN_DAYS, size=n_stories)
    day = start[story] + rng.exponential(1.5, size=n_articles).astype(int)
    order = np.lexsort((np.arange(n_articles), day))
    return {"story": story[order], "day": day[order], "start": start, "n_stories": n_stories}


class StoryTraits:
    """Per-story actors, places, terms and centre, drawn from a per-story seed."""

    def __init__(self, seed: int, n_stories: int) -> None:
        rng = np.random.default_rng(seed + 1)
        n_topics = max(20, n_stories // 50)
        topics = rng.normal(size=(n_topics, DIM)).astype(np.float32)
        self.topics = topics / np.linalg.norm(topics, axis=1, keepdims=True)
        self.seed = seed
        self.cache: dict[int, tuple] = {}

    def get(self, s: int) -> tuple:
        if s not in self.cache:
            rng = np.random.default_rng((self.seed, s))
            noise = rng.normal(size=DIM).astype(np.float32)
            centre = self.topics[s % len(self.topics)] + noise / np.linalg.norm(noise)
            centre /= np.linalg.norm(centre)
            self.cache[s] = (
                centre.astype(np.float32),
                [f"a{x}" for x in zipf_ids(rng, N_ACTORS, 3)],
                [f"p{x}" for x in zipf_ids(rng, N_PLACES, 1)],
                [f"t{x}" for x in rng.integers(0, N_TERMS, 8)],
            )
        return self.cache[s]

    def forget(self, s: int) -> None:
        self.cache.pop(s, None)


def articles(n: int, seed: int = 0):
    """Yield (true story, StoryFeatures) in publication order."""
    from newsledger.resolve.stories import StoryFeatures

    p = plan(n, seed)
    traits = StoryTraits(seed, p["n_stories"])
    remaining = Counter(p["story"].tolist())
    rng = np.random.default_rng(seed + 2)
    for i in range(n):
        s, day = int(p["story"][i]), int(p["day"][i])
        centre, actors, places, terms = traits.get(s)
        vec = centre + 0.04 * rng.normal(size=DIM).astype(np.float32)
        own = [w for w in actors + places + terms if rng.random() < 0.8]
        common = [f"t{x}" for x in zipf_ids(rng, N_TERMS, 12, 1.1)] + [f"a{zipf_ids(rng, N_ACTORS, 1)[0]}"]
        half = len(own) // 2
        yield s, StoryFeatures(
            article_id=f"art{i}",
            published=START + dt.timedelta(days=day),
            words=own[:half] + common[:6] + own[half:] + common[6:],
            embedding=vec / np.linalg.norm(vec),
        )
        remaining[s] -= 1
        if not remaining[s]:
            traits.forget(s)


def bcubed_f1(pred: dict[str, str], truth: dict[str, int]) -> float:
    """B-cubed F1 from cluster-overlap counts (linear in the number of articles)."""
    pair = Counter((pred[a], truth[a]) for a in truth)
    p_size, t_size = Counter(pred[a] for a in truth), Counter(truth.values())
    precision = sum(c * c / p_size[p] for (p, _), c in pair.items()) / len(truth)
    recall = sum(c * c / t_size[t] for (_, t), c in pair.items()) / len(truth)
    return 2 * precision * recall / (precision + recall)


def run_one(n: int) -> dict:
    """Resolve ``n`` generated articles; time only the StoryIndex work."""
    from newsledger.resolve.stories import StoryIndex

    index = StoryIndex()
    truth: dict[str, int] = {}
    spent = 0.0
    started = time.perf_counter()
    for s, f in articles(n):
        truth[f.article_id] = s
        t0 = time.perf_counter()
        index.add(f)
        spent += time.perf_counter() - t0
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "cpu_seconds_total": usage.ru_utime + usage.ru_stime,
        "articles": n,
        "stories_true": len(set(truth.values())),
        "stories_found": len(index.stories),
        "seconds_index": spent,
        "seconds_total": wall,
        "articles_per_s": n / spent,
        "us_per_article": 1e6 * spent / n,
        "comparisons_per_article": index.comparisons / n,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "bcubed_f1": bcubed_f1(index.assignments(), truth),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True,
                             capture_output=True, text=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{n:>9,} articles: {row['seconds_index']:8.1f} s index ({row['seconds_total']:.1f} s with generation), "
              f"{row['articles_per_s']:8.0f} art/s, {row['us_per_article']:6.0f} us/article, "
              f"peak {row['peak_rss_mb']:6.0f} MB, {row['comparisons_per_article']:.1f} comparisons/article, "
              f"stories {row['stories_found']:,} (true {row['stories_true']:,}), B3 F1 {row['bcubed_f1']:.3f}",
              flush=True)
    if len(rows) > 1:
        growth = rows[-1]["us_per_article"] / rows[0]["us_per_article"]
        size_ratio = rows[-1]["articles"] / rows[0]["articles"]
        print(f"time per article grew x{growth:.2f} while size grew x{size_ratio:.0f} "
              f"({'near-linear' if growth < 2 else 'super-linear'} total cost)")


if __name__ == "__main__":
    main()
