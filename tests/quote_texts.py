"""Helpers shared by the quote tests: attributions read back as (source, cue, content) texts."""

from __future__ import annotations

from newsledger.nlp.quotes import find_attributions


def attributions(doc, mode: str = "all") -> list[tuple[str | None, str, str]]:
    """Every attribution the finder gives in ``mode``, as the texts of its source, cue and content."""
    text = doc.text
    return [(text[slice(*a.source_range)] if a.source else None, text[slice(*a.cue)], text[slice(*a.content)])
            for a in find_attributions(doc, mode)]
