"""Reviews: a person's decisions shape the default views and survive re-resolution and re-ingest."""

from __future__ import annotations

import pytest

from conftest import DEMO
from newsledger.ledger import Ledger
from newsledger.resolve.reviews import ReviewError


def shown_ids(ledger) -> set[str]:
    return {e["event_id"] for e in ledger.events()}


def test_an_event_reviewed_wrong_leaves_the_default_views_and_stays_out(demo_copy):
    with Ledger(demo_copy) as ledger:
        event = ledger.events()[0]
        story = event["story_id"]
        members = {m["mention_id"] for m in ledger.get("event", event["event_id"])["mentions"]}
        review = ledger.review("event", event["event_id"], "wrong", reason="two different calls", reviewer="test")
        assert review["applies_to"] == event["event_id"]
        assert event["event_id"] not in shown_ids(ledger)
        assert event["event_id"] not in {r[0] for r in ledger.sql("SELECT event_id FROM story_timeline")[1]}
        assert ledger.sql("SELECT shown, review_decision FROM event_overview WHERE event_id = ?", [event["event_id"]])[1] == [
            (False, "wrong")]
        assert event["event_id"] in {e["event_id"] for e in ledger.events(min_confidence=0.0, shown_only=False)}
        ledger.resolve()
        ledger.ingest([str(DEMO)])  # everything unchanged, resolved again
        gone = [e for e in ledger.events(story=story) if members & {m["mention_id"] for m in e["mentions"]}]
    assert gone == []


def test_an_actor_correction_shows_in_every_event_naming_it(demo_copy):
    with Ledger(demo_copy) as ledger:
        event = next(e for e in ledger.events() if e["actor_ids"])
        actor = event["actor_ids"][0]
        ledger.review("actor", actor, "correct_actor", correction={"name": "Corrected Name"}, reviewer="test")
        named = [e for e in ledger.events() if actor in e["actor_ids"]]
        ledger.resolve()
        again = [e for e in ledger.events() if actor in e["actor_ids"]]
    assert named and all("Corrected Name" in e["actor_names"] for e in named)
    assert again and all("Corrected Name" in e["actor_names"] for e in again)


def test_a_low_confidence_mention_reviewed_right_is_shown(demo_copy):
    with Ledger(demo_copy) as ledger:
        hidden = ledger.sql("SELECT mention_id, event_id FROM mention_passages p WHERE NOT shown AND NOT EXISTS "
                            "(SELECT 1 FROM mention_passages q WHERE q.event_id = p.event_id AND q.shown) "
                            "ORDER BY mention_id LIMIT 1")[1]
        assert hidden, "the demo keeps some events below the threshold"
        ((mention_id, event_id),) = hidden
        assert event_id not in shown_ids(ledger)
        ledger.review("mention", mention_id, "right", reviewer="test")
        assert event_id in shown_ids(ledger)


def test_reviews_that_do_not_fit_their_target_are_refused_with_one_line(demo_copy):
    with Ledger(demo_copy) as ledger:
        event_id = ledger.events()[0]["event_id"]
        for args, message in (
            (("event", "nope", "wrong"), "no event 'nope'"),
            (("event", event_id, "rename"), "cannot be reviewed 'rename'"),
            (("planet", event_id, "wrong"), "unknown target kind"),
            (("event", event_id, "correct_actor"), "needs a correction"),
        ):
            with pytest.raises(ReviewError, match=message) as caught:
                ledger.review(*args)
            assert "\n" not in str(caught.value)
        assert ledger.sql("SELECT count(*) FROM reviews")[1] == [(0,)]
