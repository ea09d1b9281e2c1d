"""The store on real SQLite and PostgreSQL: migrations, owner scoping, re-import identity."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from coach.contracts import ItemKind, Party
from coach.errors import Ambiguous, NotFound
from coach.extract import ExtractedItem
from coach.notes.parse import parse_note
from coach.store.db import Database
from coach.store.repo import Repo
from coach.store.tables import Item, Meeting, Person


def _note(person: str, date: str, body: str = "- [ ] I'll send the roadmap") -> object:
    return parse_note(f"---\nperson: {person}\ndate: {date}\n---\n{body}\n")


def _items(n) -> list[ExtractedItem]:  # type: ignore[no-untyped-def]
    return [
        ExtractedItem(line.number, ItemKind.commitment, line.text, line.text, Party.manager,
                      checkbox=line.checkbox)
        for line in n.lines
    ]


def _save(repo: Repo, person: str, date: str, key: str, body: str = "- [ ] I'll send it"):  # type: ignore[no-untyped-def]
    n = _note(person, date, body)
    return repo.save_meeting(n, key, _items(n), None, {})


def test_migrations_are_idempotent(db_url: str) -> None:
    Database(db_url).dispose()
    db = Database(db_url)  # second open: already at head
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0
    db.dispose()


def test_reimport_identity_and_edits(db_url: str) -> None:
    db = Database(db_url)
    with db.session() as s:
        repo = Repo(s, "me")
        m1, change = _save(repo, "Sam Lee", "2026-10-01", "a.md")
        assert change == "added"
        _, change = _save(repo, "Sam Lee", "2026-10-01", "a.md")
        assert change == "unchanged"
        m2, change = _save(repo, "Sam Lee", "2026-10-01", "a.md", "- [x] I'll send it\n- new line")
        assert change == "updated" and m2.id == m1.id
    with db.session() as s:
        items = s.scalars(select(Item).where(Item.meeting_id == m1.id)).all()
        assert sorted(i.text for i in items) == ["I'll send it", "new line"]
        assert {i.text: i.state for i in items}["I'll send it"] == "closed"  # [x]
        assert s.scalar(select(func.count()).select_from(Meeting)) == 1
    db.dispose()


def test_moving_a_meeting_to_another_person_drops_the_empty_one(db_url: str) -> None:
    db = Database(db_url)
    with db.session() as s:
        repo = Repo(s, "me")
        _save(repo, "Sam Le", "2026-10-01", "a.md")  # typo in the name
        _save(repo, "Sam Lee", "2026-10-01", "a.md")  # fixed
        assert [p.name for p in repo.people()] == ["Sam Lee"]
    db.dispose()


def test_find_person_by_full_first_and_case(db_url: str) -> None:
    db = Database(db_url)
    with db.session() as s:
        repo = Repo(s, "me")
        _save(repo, "Sam Lee", "2026-10-01", "a.md")
        _save(repo, "Sam Ortiz", "2026-10-01", "b.md")
        _save(repo, "Priya Patel", "2026-10-01", "c.md")
        assert repo.find_person("sam lee").name == "Sam Lee"
        assert repo.find_person("PRIYA").name == "Priya Patel"
        with pytest.raises(Ambiguous, match="Sam Lee, Sam Ortiz"):
            repo.find_person("sam")
        with pytest.raises(NotFound, match="no person named 'Jo'"):
            repo.find_person("Jo")
    db.dispose()


def test_owners_never_see_each_other(db_url: str) -> None:
    db = Database(db_url)
    with db.session() as s:
        alice, bob = Repo(s, "alice"), Repo(s, "bob")
        m, _ = _save(alice, "Sam Lee", "2026-10-01", "a.md")
        _save(bob, "Sam Lee", "2026-10-02", "a.md")  # same path, other owner: separate
        assert len(alice.people()) == len(bob.people()) == 1
        assert alice.people()[0].id != bob.people()[0].id
        with pytest.raises(NotFound):
            bob.person_by_id(alice.people()[0].id)
        with pytest.raises(NotFound):
            bob.meeting_by_id(m.id)
        assert [i.owner for i in bob.all_items()] == ["bob"]
        hist = alice.history(alice.find_person("sam"))
        assert [mm.date.isoformat() for mm in hist.meetings] == ["2026-10-01"]
    db.dispose()


def test_schema_head_constant_matches_alembic() -> None:
    from coach.store.db import SCHEMA_HEAD, alembic_head

    assert alembic_head() == SCHEMA_HEAD, "update SCHEMA_HEAD in coach/store/db.py"


def test_alembic_runs_only_when_the_stored_revision_is_not_the_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a store at SCHEMA_HEAD costs one SELECT (no Alembic); one behind is upgraded."""
    from alembic import command

    from coach.store.db import SCHEMA_HEAD, Database, _alembic_config

    calls: list[str] = []
    real = command.upgrade
    monkeypatch.setattr(command, "upgrade",
                        lambda cfg, rev: (calls.append(rev), real(cfg, rev))[1])
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    Database(url).dispose()
    assert calls == ["head"]
    Database(url).dispose()
    assert calls == ["head"]  # at head: skipped
    db = Database(url)
    with db.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "-1")
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() != (
            SCHEMA_HEAD)
    db.dispose()
    reopened = Database(url)
    assert calls == ["head", "head"]  # behind: migrated again
    with reopened.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            SCHEMA_HEAD)
    reopened.dispose()
