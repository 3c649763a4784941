"""The article-extraction metric (word 4-gram shingles) and a small real run."""

from __future__ import annotations


import pytest

from newsledger.evaluate.extraction import format_report, prf, run, shingles
from conftest import SHARED_DATA

BENCH = SHARED_DATA / "article-extraction"

GOLD = "The river rose two metres overnight and the town hall was closed on Monday."


def test_shingles_lowercase_word_fourgrams() -> None:
    bag = shingles("One, two THREE four five")
    assert bag == {("one", "two", "three", "four"): 1, ("two", "three", "four", "five"): 1}
    assert shingles("a b") == {("a", "b"): 1}
    assert shingles("  ") == {}


def test_identical_text_scores_one() -> None:
    assert prf(GOLD, GOLD) == (1.0, 1.0, 1.0)


def test_extra_boilerplate_costs_precision_only() -> None:
    precision, recall, f1 = prf(GOLD + " Sign up to receive our latest news today", GOLD)
    assert recall == 1.0
    # 14 gold words -> 11 shingles, all shared; 22 predicted words -> 19 shingles
    assert precision == pytest.approx(11 / 19)
    assert f1 == pytest.approx(2 * (11 / 19) / (1 + 11 / 19))


def test_missing_text_costs_recall_only() -> None:
    half = "The river rose two metres overnight and the town"
    precision, recall, _ = prf(half, GOLD)
    assert precision == 1.0
    # 9 words -> 6 shingles, out of the gold's 11
    assert recall == pytest.approx(6 / 11)


def test_bag_counts_repeats() -> None:
    precision, recall, _ = prf("a b c d a b c d", "a b c d")
    assert recall == 1.0
    assert precision == pytest.approx(1 / 5)


def test_edge_cases() -> None:
    assert prf("", "") == (1.0, 1.0, 1.0)
    assert prf("", GOLD) == (0.0, 0.0, 0.0)
    assert prf(GOLD, "") == (0.0, 1.0, 0.0)
    assert prf("completely different words here", GOLD) == (0.0, 0.0, 0.0)


def test_run_on_five_pages() -> None:
    if not BENCH.is_dir():
        pytest.skip("article-extraction data not available")
    result = run(str(BENCH), limit=5)
    assert result["pages"] == 5
    ours = result["systems"]["newsledger"]
    assert ours["f1"] > 0.8
    for scores in result["per_page"].values():
        assert scores["newsledger"][1] >= scores["extract_html"][1] - 1e-9
    report = format_report(result)
    assert "newsledger" in report and "trafilatura" in report
