"""Vague actors (issue 10, round 5): plural references to named people, and plurals that name no one.

"The two men agreed" after a sentence naming two leaders is those two leaders
(:mod:`newsledger.nlp.actors.plurals`); a generic plural the text does not tie
to anyone ("leaders agreed", "the two men" with no two persons before it) is no
party, so an interaction it does falls below the default view
(:func:`newsledger.nlp.events.args.vague_party`). Sentences written for these
tests, on the real model.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.nlp.pipeline import make_doc
from newsledger.settings import EVENT_MIN_CONFIDENCE

DAY = dt.date(2021, 6, 15)

from test_assault_roles import nlp  # noqa: F401  (the full pipeline, as the PLOVER eval builds it)


def analyse(nlp, text: str):
    return nlp(make_doc(nlp, text, published=DAY))


def shown(doc, etype: str):
    return [e for e in doc._.events if e.type == etype and e.confidence >= EVENT_MIN_CONFIDENCE
            and e.modality != "negated"]


def coded(doc, etype: str):
    return [e for e in doc._.events if e.type == etype]


def names(doc, ids) -> set[str]:
    return {doc._.actors[i].name if i in doc._.actors else i for i in ids}


def on_word(doc, word: str) -> list:
    return [e for e in doc._.entities if e.text == word]


def people_named(doc, ids) -> set[str]:
    return {doc._.actors[i].name.split()[-1] for i in ids if doc._.actors[i].kind == "person"}


# --- plural references resolved to the persons just named ----------------------------------------

def test_the_two_men_after_two_named_leaders_are_those_leaders(nlp):
    doc = analyse(nlp, "Angela Merkel and Emmanuel Macron spoke by phone on Monday. The chancellery said "
                       "the two men agreed to set up a joint working group on energy prices.")
    agree = shown(doc, "AGREE")
    assert agree, [(e.type, e.actors, e.confidence) for e in doc._.events]
    assert people_named(doc, agree[0].actors) == {"Merkel", "Macron"}
    assert "x:men" not in agree[0].actors + agree[0].recipients
    # one entity per person, each on the noun's own span: the ledger keeps where the text said it
    refs = on_word(doc, "men")
    assert len(refs) == 2 and {r.label for r in refs} == {"DESC"}
    assert {doc._.actors[r.actor].name.split()[-1] for r in refs} == {"Merkel", "Macron"}
    start = doc.text.index("the two men") + len("the two ")
    assert {(r.start, r.end) for r in refs} == {(start, start + 3)}


def test_a_reference_resolves_through_an_earlier_one_across_paragraphs(nlp):
    doc = analyse(nlp, "Angela Merkel met Emmanuel Macron in Paris on Tuesday.\n\n"
                       "The French presidency released a short account. It said the two leaders agreed to "
                       "coordinate their gas purchases.\n\n"
                       "According to that account, the leaders also discussed the war in Ukraine.")
    assert len(on_word(doc, "leaders")) == 4  # "the two leaders" and "the leaders", two persons each
    assert {doc._.actors[r.actor].name.split()[-1] for r in on_word(doc, "leaders")} == {"Merkel", "Macron"}


def test_a_reference_in_the_same_sentence_as_the_names(nlp):
    doc = analyse(nlp, "Joe Biden spoke with Boris Johnson on Sunday, the first call between the two men "
                       "since the election.")
    assert {doc._.actors[r.actor].name.split()[-1] for r in on_word(doc, "men")} == {"Biden", "Johnson"}


# --- what stays unresolved ---------------------------------------------------------------------------

def test_the_two_men_with_one_person_before_them_stay_unresolved_and_out_of_view(nlp):
    doc = analyse(nlp, "Mayor Jane Holloway spoke to reporters on Friday. She said the two men agreed to meet "
                       "again next week.")
    assert all(r.label != "DESC" for r in on_word(doc, "men"))
    assert coded(doc, "AGREE") and not shown(doc, "AGREE")  # kept in the ledger, below the default view
    assert all("x:men" not in e.actors for e in doc._.events)


def test_the_men_after_a_plural_group_are_not_the_people_named_before_it(nlp):
    doc = analyse(nlp, "Mayor Tom Reyes and Governor Ana Cruz said two teenagers had been detained near the "
                       "stadium. The two men agreed to help investigators.")
    assert all(r.label != "DESC" for r in on_word(doc, "men"))


def test_narrowed_plurals_are_no_references(nlp):
    doc = analyse(nlp, "Angela Merkel and Emmanuel Macron met on Monday. The Conservative leaders criticised the "
                       "meeting, and the two men who had organised it resigned.")
    assert all(r.label != "DESC" for r in on_word(doc, "men") + on_word(doc, "leaders"))


def test_an_indefinite_plural_brings_in_new_people(nlp):
    doc = analyse(nlp, "Angela Merkel and Emmanuel Macron met on Monday. Two men attacked a security guard "
                       "outside the venue.")
    assert all(r.label != "DESC" for r in on_word(doc, "men"))


def test_men_without_a_number_need_one(nlp):
    # "the men" could be any two of the three people just named
    doc = analyse(nlp, "On Friday John Carver shot Peter Nolan and Sam Ortiz outside a bar. The men were "
                       "taken to a hospital.")
    assert all(r.label != "DESC" for r in on_word(doc, "men"))


# --- generic plurals are no party -------------------------------------------------------------------

def test_leaders_alone_are_no_party(nlp):
    doc = analyse(nlp, "Leaders agreed on Tuesday to cut emissions by half.")
    assert coded(doc, "AGREE") and not shown(doc, "AGREE")


def test_an_indefinite_pair_of_attackers_leaves_the_assault_without_a_doer(nlp):
    doc = analyse(nlp, "Two men attacked a security guard outside a bank in Leeds on Friday.")
    assaults = shown(doc, "ASSAULT")  # a happening: shown, its doer unknown
    assert assaults and assaults[0].actors == []
    assert any("guard" in n for n in names(doc, assaults[0].recipients))


def test_a_crowd_with_its_count_is_still_the_protest(nlp):
    doc = analyse(nlp, "More than three thousand people marched through Lyon on Saturday against the "
                       "pension reform.")
    protests = shown(doc, "PROTEST")
    assert protests and protests[0].actors


def test_narrowed_leaders_are_still_a_party(nlp):
    doc = analyse(nlp, "Opposition leaders accused the government of hiding the budget deficit.")
    accusations = shown(doc, "ACCUSE")
    assert accusations and accusations[0].actors


# --- a joint saying is credited to no single person -------------------------------------------------

def test_the_two_leaders_said_is_no_quote_of_one_of_them(nlp):
    doc = analyse(nlp, "Angela Merkel and Emmanuel Macron met in Berlin on Monday. The two leaders said that "
                       "the gas pipeline would be finished by winter.")
    joint = [q for q in doc._.quotes if q.source is not None and "leaders" in q.source.text]
    assert joint and all(q.speaker is None for q in joint)
    assert len(on_word(doc, "leaders")) == 2  # the events component still reads both


# --- a body's property stands for the body ----------------------------------------------------------

def test_hacked_party_computers_target_the_party(nlp):
    doc = analyse(nlp, "Prosecutors said the group was charged with hacking Democratic Party computers "
                       "in 2016.")
    hacks = [e for e in doc._.events if e.type == "COERCE" and e.mode == "cyber"]
    assert hacks, [(e.type, e.mode) for e in doc._.events]
    assert names(doc, hacks[0].recipients) == {"Democratic Party"}
