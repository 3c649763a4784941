"""Mention and quote ids are digests of what each fact says (store/ids.py), so ids a reader cited stay true.

Reader 12 ("Stale citations"): with ids numbered by position, a pipeline change
that found one more mention renumbered the article's later mentions, and
events and claims named after them moved; a review silently stopped applying.
These tests re-analyse a real article with the real model in a real DuckDB
file after its cleaned text gained a sentence with another event before the
reviewed one, and migrate a file written with the version-10 ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from newsledger.ledger import Ledger
from newsledger.resolve.reviews import new_review
from newsledger.store import ids, writer
from newsledger.store.db import Store
from newsledger.store.schema import LATEST

CALL = ("Russian President Vladimir Putin spoke by phone with Turkish President Recep Tayyip Erdogan on Wednesday "
        "about the grain corridor, the Kremlin said.")
QUOTE = '"We discussed the shipments in detail," Kremlin spokesman Dmitry Peskov told reporters.'
ARREST = "Ukrainian police arrested two men in Odesa on Tuesday over an attack on a port office."
REPORT = f"Leaders talk about the grain corridor\n\n{CALL}\n\n{QUOTE}\n"
OTHER = ("Erdogan and Putin discuss grain\n\nTurkish President Recep Tayyip Erdogan spoke by phone with "
         "Russian President Vladimir Putin on Wednesday about the grain corridor, Ankara said.\n")


def _ingest(db, tmp_path, texts: dict[str, str]) -> Ledger:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    ledger = Ledger(db)
    summary = ledger.ingest([str(folder)], source="Test Wire", published=dt.date(2024, 3, 14))
    assert summary.failed == []
    return ledger


def _call(ledger: Ledger) -> dict:
    return ledger.store.one("SELECT * FROM event_mentions WHERE event_type = 'CONSULT' AND trigger_text = 'spoke'")


def _reanalyse_with_a_sentence_before(ledger: Ledger, article_id: str, sentence: str) -> None:
    """The cleaned text changes before the call (as when boilerplate is learned late), then analysis and resolution run again."""
    text = ledger.store.scalar("SELECT text FROM articles WHERE article_id = ?", [article_id])
    changed = text.replace(CALL, f"{sentence}\n\n{CALL}")
    assert changed != text
    with ledger.store.transaction():
        writer.update_cleaned_text(ledger.store, article_id, changed, hashlib.sha256(changed.encode()).hexdigest(), 0)
    ledger.analyze_pending()
    ledger.resolve()


def test_a_mention_keeps_its_id_when_a_mention_is_added_before_it_and_offsets_shift(tmp_path):
    with _ingest(tmp_path / "l.duckdb", tmp_path, {"call.txt": REPORT}) as ledger:
        before = _call(ledger)
        quote = ledger.store.one("SELECT quote_id, content_text FROM quotes WHERE kind = 'direct'")
        _reanalyse_with_a_sentence_before(ledger, before["article_id"], ARREST)
        after = _call(ledger)
        mentions = ledger.store.rows("SELECT mention_id, event_type FROM event_mentions ORDER BY mention_no")
        assert len(mentions) > 1 and mentions[0]["event_type"] != "CONSULT"  # the arrest is told first now
        assert after["mention_no"] > before["mention_no"] and after["trigger_start"] > before["trigger_start"]
        assert after["mention_id"] == before["mention_id"] and after["event_id"] == before["event_id"]
        assert ledger.store.one("SELECT quote_id, content_text FROM quotes WHERE kind = 'direct'") == quote


def test_a_review_still_applies_after_a_reanalysis_that_adds_another_mention(tmp_path):
    with _ingest(tmp_path / "l.duckdb", tmp_path, {"call.txt": REPORT}) as ledger:
        call = _call(ledger)
        ledger.review("mention", call["mention_id"], "wrong", reason="not a call", reviewer="test")
        ledger.review("event", call["event_id"], "wrong", reason="not a call", reviewer="test")
        _reanalyse_with_a_sentence_before(ledger, call["article_id"], ARREST)
        reviews = ledger.store.rows("SELECT target_kind, target_id, applies_to FROM reviews ORDER BY target_kind")
        assert [(r["target_kind"], r["applies_to"]) for r in reviews] == [
            ("event", call["event_id"]), ("mention", call["mention_id"])]
        shown = ledger.store.rows("SELECT event_type FROM event_overview WHERE shown")
        assert "CONSULT" not in {e["event_type"] for e in shown}
        assert ledger.store.scalar("SELECT shown FROM mention_passages WHERE mention_id = ?", [call["mention_id"]]) is False


def _positional(prefix: str):
    return lambda article_id, facts: [f"{article_id}:{prefix}{i}" for i in range(len(facts))]


def test_a_version_10_ledger_is_migrated_to_the_ids_a_fresh_ingest_gives_and_keeps_its_reviews(tmp_path, monkeypatch):
    texts = {"call.txt": REPORT.replace(CALL, f"{ARREST}\n\n{CALL}"), "other.txt": OTHER}
    old = tmp_path / "old.duckdb"
    with monkeypatch.context() as patch:  # the version-10 writer: ids by position
        patch.setattr(ids, "mention_ids", _positional("m"))
        patch.setattr(ids, "quote_ids", _positional("q"))
        with _ingest(old, tmp_path, texts) as ledger:
            call = _call(ledger)
            assert call["mention_id"].rsplit(":m", 1)[1].isdigit()  # a place, as version 10 wrote it
            quote = ledger.store.one("SELECT quote_id, claim_id FROM quotes WHERE kind = 'direct'")
            ledger.review("event", call["event_id"], "wrong", reason="not a call", reviewer="test")
            ledger.review("mention", call["mention_id"], "right", reviewer="test")
            ledger.review("quote", quote["quote_id"], "wrong", reviewer="test")
            said = ledger.store.one("SELECT claim_id FROM quotes WHERE kind = 'indirect' AND article_id = ?", [call["article_id"]])
            # a merge recorded, not yet applied by a resolution: its correction names a claim by its version-10 id
            merge = new_review(ledger.store, "claim", quote["claim_id"], "merge", {"with": said["claim_id"]}, reviewer="test")
            writer.add_review(ledger.store, merge)
            ledger.store.con.execute("DELETE FROM internal.schema_migrations WHERE version = 11")
    with _ingest(tmp_path / "fresh.duckdb", tmp_path, texts) as fresh:
        expected_call = _call(fresh)
        expected_quote = fresh.store.one("SELECT quote_id, claim_id FROM quotes WHERE kind = 'direct'")
        expected_said = fresh.store.one("SELECT quote_id, claim_id FROM quotes WHERE kind = 'indirect' AND article_id = ?",
                                        [expected_call["article_id"]])
        tables = {t: fresh.store.rows(q) for t, q in _ID_QUERIES.items()}
    store = Store(old)  # opening for writing migrates
    try:
        assert store.version() == LATEST
        assert {t: store.rows(q) for t, q in _ID_QUERIES.items()} == tables
        reviews = {r["target_kind"]: r for r in store.rows("SELECT * FROM reviews")}
        assert reviews["event"]["target_id"] == reviews["event"]["applies_to"] == expected_call["event_id"]
        assert expected_call["mention_id"] in reviews["event"]["anchor_ids"]
        assert reviews["mention"]["target_id"] == reviews["mention"]["applies_to"] == expected_call["mention_id"]
        assert reviews["quote"]["target_id"] == expected_quote["quote_id"]
        assert reviews["claim"]["target_id"] == expected_quote["claim_id"]
        assert json.loads(reviews["claim"]["correction"]) == {"with": expected_said["claim_id"]}
        assert sorted(reviews["claim"]["anchor_ids"]) == sorted([expected_quote["quote_id"], expected_said["quote_id"]])
        assert store.scalar("SELECT count(*) FROM event_overview WHERE event_id = ? AND shown", [expected_call["event_id"]]) == 0
    finally:
        store.close()
    with Ledger(old) as ledger:  # and the next resolution keeps them where they are
        ledger.resolve(full=True)
        assert ledger.store.scalar("SELECT count(*) FROM reviews WHERE applies_to IS NULL") == 0
        assert ledger.store.scalar("SELECT applies_to FROM reviews WHERE target_kind = 'event'") == expected_call["event_id"]
        merged = ledger.store.rows("SELECT DISTINCT claim_id FROM quotes WHERE list_contains(?, quote_id)",
                                   [[expected_quote["quote_id"], expected_said["quote_id"]]])
        assert len(merged) == 1  # the merge recorded under the old ids took effect


_ID_QUERIES = {
    "event_mentions": "SELECT mention_id, mention_no, event_id FROM event_mentions ORDER BY mention_id",
    "quotes": "SELECT quote_id, quote_no, claim_id FROM quotes ORDER BY quote_id",
    "events": "SELECT event_id, summary FROM events ORDER BY event_id",
    "claims": "SELECT claim_id, claim_text FROM claims ORDER BY claim_id",
}


def test_identical_tellings_take_a_suffix_in_reading_order_and_offsets_do_not_enter_the_id():
    sentence = {"start": 100, "end": 140, "text": "Troops shelled the town again on Friday."}
    told = {"type": "ASSAULT", "trigger": {"start": 107, "end": 114, "text": "shelled"}, "sentence": sentence}
    moved = {"type": "ASSAULT", "trigger": {"start": 307, "end": 314, "text": "shelled"},
             "sentence": {**sentence, "start": 300, "end": 340}}
    first, second = ids.mention_ids("a1", [told, moved])
    assert first.startswith("a1:m") and len(first) == len("a1:m") + ids.DIGEST_CHARS and second == first + "-2"
    assert ids.mention_ids("a1", [moved]) == [first]
    recoded = {**told, "type": "COERCE"}
    assert ids.mention_ids("a1", [recoded]) != [first] and ids.mention_ids("a2", [told]) != [first]


@pytest.mark.parametrize("changed", [{"kind": "indirect"}, {"content": {"start": 10, "end": 30, "text": "the talks went well"}}])
def test_a_quote_id_follows_its_kind_cue_and_content_not_its_place(changed):
    quote = {"kind": "direct", "cue": {"start": 40, "end": 44, "text": "said"},
             "content": {"start": 10, "end": 30, "text": "the talks were useful"}}
    shifted = {**quote, "cue": {**quote["cue"], "start": 140, "end": 144}, "content": {**quote["content"], "start": 110, "end": 130}}
    assert ids.quote_ids("a1", [quote]) == ids.quote_ids("a1", [shifted])
    assert ids.quote_ids("a1", [quote]) != ids.quote_ids("a1", [{**quote, **changed}])
