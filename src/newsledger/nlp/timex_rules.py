"""Time-expression patterns and their TIMEX3 normalisers.

Each :class:`Rule` pairs a regular expression (what the expression looks like)
with a normaliser (what it means relative to an anchor date and a direction).
We write these by hand rather than use dateparser because TIMEX3 values keep
the granularity of the expression ("March" -> ``1998-03``, "last week" ->
``1998-W08``, "three years" -> ``P3Y``) while dateparser always returns a full
timestamp and knows no durations, sets or weeks; the TimeML evaluation in
:mod:`newsledger.evaluate.timeml` measures the difference.

Names (months, weekdays, holidays) are matched case-sensitively so the modal
"may" or the verb "march" are not dates; other words are case-insensitive.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from newsledger.nlp.regex_gate import first_char_gate
from newsledger.nlp.timex_values import (
    PART_OF_DAY,
    SEASONS,
    duration_value,
    fmt_day,
    fmt_month,
    fmt_quarter,
    fmt_week,
    holiday_date,
    month_occurrence,
    pick_by_direction,
    quarter_of,
    safe_date,
    shift,
    unit_name,
    unit_value,
    weekday_occurrence,
)

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "couple": 2, "half": 0.5,
}
VAGUE_AMOUNTS = ("several", "few", "many", "some", "numerous", "multiple")
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4}

# --- building blocks -------------------------------------------------------------
B = r"(?<![\w-])"  # left word boundary that also refuses hyphenated tails
E = r"(?![\w])"
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    r"|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
MONTH_ALONE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Apr\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)"
)
WEEKDAY = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon\.|Tue\.|Tues\.|Wed\.|Thu\.|Thur\.|Thurs\.|Fri\.|Sat\.|Sun\.)"
)
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)(?![\d,]\d|\d)"
TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
UNITS_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
NUM = (
    r"(?i:\d{1,3}(?:\s+1/2|\.\d+)?|" + TENS + r"(?:[- ]" + UNITS_WORD + r")?|one|two|three|four|five|six|seven|eight|nine"
    r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|(?:a\s+)?hundred|(?:a\s+)?dozen|(?:a\s+)?couple(?:\s+of)?|(?:a\s+)?few|half\s+an?|several|many|some"
    r"|numerous|multiple|an?)"
)
SPOKEN_YEAR = (
    r"(?i:nineteen|twenty)[\s-](?i:" + TENS + r"(?:[\s-]" + UNITS_WORD + r")?"
    r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
UNIT = r"(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|century|centuries)"
AMOUNT_MOD = (
    r"(?i:(?:about|around|almost|nearly|roughly|approximately|more\s+than|less\s+than|fewer\s+than|at\s+least"
    r"|at\s+most|over|under|up\s+to|just|only|barely|some)\s+)?"
)
EDGE = r"(?i:(?:early-?|late-?|mid-?|the\s+(?:end|beginning|start|middle)\s+of)\s*)"
PART = r"(?i:morning|afternoon|evening|night)"
HOLIDAY = (
    r"(?:Christmas(?:\s+Day|\s+Eve)?|New\s+Year['’]?s?(?:\s+Day|\s+Eve)?|Thanksgiving(?:\s+Day)?"
    r"|Easter(?:\s+Sunday)?|Independence\s+Day|Halloween|Labor\s+Day|Memorial\s+Day|Valentine['’]s\s+Day"
    r"|Veterans\s+Day)"
)


@dataclass
class Context:
    """What a normaliser knows besides the words: the anchor and the clause's direction."""

    anchor: dt.date | None
    direction: str | None = None  # "past" | "future" | None, from the governing verb
    quarter_talk: bool = False  # the sentence speaks of fiscal quarters


@dataclass
class Resolution:
    type: str
    value: str | None
    relative: bool = False
    direction: str | None = None


@dataclass
class Rule:
    name: str
    pattern: re.Pattern
    resolve: Callable[[re.Match, Context, str], Resolution | None]


@dataclass
class Candidate:
    """A matched expression before normalisation (kept so it can be re-resolved)."""

    start: int
    end: int
    rule: Rule
    match: re.Match = field(repr=False)

    @property
    def text(self) -> str:
        return self.match.group(0)


# --- small parsers -----------------------------------------------------------------


def parse_amount(text: str) -> float | None:
    """Number words or digits to a number; None for vague amounts ("several")."""
    words = text.lower().replace("-", " ").split()
    words = [w for w in words if w not in ("a", "an", "of")] or ["a"]
    if any(w in VAGUE_AMOUNTS for w in words):
        return None
    if words[0][0].isdigit():
        return float(words[0]) + (0.5 if "1/2" in words[1:] else 0.0)
    total = 0.0
    for word in words:
        total += SMALL_NUMBERS.get(word, 0)
    return total or 1.0


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    return WEEKDAYS[word.lower().rstrip(".")]


def day_number(word: str) -> int:
    return int(re.match(r"\d+", word).group(0))


def explicit_direction(word: str | None) -> str | None:
    """Direction words inside the expression override the verb's tense."""
    if not word:
        return None
    word = word.lower()
    if word in ("last", "past", "previous"):
        return "last"
    if word in ("next", "coming", "following"):
        return "next"
    if word in ("this", "current", "same"):
        return "this"
    return None


def preceding_word(text: str, start: int) -> str:
    before = re.search(r"([A-Za-z']+)\W*$", text[max(0, start - 30):start])
    return before.group(1).lower() if before else ""


def reference_quarter(anchor: dt.date) -> tuple[int, int]:
    """The latest completed quarter: what financial news means by "the quarter"."""
    prev = shift(anchor, "quarter", -1)
    return prev.year, quarter_of(prev)


# --- normalisers ------------------------------------------------------------------


def resolve_month_day(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    month, day = month_number(m.group("mon")), day_number(m.group("day"))
    if m.group("year"):
        date = safe_date(int(m.group("year")), month, day)
        return Resolution("DATE", fmt_day(date)) if date else None
    if safe_date(2000, month, day) is None:
        return None
    if (year := year_told_before(m, text)) is not None:
        date = safe_date(year, month, day)
        return Resolution("DATE", fmt_day(date)) if date else None
    if ctx.anchor is None:
        return Resolution("DATE", None, relative=True, direction=ctx.direction)
    years = [ctx.anchor.year + k for k in (-1, 0, 1)]
    dates = [d for d in (safe_date(y, month, day) for y in years) if d]
    if m.group("wd"):
        wd = weekday_number(m.group("wd"))
        matching = [d for d in dates if d.weekday() == wd]
        dates = matching or dates
    chosen = directed_near(dates, ctx.anchor, clause_direction(ctx))
    return Resolution("DATE", fmt_day(chosen), relative=True, direction=clause_direction(ctx))


# "Dec. 17 of that year", "in December that year": the year is the one the text last told.
THAT_YEAR = re.compile(r"^,?\s+(?:of\s+)?(?:that|the\s+same)\s+year\b", re.IGNORECASE)
TOLD_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
TOLD_YEAR_CHARS = 600


def year_told_before(m: re.Match, text: str) -> int | None:
    """The year a "that year" after the expression points back to: the last one written before it."""
    if not text or not THAT_YEAR.match(text[m.end():m.end() + 25]):
        return None
    years = TOLD_YEAR.findall(text[max(0, m.start() - TOLD_YEAR_CHARS):m.start()])
    return int(years[-1]) if years else None


TENSE_REACH = 250  # tense decides the year only this close to the anchor (about eight months)
PAST_REACH = 250  # with no tense, news looks back this far before looking ahead


def directed_near(dates: list[dt.date], anchor: dt.date, direction: str | None) -> dt.date:
    """Which year a month(-day) without one means.

    No tense: the latest occurrence within about eight months back (news
    mostly reports the recent past), else the nearest one. With a tense, the
    occurrence on that side of the anchor if within about eight months;
    farther off, the anchor's own year (a past-tense "Nov. 16" written on
    Oct. 30 more likely reports a plan or a loose tense than an event eleven
    months back). Both reaches were set on the TimeML development data.
    """
    if direction is None:
        recent = pick_by_direction(dates, anchor, "past")
        if recent is not None and (anchor - recent).days <= PAST_REACH:
            return recent
        return pick_by_direction(dates, anchor, None)
    directed = pick_by_direction(dates, anchor, direction)
    if directed is not None and abs((directed - anchor).days) <= TENSE_REACH:
        return directed
    same_year = [d for d in dates if d.year == anchor.year]
    return same_year[0] if same_year else pick_by_direction(dates, anchor, None)


def clause_direction(ctx: Context) -> str | None:
    """The clause's direction as "past"/"future"/None ("present" counts as no preference)."""
    return ctx.direction if ctx.direction in ("past", "future") else None


def resolve_month_year(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    year = int(m.group("year")) if m.group("year") else spoken_year_number(m.group("spoken"))
    return Resolution("DATE", fmt_month(year, month_number(m.group("mon"))))


def spoken_year_number(words: str) -> int:
    """"nineteen ninety-four" -> 1994."""
    century, rest = re.split(r"[\s-]", words.strip(), maxsplit=1)
    return (1900 if century.lower() == "nineteen" else 2000) + int(parse_amount(rest))


def resolve_month(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    word = m.group("mon")
    det = m.group("det")
    if word == "May" and not det and preceding_word(text, m.start()) not in MAY_PREPOSITIONS:
        return None
    if not det and (year := year_told_before(m, text)) is not None:
        return Resolution("DATE", fmt_month(year, month_number(word)))
    direction = explicit_direction(det) or clause_direction(ctx)
    if ctx.anchor is None:
        return Resolution("DATE", None, relative=True, direction=direction)
    if m.group("yrel"):
        step = {"last": -1, "next": 1}.get(m.group("yrel").lower(), 0)
        return Resolution("DATE", fmt_month(ctx.anchor.year + step, month_number(word)), True, explicit_direction(m.group("yrel")))
    return Resolution("DATE", month_value(month_number(word), ctx.anchor, direction), True, direction)


def month_value(month: int, anchor: dt.date, direction: str | None) -> str:
    """Explicit this/last/next always count; tense only within half a year, else the anchor's year."""
    if direction == "this":
        return fmt_month(anchor.year, month)
    if direction in ("last", "next"):
        return month_occurrence(month, anchor, direction)
    firsts = [dt.date(anchor.year + k, month, 1) for k in (-1, 0, 1)]
    here = dt.date(anchor.year, anchor.month, 1)
    chosen = directed_near(firsts, here, direction)
    return fmt_month(chosen.year, chosen.month)


MAY_PREPOSITIONS = {"in", "since", "until", "till", "by", "of", "from", "through", "to", "before", "after",
                    "during", "early", "late", "mid", "last", "next", "this", "and", "or", "between"}


def resolve_numeric_date(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    if m.group("iso_y"):
        date = safe_date(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))
    else:
        year = int(m.group("us_y"))
        year += 1900 if year < 100 and year >= 50 else (2000 if year < 100 else 0)
        date = safe_date(year, int(m.group("us_m")), int(m.group("us_d")))
    return Resolution("DATE", fmt_day(date)) if date else None


# A number before these words counts or addresses something: "2000 people", "the 1900 block of Main Street".
NOT_A_YEAR_AFTER = re.compile(r"\s*(?:percent|%|people|times|units|shares|cars|miles|blocks?\b|blk\b)")


# A number before a street name is a house number: "of 1915 Birch St.", "at 1400 N. Main Avenue".
# One to three capitalised words (an optional compass letter first) and then a street word, so
# "in 1915 Congress passed" or "in 2016 Dr. Smith" (no street word after the name) stay years.
STREET_NUMBER = re.compile(
    r"\s+(?:[NSEW]\.?\s+)?(?:[A-Z][A-Za-z'\-]*\.?\s+){1,3}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Ct|Court|Pl|Place|Ter|Terrace"
    r"|Cir|Circle|Hwy|Highway|Pkwy|Parkway|Way)\b")


def resolve_year(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    """A bare year, unless a currency sign or a counted noun says it is a number.

    "of 1915 Birch St." is a house number (`STREET_NUMBER`): read as a year it
    put an arrest of a 2016 shooting in 1915, the first line of the GVC events
    listing.

    "the 2000 block of Flat Shoals Road" is a street address (US police give
    a hundred-block for where a shooting happened): read as the year 2000 it
    dated the shooting itself (GVC dev: 17 such addresses in 600 reports).
    """
    before = text[max(0, m.start() - 1):m.start()]
    after = text[m.end():m.end() + 9].lower()
    if before in "$£€#" and before or NOT_A_YEAR_AFTER.match(after):
        return None
    if STREET_NUMBER.match(text, m.end()):
        return None
    year = m.group("y")
    if m.group("decade"):
        return Resolution("DATE", year[:3])
    return Resolution("DATE", year)


def resolve_weekday(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    wd = weekday_number(m.group("wd"))
    part = m.group("part")
    det = m.group("det")
    if m.group("plural"):
        suffix = f"T{PART_OF_DAY[part.lower().rstrip('s')]}" if part else ""
        return Resolution("SET", f"XXXX-WXX-{wd + 1}{suffix}")
    direction = explicit_direction(det)
    if direction == "this":
        direction = None
    direction = direction or ("future" if ctx.direction == "present" else ctx.direction)
    if ctx.anchor is None:
        return Resolution("DATE", None, relative=True, direction=direction)
    day = weekday_occurrence(wd, ctx.anchor, direction)
    value = fmt_day(day) + (f"T{PART_OF_DAY[part.lower()]}" if part else "")
    return Resolution("DATE", value, relative=True, direction=direction)


def resolve_deictic(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    word = m.group("word").lower()
    part = (m.group("part") or "").lower()
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
    if word == "tonight":
        part = "night"
    direction = "past" if offsets[word] < 0 else ("future" if offsets[word] > 0 else None)
    if ctx.anchor is None:
        return Resolution("TIME" if part else "DATE", None, relative=True, direction=direction)
    value = fmt_day(ctx.anchor + dt.timedelta(days=offsets[word]))
    if part:
        return Resolution("TIME", f"{value}T{PART_OF_DAY[part]}", True, direction)
    return Resolution("DATE", value, True, direction)


def resolve_part_of_day(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    """"this morning", "last night" (= yesterday night), "overnight"; a bare "morning" is not dated.

    "Overnight" stays the report's day: reading it as the night before was tried
    on GVC (main-event day) and was right 5 times, wrong 4 (after midnight is
    the report's day).
    """
    det = (m.group("det") or "").lower()
    part = m.group("part").lower()
    if not det and part != "overnight":
        return None
    if part == "overnight":
        part, det = "night", "this"
    offset = -1 if det == "last" else 0
    if ctx.anchor is None:
        return Resolution("TIME", None, relative=True)
    day = ctx.anchor + dt.timedelta(days=offset)
    return Resolution("TIME", f"{fmt_day(day)}T{PART_OF_DAY[part]}", True, "past" if offset else None)


def resolve_reference(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    """TIMEX3 reference values: "now" -> PRESENT_REF, "recently" -> PAST_REF, "the future" -> FUTURE_REF."""
    word = re.sub(r"\s+", " ", m.group(0).lower())
    if word in ("recently", "lately", "formerly", "the past", "recent years"):
        return Resolution("DATE", "PAST_REF")
    if "future" in word or "coming" in word:
        return Resolution("DATE", "FUTURE_REF")
    return Resolution("DATE", "PRESENT_REF")


def resolve_duration(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    if m.group("age") or not_a_span_of_time(m):
        return None  # "a 6-year-old", "three-quarters", "a second"
    unit = unit_name(m.group("unit"))
    amount = parse_amount(m.group("num"))
    if amount is not None and m.group("half"):
        amount += 0.5
    return Resolution("DURATION", duration_value(amount, unit))


def not_a_span_of_time(m: re.Match) -> bool:
    """"three-quarters" is a fraction and "a second" an ordinal, not durations."""
    text = m.group(0).lower()
    if re.search(r"\w-quarters\b", text):
        return True
    return m.group("num").lower() in ("a", "an") and m.group("unit").lower() == "second"


def resolve_vague_duration(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    """"recent months", "the past few weeks": a stretch of unknown length."""
    return Resolution("DURATION", duration_value(None, unit_name(m.group("unit"))))


def resolve_offset(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    """"three years ago", "a year earlier", "two weeks from now".

    "Three days later" and "a week before" are left to the duration rule: their
    anchor is another event, not the article date (TimeML marks the duration).
    """
    unit = unit_name(m.group("unit"))
    amount = parse_amount(m.group("num"))
    word = m.group("rel").lower()
    sign = -1 if word in ("ago", "earlier", "back") else 1
    if amount is None:
        return Resolution("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if ctx.anchor is None:
        return Resolution("DATE", None, relative=True, direction="past" if sign < 0 else "future")
    if unit == "year" and amount == 1 and ctx.quarter_talk:
        year, quarter = reference_quarter(ctx.anchor)
        return Resolution("DATE", fmt_quarter(year + sign, quarter), True)
    if not float(amount).is_integer():
        return Resolution("DATE", None, relative=True)
    day = shift(ctx.anchor, unit, sign * int(amount))
    value = unit_value(day, "day" if unit == "week" and amount <= 2 else unit)
    return Resolution("DATE", value, True, "past" if sign < 0 else "future")


def resolve_relative_unit(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    """"last week", "this year", "next month", "the past year" (a duration), "earlier this month"."""
    unit = unit_name(m.group("unit"))
    det = m.group("det").lower()
    the = m.group("the")
    direction = explicit_direction(det)
    if the and det in ("past", "last") and unit in ("year", "week") and ctx.anchor is not None:
        return Resolution("DATE", unit_value(shift(ctx.anchor, unit, -1), unit), True, "last")
    if the and det in ("past", "last", "next", "coming", "previous", "following"):
        return Resolution("DURATION", duration_value(1, unit))
    if ctx.anchor is None:
        return Resolution("DATE", None, relative=True, direction=direction)
    step = {"last": -1, "next": 1}.get(direction, 0)
    value = unit_value(shift(ctx.anchor, unit, step), unit)
    return Resolution("DATE", value, True, direction)


def resolve_bare_unit(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    """"the quarter", "the latest quarter", "the week", "the year", "year-end"."""
    if re.fullmatch(r"the\s+Year", m.group(0)):
        return None  # a title such as "Person of the Year"
    word = re.sub(r"\s+", " ", m.group(0).lower())
    if word == "the year":
        return Resolution("DURATION", "P1Y")
    if ctx.anchor is None:
        return Resolution("DATE", None, relative=True)
    if any(key in word for key in ("year-earlier", "year-ago", "a year", "last year")):
        if ctx.quarter_talk or "quarter" in word or "period" in word:
            year, quarter = reference_quarter(ctx.anchor)
            return Resolution("DATE", fmt_quarter(year - 1, quarter), True)
        return Resolution("DATE", unit_value(shift(ctx.anchor, "year", -1), "year"), True)
    if "quarter" in word or "period" in word:
        return Resolution("DATE", fmt_quarter(*reference_quarter(ctx.anchor)), True)
    if "year" in word:
        return Resolution("DATE", unit_value(ctx.anchor, "year"), True)
    if "weekend" in word:
        sat = weekday_occurrence(5, ctx.anchor, clause_direction(ctx))
        return Resolution("DATE", unit_value(sat, "weekend"), True)
    return Resolution("DATE", unit_value(ctx.anchor, "week"), True)


def resolve_quarter(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    quarter = ORDINALS[m.group("ord").lower()]
    year_text = m.group("y1") or m.group("y2")
    if m.group("half"):
        half = "H1" if quarter == 1 else ("H2" if quarter in (2, 4) else None)
        if half is None:
            return None
        if year_text:
            return Resolution("DATE", f"{year_text}-{half}")
        if ctx.anchor is None:
            return Resolution("DATE", None, relative=True)
        return Resolution("DATE", f"{ctx.anchor.year:04d}-{half}", True)
    if year_text:
        return Resolution("DATE", fmt_quarter(int(year_text), quarter))
    if ctx.anchor is None:
        return Resolution("DATE", None, relative=True)
    owner = (m.group("owner") or "").lower()
    year = ctx.anchor.year + (-1 if owner.startswith("last") or "year-" in owner else 0)
    year += 1 if owner.startswith("next") else 0
    if quarter > quarter_of(ctx.anchor) and clause_direction(ctx) == "past" and not m.group("owner"):
        year -= 1
    return Resolution("DATE", fmt_quarter(year, quarter), True)


def resolve_season(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    det = (m.group("det") or "").lower()
    code = SEASONS[m.group("season").lower()]
    if m.group("year") or m.group("spoken"):
        year = int(m.group("year")) if m.group("year") else spoken_year_number(m.group("spoken"))
        return Resolution("DATE", f"{year:04d}-{code}")
    if not det and preceding_word(text, m.start()) not in SEASON_PREPOSITIONS:
        return None
    if ctx.anchor is None:
        return Resolution("DATE", None, relative=True)
    step = {"last": -1, "next": 1}.get(explicit_direction(det), 0)
    return Resolution("DATE", f"{ctx.anchor.year + step:04d}-{code}", True, explicit_direction(det))


SEASON_PREPOSITIONS = {"in", "during", "over", "through", "since", "until", "by", "this", "last", "next", "early", "late"}


def resolve_set(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    word = re.sub(r"\s+", " ", m.group(0).lower())
    adverbs = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P1Q",
               "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "biweekly": "P2W"}
    if word in adverbs:
        return Resolution("SET", adverbs[word])
    unit_word = word.split()[-1]
    if unit_word.capitalize() in WEEKDAY_NAMES:
        return Resolution("SET", f"XXXX-WXX-{weekday_number(unit_word) + 1}")
    if unit_word in PART_OF_DAY:
        return Resolution("SET", f"XXXX-XX-XXT{PART_OF_DAY[unit_word]}")
    amount = 2 if " other " in f" {word} " else 1
    return Resolution("SET", duration_value(amount, unit_name(unit_word)))


WEEKDAY_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


def resolve_rate_set(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    """"twice a year", "$5 a month": only after a frequency or a price, else it is a duration."""
    before = text[max(0, m.start() - 25):m.start()].lower()
    if not re.search(r"(?:once|twice|times|\d|dollars|cents|million|billion|percent|%)\W*$", before):
        return None
    return Resolution("SET", duration_value(1, unit_name(m.group("unit"))))


def resolve_clock(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    clock = clock_value(m)
    if clock is None:
        return None
    day = None
    if m.group("cmon"):
        base = ctx.anchor or dt.date(2000, 1, 1)
        mon, dnum = month_number(m.group("cmon")), day_number(m.group("cday"))
        dates = [d for d in (safe_date(base.year + k, mon, dnum) for k in (-1, 0, 1)) if d]
        day = directed_near(dates, ctx.anchor, clause_direction(ctx)) if ctx.anchor and dates else None
    elif ctx.anchor is not None:
        day = ctx.anchor
        if m.group("cwd"):
            direction = "future" if ctx.direction == "present" else ctx.direction
            day = weekday_occurrence(weekday_number(m.group("cwd")), ctx.anchor, direction)
        elif m.group("crel"):
            day = ctx.anchor + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[m.group("crel").lower()])
    if day is None:
        return Resolution("TIME", None, relative=True)
    return Resolution("TIME", f"{fmt_day(day)}T{clock}", True, clause_direction(ctx))


def clock_value(m: re.Match) -> str | None:
    word = (m.group("word") or "").lower()
    if word in ("noon", "midday"):
        return "12:00"
    if word == "midnight":
        return "24:00"
    hour = int(m.group("hour"))
    minute = int(m.group("minute") or 0)
    meridian = (m.group("ampm") or "").lower()
    if meridian.startswith("p") and hour < 12:
        hour += 12
    if meridian.startswith("a") and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


# Holiday names as written without the apostrophe ("New Years Eve", common in local news) -> the calendar's name.
HOLIDAY_SPELLINGS = {"new year's": "new year", "new years": "new year", "new year": "new year",
                     "new years eve": "new year's eve", "new year eve": "new year's eve",
                     "new years day": "new year's day", "new year day": "new year's day"}


def resolve_holiday(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    name = re.sub(r"\s+", " ", m.group("name").replace("’", "'")).lower()
    name = HOLIDAY_SPELLINGS.get(name, name)
    if m.group("year"):
        day = holiday_date(name, int(m.group("year")))
        return Resolution("DATE", fmt_day(day) if day else None)
    if ctx.anchor is None:
        return Resolution("DATE", None, relative=True)
    days = [d for d in (holiday_date(name, ctx.anchor.year + k) for k in (-1, 0, 1)) if d]
    direction = explicit_direction(m.group("det"))
    chosen = pick_by_direction(days, ctx.anchor, direction if direction in ("last", "next") else None)
    return Resolution("DATE", fmt_day(chosen) if chosen else None, True, direction)


DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}


def resolve_year_period(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    """"the 1988 quarter": the reporting quarter of that year."""
    if ctx.anchor is None:
        return Resolution("DATE", None, relative=True)
    return Resolution("DATE", fmt_quarter(int(m.group("y")), reference_quarter(ctx.anchor)[1]), True)


def resolve_decade_word(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    """"the nineties" -> 199; a bare "sixties" is more often an age than a decade."""
    if m.group(0)[:3].lower() not in ("the", "ear", "lat", "mid"):
        return None
    return Resolution("DATE", f"19{DECADE_WORDS[m.group('dec').lower()]}")


# Words around a spelled-out number that make it a count, not a year:
# "more than two thousand people", "about two thousand troops".
COUNT_CUES_BEFORE = {"than", "about", "some", "nearly", "over", "almost", "least", "around", "approximately",
                     "roughly", "estimated", "another"}
COUNT_NOUNS_AFTER = {"people", "men", "women", "children", "police", "staff", "personnel", "troops", "dead",
                     "protesters", "demonstrators", "residents", "families", "homes", "houses", "votes"}


def _spoken_count(m: re.Match, text: str) -> bool:
    """A spelled-out number used as a count ("two thousand people") rather than as a year."""
    if m.group(0).lower().startswith("the year"):
        return False
    before = re.search(r"([A-Za-z]+)\W*$", text[max(0, m.start() - 20):m.start()])
    after = re.match(r"\W{0,2}([A-Za-z]+)", text[m.end():m.end() + 20])
    if before and before.group(1).lower() in COUNT_CUES_BEFORE:
        return True
    if after:
        word = after.group(1)
        return word.lower() in COUNT_NOUNS_AFTER or (word.islower() and word.endswith("s") and len(word) > 3)
    return False


def resolve_spoken_year(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    """"nineteen ninety-six" -> 1996, "the year two thousand" -> 2000 (broadcast transcripts)."""
    if _spoken_count(m, text):
        return None
    if m.group("century") is None:
        extra = SMALL_NUMBERS.get((m.group("extra") or "").lower(), 0)
        return Resolution("DATE", f"{2000 + extra:04d}")
    rest = m.group("rest").lower()
    base = 1900 if m.group("century").lower() == "nineteen" else 2000
    if rest == "hundred":
        return Resolution("DATE", f"{base:04d}")
    return Resolution("DATE", f"{base + int(parse_amount(rest)):04d}")


def resolve_week_of(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    """"the week of March 6": the ISO week holding that day."""
    month, day = month_number(m.group("mon")), day_number(m.group("day"))
    if ctx.anchor is None:
        return Resolution("DATE", None, relative=True)
    dates = [d for d in (safe_date(ctx.anchor.year + k, month, day) for k in (-1, 0, 1)) if d]
    if not dates:
        return None
    return Resolution("DATE", fmt_week(directed_near(dates, ctx.anchor, clause_direction(ctx))), True)


def resolve_century(m: re.Match, ctx: Context, text: str) -> Resolution | None:
    number = int(re.match(r"\d+", m.group("cent")).group(0))
    return Resolution("DATE", f"{number - 1:02d}")


# --- the rule table ------------------------------------------------------------------


def _rule(name: str, pattern: str, resolve) -> Rule:
    """A rule's pattern between the word edges, with a first-character gate (the same matches, found
    faster: see ``nlp.regex_gate``)."""
    return Rule(name, re.compile(B + first_char_gate(pattern) + pattern + E), resolve)


RULES: list[Rule] = [
    _rule(
        "month_day",
        rf"(?:(?P<wd>{WEEKDAY}),?\s+(?:the\s+)?)?(?:{EDGE})?(?:(?P<mon>{MONTH})\s+(?P<day>{DAYNUM})(?!\d)"
        rf"|(?P<day2>{DAYNUM})(?:\s+of)?\s+(?P<mon2>{MONTH}))(?:,?\s+(?P<year>{YEAR}))?",
        lambda m, c, t: resolve_month_day(_MonthDayMatch(m), c, t),
    ),
    _rule(
        "month_year",
        rf"(?:{EDGE})?(?P<mon>{MONTH}),?\s+(?:of\s+)?(?:(?P<year>{YEAR})|(?P<spoken>{SPOKEN_YEAR}))",
        resolve_month_year,
    ),
    _rule(
        "numeric_date",
        r"(?:(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)"
        r"|(?P<us_m>1[0-2]|0?[1-9])/(?P<us_d>[12]\d|3[01]|0?[1-9])/(?P<us_y>(?:19|20)?\d\d))(?![\d/])",
        resolve_numeric_date,
    ),
    _rule(
        "year",
        rf"(?:(?i:the)\s+)?(?:{EDGE})?(?:(?i:fiscal)\s+)?(?P<y>1[89]\d\d|20[0-4]\d)(?P<decade>'?s)?(?![\d,.]\d|\d|-\d)",
        resolve_year,
    ),
    _rule(
        "month",
        rf"(?:{EDGE})?(?:(?P<det>(?i:this|last|next|coming|past))\s+)?(?P<mon>{MONTH_ALONE})"
        rf"(?:\s+(?:(?i:of)\s+)?(?P<yrel>(?i:last|next|this))\s+(?i:year))?",
        resolve_month,
    ),
    _rule(
        "weekday",
        rf"(?:(?P<det>(?i:last|next|this|coming|past))\s+)?(?P<wd>{WEEKDAY})(?P<plural>s)?(?:\s+(?P<part>{PART})s?)?",
        resolve_weekday,
    ),
    _rule(
        "deictic",
        rf"(?:(?i:earlier|later|early|late)\s+)?(?P<word>(?i:today|tonight|yesterday|tomorrow))"
        rf"(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?",
        resolve_deictic,
    ),
    _rule(
        "part_of_day",
        r"(?:(?i:earlier|later|early|late)\s+)?(?:(?P<det>(?i:this|last))\s+)?(?P<part>(?i:morning|afternoon|evening|night|overnight))",
        resolve_part_of_day,
    ),
    _rule(
        "reference",
        r"(?i:right\s+now|now|currently|current|nowadays|these\s+days|at\s+present|presently|at\s+the\s+moment"
        r"|recently|recent\s+years|lately|formerly|the\s+past|the\s+(?:near\s+)?future"
        r"|(?:the\s+)?coming\s+(?:years|months))",
        resolve_reference,
    ),
    _rule(
        "duration",
        rf"(?:(?i:the)\s+(?:(?i:past|last|next|coming|previous|first|following|final|latest|remaining|same|initial)\s+)?)?"
        rf"{AMOUNT_MOD}(?P<num>{NUM})[\s-](?P<unit>{UNIT})(?P<half>\s+(?i:and\s+a\s+half))?(?P<age>-(?i:old))?(?:-(?i:long))?",
        resolve_duration,
    ),
    _rule(
        "vague_duration",
        rf"(?:(?i:the)\s+)?(?i:recent|past|last|coming|next)\s+(?P<unit>(?i:seconds|minutes|hours|days|weeks|months|quarters|decades|centuries))",
        resolve_vague_duration,
    ),
    _rule(
        "offset",
        rf"{AMOUNT_MOD}(?P<num>{NUM})[\s-](?P<unit>{UNIT})(?:\s+(?i:or\s+so))?\s+(?P<rel>(?i:ago|earlier|back|from\s+now|hence))",
        resolve_offset,
    ),
    _rule(
        "relative_unit",
        rf"(?:(?i:(?:early|late|mid|earlier|later|(?:the\s+)?(?:end|beginning|start|middle|rest|remainder)\s+of)\s+(?:in\s+)?))?"
        rf"(?P<the>(?i:the)\s+)?(?P<det>(?i:this|last|next|past|coming|previous|current|following|same))\s+"
        rf"(?P<unit>(?i:week|weekend|month|quarter|year|decade|century))",
        resolve_relative_unit,
    ),
    _rule(
        "bare_unit",
        r"(?i:the\s+(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)"
        r"|the\s+(?:same\s+|corresponding\s+|comparable\s+)?(?:quarter|period)\s+(?:of\s+)?last\s+year"
        r"|last\s+year['’]s\s+(?:quarter|period)"
        r"|the\s+(?:latest\s+|current\s+|recent\s+)?quarter|the\s+latest\s+period"
        r"|(?:the\s+)?(?:comparable\s+)?year-(?:earlier|ago)\s+(?:quarter|period)"
        r"|the\s+week|(?:(?:the\s+)?(?:end|beginning|start|middle|rest|remainder)\s+of\s+|earlier\s+in\s+|later\s+in\s+)?the\s+year"
        r"|the\s+(?:full|fiscal|current\s+fiscal|latest\s+fiscal)\s+year"
        r"|the\s+weekend|year-end|year-earlier|year-ago)(?!-)",
        resolve_bare_unit,
    ),
    _rule(
        "quarter",
        rf"(?:(?:(?i:fiscal)\s+)?(?P<y1>{YEAR})(?:['’]s)?\s+|(?P<owner>(?i:this|last|next)\s+year['’]s|(?i:the\s+)?(?i:year-earlier|year-ago))\s+|(?i:the)\s+)?"
        rf"(?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th|last(?=\s+half)))[\s-](?:(?P<quarter>(?i:quarter))|(?P<half>(?i:half)))"
        rf"(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?(?P<y2>{YEAR}))?",
        resolve_quarter,
    ),
    _rule(
        "season",
        rf"(?:(?P<det>(?i:this|last|next|early|late|the))\s+)?(?P<season>(?i:spring|summer|fall|autumn|winter))"
        rf"(?:\s+(?:of\s+)?(?:(?P<year>{YEAR})|(?P<spoken>{SPOKEN_YEAR})))?",
        resolve_season,
    ),
    _rule(
        "set",
        rf"(?:(?i:every|each)\s+(?:(?i:other)\s+)?(?:(?i:day|week|month|year|quarter|morning|night|evening|afternoon)|{WEEKDAY})"
        r"|(?i:daily|nightly|weekly|biweekly|monthly|yearly|hourly))",
        resolve_set,
    ),
    _rule("rate_set", r"(?:a|per|an)\s+(?P<unit>day|week|month|year|hour)", resolve_rate_set),
    _rule(
        "clock",
        rf"(?:(?i:about|around|at|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
        rf"(?:(?P<hour>[01]?\d|2[0-4])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.?|p\.m\.?|am|pm|o['’]clock))"
        rf"|(?P<word>(?i:noon|midnight|midday)))(?:\s+(?:EST|EDT|ET|GMT|UTC|PST|PDT|CST|CDT|BST|CET))?"
        rf"(?:,?\s+(?:(?i:on)\s+)?(?:(?P<cwd>{WEEKDAY})|(?P<crel>(?i:today|yesterday|tomorrow))|(?P<cmon>{MONTH})\s+(?P<cday>{DAYNUM})))?",
        resolve_clock,
    ),
    _rule(
        "holiday",
        rf"(?:(?P<det>(?i:last|next|this))\s+)?(?:(?i:the)\s+)?(?P<name>{HOLIDAY})(?:\s+(?P<year>{YEAR}))?",
        resolve_holiday,
    ),
    _rule(
        "year_period",
        rf"(?i:the)\s+(?:(?i:fiscal)\s+)?(?P<y>{YEAR})\s+(?i:quarter|period)",
        resolve_year_period,
    ),
    _rule(
        "spoken_year",
        rf"(?:(?i:the\s+year)\s+)?(?P<century>(?i:nineteen|twenty))[\s-](?P<rest>(?i:hundred|{TENS}(?:[\s-]{UNITS_WORD})?"
        r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))"
        r"|(?:(?i:the\s+year)\s+)?(?i:two\s+thousand)(?:\s+(?i:and\s+)?(?P<extra>one|two|three|four|five|six|seven|eight|nine|ten))?",
        resolve_spoken_year,
    ),
    _rule(
        "decade_word",
        r"(?:(?i:the)\s+)?(?:(?i:early|late|mid-?)\s*)?(?P<dec>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))",
        resolve_decade_word,
    ),
    _rule(
        "plural_unit",
        r"(?:(?<=\bfor\s)|(?<=\bwithin\s)|(?<=\bin\s)|(?<=\bfollows\s))(?P<unit>(?i:minutes|hours|days|weeks|months|years|decades|centuries))",
        resolve_vague_duration,
    ),
    _rule(
        "week_of",
        rf"(?i:the\s+week\s+of)\s+(?P<mon>{MONTH})\s+(?P<day>{DAYNUM})(?!\d)",
        resolve_week_of,
    ),
    _rule("century", r"(?:(?i:the)\s+)?(?P<cent>\d{1,2}(?:st|nd|rd|th))\s+(?i:century)", resolve_century),
]


class _MonthDayMatch:
    """Lets the month-day normaliser read both word orders through the same group names."""

    def __init__(self, m: re.Match):
        self._m = m

    def group(self, name):
        if name == "mon":
            return self._m.group("mon") or self._m.group("mon2")
        if name == "day":
            return self._m.group("day") or self._m.group("day2")
        return self._m.group(name)

    def start(self, *args):
        return self._m.start(*args)

    def end(self, *args):
        return self._m.end(*args)


def find_candidates(text: str) -> list[Candidate]:
    """All rule matches, then the longest non-overlapping ones (earlier rules win ties).

    Matches a normaliser refuses on their words alone (the modal "May", the
    verb "fall") are dropped first so they do not hide shorter readings.
    """
    found: list[tuple[int, int, int, Candidate]] = []
    probe = Context(anchor=None)
    for order, rule in enumerate(RULES):
        for m in rule.pattern.finditer(text):
            if m.end() > m.start() and rule.resolve(m, probe, text) is not None:
                found.append((-(m.end() - m.start()), order, m.start(), Candidate(m.start(), m.end(), rule, m)))
    found.sort(key=lambda item: item[:3])
    taken: list[Candidate] = []
    occupied: list[tuple[int, int]] = []
    for _, _, _, cand in found:
        if any(cand.start < e and s < cand.end for s, e in occupied):
            continue
        taken.append(cand)
        occupied.append((cand.start, cand.end))
    return sorted(taken, key=lambda c: c.start)


def month_day_parts(cand: Candidate) -> tuple[int | None, int, int, int | None] | None:
    """(weekday, month, day, year) of a month-day expression, for dating undated articles."""
    if cand.rule.name != "month_day":
        return None
    m = _MonthDayMatch(cand.match)
    wd = weekday_number(m.group("wd")) if m.group("wd") else None
    year = int(m.group("year")) if m.group("year") else None
    return wd, month_number(m.group("mon")), day_number(m.group("day")), year
