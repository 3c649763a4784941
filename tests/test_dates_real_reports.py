"""Dates and places of acts as real local reports tell them (round 3), with the real spaCy model."""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.nlp.pipeline import build_pipeline, make_doc
from newsledger.resolve.run import anchored_record

MONDAY = dt.date(2016, 6, 27)


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def events(nlp, text: str, published: dt.date | None = MONDAY):
    return nlp(make_doc(nlp, text, published=published))._.events


def mention(evs, trigger: str):
    found = [e for e in evs if e.trigger.text == trigger]
    assert found, f"no mention on {trigger!r} in {[(e.type, e.trigger.text) for e in evs]}"
    return found[0]


# --- a shooting named on a weekday has already happened ----------------------------------


@pytest.mark.parametrize("text, trigger", [
    ("Police are investigating a shooting Thursday night in the north end of Lakeview.", "shooting"),
    ("Officers have a suspect in custody in connection with the fatal Thursday night shooting at a bar.", "shooting"),
])
def test_a_shooting_named_on_a_weekday_in_a_present_clause_is_last_week_s(nlp, text, trigger):
    ev = mention(events(nlp, text), trigger)
    assert ev.type == "ASSAULT"
    assert ev.date == "2016-06-23" and ev.modality == "asserted"


def test_a_meeting_named_on_a_weekday_can_still_be_ahead(nlp):
    ev = mention(events(nlp, "Neighbours are planning a protest march Thursday night outside city hall."), "march")
    assert ev.date != "2016-06-23"


# --- an act that tells who someone is is not dated by the day of the news --------------


def test_the_act_naming_a_person_is_not_dated_by_their_court_day(nlp):
    text = ("The father of a 9-year-old boy who shot and killed his sister appeared in court today for a hearing.\n\n"
            "The girl was shot on June 3 in the family's kitchen, police said.")
    killed = mention(events(nlp, text), "killed")
    assert killed.date == "2016-06-03" and killed.date_source == "discourse"


def test_a_court_day_before_the_report_still_dates_the_act_it_governs(nlp):
    text = "A teenager killed during a shooting on Elm Street Friday afternoon was identified as Dale Rowe."
    killed = mention(events(nlp, text), "killed")
    assert killed.date == "2016-06-24"


# --- a place in another happening's clause is not this act's place -------------------


def test_a_place_told_for_another_dated_happening_does_not_place_the_act(nlp):
    text = ("The sanctions imposed after Russia annexed Crimea from Ukraine in March 2014 are still in force and "
            "have been widened several times, including over the poison attack on a former spy in Salisbury, "
            "England, in 2018.")
    evs = events(nlp, text, published=dt.date(2019, 6, 10))
    annexed = mention(evs, "annexed")
    assert annexed.location != "Salisbury"
    attack = mention(evs, "attack")
    assert attack.location != "Crimea"


def test_a_place_in_a_sibling_clause_without_its_own_day_still_places_the_act(nlp):
    text = ("One teenager was killed and two others were left in critical condition after a shooting "
            "Tuesday afternoon in South Los Angeles, officials said.")
    killed = mention(events(nlp, text), "killed")
    assert killed.location and "South Los Angeles" in killed.location


# --- an undated wire anchored by its story keeps its dateline's day ------------------


def test_an_anchored_wire_keeps_the_day_of_its_dateline():
    record = {"time_frame": {"date": "2018-07-15", "confidence": "metadata", "evidence": []},
              "events": [{"date_source": "published"}, {"date_source": "time"}]}
    row = {"story": "s-1", "anchor": dt.date(2018, 7, 16)}
    out = anchored_record(record, row)
    assert out["time_frame"]["date"] == "2018-07-15" and out["time_frame"]["confidence"] == "story"
    assert "dateline" in out["time_frame"]["evidence"][-1]
    assert [e["date_source"] for e in out["events"]] == ["story", "time"]


def test_an_anchored_report_without_a_dateline_takes_its_story_s_day():
    record = {"time_frame": {"date": "2018-07-16", "confidence": "metadata", "evidence": []}, "events": []}
    out = anchored_record(record, {"story": "s-1", "anchor": dt.date(2018, 7, 16)})
    assert out["time_frame"]["date"] == "2018-07-16"
    assert out["time_frame"]["evidence"] == ["anchored on story s-1: earliest dated report 2018-07-16"]


# --- the day of another kind of act of one type is not borrowed ---------------------


def test_a_criticism_is_not_dated_by_an_indictment_told_beside_it(nlp):
    text = ("The two presidents met for more than two hours in Helsinki yesterday with only interpreters in the room.\n\n"
            "Republican senators, including two party elders, criticised the president's remarks.\n\n"
            "The summit followed Friday's indictment of 12 Russian intelligence officers by a federal grand jury.")
    evs = events(nlp, text, published=dt.date(2018, 7, 17))
    assert mention(evs, "indictment").date == "2018-07-13"
    assert mention(evs, "criticised").date == "2018-07-16"


# --- a follow-up report: the act charged and the day told for it ----------------------


def test_a_shooting_told_in_a_later_report_takes_the_day_told_for_it_not_the_arrest_day(nlp):
    text = ("Police arrested a 30-year-old man from Gretna for allegedly shooting a delivery driver.\n\n"
            "He was taken into custody Tuesday, June 21, and charged with attempted murder.\n\n"
            "The shooting happened June 9 outside a grocery store on Lapalco Boulevard, deputies said.")
    evs = events(nlp, text)
    told = [e for e in evs if e.type == "ASSAULT" and e.sentence.start > 0]
    assert told and told[-1].date == "2016-06-09" and told[-1].modality == "recap"  # more than a week before
    lead = next(e for e in evs if e.type == "ASSAULT" and e.sentence.start == 0)
    assert lead.date == "2016-06-09" and lead.date_source == "discourse"


def test_the_act_a_charge_is_for_is_not_dated_by_the_charge(nlp):
    text = ("Two teenagers were charged Friday with murdering a shop clerk.\n\n"
            "The clerk was shot about 9 p.m. Tuesday, June 21, behind the counter, police said.")
    murdering = mention(events(nlp, text), "murdering")
    assert murdering.date == "2016-06-21"


# --- round 4: days after the report, clock times with before/after, the lead's day ------


def test_a_day_after_the_report_does_not_date_an_act_told_as_done(nlp):
    """The governing clause is about what comes next; the shooting was before the report."""
    text = ("Two men were shot in the parking lot of the Elm Street library on Sunday night.\n\n"
            "The library will reopen Wednesday afternoon after two men were shot in its parking lot.")
    evs = events(nlp, text)  # published Monday 2016-06-27
    later = [e for e in evs if e.type == "ASSAULT" and e.sentence.start > 0]
    assert later and later[0].date == "2016-06-26"


def test_a_clock_time_opened_by_before_is_the_act_s_own_time(nlp):
    text = "The shooting happened just before 1 a.m. Sunday in the 300 block of Maple Street."
    ev = mention(events(nlp, text), "shooting")
    assert ev.date == "2016-06-26" and ev.date_source == "time"


def test_the_lead_takes_the_day_its_report_states_for_the_act_not_a_birthday(nlp):
    text = ("One man was killed and four people were wounded in a shooting at a birthday party in Harvey.\n\n"
            "The shooting happened just before 1 a.m. Sunday in the 300 block of Maple Street.\n\n"
            "His aunt said he had turned 21 five days ago.")
    killed = mention(events(nlp, text, published=dt.date(2016, 6, 26)), "killed")  # a report of the same Sunday
    assert killed.date == "2016-06-26"


def test_a_time_inside_a_before_phrase_about_another_happening_is_not_the_act_s_own(nlp):
    """Only a preposition that is part of the time expression makes the time the act's own."""
    text = "A man was shot outside a bar two days before the hearing on Friday."
    shot = mention(events(nlp, text), "shot")
    assert shot.date_source != "time"


WIRE = ("Norway and Sweden agree on shared rail line at Oslo talks\n\n"
        "OSLO, May 14 (Nordic Wire) — The prime ministers of Norway and Sweden agreed on Tuesday to build a "
        "shared high-speed rail line, after a decade of studies.\n\n"
        "The two leaders met for three hours in the government quarter with their transport ministers.\n\n"
        "Environmental groups welcomed the plan but asked for a full review of the route.\n\n"
        "The summit came a week after both parliaments approved the budgets.\n\n"
        "The Swedish prime minister also gave his host a carved wooden horse from a folk festival, "
        "which closed in Bergen on Monday.")


def test_an_act_in_the_lead_takes_the_lead_s_day_not_a_closing_aside_s(nlp):
    met = mention(events(nlp, WIRE, published=dt.date(2019, 5, 14)), "met")
    assert met.date == "2019-05-14"


def test_the_act_told_again_later_takes_the_day_it_was_told_with(nlp):
    summit = mention(events(nlp, WIRE, published=dt.date(2019, 5, 14)), "summit")
    assert summit.type == "CONSULT" and summit.date == "2019-05-14"


# --- the eve of an act is the day before it --------------------------------------------


def test_the_act_a_day_is_the_eve_of_takes_the_next_day(nlp):
    text = "Thousands of farmers marched through Brussels on Sunday, the eve of a summit between the two leaders."
    evs = events(nlp, text, published=dt.date(2014, 12, 21))
    assert mention(evs, "marched").date == "2014-12-21"
    summit = mention(evs, "summit")
    assert summit.date == "2014-12-22" and summit.modality == "future"


# --- where an act is talked about is not where it happened -----------------------------


@pytest.mark.parametrize("text", [
    "In Moscow, officials described the summit as a success.",
    "Officials in Moscow described the summit as a success.",
])
def test_the_place_of_those_describing_an_act_is_not_its_place(nlp, text):
    summit = mention(events(nlp, text, published=dt.date(2018, 7, 17)), "summit")
    assert summit.location != "Moscow"


def test_a_place_in_the_act_s_own_phrase_still_places_it(nlp):
    summit = mention(events(nlp, "Officials in Moscow described the summit in Helsinki as a success.",
                            published=dt.date(2018, 7, 17)), "summit")
    assert summit.location == "Helsinki"


def test_a_place_of_the_act_told_by_its_own_verb_is_kept(nlp):
    met = mention(events(nlp, "The two presidents met in Helsinki on Monday.", published=dt.date(2018, 7, 17)), "met")
    assert met.location == "Helsinki"


# --- a harm suffered in a happening named on a day took place that day -----------------


@pytest.mark.parametrize("text, trigger, day", [
    ("Police have named the two men killed in the Thursday double homicide on Birch Lane.", "killed", "2016-06-23"),
    ("A woman wounded in Saturday's shooting at the fairground has died.", "wounded", "2016-06-25"),
])
def test_a_harm_in_a_happening_named_on_a_day_takes_that_day(nlp, text, trigger, day):
    ev = mention(events(nlp, text), trigger)
    assert ev.type == "ASSAULT" and ev.date == day and ev.date_source == "time"


def test_an_arrest_in_a_shooting_named_on_a_day_is_not_dated_by_it(nlp):
    arrested = mention(events(nlp, "A man was arrested in Friday's shooting on Elm Street."), "arrested")
    assert arrested.date != "2016-06-24"



def test_a_place_word_used_as_an_adjective_is_not_where_the_act_happened(nlp):
    evs = events(nlp, "WASHINGTON (Agency) - Officials listed the seizure of Crimea in 2014 and attempts "
                      "to meddle in Western elections among the reasons for the new measures.")
    assert evs, "no act coded"
    assert not any(e.location and "Western" in e.location for e in evs), [(e.type, e.location) for e in evs]
    # a town named before the noun it places still places the act
    ev = mention(events(nlp, "A man was shot in a Chicago apartment on Friday."), "shot")
    assert ev.location and "Chicago" in ev.location


def test_an_act_over_several_unnamed_areas_takes_no_city_of_the_report(nlp):
    text = ("ANTAKYA, Turkey (Agency) - Rescuers in Antakya pulled survivors from the rubble on Tuesday. "
            "The president declared a state of emergency in the ten provinces hit hardest by the quake. "
            "In Antakya, whole streets were flattened.")
    ev = [e for e in events(nlp, text) if e.trigger.text in ("declared", "state", "emergency")]
    assert ev, [(e.type, e.trigger.text) for e in events(nlp, text)]
    assert all(e.location is None for e in ev), [(e.type, e.trigger.text, e.location) for e in ev]


# --- an act takes the time of the clause it hangs under, not a day told elsewhere -------


def test_an_act_in_a_when_clause_takes_the_month_of_the_clause_it_modifies(nlp):
    text = ("Ministers met on Saturday in Geneva.\n\n"
            "The measures were adopted in steps after the army seized the port in May 2015, and were "
            "tightened in October when the government accused foreign agents of meddling in the election.")
    accused = mention(events(nlp, text, published=dt.date(2017, 1, 29)), "accused")
    assert accused.type == "ACCUSE"
    assert (accused.date, accused.date_precision, accused.date_source) == ("2016-10", "month", "discourse")
    assert accused.time.text == "October" and accused.modality == "recap"


def test_an_act_told_inside_a_dated_recap_takes_the_recap_s_month(nlp):
    text = ("Police arrested three men on Dec. 18 in Kazan.\n\n"
            "In November 2017, the mayor phoned the governor to thank him for a police warning that led to "
            "the arrest of suspects accused of planning to attack the stadium in Kazan.")
    evs = events(nlp, text, published=dt.date(2019, 12, 20))
    assert mention(evs, "arrested").date == "2019-12-18"
    arrest = mention(evs, "arrest")
    assert arrest.type == "COERCE"
    assert (arrest.date, arrest.date_precision) == ("2017-11", "month")


def test_a_month_of_the_governing_clause_is_narrowed_to_a_day_told_inside_it(nlp):
    text = ("The council voted on June 14 to close the plant.\n\n"
            "Unions were angered this month when the council accused their leaders of lying.")
    accused = mention(events(nlp, text, published=dt.date(2016, 6, 27)), "accused")
    assert (accused.date, accused.date_precision) == ("2016-06-14", "day")


def test_the_day_of_an_after_clause_does_not_date_the_main_act(nlp):
    text = ("After two activists were attacked with acid in a park in Lyon on March 4, France and more "
            "than ten other states expelled the envoys.")
    evs = events(nlp, text, published=dt.date(2018, 3, 20))
    assert mention(evs, "attacked").date == "2018-03-04"
    expelled = mention(evs, "expelled")
    assert expelled.type == "SANCTION" and expelled.modality == "asserted"
    assert expelled.date is None  # after March 4, on a day the report does not tell (not the report's own)


def test_an_act_placed_after_another_s_day_takes_no_day_of_another_happening_in_the_lead(nlp):
    text = ("Shares in the airline fell sharply in Paris on Monday.\n\n"
            "After two activists were attacked with acid in Lyon on March 4, France expelled the envoys.")
    expelled = mention(events(nlp, text, published=dt.date(2018, 4, 9)), "expelled")
    assert expelled.date is None


def test_a_day_in_the_act_s_own_clause_still_dates_it_beside_an_after_clause(nlp):
    text = ("After two activists were attacked in a park on March 4, France expelled the envoys on March 9.")
    expelled = mention(events(nlp, text, published=dt.date(2018, 3, 20)), "expelled")
    assert expelled.date == "2018-03-09"


def test_a_day_in_an_after_clause_told_after_the_verb_still_dates_the_killing(nlp):
    text = "A teenager was killed after a gunman opened fire on his car on Cherry Road early Saturday."
    killed = mention(events(nlp, text, published=dt.date(2017, 1, 21)), "killed")
    assert killed.date == "2017-01-21"


# --- round 5: a past act on a named day after a stale page date is not a coming act -----------------


@pytest.mark.parametrize("text", [
    "The man fled Houston and was arrested in Denver on Aug. 3.",
    "The suspect was arrested on Aug. 3 in Denver, police said.",
])
def test_a_past_arrest_on_a_named_day_after_the_page_date_is_not_future(nlp, text):
    arrested = mention(events(nlp, text, published=dt.date(2016, 7, 31)), "arrested")
    assert arrested.modality == "asserted"
    assert arrested.date == "2016-08-03"


def test_an_arrest_announced_for_a_named_day_stays_future(nlp):
    text = "The suspect will be arrested on Aug. 3, police said."
    arrested = mention(events(nlp, text, published=dt.date(2016, 7, 31)), "arrested")
    assert arrested.modality == "future"


def test_a_past_act_on_a_weekday_after_the_page_date_proves_nothing_about_the_page(nlp):
    # a weekday is resolved against the page date; only a day named in full overrides the tense check
    text = "Two men were arrested Saturday, and police said they will be charged on Aug. 3."
    evs = events(nlp, text, published=dt.date(2016, 7, 31))
    assert all(not (e.modality == "asserted" and e.date == "2016-08-03") for e in evs)
