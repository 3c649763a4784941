"""Text for ``newsledger show ID``: one thing of any kind, readable in a terminal.

An article prints as its header, its cleaned text, the lines the cleaner
removed (with reasons) and its facts; every other kind prints its fields one
per line, then the things listed under it (an event's mentions, a story's
timeline) one per line, so nothing is hidden and nothing is guessed.
"""

from __future__ import annotations

from typing import Any

from newsledger.report.output import text_cell

# Characters of a quote or sentence shown on one line.
LINE_CHARS = 160


def describe(kind: str, record: dict[str, Any]) -> str:
    if kind == "article":
        return _article(record)
    scalars = {k: v for k, v in record.items() if not _is_listing(v)}
    lines = [f"{kind} {_id_of(kind, record)}"]
    lines += [f"  {k}: {text_cell(v)}" for k, v in scalars.items() if v is not None and v != []]
    for key, items in record.items():
        if _is_listing(items) and items:
            lines.append(f"{key}:")
            lines += [f"  - {_one_line(item)}" for item in items]
    return "\n".join(lines)


def _is_listing(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(v, dict) for v in value)


def _id_of(kind: str, record: dict[str, Any]) -> str:
    return str(record.get(f"{kind}_id") or record.get(kind) or "")


def _one_line(item: dict[str, Any]) -> str:
    text = "  ".join(f"{k}={text_cell(v)}" for k, v in item.items() if v is not None and v != [] and not _is_listing(v))
    text = " ".join(text.split())
    return text if len(text) <= 2 * LINE_CHARS else text[: 2 * LINE_CHARS - 1] + "…"


def _article(row: dict[str, Any]) -> str:
    lines = [f"article {row['article_id']}  {row['published'] or 'undated'}  {row['outlet'] or 'unknown outlet'}",
             f"title: {row['title'] or '(none)'}", f"origin: {row['origin']}"]
    if row.get("copy_of_id"):
        lines.append(f"copy of {row['copy_of_id']} ({row['copy_kind']}, similarity {row['copy_similarity']})")
    if row.get("story_id"):
        lines.append(f"story: {row['story_id']}")
    lines += ["", row["text"], ""]
    if row.get("removed_lines"):
        lines.append("removed lines:")
        lines += [f"  [{r['reason']}] {r['line_text']}" for r in row["removed_lines"]]
    for q in row.get("quotes", []):
        content = " ".join((q.get("content_text") or "").split())[:LINE_CHARS]
        lines.append(f"quote {q['quote_id']} ({q['kind']}) {q.get('speaker_name') or q.get('speaker_text') or '?'}: {content}")
    for m in row.get("event_mentions", []):
        date = m["event_date"] or "?"
        lines.append(f"event mention {m['mention_id']} {m['event_type']}/{m['mode'] or '-'} {date} ({m['modality']}, "
                     f"confidence {m['confidence']:.2f}{'' if m['shown'] else ', hidden'}): {m['trigger_text']}")
    return "\n".join(lines)
