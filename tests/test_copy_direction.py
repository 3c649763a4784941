"""Copy direction when the dates point the wrong way: credit lines, agency datelines, then dates.

The texts are written for these tests.
"""

from __future__ import annotations

import datetime as dt

from newsledger.ledger import Ledger
from newsledger.resolve.dedup import CopyMember, choose_original, is_wire, names_another

FERRY = """The regional ferry operator said on Thursday that it would cut its winter timetable to two crossings a day after a second engine failure in a month left passengers stranded on the island overnight.

Island councillors called the decision a breach of the service contract and asked the transport ministry to step in, saying that schools and the clinic depend on the morning boat.

A spokesman for the operator said a replacement vessel had been chartered from a northern yard and should arrive before the end of the month, when the full timetable would return.
"""

WIRE = "KIRKWALL, Nov. 14 (Skerry Press Agency) — " + FERRY
# A blog reposts the agency's report with its credit, and its page carries a date a day before the wire's.
BLOG = "Ferry chaos again!!\n\nVia Skerry Press Agency:\n\n" + FERRY


def test_a_reprint_dated_before_the_wire_it_credits_is_still_the_copy():
    members = [
        CopyMember("blog", "Island Watch Blog", dt.date(2024, 11, 13), BLOG, seq=1),
        CopyMember("wire", "Skerry Press Agency", dt.date(2024, 11, 14), WIRE, seq=2),
    ]
    assert names_another(members[0], members) and not names_another(members[1], members)
    assert choose_original(members) == "wire"


def test_an_agency_dateline_naming_its_own_outlet_beats_an_uncredited_earlier_repost():
    stripped = "Ferry timetable cut\n\n" + FERRY  # the repost dropped the dateline and names nobody
    members = [
        CopyMember("repost", "Harbour Gossip", dt.date(2024, 11, 12), stripped, seq=1),
        CopyMember("wire", "Skerry Press Agency", dt.date(2024, 11, 14), WIRE, seq=2),
    ]
    assert is_wire(members[1]) and not is_wire(members[0])
    assert choose_original(members) == "wire"


def test_a_paper_keeping_the_agency_dateline_is_not_itself_an_agency():
    paper = CopyMember("paper", "The Orkney Courier", dt.date(2024, 11, 14), WIRE, seq=1)
    assert not is_wire(paper)
    assert is_wire(CopyMember("ap", "AP", None, FERRY, seq=2))


def test_without_credit_or_agency_the_earliest_date_still_decides():
    members = [
        CopyMember("late", "Paper Two", dt.date(2024, 11, 15), FERRY + "\nMore to follow.\n", seq=1),
        CopyMember("early", "Paper One", dt.date(2024, 11, 14), FERRY, seq=2),
    ]
    assert choose_original(members) == "early"


def _page(date_line: str, outlet: str, body: str) -> str:
    return f"Ferry timetable cut after second breakdown\n{date_line}\n{outlet} | News\n\n{body}"


def test_in_the_ledger_the_agency_is_the_original_of_a_blog_dated_a_day_earlier(tmp_path):
    blog = tmp_path / "in" / "blog.txt"
    wire = tmp_path / "in" / "wire.txt"
    blog.parent.mkdir()
    blog.write_text(_page("Wednesday, 13 November 2024", "Island Watch Blog", BLOG), encoding="utf-8")
    wire.write_text(_page("Thursday, 14 November 2024", "Skerry Press Agency", WIRE), encoding="utf-8")
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.ingest([str(blog)], analyze=False)
        ledger.ingest([str(wire)], analyze=False)
        rows = {r["origin"].rsplit("/", 1)[-1]: r for r in ledger.articles()}
        assert rows["wire.txt"]["copy_of_id"] == rows["blog.txt"]["article_id"]  # at ingest: the earlier date
        assert ledger.orient_copies() == 1
        rows = {r["origin"].rsplit("/", 1)[-1]: r for r in ledger.articles()}
    assert rows["blog.txt"]["copy_of_id"] == rows["wire.txt"]["article_id"]
    assert rows["wire.txt"]["copy_of_id"] is None
