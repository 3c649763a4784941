"""HTTP API and a small web UI over a ledger file (read-only).

    newsledger serve --db demo.duckdb    # then open http://127.0.0.1:8000/

Every endpoint returns JSON except ``/`` and ``/articles/{id}/view``, which
render the report and an article with its facts highlighted by span.
"""

from __future__ import annotations

import html
from contextlib import contextmanager
from typing import Any, Iterator, Optional

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from newsledger.ledger import Ledger
from newsledger.report.query import FilterError


def create_app(db: str) -> FastAPI:
    app = FastAPI(title="newsledger", description="A ledger of events, quotes and independent corroboration.")

    @app.exception_handler(FilterError)
    def bad_filter(request: Request, exc: FilterError) -> JSONResponse:
        # A filter that cannot select anything (an unknown type, a date that is not one) is the caller's error.
        return JSONResponse({"detail": str(exc), "filter": exc.option.lstrip("-")}, status_code=400)

    @contextmanager
    def ledger() -> Iterator[Ledger]:
        # One short read-only connection per request: the CLI may write between requests.
        with Ledger(db, read_only=True) as opened:
            yield opened

    @app.get("/api/articles")
    def articles(outlet: Optional[str] = None, story: Optional[str] = None, limit: int = Query(200, le=10000)) -> list[dict[str, Any]]:
        with ledger() as lg:
            return lg.articles(outlet=outlet, story=story, limit=limit)

    @app.get("/api/articles/{article_id}")
    def article(article_id: str) -> dict[str, Any]:
        with ledger() as lg:
            row = lg.article(article_id)
            if row is None:
                raise HTTPException(404, f"no article {article_id!r}")
            row.update(lg.facts(row["article_id"]))
            return row

    @app.get("/api/events")
    def events(
        actor: Optional[str] = None, type: Optional[str] = None, since: Optional[str] = None,
        until: Optional[str] = None, story: Optional[str] = None,
        all: bool = Query(False, description="also events below the confidence threshold"),
    ) -> list[dict[str, Any]]:
        with ledger() as lg:
            return lg.events(actor=actor, type=type, since=since, until=until, story=story,
                             min_confidence=0.0 if all else None)

    @app.get("/api/report")
    def report(all: bool = Query(False, description="also events below the confidence threshold")) -> Any:
        import json

        with ledger() as lg:
            return json.loads(lg.report("json", 0.0 if all else None))

    @app.get("/", response_class=HTMLResponse)
    def index(all: bool = Query(False, description="also events below the confidence threshold")) -> str:
        with ledger() as lg:
            return lg.report("html", 0.0 if all else None)

    @app.get("/articles/{article_id}/view", response_class=HTMLResponse)
    def view(article_id: str) -> str:
        with ledger() as lg:
            row = lg.article(article_id)
            if row is None:
                raise HTTPException(404, f"no article {article_id!r}")
            facts = lg.facts(row["article_id"])
        return article_page(row, facts)

    return app


def article_page(row: dict[str, Any], facts: dict[str, Any]) -> str:
    """The cleaned text with entities, times and quote contents marked at their spans."""
    marks: list[tuple[int, int, str]] = []
    marks += [(e["entity_start"], e["entity_end"], "entity") for e in facts["entities"]]
    marks += [(t["time_start"], t["time_end"], "time") for t in facts["times"]]
    marks += [(q["content_start"], q["content_end"], "quote") for q in facts["quotes"] if q["content_start"] is not None]
    text, out, pos = row["text"], [], 0
    for start, end, kind in sorted(marks):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark class='{kind}' title='{kind}'>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    removed = "".join(f"<li><b>{html.escape(r['reason'])}</b>: {html.escape(r['line_text'])}</li>" for r in row["removed_lines"])
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>" + html.escape(row["title"] or row["article_id"]) + "</title>"
        "<style>body{font-family:system-ui;max-width:50rem;margin:2rem auto}pre{white-space:pre-wrap}"
        "mark.entity{background:#cde}mark.time{background:#fd9}mark.quote{background:#dfd}</style></head><body>"
        f"<h1>{html.escape(row['title'] or '(no title)')}</h1><p>{html.escape(str(row['outlet'] or 'unknown outlet'))} · "
        f"{html.escape(str(row['published'] or 'undated'))} · <code>{html.escape(row['article_id'])}</code></p>"
        f"<pre>{''.join(out)}</pre><h2>Removed lines</h2><ul>{removed}</ul></body></html>"
    )
