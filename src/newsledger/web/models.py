"""Response models of the JSON API: they are what ``/openapi.json`` (and ``/docs``) describes.

Field names are the ledger views' column names (see docs/SCHEMA or
``duckdb FILE "DESCRIBE event_overview"``), so a user moving from the API to
SQL finds the same words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, Literal, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="Rows matching the filters, over all pages.")
    page: int
    per_page: int
    pages: int


class StoryRow(Model):
    story_id: str
    label: Optional[str]
    first_published: Optional[dt.date]
    last_published: Optional[dt.date]
    n_articles: int = Field(description="Reports in the story, copies included.")
    n_outlets: int
    n_independent: int = Field(description="Outlets with an original (not copied) report in the story.")
    n_copies: int
    n_events: int = Field(description="Events shown (or all with all=true).")
    n_contradictions: int


class Review(Model):
    review_id: str
    target_kind: str
    target_id: str
    decision: str
    correction: Optional[Any] = None
    reason: Optional[str] = None
    reviewer: Optional[str] = None
    created_at: dt.datetime
    applies_to: Optional[str] = Field(None, description="What the decision applies to now (it follows its target across re-resolution).")


class TimelineEvent(Model):
    event_id: str
    event_date: Optional[dt.date]
    date_precision: Optional[str]
    event_type: str
    mode: Optional[str] = None
    mode_label: Optional[str] = Field(None, description="The mode as the reports worded it where PLOVER names it by its strongest act; else the mode.")
    summary: Optional[str]
    recap: Optional[bool] = Field(None, description="An earlier happening told again.")
    outlets: list[str]
    independent_outlets: int
    single_source: bool
    confidence: Optional[float]


class Report(Model):
    article_id: str
    outlet: Optional[str]
    published: Optional[dt.date]
    title: Optional[str]
    copy_of_id: Optional[str]
    copy_kind: Optional[str]


class CoverageRow(BaseModel):
    outlet: str
    cells: list[Literal["original", "copy", ""]]


class Coverage(BaseModel):
    outlets: list[str]
    event_ids: list[str]
    rows: list[CoverageRow]


class Claim(Model):
    claim_id: str
    speaker_id: Optional[str]
    speaker_name: Optional[str]
    claim_text: Optional[str]
    independent_outlets: Optional[int]


class Story(StoryRow):
    n_articles: Optional[int] = None  # type: ignore[assignment]
    n_reports: Optional[int] = None
    n_outlets: Optional[int] = None  # type: ignore[assignment]
    n_independent: Optional[int] = None  # type: ignore[assignment]
    n_copies: Optional[int] = None  # type: ignore[assignment]
    timeline: list[TimelineEvent]
    contradictions: list[Contradiction] = Field(description="Disputed facts of the events in the timeline.")
    reports: list[Report]
    coverage: Coverage
    claims: list[Claim]
    reviews: list[Review]


class EventRow(Model):
    event_id: str
    shown: bool = Field(description="In the default view: a mention at or above the confidence threshold, or reviewed right; never when reviewed wrong.")
    event_type: str
    mode: Optional[str]
    mode_label: Optional[str] = Field(None, description="The mode as the reports worded it where PLOVER names it by its strongest act ('state of emergency' for martial-law); else the mode.")
    summary: Optional[str]
    event_date: Optional[dt.date]
    date_precision: Optional[str]
    place: Optional[str]
    actor_ids: list[str]
    actor_names: list[str]
    recipient_ids: list[str]
    recipient_names: list[str]
    outlets: list[str]
    independent_outlets: int
    single_source: bool
    confidence: Optional[float]
    story_id: Optional[str]
    review_decision: Optional[str]


class Passage(Model):
    mention_id: str
    article_id: str
    outlet: Optional[str]
    published: Optional[dt.date]
    trigger_text: Optional[str]
    sentence_text: Optional[str]
    before: str
    highlight: str = Field(description="The trigger, inside sentence_text.")
    after: str
    confidence: Optional[float]
    shown: bool


class ReportGroup(BaseModel):
    original_article_id: str
    outlet: Optional[str] = Field(description="Outlet of the original report (None when only copies of it are in the ledger).")
    published: Optional[dt.date]
    original: list[Passage]
    copies: list[Passage]


class Independence(BaseModel):
    outlets: list[str] = Field(description="Outlets whose own reports tell the event: each counts once.")
    copies_of_unseen: list[str] = Field(description="Originals known only through copies: each counts once.")
    n_copies: int = Field(description="Copies (articles), counted under their original.")
    repeat_reports: int = Field(description="Further original reports of an outlet already counted.")


class Side(BaseModel):
    before: str
    highlight: str
    after: str


class DisputeReport(Model):
    article_id: str
    outlet: Optional[str]
    published: Optional[dt.date]
    side: Optional[str] = Field(description="'majority', 'outlier', 'cited' or 'unresolved' (contradiction_reports.side).")
    credited_to: Optional[str] = Field(description="Who the report credits the value to, as written; null in its own voice.")


class DisputedValue(Model):
    value: Optional[str]
    side: Optional[str] = Field(description="'majority', 'outlier', 'cited' or 'unresolved' (contradiction_values.side).")
    n_outlets: int = Field(description="Outlets stating this value.")
    outlets: Optional[list[str]]
    reported_by: list[str] = Field(description="Each report's outlet with the source it credits the value to, in ingest order.")
    reports: list[DisputeReport] = Field(description="Every original report stating the value.")
    first_article_id: Optional[str]
    first_published: Optional[dt.date]
    passage: Side = Field(description="The first report's text around the value, the value highlighted.")


class Contradiction(Model):
    contradiction_id: str
    event_id: str
    kind: str
    as_of: Optional[dt.date]
    n_values: Optional[int] = Field(description="How many different values the reports state.")
    n_outlets: Optional[int]
    resolution: Optional[str] = Field(description="'majority' or 'unresolved'.")
    values: list[DisputedValue] = Field(description="Every value of the disputed fact, majority first, with its reports and a passage.")
    a_article_id: str = Field(description="A report of the side that stands out (one of values).")
    a_outlet: Optional[str]
    a_value: Optional[str]
    b_article_id: str = Field(description="A report of another value (one of values).")
    b_outlet: Optional[str]
    b_value: Optional[str]
    a: Side
    b: Side


class Event(EventRow):
    reports: list[ReportGroup]
    date_sources: list[str]
    independence: Independence
    contradictions: list[Contradiction]
    reviews: list[Review]


class OutletRow(Model):
    outlet: str
    score: Optional[float]
    n_articles: Optional[int]


class Signal(Model):
    signal: str
    value: Optional[float]
    weight: float
    contribution: float
    explanation: str
    examples: list[Any]


class Outlet(OutletRow):
    signals: list[Signal]
    articles: list[Model]
    copied_by: list[Model]
    disputes: list[Model]


class ActorRow(Model):
    actor_id: str
    name: str
    kind: Optional[str]
    country: Optional[str]
    n_events: int
    n_quotes: int


class Dyad(BaseModel):
    direction: Literal["acts on", "acted on by"]
    actor_id: str
    name: str
    n_events: int
    types: list[str]


class Actor(Model):
    actor_id: str
    name: str
    kind: Optional[str]
    country: Optional[str]
    n_events: int = 0
    events_per_month: list[Model] = []
    events: list[Model]
    dyads: list[Dyad]
    quotes: list[Model]
    reviews: list[Review]


class SearchHit(Model):
    article_id: str
    outlet: Optional[str]
    published: Optional[dt.date]
    title: Optional[str]
    story_id: Optional[str]
    story_label: Optional[str]


class Article(Model):
    article_id: str
    outlet: Optional[str]
    title: Optional[str]
    published: Optional[dt.date]
    text: str
    story_id: Optional[str]
    copy_of_id: Optional[str]
    origin: Optional[str] = Field(description="File name the article came from (never a server path).")
    facts: dict[str, Any]


class ReviewIn(BaseModel):
    """A reviewer's decision (see Ledger.review): 'wrong' hides the target, 'right' shows it whatever its confidence."""

    target_kind: Literal["event", "mention", "quote", "claim", "actor", "story"]
    target_id: str = Field(min_length=1, max_length=200)
    decision: Literal["wrong", "right", "correct_actor", "merge", "split"]
    correction: Optional[dict[str, Any]] = None
    reason: str = Field(min_length=1, max_length=2000)
    reviewer: str = Field(min_length=1, max_length=200)


Story.model_rebuild()  # its contradictions are declared further down
