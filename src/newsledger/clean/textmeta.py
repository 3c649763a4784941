"""Headline, publication date and outlet from the top of a plain-text report.

Only what the text states outright is taken: a date needs day, month and
year (a dateline "MOSCOW, Jan 28 (Reuters)" gives the outlet but no date,
since the year would be a guess), and nothing below the first few lines is
read, because later dates are event dates rather than publication dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dateutil import parser as dateparser

from newsledger.clean.boilerplate import is_featured_header, is_teaser, match_rule
from newsledger.clean.mojibake import repair_text

# How many lines at the top (boilerplate aside) may hold a headline, date or byline.
HEADER_LINES = 4
MAX_TITLE_WORDS = 25
MAX_TITLE_CHARS = 200
# Share of capitalised words (of four letters or more) that makes Title Case.
TITLE_CASE_SHARE = 0.7
# A line is a date header when the date covers this share of its characters
# once labels like "Published:" are set aside.
DATE_LINE_SHARE = 0.6

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,? )?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
FULL_DATE = re.compile(
    rf"\b{_WEEKDAY}(?P<date>{_DAY} {_MONTH},? {_YEAR}|{_MONTH} {_DAY},? {_YEAR}|"
    rf"{_YEAR}-[01]\d-[0-3]\d)(?:\b|(?=T\d))",
    re.IGNORECASE,
)
# A clock time after the date ("28 Jan 2017, 10:32 GMT") still makes a date header.
TIME_TAIL = re.compile(
    r"(?:[,\s]|\bat\b|T)*\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?\s*"
    r"(?:Z|[A-Z]{2,4}|UTC|GMT)?(?:\s*[+-]\d{1,2}(?::?\d{2})?)?\s*$",
    re.IGNORECASE,
)
DATE_LABEL = re.compile(
    r"^(?:published|posted|updated|last updated|date|first published)(?: on)?:?\s*", re.IGNORECASE
)
# "MOSCOW, Jan 28 (Reuters) -", "WASHINGTON (AFP) —", "(CNN) —": the outlet in brackets.
# With a place name first, any bracketed outlet; alone, only a single
# brand-like token with two capitals ("(CNN)", "(NaturalNews)", not "(Video)").
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’/ -]{1,40}(?:,[^()\n]{1,40})? \(([A-Z][A-Za-z.&' ]{0,30}[A-Za-z.])\)|"
    r"\(((?=[a-z]*[A-Z][a-z]*[A-Z])[A-Za-z]{2,20})\))\s*(?:[-—–]+|:)?\s*"
)
HEADLINE_PREFIX = re.compile(r"^[A-Z][A-Z ]{2,20}:\s+\S")
# "By Jane Doe", "Posted on ... by admin": header lines, never the headline.
# The name must be capitalised after a bare "By" so "By the time..." is prose.
BYLINE = re.compile(r"^(?:(?i:by|written by)\s+[A-Z]|(?i:posted(?: on)?(?: .{0,40})? by)\s+\S)")
MAX_BYLINE_WORDS = 12
# A short line standing alone may be a sentence-case headline; longer ones are prose.
MAX_ALONE_TITLE_WORDS = 14
TERMINAL_PUNCT = ".,;!?\"”’)"
# A headline may end in "?" or "!" ("Quake kills thousands!"): a sensational
# marker the outlet scorer reads, so such lines must stay titles.
HEADLINE_END = "?!"


@dataclass
class TextMeta:
    """What the top of a plain-text report says about itself.

    ``body_start`` is the offset in the sniffed text where the body begins,
    after any headline, date header and byline lines that were recognised.
    """

    title: str | None
    published: dt.date | None
    source: str | None
    body_start: int


def _parse_date(fragment: str) -> dt.date | None:
    try:
        return dateparser.parse(fragment, fuzzy=False).date()
    except (ValueError, OverflowError):
        return None


def find_full_date(line: str) -> tuple[dt.date, re.Match[str]] | None:
    """The first explicit day-month-year date in a line, parsed, with its match."""
    for match in FULL_DATE.finditer(line):
        parsed = _parse_date(match.group("date").rstrip(","))
        if parsed is not None:
            return parsed, match
    return None


def date_header(line: str) -> dt.date | None:
    """The date when the line is essentially a date ("Saturday, 28 January 2017")."""
    bare = TIME_TAIL.sub("", DATE_LABEL.sub("", line.strip()))
    found = find_full_date(bare)
    if found is None:
        return None
    day, match = found
    return day if len(match.group(0)) >= DATE_LINE_SHARE * len(bare) else None


def dateline(line: str) -> tuple[str | None, dt.date | None]:
    """Outlet and (only if complete) date from a wire dateline opening a paragraph."""
    match = DATELINE.match(line.strip())
    if match is None:
        return None, None
    found = find_full_date(match.group(0))
    outlet = match.group(1) or match.group(2)
    return outlet.strip(), found[0] if found else None


def is_byline(line: str) -> bool:
    """A short author line; a sentence ending in a period is prose, not a byline."""
    text = line.strip()
    return (
        bool(BYLINE.match(text))
        and len(text.split()) <= MAX_BYLINE_WORDS
        and not text.endswith(".")
    )


def _title_case(line: str) -> bool:
    long_words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) >= 4]
    if len(long_words) < 2:
        return False
    return sum(w[0].isupper() for w in long_words) / len(long_words) >= TITLE_CASE_SHARE


def looks_like_headline(line: str, alone: bool) -> bool:
    """Short, unpunctuated at the end, and Title Case, a "BREAKING:" line, or alone.

    ``alone`` means the line is its own paragraph: a short unpunctuated line
    standing by itself at the top of a report is a headline in any casing.
    """
    text = line.strip()
    if not text or len(text) > MAX_TITLE_CHARS or len(text.split()) > MAX_TITLE_WORDS:
        return False
    if text[-1] in TERMINAL_PUNCT and text[-1] not in HEADLINE_END:
        return False
    if DATELINE.match(text) or is_byline(text) or date_header(text):
        return False
    return _title_case(text) or bool(HEADLINE_PREFIX.match(text)) or (
        alone and 3 <= len(text.split()) <= MAX_ALONE_TITLE_WORDS
    )


def _nonblank_lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """Non-blank lines as (end offset, repaired text, alone-in-its-paragraph)."""
    raw = text.split("\n")
    offset = 0
    for i, line in enumerate(raw):
        offset += len(line) + 1
        if line.strip():
            before = i == 0 or not raw[i - 1].strip()
            after = i + 1 >= len(raw) or not raw[i + 1].strip()
            yield offset - 1, " ".join(repair_text(line).text.split()), before and after


def _skip_blank(text: str, offset: int) -> int:
    while offset < len(text) and text[offset] in " \t\r\n":
        offset += 1
    return offset


OUTLET_LINE = re.compile(r"^(?P<outlet>[A-Z][\w.&'’-]*(?: [A-Z&][\w.&'’-]*){0,4})(?:\s+[|—–-]\s+[\w &]{1,30})?$")
MAX_OUTLET_WORDS = 5
# A sentence-case headline directly above a date or byline line may run this long.
MAX_STACKED_TITLE_WORDS = 20


def outlet_line(line: str) -> str | None:
    """A masthead line under the headline ("Northgate Herald — World news"): the outlet."""
    match = OUTLET_LINE.match(line.strip())
    if match is None or len(match.group("outlet").split()) > MAX_OUTLET_WORDS:
        return None
    return match.group("outlet")


def _stacked_headline(line: str, next_line: str | None) -> bool:
    """A short unpunctuated first line sitting right on a date or byline line is the headline."""
    text = line.strip()
    if next_line is None or not text or len(text.split()) > MAX_STACKED_TITLE_WORDS:
        return False
    if text[-1] in TERMINAL_PUNCT and text[-1] not in HEADLINE_END:
        return False
    if DATELINE.match(text) or is_byline(text) or date_header(text):
        return False
    return date_header(next_line) is not None or is_byline(next_line) or outlet_line(next_line) is not None


def _header_candidates(text: str) -> list[tuple[int, str, bool, bool]]:
    """The first non-boilerplate lines: (end offset, line, alone, followed directly by another line)."""
    lines: list[tuple[int, str, bool, bool]] = []
    after_featured = False
    raw = list(_nonblank_lines(text))
    for k, (end, line, alone) in enumerate(raw):
        if match_rule(line) or (after_featured and is_teaser(line)):
            after_featured = is_featured_header(line)
            lines.append((end, line, alone, False))
            continue
        after_featured = False
        lines.append((end, line, alone, True))
        if sum(1 for c in lines if c[3]) > HEADER_LINES + 1:
            break
    return lines


def sniff_text(text: str) -> TextMeta:
    """Headline, publication date and outlet stated at the top of a plain-text report.

    Works on raw or cleaned text: boilerplate lines at the top (a "Featured
    post" block, a sign-up prompt) are stepped over, and each line is
    encoding-repaired before it is read.  Header lines (headline, date
    header, byline, a masthead line naming the outlet) are consumed in any
    order until the first body line; that line may still carry a wire dateline.
    """
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    body_start = 0
    headers = 0
    candidates = _header_candidates(text)
    content = [c for c in candidates if c[3]]
    for end, line, alone, is_content in candidates:
        if not is_content:
            body_start = _skip_blank(text, end)
            continue
        position = content.index((end, line, alone, is_content))
        following = content[position + 1][1] if position + 1 < len(content) else None
        day = date_header(line)
        if day is not None and published is None:
            published = day
        elif is_byline(line):
            found = find_full_date(line)
            published = published or (found[0] if found else None)
        elif title is None and (looks_like_headline(line, alone) or (headers == 0 and _stacked_headline(line, following))):
            title = line
        elif title is not None and source is None and not alone and outlet_line(line):
            source = outlet_line(line)
        else:
            lined_source, lined = dateline(line)
            source = source or lined_source
            published = published or lined
            break
        body_start = _skip_blank(text, end)
        headers += 1
        if headers >= HEADER_LINES:
            break
    return TextMeta(title, published, source, body_start)
