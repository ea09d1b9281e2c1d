"""Per-person state kept up to date at ingest equals a full re-derivation.

For each dev scenario: notes added one at a time (what a manager does) must leave exactly the
thread states, summary and brief plan that (a) one import of the whole folder and (b) the
in-memory engine over the same notes give. And a new engine version re-derives stored data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from coach.config import Settings
from coach.engine.memory import history_from_notes
from coach.engine.plan import plan_brief
from coach.notes.parse import read_note_file
from coach.service import Coach
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
DEV = sorted(p for p in (ROOT / "eval" / "scenarios" / "dev").iterdir() if (p / "notes").is_dir())


def _coach(home: Path, db_url: str | None = None) -> Coach:
    home.mkdir()
    extra = {"database_url": db_url} if db_url else {}
    return Coach(Settings(home=home, embedder="hashing", llm="offline", _env_file=None,  # type: ignore[call-arg]
                          **extra), today=TODAY)


def _state(coach: Coach) -> dict:  # type: ignore[type-arg]
    """Per person: (source key, line, quote) -> (state, closing quote), the summary, the plan."""
    from coach.store.repo import Repo
    from coach.store.tables import Item, Meeting, PersonState

    out: dict = {}  # type: ignore[type-arg]
    for p in coach.people():
        out[p.name, "summary"] = (p.meetings, p.last_meeting, p.open_threads, p.warning_signs)
        brief = coach.brief_by_id(p.id).model_dump(mode="json")  # keeps its plan
        out[p.name, "brief"] = _without_ids(brief)
        assert p.open_threads == len(brief["threads"]) + len(brief["older_threads"])
    with coach.db.session() as s:
        repo = Repo(s, coach.owner)
        for person in repo.people():
            rows = s.execute(select(Meeting.source_key, Item.line_no, Item.quote, Item.state,
                                    Item.closed_quote).join(Meeting, Meeting.id == Item.meeting_id)
                             .where(Item.person_id == person.id))
            states = {(k, n, q): (st, cq) for k, n, q, st, cq in rows}
            out[person.name] = states
            # the plan kept at ingest is exactly the one computed now from the stored history
            kept = s.get(PersonState, person.id)
            assert kept is not None and kept.as_of == TODAY
            assert kept.plan == plan_brief(repo.history(person), TODAY).model_dump(mode="json")
    return out


def _without_ids(node):  # type: ignore[no-untyped-def]
    """Item and note ids differ between two stores of the same notes; the rest must not."""
    if isinstance(node, dict):
        return {k: _without_ids(v) for k, v in node.items() if k not in ("id", "note_id")}
    if isinstance(node, list):
        return [_without_ids(v) for v in node]
    return node


@pytest.mark.parametrize("scenario", DEV, ids=lambda p: p.name)
def test_one_at_a_time_equals_full(scenario: Path, tmp_path: Path) -> None:
    files = sorted((scenario / "notes").rglob("*.md"))
    notes = [(read_note_file(f), str(f.resolve())) for f in files]
    one_by_one = _coach(tmp_path / "a")
    whole = _coach(tmp_path / "b")
    try:
        for pair in sorted(notes, key=lambda p: p[0].date):
            one_by_one.add_notes([pair])
        whole.add_notes(notes)
        got, want = _state(one_by_one), _state(whole)
        assert got == want
        # and the in-memory engine (no store) decides the same states and brief threads
        by_person: dict[str, list] = {}
        for note, _ in notes:
            by_person.setdefault(" ".join(note.person.split()).casefold(), []).append(note)
        for group in by_person.values():
            mem = history_from_notes(group)
            name = next(n for n in got if isinstance(n, str) and n.casefold() == group[0]
                        .person.casefold().strip())
            mem_states = sorted((it.quote, it.state) for m in mem.meetings for it in m.items)
            stored = sorted((q, st) for (_, _, q), (st, _) in got[name].items())
            assert mem_states == stored
            mem_plan = plan_brief(mem, TODAY)
            assert [t.source.quote for t in mem_plan.threads] == [
                t["source"]["quote"] for t in got[name, "brief"]["threads"]]
    finally:
        one_by_one.close()
        whole.close()


def test_new_engine_version_rederives_from_stored_text(tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                      db_url: str) -> None:
    import coach.engine.ingest as ingest
    import coach.store.person_state as person_state
    from coach.engine import version
    from coach.store.tables import Item, Meeting, PersonState

    coach = _coach(tmp_path / "h", db_url)
    notes = ROOT / "coach" / "samples" / "notes"
    assert coach.import_dir(notes).ok
    before = _state(coach)
    with coach.db.session() as s:
        n_items = len(list(s.scalars(select(Item.id))))
        # simulate derived data from an older engine: a wrong kind on every item
        for item in s.scalars(select(Item)):
            item.kind, item.state = "note", "info"
    coach.close()

    new = version.compute_version(version.ENGINE_VERSION + ".next")  # not the current one
    monkeypatch.setattr(ingest, "engine_version", lambda: new)
    monkeypatch.setattr(person_state, "engine_version", lambda: new)
    again = Coach(coach.settings, today=TODAY)
    try:
        after = _state(again)  # the next run re-derives
        assert after == before
        with again.db.session() as s:
            assert {v for v in s.scalars(select(Meeting.engine_version))} == {new}
            assert {v for v in s.scalars(select(PersonState.engine_version))} == {new}
            assert len(list(s.scalars(select(Item.id)))) == n_items
    finally:
        again.close()


def test_version_hashes_rule_files(tmp_path: Path) -> None:
    from coach.engine.version import compute_version

    assert compute_version("1", tmp_path / "absent") == "1"
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "cues.yaml").write_text("a: 1\n")
    first = compute_version("1", tmp_path)
    assert first.startswith("1+") and first == compute_version("1", tmp_path)
    (tmp_path / "en" / "cues.yaml").write_text("a: 2\n")
    assert compute_version("1", tmp_path) != first


DAYS = (0, 1, 30, 75, 130, 400)


@pytest.mark.parametrize("scenario", DEV, ids=lambda p: p.name)
def test_stored_facts_give_the_same_brief_any_later_day(scenario: Path, tmp_path: Path) -> None:
    """The matcher facts kept at ingest, applied on a later day, give exactly the plan (and
    warning signs) computed from scratch on that day."""
    import datetime as dt

    from coach.engine.health import health_signals
    from coach.engine.memo import facts_for
    from coach.store.person_state import health_history, history_with_facts
    from coach.store.repo import Repo
    from coach.store.tables import PersonState

    coach = _coach(tmp_path / "h")
    shorter = 0
    try:
        assert coach.import_dir(scenario / "notes").ok
        with coach.db.session() as s:
            repo = Repo(s, coach.owner)
            for person in repo.people():
                plain = repo.history(person)
                last = plain.meetings[-1].date
                for extra in DAYS:
                    day = max(TODAY, last) + dt.timedelta(days=extra)
                    kept = history_with_facts(repo, person)
                    assert facts_for(kept, day) is not None  # the fast path is taken
                    fresh = repo.history(person)
                    assert plan_brief(kept, day) == plan_brief(fresh, day), (person.name, day)
                    assert health_signals(kept, day) == health_signals(plain, day)
                    # `people` on a new day: only the tail the warning signs need
                    tail = health_history(repo, person, s.get(PersonState, person.id), day)
                    shorter += len(tail.meetings) < len(plain.meetings)
                    assert health_signals(tail, day) == health_signals(plain, day), (
                        person.name, day)
            # cancelled and moved 1:1s count in the history but not in the held ones
            most_held = max(len(repo.history(p).held) for p in repo.people())
        # the tail path was taken where there is a tail (more than the 9 newest held 1:1s
        # that the gap rhythm reads)
        assert shorter or most_held <= 9
    finally:
        coach.close()


def test_workers_at_once_rederive_once(tmp_path: Path, db_url: str) -> None:
    """Several workers opening a store made by another engine version at the same time:
    the data is re-derived once, nothing is duplicated or lost."""
    import threading

    from coach.store.tables import Item, Meeting, PersonState

    coach = _coach(tmp_path / "h", db_url)
    assert coach.import_dir(ROOT / "coach" / "samples" / "notes").ok
    with coach.db.engine.connect() as conn:
        before = sorted(conn.execute(
            select(Item.meeting_id, Item.line_no, Item.quote, Item.state)).all())
    assert before
    with coach.db.session() as s:
        for m in s.scalars(select(Meeting)):
            m.engine_version = "old"
            for item in list(m.items)[:2]:  # the old engine missed lines: re-derivation adds
                s.delete(item)
        for row in s.scalars(select(PersonState)):
            row.engine_version = "old"
    settings = coach.settings
    coach.close()

    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def open_store() -> None:
        c = Coach(settings, today=TODAY)
        start.wait()
        try:
            c.people()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            c.close()

    workers = [threading.Thread(target=open_store) for _ in range(3)]  # like server workers
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors, errors
    again = Coach(settings, today=TODAY)
    try:
        with again.db.engine.connect() as conn:
            after = sorted(conn.execute(
                select(Item.meeting_id, Item.line_no, Item.quote, Item.state)).all())
        assert after == before
    finally:
        again.close()
