"""One shooting, one line (issue 9): a line standing apart from its story's shooting only by a weak day joins it.

Unit tests on hand-built mentions for each guard (what must stay apart), and
a real ledger of short reports written for these tests, where a report's
weekday is resolved a week back against its page date.
"""

from __future__ import annotations

import json

from newsledger.resolve.events import Mention, _best_date, _voters, cluster, fold_weak_day_lines


def shot(i, article, date, source="time", words="Sunday night", place="Elm Street, Millbrook", story="s1",
         modality="asserted", participants=(), mode="firearms"):
    m = Mention(
        id=f"m{i}", article=article, type="ASSAULT", mode=mode, actors=[], recipients=list(participants),
        date=date, date_source=source if date else None, precision="day" if date else None, location=place,
        modality=modality, confidence=0.8, story=story, source=f"outlet-{article}", root=article, published=None,
        seq=i, trigger=(0, 4, "shot"), sentence=(0, 60), location_span=(None, None), time_span=(10, 20),
    )
    m.day_words = words if date else None
    m.participants = set(participants)
    return m


def lines(mentions):
    return sorted(sorted(m.id for m in g) for g in fold_weak_day_lines(cluster(mentions)))


def agreeing_reports():
    """Two outlets put the Millbrook shooting on Sunday 10 March."""
    return [shot(1, "a", "2024-03-10"), shot(2, "b", "2024-03-10", place="Millbrook")]


def test_a_caption_dated_by_its_page_joins_the_shooting_and_does_not_vote_for_its_day():
    caption = shot(3, "c", "2024-03-12", words="6 p.m.", place="Millbrook")
    mentions = agreeing_reports() + [caption]
    assert lines(mentions) == [["m1", "m2", "m3"]]
    group = fold_weak_day_lines(cluster(mentions))[0]
    assert caption.weak_vote and _best_date(_voters(group)) == ("2024-03-10", "day")


def test_a_report_whose_weekday_lands_a_week_away_is_a_shifted_reference():
    shifted = shot(3, "c", "2024-03-03", place="Millbrook")
    assert lines(agreeing_reports() + [shifted]) == [["m1", "m2", "m3"]]
    assert shifted.weak_vote


def test_two_reports_agreeing_on_another_day_tell_another_shooting():
    far = [shot(3, "c", "2024-03-24", place="Millbrook"), shot(4, "d", "2024-03-24", place="Millbrook")]
    assert lines(agreeing_reports() + far) == [["m1", "m2"], ["m3", "m4"]]


def test_an_earlier_weak_day_is_an_earlier_shooting_told_again():
    earlier = shot(3, "a", "2024-03-05", source="discourse", words="last Tuesday", place="Millbrook")
    assert lines(agreeing_reports() + [earlier]) == [["m1", "m2"], ["m3"]]


def test_a_day_stated_with_its_month_stays_its_own_line():
    stated = shot(3, "c", "2024-03-12", words="March 12", place="Millbrook")
    assert lines(agreeing_reports() + [stated]) == [["m1", "m2"], ["m3"]]


def test_another_town_another_weapon_or_other_named_victims_stay_apart():
    town = shot(3, "c", "2024-03-11", words="Monday", place="Riverton")
    knife = shot(4, "d", "2024-03-11", words="Monday", place="Millbrook", mode="primitive")
    named = [shot(5, "a", "2024-03-10", participants=("x:dario-pell",)),
             shot(6, "e", "2024-03-11", words="Monday", place="Millbrook", participants=("x:lena-ortiz",))]
    assert lines(agreeing_reports() + [town, knife] + named) == [["m1", "m2", "m5"], ["m3"], ["m4"], ["m6"]]


def test_one_report_alone_does_not_make_a_story_about_one_shooting():
    mentions = [shot(1, "a", "2024-03-10"), shot(2, "a", "2024-03-12", source="discourse", words="Tuesday",
                                                 place="Millbrook")]
    assert lines(mentions) == [["m1"], ["m2"]]


# Three reports of one shooting, written for these tests. The station's page
# carries a date a day before the shooting (a wrong metadata date), so its
# "Sunday night" is read as the Sunday a week earlier.
REPORTS = [
    ("r1", "Harbor Courier", "2024-03-11", "Teen wounded in Millbrook gas station shooting",
     "Dario Pell, 17, was shot and wounded outside the Quikfill gas station on Elm Street in Millbrook on Sunday "
     "night, police said.\n\nOfficers found him near the pumps shortly after 9 p.m. He was taken to County General "
     "Hospital in stable condition.\n\nPolice have not named a suspect."),
    ("r2", "Valley Daily", "2024-03-11", "Millbrook police investigate Elm Street shooting",
     "Police in Millbrook are investigating a shooting on Sunday night that left Dario Pell, 17, wounded outside "
     "the Quikfill gas station on Elm Street.\n\nA witness told officers a man in a gray hatchback fired several "
     "shots before driving away.\n\nAnyone with information is asked to call Millbrook police."),
    ("r3", "Metro Channel 9", "2024-03-09", "Boy shot at Millbrook gas station",
     "Dario Pell, 17, was shot outside the Quikfill gas station on Elm Street in Millbrook on Sunday night, police "
     "said.\n\nThe boy was taken to County General Hospital. A man in a gray hatchback fired several shots and drove "
     "away, witnesses said.\n\nPolice asked anyone with information to call them."),
]


def _assault_lines(ledger):
    return ledger.store.rows(
        "SELECT event_id, strftime(event_date, '%Y-%m-%d') AS day, outlets, story_id FROM event_overview "
        "WHERE shown AND event_type = 'ASSAULT' AND modality <> 'recap' ORDER BY event_date")


def _one_happening(ledger):
    """The eval's one-happening measure on this ledger, the three reports being one incident of 10 March."""
    from newsledger.evaluate.incidents import article_rows, one_happening_scores

    gold = {i: {"incident": "millbrook", "incident_date": "2024-03-10"} for i, *_ in REPORTS}
    return one_happening_scores(ledger.store, article_rows(ledger.store), list(gold), gold)


def test_a_ledger_shows_a_misdated_report_of_the_shooting_on_the_story_s_day_once_it_joins_the_story(tmp_path):
    from newsledger.ledger import Ledger

    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "source": s, "published": p, "title": t, "text": x})
                              for i, s, p, t, x in REPORTS), encoding="utf-8")
    with Ledger(tmp_path / "ledger.duckdb") as ledger:
        assert ledger.ingest([str(path)]).failed == []
        before = _assault_lines(ledger)
        measure = _one_happening(ledger)
        assert (measure["stories"], measure["lines"], measure["lines_far"], measure["stories_2plus_days"]) == (2, 2, 1, 0)
        # The station's weekday lands a week early, so its report stands in a story of its own.
        assert [(r["day"], r["outlets"]) for r in before] == [
            ("2024-03-03", ["Metro Channel 9"]), ("2024-03-10", ["Harbor Courier", "Valley Daily"])]
        # A reviewer joins it to the story of the shooting: the story now shows one shooting, on the day
        # the two other outlets give, told by three outlets, and no date dispute from the shifted report.
        ledger.review("story", before[0]["story_id"], "merge", correction={"with": before[1]["story_id"]},
                      reason="same shooting", reviewer="test")
        after = _assault_lines(ledger)
        assert [(r["day"], r["outlets"]) for r in after] == [
            ("2024-03-10", ["Harbor Courier", "Metro Channel 9", "Valley Daily"])]
        assert ledger.store.scalar("SELECT count(*) FROM contradictions WHERE kind = 'date'") == 0
        measure = _one_happening(ledger)
        assert (measure["stories"], measure["lines"], measure["lines_far"], measure["lines_mixing_incidents"]) == (1, 1, 0, 0)
        spans = ledger.store.rows(
            "SELECT m.trigger_start, m.trigger_end, m.trigger_text, a.text FROM event_mentions m "
            "JOIN articles a ON a.article_id = m.article_id WHERE m.event_id = ?", [after[0]["event_id"]])
        assert len(spans) >= 3 and all(r["text"][r["trigger_start"]:r["trigger_end"]] == r["trigger_text"] for r in spans)
