"""The ``newsledger`` command: a thin layer over :class:`newsledger.Ledger`.

One command, one job; JSON and CSV wherever a listing is printed; the DuckDB
file is the product, so every command takes ``--db``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console

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
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise typer.BadParameter("must be between 0 and 1", param_hint="--min-confidence")
    return min_confidence


def _print_rows(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> None:
    if fmt == "json":
        typer.echo(json.dumps(rows, default=str, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for r in rows:
            typer.echo(json.dumps(r, default=str, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (json.dumps(v, default=str) if isinstance(v, (list, dict)) else v) for k, v in r.items()})
    else:
        from rich.table import Table

        table = Table(*columns)
        for r in rows:
            table.add_row(*[_cell(r.get(c)) for c in columns])
        Console().print(table)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ", ".join(x["name"] if isinstance(x, dict) and "name" in x else str(x) for x in v)
    return str(v)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or directories (recursive); '-' reads standard input."),
    db: str = DB_OPTION,
    source: Optional[str] = typer.Option(None, help="Outlet for documents that do not name one."),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for documents without one."),
    map: list[str] = typer.Option([], "--map", help="Field mapping for JSONL/CSV, e.g. --map text=body."),
    analyze: bool = typer.Option(True, "--analyze/--no-analyze", help="Run the analysis and resolution after storing."),
    processes: Optional[int] = typer.Option(None, "--processes", "-j", min=1, help="Analysis processes (default: by corpus size)."),
) -> None:
    """Read reports (txt, html, html.gz, warc, warc.gz, jsonl, csv) into the ledger.

    Re-ingesting the same content is a no-op; copies are stored and linked to the
    earliest one. Bad inputs get one line each on stderr as they are found (and
    are kept in the ledger's ingest_errors table); the run goes on; the exit
    code is 1 when anything failed. A full disk stops the run with one line;
    run the same command again once there is space.

    Examples:

        newsledger ingest data/demo --db demo.duckdb

        newsledger ingest dump.csv --map text=body --source "Example Times"

        cat report.txt | newsledger ingest - --published 2017-01-28
    """
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from newsledger.ingest import parse_field_map
    from newsledger.store.db import StoreError

    try:
        field_map = parse_field_map(map)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--map")
    day = _date(published, "--published")
    ledger = _open(db)
    ledger.n_process = processes
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        def report(problem) -> None:
            label = "[yellow]warning[/yellow]" if problem.warning else "[red]failed[/red]"
            err.print(f"{label} {escape(str(problem))}", highlight=False, soft_wrap=True)

        try:
            summary = ledger.ingest(
                paths, source=source, published=day, field_map=field_map,
                stdin=sys.stdin.buffer if "-" in paths else None, analyze=analyze, progress=progress, on_error=report,
            )
        except KeyboardInterrupt:
            err.print("[yellow]interrupted[/yellow]: every article committed so far is kept; run the same command again to resume")
            raise typer.Exit(130)
        except StoreError as exc:
            err.print(
                f"[red]error[/red]: {escape(str(exc))}; every article committed before it is kept: "
                "free some space and run the same command again", highlight=False, soft_wrap=True,
            )
            raise typer.Exit(1)
        finally:
            _close_quietly(ledger)
    warned = f", {len(summary.warnings)} warnings" if summary.warnings else ""
    err.print(
        f"ingested {summary.ingested} ({summary.duplicates} duplicates), unchanged {summary.unchanged}, "
        f"failed {len(summary.failed)}{warned}; analysed {summary.analysed}; {summary.stories} stories, {summary.events} events"
    )
    raise typer.Exit(0 if summary.ok else 1)


def _close_quietly(ledger) -> None:
    """Close after a failed write too: DuckDB may refuse to checkpoint a full disk, which must not hide the error."""
    try:
        ledger.close()
    except Exception:
        pass


@app.command()
def articles(
    db: str = DB_OPTION,
    source: Optional[str] = typer.Option(None, help="Only this outlet."),
    story: Optional[str] = typer.Option(None, help="Only this story id."),
    since: Optional[str] = typer.Option(None, help="Published on or after (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Published on or before (YYYY-MM-DD)."),
    originals: bool = typer.Option(False, "--originals", help="Leave out copies of other reports."),
    limit: Optional[int] = typer.Option(None, help="At most this many."),
    format: str = typer.Option("table", "--format", "-f", help="table, json, jsonl or csv."),
) -> None:
    """List stored articles.

    Example: newsledger articles --source "Meridian Wire" --format csv
    """
    with _open(db, read_only=True) as ledger:
        rows = ledger.articles(
            source=source, story=story, since=_date(since, "--since"), until=_date(until, "--until"),
            duplicates=not originals, limit=limit,
        )
    _print_rows(rows, format, ["id", "published", "source", "title", "story", "duplicate_of"])


@app.command()
def show(
    article_id: str = typer.Argument(..., help="Article id (or a unique prefix)."),
    db: str = DB_OPTION,
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Show one article: cleaned text, removed lines with reasons, and its facts."""
    with _open(db, read_only=True) as ledger:
        row = ledger.article(article_id)
        if row is None:
            err.print(f"[red]error[/red]: no article {article_id!r} in {db}")
            raise typer.Exit(1)
        row.update(ledger.facts(row["id"]))
    if format == "json":
        typer.echo(json.dumps(row, default=str, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{row['id']}  {row['published'] or 'undated'}  {row['source'] or 'unknown outlet'}")
    typer.echo(f"title: {row['title'] or '(none)'}\norigin: {row['origin']}")
    if row["duplicate_of"]:
        typer.echo(f"copy of {row['duplicate_of']} ({row['duplicate_kind']}, similarity {row['duplicate_score']})")
    typer.echo("\n" + row["text"] + "\n")
    if row["removed"]:
        typer.echo("removed lines:")
        for r in row["removed"]:
            typer.echo(f"  [{r['reason']}] {r['text']}")
    for q in row["quotes"]:
        content = (q["content"] or {}).get("text", "")
        typer.echo(f"quote ({q['kind']}) {q['speaker'] or (q['source'] or {}).get('text', '?')}: {content[:120]}")
    for m in row["events"]:
        typer.echo(f"event {m['type']}/{m['mode'] or '-'} {m['date'] or '?'} ({m['modality']}): {m['trigger_text']}")


@app.command()
def analyze(
    path: str = typer.Argument(..., help="A report file, a JSONL file of documents (id, text, title, published, source), or '-'."),
    format: str = typer.Option("json", "--format", "-f", help="json (one line per document)."),
    published: Optional[str] = typer.Option(None, help="Publication date for documents without one."),
    source: Optional[str] = typer.Option(None, help="Outlet for documents without one."),
) -> None:
    """Run the whole pipeline on input without storing it; prints one JSON line per document.

    A document that cannot be analysed (no article text, too long) gets one
    line on stderr instead, and the exit code is 1.

    Examples:

        newsledger analyze report.txt --published 2017-01-28

        newsledger analyze docs.jsonl > facts.jsonl
    """
    from rich.markup import escape

    from newsledger.analysis import analyse_documents
    from newsledger.ingest import IngestError, iter_documents

    if format != "json":
        raise typer.BadParameter("only json is supported", param_hint="--format")
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
    for record in analyse_documents(docs):
        if record.get("error"):
            err.print(f"[red]failed[/red] {escape(str(record['origin']))}: {escape(record['error'])}", highlight=False, soft_wrap=True)
            failed += 1
            continue
        typer.echo(json.dumps(record, default=str, ensure_ascii=False))
    raise typer.Exit(1 if failed else 0)


@app.command()
def events(
    db: str = DB_OPTION,
    actor: Optional[str] = typer.Option(None, help="Actor id or part of a name, e.g. putin."),
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER type, e.g. CONSULT."),
    since: Optional[str] = typer.Option(None, help="Event date on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Event date on or before."),
    story: Optional[str] = typer.Option(None, help="Story id."),
    format: str = typer.Option("table", "--format", "-f", help="table, json, jsonl or csv."),
    all_events: bool = typer.Option(False, "--all-events", help="Also list events below the confidence threshold (settings.EVENT_MIN_CONFIDENCE)."),
    min_confidence: Optional[float] = typer.Option(None, help="Show events whose best mention reaches this confidence (default: the setting)."),
) -> None:
    """List events with their sources and corroboration.

    Example: newsledger events --actor putin --type CONSULT --since 2017
    """
    with _open(db, read_only=True) as ledger:
        rows = ledger.events(actor=actor, type=type, since=since, until=until, story=story,
                             min_confidence=_threshold(all_events, min_confidence))
    _print_rows(rows, format, ["id", "date", "type", "mode", "actors", "recipients", "modality", "independent_sources", "story"])


@app.command()
def report(
    db: str = DB_OPTION,
    format: str = typer.Option("markdown", "--format", "-f", help="markdown, html or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of the terminal."),
    all_events: bool = typer.Option(False, "--all-events", help="Also show events below the confidence threshold (settings.EVENT_MIN_CONFIDENCE)."),
    min_confidence: Optional[float] = typer.Option(None, help="Show events whose best mention reaches this confidence (default: the setting)."),
) -> None:
    """The ledger as a reader sees it: stories, timeline, corroboration, contradictions, key quotes."""
    with _open(db, read_only=True) as ledger:
        try:
            text = ledger.report(format, _threshold(all_events, min_confidence))
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--format")
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        typer.echo(text)


@app.command()
def export(
    db: str = DB_OPTION,
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv or parquet."),
    output: Path = typer.Option(Path("export"), "--output", "-o", help="Directory to write into."),
) -> None:
    """Write articles, stories, events, quotes, claims, actors and outlets as files.

    Example: newsledger export --db demo.duckdb --format parquet -o out/
    """
    with _open(db, read_only=True) as ledger:
        try:
            paths = ledger.export(output, format)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--format")
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
) -> None:
    """PLOVER event type (and mode) per story: per-type precision/recall."""
    _eval("plover", _need(path), limit=limit)


@eval_app.command("stories")
def eval_stories(
    path: str = typer.Argument(..., help="ECB+ style directory: docs/*.txt and gold.jsonl"),
    baselines: bool = typer.Option(True, help="Also score TF-IDF K-means (true k) and average-link on the same docs."),
) -> None:
    """Story assignment vs gold: B-cubed precision/recall/F1 and cluster counts.

    Example: newsledger eval stories ../shared/data/ecbplus
    """
    _eval("stories", _need(path), baselines=baselines)


@eval_app.command("incidents")
def eval_incidents(
    path: str = typer.Argument(..., help="Directory with docs.jsonl and gold.jsonl (the GVC layout)"),
    keep: Optional[str] = typer.Option(None, help="Keep the evaluation ledger at this path."),
    reuse: Optional[str] = typer.Option(None, help="Score this kept ledger instead of ingesting again."),
    resolve: bool = typer.Option(False, "--resolve", help="With --reuse: rebuild stories and events first."),
) -> None:
    """Stories, main-event dates, places, counts and contradictions on a pile of same-kind incidents.

    Example: newsledger eval incidents ../shared/data/gvc --keep /tmp/gvc.duckdb
    """
    if resolve and not reuse:
        raise typer.BadParameter("--resolve needs --reuse LEDGER", param_hint="--resolve")
    _eval("incidents", _need(path), keep=keep, reuse=_need(reuse) if reuse else None, resolve=resolve)


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
) -> None:
    """PLOVER event coding on real sentences with and without events: type P/R/F1, actor countries, modality.

    Example: newsledger eval audit ../shared/data/plover-audit/audit.jsonl
    """
    _eval("audit", _need(path), threshold=threshold)


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
    app()


if __name__ == "__main__":
    main()
