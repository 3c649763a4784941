"""Turn a scraped report into clean text, explaining every line it drops."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsledger.clean.boilerplate import (
    is_featured_header,
    is_spam_offer,
    is_teaser,
    line_key,
    match_rule,
)
from newsledger.clean.clutter import (
    TEASER_CARD,
    VIDEO_CAPTION,
    clutter_reason,
    repeated_lines,
    trailing_clutter,
)
from newsledger.clean.furniture import (
    MAX_LINK_LIST,
    RELATED_LINKS,
    is_headline_like,
    is_link_list_header,
    is_listed_link,
)
from newsledger.clean.mojibake import line_spans, repair_line
from newsledger.model import Removal

REPEATED_REASON = "repeated-in-source"


@dataclass
class CleanResult:
    """Cleaned text plus what was removed and how many encoding repairs were made.

    ``removed`` offsets index the text given to :func:`clean_text` (before any
    repair), so ``original[r.start:r.end] == r.text``; a removal covers the
    line without its surrounding spaces.  ``repairs`` counts lines ftfy
    changed and mojibake sequences decoded: real encoding damage. Odd and
    zero-width spaces are normalised too but are valid text, not damage, and
    are not counted (``Repair.count``).
    """

    text: str
    removed: list[Removal] = field(default_factory=list)
    repairs: int = 0


def _stripped_span(text: str, start: int, end: int) -> tuple[int, int]:
    line = text[start:end]
    return start + len(line) - len(line.lstrip()), start + len(line.rstrip())


def _reason(content: str, after_featured: bool, in_link_list: bool, repeated: frozenset[str]) -> str | None:
    """Why a line should go, or None to keep it.

    Featured-post blocks: the teaser right under a "Featured post" header is
    part of the block (a spam offer if it sells money, else a featured teaser).
    Link lists: the headlines under an "ALSO:" or "Related stories" header
    are links to other stories (see :func:`is_listed_link`); the first line
    that reads as a sentence ends the list.
    """
    if repeated:
        key = line_key(content)
        if key and key in repeated:
            return REPEATED_REASON
    if after_featured and is_teaser(content):
        return "spam-offer" if is_spam_offer(content) else "featured-post"
    if in_link_list and (is_listed_link(content) or is_teaser(content)):
        return RELATED_LINKS
    return match_rule(content) or clutter_reason(content)


def _links_left(content: str, reason: str | None, left: int) -> int:
    """How many more lines the current link list may own after this line."""
    if reason is not None and is_link_list_header(content):
        return MAX_LINK_LIST
    if reason == RELATED_LINKS and left:
        return left - 1
    return 0


def _assemble(kept: list[str | None]) -> str:
    """Join kept lines; ``None`` marks a paragraph break (blank or removed line)."""
    paragraphs: list[list[str]] = [[]]
    for line in kept:
        if line is None:
            if paragraphs[-1]:
                paragraphs.append([])
        else:
            paragraphs[-1].append(line)
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def clean_text(text: str, *, repeated: frozenset[str] = frozenset()) -> CleanResult:
    """Repair encoding, drop boilerplate lines (with reasons), keep paragraphs.

    ``repeated`` holds :func:`line_key` values seen across many articles of
    the same source; such lines are dropped whatever their length, except
    when that would leave nothing: lines learned from other articles never
    empty one (a one-outlet bulletin service repeats most of its lines, yet
    each bulletin is news).  A removed line acts as a paragraph break, so
    the text on either side never merges.  Rules read from the line itself
    may empty a text: a scraped page that holds only a video playlist of
    other stories (6 of the 600 GVC dev reports) has no report to analyse.
    """
    result = _clean(text, repeated)
    if repeated and not result.text and any(r.reason == REPEATED_REASON for r in result.removed):
        return _clean(text, frozenset())
    return result


def _clean(text: str, repeated: frozenset[str]) -> CleanResult:
    lines: list[_Line] = []
    repairs = 0
    after_featured = False
    links_left = 0
    for start, end in line_spans(text):
        repair = repair_line(text[start:end])
        repairs += repair.count
        content = " ".join(repair.text.split())
        if not content:
            lines.append(_Line(start, end, None, None))
            continue
        reason = _reason(content, after_featured, links_left > 0, repeated)
        after_featured = reason is not None and is_featured_header(content)
        links_left = _links_left(content, reason, links_left)
        lines.append(_Line(start, end, content, reason))
    _mark_page_clutter(lines)
    removed: list[Removal] = []
    kept: list[str | None] = []
    for line in lines:
        if line.content is None:
            kept.append(None)
        elif line.reason is None:
            kept.append(_cut_trailing_clutter(text, line, removed))
        else:
            first, last = _stripped_span(text, line.start, line.end)
            removed.append(Removal(first, last, text[first:last], line.reason))
            kept.append(None)
    return CleanResult(_assemble(kept), removed, repairs)


@dataclass
class _Line:
    """One line of the page: its span, normalised content (None if blank) and removal reason."""

    start: int
    end: int
    content: str | None
    reason: str | None


def _mark_page_clutter(lines: list[_Line]) -> None:
    """Reasons that need a line's neighbours: repeated teaser cards and a video card's title.

    A short headline right above a video card ("How to Protect Yourself
    From Hackers" over its blurb) is the card's title.
    """
    contents = [line.content if line.reason is None else None for line in lines]
    for index, reason in repeated_lines(contents).items():
        lines[index].reason = reason
    previous: _Line | None = None
    for line in lines:
        if line.content is None:
            continue
        if line.reason == VIDEO_CAPTION and previous is not None and previous.reason is None:
            if is_headline_like(previous.content or ""):
                previous.reason = TEASER_CARD
        previous = line


def _cut_trailing_clutter(text: str, line: _Line, removed: list[Removal]) -> str | None:
    """The kept content of a line, after cutting a trailing link call or page stamp (recorded as a removal)."""
    raw = text[line.start : line.end]
    cut = trailing_clutter(raw)
    if cut is None:
        return line.content
    offset, reason = cut
    first, last = _stripped_span(text, line.start + offset, line.end)
    removed.append(Removal(first, last, text[first:last], reason))
    return " ".join(repair_line(raw[:offset]).text.split()) or None
