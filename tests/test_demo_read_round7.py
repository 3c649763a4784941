"""The demo's event lines read again, round 7: a spam page neither counted nor quoted when another
outlet tells the act; a report of the plan no source of the happening; a summary and an evidence
passage built from what the line shows; a country not on both sides of a one-way act.
Each rule on texts and rows written for these tests; demo-ledger checks are marked slow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsledger.report.query import evidence_passage, is_headline, shown_summary
from newsledger.resolve.events import (
    Mention, line_participants, outlet_voices, shown_parties, sides_from_one_way_tellings, told_as_done, vetted_pages,
)


def _mention(i, outlet, type="CONSULT", actors=("pedro-sanchez",), recipients=(), date="2020-03-03",
             modality="asserted", confidence=0.8, spam=False, countries=None) -> Mention:
    m = Mention(
        id=f"m{i}", article=f"{outlet}-1", type=type, mode=None, actors=list(actors), recipients=list(recipients),
        date=date, date_source="time" if date else None, precision="day" if date else None, location=None,
        modality=modality, confidence=confidence, story="s1", source=outlet, root=f"{outlet}-1", published=None,
        seq=i, trigger=(0, 4, "met"), sentence=(0, 10), location_span=(None, None), time_span=(None, None),
    )
    m.participants = set(m.actors + m.recipients)
    m.spam_page = spam
    m.countries = dict(countries or {})
    return m


# --- a report of the plan is no source of the happening -------------------------------------------------

def test_a_report_filed_before_the_meeting_adds_no_outlet_to_the_meeting():
    met = _mention(1, "Valley Wire")
    also = _mention(2, "Hill Herald")
    due = _mention(3, "Plains Post", modality="future")
    assert [m.id for m in outlet_voices([met, also, due])] == ["m1", "m2"]
    # a line told only as a plan keeps its tellings
    assert [m.id for m in told_as_done([due])] == ["m3"]


# --- a spam page adds no source beside other pages --------------------------------------------------------

def test_a_spam_page_is_no_source_of_an_act_other_outlets_tell():
    wire, spam = _mention(1, "Valley Wire"), _mention(2, "quick-cash-news.biz", spam=True)
    assert [m.id for m in outlet_voices([wire, spam])] == ["m1"]
    # told only by spam pages, the line keeps them as its (single) source
    assert [m.id for m in vetted_pages([spam])] == ["m2"]


# --- a country is not on both sides of a one-way act -------------------------------------------------------

def test_a_mutual_telling_does_not_put_the_receiver_among_the_doers():
    countries = {"FRA": "FRA", "DEU": "DEU", "x:french-intelligence": "FRA", "x:germans": "DEU"}
    tip = _mention(1, "Valley Wire", type="COOPERATE", actors=("x:french-intelligence",), recipients=("x:germans",),
                   date=None, countries=countries)
    between = _mention(2, "Hill Herald", type="COOPERATE", actors=("DEU", "FRA"), recipients=("FRA", "DEU"),
                       countries=countries)
    actors, recipients = line_participants([tip, between])
    assert "DEU" not in actors and "x:germans" in recipients and "DEU" in recipients
    assert "x:french-intelligence" in actors and "FRA" in actors


def test_mutual_tellings_alone_and_a_domestic_act_keep_their_parties():
    countries = {"x:police": "RUS", "x:russians": "RUS", "RUS": "RUS", "USA": "USA"}
    met = _mention(1, "Valley Wire", actors=("RUS", "USA"), recipients=("USA", "RUS"), countries=countries)
    assert sides_from_one_way_tellings([met], ["RUS", "USA"], []) == (["RUS", "USA"], [])
    arrest = _mention(2, "Hill Herald", type="COERCE", actors=("x:police",), recipients=("x:russians",),
                      countries=countries)
    assert sides_from_one_way_tellings([arrest], ["x:police"], ["x:russians"]) == (["x:police"], ["x:russians"])


# --- a summary names only what the line shows --------------------------------------------------------------

def test_the_summary_names_no_party_only_a_hidden_mention_names():
    met = _mention(1, "Valley Wire", actors=("antonio-costa", "pedro-sanchez"), recipients=("pedro-sanchez",),
                   confidence=0.9)
    weak = _mention(2, "Hill Herald", actors=(), recipients=("x:indictment",), confidence=0.17)
    actors, recipients = line_participants([met, weak])
    assert "x:indictment" in recipients  # the event keeps every party its mentions name
    assert shown_parties([met, weak], actors, recipients) == (["antonio-costa", "pedro-sanchez"], [])
    event = {"event_type": "CONSULT", "mode": None, "actor_ids": ["antonio-costa"], "actor_names": ["António Costa"],
             "recipient_ids": [], "recipient_names": [], "place": "Lisbon"}
    assert shown_summary(event) == "António Costa CONSULT"


# --- the evidence passage ---------------------------------------------------------------------------------

def _passage(article, sentence, *, outlet="Valley Wire", title="Leaders meet", modality="asserted",
             day=dt.date(2020, 3, 3), date_from="time", confidence=0.8, original=None):
    return {"article_id": article, "original_article_id": original or article, "outlet": outlet, "title": title,
            "sentence_text": sentence, "modality": modality, "event_date": day, "date_precision": "day" if day else None,
            "date_from": date_from, "confidence": confidence}


def test_the_evidence_is_a_report_of_the_act_on_its_day_not_a_spam_headline_or_a_plan():
    event = {"event_date": dt.date(2020, 3, 3), "date_precision": "day", "modality": "asserted",
             "outlets": ["Hill Herald", "Valley Wire"]}
    headline = _passage("spam-1", "Costa and Sanchez meet in Lisbon", outlet="quick-cash-news.biz",
                        title="Costa and Sanchez meet in Lisbon", confidence=0.95)
    plan = _passage("post-1", "The two are due to meet on Tuesday.", outlet="Plains Post", modality="future")
    later = _passage("herald-1", "Sanchez said on Wednesday that the talks had gone well.", outlet="Hill Herald",
                     day=dt.date(2020, 3, 3), date_from="discourse", confidence=0.9)
    own_day = _passage("wire-1", "Costa met Sanchez in Lisbon on Tuesday.", confidence=0.7)
    chosen = evidence_passage(event, [headline, plan, later, own_day], {"spam-1"})
    assert chosen["article_id"] == "wire-1"
    # with no report stating the day, a passage carrying the line's date beats an undated one
    undated = _passage("blog-1", "Because the wire had tipped them off, they met.", day=None, date_from=None,
                       confidence=0.9)
    assert evidence_passage(event, [undated, later], set())["article_id"] == "herald-1"
    # only a spam page tells it: its passage is still the evidence
    assert evidence_passage(event, [headline], {"spam-1"})["article_id"] == "spam-1"


def test_a_headline_is_recognised_with_a_desk_label_before_it():
    assert is_headline({"sentence_text": "Costa and Sanchez meet in Lisbon",
                        "title": "BREAKING: Costa and Sanchez meet in Lisbon"})
    assert not is_headline({"sentence_text": "Costa met Sanchez in Lisbon on Tuesday.", "title": "Leaders meet"})


# --- a month stated for one act does not date the act conjoined after it; a quake's place is where it struck ----

@pytest.fixture(scope="module")
def nlp():
    from newsledger.nlp.pipeline import build_pipeline

    return build_pipeline()


def _events(nlp, text: str, published=dt.date(2021, 5, 10)):
    from newsledger.nlp.pipeline import make_doc

    return nlp(make_doc(nlp, text, published=published))._.events


def test_a_month_in_the_first_acts_predicate_does_not_date_the_next_act(nlp):
    evs = _events(nlp, "The measures were imposed after Russia annexed Crimea in March 2014 and backed separatists "
                       "in eastern Ukraine.")
    annexed = next(e for e in evs if e.trigger.text == "annexed")
    backed = next(e for e in evs if e.trigger.text == "backed")
    assert annexed.date == "2014-03"
    assert backed.date is None  # neither the annexation's month nor the report's day
    assert backed.modality == "recap"  # told with an act seven years past, it is background too


def test_a_time_opening_the_clause_or_a_day_still_covers_both_acts(nlp):
    evs = _events(nlp, "Police arrested the man on Monday and charged him with murder.")
    days = {e.trigger.text: e.date for e in evs}
    assert days.get("arrested") == days.get("charged") == "2021-05-10"


def test_a_quake_is_not_placed_where_its_damage_was_counted(nlp):
    evs = _events(nlp, "A strong earthquake struck Peru early on Sunday, killing at least 12 people and damaging "
                       "houses in Cusco, the civil defence agency said.")
    struck = next(e for e in evs if e.trigger.text == "struck")
    assert struck.location != "Cusco"
    # the place the quake's own phrase states still places it
    struck = next(e for e in _events(nlp, "A strong earthquake struck in Arequipa province on Sunday, damaging "
                                          "buildings in Lima.") if e.trigger.text == "struck")
    assert struck.location == "Arequipa province"


def test_a_call_told_as_repeated_is_no_shown_telling_of_one_call(nlp):
    from newsledger.settings import EVENT_MIN_CONFIDENCE

    habit = next(e for e in _events(nlp, "Scholz has called Macron several times since taking office.")
                 if e.type == "CONSULT")
    assert habit.confidence < EVENT_MIN_CONFIDENCE
    once = next(e for e in _events(nlp, "Scholz called Macron on Sunday.") if e.type == "CONSULT")
    assert once.confidence >= EVENT_MIN_CONFIDENCE
    # a shooting's "shot several times" is one attack
    shot = next(e for e in _events(nlp, "Police said the man was shot several times on Friday.") if e.type == "ASSAULT")
    assert shot.confidence >= EVENT_MIN_CONFIDENCE


# --- the whole pipeline on reports written for this test ---------------------------------------------------

WIRE = """Iberian leaders hold border talks

LISBON, March 3 (Valley Wire) — Portuguese Prime Minister Antonio Costa met Spanish Prime Minister Pedro Sanchez in Lisbon on Tuesday, and the two leaders agreed to share border patrols along the Minho river, officials said.

The talks lasted three hours, a spokesman for the Portuguese government said.
"""
HERALD = """Iberian leaders meet in Lisbon

LISBON, March 3 (Hill Herald) — Spanish Prime Minister Pedro Sanchez met Portuguese Prime Minister Antonio Costa in Lisbon on Tuesday to discuss border security, according to both governments.

The two men also talked about water rights on shared rivers.
"""
SPAM = """https://quick-cash-news.biz/iberia-summit/

Tuesday, 3 March 2020

Costa and Sanchez meet in Lisbon, agree on patrols

Portuguese Prime Minister Antonio Costa met Spanish Prime Minister Pedro Sanchez in Lisbon on Tuesday, the governments said.

Traders are sending support in bitcoin to border towns, which is faster than a bank, according to our analysts.

Donation wallet: 1QuickCashNewsRe1iefXXXXXXXXXXXX
"""


def test_a_spam_page_in_the_ledger_is_neither_counted_nor_quoted(tmp_path: Path):
    from newsledger.ledger import Ledger

    for name, text in {"wire.txt": WIRE, "herald.txt": HERALD, "spam.txt": SPAM}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Ledger(str(tmp_path / "ledger.duckdb")) as ledger:
        ledger.ingest([str(tmp_path / n) for n in ("wire.txt", "herald.txt", "spam.txt")])
        spam_article = ledger.store.one("SELECT article_id FROM articles WHERE outlet = 'quick-cash-news.biz'")["article_id"]
        meeting = next(e for e in ledger.events() if e["event_type"] == "CONSULT")
        linked = {r["article_id"] for r in ledger.store.rows(
            "SELECT article_id FROM event_mentions WHERE event_id = ?", [meeting["event_id"]])}
        assert spam_article in linked  # the spam page's telling stays in the event
        assert meeting["outlets"] == ["Hill Herald", "Valley Wire"] and meeting["independent_outlets"] == 2
        assert meeting["evidence"]["article_id"] != spam_article
        outlet = next(o for o in ledger.outlets() if o["outlet"] == "quick-cash-news.biz")
        assert any(s["signal"] == "spam" and s["n_hits"] for s in outlet["signals"])


# --- the demo ledger -----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_demo_event_lines_count_and_quote_what_reports_the_act(demo_db):
    from newsledger.ledger import Ledger

    with Ledger(demo_db, read_only=True) as ledger:
        events = ledger.events()
        report = ledger.report()
    for e in events:
        assert "coinprofit-daily.biz" not in e["outlets"] or e["outlets"] == ["coinprofit-daily.biz"]
        if e["evidence"] and {m["outlet"] for m in e["mentions"]} - {"coinprofit-daily.biz"}:
            assert e["evidence"]["outlet"] != "coinprofit-daily.biz", e["event_id"]
    helsinki = next(e for e in events if e["event_type"] == "CONSULT" and e["place"] == "Helsinki")
    assert "Harbor Press Agency" not in helsinki["outlets"]
    assert helsinki["evidence"]["modality"] == "asserted"
    assert "indictment" not in helsinki["summary"]
    # (round 8: the tip-off is no longer dated by the thank-you call's day, so it is found by its doer)
    coop = next(e for e in events if e["event_type"] == "COOPERATE" and "American intelligence" in e["actor_names"])
    assert not {"Russia", "Russians"} & set(coop["actor_names"])
    assert "879ecd14c357a953:53-57" not in report  # the spam page's headline quoted as the call's evidence
