"""``index_sentences``: the binary-search ``span.sent`` gives exactly the sentence spaCy's own look-up gives."""

from __future__ import annotations

import numpy
import spacy
from spacy.attrs import LOWER

from newsledger.nlp.pipeline import MODEL
from newsledger.nlp.text import doc_ents, doc_text, index_sentences, lemma, positions_in, span_text

TEXT = (
    "KYIV, March 3 - Officials said on Tuesday that two drones struck a depot overnight. "
    "Nobody was hurt, the regional governor wrote. \"We will rebuild,\" he said.\n\n"
    "Talks resumed in Geneva on Wednesday. A spokesman declined to comment."
)


def test_every_token_and_span_gets_the_sentence_spacy_gives():
    nlp = spacy.load(MODEL)
    plain, hooked = nlp(TEXT), nlp(TEXT)
    index_sentences(hooked)
    assert "sent" in hooked.user_span_hooks and "sent" not in plain.user_span_hooks
    assert len(list(plain.sents)) >= 4
    for i in range(len(plain)):
        assert (hooked[i].sent.start, hooked[i].sent.end) == (plain[i].sent.start, plain[i].sent.end)
        for j in (i + 1, min(i + 4, len(plain))):
            if j > i:
                assert (hooked[i:j].sent.start, hooked[i:j].sent.end) == (plain[i:j].sent.start, plain[i:j].sent.end)


def test_a_doc_without_sentence_boundaries_is_left_alone():
    doc = spacy.blank("en")("No parser has run on this text.")
    index_sentences(doc)
    assert "sent" not in doc.user_span_hooks


def test_remembered_text_and_entities_are_spacys_and_belong_to_their_own_doc():
    nlp = spacy.load(MODEL)
    first, second = nlp(TEXT), nlp("Rain fell in Oslo on Monday.")
    assert doc_text(first) == first.text and doc_text(first) is doc_text(first)
    assert [(e.start, e.end, e.label_) for e in doc_ents(first)] == [(e.start, e.end, e.label_) for e in first.ents]
    assert doc_text(second) == "Rain fell in Oslo on Monday."
    assert any(e.text == "Oslo" for e in doc_ents(second))


def test_building_the_pipeline_loads_the_knowledge_components_would_load_on_their_first_report():
    from newsledger.nlp import kb
    from newsledger.nlp.events import context
    from newsledger.nlp.pipeline import build_pipeline

    context._us_towns.cache_clear()
    kb.city_countries.cache_clear()
    build_pipeline()
    assert context._us_towns.cache_info().currsize == 1
    assert kb.city_countries.cache_info().currsize == 1
    assert kb.load_kb() is kb.load_kb(None)  # one parse, whichever way it is asked for


def test_span_text_is_spacys_text_for_sentences_entities_and_odd_spans():
    nlp = spacy.load(MODEL)
    doc = nlp(TEXT + "\n\nTrailing  spaces   here .  ")
    spans = list(doc.sents) + list(doc.ents) + [doc[i:j] for i in range(0, len(doc), 3) for j in (i + 1, i + 5) if j <= len(doc)]
    assert len(spans) > 20
    for span in spans:
        assert span_text(span) == span.text


def test_cached_lower_case_lemma_is_the_lemma_lowered_in_any_doc():
    nlp = spacy.load(MODEL)
    first, second = nlp(TEXT), nlp("KYIV officials SAID the Drones were Shot down.")
    for tok in list(first) + list(second) + list(first):
        assert lemma(tok) == tok.lemma_.lower()


def test_positions_in_finds_what_numpy_isin_finds():
    nlp = spacy.load(MODEL)
    doc = nlp(TEXT)
    lowers = doc.to_array(LOWER)
    wanted = numpy.array(sorted({nlp.vocab.strings.add(w) for w in ("drones", "governor", "geneva", "not-a-word-here")}), dtype="uint64")
    found = positions_in(lowers, wanted)
    assert [doc[i].lower_ for i in found] == ["drones", "governor", "geneva"]
    assert found == numpy.nonzero(numpy.isin(lowers, wanted))[0].tolist()
    assert positions_in(lowers, numpy.array([], dtype="uint64")) == []
    biggest = numpy.array([numpy.iinfo("uint64").max], dtype="uint64")  # a search past every value still answers
    assert positions_in(lowers, biggest) == []
