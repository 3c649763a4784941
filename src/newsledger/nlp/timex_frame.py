"""Dating an article from its own words when no publication date is known.

Evidence, weakest to strongest:

* **Today**: nothing is written after the day we read it.
* **Role claims** ("President Trump") restrict the writing date to the periods
  the role was held; claims are intersected with each other.
* **Explicit years and full dates** bound the date: a year or date told in a
  past-tense clause happened before the article was written (lower bound); one
  told in a future-tense clause lies after it (upper bound).
* **Weekday + month-day without a year** ("Sunday, Dec. 29") fits only the
  years where that day falls on that weekday. We enumerate them in
  ``YEAR_MIN..YEAR_MAX`` (bounded search), drop those outside the bounds above,
  and keep only dates that every other such mention can sit within a year of.
  If exactly one cluster survives, the date is fixed.

* **A wire's own dateline** ("HELSINKI, July 15 (Agency) —") is the day the
  report was filed: it is the anchor whenever its year can be told. The year
  is the only one within the bounds above; else the one where the dateline's
  day is a weekday the lead names ("... marched on Sunday": wires name the
  dateline's day, or the day before it, by its weekday). With a publication
  date, a dateline up to FILED_DAYS before it is the anchor too: the wire
  wrote "on Monday" from its own day, and a paper printing it the next
  morning does not move that Monday.

Otherwise the anchor is the latest fixed date told in a past or tenseless clause (the
article cannot predate it), falling back to the earliest future one. With no
weekday evidence, the latest full date in a past/tenseless clause is used the
same way. When nothing fixes a date the frame keeps ``date=None`` and only the
bounds, so relative expressions stay unresolved rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newsledger.model import RoleClaim, TimeFrame
from newsledger.nlp.timex_rules import WEEKDAYS, Candidate, month_day_parts, month_number
from newsledger.nlp.timex_values import safe_date

YEAR_MIN = 1990
YEAR_MAX = 2035
FAR_PAST = dt.date(YEAR_MIN, 1, 1)
FAR_FUTURE = dt.date(YEAR_MAX, 12, 31)
CLUSTER_DAYS = 366  # mentions of one article's story lie within about a year of each other

Interval = tuple[dt.date, dt.date]


@dataclass
class Mention:
    """A candidate plus the direction of its clause ("past", "future" or None)."""

    cand: Candidate
    direction: str | None


def metadata_frame(published: dt.date, mentions: list[Mention] | None = None, text: str = "") -> TimeFrame:
    """The publication date; or the dateline's day, when the report was filed a few days before it."""
    filed = dateline_before(mentions or [], text, published)
    if filed is not None:
        return TimeFrame(filed, "metadata", ["publication date from metadata",
                                             f"anchor {filed}: the dateline's day, filed before publication"],
                         filed, published)
    return TimeFrame(published, "metadata", ["publication date from metadata"], published, published)


def story_frame(story_day: dt.date, mentions: list[Mention] | None = None, text: str = "") -> TimeFrame:
    """The frame of an undated report anchored on its story's earliest dated report (``story_day``).

    The story's day is only the earliest the report can have been written: a
    wire's dateline within FILED_DAYS of it, before or after ("ST. PETERSBURG,
    Dec. 30 (Agency) —" in a story first dated Dec. 29), is the report's own
    day and the anchor. Without a dateline the report's day is unknown (the
    demo's newsletter was read against its story's day, so its "yesterday"
    dated the call a day early): the frame keeps the story's day, against which
    weekday names are still read (a report of the story's act tells the
    weekday it happened on, at or before the story's first report), but words
    that count from the day of writing take no day (``writing_day_known``).
    """
    found = dateline_mention(mentions or [], text)
    if found is not None:
        for year in (story_day.year - 1, story_day.year, story_day.year + 1):
            day = safe_date(year, found[0], found[1])
            if day is not None and abs((day - story_day).days) <= FILED_DAYS:
                return TimeFrame(day, "metadata", [f"anchor {day}: the dateline's day, near its story's {story_day}",
                                                    DATELINE_ANCHOR], day, day)
    return TimeFrame(story_day, "metadata", [f"story day {story_day}: the report's own day is unknown"],
                     story_day, None)


# Evidence that a frame's day is the report's own (its dateline), not only its story's.
DATELINE_ANCHOR = "dateline fixes the report's day"


def writing_day_known(frame: TimeFrame, anchored: bool) -> bool:
    """Whether the frame's day is the day the report was written: not when it is only the day of the
    report's story (an undated report with no dateline), where "yesterday" or "this morning" would
    count from a day the report need not have been written on."""
    return not anchored or DATELINE_ANCHOR in frame.evidence


def role_intervals(claims: list[RoleClaim] | None, evidence: list[str]) -> list[Interval]:
    """Intersection over claims of the union of each claim's periods of office."""
    allowed: list[Interval] = [(FAR_PAST, FAR_FUTURE)]
    for claim in claims or []:
        periods = [(s or FAR_PAST, e or FAR_FUTURE) for s, e in claim.periods]
        if not periods:
            continue
        allowed = [
            (max(a0, b0), min(a1, b1)) for a0, a1 in allowed for b0, b1 in periods if max(a0, b0) <= min(a1, b1)
        ]
        spans = ", ".join(f"{s or '?'}..{e or 'now'}" for s, e in claim.periods)
        note = f"role claim '{claim.title}' for {claim.actor}: held {spans}"
        if note not in evidence:
            evidence.append(note)
    return allowed


def absolute_bounds(mentions: list[Mention], evidence: list[str]) -> tuple[dt.date, dt.date]:
    """Lower/upper bounds on the writing date from years and full dates."""
    low, high = FAR_PAST, FAR_FUTURE
    for mention in mentions:
        first, last, _ = absolute_extent(mention.cand)
        if first is None:
            continue
        if mention.direction == "future":
            if last < high:
                high = last
                evidence.append(f"'{mention.cand.text}' in a future-tense clause: written by {last}")
            continue
        if mention.direction == "past" and first > low:
            low = first
            evidence.append(f"'{mention.cand.text}' in a past-tense clause: written on or after {first}")
    return low, high


def absolute_extent(cand: Candidate) -> tuple[dt.date | None, dt.date | None, bool]:
    """First and last day an absolute (year-bearing) expression covers; flag day precision."""
    name = cand.rule.name
    m = cand.match
    if name == "year" and not m.group("decade"):
        year = int(m.group("y"))
        return dt.date(year, 1, 1), dt.date(year, 12, 31), False
    if name == "month_year":
        year, month = int(m.group("year")), month_number(m.group("mon"))
        start = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1), False
    parts = month_day_parts(cand)
    if parts and parts[3] is not None:
        day = safe_date(parts[3], parts[1], parts[2])
        return day, day, day is not None
    return None, None, False


def within(day: dt.date, intervals: list[Interval], low: dt.date, high: dt.date) -> bool:
    return low <= day <= high and any(s <= day <= e for s, e in intervals)


def weekday_candidates(parts: tuple, intervals: list[Interval], low: dt.date, high: dt.date) -> list[dt.date]:
    """Dates in YEAR_MIN..YEAR_MAX where the month-day falls on the weekday and fits the bounds."""
    weekday, month, day, _ = parts
    found = []
    for year in range(YEAR_MIN, YEAR_MAX + 1):
        date = safe_date(year, month, day)
        if date and date.weekday() == weekday and within(date, intervals, low, high):
            found.append(date)
    return found


def consistent_clusters(groups: list[list[dt.date]]) -> list[list[dt.date]]:
    """For each date of the first group, the nearest date of every group if all lie within a year."""
    clusters = []
    for seed in groups[0]:
        picks = []
        for group in groups:
            near = min(group, key=lambda d: abs((d - seed).days))
            if abs((near - seed).days) > CLUSTER_DAYS:
                break
            picks.append(near)
        else:
            clusters.append(picks)
    return clusters


def weekday_evidence(
    mentions: list[Mention], intervals: list[Interval], low: dt.date, high: dt.date, evidence: list[str]
) -> list[tuple[dt.date, Mention]] | None:
    """Fixed dates from weekday+month-day mentions, or None when ambiguous or absent."""
    keyed = []
    for mention in mentions:
        parts = month_day_parts(mention.cand)
        if parts and parts[0] is not None and parts[3] is None:
            dates = weekday_candidates(parts, intervals, low, high)
            years = ", ".join(str(d.year) for d in dates) or "none"
            evidence.append(f"'{mention.cand.text}' fits {years} within the bounds")
            if not dates:
                return None
            keyed.append((mention, dates))
    if not keyed:
        return None
    clusters = consistent_clusters([dates for _, dates in keyed])
    if len(clusters) != 1:
        if clusters:
            evidence.append("weekday dates remain ambiguous: " + ", ".join(str(c[0].year) for c in clusters))
        return None
    return [(date, mention) for date, (mention, _) in zip(clusters[0], keyed)]


def choose_anchor(dated: list[tuple[dt.date, str | None, str]], evidence: list[str]) -> dt.date:
    """Latest fixed date not in a future clause; else the earliest one."""
    settled = [item for item in dated if item[1] != "future"]
    if settled:
        day, _, text = max(settled, key=lambda item: item[0])
        evidence.append(f"anchor {day}: the latest fixed date mentioned ('{text}'), a lower bound on writing")
    else:
        day, _, text = min(dated, key=lambda item: item[0])
        evidence.append(f"anchor {day}: earliest fixed date mentioned ('{text}'), all in future clauses")
    return day


def infer_frame(mentions: list[Mention], claims: list[RoleClaim] | None, today: dt.date | None = None,
                text: str = "") -> TimeFrame:
    """The article's time frame from its own evidence (see module docstring).

    ``today`` (default: the clock) caps the date: an article is not written in
    the future, which also closes roles still held. ``text`` (the article)
    lets a dateline's date be the anchor.
    """
    evidence: list[str] = []
    intervals = role_intervals(claims, evidence)
    low, high = absolute_bounds(mentions, evidence)
    high = min(high, today or dt.date.today())
    if low > high:
        evidence.append(f"year bounds contradict each other ({low} > {high}); ignoring them")
        low, high = FAR_PAST, min(FAR_FUTURE, today or dt.date.today())
    if not any(within_overlap(s, e, low, high) for s, e in intervals):
        evidence.append("constraints contradict each other; ignoring role claims")
        intervals = [(FAR_PAST, FAR_FUTURE)]
    earliest = max(low, min(s for s, _ in intervals))
    latest = min(high, max(e for _, e in intervals))
    filed = dateline_day(mentions, text, intervals, low, high, evidence)
    if filed is not None:
        return TimeFrame(filed, "inferred", evidence, filed, filed)
    fixed = weekday_evidence(mentions, intervals, low, high, evidence)
    if fixed:
        dated = [(day, m.direction, m.cand.text) for day, m in fixed]
    else:
        dated = [(d, m.direction, m.cand.text) for m in mentions for d in full_date_of(m) if within(d, intervals, low, high)]
    if not dated:
        return TimeFrame(None, "none", evidence, bounded(earliest), bounded(latest, upper=True))
    anchor = choose_anchor(dated, evidence)
    return TimeFrame(anchor, "inferred", evidence, max(earliest, anchor), latest if latest >= anchor else anchor)


def full_date_of(mention: Mention) -> list[dt.date]:
    first, _, precise = absolute_extent(mention.cand)
    return [first] if precise and first else []


def within_overlap(start: dt.date, end: dt.date, low: dt.date, high: dt.date) -> bool:
    return max(start, low) <= min(end, high)


def bounded(day: dt.date, upper: bool = False) -> dt.date | None:
    """Drop the search-window edges: they are not evidence."""
    if (not upper and day <= FAR_PAST) or (upper and day >= FAR_FUTURE):
        return None
    return day


# ---------------------------------------------------------------------------
# A wire's dateline: "HELSINKI, July 15 (Harbor Press Agency) —"

# The place before the date: capitals opening the report, maybe a state or country after a comma.
DATELINE_BEFORE = re.compile(r"^[^\S\n]*[A-Z][A-Z.'’ -]*[A-Z](?:,[^\S\n]*[A-Z][\w.]*(?:[^\S\n][A-Z][\w.]*)?)?,[^\S\n]*$")
# After the date: maybe the agency in brackets, then the dash that opens the story.
DATELINE_AFTER = re.compile(r"^[^\S\n]*(?:\([^)\n]{1,40}\))?[^\S\n]*(?:—|–|--|-)[^\S\n]")
DATELINE_CHARS = 300
# Weekday names in the dateline's paragraph: "The Kremlin said on Saturday", "marched on Sunday".
WEEKDAY_WORD = re.compile(r"\b(" + "|".join(w for w in WEEKDAYS if len(w) > 4) + r")\b", re.IGNORECASE)


def dateline_mention(mentions: list[Mention], text: str) -> tuple[int, int, int] | None:
    """(month, day, line start) of a month-day that is part of the report's dateline, without a year."""
    for mention in mentions:
        cand = mention.cand
        if cand.start > DATELINE_CHARS:
            continue
        parts = month_day_parts(cand)
        if not parts or parts[3] is not None:
            continue
        line_start = text.rfind("\n", 0, cand.start) + 1
        if DATELINE_BEFORE.match(text[line_start:cand.start]) and DATELINE_AFTER.match(text[cand.end:cand.end + 50]):
            return parts[1], parts[2], line_start
    return None


FILED_DAYS = 7


def dateline_before(mentions: list[Mention], text: str, published: dt.date) -> dt.date | None:
    """The dateline's day when it falls within FILED_DAYS before ``published`` (a day that is not it)."""
    found = dateline_mention(mentions, text)
    if found is None:
        return None
    for year in (published.year, published.year - 1):
        day = safe_date(year, found[0], found[1])
        if day is not None and published - dt.timedelta(days=FILED_DAYS) <= day < published:
            return day
    return None


def dateline_day(mentions: list[Mention], text: str, intervals: list[Interval], low: dt.date, high: dt.date,
                 evidence: list[str]) -> dt.date | None:
    """The dateline's day with its year, when the evidence leaves one year (else None).

    Years allowed by the bounds and role claims; when several are, the one
    where the dateline falls on a weekday its paragraph names for what
    happened (a past or tenseless clause), or on the day after one (a wire filed
    on Sunday tells Saturday's news as "on Saturday").
    """
    found = dateline_mention(mentions, text)
    if found is None:
        return None
    month, day, start = found
    slack = dt.timedelta(days=FILED_DAYS)  # a page's own date line may be a day or two after the filing
    years = [d for y in range(YEAR_MIN, YEAR_MAX + 1)
             if (d := safe_date(y, month, day)) and within(d, intervals, low - slack, high)]
    if len(years) > 1:
        end = text.find("\n\n", start)
        end = end if end > 0 else start + DATELINE_CHARS * 3
        named = {WEEKDAYS[w.lower()] for x in mentions if start <= x.cand.start < end and x.direction in ("past", None)
                 for w in WEEKDAY_WORD.findall(x.cand.text)}
        for shift in (0, 1):
            fits = [d for d in years if (d - dt.timedelta(days=shift)).weekday() in named]
            if fits:
                years = fits
                break
    if len(years) != 1:
        if years:
            evidence.append(f"dateline {month:02d}-{day:02d} fits {len(years)} years")
        return None
    evidence.append(f"anchor {years[0]}: the dateline's day, its year from the bounds and the weekdays the lead names")
    return years[0]
