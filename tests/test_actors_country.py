"""Where actors come from: countries for groups, people and bodies the knowledge base does not know.

Sentences written for these tests; the whole pipeline (actors, times, quotes, events) on the real
spaCy model, because the events component names groups of its own in re-parsed headlines.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.nlp.pipeline import make_doc, shared_pipeline

D = dt.date


@pytest.fixture(scope="module")
def nlp():
    return shared_pipeline()


def analyse(nlp, text, source=None, published=D(2016, 7, 18)):
    return nlp(make_doc(nlp, text, published=published, source=source))


def entity_actor(doc, surface):
    found = [e.actor for e in doc._.entities if e.text == surface]
    assert found, f"no entity {surface!r} in {[e.text for e in doc._.entities]}"
    return found[0]


def test_headline_group_named_by_events_gets_the_report_country(nlp):
    """A group only the events component names (a title-case headline re-parsed) has an actor record
    with the report's country and its noun's sector, like the groups the actors component finds."""
    doc = analyse(nlp, "Rebel Delegates Disrupt Convention After Rules Vote\n\n"
                       "A group of delegates shouted down the chairman on Monday as the rules were read out "
                       "in Cleveland. Gov. John Kasich stayed away from the hall.", source="The Washington Post")
    protest = next(e for e in doc._.events if e.type == "PROTEST" and e.trigger.text == "Disrupt")
    [actor_id] = protest.actors
    actor = doc._.actors[actor_id]
    assert (actor.name, actor.kind, actor.country) == ("Rebel Delegates", "group", "USA")


def test_provisional_group_has_no_country_when_the_report_is_about_two(nlp):
    doc = analyse(nlp, "Rebel Delegates Disrupt Summit Over Trade Deal\n\n"
                       "Delegates from France and Germany walked out of the talks in Brussels after German "
                       "officials rejected the French plan.", source="The Washington Post")
    protest = [e for e in doc._.events if e.trigger.text == "Disrupt"]
    for event in protest:
        for actor_id in event.actors:
            assert doc._.actors[actor_id].country is None


def test_town_institutions_place_a_local_report_without_an_outlet(nlp):
    """A local crime report naming only its town's courthouse and court: its people and groups are
    in that town's country (Bellflower is a Californian city, and no other country has one)."""
    doc = analyse(nlp, "A sheriff's deputy was wounded outside the Bellflower courthouse on Tuesday.\n\n"
                       "Prosecutors said Jane Roe, 27, was charged with attempted murder. She will appear in "
                       "Bellflower Superior Court next week.", published=None)
    assert doc._.group_country == "USA"
    assert doc._.actors[entity_actor(doc, "Jane Roe")].country == "USA"
    assert doc._.actors[entity_actor(doc, "Prosecutors")].country == "USA"


def test_a_town_name_that_is_a_group_word_is_no_evidence(nlp):
    """"Police" is also a Polish town: "Police Department" places nothing."""
    doc = analyse(nlp, "Police Department spokesman Jane Roe said two officers were hurt. "
                       "Police Department staff were sent home.", published=None)
    assert doc._.group_country is None
    assert doc._.actors[entity_actor(doc, "Jane Roe")].country is None


def test_a_bare_town_name_as_an_organisation_is_no_evidence(nlp):
    """Only a town named with one of its institutions places a report; a club or firm named after a
    town ("Bellflower signed a striker") says nothing of where the report is."""
    doc = analyse(nlp, "Bellflower signed a striker on Monday. Bellflower paid a record fee, the club said.",
                  published=None)
    assert doc._.group_country is None


def test_sentence_opening_participle_is_not_a_first_name(nlp):
    """"Joining Smith at the ceremony": Smith is the mayor named before, not a person called Joining."""
    doc = analyse(nlp, "Mayor Karen Smith opened the bridge on Monday. Joining Smith at the ceremony was "
                       "her deputy.")
    assert entity_actor(doc, "Smith") == entity_actor(doc, "Karen Smith")
    assert not any(e.text.startswith("Joining") for e in doc._.entities)
