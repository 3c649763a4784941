"""Contradictions as a reader needs them: one per disputed fact of an event, with the value groups behind it.

Before, every pair of disagreeing reports was its own row: the Turkey quake's
magnitude (7.8 by three outlets, 7.4 by one) showed as three rows, twice more
on an aid event whose articles state the magnitude in their lead, and a
reader had to work out who stood with whom. Now each disputed fact of an
event (its date, place, a count) is one ``contradictions`` row, and every
original report taking part is one ``contradiction_reports`` row with its
value, outlet, span and side:

* ``majority``: its value is held by at least two outlets, more than any other value;
* ``outlier``: it stands against such a majority (for a count: a figure no
  consistent progression of at least two other outlets reaches, see
  :func:`count_sides`);
* ``unresolved``: no value has such a majority (one outlet against another).

``a_*`` of the row is the side that stands out (the outlier, else the first
report in ingest order), ``b_*`` the first report of the other side, so the
``contradiction_passages`` view and every reader of the old pair columns
keep working.

Which values can be compared at all (lead facts, floors, same-day tolls) is
decided by the functions of :mod:`newsledger.resolve.events`; this module
groups what they find.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict
from typing import Any, Callable

from newsledger.clean.solicitation import SPAM_BLOCK_REASONS
from newsledger.resolve import events as E

# Facts that belong to a natural disaster only: an aid pledge or a visit told
# in a quake report has no magnitude of its own (on the demo, three of seven
# magnitude rows were such events repeating the quake's dispute).
DISASTER_FACTS = {"count:magnitude", "epicentre"}


def disputed_facts(group: list[E.Mention], texts: dict[str, str], ev: str,
                   silent: list[E.Mention] = ()) -> list[dict[str, Any]]:
    """The contradictions of one event: one row per disputed fact, each with its ``reports``.

    ``silent`` are original reports of the event's story that state its facts
    without coding the act itself ("more than 20,000 people are already dead"
    after "Monday's monster earthquake"): their lead figures take part in the
    event's counts (see :func:`story_reports`).
    """
    by_root = E._originals(group)
    disaster = group[0].type in E.AREA_TYPES
    out: list[dict[str, Any]] = []
    out += _value_dispute(by_root, "date", lambda m: E._stated_date(m, texts), ev)
    out += _value_dispute(by_root, "place", lambda m: E._explicit_place(m, texts), ev, E._same_place)
    if disaster:
        out += _value_dispute(by_root, "epicentre", lambda m: epicentre_of(m, texts), ev, same_epicentre)
        out += _value_dispute(by_root, "count:magnitude", lambda m: E._count_of(m, texts, "magnitude"), ev)
    with_silent = dict(by_root)
    for m in silent:
        with_silent.setdefault(m.root, [m])
    for kind in sorted(E.EVOLVING):
        figs = E.figures(with_silent, texts, kind)
        _, outliers = E.count_history(figs)
        if outliers:
            out.append(_count_dispute(ev, kind, figs, outliers))
    return out


def _value_dispute(by_root: dict[str, list[E.Mention]], kind: str, value_of: Callable, ev: str,
                   same: Callable[[str, str], bool] = lambda a, b: a == b) -> list[dict[str, Any]]:
    """One dispute over a stated value, or none: the reports in at least one disagreeing pair, grouped by value."""
    stated = []
    for mentions in by_root.values():
        value = E._consensus(mentions, value_of)
        if value is not None:
            stated.append((mentions[0], value))
    involved: set[int] = set()
    for i, (a, (va, _)) in enumerate(stated):
        for j in range(i + 1, len(stated)):
            b, (vb, _) = stated[j]
            if (a.source and a.source == b.source) or same(va, vb) or not E.comparable(a, b, kind):
                continue
            involved |= {i, j}
    if not involved:
        return []
    groups: list[list[tuple[E.Mention, tuple]]] = []
    for i in sorted(involved):
        m, (value, span) = stated[i]
        home = next((g for g in groups if same(g[0][1][0], value)), None)
        (home if home is not None else groups.append([]) or groups[-1]).append((m, (value, span)))
    if len(groups) < 2:
        return []
    sides = majority_sides([{r[0].source or r[0].article for r in g} for g in groups])
    # Every report of a group shows the group's value (its first wording: "Gaziantep province" also for
    # "the city of Gaziantep"); each report's own words are at its span.
    reports = [_report(m, g[0][1][0], span, side) for g, side in zip(groups, sides) for m, (_, span) in g]
    return [_dispute(ev, kind, reports)]


def majority_sides(outlet_sets: list[set[str]]) -> list[str]:
    """Each value group's side: 'majority' (at least two outlets, more than any other), 'outlier' or 'unresolved'."""
    sizes = sorted((len(s) for s in outlet_sets), reverse=True)
    top = sizes[0]
    if top < 2 or (len(sizes) > 1 and sizes[1] == top):
        return ["unresolved"] * len(outlet_sets)
    return ["majority" if len(s) == top else "outlier" for s in outlet_sets]


def _count_dispute(ev: str, kind: str, figs: list[E.Figure], outliers: list[tuple[E.Figure, E.Figure]]) -> dict[str, Any]:
    """One dispute over a count: the flagged figures and those they disagree with, the first outlier first."""
    flagged = {id(f) for f, _ in outliers}
    against = {id(g) for _, g in outliers} | {id(g) for f, _ in outliers for g in undercutting(f, figs, flagged)}
    sides = count_sides(figs, flagged, against)
    first, nearest = outliers[0]
    taking_part = [first, nearest] + [f for f in figs if (id(f) in flagged or id(f) in against)
                                      and f is not first and f is not nearest]
    reports = [_report(f.mention, f"{f.value:g}", f.span, sides[id(f)], as_of=f.day) for f in taking_part]
    return _dispute(ev, f"count:{kind}", reports, as_of=first.day)


def count_sides(figs: list[E.Figure], flagged: set[int], against: set[int] | None = None) -> dict[int, str]:
    """Sides in a count dispute: a flagged figure is an outlier when at least two other outlets tell a consistent count,
    and the figures it is shown against come from at least two outlets, more than stand with it.

    A toll reported by several outlets over several days is one progression
    (``count_history``); a figure that no later report reaches, or that a
    later report undercuts, stands against all of them, not against the one
    report it is paired with. With fewer than two other outlets behind the
    consistent figures, the dispute is unresolved.

    A reader sees only the figures of the dispute (``against``: those the
    flagged figures disagree with), so their side is called the majority only
    when those figures are more outlets' than the flagged ones, and at least
    two: on the demo "more than 7,800 — The Daily Ledger [majority]" stood
    against one outlet's 20,000, one outlet against one
    (:func:`shown_majority`). Otherwise the dispute is unresolved and counts
    against nobody.
    """
    out: dict[int, str] = {}
    for f in figs:
        if id(f) not in flagged:
            continue
        others = {g.mention.source or g.mention.article for g in figs
                  if id(g) not in flagged and g.mention.source != f.mention.source}
        out[id(f)] = "outlier" if len(others) >= 2 else "unresolved"
    if against is not None and not shown_majority(figs, flagged, against):
        out = dict.fromkeys(out, "unresolved")
    resolved = any(side == "outlier" for side in out.values())
    for f in figs:
        out.setdefault(id(f), "majority" if resolved else "unresolved")
    return out


def undercutting(f: E.Figure, figs: list[E.Figure], flagged: set[int]) -> list[E.Figure]:
    """The other outlets' figures that show a flagged figure is too high: told the same day or later, and lower.

    ``count_history`` pairs a flagged figure with the nearest one only; the
    dispute shows all of them, so the side a reader sees is the side the
    verdict rests on (on the demo, "more than 20,000" on 7 February stood
    against the Daily Ledger's 7,800 that day and two later, lower tolls of
    two other outlets, but was shown against the Daily Ledger alone).
    """
    if f.day is None:
        return []
    return [g for g in figs if id(g) not in flagged and g is not f and g.day is not None and g.day >= f.day
            and g.value < f.value and not g.loose and g.mention.source != f.mention.source
            and E.comparable(f.mention, g.mention, "count")]


def shown_majority(figs: list[E.Figure], flagged: set[int], against: set[int]) -> bool:
    """The figures a count dispute shows against its flagged ones are a majority: at least two outlets, more than the flagged ones'."""
    def outlets(ids: set[int]) -> set[str]:
        return {f.mention.source or f.mention.article for f in figs if id(f) in ids}

    majority, standing = outlets(against - flagged), outlets(flagged)
    return len(majority) >= 2 and len(majority) > len(standing)


def _report(m: E.Mention, value: str, span: tuple, side: str, as_of=None) -> dict[str, Any]:
    return {"article_id": m.article, "outlet": m.source, "value": str(value), "value_start": span[0],
            "value_end": span[1], "side": side, "as_of": as_of}


def _dispute(ev: str, kind: str, reports: list[dict[str, Any]], as_of=None) -> dict[str, Any]:
    """A ``contradictions`` row (one per event and fact) with its reports; a = the side standing out, b = the other."""
    standing = next((r for r in reports if r["side"] == "outlier"), reports[0])
    other = next(r for r in reports if r["value"] != standing["value"])
    cid = "k" + hashlib.sha256(f"{ev}|{kind}".encode()).hexdigest()[:12]
    row = {
        "contradiction_id": cid, "event_id": ev, "kind": kind,
        "a_article_id": standing["article_id"], "a_outlet": standing["outlet"], "a_value": standing["value"],
        "a_start": standing["value_start"], "a_end": standing["value_end"],
        "b_article_id": other["article_id"], "b_outlet": other["outlet"], "b_value": other["value"],
        "b_start": other["value_start"], "b_end": other["value_end"], "as_of": as_of,
        "n_values": len({r["value"] for r in reports}),
        "n_outlets": len({r["outlet"] or r["article_id"] for r in reports}),
        "resolution": "majority" if any(r["side"] == "majority" for r in reports) else "unresolved",
        "reports": [{**r, "contradiction_id": cid} for r in reports],
    }
    return row


# ---------------------------------------------------------------------------
# A quake's epicentre: a lead fact, told with its own words


# "with its epicentre in Gaziantep province", "centred in the Pazarcık
# district of Kahramanmaraş province", "struck near the city of Gaziantep".
# A relative position ("centred 70 km southwest of Marrakesh") names no
# epicentre of its own and is not read.
_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+(?:al|el|de|du|la)?\s*[A-ZÀ-ÖØ-Þ][\w'’.-]*)*"
EPICENTRE_PATTERN = re.compile(
    r"\b(?:epicent(?:re|er)\s+(?:was\s+)?(?:in|near|at)|cent(?:red|ered)\s+(?:in|near|on|at)|(?:struck|hit)\s+near)\s+"
    r"(?:the\s+)?(?:(?:city|town|village|province|district|region|area)\s+of\s+)?"
    rf"(?P<place>{_NAME}(?:\s+(?:province|district|region|area|county|prefecture))?"
    rf"(?:\s+(?:of|in)\s+{_NAME}(?:\s+(?:province|district|region|area|county|prefecture))?)?)"
)
PLACE_WORDS = re.compile(r"\b(?:province|district|region|area|county|prefecture|of|in|the|al|el|de|du|la)\b", re.IGNORECASE)


def epicentre_of(m: E.Mention, texts: dict[str, str]):
    """The epicentre the report's lead states, with its span; None when it states none or several."""
    text = texts.get(m.article)
    if text is None:
        return None
    lead = text[: min(E._lead_end(text), E.LEAD_CHARS_MAX)]
    found = [(x.group("place").rstrip(". "), x.start("place")) for x in EPICENTRE_PATTERN.finditer(lead)]
    names = {frozenset(place_names(p)) for p, _ in found}
    if len(names) != 1 or not next(iter(names)):
        return None
    place, start = found[0]
    return (place, (start, start + len(place)))


def place_names(place: str) -> set[str]:
    """The proper names in a stated place, folded: "Pazarcık district of Kahramanmaraş province" -> {pazarcık, kahramanmaraş}."""
    return {w.casefold() for w in re.split(r"\s+", PLACE_WORDS.sub(" ", place)) if w}


def same_epicentre(a: str, b: str) -> bool:
    """Two stated epicentres agree when they share a name ("Gaziantep province" and "the city of Gaziantep")."""
    return bool(place_names(a) & place_names(b))


# ---------------------------------------------------------------------------
# Reports that tell a story's disaster without coding it


def story_reports(groups: list[list[E.Mention]]) -> dict[str, list[E.Mention]]:
    """Event id -> original reports of its story that state its figures without a mention of it.

    Only a story's main disaster (the asserted DISASTER event with the most
    original reports) takes them, and only reports without any DISASTER
    mention: "after Monday's monster earthquake ... more than 20,000 people
    are already dead" has no act to code, yet its toll is the quake's. Each
    report is carried by one of its mentions, given the event's type and no
    counts, so only its lead figures are read (``figures``).
    """
    disaster_articles = {m.article for g in groups for m in g if m.type in E.AREA_TYPES}
    main: dict[str, tuple[int, str]] = {}
    for g in groups:
        if g[0].type not in E.AREA_TYPES or all(m.modality != "asserted" for m in g):
            continue
        ev, story = E.event_id(g), E._majority([m.story for m in g])
        size = len(E._originals(g))
        if story and (story not in main or size > main[story][0]):
            main[story] = (size, ev)
    carriers: dict[str, E.Mention] = {}
    for g in groups:
        for m in g:
            if m.story in main and m.root == m.article and m.article not in disaster_articles:
                carriers.setdefault(m.article, m)
    out: dict[str, list[E.Mention]] = defaultdict(list)
    for m in carriers.values():
        out[main[m.story][1]].append(dataclasses.replace(
            m, type="DISASTER", counts=[], modality="asserted", location=None, location_span=(None, None),
            sentence=(None, None),
        ))
    return dict(out)


# ---------------------------------------------------------------------------
# Whose figure: the source a report credits a value to


# "The U.S. Geological Survey measured the quake at magnitude 6.8", "Morocco's
# National Institute of Geophysics put the magnitude of the quake at 7.0": a
# named source right before a reporting verb, in the value's sentence and
# before the value. The quote reader catches "X said ..." and "according to
# X"; these verbs of measuring it does not.
SOURCE_BEFORE_VERB = re.compile(
    r"(?P<src>(?:[Tt]he\s+)?[A-Z][\w.'’-]*(?:\s+(?:of|for|and|[A-Z][\w.'’-]*))*)\s+"
    r"(?:measured|put|recorded|estimated|reported|registered|gave|said|says)\b"
)


# A sentence ends at a stop after a lower-case letter or digit ("U.S. Geological" does not end one).
SENTENCE_STOP = re.compile(r"[a-z0-9)][.!?][\"”’]?\s+|\n")


def quotes_crediting(quotes: list[tuple], kind: str | None) -> list[tuple[int, int, str]]:
    """The (content start, end, speaker) of the statements that can carry a value of this kind of dispute.

    A day inside an "according to X" sentence is a time adverbial of the writer's own clause ("A strong
    earthquake struck Morocco early on Saturday, 9 September, killing at least 296 people ..., according
    to the interior ministry"): the source is credited with the toll, the writer tells when. On the demo
    Global News Digest's wrong Saturday was shown as the interior ministry's, while Harbor has the same
    ministry *say* "late on Friday" inside its reported clause. For a disputed date only statements with
    a reporting verb credit the day; every other value keeps every statement."""
    return [q[:3] for q in quotes if not (kind == "date" and len(q) > 3 and q[3] == "according-to")]


def credited_to(quotes: list[tuple[int, int, str]], text: str | None, start: int | None, end: int | None) -> str | None:
    """Who the report credits the value at ``start:end`` to, as written; None when it states it in its own voice.

    The narrowest attributed statement (``quotes``: content start, end,
    speaker text) holding the value, else a source named before a reporting
    verb earlier in the value's sentence.
    """
    if start is None:
        return None
    holding = [(e - s, who) for s, e, who in quotes if s is not None and s <= start and e >= end and who
               and not (text and _circumstance_between(text, s, start))]
    if holding:
        return min(holding)[1]
    if text is None:
        return None
    stops = [m.end() for m in SENTENCE_STOP.finditer(text, 0, start)]
    sentence_start = stops[-1] if stops else 0
    circumstances = [m.end() for m in CIRCUMSTANCE.finditer(text, sentence_start, start)]
    found = list(SOURCE_BEFORE_VERB.finditer(text, circumstances[-1] if circumstances else sentence_start, start))
    if not found or time_of_saying(text, found[-1].end(), start):
        return None
    return found[-1].group("src")


# Words between a reporting verb and a day that make the day the time of the saying:
# "the ministry said on Saturday", "said late on Friday", "said last Tuesday".
# A figure right after the verb ("said 2,000 people died") is what was said and is not read here.
TIME_OF_SAYING = re.compile(r"\s*,?\s*(?:(?:late|early)\s+)?(?:on|last|this)\s+(?:the\s+)?", re.IGNORECASE)


def time_of_saying(text: str, verb_end: int, value_start: int) -> bool:
    """The value right after a reporting verb dates the saying, not what was said ("the interior ministry said on
    Saturday"): the source never gave that day, the writer did. Only time words stand between verb and value."""
    gap = TIME_OF_SAYING.match(text, verb_end, value_start)
    return gap is not None and gap.end() == value_start


# A clause the reporter adds after what a source said, telling the circumstances in the
# report's own voice: "X said it had accepted offers of help, as the toll from Friday's quake
# rose to 2,500". The quote reader's content may run on into it; a figure there is not the
# source's. On the demo the quake's day was credited to "Morocco" (whose words were about
# accepting help) in the list of disputed dates.
CIRCUMSTANCE = re.compile(r",\s+(?:even\s+as|as(?!\s+well\b)|while|amid)\s+(?=\S)", re.IGNORECASE)


def _circumstance_between(text: str, content_start: int, value_start: int) -> bool:
    """A circumstantial clause opens between the start of a statement and the value."""
    return CIRCUMSTANCE.search(text, content_start, value_start) is not None


def write_contradictions(store, disputes: list[dict[str, Any]]) -> None:
    """Rebuild ``contradictions`` and ``contradiction_reports`` (one row per dispute, one per report in it, with its cited source)."""
    from newsledger.store import writer

    rows, reports = contradiction_rows(store, disputes)
    writer.replace_rows(store, "contradictions", rows)
    writer.replace_rows(store, "contradiction_reports", reports)


def contradiction_rows(store, disputes: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``contradictions`` rows (one per dispute) and ``contradiction_reports`` rows (one per report, with its cited source)."""
    seen: set[str] = set()
    rows, reports = [], []
    unvetted = spam_outlets(store, {r["outlet"] for d in disputes for r in d["reports"] if r["outlet"]})
    for d in disputes:
        if d["contradiction_id"] in seen:
            continue
        seen.add(d["contradiction_id"])
        d = vetted_sides(d, unvetted)
        rows.append({k: v for k, v in d.items() if k != "reports"})
        reports += [{k: r[k] for k in ("contradiction_id", "article_id", "outlet", "value", "value_start", "value_end",
                                        "side", "as_of")} for r in d["reports"]]
    articles = sorted({r["article_id"] for r in reports})
    quotes: dict[str, list] = defaultdict(list)
    texts: dict[str, str] = {}
    if articles:
        for q in store.rows("SELECT article_id, content_start, content_end, speaker_text, kind FROM quotes "
                            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [articles]):
            quotes[q["article_id"]].append((q["content_start"], q["content_end"], q["speaker_text"], q["kind"]))
        texts = dict(store.con.execute("SELECT article_id, text FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                                       [articles]).fetchall())
    kinds = {d["contradiction_id"]: d["kind"] for d in disputes}
    for r in reports:
        crediting = quotes_crediting(quotes[r["article_id"]], kinds.get(r["contradiction_id"]))
        r["credited_to"] = credited_to(crediting, texts.get(r["article_id"]), r["value_start"], r["value_end"])
    return rows, _unique_reports(reports)


# Disputes over a stated value, sided by a vote of outlets (``majority_sides``); counts of people are
# sided by their progression over time (``count_sides``) and keep those sides.
VOTED_KINDS = {"date", "place", "epicentre", "count:magnitude"}


def spam_outlets(store, outlets: set[str]) -> set[str]:
    """Those of ``outlets`` whose pages carried commercial spam blocks the cleaner removed."""
    if not outlets:
        return set()
    return {r["outlet"] for r in store.rows(
        "SELECT DISTINCT a.outlet FROM removed_lines r JOIN articles a ON a.article_id = r.article_id "
        f"WHERE r.reason IN ({', '.join('?' for _ in SPAM_BLOCK_REASONS)}) "
        "AND a.outlet IN (SELECT unnest(?::VARCHAR[]))",
        [*SPAM_BLOCK_REASONS, sorted(outlets)],
    )}


def vetted_sides(d: dict[str, Any], unvetted: set[str]) -> dict[str, Any]:
    """The dispute with its sides voted by outlets a reader can weigh: a spam site (``unvetted``) takes
    no part in the vote, and reports of no known outlet vote once together ("unknown outlet" never
    counts twice). Its reports and values are all kept; only the sides can change.

    On the demo the crypto-spam page's "struck near the city of Gaziantep" put the wire's Gaziantep
    in the majority against the agency wire's Pazarcık: one professional outlet on each side is an
    unresolved dispute, not a majority a spam page decides. Counts keep their own sides."""
    if d["kind"] not in VOTED_KINDS:
        return d
    groups: dict[str, set[str]] = {}
    for r in d["reports"]:
        voters = groups.setdefault(r["value"], set())
        if r["outlet"] not in unvetted or not r["outlet"]:
            voters.add(r["outlet"] or "unknown outlet")
    sides = dict(zip(groups, majority_sides(list(groups.values()))))
    if all(r["side"] == sides[r["value"]] for r in d["reports"]):
        return d
    reports = [{k: v for k, v in {**r, "side": sides[r["value"]]}.items() if k != "contradiction_id"} for r in d["reports"]]
    return _dispute(d["event_id"], d["kind"], reports, as_of=d.get("as_of"))


def _unique_reports(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple] = set()
    return [r for r in reports if not ((r["contradiction_id"], r["article_id"]) in seen
                                       or seen.add((r["contradiction_id"], r["article_id"])))]
