"""Actors on real sentences: does the actors component place the parties the audit set names?

``newsledger eval actors ../shared/data/plover-audit/audit.jsonl`` reads the
PLOVER audit set (see its README) and scores the actors component alone, on
the actor and recipient spans the reviewers marked, whatever the event coder
does with them:

* the span is found in its sentence; our actor for it is the one of the
  entity covering the span's syntactic head, plus conjoined heads ("Obama
  and Putin");
* **country**: our countries (``?`` for a span without an actor or an actor
  without a country) against the gold code(s); **coverage** is the share of
  spans we give any country, **precision** the share of those that are right
  (a wrong country costs a reader more than a missing one);
* **sector**: the gold PLOVER sector among our actors' sectors.

Pronoun spans ("he", "she") are left out: resolving them is the coder's
business, not this component's. With ``--polnear DIR`` it also reports how
many PERSON/ORG mentions of PolNeAR texts get a country and a sector.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path

from newsledger.evaluate.audit import data_root, document_path, load, outlet_of

PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "its", "their"}


def _pipeline():
    from newsledger.nlp.pipeline import shared_pipeline

    return shared_pipeline(("newsledger_actors",))


def _analyse(nlp, text: str, published: dt.date | None, source: str | None):
    from newsledger.nlp.pipeline import make_doc

    return nlp(make_doc(nlp, text, published=published, source=source))


def _parties(records: list[dict]):
    """(record, role, gold part) for every coded, non-pronoun actor or recipient span."""
    for r in records:
        for e in r["events"]:
            for role in ("actor", "recipient"):
                part = e.get(role)
                if part and part.get("code") and part["text"].strip().lower() not in PRONOUNS:
                    yield r, role, part


def _entity_actors(doc, start: int, end: int) -> list[str]:
    """Actors of the entities covering the head of the character span (and its conjoined heads)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    heads = [span.root] + [c for c in span.root.conjuncts if span.start <= c.i < span.end]
    out: list[str] = []
    for head in heads:
        for e in doc._.entities or []:
            if e.actor and e.start <= head.idx < e.end and e.actor not in out:
                out.append(e.actor)
    return out


def score(path: str) -> dict:
    records = load(path)
    root = data_root(path)
    nlp = _pipeline()
    docs = {}
    checks: Counter = Counter()
    misses: list[dict] = []
    for r, role, part in _parties(records):
        if r["doc"] not in docs:
            text = document_path(root, r["corpus"], r["doc"]).read_text(encoding="utf-8")
            published = dt.date.fromisoformat(r["published"]) if r.get("published") else None
            docs[r["doc"]] = _analyse(nlp, text, published, outlet_of(r["corpus"], r["doc"]))
        doc = docs[r["doc"]]
        offset = r["text"].find(part["text"])
        start = r["start"] + offset
        ids = _entity_actors(doc, start, start + len(part["text"]))
        actors = [doc._.actors[a] for a in ids]
        countries = frozenset(a.country or "?" for a in actors) or frozenset({"?"})
        gold = frozenset(part["code"].split("|"))
        placed = "?" not in countries
        right = countries == gold
        checks["n"] += 1
        checks["placed"] += placed
        checks["right"] += right
        checks["wrong"] += placed and not right
        if part.get("sector"):
            checks["sector_n"] += 1
            checks["sector_right"] += part["sector"] in {a.sector for a in actors}
        if not right:
            misses.append({"doc": r["doc"], "text": part["text"], "gold": part["code"], "ours": sorted(countries),
                           "actors": ids})
    n = checks["n"] or 1
    return {
        "spans": checks["n"],
        "country_accuracy": checks["right"] / n,
        "country_coverage": checks["placed"] / n,
        "country_precision": checks["right"] / checks["placed"] if checks["placed"] else None,
        "wrong_country": checks["wrong"],
        "sector_accuracy": checks["sector_right"] / checks["sector_n"] if checks["sector_n"] else None,
        "sector_n": checks["sector_n"],
        "misses": misses,
    }


def polnear_coverage(directory: str, limit: int | None = None) -> dict:
    """Share of PERSON/ORG mentions in PolNeAR texts whose actor has a country, and a sector."""
    paths = sorted(Path(directory, "text").glob("*.txt"))[:limit]
    meta = _polnear_metadata(Path(directory).parent / "metadata.tsv")
    nlp = _pipeline()
    counts: Counter = Counter()
    for path in paths:
        publisher, date = meta.get(path.stem, (None, None))
        published = dt.date.fromisoformat(date) if date else None
        doc = _analyse(nlp, path.read_text(encoding="utf-8"), published, publisher)
        for e in doc._.entities:
            if e.label not in ("PERSON", "ORG") or not e.actor:
                continue
            actor = doc._.actors[e.actor]
            counts["mentions"] += 1
            counts["country"] += bool(actor.country)
            counts["sector"] += bool(actor.sector)
    n = counts["mentions"] or 1
    return {"documents": len(paths), "mentions": counts["mentions"],
            "with_country": counts["country"] / n, "with_sector": counts["sector"] / n}


def _polnear_metadata(path: Path) -> dict[str, tuple[str | None, str | None]]:
    """File name -> (publisher, publication date) from PolNeAR's metadata.tsv."""
    import csv

    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return {row["filename"]: (row.get("publisher") or None, (row.get("publication_date") or "")[:10] or None)
                for row in rows}


def run(path: str, polnear: str | None = None) -> dict:
    start = time.perf_counter()
    result = {"audit": score(path)}
    if polnear:
        result["polnear"] = polnear_coverage(polnear)
    result["seconds"] = time.perf_counter() - start
    return result


def format_report(result: dict) -> str:
    s = result["audit"]
    lines = [
        f"Actors on the audit set's actor and recipient spans (pronouns left out): {s['spans']} spans",
        f"  country right: {s['country_accuracy']:.3f}  (given a country: {s['country_coverage']:.3f}, "
        f"right when given: {s['country_precision']:.3f}, wrong: {s['wrong_country']})"
        if s["country_precision"] is not None else f"  country right: {s['country_accuracy']:.3f} (none given)",
    ]
    if s["sector_accuracy"] is not None:
        lines.append(f"  sector right: {s['sector_accuracy']:.3f} of {s['sector_n']}")
    lines.append("  misses (gold <- ours):")
    for m in s["misses"]:
        lines.append(f"    {m['doc'][:40]:<40} {m['text'][:40]!r:<44} {m['gold']} <- {','.join(m['ours'])} {m['actors']}")
    if "polnear" in result:
        p = result["polnear"]
        lines.append(f"PolNeAR PERSON/ORG mentions with an actor: {p['mentions']} in {p['documents']} documents; "
                     f"with a country {p['with_country']:.3f}, with a sector {p['with_sector']:.3f}")
    lines.append(f"  time: {result['seconds']:.1f}s")
    return "\n".join(lines)
