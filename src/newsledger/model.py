"""The records that flow between stages.

Every fact extracted from an article carries character offsets into that
article's cleaned ``text`` so a reader can always go back to the source span.
These classes are plain dataclasses so they pickle across processes (spaCy's
``n_process``) and turn into JSON with :func:`to_jsonable`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Span:
    """A stretch of an article's cleaned text."""

    start: int
    end: int
    text: str


@dataclass
class RawDocument:
    """One report as read from an input, before cleaning.

    ``content`` is decoded text (plain text, or HTML when ``kind == "html"``).
    ``published_from`` says where the publication date came from: ``metadata``
    (HTML/WARC/CSV field), ``text`` (a dateline or header in the text),
    ``flag`` (``--published``) or ``None`` when unknown.
    """

    origin: str
    content: str
    kind: str = "text"
    raw_sha256: str = ""
    title: str | None = None
    published: dt.date | None = None
    published_from: str | None = None
    source: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    fetched: dt.datetime | None = None
    external_id: str | None = None
    # Problems with fields of a document that was still read ("unreadable date"):
    # one line each, reported and kept by the ledger as warnings.
    warnings: list[str] = field(default_factory=list)


@dataclass
class Removal:
    """A line the cleaner removed, with the reason (offsets in the pre-clean text)."""

    start: int
    end: int
    text: str
    reason: str


@dataclass
class Role:
    """An office held for a period; ``end`` None means still held."""

    title: str
    country: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class Actor:
    """A canonical actor: a person, organisation, country or group.

    ``family`` groups actors that speak for the same body: Trump and the
    White House both belong to the US government family ``USA:GOV``.
    """

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    roles: list[Role] = field(default_factory=list)
    family: str | None = None
    source: str = "text"


@dataclass
class Entity:
    """A mention of an actor (or another named thing) in the text."""

    start: int
    end: int
    text: str
    label: str
    actor: str | None = None


@dataclass
class RoleClaim:
    """A mention that says someone held a role at the time ("President Trump").

    Used to narrow the time frame of undated articles.
    """

    start: int
    end: int
    actor: str
    title: str
    periods: list[tuple[dt.date | None, dt.date | None]]


@dataclass
class Timex:
    """A TIMEX3 time expression; ``value`` None when it cannot be resolved honestly."""

    start: int
    end: int
    text: str
    type: str
    value: str | None
    anchor: str | None = None
    direction: str | None = None
    mod: str | None = None


@dataclass
class TimeFrame:
    """When the article was written, from its own evidence.

    ``date`` is the anchor used for relative expressions; ``confidence`` is
    ``metadata`` (publication date known), ``inferred`` (evidence fixes it),
    ``story`` (taken from other reports of the same story) or ``none``.
    """

    date: dt.date | None
    confidence: str
    evidence: list[str] = field(default_factory=list)
    earliest: dt.date | None = None
    latest: dt.date | None = None


@dataclass
class Quote:
    """An attribution: who said (or reported) what, with the cue word."""

    kind: str
    source: Span | None
    cue: Span | None
    content: Span | None
    speaker: str | None = None
    # the speaker as the ledger stores and shows it, when it differs from the attribution's source
    # (``quotes.sources.speaker_as_written``: no description set off by commas)
    shown_source: Span | None = None


@dataclass
class EventMention:
    """One PLOVER-coded interaction as told in one sentence of one article."""

    type: str
    mode: str | None
    actors: list[str]
    recipients: list[str]
    trigger: Span
    sentence: Span
    date: str | None
    date_source: str | None
    date_precision: str | None
    location: str | None
    modality: str
    confidence: float
    time: Span | None = None
    location_span: Span | None = None
    counts: list = field(default_factory=list)  # nlp.counts.Count: killed/injured/arrested stated for this act


def display_name(actor_id: str, names: dict[str, str]) -> str:
    """The actor's name; a provisional id from the text ("x:russian-men") reads as its words."""
    if actor_id in names:
        return names[actor_id]
    return actor_id.removeprefix("x:").replace("-", " ")


def to_jsonable(obj: Any) -> Any:
    """Turn dataclasses, dates and containers into JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set)):
        return [to_jsonable(v) for v in obj]
    return obj
