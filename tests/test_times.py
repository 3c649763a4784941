"""Time expressions: extraction, TIMEX3 values, direction from tense, undated-article frames, TE3 scoring."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsledger.evaluate.timeml import Gold, score
from newsledger.model import RoleClaim, Timex
from newsledger.nlp.pipeline import build_pipeline, make_doc
from newsledger.nlp.times import normalise, resolve_times

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
TRUMP_TERMS = [(dt.date(2017, 1, 20), dt.date(2021, 1, 20)), (dt.date(2025, 1, 20), None)]


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(["newsledger_times"])


def run(nlp, text: str, published: dt.date | None = None, claims: list[RoleClaim] | None = None):
    doc = make_doc(nlp, text, published=published)
    doc._.role_claims = claims
    return nlp(doc)


def find(doc, text: str) -> Timex:
    hits = [t for t in doc._.times if t.text == text]
    assert hits, f"{text!r} not found in {[t.text for t in doc._.times]}"
    return hits[0]


def president_claims(text: str, name: str = "President Trump") -> list[RoleClaim]:
    start = text.index(name)
    return [RoleClaim(start, start + len(name), "Q22686", "President", TRUMP_TERMS)]


def test_weekday_on_publication_day(nlp):
    doc = run(nlp, "The two ministers spoke by telephone on Saturday about grain exports.", dt.date(2017, 1, 28))
    assert find(doc, "Saturday").value == "2017-01-28"


def test_weekday_with_month_day(nlp):
    doc = run(nlp, "Officials confirmed the call took place on Sunday, Dec. 29, after weeks of talks.", dt.date(2019, 12, 30))
    assert find(doc, "Sunday, Dec. 29").value == "2019-12-29"


def test_next_month_crosses_year(nlp):
    doc = run(nlp, "The festival organisers hope the guest will come next May.", dt.date(2019, 12, 20))
    assert find(doc, "next May").value == "2020-05"


def test_past_tense_month_is_the_one_just_gone(nlp):
    doc = run(nlp, "The mayor received the letter in June and answered it quickly.", dt.date(2019, 12, 20))
    assert find(doc, "June").value == "2019-06"


def test_years(nlp):
    doc = run(nlp, "The dam was finished in 2017, three years after the floods of 2014.", dt.date(2019, 12, 20))
    assert find(doc, "2017").value == "2017"
    assert find(doc, "2014").value == "2014"
    assert find(doc, "three years").value == "P3Y"


def test_spelled_out_count_is_not_a_year(nlp):
    doc = run(nlp, "More than two thousand people marched to the harbour, and two thousand volunteers joined later.",
              dt.date(2018, 7, 15))
    assert [t.text for t in doc._.times if t.value == "2000"] == []


def test_a_hundred_block_address_is_not_a_year(nlp):
    doc = run(nlp, "A boy was shot on the 2000 block of Pine Road, and his cousin lived in the 1900 blk of Oak Street.",
              dt.date(2015, 12, 5))
    assert [t.text for t in doc._.times if t.value in ("2000", "1900")] == []
    doc = run(nlp, "The library opened in 2000, blocks away from the river.", dt.date(2015, 12, 5))
    assert find(doc, "2000").value == "2000"


def test_spelled_out_year_is_still_a_year(nlp):
    doc = run(nlp, "The bridge opened in the year two thousand and the tunnel in nineteen ninety-six.", dt.date(2018, 7, 15))
    assert find(doc, "the year two thousand").value == "2000"
    assert find(doc, "nineteen ninety-six").value == "1996"


def test_last_week_is_an_iso_week(nlp):
    doc = run(nlp, "The board met last week to discuss the budget.", dt.date(2019, 12, 27))
    timex = find(doc, "last week")
    assert (timex.type, timex.value) == ("DATE", "2019-W51")


def test_earlier_today_is_the_anchor(nlp):
    doc = run(nlp, "Earlier today, the minister phoned her counterpart in Rome.", dt.date(2017, 1, 28))
    assert find(doc, "Earlier today").value == "2017-01-28"


def test_now_is_present_ref(nlp):
    doc = run(nlp, "The bridge is now open to lorries.", dt.date(2017, 1, 28))
    assert find(doc, "now").value == "PRESENT_REF"


def test_early_month(nlp):
    doc = run(nlp, "Snow closed the pass in early December.", dt.date(2019, 12, 30))
    assert find(doc, "early December").value == "2019-12"


def test_last_june(nlp):
    doc = run(nlp, "Prices rose sharply last June.", dt.date(2020, 3, 2))
    assert find(doc, "last June").value == "2019-06"


def test_duration_and_set(nlp):
    doc = run(nlp, "The club has met every week for three years.", dt.date(2020, 3, 2))
    every = find(doc, "every week")
    assert (every.type, every.value) == ("SET", "P1W")
    span = find(doc, "three years")
    assert (span.type, span.value) == ("DURATION", "P3Y")


def test_new_year_holiday(nlp):
    doc = run(nlp, "Crowds are expected in the square over the New Year.", dt.date(2019, 12, 29))
    assert find(doc, "the New Year").value in ("2020-01-01", None)


def test_direction_from_tense(nlp):
    published = dt.date(2019, 12, 25)  # a Wednesday
    future = run(nlp, "The envoys will meet on Friday in Vienna.", published)
    past = run(nlp, "The envoys met on Friday in Vienna.", published)
    assert find(future, "Friday").value == "2019-12-27"
    assert find(past, "Friday").value == "2019-12-20"


def test_month_day_without_year_uses_the_anchor_year(nlp):
    doc = run(nlp, "Trading resumed on March 3.", dt.date(2021, 3, 10))
    assert find(doc, "March 3").value == "2021-03-03"


def test_undated_article_frame_from_weekdays_and_roles(nlp):
    text = (
        "President Trump spoke with the Danish prime minister on Thursday, Dec. 19, "
        "and with the Italian premier on Sunday, Dec. 29. He first visited Italy in 2017. "
        "The two will meet again next May."
    )
    doc = run(nlp, text, None, president_claims(text))
    frame = doc._.time_frame
    assert frame.confidence == "inferred"
    assert frame.date == dt.date(2019, 12, 29)
    assert any("role claim" in e for e in frame.evidence)
    assert find(doc, "Thursday, Dec. 19").value == "2019-12-19"
    assert find(doc, "next May").value == "2020-05"


def test_undated_article_without_evidence_leaves_values_open(nlp):
    text = "The leaders spoke on Sunday, Dec. 29. They will meet again next May."
    doc = run(nlp, text)
    assert doc._.time_frame.date is None
    assert doc._.time_frame.confidence == "none"
    may = find(doc, "next May")
    assert (may.type, may.value) == ("DATE", None)
    assert find(doc, "Sunday, Dec. 29").value is None


def test_resolve_times_with_outside_anchor(nlp):
    doc = run(nlp, "The leaders spoke on Saturday and will meet next month.")
    assert find(doc, "Saturday").value is None
    times = {t.text: t for t in resolve_times(doc, dt.date(2017, 1, 30))}
    assert times["Saturday"].value == "2017-01-28"
    assert times["next month"].value == "2017-02"
    assert times["Saturday"].anchor == "2017-01-30"


def test_normalise_alone():
    assert normalise("last June", dt.date(2019, 12, 20)) == ("DATE", "2019-06")
    assert normalise("in June", dt.date(2019, 12, 20), tense="past") == ("DATE", "2019-06")
    assert normalise("in October", dt.date(2019, 3, 20), tense="future") == ("DATE", "2019-10")
    assert normalise("daily", None) == ("SET", "P1D")
    assert normalise("no date here", dt.date(2019, 1, 1)) == (None, None)


def test_te3_scorer_on_hand_made_lists():
    gold = [[Gold(0, 6, "DATE", "2019-12-29"), Gold(10, 19, "DATE", "2020-05"), Gold(30, 41, "DURATION", "P3Y")]]
    pred = [[Gold(0, 6, "DATE", "2019-12-29"), Gold(14, 19, "DATE", "2021-05"), Gold(50, 55, "DATE", "2014")]]
    result = score(gold, pred)
    assert result["strict"]["P"] == pytest.approx(100 / 3)
    assert result["relaxed"]["F1"] == pytest.approx(100 * 2 / 3)
    assert result["value_accuracy"] == pytest.approx(50.0)
    assert result["value_F1"] == pytest.approx(100 * 2 / 3 * 0.5)
    assert result["type_F1"] == pytest.approx(100 * 2 / 3)


@pytest.fixture(scope="module")
def seed_text():
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not available")

    def read(prefix: str) -> str:
        return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")

    return read


def test_seed_000_undated_call(nlp, seed_text):
    text = seed_text("000")
    doc = run(nlp, text, None, president_claims(text))
    assert doc._.time_frame.date in (dt.date(2019, 12, 29), dt.date(2019, 12, 30), dt.date(2019, 12, 31))
    values = {t.text: t.value for t in doc._.times}
    assert values["Sunday, Dec. 29"] == "2019-12-29"
    assert values["Thursday, Dec. 19"] == "2019-12-19"
    assert values["next May"] == "2020-05"
    assert values["June"] == "2019-06"
    assert values["2017"] == "2017"
    assert values["2014"] == "2014"


def test_seed_002_dated_header(nlp, seed_text):
    doc = run(nlp, seed_text("002"), dt.date(2017, 1, 28))
    assert doc._.time_frame.confidence == "metadata"
    assert find(doc, "Saturday").value == "2017-01-28"
    assert find(doc, "Earlier today").value == "2017-01-28"


def test_timex_mod_marks_parts_of_periods_and_loose_amounts():
    from newsledger.nlp.times import timex_mod

    assert timex_mod("early December") == "START"
    assert timex_mod("the end of the year") == "END"
    assert timex_mod("mid-2019") == "MID"
    assert timex_mod("about three years") == "APPROX"
    assert timex_mod("more than a decade") == "MORE_THAN"
    assert timex_mod("last week") is None


# --- a wire's dateline dates the report ----------------------------------------------------


WIRE = ("OSLO, Dec. 10 (Northern Wire) — Hundreds of people gathered outside the city hall on Monday "
        "as President Trump's envoy arrived for talks, which are due to resume on Wednesday.\n\n"
        "The envoy will leave on Friday.")


def test_an_undated_wire_is_dated_by_its_dateline_with_the_year_the_evidence_leaves(nlp):
    doc = run(nlp, WIRE, claims=president_claims(WIRE))
    frame = doc._.time_frame
    assert (frame.date, frame.confidence) == (dt.date(2018, 12, 10), "inferred")  # Dec. 10 fell on a Monday in 2018
    assert find(doc, "Wednesday").value == "2018-12-12"


def test_a_dateline_with_several_possible_years_fixes_nothing(nlp):
    text = "OSLO, Dec. 10 (Northern Wire) — Talks between the two sides resumed in the capital."
    assert run(nlp, text)._.time_frame.date is None


def test_a_dateline_before_the_publication_day_anchors_the_wire_s_weekdays(nlp):
    doc = run(nlp, WIRE, published=dt.date(2018, 12, 12))  # a paper printing the wire two days later
    assert doc._.time_frame.date == dt.date(2018, 12, 10)
    assert find(doc, "Monday").value == "2018-12-10"
    assert find(doc, "Friday").value == "2018-12-14"
    later = run(nlp, "Hundreds of people gathered on Monday.", published=dt.date(2018, 12, 12))
    assert later._.time_frame.date == dt.date(2018, 12, 12)  # no dateline: the publication day


def test_that_year_points_back_to_the_year_last_told(nlp):
    text = ("In March 2011 a storm flooded the valley. On June 3 of that year the dam broke, "
            "and in August that year the town was rebuilt.")
    doc = run(nlp, text, published=dt.date(2016, 5, 1))
    assert find(doc, "June 3").value == "2011-06-03"
    assert find(doc, "August").value == "2011-08"


def test_a_house_number_before_a_street_is_not_a_year(nlp):
    doc = run(nlp, "Police arrested Dale Moss, 19, of 1915 Walnut St., and a woman who lives at 1870 N. Cedar Grove Avenue.",
              dt.date(2016, 1, 18))
    assert [t.text for t in doc._.times if t.value in ("1915", "1870")] == []
    doc = run(nlp, "In 1915 Congress passed the act, and in 2016 Dr. Smith retired.", dt.date(2016, 1, 18))
    assert find(doc, "1915").value == "1915"
    assert find(doc, "2016").value == "2016"
