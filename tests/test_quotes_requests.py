"""A request made is not words reported: "asked their aides to look for a date" is no ledger quote.

Sentences written for these tests, run through the real pipeline (knowledge/cues.yaml,
sense_conditions for "ask")."""
import datetime as dt

import pytest

from newsledger.nlp.pipeline import build_pipeline, make_doc


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _quotes(nlp, text):
    doc = nlp(make_doc(nlp, text, published=dt.date(2021, 6, 5)))
    return [(q.cue.text, q.content.text) for q in doc._.quotes]


def test_asking_someone_to_act_is_a_request_not_a_quote(nlp):
    assert _quotes(nlp, "The mayor asked residents to stay indoors on Tuesday.") == []
    assert _quotes(nlp, "The two ministers asked their deputies to prepare a summit in Vienna.") == []


def test_a_question_asked_is_still_a_quote(nlp):
    found = _quotes(nlp, "Reporters asked whether the talks would resume, and the minister said they would.")
    assert ("asked", "whether the talks would resume") in found
    assert _quotes(nlp, '"Is anyone hurt?" the officer asked the crowd.') == [("asked", '"Is anyone hurt?"')]


def test_a_request_inside_a_statement_stays_in_the_statement(nlp):
    found = _quotes(nlp, "The two leaders spoke on Saturday. They asked their aides to look for a date for a first "
                         "meeting, the Kremlin said.")
    assert [cue for cue, _ in found] == ["said"]
    assert "asked their aides" in found[0][1]
