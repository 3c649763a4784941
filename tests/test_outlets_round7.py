"""Outlet lines, claims and contradiction labels a careful reader would call true (issue 10, round 7).

Texts written for these tests: a ferry collision in an invented port told by
three outlets quoting the port authority differently, a flood toll the
regional ministry "now says", a newsletter naming an inspector's statement and
a councillor's criticism, and pages with and without encoding damage.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from newsledger.assess.outlets import (
    distinct_sources, is_anonymous_source, judged_side, source_label,
)
from newsledger.clean.cleaner import clean_text
from newsledger.ledger import Ledger
from newsledger.report.render import value_side
from newsledger.resolve import events as E
from newsledger.resolve.claims import _words, same_statement, speaker_block_key, unnamed_speaker_key
from newsledger.resolve.disputes import count_sides

# --- texts written for these tests -----------------------------------------

FILLER = (
    "The harbour at Valmora handles about forty ferry crossings a day in summer, most of them to the islands "
    "of the outer bay, and the port has not had a serious accident since the breakwater was rebuilt in 2009. "
    "Local traders said the morning rush had been quieter than usual because of the fog."
)

REPORTS = [
    ("w1", "Coastline Wire", "2025-06-03", "Two ferries collide in fog off Valmora",
     "VALMORA, June 3 (Coastline Wire) - Two passenger ferries collided in thick fog outside the harbour of Valmora "
     "on Tuesday morning, injuring eleven people. The port authority said the two captains had been discussing "
     "the engine trouble. Captain Ilse Brandt, who commands "
     "the harbour pilots, said visibility had dropped below fifty metres within minutes. " + FILLER),
    ("w2", "Bayside Post", "2025-06-03", "Eleven hurt as ferries crash in Valmora fog",
     "Eleven people were hurt on Tuesday when two ferries crashed in fog outside Valmora harbour. The port "
     "authority said the two captains had been discussing the new radar and that the harbour office had approved the route. Mayor Tomas Lind said the town hospital had treated all the injured. " + FILLER),
    ("w3", "Gulf Herald", "2025-06-03", "Valmora ferry crash: inquiry opens",
     "Two ferries collided near Valmora on Tuesday. The port authority said the two captains had been "
     "discussing the fog warning. Fisherman Paolo Reyes said he heard "
     "the horns of both ships just before the crash. " + FILLER),
]

VIGIL = ("Flood families gather in Eastmere", "Eastmere Gazette", "2025-06-10",
         "Families with relatives in the river valley gathered at the Eastmere town hall on Tuesday evening for the "
         "victims of last week's floods, which the regional interior ministry now says have killed more than 140 "
         "people. Many of those who came have cousins and grandparents in the villages along the river, where the "
         "water rose by four metres in a single night. \"My aunt lost her whole farm, but she is safe,\" said "
         "Miriam Okafor, who runs a pharmacy near the station. Volunteers are collecting blankets and tinned food, "
         "which a registered charity will drive to the valley at the weekend, and the town council has opened its "
         "sports hall to store the donations until the trucks leave.")

NEWSLETTER = ("Morning notes: the bridge inquiry", "Harbour Letter", "2025-06-11",
              "Good morning. One story matters today. The bridge. The Kestrel Bridge over the Aller was closed to "
              "traffic yesterday after cracks were found in two of its piers. The backlash. Councillor Greta Holm, "
              "criticised the city's inspection schedule in a heated session of the council. The chief engineer of "
              "the region, Jonas Pihl, put out a statement standing by last year's inspection of the piers. The "
              "context. The bridge carries about thirty thousand cars a day and the nearest other crossing is "
              "twelve kilometres upstream, so drivers should expect long queues on the ring road for the rest of "
              "the month. We will follow the repairs here every morning.")

DAMAGED = ("Port fees rise", "Quay Daily", "2025-06-12",
           "The port\u00e2\u20ac\u2122s board voted on Thursday to raise berth fees by four per cent from July, "
           "the first rise since 2021.")
SPACED = ("Port fees rise again", "Quay Daily", "2025-06-13",
          "The port board\u00a0voted on Friday to raise the\u00a0fees for private yachts by two per cent from August.")


def _jsonl(folder, rows):
    path = folder / "reports.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "source": s, "published": p, "title": t, "text": x})
                              for i, s, p, t, x in rows), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A ledger of every text above, closed: each test opens it read-only."""
    folder = tmp_path_factory.mktemp("round7")
    rows = REPORTS + [(f"x{n}", s, p, t, x) for n, (t, s, p, x) in enumerate([VIGIL, NEWSLETTER, DAMAGED, SPACED])]
    with Ledger(folder / "l.duckdb") as ledger:
        assert ledger.ingest([_jsonl(folder, rows)]).failed == []
    return str(folder / "l.duckdb")


@pytest.fixture
def store(db):
    with Ledger(db, read_only=True) as ledger:
        yield ledger.store


def signals(store, outlet):
    rows = store.rows("SELECT * FROM outlet_signals WHERE outlet = ?", [outlet])
    return {r["signal"]: {**r, "examples": json.loads(r["examples"]) if r["examples"] else []} for r in rows}


# --- W6: one speaker's different remarks are different claims -----------------

def test_one_speakers_different_remarks_in_one_story_are_not_one_claim(store):
    rows = store.rows("SELECT q.content_text, c.independent_outlets FROM quotes q JOIN claims c ON c.claim_id = q.claim_id "
                      "WHERE q.speaker_text ILIKE '%port authority%' ORDER BY q.content_text")
    assert len(rows) == 3, rows
    assert all(r["independent_outlets"] == 1 for r in rows)


def test_same_statement_needs_the_same_content_not_the_same_frame():
    a = _words("the two captains had been discussing the engine trouble")
    b = _words("the two captains had been discussing the fog warning")
    assert not same_statement(a, b)  # the frame "the two captains had been discussing" is most of their words
    # two outlets' words for one readout share two thirds of their content words: one statement
    assert same_statement(_words("the two ministers had agreed to coordinate naval patrols against piracy in the strait"),
                          _words("the two ministers agreed during a meeting to work together against piracy in the strait"))
    assert same_statement(_words("the call lasted about an hour"), _words("The call lasted about an hour, officials said"))
    assert same_statement(_words("We will sit down with them next week"), _words("we will sit down with them"))


def test_a_speaker_written_two_ways_is_one_speaker():
    assert unnamed_speaker_key("the U.S. Geological Survey") == unnamed_speaker_key("US Geological Survey")
    assert speaker_block_key("x:u-s-geological-survey") == speaker_block_key("x:us-geological-survey")
    assert speaker_block_key("x:u-s-geological-survey") != speaker_block_key("x:geological-society")


# --- A21: a claim shows its speaker even when no actor was resolved -------------

def test_every_claim_shows_a_speaker_when_its_quotes_name_one(store):
    empty = store.rows("SELECT c.claim_id FROM claim_overview c WHERE c.speaker_name IS NULL AND EXISTS "
                       "(SELECT 1 FROM quotes q WHERE q.claim_id = c.claim_id AND q.speaker_text IS NOT NULL)")
    assert empty == []


# --- W13 / W15: sources named before a verb of saying --------------------------

def test_a_toll_the_ministry_now_says_is_a_named_source(store):
    gazette = signals(store, "Eastmere Gazette")
    assert gazette["sourced_reports"]["n_hits"] == 1, gazette["sourced_reports"]
    (example,) = gazette["sourced_reports"]["examples"]
    assert any("interior ministry" in s for s in example["sources"]) and "Miriam Okafor" in example["sources"]


def test_a_newsletter_naming_a_statement_and_a_critic_names_its_sources(store):
    letter = signals(store, "Harbour Letter")
    assert letter["unsourced_reports"]["n_hits"] == 0
    (example,) = letter["sourced_reports"]["examples"]
    assert len(example["sources"]) == 2 and any("Greta Holm" in s for s in example["sources"]) and "Jonas Pihl" in example["sources"]


def test_source_labels_drop_the_description_and_count_one_body_once():
    assert source_label("Captain Ilse Brandt, who commands the harbour pilots") == "Captain Ilse Brandt"
    assert source_label("Senator Ann Vale of Maine, the chair of the committee,") == "Senator Ann Vale of Maine"
    assert source_label("The European Union, NATO and the United States") == "The European Union, NATO and the United States"
    assert distinct_sources(["the interior ministry", "The ministry", "Miriam Okafor"]) == ["the interior ministry", "Miriam Okafor"]
    assert distinct_sources(["Moscow", "the Foreign Ministry"]) == ["Moscow", "the Foreign Ministry"]


def test_a_described_but_unnamed_source_is_not_a_named_one():
    assert is_anonymous_source("a senior Senate aide")
    assert is_anonymous_source("a member of a volunteer rescue group from Casablanca")
    assert not is_anonymous_source("a spokesman for the port authority")
    assert not is_anonymous_source("a statement posted on the Kremlin website")
    assert not is_anonymous_source("the interior ministry")


# --- W14: valid text is not encoding damage ------------------------------------

def test_only_real_mojibake_counts_as_an_encoding_repair(store):
    assert clean_text("The board\u00a0voted on Friday.").repairs == 0
    assert clean_text("The port\u00e2\u20ac\u2122s board voted.").repairs == 1
    repairs = signals(store, "Quay Daily")["repairs"]
    assert (repairs["n_hits"], repairs["n_total"]) == (1, 2)


# --- W12 / A7: majority and outlier labels -------------------------------------

def _figure(outlet, value):
    return E.Figure(mention=SimpleNamespace(source=outlet, article=outlet + "-1"), value=value, span=(0, 1))


def test_one_outlet_against_one_is_no_majority():
    high, low, earlier = _figure("Blog", 20000), _figure("Ledger", 7800), _figure("Wire", 4000)
    figs = [high, low, earlier]
    sides = count_sides(figs, {id(high)}, {id(low)})
    assert set(sides.values()) == {"unresolved"}
    other = _figure("Post", 7900)
    figs.append(other)
    sides = count_sides(figs, {id(high)}, {id(low), id(other)})
    assert sides[id(high)] == "outlier" and sides[id(low)] == "majority"


def test_a_cited_outlier_is_labelled_alike_in_the_report_and_on_the_outlet_page():
    assert judged_side("outlier", "the country's disaster and emergency agency AFAD") == "cited"
    assert judged_side("outlier", "Sources on the ground") == "outlier"
    cited = {"side": "outlier", "reported_by": ["Harbor Wire (citing the national seismology institute)"]}
    vague = {"side": "outlier", "reported_by": ["Harbor Wire (citing the national seismology institute)", "Blog"]}
    assert value_side(cited) == "cited" and value_side(vague) == "outlier"


# A mudslide toll told by three outlets: a wire the first day, a paper and a blog the next. The blog's
# figure is far above the paper's that day, and no later report is in the ledger.
SLIDE_REPORTS = [
    ("m1", "Alpine Wire", "2024-10-14", "Mudslide buries homes in Sorvik",
     "SORVIK — A mudslide buried a row of houses in the mountain village of Sorvik on Monday, killing at least 8 people, "
     "the district police said."),
    ("m2", "Sorvik Courier", "2024-10-15", "Sorvik mudslide toll rises",
     "SORVIK — The mudslide that hit Sorvik on Monday has killed 25 people, the district police said on Tuesday."),
    ("m3", "Ridge Talk Blog", "2024-10-15", "What they are not telling you about Sorvik",
     "The mudslide that hit Sorvik on Monday has killed more than 80 people, neighbours told us, "
     "far more than the police will say."),
]


def test_a_count_disputed_by_one_outlet_against_one_has_no_majority(tmp_path):
    with Ledger(tmp_path / "slide.duckdb") as ledger:
        assert ledger.ingest([_jsonl(tmp_path, SLIDE_REPORTS)]).failed == []
        sides = ledger.store.rows("SELECT r.outlet, r.side FROM contradiction_reports r JOIN contradictions c "
                                  "USING (contradiction_id) WHERE c.kind = 'count:killed' ORDER BY r.outlet")
        report = ledger.report()
    assert sides == [{"outlet": "Ridge Talk Blog", "side": "unresolved"}, {"outlet": "Sorvik Courier", "side": "unresolved"}]
    line = next(l for l in report.splitlines() if "contradiction (count:killed" in l)
    assert "[majority]" not in line and "[outlier]" not in line and "unresolved" in line


def test_the_outlet_evidence_lists_sources_apart_when_one_holds_commas():
    from newsledger.report.render import _example

    shown = _example({"article": "a1", "sources": ["The European Union, NATO and the United States", "Anna Korhonen"]})
    assert shown == "`a1` (naming The European Union, NATO and the United States; Anna Korhonen)"


def test_every_name_of_a_list_before_a_verb_of_saying_is_a_source(store):
    # "Councillors Anja Berg and Greta Holm, criticised ..." would name both; the newsletter above names one
    # councillor and the engineer, and a name in a list not followed by a verb of saying names nobody.
    from newsledger.assess.outlets import _listed_before

    stated = {"article_id": "a", "entity_start": 20, "stated": True}
    assert _listed_before({"article_id": "a", "entity_end": 15, "after": " and Greta Holm, criticised"}, stated)
    assert _listed_before({"article_id": "a", "entity_end": 18, "after": ", Greta Holm, criticised"}, stated)
    assert not _listed_before({"article_id": "a", "entity_end": 10, "after": " met with Greta Holm"}, stated)
    assert not _listed_before({"article_id": "a", "entity_end": 15, "after": " and Greta Holm"}, {**stated, "stated": False})
