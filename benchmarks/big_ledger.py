"""A 100,000-article ledger for the incremental-resolution benchmark, built from one analysed base ledger.

Running 100,000 reports through the NLP takes hours here, so the big ledger
is made from stored rows: a base ledger of about 1,000 analysed and resolved
reports is replicated ``copies - 1`` times, and every replica is made a
different set of happenings, as in a real archive, not an identical copy:

* **names and places**: every word of the base's person and place entities
  (``PERSON``, ``GPE``, ``LOC``, ``FAC``) gets a made-up word of the same
  length per replica (``Riga`` -> ``Tovu``, ``RIGA`` -> ``TOVU``), in every
  stored text (articles' text and title, the uncleaned text, entities,
  places, speakers, quotes, removed lines, story labels, claims) and in the
  text actors' ids (``x:lucia-andrade``); the same length keeps every
  character span valid;
* **dates**: replica ``k`` happened ``k * SHIFT_DAYS`` days before the base
  (every DATE column, ISO dates inside texts such as time values, and the
  story index's days), so 100 replicas cover eight years before the base's
  month;
* **outlets**: replica ``k`` keeps the base's outlet names when
  ``k % OUTLET_GROUPS == 0`` and is published by ``"<outlet>.<k % 10>"``
  otherwise: 40 outlets of about 2,500 articles, the four the new reports
  come from among them (what an outlet's boilerplate relearning and
  assessment read grows with the ledger);
* **story index state**: the members' hashed n-grams and posted words are
  those of the rewritten words (the map from each base n-gram to its
  rewritten one is computed from the base texts), their names and places
  hashed again, their days shifted, and their embeddings moved: each story
  of a replica adds one random direction to all its members' vectors and
  each member a smaller one of its own (``EMB_STORY_NOISE``,
  ``EMB_MEMBER_NOISE``): a replica's report keeps a cosine of about 0.7
  with its base report, and two replicas of it about 0.5 with each other,
  the median between different incidents of one kind on GVC; the links
  between members (the graph Louvain cuts) are the base's, renamed;
* **copy detection**: each replica article gets a random MinHash signature
  (distinct texts are not near copies), and the outlets' learned-line
  counts are counted again from the rewritten uncleaned texts.

Derived rows (stories, events, claims, contradictions, count updates) are
the base's, renamed and shifted: what resolving the replica alone would
give. Then the outlets are assessed and the stories' fingerprints recorded,
as after any ingest, so a timed run starts from an up-to-date ledger.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import sys
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

from newsledger.ledger import Ledger
from newsledger.resolve import dedup

SHIFT_DAYS = 30
OUTLET_GROUPS = 10
EMB_STORY_NOISE = 0.9
EMB_MEMBER_NOISE = 0.35
NAME_LABELS = ("PERSON", "GPE", "LOC", "FAC")
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_VOWELS, _CONSONANTS = "aeiou", "bdfgklmnprstvz"


def made_up_word(rng: random.Random, like: str, taken: set[str]) -> str:
    """A capitalised made-up word of ``like``'s length, not a stop word, not taken."""
    from spacy.lang.en.stop_words import STOP_WORDS

    while True:
        letters = [rng.choice(_CONSONANTS if i % 2 == 0 else _VOWELS) for i in range(len(like))]
        word = "".join(letters).capitalize()
        if word.lower() not in STOP_WORDS and word.lower() not in taken:
            taken.add(word.lower())
            return word


class Rewriter:
    """One replica's rewriting: name words to made-up ones, ISO dates shifted; a DuckDB function of text."""

    def __init__(self, words: list[str], rng: random.Random, shift_days: int):
        taken = {w.lower() for w in words}
        self.shift = dt.timedelta(days=shift_days)
        self.lower: dict[str, str] = {}
        for w in words:
            self.lower[w.lower()] = made_up_word(rng, w, taken).lower()
        variants = {}
        for old, new in self.lower.items():
            variants[old] = new
            variants[old.capitalize()] = new.capitalize()
            variants[old.upper()] = new.upper()
        self._variants = variants
        self._pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, variants), key=len, reverse=True)) + r")\b") if variants else None

    def index_maps(self, base_words: dict[str, list[str]], name_keys: set[str], max_n: int) -> None:
        """Hashed n-gram id -> its rewrite's id (over the base texts); crc32 of a place word and of a name key -> its rewrite's."""
        from newsledger.resolve.stories import BUCKETS

        self.grams: dict[int, int] = {}
        for words in base_words.values():
            new = [self.lower.get(w, w) for w in words]
            for n in range(1, max_n + 1):
                for i in range(len(words) - n + 1):
                    old_id = zlib.crc32(" ".join(words[i:i + n]).encode()) & (BUCKETS - 1)
                    self.grams[old_id] = zlib.crc32(" ".join(new[i:i + n]).encode()) & (BUCKETS - 1)
        self.tokens = {zlib.crc32(old.encode()): zlib.crc32(new.encode()) for old, new in self.lower.items()}
        self.names = {zlib.crc32(key.encode()): zlib.crc32(" ".join(self.lower.get(w, w) for w in key.split()).encode())
                      for key in name_keys}

    def text(self, value: str | None) -> str | None:
        if value is None:
            return None
        if self._pattern is not None:
            value = self._pattern.sub(lambda m: self._variants[m.group(0)], value)
        return _ISO_DAY.sub(self._day, value)

    def _day(self, m: re.Match) -> str:
        try:
            return (dt.date(int(m[1]), int(m[2]), int(m[3])) + self.shift).isoformat()
        except ValueError:
            return m[0]


def name_words(con) -> list[str]:
    """Distinct words (3+ letters) of the base's person and place entities and text actors' names."""
    rows = con.execute(
        "SELECT DISTINCT entity_text FROM entities WHERE list_contains(?, label)", [list(NAME_LABELS)]
    ).fetchall()
    words = {w for (text,) in rows for w in re.findall(r"[^\W\d_]{3,}", text)}
    from spacy.lang.en.stop_words import STOP_WORDS

    return sorted(w for w in words if w.lower() not in STOP_WORDS)


def build(base: Path, big: Path, copies: int, seed: int = 3, log=print) -> None:
    """``big``: ``base`` and ``copies - 1`` rewritten replicas of every stored and resolved row (module docstring)."""
    from newsledger.assess.outlets import assess_outlets
    from newsledger.resolve.run import story_fingerprints
    from newsledger.resolve.stories import DEFAULTS, name_key
    from newsledger.store import writer

    shutil.copyfile(base, big)
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    with Ledger(big) as ledger:
        con = ledger.store.con
        top = ledger.store.scalar("SELECT max(seq) FROM articles")
        words = name_words(con)
        base_states = [json.loads(s) for (s,) in con.execute("SELECT state FROM internal.story_states").fetchall()]
        con.execute("CREATE OR REPLACE TEMP TABLE _orig AS SELECT article_id FROM articles WHERE seq <= ?", [top])
        base_words = _base_story_words(con)
        name_keys = {name_key(t) for (t,) in con.execute("SELECT entity_text FROM entities WHERE label = 'PERSON'").fetchall()} - {None}
        used = {r[0] for r in con.execute(
            "SELECT substr(article_id, 1, 4) FROM articles UNION SELECT substr(story_id, 2, 4) FROM stories"
        ).fetchall()}
        tags = [t for t in (f"{i:04x}" for i in range(1, 2**16)) if t not in used]  # a replica's ids are never base ids
        holder: dict[str, Rewriter] = {}
        con.create_function("_rw", lambda v: holder["rw"].text(v), ["VARCHAR"], "VARCHAR")
        for k in range(1, copies):
            tag, shift = tags[k - 1], -SHIFT_DAYS * k
            rw = holder["rw"] = Rewriter(words, rng, shift)
            rw.index_maps(base_words, name_keys, int(DEFAULTS["max_ngram"]))
            outlet = "outlet" if k % OUTLET_GROUPS == 0 else f"outlet || '.{k % OUTLET_GROUPS}'"
            with ledger.store.transaction():
                _copy_rows(con, tag, k * (top + 1), shift, outlet)
                ids = [r[0] for r in con.execute(
                    "SELECT article_id FROM internal.minhashes WHERE starts_with(article_id, ?)", [tag]).fetchall()]
                con.execute("DELETE FROM internal.minhashes WHERE starts_with(article_id, ?)", [tag])
                con.executemany("INSERT INTO internal.minhashes VALUES (?, ?, 40)", [
                    (a, nrng.integers(0, 2**32, size=dedup.NUM_PERM, dtype=np.uint32).tobytes()) for a in ids])
                states = [_replica_state(s, tag, k * (top + 1), shift, rw, nrng) for s in base_states]
                con.executemany("INSERT INTO internal.story_states VALUES (?, ?)", [(s["id"], json.dumps(s)) for s in states])
            if k % 10 == 0:
                log(f"replica {k}")
        with ledger.store.transaction():
            _recount_outlet_lines(con)
        with ledger.store.transaction():
            assess_outlets(ledger.store)
            writer.save_resolved(ledger.store, story_fingerprints(ledger.store), full=True)


def _copy_rows(con, tag: str, seq_offset: int, shift: int, outlet: str) -> None:
    """One rewritten replica of every base row (``_orig``): ids ``<tag><last 12 hex>``, stories ``s<tag><base id without its s>``."""
    art = f"'{tag}' || substr(article_id, 5)"
    ref = lambda col: f"CASE WHEN {col} IS NULL THEN NULL ELSE '{tag}' || substr({col}, 5) END"  # noqa: E731
    story = lambda col: f"CASE WHEN {col} IS NULL THEN NULL ELSE 's{tag}' || substr({col}, 2) END"  # noqa: E731
    day = lambda col: f"{col} + INTERVAL ({shift}) DAY"  # noqa: E731
    out = lambda col: outlet.replace("outlet", col)  # noqa: E731
    actor = lambda col: f"CASE WHEN starts_with({col}, 'x:') THEN _rw({col}) ELSE {col} END"  # noqa: E731
    actors = lambda col: f"list_transform({col}, lambda a: {actor('a')})"  # noqa: E731
    mine = "WHERE article_id IN (SELECT article_id FROM _orig)"
    con.execute(
        f"INSERT INTO actors SELECT * REPLACE (_rw(actor_id) AS actor_id, _rw(name) AS name) FROM actors "
        f"WHERE starts_with(actor_id, 'x:') AND _rw(actor_id) <> actor_id AND _rw(actor_id) NOT IN (SELECT actor_id FROM actors)"
    )
    con.execute(
        f"INSERT INTO articles SELECT * REPLACE ({art} AS article_id, seq + {seq_offset} AS seq, {story('story_id')} AS story_id, "
        f"{ref('copy_of_id')} AS copy_of_id, origin || '#{tag}' AS origin, {out('outlet')} AS outlet, _rw(title) AS title, "
        f"_rw(text) AS text, CAST({day('published')} AS DATE) AS published) FROM articles {mine}"
    )
    con.execute(f"INSERT INTO internal.article_sources SELECT * REPLACE ({art} AS article_id, "
                f"'{tag}' || substr(raw_sha256, 5) AS raw_sha256, '{tag}' || substr(text_sha256, 5) AS text_sha256, "
                f"_rw(uncleaned_text) AS uncleaned_text) FROM internal.article_sources {mine}")
    con.execute(f"INSERT INTO internal.minhashes SELECT * REPLACE ({art} AS article_id) FROM internal.minhashes {mine}")
    con.execute(f"INSERT INTO article_origins SELECT * REPLACE ({art} AS article_id, origin || '#{tag}' AS origin) "
                f"FROM article_origins {mine}")
    con.execute(f"INSERT INTO entities SELECT * REPLACE ({art} AS article_id, _rw(entity_text) AS entity_text, "
                f"CASE WHEN actor_id IS NULL THEN NULL ELSE {actor('actor_id')} END AS actor_id) FROM entities {mine}")
    con.execute(f"INSERT INTO times SELECT * REPLACE ({art} AS article_id, _rw(timex_value) AS timex_value) FROM times {mine}")
    con.execute(f"INSERT INTO article_time_frames SELECT * REPLACE ({art} AS article_id, CAST({day('frame_date')} AS DATE) AS frame_date, "
                f"CAST({day('earliest')} AS DATE) AS earliest, CAST({day('latest')} AS DATE) AS latest) FROM article_time_frames {mine}")
    con.execute(f"INSERT INTO removed_lines SELECT * REPLACE ({art} AS article_id, _rw(line_text) AS line_text) FROM removed_lines {mine}")
    con.execute(f"INSERT INTO mention_counts SELECT * REPLACE ({art} AS article_id, {ref('mention_id')} AS mention_id) "
                f"FROM mention_counts {mine}")
    con.execute(f"INSERT INTO quotes SELECT * REPLACE ({art} AS article_id, {ref('quote_id')} AS quote_id, {ref('claim_id')} AS claim_id, "
                f"_rw(speaker_text) AS speaker_text, _rw(content_text) AS content_text, "
                f"CASE WHEN speaker_id IS NULL THEN NULL ELSE {actor('speaker_id')} END AS speaker_id) FROM quotes {mine}")
    con.execute(f"INSERT INTO event_mentions SELECT * REPLACE ({art} AS article_id, {ref('mention_id')} AS mention_id, "
                f"{ref('event_id')} AS event_id, _rw(place) AS place, CAST({day('event_date')} AS DATE) AS event_date, "
                f"{actors('actor_ids')} AS actor_ids, {actors('recipient_ids')} AS recipient_ids) FROM event_mentions {mine}")
    stories = "WHERE story_id IN (SELECT story_id FROM articles WHERE article_id IN (SELECT article_id FROM _orig))"
    con.execute(f"INSERT INTO stories SELECT * REPLACE ({story('story_id')} AS story_id, {ref('label_article_id')} AS label_article_id, "
                f"_rw(label) AS label, CAST({day('first_published')} AS DATE) AS first_published, "
                f"CAST({day('last_published')} AS DATE) AS last_published) FROM stories {stories}")
    events = "WHERE event_id IN (SELECT event_id FROM event_mentions WHERE article_id IN (SELECT article_id FROM _orig))"
    con.execute(
        f"INSERT INTO events SELECT * REPLACE ({ref('event_id')} AS event_id, {story('story_id')} AS story_id, "
        f"list_transform(story_ids, lambda x: 's{tag}' || substr(x, 2)) AS story_ids, {ref('first_article_id')} AS first_article_id, "
        f"CAST({day('event_date')} AS DATE) AS event_date, CAST({day('first_reported')} AS DATE) AS first_reported, _rw(place) AS place, "
        f"{actors('actor_ids')} AS actor_ids, {actors('recipient_ids')} AS recipient_ids, _rw(summary) AS summary, "
        f"list_transform(outlets, lambda x: {out('x')}) AS outlets) FROM events {events}"
    )
    con.execute(f"INSERT INTO contradictions SELECT * REPLACE ({ref('contradiction_id')} AS contradiction_id, "
                f"{ref('event_id')} AS event_id, {ref('a_article_id')} AS a_article_id, {ref('b_article_id')} AS b_article_id, "
                f"{out('a_outlet')} AS a_outlet, {out('b_outlet')} AS b_outlet, _rw(a_value) AS a_value, _rw(b_value) AS b_value, "
                f"CAST({day('as_of')} AS DATE) AS as_of) FROM contradictions {events}")
    con.execute(f"INSERT INTO count_updates SELECT * REPLACE ({ref('event_id')} AS event_id, {art} AS article_id, "
                f"{out('outlet')} AS outlet, CAST({day('as_of')} AS DATE) AS as_of) FROM count_updates {events}")
    claims = "WHERE claim_id IN (SELECT claim_id FROM quotes WHERE article_id IN (SELECT article_id FROM _orig))"
    con.execute(f"INSERT INTO claims SELECT * REPLACE ({ref('claim_id')} AS claim_id, {story('story_id')} AS story_id, "
                f"{ref('first_article_id')} AS first_article_id, _rw(claim_text) AS claim_text, "
                f"CASE WHEN speaker_id IS NULL THEN NULL ELSE {actor('speaker_id')} END AS speaker_id, "
                f"list_transform(outlets, lambda x: {out('x')}) AS outlets) FROM claims {claims}")


def _base_story_words(con) -> dict[str, list[str]]:
    """Each base original's story words (:func:`story_words` of title and text), by article id."""
    from newsledger.resolve.stories import story_words

    return {a: story_words(title, text) for a, title, text in con.execute(
        "SELECT article_id, title, text FROM articles WHERE article_id IN (SELECT article_id FROM _orig)").fetchall()}


def _replica_state(state: dict, tag: str, seq_offset: int, shift: int, rw: Rewriter, rng: np.random.Generator) -> dict:
    """A base story's index state, rewritten for one replica (module docstring)."""
    from newsledger.resolve.stories import _pack, _unpack

    grams = rw.grams
    out = json.loads(json.dumps(state))
    out["id"] = f"s{tag}{state['id'][1:]}"
    direction = None
    for m in out["members"]:
        m.update(id=tag + m["id"][4:], story=f"s{tag}{m['story'][1:]}", seq=int(m["seq"]) + seq_offset)
        m["knn"] = [[w, int(s) + seq_offset] for w, s in m["knn"]]
        ids, tf = _unpack(m["ids"], np.int32), _unpack(m["tf"], np.float32)
        new_ids = np.array([grams.get(int(i), int(i)) for i in ids], dtype=np.int32)
        if len(np.unique(new_ids)) == len(new_ids):  # a hash collision keeps the base ids
            order = np.argsort(new_ids)
            m["ids"], m["tf"] = _pack(new_ids[order]), _pack(tf[order])
        m["posted"] = [grams.get(int(p), int(p)) for p in m["posted"]]
        for key, table in (("place", rw.tokens), ("places", rw.tokens), ("names", rw.names)):
            m[key] = sorted({table.get(int(h), int(h)) for h in m.get(key) or ()})
        for key in ("day0", "event_day"):
            if m.get(key) is not None:
                m[key] = int(m[key]) + shift
        if m.get("emb") is not None:
            vec = _unpack(m["emb"], np.float16).astype(np.float32)
            if direction is None:
                direction = rng.standard_normal(vec.shape).astype(np.float32) / np.sqrt(vec.size)
            moved = vec + EMB_STORY_NOISE * direction + EMB_MEMBER_NOISE * rng.standard_normal(vec.shape).astype(np.float32) / np.sqrt(vec.size)
            m["emb"] = _pack((moved / np.linalg.norm(moved)).astype(np.float16))
    return out


def _recount_outlet_lines(con) -> None:
    """The outlets' learned-line counts, counted again from every original's uncleaned text (replicas included)."""
    from newsledger.clean.learned import line_keys

    counts: Counter = Counter()
    cursor = con.cursor()
    cursor.execute("SELECT a.outlet, s.uncleaned_text FROM articles a JOIN internal.article_sources s ON s.article_id = a.article_id "
                   "WHERE a.copy_of_id IS NULL AND a.outlet IS NOT NULL")
    while batch := cursor.fetchmany(5000):
        for outlet, text in batch:
            counts.update((outlet, k) for k in line_keys(text or ""))
    cursor.close()
    import pandas as pd

    lines = pd.DataFrame([(o, k, n) for (o, k), n in counts.items()], columns=["outlet", "line_key", "n_articles"])
    con.execute("DELETE FROM internal.outlet_lines")
    con.execute("INSERT INTO internal.outlet_lines SELECT * FROM lines")


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 100)
