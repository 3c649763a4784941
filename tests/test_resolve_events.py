"""Event identity, independence and contradiction rules, on hand-built mentions."""

from __future__ import annotations

import datetime as dt

from newsledger.resolve.events import (
    Mention, cluster, contradictions, counts_in, independent_count, participant_keys, sides_of, summarise,
)

FAMILIES = {
    "trump": ("USA:GOV", "USA"),
    "white-house": ("USA:GOV", "USA"),
    "putin": ("RUS:GOV", "RUS"),
    "abe": ("JPN:GOV", "JPN"),
}


def mention(i, article, type="CONSULT", actors=("trump",), recipients=("putin",), date=None, story="s1",
            source=None, root=None, modality="asserted", date_source="time", published=None, sentence=(0, 10)):
    m = Mention(
        id=f"m{i}", article=article, type=type, mode="phone" if type == "CONSULT" else None,
        actors=list(actors), recipients=list(recipients), date=date, date_source=date_source if date else None,
        precision=None, location=None, modality=modality, confidence=0.8, story=story, source=source or article,
        root=root or article, published=published, seq=i, trigger=(0, 4, "call"), sentence=sentence,
        location_span=(None, None), time_span=(0, 3),
    )
    m.participants = {a for a in m.actors + m.recipients} | {f"family:{FAMILIES[a][0]}" for a in m.actors + m.recipients}
    m.sides = sides_of(m.actors + m.recipients, FAMILIES)
    return m


def groups(mentions):
    return sorted(sorted(m.id for m in g) for g in cluster(mentions))


def test_same_call_in_two_outlets_is_one_event_and_another_call_is_not():
    ms = [
        mention(1, "a", date="2017-01-28"),
        mention(2, "b", actors=("putin",), recipients=("white-house",), date="2017-01-28"),
        mention(3, "c", date="2019-12-29", story="s2"),
    ]
    assert groups(ms) == [["m1", "m2"], ["m3"]]


def test_calls_to_different_leaders_on_one_day_stay_apart():
    ms = [mention(1, "a", date="2017-01-28"), mention(2, "a", recipients=("abe",), date="2017-01-28")]
    assert groups(ms) == [["m1"], ["m2"]]


def test_undated_mentions_do_not_chain_a_recap_to_the_news():
    ms = [
        mention(1, "a", type="ASSAULT", date="2004", modality="recap"),
        mention(2, "a", type="ASSAULT", date=None),
        mention(3, "b", type="ASSAULT", date="2023-09-08"),
    ]
    result = groups(ms)
    assert ["m1"] in result or ["m1", "m2"] in result
    assert not any({"m1", "m3"} <= set(g) for g in result)


def test_copies_and_one_outlet_count_once():
    ms = [
        mention(1, "wire", source="Wire"),
        mention(2, "copy", source="Paper", root="wire"),
        mention(3, "wire2", source="Wire"),
        mention(4, "blog", source="Blog"),
    ]
    outlets, independent = independent_count(ms)
    assert outlets == ["Blog", "Paper", "Wire"] and independent == 2


def test_counts_read_from_text():
    assert counts_in("A magnitude 7.8 earthquake killed at least 1,500 people")["deaths"][0] == 1500
    assert counts_in("The quake killed 2,000 people and injured 1,400.")["injured"][0] == 1400
    assert counts_in("The death toll rose to more than 7,800 on Tuesday.")["deaths"][0] == 7800
    assert "deaths" not in counts_in("Officials met 12 times in 2019.")


def test_magnitude_in_its_several_phrasings():
    assert counts_in("Seismologists measured the quake at magnitude 6.8.")["magnitude"][0] == 6.8
    assert counts_in("A 7.8-magnitude quake struck before dawn.")["magnitude"][0] == 7.8
    assert counts_in("The institute put the magnitude of the quake at 7.0 on Saturday.")["magnitude"][0] == 7.0
    assert "magnitude" not in counts_in("The magnitude of the damage shocked 300 rescuers.")


def test_magnitudes_contradict_but_tolls_of_different_days_do_not():
    texts = {
        "a": "A magnitude 7.8 earthquake killed 1,500 people.",
        "b": "A magnitude 7.4 earthquake killed 4,300 people.",
    }
    ms = [
        mention(1, "a", type="ASSAULT", published=dt.date(2023, 2, 6), sentence=(0, 48)),
        mention(2, "b", type="ASSAULT", published=dt.date(2023, 2, 7), sentence=(0, 48)),
    ]
    found = {c["kind"]: (c["value_a"], c["value_b"]) for c in contradictions(ms, texts, "e1")}
    assert found == {"count:magnitude": ("7.8", "7.4")}
    ms[1].published = dt.date(2023, 2, 6)
    found = {c["kind"] for c in contradictions(ms, texts, "e1")}
    assert found == {"count:magnitude", "count:killed"}


def test_a_vague_mention_cannot_bridge_two_calls():
    ms = [
        mention(1, "a", date="2017-01-28"),
        mention(2, "a", recipients=(), date="2017-01-28"),
        mention(3, "a", recipients=("abe",), date="2017-01-28"),
    ]
    result = groups(ms)
    assert not any({"m1", "m3"} <= set(g) for g in result)


def test_a_planned_call_is_not_the_call_that_happened():
    ms = [mention(1, "a", date="2017-01-28"), mention(2, "b", date="2017-01-28", modality="future")]
    assert groups(ms) == [["m1"], ["m2"]]


def test_summaries_name_who_did_what_and_what_struck_where():
    names = {"donald-trump": "Donald Trump", "vladimir-putin": "Vladimir Putin"}
    assert summarise("CONSULT", "phone", ["donald-trump"], ["vladimir-putin"], names) == \
        "Donald Trump CONSULT/phone Vladimir Putin"
    assert summarise("DISASTER", "earthquake", [], ["x:people"], names, location="Morocco") == \
        "earthquake (DISASTER) in Morocco"


def test_generic_groups_neither_match_nor_clash_by_name():
    families = {**FAMILIES, "x:russian-officials": (None, "RUS")}
    assert participant_keys(["x:two-leaders", "x:men"], families) == set()
    assert participant_keys(["x:russian-officials"], families) == {"country:RUS"}
    named = mention(1, "a", actors=("trump", "putin"), recipients=(), date="2018-07-16")
    generic = mention(2, "b", actors=("trump",), recipients=(), date="2018-07-16")
    generic.actors = ["x:two-leaders"]
    generic.participants = participant_keys(generic.actors, families)
    generic.sides = sides_of(generic.actors, families)
    assert groups([named, generic]) == [["m1", "m2"]]


def test_a_stated_day_beats_days_borrowed_from_publication():
    from newsledger.resolve.events import _best_date

    group = [mention(i, f"a{i}", date="2018-07-17", date_source="published") for i in range(3)]
    group.append(mention(3, "b", date="2018-07-16", date_source="time"))
    assert _best_date(group) == ("2018-07-16", "day")
    assert _best_date(group[:3]) == ("2018-07-17", "day")
