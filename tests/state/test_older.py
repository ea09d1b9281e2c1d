"""The brief keeps its cap; every other open thread is in ``older_threads`` (with a count in
the CLI), including threads nobody has mentioned for OLDER_AFTER_DAYS."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coach.engine.memory import history_from_notes
from coach.engine.plan import MAX_THREADS, OLDER_AFTER_DAYS, all_open_threads, plan_brief
from coach.notes.parse import parse_note
from tests.conftest import write_note

ASKS = [
    "I'll send Lee the offsite agenda", "I'll book the venue for the team day",
    "I'll ask finance about the travel budget", "I'll review the hiring rubric draft",
    "I'll set up the mentoring intro with Priya", "I'll share the Q1 roadmap deck",
    "I'll check the laptop refresh dates", "I'll draft the on-call rota proposal",
    "I'll forward the conference CFP", "I'll chase the badge access request",
    "I'll book the security training slot",
]


def _note(date: str, body: str):  # type: ignore[no-untyped-def]
    return parse_note(f"---\nperson: Lee Chan\ndate: {date}\n---\n{body}\n")


def test_over_the_cap_goes_to_older() -> None:
    history = history_from_notes([_note("2026-11-10", "\n".join(f"- {a}" for a in ASKS))])
    today = dt.date(2026, 11, 20)
    found = all_open_threads(history, today)
    assert len(found.all) == len(ASKS)
    assert len(found.shown) == MAX_THREADS and len(found.older) == len(ASKS) - MAX_THREADS
    plan = plan_brief(history, today)
    assert [t.id for t in plan.threads + plan.older_threads] == [t.id for t in found.all]


def test_not_mentioned_for_long_goes_to_older() -> None:
    old = _note("2026-01-05", "- I'll send Lee the offsite agenda")
    recent = _note("2026-11-10", "- I'll book the venue for the team day")
    history = history_from_notes([old, recent])
    today = dt.date(2026, 11, 20)
    assert (today - dt.date(2026, 1, 5)).days > OLDER_AFTER_DAYS
    found = all_open_threads(history, today)
    assert ["venue" in t.text for t in found.shown] == [True]
    assert ["agenda" in t.text for t in found.older] == [True]
    # mentioned again recently (not closed): back in the main list
    again = _note("2026-11-12", "- still need to sort the offsite agenda for Lee")
    found = all_open_threads(history_from_notes([old, recent, again]), today)
    assert any("agenda" in t.text for t in found.shown)


def test_cli_shows_older_count(coach, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from coach.cli.render import print_brief

    write_note(tmp_path / "n", "a.md", "Lee Chan", "2026-11-10", "\n".join(f"- {a}" for a in ASKS))
    assert coach.import_dir(tmp_path / "n").ok
    brief = coach.brief("lee")
    assert len(brief.older_threads) == len(ASKS) - MAX_THREADS
    print_brief(brief)
    assert f"Older, {len(ASKS) - MAX_THREADS} more open" in capsys.readouterr().out
