"""Settings a user may change, each with what it does and how its value was chosen.

``EVENT_MIN_CONFIDENCE``
    The confidence an event needs to be shown by default. Every coded event
    mention is stored with its confidence (see
    :mod:`newsledger.nlp.events.confidence` for how it is computed); the
    report, ``newsledger events`` and the web view show an event when its best
    mention reaches this value, with only the mentions that do as its evidence.
    Lower-confidence mentions stay in the ledger (``mentions`` table, and every
    event is in ``newsledger export`` with its confidence) and are shown with
    ``--all-events`` or ``--min-confidence`` (report, events), ``?all=true``
    (web) or ``min_confidence=0`` in :func:`newsledger.report.query.list_events`.

    Calibration: on the PLOVER audit set (real sentences,
    ``newsledger eval audit``) the precision of mentions in each confidence
    band, set beside the PLOVER synthetic stories, is in docs/EVALUATION.md
    ("PLOVER coding on real sentences"). The value is the lower edge of the
    first band whose precision on the audit set is at least 0.8 and stays so
    above it, rounded to a band edge; it was not tuned to any one sentence.

    To change it for a run, set the environment variable
    ``NEWSLEDGER_EVENT_MIN_CONFIDENCE`` (a number in [0, 1]); ``0`` shows
    every stored mention.
"""

from __future__ import annotations

import os

DEFAULT_EVENT_MIN_CONFIDENCE = 0.5
ENV_EVENT_MIN_CONFIDENCE = "NEWSLEDGER_EVENT_MIN_CONFIDENCE"


def _threshold_from_env(default: float) -> float:
    raw = os.environ.get(ENV_EVENT_MIN_CONFIDENCE)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{ENV_EVENT_MIN_CONFIDENCE}={raw!r} is not a number in [0, 1]") from exc
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{ENV_EVENT_MIN_CONFIDENCE}={raw!r} is outside [0, 1]")
    return value


EVENT_MIN_CONFIDENCE = _threshold_from_env(DEFAULT_EVENT_MIN_CONFIDENCE)
