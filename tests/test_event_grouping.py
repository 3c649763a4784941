"""Event grouping inside a story: one happening told with different names stays one event, a call and a meeting stay two.

Mentions are built by hand, as the analysis stores them; the actor families are the knowledge-base kind.
"""

from __future__ import annotations

from newsledger.resolve.events import Mention, cluster, participant_keys, shared_participants, sides_of

FAMILIES = {
    "donald-trump": ("usa-executive", "USA"),
    "vladimir-putin": ("rus-executive", "RUS"),
    "shinzo-abe": ("jpn-executive", "JPN"),
    "rus-foreign-ministry": (None, "RUS"),
    "RUS": (None, "RUS"),
}


def mention(i, article, type="CONSULT", mode=None, trigger="talks", actors=(), recipients=(), date=None,
            date_source="time", story="s1", modality="asserted"):
    m = Mention(
        id=f"m{i}", article=article, type=type, mode=mode, actors=list(actors), recipients=list(recipients),
        date=date, date_source=date_source if date else None, precision="day" if date else None, location=None,
        modality=modality, confidence=0.8, story=story, source=article, root=article, published=None, seq=i,
        trigger=(0, len(trigger), trigger), sentence=(0, 80), location_span=(None, None), time_span=(None, None),
    )
    m.participants = participant_keys(m.actors + m.recipients, FAMILIES)
    m.sides = sides_of(m.actors + m.recipients, FAMILIES)
    return m


def groups(mentions):
    return sorted(sorted(m.id for m in g) for g in cluster(mentions))


def test_a_ministry_named_with_and_without_its_country_is_one_warning():
    bare = mention(1, "blog", type="THREATEN", trigger="response", actors=("x:foreign-ministry",), date="2018-04-06",
                   date_source="discourse")
    full = mention(2, "wire", type="THREATEN", trigger="response", actors=("rus-foreign-ministry",), date="2018-04-06",
                   date_source="discourse")
    assert shared_participants(bare, full)
    assert groups([bare, full]) == [["m1", "m2"]]


def test_one_word_or_another_story_does_not_make_names_the_same():
    ministry = mention(1, "a", type="THREATEN", actors=("x:ministry",), date="2018-04-06")
    full = mention(2, "b", type="THREATEN", actors=("rus-foreign-ministry",), date="2018-04-06")
    assert not shared_participants(ministry, full)
    elsewhere = mention(3, "c", type="THREATEN", actors=("x:foreign-ministry",), date="2018-04-06", story="s2")
    assert not shared_participants(elsewhere, full)


def test_an_indictment_told_with_a_fuller_name_two_days_off_is_one_event_on_its_stated_day():
    friday = mention(1, "digest", type="ACCUSE", mode="allege", trigger="indictment", actors=("x:federal-grand-jury",),
                     recipients=("x:russian-military-intelligence-officers",), date="2018-07-13")
    later = mention(2, "wire", type="ACCUSE", mode="allege", trigger="indicted",
                    actors=("x:united-states-federal-grand-jury",), recipients=("x:officers", "RUS"),
                    date="2018-07-15", date_source="discourse")
    assert groups([friday, later]) == [["m1", "m2"]]


def test_a_meeting_does_not_join_the_phone_call_of_its_day():
    call = mention(1, "a", mode="phone", trigger="call", actors=("donald-trump",), recipients=("vladimir-putin",),
                   date="2017-01-28")
    talk = mention(2, "b", trigger="conversation", actors=("donald-trump",), recipients=("vladimir-putin",),
                   date="2017-01-28", date_source="discourse")
    meeting = mention(3, "b", trigger="meeting", date="2017-01-28", date_source="discourse")
    assert groups([call, talk, meeting]) == [["m1", "m2"], ["m3"]]


def test_a_meeting_naming_no_one_does_not_join_another_named_talk_but_joins_a_meeting():
    other_call = mention(1, "a", trigger="spoke", actors=("donald-trump",), recipients=("shinzo-abe",), date="2017-01-28")
    meeting = mention(2, "b", trigger="meeting", date="2017-01-28", date_source="discourse")
    assert groups([other_call, meeting]) == [["m1"], ["m2"]]
    met = mention(3, "c", trigger="met", actors=("donald-trump", "vladimir-putin"), date="2018-07-16", story="s2")
    summit = mention(4, "d", trigger="summit", date="2018-07-16", date_source="discourse", story="s2")
    assert groups([met, summit]) == [["m3", "m4"]]


def test_a_party_named_by_its_country_and_by_its_government_is_one_side():
    """ "Russian intelligence officers" (a country) and "officers of Russia's GRU" (coded to the state) are one party;
    a call with Putin and a call with Abe stay two."""
    from newsledger.resolve.events import sides_compatible

    families = dict(FAMILIES, **{"x:russian-officers": (None, "RUS"), "RUS": ("RUS:GOV", "RUS")})
    by_country = mention(1, "paper", type="ACCUSE", trigger="indictment", actors=("x:grand-jury",),
                         recipients=("x:russian-officers",), date="2018-07-13")
    by_state = mention(2, "wire", type="ACCUSE", trigger="indicted", actors=("x:grand-jury",),
                       recipients=("RUS",), date="2018-07-13")
    by_country.sides = sides_of(by_country.actors + by_country.recipients, families)
    by_state.sides = sides_of(by_state.actors + by_state.recipients, families)
    assert by_country.sides == {"country:RUS"} and by_state.sides == {"RUS:GOV"}
    assert sides_compatible(by_country, by_state)
    with_putin = mention(3, "wire", actors=("donald-trump",), recipients=("vladimir-putin",), date="2018-07-13")
    with_abe = mention(4, "wire", actors=("donald-trump",), recipients=("shinzo-abe",), date="2018-07-13")
    assert not sides_compatible(with_putin, with_abe)
