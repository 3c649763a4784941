"""The ledger's DuckDB schema, as numbered migrations.

Users query the database directly, so table and column names are part of the
product (docs/SCHEMA.md; every table and column carries a ``COMMENT ON``, see
:mod:`newsledger.store.catalog`). A migration is applied once, in its own
transaction, and recorded in ``internal.schema_migrations`` (``main`` before
version 7); opening an older file upgrades it in place. Migrations are frozen:
a change to the schema is a new migration, never an edit of an old one (the
migration test rebuilds files of older versions from this list).

Version 7 is the schema as a product (issue 13): one word per concept
(``outlet`` publishes, ``speaker`` is quoted), ``<thing>_id`` for every link,
``<thing>_start`` / ``_end`` for spans (into ``articles.text`` unless the name
says otherwise), DATE columns with a ``*_precision`` column, and the
machinery (raw inputs, MinHash signatures, learned boilerplate lines, story
index states, migrations) in schema ``internal``.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str | list[str]]] = [
    (
        1,
        "articles, provenance, cleaning, dedup",
        """
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,
            seq BIGINT NOT NULL,
            raw_sha256 VARCHAR NOT NULL UNIQUE,
            text_sha256 VARCHAR NOT NULL,
            source VARCHAR,
            title VARCHAR,
            url VARCHAR,
            authors VARCHAR[],
            published DATE,
            published_from VARCHAR,
            fetched TIMESTAMP,
            origin VARCHAR NOT NULL,
            external_id VARCHAR,
            raw_kind VARCHAR NOT NULL,
            raw_content VARCHAR NOT NULL,
            prepared_text VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            repairs INTEGER NOT NULL DEFAULT 0,
            duplicate_of VARCHAR,
            duplicate_kind VARCHAR,
            duplicate_score DOUBLE,
            story VARCHAR,
            ingested_at TIMESTAMP NOT NULL,
            analysed_at TIMESTAMP
        );
        CREATE INDEX articles_text_sha256 ON articles (text_sha256);
        CREATE TABLE article_origins (
            article_id VARCHAR NOT NULL,
            origin VARCHAR NOT NULL,
            seen_at TIMESTAMP NOT NULL,
            PRIMARY KEY (article_id, origin)
        );
        CREATE TABLE removed_lines (
            article_id VARCHAR NOT NULL,
            seq INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            PRIMARY KEY (article_id, seq)
        );
        CREATE TABLE minhashes (
            article_id VARCHAR PRIMARY KEY,
            signature BLOB NOT NULL,
            shingles INTEGER NOT NULL
        );
        CREATE TABLE source_lines (
            source VARCHAR NOT NULL,
            line_key VARCHAR NOT NULL,
            n_articles INTEGER NOT NULL,
            PRIMARY KEY (source, line_key)
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            command VARCHAR,
            started_at TIMESTAMP NOT NULL,
            finished_at TIMESTAMP,
            ingested INTEGER DEFAULT 0,
            unchanged INTEGER DEFAULT 0,
            duplicates INTEGER DEFAULT 0,
            failed INTEGER DEFAULT 0
        );
        CREATE TABLE ingest_errors (
            run_id INTEGER,
            origin VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            failed_at TIMESTAMP NOT NULL
        );
        """,
    ),
    (
        2,
        "analysis: actors, entities, times, quotes, event mentions",
        """
        CREATE TABLE actors (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            kind VARCHAR,
            country VARCHAR,
            sector VARCHAR,
            family VARCHAR,
            roles JSON,
            origin VARCHAR
        );
        CREATE TABLE entities (
            article_id VARCHAR NOT NULL,
            seq INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            label VARCHAR,
            actor VARCHAR,
            PRIMARY KEY (article_id, seq)
        );
        CREATE TABLE times (
            article_id VARCHAR NOT NULL,
            seq INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            type VARCHAR,
            value VARCHAR,
            mod VARCHAR,
            anchor VARCHAR,
            PRIMARY KEY (article_id, seq)
        );
        CREATE TABLE time_frames (
            article_id VARCHAR PRIMARY KEY,
            date DATE,
            confidence VARCHAR,
            evidence JSON,
            earliest DATE,
            latest DATE
        );
        CREATE TABLE quotes (
            id VARCHAR PRIMARY KEY,
            article_id VARCHAR NOT NULL,
            seq INTEGER NOT NULL,
            kind VARCHAR NOT NULL,
            speaker VARCHAR,
            source_start INTEGER, source_end INTEGER, source_text VARCHAR,
            cue_start INTEGER, cue_end INTEGER, cue_text VARCHAR,
            content_start INTEGER, content_end INTEGER, content_text VARCHAR,
            claim VARCHAR
        );
        CREATE TABLE mentions (
            id VARCHAR PRIMARY KEY,
            article_id VARCHAR NOT NULL,
            seq INTEGER NOT NULL,
            type VARCHAR NOT NULL,
            mode VARCHAR,
            actors VARCHAR[],
            recipients VARCHAR[],
            trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
            sentence_start INTEGER, sentence_end INTEGER,
            time_start INTEGER, time_end INTEGER,
            date VARCHAR,
            date_source VARCHAR,
            date_precision VARCHAR,
            location VARCHAR,
            location_start INTEGER, location_end INTEGER,
            modality VARCHAR,
            confidence DOUBLE,
            event VARCHAR
        );
        CREATE TABLE article_features (
            article_id VARCHAR PRIMARY KEY,
            n_tokens INTEGER,
            story_features JSON
        );
        """,
    ),
    (
        3,
        "resolution: stories, events, claims, contradictions",
        """
        CREATE TABLE stories (
            id VARCHAR PRIMARY KEY,
            label VARCHAR,
            first_published DATE,
            last_published DATE,
            n_articles INTEGER,
            state JSON
        );
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY,
            type VARCHAR NOT NULL,
            mode VARCHAR,
            actors VARCHAR[],
            recipients VARCHAR[],
            date VARCHAR,
            date_precision VARCHAR,
            location VARCHAR,
            modality VARCHAR,
            story VARCHAR,
            stories VARCHAR[],
            first_article VARCHAR,
            first_reported DATE,
            n_mentions INTEGER,
            sources VARCHAR[],
            independent_sources INTEGER,
            single_source BOOLEAN,
            confidence DOUBLE,
            summary VARCHAR
        );
        CREATE TABLE claims (
            id VARCHAR PRIMARY KEY,
            speaker VARCHAR,
            kind VARCHAR,
            text VARCHAR,
            story VARCHAR,
            first_article VARCHAR,
            n_quotes INTEGER,
            sources VARCHAR[],
            independent_sources INTEGER,
            single_source BOOLEAN
        );
        CREATE TABLE contradictions (
            event VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            article_a VARCHAR NOT NULL, start_a INTEGER, end_a INTEGER, value_a VARCHAR,
            article_b VARCHAR NOT NULL, start_b INTEGER, end_b INTEGER, value_b VARCHAR
        );
        CREATE TABLE outlets (
            source VARCHAR PRIMARY KEY,
            n_articles INTEGER,
            score DOUBLE,
            evidence JSON
        );
        """,
    ),
    (
        4,
        "stories as communities of an article graph: earlier story states are rebuilt at the next resolve",
        """
        DELETE FROM stories;
        UPDATE articles SET story = NULL;
        """,
    ),
    (
        5,
        "counts stated for each act (killed, injured, arrested) with spans; count updates over time",
        """
        CREATE TABLE mention_counts (
            mention_id VARCHAR NOT NULL,
            article_id VARCHAR NOT NULL,
            seq INTEGER NOT NULL,
            kind VARCHAR NOT NULL,
            value DOUBLE NOT NULL,
            part BOOLEAN NOT NULL DEFAULT false,
            subgroup BOOLEAN NOT NULL DEFAULT false,
            start_char INTEGER,
            end_char INTEGER,
            text VARCHAR,
            PRIMARY KEY (mention_id, seq)
        );
        CREATE INDEX mention_counts_article ON mention_counts (article_id);
        CREATE TABLE count_updates (
            event VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            seq INTEGER NOT NULL,
            as_of DATE,
            value DOUBLE NOT NULL,
            article VARCHAR NOT NULL,
            source VARCHAR,
            start_char INTEGER,
            end_char INTEGER,
            PRIMARY KEY (event, kind, seq)
        );
        ALTER TABLE contradictions ADD COLUMN source_a VARCHAR;
        ALTER TABLE contradictions ADD COLUMN source_b VARCHAR;
        ALTER TABLE contradictions ADD COLUMN as_of DATE;
        """,
    ),
    (
        6,
        "stories keep incident signatures (main event's type, day, place; named people): story states are rebuilt at the next resolve",
        """
        DELETE FROM stories;
        UPDATE articles SET story = NULL;
        """,
    ),
]


def _week_start(value: str) -> str:
    """SQL: the Monday of an ISO week value ``YYYY-Www`` (stored as a DATE with precision 'week')."""
    year, week = f"CAST(left({value}, 4) AS INTEGER)", f"CAST(substr({value}, 7, 2) AS INTEGER)"
    jan4 = f"make_date({year}, 1, 4)"
    return f"({jan4} - CAST(isodow({jan4}) - 1 AS INTEGER) + 7 * ({week} - 1))"


def _as_date(value: str, precision: str) -> str:
    """SQL turning a version-6 date string and its precision into a DATE (a month or year is its first day)."""
    return (
        f"CASE WHEN {value} IS NULL THEN NULL "
        f"WHEN {precision} = 'day' OR regexp_matches({value}, '^\\d{{4}}-\\d{{2}}-\\d{{2}}') THEN TRY_CAST(left({value}, 10) AS DATE) "
        f"WHEN regexp_matches({value}, '^\\d{{4}}-W\\d{{2}}$') THEN {_week_start(value)} "
        f"WHEN regexp_matches({value}, '^\\d{{4}}-\\d{{2}}$') THEN TRY_CAST({value} || '-01' AS DATE) "
        f"WHEN regexp_matches({value}, '^\\d{{4}}$') THEN TRY_CAST({value} || '-01-01' AS DATE) END"
    )


def _precision(value: str) -> str:
    """SQL: the precision a version-6 date string has (NULL when it is not a calendar date)."""
    return (
        f"CASE WHEN regexp_matches({value}, '^\\d{{4}}-\\d{{2}}-\\d{{2}}') THEN 'day' "
        f"WHEN regexp_matches({value}, '^\\d{{4}}-W\\d{{2}}$') THEN 'week' "
        f"WHEN regexp_matches({value}, '^\\d{{4}}-\\d{{2}}$') THEN 'month' "
        f"WHEN regexp_matches({value}, '^\\d{{4}}$') THEN 'year' END"
    )


# Tables of version 6, renamed to v6_<name> while version 7 copies them over.
_V6_TABLES = [
    "articles", "article_origins", "removed_lines", "minhashes", "source_lines", "runs", "ingest_errors", "actors",
    "entities", "times", "time_frames", "quotes", "mentions", "article_features", "stories", "events", "claims",
    "contradictions", "outlets", "mention_counts", "count_updates",
]

_V7_TABLES = [
    """CREATE TABLE internal.schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)""",
    """CREATE TABLE internal.catalog_state (fingerprint VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE articles (
        article_id VARCHAR PRIMARY KEY,
        seq BIGINT NOT NULL,
        outlet VARCHAR,
        title VARCHAR,
        url VARCHAR,
        authors VARCHAR[],
        published DATE,
        published_from VARCHAR,
        fetched TIMESTAMP,
        origin VARCHAR NOT NULL,
        external_id VARCHAR,
        text VARCHAR NOT NULL,
        repairs INTEGER NOT NULL DEFAULT 0,
        copy_of_id VARCHAR,
        copy_kind VARCHAR,
        copy_similarity DOUBLE,
        story_id VARCHAR,
        ingested_at TIMESTAMP NOT NULL,
        analysed_at TIMESTAMP
    )""",
    """CREATE TABLE internal.article_sources (
        article_id VARCHAR PRIMARY KEY,
        raw_sha256 VARCHAR NOT NULL UNIQUE,
        text_sha256 VARCHAR NOT NULL,
        raw_kind VARCHAR NOT NULL,
        raw_content VARCHAR NOT NULL,
        uncleaned_text VARCHAR NOT NULL
    )""",
    """CREATE TABLE article_origins (
        article_id VARCHAR NOT NULL,
        origin VARCHAR NOT NULL,
        seen_at TIMESTAMP NOT NULL,
        PRIMARY KEY (article_id, origin)
    )""",
    """CREATE TABLE removed_lines (
        article_id VARCHAR NOT NULL,
        line_no INTEGER NOT NULL,
        uncleaned_start INTEGER NOT NULL,
        uncleaned_end INTEGER NOT NULL,
        line_text VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        PRIMARY KEY (article_id, line_no)
    )""",
    """CREATE TABLE internal.minhashes (
        article_id VARCHAR PRIMARY KEY,
        signature BLOB NOT NULL,
        shingles INTEGER NOT NULL
    )""",
    """CREATE TABLE internal.outlet_lines (
        outlet VARCHAR NOT NULL,
        line_key VARCHAR NOT NULL,
        n_articles INTEGER NOT NULL,
        PRIMARY KEY (outlet, line_key)
    )""",
    """CREATE TABLE runs (
        run_id INTEGER PRIMARY KEY,
        command VARCHAR,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        ingested INTEGER DEFAULT 0,
        unchanged INTEGER DEFAULT 0,
        copies INTEGER DEFAULT 0,
        failed INTEGER DEFAULT 0
    )""",
    """CREATE TABLE ingest_errors (
        run_id INTEGER,
        origin VARCHAR NOT NULL,
        article_id VARCHAR,
        stage VARCHAR,
        severity VARCHAR NOT NULL DEFAULT 'error',
        reason VARCHAR NOT NULL,
        reported_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE actors (
        actor_id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        kind VARCHAR,
        country VARCHAR,
        sector VARCHAR,
        family VARCHAR,
        roles JSON,
        known_from VARCHAR
    )""",
    """CREATE TABLE entities (
        article_id VARCHAR NOT NULL,
        entity_no INTEGER NOT NULL,
        entity_start INTEGER NOT NULL,
        entity_end INTEGER NOT NULL,
        entity_text VARCHAR NOT NULL,
        label VARCHAR,
        actor_id VARCHAR,
        PRIMARY KEY (article_id, entity_no)
    )""",
    """CREATE TABLE times (
        article_id VARCHAR NOT NULL,
        time_no INTEGER NOT NULL,
        time_start INTEGER NOT NULL,
        time_end INTEGER NOT NULL,
        time_text VARCHAR NOT NULL,
        timex_type VARCHAR,
        timex_value VARCHAR,
        timex_mod VARCHAR,
        anchor VARCHAR,
        PRIMARY KEY (article_id, time_no)
    )""",
    """CREATE TABLE article_time_frames (
        article_id VARCHAR PRIMARY KEY,
        frame_date DATE,
        frame_from VARCHAR,
        evidence JSON,
        earliest DATE,
        latest DATE
    )""",
    """CREATE TABLE quotes (
        quote_id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        quote_no INTEGER NOT NULL,
        kind VARCHAR NOT NULL,
        speaker_id VARCHAR,
        speaker_start INTEGER, speaker_end INTEGER, speaker_text VARCHAR,
        cue_start INTEGER, cue_end INTEGER, cue_text VARCHAR,
        content_start INTEGER, content_end INTEGER, content_text VARCHAR,
        claim_id VARCHAR
    )""",
    """CREATE TABLE event_mentions (
        mention_id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        mention_no INTEGER NOT NULL,
        event_type VARCHAR NOT NULL,
        mode VARCHAR,
        actor_ids VARCHAR[],
        recipient_ids VARCHAR[],
        trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
        sentence_start INTEGER, sentence_end INTEGER,
        time_start INTEGER, time_end INTEGER,
        event_date DATE,
        date_precision VARCHAR,
        date_from VARCHAR,
        place VARCHAR,
        place_start INTEGER, place_end INTEGER,
        modality VARCHAR,
        confidence DOUBLE,
        event_id VARCHAR
    )""",
    """CREATE TABLE mention_counts (
        mention_id VARCHAR NOT NULL,
        count_no INTEGER NOT NULL,
        article_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        value DOUBLE NOT NULL,
        part BOOLEAN NOT NULL DEFAULT false,
        subgroup BOOLEAN NOT NULL DEFAULT false,
        count_start INTEGER,
        count_end INTEGER,
        count_text VARCHAR,
        PRIMARY KEY (mention_id, count_no)
    )""",
    """CREATE TABLE stories (
        story_id VARCHAR PRIMARY KEY,
        label VARCHAR,
        label_article_id VARCHAR,
        first_published DATE,
        last_published DATE,
        n_articles INTEGER
    )""",
    """CREATE TABLE internal.story_states (
        story_id VARCHAR PRIMARY KEY,
        state JSON NOT NULL
    )""",
    """CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY,
        event_type VARCHAR NOT NULL,
        mode VARCHAR,
        actor_ids VARCHAR[],
        recipient_ids VARCHAR[],
        event_date DATE,
        date_precision VARCHAR,
        place VARCHAR,
        modality VARCHAR,
        story_id VARCHAR,
        story_ids VARCHAR[],
        first_article_id VARCHAR,
        first_reported DATE,
        n_mentions INTEGER,
        outlets VARCHAR[],
        independent_outlets INTEGER,
        single_source BOOLEAN,
        confidence DOUBLE,
        summary VARCHAR
    )""",
    """CREATE TABLE claims (
        claim_id VARCHAR PRIMARY KEY,
        speaker_id VARCHAR,
        kind VARCHAR,
        claim_text VARCHAR,
        story_id VARCHAR,
        first_article_id VARCHAR,
        n_quotes INTEGER,
        outlets VARCHAR[],
        independent_outlets INTEGER,
        single_source BOOLEAN
    )""",
    """CREATE TABLE contradictions (
        contradiction_id VARCHAR PRIMARY KEY,
        event_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        a_article_id VARCHAR NOT NULL, a_outlet VARCHAR, a_value VARCHAR, a_start INTEGER, a_end INTEGER,
        b_article_id VARCHAR NOT NULL, b_outlet VARCHAR, b_value VARCHAR, b_start INTEGER, b_end INTEGER,
        as_of DATE
    )""",
    """CREATE TABLE count_updates (
        event_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        update_no INTEGER NOT NULL,
        as_of DATE,
        value DOUBLE NOT NULL,
        article_id VARCHAR NOT NULL,
        outlet VARCHAR,
        count_start INTEGER,
        count_end INTEGER,
        PRIMARY KEY (event_id, kind, update_no)
    )""",
    """CREATE TABLE outlets (
        outlet VARCHAR PRIMARY KEY,
        score DOUBLE,
        n_articles INTEGER,
        n_originals INTEGER,
        n_copies_of_others INTEGER,
        n_events INTEGER,
        n_events_corroborated INTEGER,
        n_disputed INTEGER,
        n_disputed_unresolved INTEGER
    )""",
    """CREATE TABLE outlet_signals (
        outlet VARCHAR NOT NULL,
        signal VARCHAR NOT NULL,
        value DOUBLE,
        weight DOUBLE NOT NULL,
        confidence DOUBLE NOT NULL,
        contribution DOUBLE NOT NULL,
        n_hits INTEGER NOT NULL,
        n_total INTEGER NOT NULL,
        explanation VARCHAR NOT NULL,
        examples JSON,
        PRIMARY KEY (outlet, signal)
    )""",
    """CREATE TABLE outlet_disputes (
        outlet VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        value VARCHAR,
        article_id VARCHAR NOT NULL,
        side VARCHAR NOT NULL
    )""",
    """CREATE TABLE reviews (
        review_id VARCHAR PRIMARY KEY,
        target_kind VARCHAR NOT NULL,
        target_id VARCHAR NOT NULL,
        decision VARCHAR NOT NULL,
        correction JSON,
        reason VARCHAR,
        reviewer VARCHAR,
        created_at TIMESTAMP NOT NULL,
        target_text VARCHAR,
        anchor_ids VARCHAR[],
        applies_to VARCHAR
    )""",
]

_V7_COPY = [
    """INSERT INTO internal.schema_migrations SELECT * FROM v6_schema_migrations""",
    """INSERT INTO articles SELECT id, seq, source, title, url, authors, published, published_from, fetched, origin,
        external_id, text, repairs, duplicate_of, duplicate_kind, duplicate_score, story, ingested_at, analysed_at
        FROM v6_articles""",
    """INSERT INTO internal.article_sources SELECT id, raw_sha256, text_sha256, raw_kind, raw_content, prepared_text
        FROM v6_articles""",
    """INSERT INTO article_origins SELECT article_id, origin, seen_at FROM v6_article_origins""",
    """INSERT INTO removed_lines SELECT article_id, seq, start_char, end_char, text, reason FROM v6_removed_lines""",
    """INSERT INTO internal.minhashes SELECT article_id, signature, shingles FROM v6_minhashes""",
    """INSERT INTO internal.outlet_lines SELECT source, line_key, n_articles FROM v6_source_lines""",
    """INSERT INTO runs SELECT id, command, started_at, finished_at, ingested, unchanged, duplicates, failed FROM v6_runs""",
    """INSERT INTO ingest_errors SELECT e.run_id, e.origin, NULL, NULL,
        CASE WHEN starts_with(e.reason, 'warning: ') THEN 'warning' ELSE 'error' END,
        CASE WHEN starts_with(e.reason, 'warning: ') THEN substr(e.reason, 10) ELSE e.reason END, e.failed_at
        FROM v6_ingest_errors e""",
    """INSERT INTO actors SELECT id, name, kind, country, sector, family, roles, origin FROM v6_actors""",
    """INSERT INTO entities SELECT article_id, seq, start_char, end_char, text, label, actor FROM v6_entities""",
    """INSERT INTO times SELECT article_id, seq, start_char, end_char, text, type, value, mod, anchor FROM v6_times""",
    """INSERT INTO article_time_frames SELECT article_id, date, confidence, evidence, earliest, latest FROM v6_time_frames""",
    """INSERT INTO quotes SELECT id, article_id, seq, kind, speaker, source_start, source_end, source_text,
        cue_start, cue_end, cue_text, content_start, content_end, content_text, claim FROM v6_quotes""",
    f"""INSERT INTO event_mentions SELECT id, article_id, seq, type, mode, actors, recipients,
        trigger_start, trigger_end, trigger_text, sentence_start, sentence_end, time_start, time_end,
        {_as_date('date', 'date_precision')}, CASE WHEN {_as_date('date', 'date_precision')} IS NOT NULL THEN {_precision('date')} END,
        date_source, location, location_start, location_end, modality, confidence, event FROM v6_mentions""",
    """INSERT INTO mention_counts SELECT mention_id, seq, article_id, kind, value, part, subgroup, start_char, end_char, text
        FROM v6_mention_counts""",
    """INSERT INTO stories SELECT id, label, NULL, first_published, last_published, n_articles FROM v6_stories""",
    """INSERT INTO internal.story_states SELECT id, state FROM v6_stories WHERE state IS NOT NULL""",
    f"""INSERT INTO events SELECT id, type, mode, actors, recipients,
        {_as_date('date', 'date_precision')}, CASE WHEN {_as_date('date', 'date_precision')} IS NOT NULL THEN {_precision('date')} END,
        location, modality, story, stories, first_article, first_reported, n_mentions, sources, independent_sources,
        single_source, confidence, summary FROM v6_events""",
    """INSERT INTO claims SELECT id, speaker, kind, text, story, first_article, n_quotes, sources, independent_sources,
        single_source FROM v6_claims""",
    """INSERT INTO contradictions SELECT
        'k' || left(sha256(concat_ws('|', event, kind, article_a, coalesce(start_a, -1), article_b, coalesce(start_b, -1))), 12),
        event, kind, article_a, source_a, value_a, start_a, end_a, article_b, source_b, value_b, start_b, end_b, as_of
        FROM v6_contradictions""",
    """INSERT INTO count_updates SELECT event, kind, seq, as_of, value, article, source, start_char, end_char
        FROM v6_count_updates""",
    """INSERT INTO outlets SELECT source, score, n_articles,
        CAST(evidence->>'$.original_reports' AS INTEGER), CAST(evidence->>'$.copies_of_other_outlets' AS INTEGER),
        CAST(evidence->>'$.events' AS INTEGER), CAST(evidence->>'$.events_corroborated' AS INTEGER),
        CAST(evidence->>'$.contradictions' AS INTEGER), CAST(evidence->>'$.contradictions_unresolved' AS INTEGER)
        FROM v6_outlets""",
    """INSERT INTO outlet_signals SELECT source, s->>'$.signal', CAST(s->>'$.value' AS DOUBLE), CAST(s->>'$.weight' AS DOUBLE),
        CAST(s->>'$.confidence' AS DOUBLE), CAST(s->>'$.contribution' AS DOUBLE), CAST(s->>'$.count' AS INTEGER),
        CAST(s->>'$.of' AS INTEGER), s->>'$.explanation', s->'$.examples'
        FROM (SELECT source, unnest(json_extract(evidence, '$.signals[*]')) AS s FROM v6_outlets WHERE evidence IS NOT NULL)""",
]


def _version_7() -> list[str]:
    """Version 6 -> 7, in place: rename the old tables, create the new ones, copy every row over, drop the old.

    Disputes per outlet (``outlet_disputes``) are derived data: version 6
    kept only ten per outlet inside a JSON column, so they are left for the
    next resolution to rebuild in full; so is ``stories.label_article_id``.
    """
    drop_indexes = ["DROP INDEX IF EXISTS articles_text_sha256", "DROP INDEX IF EXISTS mention_counts_article"]
    rename = [f"ALTER TABLE {t} RENAME TO v6_{t}" for t in _V6_TABLES + ["schema_migrations"]]
    create = ["CREATE SCHEMA IF NOT EXISTS internal", *_V7_TABLES,
              "CREATE INDEX mention_counts_article ON mention_counts (article_id)",
              "CREATE INDEX event_mentions_event ON event_mentions (event_id)"]
    drop = [f"DROP TABLE v6_{t}" for t in _V6_TABLES + ["schema_migrations"]]
    return drop_indexes + rename + create + _V7_COPY + drop


MIGRATIONS.append(
    (
        7,
        "the ledger as a product: one name per concept, <thing>_id links, <thing>_start/_end spans, DATE columns "
        "with precision, machinery in schema internal, outlet signals and disputes as tables, reviews",
        _version_7(),
    )
)

# Version 8 (issue 9): a contradiction is one disputed fact of an event, no
# longer one pair of reports; the reports on each side are rows of
# contradiction_reports. Rows written before keep their pair and gain the
# new columns as NULL until the next resolution rebuilds them.
MIGRATIONS.append(
    (
        8,
        "contradictions: one row per disputed fact of an event (n_values, n_outlets, resolution), "
        "the reports on each side in contradiction_reports",
        [
            "ALTER TABLE contradictions ADD COLUMN n_values INTEGER",
            "ALTER TABLE contradictions ADD COLUMN n_outlets INTEGER",
            "ALTER TABLE contradictions ADD COLUMN resolution VARCHAR",
            """CREATE TABLE contradiction_reports (
                contradiction_id VARCHAR NOT NULL,
                article_id VARCHAR NOT NULL,
                outlet VARCHAR,
                value VARCHAR NOT NULL,
                value_start INTEGER,
                value_end INTEGER,
                side VARCHAR NOT NULL,
                as_of DATE,
                credited_to VARCHAR,
                PRIMARY KEY (contradiction_id, article_id)
            )""",
            "ALTER TABLE outlet_disputes ADD COLUMN credited_to VARCHAR",
        ],
    )
)

# Version 9 (issue 12): incremental resolution remembers what each story was resolved from.
MIGRATIONS.append(
    (
        9,
        "incremental resolution: what each story's events and claims were last resolved from",
        [
            """CREATE TABLE internal.resolved_stories (
                story_id VARCHAR PRIMARY KEY,
                fingerprint VARCHAR NOT NULL
            )""",
        ],
    )
)

# Version 10 (issue 12): which embedding made the story index's vectors, so
# a ledger resolved with another model is re-embedded, never mixed. A ledger
# that already holds story states was embedded by the model every version up
# to 9 used (MiniLM over the title and 1,200 characters): it is recorded
# under that model's id.
MIGRATIONS.append(
    (
        10,
        "the embedding model that made the story index's vectors",
        [
            """CREATE TABLE internal.story_embedding (
                model VARCHAR NOT NULL,
                dim INTEGER NOT NULL,
                recorded_at TIMESTAMP NOT NULL
            )""",
            "INSERT INTO internal.story_embedding SELECT 'all-MiniLM-L6-v2; title + 1200 characters; 256 tokens', 384, now() "
            "WHERE EXISTS (SELECT 1 FROM internal.story_states)",
        ],
    )
)



# Version 11 (issue 10, reader 12 "Stale citations"): mention and quote ids are
# digests of what the fact says (newsledger.store.ids as of this version), no
# longer its place in the article's list; event, claim and contradiction ids
# made from them follow. Every id is rewritten where it is kept (the tables,
# the reviews' targets, anchors and corrections, the outlets' examples), so a
# migrated file holds the ids a fresh ingest gives and reviews carry over.
# The keys below are those of newsledger.store.ids, in SQL; frozen with this
# version like every migration (tests/test_stable_ids.py checks they agree).
_V11_MENTION_KEY = (
    "m.article_id || '|m|' || m.event_type || '|' || coalesce(CAST(m.trigger_start - m.sentence_start AS VARCHAR), '') "
    "|| '|' || coalesce(substring(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start), '')"
)
_V11_QUOTE_KEY = (
    "q.article_id || '|q|' || q.kind || '|' || coalesce(CAST(q.cue_start - q.content_start AS VARCHAR), '') "
    "|| '|' || coalesce(q.cue_text, '') || '|' || coalesce(q.content_text, '')"
)


def _v11_numbered(table: str, alias: str, key_sql: str, order: str, marker: str, join: str = "") -> str:
    """SQL: (old_id, new_id) for the rows of ``table``: article id, marker, digest, and '-2', '-3'... for repeats."""
    return (
        f"SELECT old_id, article_id || '{marker}' || d || CASE WHEN n > 1 THEN '-' || n ELSE '' END AS new_id FROM ("
        f"SELECT old_id, article_id, d, row_number() OVER (PARTITION BY article_id, d ORDER BY {order}) AS n FROM ("
        f"SELECT {alias}.{table[1]} AS old_id, {alias}.article_id, {alias}.{order}, left(sha256({key_sql}), 10) AS d "
        f"FROM {table[0]} {alias} {join}))"
    )


def _v11_rewrite(table: str, column: str) -> str:
    return f"UPDATE {table} SET {column} = i.new_id FROM _v11_ids i WHERE {table}.{column} = i.old_id"


def _v11_json_rewrite(table: str, column: str) -> str:
    """Rewrite every old id standing as a whole JSON string in a JSON column (review corrections, outlet examples).

    The words of each value are joined to the map (not every id tried on
    every value: a large ledger maps millions of ids), then replaced quoted,
    so an id inside a longer string is left alone.
    """
    return (
        f"UPDATE {table} SET {column} = CAST(list_reduce(x.pairs, lambda acc, p: replace(acc, p.o, p.n), "
        f"CAST({table}.{column} AS VARCHAR)) AS JSON) FROM ("
        "SELECT rid, list({'o': '\"' || i.old_id || '\"', 'n': '\"' || i.new_id || '\"'}) AS pairs FROM ("
        f"SELECT DISTINCT rowid AS rid, unnest(regexp_extract_all(CAST({column} AS VARCHAR), '[0-9A-Za-z:_.-]+')) AS word "
        f"FROM {table} WHERE {column} IS NOT NULL) w JOIN _v11_ids i ON i.old_id = w.word GROUP BY rid) x "
        f"WHERE {table}.rowid = x.rid"
    )


def _version_11() -> list[str]:
    """Version 10 -> 11: a map of every old id to its new one (``_v11_ids``), then each column holding ids rewritten.

    Mentions and quotes first; an event's id is then made from its first
    mention (first report by ``seq``, then ``mention_no``), a claim's from its
    first quote, a contradiction's from its event and kind, as the resolution
    makes them.
    """
    mentions = _v11_numbered(("event_mentions", "mention_id"), "m", _V11_MENTION_KEY, "mention_no", ":m",
                             "JOIN articles a ON a.article_id = m.article_id")
    quotes = _v11_numbered(("quotes", "quote_id"), "q", _V11_QUOTE_KEY, "quote_no", ":q")
    return [
        f"CREATE TEMP TABLE _v11_ids AS {mentions} UNION ALL {quotes}",
        "DELETE FROM _v11_ids WHERE old_id = new_id",
        _v11_rewrite("event_mentions", "mention_id"),
        _v11_rewrite("mention_counts", "mention_id"),
        _v11_rewrite("quotes", "quote_id"),
        "INSERT INTO _v11_ids SELECT m.event_id, 'e' || left(sha1(arg_min(m.mention_id, (a.seq, m.mention_no))), 10) "
        "FROM event_mentions m JOIN articles a ON a.article_id = m.article_id WHERE m.event_id IS NOT NULL GROUP BY m.event_id",
        "INSERT INTO _v11_ids SELECT q.claim_id, 'c' || left(sha1(arg_min(q.quote_id, (a.seq, q.quote_no))), 10) "
        "FROM quotes q JOIN articles a ON a.article_id = q.article_id WHERE q.claim_id IS NOT NULL GROUP BY q.claim_id",
        "INSERT INTO _v11_ids SELECT c.contradiction_id, 'k' || left(sha256(i.new_id || '|' || c.kind), 12) "
        "FROM contradictions c JOIN _v11_ids i ON i.old_id = c.event_id",
        "DELETE FROM _v11_ids WHERE old_id = new_id",
        *[_v11_rewrite(t, c) for t, c in [
            ("event_mentions", "event_id"), ("events", "event_id"), ("count_updates", "event_id"),
            ("contradictions", "contradiction_id"), ("contradictions", "event_id"),
            ("contradiction_reports", "contradiction_id"), ("outlet_disputes", "event_id"),
            ("quotes", "claim_id"), ("claims", "claim_id"),
            ("reviews", "target_id"), ("reviews", "applies_to"),
        ]],
        "UPDATE reviews SET anchor_ids = x.ids FROM ("
        "SELECT review_id, list(coalesce(i.new_id, anchor) ORDER BY k) AS ids FROM ("
        "SELECT review_id, unnest(anchor_ids) AS anchor, generate_subscripts(anchor_ids, 1) AS k FROM reviews) "
        "LEFT JOIN _v11_ids i ON i.old_id = anchor GROUP BY review_id) x WHERE reviews.review_id = x.review_id",
        _v11_json_rewrite("reviews", "correction"),
        _v11_json_rewrite("outlet_signals", "examples"),
        "DROP TABLE _v11_ids",
    ]


MIGRATIONS.append(
    (
        11,
        "content-derived mention and quote ids (digests of what each says); event, claim and contradiction ids, "
        "reviews and outlet examples rewritten to match",
        _version_11(),
    )
)

LATEST = MIGRATIONS[-1][0]
