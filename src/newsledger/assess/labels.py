"""Story titles, from the most reliable original report: an assessment, since it reads the outlet scores."""

from __future__ import annotations

from newsledger.assess.outlets import BASELINE, SPAM_REASONS
from newsledger.store.db import Store

# A wire dateline opening the text ("HELSINKI, July 15 (Agency) — "): not part of a story's label.
DATELINE_PREFIX = r"^[A-Z][A-Z .'-]+,[^\n—–]{0,40}(—|–|--) *"


def label_stories(store: Store, stories: list[str] | None = None) -> None:
    """Title each story (all, or the given ones) by its most reliable original report.

    Candidates are the story's originals, never a copy. Ranked by: no spam
    boilerplate removed from the article; then its outlet's reliability
    score in ``outlets`` (the score of the last assessment; an outlet not
    assessed yet counts as the baseline); then the earliest publication,
    then the first ingested. The label is the report's title, or the first
    line of its text without a wire dateline; ``label_article_id`` names the
    report. Resolution relabels every story after assessing outlets, so
    labels follow the current scores.
    """
    where = "AND list_contains(?, a.story_id)" if stories is not None else ""
    params = [DATELINE_PREFIX, BASELINE, list(SPAM_REASONS)] + ([list(stories)] if stories is not None else [])
    store.con.execute(
        "UPDATE stories SET label = best.label, label_article_id = best.article_id FROM ("
        "  SELECT story_id, label, article_id FROM ("
        "    SELECT a.story_id, a.article_id,"
        "      coalesce(a.title, regexp_extract(regexp_replace(a.text, ?, ''), '^[^\n]{1,90}[.!?]?')) AS label,"
        "      row_number() OVER (PARTITION BY a.story_id ORDER BY spam.article_id IS NOT NULL,"
        "        coalesce(o.score, ?) DESC, coalesce(a.published, DATE '9999-12-31'), a.seq) AS rank"
        "    FROM articles a LEFT JOIN outlets o ON o.outlet = a.outlet"
        "    LEFT JOIN (SELECT DISTINCT article_id FROM removed_lines WHERE list_contains(?, reason)) spam"
        "      ON spam.article_id = a.article_id"
        f"    WHERE a.story_id IS NOT NULL AND a.copy_of_id IS NULL {where}"
        "  ) WHERE rank = 1"
        ") AS best WHERE stories.story_id = best.story_id "
        "AND (stories.label IS DISTINCT FROM best.label OR stories.label_article_id IS DISTINCT FROM best.article_id)",
        params,
    )
