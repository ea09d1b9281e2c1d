"""What the runner observed for one scenario: the outputs to grade and the stored notes.

Graders read only this (plus the scenario's gold), so they can be tested on hand-made outputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from coach.contracts import Answer, Brief, Summary


@dataclass(frozen=True)
class NoteView:
    """One stored meeting note as the store has it (what citations must point into)."""

    id: int
    person: str
    date: dt.date
    body: str
    file: str  # the scenario's notes/ file name
    private_lines: tuple[str, ...] = ()


@dataclass
class AskRun:
    question: str
    answer: Answer | None
    error: str | None = None


@dataclass
class Observed:
    """Outputs for one scenario. ``None`` outputs carry the reason in the ``*_error`` field."""

    brief: Brief | None = None
    brief_error: str | None = None
    answers: list[AskRun] = field(default_factory=list)
    summary_manager: Summary | None = None
    summary_report: Summary | None = None
    summary_error: str | None = None  # e.g. "not available: coach.summary is not installed"
    notes: dict[int, NoteView] = field(default_factory=dict)
    # injection control: the brief made from the same notes with the injected lines neutralised
    control_brief: Brief | None = None
    control_error: str | None = None
    backend: str = "offline"

    def notes_of(self, person: str) -> list[NoteView]:
        key = " ".join(person.casefold().split())
        return [n for n in self.notes.values() if " ".join(n.person.casefold().split()) == key]

    def note_by_file(self, file: str) -> NoteView | None:
        for n in self.notes.values():
            if n.file == file:
                return n
        return None
