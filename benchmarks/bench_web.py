"""Web app latency under concurrent readers: p50 / p95 / max per page, 20 clients by default.

    python benchmarks/bench_web.py --db demo.duckdb                 # every page kind, 20 clients x 10 rounds each
    python benchmarks/bench_web.py --db demo.duckdb --paths /       # just the home page

The app runs as its own process (``uvicorn``, one worker, as ``newsledger
serve`` runs it); the clients are threads here, each loading the page mix in
its own order (each time a URL of that kind drawn from the ledger: any of
the 50 most reported stories, the events and reports of the top ten, every
outlet, the 40 most named actors), all starting together. The first request of the run (which
copies the views into the app's snapshot) is made before the clock starts
and reported apart. Figures go to docs/BENCHMARKS.md, not to timed tests.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict

import httpx

SERVER = (
    "import sys, uvicorn\n"
    "from newsledger.web.app import create_app\n"
    "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVER, db, str(port)], env=os.environ.copy())
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(base + "/openapi.json", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def page_mix(base: str) -> dict[str, list[str]]:
    """For each page kind, the URLs a reader could open, taken from the ledger itself (clients pick among them)."""
    get = lambda path, **params: httpx.get(base + path, params=params, timeout=300).json()  # noqa: E731
    stories = get("/api/stories", sort="most", per_page=50)["items"]
    details = [get(f"/api/stories/{s['story_id']}") for s in stories[:10]]
    events = [e["event_id"] for d in details for e in d["timeline"]]
    articles = [r["article_id"] for d in details for r in d["reports"]]
    outlets = [o["outlet"] for o in get("/api/outlets", per_page=200)["items"]]
    actors = [a["actor_id"] for a in get("/api/actors", per_page=40)["items"]]
    words = ["president", "earthquake", "sanctions", "call", "killed", "kremlin"]
    return {
        "stories": ["/stories", "/stories?sort=most", "/stories?contradicted=true", "/stories?all=1"],
        "stories?q": [f"/stories?q={w}" for w in words],
        "story": [f"/stories/{s['story_id']}" for s in stories],
        "event": [f"/events/{e}" for e in events],
        "outlet": [f"/outlets/{o}" for o in outlets],
        "actor": [f"/actors/{a}" for a in actors],
        "article": [f"/articles/{a}" for a in articles],
        "api/stories": ["/api/stories", "/api/stories?sort=most"],
        "api/event": [f"/api/events/{e}" for e in events],
    }


def run(base: str, paths: dict[str, list[str]], clients: int, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    barrier = threading.Barrier(clients)
    lock = threading.Lock()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        order = [(name, rng.choice(urls)) for name, urls in paths.items() for _ in range(rounds)]
        rng.shuffle(order)
        with httpx.Client(base_url=base, timeout=300, headers={"accept": "text/html"}) as http:
            barrier.wait()
            for name, path in order:
                t = time.perf_counter()
                r = http.get(path)
                took = time.perf_counter() - t
                with lock:
                    times[name].append(took)
                    if r.status_code != 200:
                        errors.append(f"{path}: {r.status_code}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print(f"{len(errors)} errors, e.g. {errors[:3]}")
    return times


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--paths", nargs="*", help="only these paths (default: one of each page kind)")
    args = parser.parse_args()
    proc, base = start(args.db)
    try:
        t = time.perf_counter()
        first = httpx.get(base + (args.paths[0] if args.paths else "/stories"), timeout=600)
        print(f"first request (builds the snapshot): {time.perf_counter() - t:.2f} s, status {first.status_code}")
        paths = {p: [p] for p in args.paths} if args.paths else page_mix(base)
        t = time.perf_counter()
        times = run(base, paths, args.clients, args.rounds)
        wall = time.perf_counter() - t
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    everything = [x for v in times.values() for x in v]
    print(f"{args.clients} clients x {args.rounds} rounds, {len(everything)} requests in {wall:.1f} s "
          f"({len(everything) / wall:.0f} req/s); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'page':<14}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, values in list(times.items()) + [("all", everything)]:
        print(f"{name:<14}{len(values):>6}{statistics.median(values) * 1000:>10.0f}{pct(values, 0.95) * 1000:>10.0f}"
              f"{max(values) * 1000:>10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
