"""Suggest the focus for the next 1:1: what the report asked for, else the neglected area.

PRINCIPLES.md practice 3: rotate across delivery, development, wellbeing, context and feedback
(both ways), and steer away from the area the last several meetings were stuck on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from pydantic import BaseModel

from coach.contracts import FocusArea, ItemKind, Party, Thread
from coach.engine.threads import ThreadMatcher
from coach.extract import lexicon as lx
from coach.history import History

# How many recent held meetings the rotation looks at.
FOCUS_WINDOW = 6
# An area is over-used when it was the focus of at least this many of those meetings and at
# least this share of them: it is then never suggested.
OVERUSED_MIN = 2
OVERUSED_SHARE = 0.5
# Task status gets airtime in standups and chat anyway, so delivery counts as already covered
# once when picking the neglected area.
DELIVERY_HANDICAP = 1
# Preference among equally neglected areas: the conversations that are easiest to skip first.
PREFERENCE = (FocusArea.feedback, FocusArea.development, FocusArea.wellbeing, FocusArea.context,
              FocusArea.delivery)

_CONTEXT_ASK = re.compile(r"\b(?:strateg\w*|roadmap|priorit\w*|bigger picture|why|reorg\w*|"
                          r"vision|direction|q[1-4]|plan(?:ning)?|org)\b", re.I)


class FocusPlan(BaseModel):
    area: FocusArea
    reason: str
    window: int
    recent_counts: dict[str, int]
    overused: FocusArea | None = None
    last_seen: dict[str, dt.date | None]
    report_ask: Thread | None = None


def ask_area(thread: Thread) -> FocusArea | None:
    """The focus area a report's open ask is about."""
    text = thread.text
    if lx.FEEDBACK.search(text) or lx.META.search(text):
        return FocusArea.feedback
    if lx.PAY.search(text) or lx.GROWTH.search(text) or thread.kind is ItemKind.growth:
        return FocusArea.development
    if _CONTEXT_ASK.search(text):
        return FocusArea.context
    if thread.kind is ItemKind.concern:
        return FocusArea.wellbeing
    return None


def suggest_focus(history: History, today: dt.date, open_threads: list[Thread]) -> FocusPlan:
    held = [m for m in history.held if m.date <= today]
    window = held[-FOCUS_WINDOW:]
    counts = Counter(m.effective_focus for m in window if m.effective_focus is not None)
    last_seen: dict[str, dt.date | None] = {a.value: None for a in FocusArea}
    for m in held:
        if m.effective_focus is not None:
            last_seen[m.effective_focus.value] = m.date
    overused = None
    if counts:
        area, n = counts.most_common(1)[0]
        if n >= OVERUSED_MIN and n >= OVERUSED_SHARE * len(window):
            overused = area
    shape = ", ".join(f"{a.value} {counts[a]}" for a in PREFERENCE if counts.get(a))
    base = (f"The last {len(window)} held 1:1s were about: {shape}." if shape
            else "No earlier 1:1 to rotate from yet.")

    asks = [t for t in open_threads if not t.private and t.kind in (
        ItemKind.request, ItemKind.growth) and t.owner in (None, Party.report)]
    matcher = ThreadMatcher(history) if asks else None
    # An explicit request beats a stated interest; newer beats older.
    for t in sorted(asks, key=lambda t: (t.kind is ItemKind.request, t.since), reverse=True):
        area = ask_area(t)
        if area is None or area is overused or matcher is None:
            continue
        # The ask is still waiting for its conversation when no held 1:1 since it was last
        # raised had that focus, and it was not raised inside such a conversation already.
        raised = [t.source.note_id] + [ln.meeting.id for ln in matcher.mentions(t.id)]
        last = max(history.meeting(mid).date for mid in raised)
        addressed = any(m.effective_focus is area for m in held
                        if m.date > last or (m.id in raised and m.date == last))
        if not addressed:
            reason = (f"{history.person.split()[0]} asked for this on {t.since.isoformat()} "
                      f"and it is still open. {base}")
            return FocusPlan(area=area, reason=reason, window=len(window),
                             recent_counts={a.value: n for a, n in counts.items()},
                             overused=overused, last_seen=last_seen, report_ask=t)

    def key(a: FocusArea) -> tuple:
        n = counts.get(a, 0) + (DELIVERY_HANDICAP if a is FocusArea.delivery else 0)
        seen = last_seen[a.value] or dt.date.min
        return (n, seen, PREFERENCE.index(a))

    choices = [a for a in FocusArea if a is not overused] or list(FocusArea)
    area = min(choices, key=key)
    seen = last_seen[area.value]
    if not window:
        reason = "First 1:1: start with context (how the team works, what matters) and the person."
        area = FocusArea.context
    elif seen is None:
        reason = f"{area.value.capitalize()} has not been the focus of any 1:1 so far. {base}"
    else:
        reason = (f"{area.value.capitalize()} was last the focus on {seen.isoformat()}. {base}")
    if overused is not None and window:
        reason += f" Steer away from {overused.value} for once."
    return FocusPlan(area=area, reason=reason, window=len(window),
                     recent_counts={a.value: n for a, n in counts.items()}, overused=overused,
                     last_seen=last_seen)
