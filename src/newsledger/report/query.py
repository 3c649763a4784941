"""Read-side queries shared by the report, the export, the CLI and the web app.

They read the ledger's views (:mod:`newsledger.store.catalog`): what a user
querying the file sees is what the report shows. The default view of events:
an event is listed when one of its mentions reaches
``settings.EVENT_MIN_CONFIDENCE`` (or a reviewer marked it right, and never
when marked wrong), and only the mentions that reach it are shown as its
evidence, with the actors they name and the place they give; the outlets
and independent count are those of every mention of the event (a report
whose mention scores below the threshold still reports it). Lower-confidence mentions stay in the ledger (``event_mentions``);
pass ``min_confidence=0`` to list everything.

Filters are checked before any query: a bad value raises :class:`FilterError`
(a ValueError) with a one-line message naming the filter.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import Any

from newsledger import settings
from newsledger.store import catalog
from newsledger.store.dates import period
from newsledger.store.db import Store


class FilterError(ValueError):
    """A filter value that cannot select anything meaningful; ``option`` names it."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


def default_threshold() -> float:
    """The default view's confidence threshold (``settings.EVENT_MIN_CONFIDENCE``)."""
    return float(settings.EVENT_MIN_CONFIDENCE)


# ---------------------------------------------------------------------------
# Checking filters


@lru_cache(maxsize=1)
def event_types() -> tuple[str, ...]:
    """The event types the lexicon codes (PLOVER types and the newsledger extensions)."""
    import yaml

    text = resources.files("newsledger").joinpath("knowledge/plover.yaml").read_text(encoding="utf-8")
    return tuple(sorted(yaml.safe_load(text)["types"]))


def check_type(value: str | None) -> str | None:
    if value is None:
        return None
    upper = value.strip().upper()
    if upper not in event_types():
        raise FilterError("--type", f"{value!r} is not an event type; choose one of {', '.join(event_types())}")
    return upper


def check_period(value: str | dt.date | None, option: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a date filter given as YYYY, YYYY-MM or YYYY-MM-DD (or a date)."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value, value
    try:
        return period(value)
    except ValueError as exc:
        raise FilterError(option, str(exc)) from None


def check_confidence(value: float | None) -> float | None:
    if value is not None and not 0.0 <= float(value) <= 1.0:
        raise FilterError("--min-confidence", f"{value} is not between 0 and 1")
    return value


# ---------------------------------------------------------------------------
# Articles

ARTICLE_COLUMNS = (
    "a.article_id, a.outlet, a.title, a.published, a.published_from, a.url, a.origin, a.story_id, a.copy_of_id, "
    "a.copy_kind, a.copy_similarity, length(a.text) AS chars, a.analysed_at IS NOT NULL AS analysed"
)


def list_articles(
    store: Store,
    *,
    outlet: str | None = None,
    story: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    copies: bool = True,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Stored articles in ingest order (no text); ``copies=False`` leaves out copies of other reports."""
    first, last = check_period(since, "--since"), check_period(until, "--until")
    where, params = ["1=1"], []
    for clause, value in (("a.outlet = ?", outlet), ("a.story_id = ?", story), ("a.published >= ?", first and first[0]),
                          ("a.published <= ?", last and last[1])):
        if value is not None:
            where.append(clause)
            params.append(value)
    if not copies:
        where.append("a.copy_of_id IS NULL")
    sql = f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE {' AND '.join(where)} ORDER BY a.seq"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.rows(sql, params)


def get_article(store: Store, article_id: str) -> dict[str, Any] | None:
    """One article by its full id, with its cleaned text, removed lines (with reasons) and every origin."""
    row = store.one(
        "SELECT article_id, outlet, title, published, published_from, url, authors, origin, external_id, story_id, "
        "copy_of_id, copy_kind, copy_similarity, repairs, text FROM articles WHERE article_id = ?",
        [article_id],
    )
    if row is None:
        return None
    row["removed_lines"] = store.rows(
        "SELECT line_no, uncleaned_start, uncleaned_end, line_text, reason FROM removed_lines "
        "WHERE article_id = ? ORDER BY line_no",
        [article_id],
    )
    row["origins"] = [r["origin"] for r in store.rows(
        "SELECT origin FROM article_origins WHERE article_id = ? ORDER BY seen_at", [article_id])]
    return row


def article_facts(store: Store, article_id: str) -> dict[str, Any]:
    """The stored analysis of one article, each fact with its span into the cleaned text."""
    entities = store.rows(
        "SELECT entity_no, entity_start, entity_end, entity_text, label, actor_id FROM entities "
        "WHERE article_id = ? ORDER BY entity_no",
        [article_id],
    )
    actor_ids = sorted({e["actor_id"] for e in entities if e["actor_id"]})
    actors = store.rows(
        "SELECT actor_id, name, kind, country, sector, family, roles, known_from FROM actor_overview "
        "WHERE list_contains(?, actor_id) ORDER BY actor_id",
        [actor_ids],
    )
    for a in actors:
        a["roles"] = json.loads(a["roles"]) if a["roles"] else []
    times = store.rows(
        "SELECT time_no, time_start, time_end, time_text, timex_type, timex_value, timex_mod FROM times "
        "WHERE article_id = ? ORDER BY time_no",
        [article_id],
    )
    frame = store.one(
        "SELECT frame_date, frame_from, evidence, earliest, latest FROM article_time_frames WHERE article_id = ?", [article_id]
    )
    if frame:
        frame["evidence"] = json.loads(frame["evidence"]) if frame["evidence"] else []
    quotes = store.rows("SELECT * EXCLUDE (article_id) FROM quote_speakers WHERE article_id = ? ORDER BY quote_no", [article_id])
    mentions = store.rows(
        "SELECT mention_id, mention_no, event_type, mode, actor_ids, recipient_ids, trigger_start, trigger_end, trigger_text, "
        "sentence_start, sentence_end, sentence_text, event_date, date_precision, date_from, place, place_start, place_end, "
        "modality, confidence, shown, event_id FROM mention_passages WHERE article_id = ? ORDER BY mention_no",
        [article_id],
    )
    counts = store.rows(
        "SELECT mention_id, count_no, kind, value, part, subgroup, count_start, count_end, count_text FROM mention_counts "
        "WHERE article_id = ? ORDER BY mention_id, count_no",
        [article_id],
    )
    for m in mentions:
        m["counts"] = [{k: v for k, v in c.items() if k != "mention_id"} for c in counts if c["mention_id"] == m["mention_id"]]
    return {"entities": entities, "actors": actors, "times": times, "time_frame": frame, "quotes": quotes,
            "event_mentions": mentions}


# ---------------------------------------------------------------------------
# Events

_DATE_ORDER = "e.event_date NULLS LAST, CASE e.date_precision WHEN 'year' THEN 0 WHEN 'month' THEN 1 WHEN 'week' THEN 2 ELSE 3 END"


def list_events(
    store: Store,
    *,
    actor: str | None = None,
    type: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    story: str | None = None,
    event_id: str | None = None,
    min_confidence: float | None = None,
    shown_only: bool = True,
) -> list[dict[str, Any]]:
    """Events from ``event_overview`` with their shown mentions, contradictions and count updates.

    ``actor`` matches an actor id or part of a name (actor or recipient,
    case-insensitive); ``type`` a PLOVER type (any case); ``since`` and
    ``until`` (YYYY, YYYY-MM or YYYY-MM-DD) the event date: an event dated
    to a month or year is on or after ``since`` when its first day is, and
    on or before ``until`` when its first day is. ``min_confidence``
    (default ``settings.EVENT_MIN_CONFIDENCE``; 0 shows all) is the
    threshold of the default view for this call; ``shown_only=False`` lists
    the events the default view hides too (the export).
    """
    kind, first, last = check_type(type), check_period(since, "--since"), check_period(until, "--until")
    check_confidence(min_confidence)
    where, params = ["1=1"], []
    if shown_only:
        where.append("e.shown")
    if kind:
        where.append("e.event_type = ?")
        params.append(kind)
    if first:
        where.append("e.event_date >= ?")
        params.append(first[0])
    if last:
        where.append("e.event_date <= ?")
        params.append(last[1])
    if story:
        where.append("(e.story_id = ? OR list_contains(e.story_ids, ?))")
        params += [story, story]
    if event_id:
        where.append("e.event_id = ?")
        params.append(event_id)
    if actor:
        where.append(
            "EXISTS (SELECT 1 FROM unnest(list_concat(e.actor_ids, e.recipient_ids)) AS x(id) "
            "LEFT JOIN actor_overview o ON o.actor_id = x.id "
            "WHERE lower(x.id) = lower(?) OR lower(coalesce(o.name, x.id)) LIKE '%' || lower(?) || '%')"
        )
        params += [actor, actor]
    with store.threshold(min_confidence):
        events = store.rows(
            f"SELECT e.* FROM event_overview e WHERE {' AND '.join(where)} "
            f"ORDER BY {_DATE_ORDER}, e.first_reported NULLS LAST, {catalog.told_order('e')} NULLS LAST, e.event_id",
            params,
        )
        ids = [e["event_id"] for e in events]
        mentions = _by_event(store.rows(
            "SELECT * FROM (SELECT p.*, bool_or(p.shown) OVER (PARTITION BY p.event_id) AS event_has_shown "
            "FROM mention_passages p WHERE p.event_id IN (SELECT unnest(?::VARCHAR[]))) WHERE shown OR NOT event_has_shown "
            "ORDER BY article_seq, mention_no",
            [ids],
        ))
        uncounted = uncounted_outlets(store, events)
        below_cut = counted_below_cut(store, events, mentions)
    contradictions = _by_event(store.rows(
        "SELECT * FROM contradiction_passages WHERE event_id IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY kind, a_article_id, b_article_id", [ids]
    ))
    values: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for v in store.rows(
        "SELECT * FROM contradiction_values WHERE event_id IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY contradiction_id, n_outlets DESC, side, value", [ids]
    ):
        values[v["contradiction_id"]].append(v)
    for rows in contradictions.values():
        for c in rows:
            c["values"] = values.get(c["contradiction_id"], [])
    updates = _by_event(store.rows(
        "SELECT * FROM count_updates WHERE event_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY kind, update_no", [ids]
    ))
    _qualify(store, [u for rows in updates.values() for u in rows], "article_id", "count_start")
    _qualify(store, [v for rows in values.values() for v in rows if _is_count(v.get("kind"))],
             "first_article_id", "first_start")
    from newsledger.resolve.events import spam_pages

    spam = spam_pages(store, {m["article_id"] for rows in mentions.values() for m in rows})
    for ev in events:
        shown = mentions.get(ev["event_id"], [])
        chosen = evidence_passage(ev, shown, spam)
        ev["evidence"] = _mention(chosen) if chosen else None
        ev["mentions"] = [_mention(m) for m in shown]
        ev["mode_label"] = mode_label(ev.get("event_type"), ev.get("mode"), ev["mentions"])
        ev["summary"] = shown_summary(ev)
        ev["contradictions"] = contradictions.get(ev["event_id"], [])
        ev["count_updates"] = updates.get(ev["event_id"], [])
    parties = _actor_rows(store, {a for ev in events for a in (ev.get("actor_ids") or []) + (ev.get("recipient_ids") or [])})
    for ev in events:
        leads = {}
        for side in ("actor", "recipient"):
            groups = party_groups(ev.get(f"{side}_ids"), ev.get(f"{side}_names"), parties)
            ev[f"{side}_parties"] = [_party_text(g) for g in groups]
            leads[side] = _lead_ids(ev, side, {g[0] for g in groups})
        ev["summary"] = shown_summary(ev, leads["actor"], leads["recipient"])
    for ev in events:
        ev["counted_below_cut"] = [_mention(m) for m in below_cut.get(ev["event_id"], [])]
        ev["uncounted_outlets"] = uncounted.get(ev["event_id"], {})
        ev["single_source_tag"] = single_source_tag(ev)
    credits = credited_sources(store, events)
    for ev in events:
        ev["credited_to"] = credits.get(ev["event_id"])
    return events


# Round 9 (reader11 A10, reader12): a line every counting outlet tells only inside what a source said ("the
# Kremlin said ...", "according to the Kremlin") read "asserted", as if the outlets vouched for it themselves.
# Modalities a credit is shown for: the act told as done (a plan or a denial has its own flag).
CREDITED_MODALITIES = {"asserted", "recap"}


def credited_sources(store: Store, events: list[dict[str, Any]]) -> dict[str, str]:
    """Per event, the name of the one source every counted telling is credited to, when there is one.

    Each counted outlet's passages on the line (its shown mentions and a telling counted below the cut)
    must lie inside a quote (the ``quotes`` content span holds the trigger) whose speaker is the same
    resolved actor; one telling in an outlet's own voice, or a second source, and the line stays as it
    is ("asserted")."""
    told: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        if ev.get("modality") not in CREDITED_MODALITIES or not ev.get("outlets"):
            continue
        counted = set(ev["outlets"])
        passages = [m for m in (ev.get("mentions") or []) + (ev.get("counted_below_cut") or [])
                    if m.get("outlet") in counted]
        if passages and {m["outlet"] for m in passages} == counted:
            told[ev["event_id"]] = passages
    articles = sorted({m["article_id"] for ms in told.values() for m in ms})
    if not articles:
        return {}
    quotes = defaultdict(list)
    for q in store.rows(
        "SELECT q.article_id, q.content_start, q.content_end, q.speaker_id, a.name, a.kind, a.sector FROM quotes q "
        "LEFT JOIN actors a ON a.actor_id = q.speaker_id "
        "WHERE q.article_id IN (SELECT unnest(?::VARCHAR[])) AND q.speaker_id IS NOT NULL", [articles]
    ):
        quotes[q["article_id"]].append(q)
    out: dict[str, str] = {}
    for event_id, passages in told.items():
        speakers = {_speaker_of(m, quotes.get(m["article_id"], [])) for m in passages}
        if len(speakers) == 1 and None not in speakers:
            out[event_id] = next(iter(speakers))[1]
    return out


def _speaker_of(passage: dict[str, Any], quotes: list[dict[str, Any]]) -> tuple[str, str] | None:
    """(speaker id, name) of the quote whose content holds the passage's trigger, if any."""
    for q in quotes:
        if q["content_start"] <= passage["trigger_start"] and passage["trigger_end"] <= q["content_end"]:
            return q["speaker_id"], _with_article(q["name"] or q["speaker_id"], q.get("kind"), q.get("sector"))
    return None


# State bodies are named with "the" ("according to the White House", "the Kremlin", "the FSB"); a country,
# a person or a company is not ("according to Morocco").
STATE_BODY_SECTORS = {"GOV", "SPY", "MIL", "COP", "JUD", "LEG"}


def _with_article(name: str, kind: str | None, sector: str | None) -> str:
    if kind == "organisation" and sector in STATE_BODY_SECTORS and not name.lower().startswith("the "):
        return "the " + name
    return name


def _actor_rows(store: Store, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = store.rows("SELECT actor_id, kind, country, sector FROM actors WHERE actor_id IN (SELECT unnest(?::VARCHAR[]))",
                      [sorted(ids)])
    return {r["actor_id"]: r for r in rows}


# Round 9 (reader11 A11, reader12): one party named three ways on one side of a line read as three parties
# ("Russian citizens, Russian nationals, Russian men"; "Russian security services, Russian agents, Russians").
# Groups (never persons, organisations or countries) of the same country (their row's, else the nationality
# word their name opens with) are one party when their rows give the same sector, or when one is the bare
# generic form (the plural nationality, "Russians", or "<nationality> people"): shown under the first name,
# the others as its variants. Two specific groups whose sectors are unknown or differ stay apart.
GENERIC_HEADS = {"", "people"}


def _nationality_word(name: str) -> tuple[str | None, str]:
    """(country, the rest of the name) for a name opening with a nationality or country word."""
    from newsledger.report.render import country_of_word

    words = name.split()
    for n in (2, 1):  # "South Korean", then "Russian"
        if len(words) >= n:
            country = country_of_word(" ".join(words[:n]))
            if country:
                return country, " ".join(words[n:]).lower()
    return None, name.lower()


def _party_key(actor_id: str, name: str, rows: dict[str, dict[str, Any]]) -> tuple[str | None, str | None, bool]:
    """(country, sector, generic) of a group on a line; country None for anything that is not a group."""
    row = rows.get(actor_id) or {}
    if row.get("kind") != "group":
        return None, None, False
    country, rest = _nationality_word(name)
    return row.get("country") or country, row.get("sector"), rest in GENERIC_HEADS and not row.get("sector")


def one_party_names(ids: list[str] | None, names: list[str] | None, rows: dict[str, dict[str, Any]]) -> list[str]:
    """The names of one side of a line, each party once: "Russian citizens (also: Russian nationals, Russian
    men)" (:func:`party_groups`)."""
    return [_party_text(g) for g in party_groups(ids, names, rows)]


def _party_text(group: list[str]) -> str:
    """A party's lead name, with its other names after it: "Russian citizens (also: Russian nationals)"."""
    return group[0] + (f" (also: {', '.join(group[1:])})" if len(group) > 1 else "")


def party_groups(ids: list[str] | None, names: list[str] | None, rows: dict[str, dict[str, Any]]) -> list[list[str]]:
    """The names of one side of a line grouped by party, the lead name first. Names the renderer folds
    already (:func:`report.render.distinct_names`) are folded first. Specific groups join when their country
    and sector agree; a generic form ("Russians") then joins the one party of its country, and stays apart
    when there are two (it could be either)."""
    from newsledger.report.render import distinct_names

    pairs = [(i, n) for i, n in zip(ids or [], names or []) if n]
    by_name = {n: i for i, n in reversed(pairs)}
    shown = distinct_names([n for _, n in pairs])
    keys = {n: _party_key(by_name.get(n, ""), n, rows) for n in shown}
    parties: list[list[str]] = []
    for name in shown:  # specific names first
        country, sector, generic = keys[name]
        lead = next((p for p in parties if country and sector and keys[p[0]][:2] == (country, sector)), None)
        if generic or lead is None:
            parties.append([name])
        else:
            lead.append(name)
    for name in [p[0] for p in parties if keys[p[0]][2]]:  # then each generic form
        country = keys[name][0]
        mates = [p for p in parties if p[0] != name and keys[p[0]][0] == country and not keys[p[0]][2]]
        if len(mates) == 1 and not any(keys[n][2] for n in mates[0]):
            mates[0].append(name)
            parties.remove([name])
    return parties


def single_source_tag(event: dict[str, Any]) -> str | None:
    """"single counted source" when other outlets tell the line only in passages it does not count
    (:func:`uncounted_outlets`), "single source" when none does, None for a corroborated line.

    reader10 N15: the Trump–Merkel calls read "single source" while the Daily Ledger reports them in a weak
    (0.25) passage; as a statement about the press the tag was false, as one about the count it is true."""
    if not event.get("single_source"):
        return None
    return "single counted source" if told_elsewhere(event) else "single source"


def told_elsewhere(event: dict[str, Any]) -> bool:
    """Some outlet tells the line in a passage not counted among its sources (:func:`uncounted_outlets`)."""
    return any((event.get("uncounted_outlets") or {}).values())


# Why an outlet that tells a line is not among its counted sources (``resolve.events.outlet_voices``).
UNCOUNTED_WEAKER = "weaker passages"
UNCOUNTED_PLAN = "told as a plan or possibility"
UNCOUNTED_OTHER = "other passages"


def counted_below_cut(store: Store, events: list[dict[str, Any]],
                      shown: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Per event, one passage for each outlet the line counts although none of its tellings is shown.

    ``resolve.events.tells_the_shown_day`` lets a weak telling that states the line's own day in its own
    sentence count its outlet (the Daily Ledger's "ended their first phone conversation on Saturday",
    0.19). reader11 N19: ``show`` then listed nothing from the three outlets this added, so a reader could
    not check the count. The passage listed is the outlet's asserted telling dated from its own sentence
    (``date_from`` "time") on the line's day, else its strongest asserted telling; it is listed apart from
    the shown mentions and never chosen as the line's evidence or read for its summary."""
    ids = [e["event_id"] for e in events]
    if not ids:
        return {}
    rows = _by_event(store.rows(
        "SELECT * FROM mention_passages WHERE event_id IN (SELECT unnest(?::VARCHAR[])) AND NOT shown "
        "AND outlet IS NOT NULL AND coalesce(modality, '') = 'asserted' AND coalesce(review_decision, '') <> 'wrong' "
        "ORDER BY article_seq, mention_no",
        [ids],
    ))
    out: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        seen = {m.get("outlet") for m in shown.get(e["event_id"], [])}
        missing = [o for o in (e.get("outlets") or []) if o not in seen]
        picked = [p for p in (_passage_of(rows.get(e["event_id"], []), o, e.get("event_date")) for o in missing) if p]
        if picked:
            out[e["event_id"]] = picked
    return out


def _passage_of(rows: list[dict[str, Any]], outlet: str, day: Any) -> dict[str, Any] | None:
    told = [r for r in rows if r.get("outlet") == outlet]
    stated = [r for r in told if r.get("date_from") == "time" and day is not None and r.get("event_date") == day]
    pool = stated or told
    return max(pool, key=lambda r: r.get("confidence") or 0.0) if pool else None


def uncounted_outlets(store: Store, events: list[dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """Per event, the outlets whose tellings are linked to it but counted for none of its sources, by why.

    Round 8 made only shown tellings count (``resolve.events.shown_voices``); on the demo that dropped
    the Daily Ledger's "ended their first phone conversation on Saturday" (0.19) from the 2017 call and
    left the Trump–Merkel calls "single source" while the Daily Ledger reports them. Confidence does not
    separate such weak tellings from junk (a greeting scored 0.105), so they stay uncounted, but the line
    names the outlets instead of hiding them (reader10 N15):

    * ``weaker passages``: every telling of the outlet is below the display threshold;
    * ``told as a plan or possibility``: a shown telling, but of what was due or might happen, in a line
      told as done (``resolve.events.told_as_done``: Harbor's pre-summit wire on the Helsinki meeting);
    * ``other passages``: any other telling the line's rule sets aside (a spam page, an undated
      telling naming other parties).

    Negated tellings and tellings reviewed wrong name no outlet: they are no report of the happening.
    """
    ids = [e["event_id"] for e in events]
    if not ids:
        return {}
    rows = store.rows(
        "SELECT event_id, outlet, shown, modality FROM mention_passages "
        "WHERE event_id IN (SELECT unnest(?::VARCHAR[])) AND outlet IS NOT NULL "
        "AND coalesce(modality, '') <> 'negated' AND coalesce(review_decision, '') <> 'wrong'",
        [ids],
    )
    tellings: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        tellings[r["event_id"]][r["outlet"]].append(r)
    out: dict[str, dict[str, list[str]]] = {}
    for e in events:
        counted = set(e.get("outlets") or [])
        why: dict[str, list[str]] = defaultdict(list)
        for outlet, told in sorted(tellings.get(e["event_id"], {}).items()):
            if outlet not in counted:
                why[_uncounted_reason(told)].append(outlet)
        if why:
            out[e["event_id"]] = dict(why)
    return out


def _uncounted_reason(told: list[dict[str, Any]]) -> str:
    shown = [t for t in told if t["shown"]]
    if not shown:
        return UNCOUNTED_WEAKER
    if all(t["modality"] in UNREAL_MODALITIES for t in shown):
        return UNCOUNTED_PLAN
    return UNCOUNTED_OTHER


# Modalities of what did not (or not yet) happen (``resolve.events.UNREAL``).
UNREAL_MODALITIES = frozenset({"future", "hypothetical", "negated"})


def evidence_passage(event: dict[str, Any], passages: list[dict[str, Any]], spam: set[str]) -> dict[str, Any] | None:
    """The shown passage the report quotes as an event's evidence: the best of its shown mentions
    (``mention_passages`` rows, in article order), ranked by :func:`_evidence_rank`.

    The first shown mention in article order was quoted, and on the demo that was a spam page's
    headline for the 2017 call, a pre-summit report's "due to meet on Monday" for the Helsinki
    meeting, and the next day's walk-back ("said on Tuesday that he had misspoken") for Monday's
    refusal, while reports stating the act on its day were there."""
    if not passages:
        return None
    return min(passages, key=lambda p: _evidence_rank(event, p, spam))


def _evidence_rank(event: dict[str, Any], p: dict[str, Any], spam: set[str]) -> tuple:
    """Lower is better: a page without spam (``resolve.events.spam_pages``); told as the line is (no
    plan beside the act); from an outlet counted as a source; not a headline; stating the event's day
    in its own sentence, else carrying it (:func:`_day_support`); an original, not a copy; the more
    confident coding; then article order."""
    counted = event.get("outlets") or []
    return (
        p["article_id"] in spam,
        p.get("modality") in UNREAL_MODALITIES and p.get("modality") != event.get("modality"),
        bool(counted) and p.get("outlet") is not None and p.get("outlet") not in counted,
        is_headline(p),
        _day_support(event, p),
        p.get("article_id") != p.get("original_article_id", p.get("article_id")),
        -(p.get("confidence") or 0.0),
    )


def is_headline(p: dict[str, Any]) -> bool:
    """The passage is its report's headline ("Trump and Putin talk by phone, agree to fight ISIS
    together - Kremlin"): a headline compresses and sells, and names no source or day to check."""
    sentence, title = " ".join((p.get("sentence_text") or "").split()), " ".join((p.get("title") or "").split())
    return bool(sentence) and bool(title) and sentence.lower() in title.lower()


def _day_support(event: dict[str, Any], p: dict[str, Any]) -> int:
    """0: the passage states the event's date in its own sentence; 1: it carries that date (told nearby);
    2: it does not carry it. An undated passage cannot show the reader the day the line claims: on the
    demo the 2019 cooperation line, dated by the call, quoted a blog's undated tip-off."""
    if states_event_day(event, p):
        return 0
    return 1 if event.get("event_date") is not None and p.get("event_date") == event.get("event_date") else 2


def states_event_day(event: dict[str, Any], p: dict[str, Any]) -> bool:
    """The passage states the event's date in its own sentence (``date_from`` "time"), at its precision."""
    return (p.get("date_from") == "time" and event.get("event_date") is not None
            and p.get("event_date") == event.get("event_date") and p.get("date_precision") == event.get("date_precision"))


def _lead_ids(event: dict[str, Any], side: str, leads: set[str]) -> list[str]:
    """The ids of one side whose names lead a party (:func:`party_groups`), so the summary names a party
    once, as the line does (round 9's reader: ``show`` said "Russian citizens, Russian nationals and 1
    more" where the line said "Russian citizens (also: Russian nationals, Russian men)"). An id whose
    name is folded into another party's "also" is left out."""
    ids, names = event.get(f"{side}_ids") or [], event.get(f"{side}_names") or []
    kept, seen = [], set()
    for i, n in zip(ids, names):
        if n in leads and n not in seen:
            kept.append(i)
            seen.add(n)
    return kept if seen == leads else list(ids)


def shown_summary(event: dict[str, Any], actor_ids: list[str] | None = None,
                  recipient_ids: list[str] | None = None) -> str | None:
    """The event's one-line summary built from the parties its shown mentions name (``actor_ids`` /
    ``recipient_ids`` of ``event_overview``), as the listing shows them; the stored summary is
    built at resolution for the default threshold and may name parties a lower or higher one hides.
    A mode with a reader's label (``mode_label``, set before) is named as the report's line names it:
    the demo's state of emergency read "COERCE/martial-law" in the summary `show`, JSON and the web
    tooltip give."""
    from newsledger.resolve.events import summarise

    if not event.get("event_type"):
        return event.get("summary")
    names = dict(zip(event.get("actor_ids") or [], event.get("actor_names") or []))
    names.update(zip(event.get("recipient_ids") or [], event.get("recipient_names") or []))
    mode, label = event.get("mode"), event.get("mode_label")
    if mode and label and label != mode:  # as the report's line shows it: "state of emergency (coded martial-law)"
        mode = f"{label} (coded {mode})"
    actors = list(event.get("actor_ids") or []) if actor_ids is None else actor_ids
    recipients = list(event.get("recipient_ids") or []) if recipient_ids is None else recipient_ids
    return summarise(event["event_type"], mode, actors, recipients, names, location=event.get("place"))


def _is_count(kind: str | None) -> bool:
    """A disputed count of people ("count:killed"); a magnitude is a measure and takes no qualifier."""
    return bool(kind) and kind.startswith("count:") and kind != "count:magnitude"


def _qualify(store: Store, rows: list[dict[str, Any]], article_key: str, start_key: str) -> None:
    """Give each figure row its ``qualifier`` ("more than", "nearly", ... or None), read from the words
    right before the figure in its report (``nlp.counts.qualifier_before``): the stored figure is the
    number alone, and "nearly 2,500" shown as 2,500 states more than the report did."""
    from newsledger.nlp.counts import QUALIFIER_REACH, qualifier_before

    wanted = sorted({r[article_key] for r in rows if r.get(article_key) and r.get(start_key) is not None})
    before: dict[tuple[str, int], str] = {}
    if wanted:
        pairs = sorted({(r[article_key], int(r[start_key])) for r in rows
                        if r.get(article_key) and r.get(start_key) is not None})
        for article_id, start, words in store.con.execute(
            "SELECT p.article_id, p.start, substr(a.text, greatest(1, p.start + 1 - ?), least(p.start, ?)) "
            "FROM (SELECT unnest(?::VARCHAR[]) AS article_id, unnest(?::INTEGER[]) AS start) p "
            "JOIN articles a ON a.article_id = p.article_id",
            [QUALIFIER_REACH, QUALIFIER_REACH, [a for a, _ in pairs], [s for _, s in pairs]],
        ).fetchall():
            before[(article_id, start)] = words or ""
    for r in rows:
        start = r.get(start_key)
        words = before.get((r.get(article_key), int(start))) if start is not None else None
        r["qualifier"] = qualifier_before(words, len(words)) if words else None


# PLOVER modes whose name says more than some of the acts PLOVER puts under them: the data keeps
# PLOVER's mode, the reader is told what the text said. PLOVER's codebook defines COERCE
# "martial-law" as "impose state of emergency or martial law"; a state of emergency shown as
# "martial-law" reads as troops in the streets (the demo's Turkey quake). Our SANCTION mode
# "discontinue" covers new sanctions as well as cut ties; for new sanctions it read as lifting them.
# Each entry: (words near a trigger, the label), first match wins; no match keeps the mode.
READER_MODES: dict[tuple[str, str], tuple[tuple[re.Pattern, str], ...]] = {
    ("COERCE", "martial-law"): (
        (re.compile(r"\bmartial\s+law\b", re.IGNORECASE), "martial law"),
        (re.compile(r"\b(?:state|states)\s+of\s+(?:emergency|alarm)\b|\bemergency\s+(?:rule|decree)\b", re.IGNORECASE),
         "state of emergency"),
        (re.compile(r"\bstate\s+of\s+siege\b", re.IGNORECASE), "state of siege"),
    ),
    ("SANCTION", "discontinue"): (
        (re.compile(r"\b(?:sanction\w*|embargo\w*|blacklist\w*|penalt(?:y|ies))\b", re.IGNORECASE), "sanctions"),
        (re.compile(r"\b(?:ties|relations|links)\b", re.IGNORECASE), "cut ties"),
    ),
}
# Characters after a trigger read for its reader label ("declared a three-month state of emergency").
READER_MODE_REACH = 40
# ... and before it: the compound a trigger heads ("martial law" on "law").
READER_MODE_BEFORE = 12


def mode_label(event_type: str | None, mode: str | None, mentions: list[dict[str, Any]]) -> str | None:
    """The mode as a reader should read it: the words the reports used for a mode PLOVER names by its
    strongest act ("state of emergency" for PLOVER's martial-law), else the mode itself.

    Read from each shown mention's trigger and the words right after it; the mode that most mentions
    support wins, a label only when one mention's words say it."""
    if not mode:
        return None
    rules = READER_MODES.get((event_type or "", mode))
    if not rules:
        return mode
    found: list[str] = []
    for m in mentions:
        sentence, s0, t0 = m.get("sentence_text") or "", m.get("sentence_start"), m.get("trigger_start")
        at = (t0 - s0) if s0 is not None and t0 is not None else 0
        window = sentence[max(0, at - READER_MODE_BEFORE):at + READER_MODE_REACH] or (m.get("trigger_text") or "")
        found += [next((label for pattern, label in rules if pattern.search(window)), None)]
    labels = [f for f in found if f]
    return max(dict.fromkeys(labels), key=labels.count) if labels else mode


def _by_event(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[r["event_id"]].append(r)
    return out


_MENTION_KEYS = ("mention_id", "article_id", "outlet", "published", "trigger_start", "trigger_end", "trigger_text",
                 "sentence_start", "sentence_end", "sentence_text", "event_date", "date_precision", "date_from",
                 "modality", "confidence", "shown")


def _mention(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in _MENTION_KEYS}


def hidden_event_count(store: Store, min_confidence: float | None = None) -> int:
    """Events kept in the ledger but not in the default view (below the threshold, or reviewed wrong)."""
    with store.threshold(check_confidence(min_confidence)):
        return store.scalar("SELECT count(*) FROM event_overview WHERE NOT shown") or 0


# ---------------------------------------------------------------------------
# Stories, quotes, claims, outlets, actors


def list_stories(store: Store, *, since: str | dt.date | None = None, until: str | dt.date | None = None,
                 limit: int | None = None) -> list[dict[str, Any]]:
    """Stories by first publication: those with any report published in the period."""
    first, last = check_period(since, "--since"), check_period(until, "--until")
    where, params = ["1=1"], []
    if first:
        where.append("coalesce(s.last_published, s.first_published) >= ?")
        params.append(first[0])
    if last:
        where.append("s.first_published <= ?")
        params.append(last[1])
    sql = (
        "SELECT s.story_id, s.label, s.first_published, s.last_published, s.n_articles, "
        "(SELECT count(*) FROM articles a WHERE a.story_id = s.story_id AND a.copy_of_id IS NULL) AS n_originals, "
        "(SELECT count(*) FROM story_timeline t WHERE t.story_id = s.story_id) AS n_events, s.label_article_id "
        f"FROM stories s WHERE {' AND '.join(where)} ORDER BY s.first_published NULLS LAST, s.story_id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.rows(sql, params)


def story_articles(store: Store, story_id: str) -> list[dict[str, Any]]:
    return store.rows(
        "SELECT a.article_id, a.outlet, a.title, a.published, a.copy_of_id, t.frame_date, t.frame_from "
        "FROM articles a LEFT JOIN article_time_frames t ON t.article_id = a.article_id WHERE a.story_id = ? "
        "ORDER BY a.published NULLS LAST, a.seq",
        [story_id],
    )


def list_quotes(store: Store, *, speaker: str | None = None, article: str | None = None, claim: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    """Quotes not reviewed wrong, with speakers; ``speaker`` matches an actor id or part of a name or of the speaker as written."""
    where, params = ["q.shown"], []
    if speaker:
        where.append("(lower(q.speaker_id) = lower(?) OR lower(coalesce(q.speaker_name, '')) LIKE '%' || lower(?) || '%')")
        params += [speaker, speaker]
    for clause, value in (("q.article_id = ?", article), ("q.claim_id = ?", claim)):
        if value:
            where.append(clause)
            params.append(value)
    sql = (f"SELECT q.*, t.frame_date, t.frame_from FROM quote_speakers q JOIN articles a ON a.article_id = q.article_id "
           f"LEFT JOIN article_time_frames t ON t.article_id = q.article_id "
           f"WHERE {' AND '.join(where)} ORDER BY a.seq, q.quote_no")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [published_estimate(_with_relay(r)) for r in store.rows(sql, params)]


def published_estimate(row: dict[str, Any]) -> dict[str, Any]:
    """An undated report's quote carries the date the report shows for it, flagged as an estimate:
    ``published_estimate`` "~2023-09-09 (from its story)" (``report.render.FRAME_SOURCES``), None when the
    report is dated or nothing dates it. Demo read, round 8 (A20): 58 of 165 quote rows had an empty
    ``published`` while the report showed "~date" for the same articles. ``published`` itself stays empty."""
    from newsledger.report.render import FRAME_SOURCES

    frame, source = row.pop("frame_date", None), row.pop("frame_from", None)
    row["published_estimate"] = (f"~{frame} ({FRAME_SOURCES[source]})"
                                 if not row.get("published") and frame and source in FRAME_SOURCES else None)
    return row


def _with_relay(row: dict[str, Any]) -> dict[str, Any]:
    """A quote told inside another speaker's quote names both: "Russian officials (via Interfax)"
    (``quote_speakers.relayed_by``); the relaying row itself is not shown."""
    if row.get("relayed_by"):
        row["speaker_name"] = f"{row['speaker_name'] or row['speaker_text'] or 'unnamed'} (via {row['relayed_by']})"
    return row


def list_claims(store: Store, *, story: str | None = None, speaker: str | None = None, claim_id: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    """Claims not reviewed wrong, most independently reported first, each with its quotes (spans)."""
    where, params = ["c.shown"], []
    for clause, value in (("c.story_id = ?", story), ("c.claim_id = ?", claim_id)):
        if value:
            where.append(clause)
            params.append(value)
    if speaker:
        where.append("(lower(c.speaker_id) = lower(?) OR lower(coalesce(c.speaker_name, '')) LIKE '%' || lower(?) || '%')")
        params += [speaker, speaker]
    sql = (
        f"SELECT c.* FROM claim_overview c WHERE {' AND '.join(where)} ORDER BY c.independent_outlets DESC, c.n_quotes DESC, "
        "c.speaker_id IS NULL, c.kind <> 'direct', length(c.claim_text) DESC, c.claim_id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = store.rows(sql, params)
    quotes = defaultdict(list)
    for q in store.rows(
        "SELECT claim_id, quote_id, article_id, outlet, kind, content_start, content_end, speaker_text, cue_text "
        "FROM quote_speakers WHERE shown AND list_contains(?, claim_id) ORDER BY article_id, quote_no",
        [[r["claim_id"] for r in rows]],
    ):
        quotes[q.pop("claim_id")].append(q)
    for r in rows:
        r["quotes"] = quotes.get(r["claim_id"], [])
    return rows


def list_outlets(store: Store) -> list[dict[str, Any]]:
    """Outlets by score, each with its signals (``outlet_evidence``) and how much the ledger has seen of it.

    ``confidence`` and ``evidence`` come from its original reports
    (:func:`newsledger.assess.outlets.evidence_of`): a score resting on one
    or two reports reads "little evidence", so a reader does not take it for
    a verdict.
    """
    from newsledger.assess.outlets import evidence_of

    outlets = store.rows("SELECT * FROM outlets ORDER BY score DESC, outlet")
    for o in outlets:
        seen = evidence_of(o["n_originals"])
        o["confidence"], o["evidence"] = seen["confidence"], seen["says"]
    signals = defaultdict(list)
    for s in store.rows(
        "SELECT outlet, signal, value, weight, confidence, contribution, n_hits, n_total, explanation, examples "
        "FROM outlet_evidence ORDER BY outlet"
    ):
        s["examples"] = json.loads(s["examples"]) if s["examples"] else []
        signals[s.pop("outlet")].append(s)
    for o in outlets:
        o["signals"] = sorted(signals.get(o["outlet"], []), key=lambda s: _SIGNAL_ORDER.get(s["signal"], 99))
    return outlets


def _signal_order() -> dict[str, int]:
    from newsledger.assess.outlets import WEIGHTS

    return {name: i for i, name in enumerate(WEIGHTS)}


_SIGNAL_ORDER = _signal_order()


def list_actors(store: Store, *, name: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Actors as shown (reviews applied) with how many shown events and quotes name them, most named first."""
    where, params = ["o.shown_as IS NOT NULL"], []
    if name:
        where.append("(lower(o.actor_id) = lower(?) OR lower(o.name) LIKE '%' || lower(?) || '%')")
        params += [name, name]
    sql = (
        "WITH parties AS (SELECT unnest(list_concat(actor_ids, recipient_ids)) AS actor_id FROM event_overview WHERE shown), "
        "in_events AS (SELECT actor_id, count(*) AS n FROM parties GROUP BY actor_id), "
        "in_quotes AS (SELECT speaker_id AS actor_id, count(*) AS n FROM quote_speakers WHERE shown GROUP BY speaker_id) "
        "SELECT o.actor_id, o.name, o.kind, o.country, o.sector, o.known_from, coalesce(e.n, 0) AS n_events, "
        "coalesce(q.n, 0) AS n_quotes FROM actor_overview o "
        "LEFT JOIN in_events e ON e.actor_id = o.actor_id LEFT JOIN in_quotes q ON q.actor_id = o.actor_id "
        f"WHERE {' AND '.join(where)} ORDER BY n_events + n_quotes DESC, o.actor_id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.rows(sql, params)


# ---------------------------------------------------------------------------
# Ids

# Every kind of id a user may hold, and where it lives.
ID_TABLES = (
    ("article", "articles", "article_id"),
    ("story", "stories", "story_id"),
    ("event", "events", "event_id"),
    ("mention", "event_mentions", "mention_id"),
    ("quote", "quotes", "quote_id"),
    ("claim", "claims", "claim_id"),
    ("actor", "actors", "actor_id"),
    ("contradiction", "contradictions", "contradiction_id"),
    ("review", "reviews", "review_id"),
    ("outlet", "outlets", "outlet"),
)


def find_ids(store: Store, prefix: str, limit: int = 20) -> list[dict[str, str]]:
    """Ids of any kind equal to ``prefix`` or starting with it; an exact match alone when there is one."""
    union = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, {key} AS id FROM {table} WHERE starts_with({key}, $prefix)" for kind, table, key in ID_TABLES
    )
    rows = store.rows(f"SELECT kind, id FROM ({union}) ORDER BY id = $prefix DESC, kind, id LIMIT {int(limit) + 1}",
                      {"prefix": prefix})
    exact = [r for r in rows if r["id"] == prefix]
    return exact or rows


def get_record(store: Store, kind: str, record_id: str) -> dict[str, Any] | None:
    """One thing by kind and full id, as ``show`` prints it; reviewed-wrong and low-confidence things too."""
    if kind == "article":
        row = get_article(store, record_id)
        return None if row is None else {**row, **article_facts(store, record_id)}
    if kind == "event":
        found = list_events(store, event_id=record_id, shown_only=False)  # "shown" as in the default view
        return found[0] if found else None
    if kind == "story":
        row = store.one("SELECT * FROM stories WHERE story_id = ?", [record_id])
        if row is not None:
            row["articles"] = story_articles(store, record_id)
            row["timeline"] = store.rows("SELECT * EXCLUDE (story_id, story_label) FROM story_timeline "
                                         "WHERE story_id = ? ORDER BY timeline_no", [record_id])
        return row
    if kind == "claim":
        row = store.one("SELECT * FROM claim_overview WHERE claim_id = ?", [record_id])
        if row is not None:
            row["quotes"] = list_quotes(store, claim=record_id)
        return row
    if kind == "outlet":
        return next((o for o in list_outlets(store) if o["outlet"] == record_id), None)
    if kind == "mention":
        row = store.one("SELECT * FROM mention_passages WHERE mention_id = ?", [record_id])
        if row is not None:
            row["counts"] = store.rows("SELECT count_no, kind, value, part, subgroup, count_start, count_end, count_text "
                                       "FROM mention_counts WHERE mention_id = ? ORDER BY count_no", [record_id])
        return row
    relation, key = _RECORD_SOURCES[kind]
    return store.one(f"SELECT * FROM {relation} WHERE {key} = ?", [record_id])


# Where ``show`` reads the kinds that are one row of one view or table.
_RECORD_SOURCES = {
    "quote": ("quote_speakers", "quote_id"),
    "actor": ("actor_overview", "actor_id"),
    "contradiction": ("contradiction_passages", "contradiction_id"),
    "review": ("reviews", "review_id"),
}
