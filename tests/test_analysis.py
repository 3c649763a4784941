"""The analysis runner: one record per article, same results on one or two processes."""

from __future__ import annotations

import datetime as dt
import json

from typer.testing import CliRunner

from newsledger.analysis import analyse_records
from newsledger.cli import app

TEXTS = [
    "President Vladimir Putin spoke by phone with Chancellor Angela Merkel on Tuesday, the Kremlin said.",
    "Police arrested three protesters outside parliament in Ankara on Friday, officials said.",
    "\"We will not give up,\" said Maria Lopez, a teacher who joined the strike in Madrid last week.",
    "The United Nations sent food aid to Yemen in March, according to Reuters.",
]


def rows():
    return [
        {"id": f"d{i}", "text": t, "published": dt.date(2021, 6, 4), "source": None, "title": None}
        for i, t in enumerate(TEXTS)
    ]


def test_two_processes_give_the_same_records_as_one():
    one = dict(analyse_records(rows(), n_process=1))
    two = dict(analyse_records(rows(), n_process=2))
    assert list(one) == [f"d{i}" for i in range(len(TEXTS))]
    assert json.dumps(one, sort_keys=True, default=str) == json.dumps(two, sort_keys=True, default=str)
    for doc_id, record in one.items():
        text = TEXTS[int(doc_id[1:])]
        for span in record["entities"] + record["times"]:
            assert text[span["start"] : span["end"]] == span["text"]


def test_analyze_command_reads_jsonl_documents_and_keeps_their_ids(tmp_path):
    path = tmp_path / "docs.jsonl"
    with path.open("w") as fh:
        for i, text in enumerate(TEXTS[:2]):
            fh.write(json.dumps({"id": f"story-{i}", "text": text, "published": "2021-06-04", "source": "Desk"}) + "\n")
    result = CliRunner().invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [r["id"] for r in lines] == ["story-0", "story-1"]
    assert lines[0]["published"] == "2021-06-04"
    for key in ("entities", "actors", "times", "quotes", "events", "text"):
        assert key in lines[0]


def test_a_component_failure_costs_one_document_not_the_run(monkeypatch):
    from newsledger.nlp.pipeline import shared_pipeline

    component = shared_pipeline(pack=False).get_pipe("newsledger_times")
    real_call = type(component).__call__

    def flaky(self, doc):
        if "Ankara" in doc.text:
            raise ValueError("broken on purpose")
        return real_call(self, doc)

    monkeypatch.setattr(type(component), "__call__", flaky)
    records = dict(analyse_records(rows(), n_process=1))
    assert len(records) == len(TEXTS)
    assert records["d1"]["error"].startswith("analysis failed (ValueError: broken on purpose")
    assert records["d0"]["entities"] and "error" not in records["d0"]
