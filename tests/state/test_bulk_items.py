"""The bulk INSERT of a note's items stores exactly what one ORM object per item stored.

``Repo._add_items`` (coach/store/repo.py) writes a note's items with one executemany instead
of adding an ``Item`` object per line and flushing. Here the same folder (samples, synthetic
notes of several people, one bad file) is imported with it and with the former ORM code, and
the items (every column, ids included), thread states, summaries and index answers must be
the same. A note edited after import (its items replaced) and a re-derivation are covered too.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import select

from coach.store import repo as repo_mod
from coach.store.tables import Item
from tests.state.test_import_batch import _folder, _import, _stored


def _orm_add_items(self: repo_mod.Repo, meeting: object, items: Sequence[object]) -> None:
    """The former ``_add_items``: one ORM object per item, then a flush (the reference)."""
    for it in items:
        self.session.add(Item(**repo_mod.item_row(self.owner, meeting, it)))  # type: ignore[arg-type]
    self.session.flush()


def _rows(coach: object) -> list[tuple[object, ...]]:
    with coach.db.session() as s:  # type: ignore[attr-defined]
        cols = list(Item.__table__.columns)
        return [tuple(r) for r in s.execute(select(*cols).order_by(Item.id))]


def _edit_one(folder: Path) -> None:
    note = sorted(folder.glob("synthetic-*.md"))[3]
    note.write_text(note.read_text() + "- [ ] I'll book the offsite venue by Monday\n")


def test_bulk_items_store_what_orm_objects_stored(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    bulk, bulk_report, _ = _import(tmp_path, folder, "bulk")
    with monkeypatch.context() as m:
        m.setattr(repo_mod.Repo, "_add_items", _orm_add_items)
        orm, orm_report, _ = _import(tmp_path, folder, "orm")
    try:
        assert bulk_report.added == orm_report.added > 60  # type: ignore[attr-defined]
        assert len(bulk_report.errors) == len(orm_report.errors) == 1  # type: ignore[attr-defined]
        assert _rows(bulk) and _rows(bulk) == _rows(orm)
        assert _stored(bulk) == _stored(orm)
        # an edited note: its items are deleted and inserted again
        _edit_one(folder)
        assert bulk.import_dir(folder).updated == 1
        with monkeypatch.context() as m:
            m.setattr(repo_mod.Repo, "_add_items", _orm_add_items)
            assert orm.import_dir(folder).updated == 1
        assert _rows(bulk) == _rows(orm)
        assert _stored(bulk) == _stored(orm)
    finally:
        bulk.close()
        orm.close()


def test_an_add_leaves_no_history_for_the_garbage_collector(tmp_path: Path) -> None:
    # resolve_person_threads drops the history's memos (the matcher points back at the
    # history): nothing of the resolved history may wait for a full garbage collection
    import gc

    from coach.history import History

    folder = _folder(tmp_path)
    coach, report, _ = _import(tmp_path, folder, "home")
    try:
        _edit_one(folder)
        gc.collect()
        gc.disable()
        try:
            assert coach.import_dir(folder).updated == 1
            alive = [o for o in gc.get_objects() if isinstance(o, History)]
        finally:
            gc.enable()
        assert alive == []
    finally:
        coach.close()
