"""Who the ledger names as a quote's speaker, and which verbs of inference are no speech
(round 5, from the demo read): sentences written for these tests, real spaCy parses."""

from __future__ import annotations

import pytest

from test_quotes import with_hand_entities  # one hand-built-actors helper for the quotes tests

from newsledger.nlp.pipeline import build_pipeline
from newsledger.nlp.quotes import extract_quotes


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(["newsledger_quotes"])


def quote_with(doc, content_start):
    hits = [q for q in doc._.quotes if q.content and q.content.text.startswith(content_start)]
    assert hits, [(q.source and q.source.text, q.cue and q.cue.text, q.content and q.content.text) for q in doc._.quotes]
    return hits[0]


# --- a relative pronoun is no speaker's name -------------------------------------------------

def test_a_relative_pronoun_source_is_its_antecedent_in_the_ledger(nlp):
    doc = with_hand_entities(nlp, "The bridge plan was backed by Omar Nasser, who said it would cut the trip to the coast by an hour.")
    quote = quote_with(doc, "it would cut the trip")
    assert quote.source.text == "Omar Nasser"
    assert doc.text[quote.source.start : quote.source.end] == "Omar Nasser"
    assert quote.speaker == "PERSON:Omar Nasser"


def test_a_group_counted_among_those_that_said_is_the_speaker(nlp):
    doc = nlp("Several airlines cancelled flights on Monday. Finnair, Iberia and KLM were among those that said "
              "they would refund every ticket.")
    quote = quote_with(doc, "they would refund")
    assert quote.source.text == "Finnair, Iberia and KLM"


def test_a_relative_pronoun_that_stands_for_no_one_named_leaves_no_speaker(nlp):
    doc = nlp("The reporter spoke to one of those who said they had seen the boat capsize near the pier.")
    quote = quote_with(doc, "they had seen the boat")
    assert quote.source is None and quote.speaker is None


def test_polnear_mode_keeps_the_relative_pronoun_as_source(nlp):
    """PolNeAR marks the pronoun itself as the source: the evaluation mode is unchanged."""
    doc = nlp("The bridge plan was backed by Omar Nasser, who said it would cut the trip to the coast by an hour.")
    (quote,) = [q for q in extract_quotes(doc, "all") if q.cue and q.cue.text == "said"]
    assert quote.source.text == "who"


def test_several_named_speakers_are_not_one_actor(nlp):
    doc = with_hand_entities(nlp, "Germany, France and Italy said the border checks would end on Friday.")
    quote = quote_with(doc, "the border checks would end")
    assert quote.source.text == "Germany, France and Italy"
    assert quote.speaker is None


# --- a verb of inference with a thing as subject is no speech ---------------------------------

@pytest.mark.parametrize("text", [
    "Both sides' accounts of the long phone call suggest that the hardest questions were left for later.",
    "The leaked documents show that the company knew about the faulty brakes for years.",
    "The new figures indicate that exports fell sharply in the spring.",
])
def test_a_thing_that_suggests_is_not_quoted(nlp, text):
    doc = nlp(text)
    assert doc._.quotes == []


@pytest.mark.parametrize("text,speaker", [
    ("The finance minister suggested that the tax would be cut before the election.", "The finance minister"),
    ("Dr. Lena Ortiz indicated that the vaccine trial would start in March.", "Dr. Lena Ortiz"),
    ("Researchers suggest that the glacier will be gone within thirty years.", "Researchers"),
])
def test_a_speaker_who_suggests_is_quoted(nlp, text, speaker):
    doc = nlp(text)
    assert [q.source.text for q in doc._.quotes if q.source] == [speaker]


# --- an anonymous source described by a role is shown as described ---------------------------

def test_an_aide_is_not_the_institution(nlp):
    doc = with_hand_entities(nlp, "“Parliament will not accept a deal made behind its back,” said a senior Senate aide "
                                  "who asked not to be named.")
    (quote,) = doc._.quotes
    assert quote.source.text == "a senior Senate aide"
    assert quote.speaker is None


def test_an_official_of_a_ministry_is_not_the_ministry(nlp):
    doc = with_hand_entities(nlp, "An official at the Ministry of Finance said the budget would be published in June.")
    (quote,) = doc._.quotes
    assert quote.speaker is None


def test_a_spokesman_speaks_for_the_ministry_and_a_named_aide_for_herself(nlp):
    doc = with_hand_entities(nlp, "A spokeswoman for the Ministry of Finance said the budget would be published in June.\n\n"
                                  "An aide to the mayor, Julia Weber, said the vote would be close.")
    assert quote_with(doc, "the budget").speaker == "ORG:Ministry of Finance"
    assert quote_with(doc, "the vote").speaker == "PERSON:Julia Weber"
