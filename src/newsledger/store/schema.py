"""The ledger's DuckDB schema, as numbered migrations.

Users query the database directly, so table and column names are part of the
product. A migration is applied once, in its own transaction, and recorded in
``schema_migrations``; opening an older file upgrades it in place.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
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

LATEST = MIGRATIONS[-1][0]
