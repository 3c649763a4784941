"""Story resolution: same happening joins, different instances of one kind stay apart."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from conftest import SHARED_DATA
from newsledger.resolve.stories import (
    StoryFeatures,
    StoryIndex,
    features_from_doc,
    shingles,
    story_id_for,
    story_words,
)

ECBPLUS = SHARED_DATA / "ecbplus"


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
        story = {Path(a["origin"]).stem: a["story_id"] for a in ledger.articles()}
        rows = ledger.store.rows("SELECT story_id, n_articles FROM stories ORDER BY story_id")
    assert story["quake1"] == story["quake2"]
    assert story["summit1"] == story["summit2"]
    assert story["quake1"] != story["summit1"]
    assert sorted(r["n_articles"] for r in rows) == [2, 2]


def test_ledger_reports_an_unusable_embedding_and_goes_on(tmp_path, monkeypatch):
    """One article the story index refuses: a one-line error naming it; the others get their stories."""
    import newsledger.resolve.embeddings as embeddings
    from newsledger.ledger import Ledger

    real = embeddings.embed

    def embed_with_a_broken_vector(texts, *args, **kwargs):
        vectors = real(texts, *args, **kwargs)
        return np.stack([np.full_like(v, np.nan) if "Kesterburg" in t else v for t, v in zip(texts, vectors)])

    monkeypatch.setattr(embeddings, "embed", embed_with_a_broken_vector)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "quake.txt").write_text(
        "A magnitude 6.2 earthquake struck the port of Valdoria on Monday, killing 14 people.", encoding="utf-8")
    (tmp_path / "in" / "summit.txt").write_text(
        "Finance ministers met in Kesterburg on Monday and agreed to cut tariffs.", encoding="utf-8")
    with Ledger(tmp_path / "l.duckdb") as ledger:
        summary = ledger.ingest([str(tmp_path / "in")])
        story = {Path(a["origin"]).stem: a["story_id"] for a in ledger.articles()}
    (failure,) = summary.failed
    assert failure.endswith("embedding has non-finite values") and "summit.txt" in failure
    assert story["quake"] and story["summit"] is None


# ---------------------------------------------------------------------------
# A pile of same-kind reports through the ledger (texts written for these tests)

PILE_CROWD = [
    ("Akron", "2017-03-02", "Police in Akron said a 24-year-old man, Darnell Voss, was shot in the leg outside a corner "
     "store on Exchange Street on Thursday evening. He was taken to a hospital and is expected to recover. No arrests "
     "have been made."),
    ("Flint", "2017-03-03", "A Flint woman was wounded by gunfire late Friday on Saginaw Street, police said. Officers "
     "found Kiara Lenox, 31, with a gunshot wound to the arm. Investigators are looking for a dark sedan seen leaving "
     "the area."),
    ("Gary", "2017-03-04", "Gary police are investigating a shooting that left one man dead on Broadway early Saturday. "
     "The victim, identified as Marcus Pell, 40, died at the scene. Detectives have not named a suspect."),
    ("Peoria", "2017-03-05", "Two people were shot outside a bar on Main Street in Peoria on Sunday night, police said. "
     "Both victims, Lyle Ambrose and Tessa Quon, were listed in stable condition. Witnesses described a fight before "
     "the gunfire."),
    ("Tulsa", "2017-03-06", "A teenager was shot and killed Monday afternoon in north Tulsa, police said. Jamal Ortega, "
     "17, was found near Pine Street. Officers are asking anyone with information to call Crime Stoppers."),
    ("Mobile", "2017-03-07", "Mobile police say a man was shot during a robbery at a gas station on Government Street on "
     "Tuesday. Benny Hask, 52, suffered wounds to his shoulder. The gunman fled on foot."),
    ("Shreveport", "2017-03-08", "A Shreveport man died after being shot in his driveway on Wednesday night, police "
     "said. Officers identified him as Corey Blane, 29. Neighbors reported hearing several shots."),
    ("Wichita", "2017-03-09", "One person was injured in a shooting at an apartment complex in south Wichita on "
     "Thursday, police said. The victim, Renee Malko, 26, was hit in the hip. Police believe the shooting was not "
     "random."),
    ("Erie", "2017-03-03", "Erie police responded to reports of gunfire on Parade Street on Friday and found a man "
     "wounded in the back. Tomas Griel, 35, was taken to a hospital. Investigators recovered shell casings at the "
     "scene."),
]
PILE_INCIDENTS = {
    "dayton1": ("2017-03-05", "Man killed in Dayton shooting",
                "DAYTON — A 27-year-old man was shot and killed on Saturday night outside a home on Salem Avenue in "
                "Dayton, police said. The victim, Andre Whitfield, died at the scene. Police said a second man ran "
                "from the house after the gunfire."),
    "dayton2": ("2017-03-06", "Police name victim of Salem Avenue killing",
                "Dayton police have identified Andre Whitfield, 27, as the man fatally shot Saturday on Salem Avenue. "
                "Detectives said Whitfield had argued with an acquaintance before he was shot several times. Police "
                "are searching for the man who fled."),
    "toledo1": ("2017-03-07", "Woman wounded in Toledo shooting",
                "TOLEDO — A woman was shot and wounded on Monday on Dorr Street in Toledo, police said. Keisha "
                "Branton, 33, was hit twice and taken to a hospital in serious condition. Officers said the shots "
                "came from a passing car."),
    "toledo2": ("2017-03-08", "Drive-by shooting on Dorr Street leaves woman hurt",
                "Keisha Branton remained in serious condition after a drive-by shooting on Dorr Street on Monday, "
                "Toledo police said. Investigators believe the gunfire came from a silver car that sped away. No one "
                "has been arrested."),
}


@pytest.fixture(scope="module")
def pile(tmp_path_factory):
    """Nine shootings in nine cities, and two incidents (Dayton, Toledo) told twice each, all in one week."""
    from newsledger.ledger import Ledger

    folder = tmp_path_factory.mktemp("pile")
    rows = [{"id": f"crowd{i}", "title": f"Shooting in {city}", "text": text, "published": day,
             "source": f"{city.lower()}-news.example"} for i, (city, day, text) in enumerate(PILE_CROWD)]
    rows += [{"id": key, "title": title, "text": text, "published": day, "source": f"{key}.example"}
             for key, (day, title, text) in PILE_INCIDENTS.items()]
    (folder / "pile.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Ledger(folder / "pile.duckdb") as ledger:
        ledger.ingest([str(folder / "pile.jsonl")])
        yield ledger


def pile_stories(ledger) -> dict[str, str]:
    return {r["external_id"]: r["story_id"] for r in ledger.store.rows("SELECT external_id, story_id FROM articles")}


def test_one_incident_told_in_different_words_is_one_story(pile):
    story = pile_stories(pile)
    assert story["dayton1"] == story["dayton2"]
    assert story["toledo1"] == story["toledo2"]


def test_same_kind_incidents_in_two_cities_days_apart_stay_apart(pile):
    """Two shootings two days apart in two Ohio cities; nine more that week elsewhere: all different stories."""
    story = pile_stories(pile)
    assert story["dayton1"] != story["toledo1"]
    crowd = [story[f"crowd{i}"] for i in range(len(PILE_CROWD))]
    assert len(set(crowd)) == len(crowd)
    assert not set(crowd) & {story["dayton1"], story["toledo1"]}


def test_the_pile_is_labelled_by_its_reports_own_titles(pile):
    labels = {r["story_id"]: r["label"] for r in pile.store.rows("SELECT story_id, label FROM stories")}
    story = pile_stories(pile)
    assert labels[story["dayton1"]] in {PILE_INCIDENTS["dayton1"][1], PILE_INCIDENTS["dayton2"][1]}
    assert labels[story["crowd0"]] == "Shooting in Akron"


def test_stored_features_and_doc_features_are_one_function(pile):
    """``assign_stories`` reads features from the stored analysis; a Doc of the same text gives the same ones."""
    from newsledger.nlp.pipeline import build_pipeline, make_doc
    from newsledger.resolve.run import story_features

    row = pile.store.one("SELECT article_id, title, text, published FROM articles WHERE external_id = 'dayton1'")
    (stored,) = story_features(pile.store, [row["article_id"]])
    nlp = build_pipeline()
    doc = nlp(make_doc(nlp, row["text"], article_id=row["article_id"], title=row["title"], published=row["published"]))
    fresh = features_from_doc(doc)
    assert stored.event_type == fresh.event_type == "ASSAULT"
    assert stored.event_day == fresh.event_day == dt.date(2017, 3, 4)  # "Saturday night", published Sunday
    assert stored.place == fresh.place and stored.place
    assert stored.names == fresh.names and "andre whitfield" in stored.names
    assert stored.words == fresh.words and stored.published == fresh.published


# ---------------------------------------------------------------------------
# Incident signatures (hand-made feature sets: identical words, so only the evidence differs)

SHOOTING_WORDS = story_words("Gunman opened fire outside the corner market, wounding two brothers, police said.")


def shooting(article_id, *, day=None, published=None, kind="ASSAULT", place=None, places=()):
    return StoryFeatures(
        article_id=article_id, published=published, words=list(SHOOTING_WORDS), event_type=kind,
        event_asserted=True, event_day=day, place=place, places=tuple(sorted({*places, *([place] if place else [])})),
    )


def test_stated_days_of_one_type_more_than_a_day_apart_block_a_link():
    index = StoryIndex()
    first = index.add(shooting("a", day=dt.date(2017, 3, 1)))
    other = index.add(shooting("b", day=dt.date(2017, 3, 5)))
    near = index.add(shooting("c", day=dt.date(2017, 3, 2)))  # a night shooting dated either side of midnight
    ids = index.assignments()
    assert first != other
    assert near == ids["a"] != ids["b"]
    assert {index.nodes[s].id for _, s in index._by_id["b"].knn} == set()


def test_a_later_event_of_another_type_is_no_day_conflict():
    """An arrest four days after a shooting may be the same story."""
    index = StoryIndex()
    shot = index.add(shooting("shot", day=dt.date(2017, 3, 1)))
    arrest = index.add(shooting("arrest", day=dt.date(2017, 3, 5), kind="COERCE"))
    assert shot == arrest


def test_a_report_published_before_a_happening_cannot_report_it():
    index = StoryIndex()
    index.add(shooting("early", published=dt.date(2017, 3, 1)))  # no stated day: reports something before March 1
    index.add(shooting("later", day=dt.date(2017, 3, 10), published=dt.date(2017, 3, 11)))
    index.add(shooting("same", day=dt.date(2017, 3, 1), published=dt.date(2017, 3, 2)))
    ids = index.assignments()
    assert ids["early"] == ids["same"] != ids["later"]


def test_places_that_disagree_halve_a_link_and_a_named_neighbourhood_does_not():
    index = StoryIndex()
    index.add(shooting("dayton", place="salem avenue", places=("dayton",)))
    index.add(shooting("toledo", place="dorr street", places=("toledo",)))
    index.add(shooting("again", place="dayton", places=("salem avenue",)))
    weights = {(m["id"], index.nodes[s].id): w for row in index.dump() for m in row["members"] for w, s in m["knn"]}
    assert weights[("toledo", "dayton")] == pytest.approx(0.5 * weights[("again", "dayton")])
    assert weights[("again", "dayton")] == pytest.approx(1.0, abs=1e-3)


def test_features_read_the_main_event_not_background_mentions():
    from newsledger.resolve.stories import article_features

    text = "A man was shot on Elm Street on Friday.\n\nIn 2015 a protest filled the square."
    mentions = [
        {"type": "PROTEST", "trigger_start": 60, "confidence": 0.9, "modality": "recap", "date": "2015",
         "date_source": "time", "date_precision": "year", "location": "the square"},
        {"type": "ASSAULT", "trigger_start": 10, "confidence": 0.8, "modality": "asserted", "date": "2017-03-03",
         "date_source": "time", "date_precision": "day", "location": "Elm Street"},
    ]
    entities = [{"text": "Elm Street", "label": "FAC", "start_char": 14}, {"text": "Maya J. Ortiz's", "label": "PERSON",
                                                                         "start_char": 80}]
    f = article_features({"id": "x", "title": None, "text": text, "published": "2017-03-04"}, mentions, entities)
    assert (f.event_type, f.event_day, f.event_asserted, f.place) == ("ASSAULT", dt.date(2017, 3, 3), True, "elm street")
    assert f.names == ("maya ortiz",) and f.published == dt.date(2017, 3, 4)
    publication_day = [{**mentions[1], "date_source": "published"}]
    assert article_features({"id": "y", "text": text}, publication_day, entities).event_day is None


# ---------------------------------------------------------------------------
# The crowd test and cohesion (generated feature sets)

DIM = 64
KIND_WORDS = [f"kind{j}" for j in range(40)]


def _unit(v):
    return v / np.linalg.norm(v)


def same_kind_pile(n_stories=20, seed=0):
    """Pairs of reports of n different happenings of one kind, and one report of a happening nobody else covered.

    Each report draws 10 of 40 words of the kind plus its happening's own
    words; embeddings lie near one centre (cosine about 0.45 between
    happenings, 0.85 within one), as reports of shootings do.
    """
    rng = np.random.default_rng(seed)
    centre = _unit(rng.normal(size=DIM))

    def report(article_id, own, direction):
        words = list(rng.choice(KIND_WORDS, size=10, replace=False)) + own
        rng.shuffle(words)
        vector = _unit(centre + direction + 0.5 * _unit(rng.normal(size=DIM)))
        return StoryFeatures(article_id=article_id, published=dt.date(2017, 3, 1), words=words,
                             embedding=vector.astype(np.float32))

    reports = []
    for s in range(n_stories):
        direction = _unit(rng.normal(size=DIM))
        own = [f"name{s}x{j}" for j in range(4)]
        reports += [report(f"inc{s}-{m}", own + [f"detail{s}x{m}"], direction) for m in range(2)]
    lone = report("lone", [f"lone{j}" for j in range(5)], _unit(rng.normal(size=DIM)))
    return reports, lone


def test_a_lone_report_must_stand_out_from_a_crowd_of_same_kind_stories():
    reports, lone = same_kind_pile()
    for params, linked in (({}, False), ({"contrast": 0.0}, True)):
        index = StoryIndex(**params)
        for f in reports:
            index.add(f)
        index.add(lone)
        ids = index.assignments()
        assert bool(index._by_id["lone"].knn) is linked  # without the crowd test it links to three strangers
        assert all(ids[f"inc{s}-0"] == ids[f"inc{s}-1"] for s in range(20))
    assert list(ids.values()).count(ids["lone"]) == 1  # here the cohesion check still keeps it alone


def test_the_crowd_counts_stories_not_articles():
    index = StoryIndex()
    floor = index.params["min_weight"]
    one_big_story = index.link_floor(np.full(40, 0.4), ["s1"] * 40)
    many_stories = index.link_floor(np.full(10, 0.2), [f"s{i}" for i in range(10)])
    assert one_big_story == floor  # a story's own reports do not raise the bar for its next one
    assert many_stories == pytest.approx(index.params["contrast"] * 0.2)


def test_cohesive_groups_keep_weak_bridges_apart_and_large_stories_whole():
    from newsledger.resolve.stories import cohesive_groups

    def graph(edges):
        links = defaultdict(dict)
        for u, v, w in edges:
            links[u][v] = links[v][u] = w
        return links

    pairs = [(0, 1, 0.6), (2, 3, 0.5)]
    assert cohesive_groups([0, 1, 2, 3], graph(pairs + [(1, 2, 0.22)]), 0.25) == [[0, 1], [2, 3]]
    assert cohesive_groups([0, 1, 2, 3], graph(pairs + [(1, 2, 0.3), (0, 3, 0.3)]), 0.25) == [[0, 1, 2, 3]]
    assert cohesive_groups([0, 1, 2], graph([(0, 1, 0.6), (1, 2, 0.3)]), 0.25) == [[0, 1, 2]]
    ring = [(u, (u + d) % 60, 0.35) for u in range(60) for d in (1, 2, 3)]  # a large story: each report near a few others
    assert cohesive_groups(list(range(60)), graph(ring), 0.25) == [list(range(60))]


def test_louvain_separates_two_dense_groups_joined_by_one_link():
    from newsledger.resolve.stories import louvain

    links = defaultdict(dict)
    for u, v, w in [(0, 1, 0.6), (1, 2, 0.5), (0, 2, 0.5), (3, 4, 0.6), (4, 5, 0.5), (3, 5, 0.5), (2, 3, 0.05)]:
        links[u][v] = links[v][u] = w
    assert louvain(list(range(6)), links, 0.1) == [[0, 1, 2], [3, 4, 5]]
    assert louvain(list(range(6)), links, 0.0) == [[0, 1, 2, 3, 4, 5]]  # no penalty: everything linked is one


def test_time_split_cuts_a_story_that_an_undated_report_bridges():
    """Same words two years apart do not link; an undated copy links to both and joins one side only."""
    words = story_words("The two presidents spoke by telephone about the pipeline and sanctions.")
    index = StoryIndex()
    index.add(StoryFeatures(article_id="2017", published=dt.date(2017, 1, 28), words=words))
    index.add(StoryFeatures(article_id="2019", published=dt.date(2019, 12, 29), words=words))
    index.add(StoryFeatures(article_id="undated", words=words))
    ids = index.assignments()
    assert ids["2017"] != ids["2019"]
    assert ids["undated"] in (ids["2017"], ids["2019"])
    assert {n for n, s in index._by_id["undated"].knn} and len(index._by_id["undated"].knn) == 2


# ---------------------------------------------------------------------------
# Story anchoring of undated reports, and story titles

def test_an_undated_report_is_dated_by_its_story(tmp_path):
    from newsledger.ledger import Ledger

    (tmp_path / "dated.jsonl").write_text(json.dumps({
        "id": "d1", "title": "Ferry capsizes off Kestrel Island", "published": "2016-05-08",
        "source": "coastal-times.example",
        "text": "A passenger ferry capsized off Kestrel Island on Saturday, and coast guard crews pulled 41 people "
                "from the water, officials said. Two passengers are missing. The ferry Marisol was crossing from "
                "Port Alder when it rolled in heavy swells.",
    }) + "\n", encoding="utf-8")
    (tmp_path / "undated.txt").write_text(
        "Coast guard crews rescued 41 people after the ferry Marisol rolled over in heavy swells off Kestrel "
        "Island on Saturday. The ferry had left Port Alder in the morning. Two passengers are still missing, "
        "officials said.", encoding="utf-8")
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.ingest([str(tmp_path / "dated.jsonl"), str(tmp_path / "undated.txt")])
        rows = {Path(r["origin"]).name: r for r in ledger.store.rows(
            "SELECT a.origin, a.story_id, a.published, t.frame_date, t.frame_from, t.evidence FROM articles a "
            "JOIN article_time_frames t ON t.article_id = a.article_id")}
        saturday = ledger.store.scalar(
            "SELECT timex_value FROM times t JOIN articles a ON a.article_id = t.article_id WHERE a.published IS NULL "
            "AND t.time_text = 'Saturday'")
    undated = rows["undated.txt"]
    assert undated["story_id"] == rows["dated.jsonl#id=d1"]["story_id"]
    assert undated["published"] is None
    assert (undated["frame_date"], undated["frame_from"]) == (dt.date(2016, 5, 8), "story")
    assert json.loads(undated["evidence"]) == [f"anchored on story {undated['story_id']}: earliest dated report 2016-05-08"]
    assert saturday == "2016-05-07"  # resolved against the story's first report


LABEL_EARLY = ("Huge fire at the Harrow Mills plant in Lanford!!! Smoke could be seen for miles on Tuesday as fire "
               "crews fought the flames at the textile factory. Nobody was injured, the fire service said.")
LABEL_GOOD = ("Firefighters contained a blaze at the Harrow Mills textile plant in Lanford on Tuesday after it burned "
              "for six hours, the county fire service said. No workers were hurt. The plant will stay closed this "
              "week while inspectors look for the cause.")


@pytest.fixture()
def labelled(tmp_path):
    """One story told by two outlets; a third outlet republishes the second one's report."""
    from newsledger.ledger import Ledger

    rows = [
        {"id": "early", "title": "FIRE AT MILL!!! Click here", "published": "2018-10-02", "source": "spammy.example",
         "text": LABEL_EARLY},
        {"id": "good", "title": "Lanford mill fire contained after six hours", "published": "2018-10-03",
         "source": "county-herald.example", "text": LABEL_GOOD},
        {"id": "copy", "title": "Copied: mill fire", "published": "2018-10-04", "source": "aggregator.example",
         "text": LABEL_GOOD + "\n\nRepublished with permission."},
    ]
    (tmp_path / "fire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.ingest([str(tmp_path / "fire.jsonl")])
        yield ledger


def story_label(ledger) -> str:
    (row,) = ledger.store.rows("SELECT label FROM stories")
    return row["label"]


def set_outlet_scores(ledger, scores: dict[str, float]) -> None:
    ledger.store.con.execute("DELETE FROM outlets")
    for outlet, score in scores.items():
        ledger.store.con.execute("INSERT INTO outlets (outlet, n_articles, score) VALUES (?, 1, ?)", [outlet, score])


def test_story_title_comes_from_the_most_reliable_original(labelled):
    from newsledger.assess.labels import label_stories

    ids = {r["external_id"]: r for r in labelled.store.rows("SELECT external_id, story_id, copy_of_id FROM articles")}
    assert len({r["story_id"] for r in ids.values()}) == 1 and ids["copy"]["copy_of_id"]
    set_outlet_scores(labelled, {"spammy.example": 0.2, "county-herald.example": 0.8, "aggregator.example": 1.0})
    label_stories(labelled.store)
    assert story_label(labelled) == "Lanford mill fire contained after six hours"  # never the copy, however scored


def test_story_title_falls_back_to_the_earliest_original_and_skips_spam(labelled):
    from newsledger.assess.labels import label_stories

    set_outlet_scores(labelled, {})
    label_stories(labelled.store)
    assert story_label(labelled) == "FIRE AT MILL!!! Click here"  # no scores: the earliest original
    early = labelled.store.scalar("SELECT article_id FROM articles WHERE external_id = 'early'")
    labelled.store.con.execute(
        "INSERT INTO removed_lines VALUES (?, 99, 0, 10, 'Win a prize now', 'spam-offer')", [early])
    label_stories(labelled.store)
    assert story_label(labelled) == "Lanford mill fire contained after six hours"


def test_a_story_is_titled_by_a_headline_that_tells_it_without_site_suffix_slug_or_newsletter_name():
    import datetime as dt

    from newsledger.assess.labels import best_label, clean_title

    assert clean_title("Two hurt in Millport bar shooting - WMPT.com | Millport News, Weather") == "Two hurt in Millport bar shooting"
    assert clean_title("two-hurt-in-millport-bar-shooting-20190609") is None
    assert clean_title("Police: two hurt - suspect sought") == "Police: two hurt - suspect sought"

    def member(i, title, lead, score, published=dt.date(2019, 6, 10)):
        return {"article_id": f"a{i}", "title": title, "lead": lead, "score": score, "published": published, "seq": i,
                "spam": False}

    members = [
        member(0, "The Evening Digest", "Good evening. Today: a bar shooting in Millport, rain on the coast, and a "
               "new school head in Dunmore.", 0.9),
        member(1, "two-hurt-in-millport-bar-shooting", "Two people were hurt in a shooting outside a Millport bar "
               "early Sunday, police said.", 0.8),
        member(2, "Two hurt in Millport bar shooting - WMPT.com | Millport News", "Two people were wounded outside "
               "the Anchor bar in Millport on Sunday, police said.", 0.6),
        member(3, "Gunfire outside Millport bar wounds two", "Two men were wounded by gunfire outside a bar in "
               "Millport on Sunday.", 0.5),
    ]
    # the digest scores best but its name tells nothing of the story; the slug falls back to its first line
    assert best_label(members) == ("Two people were hurt in a shooting outside a Millport bar early Sunday, police said.", "a1")
    members[1]["score"] = 0.4
    assert best_label(members) == ("Two hurt in Millport bar shooting", "a2")
    # a digest's headline opening with its own name does not title the story, however well its outlet scores
    members[2]["score"] = 0.3
    members.append({**member(4, "Evening Digest: two hurt in Millport bar shooting", "Two people were hurt outside a "
                              "Millport bar, police said.", 0.95), "outlet": "Evening Digest"})
    assert best_label(members) == ("Gunfire outside Millport bar wounds two", "a3")


def test_a_charge_gives_way_to_the_shooting_its_sentence_tells():
    from newsledger.resolve.stories import main_mention

    text = "A man was charged Monday in the shooting of a teenager.\n\nThe teen was shot Saturday."
    charged = {"type": "ACCUSE", "mode": None, "modality": "asserted", "confidence": 0.9,
               "trigger": {"start": 10}, "sentence": {"start": 0}}
    shooting = {"type": "ASSAULT", "mode": "firearms", "modality": "asserted", "confidence": 0.3,
                "trigger": {"start": 35}, "sentence": {"start": 0}}
    assert main_mention([charged, shooting], text) is shooting
    plot = {**shooting, "modality": "hypothetical"}  # "charged with plotting an attack": no happening
    assert main_mention([charged, plot], text) is charged


def test_the_main_event_is_the_first_telling_that_happened():
    """ "Police think he may have been shot over a debt" opening a report does not stand for the shooting it then tells."""
    from newsledger.resolve.stories import main_mention

    text = "Police think the man may have been shot over a debt.\n\nHe was shot Friday night outside his home."
    guess = {"type": "ASSAULT", "mode": "firearms", "modality": "hypothetical", "confidence": 0.8,
             "trigger": {"start": 35}, "sentence": {"start": 0}, "date": None}
    told = {"type": "ASSAULT", "mode": "firearms", "modality": "asserted", "confidence": 0.8,
            "trigger": {"start": 61}, "sentence": {"start": 54}, "date": "2024-03-01"}
    assert main_mention([guess, told], text) is told
    # with no telling that happened, the first telling of the winning type still stands for it
    assert main_mention([guess], text) is guess
