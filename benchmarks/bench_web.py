"""Web app latency under concurrent readers: p50 / p95 / max per page, 20 clients by default.

    python benchmarks/bench_web.py --db demo.duckdb                 # every page kind, 20 clients x 10 rounds each
    python benchmarks/bench_web.py --db demo.duckdb --paths /       # just the home page
    python benchmarks/bench_web.py --generate 10000 --corpus gen.jsonl   # a corpus for a large ledger, then:
    newsledger ingest gen.jsonl --db gen.duckdb

The generated corpus (``--generate``): happenings of seven kinds (talks,
phone calls, arrests, protests, shootings, sanctions, earthquakes) between
16 public leaders and 30 cities over three years, each told by a
log-normal number of reports (1-30, mean about 5) from 60 outlets, 15 % of
them copies of another outlet's report; every report has a lead sentence
the pipeline codes, a quote or attribution, and filler sentences.

The app runs as its own process (``uvicorn``, one worker, as ``newsledger
serve`` runs it); the clients are threads here, each loading the page mix in
its own order (each time a URL of that kind drawn from the ledger: any of
the 50 most reported stories, the events and reports of the top ten, every
outlet, the 40 most named actors), all starting together. The first request of the run (which
waits for the app's first page database, started when the server starts)
is made before the clock starts and reported apart. Figures go to docs/BENCHMARKS.md, not to timed tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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

LEADERS = [("President", "Emmanuel Macron", "France"), ("Chancellor", "Olaf Scholz", "Germany"),
           ("President", "Joe Biden", "the United States"), ("Prime Minister", "Rishi Sunak", "Britain"),
           ("President", "Vladimir Putin", "Russia"), ("President", "Volodymyr Zelensky", "Ukraine"),
           ("Prime Minister", "Narendra Modi", "India"), ("President", "Xi Jinping", "China"),
           ("President", "Recep Tayyip Erdogan", "Turkey"), ("Prime Minister", "Fumio Kishida", "Japan"),
           ("President", "Luiz Inacio Lula da Silva", "Brazil"), ("President", "Cyril Ramaphosa", "South Africa"),
           ("Prime Minister", "Justin Trudeau", "Canada"), ("President", "Andres Manuel Lopez Obrador", "Mexico"),
           ("Prime Minister", "Giorgia Meloni", "Italy"), ("Prime Minister", "Pedro Sanchez", "Spain")]
CITIES = ["Paris", "Berlin", "Washington", "London", "Moscow", "Kyiv", "New Delhi", "Beijing", "Ankara", "Tokyo",
          "Brasilia", "Pretoria", "Ottawa", "Mexico City", "Rome", "Madrid", "Chicago", "Houston", "Lagos", "Nairobi",
          "Cairo", "Jakarta", "Manila", "Lima", "Bogota", "Warsaw", "Vienna", "Geneva", "Seoul", "Sydney"]
TOPICS = ["trade", "energy prices", "the war in Ukraine", "climate finance", "migration", "grain exports",
          "border security", "nuclear safety", "debt relief", "arms control"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FILLER = ["Officials did not give further details.", "The talks are expected to continue next month.",
          "Markets reacted calmly to the news.", "Opposition lawmakers criticised the decision.",
          "Analysts said the move had been expected for weeks.", "Residents described a tense atmosphere in the city.",
          "The government has faced growing pressure at home.", "Neither side released a joint statement."]


def happening(rng: random.Random, day: dt.date) -> dict:
    kind = rng.choice(["meet", "call", "arrest", "protest", "shooting", "sanction", "quake"])
    a, b = rng.sample(LEADERS, 2)
    city = rng.choice(CITIES)
    return {"kind": kind, "a": a, "b": b, "city": city, "topic": rng.choice(TOPICS), "day": day,
            "n": rng.randint(2, 40), "mag": round(rng.uniform(5.0, 7.8), 1)}


def lead(h: dict, pub: dt.date, rng: random.Random) -> tuple[str, str]:
    wd = WEEKDAYS[h["day"].weekday()] if (pub - h["day"]).days < 7 else h["day"].strftime("%B %-d")
    (ta, na, ca), (tb, nb, cb) = h["a"], h["b"]
    k = h["kind"]
    if k == "meet":
        return (f"{na} meets {nb} in {h['city']}",
                f"{ta} {na} of {ca} met {tb} {nb} of {cb} in {h['city']} on {wd} to discuss {h['topic']}.")
    if k == "call":
        return (f"{na} and {nb} speak by phone",
                f"{ta} {na} spoke by telephone with {tb} {nb} on {wd} about {h['topic']}, his office said.")
    if k == "arrest":
        return (f"Police arrest {h['n']} in {h['city']}",
                f"Police in {h['city']} arrested {h['n']} people on {wd} after clashes near the central station.")
    if k == "protest":
        return (f"Thousands protest in {h['city']}",
                f"Thousands of people protested in {h['city']} on {wd} against the government's plans on {h['topic']}.")
    if k == "shooting":
        return (f"Gunman kills {h['n'] // 4 + 1} in {h['city']}",
                f"A gunman shot and killed {h['n'] // 4 + 1} people in {h['city']} on {wd}, police said.")
    if k == "sanction":
        return (f"{ca.capitalize()} sanctions {cb}",
                f"The government of {ca} imposed new sanctions on {cb} on {wd} over {h['topic']}.")
    return (f"Earthquake strikes near {h['city']}",
            f"An earthquake of magnitude {h['mag']} struck near {h['city']} on {wd}, damaging buildings.")


def body(h: dict, pub: dt.date, rng: random.Random, outlet: str) -> tuple[str, str]:
    title, first = lead(h, pub, rng)
    (ta, na, ca), (tb, nb, cb) = h["a"], h["b"]
    quote = rng.choice([f'"We will not accept this," {na} told reporters.',
                        f'"This was a constructive step," a spokesman for {nb} said.',
                        f'{na} said the two countries would keep working together on {h["topic"]}.',
                        f'According to officials in {h["city"]}, the situation was under control.'])
    paras = [first, quote] + rng.sample(FILLER, rng.randint(2, 4))
    return title, "\n\n".join(paras) + f"\n\n{outlet}: independent news since 1990"


def generate(n: int, seed: int = 11) -> list[dict[str, str]]:
    """``n`` reports of generated happenings: stories of log-normal size (mean about 5), each outlet's own wording or a copy."""
    rng = random.Random(seed)
    outlets = [f"Outlet {k}" for k in range(60)]
    start = dt.date(2021, 1, 1)
    out, i = [], 0
    while i < n:
        h = happening(rng, start + dt.timedelta(days=rng.randint(0, 3 * 365)))
        size = max(1, min(30, int(rng.lognormvariate(1.2, 0.9))))
        texts = []
        for _ in range(size):
            if i >= n:
                break
            pub = h["day"] + dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 5]))
            outlet = rng.choice(outlets)
            if texts and rng.random() < 0.15:
                title, text = rng.choice(texts)
            else:
                title, text = body(h, pub, rng, outlet)
                texts.append((title, text))
            out.append({"id": f"g{i}", "source": outlet, "title": title, "text": text, "published": pub.isoformat()})
            i += 1
    return out


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


def server_peak_mb(pid: int) -> float:
    """The app process's peak resident memory (Linux), for the figures: it must not grow with the corpus."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return float("nan")


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the app process has used so far (Linux): what a request costs, whatever the load."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db")
    parser.add_argument("--generate", type=int, metavar="N", help="write N generated reports as JSON lines to --corpus and stop")
    parser.add_argument("--corpus", default="web-corpus.jsonl")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--paths", nargs="*", help="only these paths (default: one of each page kind)")
    args = parser.parse_args()
    if args.generate:
        with open(args.corpus, "w", encoding="utf-8") as fh:
            for row in generate(args.generate):
                fh.write(json.dumps(row) + "\n")
        print(f"{args.generate} reports in {args.corpus}")
        return 0
    if not args.db:
        parser.error("--db is required")
    proc, base = start(args.db)
    try:
        t = time.perf_counter()
        first = httpx.get(base + (args.paths[0] if args.paths else "/stories"), timeout=600)
        print(f"first request (waits for the first page database): {time.perf_counter() - t:.2f} s, status {first.status_code}")
        paths = {p: [p] for p in args.paths} if args.paths else page_mix(base)
        t, cpu = time.perf_counter(), server_cpu_seconds(proc.pid)
        times = run(base, paths, args.clients, args.rounds)
        wall, cpu = time.perf_counter() - t, server_cpu_seconds(proc.pid) - cpu
        peak = server_peak_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    everything = [x for v in times.values() for x in v]
    print(f"{args.clients} clients x {args.rounds} rounds, {len(everything)} requests in {wall:.1f} s "
          f"({len(everything) / wall:.0f} req/s); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"server peak memory (VmHWM): {peak:.0f} MB; server CPU {cpu:.1f} s, {cpu / len(everything) * 1000:.1f} ms a request")
    print(f"{'page':<14}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, values in list(times.items()) + [("all", everything)]:
        print(f"{name:<14}{len(values):>6}{statistics.median(values) * 1000:>10.0f}{pct(values, 0.95) * 1000:>10.0f}"
              f"{max(values) * 1000:>10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
