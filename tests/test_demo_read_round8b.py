"""The demo read after round 8's cut (reader10): a line names the outlets it does not count and why, a single
counted source says so, a line resting only on outlets scoring below the baseline shows their scores, and the
outlet assessment counts corroboration with the line's own rule.
Texts written for these tests: two foreign ministers of invented countries meet, previewed by a wire the day before."""

from __future__ import annotations

import json

import pytest

from newsledger.ledger import Ledger
from newsledger.report.query import list_events, single_source_tag, uncounted_outlets
from newsledger.report.render import _event_line, _single_source_count, gather, low_score_note, uncounted_note

REPORTS = [
    ("p1", "Coastline Wire", "2025-03-02", "Ministers due to meet",
     "Foreign Minister Anna Berg of Norland and Foreign Minister Piet Vos of Estmark are due to meet in Valmora on "
     "Monday to discuss fishing rights. Fishermen on both coasts say the quarrel over the strait has cost them much "
     "of their catch this winter."),
    ("d1", "Bayside Post", "2025-03-04", "Berg and Vos meet in Valmora",
     "Foreign Minister Anna Berg of Norland met Foreign Minister Piet Vos of Estmark in Valmora on Monday to discuss "
     "fishing rights. The harbour office in Valmora expects the quay to be crowded with reporters and with "
     "protesting trawler crews."),
    ("d2", "Gulf Herald", "2025-03-04", "Norland and Estmark ministers hold talks",
     "Anna Berg, Norland's foreign minister, met Piet Vos, the foreign minister of Estmark, in Valmora on Monday. "
     "Estmark's trawler fleet has shrunk by a third since the quotas were cut, according to its union."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("round8b")
    path = folder / "reports.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "source": s, "published": p, "title": t, "text": x})
                              for i, s, p, t, x in REPORTS), encoding="utf-8")
    with Ledger(folder / "l.duckdb") as ledger:
        assert ledger.ingest([str(path)]).failed == []
    return str(folder / "l.duckdb")


@pytest.fixture
def store(db):
    with Ledger(db, read_only=True) as ledger:
        yield ledger.store


def _meeting(store):
    lines = [e for e in list_events(store, type="CONSULT") if "Bayside Post" in e["outlets"]]
    assert len(lines) == 1, lines
    return lines[0]


# --- N14: the outlet page counts corroboration as the line does ------------------------------------------------

def test_a_wire_that_only_previewed_a_meeting_earns_no_corroboration_for_it(store):
    meeting = _meeting(store)
    assert meeting["outlets"] == ["Bayside Post", "Gulf Herald"]
    rows = {r["outlet"]: r for r in store.rows("SELECT outlet, n_events, n_events_corroborated FROM outlets")}
    assert rows["Coastline Wire"]["n_events_corroborated"] == 0
    assert rows["Bayside Post"]["n_events_corroborated"] == 1 and rows["Gulf Herald"]["n_events_corroborated"] == 1


# --- N15: the line names the outlets it does not count ---------------------------------------------------------

def test_the_line_names_the_preview_as_told_as_a_plan_not_counted(store):
    meeting = _meeting(store)
    assert meeting["uncounted_outlets"] == {"told as a plan or possibility": ["Coastline Wire"]}
    line = _event_line(meeting, {})
    assert "Bayside Post, Gulf Herald; also told as a plan or possibility, not counted: Coastline Wire" in line
    assert set(meeting["outlets"]).isdisjoint(*meeting["uncounted_outlets"].values())


def test_no_outlet_is_both_counted_and_listed_as_not_counted(store):
    events = list_events(store, min_confidence=0)
    for e in events:
        for outlets in uncounted_outlets(store, [e]).get(e["event_id"], {}).values():
            assert set(outlets).isdisjoint(e["outlets"]), e


def _line(outlets, single, uncounted=None):
    return {"event_id": "e1", "event_date": None, "date_precision": None, "actor_names": ["Norland"],
            "recipient_names": ["Estmark"], "event_type": "COOPERATE", "mode": None, "modality": "asserted",
            "single_source": single, "place": None, "outlets": outlets, "independent_outlets": len(outlets),
            "n_mentions": 2, "mentions": [], "contradictions": [], "count_updates": [],
            "uncounted_outlets": uncounted or {}}


def test_a_single_source_told_weakly_elsewhere_is_a_single_counted_source():
    weak = _line(["Bayside Post"], True, {"weaker passages": ["Gulf Herald", "Coastline Wire"]})
    assert single_source_tag(weak) == "single counted source"
    assert single_source_tag(_line(["Bayside Post"], True)) == "single source"
    assert single_source_tag(_line(["Bayside Post", "Gulf Herald"], False)) is None
    line = _event_line(weak, {})
    assert "_(single counted source)_" in line
    assert line.endswith("Bayside Post; also in weaker passages, not counted: Gulf Herald, Coastline Wire")
    assert uncounted_note(_line(["Bayside Post"], True)) == ""


def test_the_header_counts_single_sources_as_the_lines_tag_them():
    assert _single_source_count({"single_source_events": 4, "single_source_told_elsewhere": 0}) == \
        "4 resting on a single source"
    assert _single_source_count({"single_source_events": 4, "single_source_told_elsewhere": 1}) == \
        "4 resting on a single counted source (1 of them also told by other outlets in passages not counted)"


def test_the_report_header_and_lines_agree(db):
    with Ledger(db, read_only=True) as ledger:
        data = gather(ledger.store)
    events = [e for s in data["stories"] for e in s["events"]] + data["unstoried_events"]
    assert data["totals"]["single_source_events"] == sum(1 for e in events if e["single_source_tag"])
    assert data["totals"]["single_source_told_elsewhere"] == \
        sum(1 for e in events if e["single_source_tag"] == "single counted source")


# --- N13: a line resting only on low-scoring outlets says what they score ----------------------------------------

def test_a_line_resting_only_on_outlets_below_the_baseline_shows_their_scores():
    line = _line(["Valley Truth Blog"], True)
    assert low_score_note(line, {"Valley Truth Blog": 0.4}) == \
        " (only outlet(s) scoring below the 0.50 baseline: Valley Truth Blog 0.40)"
    assert "Valley Truth Blog (only outlet(s) scoring below the 0.50 baseline: Valley Truth Blog 0.40)" in \
        _event_line(line, {"Valley Truth Blog": 0.4})
    # one counted outlet at or above the baseline, or one not assessed: no note
    assert low_score_note(_line(["Valley Truth Blog", "Bayside Post"], False),
                          {"Valley Truth Blog": 0.4, "Bayside Post": 0.7}) == ""
    assert low_score_note(line, {}) == ""
    assert low_score_note(_line(["Bayside Post"], True), {"Bayside Post": 0.5}) == ""


# --- N15: a weak telling that states the line's own day counts its outlet ---------------------------------------

def _telling(i, outlet, confidence, date="2025-03-03", source="time", modality="asserted", mode=None):
    import datetime as dt

    from newsledger.resolve.events import Mention

    m = Mention(
        id=f"m{i}", article=f"{outlet}-1", type="CONSULT", mode=mode, actors=["NOR"], recipients=["EST"],
        date=date, date_source=source if date else None, precision="day" if date else None, location=None,
        modality=modality, confidence=confidence, story="s1", source=outlet, root=f"{outlet}-1",
        published=dt.date(2025, 3, 4), seq=i, trigger=(0, 4, "call"), sentence=(0, 10), location_span=(None, None),
        time_span=(None, None),
    )
    m.participants = set(m.actors + m.recipients)
    m.spam_page = False
    m.countries = {}
    return m


def test_a_weak_telling_stating_the_lines_own_day_in_its_sentence_counts_its_outlet():
    from newsledger.resolve.events import independent_count, outlet_voices, tells_the_shown_day

    shown = _telling(0, "Bayside Post", 0.9)
    same_day = _telling(1, "Gulf Herald", 0.19)                      # "ended their phone call on Monday"
    nearby = _telling(2, "Coastline Wire", 0.25, source="discourse")  # its day read from another sentence
    other_day = _telling(3, "Harbour Letter", 0.3, date="2025-03-01")
    plan = _telling(4, "Valley Wire", 0.3, modality="future")
    meeting = _telling(5, "Hill Post", 0.3, mode="in-person")
    assert tells_the_shown_day(same_day, [shown])
    assert not any(tells_the_shown_day(m, [shown]) for m in (nearby, other_day, plan))
    assert not tells_the_shown_day(meeting, [_telling(6, "Bayside Post", 0.9, mode="phone")])
    outlets, independent = independent_count(outlet_voices([shown, same_day, nearby, other_day, plan]))
    assert (outlets, independent) == (["Bayside Post", "Gulf Herald"], 2)
    # a weak telling counts only beside a shown telling of that day: alone, the line counts every telling as before
    assert not tells_the_shown_day(same_day, [])


# --- N16: an evaluative naming reads as a statement ---------------------------------------------------------------

@pytest.fixture(scope="module")
def quotes_nlp():
    from newsledger.nlp.pipeline import build_pipeline

    return build_pipeline(["newsledger_quotes"])


def _contents(nlp, text):
    from newsledger.nlp.pipeline import make_doc

    return [(q.kind, q.content.text) for q in nlp(make_doc(nlp, text))._.quotes if q.content]


def test_a_verdict_told_by_a_verb_of_naming_is_shown_from_its_cue(quotes_nlp):
    assert ("indirect", "called the talks a useful start") in _contents(
        quotes_nlp, "The Estmark government called the talks a useful start, and officials said more rounds would follow.")
    assert _contents(quotes_nlp, "The Norland foreign ministry called the new quotas unlawful.") == \
        [("indirect", "called the new quotas unlawful")]
    # an ordinary reported clause keeps its content as it was
    assert _contents(quotes_nlp, "The minister said the talks had gone well.") == [("indirect", "the talks had gone well")]


def test_the_attributions_own_pieces_are_unchanged_for_mode_all():
    from newsledger.nlp.pipeline import build_pipeline, make_doc
    from newsledger.nlp.quotes import extract_quotes

    nlp = build_pipeline(["newsledger_quotes"])
    doc = nlp(make_doc(nlp, "The Norland foreign ministry called the new quotas unlawful."))
    assert [q.content.text for q in extract_quotes(doc, mode="all") if q.content] == ["the new quotas unlawful"]


# --- N19 (reader11): a counted outlet can be checked ----------------------------------------------------------------

@pytest.mark.slow
def test_every_counted_outlet_of_a_shown_line_has_a_listed_passage(demo_db):
    """A line's count may rest on a weak telling (``tells_the_shown_day``); ``show`` must then list that
    telling, apart from the shown mentions, so each counted outlet can be checked against its words."""
    with Ledger(demo_db, read_only=True) as ledger:
        events = list_events(ledger.store)
    below = 0
    for e in events:
        shown = {m["outlet"] for m in e["mentions"]}
        extra = {m["outlet"] for m in e["counted_below_cut"]}
        assert set(e["outlets"]) <= shown | extra, e["event_id"]
        assert not shown & extra, e["event_id"]
        assert all(m["confidence"] < 0.5 for m in e["counted_below_cut"])
        below += len(e["counted_below_cut"])
    assert below >= 1  # the demo's 2017 call counts the Daily Ledger's "ended their first phone conversation on Saturday"


def test_a_weak_telling_that_counts_is_listed_on_its_line(store):
    """On a small ledger: whatever the line counts is either shown or listed as counted below the cut."""
    for e in list_events(store):
        listed = {m["outlet"] for m in e["mentions"]} | {m["outlet"] for m in e["counted_below_cut"]}
        assert set(e["outlets"]) <= listed, e
