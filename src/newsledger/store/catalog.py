"""What a user finds in the ledger file besides the tables: a comment on every table and column, and the views.

Users query the DuckDB file directly (``newsledger sql``, the ``duckdb``
Python package, Spark), so the file documents itself: ``COMMENT ON`` every
table, view and column (``SELECT * FROM duckdb_columns()`` lists them), and
views that make the joins the report makes. docs/SCHEMA.md is written from a
database built by the migrations (``python -m newsledger.store.catalog``) and
a test compares the two.

The views and comments are not migrations: :func:`apply_catalog` recreates
them whenever a ledger is opened for writing, so a file always carries the
views of the code that last wrote it; a read-only connection to a file that
carries another release's views reads this code's, created as temporary
views for that connection (:func:`use_current_views`).

The default view of events (shown mentions, shown events) depends on the
confidence threshold ``settings.EVENT_MIN_CONFIDENCE``. The views read it from
the DuckDB variable ``event_min_confidence`` (the store sets it on every
connection); in a plain DuckDB session the default applies until
``SET VARIABLE event_min_confidence = 0.3``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import duckdb

from newsledger.clean.solicitation import SPAM_PAGE_SQL
from newsledger.settings import DEFAULT_EVENT_MIN_CONFIDENCE

THRESHOLD_VARIABLE = "event_min_confidence"
THRESHOLD = f"coalesce(getvariable('{THRESHOLD_VARIABLE}'), {DEFAULT_EVENT_MIN_CONFIDENCE})"

# Shared column comments: a link or a span means the same wherever it appears.
ARTICLE_ID = "The article (articles.article_id)."
EVENT_ID = "The event (events.event_id)."
STORY_ID = "The story (stories.story_id)."
OUTLET = "Who published the report (articles.outlet)."
PRECISION = "How precise the date is: 'day', 'week', 'month' or 'year' (a month is stored as its first day, a week as its Monday); NULL when there is no date."

TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "articles": (
        "One row per stored report (every distinct input). Spans in every other table index its cleaned text.",
        {
            "article_id": "Stable id: the first 16 hex digits of the SHA-256 of the raw input. The same input always gets the same id.",
            "seq": "Ingest order (1, 2, ...): the order articles entered the ledger.",
            "outlet": "Who published it: the input's field, else the page's own site name or a masthead, else the URL's host (normalised); NULL when unknown.",
            "title": "Headline.",
            "url": "Address of the report, when known.",
            "authors": "Bylines, when known.",
            "published": "Publication date (no time of day).",
            "published_from": "Where the publication date came from: 'metadata' (a record's field or the page's metadata), 'text' (a date line in the text), 'url' (the date in the page's URL, when the metadata date is days later: a modification date) or 'flag' (the --published option).",
            "fetched": "When the page was fetched (WARC records).",
            "origin": "The input it was first read from: a file path, 'file.jsonl#line=12', 'archive.warc.gz#uri=...' or '-' for stdin. Every input it was seen in is in article_origins.",
            "external_id": "The record's own id (JSONL/CSV 'id' field), when it had one.",
            "text": "The cleaned text: main text, repaired encoding, boilerplate removed. Every span in the ledger indexes this text (0-based, end exclusive: substr(text, start + 1, end - start)).",
            "repairs": "How many encoding repairs (mojibake) the cleaner made.",
            "copy_of_id": "The original this article copies (an exact or near copy: a wire reprint, a re-post); NULL for an original. Copies count once, under their original.",
            "copy_kind": "'exact' (same cleaned text) or 'near' (MinHash near-duplicate); NULL for an original.",
            "copy_similarity": "Estimated Jaccard similarity of word shingles with the original (1.0 for an exact copy).",
            "story_id": STORY_ID + " Copies share their original's story; NULL until resolution placed it.",
            "ingested_at": "When it was stored.",
            "analysed_at": "When the NLP analysis was stored; NULL while it waits for analysis.",
        },
    ),
    "article_origins": (
        "Every input an article was read from (the same content ingested twice is one article with two origins).",
        {"article_id": ARTICLE_ID, "origin": "The input (see articles.origin).", "seen_at": "When it was read."},
    ),
    "removed_lines": (
        "Lines the cleaner removed from an article, with the reason. Offsets index the uncleaned text (internal.article_sources.uncleaned_text), not articles.text.",
        {
            "article_id": ARTICLE_ID,
            "line_no": "Order of the removed line in the article (0, 1, ...).",
            "uncleaned_start": "Start of the line in the uncleaned text (internal.article_sources.uncleaned_text), not in articles.text.",
            "uncleaned_end": "End of the line in the uncleaned text (exclusive).",
            "line_text": "The removed line.",
            "reason": "Why: a boilerplate rule's code ('newsletter-signup', 'share-prompt', 'spam-offer', 'featured-post', ...) or 'repeated-in-source' (a line the outlet repeats in many of its reports).",
        },
    ),
    "entities": (
        "Named entities found in an article (spaCy), with the actor each one was resolved to.",
        {
            "article_id": ARTICLE_ID,
            "entity_no": "Order in the article (0, 1, ...).",
            "entity_start": "Start of the entity in articles.text.",
            "entity_end": "End of the entity in articles.text (exclusive).",
            "entity_text": "The entity as written.",
            "label": "spaCy label: PERSON, ORG, GPE, NORP, LOC, FAC, ...",
            "actor_id": "The actor it names (actors.actor_id), when resolved.",
        },
    ),
    "times": (
        "Time expressions in an article, normalised as TIMEX3 values (TempEval-3 style).",
        {
            "article_id": ARTICLE_ID,
            "time_no": "Order in the article (0, 1, ...).",
            "time_start": "Start of the expression in articles.text.",
            "time_end": "End of the expression in articles.text (exclusive).",
            "time_text": "The expression as written ('last Tuesday').",
            "timex_type": "TIMEX3 type: DATE, TIME, DURATION or SET.",
            "timex_value": "TIMEX3 value ('2017-01-28', '2017-W04', 'P3D'); NULL when it cannot be resolved honestly.",
            "timex_mod": "TIMEX3 modifier (BEFORE, AFTER, APPROX, ...).",
            "anchor": "What a relative expression was resolved against.",
        },
    ),
    "article_time_frames": (
        "When each article was written, from its own evidence: the anchor its relative dates were resolved against.",
        {
            "article_id": ARTICLE_ID,
            "frame_date": "The date relative expressions ('on Saturday') were resolved against.",
            "frame_from": "Where frame_date came from: 'metadata' (the publication date), 'inferred' (the text's own evidence fixes it), 'story' (the earliest dated report of its story) or 'none' (no anchor).",
            "evidence": "JSON list of one-line reasons for the frame.",
            "earliest": "Earliest date the evidence allows.",
            "latest": "Latest date the evidence allows.",
        },
    ),
    "actors": (
        "Who takes part in events or is quoted: people, organisations, countries and groups; from the knowledge base or from the text.",
        {
            "actor_id": "Stable id: a knowledge-base id ('putin', 'RUS', 'RUS:GOV') or 'x:' and the words of a provisional actor read from the text ('x:russian-officials').",
            "name": "Display name.",
            "kind": "'person', 'organisation', 'country', 'group', ...",
            "country": "ISO 3166 alpha-3 code of the actor's country, when known.",
            "sector": "PLOVER sector code (GOV, MIL, POL, ...), when known.",
            "family": "Government family the actor belongs to ('USA:GOV'): Trump and the White House match as one side.",
            "roles": "JSON list of roles held over time (role, country, start, end).",
            "known_from": "'kb' (the curated knowledge base, knowledge/actors.yaml) or 'text' (read from an article only).",
        },
    ),
    "quotes": (
        "Quotes and attributed statements (direct, indirect, mixed) with their speaker, cue and content spans.",
        {
            "quote_id": "'<article_id>:q' + a digest of its kind, cue and content (newsledger.store.ids): kept when other facts of the article change.",
            "article_id": ARTICLE_ID,
            "quote_no": "Order in the article (0, 1, ...).",
            "kind": "'direct', 'indirect', 'mixed' or 'cited' (a cited source, 'according to the BBC').",
            "speaker_id": "Who is quoted (actors.actor_id), when resolved.",
            "speaker_start": "Start of the speaker as written, in articles.text.",
            "speaker_end": "End of the speaker span (exclusive).",
            "speaker_text": "The speaker as written ('a spokeswoman for the ministry').",
            "cue_start": "Start of the reporting cue ('said', 'according to') in articles.text.",
            "cue_end": "End of the cue (exclusive).",
            "cue_text": "The cue as written.",
            "content_start": "Start of what was said, in articles.text.",
            "content_end": "End of what was said (exclusive).",
            "content_text": "What was said.",
            "claim_id": "The claim it belongs to (claims.claim_id): the same statement quoted by several reports.",
        },
    ),
    "event_mentions": (
        "Every PLOVER-coded event mention in an article, whatever its confidence; events group them.",
        {
            "mention_id": "'<article_id>:m' + a digest of its type, sentence and trigger (newsledger.store.ids): kept when other facts of the article change.",
            "article_id": ARTICLE_ID,
            "mention_no": "Order in the article (0, 1, ...).",
            "event_type": "PLOVER event type (CONSULT, ASSAULT, ...; DISASTER and STATEMENT are newsledger extensions).",
            "mode": "PLOVER mode ('phone', 'firearms', ...), when coded.",
            "actor_ids": "Who acted (actors.actor_id).",
            "recipient_ids": "Who was acted upon (actors.actor_id).",
            "trigger_start": "Start of the trigger word or phrase in articles.text.",
            "trigger_end": "End of the trigger (exclusive).",
            "trigger_text": "The trigger as written ('spoke by phone').",
            "sentence_start": "Start of the sentence telling the event, in articles.text.",
            "sentence_end": "End of the sentence (exclusive).",
            "time_start": "Start of the time expression dating the event, in articles.text; NULL when the date is not from the sentence.",
            "time_end": "End of that time expression (exclusive).",
            "event_date": "When the event happened (not when it was published).",
            "date_precision": PRECISION,
            "date_from": "Where event_date came from: 'time' (the sentence's own time expression), 'discourse' (a day the report states nearby), 'published' or 'frame' (the article's date: a fallback), 'story' (the date its story anchored).",
            "place": "Where it happened, as the report names it.",
            "place_start": "Start of the place in articles.text.",
            "place_end": "End of the place (exclusive).",
            "modality": "'asserted', 'recap' (an earlier event told again), 'future', 'hypothetical' or 'negated'.",
            "confidence": "How sure the coding is, in [0, 1]; the default views show mentions at or above settings.EVENT_MIN_CONFIDENCE (0.5).",
            "event_id": EVENT_ID,
        },
    ),
    "mention_counts": (
        "Counts stated for an event mention (killed, injured, arrested, magnitude), with their spans.",
        {
            "mention_id": "The mention (event_mentions.mention_id).",
            "count_no": "Order among the mention's counts (0, 1, ...).",
            "article_id": ARTICLE_ID,
            "kind": "'killed', 'injured', 'arrested', 'shot' (everyone hit, dead or wounded: the injured are read as shot less killed), ...",
            "value": "The number stated.",
            "part": "The count is part of a larger one ('two of the dead').",
            "subgroup": "The count is a subgroup ('three children among the injured').",
            "count_start": "Start of the number in articles.text.",
            "count_end": "End of the number (exclusive).",
            "count_text": "The number as written.",
        },
    ),
    "stories": (
        "Stories: the reports of one real-world happening across outlets (communities of the article graph).",
        {
            "story_id": "'s' + 8 hex digits of the SHA-1 of its founding article's id. A story keeps its id while it grows; when stories split or merge, each keeps the id of the old story it overlaps most.",
            "label": "Title: the headline (or first line) of its most reliable original report.",
            "label_article_id": "The article the label comes from (articles.article_id); NULL until the next resolution for ledgers made before schema version 7.",
            "first_published": "Earliest publication date among its articles.",
            "last_published": "Latest publication date among its articles.",
            "n_articles": "Number of articles, copies included.",
        },
    ),
    "events": (
        "Events: event mentions from all articles that tell one happening, with corroboration. Rebuilt at every resolution.",
        {
            "event_id": "'e' + 10 hex digits of the SHA-1 of its first mention's id (first by ingest order): stable while that mention stays first.",
            "event_type": "PLOVER event type.",
            "mode": "PLOVER mode most mentions give.",
            "actor_ids": "Who acted, most-mentioned first (actors.actor_id).",
            "recipient_ids": "Who was acted upon, most-mentioned first (actors.actor_id).",
            "event_date": "When it happened: the most precise date most of the best-grounded mentions give.",
            "date_precision": PRECISION,
            "place": "Where it happened: the place most sentences state.",
            "modality": "'asserted' unless every mention is a recap, future, hypothetical or negated event.",
            "story_id": "The story most of its mentions belong to.",
            "story_ids": "Every story its mentions belong to.",
            "first_article_id": "The earliest report of it (articles.article_id).",
            "first_reported": "Publication date of that report.",
            "n_mentions": "Number of mentions, whatever their confidence.",
            "outlets": "Outlets reporting it (copies included), sorted.",
            "independent_outlets": "Independent reports: copies count under their original, one outlet counts once, reports of unknown outlets count at most once.",
            "single_source": "Resting on one independent outlet.",
            "confidence": "The best mention's confidence.",
            "summary": "One line: who did what to whom.",
        },
    ),
    "claims": (
        "Claims: one speaker saying one thing, however many reports quote it. Rebuilt at every resolution.",
        {
            "claim_id": "'c' + 10 hex digits of the SHA-1 of its first quote's id.",
            "speaker_id": "Who said it (actors.actor_id), when resolved.",
            "kind": "Kind of its first quote ('direct', 'indirect', ...).",
            "claim_text": "The longest quoted form of the statement.",
            "story_id": STORY_ID,
            "first_article_id": "The first report quoting it (articles.article_id).",
            "n_quotes": "Number of quotes.",
            "outlets": "Outlets quoting it, sorted.",
            "independent_outlets": "Independent reports (as events.independent_outlets; a copy counts under its original's outlet).",
            "single_source": "Resting on one independent outlet.",
        },
    ),
    "contradictions": (
        "One disputed fact of one event (a date, a place, an epicentre, a count): outlets' original reports state different values. "
        "Every report taking part, with its value, span and side, is in contradiction_reports; a_* and b_* show one report of each side.",
        {
            "contradiction_id": "'k' + 12 hex digits of the SHA-256 of the event and kind (rows written before schema 8: of the event, kind, both articles and both starts).",
            "event_id": EVENT_ID,
            "kind": "Which fact: 'date', 'place', 'epicentre', 'count:killed', 'count:injured', 'count:arrested', 'count:magnitude'.",
            "a_article_id": "A report of the side that stands out: the outlier, else the first report (articles.article_id).",
            "a_outlet": "Its outlet.",
            "a_value": "What it states.",
            "a_start": "Start of the stated value in that report's articles.text.",
            "a_end": "End of that span (exclusive).",
            "b_article_id": "A report of another value (articles.article_id).",
            "b_outlet": "Its outlet.",
            "b_value": "What it states.",
            "b_start": "Start of the stated value in that report's articles.text.",
            "b_end": "End of that span (exclusive).",
            "as_of": "For counts: the day of the first figure that stands out.",
            "n_values": "How many different values the reports state (NULL for rows written before schema 8).",
            "n_outlets": "How many outlets take part.",
            "resolution": "'majority' (one value is held by at least two outlets, more than any other) or 'unresolved'.",
        },
    ),
    "contradiction_reports": (
        "Every original report taking part in a contradiction: its value, the span stating it and its side.",
        {
            "contradiction_id": "The contradiction (contradictions.contradiction_id).",
            "article_id": ARTICLE_ID,
            "outlet": OUTLET,
            "value": "What the report states.",
            "value_start": "Start of the stated value in articles.text.",
            "value_end": "End of that span (exclusive).",
            "side": "'majority' (its value is held by at least two outlets, more than any other; for a count, the consistent figures), 'outlier' (stands against that majority) or 'unresolved' (no majority).",
            "as_of": "For counts: the day the figure is for (the report's publication, else its time frame).",
            "credited_to": "Who the report credits the value to, as written ('the U.S. Geological Survey', 'officials'): the narrowest attributed statement (quotes) holding the value, else a source named before a reporting verb in its sentence ('X measured the quake at ...'); NULL when the report states it in its own voice.",
        },
    ),
    "count_updates": (
        "How a count (killed, injured, arrested) grew over an event's reports: one row per new figure, earliest first.",
        {
            "event_id": EVENT_ID,
            "kind": "'killed', 'injured' or 'arrested'.",
            "update_no": "Order of the figure (0, 1, ...).",
            "as_of": "The day of the report giving it (publication, else its time frame).",
            "value": "The figure.",
            "article_id": "The report giving it (articles.article_id).",
            "outlet": OUTLET,
            "count_start": "Start of the figure in that report's articles.text.",
            "count_end": "End of the figure (exclusive).",
        },
    ),
    "outlets": (
        "How reliable each outlet's reporting looks, from what the ledger saw it do; the signals behind each score are in outlet_signals.",
        {
            "outlet": "The outlet (articles.outlet).",
            "score": "0.5 + the sum of outlet_signals.contribution, clipped to [0, 1]; never judged by the outlet's name.",
            "n_articles": "Its articles, copies included.",
            "n_originals": "Its original reports (not copies).",
            "n_copies_of_others": "Its articles that copy another outlet's report.",
            "n_events": "Events in its original reports.",
            "n_events_corroborated": "Of those, events at least one other independent outlet reports.",
            "n_disputed": "Disputed facts it states (outlet_disputes).",
            "n_disputed_unresolved": "Of those, disputes without a majority (one outlet against another).",
        },
    ),
    "outlet_signals": (
        "One row per outlet and signal: the evidence behind the outlet's score, each with its value, weight and what it added.",
        {
            "outlet": "The outlet (outlets.outlet).",
            "signal": "'spam', 'sensational', 'vague_sources', 'named_sources', 'sourced_reports', 'unsourced_reports', 'corroborated', 'outlier', 'uncredited_copies', 'reprinted' or 'repairs' (see newsledger.assess.outlets).",
            "value": "The share, n_hits / n_total, in [0, 1]; NULL when the ledger holds no evidence for it.",
            "weight": "The signal's weight (set by reasoning, not fitted).",
            "confidence": "n / (n + 2) over the n reports the share rests on (its items, or the reports its statements or events come from): a share over few reports moves the score less.",
            "contribution": "weight x value x confidence: what it added to the score.",
            "n_hits": "Items showing the signal.",
            "n_total": "Items it was counted over (articles, headlines, statements or events).",
            "explanation": "One line a reader can check.",
            "examples": "JSON list of up to three examples (article ids and what fired).",
        },
    ),
    "outlet_disputes": (
        "Every disputed fact an outlet states (from contradictions): on the majority side, an outlier, or unresolved.",
        {
            "outlet": "The outlet (outlets.outlet).",
            "event_id": EVENT_ID,
            "kind": "Which fact (as contradictions.kind).",
            "value": "The value the outlet states.",
            "article_id": "Its report stating it (articles.article_id).",
            "side": "'majority' (at least two outlets and more than any other value), 'outlier' (against such a majority), 'cited' (an outlier value the report credits to a named source: not counted against the outlet) or 'unresolved' (no majority).",
            "credited_to": "Who the report credits the value to ('the U.S. Geological Survey', 'AFAD'), when its span lies in a statement attributed to a named source.",
        },
    ),
    "reviews": (
        "A person's decisions about the ledger's facts; the views honour them and they survive re-ingest and re-resolution.",
        {
            "review_id": "'r' + 12 hex digits of the SHA-256 of the review's content and time.",
            "target_kind": "'event', 'mention', 'quote', 'claim', 'actor' or 'story'.",
            "target_id": "The id the reviewer saw (events.event_id, event_mentions.mention_id, ...).",
            "decision": "'wrong' (out of the default views), 'right' (shown whatever its confidence), 'correct_actor' (see correction), 'merge' or 'split' (of events and claims: applied by the next resolution; of stories: applied at once and again after every resolution).",
            "correction": "JSON: for correct_actor on an event {\"actor_ids\": [...], \"recipient_ids\": [...]}, on a quote {\"speaker_id\": ...}, on an actor {\"actor_id\" | \"name\" | \"country\" | \"sector\" | \"kind\": ...}; for merge {\"with\": other id}; for split {\"ids\": member ids to take out}.",
            "reason": "Why, in the reviewer's words.",
            "reviewer": "Who decided.",
            "created_at": "When.",
            "target_text": "What the reviewer saw (trigger, quote content, actor name, event summary): a mention or quote whose text changed after re-analysis no longer takes the review.",
            "anchor_ids": "Members of the target when reviewed (an event's mention ids, a claim's quote ids, a story's article ids): after re-resolution the review follows them.",
            "applies_to": "The id the review applies to now (re-keyed after every resolution); NULL when nothing holds its anchors any more.",
        },
    ),
    "runs": (
        "One row per ingest run.",
        {
            "run_id": "1, 2, ...",
            "command": "What was run.",
            "started_at": "When it started.",
            "finished_at": "When it finished (NULL if interrupted before).",
            "ingested": "New articles stored.",
            "unchanged": "Inputs already in the ledger.",
            "copies": "Of the new articles, copies of another.",
            "failed": "Inputs that could not become an article.",
        },
    ),
    "ingest_errors": (
        "Every input that could not become an article, and every problem with one that was stored (severity 'warning'), as found.",
        {
            "run_id": "The run (runs.run_id).",
            "origin": "The input (as articles.origin).",
            "article_id": "The article, when the problem came after it was stored (analysis, stories); else NULL.",
            "stage": "Where: 'read' (reading, extraction, cleaning), 'analyse' (NLP), 'stories' (story resolution); NULL for rows from before schema version 7.",
            "severity": "'error' (the input or step failed) or 'warning' (stored anyway, e.g. an unreadable date).",
            "reason": "One line saying why.",
            "reported_at": "When it was found.",
        },
    ),
    "internal.schema_migrations": (
        "Schema versions applied to this file (newsledger.store.schema).",
        {"version": "Migration number.", "name": "What it changed.", "applied_at": "When it was applied."},
    ),
    "internal.catalog_state": (
        "Machinery: which version of these comments and views the file carries (newsledger.store.catalog).",
        {"fingerprint": "Hash of the views and comments applied.", "applied_at": "When they were applied."},
    ),
    "internal.article_sources": (
        "Machinery: each article's raw input and its text before cleaning, for re-cleaning and exact-copy detection.",
        {
            "article_id": ARTICLE_ID,
            "raw_sha256": "SHA-256 of the raw input (re-ingesting it is a no-op).",
            "text_sha256": "SHA-256 of the cleaned text (exact copies share it).",
            "raw_kind": "'text' or 'html'.",
            "raw_content": "The input as read (decoded).",
            "uncleaned_text": "The extracted text before cleaning; removed_lines spans index it.",
        },
    ),
    "internal.minhashes": (
        "Machinery: MinHash signatures of the cleaned texts, for near-copy detection.",
        {"article_id": ARTICLE_ID, "signature": "MinHash values (bytes).", "shingles": "Number of word shingles hashed."},
    ),
    "internal.outlet_lines": (
        "Machinery: how many of an outlet's original reports carry each line, for learning its boilerplate.",
        {
            "outlet": "The outlet.",
            "line_key": "The line, normalised (a '=folded=exact' key counts a variant with its digits).",
            "n_articles": "Original reports carrying it.",
        },
    ),
    "internal.story_states": (
        "Machinery: the story index (article graph, hashed n-grams, embeddings) of each story, to resume story resolution.",
        {"story_id": STORY_ID, "state": "JSON state of the story's members (newsledger.resolve.stories.StoryIndex.dump)."},
    ),
    "internal.story_embedding": (
        "Machinery: which embedding model made the vectors in internal.story_states (one row; none before the first story).",
        {"model": "Model id (newsledger.resolve.embeddings.MODEL_ID); another id makes the next resolution rebuild the stories.",
         "dim": "Vector length.", "recorded_at": "When the stories were first embedded with it."},
    ),
    "internal.resolved_stories": (
        "Machinery: what each story's events and claims were last resolved from, so a resolution redoes only the stories that changed.",
        {"story_id": STORY_ID, "fingerprint": "Hash of the story's members, their analyses, the actors they name and the reviews anchored in them (newsledger.resolve.run.story_fingerprints)."},
    ),
}


# ---------------------------------------------------------------------------
# Views: what users ask, joined as the report joins it.

_VERDICTS = """
SELECT * EXCLUDE (rank) FROM (
    SELECT r.*, row_number() OVER (PARTITION BY target_kind, applies_to ORDER BY created_at DESC, review_id DESC) AS rank
    FROM reviews r WHERE applies_to IS NOT NULL AND decision IN ('wrong', 'right')
) WHERE rank = 1
"""

_CORRECTIONS = """
SELECT * EXCLUDE (rank) FROM (
    SELECT r.*, row_number() OVER (PARTITION BY target_kind, applies_to ORDER BY created_at DESC, review_id DESC) AS rank
    FROM reviews r WHERE applies_to IS NOT NULL AND decision = 'correct_actor'
) WHERE rank = 1
"""

_ACTOR_OVERVIEW = """
SELECT a.actor_id,
    coalesce(json_extract_string(c.correction, '$.name'), a.name) AS name,
    coalesce(json_extract_string(c.correction, '$.kind'), a.kind) AS kind,
    coalesce(json_extract_string(c.correction, '$.country'), a.country) AS country,
    coalesce(json_extract_string(c.correction, '$.sector'), a.sector) AS sector,
    a.family, a.roles, a.known_from,
    CASE WHEN v.decision = 'wrong' THEN NULL ELSE coalesce(json_extract_string(c.correction, '$.actor_id'), a.actor_id) END AS shown_as,
    coalesce(v.decision, c.decision) AS review_decision
FROM actors a
LEFT JOIN internal.review_verdicts v ON v.target_kind = 'actor' AND v.applies_to = a.actor_id
LEFT JOIN internal.review_corrections c ON c.target_kind = 'actor' AND c.applies_to = a.actor_id
"""

_MENTION_PASSAGES = f"""
SELECT m.mention_id, m.event_id, m.article_id, m.mention_no, a.seq AS article_seq, a.outlet, a.published, a.title,
    coalesce(a.copy_of_id, a.article_id) AS original_article_id,
    m.event_type, m.mode, m.modality, m.confidence,
    m.trigger_start, m.trigger_end, m.trigger_text, m.sentence_start, m.sentence_end,
    substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence_text,
    m.event_date, m.date_precision, m.date_from, m.place, m.place_start, m.place_end,
    m.actor_ids, m.recipient_ids,
    coalesce(v.decision <> 'wrong', true)
        AND (coalesce(v.decision = 'right', false)
             OR (coalesce(m.confidence, 0) >= {THRESHOLD} AND m.modality IS DISTINCT FROM 'negated')) AS shown,
    v.decision AS review_decision
FROM event_mentions m JOIN articles a ON a.article_id = m.article_id
LEFT JOIN internal.review_verdicts v ON v.target_kind = 'mention' AND v.applies_to = m.mention_id
"""

_EVENT_OVERVIEW = f"""
WITH counted AS (
    SELECT p.*, bool_or(p.shown) OVER (PARTITION BY p.event_id) AS event_has_shown
    FROM mention_passages p WHERE p.event_id IS NOT NULL
),
evidence AS (  -- an event is told by its shown mentions; one without any, by all of them
    SELECT * FROM counted WHERE shown OR NOT event_has_shown
),
reported AS (  -- who reports it: every mention of the event not reviewed wrong, below the display threshold too,
               -- of an outlet resolution counted (events.outlets: an undated telling not shown to be the same act adds none)
    SELECT c.* FROM counted c JOIN events ev ON ev.event_id = c.event_id
    WHERE coalesce(c.review_decision <> 'wrong', true)
        AND (c.outlet IS NULL OR ev.outlets IS NULL OR list_contains(ev.outlets, c.outlet))
),
named AS (
    SELECT event_id, list(DISTINCT party) AS parties FROM (
        SELECT event_id, unnest(list_concat(coalesce(actor_ids, []), coalesce(recipient_ids, []))) AS party FROM evidence
    ) GROUP BY event_id
),
originals AS (  -- one row per original report: a copy counts under its original's outlet
    SELECT event_id, original_article_id,
        CASE WHEN bool_or(article_id = original_article_id)
            THEN max(outlet) FILTER (WHERE article_id = original_article_id)
            ELSE 'copied:' || original_article_id END AS counted_as
    FROM reported GROUP BY event_id, original_article_id
),
corroboration AS (
    SELECT event_id, count(DISTINCT counted_as) + CASE WHEN bool_or(counted_as IS NULL) THEN 1 ELSE 0 END AS independent_outlets
    FROM originals GROUP BY event_id
),
told AS (
    SELECT r.event_id, list_sort(list_distinct(list(r.outlet))) AS outlets,
        count(*) FILTER (WHERE r.shown OR NOT r.event_has_shown) AS n_shown_mentions
    FROM reported r GROUP BY r.event_id
),
visible AS (  -- shown when any mention is, an outlet's that adds no source too (a spam page, a plan: resolve.events.outlet_voices)
    SELECT event_id, bool_or(shown) AS has_shown FROM counted GROUP BY event_id
),
places AS (
    SELECT event_id, place, count(*) AS n FROM evidence WHERE place IS NOT NULL GROUP BY event_id, place
),
top_place AS (
    SELECT event_id, place FROM (
        SELECT event_id, place, row_number() OVER (PARTITION BY event_id ORDER BY n DESC, place) AS rank FROM places
    ) WHERE rank = 1
),
corrected AS (
    SELECT e.event_id, json_extract(c.correction, '$.actor_ids') IS NOT NULL AS actors_fixed,
        json_extract(c.correction, '$.recipient_ids') IS NOT NULL AS recipients_fixed,
        coalesce(CAST(json_extract(c.correction, '$.actor_ids') AS VARCHAR[]), e.actor_ids, []) AS actor_ids,
        coalesce(CAST(json_extract(c.correction, '$.recipient_ids') AS VARCHAR[]), e.recipient_ids, []) AS recipient_ids
    FROM events e LEFT JOIN internal.review_corrections c ON c.target_kind = 'event' AND c.applies_to = e.event_id
),
parties AS (  -- who the shown mentions name, in the event's order; reviewed actors as corrected
    SELECT c.event_id, 'actor' AS role, x.party, x.pos FROM corrected c, unnest(c.actor_ids) WITH ORDINALITY AS x(party, pos)
        WHERE c.actors_fixed OR list_contains((SELECT parties FROM named n WHERE n.event_id = c.event_id), x.party)
    UNION ALL
    SELECT c.event_id, 'recipient', x.party, x.pos FROM corrected c, unnest(c.recipient_ids) WITH ORDINALITY AS x(party, pos)
        WHERE c.recipients_fixed OR list_contains((SELECT parties FROM named n WHERE n.event_id = c.event_id), x.party)
),
shown_parties AS (
    SELECT event_id, role, shown_as, min(pos) AS pos FROM (
        SELECT p.event_id, p.role, p.pos, CASE WHEN o.actor_id IS NULL THEN p.party ELSE o.shown_as END AS shown_as
        FROM parties p LEFT JOIN actor_overview o ON o.actor_id = p.party
    ) WHERE shown_as IS NOT NULL GROUP BY event_id, role, shown_as
),
party_lists AS (
    SELECT s.event_id, s.role, list(s.shown_as ORDER BY s.pos) AS ids,
        list(coalesce(o.name, replace(regexp_replace(s.shown_as, '^x:', ''), '-', ' ')) ORDER BY s.pos) AS names
    FROM shown_parties s LEFT JOIN actor_overview o ON o.actor_id = s.shown_as GROUP BY s.event_id, s.role
)
SELECT e.event_id,
    coalesce(v.decision = 'right', false) OR (coalesce(v.decision <> 'wrong', true) AND coalesce(vs.has_shown, false)) AS shown,
    e.event_type, e.mode, e.summary, e.event_date, e.date_precision,
    CASE WHEN e.place IN (SELECT p.place FROM places p WHERE p.event_id = e.event_id) THEN e.place ELSE tp.place END AS place,
    e.modality,
    coalesce(pa.ids, []) AS actor_ids, coalesce(pa.names, []) AS actor_names,
    coalesce(pr.ids, []) AS recipient_ids, coalesce(pr.names, []) AS recipient_names,
    coalesce(t.outlets, []) AS outlets, coalesce(k.independent_outlets, 0) AS independent_outlets,
    coalesce(k.independent_outlets, 0) <= 1 AS single_source,
    e.confidence, e.n_mentions, coalesce(t.n_shown_mentions, 0) AS n_shown_mentions,
    e.story_id, s.label AS story_label, e.story_ids, e.first_article_id, e.first_reported,
    coalesce(v.decision, c.decision) AS review_decision
FROM events e
LEFT JOIN told t ON t.event_id = e.event_id
LEFT JOIN visible vs ON vs.event_id = e.event_id
LEFT JOIN corroboration k ON k.event_id = e.event_id
LEFT JOIN top_place tp ON tp.event_id = e.event_id
LEFT JOIN party_lists pa ON pa.event_id = e.event_id AND pa.role = 'actor'
LEFT JOIN party_lists pr ON pr.event_id = e.event_id AND pr.role = 'recipient'
LEFT JOIN stories s ON s.story_id = e.story_id
LEFT JOIN internal.review_verdicts v ON v.target_kind = 'event' AND v.applies_to = e.event_id
LEFT JOIN internal.review_corrections c ON c.target_kind = 'event' AND c.applies_to = e.event_id
"""

_DATE_RANK = "CASE date_precision WHEN 'year' THEN 0 WHEN 'month' THEN 1 WHEN 'week' THEN 2 WHEN 'day' THEN 3 END"

def told_order(alias: str = "e") -> str:
    """SQL: where an event is first told in its first report (the smallest mention number there).

    Events of one day first told in the same report used to tie and fall back to their id; since
    ids are digests (schema 11) that order was arbitrary (round 9's reader: a call listed before
    the tip it thanked for). The reading order of the first report breaks the tie; the id stays
    last so the order is total.
    """
    prefix = f"{alias}." if alias else ""
    return (
        f"(SELECT min(m.mention_no) FROM event_mentions m WHERE m.event_id = {prefix}event_id "
        f"AND m.article_id = {prefix}first_article_id)"
    )


_STORY_TIMELINE = f"""
SELECT s.story_id, s.label AS story_label,
    row_number() OVER (PARTITION BY s.story_id ORDER BY e.event_date NULLS LAST, {_DATE_RANK.replace('date_precision', 'e.date_precision')},
        e.first_reported NULLS LAST, {told_order("e")} NULLS LAST, e.event_id) AS timeline_no,
    e.event_id, e.event_date, e.date_precision, e.event_type, e.mode, e.summary, e.place,
    e.modality = 'recap' AS recap, e.modality, e.actor_names, e.recipient_names, e.outlets, e.independent_outlets,
    e.single_source, e.confidence
FROM stories s JOIN event_overview e ON e.story_id = s.story_id
WHERE e.shown
"""

# How many characters an outlet's relayed content may hold beyond the quote it relays (a closing
# mark, a "that"): "Russian officials said the government was ready ..., Interfax reported".
RELAY_SLACK = 6

# A quote whose source, cue and content lie inside another quote's content of the same report is
# told through that other speaker: "Russian officials said the government was ready to support the
# companies affected, Interfax reported" holds Russian officials' quote inside Interfax's. The outer
# quote whose content is nothing but the inner one relays it: the reader reads the inner speaker's
# words once, "Russian officials (via Interfax)", instead of two rows with the same words (demo, round
# 7: Interfax, Tass on the FSB, the Kremlin statement on Putin and on "the two leaders").
_QUOTE_RELAYS = f"""
SELECT i.quote_id, o.quote_id AS relayed_by_quote_id, i.article_id,
    (greatest(i.speaker_start, i.cue_start, i.content_start) >= o.content_start
     AND least(i.speaker_start, i.cue_start, i.content_start) - o.content_start <= {RELAY_SLACK}
     AND o.content_end - greatest(i.speaker_end, i.cue_end, i.content_end) <= {RELAY_SLACK}) AS relays_only
FROM quotes i JOIN quotes o ON o.article_id = i.article_id AND o.quote_id <> i.quote_id
WHERE i.speaker_start IS NOT NULL AND o.speaker_start IS NOT NULL
    AND o.content_start <= least(i.speaker_start, i.cue_start, i.content_start)
    AND greatest(i.speaker_end, i.cue_end, i.content_end) <= o.content_end
    AND (o.cue_start >= o.content_end OR o.cue_end <= o.content_start)
"""

_QUOTE_SPEAKERS = """
SELECT q.quote_id, q.article_id, q.quote_no, a.outlet, a.published, q.kind,
    CASE WHEN o.actor_id IS NULL THEN coalesce(json_extract_string(c.correction, '$.speaker_id'), q.speaker_id) ELSE o.shown_as END AS speaker_id,
    coalesce(s.name, q.speaker_text) AS speaker_name, s.country AS speaker_country,
    q.speaker_start, q.speaker_end, q.speaker_text, q.cue_start, q.cue_end, q.cue_text,
    q.content_start, q.content_end, q.content_text,
    q.claim_id, cl.independent_outlets AS claim_independent_outlets, cl.single_source AS claim_single_source,
    coalesce(v.decision <> 'wrong', true) AND NOT coalesce(ro.relays, false) AS shown,
    coalesce(v.decision, c.decision) AS review_decision,
    ri.relayed_by
FROM quotes q JOIN articles a ON a.article_id = q.article_id
LEFT JOIN internal.review_verdicts v ON v.target_kind = 'quote' AND v.applies_to = q.quote_id
LEFT JOIN internal.review_corrections c ON c.target_kind = 'quote' AND c.applies_to = q.quote_id
LEFT JOIN actor_overview o ON o.actor_id = coalesce(json_extract_string(c.correction, '$.speaker_id'), q.speaker_id)
LEFT JOIN actor_overview s ON s.actor_id = o.shown_as
LEFT JOIN claims cl ON cl.claim_id = q.claim_id
LEFT JOIN (
    SELECT r.quote_id, arg_min(coalesce(rs.name, rq.speaker_text), rq.content_end - rq.content_start) AS relayed_by
    FROM quote_relays r JOIN quotes rq ON rq.quote_id = r.relayed_by_quote_id
    LEFT JOIN actor_overview rov ON rov.actor_id = rq.speaker_id LEFT JOIN actor_overview rs ON rs.actor_id = rov.shown_as
    GROUP BY r.quote_id
) ri ON ri.quote_id = q.quote_id
LEFT JOIN (SELECT relayed_by_quote_id AS quote_id, true AS relays FROM quote_relays WHERE relays_only GROUP BY 1) ro ON ro.quote_id = q.quote_id
"""

_CLAIM_OVERVIEW = """
SELECT c.claim_id, CASE WHEN o.actor_id IS NULL THEN c.speaker_id ELSE o.shown_as END AS speaker_id,
    CASE WHEN c.speaker_id IS NULL THEN (
            SELECT q.speaker_text FROM quotes q WHERE q.claim_id = c.claim_id AND q.speaker_text IS NOT NULL
            ORDER BY q.article_id, q.quote_no LIMIT 1)
        WHEN o.actor_id IS NOT NULL AND o.shown_as IS NULL THEN NULL
        ELSE coalesce(s.name, replace(regexp_replace(c.speaker_id, '^x:', ''), '-', ' ')) END AS speaker_name,
    c.kind, c.claim_text, c.story_id, c.first_article_id, c.n_quotes, c.outlets, c.independent_outlets, c.single_source,
    coalesce(v.decision <> 'wrong', true) AS shown, v.decision AS review_decision
FROM claims c
LEFT JOIN actor_overview o ON o.actor_id = c.speaker_id
LEFT JOIN actor_overview s ON s.actor_id = o.shown_as
LEFT JOIN internal.review_verdicts v ON v.target_kind = 'claim' AND v.applies_to = c.claim_id
"""

# Characters of context shown on each side of a contradicted value: the passage a reader checks.
PASSAGE_CONTEXT = 60


def _passage(alias: str, side: str) -> str:
    start, end = f"c.{side}_start", f"c.{side}_end"
    return (f"CASE WHEN {start} IS NULL THEN NULL ELSE substr({alias}.text, greatest(1, {start} + 1 - {PASSAGE_CONTEXT}), "
            f"{end} - {start} + 2 * {PASSAGE_CONTEXT}) END")


_CONTRADICTION_PASSAGES = f"""
SELECT c.contradiction_id, c.event_id, c.kind, c.as_of,
    c.a_article_id, coalesce(c.a_outlet, a.outlet) AS a_outlet, a.published AS a_published, c.a_value, c.a_start, c.a_end,
    {_passage('a', 'a')} AS a_passage,
    c.b_article_id, coalesce(c.b_outlet, b.outlet) AS b_outlet, b.published AS b_published, c.b_value, c.b_start, c.b_end,
    {_passage('b', 'b')} AS b_passage, c.n_values, c.n_outlets, c.resolution
FROM contradictions c JOIN articles a ON a.article_id = c.a_article_id JOIN articles b ON b.article_id = c.b_article_id
"""

_CONTRADICTION_VALUES = f"""
SELECT r.contradiction_id, c.event_id, c.kind, r.value, min(r.side) AS side,
    count(DISTINCT coalesce(r.outlet, r.article_id)) AS n_outlets,
    list(DISTINCT r.outlet ORDER BY r.outlet) FILTER (WHERE r.outlet IS NOT NULL) AS outlets,
    list(r.article_id ORDER BY a.quote_order) AS article_ids,
    list(DISTINCT r.credited_to ORDER BY r.credited_to) FILTER (WHERE r.credited_to IS NOT NULL) AS credited_to,
    list(coalesce(r.outlet, 'unknown outlet') || coalesce(' (citing ' || r.credited_to || ')', '') ORDER BY a.quote_order) AS reported_by,
    min(r.as_of) AS as_of,
    arg_min(r.article_id, a.quote_order) AS first_article_id, arg_min(r.value_start, a.quote_order) AS first_start,
    arg_min(r.value_end, a.quote_order) AS first_end,
    arg_min(CASE WHEN r.value_start IS NULL THEN NULL ELSE substr(a.text, greatest(1, r.value_start + 1 - {PASSAGE_CONTEXT}),
        r.value_end - r.value_start + 2 * {PASSAGE_CONTEXT}) END, a.quote_order) AS first_passage
FROM contradiction_reports r
JOIN contradictions c ON c.contradiction_id = r.contradiction_id
-- the passage quoted for a value is its first report's in ingest order, a spam page's only when no
-- other report states it, and spam pages' outlets are listed last (on the demo the crypto-spam page's passage was quoted for the Turkey
-- quake's majority magnitude, next to a wire and a newspaper stating the same 7.8)
JOIN (SELECT a.article_id, a.text, a.seq, (CASE WHEN {SPAM_PAGE_SQL} THEN 1 ELSE 0 END, a.seq) AS quote_order
      FROM articles a WHERE a.article_id IN (SELECT article_id FROM contradiction_reports)) a ON a.article_id = r.article_id
GROUP BY r.contradiction_id, c.event_id, c.kind, r.value
"""

_OUTLET_EVIDENCE = """
SELECT o.outlet, o.score, o.n_articles, s.signal, s.value, s.weight, s.confidence, s.contribution, s.n_hits, s.n_total,
    s.explanation, s.examples
FROM outlets o JOIN outlet_signals s ON s.outlet = o.outlet
"""

@dataclass(frozen=True)
class View:
    """A view: its SQL, what it is for, the tables its columns come from (for their comments), its own columns."""

    name: str
    sql: str
    comment: str
    sources: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)


VIEWS: list[View] = [
    View("internal.review_verdicts", _VERDICTS, "The latest 'wrong' or 'right' decision per reviewed target (what the views apply).",
         ("reviews",)),
    View("internal.review_corrections", _CORRECTIONS, "The latest 'correct_actor' decision per reviewed target.", ("reviews",)),
    View(
        "actor_overview", _ACTOR_OVERVIEW, "Actors as the views show them: reviewed corrections applied.", ("actors",),
        {
            "shown_as": "The actor id it is shown as: itself, the actor a review says it really is, or NULL when reviewed wrong.",
            "review_decision": "The latest review decision about it, if any.",
        },
    ),
    View(
        "mention_passages", _MENTION_PASSAGES,
        "Each event mention with its outlet, publication date and sentence text (a substring of articles.text), and whether the default view shows it.",
        ("event_mentions", "articles"),
        {
            "article_seq": "The article's ingest order (articles.seq).",
            "original_article_id": "The original of the article (itself unless it is a copy): copies count under it.",
            "sentence_text": "The sentence telling the event: substr(articles.text, sentence_start + 1, sentence_end - sentence_start).",
            "shown": "In the default view: confidence at or above the threshold (variable event_min_confidence, default settings.EVENT_MIN_CONFIDENCE) and not negated ('no arrests have been made' is kept, not listed as an arrest), or reviewed right; never when reviewed wrong.",
            "review_decision": "The latest 'wrong'/'right' review of the mention, if any.",
        },
    ),
    View(
        "event_overview", _EVENT_OVERVIEW,
        "One row per event as the report shows it: names and place from its shown mentions (all of them when none is shown); outlets and corroboration from every mention of it not reviewed wrong, whatever its confidence; reviews applied.",
        ("events", "stories"),
        {
            "shown": "In the default view: a shown mention, or reviewed right; never when reviewed wrong.",
            "place": "The event's place if a shown mention gives it, else the place most shown mentions give.",
            "actor_ids": "Who acted, among those the shown mentions name (a reviewed correction replaces the list); actors as corrected.",
            "actor_names": "Their names, in the same order.",
            "recipient_ids": "Who was acted upon, as actor_ids.",
            "recipient_names": "Their names, in the same order.",
            "outlets": "Outlets of all its mentions not reviewed wrong (below the display threshold too), sorted; an outlet whose only telling is undated and not shown to be the same act (resolve.events.outlet_voices) is left out.",
            "independent_outlets": "Independent reports among all its mentions not reviewed wrong (copies count under their original, one outlet once).",
            "single_source": "Resting on one independent outlet (or none).",
            "n_shown_mentions": "Mentions shown as its evidence.",
            "story_label": "The story's label.",
            "review_decision": "The latest review decision about the event, if any.",
        },
    ),
    View(
        "story_timeline", _STORY_TIMELINE, "Each story's shown events in date order (recaps flagged), with outlets and corroboration.",
        ("event_overview", "events", "stories"),
        {
            "story_label": "The story's label.",
            "timeline_no": "Position in the story's timeline: by event date (a year before its months, a month before its days), then first report.",
            "recap": "The event is an earlier happening told again.",
        },
    ),
    View(
        "quote_relays", _QUOTE_RELAYS,
        "Quotes told inside another quote's content of the same report (\"Russian officials said ..., Interfax reported\"): "
        "the inner quote and the quote relaying it.",
        ("quotes",),
        {
            "quote_id": "The inner quote (quotes.quote_id).",
            "relayed_by_quote_id": "The quote whose content holds it (quotes.quote_id).",
            "relays_only": "The outer quote's content is nothing but the inner quote: the same words, shown once, as the inner speaker's.",
        },
    ),
    View(
        "quote_speakers", _QUOTE_SPEAKERS,
        "Quotes with their speaker's name and country (reviews applied), outlet, publication date and the independence of their claim.",
        ("quotes", "articles"),
        {
            "speaker_id": "Who is quoted (actors.actor_id), as reviewed.",
            "speaker_name": "The speaker's actor name, else the speaker as written.",
            "speaker_country": "The speaker's country (ISO alpha-3), when known.",
            "claim_independent_outlets": "Independent outlets quoting the claim.",
            "claim_single_source": "The claim rests on one independent outlet.",
            "shown": "Not reviewed wrong, and not an outlet's relay of a quote shown on its own (quote_relays.relays_only).",
            "review_decision": "The latest review decision about the quote, if any.",
            "relayed_by": "Who the quote is told through, when it stands inside another speaker's quote (\"Russian officials\" via \"Interfax\").",
        },
    ),
    View(
        "claim_overview", _CLAIM_OVERVIEW, "Claims with their speaker's name (reviews applied) and independence.", ("claims",),
        {
            "speaker_id": "Who said it (actors.actor_id), as reviewed.",
            "speaker_name": "The speaker's actor name; for a speaker no actor was resolved for, as its first quote writes it "
                            "(\"Sources on the ground\"), so a vague source stays visible.",
            "shown": "Not reviewed wrong.",
            "review_decision": "The latest 'wrong'/'right' review of the claim, if any.",
        },
    ),
    View(
        "contradiction_passages", _CONTRADICTION_PASSAGES,
        f"Contradictions (one per disputed fact of an event) with one report of each side: outlet, publication date and the passage around the stated value ({PASSAGE_CONTEXT} characters each side); every value with all its outlets is in contradiction_values.",
        ("contradictions",),
        {
            "a_published": "Publication date of the a_ report (the side that stands out).",
            "a_passage": "The a_ report's text around its value.",
            "b_published": "Publication date of the b_ report (another value).",
            "b_passage": "The b_ report's text around its value.",
            "n_values": "How many different values the reports state (contradictions.n_values).",
            "n_outlets": "How many outlets take part.",
            "resolution": "'majority' or 'unresolved' (contradictions.resolution).",
        },
    ),
    View(
        "contradiction_values", _CONTRADICTION_VALUES,
        "One row per value of each contradiction: its side, the outlets and reports behind it, the sources they credit it to, and the first report's passage.",
        ("contradiction_reports", "contradictions"),
        {
            "side": "'majority', 'outlier' or 'unresolved' (as contradiction_reports.side).",
            "n_outlets": "Outlets stating this value.",
            "outlets": "Those outlets, sorted.",
            "article_ids": "The reports stating it, in ingest order.",
            "credited_to": "Sources the reports credit the value to (contradiction_reports.credited_to), sorted.",
            "reported_by": "Each report's outlet with the source it credits the value to, in ingest order: 'Meridian Wire (citing the U.S. Geological Survey)'.",
            "as_of": "For counts: the earliest day of the figure.",
            "first_article_id": "The first report stating it (articles.article_id).",
            "first_start": "Start of the value in that report's articles.text.",
            "first_end": "End of that span (exclusive).",
            "first_passage": f"That report's text around the value ({PASSAGE_CONTEXT} characters each side).",
        },
    ),
    View("outlet_evidence", _OUTLET_EVIDENCE, "Each outlet's score with every signal behind it.", ("outlets", "outlet_signals")),
]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _split(name: str) -> tuple[str, str]:
    return tuple(name.split(".")) if "." in name else ("main", name)  # type: ignore[return-value]


def _view_column_comments(con: duckdb.DuckDBPyConnection, view: View) -> dict[str, str]:
    """Every column of a view with its comment: its own, else that of the column it comes from in a source table or view."""
    inherited: dict[str, str] = {}
    for source in view.sources:
        known = TABLES.get(source, (None, {}))[1] or next((v.columns for v in VIEWS if v.name == source), {})
        for column, comment in known.items():
            inherited.setdefault(column, comment)
    schema, name = _split(view.name)
    columns = [r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? ORDER BY column_index", [schema, name]
    ).fetchall()]
    missing = [c for c in columns if c not in view.columns and c not in inherited]
    if missing:
        raise ValueError(f"view {view.name}: no comment for column(s) {', '.join(missing)}")
    return {c: view.columns.get(c) or inherited[c] for c in columns}


def apply_catalog(con: duckdb.DuckDBPyConnection) -> None:
    """Comment every table, then create each view and comment it and its columns.

    The views are dropped first and each is commented before the views that
    read it exist: with dependent views in place DuckDB re-binds them at every
    ``COMMENT ON``, which made this ten times slower (0.6 s against 0.06 s).
    """
    for view in reversed(VIEWS):
        con.execute(f"DROP VIEW IF EXISTS {view.name}")
    for table, (comment, columns) in TABLES.items():
        con.execute(f"COMMENT ON TABLE {table} IS {_quote(comment)}")
        for column, text in columns.items():
            con.execute(f"COMMENT ON COLUMN {table}.{column} IS {_quote(text)}")
    for view in VIEWS:
        con.execute(f"CREATE VIEW {view.name} AS {view.sql}")
        con.execute(f"COMMENT ON VIEW {view.name} IS {_quote(view.comment)}")
        for column, text in _view_column_comments(con, view).items():
            con.execute(f"COMMENT ON COLUMN {view.name}.{column} IS {_quote(text)}")


def fingerprint() -> str:
    """A hash of the views and comments: the file is re-documented only when they changed."""
    import hashlib

    text = repr(sorted(TABLES.items())) + repr([(v.name, v.sql, v.comment, v.sources, sorted(v.columns.items())) for v in VIEWS])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def ensure_catalog(con: duckdb.DuckDBPyConnection) -> bool:
    """Apply the catalog unless the file already carries this one; True when it was applied.

    Commenting ~280 columns takes a quarter of a second, too much for every
    write-open of a ledger, so the applied catalog's fingerprint is kept in
    ``internal.catalog_state``.
    """
    current = fingerprint()
    stored = con.execute("SELECT max(fingerprint) FROM internal.catalog_state").fetchone()[0]
    if stored == current:
        return False
    apply_catalog(con)
    con.execute("DELETE FROM internal.catalog_state")
    con.execute("INSERT INTO internal.catalog_state VALUES (?, now())", [current])
    return True


def carries_current_views(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the file's views and comments are this code's (its catalog fingerprint is :func:`fingerprint`)."""
    try:
        stored = con.execute("SELECT max(fingerprint) FROM internal.catalog_state").fetchone()[0]
    except duckdb.Error:
        return False
    return stored == fingerprint()


def temp_view_name(name: str) -> str:
    """Where a view lives when created for one connection only: the temporary catalog has one schema, so
    ``internal.review_verdicts`` becomes ``temp.main.review_verdicts``."""
    return "temp.main." + _split(name)[1]


def use_current_views(con: duckdb.DuckDBPyConnection) -> bool:
    """On a connection that cannot write (a read-only open): shadow a file's older views with this code's.

    The views are recreated only when a ledger is opened for writing, so a
    file last written by an older newsledger (same schema version, other
    views) showed its old views to every read-only reader until then (a
    default view without the negation rule, say). Here each view of
    :data:`VIEWS` is created as a temporary view of the same name, which
    DuckDB resolves before the file's own; views of the ``internal`` schema
    go to the temporary catalog's one schema and the views reading them are
    pointed there. Nothing is written to the file. Returns True when it
    shadowed anything.
    """
    if carries_current_views(con):
        return False
    renamed = {v.name: temp_view_name(v.name) for v in VIEWS if "." in v.name}
    for view in VIEWS:
        sql = view.sql
        for old, new in renamed.items():
            sql = sql.replace(old, new)
        con.execute(f"CREATE OR REPLACE TEMP VIEW {_split(view.name)[1]} AS {sql}")
    return True


def set_threshold(con: duckdb.DuckDBPyConnection, value: float) -> None:
    """The default view's confidence threshold for this connection (read by the views)."""
    con.execute(f"SET VARIABLE {THRESHOLD_VARIABLE} = {float(value)!r}")


if __name__ == "__main__":
    from newsledger.store.schema_doc import main

    sys.exit(main())
