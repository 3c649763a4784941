"""Chart geometry for the pages' SVG (drawn by the templates: no chart script, nothing inline).

Each function turns rows into coordinates and labels; the template writes
the ``<svg>`` elements, so every label is auto-escaped like any other text.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

WIDTH, LANE, MARGIN = 760, 34, 70


def _month_floor(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _ticks(first: dt.date, last: dt.date, x_of) -> list[dict[str, Any]]:
    """Month ticks when the span is over ~2 months, else weekly ticks."""
    span = (last - first).days
    ticks = []
    if span > 62:
        d = _month_floor(first)
        while d <= last:
            if d >= first:
                ticks.append({"x": x_of(d), "label": d.strftime("%b %Y")})
            d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        step = max(1, len(ticks) // 8)
        return ticks[::step]
    step = max(1, span // 6) if span else 1
    d = first
    while d <= last:
        ticks.append({"x": x_of(d), "label": d.isoformat()})
        d += dt.timedelta(days=step)
    return ticks


def timeline(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A story's dated events on a date axis: recaps on their own lane above, the rest below; None when nothing is dated."""
    dated = [e for e in events if e.get("event_date")]
    if not dated:
        return None
    # The axis spans the story's own events; recaps of years before sit at its left edge, marked "earlier".
    own = [e["event_date"] for e in dated if not e.get("recap")] or [e["event_date"] for e in dated]
    first, last = min(own), max(own)
    span = max(1, (last - first).days)
    inner = WIDTH - 2 * MARGIN

    def x_of(d: dt.date) -> float:
        if d < first:
            return float(MARGIN - 14)
        if d > last:
            return float(WIDTH - MARGIN + 14)
        return round(MARGIN + inner * (d - first).days / span, 1) if last != first else WIDTH / 2

    stack: Counter = Counter()
    points = []
    for e in dated:
        lane = "recap" if e.get("recap") else "event"
        key = (lane, e["event_date"])
        base = LANE if lane == "recap" else 3 * LANE
        y = base + 12 * stack[key]
        stack[key] += 1
        points.append({"x": x_of(e["event_date"]), "y": y, "lane": lane, "event_id": e["event_id"],
                       "single": bool(e.get("single_source")),
                       "title": f"{e['event_date']} ({e.get('date_precision') or 'day'}) {e['event_type']}: {e.get('summary') or ''}"})
    height = max(p["y"] for p in points) + 2 * LANE
    earlier = sum(1 for e in dated if e["event_date"] < first)
    return {"width": WIDTH, "height": height, "points": points, "ticks": _ticks(first, last, x_of),
            "axis_y": height - LANE + 6, "recap_y": LANE, "event_y": 3 * LANE, "earlier": earlier}


def per_month(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """How many of the events fall in each month (by event date), in month order."""
    months = Counter(_month_floor(e["event_date"]) for e in events if e.get("event_date"))
    return [{"month": m, "n": n} for m, n in sorted(months.items())]


def monthly_bars(counts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Events per month (:func:`per_month`) as bars; None when nothing is dated."""
    months = {c["month"]: c["n"] for c in counts}
    if not months:
        return None
    first, last = min(months), max(months)
    series = []
    d = first
    while d <= last:
        series.append((d, months.get(d, 0)))
        d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    top, height = max(months.values()), 140
    inner = WIDTH - 2 * MARGIN
    bar = max(2.0, inner / len(series) - 2)
    bars = []
    for i, (month, n) in enumerate(series):
        h = round((height - 30) * n / top, 1)
        bars.append({"x": round(MARGIN + i * inner / len(series), 1), "y": height - 20 - h, "w": round(bar, 1), "h": h,
                     "label": month.strftime("%b %Y"), "n": n})
    step = max(1, len(bars) // 8)
    return {"width": WIDTH, "height": height, "bars": bars, "labels": bars[::step], "base_y": height - 20}
