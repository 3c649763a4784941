"""docs/SCHEMA.md, written from a ledger the migrations built: the file's own comments, as a page.

``python -m newsledger.store.schema_doc`` rewrites docs/SCHEMA.md;
``--check`` exits 1 when the page differs from what the code builds
(tests/test_schema.py runs the same comparison). Everything below the
introduction comes from the database: the tables, views and columns, their
types and their ``COMMENT ON`` text (:mod:`newsledger.store.catalog`), so
the page cannot drift from the file users query.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from newsledger.store.db import Store
from newsledger.store.schema import LATEST

DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "SCHEMA.md"

INTRODUCTION = """# The ledger's schema

A ledger is one DuckDB file. Users query it directly (`newsledger sql "SELECT ..."`,
the `duckdb` Python package, Spark); its tables, columns and views are the
product's interface, so each carries a `COMMENT ON` (`SELECT * FROM duckdb_columns()`
lists them) and this page is generated from them
(`python -m newsledger.store.schema_doc`; a test fails when it is stale).

## Conventions

- One word per concept: `outlet` is who published a report, `speaker` who is quoted.
  The word `source` is not used as a column name, except in the journalist's term `single_source`
  (resting on one independent outlet).
- Links are `<thing>_id` (`article_id`, `event_id`, `story_id`, `claim_id`, `actor_id`, `mention_id`).
- Spans are `<thing>_start` / `<thing>_end` (0-based, end exclusive) with the text in `<thing>_text`.
  They index the article's cleaned text, `articles.text`, unless the name says otherwise:
  `removed_lines.uncleaned_start/_end` index the text before cleaning
  (`internal.article_sources.uncleaned_text`). In SQL: `substr(text, start + 1, end - start)`.
- Dates are DATE columns. Where a date can be partial, a `*_precision` column says
  'day', 'week', 'month' or 'year'; a month is stored as its first day, a week as its Monday.
- Machinery (raw inputs, MinHash signatures, learned boilerplate lines, story index states,
  migrations) lives in schema `internal`; it is not part of the interface and may change.
- Views serve what users ask and apply the default view: an event or mention is shown when its
  confidence reaches the threshold (`SET VARIABLE event_min_confidence = 0.3` changes it for a
  session; default `settings.EVENT_MIN_CONFIDENCE`) or a reviewer marked it right, and never
  when a reviewer marked it wrong. The tables keep everything.

## Stable ids and reviews

- `articles.article_id` is the first 16 hex digits of the SHA-256 of the raw input: stable.
- Mention ids (`<article_id>:m<digest>`) and quote ids (`<article_id>:q<digest>`) are made from
  what the fact says, not from its place in the article: the digest is the first 10 hex digits of
  the SHA-256 of the article id, the event type, the trigger's offset within its sentence and the
  sentence's text (a mention), or of the article id, the quote's kind, its cue, the cue's offset
  from the content and the content (a quote). An id survives other mentions or quotes appearing or
  vanishing, a change of the analysis elsewhere in the article, and a change of the cleaned text
  elsewhere (which shifts every offset); it changes when the fact itself does. A fact told twice in
  identical words takes `-2`, `-3`... in reading order. `mention_no` and `quote_no` are the reading
  order; do not parse ids. Ledgers of schema version 10 and older are rewritten to these ids when
  first opened for writing (version 11), reviews included.
- Event, claim and story ids derive from their first member (the first mention of the first
  report, the first quote, the first article), so an unchanged event or claim keeps its id when
  the pipeline finds or loses other facts; a new earlier member gives a new id.
- A review (`Ledger.review(...)`, table `reviews`) keeps the id the reviewer saw, the text they saw
  and the target's members; after every resolution it is re-applied to the target now holding
  most of those members (`reviews.applies_to`), so decisions survive re-ingest and re-resolution.

## Querying

```python
import duckdb
con = duckdb.connect("demo.duckdb", read_only=True)
con.sql("SELECT event_date, event_type, actor_names, outlets FROM event_overview WHERE shown ORDER BY event_date").show()
```

or `newsledger sql "SELECT outlet, score FROM outlets ORDER BY score" --db demo.duckdb`.

## Export

`newsledger export --format parquet|csv|json|jsonl --dir out/` writes one file per table and
view of schema `main` with DuckDB's own writers. Parquet and JSON keep the types (lists stay
lists, dates stay dates). CSV has no lists: a list becomes its items joined by `"; "`;
JSON columns stay JSON text.
"""


def relations(store: Store) -> list[dict]:
    """Tables and views of schemas main and internal, user tables first, with their comments."""
    return store.rows(
        "SELECT schema_name, table_name AS name, 'table' AS kind, comment FROM duckdb_tables() "
        "WHERE database_name = current_database() "
        "UNION ALL SELECT schema_name, view_name, 'view', comment FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT internal "
        "ORDER BY schema_name = 'internal', kind, name"
    )


def columns(store: Store, schema: str, name: str) -> list[dict]:
    return store.rows(
        "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = ? AND table_name = ? ORDER BY column_index",
        [schema, name],
    )


def render(store: Store) -> str:
    """The page: the introduction, then every relation with its columns, types and comments."""
    out = [INTRODUCTION.rstrip(), "", f"Schema version {LATEST}.", ""]
    sections = (("main", "table", "User tables"), ("main", "view", "Views"), ("internal", "table", "Internal tables"),
                ("internal", "view", "Internal views"))
    found = relations(store)
    for schema, kind, heading in sections:
        chosen = [r for r in found if r["schema_name"] == schema and r["kind"] == kind]
        if not chosen:
            continue
        out += [f"## {heading}", ""]
        for rel in chosen:
            qualified = rel["name"] if schema == "main" else f"{schema}.{rel['name']}"
            out += [f"### {qualified}", "", _one_line(rel["comment"]), "", "| column | type | meaning |", "|---|---|---|"]
            out += [f"| {c['column_name']} | {c['data_type']} | {_cell(c['comment'])} |" for c in columns(store, schema, rel["name"])]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _cell(text: str | None) -> str:
    return _one_line(text).replace("|", "\\|")


def build() -> str:
    """The page for a new ledger, built by the migrations in a temporary file."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "schema.duckdb")
        try:
            return render(store)
        finally:
            store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write docs/SCHEMA.md from a ledger built by the migrations.")
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/SCHEMA.md is stale, writing nothing")
    parser.add_argument("--output", type=Path, default=DOC_PATH)
    args = parser.parse_args(argv)
    page = build()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != page:
            print(f"{args.output} is stale: run python -m newsledger.store.schema_doc", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(page, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
