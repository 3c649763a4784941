"""Demo read, round 9 (issue 10): the remaining awkward event lines.

Sentences written for these tests; the real spaCy model and our components, a real DuckDB ledger.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.evaluate.plover import drop_broken
from newsledger.nlp.pipeline import COMPONENTS, build_pipeline, make_doc

NAMES = ["newsledger_actors", "newsledger_times", "newsledger_quotes", "newsledger_events"]


@pytest.fixture(scope="module")
def nlp():
    pipeline = build_pipeline([n for n in COMPONENTS if n in NAMES])
    drop_broken(pipeline)
    return pipeline


def events(nlp, text: str, etype: str):
    doc = nlp(make_doc(nlp, text, published=dt.date(2019, 12, 30)))
    return [e for e in doc._.events if e.type == etype]


# 1. A tip told as a noun, the other ways outlets tell it (A8 / reader12 "2017 tip")

def test_nationality_tip_that_helped_police_break_up_a_plot(nlp):
    found = events(nlp, "In March 2016 a French tip helped Belgian police break up a bomb plot in Brussels.", "COOPERATE")
    assert [(e.actors, e.recipients, e.date, e.modality) for e in found] == [
        (["FRA"], ["x:belgian-police"], "2016-03", "recap")]


def test_tip_that_led_police_to_the_plotters(nlp):
    found = events(nlp, "In May 2015, a German tip led Danish police to a cell accused of planning attacks "
                        "in Copenhagen.", "COOPERATE")
    assert [(e.actors, e.recipients, e.date) for e in found] == [(["DEU"], ["x:danish-police"], "2015-05")]


def test_warning_that_led_to_an_arrest_keeps_the_arrest_and_the_frame_month(nlp):
    text = ("In June 2016, Merkel phoned Hollande to thank him for a French warning that led to the arrest "
            "of two suspects.")
    found = events(nlp, text, "COOPERATE")
    assert [(e.actors, e.recipients, e.date) for e in found] == [(["FRA"], [], "2016-06")]
    assert [e.trigger.text for e in events(nlp, text, "COERCE")] == ["arrest"]  # the arrest is its own act


def test_a_frame_day_does_not_date_the_tip(nlp):
    # "on Sunday" is the call's day; the warning came before it
    found = events(nlp, "On Sunday, Merkel phoned Hollande to thank him for a French warning that led to the "
                        "arrest of two suspects.", "COOPERATE")
    assert [(e.actors, e.date) for e in found] == [(["FRA"], None)]


def test_plot_broken_up_after_a_warning_was_passed_on(nlp):
    found = events(nlp, "In April 2016, a plot against a football stadium was broken up after Spanish "
                        "intelligence passed on a warning, officials said.", "COOPERATE")
    assert [(e.actors, e.recipients, e.date) for e in found] == [(["x:spanish-intelligence"], [], "2016-04")]


def test_the_party_that_foiled_after_the_warning_is_helped(nlp):
    found = events(nlp, "Dutch police foiled the plot after Belgian intelligence passed on a warning.", "COOPERATE")
    assert [(e.actors, e.recipients) for e in found] == [(["x:belgian-intelligence"], ["x:dutch-police"])]


def test_possessive_giver_with_a_name_modifier(nlp):
    found = events(nlp, "British intelligence's warning helped Irish police stop a bombing.", "COOPERATE")
    assert [(e.actors, e.recipients) for e in found] == [(["x:british-intelligence"], ["x:irish-police"])]


@pytest.mark.parametrize("text", [
    "Police said a tip led them to the suspect.",  # no giver named
    "Police received a tip that helped officers stop the robbery.",  # no giver named
    "A tip from Germany led Danish police to conclude that the threat was over.",  # led to a conclusion
    "The senate passed a new law after the attack.",  # nothing passed on
    "German intelligence passed on a warning to the airport on Monday.",  # nothing foiled
])
def test_no_tip_telling(nlp, text):
    assert events(nlp, text, "COOPERATE") == []


def test_a_call_to_say_thank_you_is_a_call(nlp):
    found = events(nlp, "Chancellor Angela Merkel called President Emmanuel Macron to say thank you.", "CONSULT")
    assert [(e.mode, e.actors, e.recipients) for e in found] == [("phone", ["angela-merkel"], ["emmanuel-macron"])]


def test_calling_someone_to_testify_is_no_call(nlp):
    assert events(nlp, "The committee called the minister to testify about the contract.", "CONSULT") == []
