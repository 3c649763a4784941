"""The demo read as a journalist, round 6: figures shown with their qualifiers, a mode named by what the
text said, a spam page out of the vote on a stated fact, an undated weak telling that adds no outlet.
Each rule on texts and rows written for these tests; demo-ledger checks are marked slow."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from newsledger.nlp.counts import qualifier_before, with_qualifier
from newsledger.report.query import mode_label
from newsledger.resolve.disputes import vetted_sides
from newsledger.resolve.events import Figure, Mention, count_history, outlet_voices


# --- a figure keeps its qualifier -------------------------------------------------------------------

@pytest.mark.parametrize("text, qualifier", [
    ("the number of dead from the floods rose to nearly 1,300", "nearly"),
    ("the blast killed more than 40 people", "more than"),
    ("the landslide buried at least 12 homes", "at least"),
    ("officials counted about 300 injured", "about"),
    ("the storm killed 17 people", None),
    ("In 1998 a cyclone killed 80", None),  # a year before the number is no qualifier
])
def test_a_figure_is_read_with_the_words_that_qualify_it(text, qualifier):
    number = text.rsplit(" ", 1)[-1] if text[-1].isdigit() else next(w for w in text.split() if w[0].isdigit())
    start = text.rindex(number)
    assert qualifier_before(text, start) == qualifier
    assert with_qualifier("1,300", qualifier) == (f"{qualifier} 1,300" if qualifier else "1,300")


def _figure(article: str, value: float, day: dt.date, at_least: bool = False) -> Figure:
    m = _mention(1, article, type="DISASTER", date=str(day), published=day, actors=())
    return Figure(m, value, (0, 4), at_least=at_least)


def test_nearly_a_figure_beside_a_slightly_lower_exact_one_is_no_contradiction():
    """"Nearly 2,500" one day and "2,470" the next tell one toll, not two."""
    figs = [_figure("a", 2500, dt.date(2022, 6, 23), at_least=True), _figure("b", 2470, dt.date(2022, 6, 24))]
    updates, outliers = count_history(figs)
    assert outliers == []


# --- a mode named by what the text said ---------------------------------------------------------------

def _shown(trigger: str, sentence: str) -> dict:
    start = sentence.index(trigger)
    return {"trigger_text": trigger, "sentence_text": sentence, "sentence_start": 100, "trigger_start": 100 + start}


def test_a_state_of_emergency_is_shown_as_such_and_martial_law_as_martial_law():
    emergency = _shown("state", "The prime minister declared a state of emergency in the flooded districts.")
    assert mode_label("COERCE", "martial-law", [emergency]) == "state of emergency"
    martial = _shown("law", "The junta imposed martial law across the capital on Sunday.")
    assert mode_label("COERCE", "martial-law", [martial]) == "martial law"
    # no words to go by: PLOVER's mode as coded
    assert mode_label("COERCE", "martial-law", []) == "martial-law"
    assert mode_label("COERCE", "arrest", [emergency]) == "arrest"


def test_new_sanctions_are_not_shown_as_discontinued():
    imposed = _shown("sanctions", "The European Union imposed sanctions on three shipping firms.")
    assert mode_label("SANCTION", "discontinue", [imposed]) == "sanctions"
    cut = _shown("cut", "Bolivia cut diplomatic ties with Israel in 2023.")
    assert mode_label("SANCTION", "discontinue", [cut]) == "cut ties"


# --- one party named twice is listed once ---------------------------------------------------------------

def test_a_body_named_with_and_without_its_country_is_listed_once():
    from newsledger.report.render import distinct_names

    assert distinct_names(["Polish Interior Ministry", "Interior Ministry"]) == ["Polish Interior Ministry"]
    assert distinct_names(["Brazil", "soldiers", "Brazilian army soldiers"]) == ["Brazil", "Brazilian army soldiers"]
    # two countries, and two bodies that only share a tail, stay apart
    assert distinct_names(["Korea", "North Korea"]) == ["Korea", "North Korea"]
    assert distinct_names(["Supreme Court", "Ohio Supreme Court"]) == ["Supreme Court", "Ohio Supreme Court"]


# --- a spam page takes no part in the vote on a stated fact -------------------------------------------

def _report(outlet, value, side):
    return {"article_id": f"{outlet}-1", "outlet": outlet, "value": value, "value_start": 0, "value_end": 4,
            "side": side, "as_of": None}


def test_a_spam_page_does_not_make_a_majority_on_a_stated_place():
    from newsledger.resolve.disputes import _dispute

    reports = [_report("Valley Wire", "Jajarkot", "majority"), _report("quick-cash-news.biz", "Jajarkot", "majority"),
               _report("Hill Post", "Rukum West", "outlier")]
    d = _dispute("e1", "epicentre", reports)
    assert d["resolution"] == "majority"
    vetted = vetted_sides(d, {"quick-cash-news.biz"})
    assert vetted["resolution"] == "unresolved"
    assert {r["side"] for r in vetted["reports"]} == {"unresolved"}
    assert len(vetted["reports"]) == 3  # every report is still listed
    # two professional outlets still make a majority, the spam page beside them changes nothing
    more = reports + [_report("Plains Herald", "Jajarkot", "majority")]
    d = _dispute("e1", "epicentre", more)
    assert vetted_sides(d, {"quick-cash-news.biz"})["resolution"] == "majority"


def test_reports_of_no_known_outlet_vote_once():
    from newsledger.resolve.disputes import _dispute

    reports = [_report(None, "2022-11-03", "majority"), _report(None, "2022-11-03", "majority"),
               _report("Hill Post", "2022-11-04", "outlier")]
    for i, r in enumerate(reports):
        r["article_id"] = f"a{i}"
    d = _dispute("e1", "date", reports)
    assert vetted_sides(d, set())["resolution"] == "unresolved"


# --- an undated weak telling adds no outlet -----------------------------------------------------------

def _mention(i, article, type="AID", actors=("x:volunteers",), recipients=(), date=None, confidence=0.8,
             published=None) -> Mention:
    m = Mention(
        id=f"m{i}", article=article, type=type, mode=None, actors=list(actors), recipients=list(recipients),
        date=date, date_source="discourse" if date else None, precision=None, location=None, modality="asserted",
        confidence=confidence, story="s1", source=article, root=article, published=published, seq=i,
        trigger=(0, 4, "sent"), sentence=(0, 10), location_span=(None, None), time_span=(None, None),
    )
    m.participants = set(m.actors + m.recipients)
    return m


def test_an_undated_weak_telling_with_other_parties_adds_no_outlet():
    dated = _mention(1, "Valley Wire", actors=("x:neighbouring-countries",), date="2022-11-04")
    weak = _mention(2, "Hill Post", actors=(), recipients=("x:army-engineers",), confidence=0.3)
    assert [m.id for m in outlet_voices([dated, weak])] == ["m1"]


def test_an_undated_telling_of_the_same_party_or_a_confident_one_still_counts():
    dated = _mention(1, "Valley Wire", actors=("japan",), date="2022-11-04")
    same_party = _mention(2, "Hill Post", actors=("japan",), confidence=0.3)
    confident = _mention(3, "Plains Herald", actors=(), recipients=("x:army-engineers",), confidence=0.8)
    # round 8: beside shown tellings a hidden one (0.3) adds no outlet, whatever party it names (N6)
    assert [m.id for m in outlet_voices([dated, same_party, confident])] == ["m1", "m3"]
    # in a line with no shown telling, an undated one counts when it names a dated telling's party
    weak_dated = _mention(6, "Valley Wire", actors=("japan",), date="2022-11-04", confidence=0.3)
    other_party = _mention(7, "Plains Herald", actors=(), recipients=("x:army-engineers",), confidence=0.3)
    assert [m.id for m in outlet_voices([weak_dated, same_party, other_party])] == ["m6", "m2"]
    # a hazard names no party: every shown telling of it counts, dated or not
    quake = [_mention(4, "Valley Wire", type="DISASTER", actors=(), date="2022-11-03"),
             _mention(5, "Hill Post", type="DISASTER", actors=(), confidence=0.6)]
    assert len(outlet_voices(quake)) == 2


# --- a past perfect in a "because" clause is earlier than its sentence's day (context._explained_earlier) -------------

def test_an_act_told_as_the_reason_in_the_past_perfect_takes_no_day_of_the_sentence():
    from newsledger.nlp.pipeline import build_pipeline, make_doc

    nlp = build_pipeline()
    text = ("On Friday, Chancellor Olaf Scholz telephoned President Emmanuel Macron to thank him, because French "
            "intelligence had warned the German police about a planned attack in Cologne.")
    doc = nlp(make_doc(nlp, text, published=dt.date(2021, 3, 13)))
    warned = [e for e in doc._.events if e.trigger.text == "warned"]
    assert warned and warned[0].date is None


# --- the demo ledger -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_demo_report_reads_its_figures_modes_and_votes_as_the_texts_do(demo_db):
    from newsledger.ledger import Ledger

    with Ledger(demo_db, read_only=True) as ledger:
        report = ledger.report()
    assert "nearly 2,500 (11 Sep 2023, The Daily Ledger)" in report
    assert "'more than 20,000' (7 Feb 2023) — truthpatriot-news.info" in report
    assert "COERCE/state of emergency (coded martial-law): Recep Tayyip Erdoğan" in report
    assert "COERCE/martial-law" not in report
    assert "SANCTION/discontinue:" not in report
    epicentre = next(line for line in report.splitlines() if "contradiction (epicentre)" in line)
    assert "[majority]" not in epicentre and "unresolved" in epicentre
    # round 8 (W5): "Dozens of countries have sent rescue teams" takes no 7 Feb day from the lead and joins the
    # countries' aid line; Harbor's domestic deployment still adds no source to it
    assert "**2023-02-07** AID" not in report
    aid = next(i for i, line in enumerate(report.splitlines()) if "**2023-02-06** AID" in line)
    assert "Harbor Press Agency" not in report.splitlines()[aid + 1]
    assert "'7.0' — Meridian Wire" in report


@pytest.mark.slow
def test_the_demo_tables_keep_plovers_mode_and_the_stored_figures(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM events WHERE mode = 'martial-law'").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM count_updates WHERE value = 2500").fetchone()[0] == 1
    finally:
        con.close()


@pytest.mark.slow
def test_the_web_app_names_a_state_of_emergency_as_the_reports_do(demo_db):
    """The web app shows the reader label the report shows, the PLOVER mode beside it."""
    import duckdb
    from fastapi.testclient import TestClient

    from newsledger.web.app import create_app

    with duckdb.connect(str(demo_db), read_only=True) as con:
        event_id, story_id = con.execute(
            "SELECT event_id, story_id FROM event_overview WHERE event_type = 'COERCE' AND mode = 'martial-law' "
            "AND shown ORDER BY independent_outlets DESC LIMIT 1").fetchone()
    client = TestClient(create_app(str(demo_db), hosts=["testserver"]))
    data = client.get(f"/api/events/{event_id}").json()
    assert data["mode"] == "martial-law" and data["mode_label"] == "state of emergency"
    html = client.get(f"/events/{event_id}", headers={"accept": "text/html"}).text
    assert "state of emergency, coded martial-law" in html
    timeline = client.get(f"/api/stories/{story_id}").json()["timeline"]
    assert [e["mode_label"] for e in timeline if e["event_id"] == event_id] == ["state of emergency"]
    story = client.get(f"/stories/{story_id}", headers={"accept": "text/html"}).text
    assert "(state of emergency, coded martial-law)" in story
