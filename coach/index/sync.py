"""Keeps one owner's FAISS index in step with the store (the source of truth).

The service calls, in this order:

* ``embed_and_store(session, items, removed_ids)`` inside the ingest transaction: embeds the
  items, writes their ``ItemVector`` rows and bumps the owner's ``IndexVersion`` row, so vectors
  and version commit (or roll back) with the notes;
* ``apply(pending, removed_ids)`` after the commit: appends to the owner's delta log (cost
  independent of the index size; see ``coach.index.faiss_index``);
* ``search(session, text, k, person_ids)`` for ``ask``: loads (or catches up) the index, checks
  it against the store whenever the owner's version moved (one primary-key read per search;
  this is what keeps several server workers, or hosts that do not share the index folder,
  correct), rebuilds it when it is missing, corrupt, from another model or out of step, and
  searches only the allowed items;
* ``rebuild(session)`` for ``coach reindex``.

faiss, torch and sentence-transformers are imported only when one of these runs, so commands
that answer from what is stored never pay for them.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from coach.config import Settings
from coach.index.embedders import (
    Embedder,
    EmbedderOptions,
    expected_model_id,
    shared_embedder,
)
from coach.store.tables import IndexVersion, Item, ItemVector

if TYPE_CHECKING:
    from coach.index.faiss_index import FaissStore

_CHUNK = 1000  # ids per IN (...) clause
log = logging.getLogger("coach.index")


def owner_folder_name(owner: str) -> str:
    """A file-system-safe, collision-free folder name for an owner."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", owner).strip("._")[:48] or "owner"
    return f"{slug}-{hashlib.sha256(owner.encode()).hexdigest()[:10]}"


def _chunks(values: Sequence[int]) -> list[list[int]]:
    return [list(values[i : i + _CHUNK]) for i in range(0, len(values), _CHUNK)]


@dataclass
class Pending:
    """Vectors committed with the notes, waiting to be appended to the FAISS index."""

    ids: np.ndarray  # int64
    vectors: np.ndarray  # float32, (n, dim)
    model_id: str
    dim: int


class _Prefetch:
    """Embeds texts on one background thread while the caller stores the notes.

    ONNX Runtime and ``tokenizers`` release the GIL, so on two cores the embedding of an
    import batch overlaps its parsing, extraction and SQL instead of following them.
    """

    def __init__(self, embed: Callable[[list[str]], np.ndarray], chunk: int):
        from concurrent.futures import ThreadPoolExecutor

        self._embed = embed
        self._chunk = chunk
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-embed")
        self._seen: set[str] = set()
        self._pending: list[str] = []
        self._jobs: list[tuple[list[str], Future[np.ndarray]]] = []

    def add(self, texts: Sequence[str]) -> None:
        for text in texts:
            if text not in self._seen:
                self._seen.add(text)
                self._pending.append(text)
        if len(self._pending) >= self._chunk:
            self._submit()

    def submit_rest(self) -> None:
        self._submit()

    def _submit(self) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            self._jobs.append((batch, self._pool.submit(self._embed, batch)))

    def collect(self) -> dict[str, np.ndarray]:
        """Every prefetched text's vector (waits for the thread; re-raises its error)."""
        self._submit()
        try:
            return {text: vector for batch, job in self._jobs
                    for text, vector in zip(batch, job.result(), strict=True)}
        finally:
            self._pool.shutdown(wait=True)


class OwnerIndex:
    """The vector index of one owner: ``settings.index_dir / <owner-folder>``."""

    def __init__(self, settings: Settings, owner: str):
        self.settings = settings
        self.owner = owner
        self.folder: Path = settings.index_dir / owner_folder_name(owner)
        self._embedder: Embedder | None = None
        self._embedder_lock = threading.Lock()
        self._stores: dict[tuple[str, int], FaissStore] = {}
        self._verified: str | None = None  # generation last checked against the store
        self._verified_version: int | None = None  # owner's IndexVersion at that check
        self.rebuilds = 0  # how many times this object rebuilt the index (for tests/bench)
        self._prefetch: _Prefetch | None = None

    # --- model ------------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        """The embedder: one a cold command started building (coach.index.warmup), or built
        now. Safe to call from the prefetch thread and the caller's at once."""
        if self._embedder is None:
            with self._embedder_lock:
                if self._embedder is None:
                    self._embedder = self._make_embedder()
        return self._embedder

    def _make_embedder(self) -> Embedder:
        from coach.index import warmup

        settings = self.settings
        started = warmup.take(settings.embedder, settings.embed_threads, settings.index_dir)
        if started is not None:
            return started.result()
        # One loaded model per process and options, shared by every owner's index (one ONNX
        # session per owner cost ~140 MiB each under load: benchmarks/load.py).
        return shared_embedder(settings.embedder, options=EmbedderOptions(
            threads=settings.embed_threads, stamp=warmup.stamp_path(settings.index_dir)))

    def _expected(self) -> tuple[str, int]:
        """(model id, dim) of the configured embedder, without loading a model."""
        if self._embedder is not None:
            return self._embedder.model_id, self._embedder.dim
        return expected_model_id(self.settings.embedder)

    def _store(self, model_id: str, dim: int) -> FaissStore:
        from coach.index.faiss_index import FaissStore

        key = (model_id, dim)
        if key not in self._stores:
            self._stores[key] = FaissStore(self.folder, model_id, dim)
        return self._stores[key]

    def _embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed(texts, batch_size=self.settings.embed_batch_size)

    # --- ingest -----------------------------------------------------------------------
    def prefetch(self, texts: Sequence[str]) -> None:
        """Start embedding ``texts`` in the background; ``embed_and_store`` uses the result.

        Texts that turn out not to be items cost a little wasted work; items whose text was
        not prefetched are embedded when they are stored.
        """
        if self._prefetch is None:
            self._prefetch = _Prefetch(self._embed, self.settings.embed_batch_size)
        self._prefetch.add(texts)

    def prefetch_rest(self) -> None:
        """Start embedding the prefetched texts that do not fill a chunk yet (call when no
        more notes come in this batch, so they embed while its thread states resolve instead
        of after)."""
        if self._prefetch is not None:
            self._prefetch.submit_rest()

    def _take_prefetched(self) -> dict[str, np.ndarray]:
        prefetch, self._prefetch = self._prefetch, None
        return prefetch.collect() if prefetch is not None else {}

    def embed_and_store(
        self, session: Session, items: list[Item], removed_ids: Sequence[int] = ()
    ) -> Pending | None:
        """Embed ``items`` and write their vectors in the caller's transaction.

        Any change (new items, or items of ``removed_ids`` going away) bumps the owner's
        version in the same transaction.
        """
        cached = self._take_prefetched()
        if not items:
            if removed_ids:
                self.bump_version(session)
            return None
        texts = [it.text for it in items]
        missing = sorted({t for t in texts if t not in cached})
        if missing:
            cached.update(zip(missing, self._embed(missing), strict=True))
        vectors = np.vstack([cached[t] for t in texts]).astype(np.float32, copy=False)
        ids = np.asarray([it.id for it in items], dtype=np.int64)
        self._write_vectors(session, ids, vectors)
        return Pending(ids, vectors, self.embedder.model_id, self.embedder.dim)

    def bump_version(self, session: Session) -> None:
        """Add one to the owner's ``IndexVersion`` (an upsert: safe for concurrent writers)."""
        dialect = session.get_bind().dialect.name
        if dialect not in ("postgresql", "sqlite"):  # pragma: no cover - read-modify-write
            row = session.get(IndexVersion, self.owner, with_for_update=True)
            if row is None:
                session.add(IndexVersion(owner=self.owner, version=1))
            else:
                row.version += 1
            session.flush()
            return
        # Only the dialect in use: importing PostgreSQL's costs a SQLite `add` ~0.1 s.
        upsert: Any
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert
        stmt = upsert(IndexVersion).values(owner=self.owner, version=1)
        session.execute(stmt.on_conflict_do_update(
            index_elements=[IndexVersion.owner], set_={"version": IndexVersion.version + 1}
        ))

    def _version(self, session: Session) -> int:
        version = session.scalar(
            select(IndexVersion.version).where(IndexVersion.owner == self.owner)
        )
        return int(version or 0)

    def _write_vectors(self, session: Session, ids: np.ndarray, vectors: np.ndarray) -> None:
        id_list = ids.tolist()
        for chunk in _chunks(id_list):  # replace any vector an id already had
            session.execute(delete(ItemVector).where(ItemVector.item_id.in_(chunk)))
        model_id = self.embedder.model_id
        rows = [
            {"item_id": i, "owner": self.owner, "model_id": model_id, "vector": v.tobytes()}
            for i, v in zip(id_list, np.asarray(vectors, dtype=np.float32), strict=True)
        ]
        for start in range(0, len(rows), _CHUNK):
            session.execute(insert(ItemVector), rows[start : start + _CHUNK])
        self.bump_version(session)

    def apply(self, pending: Pending | None, removed_ids: Sequence[int]) -> None:
        """After the commit: append the change to the index files (no full rewrite)."""
        removed = [int(i) for i in removed_ids]
        if pending is None and not removed:
            return
        if pending is not None:
            store = self._store(pending.model_id, pending.dim)
            add_ids, add_vectors = pending.ids, pending.vectors
        else:
            store = self._store(*self._expected())
            add_ids = np.zeros(0, dtype=np.int64)
            add_vectors = np.zeros((0, store.dim), dtype=np.float32)
        from coach.index.faiss_index import IndexUnusable

        try:
            if store.append(add_ids, add_vectors, removed):
                store.compact()
        except (IndexUnusable, OSError) as exc:
            # The notes are committed; the index is a cache. Drop it so the next search
            # rebuilds from the store instead of failing the command that stored them.
            log.warning("vector index update failed (%s); it will be rebuilt on next use", exc)
            with contextlib.suppress(OSError):
                store.invalidate()

    # --- rebuild ----------------------------------------------------------------------
    def rebuild(self, session: Session) -> int:
        """Rebuild the index from the owner's stored vectors; returns how many it holds.

        Only items with no vector, or one from another model, are (re-)embedded.
        """
        model_id, dim = self._expected()
        version = self._version(session)  # before the vectors: later changes move it again
        ids: list[int] = []
        blobs: list[bytes] = []
        stale: list[tuple[int, str]] = []
        stmt = (
            select(Item.id, Item.text, ItemVector.model_id, ItemVector.vector)
            .outerjoin(ItemVector, ItemVector.item_id == Item.id)
            .where(Item.owner == self.owner)
            .order_by(Item.id)
            .execution_options(yield_per=5000)
        )
        for item_id, text, vec_model, blob in session.execute(stmt):
            if vec_model == model_id and blob is not None and len(blob) == dim * 4:
                ids.append(item_id)
                blobs.append(blob)
            else:
                stale.append((item_id, text))
        vectors = (
            np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), dim)
            if blobs else np.zeros((0, dim), dtype=np.float32)
        )
        id_array = np.asarray(ids, dtype=np.int64)
        if stale:
            fresh = self._embed([text for _, text in stale])
            fresh_ids = np.asarray([i for i, _ in stale], dtype=np.int64)
            self._write_vectors(session, fresh_ids, fresh)
            model_id, dim = self.embedder.model_id, self.embedder.dim
            id_array = np.concatenate([id_array, fresh_ids])
            vectors = np.vstack([vectors, fresh]) if len(vectors) else fresh
        # Vectors of items that no longer exist go with their items (ON DELETE CASCADE);
        # vectors of this owner stored under another model were replaced above.
        store = self._store(model_id, dim)
        store.write_base(id_array, vectors)
        self._verified = store.refresh()[0]
        self._verified_version = version
        self.rebuilds += 1
        return int(len(id_array))

    # --- search -----------------------------------------------------------------------
    def _ready(self, session: Session, store: FaissStore) -> None:
        """Load or catch up the index; rebuild when unusable or out of step with the store."""
        from coach.index.faiss_index import IndexUnusable

        version = self._version(session)  # read first: the files may only be newer
        try:
            generation, count, max_id = store.refresh()
        except IndexUnusable:
            self.rebuild(session)
            return
        if generation == self._verified and version == self._verified_version:
            return
        stored_count, stored_max = session.execute(
            select(func.count(), func.max(ItemVector.item_id)).where(
                ItemVector.owner == self.owner
            )
        ).one()
        if stored_count != count or (stored_max if stored_max is not None else -1) != max_id:
            self.rebuild(session)
            return
        self._verified, self._verified_version = generation, version

    def search(
        self, session: Session, text: str, k: int, person_ids: list[int] | None = None
    ) -> list[tuple[int, float]]:
        """The ``k`` items of this owner most similar to ``text`` as (item id, score).

        With ``person_ids``, only items of those people are considered (an IDSelector inside
        FAISS, so the result is exact and still ``k`` long when enough items match).
        """
        query = self._embed([text])
        store = self._store(self.embedder.model_id, self.embedder.dim)
        self._ready(session, store)
        allowed: list[int] | None = None
        if person_ids is not None:
            allowed = []
            for chunk in _chunks(sorted(set(person_ids))):
                allowed.extend(session.scalars(
                    select(Item.id).where(Item.owner == self.owner, Item.person_id.in_(chunk))
                ))
        return store.search(query[0], k, allowed)

    def status(self) -> dict[str, Any]:
        """What is on disk (for diagnostics and tests)."""
        store = self._store(*self._expected())
        return {"folder": str(self.folder), "meta": store.meta()}
