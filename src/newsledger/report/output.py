"""Printing rows for the command line: one set of output formats shared by every listing.

Like sqlite-utils and datasette, every listing takes ``--format
table|csv|json|jsonl``. ``json`` is one JSON array, ``jsonl`` one object per
line. CSV cells are flat: a list becomes its items joined by ``"; "`` and a
nested value (a dict, a list of dicts) its JSON text, so a spreadsheet shows
``putin; trump`` rather than ``["putin", "trump"]``. A table on a terminal
shortens ids and long cells to fit; piped (or with ``--no-truncate``) it
keeps every character, so a copied id is always whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import enum
import json
from typing import IO, Any, Iterable, Sequence

# Joins the items of a list in a CSV cell (documented in docs/SCHEMA.md, Export).
LIST_SEPARATOR = "; "
# Long ids (SHA-256 prefixes) are cut to this many characters on a terminal; ``show`` takes any unique prefix.
SHORT_ID = 12
# A terminal cell longer than this is cut with an ellipsis.
MAX_CELL = 60


class Format(str, enum.Enum):
    """The output formats every listing takes."""

    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


def jsonable(value: Any) -> Any:
    """A value JSON can hold: dates as ISO text, decimals as floats."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def csv_cell(value: Any) -> Any:
    """One flat CSV cell: lists of scalars joined by ``"; "``, nested values as JSON text."""
    if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
        return LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, default=jsonable, ensure_ascii=False)
    return value


def text_cell(value: Any) -> str:
    """A table cell: names of listed things, items of lists, the value as text."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(v["name"] if isinstance(v, dict) and "name" in v else text_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def write_rows(rows: Sequence[dict[str, Any]], fmt: Format, columns: Sequence[str], out: IO[str], *,
               truncate: bool = False) -> None:
    """Write rows in ``fmt``; ``columns`` are those a table and a CSV show (JSON keeps every key)."""
    if fmt is Format.json:
        out.write(json.dumps(list(rows), default=jsonable, ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.jsonl:
        for row in rows:
            out.write(json.dumps(row, default=jsonable, ensure_ascii=False) + "\n")
    elif fmt is Format.csv:
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: csv_cell(row.get(c)) for c in columns})
    else:
        write_table(rows, columns, out, truncate=truncate)


def write_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], out: IO[str], *, truncate: bool) -> None:
    """Aligned columns; ``truncate`` shortens ids and long cells (for a terminal), never for a pipe."""
    cells = [[_fit(c, text_cell(r.get(c)), truncate) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    for line in _lines([list(columns)] + cells, widths):
        out.write(line + "\n")


def _lines(table: Iterable[list[str]], widths: list[int]) -> Iterable[str]:
    for row in table:
        yield "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()


def _fit(column: str, text: str, truncate: bool) -> str:
    text = " ".join(text.split())
    if not truncate:
        return text
    if column.endswith("_id") and len(text) > SHORT_ID and ":" not in text:
        return text[:SHORT_ID]
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"
