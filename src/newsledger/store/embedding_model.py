"""Which embedding model made the story index's vectors (``internal.story_embedding``).

The story index compares a newcomer's lead vector with the stored members'
(:mod:`newsledger.resolve.stories`). Vectors of two models are not
comparable, so the ledger records the model of its vectors, and a
resolution by code with another model rebuilds the stories instead of
mixing them (:func:`newsledger.resolve.run.assign_stories`).
"""

from __future__ import annotations

import datetime as dt

from newsledger.store.db import Store


def stored_model(store: Store) -> str | None:
    """The model id the stored story states were embedded with; None when no story was embedded yet."""
    return store.scalar("SELECT max(model) FROM internal.story_embedding")


def embedded_with_another(store: Store, model: str) -> str | None:
    """The other model id the stored story states were embedded with, or None when they can be kept.

    Nothing to keep (no story state) never counts as another model.
    """
    stored = stored_model(store)
    if stored is None or stored == model:
        return None
    if not store.scalar("SELECT count(*) FROM internal.story_states"):
        return None
    return stored


def record_model(store: Store, model: str, dim: int) -> None:
    """Record ``model`` as the one the story states are embedded with (the caller holds the transaction)."""
    if stored_model(store) == model:
        return
    store.con.execute("DELETE FROM internal.story_embedding")
    store.con.execute("INSERT INTO internal.story_embedding VALUES (?, ?, ?)", [model, dim, dt.datetime.now()])
