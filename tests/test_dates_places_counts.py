"""Event dates, places and counts read from the text, with the real spaCy model and our components."""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.nlp.counts import read_counts, totals
from newsledger.nlp.pipeline import build_pipeline, make_doc

WEDNESDAY = dt.date(2017, 3, 30)  # a Thursday: the report of a Wednesday-night shooting


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def events(nlp, text: str, published: dt.date | None = WEDNESDAY):
    return nlp(make_doc(nlp, text, published=published))._.events


def harm(evs, trigger: str):
    found = [e for e in evs if e.trigger.text == trigger]
    assert found, f"no mention on {trigger!r} in {[(e.type, e.trigger.text) for e in evs]}"
    return found[0]


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize("text, day", [
    ("A man was shot and killed at 11:40 p.m. Wednesday outside a bar on Main Street.", "2017-03-29"),
    ("A teenager was shot early Sunday near the river park.", "2017-03-26"),
    ("Two men were wounded late Friday night in a parking lot.", "2017-03-24"),
])
def test_a_time_of_day_dates_the_event_on_its_day(nlp, text, day):
    ev = next(e for e in events(nlp, text) if e.type == "ASSAULT")
    assert (ev.date, ev.date_source, ev.date_precision) == (day, "time", "day")
    assert ev.time is not None and text[ev.time.start:ev.time.end] == ev.time.text


def test_a_lead_without_a_time_takes_the_day_the_story_goes_on_to_tell(nlp):
    text = ("A 9-year-old boy was shot and wounded while playing outside his home, police said.\n\n"
            "At 5:45 p.m. Wednesday, the boy was standing on the porch when a car drove by and someone fired.")
    ev = harm(events(nlp, text), "shot")
    assert ev.date == "2017-03-29" and ev.date_source == "discourse"
    assert ev.time.text == "At 5:45 p.m. Wednesday"


def test_a_clause_governed_by_a_dated_one_shares_its_day(nlp):
    ev = next(e for e in events(nlp, "A boy died late Wednesday after he was hit by gunfire in his home.")
              if e.type == "ASSAULT")
    assert ev.date == "2017-03-29"


def test_a_clock_time_alone_takes_the_day_being_told_not_the_publication_day(nlp):
    text = ("Police said a woman was killed Wednesday in a shooting on Elm Street.\n\n"
            "She was shot about 9 p.m. in front of her house.")
    evs = [e for e in events(nlp, text) if e.type == "ASSAULT" and e.time is not None]
    clock = [e for e in evs if e.time.text.startswith("about 9")]
    assert clock and clock[0].date == "2017-03-29"


def test_the_day_of_an_arrest_is_not_the_day_of_the_shooting_it_is_about(nlp):
    text = ("A man was arrested Thursday in connection with the shooting of a taxi driver.\n\n"
            "The driver was shot Sunday night on Oak Avenue.")
    shooting = harm(events(nlp, text), "shooting")
    assert shooting.date != "2017-03-30"


# --- places ----------------------------------------------------------------------------


def test_a_neighbourhood_keeps_its_city(nlp):
    text = ("CHICAGO — A 17-year-old was shot Tuesday evening in Englewood, police said.\n\n"
            "The shooting happened in the Englewood neighborhood on the city's South Side.")
    ev = harm(events(nlp, text), "shot")
    assert ev.location == "Englewood, Chicago"


def test_a_shooting_without_a_place_in_its_sentence_takes_the_report_s_city(nlp):
    text = "LANSING, Mich. — A woman was shot Monday night, police said.\n\nShe is in stable condition."
    ev = harm(events(nlp, text), "shot")
    assert ev.location == "Lansing" and ev.location_span is not None
    assert text[ev.location_span.start:ev.location_span.end] == "LANSING"


def test_where_someone_lives_is_not_where_it_happened(nlp):
    text = "A Woodville man was shot in the chest at a hunting camp, deputies said."
    ev = harm(events(nlp, text), "shot")
    assert ev.location != "Woodville"


# --- counts ----------------------------------------------------------------------------


def _totals(text: str) -> dict[str, float]:
    return {k: c.value for k, c in totals(read_counts(text)).items()}


def test_injuring_nine_before_he_was_shot_and_killed_is_nine_injured_and_one_killed():
    text = "The gunman fired into the crowded bar, injuring nine people before he was shot and killed by officers."
    assert _totals(text) == {"injured": 9, "killed": 1}


def test_victims_still_being_treated_are_not_a_death_count():
    assert _totals("Two victims are still being treated at the county hospital.") == {}


def test_a_part_of_a_group_is_not_the_total():
    assert _totals("Five people were injured, including two civilians who were hurt by flying glass.") == {"injured": 5}
    assert _totals("Two civilians were injured and six people were hurt in all.") == {"injured": 6}


def test_counts_keep_their_spans_and_ages_are_not_counts():
    text = "James Reed, 15, was shot and killed, and four others were wounded."
    counts = read_counts(text, offset=100)
    assert {(c.kind, c.value) for c in counts} == {("injured", 4)}
    wounded = next(c for c in counts if c.kind == "injured")
    assert text[wounded.start - 100:wounded.end - 100] == "four"


def test_a_toll_and_nobody_else_hurt():
    assert _totals("The blast brought the death toll to 14.") == {"killed": 14}
    assert _totals("No one else was hurt.") == {"injured": 0}


def test_counts_are_given_to_the_act_of_their_sentence(nlp):
    text = ("A gunman opened fire at a nightclub early Sunday, killing two people and wounding 15.\n\n"
            "In 2012, a shooting at the same club killed three people.")
    evs = events(nlp, text)
    counted = {(c.kind, c.value) for e in evs for c in e.counts if e.date == "2017-03-26"}
    assert counted == {("killed", 2), ("injured", 15)}
