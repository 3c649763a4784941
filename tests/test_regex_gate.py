"""``nlp.regex_gate``: a first-character lookahead never changes what a pattern finds."""

from __future__ import annotations

import re

from newsledger.nlp.regex_gate import first_char_gate
from newsledger.nlp.timex_rules import RULES, B, E

GATE = re.compile(r"\(\?=(?:\(\?i:)?\[(?:\\.|[^\]\\])*\]\)?\)")  # a gate as first_char_gate writes it
TEXTS = [
    "On Monday, about 3 p.m., two men were shot; by Tuesday night the toll was five. Last year's first quarter.",
    "the end of March 2015, early-2016, mid-March, the 1990s, the nineties, twenty-one days, a day, per week",
    "ſome Kelvin-K words, İstanbul and ÉTÉ; 12/25/2016 and 2016-12-25; Christmas Eve; the 19th century",
    "THE PAST THREE YEARS, This Morning, LAST WEEK, every other Sunday, nightly, within hours",
    "",
]


def test_the_gate_lists_every_first_character_and_refuses_nothing_else():
    assert first_char_gate(r"(?:the\s+)?(?P<n>\d+)\s+days") == r"(?=[\dt])"
    assert first_char_gate(r"(?i:early|late)?\s*March") == r"(?=(?i:[M\sel]))"
    assert first_char_gate(r"[a-c]x|y") == r"(?=[a-cy])"


def test_no_gate_when_the_first_characters_are_not_known_or_the_match_may_be_empty():
    assert first_char_gate(r"(\w)\1") == r"(?=[\w])"  # known: the reference comes second
    assert first_char_gate(r"\1x|(a)") == ""  # a back-reference first
    assert first_char_gate(r"[^a]b") == ""  # a negated class
    assert first_char_gate(r".b") == ""
    assert first_char_gate(r"(?:ab)?") == ""  # may match nothing
    assert first_char_gate(r"(") == ""  # not a pattern


def test_every_time_rule_finds_the_same_matches_with_and_without_its_gate():
    gated = 0
    for rule in RULES:
        gated_inner = rule.pattern.pattern[len(B):-len(E)]
        gate = GATE.match(gated_inner).group(0)
        inner = gated_inner[len(gate):]
        assert gate == first_char_gate(inner)
        gated += bool(gate)
        plain = re.compile(B + inner + E)
        for text in TEXTS + [t.lower() for t in TEXTS] + [t.upper() for t in TEXTS]:
            assert [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)] == \
                   [(m.span(), m.groupdict()) for m in plain.finditer(text)], rule.name
    assert gated == len(RULES)
