"""Killed and injured counts, round 5: the phrasings local reports use, and whose count a sentence gives.

Texts are written for these tests; the events are coded by the real pipeline (spaCy model and our components).
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.evaluate.incidents import count_miss_kind
from newsledger.nlp.counts import Count, read_counts, totals
from newsledger.nlp.pipeline import build_pipeline, make_doc

SATURDAY = dt.date(2016, 7, 2)


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _totals(text: str) -> dict[str, float]:
    return {k: c.value for k, c in totals(read_counts(text)).items()}


def _event_totals(nlp, text: str, trigger: str) -> dict[str, float]:
    evs = nlp(make_doc(nlp, text, published=SATURDAY))._.events
    found = [e for e in evs if e.trigger.text == trigger]
    assert found, f"no mention on {trigger!r} in {[(e.type, e.trigger.text) for e in evs]}"
    return {k: c.value for k, c in totals(found[0].counts).items()}


# --- those shot: the wounded are the shot less the dead ----------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Five people were shot after a fight broke out at a backyard party.", {"injured": 5}),
    ("Twelve people were shot, one fatally, outside the bowling alley.", {"killed": 1, "injured": 11}),
    ("A 16-year-old was shot in the arm near the skate park.", {"injured": 1}),
    ("A man was killed and two others were shot outside the diner.", {"killed": 1, "injured": 2}),
    ("Gunmen shot three people dead at the car wash.", {"killed": 3}),
])
def test_the_wounded_are_those_shot_less_those_killed(text, expected):
    assert _totals(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("A shooting outside the arena sent three teens to the hospital late Friday.", {"injured": 3}),
    ("The crash left one deputy dead and another injured.", {"killed": 1, "injured": 1}),
    ("A 6-year-old accidentally shot himself in the foot with his uncle's pistol.", {"injured": 1}),
    ("Three people were found shot to death in the apartment.", {"killed": 3}),
])
def test_the_wounded_and_the_dead_in_other_words(text, expected):
    assert _totals(text) == expected


def test_a_number_that_counts_nothing_does_not_hide_the_next_one():
    # "one of" is no count; the scan must still try "five"
    assert _totals("Reyes was one of five people injured when the brawl turned into a shootout.") == {"injured": 5}
    assert _totals("The gunfire killed two people and hospitalized three more.") == {"killed": 2, "injured": 3}
    assert _totals("One juvenile was killed near the basketball court.") == {"killed": 1}


def test_shots_fired_at_someone_or_bullets_counted_are_no_victims():
    assert _totals("Two deputies were shot at during the chase but were not hit.") == {}
    assert _totals("The clerk was shot 12 times.") == {"injured": 1}


def test_a_report_telling_a_death_it_cannot_count_gives_no_wounded_from_those_shot(nlp):
    text = ("A 30-year-old man was shot Friday night on Cedar Avenue, police said.\n\n"
            "The medical examiner ruled his death a homicide.")
    assert _event_totals(nlp, text, "shot") == {}


# --- one person, in the words local reports use -----------------------------------------


@pytest.mark.parametrize("text", [
    "Dana Whitlock, 34, of Millbrook, was fatally shot Tuesday evening.",
    "Corey Banks, a 19-year-old student at the community college, died at the scene.",
    "Fourteen-year-old Marcus Lee was killed on the porch of his home.",
    "He was pronounced dead at the hospital.",
    "A 7-year-old girl struck by a stray bullet on Tuesday during a birthday party has died, police said.",
    "Police are investigating a shooting that left a teen dead.",
    "The rifle went off, striking Harlan in the chest and killing him.",
    "A woman who was wounded in a drive-by shooting on Sunday has died.",
    "Rosa Delgado died at County General after the shooting.",
    "A man found dead behind the laundromat had been shot, police said.",
    "The bullet struck Kyle in the neck, killing him, and grazed his brother's arm.",
    "Officer Dan Ruiz was shot and killed during a traffic stop.",
    "The round went through the wall, striking Devlin, who was killed instantly.",
])
def test_one_person_killed(text):
    assert _totals(text) == {"killed": 1}


def test_two_groups_joined_by_and_count_together():
    assert _totals("Two bystanders and one deputy were killed in the exchange of fire.") == {"killed": 3}
    assert _totals("A man and a woman were wounded by the gunfire.") == {"injured": 2}


def test_one_object_of_several_is_no_count_of_one():
    assert _totals("He shot and killed a neighbor and her two sons.") == {}
    assert _totals("The attack left a father and a grandmother dead.") == {}


def test_a_count_over_several_shootings_belongs_to_none_of_them(nlp):
    text = ("A man was shot and wounded Tuesday night on Pine Street, police said.\n\n"
            "Late Tuesday, at least six people were killed and 14 wounded in shootings across the county.")
    evs = nlp(make_doc(nlp, text, published=SATURDAY))._.events
    assert not [c for e in evs for c in e.counts if c.value > 1]


def test_those_shot_who_are_counted_dead_are_no_wounded(nlp):
    text = ("A 16-year-old girl was killed Friday after she was shot on Oak Street, police said.\n\n"
            "Tamara Wells, 16, died after she was shot several times near her grandmother's house.")
    evs = nlp(make_doc(nlp, text, published=SATURDAY))._.events
    counted = [c for e in evs for c in e.counts]
    assert ("killed", 1) in {(c.kind, c.value) for c in counted}
    assert "injured" not in totals(counted)
    # as many dead as shot: the shot counts go, whichever act each count was given to
    assert not [c for c in counted if c.kind == "shot"]


def test_a_list_of_named_victims_of_separate_shootings_is_no_count():
    text = "Last month 4-year-old Ana Ruiz, 9-year-old Ben Cole and 6-year-old Tia Moss were killed in separate shootings."
    assert _totals(text) == {}


def test_a_count_of_someone_beats_none_said_of_something_else():
    none, part = Count("injured", 0.0, 0, 15, "No one was hurt"), Count("injured", 2.0, 40, 43, "two", part=True)
    assert totals([none, part]) == {}  # a part of someone wounded: "none" was said of something else
    assert _totals("No one was hurt by the explosion. Her two young boys were wounded by the gunfire.") == {"injured": 2}


# --- whose count: someone already told of ------------------------------------------------


def test_he_later_died_is_the_death_of_the_one_shot_before(nlp):
    text = ("A 17-year-old was shot Saturday night on Elm Street, police said.\n\n"
            "Officers found him lying in the driveway.\n\n"
            "He died Sunday morning at Mercy Hospital.")
    assert _event_totals(nlp, text, "shot") == {"killed": 1}


def test_a_sentence_with_its_own_time_and_no_one_told_of_keeps_its_count_apart(nlp):
    text = ("A man was shot and wounded Saturday night on Elm Street, police said.\n\n"
            "In 2011, three people were killed in a robbery at the same corner.")
    assert _event_totals(nlp, text, "shot") == {"injured": 1}


# --- the eval's kinds of miss ------------------------------------------------------------


def test_count_miss_kinds():
    one = Count("killed", 1.0, 0, 2, "he")
    two = Count("killed", 2.0, 10, 13, "two")
    assert count_miss_kind(1, 1.0, [one], [], [one]) is None
    assert count_miss_kind(0, None, [], [], []) is None
    assert count_miss_kind(2, None, [], [], []) == "not_read"
    assert count_miss_kind(2, None, [], [], [two]) == "unattached"
    assert count_miss_kind(2, None, [], [two], [two]) == "other_mention"
    assert count_miss_kind(2, 1.0, [one], [], [one]) == "wrong_value"
    assert count_miss_kind(0, 1.0, [one], [], [one]) == "overcount"
