"""The quotes component placeholder."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.model import Quote, Span
from newsledger.nlp.pipeline import register_extensions
from newsledger.nlp.quotes.cues import load_lexicon
from newsledger.nlp.quotes.finder import QuoteFinder
from newsledger.nlp.quotes.speakers import SpeakerResolver


def _span(text: str, rng: tuple[int, int] | None) -> Span | None:
    if rng is None or rng[1] <= rng[0]:
        return None
    return Span(rng[0], rng[1], text[rng[0] : rng[1]])


def extract_quotes(doc: Doc, include_cognition: bool = False) -> list[Quote]:
    """All attributions of a parsed ``doc`` as model.Quote, speakers resolved when actors exist."""
    lexicon = load_lexicon()
    found = QuoteFinder(doc, lexicon, include_cognition).find()
    resolver = SpeakerResolver(doc, lexicon.source_descriptors)
    quotes = []
    for att in sorted(found, key=lambda a: a.cue[0]):
        speaker = resolver.resolve(att.source_head) if att.source else None
        quotes.append(Quote(att.kind, _span(doc.text, att.source), _span(doc.text, att.cue), _span(doc.text, att.content), speaker))
    return sorted(quotes, key=lambda q: (q.content.start if q.content else 0, q.cue.start if q.cue else 0))


class QuotesComponent:
    """The pipeline component; ``include_cognition`` also reads belief verbs (think, believe)."""

    def __init__(self, include_cognition: bool = False):
        self.include_cognition = include_cognition

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = extract_quotes(doc, self.include_cognition)
        return doc


@Language.factory("newsledger_quotes", default_config={"include_cognition": False})
def make_quotes_component(nlp: Language, name: str, include_cognition: bool) -> QuotesComponent:
    register_extensions()
    return QuotesComponent(include_cognition)
