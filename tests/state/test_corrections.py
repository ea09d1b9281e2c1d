"""The manager corrects, coach remembers: done / dismiss / reopen through one service method,
stored by the line so it survives re-import, edits that keep the line, and re-derivation."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from coach.errors import BadInput, NotFound
from tests.conftest import write_note

BODY_1 = """
- I'll send Ana the promotion rubric
- she is worried about the on-call load
"""
BODY_2 = """
- quick sync on the roadmap
"""


def _setup(coach, folder: Path):  # type: ignore[no-untyped-def]
    write_note(folder, "a.md", "Ana Diaz", "2026-10-01", BODY_1)
    write_note(folder, "b.md", "Ana Diaz", "2026-10-08", BODY_2)
    report = coach.import_dir(folder)
    assert report.ok, report.errors
    brief = coach.brief("ana")
    by_quote = {t.source.quote: t for t in brief.threads}
    return brief, by_quote


def _open_ids(coach) -> set[int]:  # type: ignore[no-untyped-def]
    brief = coach.brief("ana")
    return {t.id for t in brief.threads + brief.older_threads if t.status == "open"}


def test_done_dismiss_reopen_everywhere(any_db_coach, tmp_path: Path) -> None:
    coach = any_db_coach
    brief, by_quote = _setup(coach, tmp_path / "notes")
    rubric = next(t for q, t in by_quote.items() if "rubric" in q)
    worry = next(t for q, t in by_quote.items() if "on-call" in q)
    assert rubric.status == "open" and worry.status == "open"
    before = coach.people()[0].open_threads

    done = coach.correct_thread(rubric.id, "done")
    assert (done.id, done.status, done.correction) == (rubric.id, "closed", "done")
    assert rubric.id not in _open_ids(coach)
    assert coach.people()[0].open_threads == before - 1
    assert "rubric" not in coach.ask("what should I follow up on with Ana?").answer

    dismissed = coach.correct_thread(worry.id, "dismiss")
    assert dismissed.status == "closed" and dismissed.correction == "dismiss"
    assert coach.people()[0].open_threads == before - 2

    back = coach.correct_thread(rubric.id, "reopen")  # undo
    assert back.status == "open" and back.correction is None
    assert rubric.id in _open_ids(coach)
    assert coach.people()[0].open_threads == before - 1


def test_correction_survives_reimport_edit_and_rederivation(coach, tmp_path: Path) -> None:
    from coach.store.tables import Meeting

    folder = tmp_path / "notes"
    _, by_quote = _setup(coach, folder)
    rubric = next(t for q, t in by_quote.items() if "rubric" in q)
    coach.correct_thread(rubric.id, "done")
    # re-import unchanged, then an edit that keeps the line (new item ids)
    coach.import_dir(folder)
    write_note(folder, "a.md", "Ana Diaz", "2026-10-01",
               BODY_1 + "- she asked about the conference budget\n")
    assert coach.import_dir(folder).updated == 1
    quotes_open = {t.source.quote for t in coach.brief("ana").threads}
    assert not any("rubric" in q for q in quotes_open)
    assert any("conference" in q for q in quotes_open)
    # a new engine version re-derives everything from the stored text
    with coach.db.session() as s:
        for m in s.scalars(select(Meeting)):
            m.engine_version = "old"
        from coach.store.tables import PersonState
        for row in s.scalars(select(PersonState)):
            row.engine_version = "old"
    coach.__dict__.pop("db").dispose()
    quotes_open = {t.source.quote for t in coach.brief("ana").threads}
    assert not any("rubric" in q for q in quotes_open)


def test_unknown_or_other_owners_thread_is_not_found(coach, settings, tmp_path: Path) -> None:
    from coach.service import Coach

    _, by_quote = _setup(coach, tmp_path / "notes")
    some = next(iter(by_quote.values()))
    with pytest.raises(NotFound):
        coach.correct_thread(999_999, "done")
    with pytest.raises(BadInput):
        coach.correct_thread(some.id, "close")  # type: ignore[arg-type]
    other = Coach(settings.model_copy(update={"owner": "someone-else"}))
    try:
        with pytest.raises(NotFound):
            other.correct_thread(some.id, "done")
    finally:
        other.close()
    assert some.id in _open_ids(coach)


def test_api_and_cli(coach, tmp_path: Path) -> None:
    from coach.api.app import create_app

    _, by_quote = _setup(coach, tmp_path / "notes")
    some = next(iter(by_quote.values()))
    client = TestClient(create_app(coach=coach))
    r = client.post(f"/api/threads/{some.id}/done")
    assert r.status_code == 200 and r.json()["status"] == "closed"
    r = client.post(f"/api/threads/{some.id}/reopen")
    assert r.status_code == 200 and r.json()["status"] == "open"
    assert client.post("/api/threads/424242/dismiss").status_code == 404
    assert client.post(f"/api/threads/{some.id}/explode").status_code == 422


def test_reopen_a_thread_the_notes_close_survives_reimport(coach, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    write_note(folder, "a.md", "Ana Diaz", "2026-10-01", "- I'll send Ana the promotion rubric")
    write_note(folder, "b.md", "Ana Diaz", "2026-10-08", "- sent Ana the promotion rubric")
    assert coach.import_dir(folder).ok
    with coach.db.session() as s:
        from coach.store.tables import Item

        closed = [i for i in s.scalars(select(Item).where(Item.state == "closed"))]
    assert closed, "the engine should close the promise from the later line"
    thread = coach.correct_thread(closed[0].id, "reopen")
    assert thread.status == "open" and thread.correction == "reopen"
    write_note(folder, "c.md", "Ana Diaz", "2026-10-15", "- quick sync")
    coach.import_dir(folder)
    brief = coach.brief("ana")
    assert [t.correction for t in brief.threads if "rubric" in t.text] == ["reopen"]
    assert coach.people()[0].open_threads == len(brief.threads) + len(brief.older_threads)
    # and undo of the reopen: the notes decide again
    assert coach.correct_thread(closed[0].id, "done").status == "closed"


def test_people_next_day_matches_full_recompute(any_db_coach, settings, tmp_path: Path) -> None:
    """On SQLite and PostgreSQL: a new day's `people` (tail + kept facts) gives the warning
    signs and counts computed from each whole history."""
    import datetime as dt

    from coach.engine.health import health_signals
    from coach.engine.plan import all_open_threads
    from coach.service import Coach
    from coach.store.repo import Repo

    root = Path(__file__).resolve().parents[2]
    assert any_db_coach.import_dir(root / "coach" / "samples" / "notes").ok
    for extra in (1, 40, 200):
        day = any_db_coach.today + dt.timedelta(days=extra)
        later = Coach(any_db_coach.settings, today=day)
        try:
            got = {p.name: (p.open_threads, p.warning_signs) for p in later.people()}
            with later.db.session() as s:
                repo = Repo(s, later.owner)
                want = {}
                for person in repo.people():
                    h = repo.history(person)
                    want[person.name] = (len(all_open_threads(h, day).all),
                                         [x.signal for x in health_signals(h, day)])
            assert got == want
        finally:
            later.close()
