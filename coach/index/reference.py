"""Reference vectors from the torch MiniLM, and how another embedder agrees with them.

``python -m coach.index.reference SENTENCES OUT.npz`` (``make reference-vectors``) embeds one
sentence per line with the sentence-transformers MiniLM (the ``minilm`` extra, torch) and saves
the vectors with the sentences' hash. The agreement test compares the ONNX embedder with this
fixture, so CI never needs torch.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np


def read_sentences(path: Path) -> list[str]:
    """One sentence per non-empty line."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def sentences_hash(sentences: list[str]) -> str:
    return hashlib.sha256("\n".join(sentences).encode()).hexdigest()


@dataclass
class Agreement:
    """How close two embedders' vectors for the same sentences are."""

    mean_cosine: float
    min_cosine: float
    topk_overlap: float  # mean share of each sentence's k nearest neighbours both agree on
    k: int


def agreement(reference: np.ndarray, other: np.ndarray, k: int = 10) -> Agreement:
    """Row-wise cosine, and top-``k`` neighbour overlap with each sentence as the query."""
    ref = reference / np.linalg.norm(reference, axis=1, keepdims=True)
    oth = other / np.linalg.norm(other, axis=1, keepdims=True)
    cos = (ref * oth).sum(axis=1)
    overlaps = []
    for sims in (ref @ ref.T, oth @ oth.T):
        np.fill_diagonal(sims, -np.inf)  # a sentence is not its own neighbour
        overlaps.append(np.argsort(-sims, axis=1)[:, :k])
    shared = [len(set(a) & set(b)) / k for a, b in zip(*overlaps, strict=True)]
    return Agreement(float(cos.mean()), float(cos.min()), float(np.mean(shared)), k)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: python -m coach.index.reference SENTENCES.txt OUT.npz\n")
        return 2
    from coach.index.embedders import MiniLMEmbedder

    sentences = read_sentences(Path(argv[0]))
    embedder = MiniLMEmbedder()
    vectors = embedder.embed(sentences, batch_size=64)
    np.savez_compressed(
        argv[1], vectors=vectors.astype(np.float32), model_id=np.array(embedder.model_id),
        sentences_sha256=np.array(sentences_hash(sentences)),
    )
    print(f"{argv[1]}: {len(sentences)} reference vectors from {embedder.model_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
