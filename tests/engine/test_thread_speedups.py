"""The thread decision's shortcuts give exactly what the plain computation gives.

Adding a note re-decides every thread of the person, so the decision takes shortcuts that
must not change any answer (coach/engine/matcher.py, threads.py, textmemo.py):

- only lines that name a weekday are compared for a shared working pattern (``_dayed``);
- "raised again" scores only the later lines that can decide it (closed threads and lines
  whose words are a closing quote), not every line that mentions the thread;
- the working-pattern reading, the cue-stripped text and event dates are memoized per process.

Each test decides every thread of every person of every dev scenario (and of a long
synthetic history) both ways and compares all states, closers and quotes.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

from coach.engine import closure, lineindex, matcher, threadwords, timebound
from coach.engine.matcher import ThreadMatcher
from coach.engine.memo import forget
from coach.engine.memory import history_from_notes
from coach.engine.threads import resolve_threads
from coach.history import History
from coach.notes.parse import ParsedNote, parse_note, read_note_file

ROOT = Path(__file__).resolve().parents[2]
DEV = sorted(p for p in (ROOT / "eval" / "scenarios" / "dev").iterdir() if (p / "notes").is_dir())


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Undo every shortcut: the computation as it was written before them."""
    mentions = ThreadMatcher.mentions
    monkeypatch.setattr(ThreadMatcher, "_dayed", lambda self: list(range(len(self.lines))))
    monkeypatch.setattr(ThreadMatcher, "mentions",
                        lambda self, item_id, keep=None: mentions(self, item_id))
    schedule = threadwords.schedule.__wrapped__
    monkeypatch.setattr(threadwords, "schedule", schedule)
    monkeypatch.setattr(matcher, "schedule", schedule)
    monkeypatch.setattr(lineindex, "without_cues", lambda text: closure.CUES.sub(" ", text))
    monkeypatch.setattr(matcher, "without_answer_cues",
                        lambda text: closure.ANSWER_ONLY.sub(" ", text))
    monkeypatch.setattr(matcher, "event_date", timebound.event_date)


def _both(history: History, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    forget(history)
    fast = resolve_threads(history)
    with monkeypatch.context() as m:
        _plain(m)
        forget(history)
        plain = resolve_threads(history)
    forget(history)
    return fast, plain


def _histories() -> list[tuple[str, History]]:
    out = []
    for scenario in DEV:
        by_person = defaultdict(list)
        for path in sorted((scenario / "notes").rglob("*.md")):
            note = read_note_file(path)
            by_person[note.person].append(note)
        out += [(f"{scenario.name}/{name}", history_from_notes(notes))
                for name, notes in sorted(by_person.items())]
    return out


def test_same_decisions_on_every_dev_scenario(monkeypatch: pytest.MonkeyPatch) -> None:
    differ = []
    threads = 0
    for name, history in _histories():
        fast, plain = _both(history, monkeypatch)
        threads += len(plain)
        if fast != plain:
            differ.append(name)
    assert threads > 500  # the scenarios have threads to decide
    assert not differ, differ


def test_same_decisions_on_a_long_history(monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import corpus, extra_note
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    pairs = [*corpus(100, 1), extra_note(100)]
    history = history_from_notes([parse_note(text, source=key) for key, text in pairs])
    fast, plain = _both(history, monkeypatch)
    assert len(plain) > 100 and any(s[1] == "closed" for s in plain)
    assert fast == plain



def _note(day: str, line: str) -> ParsedNote:
    return parse_note(f"---\nperson: Ravi Shah\ndate: {day}\n---\n- {line}\n", source=day)


@pytest.mark.parametrize(("later", "state"), [
    # days only, no clock time, no shared topic word: only the schedule ties it to the ask
    ("Mondays and Fridays agreed with HR, starts next week", "closed"),
    # near miss: other days
    ("Tuesdays and Thursdays agreed with HR, starts next week", "open"),
])
def test_an_ask_about_days_only_is_answered_by_its_days(
        later: str, state: str, monkeypatch: pytest.MonkeyPatch) -> None:
    history = history_from_notes([
        _note("2026-03-02", "Ravi asked to finish early on Mondays and Fridays for the school run"),
        _note("2026-03-09", later)])
    fast, plain = _both(history, monkeypatch)
    assert fast == plain
    assert [s[1] for s in fast] == [state]
