"""Thread states are written as a diff against what the resolving transaction just read (the
history it resolved from), not read a second time: a stored state that differs from the
engine's, for whatever reason, is still put right, and states that agree are not rewritten."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, select, update

from coach.config import Settings
from coach.engine.ingest import resolve_states
from coach.service import Coach, resolve_person_threads
from coach.store.corrections import actions_for_person
from coach.store.repo import Repo
from coach.store.tables import Item
from tests.conftest import SAMPLES, TODAY


def _coach(home: Path) -> Coach:
    return Coach(Settings(home=home, embedder="hashing", llm="offline", _env_file=None),  # type: ignore[call-arg]
                 today=TODAY)


def _stored(session, person_id: int) -> dict[int, tuple]:  # type: ignore[no-untyped-def]
    rows = session.execute(select(Item.id, Item.state, Item.closed_by_meeting_id,
                                  Item.closed_quote).where(Item.person_id == person_id))
    return {iid: (state, by, quote) for iid, state, by, quote in rows}


def test_a_wrong_stored_state_is_put_right_and_agreeing_ones_are_not_rewritten(
        tmp_path: Path) -> None:
    coach = _coach(tmp_path / "h")
    try:
        assert coach.import_dir(SAMPLES).ok
        with coach.db.session() as s:
            repo = Repo(s, coach.owner)
            person = max(repo.people(), key=lambda p: len(repo.history(p).meetings))
            history = repo.history(person)
            want = {iid: (state, by, quote) for iid, state, by, quote in resolve_states(
                history, actions_for_person(s, coach.owner, person))}
            assert _stored(s, person.id).items() >= want.items()  # as stored by the import
            opened = next(iid for iid, (state, _, _) in want.items() if state == "closed")
            shut = next(iid for iid, (state, _, _) in want.items() if state == "open")
            # two rows that disagree with the engine (as if written by something else)
            s.execute(update(Item).where(Item.id == opened).values(
                state="open", closed_by_meeting_id=None, closed_quote=None))
            s.execute(update(Item).where(Item.id == shut).values(
                state="closed", closed_by_meeting_id=history.meetings[-1].id,
                closed_quote="wrong"))
            s.expire_all()
            written: list[int] = []  # rows per UPDATE of items

            def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
                if statement.lstrip().upper().startswith("UPDATE ITEMS"):
                    written.append(len(parameters) if executemany else 1)

            engine = s.get_bind()
            event.listen(engine, "before_cursor_execute", record)
            try:
                resolve_person_threads(repo, person, TODAY)
            finally:
                event.remove(engine, "before_cursor_execute", record)
            s.flush()
            assert _stored(s, person.id).items() >= want.items()  # both put right
            assert sum(written) == 2  # the two wrong rows, and nothing else
    finally:
        coach.close()
