"""Adding 1,000 articles to an empty ledger vs to a 100,000-article ledger (issue 12, incremental resolution).

The 1,000 new reports go through the real pipeline both times (reading,
cleaning and boilerplate learning, copy detection, the spaCy analysis, the
story embeddings, stories, events, claims, outlets), into a fresh ledger and
into a copy of the big one, and the whole ``ingest`` is timed, with its
stages and resolution steps from the progress callback.

The reports are generated (:func:`write_archive_corpus`): dated happenings
of eight kinds in thirty cities, each told by one to four of four outlets in
their own words, so stories hold a few reports each, as in a news archive.
Running 100,000 articles through the NLP takes hours on this machine, so
the big ledger is built from stored rows (:mod:`big_ledger`): a base of
``--base`` reports (another seed, the month before) is ingested for real,
then replicated 99 times as other happenings: names and places rewritten,
dates shifted a month per replica, most replicas under other outlet names,
story-index states rewritten to match and embeddings moved.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_resolution.py --keep /tmp/scale4 --into empty
    PYTHONPATH=src .venv/bin/python benchmarks/bench_resolution.py --keep /tmp/scale4 --into big [--profile big.prof]

``--explain-scope`` logs, on stderr, how the resolution scope grows at
each closure step (stories tied by stored events, reviews, mentions) and
each mention pair that ties a story to it (``newsledger.resolve.run``).
The timed runs report wall and CPU seconds (this process and its analysis
workers) and the load average before and after: on a shared machine the
wall seconds move with the load.

``--keep DIR`` keeps the corpora, the base and big ledgers and the empty
run's ledger there, and later runs start from them (the timed run into the
big ledger works on a copy). ``--resolve-only ANALYSED BIG`` times the
resolution step alone: the analysed new articles of ANALYSED (the empty
run's ledger) resolved in a fresh ledger, and added unresolved to a copy
of BIG and resolved there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))
import big_ledger  # noqa: E402

from newsledger.ledger import Ledger  # noqa: E402

BASE_FIRST_DAY = dt.date(2025, 9, 1)  # the base's month; replica k is k * big_ledger.SHIFT_DAYS days earlier
NEW_FIRST_DAY = dt.date(2025, 10, 1)  # the new reports' month, after the base's



CITIES = ["Lisbon", "Nairobi", "Lima", "Hanoi", "Tbilisi", "Accra", "Quito", "Riga", "Dakar", "Manila", "Porto", "Mombasa",
          "Cusco", "Hue", "Batumi", "Kumasi", "Cuenca", "Tartu", "Thies", "Cebu", "Braga", "Kisumu", "Arequipa", "Danang",
          "Kutaisi", "Tamale", "Loja", "Liepaja", "Ziguinchor", "Davao"]
FIRST = ["Ana", "Peter", "Rosa", "Minh", "Giorgi", "Kofi", "Lucia", "Marta", "Daniel", "Amina", "Tomas", "Nino", "Ama",
         "Carlos", "Linh", "Ilze", "Moussa", "Grace", "Jorge", "Elena", "Samuel", "Ivy", "Pedro", "Fatou", "Oscar"]
LAST = ["Costa", "Otieno", "Quispe", "Tran", "Beridze", "Mensah", "Andrade", "Silva", "Mwangi", "Flores", "Nguyen",
        "Kapanadze", "Owusu", "Vera", "Ozols", "Diop", "Reyes", "Santos", "Kamau", "Huaman", "Pham", "Gelashvili",
        "Boateng", "Ortiz", "Berzins"]
# What happened: a headline, a lead clause and a detail sentence per kind; {n} a count, {who} a named person.
KINDS = [
    ("Police arrest {n} protesters in {city}", "police arrested {n} protesters outside the city hall",
     "The protesters had gathered to oppose a rise in bus fares, and {who}, who organised the march, was among those held."),
    ("{city} opens {n} clinics", "the health ministry opened {n} new clinics in the northern districts",
     "Health official {who} said the clinics would serve families who until now travelled hours to see a doctor."),
    ("Teachers' union signs deal in {city}", "the government signed an agreement with the teachers' union after {n} days of talks",
     "Union leader {who} said the deal raises pay for junior teachers and ends the strike in the schools."),
    ("Firefighters rescue {n} in {city} blaze", "firefighters rescued {n} residents from a burning apartment block",
     "Fire chief {who} said the blaze started on the third floor and took several hours to bring under control."),
    ("Port strike halts {n} ships in {city}", "workers at the main port began a strike over pay that has halted {n} ships",
     "Dock workers' representative {who} said the strike would continue until the port authority made a new offer."),
    ("Flooding forces {n} families from homes in {city}", "floods forced {n} families to leave their homes after two days of heavy rain",
     "Emergency coordinator {who} said shelters had been opened in schools and a sports hall."),
    ("Court jails {n} over {city} fraud", "a court sentenced {n} former officials for diverting public funds",
     "Prosecutor {who} told the court the money had been meant for road repairs."),
    ("{n} injured as bus overturns near {city}", "a bus overturned on the coastal road, injuring {n} passengers",
     "Driver {who} was taken to hospital with the others, and police said they were examining the brakes."),
]
LEADS = [
    "{CITY} — In {city} on {weekday}, {lead}, officials said.",
    "{city} officials said {lead} on {weekday}.",
    "On {weekday}, {lead} in {city}, according to local authorities.",
    "{lead_cap} in {city} on {weekday}, the authorities confirmed.",
]
EXTRA = [
    "\"We will keep working until this is settled,\" said {who2}, a spokesperson in {city}.",
    "Residents interviewed by reporters said they had expected trouble for weeks.",
    "The mayor's office said it would publish a full account within {m} days.",
    "{who2}, a local councillor, called for an independent review of what happened.",
    "Similar events were reported in the region last year, though on a smaller scale.",
    "Opposition politicians said the response had been too slow.",
]


def write_archive_corpus(folder: Path, n: int, seed: int, first_day: dt.date, days: int = 30,
                         outlets: int = 4, per_happening: tuple[int, ...] = (1, 1, 2, 2, 3, 4)) -> Path:
    """``n`` dated reports of distinct happenings, each happening told by one to four outlets in their own words.

    What a news archive looks like to the ledger, at generator scale: a
    happening (a kind, a city, a day, a count, named people) is reported by
    ``per_happening`` outlets (drawn), each with its own lead sentence,
    choice of details and order, published that day or up to two days
    later, with the outlet's footer line (boilerplate it repeats). One JSONL
    file per outlet (title, text, published, source). The faultkit corpus
    (one template, 60 kinds) makes 89% of 1,000 reports near copies and
    stories of 200 reports; this one makes stories of a few reports each.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = {f"desk{i}": (folder / f"desk{i}.jsonl").open("w", encoding="utf-8") for i in range(outlets)}
    written = 0
    try:
        while written < n:
            day = first_day + dt.timedelta(days=rng.randrange(days))
            head, lead, detail = rng.choice(KINDS)
            facts = {"city": rng.choice(CITIES), "n": rng.randint(2, 90), "m": rng.randint(2, 30),
                     "who": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "who2": f"{rng.choice(FIRST)} {rng.choice(LAST)}"}
            facts["lead"] = lead.format(**facts)
            facts["lead_cap"] = facts["lead"][0].upper() + facts["lead"][1:]
            facts["CITY"] = facts["city"].upper()
            for outlet in rng.sample(sorted(files), min(rng.choice(per_happening), len(files))):
                if written >= n:
                    break
                published = day + dt.timedelta(days=rng.choice((0, 0, 1, 2)))
                facts["weekday"] = day.strftime("%A") if published != day else f"last {day.strftime('%A')}" if (published - day).days > 6 else day.strftime("%A")
                body = [rng.choice(LEADS).format(**facts), detail.format(**facts)]
                body += [x.format(**facts) for x in rng.sample(EXTRA, rng.randint(1, 3))]
                body[1:] = rng.sample(body[1:], len(body) - 1)
                body.append(f"Reporting by the {outlet} news desk. Copyright {day.year}, all rights reserved.")
                record = {"title": head.format(**facts), "text": "\n\n".join(body) + "\n",
                          "published": published.isoformat(), "source": outlet}
                files[outlet].write(json.dumps(record) + "\n")
                written += 1
    finally:
        for f in files.values():
            f.close()
    return folder


def timed_ingest(db: Path, corpus: Path, profile: Path | None = None) -> dict:
    """Ingest ``corpus`` into ``db`` (one analysis process); seconds overall, per stage and per resolution step.

    ``profile``: write a cProfile of the ingest there (``python -m pstats``).
    """
    marks: dict[tuple[str, int], float] = {}

    def progress(stage: str, done: int, total: int | None) -> None:
        marks.setdefault((stage, done if stage == "resolve" else 0), time.perf_counter())

    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
    load_before, cpu_before = os.getloadavg()[0], os.times()
    start = time.perf_counter()
    with Ledger(db, n_process=1) as ledger:
        if profiler:
            profiler.enable()
        summary = ledger.ingest([str(corpus)], progress=progress)
        end = time.perf_counter()
        if profiler:
            profiler.disable()
            profiler.dump_stats(str(profile))
        n = ledger.store.scalar("SELECT count(*) FROM articles")
    cpu = _cpu_seconds(cpu_before)
    resolve = marks.get(("resolve", 0), end)
    stages = {}
    for (stage, _), t in sorted(((k, t) for k, t in marks.items() if k[0] != "resolve"), key=lambda kt: kt[1]):
        stages.setdefault(stage, round(t - start, 1))
    steps = sorted((k[1], t) for k, t in marks.items() if k[0] == "resolve") + [(None, end)]
    return {
        "articles_after": n, "ingested": summary.ingested, "events": summary.events, "stories": summary.stories,
        "seconds": round(end - start, 1), "cpu_s": cpu, "load_avg": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "store_and_analyse_s": round(resolve - start, 1), "resolve_s": round(end - resolve, 1),
        "stage_starts_s": stages,
        "resolve_steps_s": {RESOLVE_STEP_NAMES[step]: round(t1 - t0, 1) for (step, t0), (_, t1) in zip(steps, steps[1:])
                            if step is not None and step < len(RESOLVE_STEP_NAMES)},
    }


def _cpu_seconds(before) -> float:
    """CPU seconds (user + system) of this process and of its analysis workers since ``before`` (``os.times()``).

    The machine is shared, so wall seconds move with the load; CPU seconds
    much less. The workers count once they have exited and been reaped.
    """
    import multiprocessing

    deadline = time.perf_counter() + 60
    while multiprocessing.active_children() and time.perf_counter() < deadline:  # reaps the pool's exited workers
        time.sleep(0.2)
    after = os.times()
    return round(sum(after[:4]) - sum(before[:4]), 1)


# What ``Ledger.resolve`` reports as steps 0..6 (newsledger.ledger.RESOLVE_STEPS).
RESOLVE_STEP_NAMES = ["copies", "stories", "anchored dates", "scope", "events and claims", "outlets", "labels and reviews"]


def resolve_only(analysed: Path, big: Path, work: Path, profile: Path | None = None) -> dict:
    """Resolution alone: the same analysed new articles resolved in their own ledger and added to the big one.

    ``analysed``: a ledger of only the new articles (the ``empty`` run's).
    Their stored rows (articles, sources, signatures, origins, analyses) are
    copied, unresolved (no story, event or claim), into a fresh ledger and
    into a copy of ``big``; ``Ledger.resolve()`` is timed in each.
    """
    out = {}
    for name, start in (("empty", None), ("big", big)):
        db = work / f"resolve_{name}.duckdb"
        db.unlink(missing_ok=True)
        if start is not None:
            shutil.copyfile(start, db)
        with Ledger(db) as ledger:
            with ledger.store.transaction():
                _add_unresolved(ledger.store.con, analysed)
            ledger.store.release()
            t, cpu = time.perf_counter(), time.process_time()
            if profile and name == "big":
                import cProfile

                profiler = cProfile.Profile()
                resolved = profiler.runcall(ledger.resolve)
                profiler.dump_stats(str(profile))
            else:
                resolved = ledger.resolve()
            out[name] = {"articles": ledger.store.scalar("SELECT count(*) FROM articles"), "stories": resolved.stories,
                         "events": resolved.events, "resolve_s": round(time.perf_counter() - t, 1),
                         "cpu_s": round(time.process_time() - cpu, 1), "load_avg": round(os.getloadavg()[0], 1)}
        print(json.dumps({"resolve_into": name, **out[name]}), file=sys.stderr, flush=True)
    return out


def _add_unresolved(con, analysed: Path) -> None:
    con.execute(f"ATTACH '{analysed}' AS new (READ_ONLY)")
    con.execute("INSERT INTO articles SELECT * REPLACE (NULL AS story_id) FROM new.articles")
    for table in ("internal.article_sources", "internal.minhashes", "article_origins", "removed_lines",
                  "entities", "times", "article_time_frames", "mention_counts"):
        con.execute(f"INSERT INTO {table} SELECT * FROM new.{table}")
    con.execute("INSERT INTO quotes SELECT * REPLACE (NULL AS claim_id) FROM new.quotes")
    con.execute("INSERT INTO event_mentions SELECT * REPLACE (NULL AS event_id) FROM new.event_mentions")
    con.execute("INSERT INTO actors SELECT * FROM new.actors WHERE actor_id NOT IN (SELECT actor_id FROM actors)")
    # detached when the connection is released


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--new", type=int, default=1000, help="reports added in each timed run")
    ap.add_argument("--base", type=int, default=1000, help="reports ingested for real, then replicated")
    ap.add_argument("--copies", type=int, default=100, help="replicas of the base in the big ledger (the base included)")
    ap.add_argument("--keep", help="keep the corpora, base and big ledgers in this folder, and start from them when there")
    ap.add_argument("--into", choices=("both", "empty", "big"), default="both", help="which timed run(s) to do")
    ap.add_argument("--profile", help="write a cProfile of the timed run (or resolution) into the big ledger to this file")
    ap.add_argument("--explain-scope", action="store_true",
                    help="log the resolution scope's growth at each closure step and the mention pairs that tie stories")
    ap.add_argument("--resolve-only", nargs=2, metavar=("ANALYSED", "BIG"),
                    help="time only the resolution of a ledger of analysed new articles, alone and added to BIG")
    args = ap.parse_args()
    if args.explain_scope:
        import logging

        logging.basicConfig(format="%(asctime)s %(name)s %(message)s")
        logging.getLogger("newsledger.resolve.run").setLevel(logging.DEBUG)
    if args.resolve_only:
        with tempfile.TemporaryDirectory(prefix="bench_resolution_") as tmp:
            out = resolve_only(Path(args.resolve_only[0]), Path(args.resolve_only[1]), Path(tmp),
                               Path(args.profile) if args.profile else None)
        print(json.dumps({"machine": f"{platform.machine()} {os.cpu_count()} cores", **out,
                          "ratio": round(out["big"]["resolve_s"] / out["empty"]["resolve_s"], 2)}))
        return
    with tempfile.TemporaryDirectory(prefix="bench_resolution_") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        new = work / "new_in"
        if not new.exists():
            write_archive_corpus(new, args.new, seed=23, first_day=NEW_FIRST_DAY)
        base = work / "base.duckdb"
        if not base.exists():
            write_archive_corpus(work / "base_in", args.base, seed=11, first_day=BASE_FIRST_DAY)
            t = time.perf_counter()
            with Ledger(base, n_process=1) as ledger:
                ledger.ingest([str(work / "base_in")])
            print(f"base ledger: {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
        big = work / "big.duckdb"
        if args.into != "empty" and not big.exists():
            t = time.perf_counter()
            big_ledger.build(base, big, args.copies, log=lambda line: print(line, file=sys.stderr, flush=True))
            print(f"big ledger: {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
        write_archive_corpus(Path(tmp) / "warm", 5, seed=5, first_day=NEW_FIRST_DAY)
        timed_ingest(Path(tmp) / "warm.duckdb", Path(tmp) / "warm")  # imports and the model load, paid by neither timed run
        out: dict = {"machine": f"{platform.machine()} {os.cpu_count()} cores", "new": args.new}
        if args.into in ("both", "empty"):
            empty_db = work / "empty.duckdb"  # kept with --keep: the analysed new reports, for --resolve-only
            empty_db.unlink(missing_ok=True)
            out["empty"] = timed_ingest(empty_db, new)
            print(json.dumps({"into": "empty", **out["empty"]}), file=sys.stderr, flush=True)
        if args.into in ("both", "big"):
            into = Path(tmp) / "big_run.duckdb"
            shutil.copyfile(big, into)  # the kept big ledger stays as built
            out["big"] = timed_ingest(into, new, Path(args.profile) if args.profile else None)
            into.unlink()
            print(json.dumps({"into": "big", **out["big"]}), file=sys.stderr, flush=True)
        if "empty" in out and "big" in out:
            out["ratio"] = round(out["big"]["seconds"] / out["empty"]["seconds"], 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
