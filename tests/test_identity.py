"""Meeting identity beyond the path, and item ids that are never reused (migration 0002)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select, text

from coach.service import Coach
from coach.store.db import Database, _alembic_config
from coach.store.tables import Item, ItemVector, Meeting
from tests.conftest import write_note


def _notes(folder: Path) -> Path:
    write_note(folder, "a.md", "Sam Lee", "2026-10-01", "- [ ] I'll send the roadmap")
    write_note(folder, "b.md", "Sam Lee", "2026-10-08", "- Sam asked about the promo path")
    write_note(folder, "c.md", "Ana Diaz", "2026-10-02", "- [ ] Ana to write the proposal")
    return folder


def _meetings(coach: Coach) -> int:
    with coach.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Meeting)) or 0)


def test_moved_folder_is_not_imported_twice(any_db_coach: Coach, tmp_path: Path) -> None:
    old = _notes(tmp_path / "notes")
    report = any_db_coach.import_dir(old)
    assert report.added == 3
    new = tmp_path / "moved"
    shutil.move(old, new)
    report = any_db_coach.import_dir(new)
    assert (report.added, report.unchanged) == (0, 3)
    assert _meetings(any_db_coach) == 3
    # the moved files now own their meetings: an edit after the move updates, not adds
    (new / "a.md").write_text((new / "a.md").read_text() + "- [ ] book the offsite\n")
    report = any_db_coach.import_dir(new)
    assert (report.added, report.updated) == (0, 1)
    assert _meetings(any_db_coach) == 3


def test_moved_and_edited_before_reimport(any_db_coach: Coach, tmp_path: Path) -> None:
    old = _notes(tmp_path / "notes")
    any_db_coach.import_dir(old)
    new = tmp_path / "moved"
    shutil.move(old, new)
    (new / "b.md").write_text((new / "b.md").read_text() + "- she wants a mentor\n")
    report = any_db_coach.import_dir(new)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 2)
    assert _meetings(any_db_coach) == 3


def test_add_of_an_imported_file_is_the_same_meeting(
    any_db_coach: Coach, tmp_path: Path
) -> None:
    from coach.notes.parse import read_note_file

    folder = _notes(tmp_path / "notes")
    any_db_coach.import_dir(folder)
    note = read_note_file(folder / "a.md")
    report = any_db_coach.add_notes([(note, "add:sam lee:2026-10-01")])
    assert (report.added, report.unchanged) == (0, 1)
    any_db_coach.import_dir(folder)
    assert _meetings(any_db_coach) == 3


def test_two_files_of_the_same_day_stay_two_meetings(
    any_db_coach: Coach, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    write_note(folder, "a.md", "Sam Lee", "2026-10-01", "- morning: roadmap")
    write_note(folder, "b.md", "Sam Lee", "2026-10-01", "- afternoon: offsite")
    assert any_db_coach.import_dir(folder).added == 2
    assert any_db_coach.import_dir(folder).unchanged == 2


def test_item_ids_are_never_reused(any_db_coach: Coach, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    path = write_note(folder, "a.md", "Sam Lee", "2026-10-01", "- one\n- two\n- three")
    any_db_coach.import_dir(folder)
    with any_db_coach.db.session() as s:
        before = set(s.scalars(select(Item.id)))
    path.write_text(path.read_text().replace("- three", "- four"))
    assert any_db_coach.import_dir(folder).updated == 1
    with any_db_coach.db.session() as s:
        after = set(s.scalars(select(Item.id)))
    assert after and not after & before
    assert min(after) > max(before)


def test_migration_0002_keeps_rows_and_vectors(tmp_path: Path, home: Path) -> None:
    """A store made at 0001 keeps its items and vectors through the AUTOINCREMENT rebuild."""
    from alembic import command
    from sqlalchemy import create_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
        conn.execute(text("INSERT INTO people (id, owner, name, name_key, share_summary, "
                          "created_at) VALUES (1, 'me', 'Sam', 'sam', 0, '2026-01-01')"))
        conn.execute(text(
            "INSERT INTO meetings (id, owner, person_id, date, status, body, source, "
            "source_key, content_hash, features, created_at, updated_at) VALUES (1, 'me', 1, "
            "'2026-10-01', 'held', 'x', 's', 'k', 'h', '{}', '2026-01-01', '2026-01-01')"))
        for i in (1, 2, 3):
            conn.execute(text(
                "INSERT INTO items (id, owner, meeting_id, person_id, line_no, kind, text, "
                f"quote, private, state) VALUES ({i}, 'me', 1, 1, {i}, 'note', 't', 'q', 0, "
                "'info')"))
            conn.execute(text(f"INSERT INTO item_vectors VALUES ({i}, 'me', 'm', x'00')"))
    engine.dispose()
    db = Database(url)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ItemVector)) == 3
        assert s.scalar(select(func.count()).select_from(Item)) == 3
        s.execute(text("DELETE FROM items WHERE id = 3"))
        s.add(Item(owner="me", meeting_id=1, person_id=1, line_no=4, kind="note", text="t",
                   quote="q", private=False, state="info"))
        s.flush()
        assert max(s.scalars(select(Item.id))) == 4  # 3 is not handed out again
        assert s.scalar(text("PRAGMA foreign_keys")) == 1
    db.dispose()


def test_index_catches_up_after_a_kill_between_commit_and_index(
    settings, tmp_path: Path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    """Finding 7: the edit commits, the process dies before the FAISS delta is written."""
    from coach.index.sync import OwnerIndex
    from tests.conftest import TODAY

    folder = tmp_path / "notes"
    write_note(folder, "a.md", "Sam Lee", "2026-09-01", "- older")
    # imported last: its lines hold the highest ids, the ones SQLite would hand out again
    path = write_note(folder, "b.md", "Sam Lee", "2026-10-01", "- one\n- two\n- three")
    first = Coach(settings, today=TODAY)
    first.import_dir(folder)
    first.ask("what about one?")  # the index exists on disk
    first.close()
    path.write_text(path.read_text().replace("- three", "- the migration is late"))
    killed = Coach(settings, today=TODAY)
    monkeypatch.setattr(OwnerIndex, "apply", lambda *a, **k: None)  # dies after the commit
    assert killed.import_dir(folder).updated == 1
    killed.close()
    monkeypatch.undo()
    fresh = Coach(settings, today=TODAY)
    answer = fresh.ask("what about the migration?")
    assert fresh.index.rebuilds == 1  # out of step -> rebuilt, never the old vectors
    assert any("migration is late" in c.quote for c in answer.citations)
    fresh.close()
