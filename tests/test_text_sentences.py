"""``index_sentences``: the binary-search ``span.sent`` gives exactly the sentence spaCy's own look-up gives."""

from __future__ import annotations

import spacy

from newsledger.nlp.pipeline import MODEL
from newsledger.nlp.text import index_sentences

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
