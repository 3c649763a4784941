"""One event line of the report, rendered from the row the report's query gives."""

from __future__ import annotations

import datetime as dt

import pytest

from newsledger.report.render import _event_line


def _line(updates):
    return _event_line({"event_date": dt.date(2016, 11, 7), "date_precision": "day", "actor_names": ["gunman"],
            "recipient_names": ["customers"], "event_type": "ASSAULT", "mode": "firearms", "modality": "asserted",
            "single_source": False, "place": "Detroit", "outlets": ["Lakeside Times", "River Post"],
            "independent_outlets": 2, "n_mentions": 2, "mentions": [], "contradictions": [],
            "count_updates": updates})


def _update(no, day, value, outlet):
    return {"kind": "injured", "update_no": no, "as_of": dt.date(2016, 11, day), "value": value, "outlet": outlet}


def test_a_growing_count_is_marked_as_growing():
    line = _line([_update(0, 7, 5, "Lakeside Times"), _update(1, 8, 7, "River Post")])
    assert "↗ injured as reported over time: 5 (7 Nov 2016, Lakeside Times) → 7 (8 Nov 2016, River Post)" in line


def test_a_count_revised_down_is_not_shown_as_growth():
    line = _line([_update(0, 7, 7, "Lakeside Times"), _update(1, 8, 6, "River Post")])
    assert "↗" not in line
    assert "↕ injured as reported over time: 7 (7 Nov 2016, Lakeside Times) → 6 (8 Nov 2016, River Post)" in line


@pytest.mark.slow
def test_a_spam_sites_profile_says_its_corroboration_is_not_counted(demo_db):
    from newsledger.ledger import Ledger

    with Ledger(demo_db, read_only=True) as ledger:
        report = ledger.report()
    section = report.split("### coinprofit-daily.biz")[1].split("\n### ")[0]
    assert "corroborated events: not counted" in section
    checked = [line for line in section.splitlines() if line.startswith("- checked, none found")]
    assert all("corroborated" not in line for line in checked)
    professional = report.split("### Harbor Press Agency")[1].split("\n### ")[0]
    assert "not counted" not in professional
