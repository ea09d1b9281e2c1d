"""The check-in over the lines kept at ingest (coach/engine/checkin_kept.py) is exactly
``pick_checkin`` over the whole history, on any day; and verdicts carried over from one add
to the next equal verdicts judged from scratch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coach.engine.checkin import pick_checkin
from coach.engine.checkin_kept import checkin, judge_checkin
from coach.engine.memo import attach_facts, compute_facts
from coach.engine.memory import history_from_notes
from coach.notes.parse import read_note_file
from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[2]
DEV = sorted(p / "notes" for p in (ROOT / "eval" / "scenarios" / "dev").iterdir()
             if (p / "notes").is_dir())


def _people(folder: Path) -> list[list]:  # type: ignore[type-arg]
    by_person: dict[str, list] = {}  # type: ignore[type-arg]
    for f in sorted(folder.rglob("*.md")):
        note = read_note_file(f)
        by_person.setdefault(" ".join(note.person.split()).casefold(), []).append(note)
    return list(by_person.values())


@pytest.mark.parametrize("folder", [*DEV, SAMPLES], ids=lambda p: p.parent.name + "/" + p.name)
def test_kept_lines_give_the_same_checkin(folder: Path) -> None:
    compared = chosen = 0
    for notes in _people(folder):
        notes.sort(key=lambda n: n.date)
        previous = None
        for k in range(1, len(notes) + 1):  # one note at a time, as a manager adds them
            history = history_from_notes(notes[:k])
            facts = compute_facts(history, previous)
            judged, candidates = judge_checkin(history, {}, set())
            assert (facts.checkin_judged, facts.checkin) == (judged, candidates)
            previous = facts
        assert attach_facts(history, facts)
        first, last = history.meetings[0].date, history.meetings[-1].date
        days = sorted({first, last, *(m.date for m in history.meetings[1::3])}
                      | {last + dt.timedelta(days=d) for d in (1, 30, 200)})
        for day in days:
            held = [m for m in history.held if m.date <= day]
            last_held = held[-1].date if held else None
            got = checkin(history, day, last_held)
            assert got == pick_checkin(history, day, last_held), (history.person, day)
            compared += 1
            chosen += got.thread is not None
    assert compared
    assert chosen or folder != SAMPLES  # the samples have personal lines to choose from
