"""Page clutter read as news (round 5): video cards, media labels, stamps, link calls, repeated teasers."""

from __future__ import annotations

import pytest

from newsledger.clean import clean_text

REPORT = """Teen shot at Riverside home Posted: Wednesday, May 4, 2022 8:10 PM EDT Updated: Friday, May 6, 2022 9:02 AM EDT

A school board voted to keep the new lunch menu.

A school board voted to keep the new lunch menu.

Three men were arrested after a string of garage thefts in the county.

Three men were arrested after a string of garage thefts in the county.

A 15-year-old boy was shot at his home on Wednesday, police said.

Storm Knocks Out Power Downtown
Crews worked overnight to restore power after the storm. (Published Tuesday, May 3, 2022)
Deputies arrested a neighbour on Thursday. Go here for more on the arrest.
Updated: May 6, 2022 - 9:02 AM
WATCH: Chief speaks about the Riverside shooting
Officers found the boy in a back bedroom. (Source: WXYZ)
The boy was taken to a hospital in stable condition.
The boy was taken to a hospital in stable condition.
Click here for complete coverage
"""


def reasons_of(text: str) -> dict[str, str]:
    return {r.text: r.reason for r in clean_text(text).removed}


def test_report_lines_survive_and_clutter_goes():
    result = clean_text(REPORT)
    assert result.text.splitlines() == [
        "Teen shot at Riverside home Posted: Wednesday, May 4, 2022 8:10 PM EDT Updated: Friday, May 6, 2022 9:02 AM EDT",
        "",
        "A 15-year-old boy was shot at his home on Wednesday, police said.",
        "",
        "Deputies arrested a neighbour on Thursday.",
        "Updated: May 6, 2022 - 9:02 AM",
        "",
        "The boy was taken to a hospital in stable condition.",
    ]


def test_every_removal_keeps_its_span():
    for removal in clean_text(REPORT).removed:
        assert REPORT[removal.start : removal.end] == removal.text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Crews worked overnight to restore power after the storm. (Published Tuesday, May 3, 2022)", "video-caption"),
        ("Storm Knocks Out Power Downtown", "teaser-card"),
        ("Three men were arrested after a string of garage thefts in the county.", "teaser-card"),
        ("Go here for more on the arrest.", "call-to-action"),
        ("Click here for complete coverage", "call-to-action"),
        ("WATCH: Chief speaks about the Riverside shooting", "media-label"),
        ("Officers found the boy in a back bedroom. (Source: WXYZ)", "photo-caption"),
        ("The boy was taken to a hospital in stable condition.", "duplicate-line"),
    ],
)
def test_reason_per_kind(line, reason):
    assert reasons_of(REPORT)[line] == reason


def test_lone_repeat_keeps_one_copy():
    text = "Police said two men were shot on Main Street.\nPolice said two men were shot on Main Street.\n"
    result = clean_text(text)
    assert result.text == "Police said two men were shot on Main Street."
    assert [r.reason for r in result.removed] == ["duplicate-line"]


@pytest.mark.parametrize(
    "line",
    [
        "Watch the video below as officers describe the scene, police said.",
        "Officers were told to go here and there during the search.",
        "He posted bail on Friday, May 6, 2022.",
        "Updated at 11:13 a.m. May 6:",
        "Posted by Jane Roe | May 2, 2020 | 7 Comments",
        "The photo was taken by a neighbour (photo shows the street).",
        "The chief said a staff photographer was at the scene.",
        "Video shows the man running from the store, police said.",
    ],
)
def test_report_sentences_are_kept(line):
    assert clean_text(line).text == line


def test_three_copies_of_one_line_keep_one():
    line = "Two people were hurt in the crash on Route 9."
    result = clean_text("\n".join([line] * 3) + "\nThe road reopened at noon.\n")
    assert result.text.splitlines()[0] == line
    assert result.text.count(line) == 1


def test_a_page_stamp_is_kept_as_the_reports_date():
    from newsledger.clean.clutter import is_page_stamp

    line = "Updated: November 11, 2011 20:09 IST"
    assert is_page_stamp(line)
    assert clean_text("Floods hit the coast.\n" + line + "\nRescuers reached the town.\n").text.splitlines()[1] == line


def test_a_quote_printed_twice_keeps_one_copy_even_beside_another_repeat():
    text = ("The company is not sure what cut the cable, she said.\n"
            "The company is not sure what cut the cable, she said.\n"
            "\"It could be a ship in the area.\"\n"
            "\"It could be a ship in the area.\"\n")
    result = clean_text(text)
    assert "what cut the cable, she said." in result.text
    assert "It could be a ship in the area." in result.text
    assert {r.reason for r in result.removed} == {"duplicate-line"}
