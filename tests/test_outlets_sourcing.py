"""Outlet reliability from sourcing, corroboration and how much the ledger has seen of an outlet.

Texts written for these tests: a town's bridge closure told by a paper that
names its sources, the same paper's column naming nobody, a teaser page, and
an arrest told by two outlets.
"""

from __future__ import annotations

import json

import pytest

from newsledger.assess.outlets import PRIOR_ITEMS, Signal, assess_outlets, evidence_of
from newsledger.ledger import Ledger

# --- texts written for these tests -----------------------------------------

SOURCED = """Old Mill bridge to close for six weeks of repairs
Monday, 2 June 2025
The Valley Gazette | Local

The Old Mill bridge over the river Aller will close to all traffic from next Monday for six weeks while engineers repair cracks found in two of its supporting piers, the regional transport ministry said on Monday.

Mayor Elena Novak said the city would run extra buses between the two banks and open the footbridge near the station for longer hours while the work goes on.

Tomas Berg, who runs a bakery at the eastern end of the bridge, said he expected to lose many of his morning customers. "People buy bread on their way over the river, and now they will not come this way," he said.

The ministry said the repairs would cost about 2.4 million euros and that the bridge had last been strengthened in 1998.
"""

UNSOURCED = """The bridge closure is a failure of planning
Tuesday, 3 June 2025
The Valley Gazette | Opinion

Anyone who crosses the Old Mill bridge every morning could have seen this coming. The cracks did not appear overnight, and a town that spends its money on new fountains and festival stages while its oldest crossing crumbles has its priorities the wrong way round.

Six weeks without the bridge will cost shopkeepers on both banks dearly, and the extra buses will not carry the delivery vans that keep the market square alive. The least the council can do now is to publish every inspection report of the last ten years, so that residents can judge for themselves how long the warnings were ignored.

A town lives along its river, and it should look after the ways across it.
"""

TEASER = """Newsletter: the week in the valley
Wednesday, 4 June 2025
The Valley Gazette | Newsletter

Bridge works, a new bakery and the summer fair: our editors pick the stories of the week.
"""

ARREST_A = """Police arrest two men after jewellery shop robbery in Lindenfeld
Tuesday, 10 June 2025
The Valley Gazette | Local

Police arrested two men on Tuesday after a jewellery shop in the centre of Lindenfeld was robbed on Monday evening, the regional police said.

The men, aged 24 and 31, were detained at a flat on the edge of the town, and most of the stolen watches and rings were recovered, police spokeswoman Anna Weber said. Nobody was hurt in the robbery.
"""

ARREST_B = """Two arrested over Lindenfeld jewellery robbery
Tuesday, 10 June 2025
Lindenfeld Courier | News

Police arrested two men on Tuesday in connection with the robbery of a jewellery shop in Lindenfeld on Monday evening, the regional police said.

Officers found most of the stolen jewellery at a flat where the two men, aged 24 and 31, were detained, police spokeswoman Anna Weber said. The shop's owner, Karl Fischer, said he was relieved that nobody had been hurt.
"""

TEXTS = {"sourced": SOURCED, "unsourced": UNSOURCED, "teaser": TEASER, "arrest_a": ARREST_A, "arrest_b": ARREST_B}


def write_all(folder, names):
    (folder / "in").mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / "in" / f"{name}.txt").write_text(TEXTS[name], encoding="utf-8")
    return str(folder / "in")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A ledger file of every text above, closed: each test opens it read-only, the command line too."""
    folder = tmp_path_factory.mktemp("sourcing")
    with Ledger(folder / "l.duckdb") as ledger:
        assert ledger.ingest([write_all(folder, TEXTS)]).failed == []
    return str(folder / "l.duckdb")


@pytest.fixture
def ledger(db):
    with Ledger(db, read_only=True) as ledger:
        yield ledger


def signals(ledger, outlet):
    """signal -> its stored row, examples parsed."""
    rows = ledger.store.rows("SELECT * FROM outlet_signals WHERE outlet = ?", [outlet])
    return {r["signal"]: {**r, "examples": json.loads(r["examples"]) if r["examples"] else []} for r in rows}


def article_of(ledger, title_start):
    return next(a["article_id"] for a in ledger.articles() if (a["title"] or "").startswith(title_start))


# --- sourcing, per report ------------------------------------------------------

def test_a_report_naming_two_sources_is_sourced_and_a_column_naming_nobody_is_unsourced(ledger):
    gazette = signals(ledger, "The Valley Gazette")
    sourced, unsourced = gazette["sourced_reports"], gazette["unsourced_reports"]
    assert (sourced["n_hits"], sourced["n_total"]) == (1, 2) and sourced["contribution"] > 0
    assert (unsourced["n_hits"], unsourced["n_total"]) == (1, 2) and unsourced["contribution"] < 0
    (example,) = sourced["examples"]
    assert example["article"] == article_of(ledger, "Old Mill bridge")
    # the ministry is a source a reader can look up, though the parser tags no name in it
    assert "Mayor Elena Novak" in example["sources"] and "the regional transport ministry" in example["sources"]
    assert unsourced["examples"] == [{"article": article_of(ledger, "The bridge closure")}]
    assert "name at least 2 different sources" in sourced["explanation"] and "weight +0.15" in sourced["explanation"]


def test_a_teaser_page_or_a_short_item_is_no_report_to_judge_for_sourcing(ledger):
    articles = ledger.store.scalar("SELECT n_articles FROM outlets WHERE outlet = 'The Valley Gazette'")
    assert articles == 4  # the report, the column, the newsletter teaser, the short arrest item
    assert signals(ledger, "The Valley Gazette")["sourced_reports"]["n_total"] == 2
    courier = signals(ledger, "Lindenfeld Courier")
    assert courier["sourced_reports"]["value"] is None and courier["sourced_reports"]["contribution"] == 0
    assert "no evidence" in courier["sourced_reports"]["explanation"]


def test_many_statements_in_one_report_weigh_as_one_report():
    one_interview = Signal("named_sources", 20, 20, "{hits} of {total} attributed statements name their source", reports=1)
    assert one_interview.confidence == pytest.approx(1 / (1 + PRIOR_ITEMS))
    assert one_interview.contribution == pytest.approx(0.10 / (1 + PRIOR_ITEMS))
    assert "from 1 report" in one_interview.explanation()
    headlines = Signal("sensational", 1, 4, "{hits} of {total} headlines carry sensational markers")
    assert headlines.confidence == pytest.approx(4 / (4 + PRIOR_ITEMS)) and "from 4 report" not in headlines.explanation()


def test_an_outlet_seen_once_keeps_its_statements_at_the_confidence_of_one_report(ledger):
    named = signals(ledger, "Lindenfeld Courier")["named_sources"]
    assert named["n_total"] == 3 and named["value"] == 1.0
    assert named["confidence"] == pytest.approx(1 / (1 + PRIOR_ITEMS), abs=1e-3)  # not 3 / (3 + 2)


# --- how much the ledger has seen, shown beside the score ------------------------

def test_the_listing_and_the_report_say_how_much_evidence_each_score_rests_on(ledger):
    outlets = {o["outlet"]: o for o in ledger.outlets()}
    courier, gazette = outlets["Lindenfeld Courier"], outlets["The Valley Gazette"]
    assert courier["confidence"] == pytest.approx(1 / 3, abs=1e-3)
    assert courier["evidence"].startswith("little evidence (1 report of its own)")
    assert gazette["evidence"].startswith("some evidence (4 reports")
    report = ledger.report()
    section = report[report.index("## Outlets"):]
    assert "| evidence |" in section and "little evidence (1 report of its own): held near 0.5" in section
    # signals under the names a reader uses, a sourced report with the sources it names
    assert "reports naming 2+ sources +" in section and "reports naming no source -" in section
    assert "naming Mayor Elena Novak" in section or "; Mayor Elena Novak" in section  # sources are listed with "; "
    assert evidence_of(0)["says"].startswith("no report of its own") and evidence_of(12)["level"] == "much"


def test_the_outlets_command_lists_confidence_and_evidence(db):
    from typer.testing import CliRunner

    from newsledger.cli import app

    result = CliRunner().invoke(app, ["outlets", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["outlet"]: r for r in json.loads(result.output)}
    assert rows["Lindenfeld Courier"]["evidence"].startswith("little evidence")
    assert rows["The Valley Gazette"]["confidence"] == pytest.approx(4 / 6, abs=1e-3)


# --- corroboration from shown reports only ----------------------------------------

def test_corroboration_rests_on_another_outlets_shown_report_of_the_event(tmp_path):
    with Ledger(tmp_path / "l.duckdb") as ledger:
        assert ledger.ingest([write_all(tmp_path, ["arrest_a", "arrest_b"])]).failed == []
        assert signals(ledger, "The Valley Gazette")["corroborated"]["n_hits"] == 1
        arrest = ledger.store.scalar(
            "SELECT event_id FROM mention_passages WHERE outlet = 'The Valley Gazette' AND event_type = 'COERCE' LIMIT 1")
        courier = ledger.store.rows(
            "SELECT mention_id FROM mention_passages WHERE outlet = 'Lindenfeld Courier' AND event_id = ?", [arrest])
        assert courier
        for m in courier:  # a reviewer finds the Courier's sentence wrong: it no longer tells the event
            ledger.review("mention", m["mention_id"], "wrong", reason="test")
        with ledger.store.transaction():
            assess_outlets(ledger.store)
        corroborated = signals(ledger, "The Valley Gazette")["corroborated"]
    assert (corroborated["n_hits"], corroborated["n_total"]) == (0, 1)
    assert "events shown from its own reports" in corroborated["explanation"]
