"""Actors a reader recognises (round 8, issue 10): places, bylines, outlets and common words are no
person or organisation actors; ranks take their service's sector. Real model, short texts of our own."""

from __future__ import annotations

import pytest

from newsledger.nlp.actors import provisional_group
from newsledger.nlp.actors.places import is_gazetteer_place
from newsledger.nlp.pipeline import make_doc, shared_pipeline


@pytest.fixture(scope="module")
def nlp():
    return shared_pipeline(("newsledger_actors",))


def analyse(nlp, text, source=None):
    return nlp(make_doc(nlp, text, source=source))


def entities(doc, surface):
    found = [e for e in doc._.entities if e.text == surface]
    assert found, f"no entity {surface!r} in {[e.text for e in doc._.entities]}"
    return found


def kinds(doc):
    return {a.name: a.kind for a in doc._.actors.values()}


# ---------------------------------------------------------------- places the NER calls people or bodies
@pytest.mark.parametrize("text, place", [
    ("In Essaouira, the port city on the coast, fishermen stayed ashore.", "Essaouira"),
    ("Many deaths were in Al Haouz province and in the mountains.", "Al Haouz"),
    ("In 1999, a tremor near Al Hoceima killed hundreds.", "Al Hoceima"),
    ("Supplies reached the last border crossing still open, Bab al-Hawa, on Sunday.", "Bab al-Hawa"),
    ("Families in Hatay or Gaziantep waited for news.", "Gaziantep"),
    ("The town lies 40 km north of Marrakesh.", "Marrakesh"),
    ('"We sleep in the street," said a farmer from Amizmiz, a village near the fault line.', "Amizmiz"),
    ("She lives in the village of Moulay Brahim.", "Moulay Brahim"),
    ("In Tinmel, the old mosque lost its roof.", "Tinmel"),
])
def test_a_place_the_ner_calls_a_person_or_body_is_a_place_not_an_actor(nlp, text, place):
    doc = analyse(nlp, text)
    assert all(e.actor is None and e.label == "GPE" for e in entities(doc, place))
    assert place not in kinds(doc)


def test_a_name_set_beside_a_crossing_the_convoys_use_is_the_crossing(nlp):
    doc = analyse(nlp, "The convoy used the only crossing the UN may use, Bab al-Hawa, until the road was damaged.")
    assert all(e.actor is None for e in entities(doc, "Bab al-Hawa"))


def test_a_person_set_beside_an_office_of_a_region_stays_a_person(nlp):
    doc = analyse(nlp, "The chief engineer of the region, Jonas Pihl, put out a statement.")
    assert kinds(doc).get("Jonas Pihl") == "person"


def test_a_landmark_is_where_something_happened(nlp):
    doc = analyse(nlp, "Police foiled a plot to blow up Kazan Cathedral in the city.")
    (cathedral,) = entities(doc, "Kazan Cathedral")
    assert (cathedral.label, cathedral.actor) == ("FAC", None)


def test_a_place_named_once_with_a_strong_cue_is_a_place_throughout_the_report(nlp):
    doc = analyse(nlp, "In Essaouira, the port city on the coast, fishermen stayed ashore. Essaouira was quiet on Monday.")
    assert all(e.actor is None for e in entities(doc, "Essaouira"))


def test_a_person_named_like_a_town_stays_a_person(nlp):
    # a full name in the report, a title, or a town word without a place cue keep the person
    doc = analyse(nlp, "Jesse Jackson visited the town on Friday. Jackson said the water was safe.")
    assert {e.actor for e in doc._.entities if e.text in ("Jackson", "Jesse Jackson")} == {"x:jesse-jackson"}
    doc = analyse(nlp, "Mayor Victoria Lane said the road would reopen. Lane thanked the crews.")
    assert kinds(doc).get("Victoria Lane") == "person"


def test_a_known_actor_is_not_read_as_the_town_of_its_name(nlp):
    doc = analyse(nlp, "Hillary Clinton spoke in Iowa. Voters in Clinton cheered her.")
    assert entities(doc, "Hillary Clinton")[0].actor == "hillary-clinton"


def test_the_gazetteer_holds_towns_and_subdivisions_of_any_country():
    assert is_gazetteer_place("Gaziantep") and is_gazetteer_place("Hatay") and is_gazetteer_place("Al Haouz")
    assert is_gazetteer_place("Izmit")  # accent-free spelling of İzmit
    assert not is_gazetteer_place("Patriot Dan")


def test_a_listed_region_the_ner_calls_an_organisation_is_no_organisation(nlp):
    doc = analyse(nlp, "Russia annexed Crimea in 2014 and backed rebels in the east.")
    assert "Crimea" not in kinds(doc)


def test_a_region_that_acts_is_still_its_government(nlp):
    doc = analyse(nlp, "Texas sued the federal government over the rule.")
    assert kinds(doc).get("Texas") == "organisation"


def test_a_dateline_place_split_by_the_ner_is_one_place(nlp):
    doc = analyse(nlp, "ST. PETERSBURG, Dec. 30 (Valley Wire) — Guards stood outside the churches.")
    (place,) = entities(doc, "ST. PETERSBURG")
    assert (place.label, place.actor) == ("GPE", None)
    assert "PETERSBURG" not in kinds(doc)


# ---------------------------------------------------------------- the report's own writer and outlet
def test_a_byline_is_the_writer_not_an_actor(nlp):
    text = "Tax plan: who pays?\n\nPosted by Patriot Dan | April 8, 2018 | 7 Comments\n\nThe plan will cost families more."
    doc = analyse(nlp, text, source="truthpatriot-news.info")
    (byline,) = entities(doc, "Patriot Dan")
    assert (byline.label, byline.actor) == ("BYLINE", None)
    assert "Patriot Dan" not in kinds(doc)


def test_the_outlets_own_name_is_media_and_its_town_a_place(nlp):
    text = ("Storm hits coast\nEastbridge Courier\n9 September 2023\n\nHeavy rain fell on the coast. "
            "Members of Eastbridge's fishing community gathered at the harbour.")
    doc = analyse(nlp, text, source="Eastbridge Courier")
    courier = doc._.actors["x:eastbridge-courier"]
    assert (courier.name, courier.kind, courier.sector) == ("Eastbridge Courier", "media", "JRN")
    assert all(e.actor is None for e in entities(doc, "Eastbridge"))


def test_the_outlets_name_under_a_headline_about_villages_is_no_place(nlp):
    text = "Quake kills hundreds in mountain villages\nEastbridge Courier\n9 September 2023\n\nThe quake struck at night."
    doc = analyse(nlp, text, source="Eastbridge Courier")
    assert [e.actor for e in doc._.entities if e.text == "Eastbridge Courier"] == ["x:eastbridge-courier"]


def test_a_name_never_runs_across_a_line_break(nlp):
    doc = analyse(nlp, "Storm hits coast\nEastbridge Courier\n9 September 2023\n\nHeavy rain fell.")
    assert not any("\n" in e.text for e in doc._.entities)


def test_a_title_case_headline_naming_a_country_is_no_organisation(nlp):
    text = "New Russia Sanctions: Who Really Pays?\n\nThe new sanctions will hurt farmers, critics said."
    doc = analyse(nlp, text)
    assert "New Russia Sanctions" not in kinds(doc)


# ---------------------------------------------------------------- common words and businesses
def test_a_sentence_opening_common_word_is_no_name(nlp):
    text = ("Families left their homes after the quake.\n\nFreezing rain and snow hampered the rescue effort. "
            "Smart investors are already moving into gold.")
    doc = analyse(nlp, text)
    assert not {"Freezing", "Smart"} & set(kinds(doc))


def test_a_surname_opening_a_sentence_stays_the_person(nlp):
    doc = analyse(nlp, "Chris Matthews hosted the debate.\n\nMatthews said the crowd was loud.")
    assert {e.actor for e in doc._.entities if e.text == "Matthews"} <= {"x:chris-matthews"}


def test_a_one_word_name_set_beside_a_business_is_a_business(nlp):
    doc = analyse(nlp, "Shares in Rusal, the aluminium producer, fell by a quarter on Monday.")
    rusal = doc._.actors.get("x:rusal")
    assert rusal is not None and (rusal.kind, rusal.sector) == ("organisation", "BUS")


# ---------------------------------------------------------------- ranks take their service's sector
def test_officers_of_an_intelligence_agency_are_intelligence_officers(nlp):
    text = ("A grand jury indicted 12 officers of Russia's GRU military intelligence agency on Friday. "
            "Moscow refused to hand the officers over.")
    doc = analyse(nlp, text)
    officers = {e.actor for e in doc._.entities if e.text == "officers"}
    assert officers == {"x:gru-officers"}
    group = doc._.actors["x:gru-officers"]
    assert (group.country, group.sector) == ("RUS", "SPY")


def test_police_officers_stay_police(nlp):
    doc = analyse(nlp, "Police officers arrested two men on Friday.")
    assert doc._.actors["x:police-officers"].sector == "COP"


def test_a_provisional_rank_group_takes_the_service_named_before_it(nlp):
    doc = analyse(nlp, "The court heard the case.")
    assert provisional_group(doc, "x:a", "Russian military intelligence officers").sector == "SPY"
    assert provisional_group(doc, "x:b", "army officers").sector == "MIL"
    assert provisional_group(doc, "x:c", "officers").sector == "COP"


# ---------------------------------------------------------------- state bodies take the country the report is set in
def test_a_ministry_in_a_report_set_in_one_country_is_that_countrys(nlp):
    text = ("Rescue teams from Spain and Britain landed in Marrakesh on Sunday, the first to reach Morocco, "
            "as the toll rose to 2,100, the interior ministry said.")
    doc = analyse(nlp, text)
    (ministry,) = {e.actor for e in doc._.entities if e.text == "interior ministry"}
    assert ministry == "x:mar-interior-ministry" and doc._.actors[ministry].country == "MAR"


def test_a_dateline_sets_the_report_even_when_the_ner_misses_it(nlp):
    doc = analyse(nlp, "MARRAKESH, Sept. 9 (Valley Wire) — The quake killed hundreds in Morocco, the interior ministry "
                       "said. Teams from Spain and Qatar were on their way.")
    assert doc._.actors["x:mar-interior-ministry"].country == "MAR"


def test_a_ministry_in_a_report_set_nowhere_stays_unplaced(nlp):
    doc = analyse(nlp, "Teams from Spain and Qatar arrived. The interior ministry said the toll had risen.")
    (ministry,) = {e.actor for e in doc._.entities if e.text == "interior ministry"}
    assert doc._.actors[ministry].country is None


def test_the_bare_ministry_after_the_interior_ministry_is_the_same_body(nlp):
    text = ("The quake struck villages in Morocco's mountains south of Marrakesh, the interior ministry said. "
            "The ministry said more than 1,200 people were hurt.")
    doc = analyse(nlp, text)
    assert {e.actor for e in doc._.entities if e.text in ("interior ministry", "ministry")} == {"x:mar-interior-ministry"}


def test_a_capital_naming_where_a_university_is_makes_no_national_group(nlp):
    doc = analyse(nlp, "Marcus Hale, a former official, now teaches at a Washington university.")
    assert not any("university" in a.name for a in doc._.actors.values())
    assert all(e.actor is None for e in entities(doc, "Washington"))


# ---------------------------------------------------------------- the actors table row of a former office-holder
def _person(sector, family=None):
    return {"actor_id": "barack-obama", "name": "Barack Obama", "kind": "person", "country": "USA", "sector": sector,
            "family": family, "roles": "[]", "known_from": "kb"}


@pytest.mark.parametrize("order", [("GOV", "ELI"), ("ELI", "GOV"), ("ELI", "ELI")])
def test_a_former_official_reading_never_replaces_an_office_in_the_actors_table(tmp_path, order):
    from newsledger.store.db import Store
    from newsledger.store.writer import write_actors

    store = Store(tmp_path / "ledger.duckdb")
    try:
        for sector in order:
            write_actors(store, [_person(sector, "USA:GOV" if sector == "GOV" else None)])
        sector = store.scalar("SELECT sector FROM actors WHERE actor_id = 'barack-obama'")
        assert sector == ("ELI" if order == ("ELI", "ELI") else "GOV")
    finally:
        store.close()


def test_a_region_taken_stands_for_the_country_it_is_taken_from(nlp):
    for text in ("Russia annexed Crimea in 2014.", "Sanctions followed the annexation of Crimea in 2014."):
        (crimea,) = entities(analyse(nlp, text), "Crimea")
        assert crimea.actor == "UKR"


def test_a_town_a_quake_rocked_is_a_place(nlp):
    doc = analyse(nlp, "The quake rocked Hatay on Monday.")
    assert all(e.actor is None for e in entities(doc, "Hatay"))


def test_a_party_adjective_opening_a_sentence_stays_a_nationality(nlp):
    # only names the NER calls persons or organisations are read as common words; "Republican" stays NORP
    doc = analyse(nlp, "Senators met on Monday.\n\nRepublican senators criticised the deal.")
    assert [e.label for e in doc._.entities if e.text == "Republican"] == ["NORP"]
