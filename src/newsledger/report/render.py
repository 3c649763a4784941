"""The ledger as a reader sees it: stories, a dated timeline, corroboration, contradictions, quotes."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any

from newsledger.nlp.counts import with_qualifier
from newsledger.report.query import (
    default_threshold, hidden_event_count, list_claims, list_events, list_outlets, list_stories, single_source_tag,
    story_articles, told_elsewhere,
)
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
    words = [w for w in (claim.get("claim_text") or "").split() if any(ch.isalnum() for ch in w)]
    return bool(claim.get("speaker_id")) and len(words) >= KEY_QUOTE_MIN_WORDS


FRAME_SOURCES = {"inferred": "from its text", "story": "from its story", "dateline": "from its dateline"}


def _published(article: dict[str, Any]) -> str:
    """The publication date, or for an undated report the date its times were read against, marked as inferred
    ("undated" alone hid that a wire's dateline or its story dates it)."""
    if article.get("published"):
        return str(article["published"])
    if article.get("frame_date") and article.get("frame_from") in FRAME_SOURCES:
        return f"undated (~{article['frame_date']} {FRAME_SOURCES[article['frame_from']]})"
    return "undated"


def _mention_count(event: dict[str, Any]) -> str:
    """What the sources are counted from: the shown mentions (``resolve.events.shown_voices``), and how many weaker
    ones the line holds without counting them.

    Printing only the shown ones read as "3 independent source(s) of 1 mention(s)" while every mention counted;
    since round 8 a mention too weak to be shown makes no outlet a source ("welcome to the last Dispatch" made The
    Morning Dispatch a source of Putin's thanks), and the line says so. A line with no shown mention counts them all.
    Round 8b: a weak telling stating the line's own day counts (``resolve.events.tells_the_shown_day``), so the
    weaker ones are "not shown"; the outlets left uncounted are named (:func:`uncounted_note`).
    """
    shown = len(event.get("mentions") or [])
    total = max(int(event.get("n_mentions") or 0), shown)
    if total == shown or not shown:
        return f"{total} mention(s)"
    return f"{shown} shown mention(s) ({total - shown} weaker, not shown)"


def quoted_words(text: str, kind: str, limit: int = 300) -> str:
    """A claim's words as the report prints them: direct speech inside “ ”, reported
    (indirect) speech as a paraphrase, never dressed up as verbatim.

    The stored span of a direct quote may include its own quotation marks; they are
    replaced by the report's marks only when they enclose the whole span (stripping
    every mark at the ends cut a content's own closing quote, as in “…rather than "would.”).
    """
    said = " ".join((text or "").split())
    if kind != "direct":
        return f"(reported speech) {said[:limit]}"
    if len(said) >= 2 and said[0] in QUOTE_MARKS and said[-1] in QUOTE_MARKS and not any(m in said[1:-1] for m in "\"“”"):
        said = said[1:-1]
    return f"“{said[:limit]}”"


def gather(store: Store, min_confidence: float | None = None) -> dict[str, Any]:
    """Everything the report shows; events at or above ``min_confidence`` (default: the settings' threshold)."""
    threshold = default_threshold() if min_confidence is None else float(min_confidence)
    stories = list_stories(store)
    events = list_events(store, min_confidence=threshold)
    claims = list_claims(store)
    for s in stories:
        s["articles"] = story_articles(store, s["story_id"])
        s["events"] = [e for e in events if e["story_id"] == s["story_id"]]
        s["claims"] = [c for c in claims if c["story_id"] == s["story_id"] and is_key_quote(c)][:KEY_QUOTES]
    totals = store.one(
        "SELECT count(*) AS articles, count(copy_of_id) AS copies, count(DISTINCT outlet) AS outlets FROM articles"
    )
    totals["events"] = len(events)
    totals["single_source_events"] = sum(1 for e in events if e["single_source"])
    totals["single_source_told_elsewhere"] = sum(1 for e in events if e["single_source"] and told_elsewhere(e))
    totals["contradictions"] = sum(len(e["contradictions"]) for e in events)
    totals["min_confidence"] = threshold
    totals["hidden_events"] = hidden_event_count(store, threshold)
    unstoried = [e for e in events if e["story_id"] is None]
    return {"totals": totals, "stories": stories, "unstoried_events": unstoried, "outlets": list_outlets(store)}


def render(store: Store, format: str = "markdown", min_confidence: float | None = None) -> str:
    if format not in FORMATS:
        raise ValueError(f"unknown report format {format!r}: choose one of {', '.join(FORMATS)}")
    data = gather(store, min_confidence)
    if format == "json":
        return json.dumps(data, default=str, ensure_ascii=False, indent=2)
    md = markdown(data)
    return md if format == "markdown" else to_html(md)


def uncounted_note(event: dict[str, Any]) -> str:
    """"; also in weaker passages, not counted: X, Y" (and the other reasons an outlet's telling is not counted)."""
    why = event.get("uncounted_outlets") or {}
    return "".join(f"; also in {reason}, not counted: {', '.join(outlets)}" if reason != "told as a plan or possibility"
                   else f"; also {reason}, not counted: {', '.join(outlets)}" for reason, outlets in why.items())


def low_score_note(event: dict[str, Any], scores: dict[str, float]) -> str:
    """For a line whose counted sources are all outlets scoring below the assessment's baseline, their scores.

    reader10 N13: the US tip-off to Russia read "single source: truthpatriot-news.info", a partisan blog
    scoring 0.40, with nothing telling the reader what that source is worth; the outlet table lower down
    had the figure. Shown only when every counted outlet is known and below ``assess.outlets.BASELINE``
    (more signals against it than for it), so a line resting on a trusted wire carries no note."""
    from newsledger.assess.outlets import BASELINE

    counted = event.get("outlets") or []
    known = [o for o in counted if o in scores]
    if not counted or len(known) < len(counted) or any(scores[o] >= BASELINE for o in known):
        return ""
    marks = ", ".join(f"{o} {scores[o]:.2f}" for o in known)
    return f" (only outlet(s) scoring below the {BASELINE:.2f} baseline: {marks})"


def _event_line(e: dict[str, Any], scores: dict[str, float] | None = None) -> str:
    date = _date(e["event_date"], e["date_precision"]) or "date unknown"
    who = ", ".join(e.get("actor_parties") or distinct_names(e["actor_names"])) or "unknown actor"
    whom = ", ".join(e.get("recipient_parties") or distinct_names(e["recipient_names"]))
    what = e["event_type"] + _mode_shown(e)
    flags = []
    if e["modality"] and e["modality"] != "asserted":
        flags.append(e["modality"])
    if e.get("credited_to"):  # every counted telling is what one source said (``report.query.credited_sources``)
        flags.append(f"according to {e['credited_to']}")
    if e["single_source"]:
        flags.append(e.get("single_source_tag") or single_source_tag(e))
    flag = f" _({'; '.join(flags)})_" if flags else ""
    where = f" in {e['place']}" if e["place"] else ""
    outlets = (", ".join(e["outlets"]) or "unknown outlet") + low_score_note(e, scores or {}) + uncounted_note(e)
    parties = f"{who}" + (f" → {whom}" if whom else "")
    if e["event_type"] == "DISASTER":
        parties = f"affecting {whom}" if whom else "no one named"
    line = (
        f"- **{date}** {what}: {parties}{where}{flag}  \n"
        f"  {e['independent_outlets']} independent source(s) of {_mention_count(e)}: {outlets}"
    )
    if e.get("evidence") or e["mentions"]:
        m = e.get("evidence") or e["mentions"][0]
        sentence = " ".join((m["sentence_text"] or "").split())
        line += f"  \n  > {sentence[:240]} — `{m['article_id']}:{m['trigger_start']}-{m['trigger_end']}`"
    for kind, updates in _updates_by_kind(e.get("count_updates") or []).items():
        steps = " → ".join(f"{with_qualifier(_figure(u['value']), u.get('qualifier'))} ({_day(u['as_of'])}, "
                           f"{u['outlet'] or 'unknown outlet'})" for u in updates)
        line += f"  \n  {_progression_mark(updates)} {kind} as reported over time: {steps}"
    for c in e["contradictions"]:
        line += "  \n  " + contradiction_line(c)
    return line


def _mode_shown(e: dict[str, Any]) -> str:
    """"/state of emergency (coded martial-law)": the words the reports used when PLOVER's mode name says
    more (``report.query.mode_label``), the coded mode kept beside them; else "/mode"."""
    mode = e.get("mode")
    if not mode:
        return ""
    label = e.get("mode_label") or mode
    return f"/{mode}" if label == mode else f"/{label} (coded {mode})"


def _progression_mark(updates: list[dict[str, Any]]) -> str:
    """↗ for a count that only grows; ↕ when a later report gives a little less.

    A later figure within ``resolve.events.DROP_TOLERANCE`` of an earlier one is
    an update, not a contradiction (a count revised down by one), but an upward
    arrow over "7 → 6" told a reader the count grew (GVC, a barbershop shooting).
    """
    values = [u["value"] for u in updates]
    return "↗" if all(a <= b for a, b in zip(values, values[1:])) else "↕"


def distinct_names(names: list[str] | None) -> list[str]:
    """Each name once, in order: two parties written alike ("people" in the text, "people" of Morocco
    known by its country) read as one word repeated ("affecting Morocco, people, people" on the demo)."""
    unique = list(dict.fromkeys(n for n in names or [] if n))
    return [n for n in unique if not any(_names_more_of(longer, n) for longer in unique if longer != n)]


def _names_more_of(longer: str, name: str) -> bool:
    """``longer`` names the same party as ``name`` with more words before it: "Russian Foreign
    Ministry" and "Foreign Ministry" (one body named by two reports, shown twice on the demo),
    "United States federal grand jury" and "federal grand jury". Only when the extra words start
    with a country's name or adjective, or the shorter is a common noun ("officers" beside "Russian
    military intelligence officers"); a country is never folded into a longer name ("Korea" and
    "North Korea" are two countries)."""
    if not longer.endswith(" " + name) or name in _country_words():
        return False
    extra = longer[: -len(name)].strip()
    return name[:1].islower() or any(extra == w or extra.startswith(w + " ") for w in _country_words())


def country_of_word(word: str) -> str | None:
    """The country a country's name or nationality word names ("Russian", "Russians" -> RUS)."""
    return _country_by_word().get(word.lower())


@lru_cache(maxsize=1)
def _country_by_word() -> dict[str, str]:
    from newsledger.nlp.kb import load_kb

    out: dict[str, str] = {}
    for c in load_kb().countries.values():
        for w in [c.name, *c.names, *c.adjectives]:
            if w:
                out.setdefault(w.lower(), c.iso3)
    return out


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    """Countries' names and adjectives as the knowledge base writes them ("Russia", "Russian", "United States")."""
    from newsledger.nlp.kb import load_kb

    words: set[str] = set()
    for c in load_kb().countries.values():
        words.update([c.name, *c.names, *c.adjectives])
    return frozenset(w for w in words if w)


def _date(day: Any, precision: str | None) -> str | None:
    """A stored (date, precision) as the analysis wrote it: "2017-01-28", "2017-01", "2017"."""
    from newsledger.store.dates import to_value

    return to_value(day, precision)


def contradiction_line(c: dict[str, Any]) -> str:
    """One disputed fact: each value with the outlets behind it, its side and a passage; pairs for rows of older ledgers."""
    when = f" for {_day(c['as_of'])}" if c.get("as_of") else ""
    if c.get("values"):
        groups = "; ".join(_value_group(v, c["kind"], c["values"]) for v in c["values"])
        verdict = "" if c.get("resolution") == "majority" else " _(unresolved: no value has a majority of outlets)_"
        return f"⚠ contradiction ({c['kind']}{when}): {groups}{verdict}"
    sides = []
    for side in ("a", "b"):
        passage = " ".join((c.get(f"{side}_passage") or "").split())
        quote = f": “…{passage}…”" if passage else ""
        sides.append(f"{c.get(f'{side}_outlet') or 'unknown outlet'} says {c[f'{side}_value']!r}{quote} "
                     f"`{c[f'{side}_article_id']}:{c[f'{side}_start']}-{c[f'{side}_end']}`")
    return f"⚠ contradiction ({c['kind']}{when}): " + "; ".join(sides)


# A toll's outlier is a figure too high for the counts other outlets gave that day or later
# (``resolve.disputes.count_sides``); those counts differ among themselves (a toll rises), so the
# report names them for what they are, each with its day, not as one "majority" value: on the demo
# "more than 7,800 [majority]" (7 Feb) and "more than 17,000 [majority]" (9 Feb) stood side by side.
LOWER_COUNT = "lower count, same day or later"


def _value_group(v: dict[str, Any], kind: str = "", values: list[dict[str, Any]] = ()) -> str:
    """"'7.4' — Harbor Press Agency (citing AFAD) [outlier]: “…passage…” `article:start-end`" (a toll as '20,000')."""
    who = ", ".join(dict.fromkeys(v.get("reported_by") or [])) or "unknown outlet"
    shown = value_side(v, values)
    side = f" [{shown}]" if shown in ("majority", "outlier") else " [cited: credited to its source]" if shown == "cited" else ""
    disputed = credit_disputes(v, values) if shown != "majority" else []
    if disputed:
        side += f" [{'; '.join(disputed)}]"
    toll = kind.startswith("count:") and kind != "count:magnitude"
    if toll and shown == "majority":
        side = f" [{LOWER_COUNT}]"
    when = f" ({_day(v['as_of'])})" if toll and v.get("as_of") else ""
    passage = " ".join((v.get("first_passage") or "").split())
    quote = f": “…{passage}…”" if passage else ""
    value = v["value"]
    try:
        if kind == "count:magnitude":  # a magnitude is written to one decimal: "7.0", not "7"
            value = f"{float(value):.1f}"
        elif kind.startswith("count:"):
            value = with_qualifier(_figure(float(value)), v.get("qualifier"))
    except ValueError:
        pass
    return f"{value!r}{when} — {who}{side}{quote} `{v['first_article_id']}:{v['first_start']}-{v['first_end']}`"


CITING = re.compile(r"\(citing (.+)\)$")


def value_side(v: dict[str, Any], values: list[dict[str, Any]] = ()) -> str | None:
    """A value group's side as the outlets' pages judge it (``assess.outlets.judged_side``): an outlier value
    that every report credits to a checkable source is ``cited``, not the outlets' own outlying claim,
    unless another value of the dispute (``values``) is credited to the same source (``credit_disputed``)."""
    from newsledger.assess.outlets import credit_disputed, judged_side

    side = v.get("side")
    if side != "outlier":
        return side
    credits = credits_by_value(values)
    cited = [CITING.search(r or "") for r in v.get("reported_by") or []]
    if cited and all(c and judged_side(side, c.group(1), credit_disputed(c.group(1), v.get("value"), credits)) == "cited"
                     for c in cited):
        return "cited"
    return side


def credits_by_value(values: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Each value of a dispute -> the sources its reports credit it to (from ``reported_by``)."""
    out: dict[str, set[str]] = {}
    for g in values:
        out[g["value"]] = {c.group(1) for r in g.get("reported_by") or [] if (c := CITING.search(r or ""))}
    return out


def credit_disputes(v: dict[str, Any], values: list[dict[str, Any]]) -> list[str]:
    """"Harbor Press Agency credits the interior ministry with '2023-09-08'": each other value of the dispute
    credited to a source this value is credited to, so a reader sees the outlets disagree on what it said."""
    from newsledger.assess.outlets import credited_source_key as source_key

    mine = {source_key(c.group(1)): c.group(1) for r in v.get("reported_by") or [] if (c := CITING.search(r or ""))}
    out = []
    for g in values:
        if g is v or g.get("value") == v.get("value"):
            continue
        for r in g.get("reported_by") or []:
            c = CITING.search(r or "")
            if c and source_key(c.group(1)) in mine:
                outlet = r[: c.start()].strip() or "unknown outlet"
                out.append(f"{outlet} credits {mine[source_key(c.group(1))]} with {g['value']!r}")
    return list(dict.fromkeys(out))


def _updates_by_kind(updates: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for u in updates:
        out.setdefault(u["kind"], []).append(u)
    return out


def _figure(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def _day(value: Any) -> str:
    """"2023-02-06" -> "6 Feb 2023"."""
    if value is None:
        return "undated"
    day = value if hasattr(value, "strftime") else None
    if day is None:
        import datetime as dt

        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    return f"{day.day} {day.strftime('%b %Y')}"


def markdown(data: dict[str, Any]) -> str:
    t = data["totals"]
    out = [
        "# newsledger report",
        "",
        f"{t['articles']} articles ({t['copies']} copies of other reports) from {t['outlets']} outlets; "
        f"{len(data['stories'])} stories; {t['events']} events, {_single_source_count(t)}; "
        f"{t['contradictions']} contradictions between outlets.",
    ]
    scores = {o["outlet"]: o["score"] for o in data.get("outlets") or [] if o.get("score") is not None}
    if t.get("hidden_events"):
        out.append(f"{t['hidden_events']} more events rest only on mentions below confidence {t['min_confidence']:.2f}, "
                   "negated ones or ones reviewed wrong, and are kept in the ledger, not shown (`--all-events` shows them).")
    for s in data["stories"]:
        out += ["", f"## Story {s['story_id']}: {s['label'] or '(untitled)'}", ""]
        span = f"{s['first_published'] or '?'} – {s['last_published'] or '?'}"
        out.append(f"{s['n_articles']} articles, published {span}.")
        out += ["", "Reports:"]
        for a in s["articles"]:
            copy = f" (copy of `{a['copy_of_id']}`)" if a["copy_of_id"] else ""
            out.append(f"- `{a['article_id']}` {_published(a)} · {a['outlet'] or 'unknown outlet'} · {a['title'] or '(no title)'}{copy}")
        if s["events"]:
            out += ["", "Timeline:"]
            out += [_event_line(e, scores) for e in s["events"]]
        if s["claims"]:
            out += ["", "Key quotes:"]
            for c in s["claims"]:
                single = " _(single source)_" if c["single_source"] else ""
                out.append(f"- {c['speaker_name'] or 'unattributed'}: {quoted_words(c['claim_text'], c['kind'])}"
                           f" — {c['independent_outlets']} independent source(s){single}")
    if data["unstoried_events"]:
        out += ["", "## Events outside any story", ""]
        out += [_event_line(e, scores) for e in data["unstoried_events"]]
    if data["outlets"]:
        out += outlet_section(data["outlets"])
    return "\n".join(out) + "\n"


def _single_source_count(totals: dict[str, Any]) -> str:
    """The header's single-source count, worded as the lines' tags are (:func:`single_source_tag`)."""
    n, elsewhere = totals["single_source_events"], totals.get("single_source_told_elsewhere") or 0
    if not elsewhere:
        return f"{n} resting on a single source"
    return (f"{n} resting on a single counted source ({elsewhere} of them also told by other outlets "
            "in passages not counted)")


def outlet_section(outlets: list[dict[str, Any]]) -> list[str]:
    """The outlet table (what moved each score), then every outlet's signals with their evidence."""
    from newsledger.assess.outlets import BASELINE, PRIOR_ITEMS, WEIGHTS, WHY

    out = [
        "", "## Outlets", "",
        f"Score = {BASELINE} + sum of weight x share x confidence: each share is counted over the outlet's own articles, "
        f"headlines, attributed statements or events; its confidence n/(n+{PRIOR_ITEMS}) grows with the n reports it rests on "
        f"(many quotes in one report are one report), so an outlet seen in one or two reports stays near {BASELINE}: "
        "read its score as \"little evidence\", not as average. "
        "Judged on what the ledger holds, never on an outlet's name.",
        "Weights: " + "; ".join(f"{_label(name)} {weight:+.2f} ({WHY[name]})" for name, weight in WEIGHTS.items()) + ".",
        "", "| outlet | articles | score | evidence | what moved the score |", "|---|---|---|---|---|",
    ]
    for o in outlets:
        signals = o["signals"]
        moved = sorted((s for s in signals if s.get("contribution")), key=lambda s: s["contribution"])
        text = ", ".join(f"{_label(s['signal'])} {s['contribution']:+.2f} ({s['n_hits']}/{s['n_total']})" for s in moved) or "nothing"
        out.append(f"| {o['outlet']} | {o['n_articles']} | {o['score']:.2f} | {_evidence(o)} | {text} |")
    for o in outlets:
        signals = o["signals"]
        out += ["", f"### {o['outlet']}: {o['score']:.2f}", "", f"- {_evidence(o)}; confidence {_confidence(o)}"]
        for s in signals:
            if s.get("contribution"):
                examples = ", ".join(_example(e) for e in s.get("examples") or [])
                out.append(f"- {s['explanation']}" + (f"; e.g. {examples}" if examples else ""))
        uncounted = _uncounted_corroboration(signals)
        clean = [_label(s["signal"]) for s in signals if s.get("value") == 0 and s["signal"] not in uncounted]
        unknown = [_label(s["signal"]) for s in signals if s.get("value") is None]
        if uncounted:
            out.append("- corroborated events: not counted, since pages carrying spam blocks earn no corroboration")
        if clean:
            out.append(f"- checked, none found: {', '.join(clean)}")
        if unknown:
            out.append(f"- no evidence in the ledger: {', '.join(unknown)}")
    return out


def _uncounted_corroboration(signals: list[dict[str, Any]]) -> set[str]:
    """{"corroborated"} when the outlet's own pages carry spam blocks and none of its events counted.

    ``assess.outlets`` gives a spam page no corroboration for the real events it
    wraps; listed under "checked, none found", the demo's crypto site read as
    reporting nothing anyone else reported, though its quake and call lines
    name other outlets.
    """
    by_name = {s["signal"]: s for s in signals}
    spam, corroborated = by_name.get("spam"), by_name.get("corroborated")
    if spam and (spam.get("n_hits") or 0) > 0 and corroborated and corroborated.get("value") == 0:
        return {"corroborated"}
    return set()


def _label(signal: str) -> str:
    """A signal as a reader names it ("sensational headlines"), its stored name when it has no label."""
    from newsledger.assess.outlets import LABELS

    return LABELS.get(signal, signal)


def _evidence(o: dict[str, Any]) -> str:
    """How much the ledger has seen of the outlet (``list_outlets``; worked out here for rows without it)."""
    from newsledger.assess.outlets import evidence_of

    return o.get("evidence") or evidence_of(o.get("n_originals") or 0)["says"]


def _confidence(o: dict[str, Any]) -> str:
    from newsledger.assess.outlets import evidence_of

    value = o.get("confidence")
    return f"{(evidence_of(o.get('n_originals') or 0)['confidence'] if value is None else value):.2f}"


def _example(e: Any) -> str:
    """An example as a reader can look it up: the article id, and what fired."""
    if not isinstance(e, dict):
        return f"`{e}`"
    if e.get("sources"):  # a sourced report: the sources it names
        # "; " between sources: one source may hold commas ("The European Union, NATO and the United States")
        return f"`{e.get('article')}` (naming {'; '.join(e['sources'])})"
    what = e.get("title") or e.get("speaker") or e.get("line") or (
        f"{e['kind']} {e['value']!r} against {e['others']}" if "kind" in e else e.get("outlet", "")
    )
    return f"`{e.get('article')}` {what!r}" if what else f"`{e.get('article')}`"


def to_html(md: str) -> str:
    """A self-contained page; the markdown is shown as preformatted text with light structure."""
    body = []
    for line in md.splitlines():
        esc = html.escape(line)
        if line.startswith("# "):
            body.append(f"<h1>{esc[2:]}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{esc[3:]}</h2>")
        elif line.startswith("### "):
            body.append(f"<h3>{esc[4:]}</h3>")
        elif line.strip():
            body.append(f"<p>{esc}</p>")
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>newsledger report</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.4}p{margin:.2rem 0}</style>"
        "</head><body>" + "\n".join(body) + "</body></html>\n"
    )
