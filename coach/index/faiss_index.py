"""One owner's FAISS index on disk: a base file plus an append-only delta log.

Layout of an index folder (one per owner)::

    meta.json              {"format", "model_id", "dim", "generation", "base_count"}
    base-<generation>.faiss   IndexIDMap2(IndexFlatIP) written with faiss.write_index
    delta-<generation>.log    records appended since that base: ADD (ids + vectors), DEL (ids)
    lock                   flock: writers take it exclusively, readers shared

Adding a note appends one small record to the delta log, so its cost does not depend on how
big the base is. When the log grows past a fraction of the base it is compacted: base + log
are written as a new generation (new file names), and replacing ``meta.json`` (atomic rename)
is the commit point, so a crash at any moment leaves either the old or the new generation
intact. A torn or corrupt record, a missing file or a model mismatch raises ``IndexUnusable``
and the caller rebuilds from the store, which is the source of truth.

No SQL here: ``coach.index.sync`` connects this to the store and the embedder.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import threading
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

# faiss and torch can share one OpenMP runtime: a global omp_set_num_threads(1) would also pin
# torch (the MiniLM embedder) to one thread and slow imports down. So searches run with one
# OpenMP thread (faster than 2 for one query over a flat index, DESIGN.md) and restore the
# previous setting afterwards; see ``_one_omp_thread``.

try:  # POSIX advisory locks; on platforms without fcntl, a process-local lock only
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

FORMAT = 1
_MAGIC = b"COACHDL1"
_RECORD = struct.Struct("<4sIII")  # tag, count, dim, crc32 of the payload
_ADD, _DEL = b"ADD\0", b"DEL\0"
# Compact the delta log into the base when it exceeds this share of the base's size...
COMPACT_FRACTION = 0.25
# ...but never for logs smaller than this (small indexes would compact on every add).
COMPACT_MIN_BYTES = 4 * 1024 * 1024


def _faiss() -> Any:
    """faiss, imported on first use: appending to the delta log (every `coach add`) needs
    only numpy and a file, so a cold add does not pay for loading faiss."""
    import faiss

    return faiss


class IndexUnusable(Exception):
    """The files on disk cannot be used as they are (missing, corrupt, other model): rebuild."""


@contextlib.contextmanager
def _one_omp_thread() -> Iterator[None]:
    previous = _faiss().omp_get_max_threads()
    _faiss().omp_set_num_threads(1)
    try:
        yield
    finally:
        _faiss().omp_set_num_threads(previous)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not supported everywhere (e.g. Windows)
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_atomic(path: Path, data: bytes | None = None, index: Any = None) -> None:
    """Write ``data`` (or a FAISS ``index``) to a temp file, fsync, then rename over ``path``."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    if index is not None:
        _faiss().write_index(index, str(tmp))  # streams to disk: no second copy in memory
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
    else:
        with open(tmp, "wb") as fh:
            fh.write(data or b"")
            fh.flush()
            os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _new_flat(dim: int) -> Any:
    return _faiss().IndexIDMap2(_faiss().IndexFlatIP(dim))


class FaissStore:
    """The persisted index of one owner plus an in-memory copy kept in step with the files.

    Writers (``append``, ``write_base``) never need the in-memory copy; readers call
    ``current()``, which loads the files the first time and afterwards replays only what other
    processes appended since (or reloads after a compaction).
    """

    def __init__(self, folder: Path, model_id: str, dim: int):
        self.folder = folder
        self.model_id = model_id
        self.dim = dim
        self._mutex = threading.RLock()
        self._index: Any = None
        self._ids: set[int] = set()
        self._generation: str | None = None
        self._offset = 0  # bytes of the delta log already replayed into _index

    # --- files --------------------------------------------------------------------------
    @property
    def meta_path(self) -> Path:
        return self.folder / "meta.json"

    def _base_path(self, generation: str) -> Path:
        return self.folder / f"base-{generation}.faiss"

    def _delta_path(self, generation: str) -> Path:
        return self.folder / f"delta-{generation}.log"

    @contextlib.contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        with self._mutex:
            self.folder.mkdir(parents=True, exist_ok=True)
            if fcntl is None:  # pragma: no cover
                yield
                return
            with open(self.folder / "lock", "a+b") as fh:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
                try:
                    yield
                finally:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _read_meta(self) -> dict[str, Any]:
        try:
            meta = json.loads(self.meta_path.read_text())
        except FileNotFoundError:
            raise IndexUnusable("no index yet") from None
        except (OSError, ValueError) as exc:
            raise IndexUnusable(f"unreadable meta.json: {exc}") from None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise IndexUnusable("unknown index format")
        if meta.get("model_id") != self.model_id or meta.get("dim") != self.dim:
            raise IndexUnusable(
                f"index was built with {meta.get('model_id')!r}, embedder is {self.model_id!r}"
            )
        if not isinstance(meta.get("generation"), str):
            raise IndexUnusable("meta.json has no generation")
        return meta

    def meta(self) -> dict[str, Any] | None:
        """The usable meta.json, or None (missing, corrupt or built with another model)."""
        try:
            return self._read_meta()
        except IndexUnusable:
            return None

    # --- writing ------------------------------------------------------------------------
    def write_base(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Replace everything with a new generation holding exactly ``ids`` -> ``vectors``."""
        with self._locked(exclusive=True):
            index = _new_flat(self.dim)
            if len(ids):
                index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32),
                                   np.ascontiguousarray(ids, dtype=np.int64))
            self._commit_generation(index)

    def _commit_generation(self, index: Any) -> None:
        """Write ``index`` as a new base with an empty log; meta.json's rename commits it."""
        generation = uuid.uuid4().hex
        _write_atomic(self._base_path(generation), index=index)
        _write_atomic(self._delta_path(generation), _MAGIC)
        meta = {"format": FORMAT, "model_id": self.model_id, "dim": self.dim,
                "generation": generation, "base_count": int(index.ntotal)}
        _write_atomic(self.meta_path, json.dumps(meta).encode())
        self._remove_stale_files(keep=generation)
        self._index, self._generation = index, generation
        self._ids = set(_faiss().vector_to_array(index.id_map).tolist()) if index.ntotal else set()
        self._offset = len(_MAGIC)

    def _remove_stale_files(self, keep: str) -> None:
        for path in self.folder.iterdir():
            name = path.name
            if (name.startswith(("base-", "delta-")) and keep not in name) or (
                name.startswith(".") and name.endswith(".tmp")
            ):
                with contextlib.suppress(OSError):
                    path.unlink()

    def append(self, add_ids: np.ndarray, add_vectors: np.ndarray, remove_ids: list[int]) -> bool:
        """Append removals then additions to the delta log (an update is both).

        With no usable index on disk (none yet, corrupt, another model) this starts an empty
        generation first; a reader then finds it out of step with the store and rebuilds.
        Returns True when the log has grown enough that the caller should ``compact()``.
        """
        with self._locked(exclusive=True):
            try:
                meta = self._read_meta()
            except IndexUnusable:
                self._commit_generation(_new_flat(self.dim))
                meta = self._read_meta()
            delta = self._delta_path(meta["generation"])
            if not delta.exists():
                raise IndexUnusable("delta log missing")
            records = b""
            if remove_ids:
                records += _record(_DEL, np.asarray(sorted(set(remove_ids)), dtype=np.int64))
            if len(add_ids):
                records += _record(_ADD, np.asarray(add_ids, dtype=np.int64),
                                   np.asarray(add_vectors, dtype=np.float32))
            if records:
                with open(delta, "ab") as fh:
                    fh.write(records)
                    fh.flush()
                    os.fsync(fh.fileno())
            base_bytes = meta["base_count"] * (self.dim * 4 + 8)
            return delta.stat().st_size > max(COMPACT_MIN_BYTES, COMPACT_FRACTION * base_bytes)

    def compact(self) -> None:
        """Fold the delta log into a new base (one full write; amortised over many adds)."""
        with self._locked(exclusive=True):
            self._load_unlocked()
            self._commit_generation(self._index)

    def invalidate(self) -> None:
        """Forget the on-disk index (next use rebuilds from the store)."""
        with self._locked(exclusive=True):
            with contextlib.suppress(FileNotFoundError):
                self.meta_path.unlink()
            self._index, self._generation, self._ids, self._offset = None, None, set(), 0

    # --- reading ------------------------------------------------------------------------
    def refresh(self) -> tuple[str, int, int]:
        """Bring the in-memory index up to date with the files; raises ``IndexUnusable``.

        Returns (generation, number of vectors, largest id or -1) for checks against the store.
        """
        with self._locked(exclusive=False):
            index = self._load_unlocked()
            assert self._generation is not None
            return self._generation, int(index.ntotal), max(self._ids, default=-1)

    def search(
        self, query: np.ndarray, k: int, allowed_ids: list[int] | None = None
    ) -> list[tuple[int, float]]:
        """Inner-product search of the in-memory index (call ``refresh`` first).

        ``allowed_ids`` restricts the search with an ``IDSelectorBatch`` (exact, flat index).
        """
        with self._mutex:
            index = self._index
            if index is None or index.ntotal == 0 or k <= 0:
                return []
            params = None
            if allowed_ids is not None:
                if not allowed_ids:
                    return []
                selector = _faiss().IDSelectorBatch(np.asarray(allowed_ids, dtype=np.int64))
                params = _faiss().SearchParameters(sel=selector)
                k = min(k, len(allowed_ids))
            k = min(k, int(index.ntotal))
            query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, self.dim)
            with _one_omp_thread():
                scores, ids = index.search(query, k, params=params)
            return [(int(i), float(s)) for s, i in zip(scores[0], ids[0], strict=True) if i != -1]

    def _load_unlocked(self) -> Any:
        meta = self._read_meta()
        generation = meta["generation"]
        delta = self._delta_path(generation)
        if generation != self._generation or self._index is None:
            try:
                index: Any = _faiss().read_index(str(self._base_path(generation)))
            except Exception as exc:  # faiss raises RuntimeError for anything wrong
                raise IndexUnusable(f"unreadable base index: {exc}") from None
            if index.d != self.dim or index.ntotal != meta["base_count"]:
                raise IndexUnusable("base index does not match meta.json")
            self._index, self._generation, self._offset = index, generation, len(_MAGIC)
            self._ids = (set(_faiss().vector_to_array(index.id_map).tolist())
                         if index.ntotal else set())
            try:
                with open(delta, "rb") as fh:
                    if fh.read(len(_MAGIC)) != _MAGIC:
                        raise IndexUnusable("delta log has a bad header")
            except FileNotFoundError:
                raise IndexUnusable("delta log missing") from None
        self._replay(delta)
        return self._index

    def _replay(self, delta: Path) -> None:
        try:
            size = delta.stat().st_size
        except FileNotFoundError:
            raise IndexUnusable("delta log missing") from None
        if size <= self._offset:
            if size < self._offset:
                raise IndexUnusable("delta log shrank")
            return
        with open(delta, "rb") as fh:
            fh.seek(self._offset)
            data = fh.read(size - self._offset)
        pos = 0
        while pos < len(data):
            if len(data) - pos < _RECORD.size:
                raise IndexUnusable("torn record at the end of the delta log")
            tag, count, dim, crc = _RECORD.unpack_from(data, pos)
            width = 8 * count + (4 * count * dim if tag == _ADD else 0)
            payload = data[pos + _RECORD.size : pos + _RECORD.size + width]
            if tag not in (_ADD, _DEL) or (tag == _ADD and dim != self.dim) or (
                len(payload) != width
            ) or (
                zlib.crc32(payload) != crc
            ):
                raise IndexUnusable("corrupt or torn record in the delta log")
            ids = np.frombuffer(payload[: 8 * count], dtype=np.int64)
            if tag == _DEL:
                self._remove(ids)
            else:
                vectors = np.frombuffer(payload[8 * count :], dtype=np.float32).reshape(count, dim)
                self._remove(ids)  # an id re-added replaces its vector (replay is idempotent)
                self._index.add_with_ids(vectors, ids)
                self._ids.update(ids.tolist())
            pos += _RECORD.size + width
        self._offset += len(data)

    def _remove(self, ids: np.ndarray) -> None:
        present = [i for i in ids.tolist() if i in self._ids]
        if present:
            self._index.remove_ids(np.asarray(present, dtype=np.int64))
            self._ids.difference_update(present)

    @property
    def loaded_ids(self) -> set[int]:
        return self._ids


def _record(tag: bytes, ids: np.ndarray, vectors: np.ndarray | None = None) -> bytes:
    payload = ids.astype(np.int64).tobytes()
    if vectors is not None:
        payload += np.ascontiguousarray(vectors, dtype=np.float32).tobytes()
    return _RECORD.pack(tag, len(ids), vectors.shape[1] if vectors is not None else 0,
                        zlib.crc32(payload)) + payload
