"""The ``newsledger`` command: a thin layer over :class:`newsledger.Ledger`.

One command, one job; JSON and CSV wherever a listing is printed; the DuckDB
file is the product, so every command takes ``--db``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, NoReturn, Optional

import typer
from rich.console import Console

from newsledger.report.export import ExportFormat
from newsledger.report.output import Format, jsonable, write_rows

app = typer.Typer(
    help="newsledger: turn piles of news reports into a ledger of events, quotes and independent corroboration.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_show_locals=False,
)
eval_app = typer.Typer(help="Score a stage on a public dataset.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

err = Console(stderr=True, soft_wrap=True, highlight=False)
DB_OPTION = typer.Option("newsledger.duckdb", "--db", help="Ledger database file (DuckDB).")


# NEWSLEDGER_PROGRESS=lines: a scheduled (non-terminal) ingest logs "progress STAGE DONE/TOTAL"
# when each stage starts, every this many items and when it ends.
PROGRESS_LINE_EVERY = 100


def _date(value: Optional[str], name: str) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name)


def _open(db: str, read_only: bool = False):
    from rich.markup import escape

    from newsledger.ledger import Ledger
    from newsledger.store.db import StoreError, StoreWriteError

    if read_only and not Path(db).exists():
        err.print(f"[red]error[/red]: {escape(db)}: no such ledger; run `newsledger ingest PATH --db {escape(db)}` first")
        raise typer.Exit(2)
    try:
        return Ledger(db, read_only=read_only)
    except StoreError as exc:
        # A file we must not use is a bad --db (2); a disk that refuses writes is a failed run (1).
        err.print(f"[red]error[/red]: {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1 if isinstance(exc, StoreWriteError) else 2)


def _threshold(all_events: bool, min_confidence: float | None) -> float | None:
    """--all-events shows every stored event; --min-confidence sets another threshold; else the setting."""
    if all_events:
        return 0.0
    return min_confidence


# The output options every listing shares (see newsledger.report.output).
FORMAT_OPTION = typer.Option(Format.table, "--format", "-f", case_sensitive=False, help="table, csv, json or jsonl.")
NO_TRUNCATE_OPTION = typer.Option(
    False, "--no-truncate", help="Keep full ids and cells in a table (always so when the output is piped)."
)
LIMIT_OPTION = typer.Option(None, "--limit", min=1, help="At most this many rows.")


def _fail(message: str, code: int = 2) -> NoReturn:
    from rich.markup import escape

    err.print(f"[red]error[/red]: {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _listing(db: str, read: Callable[[Any], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Rows read from the ledger; a bad filter is one line and exit code 2."""
    from newsledger.report.query import FilterError

    with _open(db, read_only=True) as ledger:
        try:
            return read(ledger)
        except FilterError as exc:
            _fail(f"{exc.option}: {exc}")


def _print_rows(rows: list[dict[str, Any]], fmt: Format, columns: list[str], no_truncate: bool = False) -> None:
    truncate = not no_truncate and sys.stdout.isatty()
    write_rows(rows, Format(fmt), columns, sys.stdout, truncate=truncate)


def _RateColumn():
    """Articles per second on a progress bar (rich ships a bytes-per-second column only)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.1f}/s" if task.speed else "", style="progress.data.speed")

    return RateColumn()


@contextlib.contextmanager
def _progress_bar():
    """A progress callback ``(stage, done, total)``: one bar per stage on stderr with rate, elapsed time and ETA.

    With ``NEWSLEDGER_PROGRESS=lines`` and no terminal, "progress STAGE DONE/TOTAL"
    lines instead, when a stage starts, every ``PROGRESS_LINE_EVERY`` items and at its end.
    """
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
        _RateColumn(), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    ) as bar:
        tasks: dict[str, Any] = {}
        log_lines = os.environ.get("NEWSLEDGER_PROGRESS") == "lines" and not err.is_terminal

        def progress(stage: str, done: int, total: int | None) -> None:
            if log_lines and (stage not in tasks or done % PROGRESS_LINE_EVERY == 0 or done == total):
                err.print(f"progress {stage} {done}/{total if total is not None else '?'}", highlight=False)
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield progress


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or directories (recursive); '-' reads standard input."),
    db: str = DB_OPTION,
    source: Optional[str] = typer.Option(None, "--outlet", "--source", help="Outlet for documents that do not name one."),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for documents without one."),
    map: list[str] = typer.Option([], "--map", help="Field mapping for JSONL/CSV, e.g. --map text=body."),
    analyze: bool = typer.Option(True, "--analyze/--no-analyze", help="Run the analysis and resolution after storing."),
    processes: Optional[int] = typer.Option(None, "--workers", "--processes", "-j", min=1, help="Analysis worker processes (default: by corpus size)."),
) -> None:
    """Read reports (txt, html, html.gz, warc, warc.gz, jsonl, csv) into the ledger.

    Re-ingesting the same content is a no-op; copies are stored and linked to the
    earliest one. Bad inputs get one line each on stderr as they are found (and
    are kept in the ledger's ingest_errors table); the run goes on; the exit
    code is 1 when anything failed. A full disk stops the run with one line;
    run the same command again once there is space.

    Examples:

        newsledger ingest data/demo --db demo.duckdb

        newsledger ingest dump.csv --map text=body --outlet "Example Times"

        cat report.txt | newsledger ingest - --published 2017-01-28
    """
    from rich.markup import escape

    from newsledger.ingest import parse_field_map
    from newsledger.store.db import StoreError

    try:
        field_map = parse_field_map(map)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--map")
    day = _date(published, "--published")
    try:
        ledger = _open(db)
    except KeyboardInterrupt:
        _interrupted()
    ledger.n_process = processes
    with _progress_bar() as progress:

        def report(problem) -> None:
            label = "[yellow]warning[/yellow]" if problem.warning else "[red]failed[/red]"
            err.print(f"{label} {escape(str(problem))}", highlight=False, soft_wrap=True)

        try:
            summary = ledger.ingest(
                paths, source=source, published=day, field_map=field_map,
                stdin=sys.stdin.buffer if "-" in paths else None, analyze=analyze, progress=progress, on_error=report,
            )
        except KeyboardInterrupt as exc:
            _interrupted(getattr(exc, "summary", None))
        except StoreError as exc:
            err.print(
                f"[red]error[/red]: {escape(str(exc))}; every article committed before it is kept: "
                "free some space and run the same command again", highlight=False, soft_wrap=True,
            )
            raise typer.Exit(1)
        finally:
            _close_quietly(ledger)
    _print_summary(summary)
    raise typer.Exit(0 if summary.ok else 1)


@app.command()
def resolve(
    db: str = DB_OPTION,
    all_stories: bool = typer.Option(False, "--all", "--full", help="Redo the events and claims of every story, not only of those that changed."),
) -> None:
    """Resolve the ledger again: copies, stories, events and claims, outlets, labels, reviews.

    Ingest does this after each run, redoing only the stories that changed;
    `--all` rebuilds every story's events and claims (the same result; use it
    after upgrading newsledger). Readers keep answering meanwhile.
    """
    from rich.markup import escape

    from newsledger.store.db import StoreError

    ledger = _open(db)
    err.print(f"resolving {escape(db)}" + (" (every story)" if all_stories else ""), highlight=False)
    try:
        with _progress_bar() as progress:
            resolved = ledger.resolve(full=all_stories, progress=progress)
    except KeyboardInterrupt:
        _interrupted()
    except StoreError as exc:
        err.print(f"[red]error[/red]: {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    finally:
        _close_quietly(ledger)
    err.print(f"{resolved.stories} stories, {resolved.events} events")


def _print_summary(summary) -> None:
    warned = f", {len(summary.warnings)} warnings" if summary.warnings else ""
    err.print(
        f"ingested {summary.ingested} ({summary.duplicates} duplicates), unchanged {summary.unchanged}, "
        f"failed {len(summary.failed)}{warned}; analysed {summary.analysed}; {summary.stories} stories, {summary.events} events"
    )


def _interrupted(summary=None) -> NoReturn:
    """Ctrl-C or SIGTERM: one line saying what is kept, the summary so far, exit code 130."""
    err.print("[yellow]interrupted[/yellow]: every article committed so far is kept; run the same command again to resume")
    if summary is not None:
        _print_summary(summary)
    raise typer.Exit(130)


def _close_quietly(ledger) -> None:
    """Close after a failed write too: DuckDB may refuse to checkpoint a full disk, which must not hide the error."""
    try:
        ledger.close()
    except Exception:
        pass


@app.command()
def analyze(
    path: str = typer.Argument(..., help="A report file, a JSONL file of documents (id, text, title, published, source), or '-'."),
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl (one JSON object per line, as documents are analysed) or json (one array)."),
    published: Optional[str] = typer.Option(None, help="Publication date for documents without one."),
    source: Optional[str] = typer.Option(None, "--outlet", "--source", help="Outlet for documents without one."),
) -> None:
    """Run the whole pipeline on input without storing it; prints one JSON object per document (jsonl) or one array (json).

    A document that cannot be analysed (no article text, too long) gets one
    line on stderr instead, and the exit code is 1.

    Examples:

        newsledger analyze report.txt --published 2017-01-28

        newsledger analyze docs.jsonl > facts.jsonl
    """
    from rich.markup import escape

    from newsledger.analysis import analyse_documents
    from newsledger.ingest import IngestError, iter_documents

    if format not in ("jsonl", "json"):
        _fail(f"--format: {format!r} is not one of jsonl, json")
    day = _date(published, "--published")
    failed = 0
    docs = []
    for item in iter_documents([path], source=source, published=day, stdin=sys.stdin.buffer if path == "-" else None):
        if isinstance(item, IngestError):
            err.print(f"[red]failed[/red] {escape(str(item))}", highlight=False, soft_wrap=True)
            failed += 1
        else:
            for warning in item.warnings:
                err.print(f"[yellow]warning[/yellow] {escape(item.origin)}: {escape(warning)}", highlight=False, soft_wrap=True)
            docs.append(item)
    records = []
    try:
        for record in analyse_documents(docs):
            if record.get("error"):
                err.print(f"[red]failed[/red] {escape(str(record['origin']))}: {escape(record['error'])}", highlight=False, soft_wrap=True)
                failed += 1
            elif format == "jsonl":
                typer.echo(json.dumps(record, default=str, ensure_ascii=False))
            else:
                records.append(record)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]")
        raise typer.Exit(130)
    if format == "json":
        typer.echo(json.dumps(records, default=str, ensure_ascii=False, indent=2))
    raise typer.Exit(1 if failed else 0)


@app.command()
def articles(
    db: str = DB_OPTION,
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only this outlet."),
    story: Optional[str] = typer.Option(None, help="Only this story id."),
    since: Optional[str] = typer.Option(None, help="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Published on or before (YYYY, YYYY-MM or YYYY-MM-DD)."),
    originals: bool = typer.Option(False, "--originals", help="Leave out copies of other reports."),
    limit: Optional[int] = LIMIT_OPTION,
    format: Format = FORMAT_OPTION,
    no_truncate: bool = NO_TRUNCATE_OPTION,
) -> None:
    """List stored articles in ingest order.

    Examples:

        newsledger articles --outlet "Meridian Wire" --format csv

        newsledger articles --since 2017-01 --originals
    """
    rows = _listing(db, lambda lg: lg.articles(outlet=outlet, story=story, since=since, until=until,
                                               copies=not originals, limit=limit))
    _print_rows(rows, format, ["article_id", "published", "outlet", "title", "story_id", "copy_of_id"], no_truncate)


@app.command()
def stories(
    db: str = DB_OPTION,
    since: Optional[str] = typer.Option(None, help="With a report published on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="With a report published on or before."),
    limit: Optional[int] = LIMIT_OPTION,
    format: Format = FORMAT_OPTION,
    no_truncate: bool = NO_TRUNCATE_OPTION,
) -> None:
    """List stories by first publication, with their article and event counts.

    Example: newsledger stories --since 2017 --format json
    """
    rows = _listing(db, lambda lg: lg.stories(since=since, until=until, limit=limit))
    _print_rows(rows, format, ["story_id", "first_published", "last_published", "n_articles", "n_events", "label"], no_truncate)


@app.command()
def events(
    db: str = DB_OPTION,
    actor: Optional[str] = typer.Option(None, help="Actor id or part of a name, e.g. putin."),
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER type, e.g. CONSULT (any case)."),
    since: Optional[str] = typer.Option(None, help="Event date on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Event date on or before."),
    story: Optional[str] = typer.Option(None, help="Story id."),
    all_events: bool = typer.Option(False, "--all-events", help="Also list events below the confidence threshold (settings.EVENT_MIN_CONFIDENCE)."),
    min_confidence: Optional[float] = typer.Option(None, help="Show events whose best mention reaches this confidence (default: the setting)."),
    format: Format = FORMAT_OPTION,
    no_truncate: bool = NO_TRUNCATE_OPTION,
) -> None:
    """List events (the default view) with their actors, outlets and corroboration.

    Examples:

        newsledger events --actor putin --type CONSULT --since 2017

        newsledger events --all-events --format jsonl > events.jsonl
    """
    rows = _listing(db, lambda lg: lg.events(actor=actor, type=type, since=since, until=until, story=story,
                                             min_confidence=_threshold(all_events, min_confidence)))
    if Format(format) is Format.table:
        rows = [_at_precision(r) for r in rows]
    _print_rows(rows, format, ["event_id", "event_date", "date_precision", "event_type", "mode", "actor_names",
                               "recipient_names", "place", "modality", "independent_outlets", "story_id"], no_truncate)


def _at_precision(row: dict[str, Any]) -> dict[str, Any]:
    """A table shows a month- or year-dated event as "2016-12" or "1960", not as its first day, and each name once.

    The stored date of a year-dated recap is January 1st; printed whole in a
    table, "1960-01-01" read as a day the reports never state. csv and json keep
    the typed date beside its precision column.
    """
    from newsledger.report.render import distinct_names
    from newsledger.store.dates import to_value

    out = {**row, "event_date": to_value(row["event_date"], row["date_precision"]) if row.get("event_date") else None}
    if row.get("mode_label") and row["mode_label"] != row.get("mode"):  # what the text said, the PLOVER mode beside it
        out["mode"] = f"{row['mode_label']} ({row['mode']})"
    if row.get("credited_to") and row.get("modality") == "asserted":  # told only as one source's word
        out["modality"] = f"according to {row['credited_to']}"
    for names, parties in (("actor_names", "actor_parties"), ("recipient_names", "recipient_parties")):
        if isinstance(row.get(parties), list):
            out[names] = row[parties]  # one party named several ways once (``report.query.one_party_names``)
        elif isinstance(row.get(names), list):
            out[names] = distinct_names(row[names])
    return out


@app.command()
def quotes(
    db: str = DB_OPTION,
    speaker: Optional[str] = typer.Option(None, help="Speaker: actor id or part of a name."),
    article: Optional[str] = typer.Option(None, help="Only this article id."),
    claim: Optional[str] = typer.Option(None, help="Only this claim id."),
    limit: Optional[int] = LIMIT_OPTION,
    format: Format = FORMAT_OPTION,
    no_truncate: bool = NO_TRUNCATE_OPTION,
) -> None:
    """List quotes with their speakers, outlets and claims.

    Example: newsledger quotes --speaker putin --format csv
    """
    rows = _listing(db, lambda lg: lg.quotes(speaker=speaker, article=article, claim=claim, limit=limit))
    _print_rows(rows, format, ["quote_id", "published", "published_estimate", "outlet", "kind", "speaker_name", "content_text", "claim_id"], no_truncate)


@app.command()
def claims(
    db: str = DB_OPTION,
    speaker: Optional[str] = typer.Option(None, help="Speaker: actor id or part of a name."),
    story: Optional[str] = typer.Option(None, help="Only this story id."),
    limit: Optional[int] = LIMIT_OPTION,
    format: Format = FORMAT_OPTION,
    no_truncate: bool = NO_TRUNCATE_OPTION,
) -> None:
    """List claims (what was said, once however often quoted), most independently reported first.

    Example: newsledger claims --speaker putin --limit 10
    """
    rows = _listing(db, lambda lg: lg.claims(speaker=speaker, story=story, limit=limit))
    _print_rows(rows, format, ["claim_id", "speaker_name", "kind", "independent_outlets", "n_quotes", "claim_text"], no_truncate)


@app.command()
def outlets(
    db: str = DB_OPTION,
    format: Format = FORMAT_OPTION,
    no_truncate: bool = NO_TRUNCATE_OPTION,
) -> None:
    """List outlets by reliability score, with how much evidence it rests on and the counts behind it (``show OUTLET`` gives each signal).

    Example: newsledger outlets --format json
    """
    rows = _listing(db, lambda lg: lg.outlets())
    _print_rows(rows, format, ["outlet", "score", "confidence", "evidence", "n_articles", "n_originals", "n_copies_of_others",
                               "n_events", "n_events_corroborated", "n_disputed"], no_truncate)


@app.command()
def actors(
    db: str = DB_OPTION,
    name: Optional[str] = typer.Option(None, help="Actor id or part of a name."),
    limit: Optional[int] = LIMIT_OPTION,
    format: Format = FORMAT_OPTION,
    no_truncate: bool = NO_TRUNCATE_OPTION,
) -> None:
    """List actors, most often named in shown events and quotes first.

    Example: newsledger actors --name russia
    """
    rows = _listing(db, lambda lg: lg.actors(name=name, limit=limit))
    _print_rows(rows, format, ["actor_id", "name", "kind", "country", "sector", "n_events", "n_quotes"], no_truncate)


@app.command()
def show(
    id: str = typer.Argument(..., help="Any id (article, story, event, mention, quote, claim, actor, contradiction, review, outlet) or a unique prefix."),
    db: str = DB_OPTION,
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Show one thing by id: an article with its text, removed lines and facts; an event with its evidence; ...

    A prefix matching several ids lists them (exit code 2) instead of choosing one.

    Examples:

        newsledger show 3f2a9c

        newsledger show 3f2a9c1d0b7e4a55:m9f1e65db1d --format json
    """
    from newsledger.report.show import describe

    if format not in ("text", "json"):
        _fail(f"--format: {format!r} is not one of text, json")
    with _open(db, read_only=True) as ledger:
        found = ledger.find(id)
        if not found:
            _fail(f"no id {id!r} in {db}", 1)
        if len(found) > 1:
            count = "more than 20" if len(found) > 20 else str(len(found))
            _fail(f"{id!r} matches {count} ids; give more characters: "
                  + ", ".join(f"{f['kind']} {f['id']}" for f in found[:20]))
        kind, full = found[0]["kind"], found[0]["id"]
        record = ledger.get(kind, full)
    if format == "json":
        typer.echo(json.dumps({"kind": kind, **record}, default=jsonable, ensure_ascii=False, indent=2))
    else:
        typer.echo(describe(kind, record))


@app.command()
def sql(
    query: str = typer.Argument(..., help="One SQL statement."),
    db: str = DB_OPTION,
    write: bool = typer.Option(False, "--write", help="Open the ledger for writing (default: read-only)."),
    format: Format = FORMAT_OPTION,
    no_truncate: bool = NO_TRUNCATE_OPTION,
) -> None:
    """Run SQL over the ledger (read-only unless --write); tables, views and their comments are in docs/SCHEMA.md.

    Examples:

        newsledger sql "SELECT outlet, count(*) AS n FROM articles GROUP BY 1 ORDER BY n DESC"

        newsledger sql "SELECT * FROM event_overview WHERE shown" --format csv > events.csv

        newsledger sql "SELECT table_name, comment FROM duckdb_tables()"
    """
    import duckdb

    with _open(db, read_only=not write) as ledger:
        try:
            columns, rows = ledger.sql(query)
        except duckdb.Error as exc:
            _fail(" ".join(str(exc).split()))
    _print_rows([dict(zip(columns, r)) for r in rows], format, columns, no_truncate)


@app.command()
def review(
    kind: str = typer.Argument(..., help="What is reviewed: event, mention, quote, claim, actor or story."),
    target_id: str = typer.Argument(..., help="Its full id (newsledger show PREFIX finds it)."),
    decision: str = typer.Argument(..., help="wrong, right, correct_actor, merge or split."),
    correction: Optional[str] = typer.Option(None, help='JSON, e.g. \'{"name": "Vladimir Putin"}\' or \'{"with": "e1234"}\'.'),
    reason: Optional[str] = typer.Option(None, help="Why, in your words."),
    reviewer: Optional[str] = typer.Option(None, help="Who decides."),
    db: str = DB_OPTION,
) -> None:
    """Record a decision about a fact; the default views honour it from now on, across re-ingest and re-resolution.

    Examples:

        newsledger review event e3f0a1b2c4 wrong --reason "two different calls" --reviewer ana

        newsledger review actor x:kremlin correct_actor --correction '{"name": "the Kremlin"}'
    """
    from newsledger.resolve.reviews import ReviewError

    try:
        fixed = json.loads(correction) if correction else None
    except json.JSONDecodeError as exc:
        _fail(f"--correction: not JSON ({exc.msg})")
    if fixed is not None and not isinstance(fixed, dict):
        _fail("--correction: must be a JSON object")
    with _open(db) as ledger:
        try:
            row = ledger.review(kind, target_id, decision, correction=fixed, reason=reason, reviewer=reviewer)
        except ReviewError as exc:
            _fail(str(exc))
    err.print(f"recorded review {row['review_id']}: {kind} {target_id} {decision}")


@app.command()
def report(
    db: str = DB_OPTION,
    format: str = typer.Option("markdown", "--format", "-f", help="markdown, html or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of the terminal."),
    all_events: bool = typer.Option(False, "--all-events", help="Also show events below the confidence threshold (settings.EVENT_MIN_CONFIDENCE)."),
    min_confidence: Optional[float] = typer.Option(None, help="Show events whose best mention reaches this confidence (default: the setting)."),
) -> None:
    """The ledger as a reader sees it: stories, timeline, corroboration, contradictions, key quotes.

    Examples:

        newsledger report --db demo.duckdb

        newsledger report --db demo.duckdb --format html -o report.html
    """
    from newsledger.report.query import FilterError

    with _open(db, read_only=True) as ledger:
        try:
            text = ledger.report(format, _threshold(all_events, min_confidence))
        except FilterError as exc:
            _fail(f"{exc.option}: {exc}")
        except ValueError as exc:
            _fail(f"--format: {exc}")
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        typer.echo(text)


@app.command()
def export(
    db: str = DB_OPTION,
    format: ExportFormat = typer.Option(ExportFormat.parquet, "--format", "-f", case_sensitive=False, help="parquet, csv, json or jsonl."),
    folder: Path = typer.Option(Path("export"), "--dir", "-d", help="Folder to write one file per table and view into."),
) -> None:
    """Write every user table and view of the ledger as files, typed, by DuckDB's own writers.

    Parquet and JSON keep lists as lists and dates as dates; CSV joins a
    list's items with '; ' (docs/SCHEMA.md, Export).

    Example: newsledger export --db demo.duckdb --format parquet --dir out/
    """
    with _open(db, read_only=True) as ledger:
        paths = ledger.export(folder, format.value)
    for p in paths:
        err.print(f"wrote {p}")


@app.command()
def serve(
    db: str = DB_OPTION,
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port."),
    token: Optional[str] = typer.Option(None, help="Enable reviews: reviewers give this token (default $NEWSLEDGER_WEB_TOKEN; neither: read-only)."),
    allow_host: list[str] = typer.Option([], "--allow-host", help="Another Host name to answer to (behind a proxy); repeatable."),
) -> None:
    """Serve the web app (stories, events, outlets, actors, articles, reviews) and the JSON API (/api/..., /docs).

    Example: newsledger serve --db demo.duckdb --port 8000 --token "$(openssl rand -hex 16)"
    """
    import uvicorn

    from newsledger.web.app import create_app
    from newsledger.web.security import allowed_hosts

    _open(db, read_only=True).close()
    uvicorn.run(create_app(db, token=token, hosts=allowed_hosts(host, allow_host)), host=host, port=port)


def _eval(module: str, *args: Any, **kwargs: Any) -> None:
    import importlib

    mod = importlib.import_module(f"newsledger.evaluate.{module}")
    result = mod.run(*args, **kwargs)
    typer.echo(mod.format_report(result))


def _need(path: str) -> str:
    if not Path(path).exists():
        err.print(f"[red]error[/red]: {path}: no such file or directory")
        raise typer.Exit(2)
    return path


@eval_app.command("extraction")
def eval_extraction(path: str = typer.Argument(..., help="article-extraction benchmark directory")) -> None:
    """Main-text extraction: ours vs plain trafilatura (word 4-gram shingle P/R/F1)."""
    _eval("extraction", _need(path))


@eval_app.command("timeml")
def eval_timeml(dirs: list[str] = typer.Argument(..., help="Directories of TimeML .tml files")) -> None:
    """TempEval-3 task A: time expression spans, types and values, vs a dateparser baseline."""
    _eval("timeml", [_need(d) for d in dirs])


@eval_app.command("polnear")
def eval_polnear(path: str = typer.Argument(..., help="PolNeAR split directory (text/ and attributions/)")) -> None:
    """Attribution relations: source, cue and content span F1 (exact and overlap)."""
    _eval("polnear", _need(path))


@eval_app.command("plover")
def eval_plover(
    path: str = typer.Argument(..., help="PLOVER-labelled CSV"),
    limit: Optional[int] = typer.Option(None, help="Only the first N stories."),
    dump: Optional[str] = typer.Option(None, help="Write each story's gold label and our mentions here, as JSON lines."),
) -> None:
    """PLOVER event type (and mode) per story: per-type precision/recall.

    Example: newsledger eval plover ../shared/data/plover-synthetic/synthetic_events.csv --limit 600 --dump /tmp/plover.jsonl
    """
    _eval("plover", _need(path), limit=limit, dump=dump)


@eval_app.command("stories")
def eval_stories(
    path: str = typer.Argument(..., help="ECB+ style directory: docs/*.txt and gold.jsonl"),
    baselines: bool = typer.Option(True, help="Also score TF-IDF K-means (true k) and average-link on the same docs."),
    keep: Optional[str] = typer.Option(None, help="Keep the evaluation ledger at this path."),
    reuse: Optional[str] = typer.Option(None, help="Score this kept ledger instead of ingesting again."),
    resolve: bool = typer.Option(False, "--resolve", help="With --reuse: rebuild the stories first (in place)."),
) -> None:
    """Story assignment vs gold: B-cubed precision/recall/F1 and cluster counts.

    --reuse re-scores a kept ledger (with --resolve, after a change to story
    resolution); a change to cleaning or the NLP needs a fresh ingest.

    Example: newsledger eval stories ../shared/data/ecbplus --keep /tmp/ecb.duckdb
    Example: newsledger eval stories ../shared/data/ecbplus --reuse /tmp/ecb.duckdb --resolve --no-baselines
    """
    if resolve and not reuse:
        raise typer.BadParameter("--resolve needs --reuse LEDGER", param_hint="--resolve")
    _eval("stories", _need(path), baselines=baselines, keep=keep, reuse=_need(reuse) if reuse else None, resolve=resolve)


@eval_app.command("incidents")
def eval_incidents(
    path: str = typer.Argument(..., help="Directory with docs.jsonl and gold.jsonl (the GVC layout)"),
    keep: Optional[str] = typer.Option(None, help="Keep the evaluation ledger at this path."),
    reuse: Optional[str] = typer.Option(None, help="Score this kept ledger instead of ingesting again."),
    resolve: bool = typer.Option(False, "--resolve", help="With --reuse: rebuild stories and events first."),
    misses: Optional[str] = typer.Option(None, help="Write each article whose main event is dated wrong here, "
                                                    "as JSON lines with the kind of miss."),
) -> None:
    """Stories, main-event dates, places, counts and contradictions on a pile of same-kind incidents.

    Example: newsledger eval incidents ../shared/data/gvc --keep /tmp/gvc.duckdb
    Example: newsledger eval incidents ../shared/data/gvc --reuse /tmp/gvc.duckdb --misses /tmp/date_misses.jsonl
    """
    if resolve and not reuse:
        raise typer.BadParameter("--resolve needs --reuse LEDGER", param_hint="--resolve")
    _eval("incidents", _need(path), keep=keep, reuse=_need(reuse) if reuse else None, resolve=resolve, misses=misses)


@eval_app.command("outlets")
def eval_outlets(
    path: str = typer.Argument(..., help="FakeNewsCorpus sample: a directory with news_sample.csv, or the CSV"),
    keep: Optional[str] = typer.Option(None, help="Keep the evaluation ledger at this path."),
    reuse: Optional[str] = typer.Option(None, help="Re-assess and score this kept ledger instead of ingesting again."),
    demo: bool = typer.Option(True, help="Also ingest data/demo and print its outlet ranking."),
) -> None:
    """Outlet scores vs domain labels never used for training (AUC, with anchors), and the demo ranking.

    Example: newsledger eval outlets ../shared/data/fakenewscorpus-sample --keep /tmp/fnc.duckdb
    """
    _eval("outlets", _need(path), keep=keep, reuse=_need(reuse) if reuse else None, demo=demo)


@eval_app.command("audit")
def eval_audit(
    path: str = typer.Argument(..., help="audit.jsonl; documents are read from the data folder above it"),
    threshold: Optional[float] = typer.Option(None, help="Confidence of the default view (default: the setting)."),
    dump: Optional[str] = typer.Option(None, help="Write each gold event whose type we code, with its gold and our actors and recipients, as JSON lines."),
) -> None:
    """PLOVER event coding on real sentences with and without events: type P/R/F1, actor countries, modality.

    Example: newsledger eval audit ../shared/data/plover-audit/audit.jsonl --dump /tmp/audit.jsonl
    """
    _eval("audit", _need(path), threshold=threshold, dump=dump)


@eval_app.command("actors")
def eval_actors(
    path: str = typer.Argument(..., help="audit.jsonl; documents are read from the data folder above it"),
    polnear: Optional[str] = typer.Option(None, help="Also measure country/sector coverage on a PolNeAR split."),
) -> None:
    """Actors alone on the audit set's actor and recipient spans: country and PLOVER sector.

    Example: newsledger eval actors ../shared/data/plover-audit/audit.jsonl --polnear ../shared/data/polnear/dev
    """
    _eval("actors", _need(path), polnear=_need(polnear) if polnear else None)
# -- spark --------------------------------------------------------------------
spark_app = typer.Typer(help="Run the per-document work on an Apache Spark cluster (needs the `spark` extra and Java 17).", no_args_is_help=True)
app.add_typer(spark_app, name="spark")


@spark_app.command("ingest")
def spark_ingest(
    paths: list[str] = typer.Argument(..., help="Files or directories (recursive) that every executor can read."),
    out: str = typer.Option(..., "--out", help="Directory for the Parquet files (and the ledger unless --db); shared with the executors."),
    db: Optional[str] = typer.Option(None, "--db", help="Ledger database file (default: OUT/ledger.duckdb)."),
    master: Optional[str] = typer.Option(None, "--master", help="Spark master, e.g. local[2] or yarn (default: spark-submit's, else local[*])."),
    conf: list[str] = typer.Option([], "--conf", help="Spark setting KEY=VALUE (repeatable)."),
    source: Optional[str] = typer.Option(None, help="Outlet for documents that do not name one."),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for documents without one."),
    map: list[str] = typer.Option([], "--map", help="Field mapping for JSONL/CSV, e.g. --map text=body."),
    analyze: bool = typer.Option(True, "--analyze/--no-analyze", help="Run the analysis and resolution after storing."),
    files_per_task: int = typer.Option(64, help="Input files per Spark task (lower it for big WARC/JSONL files)."),
    texts_per_task: int = typer.Option(256, help="Articles per analysis task."),
) -> None:
    """Ingest like `newsledger ingest`, with reading, cleaning, analysis and embeddings on Spark.

    Copy detection, outlet boilerplate learning and resolution run on the
    driver in the local order, so the ledger is the one `newsledger ingest`
    builds; open it with the usual commands (`--db OUT/ledger.duckdb`).
    Parquet layout and cluster use: docs/SCALING.md. Bad inputs get one line
    each on stderr; the exit code is 1 when anything failed.

    Examples:

        newsledger spark ingest data/demo --out out/ --master "local[2]"

        spark-submit --master yarn newsledger/spark/submit.py /shared/crawl --out /shared/run1
    """
    from newsledger.ingest import parse_field_map
    from newsledger.spark.session import build_session, java_available

    try:
        field_map = parse_field_map(map)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--map")
    settings = {}
    for item in conf:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--conf")
        settings[key.strip()] = value
    if not java_available():
        err.print("[red]error[/red]: Spark needs Java 17 or later (no `java` on PATH and no JAVA_HOME)")
        raise typer.Exit(2)
    from pyspark.sql import SparkSession

    from newsledger.spark.job import SparkPlan, spark_ingest as run_spark_ingest

    owned = SparkSession.getActiveSession() is None
    spark = build_session(master, settings)
    try:
        run = run_spark_ingest(
            spark, paths, out, db=db, source=source, published=_date(published, "--published"), field_map=field_map,
            analyze=analyze, plan=SparkPlan(files_per_task=files_per_task, texts_per_task=texts_per_task),
            log=lambda line: err.print(line, highlight=False),
        )
    except ValueError as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2)
    finally:
        if owned:
            spark.stop()
    summary = run.summary
    for line in summary.failed:
        err.print(f"[red]failed[/red] {line}", markup=True, highlight=False, soft_wrap=True)
    err.print(
        f"ingested {summary.ingested} ({summary.duplicates} duplicates), unchanged {summary.unchanged}, "
        f"failed {len(summary.failed)}; analysed {summary.analysed}; {summary.stories} stories, {summary.events} events; "
        f"ledger {run.ledger}"
    )
    raise typer.Exit(0 if summary.ok else 1)


def main() -> None:
    import signal

    from newsledger.store.db import request_stop

    signal.signal(signal.SIGTERM, request_stop)  # SIGTERM stops a run the way Ctrl-C does
    signal.signal(signal.SIGINT, request_stop)
    app()


if __name__ == "__main__":
    main()
