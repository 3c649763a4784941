"""Names in a report that are about the report itself: its byline and its own outlet.

The demo read of round 8 found a blog's byline ("Posted by Patriot Dan |")
listed as a person actor, the outlet's own name in its header block
("Eastbridge Courier") as an organisation, and the town an outlet is named
after ("Northgate" in the Northgate Herald's local stories) as an
organisation too. None of them is a party to what the report tells:

* **Byline**: a name whose line opens with "By", "Posted by", "Written by"
  or "Reporting by" (``BYLINE_LEADS``) is the writer. The mention keeps
  its span and gets no actor.
* **The report's own outlet** (the document's source, "The" aside) is a
  news organisation: kind ``media``, sector JRN, whatever the NER called it.
* **The outlet's town**: an outlet named "<Town> <newspaper word>"
  ("Northgate Herald", "Springfield Gazette") is named after its town, so
  the bare "<Town>" in its own reports is that town: a place, not an actor.
"""

from __future__ import annotations

from newsledger.nlp.actors.state import DocState, Mention

# Words that name a news organisation ("Herald", "Courier"): the JRN sector of an unknown organisation,
# and the mark of an outlet named after its town.
MEDIA_NAME_WORDS = {
    "news", "times", "post", "journal", "herald", "tribune", "gazette", "telegraph", "tv", "radio",
    "broadcasting", "magazine", "press", "daily", "television", "media", "courier", "chronicle", "digest",
    "wire", "inquirer", "sentinel", "bulletin",
}
# How a byline line opens, before the writer's name (lower case, punctuation left out).
BYLINE_LEADS = {("by",), ("posted", "by"), ("written", "by"), ("reporting", "by"), ("story", "by"),
                ("words", "by"), ("text", "by")}
# Tokens a byline's lead may take before the name: two words and their punctuation ("(Reporting by").
BYLINE_LEAD_TOKENS = 4


def is_byline(state: DocState, mention: Mention) -> bool:
    """ "Posted by Patriot Dan | April 8", "By Jane Roe\\n": the writer of the report, on a line of its own."""
    doc = state.doc
    words: list[str] = []
    i = mention.start - 1
    floor = max(-1, mention.start - 1 - BYLINE_LEAD_TOKENS)
    while i > floor and not (doc[i].is_space and "\n" in doc[i].text):
        if doc[i].is_alpha:
            words.append(doc[i].lower_)
        elif not doc[i].is_punct:
            return False
        i -= 1
    if i == floor and i >= 0:
        return False  # the line goes on further back: no byline
    return tuple(reversed(words)) in BYLINE_LEADS


def own_outlet(state: DocState, mention: Mention) -> bool:
    """The report's own outlet named in its text ("Eastbridge Courier" in the Eastbridge Courier's header)."""
    source = _outlet_words(state.doc._.source)
    return bool(source) and _name_words(state, mention) == source


def outlet_town(state: DocState, mention: Mention) -> bool:
    """ "Northgate" in a report of the Northgate Herald: the town the outlet is named after."""
    source = _outlet_words(state.doc._.source)
    if len(source) < 2 or source[-1] not in MEDIA_NAME_WORDS:
        return False
    return _name_words(state, mention) == source[:-1]


def _name_words(state: DocState, mention: Mention) -> tuple[str, ...]:
    words = tuple(t.lower_ for t in state.doc[mention.start:mention.end] if not t.is_space)
    return words[1:] if words[:1] == ("the",) else words


def _outlet_words(source: str | None) -> tuple[str, ...]:
    if not source or "." in source:  # a web address ("coinprofit-daily.biz") names no town
        return ()
    words = tuple(source.lower().split())
    return words[1:] if words[:1] == ("the",) else words


__all__ = ["MEDIA_NAME_WORDS", "is_byline", "outlet_town", "own_outlet"]
