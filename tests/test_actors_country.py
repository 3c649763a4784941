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


def only_event(doc, trigger):
    found = [e for e in doc._.events if e.trigger.text == trigger]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in doc._.events]
    return found[0]


def test_a_foreign_story_from_a_domestic_outlet_is_not_domestic(nlp):
    """A US outlet's report that names Greece and no US place: its protesters are not American."""
    doc = analyse(nlp, "Protesters marched through central Athens in Greece on Sunday.", source="The Washington Post")
    assert doc._.group_country is None
    protest = only_event(doc, "marched")
    assert all(doc._.actors[a].country != "USA" for a in protest.actors)


def test_a_domestic_outlet_places_groups_of_a_report_naming_no_country(nlp):
    doc = analyse(nlp, "Protesters marched to the city hall on Sunday.", source="The Washington Post")
    assert doc._.group_country == "USA"


def test_the_owner_of_a_blocked_law_is_the_recipient(nlp):
    """"blocked Ohio's 'voter ID' law": the state whose law it is, even behind a quoted possessive."""
    doc = analyse(nlp, "A federal judge blocked Ohio's 'voter ID' law on Friday.")
    event = only_event(doc, "blocked")
    assert [doc._.actors[r].name for r in event.recipients] == ["Ohio"]
    assert doc._.actors[event.recipients[0]].country == "USA"


def test_premises_stand_for_the_body_attacked(nlp):
    """Stones thrown at an embassy or a police station target that state or that police."""
    doc = analyse(nlp, "Protesters threw stones at the Russian embassy on Monday.")
    embassy = doc._.actors[only_event(doc, "threw").recipients[0]]
    assert (embassy.name, embassy.country, embassy.sector) == ("Russian embassies", "RUS", "GOV")
    doc = analyse(nlp, "Students hurled rocks at a police station on Sunday night.", source="The Washington Post")
    [police] = only_event(doc, "hurled").recipients
    assert doc._.actors[police].sector == "COP"


def test_an_agentless_charge_is_the_prosecutor_s_when_the_sentence_names_one(nlp):
    doc = analyse(nlp, "District Attorney Jane Roe said John Doe was charged with murder on Tuesday.")
    event = only_event(doc, "charged")
    assert event.type == "ACCUSE"
    assert [doc._.actors[a].name for a in event.actors] == ["Jane Roe"]
    assert [doc._.actors[r].name for r in event.recipients] == ["John Doe"]


def test_an_agentless_charge_has_no_actor_without_a_prosecutor(nlp):
    """A reporter or a relative saying someone was charged did not charge them."""
    doc = analyse(nlp, "His sister Jane Roe said John Doe was charged with murder on Tuesday.")
    assert only_event(doc, "charged").actors == []


def test_a_reduced_relative_accused_is_the_doer_of_what_they_are_accused_of(nlp):
    """"says the man accused of robbing two shops is ...": the parser makes "the man" the subject of an
    active "accused"; with no object he is the one accused, and so the robber."""
    doc = analyse(nlp, "His lawyer says the man accused of stabbing two guards at the prison in Leeds is innocent.")
    stabbing = only_event(doc, "stabbing")
    assert [doc._.actors[a].name for a in stabbing.actors] == ["man"]
    assert "x:" in stabbing.actors[0] and stabbing.recipients


def test_an_active_accusation_keeps_its_accuser(nlp):
    doc = analyse(nlp, "The mayor accused the contractor of cheating the city.")
    cheating = [e for e in doc._.events if e.trigger.text == "cheating"]
    for event in cheating:
        assert all(doc._.actors.get(a) is None or doc._.actors[a].name != "mayor" for a in event.actors)


def test_the_subject_behind_a_dateline_is_its_apposition(nlp):
    """"JACKSON, Miss. - U.S. District Judge Jane Roe issued an injunction": the judge issued it, not the town."""
    doc = analyse(nlp, "Judge halts state voting law\n\nJACKSON, Miss. - U.S. District Judge Jane Roe late Thursday "
                       "night issued an injunction blocking the state's new voting law.", source="The Washington Post")
    event = only_event(doc, "injunction")
    assert [doc._.actors[a].name for a in event.actors] == ["Jane Roe"]


def test_the_victim_hung_on_the_police_by_the_parser_is_the_recipient(nlp):
    """"the killing by police of a teenager": the teenager was killed, the police killed him."""
    doc = analyse(nlp, "Students marched in Thessaloniki on Sunday in anger at the killing by police of a teenager, "
                       "Nikos Papas.")
    event = only_event(doc, "killing")
    assert [doc._.actors[a].sector for a in event.actors] == ["COP"]
    assert [doc._.actors[r].name for r in event.recipients] == ["Nikos Papas"]


def test_members_of_a_group_are_not_its_victims(nlp):
    doc = analyse(nlp, "Villagers fled after the attack by members of the gang.")
    for event in doc._.events:
        assert all(doc._.actors.get(r) is None or "gang" not in doc._.actors[r].name for r in event.recipients)


def test_a_provisional_group_with_a_nationality_is_not_given_the_report_country(nlp):
    """A domestic outlet's "Kurdish fighters" (a nationality the knowledge base has no country for) are not
    American; a group named after a known actor takes that actor's country."""
    doc = analyse(nlp, "Kurdish fighters attacked the checkpoint on Monday, the sheriff said.",
                  source="The Washington Post")
    for event in doc._.events:
        for actor_id in event.actors:
            assert doc._.actors[actor_id].country != "USA", doc._.actors[actor_id]


def test_a_party_adjective_places_a_provisional_group_in_the_party_s_country(nlp):
    doc = analyse(nlp, "Activists are hailing the Democratic nominee's speech on Thursday.")
    [event] = [e for e in doc._.events if e.trigger.text == "hailing"]
    assert [(doc._.actors[r].name, doc._.actors[r].country) for r in event.recipients] == [("Democratic nominee", "USA")]


def test_headline_words_written_in_lower_case_in_the_body_are_no_name(nlp):
    """"Deputy Shot Outside Courthouse": the NER's name is the headline's capitals, not a person the
    body's deputy would resolve to."""
    doc = analyse(nlp, "Deputy Shot Outside Courthouse\n\nA sheriff's deputy was shot outside the courthouse on "
                       "Tuesday.", published=None)
    assert not any("Courthouse" in e.text for e in doc._.entities)
    assert all(a.kind != "person" for a in doc._.actors.values())


def test_a_name_in_a_headline_stays_a_name(nlp):
    """Only a name all of whose words the body writes in lower case: "baker" is, "Tom" is not."""
    doc = analyse(nlp, "Governor Tom Baker Vetoes Budget Bill\n\nGovernor Tom Baker vetoed the budget bill on "
                       "Monday, to the anger of a baker who had lobbied for it.", published=None)
    headline_name = [e for e in doc._.entities if e.text == "Tom Baker" and e.start < 20]
    assert headline_name and doc._.actors[headline_name[0].actor].kind == "person"
