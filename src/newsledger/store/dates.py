"""Partial dates as the ledger stores them: a DATE and a precision.

The analysis gives TIMEX3-style values ("2017-01-28", "2017-W04", "2017-01",
"2017"); the ledger stores the first day the value covers (a week's Monday)
in a DATE column beside its precision, so users can sort and compare dates
without parsing strings. :func:`to_value` gives the analysis form back for the
code that compares dates at their shared precision (event resolution).
"""

from __future__ import annotations

import datetime as dt
import re

PRECISIONS = ("day", "week", "month", "year")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def to_date(value: str | None) -> tuple[dt.date | None, str | None]:
    """(first day, precision) of a TIMEX3 date value; (None, None) for anything that is not a calendar date."""
    if not value:
        return None, None
    try:
        if m := _DAY.match(value):
            return dt.date(int(m[1]), int(m[2]), int(m[3])), "day"
        if m := _WEEK.match(value):
            return dt.date.fromisocalendar(int(m[1]), int(m[2]), 1), "week"
        if m := _MONTH.match(value):
            return dt.date(int(m[1]), int(m[2]), 1), "month"
        if m := _YEAR.match(value):
            return dt.date(int(m[1]), 1, 1), "year"
    except ValueError:
        return None, None
    return None, None


def to_value(day: dt.date | None, precision: str | None) -> str | None:
    """The TIMEX3 value of a stored (date, precision): "2017-01-28", "2017-W04", "2017-01" or "2017"."""
    if day is None or precision not in PRECISIONS:
        return None
    if precision == "day":
        return day.isoformat()
    if precision == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def period(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of a date a user typed (YYYY, YYYY-MM or YYYY-MM-DD); ValueError otherwise."""
    day, precision = to_date(value.strip())
    if day is None or precision == "week" or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value.strip()):
        raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if precision == "day":
        return day, day
    if precision == "month":
        following = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return day, following - dt.timedelta(days=1)
    return day, dt.date(day.year, 12, 31)
