"""The demo read as a journalist, round 4: each wrong line's cause as a general rule, on sentences
written for these tests (none of the demo's wording)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.evaluate.plover import drop_broken
from newsledger.nlp.pipeline import COMPONENTS, build_pipeline, make_doc
from newsledger.settings import EVENT_MIN_CONFIDENCE


@pytest.fixture(scope="module")
def nlp():
    pipeline = build_pipeline(list(COMPONENTS))
    drop_broken(pipeline)
    return pipeline


def code(nlp, text: str, published: dt.date | None = None):
    return nlp(make_doc(nlp, text, published=published))._.events


def shown(events, etype: str | None = None):
    return [e for e in events if e.confidence >= EVENT_MIN_CONFIDENCE and e.modality != "negated"
            and (etype is None or e.type == etype)]


# --- a wire's credit line is no party ----------------------------------------------------------

def test_a_credit_line_the_ner_misses_is_not_the_quakes_actor(nlp):
    events = code(nlp, "AGADIR, Sept. 9 (Atlas Press Agency) — A powerful earthquake struck Morocco's Anti-Atlas "
                       "mountains late on Friday, killing more than 200 people.", dt.date(2023, 9, 9))
    quakes = [e for e in events if e.type == "DISASTER"]
    assert quakes and all(e.actors == [] for e in quakes)


def test_a_credit_line_the_ner_misses_is_not_among_the_protesters(nlp):
    events = code(nlp, "AGADIR, Sept. 9 (Atlas Press Agency) — Hundreds of fishermen marched through the port "
                       "on Friday to protest against new quotas.", dt.date(2023, 9, 9))
    protest = next(e for e in events if e.type == "PROTEST")
    assert not any("agency" in a for a in protest.actors)
    assert any("fishermen" in a for a in protest.actors)


# --- a meeting announced for its day is the meeting told the day before -----------------------

def _mention(i, article, modality="asserted", date="2024-05-13", date_source="time", actors=(), story="s1",
             published=dt.date(2024, 5, 12), type="CONSULT", recipients=()):
    from newsledger.resolve.events import Mention

    m = Mention(
        id=f"m{i}", article=article, type=type, mode=None, actors=list(actors), recipients=list(recipients), date=date,
        date_source=date_source, precision="day" if len(date) == 10 else "year", location=None, modality=modality, confidence=0.8, story=story,
        source=article, root=article, published=published, seq=i, trigger=(0, 4, "meet"), sentence=(0, 80),
        location_span=(None, None), time_span=(None, None),
    )
    m.participants = {a for a in list(actors) + list(recipients) if not a.startswith("x:")}
    return m


def _groups(mentions):
    from newsledger.resolve.events import cluster

    return sorted(sorted(m.id for m in g) for g in cluster(mentions))


def test_a_meeting_announced_for_its_own_day_joins_the_meeting_held_that_day():
    # "the two ministers are due to meet on Monday" (filed on Sunday) and "the ministers met on Monday"
    plan = _mention(1, "eve", modality="future", actors=("x:ministers",))
    held = _mention(2, "wire", actors=("x:ministers",))
    assert _groups([plan, held]) == [["m1", "m2"]]


def test_an_announcement_for_another_day_or_without_its_own_day_stays_apart():
    held = _mention(2, "wire", actors=("x:ministers",))
    postponed = _mention(1, "eve", modality="future", date="2024-05-20", actors=("x:ministers",))
    assert _groups([postponed, held]) == [["m1"], ["m2"]]
    borrowed = _mention(3, "eve", modality="future", date_source="discourse", actors=("x:ministers",))
    assert _groups([borrowed, held]) == [["m2"], ["m3"]]
    other_story = _mention(4, "eve", modality="future", actors=("x:ministers",), story="s2")
    assert _groups([other_story, held]) == [["m2"], ["m4"]]
    # "agreed on Monday to meet": told on the day it names, the plan's day is the agreement's
    same_day = _mention(5, "wire2", modality="future", actors=("x:ministers",), published=dt.date(2024, 5, 13))
    assert _groups([same_day, held]) == [["m2"], ["m5"]]


# --- whose figure it is: the reporter's circumstances after a statement are not the source's ----

def test_a_day_in_the_reporters_circumstance_clause_is_not_credited_to_the_speaker():
    from newsledger.resolve.disputes import credited_to

    text = ("Chile said it had accepted rescue teams from Peru and Spain, as the toll from Sunday's flood "
            "rose to 40 on Tuesday.")
    speech = (text.index("it had"), len(text) - 1, "Chile")  # the quote reader's content runs on to the stop
    day = text.index("Sunday")
    assert credited_to([speech], text, day, day + 6) is None
    teams = text.index("rescue teams")
    assert credited_to([speech], text, teams, teams + 12) == "Chile"


def test_a_figure_after_as_well_as_is_still_the_speakers():
    from newsledger.resolve.disputes import credited_to

    text = "The ministry said 12 people had died, as well as 30 cattle, in Sunday's flood."
    speech = (text.index("12 people"), len(text) - 1, "The ministry")
    day = text.index("Sunday")
    assert credited_to([speech], text, day, day + 6) == "The ministry"


# --- an instruction to one's own staff is no request between parties ----------------------------

def test_asking_ones_own_advisers_to_prepare_a_summit_is_not_shown_as_a_request(nlp):
    events = code(nlp, "The two prime ministers agreed to expand trade and asked their advisers to prepare a summit "
                       "in the spring.", dt.date(2024, 1, 20))
    assert shown(events, "AGREE")
    assert not shown(events, "REQUEST")
    assert any(e.type == "REQUEST" for e in events)  # kept in the ledger, out of the default view


def test_asking_a_counterpart_is_still_a_request(nlp):
    events = code(nlp, "Chancellor Scholz asked his Polish counterpart to hold talks in Berlin.", dt.date(2024, 1, 20))
    assert shown(events, "REQUEST")


# --- a hazard's borrowed day does not make a second quake in its story ---------------------------

def test_a_follow_up_dating_the_quake_by_its_own_vigil_day_stays_with_the_quake():
    # "Families gathered on Thursday to pray for the victims of last week's earthquake, which has killed ..."
    quake = _mention(1, "wire", type="DISASTER", date="2024-03-01", published=dt.date(2024, 3, 2))
    vigil = _mention(2, "local", type="DISASTER", date="2024-03-07", date_source="discourse",
                     published=dt.date(2024, 3, 8))
    assert _groups([quake, vigil]) == [["m1", "m2"]]


def test_a_recalled_older_quake_or_a_stated_other_day_stays_apart():
    quake = _mention(1, "wire", type="DISASTER", date="2024-03-01", published=dt.date(2024, 3, 2))
    vigil = _mention(2, "local", type="DISASTER", date="2024-03-07", date_source="discourse")
    older = _mention(3, "wire", type="DISASTER", modality="recap", date="1999", published=dt.date(2024, 3, 2))
    assert _groups([quake, vigil, older]) == [["m1", "m2"], ["m3"]]
    stated = _mention(4, "local", type="DISASTER", date="2024-03-07")  # "a second quake struck on Thursday"
    assert _groups([quake, stated]) == [["m1"], ["m4"]]
    months_later = _mention(5, "local", type="DISASTER", date="2024-06-07", date_source="discourse")
    assert _groups([quake, months_later]) == [["m1"], ["m5"]]


# --- rendering ------------------------------------------------------------------------------------

def test_parties_written_alike_are_listed_once():
    from newsledger.report.render import distinct_names

    assert distinct_names(["Chile", "people", "people", "", "Peru"]) == ["Chile", "people", "Peru"]
    assert distinct_names(None) == []


# --- the demo ledger after these rules (the session's ledger, tests/conftest.py) ---------------

@pytest.fixture(scope="module")
def demo(demo_db):
    from newsledger.ledger import Ledger

    with Ledger(demo_db, read_only=True) as ledger:
        yield ledger.store


@pytest.mark.slow
def test_demo_no_earthquake_has_an_actor(demo):
    assert demo.rows("SELECT event_id, actor_ids FROM events WHERE event_type = 'DISASTER' AND len(actor_ids) > 0") == []


@pytest.mark.slow
def test_demo_each_quake_story_tells_its_quake_in_one_line(demo):
    rows = demo.rows("SELECT story_id, count(*) AS n FROM event_overview WHERE shown AND event_type = 'DISASTER' "
                     "AND modality = 'asserted' AND event_date >= DATE '2023-01-01' GROUP BY story_id")
    assert rows and all(r["n"] == 1 for r in rows), rows


@pytest.mark.slow
def test_demo_no_announced_meeting_stands_beside_the_meeting_held(demo):
    rows = demo.rows(
        "SELECT f.event_id FROM event_overview f JOIN event_overview d ON d.story_id = f.story_id "
        "AND d.event_type = f.event_type AND d.event_date = f.event_date AND d.modality = 'asserted' "
        "WHERE f.shown AND d.shown AND f.modality = 'future' AND f.event_date IS NOT NULL")
    assert rows == []


@pytest.mark.slow
def test_demo_instructions_to_own_advisers_are_not_shown_as_requests(demo):
    rows = demo.rows("SELECT event_id, recipient_names FROM event_overview WHERE shown AND event_type = 'REQUEST'")
    assert not [r for r in rows if any("adviser" in n or "aide" in n for n in r["recipient_names"] or [])], rows


@pytest.mark.slow
def test_demo_the_quake_day_in_a_circumstance_clause_credits_no_one(demo):
    rows = demo.rows(
        "SELECT r.credited_to, r.value FROM contradiction_reports r JOIN contradictions c USING (contradiction_id) "
        "JOIN articles a ON a.article_id = r.article_id WHERE c.kind = 'date' AND a.outlet = 'The Daily Ledger' "
        "AND r.value LIKE '2023-09%'")
    assert rows and all(r["credited_to"] is None for r in rows), rows


# --- a request not to do something is no request for it ------------------------------------------

def test_urging_a_government_not_to_ease_restrictions_is_no_request_to_yield(nlp):
    events = code(nlp, "Senator Jane Doe urged the new government not to ease the export restrictions.",
                  dt.date(2024, 2, 1))
    request = next(e for e in events if e.type == "REQUEST")
    assert request.mode is None
    asked = next(e for e in code(nlp, "Senator Jane Doe urged the new government to ease the export restrictions.",
                                 dt.date(2024, 2, 1)) if e.type == "REQUEST")
    assert asked.mode == "yield"


# --- an accusation that only says who someone is has no day of its own ---------------------------

def test_a_group_accused_of_a_plot_is_no_dated_accusation(nlp):
    events = code(nlp, "The Kremlin said on Sunday that two men had been detained. Last year, a tip led the police "
                       "to a group accused of planning to bomb a railway station.", dt.date(2024, 1, 2))
    described = next(e for e in events if e.type == "ACCUSE" and e.trigger.text == "accused")
    assert described.date_source != "time"
    assert described not in shown(events, "ACCUSE")


def test_charges_filed_against_a_named_suspect_are_an_accusation(nlp):
    events = code(nlp, "Prosecutors said on Monday that murder charges were filed against a former guard accused "
                       "of killing two inmates.", dt.date(2024, 1, 2))
    charges = next(e for e in shown(events, "ACCUSE") if e.trigger.text == "charges")
    assert any("guard" in r for r in charges.recipients)


# --- members of a known body act as the body ------------------------------------------------------

def test_members_of_a_parliament_act_as_the_parliament(nlp):
    events = code(nlp, "Several members of the German Bundestag called for new restrictions on Chinese steel.",
                  dt.date(2024, 2, 1))
    request = next(e for e in events if e.type == "REQUEST")
    assert request.actors == ["bundestag"]


def test_members_of_an_unnamed_group_are_not_the_whole_group(nlp):
    events = code(nlp, "Several members of the gang were arrested on Friday.", dt.date(2024, 2, 3))
    arrest = next(e for e in events if e.type == "COERCE")
    assert not any(r.endswith("gang") for r in arrest.recipients)


# --- quotes (nlp/quotes belongs to the quotes engineer this round: the failing case, handed over) ----

def test_a_relative_pronoun_is_no_speakers_name(nlp):
    doc = nlp(make_doc(nlp, "Governments across Asia offered to send rescuers. Norway, Chile and Japan were among "
                            "those that said they were ready to help.", published=dt.date(2024, 1, 2)))
    quote = next(q for q in doc._.quotes if q.content.text.startswith("they were ready"))
    assert quote.source.text.lower() not in {"that", "who", "which"}


def test_whose_government_is_the_owners(nlp):
    events = code(nlp, "Officials in Moscow hoped for a softer line than Angela Merkel, whose government expelled two "
                       "Russian diplomats in 2020.", dt.date(2021, 3, 1))
    expel = next(e for e in events if e.type == "SANCTION")
    assert expel.actors == ["angela-merkel"]
