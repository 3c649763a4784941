"""spaCy component ``newsledger_quotes``: who said what.

Reads ``doc._.entities``/``doc._.actors`` (from the actors component, may be
absent) and writes ``doc._.quotes`` (list[model.Quote]).

The package: ``marks`` pairs quotation marks per paragraph, ``layout`` holds
the text geometry, ``cues`` the cue lexicon, ``sources`` finds the speaker's
span, ``candidates`` proposes content spans and ``ranker`` scores them with
the weights in ``weights/`` (trained by ``scripts/train_quotes.py``),
``finder`` puts them together and ``speakers`` resolves sources to actors.

Models (``weights/*.json``, CPU, plain dictionary look-ups, nothing downloaded):
trained by ``scripts/train_quotes.py`` (``make train-quotes``) on PolNeAR
**train** only (840 articles, first annotator file each); dev is for measuring.
- cue: L2 logistic regression over a token's use (lemma, lexicon class, part of
  speech, dependents, nearby quotation marks), threshold at the best F1 on the
  last fifth of train (0.4; speech mode uses 0.5 and the speech lexicon);
- source: conditional logit over the rule's subject span and its trimmed
  variants (trailing modifiers, closing comma, a leading focus word);
- content: conditional logit over candidate spans (parse bases, their right and
  left spine cuts, quotation-mark spans), held-out top-1 accuracy 0.82 on the
  last fifth of train's cues;
- content_trees (``mode="all"`` only): gradient-boosted trees reranking the
  content ranker's best 8 candidates per cue (``rerank.py``), plain arrays;
- stance (``mode="all"`` only): L2 logistic regression deciding verbs outside the
  lexicon that have a complement ("attacked X as Y", "chanted that ..."), over the cue
  model's features and ``cues.stance_features``; threshold 0.55, the best content F1 on
  train with out-of-fold probabilities;
- keep (``mode="all"`` only): L2 logistic regression over each relation found from a
  token at or above a low cue/stance floor (``cues.relation_features``: the admitting
  model and its probability, the cue's class and lemma, a source or none, how the content
  was found, its kind and length), keeping a relation when its content is likely exactly
  right (threshold 0.28, the best content F1 on train out of fold).
PolNeAR dev, all relations exact F1 source/cue/content: rules 61.6/61.1/46.7,
these models 74.9/70.7/56.2, with the reranker 74.9/70.5/56.9, with round 4's rules
(participle sources, quotations closed before their clause, quotations going on after
the attribution's sentence) 75.1/70.5/57.3, with round 5's stance model 75.8/70.9/57.9,
with round 8's keep model 75.8/72.3/59.6
(``newsledger eval polnear ../shared/data/polnear/dev``; docs/EVALUATION.md).

The ledger (speech mode) names a relative pronoun's antecedent as the source ("who" ->
"Omar Nasser"; PolNeAR mode keeps the pronoun), no single actor for a coordinated source,
and no institution for an anonymous role ("a senior Senate aide"); a source that only counts
people ("Some said", "Many of them") is no speaker (``sources.names_no_one``).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.model import Quote, Span
from newsledger.nlp.pipeline import register_extensions
from newsledger.nlp.quotes.cues import load_lexicon
from newsledger.nlp.quotes.finder import MODES, Attribution, QuoteFinder
from newsledger.nlp.quotes.sources import names_no_one, speaker_as_written
from newsledger.nlp.quotes.speakers import SpeakerResolver
from newsledger.nlp.text import index_sentences


def _span(text: str, rng: tuple[int, int] | None) -> Span | None:
    if rng is None or rng[1] <= rng[0]:
        return None
    return Span(rng[0], rng[1], text[rng[0] : rng[1]])


def find_attributions(doc: Doc, mode: str = "speech") -> list[Attribution]:
    """Attributions of a parsed ``doc`` (``mode="all"`` adds non-speech cues)."""
    return QuoteFinder(doc, load_lexicon(), mode).find()


def extract_quotes(doc: Doc, mode: str = "speech") -> list[Quote]:
    """Attributions of a parsed ``doc`` as model.Quote (one per content piece), speakers resolved when actors exist."""
    finder = QuoteFinder(doc, load_lexicon(), mode)
    found = finder.find()
    lex = load_lexicon()
    resolver = SpeakerResolver(doc, lex.source_descriptors, lex.source_voices)
    text = finder.text  # Doc.text is rebuilt on every access
    for head in finder.speech_subjects():
        resolver.note_speaker(head)
    quotes = []
    for att in sorted(found, key=lambda a: a.cue[0]):
        source = att.source
        if mode == "speech" and source is not None and finder.sources.is_relative(source):
            source = finder.sources.antecedent(source, doc[att.cue_token])  # the ledger names no speaker "who"
        if mode == "speech" and source is not None and names_no_one(source, doc):
            if att.kind == "indirect":
                continue  # "Some said they ...": a reported clause needs a speaker a reader can name
            source = None  # "Some said: “...”": the quotation stays, with no speaker
        speaker = resolver.resolve(source.head) if source else None
        source_range = (source.start, source.end) if source else None
        shown = speaker_as_written(source, doc) if mode == "speech" and source else None
        shown_source = _span(text, shown) if shown and shown != source_range else None
        for piece in att.pieces if mode == "all" else finder.shown_pieces(att):
            kind = att.kind if mode == "all" else finder.shown_kind(att, piece)
            quotes.append(Quote(kind, _span(text, source_range), _span(text, att.cue), _span(text, piece), speaker, shown_source))
    return sorted(quotes, key=lambda q: (q.content.start if q.content else 0, q.cue.start if q.cue else 0))


class QuotesComponent:
    """The pipeline component; ``mode="all"`` also reports non-speech attributions (beliefs, stances)."""

    def __init__(self, mode: str = "speech"):
        if mode not in MODES:
            raise ValueError(f"unknown quotes mode {mode!r}: choose one of {', '.join(MODES)}")
        self.mode = mode

    def __call__(self, doc: Doc) -> Doc:
        index_sentences(doc)
        doc._.quotes = extract_quotes(doc, self.mode)
        return doc


@Language.factory("newsledger_quotes", default_config={"mode": "speech"})
def make_quotes_component(nlp: Language, name: str, mode: str) -> QuotesComponent:
    register_extensions()
    return QuotesComponent(mode)
