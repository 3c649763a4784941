"""Incremental resolution (issue 12, item 2): only the stories that changed are resolved again.

The promise is exactness: after adding articles, the events, claims,
contradictions, count updates and outlet assessments are those a whole
rebuild (``resolve(full=True)``, ``newsledger resolve --all``) gives on the
same ledger. Real demo reports, the real spaCy model, real DuckDB files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsledger.ledger import Ledger
from newsledger.resolve import run

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"

RESOLVED = {
    "events": "SELECT * FROM events ORDER BY event_id",
    "mention links": "SELECT mention_id, event_id FROM event_mentions ORDER BY mention_id",
    "claims": "SELECT * FROM claims ORDER BY claim_id",
    "quote links": "SELECT quote_id, claim_id FROM quotes ORDER BY quote_id",
    "contradictions": "SELECT * FROM contradictions ORDER BY contradiction_id",
    "count updates": "SELECT * FROM count_updates ORDER BY ALL",
    "outlets": "SELECT * FROM outlets ORDER BY outlet",
    "outlet signals": "SELECT * FROM outlet_signals ORDER BY ALL",
    "outlet disputes": "SELECT * FROM outlet_disputes ORDER BY ALL",
    "stories": "SELECT * FROM stories ORDER BY story_id",
}


def resolved(ledger: Ledger) -> dict[str, list]:
    return {name: ledger.store.con.execute(sql).fetchall() for name, sql in RESOLVED.items()}


def assert_same(incremental: dict[str, list], full: dict[str, list]) -> None:
    for name in RESOLVED:
        assert incremental[name] == full[name], name


@pytest.mark.slow
def test_adding_articles_gives_what_a_whole_rebuild_gives(tmp_path):
    """Two days of the demo pile, then two more: the second run resolves only what they touch, exactly.

    The same as a whole rebuild of that ledger, and (on this pile, where
    arrival order does not change the stories) as ingesting all four at once.
    """
    first = [str(p) for p in sorted(DEMO.glob("[ac]*")) if p.suffix in (".txt", ".html")]
    later = [str(p) for p in sorted(DEMO.glob("[bd]*")) if p.suffix in (".txt", ".html")]
    with Ledger(tmp_path / "once.duckdb", n_process=1) as ledger:
        ledger.ingest(first + later)
        at_once = resolved(ledger)
    with Ledger(tmp_path / "l.duckdb", n_process=1) as ledger:
        ledger.ingest(first)
        stories_before = {r[0] for r in ledger.store.con.execute("SELECT story_id FROM stories").fetchall()}
        ledger.ingest(later)
        incremental = resolved(ledger)
        assert incremental["events"] and incremental["claims"] and incremental["contradictions"]
        fingerprints = run.story_fingerprints(ledger.store)
        assert run.resolution_scope(ledger.store, fingerprints) == set()  # everything is up to date
        assert stories_before & set(fingerprints)  # stories of the first run were kept, not all rebuilt
        ledger.resolve(full=True)
        assert_same(incremental, resolved(ledger))
    assert_same(incremental, at_once)


def test_an_unchanged_ledger_resolves_nothing_and_a_changed_story_only_what_it_ties(demo_copy):
    with Ledger(demo_copy) as ledger:
        ledger.resolve()  # the session ledger may predate its fingerprints
        stories = {r[0] for r in ledger.store.con.execute("SELECT story_id FROM stories").fetchall()}
        assert run.resolution_scope(ledger.store, run.story_fingerprints(ledger.store)) == set()
        before = resolved(ledger)
        ledger.resolve()
        assert_same(resolved(ledger), before)

        # an article analysed again (a new timestamp) makes its story, and what it is tied to, stale
        story = ledger.store.scalar("SELECT story_id FROM events ORDER BY n_mentions DESC, event_id LIMIT 1")
        ledger.store.con.execute(
            "UPDATE articles SET analysed_at = now() WHERE article_id = "
            "(SELECT min(article_id) FROM articles WHERE story_id = ?)", [story]
        )
        scope = run.resolution_scope(ledger.store, run.story_fingerprints(ledger.store))
        assert story in scope and scope <= stories
        ledger.resolve()
        assert_same(resolved(ledger), before)


def test_an_event_merge_is_applied_by_the_next_incremental_resolution(demo_copy):
    """A review changes the fingerprint of the stories it is anchored in: they are redone, as a rebuild would."""
    with Ledger(demo_copy) as ledger:
        ledger.resolve()
        two = ledger.store.rows(
            "SELECT event_id, story_id FROM events WHERE story_id IS NOT NULL ORDER BY story_id, event_id LIMIT 2"
        )
        ledger.review("event", two[0]["event_id"], "merge", correction={"with": two[1]["event_id"]}, reviewer="desk")
        scope = run.resolution_scope(ledger.store, run.story_fingerprints(ledger.store))
        assert {two[0]["story_id"], two[1]["story_id"]} <= scope
        ledger.resolve()
        incremental = resolved(ledger)
        merged = ledger.store.scalar(
            "SELECT count(DISTINCT event_id) FROM event_mentions WHERE event_id IS NOT NULL AND mention_id IN "
            "(SELECT unnest(anchor_ids) FROM reviews)"
        )
        assert merged == 1
        ledger.resolve(full=True)
        assert_same(incremental, resolved(ledger))


def test_story_less_resolution_state_is_rebuilt_after_a_full_resolution(demo_copy, tmp_path):
    """``resolve --all`` records every story's fingerprint, so the next incremental run starts clean."""
    copy = tmp_path / "again.duckdb"
    shutil.copyfile(demo_copy, copy)
    with Ledger(copy) as ledger:
        ledger.store.con.execute("DELETE FROM internal.resolved_stories")
        assert run.resolution_scope(ledger.store, run.story_fingerprints(ledger.store))
        ledger.resolve(full=True)
        assert ledger.store.scalar("SELECT count(*) FROM internal.resolved_stories") == ledger.store.scalar(
            "SELECT count(*) FROM stories"
        )
        assert run.resolution_scope(ledger.store, run.story_fingerprints(ledger.store)) == set()


def test_resolution_reports_each_step_and_each_story_placement(demo_copy, tmp_path):
    """A resolution's progress: every step once, in order, and each newcomer placed by the story index (issue 12, item 3)."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Harbour workers in Gdansk walked out on Tuesday over unpaid overtime, halting the loading of grain ships.\n", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(
        "A landslide blocked the mountain road to Huaraz on Sunday, and engineers expect to reopen it within a week.\n", encoding="utf-8")
    calls: list[tuple[str, int, int | None]] = []
    with Ledger(demo_copy, n_process=1) as ledger:
        ledger.ingest([str(tmp_path / "in")], progress=lambda stage, done, total: calls.append((stage, done, total)))
    steps = [done for stage, done, total in calls if stage == "resolve" and total is not None]
    assert steps == list(range(8)) and {total for stage, _, total in calls if stage == "resolve" and total} == {7}
    placed = [(done, total) for stage, done, total in calls if stage == "stories"]
    assert placed == [(0, 2), (1, 2), (2, 2)]


def test_the_resolve_command_logs_its_progress(demo_copy, monkeypatch):
    from typer.testing import CliRunner

    from newsledger.cli import app

    monkeypatch.setenv("NEWSLEDGER_PROGRESS", "lines")
    result = CliRunner().invoke(app, ["resolve", "--db", str(demo_copy)])
    assert result.exit_code == 0, result.output
    assert "progress resolve 0/7" in result.output and "progress resolve 7/7" in result.output


def test_assessing_some_outlets_gives_their_whole_assessment_and_leaves_the_others(demo_copy):
    """``assess_outlets(outlets=...)`` (what an incremental resolution passes) reads all of those outlets' evidence."""
    from newsledger.assess.outlets import assess_outlets

    with Ledger(demo_copy) as ledger:
        with ledger.store.transaction():
            assess_outlets(ledger.store)
        whole = resolved(ledger)
        outlet = ledger.store.scalar("SELECT outlet FROM outlets ORDER BY score DESC LIMIT 1")
        with ledger.store.transaction():
            for table in ("outlets", "outlet_signals"):
                ledger.store.con.execute(f"DELETE FROM {table} WHERE outlet = ?", [outlet])
            assert assess_outlets(ledger.store, only_changed=True, outlets=[outlet]) == {outlet}
        assert_same(resolved(ledger), whole)


def test_a_loaded_story_index_counts_its_words_as_the_one_that_added_them():
    """``StoryIndex.load`` counts every member's n-grams in one pass: the same document frequencies, the same next story."""
    import json

    import numpy as np

    from newsledger.resolve.stories import StoryFeatures, StoryIndex, story_words

    texts = [
        "Dock workers in Gdansk walked out over unpaid overtime and grain ships waited at anchor.",
        "Grain ships waited off Gdansk as dock workers kept up their strike over overtime pay.",
        "A landslide closed the mountain road to Huaraz and engineers began clearing the rocks.",
        "Engineers cleared part of the landslide on the Huaraz road, officials in the town said.",
    ]
    index = StoryIndex()
    for i, text in enumerate(texts[:3]):
        index.add(StoryFeatures(article_id=f"a{i}", words=story_words(text)))
    restored = StoryIndex.load(json.loads(json.dumps(index.dump())))
    assert np.array_equal(restored._df, index._df) and np.array_equal(restored._log_df, index._log_df)
    newcomer = StoryFeatures(article_id="a3", words=story_words(texts[3]))
    assert restored.add(newcomer) == index.add(newcomer)
    assert json.dumps(restored.dump()) == json.dumps(index.dump())


def test_a_text_actor_keeps_its_first_reading_so_an_ingest_leaves_archived_stories_resolved(tmp_path):
    """A later report giving "x:dock-workers" another country does not rewrite the archive's events naming it.

    On the 100k benchmark ledger, 1,000 new reports rewrote 173 such actors
    and made 460 archived stories stale (docs/BENCHMARKS.md, round 5).
    """
    import datetime as dt

    (tmp_path / "kenya").mkdir()
    (tmp_path / "georgia").mkdir()
    (tmp_path / "kenya" / "r1.txt").write_text(
        "Dock strike shuts Mombasa port\n\nMOMBASA, Kenya — Dock workers in Mombasa walked off the job on Monday, "
        "demanding higher pay, and no ship was unloaded all day.\n\n"
        "The port authority said talks with the workers would resume on Wednesday.\n", encoding="utf-8")
    (tmp_path / "georgia" / "r2.txt").write_text(
        "Port workers strike in Batumi\n\nBATUMI, Georgia — Dock workers in Batumi demanded higher pay on Thursday and "
        "stopped work, leaving several cargo ships waiting offshore.\n\n"
        "A spokesman for the port said the dock workers had not given notice.\n", encoding="utf-8")
    with Ledger(tmp_path / "l.duckdb", n_process=1) as ledger:
        ledger.ingest([str(tmp_path / "kenya")], published=dt.date(2025, 3, 3))
        assert ledger.store.scalar("SELECT country FROM actors WHERE actor_id = 'x:dock-workers'") == "KEN"
        archived = run.story_fingerprints(ledger.store)
        ledger.ingest([str(tmp_path / "georgia")], published=dt.date(2025, 3, 6))
        georgian = ledger.store.scalar(
            "SELECT count(*) FROM event_mentions m JOIN articles a USING (article_id) "
            "WHERE a.text LIKE '%Batumi%' AND list_contains(m.actor_ids, 'x:dock-workers')")
        assert georgian  # the new report names the same text actor (its own reading says Georgia)
        assert ledger.store.scalar("SELECT country FROM actors WHERE actor_id = 'x:dock-workers'") == "KEN"
        now = run.story_fingerprints(ledger.store)
        assert all(now[s] == f for s, f in archived.items())  # the Mombasa story was not made stale
        incremental = resolved(ledger)
        ledger.resolve(full=True)
        assert_same(incremental, resolved(ledger))


def test_cluster_compares_only_the_pairs_same_event_may_join_and_decides_as_every_pair(demo_db, monkeypatch):
    """``events.cluster`` skips, in a type's year, pairs of two stories sharing no ``cross_story_keys`` key:
    the clusters are exactly those of comparing every pair, on the demo's real mentions."""
    from newsledger.resolve import events
    from newsledger.store.db import Store

    store = Store(demo_db, read_only=True)
    try:
        pruned = events.cluster(events.load_mentions(store))
        compared = {"pruned": 0, "every": 0}
        mentions = events.load_mentions(store)
        year_blocks: dict[tuple, list[int]] = {}
        for i, m in enumerate(mentions):
            if m.date and events._is_date(m.date):
                year_blocks.setdefault((m.type, m.date[:4]), []).append(i)
        for members in year_blocks.values():
            compared["pruned"] += sum(1 for _ in events._year_block_pairs(members, mentions))
            compared["every"] += sum(1 for _ in events._all_pairs(members))
        monkeypatch.setattr(events, "_year_block_pairs", lambda members, mentions: events._all_pairs(members))
        every = events.cluster(mentions)
    finally:
        store.close()
    assert 0 < compared["pruned"] < compared["every"]
    canonical = lambda groups: sorted(sorted(m.id for m in g) for g in groups)  # noqa: E731
    assert canonical(pruned) == canonical(every)
    assert any(len({m.story for m in g}) > 1 for g in every)  # the demo has events across stories: pairs kept across them
