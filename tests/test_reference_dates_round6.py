"""Reports whose reference date is wrong (issue 9, round 6): relative days read against the right day.

Short reports written for these tests, ingested into a real ledger with the
real spaCy model: a page whose metadata date is weeks after the date its URL
carries, a holiday written without its apostrophe, and a page updated the
morning after it went up whose "Monday morning" was read as the Monday before.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from newsledger.ingest.dates import first_publication, url_date


def _ingest(tmp_path, records):
    from newsledger.ledger import Ledger

    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    ledger = Ledger(tmp_path / "ledger.duckdb")
    assert ledger.ingest([str(path)]).failed == []
    return ledger


def _lines(ledger, kind):
    return [(r["day"], r["outlets"]) for r in ledger.store.rows(
        "SELECT strftime(event_date, '%Y-%m-%d') AS day, outlets FROM event_overview "
        "WHERE shown AND event_type = ? AND modality <> 'recap' ORDER BY event_date", [kind])]


# ---------------------------------------------------------------------------
# URL date first

def test_a_url_date_is_read_from_path_segments_or_a_slug_and_never_from_an_id_or_the_query():
    assert url_date("https://www.example-news.com/2016/07/31/man-shot-downtown/") == dt.date(2016, 7, 31)
    assert url_date("https://www.example-news.com/news/crime/20130808-two-hurt-in-shooting.ece") == dt.date(2013, 8, 8)
    assert url_date("https://www.example-news.com/story/34246246/police-say") is None
    assert url_date("https://www.example-news.com/2013/08/month-only/") is None
    assert url_date("https://www.example-news.com/story?day=20130808") is None
    assert url_date("https://www.example-news.com/2016/02/30/not-a-day/") is None


def test_a_metadata_date_a_day_after_the_url_date_is_the_same_publication_and_a_later_one_is_not():
    url = "https://www.example-news.com/2016/07/31/man-shot-downtown/"
    assert first_publication(dt.date(2016, 7, 31), url) is None
    assert first_publication(dt.date(2016, 8, 1), url) is None  # filed late at night
    assert first_publication(dt.date(2016, 8, 20), url) == dt.date(2016, 7, 31)
    assert first_publication(dt.date(2016, 7, 20), url) is None  # a page is not dated before its first publication


LATE_PAGE = {
    "id": "late", "source": "Lakeside Tribune", "published": "2013-08-28",
    "url": "https://www.lakeside-tribune.example/news/crime/20130808-two-wounded-outside-corner-store.ece",
    "title": "Two wounded outside Lakeside corner store",
    "text": "Two men were shot and wounded outside a corner store on Pine Avenue in Lakeside on Wednesday night, "
            "police said.\n\nOfficers found both men in the parking lot. They were taken to Lakeside General "
            "Hospital in stable condition.\n\nNo arrests have been made.",
}


def test_a_page_dated_weeks_after_its_url_date_reads_its_weekdays_against_the_url_date(tmp_path):
    with _ingest(tmp_path, [LATE_PAGE]) as ledger:
        row = ledger.store.rows("SELECT published, published_from FROM articles")[0]
        assert (row["published"], row["published_from"]) == (dt.date(2013, 8, 8), "url")
        # "Wednesday night" against Thursday 8 August: the 7th, not the Wednesday before 28 August.
        assert _lines(ledger, "ASSAULT") == [("2013-08-07", ["Lakeside Tribune"])]


def test_a_url_date_does_not_override_the_published_flag(tmp_path):
    from newsledger.ledger import Ledger

    path = tmp_path / "late.jsonl"
    record = {k: v for k, v in LATE_PAGE.items() if k != "published"}
    path.write_text(json.dumps(record), encoding="utf-8")
    with Ledger(tmp_path / "ledger.duckdb") as ledger:
        ledger.ingest([str(path)], published=dt.date(2013, 8, 28))
        row = ledger.store.rows("SELECT published, published_from FROM articles")[0]
        assert (row["published"], row["published_from"]) == (dt.date(2013, 8, 28), "flag")


# ---------------------------------------------------------------------------
# Holidays written without the apostrophe

def test_new_years_eve_without_its_apostrophe_is_the_last_day_of_the_year_before(tmp_path):
    report = {
        "id": "nye", "source": "Hill County Radio", "published": "2017-01-04",
        "title": "Off-duty officer on leave after shooting",
        "text": "An off-duty police officer in Ridgefield is on administrative leave after a woman was shot at a "
                "home on New Years Eve.\n\nThe woman was shot in the foot and taken to a hospital, the department "
                "said.\n\nState police will review the case.",
    }
    with _ingest(tmp_path, [report]) as ledger:
        values = [r["timex_value"] for r in ledger.store.rows("SELECT timex_value FROM times WHERE time_text ILIKE 'New Years Eve'")]
        assert values == ["2016-12-31"]
        assert _lines(ledger, "ASSAULT") == [("2016-12-31", ["Hill County Radio"])]


# ---------------------------------------------------------------------------
# Next-day update

UPDATED_PAGE = {
    "id": "update", "source": "Capital Morning News", "published": "2016-07-31",
    "title": "Woman killed, three hurt in downtown Riverton shooting",
    "text": "A woman was shot and killed and three people were wounded early Sunday on Congress Street in "
            "downtown Riverton, police said.\n\nOfficers heard the shots about 2:15 a.m. and found the victims "
            "outside a bar.\n\nPolice arrested a 24-year-old man Monday morning in connection with the shooting.",
}

FOLLOW_UP = {
    "id": "followup", "source": "Riverton Weekly", "published": "2016-12-08",
    "title": "Store clerk appears in court",
    "text": "A store clerk charged in the Friday shooting of a teenager at a Riverton convenience store appeared "
            "in court Thursday.\n\nPolice said the clerk shot the 16-year-old Friday night outside the store on "
            "Mill Road.\n\nA judge set his bail at $100,000.",
}


def test_a_page_updated_the_next_morning_dates_its_arrest_after_the_shooting(tmp_path):
    with _ingest(tmp_path, [UPDATED_PAGE]) as ledger:
        # The words were read as the Monday before the page date ...
        stored = ledger.store.rows("SELECT strftime(event_date, '%Y-%m-%d') AS day FROM event_mentions "
                                   "WHERE event_type = 'COERCE'")
        assert [r["day"] for r in stored] == ["2016-07-25"]
        # ... but the report's shooting is on its page's Sunday: its Monday is the next day.
        assert _lines(ledger, "ASSAULT") == [("2016-07-31", ["Capital Morning News"])]
        assert _lines(ledger, "COERCE") == [("2016-08-01", ["Capital Morning News"])]


def test_a_follow_up_a_week_later_keeps_its_shooting_a_week_back(tmp_path):
    with _ingest(tmp_path, [FOLLOW_UP]) as ledger:
        assert _lines(ledger, "ASSAULT") == [("2016-12-02", ["Riverton Weekly"])]


def _mention(i, kind, date, day_words, article="a", frame=dt.date(2016, 7, 31)):
    from newsledger.resolve.events import Mention

    m = Mention(id=f"m{i}", article=article, type=kind, mode=None, actors=[], recipients=[], date=date,
                date_source="time", precision="day", location=None, modality="asserted", confidence=0.8,
                story="s", source=f"outlet-{article}", root=article, published=None, seq=i, trigger=(0, 1, "x"),
                sentence=(0, 1), location_span=(None, None), time_span=(0, 1), frame_date=frame)
    m.day_words = day_words
    return m


@pytest.mark.parametrize("words", ["Monday morning", "last Monday", "Monday, July 25"])
def test_only_a_bare_weekday_is_read_as_the_next_day(words):
    from newsledger.resolve.events import next_day_updates

    shooting, arrest = _mention(1, "ASSAULT", "2016-07-31", "early Sunday"), _mention(2, "COERCE", "2016-07-25", words)
    assert next_day_updates([shooting, arrest]) == (1 if words == "Monday morning" else 0)
    assert arrest.date == ("2016-08-01" if words == "Monday morning" else "2016-07-25")


def test_a_shooting_read_a_week_back_moves_to_the_next_day_only_when_the_story_s_other_report_says_so():
    from newsledger.resolve.events import next_day_updates

    tuesday, wednesday = dt.date(2016, 6, 7), dt.date(2016, 6, 8)
    # A page dated Tuesday tells the shooting with the hearing's "Wednesday"; the station's report, dated
    # Wednesday, says the boy was shot Tuesday night.
    misread = _mention(1, "ASSAULT", "2016-06-01", "Wednesday", article="paper", frame=tuesday)
    station = _mention(2, "ASSAULT", "2016-06-07", "Tuesday night", article="station", frame=wednesday)
    assert next_day_updates([misread, station]) == 1 and misread.date == "2016-06-08"
    # Two follow-ups a week later both tell the shooting as "Tuesday afternoon": the week back stays.
    monday = dt.date(2017, 3, 6)
    first = _mention(3, "ASSAULT", "2017-02-28", "Tuesday afternoon", article="chronicle", frame=monday)
    second = _mention(4, "ASSAULT", "2017-02-28", "that Tuesday afternoon", article="channel", frame=monday)
    assert next_day_updates([first, second]) == 0 and first.date == "2017-02-28"
