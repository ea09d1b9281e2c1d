"""The warning signs' inputs kept at ingest (coach/store/health_inputs.py) give, on any day on
or after the last note, exactly the signs computed from the whole history on that day; and
``coach people`` on a new day uses them (no history read) with the same result."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coach.config import Settings
from coach.engine.health import health_signals
from coach.service import Coach
from coach.store import health_inputs
from coach.store.repo import Repo
from coach.store.tables import PersonState
from tests.conftest import SAMPLES, TODAY

ROOT = Path(__file__).resolve().parents[2]
DEV = sorted(p for p in (ROOT / "eval" / "scenarios" / "dev").iterdir() if (p / "notes").is_dir())
# Days after the last note: the cancel window (56), continuity (120) and gap rhythms cross
# these.
DAYS = (0, 1, 7, 15, 22, 30, 45, 57, 75, 100, 121, 130, 200, 400)


def _coach(home: Path, today: dt.date = TODAY, db_url: str | None = None) -> Coach:
    extra = {"database_url": db_url} if db_url else {}
    return Coach(Settings(home=home, embedder="hashing", llm="offline", _env_file=None,  # type: ignore[call-arg]
                          **extra), today=today)


@pytest.mark.parametrize("folder", [*DEV, SAMPLES], ids=lambda p: p.parent.name + "/" + p.name)
def test_kept_inputs_give_the_signs_of_the_whole_history(folder: Path, tmp_path: Path) -> None:
    notes = folder / "notes" if (folder / "notes").is_dir() else folder
    coach = _coach(tmp_path / "h")
    checked = 0
    try:
        assert coach.import_dir(notes).ok
        with coach.db.session() as s:
            repo = Repo(s, coach.owner)
            for person in repo.people():
                full = repo.history(person)
                row = s.get(PersonState, person.id)
                assert row is not None and row.health is not None
                kept = health_inputs.from_json(person.id, person.name, row.health)
                assert len(kept.meetings) <= len(full.meetings)
                last = full.meetings[-1].date
                for extra in DAYS:
                    day = last + dt.timedelta(days=extra)
                    want = health_signals(full, day)  # evidence and details too
                    assert health_signals(kept, day) == want, (person.name, day)
                    assert health_inputs.signs(person.id, person.name, row.health, day) == [
                        h.signal.value for h in want]
                    checked += 1
                # before the last note they do not apply (the caller reads the history)
                assert health_inputs.signs(person.id, person.name, row.health,
                                           last - dt.timedelta(days=1)) is None
    finally:
        coach.close()
    assert checked


def test_people_on_a_new_day_reads_no_history(tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                              db_url: str) -> None:
    home = tmp_path / "h"
    coach = _coach(home, db_url=db_url)
    assert coach.import_dir(SAMPLES).ok
    coach.close()
    for extra in (3, 40, 90):
        day = TODAY + dt.timedelta(days=extra)
        fresh = _coach(home, day, db_url)
        try:
            with fresh.db.session() as s:
                repo = Repo(s, fresh.owner)
                want = {p.name: [h.signal.value for h in health_signals(repo.history(p), day)]
                        for p in repo.people()}
            calls: list[int] = []
            real = Repo.history

            def counted(self, person, _calls=calls, _real=real, **kw):  # type: ignore[no-untyped-def]
                _calls.append(person.id)
                return _real(self, person, **kw)

            monkeypatch.setattr(Repo, "history", counted)
            got = {p.name: [s.value for s in p.warning_signs] for p in fresh.people()}
            monkeypatch.setattr(Repo, "history", real)
            assert got == want
            assert calls == []  # every sign came from the kept inputs
            assert any(got.values()) or extra < 40  # the samples show signs after a while
            # saved for the day: the next call reads the summaries only
            with fresh.db.session() as s:
                assert {r.as_of for r in s.query(PersonState)} == {day}
        finally:
            fresh.close()


def test_rows_kept_before_the_inputs_get_them_on_a_new_day(tmp_path: Path) -> None:
    """A store from before migration 0008 (no kept inputs): the first new day reads the
    history as before, keeps the inputs, and the next new day needs no history."""
    from sqlalchemy import update

    home = tmp_path / "h"
    coach = _coach(home)
    assert coach.import_dir(SAMPLES).ok
    with coach.db.session() as s:
        s.execute(update(PersonState).values(health=None))
    coach.close()
    for extra in (5, 60):
        day = TODAY + dt.timedelta(days=extra)
        fresh = _coach(home, day)
        try:
            with fresh.db.session() as s:
                repo = Repo(s, fresh.owner)
                want = {p.name: [h.signal.value for h in health_signals(repo.history(p), day)]
                        for p in repo.people()}
            assert {p.name: [x.value for x in p.warning_signs] for p in fresh.people()} == want
            with fresh.db.session() as s:
                rows = list(s.query(PersonState))
                assert rows and all(r.health is not None for r in rows)
                repo = Repo(s, fresh.owner)
                for r in rows:
                    person = repo.person_by_id(r.person_id)
                    assert health_inputs.signs(r.person_id, person.name, r.health, day) == (
                        want[person.name])
        finally:
            fresh.close()
