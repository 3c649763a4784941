"""Recaps told over a paragraph, and days that belong to another act's noun phrase (round 6, issue 9).

Short reports written for these tests, run through the real pipeline (the real
spaCy model and our components). They reproduce the reader's patterns on the
GVC pile: last summer's shooting and its arrests shown as today's, an old
conviction dated on the shooting's day, a shooting dated on the day a gun was
given or found.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.nlp.pipeline import build_pipeline, make_doc


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def events(nlp, text: str, published: dt.date):
    return nlp(make_doc(nlp, text, published=published))._.events


def by_trigger(evs, word: str, nth: int = 0):
    found = [e for e in evs if e.trigger.text == word]
    assert len(found) > nth, [(e.trigger.text, e.type) for e in evs]
    return found[nth]


LEAD = ("Two men opened fire on a house party early Sunday in Bridgeport, wounding 13 people, police said.\n\n"
        "Police have not named a suspect.\n\n")


def test_a_recap_paragraph_governs_its_later_sentences(nlp):
    text = LEAD + ("Last summer, one man was killed and eight people were injured when gunmen opened fire "
                   "outside a housing complex in the city. Among the injured was a woman at her window. "
                   "Two men were arrested.\n\n")
    evs = events(nlp, text, dt.date(2016, 8, 22))
    assert by_trigger(evs, "wounding").date == "2016-08-21"
    arrested = by_trigger(evs, "arrested")
    assert arrested.type == "COERCE"
    assert arrested.modality == "recap"
    assert arrested.date == "2015"
    killed = by_trigger(evs, "killed")
    assert killed.modality == "recap" and killed.date == "2015"
    injured = [e for e in evs if e.trigger.text == "injured" and e.type == "ASSAULT"]
    assert injured and all(e.modality == "recap" for e in injured)


def test_an_act_told_as_later_than_the_frame_is_a_recap_without_its_day(nlp):
    text = LEAD + ("In January, a teen shot and killed his friend while his father was out. "
                   "The father was ultimately convicted of child abuse.\n\n")
    evs = events(nlp, text, dt.date(2016, 8, 22))
    convicted = by_trigger(evs, "convicted")
    assert convicted.modality == "recap"
    assert convicted.date is None


def test_a_years_ago_frame_dates_the_arrest_after_it(nlp):
    text = LEAD + "Two years ago, a teenager was shot at the same corner. Police arrested a suspect.\n\n"
    evs = events(nlp, text, dt.date(2016, 8, 22))
    arrested = by_trigger(evs, "arrested")
    assert arrested.modality == "recap"
    assert arrested.date == "2014"


def test_the_frame_ends_at_a_new_time(nlp):
    text = LEAD + ("Last summer, a man was killed outside the same complex. On Monday, police arrested "
                   "two men in the house party shooting.\n\n")
    evs = events(nlp, text, dt.date(2016, 8, 23))
    arrested = by_trigger(evs, "arrested")
    assert arrested.modality == "asserted"
    assert arrested.date == "2016-08-22"


def test_the_frame_ends_at_the_paragraph(nlp):
    text = LEAD + ("Last summer, a man was killed outside the same complex.\n\n"
                   "Officers arrested a man at the scene of the party.\n\n")
    evs = events(nlp, text, dt.date(2016, 8, 22))
    arrested = by_trigger(evs, "arrested")
    assert arrested.modality == "asserted"
    assert arrested.date == "2016-08-21"


def test_an_old_conviction_told_in_the_perfect_after_a_recap_is_background(nlp):
    text = ("A man shot his girlfriend and five other people early Monday in Sanford, police said.\n\n"
            "In 2012, a jury convicted him of punching a former girlfriend in the face.\n\n"
            "He also has been convicted on drug and gun charges.\n\n")
    evs = events(nlp, text, dt.date(2017, 3, 27))
    first, second = [e for e in evs if e.trigger.text == "convicted"]
    assert first.modality == "recap" and first.date == "2012"
    assert second.modality == "recap"
    assert second.date is None


def test_news_told_in_the_perfect_stays_the_reports_own(nlp):
    text = ("A woman was shot and killed Saturday night outside a bar in Dayton, police said.\n\n"
            "A man has been arrested in the shooting, police said.\n\n")
    evs = events(nlp, text, dt.date(2016, 5, 2))
    arrested = by_trigger(evs, "arrested")
    assert arrested.modality == "asserted"
    assert arrested.date is not None and arrested.date.startswith("2016-")


def test_a_day_in_a_clause_on_a_gun_does_not_date_the_shooting(nlp):
    text = ("A 6-year-old girl was killed Tuesday when her cousin's new shotgun went off in Pinetown, "
            "deputies said.\n\n"
            "The boy was showing the girls a shotgun he got for Christmas when the gun went off and killed her.\n\n")
    evs = events(nlp, text, dt.date(2017, 1, 4))
    killed = [e for e in evs if e.trigger.text == "killed"]
    assert len(killed) == 2
    assert all(e.date == "2017-01-03" for e in killed), [(e.date, e.time) for e in killed]


def test_the_day_a_gun_was_recovered_is_not_the_day_of_the_shooting(nlp):
    text = ("A 10-year-old girl was shot inside her home on Nov. 6 in Hartford, police said.\n\n"
            "Fluker allegedly used the same Glock recovered Wednesday in that shooting, according to police.\n\n")
    evs = events(nlp, text, dt.date(2016, 11, 23))
    shooting = by_trigger(evs, "shooting")
    assert shooting.type == "ASSAULT"
    assert shooting.date != "2016-11-23"


def test_a_day_in_a_clause_on_a_person_still_dates_that_persons_act(nlp):
    text = "The man who was shot Sunday night outside a store has died, police said. His killing is the city's 30th.\n\n"
    evs = events(nlp, text, dt.date(2016, 5, 3))
    assert by_trigger(evs, "shot").date == "2016-05-01"


def test_last_weeks_other_shooting_after_the_lead_is_a_recap(nlp):
    text = ("A man was killed and another wounded early this morning in East Baltimore, police said.\n\n"
            "The double shooting took place around 2:30 a.m. in the 1800 block of East Lanvale Street.\n\n"
            "Police have not released the victims' names.\n\n"
            "Last week, the mayor led a safety walk near a quadruple shooting that left a teenager dead.\n\n")
    evs = events(nlp, text, dt.date(2013, 7, 10))
    quadruple = by_trigger(evs, "shooting", 1)
    assert quadruple.modality == "recap"
    assert quadruple.date != "2013-07-10"
    assert by_trigger(evs, "killed").modality == "asserted"


def test_a_season_not_yet_over_is_not_a_recap(nlp):
    text = "A man was shot on Elm Street early Sunday. This summer, three people were shot on the same block.\n\n"
    evs = events(nlp, text, dt.date(2016, 8, 22))
    assert all(e.modality != "recap" for e in evs if e.type == "ASSAULT")
