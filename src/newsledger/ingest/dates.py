"""Publication dates from metadata fields, refusing to invent missing parts."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import dateparser
from dateutil import parser as dateutil_parser

# Two defaults that differ in every part: a value parsed identically with both
# stated its own year, month and day (dateutil silently fills gaps otherwise).
_DEFAULT_A = dt.datetime(2001, 1, 1)
_DEFAULT_B = dt.datetime(2002, 2, 2)
# Publication dates outside this range are typos or epoch-zero placeholders.
_EARLIEST_YEAR = 1800
_LATEST_YEAR_AHEAD = 1
# Epoch numbers above this are milliseconds, not seconds.
_MILLISECONDS_FROM = 100_000_000_000
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")
# A full date always has a year; without one the slow fallback is skipped.
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
# Languages of the dateparser fallback: common news languages (all 200 take seconds to load).
_DATEPARSER_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "ru", "pl", "tr", "ar")
# No relative expressions ("2 days ago"): metadata means an absolute date.
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def _plausible(day: dt.date) -> dt.date | None:
    latest = dt.date.today().year + _LATEST_YEAR_AHEAD
    return day if _EARLIEST_YEAR <= day.year <= latest else None


def _from_epoch(value: float) -> dt.date | None:
    seconds = value / 1000 if value >= _MILLISECONDS_FROM else value
    try:
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None


def _with_dateutil(text: str) -> dt.date | None:
    try:
        first = dateutil_parser.parse(text, default=_DEFAULT_A)
        second = dateutil_parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError):
        return None
    return first.date() if first.date() == second.date() else None


@lru_cache(maxsize=4096)
def _with_dateparser(text: str) -> dt.date | None:
    """Multilingual fallback ("28 janvier 2017"); slow, so only for strings that carry a year."""
    if not _YEAR.search(text):
        return None
    parsed = dateparser.parse(text, languages=list(_DATEPARSER_LANGUAGES), settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None


def parse_published(value: object) -> dt.date | None:
    """A full calendar date from a metadata value, or None when it is absent, partial or nonsense.

    The date is taken as written (no time-zone conversion): it is the
    publisher's own calendar day.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return _plausible(value.date())
    if isinstance(value, dt.date):
        return _plausible(value)
    if isinstance(value, (int, float)):
        day = _from_epoch(float(value))
        return _plausible(day) if day else None
    text = str(value).strip()
    if not text:
        return None
    return _parse_text(text)


@lru_cache(maxsize=65536)
def _parse_text(text: str) -> dt.date | None:
    """Dates repeat across a dump, so parsed strings are cached; ISO strings take a fast path."""
    if text.isdigit() and len(text) >= 9:
        day = _from_epoch(float(text))
    else:
        day = _from_iso(text) or _with_dateutil(text) or _with_dateparser(text)
    return _plausible(day) if day else None


def _from_iso(text: str) -> dt.date | None:
    if not _ISO_START.match(text):
        return None
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None
