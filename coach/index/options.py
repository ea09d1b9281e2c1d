"""How to build an embedder: a plain value, importable without numpy or a model runtime."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EmbedderOptions:
    """How to build an embedder (only the ONNX one reads them).

    ``threads``: ONNX Runtime's intra-op threads. ``stamp``: where the model's verified-hash
    stamp lives (None: hash the model file on every start). ``optimize``: let ONNX Runtime
    rewrite the graph at load; a one-shot CLI command turns it off (see OnnxMiniLMEmbedder).
    """

    threads: int = 1
    stamp: Path | None = None
    optimize: bool = True
