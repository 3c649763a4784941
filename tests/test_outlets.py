"""Outlets: who copied whom, which outlet a report comes from, independent counts, reliability with its evidence."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from newsledger.assess.markers import headline_markers, is_vague_source
from newsledger.clean.solicitation import payment_solicitation
from newsledger.assess.outlets import contested_facts, minority_counts
from newsledger.ledger import Ledger
from newsledger.model import RawDocument
from newsledger.prepare import domain_of, normalise_source, prepare
from newsledger.resolve.dedup import CopyMember, choose_original
from newsledger.resolve.events import independent_count
from newsledger.store.db import Store

# --- texts written for these tests -----------------------------------------

WIRE_BODY = """Russian President Vladimir Putin telephoned President Donald Trump on Sunday, Dec. 29, to thank him for information from American intelligence that helped Russian security services stop two men who were planning attacks in St. Petersburg over the New Year holiday, the Kremlin said.

According to the Kremlin, the two leaders agreed that their intelligence agencies should keep sharing warnings about threats of terrorism. The White House confirmed that the call had taken place and said the president had welcomed the thanks.

Russia's Federal Security Service said on Friday that it had detained two Russian citizens suspected of preparing the attacks, and that it had found no link between them and any foreign group.
"""

# The wire's own file: a dateline without a year, so no publication date.
WIRE = "Kremlin says Putin thanked Trump for tip on planned attacks\n\nMOSCOW, Dec. 29 (Northline Wire) — " + WIRE_BODY

# A paper's reprint two days later, fuller than the original (it adds a
# paragraph) and without any credit: only the dates can tell who came first.
REPRINT = (
    "US warning helped Russia stop New Year attack plot\nTuesday, 31 December 2019\nThe Valley Gazette | World\n\n"
    + WIRE_BODY
    + "\nThe Valley Gazette asked readers in the region whether they had changed their holiday plans after the news, "
    "and most of those who answered said they had not.\n"
)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def articles_by_origin(ledger):
    return {r["origin"].rsplit("/", 1)[-1]: r for r in ledger.articles()}


# --- copy direction ----------------------------------------------------------

def test_an_undated_wire_original_inferred_earlier_is_the_original_of_its_dated_reprint(tmp_path):
    reprint = write(tmp_path / "in" / "reprint.txt", REPRINT)
    wire = write(tmp_path / "in" / "wire.txt", WIRE)
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.ingest([reprint], analyze=False)  # the reprint arrives first
        ledger.ingest([wire])
        rows = articles_by_origin(ledger)
        frame = ledger.facts(rows["wire.txt"]["article_id"])["time_frame"]
    assert rows["wire.txt"]["published"] is None
    assert frame["frame_from"] == "inferred" and str(frame["frame_date"]) == "2019-12-29"
    assert rows["reprint.txt"]["copy_of_id"] == rows["wire.txt"]["article_id"]
    assert rows["wire.txt"]["copy_of_id"] is None


def _dated(text: str, outlet: str) -> str:
    return f"Harbour tolls to rise next year\nWednesday, 3 March 2021\n{outlet} | Business\n\n{text}"


TOLLS = """The port authority said on Wednesday that it would raise harbour tolls for container ships by four percent from the start of next year, citing the cost of dredging the main channel.

Shipping companies criticised the decision, saying the increase came when freight rates were already falling and smaller carriers were struggling to stay afloat.

A spokeswoman for the authority said the money would pay for deeper berths that larger vessels need, and that the board had weighed the objections of the carriers before voting.
"""


def test_on_the_same_day_the_credited_wire_agency_is_the_original(tmp_path):
    wire_text = "ROTTERDAM, March 3 (Delta Wire) — " + TOLLS
    # The paper's copy is the fuller one, but it names the agency whose report it carries.
    paper_text = "By Delta Wire\n\n" + wire_text + "\nThe Harbour Post will follow the vote of the city council next week.\n"
    paper = write(tmp_path / "paper.txt", _dated(paper_text, "The Harbour Post"))
    wire = write(tmp_path / "wire.txt", _dated(wire_text, "Delta Wire"))
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.ingest([paper], analyze=False)
        ledger.ingest([wire], analyze=False)
        assert articles_by_origin(ledger)["wire.txt"]["copy_of_id"] is not None  # at ingest: the first arrival
        assert ledger.orient_copies() == 1
        rows = articles_by_origin(ledger)
    assert rows["paper.txt"]["copy_of_id"] == rows["wire.txt"]["article_id"]
    assert rows["wire.txt"]["copy_of_id"] is None


def test_on_the_same_day_without_credit_the_fuller_text_is_the_original():
    trimmed = TOLLS.rsplit("\n\n", 1)[0]
    members = [
        CopyMember("copy", "Paper", dt.date(2021, 3, 3), trimmed, seq=1),
        CopyMember("full", "Other Paper", dt.date(2021, 3, 3), TOLLS, seq=2),
    ]
    assert choose_original(members) == "full"


def test_an_earlier_own_date_beats_credit_and_length():
    members = [
        CopyMember("early", "Paper", dt.date(2021, 3, 2), TOLLS[:200], seq=2),
        CopyMember("late", "Wire", dt.date(2021, 3, 3), "(Paper) " + TOLLS, seq=1),
    ]
    assert choose_original(members) == "early"


# --- which outlet ------------------------------------------------------------

def test_an_article_without_an_outlet_name_gets_it_from_its_url():
    raw = RawDocument(
        content="https://www.harbour-watch.example/2021/03/tolls/\nHarbour tolls to rise\n\n" + TOLLS, kind="text", origin="x"
    )
    article = prepare(raw)
    assert article.source == "harbour-watch.example"
    assert article.url == "https://www.harbour-watch.example/2021/03/tolls/"
    assert not article.text.startswith("http")


def test_hosts_name_one_outlet_however_they_are_written():
    assert domain_of("https://m.harbour-watch.example/a") == "harbour-watch.example"
    assert normalise_source("www.Harbour-Watch.example") == "harbour-watch.example"
    assert normalise_source("The Harbour Post") == "The Harbour Post"
    assert normalise_source("U.S.") == "U.S."


def test_a_newsletter_named_in_its_own_promotional_lines_is_its_outlet():
    text = (
        "The Evening Brief\n\nYou are reading The Evening Brief. Forwarded this email? Sign up here.\n\n"
        "Good evening. The port authority voted to raise harbour tolls today.\n\n"
        "Get The Evening Brief in your inbox every weekday evening.\n"
    )
    assert prepare(RawDocument(content=text, kind="text", origin="x")).source == "The Evening Brief"
    plain = "Harbour Tolls To Rise\n\nThe port authority voted to raise harbour tolls today.\n"
    assert prepare(RawDocument(content=plain, kind="text", origin="x")).source is None


# --- independent sources -------------------------------------------------------

def item(article, source, root=None, **extra):
    return {"article": article, "source": source, "root": root or article, **extra}


def test_unknown_outlets_never_count_twice():
    outlets, independent = independent_count([item("a", None), item("b", None), item("c", None)])
    assert (outlets, independent) == ([], 1)
    outlets, independent = independent_count([item("a", "Wire"), item("b", None), item("c", None)])
    assert (outlets, independent) == (["Wire"], 2)


def test_a_copy_counts_under_its_original_outlet():
    # The paper reprints the wire and also files its own report: two outlets, two sources.
    items = [item("copy", "Paper", root="wire"), item("own", "Paper"), item("wire", "Wire")]
    assert independent_count(items) == (["Paper", "Wire"], 2)
    # Told the root's outlet, a copy seen without its original still counts under it.
    items = [item("copy", "Paper", root="wire", root_source="Wire"), item("wire2", "Wire")]
    assert independent_count(items)[1] == 1


# --- contradictions: the outlier only --------------------------------------------

def _store_with_articles(tmp_path, outlets):
    store = Store(tmp_path / "l.duckdb")
    for i, outlet in enumerate(outlets):
        store.con.execute(
            "INSERT INTO articles (article_id, seq, outlet, origin, text, ingested_at) VALUES (?, ?, ?, 'x', '', now())",
            [f"a{i}", i, outlet],
        )
    return store


def _dispute(store, kind, stated, text_of=None):
    """One disputed fact of event e1: ``stated`` maps article -> value; sides as resolution decides them.

    ``text_of`` maps article -> (text, value) to store a report's text and the value's span in it.
    """
    from newsledger.resolve.disputes import majority_sides, write_contradictions

    outlet = dict(store.con.execute("SELECT article_id, outlet FROM articles").fetchall())
    for article, (text, value) in (text_of or {}).items():
        store.con.execute("UPDATE articles SET text = ? WHERE article_id = ?", [text, article])
    values = list(dict.fromkeys(stated.values()))
    sides = dict(zip(values, majority_sides([{outlet[a] or a for a, v in stated.items() if v == value} for value in values])))
    reports = []
    for article, value in stated.items():
        text, _ = (text_of or {}).get(article, ("", None))
        start = text.find(value) if value in text else None
        reports.append({"article_id": article, "outlet": outlet[article], "value": value, "value_start": start,
                        "value_end": None if start is None else start + len(value), "side": sides[value], "as_of": None})
    a, b = reports[0], next(r for r in reports if r["value"] != reports[0]["value"])
    cid = f"k-{kind}"
    written = store.__dict__.setdefault("_test_disputes", [])  # every dispute of this test's ledger, rewritten whole
    written.append({
        "contradiction_id": cid, "event_id": "e1", "kind": kind,
        "a_article_id": a["article_id"], "a_outlet": a["outlet"], "a_value": a["value"], "a_start": None, "a_end": None,
        "b_article_id": b["article_id"], "b_outlet": b["outlet"], "b_value": b["value"], "b_start": None, "b_end": None,
        "as_of": None, "n_values": len(values), "n_outlets": len(set(outlet.values())), "resolution": "majority"
        if "majority" in sides.values() else "unresolved", "reports": [{**r, "contradiction_id": cid} for r in reports],
    })
    write_contradictions(store, written)


def test_a_contradiction_counts_against_the_outlier_only(tmp_path):
    store = _store_with_articles(tmp_path, ["Wire", "Paper", "Blog"])
    _dispute(store, "count:magnitude", {"a0": "7.8", "a1": "7.8", "a2": "7.4"})
    # One against one: the ledger cannot tell who is right, so neither is blamed.
    _dispute(store, "date", {"a0": "2023-02-06", "a1": "2023-02-07"})
    assert minority_counts(store) == {"Blog": 1}
    sides = {(o, c["kind"]): c["side"] for o, cs in contested_facts(store).items() for c in cs}
    assert sides[("Wire", "count:magnitude")] == sides[("Paper", "count:magnitude")] == "majority"
    assert sides[("Wire", "date")] == sides[("Paper", "date")] == "unresolved"
    store.close()


def test_a_figure_credited_to_a_named_source_is_not_held_against_the_outlet(tmp_path):
    store = _store_with_articles(tmp_path, ["Wire", "Paper", "Blog", "Agency"])
    # The agency passes on the national seismology office's reading; the blog's own figure is its own claim.
    _dispute(store, "count:magnitude", {"a0": "6.8", "a1": "6.8", "a2": "7.1", "a3": "7.0"}, text_of={
        "a2": ("The quake, sources on the ground tell us, reached magnitude 7.1 near the coast.", "7.1"),
        "a3": ("The National Seismology Office put the magnitude of the quake at 7.0 on Saturday.", "7.0"),
    })
    disputes = {o: c for o, cs in contested_facts(store).items() for c in cs}
    assert disputes["Agency"]["side"] == "cited"
    assert disputes["Agency"]["credited_to"] == "The National Seismology Office"
    assert disputes["Blog"]["side"] == "outlier" and disputes["Blog"]["credited_to"] is None
    assert minority_counts(store) == {"Blog": 1}
    store.close()


def test_only_a_source_a_reader_can_check_makes_a_figure_cited():
    from newsledger.assess.outlets import is_checkable_source

    for named in ("the U.S. Geological Survey", "AFAD", "the health ministry", "Morocco's National Institute of Geophysics"):
        assert is_checkable_source(named), named
    for vague in ("officials", "Sources on the ground", "Residents", "state media", "people close to the transition", None):
        assert not is_checkable_source(vague), vague


def test_a_sign_up_box_or_navigation_is_no_source():
    from newsledger.assess.outlets import is_page_furniture

    assert is_page_furniture("you", "agree to receive our emails and can unsubscribe at any time")
    assert is_page_furniture("Forwarded this email? Sign up here", "the Kremlin said it was a good call")
    assert not is_page_furniture("the interior ministry", "more than 2,000 people had died")
    # a named speaker's own words may mention signing up
    assert not is_page_furniture("the police chief", "residents should sign up for the neighbourhood alerts")
    assert not is_page_furniture("the Kremlin", "the two men agreed to cooperate against Islamic State")


def test_contradictions_between_unnamed_outlets_are_skipped(tmp_path):
    store = _store_with_articles(tmp_path, [None, None])
    _dispute(store, "date", {"a0": "1", "a1": "2"})
    assert minority_counts(store) == {}
    store.close()


def test_related_story_navigation_is_not_spam_but_a_featured_offer_is(tmp_path):
    from newsledger.assess.outlets import assess_outlets

    store = _store_with_articles(tmp_path, ["Paper", "Paper", "Farm"])
    for i, (article, line, reason) in enumerate([
        ("a0", "Related Stories:", "featured-post"), ("a1", "TRENDING STORIES", "featured-post"),
        ("a2", "Featured post", "featured-post"), ("a2", "Earn 3 BTC a week from home, no experience needed...", "spam-offer"),
    ]):
        store.con.execute("INSERT INTO removed_lines (article_id, line_no, uncleaned_start, uncleaned_end, line_text, reason) "
                          "VALUES (?, ?, 0, 1, ?, ?)", [article, i, line, reason])
    assess_outlets(store)
    spam = dict(store.con.execute("SELECT outlet, n_hits FROM outlet_signals WHERE signal = 'spam'").fetchall())
    assert spam == {"Paper": 0, "Farm": 1}
    store.close()


def test_two_stations_running_one_credited_agency_story_did_not_copy_each_other(tmp_path):
    from newsledger.assess.outlets import assess_outlets, credits_in

    story = ("HILLSBORO, Ore. (AP) — A man was wounded in a shooting at a bus stop on Tuesday, police said.\n\n"
             "Copyright 2016 The Associated Press. All rights reserved.")
    assert credits_in(story) == {"associated press"}
    assert credits_in("A man was wounded at a bus stop, police said. From Chicago to Boston.") == set()
    store = Store(tmp_path / "l.duckdb")
    for i, (outlet, text, copy_of) in enumerate([("KAAA", story, None), ("KBBB", story, "a0"),
                                                  ("KCCC", story.split("\n\n")[0].replace(" (AP)", ""), "a0")]):
        store.con.execute("INSERT INTO articles (article_id, seq, outlet, origin, text, copy_of_id, ingested_at) "
                          "VALUES (?, ?, ?, 'x', ?, ?, now())", [f"a{i}", i, outlet, text.replace("(AP)", "(AP)"), copy_of])
    assess_outlets(store)
    uncredited = dict(store.con.execute("SELECT outlet, n_hits FROM outlet_signals WHERE signal = 'uncredited_copies'").fetchall())
    assert uncredited == {"KAAA": 0, "KBBB": 0, "KCCC": 1}
    store.close()


# --- markers ---------------------------------------------------------------------

def test_sensational_headline_markers_are_named_and_acronyms_are_not_shouting():
    body = "Officials thanked the rescuers. NATO and the USGS sent teams."
    assert headline_markers("BREAKING: Storm hits the coast", body) == ["label-prefix"]
    assert headline_markers("Mayor THANKS Rescuers After Storm", body) == ["caps"]
    assert headline_markers("NATO Sends Teams as USGS Measures Quake", body) == []
    assert headline_markers("The Flood Toll They Aren't Telling You", body) == ["curiosity-gap"]
    assert headline_markers("How to Protect Your Home From Floods", body) == []
    assert headline_markers("Who Really Pays for the Dam?", body) == ["question"]
    assert headline_markers("Minister says 'we will win!'", body) == []


def test_an_update_notice_or_the_agency_quoted_before_a_colon_is_not_shouting():
    body = "Two men were shot outside a bar on Friday night, SFPD said. Officer Lee of the SFPD asked for calls."
    assert headline_markers("UPDATE: Second man dies after bar shooting", body) == []
    assert headline_markers("SFPD: Two men shot outside Mission bar", body) == []
    assert headline_markers("RCSO: Deputy wounded in traffic stop", "A deputy was hurt on Route 9.") == []
    assert headline_markers("ACLU: Police kept the video from families", "The ACLU said police kept the video.") == []
    # a shouted word the story itself writes in lower case is still a label
    assert headline_markers("BREAKING: Two men shot outside a bar", "The breaking news came late.") == ["label-prefix"]
    assert headline_markers("WATCH: Bar shooting caught on camera", body) == ["label-prefix"]


def test_vague_sources_are_unnamed_and_unqualified():
    assert is_vague_source("Sources on the ground", named=False)
    assert is_vague_source("Insiders", named=False)
    assert not is_vague_source("two people familiar with the talks", named=False)
    assert not is_vague_source("the report", named=False)
    assert not is_vague_source("Experts at the University of Leeds", named=True)


def test_a_request_to_pay_into_a_crypto_wallet_is_spam():
    assert payment_solicitation("Help the victims.\nDonation wallet: 1FloodRe1iefWa11etXXXXXXXXXXXXXX\n")
    assert payment_solicitation("The exchange said hackers stole coins from its wallet.") is None


# --- ranking on small texts ----------------------------------------------------------

PAPER_A = """Flood waters recede in Valencia as clean-up begins
Friday, 1 November 2024
The Harbour Times | Europe

Residents of towns south of Valencia began clearing mud from their homes on Friday as flood waters receded, three days after torrential rain swept through the region.

Spain's interior minister, Fernando Grande-Marlaska, said more than 1,200 soldiers had been sent to help with the search for missing people. The regional government said at least 150 people had died.

Carmen Ruiz, a shop owner in Paiporta, said the water had reached the ceiling of her store within minutes.

The state weather agency AEMET said more rain was expected over the weekend in parts of Catalonia.
"""

PAPER_B = """Spain sends troops to flood-hit towns as death toll rises
Friday, 1 November 2024
The Northfield Courier | World

Spain's government sent more soldiers to the eastern region of Valencia on Friday to search for people still missing after the worst floods in decades, officials said.

Prime Minister Pedro Sánchez said the state would pay to rebuild homes and roads. The regional emergency service said at least 150 people had been killed.

The European Union said it was ready to release funds to help the region recover. Pedro Martínez, a volunteer from Valencia, said neighbours were sharing food and water.
"""

BLOG = """https://realtruth-patriots.example/2024/11/spain-floods/
SHOCKING: The Flood Death Toll They Aren't Telling You
Posted by Freedom Fred | November 2, 2024

Sources on the ground tell us the real death toll in Spain is many times higher than the government admits. Insiders say the authorities are hiding the truth.

People in the region are telling us that whole villages have vanished and the media stays silent.
"""

SPAM = """https://cryptogains-daily.example/news/spain-floods-crypto/
BREAKING: Massive floods hit Spain - how crypto can help
Posted on November 1, 2024

Featured post
Heavy rain caused floods in eastern Spain this week, killing many people, according to our analysts. Reports say whole streets were washed away.

You can donate to the relief fund our partners have set up. Send bitcoin to the wallet below.

Donation wallet: 1FloodRe1iefWa11etXXXXXXXXXXXXXX
"""


@pytest.fixture(scope="module")
def small_ledger(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rank")
    for name, text in (("paper_a", PAPER_A), ("paper_b", PAPER_B), ("blog", BLOG), ("spam", SPAM)):
        write(folder / "in" / f"{name}.txt", text)
    with Ledger(folder / "l.duckdb") as ledger:
        assert ledger.ingest([str(folder / "in")]).failed == []
        yield ledger


def outlet_rows(ledger):
    """outlet -> its score and its signals (outlet_evidence), each signal's examples parsed."""
    out = {}
    for r in ledger.store.rows("SELECT * FROM outlet_evidence ORDER BY outlet, signal"):
        entry = out.setdefault(r["outlet"], {"score": r["score"], "signals": {}})
        entry["signals"][r["signal"]] = {**r, "examples": json.loads(r["examples"]) if r["examples"] else []}
    return out


def test_spam_and_sensational_blogs_rank_below_professional_outlets(small_ledger):
    outlets = outlet_rows(small_ledger)
    professional = [outlets["The Harbour Times"]["score"], outlets["The Northfield Courier"]["score"]]
    bad = [outlets["realtruth-patriots.example"]["score"], outlets["cryptogains-daily.example"]["score"]]
    assert max(bad) < min(professional)


def test_every_signal_is_stored_with_its_value_weight_and_explanation(small_ledger):
    signals = outlet_rows(small_ledger)["realtruth-patriots.example"]["signals"]
    assert {"spam", "sensational", "vague_sources", "named_sources", "corroborated", "outlier"} <= set(signals)
    for s in signals.values():
        assert {"value", "weight", "contribution", "explanation", "n_hits", "n_total"} <= set(s)
        assert s["explanation"]
    assert signals["sensational"]["n_hits"] == 1 and signals["sensational"]["contribution"] < 0
    assert signals["sensational"]["examples"][0]["markers"] == ["label-prefix", "curiosity-gap", "hype"]
    assert any("Sources on the ground" in e["speaker"] for e in signals["vague_sources"]["examples"])
    spam = outlet_rows(small_ledger)["cryptogains-daily.example"]["signals"]["spam"]
    assert spam["n_hits"] == 1 and spam["contribution"] < 0


def test_the_report_shows_each_outlet_with_its_signals(small_ledger):
    report = small_ledger.report()
    section = report[report.index("## Outlets"):]
    assert "| realtruth-patriots.example |" in section
    assert "sensational" in section and "weight" in section


# --- the evaluation's own arithmetic ------------------------------------------------

def test_eval_outlets_reads_domain_labels_and_scores_auc_with_ties_half(tmp_path):
    from newsledger.evaluate.outlets import auc, domain_labels, score

    csv_path = tmp_path / "sample.csv"
    csv_path.write_text(
        "id,domain,type,content\n1,www.goodnews.example,reliable,x\n2,goodnews.example,reliable,y\n"
        "3,junk.example,fake,z\n4,odd.example,,w\n",
        encoding="utf-8",
    )
    labels = domain_labels(csv_path)
    assert labels == {"goodnews.example": "reliable", "junk.example": "fake", "odd.example": "unlabelled"}
    assert auc([0.9], [0.1, 0.5]) == 1.0 and auc([0.5], [0.5]) == 0.5 and auc([], [0.1]) is None
    outlets = {d: {"score": s, "n_articles": 1, "signals": {}} for d, s in
               (("goodnews.example", 0.7), ("junk.example", 0.3), ("odd.example", 0.5))}
    split = score(outlets, labels)["splits"]["reliable vs fake/conspiracy/junksci"]
    assert (split["positives"], split["negatives"], split["score"]) == (1, 1, 1.0)


@pytest.mark.slow
def test_each_outlet_score_is_the_baseline_plus_its_signal_contributions(demo_db):
    from newsledger.assess.outlets import BASELINE

    with Ledger(demo_db, read_only=True) as ledger:
        outlets = ledger.outlets()
        stored = {r["outlet"]: r for r in ledger.store.rows("SELECT * FROM outlets")}
    assert len(outlets) == len(stored) >= 4
    for o in outlets:
        total = sum(s["contribution"] for s in o["signals"])
        assert o["score"] == pytest.approx(min(1.0, max(0.0, BASELINE + total)), abs=5e-3), o["outlet"]
        assert all(s["contribution"] == pytest.approx(s["weight"] * (s["value"] or 0.0) * s["confidence"], abs=1e-3)
                   for s in o["signals"]), o["outlet"]
        assert stored[o["outlet"]]["n_articles"] >= stored[o["outlet"]]["n_originals"]
