"""The command line over the analysed demo ledger: listings, validated filters, show, sql, export."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsledger.cli import app

runner = CliRunner()

pytestmark = pytest.mark.slow


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("command,key", [
    ("articles", "article_id"), ("stories", "story_id"), ("events", "event_id"), ("quotes", "quote_id"),
    ("claims", "claim_id"), ("outlets", "outlet"), ("actors", "actor_id"),
])
def test_every_listing_prints_json_csv_and_a_piped_table_with_full_ids(demo_db, command, key):
    rows = json.loads(run(command, "--db", demo_db, "--format", "json").output)
    assert rows and all(r[key] for r in rows)
    lines = [json.loads(line) for line in run(command, "--db", demo_db, "-f", "jsonl").output.splitlines()]
    assert [r[key] for r in lines] == [r[key] for r in rows]
    table = run(command, "--db", demo_db).output
    assert str(rows[0][key]) in table  # piped: never cut
    parsed = list(csv.DictReader(io.StringIO(run(command, "--db", demo_db, "--format", "csv").output)))
    assert [r[key] for r in parsed] == [str(r[key]) for r in rows]


def test_the_events_table_prints_dates_at_their_precision(demo_db):
    rows = json.loads(run("events", "--db", demo_db, "--format", "json").output)
    coarse = [r for r in rows if r["date_precision"] in ("year", "month")]
    assert coarse, "the demo has recaps dated by a month or a year"
    table = run("events", "--db", demo_db).output
    for r in coarse:
        line = next(line for line in table.splitlines() if line.startswith(r["event_id"]))
        shown = r["event_date"][:4] if r["date_precision"] == "year" else r["event_date"][:7]
        assert line.split()[1] == shown  # "1960", never "1960-01-01"


def test_csv_flattens_lists_with_the_documented_separator(demo_db):
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", demo_db, "--format", "csv").output)))
    events = json.loads(run("events", "--db", demo_db, "--format", "json").output)
    several = next(i for i, e in enumerate(events) if len(e["actor_names"]) > 1)
    assert rows[several]["actor_names"] == "; ".join(events[several]["actor_names"])


@pytest.mark.parametrize("args,option", [
    (["events", "--type", "FOO"], "--type"),
    (["events", "--since", "notadate"], "--since"),
    (["events", "--until", "2017-13"], "--until"),
    (["articles", "--since", "yesterday"], "--since"),
    (["stories", "--until", "soon"], "--until"),
    (["events", "--min-confidence", "2"], "--min-confidence"),
    (["events", "--format", "xml"], "--format"),
    (["quotes", "--format", "yaml"], "--format"),
])
def test_bad_filters_and_formats_fail_with_one_line_and_exit_2(demo_db, args, option):
    result = run(*args, "--db", demo_db)
    assert result.exit_code == 2, result.output
    assert option in result.output


def test_type_filter_takes_any_case(demo_db):
    upper = json.loads(run("events", "--db", demo_db, "--type", "CONSULT", "-f", "json").output)
    lower = json.loads(run("events", "--db", demo_db, "--type", "consult", "-f", "json").output)
    assert upper and upper == lower and all(e["event_type"] == "CONSULT" for e in upper)


def test_show_opens_any_kind_of_id_and_lists_ambiguous_prefixes(demo_db):
    event = json.loads(run("events", "--db", demo_db, "-f", "json").output)[0]
    shown = run("show", event["event_id"], "--db", demo_db, "--format", "json")
    assert shown.exit_code == 0 and json.loads(shown.output)["kind"] == "event"
    mention = event["mentions"][0]["mention_id"]
    assert json.loads(run("show", mention, "--db", demo_db, "-f", "json").output)["sentence_text"]
    assert "sentence_text" in run("show", mention, "--db", demo_db).output
    ids = [r["article_id"] for r in json.loads(run("articles", "--db", demo_db, "-f", "json").output)]
    prefix = next(p for p in "0123456789abcdef" if sum(i.startswith(p) for i in ids) > 1)
    ambiguous = run("show", prefix, "--db", demo_db)
    assert ambiguous.exit_code == 2
    assert sum(i in ambiguous.output for i in ids if i.startswith(prefix)) >= 2


def test_sql_reads_the_ledger_and_refuses_writes_by_default(demo_db):
    out = run("sql", "SELECT count(*) AS n FROM articles", "--db", demo_db, "-f", "json")
    assert out.exit_code == 0 and json.loads(out.output)[0]["n"] > 0
    refused = run("sql", "DELETE FROM articles", "--db", demo_db)
    assert refused.exit_code == 2 and "read-only" in refused.output.lower()
    assert "\n" not in refused.output.strip()
    assert run("sql", "SELEKT 1", "--db", demo_db).exit_code == 2


def test_export_is_typed_complete_and_includes_contradictions_and_reviews(demo_db, tmp_path):
    result = run("export", "--db", demo_db, "--format", "parquet", "--dir", tmp_path / "pq")
    assert result.exit_code == 0, result.output
    names = {p.stem for p in (tmp_path / "pq").iterdir()}
    assert {"articles", "events", "event_mentions", "contradictions", "reviews", "outlet_signals", "event_overview"} <= names
    assert not any(n.startswith(("internal", "minhashes", "story_states")) for n in names)
    con = duckdb.connect(str(demo_db), read_only=True)
    n_contradictions = con.execute("SELECT count(*) FROM contradictions").fetchone()[0]
    con.close()
    assert n_contradictions and pq.read_table(tmp_path / "pq" / "contradictions.parquet").num_rows == n_contradictions
    events = pq.read_table(tmp_path / "pq" / "events.parquet").schema
    assert str(events.field("event_date").type) == "date32[day]"
    assert str(events.field("outlets").type).startswith("list")
    run("export", "--db", demo_db, "--format", "jsonl", "--dir", tmp_path / "jl")
    first = json.loads((tmp_path / "jl" / "events.jsonl").read_text().splitlines()[0])
    assert isinstance(first["outlets"], list) and isinstance(first["n_mentions"], int)
    run("export", "--db", demo_db, "--format", "csv", "--dir", tmp_path / "csv")
    row = next(csv.DictReader((tmp_path / "csv" / "events.csv").open(encoding="utf-8")))
    assert not row["outlets"].startswith("[")
    assert run("export", "--db", demo_db, "--format", "xml", "--dir", tmp_path / "x").exit_code == 2


def test_review_from_the_command_line_hides_the_event(demo_copy):
    event_id = json.loads(run("events", "--db", demo_copy, "-f", "json").output)[0]["event_id"]
    done = run("review", "event", event_id, "wrong", "--reason", "merged two calls", "--db", demo_copy)
    assert done.exit_code == 0, done.output
    assert event_id not in {e["event_id"] for e in json.loads(run("events", "--db", demo_copy, "-f", "json").output)}
    assert run("review", "event", event_id, "maybe", "--db", demo_copy).exit_code == 2
    assert run("review", "actor", "x:nobody", "wrong", "--db", demo_copy).exit_code == 2
    assert run("review", "event", event_id, "correct_actor", "--correction", "{not json", "--db", demo_copy).exit_code == 2
    rows = json.loads(run("sql", "SELECT target_id, decision, reason FROM reviews", "--db", demo_copy, "-f", "json").output)
    assert rows == [{"target_id": event_id, "decision": "wrong", "reason": "merged two calls"}]
