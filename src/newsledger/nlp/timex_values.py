"""TIMEX3 value arithmetic: calendar units, formatting and direction-aware choice.

Kept apart from the patterns so the same helpers serve extraction, frame
inference and re-resolution. Dates are plain ``datetime.date``; shifting uses
``dateutil.relativedelta`` so month ends behave.
"""

from __future__ import annotations

import datetime as dt

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

# TIMEX3 duration letters for each calendar unit; ``time`` units get a "T".
UNIT_CODES = {
    "second": ("TS", 1),
    "minute": ("TM", 1),
    "hour": ("TH", 1),
    "day": ("D", 1),
    "night": ("D", 1),
    "weekend": ("D", 2),
    "week": ("W", 1),
    "fortnight": ("W", 2),
    "month": ("M", 1),
    "quarter": ("Q", 1),
    "season": ("M", 3),
    "year": ("Y", 1),
    "decade": ("Y", 10),
    "century": ("Y", 100),
}

PART_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}


def unit_name(word: str) -> str:
    """Map a plural or inflected unit word to its singular key in UNIT_CODES."""
    word = word.lower().rstrip(".")
    if word in ("centuries",):
        return "century"
    if word.endswith("s") and word[:-1] in UNIT_CODES:
        return word[:-1]
    return word


def duration_value(amount: float | None, unit: str) -> str:
    """``P3Y``, ``PT24H``; ``X`` when the amount is vague ("several years")."""
    code, scale = UNIT_CODES[unit]
    if amount is None:
        number = "X"
    else:
        total = amount * scale
        if not float(total).is_integer():
            return fractional_duration(total, unit)
        number = str(int(total))
    if code.startswith("T"):
        return f"PT{number}{code[1:]}"
    return f"P{number}{code}"


SUBUNITS = {"year": ("Y", "M", 12), "month": ("M", "D", 30), "day": ("D", "TH", 24), "hour": ("TH", "M", 60),
            "minute": ("TM", "S", 60), "week": ("W", "D", 7)}


def fractional_duration(total: float, unit: str) -> str:
    """"2 1/2 years" -> P2Y6M, "5 1/2 hours" -> PT5H30M: whole units plus the next smaller unit."""
    if unit not in SUBUNITS:
        return f"P{total}{UNIT_CODES[unit][0]}"
    code, sub, per = SUBUNITS[unit]
    whole, rest = int(total), round((total - int(total)) * per)
    if whole == 0:
        return f"PT{rest}{sub[-1]}" if sub.startswith("T") or code.startswith("T") else f"P{rest}{sub}"
    if code.startswith("T"):
        return f"PT{whole}{code[1:]}{rest}{sub}"
    if sub.startswith("T"):
        return f"P{whole}{code}T{rest}{sub[1:]}"
    return f"P{whole}{code}{rest}{sub}"


def fmt_day(day: dt.date) -> str:
    return day.isoformat()


def fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def fmt_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def fmt_quarter(year: int, quarter: int) -> str:
    return f"{year:04d}-Q{quarter}"


def shift(day: dt.date, unit: str, amount: int) -> dt.date:
    """Move ``day`` by ``amount`` calendar units (negative goes back)."""
    if unit in ("day", "night"):
        return day + dt.timedelta(days=amount)
    if unit in ("week", "weekend"):
        return day + dt.timedelta(weeks=amount)
    if unit == "fortnight":
        return day + dt.timedelta(weeks=2 * amount)
    if unit == "month":
        return day + relativedelta(months=amount)
    if unit == "quarter":
        return day + relativedelta(months=3 * amount)
    if unit == "year":
        return day + relativedelta(years=amount)
    if unit == "decade":
        return day + relativedelta(years=10 * amount)
    if unit == "century":
        return day + relativedelta(years=100 * amount)
    return day


def unit_value(day: dt.date, unit: str) -> str | None:
    """The calendar unit containing ``day`` as a TIMEX3 value (week -> ISO week)."""
    if unit in ("day", "night"):
        return fmt_day(day)
    if unit == "week":
        return fmt_week(day)
    if unit == "weekend":
        return fmt_week(day) + "-WE"
    if unit == "month":
        return fmt_month(day.year, day.month)
    if unit == "quarter":
        return fmt_quarter(day.year, quarter_of(day))
    if unit == "year":
        return f"{day.year:04d}"
    if unit == "decade":
        return f"{day.year // 10:03d}"
    if unit == "century":
        return f"{day.year // 100:02d}"
    return None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def pick_by_direction(candidates: list[dt.date], anchor: dt.date, direction: str | None) -> dt.date | None:
    """Choose among dates by direction.

    ``past``: the latest on or before the anchor; ``future``: the earliest on or
    after it; ``last``/``next``: strictly before/after; otherwise the nearest.
    """
    if not candidates:
        return None
    if direction == "past":
        pool = [c for c in candidates if c <= anchor]
        return max(pool) if pool else None
    if direction == "future":
        pool = [c for c in candidates if c >= anchor]
        return min(pool) if pool else None
    if direction == "last":
        pool = [c for c in candidates if c < anchor]
        return max(pool) if pool else None
    if direction == "next":
        pool = [c for c in candidates if c > anchor]
        return min(pool) if pool else None
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))


def month_occurrence(month: int, anchor: dt.date, direction: str | None) -> str:
    """Which year's ``month`` is meant: same month counts for past/future, not for last/next."""
    firsts = [dt.date(anchor.year + k, month, 1) for k in (-1, 0, 1)]
    here = dt.date(anchor.year, anchor.month, 1)
    if direction is None:
        return fmt_month(anchor.year, month)
    chosen = pick_by_direction(firsts, here, direction)
    return fmt_month(chosen.year, chosen.month) if chosen else fmt_month(anchor.year, month)


def weekday_occurrence(weekday: int, anchor: dt.date, direction: str | None) -> dt.date:
    """The date of a weekday near the anchor; news default is the past week."""
    days = [anchor + dt.timedelta(days=k) for k in range(-7, 8) if (anchor + dt.timedelta(days=k)).weekday() == weekday]
    if direction in ("future", "next"):
        return pick_by_direction(days, anchor, direction)
    if direction == "last":
        return pick_by_direction(days, anchor, "last")
    return pick_by_direction(days, anchor, "past")


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 = last) given weekday of a month, for movable holidays."""
    if n > 0:
        first = dt.date(year, month, 1)
        offset = (weekday - first.weekday()) % 7
        return first + dt.timedelta(days=offset + 7 * (n - 1))
    last = dt.date(year, month, 1) + relativedelta(months=1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def holiday_date(name: str, year: int) -> dt.date | None:
    """Calendar date of a named holiday in a year (US holidays where movable)."""
    fixed = {
        "christmas eve": (12, 24),
        "christmas": (12, 25),
        "christmas day": (12, 25),
        "new year's eve": (12, 31),
        "new year's day": (1, 1),
        "new year": (1, 1),
        "new years": (1, 1),
        "independence day": (7, 4),
        "halloween": (10, 31),
        "valentine's day": (2, 14),
        "veterans day": (11, 11),
    }
    if name in fixed:
        return dt.date(year, *fixed[name])
    if name == "thanksgiving" or name == "thanksgiving day":
        return nth_weekday(year, 11, 3, 4)
    if name == "labor day":
        return nth_weekday(year, 9, 0, 1)
    if name == "memorial day":
        return nth_weekday(year, 5, 0, -1)
    if name in ("easter", "easter sunday"):
        return easter(year)
    return None
