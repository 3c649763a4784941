"""Text helpers shared by the nlp components (actors, times, quotes, events).

* datelines ("MOSCOW, Jan. 28 (Agency) —"): the place a report was filed
  from is where, not who; quotes and events leave its tokens out of speakers
  and participants, actors read its place as a place;
* :func:`lemma`: the lower-case lemma every lexicon lookup uses.

One module so that a component needing one of these does not import another
component for it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

DATELINE_DASHES = {"—", "–", "--", "-"}
DATELINE_MAX_TOKENS = 15
DATELINE_CACHE = "newsledger_dateline_tokens"


def dateline_head(span) -> bool:
    """"HELSINKI, July 15 (Agency) —": a capitalised place opening a paragraph is where, not who."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    # (a newline is its own space token: reading doc.text here would rebuild the whole text per span)
    opens_line = before is None or (before.is_space and before.text.endswith("\n"))
    follows = doc[span.end].text if span.end < len(doc) else ""
    return opens_line and span.text.isupper() and any(c.isalpha() for c in span.text) and follows in {",", "—", "–", "-"}


def dateline_tokens(doc: Doc) -> set[int]:
    """Token indices of every dateline ("MOSCOW, Jan. 28 (Agency) —"): place, date, agency and the dash.

    Kept on the doc (as a list, which survives the byte serialisation that
    multi-process pipes use): quotes and events ask for it once per mention.
    """
    cached = doc.user_data.get(DATELINE_CACHE)
    if cached is None:
        cached = doc.user_data[DATELINE_CACHE] = sorted(_find_dateline_tokens(doc))
    return set(cached)


def _find_dateline_tokens(doc: Doc) -> set[int]:
    out: set[int] = set()
    for ent in doc.ents:
        if not dateline_head(ent):
            continue
        stop = min(len(doc), ent.end + DATELINE_MAX_TOKENS)
        dash = next((t.i for t in doc[ent.end:stop] if t.text in DATELINE_DASHES), None)
        out.update(range(ent.start, dash + 1 if dash is not None else ent.end))
    return out


def lemma(tok: Token) -> str:
    """The token's lemma in lower case (lexicons are written in lower case)."""
    return tok.lemma_.lower()
