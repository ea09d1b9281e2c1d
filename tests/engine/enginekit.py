"""Helpers for engine tests: notes from short text snippets, histories built in memory."""

from __future__ import annotations

import datetime as dt
import textwrap

from coach.contracts import ItemKind, Party
from coach.engine.checkin import CheckinPlan, pick_checkin
from coach.engine.memory import history_from_notes
from coach.history import History
from coach.notes.parse import ParsedNote, parse_note

TODAY = dt.date(2026, 11, 24)


def note(date: str, body: str, person: str = "Sam Lee", **meta: str) -> ParsedNote:
    front = [f"person: {person}", f"date: {date}"] + [f"{k}: {v}" for k, v in meta.items()]
    text = "---\n" + "\n".join(front) + "\n---\n" + textwrap.dedent(body).strip() + "\n"
    return parse_note(text, source=f"{person}-{date}.md")


def history(*notes: ParsedNote) -> History:
    return history_from_notes(list(notes))


def pair_history(opening: str, later: str, person: str = "Ana Ruiz") -> History:
    """A thread's note and one later note seven weeks on, for closure tests."""
    return history(note("2026-08-03", opening, person), note("2026-09-21", later, person))


def pair_state(opening: str, later: str, part: str) -> str:
    """The state of the thread containing ``part`` after ``later`` (see ``pair_history``)."""
    return thread_state(pair_history(opening, later), part)[0]


def weekly(start: str, bodies: list[str], person: str = "Sam Lee",
           statuses: dict[int, str] | None = None) -> History:
    """One note a week from ``start`` with the given bodies (index -> status overrides)."""
    d0 = dt.date.fromisoformat(start)
    notes = []
    for i, body in enumerate(bodies):
        meta = {"status": statuses[i]} if statuses and i in statuses else {}
        notes.append(note((d0 + dt.timedelta(weeks=i)).isoformat(), body, person, **meta))
    return history(*notes)


def thread_state(h: History, quote_part: str) -> tuple[str, str | None]:
    """(state, closing quote) of the thread whose quote contains ``quote_part``."""
    for m in h.meetings:
        for it in m.items:
            if it.is_thread and quote_part in it.quote:
                return it.state, it.closed_quote
    raise AssertionError(f"no thread containing {quote_part!r}")


def checkin_for(h: History, today: dt.date) -> CheckinPlan:
    """The check-in the brief would pick on ``today`` (the last held 1:1 on or before it)."""
    held = [m for m in h.held if m.date <= today]
    return pick_checkin(h, today, held[-1].date if held else None)


def line_items(body: str, person: str) -> list[tuple[ItemKind, Party | None, str]]:
    """(kind, party, quote) of every item extracted from one note with ``body``."""
    h = history(note("2026-11-02", body, person))
    return [(it.kind, it.party, it.quote) for it in h.meetings[0].items]


def item_of(body: str, part: str, person: str) -> tuple[ItemKind, Party | None]:
    """The kind and party of the item of ``body`` whose quote contains ``part``."""
    for kind, party, quote in line_items(body, person):
        if part in quote:
            return kind, party
    raise AssertionError(f"no item with {part!r}")
