"""Build the embedder on a background thread while a cold command imports and reads the store.

A one-shot ``coach ask`` / ``coach add`` needs the model only after its imports (SQLAlchemy,
the engine, the rules) and its first queries; ONNX Runtime releases the GIL while it builds a
session, so on two cores the build overlaps that work instead of following it. The CLI calls
``start`` first thing (this module imports nothing heavy); ``OwnerIndex.embedder`` takes the
result with ``take`` when the settings match, else builds one itself as before. An error in
the thread (a damaged model file) is raised where the embedder is first needed.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.index.embedders import Embedder
    from coach.index.options import EmbedderOptions

_lock = threading.Lock()
_started: dict[tuple[str, EmbedderOptions], Future[Embedder]] = {}


def stamp_path(index_dir: Path) -> Path:
    """Where the model's verified-hash stamp lives (coach.index.onnx_embedder.verify_model)."""
    return index_dir / "onnx-model.verified"


def start(mode: str, options: EmbedderOptions) -> None:
    """Start building ``make_embedder(mode, options=options)`` on a thread (once per key)."""
    key = (mode, options)
    with _lock:
        if key in _started:
            return
        future: Future[Embedder] = Future()
        _started[key] = future

    def build() -> None:
        try:
            from coach.index.embedders import make_embedder

            future.set_result(make_embedder(mode, options=options))
        except BaseException as exc:  # handed to the thread that needs the embedder
            future.set_exception(exc)

    # Not a daemon: interpreter shutdown must not stop it inside ONNX Runtime's C++ code.
    threading.Thread(target=build, name="coach-embedder-warmup").start()


def take(mode: str, threads: int, index_dir: Path) -> Future[Embedder] | None:
    """The started build for this configuration (any ``optimize``), or None; removes it."""
    with _lock:
        for key in list(_started):
            started_mode, options = key
            if (started_mode, options.threads, options.stamp) == (
                mode, threads, stamp_path(index_dir)
            ):
                return _started.pop(key)
    return None
