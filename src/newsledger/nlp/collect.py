"""Gather a processed ``Doc``'s outputs into one JSON-able record.

The record is what ``newsledger analyze`` prints, what the store writes, and
what crosses process boundaries; offsets index the doc's text.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from newsledger.model import to_jsonable


def collect(doc: Doc) -> dict[str, Any]:
    actors = doc._.actors or {}
    frame = doc._.time_frame
    record = {
        "entities": to_jsonable(doc._.entities or []),
        "actors": [to_jsonable(a) for a in actors.values()],
        "role_claims": to_jsonable(doc._.role_claims or []),
        "times": to_jsonable(doc._.times or []),
        "time_frame": to_jsonable(frame) if frame is not None else None,
        "quotes": to_jsonable(doc._.quotes or []),
        "events": to_jsonable(doc._.events or []),
        "n_tokens": len(doc),
    }
    return record

