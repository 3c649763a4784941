"""The command line over a real DuckDB file: exit codes, listings, export formats."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from newsledger.cli import app

runner = CliRunner()

REPORT = """Council Approves Night Bus Routes

The city council voted on Tuesday to add four night bus routes linking the suburbs with the
centre, after a year of petitions from shift workers and students who finish late.

The transport department said the first buses would run in the autumn and that fares would
match daytime prices.
"""


def ingest(tmp_path, *extra):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "bus.txt").write_text(REPORT, encoding="utf-8")
    db = str(tmp_path / "l.duckdb")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--no-analyze", "--source", "City Post", *extra])
    return db, result


def test_ingest_reports_summary_and_exit_zero(tmp_path):
    db, result = ingest(tmp_path)
    assert result.exit_code == 0, result.output
    assert "ingested 1" in result.output


def test_ingest_exit_code_is_one_when_an_input_fails_and_names_it(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "blank.txt").write_bytes(b"")
    db, result = ingest(tmp_path)
    assert result.exit_code == 1
    assert "blank.txt" in result.output
    assert "ingested 1" in result.output


def test_missing_path_fails_with_one_line(tmp_path):
    db = str(tmp_path / "l.duckdb")
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--db", db, "--no-analyze"])
    assert result.exit_code == 1
    assert "nope" in result.output


def test_articles_as_csv_and_json(tmp_path):
    db, _ = ingest(tmp_path)
    out = runner.invoke(app, ["articles", "--db", db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert rows[0]["outlet"] == "City Post" and rows[0]["title"] == "Council Approves Night Bus Routes"
    out = runner.invoke(app, ["articles", "--db", db, "--format", "json"])
    assert json.loads(out.output)[0]["outlet"] == "City Post"


def test_show_prints_text_and_unknown_id_fails(tmp_path):
    db, _ = ingest(tmp_path)
    article_id = json.loads(runner.invoke(app, ["articles", "--db", db, "--format", "json"]).output)[0]["article_id"]
    out = runner.invoke(app, ["show", article_id[:8], "--db", db])
    assert out.exit_code == 0 and "night bus routes" in out.output
    assert runner.invoke(app, ["show", "ffffffff", "--db", db]).exit_code == 1


def test_reading_commands_refuse_a_missing_ledger(tmp_path):
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "no such ledger" in result.output
