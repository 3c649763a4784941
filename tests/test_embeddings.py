"""Story lead embeddings: the real bundled MiniLM, and the ledger's record of which model made its vectors."""

from __future__ import annotations

import base64
import json

import duckdb
import numpy as np
import pytest

from newsledger.ledger import Ledger
from newsledger.resolve.embeddings import DIM, MODEL_ID, embed
from newsledger.resolve.run import forget_stories_of_another_model
from newsledger.resolve.stories import lead_text
from newsledger.store.db import Store
from newsledger.store.embedding_model import stored_model
from newsledger.store.schema import LATEST

QUAKE_A = "Strong earthquake shakes central Chile\nA magnitude 7.1 earthquake struck near Talca on Sunday, cutting power to thousands of homes."
QUAKE_B = "Chile hit by powerful quake\nThousands of households lost electricity after a 7.1 tremor rocked the area around Talca on Sunday."
TRADE = "Ministers sign grain export deal\nAgriculture ministers from two countries signed an agreement on wheat exports in Cairo on Monday."


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_lead_vectors_are_unit_length_and_put_two_tellings_of_one_quake_together():
    vectors = embed([QUAKE_A, QUAKE_B, TRADE])
    assert vectors.shape == (3, DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2]) + 0.2


def test_bfloat16_vectors_agree_with_float32_ones():
    """The precision is not part of the model id: the two must stay interchangeable (cosine 0.92 was rejected)."""
    full = embed([QUAKE_A, QUAKE_B, TRADE], dtype="float32")
    half = embed([QUAKE_A, QUAKE_B, TRADE], dtype="bfloat16")
    assert np.allclose(np.linalg.norm(half, axis=1), 1.0, atol=1e-5)
    assert min(cosine(a, b) for a, b in zip(full, half)) > 0.99


def test_float32_can_be_forced(monkeypatch):
    from newsledger.resolve.embeddings import precision

    monkeypatch.setenv("NEWSLEDGER_EMBED_PRECISION", "float32")
    assert precision() == "float32"
    monkeypatch.setenv("NEWSLEDGER_EMBED_PRECISION", "")
    assert precision() in ("float32", "bfloat16")


def test_no_text_gives_no_vectors():
    assert embed([]).shape == (0, DIM)


def test_the_ledger_records_the_model_that_embedded_its_stories(demo_db):
    with Ledger(demo_db, read_only=True) as ledger:
        row = ledger.store.one("SELECT model, dim FROM internal.story_embedding")
    assert row == {"model": MODEL_ID, "dim": DIM}


def _members(store: Store) -> dict[str, dict]:
    return {m["id"]: m for row in store.rows("SELECT state FROM internal.story_states")
            for m in json.loads(row["state"])["members"]}


def _vector(member: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(member["emb"]), dtype=np.float16).astype(np.float32)


def _partition(store: Store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for r in store.rows("SELECT article_id, story_id FROM articles WHERE story_id IS NOT NULL"):
        groups.setdefault(r["story_id"], set()).add(r["article_id"])
    return {frozenset(g) for g in groups.values()}


def test_stories_embedded_by_another_model_are_rebuilt_with_this_one_not_mixed(demo_copy):
    """Another model's vectors (here: one constant vector for every article) are dropped, never compared."""
    with Ledger(demo_copy) as ledger:
        store = ledger.store
        before = _partition(store)
        constant = base64.b64encode(np.full(DIM, DIM ** -0.5, dtype=np.float16).tobytes()).decode("ascii")
        with store.transaction():
            for row in store.rows("SELECT story_id, state FROM internal.story_states"):
                state = json.loads(row["state"])
                for member in state["members"]:
                    member["emb"] = constant
                store.con.execute("UPDATE internal.story_states SET state = ? WHERE story_id = ?",
                                  [json.dumps(state), row["story_id"]])
            store.con.execute("UPDATE internal.story_embedding SET model = 'another-model'")
        ledger.resolve()
        assert stored_model(store) == MODEL_ID
        members = _members(store)
        leads = store.rows("SELECT article_id, title, text FROM articles WHERE list_contains(?, article_id) ORDER BY seq",
                           [sorted(members)])
        fresh = embed([lead_text(r["title"], r["text"]) for r in leads])
        for r, vector in zip(leads, fresh):
            assert cosine(_vector(members[r["article_id"]]), vector) > 0.99, r["article_id"]
        assert _partition(store) == before


def test_stories_of_this_model_are_kept(demo_copy):
    with Ledger(demo_copy) as ledger:
        states = ledger.store.rows("SELECT story_id, state FROM internal.story_states ORDER BY story_id")
        assert not forget_stories_of_another_model(ledger.store, MODEL_ID)
        ledger.resolve()
        assert ledger.store.rows("SELECT story_id, state FROM internal.story_states ORDER BY story_id") == states


@pytest.mark.parametrize("with_stories", [True, False])
def test_upgrading_a_schema_9_ledger_records_the_model_its_stories_were_made_with(demo_copy, with_stories):
    """Every version up to 9 embedded the stories with MiniLM over the same lead, so they are kept."""
    con = duckdb.connect(str(demo_copy))
    con.execute("DROP TABLE internal.story_embedding")
    con.execute("DELETE FROM internal.schema_migrations WHERE version >= 10")  # 9 as written, then 10 and 11 again
    if not with_stories:
        con.execute("DELETE FROM internal.story_states")
    con.close()
    store = Store(demo_copy)
    try:
        assert store.version() == LATEST
        assert stored_model(store) == (MODEL_ID if with_stories else None)
    finally:
        store.close()
