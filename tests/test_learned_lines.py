"""Relearning an outlet's boilerplate looks closely only at articles that may carry a learned line (issue 12: scaling)."""

from __future__ import annotations

from newsledger.clean.boilerplate import line_key
from newsledger.clean.learned import _may_carry, key_words


def test_every_text_carrying_a_learned_line_passes_the_word_filter():
    learned = {line_key("Reporting by the Harbour Desk. Copyright 2024, all rights reserved."),
               line_key("Sign up for our morning briefing")}
    words = key_words(learned)
    assert words == ["briefing", "reporting"]
    carrying = [
        "Ferries stopped on Monday.\n\nREPORTING BY THE HARBOUR DESK. COPYRIGHT 2025, ALL RIGHTS RESERVED.",
        "Ferries stopped on Monday.\n\nＳｉｇｎ ｕｐ ｆｏｒ ｏｕｒ ｍｏｒｎｉｎｇ ｂｒｉｅｆｉｎｇ",  # full-width letters fold to these
    ]
    for text in carrying:
        assert any(line_key(line) in learned for line in text.splitlines())
        assert _may_carry(text, words)
    assert not _may_carry("Ferries stopped on Monday after a storm damaged the pier.", words)


def test_a_learned_line_of_digits_only_turns_the_filter_off():
    assert key_words({line_key("Tel. 555 0100"), line_key("2024")}) is None
