"""Signals that a line is news prose, shared by every boilerplate and furniture rule.

A line with quoted speech or a reporting verb is reporting: no whole-line
rule may remove it unless the rule is structural (a photo credit, a
player's transcript) and says so.
"""

from __future__ import annotations

import re

REPORTING_VERB = re.compile(
    r"\b(?:said|says|told|tells|reported|reports|according to|announced|stated|added|"
    r"claimed|warned|insisted|denied|confirmed)\b",
    re.IGNORECASE,
)
QUOTED_SPEECH = re.compile(r"[\"“”][^\"“”]{12,}[\"“”]")


def reads_as_reporting(line: str) -> bool:
    """A line with quoted speech or a reporting verb is news prose, never boilerplate."""
    return bool(QUOTED_SPEECH.search(line) or REPORTING_VERB.search(line))
