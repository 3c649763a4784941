"""Story resolution: same happening joins, different instances of one kind stay apart."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from pathlib import Path

import numpy as np
import pytest

from newsledger.resolve.stories import (
    StoryFeatures,
    StoryIndex,
    features_from_doc,
    shingles,
    story_id_for,
    story_words,
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


def article(embed, article_id, text, *, published=None):
    return StoryFeatures(
        article_id=article_id,
        published=published,
        words=story_words(text),
        embedding=embed([text])[0],
    )


@pytest.fixture(scope="module")
def reports(embed):
    """Two phone calls between the same two leaders, years apart, plus unrelated news."""
    return {
        "a1": article(
            embed, "a1",
            "Trump and Putin held their first telephone conversation on Saturday and pledged joint action "
            "against Islamic State fighters in Syria. The Kremlin said sanctions were not discussed.",
            published=dt.date(2017, 1, 28),
        ),
        "a2": article(
            embed, "a2",
            "The Kremlin says the first call between Putin and Trump was constructive; the two agreed "
            "to coordinate strikes on Islamic State in Syria and did not discuss sanctions.",
            published=dt.date(2017, 1, 29),
        ),
        "b1": article(
            embed, "b1",
            "Putin phoned Trump to thank him for intelligence that helped foil a bomb plot in "
            "Saint Petersburg over the New Year holiday, the Kremlin said.",
            published=dt.date(2019, 12, 30),
        ),
        "b2": article(
            embed, "b2",
            "A tip from US intelligence let Russian security services arrest two men planning attacks "
            "in Saint Petersburg; Putin called Trump to thank him, the Kremlin said.",
            published=dt.date(2019, 12, 31),
        ),
        "q1": article(
            embed, "q1",
            "A strong earthquake shook the coast of Peru early on Tuesday, damaging houses; "
            "no deaths were reported.",
            published=dt.date(2019, 5, 14),
        ),
        "f1": article(
            embed, "f1",
            "The central bank left interest rates unchanged and signalled it would wait for "
            "more inflation data.",
            published=dt.date(2018, 3, 2),
        ),
        "b3_undated": article(
            embed, "b3_undated",
            "Putin thanked Trump by telephone because American intelligence helped stop a "
            "terror plot in Saint Petersburg.",
        ),
    }


def build(reports, order, **params):
    index = StoryIndex(**params)
    for key in order:
        index.add(reports[key])
    return index, index.assignments()


def test_story_words_and_shingles():
    words = story_words("The Red Sox made an offer to Mark Teixeira.", None)
    assert words == ["red", "sox", "offer", "mark", "teixeira"]
    grams = shingles(words, 3)
    assert sum(grams.values()) == 5 + 4 + 3
    assert shingles(words, 3) == grams  # stable hashing, not Python's salted hash()


def test_same_call_joins_one_story(reports):
    _, ids = build(reports, ["q1", "a1", "f1", "a2"])
    assert ids["a1"] == ids["a2"]
    assert len({ids["a1"], ids["q1"], ids["f1"]}) == 3


def test_calls_on_different_dates_stay_apart(reports):
    _, ids = build(reports, ["a1", "b1", "a2", "b2", "q1"])
    assert ids["a1"] == ids["a2"]
    assert ids["b1"] == ids["b2"]
    assert ids["a1"] != ids["b1"]


def test_different_dates_block_even_identical_content(embed):
    """Same wording, same people: only the dates differ, and that must keep them apart."""
    text = "The two presidents talked by telephone about Syria and sanctions, the Kremlin said."
    index = StoryIndex()
    first = index.add(article(embed, "x1", text, published=dt.date(2017, 1, 28)))
    again = index.add(article(embed, "x2", text, published=dt.date(2017, 1, 28)))
    later = index.add(article(embed, "x3", text, published=dt.date(2019, 12, 29)))
    ids = index.assignments()
    assert first == again == ids["x1"] == ids["x2"]
    assert later != first


def test_undated_report_joins_matching_story(reports):
    _, ids = build(reports, ["a1", "b1", "q1", "a2", "b2", "f1", "b3_undated"])
    assert ids["b3_undated"] == ids["b1"]
    assert ids["b3_undated"] != ids["a1"]


def test_story_id_comes_from_first_member(reports):
    _, one = build(reports, ["a1", "a2"])
    _, other = build(reports, ["q1", "f1", "b1", "a1", "a2"])
    assert one["a1"] == other["a1"] == story_id_for("a1")
    assert one["a1"].startswith("s") and len(one["a1"]) == 9


def test_dump_load_round_trip_continues_identically(reports):
    index, _ = build(reports, ["a1", "b1", "q1"])
    rows = json.loads(json.dumps(index.dump()))
    restored = StoryIndex.load(rows)
    assert restored.assignments() == index.assignments()
    for key in ["a2", "f1", "b2", "b3_undated"]:
        assert restored.add(reports[key]) == index.add(reports[key])
    assert json.dumps(restored.dump()) == json.dumps(index.dump())


def test_dump_rows_are_json_with_members(reports):
    index, ids = build(reports, ["a1", "a2"])
    (row,) = index.dump()
    assert row["id"] == ids["a1"] and row["size"] == 2
    assert [m["id"] for m in row["members"]] == ["a1", "a2"]
    first = row["members"][0]
    assert len(base64.b64decode(first["emb"])) == 384 * 2  # float16
    assert first["day0"] == dt.date(2017, 1, 28).toordinal()
    assert [s for _, s in first["knn"]] == [1]
    assert index.dirty == {ids["a1"]}
    assert StoryIndex.load(json.loads(json.dumps(index.dump()))).dirty == set()


def test_bad_embedding_is_refused_before_anything_is_stored(reports):
    index, _ = build(reports, ["a1"])
    bad = StoryFeatures(article_id="bad", words=["putin", "trump"], embedding=np.ones(10, dtype=np.float32))
    with pytest.raises(ValueError, match="bad: embedding of shape"):
        index.add(bad)
    assert "bad" not in index.assignments() and len(index.nodes) == 1


def test_load_refuses_an_article_stored_twice(reports):
    index, _ = build(reports, ["a1", "a2"])
    (row,) = json.loads(json.dumps(index.dump()))
    row["members"].append(dict(row["members"][0]))
    with pytest.raises(ValueError, match="stored twice"):
        StoryIndex.load([row])


def rehab_report(name, place, i):
    """One kind of happening, two instances: shared wording, different people and clinics."""
    return StoryFeatures(
        article_id=f"{name.split()[-1].lower()}{i}",
        words=story_words(
            f"Actress {name} has checked into rehab at {place}, her publicist confirmed. "
            f"{name} entered the {place} treatment programme this week; report {i} adds the "
            f"{['morning', 'evening', 'weekend', 'statement', 'family'][i]} detail. "
            "Celebrities often seek treatment at private rehab centres."
        ),
    )


def test_two_happenings_of_one_kind_split_even_when_interleaved():
    index = StoryIndex()
    for i in range(5):
        index.add(rehab_report("Tara Reid", "Promises Malibu", i))
        index.add(rehab_report("Lindsay Lohan", "Betty Ford Center", i))
    ids = index.assignments()
    assert len({ids[f"reid{i}"] for i in range(5)}) == 1
    assert len({ids[f"lohan{i}"] for i in range(5)}) == 1
    assert ids["reid0"] != ids["lohan0"]


def test_greedy_fallback_when_region_is_large(reports):
    """With ``max_region`` exceeded only the newcomer moves, to its best neighbouring story."""
    _, ids = build(reports, ["a1", "b1", "q1", "a2", "b2"], max_region=1)
    assert ids["a1"] == ids["a2"] and ids["b1"] == ids["b2"] and ids["a1"] != ids["b1"]


def test_candidate_retrieval_does_not_scan_every_article():
    index = StoryIndex()
    n_stories = 300
    for s in range(n_stories):
        for m in range(2):
            index.add(StoryFeatures(
                article_id=f"art{s}-{m}",
                published=dt.date(2020, 1, 1) + dt.timedelta(days=s // 4),
                words=[f"name{s}", f"place{s}", f"act{s}", f"thing{s}", f"topic{s % 11}", "said", f"detail{s}x{m}"],
            ))
    assert len(index.stories) == n_stories
    before = index.comparisons
    target = 123
    sid = index.add(StoryFeatures(
        article_id="new",
        published=dt.date(2020, 1, 1) + dt.timedelta(days=target // 4),
        words=[f"name{target}", f"place{target}", "common", "report"],
    ))
    assert sid == index.assignments()[f"art{target}-0"]
    assert index.comparisons - before <= index.params["candidates"]
    assert index.comparisons <= index.params["candidates"] * (2 * n_stories + 1)


def test_features_from_plain_spacy_doc(nlp):
    from newsledger.nlp.pipeline import make_doc

    text = ("Rescue teams searched the rubble in Lima on March 3, 2014 after an earthquake "
            "killed 12 people, officials of the Red Cross said. Maria Lopez lost her house.")
    doc = nlp(make_doc(nlp, text, article_id="doc-1", published=dt.date(2014, 3, 4)))
    f = features_from_doc(doc, embedding=np.ones(384, dtype=np.float32))
    assert f.article_id == "doc-1"
    assert f.published == dt.date(2014, 3, 4)
    assert {"lima", "earthquake", "rubble", "12", "lopez"} <= set(f.words)
    assert "the" not in f.words
    assert f.embedding.shape == (384,)


def test_features_take_metadata_dates_only(nlp):
    """An inferred frame date is not a publication date here; the ledger decides how to use it."""
    from newsledger.model import TimeFrame
    from newsledger.nlp.pipeline import make_doc

    doc = nlp(make_doc(nlp, "The minister met the envoy in Paris last week.", article_id="doc-2"))
    doc._.time_frame = TimeFrame(dt.date(2016, 3, 14), "inferred")
    assert features_from_doc(doc).published is None
    doc._.time_frame = TimeFrame(dt.date(2016, 3, 14), "metadata")
    f = features_from_doc(doc)
    assert f.published == dt.date(2016, 3, 14)
    assert f.words == ["minister", "met", "envoy", "paris", "week"]
    assert f.embedding is None


@pytest.mark.shared
@pytest.mark.skipif(not ECBPLUS.exists(), reason="shared ECB+ data absent")
def test_ecbplus_topic_through_the_cached_ledger():
    """The tuning path ingests like ``newsledger ingest`` and replays the features ``assign_stories`` builds."""
    from newsledger.evaluate.stories import format_report, run_cached

    result = run_cached(str(ECBPLUS), topics={33})
    assert result["documents"] == 16
    assert result["sorted"]["clusters_gold"] == 2
    assert result["sorted"]["f1"] >= 0.9
    assert result["shuffled_f1_mean"] >= 0.85
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


def test_ledger_keeps_resolving_stories_across_ingest_runs(tmp_path):
    """A second ingest reloads the stored graph: new reports join the stories they belong to."""
    from newsledger.ledger import Ledger

    texts = {
        "quake1": "A magnitude 6.2 earthquake struck near the port of Valdoria on Monday, collapsing "
                  "two hotels and killing 14 people, the Valdoria fire brigade said. Rescuers dug "
                  "through rubble in the old harbour district overnight.",
        "summit1": "Finance ministers of the Nordland trade bloc met in Kesterburg on Monday and agreed "
                   "to cut tariffs on farm machinery, the bloc's secretariat said after the talks.",
        "quake2": "Rescuers in Valdoria searched collapsed hotels in the harbour district after the "
                  "magnitude 6.2 earthquake; the fire brigade put the toll at 14 dead.",
        "summit2": "The Nordland bloc's finance ministers agreed in Kesterburg to lower tariffs on farm "
                   "machinery, according to a statement from the secretariat after Monday's talks.",
    }
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, names in ((first, ["quake1", "summit1"]), (second, ["quake2", "summit2"])):
        folder.mkdir()
        for name in names:
            (folder / f"{name}.txt").write_text(texts[name], encoding="utf-8")
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.ingest([str(first)])
        ledger.ingest([str(second)])
        story = {Path(a["origin"]).stem: a["story"] for a in ledger.articles()}
        rows = ledger.store.rows("SELECT id, n_articles FROM stories ORDER BY id")
    assert story["quake1"] == story["quake2"]
    assert story["summit1"] == story["summit2"]
    assert story["quake1"] != story["summit1"]
    assert sorted(r["n_articles"] for r in rows) == [2, 2]


def test_ledger_reports_an_unusable_embedding_and_goes_on(tmp_path, monkeypatch):
    """One article the story index refuses: a one-line error naming it; the others get their stories."""
    import newsledger.resolve.run as run
    from newsledger.ledger import Ledger

    real = run._embed

    def embed_with_a_broken_vector(texts):
        vectors = real(texts)
        return [np.full_like(v, np.nan) if "Kesterburg" in t else v for t, v in zip(texts, vectors)]

    monkeypatch.setattr(run, "_embed", embed_with_a_broken_vector)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "quake.txt").write_text(
        "A magnitude 6.2 earthquake struck the port of Valdoria on Monday, killing 14 people.", encoding="utf-8")
    (tmp_path / "in" / "summit.txt").write_text(
        "Finance ministers met in Kesterburg on Monday and agreed to cut tariffs.", encoding="utf-8")
    with Ledger(tmp_path / "l.duckdb") as ledger:
        summary = ledger.ingest([str(tmp_path / "in")])
        story = {Path(a["origin"]).stem: a["story"] for a in ledger.articles()}
    (failure,) = summary.failed
    assert failure.endswith("embedding has non-finite values") and "summit.txt" in failure
    assert story["quake"] and story["summit"] is None
