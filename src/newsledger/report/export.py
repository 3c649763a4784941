"""Write the ledger as files, one per user table and view, by DuckDB's own writers.

The export is the whole ledger as a user sees it in the file: every table of
schema ``main`` (articles, event mentions, events, quotes, claims,
contradictions, outlets and their signals, reviews, ...) and every view
(``event_overview``, ``story_timeline``, ...), never the machinery of schema
``internal``. DuckDB's ``COPY ... TO`` keeps the types: in Parquet and JSON a
list stays a list, a date a date, a number a number. CSV has no lists, so a
list becomes its items joined by ``"; "`` (:data:`LIST_SEPARATOR`); JSON
columns (roles, evidence, corrections) stay JSON text. Views show events at
the default confidence threshold; the tables hold every event.

Before (pyarrow, every value turned into a string, CSV cells holding JSON
arrays, no contradictions or reviews) a Parquet file of the demo's events had
only VARCHAR columns; now ``event_date`` is a DATE and ``outlets`` a
VARCHAR[] (tests/test_export.py).
"""

from __future__ import annotations

import enum
from pathlib import Path

from newsledger.report.output import LIST_SEPARATOR
from newsledger.store.db import Store


class ExportFormat(str, enum.Enum):
    """Export file formats: ``json`` is one array per file, ``jsonl`` one object per line."""

    parquet = "parquet"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


# DuckDB COPY options for each format.
_COPY_OPTIONS = {
    ExportFormat.parquet: "FORMAT parquet",
    ExportFormat.csv: "FORMAT csv, HEADER true",
    ExportFormat.json: "FORMAT json, ARRAY true",
    ExportFormat.jsonl: "FORMAT json",
}
# Order of rows in each exported relation: its id, else its first columns.
_ORDER = {
    "articles": "seq", "runs": "run_id", "ingest_errors": "reported_at", "reviews": "created_at, review_id",
    "story_timeline": "story_id, timeline_no",
}


def relations(store: Store) -> list[tuple[str, str]]:
    """Every user table and view of schema ``main``: (name, 'table' | 'view'), tables first."""
    tables = [(r[0], "table") for r in store.con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' "
        "ORDER BY table_name"
    ).fetchall()]
    views = [(r[0], "view") for r in store.con.execute(
        "SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' "
        "AND NOT internal ORDER BY view_name"
    ).fetchall()]
    return tables + views


def _columns(store: Store, name: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in store.con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [name],
    ).fetchall()]


def _select(store: Store, name: str, fmt: ExportFormat) -> str:
    """The query one file is written from: lists flattened for CSV, rows in a stable order."""
    columns = _columns(store, name)
    cells = []
    for column, kind in columns:
        quoted = f'"{column}"'
        if fmt is ExportFormat.csv and kind.endswith("[]"):
            cells.append(f"array_to_string({quoted}, '{LIST_SEPARATOR}') AS {quoted}")
        else:
            cells.append(quoted)
    order = _ORDER.get(name) or ", ".join(f'"{c}"' for c, _ in columns[:2])
    return f"SELECT {', '.join(cells)} FROM main.\"{name}\" ORDER BY {order}"


def export(store: Store, out_dir: Path, format: str | ExportFormat = ExportFormat.parquet) -> list[Path]:
    """Write one file per user table and view into ``out_dir``; returns the paths written."""
    try:
        fmt = ExportFormat(format)
    except ValueError:
        raise ValueError(f"unknown export format {format!r}: choose one of {', '.join(f.value for f in ExportFormat)}") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, _ in relations(store):
        path = out_dir / f"{name}.{fmt.value}"
        target = str(path).replace("'", "''")
        store.con.execute(f"COPY ({_select(store, name, fmt)}) TO '{target}' ({_COPY_OPTIONS[fmt]})")
        written.append(path)
    return written
