"""The newsroom web app: pages for stories, events, outlets, actors and articles, human review, and the JSON API.

    newsledger serve --db demo.duckdb                     # read-only, http://127.0.0.1:8000/
    newsledger serve --db demo.duckdb --token SECRET      # reviewers may record decisions

Every page has a stable URL and a JSON twin under ``/api`` (same function,
same data: :mod:`newsledger.web.queries`); tables offer CSV. Pages read a
page database built from the ledger per data version
(:mod:`newsledger.web.snapshot`); reviews are written through
:class:`newsledger.ledger.Ledger`. See
:mod:`newsledger.web.security` for what protects readers and the ledger.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Literal, Optional
from urllib.parse import parse_qs, urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from newsledger.ledger import Ledger
from newsledger.report.query import FilterError, check_type
from newsledger.store.db import StoreError
from newsledger.web import charts, models, queries
from newsledger.web.cache import PageCache
from newsledger.web.security import (
    SecurityMiddleware,
    WriteRefused,
    allowed_hosts,
    bearer,
    check_write,
    resolve_token,
    safe_next,
)
from newsledger.web.snapshot import Snapshots

HERE = Path(__file__).parent
MAX_PER_PAGE = 200
Format = Literal["json", "csv"]


def create_app(db: str, *, token: str | None = None, hosts: list[str] | None = None) -> FastAPI:
    """The app over ledger file ``db``; ``token`` enables reviews (else ``$NEWSLEDGER_WEB_TOKEN``; neither: read-only).

    ``hosts``: the Host names it answers to (default: loopback names only).
    """
    snap = Snapshots(db)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        snap.warm()
        yield
        snap.close()

    app = FastAPI(title="newsledger", version="1", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="A ledger of events, quotes and independent corroboration: every page's data as JSON.")
    app.add_middleware(PageCache, snapshots=snap)  # inside the security middleware: hosts checked, headers added
    app.add_middleware(SecurityMiddleware, hosts=hosts if hosts is not None else allowed_hosts("127.0.0.1"))
    app.mount("/static/swagger", StaticFiles(directory=_swagger_assets()), name="swagger")  # before /static: first match wins
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")  # .html templates auto-escape
    templates.env.filters["bare"] = bare_quote
    app.state.snapshots = snap
    app.state.token = write_token = resolve_token(token)
    app.state.db = db

    def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        show_all = request.query_params.get("all") in ("1", "true")
        base = {"request": request, "show_all": show_all, "writable": write_token is not None,
                "url_with": lambda **kw: url_with(request, **kw), "threshold": _threshold()}
        return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)

    _exception_handlers(app, render)
    _pages(app, snap, db, render)
    _api(app, snap, db)
    _reviews(app, snap, db, render, lambda: write_token)
    return app


QUOTE_MARKS = "\"\u201c\u201d\u00ab\u00bb "  # not ' or \u2019: they end possessives (the workers')


def bare_quote(text: str | None) -> str:
    """A quote's words without the quotation marks (and a trailing comma) it was written with: pages add their own."""
    text = (text or "").strip()
    stripped = text.strip(QUOTE_MARKS).rstrip(",").strip(QUOTE_MARKS)
    return stripped or text


def _swagger_assets() -> Path:
    """Swagger UI's files from the pinned ``fastapi-offline`` package: /docs works without a network."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def _threshold() -> float:
    from newsledger import settings

    return float(settings.EVENT_MIN_CONFIDENCE)


def url_with(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None or value is False:
            params.pop(key, None)
        else:
            params[key] = "1" if value is True else str(value)
    query = urlencode(params)
    return request.url.path + ("?" + query if query else "")


def _exception_handlers(app: FastAPI, render: Callable[..., HTMLResponse]) -> None:
    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if wants_html(request):
            return render(request, "error.html", {"status": exc.status_code, "message": exc.detail}, exc.status_code)
        return JSONResponse({"detail": exc.detail}, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        problems = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        if wants_html(request):
            message = "; ".join(f"{'.'.join(str(x) for x in p['loc'][1:])}: {p['msg']}" for p in problems)
            return render(request, "error.html", {"status": 422, "message": message}, 422)
        return JSONResponse({"detail": problems}, 422)

    @app.exception_handler(FilterError)
    async def bad_filter(request: Request, exc: FilterError) -> Response:
        # A value of the right form that names nothing the ledger codes (an unknown event type): 422 with the choices.
        if wants_html(request):
            return render(request, "error.html", {"status": 422, "message": str(exc)}, 422)
        return JSONResponse({"detail": [{"loc": ["query", exc.option.lstrip("-")], "msg": str(exc)}]}, 422)

    @app.exception_handler(StoreError)
    async def busy(request: Request, exc: StoreError) -> Response:
        # The file is being written by another process (ingest, resolve): try again shortly. No path in the message.
        return JSONResponse({"detail": "the ledger is busy or unreadable; try again shortly"}, 503)


def _not_found(what: str) -> HTTPException:
    return HTTPException(404, f"no {what}")


AllFlag = Query(False, description="Also what the default view hides: events below the confidence threshold, items reviewed wrong.")
PageNo = Query(1, ge=1, le=1_000_000)
PerPage = Query(25, ge=1, le=MAX_PER_PAGE)


def _story_filters(q, since, until, outlet, actor, type, single, contradicted, sort) -> queries.StoryFilters:
    return queries.StoryFilters(q=q or None, since=since, until=until, outlet=outlet or None, actor=actor or None,
                                type=check_type(type or None), single_source=single, contradicted=contradicted, sort=sort)


def _pages(app: FastAPI, snap: Snapshots, db: str, render: Callable[..., HTMLResponse]) -> None:
    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/stories", 307)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, q: Optional[str] = Query(None, max_length=200), since: Optional[dt.date] = None,
                     until: Optional[dt.date] = None, outlet: Optional[str] = Query(None, max_length=200),
                     actor: Optional[str] = Query(None, max_length=200), type: Optional[str] = Query(None, max_length=40),
                     single: bool = False, contradicted: bool = False, sort: Literal["latest", "most"] = "latest",
                     page: int = PageNo, per_page: int = PerPage, all: bool = AllFlag) -> HTMLResponse:
        f = _story_filters(q, since, until, outlet, actor, type, single, contradicted, sort)
        result = queries.list_stories(snap, f, page, per_page, shown_only=not all)
        return render(request, "stories.html", {"result": result, "f": f, "facets": queries.facets(snap, shown_only=not all),
                                                "csv_url": "/api/stories?" + urlencode({**dict(request.query_params), "format": "csv"})})

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str, all: bool = AllFlag) -> HTMLResponse:
        found = queries.story(snap, story_id, shown_only=not all)
        if found is None:
            raise _not_found("story " + story_id)
        return render(request, "story.html", {"s": found, "chart": charts.timeline(found["timeline"])})

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str, all: bool = AllFlag) -> HTMLResponse:
        found = queries.event(snap, event_id, shown_only=not all)
        if found is None:
            raise _not_found("event " + event_id)
        return render(request, "event.html", {"e": found})

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_page(request: Request, all: bool = AllFlag) -> HTMLResponse:
        return render(request, "outlets.html", {"outlets": queries.list_outlets(snap)})

    @app.get("/outlets/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def outlet_page(request: Request, name: str, all: bool = AllFlag) -> HTMLResponse:
        found = queries.outlet(snap, name)
        if found is None:
            raise _not_found("outlet " + name)
        return render(request, "outlet.html", {"o": found})

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(request: Request, q: Optional[str] = Query(None, max_length=200), page: int = PageNo,
                    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE), all: bool = AllFlag) -> HTMLResponse:
        return render(request, "actors.html", {"result": queries.list_actors(snap, q, page, per_page, shown_only=not all), "q": q})

    @app.get("/actors/{actor_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, actor_id: str, all: bool = AllFlag) -> HTMLResponse:
        found = queries.actor(snap, actor_id, shown_only=not all)
        if found is None:
            raise _not_found("actor " + actor_id)
        return render(request, "actor.html", {"a": found, "chart": charts.monthly_bars(found["events_per_month"])})

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str, all: bool = AllFlag) -> HTMLResponse:
        found = queries.article(db, snap, article_id, shown_only=not all)
        if found is None:
            raise _not_found("article " + article_id)
        return render(request, "article.html", {"a": found})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = Query("", max_length=200), page: int = PageNo, per_page: int = PerPage) -> HTMLResponse:
        return render(request, "search.html", {"q": q, "result": queries.search(snap, q, page, per_page)})

    @app.get("/reviews", response_class=HTMLResponse, include_in_schema=False)
    def reviews_page(request: Request, page: int = PageNo, per_page: int = Query(100, ge=1, le=MAX_PER_PAGE)) -> HTMLResponse:
        return render(request, "reviews.html", {"result": queries.list_reviews(snap, page, per_page)})

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page(request: Request) -> HTMLResponse:
        return render(request, "docs.html", {})


def csv_response(rows: list[dict[str, Any]], name: str) -> Response:
    """Rows as CSV; lists joined by '; ', and a cell that a spreadsheet would run as a formula prefixed with a quote."""
    out = io.StringIO()
    fields = list(rows[0]) if rows else []
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(row.get(k)) for k in fields})
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}.csv"'})


def _csv_cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, default=str)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _api(app: FastAPI, snap: Snapshots, db: str) -> None:
    @app.get("/api/stories", response_model=models.Page[models.StoryRow], tags=["stories"])
    def api_stories(q: Optional[str] = Query(None, max_length=200, description="Words that must all appear in a report's title or text."),
                    since: Optional[dt.date] = None, until: Optional[dt.date] = None,
                    outlet: Optional[str] = Query(None, max_length=200), actor: Optional[str] = Query(None, max_length=200),
                    type: Optional[str] = Query(None, max_length=40, description="PLOVER event type"),
                    single: bool = Query(False, description="Only stories one outlet reported (the rest copies)."),
                    contradicted: bool = Query(False, description="Only stories with a contradiction between outlets."),
                    sort: Literal["latest", "most"] = "latest", page: int = PageNo, per_page: int = PerPage,
                    all: bool = AllFlag, format: Format = "json") -> Any:
        f = _story_filters(q, since, until, outlet, actor, type, single, contradicted, sort)
        result = queries.list_stories(snap, f, page, per_page, shown_only=not all)
        return csv_response(result["items"], "stories") if format == "csv" else result

    @app.get("/api/stories/{story_id}", response_model=models.Story, tags=["stories"])
    def api_story(story_id: str, all: bool = AllFlag) -> Any:
        found = queries.story(snap, story_id, shown_only=not all)
        if found is None:
            raise _not_found("story " + story_id)
        return found

    @app.get("/api/stories/{story_id}/events", response_model=models.Page[models.EventRow], tags=["stories"])
    def api_story_events(story_id: str, page: int = PageNo, per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
                         all: bool = AllFlag, format: Format = "json") -> Any:
        result = queries.list_events(snap, story=story_id, page=page, per_page=per_page, shown_only=not all)
        return csv_response(result["items"], f"story-{story_id}-events") if format == "csv" else result

    @app.get("/api/events", response_model=models.Page[models.EventRow], tags=["events"])
    def api_events(story: Optional[str] = None, actor: Optional[str] = Query(None, description="An actor id."),
                   type: Optional[str] = Query(None, max_length=40), since: Optional[dt.date] = None,
                   until: Optional[dt.date] = None, page: int = PageNo, per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
                   all: bool = AllFlag, format: Format = "json") -> Any:
        result = queries.list_events(snap, story=story, actor=actor, type=check_type(type), since=since, until=until, page=page,
                                     per_page=per_page, shown_only=not all)
        return csv_response(result["items"], "events") if format == "csv" else result

    @app.get("/api/events/{event_id}", response_model=models.Event, tags=["events"])
    def api_event(event_id: str, all: bool = AllFlag) -> Any:
        found = queries.event(snap, event_id, shown_only=not all)
        if found is None:
            raise _not_found("event " + event_id)
        return found

    @app.get("/api/outlets", response_model=models.Page[models.OutletRow], tags=["outlets"])
    def api_outlets(page: int = PageNo, per_page: int = Query(100, ge=1, le=MAX_PER_PAGE), format: Format = "json") -> Any:
        rows = queries.list_outlets(snap)
        if format == "csv":
            return csv_response(rows, "outlets")
        return queries.page_of(rows[(page - 1) * per_page: page * per_page], len(rows), page, per_page)

    @app.get("/api/outlets/{name:path}", response_model=models.Outlet, tags=["outlets"])
    def api_outlet(name: str) -> Any:
        found = queries.outlet(snap, name)
        if found is None:
            raise _not_found("outlet " + name)
        return found

    @app.get("/api/actors", response_model=models.Page[models.ActorRow], tags=["actors"])
    def api_actors(q: Optional[str] = Query(None, max_length=200), page: int = PageNo,
                   per_page: int = Query(50, ge=1, le=MAX_PER_PAGE), all: bool = AllFlag, format: Format = "json") -> Any:
        result = queries.list_actors(snap, q, page, per_page, shown_only=not all)
        return csv_response(result["items"], "actors") if format == "csv" else result

    @app.get("/api/actors/{actor_id:path}", response_model=models.Actor, tags=["actors"])
    def api_actor(actor_id: str, all: bool = AllFlag) -> Any:
        found = queries.actor(snap, actor_id, shown_only=not all)
        if found is None:
            raise _not_found("actor " + actor_id)
        return found

    @app.get("/api/articles/{article_id}", response_model=models.Article, tags=["articles"])
    def api_article(article_id: str, all: bool = AllFlag) -> Any:
        found = queries.article(db, snap, article_id, shown_only=not all)
        if found is None:
            raise _not_found("article " + article_id)
        return {k: v for k, v in found.items() if k != "segments"}

    @app.get("/api/search", response_model=models.Page[models.SearchHit], tags=["search"])
    def api_search(q: str = Query(..., min_length=1, max_length=200, description="Words that must all appear in the title or text."),
                   page: int = PageNo, per_page: int = PerPage, format: Format = "json") -> Any:
        result = queries.search(snap, q, page, per_page)
        return csv_response(result["items"], "search") if format == "csv" else result

    @app.get("/api/reviews", response_model=models.Page[models.Review], tags=["reviews"])
    def api_reviews(page: int = PageNo, per_page: int = Query(100, ge=1, le=MAX_PER_PAGE), format: Format = "json") -> Any:
        result = queries.list_reviews(snap, page, per_page)
        return csv_response(result["items"], "reviews") if format == "csv" else result


def record_review(db: str, snap: Snapshots, review: models.ReviewIn) -> dict[str, Any]:
    """Store one decision through ``Ledger.review`` (who, when, what, why); the next page waits for a fresh page database."""
    from newsledger.resolve.reviews import ReviewError

    try:
        with snap.writing(), Ledger(db) as ledger:
            row = ledger.review(review.target_kind, review.target_id, review.decision, correction=review.correction,
                                reason=review.reason, reviewer=review.reviewer)
    except ReviewError as exc:
        raise HTTPException(422, str(exc)) from None
    except StoreError:
        raise HTTPException(503, "the ledger is busy (another process is writing); try again shortly") from None
    finally:
        snap.invalidate()
    return {k: row[k] for k in ("review_id", "target_kind", "target_id", "decision", "correction", "reason", "reviewer",
                                "created_at", "applies_to")}


# Form fields that carry a correction, per decision: the form sends text, the ledger takes ids.
def form_correction(decision: str, target_kind: str, fields: dict[str, str]) -> dict[str, Any] | None:
    def ids(name: str) -> list[str]:
        return [x.strip() for x in fields.get(name, "").replace(",", " ").split() if x.strip()]

    if decision == "merge":
        return {"with": fields.get("with", "").strip()}
    if decision == "split":
        return {"ids": ids("ids")}
    if decision == "correct_actor":
        if target_kind == "event":
            out = {}
            if fields.get("actor_ids", "").strip():
                out["actor_ids"] = ids("actor_ids")
            if fields.get("recipient_ids", "").strip():
                out["recipient_ids"] = ids("recipient_ids")
            return out
        if target_kind == "quote":
            return {"speaker_id": fields.get("speaker_id", "").strip()}
        if target_kind == "actor":
            return {k: fields[k].strip() for k in ("actor_id", "name", "country") if fields.get(k, "").strip()}
    return None


MAX_FORM_BYTES = 20_000


def _reviews(app: FastAPI, snap: Snapshots, db: str, render: Callable[..., HTMLResponse], token: Callable[[], str | None]) -> None:
    @app.post("/api/reviews", response_model=models.Review, status_code=201, tags=["reviews"],
              responses={401: {"description": "missing or wrong token"}, 403: {"description": "read-only server or cross-site request"}})
    def api_review(review: models.ReviewIn, request: Request) -> Any:
        """Record a decision; needs ``Authorization: Bearer TOKEN`` (the token given to ``serve``)."""
        try:
            check_write(request.headers, token(), bearer(request.headers))
        except WriteRefused as exc:
            raise HTTPException(exc.status, exc.reason) from None
        return record_review(db, snap, review)

    @app.post("/reviews", include_in_schema=False)
    async def form_review(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413, "form too large")
        fields = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        try:
            check_write(request.headers, token(), fields.get("token"))
        except WriteRefused as exc:
            raise HTTPException(exc.status, exc.reason) from None
        try:
            review = models.ReviewIn(
                target_kind=fields.get("target_kind", ""), target_id=fields.get("target_id", ""),
                decision=fields.get("decision", ""), reason=fields.get("reason", ""), reviewer=fields.get("reviewer", ""),
                correction=form_correction(fields.get("decision", ""), fields.get("target_kind", ""), fields),
            )
        except ValueError as exc:
            raise HTTPException(422, "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None  # type: ignore[attr-defined]
        record_review(db, snap, review)
        return RedirectResponse(safe_next(fields.get("next")), 303)
