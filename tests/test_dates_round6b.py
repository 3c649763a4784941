"""The last misdated acts on GVC (issue 9, round 6b): a clock time's day, a thing's day.

Short reports written for these tests, run through the real pipeline."""
import datetime as dt

import pytest

from newsledger.nlp.pipeline import build_pipeline, make_doc


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _events(nlp, text, published):
    doc = nlp(make_doc(nlp, text, published=published))
    return [(e.trigger.text, e.date) for e in doc._.events]


ARREST_REPORT = (
    "Police arrested two men on Wednesday in the Oct. 2 shooting of a boy on Elm Street in Dover.\n\n"
    "Officers also recovered a rifle. A man used the same rifle recovered Wednesday in an earlier robbery, "
    "police said.\n\n"
    "One of the men was arraigned Wednesday afternoon in Superior Court on a charge of assault.\n\n"
    "The boy was shot in the leg just before 5 p.m. in his front yard.")


def test_a_clock_time_after_a_court_day_takes_the_day_of_the_shooting_the_report_states(nlp):
    found = _events(nlp, ARREST_REPORT, dt.date(2016, 10, 19))
    shot = [d for t, d in found if t == "shot"]
    assert shot == ["2016-10-02"]  # not Wednesday 10-19, the day of the arraignment told in the paragraph before


def test_a_clock_time_in_the_paragraph_of_its_day_still_takes_that_day(nlp):
    text = ("Two men were arrested Friday in Dover.\n\n"
            "On Tuesday, a woman was shot in the arm at 9 p.m. near a park.")
    found = _events(nlp, text, dt.date(2016, 10, 22))
    assert ("shot", "2016-10-18") in found


UPDATED_PAGE = (
    "A man was shot and killed early Sunday outside a bar on Main Street in Dover.\n\n"
    "Crowds were leaving the bars at the time.\n\n"
    "The victim was a 30-year-old nurse from Camden. She had come to Dover to see her sister.\n\n"
    "Two other men were taken to a hospital. Another man who was hurt declined medical treatment.\n\n"
    "Police issued a warrant Sunday night for a suspect.\n\n"
    "Officers were still looking for him Monday morning.")


def test_a_weekday_of_the_morning_after_does_not_date_the_acts_of_the_shooting_night(nlp):
    found = dict(_events(nlp, UPDATED_PAGE, dt.date(2016, 7, 31)))
    assert found["shot"] == "2016-07-31"
    assert found["declined"] == "2016-07-31"  # not "Monday morning", read as the Monday before the page's day


def test_a_clock_time_keeps_an_earlier_day_told_before_it_in_a_roundup(nlp):
    text = ("Two people were killed in shootings across the city since Friday evening.\n\n"
            "The latest shooting happened Saturday afternoon on the North Side.\n\n"
            "Friday night, a man was killed in a drive-by shooting in Austin.\n\n"
            "A second man was shot in the head at 8:13 p.m. on the same block.")
    found = _events(nlp, text, dt.date(2014, 7, 12))
    assert ("shot", "2014-07-11") in found  # Friday night's shooting, not the lead's Saturday


def test_a_weekday_a_week_back_on_which_the_report_states_the_shooting_keeps_its_week(nlp):
    text = ("A teen who shot a boy believed he had found a burglar, his lawyer said Monday.\n\n"
            "The lawyer spoke to reporters Monday at his office in Dover.\n\n"
            "The boy was wounded near his home. He is now at home with his family.\n\n"
            "The teen shot the boy three times Tuesday afternoon, police said.\n\n"
            "Officers who arrived a few minutes later detained the teen.")
    found = dict(_events(nlp, text, dt.date(2017, 3, 6)))
    assert found["detained"] == "2017-02-28"  # the Tuesday of the shooting, not the report's Monday


def test_a_weekday_a_week_back_told_as_the_day_it_happened_keeps_its_week(nlp):
    text = ("A teen who shot a boy believed he had found a burglar, his lawyer said Monday.\n\n"
            "The boy's family held a news conference Monday at a church in Dover.\n\n"
            "The boy was wounded near his home. He is now at home with his family.\n\n"
            "The chaos unfolded Tuesday afternoon on a quiet street.\n\n"
            "Officers who arrived a few minutes later detained the teen.")
    found = dict(_events(nlp, text, dt.date(2017, 3, 6)))
    assert found["detained"] == "2017-02-28"  # the Tuesday it happened, not the report's Monday
