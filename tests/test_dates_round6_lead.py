"""Days the parser's entity labels hid, and the day of a reason told in the past perfect (round 6, lead).

Short reports written for these tests, run through the real pipeline."""
import datetime as dt

import pytest

from newsledger.nlp.pipeline import build_pipeline, make_doc


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _events(nlp, text, published):
    doc = nlp(make_doc(nlp, text, published=published))
    return {e.trigger.text: e for e in doc._.events}


def test_a_holiday_the_parser_calls_an_event_still_dates_the_shooting(nlp):
    text = ("A man was shot and killed at a house party in Laurel.\n\n"
            "Police said the shooting happened just before midnight on New Years Eve on Main Street.")
    found = _events(nlp, text, dt.date(2017, 1, 4))
    assert found["shot"].date == "2016-12-31"
    assert found["shooting"].date == "2016-12-31"  # the clock time takes the day written right after it


def test_a_day_naming_a_thing_still_dates_nothing(nlp):
    text = "Police arrested a man on Tuesday. Friday's indictment named two other suspects."
    found = _events(nlp, text, dt.date(2020, 5, 9))
    assert found["arrested"].date == "2020-05-05"


def test_a_reason_told_in_the_past_perfect_is_not_dated_by_the_call_it_explains(nlp):
    text = ("On Friday, Prime Minister Mark Rutte telephoned President Joe Biden to thank him, because American "
            "intelligence had warned the Dutch police about a planned attack in Utrecht.")
    found = _events(nlp, text, dt.date(2022, 4, 9))
    assert found["telephoned"].date == "2022-04-08"
    assert found["warned"].date is None


def test_a_simple_past_reason_keeps_the_day_of_its_sentence(nlp):
    text = "A man was arrested on Friday because he fired at officers outside a bar in Dayton."
    found = _events(nlp, text, dt.date(2022, 4, 9))
    assert found["arrested"].date == "2022-04-08"
