"""Text helpers shared by the nlp components (actors, times, quotes, events).

* datelines ("MOSCOW, Jan. 28 (Agency) —"): the place a report was filed
  from is where, not who; quotes and events leave its tokens out of speakers
  and participants, actors read its place as a place;
* :func:`lemma`: the lower-case lemma every lexicon lookup uses;
* :func:`index_sentences`: ``span.sent`` / ``token.sent`` by binary search;
* :func:`doc_text`, :func:`doc_ents`: ``doc.text`` and ``doc.ents`` built once per doc,
  :func:`span_text`: a span's text cut from it;
* :func:`positions_in`: which of a doc's token hashes are in a sorted hash array;
* :func:`per_sentence`: an answer about one sentence of a doc, computed once.

One module so that a component needing one of these does not import another
component for it.
"""

from __future__ import annotations

from bisect import bisect_right
from weakref import WeakKeyDictionary

import numpy

from spacy.tokens import Doc, Span, Token

DATELINE_DASHES = {"—", "–", "--", "-"}
DATELINE_MAX_TOKENS = 15
DATELINE_CACHE = "newsledger_dateline_tokens"


def dateline_head(span) -> bool:
    """"HELSINKI, July 15 (Agency) —": a capitalised place opening a paragraph is where, not who."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    # (a newline is its own space token: reading doc.text here would rebuild the whole text per span)
    opens_line = before is None or (before.is_space and before.text.endswith("\n"))
    follows = doc[span.end].text if span.end < len(doc) else ""
    return opens_line and span.text.isupper() and any(c.isalpha() for c in span.text) and follows in {",", "—", "–", "-"}


def dateline_tokens(doc: Doc) -> set[int]:
    """Token indices of every dateline ("MOSCOW, Jan. 28 (Agency) —"): place, date, agency and the dash.

    Kept on the doc (as a list, which survives the byte serialisation that
    multi-process pipes use): quotes and events ask for it once per mention.
    """
    cached = doc.user_data.get(DATELINE_CACHE)
    if cached is None:
        cached = doc.user_data[DATELINE_CACHE] = sorted(_find_dateline_tokens(doc))
    return set(cached)


def _find_dateline_tokens(doc: Doc) -> set[int]:
    out: set[int] = set()
    for ent in doc.ents:
        if not dateline_head(ent):
            continue
        stop = min(len(doc), ent.end + DATELINE_MAX_TOKENS)
        dash = next((t.i for t in doc[ent.end:stop] if t.text in DATELINE_DASHES), None)
        out.update(range(ent.start, dash + 1 if dash is not None else ent.end))
    return out


# lemma hash -> its lower-case string (a hash names one string in every vocab); capped for long runs
_LOWER_LEMMAS: dict[int, str] = {}
LEMMA_CACHE_MAX = 200_000


def lemma(tok: Token) -> str:
    """The token's lemma in lower case (lexicons are written in lower case).

    Remembered per lemma hash: ``lemma_`` decodes a new string from the
    vocab's store and ``lower()`` makes another, on every one of the
    hundreds of thousands of look-ups the events rules make per 200 reports
    (1.8% of our components' time on the analysis benchmark).
    """
    key = tok.lemma
    low = _LOWER_LEMMAS.get(key)
    if low is None:
        low = tok.lemma_.lower()
        if len(_LOWER_LEMMAS) < LEMMA_CACHE_MAX:
            _LOWER_LEMMAS[key] = low
    return low


def index_sentences(doc: Doc) -> None:
    """Make ``span.sent`` and ``token.sent`` a binary search over the doc's sentence starts.

    spaCy's own ``Span.sent`` first asks ``doc.has_annotation("SENT_START")``,
    which walks every token of the doc, so each look-up costs the whole
    document. Our components ask it thousands of times per 200 reports: on
    the 200-report analysis benchmark 4,940 such calls took 3.0 of the events
    component's 7.5 profiled seconds. The hook returns the same span spaCy
    would (the sentence holding the span's first token); it is installed once
    per doc, after the parser has fixed the boundaries (our components run
    after it), and left alone on docs without sentence boundaries. Written
    here rather than taken from spaCy because spaCy offers only the hook.
    """
    if "sent" in doc.user_span_hooks or not doc.has_annotation("SENT_START"):
        return
    starts = [sent.start for sent in doc.sents]
    length = len(doc)

    def sentence_of(span: Span) -> Span:
        at = bisect_right(starts, span.start) - 1
        end = starts[at + 1] if at + 1 < len(starts) else length
        return span.doc[starts[at]:end]

    doc.user_span_hooks["sent"] = sentence_of


# doc -> its text / its entities; weak, so a doc's entry goes with the doc and nothing is serialised with it
_TEXTS: "WeakKeyDictionary[Doc, str]" = WeakKeyDictionary()
_ENTS: "WeakKeyDictionary[Doc, tuple[Span, ...]]" = WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per doc and then remembered.

    spaCy's ``Doc.text`` joins every token's text on each call. The events
    component reads it per mention and per candidate date (the told-day,
    headline-line and reference-time rules): on the 200-report analysis
    benchmark 4,940 calls cost 9.5 of the events component's 23.4 profiled
    seconds. A doc's text never changes once tokenised (retokenising keeps
    it), so remembering it cannot change an answer.
    """
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


# doc -> {token index: (start, end) of the entity holding it}; weak: goes with the doc
_ENTITY_OF: "WeakKeyDictionary[Doc, dict[int, tuple[int, int]]]" = WeakKeyDictionary()


def entity_bounds(doc: Doc) -> dict[int, tuple[int, int]]:
    """Token index -> (start, end) of the entity of :func:`doc_ents` holding it, built once per doc.

    The events component widened each mention's participants to their
    whole names by testing every entity of the doc against every
    participant token, per mention; entities never overlap, so a token has
    at most one.
    """
    found = _ENTITY_OF.get(doc)
    if found is None:
        found = _ENTITY_OF[doc] = {i: (ent.start, ent.end) for ent in doc_ents(doc) for i in range(ent.start, ent.end)}
    return found


def span_text(span: Span) -> str:
    """``span.text``, cut from the doc's remembered text (:func:`doc_text`) instead of joined token by token.

    The same string: tokens tile the text, and a span's text runs from its
    first token's start to its last token's end. The events rules read a
    sentence's text per sentence and per mention (photo captions, the
    mention's sentence).
    """
    return doc_text(span.doc)[span.start_char:span.end_char]


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per doc: for the events component, the last to run.

    spaCy builds a new tuple of spans from the tokens' entity tags on each
    call, and the events component asks per mention (whole names, places,
    the name-or-date test): 4,471 calls on the 200-report benchmark. No
    component of ours sets entities, so once the events component runs
    they are final; earlier components keep reading ``doc.ents``.
    """
    ents = _ENTS.get(doc)
    if ents is None:
        ents = _ENTS[doc] = doc.ents
    return ents


def positions_in(values: numpy.ndarray, sorted_hashes: numpy.ndarray) -> list[int]:
    """Positions of ``values`` (e.g. ``doc.to_array(LOWER)``) found in ``sorted_hashes`` (sorted, unique).

    The answer of ``numpy.nonzero(numpy.isin(values, sorted_hashes))``, by a
    binary search: ``isin`` sorts both arrays together on every call, which
    for a word list of hundreds of hashes made the actors' group look-up
    1.7% of our components on the 200-report benchmark; the search is about
    six times as fast (measured on 1,100 tokens against 600 hashes).
    """
    if not len(sorted_hashes) or not len(values):
        return []
    at = numpy.searchsorted(sorted_hashes, values)
    at[at == len(sorted_hashes)] = 0
    return numpy.nonzero(sorted_hashes[at] == values)[0].tolist()


def per_sentence(cache: "WeakKeyDictionary[Doc, dict]", sent, compute):
    """``compute(sent)``, once per sentence (or line span) of a doc, kept in ``cache`` (weak: it goes
    with the doc). Our components never change a parse, so an answer about a sentence cannot change;
    the event rules ask some per mention (thousands of times for a few thousand sentences)."""
    memo = cache.get(sent.doc)
    if memo is None:
        memo = cache[sent.doc] = {}
    key = (sent.start, sent.end)
    found = memo.get(key)
    if found is None:
        found = memo[key] = compute(sent)
    return found
