"""Story resolution: same happening joins, different instances of one kind stay apart."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import numpy as np
import pytest

from newsledger.model import Timex
from newsledger.resolve.stories import (
    StoryFeatures,
    StoryIndex,
    _Article,
    explicit_dates,
    features_from_doc,
    specific_numbers,
)

ECBPLUS = Path(os.environ.get("NEWSLEDGER_SHARED", "/work/shared/data")) / "ecbplus"


@pytest.fixture(scope="module")
def embed():
    from newsledger.resolve.embeddings import embed as _embed

    return _embed


@pytest.fixture(scope="module")
def nlp():
    from newsledger.nlp.pipeline import build_pipeline

    return build_pipeline(components=[])


def article(embed, article_id, lead, *, published=None, dates=(), actors=(), places=(), terms=()):
    return StoryFeatures(
        article_id=article_id,
        published=published,
        dates=list(dates),
        actors=list(actors),
        places=list(places),
        terms=list(terms),
        embedding=embed([lead])[0],
    )


@pytest.fixture(scope="module")
def reports(embed):
    """Two phone calls between the same two leaders, years apart, plus unrelated news."""
    call_2017 = dict(
        dates=["2017-01-28"],
        actors=["USA:TRUMP", "RUS:PUTIN", "RUS:KREMLIN"],
        places=["syria", "russia"],
    )
    call_2019 = dict(
        dates=["2019-12-29"],
        actors=["USA:TRUMP", "RUS:PUTIN", "RUS:KREMLIN"],
        places=["saint petersburg", "russia"],
    )
    return {
        "a1": article(
            embed, "a1",
            "The new US president and the Russian leader held their first telephone conversation "
            "and pledged joint action against Islamic State fighters in Syria.",
            published=dt.date(2017, 1, 28), **call_2017,
            terms=["phone", "call", "president", "islamic", "state", "syria", "cooperation",
                   "sanctions", "inauguration", "terrorism"],
        ),
        "a2": article(
            embed, "a2",
            "Moscow says the first call between the two presidents was constructive; they agreed "
            "to coordinate strikes on Islamic State and talked about sanctions.",
            published=dt.date(2017, 1, 29), **call_2017,
            terms=["call", "president", "islamic", "state", "strike", "sanctions", "cooperation",
                   "syria", "moscow", "conversation"],
        ),
        "b1": article(
            embed, "b1",
            "The Russian president phoned Washington to thank the American leader for intelligence "
            "that helped foil a bomb plot in Saint Petersburg over the New Year holiday.",
            published=dt.date(2019, 12, 30), **call_2019,
            terms=["call", "president", "intelligence", "plot", "bomb", "thanks", "holiday",
                   "arrest", "terrorism", "petersburg"],
        ),
        "b2": article(
            embed, "b2",
            "Russian officials say a tip from US intelligence let security services arrest two men "
            "planning attacks in Saint Petersburg; the president called to say thank you.",
            published=dt.date(2019, 12, 31), **call_2019,
            terms=["intelligence", "tip", "plot", "arrest", "attack", "petersburg", "thanks",
                   "call", "security", "service"],
        ),
        "q1": article(
            embed, "q1",
            "A strong earthquake shook the coast of Peru early on Tuesday, damaging houses; "
            "no deaths were reported.",
            published=dt.date(2019, 5, 14), dates=["2019-05-14"], places=["peru"],
            terms=["earthquake", "magnitude", "coast", "house", "damage", "death", "tremor"],
        ),
        "f1": article(
            embed, "f1",
            "The central bank left interest rates unchanged and signalled it would wait for "
            "more inflation data.",
            published=dt.date(2018, 3, 2), dates=["2018-03-02"], actors=["ECB"],
            terms=["bank", "rate", "inflation", "policy", "data", "economy"],
        ),
        "b3_undated": article(
            embed, "b3_undated",
            "Putin thanked Trump by telephone because American intelligence helped stop a "
            "terror plot in Saint Petersburg.",
            actors=["RUS:PUTIN", "USA:TRUMP"], places=["saint petersburg"],
            terms=["intelligence", "plot", "petersburg", "thanks", "telephone", "terror"],
        ),
    }


def build(reports, order):
    index = StoryIndex()
    ids = {key: index.add(reports[key]) for key in order}
    return index, ids


def test_same_call_joins_one_story(reports):
    _, ids = build(reports, ["q1", "a1", "f1", "a2"])
    assert ids["a1"] == ids["a2"]
    assert len({ids["a1"], ids["q1"], ids["f1"]}) == 3


def test_calls_on_different_dates_stay_apart(reports):
    _, ids = build(reports, ["a1", "b1", "a2", "b2", "q1"])
    assert ids["a1"] == ids["a2"]
    assert ids["b1"] == ids["b2"]
    assert ids["a1"] != ids["b1"]


def test_different_dates_block_even_similar_content(embed):
    """Same wording, same people: only the dates differ, and that must keep them apart."""
    lead = "The two presidents talked by telephone about Syria and sanctions."
    common = dict(actors=["USA:TRUMP", "RUS:PUTIN"], places=["syria"], terms=["call", "syria", "sanctions"])
    index = StoryIndex()
    first = index.add(article(embed, "x1", lead, published=dt.date(2017, 1, 28), dates=["2017-01-28"], **common))
    again = index.add(article(embed, "x2", lead, published=dt.date(2017, 1, 28), dates=["2017-01-28"], **common))
    later = index.add(article(embed, "x3", lead, published=dt.date(2019, 12, 29), dates=["2019-12-29"], **common))
    assert first == again
    assert later != first


def test_undated_report_joins_matching_story(reports):
    _, ids = build(reports, ["a1", "b1", "q1", "a2", "b2", "f1", "b3_undated"])
    assert ids["b3_undated"] == ids["b1"]


def test_story_id_comes_from_first_member(reports):
    _, one = build(reports, ["a1", "a2"])
    _, other = build(reports, ["q1", "f1", "b1", "a1", "a2"])
    assert one["a1"] == other["a1"]
    assert one["a1"].startswith("s") and len(one["a1"]) == 9


def test_dump_load_round_trip_continues_identically(reports):
    index, _ = build(reports, ["a1", "b1", "q1"])
    rows = json.loads(json.dumps(index.dump()))
    restored = StoryIndex.load(rows)
    assert restored.assignments() == index.assignments()
    for key in ["a2", "f1", "b2", "b3_undated"]:
        assert restored.add(reports[key]) == index.add(reports[key])
    assert json.dumps(restored.dump()) == json.dumps(index.dump())


def test_dump_rows_are_json_with_story_summary(reports):
    index, ids = build(reports, ["a1", "a2"])
    (row,) = index.dump()
    assert row["id"] == ids["a1"]
    assert row["members"] == ["a1", "a2"]
    assert len(row["centroid"]) == 384
    assert row["date_min"] == "2017-01-28" and row["published_max"] == "2017-01-29"
    assert "RUS:PUTIN" in row["top_actors"]


def test_candidate_retrieval_does_not_scan_every_story():
    rng = np.random.default_rng(7)
    index = StoryIndex()
    n_stories = 300
    centres = rng.normal(size=(n_stories, 384)).astype(np.float32)
    for s in range(n_stories):
        for m in range(2):
            vec = centres[s] + 0.3 * rng.normal(size=384).astype(np.float32)
            index.add(StoryFeatures(
                article_id=f"art{s}-{m}",
                published=dt.date(2020, 1, 1) + dt.timedelta(days=s // 4),
                actors=[f"actor{s}", f"actor{s % 7}"],
                terms=[f"term{s}", f"word{s % 11}", "common"],
                embedding=vec,
            ))
    assert len(index.stories) == n_stories
    before = index.comparisons
    target = 123
    sid = index.add(StoryFeatures(
        article_id="new",
        published=dt.date(2020, 1, 1) + dt.timedelta(days=target // 4),
        actors=[f"actor{target}"],
        terms=[f"term{target}", "common"],
        embedding=centres[target],
    ))
    assert sid == index.assignments()[f"art{target}-0"]
    assert index.comparisons - before <= 30
    # every article so far was compared with a bounded number of stories, not all earlier ones
    assert index.comparisons < 30 * (2 * n_stories + 1)


def test_busy_day_pool_is_capped():
    """However many stories a day holds, only ``temporal_pool`` of them are scored by embedding."""
    rng = np.random.default_rng(3)
    index = StoryIndex(temporal_pool=20)
    day = dt.date(2021, 5, 4)
    for s in range(200):
        index.add(StoryFeatures(article_id=f"busy{s}", published=day, terms=[f"only{s}"],
                                embedding=rng.normal(size=384).astype(np.float32)))
    assert len(index.stories) == 200
    art = _Article.of(StoryFeatures(article_id="probe", published=day, embedding=np.ones(384, np.float32)))
    pool = index._recent_stories(day.toordinal())
    assert len(pool) == 20
    # the most recently joined stories are the ones kept
    assert set(pool) == {index.assignments()[f"busy{s}"] for s in range(180, 200)}
    assert len(index._temporal_candidates(art)) == int(index.params["temporal_candidates"])


def test_shared_specific_numbers_add_a_bonus(embed):
    first = article(embed, "q1", "A strong earthquake struck the coast, killing dozens.",
                    terms=["earthquake", "coast", "6.1", "48"])
    index = StoryIndex()
    story = index.stories[index.add(first)]
    same = _Article.of(article(embed, "q2", "Quake toll rises", terms=["earthquake", "48"]))
    other = _Article.of(article(embed, "q3", "Quake toll rises", terms=["earthquake", "12"]))
    for art in (same, other):
        index.weigh(art)
    assert specific_numbers(["2013", "7", "6.1", "48", "quake"]) == {"6.1", "48"}
    assert index.number_bonus(same, story) == index.params["number_agree"] > 0
    assert index.number_bonus(other, story) == 0.0


def test_explicit_dates():
    assert explicit_dates("on June 13, 2013 at noon") == ["2013-06-13"]
    assert explicit_dates("13 June 2013") == ["2013-06-13"]
    assert explicit_dates("in May 2009") == ["2009-05"]
    assert explicit_dates("back in 2008") == ["2008"]
    assert explicit_dates("Sunday") == []


def test_features_from_plain_spacy_doc(nlp):
    from newsledger.nlp.pipeline import make_doc

    text = ("Rescue teams searched the rubble in Lima on March 3, 2014 after an earthquake "
            "killed 12 people, officials of the Red Cross said. Maria Lopez lost her house.")
    doc = nlp(make_doc(nlp, text, article_id="doc-1", published=dt.date(2014, 3, 4)))
    f = features_from_doc(doc, embedding=np.ones(384, dtype=np.float32))
    assert f.article_id == "doc-1"
    assert f.published == dt.date(2014, 3, 4)
    assert "2014-03-03" in f.dates
    assert "lima" in f.places
    assert "lopez" in f.actors
    assert {"earthquake", "rubble", "12"} <= set(f.terms)
    assert f.embedding.shape == (384,)


def test_features_prefer_component_outputs(nlp):
    from newsledger.model import Entity, TimeFrame
    from newsledger.nlp.pipeline import make_doc

    text = "The minister met the envoy in Paris last week."
    doc = nlp(make_doc(nlp, text, article_id="doc-2"))
    doc._.entities = [Entity(4, 12, "minister", "PERSON", actor="FRA:GOV"),
                      Entity(37, 42, "Paris", "GPE")]
    doc._.times = [Timex(43, 52, "last week", "DATE", "2016-W10")]
    doc._.time_frame = TimeFrame(dt.date(2016, 3, 14), "inferred")
    f = features_from_doc(doc)
    assert f.actors == ["FRA:GOV"]
    assert f.places == ["paris"]
    assert f.dates == ["2016-03-14", "2016-W10"]
    assert f.published is None
    assert f.embedding is None


@pytest.mark.skipif(not ECBPLUS.exists(), reason="shared ECB+ data absent")
def test_ecbplus_two_topics():
    from newsledger.evaluate.stories import format_report, run_cached

    result = run_cached(str(ECBPLUS), topics={16, 11}, components=[])
    assert result["documents"] == 30
    assert result["sorted"]["clusters_gold"] == 4
    assert result["sorted"]["f1"] >= 0.75
    assert result["shuffled_f1_mean"] >= 0.7
    assert "B3" in format_report(result)


def test_reference_clusterings_on_a_small_gold(tmp_path):
    import json

    from newsledger.evaluate.stories import bcubed
    from newsledger.evaluate.story_baselines import run_baselines

    docs = tmp_path / "docs"
    docs.mkdir()
    topics = {
        "flood": "The river flood swept through the valley town and rescuers used boats to reach stranded farmers.",
        "vote": "The parliament vote on the budget passed narrowly after a long night of debate among deputies.",
    }
    gold = {}
    for event, text in topics.items():
        for i in range(3):
            name = f"{event}{i}"
            (docs / f"{name}.txt").write_text(f"{text} Report number {i} adds a detail of its own.", encoding="utf-8")
            gold[name] = event
    (tmp_path / "gold.jsonl").write_text(
        "".join(json.dumps({"doc": d, "topic": 1, "event": e}) + "\n" for d, e in gold.items()), encoding="utf-8")
    result = run_baselines(str(tmp_path), gold, bcubed)
    assert result["kmeans_true_k"]["f1"] == 1.0
    assert result["avglink_best_threshold"]["f1"] == 1.0
    assert result["avglink_best_threshold"]["clusters_pred"] == 2
