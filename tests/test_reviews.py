"""Reviews: a person's decisions shape the default views and survive re-resolution and re-ingest."""

from __future__ import annotations

import pytest

from conftest import DEMO
from newsledger.ledger import Ledger
from newsledger.resolve.reviews import ReviewError, apply_story_reviews


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


SANCTIONS_FOLLOW_UP = """Russian tycoons under U.S. sanctions look for ways to keep their companies afloat
Tuesday, 10 April 2018
Capitol Standard | Business

MOSCOW — Russian businessmen named in last week's U.S. sanctions list met bankers and lawyers on Tuesday to find ways to keep their companies trading, as shares in Rusal and En+ fell again in Moscow and Hong Kong.

The Treasury in Washington named seven oligarchs close to President Vladimir Putin, twelve of their companies and seventeen officials on Friday, saying they profited from a government engaged in malign activity abroad.

The Kremlin said it would help the companies hit by the measures. Aluminium buyers in Europe said they were already looking for other suppliers.
"""

MOROCCO_VIGIL = """Northgate Moroccans hold vigil for earthquake victims in the Atlas villages
Wednesday, 13 September 2023
Northgate Herald | Local

NORTHGATE — Several hundred people gathered outside the Northgate mosque on Tuesday night for a vigil for the victims of Friday's earthquake in Morocco, which flattened villages in the High Atlas mountains south of Marrakesh.

Many of the town's Moroccan families come from the province of Al Haouz, where most of the dead were found. A community leader said at least four families in Northgate had lost relatives in the quake.

Collections for tents and blankets will continue through the weekend, organisers said, and a first van of supplies left for Marrakesh on Wednesday morning.
"""


def story_of_title(ledger, prefix: str) -> tuple[str, str]:
    ((article_id, story_id),) = ledger.sql("SELECT article_id, story_id FROM articles WHERE title LIKE ?", [prefix + "%"])[1]
    return article_id, story_id


def story_ids(ledger, article_ids) -> dict[str, str]:
    return dict(ledger.sql("SELECT article_id, story_id FROM articles WHERE list_contains(?, article_id)", [sorted(article_ids)])[1])


def members_of(ledger, story_id: str) -> set[str]:
    return {r[0] for r in ledger.sql("SELECT article_id FROM articles WHERE story_id = ?", [story_id])[1]}


def assert_story_views_agree(ledger) -> None:
    """Story rows, event story ids, the timeline view and the index states all follow articles.story_id."""
    counts = ledger.sql("SELECT s.story_id, s.n_articles, count(a.article_id), s.label IS NOT NULL FROM stories s "
                        "LEFT JOIN articles a ON a.story_id = s.story_id GROUP BY ALL")[1]
    assert all(n == m and labelled for _, n, m, labelled in counts)
    assert ledger.sql("SELECT count(*) FROM articles WHERE story_id IS NOT NULL AND story_id NOT IN (SELECT story_id FROM stories)")[1] == [(0,)]
    assert ledger.sql("SELECT count(*) FROM events e WHERE e.story_ids IS DISTINCT FROM (SELECT list_sort(list(DISTINCT a.story_id)) "
                      "FROM event_mentions m JOIN articles a ON a.article_id = m.article_id WHERE m.event_id = e.event_id)")[1] == [(0,)]
    assert ledger.sql("SELECT count(*) FROM story_timeline t WHERE NOT EXISTS "
                      "(SELECT 1 FROM events e WHERE e.event_id = t.event_id AND e.story_id = t.story_id)")[1] == [(0,)]
    states = ledger.sql("SELECT s.story_id, m.id, m.story FROM internal.story_states s, "
                        "unnest(from_json(s.state, '{\"members\": [{\"id\": \"VARCHAR\", \"story\": \"VARCHAR\"}]}').members) AS x(m)")[1]
    placed = story_ids(ledger, [article for _, article, _ in states])
    assert all(row == story == placed[article] for row, article, story in states)


def test_story_merge_and_split_apply_at_once_and_survive_resolve_and_new_reports(demo_copy, tmp_path):
    with Ledger(demo_copy) as ledger:
        _, sanctions = story_of_title(ledger, "Rusal shares halve")
        _, helsinki = story_of_title(ledger, "Trump says he misspoke")
        local, morocco = story_of_title(ledger, "Moroccan community in Northgate")
        sanctions_side, helsinki_side = members_of(ledger, sanctions), members_of(ledger, helsinki)
        merged = sanctions_side | helsinki_side
        rest = members_of(ledger, morocco) - {local}
        n_stories = len(ledger.stories())

        merge = ledger.review("story", sanctions, "merge", correction={"with": helsinki}, reason="one thread", reviewer="test")
        split = ledger.review("story", morocco, "split", correction={"ids": [local]}, reason="local angle", reviewer="test")

        def check() -> None:
            assert len(set(story_ids(ledger, merged).values())) == 1
            assert len(set(story_ids(ledger, rest).values())) == 1
            assert members_of(ledger, story_ids(ledger, [local])[local]) == {local}
            assert_story_views_agree(ledger)

        check()
        assert len(ledger.stories()) == n_stories  # one story fewer by the merge, one more by the split
        one = story_ids(ledger, merged).popitem()[1]
        assert (merge["applies_to"], split["applies_to"]) == (one, story_ids(ledger, [local])[local])
        on_timeline = {r[0] for r in ledger.sql("SELECT DISTINCT m.article_id FROM story_timeline t "
                                                "JOIN event_mentions m ON m.event_id = t.event_id WHERE t.story_id = ?", [one])[1]}
        assert on_timeline & sanctions_side and on_timeline & helsinki_side  # one timeline tells both
        assert apply_story_reviews(ledger.store) == set()  # applying again changes nothing

        ledger.resolve()
        check()
        (tmp_path / "sanctions_follow_up.txt").write_text(SANCTIONS_FOLLOW_UP, encoding="utf-8")
        (tmp_path / "morocco_vigil.txt").write_text(MOROCCO_VIGIL, encoding="utf-8")
        summary = ledger.ingest([str(tmp_path)])
        assert summary.ingested == 2 and summary.failed == []
        check()
        assert ledger.sql("SELECT applies_to IS NOT NULL FROM reviews ORDER BY created_at")[1] == [(True,), (True,)]
