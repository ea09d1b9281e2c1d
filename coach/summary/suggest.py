"""One line of coaching for the manager after a meeting, drawn from shared/PRINCIPLES.md.

The engine's warning signs win when there are any (coach.engine.health); otherwise a few
cheap checks on the history up to this meeting, and by default: vary the focus.
"""

from __future__ import annotations

import re

from coach.contracts import FocusArea, HealthSignal, Signal
from coach.history import History, MeetingRecord

_PERSON_WORDS = re.compile(
    r"\b(how are you|how (?:is|are) (?:she|he|they) doing|feel|feeling|felt|wellbeing|"
    r"well-being|stress|stressed|tired|burn(?:ed|t)? ?out|family|weekend|holiday|vacation|"
    r"health|sick|energy|morale|career|grow|growth|mentor|learn|check[- ]in)\b",
    re.I,
)

_BY_SIGNAL = {
    Signal.no_person: "No check-in on {first} for a while: open the next 1:1 with how they "
    "are really doing, before any work topic.",
    Signal.cancelled: "Several recent 1:1s with {first} were cancelled or moved: keep the next "
    "one, even if it is short.",
    Signal.manager_led: "Most topics came from you: ask {first} what's on their mind and take "
    "their topics first next time.",
    Signal.status_drift: "These notes read like a status update: move status to a written "
    "update and use the 1:1 for {first}.",
    Signal.sameness: "The last 1:1s with {first} had the same focus and shape: try a different "
    "one next time ({other}).",
    Signal.no_continuity: "Things {first} raised earlier have not come back: open next time "
    "with \"last time you mentioned…\" on one of them.",
}


def _first(history: History) -> str:
    return history.person.split()[0] if history.person.split() else history.person


def _touches_person(meeting: MeetingRecord) -> bool:
    if meeting.effective_focus in (FocusArea.wellbeing, FocusArea.development):
        return True
    return bool(_PERSON_WORDS.search(meeting.body))


def _least_recent_area(held: list[MeetingRecord]) -> FocusArea:
    last_seen = {area: -1 for area in FocusArea}
    for i, m in enumerate(held):
        if m.effective_focus:
            last_seen[m.effective_focus] = i
    return min(FocusArea, key=lambda a: (last_seen[a], list(FocusArea).index(a)))


def suggestion_for(history: History, health: list[HealthSignal]) -> str:
    """A one-line tip for the next 1:1, given the history up to (and with) this meeting."""
    first = _first(history)
    held = history.held
    other = _least_recent_area(held).value
    for signal in health:
        template = _BY_SIGNAL.get(signal.signal)
        if template:
            return template.format(first=first, other=other)
    recent = held[-3:]
    if len(recent) == 3 and not any(_touches_person(m) for m in recent):
        return _BY_SIGNAL[Signal.no_person].replace("for a while", "for three meetings").format(
            first=first
        )
    areas = [m.effective_focus for m in recent]
    if len(recent) == 3 and areas[0] is not None and len(set(areas)) == 1:
        return _BY_SIGNAL[Signal.sameness].format(first=first, other=other)
    return f"Vary the focus: {other} has had the least time lately; ask {first} about it next time."
