"""``newsledger eval stories``: a kept evaluation ledger is re-scored, and re-resolved, without ingesting again."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.evaluate.stories import run

# Two happenings of one kind (two dam failures), two short reports each, written for this test.
REPORTS = {
    "1_1ecb": ("dam-a", "A dam burst above the mountain village of Korvath on Monday, flooding forty homes.\n\n"
                        "Rescue teams in Korvath pulled twelve people from the water, the regional governor said."),
    "1_2ecb": ("dam-a", "Floodwater from the failed Korvath dam covered the village's main square on Monday.\n\n"
                        "The governor said twelve villagers were rescued and forty homes were damaged."),
    "1_3ecb": ("dam-b", "An earthen dam gave way near the port city of Selmira on Thursday after a week of rain.\n\n"
                        "Selmira's mayor ordered the harbour district evacuated as the water rose."),
    "1_4ecb": ("dam-b", "Residents of Selmira's harbour district left their homes on Thursday when a rain-soaked dam failed.\n\n"
                        "The mayor of Selmira said the evacuation went on through the night."),
}


@pytest.fixture(scope="module")
def pile(tmp_path_factory):
    root = tmp_path_factory.mktemp("ecb_style")
    (root / "docs").mkdir()
    with open(root / "gold.jsonl", "w", encoding="utf-8") as fh:
        for name, (event, text) in REPORTS.items():
            (root / "docs" / f"{name}.txt").write_text(text, encoding="utf-8")
            fh.write(json.dumps({"doc": name, "topic": 1, "event": event}) + "\n")
    return root


@pytest.fixture(scope="module")
def kept(pile, tmp_path_factory):
    path = tmp_path_factory.mktemp("kept") / "stories.duckdb"
    result = run(str(pile), baselines=False, keep=str(path))
    return path, result


def test_keep_writes_the_evaluation_ledger(kept):
    path, result = kept
    assert path.exists()
    assert result["documents"] == 4 and result["missing"] == 0


def test_reuse_scores_the_kept_ledger_as_the_fresh_run_did(pile, kept):
    path, fresh = kept
    again = run(str(pile), baselines=False, reuse=str(path))
    assert again["sorted"] == fresh["sorted"]
    assert again["shuffled"] == fresh["shuffled"]


def test_reuse_with_resolve_rebuilds_the_same_stories(pile, kept, tmp_path):
    path, fresh = kept
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(path.read_bytes())
    rebuilt = run(str(pile), baselines=False, reuse=str(copy), resolve=True)
    assert rebuilt["missing"] == 0
    assert rebuilt["sorted"] == fresh["sorted"]


def test_cli_resolve_needs_reuse(pile):
    result = CliRunner().invoke(app, ["eval", "stories", str(pile), "--resolve", "--no-baselines"])
    assert result.exit_code != 0
    assert "--reuse" in result.output


def test_cli_reuse_prints_the_scores(pile, kept):
    path, _ = kept
    result = CliRunner().invoke(app, ["eval", "stories", str(pile), "--reuse", str(path), "--no-baselines"])
    assert result.exit_code == 0, result.output
    assert "4 documents" in result.output and "B3" in result.output
