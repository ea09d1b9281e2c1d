"""Plain records of a relationship's history: what the store hands the engine.

The engine works only on these (no SQL, no sessions), so it can be tested with histories built
in memory and stays independent of the storage backend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from coach.contracts import THREAD_KINDS, FocusArea, ItemKind, MeetingStatus, Party, Source


def days_before(day: dt.date, days: int) -> dt.date:
    """``day`` minus ``days``, or the first date there is: a note may be dated 0001-01-01 (a
    valid ISO date), and a window before it must not overflow."""
    try:
        return day - dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min


@dataclass
class ItemRecord:
    id: int
    meeting_id: int
    line_no: int
    kind: ItemKind
    text: str
    quote: str
    party: Party | None = None
    due: str | None = None
    private: bool = False
    checkbox: str | None = None  # open | done | None
    state: str = "info"  # open | closed for threads, info otherwise
    closed_by_meeting_id: int | None = None
    closed_quote: str | None = None
    correction: str | None = None  # the manager's: done | dismiss | reopen

    @property
    def is_thread(self) -> bool:
        return self.kind in THREAD_KINDS


@dataclass
class MeetingRecord:
    id: int
    date: dt.date
    status: MeetingStatus
    body: str
    focus: FocusArea | None = None  # explicit, from front matter
    focus_inferred: FocusArea | None = None
    title: str | None = None
    features: dict[str, Any] = field(default_factory=dict)
    items: list[ItemRecord] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return self.status is MeetingStatus.held

    @property
    def effective_focus(self) -> FocusArea | None:
        """The explicit ``focus:`` wins over the inferred one."""
        return self.focus or self.focus_inferred

    def source(self, quote: str) -> Source:
        return Source(note_id=self.id, date=self.date, quote=quote)


@dataclass
class History:
    """One person's meetings with one owner, oldest first."""

    person_id: int
    person: str
    meetings: list[MeetingRecord]

    def meeting(self, meeting_id: int) -> MeetingRecord:
        for m in self.meetings:
            if m.id == meeting_id:
                return m
        raise KeyError(meeting_id)

    @property
    def held(self) -> list[MeetingRecord]:
        return [m for m in self.meetings if m.held]
