"""One loaded embedder per process, shared by every owner's index (issue 10: server memory)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from coach.config import Settings
from coach.index.embedders import make_embedder, shared_embedder
from coach.index.onnx_embedder import onnx_available
from coach.index.sync import OwnerIndex

SENTENCES = [f"- I'll send {name} the {doc} by Friday, {name} seemed {mood}"
             for name in ("Sam", "Priya", "Jordan", "Noor")
             for doc in ("roadmap", "budget sheet", "career ladder")
             for mood in ("tired", "excited", "worried about the deadline")]
MODES = ["hashing", pytest.param("onnx", marks=pytest.mark.skipif(
    not onnx_available(), reason="the ONNX embedder is not installed"))]


def test_every_owner_index_in_a_process_uses_one_loaded_model(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(home=tmp_path, embedder="hashing", _env_file=None)  # type: ignore[call-arg]
    a, b = OwnerIndex(settings, "a@example.org"), OwnerIndex(settings, "b@example.org")
    assert a.embedder is b.embedder
    assert shared_embedder("hashing", 2) is not shared_embedder("hashing", 1)


@pytest.mark.parametrize("mode", MODES)
def test_the_shared_model_embeds_the_same_from_several_threads_at_once(mode: str) -> None:
    """Server workers call it from their thread pool for different managers concurrently."""
    expected = make_embedder(mode).embed(SENTENCES, batch_size=8)
    shared = shared_embedder(mode)
    batches = [SENTENCES[i::4] for i in range(4)] * 4  # 16 calls, 4 threads

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda batch: shared.embed(batch, batch_size=3), batches))
    for batch, vectors in zip(batches, results, strict=True):
        rows = [SENTENCES.index(text) for text in batch]
        np.testing.assert_allclose(vectors, expected[rows], atol=1e-5)
