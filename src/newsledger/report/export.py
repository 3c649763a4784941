"""Write the ledger as files: articles, stories, events, quotes, claims, actors, outlets.

JSONL and CSV for people and scripts; Parquet (via DuckDB's own writer) for
analysts who load the ledger into dataframes or Spark.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from newsledger.report.query import list_claims, list_events
from newsledger.store.db import Store
from newsledger.store.writer import read_analysis

FORMATS = ("jsonl", "csv", "parquet")


def tables(store: Store) -> dict[str, list[dict[str, Any]]]:
    articles = store.rows(
        "SELECT id, source, title, published, published_from, url, authors, origin, external_id, story, duplicate_of, "
        "duplicate_kind, duplicate_score, text FROM articles ORDER BY seq"
    )
    for a in articles:
        facts = read_analysis(store, a["id"])
        a["removed"] = store.rows(
            'SELECT start_char AS start, end_char AS "end", text, reason FROM removed_lines WHERE article_id = ? ORDER BY seq', [a["id"]]
        )
        a["entities"], a["times"], a["time_frame"] = facts["entities"], facts["times"], facts["time_frame"]
    stories = store.rows("SELECT id, label, first_published, last_published, n_articles FROM stories ORDER BY first_published NULLS LAST, id")
    for s in stories:
        s["articles"] = [r["id"] for r in store.rows("SELECT id FROM articles WHERE story = ? ORDER BY seq", [s["id"]])]
    quotes = store.rows(
        "SELECT q.id, q.article_id AS article, q.kind, q.speaker, q.source_start, q.source_end, q.source_text, q.cue_start, "
        "q.cue_end, q.cue_text, q.content_start, q.content_end, q.content_text, q.claim, c.independent_sources, c.single_source "
        "FROM quotes q LEFT JOIN claims c ON c.id = q.claim ORDER BY q.article_id, q.seq"
    )
    actors = store.rows("SELECT id, name, kind, country, sector, family, roles FROM actors ORDER BY id")
    for a in actors:
        a["roles"] = json.loads(a["roles"]) if a["roles"] else []
    outlets = store.rows("SELECT source, n_articles, score, evidence FROM outlets ORDER BY source")
    for o in outlets:
        o["evidence"] = json.loads(o["evidence"]) if o["evidence"] else {}
    return {
        "articles": articles,
        "stories": stories,
        "events": list_events(store, min_confidence=0.0),  # the export is the whole ledger, confidence included
        "quotes": quotes,
        "claims": list_claims(store),
        "actors": actors,
        "outlets": outlets,
    }


def export(store: Store, out_dir: Path, format: str = "jsonl") -> list[Path]:
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}: choose one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables(store).items():
        path = out_dir / f"{name}.{format}"
        if format == "jsonl":
            with path.open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, default=str, ensure_ascii=False) + "\n")
        elif format == "csv":
            _write_csv(path, rows)
        else:
            _write_parquet(path, rows)
        written.append(path)
    return written


def _flat(value: Any) -> Any:
    return json.dumps(value, default=str, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        if not rows:
            return
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _flat(v) for k, v in row.items()})


def _write_parquet(path: Path, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    flat = [{k: _flat(v) if isinstance(v, (list, dict)) else (str(v) if v is not None and not isinstance(v, (int, float, str, bool)) else v) for k, v in r.items()} for r in rows]
    pq.write_table(pa.Table.from_pylist(flat), path)
