"""Real faults against real runs: a generated corpus, a `newsledger ingest` subprocess, signals, the process table.

Used by ``benchmarks/faults/run_faults.py`` (the whole matrix, results in
docs/RELIABILITY.md) and by ``tests/test_faults.py`` /
``tests/test_concurrency.py`` (the representative cases, in the suite).

The run logs its stages with ``NEWSLEDGER_PROGRESS=lines`` ("progress analyse
1/60"), so a signal is sent once the run is inside the stage named, not
after a guessed delay. The process table is read from ``/proc`` (Linux).
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

SRC = Path(__file__).resolve().parents[2] / "src"

CITIES = ["Lisbon", "Nairobi", "Lima", "Hanoi", "Tbilisi", "Accra", "Quito", "Riga", "Dakar", "Manila"]
PEOPLE = ["Ana Costa", "Peter Otieno", "Rosa Quispe", "Minh Tran", "Giorgi Beridze", "Kofi Mensah", "Lucia Andrade"]
ACTS = [
    "police arrested {n} protesters outside the city hall",
    "the health ministry opened {n} new clinics in the northern districts",
    "the government signed an agreement with the teachers' union after {n} days of talks",
    "firefighters rescued {n} residents from a burning apartment block",
    "the central bank raised its main interest rate by {n} tenths of a point",
    "workers at the main port began a strike over pay that has halted {n} ships",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def write_corpus(folder: Path, n: int, seed: int = 11) -> Path:
    """``n`` distinct short reports (an act, a place, a day, a quote) as .txt files in outlet folders."""
    rng = random.Random(seed)
    for i in range(n):
        city, person, act = rng.choice(CITIES), rng.choice(PEOPLE), rng.choice(ACTS).format(n=rng.randint(2, 90))
        outlet = f"desk{i % 4}"
        text = (
            f"Report {i} from {city}\n\n"
            f"{city.upper()} — In {city} on {rng.choice(DAYS)}, {act}, officials said.\n\n"
            f"\"We will keep working until this is settled,\" said {person}, a spokesperson in {city}.\n\n"
            f"Reference {i}-{rng.randint(1000, 9999)}: the office said more details would follow later in the week.\n"
        )
        sub = folder / outlet
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    return folder


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = str(SRC) + (os.pathsep + out["PYTHONPATH"] if out.get("PYTHONPATH") else "")
    out.update(NEWSLEDGER_PROGRESS="lines", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    return out


@dataclass
class Run:
    """A ``newsledger`` subprocess in its own process group, its stderr read line by line as it comes."""

    args: list[str]
    proc: subprocess.Popen = field(init=False)
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "newsledger.cli", *self.args], env=env(), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, prefix: str, timeout: float = 120.0) -> bool:
        """Wait until a stderr line starts with ``prefix``; False if the run ended (or the time ran out) first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                return False
            self.lines.append(line)
            if line.startswith(prefix):
                return True
        return False

    def drain(self) -> list[str]:
        """The stderr lines that came so far (without waiting)."""
        while True:
            try:
                line = self._queue.get_nowait()
            except queue.Empty:
                return self.lines
            if line is None:
                self._queue.put(None)
                return self.lines
            self.lines.append(line)

    def signal(self, signum: int, group: bool) -> None:
        if group:
            os.killpg(self.proc.pid, signum)
        else:
            os.kill(self.proc.pid, signum)

    def finish(self, timeout: float = 120.0) -> int:
        """Wait for the exit; returns the exit code (130 for an interrupt), -N for a signal that killed it."""
        code = self.proc.wait(timeout)
        while True:
            line = self._queue.get(timeout=10)
            if line is None:
                break
            self.lines.append(line)
        return code

    @property
    def stderr(self) -> str:
        return "\n".join(self.lines)


def ingest_args(corpus: Path, db: Path, *extra: str) -> list[str]:
    return ["ingest", str(corpus), "--db", str(db), *extra]


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (the analysis workers, multiprocessing's resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie is dead: it only waits to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def survivors(pids: list[int], grace: float = 10.0) -> list[int]:
    """Which of ``pids`` are still running after at most ``grace`` seconds."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        left = [pid for pid in pids if alive(pid)]
        if not left:
            return []
        time.sleep(0.1)
    return [pid for pid in pids if alive(pid)]


def ledger_state(db: Path) -> dict[str, object]:
    """What a rerun must reproduce: the articles and texts, copy links, analysis, and no dangling references."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "distinct_raw": one("SELECT count(DISTINCT raw_sha256) FROM internal.article_sources"),
            "texts": one("SELECT hash(string_agg(text, '|' ORDER BY article_id)) FROM articles"),
            "copies": one("SELECT count(*) FROM articles WHERE copy_of_id IS NOT NULL"),
            "unanalysed": one("SELECT count(*) FROM articles WHERE analysed_at IS NULL"),
            "quotes": one("SELECT count(*) FROM quotes"),
            "mentions": one("SELECT count(*) FROM event_mentions"),
            "dangling_quotes": one("SELECT count(*) FROM quotes q ANTI JOIN articles a USING (article_id)"),
            "dangling_mentions": one("SELECT count(*) FROM event_mentions m ANTI JOIN articles a USING (article_id)"),
            "unstoried": one("SELECT count(*) FROM articles WHERE story_id IS NULL"),
        }
    finally:
        con.close()


SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM, "SIGKILL": signal.SIGKILL}
