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
        mention(1, "a", type="DISASTER", published=dt.date(2023, 2, 6), sentence=(0, 48)),
        mention(2, "b", type="DISASTER", published=dt.date(2023, 2, 7), sentence=(0, 48)),
    ]
    found = {c["kind"]: (c["a_value"], c["b_value"]) for c in contradictions(ms, texts, "e1")}
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


def test_each_report_votes_once_for_an_event_s_day_and_copies_vote_with_their_original():
    from newsledger.resolve.events import _best_date

    # one report retells the shooting four times on the day after midnight; two other reports
    # (and a copy of one of them) give the evening before
    retold = [shooting(i, "a", "2017-03-30") for i in range(4)]
    others = [shooting(4, "b", "2017-03-29"), shooting(5, "c", "2017-03-29")]
    copy = shooting(6, "d", "2017-03-30")
    copy.root = "a"
    assert _best_date(retold + others + [copy]) == ("2017-03-29", "day")
    # a report votes for the day most of its own mentions give
    split = [shooting(7, "e", "2017-03-30"), shooting(8, "e", "2017-03-30"), shooting(9, "e", "2017-03-29")]
    assert _best_date(split + [shooting(10, "f", "2017-03-31")]) == ("2017-03-30", "day")


# --- one happening, its date, place and counts -------------------------------------------

def shooting(i, article, date, location=None, source=None, published=None, counts=(), sentence=(0, 60)):
    from newsledger.nlp.counts import Count

    m = mention(i, article, type="ASSAULT", actors=(), recipients=(), date=date, source=source,
                published=published, sentence=sentence)
    m.mode, m.location, m.location_span = "firearms", location, (sentence[0], sentence[0] + 5) if location else (None, None)
    m.counts = [Count(kind, value, start, end, str(value)) for kind, value, start, end in counts]
    return m


def test_two_shootings_in_one_story_stay_apart_and_keep_their_own_date_and_place():
    ms = [
        shooting(1, "a", "2017-03-29", "Englewood, Chicago"),
        shooting(2, "b", "2017-03-29", "Evanston"),
        shooting(3, "c", "2017-03-31", "Chicago"),  # the same town two days later: nothing says it is the same
        shooting(4, "d", "2017"),  # a vague mention fits both; it must not chain them
    ]
    result = groups(ms)
    assert not any({"m1", "m2"} <= set(g) for g in result)
    assert not any({"m1", "m3"} <= set(g) for g in result)
    from newsledger.resolve.events import _best_date, _best_place

    for g in cluster(ms):
        if any(m.id == "m2" for m in g):
            assert _best_date(g)[0] == "2017-03-29" and _best_place(g) == "Evanston"


def test_a_neighbourhood_and_its_city_are_one_place_two_neighbourhoods_are_not():
    from newsledger.resolve.events import places_clash

    assert not places_clash("Englewood, Chicago", "Chicago")
    assert places_clash("Englewood, Chicago", "Roseland, Chicago")
    assert places_clash("Chicago", "Evanston")
    assert not places_clash("Gaziantep province", "Pazarcik district of Kahramanmaras province")


def test_a_toll_that_grows_over_days_is_an_update_and_a_same_day_outlier_is_a_contradiction():
    from newsledger.resolve.events import count_updates

    day = dt.date(2023, 2, 6)
    ms = [
        shooting(1, "wire", "2023-02-06", source="Wire", published=day, counts=[("killed", 1500, 10, 15)]),
        shooting(2, "paper", "2023-02-06", source="Paper", published=day + dt.timedelta(1), counts=[("killed", 7800, 20, 25)]),
        shooting(3, "blog", "2023-02-06", source="Blog", published=day + dt.timedelta(1), counts=[("killed", 20000, 30, 36)]),
        shooting(4, "daily", "2023-02-06", source="Daily", published=day + dt.timedelta(2), counts=[("killed", 11000, 40, 46)]),
    ]
    for m in ms:
        m.type = "DISASTER"
    found = contradictions(ms, {}, "e1")
    assert [(c["kind"], c["a_outlet"], c["a_value"], c["b_outlet"], c["b_value"]) for c in found] == [
        ("count:killed", "Blog", "20000", "Paper", "7800")
    ]
    assert (found[0]["a_article_id"], found[0]["a_start"], found[0]["a_end"]) == ("blog", 30, 36)
    assert (found[0]["b_article_id"], found[0]["b_start"], found[0]["b_end"]) == ("paper", 20, 25)
    steps = [(u["as_of"], u["value"], u["outlet"]) for u in count_updates(ms, {}, "e1")]
    assert steps == [(day, 1500, "Wire"), (day + dt.timedelta(1), 7800, "Paper"), (day + dt.timedelta(2), 11000, "Daily")]


def test_reports_of_different_places_are_never_compared():
    day = dt.date(2017, 3, 30)
    ms = [
        shooting(1, "a", "2017-03-29", "Chicago", source="A", published=day, counts=[("killed", 1, 0, 3)]),
        shooting(2, "b", "2017-03-29", "Evanston", source="B", published=day, counts=[("killed", 4, 0, 4)]),
    ]
    assert contradictions(ms, {}, "e1") == []


FLOOD_REPORTS = [
    ("r1", "Valley Wire", "2024-05-06", "Flash flood hits Riverton",
     "RIVERTON — A flash flood swept through the town of Riverton on Monday, killing at least 12 people, officials said."
     "\n\nRescue teams searched the river banks for the missing through the night."),
    ("r2", "Riverton Gazette", "2024-05-07", "Riverton flood toll rises",
     "RIVERTON — The flash flood that hit Riverton on Monday has killed 30 people, the county said on Tuesday."
     "\n\nThe flood destroyed dozens of homes near the river."),
    ("r3", "Hill Blog", "2024-05-07", "Riverton flood cover-up",
     "RIVERTON — The flash flood that swept through Riverton on Monday has killed more than 90 people, residents told us, "
     "far more than officials admit.\n\nRescue teams are still searching the river banks."),
    ("r4", "State Herald", "2024-05-08", "Riverton mourns flood victims",
     "RIVERTON — The flash flood that struck Riverton on Monday killed 41 people, officials said on Wednesday, "
     "as rescue teams ended the search of the river banks."),
]


def test_a_ledger_shows_a_growing_toll_as_updates_and_names_both_sides_of_a_same_day_outlier(tmp_path):
    import json

    from newsledger.ledger import Ledger

    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "source": s, "published": p, "title": t, "text": x})
                              for i, s, p, t, x in FLOOD_REPORTS), encoding="utf-8")
    with Ledger(tmp_path / "ledger.duckdb") as ledger:
        assert ledger.ingest([str(path)]).failed == []
        store = ledger.store
        counts = store.rows("SELECT c.kind, c.value, c.count_start, c.count_end, c.count_text, a.text AS article "
                            "FROM mention_counts c JOIN articles a ON a.article_id = c.article_id")
        assert counts and all(r["article"][r["count_start"]:r["count_end"]] == r["count_text"] for r in counts)
        updates = store.rows("SELECT u.value, a.outlet FROM count_updates u JOIN articles a ON a.article_id = u.article_id "
                             "WHERE u.kind = 'killed' ORDER BY u.update_no")
        assert [(u["value"], u["outlet"]) for u in updates] == [(12, "Valley Wire"), (30, "Riverton Gazette"),
                                                                 (41, "State Herald")]
        clashes = store.rows("SELECT * FROM contradictions WHERE kind = 'count:killed'")
        assert [(c["a_outlet"], c["a_value"], c["b_outlet"], c["b_value"]) for c in clashes] == [
            ("Hill Blog", "90", "Riverton Gazette", "30")
        ]
        report = ledger.report()
    assert "12 (6 May 2024, Valley Wire) → 30 (7 May 2024, Riverton Gazette) → 41 (8 May 2024, State Herald)" in report
    # One line per disputed fact: each value with the outlets behind it, its side and its passage.
    line = next(l for l in report.splitlines() if "contradiction (count:killed" in l)
    assert "'more than 90' (7 May 2024) — Hill Blog (citing residents) [outlier]" in line and "killed more than 90 people" in line
    # the count it is too high for is shown with its day, as a lower count, not as a "majority" value
    assert "'30' (7 May 2024) — Riverton Gazette (citing the county) [lower count, same day or later]" in line
    assert "has killed 30 people" in line


# Three reports of one bar shooting, written for these tests. The paper's lead
# gives the total; further down it counts the women among the wounded and
# recalls the city's year. The station's lead says "more than a dozen", which a
# total of 14 does not contradict. The blog gives the total in its lead too,
# but dates the shooting by a later act ("declared dead Friday").
BAR_PAPER = ("Fourteen people were wounded when gunfire erupted outside the Blue Anchor bar in Millport early Sunday, "
             "police said.\n\nTwo men were arrested on Monday.\n\nAmong the wounded were four women, police said.\n\n"
             "The city has recorded 41 people killed in shootings this year.")
BAR_STATION = ("More than a dozen people were wounded in a shooting outside a Millport bar on Sunday, police said.\n\n"
               "The bar was closed on Tuesday.")
BAR_BLOG = ("A man wounded in the Millport bar shooting, in which 14 people were hurt, was declared dead on Friday "
            "after five days in hospital.\n\nHis family asked for privacy.")


def _count(text, phrase, kind, value):
    from newsledger.nlp.counts import Count

    start = text.index(phrase)
    return Count(kind, value, start, start + len(phrase), phrase)


def test_only_comparable_values_contradict_lead_totals_floors_own_dates_and_nested_places():
    from newsledger.resolve.events import _same_place

    day = dt.date(2019, 6, 10)
    paper = shooting(1, "paper", "2019-06-09", source="Paper", published=day, sentence=(0, 110))
    paper.counts = [_count(BAR_PAPER, "Fourteen", "injured", 14), _count(BAR_PAPER, "four women", "injured", 4),
                    _count(BAR_PAPER, "41", "killed", 41)]
    paper.trigger, paper.time_span = (43, 50, "gunfire"), (BAR_PAPER.index("early Sunday"), BAR_PAPER.index("early Sunday") + 12)
    station = shooting(2, "station", "2019-06-09", source="Station", published=day + dt.timedelta(1), sentence=(0, 95))
    station.counts = [_count(BAR_STATION, "a dozen", "injured", 12)]
    at = BAR_STATION.index("on Sunday")
    station.trigger, station.time_span = (BAR_STATION.index("shooting"), BAR_STATION.index("shooting") + 8, "shooting"), (at, at + 9)
    blog = shooting(3, "blog", "2019-06-14", source="Blog", published=dt.date(2019, 6, 14), sentence=(0, 120))
    at = BAR_BLOG.index("on Friday")
    blog.trigger, blog.time_span = (BAR_BLOG.index("shooting"), BAR_BLOG.index("shooting") + 8, "shooting"), (at, at + 9)
    texts = {"paper": BAR_PAPER, "station": BAR_STATION, "blog": BAR_BLOG}
    assert contradictions([paper, station, blog], texts, "e1") == []
    # without the texts to check against, the far date and the floor would still clash
    assert {c["kind"] for c in contradictions([paper, station, blog], {}, "e1")} >= {"date"}
    assert _same_place("Redstone Township", "Pennsylvania") and _same_place("South Los Angeles", "Muir School, Los Angeles")
    assert not _same_place("Evanston", "Chicago")


def test_an_events_outlets_count_every_report_of_it_not_only_those_shown(tmp_path):
    from newsledger.store.db import Store

    store = Store(tmp_path / "l.duckdb")
    for i, outlet in enumerate(["Wire", "Paper", "Radio"]):
        store.con.execute("INSERT INTO articles (article_id, seq, outlet, origin, text, repairs, ingested_at) "
                          "VALUES (?, ?, ?, 'x', 'Ministers met in Oslo.', 0, now())", [f"a{i}", i, outlet])
    store.con.execute("INSERT INTO events (event_id, event_type, confidence, n_mentions) VALUES ('e1', 'CONSULT', 0.8, 3)")
    # the paper's mention scores below the display threshold, the radio's was reviewed wrong
    for i, (article, confidence) in enumerate([("a0", 0.8), ("a1", 0.3), ("a2", 0.9)]):
        store.con.execute("INSERT INTO event_mentions (mention_id, article_id, mention_no, event_type, confidence, event_id) "
                          "VALUES (?, ?, 0, 'CONSULT', ?, 'e1')", [f"m{i}", article, confidence])
    store.con.execute("INSERT INTO reviews (review_id, target_kind, target_id, decision, created_at, applies_to) "
                      "VALUES ('r1', 'mention', 'm2', 'wrong', now(), 'm2')")
    with store.threshold(0.5):
        (row,) = store.rows("SELECT outlets, independent_outlets, n_shown_mentions FROM event_overview")
    assert (row["outlets"], row["independent_outlets"], row["n_shown_mentions"]) == (["Paper", "Wire"], 2, 1)
    store.close()


# --- one dispute per fact: epicentres, datelines, leads, loose counts (issue 9, round 3) ---

def test_an_epicentre_is_read_from_the_lead_and_two_names_of_one_place_agree():
    from newsledger.resolve.disputes import epicentre_of, same_epicentre

    texts = {
        "w": "LIMA, Aug. 3 (Andes Wire) - A strong quake with its epicentre in Ica province shook Peru on Sunday.",
        "p": "A strong quake centred in the Pisco district of Ica province shook Peru on Sunday, the institute said.",
        "b": "The quake struck near the city of Arequipa and was felt in Lima.",
        "r": "The quake was centred 40 kilometres west of Ica, at a depth of 10 km.",
    }
    found = {k: (epicentre_of(mention(i, k, type="DISASTER"), texts) or (None,))[0] for i, k in enumerate(texts)}
    assert found == {"w": "Ica province", "p": "Pisco district of Ica province", "b": "Arequipa", "r": None}
    assert same_epicentre("Ica province", "Pisco district of Ica province")
    assert not same_epicentre("Ica province", "Arequipa")


def test_three_reports_of_a_quake_make_one_epicentre_dispute_with_a_majority():
    texts = {
        "w": "A strong quake with its epicentre in Ica province shook Peru on Sunday.",
        "p": "A strong quake centred in the Pisco district of Ica province shook Peru on Sunday.",
        "b": "A strong quake struck near the city of Arequipa on Sunday, killing many.",
    }
    ms = [mention(i, k, type="DISASTER", source=k.upper(), sentence=(0, 60)) for i, k in enumerate(texts)]
    (found,) = [c for c in contradictions(ms, texts, "e1") if c["kind"] == "epicentre"]
    sides = {r["outlet"]: (r["value"], r["side"]) for r in found["reports"]}
    assert sides == {"W": ("Ica province", "majority"), "P": ("Ica province", "majority"), "B": ("Arequipa", "outlier")}
    assert (found["a_outlet"], found["n_values"], found["n_outlets"]) == ("B", 2, 3)


def test_a_wire_dateline_fixes_the_day_its_story_lends_a_year_to():
    from newsledger.resolve.events import _dateline_fixes_day

    text = "QUITO, Sept. 9 (Andes Wire) - A quake struck late on Friday."
    assert _dateline_fixes_day(text, dt.date(2023, 9, 9))
    assert not _dateline_fixes_day(text, dt.date(2023, 9, 10))
    assert not _dateline_fixes_day("A quake struck late on Friday.", dt.date(2023, 9, 9))


def test_headline_and_byline_lines_are_not_lead_paragraphs():
    from newsledger.resolve.events import _lead_end

    text = ("Flood toll: what they will not tell you\n\nPosted by Sam | May 7, 2024\n\nThe flood hit on Monday.\n\n"
            "Residents say more than 90 people died.\n\nThe river rose again.\n\nOfficials met on Friday.")
    assert text.index("more than 90") < _lead_end(text) < text.index("Officials met")


def test_a_count_of_one_kind_of_people_is_not_the_lower_side_of_a_same_day_dispute():
    from newsledger.nlp.counts import Count
    from newsledger.resolve.events import count_history, figures

    day = dt.date(2016, 9, 21)
    texts = {"a": "A man killed four of his children at the home, police said.",
             "b": "The father killed two younger kids, police say, and shot his stepchildren."}
    ms = [shooting(1, "a", "2016-09-21", source="A", published=day, sentence=(0, 60)),
          shooting(2, "b", "2016-09-21", source="B", published=day, sentence=(0, 70))]
    ms[0].counts = [Count("killed", 4, 12, 16, "four")]
    ms[1].counts = [Count("killed", 2, 23, 26, "two", subgroup=True)]
    figs = figures({m.article: [m] for m in ms}, texts, "killed")
    assert count_history(figs)[1] == []
    assert contradictions(ms, texts, "e1") == []


def test_one_report_stating_its_day_in_the_sentence_does_not_outvote_the_other_reports():
    from newsledger.resolve.events import _best_date

    # a quake four outlets date "Monday" from their leads; one page states "on Tuesday, 7 February"
    told = [mention(i, f"r{i}", date="2023-02-06", date_source="discourse") for i in range(4)]
    stated = mention(4, "spam", date="2023-02-07", date_source="time")
    assert _best_date(told + [stated]) == ("2023-02-06", "day")
    # with one report on each side, the day stated in the sentence wins the tie
    assert _best_date(told[:1] + [stated]) == ("2023-02-07", "day")
    # a report votes with its best-grounded mentions: its stated day, not its nearby ones
    both = [mention(5, "w", date="2023-02-08", date_source="discourse"),
            mention(6, "w", date="2023-02-08", date_source="discourse"),
            mention(7, "w", date="2023-02-06", date_source="time")]
    assert _best_date(both) == ("2023-02-06", "day")
