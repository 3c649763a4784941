"""Acts told as nouns (round 8, issue 10 N13): "a tip from X that helped Y foil ..." is COOPERATE X -> Y.

Sentences written for these tests; the real spaCy model and our components.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.nlp.pipeline import make_doc

@pytest.fixture(scope="module")
def nlp(event_nlp):
    return event_nlp


def cooperations(nlp, text: str):
    doc = nlp(make_doc(nlp, text, published=dt.date(2019, 12, 30)))
    return doc, [e for e in doc._.events if e.type == "COOPERATE"]


def test_tip_from_a_named_giver_that_allowed_a_party_to_thwart(nlp):
    text = ("Vladimir Putin thanked Donald Trump on Sunday for a tip from American intelligence that the "
            "Kremlin said allowed Russian security services to thwart a bombing plot.")
    doc, found = cooperations(nlp, text)
    assert len(found) == 1
    event = found[0]
    assert event.actors == ["x:american-intelligence"]
    assert event.recipients == ["x:russian-security-services"]
    assert event.modality == "asserted"
    assert event.date is None  # "on Sunday" dates the thanking; the tip came before it
    assert event.trigger.text == "tip" and doc.text[event.trigger.start:event.trigger.end] == "tip"


def test_warning_whose_clause_hangs_on_the_main_verb(nlp):
    # the parser attaches "helped" to "telephoned"; the relative "that" right after the phrase ties it back
    text = ("Putin telephoned Trump on Sunday to thank him for a warning from American intelligence that, "
            "according to the Kremlin, helped Russian security services stop attacks planned in the city.")
    _, found = cooperations(nlp, text)
    assert [(e.actors, e.recipients, e.modality) for e in found] == [
        (["x:american-intelligence"], ["x:russian-security-services"], "asserted")]


def test_warning_as_subject_of_helped(nlp):
    _, found = cooperations(nlp, "The Kremlin said a warning from the United States had helped Russian agents "
                                 "foil a plot against holiday crowds.")
    assert [(e.actors, e.recipients) for e in found] == [(["USA"], ["x:russian-agents"])]


def test_possessive_giver(nlp):
    _, found = cooperations(nlp, "France's warning helped Belgian police foil an attack on a train.")
    assert [(e.actors, e.recipients) for e in found] == [(["FRA"], ["x:belgian-police"])]


def test_negated_helping_clause_is_negated(nlp):
    _, found = cooperations(nlp, "A tip from Germany did not help Danish police stop the attack.")
    assert [e.modality for e in found] == ["negated"]


@pytest.mark.parametrize("text", [
    "Police received a tip that helped officers stop the robbery.",  # no giver named
    "Police said a tip led them to the suspect.",  # no helping clause
    "Putin phoned Trump to thank him for intelligence that, the Kremlin says, helped stop an attack.",  # no giver
    "A warning from the weather service helped residents prevent damage.",  # giver not a named party
    "A tip from Germany reached the police on Monday.",  # giver named, nothing foiled
    "US tip helped stop New Year attack plot.",  # no helped party named
])
def test_no_telling_without_named_giver_and_helped_party(nlp, text):
    _, found = cooperations(nlp, text)
    assert found == []


def test_the_helped_party_stopping_an_attack_is_no_concession(nlp):
    """The foiling verb of a tip told as a noun codes no act of its own: "helped Danish police stop a bomb attack"
    is not Danish police conceding (CONCEDE's "stop" ceases one's own act); the tip's COOPERATE tells it."""
    text = ("The prime minister telephoned the president on Monday to thank him for a warning from Norwegian "
            "intelligence that helped Danish police stop a bomb attack in Aarhus.")
    doc, found = cooperations(nlp, text)
    assert len(found) == 1
    assert not [e for e in doc._.events if e.type == "CONCEDE"]
    assert [e.type for e in doc._.events if e.trigger.text == "stop"] == []
