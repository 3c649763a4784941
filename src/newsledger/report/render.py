"""The ledger as a reader sees it: stories, a dated timeline, corroboration, contradictions, quotes."""

from __future__ import annotations

import html
import json
from typing import Any

from newsledger.report.query import list_claims, list_events
from newsledger.store.db import Store

FORMATS = ("markdown", "html", "json")
KEY_QUOTES = 3
QUOTE_MARKS = "\"“”‘’'"
# a key quote is a statement with a known speaker: at least this many words
KEY_QUOTE_MIN_WORDS = 4


def is_key_quote(claim: dict[str, Any]) -> bool:
    """Shown under "Key quotes": the speaker is resolved to an actor and the words are a
    statement, not a fragment such as "the call" (the ledger keeps such quotes, the
    report does not put them forward)."""
    words = [w for w in (claim.get("text") or "").split() if any(ch.isalnum() for ch in w)]
    return bool(claim.get("speaker")) and len(words) >= KEY_QUOTE_MIN_WORDS


def gather(store: Store) -> dict[str, Any]:
    stories = store.rows("SELECT id, label, first_published, last_published, n_articles FROM stories ORDER BY first_published NULLS LAST, id")
    events = list_events(store)
    claims = list_claims(store)
    for s in stories:
        s["articles"] = store.rows(
            "SELECT id, source, title, published, duplicate_of FROM articles WHERE story = ? ORDER BY published NULLS LAST, seq", [s["id"]]
        )
        s["events"] = [e for e in events if e["story"] == s["id"]]
        s["claims"] = [c for c in claims if c["story"] == s["id"] and is_key_quote(c)][:KEY_QUOTES]
    totals = store.one(
        "SELECT count(*) AS articles, count(duplicate_of) AS copies, count(DISTINCT source) AS outlets FROM articles"
    )
    totals["events"] = len(events)
    totals["single_source_events"] = sum(1 for e in events if e["single_source"])
    totals["contradictions"] = sum(len(e["contradictions"]) for e in events)
    outlets = store.rows("SELECT source, n_articles, score, evidence FROM outlets ORDER BY score DESC, source")
    for o in outlets:
        o["evidence"] = json.loads(o["evidence"]) if o["evidence"] else {}
    unstoried = [e for e in events if e["story"] is None]
    return {"totals": totals, "stories": stories, "unstoried_events": unstoried, "outlets": outlets}


def render(store: Store, format: str = "markdown") -> str:
    if format not in FORMATS:
        raise ValueError(f"unknown report format {format!r}: choose one of {', '.join(FORMATS)}")
    data = gather(store)
    if format == "json":
        return json.dumps(data, default=str, ensure_ascii=False, indent=2)
    md = markdown(data)
    return md if format == "markdown" else to_html(md)


def _event_line(e: dict[str, Any]) -> str:
    date = e["date"] or "date unknown"
    who = ", ".join(a["name"] for a in e["actors"]) or "unknown actor"
    whom = ", ".join(a["name"] for a in e["recipients"])
    what = e["type"] + (f"/{e['mode']}" if e["mode"] else "")
    flags = []
    if e["modality"] and e["modality"] != "asserted":
        flags.append(e["modality"])
    if e["single_source"]:
        flags.append("single source")
    flag = f" _({'; '.join(flags)})_" if flags else ""
    where = f" in {e['location']}" if e["location"] else ""
    sources = ", ".join(e["sources"]) or "unknown outlet"
    parties = f"{who}" + (f" → {whom}" if whom else "")
    if e["type"] == "DISASTER":
        parties = f"affecting {whom}" if whom else "no one named"
    line = (
        f"- **{date}** {what}: {parties}{where}{flag}  \n"
        f"  {e['independent_sources']} independent source(s) of {len(e['mentions'])} mention(s): {sources}"
    )
    if e["mentions"]:
        m = e["mentions"][0]
        sentence = " ".join((m["sentence"] or "").split())
        line += f"  \n  > {sentence[:240]} — `{m['article']}:{m['start']}-{m['end']}`"
    for c in e["contradictions"]:
        line += (
            f"  \n  ⚠ contradiction ({c['kind']}): `{c['article_a']}` says {c['value_a']!r}, "
            f"`{c['article_b']}` says {c['value_b']!r}"
        )
    return line


def markdown(data: dict[str, Any]) -> str:
    t = data["totals"]
    out = [
        "# newsledger report",
        "",
        f"{t['articles']} articles ({t['copies']} copies of other reports) from {t['outlets']} outlets; "
        f"{len(data['stories'])} stories; {t['events']} events, {t['single_source_events']} resting on a single source; "
        f"{t['contradictions']} contradictions between outlets.",
    ]
    for s in data["stories"]:
        out += ["", f"## Story {s['id']}: {s['label'] or '(untitled)'}", ""]
        span = f"{s['first_published'] or '?'} – {s['last_published'] or '?'}"
        out.append(f"{s['n_articles']} articles, published {span}.")
        out += ["", "Reports:"]
        for a in s["articles"]:
            copy = f" (copy of `{a['duplicate_of']}`)" if a["duplicate_of"] else ""
            out.append(f"- `{a['id']}` {a['published'] or 'undated'} · {a['source'] or 'unknown outlet'} · {a['title'] or '(no title)'}{copy}")
        if s["events"]:
            out += ["", "Timeline:"]
            out += [_event_line(e) for e in s["events"]]
        if s["claims"]:
            out += ["", "Key quotes:"]
            for c in s["claims"]:
                single = " _(single source)_" if c["single_source"] else ""
                said = " ".join(c["text"].split()).strip(QUOTE_MARKS)[:300]
                out.append(f"- {c['speaker_name'] or 'unattributed'}: “{said}” — {c['independent_sources']} independent source(s){single}")
    if data["unstoried_events"]:
        out += ["", "## Events outside any story", ""]
        out += [_event_line(e) for e in data["unstoried_events"]]
    if data["outlets"]:
        out += ["", "## Outlets", "", "| outlet | articles | score | evidence |", "|---|---|---|---|"]
        for o in data["outlets"]:
            ev = o["evidence"]
            out.append(
                f"| {o['source']} | {o['n_articles']} | {o['score']:.2f} | {ev.get('events_corroborated', 0)}/{ev.get('events', 0)} events corroborated, "
                f"{ev.get('copies', 0)} copies, {ev.get('contradictions', 0)} contradictions, {ev.get('articles_with_spam', 0)} with spam |"
            )
    return "\n".join(out) + "\n"


def to_html(md: str) -> str:
    """A self-contained page; the markdown is shown as preformatted text with light structure."""
    body = []
    for line in md.splitlines():
        esc = html.escape(line)
        if line.startswith("# "):
            body.append(f"<h1>{esc[2:]}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{esc[3:]}</h2>")
        elif line.strip():
            body.append(f"<p>{esc}</p>")
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>newsledger report</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.4}p{margin:.2rem 0}</style>"
        "</head><body>" + "\n".join(body) + "</body></html>\n"
    )
